//! A subscription's price shared among its performances:
//!
//! * pure: 1,000 subscriptions of six performances each (chosen among
//!   forty, at single prices of 18 to 40 €), each price shared to the cent
//!   and summed per performance;
//! * in the statements: 1,000 subscriptions sold (a fixed set of six
//!   performances of a 3,000-seat hall, single prices 20 to 35 €, 120 €
//!   the set), each performance's share written into its order's lines;
//!   the six performances' statements read back from the file, which is
//!   what a box-office statement of a subscription season costs.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use guichet::counter::subscriptions::{self, SubscriptionSale};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::domain::subscription::{Rule, allocate};
use guichet::programming::subscriptions::{FormulaDraft, add_formula};

mod common;
use common::season;

/// (performance, single price) × 6, for each of `n` subscriptions, and its price.
fn subscriptions(n: usize) -> Vec<(Cents, Vec<(i64, Cents)>)> {
    let mut seed: u64 = 42;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    (0..n)
        .map(|_| {
            let chosen: Vec<(i64, Cents)> = (0..6)
                .map(|_| {
                    let p = next(40) as i64;
                    (p, Cents(1_800 + (p % 12) * 200))
                })
                .collect();
            let alone: i64 = chosen.iter().map(|(_, c)| c.0).sum();
            // The subscriber price: a fifth off.
            (Cents(alone * 4 / 5), chosen)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let all = subscriptions(1_000);
    c.bench_function("allocation of 1,000 subscriptions of 6 performances", |b| {
        b.iter(|| {
            let mut revenue: BTreeMap<i64, Cents> = BTreeMap::new();
            for (price, chosen) in black_box(&all) {
                let weights: Vec<Cents> = chosen.iter().map(|(_, w)| *w).collect();
                let shares = allocate(*price, &weights).expect("a share each");
                for ((p, _), share) in chosen.iter().zip(shares) {
                    *revenue.entry(*p).or_default() += share;
                }
            }
            revenue
        })
    });
}

/// A 3,000-seat hall and six performances of six shows, single tickets at
/// 20, 22, 25, 28, 30 and 35 €, the subscriber tariff offered at each.
fn six_performances() -> String {
    let (seats, rows) = common::arena();
    let today = chrono::Utc::now().date_naive();
    let singles = [2_000, 2_200, 2_500, 2_800, 3_000, 3_500];
    let performances: Vec<_> = singles
        .iter()
        .enumerate()
        .map(|(i, plein)| {
            let day = today + chrono::Days::new(i as u64 + 1);
            season::performance(
                (&format!("p{i}"), &format!("s{i}"), "h"),
                (
                    format!("{day}T20:00:00+01:00"),
                    format!("{day}T22:00:00+01:00"),
                ),
                "5.5",
                ("Parterre", &rows),
                &[("PLEIN", *plein), ("ABONNE", plein * 4 / 5)],
            )
        })
        .collect();
    let shows = (0..6)
        .map(|i| {
            season::show(
                &format!("s{i}"),
                &format!("Spectacle {i}"),
                "theatre",
                "ASTP",
                "5.5",
                120,
            )
        })
        .collect();
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false), ("ABONNE", "Abonné", false)],
        vec![season::numbered_hall("h", "Arena", seats)],
        shows,
        performances,
    )
}

fn in_statements(c: &mut Criterion) {
    let now = chrono::Utc::now();
    let (mut t, admin) = common::venue_with_season("subscriptions", &six_performances(), now);
    let six: Vec<i64> = guichet::programming::upcoming(&t.store, now, 10)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    let by = guichet::programming::By {
        operator: &admin,
        signer: &t.signer,
        now,
    };
    let draft = FormulaDraft {
        name: "Six".into(),
        rule: Rule::Fixed(six.clone()),
        tariff: "ABONNE".into(),
        prices: vec![("ABONNE".into(), String::new(), Cents(12_000))],
    };
    let formula = add_formula(&mut t.store, &by, &draft).unwrap();
    season::open_drawer(&mut t, now);
    for _ in 0..1_000 {
        let sale = SubscriptionSale {
            formula: formula.id.to_string(),
            performances: six.clone(),
            places: 1,
            together: true,
            patron_id: None,
            tenders: vec![Tender {
                method: Method::Card,
                amount: Cents(12_000),
                voucher: None,
            }],
        };
        subscriptions::sell(&mut t.store, &t.signer, &admin, &sale, now).unwrap();
    }
    let revenue: i64 = six
        .iter()
        .map(|p| {
            guichet::till::statements::of_performance(&t.store, *p)
                .unwrap()
                .statement
                .revenue
        })
        .sum();
    assert_eq!(revenue, 12_000_000, "the shares add up to what was paid");
    c.bench_function(
        "statements of 6 performances holding 1,000 subscriptions' shares",
        |b| {
            b.iter(|| {
                six.iter()
                    .map(|p| {
                        guichet::till::statements::of_performance(&t.store, *p)
                            .unwrap()
                            .statement
                            .revenue
                    })
                    .sum::<i64>()
            })
        },
    );
}

criterion_group!(benches, bench, in_statements);
criterion_main!(benches);

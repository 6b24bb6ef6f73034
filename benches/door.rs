//! Validating and recording one scan at the door of a performance with
//! 100,000 places sold: signature, key, ticket, earlier scans, and the scan
//! record committed (WAL, synchronous=FULL); and the same with a pass's
//! card among 1,000 passes (the pass found by its order, its ticket for
//! the performance, then judged as that ticket).

mod common;

use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};

use guichet::counter::{self, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::door::{self, Scope};

use common::season;

const TICKETS: usize = 100_000;
const PER_ORDER: usize = 100;
const PASSES: usize = 1_000;

fn season(starts: chrono::DateTime<Utc>) -> String {
    let ends = starts + chrono::Duration::hours(2);
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false)],
        vec![season::general_hall("h", "Stade", TICKETS)],
        vec![season::show(
            "s",
            "Banc d'essai",
            "music",
            "CNM",
            "5.5",
            120,
        )],
        vec![season::performance(
            ("p", "s", "h"),
            (starts.to_rfc3339(), ends.to_rfc3339()),
            "5.5",
            ("Fosse", &[]),
            &[("PLEIN", 1000)],
        )],
    )
}

fn scan(c: &mut Criterion) {
    let now = Utc::now();
    let starts = now + chrono::Duration::days(1);
    let (mut t, steward) = common::venue_with_season("bench-door", &season(starts), now);
    let p = guichet::programming::upcoming(&t.store, now, 1).unwrap()[0].id;
    let tariff = offer::load(&t.store, p, None, now)
        .unwrap()
        .tariff("PLEIN")
        .unwrap()
        .tariff
        .id;
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: p,
                place: Place::Unnumbered,
                tariff_id: tariff,
            };
            PER_ORDER
        ],
        tenders: vec![Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(PER_ORDER as i64 * 1000),
        }],
        ..SaleRequest::default()
    };
    let mut codes = Vec::with_capacity(TICKETS);
    // 99,000 tickets and 1,000 one-day passes: 100,000 places sold.
    for _ in 0..(TICKETS - PASSES) / PER_ORDER {
        let sold = counter::sell::sell(&mut t.store, &t.signer, &steward, &request, now).unwrap();
        codes.extend(sold.tickets.into_iter().map(|tk| tk.code));
    }
    // The steward's clock moves on between scans, as the program's does:
    // each scan's public id is taken from its time.
    let mut at = starts - chrono::Duration::minutes(45);
    let cards = passes(&mut t, &steward, p, (starts, now));
    let mut group = c.benchmark_group("door");
    group.measurement_time(Duration::from_secs(8));
    for (name, scanned) in [
        ("scan_in_100k_ticket_performance", &codes),
        ("pass_card_scan_among_1000_passes", &cards),
    ] {
        let mut next = scanned.iter().cycle();
        group.bench_function(name, |b| {
            b.iter(|| {
                at += chrono::Duration::milliseconds(1);
                let code = next.next().unwrap();
                door::scan(
                    &mut t.store,
                    Scope::Performance(p),
                    "Porte A",
                    &steward,
                    code,
                    at,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

/// A one-day pass for the performance's day, sold 1,000 times: its cards.
fn passes(
    t: &mut guichet::terminal::Terminal,
    steward: &guichet::operators::Operator,
    performance: i64,
    (starts, now): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
) -> Vec<String> {
    use guichet::counter::subscriptions::{self, SubscriptionSale};
    use guichet::domain::subscription::Rule;
    use guichet::programming::subscriptions::{FormulaDraft, add_formula};
    let day = starts.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let by = guichet::programming::By {
        operator: steward,
        signer: &t.signer,
        now,
    };
    let draft = FormulaDraft {
        name: "Pass du jour".into(),
        rule: Rule::Pass {
            from: day,
            until: day,
            shows: Vec::new(),
        },
        tariff: "PLEIN".into(),
        prices: vec![("PLEIN".into(), String::new(), Cents(900))],
    };
    let formula = add_formula(&mut t.store, &by, &draft).unwrap();
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: vec![performance],
        places: 1,
        together: false,
        patron_id: None,
        tenders: vec![Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(900),
        }],
    };
    (0..PASSES)
        .map(|_| {
            let sold = subscriptions::sell(&mut t.store, &t.signer, steward, &sale, now).unwrap();
            sold.pass.unwrap().codes.remove(0)
        })
        .collect()
}

criterion_group!(benches, scan);
criterion_main!(benches);

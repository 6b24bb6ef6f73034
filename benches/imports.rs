//! Importing a web shop's order file: 10,000 orders of two tickets (a
//! Guichet order file of about 4 MB, each buyer with an address matched to
//! or added to the patron file, each ticket with the seller's code), into a
//! fresh database each time; and the same file imported again (nothing to
//! do: every order is found and left as it is).

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

use guichet::exchange::imports;

use common::season;

const ORDERS: usize = 10_000;

fn season_file() -> String {
    let day = Utc::now().date_naive() + chrono::Days::new(30);
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false)],
        vec![season::general_hall("h", "Le Grand Parc", 50_000)],
        vec![season::show(
            "s",
            "Festival d'été",
            "concert",
            "CNM",
            "5.5",
            240,
        )],
        vec![season::performance(
            ("p1", "s", "h"),
            (
                format!("{day}T18:00:00+02:00"),
                format!("{day}T23:30:00+02:00"),
            ),
            "5.5",
            ("Pelouse", &[]),
            &[("PLEIN", 2500)],
        )],
    )
}

/// The web shop's file: every order for the festival's one day.
fn order_file(performance: &str) -> Vec<u8> {
    let orders: Vec<_> = (0..ORDERS)
        .map(|i| {
            json!({
                "id": format!("W-{i:06}"), "status": "paid", "placed_at": "2026-06-01T10:00:00+02:00",
                "buyer": {"first_name": "Prénom", "last_name": format!("Nom{i}"),
                          "email": format!("acheteur{i}@example.org"), "phone": "",
                          "postcode": "69001", "language": "fr"},
                "tickets": [
                    {"id": format!("W-{i:06}-1"), "event": performance, "product": "PLEIN",
                     "price": 2500, "code": format!("FEST{i:06}A"), "holder": ""},
                    {"id": format!("W-{i:06}-2"), "event": performance, "product": "PLEIN",
                     "price": 2500, "code": format!("FEST{i:06}B"), "holder": ""}
                ]
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "format": "guichet-orders", "version": 1, "source": "Billetterie du festival",
        "channel": "web", "currency": "EUR", "orders": orders
    }))
    .unwrap()
}

fn performance_public_id(t: &guichet::terminal::Terminal) -> String {
    let id = guichet::programming::upcoming(&t.store, Utc::now(), 10).unwrap()[0].id;
    let conn = rusqlite::Connection::open(t.store.path()).unwrap();
    conn.query_row(
        "SELECT public_id FROM performance WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

fn import(c: &mut Criterion) {
    let mut g = c.benchmark_group("imports");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function(
        "10,000 orders (20,000 tickets) into a fresh database",
        |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let now = Utc::now();
                    let (mut t, admin) =
                        common::venue_with_season("bench-imports", &season_file(), now);
                    let file = order_file(&performance_public_id(&t));
                    let start = Instant::now();
                    let s = imports::import(&mut t.store, &t.signer, &admin, &file, false, now)
                        .unwrap();
                    spent += start.elapsed();
                    assert_eq!((s.imported, s.tickets), (ORDERS, 2 * ORDERS), "{s:?}");
                }
                spent
            })
        },
    );
    let now = Utc::now();
    let (mut t, admin) = common::venue_with_season("bench-reimport", &season_file(), now);
    let file = order_file(&performance_public_id(&t));
    imports::import(&mut t.store, &t.signer, &admin, &file, false, now).unwrap();
    g.bench_function(
        "the same 10,000 orders imported again (nothing to do)",
        |b| {
            b.iter(|| {
                let s =
                    imports::import(&mut t.store, &t.signer, &admin, &file, false, now).unwrap();
                assert_eq!(s.unchanged, ORDERS);
            })
        },
    );
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);

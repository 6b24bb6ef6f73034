//! Validating and recording one scan at the door of a performance with
//! 100,000 tickets sold: signature, key, ticket, earlier scans, and the scan
//! record committed (WAL, synchronous=FULL).

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
    for _ in 0..TICKETS / PER_ORDER {
        let sold = counter::sell::sell(&mut t.store, &t.signer, &steward, &request, now).unwrap();
        codes.extend(sold.tickets.into_iter().map(|tk| tk.code));
    }
    // The steward's clock moves on between scans, as the program's does:
    // each scan's public id is taken from its time.
    let mut at = starts - chrono::Duration::minutes(45);
    let mut next = codes.iter().cycle();

    let mut group = c.benchmark_group("door");
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("scan_in_100k_ticket_performance", |b| {
        b.iter(|| {
            let code = next.next().unwrap();
            at += chrono::Duration::milliseconds(1);
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
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);

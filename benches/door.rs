//! Validating and recording one scan at the door of a performance with
//! 100,000 tickets sold: signature, key, ticket, earlier scans, and the scan
//! record committed (WAL, synchronous=FULL).

mod common;

use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;

use guichet::counter::{self, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::door::{self, Scope};

const TICKETS: usize = 100_000;
const PER_ORDER: usize = 100;

fn season(starts: chrono::DateTime<Utc>) -> String {
    json!({
        "format": "guichet-season", "version": 1, "time_zone": "Europe/Paris",
        "tariffs": [{"code": "PLEIN", "name": "Plein tarif", "requires_proof": false, "complimentary": false}],
        "halls": [{"id": "h", "name": "Stade", "kind": "general", "capacity": TICKETS,
                   "venue_type": "SALLE_CONCERT"}],
        "shows": [{"id": "s", "title": "Banc d'essai", "artists": "", "genre": "music",
                   "sibil_domain": "", "young_audience": false, "show_tax": "CNM", "vat": "5.5",
                   "duration_minutes": 120, "description": ""}],
        "performances": [{
            "id": "p", "show": "s", "hall": "h",
            "starts_at": starts.to_rfc3339(),
            "ends_at": (starts + chrono::Duration::hours(2)).to_rfc3339(),
            "vat": "5.5", "status": "on_sale", "reentry_allowed": false,
            "categories": [{"code": "C1", "name": "Fosse", "colour": "#4a6fa5"}],
            "tariffs": [{"tariff": "PLEIN", "prices_cents": {"C1": 1000}}]
        }]
    })
    .to_string()
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
        items: vec![
            Item {
                performance_id: p,
                place: Place::Unnumbered,
                tariff_id: tariff,
            };
            PER_ORDER
        ],
        tenders: vec![Tender {
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
    let at = starts - chrono::Duration::minutes(45);
    let mut next = codes.iter().cycle();

    let mut group = c.benchmark_group("door");
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("scan_in_100k_ticket_performance", |b| {
        b.iter(|| {
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
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);

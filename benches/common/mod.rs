//! Shared by the benchmarks that sell: a venue on a fresh database, set up
//! as the tests set it up (the tests' `common/season.rs` and
//! `common/records.rs`, included here).
#![allow(dead_code)]

pub mod patron_file;
#[path = "../../tests/common/pg.rs"]
pub mod pg;
#[path = "../../tests/common/records.rs"]
pub mod records;
#[path = "../../tests/common/season.rs"]
pub mod season;
#[path = "../../tests/common/smtp.rs"]
pub mod smtp;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use guichet::counter::{Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::domain::venue::{Country, VenueSettings};
use guichet::operators::Operator;
use guichet::terminal::{Clock, Terminal};

/// A fresh database in `target/tmp/NAME` (WAL, synchronous=FULL, as the
/// program opens it: on disk, not in a RAM folder), a venue in France, and
/// `season` (a season file) imported: the terminal and the venue's
/// administrator, who sells and scans.
pub fn venue_with_season(name: &str, season: &str, now: DateTime<Utc>) -> (Terminal, Operator) {
    let dir = folder(name);
    let mut t = Terminal::open(&dir.join("guichet.db"), Clock::set_at(now)).unwrap();
    let venue = VenueSettings::for_country("Banc d'essai", Country::France);
    let admin = season::venue_with_season(&mut t, venue, season, now);
    (t, admin)
}

/// An empty folder `target/tmp/NAME`.
fn folder(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A 3,000-seat hall's plan (50 rows of 60, « Parterre »): its seats as a
/// season file writes them, and its rows.
pub fn arena() -> (Vec<serde_json::Value>, Vec<String>) {
    let spec = guichet::domain::seat_plan::SectionSpec::new("Parterre", 50, 60);
    let plan = guichet::domain::seat_plan::generate(&[spec]).expect("plan");
    let seats: Vec<_> = plan
        .iter()
        .map(|s| serde_json::json!({"section": s.section, "row": s.row, "seat": s.number, "x": s.x, "y": s.y}))
        .collect();
    let rows: Vec<String> = plan
        .iter()
        .map(|s| s.row.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    (seats, rows)
}

/// A 3,000-seat hall (50 rows of 60) and 40 performances of one show, all
/// seats in one category at 25 €: 60,000 pairs of seats to sell.
pub fn big_hall_season() -> String {
    let (seats, rows) = arena();
    let today = Utc::now().date_naive();
    let performances: Vec<_> = (1..=40)
        .map(|d| {
            let day = today + chrono::Days::new(d);
            season::performance(
                (&format!("p{d}"), "s", "h"),
                (
                    format!("{day}T20:00:00+01:00"),
                    format!("{day}T22:00:00+01:00"),
                ),
                "5.5",
                ("Parterre", &rows),
                &[("PLEIN", 2500)],
            )
        })
        .collect();
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false)],
        vec![season::numbered_hall("h", "Arena", seats)],
        vec![season::show(
            "s",
            "Banc d'essai",
            "theatre",
            "ASTP",
            "5.5",
            120,
        )],
        performances,
    )
}

/// The median of timings taken in pairs (sorts them).
pub fn median(v: &mut [std::time::Duration]) -> std::time::Duration {
    v.sort();
    v[v.len() / 2]
}

/// A two-seat sale paid in cash (50 €) for every pair of free seats of
/// these performances, as this terminal sees them (a joined one: the seats
/// lent to it).
pub fn seat_pairs(t: &Terminal, performances: &[i64]) -> Vec<SaleRequest> {
    let now = Utc::now();
    let mut found = Vec::new();
    for &p in performances {
        let offer = offer::load(&t.store, p, None, now).unwrap();
        let tariff = offer.tariff("PLEIN").unwrap().tariff.id;
        let free: Vec<i64> = offer
            .seats
            .iter()
            .filter(|s| offer.sellable(s.id))
            .map(|s| s.id)
            .collect();
        for two in free.chunks_exact(2) {
            found.push(SaleRequest {
                quoted: Vec::new(),
                items: two
                    .iter()
                    .map(|&s| Item {
                        performance_id: p,
                        place: Place::Seat(s),
                        tariff_id: tariff,
                    })
                    .collect(),
                tenders: vec![Tender {
                    voucher: None,
                    method: Method::Cash,
                    amount: Cents(5_000),
                }],
                ..SaleRequest::default()
            });
        }
    }
    found
}

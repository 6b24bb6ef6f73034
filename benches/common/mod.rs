//! Shared by the benchmarks that sell: a venue on a fresh database, set up
//! as the tests set it up (the tests' `common/season.rs` and
//! `common/records.rs`, included here).
#![allow(dead_code)]

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

//! Shared by the benchmarks that sell: a venue on a fresh database.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use guichet::domain::Role;
use guichet::domain::venue::{Country, VenueSettings};
use guichet::operators::{self, NewOperator, Operator};
use guichet::programming::{season_file, venue};
use guichet::terminal::{Clock, Terminal};

/// A fresh database in `target/tmp/NAME` (WAL, synchronous=FULL, as the
/// program opens it), a venue in France, and `season` (a season file)
/// imported: the terminal and the venue's administrator, who sells and scans.
pub fn venue_with_season(name: &str, season: &str, now: DateTime<Utc>) -> (Terminal, Operator) {
    let dir = folder(name);
    let mut t = Terminal::open(&dir.join("guichet.db"), Clock::set_at(now)).unwrap();
    let system = operators::for_command_line(&t.store, None).unwrap();
    let admin = NewOperator {
        name: "Admin".into(),
        role: Role::Admin,
        pin: "4826".into(),
        pin_again: "4826".into(),
    };
    let admin = venue::set_up(
        &mut t.store,
        &t.signer,
        &system.actor(),
        VenueSettings::for_country("Banc d'essai", Country::France),
        &admin,
        now,
    )
    .unwrap();
    season_file::import(&mut t.store, &t.signer, &system.actor(), season, now).unwrap();
    (t, admin)
}

/// An empty folder `target/tmp/NAME`.
fn folder(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

//! The coordinator's season: the venue, halls and seat plans, shows,
//! performances, tariffs and holds. Today: the first-run set-up, the demo
//! season, and the season overview; editing comes with the Programmation
//! screen.

pub mod demo;
pub mod venue;

use chrono::{DateTime, Utc};

use crate::store::{self, Store, StoreError, programming::PerformanceLine};

pub use store::programming::SeasonCounts;

/// Performances not yet over, soonest first.
pub fn upcoming(
    store: &Store,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PerformanceLine>, StoreError> {
    store.read(|tx| store::programming::upcoming(tx, store::unix(now), limit))
}

pub fn counts(store: &Store) -> Result<SeasonCounts, StoreError> {
    store.read(store::programming::counts)
}

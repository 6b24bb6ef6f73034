//! The season as a whole: the performance listing with what is sold and
//! held, and how much is programmed.

use rusqlite::params;

use super::{Result, Tx};

/// A performance as listed in the season overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceLine {
    pub id: i64,
    pub public_id: String,
    pub show_id: i64,
    pub show: String,
    pub genre: String,
    pub hall_id: i64,
    pub hall: String,
    pub hall_kind: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub status: String,
    /// Valid tickets (training excluded).
    pub sold: i64,
    /// Held seats and held quantities.
    pub held: i64,
}

impl PerformanceLine {
    pub fn available(&self) -> i64 {
        (self.capacity - self.sold - self.held).max(0)
    }
}

/// Performances ending after `from` (all of them with `i64::MIN`), soonest
/// first.
pub fn listing(tx: &Tx, from: i64, limit: i64) -> Result<Vec<PerformanceLine>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, p.public_id, s.id, s.title, s.genre, h.id, h.name, h.kind, p.starts_at,
                p.ends_at, p.capacity, p.status,
                (SELECT count(*) FROM ticket t
                  WHERE t.performance_id = p.id AND t.status = 'valid' AND t.training = 0),
                (SELECT count(*) FROM hold_seat x WHERE x.performance_id = p.id)
                  + (SELECT coalesce(sum(quantity), 0) FROM hold o WHERE o.performance_id = p.id)
         FROM performance p JOIN show s ON s.id = p.show_id JOIN hall h ON h.id = p.hall_id
         WHERE p.ends_at > ?1 ORDER BY p.starts_at, p.id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![from, limit], |r| {
            Ok(PerformanceLine {
                id: r.get(0)?,
                public_id: r.get(1)?,
                show_id: r.get(2)?,
                show: r.get(3)?,
                genre: r.get(4)?,
                hall_id: r.get(5)?,
                hall: r.get(6)?,
                hall_kind: r.get(7)?,
                starts_at: r.get(8)?,
                ends_at: r.get(9)?,
                capacity: r.get(10)?,
                status: r.get(11)?,
                sold: r.get(12)?,
                held: r.get(13)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How much of a season is programmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeasonCounts {
    pub halls: i64,
    pub seats: i64,
    pub shows: i64,
    pub performances: i64,
    pub tariffs: i64,
}

pub fn counts(tx: &Tx) -> Result<SeasonCounts> {
    Ok(tx.conn().query_row(
        "SELECT (SELECT count(*) FROM hall), (SELECT count(*) FROM seat),
                (SELECT count(*) FROM show), (SELECT count(*) FROM performance),
                (SELECT count(*) FROM tariff)",
        [],
        |r| {
            Ok(SeasonCounts {
                halls: r.get(0)?,
                seats: r.get(1)?,
                shows: r.get(2)?,
                performances: r.get(3)?,
                tariffs: r.get(4)?,
            })
        },
    )?)
}

//! The season as a whole: the performance listing with what is sold and
//! held, and how much is programmed.

use rusqlite::params;

use chrono::{DateTime, Utc};

use super::{Result, Tx, instant, unix};
use crate::domain::{HallKind, PerformanceLine, PerformanceStatus, SeasonCounts};

/// Performances ending after `from` (all of them when None), soonest first.
pub fn listing(tx: &Tx, from: Option<DateTime<Utc>>, limit: i64) -> Result<Vec<PerformanceLine>> {
    let from = from.map_or(i64::MIN, unix);
    let governed = super::contingents::governed(tx)?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, p.public_id, s.id, s.title, s.genre, h.id, h.name, h.kind, p.starts_at,
                p.ends_at, p.capacity, p.status,
                (SELECT count(*) FROM ticket t
                  WHERE t.performance_id = p.id AND t.status = 'valid' AND t.training = 0),
                (SELECT count(*) FROM hold_seat x WHERE x.performance_id = p.id)
                  + (SELECT coalesce(sum(quantity), 0) FROM hold o WHERE o.performance_id = p.id),
                CASE WHEN h.kind = 'numbered' THEN
                       (SELECT count(*) FROM lent_seat l WHERE l.performance_id = p.id
                          AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.performance_id = p.id
                                            AND t.seat_id = l.seat_id AND t.status = 'valid'
                                            AND t.training = 0))
                     WHEN h.kind = 'general' THEN
                       coalesce((SELECT places FROM lent_places l WHERE l.performance_id = p.id), 0)
                     ELSE
                       (SELECT coalesce(sum(max(0, min(s.capacity, l.places)
                                 - (SELECT count(*) FROM ticket t WHERE t.slot_id = s.id
                                      AND t.status = 'valid' AND t.training = 0))), 0)
                          FROM lent_slot l JOIN entry_slot s ON s.id = l.slot_id
                         WHERE s.performance_id = p.id)
                 END
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
                hall_kind: super::code(r, 7, HallKind::from_code)?,
                starts_at: instant(r.get(8)?),
                ends_at: instant(r.get(9)?),
                capacity: r.get(10)?,
                status: super::code(r, 11, PerformanceStatus::from_code)?,
                sold: r.get(12)?,
                held: r.get(13)?,
                lent: if governed { r.get(14)? } else { None },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
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

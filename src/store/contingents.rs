//! What this terminal holds of the venue's central pool: the seats lent to
//! it and the places of general admission (those it sold included). Each
//! change goes with its signed `contingent` record.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::domain::performance::slot_pool;

use super::{Result, Tx};

/// Whether this terminal sells only what the central database lent it.
pub fn governed(tx: &Tx) -> Result<bool> {
    Ok(super::settings::get(tx, super::settings::CENTRAL_URL)?.is_some())
}

pub fn add_seats(tx: &Tx, performance_id: i64, seat_ids: &[i64]) -> Result<()> {
    let mut stmt = tx.conn().prepare_cached(
        "INSERT OR IGNORE INTO lent_seat (performance_id, seat_id) VALUES (?1, ?2)",
    )?;
    for seat in seat_ids {
        stmt.execute(params![performance_id, seat])?;
    }
    Ok(())
}

pub fn remove_seats(tx: &Tx, performance_id: i64, seat_ids: &[i64]) -> Result<()> {
    let mut stmt = tx
        .conn()
        .prepare_cached("DELETE FROM lent_seat WHERE performance_id = ?1 AND seat_id = ?2")?;
    for seat in seat_ids {
        stmt.execute(params![performance_id, seat])?;
    }
    Ok(())
}

/// Sets the places of general admission held (0 removes the row).
pub fn set_places(tx: &Tx, performance_id: i64, places: i64) -> Result<()> {
    if places == 0 {
        tx.conn().execute(
            "DELETE FROM lent_places WHERE performance_id = ?1",
            [performance_id],
        )?;
    } else {
        tx.conn().execute(
            "INSERT INTO lent_places (performance_id, places) VALUES (?1, ?2)
             ON CONFLICT (performance_id) DO UPDATE SET places = excluded.places",
            params![performance_id, places],
        )?;
    }
    Ok(())
}

/// Sets the places of a timed entry slot held (0 removes the row).
pub fn set_slot_places(tx: &Tx, slot_id: i64, places: i64) -> Result<()> {
    if places == 0 {
        tx.conn()
            .execute("DELETE FROM lent_slot WHERE slot_id = ?1", [slot_id])?;
    } else {
        tx.conn().execute(
            "INSERT INTO lent_slot (slot_id, places) VALUES (?1, ?2)
             ON CONFLICT (slot_id) DO UPDATE SET places = excluded.places",
            params![slot_id, places],
        )?;
    }
    Ok(())
}

/// The places held of a pool: a performance's general admission, or one of
/// its timed entry slots.
pub fn set_pool_places(
    tx: &Tx,
    performance_id: i64,
    slot_id: Option<i64>,
    places: i64,
) -> Result<()> {
    match slot_id {
        Some(slot) => set_slot_places(tx, slot, places),
        None => set_places(tx, performance_id, places),
    }
}

/// The seats of a performance lent to this terminal.
pub fn seats(tx: &Tx, performance_id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT seat_id FROM lent_seat WHERE performance_id = ?1")?;
    let rows = stmt
        .query_map([performance_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn is_lent(tx: &Tx, performance_id: i64, seat_id: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM lent_seat WHERE performance_id = ?1 AND seat_id = ?2)",
        )?
        .query_row(params![performance_id, seat_id], |r| r.get(0))?)
}

/// Seats among these lent to this terminal for any performance.
pub fn lent_among(tx: &Tx, seat_ids: &[i64]) -> Result<Vec<i64>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM lent_seat WHERE seat_id = ?1)")?;
    let mut found = Vec::new();
    for &seat in seat_ids {
        if stmt.query_row([seat], |r| r.get::<_, bool>(0))? {
            found.push(seat);
        }
    }
    Ok(found)
}

/// The places of general admission held for a performance (None: none).
pub fn places(tx: &Tx, performance_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT places FROM lent_places WHERE performance_id = ?1")?
        .query_row([performance_id], |r| r.get(0))
        .optional()?)
}

/// What this terminal holds of one pool of the central side: a
/// performance (its seats lent, their ids, or its places of general
/// admission) or one of its timed entry slots (its places).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Held {
    pub performance_id: i64,
    /// The pool's name there: the performance's public id, or its slot's
    /// (`domain::performance::slot_pool`).
    pub performance: String,
    /// Timed entry: the slot (its id, its start).
    pub slot: Option<(i64, DateTime<Utc>)>,
    pub seats: Vec<i64>,
    pub places: i64,
}

/// Everything this terminal holds, by performance, then slot by slot.
pub fn all(tx: &Tx) -> Result<Vec<Held>> {
    let mut held: Vec<Held> = Vec::new();
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, p.public_id, l.seat_id, NULL, NULL, NULL, NULL FROM lent_seat l
           JOIN performance p ON p.id = l.performance_id
         UNION ALL
         SELECT p.id, p.public_id, NULL, l.places, NULL, NULL, NULL FROM lent_places l
           JOIN performance p ON p.id = l.performance_id
         UNION ALL
         SELECT p.id, p.public_id, NULL, l.places, s.id, s.starts_at, p.starts_at FROM lent_slot l
           JOIN entry_slot s ON s.id = l.slot_id
           JOIN performance p ON p.id = s.performance_id
         ORDER BY 1, 5",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let slot = match r.get::<_, Option<i64>>(4)? {
            Some(slot) => Some((slot, super::instant(r.get(5)?))),
            None => None,
        };
        if held
            .last()
            .is_none_or(|h| h.performance_id != id || h.slot != slot)
        {
            let public_id: String = r.get(1)?;
            held.push(Held {
                performance_id: id,
                performance: match slot {
                    Some((_, starts_at)) => {
                        slot_pool(&public_id, super::instant(r.get(6)?), starts_at)
                    }
                    None => public_id,
                },
                slot,
                ..Held::default()
            });
        }
        let h = held.last_mut().expect("pushed above");
        if let Some(seat) = r.get::<_, Option<i64>>(2)? {
            h.seats.push(seat);
        }
        if let Some(places) = r.get::<_, Option<i64>>(3)? {
            h.places = places;
        }
    }
    Ok(held)
}

/// The entry slots of performances not over at `now` (unix seconds) this
/// terminal sold tickets of: each slot's pool name there and its live
/// tickets.
pub fn sold_slots(tx: &Tx, now: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.public_id, p.starts_at, s.starts_at, count(*)
           FROM entry_slot s
           JOIN performance p ON p.id = s.performance_id
           JOIN ticket t ON t.slot_id = s.id AND t.status = 'valid' AND t.training = 0
          WHERE p.ends_at > ?1
          GROUP BY s.id",
    )?;
    let rows = stmt
        .query_map([now], |r| {
            let public_id: String = r.get(0)?;
            let pool = slot_pool(
                &public_id,
                super::instant(r.get(1)?),
                super::instant(r.get(2)?),
            );
            Ok((pool, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every seat lent here by its performance's public id and its name as
/// tickets carry it (section, row, number), for `verify`.
pub fn named_seats(tx: &Tx) -> Result<Vec<(String, crate::domain::SeatName)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.public_id, x.name, s.row_label, s.number FROM lent_seat l
           JOIN performance p ON p.id = l.performance_id
           JOIN seat s ON s.id = l.seat_id
           JOIN seat_section x ON x.id = s.section_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                crate::domain::SeatName {
                    section: r.get(1)?,
                    row: r.get(2)?,
                    number: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

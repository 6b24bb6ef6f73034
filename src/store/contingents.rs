//! What this terminal holds of the venue's central pool: the seats lent to
//! it and the places of general admission (those it sold included). Each
//! change goes with its signed `contingent` record.

use rusqlite::{OptionalExtension, params};

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

/// A performance this terminal holds places of: its public id, its seats
/// lent (their ids) and its places.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Held {
    pub performance_id: i64,
    pub performance: String,
    pub seats: Vec<i64>,
    pub places: i64,
}

/// Everything this terminal holds, by performance.
pub fn all(tx: &Tx) -> Result<Vec<Held>> {
    let mut held: Vec<Held> = Vec::new();
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, p.public_id, l.seat_id, NULL FROM lent_seat l
           JOIN performance p ON p.id = l.performance_id
         UNION ALL
         SELECT p.id, p.public_id, NULL, l.places FROM lent_places l
           JOIN performance p ON p.id = l.performance_id
         ORDER BY 1",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if held.last().is_none_or(|h| h.performance_id != id) {
            held.push(Held {
                performance_id: id,
                performance: r.get(1)?,
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

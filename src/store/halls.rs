//! Halls, their sections and seats.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::season::HallKind;
use crate::domain::seat_plan::SeatFlags;
use crate::domain::{Hall, Seat};

const HALL: &str = "id, public_id, name, kind, capacity, venue_type";

fn hall(r: &Row) -> rusqlite::Result<Hall> {
    let kind: String = r.get(3)?;
    Ok(Hall {
        id: r.get(0)?,
        public_id: r.get(1)?,
        name: r.get(2)?,
        kind: HallKind::from_code(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, kind.into())
        })?,
        capacity: r.get(4)?,
        venue_type: r.get(5)?,
    })
}

pub fn insert(
    tx: &Tx,
    public_id: &str,
    name: &str,
    kind: HallKind,
    capacity: i64,
    venue_type: &str,
    now: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO hall (public_id, name, kind, capacity, venue_type, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![public_id, name, kind.code(), capacity, venue_type, now],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn all(tx: &Tx) -> Result<Vec<Hall>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {HALL} FROM hall ORDER BY name COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], hall)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<Hall>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {HALL} FROM hall WHERE id = ?1"))?
        .query_row([id], hall)
        .optional()?)
}

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<Hall>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {HALL} FROM hall WHERE public_id = ?1"))?
        .query_row([public_id], hall)
        .optional()?)
}

pub fn by_name(tx: &Tx, name: &str) -> Result<Option<Hall>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {HALL} FROM hall WHERE lower(name) = lower(?1)"
        ))?
        .query_row([name], hall)
        .optional()?)
}

pub fn set_capacity(tx: &Tx, hall_id: i64, capacity: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE hall SET capacity = ?2 WHERE id = ?1",
        params![hall_id, capacity],
    )?;
    Ok(())
}

/// The section of that name in the hall, created at the end if new.
pub fn section(tx: &Tx, hall_id: i64, name: &str) -> Result<i64> {
    let existing: Option<i64> = tx
        .conn()
        .prepare_cached("SELECT id FROM seat_section WHERE hall_id = ?1 AND name = ?2")?
        .query_row(params![hall_id, name], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    tx.conn()
        .prepare_cached(
            "INSERT INTO seat_section (hall_id, name, position)
             VALUES (?1, ?2, (SELECT count(*) FROM seat_section WHERE hall_id = ?1))",
        )?
        .execute(params![hall_id, name])?;
    Ok(tx.conn().last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_seat(
    tx: &Tx,
    hall_id: i64,
    section_id: i64,
    row: &str,
    number: &str,
    x: f64,
    y: f64,
    flags: SeatFlags,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO seat (hall_id, section_id, row_label, number, x, y, flags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![hall_id, section_id, row, number, x, y, flags.0])?;
    Ok(tx.conn().last_insert_rowid())
}

/// The hall's seats, section by section, row by row, left to right.
pub fn seats(tx: &Tx, hall_id: i64) -> Result<Vec<Seat>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.id, x.name, s.row_label, s.number, s.x, s.y, s.flags
         FROM seat s JOIN seat_section x ON x.id = s.section_id
         WHERE s.hall_id = ?1 ORDER BY x.position, s.y, s.x, s.id",
    )?;
    let rows = stmt
        .query_map([hall_id], |r| {
            Ok(Seat {
                id: r.get(0)?,
                section: r.get(1)?,
                row: r.get(2)?,
                number: r.get(3)?,
                x: r.get(4)?,
                y: r.get(5)?,
                flags: SeatFlags(r.get(6)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many tickets, valid or cancelled, name one of these seats (a seat
/// with tickets stays: the records refer to it).
pub fn seats_with_tickets(tx: &Tx, seat_ids: &[i64]) -> Result<Vec<i64>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM ticket WHERE seat_id = ?1)")?;
    let mut found = Vec::new();
    for id in seat_ids {
        if stmt.query_row([id], |r| r.get::<_, bool>(0))? {
            found.push(*id);
        }
    }
    Ok(found)
}

/// Removes seats from the plan, with their place in categories and holds.
pub fn delete_seats(tx: &Tx, seat_ids: &[i64]) -> Result<()> {
    for table in ["seat_category", "hold_seat", "cart_seat"] {
        let mut stmt = tx
            .conn()
            .prepare_cached(&format!("DELETE FROM {table} WHERE seat_id = ?1"))?;
        for id in seat_ids {
            stmt.execute([id])?;
        }
    }
    let mut stmt = tx.conn().prepare_cached("DELETE FROM seat WHERE id = ?1")?;
    for id in seat_ids {
        stmt.execute([id])?;
    }
    Ok(())
}

pub fn set_seat(tx: &Tx, seat_id: i64, row: &str, number: &str, flags: SeatFlags) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE seat SET row_label = ?2, number = ?3, flags = ?4 WHERE id = ?1")?
        .execute(params![seat_id, row, number, flags.0])?;
    Ok(())
}

pub fn seat_count(tx: &Tx, hall_id: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM seat WHERE hall_id = ?1",
        [hall_id],
        |r| r.get(0),
    )?)
}

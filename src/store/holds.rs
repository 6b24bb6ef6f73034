//! Holds: seats or a general-admission quantity set aside.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::Hold;

pub fn insert(tx: &Tx, hold: &Hold, now: i64) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO hold (public_id, performance_id, name, reason, colour, quantity,
                               terminal_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            hold.public_id,
            hold.performance_id,
            hold.name,
            hold.reason,
            hold.colour,
            hold.quantity,
            hold.terminal_id,
            now
        ])?;
    let id = tx.conn().last_insert_rowid();
    let mut stmt = tx.conn().prepare_cached(
        "INSERT INTO hold_seat (hold_id, performance_id, seat_id) VALUES (?1, ?2, ?3)",
    )?;
    for seat in &hold.seats {
        stmt.execute(params![id, hold.performance_id, seat])?;
    }
    Ok(id)
}

/// The holds of a performance, with their seats.
pub fn of_performance(tx: &Tx, performance_id: i64) -> Result<Vec<Hold>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, public_id, performance_id, name, reason, colour, quantity, terminal_id
         FROM hold WHERE performance_id = ?1 ORDER BY id",
    )?;
    let mut holds: Vec<Hold> = stmt
        .query_map([performance_id], |r| {
            Ok(Hold {
                id: r.get(0)?,
                public_id: r.get(1)?,
                performance_id: r.get(2)?,
                name: r.get(3)?,
                reason: r.get(4)?,
                colour: r.get(5)?,
                quantity: r.get(6)?,
                terminal_id: r.get(7)?,
                seats: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut seats = tx
        .conn()
        .prepare_cached("SELECT seat_id FROM hold_seat WHERE hold_id = ?1 ORDER BY seat_id")?;
    for hold in &mut holds {
        hold.seats = seats
            .query_map([hold.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(holds)
}

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT id FROM hold WHERE public_id = ?1",
            [public_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Seats of the performance already in a hold, among these.
pub fn held_among(tx: &Tx, performance_id: i64, seat_ids: &[i64]) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM hold_seat WHERE performance_id = ?1 AND seat_id = ?2)",
    )?;
    let mut found = Vec::new();
    for seat in seat_ids {
        if stmt.query_row(params![performance_id, seat], |r| r.get::<_, bool>(0))? {
            found.push(*seat);
        }
    }
    Ok(found)
}

/// Seats of the performance sold (a valid ticket), among these.
pub fn sold_among(tx: &Tx, performance_id: i64, seat_ids: &[i64]) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM ticket WHERE performance_id = ?1 AND seat_id = ?2
                          AND status = 'valid' AND training = 0)",
    )?;
    let mut found = Vec::new();
    for seat in seat_ids {
        if stmt.query_row(params![performance_id, seat], |r| r.get::<_, bool>(0))? {
            found.push(*seat);
        }
    }
    Ok(found)
}

pub fn release_seats(tx: &Tx, hold_id: i64, seat_ids: &[i64]) -> Result<()> {
    let mut stmt = tx
        .conn()
        .prepare_cached("DELETE FROM hold_seat WHERE hold_id = ?1 AND seat_id = ?2")?;
    for seat in seat_ids {
        stmt.execute(params![hold_id, seat])?;
    }
    Ok(())
}

pub fn set_quantity(tx: &Tx, hold_id: i64, quantity: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE hold SET quantity = ?2 WHERE id = ?1",
        params![hold_id, quantity],
    )?;
    Ok(())
}

/// Removes a hold that holds nothing any more.
pub fn delete(tx: &Tx, hold_id: i64) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM hold_seat WHERE hold_id = ?1", [hold_id])?;
    tx.conn()
        .execute("DELETE FROM hold WHERE id = ?1", [hold_id])?;
    Ok(())
}

pub fn lend(tx: &Tx, hold_id: i64, terminal_id: Option<i64>) -> Result<()> {
    tx.conn().execute(
        "UPDATE hold SET terminal_id = ?2 WHERE id = ?1",
        params![hold_id, terminal_id],
    )?;
    Ok(())
}

/// Removes the holds of a hall's performances left holding nothing (their
/// seats were removed from the plan).
pub fn delete_empty_of_hall(tx: &Tx, hall_id: i64) -> Result<usize> {
    Ok(tx.conn().execute(
        "DELETE FROM hold
         WHERE quantity = 0
           AND performance_id IN (SELECT id FROM performance WHERE hall_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM hold_seat s WHERE s.hold_id = hold.id)",
        [hall_id],
    )?)
}

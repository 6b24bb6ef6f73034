//! Operators and their log-in state.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::Role;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub role: Role,
    pub pin_hash: Option<String>,
    pub is_system: bool,
    pub active: bool,
    pub failed_pins: i64,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
}

const COLUMNS: &str = "id, public_id, name, role, pin_hash, is_system, active, failed_pins, \
                       locked_until, last_login_at";

fn from_row(r: &Row) -> rusqlite::Result<OperatorRow> {
    let role: String = r.get(3)?;
    Ok(OperatorRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        name: r.get(2)?,
        role: Role::from_code(&role).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("unknown role {role}").into(),
            )
        })?,
        pin_hash: r.get(4)?,
        is_system: r.get(5)?,
        active: r.get(6)?,
        failed_pins: r.get(7)?,
        locked_until: r.get(8)?,
        last_login_at: r.get(9)?,
    })
}

/// The people who can log in, most recent log-in first, then by name.
pub fn people(tx: &Tx) -> Result<Vec<OperatorRow>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM operator WHERE is_system = 0
         ORDER BY active DESC, last_login_at IS NULL, last_login_at DESC, name COLLATE NOCASE"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<OperatorRow>> {
    Ok(tx
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM operator WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// Case-insensitive, as the unique index is.
pub fn by_name(tx: &Tx, name: &str) -> Result<Option<OperatorRow>> {
    Ok(tx
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM operator WHERE lower(name) = lower(?1)"),
            [name],
            from_row,
        )
        .optional()?)
}

/// The built-in operator the command line acts as by default.
pub fn system(tx: &Tx) -> Result<OperatorRow> {
    Ok(tx.conn().query_row(
        &format!("SELECT {COLUMNS} FROM operator WHERE is_system = 1 ORDER BY id LIMIT 1"),
        [],
        from_row,
    )?)
}

pub fn insert(
    tx: &Tx,
    public_id: &str,
    name: &str,
    role: Role,
    pin_hash: &str,
    now: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO operator (public_id, name, role, pin_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![public_id, name, role.code(), pin_hash, now],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Counts one more wrong PIN; returns the count of wrong PINs in a row.
pub fn count_wrong_pin(tx: &Tx, id: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "UPDATE operator SET failed_pins = failed_pins + 1 WHERE id = ?1 RETURNING failed_pins",
        [id],
        |r| r.get(0),
    )?)
}

pub fn lock_out(tx: &Tx, id: i64, until: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE operator SET locked_until = ?2 WHERE id = ?1",
        params![id, until],
    )?;
    Ok(())
}

pub fn record_login(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE operator SET failed_pins = 0, locked_until = NULL, last_login_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// A right PIN: the count of wrong ones starts again.
pub fn reset_wrong_pins(tx: &Tx, id: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE operator SET failed_pins = 0, locked_until = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

pub fn set_active(tx: &Tx, id: i64, active: bool) -> Result<()> {
    tx.conn().execute(
        "UPDATE operator SET active = ?2 WHERE id = ?1 AND is_system = 0",
        params![id, active],
    )?;
    Ok(())
}

/// Active administrators who can log in (at least one must remain).
pub fn active_admins(tx: &Tx) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM operator WHERE role = 'admin' AND active = 1 AND is_system = 0",
        [],
        |r| r.get(0),
    )?)
}

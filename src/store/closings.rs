//! Closings of the till as rows: found by period and number. Each row
//! answers to its signed `closing` record; the schema's triggers refuse any
//! change or removal.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// A closing as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosingRow {
    pub terminal_id: i64,
    pub training: bool,
    /// day, month or year.
    pub period: String,
    pub number: i64,
    pub label: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub total: i64,
    pub perpetual: i64,
    pub ledger_seq: i64,
    pub at: i64,
}

const COLUMNS: &str = "terminal_id, training, period, number, label, first_seq, last_seq, total,
    perpetual, ledger_seq, at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<ClosingRow> {
    Ok(ClosingRow {
        terminal_id: r.get(0)?,
        training: r.get(1)?,
        period: r.get(2)?,
        number: r.get(3)?,
        label: r.get(4)?,
        first_seq: r.get(5)?,
        last_seq: r.get(6)?,
        total: r.get(7)?,
        perpetual: r.get(8)?,
        ledger_seq: r.get(9)?,
        at: r.get(10)?,
    })
}

pub fn insert(tx: &Tx, c: &ClosingRow) -> Result<()> {
    tx.conn()
        .prepare_cached(&format!(
            "INSERT INTO closing ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ))?
        .execute(params![
            c.terminal_id,
            c.training,
            c.period,
            c.number,
            c.label,
            c.first_seq,
            c.last_seq,
            c.total,
            c.perpetual,
            c.ledger_seq,
            c.at
        ])?;
    Ok(())
}

/// The newest closing of a period kind of a terminal's chain.
pub fn last(tx: &Tx, terminal_id: i64, training: bool, period: &str) -> Result<Option<ClosingRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM closing WHERE terminal_id = ?1 AND training = ?2
             AND period = ?3 ORDER BY number DESC LIMIT 1"
        ))?
        .query_row(params![terminal_id, training, period], from_row)
        .optional()?)
}

/// The closing of one period (by its label), if it was closed.
pub fn of(
    tx: &Tx,
    terminal_id: i64,
    training: bool,
    period: &str,
    label: &str,
) -> Result<Option<ClosingRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM closing WHERE terminal_id = ?1 AND training = ?2
             AND period = ?3 AND label = ?4"
        ))?
        .query_row(params![terminal_id, training, period, label], from_row)
        .optional()?)
}

/// The closings of a period kind whose label starts so ("2026-11-" for the
/// days of November), in their order.
pub fn within(
    tx: &Tx,
    terminal_id: i64,
    training: bool,
    period: &str,
    prefix: &str,
) -> Result<Vec<ClosingRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM closing WHERE terminal_id = ?1 AND training = ?2 AND period = ?3
         AND substr(label, 1, length(?4)) = ?4 ORDER BY number"
    ))?;
    let rows = stmt
        .query_map(params![terminal_id, training, period, prefix], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every closing of every terminal, newest first (at most `limit`).
pub fn all(tx: &Tx, limit: i64) -> Result<Vec<ClosingRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM closing ORDER BY at DESC, id DESC LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map([limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether any closing was made after `at` (unix seconds).
pub fn any_since(tx: &Tx, at: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT 1 FROM closing WHERE at > ?1")?
        .exists([at])?)
}

/// A closing of a period kind by its number.
pub fn by_number(
    tx: &Tx,
    terminal_id: i64,
    training: bool,
    period: &str,
    number: i64,
) -> Result<Option<ClosingRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM closing WHERE terminal_id = ?1 AND training = ?2
             AND period = ?3 AND number = ?4"
        ))?
        .query_row(params![terminal_id, training, period, number], from_row)
        .optional()?)
}

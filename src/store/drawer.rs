//! The cash drawer's steps as rows: found by session. Each row answers to
//! its signed `drawer` record; the schema's triggers refuse any change or
//! removal.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// A step of a session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrawerRow {
    pub terminal_id: i64,
    pub training: bool,
    pub session: i64,
    /// The session's local day, "2026-11-23".
    pub day: String,
    /// open, cash_in, cash_out, handover or count.
    pub step: String,
    pub amount: i64,
    pub expected: Option<i64>,
    pub operator_id: i64,
    pub ledger_seq: i64,
    pub at: i64,
}

const COLUMNS: &str =
    "terminal_id, training, session, day, step, amount, expected, operator_id, ledger_seq, at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<DrawerRow> {
    Ok(DrawerRow {
        terminal_id: r.get(0)?,
        training: r.get(1)?,
        session: r.get(2)?,
        day: r.get(3)?,
        step: r.get(4)?,
        amount: r.get(5)?,
        expected: r.get(6)?,
        operator_id: r.get(7)?,
        ledger_seq: r.get(8)?,
        at: r.get(9)?,
    })
}

pub fn insert(tx: &Tx, d: &DrawerRow) -> Result<()> {
    tx.conn()
        .prepare_cached(&format!(
            "INSERT INTO drawer ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ))?
        .execute(params![
            d.terminal_id,
            d.training,
            d.session,
            d.day,
            d.step,
            d.amount,
            d.expected,
            d.operator_id,
            d.ledger_seq,
            d.at
        ])?;
    Ok(())
}

/// The newest session of a terminal's chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastSession {
    pub number: i64,
    /// The day it was opened for, in the venue's zone.
    pub day: chrono::NaiveDate,
    /// Counted at the end: the session is over.
    pub counted: bool,
}

/// A session's day as stored ("2026-11-23"); a damaged one reads as the
/// epoch's day.
fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

/// The newest session of a terminal's chain, if it ever had one.
pub fn last_session(tx: &Tx, terminal_id: i64, training: bool) -> Result<Option<LastSession>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT o.session, o.day,
                    EXISTS (SELECT 1 FROM drawer c WHERE c.terminal_id = o.terminal_id
                            AND c.training = o.training AND c.session = o.session
                            AND c.step = 'count')
             FROM drawer o WHERE o.terminal_id = ?1 AND o.training = ?2 AND o.step = 'open'
             ORDER BY o.session DESC LIMIT 1",
        )?
        .query_row(params![terminal_id, training], |r| {
            Ok(LastSession {
                number: r.get(0)?,
                day: day(&r.get::<_, String>(1)?),
                counted: r.get(2)?,
            })
        })
        .optional()?)
}

/// The steps of one session, in order.
pub fn session(tx: &Tx, terminal_id: i64, training: bool, session: i64) -> Result<Vec<DrawerRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM drawer WHERE terminal_id = ?1 AND training = ?2 AND session = ?3
         ORDER BY ledger_seq"
    ))?;
    let rows = stmt
        .query_map(params![terminal_id, training, session], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every step of a terminal's chain, in order.
pub fn all(tx: &Tx, terminal_id: i64, training: bool) -> Result<Vec<DrawerRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM drawer WHERE terminal_id = ?1 AND training = ?2 ORDER BY ledger_seq"
    ))?;
    let rows = stmt
        .query_map(params![terminal_id, training], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The first session of a terminal's chain opened for a day up to `until`
/// and never counted at the end: its number and day.
pub fn uncounted_until(
    tx: &Tx,
    terminal_id: i64,
    training: bool,
    until: chrono::NaiveDate,
) -> Result<Option<(i64, chrono::NaiveDate)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT o.session, o.day FROM drawer o
             WHERE o.terminal_id = ?1 AND o.training = ?2 AND o.step = 'open' AND o.day <= ?3
             AND NOT EXISTS (SELECT 1 FROM drawer c WHERE c.terminal_id = o.terminal_id
                             AND c.training = o.training AND c.session = o.session
                             AND c.step = 'count')
             ORDER BY o.session LIMIT 1",
        )?
        .query_row(
            params![terminal_id, training, until.format("%Y-%m-%d").to_string()],
            |r| Ok((r.get(0)?, day(&r.get::<_, String>(1)?))),
        )
        .optional()?)
}

//! The attendance brought from the venue's previous ticketing system: one
//! row per ticket, a patron's history before Guichet.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Result, Tx};

/// A ticket of the previous system's history.
pub struct PastTicket<'a> {
    pub patron_id: i64,
    pub key: &'a str,
    pub starts_at: i64,
    pub show: &'a str,
    pub genre: &'a str,
    pub tariff: &'a str,
    pub price: i64,
    pub channel: &'a str,
    pub attended: bool,
    pub source: &'a str,
}

/// Adds a ticket of the previous system's history (its key is new: see
/// [`known`]).
pub fn insert_past(tx: &Tx, t: &PastTicket, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO past_attendance (patron_id, key, starts_at, show, genre, tariff,
                                                    price, channel, attended, source, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            t.patron_id,
            t.key,
            t.starts_at,
            t.show,
            t.genre,
            t.tariff,
            t.price,
            t.channel,
            t.attended,
            t.source,
            now
        ])?;
    Ok(())
}

/// A ticket of a patron's history in the previous system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastRow {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub show: String,
    pub genre: String,
    pub tariff: String,
    pub price: i64,
    pub channel: String,
    pub attended: bool,
    pub source: String,
}

/// A patron's tickets in the previous system, newest first.
pub fn past(tx: &Tx, patron_id: i64) -> Result<Vec<PastRow>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, starts_at, show, genre, tariff, price, channel, attended, source
         FROM past_attendance WHERE patron_id = ?1 ORDER BY starts_at DESC, id",
    )?;
    let rows = stmt
        .query_map([patron_id], |r| {
            Ok(PastRow {
                id: r.get(0)?,
                starts_at: super::instant(r.get(1)?),
                show: r.get(2)?,
                genre: r.get(3)?,
                tariff: r.get(4)?,
                price: r.get(5)?,
                channel: r.get(6)?,
                attended: r.get(7)?,
                source: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Whether a ticket with this key was imported already.
pub fn known(tx: &Tx, key: &str) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT 1 FROM past_attendance WHERE key = ?1")?
        .exists([key])?)
}

//! The door list: the tickets other terminals sold and the keys that sign
//! their codes, as a door pulled them from the central database; and the
//! scans it sends back there.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};

/// A key that signs tickets, as the central database knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedKey {
    /// Hex of its first 8 bytes' SHA-256, as a code names it.
    pub key_id: String,
    /// The seller's public id.
    pub terminal: String,
    pub name: String,
    pub public_key: Vec<u8>,
}

/// A ticket another terminal sold, as the central database knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedTicket {
    pub public_id: String,
    pub terminal: String,
    pub number: i64,
    /// The performance's public id.
    pub performance: String,
    /// Its seat as tickets name it ("Parterre, rang F, 8").
    pub seat: Option<String>,
    pub tariff: String,
    pub category: String,
    pub cancelled: bool,
    /// Its first admission, at another door: when (seconds) and where.
    pub entered: Option<(i64, String)>,
}

/// Replaces the list: what the door admits from from now on.
pub fn replace(tx: &Tx, keys: &[ListedKey], tickets: &[ListedTicket]) -> Result<()> {
    tx.conn()
        .execute_batch("DELETE FROM door_key; DELETE FROM door_ticket;")?;
    let mut k = tx.conn().prepare_cached(
        "INSERT OR REPLACE INTO door_key (key_id, terminal, name, public_key)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for key in keys {
        k.execute(params![key.key_id, key.terminal, key.name, key.public_key])?;
    }
    let mut t = tx.conn().prepare_cached(
        "INSERT INTO door_ticket (public_id, terminal, number, performance, seat, tariff,
                                  category, cancelled, entered_at, entered_door)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for x in tickets {
        t.execute(params![
            x.public_id,
            x.terminal,
            x.number,
            x.performance,
            x.seat,
            x.tariff,
            x.category,
            x.cancelled,
            x.entered.as_ref().map(|e| e.0),
            x.entered.as_ref().map(|e| &e.1),
        ])?;
    }
    Ok(())
}

fn key_row(r: &Row) -> rusqlite::Result<ListedKey> {
    Ok(ListedKey {
        key_id: r.get(0)?,
        terminal: r.get(1)?,
        name: r.get(2)?,
        public_key: r.get(3)?,
    })
}

const KEY: &str = "SELECT key_id, terminal, name, public_key FROM door_key";

fn ticket_row(r: &Row) -> rusqlite::Result<ListedTicket> {
    let at: Option<i64> = r.get(8)?;
    let door: Option<String> = r.get(9)?;
    Ok(ListedTicket {
        public_id: r.get(0)?,
        terminal: r.get(1)?,
        number: r.get(2)?,
        performance: r.get(3)?,
        seat: r.get(4)?,
        tariff: r.get(5)?,
        category: r.get(6)?,
        cancelled: r.get(7)?,
        entered: at.zip(door),
    })
}

const TICKET: &str = "SELECT public_id, terminal, number, performance, seat, tariff, category,
                             cancelled, entered_at, entered_door FROM door_ticket";

/// The key with this id, if the list has it.
pub fn key(tx: &Tx, key_id: &str) -> Result<Option<ListedKey>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("{KEY} WHERE key_id = ?1"))?
        .query_row([key_id], key_row)
        .optional()?)
}

/// The ticket this terminal sold under this number, if the list has it.
pub fn ticket(tx: &Tx, terminal: &str, number: i64) -> Result<Option<ListedTicket>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("{TICKET} WHERE terminal = ?1 AND number = ?2"))?
        .query_row(params![terminal, number], ticket_row)
        .optional()?)
}

/// The whole list, in a fixed order (its digest is taken over it).
pub fn all(tx: &Tx) -> Result<(Vec<ListedKey>, Vec<ListedTicket>)> {
    let keys = tx
        .conn()
        .prepare_cached(&format!("{KEY} ORDER BY key_id"))?
        .query_map([], key_row)?
        .collect::<rusqlite::Result<_>>()?;
    let tickets = tx
        .conn()
        .prepare_cached(&format!("{TICKET} ORDER BY public_id"))?
        .query_map([], ticket_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok((keys, tickets))
}

/// A scan as the central database takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanOut {
    /// Its row here: the push goes on after the last one sent.
    pub row: i64,
    pub public_id: String,
    pub door: String,
    /// The ticket's public id, sold here or elsewhere.
    pub ticket: Option<String>,
    pub outcome: String,
    pub reentry: bool,
    pub manual: bool,
    /// An undo: the admission (its public id) it takes back.
    pub undoes: Option<String>,
    pub at: i64,
}

/// Up to `limit` scans recorded after row `after`, in order.
pub fn scans_after(tx: &Tx, after: i64, limit: i64) -> Result<Vec<ScanOut>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.id, s.public_id, s.door, coalesce(t.public_id, s.door_ticket), s.outcome,
                s.reentry, s.manual, s.at, s.undoes
         FROM scan s LEFT JOIN ticket t ON t.id = s.ticket_id
         WHERE s.id > ?1 AND coalesce(t.training, 0) = 0
         ORDER BY s.id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![after, limit], |r| {
            Ok(ScanOut {
                row: r.get(0)?,
                public_id: r.get(1)?,
                door: r.get(2)?,
                ticket: r.get(3)?,
                outcome: r.get(4)?,
                reentry: r.get(5)?,
                manual: r.get(6)?,
                at: r.get(7)?,
                undoes: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

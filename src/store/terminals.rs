//! Terminals: the tills that sign ledger chains.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalRow {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub public_key: Vec<u8>,
    pub key_id: String,
}

const COLUMNS: &str = "id, public_id, name, public_key, key_id";

fn from_row(r: &Row) -> rusqlite::Result<TerminalRow> {
    Ok(TerminalRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        name: r.get(2)?,
        public_key: r.get(3)?,
        key_id: r.get(4)?,
    })
}

pub fn all(tx: &Tx) -> Result<Vec<TerminalRow>> {
    let mut stmt = tx
        .conn()
        .prepare(&format!("SELECT {COLUMNS} FROM terminal ORDER BY id"))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The database's first terminal.
pub fn founding(tx: &Tx) -> Result<Option<TerminalRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM terminal ORDER BY id LIMIT 1"
        ))?
        .query_row([], from_row)
        .optional()?)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<TerminalRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM terminal WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?)
}

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<TerminalRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM terminal WHERE public_id = ?1"
        ))?
        .query_row([public_id], from_row)
        .optional()?)
}

/// Records a new terminal and its first key (number 1).
pub fn insert(
    tx: &Tx,
    public_id: &str,
    name: &str,
    public_key: &[u8],
    key_id: &str,
    now: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO terminal (public_id, name, public_key, key_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![public_id, name, public_key, key_id, now],
    )?;
    let id = tx.conn().last_insert_rowid();
    insert_key(
        tx,
        &KeyRow {
            terminal_id: id,
            number: 1,
            key_id: key_id.to_owned(),
            public_key: public_key.to_vec(),
            created_at: now,
        },
    )?;
    Ok(id)
}

/// One of the keys a terminal has signed with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRow {
    pub terminal_id: i64,
    /// 1 for the terminal's first key, then one more at each rotation.
    pub number: i64,
    pub key_id: String,
    pub public_key: Vec<u8>,
    /// Seconds since the epoch.
    pub created_at: i64,
}

const KEY_COLUMNS: &str = "terminal_id, number, key_id, public_key, created_at";

fn key_from_row(r: &Row) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        terminal_id: r.get(0)?,
        number: r.get(1)?,
        key_id: r.get(2)?,
        public_key: r.get(3)?,
        created_at: r.get(4)?,
    })
}

pub fn insert_key(tx: &Tx, key: &KeyRow) -> Result<()> {
    tx.conn().execute(
        &format!("INSERT INTO terminal_key ({KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
        params![
            key.terminal_id,
            key.number,
            key.key_id,
            key.public_key,
            key.created_at
        ],
    )?;
    Ok(())
}

/// Every key of a terminal, oldest first.
pub fn keys(tx: &Tx, terminal_id: i64) -> Result<Vec<KeyRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {KEY_COLUMNS} FROM terminal_key WHERE terminal_id = ?1 ORDER BY number"
    ))?;
    let rows = stmt
        .query_map([terminal_id], key_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The key a terminal signs with now: its newest.
pub fn current_key(tx: &Tx, terminal_id: i64) -> Result<Option<KeyRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM terminal_key WHERE terminal_id = ?1
             ORDER BY number DESC LIMIT 1"
        ))?
        .query_row([terminal_id], key_from_row)
        .optional()?)
}

/// The key with this id, of whichever terminal, current or retired.
pub fn key_by_id(tx: &Tx, key_id: &str) -> Result<Option<KeyRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM terminal_key WHERE key_id = ?1"
        ))?
        .query_row([key_id], key_from_row)
        .optional()?)
}

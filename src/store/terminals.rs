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

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<TerminalRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM terminal WHERE public_id = ?1"
        ))?
        .query_row([public_id], from_row)
        .optional()?)
}

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
    Ok(tx.conn().last_insert_rowid())
}

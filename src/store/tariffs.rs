//! The venue's tariffs.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::Tariff;

const COLUMNS: &str = "id, code, name, requires_proof, is_complimentary, position";

fn tariff(r: &Row) -> rusqlite::Result<Tariff> {
    Ok(Tariff {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        requires_proof: r.get(3)?,
        is_complimentary: r.get(4)?,
        position: r.get(5)?,
    })
}

/// Every tariff, in the coordinator's order. A handful of rows, sorted here:
/// an ORDER BY would build a temporary b-tree on every sale.
pub fn all(tx: &Tx) -> Result<Vec<Tariff>> {
    let mut stmt = tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM tariff"))?;
    let mut rows: Vec<Tariff> = stmt
        .query_map([], tariff)?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    Ok(rows)
}

pub fn by_code(tx: &Tx, code: &str) -> Result<Option<Tariff>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM tariff WHERE code = ?1"))?
        .query_row([code], tariff)
        .optional()?)
}

/// Inserts a tariff at the end of the list and returns its id.
pub fn insert(
    tx: &Tx,
    code: &str,
    name: &str,
    requires_proof: bool,
    is_complimentary: bool,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO tariff (code, name, requires_proof, is_complimentary, position)
         VALUES (?1, ?2, ?3, ?4, (SELECT count(*) FROM tariff))",
        params![code, name, requires_proof, is_complimentary],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

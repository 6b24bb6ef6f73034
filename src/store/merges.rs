//! Duplicates in the patron file: the likely pairs, and the merges (what
//! they moved, to undo them).

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// Pairs of patrons (lower id first) with the same e-mail.
pub fn same_email(tx: &Tx, limit: i64) -> Result<Vec<(i64, i64)>> {
    pairs(
        tx,
        "SELECT a.id, b.id FROM patron a
         JOIN patron b ON lower(b.email) = lower(a.email) AND b.id > a.id
         WHERE a.email <> '' AND a.anonymised_at IS NULL AND b.anonymised_at IS NULL
           AND a.merged_into IS NULL AND b.merged_into IS NULL
         LIMIT ?1",
        limit,
    )
}

/// Pairs of patrons (lower id first) with the same phone number (in any of
/// its forms: their search tokens of nine digits or more).
pub fn same_phone(tx: &Tx, limit: i64) -> Result<Vec<(i64, i64)>> {
    pairs(
        tx,
        "SELECT DISTINCT a.patron_id, b.patron_id FROM patron_token a
         JOIN patron_token b ON b.token = a.token AND b.patron_id > a.patron_id
         WHERE a.token GLOB '[0-9]*' AND length(a.token) >= 9
         LIMIT ?1",
        limit,
    )
}

fn pairs(tx: &Tx, sql: &str, limit: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = tx.conn().prepare_cached(sql)?;
    let rows = stmt
        .query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// (id, first name, last name, postcode) of every patron with a postcode,
/// neither erased nor merged.
pub fn with_postcode(tx: &Tx) -> Result<Vec<(i64, String, String, String)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, first_name, last_name, postcode FROM patron
         WHERE postcode <> '' AND last_name <> '' AND anonymised_at IS NULL
           AND merged_into IS NULL",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// What a merge moved from the duplicate to the patron kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Moved {
    pub orders: Vec<i64>,
    pub consents: Vec<i64>,
    pub contacts: Vec<i64>,
    /// Attendance brought from the previous system.
    #[serde(default)]
    pub past: Vec<i64>,
}

/// Moves a duplicate's orders, consents and contacts to the patron kept;
/// what was moved.
pub fn move_to(tx: &Tx, from: i64, to: i64) -> Result<Moved> {
    let ids = |sql: &str| -> Result<Vec<i64>> {
        let mut stmt = tx.conn().prepare_cached(sql)?;
        let rows = stmt
            .query_map([from], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    };
    let moved = Moved {
        orders: ids("SELECT id FROM sale_order WHERE patron_id = ?1 ORDER BY id")?,
        consents: ids("SELECT id FROM consent WHERE patron_id = ?1 ORDER BY id")?,
        contacts: ids("SELECT id FROM contact_log WHERE patron_id = ?1 ORDER BY id")?,
        past: ids("SELECT id FROM past_attendance WHERE patron_id = ?1 ORDER BY id")?,
    };
    for table in ["sale_order", "consent", "contact_log", "past_attendance"] {
        tx.conn().execute(
            &format!("UPDATE {table} SET patron_id = ?2 WHERE patron_id = ?1"),
            params![from, to],
        )?;
    }
    Ok(moved)
}

/// Puts back what a merge moved.
pub fn move_back(tx: &Tx, moved: &Moved, to: i64) -> Result<()> {
    for (table, ids) in [
        ("sale_order", &moved.orders),
        ("consent", &moved.consents),
        ("contact_log", &moved.contacts),
        ("past_attendance", &moved.past),
    ] {
        let mut stmt = tx
            .conn()
            .prepare_cached(&format!("UPDATE {table} SET patron_id = ?2 WHERE id = ?1"))?;
        for id in ids {
            stmt.execute(params![id, to])?;
        }
    }
    Ok(())
}

/// Marks a patron merged into another (or not, with None); a merged
/// patron has no search tokens.
pub fn set_merged(tx: &Tx, id: i64, into: Option<i64>, now: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE patron SET merged_into = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, into, now],
    )?;
    if into.is_some() {
        tx.conn()
            .execute("DELETE FROM patron_token WHERE patron_id = ?1", [id])?;
    }
    Ok(())
}

/// A merge as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeRow {
    pub id: i64,
    pub kept_id: i64,
    pub merged_id: i64,
    pub kept_before: String,
    pub moved: String,
    pub undone_at: Option<i64>,
    /// When it was made.
    pub at: i64,
}

pub fn insert_merge(
    tx: &Tx,
    kept: i64,
    merged: i64,
    kept_before: &str,
    moved: &str,
    operator_id: i64,
    now: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO patron_merge (kept_id, merged_id, kept_before, moved, operator_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kept, merged, kept_before, moved, operator_id, now],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn merge(tx: &Tx, id: i64) -> Result<Option<MergeRow>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT id, kept_id, merged_id, kept_before, moved, undone_at, at FROM patron_merge
             WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(MergeRow {
                id: r.get(0)?,
                kept_id: r.get(1)?,
                merged_id: r.get(2)?,
                kept_before: r.get(3)?,
                moved: r.get(4)?,
                undone_at: r.get(5)?,
                at: r.get(6)?,
            })
        })
        .optional()?)
}

/// The newest merge into a patron not undone, if any.
pub fn last_merge_into(tx: &Tx, kept: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT id FROM patron_merge WHERE kept_id = ?1 AND undone_at IS NULL
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([kept], |r| r.get(0))
        .optional()?)
}

pub fn undo_merge(tx: &Tx, id: i64, now: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE patron_merge SET undone_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

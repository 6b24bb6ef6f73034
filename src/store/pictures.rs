//! The venue's pictures (its logo), kept whole.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::picture::Picture;

/// The subject of the venue's logo.
pub const VENUE_LOGO: &str = "venue_logo";

/// The picture of `subject`, if one is set.
pub fn get(tx: &Tx, subject: &str) -> Result<Option<Picture>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT png, small, width, height, sha256 FROM picture WHERE subject = ?1")?
        .query_row([subject], |r| {
            Ok(Picture {
                png: r.get(0)?,
                small: r.get(1)?,
                width: r.get(2)?,
                height: r.get(3)?,
                sha256: r.get(4)?,
            })
        })
        .optional()?)
}

/// Sets (or replaces) the picture of `subject`.
pub fn set(tx: &Tx, subject: &str, p: &Picture, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO picture (subject, png, small, width, height, sha256, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (subject) DO UPDATE SET png = excluded.png, small = excluded.small,
                 width = excluded.width, height = excluded.height, sha256 = excluded.sha256,
                 set_at = excluded.set_at",
        )?
        .execute(params![
            subject, p.png, p.small, p.width, p.height, p.sha256, now
        ])?;
    Ok(())
}

/// Removes the picture of `subject`; false when there was none.
pub fn remove(tx: &Tx, subject: &str) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("DELETE FROM picture WHERE subject = ?1")?
        .execute([subject])?
        > 0)
}

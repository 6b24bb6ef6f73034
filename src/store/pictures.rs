//! Pictures kept whole: the venue's logo, and each show's picture.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::picture::Picture;

/// The subject of the venue's logo.
pub const VENUE_LOGO: &str = "venue_logo";

fn picture(r: &rusqlite::Row) -> rusqlite::Result<Picture> {
    Ok(Picture {
        png: r.get(0)?,
        small: r.get(1)?,
        width: r.get(2)?,
        height: r.get(3)?,
        sha256: r.get(4)?,
    })
}

/// The picture of `subject`, if one is set.
pub fn get(tx: &Tx, subject: &str) -> Result<Option<Picture>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT png, small, width, height, sha256 FROM picture WHERE subject = ?1")?
        .query_row([subject], picture)
        .optional()?)
}

/// A show's picture, if one is set.
pub fn of_show(tx: &Tx, show_id: i64) -> Result<Option<Picture>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT png, small, width, height, sha256 FROM show_picture WHERE show_id = ?1",
        )?
        .query_row([show_id], picture)
        .optional()?)
}

/// Sets (or replaces) a show's picture.
pub fn set_for_show(tx: &Tx, show_id: i64, p: &Picture, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO show_picture (show_id, png, small, width, height, sha256, set_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (show_id) DO UPDATE SET png = excluded.png, small = excluded.small,
                 width = excluded.width, height = excluded.height, sha256 = excluded.sha256,
                 set_at = excluded.set_at",
        )?
        .execute(params![
            show_id, p.png, p.small, p.width, p.height, p.sha256, now
        ])?;
    Ok(())
}

/// Removes a show's picture; false when there was none.
pub fn remove_for_show(tx: &Tx, show_id: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("DELETE FROM show_picture WHERE show_id = ?1")?
        .execute([show_id])?
        > 0)
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

//! Key-value preferences of this installation.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// The interface language chosen in Réglages (`fr-FR`, `fr-CA`, `en`).
pub const LANGUAGE: &str = "ui.language";

/// The door this terminal checks tickets at, as its scans record it (when
/// unset: the terminal's name).
pub const DOOR: &str = "door.name";

pub fn get(tx: &Tx, key: &str) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(tx: &Tx, key: &str, value: &str) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

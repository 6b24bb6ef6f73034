//! Key-value preferences of this installation.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// The interface language chosen in Réglages (`fr-FR`, `fr-CA`, `en`).
pub const LANGUAGE: &str = "ui.language";

/// The door this terminal checks tickets at, as its scans record it (when
/// unset: the terminal's name).
pub const DOOR: &str = "door.name";

/// This terminal's connection to the venue's central database (without its
/// password), once it joined: from then on it sells only what it holds.
pub const CENTRAL_URL: &str = "central.url";

/// Minutes before a performance this terminal gives back what it holds of
/// it and did not sell (unset or empty: never by itself).
pub const GIVE_BACK_BEFORE: &str = "central.give_back_before";

/// The version of the season published centrally this terminal last
/// pulled (or published itself).
pub const SEASON_PULLED: &str = "central.season_pulled";

/// The second place backups go to (a USB stick, a share), chosen by the
/// administrator (unset or empty: only the folder beside the database).
pub const BACKUP_SECOND: &str = "backup.second";

/// What is kept of the backups: "DAILY,MONTHLY" (every year's is kept).
pub const BACKUP_KEEP: &str = "backup.keep";

/// Why the last automatic backup failed (empty: it did not).
pub const BACKUP_FAILED: &str = "backup.failed";

/// After a restore: the first ticket and order numbers to give (past every
/// one the records lost since the backup may have issued).
pub const NEXT_TICKET: &str = "numbers.next_ticket";
pub const NEXT_ORDER: &str = "numbers.next_order";

/// The last scan (its row) this door sent to the central database.
pub const SCANS_PUSHED: &str = "central.scans_pushed";

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

/// Every setting whose key starts with `prefix`, by key.
pub fn with_prefix(tx: &Tx, prefix: &str) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT key, value FROM setting WHERE substr(key, 1, length(?1)) = ?1 ORDER BY key",
    )?;
    let rows = stmt
        .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Removes a setting (its default applies again).
pub fn remove(tx: &Tx, key: &str) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM setting WHERE key = ?1", [key])?;
    Ok(())
}

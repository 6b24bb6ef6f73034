//! A backup of the database, as SQLite makes one: its online backup API
//! copies a consistent snapshot of the live file (others go on writing:
//! in WAL mode they are not blocked), never a copy of the file's bytes.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, Tx};

/// Copies the live database into a new file `dest` (which must not
/// exist), in one step: one consistent snapshot. The copy keeps no
/// write-ahead log: it is one self-contained file.
pub fn copy_into(store: &Store, dest: &Path) -> Result<()> {
    let mut to = Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    {
        use rusqlite::backup::StepResult;
        let backup = rusqlite::backup::Backup::new(&store.conn, &mut to)?;
        // All pages in one step; a source busy (a checkpoint under way) is
        // waited for, 10 seconds at most.
        let mut waits = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if waits < 200 => {
                    waits += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy for 10 seconds".into()),
                    )
                    .into());
                }
            }
        }
    }
    let _: String = to.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    to.close().map_err(|(_, e)| e)?;
    Ok(())
}

/// SQLite's own check of every page and index: empty when sound, else its
/// first findings (at most ten).
pub fn integrity(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn.prepare("PRAGMA integrity_check(10)")?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found.into_iter().filter(|f| f != "ok").collect())
}

/// SQLite's check of a database file of any schema version (a backup made
/// by an earlier Guichet), read only: empty when sound.
pub fn integrity_of(path: &Path) -> Result<Vec<String>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut stmt = conn.prepare("PRAGMA integrity_check(10)")?;
    let found: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(found.into_iter().filter(|f| f != "ok").collect())
}

/// What a database holds, as a backup's manifest and a restore show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holds {
    pub venue: String,
    /// The venue's time zone (IANA name; empty in backups made before it
    /// was kept, and in a database with no venue yet).
    #[serde(default)]
    pub time_zone: String,
    pub orders: i64,
    pub tickets: i64,
    pub patrons: i64,
    /// The newest sale's time (unix seconds), if any.
    pub last_sale_at: Option<i64>,
    /// The highest ticket and order numbers given, training aside (a floor
    /// a restore set counted): after a restore, numbering goes on past
    /// what was lost.
    pub last_ticket: i64,
    pub last_order: i64,
    /// The schema version of the file.
    pub schema: i64,
}

pub fn holds(tx: &Tx) -> Result<Holds> {
    Ok(tx.conn().query_row(
        "SELECT coalesce((SELECT name FROM venue LIMIT 1), ''),
                (SELECT count(*) FROM sale_order WHERE training = 0),
                (SELECT count(*) FROM ticket WHERE training = 0),
                (SELECT count(*) FROM patron),
                (SELECT max(created_at) FROM sale_order WHERE training = 0),
                max(coalesce((SELECT max(number) FROM ticket WHERE training = 0), 0),
                    coalesce((SELECT CAST(value AS INTEGER) FROM setting
                               WHERE key = 'numbers.next_ticket'), 1) - 1),
                max(coalesce((SELECT max(number) FROM sale_order WHERE training = 0), 0),
                    coalesce((SELECT CAST(value AS INTEGER) FROM setting
                               WHERE key = 'numbers.next_order'), 1) - 1),
                (SELECT user_version FROM pragma_user_version),
                coalesce((SELECT time_zone FROM venue LIMIT 1), '')",
        [],
        |r| {
            Ok(Holds {
                venue: r.get(0)?,
                orders: r.get(1)?,
                tickets: r.get(2)?,
                patrons: r.get(3)?,
                last_sale_at: r.get(4)?,
                last_ticket: r.get(5)?,
                last_order: r.get(6)?,
                schema: r.get(7)?,
                time_zone: r.get(8)?,
            })
        },
    )?)
}

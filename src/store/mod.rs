//! The embedded SQLite store: the connection, transactions, pragmas, and
//! all the SQL of Guichet (one file per aggregate). It may use domain only.
//!
//! Opening the file (create, upgrade or refuse) is in `file.rs`; job
//! modules call these functions inside `Store::read` and `Store::write`.

pub mod analysis;
pub mod audit;
pub mod backup;
pub mod central;
pub mod closings;
pub mod contingents;
pub mod door;
pub mod door_list;
pub mod drawer;
pub mod exports;
mod file;
pub mod halls;
pub mod holds;
pub mod imports;
pub mod in_use;
pub mod invitations;
pub mod ledger;
pub mod merges;
pub mod operators;
pub mod organisations;
pub mod outbox;
pub mod past;
pub mod patrons;
pub mod performances;
pub mod pictures;
pub mod price_rules;
pub mod programming;
pub mod sales;
pub mod secret;
pub mod segments;
pub mod settings;
pub mod shows;
pub mod statements;
pub mod subscriptions;
pub mod tariffs;
pub mod terminals;
pub mod venue;
pub mod vouchers;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

pub use file::{OpenError, Opened};

/// The whole current schema: what a new database is created from.
pub const SCHEMA: &str = include_str!("../../schema.sql");

/// Upgrades of existing databases, in order; `MIGRATIONS[i]` takes a
/// database from version `i` to `i + 1`. The first is the oldest schema.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_leaner_sales.sql"),
    include_str!("../../migrations/0003_terminal_keys.sql"),
    include_str!("../../migrations/0004_ledger_witnesses.sql"),
    include_str!("../../migrations/0005_programming_journal.sql"),
    include_str!("../../migrations/0006_patron_file.sql"),
    include_str!("../../migrations/0007_past_attendance.sql"),
    include_str!("../../migrations/0008_closings.sql"),
    include_str!("../../migrations/0009_drawer.sql"),
    include_str!("../../migrations/0010_training_mode.sql"),
    include_str!("../../migrations/0011_outbox.sql"),
    include_str!("../../migrations/0012_imports.sql"),
    include_str!("../../migrations/0013_pictures.sql"),
    include_str!("../../migrations/0014_seller_seats.sql"),
    include_str!("../../migrations/0015_contingents.sql"),
    include_str!("../../migrations/0016_door_list.sql"),
    include_str!("../../migrations/0017_lent_slot.sql"),
    include_str!("../../migrations/0018_restored.sql"),
    include_str!("../../migrations/0019_invitations.sql"),
    include_str!("../../migrations/0020_vouchers.sql"),
    include_str!("../../migrations/0021_show_pictures.sql"),
    include_str!("../../migrations/0022_price_rules.sql"),
    include_str!("../../migrations/0023_subscriptions.sql"),
    include_str!("../../migrations/0024_passes.sql"),
];

/// The schema version this program writes: the number of migrations.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of every Guichet file: "GCHT".
pub const APPLICATION_ID: i32 = 0x4743_4854;

/// A database error during normal work (not while opening).
#[derive(Debug, thiserror::Error)]
pub struct StoreError(#[from] pub rusqlite::Error);

impl StoreError {
    /// A UNIQUE or CHECK constraint of the schema refused the write (a seat
    /// sold twice, a number taken): the caller says which in its own words.
    pub fn is_constraint(&self) -> bool {
        matches!(&self.0, rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open Guichet database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A transaction: every store function takes one, so each job's reads see a
/// consistent snapshot and each job's writes commit together or not at all.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

impl Tx<'_> {
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// Connection settings as SQLite reports them. `synchronous` 2 is FULL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragmas {
    pub journal_mode: String,
    pub synchronous: String,
    pub foreign_keys: String,
    pub busy_timeout_ms: String,
    pub schema_version: String,
    pub page_size: String,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Tx) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = Tx {
            tx: self.conn.unchecked_transaction().map_err(StoreError)?,
        };
        let out = f(&tx)?;
        tx.tx.finish().map_err(StoreError)?;
        Ok(out)
    }

    /// Runs `f` in a write transaction taken at once (BEGIN IMMEDIATE, so two
    /// counters serialise instead of failing half-way); commits when `f`
    /// returns Ok, rolls everything back when it returns Err.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError)?;
        let tx = Tx { tx };
        let out = f(&tx)?;
        tx.tx.commit().map_err(StoreError)?;
        Ok(out)
    }

    /// The connection settings in force, as SQLite reports them (shown by
    /// `guichet info`).
    pub fn pragmas(&self) -> std::result::Result<Pragmas, StoreError> {
        let get = |name: &str| -> rusqlite::Result<String> {
            self.conn
                .pragma_query_value(None, name, |r| r.get::<_, rusqlite::types::Value>(0))
                .map(|v| match v {
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    other => format!("{other:?}"),
                })
        };
        Ok(Pragmas {
            journal_mode: get("journal_mode")?,
            synchronous: get("synchronous")?,
            foreign_keys: get("foreign_keys")?,
            busy_timeout_ms: get("busy_timeout")?,
            schema_version: get("user_version")?,
            page_size: get("page_size")?,
        })
    }

    /// Reads every page and checks SQLite's own structure (`PRAGMA
    /// quick_check`). Proportional to the file size: run at start-up of the
    /// GUI and by `guichet verify`, not before every command.
    pub fn check_integrity(&self) -> std::result::Result<(), OpenError> {
        let corrupt = |detail: String| OpenError::Corrupt {
            path: self.path.clone(),
            detail,
        };
        let mut stmt = self
            .conn
            .prepare("PRAGMA quick_check")
            .map_err(|e| corrupt(e.to_string()))?;
        let problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
            .map_err(|e| corrupt(e.to_string()))?;
        if problems.len() == 1 && problems[0] == "ok" {
            Ok(())
        } else {
            Err(corrupt(problems.join("; ")))
        }
    }
}

/// Today's instant as stored: seconds since the epoch, UTC.
pub fn unix(at: chrono::DateTime<chrono::Utc>) -> i64 {
    at.timestamp()
}

/// The inverse of [`unix`]; out-of-range values (a damaged row) become the epoch.
/// An instant stored in milliseconds since the epoch.
pub fn instant_ms(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub fn instant(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// A fresh public id (UUIDv7: ordered by `now`, unique across machines).
pub fn public_id(now: chrono::DateTime<chrono::Utc>) -> String {
    let seconds = u64::try_from(now.timestamp()).unwrap_or_default();
    let time = uuid::Timestamp::from_unix(uuid::NoContext, seconds, now.timestamp_subsec_nanos());
    uuid::Uuid::new_v7(time).to_string()
}

/// A column holding one of a domain enum's codes (a status, a kind): a code
/// the program does not know is a damaged row, refused as such.
pub(crate) fn code<T>(
    r: &rusqlite::Row,
    column: usize,
    from_code: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = r.get(column)?;
    from_code(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, text.into())
    })
}

//! Opening the database file: refusing a foreign, newer or damaged file
//! before anything writes to it, creating a new one whole (or not at all),
//! configuring the connection, and upgrading an older one step by step
//! after a backup copy.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{APPLICATION_ID, MIGRATIONS, SCHEMA, SCHEMA_VERSION, Store, StoreError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why a database file could not be opened. Every message says what to do,
/// and in every case but `Sqlite`, nothing was written to the file.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    Foreign {
        path: PathBuf,
        why: String,
    },
    Corrupt {
        path: PathBuf,
        detail: String,
    },
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    Migration {
        path: PathBuf,
        step: i64,
        committed: i64,
        backup: PathBuf,
        source: rusqlite::Error,
    },
    NeedsUpgrade {
        path: PathBuf,
        found: i64,
    },
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

/// What opening did, for the command line to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opened {
    Created,
    Existing,
    Migrated { from: i64 },
}

impl Store {
    /// Opens the database at `path`: a missing file is created from the
    /// schema; an older Guichet file is migrated (after a backup copy); a
    /// newer, foreign or damaged file is refused and left untouched.
    pub fn open(path: &Path) -> std::result::Result<(Store, Opened), OpenError> {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create(path).map(|store| (store, Opened::Created))
            }
            Err(source) => Err(OpenError::Unreadable {
                path: path.to_owned(),
                source,
            }),
            Ok(meta) if meta.is_dir() => Err(OpenError::Foreign {
                path: path.to_owned(),
                why: "it is a folder".into(),
            }),
            Ok(_) => open_existing(path),
        }
    }

    /// Opens an existing database for reading only (`verify`, `info`, the
    /// window's background check): never creates, configures, migrates or
    /// writes anything.
    pub fn open_read_only(path: &Path) -> std::result::Result<Store, OpenError> {
        let header = read_header(path)?;
        check_marks(path, header.application_id, header.user_version)?;
        // Read-write but query-only, so that SQLite tidies its -wal and -shm
        // files away on close; a file on read-only media opens read-only.
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .and_then(|c| c.pragma_update(None, "query_only", true).map(|()| c))
        .or_else(|_| {
            Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        })
        .map_err(|e| classify(path, e))?;
        let (app_id, version) = read_marks(&conn).map_err(|e| classify(path, e))?;
        check_marks(path, app_id, version)?;
        if version < SCHEMA_VERSION {
            return Err(OpenError::NeedsUpgrade {
                path: path.to_owned(),
                found: version,
            });
        }
        conn.busy_timeout(Duration::from_secs(5))
            .and_then(|()| stable_plans(&conn))
            .map_err(|e| classify(path, e))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// A scratch database in memory with the whole schema: for checking a
    /// file by importing it where nothing is kept.
    pub fn in_memory() -> std::result::Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store {
            conn,
            path: PathBuf::from(":memory:"),
        })
    }
}

/// Reads the 100-byte header without opening the file with SQLite, so a
/// foreign or newer file is refused before anything could write to it.
struct Header {
    application_id: i32,
    user_version: i64,
}

fn read_header(path: &Path) -> std::result::Result<Header, OpenError> {
    let unreadable = |source| OpenError::Unreadable {
        path: path.to_owned(),
        source,
    };
    let foreign = |why: &str| OpenError::Foreign {
        path: path.to_owned(),
        why: why.to_owned(),
    };
    let mut file = fs::File::open(path).map_err(unreadable)?;
    let mut header = Vec::with_capacity(100);
    file.by_ref()
        .take(100)
        .read_to_end(&mut header)
        .map_err(unreadable)?;
    if header.is_empty() {
        return Err(foreign("the file is empty"));
    }
    if header.len() < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(foreign("it is not an SQLite database"));
    }
    let be32 = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    Ok(Header {
        user_version: i64::from(be32(60)),
        application_id: be32(68),
    })
}

fn open_existing(path: &Path) -> std::result::Result<(Store, Opened), OpenError> {
    let header = read_header(path)?;
    check_marks(path, header.application_id, header.user_version)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(path, e))?;
    // The header may be stale when recent changes still sit in the -wal
    // file: the marks are read again through SQLite before any write.
    let (app_id, version) = read_marks(&conn).map_err(|e| classify(path, e))?;
    check_marks(path, app_id, version)?;
    configure(&conn).map_err(|e| classify(path, e))?;
    let mut store = Store {
        conn,
        path: path.to_owned(),
    };
    if version < SCHEMA_VERSION {
        store.check_integrity()?;
        migrate(&mut store, version, MIGRATIONS)?;
        return Ok((store, Opened::Migrated { from: version }));
    }
    Ok((store, Opened::Existing))
}

/// Reading the schema catches a damaged first page; then the file's marks.
fn read_marks(conn: &Connection) -> rusqlite::Result<(i32, i64)> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    let app_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok((app_id, version))
}

/// A Guichet file of a version this program can open.
fn check_marks(path: &Path, app_id: i32, version: i64) -> std::result::Result<(), OpenError> {
    if app_id != APPLICATION_ID {
        return Err(OpenError::Foreign {
            path: path.to_owned(),
            why: "an SQLite database of another program".into(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(newer(path, version));
    }
    if version < 1 {
        return Err(OpenError::Corrupt {
            path: path.to_owned(),
            detail: "it carries Guichet's mark but no schema version".into(),
        });
    }
    Ok(())
}

fn newer(path: &Path, found: i64) -> OpenError {
    OpenError::Newer {
        path: path.to_owned(),
        found,
        supported: SCHEMA_VERSION,
    }
}

/// Sorts SQLite's refusals into "not ours" and "damaged".
fn classify(path: &Path, e: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => OpenError::Foreign {
            path: path.to_owned(),
            why: "it is not an SQLite database".into(),
        },
        Some(ErrorCode::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied | ErrorCode::ReadOnly) => {
            OpenError::Unreadable {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()),
            }
        }
        _ => OpenError::Sqlite {
            path: path.to_owned(),
            source: e,
        },
    }
}

/// WAL so the door and the counter read while a sale commits; FULL sync so a
/// sale acknowledged to the clerk survives a power cut; foreign keys on; a
/// busy timeout so two counters wait for each other instead of failing.
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// Page size of a new database (bytes). A sale touches a dozen b-trees, one
/// page each: at 8 KiB its commit wrote twice the bytes, and the fsync took
/// the longer for it. (A sale's ledger record fits a 4 KiB page because the
/// ledger is a rowid table: see schema.sql.) Files made with 8 KiB pages
/// keep them.
const PAGE_SIZE: i64 = 4096;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // A sale runs some forty distinct statements: rusqlite keeps 16 by
    // default, and parsing the rest again on every sale cost more than
    // the sale's own work.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    stable_plans(conn)?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stayed {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Query plans that do not depend on the values bound. Without this,
/// SQLite marks a statement whose plan looked at a bound 0 or 1 (a terminal
/// id, a training flag, a LIMIT) for re-preparing, and rusqlite's cache
/// clears the bindings of every statement it takes back: a fifth of a sale's
/// time went to parsing the same statements again.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map(|_| ())
}

/// Creates the database in a temporary file beside `path` and moves it into
/// place only when complete, so an interrupted creation never leaves a
/// half-made file that the next start would refuse.
fn create(path: &Path) -> std::result::Result<Store, OpenError> {
    let create_err = |source| OpenError::Create {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        fs::create_dir_all(dir).map_err(create_err)?;
        // The venue's data (patrons, PIN hashes) is for its owner only.
        restrict(dir, 0o700).map_err(create_err)?;
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "guichet".into());
    let temp = path.with_file_name(format!(".{file_name}.creating-{}", random_suffix()));
    let sqlite_err = |source| OpenError::Sqlite {
        path: path.to_owned(),
        source,
    };
    let built = (|| -> rusqlite::Result<()> {
        let mut conn = Connection::open(&temp)?;
        // SQLite gives its -wal and -shm files the database file's mode.
        restrict(&temp, 0o600).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
        // Set before the first write, while it still can change.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        configure(&conn)?;
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        conn.close().map_err(|(_, e)| e)
    })();
    if let Err(e) = built {
        remove_with_companions(&temp);
        return Err(sqlite_err(e));
    }
    // hard_link fails if `path` appeared meanwhile: never replace a file.
    // Filesystems without hard links (a FAT USB stick) get a checked rename.
    let placed = match fs::hard_link(&temp, path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists && !path.exists() => {
            fs::rename(&temp, path)
        }
        other => other,
    };
    remove_with_companions(&temp);
    match placed {
        // Another program created it a moment ago: open theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return open_existing(path).map(|(store, _)| store);
        }
        other => other.map_err(create_err)?,
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(sqlite_err)?;
    configure(&conn).map_err(sqlite_err)?;
    Ok(Store {
        conn,
        path: path.to_owned(),
    })
}

/// Owner-only permissions (on Unix; elsewhere the folder's rules apply).
fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

fn remove_with_companions(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}

/// Applies `steps[from..]`, each in its own transaction, after a compact
/// copy of the file is written beside it. Foreign keys are off meanwhile
/// (SQLite's way of rebuilding a table would otherwise cascade deletes) and
/// checked before each step commits.
fn migrate(store: &mut Store, from: i64, steps: &[&str]) -> std::result::Result<(), OpenError> {
    let path = store.path.clone();
    let sqlite = |source| OpenError::Sqlite {
        path: path.clone(),
        source,
    };
    let backup = {
        let mut p = path.as_os_str().to_owned();
        p.push(format!(".before-v{}.bak", steps.len()));
        PathBuf::from(p)
    };
    if !backup.exists() {
        store
            .conn
            .execute("VACUUM INTO ?1", [backup.to_string_lossy()])
            .map_err(sqlite)?;
    }
    store
        .conn
        .pragma_update(None, "foreign_keys", "OFF")
        .map_err(sqlite)?;
    let mut committed = from;
    let mut outcome = Ok(());
    for (index, sql) in steps.iter().enumerate().skip(from as usize) {
        let step = index as i64 + 1;
        let applied = (|| -> rusqlite::Result<()> {
            let tx = store
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            let orphans: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if orphans > 0 {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
                    Some(format!("{orphans} rows would point to nothing")),
                ));
            }
            tx.pragma_update(None, "user_version", step)?;
            tx.commit()
        })();
        if let Err(source) = applied {
            outcome = Err(OpenError::Migration {
                path: path.clone(),
                step,
                committed,
                backup: backup.clone(),
                source,
            });
            break;
        }
        committed = step;
    }
    store
        .conn
        .pragma_update(None, "foreign_keys", "ON")
        .map_err(sqlite)?;
    outcome
}

/// A name no other program creating a database beside it would choose.
fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    // Without the system's randomness the process id still keeps two
    // programs apart.
    if getrandom::fill(&mut bytes).is_err() {
        return std::process::id().to_string();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runner itself, with a made-up history of three versions whose
    /// third step fails: the second stays committed, the third rolls back.
    #[test]
    fn migrations_apply_in_order_and_stop_at_a_failing_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
        }
        let (mut store, _) = Store::open(&path).unwrap();
        let steps = [
            MIGRATIONS[0],
            "ALTER TABLE setting ADD COLUMN note TEXT NOT NULL DEFAULT '';",
            "CREATE TABLE later (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);",
        ];
        let e = migrate(&mut store, 1, &steps).unwrap_err();
        match &e {
            OpenError::Migration {
                step, committed, ..
            } => assert_eq!((*step, *committed), (3, 2)),
            other => panic!("{other}"),
        }
        assert!(e.to_string().contains("the file is at version 2"), "{e}");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 2);
        let later: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'later'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(later, 0, "the failed step left nothing behind");
        store
            .conn
            .execute(
                "INSERT INTO setting (key, value, note) VALUES ('a', 'b', 'c')",
                [],
            )
            .unwrap();
        assert!(
            dir.path().join("old.db.before-v3.bak").exists(),
            "a copy before upgrading"
        );
        let fk: i64 = store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1, "foreign keys back on");
    }
}

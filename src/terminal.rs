//! This terminal at work: the open database, the key that signs its
//! ledger, and the program's one clock. The command line and the GUI start
//! the same way.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

use crate::ledger::{self, LedgerError, Signer, keys};
use crate::operators::Operator;
use crate::store::{self, OpenError, Opened, Store, StoreError};

/// Environment variable naming the database file (overridden by `--db`).
pub const DB_ENV: &str = "GUICHET_DB";

/// The database used when neither `--db` nor `GUICHET_DB` says otherwise:
/// `guichet.db` in the platform's data folder (on Linux
/// `~/.local/share/guichet/guichet.db`). PDFs, backups and exports go beside it.
pub fn default_db_path() -> PathBuf {
    directories::ProjectDirs::from("fr", "Guichet", "guichet")
        .map(|dirs| dirs.data_dir().join("guichet.db"))
        .unwrap_or_else(|| PathBuf::from("guichet.db"))
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "there is no database at {db}, but its terminal key {key} is there: the database it signed for is gone. Restore the database from your backup next to its key. To really start a new database here, first move the key file away (keep it: it proves the old records).",
        db = .db.display(), key = .key.display()
    )]
    OrphanKey { db: PathBuf, key: PathBuf },
}

/// The program's one clock: the only place that reads the wall clock.
/// Everything below the window and the command line takes `now` as an
/// argument; they read it here. Tests and benchmarks give a set clock, so
/// nothing depends on the day it runs.
#[derive(Clone, Debug)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The computer's clock (production).
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that says `at` until it is moved ([`Clock::set`],
    /// [`Clock::advance`]); its clones move with it.
    pub fn set_at(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a set clock to `at` (the system clock cannot be moved).
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.0 {
            *at.lock().unwrap_or_else(|e| e.into_inner()) = to;
        }
    }

    /// Moves a set clock forward (the system clock cannot be moved).
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.0 {
            let mut at = at.lock().unwrap_or_else(|e| e.into_inner());
            *at += by;
        }
    }
}

pub struct Terminal {
    pub store: Store,
    pub signer: Signer,
    pub opened: Opened,
    pub clock: Clock,
}

impl Terminal {
    /// Opens (or creates) the database and this terminal's key; on a new
    /// database the key and the genesis records are made, by `actor` or
    /// the system operator.
    ///
    /// Before anything is written: a key without its database is refused
    /// (a deleted database must not restart as a new, valid ledger), and an
    /// existing file has its pages checked (`PRAGMA quick_check`).
    pub fn open(db: &Path, clock: Clock) -> Result<Terminal, StartError> {
        let now = clock.now();
        let key_path = keys::key_path(db);
        if !db.exists() && key_path.exists() {
            return Err(StartError::OrphanKey {
                db: db.to_owned(),
                key: key_path,
            });
        }
        let (mut store, opened) = Store::open(db)?;
        if opened != Opened::Created {
            store.check_integrity()?;
        }
        let system = store.read(store::operators::system)?;
        let signer =
            ledger::open_terminal(&mut store, &key_path, &Operator::from(&system).actor(), now)?;
        Ok(Terminal {
            store,
            signer,
            opened,
            clock,
        })
    }
}

impl Terminal {
    /// What time it is, by the program's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Follows a key change made by another program on this database
    /// (`guichet key rotate` while the window is open): signs with the new
    /// key from now on. Says whether the key changed.
    pub fn follow_key_change(&mut self) -> Result<bool, StartError> {
        let terminal_id = self.signer.terminal_id;
        let current = self
            .store
            .read(|tx| store::terminals::current_key(tx, terminal_id))?;
        if current.is_none_or(|k| k.key_id == self.signer.key_id) {
            return Ok(false);
        }
        let system = self.store.read(store::operators::system)?;
        let key_path = keys::key_path(self.store.path());
        self.signer = ledger::open_terminal(
            &mut self.store,
            &key_path,
            &Operator::from(&system).actor(),
            self.clock.now(),
        )?;
        Ok(true)
    }
}

/// The id of this database's terminal without opening it for writing: the
/// one named by the key file beside it, else the first (read-only commands
/// such as `guichet orders find`).
pub fn this_terminal_id(store: &Store, db: &Path) -> Result<i64, StartError> {
    let terminals = store.read(store::terminals::all)?;
    let named = keys::load(&keys::key_path(db))
        .map_err(LedgerError::from)?
        .and_then(|k| terminals.iter().find(|t| t.public_id == k.terminal));
    Ok(named
        .or(terminals.first())
        .map(|t| t.id)
        .unwrap_or_default())
}

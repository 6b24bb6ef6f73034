//! This terminal at work: the open database, the key that signs its
//! ledger (and its changes: `keys.rs`), the program's one clock
//! (`clock.rs`), its settings. The window and the command line start here.
//! It may use domain, store, ledger and operators.

mod clock;
mod keys;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use clock::{CLOCK_ENV, Clock};
pub use keys::{KeyFile, KeyInfo, KeyOwner, TerminalKeys, key_file, key_list};

use crate::domain::Locale;
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store;

/// What the file, the key and the journal can answer, for the window and
/// the command line to word.
pub use crate::ledger::{
    LedgerError, canonical::CanonicalError, head::HeadError, keys::KeyError,
    rotation::RotationError,
};
pub use crate::store::StoreError;
/// The database, as the window and the command line hold it: opened here,
/// handed to the job modules.
pub use crate::store::{OpenError, Opened, Store};

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
    Open(#[from] OpenError),
    Ledger(#[from] LedgerError),
    Store(#[from] StoreError),
    OrphanKey {
        db: PathBuf,
        key: PathBuf,
    },
    /// A restore is replacing this database: wait for it to end.
    Restoring(PathBuf),
}

/// What kept the terminal from starting, as the window explains it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartProblem {
    /// Not a Guichet database.
    Foreign,
    /// Written by a newer Guichet.
    Newer,
    Corrupt,
    Unreadable,
    KeyMissing,
    KeyMismatch,
    /// An old key of this terminal (a backup).
    KeyRetired,
    /// The key file is readable by others.
    KeyTooOpen,
    /// The database is gone, its key left beside where it was.
    Gone,
    Other,
}

impl StartError {
    pub fn problem(&self) -> StartProblem {
        use ledger::keys::KeyError;
        match self {
            StartError::Open(OpenError::Foreign { .. }) => StartProblem::Foreign,
            StartError::Open(OpenError::Newer { .. }) => StartProblem::Newer,
            StartError::Open(OpenError::Corrupt { .. }) => StartProblem::Corrupt,
            StartError::Open(OpenError::Unreadable { .. }) => StartProblem::Unreadable,
            StartError::Ledger(LedgerError::KeyMissing { .. }) => StartProblem::KeyMissing,
            StartError::Ledger(LedgerError::KeyMismatch { .. }) => StartProblem::KeyMismatch,
            StartError::Ledger(LedgerError::KeyRetired { .. }) => StartProblem::KeyRetired,
            StartError::Ledger(LedgerError::Key(KeyError::TooOpen { .. })) => {
                StartProblem::KeyTooOpen
            }
            StartError::OrphanKey { .. } => StartProblem::Gone,
            _ => StartProblem::Other,
        }
    }
}

pub struct Terminal {
    pub store: Store,
    pub signer: Signer,
    pub opened: Opened,
    pub clock: Clock,
    /// Guichet is open on this database while this is held: a restore
    /// waits for it to close.
    _open: Option<store::in_use::Held>,
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
        let key_path = ledger::keys::key_path(db);
        if !db.exists() && key_path.exists() {
            return Err(StartError::OrphanKey {
                db: db.to_owned(),
                key: key_path,
            });
        }
        let (mut store, opened) = Store::open(db)?;
        // Held once the file is known to be a Guichet database (a foreign
        // file gets nothing written beside it).
        let open = store::in_use::hold(db).map_err(|_| StartError::Restoring(db.to_owned()))?;
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
            _open: open,
        })
    }
}

/// Where the key of the database at `db` is kept (beside it).
pub fn key_path_of(db: &Path) -> PathBuf {
    ledger::keys::key_path(db)
}

/// Opens the database to read only: commands that change nothing, and the
/// window's background work (each on a connection of its own).
pub fn read_only(db: &Path) -> Result<Store, OpenError> {
    Store::open_read_only(db)
}

impl Terminal {
    /// The interface language saved in Réglages, if one was.
    pub fn language(&self) -> Result<Option<Locale>, StoreError> {
        let saved = self
            .store
            .read(|tx| store::settings::get(tx, store::settings::LANGUAGE))?;
        Ok(saved.as_deref().and_then(Locale::parse))
    }

    /// Saves the interface language (Réglages).
    pub fn set_language(&mut self, locale: Locale) -> Result<(), StoreError> {
        self.store
            .write(|tx| store::settings::set(tx, store::settings::LANGUAGE, locale.code()))
    }

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
        let key_path = ledger::keys::key_path(self.store.path());
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
    let named = ledger::keys::load(&ledger::keys::key_path(db))
        .map_err(LedgerError::from)?
        .and_then(|k| terminals.iter().find(|t| t.public_id == k.terminal));
    Ok(named
        .or(terminals.first())
        .map(|t| t.id)
        .unwrap_or_default())
}

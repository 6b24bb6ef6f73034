//! A backup restored in one step: checked (its manifest, its checksum,
//! SQLite's integrity check), compared with the database it replaces (an
//! older backup is refused unless asked for explicitly; another terminal's
//! never), the current file kept aside (never overwritten), and the
//! restore recorded in the ledger with what was lost since the backup:
//! each chain's records past the backup, as the signed head beside the
//! database or the replaced file knew them. Numbering goes on past the
//! tickets and orders that may have been lost, so a lost ticket that
//! turns up at the door is recognised, not mistaken for another.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{BackupError, Manifest};
use crate::domain::journal::Chain;
use crate::domain::records::{self, Record};
use crate::ledger;
use crate::store::in_use;
use crate::store::{self, Store, settings};

/// Tickets a lost sale record may have issued at most (a basket's limit,
/// an outside order's): numbering after a restore leaves this many per
/// lost record.
const TICKETS_PER_RECORD: i64 = 1000;
/// With no witness of what was lost (no head beside the database, the
/// replaced file unreadable), numbering leaves this many.
const UNKNOWN_LOSS: i64 = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("Guichet is open on {0} (the window, or a command): close it first, then restore")]
    InUse(PathBuf),
    #[error(
        "the backup is older than the database it would replace (its {chain} chain ends at record {backup}, the database's at {here}): to go back to it anyway, say --older"
    )]
    Older {
        chain: String,
        backup: i64,
        here: i64,
    },
    #[error(
        "the database at {0} is another terminal's or another venue's: choose this terminal's backup, or the right --db"
    )]
    Other(PathBuf),
    #[error(
        "the terminal's key {0} is not beside the database: put it back (from where it was saved), then restore"
    )]
    NoKey(PathBuf),
    #[error(
        "this backup holds no sealed key (no passphrase was set when it was made): put the terminal's key file beside the database, then restore"
    )]
    NoSealedKey,
    #[error(
        "the database at {0} is in use (it has a venue or sales): restore over it from the command line, which keeps it aside"
    )]
    NotNew(PathBuf),
    #[error("the backup holds no terminal: it is not a whole Guichet database")]
    NoTerminal,
    #[error(
        "the key sealed beside the backup is an old key of its terminal (changed since it was sealed): choose a newer backup"
    )]
    StaleSealedKey,
    #[error("the terminal's key could not be put beside the database: {0}")]
    Key(String),
    #[error("the current database could not be kept aside ({0}): nothing was replaced")]
    Aside(String),
    #[error("the backup could not be put in place ({0}): the current database is back as it was")]
    Place(String),
    #[error("the restored database could not be opened to record the restore: {0}")]
    Open(String),
}

/// What a restore did.
#[derive(Clone, Debug)]
pub struct Restored {
    pub manifest: Manifest,
    /// Where the replaced database (and its head) were kept.
    pub kept_aside: Option<PathBuf>,
    /// What was lost since the backup, chain by chain.
    pub lost: Vec<records::Lost>,
}

/// What the database being replaced knew: its terminal, each of its
/// chains' last record, its numbering.
struct Known {
    terminal: Option<String>,
    /// Each chain's last record in the replaced file (it refuses an older
    /// backup)…
    in_file: BTreeMap<String, i64>,
    /// …and as far as the file and the head beside it knew (what was lost).
    chains: BTreeMap<String, i64>,
    last_ticket: i64,
    last_order: i64,
    /// The replaced file opened and held every record its head knew: its
    /// numbers are the last given.
    exact: bool,
}

/// Restores the backup `file` as the database `db`, recorded in the
/// ledger at `now`: an older backup only when `older`. The key beside the
/// database signs; when it is gone (a new machine), the key sealed in the
/// backup is opened with `passphrase`. The restored file is made whole
/// beside the database first (brought to this version's schema, the
/// restore signed in it): only then does it take the database's place, so
/// a failure or a kill before leaves the database as it was.
pub fn restore(
    file: &Path,
    db: &Path,
    (older, passphrase): (bool, Option<&str>),
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let manifest = super::check(file)?;
    let key = ledger::keys::key_path(db);
    // The key from the backup, opened before anything is written.
    let unsealed = match (key.exists(), super::key_file(file, &manifest), passphrase) {
        (true, _, _) => None,
        (false, Some(sealed), Some(passphrase)) => Some(super::sealed::open(&sealed, passphrase)?),
        (false, _, _) => return Err(RestoreError::NoKey(key).into()),
    };
    let alone = in_use::exclusive(db).map_err(|_| RestoreError::InUse(db.to_owned()))?;
    restore_alone(file, db, (manifest, unsealed), (older, false), now, alone)
}

/// On the first-run screen of a new machine: the database Guichet made
/// when it opened (its own creation and nothing else: no venue, no order,
/// no patron) and its key give way to the backup `file`, whose sealed key
/// `passphrase` opens. The backup and the passphrase are checked before
/// anything is removed; a database holding anything is refused.
pub fn restore_over_new(
    file: &Path,
    db: &Path,
    passphrase: &str,
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let manifest = super::check(file)?;
    let sealed = super::key_file(file, &manifest).ok_or(RestoreError::NoSealedKey)?;
    let unsealed = super::sealed::open(&sealed, passphrase)?;
    let alone = in_use::exclusive(db).map_err(|_| RestoreError::InUse(db.to_owned()))?;
    let new = Store::open_read_only(db)
        .ok()
        .and_then(|s| s.read(store::backup::holds).ok())
        .is_some_and(|h| h.venue.is_empty() && h.orders == 0 && h.patrons == 0);
    if !new {
        return Err(RestoreError::NotNew(db.to_owned()).into());
    }
    restore_alone(
        file,
        db,
        (manifest, Some(unsealed)),
        (false, true),
        now,
        alone,
    )
}

/// The restore itself, the database held alone (`_alone`): the backup's
/// manifest checked, and the key sealed in it when the one beside the
/// database is gone. Over a new database (`over_new`), that database and
/// its key are moved aside only once the backup is ready to take their
/// place, put back if it cannot, and removed once it has.
fn restore_alone(
    file: &Path,
    db: &Path,
    (manifest, unsealed): (Manifest, Option<(Vec<u8>, String)>),
    (older, over_new): (bool, bool),
    now: DateTime<Utc>,
    _alone: in_use::Held,
) -> Result<Restored, BackupError> {
    let key = ledger::keys::key_path(db);
    let mut staged = Staged::of(file, db)?;
    let (terminal, keys, current) = staged.store().read(|tx| -> Result<_, store::StoreError> {
        let t = store::terminals::founding(tx)?;
        let (keys, current) = match &t {
            Some(t) => (
                store::terminals::keys(tx, t.id)?,
                store::terminals::current_key(tx, t.id)?,
            ),
            None => (Vec::new(), None),
        };
        Ok((t, keys, current))
    })?;
    let terminal = terminal.ok_or(RestoreError::NoTerminal)?;
    if let Some((_, key_id)) = &unsealed
        && current.as_ref().is_none_or(|k| k.key_id != *key_id)
    {
        return Err(RestoreError::StaleSealedKey.into());
    }
    let in_backup = chains_of(staged.store(), terminal.id)?;
    // A new database knows nothing the backup would lose.
    let known = if over_new {
        Known::nothing()
    } else {
        known(db, &keys)
    };
    if known
        .terminal
        .as_ref()
        .is_some_and(|t| *t != terminal.public_id)
    {
        return Err(RestoreError::Other(db.to_owned()).into());
    }
    for (chain, here) in &known.in_file {
        let there = in_backup.get(chain).copied().unwrap_or(0);
        if *here > there && !older {
            return Err(RestoreError::Older {
                chain: chain.clone(),
                backup: there,
                here: *here,
            }
            .into());
        }
    }
    let lost: Vec<records::Lost> = known
        .chains
        .iter()
        .filter_map(|(chain, here)| {
            let there = in_backup.get(chain).copied().unwrap_or(0);
            (*here > there).then(|| records::Lost {
                chain: chain.clone(),
                from: there + 1,
                to: *here,
            })
        })
        .collect();
    let aside = with_suffix(db, &now.format(".before-restore-%Y%m%d-%H%M%S").to_string());
    let record = numbering(
        &manifest,
        &known,
        &lost,
        (db.exists() && !over_new).then_some(aside.as_path()),
    );
    // The restore signed in the staged file, with the key that will sign
    // after it (refused here, before anything moved, when it is not).
    let key_used = match &unsealed {
        Some((bytes, _)) => {
            let staged_key = with_suffix(&staged.db, ".key");
            super::sealed::write_private(&staged_key, bytes)
                .map_err(|e| RestoreError::Open(format!("the key: {e}")))?;
            staged_key
        }
        None => key.clone(),
    };
    staged.sign(&key_used, record, now)?;
    let kept_aside = if over_new {
        new_aside(db, &aside)?;
        None
    } else {
        keep_aside(db, &aside)?
    };
    let placed = staged.put_in_place(db, &aside).and_then(|()| {
        if unsealed.is_some() {
            fs::rename(&key_used, &key).map_err(|e| RestoreError::Key(e.to_string()))?;
        }
        Ok(())
    });
    if over_new {
        settle_new(db, &aside, placed.is_err());
    }
    placed?;
    if unsealed.is_some() {
        // The key sealed as the passphrase opened it goes on travelling
        // with the next backups (failing that, Réglages asks to seal it).
        if let Some(bytes) = super::key_file(file, &manifest).and_then(|f| fs::read(f).ok()) {
            let _ = super::sealed::write_private(&super::sealed::path(db), &bytes);
        }
    }
    Ok(Restored {
        manifest,
        kept_aside,
        lost,
    })
}

/// The backup copied beside the database (`….restoring`), brought to this
/// version's schema, where the restore is signed before it takes the
/// database's place. Removed, with its key and head, unless put in place:
/// a refused restore leaves no copy of the patron file, nor an unsealed
/// key, behind.
struct Staged {
    db: PathBuf,
    store: Option<Store>,
    placed: bool,
}

/// The files of a database beside its own: its log and shared memory…
const LOG: [&str; 3] = ["", "-wal", "-shm"];
/// …and with them its signed head and its key.
const COMPANIONS: [&str; 5] = ["", "-wal", "-shm", ".head", ".key"];

impl Staged {
    fn of(file: &Path, db: &Path) -> Result<Staged, BackupError> {
        let staged = with_suffix(db, ".restoring");
        for companion in COMPANIONS {
            let _ = fs::remove_file(with_suffix(&staged, companion));
        }
        let mut this = Staged {
            db: staged,
            store: None,
            placed: false,
        };
        fs::copy(file, &this.db).map_err(|e| RestoreError::Place(e.to_string()))?;
        let (store, _) = Store::open(&this.db).map_err(|e| RestoreError::Open(e.to_string()))?;
        this.store = Some(store);
        Ok(this)
    }

    fn store(&self) -> &Store {
        self.store.as_ref().expect("open until put in place")
    }

    /// The `restored` record and the numbering past what was lost, signed
    /// with the key at `key`, and the head written for it.
    fn sign(
        &mut self,
        key: &Path,
        record: records::Restored,
        now: DateTime<Utc>,
    ) -> Result<(), BackupError> {
        let opened = |e: String| BackupError::from(RestoreError::Open(e));
        let store = self.store.as_mut().expect("open until put in place");
        let system = crate::operators::system(store)?;
        let signer = ledger::open_terminal(store, key, &system.actor(), now)
            .map_err(|e| opened(e.to_string()))?;
        let (next_ticket, next_order) = (record.next_ticket, record.next_order);
        ledger::write(store, &signer, |tx| {
            ledger::append(
                tx,
                &signer,
                Chain::Fiscal,
                &system.actor(),
                &Record::Restored(record),
                now,
            )?;
            settings::set(tx, settings::NEXT_TICKET, &next_ticket.to_string())?;
            settings::set(tx, settings::NEXT_ORDER, &next_order.to_string())?;
            Ok::<_, ledger::LedgerError>(())
        })
        .map_err(|e| opened(e.to_string()))?;
        ledger::head::save(store, &signer).map_err(|e| opened(e.to_string()))?;
        Ok(())
    }

    /// Renames the staged file (and its head) to the database's name; when
    /// that fails, what was kept aside goes back.
    fn put_in_place(&mut self, db: &Path, aside: &Path) -> Result<(), BackupError> {
        drop(self.store.take());
        let staged = &self.db;
        let placed = fs::File::options()
            .write(true)
            .open(staged)
            .and_then(|f| f.sync_all())
            .and_then(|()| fs::rename(staged, db))
            .and_then(|()| fs::rename(with_suffix(staged, ".head"), ledger::head::path(db)));
        if let Err(e) = placed {
            for companion in LOG {
                let _ = fs::rename(with_suffix(aside, companion), with_suffix(db, companion));
            }
            return Err(RestoreError::Place(e.to_string()).into());
        }
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        drop(self.store.take());
        // Once placed, only its key may be left (renamed in its turn).
        let left: &[&str] = if self.placed { &[".key"] } else { &COMPANIONS };
        for companion in left {
            let _ = fs::remove_file(with_suffix(&self.db, companion));
        }
    }
}

/// Each chain's last record of a terminal in a database.
fn chains_of(store: &Store, terminal_id: i64) -> Result<BTreeMap<String, i64>, BackupError> {
    let mut chains = BTreeMap::new();
    for chain in Chain::ALL {
        if let Some((seq, _)) =
            store.read(|tx| store::ledger::head(tx, terminal_id, chain.as_str()))?
        {
            chains.insert(chain.as_str().to_owned(), seq);
        }
    }
    Ok(chains)
}

impl Known {
    /// A database that holds nothing (a new one).
    fn nothing() -> Known {
        Known {
            terminal: None,
            in_file: BTreeMap::new(),
            chains: BTreeMap::new(),
            last_ticket: 0,
            last_order: 0,
            exact: true,
        }
    }
}

/// What the database being replaced (when it opens) and the signed head
/// beside it (when it verifies with the terminal's keys) knew: the most of
/// the two.
/// A database too damaged to be read (the reason to restore) knows
/// nothing: only its head then says what was lost.
fn known(db: &Path, keys: &[store::terminals::KeyRow]) -> Known {
    let mut known = Known {
        exact: false,
        ..Known::nothing()
    };
    let read = |current: &Store| -> Result<_, BackupError> {
        let t = current.read(store::terminals::founding)?;
        let chains = match &t {
            Some(t) => chains_of(current, t.id)?,
            None => BTreeMap::new(),
        };
        Ok((t, chains, current.read(store::backup::holds)?))
    };
    if let Some((t, chains, holds)) = Store::open_read_only(db)
        .ok()
        .and_then(|current| read(&current).ok())
    {
        known.exact = true;
        known.terminal = t.map(|t| t.public_id);
        known.in_file = chains.clone();
        known.chains = chains;
        known.last_ticket = holds.last_ticket;
        known.last_order = holds.last_order;
    }
    let keys: Vec<[u8; 32]> = keys
        .iter()
        .filter_map(|k| <[u8; 32]>::try_from(k.public_key.as_slice()).ok())
        .collect();
    if let Ok(Some(head)) = ledger::head::read(db, &keys) {
        for (chain, (seq, _)) in head.chains {
            let entry = known.chains.entry(chain).or_default();
            if seq > *entry {
                known.exact = false;
                *entry = seq;
            }
        }
    }
    known
}

/// The restore's record: the backup, what was lost, and where numbering
/// goes on (past every ticket and order the lost records may have issued).
fn numbering(
    manifest: &Manifest,
    known: &Known,
    lost: &[records::Lost],
    kept_aside: Option<&Path>,
) -> records::Restored {
    let lost_records: i64 = lost
        .iter()
        .filter(|l| l.chain == Chain::Fiscal.as_str())
        .map(|l| l.to - l.from + 1)
        .sum();
    // Known from the replaced file: numbering goes on after it; else a
    // margin for each lost record, or a wide one when nothing witnessed it.
    let margin = match (known.exact, known.chains.is_empty()) {
        (true, _) => 0,
        (false, true) => UNKNOWN_LOSS,
        (false, false) => lost_records * TICKETS_PER_RECORD,
    };
    let next_ticket = (manifest.holds.last_ticket + margin).max(known.last_ticket) + 1;
    let next_order = (manifest.holds.last_order + margin).max(known.last_order) + 1;
    records::Restored {
        backup: manifest.file.clone(),
        made_at: manifest.made_at.to_rfc3339(),
        sha256: manifest.sha256.clone(),
        lost: lost.to_vec(),
        tickets_from: manifest.holds.last_ticket + 1,
        next_ticket,
        next_order,
        kept_aside: kept_aside.map(|p| p.display().to_string()),
    }
}

/// Moves the current database (its write-ahead log and shared memory with
/// it) aside under `….before-restore-YYYYMMDD-HHMMSS`, and a copy of its
/// signed head (the witness of what was lost; the restored one replaces
/// it): where it went (None: there was no database).
fn keep_aside(db: &Path, aside: &Path) -> Result<Option<PathBuf>, BackupError> {
    let there = db.exists();
    for companion in LOG {
        let from = with_suffix(db, companion);
        if from.exists() {
            fs::rename(&from, with_suffix(aside, companion))
                .map_err(|e| RestoreError::Aside(e.to_string()))?;
        }
    }
    let head = ledger::head::path(db);
    if head.exists() {
        fs::copy(&head, with_suffix(aside, ".head"))
            .map_err(|e| RestoreError::Aside(e.to_string()))?;
    }
    Ok(there.then(|| aside.to_owned()))
}

/// Moves a new database, its log, its head and its key aside under
/// `aside`'s name (put back or removed by the caller).
fn new_aside(db: &Path, aside: &Path) -> Result<(), BackupError> {
    for companion in COMPANIONS {
        let from = with_suffix(db, companion);
        if from.exists() {
            fs::rename(&from, with_suffix(aside, companion))
                .map_err(|e| RestoreError::Aside(e.to_string()))?;
        }
    }
    Ok(())
}

/// The new database moved aside: put `back` when the backup could not
/// take its place, else removed (it signed nothing but its own creation).
fn settle_new(db: &Path, aside: &Path, back: bool) {
    for companion in COMPANIONS {
        let (aside, here) = (with_suffix(aside, companion), with_suffix(db, companion));
        let _ = if back {
            fs::rename(aside, here)
        } else {
            fs::remove_file(aside)
        };
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

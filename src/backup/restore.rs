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
/// backup is opened with `passphrase`.
pub fn restore(
    file: &Path,
    db: &Path,
    (older, passphrase): (bool, Option<&str>),
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    let manifest = super::check(file)?;
    let key = ledger::keys::key_path(db);
    // The key from the backup, opened before anything is written.
    let unsealed = match (key.exists(), &manifest.key, passphrase) {
        (true, _, _) => None,
        (false, Some(sealed), Some(passphrase)) => {
            let folder = file.parent().unwrap_or(Path::new("."));
            Some(super::sealed::open(&folder.join(sealed), passphrase)?)
        }
        (false, _, _) => return Err(RestoreError::NoKey(key).into()),
    };
    let _alone = in_use::exclusive(db).map_err(|_| RestoreError::InUse(db.to_owned()))?;
    let backup = Store::open_read_only(file).map_err(|e| RestoreError::Open(e.to_string()))?;
    let (terminal, keys) = backup.read(|tx| -> Result<_, store::StoreError> {
        let t = store::terminals::founding(tx)?;
        let keys = match &t {
            Some(t) => store::terminals::keys(tx, t.id)?,
            None => Vec::new(),
        };
        Ok((t, keys))
    })?;
    let terminal = terminal.ok_or_else(|| RestoreError::Open("it holds no terminal".into()))?;
    if let Some((_, key_id)) = &unsealed
        && !keys.iter().any(|k| k.key_id == *key_id)
    {
        return Err(RestoreError::Open("the sealed key is not this terminal's".into()).into());
    }
    let in_backup = chains_of(&backup, terminal.id)?;
    drop(backup);
    let known = known(db, &keys)?;
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
    let kept_aside = keep_aside(db, &aside)?;
    put_in_place(file, db, &aside)?;
    if let Some((bytes, _)) = &unsealed {
        super::sealed::write_private(&key, bytes)
            .map_err(|e| RestoreError::Place(format!("the key: {e}")))?;
    }
    let record = numbering(&manifest, &known, &lost, kept_aside.as_deref());
    let opened = |e: String| RestoreError::Open(e);
    let (mut store, _) = Store::open(db).map_err(|e| opened(e.to_string()))?;
    let system = crate::operators::system(&store)?;
    let signer = ledger::open_terminal(&mut store, &key, &system.actor(), now)
        .map_err(|e| opened(e.to_string()))?;
    let (next_ticket, next_order) = (record.next_ticket, record.next_order);
    ledger::write(&mut store, &signer, |tx| {
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
    .map_err(|e| RestoreError::Open(e.to_string()))?;
    // The head beside the database starts again from the restored chain.
    ledger::head::save(&store, &signer).map_err(|e| RestoreError::Open(e.to_string()))?;
    Ok(Restored {
        manifest,
        kept_aside,
        lost,
    })
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

/// What the database being replaced (when it opens) and the signed head
/// beside it (when it verifies with the terminal's keys) knew: the most of
/// the two.
fn known(db: &Path, keys: &[store::terminals::KeyRow]) -> Result<Known, BackupError> {
    let mut known = Known {
        terminal: None,
        in_file: BTreeMap::new(),
        chains: BTreeMap::new(),
        last_ticket: 0,
        last_order: 0,
        exact: false,
    };
    if let Ok(current) = Store::open_read_only(db) {
        known.exact = true;
        if let Some(t) = current.read(store::terminals::founding)? {
            known.terminal = Some(t.public_id.clone());
            known.in_file = chains_of(&current, t.id)?;
            known.chains = known.in_file.clone();
        }
        let holds = current.read(store::backup::holds)?;
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
    Ok(known)
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

/// Moves the current database (its write-ahead log, shared memory and
/// signed head with it) aside under `….before-restore-YYYYMMDD-HHMMSS`:
/// where it went (None: there was none; a head left by a database that is
/// gone is moved aside all the same, the witness of what was lost).
fn keep_aside(db: &Path, aside: &Path) -> Result<Option<PathBuf>, BackupError> {
    let there = db.exists();
    for companion in ["", "-wal", "-shm"] {
        let from = with_suffix(db, companion);
        if from.exists() {
            fs::rename(&from, with_suffix(aside, companion))
                .map_err(|e| RestoreError::Aside(e.to_string()))?;
        }
    }
    let head = ledger::head::path(db);
    if head.exists() {
        fs::rename(&head, with_suffix(aside, ".head"))
            .map_err(|e| RestoreError::Aside(e.to_string()))?;
    }
    Ok(there.then(|| aside.to_owned()))
}

/// The backup copied in place of the database: under a temporary name,
/// synced, then renamed. When that fails, what was kept aside goes back.
fn put_in_place(file: &Path, db: &Path, aside: &Path) -> Result<(), BackupError> {
    let partial = with_suffix(db, ".restoring");
    let placed = fs::copy(file, &partial)
        .and_then(|_| fs::File::open(&partial)?.sync_all())
        .and_then(|()| fs::rename(&partial, db));
    if let Err(e) = placed {
        let _ = fs::remove_file(&partial);
        for companion in ["", "-wal", "-shm"] {
            let _ = fs::rename(with_suffix(aside, companion), with_suffix(db, companion));
        }
        let _ = fs::rename(with_suffix(aside, ".head"), ledger::head::path(db));
        return Err(RestoreError::Place(e.to_string()).into());
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

//! Backups a venue can count on. For a venue on one PC the backup is the
//! only second copy of every sale, the season and the patron file; taken
//! after a closing, it is also a witness of the ledger up to it.
//!
//! A backup is one file made by SQLite's online backup API (never a copy
//! of the live file's bytes), written under a temporary name, checked
//! (SQLite's integrity check, the ledger verified), then renamed, with a
//! small manifest beside it saying when, what it holds, the last record
//! of each chain, the program's version and the file's SHA-256. A backup
//! cut short (a kill, a full disk) leaves no file under a final name.
//!
//! They go to a folder beside the database (`guichet.db.backups`) and, when
//! the administrator chose one, a second place (a USB stick, a share): a
//! place missing or full is reported, never skipped in silence; what is
//! kept is the last 14 days, 12 months and every year, by default.

mod restore;
pub mod sealed;

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use restore::{RestoreError, Restored, restore, restore_over_new};

use crate::domain::operator::Act;
use crate::ledger;
use crate::operators::Operator;
pub use crate::store::backup::Holds;
use crate::store::{self, Store, StoreError, settings};

/// What a manifest says it is.
pub const FORMAT: &str = "guichet-backup 1";
/// A manifest is small: one longer than this is not one.
const MAX_MANIFEST: u64 = 256 * 1024;
/// A backup's temporary file left by a process that died is removed once
/// it is this old (a younger one may be another process's, being written).
const STALE_PARTIAL: chrono::Duration = chrono::Duration::hours(1);

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the backup place {0} is missing (a USB stick not plugged in, a share not mounted): plug it in, or choose another place"
    )]
    Missing(PathBuf),
    #[error("the backup could not be written to {place}: {why}")]
    Write { place: PathBuf, why: String },
    #[error("the database is damaged ({0}): this backup is not kept; the previous ones are")]
    Damaged(String),
    #[error("{0} is not a Guichet backup, or not a whole one: {1}")]
    NotABackup(PathBuf, String),
    #[error("the backup {0} was changed or damaged since it was made ({1}): it is refused")]
    Corrupted(PathBuf, String),
    #[error("what is kept is 1 to 366 daily backups and 0 to 120 monthly ones")]
    Keep,
    #[error("where backups go, and the key's passphrase, are an administrator's choice")]
    NotAllowed,
    #[error("a passphrase is at least {0} characters: a few words nobody would guess")]
    WeakPassphrase(usize),
    #[error("the passphrase does not open the key: nothing was written")]
    Passphrase,
    #[error("{0}: give the second place as a full path (/media/usb/sauvegardes)")]
    NotAbsolute(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Restore(#[from] restore::RestoreError),
}

/// A backup's manifest: what it is, what it holds, and its checksum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub made_at: DateTime<Utc>,
    /// The terminal whose database it is (its public id): backups of
    /// several terminals may share a place.
    #[serde(default)]
    pub terminal: String,
    pub program: String,
    pub schema: i64,
    pub holds: Holds,
    /// The last record of each chain of each terminal in the backup.
    pub chains: Vec<ChainHead>,
    /// "intact", or the ledger's first break as the backup holds it.
    pub ledger: String,
    /// The backup's file name, beside the manifest.
    pub file: String,
    pub size: u64,
    pub sha256: String,
    /// The terminal's key sealed with the administrator's passphrase, its
    /// file beside the backup (None: left out, no passphrase set).
    #[serde(default)]
    pub key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub terminal: String,
    pub chain: String,
    pub records: i64,
    pub last_hash: String,
}

/// A backup made: its file and its manifest.
#[derive(Clone, Debug)]
pub struct Made {
    pub file: PathBuf,
    pub manifest: Manifest,
}

/// What is kept of the backups in a place: the newest of each of the last
/// `daily` days, of each of the last `monthly` months, and of every year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keep {
    pub daily: u32,
    pub monthly: u32,
}

impl Default for Keep {
    fn default() -> Keep {
        Keep {
            daily: 14,
            monthly: 12,
        }
    }
}

impl Keep {
    pub fn new(daily: u32, monthly: u32) -> Result<Keep, BackupError> {
        if !(1..=366).contains(&daily) || monthly > 120 {
            return Err(BackupError::Keep);
        }
        Ok(Keep { daily, monthly })
    }
}

/// The folder beside the database its backups go to by default.
pub fn default_place(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".backups");
    PathBuf::from(p)
}

/// The second place the administrator chose, if any.
pub fn second_place(store: &Store) -> Result<Option<PathBuf>, BackupError> {
    Ok(store
        .read(|tx| settings::get(tx, settings::BACKUP_SECOND))?
        .filter(|p| !p.trim().is_empty())
        .map(PathBuf::from))
}

/// What is kept, as set (the default when unset).
pub fn keep(store: &Store) -> Result<Keep, BackupError> {
    let set = store.read(|tx| settings::get(tx, settings::BACKUP_KEEP))?;
    Ok(set
        .and_then(|v| {
            let (d, m) = v.split_once(',')?;
            Keep::new(d.trim().parse().ok()?, m.trim().parse().ok()?).ok()
        })
        .unwrap_or_default())
}

/// Sets where backups go besides the folder beside the database (`Some(None)`:
/// nowhere else) and what is kept: an administrator's choice. A second
/// place must be there when it is chosen (a USB stick plugged in).
pub fn set_places(
    store: &mut Store,
    by: &Operator,
    second: Option<Option<&Path>>,
    keep: Option<Keep>,
) -> Result<(), BackupError> {
    if !by.role.may(Act::Administer) {
        return Err(BackupError::NotAllowed);
    }
    if let Some(Some(place)) = second {
        if !place.is_absolute() {
            return Err(BackupError::NotAbsolute(place.to_owned()));
        }
        if !place.is_dir() {
            return Err(BackupError::Missing(place.to_owned()));
        }
    }
    store.write(|tx| -> Result<(), StoreError> {
        if let Some(second) = second {
            let value = second.map(|p| p.display().to_string()).unwrap_or_default();
            settings::set(tx, settings::BACKUP_SECOND, &value)?;
        }
        if let Some(k) = keep {
            settings::set(
                tx,
                settings::BACKUP_KEEP,
                &format!("{},{}", k.daily, k.monthly),
            )?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Why a backup failed, as kept until one succeeds (the window words it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    Missing(PathBuf),
    Write { place: PathBuf, why: String },
    Damaged(String),
    Other(String),
}

impl From<&BackupError> for Failure {
    fn from(e: &BackupError) -> Failure {
        match e {
            BackupError::Missing(place) => Failure::Missing(place.clone()),
            BackupError::Write { place, why } => Failure::Write {
                place: place.clone(),
                why: why.clone(),
            },
            BackupError::Damaged(why) => Failure::Damaged(why.clone()),
            other => Failure::Other(other.to_string()),
        }
    }
}

/// Why the last automatic backup failed, until one succeeds (the window's
/// status bar says it).
pub fn failing(store: &Store) -> Result<Option<Failure>, BackupError> {
    Ok(store
        .read(|tx| settings::get(tx, settings::BACKUP_FAILED))?
        .filter(|v| !v.is_empty())
        .map(|v| serde_json::from_str(&v).unwrap_or(Failure::Other(v))))
}

/// Every place's outcome of one backup round.
#[derive(Debug, Default)]
pub struct Round {
    pub made: Vec<Made>,
    pub failed: Vec<BackupError>,
    /// The terminal's key is not in these backups: no passphrase was set,
    /// or the key changed since it was.
    pub key_left_out: bool,
}

/// Backs up into the default place and the second one: each place made or
/// failed on its own (a missing USB stick does not stop the first). The
/// outcome is kept for the status bar: the first failure, until a round
/// succeeds everywhere.
pub fn run(store: &mut Store, now: DateTime<Utc>) -> Result<Round, BackupError> {
    let mut places = vec![(default_place(store.path()), true)];
    if let Some(second) = second_place(store)? {
        places.push((second, false));
    }
    let keep = keep(store)?;
    let zone = store
        .read(store::venue::time_zone)?
        .unwrap_or(chrono_tz::UTC);
    let mut round = Round {
        key_left_out: sealed::current(store)?.is_none(),
        ..Round::default()
    };
    for (place, create) in places {
        match make(store, &place, create, now) {
            Ok(made) => {
                if let Err(e) = prune(&place, keep, (&made, zone), now) {
                    round.failed.push(e);
                }
                round.made.push(made);
            }
            Err(e) => round.failed.push(e),
        }
    }
    let failed = round
        .failed
        .first()
        .map(|e| serde_json::to_string(&Failure::from(e)).unwrap_or_default())
        .unwrap_or_default();
    // Kept for the status bar; a disk too full to keep it is one more
    // failure of the round, not a reason to lose the others.
    if let Err(e) = store.write(|tx| settings::set(tx, settings::BACKUP_FAILED, &failed)) {
        round.failed.push(BackupError::Store(e));
    }
    Ok(round)
}

/// [`run`] for the window, on the database `db` opened again: it runs on a
/// thread of its own (`ui::widget::off_thread`), the window never waits on
/// it.
pub fn run_apart(db: &Path, now: DateTime<Utc>) -> Result<Round, BackupError> {
    let (mut store, _) = Store::open(db).map_err(|e| BackupError::Damaged(e.to_string()))?;
    run(&mut store, now)
}

/// Makes one backup into `place` (created when `create`, else it must be
/// there): its file and manifest.
pub fn make(
    store: &Store,
    place: &Path,
    create: bool,
    now: DateTime<Utc>,
) -> Result<Made, BackupError> {
    let write = |why: String| BackupError::Write {
        place: place.to_owned(),
        why,
    };
    if create {
        fs::create_dir_all(place).map_err(|e| write(e.to_string()))?;
    }
    if !place.is_dir() {
        return Err(BackupError::Missing(place.to_owned()));
    }
    let zone = store
        .read(store::venue::time_zone)?
        .unwrap_or(chrono_tz::UTC);
    // The terminal's tag in the name: terminals may share a place.
    let tag_of: String = store
        .read(store::terminals::founding)?
        .map(|t| terminal_tag(&t.public_id))
        .unwrap_or_default();
    let stem = free_name(
        place,
        &format!(
            "guichet-{}-{tag_of}",
            now.with_timezone(&zone).format("%Y%m%d-%H%M%S")
        ),
    );
    let file = place.join(format!("{stem}.db"));
    let partial = Partial(place.join(format!(".{stem}.db.{}.partial", tag())));
    // Made readable by its owner only before a page goes in: it holds the
    // patron file (a shared place must not show it to every account).
    sealed::write_private(&partial.0, &[]).map_err(|e| write(e.to_string()))?;
    store::backup::copy_into(store, &partial.0).map_err(|e| write(e.to_string()))?;
    let mut manifest = checked(&partial.0, now, &format!("{stem}.db"))?;
    sync(&partial.0).map_err(|e| write(e.to_string()))?;
    // The key, sealed, beside it (before the manifest that names it).
    if let Some(key) = sealed::current(store)? {
        let bytes = fs::read(&key).map_err(|e| write(e.to_string()))?;
        let name = format!("{stem}.key.sealed");
        sealed::write_private(&place.join(&name), &bytes).map_err(|e| write(e.to_string()))?;
        manifest.key = Some(name);
    }
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| write(e.to_string()))?;
    let manifest_partial = Partial(place.join(format!(".{stem}.json.{}.partial", tag())));
    fs::File::create(&manifest_partial.0)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| write(e.to_string()))?;
    // The database first, then its manifest: a backup is whole only with
    // its manifest, and a manifest never names a file that is not there.
    partial.keep_as(&file).map_err(|e| write(e.to_string()))?;
    manifest_partial
        .keep_as(&place.join(format!("{stem}.json")))
        .map_err(|e| write(e.to_string()))?;
    if let Ok(dir) = fs::File::open(place) {
        let _ = dir.sync_all();
    }
    Ok(Made { file, manifest })
}

/// The short code of a terminal (by its public id) that ends the names of
/// its backups: terminals may share a place.
pub fn terminal_tag(public_id: &str) -> String {
    public_id.chars().rev().take(6).collect()
}

/// A file being written under a temporary name: removed unless kept.
struct Partial(PathBuf);

impl Partial {
    fn keep_as(self, to: &Path) -> std::io::Result<()> {
        fs::rename(&self.0, to)?;
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// A name not taken yet in `place`: `stem`, else `stem-2`, `stem-3`…
fn free_name(place: &Path, stem: &str) -> String {
    let taken = |s: &str| {
        ["db", "json", "key.sealed"]
            .iter()
            .any(|x| place.join(format!("{s}.{x}")).exists())
    };
    if !taken(stem) {
        return stem.to_owned();
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| stem.to_owned())
}

fn tag() -> String {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    data_encoding::HEXLOWER.encode(&bytes)
}

/// Flushed to the disk (opened for writing: Windows flushes nothing
/// else).
fn sync(path: &Path) -> std::io::Result<()> {
    fs::File::options().write(true).open(path)?.sync_all()
}

/// The copy at `path` checked (SQLite's integrity check, the ledger
/// verified) and described: its manifest. A damaged copy is no backup; a
/// ledger that does not verify is kept (it is still the only second copy)
/// and its manifest says so.
fn checked(path: &Path, made_at: DateTime<Utc>, file: &str) -> Result<Manifest, BackupError> {
    let copy = Store::open_read_only(path).map_err(|e| BackupError::Damaged(e.to_string()))?;
    let found = store::backup::integrity(&copy)?;
    if !found.is_empty() {
        return Err(BackupError::Damaged(found.join("; ")));
    }
    let report = ledger::verify::verify(&copy)?;
    let holds = copy.read(store::backup::holds)?;
    let terminal = copy
        .read(store::terminals::founding)?
        .map(|t| t.public_id)
        .unwrap_or_default();
    drop(copy);
    let (size, sha256) = digest(path).map_err(|e| BackupError::Write {
        place: path.to_owned(),
        why: e.to_string(),
    })?;
    Ok(Manifest {
        format: FORMAT.into(),
        made_at,
        terminal,
        program: env!("CARGO_PKG_VERSION").into(),
        schema: holds.schema,
        holds,
        ledger: match &report.first_break {
            None => "intact".into(),
            Some(b) => b.to_string(),
        },
        chains: report
            .chains
            .iter()
            .map(|c| ChainHead {
                terminal: c.terminal.clone(),
                chain: c.chain.clone(),
                records: c.records,
                last_hash: c.last_hash.clone(),
            })
            .collect(),
        file: file.into(),
        size,
        sha256,
        key: None,
    })
}

/// A file's size and SHA-256 (hex), read in pieces.
fn digest(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = fs::File::open(path)?;
    let mut hash = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hash.update(&buffer[..n]);
        size += n as u64;
    }
    Ok((size, data_encoding::HEXLOWER.encode(&hash.finalize())))
}

/// The manifest beside a backup file (`….db` → `….json`), read within
/// bounds.
pub fn manifest_of(file: &Path) -> Result<Manifest, BackupError> {
    let not = |why: &str| BackupError::NotABackup(file.to_owned(), why.to_owned());
    let path = file.with_extension("json");
    let meta = fs::metadata(&path).map_err(|_| not("its manifest (.json) is not beside it"))?;
    if meta.len() > MAX_MANIFEST {
        return Err(not("its manifest is too large to be one"));
    }
    let mut text = String::new();
    fs::File::open(&path)
        .and_then(|f| f.take(MAX_MANIFEST).read_to_string(&mut text))
        .map_err(|_| not("its manifest cannot be read"))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|_| not("its manifest is not one"))?;
    if manifest.format != FORMAT {
        return Err(not("its manifest is of another format"));
    }
    Ok(manifest)
}

/// A backup checked as a restore checks it: its manifest, its size and
/// checksum, SQLite's integrity check.
pub fn check(file: &Path) -> Result<Manifest, BackupError> {
    let manifest = manifest_of(file)?;
    let corrupted = |why: String| BackupError::Corrupted(file.to_owned(), why);
    let (size, sha256) = digest(file).map_err(|e| corrupted(e.to_string()))?;
    if size != manifest.size || sha256 != manifest.sha256 {
        return Err(corrupted(
            "its checksum is not the one its manifest holds".into(),
        ));
    }
    // Any schema version: a backup an earlier Guichet made is restored
    // (and brought up to date) all the same.
    let found = store::backup::integrity_of(file).map_err(|e| corrupted(e.to_string()))?;
    if !found.is_empty() {
        return Err(corrupted(found.join("; ")));
    }
    Ok(manifest)
}

/// The whole backups in a place (with their manifest), newest first.
pub fn list(place: &Path) -> Vec<Made> {
    let Ok(entries) = fs::read_dir(place) else {
        return Vec::new();
    };
    let mut found: Vec<Made> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .filter_map(|file| {
            let manifest = manifest_of(&file).ok()?;
            Some(Made { file, manifest })
        })
        .collect();
    found.sort_by_key(|b| std::cmp::Reverse(b.manifest.made_at));
    found
}

/// Removes this terminal's backups of a place past what is kept (days,
/// months and years in the venue's `zone`; never the one `made` just now,
/// nor the newest whose ledger was intact; another terminal's backups in a
/// shared place are its own to prune), and temporary files left by a
/// backup that died (older than an hour at `now`): the files removed.
pub fn prune(
    place: &Path,
    keep: Keep,
    (made, zone): (&Made, chrono_tz::Tz),
    now: DateTime<Utc>,
) -> Result<Vec<PathBuf>, BackupError> {
    let all: Vec<Made> = list(place)
        .into_iter()
        .filter(|b| b.manifest.terminal == made.manifest.terminal)
        .collect();
    let newest_intact = all.iter().position(|b| b.manifest.ledger == "intact");
    let mut kept: BTreeSet<usize> = BTreeSet::new();
    let (mut days, mut months, mut years) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (i, b) in all.iter().enumerate() {
        let at = b.manifest.made_at.with_timezone(&zone);
        let first_of_day = days.len() < keep.daily as usize && days.insert(at.date_naive());
        let first_of_month =
            months.len() < keep.monthly as usize && months.insert((at.year(), at.month()));
        let first_of_year = years.insert(at.year());
        if i == 0
            || b.file == made.file
            || Some(i) == newest_intact
            || first_of_day
            || first_of_month
            || first_of_year
        {
            kept.insert(i);
        }
    }
    let mut removed = Vec::new();
    for (i, b) in all.iter().enumerate() {
        if kept.contains(&i) {
            continue;
        }
        let key = key_file(&b.file, &b.manifest);
        for f in [b.file.clone(), b.file.with_extension("json")]
            .into_iter()
            .chain(key)
        {
            if fs::remove_file(&f).is_ok() {
                removed.push(f);
            }
        }
    }
    if let Ok(entries) = fs::read_dir(place) {
        for p in entries.filter_map(Result::ok).map(|e| e.path()) {
            // A temporary file, or the journal SQLite kept beside it.
            let partial = p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with('.') && n.to_string_lossy().contains(".partial")
            });
            let old = fs::metadata(&p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now - DateTime::<Utc>::from(t) > STALE_PARTIAL);
            if partial && old && fs::remove_file(&p).is_ok() {
                removed.push(p);
            }
        }
    }
    Ok(removed)
}

/// The sealed key a manifest names beside its backup: only the name made
/// for it (`….key.sealed` of the same stem), never another path.
pub fn key_file(file: &Path, manifest: &Manifest) -> Option<PathBuf> {
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let name = manifest.key.as_deref()?;
    (name == format!("{stem}.key.sealed")).then(|| file.with_file_name(name))
}

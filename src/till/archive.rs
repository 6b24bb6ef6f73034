//! Archives of closed periods (DOMAIN.md §6): a closed month or year of
//! this terminal written into a folder in an open format (JSON lines, a
//! README, a JSON schema), every file's digest in a manifest signed with
//! the terminal's key, and the archive recorded in the ledger. The folder
//! is written under a temporary name and renamed once whole, so a folder
//! with the final name is complete; `verify` checks one without the
//! database. The fiscal chain's part of a month runs from the record after
//! the previous month's closing to this month's closing, so successive
//! archives follow each other without gap or overlap.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::TillError;
use crate::domain::closing::Period;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::archive::{self as format, Line, Part, PartCheck};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx, closings::ClosingRow};

const README: &str = include_str!("../../assets/archive/README.txt");
const SCHEMA: &str = include_str!("../../assets/archive/schema.json");

/// The most bytes a manifest, or one line of a file, may have when read
/// back: what an archive holds is bounded before it is read.
const MAX_MANIFEST: u64 = 1 << 20;
const MAX_LINE: u64 = 16 << 20;

/// Why an archive could not be written, or does not hold.
#[derive(Debug, PartialEq, Eq)]
pub enum ArchiveError {
    /// The period is not closed yet (its label): close it first.
    NotClosed(String),
    /// An archive of this period is already in that folder.
    Exists(PathBuf),
    /// Writing failed (the folder is not writable, the disk is full…):
    /// nothing was kept and nothing recorded.
    Write { path: PathBuf, why: String },
    /// No folder there.
    Missing(PathBuf),
    /// A folder that was never finished (no manifest, or a temporary
    /// name): not an archive.
    Incomplete(PathBuf),
    /// The archive does not hold: what, where.
    Invalid(String),
}

/// A file of the archive as its manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What an archive holds, signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub software: String,
    /// The terminal's public id and name.
    pub terminal: String,
    pub terminal_name: String,
    pub period: Period,
    pub label: String,
    /// The closing of the period: its number and the record that holds it.
    pub closing_number: i64,
    pub closing_seq: i64,
    pub parts: Vec<Part>,
    /// The terminal's public keys (hex), the first numbered 1.
    pub keys: Vec<String>,
    pub files: Vec<FileEntry>,
    pub made_at: String,
}

/// The manifest's signature, in `manifest.sig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ManifestSignature {
    public_key: String,
    signature: String,
}

/// An archive written, or checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archived {
    pub folder: PathBuf,
    pub label: String,
    /// The terminal that made it, and the ids of its keys (as `guichet key
    /// list` shows them): what an auditor compares with the till's.
    pub terminal: String,
    pub key_ids: Vec<String>,
    pub records: i64,
    pub closings: usize,
    pub manifest_sha256: String,
}

/// What the archive of a period gathers, read in one transaction.
struct Gathered {
    name: String,
    terminal: String,
    terminal_name: String,
    closing: ClosingRow,
    parts: Vec<Part>,
    keys: Vec<String>,
    closings: Vec<(i64, records::Closing)>,
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

/// The ms since the epoch record `seq` of a chain was made at.
fn recorded(tx: &Tx, terminal_id: i64, chain: &str, seq: i64) -> Result<i64, TillError> {
    let mut at = 0;
    store::ledger::range(tx, terminal_id, chain, (seq, seq), |row| {
        at = row.recorded;
        false
    })?;
    Ok(at)
}

fn gather(tx: &Tx, terminal_id: i64, period: Period, label: &str) -> Result<Gathered, TillError> {
    let not_closed = || TillError::Archive(ArchiveError::NotClosed(label.to_owned()));
    let closing = store::closings::of(tx, terminal_id, false, period.code(), label)?
        .ok_or_else(not_closed)?;
    let previous =
        store::closings::by_number(tx, terminal_id, false, period.code(), closing.number - 1)?;
    let terminal = store::terminals::all(tx)?
        .into_iter()
        .find(|t| t.id == terminal_id)
        .ok_or(TillError::NoVenue)?;
    let fiscal = (
        previous.as_ref().map_or(1, |p| p.ledger_seq + 1),
        closing.ledger_seq,
    );
    // The training chain's records made between the two closings.
    let after = match &previous {
        Some(p) => recorded(tx, terminal_id, "fiscal", p.ledger_seq)?,
        None => i64::MIN,
    };
    let until = recorded(tx, terminal_id, "fiscal", closing.ledger_seq)?;
    let before = |ms: i64| store::ledger::last_before(tx, terminal_id, "training", ms);
    let training = (
        if after == i64::MIN {
            1
        } else {
            before(after.saturating_add(1))?.unwrap_or(0) + 1
        },
        before(until.saturating_add(1))?.unwrap_or(0),
    );
    let mut parts = Vec::new();
    for (chain, range) in [("fiscal", fiscal), ("training", training)] {
        parts.extend(format::part(tx, terminal_id, chain, range)?);
    }
    let keys = store::terminals::keys(tx, terminal_id)?
        .iter()
        .map(|k| hex(&k.public_key))
        .collect();
    let closings = ledger::closings::records(tx, terminal_id, "fiscal")?
        .map_err(|ledger::closings::Unreadable(seq)| TillError::Unreadable(seq))?
        .into_iter()
        .filter(|(seq, _)| (fiscal.0..=fiscal.1).contains(seq))
        .collect();
    Ok(Gathered {
        name: format!(
            "guichet-archive-{label}-{}",
            terminal.public_id.chars().take(8).collect::<String>()
        ),
        terminal: terminal.public_id,
        terminal_name: terminal.name,
        closing,
        parts,
        keys,
        closings,
    })
}

/// A file being written, its bytes counted and hashed as they go.
struct Hashed {
    out: BufWriter<File>,
    digest: Sha256,
    bytes: u64,
}

impl Hashed {
    fn create(path: &Path) -> std::io::Result<Hashed> {
        Ok(Hashed {
            out: BufWriter::new(File::create(path)?),
            digest: Sha256::new(),
            bytes: 0,
        })
    }

    fn put(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.digest.update(data);
        self.bytes += data.len() as u64;
        self.out.write_all(data)
    }

    /// Flushed and on disk: its manifest entry.
    fn finish(self, name: &str) -> std::io::Result<FileEntry> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(FileEntry {
            name: name.to_owned(),
            bytes: self.bytes,
            sha256: hex(&self.digest.finalize()),
        })
    }
}

/// Writes the archive's files into `dir`: the records, the closings, the
/// README and the schema, then the signed manifest. Store errors come back
/// as such; file errors as the path and why.
fn write_files(
    store: &Store,
    signer: &Signer,
    g: &Gathered,
    period: Period,
    dir: &Path,
    now: DateTime<Utc>,
) -> Result<(i64, String), TillError> {
    let failed = |path: &Path| {
        let path = path.to_owned();
        move |e: std::io::Error| {
            TillError::Archive(ArchiveError::Write {
                path,
                why: e.to_string(),
            })
        }
    };
    let mut files = Vec::new();
    let path = dir.join("records.jsonl");
    let mut records = Hashed::create(&path).map_err(failed(&path))?;
    let mut count = 0;
    let mut io = Ok(());
    store.read(|tx| {
        for part in &g.parts {
            format::lines(tx, signer.terminal_id, part, |line| {
                count += 1;
                let mut text = serde_json::to_string(&line).unwrap_or_default();
                text.push('\n');
                io = records.put(text.as_bytes());
                io.is_ok()
            })?;
        }
        Ok::<_, TillError>(())
    })?;
    io.map_err(failed(&path))?;
    files.push(records.finish("records.jsonl").map_err(failed(&path))?);
    let path = dir.join("closings.jsonl");
    let mut closings = Hashed::create(&path).map_err(failed(&path))?;
    for (seq, c) in &g.closings {
        let line = serde_json::json!({ "ledger_seq": seq, "closing": c });
        closings
            .put(format!("{line}\n").as_bytes())
            .map_err(failed(&path))?;
    }
    files.push(closings.finish("closings.jsonl").map_err(failed(&path))?);
    for (name, text) in [("README.txt", README), ("schema.json", SCHEMA)] {
        let path = dir.join(name);
        let mut f = Hashed::create(&path).map_err(failed(&path))?;
        f.put(text.as_bytes()).map_err(failed(&path))?;
        files.push(f.finish(name).map_err(failed(&path))?);
    }
    let manifest = Manifest {
        format: format::FORMAT.into(),
        version: format::VERSION,
        software: ledger::SOFTWARE.into(),
        terminal: g.terminal.clone(),
        terminal_name: g.terminal_name.clone(),
        period,
        label: g.closing.label.clone(),
        closing_number: g.closing.number,
        closing_seq: g.closing.ledger_seq,
        parts: g.parts.clone(),
        keys: g.keys.clone(),
        files,
        made_at: now.to_rfc3339(),
    };
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    let signature = ManifestSignature {
        public_key: hex(&signer.public_key()),
        signature: format::sign(signer, &bytes),
    };
    let sig = serde_json::to_vec_pretty(&signature).unwrap_or_default();
    for (name, data) in [("manifest.json", &bytes), ("manifest.sig", &sig)] {
        let path = dir.join(name);
        let mut f = Hashed::create(&path).map_err(failed(&path))?;
        f.put(data).map_err(failed(&path))?;
        f.finish(name).map_err(failed(&path))?;
    }
    Ok((count, hex(&Sha256::digest(&bytes))))
}

/// Archives a closed month (`label` "2026-11") or year ("2026") of this
/// terminal into a new folder inside `out`, and records it in the ledger.
/// A coordinator's act, with the period's closing.
pub fn archive(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (period, label): (Period, &str),
    out: &Path,
    now: DateTime<Utc>,
) -> Result<Archived, TillError> {
    if !by.role.may(Act::ClosePeriod) {
        return Err(TillError::NotAllowed(Act::ClosePeriod));
    }
    let g = store.read(|tx| gather(tx, signer.terminal_id, period, label))?;
    let folder = out.join(&g.name);
    if folder.exists() {
        return Err(TillError::Archive(ArchiveError::Exists(folder)));
    }
    // Written under a temporary name: a folder under the final name is
    // whole. A leftover of an interrupted run is replaced.
    let partial = out.join(format!(".{}.partial", g.name));
    let _ = fs::remove_dir_all(&partial);
    let written = fs::create_dir_all(&partial)
        .map_err(|e| {
            TillError::Archive(ArchiveError::Write {
                path: partial.clone(),
                why: e.to_string(),
            })
        })
        .and_then(|()| write_files(store, signer, &g, period, &partial, now))
        .and_then(|done| {
            fs::rename(&partial, &folder)
                .and_then(|()| File::open(out)?.sync_all())
                .map(|()| done)
                .map_err(|e| {
                    TillError::Archive(ArchiveError::Write {
                        path: folder.clone(),
                        why: e.to_string(),
                    })
                })
        });
    let (records, manifest_sha256) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    let record = Record::Archived(records::Archived {
        period,
        label: g.closing.label.clone(),
        folder: g.name.clone(),
        manifest_sha256: manifest_sha256.clone(),
        records,
    });
    let recorded = ledger::write(store, signer, |tx| {
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)
    });
    if let Err(e) = recorded {
        // Not in the ledger: not an archive.
        let _ = fs::remove_dir_all(&folder);
        return Err(e.into());
    }
    Ok(Archived {
        folder,
        label: g.closing.label,
        terminal: g.terminal_name.clone(),
        key_ids: key_ids(&g.keys),
        records,
        closings: g.closings.len(),
        manifest_sha256,
    })
}

/// Reads a whole file of at most `max` bytes.
fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ArchiveError> {
    let missing = || ArchiveError::Invalid(format!("{} is missing", path.display()));
    let len = fs::metadata(path).map_err(|_| missing())?.len();
    if len > max {
        return Err(ArchiveError::Invalid(format!(
            "{} is too large",
            path.display()
        )));
    }
    let mut data = Vec::new();
    File::open(path)
        .and_then(|f| f.take(max).read_to_end(&mut data))
        .map_err(|_| missing())?;
    Ok(data)
}

/// The lines of a file, each at most [`MAX_LINE`] bytes.
fn each_line(
    path: &Path,
    mut f: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), ArchiveError> {
    let file = File::open(path)
        .map_err(|_| ArchiveError::Invalid(format!("{} is missing", path.display())))?;
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    for n in 1.. {
        line.clear();
        let read = (&mut reader)
            .take(MAX_LINE)
            .read_line(&mut line)
            .map_err(|e| ArchiveError::Invalid(format!("{}: {e}", path.display())))?;
        if read == 0 {
            return Ok(());
        }
        if !line.ends_with('\n') {
            return Err(ArchiveError::Invalid(format!(
                "{} line {n}: cut short or too long",
                path.display()
            )));
        }
        f(line.trim_end())
            .map_err(|why| ArchiveError::Invalid(format!("{} line {n}: {why}", path.display())))?;
    }
    Ok(())
}

/// Checks an archive folder without the database: the manifest's
/// signature by one of the terminal's keys, every file's size and digest,
/// no file it does not list, every record's hash and signature chain by
/// chain, and every closing against the record that holds it.
pub fn verify(dir: &Path) -> Result<Archived, ArchiveError> {
    if !dir.is_dir() {
        return Err(ArchiveError::Missing(dir.to_owned()));
    }
    let named_partial = dir
        .file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(".partial"));
    if named_partial || !dir.join("manifest.json").exists() {
        return Err(ArchiveError::Incomplete(dir.to_owned()));
    }
    let bytes = read_bounded(&dir.join("manifest.json"), MAX_MANIFEST)?;
    let invalid = |why: &str| ArchiveError::Invalid(why.to_owned());
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| invalid(&format!("manifest.json: {e}")))?;
    if manifest.format != format::FORMAT || manifest.version != format::VERSION {
        return Err(invalid("manifest.json: not a Guichet archive of version 1"));
    }
    let sig: ManifestSignature =
        serde_json::from_slice(&read_bounded(&dir.join("manifest.sig"), MAX_MANIFEST)?)
            .map_err(|e| invalid(&format!("manifest.sig: {e}")))?;
    if !manifest.keys.contains(&sig.public_key)
        || !format::signed(&sig.public_key, &bytes, &sig.signature)
    {
        return Err(invalid(
            "manifest.sig: the manifest is not signed by the terminal's key",
        ));
    }
    check_files(dir, &manifest)?;
    let mut checks: Vec<PartCheck> = manifest
        .parts
        .iter()
        .map(|p| PartCheck::new(p, &manifest.keys))
        .collect::<Result<_, _>>()
        .map_err(|why| invalid(&why))?;
    let mut closing_data = std::collections::HashMap::new();
    let mut records = 0;
    each_line(&dir.join("records.jsonl"), |text| {
        let line: Line = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let check = checks
            .iter_mut()
            .zip(&manifest.parts)
            .find(|(_, p)| p.chain == line.chain)
            .map(|(c, _)| c)
            .ok_or_else(|| format!("a record of chain {} no part lists", line.chain))?;
        check.line(&line)?;
        records += 1;
        if line.kind == "closing" && line.chain == "fiscal" {
            let body: serde_json::Value = serde_json::from_str(&line.body).unwrap_or_default();
            closing_data.insert(line.seq, body["data"].clone());
        }
        Ok(())
    })?;
    for check in checks {
        check
            .finish()
            .map_err(|why| invalid(&format!("records.jsonl: {why}")))?;
    }
    let mut closings = 0;
    each_line(&dir.join("closings.jsonl"), |text| {
        let line: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let seq = line["ledger_seq"].as_i64().unwrap_or(-1);
        if closing_data.get(&seq) != Some(&line["closing"]) {
            return Err(format!("closing at record {seq} is not the signed one"));
        }
        closings += 1;
        Ok(())
    })?;
    if closing_data.len() != closings {
        return Err(invalid(
            "closings.jsonl: a closing of the records is missing",
        ));
    }
    Ok(Archived {
        folder: dir.to_owned(),
        key_ids: key_ids(&manifest.keys),
        terminal: manifest.terminal_name,
        label: manifest.label,
        records,
        closings,
        manifest_sha256: hex(&Sha256::digest(&bytes)),
    })
}

/// The ids of public keys given in hex.
fn key_ids(keys: &[String]) -> Vec<String> {
    keys.iter()
        .filter_map(|k| data_encoding::HEXLOWER.decode(k.as_bytes()).ok())
        .map(|k| ledger::keys::key_id(&k))
        .collect()
}

/// Every file the manifest lists, with its size and digest, and no other.
fn check_files(dir: &Path, manifest: &Manifest) -> Result<(), ArchiveError> {
    let invalid = |why: String| ArchiveError::Invalid(why);
    let listed = |name: &str| {
        matches!(name, "manifest.json" | "manifest.sig")
            || manifest.files.iter().any(|f| f.name == name)
    };
    let entries = fs::read_dir(dir).map_err(|e| invalid(format!("{}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !listed(&name) {
            return Err(invalid(format!(
                "{name}: a file the manifest does not list"
            )));
        }
    }
    for f in &manifest.files {
        if f.name.contains(['/', '\\']) || f.name.starts_with('.') {
            return Err(invalid(format!("{}: not a file name", f.name)));
        }
        let path = dir.join(&f.name);
        let mut file = File::open(&path).map_err(|_| invalid(format!("{} is missing", f.name)))?;
        let mut digest = Sha256::new();
        let mut bytes = 0u64;
        let mut chunk = vec![0u8; 64 * 1024];
        let mut limited = (&mut file).take(f.bytes + 1);
        loop {
            let n = limited
                .read(&mut chunk)
                .map_err(|e| invalid(format!("{}: {e}", f.name)))?;
            if n == 0 {
                break;
            }
            digest.update(&chunk[..n]);
            bytes += n as u64;
        }
        if bytes != f.bytes || hex(&digest.finalize()) != f.sha256 {
            return Err(invalid(format!(
                "{}: its content is not the one the manifest signs",
                f.name
            )));
        }
    }
    Ok(())
}

//! The signed head: a witness of the ledger kept outside the database file.
//!
//! Beside the database and its key (`guichet.db.head`), the last sequence
//! number and hash of each of this terminal's chains, signed with its key,
//! rewritten after every sale, cancellation and reprint. Someone who cuts
//! the newest records off the end of a chain (and their sales rows) leaves
//! a chain that verifies on its own; the head still names the records that
//! were there, so `verify` says "records after N are missing", and this
//! terminal refuses to sign again over a cut chain (its numbers would be
//! given out a second time).
//!
//! The file is small and rewritten in place with one write, without a sync,
//! by a thread of its own at most twice a second (and at once when the
//! program ends): after a crash or a power cut it may be up to half a
//! second of sales behind (a weaker witness, never a false alarm), or torn
//! (then unreadable, reported as such).

use std::collections::BTreeMap;
use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer as _, Verifier as _, VerifyingKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Signer, canonical};
use crate::domain::journal::Chain;
use crate::store::{self, Store, StoreError, Tx};

/// The head file is padded to this size, so each rewrite is one write over
/// the same bytes.
const SIZE: usize = 1024;

/// How long the head waits for more sales before it is written.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// What a head signature covers: this tag, then the body.
const TAG: &[u8] = b"guichet head v1\n";

/// Where the head of the database at `db` is kept: `guichet.db.head`.
pub fn path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".head");
    PathBuf::from(p)
}

/// A head as read back: the terminal's public id, and each chain's last
/// sequence number and hash (hex), as signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub terminal: String,
    pub chains: BTreeMap<String, (i64, String)>,
}

fn message(body: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(TAG)
        .chain_update(body.as_bytes())
        .finalize()
        .into()
}

/// What the head holds: each chain's last committed record, sequence and hash.
pub(crate) type Chains = BTreeMap<String, (i64, [u8; 32])>;

/// The committed last sequence number and hash of each chain of a terminal.
fn heads_in(tx: &Tx, terminal_id: i64) -> Result<Chains, StoreError> {
    let mut chains = Chains::new();
    for chain in Chain::ALL {
        if let Some((seq, hash)) = store::ledger::head(tx, terminal_id, chain.as_str())? {
            let hash = <[u8; 32]>::try_from(hash.as_slice()).unwrap_or([0; 32]);
            chains.insert(chain.as_str().to_owned(), (seq, hash));
        }
    }
    Ok(chains)
}

/// The head's text for `chains`, signed with the terminal's key and padded
/// to the file's size.
fn text(
    chains: &Chains,
    key_id: &str,
    terminal: &str,
    key: &ed25519_dalek::SigningKey,
) -> Result<String, HeadError> {
    let body = canonical::to_canonical(&json!({
        "chains": chains
            .iter()
            .map(|(c, (seq, hash))| {
                let hash = data_encoding::HEXLOWER.encode(hash);
                (c.clone(), json!({"seq": seq, "hash": hash}))
            })
            .collect::<serde_json::Map<_, _>>(),
        "key_id": key_id,
        "terminal": terminal,
    }))
    .map_err(|_| HeadError::TooLarge)?;
    let signature = key.sign(&message(&body));
    let mut text = format!(
        "{body}\n{}\n",
        data_encoding::HEXLOWER.encode(&signature.to_bytes())
    );
    if text.len() > SIZE {
        return Err(HeadError::TooLarge);
    }
    text.push_str(&" ".repeat(SIZE - text.len()));
    Ok(text)
}

/// Writes the head's text over the file, in one write at its start.
fn write(path: &Path, text: &str) -> Result<(), HeadError> {
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(0))?;
            f.write_all(text.as_bytes())
        })
        .map_err(|source| HeadError::Write {
            path: path.to_owned(),
            source,
        })
}

/// Writes the head from what the database has committed, now (at start).
/// Never over a cut chain: the head is then the witness of what was lost.
pub fn save(store: &Store, signer: &Signer) -> Result<(), HeadError> {
    if signer.cut.is_some() {
        return Ok(());
    }
    let chains = store.read(|tx| heads_in(tx, signer.terminal_id))?;
    let text = text(
        &chains,
        &signer.key_id,
        &signer.terminal_public_id,
        &signer.key.signing,
    )?;
    write(&path(store.path()), &text)?;
    if let Ok(mut head) = signer.head.lock() {
        *head = chains;
    }
    Ok(())
}

/// After a write committed: the records it appended join the head, which a
/// thread of the terminal's own signs and writes, off the sale's path.
pub(crate) fn committed(signer: &Signer) {
    let appended = match signer.appended.lock() {
        Ok(mut a) => std::mem::take(&mut *a),
        Err(_) => return,
    };
    if appended.is_empty() || signer.cut.is_some() {
        return;
    }
    let Ok(mut head) = signer.head.lock() else {
        return;
    };
    for (chain, seq, hash) in appended {
        let newer = head.get(&chain).is_none_or(|(s, _)| seq > *s);
        if newer {
            head.insert(chain, (seq, hash));
        }
    }
    signer.writer.send(head.clone());
}

/// The thread that signs and writes the head, given the latest chains.
pub(crate) struct Writer {
    send: Option<std::sync::mpsc::Sender<Chains>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    /// No thread: a signer that only signs the genesis records.
    pub(crate) fn none() -> Writer {
        Writer {
            send: None,
            thread: None,
        }
    }

    pub(crate) fn start(
        db: &Path,
        key_id: &str,
        terminal: &str,
        key: &ed25519_dalek::SigningKey,
    ) -> Writer {
        let (send, receive) = std::sync::mpsc::channel::<Chains>();
        let (path, key_id, terminal, key) = (
            path(db),
            key_id.to_owned(),
            terminal.to_owned(),
            key.clone(),
        );
        let thread = std::thread::Builder::new()
            .name("guichet-head".into())
            .spawn(move || {
                let write = |chains: &Chains| {
                    let done =
                        text(chains, &key_id, &terminal, &key).and_then(|text| write(&path, &text));
                    if let Err(e) = done {
                        eprintln!("guichet: the ledger's signed head could not be written: {e}");
                    }
                };
                while let Ok(mut chains) = receive.recv() {
                    // Sales in a burst share one write (each write is also
                    // flushed by the next sale's sync): the latest within
                    // the pause, or at once when the program ends.
                    let until = std::time::Instant::now() + PAUSE;
                    loop {
                        let left = until.saturating_duration_since(std::time::Instant::now());
                        match receive.recv_timeout(left) {
                            Ok(newer) => chains = newer,
                            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => break,
                            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                                write(&chains);
                                return;
                            }
                        }
                    }
                    write(&chains);
                }
            })
            .ok();
        Writer {
            send: Some(send),
            thread,
        }
    }

    fn send(&self, chains: Chains) {
        if let Some(s) = &self.send {
            let _ = s.send(chains);
        }
    }
}

impl Drop for Writer {
    /// The last head is written before the program ends.
    fn drop(&mut self) {
        self.send = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A head file that does not read, or that none of the keys signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Reads the head beside the database, checking its signature with any of
/// `keys` (the terminal's keys, newest last). None when there is no file.
pub fn read(db: &Path, keys: &[[u8; 32]]) -> Result<Option<Head>, Unreadable> {
    let text = match fs::read_to_string(path(db)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) => return Err(Unreadable),
    };
    let mut lines = text.lines();
    let (Some(body), Some(signature)) = (lines.next(), lines.next()) else {
        return Err(Unreadable);
    };
    let signature = data_encoding::HEXLOWER
        .decode(signature.trim().as_bytes())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
        .map(|b| Signature::from_bytes(&b))
        .ok_or(Unreadable)?;
    let signed = keys.iter().rev().any(|k| {
        VerifyingKey::from_bytes(k).is_ok_and(|k| k.verify(&message(body), &signature).is_ok())
    });
    if !signed {
        return Err(Unreadable);
    }
    let value: Value = serde_json::from_str(body).map_err(|_| Unreadable)?;
    let chains = value["chains"]
        .as_object()
        .ok_or(Unreadable)?
        .iter()
        .map(|(c, v)| {
            let seq = v["seq"].as_i64().ok_or(Unreadable)?;
            let hash = v["hash"].as_str().ok_or(Unreadable)?.to_owned();
            Ok((c.clone(), (seq, hash)))
        })
        .collect::<Result<_, Unreadable>>()?;
    Ok(Some(Head {
        terminal: value["terminal"].as_str().ok_or(Unreadable)?.to_owned(),
        chains,
    }))
}

/// Where a chain is shorter than its head says: the chain, the head's last
/// record, and the chain's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    pub chain: String,
    pub head: i64,
    pub found: i64,
}

/// Holds the terminal's chains against its head: the first chain the head
/// knows longer than it is, or whose record at the head's position has
/// another hash (cut and written again).
pub fn cut_in(tx: &Tx, terminal_id: i64, head: &Head) -> Result<Option<Cut>, StoreError> {
    let now = heads_in(tx, terminal_id)?;
    for (chain, (seq, hash)) in &head.chains {
        let found = now.get(chain).map_or(0, |(s, _)| *s);
        if found < *seq {
            return Ok(Some(Cut {
                chain: chain.clone(),
                head: *seq,
                found,
            }));
        }
        let at = store::ledger::hash_at(tx, terminal_id, chain, *seq)?
            .map(|h| data_encoding::HEXLOWER.encode(&h));
        if at.as_deref() != Some(hash.as_str()) {
            // The numbers were given out again over a cut chain.
            return Ok(Some(Cut {
                chain: chain.clone(),
                head: *seq,
                found: seq - 1,
            }));
        }
    }
    Ok(None)
}

#[derive(Debug, thiserror::Error)]
pub enum HeadError {
    Store(#[from] StoreError),
    /// The head's text does not fit its fixed size.
    TooLarge,
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

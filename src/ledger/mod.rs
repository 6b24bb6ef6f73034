//! The till's ledger: append-only, hash-chained, signed records, their
//! keys and their verification. It may use domain and store.
//!
//! Every fiscal or technical event (sale, cancellation, reprint, closing,
//! archive, log-in, log-out, set-up, import...) is one record, appended in
//! the same transaction as the business rows it describes. Each terminal has
//! two chains, `fiscal` and `training`; in each, records carry a gap-free
//! sequence number and
//!
//! ```text
//! hash      = SHA-256(previous record's hash || canonical JSON body)
//! signature = Ed25519(hash) with the terminal's key
//! ```
//!
//! The first record of a chain (genesis) holds the terminal's public key.
//! Row ids are not part of what is signed, so a restore elsewhere verifies.
//! [`verify::verify`] recomputes everything and names the first broken record.

pub mod archive;
pub mod audit;
pub mod canonical;
pub mod closings;
pub mod contingents;
pub mod door_list;
pub mod drawer;
pub mod head;
pub mod invitations;
pub mod keys;
pub mod rotation;
pub mod trust;
pub mod verify;

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::Signer as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::domain::journal::{Break, Chain, Entry, Kind};
use crate::domain::records::{self, Record};
use crate::store::{self, Store, StoreError, Tx};
use keys::{KeyError, TerminalKey};

/// The software that signs, written in every record.
pub const SOFTWARE: &str = concat!("guichet ", env!("CARGO_PKG_VERSION"));

/// How far behind the chain's last record the clock may be (a clock
/// adjusted by a few milliseconds): the record then takes the last one's
/// time, so a chain's times never go back. Further behind, nothing is
/// signed until the clock is right.
pub const CLOCK_SLACK_MS: i64 = 5_000;

/// Whether a terminal is in training mode: its last signed switch says so
/// (`till::training` switches it).
pub fn training_on(tx: &Tx, terminal_id: i64) -> Result<bool, StoreError> {
    let last = store::ledger::last_of_kind(
        tx,
        terminal_id,
        "fiscal",
        store::ledger::Indexed::TrainingMode,
    )?;
    Ok(last.is_some_and(|row| {
        serde_json::from_str::<serde_json::Value>(&row.body)
            .is_ok_and(|b| b["data"]["on"].as_bool() == Some(true))
    }))
}

/// The previous hash of a chain's first record.
pub const GENESIS_PREV: [u8; 32] = [0; 32];

/// Who did it, as recorded: the operator's public id and name at the time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub public_id: String,
    pub name: String,
}

impl From<&store::operators::OperatorRow> for Actor {
    fn from(op: &store::operators::OperatorRow) -> Actor {
        Actor {
            public_id: op.public_id.clone(),
            name: op.name.clone(),
        }
    }
}

/// A terminal able to sign: its row, its public identity and its secret.
pub struct Signer {
    pub terminal_id: i64,
    pub terminal_public_id: String,
    pub terminal_name: String,
    pub key_id: String,
    key: TerminalKey,
    /// Set when the signed head beside the database names records the
    /// chain no longer holds: nothing more is signed over a cut chain.
    pub cut: Option<head::Cut>,
    /// Each chain's last committed record, as the head holds it: a chain
    /// found shorter while the program runs was cut under it.
    head: std::sync::Mutex<head::Chains>,
    /// Records appended by the write under way (committed or not).
    appended: std::sync::Mutex<Vec<(String, i64, [u8; 32])>>,
    /// Signs and writes the head off the sale's path.
    writer: head::Writer,
}

impl Signer {
    /// Signs a message other than a ledger record (a ticket's code) with
    /// the terminal's key; callers prefix their own domain tag.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.signing.sign(message).to_bytes()
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.public().to_bytes()
    }

    /// Whether `chain`, whose last record is `last`, was cut since the
    /// head was last signed.
    fn cut_under(&self, chain: &str, last: i64) -> Option<head::Cut> {
        let heads = self.head.lock().ok()?;
        let head = heads.get(chain)?.0;
        (last < head).then(|| head::Cut {
            chain: chain.to_owned(),
            head,
            found: last,
        })
    }
}

/// Where a new record landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub hash: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    Store(#[from] StoreError),
    Key(#[from] KeyError),
    Canonical(#[from] canonical::CanonicalError),
    KeyMissing {
        path: PathBuf,
        terminal: String,
        key_id: String,
        records: i64,
    },
    KeyRetired {
        path: PathBuf,
        terminal: String,
        number: i64,
        found: String,
        current: String,
    },
    KeyChanged {
        terminal: String,
        key_id: String,
    },
    /// The chain is shorter than its signed head says: records were cut
    /// off; signing again would give their numbers out a second time.
    Cut(head::Cut),
    /// The computer's clock is behind the chain's last record (by more than
    /// [`CLOCK_SLACK_MS`]): nothing is signed at a time before it.
    ClockBehind {
        last: DateTime<Utc>,
        now: DateTime<Utc>,
    },
    KeyMismatch {
        path: PathBuf,
        terminal: String,
        expected: String,
        found: String,
    },
}

/// The hash of a record: SHA-256 over the previous hash and the body.
pub fn record_hash(prev: &[u8], body: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(prev)
        .chain_update(body.as_bytes())
        .finalize()
        .into()
}

/// A write that signs what matters to money or the door (a sale, a
/// cancellation, a reprint): `store.write`, then the signed head beside
/// the database rewritten from what was committed.
pub fn write<T, E: From<StoreError>>(
    store: &mut Store,
    signer: &Signer,
    f: impl FnOnce(&Tx) -> Result<T, E>,
) -> Result<T, E> {
    if let Ok(mut a) = signer.appended.lock() {
        a.clear();
    }
    let done = store.write(f)?;
    // Committed: the head follows, written by its own thread (a head that
    // cannot be written is only a weaker witness, said in the log).
    head::committed(signer);
    Ok(done)
}

/// Appends one record to a chain of the signer's terminal, inside the
/// caller's transaction: it commits or rolls back with the business rows.
pub fn append(
    tx: &Tx,
    signer: &Signer,
    chain: Chain,
    actor: &Actor,
    record: &Record,
    at: DateTime<Utc>,
) -> Result<Appended, LedgerError> {
    let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
    append_at(tx, signer, chain, actor, record, at, zone)
}

/// [`append`], the venue's time zone already known (a sale read it).
pub fn append_at(
    tx: &Tx,
    signer: &Signer,
    chain: Chain,
    actor: &Actor,
    record: &Record,
    at: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Result<Appended, LedgerError> {
    if let Some(cut) = &signer.cut {
        return Err(LedgerError::Cut(cut.clone()));
    }
    let kind = record.kind();
    let data = serde_json::to_value(record).map_err(canonical::CanonicalError::from)?;
    // Never sign with a key that another program retired meanwhile: the
    // chain would break at this record.
    let current = store::terminals::current_key(tx, signer.terminal_id)?;
    if current.is_some_and(|k| k.key_id != signer.key_id) {
        return Err(LedgerError::KeyChanged {
            terminal: signer.terminal_name.clone(),
            key_id: signer.key_id.clone(),
        });
    }
    let (seq, prev) = match store::ledger::head(tx, signer.terminal_id, chain.as_str())? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_PREV.to_vec()),
    };
    if let Some(cut) = signer.cut_under(chain.as_str(), seq - 1) {
        return Err(LedgerError::Cut(cut));
    }
    let mut at = at;
    if let Some(last) = store::ledger::last_recorded(tx, signer.terminal_id, chain.as_str())? {
        let behind = last - at.timestamp_millis();
        if behind > CLOCK_SLACK_MS {
            return Err(LedgerError::ClockBehind {
                last: store::instant_ms(last),
                now: at,
            });
        }
        if behind > 0 {
            at = store::instant_ms(last);
        }
    }
    let at_text = at
        .with_timezone(&zone)
        .fixed_offset()
        .to_rfc3339_opts(SecondsFormat::Millis, false);
    let body = canonical::to_canonical(&json!({
        "at": at_text,
        "chain": chain.as_str(),
        "data": data,
        "kind": kind.as_str(),
        "operator": { "id": actor.public_id, "name": actor.name },
        "seq": seq,
        "software": SOFTWARE,
        "terminal": signer.terminal_public_id,
    }))?;
    let hash = record_hash(&prev, &body);
    let signature = signer.key.signing.sign(&hash);
    if let Ok(mut a) = signer.appended.lock() {
        a.push((chain.as_str().to_owned(), seq, hash));
    }
    store::ledger::insert(
        tx,
        &store::ledger::LedgerRow {
            terminal_id: signer.terminal_id,
            chain: chain.as_str().to_owned(),
            seq,
            kind: kind.as_str().to_owned(),
            at: at_text,
            recorded: at.timestamp_millis(),
            body,
            prev_hash: prev,
            hash: hash.to_vec(),
            signature: signature.to_bytes().to_vec(),
        },
    )?;
    Ok(Appended { seq, hash })
}

/// Loads this terminal's key and checks it against the database, or, on a
/// database whose ledger is still empty, creates the key and the terminal
/// with the genesis record of each chain. Refuses (never replaces) a key
/// that is missing or foreign while the ledger has records.
///
/// Two programs starting on the same new database at once (the window and
/// a script) both end up with the one key and the one terminal.
pub fn open_terminal(
    store: &mut Store,
    key_path: &Path,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Signer, LedgerError> {
    rotation::settle_pending(store, key_path)?;
    let terminals = store.read(store::terminals::all)?;
    let key = match keys::load(key_path)? {
        Some(key) => key,
        None => {
            if let Some(t) = terminals.first() {
                let (records, current) = store.read(|tx| {
                    Ok::<_, StoreError>((
                        store::ledger::count(tx, t.id)?,
                        store::terminals::current_key(tx, t.id)?,
                    ))
                })?;
                return Err(LedgerError::KeyMissing {
                    path: key_path.to_owned(),
                    terminal: t.name.clone(),
                    key_id: current.map_or_else(|| t.key_id.clone(), |k| k.key_id),
                    records,
                });
            }
            match keys::create(key_path, &store::public_id(now)) {
                Ok(key) => key,
                // Another program made it a moment ago: use that one.
                Err(KeyError::Exists { .. }) => keys::load(key_path)?.ok_or(KeyError::Exists {
                    path: key_path.to_owned(),
                })?,
                Err(e) => return Err(e.into()),
            }
        }
    };
    let public = key.public().to_bytes();
    let found = keys::key_id(&public);
    let known = |terminals: &[store::terminals::TerminalRow]| {
        terminals
            .iter()
            .find(|t| t.public_id == key.terminal)
            .cloned()
    };
    let terminal = match known(&terminals) {
        Some(t) => t,
        // A key this database has never seen belongs to another database,
        // unless this one has no terminal yet: then it is this database's
        // own key, made just before a crash or by a program starting with us.
        None if terminals.is_empty() => match register(store, &key, actor, now) {
            Ok(t) => t,
            Err(e) => known(&store.read(store::terminals::all)?).ok_or(e)?,
        },
        None => {
            return Err(LedgerError::KeyMismatch {
                path: key_path.to_owned(),
                terminal: terminals[0].name.clone(),
                expected: terminals[0].key_id.clone(),
                found,
            });
        }
    };
    // The key must be the terminal's current one, not one it retired.
    let terminal_keys = store.read(|tx| store::terminals::keys(tx, terminal.id))?;
    let current = terminal_keys
        .last()
        .map_or(terminal.key_id.as_str(), |k| k.key_id.as_str());
    match terminal_keys.iter().find(|k| k.public_key == public) {
        Some(k) if k.key_id == current => {}
        Some(k) => {
            return Err(LedgerError::KeyRetired {
                path: key_path.to_owned(),
                terminal: terminal.name,
                number: k.number,
                found,
                current: current.to_owned(),
            });
        }
        None => {
            return Err(LedgerError::KeyMismatch {
                path: key_path.to_owned(),
                terminal: terminal.name,
                expected: current.to_owned(),
                found,
            });
        }
    }
    let writer = head::Writer::start(store.path(), &found, &terminal.public_id, &key.signing);
    let mut signer = Signer {
        terminal_id: terminal.id,
        terminal_public_id: terminal.public_id,
        terminal_name: terminal.name,
        key_id: found,
        writer,
        key,
        cut: None,
        head: Default::default(),
        appended: Default::default(),
    };
    signer.cut = cut_since_last_time(store, &signer, &terminal_keys)?;
    if let Err(e) = head::save(store, &signer) {
        eprintln!("guichet: the ledger's signed head could not be written: {e}");
    }
    Ok(signer)
}

/// Holds the chains against the head this terminal signed last time.
fn cut_since_last_time(
    store: &Store,
    signer: &Signer,
    keys: &[store::terminals::KeyRow],
) -> Result<Option<head::Cut>, StoreError> {
    let keys: Vec<[u8; 32]> = keys
        .iter()
        .filter_map(|k| k.public_key.as_slice().try_into().ok())
        .collect();
    match head::read(store.path(), &keys) {
        Ok(Some(h)) if h.terminal == signer.terminal_public_id => {
            store.read(|tx| head::cut_in(tx, signer.terminal_id, &h))
        }
        _ => Ok(None),
    }
}

/// Records a new terminal and the genesis record of each of its chains, in
/// one transaction.
fn register(
    store: &mut Store,
    key: &TerminalKey,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<store::terminals::TerminalRow, LedgerError> {
    let public = key.public().to_bytes();
    let key_id = keys::key_id(&public);
    let name = "Caisse 1".to_owned();
    store.write(|tx| {
        let terminal_id =
            store::terminals::insert(tx, &key.terminal, &name, &public, &key_id, store::unix(now))?;
        let row = store::terminals::TerminalRow {
            id: terminal_id,
            public_id: key.terminal.clone(),
            name,
            public_key: public.to_vec(),
            key_id,
        };
        let signer = Signer {
            terminal_id,
            terminal_public_id: row.public_id.clone(),
            terminal_name: row.name.clone(),
            key_id: row.key_id.clone(),
            key: TerminalKey {
                terminal: key.terminal.clone(),
                signing: key.signing.clone(),
            },
            cut: None,
            head: Default::default(),
            appended: Default::default(),
            writer: head::Writer::none(),
        };
        let genesis = Record::Genesis(records::Genesis {
            algorithm: "Ed25519".into(),
            key_id: row.key_id.clone(),
            public_key: data_encoding::HEXLOWER.encode(&public),
            terminal_name: row.name.clone(),
        });
        for chain in Chain::ALL {
            append(tx, &signer, chain, actor, &genesis, now)?;
        }
        Ok(row)
    })
}

/// The newest records of every chain, newest first.
pub fn recent(store: &Store, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let rows = store.read(|tx| store::ledger::latest(tx, limit))?;
    Ok(entries(rows))
}

/// Who did what from `since`, chain by chain in their order (at most `limit`).
pub fn since(store: &Store, since: DateTime<Utc>, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let rows = store.read(|tx| store::ledger::since(tx, since.timestamp_millis(), limit))?;
    Ok(entries(rows))
}

/// The newest changes to the season, newest first (at most `limit`).
pub fn programmed(store: &Store, limit: i64) -> Result<Vec<Entry>, StoreError> {
    let rows = store.read(|tx| store::ledger::programmed(tx, limit))?;
    Ok(entries(rows))
}

fn entries(rows: Vec<store::ledger::LedgerRow>) -> Vec<Entry> {
    rows.into_iter()
        .map(|row| {
            let body = serde_json::from_str::<Value>(&row.body).ok();
            let operator = body
                .as_ref()
                .and_then(|b| b["operator"]["name"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let change = body
                .filter(|_| row.kind == Kind::Programmed.as_str())
                .and_then(|mut b| serde_json::from_value(b["data"].take()).ok());
            Entry {
                change,
                chain: Chain::from_code(&row.chain),
                seq: row.seq,
                kind: Kind::from_code(&row.kind),
                at: chrono::DateTime::parse_from_rfc3339(&row.at).ok(),
                code: row.kind,
                operator,
            }
        })
        .collect()
}

/// Records written by this terminal, all chains.
pub fn count(store: &Store, signer: &Signer) -> Result<i64, StoreError> {
    store.read(|tx| store::ledger::count(tx, signer.terminal_id))
}

/// Records that a verification found the ledger broken, naming where and
/// why: the failure itself becomes part of the signed history.
pub fn record_integrity_failure(
    store: &mut Store,
    signer: &Signer,
    actor: &Actor,
    found: &Break,
    now: DateTime<Utc>,
) -> Result<Appended, LedgerError> {
    let record = Record::IntegrityFailure(records::IntegrityFailure {
        terminal: found.terminal.clone(),
        chain: found.chain.clone(),
        position: found.position,
        kind: found.kind.clone(),
        problem: found.problem.to_string(),
    });
    store.write(|tx| append(tx, signer, Chain::Fiscal, actor, &record, now))
}

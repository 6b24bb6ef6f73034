//! `guichet central push`: this terminal's chains sent to the central
//! database, as signed, in transactions of a few hundred records. The
//! chain is its own outbox: the central side keeps each record by
//! (terminal, chain, seq) with its hash, so pushing twice changes nothing
//! and a push cut at any point (the network, a kill) loses nothing: it
//! starts again after what the central side has.

use serde_json::{Value, json};

use super::CentralError;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::ledger::LedgerRow;
use crate::store::{self, Store};

/// Records sent in one transaction.
pub const BATCH: i64 = 500;

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Pushed {
    pub stored: i64,
    /// Already there, the same: nothing to do.
    pub already: i64,
    /// Forks and gaps found (conflicts for a person).
    pub conflicts: i64,
    pub transactions: usize,
}

/// Pushes every chain of this terminal that the central side lacks.
pub fn push(store: &Store, signer: &Signer) -> Result<Pushed, CentralError> {
    push_chains(store, signer.terminal_id)
}

/// The same for the window, and its door's scans, on a connection to the
/// database `db` of its own, with the conflicts waiting after it. It blocks on the network: the
/// window runs it on a thread of its own (`ui::widget::off_thread`).
pub fn apart(db: &std::path::Path, terminal_id: i64) -> Result<(Pushed, usize), CentralError> {
    let mut store = super::open_apart(db)?;
    let pushed = push_chains(&store, terminal_id)?;
    super::doors::push_scans(&mut store)?;
    let waiting = super::conflicts::list(&store)?
        .iter()
        .filter(|c| c.decision.is_none())
        .count();
    Ok((pushed, waiting))
}

/// A terminal lost, retired, then found again: its login is closed, so an
/// administrator (their login, `url`) pushes its chains for it from its
/// database file `db`, as evidence. What it sold offline on seats
/// reclaimed from it surfaces then as conflicts, as at any push; pushing
/// it twice changes nothing. The file is read from a copy (brought to this
/// version's schema when older, the found file itself left as it is), its
/// ledger must verify, and its terminal's keys must hold the key it was
/// enrolled with.
pub fn recover(
    (url, password): (&str, Option<&str>),
    by: &Operator,
    db: &std::path::Path,
) -> Result<Pushed, CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    let unreadable = |why: String| CentralError::Recovered(format!("{}: {why}", db.display()));
    let copy = Copy::of(db).map_err(|e| unreadable(e.to_string()))?;
    let (store, _) = Store::open(&copy.db).map_err(|e| unreadable(e.to_string()))?;
    let report = crate::ledger::verify::verify(&store)?;
    if let Some(found) = report.first_break {
        return Err(unreadable(format!("its ledger does not verify ({found})")));
    }
    let found = store
        .read(store::terminals::founding)?
        .ok_or_else(|| unreadable("it holds no terminal".into()))?;
    let keys = store.read(|tx| store::terminals::keys(tx, found.id))?;
    let mut client = super::connect(url, password)?;
    let enrolled = store::central::terminals(&mut client)?
        .into_iter()
        .find(|t| t.public_id == found.public_id)
        .ok_or_else(|| unreadable("no terminal of it was ever enrolled there".into()))?;
    if !keys.iter().any(|k| k.public_key == enrolled.public_key) {
        return Err(unreadable(format!(
            "its keys are not those terminal {} was enrolled with",
            enrolled.name
        )));
    }
    // Sent from its first record: what is there already counts once.
    let there = Vec::new();
    send_chains(
        &store,
        found.id,
        &mut client,
        (&there, Some(&found.public_id)),
    )
}

/// A found terminal's database copied into a folder of its own (its
/// write-ahead log with it), removed when done.
struct Copy {
    dir: std::path::PathBuf,
    db: std::path::PathBuf,
}

impl Copy {
    fn of(db: &std::path::Path) -> std::io::Result<Copy> {
        let mut tag = [0u8; 8];
        getrandom::fill(&mut tag).map_err(std::io::Error::other)?;
        let dir = std::env::temp_dir().join(format!(
            "guichet-recover-{}",
            data_encoding::HEXLOWER.encode(&tag)
        ));
        std::fs::create_dir(&dir)?;
        let copy = Copy {
            db: dir.join("found.db"),
            dir,
        };
        std::fs::copy(db, &copy.db)?;
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        if std::path::Path::new(&wal).exists() {
            std::fs::copy(&wal, copy.dir.join("found.db-wal"))?;
        }
        Ok(copy)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn push_chains(store: &Store, terminal_id: i64) -> Result<Pushed, CentralError> {
    let mut client = super::connect_terminal(store)?;
    let there = store::central::pushed(&mut client)?;
    send_chains(store, terminal_id, &mut client, (&there, None))
}

/// Sends a terminal's chains after what the central side has of them
/// (`there`): its own, or, `retired` (its public id), a retired terminal's
/// through an administrator's login.
fn send_chains(
    store: &Store,
    terminal_id: i64,
    client: &mut postgres::Client,
    (there, retired): (&[(String, i64)], Option<&str>),
) -> Result<Pushed, CentralError> {
    let mut done = Pushed::default();
    for chain in Chain::ALL {
        let chain = chain.as_str();
        let central_last = there.iter().find(|(c, _)| c == chain).map(|(_, seq)| *seq);
        let local_last = store
            .read(|tx| store::ledger::head(tx, terminal_id, chain))?
            .map_or(0, |(seq, _)| seq);
        // A chain shorter here than what it pushed: an older copy restored,
        // or records lost. Kept as a conflict; nothing of it is pushed.
        if central_last.is_some_and(|there| local_last < there) {
            store::central::behind(client, chain, local_last)?;
            done.conflicts += 1;
            continue;
        }
        // The last record there is sent again: one that differs there is a
        // fork the central side must see.
        let mut from = central_last.map_or(1, |seq| seq.max(1));
        loop {
            let mut rows = Vec::new();
            store.read(|tx| {
                store::ledger::range(tx, terminal_id, chain, (from, from + BATCH - 1), |r| {
                    rows.push(r);
                    true
                })
            })?;
            let Some(last) = rows.last().map(|r| r.seq) else {
                break;
            };
            let records = Value::Array(rows.iter().map(record).collect());
            let mut tx = client.transaction()?;
            let said = match retired {
                Some(terminal) => {
                    store::central::push_retired(&mut tx, terminal, &records.to_string())?
                }
                None => store::central::push(&mut tx, &records.to_string())?,
            };
            tx.commit()?;
            done.transactions += 1;
            let said: Value = serde_json::from_str(&said).unwrap_or_default();
            let count = |k: &str| said[k].as_i64().unwrap_or(0);
            done.stored += count("stored");
            done.already += count("already");
            done.conflicts += count("conflicts");
            if count("conflicts") > 0 || (rows.len() as i64) < BATCH {
                break;
            }
            from = last + 1;
        }
    }
    Ok(done)
}

/// A record as the central `push` takes it: its columns, bytes in hex.
fn record(r: &LedgerRow) -> Value {
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    json!({
        "chain": r.chain, "seq": r.seq, "kind": r.kind, "at": r.at, "recorded": r.recorded,
        "body": r.body, "prev_hash": hex(&r.prev_hash), "hash": hex(&r.hash),
        "signature": hex(&r.signature),
    })
}

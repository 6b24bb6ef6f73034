//! Verifying the ledger: recompute every hash and signature, chain by chain,
//! and name the first broken record and why; then hold the terminals, the
//! database's protections and the sales tables against what is signed.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde_json::Value;

use super::{
    GENESIS_PREV, audit, canonical, closings, contingents, door_list, drawer, head, invitations,
    record_hash, trust,
};
use crate::domain::journal::{
    Break, Chain, ChainSummary, Kind, Problem, Report, RestoreNote, Witness,
};
use crate::domain::records::Record;
use crate::store::{
    self, Store, StoreError,
    terminals::{KeyRow, TerminalRow},
};

/// Verifies every chain of every terminal. Only a database error is an
/// `Err`; a broken ledger is a report with `first_break` set.
pub fn verify(store: &Store) -> Result<Report, StoreError> {
    store.read(|tx| {
        let terminals = store::terminals::all(tx)?;
        let mut chains: Vec<(i64, String)> = Vec::new();
        for t in &terminals {
            for chain in Chain::ALL {
                chains.push((t.id, chain.as_str().to_owned()));
            }
        }
        for found in store::ledger::chains(tx)? {
            if !chains.contains(&found) {
                chains.push(found);
            }
        }
        let mut report = Report {
            chains: Vec::new(),
            first_break: None,
            witness: Witness::Missing,
            restores: Vec::new(),
        };
        if terminals.is_empty() {
            // Every Guichet database gets its terminal and genesis records
            // when first opened: an empty ledger has been wiped.
            report.first_break = Some(Break {
                terminal: "-".into(),
                chain: Chain::Fiscal.as_str().into(),
                position: 1,
                kind: String::new(),
                at: String::new(),
                problem: Problem::BadGenesis("no terminal and no record: the ledger was emptied"),
            });
            return Ok(report);
        }
        let founding = &terminals[0];
        for t in &terminals[1..] {
            if !trust::enrolled(tx, t, founding)? {
                report.first_break = Some(Break {
                    terminal: t.name.clone(),
                    chain: Chain::Fiscal.as_str().into(),
                    position: 1,
                    kind: String::new(),
                    at: String::new(),
                    problem: Problem::NotEnrolled,
                });
                return Ok(report);
            }
        }
        let mut expected = audit::Expected::default();
        for (terminal_id, chain) in chains {
            let Some(terminal) = terminals.iter().find(|t| t.id == terminal_id) else {
                report.first_break = Some(Break {
                    terminal: format!("#{terminal_id}"),
                    chain,
                    position: 1,
                    kind: String::new(),
                    at: String::new(),
                    problem: Problem::BadGenesis(
                        "records of a terminal the database does not know",
                    ),
                });
                break;
            };
            let keys = store::terminals::keys(tx, terminal_id)?;
            let mut walker = ChainWalk::new(terminal, &keys, &chain, &mut expected);
            store::ledger::walk(tx, terminal_id, &chain, |row| walker.step(row))?;
            let outcome = walker.finish();
            match outcome {
                Ok(summary) => report.chains.push(summary),
                Err(b) => {
                    report.first_break = Some(b);
                    return Ok(report);
                }
            }
        }
        report.restores = restores(tx, &terminals)?;
        let (witness, cut) = held_by_head(tx, store, &terminals)?;
        report.witness = witness;
        // The damage first; then the protections that would have stopped it.
        report.first_break = match cut {
            Some(b) => Some(b),
            None => protections(tx, &terminals, &expected)?,
        };
        Ok(report)
    })
}

/// The restores from a backup each terminal's ledger records (a record
/// this version cannot read is the walk's to report).
fn restores(
    tx: &crate::store::Tx,
    terminals: &[TerminalRow],
) -> Result<Vec<RestoreNote>, StoreError> {
    let mut notes = Vec::new();
    for t in terminals {
        let rows = store::ledger::of_kind(
            tx,
            t.id,
            Chain::Fiscal.as_str(),
            store::ledger::Indexed::Restored,
        )?;
        for row in rows {
            let data = serde_json::from_str::<serde_json::Value>(&row.body)
                .ok()
                .and_then(|b| b.get("data").cloned());
            let Some(Ok(Record::Restored(r))) = data.map(|d| Record::read(Kind::Restored, d))
            else {
                continue;
            };
            notes.push(RestoreNote {
                terminal: t.name.clone(),
                at: row.at.clone(),
                backup_made: r.made_at,
                lost: r
                    .lost
                    .into_iter()
                    .map(|l| (l.chain, l.from, l.to))
                    .collect(),
            });
        }
    }
    Ok(notes)
}

/// The rows that matter to money or to the door held against the records
/// that sign them, then the database's own protections: the first break.
fn protections(
    tx: &crate::store::Tx,
    terminals: &[TerminalRow],
    expected: &audit::Expected,
) -> Result<Option<Break>, StoreError> {
    if let Some(b) = audit::check(tx, terminals, expected)? {
        return Ok(Some(b));
    }
    type Check = fn(&crate::store::Tx, &[TerminalRow]) -> Result<Option<Break>, StoreError>;
    let checks: [Check; 5] = [
        closings::check,
        drawer::check,
        contingents::check,
        door_list::check,
        invitations::check,
    ];
    for check in checks {
        if let Some(b) = check(tx, terminals)? {
            return Ok(Some(b));
        }
    }
    audit::check_defences(tx)
}

/// Holds the chains against the signed head beside the database: what it
/// says, and the cut it finds.
fn held_by_head(
    tx: &crate::store::Tx,
    store: &Store,
    terminals: &[TerminalRow],
) -> Result<(Witness, Option<Break>), StoreError> {
    // The head is signed by the terminal that wrote it, with one of its keys.
    for t in terminals {
        let keys: Vec<[u8; 32]> = store::terminals::keys(tx, t.id)?
            .iter()
            .filter_map(|k| k.public_key.as_slice().try_into().ok())
            .collect();
        let found = match head::read(store.path(), &keys) {
            Ok(None) => return Ok((Witness::Missing, None)),
            Err(head::Unreadable) => continue,
            Ok(Some(h)) if h.terminal != t.public_id => continue,
            Ok(Some(h)) => h,
        };
        let cut = head::cut_in(tx, t.id, &found)?.map(|cut| Break {
            terminal: t.name.clone(),
            chain: cut.chain,
            position: cut.found + 1,
            kind: String::new(),
            at: String::new(),
            problem: Problem::Truncated {
                head: cut.head,
                found: cut.found,
            },
        });
        return Ok((Witness::Held, cut));
    }
    Ok((Witness::Unreadable, None))
}

struct ChainWalk<'a> {
    terminal: &'a TerminalRow,
    /// Every key the database lists for the terminal, oldest first: the
    /// chain must announce each, in this order.
    keys: &'a [KeyRow],
    chain: String,
    expected: i64,
    prev: Vec<u8>,
    /// The key that signs the next record, and how many keys the chain
    /// has announced so far (genesis included).
    key: Option<VerifyingKey>,
    announced: usize,
    broken: Option<Break>,
    /// What the sale and cancellation records say the sales tables hold.
    sales: &'a mut audit::Expected,
    /// Signatures still to check: they are checked in batches, on every
    /// core, and the earliest bad one is the break.
    pending: Vec<Signed>,
}

/// A record's signature to check, and where the record is.
struct Signed {
    key: VerifyingKey,
    hash: [u8; 32],
    signature: Signature,
    position: i64,
    kind: String,
    at: String,
}

/// How many signatures wait before a batch is checked.
const BATCH: usize = 4096;

/// The first of `pending` whose signature is bad, checked on every core.
fn first_bad(pending: &[Signed]) -> Option<&Signed> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let chunk = pending.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = pending
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .find(|p| p.key.verify(&p.hash, &p.signature).is_err())
                })
            })
            .collect();
        parts
            .into_iter()
            .filter_map(|h| h.join().ok().flatten())
            .min_by_key(|p| p.position)
    })
}

impl<'a> ChainWalk<'a> {
    fn new(
        terminal: &'a TerminalRow,
        keys: &'a [KeyRow],
        chain: &str,
        sales: &'a mut audit::Expected,
    ) -> ChainWalk<'a> {
        ChainWalk {
            terminal,
            keys,
            chain: chain.to_owned(),
            expected: 1,
            prev: GENESIS_PREV.to_vec(),
            key: None,
            announced: 0,
            broken: None,
            sales,
            pending: Vec::new(),
        }
    }

    /// Checks the waiting signatures; a bad one becomes the break.
    fn flush(&mut self) {
        if let Some(bad) = first_bad(&self.pending) {
            self.broken = Some(Break {
                terminal: self.terminal.name.clone(),
                chain: self.chain.clone(),
                position: bad.position,
                kind: bad.kind.clone(),
                at: bad.at.clone(),
                problem: Problem::BadSignature,
            });
        }
        self.pending.clear();
    }

    /// Checks one record; returns false (stop) at the first break.
    fn step(&mut self, row: store::ledger::LedgerRow) -> bool {
        match self.check(&row) {
            Ok(()) => {
                self.prev = row.hash;
                self.expected += 1;
                if self.pending.len() >= BATCH {
                    self.flush();
                }
                self.broken.is_none()
            }
            Err(problem) => {
                // A bad signature before this record is the first break.
                self.flush();
                if self.broken.is_some() {
                    return false;
                }
                // Removed records are not the one found after them: their
                // kind and time are gone with them.
                let (kind, at) = match problem {
                    Problem::Missing { .. } => (String::new(), String::new()),
                    _ => (row.kind, row.at),
                };
                self.broken = Some(Break {
                    terminal: self.terminal.name.clone(),
                    chain: self.chain.clone(),
                    position: self.expected,
                    kind,
                    at,
                    problem,
                });
                false
            }
        }
    }

    fn check(&mut self, row: &store::ledger::LedgerRow) -> Result<(), Problem> {
        let Linked { body, hash } = link(row, self.expected, &self.prev, &self.terminal.public_id)?;
        if self.expected == 1 {
            self.key = Some(genesis_key(&body, self.terminal)?);
            self.announced = 1;
        }
        let key = self.key.as_ref().ok_or(Problem::BadGenesis("no key"))?;
        let signature = <[u8; 64]>::try_from(row.signature.as_slice())
            .map(|b| Signature::from_bytes(&b))
            .map_err(|_| Problem::BadSignature)?;
        self.pending.push(Signed {
            key: *key,
            hash,
            signature,
            position: row.seq,
            kind: row.kind.clone(),
            at: row.at.clone(),
        });
        // Signed by the old key, a rotation hands over to the key it names.
        if row.kind == Kind::KeyRotated.as_str() {
            self.key = Some(self.next_key(&body)?);
            self.announced += 1;
        }
        self.sales.record(self.terminal, row, &body["data"])
    }

    /// The key a `key_rotated` record announces: it must be the terminal's
    /// next key in the database's list.
    fn next_key(&self, body: &Value) -> Result<VerifyingKey, Problem> {
        let announced = announced_key(body).ok_or(Problem::KeyChange("no readable public key"))?;
        let Some(listed) = self.keys.get(self.announced) else {
            return Err(Problem::KeyChange(
                "it announces a key the database does not list for the terminal",
            ));
        };
        if listed.public_key.as_slice() != announced.as_slice()
            || body["data"]["number"].as_i64() != Some(listed.number)
        {
            return Err(Problem::KeyChange(
                "the key it announces is not the terminal's next key",
            ));
        }
        VerifyingKey::from_bytes(&announced).map_err(|_| Problem::KeyChange("invalid public key"))
    }

    fn finish(mut self) -> Result<ChainSummary, Break> {
        self.flush();
        if let Some(b) = self.broken {
            return Err(b);
        }
        if self.expected == 1 {
            return Err(Break {
                terminal: self.terminal.name.clone(),
                chain: self.chain,
                position: 1,
                kind: String::new(),
                at: String::new(),
                problem: Problem::BadGenesis("the chain has no records at all"),
            });
        }
        // A key listed in the database but never handed over to in the
        // chain could sign tickets the ledger knows nothing of.
        if self.announced < self.keys.len() {
            return Err(Break {
                terminal: self.terminal.name.clone(),
                chain: self.chain,
                position: self.expected,
                kind: String::new(),
                at: String::new(),
                problem: Problem::KeyChange(
                    "the database lists a key for the terminal that the chain never announced",
                ),
            });
        }
        Ok(ChainSummary {
            terminal: self.terminal.name.clone(),
            chain: self.chain,
            records: self.expected - 1,
            last_hash: data_encoding::HEXLOWER.encode(&self.prev),
        })
    }
}

/// A record that follows its chain: its content read and its hash.
pub struct Linked {
    pub body: Value,
    pub hash: [u8; 32],
}

/// Checks that `row` is the record `expected` of its chain after the one
/// whose hash is `prev`, of the terminal `terminal` (its public id): in its
/// place, intact (canonical content matching its hash and its columns),
/// linked. Signatures are the caller's (the keys are its to know): the
/// local verification here, the central one in `central::verify`.
pub fn link(
    row: &store::ledger::LedgerRow,
    expected: i64,
    prev: &[u8],
    terminal: &str,
) -> Result<Linked, Problem> {
    if row.seq > expected {
        return Err(Problem::Missing {
            from: expected,
            to: row.seq - 1,
        });
    }
    let body: Value = serde_json::from_str(&row.body)
        .map_err(|_| Problem::Altered("the content is no longer valid JSON"))?;
    if canonical::to_canonical(&body).ok().as_deref() != Some(row.body.as_str()) {
        return Err(Problem::Altered(
            "the content is no longer in canonical form",
        ));
    }
    let body_seq = body["seq"].as_i64().unwrap_or(-1);
    if body_seq != row.seq {
        return Err(Problem::Reordered { found: body_seq });
    }
    let hash = record_hash(prev, &row.body);
    if hash.as_slice() != row.hash.as_slice() {
        return Err(
            if record_hash(&row.prev_hash, &row.body).as_slice() == row.hash {
                Problem::Unlinked
            } else {
                Problem::Altered("its content no longer matches its hash")
            },
        );
    }
    let columns_agree = body["kind"].as_str() == Some(row.kind.as_str())
        && body["at"].as_str() == Some(row.at.as_str())
        && body["chain"].as_str() == Some(row.chain.as_str())
        && body["terminal"].as_str() == Some(terminal);
    if !columns_agree {
        return Err(Problem::Altered(
            "its columns (kind, time, chain or terminal) differ from its signed content",
        ));
    }
    // The unsigned copy of the time that orders records must be the signed one.
    let signed_ms = chrono::DateTime::parse_from_rfc3339(&row.at)
        .map(|t| t.timestamp_millis())
        .ok();
    if signed_ms != Some(row.recorded) {
        return Err(Problem::Altered(
            "its recorded time differs from its signed time",
        ));
    }
    Ok(Linked { body, hash })
}

/// The key a genesis record announces; it must be the terminal's.
fn genesis_key(body: &Value, terminal: &TerminalRow) -> Result<VerifyingKey, Problem> {
    if body["kind"].as_str() != Some(Kind::Genesis.as_str()) {
        return Err(Problem::BadGenesis(
            "the first record is not a genesis record",
        ));
    }
    let public = announced_key(body).ok_or(Problem::BadGenesis("no readable public key"))?;
    if public.as_slice() != terminal.public_key.as_slice() {
        return Err(Problem::BadGenesis(
            "its public key is not the one registered for the terminal",
        ));
    }
    VerifyingKey::from_bytes(&public).map_err(|_| Problem::BadGenesis("invalid public key"))
}

/// The public key a genesis or key change record carries.
pub fn announced_key(body: &Value) -> Option<[u8; 32]> {
    body["data"]["public_key"]
        .as_str()
        .and_then(|h| data_encoding::HEXLOWER.decode(h.as_bytes()).ok())
        .and_then(|b| b.try_into().ok())
}

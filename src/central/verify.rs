//! `guichet central verify`: every chain pushed, checked centrally in
//! Rust — each record in its place, intact and linked (the same check as
//! the local `verify`), each signature by the key the terminal was
//! enrolled with, then by each key its chain announces. An administrator's
//! read: the central database is the witness of every terminal's ledger.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use super::CentralError;
use crate::domain::journal::{Chain, Kind, Problem};
use crate::ledger::{GENESIS_PREV, verify};
use crate::store::central;
use crate::store::ledger::LedgerRow;

/// Records read in one page.
const PAGE: i32 = 5000;

/// A chain as the central database holds it, checked.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckedChain {
    pub terminal: String,
    pub chain: String,
    pub records: i64,
    /// Hex of its last record's hash.
    pub last_hash: String,
    /// The first record that does not hold, and why.
    pub broken: Option<(i64, String)>,
}

/// Checks every terminal's chains at `url` (an administrator's login).
pub fn verify(url: &str, password: Option<&str>) -> Result<Vec<CheckedChain>, CentralError> {
    let mut client = super::connect(url, password)?;
    let mut out = Vec::new();
    for t in central::terminals(&mut client)? {
        for chain in Chain::ALL {
            let mut walk = Walk::new(&t.public_id, &t.public_key);
            let mut after = 0i64;
            loop {
                let rows = central::records(&mut client, t.id, chain.as_str(), after, PAGE)?;
                for row in &rows {
                    after = row.seq;
                    if !walk.step(row) {
                        break;
                    }
                }
                if walk.broken.is_some() || rows.len() < PAGE as usize {
                    break;
                }
            }
            if walk.expected == 1 && walk.broken.is_none() {
                continue; // nothing pushed on that chain yet
            }
            out.push(CheckedChain {
                terminal: t.name.clone(),
                chain: chain.as_str().to_owned(),
                records: walk.expected - 1,
                last_hash: data_encoding::HEXLOWER.encode(&walk.prev),
                broken: walk.broken,
            });
        }
    }
    Ok(out)
}

/// One chain read in order.
struct Walk<'a> {
    terminal: &'a str,
    enrolled: &'a [u8],
    expected: i64,
    prev: Vec<u8>,
    key: Option<VerifyingKey>,
    broken: Option<(i64, String)>,
}

impl<'a> Walk<'a> {
    fn new(terminal: &'a str, enrolled: &'a [u8]) -> Walk<'a> {
        Walk {
            terminal,
            enrolled,
            expected: 1,
            prev: GENESIS_PREV.to_vec(),
            key: None,
            broken: None,
        }
    }

    /// Checks one record; false (stop) at the first that does not hold.
    fn step(&mut self, row: &LedgerRow) -> bool {
        match self.check(row) {
            Ok(hash) => {
                self.prev = hash.to_vec();
                self.expected += 1;
                true
            }
            Err(problem) => {
                self.broken = Some((self.expected, problem.to_string()));
                false
            }
        }
    }

    fn check(&mut self, row: &LedgerRow) -> Result<[u8; 32], Problem> {
        let linked = verify::link(row, self.expected, &self.prev, self.terminal)?;
        if self.expected == 1 {
            let announced = verify::announced_key(&linked.body);
            let theirs = announced.is_some_and(|k| k.as_slice() == self.enrolled);
            if row.kind != Kind::Genesis.as_str() || !theirs {
                return Err(Problem::BadGenesis(
                    "the first record does not announce the key the terminal was enrolled with",
                ));
            }
            self.key = announced.and_then(|k| VerifyingKey::from_bytes(&k).ok());
        }
        let key = self.key.ok_or(Problem::BadGenesis("no key"))?;
        let signature = <[u8; 64]>::try_from(row.signature.as_slice())
            .map(|b| Signature::from_bytes(&b))
            .map_err(|_| Problem::BadSignature)?;
        key.verify(&linked.hash, &signature)
            .map_err(|_| Problem::BadSignature)?;
        // Signed by the old key, a key change hands over to the key it names.
        if row.kind == Kind::KeyRotated.as_str() {
            let next = verify::announced_key(&linked.body)
                .and_then(|k| VerifyingKey::from_bytes(&k).ok())
                .ok_or(Problem::KeyChange("no readable public key"))?;
            self.key = Some(next);
        }
        Ok(linked.hash)
    }
}

/// The keys a terminal's chain hands over to, each believed only when its
/// `key_rotated` record (intact, in its place) is signed by the key before
/// it, starting from the key the terminal was enrolled with: a record
/// pushed with a login but without the terminal's key hands over nothing.
/// `rotations` in the order of the chain; the first that does not hold
/// ends the list.
pub fn handed_over(enrolled: &[u8], terminal: &str, rotations: &[LedgerRow]) -> Vec<[u8; 32]> {
    let Some(mut key) = <[u8; 32]>::try_from(enrolled)
        .ok()
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
    else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for row in rotations {
        let Ok(linked) = verify::link(row, row.seq, &row.prev_hash, terminal) else {
            break;
        };
        let signed = <[u8; 64]>::try_from(row.signature.as_slice())
            .map(|b| Signature::from_bytes(&b))
            .is_ok_and(|s| key.verify(&linked.hash, &s).is_ok());
        let next = verify::announced_key(&linked.body);
        let Some((next, verifying)) = next
            .filter(|_| signed && row.kind == Kind::KeyRotated.as_str())
            .and_then(|k| Some((k, VerifyingKey::from_bytes(&k).ok()?)))
        else {
            break;
        };
        keys.push(next);
        key = verifying;
    }
    keys
}

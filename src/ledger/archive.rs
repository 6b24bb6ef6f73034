//! A period's records as an archive holds them, and their check without the
//! database. Each chain's part is a run of consecutive records written as
//! JSON lines, each with its canonical signed content, hashes and
//! signature, so that anyone can recompute every hash and check every
//! signature with the terminal's public keys, which the archive lists. The
//! archive's manifest is signed with the terminal's key under its own tag.

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Signer, canonical, record_hash};
use crate::domain::journal::Kind;
use crate::store::{self, StoreError, Tx, ledger::LedgerRow};

/// The archive format's name and version, in its manifest.
pub const FORMAT: &str = "guichet-archive";
pub const VERSION: u32 = 1;

/// What a manifest's signature covers, before the manifest's bytes.
const TAG: &[u8] = b"guichet archive v1\n";

/// One record as an archive's `records.jsonl` holds it (binary as hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub chain: String,
    pub seq: i64,
    pub kind: String,
    pub at: String,
    /// The signed content, in canonical JSON, as it was hashed.
    pub body: String,
    pub prev_hash: String,
    pub hash: String,
    pub signature: String,
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    data_encoding::HEXLOWER.decode(text.as_bytes()).ok()
}

impl Line {
    pub fn of(row: &LedgerRow) -> Line {
        Line {
            chain: row.chain.clone(),
            seq: row.seq,
            kind: row.kind.clone(),
            at: row.at.clone(),
            body: row.body.clone(),
            prev_hash: hex(&row.prev_hash),
            hash: hex(&row.hash),
            signature: hex(&row.signature),
        }
    }
}

/// A chain's part of an archive: records `first_seq..=last_seq`, the hash
/// before the first, and the number of the key that signs the first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub chain: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub prev_hash: String,
    pub key_number: i64,
}

impl Part {
    pub fn records(&self) -> i64 {
        (self.last_seq - self.first_seq + 1).max(0)
    }
}

/// The part of `chain` from record `first` to record `last` (none when
/// `first > last`).
pub fn part(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    (first, last): (i64, i64),
) -> Result<Option<Part>, StoreError> {
    if first > last {
        return Ok(None);
    }
    let prev = if first == 1 {
        super::GENESIS_PREV.to_vec()
    } else {
        store::ledger::hash_at(tx, terminal_id, chain, first - 1)?.unwrap_or_default()
    };
    Ok(Some(Part {
        chain: chain.to_owned(),
        first_seq: first,
        last_seq: last,
        prev_hash: hex(&prev),
        key_number: store::ledger::rotations_before(tx, terminal_id, chain, first)? + 1,
    }))
}

/// Visits the records of a part, in order.
pub fn lines(
    tx: &Tx,
    terminal_id: i64,
    part: &Part,
    mut visit: impl FnMut(Line) -> bool,
) -> Result<(), StoreError> {
    store::ledger::range(
        tx,
        terminal_id,
        &part.chain,
        (part.first_seq, part.last_seq),
        |row| visit(Line::of(&row)),
    )?;
    Ok(())
}

/// The signature of a manifest's bytes by the terminal's key.
pub fn sign(signer: &Signer, manifest: &[u8]) -> String {
    let mut message = TAG.to_vec();
    message.extend_from_slice(manifest);
    hex(&signer.sign(&message))
}

/// Whether `signature` (hex) signs `manifest` with `public` (hex).
pub fn signed(public: &str, manifest: &[u8], signature: &str) -> bool {
    let key = unhex(public)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let signature = unhex(signature)
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    let mut message = TAG.to_vec();
    message.extend_from_slice(manifest);
    matches!((key, signature), (Some(k), Some(s)) if k.verify(&message, &s).is_ok())
}

/// Checks a chain's part line by line: consecutive numbers from its first,
/// each hash recomputed from the one before, the content canonical and
/// naming its number, each signature by the key in force (the part's first
/// key, then the one each key change announces, which must be the next of
/// the terminal's keys).
pub struct PartCheck<'a> {
    part: &'a Part,
    keys: &'a [String],
    next: i64,
    prev: Vec<u8>,
    key_number: i64,
    key: VerifyingKey,
}

impl<'a> PartCheck<'a> {
    /// `keys` are the terminal's public keys in hex, the first numbered 1.
    pub fn new(part: &'a Part, keys: &'a [String]) -> Result<PartCheck<'a>, String> {
        let key = public(keys, part.key_number)?;
        Ok(PartCheck {
            part,
            keys,
            next: part.first_seq,
            prev: unhex(&part.prev_hash).ok_or("the part's previous hash is not hex")?,
            key_number: part.key_number,
            key,
        })
    }

    /// Checks the next line of the part.
    pub fn line(&mut self, line: &Line) -> Result<(), String> {
        let at = |what: &str| format!("{} record {}: {what}", line.chain, line.seq);
        if line.chain != self.part.chain || line.seq != self.next {
            return Err(at(&format!("expected record {} here", self.next)));
        }
        let body: Value =
            serde_json::from_str(&line.body).map_err(|_| at("its content is not JSON"))?;
        if canonical::to_canonical(&body).ok().as_deref() != Some(line.body.as_str())
            || body["seq"].as_i64() != Some(line.seq)
            || body["kind"].as_str() != Some(line.kind.as_str())
            || body["at"].as_str() != Some(line.at.as_str())
        {
            return Err(at("its content is not what was signed"));
        }
        let hash = record_hash(&self.prev, &line.body);
        if unhex(&line.hash).as_deref() != Some(hash.as_slice())
            || unhex(&line.prev_hash).as_deref() != Some(self.prev.as_slice())
        {
            return Err(at("its hash does not follow from the record before"));
        }
        let signature = unhex(&line.signature)
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b))
            .ok_or_else(|| at("its signature cannot be read"))?;
        if self.key.verify(&hash, &signature).is_err() {
            return Err(at("its signature is not the terminal's"));
        }
        if line.kind == Kind::KeyRotated.as_str() {
            let announced = body["data"]["public_key"].as_str().unwrap_or_default();
            let next = public(self.keys, self.key_number + 1)?;
            if hex(next.as_bytes()) != announced {
                return Err(at(
                    "the key it hands over to is not the terminal's next key",
                ));
            }
            self.key_number += 1;
            self.key = next;
        }
        self.prev = hash.to_vec();
        self.next += 1;
        Ok(())
    }

    /// The part's lines all came.
    pub fn finish(self) -> Result<(), String> {
        if self.next != self.part.last_seq + 1 {
            return Err(format!(
                "{}: records {} to {} are missing",
                self.part.chain, self.next, self.part.last_seq
            ));
        }
        Ok(())
    }
}

fn public(keys: &[String], number: i64) -> Result<VerifyingKey, String> {
    usize::try_from(number - 1)
        .ok()
        .and_then(|i| keys.get(i))
        .and_then(|k| unhex(k))
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| format!("the archive lists no valid key number {number}"))
}

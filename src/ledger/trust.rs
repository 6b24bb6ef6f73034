//! Which terminals and keys count: the rule the door and `verify` share.
//!
//! A database's founding terminal (the first, whose genesis records open
//! the ledger and whose key file the program checks at every start) counts;
//! any other terminal counts only once a `terminal_enrolled` record of the
//! founding terminal names it (an administrator's act, written when
//! terminals join a venue). A terminal's first key is the one its row and
//! its genesis record hold; every later key counts only when a
//! `key_rotated` record of that terminal announces it. A row inserted by
//! hand in `terminal` or `terminal_key` signs nothing that is believed.

use crate::domain::journal::Kind;
use crate::store::terminals::{KeyRow, TerminalRow};
use crate::store::{self, Tx};

/// Why a terminal or a key does not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distrust {
    /// Not the founding terminal, and no enrolment record names it.
    NotEnrolled,
    /// A later key that no `key_rotated` record of its terminal announces,
    /// or a first key that is not the terminal's own.
    NotAnnounced,
}

/// The founding terminal: the database's first.
pub fn founding(tx: &Tx) -> Result<Option<TerminalRow>, store::StoreError> {
    store::terminals::founding(tx)
}

/// Whether `terminal` counts, the founding terminal being `founding`.
pub fn enrolled(
    tx: &Tx,
    terminal: &TerminalRow,
    founding: &TerminalRow,
) -> Result<bool, store::StoreError> {
    if terminal.id == founding.id {
        return Ok(true);
    }
    Ok(store::ledger::event_naming(
        tx,
        founding.id,
        Kind::TerminalEnrolled.as_str(),
        &terminal.public_id,
    )?
    .is_some())
}

/// The key with this id (hex of its first 8 bytes' hash) if it counts:
/// `Ok(Err(_))` says why one found does not.
pub fn key(tx: &Tx, key_id: &str) -> Result<Option<Result<KeyRow, Distrust>>, store::StoreError> {
    let Some(key) = store::terminals::key_by_id(tx, key_id)? else {
        return Ok(None);
    };
    let Some(founding) = founding(tx)? else {
        return Ok(Some(Err(Distrust::NotEnrolled)));
    };
    // Usually the key is the founding terminal's: one read, not two.
    let terminal = if key.terminal_id == founding.id {
        founding.clone()
    } else {
        match store::terminals::by_id(tx, key.terminal_id)? {
            Some(t) => t,
            None => return Ok(Some(Err(Distrust::NotEnrolled))),
        }
    };
    if !enrolled(tx, &terminal, &founding)? {
        return Ok(Some(Err(Distrust::NotEnrolled)));
    }
    let announced = if key.number == 1 {
        key.public_key == terminal.public_key
    } else {
        let hex = data_encoding::HEXLOWER.encode(&key.public_key);
        store::ledger::event_naming(tx, terminal.id, Kind::KeyRotated.as_str(), &hex)?.is_some()
    };
    Ok(Some(if announced {
        Ok(key)
    } else {
        Err(Distrust::NotAnnounced)
    }))
}

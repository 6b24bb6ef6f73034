//! Changing a terminal's signing key (rotation): routinely, or when the key
//! file may have been copied (a stolen laptop, a backup left lying around).
//!
//! The new key is written beside the database as `guichet.db.key.next`;
//! then, in one transaction, each of the terminal's chains gets a
//! `key_rotated` record signed by the old key and announcing the new one,
//! and the new key joins `terminal_key`; then the new key file replaces the
//! old. From the next record on, the terminal signs with the new key.
//! Tickets and records signed before keep verifying with the old public key,
//! which stays in the database; the old secret is gone.
//!
//! A crash between two steps is settled at the next start by
//! [`settle_pending`]: the pending key is promoted if the database recorded
//! it, thrown away if not.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::keys::{self, KeyError};
use super::{Actor, LedgerError, Signer, append};
use crate::domain::journal::Chain;
use crate::domain::records::{self, Record};
use crate::store::{self, Store, StoreError, terminals::KeyRow};

/// The longest reason kept with a rotation.
pub const REASON_MAX: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    NotAllowed,
    UnderWay {
        path: PathBuf,
    },
    NotPromoted {
        path: PathBuf,
        pending: PathBuf,
        source: KeyError,
    },
    Ledger(#[from] LedgerError),
    Key(#[from] KeyError),
    Store(#[from] StoreError),
}

/// Gives the terminal of `signer` a new signing key, recorded in its chains
/// by the old one; `signer` signs with the new key afterwards. Who may is
/// the caller's to check (`Terminal::rotate_key`). `reason` (trimmed, at
/// most [`REASON_MAX`] characters kept) says why, in the ledger.
pub fn rotate_key(
    store: &mut Store,
    signer: &mut Signer,
    key_path: &Path,
    by: &Actor,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<KeyRow, RotationError> {
    let reason: String = reason.trim().chars().take(REASON_MAX).collect();
    let pending = keys::pending_path(key_path);
    let new = match keys::create(&pending, &signer.terminal_public_id) {
        Ok(key) => key,
        Err(KeyError::Exists { .. }) => return Err(RotationError::UnderWay { path: pending }),
        Err(e) => return Err(e.into()),
    };
    let public = new.public().to_bytes();
    let recorded = store.write(|tx| {
        let current = store::terminals::current_key(tx, signer.terminal_id)?;
        let number = current.map_or(1, |k| k.number) + 1;
        let row = KeyRow {
            terminal_id: signer.terminal_id,
            number,
            key_id: keys::key_id(&public),
            public_key: public.to_vec(),
            created_at: store::unix(now),
        };
        // Signed by the old key: `append` refuses if another program has
        // rotated it meanwhile.
        let record = Record::KeyRotated(records::KeyRotated {
            algorithm: "Ed25519".into(),
            key_id: row.key_id.clone(),
            number,
            previous_key_id: signer.key_id.clone(),
            public_key: data_encoding::HEXLOWER.encode(&public),
            reason: reason.clone(),
        });
        for chain in Chain::ALL {
            append(tx, signer, chain, by, &record, now)?;
        }
        store::terminals::insert_key(tx, &row)?;
        Ok::<_, LedgerError>(row)
    });
    let row = match recorded {
        Ok(row) => row,
        Err(e) => {
            let _ = fs::remove_file(&pending);
            return Err(e.into());
        }
    };
    keys::promote(&pending, key_path).map_err(|source| RotationError::NotPromoted {
        path: key_path.to_owned(),
        pending: pending.clone(),
        source,
    })?;
    signer.key_id = row.key_id.clone();
    signer.key = new;
    Ok(row)
}

/// Finishes or abandons a key change that a crash interrupted: a pending
/// key the database recorded as the terminal's current key replaces the key
/// file; one it never recorded is removed (the old key is still the
/// terminal's).
pub fn settle_pending(store: &Store, key_path: &Path) -> Result<(), LedgerError> {
    let pending = keys::pending_path(key_path);
    let Some(key) = keys::load(&pending)? else {
        return Ok(());
    };
    let public = key.public().to_bytes();
    let recorded = store.read(|tx| {
        let Some(terminal) = store::terminals::by_public_id(tx, &key.terminal)? else {
            return Ok(false);
        };
        let current = store::terminals::current_key(tx, terminal.id)?;
        Ok::<_, StoreError>(current.is_some_and(|k| k.public_key == public))
    })?;
    if recorded {
        keys::promote(&pending, key_path)?;
    } else {
        fs::remove_file(&pending).map_err(|source| KeyError::Write {
            path: pending,
            source,
        })?;
    }
    Ok(())
}

//! The terminal's signing keys: changing to a new one (an administrator's
//! act), listing every key each terminal has signed with, and telling whose
//! a key file is.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::{StartError, Terminal};
use crate::ledger::{self, rotation::RotationError};
use crate::operators::Operator;
use crate::store::{self, Store, StoreError};

/// A key a terminal signs (or signed) with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// 1 for the terminal's first key, then 2, 3… after each change.
    pub number: i64,
    pub key_id: String,
    pub since: DateTime<Utc>,
    /// The key the terminal signs with now (the others are retired: they
    /// still verify what they signed).
    pub current: bool,
}

/// A terminal and every key it has signed with, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerminalKeys {
    pub terminal: String,
    pub keys: Vec<KeyInfo>,
}

/// Which terminal a key file belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOwner {
    pub terminal: String,
    /// The file's key number, and the terminal's current key.
    pub number: i64,
    pub current: KeyInfo,
}

impl KeyOwner {
    pub fn retired(&self) -> bool {
        self.number < self.current.number
    }
}

/// What is beside the database: whose key it is, or why there is none.
#[derive(Debug)]
pub enum KeyFile {
    Missing(PathBuf),
    /// A key no terminal of this database has.
    Foreign(PathBuf),
    Of(KeyOwner, PathBuf),
}

impl Terminal {
    /// Where this terminal's key file is (beside the database).
    pub fn key_path(&self) -> PathBuf {
        super::key_path_of(self.store.path())
    }

    /// This terminal signs with a new key from now on; the old key signs the
    /// record announcing it, and keeps verifying what it signed. Only an
    /// administrator may. `reason` says why, in the ledger.
    pub fn rotate_key(&mut self, by: &Operator, reason: &str) -> Result<KeyInfo, RotationError> {
        if !by.role.can_administer() {
            return Err(RotationError::NotAllowed);
        }
        let key_path = self.key_path();
        let now = self.now();
        let row = ledger::rotation::rotate_key(
            &mut self.store,
            &mut self.signer,
            &key_path,
            &by.actor(),
            reason,
            now,
        )?;
        Ok(KeyInfo {
            number: row.number,
            key_id: row.key_id,
            since: store::instant(row.created_at),
            current: true,
        })
    }
}

/// Every terminal of the database with every key it has signed with.
pub fn key_list(db: &Store) -> Result<Vec<TerminalKeys>, StoreError> {
    Ok(listed(db)?.into_iter().map(|(t, _)| t).collect())
}

/// Whose is the key file beside the database `db`.
pub fn key_file(store: &Store, db: &Path) -> Result<KeyFile, StartError> {
    let path = super::key_path_of(db);
    let Some(key) = ledger::keys::load(&path).map_err(ledger::LedgerError::from)? else {
        return Ok(KeyFile::Missing(path));
    };
    let public = key.public().to_bytes();
    for (terminal, publics) in listed(store)? {
        let found = publics.iter().position(|p| *p == public);
        if let (Some(at), Some(current)) = (found, terminal.keys.last().cloned()) {
            let owner = KeyOwner {
                number: terminal.keys[at].number,
                terminal: terminal.terminal,
                current,
            };
            return Ok(KeyFile::Of(owner, path));
        }
    }
    Ok(KeyFile::Foreign(path))
}

/// A terminal's keys, with each key's public key beside.
type Listed = (TerminalKeys, Vec<Vec<u8>>);

/// Every terminal with its keys, and each key's public key.
fn listed(db: &Store) -> Result<Vec<Listed>, StoreError> {
    db.read(|tx| {
        let mut listed = Vec::new();
        for t in store::terminals::all(tx)? {
            let rows = store::terminals::keys(tx, t.id)?;
            let last = rows.last().map(|k| k.number);
            let publics = rows.iter().map(|k| k.public_key.clone()).collect();
            let keys = rows
                .into_iter()
                .map(|k| KeyInfo {
                    current: Some(k.number) == last,
                    number: k.number,
                    key_id: k.key_id,
                    since: store::instant(k.created_at),
                })
                .collect();
            let terminal = TerminalKeys {
                terminal: t.name,
                keys,
            };
            listed.push((terminal, publics));
        }
        Ok(listed)
    })
}

//! The terminal's key in the backups, sealed with a passphrase the
//! administrator sets: a stolen USB stick signs nothing. When the
//! passphrase is set, the key file is sealed once (Argon2id from the
//! passphrase, ChaCha20-Poly1305) into `guichet.db.key.sealed` beside the
//! database; the passphrase itself is kept nowhere. Each backup copies the
//! sealed key beside it; a restore on a new machine opens it with the
//! passphrase. A key changed since is no longer the sealed one: the backups
//! say the key is left out until the passphrase is set again.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, Nonce, UnboundKey};
use serde::{Deserialize, Serialize};

use super::BackupError;
use crate::domain::operator::Act;
use crate::ledger;
use crate::operators::Operator;
use crate::store::{self, Store};

/// What a sealed key file says it is.
const FORMAT: &str = "guichet-sealed-key 1";
/// A key file is small: one longer than this is not one.
const MAX_FILE: u64 = 64 * 1024;
/// The shortest passphrase taken.
pub const MIN_PASSPHRASE: usize = 12;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Sealed {
    format: String,
    /// The key sealed (its id, as the ledger names it; bound to the seal).
    key_id: String,
    /// Argon2id's costs, kept so that a later version opens it alike:
    /// memory (KiB), passes, lanes.
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
    nonce: String,
    sealed: String,
}

/// The costs a seal is made with.
const COSTS: (u32, u32, u32) = (
    argon2::Params::DEFAULT_M_COST,
    argon2::Params::DEFAULT_T_COST,
    argon2::Params::DEFAULT_P_COST,
);
/// The most a sealed file may ask to be opened with (a file is read from a
/// USB stick: it must not make this program allocate without limit).
const MAX_COSTS: (u32, u32, u32) = (256 * 1024, 10, 4);

/// Where the sealed key of the database at `db` is kept.
pub fn path(db: &Path) -> PathBuf {
    let mut p = ledger::keys::key_path(db).into_os_string();
    p.push(".sealed");
    PathBuf::from(p)
}

/// Seals this terminal's key (the database at `store`) with `passphrase`:
/// an administrator's act. The key's id.
pub fn seal(store: &Store, by: &Operator, passphrase: &str) -> Result<String, BackupError> {
    if !by.role.may(Act::Administer) {
        return Err(BackupError::NotAllowed);
    }
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(BackupError::WeakPassphrase(MIN_PASSPHRASE));
    }
    let db = store.path();
    let key_file = ledger::keys::key_path(db);
    let plain = read_bounded(&key_file).map_err(|why| BackupError::Write {
        place: key_file.clone(),
        why,
    })?;
    let key_id = current_key_id(store)?;
    let (mut salt, mut nonce) = ([0u8; 16], [0u8; 12]);
    getrandom::fill(&mut salt)
        .and_then(|()| getrandom::fill(&mut nonce))
        .map_err(|e| BackupError::Write {
            place: key_file.clone(),
            why: e.to_string(),
        })?;
    let mut data = plain;
    cipher(passphrase, &salt, COSTS)?
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(&key_id)),
            &mut data,
        )
        .map_err(|_| BackupError::Passphrase)?;
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    let sealed = Sealed {
        format: FORMAT.into(),
        key_id: key_id.clone(),
        m_cost: COSTS.0,
        t_cost: COSTS.1,
        p_cost: COSTS.2,
        salt: hex(&salt),
        nonce: hex(&nonce),
        sealed: hex(&data),
    };
    let text = serde_json::to_string_pretty(&sealed).unwrap_or_default();
    write_private(&path(db), text.as_bytes()).map_err(|e| BackupError::Write {
        place: path(db),
        why: e.to_string(),
    })?;
    Ok(key_id)
}

/// The sealed key beside the database, when it seals the key the terminal
/// signs with now (its file).
pub fn current(store: &Store) -> Result<Option<PathBuf>, BackupError> {
    let file = path(store.path());
    let Ok(sealed) = read(&file) else {
        return Ok(None);
    };
    Ok((sealed.key_id == current_key_id(store)?).then_some(file))
}

/// Opens a sealed key file with `passphrase`: the key file's content, and
/// the key's id.
pub fn open(file: &Path, passphrase: &str) -> Result<(Vec<u8>, String), BackupError> {
    let sealed = read(file)?;
    let bytes = |hex: &str| {
        data_encoding::HEXLOWER.decode(hex.as_bytes()).map_err(|_| {
            BackupError::NotABackup(file.to_owned(), "its sealed key is not one".into())
        })
    };
    let salt = bytes(&sealed.salt)?;
    let nonce: [u8; 12] = bytes(&sealed.nonce)?.try_into().map_err(|_| {
        BackupError::NotABackup(file.to_owned(), "its sealed key is not one".into())
    })?;
    let mut data = bytes(&sealed.sealed)?;
    let costs = (sealed.m_cost, sealed.t_cost, sealed.p_cost);
    if costs.0 > MAX_COSTS.0 || costs.1 > MAX_COSTS.1 || costs.2 > MAX_COSTS.2 {
        return Err(BackupError::NotABackup(
            file.to_owned(),
            "its sealed key asks for more than a key needs".into(),
        ));
    }
    let plain = cipher(passphrase, &salt, costs)?
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad(&sealed.key_id)),
            &mut data,
        )
        .map_err(|_| BackupError::Passphrase)?;
    Ok((plain.to_vec(), sealed.key_id))
}

fn read(file: &Path) -> Result<Sealed, BackupError> {
    let not = |why: &str| BackupError::NotABackup(file.to_owned(), why.to_owned());
    let text = read_bounded(file).map_err(|_| not("its sealed key cannot be read"))?;
    let sealed: Sealed =
        serde_json::from_slice(&text).map_err(|_| not("its sealed key is not one"))?;
    if sealed.format != FORMAT {
        return Err(not("its sealed key is of another format"));
    }
    Ok(sealed)
}

/// What the seal binds besides the key: the format and the key's id.
fn aad(key_id: &str) -> Vec<u8> {
    [FORMAT.as_bytes(), b"\n", key_id.as_bytes()].concat()
}

fn cipher(
    passphrase: &str,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<LessSafeKey, BackupError> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|_| BackupError::Passphrase)?;
    let mut key = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut key)
        .map_err(|_| BackupError::Passphrase)?;
    let key = UnboundKey::new(&CHACHA20_POLY1305, &key).map_err(|_| BackupError::Passphrase)?;
    Ok(LessSafeKey::new(key))
}

/// The key this terminal signs with now (the last of its keys).
fn current_key_id(store: &Store) -> Result<String, BackupError> {
    Ok(store
        .read(|tx| -> Result<_, store::StoreError> {
            match store::terminals::founding(tx)? {
                Some(t) => store::terminals::current_key(tx, t.id),
                None => Ok(None),
            }
        })?
        .map(|k| k.key_id)
        .unwrap_or_default())
}

fn read_bounded(file: &Path) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(file).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE {
        return Err("too large to be a key".into());
    }
    fs::read(file).map_err(|e| e.to_string())
}

/// Writes a file readable by its owner only, under a temporary name then
/// renamed.
pub(super) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".partial");
    let temp = PathBuf::from(temp);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    })?;
    fs::rename(&temp, path)
}

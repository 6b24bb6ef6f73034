//! The terminal's signing key: an Ed25519 secret in a small text file beside
//! the database, readable by its owner only. The database holds only the
//! public half, so a copy of the database cannot sign anything.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

const HEADER: &str =
    "# Guichet terminal signing key. Keep it secret; back it up with the database.";

/// Where the key of the database at `db` lives: `guichet.db` → `guichet.db.key`.
pub fn key_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".key");
    PathBuf::from(p)
}

/// Where a key being rotated in waits: `guichet.db.key.next`. It becomes
/// the key (see [`promote`]) once the database has recorded it; found at
/// start-up, it is promoted or thrown away according to the database.
pub fn pending_path(key_path: &Path) -> PathBuf {
    let mut p = key_path.as_os_str().to_owned();
    p.push(".next");
    PathBuf::from(p)
}

/// Puts the pending key in the key's place in one step (a rename), then
/// syncs the folder so the change survives a power cut.
pub fn promote(pending: &Path, key_path: &Path) -> Result<(), KeyError> {
    let write_err = |source| KeyError::Write {
        path: key_path.to_owned(),
        source,
    };
    fs::rename(pending, key_path).map_err(write_err)?;
    #[cfg(unix)]
    if let Some(folder) = key_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::File::open(folder)
            .and_then(|f| f.sync_all())
            .map_err(write_err)?;
    }
    Ok(())
}

/// A terminal's identity and its secret.
pub struct TerminalKey {
    pub terminal: String,
    pub signing: SigningKey,
}

impl TerminalKey {
    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }
}

/// The key id: the first 8 bytes of SHA-256 of the public key, in hex. It is
/// written in every genesis record and lets keys rotate.
pub fn key_id(public: &[u8]) -> String {
    let digest: [u8; 32] = Sha256::digest(public).into();
    data_encoding::HEXLOWER.encode(&digest[..8])
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    TooOpen {
        path: PathBuf,
        mode: u32,
    },
    Malformed {
        path: PathBuf,
        why: String,
    },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    Exists {
        path: PathBuf,
    },
}

/// Reads the key file; `Ok(None)` when there is none.
pub fn load(path: &Path) -> Result<Option<TerminalKey>, KeyError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(KeyError::Unreadable {
                path: path.to_owned(),
                source,
            });
        }
    };
    check_private(path, &meta)?;
    let text = fs::read_to_string(path).map_err(|source| KeyError::Unreadable {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &text).map(Some)
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &fs::Metadata) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::TooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &fs::Metadata) -> Result<(), KeyError> {
    Ok(())
}

fn parse(path: &Path, text: &str) -> Result<TerminalKey, KeyError> {
    let malformed = |why: &str| KeyError::Malformed {
        path: path.to_owned(),
        why: why.to_owned(),
    };
    let mut terminal = None;
    let mut secret = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some(("terminal", v)) => terminal = Some(v.trim().to_owned()),
            Some(("ed25519-secret", v)) => secret = Some(v.trim().to_owned()),
            _ => return Err(malformed("unexpected line")),
        }
    }
    let terminal = terminal
        .filter(|t| uuid::Uuid::parse_str(t).is_ok())
        .ok_or_else(|| malformed("no terminal id"))?;
    let secret = secret.ok_or_else(|| malformed("no ed25519-secret line"))?;
    let bytes: [u8; 32] = data_encoding::HEXLOWER_PERMISSIVE
        .decode(secret.as_bytes())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| malformed("the secret is not 64 hexadecimal digits"))?;
    Ok(TerminalKey {
        terminal,
        signing: SigningKey::from_bytes(&bytes),
    })
}

/// Creates a new key for a new terminal. The key is written whole to a
/// temporary file, synced, then linked into place: a crash never leaves half
/// a key, and an existing key is never overwritten (`KeyError::Exists`).
pub fn create(path: &Path, terminal: &str) -> Result<TerminalKey, KeyError> {
    let write_err = |source| KeyError::Write {
        path: path.to_owned(),
        source,
    };
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| write_err(std::io::Error::other(e.to_string())))?;
    let key = TerminalKey {
        terminal: terminal.to_owned(),
        signing: SigningKey::from_bytes(&secret),
    };
    let text = format!(
        "{HEADER}\nterminal={terminal}\ned25519-secret={}\n",
        data_encoding::HEXLOWER.encode(&secret)
    );
    let temp = {
        let mut p = path.as_os_str().to_owned();
        p.push(format!(".new-{}", uuid::Uuid::now_v7()));
        PathBuf::from(p)
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    let placed = written.and_then(|()| fs::hard_link(&temp, path));
    let _ = fs::remove_file(&temp);
    match placed {
        Ok(()) => Ok(key),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(KeyError::Exists {
            path: path.to_owned(),
        }),
        Err(e) => Err(write_err(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_keys_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db.key");
        let id = uuid::Uuid::now_v7().to_string();
        let made = create(&path, &id).unwrap();
        let loaded = load(&path).unwrap().unwrap();
        assert_eq!(loaded.terminal, id);
        assert_eq!(loaded.public(), made.public());
        assert!(
            matches!(create(&path, &id), Err(KeyError::Exists { .. })),
            "never overwrites a key"
        );
        assert_eq!(load(&path).unwrap().unwrap().public(), made.public());
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left");
        assert_eq!(key_id(made.public().as_bytes()).len(), 16);
    }

    #[test]
    fn missing_key_is_none_and_garbage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.key");
        assert!(load(&path).unwrap().is_none());
        fs::write(&path, "terminal=x\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(matches!(load(&path), Err(KeyError::Malformed { .. })));
    }
}

//! A secret kept beside the database file (a server's password): written
//! readable by its owner only, through a new file renamed into place, and
//! refused when others may read it. Never in the database itself, which is
//! copied, exported and backed up.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a secret file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("{path}: {error}")]
    File { path: PathBuf, error: String },
    /// Others may read it (its mode is given): it is not used.
    #[error("{path} may be read by others (mode {mode:o}): chmod 600 it")]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{path} holds more than {max} bytes")]
    TooLong { path: PathBuf, max: usize },
}

/// The file beside the database `db` named with `suffix`
/// (`guichet.db.smtp-password`).
pub fn path(db: &Path, suffix: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The secret in `path` (its trailing line end dropped), if there is one;
/// at most `max` bytes are read.
pub fn read(path: &Path, max: usize) -> Result<Option<String>, SecretError> {
    let failed = |e: std::io::Error| SecretError::File {
        path: path.to_owned(),
        error: e.to_string(),
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(failed(e)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(SecretError::TooOpen {
                path: path.to_owned(),
                mode,
            });
        }
    }
    if !meta.is_file() {
        return Err(failed(std::io::Error::other("not a file")));
    }
    let mut text = String::new();
    fs::File::open(path)
        .and_then(|f| {
            use std::io::Read as _;
            f.take(max as u64 + 3).read_to_string(&mut text)
        })
        .map_err(failed)?;
    if text.len() > max + 2 {
        return Err(SecretError::TooLong {
            path: path.to_owned(),
            max,
        });
    }
    let secret = text.trim_end_matches(['\r', '\n']).to_owned();
    Ok((!secret.is_empty()).then_some(secret))
}

/// Writes `secret` to `path` (created readable by its owner only, then
/// renamed into place), or removes the file when `secret` is empty.
pub fn write(path: &Path, secret: &str) -> Result<(), SecretError> {
    let failed = |e: std::io::Error| SecretError::File {
        path: path.to_owned(),
        error: e.to_string(),
    };
    if secret.is_empty() {
        return match fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(()),
        };
    }
    let mut temp = path.as_os_str().to_owned();
    temp.push(".new");
    let temp = PathBuf::from(temp);
    // A file left there (or a link planted there) is removed, never written
    // through: the new one is made, readable by its owner only.
    match fs::remove_file(&temp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
        _ => {}
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temp).map_err(failed)?;
    let written = file
        .write_all(secret.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed(e));
    }
    Ok(())
}

//! Whether Guichet is open on a database: each terminal that opens it
//! holds a shared lock on a small file beside it (`guichet.db.lock`) for as
//! long as it is open; a restore takes that lock alone, so it never
//! replaces a database the window or a command is using.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// A lock held on the database's lock file, released when dropped.
#[derive(Debug)]
pub struct Held(#[allow(dead_code)] File);

/// The lock file of the database at `db`.
pub fn path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

/// A restore holds the database alone.
#[derive(Debug)]
pub struct Restoring;

/// A shared hold while a terminal is open (None when no lock can be had
/// there: a read-only folder); refused while a restore holds it.
pub fn hold(db: &Path) -> Result<Option<Held>, Restoring> {
    match lock(db, false) {
        Ok(held) => Ok(Some(held)),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Err(Restoring),
        Err(_) => Ok(None),
    }
}

/// The database alone: refused while any terminal has it open.
pub fn exclusive(db: &Path) -> std::io::Result<Held> {
    lock(db, true)
}

fn lock(db: &Path, alone: bool) -> std::io::Result<Held> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path(db))?;
    take(&file, alone)?;
    Ok(Held(file))
}

#[cfg(unix)]
fn take(file: &File, alone: bool) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let how = if alone { libc::LOCK_EX } else { libc::LOCK_SH };
    // SAFETY: flock on a file descriptor this function's caller owns, for
    // as long as the file stays open.
    let done = unsafe { libc::flock(file.as_raw_fd(), how | libc::LOCK_NB) };
    match done {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

#[cfg(not(unix))]
fn take(_file: &File, _alone: bool) -> std::io::Result<()> {
    Ok(())
}

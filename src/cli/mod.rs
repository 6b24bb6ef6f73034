//! The command line's shared pieces: failures with their exit code, opening
//! the terminal for a command that writes, reading a PIN from standard input.

pub mod admin;
pub mod counter;
pub mod door;
pub mod season;

use std::io::BufRead;
use std::path::Path;

use chrono::Utc;

use guichet::operators::{self, Operator};
use guichet::store::Opened;
use guichet::terminal::Terminal;

/// A failure to report: the message, and the exit code.
pub struct Failure(pub String, pub u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string(), 2)
    }
}

/// Opens the terminal for a command that writes, and the operator it acts
/// as. Only `demo` and `setup` may make a new database; a named operator
/// needs a database that has them.
pub fn open(
    db: &Path,
    operator: Option<&str>,
    may_create: bool,
) -> Result<(Terminal, Operator), Failure> {
    if !db.exists() && (!may_create || operator.is_some()) {
        return Err(Failure(
            format!(
                "there is no database at {}: make one with `guichet setup` or `guichet demo`",
                db.display()
            ),
            2,
        ));
    }
    let t = Terminal::open(db, Utc::now())?;
    if let Opened::Migrated { from } = t.opened {
        eprintln!(
            "guichet: {} upgraded from schema version {from}",
            db.display()
        );
    }
    let by = operators::for_command_line(&t.store, operator)?;
    Ok((t, by))
}

/// The PIN, from the first line of standard input (the command line never
/// prompts, so scripts can pipe it in).
pub fn read_pin() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pin = line.trim().to_owned();
    if pin.is_empty() {
        return Err(Failure(
            "no PIN on standard input: pipe it in, e.g. echo 2468 | guichet ...".into(),
            2,
        ));
    }
    Ok(pin)
}

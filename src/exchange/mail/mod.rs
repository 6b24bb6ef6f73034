//! E-mail through the venue's own SMTP server: its settings (Réglages, or
//! `guichet mail setup`), the password kept beside the database in a file
//! only its owner may read, the messages themselves (`compose`, in the
//! patron's language: `words`) and the conversation with the server
//! (`smtp`). What to send waits in the outbox (`super::outbox`).

pub mod compose;
mod letter;
pub mod smtp;
pub mod words;

use std::path::{Path, PathBuf};

use crate::domain::mail::{AddressError, MailSettings, MailSettingsError};
use crate::domain::operator::Act;
use crate::operators::Operator;
use crate::store::{self, Store, StoreError, secret};

/// Where the settings are kept in the `setting` table (as JSON).
const SETTINGS_KEY: &str = "mail.server";

/// The longest password taken (a pasted text, not a file by mistake).
const MAX_PASSWORD: usize = 1024;

/// Why mail could not be set, queued or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("this needs the right to {0:?}")]
    NotAllowed(Act),
    #[error("mail server settings: {0}")]
    Settings(#[from] MailSettingsError),
    #[error("no mail server is set: set one in Réglages → E-mail, or with `guichet mail setup`")]
    NoServer,
    #[error("{0}")]
    Address(#[from] AddressError),
    #[error("order {0} has no patron with an e-mail address: give the address (--to)")]
    NoAddress(i64),
    #[error("there is no order {0}")]
    NoOrder(String),
    #[error("order {0} was sold in training mode: it is worth nothing and is not e-mailed")]
    Training(i64),
    #[error("order {0} has no valid ticket left to send")]
    NoTickets(i64),
    #[error("there is no message {0} in the outbox")]
    NoMessage(i64),
    #[error("message {0} was taken back from this sender (it was too slow): it was not sent")]
    TakenBack(i64),
    #[error(
        "message {id} is {state}: only a message given up or uncertain is put back in the queue"
    )]
    NotRetryable { id: i64, state: &'static str },
    #[error("the password file {path}: {error}")]
    PasswordFile { path: PathBuf, error: String },
    #[error(
        "the password file {path} may be read by others (mode {mode:o}): run `chmod 600 {path}`"
    )]
    PasswordTooOpen { path: PathBuf, mode: u32 },
    #[error("the password is longer than {MAX_PASSWORD} bytes")]
    PasswordTooLong,
    #[error("the message could not be made: {0}")]
    Compose(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The server settings saved (empty ones when none were).
pub fn settings(store: &Store) -> Result<MailSettings, MailError> {
    let saved = store.read(|tx| store::settings::get(tx, SETTINGS_KEY))?;
    Ok(saved
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// Saves the server settings (an administrator's act), and the password
/// when one is given (an empty one removes it). Nothing is saved when a
/// field is wrong.
pub fn save_settings(
    store: &mut Store,
    by: &Operator,
    settings: &MailSettings,
    password: Option<&str>,
) -> Result<MailSettings, MailError> {
    if !by.role.may(Act::Administer) {
        return Err(MailError::NotAllowed(Act::Administer));
    }
    let checked = settings.checked()?;
    if password.is_some_and(|p| p.len() > MAX_PASSWORD) {
        return Err(MailError::PasswordTooLong);
    }
    let json = serde_json::to_string(&checked).map_err(|e| MailError::Compose(e.to_string()))?;
    // The password file is written inside the settings' transaction: when
    // it cannot be, the settings are not saved either.
    let db = store.path().to_owned();
    store.write(|tx| {
        store::settings::set(tx, SETTINGS_KEY, &json)?;
        match password {
            Some(password) => write_password(&db, password),
            None => Ok(()),
        }
    })?;
    Ok(checked)
}

/// The file beside the database that keeps the server's password:
/// `guichet.db.smtp-password`, readable by its owner only.
pub fn password_path(db: &Path) -> PathBuf {
    secret::path(db, ".smtp-password")
}

/// The password, if one was saved; a file others may read is refused.
pub fn read_password(db: &Path) -> Result<Option<String>, MailError> {
    secret::read(&password_path(db), MAX_PASSWORD).map_err(secret_error)
}

/// Writes the password file, or removes it when `password` is empty.
fn write_password(db: &Path, password: &str) -> Result<(), MailError> {
    secret::write(&password_path(db), password).map_err(secret_error)
}

fn secret_error(e: secret::SecretError) -> MailError {
    match e {
        secret::SecretError::File { path, error } => MailError::PasswordFile { path, error },
        secret::SecretError::TooOpen { path, mode } => MailError::PasswordTooOpen { path, mode },
        secret::SecretError::TooLong { .. } => MailError::PasswordTooLong,
    }
}

//! `guichet central join`: this terminal enrolled in the central database
//! by an administrator (their login there, their PIN here), with a login
//! of its own whose password only it keeps; the enrolment signed in its
//! ledger; the season published centrally imported.

use chrono::{DateTime, Utc};

use super::{CentralError, TerminalKind, URL_KEY, connect, password_path};
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, central, secret};

/// What joining did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joined {
    /// The terminal's id in the central database.
    pub central_id: i64,
    /// Its login there.
    pub login: String,
    /// The season imported (its summary), if one was published.
    pub season: Option<String>,
    /// Why the season could not be pulled (the terminal joined all the
    /// same: `guichet central pull` later).
    pub season_problem: Option<String>,
}

/// Enrols this terminal as `kind` through an administrator's connection
/// `admin_url` (with `admin_password` when the URL has none).
pub fn join(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (admin_url, admin_password): (&str, Option<&str>),
    kind: TerminalKind,
    now: DateTime<Utc>,
) -> Result<Joined, CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    if let Some(url) = super::joined(store)? {
        return Err(CentralError::AlreadyJoined(url));
    }
    let me = store
        .read(|tx| store::terminals::by_id(tx, signer.terminal_id))?
        .ok_or(CentralError::NotJoined)?;
    let mut admin = connect(admin_url, admin_password)?;
    if central::schema_version(&mut admin)? == 0 {
        return Err(CentralError::NotInitialised);
    }
    let login = login_of(&me.public_id);
    let password = data_encoding::BASE32_NOPAD.encode(&random_bytes()?);
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let enrolment = central::Enrolment {
        public_id: &me.public_id,
        name: &me.name,
        kind: kind.code(),
        login: &login,
        verifier: &verifier,
        public_key: &me.public_key,
        by: &by.name,
    };
    let central_id = central::enrol(&mut admin, &enrolment)?;
    let url = terminal_url(admin_url, &login)?;
    let record = Record::CentralJoined(records::CentralJoined {
        central_id,
        login: login.clone(),
        kind: kind.code().to_owned(),
        address: url.clone(),
    });
    let path = password_path(store.path());
    // The address, the password file and the signed enrolment commit
    // together: a terminal half joined knows nothing of it.
    ledger::write(store, signer, |tx| -> Result<(), CentralError> {
        store::settings::set(tx, URL_KEY, &url)?;
        secret::write(&path, &password)?;
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(())
    })?;
    let (season, season_problem) = match super::season::pull(store, signer, by, now) {
        Ok(season) => (season, None),
        Err(e) => (None, Some(e.to_string())),
    };
    Ok(Joined {
        central_id,
        login,
        season,
        season_problem,
    })
}

/// A terminal's login: `guichet_t_` and its public id's letters and
/// digits, lower-case.
fn login_of(public_id: &str) -> String {
    let id: String = public_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(40)
        .collect();
    format!("guichet_t_{id}")
}

/// The terminal's own address: the administrator's, with its login and
/// no password.
fn terminal_url(admin_url: &str, login: &str) -> Result<String, CentralError> {
    let (admin_url, root_cert) = super::root_cert(admin_url);
    let config: postgres::Config = admin_url
        .parse()
        .map_err(|e: postgres::Error| CentralError::Url(e.to_string()))?;
    let mut words = Vec::new();
    if let Some(host) = config.get_hosts().first() {
        match host {
            postgres::config::Host::Tcp(h) => words.push(format!("host={h}")),
            #[cfg(unix)]
            postgres::config::Host::Unix(p) => words.push(format!("host={}", p.display())),
        }
    }
    if let Some(port) = config.get_ports().first() {
        words.push(format!("port={port}"));
    }
    // As the administrator connected: a server without TLS, or one whose
    // certificate the usual authorities do not sign, said so there. The
    // venue's own authority named: TLS required, never plain text.
    words.push(
        match (config.get_ssl_mode(), &root_cert) {
            (postgres::config::SslMode::Disable, _) => "sslmode=disable",
            (postgres::config::SslMode::Require, _) | (_, Some(_)) => "sslmode=require",
            _ => "sslmode=prefer",
        }
        .to_owned(),
    );
    if let Some(db) = config.get_dbname() {
        words.push(format!("dbname={db}"));
    }
    words.push(format!("user={login}"));
    // The venue's own certificate authority, as the administrator trusted
    // it: its absolute path, whatever folder the terminal later runs in.
    if let Some(file) = root_cert {
        let file = std::path::absolute(&file).map_or(file, |p| p.display().to_string());
        if file.contains(char::is_whitespace) {
            return Err(CentralError::Url(format!(
                "sslrootcert={file}: a certificate file's path without spaces"
            )));
        }
        words.push(format!("sslrootcert={file}"));
    }
    Ok(words.join(" "))
}

/// 32 random bytes from the system.
fn random_bytes() -> Result<[u8; 32], CentralError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| CentralError::Unreachable(e.to_string()))?;
    Ok(bytes)
}

/// Moves this terminal's connection to another address (the server moved,
/// TLS came, the venue's authority changed): an administrator's act, its
/// login kept and no password written in it (the password stays in the
/// file beside the database); the change journaled with the address before.
/// The address is not tried: an administrator may set it offline.
pub fn set_address(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    url: &str,
    now: DateTime<Utc>,
) -> Result<String, CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    let before = super::joined(store)?.ok_or(CentralError::NotJoined)?;
    let (words, _) = super::root_cert(url);
    let config: postgres::Config = words
        .parse()
        .map_err(|e: postgres::Error| CentralError::Url(e.to_string()))?;
    if config.get_password().is_some() {
        return Err(CentralError::Url(
            "no password in a terminal's address: it stays in the file beside the database".into(),
        ));
    }
    let login = before
        .split_whitespace()
        .find_map(|w| w.strip_prefix("user="))
        .ok_or_else(|| CentralError::Url(before.clone()))?
        .to_owned();
    let after = terminal_url(url, &login)?;
    let by = crate::programming::By {
        operator: by,
        signer,
        now,
    };
    use crate::domain::programmed::Subject;
    use crate::programming::journal::{Change, Fields};
    let change = Change::changed(
        Subject::Venue,
        &signer.terminal_public_id,
        "Base centrale",
        Fields::default().text("central_address", &before),
        Fields::default().text("central_address", &after),
    );
    ledger::write(store, signer, |tx| -> Result<(), CentralError> {
        store::settings::set(tx, URL_KEY, &after)?;
        change
            .sign(tx, &by)
            .map_err(|e| CentralError::Journal(e.to_string()))
    })?;
    Ok(after)
}

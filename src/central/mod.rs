//! The venue's central database: PostgreSQL, an engine the venue already
//! runs or can, reached directly by each terminal as an ordinary client.
//! Each terminal keeps its own SQLite file and signed chains and goes on
//! selling with no network; the central database is where the terminals
//! meet: their enrolment, their chains pushed (the witness that makes a
//! truncated local ledger detectable), the conflicts a person decides.
//!
//! No terminal touches a table there: each logs in as its own role and
//! may only call the functions its group is granted (`migrations/central`).
//! A venue with one PC needs none of this.
//!
//! Here: connecting (TLS when the server offers it; the terminal's password
//! beside its database, never in it); `init` creates the central schema,
//! `join` enrols this terminal, `season` publishes and pulls the season,
//! `push` sends its chains, `verify` checks every chain and signature
//! centrally; `offers` puts the season's places in the central pool as it
//! is published, `contingents` lends them in lots and keeps what this
//! terminal holds signed, `doors` gives the doors their list and takes
//! their scans, `web` reserves and confirms the web shop's baskets,
//! `conflicts` lists and decides what a person must. It may use domain,
//! store, ledger, operators, programming, counter, door and exchange.

pub mod conflicts;
pub mod contingents;
pub mod doors;
pub mod giving_back;
pub mod init;
pub mod join;
pub mod offers;
pub mod push;
pub mod season;
pub mod verify;
pub mod web;

use std::time::Duration;

use crate::domain::operator::Act;
use crate::ledger::LedgerError;
use crate::store::secret::{self, SecretError};
use crate::store::{self, Store, StoreError};

/// The central schema's migrations, in order: `MIGRATIONS[i]` takes it
/// from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/central/0001_central.sql"),
    include_str!("../../migrations/central/0002_contingents.sql"),
    include_str!("../../migrations/central/0003_doors.sql"),
    include_str!("../../migrations/central/0004_web.sql"),
    include_str!("../../migrations/central/0005_slots_recovery.sql"),
];

/// The central schema version this program knows.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// Where this terminal's connection is kept (without its password).
const URL_KEY: &str = store::settings::CENTRAL_URL;
/// The password's file beside the database.
const PASSWORD_SUFFIX: &str = ".central-password";
const MAX_PASSWORD: usize = 1024;
/// A server that does not answer within this is unreachable: the terminal
/// goes on alone.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a terminal is to the venue, and so which functions it may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminalKind {
    Counter,
    Door,
    Web,
    Admin,
}

impl TerminalKind {
    pub const ALL: [TerminalKind; 4] = [
        TerminalKind::Counter,
        TerminalKind::Door,
        TerminalKind::Web,
        TerminalKind::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TerminalKind::Counter => "counter",
            TerminalKind::Door => "door",
            TerminalKind::Web => "web",
            TerminalKind::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<TerminalKind> {
        TerminalKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    #[error("the central database's address is not one: {0}")]
    Url(String),
    #[error("the central database cannot be reached ({0}): this terminal goes on alone")]
    Unreachable(String),
    /// The database said no: its message.
    #[error("the central database refused: {0}")]
    Refused(String),
    #[error(
        "the central database is at version {found}; this Guichet knows up to {known}: install the newer Guichet"
    )]
    Newer { found: i32, known: i32 },
    #[error("there is no Guichet central database there yet: run `guichet central init` first")]
    NotInitialised,
    #[error("this terminal has joined a central database already ({0})")]
    AlreadyJoined(String),
    #[error("this terminal has not joined a central database: `guichet central join` first")]
    NotJoined,
    #[error("this needs the right to {0:?}")]
    NotAllowed(Act),
    #[error("a lot is at most 5,000 seats and 100,000 places")]
    Lot,
    #[error("there is no performance #{0} here")]
    NoPerformance(i64),
    #[error("performance #{0} is timed entry: its places are lent slot by slot (name the slot)")]
    BySlot(i64),
    #[error("there is no entry slot #{0} here")]
    NoSlot(i64),
    #[error("a terminal gives back at most {0} minutes before a performance")]
    GiveBackTooEarly(u32),
    #[error("the change could not be journaled: {0}")]
    Journal(String),
    #[error("a conflict is decided by one of: {0}")]
    Action(String),
    #[error("a web basket is 1 to {0} seats or places")]
    Basket(u32),
    #[error("a web basket is kept 1 to {0} minutes unpaid")]
    BasketMinutes(u32),
    #[error("a payment reference is 1 to 100 visible characters, without spaces")]
    Reference,
    #[error("the web order could not land here: {0}")]
    Web(String),
    #[error(
        "the payment {0} is confirmed centrally but its order did not land here ({1}): put it right, then confirm again (nothing is sold twice)"
    )]
    NotLanded(String, String),
    #[error("a door list is for at most {0} performances: name those of the evening")]
    TooManyPerformances(usize),
    #[error("the recovered terminal's database cannot be read ({0})")]
    Recovered(String),
    #[error("the season published centrally cannot be imported: {0}")]
    Season(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Secret(#[from] SecretError),
}

impl From<postgres::Error> for CentralError {
    fn from(e: postgres::Error) -> CentralError {
        match e.as_db_error() {
            Some(db) => CentralError::Refused(db.message().to_owned()),
            None => CentralError::Unreachable(e.to_string()),
        }
    }
}

/// Connects to the central database at `url` (a `postgres://` URL or
/// `key=value` words), with `password` when the URL has none: TLS when the
/// server offers it (certificates checked against the usual authorities).
pub fn connect(url: &str, password: Option<&str>) -> Result<postgres::Client, CentralError> {
    connect_within(url, password, CONNECT_TIMEOUT)
}

/// Connects as [`connect`] does, waiting `timeout` to connect; a
/// connection made with less than the usual wait (a door asking before it
/// admits) also gives up on a statement, or on data left unacknowledged,
/// after that long.
fn connect_within(
    url: &str,
    password: Option<&str>,
    timeout: Duration,
) -> Result<postgres::Client, CentralError> {
    let (url, root_cert) = root_cert(url);
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e: postgres::Error| CentralError::Url(e.to_string()))?;
    if let Some(p) = password {
        config.password(p);
    }
    config.connect_timeout(timeout);
    // A link that died quietly is noticed (a listening window connects
    // again), and no statement waits on a stuck server for ever.
    config.keepalives(true);
    config.keepalives_idle(Duration::from_secs(30));
    config.keepalives_interval(Duration::from_secs(10));
    config.keepalives_retries(3);
    let quick = timeout < CONNECT_TIMEOUT;
    if config.get_options().is_none() {
        let ms = if quick { timeout.as_millis() } else { 120_000 };
        config.options(&format!("-c statement_timeout={ms}"));
    }
    if quick {
        config.tcp_user_timeout(timeout);
    }
    config.application_name("guichet");
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(root_cert.as_deref())?);
    Ok(config.connect(tls)?)
}

/// The address without its `sslrootcert=FILE` (libpq's word, which the
/// driver does not take), and that file: the venue's own certificate
/// authority, for a server whose certificate it signed.
fn root_cert(url: &str) -> (String, Option<String>) {
    const KEY: &str = "sslrootcert=";
    let uri = url.starts_with("postgres://") || url.starts_with("postgresql://");
    if let Some((base, query)) = url.split_once('?').filter(|_| uri) {
        let (mut kept, mut file) = (Vec::new(), None);
        for pair in query.split('&') {
            match pair.strip_prefix(KEY) {
                Some(path) => file = Some(percent_decoded(path)),
                None => kept.push(pair),
            }
        }
        let url = match kept.is_empty() {
            true => base.to_owned(),
            false => format!("{base}?{}", kept.join("&")),
        };
        return (url, file);
    }
    let mut file = None;
    let kept: Vec<&str> = url
        .split_whitespace()
        .filter(|w| match w.strip_prefix(KEY) {
            Some(path) => {
                file = Some(path.to_owned());
                false
            }
            None => true,
        })
        .collect();
    match file {
        Some(_) => (kept.join(" "), file),
        None => (url.to_owned(), None),
    }
}

/// `%2F` and the like in a URI's value, as the bytes they stand for.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// TLS checked against the usual authorities; when the address names the
/// venue's own authority, against it alone (as libpq does).
fn tls_config(root_cert: Option<&str>) -> Result<rustls::ClientConfig, CentralError> {
    let mut roots = rustls::RootCertStore::empty();
    if root_cert.is_none() {
        roots.roots = webpki_roots::TLS_SERVER_ROOTS.to_vec();
    }
    if let Some(path) = root_cert {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        let unusable = |why: String| CentralError::Url(format!("sslrootcert={path}: {why}"));
        let pem =
            crate::exchange::mail::smtp::read_bounded(path).map_err(|e| unusable(e.to_string()))?;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| unusable(e.to_string()))?;
            roots.add(cert).map_err(|e| unusable(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(unusable("no certificate in it (PEM)".into()));
        }
    }
    // rustls is built with one provider (ring, as for e-mail): its default.
    Ok(rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// This terminal's connection (its address without the password), once
/// it has joined.
pub fn joined(store: &Store) -> Result<Option<String>, CentralError> {
    Ok(store.read(|tx| store::settings::get(tx, URL_KEY))?)
}

/// Connects as this terminal: its address, its password from the file
/// beside the database.
pub fn connect_terminal(store: &Store) -> Result<postgres::Client, CentralError> {
    connect_terminal_within(store, CONNECT_TIMEOUT)
}

fn connect_terminal_within(
    store: &Store,
    timeout: Duration,
) -> Result<postgres::Client, CentralError> {
    let url = joined(store)?.ok_or(CentralError::NotJoined)?;
    let password = secret::read(&password_path(store.path()), MAX_PASSWORD)?;
    connect_within(&url, password.as_deref(), timeout)
}

/// This terminal's database opened again, for work done on a thread of its
/// own (the window's network work, off its thread).
fn open_apart(db: &std::path::Path) -> Result<Store, CentralError> {
    Store::open(db)
        .map(|(store, _)| store)
        .map_err(|e| CentralError::Unreachable(e.to_string()))
}

/// The file beside the database that keeps this terminal's central
/// password: `guichet.db.central-password`, readable by its owner only.
pub fn password_path(db: &std::path::Path) -> std::path::PathBuf {
    secret::path(db, PASSWORD_SUFFIX)
}

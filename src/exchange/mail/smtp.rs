//! The conversation with the venue's SMTP server, one step at a time so
//! the outbox knows where a failure happened: before the message itself
//! was handed over (nothing left: safe to try again), or while it was (it
//! may have left: never sent again without a person).

use std::time::Duration;

use lettre::Message;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use crate::domain::mail::{MailSettings, Security};

/// How long one exchange with the server may take before it counts as cut.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why a message did not leave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The server could not be reached or would not let us in (no network,
    /// refused, TLS, a wrong password): every message waits.
    Server(String),
    /// The server refused this message before taking it: for good (5xx: an
    /// unknown address) or for now (4xx).
    Refused { permanent: bool, reply: String },
    /// The connection failed before the message was handed over: nothing
    /// left, it is tried again.
    Cut(String),
    /// The connection failed while the message was handed over: it may
    /// have left.
    CutWhileHanding(String),
}

/// The largest certificate file read (a PEM bundle is a few kilobytes).
const MAX_CA_FILE: u64 = 1 << 20;

/// An open, logged-in connection.
pub struct Session {
    conn: SmtpConnection,
}

/// Opens a connection to the server, encrypted as the settings say, and
/// logs in when there is an account.
pub fn open(settings: &MailSettings, password: Option<&str>) -> Result<Session, Fault> {
    let server = |e: &dyn std::fmt::Display| Fault::Server(e.to_string());
    let tls = || -> Result<TlsParameters, Fault> {
        let mut builder = TlsParameters::builder(settings.host.clone());
        if !settings.ca_file.is_empty() {
            let pem = read_bounded(&settings.ca_file)
                .map_err(|e| Fault::Server(format!("{}: {e}", settings.ca_file)))?;
            let ca = Certificate::from_pem(&pem)
                .map_err(|e| Fault::Server(format!("{}: {e}", settings.ca_file)))?;
            builder = builder.add_root_certificate(ca);
        }
        builder.build().map_err(|e| server(&e))
    };
    let hello = ClientId::default();
    let wrapped = match settings.security {
        Security::Tls => Some(tls()?),
        Security::StartTls | Security::None => None,
    };
    let mut conn = SmtpConnection::connect(
        (settings.host.as_str(), settings.port),
        Some(TIMEOUT),
        &hello,
        wrapped.as_ref(),
        None,
    )
    .map_err(|e| server(&e))?;
    if settings.security == Security::StartTls {
        if !conn.can_starttls() {
            conn.abort();
            return Err(Fault::Server(
                "the server does not offer STARTTLS: choose TLS (port 465) in the settings".into(),
            ));
        }
        conn.starttls(&tls()?, &hello).map_err(|e| server(&e))?;
    }
    if !settings.user.is_empty() {
        let credentials = Credentials::new(
            settings.user.clone(),
            password.unwrap_or_default().to_owned(),
        );
        if let Err(e) = conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials) {
            conn.abort();
            return Err(Fault::Server(format!("log-in refused: {e}")));
        }
    }
    Ok(Session { conn })
}

impl Session {
    /// Sends one message. `handing` is called when the server is ready for
    /// the message itself, before a byte of it is written: the outbox
    /// records it then (when it fails, nothing is sent and the connection,
    /// left waiting for the message, is closed).
    pub fn send<E>(
        &mut self,
        message: &Message,
        handing: impl FnOnce() -> Result<(), E>,
    ) -> Result<Result<String, Fault>, E> {
        let envelope = message.envelope();
        let bytes = message.formatted();
        if let Err(fault) = self.before_data(envelope, &bytes) {
            return Ok(Err(fault));
        }
        if let Err(e) = handing() {
            self.conn.abort();
            return Err(e);
        }
        Ok(match self.conn.message(&bytes) {
            Ok(reply) => Ok(reply.message().collect::<Vec<_>>().join(" ")),
            // The server read it all and said no (too large, refused as
            // spam): it did not take it, and the connection goes on.
            Err(e) if e.is_permanent() || e.is_transient() => Err(Fault::Refused {
                permanent: e.is_permanent(),
                reply: e.to_string(),
            }),
            Err(e) => {
                self.conn.abort();
                Err(Fault::CutWhileHanding(e.to_string()))
            }
        })
    }

    /// MAIL, RCPT and DATA: the server says whether it takes the message.
    fn before_data(&mut self, envelope: &Envelope, bytes: &[u8]) -> Result<(), Fault> {
        let mut options = Vec::new();
        let non_ascii = envelope
            .to()
            .iter()
            .chain(envelope.from())
            .any(|a: &lettre::Address| !AsRef::<str>::as_ref(a).is_ascii());
        if non_ascii {
            options.push(MailParameter::SmtpUtfEight);
        }
        if !bytes.is_ascii()
            && self
                .conn
                .server_info()
                .supports_feature(Extension::EightBitMime)
        {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let steps = self
            .conn
            .command(Mail::new(envelope.from().cloned(), options))
            .and_then(|_| {
                envelope.to().iter().try_for_each(|to| {
                    self.conn
                        .command(Rcpt::new(to.clone(), Vec::new()))
                        .map(|_| ())
                })
            })
            .and_then(|()| self.conn.command(Data));
        match steps {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() || e.is_transient() => {
                // The server said no to this message: the connection goes
                // on for the next one.
                if self.conn.command(Rset).is_err() {
                    self.conn.abort();
                }
                Err(Fault::Refused {
                    permanent: e.is_permanent(),
                    reply: e.to_string(),
                })
            }
            Err(e) => {
                self.conn.abort();
                Err(Fault::Cut(e.to_string()))
            }
        }
    }

    /// Whether the connection can carry another message.
    pub fn usable(&self) -> bool {
        !self.conn.has_broken()
    }

    /// Says goodbye.
    pub fn close(mut self) {
        if self.usable() {
            let _ = self.conn.quit();
        }
    }
}

/// A small file read whole, refusing one larger than 1 MB (or a
/// device that never ends).
pub fn read_bounded(path: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_CA_FILE + 1)
        .read_to_end(&mut out)?;
    if out.len() as u64 > MAX_CA_FILE {
        return Err(std::io::Error::other(
            "larger than 1 MB: not a certificate file",
        ));
    }
    Ok(out)
}

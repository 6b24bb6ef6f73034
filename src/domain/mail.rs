//! E-mail and the outbox, as rules: what a message is for, the states of
//! its life, when a failed one is tried again, what an address and the
//! venue's server settings must be.

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// What a message is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// An order's tickets: the PDF attached, each QR inline, an invitation
    /// for the calendar.
    ETicket,
    /// An order's receipt, on request.
    Receipt,
    /// An order placed elsewhere (web shop, reseller), confirmed.
    Confirmation,
    /// A notice to a ticket holder (a performance cancelled or moved).
    Notice,
    /// Tickets cancelled and refunded: what, and how much went back.
    Cancellation,
    /// A message to check the server settings.
    Test,
}

impl MessageKind {
    pub const ALL: [MessageKind; 6] = [
        MessageKind::ETicket,
        MessageKind::Receipt,
        MessageKind::Confirmation,
        MessageKind::Notice,
        MessageKind::Cancellation,
        MessageKind::Test,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MessageKind::ETicket => "e_ticket",
            MessageKind::Receipt => "receipt",
            MessageKind::Confirmation => "confirmation",
            MessageKind::Notice => "notice",
            MessageKind::Cancellation => "cancellation",
            MessageKind::Test => "test",
        }
    }

    pub fn parse(code: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a message is in its life (see the `outbox` table in schema.sql).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Queued, or failed for a reason that may pass: tried again later.
    Waiting,
    /// Taken by a sender, still talking to the server.
    Sending,
    /// Being handed over to the server.
    Handing,
    Sent,
    /// Refused for good: a person retries it or leaves it.
    GivenUp,
    /// Cut while it was handed over: it may have left. Never sent again by
    /// itself; a person decides.
    Uncertain,
}

impl OutboxState {
    pub const ALL: [OutboxState; 6] = [
        OutboxState::Waiting,
        OutboxState::Sending,
        OutboxState::Handing,
        OutboxState::Sent,
        OutboxState::GivenUp,
        OutboxState::Uncertain,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OutboxState::Waiting => "waiting",
            OutboxState::Sending => "sending",
            OutboxState::Handing => "handing",
            OutboxState::Sent => "sent",
            OutboxState::GivenUp => "given_up",
            OutboxState::Uncertain => "uncertain",
        }
    }

    pub fn parse(code: &str) -> Option<OutboxState> {
        OutboxState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A person may put it back in the queue.
    pub fn may_retry(self) -> bool {
        matches!(self, OutboxState::GivenUp | OutboxState::Uncertain)
    }
}

/// A sender that took a message and said nothing for this long, before
/// handing it over, has died (each exchange with the server times out
/// after 30 seconds).
pub const CLAIM_EXPIRES: Duration = Duration::minutes(10);

/// A sender handing a message over for this long has died: the message is
/// uncertain. (Each read and write times out after 30 seconds; an
/// e-ticket is a few hundred kilobytes. Should the sender turn out alive,
/// its "sent" still wins.)
pub const HANDING_EXPIRES: Duration = Duration::minutes(30);

/// How long to wait before trying again a message that failed `attempts`
/// times: 1 minute, doubling, at most an hour. A venue without network for
/// days keeps every message and tries each again every hour.
pub fn retry_delay(attempts: i64) -> Duration {
    let doublings = attempts.saturating_sub(1).clamp(0, 6) as u32;
    Duration::minutes((1i64 << doublings).min(60))
}

/// The longest e-mail address SMTP carries (RFC 5321: 254 octets).
pub const MAX_ADDRESS: usize = 254;

/// What is wrong with an e-mail address as typed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("the e-mail address is empty")]
    Empty,
    #[error("the e-mail address is longer than {MAX_ADDRESS} characters")]
    TooLong,
    #[error("“{0}” is not an e-mail address (name@domain.fr)")]
    Malformed(String),
}

/// Checks an address the way a person would: one `@`, something before it,
/// a domain with a dot after it, no spaces. (The SMTP library checks it
/// again before sending.)
pub fn check_address(address: &str) -> Result<&str, AddressError> {
    let a = address.trim();
    if a.is_empty() {
        return Err(AddressError::Empty);
    }
    if a.len() > MAX_ADDRESS {
        return Err(AddressError::TooLong);
    }
    let bad = || AddressError::Malformed(a.to_owned());
    let (local, domain) = a.split_once('@').ok_or_else(bad)?;
    let fine = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !a.chars().any(|c| c.is_whitespace() || c.is_control());
    if fine { Ok(a) } else { Err(bad()) }
}

/// How the connection to the server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain connection upgraded by STARTTLS, which must succeed (port 587).
    #[default]
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on this computer (port 25), and
    /// never with a password.
    None,
}

impl Security {
    pub fn code(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }

    pub fn parse(code: &str) -> Option<Security> {
        [Security::StartTls, Security::Tls, Security::None]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn default_port(self) -> u16 {
        match self {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }
    }
}

/// The venue's outgoing mail server, as set in Réglages. The password is
/// not here: it is kept in a file beside the database, readable by its
/// owner only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The account to log in with; empty: no log-in.
    pub user: String,
    /// The sender's address (the venue's box office).
    pub from: String,
    /// The sender's name; the venue's name when empty.
    pub from_name: String,
    /// A certificate authority to trust besides the usual ones (a venue's
    /// own server), as a PEM file.
    pub ca_file: String,
}

/// What is wrong with the server settings, and in which field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MailSettingsError {
    #[error("the mail server's name is empty (e.g. smtp.example.fr)")]
    NoHost,
    #[error("“{0}” is not a server name")]
    BadHost(String),
    #[error("the port is 0: use 587 (STARTTLS), 465 (TLS) or 25")]
    NoPort,
    #[error("the sender's address: {0}")]
    From(AddressError),
    #[error(
        "a connection without encryption is only for a server on this computer (localhost), without a log-in"
    )]
    Unencrypted,
}

impl MailSettings {
    /// The settings, trimmed, or what is wrong with them.
    pub fn checked(&self) -> Result<MailSettings, MailSettingsError> {
        let host = self.host.trim().to_owned();
        if host.is_empty() {
            return Err(MailSettingsError::NoHost);
        }
        if host.len() > 253
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        {
            return Err(MailSettingsError::BadHost(host));
        }
        if self.port == 0 {
            return Err(MailSettingsError::NoPort);
        }
        let from = check_address(&self.from)
            .map_err(MailSettingsError::From)?
            .to_owned();
        let user = self.user.trim().to_owned();
        let local = matches!(host.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]");
        if self.security == Security::None && (!local || !user.is_empty()) {
            return Err(MailSettingsError::Unencrypted);
        }
        Ok(MailSettings {
            host,
            port: self.port,
            security: self.security,
            user,
            from,
            from_name: self.from_name.trim().to_owned(),
            ca_file: self.ca_file.trim().to_owned(),
        })
    }

    /// Whether a server has been set at all.
    pub fn is_set(&self) -> bool {
        !self.host.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_double_up_to_an_hour() {
        let minutes: Vec<i64> = (0..10).map(|n| retry_delay(n).num_minutes()).collect();
        assert_eq!(minutes, vec![1, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_delay(i64::MAX).num_minutes(), 60);
        assert_eq!(retry_delay(i64::MIN).num_minutes(), 1);
    }

    #[test]
    fn addresses_as_a_person_types_them() {
        assert_eq!(check_address(" ana@example.fr "), Ok("ana@example.fr"));
        for bad in [
            "ana",
            "ana@",
            "@example.fr",
            "ana@example",
            "a b@example.fr",
            "a@b@c.fr",
        ] {
            assert!(
                matches!(check_address(bad), Err(AddressError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(check_address("  "), Err(AddressError::Empty));
        let long = format!("{}@example.fr", "a".repeat(250));
        assert_eq!(check_address(&long), Err(AddressError::TooLong));
    }

    #[test]
    fn settings_refuse_what_would_leak_a_password() {
        let good = MailSettings {
            host: "smtp.example.fr".into(),
            port: 587,
            user: "billetterie".into(),
            from: "billetterie@example.fr".into(),
            ..MailSettings::default()
        };
        assert!(good.checked().is_ok());
        let plain = MailSettings {
            security: Security::None,
            ..good.clone()
        };
        assert_eq!(plain.checked(), Err(MailSettingsError::Unencrypted));
        let local = MailSettings {
            host: "localhost".into(),
            user: String::new(),
            ..plain
        };
        assert!(local.checked().is_ok());
        let no_host = MailSettings {
            host: " ".into(),
            ..good.clone()
        };
        assert_eq!(no_host.checked(), Err(MailSettingsError::NoHost));
        let bad_host = MailSettings {
            host: "smtp example".into(),
            ..good
        };
        assert!(matches!(
            bad_host.checked(),
            Err(MailSettingsError::BadHost(_))
        ));
    }

    #[test]
    fn codes_read_back() {
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::parse(k.code()), Some(k));
        }
        for s in OutboxState::ALL {
            assert_eq!(OutboxState::parse(s.code()), Some(s));
        }
    }
}

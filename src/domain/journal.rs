//! The till's journal as everyone reads it: its chains, the kinds of record
//! it holds, a record as listed, and what a verification found. How records
//! are chained, signed and checked is the ledger's business.

use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::programmed::Programmed;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chain {
    /// Real sales and events: counted in closings and totals.
    Fiscal,
    /// Training mode: same flows, out of every total.
    Training,
}

impl Chain {
    pub const ALL: [Chain; 2] = [Chain::Fiscal, Chain::Training];

    pub fn as_str(self) -> &'static str {
        match self {
            Chain::Fiscal => "fiscal",
            Chain::Training => "training",
        }
    }
}

/// What a record is about. Technical events (JET in NF525 parlance) and
/// fiscal ones share the chain, so their order is part of what is signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// First record of a chain: the terminal's public key.
    Genesis,
    /// The venue's identity was set (first run).
    Setup,
    /// The demo season was loaded into this database.
    DemoLoaded,
    OperatorCreated,
    OperatorChanged,
    LogIn,
    LogOut,
    /// A validated sale: receipt number, lines, taxes, payments.
    Sale,
    /// Tickets cancelled and refunded: negative amounts referring to the sale.
    Cancellation,
    /// A ticket printed again: a numbered duplicata with the same code.
    Reprint,
    /// A verification found the chain broken (what and where).
    IntegrityFailure,
    /// A season file was imported (what it added, and its digest).
    SeasonImported,
    /// The terminal signs with a new key from the next record on: the
    /// record, signed by the old key, announces the new public key.
    KeyRotated,
    /// Another terminal joins the venue: its public id and first key, signed
    /// by the founding terminal (an administrator's act).
    TerminalEnrolled,
    /// The season changed: a hall, a show, a performance, prices, a hold…
    /// with who, and each field before and after.
    Programmed,
    /// The patron file: a patron's data exported or erased, the inactive
    /// forgotten (by public ids only: no personal data in the ledger).
    PatronFile,
    /// A day (Z), a month or a year of the terminal's chain closed: its
    /// totals, the perpetual grand total, the last record it sums.
    Closing,
    /// A step of the cash drawer: opened with a float, cash in or out, a
    /// count at a handover or at the end of the session.
    Drawer,
    /// A closed month or year written out as an archive: the folder's name
    /// and the digest of its signed manifest.
    Archived,
    /// An order sold by an outside seller (web shop, reseller, partner) and
    /// imported: the same content as a sale, paid online, outside the till.
    OrderImported,
    /// Training mode switched on or off on the terminal: from then on its
    /// sales go to the training chain, or back to the fiscal one.
    TrainingMode,
    /// The terminal joined the venue's central database, enrolled by an
    /// administrator.
    CentralJoined,
    /// Places of the venue's central pool this terminal holds changed: a
    /// lot lent to it, what it gave back, what was reclaimed from it.
    Contingent,
    /// A door pulled the tickets other terminals sold, to admit them offline.
    DoorList,
    /// The database was restored from a backup: what was lost since.
    Restored,
    /// An invitation asked for, issued or refused.
    Invitation,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Genesis => "genesis",
            Kind::Setup => "setup",
            Kind::DemoLoaded => "demo_loaded",
            Kind::OperatorCreated => "operator_created",
            Kind::OperatorChanged => "operator_changed",
            Kind::LogIn => "log_in",
            Kind::LogOut => "log_out",
            Kind::Sale => "sale",
            Kind::Cancellation => "cancellation",
            Kind::Reprint => "reprint",
            Kind::IntegrityFailure => "integrity_failure",
            Kind::SeasonImported => "season_imported",
            Kind::KeyRotated => "key_rotated",
            Kind::TerminalEnrolled => "terminal_enrolled",
            Kind::Programmed => "programmed",
            Kind::PatronFile => "patron_file",
            Kind::Closing => "closing",
            Kind::Drawer => "drawer",
            Kind::Archived => "archived",
            Kind::OrderImported => "order_imported",
            Kind::TrainingMode => "training_mode",
            Kind::CentralJoined => "central_joined",
            Kind::Contingent => "contingent",
            Kind::DoorList => "door_list",
            Kind::Restored => "restored",
            Kind::Invitation => "invitation",
        }
    }

    pub const ALL: [Kind; 26] = [
        Kind::Genesis,
        Kind::Setup,
        Kind::DemoLoaded,
        Kind::OperatorCreated,
        Kind::OperatorChanged,
        Kind::LogIn,
        Kind::LogOut,
        Kind::Sale,
        Kind::Cancellation,
        Kind::Reprint,
        Kind::IntegrityFailure,
        Kind::SeasonImported,
        Kind::KeyRotated,
        Kind::TerminalEnrolled,
        Kind::Programmed,
        Kind::PatronFile,
        Kind::Closing,
        Kind::Drawer,
        Kind::Archived,
        Kind::OrderImported,
        Kind::TrainingMode,
        Kind::CentralJoined,
        Kind::Contingent,
        Kind::DoorList,
        Kind::Restored,
        Kind::Invitation,
    ];

    /// The kind a record's `kind` column names, if this version knows it.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

impl Chain {
    /// The chain a record's `chain` column names.
    pub fn from_code(code: &str) -> Option<Chain> {
        Chain::ALL.into_iter().find(|c| c.as_str() == code)
    }
}

/// A record as the Caisse screen lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub chain: Option<Chain>,
    pub seq: i64,
    /// None for a kind this version does not know (see `code`).
    pub kind: Option<Kind>,
    /// The kind as recorded.
    pub code: String,
    /// When, with the venue's offset as recorded (None if unreadable).
    pub at: Option<DateTime<FixedOffset>>,
    pub operator: String,
    /// What a change to the season changed (its fields before and after).
    pub change: Option<Programmed>,
}

/// Why a record fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The body, its hash or a column was changed after signing.
    Altered(&'static str),
    /// Records `from..=to` of the chain are gone.
    Missing { from: i64, to: i64 },
    /// The record in this position carries another sequence number.
    Reordered { found: i64 },
    /// Intact in itself but not the successor of the record before it.
    Unlinked,
    /// The hash matches the content but the signature does not.
    BadSignature,
    /// The chain does not start with a genesis record holding the terminal's key.
    BadGenesis(&'static str),
    /// A key change that the terminal's list of keys does not match.
    KeyChange(&'static str),
    /// A row of the sales tables differs from the record that signs it.
    Disagrees {
        table: &'static str,
        row: String,
        what: &'static str,
    },
    /// A row of the sales tables that no signed record accounts for.
    NoRecord { table: &'static str, row: String },
    /// A signed record whose row is gone from the sales tables.
    NoRow { table: &'static str, row: String },
    /// A terminal no enrolment record vouches for.
    NotEnrolled,
    /// A protection of the database (a trigger, a table, an index) is
    /// missing or not the one this version ships.
    Defence { object: String, missing: bool },
    /// The signed head kept beside the key file names a later record than
    /// the chain holds: records were cut off the end.
    Truncated { head: i64, found: i64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Altered(what) => write!(f, "altered: {what}"),
            Problem::Missing { from, to } if from == to => {
                write!(f, "missing: record {from} was removed")
            }
            Problem::Missing { from, to } => {
                write!(f, "missing: records {from} to {to} were removed")
            }
            Problem::Reordered { found } => write!(
                f,
                "reordered: this position holds record {found}, records were moved"
            ),
            Problem::Unlinked => write!(
                f,
                "reordered or removed: the record is intact but does not follow the one before it"
            ),
            Problem::BadSignature => write!(
                f,
                "bad signature: the content matches its hash but the terminal's key did not sign it"
            ),
            Problem::BadGenesis(what) => write!(f, "bad genesis: {what}"),
            Problem::KeyChange(what) => write!(f, "bad key change: {what}"),
            Problem::Disagrees { table, row, what } => write!(
                f,
                "{table} row {row} differs from its signed record: {what}"
            ),
            Problem::NoRecord { table, row } => write!(
                f,
                "{table} row {row} has no signed record: it was added behind the ledger's back"
            ),
            Problem::NoRow { table, row } => write!(
                f,
                "the signed record of {row} has no {table} row: it was deleted"
            ),
            Problem::NotEnrolled => write!(
                f,
                "a terminal no enrolment record vouches for: added to the file by hand"
            ),
            Problem::Defence {
                object,
                missing: true,
            } => {
                write!(f, "the database's protection \"{object}\" was removed")
            }
            Problem::Defence { object, .. } => write!(
                f,
                "the database's protection \"{object}\" is not the one this version installs"
            ),
            Problem::Truncated { head, found } => write!(
                f,
                "records after {found} are missing: the signed head beside the key names record {head}"
            ),
        }
    }
}

/// The first broken record found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    pub terminal: String,
    pub chain: String,
    /// The sequence number expected at this point of the chain.
    pub position: i64,
    pub kind: String,
    pub at: String,
    pub problem: Problem,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ledger broken: terminal \"{}\", chain {}, record {}",
            self.terminal, self.chain, self.position
        )?;
        if !self.kind.is_empty() {
            write!(f, " ({} at {})", self.kind, self.at)?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// One verified chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainSummary {
    pub terminal: String,
    pub chain: String,
    pub records: i64,
    pub last_hash: String,
}

/// What the signed head kept beside the database (outside the file) says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Witness {
    /// The head and the chains agree: nothing was cut off their end.
    Held,
    /// No head beside the database: a cut at the end cannot be seen (a copy
    /// moved without it, or the file deleted).
    Missing,
    /// A head that does not read or that the terminal's key did not sign.
    Unreadable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub chains: Vec<ChainSummary>,
    pub first_break: Option<Break>,
    pub witness: Witness,
    /// The restores from a backup the ledger records, oldest first.
    pub restores: Vec<RestoreNote>,
}

/// A restore from a backup, as its signed record says: when, the backup's
/// time, and each chain's records lost since the backup (chain, first,
/// last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreNote {
    pub terminal: String,
    pub at: String,
    pub backup_made: String,
    pub lost: Vec<(String, i64, i64)>,
}

impl std::fmt::Display for RestoreNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} restored on {} from the backup of {}: ",
            self.terminal, self.at, self.backup_made
        )?;
        if self.lost.is_empty() {
            return write!(f, "nothing known lost");
        }
        let lost: Vec<String> = self
            .lost
            .iter()
            .map(|(chain, from, to)| format!("records {from} to {to} of the {chain} chain lost"))
            .collect();
        write!(f, "{}", lost.join(", "))
    }
}

impl Report {
    pub fn is_intact(&self) -> bool {
        self.first_break.is_none()
    }

    pub fn records(&self) -> i64 {
        self.chains.iter().map(|c| c.records).sum()
    }

    /// One line for the command line and the Caisse screen.
    pub fn summary(&self) -> String {
        if let Some(b) = &self.first_break {
            return b.to_string();
        }
        let terminals = {
            let mut names: Vec<&str> = self.chains.iter().map(|c| c.terminal.as_str()).collect();
            names.dedup();
            names.len()
        };
        let detail: Vec<String> = self
            .chains
            .iter()
            .map(|c| {
                format!(
                    "{} {}: {} records, last hash {}",
                    c.terminal,
                    c.chain,
                    c.records,
                    &c.last_hash[..c.last_hash.len().min(16)]
                )
            })
            .collect();
        let restores: String = self.restores.iter().map(|r| format!("; {r}")).collect();
        format!(
            "ledger intact: {} records in {} chains of {} terminal{} ({}){restores}",
            self.records(),
            self.chains.len(),
            terminals,
            if terminals == 1 { "" } else { "s" },
            detail.join("; ")
        )
    }
}

//! Exchange with the outside world: the outbox and what leaves through it
//! (e-mail by the venue's SMTP server), and the files for the
//! administration and the website. It may use domain, store, ledger (the
//! signed closings and records the accounting exports read) and the other
//! jobs.
//!
//! The exports for the administration (France: the FEC of a closed period
//! and the SIBIL quarterly declaration; Quebec: a QuickBooks journal) are
//! written whole under a temporary name and renamed, so a file with the
//! final name is complete, and an error leaves nothing behind.

pub mod accounts;
pub mod entries;
pub mod fec;
pub mod imports;
pub mod mail;
pub mod outbox;
pub mod quickbooks;
pub mod sibil;
pub mod website;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::venue::Country;
use crate::store::{self, Store, StoreError};

/// Messages not delivered yet, and those a person must look at.
pub fn waiting(store: &Store) -> Result<i64, StoreError> {
    store.read(store::outbox::pending)
}

/// Why an export was refused or not written; nothing was written then.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("there is no venue yet: set it up first (guichet setup)")]
    NoVenue,
    #[error(
        "the {export} is for a venue in {wanted}, and this one is in {actual}: {instead}",
        wanted = country_name(*wanted),
        actual = country_name(*actual)
    )]
    WrongCountry {
        export: &'static str,
        wanted: Country,
        actual: Country,
        instead: &'static str,
    },
    #[error("\"{0}\" is not a period: write a month as 2026-11 or a year as 2026")]
    BadPeriod(String),
    #[error("\"{0}\" is not a quarter: write 2026-Q4")]
    BadQuarter(String),
    #[error(
        "{period} is not closed on terminal \"{terminal}\": close every day, then the {kind} \
         (guichet close {kind}), and export again"
    )]
    NotClosed {
        period: String,
        kind: &'static str,
        terminal: String,
    },
    #[error("the SIBIL declaration cannot be made, something is missing: {}; fill it in \
             (guichet venue set, Programmation) and export again", .0.join("; "))]
    Missing(Vec<String>),
    #[error(
        "entry {piece} does not balance (debit {debit}, credit {credit} cents): its records \
         disagree with its closing; run guichet verify"
    )]
    Unbalanced {
        piece: String,
        debit: i64,
        credit: i64,
    },
    #[error("an amount is too large to add up: run guichet verify")]
    Overflow,
    #[error("record {0} of the ledger cannot be read: run guichet verify")]
    Unreadable(i64),
    #[error("\"{0}\" is not an account setting: {1}")]
    BadAccount(String, String),
    #[error(
        "the FEC's file name starts with the SIREN, and the venue has no SIRET: set it \
         (guichet venue set --siret …) or give --out a file name"
    )]
    NoSiren,
    #[error("only a coordinator or an administrator may change the accounts")]
    NotAllowed,
    #[error("cannot write {}: {why}; nothing was written", path.display())]
    Write { path: PathBuf, why: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn country_name(c: Country) -> &'static str {
    match c {
        Country::France => "France",
        Country::Quebec => "Quebec",
    }
}

/// A month or a year of the accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Month(NaiveDate),
    Year(i32),
}

impl Span {
    /// `2026-11` or `2026`.
    pub fn parse(text: &str) -> Result<Span, ExportError> {
        let bad = || ExportError::BadPeriod(text.to_owned());
        let t = text.trim();
        if let Some((y, m)) = t.split_once('-') {
            let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            let first = NaiveDate::from_ymd_opt(y, m, 1).filter(|_| (1..=9999).contains(&y));
            return first.map(Span::Month).ok_or_else(bad);
        }
        let y: i32 = t.parse().map_err(|_| bad())?;
        NaiveDate::from_ymd_opt(y, 1, 1)
            .filter(|_| (1..=9999).contains(&y))
            .map(|_| Span::Year(y))
            .ok_or_else(bad)
    }

    /// Its closing's label: `2026-11` or `2026`.
    pub fn label(self) -> String {
        match self {
            Span::Month(first) => first.format("%Y-%m").to_string(),
            Span::Year(y) => y.to_string(),
        }
    }

    /// The closing kind: month or year.
    pub fn kind(self) -> &'static str {
        match self {
            Span::Month(_) => "month",
            Span::Year(_) => "year",
        }
    }

    /// Its first day, and the first day after it.
    pub fn days(self) -> (NaiveDate, NaiveDate) {
        let first = match self {
            Span::Month(first) => first,
            Span::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default(),
        };
        let next = match self {
            Span::Month(_) => first.checked_add_months(chrono::Months::new(1)),
            Span::Year(_) => first.checked_add_months(chrono::Months::new(12)),
        };
        (first, next.unwrap_or(NaiveDate::MAX))
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.days().1.pred_opt().unwrap_or(self.days().0)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        let (first, next) = self.days();
        first <= day && day < next
    }
}

/// Writes `bytes` to `path` whole: into a temporary file beside it, synced,
/// then renamed; on any error the temporary file is removed and nothing
/// has the final name.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let failed = |e: std::io::Error| ExportError::Write {
        path: path.to_owned(),
        why: e.to_string(),
    };
    let name = path
        .file_name()
        .ok_or_else(|| failed(std::io::Error::other("not a file name")))?;
    let temp = path.with_file_name(format!(
        ".{}.{}.part",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(e)
    })
}

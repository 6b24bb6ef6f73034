//! The till: its signed journal as the Caisse screen shows it (how many
//! records, the newest ones), checking every hash and signature, and
//! recording a break when one is found. It may use domain, store, ledger
//! and operators.

use chrono::{DateTime, Utc};

pub mod archive;
pub mod closings;
pub mod drawer;
pub mod report;
pub mod statements;
pub mod training;

use crate::domain::journal::{Break, Entry, Report};
use crate::ledger::{self, Appended, LedgerError, Signer};
use crate::operators::Operator;
use crate::store::{Store, StoreError};

/// Why the till refused (worded in `ui::i18n::till`): a closing, a step of
/// the drawer, an archive.
#[derive(Debug, thiserror::Error)]
pub enum TillError {
    NotAllowed(crate::domain::operator::Act),
    /// No venue yet: nothing was sold.
    NoVenue,
    /// The day (or month, year) has not begun.
    NotYet(String),
    /// A month or a year is closed once it is over.
    NotOver(String),
    /// Closed already, under this number.
    Closed {
        label: String,
        number: i64,
    },
    /// A day with sales before it is still open: close that one first.
    EarlierDayOpen(chrono::NaiveDate),
    /// A day of the period with sales is not closed.
    DayOpen(chrono::NaiveDate),
    /// A month of the year is not closed.
    MonthOpen(String),
    /// A record the closing sums cannot be read: run `verify`.
    Unreadable(i64),
    /// The report could not be made or printed (why).
    Print(String),
    /// No performance has this id.
    NoPerformance(i64),
    /// The drawer has no session open: open it with its float.
    NoSession,
    /// A session is open already (an earlier day's: count it first).
    SessionOpen {
        number: i64,
        day: chrono::NaiveDate,
    },
    /// A session of the day (or an earlier one) was not counted: count the
    /// drawer before closing the day.
    DrawerOpen {
        number: i64,
        day: chrono::NaiveDate,
    },
    /// Cash out of more than the drawer should hold.
    NotInDrawer {
        holds: i64,
        currency: crate::domain::money::Currency,
    },
    /// No clerk of this name can take the drawer.
    NoOperator(String),
    /// An amount or a count that cannot be taken.
    Count(crate::domain::drawer::CountError),
    /// An archive not written, or found not to hold.
    Archive(archive::ArchiveError),
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

/// This terminal's journal as Caisse shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    /// Records written by this terminal, all chains.
    pub records: i64,
    /// The key it signs with now.
    pub key_id: String,
    /// The newest records of every chain, newest first.
    pub latest: Vec<Entry>,
}

/// The journal of the terminal `signer`, with its `limit` newest records.
pub fn journal(store: &Store, signer: &Signer, limit: i64) -> Result<Journal, StoreError> {
    Ok(Journal {
        records: ledger::count(store, signer)?,
        key_id: signer.key_id.clone(),
        latest: ledger::recent(store, limit)?,
    })
}

/// The newest changes to the season (halls, shows, performances, prices,
/// holds, tariffs), every terminal, newest first, each with its fields
/// before and after.
pub fn season_changes(store: &Store, limit: i64) -> Result<Vec<Entry>, StoreError> {
    ledger::programmed(store, limit)
}

/// The most records `guichet journal` lists at once.
pub const JOURNAL_MAX: i64 = 100_000;

/// Who did what from `since`, every terminal and chain, each in its order
/// (at most [`JOURNAL_MAX`] records).
pub fn journal_since(store: &Store, since: DateTime<Utc>) -> Result<Vec<Entry>, StoreError> {
    ledger::since(store, since, JOURNAL_MAX)
}

/// Checks every hash and signature of the journal (the window runs it in
/// the background, on a connection of its own). Only a database error is
/// an `Err`; a broken journal is a report with its first break.
pub fn verify(store: &Store) -> Result<Report, StoreError> {
    ledger::verify::verify(store)
}

/// Where the ledger's signed head of the database at `db` is kept.
pub fn head_path(db: &std::path::Path) -> std::path::PathBuf {
    ledger::head::path(db)
}

/// Records that a verification found the journal broken, naming where and
/// why: the failure itself becomes part of the signed history.
pub fn record_break(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    found: &Break,
    now: DateTime<Utc>,
) -> Result<Appended, LedgerError> {
    ledger::record_integrity_failure(store, signer, &by.actor(), found, now)
}

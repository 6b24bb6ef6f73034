//! The coordinator's season: the venue, halls and seat plans, shows,
//! performances with their categories, tariffs, prices and holds; the season
//! file, its iCalendar and the demo. It may use domain, store, ledger and
//! operators.
//!
//! Every function checks what it is given before writing, writes in one
//! transaction, and says what is wrong in a `ProgrammingError` whose
//! `field()` tells a form where to show it.

pub mod demo;
pub mod halls;
pub mod holds;
pub mod ical;
pub mod invitations;
pub mod journal;
pub mod performances;
pub mod price_rules;
pub mod pricing;
mod quotas;
pub mod reschedule;
pub mod season_file;
pub mod shows;
pub mod subscriptions;
pub mod venue;

use chrono::{DateTime, Utc};

use crate::domain::SeatName;
use crate::domain::plan_csv::CsvError;
use crate::domain::season::SeriesError;
use crate::domain::seat_plan::PlanError;
use crate::domain::tax::TaxError;
use crate::ledger::LedgerError;
use crate::store::{self, Store, StoreError};

pub use crate::domain::{PerformanceLine, SeasonCounts};
pub use journal::By;

/// Performances not yet over at `now`, soonest first.
pub fn upcoming(
    store: &Store,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PerformanceLine>, StoreError> {
    store.read(|tx| store::programming::listing(tx, Some(now), limit))
}

/// Every performance of the database, past ones included.
pub fn all_performances(store: &Store) -> Result<Vec<PerformanceLine>, StoreError> {
    store.read(|tx| store::programming::listing(tx, None, i64::MAX))
}

pub fn counts(store: &Store) -> Result<SeasonCounts, StoreError> {
    store.read(store::programming::counts)
}

/// Which form field a problem belongs beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Capacity,
    Plan,
    Title,
    Duration,
    Vat,
    Start,
    SalesWindow,
    Series,
    Prices,
    Quota,
    Seats,
    Quantity,
    /// A tariff's code.
    Code,
    /// The entry slots of a timed performance.
    Slots,
    /// The date and time of a copy of a performance.
    Copy,
    /// The path of a CSV plan (the window puts plan problems there when
    /// the plan comes from a file).
    PlanFile,
}

/// What a message says could not be found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Hall,
    Show,
    Performance,
    Tariff,
    Category,
    Hold,
    Seat,
    Venue,
    PriceRule,
}

/// Why the season could not be changed as asked. Worded (French, Quebec,
/// English) in `ui::i18n::programming_errors`, which also makes its English
/// `Display` for the command line.
#[derive(Debug, thiserror::Error)]
pub enum ProgrammingError {
    HallNameEmpty,
    NameTooLong,
    HallNameTaken(String),
    Capacity(i64),
    PlanCsv(#[from] CsvError),
    PlanLayout(#[from] PlanError),
    PlanEmpty,
    TitleEmpty,
    Duration(i64),
    Vat(TaxError),
    Overlap {
        hall: String,
        show: String,
        /// In the venue's zone.
        starts_at: DateTime<chrono_tz::Tz>,
        ends_at: DateTime<chrono_tz::Tz>,
    },
    SalesWindow,
    Length,
    CapacityAboveHall {
        capacity: i64,
        hall: i64,
    },
    QuotaBelowSold {
        tariff: String,
        quota: i64,
        sold: i64,
    },
    CapacityBelowTaken {
        capacity: i64,
        taken: i64,
    },
    NoSlot,
    SlotTwice(DateTime<chrono_tz::Tz>),
    SlotOutside(DateTime<chrono_tz::Tz>),
    SlotHasTickets(DateTime<chrono_tz::Tz>),
    /// A slot this terminal holds places of, lent by the central database.
    SlotLent(DateTime<chrono_tz::Tz>),
    Series(#[from] SeriesError),
    PriceOutOfRange {
        category: String,
        tariff: String,
        amount: i64,
    },
    ComplimentaryNotFree(String),
    QuotaAboveCapacity {
        tariff: String,
        quota: i64,
        capacity: i64,
    },
    /// Places set aside for invitations beyond the performance's, or
    /// below what was already issued to that kind of requester.
    InvitationPlaces {
        kind: String,
        places: i64,
        capacity: i64,
        issued: i64,
    },
    UnknownCategory(String),
    UnknownTariff(String),
    CategoryTaken(String),
    SeatsWithoutCategory(usize),
    SeatsSold(Vec<SeatName>),
    /// Seats lent to this terminal by the central database: their names
    /// are how the central side knows them.
    SeatsLent(Vec<SeatName>),
    SeatsHeld(Vec<SeatName>),
    NotEnoughPlaces {
        asked: i64,
        available: i64,
    },
    HasTickets,
    NotFound(Missing),
    NoShowChosen,
    NoHallChosen,
    NotANumber {
        typed: String,
        field: Field,
    },
    FileUnreadable {
        path: String,
        kind: std::io::ErrorKind,
    },
    TariffCode(String),
    TariffNameEmpty,
    TariffTaken(String),
    CategoryIncomplete,
    NotOffered(String),
    OtherHall,
    HoldNameEmpty,
    NoSeatsChosen,
    NoSeatsHere,
    Colour(String),
    NotInHold,
    SeatTwice(SeatName),
    SeatMisplaced(SeatName),
    RenumberClash {
        section: String,
        row: String,
        number: String,
    },
    NotADate(String),
    NotATime(String),
    SlotNotATime(String),
    NotAMoment(String),
    PriceTypo {
        category: String,
        tariff: String,
        typed: String,
    },
    Other(String),
    /// The operator's role may not: a coordinator's or an administrator's.
    NotAllowed(crate::domain::operator::Act),
    /// The venue's identity as typed is refused.
    Venue(Vec<crate::domain::venue::VenueError>),
    /// The venue's country, currency and time zone stay as set up.
    VenueFixed,
    /// A picture (the venue's logo) refused.
    Picture(crate::domain::picture::PictureError),
    /// A price rule refused.
    PriceRule(#[from] crate::domain::price_rule::RuleError),
    /// A price rule names a category the performance does not have.
    RuleCategory(String),
    /// A subscription formula refused.
    Formula(crate::domain::subscription::FormulaProblem),
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

impl ProgrammingError {
    /// The form field the message belongs beside, if one.
    pub fn field(&self) -> Option<Field> {
        use ProgrammingError as E;
        Some(match self {
            E::HallNameEmpty | E::HallNameTaken(_) | E::NameTooLong => Field::Name,
            E::SeatTwice(_) | E::SeatMisplaced(_) | E::RenumberClash { .. } => Field::Plan,
            E::NotADate(_) | E::NotATime(_) => Field::Start,
            E::PriceTypo { .. } | E::NotOffered(_) | E::CategoryIncomplete => Field::Prices,
            E::NoSeatsChosen | E::NotInHold | E::NoSeatsHere => Field::Seats,
            E::Colour(_) => Field::Name,
            E::HoldNameEmpty | E::TariffNameEmpty => Field::Name,
            E::TariffCode(_) | E::TariffTaken(_) => Field::Code,
            E::NotANumber { field, .. } => *field,
            E::Formula(p) => {
                use crate::domain::subscription::FormulaProblem as F;
                match p {
                    F::Name => Field::Name,
                    F::ChoiceCounts | F::Genres | F::GenresOverMax | F::Size => Field::Quantity,
                    F::PassDays | F::NotADay(_) => Field::Start,
                    F::TooManyPrices
                    | F::Category(_)
                    | F::PriceTwice { .. }
                    | F::NoPrice(_)
                    | F::NotAPrice(_) => Field::Prices,
                }
            }
            E::FileUnreadable { .. } => Field::Plan,
            E::Capacity(_) => Field::Capacity,
            E::PlanCsv(_) | E::PlanLayout(_) | E::PlanEmpty => Field::Plan,
            E::TitleEmpty => Field::Title,
            E::Duration(_) => Field::Duration,
            E::Vat(_) => Field::Vat,
            E::Overlap { .. } => Field::Start,
            E::SalesWindow | E::NotAMoment(_) => Field::SalesWindow,
            E::Length => Field::Start,
            E::CapacityBelowTaken { .. } | E::CapacityAboveHall { .. } => Field::Capacity,
            E::QuotaBelowSold { .. } => Field::Quota,
            E::NoSlot
            | E::SlotNotATime(_)
            | E::SlotTwice(_)
            | E::SlotOutside(_)
            | E::SlotHasTickets(_)
            | E::SlotLent(_) => Field::Slots,
            E::Series(_) => Field::Series,
            E::PriceOutOfRange { .. }
            | E::ComplimentaryNotFree(_)
            | E::UnknownCategory(_)
            | E::UnknownTariff(_)
            | E::CategoryTaken(_) => Field::Prices,
            E::QuotaAboveCapacity { .. } | E::InvitationPlaces { .. } => Field::Quota,
            E::SeatsWithoutCategory(_) | E::SeatsSold(_) | E::SeatsLent(_) | E::SeatsHeld(_) => {
                Field::Seats
            }
            E::NotEnoughPlaces { .. } => Field::Quantity,
            E::HasTickets
            | E::NotFound(_)
            | E::NoShowChosen
            | E::NoHallChosen
            | E::Other(_)
            | E::NotAllowed(_)
            | E::Venue(_)
            | E::VenueFixed
            | E::Picture(_)
            | E::PriceRule(_)
            | E::RuleCategory(_)
            | E::OtherHall
            | E::Store(_)
            | E::Ledger(_) => {
                return None;
            }
        })
    }
}

/// A colour as "#rrggbb" (lower case), or why not.
pub fn colour(text: &str) -> Result<String, ProgrammingError> {
    let t = text.trim();
    let ok = t.len() == 7 && t.starts_with('#') && t[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(t.to_ascii_lowercase())
    } else {
        Err(ProgrammingError::Colour(t.to_owned()))
    }
}

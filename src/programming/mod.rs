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
pub mod performances;
pub mod pricing;
mod quotas;
pub mod season_file;
pub mod shows;
pub mod venue;

use chrono::{DateTime, Utc};

use crate::domain::SeatName;
use crate::domain::plan_csv::CsvError;
use crate::domain::season::SeriesError;
use crate::domain::seat_plan::PlanError;
use crate::ledger::LedgerError;
use crate::store::{self, Store, StoreError};

pub use crate::domain::{PerformanceLine, SeasonCounts};

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
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Missing::Hall => "hall",
            Missing::Show => "show",
            Missing::Performance => "performance",
            Missing::Tariff => "tariff",
            Missing::Category => "price category",
            Missing::Hold => "hold",
            Missing::Seat => "seat",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProgrammingError {
    #[error("the hall needs a name")]
    HallNameEmpty,
    #[error(
        "the name is longer than {} characters",
        crate::domain::operator::NAME_MAX_CHARS
    )]
    NameTooLong,
    #[error("a hall named \"{0}\" already exists: choose another name")]
    HallNameTaken(String),
    #[error("a capacity of {0}: between 1 and 100000 places")]
    Capacity(i64),
    #[error("the seat plan: {0}")]
    PlanCsv(#[from] CsvError),
    #[error("the seat plan: {0}")]
    PlanLayout(#[from] PlanError),
    #[error("a numbered hall needs seats: generate a plan or import one")]
    PlanEmpty,
    #[error("the show needs a title")]
    TitleEmpty,
    #[error("a duration of {0} minutes: between 1 and 1440")]
    Duration(i64),
    #[error("VAT: {0}")]
    Vat(String),
    #[error(
        "{hall} is taken by {show} from {starts_at} to {ends_at}: choose another time or another hall"
    )]
    Overlap {
        hall: String,
        show: String,
        /// In the venue's zone.
        starts_at: DateTime<chrono_tz::Tz>,
        ends_at: DateTime<chrono_tz::Tz>,
    },
    #[error(
        "sales must close no later than the end of the performance, and open before they close"
    )]
    SalesWindow,
    #[error("a performance ends after it starts, within 24 hours")]
    Length,
    #[error("a capacity of {capacity}: the hall holds {hall} at most")]
    CapacityAboveHall { capacity: i64, hall: i64 },
    #[error("a quota of {quota} for {tariff}: {sold} are already sold")]
    QuotaBelowSold {
        tariff: String,
        quota: i64,
        sold: i64,
    },
    #[error("a capacity of {capacity}: {taken} places are already sold or held")]
    CapacityBelowTaken { capacity: i64, taken: i64 },
    #[error("a timed performance needs at least one entry slot")]
    NoSlot,
    #[error("two entry slots start at {0}")]
    SlotTwice(DateTime<chrono_tz::Tz>),
    #[error("the slot at {0} is outside the performance")]
    SlotOutside(DateTime<chrono_tz::Tz>),
    #[error("the slot at {0} has tickets: it cannot be removed")]
    SlotHasTickets(DateTime<chrono_tz::Tz>),
    #[error(transparent)]
    Series(#[from] SeriesError),
    #[error(
        "{category} / {tariff}: {} is not a price (from 0.00 to 100000.00)",
        crate::domain::Cents(*.amount).plain('.')
    )]
    PriceOutOfRange {
        category: String,
        tariff: String,
        amount: i64,
    },
    #[error("{0} is a complimentary tariff: its price is always 0")]
    ComplimentaryNotFree(String),
    #[error("a quota of {quota} for {tariff} is above the {capacity} places of the performance")]
    QuotaAboveCapacity {
        tariff: String,
        quota: i64,
        capacity: i64,
    },
    #[error("no price category \"{0}\" in this performance")]
    UnknownCategory(String),
    #[error("no tariff \"{0}\": create it first")]
    UnknownTariff(String),
    #[error("the category code \"{0}\" is already used in this performance")]
    CategoryTaken(String),
    #[error("{0} seats are in no price category: paint them before selling")]
    SeatsWithoutCategory(usize),
    #[error("already sold: {}; these seats stay as they were sold (not removed, renumbered, repainted or held)", SeatName::list(.0, crate::domain::Locale::En))]
    SeatsSold(Vec<SeatName>),
    #[error("already in a hold: {}", SeatName::list(.0, crate::domain::Locale::En))]
    SeatsHeld(Vec<SeatName>),
    #[error("{asked} places asked, {available} still free")]
    NotEnoughPlaces { asked: i64, available: i64 },
    #[error("tickets were already issued for this performance: its hall and seats cannot change")]
    HasTickets,
    #[error("no such {0}: it may have been removed meanwhile")]
    NotFound(Missing),
    #[error("choose a show first")]
    NoShowChosen,
    #[error("choose a hall first")]
    NoHallChosen,
    #[error("\"{typed}\" is not a whole number")]
    NotANumber { typed: String, field: Field },
    #[error("{path} cannot be read: {kind}")]
    FileUnreadable {
        path: String,
        kind: std::io::ErrorKind,
    },
    #[error("the tariff code \"{0}\": capital letters and digits only, such as GROUPE")]
    TariffCode(String),
    #[error("the tariff needs a name")]
    TariffNameEmpty,
    #[error("a tariff {0} already exists")]
    TariffTaken(String),
    #[error("a category needs a code (8 characters at most) and a name (60 at most)")]
    CategoryIncomplete,
    #[error("{0} has prices but is not among the tariffs offered")]
    NotOffered(String),
    #[error("categories can only be copied between performances of the same hall")]
    OtherHall,
    #[error("the hold needs a name (house seats, press…)")]
    HoldNameEmpty,
    #[error("choose the seats on the map first")]
    NoSeatsChosen,
    #[error("this hall has no numbered seats: hold a number of places")]
    NoSeatsHere,
    #[error("\"{0}\" is not a colour: write it as #4a6fa5")]
    Colour(String),
    #[error("some of these seats are not in this hold")]
    NotInHold,
    #[error("seat {} appears twice in the plan", .0.label(crate::domain::Locale::En))]
    SeatTwice(SeatName),
    #[error("seat {}: a section, row and number of 1 to 40 characters, and coordinates between -10000 and 10000", .0.label(crate::domain::Locale::En))]
    SeatMisplaced(SeatName),
    #[error(
        "{section} row {row} already has a seat {number} outside the selection: include it or start from another number"
    )]
    RenumberClash {
        section: String,
        row: String,
        number: String,
    },
    #[error("\"{0}\" is not a date: type it as 24/11/2026")]
    NotADate(String),
    #[error("\"{0}\" is not a time: type it as 20:00")]
    NotATime(String),
    #[error("\"{0}\" is not a time: type it as 10:30")]
    SlotNotATime(String),
    #[error("\"{0}\" is not a date and time: type it as 24/11/2026 18:00")]
    NotAMoment(String),
    #[error("{category} / {tariff}: \"{typed}\" is not a price, type it as 12,50")]
    PriceTypo {
        category: String,
        tariff: String,
        typed: String,
    },
    #[error("{0}")]
    Other(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
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
            | E::SlotHasTickets(_) => Field::Slots,
            E::Series(_) => Field::Series,
            E::PriceOutOfRange { .. }
            | E::ComplimentaryNotFree(_)
            | E::UnknownCategory(_)
            | E::UnknownTariff(_)
            | E::CategoryTaken(_) => Field::Prices,
            E::QuotaAboveCapacity { .. } => Field::Quota,
            E::SeatsWithoutCategory(_) | E::SeatsSold(_) | E::SeatsHeld(_) => Field::Seats,
            E::NotEnoughPlaces { .. } => Field::Quantity,
            E::HasTickets
            | E::NotFound(_)
            | E::NoShowChosen
            | E::NoHallChosen
            | E::Other(_)
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

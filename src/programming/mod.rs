//! The coordinator's season: the venue, halls and seat plans, shows,
//! performances with their categories, tariffs and prices, holds; the
//! season file and its iCalendar; the demo season.
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
pub mod season_file;
pub mod shows;
pub mod venue;

use chrono::{DateTime, Utc};

use crate::domain::plan_csv::CsvError;
use crate::domain::season::SeriesError;
use crate::domain::seat_plan::PlanError;
use crate::ledger::LedgerError;
use crate::store::{self, Store, StoreError};

pub use store::programming::{PerformanceLine, SeasonCounts};

/// Performances not yet over at `now`, soonest first.
pub fn upcoming(
    store: &Store,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PerformanceLine>, StoreError> {
    store.read(|tx| store::programming::listing(tx, store::unix(now), limit))
}

/// Every performance of the database, past ones included.
pub fn all_performances(store: &Store) -> Result<Vec<PerformanceLine>, StoreError> {
    store.read(|tx| store::programming::listing(tx, i64::MIN, i64::MAX))
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
}

#[derive(Debug, thiserror::Error)]
pub enum ProgrammingError {
    #[error("the hall needs a name")]
    HallNameEmpty,
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
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    },
    #[error(
        "sales must close no later than the end of the performance, and open before they close"
    )]
    SalesWindow,
    #[error(transparent)]
    Series(#[from] SeriesError),
    #[error("{category} / {tariff}: {amount} cents is above the highest price (100 000,00)")]
    PriceTooHigh {
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
    #[error("already sold: {}; these seats cannot be removed or held", .0.join(", "))]
    SeatsSold(Vec<String>),
    #[error("already in a hold: {}", .0.join(", "))]
    SeatsHeld(Vec<String>),
    #[error("{asked} places asked, {available} still free")]
    NotEnoughPlaces { asked: i64, available: i64 },
    #[error("tickets were already issued for this performance: its hall and seats cannot change")]
    HasTickets,
    #[error("no such {0}: it may have been removed meanwhile")]
    NotFound(&'static str),
    #[error("the tariff code \"{0}\": capital letters and digits only, such as GROUPE")]
    TariffCode(String),
    #[error("the tariff needs a name")]
    TariffNameEmpty,
    #[error("a tariff {0} already exists")]
    TariffTaken(String),
    #[error("a category needs a code and a name")]
    CategoryIncomplete,
    #[error("{0} has prices but is not among the tariffs offered")]
    NotOffered(String),
    #[error("categories can only be copied between performances of the same hall")]
    OtherHall,
    #[error("the hold needs a name (house seats, press…)")]
    HoldNameEmpty,
    #[error("choose the seats on the map first")]
    NoSeatsChosen,
    #[error("some of these seats are not in this hold")]
    NotInHold,
    #[error("seat {0} appears twice in the plan")]
    SeatTwice(String),
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
            E::HallNameEmpty | E::HallNameTaken(_) => Field::Name,
            E::SeatTwice(_) | E::RenumberClash { .. } => Field::Plan,
            E::NotADate(_) | E::NotATime(_) => Field::Start,
            E::PriceTypo { .. } | E::NotOffered(_) | E::CategoryIncomplete => Field::Prices,
            E::NoSeatsChosen | E::NotInHold => Field::Seats,
            E::HoldNameEmpty => Field::Name,
            E::Capacity(_) => Field::Capacity,
            E::PlanCsv(_) | E::PlanLayout(_) | E::PlanEmpty => Field::Plan,
            E::TitleEmpty => Field::Title,
            E::Duration(_) => Field::Duration,
            E::Vat(_) => Field::Vat,
            E::Overlap { .. } => Field::Start,
            E::SalesWindow => Field::SalesWindow,
            E::Series(_) => Field::Series,
            E::PriceTooHigh { .. }
            | E::ComplimentaryNotFree(_)
            | E::UnknownCategory(_)
            | E::UnknownTariff(_)
            | E::CategoryTaken(_) => Field::Prices,
            E::QuotaAboveCapacity { .. } => Field::Quota,
            E::SeatsWithoutCategory(_) | E::SeatsSold(_) | E::SeatsHeld(_) => Field::Seats,
            E::NotEnoughPlaces { .. } => Field::Quantity,
            E::HasTickets
            | E::NotFound(_)
            | E::Other(_)
            | E::TariffCode(_)
            | E::TariffNameEmpty
            | E::TariffTaken(_)
            | E::OtherHall
            | E::Store(_)
            | E::Ledger(_) => {
                return None;
            }
        })
    }
}

/// "Balcon, rang C, 14" / "Balcon, row C, seat 14": how a seat is named.
pub fn seat_label(section: &str, row: &str, number: &str, locale: crate::domain::Locale) -> String {
    if locale.is_french() {
        format!("{section}, rang {row}, {number}")
    } else {
        format!("{section}, row {row}, seat {number}")
    }
}

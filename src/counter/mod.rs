//! The clerk's sales: what a performance has on sale, seats held in a cart
//! while the order is built, the sale itself (one transaction), and
//! customer service (find an order, cancel and refund, reprint).

pub mod basket;
pub mod cart;
mod checks;
pub mod offer;
pub mod orders;
pub mod printed;
pub mod sell;

use chrono::{DateTime, Utc};

use crate::domain::SeatName;
use crate::domain::payment::{Payment, PaymentError, Tender};
use crate::domain::tax::TaxError;
use crate::domain::{Cents, Currency, Locale, Money, PerformanceName};
use crate::ledger::LedgerError;
use crate::store::StoreError;

pub use basket::{Basket, BasketTicket, Cash, Checkout, Credit};
pub use offer::{Offer, SeatState};

fn money(cents: Cents, currency: Currency) -> String {
    Money { cents, currency }.format(Locale::En)
}

/// Where a ticket admits its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    Seat(i64),
    /// An entry slot of a timed performance.
    Slot(i64),
    /// General admission.
    Unnumbered,
}

/// One ticket to sell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub performance_id: i64,
    pub place: Place,
    pub tariff_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SaleRequest {
    pub items: Vec<Item>,
    pub tenders: Vec<Tender>,
    pub patron_id: Option<i64>,
    /// The basket whose seats these are (they are taken out of it).
    pub cart: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoldTicket {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub performance_id: i64,
    pub seat: Option<SeatName>,
    pub slot: Option<DateTime<Utc>>,
    pub tariff: String,
    pub category: String,
    pub price: Cents,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sold {
    pub order_id: i64,
    pub public_id: String,
    pub number: i64,
    pub total: Cents,
    pub change: Cents,
    pub currency: Currency,
    pub payments: Vec<Payment>,
    pub tickets: Vec<SoldTicket>,
    pub ledger_seq: i64,
}

/// Why a sale, a cart or a customer-service action was refused. Each names
/// the seat, performance, tariff or order concerned, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    #[error("there is no performance {0}: list them with `guichet performances`")]
    NoPerformance(i64),
    #[error("{0} is cancelled: nothing can be sold for it")]
    Cancelled(PerformanceName),
    #[error("sales for {0} are closed: reopen them in Programmation to sell")]
    Closed(PerformanceName),
    #[error("sales for {performance} open on {}", opens.format("%Y-%m-%d %H:%M UTC"))]
    NotOpenYet {
        performance: PerformanceName,
        opens: DateTime<Utc>,
    },
    #[error("sales for {performance} closed on {}", closed.format("%Y-%m-%d %H:%M UTC"))]
    SalesOver {
        performance: PerformanceName,
        closed: DateTime<Utc>,
    },
    #[error("nothing to sell: add a seat or a quantity")]
    NothingToSell,
    #[error("{wanted} tickets in one order: {max} at most, split the order")]
    TooManyTickets { wanted: usize, max: usize },
    #[error("{0} offers no tariff: add one in Programmation")]
    NoTariff(PerformanceName),
    #[error("received {}: {} missing", money(*.given, *.currency), money(*.missing, *.currency))]
    CashShort {
        given: Cents,
        missing: Cents,
        currency: Currency,
    },
    #[error("{0} is a numbered hall: choose seats (or best available)")]
    NeedsSeats(PerformanceName),
    #[error("{0} is not numbered: sell a quantity, not seats")]
    NotNumbered(PerformanceName),
    #[error("{0} has timed entry: choose an entry slot")]
    NeedsSlot(PerformanceName),
    #[error("seat {0} is not in this performance's hall")]
    NoSuchSeat(i64),
    #[error(
        "no seat \"{0}\" in this hall: type it as row and number (F12) or section, row and number"
    )]
    UnknownSeat(String),
    #[error("\"{text}\" could be several seats ({}): add the section", SeatName::list(.candidates, Locale::En))]
    AmbiguousSeat {
        text: String,
        candidates: Vec<SeatName>,
    },
    #[error("entry slot {0} is not one of this performance's")]
    NoSuchSlot(i64),
    #[error("seat {} is already sold for {performance}: choose another seat", seat.label(Locale::En))]
    SeatSold {
        seat: SeatName,
        performance: PerformanceName,
    },
    #[error("seat {} is held (\"{hold}\"): release it in Programmation to sell it", seat.label(Locale::En))]
    SeatHeld { seat: SeatName, hold: String },
    #[error("seat {} is in another clerk's basket: choose another seat", .0.label(Locale::En))]
    SeatInAnotherCart(SeatName),
    #[error("seat {} is in the order twice", .0.label(Locale::En))]
    SeatTwice(SeatName),
    #[error("seat {} has no price category for this performance: paint it in Programmation", .0.label(Locale::En))]
    SeatWithoutCategory(SeatName),
    #[error("no {wanted} seats side by side are free for {performance}: pick them on the map")]
    NoBlock {
        wanted: usize,
        performance: PerformanceName,
    },
    #[error("{performance} has {left} places left, not {wanted}")]
    SoldOut {
        performance: PerformanceName,
        wanted: i64,
        left: i64,
    },
    #[error("the {} entry has {left} places left, not {wanted}", slot.format("%H:%M UTC"))]
    SlotFull {
        slot: DateTime<Utc>,
        wanted: i64,
        left: i64,
    },
    #[error("there is no tariff \"{0}\": see the tariffs in Programmation")]
    UnknownTariff(String),
    #[error("the {tariff} tariff is not offered for {performance}")]
    TariffNotOffered {
        tariff: String,
        performance: PerformanceName,
    },
    #[error("the {tariff} tariff has no price in category {category}: set it in Programmation")]
    NoPrice { tariff: String, category: String },
    #[error(
        "the {tariff} tariff is limited to {quota} for {performance}: {left} left, not {wanted}"
    )]
    OverQuota {
        tariff: String,
        quota: i64,
        left: i64,
        wanted: i64,
        performance: PerformanceName,
    },
    #[error("{count} tickets but {tariffs} tariffs: give one tariff, or one per ticket")]
    TariffCount { count: usize, tariffs: usize },
    #[error("{}", describe_payment(.error, *.currency))]
    Payment {
        error: PaymentError,
        currency: Currency,
    },
    #[error("there is no order {0}")]
    NoOrder(String),
    #[error("there is no ticket {0}")]
    NoTicket(String),
    #[error("ticket {0} is not in order {1}")]
    TicketNotInOrder(i64, i64),
    #[error("ticket {0} is already cancelled")]
    AlreadyCancelled(i64),
    #[error(
        "nothing matches \"{0}\": try an order or ticket number, a scanned code, a name, an e-mail or a phone"
    )]
    NothingFound(String),
    #[error("{0} has no price category: add one in Programmation")]
    NoCategory(PerformanceName),
    #[error("a number is too large for a ticket code")]
    TooMany,
    #[error("the venue is not set up yet")]
    NoVenue,
    #[error("no patron {0}")]
    NoPatron(i64),
    #[error(transparent)]
    Tax(#[from] TaxError),
    /// This terminal's key was changed by another program since this one
    /// started: nothing was recorded.
    #[error("{0}")]
    KeyChanged(LedgerError),
    #[error(transparent)]
    Ledger(LedgerError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn describe_payment(error: &PaymentError, currency: Currency) -> String {
    match error {
        PaymentError::NotPositive(m) => format!("a {} payment must be more than zero", m.code()),
        PaymentError::Short { paid, total } => format!(
            "the payments add up to {}, the order is {}: {} missing",
            money(*paid, currency),
            money(*total, currency),
            money(*total - *paid, currency)
        ),
        PaymentError::Over { paid, total } => format!(
            "card, cheque and voucher add up to {}, more than the {} due: only cash gives change",
            money(*paid, currency),
            money(*total, currency)
        ),
        PaymentError::ComplimentaryNotFree(total) => format!(
            "\"complimentary\" is only for an order with nothing to pay; this one is {}",
            money(*total, currency)
        ),
    }
}

impl From<LedgerError> for CounterError {
    fn from(e: LedgerError) -> CounterError {
        match e {
            LedgerError::KeyChanged { .. } => CounterError::KeyChanged(e),
            e => CounterError::Ledger(e),
        }
    }
}

/// How long a seat stays in a clerk's basket without activity.
pub const CART_MINUTES: i64 = 15;

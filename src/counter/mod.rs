//! The clerk's sales: what a performance has on sale, the basket (seats
//! held in a cart, priced with the venue's rules), the sale or exchange in
//! one transaction, customer service, and an order put on paper.
//! It may use domain, store, ledger, operators, programming and tickets.

pub mod basket;
pub mod cart;
pub mod change;
mod checks;
mod demand;
pub mod invitations;
pub mod offer;
pub mod orders;
mod passes;
pub mod printed;
pub mod refunds;
pub mod sell;
pub mod subscriptions;
pub mod vouchers;

use chrono::{DateTime, Utc};

use crate::domain::SeatName;
use crate::domain::payment::{Payment, PaymentError, Tender};
use crate::domain::tax::TaxError;
use crate::domain::{Cents, Currency, PerformanceName};
use crate::ledger::LedgerError;
use crate::store::StoreError;

pub use basket::{Basket, BasketTicket, Cash, Checkout, Credit};
pub use offer::{Offer, SeatState};

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
    /// Through whom it is sold (the counter unless said otherwise).
    pub channel: crate::domain::order::Channel,
    /// When each item's price was quoted and the unit price the customer
    /// was shown, in the items' order (a basket's tickets): the price rules
    /// are reckoned at that moment, so a price already in a basket is the
    /// one charged, and a price that differs all the same (the grid changed,
    /// the quote is older than `price_rule::QUOTE_HOLDS`) is refused rather
    /// than charged unseen. A quote missing or ahead of the clock: now.
    pub quoted: Vec<(DateTime<Utc>, Cents)>,
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
    /// Sold in training mode: on the training chain, worth nothing.
    pub training: bool,
}

/// Why a sale, a cart or a customer-service action was refused. Each names
/// the seat, performance, tariff or order concerned, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    NoPerformance(i64),
    Cancelled(PerformanceName),
    Closed(PerformanceName),
    NotOpenYet {
        performance: PerformanceName,
        opens: DateTime<Utc>,
    },
    SalesOver {
        performance: PerformanceName,
        closed: DateTime<Utc>,
    },
    NothingToSell,
    TooManyTickets {
        wanted: usize,
        max: usize,
    },
    NoTariff(PerformanceName),
    CashShort {
        given: Cents,
        missing: Cents,
        currency: Currency,
    },
    /// A ticket's price is no longer the one its basket shows.
    PriceChanged {
        performance: PerformanceName,
        tariff: String,
        category: String,
        shown: Cents,
        now: Cents,
    },
    NeedsSeats(PerformanceName),
    NotNumbered(PerformanceName),
    NeedsSlot(PerformanceName),
    NoSuchSeat(i64),
    UnknownSeat(String),
    AmbiguousSeat {
        text: String,
        candidates: Vec<SeatName>,
    },
    NoSuchSlot(i64),
    SeatSold {
        seat: SeatName,
        performance: PerformanceName,
    },
    SeatHeld {
        seat: SeatName,
        hold: String,
    },
    SeatInAnotherCart(SeatName),
    /// The seat is not lent to this terminal by the central database.
    SeatNotLent(SeatName),
    /// General admission: this terminal holds fewer places than wanted.
    NotEnoughLent {
        performance: PerformanceName,
        wanted: i64,
        left: i64,
    },
    SeatTwice(SeatName),
    SeatWithoutCategory(SeatName),
    NoBlock {
        wanted: usize,
        performance: PerformanceName,
    },
    SoldOut {
        performance: PerformanceName,
        wanted: i64,
        left: i64,
    },
    SlotFull {
        slot: DateTime<Utc>,
        wanted: i64,
        left: i64,
    },
    UnknownTariff(String),
    TariffNotOffered {
        tariff: String,
        performance: PerformanceName,
    },
    NoPrice {
        tariff: String,
        category: String,
    },
    OverQuota {
        tariff: String,
        quota: i64,
        left: i64,
        wanted: i64,
        performance: PerformanceName,
    },
    TariffCount {
        count: usize,
        tariffs: usize,
    },
    Payment {
        error: PaymentError,
        currency: Currency,
    },
    NoOrder(String),
    NoTicket(String),
    TicketNotInOrder(i64, i64),
    AlreadyCancelled(i64),
    /// A refund beyond a clerk's right: a coordinator's to make or approve.
    NeedsCoordinator(refunds::RefundRight),
    NothingFound(String),
    NoCategory(PerformanceName),
    TooMany,
    NoVenue,
    NoPatron(i64),
    /// The day (its local date) was closed on this terminal: no sale or
    /// refund can be dated in it.
    DayClosed(chrono::NaiveDate),
    /// The drawer has no session open: open it with its float first.
    NoDrawer,
    /// In training mode: a refund or an exchange moves real money.
    InTraining,
    /// The drawer open is an earlier day's (its local date): count it, then
    /// open today's.
    DrawerOfEarlierDay(chrono::NaiveDate),
    /// A gift voucher or credit note refused: its code, balance, last day.
    Voucher(vouchers::VoucherError),
    Subscription(subscriptions::SubscriptionError),
    Tax(#[from] TaxError),
    /// This terminal's key was changed by another program since this one
    /// started: nothing was recorded.
    KeyChanged(LedgerError),
    Ledger(LedgerError),
    Store(#[from] StoreError),
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

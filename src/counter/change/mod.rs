//! A performance cancelled or moved with its holders (issue 14, point 5):
//! the coordinator first sees who holds tickets for it (`holders`), then
//! in one transaction the performance is cancelled and every holder
//! refunded (`cancel`: by the ways they paid, or as a credit note), or
//! moved to another date with new tickets (`moving`: same seats when free,
//! same tariff and price, no money changing hands). Each holder with an
//! e-mail address gets a notice in the outbox, once; the others are on a
//! call list printed beside the database (`notices`). Anything refused
//! writes nothing.

mod cancel;
mod moving;
mod notices;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

pub use cancel::cancel_performance;
pub use moving::move_performance;

use super::CounterError;
use crate::domain::mail::check_address;
use crate::domain::operator::Act;
use crate::domain::payment::Method;
use crate::domain::refund::still_paid;
use crate::domain::season::PerformanceStatus;
use crate::domain::{Cents, Currency, PerformanceName, SeatName};
use crate::operators::Operator;
use crate::programming::ProgrammingError;
use crate::store::sales::TicketRow;
use crate::store::{self, Store, StoreError, Tx};

/// Someone to tell: a patron of the file (None: an anonymous sale).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub patron_id: i64,
    /// "Ana Lopes" (empty once the patron was erased).
    pub name: String,
    /// A usable address, or None.
    pub email: Option<String>,
    pub phone: String,
    /// "fr" or "en": the language they read.
    pub language: String,
}

/// A live ticket of the performance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldTicket {
    pub id: i64,
    pub number: i64,
    pub seat_id: Option<i64>,
    pub slot_id: Option<i64>,
    pub seat: Option<SeatName>,
    pub tariff_id: i64,
    /// The tariff's name ("Plein tarif").
    pub tariff: String,
    pub category_id: i64,
    /// The price category's code ("C1"): what a move keeps.
    pub category: String,
    /// What it was charged, taxes included.
    pub price: Cents,
    /// The unit price of its line (before GST/QST in Quebec): what a move
    /// sells its replacement at.
    pub unit: Cents,
    /// Timed entry: its slot's start.
    pub slot: Option<DateTime<Utc>>,
}

/// One order's live tickets for the performance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub order_id: i64,
    pub order_number: i64,
    pub order_public_id: String,
    pub contact: Option<Contact>,
    pub tickets: Vec<HeldTicket>,
    /// What each way of paying still holds for the whole order (what it
    /// brought in less what went back by it).
    pub paid: Vec<(Method, Cents)>,
}

impl Holder {
    pub fn total(&self) -> Cents {
        self.tickets.iter().map(|t| t.price).sum()
    }

    /// The address a notice goes to, if any.
    pub fn email(&self) -> Option<&str> {
        self.contact.as_ref().and_then(|c| c.email.as_deref())
    }
}

/// Who holds tickets for a performance, as the coordinator sees them
/// before cancelling or moving it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holders {
    pub performance_id: i64,
    pub performance: PerformanceName,
    pub status: PerformanceStatus,
    pub currency: Currency,
    pub orders: Vec<Holder>,
}

impl Holders {
    pub fn tickets(&self) -> usize {
        self.orders.iter().map(|o| o.tickets.len()).sum()
    }

    pub fn total(&self) -> Cents {
        self.orders.iter().map(Holder::total).sum()
    }

    /// Holders a notice can reach by e-mail.
    pub fn with_email(&self) -> usize {
        self.orders.iter().filter(|o| o.email().is_some()).count()
    }
}

/// What was done for one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderDone {
    pub order_number: i64,
    pub contact: Option<Contact>,
    /// The tickets cancelled, by number.
    pub tickets: Vec<i64>,
    /// A move: the new order and the tickets replacing `tickets`, one for one.
    pub new_order: Option<i64>,
    pub replaced_by: Vec<i64>,
    /// A move: how many kept their seat.
    pub seats_kept: usize,
    /// What went back, by way (positive amounts; a move's credit moved to
    /// the new tickets is not here).
    pub refunds: Vec<(Method, Cents)>,
    /// The credit note issued when money went back as a voucher: its code
    /// is said to the holder (the notice, the call list, the window).
    pub credit: Option<crate::counter::vouchers::Issued>,
    /// A notice was queued now for this order.
    pub notice: bool,
}

/// What cancelling or moving a performance did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    pub performance: PerformanceName,
    /// A move: the new performance, its name, and whether it was made now
    /// (rather than an existing performance at that time).
    pub moved_to: Option<(i64, PerformanceName, bool)>,
    pub currency: Currency,
    pub orders: Vec<OrderDone>,
    /// Refunds by way, all orders together (positive).
    pub refunded: Vec<(Method, Cents)>,
    /// Notices queued now (one per holder with an address).
    pub notices: usize,
    /// Holders without an address: on the call list.
    pub to_call: usize,
    /// The call list, when someone is on it.
    pub call_list: Option<PathBuf>,
    /// A move: the new tickets of those no e-mail reaches, as PDFs kept
    /// beside the database (A4), to post or hand over.
    pub tickets_kept: Vec<PathBuf>,
}

/// Why a performance could not be cancelled or moved. Worded (French,
/// Quebec, English) in `ui::i18n::change`, which also makes its English
/// `Display` for the command line.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// Only a coordinator or an administrator may.
    NotAllowed,
    NoPerformance(i64),
    /// Cancelled already, and nobody holds a ticket any more.
    NothingToDo(PerformanceName),
    /// A move to the time it already has.
    SameDate(PerformanceName),
    /// A move to a time already past.
    InThePast {
        at: DateTime<Utc>,
        zone: chrono_tz::Tz,
    },
    /// The new date has no category of that code for the tickets of it.
    NoCategory {
        code: String,
        to: PerformanceName,
    },
    /// Not enough free seats of a category on the new date.
    NotEnoughSeats {
        category: String,
        wanted: usize,
        free: usize,
        to: PerformanceName,
    },
    /// Not enough places left on the new date (general admission).
    NotEnoughPlaces {
        wanted: i64,
        left: i64,
        to: PerformanceName,
    },
    /// The new date has no entry slot at the moved time of a ticket's slot.
    NoSlot {
        at: DateTime<Utc>,
        zone: chrono_tz::Tz,
    },
    /// An entry slot of the new date is too small for the tickets moved to it.
    SlotFull {
        at: DateTime<Utc>,
        zone: chrono_tz::Tz,
        wanted: i64,
        left: i64,
    },
    /// The order's tickets would cost more on the new date than was paid
    /// for them (taxes rounded over another basket): no money may change
    /// hands in a move, so the move is refused.
    CostsMore {
        order: i64,
        paid: Cents,
        due: Cents,
        currency: Currency,
    },
    Counter(#[from] CounterError),
    Programming(ProgrammingError),
    CallList(#[from] crate::tickets::print::PrintError),
    /// The new tickets of a holder without an e-mail could not be kept.
    Tickets(#[from] super::printed::PrintingError),
    Pdf(#[from] crate::tickets::pdf::PdfError),
    Store(#[from] StoreError),
}

impl From<ProgrammingError> for ChangeError {
    fn from(e: ProgrammingError) -> ChangeError {
        match e {
            ProgrammingError::Store(e) => ChangeError::Store(e),
            e => ChangeError::Programming(e),
        }
    }
}

/// The right, checked once for the window and the command line.
fn may(by: &Operator) -> Result<(), ChangeError> {
    if by.role.may(Act::CancelOrMove) {
        Ok(())
    } else {
        Err(ChangeError::NotAllowed)
    }
}

/// Who holds live tickets for a performance: each order with its tickets,
/// its patron (or none), and how it was paid. Training tickets take no
/// place and are left out.
pub fn holders(store: &Store, performance_id: i64) -> Result<Holders, ChangeError> {
    store.read(|tx| holders_in(tx, performance_id))
}

pub(crate) fn holders_in(tx: &Tx, performance_id: i64) -> Result<Holders, ChangeError> {
    let p = store::performances::by_id(tx, performance_id)?
        .ok_or(ChangeError::NoPerformance(performance_id))?;
    let performance = super::cart::performance_name_of(tx, &p)?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let categories = store::performances::categories(tx, performance_id)?;
    let tariffs = store::tariffs::all(tx)?;
    let mut order_ids: Vec<i64> = Vec::new();
    for t in store::door::tickets_of_performance(tx, performance_id)? {
        if !order_ids.contains(&t.order_id) {
            order_ids.push(t.order_id);
        }
    }
    let mut orders = Vec::with_capacity(order_ids.len());
    for order_id in order_ids {
        let o = store::sales::order_by_id(tx, order_id)?
            .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
        let mut tickets = Vec::new();
        for t in store::sales::tickets_of_order(tx, order_id)? {
            if t.valid && t.performance_id == performance_id {
                let category = categories.iter().find(|c| c.id == t.category_id);
                let tariff = tariffs.iter().find(|x| x.id == t.tariff_id);
                tickets.push(held(tx, &t, category, tariff)?);
            }
        }
        let payments: Vec<(Method, Cents)> = store::sales::payments_of_order(tx, order_id)?
            .into_iter()
            .filter_map(|(m, amount, _)| Some((Method::from_code(&m)?, Cents(amount))))
            .collect();
        orders.push(Holder {
            order_id,
            order_number: o.number,
            order_public_id: o.public_id,
            contact: contact(tx, o.patron_id)?,
            tickets,
            paid: still_paid(&payments),
        });
    }
    Ok(Holders {
        performance_id,
        performance,
        status: p.status,
        currency: venue.settings.currency,
        orders,
    })
}

fn held(
    tx: &Tx,
    t: &TicketRow,
    category: Option<&crate::domain::Category>,
    tariff: Option<&crate::domain::Tariff>,
) -> Result<HeldTicket, ChangeError> {
    Ok(HeldTicket {
        id: t.id,
        number: t.number,
        seat_id: t.seat_id,
        slot_id: t.slot_id,
        seat: super::orders::seat_of(tx, t)?,
        tariff_id: t.tariff_id,
        tariff: tariff.map(|x| x.name.clone()).unwrap_or_default(),
        category_id: t.category_id,
        category: category.map(|c| c.code.clone()).unwrap_or_default(),
        price: Cents(t.price),
        unit: Cents(store::sales::line_amounts(tx, t.order_line_id)?.4),
        slot: match t.slot_id {
            Some(id) => store::sales::slot_start(tx, id)?.map(store::instant),
            None => None,
        },
    })
}

/// The patron of an order as a notice reaches them.
fn contact(tx: &Tx, patron_id: Option<i64>) -> Result<Option<Contact>, ChangeError> {
    let Some(row) = patron_id
        .map(|id| store::patrons::row(tx, id))
        .transpose()?
    else {
        return Ok(None);
    };
    let Some(row) = row else { return Ok(None) };
    let d = &row.details;
    let erased = row.anonymised_at.is_some();
    let name = format!("{} {}", d.first_name.trim(), d.last_name.trim());
    Ok(Some(Contact {
        patron_id: row.id,
        name: name.trim().to_owned(),
        email: check_address(&d.email)
            .ok()
            .filter(|_| !erased)
            .map(str::to_owned),
        phone: if erased {
            String::new()
        } else {
            d.phone.clone()
        },
        language: d.language.clone(),
    }))
}

/// Adds `amount` of `method` to a list of totals by way.
fn add_to(totals: &mut Vec<(Method, Cents)>, method: Method, amount: Cents) {
    match totals.iter_mut().find(|(m, _)| *m == method) {
        Some((_, a)) => *a += amount,
        None => totals.push((method, amount)),
    }
    totals.sort_by_key(|(m, _)| Method::ALL.iter().position(|x| x == m));
}

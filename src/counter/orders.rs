//! Customer service: find an order, reprint a ticket as a numbered
//! duplicata, exchange tickets for others. Cancelling with a refund is in
//! `refunds.rs`: new ledger records with negative amounts, never edits of
//! the sale.

use chrono::{DateTime, Utc};

use super::CounterError;
use super::cart::performance_name;
use super::refunds::{Refunded, cancellation, check_refund, record_cancellation};
use crate::domain::PerformanceName;
use crate::domain::SeatName;
use crate::domain::journal::Chain;
use crate::domain::payment::{Method, Payment};
use crate::domain::records::{self, Record};
use crate::domain::{Cents, Currency, Locale};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::sales::TicketRow;
use crate::store::{self, Store, Tx};
use crate::tickets::code;

/// A ticket as customer service lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketLine {
    pub id: i64,
    pub number: i64,
    pub performance_id: i64,
    pub performance: PerformanceName,
    pub seat: Option<SeatName>,
    pub tariff: String,
    pub price: Cents,
    pub valid: bool,
    /// Copies printed: 1 for the original, k + 1 after duplicata n° k.
    pub prints: i64,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderView {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub created_at: DateTime<Utc>,
    pub total: Cents,
    pub currency: Currency,
    pub patron: Option<String>,
    pub operator: String,
    pub tickets: Vec<TicketLine>,
    /// Payments and refunds (negative), in order.
    pub payments: Vec<Payment>,
    /// Sold in training mode: worth nothing.
    pub training: bool,
    /// It holds a subscription's tickets: the subscription's public id (its
    /// tickets are exchanged within the formula, refunded with it whole).
    pub subscription: Option<String>,
}

impl OrderView {
    /// What the customer has paid, refunds deducted.
    pub fn net_paid(&self) -> Cents {
        self.payments.iter().map(|p| p.amount).sum()
    }
}

/// Finds orders by order number, ticket number, scanned code, or a patron's
/// name, e-mail or phone; newest first.
pub fn find(store: &Store, terminal_id: i64, text: &str) -> Result<Vec<OrderView>, CounterError> {
    store.read(|tx| {
        let text = text.trim();
        let mut ids: Vec<i64> = Vec::new();
        if let Ok(scanned) = code::read(text)
            && let Some(t) = store::sales::ticket_by_code(
                tx,
                &scanned.claims.key_id_hex(),
                scanned.claims.training,
                i64::from(scanned.claims.number),
                &code::normal(text),
            )?
        {
            ids.push(t.order_id);
        }
        // An imported order by its number at the seller, or one of its
        // tickets by the seller's code.
        ids.extend(store::imports::orders_of_external(tx, text)?);
        if let Some((_, order)) =
            store::imports::ticket_of_external(tx, &code::seller_code_hash(text))?
            && !ids.contains(&order)
        {
            ids.push(order);
        }
        let number = text.trim_start_matches(['#', '№']).trim();
        if let Ok(n) = number.parse::<i64>() {
            if let Some(o) = store::sales::order_by_number(tx, terminal_id, n)? {
                ids.push(o.id);
            }
            if let Some(t) = store::sales::ticket_by_number(tx, terminal_id, n)?
                && !ids.contains(&t.order_id)
            {
                ids.push(t.order_id);
            }
        }
        if ids.is_empty() && text.chars().count() >= 2 {
            for o in store::sales::orders_of_patrons_matching(tx, text, 50)? {
                ids.push(o.id);
            }
        }
        if ids.is_empty() {
            return Err(CounterError::NothingFound(text.to_owned()));
        }
        ids.iter().map(|id| view_in(tx, *id)).collect()
    })
}

/// The order of this terminal with that number.
pub fn by_number(store: &Store, terminal_id: i64, number: i64) -> Result<OrderView, CounterError> {
    store.read(|tx| {
        let o = store::sales::order_by_number(tx, terminal_id, number)?
            .ok_or_else(|| CounterError::NoOrder(number.to_string()))?;
        view_in(tx, o.id)
    })
}

pub fn view(store: &Store, order_id: i64) -> Result<OrderView, CounterError> {
    store.read(|tx| view_in(tx, order_id))
}

pub(crate) fn view_in(tx: &Tx, order_id: i64) -> Result<OrderView, CounterError> {
    let o = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let tariffs = store::tariffs::all(tx)?;
    let mut tickets = Vec::new();
    for t in store::sales::tickets_of_order(tx, order_id)? {
        tickets.push(TicketLine {
            id: t.id,
            number: t.number,
            performance_id: t.performance_id,
            performance: performance_name(tx, t.performance_id)?,
            seat: seat_of(tx, &t)?,
            tariff: tariffs
                .iter()
                .find(|x| x.id == t.tariff_id)
                .map(|x| x.code.clone())
                .unwrap_or_default(),
            price: Cents(t.price),
            valid: t.valid,
            prints: t.prints,
            code: t.code,
        });
    }
    let payments = store::sales::payments_of_order(tx, order_id)?
        .into_iter()
        .filter_map(|(method, amount, tendered)| {
            Some(Payment {
                voucher: None,
                method: Method::from_code(&method)?,
                amount: Cents(amount),
                tendered: tendered.map(Cents),
            })
        })
        .collect();
    Ok(OrderView {
        id: o.id,
        public_id: o.public_id.clone(),
        number: o.number,
        created_at: store::instant(o.created_at),
        total: Cents(o.total),
        currency: venue.settings.currency,
        patron: match o.patron_id {
            Some(id) => store::sales::patron_name(tx, id)?,
            None => None,
        },
        operator: store::sales::operator_name(tx, o.operator_id)?,
        tickets,
        payments,
        training: o.training,
        subscription: match store::subscriptions::of_order_ids(tx, o.id)?.first() {
            Some(id) => Some(store::subscriptions::public_id_of(tx, *id)?),
            None => None,
        },
    })
}

pub(crate) fn seat_of(tx: &Tx, t: &TicketRow) -> Result<Option<SeatName>, CounterError> {
    Ok(match t.seat_id {
        Some(seat) => store::sales::seat_name(tx, t.performance_id, seat)?,
        None => None,
    })
}

/// A ticket printed again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reprinted {
    pub ticket_id: i64,
    pub number: i64,
    /// The duplicata's number: 1 for the first reprint.
    pub duplicate: i64,
    pub order_id: i64,
    pub ledger_seq: i64,
}

/// Records a reprint of ticket `number`: a numbered duplicata with the same
/// code, so only one of the copies can enter.
pub fn reprint(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    number: i64,
    now: DateTime<Utc>,
) -> Result<Reprinted, CounterError> {
    ledger::write(store, signer, |tx| {
        let t = store::sales::ticket_by_number(tx, signer.terminal_id, number)?
            .ok_or_else(|| CounterError::NoTicket(number.to_string()))?;
        if !t.valid {
            return Err(CounterError::AlreadyCancelled(number));
        }
        let prints = store::sales::count_print(tx, t.id)?;
        let record = Record::Reprint(records::Reprint {
            ticket: t.number,
            id: t.public_id.clone(),
            duplicate: prints - 1,
            performance: performance_name(tx, t.performance_id)?.label(Locale::FrFr),
        });
        let appended = ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(Reprinted {
            ticket_id: t.id,
            number: t.number,
            duplicate: prints - 1,
            order_id: t.order_id,
            ledger_seq: appended.seq,
        })
    })
}

/// What an exchange did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchanged {
    pub cancelled: Refunded,
    pub sold: super::Sold,
    /// Given back to the customer when the new tickets cost less.
    pub refunded: Cents,
}

/// Exchanges tickets of an order for new ones (another performance, seat or
/// tariff) in one transaction. The tickets given back become a credit
/// (recorded as a voucher) spent on the new order; what the new order costs
/// more is paid with the request's tenders, what it costs less goes back
/// by `refund`. Both ledger records carry the exchange's id.
#[allow(clippy::too_many_arguments)]
pub fn exchange(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    order_id: i64,
    numbers: &[i64],
    new: &super::SaleRequest,
    refund: Method,
    now: DateTime<Utc>,
) -> Result<Exchanged, CounterError> {
    ledger::write(store, signer, |tx| {
        let c = cancellation(tx, order_id, numbers)?;
        if store::subscriptions::of_order(tx, order_id)? {
            let number = c.order.number;
            return Err(super::subscriptions::SubscriptionError::Partial(number).into());
        }
        // The old tickets free their seats first: the new ones may take them
        // (a change of tariff keeps the seat).
        for ticket in &c.chosen {
            store::sales::cancel_ticket(tx, ticket.id, store::unix(now))?;
        }
        let prepared = super::checks::prepare(tx, new, now)?;
        let credit = -c.total;
        let due = prepared.priced.total;
        let spent = credit.min(due);
        let back = credit - spent;
        // Money goes back by `refund` only when the new tickets cost less.
        // A refusal here rolls back the seats freed above: nothing written.
        let admitted = check_refund(
            tx,
            signer,
            by,
            &c,
            (back > Cents::ZERO).then_some(refund),
            now,
        )?;
        if back > Cents::ZERO && refund == Method::Complimentary {
            return Err(CounterError::Payment {
                error: crate::domain::payment::PaymentError::ComplimentaryNotFree(back),
                currency: c.venue.settings.currency,
            });
        }
        // The credit the new tickets take moves to their sale; what is
        // left goes back by `refund` (a voucher: a credit note).
        let refunds: Vec<Payment> = (back > Cents::ZERO)
            .then_some(Payment {
                method: refund,
                amount: -back,
                tendered: None,
                voucher: None,
            })
            .into_iter()
            .collect();
        let mut tenders = new.tenders.clone();
        if spent > Cents::ZERO {
            tenders.insert(
                0,
                crate::domain::payment::Tender {
                    voucher: None,
                    method: Method::Voucher,
                    amount: spent,
                },
            );
        }
        let currency = c.venue.settings.currency;
        let settlement = crate::domain::payment::settle(due, &tenders)
            .map_err(|error| CounterError::Payment { error, currency })?;
        let link = records::Link {
            id: store::public_id(now),
        };
        let cancelled = Refunded {
            admitted,
            ..record_cancellation(
                tx,
                signer,
                by,
                &c,
                &refunds,
                spent,
                (Some(link.clone()), None),
                now,
            )?
        };
        let sold = super::sell::record(
            tx,
            signer,
            by,
            new,
            &prepared,
            &settlement,
            Some((link, spent)),
            now,
        )?;
        Ok(Exchanged {
            cancelled,
            sold,
            refunded: back,
        })
    })
}

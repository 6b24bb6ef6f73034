//! Subscriptions at the counter: a formula sold with its performances
//! chosen in one order. The formula's rules are checked against the
//! performances first; the places are taken (a numbered hall's same seats
//! at each performance when asked and free, else the best); each ticket
//! carries the formula's tariff, and its performance's share of the price,
//! shared by the single-ticket prices to the cent, is the ticket's price,
//! so statements, show tax and SIBIL count what each performance earned.
//! One transaction: the sale, its signed record naming the subscription,
//! and the subscription's row. A pass's own parts (its performances, its
//! cards) are in `passes`.

use chrono::{DateTime, Utc};

use super::checks;
use super::offer::load_in;
use super::{CounterError, Item, Place, SaleRequest, Sold, sell};
use crate::domain::Cents;
use crate::domain::payment::{self, Tender};
use crate::domain::records::SubscriptionLine;
use crate::domain::season::HallKind;
use crate::domain::subscription::{self, Formula, Rule, RuleError};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx, subscriptions as sql};

pub use crate::store::subscriptions::SubscriptionRow;

pub use crate::domain::subscription::{MAX_PLACES, SubscriptionError};

pub use super::passes::{PassCards, pass_cards, taken_at_once};
use super::passes::{covered_in, pass_in};

/// A subscription to sell.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionSale {
    /// The formula, by its number or public id.
    pub formula: String,
    pub performances: Vec<i64>,
    /// Places at each performance (one subscription each).
    pub places: usize,
    /// A numbered hall's same seats at every performance, where free.
    pub together: bool,
    pub patron_id: Option<i64>,
    pub tenders: Vec<Tender>,
}

/// A subscription sold.
#[derive(Clone, Debug)]
pub struct SubscriptionSold {
    pub public_id: String,
    pub formula: String,
    /// The price of one subscription.
    pub price: Cents,
    /// Each performance's share of it.
    pub shares: Vec<(i64, Cents)>,
    /// Performances where the same seats as before were not free (others
    /// were taken, the best).
    pub apart: Vec<i64>,
    pub sold: Sold,
    /// A pass's cards (one per place), its holders' codes at the door.
    pub pass: Option<PassCards>,
}

impl From<SubscriptionError> for CounterError {
    fn from(e: SubscriptionError) -> CounterError {
        CounterError::Subscription(e)
    }
}

/// The formulas on offer.
pub fn formulas(store: &Store) -> Result<Vec<Formula>, CounterError> {
    Ok(store.read(sql::formulas)?)
}

/// Subscriptions sold, newest first: all, or a patron's.
pub fn list(store: &Store, patron: Option<i64>) -> Result<Vec<SubscriptionRow>, CounterError> {
    Ok(store.read(|tx| sql::list(tx, patron))?)
}

/// Sells a subscription, or refuses with the first reason and writes
/// nothing.
pub fn sell(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    sale: &SubscriptionSale,
    now: DateTime<Utc>,
) -> Result<SubscriptionSold, CounterError> {
    bounded(sale)?;
    ledger::write(store, signer, |tx| sell_in(tx, signer, by, sale, now))
}

/// A subscription checked and priced, not yet written.
struct Priced {
    formula: Formula,
    request: SaleRequest,
    prepared: checks::Prepared,
    /// One subscription's price.
    price: Cents,
    shares: Vec<Cents>,
    apart: Vec<i64>,
}

/// What a subscription will cost, checked as the sale will check it
/// (nothing written): each performance's share, the seats, the total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub formula: String,
    /// One subscription's price.
    pub price: Cents,
    /// Each performance, its share of the price, its seats.
    pub shares: Vec<(i64, Cents, Vec<crate::domain::SeatName>)>,
    /// What the customer pays, taxes included.
    pub total: Cents,
    /// Performances where the same seats were not free.
    pub apart: Vec<i64>,
}

/// Quotes a subscription (the window's preview before payment).
pub fn quote(
    store: &Store,
    sale: &SubscriptionSale,
    now: DateTime<Utc>,
) -> Result<Quote, CounterError> {
    bounded(sale)?;
    store.read(|tx| {
        let p = priced(tx, sale, now)?;
        let shares = sale
            .performances
            .iter()
            .zip(&p.shares)
            .map(|(perf, share)| {
                let seats = p
                    .prepared
                    .checked
                    .iter()
                    .filter(|c| c.item.performance_id == *perf)
                    .filter_map(|c| c.seat.clone())
                    .collect();
                (*perf, *share, seats)
            })
            .collect();
        Ok(Quote {
            formula: p.formula.name,
            price: p.price,
            shares,
            total: p.prepared.priced.total,
            apart: p.apart,
        })
    })
}

/// Refuses what no sale takes before anything is read.
fn bounded(sale: &SubscriptionSale) -> Result<(), CounterError> {
    if !(1..=MAX_PLACES).contains(&sale.places) {
        return Err(SubscriptionError::Places(sale.places).into());
    }
    if sale.performances.len() > subscription::MAX_PERFORMANCES {
        let got = sale.performances.len();
        let max = subscription::MAX_PERFORMANCES;
        return Err(SubscriptionError::Rule(RuleError::TooMany { max, got }).into());
    }
    Ok(())
}

/// The formula's rules checked, the places taken and checked, the price
/// shared and written into the sale's units.
fn priced(tx: &Tx, sale: &SubscriptionSale, now: DateTime<Utc>) -> Result<Priced, CounterError> {
    let formula = sql::formula(tx, &sale.formula)?
        .ok_or_else(|| SubscriptionError::UnknownFormula(sale.formula.trim().to_owned()))?;
    let chosen = sql::chosen(tx, &sale.performances)?;
    if let Some(missing) = sale
        .performances
        .iter()
        .find(|p| !chosen.iter().any(|c| c.performance == **p))
    {
        return Err(SubscriptionError::NoPerformance(*missing).into());
    }
    formula
        .rule
        .check(&chosen)
        .map_err(SubscriptionError::Rule)?;
    // A pass takes every performance its period still holds.
    if let Rule::Pass { .. } = formula.rule {
        let covered = covered_in(tx, &formula, now)?;
        Rule::Fixed(covered)
            .check(&chosen)
            .map_err(SubscriptionError::Rule)?;
    }
    let (items, apart) = items(tx, sale, formula.tariff_id, now)?;
    let request = SaleRequest {
        items,
        tenders: sale.tenders.clone(),
        patron_id: sale.patron_id,
        ..SaleRequest::default()
    };
    let mut prepared = checks::prepare(tx, &request, now)?;
    let category = prepared
        .checked
        .first()
        .map(|c| prepared.selling[&c.item.performance_id].category_code(c.category_id))
        .unwrap_or_default()
        .to_owned();
    // A formula priced by category takes all its places in one.
    if formula.prices.iter().any(|(_, c, _)| !c.is_empty())
        && let Some(other) = prepared.checked.iter().find_map(|c| {
            let code = prepared.selling[&c.item.performance_id].category_code(c.category_id);
            (!code.eq_ignore_ascii_case(&category)).then(|| code.to_owned())
        })
    {
        return Err(SubscriptionError::MixedCategories(category, other).into());
    }
    let price = formula
        .price(formula.tariff_id, &category)
        .ok_or(SubscriptionError::NoPrice)?;
    // Each performance's weight: the single-ticket price of its first place.
    let weights: Vec<Cents> = sale
        .performances
        .iter()
        .map(|p| {
            let first = request.items.iter().position(|i| i.performance_id == *p);
            prepared.single_price(first.unwrap_or(0))
        })
        .collect();
    let shares = subscription::allocate(price, &weights).ok_or(CounterError::NothingToSell)?;
    let units: Vec<Cents> = request
        .items
        .iter()
        .map(|i| {
            let at = sale
                .performances
                .iter()
                .position(|p| *p == i.performance_id);
            at.and_then(|k| shares.get(k).copied())
                .unwrap_or(Cents::ZERO)
        })
        .collect();
    prepared.sold_at(&units)?;
    Ok(Priced {
        formula,
        request,
        prepared,
        price,
        shares,
        apart,
    })
}

fn sell_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    sale: &SubscriptionSale,
    now: DateTime<Utc>,
) -> Result<SubscriptionSold, CounterError> {
    let Priced {
        formula,
        request,
        mut prepared,
        price,
        shares,
        apart,
    } = priced(tx, sale, now)?;
    let public_id = store::public_id(now);
    let whole = price * sale.places as i64;
    prepared.subscription = Some(SubscriptionLine {
        id: public_id.clone(),
        formula: formula.public_id.clone(),
        price: whole.0,
    });
    let currency = prepared.venue.settings.currency;
    let settlement = payment::settle(prepared.priced.total, &request.tenders)
        .map_err(|error| CounterError::Payment { error, currency })?;
    let sold = sell::record(tx, signer, by, &request, &prepared, &settlement, None, now)?;
    let id = sql::insert(
        tx,
        &sql::NewSubscription {
            public_id: &public_id,
            formula_id: formula.id,
            order_id: sold.order_id,
            patron_id: sale.patron_id,
            price: whole,
            training: sold.training,
            created_at: store::unix(now),
        },
    )?;
    sql::add_order(tx, id, sold.order_id)?;
    let pass = pass_in(tx, signer, id)?;
    Ok(SubscriptionSold {
        pass,
        public_id,
        formula: formula.name,
        price,
        shares: sale.performances.iter().copied().zip(shares).collect(),
        apart,
        sold,
    })
}

/// The places of the sale at each performance, with the formula's tariff:
/// general admission, the first open entry slot, or seats — the same seats
/// as at an earlier performance in the same hall when `together` and they
/// are free, else the best side by side (those performances listed).
fn items(
    tx: &Tx,
    sale: &SubscriptionSale,
    tariff_id: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<Item>, Vec<i64>), CounterError> {
    let mut items = Vec::new();
    let mut apart = Vec::new();
    let mut seats_by_hall: Vec<(i64, Vec<i64>)> = Vec::new();
    for p in &sale.performances {
        let offer = load_in(tx, *p, None, now)?;
        let hall = offer.hall.id;
        let before = seats_by_hall
            .iter()
            .find(|(h, _)| *h == hall)
            .map(|(_, s)| s.as_slice())
            .filter(|_| sale.together);
        let (places, kept) = places(&offer, sale.places, before, now)?;
        if before.is_some() && !kept {
            apart.push(*p);
        }
        if offer.hall.kind == HallKind::Numbered && !seats_by_hall.iter().any(|(h, _)| *h == hall) {
            let seats = places.iter().filter_map(|p| match p {
                Place::Seat(id) => Some(*id),
                _ => None,
            });
            seats_by_hall.push((hall, seats.collect()));
        }
        items.extend(places.into_iter().map(|place| Item {
            performance_id: *p,
            place,
            tariff_id,
        }));
    }
    Ok((items, apart))
}

/// A performance of a subscription exchanged for another.
#[derive(Clone, Debug)]
pub struct Swapped {
    /// The new order holding the new tickets.
    pub order_id: i64,
    pub order_number: i64,
    /// A credit note issued for what the new tickets cost less, its code.
    pub credit: Option<super::vouchers::Issued>,
    /// The tickets given back and their replacements, by number.
    pub given_back: Vec<i64>,
    pub new_tickets: Vec<i64>,
    /// Whether the same seats were free at the new performance.
    pub same_seats: bool,
}

/// Exchanges a subscription's performance for another within its formula
/// (the rules checked on the new set): the tickets given back, new ones at
/// the new performance at the same prices (each performance's share
/// stays), the same seats when free there; no money moves. One
/// transaction: the sale of the new tickets paid by the old ones' credit,
/// the cancellation naming the exchange, both records naming it.
/// Refunds a subscription whole: every live ticket of every order it
/// spans (after an exchange, more than one), by `method`, in one
/// transaction. A coordinator's right for tickets already scanned, as any
/// refund.
pub fn refund(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    subscription: &str,
    method: crate::domain::payment::Method,
    now: DateTime<Utc>,
) -> Result<Vec<super::refunds::Refunded>, CounterError> {
    ledger::write(store, signer, |tx| {
        let held = sql::by_public_id(tx, subscription)?.ok_or_else(|| {
            SubscriptionError::UnknownSubscription(subscription.trim().to_owned())
        })?;
        let mut done = Vec::new();
        for order in held.orders {
            let live = store::sales::tickets_of_order(tx, order)?
                .iter()
                .any(|t| t.valid);
            if live {
                let whole = (order, &[][..]);
                done.push(super::refunds::cancel_as(
                    tx,
                    (signer, by),
                    whole,
                    method,
                    true,
                    now,
                )?);
            }
        }
        if done.is_empty() {
            return Err(SubscriptionError::Refunded.into());
        }
        Ok(done)
    })
}

pub fn exchange(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    subscription: &str,
    (from, to): (i64, i64),
    now: DateTime<Utc>,
) -> Result<Swapped, CounterError> {
    ledger::write(store, signer, |tx| {
        exchange_in(tx, signer, by, subscription, (from, to), now)
    })
}

fn exchange_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    key: &str,
    (from, to): (i64, i64),
    now: DateTime<Utc>,
) -> Result<Swapped, CounterError> {
    let held = sql::by_public_id(tx, key)?
        .ok_or_else(|| SubscriptionError::UnknownSubscription(key.trim().to_owned()))?;
    // Tickets are given back on the real chain: not in training mode, not
    // a training subscription.
    if held.training || ledger::training_on(tx, signer.terminal_id)? {
        return Err(CounterError::InTraining);
    }
    let (id, formula_id, orders) = (held.id, held.formula_id, held.orders);
    let formula = sql::formula(tx, &formula_id.to_string())?
        .ok_or_else(|| SubscriptionError::UnknownFormula(formula_id.to_string()))?;
    // A pass holds every performance of its days already: nothing to
    // exchange within it, and nothing outside it to exchange for.
    if let Rule::Pass { .. } = formula.rule {
        return Err(SubscriptionError::PassExchange.into());
    }
    let mut live = Vec::new();
    for o in &orders {
        live.extend(
            store::sales::tickets_of_order(tx, *o)?
                .into_iter()
                .filter(|t| t.valid),
        );
    }
    let given: Vec<_> = live.iter().filter(|t| t.performance_id == from).collect();
    let Some(order_id) = given.first().map(|t| t.order_id) else {
        return Err(SubscriptionError::NotInSubscription(from).into());
    };
    // `to` is not held already (nor `from` itself).
    if live.iter().any(|t| t.performance_id == to) {
        return Err(SubscriptionError::Rule(RuleError::Twice(to)).into());
    }
    // The formula's rules on the set with `to` for `from`.
    let mut set: Vec<i64> = Vec::new();
    for t in &live {
        let p = if t.performance_id == from {
            to
        } else {
            t.performance_id
        };
        if !set.contains(&p) {
            set.push(p);
        }
    }
    let chosen = sql::chosen(tx, &set)?;
    if chosen.len() != set.len() {
        return Err(SubscriptionError::NoPerformance(to).into());
    }
    formula
        .rule
        .check(&chosen)
        .map_err(SubscriptionError::Rule)?;
    // A performance already over, or a ticket used at the door, is not
    // exchanged (a coordinator may, for a ticket scanned: the refund's rights).
    let over = store::performances::by_id(tx, from)?.is_none_or(|p| p.starts_at <= now);
    if over {
        return Err(SubscriptionError::Over(from).into());
    }
    let numbers: Vec<i64> = given.iter().map(|t| t.number).collect();
    let c = super::refunds::cancellation(tx, order_id, &numbers)?;
    super::refunds::check_refund(tx, signer, by, &c, None, now)?;
    let (places, same_seats) = places_at(tx, to, &given, now)?;
    let request = SaleRequest {
        items: given
            .iter()
            .zip(&places)
            .map(|(t, place)| Item {
                performance_id: to,
                place: *place,
                tariff_id: t.tariff_id,
            })
            .collect(),
        patron_id: c.order.patron_id,
        ..SaleRequest::default()
    };
    let mut prepared = checks::prepare(tx, &request, now)?;
    // Each ticket's unit price as its line has it (before GST and QST in
    // Quebec), kept.
    let mut units = Vec::with_capacity(given.len());
    for t in &given {
        units.push(Cents(store::sales::line_amounts(tx, t.order_line_id)?.4));
    }
    prepared.sold_at(&units)?;
    let public_id = sql::public_id_of(tx, id)?;
    prepared.subscription = Some(SubscriptionLine {
        id: public_id,
        formula: formula.public_id.clone(),
        price: 0,
    });
    let (sold, credit) = swap(tx, (signer, by), &c, (&request, &prepared), now)?;
    sql::add_order(tx, id, sold.order_id)?;
    Ok(Swapped {
        order_id: sold.order_id,
        credit,
        order_number: sold.number,
        given_back: numbers,
        new_tickets: sold.tickets.iter().map(|t| t.number).collect(),
        same_seats,
    })
}

/// The places at `to` for the tickets given back: the same seats when free
/// there (and whether they were), else the best; places or the first open
/// entry slot in other halls.
fn places_at(
    tx: &Tx,
    to: i64,
    given: &[&store::sales::TicketRow],
    now: DateTime<Utc>,
) -> Result<(Vec<Place>, bool), CounterError> {
    let offer = load_in(tx, to, None, now)?;
    let same: Vec<i64> = given.iter().filter_map(|t| t.seat_id).collect();
    places(&offer, given.len(), Some(&same), now)
}

/// `n` places of a performance: general admission, the first open entry
/// slot, or seats — `same` when they are `n` and all free, else the best
/// side by side. Whether `same` were kept (never, outside numbered halls).
fn places(
    offer: &super::offer::Offer,
    n: usize,
    same: Option<&[i64]>,
    now: DateTime<Utc>,
) -> Result<(Vec<Place>, bool), CounterError> {
    Ok(match offer.hall.kind {
        HallKind::General => (vec![Place::Unnumbered; n], false),
        HallKind::Timed => {
            let slot = offer
                .entry_slot(now)
                .ok_or_else(|| CounterError::NeedsSlot(offer.name()))?;
            (vec![Place::Slot(slot.id); n], false)
        }
        HallKind::Numbered => match same {
            Some(s) if s.len() == n && s.iter().all(|id| offer.sellable(*id)) => {
                (s.iter().copied().map(Place::Seat).collect(), true)
            }
            _ => (offer.best(n)?.into_iter().map(Place::Seat).collect(), false),
        },
    })
}

/// The new tickets paid by the old ones' credit (a voucher naming none),
/// the old ones cancelled; both records name the exchange. What the new
/// tickets cost less (another VAT rate) stays the holder's, a credit note.
fn swap(
    tx: &Tx,
    (signer, by): (&Signer, &Operator),
    c: &super::refunds::Cancelling,
    (request, prepared): (&SaleRequest, &checks::Prepared),
    now: DateTime<Utc>,
) -> Result<(Sold, Option<super::vouchers::Issued>), CounterError> {
    let credit = -c.total;
    let due = prepared.priced.total;
    let currency = prepared.venue.settings.currency;
    if due > credit {
        return Err(CounterError::Payment {
            error: crate::domain::payment::PaymentError::Short {
                paid: credit,
                total: due,
            },
            currency,
        });
    }
    let (tenders, refunds) = super::refunds::carried_credit(credit, due);
    let settlement = payment::settle(due, &tenders)
        .map_err(|error| CounterError::Payment { error, currency })?;
    let link = crate::domain::records::Link {
        id: store::public_id(now),
    };
    let sold = sell::record(
        tx,
        signer,
        by,
        request,
        prepared,
        &settlement,
        Some((link.clone(), due)),
        now,
    )?;
    let refunded = super::refunds::record_cancellation(
        tx,
        signer,
        by,
        c,
        &refunds,
        due,
        (Some(link), None),
        now,
    )?;
    Ok((sold, refunded.credit))
}

/// The subscriptions an order holds tickets of, and the line a sale
/// carrying them on (a moved performance's) names the first by.
pub(crate) fn held_by(
    tx: &Tx,
    order_id: i64,
) -> Result<(Vec<i64>, Option<SubscriptionLine>), CounterError> {
    let ids = sql::of_order_ids(tx, order_id)?;
    let named = match ids.first() {
        Some(first) => {
            let (id, formula) = sql::named(tx, *first)?;
            Some(SubscriptionLine {
                id,
                formula,
                price: 0,
            })
        }
        None => None,
    };
    Ok((ids, named))
}

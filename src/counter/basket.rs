//! The basket: the order a clerk (or a script) builds before it is paid.
//! Places go in by number (the best seats of a numbered hall, places of
//! general admission, entries of a slot) or seat by seat; each has a tariff
//! and its price; a seat in a basket is held in the database for a few
//! minutes so no other counter sells it. The basket prices itself with the
//! venue's tax rules, knows what is paid and what is left, carries the
//! credit of tickets given back in an exchange, and `checkout` records the
//! sale (or the exchange) in one transaction.
//!
//! The window and the command line both build their orders here: neither
//! prices, checks what is left or chooses between a sale and an exchange.

use chrono::{DateTime, Utc};

use super::offer::{Offer, SeatState, TaxRules};
use super::orders::{self, Exchanged, OrderView, Refunded};
use super::sell;
use super::{CounterError, cart};
use super::{Item, Place, SaleRequest, Sold};
use crate::domain::order::{self, BasketLine, Channel, Priced};
use crate::domain::payment::{Method, PaymentError, Tender};
use crate::domain::season::HallKind;
use crate::domain::{Cents, Country, Currency, SeatName, TaxRate};
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::Store;

/// The most tickets one order holds (a school's whole year, not a typo).
pub const MAX_TICKETS: usize = 999;

/// A ticket in the basket, as the clerk sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct BasketTicket {
    pub performance_id: i64,
    pub show: String,
    pub when: DateTime<Utc>,
    pub place: Place,
    /// The seat of a numbered hall.
    pub seat: Option<SeatName>,
    /// The entry time of a timed performance.
    pub slot: Option<DateTime<Utc>>,
    pub category_id: i64,
    pub category: String,
    pub category_code: String,
    pub tariff_id: i64,
    pub tariff: String,
    pub unit: Cents,
    pub rate: TaxRate,
}

/// Tickets given back in an exchange: what they are worth, spent on the
/// basket; what the new tickets cost less goes back by `refund`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    pub order_id: i64,
    pub order_number: i64,
    pub tickets: Vec<i64>,
    pub amount: Cents,
    pub refund: Method,
}

impl Credit {
    /// The live tickets of an order chosen for an exchange (all of them when
    /// `chosen` is empty), worth what they were sold for. None when none is
    /// left.
    pub fn of(order: &OrderView, chosen: &[i64]) -> Option<Credit> {
        let tickets: Vec<_> = order
            .tickets
            .iter()
            .filter(|t| t.valid && (chosen.is_empty() || chosen.contains(&t.number)))
            .collect();
        if tickets.is_empty() {
            return None;
        }
        Some(Credit {
            order_id: order.id,
            order_number: order.number,
            tickets: tickets.iter().map(|t| t.number).collect(),
            amount: tickets.iter().map(|t| t.price).sum(),
            refund: Method::Cash,
        })
    }
}

/// The cash handed over at checkout for what is left to pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cash {
    /// Exactly what is left (the clerk's second Enter).
    Exact,
    /// This much (the change comes back).
    Given(Cents),
    /// None: the payments taken must cover the order (a script gives every
    /// payment, cash included, with `tender`).
    Nothing,
}

/// What `checkout` recorded: the sale, and for an exchange the tickets given
/// back and what went back to the customer besides the change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkout {
    pub sold: Sold,
    pub given_back: Option<Refunded>,
    pub refunded: Cents,
}

pub struct Basket {
    terminal_id: i64,
    /// The hold of the basket's seats in the database; None for a basket
    /// that holds nothing (the command line: the sale checks every seat in
    /// its own transaction all the same).
    cart: Option<String>,
    rules: Option<TaxRules>,
    tickets: Vec<BasketTicket>,
    tenders: Vec<Tender>,
    credit: Option<Credit>,
    patron: Option<i64>,
    channel: Channel,
    /// Tickets whose seats were chosen as the best available by a basket
    /// that holds nothing (a script): if another counter sells them before
    /// the checkout, the checkout chooses again.
    best: Vec<usize>,
}

/// How many times a checkout chooses best seats again when another counter
/// took them first.
const BEST_RETRIES: usize = 20;

impl Basket {
    /// A basket whose seats are held for other counters to see (the window).
    pub fn holding(terminal_id: i64, now: DateTime<Utc>) -> Basket {
        Basket {
            cart: Some(cart::new_cart(now)),
            ..Basket::new(terminal_id)
        }
    }

    /// A basket that holds nothing before the sale (a script's one-shot sale).
    pub fn new(terminal_id: i64) -> Basket {
        Basket {
            terminal_id,
            cart: None,
            rules: None,
            tickets: Vec::new(),
            tenders: Vec::new(),
            credit: None,
            patron: None,
            channel: Channel::Counter,
            best: Vec::new(),
        }
    }

    pub fn tickets(&self) -> &[BasketTicket] {
        &self.tickets
    }

    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// The id of the basket's seat hold (the offer marks those seats "mine").
    pub fn cart(&self) -> Option<&str> {
        self.cart.as_deref()
    }

    pub fn patron(&self) -> Option<i64> {
        self.patron
    }

    pub fn set_patron(&mut self, patron: Option<i64>) {
        self.patron = patron;
    }

    /// Through whom it is sold (the counter unless changed).
    pub fn channel(&self) -> Channel {
        self.channel
    }

    pub fn set_channel(&mut self, channel: Channel) {
        self.channel = channel;
    }

    pub fn credit(&self) -> Option<&Credit> {
        self.credit.as_ref()
    }

    /// The basket becomes the exchange of these tickets.
    pub fn exchange(&mut self, credit: Credit) {
        self.credit = Some(credit);
    }

    /// Card, cheque and voucher payments taken so far.
    pub fn tenders(&self) -> &[Tender] {
        &self.tenders
    }

    /// Places of the performance and place still free, the basket's own
    /// deducted (general admission and slots; a numbered hall's seats show
    /// on the map).
    pub fn left(&self, offer: &Offer, place: Place) -> i64 {
        let mine = self.count_of(offer.performance.id, place);
        let free = match place {
            Place::Slot(id) => offer.slot(id).map_or(0, |s| s.left()),
            _ => offer.available(),
        };
        // Seats of the basket are already deducted from a numbered offer.
        let mine = if matches!(place, Place::Seat(_)) {
            0
        } else {
            mine
        };
        (free - mine).max(0)
    }

    fn count_of(&self, performance_id: i64, place: Place) -> i64 {
        self.tickets
            .iter()
            .filter(|t| t.performance_id == performance_id && t.place == place)
            .count() as i64
    }

    /// Adds `n` places of the performance: the best seats side by side in a
    /// numbered hall, places of general admission, or entries of `slot` in
    /// a timed one; at `tariff`, or the performance's first. The indices of
    /// the tickets added.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        n: usize,
        slot: Option<i64>,
        tariff: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        let added = match offer.hall.kind {
            HallKind::Numbered => self.add_best(store, offer, n, now)?,
            HallKind::General | HallKind::Timed => self.add_places(offer, n, slot)?,
        };
        if let Some(tariff) = tariff {
            for &i in &added {
                self.set_tariff(i, tariff, offer)?;
            }
        }
        Ok(added)
    }

    /// The best `n` free seats side by side of a numbered performance.
    pub fn add_best(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        n: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        if offer.hall.kind != HallKind::Numbered {
            return Err(CounterError::NotNumbered(offer.name()));
        }
        self.room_for(n)?;
        let mine = self.seats_of(offer.performance.id);
        let seats = offer.best_besides(n, &mine)?;
        let added = self.add_seats(store, offer, &seats, now)?;
        if self.cart.is_none() {
            self.best.extend(&added);
        }
        Ok(added)
    }

    /// Chooses again the best seats of the tickets that had them, from what
    /// is free now, keeping each ticket's tariff.
    fn choose_best_again(&mut self, store: &Store, now: DateTime<Utc>) -> Result<(), CounterError> {
        let mut performances: Vec<i64> = self
            .best
            .iter()
            .map(|&i| self.tickets[i].performance_id)
            .collect();
        performances.dedup();
        for performance in performances {
            let chosen: Vec<usize> = self
                .best
                .iter()
                .copied()
                .filter(|&i| self.tickets[i].performance_id == performance)
                .collect();
            let others: Vec<i64> = (0..self.tickets.len())
                .filter(|i| !chosen.contains(i))
                .filter_map(|i| match self.tickets[i].place {
                    Place::Seat(s) if self.tickets[i].performance_id == performance => Some(s),
                    _ => None,
                })
                .collect();
            let offer = super::offer::load(store, performance, None, now)?;
            let seats = offer.best_besides(chosen.len(), &others)?;
            for (&i, seat) in chosen.iter().zip(seats) {
                let (Some(s), Some(&category)) = (offer.seat(seat), offer.seat_category.get(&seat))
                else {
                    return Err(CounterError::NoSuchSeat(seat));
                };
                let tariff = self.tickets[i].tariff_id;
                self.tickets[i] =
                    self.ticket(&offer, Place::Seat(seat), Some(s.name()), category)?;
                self.set_tariff(i, tariff, &offer)?;
            }
        }
        Ok(())
    }

    /// `n` places of general admission, or entries of `slot` of a timed
    /// performance, within what is left.
    pub fn add_places(
        &mut self,
        offer: &Offer,
        n: usize,
        slot: Option<i64>,
    ) -> Result<Vec<usize>, CounterError> {
        let place = match (offer.hall.kind, slot) {
            (HallKind::Numbered, _) => return Err(CounterError::NeedsSeats(offer.name())),
            (HallKind::Timed, None) => return Err(CounterError::NeedsSlot(offer.name())),
            (HallKind::Timed, Some(slot)) => Place::Slot(slot),
            (HallKind::General, _) => Place::Unnumbered,
        };
        self.add_unnumbered(offer, n, place)
    }

    /// Adds seats of a numbered performance (held at once for the
    /// basket); seats already in it are left as they are. The indices of
    /// the tickets added.
    pub fn add_seats(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        seats: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        if offer.hall.kind != HallKind::Numbered {
            return Err(CounterError::NotNumbered(offer.name()));
        }
        let mine = self.seats_of(offer.performance.id);
        let fresh: Vec<i64> = seats
            .iter()
            .copied()
            .filter(|s| !mine.contains(s))
            .collect();
        self.room_for(fresh.len())?;
        for &seat in &fresh {
            why_not(offer, seat)?;
        }
        if let Some(cart) = &self.cart {
            cart::hold(
                store,
                self.terminal_id,
                cart,
                offer.performance.id,
                &fresh,
                now,
            )?;
        }
        let mut added = Vec::with_capacity(fresh.len());
        for seat in fresh {
            let (Some(s), Some(&category)) = (offer.seat(seat), offer.seat_category.get(&seat))
            else {
                return Err(CounterError::NoSuchSeat(seat));
            };
            let ticket = self.ticket(offer, Place::Seat(seat), Some(s.name()), category)?;
            self.push(ticket, offer);
            added.push(self.tickets.len() - 1);
        }
        Ok(added)
    }

    /// General admission or a slot: within what is left.
    fn add_unnumbered(
        &mut self,
        offer: &Offer,
        n: usize,
        place: Place,
    ) -> Result<Vec<usize>, CounterError> {
        let slot = match place {
            Place::Slot(id) => Some(offer.slot(id).ok_or(CounterError::NoSuchSlot(id))?),
            _ => None,
        };
        let left = self.left(offer, place);
        let wanted = i64::try_from(n).unwrap_or(i64::MAX);
        if wanted > left {
            return Err(match slot {
                Some(slot) => CounterError::SlotFull {
                    slot: slot.starts_at,
                    wanted,
                    left,
                },
                None => CounterError::SoldOut {
                    performance: offer.name(),
                    wanted,
                    left,
                },
            });
        }
        // What is left is said first; then nothing is added past the limit.
        self.room_for(n)?;
        let category = offer
            .categories
            .first()
            .ok_or_else(|| CounterError::NoCategory(offer.name()))?
            .id;
        let ticket = self.ticket(offer, place, None, category)?;
        let from = self.tickets.len();
        for _ in 0..n {
            self.push(ticket.clone(), offer);
        }
        Ok((from..self.tickets.len()).collect())
    }

    /// Refuses an addition that would take the order past [`MAX_TICKETS`],
    /// or adds nothing.
    fn room_for(&self, n: usize) -> Result<(), CounterError> {
        if n == 0 {
            return Err(CounterError::NothingToSell);
        }
        let wanted = self.tickets.len().saturating_add(n);
        if wanted > MAX_TICKETS {
            return Err(CounterError::TooManyTickets {
                wanted,
                max: MAX_TICKETS,
            });
        }
        Ok(())
    }

    /// A ticket at the performance's first tariff.
    fn ticket(
        &self,
        offer: &Offer,
        place: Place,
        seat: Option<SeatName>,
        category_id: i64,
    ) -> Result<BasketTicket, CounterError> {
        let category = offer
            .categories
            .iter()
            .find(|c| c.id == category_id)
            .ok_or_else(|| CounterError::NoCategory(offer.name()))?;
        let tariff = offer
            .tariffs
            .first()
            .ok_or_else(|| CounterError::NoTariff(offer.name()))?;
        let mut ticket = BasketTicket {
            performance_id: offer.performance.id,
            show: offer.show.title.clone(),
            when: offer.performance.starts_at,
            place,
            seat,
            slot: match place {
                Place::Slot(id) => offer.slot(id).map(|s| s.starts_at),
                _ => None,
            },
            category_id,
            category: category.name.clone(),
            category_code: category.code.clone(),
            tariff_id: tariff.tariff.id,
            tariff: tariff.tariff.name.clone(),
            unit: Cents::ZERO,
            rate: offer.performance.vat_rate,
        };
        price_at(offer, &mut ticket, tariff.tariff.id)?;
        Ok(ticket)
    }

    fn push(&mut self, ticket: BasketTicket, offer: &Offer) {
        self.rules = Some(offer.rules());
        self.tickets.push(ticket);
    }

    /// The seats of a performance in the basket.
    fn seats_of(&self, performance_id: i64) -> Vec<i64> {
        self.tickets
            .iter()
            .filter(|t| t.performance_id == performance_id)
            .filter_map(|t| match t.place {
                Place::Seat(id) => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Gives ticket `index` another tariff of its performance (`offer`).
    pub fn set_tariff(
        &mut self,
        index: usize,
        tariff_id: i64,
        offer: &Offer,
    ) -> Result<(), CounterError> {
        let Some(ticket) = self.tickets.get_mut(index) else {
            return Ok(());
        };
        if ticket.performance_id != offer.performance.id {
            return Ok(());
        }
        price_at(offer, ticket, tariff_id)
    }

    /// The last ticket of the performance takes `tariff` (F1…F8 after a
    /// seat or a number).
    pub fn set_last_tariff(&mut self, tariff_id: i64, offer: &Offer) -> Result<(), CounterError> {
        match self
            .tickets
            .iter()
            .rposition(|t| t.performance_id == offer.performance.id)
        {
            Some(last) => self.set_tariff(last, tariff_id, offer),
            None => Ok(()),
        }
    }

    /// Ticket `index` takes the next tariff of its performance (a click on
    /// its tariff).
    pub fn next_tariff(&mut self, index: usize, offer: &Offer) -> Result<(), CounterError> {
        let Some(ticket) = self.tickets.get(index) else {
            return Ok(());
        };
        let at = offer
            .tariffs
            .iter()
            .position(|x| x.tariff.id == ticket.tariff_id);
        let next = at.map_or(0, |i| (i + 1) % offer.tariffs.len().max(1));
        match offer.tariffs.get(next).map(|x| x.tariff.id) {
            Some(tariff) => self.set_tariff(index, tariff, offer),
            None => Ok(()),
        }
    }

    /// Takes ticket `index` out (its seat goes back at once).
    pub fn remove(&mut self, store: &mut Store, index: usize) -> Result<(), CounterError> {
        if index >= self.tickets.len() {
            return Ok(());
        }
        let ticket = self.tickets.remove(index);
        self.best.retain(|&i| i != index);
        for i in &mut self.best {
            if *i > index {
                *i -= 1;
            }
        }
        if let (Place::Seat(seat), Some(cart)) = (ticket.place, &self.cart) {
            cart::release(store, cart, Some(&[seat]))?;
        }
        Ok(())
    }

    /// Empties the basket: its seats go back, its payments and its exchange
    /// are dropped.
    pub fn clear(&mut self, store: &mut Store) -> Result<(), CounterError> {
        self.tickets.clear();
        self.best.clear();
        self.tenders.clear();
        self.credit = None;
        self.patron = None;
        self.channel = Channel::Counter;
        match &self.cart {
            Some(cart) => cart::release(store, cart, None),
            None => Ok(()),
        }
    }

    /// The basket priced as the sale will price it: one line per
    /// performance, category and tariff, with the venue's tax rules.
    pub fn priced(&self) -> Result<Priced, CounterError> {
        let mut keys: Vec<(i64, i64, i64)> = Vec::new();
        let mut lines: Vec<BasketLine> = Vec::new();
        for t in &self.tickets {
            let key = (t.performance_id, t.category_id, t.tariff_id);
            match keys.iter().position(|k| *k == key) {
                Some(i) => lines[i].quantity += 1,
                None => {
                    keys.push(key);
                    lines.push(BasketLine {
                        unit: t.unit,
                        quantity: 1,
                        rate: t.rate,
                    });
                }
            }
        }
        let Some(rules) = self.rules else {
            return Ok(order::price(Country::France, false, &[])?);
        };
        Ok(order::price(rules.country, rules.vat_exempt, &lines)?)
    }

    pub fn currency(&self) -> Currency {
        self.rules.map_or(Currency::Eur, |r| r.currency)
    }

    /// What the basket costs, taxes included.
    pub fn total(&self) -> Cents {
        self.priced().map_or(Cents::ZERO, |p| p.total)
    }

    /// What is still to pay: the total, less an exchange's credit and the
    /// payments taken (never below zero: a credit larger than the basket
    /// is refunded at checkout).
    pub fn remaining(&self) -> Cents {
        let credit = self.credit.as_ref().map_or(Cents::ZERO, |c| c.amount);
        let paid: Cents = self.tenders.iter().map(|t| t.amount).sum();
        (self.total() - credit - paid).max(Cents::ZERO)
    }

    /// Takes a card, cheque or voucher payment of `amount` (what is left
    /// when None; never more than what is left). What was taken.
    pub fn pay(&mut self, method: Method, amount: Option<Cents>) -> Result<Cents, CounterError> {
        if method == Method::Cash {
            // Cash is counted at checkout, where the change is given.
            return Ok(Cents::ZERO);
        }
        let remaining = self.remaining();
        let amount = amount.map_or(remaining, |a| a.min(remaining));
        if amount < Cents::ZERO {
            return Err(CounterError::Payment {
                error: PaymentError::NotPositive(method),
                currency: self.currency(),
            });
        }
        if amount > Cents::ZERO {
            self.tenders.push(Tender { method, amount });
        }
        Ok(amount)
    }

    /// Takes a payment as given, cash included, over or short: a script
    /// gives every payment at once and the checkout says what is wrong.
    pub fn tender(&mut self, tender: Tender) {
        self.tenders.push(tender);
    }

    /// Drops the card, cheque and voucher payments taken (the order is
    /// being changed again).
    pub fn drop_payments(&mut self) {
        self.tenders.clear();
    }

    /// Records the basket: a sale, or the exchange of its credit's tickets,
    /// in one transaction. `cash` is what the customer hands over for what
    /// is left; the change comes back in the sale. The basket is empty
    /// afterwards; when refused, nothing was written and the basket is as
    /// it was.
    pub fn checkout(
        &mut self,
        store: &mut Store,
        signer: &Signer,
        by: &Operator,
        cash: Cash,
        now: DateTime<Utc>,
    ) -> Result<Checkout, CounterError> {
        let mut tries = 0;
        loop {
            match self.checkout_once(store, signer, by, cash, now) {
                // Another counter sold a best seat first: choose again.
                Err(CounterError::SeatSold { .. })
                    if !self.best.is_empty() && tries < BEST_RETRIES =>
                {
                    tries += 1;
                    self.choose_best_again(store, now)?;
                }
                done => return done,
            }
        }
    }

    fn checkout_once(
        &mut self,
        store: &mut Store,
        signer: &Signer,
        by: &Operator,
        cash: Cash,
        now: DateTime<Utc>,
    ) -> Result<Checkout, CounterError> {
        if self.tickets.is_empty() {
            return Err(CounterError::NothingToSell);
        }
        let mut tenders = self.tenders.clone();
        let due = self.remaining();
        let given = match cash {
            Cash::Exact => Some(due),
            Cash::Given(amount) => Some(amount),
            Cash::Nothing => None,
        };
        if let Some(given) = given.filter(|_| due > Cents::ZERO) {
            if given < due {
                return Err(CounterError::CashShort {
                    given,
                    missing: due - given,
                    currency: self.currency(),
                });
            }
            tenders.push(Tender {
                method: Method::Cash,
                amount: given,
            });
        }
        let request = SaleRequest {
            items: self
                .tickets
                .iter()
                .map(|t| Item {
                    performance_id: t.performance_id,
                    place: t.place,
                    tariff_id: t.tariff_id,
                })
                .collect(),
            tenders,
            patron_id: self.patron,
            cart: self.cart.clone(),
            channel: self.channel,
        };
        let done = match &self.credit {
            None => Checkout {
                sold: sell::sell(store, signer, by, &request, now)?,
                given_back: None,
                refunded: Cents::ZERO,
            },
            Some(c) => {
                let Exchanged {
                    cancelled,
                    sold,
                    refunded,
                } = orders::exchange(
                    store, signer, by, c.order_id, &c.tickets, &request, c.refund, now,
                )?;
                Checkout {
                    sold,
                    given_back: Some(cancelled),
                    refunded,
                }
            }
        };
        self.tickets.clear();
        self.best.clear();
        self.tenders.clear();
        self.credit = None;
        self.patron = None;
        self.channel = Channel::Counter;
        Ok(done)
    }
}

/// Why a seat of the offer cannot go in a basket, if it cannot.
fn why_not(offer: &Offer, seat: i64) -> Result<(), CounterError> {
    let Some(s) = offer.seat(seat) else {
        return Err(CounterError::NoSuchSeat(seat));
    };
    let name = s.name();
    match offer.state(seat) {
        SeatState::Sold => Err(CounterError::SeatSold {
            seat: name,
            performance: offer.name(),
        }),
        SeatState::Held(i) => Err(CounterError::SeatHeld {
            seat: name,
            hold: offer
                .holds
                .get(i)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
        }),
        SeatState::InOtherCart => Err(CounterError::SeatInAnotherCart(name)),
        SeatState::Free | SeatState::InMyCart if !offer.seat_category.contains_key(&seat) => {
            Err(CounterError::SeatWithoutCategory(name))
        }
        SeatState::Free | SeatState::InMyCart => Ok(()),
    }
}

/// Sets a ticket's tariff and its price in its category: an invitation is
/// free; a tariff the performance does not offer, or without a price in
/// the category, is refused.
fn price_at(offer: &Offer, ticket: &mut BasketTicket, tariff_id: i64) -> Result<(), CounterError> {
    let Some(offered) = offer.tariffs.iter().find(|x| x.tariff.id == tariff_id) else {
        return Err(CounterError::UnknownTariff(tariff_id.to_string()));
    };
    let unit = if offered.tariff.is_complimentary {
        Cents::ZERO
    } else {
        *offered
            .prices
            .get(&ticket.category_id)
            .ok_or_else(|| CounterError::NoPrice {
                tariff: offered.tariff.name.clone(),
                category: ticket.category.clone(),
            })?
    };
    ticket.tariff_id = tariff_id;
    ticket.tariff = offered.tariff.name.clone();
    ticket.unit = unit;
    Ok(())
}

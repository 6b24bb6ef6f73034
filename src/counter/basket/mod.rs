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
//!
//! Here: the basket's tickets, its state and tariffs; `places` puts places
//! and seats in; `payment` prices it, takes payments and checks out.

mod payment;
mod places;

use chrono::{DateTime, Utc};

use super::offer::{Offer, TaxRules};
use super::orders::OrderView;
use super::refunds::Refunded;
use super::{CounterError, cart};
use super::{Place, Sold};
use crate::domain::order::Channel;
use crate::domain::payment::{Method, Tender};
use crate::domain::{Cents, SeatName, TaxRate};
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
    /// When its price was quoted (the offer's moment): the sale charges
    /// the price the venue's rules gave then.
    pub quoted: DateTime<Utc>,
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
    ticket.quoted = offer.at;
    Ok(())
}

//! Prices that follow demand at the counter: the offer shows the prices the
//! venue's rules give now, and a sale charges each ticket the price its
//! rules gave when it went in the basket (the sale journals a price in
//! effect that moved: `sell::journal_prices`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::CounterError;
use crate::domain::order::Channel;
use crate::domain::price_rule::{self, Moment, PriceRule, QUOTE_HOLDS};
use crate::domain::{Cents, Performance};
use crate::store::{self, Tx, price_rules};

/// A performance's rules as a sale applies them (none when the venue does
/// not apply its rules).
#[derive(Clone, Debug, Default)]
pub(crate) struct Demand {
    rules: Vec<PriceRule>,
    starts_at: Option<DateTime<Utc>>,
    capacity: i64,
    /// Places sold by instant (seconds), read once per instant.
    sold: HashMap<i64, i64>,
}

impl Demand {
    /// The rules `performance` answers to, if the venue applies them. A
    /// terminal joined to a central database applies none: it sells a lot
    /// of the hall, and the fill rate is the whole hall's.
    pub(crate) fn of(tx: &Tx, performance: &Performance) -> Result<Demand, CounterError> {
        if !price_rules::enabled(tx)? || store::contingents::governed(tx)? {
            return Ok(Demand::default());
        }
        Ok(Demand {
            rules: price_rules::of_performance(tx, performance.id)?,
            starts_at: Some(performance.starts_at),
            capacity: performance.capacity,
            sold: HashMap::new(),
        })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// A paying price in a category at `at`, with the places sold then.
    pub(crate) fn price(
        &mut self,
        tx: &Tx,
        performance_id: i64,
        base: Cents,
        category_code: &str,
        at: DateTime<Utc>,
    ) -> Result<Cents, CounterError> {
        let Some(starts_at) = self.starts_at.filter(|_| !self.rules.is_empty()) else {
            return Ok(base);
        };
        let second = store::unix(at);
        let sold = match self.sold.get(&second) {
            Some(n) => *n,
            None => {
                let n = price_rules::sold_at(tx, performance_id, second)?;
                self.sold.insert(second, n);
                n
            }
        };
        let moment = Moment {
            at,
            starts_at,
            sold,
            capacity: self.capacity,
        };
        Ok(price_rule::price(base, category_code, &self.rules, &moment))
    }
}

/// Whether a sale through `channel` follows the venue's price rules: the
/// counter's and the telephone's do; a website, a reseller, a partner or an
/// invitation sells at the grid's prices.
pub(crate) fn follows(channel: Channel) -> bool {
    matches!(channel, Channel::Counter | Channel::Phone)
}

/// The instant an item's price is reckoned at: when it was quoted, if that
/// is within [`QUOTE_HOLDS`] and not ahead of `now`; else `now`.
pub(crate) fn quote_time(quoted: Option<&DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    match quoted {
        Some(q) if *q <= now && now - *q <= QUOTE_HOLDS => *q,
        _ => now,
    }
}

//! Passes at the counter: the performances a pass's days still hold (and
//! a fixed set's, taken at once), and a pass's cards — one per place, the
//! code a door reads to find the pass's ticket for its performance (see
//! `door`), signed by the terminal that sold it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{CounterError, sell};
use crate::domain::Cents;
use crate::domain::season::local_instant;
use crate::domain::subscription::{self, Formula, MAX_PLACES, Rule, RuleError, SubscriptionError};
use crate::ledger::Signer;
use crate::store::{self, Store, Tx, subscriptions as sql};
use crate::tickets::code;

/// The performances a formula takes at once, in order of their start: a
/// fixed set's, or those a pass's period still holds (its shows' on sale,
/// starting on its days, not over); none for a choice or a season (their
/// performances are chosen).
pub fn taken_at_once(
    store: &Store,
    formula: &Formula,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, CounterError> {
    match &formula.rule {
        Rule::Fixed(set) => Ok(set.clone()),
        Rule::Pass { .. } => store.read(|tx| covered_in(tx, formula, now)),
        _ => Ok(Vec::new()),
    }
}

/// What [`taken_at_once`] says of a pass, inside a transaction: refused
/// when its period holds none still to come, or more than a subscription
/// holds.
pub(super) fn covered_in(
    tx: &Tx,
    formula: &Formula,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, CounterError> {
    let Rule::Pass { from, until, shows } = &formula.rule else {
        return Ok(Vec::new());
    };
    let zone = store::venue::load(tx)?
        .ok_or(CounterError::NoVenue)?
        .settings
        .time_zone;
    // A day's first instant: midnight, or one o'clock where the clocks
    // jump over midnight.
    let day = |d: NaiveDate| {
        local_instant(zone, d, NaiveTime::MIN)
            .or_else(|_| {
                local_instant(
                    zone,
                    d,
                    NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default(),
                )
            })
            .map(store::unix)
            .map_err(|_| SubscriptionError::PassEmpty)
    };
    let next = until.succ_opt().ok_or(SubscriptionError::PassEmpty)?;
    let max = subscription::MAX_PERFORMANCES;
    let covered = sql::covered(tx, shows, (day(*from)?, day(next)?), store::unix(now), max)?;
    if covered.is_empty() {
        return Err(SubscriptionError::PassEmpty.into());
    }
    if covered.len() > max {
        let got = covered.len();
        return Err(SubscriptionError::Rule(RuleError::TooMany { max, got }).into());
    }
    Ok(covered)
}

/// A pass's cards, one per place, as printed: the code a door reads to
/// find the pass's ticket for the performance it admits to (see `door`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassCards {
    /// The order that sold it.
    pub order_id: i64,
    pub formula: String,
    /// One place's price.
    pub price: Cents,
    /// The performances it opens.
    pub performances: usize,
    /// Its days (the venue's), first and last.
    pub valid: (NaiveDate, NaiveDate),
    pub codes: Vec<String>,
    /// Its places are numbered seats somewhere: its tickets, which say
    /// them, are printed with its cards.
    pub seated: bool,
}

/// A pass's cards signed again (a card lost or damaged: the same codes,
/// so the old card still enters too), by the terminal that sold it.
pub fn pass_cards(
    store: &Store,
    signer: &Signer,
    subscription: &str,
) -> Result<PassCards, CounterError> {
    let unknown = || SubscriptionError::UnknownSubscription(subscription.trim().into());
    store.read(|tx| {
        let held = sql::by_public_id(tx, subscription)?.ok_or_else(unknown)?;
        pass_in(tx, signer, held.id)?.ok_or_else(|| unknown().into())
    })
}

/// The cards of subscription `id` if it is a pass.
pub(super) fn pass_in(
    tx: &Tx,
    signer: &Signer,
    id: i64,
) -> Result<Option<PassCards>, CounterError> {
    let Some(sale) = sql::pass_sale(tx, id)? else {
        return Ok(None);
    };
    if sale.terminal_id != signer.terminal_id {
        return Err(SubscriptionError::PassElsewhere.into());
    }
    let formula = sql::formula(tx, &sale.formula_id.to_string())?
        .ok_or_else(|| SubscriptionError::UnknownFormula(sale.formula_id.to_string()))?;
    let Rule::Pass { from, until, .. } = formula.rule else {
        return Ok(None);
    };
    let number = u32::try_from(sale.number).map_err(|_| CounterError::TooMany)?;
    let key_id = sell::key_id_bytes(&signer.key_id);
    let places = sale.places.clamp(1, MAX_PLACES as i64);
    let codes = (1..=places)
        .map(|card| {
            let claims = code::Claims {
                key_id,
                training: sale.training,
                number,
                performance: 0,
                place: code::Place::Pass(card as u32),
            };
            code::encode(&claims, &signer.sign(&code::message(&claims)))
        })
        .collect();
    Ok(Some(PassCards {
        order_id: sale.order_id,
        formula: formula.name,
        price: Cents(sale.price.0 / places),
        performances: usize::try_from(sale.performances).unwrap_or(0),
        valid: (from, until),
        codes,
        seated: sale.seated,
    }))
}

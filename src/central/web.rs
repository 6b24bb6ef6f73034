//! The web shop: a terminal of its own (kind `web`) that its shop's server
//! runs, selling through the same functions as a counter. A buyer's basket
//! is reserved centrally for a few minutes under the shop's payment
//! reference (`reserve`: seats lent to this terminal, the best first); the
//! payment confirms it (`confirm`), and the order lands here as the orders
//! of an outside seller do (`exchange::imports`): numbered, signed, paid
//! online, never in a till's cash, pushed with the chain. Both are
//! idempotent on the payment reference: asked again, the same seats, the
//! same order. A basket the buyer gives up goes back at once (`release`),
//! one left alone when its time is up. A payment that arrives after its
//! basket went back takes its seats again where still free; a seat sold
//! meanwhile is a `web_seat_taken` conflict for a person (refund or move).

use chrono::{DateTime, Utc};
use serde_json::json;

use super::CentralError;
use super::contingents::{public_id, sync_with};
use crate::counter::offer;
use crate::domain::Locale;
use crate::domain::operator::Act;
use crate::exchange::imports::{self, Buyer};
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Store, central as sql};

/// At most this many seats, and places, in one basket.
pub const MAX_BASKET: u32 = 50;
/// A basket is kept at most this long unpaid.
pub const MAX_MINUTES: u32 = 120;

/// A basket reserved.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reserved {
    pub reference: String,
    /// The seats as tickets name them.
    pub seats: Vec<String>,
    pub places: i64,
    pub expires_at: DateTime<Utc>,
    /// reserved, confirmed or released.
    pub state: String,
}

/// Reserves a basket of a performance (this terminal's id) under the
/// shop's payment reference, kept `minutes` unpaid.
pub fn reserve(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (reference, performance_id): (&str, i64),
    (seats, places): (u32, u32),
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<Reserved, CentralError> {
    may_sell(by)?;
    let reference = checked(reference)?;
    if seats > MAX_BASKET || places > MAX_BASKET || seats + places == 0 {
        return Err(CentralError::Basket(MAX_BASKET));
    }
    if !(1..=MAX_MINUTES).contains(&minutes) {
        return Err(CentralError::BasketMinutes(MAX_MINUTES));
    }
    let performance = public_id(store, performance_id)?;
    let mut client = super::connect_terminal(store)?;
    let lot = (seats as i32, places as i32);
    let basket = sql::web_reserve(&mut client, reference, &performance, lot, minutes as i32)?;
    sync_with(store, signer, by, &mut client, "lent", now)?;
    Ok(Reserved {
        reference: reference.to_owned(),
        seats: basket.seats,
        places: i64::from(basket.places),
        expires_at: store::instant(basket.expires_at),
        state: basket.state,
    })
}

/// What a payment confirmed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Paid {
    pub reference: String,
    /// Tickets of the order here.
    pub tickets: usize,
    /// The order had landed already: nothing new.
    pub already: bool,
    /// Seats and places sold meanwhile (a late payment): a conflict waits.
    pub taken_seats: Vec<String>,
    pub taken_places: i64,
}

/// Confirms a basket paid, under its payment reference: the order lands
/// here, at the tariff `tariff` (its code), for the buyer.
pub fn confirm(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (reference, tariff): (&str, &str),
    buyer: &Buyer,
    now: DateTime<Utc>,
) -> Result<Paid, CentralError> {
    // Everything that could stop the order landing here is checked before
    // the central side confirms: a payment confirmed there lands here.
    may_sell(by)?;
    if !by.role.may(Act::Import) {
        return Err(CentralError::NotAllowed(Act::Import));
    }
    let reference = checked(reference)?;
    let tariff = tariff.trim().to_uppercase();
    if store
        .read(|tx| store::tariffs::by_code(tx, &tariff))?
        .is_none()
    {
        return Err(CentralError::Web(format!("no tariff {tariff} here")));
    }
    let b = buyer;
    let fields = [
        &b.first_name,
        &b.last_name,
        &b.email,
        &b.phone,
        &b.postcode,
        &b.language,
    ];
    if fields.iter().any(|f| f.chars().count() > 200) {
        return Err(CentralError::Web(
            "a buyer's field is at most 200 characters".into(),
        ));
    }
    let mut client = super::connect_terminal(store)?;
    let paid = sql::web_confirm(&mut client, reference)?;
    sync_with(store, signer, by, &mut client, "lent", now)?;
    let source = format!("guichet-web:{}", signer.terminal_public_id);
    let placed_at = store::instant(paid.confirmed_at);
    let file = order_file(
        store,
        (&source, reference, &tariff),
        buyer,
        &paid,
        placed_at,
    )?;
    let not_landed = |why: String| CentralError::NotLanded(reference.to_owned(), why);
    let summary = imports::import(store, signer, by, file.as_bytes(), false, now)
        .map_err(|e| not_landed(e.to_string()))?;
    let stuck = summary.conflicts + summary.waiting + summary.changed.len();
    if !summary.unmapped.is_empty() || stuck > 0 {
        return Err(not_landed(format!(
            "{} to map, {stuck} in conflict (Caisse → Ventes extérieures)",
            summary.unmapped.len()
        )));
    }
    Ok(Paid {
        reference: reference.to_owned(),
        tickets: paid.seats.len() + paid.places.max(0) as usize,
        already: summary.imported == 0 && summary.unchanged > 0,
        taken_seats: paid.taken_seats,
        taken_places: i64::from(paid.taken_places),
    })
}

/// The buyer gave up: the basket goes back to the pool at once.
pub fn release(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<(), CentralError> {
    may_sell(by)?;
    let reference = checked(reference)?;
    let mut client = super::connect_terminal(store)?;
    sql::web_release(&mut client, reference)?;
    sync_with(store, signer, by, &mut client, "given_back", now)?;
    Ok(())
}

fn may_sell(by: &Operator) -> Result<(), CentralError> {
    match by.role.may(Act::Sell) {
        true => Ok(()),
        false => Err(CentralError::NotAllowed(Act::Sell)),
    }
}

/// A payment reference: 1 to 100 visible characters, no spaces.
fn checked(reference: &str) -> Result<&str, CentralError> {
    let ok = (1..=100).contains(&reference.chars().count())
        && reference.chars().all(|c| c.is_ascii_graphic());
    ok.then_some(reference).ok_or(CentralError::Reference)
}

/// The paid basket as a Guichet order file of one order: its tickets at
/// the tariff's price for each seat's category (places: the first
/// category's), the performance and tariff named by their own ids (they
/// map themselves).
fn order_file(
    store: &Store,
    (source, reference, tariff): (&str, &str, &str),
    buyer: &Buyer,
    paid: &sql::WebPaid,
    placed_at: DateTime<Utc>,
) -> Result<String, CentralError> {
    let performance = store
        .read(|tx| store::performances::by_public_id(tx, &paid.performance))?
        .ok_or_else(|| CentralError::Season(paid.performance.clone()))?;
    let o = offer::load(store, performance.id, None, placed_at)
        .map_err(|e| CentralError::Web(e.to_string()))?;
    let priced = o
        .tariff(&tariff.trim().to_uppercase())
        .ok_or_else(|| CentralError::Web(format!("no tariff {tariff} for this performance")))?;
    let price_of = |category: Option<i64>| {
        let category = category.or_else(|| o.categories.first().map(|c| c.id));
        category.and_then(|c| priced.prices.get(&c)).map(|p| p.0)
    };
    let mut tickets = Vec::new();
    for name in &paid.seats {
        let seat = o
            .seats
            .iter()
            .find(|s| s.name().label(Locale::FrFr) == *name);
        let category = seat.and_then(|s| o.seat_category.get(&s.id).copied());
        let price =
            price_of(category).ok_or_else(|| CentralError::Web(format!("{name}: no price")))?;
        tickets.push(json!({"id": format!("{reference}-{}", tickets.len() + 1),
            "event": paid.performance, "product": priced.tariff.code, "seat": name, "price": price}));
    }
    for _ in 0..paid.places.max(0) {
        let price = price_of(None).ok_or_else(|| CentralError::Web("no price".into()))?;
        tickets.push(json!({"id": format!("{reference}-{}", tickets.len() + 1),
            "event": paid.performance, "product": priced.tariff.code, "price": price}));
    }
    Ok(json!({
        "format": "guichet-orders", "version": 1, "source": source, "channel": "web",
        "currency": o.currency.code(),
        "orders": [{"id": reference, "status": "paid", "placed_at": placed_at.to_rfc3339(),
                    "buyer": buyer, "tickets": tickets}],
    })
    .to_string())
}

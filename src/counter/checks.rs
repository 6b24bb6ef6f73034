//! A sale checked and priced inside its transaction, before anything is
//! written: the performance on sale, each seat free and not in another
//! basket, capacity, slots, quotas, prices. Everything is read again here
//! because another counter may have sold since the clerk looked; each fact
//! is read once (a performance's prices and categories in one read each, a
//! seat's whole state in one).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::demand::{self, Demand};
use super::{CounterError, Item, Place, SaleRequest};
use crate::domain::order::{self, BasketLine};
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::{Cents, Performance, PerformanceName, SeatName, Tariff, Venue};
use crate::store::{self, Tx, sales};

/// A performance's facts needed to sell it, read once per sale.
pub(crate) struct Selling {
    pub(crate) performance: Performance,
    pub(crate) name: PerformanceName,
    kind: HallKind,
    /// The category of unnumbered places (general and timed halls).
    first_category: Option<i64>,
    pub(crate) categories: HashMap<i64, String>,
    /// Tariff id → quota.
    offered: HashMap<i64, Option<i64>>,
    /// (category, tariff) → price.
    prices: HashMap<(i64, i64), Cents>,
    /// Category id → code (what price rules name).
    codes: HashMap<i64, String>,
    /// The price rules it answers to, when the venue applies them.
    pub(crate) demand: Demand,
}

impl Selling {
    /// The price set for a tariff in a category, before any rule.
    pub(crate) fn base_price(&self, category_id: i64, tariff_id: i64) -> Option<Cents> {
        self.prices.get(&(category_id, tariff_id)).copied()
    }

    pub(crate) fn category_code(&self, category_id: i64) -> &str {
        self.codes.get(&category_id).map_or("", String::as_str)
    }

    /// The performance as the season's journal names it ("Cyrano ·
    /// 2026-11-24 20:00", in the venue's zone).
    pub(crate) fn label(&self) -> String {
        format!(
            "{} · {}",
            self.name.show,
            self.name
                .starts_at
                .with_timezone(&self.name.zone)
                .format("%Y-%m-%d %H:%M")
        )
    }
}

/// One ticket, checked and priced.
pub(crate) struct Checked {
    pub(crate) item: Item,
    pub(crate) category_id: i64,
    pub(crate) unit: Cents,
    /// What the venue's price rules make it now (`unit` is the price it
    /// was quoted at): the price in effect, journaled when it moves.
    pub(crate) current: Cents,
    pub(crate) seat: Option<SeatName>,
}

/// A line of the sale: one performance, category, tariff and unit price
/// (tickets quoted at different prices make different lines).
pub(crate) struct Line {
    pub(crate) performance_id: i64,
    pub(crate) category_id: i64,
    pub(crate) tariff_id: i64,
    pub(crate) basket: BasketLine,
    /// Indices into `Prepared::checked`, in the clerk's order.
    pub(crate) members: Vec<usize>,
}

/// A sale checked and priced, not yet written.
pub(crate) struct Prepared {
    pub(crate) venue: Venue,
    pub(crate) tariffs: Vec<Tariff>,
    pub(crate) selling: HashMap<i64, Selling>,
    pub(crate) checked: Vec<Checked>,
    pub(crate) lines: Vec<Line>,
    pub(crate) priced: order::Priced,
    /// A subscription's sale: what its record says of it.
    pub(crate) subscription: Option<crate::domain::records::SubscriptionLine>,
}

impl Prepared {
    pub(crate) fn tariff(&self, id: i64) -> Option<&Tariff> {
        self.tariffs.iter().find(|t| t.id == id)
    }

    /// Each ticket sold at `units` (one per item, in order: a
    /// subscription's shares), the lines and taxes reckoned again.
    pub(crate) fn sold_at(&mut self, units: &[Cents]) -> Result<(), CounterError> {
        for (c, unit) in self.checked.iter_mut().zip(units) {
            c.unit = *unit;
        }
        self.lines = lines(&self.selling, &self.checked);
        let baskets: Vec<BasketLine> = self.lines.iter().map(|l| l.basket).collect();
        let settings = &self.venue.settings;
        self.priced = order::price(settings.country, settings.vat_exempt, &baskets)?;
        Ok(())
    }

    /// The single-ticket price of an item's place: the dearest paying
    /// tariff of its performance in its category (its grid price).
    pub(crate) fn single_price(&self, index: usize) -> Cents {
        let Some(c) = self.checked.get(index) else {
            return Cents::ZERO;
        };
        let s = &self.selling[&c.item.performance_id];
        s.prices
            .iter()
            .filter(|((category, tariff), _)| {
                *category == c.category_id
                    && s.offered.contains_key(tariff)
                    && self.tariff(*tariff).is_some_and(|t| !t.is_complimentary)
            })
            .map(|(_, price)| *price)
            .max()
            .unwrap_or(Cents::ZERO)
    }
}

/// Checks every ticket of the request (inside the caller's transaction)
/// and prices the basket.
pub(crate) fn prepare(
    tx: &Tx,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Prepared, CounterError> {
    prepare_as(tx, request, &Rules::Sale, now)
}

/// What a sale is checked and priced by.
pub(crate) enum Rules {
    /// A sale: the performance on sale now, its quotas, its prices.
    Sale,
    /// Tickets re-issued on a moved performance's new date: the holders
    /// bought them already, so neither the sales window nor a quota keeps
    /// them out, and each ticket keeps the unit price it was sold at (one
    /// per item, in order). Seats, capacity and slots are checked as ever.
    Reissue(Vec<Cents>),
}

/// [`prepare`] by the given rules.
pub(crate) fn prepare_as(
    tx: &Tx,
    request: &SaleRequest,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<Prepared, CounterError> {
    if request.items.is_empty() {
        return Err(CounterError::NothingToSell);
    }
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let tariffs = store::tariffs::all(tx)?;
    if let Some(patron) = request.patron_id
        && !sales::patron_exists(tx, patron)?
    {
        return Err(CounterError::NoPatron(patron));
    }
    let mut selling: HashMap<i64, Selling> = HashMap::new();
    for item in &request.items {
        if let std::collections::hash_map::Entry::Vacant(e) = selling.entry(item.performance_id) {
            e.insert(open_for_sale(
                tx,
                item.performance_id,
                venue.settings.time_zone,
                matches!(rules, Rules::Sale).then_some(now),
            )?);
        }
    }
    let mut checked = Vec::with_capacity(request.items.len());
    for item in &request.items {
        let Some(s) = selling.get_mut(&item.performance_id) else {
            return Err(CounterError::NoPerformance(item.performance_id));
        };
        checked.push(check_item(tx, s, item, &tariffs, request, &checked, now)?);
    }
    check_places(tx, &selling, &checked)?;
    match rules {
        Rules::Sale => check_quotas(tx, &selling, &checked, &tariffs)?,
        Rules::Reissue(units) => {
            for (c, unit) in checked.iter_mut().zip(units) {
                c.unit = *unit;
            }
        }
    }
    let lines = lines(&selling, &checked);
    let baskets: Vec<BasketLine> = lines.iter().map(|l| l.basket).collect();
    let priced = order::price(venue.settings.country, venue.settings.vat_exempt, &baskets)?;
    Ok(Prepared {
        venue,
        tariffs,
        selling,
        checked,
        lines,
        priced,
        subscription: None,
    })
}

/// One ticket: its place right for the hall, its seat free, its tariff
/// offered and priced in its category.
fn check_item(
    tx: &Tx,
    s: &mut Selling,
    item: &Item,
    tariffs: &[Tariff],
    request: &SaleRequest,
    before: &[Checked],
    now: DateTime<Utc>,
) -> Result<Checked, CounterError> {
    let (category_id, seat) = match (s.kind, item.place) {
        (HallKind::Numbered, Place::Seat(seat_id)) => {
            let (name, category) = check_seat(
                tx,
                s.performance.id,
                &s.name,
                seat_id,
                request.cart.as_deref(),
                now,
            )?;
            let twice = before.iter().any(|c| {
                c.item.performance_id == item.performance_id && c.item.place == item.place
            });
            if twice {
                return Err(CounterError::SeatTwice(name));
            }
            (category, Some(name))
        }
        (HallKind::Numbered, _) => return Err(CounterError::NeedsSeats(s.name.clone())),
        (HallKind::General, Place::Unnumbered) | (HallKind::Timed, Place::Slot(_)) => {
            let category = s
                .first_category
                .ok_or_else(|| CounterError::NoCategory(s.name.clone()))?;
            (category, None)
        }
        (HallKind::General, _) | (HallKind::Timed, Place::Seat(_)) => {
            return Err(CounterError::NotNumbered(s.name.clone()));
        }
        (HallKind::Timed, Place::Unnumbered) => {
            return Err(CounterError::NeedsSlot(s.name.clone()));
        }
    };
    let Some(tariff) = tariffs.iter().find(|t| t.id == item.tariff_id) else {
        return Err(CounterError::UnknownTariff(item.tariff_id.to_string()));
    };
    if !s.offered.contains_key(&item.tariff_id) {
        return Err(CounterError::TariffNotOffered {
            tariff: tariff.name.clone(),
            performance: s.name.clone(),
        });
    }
    let quote = request.quoted.get(before.len());
    let (unit, current) = match s.prices.get(&(category_id, item.tariff_id)).copied() {
        _ if tariff.is_complimentary => (Cents::ZERO, Cents::ZERO),
        // Only the counter's own sales follow demand: a website, a reseller
        // or a partner sells at the prices it published.
        Some(base) if !demand::follows(request.channel) => (base, base),
        Some(base) => {
            let at = demand::quote_time(quote.map(|q| &q.0), now);
            let code = s.codes.get(&category_id).cloned().unwrap_or_default();
            let performance_id = s.performance.id;
            (
                s.demand.price(tx, performance_id, base, &code, at)?,
                s.demand.price(tx, performance_id, base, &code, now)?,
            )
        }
        None => {
            return Err(CounterError::NoPrice {
                tariff: tariff.name.clone(),
                category: s.categories.get(&category_id).cloned().unwrap_or_default(),
            });
        }
    };
    if let Some(&(_, shown)) = quote
        && shown != unit
    {
        return Err(CounterError::PriceChanged {
            performance: s.name.clone(),
            tariff: tariff.name.clone(),
            category: s.categories.get(&category_id).cloned().unwrap_or_default(),
            shown,
            now: unit,
        });
    }
    Ok(Checked {
        item: *item,
        category_id,
        unit,
        current,
        seat,
    })
}

/// A seat can be sold: in the hall, in a category, not sold, not held,
/// not in another live basket than `cart`. Its name and category. The one
/// rule for a seat, for the basket taking it and the sale recording it.
pub(crate) fn check_seat(
    tx: &Tx,
    performance_id: i64,
    performance: &PerformanceName,
    seat_id: i64,
    cart: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(SeatName, i64), CounterError> {
    let seat = sales::seat_check(tx, performance_id, seat_id, store::unix(now))?
        .ok_or(CounterError::NoSuchSeat(seat_id))?;
    let name = seat.name;
    if seat.sold {
        return Err(CounterError::SeatSold {
            seat: name,
            performance: performance.clone(),
        });
    }
    if let Some(hold) = seat.hold {
        return Err(CounterError::SeatHeld { seat: name, hold });
    }
    if store::contingents::governed(tx)?
        && !store::contingents::is_lent(tx, performance_id, seat_id)?
    {
        return Err(CounterError::SeatNotLent(name));
    }
    if seat.cart.is_some() && seat.cart.as_deref() != cart {
        return Err(CounterError::SeatInAnotherCart(name));
    }
    match seat.category_id {
        Some(category) => Ok((name, category)),
        None => Err(CounterError::SeatWithoutCategory(name)),
    }
}

/// The performance, checked to be on sale `now` (not cancelled, whatever
/// its sales window, when None), with its categories, tariffs and prices.
fn open_for_sale(
    tx: &Tx,
    performance_id: i64,
    zone: chrono_tz::Tz,
    now: Option<DateTime<Utc>>,
) -> Result<Selling, CounterError> {
    let (performance, show, kind) = store::performances::for_sale(tx, performance_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    let name = PerformanceName {
        show,
        starts_at: performance.starts_at,
        zone,
    };
    if performance.status == PerformanceStatus::Cancelled {
        return Err(CounterError::Cancelled(name));
    }
    if let Some(now) = now {
        check_window(&performance, &name, now)?;
    }
    let categories = store::performances::categories(tx, performance_id)?;
    let prices = store::performances::prices(tx, performance_id)?
        .into_iter()
        .map(|(category, tariff, amount)| ((category, tariff), Cents(amount)))
        .collect();
    Ok(Selling {
        demand: Demand::of(tx, &performance)?,
        first_category: categories.first().map(|c| c.id),
        codes: categories.iter().map(|c| (c.id, c.code.clone())).collect(),
        categories: categories.into_iter().map(|c| (c.id, c.name)).collect(),
        offered: store::performances::offered(tx, performance_id)?
            .into_iter()
            .collect(),
        prices,
        performance,
        name,
        kind,
    })
}

/// Sales open now: not closed, the window begun and not over.
fn check_window(
    performance: &crate::domain::Performance,
    name: &PerformanceName,
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    if performance.status == PerformanceStatus::Closed {
        return Err(CounterError::Closed(name.clone()));
    }
    if let Some(opens) = performance.sales_open_at
        && now < opens
    {
        return Err(CounterError::NotOpenYet {
            performance: name.clone(),
            opens,
        });
    }
    // Without a closing time, walk-ins are sold until the performance ends.
    let closes = performance.sales_close_at.unwrap_or(performance.ends_at);
    if now >= closes {
        return Err(CounterError::SalesOver {
            performance: name.clone(),
            closed: closes,
        });
    }
    Ok(())
}

/// General admission within capacity; timed entry within each slot.
fn check_places(
    tx: &Tx,
    selling: &HashMap<i64, Selling>,
    checked: &[Checked],
) -> Result<(), CounterError> {
    for (performance_id, s) in selling {
        let mine = checked
            .iter()
            .filter(|c| c.item.performance_id == *performance_id);
        match s.kind {
            HallKind::General => {
                let wanted = mine.count() as i64;
                let counts = store::performances::counts(tx, *performance_id)?;
                let left = s.performance.capacity
                    - sales::live_tickets(tx, *performance_id)?
                    - counts.held;
                if wanted > left {
                    return Err(CounterError::SoldOut {
                        performance: s.name.clone(),
                        wanted,
                        left: left.max(0),
                    });
                }
                check_lent(tx, s, wanted)?;
            }
            HallKind::Timed => {
                check_slots(tx, s, mine)?;
            }
            HallKind::Numbered => {}
        }
    }
    Ok(())
}

/// Joined to a central database: general admission within the places lent
/// to this terminal (those it sold included).
fn check_lent(tx: &Tx, s: &Selling, wanted: i64) -> Result<(), CounterError> {
    if !store::contingents::governed(tx)? {
        return Ok(());
    }
    let id = s.performance.id;
    let lent = store::contingents::places(tx, id)?.unwrap_or(0);
    let left = lent - sales::live_tickets(tx, id)?;
    if wanted > left {
        return Err(CounterError::NotEnoughLent {
            performance: s.name.clone(),
            wanted,
            left: left.max(0),
        });
    }
    Ok(())
}

/// Timed entry: each slot within its capacity and, joined to a central
/// database, within the slot's places lent to this terminal.
fn check_slots<'a>(
    tx: &Tx,
    s: &Selling,
    mine: impl Iterator<Item = &'a Checked>,
) -> Result<(), CounterError> {
    let mut per_slot: HashMap<i64, i64> = HashMap::new();
    for c in mine {
        if let Place::Slot(id) = c.item.place {
            *per_slot.entry(id).or_default() += 1;
        }
    }
    let slots = store::performances::slots_in_full(tx, s.performance.id)?;
    for (slot_id, wanted) in per_slot {
        let slot = slots
            .iter()
            .find(|x| x.id == slot_id)
            .ok_or(CounterError::NoSuchSlot(slot_id))?;
        let left = slot.capacity - slot.sold;
        if wanted > left {
            return Err(CounterError::SlotFull {
                slot: slot.starts_at,
                wanted,
                left: left.max(0),
            });
        }
        if let Some(lent) = slot.lent
            && wanted > lent - slot.sold
        {
            return Err(CounterError::NotEnoughLent {
                performance: PerformanceName {
                    starts_at: slot.starts_at,
                    ..s.name.clone()
                },
                wanted,
                left: (lent - slot.sold).max(0),
            });
        }
    }
    Ok(())
}

fn check_quotas(
    tx: &Tx,
    selling: &HashMap<i64, Selling>,
    checked: &[Checked],
    tariffs: &[Tariff],
) -> Result<(), CounterError> {
    let mut wanted: HashMap<(i64, i64), i64> = HashMap::new();
    for c in checked {
        *wanted
            .entry((c.item.performance_id, c.item.tariff_id))
            .or_default() += 1;
    }
    for ((performance_id, tariff_id), wanted) in wanted {
        let s = &selling[&performance_id];
        if let Some(Some(quota)) = s.offered.get(&tariff_id) {
            let sold = store::performances::sold_with_tariff(tx, performance_id, tariff_id)?;
            if sold + wanted > *quota {
                return Err(CounterError::OverQuota {
                    tariff: tariffs
                        .iter()
                        .find(|t| t.id == tariff_id)
                        .map(|t| t.name.clone())
                        .unwrap_or_default(),
                    quota: *quota,
                    left: (quota - sold).max(0),
                    wanted,
                    performance: s.name.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The sale's lines: one per performance, category, tariff and unit price
/// (tickets quoted at different prices are different lines), in the order
/// the clerk added them.
fn lines(selling: &HashMap<i64, Selling>, checked: &[Checked]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, c) in checked.iter().enumerate() {
        let key = (c.item.performance_id, c.category_id, c.item.tariff_id);
        match lines.iter_mut().find(|l| {
            (l.performance_id, l.category_id, l.tariff_id) == key && l.basket.unit == c.unit
        }) {
            Some(line) => {
                line.basket.quantity += 1;
                line.members.push(i);
            }
            None => lines.push(Line {
                performance_id: key.0,
                category_id: key.1,
                tariff_id: key.2,
                basket: BasketLine {
                    unit: c.unit,
                    quantity: 1,
                    rate: selling[&key.0].performance.vat_rate,
                },
                members: vec![i],
            }),
        }
    }
    lines
}

/// Refuses a sale or a refund dated in a day this terminal closed (on the
/// training chain in training mode), or made with no drawer session opened
/// that day (training handles no cash: it needs none).
pub(crate) fn till_open(
    tx: &Tx,
    terminal_id: i64,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    training: bool,
) -> Result<(), CounterError> {
    let day = now.with_timezone(&zone).date_naive();
    let label = day.format("%Y-%m-%d").to_string();
    if store::closings::of(tx, terminal_id, training, "day", &label)?.is_some() {
        return Err(CounterError::DayClosed(day));
    }
    if training {
        return Ok(());
    }
    match store::drawer::last_session(tx, terminal_id, false)? {
        Some(s) if !s.counted && s.day == day => Ok(()),
        Some(s) if !s.counted => Err(CounterError::DrawerOfEarlierDay(s.day)),
        _ => Err(CounterError::NoDrawer),
    }
}

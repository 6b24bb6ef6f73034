//! The sale: tickets, order, lines, payments and the signed ledger record,
//! in one transaction: all of it is written, or none.
//!
//! Everything is checked again inside the transaction (the performance on
//! sale, each seat free and not in another basket, capacity, slots,
//! quotas, prices, payments), because another counter may have sold since
//! the clerk looked. The schema has the last word on seats: a partial
//! unique index allows one live ticket per seat and performance.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::CounterError;
use super::cart::{check_seat, performance_name_of};
use crate::domain::Performance;
use crate::domain::PerformanceName;
use crate::domain::SeatName;
use crate::domain::Tariff;
use crate::domain::journal::{Chain, Kind};
use crate::domain::order::{self, BasketLine, Taxes};
use crate::domain::payment::{self, Payment, Tender};
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::{Cents, Currency, Locale};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::sales::{self, Numbered};
use crate::store::{self, Store, StoreError, Tx};
use crate::tickets::code::{self, Claims};

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
}

/// Sells the request's tickets, or refuses with the first reason found and
/// writes nothing.
pub fn sell(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    store.write(|tx| sell_in(tx, signer, by, request, now))
}

/// A performance's facts needed to sell it, read once per sale.
struct Selling {
    performance: Performance,
    name: PerformanceName,
    kind: HallKind,
    /// The category of unnumbered places (general and timed halls).
    first_category: Option<(i64, String)>,
    categories: HashMap<i64, String>,
    offered: HashMap<i64, Option<i64>>,
}

/// One ticket, checked and priced.
struct Checked {
    item: Item,
    category_id: i64,
    unit: Cents,
    seat: Option<SeatName>,
}

pub(crate) fn sell_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    let prepared = prepare(tx, request, now)?;
    let currency = prepared.venue.settings.currency;
    let settlement = payment::settle(prepared.priced.total, &request.tenders)
        .map_err(|error| CounterError::Payment { error, currency })?;
    record(tx, signer, by, request, &prepared, &settlement, None, now)
}

/// A sale checked and priced, not yet written.
pub(crate) struct Prepared {
    venue: crate::domain::Venue,
    tariffs: Vec<Tariff>,
    selling: HashMap<i64, Selling>,
    checked: Vec<Checked>,
    /// (performance, category, tariff) of each line, in the clerk's order.
    keys: Vec<(i64, i64, i64)>,
    basket: Vec<BasketLine>,
    pub(crate) priced: order::Priced,
}

/// Checks every ticket of the request (inside the caller's transaction)
/// and prices the basket.
pub(crate) fn prepare(
    tx: &Tx,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Prepared, CounterError> {
    if request.items.is_empty() {
        return Err(CounterError::NothingToSell);
    }
    let t = store::unix(now);
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let tariffs = store::tariffs::all(tx)?;
    let tariff = |id: i64| tariffs.iter().find(|t| t.id == id);
    if let Some(patron) = request.patron_id
        && !store::sales::patron_exists(tx, patron)?
    {
        return Err(CounterError::NoPatron(patron));
    }

    let mut selling: HashMap<i64, Selling> = HashMap::new();
    let mut checked = Vec::with_capacity(request.items.len());
    let mut seats_seen = Vec::new();
    for item in &request.items {
        if let std::collections::hash_map::Entry::Vacant(e) = selling.entry(item.performance_id) {
            e.insert(open_for_sale(tx, item.performance_id, now)?);
        }
        let s = &selling[&item.performance_id];
        let (category_id, seat) = match (s.kind, item.place) {
            (HallKind::Numbered, Place::Seat(seat_id)) => {
                let (name, category) = check_seat(tx, item.performance_id, seat_id, &s.name)?;
                if seats_seen.contains(&(item.performance_id, seat_id)) {
                    return Err(CounterError::SeatTwice(name));
                }
                seats_seen.push((item.performance_id, seat_id));
                if let Some(other) = sales::cart_of_seat(tx, item.performance_id, seat_id, t)?
                    && Some(&other) != request.cart.as_ref()
                {
                    return Err(CounterError::SeatInAnotherCart(name));
                }
                (category, Some(name))
            }
            (HallKind::Numbered, _) => return Err(CounterError::NeedsSeats(s.name.clone())),
            (HallKind::General, Place::Unnumbered) => (unnumbered_category(s)?, None),
            (HallKind::General, _) => return Err(CounterError::NotNumbered(s.name.clone())),
            (HallKind::Timed, Place::Slot(_)) => (unnumbered_category(s)?, None),
            (HallKind::Timed, Place::Seat(_)) => {
                return Err(CounterError::NotNumbered(s.name.clone()));
            }
            (HallKind::Timed, Place::Unnumbered) => {
                return Err(CounterError::NeedsSlot(s.name.clone()));
            }
        };
        let Some(tariff) = tariff(item.tariff_id) else {
            return Err(CounterError::UnknownTariff(item.tariff_id.to_string()));
        };
        if !s.offered.contains_key(&item.tariff_id) {
            return Err(CounterError::TariffNotOffered {
                tariff: tariff.name.clone(),
                performance: s.name.clone(),
            });
        }
        let unit = match sales::price(tx, category_id, item.tariff_id)? {
            _ if tariff.is_complimentary => Cents::ZERO,
            Some(amount) => Cents(amount),
            None => {
                return Err(CounterError::NoPrice {
                    tariff: tariff.name.clone(),
                    category: s.categories.get(&category_id).cloned().unwrap_or_default(),
                });
            }
        };
        checked.push(Checked {
            item: *item,
            category_id,
            unit,
            seat,
        });
    }
    check_places(tx, &selling, &checked)?;
    check_quotas(tx, &selling, &checked, &tariffs)?;

    // Lines: one per performance, category and tariff, in the order the
    // clerk added them.
    let mut keys: Vec<(i64, i64, i64)> = Vec::new();
    for c in &checked {
        let key = (c.item.performance_id, c.category_id, c.item.tariff_id);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let members = |key: &(i64, i64, i64)| -> Vec<&Checked> {
        checked
            .iter()
            .filter(|c| (c.item.performance_id, c.category_id, c.item.tariff_id) == *key)
            .collect()
    };
    let basket: Vec<BasketLine> = keys
        .iter()
        .map(|key| {
            let m = members(key);
            BasketLine {
                unit: m[0].unit,
                quantity: m.len() as u32,
                rate: selling[&key.0].performance.vat_rate,
            }
        })
        .collect();
    let priced = order::price(venue.settings.country, venue.settings.vat_exempt, &basket)?;
    Ok(Prepared {
        venue,
        tariffs,
        selling,
        checked,
        keys,
        basket,
        priced,
    })
}

/// Writes a prepared sale settled by `settlement`: numbers, codes, the
/// ledger record (with `link`, e.g. the exchange it is part of), then the
/// rows that point at it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    prepared: &Prepared,
    settlement: &payment::Settlement,
    link: Option<Value>,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    let Prepared {
        venue,
        tariffs,
        selling,
        checked,
        keys,
        basket,
        priced,
    } = prepared;
    let t = store::unix(now);
    let currency = venue.settings.currency;
    let tariff = |id: i64| tariffs.iter().find(|t| t.id == id);
    let members = |key: &(i64, i64, i64)| -> Vec<&Checked> {
        checked
            .iter()
            .filter(|c| (c.item.performance_id, c.category_id, c.item.tariff_id) == *key)
            .collect()
    };
    let order_number = sales::next_number(tx, Numbered::Order, signer.terminal_id)?;
    let mut ticket_number = sales::next_number(tx, Numbered::Ticket, signer.terminal_id)?;
    let key_id = key_id_bytes(&signer.key_id);
    let mut tickets = Vec::with_capacity(checked.len());
    let mut record_lines = Vec::new();
    for (key, (line, amounts)) in keys.iter().zip(basket.iter().zip(&priced.lines)) {
        let s = &selling[&key.0];
        let tariff = tariff(key.2).expect("checked above");
        let category = s.categories.get(&key.1).cloned().unwrap_or_default();
        let shares = order::per_ticket(*amounts, line.quantity);
        for (c, share) in members(key).into_iter().zip(shares) {
            let claims = Claims {
                key_id,
                training: false,
                number: u32::try_from(ticket_number).map_err(|_| CounterError::TooMany)?,
                performance: u32::try_from(key.0).map_err(|_| CounterError::TooMany)?,
                place: match c.item.place {
                    Place::Seat(id) => {
                        code::Place::Seat(u32::try_from(id).map_err(|_| CounterError::TooMany)?)
                    }
                    Place::Slot(id) => {
                        code::Place::Slot(u32::try_from(id).map_err(|_| CounterError::TooMany)?)
                    }
                    Place::Unnumbered => code::Place::Unnumbered,
                },
            };
            let text = code::encode(&claims, &signer.sign(&code::message(&claims)));
            tickets.push(SoldTicket {
                id: 0,
                public_id: store::public_id(now),
                number: ticket_number,
                performance_id: key.0,
                seat: c.seat.clone(),
                slot: match c.item.place {
                    Place::Slot(id) => Some(slot_start(tx, id)?),
                    _ => None,
                },
                tariff: tariff.code.clone(),
                category: category.clone(),
                price: share.incl,
                code: text,
            });
            ticket_number += 1;
        }
        record_lines.push(json!({
            "label": format!(
                "{} — {} — {}",
                s.name.label(Locale::FrFr),
                category,
                tariff.name
            ),
            "performance": s.performance.public_id,
            "category": category,
            "tariff": tariff.code,
            "quantity": line.quantity,
            "unit_price": line.unit.0,
            "vat_rate": line.rate.0,
            "excl": amounts.excl.0,
            "tax": amounts.tax.0,
            "incl": amounts.incl.0,
        }));
    }
    let order_public_id = store::public_id(now);
    let patron_public_id = match request.patron_id {
        Some(id) => Some(sales::patron_public_id(tx, id)?),
        None => None,
    };
    let record = json!({
        "receipt": order_number,
        "order": order_public_id,
        "establishment": venue.public_id,
        "currency": currency.code(),
        "lines": record_lines,
        "taxes": tax_rows(&priced.taxes),
        "total": priced.total.0,
        "payments": settlement.payments.iter().map(payment_json).collect::<Vec<_>>(),
        "change": settlement.change.0,
        "tickets": tickets.iter().map(|tk| json!({
            "number": tk.number,
            "id": tk.public_id,
            "seat": tk.seat.as_ref().map(|s| s.label(Locale::FrFr)),
            "price": tk.price.0,
        })).collect::<Vec<_>>(),
        "patron": patron_public_id,
    });
    let mut record = record;
    if let Some(link) = link {
        record["exchange"] = link;
    }
    let appended = ledger::append(
        tx,
        signer,
        Chain::Fiscal,
        Kind::Sale,
        &by.actor(),
        record,
        now,
    )?;

    let order_id = sales::insert_order(
        tx,
        &sales::NewOrder {
            public_id: &order_public_id,
            terminal_id: signer.terminal_id,
            number: order_number,
            operator_id: by.id,
            patron_id: request.patron_id,
            total: priced.total.0,
            ledger_seq: appended.seq,
            created_at: t,
        },
    )?;
    let mut next = tickets.iter_mut();
    for (key, (line, amounts)) in keys.iter().zip(basket.iter().zip(&priced.lines)) {
        let line_id = sales::insert_line(
            tx,
            order_id,
            &sales::NewLine {
                performance_id: key.0,
                category_id: key.1,
                tariff_id: key.2,
                quantity: line.quantity as i64,
                unit_price: line.unit.0,
                tax_rate: line.rate.0,
                excl: amounts.excl.0,
                tax: amounts.tax.0,
                incl: amounts.incl.0,
            },
        )?;
        for (c, ticket) in members(key).into_iter().zip(next.by_ref()) {
            let (seat_id, slot_id) = match c.item.place {
                Place::Seat(id) => (Some(id), None),
                Place::Slot(id) => (None, Some(id)),
                Place::Unnumbered => (None, None),
            };
            ticket.id = sales::insert_ticket(
                tx,
                &sales::NewTicket {
                    public_id: &ticket.public_id,
                    terminal_id: signer.terminal_id,
                    number: ticket.number,
                    order_line_id: line_id,
                    performance_id: key.0,
                    seat_id,
                    slot_id,
                    price: ticket.price.0,
                    code: &ticket.code,
                    created_at: t,
                },
            )
            .map_err(|e| seat_taken(e, c, selling))?;
        }
    }
    for p in &settlement.payments {
        sales::insert_payment(
            tx,
            order_id,
            p.method.code(),
            p.amount.0,
            p.tendered.map(|c| c.0),
            t,
        )?;
    }
    if let Some(cart) = &request.cart {
        let seats: Vec<i64> = checked
            .iter()
            .filter_map(|c| match c.item.place {
                Place::Seat(id) => Some(id),
                _ => None,
            })
            .collect();
        sales::release_cart(tx, cart, Some(&seats))?;
    }
    if let Some(patron) = request.patron_id {
        sales::touch_patron(tx, patron, t)?;
    }
    Ok(Sold {
        order_id,
        public_id: order_public_id,
        number: order_number,
        total: priced.total,
        change: settlement.change,
        currency,
        payments: settlement.payments.clone(),
        tickets,
        ledger_seq: appended.seq,
    })
}

/// The performance, checked to be on sale now.
fn open_for_sale(
    tx: &Tx,
    performance_id: i64,
    now: DateTime<Utc>,
) -> Result<Selling, CounterError> {
    let performance = store::performances::by_id(tx, performance_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    let name = performance_name_of(tx, &performance)?;
    match performance.status {
        PerformanceStatus::Cancelled => return Err(CounterError::Cancelled(name)),
        PerformanceStatus::Closed => return Err(CounterError::Closed(name)),
        PerformanceStatus::OnSale => {}
    }
    if let Some(opens) = performance.sales_open_at
        && now < opens
    {
        return Err(CounterError::NotOpenYet {
            performance: name,
            opens,
        });
    }
    // Without a closing time, walk-ins are sold until the performance ends.
    let closes = performance.sales_close_at.unwrap_or(performance.ends_at);
    if now >= closes {
        return Err(CounterError::SalesOver {
            performance: name,
            closed: closes,
        });
    }
    let kind = store::halls::by_id(tx, performance.hall_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?
        .kind;
    let categories = store::performances::categories(tx, performance_id)?;
    Ok(Selling {
        first_category: categories.first().map(|c| (c.id, c.name.clone())),
        categories: categories.into_iter().map(|c| (c.id, c.name)).collect(),
        offered: store::performances::offered(tx, performance_id)?
            .into_iter()
            .collect(),
        performance,
        name,
        kind,
    })
}

fn unnumbered_category(s: &Selling) -> Result<i64, CounterError> {
    s.first_category
        .as_ref()
        .map(|(id, _)| *id)
        .ok_or_else(|| CounterError::NoCategory(s.name.clone()))
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
            }
            HallKind::Timed => {
                let mut per_slot: HashMap<i64, i64> = HashMap::new();
                for c in mine {
                    if let Place::Slot(id) = c.item.place {
                        *per_slot.entry(id).or_default() += 1;
                    }
                }
                let slots = store::performances::slots_in_full(tx, *performance_id)?;
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
                }
            }
            HallKind::Numbered => {}
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

/// The schema refused a second live ticket for a seat: another counter
/// sold it between our check and our insert (cannot happen inside one
/// IMMEDIATE transaction, but the index is the last word).
fn seat_taken(e: StoreError, c: &Checked, selling: &HashMap<i64, Selling>) -> CounterError {
    match &c.seat {
        Some(seat) if e.is_constraint() => CounterError::SeatSold {
            seat: seat.clone(),
            performance: selling[&c.item.performance_id].name.clone(),
        },
        _ => CounterError::Store(e),
    }
}

fn slot_start(tx: &Tx, slot_id: i64) -> Result<DateTime<Utc>, CounterError> {
    Ok(store::instant(
        sales::slot_start(tx, slot_id)?.ok_or(CounterError::NoSuchSlot(slot_id))?,
    ))
}

fn key_id_bytes(hex: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    if let Ok(bytes) = data_encoding::HEXLOWER.decode(hex.as_bytes()) {
        for (o, b) in out.iter_mut().zip(bytes) {
            *o = b;
        }
    }
    out
}

pub(crate) fn tax_rows(taxes: &Taxes) -> Vec<Value> {
    taxes
        .rows()
        .iter()
        .map(|r| {
            json!({
                "kind": match r.kind {
                    order::TaxKind::Vat => "vat",
                    order::TaxKind::Gst => "gst",
                    order::TaxKind::Qst => "qst",
                },
                "rate": r.rate.0,
                "base": r.base.0,
                "tax": r.tax.0,
            })
        })
        .collect()
}

pub(crate) fn payment_json(p: &Payment) -> Value {
    json!({
        "method": p.method.code(),
        "amount": p.amount.0,
        "tendered": p.tendered.map(|c| c.0),
    })
}

//! The sale: tickets, order, lines, payments and the signed ledger record,
//! in one transaction: all of it is written, or none.
//!
//! `checks.rs` reads and checks everything inside the transaction first;
//! here the numbers are taken, each ticket's code signed, the record
//! signed, then the rows that point at it are written. The schema has the
//! last word on seats: a partial unique index allows one live ticket per
//! seat and performance.

use chrono::{DateTime, Utc};

use super::checks::{self, Checked, Prepared};
use super::{CounterError, Place, SaleRequest, Sold, SoldTicket, vouchers};
use crate::domain::journal::Chain;
use crate::domain::order::{self, TaxKind, Taxes};
use crate::domain::payment;
use crate::domain::performance::slot_stamp;
use crate::domain::programmed::{Action, FieldChange, Programmed, Subject};
use crate::domain::records::{self, Record};
use crate::domain::{Cents, Locale};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, StoreError, Tx, price_rules, sales};
use crate::tickets::code::{self, Claims};

/// Sells the request's tickets, or refuses with the first reason found and
/// writes nothing.
pub fn sell(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    ledger::write(store, signer, |tx| sell_in(tx, signer, by, request, now))
}

pub(crate) fn sell_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    let prepared = checks::prepare(tx, request, now)?;
    let currency = prepared.venue.settings.currency;
    let settlement = payment::settle(prepared.priced.total, &request.tenders)
        .map_err(|error| CounterError::Payment { error, currency })?;
    record(tx, signer, by, request, &prepared, &settlement, None, now)
}

/// Writes a prepared sale settled by `settlement`: numbers, codes, the
/// ledger record (with `link`, the exchange it is part of and the credit it
/// carries to this sale: a voucher payment naming no voucher), then the rows
/// that point at it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    request: &SaleRequest,
    prepared: &Prepared,
    settlement: &payment::Settlement,
    link: Option<(records::Link, Cents)>,
    now: DateTime<Utc>,
) -> Result<Sold, CounterError> {
    // In training mode, the sale goes to the training chain with its own
    // numbers, its tickets marked as such.
    let training = ledger::training_on(tx, signer.terminal_id)?;
    let zone = prepared.venue.settings.time_zone;
    checks::till_open(tx, signer.terminal_id, now, zone, training)?;
    let terminal = signer.terminal_id;
    let order_number = sales::next_number(tx, sales::Numbered::Order, terminal, training)?;
    let first_ticket = sales::next_number(tx, sales::Numbered::Ticket, terminal, training)?;
    let mut tickets = issue(tx, signer, prepared, (first_ticket, training), now)?;
    let order_public_id = store::public_id(now);
    let patron = match request.patron_id {
        Some(id) => Some(sales::patron_public_id(tx, id)?),
        None => None,
    };
    let sale = Record::Sale(records::Sale {
        receipt: order_number,
        order: order_public_id.clone(),
        establishment: prepared.venue.public_id.clone(),
        currency: prepared.venue.settings.currency.code().into(),
        lines: record_lines(prepared),
        taxes: tax_lines(&prepared.priced.taxes),
        total: prepared.priced.total.0,
        payments: vouchers::payment_lines(tx, &settlement.payments)?,
        change: settlement.change.0,
        tickets: tickets
            .iter()
            .map(|tk| records::SoldTicket {
                number: tk.number,
                id: tk.public_id.clone(),
                seat: tk.seat.as_ref().map(|s| s.label(Locale::FrFr)),
                price: tk.price.0,
                external: None,
                slot: tk.slot.map(|at| {
                    let opens = prepared.selling[&tk.performance_id].performance.starts_at;
                    slot_stamp(opens, at)
                }),
            })
            .collect(),
        patron,
        exchange: link.as_ref().map(|(l, _)| l.clone()),
        channel: Some(request.channel.code().to_owned()),
        imported: None,
        subscription: prepared.subscription.clone(),
    });
    let chain = if training {
        Chain::Training
    } else {
        Chain::Fiscal
    };
    let appended = ledger::append_at(tx, signer, chain, &by.actor(), &sale, now, zone)?;
    let order_id = sales::insert_order(
        tx,
        &sales::NewOrder {
            public_id: &order_public_id,
            terminal_id: signer.terminal_id,
            number: order_number,
            operator_id: by.id,
            patron_id: request.patron_id,
            channel: request.channel.code(),
            total: prepared.priced.total.0,
            ledger_seq: appended.seq,
            created_at: store::unix(now),
            training,
        },
    )?;
    write_rows(
        tx,
        signer,
        prepared,
        (order_id, training),
        &mut tickets,
        now,
    )?;
    for p in &settlement.payments {
        let tendered = p.tendered.map(|c| c.0);
        let t = store::unix(now);
        sales::insert_payment(tx, order_id, p.method.code(), p.amount.0, tendered, t)?;
    }
    let carried = link.as_ref().map_or(Cents::ZERO, |(_, c)| *c);
    let money = (zone, prepared.venue.settings.currency);
    vouchers::spend_in(
        tx,
        &settlement.payments,
        (order_id, carried, training),
        money,
        now,
    )?;
    if !training && super::demand::follows(request.channel) {
        journal_prices(tx, signer, by, prepared, now)?;
    }
    release_and_touch(tx, request, prepared, now)?;
    Ok(Sold {
        order_id,
        public_id: order_public_id,
        number: order_number,
        total: prepared.priced.total,
        change: settlement.change,
        currency: prepared.venue.settings.currency,
        payments: settlement.payments.clone(),
        tickets,
        ledger_seq: appended.seq,
        training,
    })
}

/// The tickets of the sale, numbered from `first` line after line, each
/// with its share of its line and its signed code.
fn issue(
    tx: &Tx,
    signer: &Signer,
    prepared: &Prepared,
    (first, training): (i64, bool),
    now: DateTime<Utc>,
) -> Result<Vec<SoldTicket>, CounterError> {
    let key_id = key_id_bytes(&signer.key_id);
    let mut number = first;
    let mut tickets = Vec::with_capacity(prepared.checked.len());
    for (line, amounts) in prepared.lines.iter().zip(&prepared.priced.lines) {
        let tariff = prepared
            .tariff(line.tariff_id)
            .ok_or_else(|| CounterError::UnknownTariff(line.tariff_id.to_string()))?;
        let s = &prepared.selling[&line.performance_id];
        let category = s.categories.get(&line.category_id).cloned();
        let shares = order::per_ticket(*amounts, line.basket.quantity);
        for (&i, share) in line.members.iter().zip(shares) {
            let c = &prepared.checked[i];
            let claims = Claims {
                key_id,
                training,
                number: small(number)?,
                performance: small(line.performance_id)?,
                place: match c.item.place {
                    Place::Seat(id) => code::Place::Seat(small(id)?),
                    Place::Slot(id) => code::Place::Slot(small(id)?),
                    Place::Unnumbered => code::Place::Unnumbered,
                },
            };
            tickets.push(SoldTicket {
                id: 0,
                public_id: store::public_id(now),
                number,
                performance_id: line.performance_id,
                seat: c.seat.clone(),
                slot: match c.item.place {
                    Place::Slot(id) => Some(slot_start(tx, id)?),
                    _ => None,
                },
                tariff: tariff.code.clone(),
                category: category.clone().unwrap_or_default(),
                price: share.incl,
                code: code::encode(&claims, &signer.sign(&code::message(&claims))),
            });
            number += 1;
        }
    }
    Ok(tickets)
}

/// A number as a ticket code carries it (32 bits).
fn small(n: i64) -> Result<u32, CounterError> {
    u32::try_from(n).map_err(|_| CounterError::TooMany)
}

/// The sale's lines as its record names them.
fn record_lines(prepared: &Prepared) -> Vec<records::SaleLine> {
    prepared
        .lines
        .iter()
        .zip(&prepared.priced.lines)
        .map(|(line, amounts)| {
            let s = &prepared.selling[&line.performance_id];
            let category = s
                .categories
                .get(&line.category_id)
                .cloned()
                .unwrap_or_default();
            let tariff = prepared.tariff(line.tariff_id);
            records::SaleLine {
                label: format!(
                    "{} — {} — {}",
                    s.name.label(Locale::FrFr),
                    category,
                    tariff.map(|t| t.name.as_str()).unwrap_or_default()
                ),
                performance: s.performance.public_id.clone(),
                category,
                tariff: tariff.map(|t| t.code.clone()).unwrap_or_default(),
                quantity: line.basket.quantity,
                unit_price: line.basket.unit.0,
                vat_rate: line.basket.rate.0,
                excl: amounts.excl.0,
                tax: amounts.tax.0,
                incl: amounts.incl.0,
            }
        })
        .collect()
}

/// The order's lines and tickets, the tickets pointing at their line.
fn write_rows(
    tx: &Tx,
    signer: &Signer,
    prepared: &Prepared,
    (order_id, training): (i64, bool),
    tickets: &mut [SoldTicket],
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    let mut next = tickets.iter_mut();
    for (line, amounts) in prepared.lines.iter().zip(&prepared.priced.lines) {
        let line_id = sales::insert_line(
            tx,
            order_id,
            &sales::NewLine {
                performance_id: line.performance_id,
                category_id: line.category_id,
                tariff_id: line.tariff_id,
                quantity: i64::from(line.basket.quantity),
                unit_price: line.basket.unit.0,
                tax_rate: line.basket.rate.0,
                excl: amounts.excl.0,
                tax: amounts.tax.0,
                incl: amounts.incl.0,
            },
        )?;
        for (&i, ticket) in line.members.iter().zip(next.by_ref()) {
            let c = &prepared.checked[i];
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
                    performance_id: line.performance_id,
                    seat_id,
                    slot_id,
                    price: ticket.price.0,
                    code: &ticket.code,
                    created_at: store::unix(now),
                    training,
                },
            )
            .map_err(|e| seat_taken(e, c, prepared))?;
        }
    }
    Ok(())
}

/// The sold seats leave the basket; the patron was in touch today.
fn release_and_touch(
    tx: &Tx,
    request: &SaleRequest,
    prepared: &Prepared,
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    if let Some(cart) = &request.cart {
        let seats: Vec<i64> = prepared
            .checked
            .iter()
            .filter_map(|c| match c.item.place {
                Place::Seat(id) => Some(id),
                _ => None,
            })
            .collect();
        if !seats.is_empty() {
            sales::release_cart(tx, cart, Some(&seats))?;
        }
    }
    if let Some(patron) = request.patron_id {
        sales::touch_patron(tx, patron, store::unix(now))?;
    }
    Ok(())
}

/// The schema refused a second live ticket for a seat: another counter
/// sold it between our check and our insert (cannot happen inside one
/// IMMEDIATE transaction, but the index is the last word).
fn seat_taken(e: StoreError, c: &Checked, prepared: &Prepared) -> CounterError {
    match &c.seat {
        Some(seat) if e.is_constraint() => CounterError::SeatSold {
            seat: seat.clone(),
            performance: prepared.selling[&c.item.performance_id].name.clone(),
        },
        _ => CounterError::Store(e),
    }
}

fn slot_start(tx: &Tx, slot_id: i64) -> Result<DateTime<Utc>, CounterError> {
    Ok(store::instant(
        sales::slot_start(tx, slot_id)?.ok_or(CounterError::NoSuchSlot(slot_id))?,
    ))
}

pub(crate) fn key_id_bytes(hex: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    if let Ok(bytes) = data_encoding::HEXLOWER.decode(hex.as_bytes()) {
        for (o, b) in out.iter_mut().zip(bytes) {
            *o = b;
        }
    }
    out
}

/// A tax table as records write it.
pub(crate) fn tax_lines(taxes: &Taxes) -> Vec<records::TaxLine> {
    taxes
        .rows()
        .iter()
        .map(|r| records::TaxLine {
            kind: match r.kind {
                TaxKind::Vat => "vat",
                TaxKind::Gst => "gst",
                TaxKind::Qst => "qst",
            }
            .into(),
            rate: r.rate.0,
            base: r.base.0,
            tax: r.tax.0,
        })
        .collect()
}

/// Journals, once, each price in effect (what the rules make it now) of
/// the categories and tariffs this sale sold that differs from the last one
/// journaled (or the base price): one signed record per performance, on
/// the fiscal chain (a training sale journals nothing). A basket quoted
/// before keeps its price; the change is journaled all the same. The rules
/// turned off or removed, the grid's price comes back: journaled too.
fn journal_prices(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    prepared: &Prepared,
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    let mut changes: Vec<(i64, Vec<FieldChange>)> = Vec::new();
    let mut seen: Vec<(i64, i64, i64)> = Vec::new();
    for c in &prepared.checked {
        let key = (c.item.performance_id, c.category_id, c.item.tariff_id);
        let s = &prepared.selling[&key.0];
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let applied = price_rules::applied(tx, key.0, key.1, key.2)?;
        // With no rule applied, nothing was journaled and nothing moved:
        // nothing to say (one read of the key, no more).
        if s.demand.is_empty() && applied.is_none() {
            continue;
        }
        let base = s.base_price(key.1, key.2);
        let last = applied.map_or(base, |c| Some(Cents(c)));
        let unit = c.current;
        if last == Some(unit) || prepared.tariff(key.2).is_none_or(|t| t.is_complimentary) {
            continue;
        }
        price_rules::set_applied(tx, key, unit.0, now)?;
        let item = format!(
            "{}/{}",
            s.category_code(key.1),
            prepared.tariff(key.2).map_or("", |t| t.code.as_str())
        );
        let change = FieldChange {
            field: "price".into(),
            item: Some(item),
            before: last.map_or(serde_json::Value::Null, |c| c.0.into()),
            after: unit.0.into(),
        };
        match changes.iter_mut().find(|(p, _)| *p == key.0) {
            Some((_, list)) => list.push(change),
            None => changes.push((key.0, vec![change])),
        }
    }
    for (performance_id, list) in changes {
        let s = &prepared.selling[&performance_id];
        let record = Record::Programmed(Programmed {
            subject: Subject::PriceRules.as_str().to_owned(),
            action: Action::Changed.as_str().to_owned(),
            id: s.performance.public_id.clone(),
            label: s.label(),
            changes: list,
        });
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    }
    Ok(())
}

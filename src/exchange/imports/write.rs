//! Importing a file: mappings met, each order of it placed (or kept aside
//! as a conflict), written, or cancelled when the seller cancelled it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::order::{buyer_language, write_order};
use super::place::{Ctx, by_ids, place};
use super::{Batch, ImportError, OutsideOrder, OutsideTicket, Summary, Unmapped};
use crate::domain::HallKind;
use crate::domain::payment::{Method, Payment};
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Tx, sales};

/// The fingerprint of an order as the seller sold it: its tickets (event,
/// product, seat, price, code), not its status (a cancellation is not a
/// change of content) nor the names and addresses (edited at will).
fn fingerprint(order: &OutsideOrder) -> String {
    let mut o = order.clone();
    o.paid = true;
    o.buyer = Default::default();
    for t in &mut o.tickets {
        t.holder.clear();
        t.number = None;
    }
    let bytes = serde_json::to_vec(&o).unwrap_or_default();
    data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes))
}

/// The whole file, in the caller's transaction.
pub(super) fn batch(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    batch: &Batch,
    e_tickets: bool,
    now: DateTime<Utc>,
) -> Result<Summary, ImportError> {
    let mut ctx = Ctx::new(tx, signer, by, (&batch.source, batch.channel), now)?;
    if let Some(currency) = &batch.currency
        && !currency.eq_ignore_ascii_case(ctx.venue.settings.currency.code())
    {
        return Err(ImportError::Currency {
            file: currency.clone(),
            venue: ctx.venue.settings.currency.code().to_owned(),
        });
    }
    let mut summary = Summary {
        source: batch.source.clone(),
        channel: batch.channel.code().to_owned(),
        orders: batch.orders.len(),
        left_out: batch.left_out,
        ..Summary::default()
    };
    meet_mappings(tx, batch)?;
    summary.unmapped = unmapped(tx, &mut ctx, batch)?;
    // Until everything is mapped no new order lands (the file is imported
    // whole or its new orders not at all), but what the seller cancelled
    // since is cancelled here at once: those tickets must stop at the door.
    let new_ones = summary.unmapped.is_empty();
    for order in &batch.orders {
        if !new_ones && store::imports::met(tx, &batch.source, &order.external)?.is_none() {
            continue;
        }
        if let Some(order_id) = one(tx, &mut ctx, order, &mut summary)?
            && e_tickets
            && e_ticket(tx, &ctx, order, order_id)?
        {
            summary.e_tickets += 1;
        }
    }
    Ok(summary)
}

/// Every event and product the file names is remembered (with its name
/// there); one whose id is a performance's public id or a tariff's code
/// maps itself.
fn meet_mappings(tx: &Tx, batch: &Batch) -> Result<(), ImportError> {
    let mut named: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for o in &batch.orders {
        for t in &o.tickets {
            named.entry(("event", &t.event)).or_insert("");
            named.entry(("product", &t.product)).or_insert("");
        }
    }
    for e in &batch.events {
        named.insert(("event", &e.external), &e.label);
    }
    for p in &batch.products {
        named.insert(("product", &p.external), &p.label);
    }
    for ((kind, external), label) in named {
        store::imports::meet_mapping(tx, &batch.source, kind, external, label)?;
        if store::imports::target(tx, &batch.source, kind, external)?
            .flatten()
            .is_some()
        {
            continue;
        }
        let own = match kind {
            "event" => store::performances::by_public_id(tx, external)?.map(|p| p.id),
            _ => store::tariffs::by_code(tx, external)?.map(|t| t.id),
        };
        if own.is_some() {
            store::imports::set_target(tx, &batch.source, kind, external, own)?;
        }
    }
    Ok(())
}

/// Events and products that new paid orders need and nobody has mapped.
/// pretix gives a seat by its seating plan's id: until that plan is loaded
/// (`load_seats`), an id that names no seat here asks for it ("seats").
fn unmapped(tx: &Tx, ctx: &mut Ctx, batch: &Batch) -> Result<Vec<Unmapped>, ImportError> {
    let mut needed: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    let no_plan = by_ids(&batch.source) && store::imports::seller_seats(tx, &batch.source)? == 0;
    for o in &batch.orders {
        if !o.paid || store::imports::met(tx, &batch.source, &o.external)?.is_some() {
            continue;
        }
        let mut mine = std::collections::BTreeSet::new();
        for t in &o.tickets {
            match ctx.target(tx, "event", &t.event)? {
                None => {
                    mine.insert(("event", t.event.clone()));
                }
                Some(performance) if no_plan && t.seat.is_some() => {
                    if ctx.room(tx, performance)?.kind == HallKind::Numbered {
                        mine.insert(("seats", String::new()));
                    }
                }
                Some(_) => {}
            }
            if ctx.target(tx, "product", &t.product)?.is_none() {
                mine.insert(("product", t.product.clone()));
            }
        }
        for key in mine {
            *needed.entry(key).or_default() += 1;
        }
    }
    let label = |kind: &str, external: &str| {
        let list = if kind == "event" {
            &batch.events
        } else {
            &batch.products
        };
        list.iter()
            .find(|n| n.external == external)
            .map(|n| n.label.clone())
            .unwrap_or_default()
    };
    Ok(needed
        .into_iter()
        .map(|((kind, external), orders)| Unmapped {
            label: label(kind, &external),
            kind: kind.to_owned(),
            external,
            orders,
        })
        .collect())
}

/// One order of the file.
fn one(
    tx: &Tx,
    ctx: &mut Ctx,
    order: &OutsideOrder,
    summary: &mut Summary,
) -> Result<Option<i64>, ImportError> {
    let print = fingerprint(order);
    let at = store::unix(ctx.now);
    match store::imports::met(tx, &ctx.source, &order.external)? {
        Some((id, state, old)) => match state.as_str() {
            "imported" if !order.paid => {
                cancel_imported(tx, ctx, id)?;
                summary.cancelled += 1;
            }
            "imported" if old != print => changed_at_seller(tx, ctx, id, order, &print, summary)?,
            // Cancelled at the seller while it waited, or after it was sent
            // back to be refunded: nothing of it is here to cancel.
            "conflict" | "refunded" if !order.paid => {
                let note = store::imports::by_id(tx, id)?
                    .map(|r| r.note)
                    .unwrap_or_default();
                let d = store::imports::Decision {
                    state: "cancelled",
                    order_id: None,
                    note: &note,
                    by: None,
                    at,
                };
                store::imports::decide(tx, id, &d)?;
                summary.cancelled += 1;
            }
            "conflict" => summary.waiting += 1,
            _ => summary.unchanged += 1,
        },
        // Nothing to admit and never imported: its positions were counted.
        None if !order.paid && order.tickets.is_empty() => {}
        None if !order.paid => summary.left_out.expired += 1,
        None => {
            let payload = serde_json::to_string(order).unwrap_or_default();
            let source = ctx.source.clone();
            let mut new = store::imports::NewImport {
                source: &source,
                external: &order.external,
                channel: ctx.channel.code(),
                state: "imported",
                order_id: None,
                fingerprint: &print,
                payload: &payload,
                problem: None,
                seen_at: at,
            };
            match place(tx, ctx, order, &HashMap::new())? {
                Ok(placed) => {
                    let landed = write_order(tx, ctx, order, &placed)?;
                    new.order_id = Some(landed.order_id);
                    store::imports::insert(tx, &new)?;
                    store::imports::keep(tx, &source, &order.external, &print, &landed.kept)?;
                    summary.imported += 1;
                    summary.tickets += placed.len();
                    match landed.created {
                        Some(true) => summary.patrons_created += 1,
                        Some(false) => summary.patrons_matched += 1,
                        None => {}
                    }
                }
                Err(troubles) => {
                    let problem = serde_json::to_string(&troubles).unwrap_or_default();
                    new.state = "conflict";
                    new.problem = Some(&problem);
                    store::imports::insert(tx, &new)?;
                    summary.conflicts += 1;
                    return Ok(None);
                }
            }
            return Ok(new.order_id);
        }
    }
    Ok(None)
}

/// The order's e-ticket queued for its buyer, in the import's transaction,
/// when the seller gave an address that can take mail: whether it was.
fn e_ticket(tx: &Tx, ctx: &Ctx, order: &OutsideOrder, order_id: i64) -> Result<bool, ImportError> {
    use crate::domain::mail::{MessageKind, check_address};
    let Ok(to) = check_address(&order.buyer.email) else {
        return Ok(false);
    };
    let to = to.to_lowercase();
    let public = sales::order_by_id(tx, order_id)?
        .map(|o| o.public_id)
        .unwrap_or_default();
    let language = buyer_language(order);
    let key = format!("{}:{public}:{to}", MessageKind::ETicket.code());
    crate::exchange::outbox::queue_in(
        tx,
        &key,
        MessageKind::ETicket,
        &to,
        language,
        Some(order_id),
        ctx.by,
        ctx.now,
    )
    .map_err(|e| ImportError::Mail(e.to_string()))?;
    Ok(true)
}

/// An imported order whose tickets changed at the seller. Tickets it no
/// longer has were cancelled there: they are cancelled here (refunded by
/// the seller). Anything else (a ticket added, a seat, price or code
/// changed) is for a person: listed, not applied, until it is.
fn changed_at_seller(
    tx: &Tx,
    ctx: &Ctx,
    id: i64,
    order: &OutsideOrder,
    print: &str,
    summary: &mut Summary,
) -> Result<(), ImportError> {
    let Some(row) = store::imports::by_id(tx, id)? else {
        return Ok(());
    };
    let Ok(mut kept) = serde_json::from_str::<OutsideOrder>(&row.payload) else {
        summary.changed.push(order.external.clone());
        return Ok(());
    };
    let still = |t: &OutsideTicket| order.tickets.iter().any(|n| n.external == t.external);
    let gone: Vec<i64> = kept
        .tickets
        .iter()
        .filter(|t| !still(t))
        .filter_map(|t| t.number)
        .collect();
    if let (Some(order_id), false) = (row.order_id, gone.is_empty()) {
        cancel_at_seller(tx, ctx, order_id, &gone)?;
        summary.tickets_cancelled += gone.len();
    }
    kept.tickets.retain(|t| still(t));
    let same = |a: &OutsideTicket, b: &OutsideTicket| {
        (&a.event, &a.product, &a.seat, a.price, &a.code)
            == (&b.event, &b.product, &b.seat, b.price, &b.code)
    };
    let settled = kept.tickets.len() == order.tickets.len()
        && kept.tickets.iter().all(|k| {
            order
                .tickets
                .iter()
                .any(|n| n.external == k.external && same(k, n))
        });
    let payload = serde_json::to_string(&kept).unwrap_or_default();
    if settled {
        store::imports::keep(tx, &ctx.source, &order.external, print, &payload)?;
    } else {
        store::imports::keep(tx, &ctx.source, &order.external, &row.fingerprint, &payload)?;
        summary.changed.push(order.external.clone());
    }
    Ok(())
}

/// Tickets of an imported order (all its live ones when `numbers` is
/// empty) cancelled because the seller cancelled them: a signed
/// cancellation refunded online by the seller. No drawer, no day open, no
/// refund right of the counter: no money moves here, and the coordinator's
/// right to import is the one checked.
fn cancel_at_seller(tx: &Tx, ctx: &Ctx, order_id: i64, numbers: &[i64]) -> Result<(), ImportError> {
    use crate::counter::refunds::{cancellation, record_cancellation};
    if !sales::tickets_of_order(tx, order_id)?
        .iter()
        .any(|t| t.valid && (numbers.is_empty() || numbers.contains(&t.number)))
    {
        return Ok(());
    }
    let c = cancellation(tx, order_id, numbers)?;
    let refund = Payment {
        voucher: None,
        method: Method::Online,
        amount: c.total,
        tendered: None,
    };
    record_cancellation(
        tx,
        ctx.signer,
        ctx.by,
        &c,
        &[refund],
        crate::domain::Cents::ZERO,
        (None, None),
        ctx.now,
    )?;
    Ok(())
}

/// The seller cancelled an order imported before: its live tickets are
/// cancelled here, refunded online (by the seller: nothing leaves the till).
fn cancel_imported(tx: &Tx, ctx: &Ctx, id: i64) -> Result<(), ImportError> {
    let row = store::imports::by_id(tx, id)?.ok_or(ImportError::NoSuchOrder(id))?;
    if let Some(order_id) = row.order_id {
        cancel_at_seller(tx, ctx, order_id, &[])?;
    }
    let d = store::imports::Decision {
        state: "cancelled",
        order_id: row.order_id,
        note: &row.note,
        by: None,
        at: store::unix(ctx.now),
    };
    store::imports::decide(tx, id, &d)?;
    Ok(())
}

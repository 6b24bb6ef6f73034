//! Writing an import: mappings met, each order placed (or kept aside as a
//! conflict), its signed record and its rows, paid online.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::place::{Ctx, Placed, place, small};
use super::{Batch, ImportError, OutsideOrder, OutsideTicket, Summary, Unmapped};
use crate::counter::cart::performance_name_of;
use crate::counter::sell::{key_id_bytes, payment_line, tax_lines};
use crate::domain::journal::Chain;
use crate::domain::order::{self, BasketLine, Channel};
use crate::domain::patron::PatronDetails;
use crate::domain::payment::{Method, Payment};
use crate::domain::records::{self, Record};
use crate::domain::{Cents, Locale, TaxRate};
use crate::ledger;
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Tx, sales};
use crate::tickets::code::{self, Claims};

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
fn unmapped(tx: &Tx, ctx: &mut Ctx, batch: &Batch) -> Result<Vec<Unmapped>, ImportError> {
    let mut needed: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for o in &batch.orders {
        if !o.paid || store::imports::met(tx, &batch.source, &o.external)?.is_some() {
            continue;
        }
        let mut mine = std::collections::BTreeSet::new();
        for t in &o.tickets {
            if ctx.target(tx, "event", &t.event)?.is_none() {
                mine.insert(("event", t.event.clone()));
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
    let language = if order.buyer.language.to_lowercase().starts_with("en") {
        "en"
    } else {
        "fr"
    };
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
    use crate::counter::orders::{cancellation, record_cancellation};
    if !sales::tickets_of_order(tx, order_id)?
        .iter()
        .any(|t| t.valid && (numbers.is_empty() || numbers.contains(&t.number)))
    {
        return Ok(());
    }
    let c = cancellation(tx, order_id, numbers)?;
    let refund = Payment {
        method: Method::Online,
        amount: c.total,
        tendered: None,
    };
    record_cancellation(tx, ctx.signer, ctx.by, &c, &[refund], (None, None), ctx.now)?;
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

/// The buyer as the patron file has them; None when the seller gave
/// neither a name nor an address.
fn buyer_details(order: &OutsideOrder) -> Option<PatronDetails> {
    let b = &order.buyer;
    if b.email.trim().is_empty() && b.last_name.trim().is_empty() {
        return None;
    }
    let language = if b.language.to_lowercase().starts_with("en") {
        "en"
    } else {
        "fr"
    };
    Some(PatronDetails {
        first_name: b.first_name.clone(),
        last_name: b.last_name.clone(),
        email: b.email.trim().to_lowercase(),
        phone: b.phone.clone(),
        postcode: b.postcode.clone(),
        language: language.to_owned(),
        ..PatronDetails::default()
    })
}

/// The lines of the order: its tickets grouped by performance, category,
/// tariff and price, in the order they first appear; each ticket in its
/// line's order (tickets are numbered line after line).
fn lines(placed: &[Placed]) -> Vec<(BasketLineKey, Vec<&Placed>)> {
    let mut out: Vec<(BasketLineKey, Vec<&Placed>)> = Vec::new();
    for p in placed {
        let key = (p.performance_id, p.category_id, p.tariff_id, p.price);
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(p),
            None => out.push((key, vec![p])),
        }
    }
    out
}

type BasketLineKey = (i64, i64, i64, i64);

/// Writes a placed order: its patron, numbers, codes, its signed record,
/// then its rows, paid online. Returns the order and whether its patron was
/// created (Some(true)), matched (Some(false)) or none was given.
pub(super) fn write_order(
    tx: &Tx,
    ctx: &mut Ctx,
    order: &OutsideOrder,
    placed: &[Placed],
) -> Result<Landed, ImportError> {
    let terminal = ctx.signer.terminal_id;
    let (patron, created) = patron_of(tx, ctx, order)?;
    let grouped = lines(placed);
    let mut baskets = Vec::with_capacity(grouped.len());
    for ((performance_id, ..), members) in &grouped {
        let rate = ctx.room(tx, *performance_id)?.performance.vat_rate;
        baskets.push(BasketLine {
            unit: Cents(members[0].price),
            quantity: u32::try_from(members.len()).unwrap_or(u32::MAX),
            rate,
        });
    }
    let settings = ctx.venue.settings.clone();
    let priced = order::price(settings.country, settings.vat_exempt, &baskets)
        .map_err(|e| ImportError::Counter(Box::new(e.into())))?;
    let number = sales::next_number(tx, sales::Numbered::Order, terminal, false)?;
    let first = sales::next_number(tx, sales::Numbered::Ticket, terminal, false)?;
    let order_public = store::public_id(ctx.now);
    let (record_lines, record_tickets, issued) = issue(tx, ctx, &grouped, &priced, first)?;
    let payments = [Payment {
        method: Method::Online,
        amount: priced.total,
        tendered: None,
    }];
    let record = Record::OrderImported(records::Sale {
        receipt: number,
        order: order_public.clone(),
        establishment: ctx.venue.public_id.clone(),
        currency: settings.currency.code().into(),
        lines: record_lines,
        taxes: tax_lines(&priced.taxes),
        total: priced.total.0,
        payments: payments.iter().map(payment_line).collect(),
        change: 0,
        tickets: record_tickets,
        patron: patron
            .map(|id| sales::patron_public_id(tx, id))
            .transpose()?,
        exchange: None,
        channel: Some(ctx.channel.code().to_owned()),
        imported: Some(records::Imported {
            source: ctx.source.clone(),
            external: order.external.clone(),
        }),
    });
    let zone = settings.time_zone;
    let appended = ledger::append_at(
        tx,
        ctx.signer,
        Chain::Fiscal,
        &ctx.by.actor(),
        &record,
        ctx.now,
        zone,
    )?;
    let order_id = sales::insert_order(
        tx,
        &sales::NewOrder {
            public_id: &order_public,
            terminal_id: terminal,
            number,
            operator_id: ctx.by.id,
            patron_id: patron,
            channel: ctx.channel.code(),
            total: priced.total.0,
            ledger_seq: appended.seq,
            created_at: store::unix(order.placed_at),
            training: false,
        },
    )?;
    write_rows(tx, ctx, order_id, &grouped, &priced, &issued)?;
    sales::insert_payment(
        tx,
        order_id,
        Method::Online.code(),
        priced.total.0,
        None,
        store::unix(order.placed_at),
    )?;
    if let Some(p) = patron {
        sales::touch_patron(
            tx,
            p,
            store::unix(order.placed_at).min(store::unix(ctx.now)),
        )?;
    }
    // What is kept of the order: its tickets with the numbers issued here,
    // not its buyer (who is in the patron file now, and may be erased).
    let mut kept = order.clone();
    kept.buyer = Default::default();
    for t in &mut kept.tickets {
        t.holder.clear();
        t.number = issued
            .iter()
            .find(|i| i.4.ticket == t.external)
            .map(|i| i.0);
    }
    Ok(Landed {
        order_id,
        created,
        kept: serde_json::to_string(&kept).unwrap_or_default(),
    })
}

/// What the record says of each line and ticket, and each ticket as it is
/// written: numbered from `first`, line after line, each code signed.
#[allow(clippy::type_complexity)]
fn issue<'p>(
    tx: &Tx,
    ctx: &mut Ctx,
    grouped: &[(BasketLineKey, Vec<&'p Placed>)],
    priced: &order::Priced,
    first: i64,
) -> Result<
    (
        Vec<records::SaleLine>,
        Vec<records::SoldTicket>,
        Vec<Issued<'p>>,
    ),
    ImportError,
> {
    let mut ticket_number = first;
    let key_id = key_id_bytes(&ctx.signer.key_id);
    let mut record_lines = Vec::new();
    let mut record_tickets = Vec::new();
    let mut issued = Vec::new();
    for (((performance_id, category_id, tariff_id, _), members), amounts) in
        grouped.iter().zip(&priced.lines)
    {
        let room = ctx.room(tx, *performance_id)?;
        let name = performance_name_of(tx, &room.performance)?;
        let category = room
            .categories
            .get(category_id)
            .cloned()
            .unwrap_or_default();
        let (tariff_code, tariff_name) = ctx.tariffs.get(tariff_id).cloned().unwrap_or_default();
        let room = ctx.room(tx, *performance_id)?;
        record_lines.push(records::SaleLine {
            label: format!(
                "{} — {} — {}",
                name.label(Locale::FrFr),
                category,
                tariff_name
            ),
            performance: room.performance.public_id.clone(),
            category,
            tariff: tariff_code,
            quantity: u32::try_from(members.len()).unwrap_or(u32::MAX),
            unit_price: members[0].price,
            vat_rate: room.performance.vat_rate.0,
            excl: amounts.excl.0,
            tax: amounts.tax.0,
            incl: amounts.incl.0,
        });
        let shares = order::per_ticket(*amounts, u32::try_from(members.len()).unwrap_or(u32::MAX));
        for (p, share) in members.iter().zip(shares) {
            let claims = Claims {
                key_id,
                training: false,
                number: small(ticket_number)?,
                performance: small(p.performance_id)?,
                place: p.place,
            };
            let code = code::encode(&claims, &ctx.signer.sign(&code::message(&claims)));
            let public_id = store::public_id(ctx.now);
            // A seller's code already standing for a ticket here (another
            // seller's, or one reused) stays that ticket's: this one is
            // admitted by its own code only.
            let external = match p.code.as_deref().map(code::seller_code_hash) {
                Some(h) if store::imports::external_code_known(tx, &h)? => None,
                h => h,
            };
            record_tickets.push(records::SoldTicket {
                number: ticket_number,
                id: public_id.clone(),
                seat: p.seat.as_ref().map(|s| s.label(Locale::FrFr)),
                price: share.incl.0,
                external: external.clone(),
            });
            issued.push((ticket_number, public_id, code, share.incl.0, *p, external));
            ticket_number += 1;
        }
    }
    Ok((record_lines, record_tickets, issued))
}

/// The patron the buyer is (matched or created), and whether created;
/// none when the seller named nobody.
fn patron_of(
    tx: &Tx,
    ctx: &Ctx,
    order: &OutsideOrder,
) -> Result<(Option<i64>, Option<bool>), ImportError> {
    Ok(match buyer_details(order) {
        Some(d) => {
            let source = if ctx.channel == Channel::Web {
                "online"
            } else {
                "reseller"
            };
            let (id, found) = crate::audience::import::find_or_add_from(tx, &d, source, ctx.now)?;
            let created = found == crate::audience::import::Found::Created;
            (Some(id), Some(created))
        }
        None => (None, None),
    })
}

/// An order landed: its id here, whether its patron was created (Some(true))
/// or matched (Some(false)), and what is kept of it.
pub(super) struct Landed {
    pub(super) order_id: i64,
    pub(super) created: Option<bool>,
    pub(super) kept: String,
}

type Issued<'p> = (i64, String, String, i64, &'p Placed, Option<String>);

fn write_rows(
    tx: &Tx,
    ctx: &Ctx,
    order_id: i64,
    grouped: &[(BasketLineKey, Vec<&Placed>)],
    priced: &order::Priced,
    issued: &[Issued],
) -> Result<(), ImportError> {
    let mut next = issued.iter();
    for (((performance_id, category_id, tariff_id, unit), members), amounts) in
        grouped.iter().zip(&priced.lines)
    {
        let rate = ctx
            .rooms
            .get(performance_id)
            .map_or(TaxRate::ZERO, |r| r.performance.vat_rate);
        let line_id = sales::insert_line(
            tx,
            order_id,
            &sales::NewLine {
                performance_id: *performance_id,
                category_id: *category_id,
                tariff_id: *tariff_id,
                quantity: members.len() as i64,
                unit_price: *unit,
                tax_rate: rate.0,
                excl: amounts.excl.0,
                tax: amounts.tax.0,
                incl: amounts.incl.0,
            },
        )?;
        for (number, public_id, code, price, p, external) in next.by_ref().take(members.len()) {
            if let Some(seat) = p.seat_id {
                store::imports::take_from_carts(tx, p.performance_id, seat)?;
            }
            let ticket_id = sales::insert_ticket(
                tx,
                &sales::NewTicket {
                    public_id,
                    terminal_id: ctx.signer.terminal_id,
                    number: *number,
                    order_line_id: line_id,
                    performance_id: p.performance_id,
                    seat_id: p.seat_id,
                    slot_id: p.slot_id,
                    price: *price,
                    code,
                    created_at: store::unix(ctx.now),
                    training: false,
                },
            )?;
            if let Some(hash) = external {
                store::imports::insert_external_code(tx, hash, ticket_id)?;
            }
        }
    }
    Ok(())
}

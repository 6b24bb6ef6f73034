//! Writing one order that landed: its patron, its lines priced, its
//! tickets numbered and signed, its signed record, then its rows, paid
//! online.

use super::place::{Ctx, Placed, small};
use super::{ImportError, OutsideOrder};
use crate::counter::cart::performance_name_of;
use crate::counter::sell::{key_id_bytes, tax_lines};
use crate::domain::journal::Chain;
use crate::domain::order::{self, BasketLine, Channel};
use crate::domain::patron::PatronDetails;
use crate::domain::payment::{Method, Payment};
use crate::domain::performance::slot_stamp;
use crate::domain::records::{self, Record};
use crate::domain::{Cents, Locale, TaxRate};
use crate::ledger;
use crate::store::{self, Tx, sales};
use crate::tickets::code::{self, Claims};

/// The buyer's language as Guichet writes to them: English when the seller
/// says so (en, en-GB…), else French.
pub(super) fn buyer_language(order: &OutsideOrder) -> &'static str {
    if order.buyer.language.to_lowercase().starts_with("en") {
        "en"
    } else {
        "fr"
    }
}

/// The buyer as the patron file has them; None when the seller gave
/// neither a name nor an address.
fn buyer_details(order: &OutsideOrder) -> Option<PatronDetails> {
    let b = &order.buyer;
    if b.email.trim().is_empty() && b.last_name.trim().is_empty() {
        return None;
    }
    let language = buyer_language(order);
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
        voucher: None,
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
        payments: crate::counter::vouchers::payment_lines(tx, &payments)?,
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
        subscription: None,
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
        // Each slot as the sale record names it.
        let stamps: Vec<(i64, String)> = room
            .slots
            .iter()
            .map(|s| (s.id, slot_stamp(room.performance.starts_at, s.starts_at)))
            .collect();
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
                slot: p
                    .slot_id
                    .and_then(|id| stamps.iter().find(|(s, _)| *s == id))
                    .map(|(_, stamp)| stamp.clone()),
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

//! The coordinator's decisions on orders in conflict, and outside orders
//! as the window and the command line list them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::order::write_order;
use super::place::{Ctx, Override, Problem, Trouble, nearest_free, place};
use super::{Decision, ImportError, Outside, OutsideOrder};
use crate::domain::HallKind;
use crate::domain::order::Channel;
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Tx, imports::ImportRow, sales};

/// The coordinator's decision on an order in conflict.
pub(super) fn decide(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<(), ImportError> {
    let row = store::imports::by_id(tx, id)?.ok_or(ImportError::NoSuchOrder(id))?;
    if row.state != "conflict" {
        return Err(ImportError::NotAConflict(id));
    }
    let channel = Channel::from_code(&row.channel).unwrap_or(Channel::Web);
    let mut ctx = Ctx::new(tx, signer, by, (&row.source, channel), now)?;
    let order: OutsideOrder =
        serde_json::from_str(&row.payload).map_err(|_| ImportError::NoSuchOrder(id))?;
    let troubles: Vec<Trouble> = row
        .problem
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default();
    let mut decided = store::imports::Decision {
        state: "imported",
        order_id: None,
        note: "",
        by: Some(by.id),
        at: store::unix(now),
    };
    let overrides = match decision {
        Decision::Refund { note } => {
            decided.state = "refunded";
            decided.note = checked_note(note)?;
            store::imports::decide(tx, id, &decided)?;
            return Ok(());
        }
        Decision::Overbook { note } => {
            decided.note = checked_note(note)?;
            troubles
                .iter()
                .map(|t| (t.ticket.clone(), Override::Unseated))
                .collect()
        }
        Decision::Move(seats) => moved(tx, &mut ctx, &order, seats)?,
    };
    match place(tx, &mut ctx, &order, &overrides)? {
        Ok(placed) => {
            let landed = write_order(tx, &mut ctx, &order, &placed)?;
            decided.order_id = Some(landed.order_id);
            store::imports::decide(tx, id, &decided)?;
            store::imports::keep(
                tx,
                &row.source,
                &row.external,
                &row.fingerprint,
                &landed.kept,
            )?;
            Ok(())
        }
        Err(mut left) => Err(ImportError::Unresolved(left.remove(0))),
    }
}

fn checked_note(note: &str) -> Result<&str, ImportError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(ImportError::NoteNeeded);
    }
    Ok(note)
}

/// Where each ticket of the order in trouble moves: the seats named (in the
/// order of the troubled tickets), else the first free seats of the
/// category its claimed seat is in (or the performance's first).
fn moved(
    tx: &Tx,
    ctx: &mut Ctx,
    order: &OutsideOrder,
    named: &[String],
) -> Result<HashMap<String, Override>, ImportError> {
    let now = store::unix(ctx.now);
    let mut overrides = HashMap::new();
    // First the seats that are fine as claimed: they stay, and the moved
    // tickets go near them.
    let mut chosen: Vec<(i64, i64)> = Vec::new();
    let mut troubled = Vec::new();
    for t in &order.tickets {
        let Some(performance_id) = ctx.target(tx, "event", &t.event)? else {
            continue;
        };
        let (name, claimed) = ctx.claimed(tx, t, performance_id)?;
        if ctx.room(tx, performance_id)?.kind != HallKind::Numbered {
            continue;
        }
        let fine = match claimed {
            Some(seat) => sales::seat_check(tx, performance_id, seat, now)?
                .is_some_and(|c| !c.sold && c.hold.is_none() && c.category_id.is_some()),
            None => false,
        };
        match claimed {
            Some(seat) if fine && !chosen.contains(&(performance_id, seat)) => {
                chosen.push((performance_id, seat));
            }
            _ => troubled.push((t, performance_id, claimed, name)),
        }
    }
    let mut named = named.iter();
    for (t, performance_id, claimed, claimed_name) in troubled {
        let room = ctx.room(tx, performance_id)?;
        let seat = match named.next() {
            Some(name) => room.seat(name).ok_or_else(|| {
                ImportError::Unresolved(Trouble {
                    ticket: t.external.clone(),
                    seat: Some(name.clone()),
                    performance: performance_id,
                    why: Problem::UnknownSeat,
                })
            })?,
            None => {
                let category = claimed
                    .map(|s| sales::seat_check(tx, performance_id, s, now))
                    .transpose()?
                    .flatten()
                    .and_then(|c| c.category_id)
                    .or(room.first_category.as_ref().map(|c| c.0));
                let mut near: Vec<i64> = claimed.into_iter().collect();
                near.extend(chosen.iter().filter(|c| c.0 == performance_id).map(|c| c.1));
                nearest_free(tx, performance_id, category, &near, &chosen, now)?.ok_or_else(
                    || {
                        ImportError::Unresolved(Trouble {
                            ticket: t.external.clone(),
                            seat: claimed_name.clone(),
                            performance: performance_id,
                            why: Problem::Full,
                        })
                    },
                )?
            }
        };
        chosen.push((performance_id, seat));
        overrides.insert(t.external.clone(), Override::Seat(seat));
    }
    Ok(overrides)
}

/// An outside order as the coordinator sees it.
pub(super) fn outside(tx: &Tx, r: ImportRow) -> Result<Outside, ImportError> {
    let order: Option<OutsideOrder> = serde_json::from_str(&r.payload).ok();
    // What kept it from landing, while it still does.
    let trouble: Vec<Trouble> = r
        .problem
        .as_deref()
        .filter(|_| r.state == "conflict")
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or_default();
    // A landed order's buyer is its patron (not kept with the order).
    let patron = match r.order_id {
        Some(id) => sales::order_by_id(tx, id)?
            .and_then(|o| o.patron_id)
            .map(|p| store::patrons::row(tx, p))
            .transpose()?
            .flatten(),
        None => None,
    };
    let (buyer, email, tickets, amount, placed_at) = match &order {
        Some(o) => (
            match &patron {
                Some(p) => format!("{} {}", p.details.first_name, p.details.last_name),
                None => format!("{} {}", o.buyer.first_name, o.buyer.last_name),
            }
            .trim()
            .to_owned(),
            patron
                .as_ref()
                .map_or_else(|| o.buyer.email.clone(), |p| p.details.email.clone()),
            o.tickets.len(),
            o.tickets.iter().map(|t| t.price).sum(),
            o.placed_at,
        ),
        None => (
            String::new(),
            String::new(),
            0,
            0,
            store::instant(r.seen_at),
        ),
    };
    Ok(Outside {
        id: r.id,
        source: r.source,
        external: r.external,
        channel: r.channel,
        state: r.state,
        order_id: r.order_id,
        buyer,
        email,
        tickets,
        amount,
        placed_at,
        trouble,
        note: r.note,
        decided_by: r.decided_by,
        decided_at: r.decided_at.map(store::instant),
    })
}

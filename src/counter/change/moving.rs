//! A performance moved to another date with its holders, in one
//! transaction: the old one cancelled (journaled with where it went), the
//! new date taken or made as its copy, and for each order an exchange that
//! moves no money: the new tickets sold at the old unit prices, paid by
//! the old tickets' credit (a voucher), the old tickets cancelled naming
//! the new date and their replacements (so the door can say where they
//! went). Each keeps its seat when it is free on the new date, else gets
//! the best free seats of its category, side by side when it can. A new
//! date that cannot take everyone refuses the move, writing nothing.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, SecondsFormat, Utc};

use super::notices::{self, Fate};
use super::{ChangeError, Changed, Holder, Holders, OrderDone, holders_in, may};
use crate::counter::checks::{Rules, prepare_as, till_open};
use crate::counter::offer::{Offer, SeatState, load_in};
use crate::counter::printed::make_in;
use crate::counter::refunds::{cancellation, carried_credit, record_cancellation};
use crate::counter::{CounterError, Item, Place, SaleRequest, sell};
use crate::domain::best::{Candidate, best_available};
use crate::domain::payment::{Method, settle};
use crate::domain::records::{Link, Moved};
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::seat_plan::SeatFlags;
use crate::domain::{Cents, Performance};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::programming::By;
use crate::programming::reschedule::move_in;
use crate::store::{self, Store, Tx};

/// Moves a performance to `starts_at` (its length kept) with its holders:
/// new tickets on the new date, the old ones refused at the door with the
/// new date, each holder told. Refused whole, writing nothing, when the
/// new date cannot take every ticket, or at any other problem.
pub fn move_performance(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performance_id: i64,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Changed, ChangeError> {
    may(by)?;
    let db = store.path().to_path_buf();
    ledger::write(store, signer, |tx| {
        let holders = holders_in(tx, performance_id)?;
        let name = holders.performance.clone();
        if holders.status == PerformanceStatus::Cancelled && holders.orders.is_empty() {
            return Err(ChangeError::NothingToDo(name));
        }
        if starts_at == name.starts_at {
            return Err(ChangeError::SameDate(name));
        }
        if starts_at <= now {
            let zone = name.zone;
            return Err(ChangeError::InThePast {
                at: starts_at,
                zone,
            });
        }
        if !holders.orders.is_empty() {
            if ledger::training_on(tx, signer.terminal_id)? {
                return Err(CounterError::InTraining.into());
            }
            till_open(tx, signer.terminal_id, now, name.zone, false)?;
        }
        let acting = By {
            operator: by,
            signer,
            now,
        };
        let (old, new, made) = move_in(tx, &acting, performance_id, starts_at)?;
        let offer = load_in(tx, new.id, None, now)?;
        let to = offer.name();
        let places = place(&offer, &holders, new.starts_at - old.starts_at)?;
        let mut done = Changed {
            performance: name.clone(),
            moved_to: Some((new.id, to.clone(), made)),
            currency: holders.currency,
            orders: Vec::new(),
            refunded: Vec::new(),
            notices: 0,
            to_call: 0,
            call_list: None,
            tickets_kept: Vec::new(),
        };
        let mut calls = Vec::new();
        for (holder, places) in holders.orders.iter().zip(places) {
            let order = reissue(tx, (signer, by), holder, &new, &places, now)?;
            let fate = Fate::Moved {
                to: &to,
                order_id: order.new_order_id,
                tickets: &order.done.replaced_by,
                seats_kept: order.done.seats_kept,
                credit: order.done.credit.as_ref(),
            };
            let notice = notices::queue(tx, by, (&old, &name), holder, &fate, now)?;
            if holder.email().is_none() {
                calls.push(notices::call_line(holder, &fate, holders.currency));
                let kept = make_in(tx, &db, order.new_order_id, now)?;
                done.tickets_kept.push(kept);
            }
            done.notices += usize::from(notice);
            for (m, a) in &order.done.refunds {
                super::add_to(&mut done.refunded, *m, *a);
            }
            done.orders.push(OrderDone {
                notice,
                ..order.done
            });
        }
        done.to_call = calls.len();
        done.call_list =
            notices::write_call_list(&db, (performance_id, &name), Some(&to), &calls, now)?;
        Ok(done)
    })
}

/// One order moved: what was done, and its new order's id.
struct Reissued {
    done: OrderDone,
    new_order_id: i64,
}

/// One order's tickets re-issued on the new date at `places`: the sale
/// paid by the old tickets' credit, then the old tickets cancelled naming
/// their replacements; both records carry the same exchange id.
fn reissue(
    tx: &Tx,
    (signer, by): (&Signer, &Operator),
    holder: &Holder,
    new: &Performance,
    places: &[Place],
    now: DateTime<Utc>,
) -> Result<Reissued, ChangeError> {
    let numbers: Vec<i64> = holder.tickets.iter().map(|t| t.number).collect();
    let c = cancellation(tx, holder.order_id, &numbers)?;
    let request = SaleRequest {
        quoted: Vec::new(),
        items: holder
            .tickets
            .iter()
            .zip(places)
            .map(|(t, place)| Item {
                performance_id: new.id,
                place: *place,
                tariff_id: t.tariff_id,
            })
            .collect(),
        tenders: Vec::new(),
        patron_id: holder.contact.as_ref().map(|c| c.patron_id),
        cart: None,
        channel: channel_of(tx, holder.order_id)?,
    };
    let units = holder.tickets.iter().map(|t| t.unit).collect();
    let mut prepared = prepare_as(tx, &request, &Rules::Reissue(units), now)?;
    // A subscription's tickets moved stay its own (its record, its orders).
    let (subscriptions, named) = crate::counter::subscriptions::held_by(tx, holder.order_id)?;
    prepared.subscription = named;
    let credit = -c.total;
    let due = prepared.priced.total;
    if due > credit {
        return Err(ChangeError::CostsMore {
            order: holder.order_number,
            paid: credit,
            due,
            currency: prepared.venue.settings.currency,
        });
    }
    let (tenders, refunds) = carried_credit(credit, due);
    let currency = prepared.venue.settings.currency;
    let settlement =
        settle(due, &tenders).map_err(|error| CounterError::Payment { error, currency })?;
    let link = Link {
        id: store::public_id(now),
    };
    let sold = sell::record(
        tx,
        signer,
        by,
        &request,
        &prepared,
        &settlement,
        Some((link.clone(), due)),
        now,
    )?;
    for subscription in subscriptions {
        store::subscriptions::add_order(tx, subscription, sold.order_id)?;
    }
    // The sale numbers its tickets line by line: back to the request's order.
    let mut replaced_by = vec![0; request.items.len()];
    let mut next = sold.tickets.iter();
    for line in &prepared.lines {
        for (&i, ticket) in line.members.iter().zip(next.by_ref()) {
            replaced_by[i] = ticket.number;
        }
    }
    let back = credit - due;
    let moved = Moved {
        performance: new.public_id.clone(),
        starts_at: new.starts_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        tickets: replaced_by.clone(),
    };
    let exchange = (Some(link), Some(moved));
    let refunded = record_cancellation(tx, signer, by, &c, &refunds, due, exchange, now)?;
    let seats_kept = holder
        .tickets
        .iter()
        .zip(places)
        .filter(|(t, p)| matches!((t.seat_id, p), (Some(a), Place::Seat(b)) if a == *b))
        .count();
    Ok(Reissued {
        new_order_id: sold.order_id,
        done: OrderDone {
            order_number: holder.order_number,
            contact: holder.contact.clone(),
            tickets: numbers,
            new_order: Some(sold.number),
            replaced_by,
            seats_kept,
            refunds: (back > Cents::ZERO)
                .then_some((Method::Voucher, back))
                .into_iter()
                .collect(),
            credit: refunded.credit,
            notice: false,
        },
    })
}

/// Through whom the order was sold, as its signed sale says (the counter
/// when it does not say).
fn channel_of(tx: &Tx, order_id: i64) -> Result<crate::domain::order::Channel, ChangeError> {
    let body = store::sales::sale_record(tx, order_id)?;
    let channel = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| {
            let code = v.get("data")?.get("channel")?.as_str()?.to_owned();
            crate::domain::order::Channel::from_code(&code)
        });
    Ok(channel.unwrap_or_default())
}

/// Where every holder's tickets go on the new date, holder by holder and
/// ticket by ticket; `shift` is how far the performance moved.
fn place(
    offer: &Offer,
    holders: &Holders,
    shift: chrono::Duration,
) -> Result<Vec<Vec<Place>>, ChangeError> {
    let to = offer.name();
    match offer.hall.kind {
        HallKind::Numbered => place_seats(offer, holders),
        HallKind::General => {
            let wanted = holders.tickets() as i64;
            let left = offer.available();
            if wanted > left {
                return Err(ChangeError::NotEnoughPlaces { wanted, left, to });
            }
            Ok(holders
                .orders
                .iter()
                .map(|h| vec![Place::Unnumbered; h.tickets.len()])
                .collect())
        }
        HallKind::Timed => place_slots(offer, holders, shift),
    }
}

/// Timed entry: each ticket in the slot at its old slot's time moved along.
fn place_slots(
    offer: &Offer,
    holders: &Holders,
    shift: chrono::Duration,
) -> Result<Vec<Vec<Place>>, ChangeError> {
    let zone = offer.zone;
    let mut wanted: BTreeMap<i64, i64> = BTreeMap::new();
    let mut out = Vec::new();
    for h in &holders.orders {
        let mut places = Vec::new();
        for t in &h.tickets {
            let at = t.slot.map_or(offer.performance.starts_at, |s| s + shift);
            let slot = offer
                .slots
                .iter()
                .find(|s| s.starts_at == at)
                .ok_or(ChangeError::NoSlot { at, zone })?;
            *wanted.entry(slot.id).or_default() += 1;
            places.push(Place::Slot(slot.id));
        }
        out.push(places);
    }
    for (id, wanted) in wanted {
        if let Some(slot) = offer.slot(id)
            && wanted > slot.left()
        {
            return Err(ChangeError::SlotFull {
                at: slot.starts_at,
                zone,
                wanted,
                left: slot.left(),
            });
        }
    }
    Ok(out)
}

/// A numbered hall: first every ticket whose seat is free on the new date
/// and of the same category keeps it; then, holder by holder, the others
/// get the best free seats of their category (side by side when a row
/// has them, else one by one). Refused when a category has too few.
fn place_seats(offer: &Offer, holders: &Holders) -> Result<Vec<Vec<Place>>, ChangeError> {
    let to = offer.name();
    let code_of = |seat: i64| -> Option<&str> {
        let category = offer.seat_category.get(&seat)?;
        let c = offer.categories.iter().find(|c| c.id == *category)?;
        Some(c.code.as_str())
    };
    let mut taken: HashSet<i64> = HashSet::new();
    let mut chosen: Vec<Vec<Option<i64>>> = Vec::new();
    for h in &holders.orders {
        let mut seats = Vec::new();
        for t in &h.tickets {
            let keep = t.seat_id.filter(|s| {
                offer.sellable(*s) && code_of(*s) == Some(t.category.as_str()) && !taken.contains(s)
            });
            if let Some(s) = keep {
                taken.insert(s);
            }
            seats.push(keep);
        }
        chosen.push(seats);
    }
    // Enough free seats in each category for the tickets still to seat?
    let mut needed: BTreeMap<&str, usize> = BTreeMap::new();
    for (h, seats) in holders.orders.iter().zip(&chosen) {
        for (t, seat) in h.tickets.iter().zip(seats) {
            if seat.is_none() {
                *needed.entry(t.category.as_str()).or_default() += 1;
            }
        }
    }
    for (code, wanted) in &needed {
        let category = offer
            .categories
            .iter()
            .find(|c| c.code == *code)
            .ok_or_else(|| ChangeError::NoCategory {
                code: (*code).to_owned(),
                to: to.clone(),
            })?;
        let free = candidates(offer, category.id, &taken)
            .iter()
            .filter(|c| c.free && !c.reserved_for_access)
            .count();
        if *wanted > free {
            return Err(ChangeError::NotEnoughSeats {
                category: format!("{} ({})", category.name, category.code),
                wanted: *wanted,
                free,
                to,
            });
        }
    }
    for (h, seats) in holders.orders.iter().zip(chosen.iter_mut()) {
        let mut codes: Vec<&str> = h.tickets.iter().map(|t| t.category.as_str()).collect();
        codes.dedup();
        for code in codes {
            let Some(category) = offer.categories.iter().find(|c| c.code == code) else {
                continue;
            };
            let open: Vec<usize> = (0..h.tickets.len())
                .filter(|&i| seats[i].is_none() && h.tickets[i].category == code)
                .collect();
            if open.is_empty() {
                continue;
            }
            let block = best_available(&candidates(offer, category.id, &taken), open.len())
                .or_else(|| one_by_one(offer, category.id, &taken, open.len()))
                .ok_or_else(|| ChangeError::NotEnoughSeats {
                    category: format!("{} ({})", category.name, category.code),
                    wanted: open.len(),
                    free: 0,
                    to: to.clone(),
                })?;
            for (i, seat) in open.into_iter().zip(block) {
                taken.insert(seat);
                seats[i] = Some(seat);
            }
        }
    }
    Ok(chosen
        .into_iter()
        .map(|seats| seats.into_iter().flatten().map(Place::Seat).collect())
        .collect())
}

/// The best free seats of a category taken one at a time (no row has
/// them side by side).
fn one_by_one(offer: &Offer, category: i64, taken: &HashSet<i64>, n: usize) -> Option<Vec<i64>> {
    let mut taken = taken.clone();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let seat = best_available(&candidates(offer, category, &taken), 1)?[0];
        taken.insert(seat);
        out.push(seat);
    }
    Some(out)
}

/// The seats of one category of the new date as best-available sees them,
/// those taken by the move counted as taken.
fn candidates(offer: &Offer, category: i64, taken: &HashSet<i64>) -> Vec<Candidate> {
    offer
        .seats
        .iter()
        .filter(|s| offer.seat_category.get(&s.id) == Some(&category))
        .map(|s| Candidate {
            id: s.id,
            section: s.section.clone(),
            row: s.row.clone(),
            x: s.x,
            y: s.y,
            rank: 0,
            free: offer.state(s.id) == SeatState::Free && !taken.contains(&s.id),
            reserved_for_access: s.flags.contains(SeatFlags::WHEELCHAIR)
                || s.flags.contains(SeatFlags::COMPANION),
            restricted_view: s.flags.contains(SeatFlags::RESTRICTED_VIEW),
        })
        .collect()
}

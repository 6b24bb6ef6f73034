//! Where an outside order's tickets go: the performance and tariff its
//! event and product are mapped to, its seats found by their names, each
//! place checked against what is sold here; or why a ticket cannot land.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{ImportError, OutsideOrder, OutsideTicket};
use crate::domain::order::Channel;
use crate::domain::{HallKind, Performance, PerformanceStatus, SeatName, Venue};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::imports::PlanSeat;
use crate::store::{self, Tx, sales};
use crate::tickets::code;

/// Why a ticket of an outside order cannot land as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Its seat was sold here meanwhile (or by an earlier order of a file).
    SeatSold,
    /// Its seat is held back here (house seats, press, a technical kill).
    SeatHeld,
    /// No seat of the hall has that name.
    UnknownSeat,
    /// A numbered hall, and the seller gave no seat.
    NoSeat,
    /// No place left (general admission, or the entry slot).
    Full,
    /// Timed entry: no slot starts when the seller says (or it said none
    /// and the day has several).
    NoSlot,
    /// The performance is cancelled.
    Cancelled,
    /// On a terminal joined to a central database: the seat (or the place)
    /// is not lent to it; another terminal may sell it.
    NotHeldHere,
}

/// A ticket in trouble: which, where, why.
/// (Printed in English through its words in `ui::i18n::imports`.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trouble {
    /// The ticket's id at the seller.
    pub ticket: String,
    pub seat: Option<String>,
    pub performance: i64,
    pub why: Problem,
}

/// A performance as an import places tickets in it, read once.
pub(super) struct Room {
    pub(super) performance: Performance,
    pub(super) kind: HallKind,
    pub(super) first_category: Option<(i64, String)>,
    pub(super) categories: HashMap<i64, String>,
    /// Timed entry: the slots, with their live tickets when the import began.
    pub(super) slots: Vec<crate::domain::Slot>,
    /// Seats by their folded row and number: (folded section, seat id).
    pub(super) seats: HashMap<(String, String), Vec<(String, i64)>>,
    /// How many sections the hall has (a plan's zone is not asked of a
    /// hall of one).
    pub(super) sections: usize,
    /// Places given by this import so far (general admission, slots).
    /// Places given by this import so far: general admission (None), or
    /// by entry slot.
    pub(super) taken: HashMap<Option<i64>, i64>,
    /// Live tickets when the import began (of the performance, or of its
    /// entry slot), and how many it holds.
    pub(super) sold: i64,
    pub(super) capacity: i64,
    /// Joined to a central database: the places of general admission lent
    /// here, those sold included (timed entry is lent slot by slot: each
    /// slot says). None: alone.
    pub(super) lent: Option<i64>,
}

/// What one import knows: the venue, the seller, what it has read.
pub(super) struct Ctx<'a> {
    pub(super) signer: &'a Signer,
    pub(super) by: &'a Operator,
    pub(super) venue: Venue,
    pub(super) source: String,
    pub(super) channel: Channel,
    pub(super) now: DateTime<Utc>,
    pub(super) rooms: HashMap<i64, Room>,
    pub(super) targets: HashMap<(&'static str, String), Option<i64>>,
    pub(super) tariffs: HashMap<i64, (String, String)>,
    /// Seats the seller gives by its plan's ids, as its plan names them.
    plan_seats: HashMap<String, PlanSeat>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        tx: &Tx,
        signer: &'a Signer,
        by: &'a Operator,
        (source, channel): (&str, Channel),
        now: DateTime<Utc>,
    ) -> Result<Ctx<'a>, ImportError> {
        if ledger::training_on(tx, signer.terminal_id)? {
            return Err(ImportError::Training);
        }
        let venue = store::venue::load(tx)?.ok_or(ImportError::NoVenue)?;
        let tariffs = store::tariffs::all(tx)?
            .into_iter()
            .map(|t| (t.id, (t.code, t.name)))
            .collect();
        Ok(Ctx {
            signer,
            by,
            venue,
            source: source.to_owned(),
            channel,
            now,
            rooms: HashMap::new(),
            targets: HashMap::new(),
            tariffs,
            plan_seats: HashMap::new(),
        })
    }

    /// The seat a ticket claims: its name here (the seller's seating plan,
    /// when loaded, names a seat given by its id there) and the seat, when
    /// exactly one seat of the performance's hall has that name. pretix
    /// gives a seat by its plan's id only: one its plan does not name is
    /// no seat here (an id like "g-0001" must not pass for row G, seat 1).
    pub(super) fn claimed(
        &mut self,
        tx: &Tx,
        t: &OutsideTicket,
        performance_id: i64,
    ) -> Result<(Option<String>, Option<i64>), ImportError> {
        let Some(given) = &t.seat else {
            return Ok((None, None));
        };
        if !by_ids(&self.source) {
            let seat = self.room(tx, performance_id)?.seat(given);
            return Ok((Some(given.clone()), seat));
        }
        let planned = match self.plan_seats.get(given) {
            Some(p) => Some(p.clone()),
            None => {
                let p = store::imports::seller_seat(tx, &self.source, given)?;
                if let Some(p) = &p {
                    self.plan_seats.insert(given.clone(), p.clone());
                }
                p
            }
        };
        let Some(p) = planned else {
            return Ok((Some(given.clone()), None));
        };
        let name = format!("{} {} {}", p.zone, p.row, p.number);
        let seat = self.room(tx, performance_id)?.seat_at(&p);
        Ok((Some(name.trim().to_owned()), seat))
    }

    pub(super) fn target(
        &mut self,
        tx: &Tx,
        kind: &'static str,
        external: &str,
    ) -> Result<Option<i64>, ImportError> {
        let key = (kind, external.to_owned());
        if let Some(t) = self.targets.get(&key) {
            return Ok(*t);
        }
        let t = store::imports::target(tx, &self.source, kind, external)?.flatten();
        self.targets.insert(key, t);
        Ok(t)
    }

    pub(super) fn room(&mut self, tx: &Tx, id: i64) -> Result<&mut Room, ImportError> {
        Ok(match self.rooms.entry(id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(Room::read(tx, id)?),
        })
    }
}

/// Whether a seller gives its seats by the ids of its seating plan
/// (pretix) rather than by their names.
pub(super) fn by_ids(source: &str) -> bool {
    source.starts_with("pretix:")
}

/// Lower-case letters and digits, in words, letters and digits apart:
/// "Rang A, place 12" and "a-12" both give [a, 12] once the words of a
/// seat's name (rang, place…) are dropped.
fn fold(text: &str) -> Vec<String> {
    // Words around a seat's name, never a row's or a number's ("N" is a
    // row; "n°" goes before).
    const NOISE: [&str; 7] = ["rang", "row", "place", "seat", "siege", "siège", "fauteuil"];
    let mut words = Vec::new();
    let mut word = String::new();
    let mut last_digit = None;
    let text = text
        .to_lowercase()
        .replace(['°', 'º'], "°")
        .replace("n°", " ");
    for c in text.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut word));
            last_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if last_digit.is_some_and(|d| d != digit) {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
        last_digit = Some(digit);
    }
    words.push(word);
    // "012" is seat 12.
    words
        .into_iter()
        .filter(|w| !w.is_empty() && !NOISE.contains(&w.as_str()))
        .map(|w| match w.trim_start_matches('0') {
            "" if w.starts_with('0') => "0".to_owned(),
            t if w.bytes().all(|b| b.is_ascii_digit()) => t.to_owned(),
            _ => w,
        })
        .collect()
}

impl Room {
    pub(super) fn read(tx: &Tx, id: i64) -> Result<Room, ImportError> {
        let performance =
            store::performances::by_id(tx, id)?.ok_or(ImportError::NoPerformance(id))?;
        let hall =
            store::halls::by_id(tx, performance.hall_id)?.ok_or(ImportError::NoPerformance(id))?;
        let categories: Vec<_> = store::performances::categories(tx, id)?;
        let mut seats: HashMap<(String, String), Vec<(String, i64)>> = HashMap::new();
        if hall.kind == HallKind::Numbered {
            for s in store::halls::seats(tx, hall.id)? {
                let key = (fold(&s.row).concat(), fold(&s.number).concat());
                seats
                    .entry(key)
                    .or_default()
                    .push((fold(&s.section).concat(), s.id));
            }
        }
        // Places left, counted once: a file of 10,000 orders for one
        // festival day does not count 20,000 tickets 20,000 times. General
        // admission leaves out the places held back (a partner's
        // contingent, house seats): they are not the seller's to sell.
        let slots = match hall.kind {
            HallKind::Timed => store::performances::slots_in_full(tx, id)?,
            _ => Vec::new(),
        };
        let c = store::performances::counts(tx, id)?;
        let (sold, capacity) = (c.sold, performance.capacity - c.held);
        // Timed entry is lent slot by slot (each slot says).
        let lent = match store::contingents::governed(tx)? {
            true if hall.kind != HallKind::Timed => {
                Some(store::contingents::places(tx, id)?.unwrap_or(0))
            }
            _ => None,
        };
        Ok(Room {
            sold,
            capacity,
            lent,
            kind: hall.kind,
            first_category: categories.first().map(|c| (c.id, c.name.clone())),
            categories: categories.into_iter().map(|c| (c.id, c.name)).collect(),
            slots,
            sections: seats
                .values()
                .flatten()
                .map(|(s, _)| s)
                .collect::<std::collections::HashSet<_>>()
                .len(),
            seats,
            performance,
            taken: HashMap::new(),
        })
    }

    /// The seat a seller's plan names by zone, row and number, when
    /// exactly one does: the row and number as they are, the zone one of
    /// the hall's sections (any, when the hall has only one).
    pub(super) fn seat_at(&self, p: &PlanSeat) -> Option<i64> {
        let zone = fold(&p.zone).concat();
        let key = (fold(&p.row).concat(), fold(&p.number).concat());
        let found: Vec<i64> = self
            .seats
            .get(&key)?
            .iter()
            .filter(|(s, _)| self.sections <= 1 || (!zone.is_empty() && s.contains(&zone)))
            .map(|(_, id)| *id)
            .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The seat a seller's name designates, when exactly one does.
    pub(super) fn seat(&self, name: &str) -> Option<i64> {
        let words = fold(name);
        let [section @ .., row, number] = words.as_slice() else {
            return None;
        };
        let section = section.concat();
        let found: Vec<i64> = self
            .seats
            .get(&(row.clone(), number.clone()))?
            .iter()
            .filter(|(s, _)| section.is_empty() || s.contains(&section))
            .map(|(_, id)| *id)
            .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// How a ticket is placed: its performance, category, tariff and place.
#[derive(Clone, Debug)]
pub(super) struct Placed {
    pub(super) performance_id: i64,
    pub(super) category_id: i64,
    pub(super) tariff_id: i64,
    pub(super) place: code::Place,
    pub(super) seat_id: Option<i64>,
    pub(super) slot_id: Option<i64>,
    pub(super) seat: Option<SeatName>,
    pub(super) price: i64,
    pub(super) code: Option<String>,
    /// The ticket's id at the seller.
    pub(super) ticket: String,
}

/// What a decision changes for a troubled ticket.
#[derive(Clone, Copy, Debug)]
pub(super) enum Override {
    Seat(i64),
    Unseated,
}

/// Where each ticket of the order goes, or every ticket in trouble.
pub(super) fn place(
    tx: &Tx,
    ctx: &mut Ctx,
    order: &OutsideOrder,
    overrides: &HashMap<String, Override>,
) -> Result<Result<Vec<Placed>, Vec<Trouble>>, ImportError> {
    let now = store::unix(ctx.now);
    let mut placed = Vec::with_capacity(order.tickets.len());
    let mut troubles = Vec::new();
    let mut seats_here: Vec<(i64, i64)> = Vec::new();
    let mut taken_here: HashMap<(i64, Option<i64>), i64> = HashMap::new();
    for t in &order.tickets {
        let performance_id = ctx
            .target(tx, "event", &t.event)?
            .ok_or_else(|| unmapped_error(ctx, "event", &t.event))?;
        let tariff_id = ctx
            .target(tx, "product", &t.product)?
            .ok_or_else(|| unmapped_error(ctx, "product", &t.product))?;
        let (seat_name, claimed) = ctx.claimed(tx, t, performance_id)?;
        let room = ctx.room(tx, performance_id)?;
        let trouble = |why| Trouble {
            ticket: t.external.clone(),
            seat: seat_name.clone(),
            performance: performance_id,
            why,
        };
        if room.performance.status == PerformanceStatus::Cancelled {
            troubles.push(trouble(Problem::Cancelled));
            continue;
        }
        let over = overrides.get(&t.external).copied();
        let base = Placed {
            performance_id,
            category_id: 0,
            tariff_id,
            place: code::Place::Unnumbered,
            seat_id: None,
            slot_id: None,
            seat: None,
            price: t.price,
            code: t.code.clone(),
            ticket: t.external.clone(),
        };
        let result = match (room.kind, over) {
            (HallKind::Numbered, Some(Override::Unseated)) => {
                let category = match claimed {
                    Some(seat) => sales::seat_check(tx, performance_id, seat, now)?
                        .and_then(|c| c.category_id),
                    None => None,
                };
                let category = category.or(room.first_category.as_ref().map(|c| c.0));
                Ok(Placed {
                    category_id: category.unwrap_or_default(),
                    ..base
                })
            }
            (HallKind::Numbered, over) => {
                let seat = match over {
                    Some(Override::Seat(id)) => Some(id),
                    _ => claimed,
                };
                seated(tx, base, seat, t, &mut seats_here, now)?
            }
            (kind, _) => match entry_slot(room, kind, t) {
                Err(why) => Err(why),
                Ok(slot) => {
                    let here = taken_here.entry((performance_id, slot)).or_default();
                    let placed = unseated(room, base, slot, *here, over.is_some())?;
                    *here += 1;
                    placed
                }
            },
        };
        match result {
            Ok(p) => placed.push(p),
            Err(why) => troubles.push(trouble(why)),
        }
    }
    if troubles.is_empty() {
        for ((id, slot), n) in taken_here {
            *ctx.room(tx, id)?.taken.entry(slot).or_default() += n;
        }
        Ok(Ok(placed))
    } else {
        Ok(Err(troubles))
    }
}

fn unmapped_error(ctx: &Ctx, kind: &'static str, external: &str) -> ImportError {
    ImportError::NoSuchMapping {
        seller: ctx.source.clone(),
        kind,
        external: external.to_owned(),
    }
}

/// A ticket on a seat of a numbered hall.
fn seated(
    tx: &Tx,
    base: Placed,
    seat: Option<i64>,
    t: &OutsideTicket,
    seats_here: &mut Vec<(i64, i64)>,
    now: i64,
) -> Result<Result<Placed, Problem>, ImportError> {
    let Some(seat) = seat else {
        return Ok(Err(if t.seat.is_some() {
            Problem::UnknownSeat
        } else {
            Problem::NoSeat
        }));
    };
    let Some(check) = sales::seat_check(tx, base.performance_id, seat, now)? else {
        return Ok(Err(Problem::UnknownSeat));
    };
    let Some(category_id) = check.category_id else {
        return Ok(Err(Problem::UnknownSeat));
    };
    if check.sold || seats_here.contains(&(base.performance_id, seat)) {
        return Ok(Err(Problem::SeatSold));
    }
    if check.hold.is_some() {
        return Ok(Err(Problem::SeatHeld));
    }
    // Joined: only a seat lent here is this terminal's to sell.
    if store::contingents::governed(tx)?
        && !store::contingents::is_lent(tx, base.performance_id, seat)?
    {
        return Ok(Err(Problem::NotHeldHere));
    }
    seats_here.push((base.performance_id, seat));
    Ok(Ok(Placed {
        category_id,
        place: code::Place::Seat(small(seat)?),
        seat_id: Some(seat),
        seat: Some(check.name),
        ..base
    }))
}

/// The entry slot of a timed ticket: the one starting when the seller
/// says, or the only one; None for general admission.
fn entry_slot(room: &Room, kind: HallKind, t: &OutsideTicket) -> Result<Option<i64>, Problem> {
    if kind != HallKind::Timed {
        return Ok(None);
    }
    match (t.slot, room.slots.as_slice()) {
        (Some(at), slots) => slots
            .iter()
            .find(|s| s.starts_at == at)
            .map(|s| Some(s.id))
            .ok_or(Problem::NoSlot),
        (None, [only]) => Ok(Some(only.id)),
        (None, _) => Err(Problem::NoSlot),
    }
}

/// A ticket of general admission or of a timed entry (in `slot`): a place
/// must be left, unless the coordinator accepted the overbooking.
fn unseated(
    room: &Room,
    base: Placed,
    slot: Option<i64>,
    here: i64,
    overbook: bool,
) -> Result<Result<Placed, Problem>, ImportError> {
    let Some((category_id, _)) = room.first_category.clone() else {
        return Ok(Err(Problem::Full));
    };
    let (sold, capacity, lent) = match slot.and_then(|id| room.slots.iter().find(|s| s.id == id)) {
        Some(s) => (s.sold, s.capacity, s.lent),
        None => (room.sold, room.capacity, room.lent),
    };
    let taken = room.taken.get(&slot).copied().unwrap_or_default();
    if !overbook && sold + taken + here >= capacity {
        return Ok(Err(Problem::Full));
    }
    // Joined: no more than the places lent here (of general admission, or
    // of the slot), those sold counted.
    if !overbook && lent.is_some_and(|lent| sold + taken + here >= lent) {
        return Ok(Err(Problem::NotHeldHere));
    }
    Ok(Ok(Placed {
        category_id,
        place: match slot {
            Some(s) => code::Place::Slot(small(s)?),
            None => code::Place::Unnumbered,
        },
        slot_id: slot,
        ..base
    }))
}

pub(super) fn small(n: i64) -> Result<u32, ImportError> {
    u32::try_from(n)
        .map_err(|_| ImportError::Counter(Box::new(crate::counter::CounterError::TooMany)))
}

/// The free seat of the category (neither sold, held, in a basket nor
/// chosen already) nearest on the plan to `near` (the seat the seller
/// claimed, or one of the order's others): the companion stays beside;
/// with nothing to be near, the first in the plan's order.
pub(super) fn nearest_free(
    tx: &Tx,
    performance_id: i64,
    category: Option<i64>,
    near: &[i64],
    chosen: &[(i64, i64)],
    now: i64,
) -> Result<Option<i64>, ImportError> {
    let performance = store::performances::by_id(tx, performance_id)?
        .ok_or(ImportError::NoPerformance(performance_id))?;
    let seats = store::halls::seats(tx, performance.hall_id)?;
    let anchor = near
        .iter()
        .find_map(|id| seats.iter().find(|s| s.id == *id))
        .map(|s| (s.x, s.y));
    let mut best: Option<(f64, i64)> = None;
    for seat in &seats {
        if chosen.contains(&(performance_id, seat.id)) {
            continue;
        }
        let Some(c) = sales::seat_check(tx, performance_id, seat.id, now)? else {
            continue;
        };
        let free = !c.sold && c.hold.is_none() && c.cart.is_none() && c.category_id.is_some();
        if !free || (category.is_some() && c.category_id != category) {
            continue;
        }
        let Some((x, y)) = anchor else {
            return Ok(Some(seat.id));
        };
        let d = (seat.x - x).powi(2) + (seat.y - y).powi(2);
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, seat.id));
        }
    }
    Ok(best.map(|(_, id)| id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seat_names_fold_to_their_row_and_number() {
        assert_eq!(fold("A-12"), ["a", "12"]);
        assert_eq!(fold("A12"), ["a", "12"]);
        assert_eq!(fold("Rang B, place 4"), ["b", "4"]);
        assert_eq!(fold("Balcon C 7"), ["balcon", "c", "7"]);
        assert_eq!(fold("N-012"), ["n", "12"]);
        assert_eq!(fold("Rang N, n°3"), ["n", "3"]);
        assert_eq!(fold(""), Vec::<String>::new());
    }
}

//! Holds: house seats, press, technical kills, a partner's contingent.
//! Seats (numbered halls) or a quantity (general admission, timed entry)
//! that are not on sale until released, in full or in part. A hold can be
//! lent to a terminal: the seats it alone may sell while offline.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::journal::{self, By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::operator::Act;
use crate::domain::operator::{NameError, clean_name};
use crate::domain::programmed::Subject;
use crate::domain::season::HallKind;
use crate::store::{self, Store, Tx};

pub use crate::domain::Hold;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HoldDraft {
    pub name: String,
    pub reason: String,
    pub colour: String,
    /// Numbered halls: the seats held.
    pub seats: Vec<i64>,
    /// Other halls: the places held.
    pub quantity: i64,
}

pub fn of_performance(store: &Store, performance_id: i64) -> Result<Vec<Hold>, ProgrammingError> {
    Ok(store.read(|tx| store::holds::of_performance(tx, performance_id))?)
}

/// The colour of a hold drawn without one.
pub const DEFAULT_COLOUR: &str = "#8a8a8a";

/// Sets seats or places aside; refused for seats sold or already held, or
/// more places than are free.
pub fn create(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    draft: &HoldDraft,
) -> Result<Hold, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let hold = Hold {
            id: 0,
            public_id: store::public_id(by.now),
            performance_id,
            name: draft.name.clone(),
            reason: draft.reason.clone(),
            colour: draft.colour.clone(),
            quantity: draft.quantity,
            terminal_id: None,
            seats: draft.seats.clone(),
        };
        let hold = insert(tx, hold, by.now)?;
        let after = fields(tx, &hold)?;
        Change::created(Subject::Hold, &hold.public_id, &hold.name, after).sign(tx, by)?;
        Ok(hold)
    })
}

/// A hold's fields as the journal compares them: its performance, its
/// name, why, its colour, its places or seats, and the terminal it is lent
/// to.
fn fields(tx: &Tx, hold: &Hold) -> Result<Fields, ProgrammingError> {
    let (p, label) = journal::performance(tx, hold.performance_id)?;
    let plan = store::halls::seats(tx, p.hall_id)?;
    let seats: Vec<_> = plan.iter().filter(|s| hold.seats.contains(&s.id)).collect();
    let lent = match hold.terminal_id {
        Some(id) => store::terminals::by_id(tx, id)?.map_or_else(|| id.to_string(), |t| t.name),
        None => String::new(),
    };
    Ok(Fields::default()
        .text("performance", &label)
        .text("name", &hold.name)
        .text("reason", &hold.reason)
        .text("colour", &hold.colour)
        .number("quantity", hold.quantity)
        .seats("seats", &seats)
        .text("lent_to", &lent))
}

/// A hold of a performance, as it is now.
fn find(tx: &Tx, performance_id: i64, hold_id: i64) -> Result<Hold, ProgrammingError> {
    store::holds::of_performance(tx, performance_id)?
        .into_iter()
        .find(|h| h.id == hold_id)
        .ok_or(ProgrammingError::NotFound(Missing::Hold))
}

/// Journals what became of a hold that was `before` (gone when it holds
/// nothing more).
fn journal_change(tx: &Tx, by: &By, before: &Hold) -> Result<(), ProgrammingError> {
    let fields_before = fields(tx, before)?;
    let change = match find(tx, before.performance_id, before.id) {
        Ok(after) => Change::changed(
            Subject::Hold,
            &before.public_id,
            &before.name,
            fields_before,
            fields(tx, &after)?,
        ),
        Err(ProgrammingError::NotFound(_)) => Change::deleted(
            Subject::Hold,
            &before.public_id,
            &before.name,
            fields_before,
        ),
        Err(e) => return Err(e),
    };
    change.sign(tx, by)
}

/// Checks a hold against its performance, then writes it: the one way a
/// hold enters the database (the window and the season file alike).
pub(crate) fn insert(
    tx: &Tx,
    mut hold: Hold,
    now: DateTime<Utc>,
) -> Result<Hold, ProgrammingError> {
    hold.name = clean_name(&hold.name).map_err(|e| match e {
        NameError::Empty => ProgrammingError::HoldNameEmpty,
        NameError::TooLong => ProgrammingError::NameTooLong,
    })?;
    hold.reason = hold.reason.trim().to_owned();
    if hold.colour.trim().is_empty() {
        hold.colour = DEFAULT_COLOUR.into();
    }
    hold.colour = super::colour(&hold.colour)?;
    let p = store::performances::by_id(tx, hold.performance_id)?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
    let hall =
        store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))?;
    if hall.kind == HallKind::Numbered {
        hold.seats.sort_unstable();
        hold.seats.dedup();
        if hold.seats.is_empty() || hold.quantity != 0 {
            return Err(ProgrammingError::NoSeatsChosen);
        }
        let plan = store::halls::seats(tx, hall.id)?;
        let known: HashSet<i64> = plan.iter().map(|s| s.id).collect();
        if hold.seats.iter().any(|s| !known.contains(s)) {
            return Err(ProgrammingError::NotFound(Missing::Seat));
        }
        let sold = store::holds::sold_among(tx, p.id, &hold.seats)?;
        if !sold.is_empty() {
            return Err(ProgrammingError::SeatsSold(crate::domain::hall::names(
                &plan, &sold,
            )));
        }
        let held = store::holds::held_among(tx, p.id, &hold.seats)?;
        if !held.is_empty() {
            return Err(ProgrammingError::SeatsHeld(crate::domain::hall::names(
                &plan, &held,
            )));
        }
    } else {
        if !hold.seats.is_empty() {
            return Err(ProgrammingError::NoSeatsHere);
        }
        let counts = store::performances::counts(tx, p.id)?;
        let available = (p.capacity - counts.sold - counts.held).max(0);
        if hold.quantity < 1 || hold.quantity > available {
            return Err(ProgrammingError::NotEnoughPlaces {
                asked: hold.quantity,
                available,
            });
        }
    }
    hold.id = store::holds::insert(tx, &hold, store::unix(now))?;
    Ok(hold)
}

/// Puts seats or places of a hold back on sale; the hold goes when it holds
/// nothing more.
pub fn release(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    hold_id: i64,
    seats: &[i64],
    quantity: i64,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let hold = find(tx, performance_id, hold_id)?;
        release_in(tx, &hold, seats, quantity)?;
        journal_change(tx, by, &hold)
    })
}

fn release_in(tx: &Tx, hold: &Hold, seats: &[i64], quantity: i64) -> Result<(), ProgrammingError> {
    let mut seats = seats.to_vec();
    seats.sort_unstable();
    seats.dedup();
    if seats.iter().any(|s| !hold.seats.contains(s)) {
        return Err(ProgrammingError::NotInHold);
    }
    if !(0..=hold.quantity).contains(&quantity) {
        return Err(ProgrammingError::NotEnoughPlaces {
            asked: quantity,
            available: hold.quantity,
        });
    }
    store::holds::release_seats(tx, hold.id, &seats)?;
    store::holds::set_quantity(tx, hold.id, hold.quantity - quantity)?;
    if hold.seats.len() == seats.len() && hold.quantity == quantity {
        store::holds::delete(tx, hold.id)?;
    }
    Ok(())
}

/// Puts chosen seats back on sale, whichever holds they are in, in one
/// transaction; refused when none of them is held. Returns how many seats
/// were released.
pub fn release_seats(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    seats: &[i64],
) -> Result<usize, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let mut released = 0;
        for hold in store::holds::of_performance(tx, performance_id)? {
            let mine: Vec<i64> = hold
                .seats
                .iter()
                .copied()
                .filter(|s| seats.contains(s))
                .collect();
            if !mine.is_empty() {
                released += mine.len();
                release_in(tx, &hold, &mine, 0)?;
                journal_change(tx, by, &hold)?;
            }
        }
        if released == 0 {
            return Err(ProgrammingError::NotInHold);
        }
        Ok(released)
    })
}

/// Puts a whole hold back on sale.
pub fn release_all(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    hold_id: i64,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let hold = find(tx, performance_id, hold_id)?;
        release_in(tx, &hold, &hold.seats, hold.quantity)?;
        journal_change(tx, by, &hold)
    })
}

/// Lends a hold to a terminal (or takes it back with None).
pub fn lend(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    hold_id: i64,
    terminal_id: Option<i64>,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let hold = find(tx, performance_id, hold_id)?;
        store::holds::lend(tx, hold_id, terminal_id)?;
        journal_change(tx, by, &hold)
    })
}

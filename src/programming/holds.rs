//! Holds: house seats, press, technical kills, a partner's contingent.
//! Seats (numbered halls) or a quantity (general admission, timed entry)
//! that are not on sale until released, in full or in part. A hold can be
//! lent to a terminal: the seats it alone may sell while offline.

use chrono::{DateTime, Utc};

use super::{ProgrammingError, halls};
use crate::domain::season::HallKind;
use crate::store::{self, Store};

pub use crate::store::holds::Hold;

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

/// Sets seats or places aside; refused for seats sold or already held, or
/// more places than are free.
pub fn create(
    store: &mut Store,
    performance_id: i64,
    draft: &HoldDraft,
    now: DateTime<Utc>,
) -> Result<Hold, ProgrammingError> {
    let name = draft.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(ProgrammingError::HoldNameEmpty);
    }
    store.write(|tx| {
        let p = store::performances::by_id(tx, performance_id)?
            .ok_or(ProgrammingError::NotFound("performance"))?;
        let hall = store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound("hall"))?;
        let mut hold = Hold {
            id: 0,
            public_id: store::public_id(),
            performance_id,
            name,
            reason: draft.reason.trim().to_owned(),
            colour: if draft.colour.is_empty() {
                "#8a8a8a".into()
            } else {
                draft.colour.clone()
            },
            quantity: 0,
            terminal_id: None,
            seats: Vec::new(),
        };
        if hall.kind == HallKind::Numbered {
            let mut seats = draft.seats.clone();
            seats.sort_unstable();
            seats.dedup();
            if seats.is_empty() {
                return Err(ProgrammingError::NoSeatsChosen);
            }
            let plan = store::halls::seats(tx, hall.id)?;
            if seats.iter().any(|s| !plan.iter().any(|p| p.id == *s)) {
                return Err(ProgrammingError::NotFound("seat"));
            }
            let sold = store::holds::sold_among(tx, performance_id, &seats)?;
            if !sold.is_empty() {
                return Err(ProgrammingError::SeatsSold(halls::labels(&plan, &sold)));
            }
            let held = store::holds::held_among(tx, performance_id, &seats)?;
            if !held.is_empty() {
                return Err(ProgrammingError::SeatsHeld(halls::labels(&plan, &held)));
            }
            hold.seats = seats;
        } else {
            let counts = store::performances::counts(tx, performance_id)?;
            let available = (p.capacity - counts.sold - counts.held).max(0);
            if draft.quantity < 1 || draft.quantity > available {
                return Err(ProgrammingError::NotEnoughPlaces {
                    asked: draft.quantity,
                    available,
                });
            }
            hold.quantity = draft.quantity;
        }
        hold.id = store::holds::insert(tx, &hold, store::unix(now))?;
        Ok(hold)
    })
}

/// Puts seats or places of a hold back on sale; the hold goes when it holds
/// nothing more.
pub fn release(
    store: &mut Store,
    performance_id: i64,
    hold_id: i64,
    seats: &[i64],
    quantity: i64,
) -> Result<(), ProgrammingError> {
    store.write(|tx| {
        let hold = store::holds::of_performance(tx, performance_id)?
            .into_iter()
            .find(|h| h.id == hold_id)
            .ok_or(ProgrammingError::NotFound("hold"))?;
        if seats.iter().any(|s| !hold.seats.contains(s)) {
            return Err(ProgrammingError::NotInHold);
        }
        if !(0..=hold.quantity).contains(&quantity) {
            return Err(ProgrammingError::NotEnoughPlaces {
                asked: quantity,
                available: hold.quantity,
            });
        }
        store::holds::release_seats(tx, hold.id, seats)?;
        store::holds::set_quantity(tx, hold.id, hold.quantity - quantity)?;
        if hold.seats.len() == seats.len() && hold.quantity == quantity {
            store::holds::delete(tx, hold.id)?;
        }
        Ok(())
    })
}

/// Puts a whole hold back on sale.
pub fn release_all(
    store: &mut Store,
    performance_id: i64,
    hold_id: i64,
) -> Result<(), ProgrammingError> {
    let hold = of_performance(store, performance_id)?
        .into_iter()
        .find(|h| h.id == hold_id)
        .ok_or(ProgrammingError::NotFound("hold"))?;
    release(store, performance_id, hold_id, &hold.seats, hold.quantity)
}

/// Lends a hold to a terminal (or takes it back with None).
pub fn lend(
    store: &mut Store,
    hold_id: i64,
    terminal_id: Option<i64>,
) -> Result<(), ProgrammingError> {
    Ok(store.write(|tx| store::holds::lend(tx, hold_id, terminal_id))?)
}

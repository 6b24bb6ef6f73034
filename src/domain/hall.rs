//! A hall and its seats, as the venue has them.

use super::names::SeatName;
use super::season::HallKind;
use super::seat_plan::{PlannedSeat, SeatFlags};

/// The most places a hall (or a performance) holds.
pub const MAX_CAPACITY: i64 = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Hall {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub kind: HallKind,
    /// General: places; timed: per slot; numbered: the number of seats.
    pub capacity: i64,
    /// The SIBIL venue type (THEATRE, SALLE_CONCERT, …).
    pub venue_type: String,
}

/// A seat of a numbered hall, where the plan draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Seat {
    pub id: i64,
    pub section: String,
    pub row: String,
    pub number: String,
    pub x: f64,
    pub y: f64,
    pub flags: SeatFlags,
}

impl Seat {
    /// The seat as a plan (a file, a CSV) has it, without its id.
    pub fn planned(&self) -> PlannedSeat {
        PlannedSeat {
            section: self.section.clone(),
            row: self.row.clone(),
            number: self.number.clone(),
            x: self.x,
            y: self.y,
            flags: self.flags,
        }
    }

    pub fn name(&self) -> SeatName {
        SeatName {
            section: self.section.clone(),
            row: self.row.clone(),
            number: self.number.clone(),
        }
    }
}

/// The names of some seats of a plan, for messages.
pub fn names(seats: &[Seat], ids: &[i64]) -> Vec<SeatName> {
    seats
        .iter()
        .filter(|s| ids.contains(&s.id))
        .map(Seat::name)
        .collect()
}

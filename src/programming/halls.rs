//! Halls and their seat plans: made by the generator, imported from CSV, or
//! edited seat by seat (remove, renumber, flag); exported back to CSV.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::journal::{By, Change, Fields, seat_name, write};
use super::{Missing, ProgrammingError};
use crate::domain::SeatName;
use crate::domain::hall::{MAX_CAPACITY, names};
use crate::domain::operator::Act;
use crate::domain::operator::{NameError, clean_name};
use crate::domain::plan_csv;
use crate::domain::programmed::{Action, Subject};
use crate::domain::season::HallKind;
use crate::domain::seat_plan::{Numbering, PlannedSeat, SeatFlagName, SeatFlags, seat_number};
use crate::store::{self, Store, Tx};

pub use crate::domain::{Hall, Seat};

/// Seat coordinates stay within ±10,000 seat widths of the centre.
pub const MAX_COORDINATE: f64 = 10_000.0;

/// How a new hall is sold.
#[derive(Clone, Debug, PartialEq)]
pub enum Layout {
    /// Reserved seating, with its seats.
    Numbered(Vec<PlannedSeat>),
    /// General admission: a number of places.
    General { capacity: i64 },
    /// Timed entry: places per slot.
    Timed { per_slot: i64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct NewHall {
    pub name: String,
    pub layout: Layout,
    /// SIBIL's venue type (THEATRE, SALLE_CONCERT_AUDITORIUM_OPERA_ZENITH…).
    pub venue_type: String,
}

/// Checks a new hall; the cleaned name.
pub fn check(new: &NewHall) -> Result<String, ProgrammingError> {
    let name = clean_name(&new.name).map_err(|e| match e {
        NameError::Empty => ProgrammingError::HallNameEmpty,
        NameError::TooLong => ProgrammingError::NameTooLong,
    })?;
    match &new.layout {
        Layout::Numbered(seats) if seats.is_empty() => return Err(ProgrammingError::PlanEmpty),
        Layout::Numbered(seats) if seats.len() as i64 > MAX_CAPACITY => {
            return Err(ProgrammingError::Capacity(seats.len() as i64));
        }
        Layout::Numbered(seats) => {
            let mut seen = HashSet::new();
            for s in seats {
                let name = SeatName {
                    section: s.section.clone(),
                    row: s.row.clone(),
                    number: s.number.clone(),
                };
                // The CSV reader and the generator already hold to this; the
                // season file is checked here.
                let readable = [&s.section, &s.row, &s.number]
                    .iter()
                    .all(|t| !t.trim().is_empty() && t.chars().count() <= 40);
                let placed = [s.x, s.y]
                    .iter()
                    .all(|v| v.is_finite() && v.abs() <= MAX_COORDINATE);
                if !readable || !placed {
                    return Err(ProgrammingError::SeatMisplaced(name));
                }
                let key = (
                    s.section.to_lowercase(),
                    s.row.to_lowercase(),
                    s.number.to_lowercase(),
                );
                if !seen.insert(key) {
                    return Err(ProgrammingError::SeatTwice(name));
                }
            }
        }
        Layout::General { capacity: c } | Layout::Timed { per_slot: c } => {
            if !(1..=MAX_CAPACITY).contains(c) {
                return Err(ProgrammingError::Capacity(*c));
            }
        }
    }
    Ok(name)
}

/// Creates a hall with its plan, in one transaction.
pub fn create(store: &mut Store, by: &By, new: &NewHall) -> Result<Hall, ProgrammingError> {
    create_as(store, by, Act::Program, new)
}

/// Creates a hall under the right `act` (programming, or importing a plan).
fn create_as(
    store: &mut Store,
    by: &By,
    act: Act,
    new: &NewHall,
) -> Result<Hall, ProgrammingError> {
    by.may(act)?;
    let name = check(new)?;
    write(store, by, act, |tx| {
        let hall = insert(tx, &store::public_id(by.now), &name, new, by.now)?;
        Change::created(Subject::Hall, &hall.public_id, &hall.name, fields(&hall)).sign(tx, by)?;
        Ok(hall)
    })
}

/// A hall's fields as the journal compares them.
fn fields(hall: &Hall) -> Fields {
    Fields::default()
        .text("name", &hall.name)
        .text("kind", hall.kind.code())
        .number("capacity", hall.capacity)
        .text("venue_type", &hall.venue_type)
}

/// The hall a seat change is about, for its record.
fn hall(tx: &Tx, hall_id: i64) -> Result<Hall, ProgrammingError> {
    store::halls::by_id(tx, hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))
}

/// Inserts a checked hall (the season file uses it with its own ids).
pub(crate) fn insert(
    tx: &Tx,
    public_id: &str,
    name: &str,
    new: &NewHall,
    now: DateTime<Utc>,
) -> Result<Hall, ProgrammingError> {
    if store::halls::by_name(tx, name)?.is_some() {
        return Err(ProgrammingError::HallNameTaken(name.to_owned()));
    }
    let (kind, capacity) = match &new.layout {
        Layout::Numbered(seats) => (HallKind::Numbered, seats.len() as i64),
        Layout::General { capacity } => (HallKind::General, *capacity),
        Layout::Timed { per_slot } => (HallKind::Timed, *per_slot),
    };
    let venue_type = if new.venue_type.is_empty() {
        "THEATRE"
    } else {
        &new.venue_type
    };
    let id = store::halls::insert(
        tx,
        public_id,
        name,
        kind,
        capacity,
        venue_type,
        store::unix(now),
    )?;
    if let Layout::Numbered(seats) = &new.layout {
        let mut sections = BTreeMap::new();
        for s in seats {
            let section = match sections.get(&s.section) {
                Some(id) => *id,
                None => {
                    let sid = store::halls::section(tx, id, &s.section)?;
                    sections.insert(s.section.clone(), sid);
                    sid
                }
            };
            store::halls::insert_seat(tx, id, section, &s.row, &s.number, s.x, s.y, s.flags)?;
        }
    }
    store::halls::by_id(tx, id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))
}

/// Creates a numbered hall from a CSV plan (`section,row,seat,x,y[,flags]`).
pub fn import_csv(
    store: &mut Store,
    by: &By,
    name: &str,
    csv: &str,
    venue_type: &str,
) -> Result<Hall, ProgrammingError> {
    by.may(Act::Import)?;
    let seats = plan_csv::parse(csv)?;
    create_as(
        store,
        by,
        Act::Import,
        &NewHall {
            name: name.to_owned(),
            layout: Layout::Numbered(seats),
            venue_type: venue_type.to_owned(),
        },
    )
}

pub fn all(store: &Store) -> Result<Vec<Hall>, ProgrammingError> {
    Ok(store.read(store::halls::all)?)
}

pub fn seats(store: &Store, hall_id: i64) -> Result<Vec<Seat>, ProgrammingError> {
    Ok(store.read(|tx| store::halls::seats(tx, hall_id))?)
}

/// The hall's plan as CSV, in the format `import_csv` reads.
pub fn plan_csv(store: &Store, hall_id: i64) -> Result<String, ProgrammingError> {
    let planned: Vec<PlannedSeat> = seats(store, hall_id)?.iter().map(Seat::planned).collect();
    Ok(plan_csv::write(&planned))
}

/// Removes seats from a plan; refused for any seat that ever had a ticket,
/// and for the last seats of the hall. Their categories and holds go with
/// them; the capacity follows.
pub fn delete_seats(
    store: &mut Store,
    by: &By,
    hall_id: i64,
    seat_ids: &[i64],
) -> Result<usize, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let before = hall(tx, hall_id)?;
        let seats = chosen(tx, hall_id, seat_ids)?;
        unsold(tx, &seats)?;
        if seats.len() as i64 == store::halls::seat_count(tx, hall_id)? {
            return Err(ProgrammingError::PlanEmpty);
        }
        let ids: Vec<i64> = seats.iter().map(|s| s.id).collect();
        store::halls::delete_seats(tx, &ids)?;
        let count = store::halls::seat_count(tx, hall_id)?;
        store::halls::set_capacity(tx, hall_id, count)?;
        store::performances::set_capacity_of_hall(tx, hall_id, count)?;
        // Holds whose every seat went go too; quotas must still fit.
        store::holds::delete_empty_of_hall(tx, hall_id)?;
        for p in store::performances::all(tx)?
            .iter()
            .filter(|p| p.hall_id == hall_id)
        {
            super::quotas::check(tx, p)?;
        }
        let gone: Vec<&Seat> = seats.iter().collect();
        Change::new(
            Subject::Seats,
            Action::Deleted,
            &before.public_id,
            &before.name,
        )
        .compare(
            Fields::default()
                .seats("seats", &gone)
                .number("capacity", before.capacity),
            Fields::default().number("capacity", count),
        )
        .sign(tx, by)?;
        Ok(seats.len())
    })
}

/// Numbers the chosen seats of each row again: left to right from `first`,
/// or odd/even from the centre outwards (1, 3, 5… on the left, 2, 4, 6… on
/// the right). Refused if a number would clash with a seat left out of the
/// selection, and for seats that had tickets (printed with their number).
pub fn renumber(
    store: &mut Store,
    by: &By,
    hall_id: i64,
    seat_ids: &[i64],
    first: u32,
    numbering: Numbering,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        unsold(tx, &chosen(tx, hall_id, seat_ids)?)?;
        let first = first.max(1);
        let all = store::halls::seats(tx, hall_id)?;
        let chosen: HashSet<i64> = seat_ids.iter().copied().collect();
        let mut rows: BTreeMap<(String, String), Vec<&Seat>> = BTreeMap::new();
        for s in all.iter().filter(|s| chosen.contains(&s.id)) {
            rows.entry((s.section.clone(), s.row.clone()))
                .or_default()
                .push(s);
        }
        let mut changes = Vec::new();
        for ((section, row), mut seats) in rows {
            seats.sort_by(|a, b| a.x.total_cmp(&b.x));
            let count = seats.len() as u32;
            for (i, seat) in seats.iter().enumerate() {
                let number = match numbering {
                    Numbering::Sequential => (first + i as u32).to_string(),
                    Numbering::OddEven => seat_number(Numbering::OddEven, i as u32, count),
                };
                let clash = all.iter().any(|o| {
                    !chosen.contains(&o.id)
                        && o.section == section
                        && o.row == row
                        && o.number == number
                });
                if clash {
                    return Err(ProgrammingError::RenumberClash {
                        section: section.clone(),
                        row: row.clone(),
                        number,
                    });
                }
                changes.push((seat.id, row.clone(), number, seat.flags));
            }
        }
        let hall = hall(tx, hall_id)?;
        let mut change = Change::new(Subject::Seats, Action::Changed, &hall.public_id, &hall.name);
        for (id, _, number, _) in &changes {
            if let Some(seat) = all.iter().find(|s| s.id == *id) {
                let renumbered = Seat {
                    number: number.clone(),
                    ..seat.clone()
                };
                change.item(
                    "seat",
                    &seat_name(seat),
                    seat_name(seat).into(),
                    seat_name(&renumbered).into(),
                );
            }
        }
        change.sign(tx, by)?;
        // Two passes so that swapping numbers within a row never collides.
        for (id, row, _, flags) in &changes {
            store::halls::set_seat(tx, *id, row, &format!("~{id}"), *flags)?;
        }
        for (id, row, number, flags) in &changes {
            store::halls::set_seat(tx, *id, row, number, *flags)?;
        }
        Ok(())
    })
}

/// Takes every flag off the chosen seats.
pub fn clear_flags(
    store: &mut Store,
    by: &By,
    hall_id: i64,
    seat_ids: &[i64],
) -> Result<(), ProgrammingError> {
    flag_seats(store, by, hall_id, seat_ids, |_| SeatFlags::default())
}

/// Puts a flag on the chosen seats, or takes it off.
pub fn set_flag(
    store: &mut Store,
    by: &By,
    hall_id: i64,
    seat_ids: &[i64],
    flag: SeatFlagName,
    on: bool,
) -> Result<(), ProgrammingError> {
    flag_seats(store, by, hall_id, seat_ids, |flags| {
        if on {
            flags.with(flag.flags())
        } else {
            SeatFlags(flags.0 & !flag.flags().0)
        }
    })
}

/// Gives each chosen seat the flags `to` makes of its own.
fn flag_seats(
    store: &mut Store,
    by: &By,
    hall_id: i64,
    seat_ids: &[i64],
    to: impl Fn(SeatFlags) -> SeatFlags,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let hall = hall(tx, hall_id)?;
        let mut change = Change::new(Subject::Seats, Action::Changed, &hall.public_id, &hall.name);
        for seat in chosen(tx, hall_id, seat_ids)? {
            let flags = to(seat.flags);
            store::halls::set_seat(tx, seat.id, &seat.row, &seat.number, flags)?;
            change.item(
                "flags",
                &seat_name(&seat),
                flag_names(seat.flags),
                flag_names(flags),
            );
        }
        change.sign(tx, by)
    })
}

/// A seat's flags as records list them.
fn flag_names(flags: SeatFlags) -> serde_json::Value {
    flags
        .names()
        .into_iter()
        .map(|f| serde_json::to_value(f).unwrap_or_default())
        .collect()
}

/// Refused when any of these seats ever had a ticket.
fn unsold(tx: &Tx, seats: &[Seat]) -> Result<(), ProgrammingError> {
    let ids: Vec<i64> = seats.iter().map(|s| s.id).collect();
    let sold = store::halls::seats_with_tickets(tx, &ids)?;
    if !sold.is_empty() {
        return Err(ProgrammingError::SeatsSold(names(seats, &sold)));
    }
    let lent = store::contingents::lent_among(tx, &ids)?;
    if !lent.is_empty() {
        return Err(ProgrammingError::SeatsLent(names(seats, &lent)));
    }
    Ok(())
}

/// The seats of the hall among `seat_ids`: at least one, all in the hall.
pub(crate) fn chosen(
    tx: &Tx,
    hall_id: i64,
    seat_ids: &[i64],
) -> Result<Vec<Seat>, ProgrammingError> {
    let wanted: HashSet<i64> = seat_ids.iter().copied().collect();
    if wanted.is_empty() {
        return Err(ProgrammingError::NoSeatsChosen);
    }
    let seats: Vec<Seat> = store::halls::seats(tx, hall_id)?
        .into_iter()
        .filter(|s| wanted.contains(&s.id))
        .collect();
    if seats.len() != wanted.len() {
        return Err(ProgrammingError::NotFound(Missing::Seat));
    }
    Ok(seats)
}

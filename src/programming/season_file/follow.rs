//! A season pulled again from the venue's central database: the
//! performances this terminal has already are brought to the file (their
//! time, status, sales window, VAT rate, re-entry, general admission's
//! places; then their prices, tariffs offered and quotas) through the same
//! checked change a coordinator makes here, each journaled; a performance
//! cancelled there stops selling here. What is new is the import's.

use chrono::Utc;

use super::{at, parse};
use crate::domain::TaxRate;
use crate::programming::ProgrammingError;
use crate::programming::journal::By;
use crate::programming::performances::{self, Changes};
use crate::programming::pricing;
use crate::store::{self, Store};

/// Brings every performance of the season file `text` that this terminal
/// has to what the file says: how many changed. Each change is its own
/// transaction; the first refused stops, naming the performance.
pub fn follow(store: &mut Store, by: &By, text: &str) -> Result<usize, ProgrammingError> {
    let file = parse(text)?;
    let mut changed = 0;
    for (i, p) in file.performances.iter().enumerate() {
        let fail = at(format!("performances[{i}] ({})", p.id));
        let Some(here) = store.read(|tx| store::performances::by_public_id(tx, &p.id))? else {
            continue;
        };
        let wanted = Changes {
            starts_at: p.starts_at.with_timezone(&Utc),
            vat: TaxRate::parse_percent(&p.vat)
                .map_err(ProgrammingError::Vat)
                .map_err(&fail)?,
            sales_open_at: p.sales_open_at.map(|t| t.with_timezone(&Utc)),
            sales_close_at: p.sales_close_at.map(|t| t.with_timezone(&Utc)),
            status: p.status,
            reentry_allowed: p.reentry_allowed,
            // Timed entry's places are its slots' (followed with them).
            capacity: p.capacity.filter(|_| p.slots.is_empty()),
        };
        let as_it_is = Changes {
            capacity: wanted.capacity.map(|_| here.capacity),
            ..Changes::of(&here)
        };
        if wanted == as_it_is {
            continue;
        }
        performances::update(store, by, here.id, &wanted).map_err(&fail)?;
        changed += 1;
    }
    Ok(changed)
}

/// Brings the entry slots, prices, tariffs offered and quotas of every
/// performance of the file this terminal has to what the file says (after
/// the import: a tariff new to the season is there by then), each a
/// journaled change: how many changed.
pub fn follow_prices(store: &mut Store, by: &By, text: &str) -> Result<usize, ProgrammingError> {
    let file = parse(text)?;
    let mut changed = 0;
    for (i, p) in file.performances.iter().enumerate() {
        let fail = at(format!("performances[{i}] ({})", p.id));
        let Some(here) = store.read(|tx| store::performances::by_public_id(tx, &p.id))? else {
            continue;
        };
        // Timed entry: its slots (their starts and places) as the file has
        // them.
        let mut slots: Vec<(chrono::DateTime<Utc>, i64)> = p
            .slots
            .iter()
            .map(|s| (s.starts_at.with_timezone(&Utc), s.capacity))
            .collect();
        slots.sort();
        let slots_changed =
            !slots.is_empty() && performances::slots(store, here.id).map_err(&fail)? != slots;
        if slots_changed {
            performances::set_slots(store, by, here.id, &slots).map_err(&fail)?;
        }
        let wanted = super::import::grid_of(p).map_err(&fail)?;
        let grid_changed = pricing::grid(store, here.id).map_err(&fail)? != wanted;
        if grid_changed {
            pricing::set_prices(store, by, &[here.id], &wanted).map_err(&fail)?;
        }
        changed += usize::from(slots_changed || grid_changed);
    }
    Ok(changed)
}

//! A season pulled again from the venue's central database: the
//! performances this terminal has already are brought to the file (their
//! time, status, sales window, VAT rate, re-entry, general admission's
//! places; then their entry slots, prices, tariffs offered and quotas)
//! through the same
//! checked change a coordinator makes here, each journaled; a performance
//! cancelled there stops selling here. What is new is the import's.

use chrono::{DateTime, Utc};

use super::{PerformanceEntry, at, parse};
use crate::domain::{Performance, TaxRate};
use crate::programming::ProgrammingError;
use crate::programming::journal::By;
use crate::programming::performances::{self, Changes};
use crate::programming::pricing;
use crate::store::{self, Store};

/// Brings every performance of the season file `text` that this terminal
/// has to what the file says: how many changed. Each change is its own
/// transaction; the first refused stops, naming the performance.
pub fn follow(store: &mut Store, by: &By, text: &str) -> Result<usize, ProgrammingError> {
    each_known(store, text, |store, p, here| {
        let wanted = Changes {
            starts_at: p.starts_at.with_timezone(&Utc),
            vat: TaxRate::parse_percent(&p.vat).map_err(ProgrammingError::Vat)?,
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
            return Ok(false);
        }
        performances::update(store, by, here.id, &wanted)?;
        Ok(true)
    })
}

/// Brings the entry slots, prices, tariffs offered and quotas of every
/// performance of the file this terminal has to what the file says (after
/// the import: a tariff new to the season is there by then), each a
/// journaled change: how many changed.
pub fn follow_prices(store: &mut Store, by: &By, text: &str) -> Result<usize, ProgrammingError> {
    each_known(store, text, |store, p, here| {
        // Timed entry: its slots (their starts and places) as the file has
        // them.
        let mut slots: Vec<(DateTime<Utc>, i64)> = p
            .slots
            .iter()
            .map(|s| (s.starts_at.with_timezone(&Utc), s.capacity))
            .collect();
        slots.sort();
        let slots_changed = !slots.is_empty() && performances::slots(store, here.id)? != slots;
        if slots_changed {
            performances::set_slots(store, by, here.id, &slots)?;
        }
        let wanted = super::import::grid_of(p)?;
        let grid_changed = pricing::grid(store, here.id)? != wanted;
        if grid_changed {
            pricing::set_prices(store, by, &[here.id], &wanted)?;
        }
        Ok(slots_changed || grid_changed)
    })
}

/// Runs `bring` on each performance of the season file `text` this
/// terminal has (with its row here): how many it changed. The first
/// refused stops, naming the performance.
fn each_known(
    store: &mut Store,
    text: &str,
    mut bring: impl FnMut(&mut Store, &PerformanceEntry, Performance) -> Result<bool, ProgrammingError>,
) -> Result<usize, ProgrammingError> {
    let file = parse(text)?;
    let mut changed = 0;
    for (i, p) in file.performances.iter().enumerate() {
        let fail = at(format!("performances[{i}] ({})", p.id));
        let Some(here) = store.read(|tx| store::performances::by_public_id(tx, &p.id))? else {
            continue;
        };
        changed += usize::from(bring(store, p, here).map_err(&fail)?);
    }
    Ok(changed)
}

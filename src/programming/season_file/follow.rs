//! A season pulled again from the venue's central database: the
//! performances this terminal has already are brought to the file (their
//! time, status, sales window, VAT rate, re-entry, general admission's
//! places) through the same checked change a coordinator makes here, each
//! journaled; a performance cancelled there stops selling here. What is
//! new is the import's.

use chrono::Utc;

use super::{at, parse};
use crate::domain::TaxRate;
use crate::programming::ProgrammingError;
use crate::programming::journal::By;
use crate::programming::performances::{self, Changes};
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
            capacity: p.capacity,
        };
        let as_it_is = Changes {
            capacity: p.capacity.map(|_| here.capacity),
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

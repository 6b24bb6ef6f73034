//! What this terminal holds of the central pool held against its signed
//! `contingent` records: replayed in order, they say which seats and how
//! many places it holds; `lent_seat`, `lent_places` and `lent_slot` (a
//! timed entry slot's places, by its pool's name) must say the same.
//! A seat added behind the ledger's back would let this terminal sell a
//! seat another terminal holds.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::Locale;
use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::Record;
use crate::store::{self, StoreError, Tx, terminals::TerminalRow};

use super::closings::{Unreadable, indexed};

/// The first disagreement between the contingent records and the rows.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    let mut seats: BTreeSet<(String, String)> = BTreeSet::new();
    let mut places: BTreeMap<String, i64> = BTreeMap::new();
    let mut last = None;
    for t in terminals {
        let found = |seq: i64, problem: Problem| Break {
            terminal: t.name.clone(),
            chain: "fiscal".into(),
            position: seq,
            kind: Kind::Contingent.as_str().to_owned(),
            at: String::new(),
            problem,
        };
        let records = indexed(
            tx,
            t.id,
            "fiscal",
            store::ledger::Indexed::Contingent,
            |r| match r {
                Record::Contingent(c) => Some(c),
                _ => None,
            },
        )?;
        let records = match records {
            Ok(r) => r,
            Err(Unreadable(seq)) => {
                return Ok(Some(found(
                    seq,
                    Problem::Altered("a contingent record this version cannot read"),
                )));
            }
        };
        for (seq, c) in records {
            for s in c.seats_out {
                seats.remove(&(c.performance.clone(), s));
            }
            for s in c.seats_in {
                seats.insert((c.performance.clone(), s));
            }
            places.insert(c.performance, c.places);
            last = Some((t, seq));
        }
    }
    let at = |problem: Problem| {
        let (t, seq) = last.map_or(("-".to_owned(), 1), |(t, seq)| (t.name.clone(), seq));
        Break {
            terminal: t,
            chain: "fiscal".into(),
            position: seq,
            kind: Kind::Contingent.as_str().to_owned(),
            at: String::new(),
            problem,
        }
    };
    for (performance, name) in store::contingents::named_seats(tx)? {
        let row = (performance, name.label(Locale::FrFr));
        if !seats.remove(&row) {
            return Ok(Some(at(Problem::NoRecord {
                table: "lent_seat",
                row: format!("{} {}", row.0, row.1),
            })));
        }
    }
    if let Some((performance, seat)) = seats.into_iter().next() {
        return Ok(Some(at(Problem::NoRow {
            table: "lent_seat",
            row: format!("{performance} {seat}"),
        })));
    }
    for held in store::contingents::all(tx)? {
        let signed = places.remove(&held.performance).unwrap_or(0);
        if signed != held.places {
            return Ok(Some(at(Problem::Disagrees {
                table: if held.slot.is_some() {
                    "lent_slot"
                } else {
                    "lent_places"
                },
                row: held.performance,
                what: "the places held",
            })));
        }
    }
    if let Some((performance, _)) = places.into_iter().find(|(_, n)| *n > 0) {
        return Ok(Some(at(Problem::NoRow {
            table: "lent_places",
            row: performance,
        })));
    }
    Ok(None)
}

//! The database's season written out as a season file.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{
    CategoryEntry, FORMAT, HallEntry, HoldEntry, OfferEntry, PerformanceEntry, SeasonFile, SeatRef,
    SlotEntry, TariffEntry,
};
use crate::domain::season::HallKind;
use crate::domain::{Performance, Seat, Tariff};
use crate::programming::shows::ShowDraft;
use crate::programming::{Missing, ProgrammingError};
use crate::store::pictures::VENUE_LOGO;
use crate::store::{self, Store, Tx};

/// The whole season of the database as a season file.
pub fn export(store: &Store) -> Result<SeasonFile, ProgrammingError> {
    store.read(|tx| {
        let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
        let tariffs = store::tariffs::all(tx)?;
        let halls = store::halls::all(tx)?;
        let mut hall_seats = HashMap::new();
        let logo = store::pictures::get(tx, VENUE_LOGO)?;
        let mut file = SeasonFile {
            format: FORMAT.into(),
            // The lowest version that says it all: an older Guichet reads
            // a file with no logo (1) or no show's picture (2).
            version: 1,
            time_zone: zone.name().into(),
            tariffs: tariffs
                .iter()
                .map(|t| TariffEntry {
                    code: t.code.clone(),
                    name: t.name.clone(),
                    requires_proof: t.requires_proof,
                    complimentary: t.is_complimentary,
                })
                .collect(),
            halls: Vec::new(),
            shows: Vec::new(),
            performances: Vec::new(),
            logo: logo.map(|p| data_encoding::BASE64.encode(&p.png)),
            pictures: Default::default(),
        };
        for h in &halls {
            let seats = store::halls::seats(tx, h.id)?;
            file.halls.push(HallEntry {
                id: h.public_id.clone(),
                name: h.name.clone(),
                kind: h.kind,
                capacity: h.capacity,
                venue_type: h.venue_type.clone(),
                seats: seats.iter().map(|s| s.planned().into()).collect(),
            });
            hall_seats.insert(h.id, seats);
        }
        let shows = store::shows::all(tx)?;
        for s in &shows {
            if let Some(p) = store::pictures::of_show(tx, s.id)? {
                let png = data_encoding::BASE64.encode(&p.png);
                file.pictures.insert(s.public_id.clone(), png);
            }
            file.shows.push(ShowDraft {
                vat: s.vat_rate.to_string().trim_end_matches('%').to_owned(),
                ..ShowDraft::of(s)
            });
        }
        for p in store::performances::all(tx)? {
            let hall = halls
                .iter()
                .find(|h| h.id == p.hall_id)
                .ok_or(ProgrammingError::NotFound(Missing::Hall))?;
            let show = shows
                .iter()
                .find(|s| s.id == p.show_id)
                .ok_or(ProgrammingError::NotFound(Missing::Show))?;
            let seats = &hall_seats[&hall.id];
            let mut entry = performance_entry(tx, &p, seats, &tariffs, zone)?;
            entry.show = show.public_id.clone();
            entry.hall = hall.public_id.clone();
            entry.capacity = (hall.kind != HallKind::Numbered).then_some(p.capacity);
            file.performances.push(entry);
        }
        Ok(lowest_version(file))
    })
}

/// A performance as the season file has it: its times in the venue's
/// zone, slots, categories and their seats, tariffs and prices, holds. Its
/// show, hall and capacity are the caller's to fill.
fn performance_entry(
    tx: &Tx,
    p: &Performance,
    seats: &[Seat],
    tariffs: &[Tariff],
    zone: chrono_tz::Tz,
) -> Result<PerformanceEntry, ProgrammingError> {
    let time = |t: DateTime<Utc>| t.with_timezone(&zone).fixed_offset();
    let painted = store::performances::seat_categories(tx, p.id)?;
    let categories = store::performances::categories(tx, p.id)?;
    let prices = store::performances::prices(tx, p.id)?;
    Ok(PerformanceEntry {
        id: p.public_id.clone(),
        show: String::new(),
        hall: String::new(),
        starts_at: time(p.starts_at),
        ends_at: time(p.ends_at),
        vat: p.vat_rate.to_string().trim_end_matches('%').to_owned(),
        capacity: None,
        sales_open_at: p.sales_open_at.map(time),
        sales_close_at: p.sales_close_at.map(time),
        status: p.status,
        reentry_allowed: p.reentry_allowed,
        slots: store::performances::slots(tx, p.id)?
            .into_iter()
            .map(|(start, capacity)| SlotEntry {
                starts_at: time(start),
                capacity,
            })
            .collect(),
        categories: categories
            .iter()
            .map(|c| {
                let ids: Vec<i64> = painted
                    .iter()
                    .filter(|(_, k)| *k == c.id)
                    .map(|(s, _)| *s)
                    .collect();
                CategoryEntry {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    colour: c.colour.clone(),
                    seats: seat_refs(seats, &ids),
                }
            })
            .collect(),
        tariffs: store::performances::offered(tx, p.id)?
            .into_iter()
            .filter_map(|(tariff_id, quota)| {
                let t = tariffs.iter().find(|t| t.id == tariff_id)?;
                let prices_cents = prices
                    .iter()
                    .filter(|(_, t, _)| *t == tariff_id)
                    .filter_map(|(c, _, a)| {
                        categories
                            .iter()
                            .find(|k| k.id == *c)
                            .map(|k| (k.code.clone(), *a))
                    })
                    .collect();
                Some(OfferEntry {
                    tariff: t.code.clone(),
                    quota,
                    prices_cents,
                })
            })
            .collect(),
        holds: store::holds::of_performance(tx, p.id)?
            .into_iter()
            .map(|h| HoldEntry {
                seats: seat_refs(seats, &h.seats),
                id: h.public_id,
                name: h.name,
                reason: h.reason,
                colour: h.colour,
                quantity: h.quantity,
            })
            .collect(),
    })
}

/// Seats as row references: a whole row when every seat of it is there.
fn seat_refs(seats: &[Seat], ids: &[i64]) -> Vec<SeatRef> {
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let mut rows: Vec<((String, String), Vec<&crate::domain::Seat>)> = Vec::new();
    for s in seats {
        let key = (s.section.clone(), s.row.clone());
        match rows.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(s),
            None => rows.push((key, vec![s])),
        }
    }
    rows.into_iter()
        .filter_map(|((section, row), all)| {
            let chosen: Vec<String> = all
                .iter()
                .filter(|s| wanted.contains(&s.id))
                .map(|s| s.number.clone())
                .collect();
            match chosen.len() {
                0 => None,
                n if n == all.len() => Some(SeatRef {
                    section,
                    row,
                    seats: vec![],
                }),
                _ => Some(SeatRef {
                    section,
                    row,
                    seats: chosen,
                }),
            }
        })
        .collect()
}

/// The file with the lowest version that says it all: an older Guichet
/// reads a file with no logo (1) or no show's picture (2).
fn lowest_version(mut file: SeasonFile) -> SeasonFile {
    file.version = match (file.logo.is_some(), file.pictures.is_empty()) {
        (_, false) => 3,
        (true, true) => 2,
        (false, true) => 1,
    };
    file
}

/// The file without the shows' pictures (what the central database
/// publishes), at the version that then says it all.
pub fn without_pictures(mut file: SeasonFile) -> SeasonFile {
    file.pictures.clear();
    lowest_version(file)
}

//! A season file into the database: checked whole (in a scratch database
//! for `check`), then written in one transaction; what is already there
//! (by public id) is left as it is.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{ImportReport, PerformanceEntry, SeasonFile, SeatEntry, SeatRef, at, parse};
use crate::domain::operator::Act;
use crate::domain::picture::{self, Picture, PictureError};
use crate::domain::records::{self, Record};
use crate::domain::season::HallKind;
use crate::domain::{Cents, Seat, TaxRate};
use crate::programming::journal::By;
use crate::programming::performances::{Layout, PerformanceDraft};
use crate::programming::pricing::{self, PriceGrid};
use crate::programming::{ProgrammingError, halls, holds, performances, shows};
use crate::store::pictures::VENUE_LOGO;
use crate::store::{self, Store, Tx};
/// Imports a season file in one transaction; refused whole on any error.
pub fn import(store: &mut Store, by: &By, text: &str) -> Result<ImportReport, ProgrammingError> {
    by.may(Act::Import)?;
    let file = parse(text)?;
    let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes()));
    let now = by.now;
    let logo = file.logo.as_deref().map(read_logo).transpose()?;
    let pictures = read_pictures(&file)?;
    crate::programming::journal::write(store, by, Act::Import, |tx| {
        let mut report = write(tx, &file, now)?;
        report.pictures = write_pictures(tx, by, &pictures)?;
        if let Some(logo) = &logo
            && store::pictures::get(tx, VENUE_LOGO)?.is_none()
        {
            // The logo is the venue's: set by an administrator only, and
            // journaled as `guichet venue logo` journals it.
            if by.may(Act::Administer).is_ok() {
                crate::programming::venue::record_logo(tx, by, None, logo)?;
                report.logo = true;
            } else {
                report.logo_left = true;
            }
        }
        if report.created() > 0 {
            let record = Record::SeasonImported(records::SeasonImported {
                sha256: digest,
                tariffs: report.tariffs.0,
                halls: report.halls.0,
                shows: report.shows.0,
                performances: report.performances.0,
            });
            by.sign(tx, &record)?;
        }
        Ok(report)
    })
}

/// Checks a season file whole by importing it into a scratch database in
/// memory: nothing is written anywhere.
pub fn check(file: &SeasonFile, now: DateTime<Utc>) -> Result<ImportReport, ProgrammingError> {
    if let Some(logo) = &file.logo {
        read_logo(logo)?;
    }
    read_pictures(file)?;
    let mut scratch = Store::in_memory()?;
    scratch.write(|tx| write(tx, file, now))
}

/// Writes what the file has that the database lacks, in the caller's
/// transaction.
pub(crate) fn write(
    tx: &Tx,
    file: &SeasonFile,
    now: DateTime<Utc>,
) -> Result<ImportReport, ProgrammingError> {
    let mut report = ImportReport::default();
    let mut seen = Seen::default();
    for (i, t) in file.tariffs.iter().enumerate() {
        let fail = at(format!("tariffs[{i}] ({})", t.code));
        let code = pricing::tariff_code(&t.code).map_err(&fail)?;
        seen.once(&code, format!("tariffs[{i}]")).map_err(&fail)?;
        if store::tariffs::by_code(tx, &code)?.is_some() {
            report.tariffs.1 += 1;
            continue;
        }
        let name = pricing::tariff_name(&t.name).map_err(&fail)?;
        store::tariffs::insert(tx, &code, &name, t.requires_proof, t.complimentary)?;
        report.tariffs.0 += 1;
    }
    let mut new_halls = HashSet::new();
    for (i, h) in file.halls.iter().enumerate() {
        let fail = at(format!("halls[{i}] ({})", h.name));
        check_id(&h.id).map_err(&fail)?;
        seen.once(&h.id, format!("halls[{i}]")).map_err(&fail)?;
        if store::halls::by_public_id(tx, &h.id)?.is_some() {
            report.halls.1 += 1;
            continue;
        }
        let layout = match h.kind {
            HallKind::Numbered => {
                halls::Layout::Numbered(h.seats.iter().map(SeatEntry::planned).collect())
            }
            HallKind::General => halls::Layout::General {
                capacity: h.capacity,
            },
            HallKind::Timed => halls::Layout::Timed {
                per_slot: h.capacity,
            },
        };
        let new = halls::NewHall {
            name: h.name.clone(),
            layout,
            venue_type: h.venue_type.clone(),
        };
        let name = halls::check(&new).map_err(&fail)?;
        halls::insert(tx, &h.id, &name, &new, now).map_err(&fail)?;
        new_halls.insert(h.id.clone());
        report.halls.0 += 1;
    }
    for (i, s) in file.shows.iter().enumerate() {
        let fail = at(format!("shows[{i}] ({})", s.title));
        check_id(&s.id).map_err(&fail)?;
        seen.once(&s.id, format!("shows[{i}]")).map_err(&fail)?;
        if store::shows::by_public_id(tx, &s.id)?.is_some() {
            report.shows.1 += 1;
            continue;
        }
        let show = shows::check(s).map_err(&fail)?;
        shows::insert(tx, &s.id, show, now).map_err(&fail)?;
        report.shows.0 += 1;
    }
    for (i, p) in file.performances.iter().enumerate() {
        let fail = at(format!("performances[{i}] ({})", p.id));
        check_id(&p.id).map_err(&fail)?;
        seen.once(&p.id, format!("performances[{i}]"))
            .map_err(&fail)?;
        for (k, h) in p.holds.iter().enumerate() {
            seen.once(&h.id, format!("performances[{i}].holds[{k}]"))
                .map_err(&fail)?;
        }
        if store::performances::by_public_id(tx, &p.id)?.is_some() {
            report.performances.1 += 1;
            continue;
        }
        insert_performance(tx, p, now).map_err(&fail)?;
        report.performances.0 += 1;
    }
    Ok(report)
}

/// A performance's prices and quotas as the file offers them.
pub(super) fn grid_of(p: &PerformanceEntry) -> Result<PriceGrid, ProgrammingError> {
    let mut grid = PriceGrid::default();
    for offer in &p.tariffs {
        let tariff = pricing::tariff_code(&offer.tariff)?;
        grid.quotas.insert(tariff.clone(), offer.quota);
        for (category, cents) in &offer.prices_cents {
            grid.prices.insert(
                (category.trim().to_uppercase(), tariff.clone()),
                Cents(*cents),
            );
        }
    }
    Ok(grid)
}

/// The file's logo, its size bounded before it is decoded, then checked
/// (an error says it is at `logo`).
pub(crate) fn read_logo(base64: &str) -> Result<Picture, ProgrammingError> {
    read_png("logo".into(), "the logo", base64)
}

/// A picture of the file (at `path`), its size bounded before it is
/// decoded, then checked whole.
fn read_png(path: String, what: &str, base64: &str) -> Result<Picture, ProgrammingError> {
    let at = at(path.clone());
    let longest = usize::try_from(picture::MAX_BYTES / 3 * 4 + 4).unwrap_or(usize::MAX);
    if base64.len() > longest {
        let bytes = u64::try_from(base64.len() / 4 * 3).unwrap_or(u64::MAX);
        return Err(at(ProgrammingError::Picture(PictureError::TooHeavy {
            bytes,
        })));
    }
    let png = data_encoding::BASE64
        .decode(base64.as_bytes())
        .map_err(|e| {
            at(ProgrammingError::Other(format!(
                "{what} is not base64: {e}"
            )))
        })?;
    Picture::check(png).map_err(|e| at(ProgrammingError::Picture(e)))
}

/// The most shows' pictures a file carries, and their whole weight in
/// base64, bounded before any is decoded.
const MAX_PICTURES: usize = 500;
const MAX_PICTURES_TEXT: usize = 64 * 1024 * 1024;

/// The shows' pictures of the file, each checked, each of a show the file
/// holds.
fn read_pictures(file: &SeasonFile) -> Result<Vec<(String, Picture)>, ProgrammingError> {
    let text: usize = file.pictures.values().map(String::len).sum();
    if file.pictures.len() > MAX_PICTURES || text > MAX_PICTURES_TEXT {
        return Err(at("pictures".into())(ProgrammingError::Other(format!(
            "{} pictures weighing {} MB: a season file carries {MAX_PICTURES} at most, {} MB in all",
            file.pictures.len(),
            text / 1_048_576,
            MAX_PICTURES_TEXT / 1_048_576
        ))));
    }
    file.pictures
        .iter()
        .map(|(show, base64)| {
            let path = format!("pictures.{show}");
            if !file.shows.iter().any(|s| &s.id == show) {
                return Err(at(path)(ProgrammingError::NotFound(
                    crate::programming::Missing::Show,
                )));
            }
            Ok((show.clone(), read_png(path, "the picture", base64)?))
        })
        .collect()
}

/// Sets each picture of the file on its show, where the show has none
/// (a coordinator's act: the pictures are left out for anyone else).
fn write_pictures(
    tx: &Tx,
    by: &By,
    pictures: &[(String, Picture)],
) -> Result<usize, ProgrammingError> {
    if by.may(Act::Program).is_err() {
        return Ok(0);
    }
    let mut set = 0;
    for (show, picture) in pictures {
        let Some(s) = store::shows::by_public_id(tx, show)? else {
            continue;
        };
        if store::pictures::of_show(tx, s.id)?.is_none()
            && crate::programming::shows::record_picture(tx, by, s.id, Some(picture))?
        {
            set += 1;
        }
    }
    Ok(set)
}

/// The ids (and tariff codes) met so far in a file: each names one thing.
#[derive(Default)]
struct Seen(HashMap<String, String>);

impl Seen {
    fn once(&mut self, id: &str, path: String) -> Result<(), ProgrammingError> {
        match self.0.get(id) {
            Some(first) => Err(ProgrammingError::Other(format!(
                "\"{id}\" appears twice in the file (first at {first})"
            ))),
            None => {
                self.0.insert(id.to_owned(), path);
                Ok(())
            }
        }
    }
}

fn check_id(id: &str) -> Result<(), ProgrammingError> {
    if id.trim().is_empty() || id.len() > 64 {
        return Err(ProgrammingError::Other(format!(
            "\"{id}\" is not an id (1 to 64 characters)"
        )));
    }
    Ok(())
}

fn insert_performance(
    tx: &Tx,
    p: &PerformanceEntry,
    now: DateTime<Utc>,
) -> Result<(), ProgrammingError> {
    let show = store::shows::by_public_id(tx, &p.show)?
        .ok_or_else(|| ProgrammingError::Other(format!("no show with id {}", p.show)))?;
    let hall = store::halls::by_public_id(tx, &p.hall)?
        .ok_or_else(|| ProgrammingError::Other(format!("no hall with id {}", p.hall)))?;
    let vat = TaxRate::parse_percent(&p.vat).map_err(ProgrammingError::Vat)?;
    let draft = PerformanceDraft {
        vat: Some(vat),
        capacity: p.capacity,
        sales_open_at: p.sales_open_at.map(|t| t.with_timezone(&Utc)),
        sales_close_at: p.sales_close_at.map(|t| t.with_timezone(&Utc)),
        ends_at: Some(p.ends_at.with_timezone(&Utc)),
        status: Some(p.status),
        reentry_allowed: Some(p.reentry_allowed),
        ..PerformanceDraft::new(show.id, hall.id, p.starts_at.with_timezone(&Utc))
    };
    // The same checks as a performance made in the window: length, sales
    // window, the hall's diary.
    let mut perf = performances::insert(tx, &p.id, &draft, &Layout::Bare, now)?;
    if hall.kind == HallKind::Timed {
        let slots: Vec<(DateTime<Utc>, i64)> = p
            .slots
            .iter()
            .map(|s| (s.starts_at.with_timezone(&Utc), s.capacity))
            .collect();
        perf = performances::set_slots_in(tx, perf.id, &slots)?;
    } else if !p.slots.is_empty() {
        return Err(ProgrammingError::Other(
            "slots belong to timed-entry halls only".into(),
        ));
    }
    let seats = store::halls::seats(tx, hall.id)?;
    let index: HashMap<(&str, &str, &str), i64> = seats
        .iter()
        .map(|s| {
            (
                (s.section.as_str(), s.row.as_str(), s.number.as_str()),
                s.id,
            )
        })
        .collect();
    let mut painted: HashMap<i64, String> = HashMap::new();
    let mut codes = Vec::new();
    for (position, c) in p.categories.iter().enumerate() {
        let (code, name) = pricing::category_code(&c.code, &c.name)?;
        if codes.contains(&code) {
            return Err(ProgrammingError::CategoryTaken(code));
        }
        codes.push(code.clone());
        let id = store::performances::insert_category(
            tx,
            perf.id,
            &code,
            &name,
            &crate::programming::colour(&c.colour)?,
            position as i64,
        )?;
        for seat in resolve(&seats, &index, &c.seats)? {
            if let Some(other) = painted.insert(seat, code.clone()) {
                return Err(ProgrammingError::Other(format!(
                    "a seat of category {code} is also in category {other}"
                )));
            }
            store::performances::assign_seat(tx, perf.id, seat, id)?;
        }
    }
    if hall.kind == HallKind::Numbered && painted.len() != seats.len() {
        return Err(ProgrammingError::SeatsWithoutCategory(
            seats.len() - painted.len(),
        ));
    }
    pricing::apply(tx, perf.id, &grid_of(p)?)?;
    for (i, h) in p.holds.iter().enumerate() {
        let fail = at(format!("holds[{i}] ({})", h.name));
        check_id(&h.id).map_err(&fail)?;
        let hold = crate::domain::Hold {
            id: 0,
            public_id: h.id.clone(),
            performance_id: perf.id,
            name: h.name.clone(),
            reason: h.reason.clone(),
            colour: h.colour.clone(),
            quantity: h.quantity,
            terminal_id: None,
            seats: resolve(&seats, &index, &h.seats).map_err(&fail)?,
        };
        holds::insert(tx, hold, now).map_err(&fail)?;
    }
    Ok(())
}

/// The seat ids named by row references.
fn resolve(
    seats: &[Seat],
    index: &HashMap<(&str, &str, &str), i64>,
    refs: &[SeatRef],
) -> Result<Vec<i64>, ProgrammingError> {
    let mut out = Vec::new();
    for r in refs {
        if r.seats.is_empty() {
            let row: Vec<i64> = seats
                .iter()
                .filter(|s| s.section == r.section && s.row == r.row)
                .map(|s| s.id)
                .collect();
            if row.is_empty() {
                return Err(ProgrammingError::Other(format!(
                    "no row {} in {}",
                    r.row, r.section
                )));
            }
            out.extend(row);
        } else {
            for n in &r.seats {
                let id = index
                    .get(&(r.section.as_str(), r.row.as_str(), n.as_str()))
                    .ok_or_else(|| {
                        ProgrammingError::Other(format!("no seat {} {} {}", r.section, r.row, n))
                    })?;
                out.push(*id);
            }
        }
    }
    Ok(out)
}

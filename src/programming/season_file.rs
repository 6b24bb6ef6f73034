//! The season file: a whole season (tariffs, halls with their plans, shows,
//! performances with categories, prices, slots and holds) as JSON, to move
//! it between databases. Everything carries its public id, so importing
//! the same file twice changes nothing: what is already there is left as
//! it is. A file with any error is refused whole, naming the line or the
//! path of the error.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::journal::By;
use super::performances::{Layout, PerformanceDraft};
use super::pricing::{self, PriceGrid};
use super::shows::ShowDraft;
use super::{Missing, ProgrammingError, halls, holds, performances, shows};
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::seat_plan::{PlannedSeat, SeatFlagName, SeatFlags};
use crate::domain::{Cents, Performance, Seat, Tariff, TaxRate};
use crate::store::{self, Store, Tx};

pub const FORMAT: &str = "guichet-season";
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeasonFile {
    pub format: String,
    pub version: u32,
    /// The venue's zone when exported (times below carry their offset).
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub tariffs: Vec<TariffEntry>,
    #[serde(default)]
    pub halls: Vec<HallEntry>,
    #[serde(default)]
    pub shows: Vec<ShowDraft>,
    #[serde(default)]
    pub performances: Vec<PerformanceEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffEntry {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub requires_proof: bool,
    #[serde(default)]
    pub complimentary: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HallEntry {
    pub id: String,
    pub name: String,
    pub kind: HallKind,
    /// General: places; timed: places per slot (numbered: its seats).
    #[serde(default)]
    pub capacity: i64,
    #[serde(default)]
    pub venue_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatEntry {
    pub section: String,
    pub row: String,
    pub seat: String,
    pub x: f64,
    pub y: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<SeatFlagName>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceEntry {
    pub id: String,
    pub show: String,
    pub hall: String,
    #[serde(deserialize_with = "instant")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(deserialize_with = "instant")]
    pub ends_at: DateTime<FixedOffset>,
    pub vat: String,
    /// General admission: the places on sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_instant"
    )]
    pub sales_open_at: Option<DateTime<FixedOffset>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_instant"
    )]
    pub sales_close_at: Option<DateTime<FixedOffset>>,
    #[serde(default = "on_sale")]
    pub status: PerformanceStatus,
    #[serde(default)]
    pub reentry_allowed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<SlotEntry>,
    pub categories: Vec<CategoryEntry>,
    #[serde(default)]
    pub tariffs: Vec<OfferEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<HoldEntry>,
}

/// A date and time with its offset; what is wrong said in words (chrono's
/// own message is "input contains invalid characters").
fn instant<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "\"{text}\" is not a date and time with its offset, like 2026-11-24T20:00:00+01:00"
        ))
    })
}

fn some_instant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    instant(d).map(Some)
}

fn on_sale() -> PerformanceStatus {
    PerformanceStatus::OnSale
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlotEntry {
    #[serde(deserialize_with = "instant")]
    pub starts_at: DateTime<FixedOffset>,
    pub capacity: i64,
}

/// Seats of a row: all of them when `seats` is empty.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatRef {
    pub section: String,
    pub row: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub code: String,
    pub name: String,
    #[serde(default = "grey")]
    pub colour: String,
    /// Numbered halls: the seats of the category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatRef>,
}

fn grey() -> String {
    "#4a6fa5".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferEntry {
    pub tariff: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<i64>,
    /// Category code → price in cents (all taxes the spectator pays).
    pub prices_cents: BTreeMap<String, i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldEntry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub colour: String,
    #[serde(default)]
    pub quantity: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatRef>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub tariffs: (usize, usize),
    pub halls: (usize, usize),
    pub shows: (usize, usize),
    pub performances: (usize, usize),
}

impl ImportReport {
    pub fn created(&self) -> usize {
        self.tariffs.0 + self.halls.0 + self.shows.0 + self.performances.0
    }

    pub fn summary(&self) -> String {
        let part = |what: &str, (new, known): (usize, usize)| {
            format!("{what} {new} new, {known} already there")
        };
        [
            part("tariffs", self.tariffs),
            part("halls", self.halls),
            part("shows", self.shows),
            part("performances", self.performances),
        ]
        .join("; ")
    }
}

/// An error at a place of the file.
fn at(path: String) -> impl Fn(ProgrammingError) -> ProgrammingError {
    move |e| ProgrammingError::Other(format!("{path}: {e}"))
}

/// The first fields of any season file, read before the rest: a newer
/// version may hold fields this one does not know, and must be named as
/// newer rather than as a file with unknown fields.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// Reads a season file's text, refusing other formats and newer versions.
pub fn parse(text: &str) -> Result<SeasonFile, ProgrammingError> {
    let syntax = |e: serde_json::Error| {
        let (line, column) = (e.line(), e.column());
        let said = e.to_string();
        let what = said
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&said);
        ProgrammingError::Other(format!("line {line} column {column}: {what}"))
    };
    // A header that does not read falls through to the full parse, whose
    // message names the line.
    if let Ok(header) = serde_json::from_str::<Header>(text) {
        if header.format != FORMAT {
            return Err(ProgrammingError::Other(format!(
                "format \"{}\" is not a Guichet season file ({FORMAT})",
                header.format
            )));
        }
        if header.version > VERSION {
            return Err(ProgrammingError::Other(format!(
                "this season file was written by a newer Guichet (version {}; this program reads up to {VERSION}): install the newer Guichet",
                header.version
            )));
        }
    }
    let file: SeasonFile = serde_json::from_str(text).map_err(syntax)?;
    if file.format != FORMAT || file.version > VERSION {
        return Err(ProgrammingError::Other(format!(
            "format \"{}\" version {} is not a Guichet season file this program reads ({FORMAT} up to {VERSION})",
            file.format, file.version
        )));
    }
    Ok(file)
}

/// Imports a season file in one transaction; refused whole on any error.
pub fn import(store: &mut Store, by: &By, text: &str) -> Result<ImportReport, ProgrammingError> {
    by.may(Act::Import)?;
    let file = parse(text)?;
    let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes()));
    let now = by.now;
    super::journal::write(store, by, Act::Import, |tx| {
        let report = write(tx, &file, now)?;
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

impl SeatEntry {
    /// The seat as the plan has it.
    pub fn planned(&self) -> PlannedSeat {
        PlannedSeat {
            section: self.section.clone(),
            row: self.row.clone(),
            number: self.seat.clone(),
            x: self.x,
            y: self.y,
            flags: self
                .flags
                .iter()
                .fold(SeatFlags::default(), |f, n| f.with(n.flags())),
        }
    }
}

impl From<PlannedSeat> for SeatEntry {
    fn from(s: PlannedSeat) -> SeatEntry {
        SeatEntry {
            flags: s.flags.names(),
            section: s.section,
            row: s.row,
            seat: s.number,
            x: s.x,
            y: s.y,
        }
    }
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
            &super::colour(&c.colour)?,
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
    pricing::apply(tx, perf.id, &grid)?;
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

/// The whole season of the database as a season file.
pub fn export(store: &Store) -> Result<SeasonFile, ProgrammingError> {
    store.read(|tx| {
        let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
        let tariffs = store::tariffs::all(tx)?;
        let halls = store::halls::all(tx)?;
        let mut hall_seats = HashMap::new();
        let mut file = SeasonFile {
            format: FORMAT.into(),
            version: VERSION,
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
        Ok(file)
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

/// The season file as pretty JSON.
pub fn to_json(file: &SeasonFile) -> String {
    serde_json::to_string_pretty(file).unwrap_or_default()
}

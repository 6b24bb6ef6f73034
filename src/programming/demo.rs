//! The demo season: a fictional venue with a 450-seat theatre, a standing
//! club and a museum gallery, a dozen shows and about forty performances,
//! kept as data in `assets/demo/season.json`. Dates are offsets from the day
//! the demo is loaded, so something is always on sale and a few are past.
//!
//! The demo is turned into a season file (dates resolved from today) and
//! imported like any season file; the file is checked whole, on a scratch
//! database in memory, before anything is written; then the venue, the
//! operators and the season are written in one transaction, with the
//! ledger records of the set-up.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::season_file::{
    self, CategoryEntry, HallEntry, OfferEntry, PerformanceEntry, SeasonFile, SeatEntry, SeatRef,
    SlotEntry, TariffEntry,
};
use super::shows::ShowDraft;
use super::venue::{SetupError, record_venue};
use crate::domain::journal::Chain;
use crate::domain::records::{self, Record};
use crate::domain::season::{HallKind, PerformanceStatus, ShowTax, local_instant};
use crate::domain::seat_plan::{self, SectionSpec};
use crate::domain::venue::VenueSettings;
use crate::domain::{Cents, Role};
use crate::ledger::{self, Actor, Signer};
use crate::operators::{self, NewOperator};
use crate::store::{self, Store};

/// The demo as shipped inside the program.
pub const EMBEDDED: &str = include_str!("../../assets/demo/season.json");
pub const FILE_NAME: &str = "season.json";
/// The demo venue's logo, on its tickets and e-mails.
const DEMO_LOGO: &[u8] = include_bytes!("../../assets/demo/logo.png");

/// Where the demo comes from: the copy built into the program, or a folder
/// holding a `season.json` (to try a season of one's own).
#[derive(Clone, Debug)]
pub enum Source {
    Embedded,
    Folder(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    Missing {
        path: PathBuf,
        source: std::io::Error,
    },
    Malformed {
        file: String,
        detail: String,
    },
    Invalid {
        file: String,
        at: String,
        problem: String,
    },
    NotEmpty(String),
    Setup(#[from] SetupError),
}

impl From<crate::store::StoreError> for DemoError {
    fn from(e: crate::store::StoreError) -> DemoError {
        DemoError::Setup(e.into())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    format: String,
    version: u32,
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    venue: VenueSettings,
    operators: Vec<DemoOperator>,
    tariffs: Vec<DemoTariff>,
    halls: Vec<DemoHall>,
    shows: Vec<DemoShow>,
    performances: Vec<DemoPerformance>,
}

/// A demo operator; its PIN is shown on the log-in screen of a demo database.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DemoOperator {
    pub name: String,
    pub role: Role,
    pub pin: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoTariff {
    code: String,
    name: String,
    #[serde(default)]
    requires_proof: bool,
    #[serde(default)]
    complimentary: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoHall {
    key: String,
    name: String,
    kind: HallKind,
    #[serde(default)]
    capacity: i64,
    venue_type: String,
    #[serde(default)]
    sections: Vec<SectionSpec>,
    #[serde(default)]
    slots: Option<DemoSlots>,
    categories: Vec<DemoCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSlots {
    first: NaiveTime,
    last: NaiveTime,
    every_minutes: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCategory {
    code: String,
    name: String,
    colour: String,
    #[serde(default)]
    zones: Vec<DemoZone>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoZone {
    section: String,
    rows: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoShow {
    key: String,
    title: String,
    artists: String,
    genre: String,
    sibil_domain: String,
    #[serde(default)]
    young_audience: bool,
    show_tax: ShowTax,
    vat: String,
    duration_minutes: i64,
    description: String,
    /// Category code → tariff code → price as typed ("32", "12,50").
    prices: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    quotas: BTreeMap<String, i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPerformance {
    show: String,
    hall: String,
    day: i64,
    /// Local start time; timed halls use their slots instead.
    #[serde(default)]
    time: Option<NaiveTime>,
}

/// What the demo put in the database.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub venue: String,
    pub halls: usize,
    pub seats: usize,
    pub shows: usize,
    pub performances: usize,
    pub operators: Vec<DemoOperator>,
}

/// Reads the demo file from its source: (name for messages, text).
fn read(source: &Source) -> Result<(String, String), DemoError> {
    match source {
        Source::Embedded => Ok((format!("assets/demo/{FILE_NAME}"), EMBEDDED.to_owned())),
        Source::Folder(dir) => {
            let path = dir.join(FILE_NAME);
            std::fs::read_to_string(&path)
                .map(|text| (path.display().to_string(), text))
                .map_err(|source| DemoError::Missing { path, source })
        }
    }
}

fn parse(file: &str, text: &str) -> Result<DemoFile, DemoError> {
    let demo: DemoFile = serde_json::from_str(text).map_err(|e| DemoError::Malformed {
        file: file.to_owned(),
        detail: e.to_string(),
    })?;
    if demo.format != "guichet-demo" || demo.version != 1 {
        return Err(DemoError::Malformed {
            file: file.to_owned(),
            detail: format!(
                "format \"{}\" version {} is not guichet-demo version 1",
                demo.format, demo.version
            ),
        });
    }
    Ok(demo)
}

/// The setting holding a demo database's operators and PINs (JSON), shown
/// on its log-in screen. Only a demo database has it: elsewhere only PIN
/// hashes are kept.
const DEMO_OPERATORS: &str = "demo.operators";

/// The demo operators and their PINs, if this is a demo database.
pub fn operators(store: &Store) -> Vec<DemoOperator> {
    store
        .read(|tx| store::settings::get(tx, DEMO_OPERATORS))
        .ok()
        .flatten()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The demo's patron file, with its past seasons' attendance, into the
/// database a demo season was just loaded into (see `audience::demo`);
/// how many patrons it holds.
pub fn patrons(store: &mut Store, signer: &Signer, now: DateTime<Utc>) -> Result<usize, DemoError> {
    let system = operators::system(store)?;
    let zone = super::venue::time_zone(store);
    crate::audience::demo::load(store, signer, &system, now, zone).map_err(|e| DemoError::Invalid {
        file: "patrons".into(),
        at: "patron file".into(),
        problem: e.to_string(),
    })
}

/// Reads, checks and loads the demo season and its patron file into an
/// empty database (the window's and the command line's demo).
pub fn load_with_patrons(
    store: &mut Store,
    signer: &Signer,
    by: &Actor,
    source: &Source,
    now: DateTime<Utc>,
) -> Result<Loaded, DemoError> {
    let loaded = load(store, signer, by, source, now)?;
    patrons(store, signer, now)?;
    Ok(loaded)
}

/// A demo file read and checked whole, PINs hashed: ready to write, with
/// nothing touched yet.
pub struct Prepared {
    file: String,
    digest: String,
    venue: VenueSettings,
    operators: Vec<DemoOperator>,
    hashed: Vec<(String, Role, String)>,
    season: SeasonFile,
    seats: usize,
    now: DateTime<Utc>,
}

/// Reads the demo file and checks it whole, dated from `now`.
pub fn prepare(source: &Source, now: DateTime<Utc>) -> Result<Prepared, DemoError> {
    let (file, text) = read(source)?;
    let demo = parse(&file, &text)?;
    let invalid = |at: String, problem: String| DemoError::Invalid {
        file: file.clone(),
        at,
        problem,
    };
    let venue = demo.venue.clone().validated().map_err(|errors| {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        invalid("venue".into(), text.join("; "))
    })?;
    let season = to_season(&demo, venue.time_zone, now).map_err(|(at, p)| invalid(at, p))?;
    season_file::check(&season, now).map_err(|e| invalid("season".into(), e.to_string()))?;
    let mut hashed = Vec::new();
    for (i, op) in demo.operators.iter().enumerate() {
        let new = NewOperator {
            name: op.name.clone(),
            role: op.role,
            pin: op.pin.clone(),
            pin_again: op.pin.clone(),
        };
        let (name, hash) = operators::prepare(&new)
            .map_err(|e| invalid(format!("operators[{i}]"), e.to_string()))?;
        hashed.push((name, op.role, hash));
    }
    Ok(Prepared {
        digest: data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes())),
        file,
        venue,
        operators: demo.operators,
        hashed,
        seats: season.halls.iter().map(|h| h.seats.len()).sum(),
        season,
        now,
    })
}

/// Reads, checks and loads the demo season into an empty database.
pub fn load(
    store: &mut Store,
    signer: &Signer,
    by: &Actor,
    source: &Source,
    now: DateTime<Utc>,
) -> Result<Loaded, DemoError> {
    prepare(source, now)?.load(store, signer, by)
}

impl Prepared {
    /// Writes the venue, the operators and the season in one transaction,
    /// with their ledger records; refused (nothing written) when the
    /// database already has a venue.
    pub fn load(self, store: &mut Store, signer: &Signer, by: &Actor) -> Result<Loaded, DemoError> {
        if let Some(venue) = store.read(store::venue::load).map_err(SetupError::from)? {
            return Err(DemoError::NotEmpty(venue.settings.name));
        }
        let now = self.now;
        let pins = serde_json::to_string(&self.operators).unwrap_or_default();
        let loaded = Loaded {
            venue: self.venue.name.clone(),
            halls: self.season.halls.len(),
            seats: self.seats,
            shows: self.season.shows.len(),
            performances: self.season.performances.len(),
            operators: self.operators.clone(),
        };
        store.write(|tx| -> Result<(), DemoError> {
            record_venue(tx, signer, by, &self.venue, true, now)?;
            for (name, role, hash) in &self.hashed {
                operators::insert(tx, signer, by, name, *role, hash, now)
                    .map_err(SetupError::from)?;
            }
            store::settings::set(tx, DEMO_OPERATORS, &pins).map_err(SetupError::from)?;
            let invalid = |e: super::ProgrammingError| DemoError::Invalid {
                file: self.file.clone(),
                at: "season".into(),
                problem: e.to_string(),
            };
            season_file::write(tx, &self.season, now).map_err(invalid)?;
            // The demo venue's logo, part of what the demo record stands for.
            if let Some(logo) = &self.season.logo {
                let logo = season_file::read_logo(logo).map_err(invalid)?;
                store::pictures::set(tx, store::pictures::VENUE_LOGO, &logo, store::unix(now))
                    .map_err(SetupError::from)?;
            }
            let record = Record::DemoLoaded(records::DemoLoaded {
                file: self.file.clone(),
                sha256: self.digest.clone(),
                halls: loaded.halls,
                seats: loaded.seats,
                shows: loaded.shows,
                performances: loaded.performances,
                operators: self.hashed.len(),
            });
            ledger::append(tx, signer, Chain::Fiscal, by, &record, now)
                .map_err(SetupError::from)?;
            Ok(())
        })?;
        Ok(loaded)
    }
}

type Problem = (String, String);

/// The demo as a season file, dated from `now` in the venue's zone.
fn to_season(
    demo: &DemoFile,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<SeasonFile, Problem> {
    let mut season = SeasonFile {
        format: season_file::FORMAT.into(),
        version: season_file::VERSION,
        time_zone: zone.name().into(),
        tariffs: demo
            .tariffs
            .iter()
            .map(|t| TariffEntry {
                code: t.code.clone(),
                name: t.name.clone(),
                requires_proof: t.requires_proof,
                complimentary: t.complimentary,
            })
            .collect(),
        halls: Vec::new(),
        shows: Vec::new(),
        performances: Vec::new(),
        logo: Some(data_encoding::BASE64.encode(DEMO_LOGO)),
        pictures: Default::default(),
    };
    let mut ids = BTreeMap::new();
    for (i, hall) in demo.halls.iter().enumerate() {
        let entry = hall_entry(hall, now).map_err(|e| (format!("halls[{i}] ({})", hall.key), e))?;
        ids.insert(("hall", hall.key.as_str()), entry.id.clone());
        season.halls.push(entry);
    }
    for show in &demo.shows {
        let entry = show_entry(show, now);
        ids.insert(("show", show.key.as_str()), entry.id.clone());
        season.shows.push(entry);
    }
    for (i, p) in demo.performances.iter().enumerate() {
        let at = || format!("performances[{i}] ({} day {})", p.show, p.day);
        let show = demo.shows.iter().find(|s| s.key == p.show);
        let show = show.ok_or_else(|| (at(), format!("no show \"{}\"", p.show)))?;
        let hall = demo.halls.iter().find(|h| h.key == p.hall);
        let hall = hall.ok_or_else(|| (at(), format!("no hall \"{}\"", p.hall)))?;
        let mut entry = performance_entry(p, show, hall, zone, now).map_err(|e| (at(), e))?;
        entry.show = ids[&("show", show.key.as_str())].clone();
        entry.hall = ids[&("hall", hall.key.as_str())].clone();
        season.performances.push(entry);
    }
    Ok(season)
}

/// A hall of the demo, its seats generated from its sections.
fn hall_entry(hall: &DemoHall, now: DateTime<Utc>) -> Result<HallEntry, String> {
    let seats = seat_plan::generate(&hall.sections).map_err(|e| e.to_string())?;
    Ok(HallEntry {
        id: store::public_id(now),
        name: hall.name.clone(),
        kind: hall.kind,
        capacity: hall.capacity,
        venue_type: hall.venue_type.clone(),
        seats: seats.into_iter().map(SeatEntry::from).collect(),
    })
}

fn show_entry(show: &DemoShow, now: DateTime<Utc>) -> ShowDraft {
    ShowDraft {
        id: store::public_id(now),
        title: show.title.clone(),
        artists: show.artists.clone(),
        genre: show.genre.clone(),
        sibil_domain: show.sibil_domain.clone(),
        young_audience: show.young_audience,
        show_tax: show.show_tax,
        vat: show.vat.clone(),
        duration_min: show.duration_minutes,
        description: show.description.clone(),
    }
}

/// A performance of the demo, `p.day` days from today; its show and hall
/// ids are the caller's to fill.
fn performance_entry(
    p: &DemoPerformance,
    show: &DemoShow,
    hall: &DemoHall,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<PerformanceEntry, String> {
    if !(1..=1440).contains(&show.duration_minutes) {
        let minutes = show.duration_minutes;
        return Err(format!("duration_minutes {minutes}: between 1 and 1440"));
    }
    let today = now.with_timezone(&zone).date_naive();
    let date = if p.day >= 0 {
        today.checked_add_days(Days::new(p.day as u64))
    } else {
        today.checked_sub_days(Days::new(p.day.unsigned_abs()))
    }
    .ok_or_else(|| "date out of range".to_owned())?;
    let (start, end, slots) = times(p, show, hall, zone, date)?;
    let offset = |t: DateTime<Utc>| t.with_timezone(&zone).fixed_offset();
    Ok(PerformanceEntry {
        id: store::public_id(now),
        show: String::new(),
        hall: String::new(),
        starts_at: offset(start),
        ends_at: offset(end),
        vat: show.vat.clone(),
        capacity: (hall.kind != HallKind::Numbered).then_some(hall.capacity),
        sales_open_at: None,
        sales_close_at: None,
        status: if end <= now {
            PerformanceStatus::Closed
        } else {
            PerformanceStatus::OnSale
        },
        reentry_allowed: false,
        slots: slots
            .iter()
            .map(|t| SlotEntry {
                starts_at: offset(*t),
                capacity: hall.capacity,
            })
            .collect(),
        categories: hall.categories.iter().map(category_entry).collect(),
        tariffs: offers(show)?,
        holds: vec![],
    })
}

/// A performance's start, end and entry slots.
type Times = (DateTime<Utc>, DateTime<Utc>, Vec<DateTime<Utc>>);

/// When a performance starts and ends, and its entry slots in a timed hall.
fn times(
    p: &DemoPerformance,
    show: &DemoShow,
    hall: &DemoHall,
    zone: chrono_tz::Tz,
    date: NaiveDate,
) -> Result<Times, String> {
    let local = |time: NaiveTime| local_instant(zone, date, time).map_err(|e| e.to_string());
    match (hall.kind, &hall.slots, p.time) {
        (HallKind::Timed, Some(s), _) => {
            if !(5..=720).contains(&s.every_minutes) || s.last < s.first {
                return Err("slots: a first and a last time, every 5 to 720 minutes".into());
            }
            let every = chrono::Duration::minutes(s.every_minutes.into());
            let (first, last) = (local(s.first)?, local(s.last)?);
            let mut slots = vec![first];
            while let Some(next) = slots.last().map(|t| *t + every).filter(|t| *t <= last) {
                slots.push(next);
            }
            let end = *slots.last().unwrap_or(&first) + every;
            Ok((first, end, slots))
        }
        (_, _, Some(time)) => {
            let start = local(time)?;
            let end = start + chrono::Duration::minutes(show.duration_minutes);
            Ok((start, end, vec![]))
        }
        _ => Err("a start time is needed outside timed halls".into()),
    }
}

/// A show's prices and quotas as the tariffs offered for a performance.
fn offers(show: &DemoShow) -> Result<Vec<OfferEntry>, String> {
    let mut tariffs: BTreeMap<&str, OfferEntry> = BTreeMap::new();
    for (category, by_tariff) in &show.prices {
        for (tariff, price) in by_tariff {
            let cents = Cents::parse(price)
                .map_err(|e| format!("{}: {category}/{tariff}: {e}", show.key))?;
            let offer = tariffs
                .entry(tariff.as_str())
                .or_insert_with(|| OfferEntry {
                    tariff: tariff.clone(),
                    quota: show.quotas.get(tariff).copied(),
                    prices_cents: BTreeMap::new(),
                });
            offer.prices_cents.insert(category.clone(), cents.0);
        }
    }
    if let Some(tariff) = show
        .quotas
        .keys()
        .find(|t| !tariffs.contains_key(t.as_str()))
    {
        return Err(format!(
            "a quota for {tariff}, which {} does not offer",
            show.key
        ));
    }
    Ok(tariffs.into_values().collect())
}

/// A price category of a hall, by whole rows.
fn category_entry(c: &DemoCategory) -> CategoryEntry {
    CategoryEntry {
        code: c.code.clone(),
        name: c.name.clone(),
        colour: c.colour.clone(),
        seats: c
            .zones
            .iter()
            .flat_map(|z| {
                z.rows.iter().map(|row| SeatRef {
                    section: z.section.clone(),
                    row: row.clone(),
                    seats: vec![],
                })
            })
            .collect(),
    }
}

//! The demo season: a fictional venue with a 450-seat theatre, a standing
//! club and a museum gallery, a dozen shows and about forty performances,
//! kept as data in `assets/demo/season.json`. Dates are offsets from the day
//! the demo is loaded, so something is always on sale and a few are past.
//!
//! The file is checked whole before anything is written; then everything is
//! written in one transaction, with the ledger records of the set-up.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::venue::{SetupError, record_venue};
use crate::domain::money::MAX_PRICE;
use crate::domain::season::{HallKind, PerformanceStatus, ShowTax};
use crate::domain::seat_plan::{self, SectionSpec};
use crate::domain::venue::VenueSettings;
use crate::domain::{Cents, Role, TaxRate};
use crate::ledger::{self, Actor, Chain, Kind, Signer};
use crate::operators::{self, NewOperator};
use crate::store::{self, Store, Tx, programming as db};

/// The demo as shipped inside the program.
pub const EMBEDDED: &str = include_str!("../../assets/demo/season.json");
pub const FILE_NAME: &str = "season.json";

/// Where the demo comes from: the copy built into the program, or a folder
/// holding a `season.json` (to try a season of one's own).
#[derive(Clone, Debug)]
pub enum Source {
    Embedded,
    Folder(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo file {path} cannot be read: {source}", path = .path.display())]
    Missing {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the demo file {file} is not valid: {detail}")]
    Malformed { file: String, detail: String },
    #[error("the demo file {file}: {at}: {problem}")]
    Invalid {
        file: String,
        at: String,
        problem: String,
    },
    #[error(
        "this database already holds a venue (\"{0}\"): the demo goes into a new database, e.g. guichet --db demo.db demo"
    )]
    NotEmpty(String),
    #[error(transparent)]
    Setup(#[from] SetupError),
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

/// A demo file read and checked whole, PINs hashed: ready to write, with
/// nothing touched yet.
pub struct Prepared {
    file: String,
    digest: String,
    demo: DemoFile,
    plan: Plan,
    hashed: Vec<(String, Role, String)>,
    now: DateTime<Utc>,
}

/// Reads and checks the demo file, dated from `now`.
pub fn prepare(source: &Source, now: DateTime<Utc>) -> Result<Prepared, DemoError> {
    let (file, text) = read(source)?;
    let demo = parse(&file, &text)?;
    let invalid = |at: String, problem: String| DemoError::Invalid {
        file: file.clone(),
        at,
        problem,
    };
    let plan = Plan::check(&demo, now).map_err(|(at, problem)| invalid(at, problem))?;
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
        demo,
        plan,
        hashed,
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
    /// Writes the season in one transaction, with its ledger records;
    /// refused (nothing written) when the database already has a venue.
    pub fn load(self, store: &mut Store, signer: &Signer, by: &Actor) -> Result<Loaded, DemoError> {
        let Prepared {
            file,
            digest,
            demo,
            plan,
            hashed,
            now,
        } = self;
        if let Some(venue) = store.read(store::venue::load).map_err(SetupError::from)? {
            return Err(DemoError::NotEmpty(venue.settings.name));
        }
        let pins = serde_json::to_string(&demo.operators).unwrap_or_default();
        let loaded = store.write(|tx| -> Result<Loaded, SetupError> {
            record_venue(tx, signer, by, &plan.venue, true, now)?;
            for (name, role, hash) in &hashed {
                operators::insert(tx, signer, by, name, *role, hash, now)?;
            }
            store::settings::set(tx, DEMO_OPERATORS, &pins)?;
            let loaded = write(tx, &demo, &plan, now)?;
            ledger::append(
                tx,
                signer,
                Chain::Fiscal,
                Kind::DemoLoaded,
                by,
                json!({
                    "file": file,
                    "sha256": digest,
                    "halls": loaded.halls,
                    "seats": loaded.seats,
                    "shows": loaded.shows,
                    "performances": loaded.performances,
                    "operators": hashed.len(),
                }),
                now,
            )?;
            Ok(loaded)
        })?;
        Ok(Loaded {
            operators: demo.operators,
            ..loaded
        })
    }
}

/// The demo checked and resolved: instants, prices, seats.
struct Plan {
    venue: VenueSettings,
    seats: HashMap<String, Vec<seat_plan::PlannedSeat>>,
    vat: HashMap<String, TaxRate>,
    prices: HashMap<String, BTreeMap<String, BTreeMap<String, Cents>>>,
    performances: Vec<PlannedPerformance>,
}

/// A performance of the file, resolved: indices of its show and hall, its
/// instants (and slot starts in a timed hall).
struct PlannedPerformance {
    show: usize,
    hall: usize,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    slots: Vec<DateTime<Utc>>,
}

type Problem = (String, String);

impl Plan {
    fn check(demo: &DemoFile, now: DateTime<Utc>) -> Result<Plan, Problem> {
        let venue = demo.venue.clone().validated().map_err(|errors| {
            let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
            ("venue".to_owned(), text.join("; "))
        })?;
        let tariffs: HashSet<&str> = demo.tariffs.iter().map(|t| t.code.as_str()).collect();
        let complimentary: HashSet<&str> = demo
            .tariffs
            .iter()
            .filter(|t| t.complimentary)
            .map(|t| t.code.as_str())
            .collect();
        let mut seats = HashMap::new();
        for (i, hall) in demo.halls.iter().enumerate() {
            let at = || format!("halls[{i}] ({})", hall.key);
            let planned = seat_plan::generate(&hall.sections).map_err(|e| (at(), e.to_string()))?;
            if hall.kind == HallKind::Numbered {
                for seat in &planned {
                    let covered = hall.categories.iter().any(|c| {
                        c.zones
                            .iter()
                            .any(|z| z.section == seat.section && z.rows.contains(&seat.row))
                    });
                    if !covered {
                        return Err((
                            at(),
                            format!(
                                "seat {} {} {} is in no category",
                                seat.section, seat.row, seat.number
                            ),
                        ));
                    }
                }
            }
            if hall.kind == HallKind::Timed
                && hall
                    .slots
                    .as_ref()
                    .is_none_or(|s| !(5..=720).contains(&s.every_minutes) || s.last < s.first)
            {
                return Err((
                    at(),
                    "a timed hall needs slots: a first and a last time, every 5 to 720 minutes"
                        .into(),
                ));
            }
            seats.insert(hall.key.clone(), planned);
        }
        let zone = venue.time_zone;
        let mut vat = HashMap::new();
        let mut prices = HashMap::new();
        for (i, show) in demo.shows.iter().enumerate() {
            let at = format!("shows[{i}] ({})", show.key);
            let rate =
                TaxRate::parse_percent(&show.vat).map_err(|e| (at.clone(), e.to_string()))?;
            vat.insert(show.key.clone(), rate);
            if !(1..=1440).contains(&show.duration_minutes) {
                return Err((
                    at,
                    format!(
                        "duration_minutes {}: between 1 and 1440",
                        show.duration_minutes
                    ),
                ));
            }
            let mut by_category = BTreeMap::new();
            for (category, by_tariff) in &show.prices {
                let mut parsed = BTreeMap::new();
                for (tariff, price) in by_tariff {
                    if !tariffs.contains(tariff.as_str()) {
                        return Err((at, format!("tariff {tariff} is not among the tariffs")));
                    }
                    let cents = Cents::parse(price)
                        .map_err(|e| (at.clone(), format!("{category}/{tariff}: {e}")))?;
                    if cents > MAX_PRICE {
                        return Err((
                            at,
                            format!("{category}/{tariff}: {price} is above the highest price"),
                        ));
                    }
                    if complimentary.contains(tariff.as_str()) && cents != Cents::ZERO {
                        return Err((
                            at,
                            format!("{category}/{tariff}: a complimentary tariff is always 0"),
                        ));
                    }
                    parsed.insert(tariff.clone(), cents);
                }
                by_category.insert(category.clone(), parsed);
            }
            for tariff in show.quotas.keys() {
                if !show.prices.values().any(|t| t.contains_key(tariff)) {
                    return Err((
                        at,
                        format!("a quota for {tariff}, which the show does not offer"),
                    ));
                }
            }
            prices.insert(show.key.clone(), by_category);
        }
        let today = now.with_timezone(&zone).date_naive();
        let mut performances: Vec<PlannedPerformance> = Vec::new();
        for (i, p) in demo.performances.iter().enumerate() {
            let at = || format!("performances[{i}] ({} day {})", p.show, p.day);
            let show_index = demo.shows.iter().position(|s| s.key == p.show);
            let show_index = show_index.ok_or_else(|| (at(), format!("no show \"{}\"", p.show)))?;
            let hall_index = demo.halls.iter().position(|h| h.key == p.hall);
            let hall_index = hall_index.ok_or_else(|| (at(), format!("no hall \"{}\"", p.hall)))?;
            let (show, hall) = (&demo.shows[show_index], &demo.halls[hall_index]);
            let codes: HashSet<&str> = hall.categories.iter().map(|c| c.code.as_str()).collect();
            let priced: HashSet<&str> = show.prices.keys().map(String::as_str).collect();
            if codes != priced {
                return Err((
                    at(),
                    format!(
                        "the show's prices must cover exactly the categories of {}",
                        hall.name
                    ),
                ));
            }
            let date = if p.day >= 0 {
                today.checked_add_days(Days::new(p.day as u64))
            } else {
                today.checked_sub_days(Days::new(p.day.unsigned_abs()))
            }
            .ok_or_else(|| (at(), "date out of range".to_owned()))?;
            let local = |time: NaiveTime| {
                zone.from_local_datetime(&date.and_time(time))
                    .earliest()
                    .map(|t| t.with_timezone(&Utc))
                    .ok_or_else(|| {
                        (
                            at(),
                            format!("{time} does not exist that day (clock change)"),
                        )
                    })
            };
            let (start, end, slots) = match (hall.kind, &hall.slots, p.time) {
                (HallKind::Timed, Some(s), _) => {
                    let every = chrono::Duration::minutes(s.every_minutes.into());
                    let (first, last) = (local(s.first)?, local(s.last)?);
                    let mut slots = vec![first];
                    while let Some(next) = slots.last().map(|t| *t + every).filter(|t| *t <= last) {
                        slots.push(next);
                    }
                    let end = *slots.last().unwrap_or(&first) + every;
                    (first, end, slots)
                }
                (_, _, Some(time)) => {
                    let start = local(time)?;
                    (
                        start,
                        start + chrono::Duration::minutes(show.duration_minutes),
                        vec![],
                    )
                }
                _ => return Err((at(), "a start time is needed outside timed halls".into())),
            };
            let clash = performances
                .iter()
                .find(|q| q.hall == hall_index && q.start < end && q.end > start);
            if let Some(q) = clash {
                let other = &demo.shows[q.show].key;
                return Err((at(), format!("overlaps {other} in the same hall")));
            }
            performances.push(PlannedPerformance {
                show: show_index,
                hall: hall_index,
                start,
                end,
                slots,
            });
        }
        Ok(Plan {
            venue,
            seats,
            vat,
            prices,
            performances,
        })
    }
}

fn write(tx: &Tx, demo: &DemoFile, plan: &Plan, now: DateTime<Utc>) -> Result<Loaded, SetupError> {
    let stamp = store::unix(now);
    let mut tariff_ids = HashMap::new();
    for (i, t) in demo.tariffs.iter().enumerate() {
        let id = db::insert_tariff(
            tx,
            &t.code,
            &t.name,
            t.requires_proof,
            t.complimentary,
            i as i64,
        )?;
        tariff_ids.insert(t.code.as_str(), id);
    }
    // hall key → (id, [(section, row, seat id)])
    let mut halls = HashMap::new();
    let mut seat_count = 0;
    for hall in &demo.halls {
        let planned = &plan.seats[&hall.key];
        let capacity = if hall.kind == HallKind::Numbered {
            planned.len() as i64
        } else {
            hall.capacity
        };
        let hall_id = db::insert_hall(
            tx,
            &store::public_id(),
            &hall.name,
            hall.kind,
            capacity,
            &hall.venue_type,
            stamp,
        )?;
        let mut sections = HashMap::new();
        for (position, spec) in hall.sections.iter().enumerate() {
            sections.insert(
                spec.name.trim().to_owned(),
                db::insert_section(tx, hall_id, spec.name.trim(), position as i64)?,
            );
        }
        let mut seats = Vec::with_capacity(planned.len());
        for s in planned {
            let id = db::insert_seat(
                tx,
                hall_id,
                sections[&s.section],
                &s.row,
                &s.number,
                s.x,
                s.y,
                s.flags,
            )?;
            seats.push((s.section.clone(), s.row.clone(), id));
        }
        seat_count += seats.len();
        halls.insert(hall.key.as_str(), (hall_id, capacity, seats));
    }
    let mut shows = HashMap::new();
    for show in &demo.shows {
        let id = db::insert_show(
            tx,
            &db::NewShow {
                public_id: &store::public_id(),
                title: &show.title,
                artists: &show.artists,
                genre: &show.genre,
                sibil_domain: &show.sibil_domain,
                young_audience: show.young_audience,
                show_tax: show.show_tax,
                vat_rate: plan.vat[&show.key],
                duration_min: show.duration_minutes,
                description: &show.description,
            },
            stamp,
        )?;
        shows.insert(show.key.as_str(), id);
    }
    for p in &plan.performances {
        let (show, hall) = (&demo.shows[p.show], &demo.halls[p.hall]);
        let (hall_id, capacity, seats) = &halls[hall.key.as_str()];
        let status = if p.end <= now {
            PerformanceStatus::Closed
        } else {
            PerformanceStatus::OnSale
        };
        let perf = db::insert_performance(
            tx,
            &db::NewPerformance {
                public_id: &store::public_id(),
                show_id: shows[show.key.as_str()],
                hall_id: *hall_id,
                starts_at: store::unix(p.start),
                ends_at: store::unix(p.end),
                vat_rate: plan.vat[&show.key],
                capacity: *capacity,
                status,
            },
            stamp,
        )?;
        for slot in &p.slots {
            db::insert_slot(tx, perf, store::unix(*slot), hall.capacity)?;
        }
        let prices = &plan.prices[&show.key];
        let mut offered = BTreeMap::new();
        for (position, c) in hall.categories.iter().enumerate() {
            let category =
                db::insert_category(tx, perf, &c.code, &c.name, &c.colour, position as i64)?;
            for (tariff, amount) in &prices[&c.code] {
                db::insert_price(tx, category, tariff_ids[tariff.as_str()], amount.0)?;
                offered.insert(tariff.as_str(), ());
            }
            for (section, row, seat) in seats {
                if c.zones
                    .iter()
                    .any(|z| &z.section == section && z.rows.contains(row))
                {
                    db::assign_seat_category(tx, perf, *seat, category)?;
                }
            }
        }
        for tariff in offered.keys() {
            db::offer_tariff(
                tx,
                perf,
                tariff_ids[tariff],
                show.quotas.get(*tariff).copied(),
            )?;
        }
    }
    Ok(Loaded {
        venue: plan.venue.name.clone(),
        halls: demo.halls.len(),
        seats: seat_count,
        shows: demo.shows.len(),
        performances: demo.performances.len(),
        operators: Vec::new(),
    })
}

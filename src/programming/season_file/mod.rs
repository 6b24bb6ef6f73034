//! The season file: a whole season (tariffs, halls with their plans, shows,
//! performances with categories, prices, slots and holds) as JSON, to move
//! it between databases. Everything carries its public id, so importing
//! the same file twice changes nothing: what is already there is left as
//! it is. A file with any error is refused whole, naming the line or the
//! path of the error.
//!
//! Here: the format and its reading; `import` checks and writes a file,
//! `export` writes the database's season out.

mod export;
mod follow;
mod import;

pub use export::{export, without_pictures};
pub use follow::{follow, follow_prices};
pub use import::{check, import};
pub(crate) use import::{read_logo, write};

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::ProgrammingError;
use super::shows::ShowDraft;
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::seat_plan::{PlannedSeat, SeatFlagName, SeatFlags};

pub const FORMAT: &str = "guichet-season";
/// Version 2 added the venue's logo, version 3 the shows' pictures.
pub const VERSION: u32 = 3;

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
    /// The venue's logo: a PNG file in base64, set by an import only where
    /// the database has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The shows' pictures by show id: PNG files in base64, each set by an
    /// import only on a show that has none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pictures: BTreeMap<String, String>,
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
    /// The file's logo was set (the database had none).
    pub logo: bool,
    /// The file's logo was left out: only an administrator sets it.
    pub logo_left: bool,
    /// Shows' pictures set (on shows that had none).
    pub pictures: usize,
}

impl ImportReport {
    pub fn created(&self) -> usize {
        self.tariffs.0
            + self.halls.0
            + self.shows.0
            + self.performances.0
            + usize::from(self.logo)
            + self.pictures
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
            + if self.logo { "; the logo set" } else { "" }
            + if self.logo_left {
                "; the logo left out (an administrator sets it)"
            } else {
                ""
            }
            + &if self.pictures > 0 {
                format!("; {} show picture(s) set", self.pictures)
            } else {
                String::new()
            }
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

/// The season file as pretty JSON.
pub fn to_json(file: &SeasonFile) -> String {
    serde_json::to_string_pretty(file).unwrap_or_default()
}

//! Shows: the productions a season programs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::journal::{By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::TaxRate;
use crate::domain::operator::Act;
use crate::domain::programmed::Subject;
use crate::domain::season::ShowTax;
use crate::store::{self, Store, Tx};

pub use crate::domain::Show;

/// The genres offered in forms (any other text is accepted too).
pub const GENRES: [&str; 9] = [
    "theatre",
    "dance",
    "music",
    "humour",
    "circus",
    "cabaret",
    "opera",
    "exhibition",
    "other",
];

/// A show as written: typed in a form, or read from and written to a
/// season file (where it has its public id; a form leaves it empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowDraft {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub artists: String,
    pub genre: String,
    #[serde(default)]
    pub sibil_domain: String,
    #[serde(default)]
    pub young_audience: bool,
    pub show_tax: ShowTax,
    /// As typed: "5,5", "20" (a file writes "5.5").
    pub vat: String,
    #[serde(rename = "duration_minutes")]
    pub duration_min: i64,
    #[serde(default)]
    pub description: String,
}

/// Checks a draft; the show it describes (ids left empty).
pub fn check(draft: &ShowDraft) -> Result<Show, ProgrammingError> {
    let title = draft.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(ProgrammingError::TitleEmpty);
    }
    if !(1..=1440).contains(&draft.duration_min) {
        return Err(ProgrammingError::Duration(draft.duration_min));
    }
    let vat_rate = TaxRate::parse_percent(&draft.vat).map_err(ProgrammingError::Vat)?;
    let genre = draft.genre.trim();
    Ok(Show {
        id: 0,
        public_id: String::new(),
        title,
        artists: draft.artists.trim().to_owned(),
        genre: if genre.is_empty() { "other" } else { genre }.to_owned(),
        sibil_domain: draft.sibil_domain.trim().to_owned(),
        young_audience: draft.young_audience,
        show_tax: draft.show_tax,
        vat_rate,
        duration_min: draft.duration_min,
        description: draft.description.trim().to_owned(),
    })
}

pub fn create(store: &mut Store, by: &By, draft: &ShowDraft) -> Result<Show, ProgrammingError> {
    let show = check(draft)?;
    write(store, by, Act::Program, |tx| {
        let show = insert(tx, &store::public_id(by.now), show, by.now)?;
        Change::created(Subject::Show, &show.public_id, &show.title, fields(&show)).sign(tx, by)?;
        Ok(show)
    })
}

pub(crate) fn insert(
    tx: &Tx,
    public_id: &str,
    mut show: Show,
    now: DateTime<Utc>,
) -> Result<Show, ProgrammingError> {
    show.public_id = public_id.to_owned();
    show.id = store::shows::insert(tx, &show, store::unix(now))?;
    Ok(show)
}

/// Changes a show's details; its performances keep their own VAT rate.
pub fn update(
    store: &mut Store,
    by: &By,
    id: i64,
    draft: &ShowDraft,
) -> Result<Show, ProgrammingError> {
    let mut show = check(draft)?;
    write(store, by, Act::Program, |tx| {
        let existing =
            store::shows::by_id(tx, id)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
        show.id = existing.id;
        show.public_id = existing.public_id.clone();
        store::shows::update(tx, &show)?;
        Change::changed(
            Subject::Show,
            &show.public_id,
            &existing.title,
            fields(&existing),
            fields(&show),
        )
        .sign(tx, by)?;
        Ok(show)
    })
}

/// A show's fields as the journal compares them.
fn fields(show: &Show) -> Fields {
    Fields::default()
        .text("title", &show.title)
        .text("artists", &show.artists)
        .text("genre", &show.genre)
        .text("sibil_domain", &show.sibil_domain)
        .flag("young_audience", show.young_audience)
        .text("show_tax", show.show_tax.code())
        .rate("vat_rate", show.vat_rate)
        .number("duration_min", show.duration_min)
        .text("description", &show.description)
}

pub fn all(store: &Store) -> Result<Vec<Show>, ProgrammingError> {
    Ok(store.read(store::shows::all)?)
}

impl ShowDraft {
    /// The draft of an existing show, for its form.
    pub fn of(show: &Show) -> ShowDraft {
        ShowDraft {
            id: show.public_id.clone(),
            title: show.title.clone(),
            artists: show.artists.clone(),
            genre: show.genre.clone(),
            sibil_domain: show.sibil_domain.clone(),
            young_audience: show.young_audience,
            show_tax: show.show_tax,
            vat: show
                .vat_rate
                .format(crate::domain::Locale::FrFr)
                .replace(['\u{a0}', '%'], ""),
            duration_min: show.duration_min,
            description: show.description.clone(),
        }
    }
}

//! Shows: the productions a season programs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::journal::{By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::TaxRate;
use crate::domain::operator::Act;
use crate::domain::picture::Picture;
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

/// A show's picture, if one is set.
pub fn picture(store: &Store, show_id: i64) -> Result<Option<Picture>, ProgrammingError> {
    Ok(store.read(|tx| store::pictures::of_show(tx, show_id))?)
}

/// Sets a show's picture (its poster), printed on its tickets and shown in
/// the e-mails that carry them (a coordinator's act): the PNG is checked
/// whole first (nothing is written when it is refused), then kept, and the
/// change journaled with its fingerprint and size.
pub fn set_picture(
    store: &mut Store,
    by: &By,
    show_id: i64,
    png: Vec<u8>,
) -> Result<Picture, ProgrammingError> {
    by.may(Act::Program)?;
    let picture = Picture::check(png).map_err(ProgrammingError::Picture)?;
    write(store, by, Act::Program, |tx| {
        record_picture(tx, by, show_id, Some(&picture))?;
        Ok(picture.clone())
    })
}

/// Takes a show's picture off its tickets and e-mails; false when there
/// was none.
pub fn remove_picture(store: &mut Store, by: &By, show_id: i64) -> Result<bool, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        record_picture(tx, by, show_id, None)
    })
}

/// Sets (or, with None, removes) a show's picture in the caller's
/// transaction, journaled: whether anything changed.
pub(crate) fn record_picture(
    tx: &Tx,
    by: &By,
    show_id: i64,
    picture: Option<&Picture>,
) -> Result<bool, ProgrammingError> {
    let show =
        store::shows::by_id(tx, show_id)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
    let before = store::pictures::of_show(tx, show_id)?;
    if before.as_ref().map(|p| &p.sha256) == picture.map(|p| &p.sha256) {
        return Ok(false);
    }
    match picture {
        Some(p) => store::pictures::set_for_show(tx, show_id, p, store::unix(by.now))?,
        None => {
            store::pictures::remove_for_show(tx, show_id)?;
        }
    }
    Change::changed(
        Subject::Show,
        &show.public_id,
        &show.title,
        picture_fields(before.as_ref()),
        picture_fields(picture),
    )
    .sign(tx, by)?;
    Ok(true)
}

fn picture_fields(picture: Option<&Picture>) -> Fields {
    super::journal::picture_fields("picture", picture)
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

//! The patron file (fichier des publics): finding a patron as one types,
//! adding and changing one, their card (every order and ticket, visits,
//! spend, favourite genres, loyalty, consent and contact log), consent per
//! channel with its history, organisations and the venue's categories. It
//! may use domain, store and operators.

pub mod analysis;
mod card;
pub mod demo;
mod duplicates;
pub mod history;
pub mod import;
pub mod organisations;
mod personal;
pub mod segments;

pub use card::{Card, ChannelConsent, Visit, card};
pub use duplicates::{
    DUPLICATES_MAX, Duplicate, Likeness, duplicates, last_merge, merge, merge_preview,
    merged_details, unmerge,
};
pub use organisations::{
    OrganisationCard, add_organisation, categories, change_organisation, organisation,
    organisations, set_category,
};
pub use personal::{RETENTION_MAX_YEARS, erase, export, forget_inactive};
use personal::{journal, may};

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::domain::operator::Act;
use crate::domain::patron::{
    self, ConsentChange, ConsentChannel, ContactFlag, NOTES_MAX, PatronDetails, Text,
};
use crate::ledger::LedgerError;
use crate::operators::Operator;
use crate::store::{self, Store, StoreError, Tx};

pub use crate::domain::patron::Patron;
pub use crate::store::organisations::OrganisationRow;
pub use crate::store::patrons::{ContactRow, HistoryRow};

#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
    /// A patron needs a name, an e-mail or a phone number.
    NoName,
    /// An e-mail typed at the counter that cannot be one.
    Email(String),
    /// A field longer than it may be: its name and the most it holds.
    TooLong(&'static str, usize),
    BirthYear(i32),
    UnknownCategory(String),
    NoSuchPatron,
    NoSuchOrganisation,
    /// The patron was erased: their file holds no one any more.
    Anonymised,
    /// A contact log entry says nothing.
    EmptyNote,
    /// A category or organisation without a name.
    NoLabel,
    /// The operator's role may not (a coordinator's).
    NotAllowed(Act),
    /// The retention rule's years: 1 to 20.
    Years(u32),
    /// This patron was merged into another: work on that one.
    Merged(i64),
    /// A patron cannot be merged with themselves.
    SamePatron,
    /// The merge was undone already, or never happened.
    NoSuchMerge,
    /// A merge is undone newest first: this patron took another one since.
    NotLastMerge,
    /// A closing was made since the merge: it stays.
    MergeClosed,
    NoSuchSegment(String),
    /// An import's column that the file does not have.
    NoColumn(String),
    /// A file larger than an import reads (bytes).
    FileTooLarge(usize),
    /// An import's bad rows, each with its line: nothing was imported.
    Rows(Vec<import::RowError>),
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

/// The fewest characters a search looks up.
pub const SEARCH_MIN: usize = 2;
/// The most characters of a search looked at.
pub const SEARCH_MAX: usize = 100;

/// Patrons matching what was typed (names, organisation, e-mail, phone,
/// postcode; accents, case and spacing ignored), the most loyal first.
pub fn search(store: &Store, text: &str, limit: i64) -> Result<Vec<Patron>, StoreError> {
    let text: String = text.chars().take(SEARCH_MAX).collect();
    let (words, joined) = patron::query(&text);
    if joined.chars().count() < SEARCH_MIN && !text.contains('@') {
        return Ok(Vec::new());
    }
    store.read(|tx| store::patrons::search(tx, &words, &joined, limit))
}

/// A patron's details checked: names and contacts trimmed, lengths and the
/// birth year bounded, categories known. E-mail and phone stay as typed;
/// what looks wrong in them is returned as flags.
fn check(tx: &Tx, d: &PatronDetails) -> Result<(PatronDetails, Vec<ContactFlag>), AudienceError> {
    let mut d = d.clone();
    for text in Text::ALL {
        let field = text.of_mut(&mut d);
        *field = field.trim().to_owned();
        if field.chars().count() > text.max() {
            return Err(AudienceError::TooLong(text.name(), text.max()));
        }
    }
    if !d.names_someone() {
        return Err(AudienceError::NoName);
    }
    if let Some(y) = d.birth_year
        && !(1900..=2100).contains(&y)
    {
        return Err(AudienceError::BirthYear(y));
    }
    if d.language.is_empty() {
        d.language = "fr".into();
    }
    let known: Vec<String> = store::organisations::categories(tx)?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    let mut categories = BTreeSet::new();
    for c in &d.categories {
        if !known.contains(c) {
            return Err(AudienceError::UnknownCategory(c.clone()));
        }
        categories.insert(c.clone());
    }
    d.categories = categories.into_iter().collect();
    if let Some(org) = d.organisation_id
        && store::organisations::organisation_name(tx, org)?.is_none()
    {
        return Err(AudienceError::NoSuchOrganisation);
    }
    let flags = patron::contact_flags(&d.email, &d.phone);
    Ok((d, flags))
}

/// Writes a patron's search tokens from their details.
fn index(tx: &Tx, id: i64, d: &PatronDetails) -> Result<(), StoreError> {
    let organisation = match d.organisation_id {
        Some(org) => store::organisations::organisation_name(tx, org)?.unwrap_or_default(),
        None => String::new(),
    };
    let tokens = patron::tokens(
        &d.first_name,
        &d.last_name,
        &organisation,
        &d.email,
        &d.phone,
        &d.postcode,
    );
    store::patrons::set_tokens(tx, id, &tokens)
}

/// Where a patron came from.
pub const SOURCES: [&str; 4] = ["counter", "online", "import", "reseller"];

/// Adds a patron (a buyer or a prospect); the patron and what looks wrong
/// in their e-mail or phone (kept as typed).
pub fn create(
    store: &mut Store,
    details: &PatronDetails,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(Patron, Vec<ContactFlag>), AudienceError> {
    let source = if SOURCES.contains(&source) {
        source
    } else {
        "counter"
    };
    store.write(|tx| {
        let (d, flags) = check(tx, details)?;
        let id = store::patrons::insert(tx, &store::public_id(now), &d, source, store::unix(now))?;
        index(tx, id, &d)?;
        let p = store::patrons::by_id(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        Ok((p, flags))
    })
}

/// Changes a patron's details; what looks wrong in their contacts.
pub fn update(
    store: &mut Store,
    id: i64,
    details: &PatronDetails,
    now: DateTime<Utc>,
) -> Result<Vec<ContactFlag>, AudienceError> {
    store.write(|tx| {
        live(tx, id)?;
        let (d, flags) = check(tx, details)?;
        store::patrons::update(tx, id, &d, store::unix(now))?;
        index(tx, id, &d)?;
        Ok(flags)
    })
}

/// A new patron from what a clerk types in one field: "Camille Durand",
/// "Durand", optionally followed by an e-mail ("Camille Durand
/// camille@example.fr"). The last word is the last name.
pub fn create_from_text(
    store: &mut Store,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Patron, AudienceError> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let email = match words.iter().position(|w| w.contains('@')) {
        Some(i) => {
            let e = words.remove(i);
            if patron::contact_flags(e, "").contains(&ContactFlag::Email) {
                return Err(AudienceError::Email(e.to_owned()));
            }
            e.to_lowercase()
        }
        None => String::new(),
    };
    let Some((last, first)) = words.split_last() else {
        return Err(AudienceError::NoName);
    };
    let details = PatronDetails {
        first_name: first.join(" "),
        last_name: (*last).to_owned(),
        email,
        ..PatronDetails::default()
    };
    Ok(create(store, &details, "counter", now)?.0)
}

/// The version of the consent wording shown at the counter and on forms.
pub const CONSENT_WORDING: &str = "2026-1";

/// Records a patron's consent on a channel given or withdrawn, with how
/// (counter, form, import) and who recorded it; the history keeps every
/// change. Recording what already holds changes nothing.
pub fn set_consent(
    store: &mut Store,
    by: &Operator,
    id: i64,
    channel: ConsentChannel,
    granted: bool,
    source: &str,
    now: DateTime<Utc>,
) -> Result<bool, AudienceError> {
    store.write(|tx| {
        live(tx, id)?;
        let newest = store::patrons::consents(tx, id)?
            .into_iter()
            .rev()
            .find(|c| c.channel == channel);
        if newest.is_some_and(|c| c.granted == granted) {
            return Ok(false);
        }
        let source: String = source.trim().chars().take(40).collect();
        let change = ConsentChange {
            channel,
            granted,
            source: if source.is_empty() {
                "counter".into()
            } else {
                source
            },
            wording_version: CONSENT_WORDING.into(),
            operator: by.name.clone(),
            at: now,
        };
        store::patrons::insert_consent(tx, id, &change, Some(by.id))?;
        Ok(true)
    })
}

/// The kinds of contact the log holds.
pub const CONTACT_KINDS: [&str; 5] = ["call", "email", "letter", "visit", "note"];

/// Adds a call, e-mail, letter, visit or note to a patron's contact log.
pub fn log_contact(
    store: &mut Store,
    by: &Operator,
    id: i64,
    kind: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    let note = note.trim();
    if note.is_empty() {
        return Err(AudienceError::EmptyNote);
    }
    if note.chars().count() > NOTES_MAX {
        return Err(AudienceError::TooLong("note", NOTES_MAX));
    }
    let kind = if CONTACT_KINDS.contains(&kind) {
        kind
    } else {
        "note"
    };
    store.write(|tx| {
        live(tx, id)?;
        store::patrons::insert_contact(tx, id, kind, note, by.id, store::unix(now))?;
        Ok(())
    })
}

/// A patron that can still change: in the file, neither erased nor merged
/// into another.
fn live(tx: &Tx, id: i64) -> Result<store::patrons::PatronRow, AudienceError> {
    let row = store::patrons::row(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
    if row.anonymised_at.is_some() {
        return Err(AudienceError::Anonymised);
    }
    if let Some(into) = row.merged_into {
        return Err(AudienceError::Merged(into));
    }
    Ok(row)
}

/// How many patrons the file holds (erased ones not counted).
pub fn count(store: &Store) -> Result<i64, StoreError> {
    store.read(store::patrons::count)
}

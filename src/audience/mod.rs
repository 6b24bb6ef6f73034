//! The patron file (fichier des publics): finding a patron as one types,
//! adding and changing one, their card (every order and ticket, visits,
//! spend, favourite genres, loyalty, consent and contact log), consent per
//! channel with its history, organisations and the venue's categories. It
//! may use domain, store and operators.

pub mod import;
pub mod segments;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::patron::{
    self, ConsentChange, ConsentChannel, ContactFlag, FIELD_MAX, Loyalty, MaySend, NOTES_MAX,
    PatronDetails, Text,
};
use crate::domain::records::{self, Record};
use crate::ledger::{self, LedgerError, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, StoreError, Tx};

pub use crate::domain::patron::Patron;
pub use crate::store::patrons::{ContactRow, HistoryRow, OrganisationRow};

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
    let known: Vec<String> = store::patrons::categories(tx)?
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
        && store::patrons::organisation_name(tx, org)?.is_none()
    {
        return Err(AudienceError::NoSuchOrganisation);
    }
    let flags = patron::contact_flags(&d.email, &d.phone);
    Ok((d, flags))
}

/// Writes a patron's search tokens from their details.
fn index(tx: &Tx, id: i64, d: &PatronDetails) -> Result<(), StoreError> {
    let organisation = match d.organisation_id {
        Some(org) => store::patrons::organisation_name(tx, org)?.unwrap_or_default(),
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

/// What may be sent to a patron on a channel, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelConsent {
    pub channel: ConsentChannel,
    pub may: MaySend,
    /// The newest change on this channel.
    pub newest: Option<ConsentChange>,
}

/// A performance a patron held tickets for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    pub performance_id: i64,
    pub show: String,
    pub starts_at: DateTime<Utc>,
    pub tickets: usize,
    /// Admitted at the door (a scan counts as attendance).
    pub attended: bool,
}

/// Everything the file knows about a patron: the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub patron: Patron,
    pub row: store::patrons::PatronRow,
    pub flags: Vec<ContactFlag>,
    /// Every ticket of their orders, newest order first.
    pub history: Vec<HistoryRow>,
    /// Past performances they held a valid ticket for, newest first.
    pub visits: Vec<Visit>,
    pub first_visit: Option<DateTime<Utc>>,
    pub last_visit: Option<DateTime<Utc>>,
    /// Visits per season (by its first year), newest first.
    pub per_season: Vec<(i32, usize)>,
    /// What they paid, refunds taken off.
    pub total_spent: i64,
    /// Genres by visits, most first.
    pub genres: Vec<(String, usize)>,
    pub loyalty: Loyalty,
    pub consents: Vec<ChannelConsent>,
    /// Every consent change, newest first.
    pub consent_history: Vec<ConsentChange>,
    pub contacts: Vec<ContactRow>,
}

/// A patron's card at `now`, in the venue's zone, under its country's
/// consent rules.
pub fn card(
    store: &Store,
    id: i64,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    quebec: bool,
) -> Result<Card, AudienceError> {
    store.read(|tx| {
        let patron = store::patrons::by_id(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        let row = store::patrons::row(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        let history = store::patrons::history(tx, id)?;
        let consent_history = store::patrons::consents(tx, id)?;
        let contacts = store::patrons::contacts(tx, id)?;
        let flags = patron::contact_flags(&row.details.email, &row.details.phone);

        let mut by_performance: BTreeMap<i64, Visit> = BTreeMap::new();
        let mut genres: BTreeMap<String, usize> = BTreeMap::new();
        let mut seasons: BTreeMap<i32, usize> = BTreeMap::new();
        let mut subscriber = false;
        let current = patron::season_of(now.with_timezone(&zone).date_naive());
        for h in history.iter().filter(|h| h.valid) {
            let starts = h.starts_at;
            if starts > now {
                continue;
            }
            let v = by_performance
                .entry(h.performance_id)
                .or_insert_with(|| Visit {
                    performance_id: h.performance_id,
                    show: h.show.clone(),
                    starts_at: starts,
                    tickets: 0,
                    attended: false,
                });
            v.tickets += 1;
            v.attended |= h.admitted_at.is_some();
        }
        for h in history.iter().filter(|h| h.valid && h.tariff == "ABONNE") {
            let season = patron::season_of(h.starts_at.with_timezone(&zone).date_naive());
            subscriber |= season == current;
        }
        let mut visits: Vec<Visit> = by_performance.into_values().collect();
        visits.sort_by_key(|v| std::cmp::Reverse(v.starts_at));
        let genre_of: BTreeMap<i64, &str> = history
            .iter()
            .map(|h| (h.performance_id, h.genre.as_str()))
            .collect();
        let mut visit_seasons = Vec::new();
        for v in &visits {
            let season = patron::season_of(v.starts_at.with_timezone(&zone).date_naive());
            visit_seasons.push(season);
            *seasons.entry(season).or_default() += 1;
            if let Some(g) = genre_of.get(&v.performance_id) {
                *genres.entry((*g).to_owned()).or_default() += 1;
            }
        }
        let mut genres: Vec<(String, usize)> = genres.into_iter().collect();
        genres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut orders = BTreeSet::new();
        let mut total_spent: i64 = 0;
        let mut last_purchase = None;
        for h in &history {
            if orders.insert(h.order_id) {
                let paid = store::patrons::paid(tx, h.order_id)?;
                total_spent = total_spent.saturating_add(paid);
                let at = h.ordered_at;
                last_purchase = last_purchase.max(Some(at));
            }
        }
        let consents = ConsentChannel::ALL
            .into_iter()
            .map(|channel| {
                let newest = consent_history
                    .iter()
                    .rev()
                    .find(|c| c.channel == channel)
                    .cloned();
                ChannelConsent {
                    channel,
                    may: patron::may_send(channel, newest.as_ref(), last_purchase, quebec, now),
                    newest,
                }
            })
            .collect();
        Ok(Card {
            patron,
            flags,
            first_visit: visits.last().map(|v| v.starts_at),
            last_visit: visits.first().map(|v| v.starts_at),
            per_season: seasons.into_iter().rev().collect(),
            total_spent,
            genres,
            loyalty: patron::loyalty(&visit_seasons, current, subscriber),
            consents,
            consent_history: consent_history.into_iter().rev().collect(),
            contacts,
            history,
            visits,
            row,
        })
    })
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

/// The organisations of the file, by name.
pub fn organisations(store: &Store) -> Result<Vec<OrganisationRow>, StoreError> {
    store.read(store::patrons::organisations)
}

/// The kinds of organisation.
pub const ORGANISATION_KINDS: [&str; 5] =
    ["school", "works_council", "association", "company", "other"];

/// Adds an organisation (a school, a works council…); its id. A
/// coordinator's act.
pub fn add_organisation(
    store: &mut Store,
    by: &Operator,
    name: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<i64, AudienceError> {
    may(by)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AudienceError::NoLabel);
    }
    if name.chars().count() > FIELD_MAX {
        return Err(AudienceError::TooLong("organisation", FIELD_MAX));
    }
    let kind = if ORGANISATION_KINDS.contains(&kind) {
        kind
    } else {
        "other"
    };
    Ok(store.write(|tx| {
        store::patrons::insert_organisation(
            tx,
            &store::public_id(now),
            &name,
            kind,
            store::unix(now),
        )
    })?)
}

/// The venue's audience categories (code, name): a new file starts with
/// student, senior, member, professional, press and school.
pub fn categories(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    store.read(store::patrons::categories)
}

/// Adds a category or renames it (a coordinator's list and act).
pub fn set_category(
    store: &mut Store,
    by: &Operator,
    code: &str,
    name: &str,
) -> Result<(), AudienceError> {
    may(by)?;
    let code: String = patron::fold_words(code).join("_");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() || name.is_empty() {
        return Err(AudienceError::NoLabel);
    }
    if code.chars().count() > 24 || name.chars().count() > 60 {
        return Err(AudienceError::TooLong("category", 60));
    }
    Ok(store.write(|tx| {
        let position = store::patrons::categories(tx)?.len() as i64;
        store::patrons::set_category(tx, &code, &name, position)
    })?)
}

/// Journals an act on the patron file (public ids only).
fn journal(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    act: &str,
    patrons: Vec<String>,
    years: Option<u32>,
    now: DateTime<Utc>,
) -> Result<(), LedgerError> {
    let record = Record::PatronFile(records::PatronFile {
        act: act.to_owned(),
        patrons,
        years,
    });
    ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    Ok(())
}

fn may(by: &Operator) -> Result<(), AudienceError> {
    if by.role.may(Act::ManagePatrons) {
        Ok(())
    } else {
        Err(AudienceError::NotAllowed(Act::ManagePatrons))
    }
}

/// Everything the file holds about one patron, readable (JSON): their
/// details, every order and ticket with its entry at the door, their
/// consent history and contact log. The export is journaled.
pub fn export(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    id: i64,
    now: DateTime<Utc>,
) -> Result<serde_json::Value, AudienceError> {
    may(by)?;
    ledger::write(store, signer, |tx| {
        let row = store::patrons::row(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        let organisation = match row.details.organisation_id {
            Some(org) => store::patrons::organisation_name(tx, org)?,
            None => None,
        };
        let d = &row.details;
        let value = serde_json::json!({
            "patron": {
                "id": row.public_id,
                "first_name": d.first_name, "last_name": d.last_name,
                "email": d.email, "phone": d.phone, "address": d.address,
                "postcode": d.postcode, "city": d.city, "country": d.country,
                "birth_year": d.birth_year, "language": d.language,
                "categories": d.categories,
                "needs": d.needs.iter().map(|n| n.code()).collect::<Vec<_>>(),
                "notes": d.notes, "organisation": organisation, "source": row.source,
                "created_at": row.created_at.to_rfc3339(),
                "updated_at": row.updated_at.to_rfc3339(),
                "erased_at": row.anonymised_at.map(|t| t.to_rfc3339()),
            },
            "tickets": store::patrons::history(tx, id)?.iter().map(|h| serde_json::json!({
                "order": h.order_number, "ordered_at": h.ordered_at.to_rfc3339(),
                "channel": h.channel, "ticket": h.ticket_number, "show": h.show,
                "performance_starts_at": h.starts_at.to_rfc3339(), "tariff": h.tariff,
                "price_cents": h.price, "valid": h.valid,
                "entered_at": h.admitted_at.map(|t| t.to_rfc3339()),
            })).collect::<Vec<_>>(),
            "consents": store::patrons::consents(tx, id)?.iter().map(|c| serde_json::json!({
                "channel": c.channel.code(), "given": c.granted, "source": c.source,
                "wording_version": c.wording_version, "recorded_by": c.operator,
                "at": c.at.to_rfc3339(),
            })).collect::<Vec<_>>(),
            "contacts": store::patrons::contacts(tx, id)?.iter().map(|c| serde_json::json!({
                "kind": c.kind, "note": c.note, "by": c.operator, "at": c.at.to_rfc3339(),
            })).collect::<Vec<_>>(),
            "exported_at": now.to_rfc3339(),
        });
        journal(tx, signer, by, "exported", vec![row.public_id], None, now)?;
        Ok(value)
    })
}

/// Erases a patron (GDPR, Law 25): their names, contacts, address, notes
/// and contact log are gone; their orders and tickets stay for the
/// accounts under the patron's opaque id, and the ledger still verifies.
/// Journaled; erasing twice is refused.
pub fn erase(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    may(by)?;
    ledger::write(store, signer, |tx| {
        let row = store::patrons::row(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        if row.anonymised_at.is_some() {
            return Err(AudienceError::Anonymised);
        }
        store::patrons::anonymise(tx, id, store::unix(now))?;
        journal(tx, signer, by, "erased", vec![row.public_id], None, now)?;
        Ok(())
    })
}

/// The most years the retention rule waits.
pub const RETENTION_MAX_YEARS: u32 = 20;

/// Patrons with no contact (no purchase, no entry at the door, not added)
/// for `years`, erased, or only listed when `dry_run`: (id, name) of each.
/// The erasure is one journaled act.
pub fn forget_inactive(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    years: u32,
    dry_run: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, String)>, AudienceError> {
    may(by)?;
    if !(1..=RETENTION_MAX_YEARS).contains(&years) {
        return Err(AudienceError::Years(years));
    }
    let before = now - chrono::Duration::days(365 * i64::from(years));
    let before = store::unix(before);
    if dry_run {
        let found = store.read(|tx| store::patrons::inactive(tx, before))?;
        return Ok(found.into_iter().map(|(id, _, name)| (id, name)).collect());
    }
    ledger::write(store, signer, |tx| {
        let found = store::patrons::inactive(tx, before)?;
        if found.is_empty() {
            return Ok(Vec::new());
        }
        for (id, _, _) in &found {
            store::patrons::anonymise(tx, *id, store::unix(now))?;
        }
        let ids = found.iter().map(|(_, p, _)| p.clone()).collect();
        journal(tx, signer, by, "forgotten", ids, Some(years), now)?;
        Ok(found.into_iter().map(|(id, _, name)| (id, name)).collect())
    })
}

/// Why two patrons look like the same person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likeness {
    SameEmail,
    SamePhone,
    /// Same first initial, last name and postcode.
    SameNameAndPostcode,
}

impl Likeness {
    fn score(self) -> u32 {
        match self {
            Likeness::SameEmail => 95,
            Likeness::SamePhone => 85,
            Likeness::SameNameAndPostcode => 75,
        }
    }
}

/// Two patrons that look like one person: a score out of 100 and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub first: Patron,
    pub second: Patron,
    pub score: u32,
    pub why: Vec<Likeness>,
}

/// The most pairs of likely duplicates listed at once.
pub const DUPLICATES_MAX: usize = 500;

/// Likely duplicates, the likeliest first: same e-mail, same phone (in any
/// form), same first initial + last name + postcode. Each reason adds to
/// the score.
pub fn duplicates(store: &Store) -> Result<Vec<Duplicate>, StoreError> {
    store.read(|tx| {
        let limit = DUPLICATES_MAX as i64 * 4;
        let mut found: BTreeMap<(i64, i64), Vec<Likeness>> = BTreeMap::new();
        for pair in store::patrons::same_email(tx, limit)? {
            found.entry(pair).or_default().push(Likeness::SameEmail);
        }
        for pair in store::patrons::same_phone(tx, limit)? {
            found.entry(pair).or_default().push(Likeness::SamePhone);
        }
        let mut by_name: BTreeMap<(String, String, String), Vec<i64>> = BTreeMap::new();
        for (id, first, last, postcode) in store::patrons::with_postcode(tx)? {
            let initial = patron::fold_words(&first)
                .concat()
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            let key = (
                initial,
                patron::fold_words(&last).concat(),
                patron::fold_words(&postcode).concat(),
            );
            by_name.entry(key).or_default().push(id);
        }
        for ids in by_name.values().filter(|ids| ids.len() > 1) {
            for (i, a) in ids.iter().enumerate() {
                for b in ids.iter().skip(i + 1).take(20) {
                    let pair = ((*a).min(*b), (*a).max(*b));
                    found
                        .entry(pair)
                        .or_default()
                        .push(Likeness::SameNameAndPostcode);
                }
            }
        }
        let mut list = Vec::new();
        for ((a, b), mut why) in found {
            why.sort();
            why.dedup();
            let best = why.iter().map(|w| w.score()).max().unwrap_or(0);
            let score = (best + 5 * (why.len() as u32 - 1)).min(100);
            let (Some(first), Some(second)) =
                (store::patrons::by_id(tx, a)?, store::patrons::by_id(tx, b)?)
            else {
                continue;
            };
            list.push(Duplicate {
                first,
                second,
                score,
                why,
            });
        }
        list.sort_by(|x, y| y.score.cmp(&x.score).then(x.first.id.cmp(&y.first.id)));
        list.truncate(DUPLICATES_MAX);
        Ok(list)
    })
}

/// The two patrons of a merge as they are now, to choose field by field.
pub fn merge_preview(
    store: &Store,
    keep: i64,
    other: i64,
) -> Result<(PatronDetails, PatronDetails), AudienceError> {
    if keep == other {
        return Err(AudienceError::SamePatron);
    }
    store.read(|tx| Ok((live(tx, keep)?.details, live(tx, other)?.details)))
}

/// The details a merge keeps by default: the kept patron's, each empty
/// field filled from the other, needs and categories together.
pub fn merged_details(keep: &PatronDetails, other: &PatronDetails) -> PatronDetails {
    let mut merged = keep.clone();
    for text in Text::ALL {
        let (kept, theirs) = (text.of_mut(&mut merged), text.of(other));
        if theirs.trim().is_empty() {
            continue;
        }
        if kept.trim().is_empty() {
            *kept = theirs.clone();
        } else if text == Text::Notes {
            // Both notes are kept, one after the other.
            *kept = format!("{kept}\n{theirs}");
        }
    }
    if merged.language.trim().is_empty() {
        merged.language = other.language.clone();
    }
    merged.birth_year = keep.birth_year.or(other.birth_year);
    merged.organisation_id = keep.organisation_id.or(other.organisation_id);
    merged
        .needs
        .extend(other.needs.iter().filter(|n| !keep.needs.contains(n)));
    merged.categories.extend(
        other
            .categories
            .iter()
            .filter(|c| !keep.categories.contains(c))
            .cloned(),
    );
    merged
}

/// Merges `other` into `keep`: every order, consent and contact of the
/// duplicate moves to the patron kept, whose details become `details` (as
/// chosen in the preview). Undoable with [`unmerge`]; journaled. The merge's
/// id.
pub fn merge(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    keep: i64,
    other: i64,
    details: &PatronDetails,
    now: DateTime<Utc>,
) -> Result<i64, AudienceError> {
    may(by)?;
    if keep == other {
        return Err(AudienceError::SamePatron);
    }
    ledger::write(store, signer, |tx| {
        let kept = live(tx, keep)?;
        let dup = live(tx, other)?;
        let (d, _) = check(tx, details)?;
        let moved = store::patrons::move_to(tx, other, keep)?;
        store::patrons::update(tx, keep, &d, store::unix(now))?;
        index(tx, keep, &d)?;
        store::patrons::set_merged(tx, other, Some(keep), store::unix(now))?;
        let before = serde_json::to_string(&kept.details).unwrap_or_default();
        let moved = serde_json::to_string(&moved).unwrap_or_default();
        let id = store::patrons::insert_merge(
            tx,
            keep,
            other,
            &before,
            &moved,
            by.id,
            store::unix(now),
        )?;
        journal(
            tx,
            signer,
            by,
            "merged",
            vec![kept.public_id, dup.public_id],
            None,
            now,
        )?;
        Ok(id)
    })
}

/// The newest merge into a patron that can still be undone, if any.
pub fn last_merge(store: &Store, keep: i64) -> Result<Option<i64>, StoreError> {
    store.read(|tx| store::patrons::last_merge_into(tx, keep))
}

/// Undoes a merge: the duplicate is back with its own orders, consents and
/// contacts, the patron kept with the details it had. The newest merge into
/// a patron is undone first. Journaled.
pub fn unmerge(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    merge_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    may(by)?;
    ledger::write(store, signer, |tx| {
        let m = store::patrons::merge(tx, merge_id)?
            .filter(|m| m.undone_at.is_none())
            .ok_or(AudienceError::NoSuchMerge)?;
        if store::patrons::last_merge_into(tx, m.kept_id)? != Some(m.id) {
            return Err(AudienceError::NotLastMerge);
        }
        let kept = live(tx, m.kept_id)?;
        let before: PatronDetails =
            serde_json::from_str(&m.kept_before).map_err(|_| AudienceError::NoSuchMerge)?;
        let moved: store::patrons::Moved =
            serde_json::from_str(&m.moved).map_err(|_| AudienceError::NoSuchMerge)?;
        store::patrons::move_back(tx, &moved, m.merged_id)?;
        store::patrons::update(tx, m.kept_id, &before, store::unix(now))?;
        index(tx, m.kept_id, &before)?;
        store::patrons::set_merged(tx, m.merged_id, None, store::unix(now))?;
        let dup = live(tx, m.merged_id)?;
        index(tx, m.merged_id, &dup.details)?;
        store::patrons::undo_merge(tx, m.id, store::unix(now))?;
        journal(
            tx,
            signer,
            by,
            "unmerged",
            vec![kept.public_id, dup.public_id],
            None,
            now,
        )?;
        Ok(())
    })
}

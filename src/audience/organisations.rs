//! The venue's lists in the patron file: organisations (schools, works
//! councils, associations, companies) with their contacts, so a group's
//! bookings and the people behind them are one file; and the audience
//! categories a coordinator edits. Changing them is a coordinator's act.

use chrono::{DateTime, Utc};

use super::personal::may;
use super::{AudienceError, OrganisationRow, Patron};
use crate::domain::organisation::{OrganisationDetails, Problem};
use crate::domain::patron;
use crate::operators::Operator;
use crate::store::{self, Store, StoreError, Tx};

/// An organisation and the patrons who are its contacts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationCard {
    pub row: OrganisationRow,
    pub contacts: Vec<Patron>,
}

/// The organisations of the file, by name, with how many contacts each.
pub fn organisations(store: &Store) -> Result<Vec<OrganisationRow>, StoreError> {
    store.read(store::organisations::organisations)
}

/// An organisation with its contacts.
pub fn organisation(store: &Store, id: i64) -> Result<OrganisationCard, AudienceError> {
    store.read(|tx| {
        let row =
            store::organisations::organisation(tx, id)?.ok_or(AudienceError::NoSuchOrganisation)?;
        let mut contacts = Vec::new();
        for patron in store::organisations::contacts(tx, id)? {
            contacts.extend(store::patrons::by_id(tx, patron)?);
        }
        Ok(OrganisationCard { row, contacts })
    })
}

fn checked(d: &OrganisationDetails) -> Result<OrganisationDetails, AudienceError> {
    d.checked().map_err(|p| match p {
        Problem::NoName => AudienceError::NoLabel,
        Problem::TooLong(field, max) => AudienceError::TooLong(field, max),
    })
}

/// Adds an organisation (a school, a works council…); its id. A
/// coordinator's act.
pub fn add_organisation(
    store: &mut Store,
    by: &Operator,
    details: &OrganisationDetails,
    now: DateTime<Utc>,
) -> Result<i64, AudienceError> {
    may(by)?;
    let d = checked(details)?;
    Ok(store.write(|tx| {
        store::organisations::insert_organisation(tx, &store::public_id(now), &d, store::unix(now))
    })?)
}

/// Changes an organisation's details; its contacts are found by its new
/// name from then on. A coordinator's act.
pub fn change_organisation(
    store: &mut Store,
    by: &Operator,
    id: i64,
    details: &OrganisationDetails,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    may(by)?;
    let d = checked(details)?;
    store.write(|tx| {
        store::organisations::organisation(tx, id)?.ok_or(AudienceError::NoSuchOrganisation)?;
        store::organisations::update_organisation(tx, id, &d, store::unix(now))?;
        reindex_contacts(tx, id)
    })
}

/// The search tokens of an organisation's contacts, written again.
fn reindex_contacts(tx: &Tx, id: i64) -> Result<(), AudienceError> {
    for patron in store::organisations::contacts(tx, id)? {
        if let Some(row) = store::patrons::row(tx, patron)? {
            super::index(tx, patron, &row.details)?;
        }
    }
    Ok(())
}

/// The venue's audience categories (code, name): a new file starts with
/// student, senior, member, professional, press and school.
pub fn categories(store: &Store) -> Result<Vec<(String, String)>, StoreError> {
    store.read(store::organisations::categories)
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
        let position = store::organisations::categories(tx)?.len() as i64;
        store::organisations::set_category(tx, &code, &name, position)
    })?)
}

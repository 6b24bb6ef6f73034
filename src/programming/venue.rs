//! The first run: the venue's identity and its first administrator.

use chrono::{DateTime, Utc};

use crate::domain::Role;
use crate::domain::journal::Chain;
use crate::domain::records::{self, Record};
use crate::domain::venue::{VenueError, VenueSettings};
use crate::ledger::{self, Actor, LedgerError, Signer};
use crate::operators::{self, NewOperator, Operator, OperatorError};
use crate::store::{self, Store, StoreError, Tx, settings};

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    Venue(Vec<VenueError>),
    Operator(#[from] OperatorError),
    AlreadySetUp(String),
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

/// Creates the venue and its first administrator, in one transaction, with
/// the set-up and operator records in the ledger.
pub fn set_up(
    store: &mut Store,
    signer: &Signer,
    by: &Actor,
    venue: VenueSettings,
    admin: &NewOperator,
    now: DateTime<Utc>,
) -> Result<Operator, SetupError> {
    let venue = venue.validated().map_err(SetupError::Venue)?;
    let (name, hash) = operators::prepare(admin)?;
    store.write(|tx| {
        record_venue(tx, signer, by, &venue, false, now)?;
        Ok(operators::insert(
            tx,
            signer,
            by,
            &name,
            Role::Admin,
            &hash,
            now,
        )?)
    })
}

/// Inserts the venue (refusing a second one), sets the interface language
/// from its country, and records the set-up in the ledger.
pub(crate) fn record_venue(
    tx: &Tx,
    signer: &Signer,
    by: &Actor,
    venue: &VenueSettings,
    is_demo: bool,
    now: DateTime<Utc>,
) -> Result<(), SetupError> {
    if let Some(existing) = store::venue::load(tx)? {
        return Err(SetupError::AlreadySetUp(existing.settings.name));
    }
    let public_id = store::public_id(now);
    store::venue::insert(tx, &public_id, venue, is_demo, store::unix(now))?;
    settings::set(
        tx,
        settings::LANGUAGE,
        venue.country.default_locale().code(),
    )?;
    let record = Record::Setup(records::Setup {
        establishment: public_id.to_owned(),
        name: venue.name.clone(),
        legal_name: venue.legal_name_or_name().to_owned(),
        country: venue.country.code().into(),
        currency: venue.currency.code().into(),
        time_zone: venue.time_zone.name().into(),
        licence_number: venue.licence_number.clone(),
        siret: venue.siret.clone(),
        gst_number: venue.gst_number.clone(),
        qst_number: venue.qst_number.clone(),
        demo: is_demo,
    });
    ledger::append(tx, signer, Chain::Fiscal, by, &record, now)?;
    Ok(())
}

/// The venue, if set up.
/// The venue's time zone (UTC before set-up, or if the file cannot be read:
/// times are then shown as UTC rather than not at all).
pub fn time_zone(store: &Store) -> chrono_tz::Tz {
    store
        .read(store::venue::time_zone)
        .ok()
        .flatten()
        .unwrap_or(chrono_tz::UTC)
}

pub fn load(store: &Store) -> Result<Option<crate::domain::Venue>, StoreError> {
    store.read(store::venue::load)
}

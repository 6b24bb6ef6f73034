//! The first run: the venue's identity and its first administrator.

use chrono::{DateTime, Utc};

use super::journal::{By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::Role;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::picture::{self, Picture, PictureError};
use crate::domain::programmed::Subject;
use crate::domain::records::{self, Record};
use crate::domain::venue::{VenueError, VenueSettings};
use crate::ledger::{self, Actor, LedgerError, Signer};
use crate::operators::{self, NewOperator, Operator, OperatorError};
use crate::store::pictures::VENUE_LOGO;
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

/// Changes the venue's identity (an administrator's act): its names,
/// numbers, address and VAT exemption, journaled field by field. Its
/// country, currency and time zone are refused: every recorded sale reads
/// in them.
pub fn change(
    store: &mut Store,
    by: &By,
    settings: VenueSettings,
) -> Result<crate::domain::Venue, ProgrammingError> {
    by.may(Act::Administer)?;
    let settings = settings.validated().map_err(ProgrammingError::Venue)?;
    write(store, by, Act::Administer, |tx| {
        let before = store::venue::load(tx)?.ok_or(ProgrammingError::NotFound(Missing::Venue))?;
        let was = &before.settings;
        if (was.country, was.currency, was.time_zone)
            != (settings.country, settings.currency, settings.time_zone)
        {
            return Err(ProgrammingError::VenueFixed);
        }
        store::venue::update_identity(tx, &settings)?;
        Change::changed(
            Subject::Venue,
            &before.public_id,
            &settings.name,
            identity(was),
            identity(&settings),
        )
        .sign(tx, by)?;
        Ok(crate::domain::Venue { settings, ..before })
    })
}

/// The venue's logo, if one is set.
pub fn logo(store: &Store) -> Result<Option<Picture>, StoreError> {
    store.read(|tx| store::pictures::get(tx, VENUE_LOGO))
}

/// Sets the venue's logo (an administrator's act): the PNG is checked
/// whole first (nothing is written when it is refused), then kept, and the
/// change journaled with its fingerprint and size.
pub fn set_logo(store: &mut Store, by: &By, png: Vec<u8>) -> Result<Picture, ProgrammingError> {
    by.may(Act::Administer)?;
    let logo = Picture::check(png).map_err(ProgrammingError::Picture)?;
    write(store, by, Act::Administer, |tx| {
        let before = store::pictures::get(tx, VENUE_LOGO)?;
        record_logo(tx, by, before.as_ref(), &logo)?;
        Ok(logo.clone())
    })
}

/// Sets the logo in the caller's transaction, journaled from `before`.
pub(crate) fn record_logo(
    tx: &Tx,
    by: &By,
    before: Option<&Picture>,
    logo: &Picture,
) -> Result<(), ProgrammingError> {
    let venue = store::venue::load(tx)?.ok_or(ProgrammingError::NotFound(Missing::Venue))?;
    store::pictures::set(tx, VENUE_LOGO, logo, store::unix(by.now))?;
    let (id, name) = (&venue.public_id, &venue.settings.name);
    Change::changed(
        Subject::Venue,
        id,
        name,
        logo_fields(before),
        logo_fields(Some(logo)),
    )
    .sign(tx, by)
}

/// Takes the venue's logo off tickets and e-mails (an administrator's
/// act); false when there was none.
pub fn remove_logo(store: &mut Store, by: &By) -> Result<bool, ProgrammingError> {
    write(store, by, Act::Administer, |tx| {
        let venue = store::venue::load(tx)?.ok_or(ProgrammingError::NotFound(Missing::Venue))?;
        let Some(before) = store::pictures::get(tx, VENUE_LOGO)? else {
            return Ok(false);
        };
        store::pictures::remove(tx, VENUE_LOGO)?;
        let (id, name) = (&venue.public_id, &venue.settings.name);
        Change::changed(
            Subject::Venue,
            id,
            name,
            logo_fields(Some(&before)),
            logo_fields(None),
        )
        .sign(tx, by)?;
        Ok(true)
    })
}

/// A picture file read from disk, at most what a logo may weigh (a
/// larger file is refused before it is read).
pub fn read_picture(path: &std::path::Path) -> Result<Vec<u8>, ProgrammingError> {
    use std::io::Read as _;
    let unreadable = |e: std::io::Error| ProgrammingError::FileUnreadable {
        path: path.display().to_string(),
        kind: e.kind(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > picture::MAX_BYTES {
        return Err(ProgrammingError::Picture(PictureError::TooHeavy {
            bytes: size,
        }));
    }
    let mut bytes = Vec::new();
    file.take(picture::MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

fn logo_fields(logo: Option<&Picture>) -> Fields {
    super::journal::picture_fields("logo", logo)
}

/// The venue's identity as the journal compares it.
fn identity(v: &VenueSettings) -> Fields {
    Fields::default()
        .text("name", &v.name)
        .text("legal_name", &v.legal_name)
        .text("licence_number", &v.licence_number)
        .text("siret", &v.siret)
        .flag("vat_exempt", v.vat_exempt)
        .text("gst_number", &v.gst_number)
        .text("qst_number", &v.qst_number)
        .text("address", &v.address)
        .text("postcode", &v.postcode)
        .text("city", &v.city)
}

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

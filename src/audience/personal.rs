//! What the law asks of the patron file (GDPR, Quebec's Law 25): all that
//! is held about a patron exported, a patron erased, the inactive forgotten;
//! each act signed in the ledger by public ids only. A coordinator's acts.

use chrono::{DateTime, Utc};

use super::AudienceError;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::{self, LedgerError, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// Journals an act on the patron file (public ids only).
pub(super) fn journal(
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
        tickets: None,
        source: None,
    });
    ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    Ok(())
}

pub(super) fn may(by: &Operator) -> Result<(), AudienceError> {
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
            Some(org) => store::organisations::organisation_name(tx, org)?,
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
            "earlier_tickets": store::past::past(tx, id)?.iter().map(|p| serde_json::json!({
                "show": p.show, "genre": p.genre, "performance_starts_at": p.starts_at.to_rfc3339(),
                "tariff": p.tariff, "price_cents": p.price, "channel": p.channel,
                "attended": p.attended, "from": p.source,
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

//! Invitations: a request recorded with who asked (the press, a partner,
//! the artists, the staff), for whom and how many; then issued as free
//! tickets with the performance's invitation tariff (an order of its own,
//! through the invitation channel, counted as exonérés in statements and
//! SIBIL), or refused. The places set aside per kind of requester are a
//! limit checked in the transaction that issues. Each step is a signed
//! `invitation` record.

use chrono::{DateTime, Utc};

use super::offer;
use super::{CounterError, Item, Place, SaleRequest, Sold};
use crate::domain::invitation::{MAX_NOTE, MAX_PLACES, MAX_REQUESTER, RequesterKind, Status};
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::order::Channel;
use crate::domain::records::{self, Record};
use crate::ledger::{self, LedgerError, Signer};
use crate::operators::Operator;
pub use crate::store::invitations::InvitationRow;
use crate::store::invitations::NewInvitation;
use crate::store::{self, Store, StoreError, Tx};

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    #[error("recording invitations is not for this operator's role")]
    NotAllowed(Act),
    #[error("there is no performance {0}: see guichet performances")]
    NoPerformance(i64),
    #[error(
        "say who asks: a name (a newspaper and its journalist, a partner), {MAX_REQUESTER} characters at most"
    )]
    Requester,
    #[error("an invitation is for 1 to {MAX_PLACES} places, not {0}")]
    Places(i64),
    #[error("a note is {MAX_NOTE} characters at most")]
    Note,
    #[error("there is no patron {0}")]
    NoPatron(i64),
    #[error("there is no invitation {0}: see guichet invitations list")]
    Unknown(String),
    #[error("invitation {0} was already {1}: nothing was changed")]
    Decided(String, &'static str),
    #[error(
        "the places set aside for {kind} are taken: {issued} of {quota} issued, this one asks {asked}: raise the quota, or refuse it"
    )]
    Full {
        kind: &'static str,
        quota: i64,
        issued: i64,
        asked: i64,
    },
    #[error(
        "this performance offers no invitation tariff: offer one (a free tariff) in its prices, then issue"
    )]
    NoTariff,
    #[error(
        "invitations are not recorded in training mode (they would count against the real places set aside): switch training off first"
    )]
    Training,
    #[error(transparent)]
    Counter(#[from] CounterError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// A request as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    pub performance_id: i64,
    pub kind: RequesterKind,
    pub requester: String,
    pub patron_id: Option<i64>,
    pub places: i64,
    pub note: String,
}

/// Records a request (anyone at the counter takes the call): checked,
/// written and signed, or refused with nothing written.
pub fn ask(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    asked: &Asked,
    now: DateTime<Utc>,
) -> Result<InvitationRow, InvitationError> {
    may(by, Act::Sell)?;
    let requester = asked.requester.trim();
    if requester.is_empty() || requester.chars().count() > MAX_REQUESTER {
        return Err(InvitationError::Requester);
    }
    if !(1..=MAX_PLACES).contains(&asked.places) {
        return Err(InvitationError::Places(asked.places));
    }
    if asked.note.chars().count() > MAX_NOTE {
        return Err(InvitationError::Note);
    }
    ledger::write(store, signer, |tx| {
        not_in_training(tx, signer)?;
        let p = store::performances::by_id(tx, asked.performance_id)?
            .ok_or(InvitationError::NoPerformance(asked.performance_id))?;
        if let Some(patron) = asked.patron_id
            && store::patrons::by_id(tx, patron)?.is_none()
        {
            return Err(InvitationError::NoPatron(patron));
        }
        let public_id = store::public_id(now);
        let id = store::invitations::insert(
            tx,
            &NewInvitation {
                public_id: &public_id,
                performance_id: p.id,
                kind: asked.kind,
                requester,
                patron_id: asked.patron_id,
                places: asked.places,
                note: asked.note.trim(),
                asked_by: by.id,
                asked_at: now.timestamp(),
            },
        )?;
        let row = store::invitations::find(tx, &id.to_string())?
            .ok_or_else(|| InvitationError::Unknown(id.to_string()))?;
        sign(tx, signer, by, &row, None, now)?;
        Ok(row)
    })
}

/// Issues a request asked: as many free tickets as it asks (the best seats
/// side by side, general admission, or the first entry slot with room),
/// with the performance's invitation tariff, an order of its own, for its
/// patron. Within the places set aside for its kind, when there are.
pub fn issue(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    invitation: &str,
    now: DateTime<Utc>,
) -> Result<(InvitationRow, Sold), InvitationError> {
    may(by, Act::Program)?;
    ledger::write(store, signer, |tx| {
        not_in_training(tx, signer)?;
        let row = asked(tx, invitation)?;
        if let Some(quota) = store::invitations::quotas(tx, row.performance_id)?
            .into_iter()
            .find(|(k, _)| *k == row.kind)
            .map(|(_, q)| q)
        {
            let issued = store::invitations::issued(tx, row.performance_id, row.kind)?;
            if issued + row.places > quota {
                return Err(InvitationError::Full {
                    kind: row.kind.code(),
                    quota,
                    issued,
                    asked: row.places,
                });
            }
        }
        let request = tickets(tx, &row, now)?;
        let sold = super::sell::sell_in(tx, signer, by, &request, now)?;
        if !store::invitations::decide(
            tx,
            row.id,
            Status::Issued,
            (by.id, now.timestamp()),
            Some(sold.order_id),
        )? {
            return Err(InvitationError::Decided(row.public_id.clone(), "decided"));
        }
        let row = asked_or_any(tx, &row.public_id)?;
        sign(tx, signer, by, &row, Some(&sold.public_id), now)?;
        Ok((row, sold))
    })
}

/// Refuses a request asked (a coordinator's decision), signed.
pub fn refuse(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    invitation: &str,
    now: DateTime<Utc>,
) -> Result<InvitationRow, InvitationError> {
    may(by, Act::Program)?;
    ledger::write(store, signer, |tx| {
        not_in_training(tx, signer)?;
        let row = asked(tx, invitation)?;
        store::invitations::decide(tx, row.id, Status::Refused, (by.id, now.timestamp()), None)?;
        let row = asked_or_any(tx, &row.public_id)?;
        sign(tx, signer, by, &row, None, now)?;
        Ok(row)
    })
}

/// The requests, newest first: of a performance, of a requester (its name
/// containing the words given), or all (500 at most).
pub fn list(
    store: &Store,
    performance_id: Option<i64>,
    requester: Option<&str>,
) -> Result<Vec<InvitationRow>, InvitationError> {
    Ok(store.read(|tx| store::invitations::list(tx, performance_id, requester, 500))?)
}

/// The places set aside at a performance per kind, with those issued.
pub fn set_aside(
    store: &Store,
    performance_id: i64,
) -> Result<Vec<(RequesterKind, Option<i64>, i64)>, InvitationError> {
    Ok(store.read(|tx| {
        let quotas = store::invitations::quotas(tx, performance_id)?;
        RequesterKind::ALL
            .into_iter()
            .map(|kind| {
                let quota = quotas.iter().find(|(k, _)| *k == kind).map(|(_, q)| *q);
                Ok((
                    kind,
                    quota,
                    store::invitations::issued(tx, performance_id, kind)?,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()
    })?)
}

/// Invitations count against the real places set aside: none in training.
fn not_in_training(tx: &Tx, signer: &Signer) -> Result<(), InvitationError> {
    if ledger::training_on(tx, signer.terminal_id)? {
        return Err(InvitationError::Training);
    }
    Ok(())
}

fn may(by: &Operator, act: Act) -> Result<(), InvitationError> {
    if by.role.may(act) {
        Ok(())
    } else {
        Err(InvitationError::NotAllowed(act))
    }
}

/// The request still asked, by its public id or number.
fn asked(tx: &Tx, invitation: &str) -> Result<InvitationRow, InvitationError> {
    let row = asked_or_any(tx, invitation)?;
    match row.status {
        Status::Asked => Ok(row),
        other => Err(InvitationError::Decided(
            row.id.to_string(),
            match other {
                Status::Issued => "issued",
                _ => "refused",
            },
        )),
    }
}

fn asked_or_any(tx: &Tx, invitation: &str) -> Result<InvitationRow, InvitationError> {
    store::invitations::find(tx, invitation)?
        .ok_or_else(|| InvitationError::Unknown(invitation.trim().to_owned()))
}

/// The free tickets of a request: the performance's invitation tariff, the
/// best seats side by side, general admission, or the first slot with room.
fn tickets(
    tx: &Tx,
    row: &InvitationRow,
    now: DateTime<Utc>,
) -> Result<SaleRequest, InvitationError> {
    let offer = offer::load_in(tx, row.performance_id, None, now)?;
    let tariff = offer
        .tariffs
        .iter()
        .find(|t| t.tariff.is_complimentary)
        .ok_or(InvitationError::NoTariff)?
        .tariff
        .id;
    let n = usize::try_from(row.places).unwrap_or(0);
    let places: Vec<Place> = if !offer.seats.is_empty() {
        offer.best(n)?.into_iter().map(Place::Seat).collect()
    } else if let Some(slot) = offer
        .slots
        .iter()
        .find(|s| s.starts_at >= now && s.capacity - s.sold >= row.places)
    {
        vec![Place::Slot(slot.id); n]
    } else {
        vec![Place::Unnumbered; n]
    };
    Ok(SaleRequest {
        quoted: Vec::new(),
        items: places
            .into_iter()
            .map(|place| Item {
                performance_id: row.performance_id,
                place,
                tariff_id: tariff,
            })
            .collect(),
        tenders: Vec::new(),
        patron_id: row.patron_id,
        cart: None,
        channel: Channel::Invitation,
    })
}

fn sign(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    row: &InvitationRow,
    order: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), InvitationError> {
    let performance = store::performances::by_id(tx, row.performance_id)?
        .ok_or(InvitationError::NoPerformance(row.performance_id))?
        .public_id;
    let record = Record::Invitation(records::Invitation {
        invitation: row.public_id.clone(),
        performance,
        kind: row.kind.code().to_owned(),
        patron: match row.patron_id {
            Some(id) => Some(store::sales::patron_public_id(tx, id)?),
            None => None,
        },
        places: row.places,
        status: row.status.code().to_owned(),
        order: order.map(str::to_owned),
    });
    ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    Ok(())
}

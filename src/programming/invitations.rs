//! The places a performance sets aside for invitations, per kind of
//! requester (the press, partners, the artists, the staff): a coordinator's
//! change of the season, journaled like its prices and quotas.

use serde_json::Value;

use super::ProgrammingError;
use super::journal::{self, By, Change, write};
use crate::domain::invitation::RequesterKind;
use crate::domain::operator::Act;
use crate::domain::programmed::{Action, Subject};
use crate::store::{self, Store};

/// Sets the places set aside for `kind` at a performance (None: no limit
/// of its own, the hall's places only). More than the performance holds is
/// refused, and so is less than already issued to that kind.
pub fn set_quota(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    kind: RequesterKind,
    places: Option<i64>,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let (p, label) = journal::performance(tx, performance_id)?;
        if let Some(places) = places {
            let issued = store::invitations::issued(tx, performance_id, kind)?;
            if places < 0 || places > p.capacity || places < issued {
                return Err(ProgrammingError::InvitationPlaces {
                    kind: kind.code().to_owned(),
                    places,
                    capacity: p.capacity,
                    issued,
                });
            }
        }
        let before = quota_of(&store::invitations::quotas(tx, performance_id)?, kind);
        store::invitations::set_quota(tx, performance_id, kind, places)?;
        let mut change = Change::new(Subject::Invitations, Action::Changed, &p.public_id, &label);
        change.item(
            "invitation_places",
            kind.code(),
            before,
            places.map_or(Value::Null, Value::from),
        );
        change.sign(tx, by)
    })
}

/// The places set aside at a performance, per kind.
pub fn quotas(
    store: &Store,
    performance_id: i64,
) -> Result<Vec<(RequesterKind, i64)>, ProgrammingError> {
    Ok(store.read(|tx| store::invitations::quotas(tx, performance_id))?)
}

fn quota_of(quotas: &[(RequesterKind, i64)], kind: RequesterKind) -> Value {
    quotas
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(Value::Null, |(_, places)| Value::from(*places))
}

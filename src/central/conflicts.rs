//! Conflicts a person acts on: listed for every terminal's coordinator,
//! each decided once with what was done and who decided; and a lost or
//! stolen terminal retired by an administrator (its login closed at once,
//! its chains kept as evidence).

use super::CentralError;
use crate::domain::operator::Act;
use crate::operators::Operator;
use crate::store::Store;
use crate::store::central::{self, Conflict};

/// Every conflict, those waiting first (as this terminal reads them).
pub fn list(store: &Store) -> Result<Vec<Conflict>, CentralError> {
    let mut client = super::connect_terminal(store)?;
    Ok(central::conflicts(&mut client)?)
}

/// Decides a conflict (a coordinator's act): `decision` says what was
/// done; who decided is recorded with it.
pub fn decide(store: &Store, by: &Operator, id: i64, decision: &str) -> Result<(), CentralError> {
    if !by.role.may(Act::Program) {
        return Err(CentralError::NotAllowed(Act::Program));
    }
    let mut client = super::connect_terminal(store)?;
    Ok(central::decide(&mut client, id, decision.trim(), &by.name)?)
}

/// Retires terminal `id` (its number there) through an administrator's
/// login: the terminal's name.
pub fn retire(
    (url, password): (&str, Option<&str>),
    by: &Operator,
    id: i64,
) -> Result<String, CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    let mut client = super::connect(url, password)?;
    Ok(central::retire(&mut client, id, &by.name)?)
}

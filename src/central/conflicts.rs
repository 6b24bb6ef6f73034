//! Conflicts a person acts on: listed for every terminal's coordinator,
//! each decided once with what was done and who decided; and a lost or
//! stolen terminal retired by an administrator (its login closed at once,
//! its chains kept as evidence).

use super::CentralError;
use crate::domain::operator::Act;
use crate::operators::Operator;
use crate::store::Store;
use crate::store::central;
pub use crate::store::central::Conflict;

/// Every conflict, those waiting first (as this terminal reads them).
pub fn list(store: &Store) -> Result<Vec<Conflict>, CentralError> {
    let mut client = super::connect_terminal(store)?;
    Ok(central::conflicts(&mut client)?)
}

/// The actions a conflict is decided by: refund or move a holder, accept a
/// re-entry, retire the terminal, acknowledge. Which ones a conflict allows
/// comes with it (`Conflict::actions`).
pub const ACTIONS: [&str; 5] = ["refund", "move", "accept_reentry", "retire", "acknowledge"];

/// A decision: an action, and what was done (needed for a refund or a move).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision<'a> {
    pub action: &'a str,
    pub note: &'a str,
}

/// Decides a conflict (a coordinator's act; retiring a terminal, an
/// administrator's terminal's): who decided is recorded with it.
pub fn decide(
    store: &Store,
    by: &Operator,
    id: i64,
    decision: Decision,
) -> Result<(), CentralError> {
    if !by.role.may(Act::Program) {
        return Err(CentralError::NotAllowed(Act::Program));
    }
    if !ACTIONS.contains(&decision.action) {
        return Err(CentralError::Action(ACTIONS.join(", ")));
    }
    let mut client = super::connect_terminal(store)?;
    let what = (decision.action, decision.note.trim());
    Ok(central::decide(&mut client, id, what, &by.name)?)
}

/// Retires terminal `id` (its number there) through an administrator's
/// login, and takes back what it held and had not sold (a sale it made
/// offline on one of them surfaces as a conflict if it ever pushes): the
/// terminal's name.
pub fn retire(
    (url, password): (&str, Option<&str>),
    by: &Operator,
    id: i64,
) -> Result<String, CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    let mut client = super::connect(url, password)?;
    // Its login closed and what it held unsold back in the pool, together.
    let mut tx = client.transaction()?;
    let name = central::retire(&mut tx, id, &by.name)?;
    central::reclaim(&mut tx, id, (None, None), &by.name)?;
    tx.commit()?;
    Ok(name)
}

/// [`list`] for the window, on a connection to the database `db` of its
/// own (it blocks: the window runs it on a thread of its own).
pub fn list_apart(db: &std::path::Path) -> Result<Vec<Conflict>, CentralError> {
    list(&super::open_apart(db)?)
}

/// [`decide`] for the window, then the conflicts as they are now.
pub fn decide_apart(
    db: &std::path::Path,
    by: &Operator,
    id: i64,
    decision: Decision,
) -> Result<Vec<Conflict>, CentralError> {
    let store = super::open_apart(db)?;
    decide(&store, by, id, decision)?;
    list(&store)
}

/// Listens for new conflicts as this terminal (its database `db`), calling
/// `heard` at each until it says to stop or the connection is lost. Blocks:
/// run it on a thread of its own.
pub fn listen(db: &std::path::Path, heard: &mut dyn FnMut() -> bool) -> Result<(), CentralError> {
    let store = super::open_apart(db)?;
    let mut client = super::connect_terminal(&store)?;
    central::listen_conflicts(&mut client)?;
    use postgres::fallible_iterator::FallibleIterator;
    let mut notifications = client.notifications();
    let mut each = notifications.blocking_iter();
    while each.next()?.is_some() {
        if !heard() {
            break;
        }
    }
    Ok(())
}

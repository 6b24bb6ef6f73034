//! Operators at work: creating them, logging in and out with a PIN, the
//! lock-out after wrong PINs, and who the command line acts as.
//! It may use domain, store and ledger.
//!
//! PINs are hashed with Argon2id (a slow, memory-hard hash) and never stored
//! or logged in clear. Log-in and log-out are technical events of the ledger;
//! every later record names its operator.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};

use crate::domain::Role;
use crate::domain::journal::Chain;
use crate::domain::operator::{NameError, PinError, check_pin, clean_name};
use crate::domain::records::{self, Record};
use crate::ledger::{self, Actor, LedgerError, Signer};
use crate::store::{self, Store, StoreError, Tx, operators::OperatorRow};

/// Wrong PINs allowed before a lock-out.
pub const TRIES_BEFORE_LOCKOUT: i64 = 5;
/// The first lock-out; each further one doubles, up to [`LOCKOUT_MAX`].
pub const LOCKOUT_FIRST: Duration = Duration::seconds(60);
pub const LOCKOUT_MAX: Duration = Duration::minutes(15);

/// An operator as the rest of the program sees one (no PIN hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub is_system: bool,
    pub locked_until: Option<DateTime<Utc>>,
}

impl From<&OperatorRow> for Operator {
    fn from(r: &OperatorRow) -> Operator {
        Operator {
            id: r.id,
            public_id: r.public_id.clone(),
            name: r.name.clone(),
            role: r.role,
            active: r.active,
            is_system: r.is_system,
            locked_until: r.locked_until.map(store::instant),
        }
    }
}

impl Operator {
    pub fn actor(&self) -> Actor {
        Actor {
            public_id: self.public_id.clone(),
            name: self.name.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    WrongPin { tries_left: i64 },
    LockedOut { until: DateTime<Utc> },
    Inactive,
    Unknown,
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    Name(#[from] NameError),
    NameTaken(String),
    Pin(#[from] PinError),
    PinMismatch,
    NotAllowed,
    LastAdmin(String),
    UnknownName(String),
    Deactivated(String),
    /// A command that writes, run without `--operator` on a database that
    /// has its operators.
    NeedsOperator,
    /// `--operator NAME` without a PIN (standard input or `GUICHET_PIN`).
    NeedsPin(String),
    /// The PIN given was refused (wrong, locked out, deactivated).
    Login(String, LoginError),
    Hash(String),
    Store(#[from] StoreError),
    Ledger(#[from] LedgerError),
}

/// Hashes a PIN with Argon2id and a random salt into a PHC string.
pub fn hash_pin(pin: &str) -> Result<String, OperatorError> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| OperatorError::Hash(e.to_string()))
}

fn pin_matches(pin: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new operator's details, checked before anything is written.
pub struct NewOperator {
    pub name: String,
    pub role: Role,
    pub pin: String,
    pub pin_again: String,
}

/// Checks the name and PIN (fast: forms call it before anything else);
/// returns the cleaned name.
pub fn check_new(new: &NewOperator) -> Result<String, OperatorError> {
    let name = clean_name(&new.name)?;
    match problems(new).into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(name),
    }
}

/// Everything wrong with a new operator's details, so a form can show each
/// problem beside its field at once.
pub fn problems(new: &NewOperator) -> Vec<OperatorError> {
    let mut found = Vec::new();
    if let Err(e) = clean_name(&new.name) {
        found.push(e.into());
    }
    if let Err(e) = check_pin(&new.pin) {
        found.push(e.into());
    } else if new.pin != new.pin_again {
        found.push(OperatorError::PinMismatch);
    }
    found
}

/// Checks the name and PIN and hashes the PIN (slow: call it before taking
/// the write transaction).
pub fn prepare(new: &NewOperator) -> Result<(String, String), OperatorError> {
    let name = check_new(new)?;
    Ok((name, hash_pin(&new.pin)?))
}

/// Inserts a prepared operator and its ledger record, inside the caller's
/// transaction (set-up and the demo use it too).
pub fn insert(
    tx: &Tx,
    signer: &Signer,
    by: &Actor,
    name: &str,
    role: Role,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<Operator, OperatorError> {
    if store::operators::by_name(tx, name)?.is_some() {
        return Err(OperatorError::NameTaken(name.to_owned()));
    }
    let public_id = store::public_id(now);
    let id = store::operators::insert(tx, &public_id, name, role, pin_hash, store::unix(now))?;
    let record = Record::OperatorCreated(records::OperatorCreated {
        operator: records::OperatorRef {
            id: public_id.clone(),
            name: name.to_owned(),
            role: Some(role.code().into()),
        },
    });
    ledger::append(tx, signer, Chain::Fiscal, by, &record, now)?;
    let row = store::operators::by_id(tx, id)?.ok_or(OperatorError::UnknownName(name.into()))?;
    Ok(Operator::from(&row))
}

/// Creates an operator; only an administrator may.
pub fn create(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    new: &NewOperator,
    now: DateTime<Utc>,
) -> Result<Operator, OperatorError> {
    if !by.role.can_administer() {
        return Err(OperatorError::NotAllowed);
    }
    let (name, hash) = prepare(new)?;
    store.write(|tx| insert(tx, signer, &by.actor(), &name, new.role, &hash, now))
}

/// Creates an administrator when no one can log in any more (every person
/// deactivated, or a venue set up without one); refused otherwise.
pub fn create_first_admin(
    store: &mut Store,
    signer: &Signer,
    by: &Actor,
    new: &NewOperator,
    now: DateTime<Utc>,
) -> Result<Operator, OperatorError> {
    let (name, hash) = prepare(new)?;
    store.write(|tx| {
        if store::operators::people(tx)?.iter().any(|p| p.active) {
            return Err(OperatorError::NotAllowed);
        }
        insert(tx, signer, by, &name, Role::Admin, &hash, now)
    })
}

/// Activates or deactivates an operator (never the last administrator).
pub fn set_active(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    target: &Operator,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), OperatorError> {
    if !by.role.can_administer() || target.is_system {
        return Err(OperatorError::NotAllowed);
    }
    store.write(|tx| {
        if !active && target.role == Role::Admin && store::operators::active_admins(tx)? <= 1 {
            return Err(OperatorError::LastAdmin(target.name.clone()));
        }
        store::operators::set_active(tx, target.id, active)?;
        let record = Record::OperatorChanged(records::OperatorChanged {
            operator: records::OperatorRef {
                id: target.public_id.clone(),
                name: target.name.clone(),
                role: None,
            },
            active,
        });
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(())
    })
}

/// The people who can log in (active first, most recent log-in first).
pub fn people(store: &Store) -> Result<Vec<Operator>, StoreError> {
    store.read(|tx| {
        Ok(store::operators::people(tx)?
            .iter()
            .map(Operator::from)
            .collect())
    })
}

/// How long the n-th lock-out lasts: 1 min, 2, 4, 8, then 15 min.
fn lockout_after(failed: i64) -> Option<Duration> {
    if failed < TRIES_BEFORE_LOCKOUT || failed % TRIES_BEFORE_LOCKOUT != 0 {
        return None;
    }
    let nth = (failed / TRIES_BEFORE_LOCKOUT - 1).min(10) as u32;
    Some((LOCKOUT_FIRST * 2_i32.pow(nth)).min(LOCKOUT_MAX))
}

/// Checks the PIN and logs the operator in (a ledger record). A wrong PIN
/// only counts the failure; the fifth in a row locks the operator out for a
/// minute, then longer for each further five.
pub fn log_in(
    store: &mut Store,
    signer: &Signer,
    operator_id: i64,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<Operator, LoginError> {
    let operator = authenticate(store, operator_id, pin, now)?;
    store.write(|tx| -> Result<(), LoginError> {
        store::operators::record_login(tx, operator.id, store::unix(now))?;
        let record = Record::LogIn(records::LogIn {
            role: operator.role.code().into(),
        });
        ledger::append(tx, signer, Chain::Fiscal, &operator.actor(), &record, now)?;
        Ok(())
    })?;
    Ok(operator)
}

/// Checks an operator's PIN, as [`log_in`] does, without logging in: a
/// command of the command line proves who runs it, and its own record
/// names them.
///
/// The slow hash is checked outside any transaction; the count and the
/// lock-out are then read and written in one, so two terminals guessing at
/// once cannot get more tries between them.
pub fn authenticate(
    store: &mut Store,
    operator_id: i64,
    pin: &str,
    now: DateTime<Utc>,
) -> Result<Operator, LoginError> {
    let row = store
        .read(|tx| store::operators::by_id(tx, operator_id))?
        .ok_or(LoginError::Unknown)?;
    if !row.active {
        return Err(LoginError::Inactive);
    }
    let hash = row.pin_hash.as_deref().ok_or(LoginError::Unknown)?;
    if let Some(until) = locked(&row, now) {
        return Err(LoginError::LockedOut { until });
    }
    let right = pin_matches(pin, hash);
    // The wrong-PIN count must commit even though the check fails: the
    // transaction returns Ok(the check's own outcome).
    store.write(|tx| -> Result<Result<Operator, LoginError>, LoginError> {
        let row = store::operators::by_id(tx, operator_id)?.ok_or(LoginError::Unknown)?;
        if let Some(until) = locked(&row, now) {
            return Ok(Err(LoginError::LockedOut { until }));
        }
        if !right {
            let failed = store::operators::count_wrong_pin(tx, row.id)?;
            let lockout = lockout_after(failed).map(|d| now + d);
            if let Some(until) = lockout {
                store::operators::lock_out(tx, row.id, store::unix(until))?;
                return Ok(Err(LoginError::LockedOut { until }));
            }
            return Ok(Err(LoginError::WrongPin {
                tries_left: TRIES_BEFORE_LOCKOUT - failed % TRIES_BEFORE_LOCKOUT,
            }));
        }
        store::operators::reset_wrong_pins(tx, row.id)?;
        let row = store::operators::by_id(tx, operator_id)?.ok_or(LoginError::Unknown)?;
        Ok(Ok(Operator::from(&row)))
    })?
}

/// Until when the operator is locked out, if still at `now`.
fn locked(row: &OperatorRow, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    row.locked_until
        .map(store::instant)
        .filter(|until| *until > now)
}

pub fn log_out(
    store: &mut Store,
    signer: &Signer,
    operator: &Operator,
    now: DateTime<Utc>,
) -> Result<(), LedgerError> {
    store.write(|tx| {
        let record = Record::LogOut(records::LogOut {});
        ledger::append(tx, signer, Chain::Fiscal, &operator.actor(), &record, now).map(|_| ())
    })
}

/// The built-in system operator, who acts for the program itself: the
/// first run's set-up and the demo season loaded into a new database.
pub fn system(store: &Store) -> Result<Operator, StoreError> {
    Ok(Operator::from(&store.read(store::operators::system)?))
}

/// Who a command of the command line acts as.
///
/// `name` and its `pin` log that operator in, as the window's log-in does:
/// a wrong PIN is counted, a lock-out honoured, the log-in recorded in the
/// ledger under that name. Without a name, only the first run of a new
/// database (`setup`, `demo`: `first_run`) acts as the built-in system
/// operator; any other command that writes needs an operator and their PIN.
pub fn for_command_line(
    store: &mut Store,
    name: Option<&str>,
    pin: Option<&str>,
    first_run: bool,
    now: DateTime<Utc>,
) -> Result<Operator, OperatorError> {
    let Some(name) = name else {
        let fresh = store.read(store::operators::people)?.is_empty();
        if first_run && fresh {
            return Ok(Operator::from(&store.read(store::operators::system)?));
        }
        return Err(OperatorError::NeedsOperator);
    };
    let row = store
        .read(|tx| store::operators::by_name(tx, name))?
        .ok_or_else(|| OperatorError::UnknownName(name.to_owned()))?;
    if !row.active {
        return Err(OperatorError::Deactivated(row.name));
    }
    let pin = pin.ok_or_else(|| OperatorError::NeedsPin(row.name.clone()))?;
    authenticate(store, row.id, pin, now).map_err(|e| OperatorError::Login(row.name, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockouts_grow_then_cap() {
        let minutes = |f| lockout_after(f).map(|d| d.num_minutes());
        assert_eq!(minutes(4), None);
        assert_eq!(minutes(5), Some(1));
        assert_eq!(minutes(6), None);
        assert_eq!(minutes(10), Some(2));
        assert_eq!(minutes(15), Some(4));
        assert_eq!(minutes(25), Some(15));
        assert_eq!(minutes(500), Some(15));
    }

    #[test]
    fn pins_hash_and_verify() {
        let h = hash_pin("2468").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("2468"));
        assert!(pin_matches("2468", &h));
        assert!(!pin_matches("2469", &h));
        assert!(!pin_matches("2468", "not a hash"));
    }
}

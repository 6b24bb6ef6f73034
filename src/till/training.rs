//! Training mode (DOMAIN.md §5): a coordinator switches a terminal into it
//! for a clerk to learn, and back. The switch is a signed `training_mode`
//! record of the fiscal chain, and the last one is the state: there is no
//! other row to change. In training, sales go to the training chain (their
//! own numbers, their tickets marked and refused at a real door), out of
//! every total, statement and export; the terminal needs no drawer, and its
//! day closes on the training chain.

use chrono::{DateTime, Utc};

use super::TillError;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::Store;

pub use crate::ledger::training_on as on_in;

/// Whether the terminal is in training now.
pub fn is_on(store: &Store, terminal_id: i64) -> bool {
    store.read(|tx| on_in(tx, terminal_id)).unwrap_or(false)
}

/// Switches training mode on or off (a coordinator's act). Switching to the
/// mode it is in already records nothing.
pub fn switch(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    on: bool,
    now: DateTime<Utc>,
) -> Result<bool, TillError> {
    if !by.role.may(Act::Train) {
        return Err(TillError::NotAllowed(Act::Train));
    }
    ledger::write(store, signer, |tx| {
        if on_in(tx, signer.terminal_id)? == on {
            return Ok(false);
        }
        let record = Record::TrainingMode(records::TrainingMode { on });
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(true)
    })
}

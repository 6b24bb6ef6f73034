//! Exchange with the outside world: the outbox and what leaves through it
//! (e-mail by the venue's SMTP server), files for the outside (the season
//! for the website). It may use domain, store and the other jobs.

pub mod mail;
pub mod outbox;
pub mod website;

use crate::store::{self, Store, StoreError};

/// Messages not delivered yet, and those a person must look at.
pub fn waiting(store: &Store) -> Result<i64, StoreError> {
    store.read(store::outbox::pending)
}

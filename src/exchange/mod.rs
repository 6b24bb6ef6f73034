//! Exchange with the outside world: what waits in the outbox for the
//! network (accountant, ministry, mailing, central server). It may use
//! domain and store.

pub mod website;

use crate::store::{self, Store, StoreError};

/// Messages and files waiting to leave.
pub fn waiting(store: &Store) -> Result<i64, StoreError> {
    store.read(store::outbox::pending)
}

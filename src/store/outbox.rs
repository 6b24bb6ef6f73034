//! The outbox: messages for the outside world waiting for the network.

use super::{Result, Tx};

/// Messages not delivered yet (shown in the status bar).
pub fn pending(tx: &Tx) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

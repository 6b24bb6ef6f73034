//! What the exports for the administration read besides the signed
//! records: which performance a cancelled ticket was for (a cancellation
//! record names its tickets, not their performance's id), and the valid
//! tickets of a performance with their tariff's code (SIBIL counts full
//! price and subscription tickets apart).

use super::{Result, Tx};

/// Every cancelled ticket (training aside): its public id and its
/// performance's public id.
pub fn cancelled_tickets(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT t.public_id, p.public_id FROM ticket t JOIN performance p ON p.id = t.performance_id
         WHERE t.status = 'cancelled' AND t.training = 0 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A valid ticket as a declaration counts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    /// The tariff's code (PLEIN, REDUIT, ABONNE, EXONERE…).
    pub tariff: String,
    pub complimentary: bool,
    /// What was paid, in cents (VAT included in France).
    pub price: i64,
}

/// The valid tickets of a performance (training aside).
pub fn valid_tickets(tx: &Tx, performance: i64) -> Result<Vec<Counted>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT tf.code, tf.is_complimentary, t.price
         FROM ticket t JOIN order_line l ON l.id = t.order_line_id
         JOIN tariff tf ON tf.id = l.tariff_id
         WHERE t.performance_id = ?1 AND t.status = 'valid' AND t.training = 0 ORDER BY t.id",
    )?;
    let rows = stmt
        .query_map([performance], |r| {
            Ok(Counted {
                tariff: r.get(0)?,
                complimentary: r.get(1)?,
                price: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

//! What a box-office statement reads: a performance's heading (show, hall,
//! date, capacity, show tax) and every ticket of it (training aside), and
//! the takings of every performance for Rapports.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::statement::Ticket;

/// A performance as its statement heads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub id: i64,
    pub show: String,
    pub hall: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub capacity: i64,
    pub show_tax: String,
}

pub fn heading(tx: &Tx, performance: i64) -> Result<Option<Heading>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT p.id, s.title, h.name, p.starts_at, p.capacity, s.show_tax
             FROM performance p JOIN show s ON s.id = p.show_id JOIN hall h ON h.id = p.hall_id
             WHERE p.id = ?1",
        )?
        .query_row([performance], |r| {
            Ok(Heading {
                id: r.get(0)?,
                show: r.get(1)?,
                hall: r.get(2)?,
                starts_at: super::instant(r.get(3)?),
                capacity: r.get(4)?,
                show_tax: r.get(5)?,
            })
        })
        .optional()?)
}

/// Every ticket of a performance (training aside).
pub fn tickets(tx: &Tx, performance: i64) -> Result<Vec<Ticket>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT c.name, tf.name, tf.is_complimentary, t.price, l.tax_rate, t.status = 'cancelled'
         FROM ticket t JOIN order_line l ON l.id = t.order_line_id
         JOIN price_category c ON c.id = l.category_id JOIN tariff tf ON tf.id = l.tariff_id
         WHERE t.performance_id = ?1 AND t.training = 0
         ORDER BY c.position, c.code, tf.position, tf.code",
    )?;
    let rows = stmt
        .query_map([performance], |r| {
            Ok(Ticket {
                category: r.get(0)?,
                tariff: r.get(1)?,
                complimentary: r.get(2)?,
                price: r.get(3)?,
                rate: r.get(4)?,
                cancelled: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every performance with its valid tickets and revenue (training aside),
/// by date: (heading, tickets, revenue).
pub fn takings(tx: &Tx) -> Result<Vec<(Heading, i64, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, s.title, h.name, p.starts_at, p.capacity, s.show_tax,
                (SELECT count(*) FROM ticket t WHERE t.performance_id = p.id
                   AND t.status = 'valid' AND t.training = 0),
                (SELECT coalesce(sum(t.price), 0) FROM ticket t WHERE t.performance_id = p.id
                   AND t.status = 'valid' AND t.training = 0)
         FROM performance p JOIN show s ON s.id = p.show_id JOIN hall h ON h.id = p.hall_id
         ORDER BY p.starts_at, p.id",
    )?;
    let rows = stmt
        .query_map(params![], |r| {
            Ok((
                Heading {
                    id: r.get(0)?,
                    show: r.get(1)?,
                    hall: r.get(2)?,
                    starts_at: super::instant(r.get(3)?),
                    capacity: r.get(4)?,
                    show_tax: r.get(5)?,
                },
                r.get(6)?,
                r.get(7)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

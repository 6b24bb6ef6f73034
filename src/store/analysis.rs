//! What the audience analyses read: every valid ticket of this till's
//! sales (training aside) and of the previous system's history, and where
//! each patron lives.

use super::{Result, Tx};

/// A ticket as read for the analyses; names borrowed from the row.
pub struct HeldRow<'a> {
    pub patron: Option<i64>,
    /// None for a ticket of the previous system.
    pub performance: Option<i64>,
    pub starts_at: i64,
    pub show: &'a str,
    pub tariff: &'a str,
    pub channel: &'a str,
    pub price: i64,
}

/// Calls `each` with every valid ticket, here then before.
pub fn each_held(tx: &Tx, mut each: impl FnMut(HeldRow<'_>)) -> Result<()> {
    let mut stmt = tx.conn().prepare(
        "SELECT o.patron_id, t.performance_id, f.starts_at, s.title, tf.name, o.channel, t.price
         FROM sale_order o
         JOIN order_line l ON l.order_id = o.id
         JOIN ticket t ON t.order_line_id = l.id
         JOIN performance f ON f.id = t.performance_id
         JOIN show s ON s.id = f.show_id
         JOIN tariff tf ON tf.id = l.tariff_id
         WHERE o.training = 0 AND t.status = 'valid'
         UNION ALL
         SELECT patron_id, NULL, starts_at, show, tariff, channel, price FROM past_attendance",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(HeldRow {
            patron: r.get(0)?,
            performance: r.get(1)?,
            starts_at: r.get(2)?,
            show: r.get_ref(3)?.as_str().unwrap_or(""),
            tariff: r.get_ref(4)?.as_str().unwrap_or(""),
            channel: r.get_ref(5)?.as_str().unwrap_or(""),
            price: r.get(6)?,
        });
    }
    Ok(())
}

/// Every patron's postcode (those who gave one).
pub fn postcodes(tx: &Tx) -> Result<Vec<(i64, String)>> {
    let mut stmt = tx
        .conn()
        .prepare("SELECT id, postcode FROM patron WHERE postcode <> ''")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

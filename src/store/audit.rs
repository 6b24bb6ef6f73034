//! The sales tables read whole for `verify`, to be held against the signed
//! records: orders, their lines, tickets and payments, each with the public
//! ids the records name.

use super::{Result, Tx};
use crate::domain::SeatName;

/// An order as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub public_id: String,
    pub terminal_id: i64,
    pub training: bool,
    pub number: i64,
    pub total: i64,
    pub ledger_seq: i64,
    pub channel: String,
}

/// A line as stored, with its performance's public id and tariff's code.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineRow {
    pub order: String,
    pub performance: String,
    pub tariff: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub excl: i64,
    pub tax: i64,
    pub incl: i64,
}

/// A ticket as stored, with what the door and the receipt read of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRow {
    pub public_id: String,
    pub terminal_id: i64,
    pub training: bool,
    pub number: i64,
    pub order: String,
    pub performance: String,
    pub tariff: String,
    pub price: i64,
    pub valid: bool,
    pub seat: Option<SeatName>,
    /// Copies printed: 1, then one more per duplicata.
    pub prints: i64,
}

/// A payment or a refund as stored.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PaymentRow {
    pub order: String,
    pub method: String,
    pub amount: i64,
    pub tendered: Option<i64>,
}

pub fn orders(tx: &Tx) -> Result<Vec<OrderRow>> {
    let mut stmt = tx.conn().prepare(
        "SELECT public_id, terminal_id, training, number, total, ledger_seq, channel
         FROM sale_order",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(OrderRow {
                public_id: r.get(0)?,
                terminal_id: r.get(1)?,
                training: r.get(2)?,
                number: r.get(3)?,
                total: r.get(4)?,
                ledger_seq: r.get(5)?,
                channel: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn lines(tx: &Tx) -> Result<Vec<LineRow>> {
    let mut stmt = tx.conn().prepare(
        "SELECT o.public_id, p.public_id, tf.code, l.quantity, l.unit_price, l.amount_excl,
                l.amount_tax, l.amount_incl
         FROM order_line l
         LEFT JOIN sale_order o ON o.id = l.order_id
         LEFT JOIN performance p ON p.id = l.performance_id
         LEFT JOIN tariff tf ON tf.id = l.tariff_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(LineRow {
                order: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                performance: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                tariff: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                quantity: r.get(3)?,
                unit_price: r.get(4)?,
                excl: r.get(5)?,
                tax: r.get(6)?,
                incl: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The outside orders that landed: (seller, their number, the order's
/// public id here).
pub fn imported_orders(tx: &Tx) -> Result<Vec<(String, String, String)>> {
    let mut stmt = tx.conn().prepare(
        "SELECT i.source, i.external, coalesce(o.public_id, '')
         FROM import_order i JOIN sale_order o ON o.id = i.order_id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The sellers' codes accepted at the door: (ticket public id, hash).
pub fn external_codes(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.conn().prepare(
        "SELECT coalesce(t.public_id, ''), e.hash
         FROM external_code e LEFT JOIN ticket t ON t.id = e.ticket_id
         ORDER BY t.terminal_id, t.number",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn tickets(tx: &Tx) -> Result<Vec<TicketRow>> {
    let mut stmt = tx.conn().prepare(
        "SELECT t.public_id, t.terminal_id, t.training, t.number, o.public_id, p.public_id,
                tf.code, t.price, t.status = 'valid', x.name, s.row_label, s.number,
                t.seat_id IS NOT NULL, t.prints
         FROM ticket t
         LEFT JOIN order_line l ON l.id = t.order_line_id
         LEFT JOIN sale_order o ON o.id = l.order_id
         LEFT JOIN performance p ON p.id = t.performance_id
         LEFT JOIN tariff tf ON tf.id = l.tariff_id
         LEFT JOIN seat s ON s.id = t.seat_id
         LEFT JOIN seat_section x ON x.id = s.section_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let seated: bool = r.get(12)?;
            let seat = if seated {
                Some(SeatName {
                    section: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                    row: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                    number: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                })
            } else {
                None
            };
            Ok(TicketRow {
                public_id: r.get(0)?,
                terminal_id: r.get(1)?,
                training: r.get(2)?,
                number: r.get(3)?,
                order: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                performance: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                tariff: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                price: r.get(7)?,
                valid: r.get(8)?,
                seat,
                prints: r.get(13)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn payments(tx: &Tx) -> Result<Vec<PaymentRow>> {
    let mut stmt = tx.conn().prepare(
        "SELECT o.public_id, y.method, y.amount, y.tendered
         FROM payment y LEFT JOIN sale_order o ON o.id = y.order_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PaymentRow {
                order: r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                method: r.get(1)?,
                amount: r.get(2)?,
                tendered: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A schema object: its type (table, index, trigger, view), name and SQL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaObject {
    pub kind: String,
    pub name: String,
    pub sql: String,
}

fn objects_of(conn: &rusqlite::Connection) -> Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(SchemaObject {
                kind: r.get(0)?,
                name: r.get(1)?,
                sql: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The schema objects of the database.
pub fn schema_objects(tx: &Tx) -> Result<Vec<SchemaObject>> {
    objects_of(tx.conn())
}

/// The schema objects this version ships: `schema.sql` run in memory.
pub fn shipped_schema_objects() -> Result<Vec<SchemaObject>> {
    let conn = rusqlite::Connection::open_in_memory()?;
    conn.execute_batch(super::SCHEMA)?;
    objects_of(&conn)
}

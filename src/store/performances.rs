//! Performances with their slots, price categories, seat categories,
//! offered tariffs and prices; what is sold and held.

use rusqlite::{OptionalExtension, Row, params};

use chrono::{DateTime, Utc};

use super::{Result, Tx, instant, unix};
use crate::domain::season::PerformanceStatus;
use crate::domain::{Category, Performance, Slot, TaxRate};

const COLUMNS: &str = "id, public_id, show_id, hall_id, starts_at, ends_at, vat_rate, capacity, \
                       sales_open_at, sales_close_at, status, reentry_allowed";

fn performance(r: &Row) -> rusqlite::Result<Performance> {
    let status: String = r.get(10)?;
    Ok(Performance {
        id: r.get(0)?,
        public_id: r.get(1)?,
        show_id: r.get(2)?,
        hall_id: r.get(3)?,
        starts_at: instant(r.get(4)?),
        ends_at: instant(r.get(5)?),
        vat_rate: TaxRate(r.get(6)?),
        capacity: r.get(7)?,
        sales_open_at: r.get::<_, Option<i64>>(8)?.map(instant),
        sales_close_at: r.get::<_, Option<i64>>(9)?.map(instant),
        status: PerformanceStatus::from_code(&status).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                10,
                rusqlite::types::Type::Text,
                status.into(),
            )
        })?,
        reentry_allowed: r.get(11)?,
    })
}

/// Inserts a performance (its `id` is ignored) and returns its id.
pub fn insert(tx: &Tx, p: &Performance, now: DateTime<Utc>) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO performance (public_id, show_id, hall_id, starts_at, ends_at, vat_rate,
                 capacity, sales_open_at, sales_close_at, status, reentry_allowed, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            p.public_id,
            p.show_id,
            p.hall_id,
            unix(p.starts_at),
            unix(p.ends_at),
            p.vat_rate.0,
            p.capacity,
            p.sales_open_at.map(unix),
            p.sales_close_at.map(unix),
            p.status.code(),
            p.reentry_allowed,
            unix(now)
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn update(tx: &Tx, p: &Performance) -> Result<()> {
    tx.conn().execute(
        "UPDATE performance SET show_id = ?2, hall_id = ?3, starts_at = ?4, ends_at = ?5,
                vat_rate = ?6, capacity = ?7, sales_open_at = ?8, sales_close_at = ?9,
                status = ?10, reentry_allowed = ?11
         WHERE id = ?1",
        params![
            p.id,
            p.show_id,
            p.hall_id,
            unix(p.starts_at),
            unix(p.ends_at),
            p.vat_rate.0,
            p.capacity,
            p.sales_open_at.map(unix),
            p.sales_close_at.map(unix),
            p.status.code(),
            p.reentry_allowed
        ],
    )?;
    Ok(())
}

/// A numbered hall's seat count changed: its performances follow.
pub fn set_capacity_of_hall(tx: &Tx, hall_id: i64, capacity: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE performance SET capacity = ?2 WHERE hall_id = ?1",
        params![hall_id, capacity],
    )?;
    Ok(())
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<Performance>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM performance WHERE id = ?1"))?
        .query_row([id], performance)
        .optional()?)
}

/// A performance with its show's title and its hall's kind, in one read
/// (what a sale needs of it).
pub fn for_sale(
    tx: &Tx,
    id: i64,
) -> Result<Option<(Performance, String, crate::domain::HallKind)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT p.id, p.public_id, p.show_id, p.hall_id, p.starts_at, p.ends_at, p.vat_rate,
                    p.capacity, p.sales_open_at, p.sales_close_at, p.status, p.reentry_allowed,
                    s.title, h.kind
             FROM performance p JOIN show s ON s.id = p.show_id JOIN hall h ON h.id = p.hall_id
             WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                performance(r)?,
                r.get(12)?,
                super::code(r, 13, crate::domain::HallKind::from_code)?,
            ))
        })
        .optional()?)
}

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<Performance>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM performance WHERE public_id = ?1"
        ))?
        .query_row([public_id], performance)
        .optional()?)
}

pub fn all(tx: &Tx) -> Result<Vec<Performance>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM performance ORDER BY starts_at, id"
    ))?;
    let rows = stmt
        .query_map([], performance)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn of_show(tx: &Tx, show_id: i64) -> Result<Vec<Performance>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM performance WHERE show_id = ?1 ORDER BY starts_at, id"
    ))?;
    let rows = stmt
        .query_map([show_id], performance)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A performance of the hall, other than `except`, whose time overlaps.
pub fn overlapping(
    tx: &Tx,
    hall_id: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    except: Option<i64>,
) -> Result<Option<Performance>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM performance
             WHERE hall_id = ?1 AND status <> 'cancelled' AND starts_at < ?3 AND ends_at > ?2
               AND id IS NOT ?4
             ORDER BY starts_at LIMIT 1"
        ))?
        .query_row(
            params![hall_id, unix(starts_at), unix(ends_at), except],
            performance,
        )
        .optional()?)
}

pub fn insert_slot(
    tx: &Tx,
    performance_id: i64,
    starts_at: DateTime<Utc>,
    capacity: i64,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO entry_slot (performance_id, starts_at, capacity) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![performance_id, unix(starts_at), capacity])?;
    Ok(())
}

/// (start, capacity) of each slot, in order.
pub fn slots(tx: &Tx, performance_id: i64) -> Result<Vec<(DateTime<Utc>, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT starts_at, capacity FROM entry_slot WHERE performance_id = ?1 ORDER BY starts_at",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| Ok((instant(r.get(0)?), r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn slots_in_full(tx: &Tx, performance_id: i64) -> Result<Vec<Slot>> {
    let governed = super::contingents::governed(tx)?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.id, s.starts_at, s.capacity,
                (SELECT count(*) FROM ticket t WHERE t.slot_id = s.id AND t.status = 'valid'
                   AND t.training = 0),
                coalesce((SELECT l.places FROM lent_slot l WHERE l.slot_id = s.id), 0)
         FROM entry_slot s WHERE s.performance_id = ?1 ORDER BY s.starts_at",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| {
            Ok(Slot {
                id: r.get(0)?,
                starts_at: instant(r.get(1)?),
                capacity: r.get(2)?,
                sold: r.get(3)?,
                lent: if governed { Some(r.get(4)?) } else { None },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn set_slot_capacity(tx: &Tx, slot_id: i64, capacity: i64) -> Result<()> {
    tx.conn().execute(
        "UPDATE entry_slot SET capacity = ?2 WHERE id = ?1",
        params![slot_id, capacity],
    )?;
    Ok(())
}

pub fn delete_slot(tx: &Tx, slot_id: i64) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM entry_slot WHERE id = ?1", [slot_id])?;
    Ok(())
}

/// Moves every slot of a performance by `shift`, keeping their ids
/// (tickets point at them). Two steps, through negative instants, so that
/// no slot lands on another's start midway through the update.
pub fn shift_slots(tx: &Tx, performance_id: i64, shift: chrono::Duration) -> Result<()> {
    let shift = shift.num_seconds();
    let conn = tx.conn();
    conn.execute(
        "UPDATE entry_slot SET starts_at = -(starts_at + ?2) WHERE performance_id = ?1",
        params![performance_id, shift],
    )?;
    conn.execute(
        "UPDATE entry_slot SET starts_at = -starts_at WHERE performance_id = ?1",
        [performance_id],
    )?;
    Ok(())
}

/// A performance's price categories in order (sorted here, see
/// `tariffs::all`).
pub fn categories(tx: &Tx, performance_id: i64) -> Result<Vec<Category>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, code, name, colour, position FROM price_category
         WHERE performance_id = ?1",
    )?;
    let mut rows: Vec<Category> = stmt
        .query_map([performance_id], |r| {
            Ok(Category {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                colour: r.get(3)?,
                position: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort_by(|a, b| (a.position, &a.code).cmp(&(b.position, &b.code)));
    Ok(rows)
}

pub fn insert_category(
    tx: &Tx,
    performance_id: i64,
    code: &str,
    name: &str,
    colour: &str,
    position: i64,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO price_category (performance_id, code, name, colour, position)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![performance_id, code, name, colour, position])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn update_category(tx: &Tx, category: &Category) -> Result<()> {
    tx.conn().execute(
        "UPDATE price_category SET name = ?2, colour = ?3, position = ?4 WHERE id = ?1",
        params![
            category.id,
            category.name,
            category.colour,
            category.position
        ],
    )?;
    Ok(())
}

/// Removes a category no seat and no sale refers to any more.
pub fn delete_category(tx: &Tx, category_id: i64) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM price WHERE category_id = ?1", [category_id])?;
    tx.conn()
        .execute("DELETE FROM price_category WHERE id = ?1", [category_id])?;
    Ok(())
}

/// (seat, category) of every seat of a numbered performance.
pub fn seat_categories(tx: &Tx, performance_id: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT seat_id, category_id FROM seat_category WHERE performance_id = ?1",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn assign_seat(tx: &Tx, performance_id: i64, seat_id: i64, category_id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO seat_category (performance_id, seat_id, category_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (performance_id, seat_id) DO UPDATE SET category_id = excluded.category_id",
        )?
        .execute(params![performance_id, seat_id, category_id])?;
    Ok(())
}

/// (tariff, quota) of each tariff the performance offers.
pub fn offered(tx: &Tx, performance_id: i64) -> Result<Vec<(i64, Option<i64>)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT pt.tariff_id, pt.quota FROM performance_tariff pt JOIN tariff t ON t.id = pt.tariff_id
         WHERE pt.performance_id = ?1 ORDER BY t.position, t.code",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn offer(tx: &Tx, performance_id: i64, tariff_id: i64, quota: Option<i64>) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO performance_tariff (performance_id, tariff_id, quota) VALUES (?1, ?2, ?3)
             ON CONFLICT (performance_id, tariff_id) DO UPDATE SET quota = excluded.quota",
        )?
        .execute(params![performance_id, tariff_id, quota])?;
    Ok(())
}

pub fn withdraw(tx: &Tx, performance_id: i64, tariff_id: i64) -> Result<()> {
    tx.conn().execute(
        "DELETE FROM price WHERE tariff_id = ?2
           AND category_id IN (SELECT id FROM price_category WHERE performance_id = ?1)",
        params![performance_id, tariff_id],
    )?;
    tx.conn().execute(
        "DELETE FROM performance_tariff WHERE performance_id = ?1 AND tariff_id = ?2",
        params![performance_id, tariff_id],
    )?;
    Ok(())
}

/// (category, tariff, amount) of every price of the performance.
pub fn prices(tx: &Tx, performance_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.category_id, p.tariff_id, p.amount FROM price p
         JOIN price_category c ON c.id = p.category_id WHERE c.performance_id = ?1",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn set_price(tx: &Tx, category_id: i64, tariff_id: i64, amount: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO price (category_id, tariff_id, amount) VALUES (?1, ?2, ?3)
             ON CONFLICT (category_id, tariff_id) DO UPDATE SET amount = excluded.amount",
        )?
        .execute(params![category_id, tariff_id, amount])?;
    Ok(())
}

/// Places sold (valid tickets) and held (held seats and held quantities).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub sold: i64,
    pub held: i64,
}

pub fn counts(tx: &Tx, performance_id: i64) -> Result<Counts> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT (SELECT count(*) FROM ticket WHERE performance_id = ?1 AND status = 'valid'
                       AND training = 0),
                    (SELECT count(*) FROM hold_seat WHERE performance_id = ?1)
                  + (SELECT coalesce(sum(quantity), 0) FROM hold WHERE performance_id = ?1)",
        )?
        .query_row([performance_id], |r| {
            Ok(Counts {
                sold: r.get(0)?,
                held: r.get(1)?,
            })
        })?)
}

/// Tickets ever issued for the performance (valid or cancelled): a
/// performance with any cannot lose its categories or seats.
/// Seats with a live ticket for a performance.
pub fn sold_seats(tx: &Tx, performance_id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT seat_id FROM ticket
         WHERE performance_id = ?1 AND status = 'valid' AND seat_id IS NOT NULL
           AND training = 0",
    )?;
    let rows = stmt
        .query_map([performance_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn tickets_issued(tx: &Tx, performance_id: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM ticket WHERE performance_id = ?1",
        [performance_id],
        |r| r.get(0),
    )?)
}

/// Places sold with a tariff (for quotas).
pub fn sold_with_tariff(tx: &Tx, performance_id: i64, tariff_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM ticket t JOIN order_line l ON l.id = t.order_line_id
             WHERE t.performance_id = ?1 AND l.tariff_id = ?2 AND t.status = 'valid'
               AND t.training = 0",
        )?
        .query_row(params![performance_id, tariff_id], |r| r.get(0))?)
}

//! Price rules that follow demand: the rules of a performance or a show,
//! the places sold at an instant, the price a rule last made a sale pay,
//! and a past performance's tickets for a replay.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx, instant, unix};
use crate::domain::Cents;
use crate::domain::price_rule::{Draft, PastTicket, PriceRule, Scope, Trigger};

/// The setting that turns the rules on (`on`); off when absent.
pub const ENABLED: &str = "pricing.rules";

/// The most rules a list shows.
pub const MAX_LISTED: usize = 1_000;

const COLUMNS: &str = "r.id, r.public_id, r.performance_id, r.show_id, r.kind, r.threshold,
     r.category_code, r.step, r.floor, r.ceiling, r.created_at";

fn rule(r: &rusqlite::Row) -> rusqlite::Result<Option<PriceRule>> {
    let performance: Option<i64> = r.get(2)?;
    let show: Option<i64> = r.get(3)?;
    let scope = match (performance, show) {
        (Some(p), _) => Scope::Performance(p),
        (None, Some(s)) => Scope::Show(s),
        (None, None) => return Ok(None),
    };
    let kind: String = r.get(4)?;
    let Some(trigger) = Trigger::from_parts(&kind, r.get(5)?) else {
        return Ok(None);
    };
    let category: String = r.get(6)?;
    Ok(Some(PriceRule {
        id: r.get(0)?,
        public_id: r.get(1)?,
        draft: Draft {
            scope,
            trigger,
            category: (!category.is_empty()).then_some(category),
            step: Cents(r.get(7)?),
            floor: r.get::<_, Option<i64>>(8)?.map(Cents),
            ceiling: r.get::<_, Option<i64>>(9)?.map(Cents),
        },
        created_at: instant(r.get(10)?),
    }))
}

fn collect(
    rows: impl Iterator<Item = rusqlite::Result<Option<PriceRule>>>,
) -> Result<Vec<PriceRule>> {
    let mut out = Vec::new();
    for row in rows {
        out.extend(row?);
    }
    Ok(out)
}

/// Keeps a checked rule; its id.
pub fn insert(tx: &Tx, public_id: &str, d: &Draft, created_at: i64) -> Result<i64> {
    let (performance, show) = match d.scope {
        Scope::Performance(p) => (Some(p), None),
        Scope::Show(s) => (None, Some(s)),
    };
    tx.conn().execute(
        "INSERT INTO price_rule (public_id, performance_id, show_id, kind, threshold,
             category_code, step, floor, ceiling, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            public_id,
            performance,
            show,
            d.trigger.code(),
            d.trigger.threshold(),
            d.category.as_deref().unwrap_or(""),
            d.step.0,
            d.floor.map(|c| c.0),
            d.ceiling.map(|c| c.0),
            created_at,
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    tx.conn()
        .execute("DELETE FROM price_rule WHERE id = ?1", [id])?;
    Ok(())
}

/// A rule by its number or its public id.
pub fn find(tx: &Tx, key: &str) -> Result<Option<PriceRule>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM price_rule r WHERE r.public_id = ?1 OR CAST(r.id AS TEXT) = ?1"
    );
    Ok(tx
        .conn()
        .query_row(&sql, [key.trim()], rule)
        .optional()?
        .flatten())
}

/// The rules a performance answers to: its own and its show's, oldest
/// first.
pub fn of_performance(tx: &Tx, performance_id: i64) -> Result<Vec<PriceRule>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM price_rule r
         WHERE r.performance_id = ?1
            OR r.show_id = (SELECT show_id FROM performance WHERE id = ?1)
         ORDER BY r.id"
    );
    let mut stmt = tx.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map([performance_id], rule)?;
    collect(rows)
}

/// Every rule (the first [`MAX_LISTED`]), or those of a show (with its
/// performances'), oldest first.
pub fn list(tx: &Tx, show_id: Option<i64>) -> Result<Vec<PriceRule>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM price_rule r
         LEFT JOIN performance p ON p.id = r.performance_id
         WHERE ?1 IS NULL OR r.show_id = ?1 OR p.show_id = ?1
         ORDER BY r.id LIMIT ?2"
    );
    let mut stmt = tx.conn().prepare_cached(&sql)?;
    let rows = stmt.query_map(params![show_id, MAX_LISTED as i64], rule)?;
    collect(rows)
}

/// Whether the venue applies its rules.
pub fn enabled(tx: &Tx) -> Result<bool> {
    Ok(super::settings::get(tx, ENABLED)?.as_deref() == Some("on"))
}

pub fn set_enabled(tx: &Tx, on: bool) -> Result<()> {
    super::settings::set(tx, ENABLED, if on { "on" } else { "off" })
}

/// Places sold at a performance at an instant (training tickets aside;
/// a ticket cancelled since still counted then).
pub fn sold_at(tx: &Tx, performance_id: i64, at: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM ticket
         WHERE performance_id = ?1 AND training = 0 AND created_at <= ?2
           AND (status = 'valid' OR cancelled_at > ?2)",
        params![performance_id, at],
        |r| r.get(0),
    )?)
}

/// The price a rule last made a sale pay in this category and tariff.
pub fn applied(
    tx: &Tx,
    performance_id: i64,
    category_id: i64,
    tariff_id: i64,
) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT amount FROM price_applied
             WHERE performance_id = ?1 AND category_id = ?2 AND tariff_id = ?3",
            params![performance_id, category_id, tariff_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn set_applied(
    tx: &Tx,
    (performance_id, category_id, tariff_id): (i64, i64, i64),
    amount: i64,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO price_applied (performance_id, category_id, tariff_id, amount, at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (performance_id, category_id, tariff_id)
         DO UPDATE SET amount = excluded.amount, at = excluded.at",
        params![performance_id, category_id, tariff_id, amount, unix(at)],
    )?;
    Ok(())
}

/// Forgets the prices rules made a performance's sales pay (its grid
/// changed: the next move is journaled from the new grid).
pub fn forget_applied(tx: &Tx, performance_id: i64) -> Result<()> {
    tx.conn().execute(
        "DELETE FROM price_applied WHERE performance_id = ?1",
        [performance_id],
    )?;
    Ok(())
}

/// A performance's tickets (training aside), given back or not, in the
/// order they were sold, each with its grid price, for a replay.
pub fn past_tickets(tx: &Tx, performance_id: i64) -> Result<Vec<PastTicket>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT t.created_at, t.cancelled_at, c.code, t.price, p.amount, tf.is_complimentary
         FROM ticket t
         JOIN order_line l ON l.id = t.order_line_id
         JOIN price_category c ON c.id = l.category_id
         JOIN tariff tf ON tf.id = l.tariff_id
         LEFT JOIN price p ON p.category_id = l.category_id AND p.tariff_id = l.tariff_id
         WHERE t.performance_id = ?1 AND t.training = 0
         ORDER BY t.created_at, t.id",
    )?;
    let rows = stmt.query_map([performance_id], |r| {
        let price: i64 = r.get(3)?;
        Ok(PastTicket {
            sold_at: instant(r.get(0)?),
            cancelled_at: r.get::<_, Option<i64>>(1)?.map(instant),
            category_code: r.get(2)?,
            price: Cents(price),
            base: Cents(r.get::<_, Option<i64>>(4)?.unwrap_or(price)),
            free: r.get::<_, i64>(5)? == 1 || price == 0,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

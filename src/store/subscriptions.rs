//! Subscriptions: the formulas (their rule, shows or performances, prices),
//! the subscriptions sold, and what the rules need of the performances
//! chosen.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::Cents;
use crate::domain::subscription::{Chosen, Formula, Rule};

/// The most formulas a list shows.
pub const MAX_LISTED: i64 = 500;

/// Keeps a formula; its id.
pub fn insert_formula(tx: &Tx, f: &Formula, created_at: i64) -> Result<i64> {
    let (kind, min, max, per_genre, shows, performances) = match &f.rule {
        Rule::Choice {
            min,
            max,
            shows,
            per_genre,
        } => (
            "choice",
            *min,
            *max,
            per_genre.clone(),
            shows.clone(),
            vec![],
        ),
        Rule::Fixed(p) => ("fixed", 0, 0, BTreeMap::new(), vec![], p.clone()),
        Rule::Season(s) => ("season", 0, 0, BTreeMap::new(), s.clone(), vec![]),
        Rule::Pass { shows, .. } => ("pass", 0, 0, BTreeMap::new(), shows.clone(), vec![]),
    };
    let (from, until) = match &f.rule {
        Rule::Pass { from, until, .. } => (Some(from.to_string()), Some(until.to_string())),
        _ => (None, None),
    };
    let per_genre = serde_json::to_string(&per_genre).unwrap_or_else(|_| "{}".into());
    tx.conn().execute(
        "INSERT INTO formula (public_id, name, kind, min_count, max_count, per_genre, tariff_id,
             created_at, valid_from, valid_until)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            f.public_id,
            f.name,
            kind,
            min as i64,
            max as i64,
            per_genre,
            f.tariff_id,
            created_at,
            from,
            until
        ],
    )?;
    let id = tx.conn().last_insert_rowid();
    for show in shows {
        tx.conn().execute(
            "INSERT INTO formula_item (formula_id, show_id) VALUES (?1, ?2)",
            params![id, show],
        )?;
    }
    for p in performances {
        tx.conn().execute(
            "INSERT INTO formula_item (formula_id, performance_id) VALUES (?1, ?2)",
            params![id, p],
        )?;
    }
    for (tariff, category, amount) in &f.prices {
        tx.conn().execute(
            "INSERT INTO formula_price (formula_id, tariff_id, category_code, amount)
             VALUES (?1, ?2, ?3, ?4)",
            params![id, tariff, category, amount.0],
        )?;
    }
    Ok(id)
}

/// A formula's row: id, public id, name, kind, counts, genres, tariff,
/// and a pass's days.
type Head = (
    i64,
    String,
    String,
    String,
    i64,
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
);

fn formula_of(tx: &Tx, head: Head) -> Result<Option<Formula>> {
    let (id, public_id, name, kind, min, max, per_genre, tariff_id, from, until) = head;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT show_id, performance_id FROM formula_item WHERE formula_id = ?1 ORDER BY rowid",
    )?;
    let items: Vec<(Option<i64>, Option<i64>)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let shows: Vec<i64> = items.iter().filter_map(|(s, _)| *s).collect();
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    let rule = match kind.as_str() {
        "choice" => Rule::Choice {
            min: count(min),
            max: count(max),
            shows,
            per_genre: serde_json::from_str(&per_genre).unwrap_or_default(),
        },
        "fixed" => Rule::Fixed(items.iter().filter_map(|(_, p)| *p).collect()),
        "season" => Rule::Season(shows),
        "pass" => {
            let day = |d: Option<String>| d.and_then(|d| d.parse::<NaiveDate>().ok());
            let (Some(from), Some(until)) = (day(from), day(until)) else {
                return Ok(None);
            };
            Rule::Pass { from, until, shows }
        }
        _ => return Ok(None),
    };
    let mut stmt = tx.conn().prepare_cached(
        "SELECT tariff_id, category_code, amount FROM formula_price WHERE formula_id = ?1
         ORDER BY tariff_id, category_code",
    )?;
    let prices = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, Cents(r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Formula {
        id,
        public_id,
        name,
        rule,
        tariff_id,
        prices,
    }))
}

const HEAD: &str = "SELECT id, public_id, name, kind, min_count, max_count, per_genre, tariff_id,
         valid_from, valid_until FROM formula";

fn head(r: &rusqlite::Row) -> rusqlite::Result<Head> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

/// The formulas, oldest first (the first [`MAX_LISTED`]).
pub fn formulas(tx: &Tx) -> Result<Vec<Formula>> {
    let mut stmt = tx
        .conn()
        .prepare_cached(&format!("{HEAD} ORDER BY id LIMIT ?1"))?;
    let heads: Vec<Head> = stmt
        .query_map([MAX_LISTED], head)?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for h in heads {
        out.extend(formula_of(tx, h)?);
    }
    Ok(out)
}

/// A formula by its number or its public id.
pub fn formula(tx: &Tx, key: &str) -> Result<Option<Formula>> {
    let h = tx
        .conn()
        .query_row(
            &format!("{HEAD} WHERE public_id = ?1 OR CAST(id AS TEXT) = ?1"),
            [key.trim()],
            head,
        )
        .optional()?;
    match h {
        Some(h) => formula_of(tx, h),
        None => Ok(None),
    }
}

/// The performances chosen, as the rules see them (those that exist).
pub fn chosen(tx: &Tx, performances: &[i64]) -> Result<Vec<Chosen>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT p.id, p.show_id, s.genre FROM performance p JOIN show s ON s.id = p.show_id
         WHERE p.id = ?1",
    )?;
    let mut out = Vec::with_capacity(performances.len());
    for p in performances {
        if let Some(c) = stmt
            .query_row([p], |r| {
                Ok(Chosen {
                    performance: r.get(0)?,
                    show: r.get(1)?,
                    genre: r.get(2)?,
                })
            })
            .optional()?
        {
            out.push(c);
        }
    }
    Ok(out)
}

/// The performances a pass covers still to come: those of its shows (any
/// when empty) on sale, starting from `from` to before `until` (instants,
/// seconds), their sales not closed at `now`; in order of their start (at
/// most `limit` and one more, to say there are too many).
pub fn covered(
    tx: &Tx,
    shows: &[i64],
    (from, until): (i64, i64),
    now: i64,
    limit: usize,
) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id, show_id FROM performance
         WHERE starts_at >= ?1 AND starts_at < ?2 AND status = 'on_sale'
           AND coalesce(sales_close_at, ends_at) > ?3
         ORDER BY starts_at, id",
    )?;
    let rows = stmt.query_map(params![from, until, now], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (performance, show) = row?;
        if shows.is_empty() || shows.contains(&show) {
            out.push(performance);
        }
        if out.len() > limit {
            break;
        }
    }
    Ok(out)
}

/// A pass as its card names it: the order that sold it on a terminal.
pub struct PassSold {
    pub id: i64,
    pub formula_id: i64,
}

/// The pass sold by order `number` of `terminal_id`'s chain, if it is one.
pub fn pass_of_order(
    tx: &Tx,
    terminal_id: i64,
    training: bool,
    number: i64,
) -> Result<Option<PassSold>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT s.id, s.formula_id FROM sale_order o
             JOIN subscription s ON s.order_id = o.id
             JOIN formula f ON f.id = s.formula_id
             WHERE o.terminal_id = ?1 AND o.training = ?2 AND o.number = ?3 AND f.kind = 'pass'",
            params![terminal_id, training, number],
            |r| {
                Ok(PassSold {
                    id: r.get(0)?,
                    formula_id: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// One of a pass's tickets as the door chooses among them.
#[derive(Clone, Debug)]
pub struct PassTicket {
    pub performance_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub id: i64,
    pub code: String,
    pub valid: bool,
}

/// Every ticket of a subscription's orders: by performance, then by
/// number (a card's place is its rank among them, whatever became of the
/// others: a card never moves onto another card's ticket).
pub fn pass_tickets(tx: &Tx, subscription_id: i64) -> Result<Vec<PassTicket>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT t.performance_id, p.starts_at, p.ends_at, t.id, t.code, t.status = 'valid'
         FROM ticket t
         JOIN order_line l ON l.id = t.order_line_id
         JOIN subscription_order so ON so.order_id = l.order_id
         JOIN performance p ON p.id = t.performance_id
         WHERE so.subscription_id = ?1
         ORDER BY p.starts_at, t.performance_id, t.terminal_id, t.number
         LIMIT 2000",
    )?;
    let rows = stmt.query_map([subscription_id], |r| {
        Ok(PassTicket {
            performance_id: r.get(0)?,
            starts_at: r.get(1)?,
            ends_at: r.get(2)?,
            id: r.get(3)?,
            code: r.get(4)?,
            valid: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A pass as its cards are signed and printed.
pub struct PassSale {
    pub formula_id: i64,
    /// The order that sold it: its id, terminal, number and chain.
    pub order_id: i64,
    pub terminal_id: i64,
    pub number: i64,
    pub training: bool,
    /// Its places at each performance (its cards).
    pub places: i64,
    /// The performances it was sold with.
    pub performances: i64,
    /// What all its places cost.
    pub price: Cents,
    /// Its places are numbered seats somewhere.
    pub seated: bool,
}

/// A subscription's sale, if it is a pass.
pub fn pass_sale(tx: &Tx, subscription_id: i64) -> Result<Option<PassSale>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT s.formula_id, o.id, o.terminal_id, o.number, o.training,
                    (SELECT count(*) FROM ticket t JOIN order_line l ON l.id = t.order_line_id
                     WHERE l.order_id = o.id AND t.performance_id =
                         (SELECT min(performance_id) FROM order_line WHERE order_id = o.id)),
                    (SELECT count(DISTINCT performance_id) FROM order_line WHERE order_id = o.id),
                    s.price,
                    EXISTS (SELECT 1 FROM ticket t JOIN order_line l ON l.id = t.order_line_id
                            WHERE l.order_id = o.id AND t.seat_id IS NOT NULL)
             FROM subscription s JOIN sale_order o ON o.id = s.order_id
             JOIN formula f ON f.id = s.formula_id
             WHERE s.id = ?1 AND f.kind = 'pass'",
            [subscription_id],
            |r| {
                Ok(PassSale {
                    formula_id: r.get(0)?,
                    order_id: r.get(1)?,
                    terminal_id: r.get(2)?,
                    number: r.get(3)?,
                    training: r.get(4)?,
                    places: r.get(5)?,
                    performances: r.get(6)?,
                    price: Cents(r.get(7)?),
                    seated: r.get(8)?,
                })
            },
        )
        .optional()?)
}

/// Whether an order holds a subscription's tickets.
pub fn of_order(tx: &Tx, order_id: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT 1 FROM subscription_order WHERE order_id = ?1")?
        .exists([order_id])?)
}

/// The live tickets of every subscription `order_id` holds tickets of,
/// across all their orders.
pub fn live_tickets_with(tx: &Tx, order_id: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM ticket t JOIN order_line l ON l.id = t.order_line_id
         WHERE t.status = 'valid' AND l.order_id IN (
             SELECT so.order_id FROM subscription_order so
             WHERE so.subscription_id IN
                 (SELECT subscription_id FROM subscription_order WHERE order_id = ?1))",
        [order_id],
        |r| r.get(0),
    )?)
}

/// The subscriptions an order holds tickets of.
pub fn of_order_ids(tx: &Tx, order_id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT subscription_id FROM subscription_order WHERE order_id = ?1")?;
    let ids = stmt
        .query_map([order_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// A subscription as a sale's record names it: its public id and its
/// formula's.
pub fn named(tx: &Tx, id: i64) -> Result<(String, String)> {
    Ok(tx.conn().query_row(
        "SELECT s.public_id, f.public_id FROM subscription s JOIN formula f ON f.id = s.formula_id
         WHERE s.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Every (subscription, order) pair as `verify` holds it to the records:
/// their public ids.
pub fn orders_for_verify(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.public_id, o.public_id FROM subscription_order so
         JOIN subscription s ON s.id = so.subscription_id
         JOIN sale_order o ON o.id = so.order_id",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An order holds a subscription's tickets.
pub fn add_order(tx: &Tx, subscription_id: i64, order_id: i64) -> Result<()> {
    tx.conn().execute(
        "INSERT OR IGNORE INTO subscription_order (subscription_id, order_id) VALUES (?1, ?2)",
        params![subscription_id, order_id],
    )?;
    Ok(())
}

/// A subscription's public id.
pub fn public_id_of(tx: &Tx, id: i64) -> Result<String> {
    Ok(tx.conn().query_row(
        "SELECT public_id FROM subscription WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

/// A subscription as its exchanges and refunds find it.
pub struct Held {
    pub id: i64,
    pub formula_id: i64,
    pub orders: Vec<i64>,
    pub training: bool,
}

/// A subscription by its public id: its formula and orders.
pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<Held>> {
    let found: Option<(i64, i64, bool)> = tx
        .conn()
        .query_row(
            "SELECT id, formula_id, training FROM subscription WHERE public_id = ?1",
            [public_id.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, formula_id, training)) = found else {
        return Ok(None);
    };
    let mut stmt = tx.conn().prepare_cached(
        "SELECT order_id FROM subscription_order WHERE subscription_id = ?1 ORDER BY order_id",
    )?;
    let orders = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Held {
        id,
        formula_id,
        orders,
        training,
    }))
}

/// A subscription sold.
pub struct NewSubscription<'a> {
    pub public_id: &'a str,
    pub formula_id: i64,
    pub order_id: i64,
    pub patron_id: Option<i64>,
    pub price: Cents,
    pub training: bool,
    pub created_at: i64,
}

pub fn insert(tx: &Tx, s: &NewSubscription) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO subscription (public_id, formula_id, order_id, patron_id, price, training,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            s.public_id,
            s.formula_id,
            s.order_id,
            s.patron_id,
            s.price.0,
            s.training,
            s.created_at
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// A subscription as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRow {
    pub public_id: String,
    pub formula: String,
    pub order_number: i64,
    pub patron_id: Option<i64>,
    pub price: Cents,
    /// Its performances' live tickets.
    pub tickets: i64,
    pub training: bool,
    pub created_at: i64,
    /// The start of its first performance (the season it is of).
    pub first_starts_at: Option<i64>,
}

/// Subscriptions, newest first: all, or a patron's (the first 500).
pub fn list(tx: &Tx, patron: Option<i64>) -> Result<Vec<SubscriptionRow>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.public_id, f.name, o.number, o.patron_id, s.price,
                (SELECT count(*) FROM ticket t JOIN order_line l ON l.id = t.order_line_id
                 JOIN subscription_order so ON so.order_id = l.order_id
                 WHERE so.subscription_id = s.id AND t.status = 'valid'),
                s.training, s.created_at,
                (SELECT min(p.starts_at) FROM ticket t
                 JOIN order_line l ON l.id = t.order_line_id
                 JOIN subscription_order so ON so.order_id = l.order_id
                 JOIN performance p ON p.id = t.performance_id
                 WHERE so.subscription_id = s.id AND t.status = 'valid')
         FROM subscription s
         JOIN formula f ON f.id = s.formula_id
         JOIN sale_order o ON o.id = s.order_id
         WHERE ?1 IS NULL OR o.patron_id = ?1
         ORDER BY s.id DESC LIMIT 500",
    )?;
    let rows = stmt.query_map([patron], |r| {
        Ok(SubscriptionRow {
            public_id: r.get(0)?,
            formula: r.get(1)?,
            order_number: r.get(2)?,
            patron_id: r.get(3)?,
            price: Cents(r.get(4)?),
            tickets: r.get(5)?,
            training: r.get(6)?,
            created_at: r.get(7)?,
            first_starts_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A subscription as `verify` holds it to its record: its id, its order's,
/// its formula's, its price, training or not.
pub type Verified = (String, String, String, i64, bool);

/// Every subscription as `verify` holds it to its record.
pub fn all_for_verify(tx: &Tx) -> Result<Vec<Verified>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT s.public_id, o.public_id, f.public_id, s.price, s.training
         FROM subscription s
         JOIN sale_order o ON o.id = s.order_id
         JOIN formula f ON f.id = s.formula_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

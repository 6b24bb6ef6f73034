//! The patron file: who came, how to reach them, what they consented to,
//! what was said to them, and the tokens search as you type looks up.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::{Result, Tx};

use crate::domain::patron::{ConsentChange, ConsentChannel, Need, Patron, PatronDetails};

const COLUMNS: &str = "p.id, p.public_id, p.first_name, p.last_name, p.email, p.phone, p.city,
     (SELECT count(*) FROM sale_order o WHERE o.patron_id = p.id AND o.training = 0)
       + (SELECT count(DISTINCT h.starts_at || char(31) || h.show) FROM past_attendance h
          WHERE h.patron_id = p.id),
     p.needs, coalesce((SELECT name FROM organisation g WHERE g.id = p.organisation_id), '')";

fn patron(r: &Row) -> rusqlite::Result<Patron> {
    Ok(Patron {
        id: r.get(0)?,
        public_id: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        city: r.get(6)?,
        orders: r.get(7)?,
        needs: Need::list(&r.get::<_, String>(8)?),
        organisation: r.get(9)?,
    })
}

/// The most words a search looks up.
pub const QUERY_WORDS: usize = 6;

/// The most patrons a search ranks: a short prefix ("du") matches
/// thousands; the first ones by the word typed are ranked, so each
/// keystroke costs the same whatever the size of the file.
pub const RANKED: usize = 200;

/// The SQL condition "p.id is a patron the search finds", and its
/// parameters (from `?first` on): every word starts one of the patron's
/// tokens (the longest word drives, the others are checked per patron), or
/// the whole text run together does (a phone or a postcode typed with
/// spaces). Anonymised patrons have no tokens, so they are never found.
pub(super) fn finds(words: &[String], joined: &str, first: usize) -> (String, Vec<String>) {
    let mut params: Vec<String> = Vec::new();
    let mut range = |prefix: &str| {
        let n = first + params.len();
        params.push(prefix.to_owned());
        params.push(format!("{prefix}\u{10FFFF}"));
        (n, n + 1)
    };
    // Digits and spaces only: one number, run together.
    let digits_only = joined.chars().all(|c| c.is_ascii_digit());
    let mut words: Vec<&str> = if digits_only {
        vec![joined]
    } else {
        words.iter().take(QUERY_WORDS).map(String::as_str).collect()
    };
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let Some((driver, others)) = words.split_first() else {
        return ("0".into(), params);
    };
    let (lo, hi) = range(driver);
    let mut sql = format!(
        "SELECT DISTINCT d.patron_id FROM patron_token d WHERE d.token >= ?{lo} AND d.token < ?{hi}"
    );
    for w in others {
        let (lo, hi) = range(w);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM patron_token t WHERE t.patron_id = d.patron_id
                          AND t.token >= ?{lo} AND t.token < ?{hi})"
        ));
    }
    let mut condition = format!("p.id IN (SELECT patron_id FROM ({sql} LIMIT {RANKED})");
    if !digits_only && words.len() > 1 && !joined.is_empty() {
        let (lo, hi) = range(joined);
        condition.push_str(&format!(
            " UNION SELECT patron_id FROM (SELECT DISTINCT patron_id FROM patron_token
               WHERE token >= ?{lo} AND token < ?{hi} LIMIT {RANKED})"
        ));
    }
    condition.push(')');
    (condition, params)
}

/// Patrons a search finds, the most loyal first (at most `limit`).
pub fn search(tx: &Tx, words: &[String], joined: &str, limit: i64) -> Result<Vec<Patron>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, values) = finds(words, joined, 1);
    let limit = limit.clamp(0, 1_000);
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM patron p WHERE {condition}
         ORDER BY 8 DESC, lower(p.last_name), lower(p.first_name) LIMIT {limit}"
    ))?;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), patron)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Replaces a patron's search tokens.
pub fn set_tokens(tx: &Tx, patron_id: i64, tokens: &BTreeSet<String>) -> Result<()> {
    tx.conn()
        .prepare_cached("DELETE FROM patron_token WHERE patron_id = ?1")?
        .execute([patron_id])?;
    let mut insert = tx
        .conn()
        .prepare_cached("INSERT OR IGNORE INTO patron_token (token, patron_id) VALUES (?1, ?2)")?;
    for t in tokens {
        insert.execute(params![t, patron_id])?;
    }
    Ok(())
}

/// A new patron with the details given; its id.
pub fn insert(tx: &Tx, public_id: &str, d: &PatronDetails, source: &str, now: i64) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO patron (public_id, first_name, last_name, email, phone, address, postcode,
                                 city, country, birth_year, language, categories, notes, needs,
                                 organisation_id, source, last_contact_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?17, ?17)",
        )?
        .execute(params![
            public_id,
            d.first_name,
            d.last_name,
            d.email,
            d.phone,
            d.address,
            d.postcode,
            d.city,
            d.country,
            d.birth_year,
            d.language,
            d.categories.join(","),
            d.notes,
            Need::stored(&d.needs),
            d.organisation_id,
            source,
            now
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

/// Changes a patron's details.
pub fn update(tx: &Tx, id: i64, d: &PatronDetails, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE patron SET first_name = ?2, last_name = ?3, email = ?4, phone = ?5,
                    address = ?6, postcode = ?7, city = ?8, country = ?9, birth_year = ?10,
                    language = ?11, categories = ?12, notes = ?13, needs = ?14,
                    organisation_id = ?15, updated_at = ?16
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            d.first_name,
            d.last_name,
            d.email,
            d.phone,
            d.address,
            d.postcode,
            d.city,
            d.country,
            d.birth_year,
            d.language,
            d.categories.join(","),
            d.notes,
            Need::stored(&d.needs),
            d.organisation_id,
            now
        ])?;
    Ok(())
}

pub fn count(tx: &Tx) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM patron WHERE anonymised_at IS NULL AND merged_into IS NULL",
        )?
        .query_row([], |r| r.get(0))?)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<Patron>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM patron p WHERE p.id = ?1"))?
        .query_row([id], patron)
        .optional()?)
}

/// A patron's record as the card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatronRow {
    pub id: i64,
    pub public_id: String,
    pub details: PatronDetails,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub anonymised_at: Option<DateTime<Utc>>,
    /// The patron this duplicate was merged into.
    pub merged_into: Option<i64>,
}

pub fn row(tx: &Tx, id: i64) -> Result<Option<PatronRow>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT id, public_id, first_name, last_name, email, phone, address, postcode, city,
                    country, birth_year, language, categories, notes, needs, organisation_id,
                    source, created_at, updated_at, last_contact_at, anonymised_at, merged_into
             FROM patron WHERE id = ?1",
        )?
        .query_row([id], |r| {
            let categories: String = r.get(12)?;
            Ok(PatronRow {
                id: r.get(0)?,
                public_id: r.get(1)?,
                details: PatronDetails {
                    first_name: r.get(2)?,
                    last_name: r.get(3)?,
                    email: r.get(4)?,
                    phone: r.get(5)?,
                    address: r.get(6)?,
                    postcode: r.get(7)?,
                    city: r.get(8)?,
                    country: r.get(9)?,
                    birth_year: r.get(10)?,
                    language: r.get(11)?,
                    categories: categories
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    notes: r.get(13)?,
                    needs: Need::list(&r.get::<_, String>(14)?),
                    organisation_id: r.get(15)?,
                },
                source: r.get(16)?,
                created_at: super::instant(r.get(17)?),
                updated_at: super::instant(r.get(18)?),
                last_contact_at: r.get::<_, Option<i64>>(19)?.map(super::instant),
                anonymised_at: r.get::<_, Option<i64>>(20)?.map(super::instant),
                merged_into: r.get(21)?,
            })
        })
        .optional()?)
}

/// Erases a patron: names, contacts, address, notes, needs and categories
/// gone, no search tokens, no contact log; the row stays (under its opaque
/// public id) for the sales that name it.
pub fn anonymise(tx: &Tx, id: i64, now: i64) -> Result<()> {
    // Their messages first, while their address is still known.
    super::outbox::forget_patron(tx, id)?;
    tx.conn().execute(
        "UPDATE patron SET first_name = '', last_name = '', email = '', phone = '', address = '',
                postcode = '', city = '', country = '', birth_year = NULL, categories = '',
                notes = '', needs = '', organisation_id = NULL, anonymised_at = ?2,
                updated_at = ?2
         WHERE id = ?1",
        params![id, now],
    )?;
    tx.conn()
        .execute("DELETE FROM patron_token WHERE patron_id = ?1", [id])?;
    tx.conn()
        .execute("DELETE FROM contact_log WHERE patron_id = ?1", [id])?;
    Ok(())
}

/// Patrons (not erased) with no contact since `before`: their last contact
/// (a purchase, their record made, the last ticket of their earlier
/// history) before it, and no entry at the door since. (id, public id,
/// name.)
pub fn inactive(tx: &Tx, before: i64) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = tx.conn().prepare(
        "SELECT p.id, p.public_id, trim(p.first_name || ' ' || p.last_name)
         FROM patron p
         WHERE p.anonymised_at IS NULL AND p.merged_into IS NULL
           AND coalesce(p.last_contact_at, p.created_at) < ?1
           AND NOT EXISTS (SELECT 1 FROM sale_order o
                           JOIN order_line l ON l.order_id = o.id
                           JOIN ticket t ON t.order_line_id = l.id
                           JOIN scan s ON s.ticket_id = t.id
                           WHERE o.patron_id = p.id AND s.outcome = 'admitted' AND s.at >= ?1)
         ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The patron (neither erased nor merged) with this e-mail, if any.
pub fn by_email(tx: &Tx, email: &str) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT id FROM patron WHERE lower(email) = lower(?1) AND email <> ''
               AND anonymised_at IS NULL AND merged_into IS NULL ORDER BY id LIMIT 1",
        )?
        .query_row([email.trim()], |r| r.get(0))
        .optional()?)
}

/// Patrons holding every one of these search tokens exactly (at most 50).
pub fn with_tokens(tx: &Tx, tokens: &[String]) -> Result<Vec<i64>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let sql = (1..=tokens.len())
        .map(|i| format!("SELECT patron_id FROM patron_token WHERE token = ?{i}"))
        .collect::<Vec<_>>()
        .join(" INTERSECT ");
    let mut stmt = tx.conn().prepare_cached(&format!("{sql} LIMIT 50"))?;
    let rows = stmt
        .query_map(params_from_iter(tokens.iter()), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// When a patron last bought (training aside).
pub fn last_purchase(tx: &Tx, id: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT max(created_at) FROM sale_order WHERE patron_id = ?1 AND training = 0",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Every consent change of a patron, oldest first.
pub fn consents(tx: &Tx, patron_id: i64) -> Result<Vec<ConsentChange>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT c.channel, c.granted, c.source, c.wording_version, coalesce(o.name, ''), c.at
         FROM consent c LEFT JOIN operator o ON o.id = c.operator_id
         WHERE c.patron_id = ?1 ORDER BY c.at, c.id",
    )?;
    let rows = stmt
        .query_map([patron_id], |r| {
            let channel: String = r.get(0)?;
            Ok((
                channel,
                r.get::<_, bool>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<(String, bool, String, String, String, i64)>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(channel, granted, source, wording_version, operator, at)| {
                Some(ConsentChange {
                    channel: ConsentChannel::from_code(&channel)?,
                    granted,
                    source,
                    wording_version,
                    operator,
                    at: super::instant(at),
                })
            },
        )
        .collect())
}

pub fn insert_consent(
    tx: &Tx,
    patron_id: i64,
    change: &ConsentChange,
    operator_id: Option<i64>,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO consent (patron_id, channel, granted, source, wording_version,
                                  operator_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            patron_id,
            change.channel.code(),
            change.granted,
            change.source,
            change.wording_version,
            operator_id,
            super::unix(change.at)
        ])?;
    Ok(())
}

/// A call, e-mail, letter, visit or note with a patron.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRow {
    pub kind: String,
    pub note: String,
    pub operator: String,
    pub at: DateTime<Utc>,
}

/// A patron's contact log, newest first.
pub fn contacts(tx: &Tx, patron_id: i64) -> Result<Vec<ContactRow>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT c.kind, c.note, coalesce(o.name, ''), c.at
         FROM contact_log c LEFT JOIN operator o ON o.id = c.operator_id
         WHERE c.patron_id = ?1 ORDER BY c.at DESC, c.id DESC",
    )?;
    let rows = stmt
        .query_map([patron_id], |r| {
            Ok(ContactRow {
                kind: r.get(0)?,
                note: r.get(1)?,
                operator: r.get(2)?,
                at: super::instant(r.get(3)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn insert_contact(
    tx: &Tx,
    patron_id: i64,
    kind: &str,
    note: &str,
    operator_id: i64,
    at: i64,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO contact_log (patron_id, kind, note, operator_id, at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![patron_id, kind, note, operator_id, at])?;
    Ok(())
}

/// What an order was paid, refunds taken off.
pub fn paid(tx: &Tx, order_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT coalesce(sum(amount), 0) FROM payment WHERE order_id = ?1")?
        .query_row([order_id], |r| r.get(0))?)
}

/// A ticket of a patron's history, with its order and performance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub order_id: i64,
    pub order_number: i64,
    pub terminal_id: i64,
    pub ordered_at: DateTime<Utc>,
    pub channel: String,
    pub order_total: i64,
    pub ticket_number: i64,
    pub performance_id: i64,
    pub show: String,
    pub genre: String,
    pub starts_at: DateTime<Utc>,
    pub tariff: String,
    pub price: i64,
    pub valid: bool,
    /// When the door first admitted it.
    pub admitted_at: Option<DateTime<Utc>>,
}

/// Every ticket a patron's orders hold (training excluded), newest order
/// first.
pub fn history(tx: &Tx, patron_id: i64) -> Result<Vec<HistoryRow>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT o.id, o.number, o.terminal_id, o.created_at, o.channel, o.total, t.number,
                p.id, s.title, s.genre, p.starts_at, tf.code, t.price, t.status = 'valid',
                (SELECT min(at) FROM scan WHERE ticket_id = t.id AND outcome = 'admitted')
         FROM sale_order o
         JOIN order_line l ON l.order_id = o.id
         JOIN ticket t ON t.order_line_id = l.id
         JOIN performance p ON p.id = t.performance_id
         JOIN show s ON s.id = p.show_id
         JOIN tariff tf ON tf.id = l.tariff_id
         WHERE o.patron_id = ?1 AND o.training = 0
         ORDER BY o.created_at DESC, o.id DESC, t.number",
    )?;
    let rows = stmt
        .query_map([patron_id], |r| {
            Ok(HistoryRow {
                order_id: r.get(0)?,
                order_number: r.get(1)?,
                terminal_id: r.get(2)?,
                ordered_at: super::instant(r.get(3)?),
                channel: r.get(4)?,
                order_total: r.get(5)?,
                ticket_number: r.get(6)?,
                performance_id: r.get(7)?,
                show: r.get(8)?,
                genre: r.get(9)?,
                starts_at: super::instant(r.get(10)?),
                tariff: r.get(11)?,
                price: r.get(12)?,
                valid: r.get(13)?,
                admitted_at: r.get::<_, Option<i64>>(14)?.map(super::instant),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A patron's last contact set (None: not known yet).
pub fn set_contact(tx: &Tx, id: i64, at: Option<i64>) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE patron SET last_contact_at = ?2 WHERE id = ?1")?
        .execute(params![id, at])?;
    Ok(())
}

/// A patron's last contact moved to `at` if that is later.
pub fn touch_contact(tx: &Tx, id: i64, at: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE patron SET last_contact_at = max(coalesce(last_contact_at, 0), ?2)
             WHERE id = ?1",
        )?
        .execute(params![id, at])?;
    Ok(())
}

/// Every patron neither erased nor merged, by id.
pub fn all_live(tx: &Tx) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare(
        "SELECT id FROM patron WHERE anonymised_at IS NULL AND merged_into IS NULL ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

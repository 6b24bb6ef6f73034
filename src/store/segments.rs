//! Segments of the patron file: a segment's conditions turned into a query,
//! the patrons it keeps with their visits, spend and last visit, and the
//! segments saved by name.

use rusqlite::types::Value as V;
use rusqlite::{params, params_from_iter};

use super::{Result, Tx};
use crate::domain::segment::{Segment, day_start, season_start};

/// A patron row a segment's query returns: id, first name, last name,
/// e-mail, phone, address, postcode, city, visits, spent, last visit.
pub type MemberRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
);

/// What a patron `p` paid (refunds taken off), and their tickets in the
/// previous system.
const SPENT: &str = "((SELECT coalesce(sum(y.amount), 0) FROM sale_order o
      JOIN payment y ON y.order_id = o.id WHERE o.patron_id = p.id AND o.training = 0)
    + (SELECT coalesce(sum(h.price), 0) FROM past_attendance h WHERE h.patron_id = p.id))";

/// The valid tickets a patron `p` held here, for performances until ?1.
const OURS: &str = "FROM sale_order o JOIN order_line l ON l.order_id = o.id
    JOIN ticket t ON t.order_line_id = l.id JOIN performance f ON f.id = t.performance_id
    JOIN show s ON s.id = f.show_id
    WHERE o.patron_id = p.id AND o.training = 0 AND t.status = 'valid' AND f.starts_at <= ?1";
/// Their tickets in the previous system's history, until ?1.
const PAST: &str = "FROM past_attendance h WHERE h.patron_id = p.id AND h.starts_at <= ?1";

/// The performances a patron `p` held a ticket for, here or before.
fn visits() -> String {
    format!(
        "((SELECT count(DISTINCT f.id) {OURS})
          + (SELECT count(DISTINCT h.starts_at || char(31) || h.show) {PAST}))"
    )
}

/// Whether a patron `p` held a ticket (here or before) meeting `condition`,
/// written with `{at}` (the performance's instant), `{genre}` and `{show}`.
fn held(condition: &str) -> String {
    let ours = condition
        .replace("{at}", "f.starts_at")
        .replace("{genre}", "s.genre")
        .replace("{show}", "s.title");
    let past = condition
        .replace("{at}", "h.starts_at")
        .replace("{genre}", "h.genre")
        .replace("{show}", "h.show");
    format!("(EXISTS (SELECT 1 {OURS} AND {ours}) OR EXISTS (SELECT 1 {PAST} AND {past}))")
}

/// Runs a segment's query.
fn members(tx: &Tx, sql: &str, values: &[rusqlite::types::Value]) -> Result<Vec<MemberRow>> {
    let mut stmt = tx.conn().prepare(sql)?;
    let rows = stmt
        .query_map(params_from_iter(values.iter()), |r| {
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
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The patrons a segment keeps (consent aside), by name.
pub fn segment_members(
    tx: &Tx,
    segment: &Segment,
    now: i64,
    zone: chrono_tz::Tz,
) -> Result<Vec<MemberRow>> {
    let (sql, values) = segment_query(segment, now, zone);
    members(tx, &sql, &values)
}

/// The SQL that finds a segment's patrons (consent aside), with its
/// parameters.
fn segment_query(s: &Segment, now: i64, zone: chrono_tz::Tz) -> (String, Vec<V>) {
    let mut values: Vec<V> = vec![V::Integer(now)];
    let mut conditions = vec![
        "p.anonymised_at IS NULL".to_owned(),
        "p.merged_into IS NULL".to_owned(),
    ];
    conditions.extend(segment_conditions(s, zone, &mut values));
    let visits = visits();
    let sql = format!(
        "SELECT p.id, p.first_name, p.last_name, p.email, p.phone, p.address, p.postcode, p.city,
                {visits},
                {SPENT},
                nullif(max(coalesce((SELECT max(f.starts_at) {OURS}), 0),
                           coalesce((SELECT max(h.starts_at) {PAST}), 0)), 0)
         FROM patron p WHERE {}
         ORDER BY lower(p.last_name), lower(p.first_name), p.id",
        conditions.join(" AND ")
    );
    (sql, values)
}

/// The conditions of a segment on `p` (beside what every query holds),
/// their parameters added to `values`.
fn segment_conditions(s: &Segment, zone: chrono_tz::Tz, values: &mut Vec<V>) -> Vec<String> {
    let mut conditions = Vec::new();
    let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map_or(0, super::unix);
    let mut push = |v: V| {
        values.push(v);
        values.len()
    };
    let list = |push: &mut dyn FnMut(V) -> usize, items: Vec<V>| {
        items
            .into_iter()
            .map(|v| format!("?{}", push(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !s.genres.is_empty() {
        let l = list(
            &mut push,
            s.genres.iter().map(|g| V::Text(g.clone())).collect(),
        );
        conditions.push(held(&format!("{{genre}} IN ({l})")));
    }
    if !s.shows.is_empty() {
        let l = list(
            &mut push,
            s.shows.iter().map(|g| V::Text(g.clone())).collect(),
        );
        conditions.push(held(&format!("{{show}} IN ({l})")));
    }
    if !s.seasons.is_empty() {
        let mut any = Vec::new();
        for season in &s.seasons {
            let start = at(season_start(*season, zone));
            let end = at(season_start(*season + 1, zone));
            let (a, b) = (push(V::Integer(start)), push(V::Integer(end)));
            any.push(format!("({{at}} >= ?{a} AND {{at}} < ?{b})"));
        }
        conditions.push(held(&format!("({})", any.join(" OR "))));
    }
    if let Some(n) = s.min_visits {
        let i = push(V::Integer(i64::from(n)));
        conditions.push(format!("{} >= ?{i}", visits()));
    }
    if let Some(c) = s.min_spent {
        let i = push(V::Integer(c));
        conditions.push(format!("{SPENT} >= ?{i}"));
    }
    if let Some(d) = s.visited_since {
        let i = push(V::Integer(at(day_start(d, zone))));
        conditions.push(held(&format!("{{at}} >= ?{i}")));
    }
    if let Some(d) = s.not_since {
        let i = push(V::Integer(at(day_start(d, zone))));
        conditions.push(format!("NOT {}", held(&format!("{{at}} >= ?{i}"))));
    }
    if !s.postcodes.is_empty() {
        let mut any = Vec::new();
        for prefix in &s.postcodes {
            let folded: String = crate::domain::patron::fold_words(prefix).concat();
            let i = push(V::Text(format!("{folded}%")));
            any.push(format!("lower(replace(p.postcode, ' ', '')) LIKE ?{i}"));
        }
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if !s.categories.is_empty() {
        let mut any = Vec::new();
        for c in &s.categories {
            let i = push(V::Text(c.clone()));
            any.push(format!(
                "instr(',' || p.categories || ',', ',' || ?{i} || ',') > 0"
            ));
        }
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if let Some(y) = s.born_from {
        let i = push(V::Integer(i64::from(y)));
        conditions.push(format!("p.birth_year >= ?{i}"));
    }
    if let Some(y) = s.born_to {
        let i = push(V::Integer(i64::from(y)));
        conditions.push(format!("p.birth_year <= ?{i}"));
    }
    if let Some(c) = &s.channel {
        let i = push(V::Text(c.clone()));
        conditions.push(format!(
            "(EXISTS (SELECT 1 FROM sale_order o WHERE o.patron_id = p.id AND o.training = 0
                      AND o.channel = ?{i})
              OR EXISTS (SELECT 1 FROM past_attendance h WHERE h.patron_id = p.id
                         AND h.channel = ?{i}))"
        ));
    }
    if let Some(org) = s.organisation {
        let i = push(V::Integer(org));
        conditions.push(format!("p.organisation_id = ?{i}"));
    }
    conditions
}

/// The saved segments: (name, filter as JSON), by name.
pub fn segments(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT name, filter FROM segment ORDER BY lower(name)")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn save_segment(tx: &Tx, name: &str, filter: &str, now: i64) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO segment (name, filter, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET filter = excluded.filter, updated_at = excluded.updated_at",
        params![name, filter, now],
    )?;
    Ok(())
}

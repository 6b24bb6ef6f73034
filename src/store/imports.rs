//! Orders from outside sellers: what their events and products are here,
//! every order an import has met, and the sellers' ticket codes the door
//! accepts.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// What a seller's event or product is here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingRow {
    pub source: String,
    /// "event" or "product".
    pub kind: String,
    pub external: String,
    pub label: String,
    /// The performance or tariff, once the coordinator has said.
    pub target: Option<i64>,
}

/// Remembers that a seller has this event or product (its name there),
/// keeping what it was mapped to.
pub fn meet_mapping(tx: &Tx, source: &str, kind: &str, external: &str, label: &str) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO import_mapping (source, kind, external, label) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source, kind, external) DO UPDATE SET label = excluded.label
             WHERE excluded.label <> ''",
        )?
        .execute(params![source, kind, external, label])?;
    Ok(())
}

/// What the seller's event or product is mapped to (None: never met;
/// Some(None): met, not mapped).
pub fn target(tx: &Tx, source: &str, kind: &str, external: &str) -> Result<Option<Option<i64>>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT target FROM import_mapping WHERE source = ?1 AND kind = ?2 AND external = ?3",
        )?
        .query_row(params![source, kind, external], |r| r.get(0))
        .optional()?)
}

/// Maps a seller's event or product; false when no import has met it.
pub fn set_target(
    tx: &Tx,
    source: &str,
    kind: &str,
    external: &str,
    target: Option<i64>,
) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE import_mapping SET target = ?4 WHERE source = ?1 AND kind = ?2 AND external = ?3",
        params![source, kind, external, target],
    )?;
    Ok(n == 1)
}

/// Every mapping, unmapped ones first, by seller.
pub fn mappings(tx: &Tx) -> Result<Vec<MappingRow>> {
    let mut stmt = tx.conn().prepare(
        "SELECT source, kind, external, label, target FROM import_mapping
         ORDER BY target IS NOT NULL, source, kind, label, external",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(MappingRow {
                source: r.get(0)?,
                kind: r.get(1)?,
                external: r.get(2)?,
                label: r.get(3)?,
                target: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An outside order as an import left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    pub id: i64,
    pub source: String,
    pub external: String,
    pub channel: String,
    pub state: String,
    pub order_id: Option<i64>,
    pub fingerprint: String,
    pub payload: String,
    pub problem: Option<String>,
    pub note: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub seen_at: i64,
}

const COLUMNS: &str = "i.id, i.source, i.external, i.channel, i.state, i.order_id, i.fingerprint,
     i.payload, i.problem, i.note, o.name, i.decided_at, i.seen_at";

fn import_row(r: &rusqlite::Row) -> rusqlite::Result<ImportRow> {
    Ok(ImportRow {
        id: r.get(0)?,
        source: r.get(1)?,
        external: r.get(2)?,
        channel: r.get(3)?,
        state: r.get(4)?,
        order_id: r.get(5)?,
        fingerprint: r.get(6)?,
        payload: r.get(7)?,
        problem: r.get(8)?,
        note: r.get(9)?,
        decided_by: r.get(10)?,
        decided_at: r.get(11)?,
        seen_at: r.get(12)?,
    })
}

/// The seller's order `external`, if an import has met it: its state and
/// fingerprint only (what a re-import compares).
pub fn met(tx: &Tx, source: &str, external: &str) -> Result<Option<(i64, String, String)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT id, state, fingerprint FROM import_order WHERE source = ?1 AND external = ?2",
        )?
        .query_row(params![source, external], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<ImportRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM import_order i LEFT JOIN operator o ON o.id = i.decided_by
             WHERE i.id = ?1"
        ))?
        .query_row([id], import_row)
        .optional()?)
}

/// Outside orders in `state` (all when None), newest first.
pub fn list(tx: &Tx, state: Option<&str>, limit: i64) -> Result<Vec<ImportRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM import_order i LEFT JOIN operator o ON o.id = i.decided_by
         WHERE ?1 IS NULL OR i.state = ?1 ORDER BY i.seen_at DESC, i.id DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![state, limit], import_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many outside orders are in each state.
pub fn counts(tx: &Tx) -> Result<Vec<(String, i64)>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT state, count(*) FROM import_order GROUP BY state ORDER BY state")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub struct NewImport<'a> {
    pub source: &'a str,
    pub external: &'a str,
    pub channel: &'a str,
    pub state: &'a str,
    pub order_id: Option<i64>,
    pub fingerprint: &'a str,
    pub payload: &'a str,
    pub problem: Option<&'a str>,
    pub seen_at: i64,
}

pub fn insert(tx: &Tx, n: &NewImport) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO import_order (source, external, channel, state, order_id, fingerprint,
                                       payload, problem, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            n.source,
            n.external,
            n.channel,
            n.state,
            n.order_id,
            n.fingerprint,
            n.payload,
            n.problem,
            n.seen_at
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

/// A person's decision on an outside order (or the seller's cancellation,
/// by nobody: who decided before stays): its new state, the order it
/// became, a note, who and when.
pub struct Decision<'a> {
    pub state: &'a str,
    pub order_id: Option<i64>,
    pub note: &'a str,
    pub by: Option<i64>,
    pub at: i64,
}

pub fn decide(tx: &Tx, id: i64, d: &Decision) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE import_order SET state = ?2, order_id = ?3, note = ?4,
                                     decided_by = coalesce(?5, decided_by),
                                     decided_at = CASE WHEN ?5 IS NULL THEN decided_at ELSE ?6 END
             WHERE id = ?1",
        )?
        .execute(params![id, d.state, d.order_id, d.note, d.by, d.at])?;
    Ok(())
}

/// What is kept of an outside order, and its fingerprint, after it landed
/// or changed.
pub fn keep(tx: &Tx, source: &str, external: &str, fingerprint: &str, payload: &str) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE import_order SET fingerprint = ?3, payload = ?4
             WHERE source = ?1 AND external = ?2",
        )?
        .execute(params![source, external, fingerprint, payload])?;
    Ok(())
}

pub fn insert_external_code(tx: &Tx, hash: &str, ticket_id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("INSERT INTO external_code (hash, ticket_id) VALUES (?1, ?2)")?
        .execute(params![hash, ticket_id])?;
    Ok(())
}

/// Whether a seller's code (its hash) is already a ticket's here.
pub fn external_code_known(tx: &Tx, hash: &str) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM external_code WHERE hash = ?1)")?
        .query_row([hash], |r| r.get(0))?)
}

/// The Guichet code and the order of the ticket a seller's code (its
/// hash) stands for.
pub fn ticket_of_external(tx: &Tx, hash: &str) -> Result<Option<(String, i64)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT t.code, l.order_id FROM external_code e
             JOIN ticket t ON t.id = e.ticket_id
             JOIN order_line l ON l.id = t.order_line_id
             WHERE e.hash = ?1",
        )?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The orders an outside order number (of any seller) became here.
pub fn orders_of_external(tx: &Tx, external: &str) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT order_id FROM import_order WHERE external = ?1 AND order_id IS NOT NULL",
    )?;
    let rows = stmt
        .query_map([external], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A seat no longer waits in any basket (an imported order took it).
pub fn take_from_carts(tx: &Tx, performance_id: i64, seat_id: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("DELETE FROM cart_seat WHERE performance_id = ?1 AND seat_id = ?2")?
        .execute(params![performance_id, seat_id])?;
    Ok(())
}

/// A seat of a seller's seating plan: its id there, its zone, row and
/// number as the plan names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSeat {
    pub guid: String,
    pub zone: String,
    pub row: String,
    pub number: String,
}

/// Adds what a seller's seating plan says (a seat met before is updated:
/// an event series may have a plan per date).
pub fn set_seller_seats(tx: &Tx, source: &str, seats: &[PlanSeat]) -> Result<()> {
    let mut upsert = tx.conn().prepare_cached(
        "INSERT INTO seller_seat (source, guid, zone, row, number) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (source, guid) DO UPDATE
         SET zone = excluded.zone, row = excluded.row, number = excluded.number",
    )?;
    for s in seats {
        upsert.execute(params![source, s.guid, s.zone, s.row, s.number])?;
    }
    Ok(())
}

/// A seat the seller gives by its own id, if a plan of its named it.
pub fn seller_seat(tx: &Tx, source: &str, guid: &str) -> Result<Option<PlanSeat>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT zone, row, number FROM seller_seat WHERE source = ?1 AND guid = ?2",
        )?
        .query_row([source, guid], |r| {
            Ok(PlanSeat {
                guid: guid.to_owned(),
                zone: r.get(0)?,
                row: r.get(1)?,
                number: r.get(2)?,
            })
        })
        .optional()?)
}

/// How many seats of a seller's plan are known.
pub fn seller_seats(tx: &Tx, source: &str) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT count(*) FROM seller_seat WHERE source = ?1")?
        .query_row([source], |r| r.get(0))?)
}

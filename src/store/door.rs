//! The door's SQL: tickets as the door sees them, scans, who is in.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::admission::{Count, Outcome, ScanLine};

/// A ticket with what the steward is told about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorTicket {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub order_id: i64,
    pub performance_id: i64,
    pub seat_id: Option<i64>,
    pub slot_id: Option<i64>,
    pub code: String,
    pub valid: bool,
    pub cancelled_at: Option<i64>,
    pub tariff_code: String,
    pub tariff_name: String,
    pub requires_proof: bool,
    pub category: String,
    pub patron: Option<String>,
}

const DOOR_TICKET: &str =
    "t.id, t.public_id, t.number, l.order_id, t.performance_id, t.seat_id, t.slot_id,
     t.code, t.status = 'valid', t.cancelled_at, tf.code, tf.name, tf.requires_proof, c.name,
     trim(p.first_name || ' ' || p.last_name)
     FROM ticket t
     JOIN order_line l ON l.id = t.order_line_id
     JOIN tariff tf ON tf.id = l.tariff_id
     JOIN price_category c ON c.id = l.category_id
     JOIN sale_order o ON o.id = l.order_id
     LEFT JOIN patron p ON p.id = o.patron_id";

fn door_ticket(r: &Row) -> rusqlite::Result<DoorTicket> {
    Ok(DoorTicket {
        id: r.get(0)?,
        public_id: r.get(1)?,
        number: r.get(2)?,
        order_id: r.get(3)?,
        performance_id: r.get(4)?,
        seat_id: r.get(5)?,
        slot_id: r.get(6)?,
        code: r.get(7)?,
        valid: r.get(8)?,
        cancelled_at: r.get(9)?,
        tariff_code: r.get(10)?,
        tariff_name: r.get(11)?,
        requires_proof: r.get(12)?,
        category: r.get(13)?,
        patron: r.get::<_, Option<String>>(14)?.filter(|n| !n.is_empty()),
    })
}

/// A (non-training) ticket by the terminal that sold it and its number.
pub fn ticket(
    tx: &Tx,
    terminal_id: i64,
    number: i64,
    training: bool,
) -> Result<Option<DoorTicket>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {DOOR_TICKET} WHERE t.terminal_id = ?1 AND t.training = ?3 AND t.number = ?2"
        ))?
        .query_row(params![terminal_id, number, training], door_ticket)
        .optional()?)
}

/// When the database was restored from a backup that lost ticket `number`
/// of terminal `terminal_id` (its `restored` record's range): the record's
/// time, milliseconds since the epoch.
pub fn lost_at_restore(tx: &Tx, terminal_id: i64, number: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT recorded FROM ledger
              WHERE terminal_id = ?1 AND kind = 'restored'
                AND ?2 >= json_extract(body, '$.data.tickets_from')
                AND ?2 < json_extract(body, '$.data.next_ticket')
              ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![terminal_id, number], |r| r.get(0))
        .optional()?)
}

pub fn ticket_by_id(tx: &Tx, id: i64) -> Result<Option<DoorTicket>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {DOOR_TICKET} WHERE t.id = ?1"))?
        .query_row([id], door_ticket)
        .optional()?)
}

/// The live tickets of a performance, for the door list: by patron (last
/// name, first name; tickets without a patron last), then by number.
pub fn tickets_of_performance(tx: &Tx, performance_id: i64) -> Result<Vec<DoorTicket>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {DOOR_TICKET}
         WHERE t.performance_id = ?1 AND t.status = 'valid' AND t.training = 0
         ORDER BY p.id IS NULL, lower(p.last_name), lower(p.first_name), t.number"
    ))?;
    let rows = stmt
        .query_map([performance_id], door_ticket)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A ticket as its scans name it: sold here (its row) or elsewhere (its
/// public id, from the door list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scanned<'a> {
    Here(i64),
    Elsewhere(&'a str),
}

/// The latest entry event of a ticket at this terminal's doors: (admitted
/// or undone, at, door).
pub fn last_entry(
    tx: &Tx,
    ticket: Scanned,
) -> Result<Option<(Outcome, chrono::DateTime<chrono::Utc>, String)>> {
    let (column, key): (&str, &dyn rusqlite::ToSql) = match &ticket {
        Scanned::Here(id) => ("ticket_id", id),
        Scanned::Elsewhere(public_id) => ("door_ticket", public_id),
    };
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT outcome, at, door FROM scan
             WHERE {column} = ?1 AND (outcome = 'admitted' OR outcome = 'undone')
             ORDER BY at DESC, id DESC LIMIT 1"
        ))?
        .query_row([key], |r| {
            Ok((
                super::code(r, 0, Outcome::from_code)?,
                super::instant(r.get(1)?),
                r.get(2)?,
            ))
        })
        .optional()?)
}

pub struct NewScan<'a> {
    pub public_id: &'a str,
    pub ticket_id: Option<i64>,
    /// A ticket sold elsewhere: its public id.
    pub door_ticket: Option<&'a str>,
    pub performance_id: Option<i64>,
    pub code: &'a str,
    pub outcome: Outcome,
    /// Admitted knowing the holder had entered before.
    pub reentry: bool,
    /// An undo: the admission (its public id) it takes back.
    pub undoes: Option<&'a str>,
    pub manual: bool,
    pub door: &'a str,
    pub operator_id: i64,
    pub at: i64,
}

pub fn insert_scan(tx: &Tx, s: &NewScan) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO scan (public_id, ticket_id, performance_id, code, outcome, manual, door,
                               operator_id, at, door_ticket, reentry, undoes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            s.public_id,
            s.ticket_id,
            s.performance_id,
            s.code,
            s.outcome.code(),
            s.manual,
            s.door,
            s.operator_id,
            s.at,
            s.door_ticket,
            s.reentry,
            s.undoes
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn counts(tx: &Tx, performance_id: i64) -> Result<Vec<Count>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT c.name, count(*),
                sum((SELECT s.outcome = 'admitted' FROM scan s
                     WHERE s.ticket_id = t.id AND (s.outcome = 'admitted' OR s.outcome = 'undone')
                     ORDER BY s.at DESC, s.id DESC LIMIT 1) IS 1)
         FROM ticket t
         JOIN order_line l ON l.id = t.order_line_id
         JOIN price_category c ON c.id = l.category_id
         WHERE t.performance_id = ?1 AND t.status = 'valid' AND t.training = 0
         GROUP BY c.id ORDER BY c.position, c.code",
    )?;
    let count = |r: &Row| {
        Ok(Count {
            category: r.get(0)?,
            expected: r.get(1)?,
            entered: r.get(2)?,
        })
    };
    let mut rows: Vec<Count> = stmt
        .query_map([performance_id], count)?
        .collect::<rusqlite::Result<_>>()?;
    // The tickets other terminals sold, from the door list: entered here,
    // or through another door before the list was pulled.
    let mut elsewhere = tx.conn().prepare_cached(
        "SELECT d.category, count(*),
                sum(d.entered_at IS NOT NULL OR (SELECT s.outcome = 'admitted' FROM scan s
                     WHERE s.door_ticket = d.public_id
                       AND (s.outcome = 'admitted' OR s.outcome = 'undone')
                     ORDER BY s.at DESC, s.id DESC LIMIT 1) IS 1)
         FROM door_ticket d JOIN performance p ON p.public_id = d.performance
         WHERE p.id = ?1 AND d.cancelled = 0
         GROUP BY d.category ORDER BY d.category",
    )?;
    for c in elsewhere.query_map([performance_id], count)? {
        let c = c?;
        match rows.iter_mut().find(|x| x.category == c.category) {
            Some(x) => {
                x.expected += c.expected;
                x.entered += c.entered;
            }
            None => rows.push(c),
        }
    }
    Ok(rows)
}

const SCAN: &str = "s.id, s.ticket_id, coalesce(t.number, d.number), s.outcome, s.manual,
     s.door, s.at
     FROM scan s LEFT JOIN ticket t ON t.id = s.ticket_id
     LEFT JOIN door_ticket d ON d.public_id = s.door_ticket";

fn scan_row(r: &Row) -> rusqlite::Result<ScanLine> {
    Ok(ScanLine {
        id: r.get(0)?,
        ticket_id: r.get(1)?,
        ticket_number: r.get(2)?,
        outcome: Outcome::from_code(&r.get::<_, String>(3)?),
        manual: r.get(4)?,
        door: r.get(5)?,
        at: super::instant(r.get(6)?),
    })
}

/// The latest scans at a door, newest first.
pub fn recent(tx: &Tx, door: &str, limit: i64) -> Result<Vec<ScanLine>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {SCAN} WHERE s.door = ?1 ORDER BY s.id DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![door, limit], scan_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The latest admission at a door that is still standing (not undone).
pub fn last_admission(tx: &Tx, door: &str) -> Result<Option<ScanLine>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {SCAN} WHERE s.door = ?1 AND s.outcome = 'admitted'
               AND NOT EXISTS (SELECT 1 FROM scan u WHERE u.outcome = 'undone'
                               AND (u.undoes = s.public_id
                                    OR (u.undoes IS NULL AND u.ticket_id = s.ticket_id
                                        AND u.id > s.id)))
             ORDER BY s.id DESC LIMIT 1"
        ))?
        .query_row([door], scan_row)
        .optional()?)
}

/// A scan's public id, the code it read and its performance, by its row.
pub fn scan_read(tx: &Tx, id: i64) -> Result<Option<(String, String, Option<i64>)>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT public_id, code, performance_id FROM scan WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// Performances starting between two instants (a day at the venue).
/// Performances at the door: those starting in `[from, to)` (the venue's
/// day), and those whose doors are open at `now` (they start before
/// `now + open_before` and have not ended), which a show after midnight or
/// one running past it needs. By start.
pub fn performances_at_door(
    tx: &Tx,
    from: i64,
    to: i64,
    now: i64,
    open_before: i64,
) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id FROM performance
         WHERE (starts_at >= ?1 AND starts_at < ?2)
            OR (starts_at <= ?3 + ?4 AND ends_at > ?3)
         ORDER BY starts_at",
    )?;
    let rows = stmt
        .query_map(params![from, to, now, open_before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

//! Invitations: the places a performance sets aside per kind of requester,
//! and each request with where it stands.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::invitation::{RequesterKind, Status};

/// A request as the file keeps it, with its performance's and its asker's
/// names for the lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationRow {
    pub id: i64,
    pub public_id: String,
    pub performance_id: i64,
    pub performance: String,
    pub performance_starts_at: i64,
    pub kind: RequesterKind,
    pub requester: String,
    pub patron_id: Option<i64>,
    pub places: i64,
    pub note: String,
    pub asked_by: String,
    pub asked_at: i64,
    pub status: Status,
    pub decided_at: Option<i64>,
    /// Issued: its order's number.
    pub order_number: Option<i64>,
}

/// A new request.
pub struct NewInvitation<'a> {
    pub public_id: &'a str,
    pub performance_id: i64,
    pub kind: RequesterKind,
    pub requester: &'a str,
    pub patron_id: Option<i64>,
    pub places: i64,
    pub note: &'a str,
    pub asked_by: i64,
    pub asked_at: i64,
}

/// The places set aside at a performance, per kind (kinds with none set
/// are absent).
pub fn quotas(tx: &Tx, performance_id: i64) -> Result<Vec<(RequesterKind, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT requester_kind, places FROM invitation_quota WHERE performance_id = ?1
         ORDER BY requester_kind",
    )?;
    let rows = stmt.query_map([performance_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut quotas = Vec::new();
    for row in rows {
        let (kind, places) = row?;
        if let Some(kind) = RequesterKind::from_code(&kind) {
            quotas.push((kind, places));
        }
    }
    Ok(quotas)
}

/// Sets (Some) or removes (None) the places set aside for a kind.
pub fn set_quota(
    tx: &Tx,
    performance_id: i64,
    kind: RequesterKind,
    places: Option<i64>,
) -> Result<()> {
    match places {
        Some(places) => tx.conn().execute(
            "INSERT INTO invitation_quota (performance_id, requester_kind, places)
             VALUES (?1, ?2, ?3)
             ON CONFLICT (performance_id, requester_kind) DO UPDATE SET places = excluded.places",
            params![performance_id, kind.code(), places],
        )?,
        None => tx.conn().execute(
            "DELETE FROM invitation_quota WHERE performance_id = ?1 AND requester_kind = ?2",
            params![performance_id, kind.code()],
        )?,
    };
    Ok(())
}

/// Places issued to a kind of requester at a performance.
pub fn issued(tx: &Tx, performance_id: i64, kind: RequesterKind) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM invitation i
         JOIN order_line l ON l.order_id = i.order_id
         JOIN ticket t ON t.order_line_id = l.id
         WHERE i.performance_id = ?1 AND i.requester_kind = ?2 AND i.status = 'issued'
           AND t.status = 'valid' AND t.performance_id = ?1",
        params![performance_id, kind.code()],
        |r| r.get(0),
    )?)
}

pub fn insert(tx: &Tx, new: &NewInvitation) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO invitation (public_id, performance_id, requester_kind, requester,
                                     patron_id, places, note, asked_by, asked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            new.public_id,
            new.performance_id,
            new.kind.code(),
            new.requester,
            new.patron_id,
            new.places,
            new.note,
            new.asked_by,
            new.asked_at
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

/// Records the decision on a request still asked: issued (with its
/// order) or refused. False when it was no longer asked.
pub fn decide(
    tx: &Tx,
    id: i64,
    status: Status,
    (by, at): (i64, i64),
    order_id: Option<i64>,
) -> Result<bool> {
    let changed = tx.conn().execute(
        "UPDATE invitation SET status = ?2, decided_by = ?3, decided_at = ?4, order_id = ?5
         WHERE id = ?1 AND status = 'asked'",
        params![id, status.code(), by, at, order_id],
    )?;
    Ok(changed == 1)
}

const COLUMNS: &str = "i.id, i.public_id, i.performance_id, s.title, p.starts_at,
    i.requester_kind, i.requester, i.patron_id, i.places, i.note, o.name, i.asked_at,
    i.status, i.decided_at, so.number
    FROM invitation i
    JOIN performance p ON p.id = i.performance_id
    JOIN show s ON s.id = p.show_id
    JOIN operator o ON o.id = i.asked_by
    LEFT JOIN sale_order so ON so.id = i.order_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<InvitationRow> {
    let kind: String = r.get(5)?;
    let status: String = r.get(12)?;
    Ok(InvitationRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        performance_id: r.get(2)?,
        performance: r.get(3)?,
        performance_starts_at: r.get(4)?,
        kind: RequesterKind::from_code(&kind).unwrap_or(RequesterKind::Staff),
        requester: r.get(6)?,
        patron_id: r.get(7)?,
        places: r.get(8)?,
        note: r.get(9)?,
        asked_by: r.get(10)?,
        asked_at: r.get(11)?,
        status: Status::from_code(&status).unwrap_or(Status::Asked),
        decided_at: r.get(13)?,
        order_number: r.get(14)?,
    })
}

/// One request by its public id, or its number in the file.
pub fn find(tx: &Tx, id: &str) -> Result<Option<InvitationRow>> {
    let number: i64 = id.trim().parse().unwrap_or(-1);
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} WHERE i.public_id = ?1 OR i.id = ?2"
        ))?
        .query_row(params![id.trim(), number], row)
        .optional()?)
}

/// The requests, newest first: of a performance, of a requester (its name
/// containing `requester`, any case), or all; `limit` at most.
pub fn list(
    tx: &Tx,
    performance_id: Option<i64>,
    requester: Option<&str>,
    limit: i64,
) -> Result<Vec<InvitationRow>> {
    let pattern = requester.map(|r| {
        let escaped = r
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS}
         WHERE (?1 IS NULL OR i.performance_id = ?1)
           AND (?2 IS NULL OR i.requester LIKE ?2 ESCAPE '\\')
         ORDER BY i.asked_at DESC, i.id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![performance_id, pattern, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A request as `verify` holds it against its last signed record: the
/// fields the record signs, by public ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audited {
    pub public_id: String,
    pub performance: String,
    pub kind: String,
    pub patron: Option<String>,
    pub places: i64,
    pub status: String,
    pub order: Option<String>,
}

pub fn audited(tx: &Tx) -> Result<Vec<Audited>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT i.public_id, p.public_id, i.requester_kind, pa.public_id, i.places, i.status,
                so.public_id
         FROM invitation i
         JOIN performance p ON p.id = i.performance_id
         LEFT JOIN patron pa ON pa.id = i.patron_id
         LEFT JOIN sale_order so ON so.id = i.order_id
         ORDER BY i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Audited {
            public_id: r.get(0)?,
            performance: r.get(1)?,
            kind: r.get(2)?,
            patron: r.get(3)?,
            places: r.get(4)?,
            status: r.get(5)?,
            order: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

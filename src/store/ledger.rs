//! Ledger rows. Only inserts and reads: the schema's triggers refuse any
//! UPDATE or DELETE, and nothing here attempts one.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};

/// A ledger row as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerRow {
    pub terminal_id: i64,
    pub chain: String,
    pub seq: i64,
    pub kind: String,
    pub at: String,
    /// The same instant as `at`, in ms since the epoch (for ordering).
    pub recorded: i64,
    pub body: String,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
    pub signature: Vec<u8>,
}

const COLUMNS: &str =
    "terminal_id, chain, seq, kind, at, recorded, body, prev_hash, hash, signature";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        terminal_id: r.get(0)?,
        chain: r.get(1)?,
        seq: r.get(2)?,
        kind: r.get(3)?,
        at: r.get(4)?,
        recorded: r.get(5)?,
        body: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
        signature: r.get(9)?,
    })
}

/// The last record of a chain: its sequence number and hash.
pub fn head(tx: &Tx, terminal_id: i64, chain: &str) -> Result<Option<(i64, Vec<u8>)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT seq, hash FROM ledger WHERE terminal_id = ?1 AND chain = ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![terminal_id, chain], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// When the last record of a chain was made (ms since the epoch).
pub fn last_recorded(tx: &Tx, terminal_id: i64, chain: &str) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT recorded FROM ledger WHERE terminal_id = ?1 AND chain = ?2
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(params![terminal_id, chain], |r| r.get(0))
        .optional()?)
}

/// The first record of one of the indexed kinds (`cancellation`,
/// `key_rotated`, `terminal_enrolled`) of a terminal whose signed body holds
/// `needle` (a ticket's or a terminal's public id, a key in hex).
pub fn event_naming(
    tx: &Tx,
    terminal_id: i64,
    kind: &str,
    needle: &str,
) -> Result<Option<LedgerRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger
             WHERE terminal_id = ?1 AND kind = ?2 AND instr(body, ?3) > 0
               AND (kind = 'cancellation' OR kind = 'key_rotated' OR kind = 'terminal_enrolled')
             ORDER BY seq LIMIT 1"
        ))?
        .query_row(params![terminal_id, kind, needle], from_row)
        .optional()?)
}

/// The kind and time of record `seq` of a chain.
pub fn kind_at(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    seq: i64,
) -> Result<Option<(String, String)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT kind, at FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND seq = ?3",
        )?
        .query_row(params![terminal_id, chain, seq], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The hash of record `seq` of a chain.
pub fn hash_at(tx: &Tx, terminal_id: i64, chain: &str, seq: i64) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT hash FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND seq = ?3",
        )?
        .query_row(params![terminal_id, chain, seq], |r| r.get(0))
        .optional()?)
}

pub fn insert(tx: &Tx, row: &LedgerRow) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO ledger (terminal_id, chain, seq, kind, at, recorded, body, prev_hash, hash,
                                 signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            row.terminal_id,
            row.chain,
            row.seq,
            row.kind,
            row.at,
            row.recorded,
            row.body,
            row.prev_hash,
            row.hash,
            row.signature
        ])?;
    Ok(())
}

/// Number of records written by a terminal, all chains.
pub fn count(tx: &Tx, terminal_id: i64) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM ledger WHERE terminal_id = ?1",
        [terminal_id],
        |r| r.get(0),
    )?)
}

/// Every (terminal, chain) pair that has records, even of a terminal the
/// database no longer knows (a full scan: for verification).
pub fn chains(tx: &Tx) -> Result<Vec<(i64, String)>> {
    let mut stmt = tx
        .conn()
        .prepare("SELECT DISTINCT terminal_id, chain FROM ledger ORDER BY terminal_id, chain")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Walks a chain in sequence order without loading it whole; `visit`
/// returns false to stop early.
pub fn walk(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    mut visit: impl FnMut(LedgerRow) -> bool,
) -> Result<()> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE terminal_id = ?1 AND chain = ?2 ORDER BY seq"
    ))?;
    let mut rows = stmt.query(params![terminal_id, chain])?;
    while let Some(r) = rows.next()? {
        if !visit(from_row(r)?) {
            break;
        }
    }
    Ok(())
}

/// The newest records of every chain, newest first (for the Caisse screen):
/// the last ones of each chain by sequence, merged by time.
/// Records of every chain recorded from `since` (ms since the epoch), chain
/// by chain in their order, at most `limit`.
pub fn since(tx: &Tx, since: i64, limit: i64) -> Result<Vec<LedgerRow>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE recorded >= ?1
         ORDER BY terminal_id, chain, seq LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![since, limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The newest changes to the season, every terminal, newest first (through
/// the partial index `ledger_programmed`).
pub fn programmed(tx: &Tx, limit: i64) -> Result<Vec<LedgerRow>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE kind = 'programmed'
         ORDER BY recorded DESC LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map(params![limit], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn latest(tx: &Tx, limit: i64) -> Result<Vec<LedgerRow>> {
    let mut rows = Vec::new();
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE terminal_id = ?1 AND chain = ?2
         ORDER BY seq DESC LIMIT ?3"
    ))?;
    let mut known = tx.conn().prepare(
        "SELECT t.id, c.chain FROM terminal t, (SELECT 'fiscal' AS chain UNION ALL SELECT 'training') c
         WHERE EXISTS (SELECT 1 FROM ledger l WHERE l.terminal_id = t.id AND l.chain = c.chain)",
    )?;
    let chains: Vec<(i64, String)> = known
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (terminal, chain) in chains {
        let found = stmt
            .query_map(params![terminal, chain, limit], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.extend(found);
    }
    rows.sort_by(|a, b| b.recorded.cmp(&a.recorded).then(b.seq.cmp(&a.seq)));
    rows.truncate(limit.max(0) as usize);
    Ok(rows)
}

/// Visits records `from..=to` of a chain, in their order (until `visit`
/// says stop).
pub fn range(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    (from, to): (i64, i64),
    mut visit: impl FnMut(LedgerRow) -> bool,
) -> Result<()> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE terminal_id = ?1 AND chain = ?2
         AND seq BETWEEN ?3 AND ?4 ORDER BY seq"
    ))?;
    let mut rows = stmt.query(params![terminal_id, chain, from, to])?;
    while let Some(r) = rows.next()? {
        if !visit(from_row(r)?) {
            break;
        }
    }
    Ok(())
}

/// The last record of a chain recorded before `before` (ms since the
/// epoch), if any.
pub fn last_before(tx: &Tx, terminal_id: i64, chain: &str, before: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT max(seq) FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND recorded < ?3",
        )?
        .query_row(params![terminal_id, chain, before], |r| r.get(0))?)
}

/// The first sale or cancellation after record `after` of a chain: its
/// sequence number and when it was recorded (ms since the epoch).
pub fn first_money_after(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    after: i64,
) -> Result<Option<(i64, i64)>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT seq, recorded FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND seq > ?3
             AND kind IN ('sale', 'cancellation') ORDER BY seq LIMIT 1",
        )?
        .query_row(params![terminal_id, chain, after], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The records of an indexed kind (`closing`, `drawer`) of a chain, in their
/// order.
pub fn of_kind(tx: &Tx, terminal_id: i64, chain: &str, kind: Indexed) -> Result<Vec<LedgerRow>> {
    // The kind is written in the query so that its partial index serves.
    let kind = kind.code();
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND kind = '{kind}'
         ORDER BY seq"
    ))?;
    let rows = stmt
        .query_map(params![terminal_id, chain], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The record kinds a chain finds by a partial index of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indexed {
    Closing,
    Drawer,
    TrainingMode,
    Contingent,
    DoorList,
    Restored,
    Invitation,
}

impl Indexed {
    /// Written in queries as is, so that the kind's partial index serves.
    fn code(self) -> &'static str {
        match self {
            Indexed::Closing => "closing",
            Indexed::Drawer => "drawer",
            Indexed::TrainingMode => "training_mode",
            Indexed::Contingent => "contingent",
            Indexed::DoorList => "door_list",
            Indexed::Restored => "restored",
            Indexed::Invitation => "invitation",
        }
    }
}

/// The newest record of an indexed kind of a chain.
pub fn last_of_kind(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    kind: Indexed,
) -> Result<Option<LedgerRow>> {
    let kind = kind.code();
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger WHERE terminal_id = ?1 AND chain = ?2 AND kind = '{kind}'
             ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row(params![terminal_id, chain], from_row)
        .optional()?)
}

/// How many key changes a chain recorded before record `seq`: the key
/// signing it is the terminal's key of that number plus one.
pub fn rotations_before(tx: &Tx, terminal_id: i64, chain: &str, seq: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM ledger WHERE terminal_id = ?1 AND kind = 'key_rotated'
             AND chain = ?2 AND seq < ?3",
        )?
        .query_row(params![terminal_id, chain, seq], |r| r.get(0))?)
}

//! The outbox: messages for the outside world waiting for the network, and
//! what became of each (see the `outbox` table in schema.sql). Every change
//! of state is one statement guarded by the state it leaves, so two senders
//! (the window and `guichet outbox send`) never take the same message.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx, code};
use crate::domain::mail::{CLAIM_EXPIRES, HANDING_EXPIRES, MessageKind, OutboxState};

/// A message as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub public_id: String,
    pub key: String,
    pub kind: MessageKind,
    pub destination: String,
    pub language: String,
    pub order_id: Option<i64>,
    pub payload: String,
    pub state: OutboxState,
    pub created_at: i64,
    pub created_by: Option<i64>,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub server_reply: Option<String>,
}

const COLUMNS: &str = "id, public_id, key, kind, destination, language, order_id, payload, state,
     created_at, created_by, attempts, next_attempt_at, last_error, sent_at, server_reply";

fn from_row(r: &Row) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        key: r.get(2)?,
        kind: code(r, 3, MessageKind::parse)?,
        destination: r.get(4)?,
        language: r.get(5)?,
        order_id: r.get(6)?,
        payload: r.get(7)?,
        state: code(r, 8, OutboxState::parse)?,
        created_at: r.get(9)?,
        created_by: r.get(10)?,
        attempts: r.get(11)?,
        next_attempt_at: r.get(12)?,
        last_error: r.get(13)?,
        sent_at: r.get(14)?,
        server_reply: r.get(15)?,
    })
}

/// A message to queue.
#[derive(Clone, Debug)]
pub struct NewMessage<'a> {
    pub key: &'a str,
    pub kind: MessageKind,
    pub destination: &'a str,
    pub language: &'a str,
    pub order_id: Option<i64>,
    pub payload: &'a str,
    pub created_by: Option<i64>,
    pub at: i64,
}

/// Queues a message unless one with its key is queued already: the id of
/// the new row, or `None` (nothing written).
pub fn queue(tx: &Tx, m: &NewMessage) -> Result<Option<i64>> {
    let public_id = super::public_id(super::instant(m.at));
    let changed = tx.conn().execute(
        "INSERT INTO outbox (public_id, key, kind, destination, language, order_id, payload,
                             created_at, created_by, next_attempt_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8)
         ON CONFLICT (key) DO NOTHING",
        params![
            public_id,
            m.key,
            m.kind.code(),
            m.destination,
            m.language,
            m.order_id,
            m.payload,
            m.at,
            m.created_by
        ],
    )?;
    Ok((changed == 1).then(|| tx.conn().last_insert_rowid()))
}

pub fn by_key(tx: &Tx, key: &str) -> Result<Option<OutboxRow>> {
    Ok(tx
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE key = ?1"),
            [key],
            from_row,
        )
        .optional()?)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<OutboxRow>> {
    Ok(tx
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// The messages of an order, oldest first.
pub fn of_order(tx: &Tx, order_id: i64) -> Result<Vec<OutboxRow>> {
    let mut st = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE order_id = ?1 ORDER BY id"
    ))?;
    let rows = st.query_map([order_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest messages first, at most `limit`; `states` empty: all.
pub fn list(tx: &Tx, states: &[OutboxState], limit: i64) -> Result<Vec<OutboxRow>> {
    let mut st = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM outbox
         WHERE ?1 = '' OR instr(?1, ',' || state || ',') > 0
         ORDER BY id DESC LIMIT ?2"
    ))?;
    let filter = if states.is_empty() {
        String::new()
    } else {
        let codes: Vec<&str> = states.iter().map(|s| s.code()).collect();
        format!(",{},", codes.join(","))
    };
    let rows = st.query_map(params![filter, limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many messages are in each state.
pub fn counts(tx: &Tx) -> Result<Vec<(OutboxState, i64)>> {
    let mut st = tx
        .conn()
        .prepare_cached("SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state")?;
    let rows = st.query_map([], |r| Ok((code(r, 0, OutboxState::parse)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Messages not delivered yet (shown in the status bar): waiting or on
/// their way, and those a person must look at.
pub fn pending(tx: &Tx) -> Result<i64> {
    Ok(tx.conn().query_row(
        "SELECT count(*) FROM outbox WHERE state NOT IN ('sent', 'given_up')",
        [],
        |r| r.get(0),
    )?)
}

/// The ids of the messages waiting whose time has come (all waiting ones
/// when `all`), oldest first, at most `limit`.
pub fn due(tx: &Tx, now: i64, all: bool, limit: i64) -> Result<Vec<i64>> {
    let mut st = tx.conn().prepare_cached(
        "SELECT id FROM outbox WHERE state = 'waiting' AND (?2 OR next_attempt_at <= ?1)
         ORDER BY next_attempt_at, id LIMIT ?3",
    )?;
    let rows = st.query_map(params![now, all, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes a waiting message for sending, as the sender `claim`: whether
/// this sender has it (another may have taken it first). Every later step
/// checks the claim, so a sender whose message was taken back (it was too
/// slow) changes nothing.
pub fn claim(tx: &Tx, id: i64, claim: &str, now: i64) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'sending', claimed_at = ?2, claim = ?3
         WHERE id = ?1 AND state = 'waiting'",
        params![id, now, claim],
    )?;
    Ok(n == 1)
}

/// The server is ready for the message itself: from here a cut leaves it
/// uncertain. Whether this sender still has it.
pub fn handing(tx: &Tx, id: i64, claim: &str, now: i64) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'handing', claimed_at = ?3
         WHERE id = ?1 AND state = 'sending' AND claim = ?2",
        params![id, claim, now],
    )?;
    Ok(n == 1)
}

/// The server took the message: sent, even if it was meanwhile found
/// uncertain (its sender was slow, not dead). Whether it was this sender's.
pub fn sent(tx: &Tx, id: i64, claim: &str, now: i64, reply: &str) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'sent', sent_at = ?3, server_reply = ?4, attempts = attempts + 1,
                claimed_at = NULL, last_error = NULL
         WHERE id = ?1 AND claim = ?2 AND state IN ('sending', 'handing', 'uncertain')",
        params![id, claim, now, reply],
    )?;
    Ok(n == 1)
}

/// Not handed over, for a reason that may pass: back to waiting, tried
/// again at `next`.
pub fn failed(tx: &Tx, id: i64, claim: &str, error: &str, next: i64) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'waiting', attempts = attempts + 1, last_error = ?3,
                next_attempt_at = ?4, claimed_at = NULL
         WHERE id = ?1 AND claim = ?2 AND state IN ('sending', 'handing')",
        params![id, claim, error, next],
    )?;
    Ok(n == 1)
}

/// Refused for good.
pub fn given_up(tx: &Tx, id: i64, claim: &str, error: &str) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'given_up', attempts = attempts + 1, last_error = ?3,
                claimed_at = NULL
         WHERE id = ?1 AND claim = ?2 AND state IN ('sending', 'handing')",
        params![id, claim, error],
    )?;
    Ok(n == 1)
}

/// Cut while it was handed over.
pub fn uncertain(tx: &Tx, id: i64, claim: &str, error: &str) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'uncertain', attempts = attempts + 1, last_error = ?3,
                claimed_at = NULL
         WHERE id = ?1 AND claim = ?2 AND state = 'handing'",
        params![id, claim, error],
    )?;
    Ok(n == 1)
}

/// What senders that died left behind: a message still being talked about
/// for [`CLAIM_EXPIRES`] goes back to waiting (nothing of it was handed
/// over); one being handed over for [`HANDING_EXPIRES`] becomes uncertain.
/// Returns how many of each.
pub fn recover(tx: &Tx, now: i64, note: &str) -> Result<(usize, usize)> {
    let back = tx.conn().execute(
        "UPDATE outbox SET state = 'waiting', claimed_at = NULL
         WHERE state = 'sending' AND claimed_at <= ?1",
        [now - CLAIM_EXPIRES.num_seconds()],
    )?;
    let unsure = tx.conn().execute(
        "UPDATE outbox SET state = 'uncertain', last_error = ?2
         WHERE state = 'handing' AND claimed_at <= ?1",
        params![now - HANDING_EXPIRES.num_seconds(), note],
    )?;
    Ok((back, unsure))
}

/// A person puts a message given up or uncertain back in the queue, to be
/// sent at once: whether it was in such a state.
pub fn retry(tx: &Tx, id: i64, now: i64) -> Result<bool> {
    let n = tx.conn().execute(
        "UPDATE outbox SET state = 'waiting', next_attempt_at = ?2
         WHERE id = ?1 AND state IN ('given_up', 'uncertain')",
        params![id, now],
    )?;
    Ok(n == 1)
}

/// What erasing a patron does to the outbox: every message to their address
/// or about their orders loses the address (and the key that holds it), and
/// one still waiting will not leave.
pub fn forget_patron(tx: &Tx, patron_id: i64) -> Result<usize> {
    tx.conn()
        .execute(
            "UPDATE outbox
         SET state = CASE WHEN state IN ('waiting', 'sending', 'handing', 'uncertain')
                          THEN 'given_up' ELSE state END,
             last_error = CASE WHEN state = 'sent' THEN last_error
                               ELSE 'the patron was erased' END,
             destination = 'erased', key = 'erased:' || public_id
         WHERE order_id IN (SELECT id FROM sale_order WHERE patron_id = ?1)
            OR lower(destination) = (SELECT lower(email) FROM patron
                                     WHERE id = ?1 AND email <> '')",
            [patron_id],
        )
        .map_err(Into::into)
}

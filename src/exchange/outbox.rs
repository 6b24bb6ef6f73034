//! The outbox (DOMAIN.md §9): what is meant for the outside world is queued
//! in the database, in the transaction of what caused it, once per thing
//! and person (its key); a sender drains it when the network is there.
//!
//! Nothing is lost and nothing leaves twice: a message is taken by one
//! sender at a time (`sending`), marked `handing` just before the server
//! gets its bytes, and `sent` when the server took it. A failure before
//! `handing` puts it back to wait, tried again later with a growing delay
//! (a venue without network for days loses nothing); a cut while handing
//! leaves it `uncertain`, for a person to look at, since the server may
//! have taken it. A sender that died is found out later by the time of its
//! claim.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::mail::{self, MailError, compose, smtp};
use crate::domain::mail::{MessageKind, OutboxState, check_address, retry_delay};
use crate::domain::operator::Act;
use crate::operators::Operator;
use crate::store::outbox::{NewMessage, OutboxRow};
use crate::store::{self, Store, Tx};

/// The most messages one drain takes (a drain runs again a minute later).
pub const BATCH: i64 = 500;

/// What queuing did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Queued {
    /// Queued now, to this address.
    New { id: i64, to: String },
    /// The same message for the same person was queued before: nothing
    /// changed.
    Already {
        id: i64,
        to: String,
        state: OutboxState,
    },
}

/// Queues an order's tickets (the e-ticket), to `to` or to the order's
/// patron's address: a clerk's act at the counter, one key after the sale.
/// Transactional mail needs no marketing consent; an anonymised patron has
/// no address left.
pub fn queue_tickets(
    store: &mut Store,
    by: &Operator,
    order_id: i64,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Queued, MailError> {
    queue_for_order(store, by, MessageKind::ETicket, order_id, to, now)
}

/// Queues an order's receipt, on request.
pub fn queue_receipt(
    store: &mut Store,
    by: &Operator,
    order_id: i64,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Queued, MailError> {
    queue_for_order(store, by, MessageKind::Receipt, order_id, to, now)
}

fn queue_for_order(
    store: &mut Store,
    by: &Operator,
    kind: MessageKind,
    order_id: i64,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Queued, MailError> {
    if !by.role.may(Act::Mail) {
        return Err(MailError::NotAllowed(Act::Mail));
    }
    let to = to.map(check_address).transpose()?.map(str::to_owned);
    store.write(|tx| {
        let order = store::sales::order_by_id(tx, order_id)?
            .ok_or_else(|| MailError::NoOrder(order_id.to_string()))?;
        if order.training {
            return Err(MailError::Training(order.number));
        }
        let patron = match order.patron_id {
            Some(id) => store::patrons::row(tx, id)?,
            None => None,
        };
        let language = patron
            .as_ref()
            .map(|p| p.details.language.clone())
            .unwrap_or_else(|| "fr".to_owned());
        let address = match to {
            Some(to) => to,
            None => patron
                .as_ref()
                .filter(|p| p.anonymised_at.is_none())
                .map(|p| p.details.email.trim().to_owned())
                .filter(|e| !e.is_empty())
                .ok_or(MailError::NoAddress(order.number))?,
        };
        let address = check_address(&address)?.to_owned();
        if kind == MessageKind::ETicket
            && !store::sales::tickets_of_order(tx, order_id)?
                .iter()
                .any(|t| t.valid)
        {
            return Err(MailError::NoTickets(order.number));
        }
        let key = format!(
            "{}:{}:{}",
            kind.code(),
            order.public_id,
            address.to_lowercase()
        );
        queue_in(tx, &key, kind, &address, &language, Some(order_id), by, now)
    })
}

/// Queues a message in the caller's transaction (what caused it writes it
/// with itself): once per key.
#[allow(clippy::too_many_arguments)]
pub fn queue_in(
    tx: &Tx,
    key: &str,
    kind: MessageKind,
    to: &str,
    language: &str,
    order_id: Option<i64>,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Queued, MailError> {
    let new = NewMessage {
        key,
        kind,
        destination: to,
        language,
        order_id,
        payload: "{}",
        created_by: (!by.is_system).then_some(by.id),
        at: now.timestamp(),
    };
    Ok(match store::outbox::queue(tx, &new)? {
        Some(id) => Queued::New {
            id,
            to: to.to_owned(),
        },
        None => {
            let row = store::outbox::by_key(tx, key)?
                .ok_or_else(|| MailError::Compose(format!("message {key} vanished")))?;
            Queued::Already {
                id: row.id,
                to: row.destination,
                state: row.state,
            }
        }
    })
}

/// Queues a test message to `to` (an administrator checking the settings);
/// each test is a message of its own.
pub fn queue_test(
    store: &mut Store,
    by: &Operator,
    to: &str,
    now: DateTime<Utc>,
) -> Result<Queued, MailError> {
    if !by.role.may(Act::Administer) {
        return Err(MailError::NotAllowed(Act::Administer));
    }
    let to = check_address(to)?.to_owned();
    let key = format!("test:{}:{}", store::public_id(now), to.to_lowercase());
    store.write(|tx| queue_in(tx, &key, MessageKind::Test, &to, "fr", None, by, now))
}

/// A message as listed (the window's Envois, `guichet outbox`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: i64,
    pub kind: MessageKind,
    pub to: String,
    pub state: OutboxState,
    /// The order's number, when it is about one.
    pub order: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    /// When it is tried again (waiting after a failure).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The newest messages first (`states` empty: every state).
pub fn list(store: &Store, states: &[OutboxState], limit: i64) -> Result<Vec<Item>, MailError> {
    let limit = limit.clamp(1, 10_000);
    store.read(|tx| {
        let rows = store::outbox::list(tx, states, limit)?;
        rows.into_iter().map(|r| item(tx, r)).collect()
    })
}

fn item(tx: &Tx, r: OutboxRow) -> Result<Item, MailError> {
    let order = match r.order_id {
        Some(id) => store::sales::order_by_id(tx, id)?.map(|o| o.number),
        None => None,
    };
    Ok(Item {
        id: r.id,
        kind: r.kind,
        to: r.destination,
        state: r.state,
        order,
        created_at: store::instant(r.created_at),
        attempts: r.attempts,
        next_attempt_at: (r.state == OutboxState::Waiting && r.attempts > 0)
            .then(|| store::instant(r.next_attempt_at)),
        last_error: r.last_error,
        sent_at: r.sent_at.map(store::instant),
    })
}

/// The messages of an order (its card at the counter).
pub fn of_order(store: &Store, order_id: i64) -> Result<Vec<Item>, MailError> {
    store.read(|tx| {
        let rows = store::outbox::of_order(tx, order_id)?;
        rows.into_iter().map(|r| item(tx, r)).collect()
    })
}

/// Puts a message given up or uncertain back in the queue, to leave at the
/// next drain. For an uncertain one this may send it a second time: a
/// coordinator decides (after asking the patron, say).
pub fn retry(
    store: &mut Store,
    by: &Operator,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), MailError> {
    if !by.role.may(Act::RetryMail) {
        return Err(MailError::NotAllowed(Act::RetryMail));
    }
    store.write(|tx| {
        let row = store::outbox::by_id(tx, id)?.ok_or(MailError::NoMessage(id))?;
        if !row.state.may_retry() {
            return Err(MailError::NotRetryable {
                id,
                state: row.state.code(),
            });
        }
        store::outbox::retry(tx, id, now.timestamp())?;
        Ok(())
    })
}

/// What a drain did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Drained {
    pub sent: usize,
    /// Failed for now: waiting to be tried again.
    pub failed: usize,
    pub given_up: usize,
    pub uncertain: usize,
    /// Left by a sender that died: back to waiting, or uncertain.
    pub recovered: usize,
    /// Why the server could not be used, when it could not (every message
    /// then waits).
    pub server_error: Option<String>,
}

/// Sends what is due (everything waiting when `all`: a person asked), at
/// most [`BATCH`] messages, on one connection. `now` is read for each
/// step. With no server set, nothing is tried and the messages wait.
pub fn drain(
    store: &mut Store,
    now: &dyn Fn() -> DateTime<Utc>,
    all: bool,
) -> Result<Drained, MailError> {
    let mut done = Drained::default();
    let (back, unsure) = store.write(|tx| {
        store::outbox::recover(
            tx,
            now().timestamp(),
            "the sender stopped while handing it over",
        )
    })?;
    done.recovered = back + unsure;
    done.uncertain += unsure;
    let due = store.read(|tx| store::outbox::due(tx, now().timestamp(), all, BATCH))?;
    if due.is_empty() {
        return Ok(done);
    }
    let settings = mail::settings(store)?;
    if !settings.is_set() {
        return Err(MailError::NoServer);
    }
    let settings = settings.checked()?;
    let password = mail::read_password(store.path())?;
    // This sender's claim on the messages it takes.
    let claim = store::public_id(now());
    let mut session = match smtp::open(&settings, password.as_deref()) {
        Ok(s) => s,
        Err(fault) => {
            // Nothing left: each message waits, later each time.
            let reason = describe(&fault);
            for id in due {
                store.write(|tx| {
                    let at = now();
                    let Some(row) = store::outbox::by_id(tx, id)? else {
                        return Ok::<_, MailError>(());
                    };
                    if store::outbox::claim(tx, id, &claim, at.timestamp())? {
                        let next = (at + retry_delay(row.attempts + 1)).timestamp();
                        store::outbox::failed(tx, id, &claim, &reason, next)?;
                    }
                    Ok(())
                })?;
                done.failed += 1;
            }
            done.server_error = Some(reason);
            return Ok(done);
        }
    };
    for id in due {
        if !session.usable() {
            break;
        }
        send_one(store, &mut session, &settings, (id, &claim), now, &mut done)?;
    }
    session.close();
    Ok(done)
}

/// Takes one message, sends it, records what became of it.
fn send_one(
    store: &mut Store,
    session: &mut smtp::Session,
    settings: &crate::domain::mail::MailSettings,
    (id, claim): (i64, &str),
    now: &dyn Fn() -> DateTime<Utc>,
    done: &mut Drained,
) -> Result<(), MailError> {
    if !store.write(|tx| store::outbox::claim(tx, id, claim, now().timestamp()))? {
        return Ok(()); // another sender has it
    }
    let row = store
        .read(|tx| store::outbox::by_id(tx, id))?
        .ok_or(MailError::NoMessage(id))?;
    let retry_at = |at: DateTime<Utc>| (at + retry_delay(row.attempts + 1)).timestamp();
    let message = match compose::compose(store, &row, settings, now()) {
        Ok(m) => m,
        // The database busy or unreadable for a moment: tried again.
        Err(e @ MailError::Store(_)) => {
            let next = retry_at(now());
            store.write(|tx| store::outbox::failed(tx, id, claim, &e.to_string(), next))?;
            done.failed += 1;
            return Ok(());
        }
        // A message that cannot be made will not be made next time.
        Err(e) => {
            store.write(|tx| store::outbox::given_up(tx, id, claim, &e.to_string()))?;
            done.given_up += 1;
            return Ok(());
        }
    };
    let handed = session.send(&message, || {
        let at = now().timestamp();
        if store.write(|tx| store::outbox::handing(tx, id, claim, at))? {
            Ok(())
        } else {
            Err(MailError::TakenBack(id))
        }
    });
    let outcome = match handed {
        Ok(outcome) => outcome,
        // Taken back from this sender (it was too slow): not sent here;
        // the connection is closed, the next drain goes on.
        Err(MailError::TakenBack(_)) => return Ok(()),
        Err(e) => return Err(e),
    };
    let at = now();
    match outcome {
        Ok(reply) => {
            if store.write(|tx| store::outbox::sent(tx, id, claim, at.timestamp(), &reply))? {
                done.sent += 1;
            }
        }
        Err(smtp::Fault::Refused {
            permanent: true,
            reply,
        }) => {
            store.write(|tx| store::outbox::given_up(tx, id, claim, &reply))?;
            done.given_up += 1;
        }
        Err(fault @ smtp::Fault::CutWhileHanding(_)) => {
            store.write(|tx| store::outbox::uncertain(tx, id, claim, &describe(&fault)))?;
            done.uncertain += 1;
        }
        Err(fault) => {
            let next = retry_at(at);
            store.write(|tx| store::outbox::failed(tx, id, claim, &describe(&fault), next))?;
            done.failed += 1;
        }
    }
    Ok(())
}

/// A fault in words (English: the window words its states itself).
fn describe(fault: &smtp::Fault) -> String {
    match fault {
        smtp::Fault::Server(e) => format!("server: {e}"),
        smtp::Fault::Refused { reply, .. } => format!("refused: {reply}"),
        smtp::Fault::Cut(e) => format!("connection cut: {e}"),
        smtp::Fault::CutWhileHanding(e) => {
            format!("connection cut while handing the message over (it may have arrived): {e}")
        }
    }
}

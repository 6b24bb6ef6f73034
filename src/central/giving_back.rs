//! A terminal gives back what it did not sell by itself: a set time before
//! each performance (a setting of the terminal: a festival's remote point
//! of sale hands its seats back to the venue's counter before the show),
//! and once its day is closed (its Z, with no session opened since). It
//! does so only online: giving back connects first, so offline nothing is
//! written and it is tried again (the window at each minute's push, a
//! timer with `guichet central give-back --due`). Meanwhile Vente asks for
//! no more of a performance whose time came (a clerk may still borrow by
//! hand).

use chrono::{DateTime, Duration, Utc};

use super::CentralError;
use super::contingents::{self, Changed};
use crate::domain::operator::Act;
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// The setting: minutes before a performance (none: never by itself).
const BEFORE: &str = store::settings::GIVE_BACK_BEFORE;
/// At most a week before.
pub const MAX_MINUTES: u32 = 7 * 24 * 60;

/// How long before a performance this terminal gives back what it holds.
pub fn before(store: &Store) -> Result<Option<Duration>, CentralError> {
    Ok(store.read(before_in)?)
}

fn before_in(tx: &Tx) -> Result<Option<Duration>, store::StoreError> {
    let minutes = store::settings::get(tx, BEFORE)?.and_then(|m| m.parse::<u32>().ok());
    Ok(minutes
        .filter(|m| *m <= MAX_MINUTES)
        .map(|m| Duration::minutes(i64::from(m))))
}

/// Sets it (a coordinator): `None` never gives back by itself.
pub fn set_before(
    store: &mut Store,
    by: &Operator,
    minutes: Option<u32>,
) -> Result<(), CentralError> {
    if !by.role.may(Act::Program) {
        return Err(CentralError::NotAllowed(Act::Program));
    }
    if minutes.is_some_and(|m| m > MAX_MINUTES) {
        return Err(CentralError::GiveBackTooEarly(MAX_MINUTES));
    }
    let value = minutes.map(|m| m.to_string()).unwrap_or_default();
    Ok(store.write(|tx| store::settings::set(tx, BEFORE, &value))?)
}

/// Whether terminal `terminal_id` gives back now (and borrows no more of)
/// a performance starting at `starts_at`.
pub fn is_due(
    store: &Store,
    terminal_id: i64,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    store
        .read(|tx| due_in(tx, terminal_id, starts_at, now))
        .unwrap_or(false)
}

fn due_in(
    tx: &Tx,
    terminal_id: i64,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, CentralError> {
    if day_closed(tx, terminal_id)? {
        return Ok(true);
    }
    Ok(before_in(tx)?.is_some_and(|before| now >= starts_at - before))
}

/// The day is closed: the terminal's last Z is newer than the opening of
/// its last drawer session (a new session opens the next day's selling).
fn day_closed(tx: &Tx, terminal_id: i64) -> Result<bool, CentralError> {
    let Some(z) = store::closings::last(tx, terminal_id, false, "day")? else {
        return Ok(false);
    };
    let opened = match store::drawer::last_session(tx, terminal_id, false)? {
        Some(s) => store::drawer::session(tx, terminal_id, false, s.number)?
            .first()
            .map_or(0, |open| open.ledger_seq),
        None => 0,
    };
    Ok(z.ledger_seq > opened)
}

/// The pools held here (performances, or entry slots of timed ones, by
/// their names there), with something left to give back, whose time came:
/// a slot's time is its own start.
pub fn due(
    store: &Store,
    terminal_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<String>, CentralError> {
    let held = contingents::holding(store, now)?;
    store.read(|tx| -> Result<Vec<String>, CentralError> {
        let mut due = Vec::new();
        for h in held.iter().filter(|h| h.left > 0) {
            let Some(p) = store::performances::by_id(tx, h.performance_id)? else {
                continue;
            };
            if due_in(tx, terminal_id, h.slot.unwrap_or(p.starts_at), now)? {
                due.push(h.performance.clone());
            }
        }
        Ok(due)
    })
}

/// Gives back what is due, pool by pool (nothing due: nothing is asked of
/// the network).
pub fn give_back_due(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    let mut changed = Changed::default();
    for pool in due(store, signer.terminal_id, now)? {
        let c = contingents::give_back_pool(store, signer, by, &pool, now)?;
        changed.performances.extend(c.performances);
        changed.unknown.extend(c.unknown);
    }
    Ok(changed)
}

//! The terminal's cash drawer (DOMAIN.md §5): a session opened once a day
//! with a counted float, cash in and out with a reason, a count when the
//! drawer changes hands and one at the end of the day, each showing what
//! the drawer should hold, what was counted and the difference. Every step
//! is a signed `drawer` record and a row; sales and refunds need a session
//! opened today, and a day is closed (Z) once its drawer is counted.

use chrono::{DateTime, NaiveDate, Utc};

use super::TillError;
use crate::domain::drawer::{Counted, Expected, Movement, Step};
use crate::domain::journal::Chain;
use crate::domain::money::Currency;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx, drawer::DrawerRow};

const FISCAL: &str = "fiscal";

/// One step of a session as Caisse lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub step: Step,
    pub amount: i64,
    pub expected: Option<i64>,
    pub reason: String,
    pub to: String,
    pub at: DateTime<Utc>,
}

/// A session of the drawer: its steps and what it should hold now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub number: i64,
    pub day: NaiveDate,
    pub currency: Currency,
    pub steps: Vec<Done>,
    pub expected: Expected,
    /// Counted at the end: the session is over.
    pub counted: bool,
}

/// A count: what the drawer should hold, what was counted, the difference
/// (counted less expected: below zero, cash is missing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub session: i64,
    pub expected: i64,
    pub counted: i64,
    pub difference: i64,
}

fn venue(tx: &Tx) -> Result<(chrono_tz::Tz, Currency), TillError> {
    let v = store::venue::load(tx)?.ok_or(TillError::NoVenue)?;
    Ok((v.settings.time_zone, v.settings.currency))
}

/// The session of the terminal open now (opened and not counted at the
/// end), if any.
pub fn current(store: &Store, terminal_id: i64) -> Result<Option<Session>, TillError> {
    store.read(
        |tx| match store::drawer::last_session(tx, terminal_id, false)? {
            Some(s) if !s.counted => session_in(tx, terminal_id, s.number).map(Some),
            _ => Ok(None),
        },
    )
}

/// A session of the terminal by its number, with what it should hold.
pub fn session(store: &Store, terminal_id: i64, number: i64) -> Result<Session, TillError> {
    store.read(|tx| session_in(tx, terminal_id, number))
}

/// Whether this terminal must open its drawer before selling today: no
/// session is open, or the open one is an earlier day's.
pub fn to_open(store: &Store, terminal_id: i64, now: DateTime<Utc>) -> Result<bool, TillError> {
    store.read(|tx| {
        let Some(v) = store::venue::load(tx)? else {
            return Ok(false);
        };
        // Training handles no cash.
        if ledger::training_on(tx, terminal_id)? {
            return Ok(false);
        }
        let today = now.with_timezone(&v.settings.time_zone).date_naive();
        Ok(match store::drawer::last_session(tx, terminal_id, false)? {
            Some(s) if !s.counted => s.day != today,
            _ => true,
        })
    })
}

fn session_in(tx: &Tx, terminal_id: i64, number: i64) -> Result<Session, TillError> {
    let (_, currency) = venue(tx)?;
    let rows = store::drawer::session(tx, terminal_id, false, number)?;
    let seqs: Vec<i64> = rows.iter().map(|r| r.ledger_seq).collect();
    let signed = ledger::drawer::at(tx, terminal_id, FISCAL, &seqs)?
        .map_err(|ledger::closings::Unreadable(seq)| TillError::Unreadable(seq))?;
    let mut steps = Vec::new();
    for (row, record) in rows.iter().zip(&signed) {
        steps.push(Done {
            step: record.step,
            amount: record.amount,
            expected: record.expected,
            reason: record.reason.clone(),
            to: record.to.clone(),
            at: store::instant(row.at),
        });
    }
    let opened = rows.first().ok_or(TillError::NoSession)?;
    // Up to the count that ended the session, or to the chain's end.
    let counted = rows.iter().find(|r| r.step == Step::Count.code());
    let until = match counted {
        Some(c) => c.ledger_seq - 1,
        None => store::ledger::head(tx, terminal_id, FISCAL)?.map_or(0, |(seq, _)| seq),
    };
    let before: Vec<(i64, records::Drawer)> = seqs
        .iter()
        .copied()
        .zip(signed)
        .filter(|(_, d)| d.step != Step::Count)
        .collect();
    let expected = ledger::drawer::expected(tx, terminal_id, FISCAL, &before, until)?
        .map_err(|ledger::closings::Unreadable(seq)| TillError::Unreadable(seq))?;
    Ok(Session {
        number,
        day: NaiveDate::parse_from_str(&opened.day, "%Y-%m-%d").unwrap_or_default(),
        currency,
        steps,
        expected,
        counted: counted.is_some(),
    })
}

/// Writes a step: its signed record, then its row.
fn write(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    record: records::Drawer,
    now: DateTime<Utc>,
) -> Result<(), TillError> {
    let appended = ledger::append(
        tx,
        signer,
        Chain::Fiscal,
        &by.actor(),
        &Record::Drawer(record.clone()),
        now,
    )?;
    store::drawer::insert(
        tx,
        &DrawerRow {
            terminal_id: signer.terminal_id,
            training: false,
            session: record.session,
            day: record.day,
            step: record.step.code().to_owned(),
            amount: record.amount,
            expected: record.expected,
            operator_id: by.id,
            ledger_seq: appended.seq,
            at: store::unix(now),
        },
    )?;
    Ok(())
}

fn record(session: i64, day: &str, step: Step, amount: i64, currency: Currency) -> records::Drawer {
    records::Drawer {
        session,
        day: day.to_owned(),
        step,
        amount,
        expected: None,
        reason: String::new(),
        to: String::new(),
        pieces: Vec::new(),
        currency: currency.code().to_owned(),
    }
}

/// Opens today's session with its counted float. Refused while a session is
/// open (today's, or an earlier day's not counted yet) and on a closed day.
pub fn open(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    float: &Counted,
    now: DateTime<Utc>,
) -> Result<Session, TillError> {
    if !by.role.may(Act::KeepDrawer) {
        return Err(TillError::NotAllowed(Act::KeepDrawer));
    }
    let terminal = signer.terminal_id;
    let number = ledger::write(store, signer, |tx| {
        let (zone, currency) = venue(tx)?;
        let today = now.with_timezone(&zone).date_naive();
        let label = today.format("%Y-%m-%d").to_string();
        if let Some(c) = store::closings::of(tx, terminal, false, "day", &label)? {
            return Err(TillError::Closed {
                label,
                number: c.number,
            });
        }
        let last = store::drawer::last_session(tx, terminal, false)?;
        if let Some(s) = last.filter(|s| !s.counted) {
            return Err(TillError::SessionOpen {
                number: s.number,
                day: s.day,
            });
        }
        let number = last.map_or(1, |s| s.number + 1);
        let mut r = record(number, &label, Step::Open, float.total, currency);
        r.pieces = float.pieces.clone();
        write(tx, signer, by, r, now)?;
        Ok(number)
    })?;
    session(store, terminal, number)
}

/// The session open now (today's, or an earlier day's waiting for its
/// count): its number and day, as cash in and out and counts need them.
fn open_now(tx: &Tx, terminal: i64) -> Result<(i64, String), TillError> {
    match store::drawer::last_session(tx, terminal, false)? {
        Some(s) if !s.counted => Ok((s.number, s.day.format("%Y-%m-%d").to_string())),
        _ => Err(TillError::NoSession),
    }
}

/// Puts cash into the drawer or takes it out (never more than the drawer
/// should hold), with a reason.
pub fn move_cash(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (movement, amount, reason): (Movement, i64, &str),
    now: DateTime<Utc>,
) -> Result<Session, TillError> {
    if !by.role.may(Act::KeepDrawer) {
        return Err(TillError::NotAllowed(Act::KeepDrawer));
    }
    let step = movement.step();
    let (amount, reason) =
        crate::domain::drawer::movement(amount, reason).map_err(TillError::Count)?;
    let terminal = signer.terminal_id;
    let number = ledger::write(store, signer, |tx| {
        let (number, day) = open_now(tx, terminal)?;
        let (_, currency) = venue(tx)?;
        if step == Step::CashOut {
            let holds = session_in(tx, terminal, number)?.expected.total();
            if amount > holds {
                return Err(TillError::NotInDrawer { holds, currency });
            }
        }
        let mut r = record(number, &day, step, amount, currency);
        r.reason = reason;
        write(tx, signer, by, r, now)?;
        Ok(number)
    })?;
    session(store, terminal, number)
}

/// Counts the drawer: at a handover to another clerk (`to`, the session
/// stays open) or at the end of the session (`to` is `None`: it is over).
pub fn count(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    counted: &Counted,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Count, TillError> {
    if !by.role.may(Act::KeepDrawer) {
        return Err(TillError::NotAllowed(Act::KeepDrawer));
    }
    let terminal = signer.terminal_id;
    ledger::write(store, signer, |tx| {
        let (number, day) = open_now(tx, terminal)?;
        let (_, currency) = venue(tx)?;
        let to = match to {
            None => String::new(),
            Some(name) => {
                let next = store::operators::by_name(tx, name.trim())?
                    .filter(|o| o.active && !o.is_system && o.role.may(Act::KeepDrawer))
                    .ok_or_else(|| TillError::NoOperator(name.trim().to_owned()))?;
                next.name
            }
        };
        let expected = session_in(tx, terminal, number)?.expected.total();
        let step = if to.is_empty() {
            Step::Count
        } else {
            Step::Handover
        };
        let mut r = record(number, &day, step, counted.total, currency);
        r.expected = Some(expected);
        r.pieces = counted.pieces.clone();
        r.to = to;
        write(tx, signer, by, r, now)?;
        Ok(Count {
            session: number,
            expected,
            counted: counted.total,
            difference: counted.total - expected,
        })
    })
}

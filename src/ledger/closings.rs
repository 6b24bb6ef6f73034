//! Closings held against what they sum: each day's closing recomputed
//! from the sale and cancellation records of its range (the ranges follow
//! each other from the chain's first record, numbers without gaps, the
//! perpetual total carried), each month from its days and each year from
//! its months, and each closing row against its signed record. The till
//! makes closings with the same sums.

use serde_json::Value;

use crate::domain::closing::{Period, Sum, Totals};
use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::{self, Record};
use crate::store::{self, StoreError, Tx, closings::ClosingRow, terminals::TerminalRow};

/// A record that cannot be read as its kind says: its sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable(pub i64);

/// Sums the sale and cancellation records `from..=to` of a chain.
pub fn sum(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    (from, to): (i64, i64),
) -> Result<Result<Totals, Unreadable>, StoreError> {
    let mut sum = Sum::default();
    let mut unreadable = None;
    store::ledger::range(tx, terminal_id, chain, (from, to), |row| {
        if row.kind != Kind::Sale.as_str() && row.kind != Kind::Cancellation.as_str() {
            return true;
        }
        // Read straight into the record's type: the sum reads every sale
        // of the period, and `verify` every sale of the chain.
        let read = if row.kind == Kind::Sale.as_str() {
            data::<records::Sale>(&row.body).map(|s| sum.sale(&s))
        } else {
            data::<records::Cancellation>(&row.body).map(|c| sum.cancellation(&c))
        };
        if read.is_none() {
            unreadable = Some(Unreadable(row.seq));
            return false;
        }
        true
    })?;
    Ok(unreadable.map_or_else(|| Ok(sum.totals()), Err))
}

/// A sale or a cancellation as its signed record says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Money {
    Sale(records::Sale),
    Cancellation(records::Cancellation),
}

/// The sale and cancellation records `from..=to` of a chain, in order
/// (what a day's closing sums, line by line).
pub fn money(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    (from, to): (i64, i64),
) -> Result<Result<Vec<Money>, Unreadable>, StoreError> {
    let mut found = Vec::new();
    let mut unreadable = None;
    store::ledger::range(tx, terminal_id, chain, (from, to), |row| {
        let read = if row.kind == Kind::Sale.as_str() {
            data::<records::Sale>(&row.body).map(Money::Sale)
        } else if row.kind == Kind::Cancellation.as_str() {
            match data::<records::Cancellation>(&row.body) {
                Some(c) if crate::domain::closing::outside_the_till(&c) => return true,
                read => read.map(Money::Cancellation),
            }
        } else {
            return true;
        };
        match read {
            Some(m) => found.push(m),
            None => {
                unreadable = Some(Unreadable(row.seq));
                return false;
            }
        }
        true
    })?;
    Ok(unreadable.map_or_else(|| Ok(found), Err))
}

/// The `data` of a record's signed content, read as `T`.
fn data<T: serde::de::DeserializeOwned>(body: &str) -> Option<T> {
    #[derive(serde::Deserialize)]
    struct Body<T> {
        data: T,
    }
    serde_json::from_str::<Body<T>>(body).ok().map(|b| b.data)
}

pub(super) fn read(kind: &str, body: &str) -> Option<Record> {
    let kind = Kind::from_code(kind)?;
    let mut body: Value = serde_json::from_str(body).ok()?;
    Record::read(kind, body["data"].take()).ok()
}

/// The closing records of a chain with their sequence numbers, in order.
pub fn records(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
) -> Result<Result<Vec<(i64, records::Closing)>, Unreadable>, StoreError> {
    indexed(
        tx,
        terminal_id,
        chain,
        store::ledger::Indexed::Closing,
        |r| match r {
            Record::Closing(c) => Some(c),
            _ => None,
        },
    )
}

/// The records of an indexed kind of a chain, read as `pick` takes them,
/// with their sequence numbers, in order (the first that cannot be read
/// stops the reading).
pub(super) fn indexed<T>(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    kind: store::ledger::Indexed,
    pick: impl Fn(Record) -> Option<T>,
) -> Result<Result<Vec<(i64, T)>, Unreadable>, StoreError> {
    let mut found = Vec::new();
    for row in store::ledger::of_kind(tx, terminal_id, chain, kind)? {
        match read(&row.kind, &row.body).and_then(&pick) {
            Some(r) => found.push((row.seq, r)),
            None => return Ok(Err(Unreadable(row.seq))),
        }
    }
    Ok(Ok(found))
}

/// The first closing of any terminal and chain that does not hold.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    every_chain(terminals, |t, chain, training| {
        check_chain(tx, t, chain, training)
    })
}

/// The first break `check` finds in a terminal's fiscal or training chain.
pub(super) fn every_chain(
    terminals: &[TerminalRow],
    check: impl Fn(&TerminalRow, &str, bool) -> Result<Option<Break>, StoreError>,
) -> Result<Option<Break>, StoreError> {
    for t in terminals {
        for (chain, training) in [("fiscal", false), ("training", true)] {
            if let Some(b) = check(t, chain, training)? {
                return Ok(Some(b));
            }
        }
    }
    Ok(None)
}

fn check_chain(
    tx: &Tx,
    t: &TerminalRow,
    chain: &str,
    training: bool,
) -> Result<Option<Break>, StoreError> {
    let found = |seq: i64, kind: &str, problem: Problem| Break {
        terminal: t.name.clone(),
        chain: chain.to_owned(),
        position: seq,
        kind: kind.to_owned(),
        at: String::new(),
        problem,
    };
    let differs = |seq: i64, c: &records::Closing, what: &'static str| {
        found(
            seq,
            Kind::Closing.as_str(),
            Problem::Disagrees {
                table: "closing",
                row: format!("closing {} {}", c.period.code(), c.label),
                what,
            },
        )
    };
    let closings = match records(tx, t.id, chain)? {
        Ok(c) => c,
        Err(Unreadable(seq)) => {
            return Ok(Some(found(
                seq,
                Kind::Closing.as_str(),
                Problem::Altered("a closing record this version cannot read"),
            )));
        }
    };
    let mut rows: Vec<ClosingRow> = store::closings::all(tx, i64::MAX)?
        .into_iter()
        .filter(|r| r.terminal_id == t.id && r.training == training)
        .collect();
    let mut days: Vec<&records::Closing> = Vec::new();
    let mut months: Vec<&records::Closing> = Vec::new();
    for (seq, c) in &closings {
        // The row that finds it says what it says.
        let Some(i) = rows
            .iter()
            .position(|r| r.period == c.period.code() && r.number == c.number)
        else {
            return Ok(Some(found(
                *seq,
                Kind::Closing.as_str(),
                Problem::NoRow {
                    table: "closing",
                    row: format!("closing {} {}", c.period.code(), c.label),
                },
            )));
        };
        let row = rows.remove(i);
        let agrees = row.label == c.label
            && row.first_seq == c.first_seq
            && row.last_seq == c.last_seq
            && row.total == c.totals.total
            && row.perpetual == c.perpetual
            && row.ledger_seq == *seq;
        if !agrees {
            return Ok(Some(differs(*seq, c, "closing")));
        }
        let expected = match c.period {
            Period::Day => match day(tx, t.id, chain, c, days.last().copied())? {
                Ok(totals) => totals,
                Err(Err(Unreadable(at))) => {
                    return Ok(Some(found(
                        at,
                        "",
                        Problem::Altered("a sale record this version cannot read"),
                    )));
                }
                Err(Ok(what)) => return Ok(Some(differs(*seq, c, what))),
            },
            Period::Month | Period::Year => {
                let prefix = format!("{}-", c.label);
                let parts: &[&records::Closing] = if c.period == Period::Month {
                    &days
                } else {
                    &months
                };
                let mut sum = Sum::default();
                for p in parts.iter().filter(|p| p.label.starts_with(&prefix)) {
                    sum.add(&p.totals);
                }
                sum.totals()
            }
        };
        if c.totals != expected {
            return Ok(Some(differs(*seq, c, "totals")));
        }
        match c.period {
            Period::Day => days.push(c),
            Period::Month => months.push(c),
            Period::Year => {}
        }
    }
    if let Some(row) = rows.first() {
        return Ok(Some(found(
            row.ledger_seq,
            "",
            Problem::NoRecord {
                table: "closing",
                row: format!("closing {} {}", row.period, row.label),
            },
        )));
    }
    Ok(None)
}

/// A day's closing recomputed: its totals, or what does not hold (the
/// field that differs, or a record that cannot be read).
fn day(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    c: &records::Closing,
    prev: Option<&records::Closing>,
) -> Result<Result<Totals, Result<&'static str, Unreadable>>, StoreError> {
    let first = prev.map_or(1, |p| p.last_seq + 1);
    let number = prev.map_or(1, |p| p.number + 1);
    if c.number != number || c.first_seq != first {
        return Ok(Err(Ok("number")));
    }
    let totals = match sum(tx, terminal_id, chain, (c.first_seq, c.last_seq))? {
        Ok(t) => t,
        Err(u) => return Ok(Err(Err(u))),
    };
    if c.perpetual != prev.map_or(0, |p| p.perpetual) + totals.total {
        return Ok(Err(Ok("perpetual")));
    }
    if c.last_seq >= c.first_seq {
        let hash = store::ledger::hash_at(tx, terminal_id, chain, c.last_seq)?
            .map(|h| data_encoding::HEXLOWER.encode(&h));
        if hash.as_deref() != Some(c.last_hash.as_str()) {
            return Ok(Err(Ok("last record")));
        }
    }
    Ok(Ok(totals))
}

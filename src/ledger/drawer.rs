//! The cash drawer held against its records: every step row against its
//! signed `drawer` record, sessions numbered without gaps, and each count's
//! expected amount recomputed from the session's float, its cash in and
//! out, and the cash its sales and refunds took (their signed records).
//! The till counts drawers with the same sums.

use crate::domain::drawer::{Expected, Step};
use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::{self, Record};
use crate::store::{self, StoreError, Tx, drawer::DrawerRow, terminals::TerminalRow};

use super::closings::{Unreadable, every_chain, indexed, sum};

/// The drawer records of a chain with their sequence numbers, in order.
pub fn records(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
) -> Result<Result<Vec<(i64, records::Drawer)>, Unreadable>, StoreError> {
    indexed(
        tx,
        terminal_id,
        chain,
        store::ledger::Indexed::Drawer,
        |r| match r {
            Record::Drawer(d) => Some(d),
            _ => None,
        },
    )
}

/// The drawer records at these sequence numbers of a chain (a session's
/// steps), read one by one: the chain between them is not read.
pub fn at(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    seqs: &[i64],
) -> Result<Result<Vec<records::Drawer>, Unreadable>, StoreError> {
    let mut found = Vec::with_capacity(seqs.len());
    for &seq in seqs {
        let mut record = None;
        store::ledger::range(tx, terminal_id, chain, (seq, seq), |row| {
            record = super::closings::read(&row.kind, &row.body);
            false
        })?;
        match record {
            Some(Record::Drawer(d)) => found.push(d),
            _ => return Ok(Err(Unreadable(seq))),
        }
    }
    Ok(Ok(found))
}

/// The cash the sale and cancellation records `from..=to` of a chain took
/// (net of change, less cash given back).
pub fn takings(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    (from, to): (i64, i64),
) -> Result<Result<i64, Unreadable>, StoreError> {
    if from > to {
        return Ok(Ok(0));
    }
    Ok(sum(tx, terminal_id, chain, (from, to))?.map(|t| {
        t.payments
            .iter()
            .filter(|p| p.method == "cash")
            .map(|p| p.amount)
            .sum()
    }))
}

/// What a session's drawer should hold after `steps` (its steps so far, in
/// order, with their sequence numbers): the float or the last handover's
/// count, the movements since, and the cash of the sale and cancellation
/// records after it up to record `until`.
pub fn expected(
    tx: &Tx,
    terminal_id: i64,
    chain: &str,
    steps: &[(i64, records::Drawer)],
    until: i64,
) -> Result<Result<Expected, Unreadable>, StoreError> {
    let mut e = Expected::default();
    let mut since = 0;
    for (seq, d) in steps {
        e.step(d.step, d.amount);
        if Expected::starts(d.step) {
            since = *seq;
        }
    }
    Ok(
        takings(tx, terminal_id, chain, (since + 1, until))?.map(|cash| {
            e.takings = cash;
            e
        }),
    )
}

/// The first drawer step of any terminal and chain that does not hold.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    every_chain(terminals, |t, chain, training| {
        check_chain(tx, t, chain, training)
    })
}

fn check_chain(
    tx: &Tx,
    t: &TerminalRow,
    chain: &str,
    training: bool,
) -> Result<Option<Break>, StoreError> {
    let found = |seq: i64, problem: Problem| Break {
        terminal: t.name.clone(),
        chain: chain.to_owned(),
        position: seq,
        kind: Kind::Drawer.as_str().to_owned(),
        at: String::new(),
        problem,
    };
    let name = |d: &records::Drawer| format!("drawer session {} {}", d.session, d.step.code());
    let steps = match records(tx, t.id, chain)? {
        Ok(s) => s,
        Err(Unreadable(seq)) => {
            return Ok(Some(found(
                seq,
                Problem::Altered("a drawer record this version cannot read"),
            )));
        }
    };
    let mut rows: Vec<DrawerRow> = store::drawer::all(tx, t.id, training)?;
    // The session open now: its number, the step its cash is counted from,
    // what it should hold.
    // The steps of the session open now, each with its sequence number.
    let mut session: Vec<(i64, records::Drawer)> = Vec::new();
    let mut last_session = 0;
    for (seq, d) in steps {
        let Some(i) = rows.iter().position(|r| r.ledger_seq == seq) else {
            return Ok(Some(found(
                seq,
                Problem::NoRow {
                    table: "drawer",
                    row: name(&d),
                },
            )));
        };
        let row = rows.remove(i);
        let agrees = row.session == d.session
            && row.day == d.day
            && row.step == d.step.code()
            && row.amount == d.amount
            && row.expected == d.expected;
        let in_order = match (d.step, session.first()) {
            (Step::Open, None) => d.session == last_session + 1,
            (Step::Open, Some(_)) | (_, None) => false,
            (_, Some((_, opening))) => d.session == opening.session,
        };
        let differs = match (agrees, in_order) {
            (false, _) => Some("step"),
            (_, false) => Some("session"),
            _ if !d.step.counts() => None,
            _ => match expected(tx, t.id, chain, &session, seq - 1)? {
                Ok(e) if d.expected == Some(e.total()) => None,
                Ok(_) => Some("expected"),
                Err(Unreadable(at)) => {
                    return Ok(Some(found(
                        at,
                        Problem::Altered("a sale record this version cannot read"),
                    )));
                }
            },
        };
        if let Some(what) = differs {
            return Ok(Some(found(
                seq,
                Problem::Disagrees {
                    table: "drawer",
                    row: name(&d),
                    what,
                },
            )));
        }
        if d.step == Step::Open {
            last_session = d.session;
        }
        if d.step == Step::Count {
            session.clear();
        } else {
            session.push((seq, d));
        }
    }
    if let Some(row) = rows.first() {
        return Ok(Some(found(
            row.ledger_seq,
            Problem::NoRecord {
                table: "drawer",
                row: format!("drawer session {} {}", row.session, row.step),
            },
        )));
    }
    Ok(None)
}

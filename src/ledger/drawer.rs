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
    let mut open: Option<(i64, i64, Expected)> = None;
    let mut last_session = 0;
    for (seq, d) in &steps {
        let Some(i) = rows.iter().position(|r| r.ledger_seq == *seq) else {
            return Ok(Some(found(
                *seq,
                Problem::NoRow {
                    table: "drawer",
                    row: name(d),
                },
            )));
        };
        let row = rows.remove(i);
        let agrees = row.session == d.session
            && row.day == d.day
            && row.step == d.step.code()
            && row.amount == d.amount
            && row.expected == d.expected;
        if !agrees {
            return Ok(Some(found(
                *seq,
                Problem::Disagrees {
                    table: "drawer",
                    row: name(d),
                    what: "step",
                },
            )));
        }
        let in_order = match (d.step, &open) {
            (Step::Open, None) => d.session == last_session + 1,
            (Step::Open, Some(_)) => false,
            (_, Some((session, _, _))) => d.session == *session,
            (_, None) => false,
        };
        if !in_order {
            return Ok(Some(found(
                *seq,
                Problem::Disagrees {
                    table: "drawer",
                    row: name(d),
                    what: "session",
                },
            )));
        }
        if d.step == Step::Open {
            last_session = d.session;
            open = Some((d.session, *seq, Expected::default()));
        }
        // The open step only sets the float.
        let Some((_, since, expected)) = open.as_mut() else {
            continue;
        };
        if d.step.counts() {
            expected.takings = match takings(tx, t.id, chain, (*since + 1, seq - 1))? {
                Ok(cash) => cash,
                Err(Unreadable(at)) => {
                    return Ok(Some(found(
                        at,
                        Problem::Altered("a sale record this version cannot read"),
                    )));
                }
            };
            if d.expected != Some(expected.total()) {
                return Ok(Some(found(
                    *seq,
                    Problem::Disagrees {
                        table: "drawer",
                        row: name(d),
                        what: "expected",
                    },
                )));
            }
        }
        expected.step(d.step, d.amount);
        if Expected::starts(d.step) {
            *since = *seq;
        }
        if d.step == Step::Count {
            open = None;
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

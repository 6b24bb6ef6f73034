//! The door list held against its signed `door_list` record: the digest of
//! the keys and tickets a door admits from must be the one the last record
//! signs. A key or a ticket slipped into the list by hand would let the
//! door admit a forged or cancelled ticket.

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::Record;
use crate::store::door_list::{ListedKey, ListedTicket};
use crate::store::ledger::{Indexed, LedgerRow};
use crate::store::{self, StoreError, Tx, terminals::TerminalRow};

/// The digest of a door list (hex SHA-256), in the order
/// `store::door_list::all` reads it: each row a JSON array on its line, so
/// no text in a field (a door's name, a seat's) can pass for another field.
pub fn digest(keys: &[ListedKey], tickets: &[ListedTicket]) -> String {
    let mut h = Sha256::new();
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    for k in keys {
        let row = json!(["key", k.key_id, k.terminal, k.name, hex(&k.public_key)]);
        h.update(format!("{row}\n").as_bytes());
    }
    for t in tickets {
        let (at, door) = t.entered.clone().unzip();
        let row = json!([
            "ticket",
            t.public_id,
            t.terminal,
            t.number,
            t.performance,
            t.seat,
            t.tariff,
            t.category,
            t.cancelled,
            at,
            door
        ]);
        h.update(format!("{row}\n").as_bytes());
    }
    hex(&h.finalize())
}

/// The newest door list record of any terminal of this database, with the
/// terminal's name: the list as kept answers to it.
pub fn newest(
    tx: &Tx,
    terminals: &[TerminalRow],
) -> Result<Option<(String, LedgerRow)>, StoreError> {
    let mut last: Option<(String, LedgerRow)> = None;
    for t in terminals {
        let row = store::ledger::last_of_kind(tx, t.id, "fiscal", Indexed::DoorList)?;
        if let Some(row) = row.filter(|r| last.as_ref().is_none_or(|l| r.recorded > l.1.recorded)) {
            last = Some((t.name.clone(), row));
        }
    }
    Ok(last)
}

/// The first disagreement between the door list and its last record.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    let last = match newest(tx, terminals)? {
        None => None,
        Some((name, row)) => {
            let data = serde_json::from_str::<serde_json::Value>(&row.body)
                .map(|mut b| b["data"].take())
                .unwrap_or_default();
            match Record::read(Kind::DoorList, data) {
                Ok(Record::DoorList(d)) => Some((name, row.seq, d.digest)),
                _ => {
                    let what = "a door list record this version cannot read";
                    return Ok(Some(found(&name, row.seq, Problem::Altered(what))));
                }
            }
        }
    };
    let (keys, tickets) = store::door_list::all(tx)?;
    let held = digest(&keys, &tickets);
    Ok(match last {
        Some((_, _, signed)) if signed == held => None,
        None if keys.is_empty() && tickets.is_empty() => None,
        Some((name, seq, _)) => Some(found(
            &name,
            seq,
            Problem::Disagrees {
                table: "door_ticket",
                row: format!("{} tickets, {} keys", tickets.len(), keys.len()),
                what: "the door list",
            },
        )),
        None => Some(found(
            "-",
            1,
            Problem::NoRecord {
                table: "door_ticket",
                row: format!("{} tickets, {} keys", tickets.len(), keys.len()),
            },
        )),
    })
}

fn found(terminal: &str, seq: i64, problem: Problem) -> Break {
    Break {
        terminal: terminal.to_owned(),
        chain: "fiscal".into(),
        position: seq,
        kind: Kind::DoorList.as_str().to_owned(),
        at: String::new(),
        problem,
    }
}

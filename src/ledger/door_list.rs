//! The door list held against its signed `door_list` record: the digest of
//! the keys and tickets a door admits from must be the one the last record
//! signs. A key or a ticket slipped into the list by hand would let the
//! door admit a forged or cancelled ticket.

use sha2::{Digest, Sha256};

use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::Record;
use crate::store::door_list::{ListedKey, ListedTicket};
use crate::store::{self, StoreError, Tx, terminals::TerminalRow};

use super::closings::{Unreadable, indexed};

/// The digest of a door list (hex SHA-256), in the order `store::door_list::all`
/// reads it.
pub fn digest(keys: &[ListedKey], tickets: &[ListedTicket]) -> String {
    let mut h = Sha256::new();
    let hex = |b: &[u8]| data_encoding::HEXLOWER.encode(b);
    for k in keys {
        let line = format!(
            "key\t{}\t{}\t{}\t{}\n",
            k.key_id,
            k.terminal,
            k.name,
            hex(&k.public_key)
        );
        h.update(line.as_bytes());
    }
    for t in tickets {
        let (at, door) = t
            .entered
            .as_ref()
            .map_or((String::new(), ""), |(at, d)| (at.to_string(), d.as_str()));
        let line = format!(
            "ticket\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{at}\t{door}\n",
            t.public_id,
            t.terminal,
            t.number,
            t.performance,
            t.seat.as_deref().unwrap_or(""),
            t.tariff,
            t.category,
            t.cancelled,
        );
        h.update(line.as_bytes());
    }
    hex(&h.finalize())
}

/// The first disagreement between the door list and its last record.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    let mut last = None;
    for t in terminals {
        let records = indexed(
            tx,
            t.id,
            "fiscal",
            store::ledger::Indexed::DoorList,
            |r| match r {
                Record::DoorList(d) => Some(d),
                _ => None,
            },
        )?;
        match records {
            Ok(r) => {
                if let Some((seq, d)) = r.into_iter().next_back() {
                    last = Some((t.name.clone(), seq, d.digest));
                }
            }
            Err(Unreadable(seq)) => {
                return Ok(Some(found(
                    &t.name,
                    seq,
                    Problem::Altered("a door list record this version cannot read"),
                )));
            }
        }
    }
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

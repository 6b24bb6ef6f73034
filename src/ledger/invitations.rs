//! The invitation requests held against their signed `invitation` records:
//! each row as its last record left it (its performance, requester, places,
//! status and order), and no record without its row. A request issued or
//! refused by hand, or its places changed, is found.

use std::collections::BTreeMap;

use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::{self, Record};
use crate::store::invitations::Audited;
use crate::store::ledger::Indexed;
use crate::store::{self, StoreError, Tx, terminals::TerminalRow};

/// The first request that disagrees with its last record.
pub fn check(tx: &Tx, terminals: &[TerminalRow]) -> Result<Option<Break>, StoreError> {
    let mut signed: BTreeMap<String, (String, i64, records::Invitation)> = BTreeMap::new();
    for t in terminals {
        for row in store::ledger::of_kind(tx, t.id, "fiscal", Indexed::Invitation)? {
            let data = serde_json::from_str::<serde_json::Value>(&row.body)
                .map(|mut b| b["data"].take())
                .unwrap_or_default();
            match Record::read(Kind::Invitation, data) {
                Ok(Record::Invitation(i)) => {
                    signed.insert(i.invitation.clone(), (t.name.clone(), row.seq, i));
                }
                _ => {
                    let what = "an invitation record this version cannot read";
                    return Ok(Some(found(&t.name, row.seq, Problem::Altered(what))));
                }
            }
        }
    }
    for row in store::invitations::audited(tx)? {
        let Some((name, seq, record)) = signed.remove(&row.public_id) else {
            return Ok(Some(found(
                "-",
                1,
                Problem::NoRecord {
                    table: "invitation",
                    row: row.public_id,
                },
            )));
        };
        if !agrees(&row, &record) {
            return Ok(Some(found(
                &name,
                seq,
                Problem::Disagrees {
                    table: "invitation",
                    row: row.public_id,
                    what: "the invitation request",
                },
            )));
        }
    }
    // A signed request whose row is gone.
    Ok(signed.into_values().next().map(|(name, seq, record)| {
        found(
            &name,
            seq,
            Problem::Disagrees {
                table: "invitation",
                row: record.invitation,
                what: "a request removed from the file",
            },
        )
    }))
}

fn agrees(row: &Audited, record: &records::Invitation) -> bool {
    row.performance == record.performance
        && row.kind == record.kind
        && row.patron == record.patron
        && row.places == record.places
        && row.status == record.status
        && row.order == record.order
}

fn found(terminal: &str, seq: i64, problem: Problem) -> Break {
    Break {
        terminal: terminal.to_owned(),
        chain: "fiscal".into(),
        position: seq,
        kind: Kind::Invitation.as_str().to_owned(),
        at: String::new(),
        problem,
    }
}

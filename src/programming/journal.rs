//! Who changes the season, and the signed record of each change: every
//! write of this job checks the operator's right first, then journals what
//! it changed (each field before and after) in the same transaction as the
//! rows, on the terminal's fiscal chain that `verify` covers.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use super::{Missing, ProgrammingError};
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::programmed::{Action, FieldChange, Programmed, Subject};
use crate::domain::records::Record;
use crate::domain::{Performance, Seat, TaxRate};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// Who acts, on which terminal, and when: what a change is checked against
/// and journaled under.
#[derive(Clone, Copy)]
pub struct By<'a> {
    pub operator: &'a Operator,
    pub signer: &'a Signer,
    pub now: DateTime<Utc>,
}

impl By<'_> {
    /// Refused, writing nothing, when the operator's role may not `act`.
    pub(crate) fn may(&self, act: Act) -> Result<(), ProgrammingError> {
        if self.operator.role.may(act) {
            Ok(())
        } else {
            Err(ProgrammingError::NotAllowed(act))
        }
    }
}

impl By<'_> {
    /// Signs a record on the terminal's fiscal chain, in the caller's
    /// transaction, under the operator's name and at `now`.
    pub(crate) fn sign(&self, tx: &Tx, record: &Record) -> Result<(), ProgrammingError> {
        ledger::append(
            tx,
            self.signer,
            Chain::Fiscal,
            &self.operator.actor(),
            record,
            self.now,
        )?;
        Ok(())
    }
}

/// A change to the season: the right to `act` checked first, then one
/// transaction in which the rows and their records commit together.
pub(crate) fn write<T>(
    store: &mut Store,
    by: &By,
    act: Act,
    f: impl FnOnce(&Tx) -> Result<T, ProgrammingError>,
) -> Result<T, ProgrammingError> {
    by.may(act)?;
    ledger::write(store, by.signer, f)
}

/// A thing's fields as the journal compares them, in a fixed order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    pub fn text(mut self, field: &'static str, value: &str) -> Fields {
        self.0.push((field, Value::from(value)));
        self
    }

    pub fn number(mut self, field: &'static str, value: i64) -> Fields {
        self.0.push((field, Value::from(value)));
        self
    }

    pub fn flag(mut self, field: &'static str, value: bool) -> Fields {
        self.0.push((field, Value::from(value)));
        self
    }

    pub fn rate(self, field: &'static str, rate: TaxRate) -> Fields {
        self.number(field, i64::from(rate.0))
    }

    pub fn instant(mut self, field: &'static str, at: Option<DateTime<Utc>>) -> Fields {
        self.0
            .push((field, at.map_or(Value::Null, |t| Value::from(instant(t)))));
        self
    }

    pub fn seats(mut self, field: &'static str, seats: &[&Seat]) -> Fields {
        self.0.push((field, seat_names(seats)));
        self
    }
}

/// An instant as records hold it: RFC 3339, UTC, to the second.
pub(crate) fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A seat as records name it: "section/row/number".
pub(crate) fn seat_name(s: &Seat) -> String {
    format!("{}/{}/{}", s.section, s.row, s.number)
}

fn seat_names(seats: &[&Seat]) -> Value {
    Value::Array(seats.iter().map(|s| Value::from(seat_name(s))).collect())
}

/// A change being described, before it is signed.
pub(crate) struct Change {
    subject: Subject,
    action: Action,
    id: String,
    label: String,
    changes: Vec<FieldChange>,
}

impl Change {
    pub fn new(subject: Subject, action: Action, id: &str, label: &str) -> Change {
        Change {
            subject,
            action,
            id: id.to_owned(),
            label: label.to_owned(),
            changes: Vec::new(),
        }
    }

    /// Something new, with every field it was given.
    pub fn created(subject: Subject, id: &str, label: &str, after: Fields) -> Change {
        Change::new(subject, Action::Created, id, label).compare(Fields::default(), after)
    }

    /// Something changed: the fields that differ.
    pub fn changed(
        subject: Subject,
        id: &str,
        label: &str,
        before: Fields,
        after: Fields,
    ) -> Change {
        Change::new(subject, Action::Changed, id, label).compare(before, after)
    }

    /// Something gone, with what it held.
    pub fn deleted(subject: Subject, id: &str, label: &str, before: Fields) -> Change {
        Change::new(subject, Action::Deleted, id, label).compare(before, Fields::default())
    }

    /// Adds the fields that differ between `before` and `after` (a field
    /// one side lacks is null there).
    pub fn compare(mut self, before: Fields, after: Fields) -> Change {
        let mut names: Vec<&'static str> = before.0.iter().map(|(f, _)| *f).collect();
        for (f, _) in &after.0 {
            if !names.contains(f) {
                names.push(f);
            }
        }
        let get = |fields: &Fields, name: &str| {
            fields
                .0
                .iter()
                .find(|(f, _)| *f == name)
                .map_or(Value::Null, |(_, v)| v.clone())
        };
        for name in names {
            let (b, a) = (get(&before, name), get(&after, name));
            if b != a {
                self.changes.push(FieldChange {
                    field: name.to_owned(),
                    item: None,
                    before: b,
                    after: a,
                });
            }
        }
        self
    }

    /// Adds one field of many (a price, a quota, a slot, a seat) when it
    /// changed.
    pub fn item(&mut self, field: &str, item: &str, before: Value, after: Value) {
        if before != after {
            self.changes.push(FieldChange {
                field: field.to_owned(),
                item: Some(item.to_owned()),
                before,
                after,
            });
        }
    }

    /// Signs the change into the journal, inside the caller's transaction;
    /// a change that changed nothing is not recorded.
    pub fn sign(self, tx: &Tx, by: &By) -> Result<(), ProgrammingError> {
        if self.changes.is_empty() {
            return Ok(());
        }
        let record = Record::Programmed(Programmed {
            subject: self.subject.as_str().to_owned(),
            action: self.action.as_str().to_owned(),
            id: self.id,
            label: self.label,
            changes: self.changes,
        });
        by.sign(tx, &record)
    }
}

/// A performance as the journal names it: its show's title and its start
/// in the venue's zone ("Cyrano · 2026-11-24 20:00").
pub(crate) fn performance_label(tx: &Tx, p: &Performance) -> Result<String, ProgrammingError> {
    let show =
        store::shows::by_id(tx, p.show_id)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
    let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
    Ok(format!(
        "{} · {}",
        show.title,
        p.starts_at.with_timezone(&zone).format("%Y-%m-%d %H:%M")
    ))
}

/// A performance read for a change: the row and its label.
pub(crate) fn performance(
    tx: &Tx,
    performance_id: i64,
) -> Result<(Performance, String), ProgrammingError> {
    let p = store::performances::by_id(tx, performance_id)?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
    let label = performance_label(tx, &p)?;
    Ok((p, label))
}

/// A picture (the venue's logo, a show's picture) as the journal records
/// it under `field`: its size and fingerprint, or nothing.
pub(crate) fn picture_fields(
    field: &'static str,
    picture: Option<&crate::domain::picture::Picture>,
) -> Fields {
    let said = picture.map_or(String::new(), |p| {
        format!("{} × {} px, sha256 {}", p.width, p.height, p.sha256)
    });
    Fields::default().text(field, &said)
}

//! Closings of the till (DOMAIN.md §5): a day (Z) of the terminal's fiscal
//! chain summed from its signed sale and cancellation records, then a
//! month from its days and a year from its months; each a signed
//! `closing` record with its totals and the perpetual grand total, and a
//! row that finds it. Z numbers are gap-free; a day is closed once, after
//! every earlier day with sales; a closed day takes no more sales.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use crate::domain::closing::{Period, Sum, Totals};
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
pub use crate::store::closings::ClosingRow;
use crate::store::{self, Store, StoreError, Tx};

pub use super::TillError;

/// A closing made: its row and its signed content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    pub row: ClosingRow,
    pub record: records::Closing,
}

const FISCAL: &str = "fiscal";

/// The chain a terminal's closings are made on: its fiscal one, or in
/// training mode its training one (closed apart, out of every total).
#[derive(Clone, Copy)]
struct On {
    terminal: i64,
    training: bool,
}

impl On {
    fn now(tx: &Tx, terminal: i64) -> Result<On, TillError> {
        Ok(On {
            terminal,
            training: ledger::training_on(tx, terminal)?,
        })
    }

    fn chain(self) -> &'static str {
        if self.training { "training" } else { FISCAL }
    }
}

/// The instant a local day starts in the venue's zone.
fn start(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    crate::domain::season::local_instant(zone, day, NaiveTime::MIN)
        .unwrap_or_else(|_| day.and_time(NaiveTime::MIN).and_utc())
}

/// The venue's zone and currency code.
fn venue(tx: &Tx) -> Result<(chrono_tz::Tz, String), TillError> {
    let v = store::venue::load(tx)?.ok_or(TillError::NoVenue)?;
    Ok((v.settings.time_zone, v.settings.currency.code().to_owned()))
}

/// Sums the sale and cancellation records `from..=to` of the chain.
fn sum(tx: &Tx, on: On, from: i64, to: i64) -> Result<Totals, TillError> {
    ledger::closings::sum(tx, on.terminal, on.chain(), (from, to))?
        .map_err(|ledger::closings::Unreadable(seq)| TillError::Unreadable(seq))
}

/// The signed content of the closings of the chain (a period's, whose
/// label starts so), in their order.
fn closing_records(
    tx: &Tx,
    on: On,
    period: Period,
    prefix: &str,
) -> Result<Vec<records::Closing>, TillError> {
    let all = ledger::closings::records(tx, on.terminal, on.chain())?
        .map_err(|ledger::closings::Unreadable(seq)| TillError::Unreadable(seq))?;
    Ok(all
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| c.period == period && c.label.starts_with(prefix))
        .collect())
}

/// Writes a closing: its signed record, then its row.
fn write(
    tx: &Tx,
    (signer, on): (&Signer, On),
    by: &Operator,
    record: records::Closing,
    now: DateTime<Utc>,
) -> Result<Closed, TillError> {
    let appended = ledger::append(
        tx,
        signer,
        if on.training {
            Chain::Training
        } else {
            Chain::Fiscal
        },
        &by.actor(),
        &Record::Closing(record.clone()),
        now,
    )?;
    let row = ClosingRow {
        terminal_id: signer.terminal_id,
        training: on.training,
        period: record.period.code().to_owned(),
        number: record.number,
        label: record.label.clone(),
        first_seq: record.first_seq,
        last_seq: record.last_seq,
        total: record.totals.total,
        perpetual: record.perpetual,
        ledger_seq: appended.seq,
        at: store::unix(now),
    };
    store::closings::insert(tx, &row)?;
    Ok(Closed { row, record })
}

/// The hash of a record, in hex ("" before the first).
fn hash_hex(tx: &Tx, on: On, seq: i64) -> Result<String, TillError> {
    Ok(store::ledger::hash_at(tx, on.terminal, on.chain(), seq)?
        .map(|h| data_encoding::HEXLOWER.encode(&h))
        .unwrap_or_default())
}

/// The local day a record was made, in the venue's zone.
fn day_of(ms: i64, zone: chrono_tz::Tz) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&zone)
        .date_naive()
}

/// Closes a day of this terminal (its Z): every record up to the day's
/// end summed. A clerk's act, at the end of their day.
pub fn close_day(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Closed, TillError> {
    if !by.role.may(Act::CloseDay) {
        return Err(TillError::NotAllowed(Act::CloseDay));
    }
    let terminal = signer.terminal_id;
    ledger::write(store, signer, |tx| {
        let (zone, currency) = venue(tx)?;
        let on = On::now(tx, terminal)?;
        let label = day.format("%Y-%m-%d").to_string();
        let (from, to) = (start(zone, day), start(zone, day + chrono::Days::new(1)));
        if from > now {
            return Err(TillError::NotYet(label));
        }
        if let Some(c) = store::closings::of(tx, terminal, on.training, "day", &label)? {
            return Err(TillError::Closed {
                label,
                number: c.number,
            });
        }
        let prev = store::closings::last(tx, terminal, on.training, "day")?;
        let after = prev.as_ref().map_or(0, |p| p.last_seq);
        if let Some((_, recorded)) =
            store::ledger::first_money_after(tx, terminal, on.chain(), after)?
            && recorded < from.timestamp_millis()
        {
            return Err(TillError::EarlierDayOpen(day_of(recorded, zone)));
        }
        // The day's drawer is counted before its Z (training has none).
        if let Some((number, day)) = store::drawer::uncounted_until(tx, terminal, false, day)?
            && !on.training
        {
            return Err(TillError::DrawerOpen { number, day });
        }
        let last = store::ledger::last_before(tx, terminal, on.chain(), to.timestamp_millis())?
            .unwrap_or(0)
            .max(after);
        let totals = sum(tx, on, after + 1, last)?;
        let perpetual = prev
            .as_ref()
            .map_or(0, |p| p.perpetual)
            .saturating_add(totals.total);
        let record = records::Closing {
            period: Period::Day,
            number: prev.as_ref().map_or(1, |p| p.number + 1),
            label,
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            first_seq: after + 1,
            last_seq: last,
            last_hash: hash_hex(tx, on, last)?,
            currency,
            totals,
            perpetual,
        };
        write(tx, (signer, on), by, record, now)
    })
}

/// Closes a month (`month` is its first day) or a year (`Period::Year`,
/// its first day) of this terminal, once it is over: the sum of its days
/// (or months), each of them closed. A coordinator's act.
pub fn close_period(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    period: Period,
    first: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Closed, TillError> {
    if !by.role.may(Act::ClosePeriod) {
        return Err(TillError::NotAllowed(Act::ClosePeriod));
    }
    let terminal = signer.terminal_id;
    ledger::write(store, signer, |tx| {
        let (zone, currency) = venue(tx)?;
        let on = On::now(tx, terminal)?;
        let (label, next, parts) = match period {
            Period::Year => (
                first.format("%Y").to_string(),
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1),
                Period::Month,
            ),
            _ => (
                first.format("%Y-%m").to_string(),
                first.checked_add_months(chrono::Months::new(1)),
                Period::Day,
            ),
        };
        let next = next.ok_or_else(|| TillError::NotOver(label.clone()))?;
        let (from, to) = (start(zone, first), start(zone, next));
        if to > now {
            return Err(TillError::NotOver(label));
        }
        if let Some(c) = store::closings::of(tx, terminal, on.training, period.code(), &label)? {
            return Err(TillError::Closed {
                label,
                number: c.number,
            });
        }
        // Every sale of the period is in a day's closing.
        let last_day = store::closings::last(tx, terminal, on.training, "day")?;
        let after = last_day.as_ref().map_or(0, |d| d.last_seq);
        if let Some((_, recorded)) =
            store::ledger::first_money_after(tx, terminal, on.chain(), after)?
            && recorded < to.timestamp_millis()
        {
            return Err(TillError::DayOpen(day_of(recorded, zone)));
        }
        let prefix = format!("{label}-");
        if period == Period::Year {
            let days = store::closings::within(tx, terminal, on.training, "day", &prefix)?;
            for month in days.iter().map(|d| d.label[..7].to_owned()) {
                if store::closings::of(tx, terminal, on.training, "month", &month)?.is_none() {
                    return Err(TillError::MonthOpen(month));
                }
            }
        }
        let closed = closing_records(tx, on, parts, &prefix)?;
        let prev = store::closings::last(tx, terminal, on.training, period.code())?;
        let mut sum = Sum::default();
        for c in &closed {
            sum.add(&c.totals);
        }
        let before = prev.as_ref().map_or(0, |p| p.last_seq);
        let record = records::Closing {
            period,
            number: prev.as_ref().map_or(1, |p| p.number + 1),
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            first_seq: closed.first().map_or(before + 1, |c| c.first_seq),
            last_seq: closed.last().map_or(before, |c| c.last_seq),
            last_hash: match closed.last() {
                Some(c) => c.last_hash.clone(),
                None => hash_hex(tx, on, before)?,
            },
            currency,
            totals: sum.totals(),
            perpetual: match closed.last() {
                Some(c) => c.perpetual,
                None => prev.as_ref().map_or(0, |p| p.perpetual),
            },
            label,
        };
        write(tx, (signer, on), by, record, now)
    })
}

/// The closings of every terminal, newest first.
pub fn closings(store: &Store, limit: i64) -> Result<Vec<ClosingRow>, StoreError> {
    store.read(|tx| store::closings::all(tx, limit))
}

/// A closing's signed content, by its terminal and record number.
pub fn closing(store: &Store, row: &ClosingRow) -> Result<records::Closing, TillError> {
    store.read(|tx| {
        let prefix = row.label.clone();
        let period = Period::from_code(&row.period).unwrap_or(Period::Day);
        let on = On {
            terminal: row.terminal_id,
            training: row.training,
        };
        closing_records(tx, on, period, &prefix)?
            .into_iter()
            .find(|c| c.number == row.number)
            .ok_or(TillError::Unreadable(row.ledger_seq))
    })
}

/// The days before `today` with sales that are not closed yet (the first
/// one, if any): the window warns at log-in.
pub fn day_left_open(
    store: &Store,
    terminal_id: i64,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, TillError> {
    store.read(|tx| {
        let (zone, _) = venue(tx)?;
        let after = store::closings::last(tx, terminal_id, false, "day")?.map_or(0, |d| d.last_seq);
        Ok(
            store::ledger::first_money_after(tx, terminal_id, FISCAL, after)?
                .map(|(_, recorded)| day_of(recorded, zone))
                .filter(|d| *d < today),
        )
    })
}

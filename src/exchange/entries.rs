//! The accounting entries of a closed period, read from the till's signed
//! closings: one entry per daily closing (Z) of every terminal, debiting
//! what each payment method brought and crediting the revenue (per VAT
//! rate in France, before tax) and each tax collected (VAT per rate; GST
//! and QST in Quebec), all as the Z's signed totals say.
//!
//! Revenue is recognised at the performance's date: the part of a Z's
//! revenue for performances on a later day goes to deferred revenue (PCG
//! 487), and an entry on each performance's day moves it into revenue.
//! The Z totals do not split by performance date, so the split is read
//! from the signed sale and cancellation records the Z sums: each sale
//! line names its performance; a cancelled ticket is found by its id. The
//! deferred part of a Z is the sum of those lines' amounts before tax for
//! performances after the Z's day (the rest of the Z's revenue, to the
//! cent as the Z says it, is revenue of the day); the entry on the
//! performance's day moves exactly what the earlier Zs deferred for it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::accounts::{Chart, Key, chart_in};
use super::{ExportError, Span};
use crate::domain::closing::Period;
use crate::domain::records::Closing;
use crate::domain::venue::{Country, Venue};
use crate::ledger::closings::{self as signed, Money, Unreadable};
use crate::store::{self, Store, Tx};

/// A line of an entry: one account, debit or credit (cents, one of them 0).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub key: Key,
    pub debit: i64,
    pub credit: i64,
    pub label: String,
}

/// A balanced entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// `SalesJournal` for a Z, `MiscJournal` for revenue recognised.
    pub journal: Key,
    pub day: NaiveDate,
    /// The Z's number (`Z12`), or `PCA` and the day.
    pub piece: String,
    pub label: String,
    /// When it was validated: the Z's closing (the period's closing for
    /// revenue recognised).
    pub validated: NaiveDate,
    pub lines: Vec<Line>,
}

impl Entry {
    pub fn debit(&self) -> i64 {
        self.lines.iter().map(|l| l.debit).sum()
    }

    pub fn credit(&self) -> i64 {
        self.lines.iter().map(|l| l.credit).sum()
    }
}

/// The entries of a period, in date order, and what they are posted with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Books {
    pub venue: Venue,
    pub span: Span,
    pub chart: Chart,
    pub entries: Vec<Entry>,
}

/// What the recognition of deferred revenue adds up: per performance day
/// and rate (None in Quebec), the amount before tax deferred.
type Deferred = BTreeMap<(NaiveDate, Option<u32>), i64>;

/// Where each performance is and when: by public id, its local day.
struct Calendar {
    zone: chrono_tz::Tz,
    country: Country,
    performances: HashMap<String, NaiveDate>,
    /// A cancelled ticket's performance, by the ticket's public id.
    cancelled: HashMap<String, String>,
}

impl Calendar {
    fn read(tx: &Tx, venue: &Venue) -> Result<Calendar, ExportError> {
        let zone = venue.settings.time_zone;
        Ok(Calendar {
            zone,
            country: venue.settings.country,
            performances: store::performances::all(tx)?
                .into_iter()
                .map(|p| (p.public_id, p.starts_at.with_timezone(&zone).date_naive()))
                .collect(),
            cancelled: store::exports::cancelled_tickets(tx)?.into_iter().collect(),
        })
    }

    fn rate(&self, vat: u32) -> Option<u32> {
        (self.country == Country::France).then_some(vat)
    }

    /// The lines of a record for performances after `day`: (performance
    /// day, rate, amount before tax).
    fn later(&self, day: NaiveDate, m: &Money) -> Vec<(NaiveDate, Option<u32>, i64)> {
        let mut out = Vec::new();
        let mut add = |performance: Option<&String>, rate: u32, excl: i64| {
            if let Some(&d) = performance.and_then(|p| self.performances.get(p))
                && d > day
            {
                out.push((d, self.rate(rate), excl));
            }
        };
        match m {
            Money::Sale(s) => s
                .lines
                .iter()
                .for_each(|l| add(Some(&l.performance), l.vat_rate, l.excl)),
            Money::Cancellation(c) => c
                .lines
                .iter()
                .for_each(|l| add(self.cancelled.get(&l.id), l.vat_rate, l.excl)),
        }
        out
    }
}

fn add(a: i64, b: i64) -> Result<i64, ExportError> {
    a.checked_add(b).ok_or(ExportError::Overflow)
}

fn unreadable(Unreadable(seq): Unreadable) -> ExportError {
    ExportError::Unreadable(seq)
}

/// The entries of a closed period of a venue in `country`.
pub fn books(store: &Store, span: Span, country: Country) -> Result<Books, ExportError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?.ok_or(ExportError::NoVenue)?;
        if venue.settings.country != country {
            return Err(wrong_country(country, venue.settings.country));
        }
        let chart = chart_in(tx)?;
        let calendar = Calendar::read(tx, &venue)?;
        let mut entries = Vec::new();
        let mut deferred = Deferred::new();
        let mut closed_at = None;
        for (i, t) in store::terminals::all(tx)?.into_iter().enumerate() {
            // Z numbers are per terminal: another terminal's pieces say which.
            let suffix = if i == 0 {
                String::new()
            } else {
                format!("-{}", t.id)
            };
            let Some(at) = period_closed(tx, &t, span, calendar.zone)? else {
                continue;
            };
            closed_at = closed_at.max(Some(at));
            let days = signed::records(tx, t.id, "fiscal")?.map_err(unreadable)?;
            let next = span.days().1.format("%Y-%m-%d").to_string();
            for (_, z) in days
                .iter()
                .filter(|(_, c)| c.period == Period::Day && c.label < next)
            {
                let day = NaiveDate::parse_from_str(&z.label, "%Y-%m-%d")
                    .map_err(|_| ExportError::BadPeriod(z.label.clone()))?;
                let money = signed::money(tx, t.id, "fiscal", (z.first_seq, z.last_seq))?
                    .map_err(unreadable)?;
                let mut later: BTreeMap<Option<u32>, i64> = BTreeMap::new();
                for (d, rate, excl) in money.iter().flat_map(|m| calendar.later(day, m)) {
                    let e = deferred.entry((d, rate)).or_default();
                    *e = add(*e, excl)?;
                    let e = later.entry(rate).or_default();
                    *e = add(*e, excl)?;
                }
                if span.contains(day) {
                    let row = store::closings::of(tx, t.id, false, "day", &z.label)?;
                    let validated = row.map_or(day, |r| local_day(r.at, calendar.zone));
                    entries.extend(closing_entry(
                        (&t.name, &suffix, day, validated),
                        z,
                        &later,
                        country,
                    )?);
                }
            }
        }
        let validated = closed_at.unwrap_or(span.last_day());
        entries.extend(recognised(span, &deferred, validated)?);
        entries.sort_by(|a, b| {
            (a.day, a.journal == Key::MiscJournal, &a.piece).cmp(&(
                b.day,
                b.journal == Key::MiscJournal,
                &b.piece,
            ))
        });
        Ok(Books {
            venue,
            span,
            chart,
            entries,
        })
    })
}

pub(super) fn wrong_country(wanted: Country, actual: Country) -> ExportError {
    let (export, instead) = match wanted {
        Country::France => (
            "FEC",
            "a Quebec venue's accountant imports guichet export quickbooks",
        ),
        Country::Quebec => (
            "QuickBooks journal",
            "a French venue's accountant imports guichet export fec",
        ),
    };
    ExportError::WrongCountry {
        export,
        wanted,
        actual,
        instead,
    }
}

fn local_day(unix: i64, zone: chrono_tz::Tz) -> NaiveDate {
    store::instant(unix).with_timezone(&zone).date_naive()
}

/// The instant a local day starts.
fn start(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    crate::domain::season::local_instant(zone, day, NaiveTime::MIN)
        .unwrap_or_else(|_| day.and_time(NaiveTime::MIN).and_utc())
}

/// When the period was closed on a terminal (its local day), None when
/// the terminal sold nothing before the period's end; refused when it
/// did and the period is not closed.
fn period_closed(
    tx: &Tx,
    t: &store::terminals::TerminalRow,
    span: Span,
    zone: chrono_tz::Tz,
) -> Result<Option<NaiveDate>, ExportError> {
    if let Some(row) = store::closings::of(tx, t.id, false, span.kind(), &span.label())? {
        return Ok(Some(local_day(row.at, zone)));
    }
    let end = start(zone, span.days().1).timestamp_millis();
    match store::ledger::first_money_after(tx, t.id, "fiscal", 0)? {
        Some((_, recorded)) if recorded < end => Err(ExportError::NotClosed {
            period: span.label(),
            kind: span.kind(),
            terminal: t.name.clone(),
        }),
        _ => Ok(None),
    }
}

/// Which side a positive amount goes on.
#[derive(Clone, Copy)]
enum Side {
    Debit,
    Credit,
}

/// Adds a line (a negative amount on the other side); none for 0.
fn post(lines: &mut Vec<Line>, key: Key, side: Side, amount: i64, label: String) {
    let (debit, credit) = match (side, amount >= 0) {
        (Side::Debit, true) | (Side::Credit, false) => (amount.saturating_abs(), 0),
        (Side::Credit, true) | (Side::Debit, false) => (0, amount.saturating_abs()),
    };
    if amount != 0 {
        lines.push(Line {
            key,
            debit,
            credit,
            label,
        });
    }
}

fn method_label(method: &str) -> &str {
    match method {
        "cash" => "espèces",
        "card" => "carte bancaire",
        "cheque" => "chèques",
        "voucher" => "avoirs et bons",
        other => other,
    }
}

fn percent(rate: u32) -> String {
    format!("{} %", super::accounts::rate_text(rate).replace('.', ","))
}

/// A Z's entry: its payments, its revenue (less what is deferred), its
/// deferred revenue and its taxes. None when the Z moved no money.
fn closing_entry(
    (terminal, suffix, day, validated): (&str, &str, NaiveDate, NaiveDate),
    z: &Closing,
    later: &BTreeMap<Option<u32>, i64>,
    country: Country,
) -> Result<Option<Entry>, ExportError> {
    let t = &z.totals;
    let piece = format!("Z{}{suffix}", z.number);
    let mut lines = Vec::new();
    for p in &t.payments {
        let label = method_label(&p.method).to_owned();
        post(
            &mut lines,
            Key::Payment(p.method.clone()),
            Side::Debit,
            p.amount,
            label,
        );
    }
    let mut revenue: BTreeMap<Option<u32>, i64> = BTreeMap::new();
    let quebec_base = t
        .taxes
        .iter()
        .find(|x| x.kind == "gst")
        .or_else(|| t.taxes.iter().find(|x| x.kind == "qst"))
        .map_or(0, |x| x.base);
    match country {
        Country::France => {
            for x in t.taxes.iter().filter(|x| x.kind == "vat") {
                let e = revenue.entry(Some(x.rate)).or_default();
                *e = add(*e, x.base)?;
            }
        }
        Country::Quebec => {
            revenue.insert(None, quebec_base);
        }
    }
    for rate in later.keys() {
        revenue.entry(*rate).or_default();
    }
    let mut deferred = 0i64;
    for (rate, base) in &revenue {
        let later = later.get(rate).copied().unwrap_or(0);
        deferred = add(deferred, later)?;
        let now = base.checked_sub(later).ok_or(ExportError::Overflow)?;
        let label = match rate {
            Some(r) => format!("recettes TVA {}", percent(*r)),
            None => "recettes".to_owned(),
        };
        post(&mut lines, Key::Revenue(*rate), Side::Credit, now, label);
    }
    let label = "recettes des représentations à venir".to_owned();
    post(&mut lines, Key::Deferred, Side::Credit, deferred, label);
    for x in &t.taxes {
        let (key, label) = match x.kind.as_str() {
            "gst" => (Key::Gst, "TPS".to_owned()),
            "qst" => (Key::Qst, "TVQ".to_owned()),
            _ => (Key::Vat(x.rate), format!("TVA {}", percent(x.rate))),
        };
        post(&mut lines, key, Side::Credit, x.tax, label);
    }
    let entry = Entry {
        journal: Key::SalesJournal,
        day,
        label: format!(
            "Z n° {} du {} ({terminal})",
            z.number,
            day.format("%d/%m/%Y")
        ),
        piece,
        validated,
        lines,
    };
    balanced(entry).map(|e| (!e.lines.is_empty()).then_some(e))
}

/// The entry, once its debits equal its credits.
fn balanced(e: Entry) -> Result<Entry, ExportError> {
    let mut debit = 0i64;
    let mut credit = 0i64;
    for l in &e.lines {
        debit = add(debit, l.debit)?;
        credit = add(credit, l.credit)?;
    }
    if debit != credit {
        return Err(ExportError::Unbalanced {
            piece: e.piece,
            debit,
            credit,
        });
    }
    Ok(e)
}

/// On each performance day of the period, the revenue deferred for it
/// moved from deferred revenue into revenue.
fn recognised(
    span: Span,
    deferred: &Deferred,
    validated: NaiveDate,
) -> Result<Vec<Entry>, ExportError> {
    let mut by_day: BTreeMap<NaiveDate, Vec<(Option<u32>, i64)>> = BTreeMap::new();
    for ((day, rate), amount) in deferred {
        if span.contains(*day) && *amount != 0 {
            by_day.entry(*day).or_default().push((*rate, *amount));
        }
    }
    let mut out = Vec::new();
    for (day, amounts) in by_day {
        let piece = format!("PCA{}", day.format("%Y%m%d"));
        let mut lines = Vec::new();
        let mut total = 0i64;
        for (_, amount) in &amounts {
            total = add(total, *amount)?;
        }
        let label = "produits constatés d'avance repris".to_owned();
        post(&mut lines, Key::Deferred, Side::Debit, total, label);
        for (rate, amount) in amounts {
            let label = match rate {
                Some(r) => format!("recettes TVA {}", percent(r)),
                None => "recettes".to_owned(),
            };
            post(&mut lines, Key::Revenue(rate), Side::Credit, amount, label);
        }
        out.push(balanced(Entry {
            journal: Key::MiscJournal,
            day,
            label: format!("Recettes des représentations du {}", day.format("%d/%m/%Y")),
            piece,
            validated,
            lines,
        })?);
    }
    Ok(out)
}

//! `guichet close day|month|year` and `guichet closings`: the till's
//! closings, made and listed.

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::args::CloseCommand;
use super::{Failure, Run};
use guichet::domain::closing::Period;
use guichet::domain::{Currency, Locale, Money};
use guichet::programming;
use guichet::terminal;
use guichet::till::closings::{self, Closed};

/// `guichet close day [--date D]`, `close month [--month YYYY-MM]`,
/// `close year [--year YYYY]`.
pub fn close(run: &Run, command: CloseCommand) -> Result<(), Failure> {
    let now = run.now();
    let (mut t, by) = run.open(false)?;
    let zone = programming::venue::time_zone(&t.store);
    let today = now.with_timezone(&zone).date_naive();
    let closed = match command {
        CloseCommand::Day { date } => {
            closings::close_day(&mut t.store, &t.signer, &by, date.unwrap_or(today), now)?
        }
        CloseCommand::Month { month } => {
            let first = match month {
                Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                    .map_err(|_| Failure(format!("\"{m}\" is not a month: write 2026-11"), 2))?,
                None => today
                    .with_day(1)
                    .and_then(|d| d.checked_sub_months(chrono::Months::new(1)))
                    .unwrap_or(today),
            };
            closings::close_period(&mut t.store, &t.signer, &by, Period::Month, first, now)?
        }
        CloseCommand::Year { year } => {
            let year = year.unwrap_or(today.year() - 1);
            let first = NaiveDate::from_ymd_opt(year, 1, 1)
                .ok_or_else(|| Failure(format!("{year} is not a year"), 2))?;
            closings::close_period(&mut t.store, &t.signer, &by, Period::Year, first, now)?
        }
    };
    print_closed(&closed);
    Ok(())
}

fn money(cents: i64, currency: &str) -> String {
    let currency = Currency::from_code(currency).unwrap_or(Currency::Eur);
    Money::new(cents, currency).format(Locale::En)
}

/// A closing as the command line prints it.
fn print_closed(c: &Closed) {
    let r = &c.record;
    let t = &r.totals;
    let m = |cents| money(cents, &r.currency);
    println!(
        "{} closing no. {} ({}): records {}..{}",
        r.period.code(),
        r.number,
        r.label,
        r.first_seq,
        r.last_seq
    );
    println!(
        "  {} sale(s), {} ticket(s) ({} invitation(s)), {} exchange(s), {} cancellation(s) ({} ticket(s))",
        t.sales, t.tickets, t.invitations, t.exchanges, t.cancellations, t.cancelled_tickets
    );
    println!(
        "  sold {}, cancelled {}, refunds {}, total {}, perpetual total {}",
        m(t.sold),
        m(t.cancelled),
        m(t.refunds),
        m(t.total),
        m(r.perpetual)
    );
    for x in &t.taxes {
        println!(
            "  {} {}.{:03} %: base {}, tax {}",
            x.kind,
            x.rate / 1000,
            x.rate % 1000,
            m(x.base),
            m(x.tax)
        );
    }
    for p in &t.payments {
        println!("  {}: {}", p.method, m(p.amount));
    }
}

/// `guichet closings [--json]`.
pub fn closings(run: &Run, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let rows = closings::closings(&store, 10_000)?;
    if json {
        let mut list = Vec::new();
        for row in &rows {
            let record = closings::closing(&store, row)?;
            list.push(json!({
                "terminal": row.terminal_id,
                "period": row.period,
                "number": row.number,
                "label": row.label,
                "first_seq": row.first_seq,
                "last_seq": row.last_seq,
                "last_hash": record.last_hash,
                "currency": record.currency,
                "totals": serde_json::to_value(&record.totals).unwrap_or_default(),
                "perpetual": row.perpetual,
                "record": row.ledger_seq,
            }));
        }
        println!("{}", serde_json::Value::Array(list));
        return Ok(());
    }
    for row in &rows {
        println!(
            "{}\t{} no. {}\t{}\ttotal {}\tperpetual {}",
            row.terminal_id, row.period, row.number, row.label, row.total, row.perpetual
        );
    }
    Ok(())
}

/// `guichet closings --report day:12 --out FILE.pdf`: a closing's report.
pub fn report(run: &Run, which: &str, out: &std::path::Path) -> Result<(), Failure> {
    let bad = || {
        Failure(
            format!("\"{which}\": write the period and the number, as day:12"),
            2,
        )
    };
    let (period, number) = which.split_once(':').ok_or_else(bad)?;
    let number: i64 = number.trim().parse().map_err(|_| bad())?;
    let store = terminal::read_only(run.db())?;
    let row = closings::closings(&store, i64::MAX)?
        .into_iter()
        .find(|r| r.period == period.trim() && r.number == number)
        .ok_or_else(|| Failure(format!("no {period} closing no. {number}"), 1))?;
    let pdf = guichet::till::report::of(&store, &row, run.now())?;
    std::fs::write(out, pdf)
        .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
    eprintln!("guichet: wrote {}", out.display());
    Ok(())
}

/// `guichet statement --performance ID|--day DATE [--out FILE.pdf|FILE.csv]`.
pub fn statement(
    run: &Run,
    performance: Option<i64>,
    day: Option<NaiveDate>,
    out: Option<std::path::PathBuf>,
) -> Result<(), Failure> {
    use guichet::till::statements;
    let store = terminal::read_only(run.db())?;
    let all = match (performance, day) {
        (Some(id), _) => vec![statements::of_performance(&store, id)?],
        (None, Some(day)) => statements::of_day(&store, day)?,
        (None, None) => return Err(Failure("give --performance ID or --day DATE".into(), 2)),
    };
    if all.is_empty() {
        return Err(Failure("no performance that day".into(), 1));
    }
    for b in &all {
        print_statement(b);
    }
    if let Some(out) = out {
        let bytes = if out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            all.iter()
                .map(statements::csv)
                .collect::<Vec<_>>()
                .join("\r\n")
                .into_bytes()
        } else {
            statements::pdf_of(&all, run.now())?
        };
        std::fs::write(&out, bytes)
            .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
        eprintln!("guichet: wrote {}", out.display());
    }
    Ok(())
}

/// `guichet show-tax --quarter 2026-Q4 [--out FILE.csv]`.
pub fn show_tax(run: &Run, quarter: &str, out: Option<std::path::PathBuf>) -> Result<(), Failure> {
    use guichet::till::statements;
    let bad = || Failure(format!("\"{quarter}\" is not a quarter: write 2026-Q4"), 2);
    let (year, q) = quarter.split_once(['-', ' ']).ok_or_else(bad)?;
    let year: i32 = year.trim().parse().map_err(|_| bad())?;
    let q: u32 = q
        .trim()
        .trim_start_matches(['Q', 'q', 'T', 't'])
        .parse()
        .map_err(|_| bad())?;
    let first = NaiveDate::from_ymd_opt(year, 1 + 3 * (q.clamp(1, 4) - 1), 1)
        .filter(|_| (1..=4).contains(&q))
        .ok_or_else(bad)?;
    let store = terminal::read_only(run.db())?;
    let all = statements::show_tax(&store, first)?;
    let csv = statements::show_tax_csv(&all);
    print!("{}", csv.trim_start_matches('\u{feff}'));
    if let Some(out) = out {
        std::fs::write(&out, csv)
            .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
        eprintln!("guichet: wrote {}", out.display());
    }
    Ok(())
}

/// A statement as the command line prints it.
fn print_statement(b: &guichet::till::statements::Bordereau) {
    let s = &b.statement;
    let currency = b.venue.settings.currency.code().to_owned();
    let m = |c| money(c, &currency);
    println!("{} — {}", b.heading.show, b.heading.hall);
    for l in &s.lines {
        println!(
            "  {} · {} · {}: {} issued, {} cancelled, {} free, {} ({} before VAT)",
            l.category,
            l.tariff,
            m(l.unit_price),
            l.issued,
            l.cancelled,
            l.invitations,
            m(l.revenue),
            m(l.excl)
        );
    }
    println!(
        "  total: {} valid ticket(s), {} free, {} cancelled, {} ({} before VAT), {}.{} % full",
        s.tickets,
        s.invitations,
        s.cancelled,
        m(s.revenue),
        m(s.excl),
        s.fill / 10,
        s.fill % 10
    );
    if let Some((tax, base, amount)) = s.show_tax {
        println!(
            "  show tax ({}): 3.5 % of {} = {}",
            tax.code(),
            m(base),
            m(amount)
        );
    }
}

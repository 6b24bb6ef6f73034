//! `guichet close day|month|year` and `guichet closings`: the till's
//! closings, made and listed.

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::{Failure, Run};
use clap::Subcommand;
use guichet::domain::closing::Period;
use guichet::domain::drawer::{Counted, Movement};
use guichet::domain::{Currency, Locale, Money};
use guichet::programming;
use guichet::terminal;
use guichet::till::archive;
use guichet::till::closings::{self, Closed};
use guichet::till::drawer;
use guichet::ui::i18n as words;

#[derive(Subcommand)]
pub enum SessionCommand {
    /// Today's session, opened with the float counted in the drawer
    Open {
        /// The float in cents (or --pieces)
        #[arg(
            long,
            value_name = "CENTS",
            required_unless_present = "pieces",
            conflicts_with = "pieces"
        )]
        float: Option<i64>,
        /// The float by denomination, VALUE:QUANTITY in cents (2000:3,100:5)
        #[arg(long, value_name = "VALUE:QTY[,…]")]
        pieces: Option<String>,
    },
    /// Cash put into the drawer, with why
    CashIn {
        #[arg(long, value_name = "CENTS")]
        amount: i64,
        #[arg(long)]
        reason: String,
    },
    /// Cash taken out of the drawer, with why
    CashOut {
        #[arg(long, value_name = "CENTS")]
        amount: i64,
        #[arg(long)]
        reason: String,
    },
    /// Count the drawer: at the end of the session, or when another clerk
    /// takes it (--handover-to); says expected, counted and the difference
    Count {
        /// The cash counted in cents (or --pieces)
        #[arg(
            long,
            value_name = "CENTS",
            required_unless_present = "pieces",
            conflicts_with = "pieces"
        )]
        total: Option<i64>,
        /// The count by denomination, VALUE:QUANTITY in cents (5000:2,200:7)
        #[arg(long, value_name = "VALUE:QTY[,…]")]
        pieces: Option<String>,
        /// The clerk who takes the drawer (the session stays open)
        #[arg(long, value_name = "NAME")]
        handover_to: Option<String>,
    },
    /// The session open now: float, movements, cash taken, expected
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CloseCommand {
    /// The day's closing (Z), today's unless --date says which (a clerk may)
    Day {
        /// YYYY-MM-DD, in the venue's time zone
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// A month once it is over, every day of it closed (a coordinator's
    /// --operator); the last month unless --month says which
    Month {
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
    },
    /// A year once it is over, every month of it closed (a coordinator's
    /// --operator); last year unless --year says which
    Year {
        #[arg(long)]
        year: Option<i32>,
    },
}

/// Reads `VALUE:QUANTITY[,…]` (cents and how many), at most one entry per
/// note or coin of the venue's currency.
fn pieces(text: &str, currency: Currency) -> Result<Counted, Failure> {
    let bad = |part: &str| {
        Failure(
            format!("\"{part}\" is not VALUE:QUANTITY (cents and how many, as 2000:3)"),
            2,
        )
    };
    let mut given = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if given.len() >= guichet::domain::drawer::denominations(currency).len() {
            return Err(Failure("more entries than notes and coins".into(), 2));
        }
        let (value, quantity) = part.split_once(':').ok_or_else(|| bad(part))?;
        let value: i64 = value.trim().parse().map_err(|_| bad(part))?;
        let quantity: i64 = quantity.trim().parse().map_err(|_| bad(part))?;
        given.push((value, quantity));
    }
    Counted::pieces(currency, &given).map_err(|e| Failure(words::till::count(&e, Locale::En), 2))
}

/// A count given as a total or by denomination.
fn counted(
    total: Option<i64>,
    by_piece: Option<&str>,
    currency: Currency,
) -> Result<Counted, Failure> {
    match (total, by_piece) {
        (_, Some(text)) => pieces(text, currency),
        (Some(cents), None) => {
            Counted::total(cents).map_err(|e| Failure(words::till::count(&e, Locale::En), 2))
        }
        (None, None) => Err(Failure("give --total or --pieces".into(), 2)),
    }
}

/// `guichet session open|cash-in|cash-out|count|show`.
pub fn session(run: &Run, command: SessionCommand) -> Result<(), Failure> {
    if let SessionCommand::Show { json } = command {
        return show_session(run, json);
    }
    let now = run.now();
    let (mut t, by) = run.open(false)?;
    let currency =
        programming::venue::load(&t.store)?.map_or(Currency::Eur, |v| v.settings.currency);
    match command {
        SessionCommand::Open { float, pieces } => {
            let float = counted(float, pieces.as_deref(), currency)?;
            let s = drawer::open(&mut t.store, &t.signer, &by, &float, now)?;
            print_session(&s);
        }
        SessionCommand::CashIn { amount, reason } => {
            let s = drawer::move_cash(
                &mut t.store,
                &t.signer,
                &by,
                (Movement::In, amount, &reason),
                now,
            )?;
            print_session(&s);
        }
        SessionCommand::CashOut { amount, reason } => {
            let s = drawer::move_cash(
                &mut t.store,
                &t.signer,
                &by,
                (Movement::Out, amount, &reason),
                now,
            )?;
            print_session(&s);
        }
        SessionCommand::Count {
            total,
            pieces,
            handover_to,
        } => {
            let c = counted(total, pieces.as_deref(), currency)?;
            let done = drawer::count(
                &mut t.store,
                &t.signer,
                &by,
                &c,
                handover_to.as_deref(),
                now,
            )?;
            let m = |cents| Money::new(cents, currency).format(Locale::En);
            println!(
                "session {}: expected {}, counted {}, difference {}{}",
                done.session,
                m(done.expected),
                m(done.counted),
                m(done.difference),
                handover_to
                    .map(|n| format!(" (handed over to {n})"))
                    .unwrap_or_default()
            );
        }
        SessionCommand::Show { json } => show_session(run, json)?,
    }
    Ok(())
}

/// `guichet session show`: the session open now (reads only).
fn show_session(run: &Run, json: bool) -> Result<(), Failure> {
    if !run.db().exists() {
        return Err(Failure(
            format!("there is no database at {}", run.db().display()),
            2,
        ));
    }
    let t = terminal::Terminal::open(run.db(), run.clock.clone())?;
    match drawer::current(&t.store, t.signer.terminal_id)? {
        None if json => println!("null"),
        None => println!("no session open: guichet session open --float CENTS"),
        Some(s) if json => println!("{}", session_json(&s)),
        Some(s) => print_session(&s),
    }
    Ok(())
}

fn print_session(s: &drawer::Session) {
    let m = |cents| Money::new(cents, s.currency).format(Locale::En);
    let e = &s.expected;
    println!(
        "session {} of {}{}: float {}, cash taken {}, cash in {}, cash out {}, expected in the drawer {}",
        s.number,
        s.day,
        if s.counted { " (counted)" } else { "" },
        m(e.float),
        m(e.takings),
        m(e.cash_in),
        m(e.cash_out),
        m(e.total())
    );
    for d in &s.steps {
        println!(
            "  {} {} {}{}{}",
            d.at.format("%Y-%m-%d %H:%M:%S UTC"),
            d.step.code(),
            m(d.amount),
            d.expected
                .map(|x| format!(" (expected {})", m(x)))
                .unwrap_or_default(),
            [d.reason.as_str(), d.to.as_str()]
                .iter()
                .filter(|x| !x.is_empty())
                .map(|x| format!(" · {x}"))
                .collect::<String>()
        );
    }
}

fn session_json(s: &drawer::Session) -> serde_json::Value {
    json!({
        "session": s.number,
        "day": s.day.to_string(),
        "currency": s.currency.code(),
        "float": s.expected.float,
        "takings": s.expected.takings,
        "cash_in": s.expected.cash_in,
        "cash_out": s.expected.cash_out,
        "expected": s.expected.total(),
        "counted": s.counted,
        "steps": s.steps.iter().map(|d| json!({
            "step": d.step.code(),
            "amount": d.amount,
            "expected": d.expected,
            "reason": d.reason,
            "to": d.to,
            "at": d.at.to_rfc3339(),
        })).collect::<Vec<_>>(),
    })
}

/// `guichet training [on|off]`.
pub fn training(run: &Run, switch: Option<&str>) -> Result<(), Failure> {
    let say = |on: bool| {
        if on {
            println!(
                "training mode is on: MODE FORMATION — NE VAUT PAS TITRE (sales go to the training chain)"
            );
        } else {
            println!("training mode is off");
        }
    };
    let Some(switch) = switch else {
        if !run.db().exists() {
            return Err(Failure(
                format!("there is no database at {}", run.db().display()),
                2,
            ));
        }
        let t = terminal::Terminal::open(run.db(), run.clock.clone())?;
        say(guichet::till::training::is_on(
            &t.store,
            t.signer.terminal_id,
        ));
        return Ok(());
    };
    let now = run.now();
    let (mut t, by) = run.open(false)?;
    let on = switch == "on";
    guichet::till::training::switch(&mut t.store, &t.signer, &by, on, now)?;
    say(on);
    Ok(())
}

/// `guichet archive --period 2026-11|2026 --out DIR`.
pub fn archive(run: &Run, period: &str, out: &std::path::Path) -> Result<(), Failure> {
    let which = match period.len() {
        4 if period.parse::<u16>().is_ok() => Period::Year,
        7 if NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").is_ok() => {
            Period::Month
        }
        _ => {
            return Err(Failure(
                format!("\"{period}\" is not a month or a year: write 2026-11 or 2026"),
                2,
            ));
        }
    };
    let now = run.now();
    let (mut t, by) = run.open(false)?;
    let done = archive::archive(&mut t.store, &t.signer, &by, (which, period), out, now)?;
    println!(
        "archive of {}: {} ({} records, {} closings, manifest sha256 {})",
        done.label,
        done.folder.display(),
        done.records,
        done.closings,
        done.manifest_sha256
    );
    Ok(())
}

/// `guichet verify-archive DIR`: 0 when it holds, 1 when it does not.
pub fn verify_archive(dir: &std::path::Path) -> Result<(), Failure> {
    match archive::verify(dir) {
        Ok(a) => {
            println!(
                "archive of {} holds: {} records and {} closings, every hash and signature checked (manifest sha256 {})",
                a.label, a.records, a.closings, a.manifest_sha256
            );
            println!(
                "signed by terminal \"{}\" with the key(s) {}: compare with `guichet key list` on that till",
                a.terminal,
                a.key_ids.join(", ")
            );
            Ok(())
        }
        Err(e) => Err(Failure(words::till::archive(&e, Locale::En), 1)),
    }
}

/// `guichet close day [--date D]`, `close month [--month YYYY-MM]`,
/// `close year [--year YYYY]`.
pub fn close(run: &Run, command: CloseCommand) -> Result<(), Failure> {
    let now = run.now();
    let (mut t, by) = run.open(false)?;
    let zone = programming::venue::time_zone(&t.store);
    let today = now.with_timezone(&zone).date_naive();
    let command_was_day = matches!(command, CloseCommand::Day { .. });
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
    // A day closed: a backup, its witness (a failure is said, the closing
    // stands).
    if command_was_day {
        match guichet::backup::run(&mut t.store, now) {
            Ok(round) => {
                for made in &round.made {
                    println!("backed up: {}", made.file.display());
                }
                for e in &round.failed {
                    eprintln!("guichet: the backup after the closing failed: {e}");
                }
            }
            Err(e) => eprintln!("guichet: the backup after the closing failed: {e}"),
        }
    }
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
            statements::csv_of(&all).into_bytes()
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

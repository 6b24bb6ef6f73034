//! Closings of the till: a day's closing (Z) over 5,000 sales (goal: under
//! 200 ms), and a month's over 150,000 sales in 30 closed days. Each
//! closing is made on a fresh copy of a database built once into the
//! target folder (the copy is not timed).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use guichet::domain::closing::Period;
use guichet::domain::journal::Chain;
use guichet::ledger;
use guichet::operators;
use guichet::programming::demo;
use guichet::terminal::{Clock, Terminal};
use guichet::till::closings;

const SALES_A_DAY: i64 = 5_000;
const DAYS: u32 = 30;

/// Noon (Paris) on a day of November 2026.
fn noon(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 11, 0, 0).unwrap()
}

/// The demo's venue and `days` days of November of `SALES_A_DAY` sale
/// records each, the first `closed` of them closed.
fn build(db: &Path, days: u32, closed: u32) {
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut t = Terminal::open(db, Clock::set_at(noon(1))).unwrap();
    let system = operators::system(&t.store).unwrap();
    demo::load(
        &mut t.store,
        &t.signer,
        &system.actor(),
        &demo::Source::Embedded,
        noon(1) - chrono::Duration::days(1),
    )
    .unwrap();
    let actor = system.actor();
    let mut receipt = 0;
    for day in 1..=days {
        let Terminal { store, signer, .. } = &mut t;
        store
            .write(|tx| {
                for i in 0..SALES_A_DAY {
                    receipt += 1;
                    ledger::append(
                        tx,
                        signer,
                        Chain::Fiscal,
                        &actor,
                        &common::records::two_ticket_sale(receipt),
                        noon(day) + chrono::Duration::seconds(i),
                    )?;
                }
                Ok::<_, ledger::LedgerError>(())
            })
            .unwrap();
        if day <= closed {
            let date = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            closings::close_day(
                store,
                signer,
                &system,
                date,
                noon(day) + chrono::Duration::hours(10),
            )
            .unwrap();
        }
    }
}

/// A fresh copy of the database at `db` (and its key), opened.
fn copy(db: &Path, to: &Path) -> Terminal {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(db.parent().unwrap()).unwrap() {
        let from = entry.unwrap().path();
        let name = from.file_name().unwrap();
        if !name.to_string_lossy().ends_with("-shm") {
            std::fs::copy(&from, to.join(name)).unwrap();
        }
    }
    Terminal::open(&to.join("guichet.db"), Clock::set_at(noon(DAYS))).unwrap()
}

fn ready(days: u32, closed: u32) -> PathBuf {
    let db = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bench-closings-{days}-{closed}"))
        .join("guichet.db");
    let built = guichet::terminal::read_only(&db)
        .ok()
        .and_then(|s| closings::closings(&s, 100).ok())
        .is_some_and(|c| c.len() == closed as usize);
    if !built {
        build(&db, days, closed);
    }
    db
}

fn closing(c: &mut Criterion) {
    let mut group = c.benchmark_group("closing");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    // A day of 5,000 sales.
    let day = ready(1, 0);
    let scratch = day.parent().unwrap().with_extension("copy");
    group.bench_function("day_of_5000_sales", |b| {
        b.iter_batched(
            || copy(&day, &scratch),
            |mut t| {
                let system = operators::system(&t.store).unwrap();
                let date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
                let z = closings::close_day(
                    &mut t.store,
                    &t.signer,
                    &system,
                    date,
                    noon(1) + chrono::Duration::hours(10),
                )
                .unwrap();
                assert_eq!(z.record.totals.sales, SALES_A_DAY as u64);
            },
            BatchSize::PerIteration,
        )
    });
    // A month of 30 closed days, 150,000 sales.
    let month = ready(DAYS, DAYS);
    let scratch = month.parent().unwrap().with_extension("copy");
    group.bench_function("month_of_150000_sales", |b| {
        b.iter_batched(
            || copy(&month, &scratch),
            |mut t| {
                let system = operators::system(&t.store).unwrap();
                let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
                let december = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
                let m = closings::close_period(
                    &mut t.store,
                    &t.signer,
                    &system,
                    Period::Month,
                    first,
                    december,
                )
                .unwrap();
                assert_eq!(m.record.totals.sales, SALES_A_DAY as u64 * u64::from(DAYS));
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, closing);
criterion_main!(benches);

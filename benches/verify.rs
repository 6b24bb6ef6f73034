//! `verify` over a ledger of 1,000,000 records with its closings: the sales
//! rows held against the records (orders, lines, payments), and every
//! closing recomputed from what it sums (a day's closing per 5,000 sales,
//! the months closed from their days). The goal is over 30,000
//! records a second. The ledger is built once into the target folder and
//! kept (`GUICHET_BENCH_RECORDS` sets another size).

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use guichet::domain::closing::Period;
use guichet::domain::journal::Chain;
use guichet::ledger;
use guichet::operators;
use guichet::programming::demo;
use guichet::terminal::{Clock, Terminal};
use guichet::till::closings;

/// Sales a day, each day closed.
const SALES_A_DAY: i64 = 5_000;

fn records() -> i64 {
    std::env::var("GUICHET_BENCH_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

/// A database with the demo's venue whose fiscal chain holds `n` sale
/// records from 1 January 2026, `SALES_A_DAY` a day, each with its order,
/// line and payment rows; every day closed, then every month over.
fn build(db: &Path, n: i64) {
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
    let mut t = Terminal::open(db, Clock::set_at(start - chrono::Duration::days(2))).unwrap();
    let system = operators::system(&t.store).unwrap();
    let actor = system.actor();
    demo::load(
        &mut t.store,
        &t.signer,
        &actor,
        &demo::Source::Embedded,
        start - chrono::Duration::days(1),
    )
    .unwrap();
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.busy_timeout(Duration::from_secs(30)).unwrap();
    let mut receipt = 0;
    let mut day = start;
    while receipt < n {
        let batch: Vec<i64> = (receipt + 1..=(receipt + SALES_A_DAY).min(n)).collect();
        let Terminal { store, signer, .. } = &mut t;
        let seqs: Vec<i64> = store
            .write(|tx| {
                batch
                    .iter()
                    .zip(0..)
                    .map(|(&i, s)| {
                        ledger::append(
                            tx,
                            signer,
                            Chain::Fiscal,
                            &actor,
                            &common::records::two_ticket_sale(i),
                            day + chrono::Duration::seconds(s),
                        )
                        .map(|a| a.seq)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        raw.execute_batch("BEGIN").unwrap();
        for (&i, seq) in batch.iter().zip(seqs) {
            common::records::two_ticket_sale_rows(&raw, i, seq);
        }
        raw.execute_batch("COMMIT").unwrap();
        receipt = *batch.last().unwrap();
        let evening = day + chrono::Duration::hours(12);
        let date = evening
            .with_timezone(&chrono_tz::Europe::Paris)
            .date_naive();
        closings::close_day(&mut t.store, &t.signer, &system, date, evening).unwrap();
        day += chrono::Duration::days(1);
    }
    // The months over by the last day.
    let mut month = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let last = day.date_naive();
    while let Some(next) = month.checked_add_months(chrono::Months::new(1)) {
        if next > last {
            break;
        }
        let at = day + chrono::Duration::hours(1);
        closings::close_period(&mut t.store, &t.signer, &system, Period::Month, month, at).unwrap();
        month = next;
    }
}

fn verify(c: &mut Criterion) {
    let n = records();
    let db = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bench-verify-closings-{n}"))
        .join("guichet.db");
    let store = match guichet::terminal::read_only(&db) {
        Ok(s) if guichet::till::verify(&s).is_ok_and(|r| r.is_intact() && r.records() > n) => s,
        _ => {
            build(&db, n);
            guichet::terminal::read_only(&db).unwrap()
        }
    };
    let report = guichet::till::verify(&store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
    let total = report.records();
    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Elements(total as u64));
    group.bench_function(
        format!("ledger_of_{total}_records_closings_and_sales_rows"),
        |b| {
            b.iter(|| {
                let r = guichet::till::verify(&store).unwrap();
                assert!(r.is_intact());
            })
        },
    );
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);

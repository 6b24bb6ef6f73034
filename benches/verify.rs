//! `verify` over a ledger of 1,000,000 records, the sales rows held against
//! them (orders, lines, payments): the goal is over 30,000 records a
//! second. The ledger is built once into the target folder and kept
//! (`GUICHET_BENCH_RECORDS` sets another size).

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use guichet::domain::journal::Chain;
use guichet::ledger;
use guichet::operators;
use guichet::terminal::{Clock, Terminal};

fn records() -> i64 {
    std::env::var("GUICHET_BENCH_RECORDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

/// A database whose fiscal chain holds `n` sale records (and the genesis
/// records), each with its order, line and payment rows.
fn build(db: &Path, n: i64) {
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut t = Terminal::open(db, Clock::system()).unwrap();
    let actor = operators::system(&t.store).unwrap().actor();
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.busy_timeout(Duration::from_secs(30)).unwrap();
    let mut receipt = 0;
    while receipt < n {
        let batch: Vec<i64> = (receipt + 1..=(receipt + 10_000).min(n)).collect();
        let Terminal { store, signer, .. } = &mut t;
        let seqs: Vec<i64> = store
            .write(|tx| {
                batch
                    .iter()
                    .map(|&i| {
                        ledger::append(
                            tx,
                            signer,
                            Chain::Fiscal,
                            &actor,
                            &common::records::two_ticket_sale(i),
                            Utc::now(),
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
    }
}

fn verify(c: &mut Criterion) {
    let n = records();
    let db = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bench-verify-{n}"))
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
    group.bench_function(format!("ledger_of_{total}_records_and_sales_rows"), |b| {
        b.iter(|| {
            let r = guichet::till::verify(&store).unwrap();
            assert!(r.is_intact());
        })
    });
    group.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);

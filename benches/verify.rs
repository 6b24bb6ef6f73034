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
        // The rows two_ticket_sale_rows writes, with prepared statements
        // (the first sale makes the performance and tariff they name).
        if receipt == 0 {
            common::records::two_ticket_sale_rows(&raw, batch[0], seqs[0]);
        }
        raw.execute_batch("BEGIN").unwrap();
        {
            let mut order = raw
                .prepare(
                    "INSERT INTO sale_order (public_id, terminal_id, number, operator_id, total,
                                             ledger_seq, created_at)
                     VALUES (?1, 1, ?2, (SELECT id FROM operator WHERE is_system = 1), 6400, ?3, 0)",
                )
                .unwrap();
            let mut line = raw
                .prepare(
                    "INSERT INTO order_line (order_id, performance_id, category_id, tariff_id,
                                             quantity, unit_price, tax_rate, amount_excl,
                                             amount_tax, amount_incl)
                     VALUES (?1, 900, 900, (SELECT id FROM tariff WHERE code = 'PLEIN'),
                             2, 3200, 5500, 6066, 334, 6400)",
                )
                .unwrap();
            let mut payment = raw
                .prepare("INSERT INTO payment (order_id, method, amount, at) VALUES (?1, 'cash', 6400, 0)")
                .unwrap();
            for (&i, seq) in batch.iter().zip(seqs).skip(usize::from(receipt == 0)) {
                order
                    .execute(rusqlite::params![format!("0193a7c4-order-{i}"), i, seq])
                    .unwrap();
                let id = raw.last_insert_rowid();
                line.execute([id]).unwrap();
                payment.execute([id]).unwrap();
            }
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

//! Appending a sale-sized ledger record (canonical JSON, SHA-256, Ed25519
//! signature, insert, commit with fsync) against a bare single-row SQLite
//! insert committed the same way (WAL, synchronous=FULL, one transaction),
//! on the same disk, in the same run. The goal: a ratio under 2.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet::domain::journal::Chain;
use guichet::ledger;
use guichet::operators;
use guichet::terminal::{Clock, Terminal};

fn commit(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-ledger");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    let mut terminal = Terminal::open(&dir.join("guichet.db"), Clock::system()).unwrap();
    let actor = operators::system(&terminal.store).unwrap().actor();

    let bare = rusqlite::Connection::open(dir.join("bare.db")).unwrap();
    bare.pragma_update(None, "journal_mode", "WAL").unwrap();
    bare.pragma_update(None, "synchronous", "FULL").unwrap();
    bare.execute_batch(
        "CREATE TABLE sale (id INTEGER PRIMARY KEY, receipt INTEGER, total INTEGER)",
    )
    .unwrap();

    let mut group = c.benchmark_group("commit");
    group.measurement_time(Duration::from_secs(10));
    // Both benchmarks run both commits in turn and time their own: the
    // disk's speed drifts on a shared machine, and this way each figure
    // is taken under the same conditions as the other.
    let mut receipt = 0i64;
    let mut ledger_append = |terminal: &mut Terminal| {
        receipt += 1;
        let Terminal { store, signer, .. } = terminal;
        store
            .write(|tx| {
                ledger::append(
                    tx,
                    signer,
                    Chain::Fiscal,
                    &actor,
                    &common::records::two_ticket_sale(receipt),
                    Utc::now(),
                )
            })
            .unwrap();
    };
    let mut n = 0i64;
    let mut bare_insert = || {
        n += 1;
        bare.execute_batch("BEGIN IMMEDIATE").unwrap();
        bare.execute("INSERT INTO sale (receipt, total) VALUES (?1, 4700)", [n])
            .unwrap();
        bare.execute_batch("COMMIT").unwrap();
    };
    group.bench_function("ledger_append_sale", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                ledger_append(&mut terminal);
                timed += start.elapsed();
                bare_insert();
            }
            timed
        })
    });
    group.bench_function("bare_sqlite_insert", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            for _ in 0..iters {
                ledger_append(&mut terminal);
                let start = Instant::now();
                bare_insert();
                timed += start.elapsed();
            }
            timed
        })
    });
    group.finish();
    assert!(ledger::verify::verify(&terminal.store).unwrap().is_intact());
}

criterion_group!(benches, commit);
criterion_main!(benches);

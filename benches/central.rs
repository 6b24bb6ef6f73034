//! Pushing a terminal's chain to the venue's central database: 1,000
//! sale-sized records (two tickets each) into a fresh central database on a
//! throw-away PostgreSQL cluster started for the run (as the tests start
//! it), in transactions of 500. Without PostgreSQL the benchmark says it
//! was skipped.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet::central::{self, TerminalKind, push};
use guichet::domain::journal::Chain;
use guichet::ledger;
use guichet::operators;
use guichet::terminal::{Clock, Terminal};

const RECORDS: i64 = 1_000;

fn pushing(c: &mut Criterion) {
    if !common::pg::available("central benchmark") {
        return;
    }
    let cluster = common::pg::Cluster::start();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-central");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The terminal's file once, with its records: copied for each push.
    let template = dir.join("template.db");
    {
        let mut t = Terminal::open(&template, Clock::system()).unwrap();
        let actor = operators::system(&t.store).unwrap().actor();
        let Terminal { store, signer, .. } = &mut t;
        ledger::write(store, signer, |tx| {
            for receipt in 1..=RECORDS {
                let sale = common::records::two_ticket_sale(receipt);
                ledger::append(tx, signer, Chain::Fiscal, &actor, &sale, Utc::now())?;
            }
            Ok::<_, guichet::ledger::LedgerError>(())
        })
        .unwrap();
    }
    let mut g = c.benchmark_group("central");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let mut n = 0;
    g.bench_function("push 1,000 sale records to a fresh central database", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let db = dir.join(format!("t{n}.db"));
                for suffix in ["", ".key"] {
                    let from = format!("{}{suffix}", template.display());
                    std::fs::copy(from, format!("{}{suffix}", db.display())).unwrap();
                }
                let url = cluster.database(&format!("bench{n}"));
                central::init::init(&url, None).unwrap();
                let mut t = Terminal::open(&db, Clock::system()).unwrap();
                let admin = operators::system(&t.store).unwrap();
                let joined = central::join::join(
                    &mut t.store,
                    &t.signer,
                    &admin,
                    (&url, None),
                    TerminalKind::Counter,
                    Utc::now(),
                )
                .unwrap();
                let start = Instant::now();
                let done = push::push(&t.store, &t.signer).unwrap();
                spent += start.elapsed();
                assert!(done.stored > RECORDS && done.conflicts == 0, "{done:?}");
                // Roles belong to the server, and every copy is the same
                // terminal: its login goes with its database.
                drop(t);
                let mut owner =
                    postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
                owner
                    .batch_execute(&format!("DROP DATABASE bench{n} WITH (FORCE)"))
                    .unwrap();
                owner
                    .batch_execute(&format!("DROP ROLE \"{}\"", joined.login))
                    .unwrap();
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, pushing);
criterion_main!(benches);

//! The venue's central database on a throw-away PostgreSQL cluster started
//! for the run (as the tests start it): pushing a terminal's chain (1,000
//! sale-sized records, two tickets each, into a fresh central database, in
//! transactions of 500); lending a lot of 60 seats (the central transaction
//! and the signed record here); and a two-seat sale on a counter joined to
//! it (selling from its lent seats) against the same sale on a counter
//! alone, paired; merging an evening's 10,000 scans from two doors (5,000
//! each, 200 tickets let in by both: 200 duplicate-entry conflicts), in the
//! doors' batches of 2,000. Without PostgreSQL the benchmark says it was
//! skipped.

mod common;

use std::time::{Duration, Instant};

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet::central::{self, TerminalKind, contingents, push};
use guichet::counter::{self, SaleRequest};
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

/// Sells the next pair of seats of `pairs`.
fn sell_next(t: &mut Terminal, by: &operators::Operator, pairs: &mut Vec<SaleRequest>) {
    let request = pairs.pop().expect("enough seats for the benchmark");
    counter::sell::sell(&mut t.store, &t.signer, by, &request, Utc::now()).unwrap();
}

fn lending(c: &mut Criterion) {
    if !common::pg::available("central lending benchmark") {
        return;
    }
    let cluster = common::pg::Cluster::start();
    let url = cluster.database("lending");
    central::init::init(&url, None).unwrap();
    let now = Utc::now();
    let season = common::big_hall_season();
    let (mut joined, admin) = common::venue_with_season("bench-central-joined", &season, now);
    let (mut alone, admin_alone) = common::venue_with_season("bench-central-alone", &season, now);
    central::join::join(
        &mut joined.store,
        &joined.signer,
        &admin,
        (&url, None),
        TerminalKind::Counter,
        now,
    )
    .unwrap();
    central::season::publish(&mut joined.store, &admin, now).unwrap();
    let performances: Vec<i64> = guichet::programming::upcoming(&joined.store, now, 100)
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();

    let mut g = c.benchmark_group("central");
    g.measurement_time(Duration::from_secs(10));
    let first = performances[0];
    g.bench_function("lend 60 seats (central transaction, signed here)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let got = contingents::lend(
                    &mut joined.store,
                    &joined.signer,
                    &admin,
                    first,
                    (60, 0),
                    Utc::now(),
                )
                .unwrap();
                spent += start.elapsed();
                assert_eq!(got.performances[0].seats_in, 60);
                contingents::give_back(
                    &mut joined.store,
                    &joined.signer,
                    &admin,
                    Some(first),
                    Utc::now(),
                )
                .unwrap();
            }
            spent
        })
    });
    g.finish();

    // A sale on the joined counter (its seats lent) against the same sale
    // on a counter alone, each pair on the same disk at the same moment.
    let selling = &performances[1..21];
    for &p in selling {
        contingents::lend(
            &mut joined.store,
            &joined.signer,
            &admin,
            p,
            (3000, 0),
            Utc::now(),
        )
        .unwrap();
    }
    let (mut on, mut off) = (
        common::seat_pairs(&joined, selling),
        common::seat_pairs(&alone, selling),
    );
    let rounds = 2_000;
    let (mut joined_sales, mut alone_sales) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        sell_next(&mut joined, &admin, &mut on);
        joined_sales.push(start.elapsed());
        let start = Instant::now();
        sell_next(&mut alone, &admin_alone, &mut off);
        alone_sales.push(start.elapsed());
    }
    let (on, off) = (
        common::median(&mut joined_sales),
        common::median(&mut alone_sales),
    );
    println!(
        "central/sale paired: {rounds} pairs, median sale joined {:.1} µs, alone {:.1} µs, ratio {:.2}",
        on.as_secs_f64() * 1e6,
        off.as_secs_f64() * 1e6,
        on.as_secs_f64() / off.as_secs_f64()
    );
}

/// `n` admissions at `door` of tickets `first..first + n` of the run `run`,
/// as a door pushes them (a JSON array).
fn admissions(run: u32, door: &str, tickets: std::ops::Range<u32>, at: i64) -> Vec<String> {
    let scans: Vec<serde_json::Value> = tickets
        .map(|i| {
            serde_json::json!({
                "id": format!("{run}-{door}-{i}"), "door": door,
                "ticket": format!("ticket-{run}-{i}"), "outcome": "admitted",
                "reentry": false, "manual": false, "at": at + i64::from(i % 3600),
            })
        })
        .collect();
    scans
        .chunks(central::doors::BATCH as usize)
        .map(|c| serde_json::Value::Array(c.to_vec()).to_string())
        .collect()
}

fn merging(c: &mut Criterion) {
    if !common::pg::available("central scans benchmark") {
        return;
    }
    let cluster = common::pg::Cluster::start();
    let url = cluster.database("scans");
    central::init::init(&url, None).unwrap();
    let now = Utc::now();
    let empty = common::season::season("Europe/Paris", &[], vec![], vec![], vec![]);
    let mut clients: Vec<postgres::Client> = ["bench-door-a", "bench-door-b"]
        .iter()
        .map(|name| {
            let (mut door, admin) = common::venue_with_season(name, &empty, now);
            central::join::join(
                &mut door.store,
                &door.signer,
                &admin,
                (&url, None),
                TerminalKind::Door,
                now,
            )
            .unwrap();
            central::connect_terminal(&door.store).unwrap()
        })
        .collect();
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let conflicts = |owner: &mut postgres::Client| -> i64 {
        owner
            .query_one("SELECT count(*) FROM guichet.conflict", &[])
            .unwrap()
            .get(0)
    };
    let mut g = c.benchmark_group("central");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    let mut run = 0;
    g.bench_function("merge 10,000 scans from two doors (200 duplicates)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                run += 1;
                let at = now.timestamp();
                let pushes = [
                    admissions(run, "Porte jardin", 0..5_000, at),
                    admissions(run, "Porte cour", 4_800..9_800, at + 1),
                ];
                let before = conflicts(&mut owner);
                let start = Instant::now();
                for (client, batches) in clients.iter_mut().zip(&pushes) {
                    for batch in batches {
                        let mut tx = client.transaction().unwrap();
                        let (stored, _) =
                            guichet::store::central::push_scans(&mut tx, batch).unwrap();
                        tx.commit().unwrap();
                        assert!(stored > 0);
                    }
                }
                spent += start.elapsed();
                assert_eq!(conflicts(&mut owner) - before, 200);
            }
            spent
        })
    });
    g.finish();
}

criterion_group!(benches, pushing, lending, merging);
criterion_main!(benches);

//! A backup of the patron file of 200,000 patrons and 1,000,000 tickets
//! (the audience bench's file, built once into the target folder): the
//! whole of it as the window makes one off its thread (SQLite's online
//! backup, its integrity check, the ledger verified, the checksum, the
//! manifest), and the check a restore makes first. Its size is printed.

mod common;

use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet::backup;
use guichet::store::Store;

fn backups(c: &mut Criterion) {
    let db = common::patron_file::ready();
    let (store, _) = Store::open(&db).unwrap();
    let place = db.parent().unwrap().join("backups");
    let at = Utc::now();
    let made = backup::make(&store, &place, true, at).unwrap();
    eprintln!(
        "backup of {} patrons and {} tickets: {:.1} MB (the database: {:.1} MB)",
        made.manifest.holds.patrons,
        made.manifest.holds.tickets,
        made.manifest.size as f64 / 1e6,
        std::fs::metadata(&db).unwrap().len() as f64 / 1e6
    );
    let mut group = c.benchmark_group("backup");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("make_200000_patrons_1000000_tickets", |b| {
        b.iter(|| {
            let m = backup::make(&store, &place, true, at).unwrap();
            std::fs::remove_file(m.file.with_extension("json")).unwrap();
            std::fs::remove_file(&m.file).unwrap();
        })
    });
    group.bench_function("check_before_a_restore", |b| {
        b.iter(|| backup::check(&made.file).unwrap())
    });
    group.finish();
}

criterion_group!(benches, backups);
criterion_main!(benches);

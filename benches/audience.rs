//! Search as you type in the patron file: 200,000 patrons and 1,000,000
//! tickets (400,000 orders), each keystroke of "durand", a phone, a
//! postcode and two words (goal: median under 20 ms per keystroke); two
//! segments counted and a season's analyses over the whole file. The
//! file is built once into the target folder and kept.

mod common;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};

fn search(c: &mut Criterion) {
    let db = common::patron_file::ready();
    let store = guichet::terminal::read_only(&db).unwrap();
    let mut group = c.benchmark_group("patron_search");
    group.sample_size(50);
    for typed in [
        "du",
        "dur",
        "dura",
        "durand",
        "camille du",
        "0612",
        "06 12 3",
        "750",
        "helene",
    ] {
        let found = guichet::audience::search(&store, typed, 50).unwrap();
        assert!(!found.is_empty(), "{typed} finds someone");
        group.bench_function(typed.replace(' ', "_"), |b| {
            b.iter(|| guichet::audience::search(&store, typed, 50).unwrap())
        });
    }
    group.finish();
    // A segment counted over the whole file (the builder counts as one types).
    let mut group = c.benchmark_group("segment");
    group.sample_size(10);
    let now = Utc::now();
    let zone = chrono_tz::Europe::Paris;
    for (name, segment) in [
        (
            "postcode_69",
            guichet::audience::segments::Segment {
                postcodes: vec!["69".into()],
                ..Default::default()
            },
        ),
        (
            "came_at_least_once",
            guichet::audience::segments::Segment {
                min_visits: Some(1),
                ..Default::default()
            },
        ),
    ] {
        let n = guichet::audience::segments::members(&store, &segment, now, zone, false)
            .unwrap()
            .len();
        assert!(n > 0, "{name} keeps someone");
        group.bench_function(name, |b| {
            b.iter(|| {
                guichet::audience::segments::members(&store, &segment, now, zone, false).unwrap()
            })
        });
    }
    group.finish();
    // A season's audience analyses over the whole file (the Publics screen's
    // Analyses and `audience report`).
    let mut group = c.benchmark_group("analyses");
    group.sample_size(10);
    let a = guichet::audience::analysis::analyse(&store, None, now, zone).unwrap();
    assert!(!a.seasons.is_empty());
    group.bench_function("season_whole_file", |b| {
        b.iter(|| guichet::audience::analysis::analyse(&store, None, now, zone).unwrap())
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);

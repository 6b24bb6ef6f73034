//! The season for the website: a golden file of the JSON for a numbered
//! hall with two tickets sold (places left, public prices, proof asked),
//! the iCalendar file saying the same places left, and the command line.

mod common;

use common::{Fixture, now};

/// The season as JSON (the fixture's ids come from its season file, so the
/// whole file is the same at every run).
fn website(f: &Fixture) -> String {
    let t = f.terminal();
    let site = guichet::exchange::website::season(&t.store, now()).unwrap();
    guichet::exchange::website::json(&site)
}

#[test]
fn the_website_season_matches_its_golden_file() {
    let f = Fixture::new();
    {
        let mut t = f.terminal();
        common::one_performance(&mut t, true);
        let p = guichet::programming::upcoming(&t.store, now(), 1).unwrap()[0].id;
        common::sell_some(&mut t, p, "PLEIN", 2);
    }
    let got = website(&f);
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/website.json");
    if std::env::var_os("GUICHET_BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("tests/golden/website.json");
    assert_eq!(
        got, want,
        "GUICHET_BLESS=1 cargo test --test website writes it anew"
    );
    // The calendar says the same places left.
    let t = f.terminal();
    let ics = guichet::programming::ical::season(&t.store, now()).unwrap();
    assert!(ics.contains("Places disponibles : 48"), "{ics}");
    // And the command line writes the file.
    let out = f.dir.path().join("saison.json");
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &["export", "website", "--out", out.to_str().unwrap()],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(written["performances"][0]["available"], 48);
}

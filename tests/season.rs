//! Season files between databases (idempotent, refused whole on error), the
//! performance listing, and the iCalendar export read back by an
//! independent parser.

mod common;

use common::{Fixture, count, now};
use guichet::domain::Role;
use guichet::programming::{self, ical, season_file};
use guichet::terminal::Terminal;

#[test]
fn a_season_moves_whole_and_a_second_import_changes_nothing() {
    let (_a, source) = Fixture::demo();
    let exported = season_file::export(&source.store).unwrap();
    let text = season_file::to_json(&exported);
    let (b, mut target) = Fixture::bare_venue();
    let op = common::system(&target);
    let by = common::by(&target.signer, &op);
    let report = season_file::import(&mut target.store, &by, &text).unwrap();
    assert_eq!(report.halls, (3, 0));
    assert_eq!(report.shows, (12, 0));
    assert_eq!(report.performances, (41, 0));
    assert_eq!(report.tariffs, (5, 0));
    // The venue's logo travels with the season, set where there was none
    // (by an administrator: journaled like `guichet venue logo`).
    assert!(report.logo);
    let logo = |t: &Terminal| programming::venue::logo(&t.store).unwrap();
    assert_eq!(logo(&target), logo(&source));
    assert!(logo(&target).is_some());
    let again = season_file::export(&target.store).unwrap();
    assert_eq!(again.halls, exported.halls, "plans identical, ids kept");
    assert_eq!(again.shows, exported.shows);
    assert_eq!(
        again.performances, exported.performances,
        "categories, prices, slots identical"
    );
    let rows = b.rows();
    let second = season_file::import(&mut target.store, &by, &text).unwrap();
    assert_eq!(second.created(), 0);
    assert_eq!(second.performances, (0, 41));
    assert_eq!(
        b.rows(),
        rows,
        "importing twice changes nothing, not even the ledger"
    );
    assert!(
        second
            .summary()
            .contains("performances 0 new, 41 already there")
    );
    let kinds: i64 = b
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'season_imported'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kinds, 1);
}

#[test]
fn a_season_file_with_an_error_is_refused_whole() {
    let (_a, source) = Fixture::demo();
    let file = season_file::export(&source.store).unwrap();
    let (b, mut target) = Fixture::bare_venue();
    let op = common::system(&target);
    let by = common::by(&target.signer, &op);
    let before = b.rows();
    let mut refuse = |text: String| {
        let e = season_file::import(&mut target.store, &by, &text).unwrap_err();
        assert_eq!(b.rows(), before, "nothing written after: {e}");
        e.to_string()
    };
    // Not JSON: the line and column.
    let version = format!("\"version\": {},", file.version);
    let e = refuse(season_file::to_json(&file).replacen(&version, &format!("{version},"), 1));
    assert!(e.starts_with("line 3 column"), "{e}");
    // A date that is not one: said in words, at its line, once.
    let first_start = file.performances[0].starts_at.to_rfc3339();
    let text = season_file::to_json(&file).replacen(&first_start, "demain soir", 1);
    let e = refuse(text);
    assert!(
        e.starts_with("line ")
            && e.contains("\"demain soir\" is not a date and time")
            && e.matches("column").count() == 1,
        "{e}"
    );
    // Newer than this program.
    let mut newer = file.clone();
    newer.version = season_file::VERSION + 1;
    assert!(refuse(season_file::to_json(&newer)).contains("written by a newer Guichet"));
    // Newer, with fields this version does not know: still named as newer.
    let newer_version = format!("\"version\": {},", newer.version);
    let text = season_file::to_json(&newer).replacen(
        &newer_version,
        &format!("{newer_version}\n  \"loyalty_cards\": [],"),
        1,
    );
    assert!(text.contains("loyalty_cards"));
    let e = refuse(text);
    let said = format!("written by a newer Guichet (version {}", newer.version);
    assert!(e.contains(&said), "{e}");
    // An id twice in the file: the second is named, not skipped.
    let mut twice = file.clone();
    let mut other = twice.halls[1].clone();
    other.id = twice.halls[0].id.clone();
    other.name = "Autre salle".into();
    twice.halls.push(other);
    let e = refuse(season_file::to_json(&twice));
    assert!(
        e.contains(&format!("halls[{}] (Autre salle)", file.halls.len()))
            && e.contains("appears twice in the file (first at halls[0])"),
        "{e}"
    );
    // A performance that ends before it starts, or lasts days.
    let mut backwards = file.clone();
    backwards.performances[0].ends_at =
        backwards.performances[0].starts_at - chrono::Duration::minutes(5);
    let e = refuse(season_file::to_json(&backwards));
    assert!(e.contains("ends after it starts"), "{e}");
    // A hold of places in a numbered hall, of seats twice, of nothing.
    let numbered = file
        .performances
        .iter()
        .position(|p| p.categories.len() == 3)
        .unwrap();
    let general = file
        .performances
        .iter()
        .position(|p| {
            file.halls
                .iter()
                .any(|h| h.id == p.hall && h.kind == guichet::domain::season::HallKind::General)
        })
        .unwrap();
    let hold = |quantity: i64, seats: Vec<season_file::SeatRef>| season_file::HoldEntry {
        id: format!("hold-{quantity}-{}", seats.len()),
        name: "Presse".into(),
        reason: String::new(),
        colour: String::new(),
        quantity,
        seats,
    };
    let row = |r: &str| season_file::SeatRef {
        section: "Orchestre".into(),
        row: r.into(),
        seats: vec![],
    };
    for (at, holds, expect) in [
        (general, vec![hold(0, vec![])], "0 places asked"),
        (
            general,
            vec![hold(2, vec![row("A")])],
            "no row A in Orchestre",
        ),
        (numbered, vec![hold(4, vec![])], "choose the seats"),
        (
            numbered,
            vec![hold(0, vec![row("A")]), hold(0, vec![row("A"), row("B")])],
            "already in a hold: Orchestre, row A",
        ),
    ] {
        let mut bad = file.clone();
        bad.performances[at].holds = holds;
        let e = refuse(season_file::to_json(&bad));
        assert!(e.contains("holds[") && e.contains(expect), "{expect}: {e}");
    }
    // A price that is not possible, deep in the last performance: its path.
    let mut bad = file.clone();
    let last = bad.performances.len() - 1;
    bad.performances[last].tariffs[0]
        .prices_cents
        .insert("E".into(), -5);
    let e = refuse(season_file::to_json(&bad));
    assert!(e.starts_with(&format!("performances[{last}] (")), "{e}");
    // Two performances at once in a hall.
    let mut clash = file.clone();
    let mut twin = clash.performances[2].clone();
    twin.id = "another-id".into();
    clash.performances.push(twin);
    assert!(refuse(season_file::to_json(&clash)).contains("is taken by"));
    // A seat plan with a duplicate seat.
    let mut dup = file.clone();
    let seat = dup.halls[0].seats[0].clone();
    dup.halls[0].seats.push(seat);
    assert!(refuse(season_file::to_json(&dup)).contains("appears twice"));
    // A performance whose seats are not all in a category.
    let mut partial = file;
    let first_numbered = partial
        .performances
        .iter()
        .position(|p| p.categories.len() == 3)
        .unwrap();
    partial.performances[first_numbered].categories.pop();
    assert!(refuse(season_file::to_json(&partial)).contains("seats are in no price category"));
}

#[test]
fn the_listing_counts_sold_held_and_available() {
    let (f, t) = Fixture::demo();
    let all = programming::all_performances(&t.store).unwrap();
    assert_eq!(all.len() as i64, count(&f.raw(), "performance"));
    let club = all.iter().find(|p| p.hall == "Le Club").unwrap();
    assert_eq!(
        (club.capacity, club.sold, club.held, club.available()),
        (300, 0, 0, 300)
    );
    let out = common::binary()
        .args(["--db", f.db.to_str().unwrap(), "performances", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), all.len());
    for key in [
        "id",
        "show",
        "date",
        "hall",
        "capacity",
        "sold",
        "held",
        "available",
    ] {
        assert!(listed[0].get(key).is_some(), "{key} in {}", listed[0]);
    }
    let table = common::binary()
        .args(["--db", f.db.to_str().unwrap(), "performances"])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(
        table.contains("Cyrano de Bergerac") && table.contains("Grande salle"),
        "{table}"
    );
}

#[test]
fn the_season_file_moves_on_the_command_line() {
    let (a, source) = Fixture::demo();
    drop(source);
    let (b, target) = Fixture::bare_venue();
    drop(target);
    let file = a.dir.path().join("saison.json");
    let run = |db: &std::path::Path, args: &[&str]| {
        common::binary()
            .arg("--db")
            .arg(db)
            .args(args)
            .env("GUICHET_OPERATOR", "Zoé Lambert")
            .env("GUICHET_PIN", "3579")
            .output()
            .unwrap()
    };
    let out = run(&a.db, &["season", "export", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&b.db, &["season", "import", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("performances 41 new"));
    let out = run(&b.db, &["season", "import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("performances 0 new, 41 already there"));
    std::fs::write(&file, "{ \"format\": \"guichet-season\" ").unwrap();
    let out = run(&b.db, &["season", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1 column"));
}

#[test]
fn the_icalendar_export_reads_back_with_another_parser() {
    let (f, t) = Fixture::demo();
    let text = ical::season(&t.store, now()).unwrap();
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "folded at 75 octets (+ CR)"
    );
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len() as i64, count(&f.raw(), "performance"));
    let zones: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VTIMEZONE")
        .collect();
    assert_eq!(zones.len(), 1);
    let cyrano = events
        .iter()
        .find(|e| e.find_prop("SUMMARY").unwrap().val.as_str() == "Cyrano de Bergerac")
        .unwrap();
    let start = cyrano.find_prop("DTSTART").unwrap();
    assert!(
        start.val.as_str().ends_with("T200000"),
        "20:00 local: {}",
        start.val.as_str()
    );
    let tzid = start
        .params
        .iter()
        .find(|p| p.key.as_str() == "TZID")
        .unwrap();
    assert_eq!(tzid.val.as_ref().unwrap().as_str(), "Europe/Paris");
    assert_eq!(
        cyrano.find_prop("LOCATION").unwrap().val.as_str(),
        "Grande salle, Théâtre des Quais",
        "the parser reads the escaped comma back"
    );
    // Stable: the same UIDs on a second export.
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(uids(&text), uids(&ical::season(&t.store, now()).unwrap()));
    let public_id: String = f
        .raw()
        .query_row(
            "SELECT public_id FROM performance ORDER BY starts_at LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains(&format!("UID:{public_id}@guichet")));
}

#[test]
fn an_import_reads_tariff_codes_as_the_window_writes_them() {
    let (_a, source) = Fixture::demo();
    let mut file = season_file::export(&source.store).unwrap();
    for t in &mut file.tariffs {
        t.code = format!(" {} ", t.code.to_lowercase());
    }
    for p in &mut file.performances {
        for offer in &mut p.tariffs {
            offer.tariff = offer.tariff.to_lowercase();
        }
    }
    let (b, mut target) = Fixture::bare_venue();
    let op = common::system(&target);
    let by = common::by(&target.signer, &op);
    let text = season_file::to_json(&file);
    season_file::import(&mut target.store, &by, &text).unwrap();
    let codes: Vec<String> = programming::pricing::tariffs(&target.store)
        .unwrap()
        .into_iter()
        .map(|t| t.code)
        .collect();
    assert!(codes.contains(&"PLEIN".to_owned()), "{codes:?}");
    assert_eq!(count(&b.raw(), "tariff"), 5);
    // Timed entry: the capacity is the places of the slots together.
    let museum = programming::all_performances(&target.store)
        .unwrap()
        .into_iter()
        .find(|l| l.hall_kind == guichet::domain::HallKind::Timed)
        .unwrap();
    let slots = programming::performances::slots(&target.store, museum.id).unwrap();
    assert_eq!(museum.capacity, slots.iter().map(|(_, n)| n).sum::<i64>());
}

#[test]
fn a_season_file_whose_logo_is_not_a_sane_png_is_refused_whole() {
    let (_a, source) = Fixture::demo();
    let file = season_file::export(&source.store).unwrap();
    let (b, mut target) = Fixture::bare_venue();
    let op = common::system(&target);
    let by = common::by(&target.signer, &op);
    let before = b.rows();
    for (logo, said) in [
        ("not base64 at all!".to_owned(), "the logo is not base64"),
        (
            data_encoding::BASE64.encode(b"\xff\xd8\xff\xe0 a jpeg"),
            "the file is a JPEG picture, not a PNG picture",
        ),
        ("A".repeat(3_000_000), "a picture may weigh 2 MB at most"),
    ] {
        let bad = season_file::SeasonFile {
            logo: Some(logo),
            ..file.clone()
        };
        let e = season_file::import(&mut target.store, &by, &season_file::to_json(&bad))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("logo: ") && e.contains(said), "{e}");
        assert_eq!(b.rows(), before, "nothing written after: {e}");
    }
}

#[test]
fn a_coordinator_s_season_import_leaves_the_logo_to_an_administrator() {
    let (_a, source) = Fixture::demo();
    let text = season_file::to_json(&season_file::export(&source.store).unwrap());
    let (b, mut target) = Fixture::bare_venue();
    let coordinator = guichet::operators::Operator {
        role: Role::Coordinator,
        ..common::system(&target)
    };
    let by = common::by(&target.signer, &coordinator);
    let report = season_file::import(&mut target.store, &by, &text).unwrap();
    assert!(!report.logo && report.logo_left, "{report:?}");
    assert!(
        report
            .summary()
            .ends_with("the logo left out (an administrator sets it)")
    );
    assert_eq!(count(&b.raw(), "picture"), 0);
    // An administrator's import of the same file sets it, journaled.
    let admin = common::system(&target);
    let by = common::by(&target.signer, &admin);
    assert!(
        season_file::import(&mut target.store, &by, &text)
            .unwrap()
            .logo
    );
    let journaled: i64 = b
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'programmed' AND body LIKE '%\"logo\"%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journaled, 1);
}

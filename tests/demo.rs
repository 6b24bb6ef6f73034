//! The demo season: what it holds, that it is dated from today, and that a
//! missing, malformed or inconsistent demo file writes nothing.

mod common;

use common::{Fixture, actor, count, now};
use guichet::ledger::verify::verify;
use guichet::programming::demo::{self, DemoError, Source};

#[test]
fn the_demo_is_a_whole_season() {
    let (f, t) = Fixture::demo();
    let c = f.raw();
    assert_eq!(count(&c, "hall"), 3);
    assert_eq!(count(&c, "show"), 12);
    let performances = count(&c, "performance");
    assert!(
        (38..=45).contains(&performances),
        "about forty: {performances}"
    );
    let seats: i64 = c
        .query_row("SELECT count(*) FROM seat JOIN hall ON hall.id = seat.hall_id WHERE hall.name = 'Grande salle'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(seats, 450);
    let (sections, wheelchair, curved): (i64, i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM seat_section),
                    (SELECT count(*) FROM seat WHERE flags & 1),
                    (SELECT count(DISTINCT y) FROM seat s JOIN seat_section x ON x.id = s.section_id
                     WHERE x.name = 'Orchestre' AND s.row_label = 'A')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(sections, 2, "orchestra and balcony");
    assert!(wheelchair >= 2, "wheelchair places");
    assert!(
        curved > 3,
        "row A is curved: its seats are not all at one depth"
    );
    let halls: Vec<(String, String, i64)> = c
        .prepare("SELECT name, kind, capacity FROM hall ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(halls[1], ("Le Club".into(), "general".into(), 300));
    assert_eq!(halls[2].1, "timed");
    let genres: i64 = c
        .query_row("SELECT count(DISTINCT genre) FROM show", [], |r| r.get(0))
        .unwrap();
    assert!(genres >= 5, "theatre, dance, music, humour, exhibition…");
    let tariffs: Vec<String> = c
        .prepare("SELECT code FROM tariff ORDER BY position")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tariffs, ["PLEIN", "REDUIT", "JEUNE", "ABONNE", "EXONERE"]);
    let free: i64 = c
        .query_row("SELECT count(*) FROM price p JOIN tariff t ON t.id = p.tariff_id WHERE t.code = 'EXONERE' AND p.amount <> 0", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "invitations are always 0");
    let unpriced: i64 = c
        .query_row(
            "SELECT count(*) FROM performance p JOIN hall h ON h.id = p.hall_id
             JOIN seat s ON s.hall_id = h.id
             WHERE h.kind = 'numbered'
               AND NOT EXISTS (SELECT 1 FROM seat_category sc WHERE sc.performance_id = p.id AND sc.seat_id = s.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        unpriced, 0,
        "every seat of every numbered performance has a category"
    );
    let slots: i64 = c
        .query_row("SELECT count(*) FROM entry_slot", [], |r| r.get(0))
        .unwrap();
    assert_eq!(slots, 10 * 8, "ten opening days of eight hourly slots");
    assert_eq!(
        count(&c, "operator"),
        4,
        "three demo operators and the system"
    );
    let demo_flag: bool = c
        .query_row("SELECT is_demo FROM venue", [], |r| r.get(0))
        .unwrap();
    assert!(demo_flag);
    assert!(verify(&t.store).unwrap().is_intact());
}

#[test]
fn the_demo_is_dated_from_the_day_it_is_made() {
    let (f, _t) = Fixture::demo();
    let c = f.raw();
    let at = now().timestamp();
    let (past, future, closed_past): (i64, i64, i64) = c
        .query_row(
            "SELECT (SELECT count(*) FROM performance WHERE ends_at <= ?1),
                    (SELECT count(*) FROM performance WHERE starts_at > ?1),
                    (SELECT count(*) FROM performance WHERE ends_at <= ?1 AND status = 'closed')",
            [at],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(past >= 3, "a few already past: {past}");
    assert_eq!(closed_past, past, "past performances are closed");
    assert!(future >= 30, "most are ahead: {future}");
    let tonight: i64 = c
        .query_row(
            "SELECT count(*) FROM performance WHERE starts_at > ?1 AND starts_at < ?1 + 86400 AND status = 'on_sale'",
            [at],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tonight >= 1, "something on sale within a day");
    // Cyrano plays at 20:00 Paris time: 19:00 UTC in November.
    let cyrano: i64 = c
        .query_row(
            "SELECT min(p.starts_at) FROM performance p JOIN show s ON s.id = p.show_id
             WHERE s.title = 'Cyrano de Bergerac' AND p.starts_at > ?1",
            [at],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cyrano % 86400, 19 * 3600);
}

#[test]
fn the_demo_goes_only_into_an_empty_database() {
    let (f, mut t) = Fixture::demo();
    let before = f.rows();
    let by = actor(&t);
    let e = demo::load(&mut t.store, &t.signer, &by, &Source::Embedded, now()).unwrap_err();
    assert!(matches!(e, DemoError::NotEmpty(_)), "{e}");
    assert!(
        e.to_string().contains("--db demo.db demo"),
        "says what to do: {e}"
    );
    assert_eq!(f.rows(), before);
}

/// Tries a demo file and checks that nothing at all was written.
fn refused(text: Option<&str>) -> DemoError {
    let f = Fixture::new();
    let folder = f.dir.path().join("season");
    std::fs::create_dir(&folder).unwrap();
    if let Some(text) = text {
        std::fs::write(folder.join("season.json"), text).unwrap();
    }
    let mut t = f.terminal();
    let by = actor(&t);
    let before = f.rows();
    let e = demo::load(&mut t.store, &t.signer, &by, &Source::Folder(folder), now()).unwrap_err();
    assert_eq!(f.rows(), before, "nothing written after: {e}");
    assert_eq!(count(&f.raw(), "venue"), 0);
    e
}

#[test]
fn a_missing_demo_file_is_named() {
    let e = refused(None);
    assert!(matches!(e, DemoError::Missing { .. }), "{e}");
    assert!(e.to_string().contains("season.json cannot be read"), "{e}");
}

#[test]
fn a_malformed_demo_file_is_located() {
    let broken = demo::EMBEDDED.replacen("\"version\": 1,", "\"version\": 1,,", 1);
    let e = refused(Some(&broken));
    assert!(matches!(e, DemoError::Malformed { .. }), "{e}");
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"title\": \"Sacre\"", "\"titel\": \"Sacre\""),
    ));
    assert!(e.to_string().contains("unknown field `titel`"), "{e}");
}

#[test]
fn an_inconsistent_demo_file_names_the_element() {
    let e = refused(Some(&demo::EMBEDDED.replace(
        "{ \"show\": \"sacre\", \"hall\": \"grande-salle\", \"day\": 23",
        "{ \"show\": \"sacrre\", \"hall\": \"grande-salle\", \"day\": 23",
    )));
    assert!(
        e.to_string()
            .contains("performances[14] (sacrre day 23): no show \"sacrre\""),
        "{e}"
    );
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"PLEIN\": \"32\"", "\"PLEIN\": \"32,505\""),
    ));
    assert!(
        e.to_string().contains("C1/PLEIN") && e.to_string().contains("two decimals"),
        "{e}"
    );
    let e = refused(Some(&demo::EMBEDDED.replace(
        "{ \"show\": \"cyrano\", \"hall\": \"grande-salle\", \"day\": 2, \"time\": \"20:00\" }",
        "{ \"show\": \"cyrano\", \"hall\": \"grande-salle\", \"day\": 1, \"time\": \"21:00\" }",
    )));
    assert!(
        e.to_string()
            .contains("Grande salle is taken by Cyrano de Bergerac"),
        "{e}"
    );
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"pin\": \"1793\"", "\"pin\": \"1234\""),
    ));
    assert!(
        e.to_string().contains("operators[2]") && e.to_string().contains("too easy"),
        "{e}"
    );
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"rows\": [\"C\", \"D\"]", "\"rows\": [\"C\"]"),
    ));
    assert!(
        e.to_string().contains("24 seats are in no price category"),
        "{e}"
    );
}

#[test]
fn absurd_durations_slots_and_prices_are_refused() {
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"every_minutes\": 60", "\"every_minutes\": 1440"),
    ));
    assert!(e.to_string().contains("every 5 to 720 minutes"), "{e}");
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"duration_minutes\": 165", "\"duration_minutes\": 9999999"),
    ));
    assert!(e.to_string().contains("between 1 and 1440"), "{e}");
    let e = refused(Some(
        &demo::EMBEDDED.replace("\"PLEIN\": \"32\"", "\"PLEIN\": \"250000\""),
    ));
    assert!(
        e.to_string()
            .contains("C1 / PLEIN: 250000.00 is not a price (from 0.00 to 100000.00)"),
        "{e}"
    );
    let e = refused(Some(&demo::EMBEDDED.replacen(
        "\"EXONERE\": \"0\"",
        "\"EXONERE\": \"5\"",
        1,
    )));
    assert!(
        e.to_string()
            .contains("EXONERE is a complimentary tariff: its price is always 0"),
        "{e}"
    );
}

//! The patron file beyond this till: the previous ticketing system's
//! attendance imported into patrons' histories (matched, idempotent,
//! refused whole on a bad row, journaled, counted by the card, segments,
//! merges), every order's channel, the audience analyses (figures, CSV,
//! PDF, the command line), and the demo's patron file.

mod common;

use common::{Fixture, next_in, now};
use guichet::audience::history::{self, Options};
use guichet::audience::import::RowProblem;
use guichet::audience::segments::Segment;
use guichet::audience::{self, AudienceError};
use guichet::counter::SaleRequest;
use guichet::domain::order::Channel;
use guichet::domain::patron::PatronDetails;
use guichet::terminal::Terminal;

const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// Windows-1252 bytes, as French spreadsheets save them.
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            c => u8::try_from(u32::from(c)).expect("Windows-1252"),
        })
        .collect()
}

fn import(
    t: &mut Terminal,
    bytes: &[u8],
    skip: bool,
) -> Result<history::HistoryReport, AudienceError> {
    let by = common::system(t);
    let options = Options {
        skip_errors: skip,
        source: "Billetterie 2019".into(),
        ..Options::default()
    };
    history::import(&mut t.store, &t.signer, &by, bytes, &options, PARIS, now())
}

/// Two seasons of a previous system: Hélène (known here by her e-mail)
/// came three times, Marc twice, two tickets on one evening.
const FILE: &str = "Prénom;Nom;E-mail;Code postal;Séance;Spectacle;Genre;Tarif;Prix;Canal;Présent\r\n\
    Hélène;Dupuis;HELENE@example.fr;69007;2024-10-12 20:30;Phèdre;theatre;Plein tarif;24,00;guichet;oui\r\n\
    Hélène;Dupuis;helene@example.fr;69007;15/03/2025 20:00;Boléro;dance;Tarif réduit;18,00 €;web;oui\r\n\
    Hélène;Dupuis;helene@example.fr;69007;2025-10-04;Phèdre;theatre;Abonné;19;téléphone;\r\n\
    Marc;Roux;;38000;2025-11-08 20:30;Art;theatre;Plein tarif;24,00;guichet;oui\r\n\
    Marc;Roux;;38000;2025-11-08 20:30;Art;theatre;Plein tarif;24,00;guichet;oui\r\n\
    Marc;Roux;;38000;2026-01-10 20:30;Boléro;dance;Invitation;0;invitation;non\r\n";

#[test]
fn the_previous_systems_attendance_lands_in_histories_once_and_journaled() {
    let (f, mut t) = Fixture::demo();
    let helene = audience::create(
        &mut t.store,
        &PatronDetails {
            first_name: "Hélène".into(),
            last_name: "Dupuis".into(),
            email: "helene@example.fr".into(),
            ..PatronDetails::default()
        },
        "counter",
        now(),
    )
    .unwrap()
    .0
    .id;
    let report = import(&mut t, &latin1(FILE), false).unwrap();
    assert_eq!(report.added, 6, "{report:?}");
    // Hélène matched by her e-mail (her postcode completed), Marc created.
    assert_eq!(
        (report.patrons.created, report.patrons.completed),
        (1, 1),
        "{report:?}"
    );
    let card = audience::card(&t.store, helene, now(), PARIS, false).unwrap();
    assert_eq!(card.row.details.postcode, "69007");
    assert_eq!(card.past.len(), 3);
    assert_eq!(card.visits.len(), 3);
    assert_eq!(card.total_spent, 2400 + 1800 + 1900);
    assert_eq!(card.per_season, vec![(2025, 1), (2024, 2)]);
    assert_eq!(card.genres[0], ("theatre".to_owned(), 2));
    // A day alone is taken at 20:00 in the venue's zone.
    let autumn = card.past.iter().find(|p| p.tariff == "Abonné").unwrap();
    assert_eq!(autumn.starts_at.to_rfc3339(), "2025-10-04T18:00:00+00:00");
    assert_eq!(autumn.channel, "phone");
    // Marc: two tickets on one evening are one visit; the invitation he did
    // not use is not attendance.
    let marc = audience::search(&t.store, "roux", 5).unwrap()[0].id;
    let card = audience::card(&t.store, marc, now(), PARIS, false).unwrap();
    assert_eq!(card.visits.len(), 2);
    assert_eq!(card.visits[1].tickets, 2);
    assert!(!card.visits[0].attended);
    // The same file again changes nothing and journals nothing.
    let rows = f.rows();
    let again = import(&mut t, &latin1(FILE), false).unwrap();
    assert_eq!((again.added, again.known), (0, 6));
    assert_eq!(f.rows(), rows);
    // The same export with its columns in another order: the same tickets.
    let reordered: String = FILE
        .lines()
        .map(|l| {
            let mut cells: Vec<&str> = l.split(';').collect();
            cells.rotate_left(4);
            cells.join(";")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let again = import(&mut t, &latin1(&reordered), false).unwrap();
    assert_eq!((again.added, again.known), (0, 6));
    assert_eq!(f.rows(), rows);
    // One journal record, naming nobody; the ledger verifies.
    let conn = f.raw();
    let bodies: Vec<String> = conn
        .prepare("SELECT body FROM ledger WHERE kind = 'patron_file'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(bodies.len(), 1);
    assert!(bodies[0].contains("history_imported") && bodies[0].contains("\"tickets\":6"));
    assert!(!bodies[0].contains("Dupuis"));
    let verified = guichet::till::verify(&t.store).unwrap();
    assert!(verified.first_break.is_none());
    // Nothing of it is this till's sales.
    let orders: i64 = conn
        .query_row("SELECT count(*) FROM sale_order", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orders, 0);
    // Marc erased: importing the old file again does not bring him back.
    let by = common::system(&t);
    audience::erase(&mut t.store, &t.signer, &by, marc, now()).unwrap();
    let rows = f.rows();
    let again = import(&mut t, &latin1(FILE), false).unwrap();
    assert_eq!((again.added, again.patrons.created), (0, 0));
    assert!(audience::search(&t.store, "roux", 5).unwrap().is_empty());
    assert_eq!(f.rows(), rows, "nothing written, nothing journaled");
}

#[test]
fn a_history_file_with_bad_rows_imports_nothing_unless_told_to_skip_them() {
    let (f, mut t) = Fixture::demo();
    let bad = "Nom;E-mail;Date;Spectacle;Prix;Canal;Présent\n\
        Roux;a@example.fr;2025-02-30 20:00;Art;10;guichet;oui\n\
        Morel;b@example.fr;2027-05-01 20:00;Art;10;guichet;oui\n\
        Petit;c@example.fr;2025-05-01 20:00;;10;guichet;oui\n\
        Faure;d@example.fr;2025-05-01 20:00;Art;dix euros;guichet;oui\n\
        Blanc;e@example.fr;2025-05-01 20:00;Art;10;pigeon;oui\n\
        Henry;f@example.fr;2025-05-01 20:00;Art;10;guichet;peut-être\n\
        Joly;g@example.fr;2025-05-01 20:00;Art;-5;guichet;oui\n\
        Masson;h@example.fr;2025-05-01 20:00;Art;12,50;web;oui\n";
    let before = f.rows();
    let Err(AudienceError::Rows(rows)) = import(&mut t, bad.as_bytes(), false) else {
        panic!("refused")
    };
    let problems: Vec<RowProblem> = rows.iter().map(|r| r.problem.clone()).collect();
    assert_eq!(
        problems,
        [
            RowProblem::Date("2025-02-30 20:00".into()),
            RowProblem::Future("2027-05-01 20:00".into()),
            RowProblem::NoShow,
            RowProblem::Price("dix euros".into()),
            RowProblem::Channel("pigeon".into()),
            RowProblem::Attended("peut-être".into()),
            RowProblem::Price("-5".into()),
        ]
    );
    assert_eq!(rows[0].line, 2);
    assert_eq!(f.rows(), before, "nothing written");
    // The words say what is wrong and what to do.
    let said = guichet::ui::i18n::audience::row_problem(&rows[1], guichet::domain::Locale::FrFr);
    assert!(said.contains("à venir"), "{said}");
    let report = import(&mut t, bad.as_bytes(), true).unwrap();
    assert_eq!((report.added, report.patrons.skipped.len()), (1, 7));
    // A file without a date or show column says which.
    let Err(AudienceError::NoColumn(c)) = import(&mut t, b"Nom;Spectacle\nRoux;Art\n", false)
    else {
        panic!("no date")
    };
    assert_eq!(c, "date");
    // A clerk may not import.
    let clerk = guichet::operators::Operator {
        role: guichet::domain::operator::Role::Clerk,
        ..common::system(&t)
    };
    let refused = history::import(
        &mut t.store,
        &t.signer,
        &clerk,
        FILE.as_bytes(),
        &Options::default(),
        PARIS,
        now(),
    );
    assert!(matches!(refused, Err(AudienceError::NotAllowed(_))));
}

#[test]
fn segments_and_merges_count_the_earlier_history() {
    let (_f, mut t) = Fixture::demo();
    import(&mut t, &latin1(FILE), false).unwrap();
    let dance = Segment {
        genres: vec!["dance".into()],
        ..Segment::default()
    };
    let names = |s: &Segment, t: &Terminal| -> Vec<String> {
        audience::segments::members(&t.store, s, now(), PARIS, false)
            .unwrap()
            .into_iter()
            .map(|m| m.last_name)
            .collect()
    };
    assert_eq!(names(&dance, &t), ["Dupuis", "Roux"]);
    let regulars = Segment {
        min_visits: Some(3),
        ..Segment::default()
    };
    assert_eq!(names(&regulars, &t), ["Dupuis"]);
    let by_phone = Segment {
        channel: Some("phone".into()),
        ..Segment::default()
    };
    assert_eq!(names(&by_phone, &t), ["Dupuis"]);
    let spent = Segment {
        min_spent: Some(4800),
        ..Segment::default()
    };
    assert_eq!(names(&spent, &t), ["Dupuis", "Roux"]);
    // A merge takes the earlier tickets along, and its undo brings them back.
    let helene = audience::search(&t.store, "dupuis", 5).unwrap()[0].id;
    let marc = audience::search(&t.store, "roux", 5).unwrap()[0].id;
    let by = common::system(&t);
    let kept = audience::card(&t.store, helene, now(), PARIS, false)
        .unwrap()
        .row
        .details;
    let merge = audience::merge(&mut t.store, &t.signer, &by, helene, marc, &kept, now()).unwrap();
    let card = audience::card(&t.store, helene, now(), PARIS, false).unwrap();
    assert_eq!(card.past.len(), 6);
    audience::unmerge(&mut t.store, &t.signer, &by, merge, now()).unwrap();
    let card = audience::card(&t.store, marc, now(), PARIS, false).unwrap();
    assert_eq!(card.past.len(), 3);
}

/// A ticket of "Le Club" sold through `channel`, for `patron`.
fn sell(t: &mut Terminal, patron: Option<i64>, channel: Channel) {
    let (club, _) = next_in(t, "Le Club");
    let tenders = vec![guichet::domain::payment::Tender {
        voucher: None,
        method: guichet::domain::payment::Method::Card,
        amount: common::price(t, club, "PLEIN"),
    }];
    let request = SaleRequest {
        quoted: Vec::new(),
        patron_id: patron,
        channel,
        ..common::request(t, club, "PLEIN", 1, tenders)
    };
    common::sell_at(t, &request, now()).unwrap();
}

#[test]
fn analyses_count_seasons_channels_and_sales_naming_their_patron() {
    let (f, mut t) = Fixture::demo();
    import(&mut t, &latin1(FILE), false).unwrap();
    let helene = audience::search(&t.store, "dupuis", 5).unwrap()[0].id;
    sell(&mut t, Some(helene), Channel::Phone);
    sell(&mut t, None, Channel::Counter);
    let a = audience::analysis::analyse(&t.store, None, now(), PARIS).unwrap();
    assert_eq!(a.season, 2026);
    let seasons: Vec<(i32, u64, u64, u64)> = a
        .seasons
        .iter()
        .map(|s| (s.season, s.patrons, s.new, s.lapsed))
        .collect();
    // 2024: Hélène new; 2025: Hélène back, Marc new; 2026: Hélène back
    // (by telephone), Marc lapsed.
    assert_eq!(seasons, [(2024, 1, 1, 0), (2025, 2, 1, 0), (2026, 1, 0, 1)]);
    assert_eq!(a.seasons[1].retention, Some(1000));
    assert_eq!(a.seasons[2].retention, Some(500));
    // One of this season's two tickets names its patron; earlier seasons
    // had no sale here.
    assert_eq!(a.seasons[2].known, Some(500));
    assert_eq!(a.seasons[0].known, None);
    let channels: Vec<Channel> = a.channels.iter().map(|c| c.0).collect();
    assert_eq!(channels.len(), 2);
    assert!(channels.contains(&Channel::Phone));
    // The order and its signed record name the channel.
    let conn = f.raw();
    let (channel, body): (String, String) = conn
        .query_row(
            "SELECT o.channel, l.body FROM sale_order o JOIN ledger l ON l.seq = o.ledger_seq
             AND l.kind = 'sale' WHERE o.patron_id = ?1",
            [helene],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(channel, "phone");
    assert!(body.contains("\"channel\":\"phone\""), "{body}");
    // The report: a PDF with each analysis, a CSV per analysis for French
    // spreadsheets.
    let report = guichet::ui::i18n::analysis::report(
        &a,
        "Théâtre des Quais",
        guichet::domain::Currency::Eur,
        guichet::domain::Locale::FrFr,
    );
    assert_eq!(report.tables.len(), 6);
    let csv = audience::analysis::csv(&report.tables[0]);
    assert!(
        csv.starts_with("\u{feff}Saison;Spectateurs;Nouveaux;"),
        "{csv}"
    );
    assert!(csv.contains("2025–2026;2;1;1;0;100,0\u{a0}%"), "{csv}");
    let pdf = audience::analysis::pdf(&report, "6 déc. 2026").unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 6);
    let first = doc.extract_text(&[1]).unwrap();
    assert!(first.contains("Public par saison"), "{first}");
}

#[test]
fn the_command_line_imports_history_sells_by_channel_and_writes_the_report() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    assert!(common::guichet(db, &["demo"]).status.success());
    let file = f.dir.path().join("history.csv");
    std::fs::write(&file, latin1(FILE)).unwrap();
    let out = common::guichet_as(
        db,
        common::DEMO_ADMIN,
        &[
            "patrons",
            "import-history",
            file.to_str().unwrap(),
            "--source",
            "Ancien",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("6 earlier ticket(s) added"), "{said}");
    // A channel that does not exist is refused before anything is done.
    let out = common::guichet_as(
        db,
        common::DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            "1",
            "--qty",
            "1",
            "--tariff",
            "PLEIN",
            "--channel",
            "fax",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a channel"));
    let pdf = f.dir.path().join("report.pdf");
    let csv = f.dir.path().join("csv");
    let out = common::guichet(
        db,
        &[
            "audience",
            "report",
            "--season",
            "2025-2026",
            "--out",
            pdf.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["season"], 2025);
    assert_eq!(json["tables"].as_array().unwrap().len(), 6);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(csv.join("saisons-2025.csv").exists());
    let out = common::guichet(db, &["audience", "report", "--season", "l'an dernier"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_demo_has_a_patron_file_with_three_past_seasons() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let system = common::system(&t);
    guichet::programming::demo::load_with_patrons(
        &mut t.store,
        &t.signer,
        &system.actor(),
        &guichet::programming::demo::Source::Embedded,
        now(),
    )
    .unwrap();
    let patrons = audience::count(&t.store).unwrap();
    assert!((2000..4000).contains(&patrons), "{patrons}");
    let a = audience::analysis::analyse(&t.store, None, now(), PARIS).unwrap();
    let seasons: Vec<i32> = a.seasons.iter().map(|s| s.season).collect();
    assert_eq!(seasons, [2023, 2024, 2025, 2026]);
    assert!(a.seasons.iter().all(|s| s.patrons > 300), "{:?}", a.seasons);
    assert!(a.seasons[1].returning > 0 && a.seasons[2].lapsed > 0);
    assert!(!audience::duplicates(&t.store).unwrap().is_empty());
    assert_eq!(audience::organisations(&t.store).unwrap().len(), 6);
    let verified = guichet::till::verify(&t.store).unwrap();
    assert!(verified.first_break.is_none());
}

//! Exports for the administration: the FEC of a closed month (one
//! balanced entry per Z, revenue for later performances deferred to 487
//! and recognised on their day), the SIBIL declaration of a quarter (JSON
//! and CSV, live performances only, refused naming what is missing), the
//! QuickBooks journal of a Quebec venue (GST and QST apart), each against
//! a golden file (`GUICHET_BLESS=1 cargo test --test exports` writes them
//! anew); refused for the other country, for a period not closed, or when
//! the file cannot be written, with nothing written.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::{Fixture, now, season};
use guichet::counter::{self, SaleRequest};
use guichet::domain::Cents;
use guichet::domain::closing::Period;
use guichet::domain::payment::{Method, Tender};
use guichet::exchange::{self, ExportError, Span, accounts, fec, quickbooks, sibil};
use guichet::terminal::Terminal;
use guichet::till::closings;
use serde_json::{Value, json};

fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Europe::Paris
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn toronto(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::America::Toronto
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn golden(name: &str, got: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("GUICHET_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read(&path).unwrap_or_else(|_| panic!("tests/golden/{name}"));
    assert!(
        got == want.as_slice(),
        "{name} differs: GUICHET_BLESS=1 cargo test --test exports writes it anew\n{}",
        String::from_utf8_lossy(got)
    );
}

/// A general-admission hall (or a timed one, its one slot at 10:00).
fn hall(id: &str, name: &str, kind: &str, capacity: i64, venue_type: &str) -> Value {
    json!({"id": id, "name": name, "kind": kind, "capacity": capacity, "venue_type": venue_type})
}

fn show(id: &str, title: &str, vat: &str, domain: &str, young: bool) -> Value {
    let mut s = season::show(id, title, "theatre", "ASTP", vat, 120);
    s["sibil_domain"] = json!(domain);
    s["young_audience"] = json!(young);
    s
}

/// A performance, PLEIN at `plein` cents (REDUIT 15 €, ABONNE 18 €).
fn performance(
    (id, show, hall): (&str, &str, &str),
    starts: DateTime<Utc>,
    vat: &str,
    plein: i64,
) -> Value {
    let prices = [
        ("PLEIN", plein),
        ("REDUIT", 1500),
        ("ABONNE", 1800),
        ("EXONERE", 0),
    ];
    let mut p = season::performance(
        (id, show, hall),
        (
            starts.to_rfc3339(),
            (starts + Duration::hours(2)).to_rfc3339(),
        ),
        vat,
        ("Placement libre", &[]),
        &prices,
    );
    p["tariffs"] = json!(
        prices
            .iter()
            .map(|(t, c)| json!({"tariff": t, "prices_cents": {"C1": c}}))
            .collect::<Vec<_>>()
    );
    p
}

/// A theatre in Lyon: Cyrano (5.5 %) on Monday 23 November at 20:00 in
/// the Grande salle, a jazz night (5.5 %) on Tuesday 24 at 21:00 in the
/// Club, a new creation (2.1 %, young audience) on 10 December, and the
/// gallery's timed entry (10 %) on Tuesday 24: `complete` says whether the
/// venue and its season say everything SIBIL asks.
fn french_venue(t: &mut Terminal, complete: bool) {
    use guichet::domain::venue::{Country, VenueSettings};
    let mut venue = VenueSettings {
        legal_name: "SCOP Les Essais".into(),
        address: "3 rue des Planches".into(),
        postcode: "69001".into(),
        city: "Lyon".into(),
        siret: "123 456 789 00012".into(),
        ..VenueSettings::for_country("Théâtre des Essais", Country::France)
    };
    let club_type = if complete {
        "SALLE_CONCERT_AUDITORIUM_OPERA_ZENITH"
    } else {
        venue.siret.clear();
        "SALLE_CONCERT"
    };
    let mut gallery = performance(
        ("p4", "expo", "galerie"),
        paris(2026, 11, 24, 10, 0),
        "10",
        2500,
    );
    gallery["slots"] =
        json!([{"starts_at": paris(2026, 11, 24, 10, 0).to_rfc3339(), "capacity": 20}]);
    gallery["ends_at"] = json!(paris(2026, 11, 24, 18, 0).to_rfc3339());
    let text = json!({
        "format": "guichet-season", "version": 1, "time_zone": "Europe/Paris",
        "tariffs": [
            {"code": "PLEIN", "name": "Plein tarif", "requires_proof": false, "complimentary": false},
            {"code": "REDUIT", "name": "Réduit", "requires_proof": true, "complimentary": false},
            {"code": "ABONNE", "name": "Abonné", "requires_proof": false, "complimentary": false},
            {"code": "EXONERE", "name": "Invitation", "requires_proof": false, "complimentary": true}
        ],
        "halls": [
            hall("salle", "Grande salle", "general", 200, "THEATRE"),
            hall("club", "Le Club", "general", 100, club_type),
            hall("galerie", "La Galerie", "timed", 20, "AUTRE")
        ],
        "shows": [
            show("cyrano", "Cyrano de Bergerac", "5.5", "Théâtre", false),
            show("jazz", "Nuit du jazz", "5.5", if complete { "Jazz" } else { "" }, false),
            show("creation", "Les Nouveaux", "2.1", "Théâtre", true),
            show("expo", "Exposition d’hiver", "10", "", false)
        ],
        "performances": [
            performance(("p1", "cyrano", "salle"), paris(2026, 11, 23, 20, 0), "5.5", 2500),
            performance(("p2", "jazz", "club"), paris(2026, 11, 24, 21, 0), "5.5", 2000),
            performance(("p3", "creation", "salle"), paris(2026, 12, 10, 20, 0), "2.1", 3000),
            gallery
        ]
    })
    .to_string();
    season::venue_with_season(t, venue, &text, now());
}

/// The performance imported as `public_id`.
fn id(t: &Terminal, public_id: &str) -> i64 {
    guichet::programming::all_performances(&t.store)
        .unwrap()
        .into_iter()
        .find(|p| p.public_id == public_id)
        .unwrap()
        .id
}

fn pay(method: Method, cents: i64) -> Vec<Tender> {
    vec![Tender {
        voucher: None,
        method,
        amount: Cents(cents),
    }]
}

/// Sells `items` (performance, tariff, how many) paid by `tenders` at `at`.
fn sell(
    t: &mut Terminal,
    items: &[(&str, &str, usize)],
    tenders: Vec<Tender>,
    at: DateTime<Utc>,
) -> counter::Sold {
    let mut request = SaleRequest {
        quoted: Vec::new(),
        tenders,
        ..SaleRequest::default()
    };
    for (p, tariff, n) in items {
        let p = id(t, p);
        request
            .items
            .extend(common::request(t, p, tariff, *n, vec![]).items);
    }
    common::sell_at(t, &request, at).unwrap()
}

fn close_day(t: &mut Terminal, d: NaiveDate, at: DateTime<Utc>) {
    let by = common::system(t);
    common::count_drawer(t, at);
    closings::close_day(&mut t.store, &t.signer, &by, d, at).unwrap();
}

fn close_november(t: &mut Terminal) {
    let by = common::system(t);
    closings::close_period(
        &mut t.store,
        &t.signer,
        &by,
        Period::Month,
        day(2026, 11, 1),
        common::december(),
    )
    .unwrap();
}

/// Monday 23: Cyrano sold for tonight (cash, an invitation, a reduced
/// ticket refunded), the jazz night of tomorrow by card (one ticket
/// refunded), the December creation by cheque (subscribers), the gallery
/// of tomorrow in cash. Tuesday 24: two reduced tickets for the jazz
/// night in cash. Both days closed, then November.
fn french_month(complete: bool, close_month: bool) -> (Fixture, Terminal) {
    let f = Fixture::new();
    let mut t = f.terminal();
    french_venue(&mut t, complete);
    let by = common::system(&t);
    let monday = |h, m| paris(2026, 11, 23, h, m);
    sell(
        &mut t,
        &[("p1", "PLEIN", 2), ("p1", "EXONERE", 1)],
        pay(Method::Cash, 5_000),
        monday(17, 0),
    );
    let jazz = sell(
        &mut t,
        &[("p2", "PLEIN", 3)],
        pay(Method::Card, 6_000),
        monday(17, 5),
    );
    sell(
        &mut t,
        &[("p3", "ABONNE", 2)],
        pay(Method::Cheque, 3_600),
        monday(17, 10),
    );
    sell(
        &mut t,
        &[("p4", "PLEIN", 1)],
        pay(Method::Cash, 2_500),
        monday(17, 15),
    );
    let reduced = sell(
        &mut t,
        &[("p1", "REDUIT", 1)],
        pay(Method::Card, 1_500),
        monday(17, 20),
    );
    for (sold, at) in [(&reduced, monday(17, 25)), (&jazz, monday(17, 30))] {
        let number = sold.tickets[0].number;
        counter::refunds::cancel(
            &mut t.store,
            &t.signer,
            &by,
            sold.order_id,
            &[number],
            Method::Card,
            at,
        )
        .unwrap();
    }
    close_day(&mut t, day(2026, 11, 23), monday(23, 30));
    let tuesday = paris(2026, 11, 24, 18, 0);
    sell(
        &mut t,
        &[("p2", "REDUIT", 2)],
        pay(Method::Cash, 3_000),
        tuesday,
    );
    close_day(&mut t, day(2026, 11, 24), paris(2026, 11, 24, 23, 30));
    if close_month {
        close_november(&mut t);
    }
    (f, t)
}

/// The FEC's rows (after its header) as column → value maps.
fn fec_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    // ISO-8859-15 read back: every byte below 0x100 is its Latin-1 char.
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let head: Vec<&str> = lines.next().unwrap().split('|').collect();
    assert_eq!(head, fec::COLUMNS);
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split('|').collect();
            assert_eq!(cells.len(), 18, "{l}");
            head.iter()
                .zip(cells)
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn cents(text: &str) -> i64 {
    let (units, decimals) = text.split_once(',').expect("a decimal comma");
    assert_eq!(decimals.len(), 2, "{text}");
    units.parse::<i64>().unwrap() * 100 + decimals.parse::<i64>().unwrap()
}

/// Debit and credit of each account over some rows.
fn by_account<'a>(
    rows: impl Iterator<Item = &'a BTreeMap<String, String>>,
) -> BTreeMap<String, (i64, i64)> {
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in rows {
        let e = out.entry(r["CompteNum"].clone()).or_default();
        e.0 += cents(&r["Debit"]);
        e.1 += cents(&r["Credit"]);
    }
    out
}

#[test]
fn the_fec_of_november_balances_defers_and_matches_its_golden_file() {
    let (f, t) = french_month(true, true);
    let books = fec::of(&t.store, Span::parse("2026-11").unwrap()).unwrap();
    let bytes = fec::bytes(&books);
    golden("fec-2026-11.txt", &bytes);
    let rows = fec_rows(&bytes);
    // Every entry balances, and is numbered continuously in its journal.
    let mut entries: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for r in &rows {
        let e = entries.entry(r["EcritureNum"].clone()).or_default();
        e.0 += cents(&r["Debit"]);
        e.1 += cents(&r["Credit"]);
    }
    for (num, (d, c)) in &entries {
        assert_eq!(d, c, "entry {num} does not balance");
    }
    assert_eq!(
        entries.keys().collect::<Vec<_>>(),
        ["OD000001", "VT000001", "VT000002"]
    );
    // Z1, Monday 23, by hand. Payments: cash 50 (Cyrano) + 25 (the
    // gallery) = 75; card 60 (jazz) + 15 (reduced) - 15 - 20 (refunds) =
    // 40; cheques 36 (the creation). Total 151 €.
    let z1 = by_account(rows.iter().filter(|r| r["EcritureNum"] == "VT000001"));
    assert_eq!(z1["530000"], (7_500, 0));
    assert_eq!(z1["511500"], (4_000, 0));
    assert_eq!(z1["511200"], (3_600, 0));
    // 5.5 %: 50 (Cyrano) + 40 (jazz, one of three refunded) = 90 € TTC:
    // 47.39 + 56.87 - 18.96 = 85.30 before VAT, 4.70 VAT. Cyrano is
    // tonight: 47.39 revenue; the jazz night is tomorrow: 37.91 deferred.
    // 2.1 %: 36 € = 35.26 + 0.74, all deferred to December. 10 %: 25 € =
    // 22.73 + 2.27, deferred to tomorrow's gallery.
    assert_eq!(z1["706105"], (0, 4_739));
    assert_eq!(z1["445715"], (0, 470));
    assert_eq!(z1["445712"], (0, 74));
    assert_eq!(z1["445710"], (0, 227));
    assert_eq!(z1["487000"], (0, 3_791 + 3_526 + 2_273));
    assert!(!z1.contains_key("706102") && !z1.contains_key("706110"));
    // Tuesday 24: the deferred revenue of the jazz night and the gallery
    // comes into revenue, the December creation's stays deferred.
    let od = by_account(rows.iter().filter(|r| r["EcritureNum"] == "OD000001"));
    assert_eq!(od["487000"], (3_791 + 2_273, 0));
    assert_eq!(od["706105"], (0, 3_791));
    assert_eq!(od["706110"], (0, 2_273));
    assert!(
        rows.iter()
            .any(|r| r["EcritureNum"] == "OD000001" && r["EcritureDate"] == "20261124")
    );
    // Z2: 30 € cash for tonight's jazz, 28.44 + 1.56 at 5.5 %.
    let z2 = by_account(rows.iter().filter(|r| r["EcritureNum"] == "VT000002"));
    assert_eq!(z2["530000"], (3_000, 0));
    assert_eq!(z2["706105"], (0, 2_844));
    assert_eq!(z2["445715"], (0, 156));
    // The VAT lines sum to the Z's signed totals.
    let z = closings::closings(&t.store, 10)
        .unwrap()
        .into_iter()
        .filter(|c| c.period == "day")
        .map(|row| closings::closing(&t.store, &row).unwrap())
        .find(|c| c.label == "2026-11-23")
        .unwrap();
    let vat: i64 = z.totals.taxes.iter().map(|x| x.tax).sum();
    assert_eq!(vat, 470 + 74 + 227);
    assert_eq!(z.totals.total, 7_500 + 4_000 + 3_600);
    assert!(
        rows.iter()
            .all(|r| !r["PieceRef"].is_empty() && r["ValidDate"].len() == 8)
    );
    // The command line writes the same bytes, to a file or into a folder
    // under the administration's name.
    let out = f.dir.path().join("fec.txt");
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "fec",
            "--period",
            "2026-11",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let folder = f.dir.path().join("compta");
    std::fs::create_dir(&folder).unwrap();
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "fec",
            "--period",
            "2026-11",
            "--out",
            folder.to_str().unwrap(),
        ],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        std::fs::read(folder.join("123456789FEC20261130.txt")).unwrap(),
        bytes
    );
}

/// The files of a folder, by name.
fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn a_month_not_closed_or_a_file_that_cannot_be_written_is_refused_writing_nothing() {
    let (f, mut t) = french_month(true, false);
    let err = fec::of(&t.store, Span::parse("2026-11").unwrap()).unwrap_err();
    assert!(matches!(err, ExportError::NotClosed { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("2026-11 is not closed") && message.contains("guichet close month"),
        "{message}"
    );
    let before = names(f.dir.path());
    let out = f.dir.path().join("fec.txt");
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "fec",
            "--period",
            "2026-11",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("is not closed"));
    assert_eq!(names(f.dir.path()), before);
    // A year is not closed either; a period that is not one is named.
    assert!(matches!(
        fec::of(&t.store, Span::parse("2026").unwrap()),
        Err(ExportError::NotClosed { .. })
    ));
    for bad in ["2026-13", "novembre", "26-1x", ""] {
        assert!(
            matches!(Span::parse(bad), Err(ExportError::BadPeriod(_))),
            "{bad}"
        );
    }
    // Closed, into a folder that is a file: a clear error, nothing left.
    close_november(&mut t);
    let blocker = f.dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let books = fec::of(&t.store, Span::parse("2026-11").unwrap()).unwrap();
    let err = exchange::write_file(&blocker.join("fec.txt"), &fec::bytes(&books)).unwrap_err();
    assert!(err.to_string().starts_with("cannot write"), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    let before = names(f.dir.path());
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "quickbooks",
            "--period",
            "2026-11",
            "--out",
            blocker.join("qb.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(done.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&done.stderr)
            .contains("QuickBooks journal is for a venue in Quebec"),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "sibil",
            "--quarter",
            "2026-Q4",
            "--out",
            blocker.join("s.json").to_str().unwrap(),
        ],
    );
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("cannot write"));
    assert_eq!(names(f.dir.path()), before);
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn sibil_declares_each_live_performance_of_the_quarter() {
    let (f, t) = french_month(true, true);
    let d = sibil::declaration(&t.store, sibil::quarter("2026-Q4").unwrap()).unwrap();
    // The gallery's timed entry is not live performance.
    let shows: Vec<&str> = d.performances.iter().map(|p| p.show.as_str()).collect();
    assert_eq!(
        shows,
        ["Cyrano de Bergerac", "Nuit du jazz", "Les Nouveaux"]
    );
    type Counts = (u64, u64, u64, u64, i64, u64, i64, i64);
    let counts: Vec<Counts> = d
        .performances
        .iter()
        .map(|p| {
            (
                p.tickets,
                p.paid,
                p.free,
                p.full_price,
                p.full_price_revenue,
                p.subscription,
                p.revenue,
                p.average(),
            )
        })
        .collect();
    // Cyrano: two PLEIN and an invitation (the reduced one refunded); the
    // jazz night: two PLEIN (one refunded) and two REDUIT; the creation:
    // two subscribers.
    assert_eq!(
        counts,
        [
            (3, 2, 1, 2, 5_000, 0, 5_000, 2_500),
            (4, 4, 0, 2, 4_000, 0, 7_000, 1_750),
            (2, 2, 0, 0, 0, 2, 3_600, 1_800),
        ]
    );
    assert!(d.performances.iter().all(|p| p.id.len() <= 17));
    assert!(d.performances[2].young_audience);
    golden("sibil-2026-Q4.json", sibil::json(&d).as_bytes());
    golden("sibil-2026-Q4.csv", sibil::csv(&d).as_bytes());
    let parsed: Value = serde_json::from_str(&sibil::json(&d)).unwrap();
    assert_eq!(
        parsed["declarations"][1]["recetteTotalBilletterie"],
        json!(70.0)
    );
    assert_eq!(
        parsed["declarations"][0]["lieuChamps"]["siret"],
        "12345678900012"
    );
    // The same ids at the next export: SIBIL updates, never duplicates.
    let again = sibil::declaration(&t.store, sibil::quarter("2026-Q4").unwrap()).unwrap();
    assert_eq!(again, d);
    // The command line writes both formats.
    for (format, file) in [("json", "s.json"), ("csv", "s.csv")] {
        let out = f.dir.path().join(file);
        let done = common::guichet(
            f.db.to_str().unwrap(),
            &[
                "export",
                "sibil",
                "--quarter",
                "2026-Q4",
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let want = if format == "csv" {
            sibil::csv(&d)
        } else {
            sibil::json(&d)
        };
        assert_eq!(std::fs::read_to_string(out).unwrap(), want);
    }
    // Another quarter has none of them.
    let q3 = sibil::declaration(&t.store, sibil::quarter("2026-Q3").unwrap()).unwrap();
    assert!(q3.performances.is_empty());
    for bad in ["2026-Q5", "2026", "Q4-2026"] {
        assert!(
            matches!(sibil::quarter(bad), Err(ExportError::BadQuarter(_))),
            "{bad}"
        );
    }
}

#[test]
fn sibil_is_refused_naming_everything_missing() {
    let (f, t) = french_month(false, true);
    let err = sibil::declaration(&t.store, sibil::quarter("2026-Q4").unwrap()).unwrap_err();
    let ExportError::Missing(missing) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(missing.len(), 3, "{missing:?}");
    let message = err.to_string();
    for what in [
        "SIRET",
        "hall \"Le Club\": its SIBIL venue type",
        "show \"Nuit du jazz\": its SIBIL domain",
    ] {
        assert!(message.contains(what), "{what}: {message}");
    }
    // The gallery's show has no domain either, and is not declared.
    assert!(!message.contains("Exposition"), "{message}");
    let before = names(f.dir.path());
    let out = f.dir.path().join("sibil.json");
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "sibil",
            "--quarter",
            "2026-Q4",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(done.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&done.stderr).contains("its SIBIL domain"));
    assert_eq!(names(f.dir.path()), before);
}

/// The Quebec fixture's show on Tuesday 24 at 20:00 (33.33 $ before
/// taxes): three sold on Monday, one refunded in cash; one more sold on
/// Tuesday by card; both days and November closed.
fn quebec_month() -> (Fixture, Terminal) {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = common::system(&t);
    common::quebec_season(&mut t);
    let p = common::next_in(&t, "Salle Molson").0;
    let sold = common::sell_some(&mut t, p, "PLEIN", 3);
    counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[sold.tickets[0].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    close_day(&mut t, day(2026, 11, 23), toronto(2026, 11, 23, 23, 0));
    let offer = counter::offer::load(&t.store, p, None, now()).unwrap();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![counter::Item {
            performance_id: p,
            place: counter::Place::Seat(offer.best(1).unwrap()[0]),
            tariff_id: offer.tariff("PLEIN").unwrap().tariff.id,
        }],
        tenders: pay(Method::Card, 3_832),
        ..SaleRequest::default()
    };
    common::sell_at(&mut t, &request, toronto(2026, 11, 24, 18, 0)).unwrap();
    close_day(&mut t, day(2026, 11, 24), toronto(2026, 11, 24, 23, 0));
    close_november(&mut t);
    (f, t)
}

#[test]
fn the_quickbooks_journal_puts_gst_and_qst_apart_and_matches_its_golden_file() {
    let (f, t) = quebec_month();
    let books = quickbooks::of(&t.store, Span::parse("2026-11").unwrap()).unwrap();
    let csv = quickbooks::csv(&books);
    golden("quickbooks-2026-11.csv", csv.as_bytes());
    let mut journals: BTreeMap<String, BTreeMap<String, (i64, i64)>> = BTreeMap::new();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), quickbooks::COLUMNS.join(","));
    let money = |s: &str| -> i64 {
        if s.is_empty() {
            return 0;
        }
        let (u, d) = s.split_once('.').unwrap();
        u.parse::<i64>().unwrap() * 100 + d.parse::<i64>().unwrap()
    };
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert!(
            cells[1].len() == 10 && cells[1].as_bytes()[2] == b'/',
            "{line}"
        );
        let e = journals
            .entry(cells[0].into())
            .or_default()
            .entry(cells[2].into())
            .or_default();
        e.0 += money(cells[3]);
        e.1 += money(cells[4]);
    }
    for (no, accounts) in &journals {
        let (d, c) = accounts
            .values()
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        assert_eq!(d, c, "journal {no} does not balance");
    }
    // Monday: 3 × 33.33 $ less one refunded: 66.66 $ before taxes, all for
    // Tuesday's performance (deferred), GST 5 % 3.33 $, QST 9.975 % 6.65 $.
    let z1 = &journals["Z1"];
    assert_eq!(z1["Cash on hand"], (7_664, 0));
    assert_eq!(z1["Deferred revenue"], (0, 6_666));
    assert_eq!(z1["GST/HST Payable"], (0, 333));
    assert_eq!(z1["QST Payable"], (0, 665));
    assert!(!z1.contains_key("Ticket sales"));
    // Tuesday: the deferred revenue is recognised; the day's own ticket,
    // 33.33 $ + GST 1.67 $ + QST 3.32 $ = 38.32 $ by card.
    let rev = &journals["PCA20261124"];
    assert_eq!(rev["Deferred revenue"], (6_666, 0));
    assert_eq!(rev["Ticket sales"], (0, 6_666));
    let z2 = &journals["Z2"];
    assert_eq!(z2["Card receipts to deposit"], (3_832, 0));
    assert_eq!(z2["Ticket sales"], (0, 3_333));
    assert_eq!(z2["GST/HST Payable"], (0, 167));
    assert_eq!(z2["QST Payable"], (0, 332));
    // A Quebec venue has no FEC and no SIBIL; the command line says why.
    let err = fec::of(&t.store, Span::parse("2026-11").unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("FEC is for a venue in France"),
        "{err}"
    );
    let err = sibil::declaration(&t.store, sibil::quarter("2026-Q4").unwrap()).unwrap_err();
    assert!(matches!(err, ExportError::WrongCountry { .. }), "{err:?}");
    let out = f.dir.path().join("qb.csv");
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "quickbooks",
            "--period",
            "2026-11",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(std::fs::read_to_string(out).unwrap(), csv);
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "export",
            "fec",
            "--period",
            "2026-11",
            "--out",
            f.dir.path().join("x.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(done.status.code(), Some(2));
    assert!(!f.dir.path().join("x.txt").exists());
}

#[test]
fn a_coordinator_sets_the_accounts_and_the_exports_follow() {
    let (f, mut t) = french_month(true, true);
    let clerk = guichet::operators::NewOperator {
        name: "Léa".into(),
        role: guichet::domain::Role::Clerk,
        pin: "1357".into(),
        pin_again: "1357".into(),
    };
    let admin = guichet::operators::for_command_line(
        &mut t.store,
        Some("Admin"),
        Some(season::ADMIN_PIN),
        false,
        now(),
    )
    .unwrap();
    let later = common::december() + Duration::hours(1);
    let clerk = guichet::operators::create(&mut t.store, &t.signer, &admin, &clerk, later).unwrap();
    let err = accounts::set(
        &mut t.store,
        &clerk,
        "cash",
        Some("531000 Caisse billetterie"),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::NotAllowed), "{err:?}");
    for (key, value) in [
        ("cash", "53|1 Caisse"),
        ("cash", "  "),
        ("bank", "512000 Banque"),
        ("vat.7", ""),
    ] {
        assert!(
            matches!(
                accounts::set(&mut t.store, &admin, key, Some(value)),
                Err(ExportError::BadAccount(..))
            ),
            "{key} {value}"
        );
    }
    accounts::set(
        &mut t.store,
        &admin,
        "cash",
        Some("531000 Caisse billetterie"),
    )
    .unwrap();
    accounts::set(
        &mut t.store,
        &admin,
        "revenue.5,5",
        Some("706300 Billetterie 5,5"),
    )
    .unwrap();
    let books = fec::of(&t.store, Span::parse("2026-11").unwrap()).unwrap();
    let rows = fec_rows(&fec::bytes(&books));
    assert!(
        rows.iter()
            .any(|r| r["CompteNum"] == "531000" && r["CompteLib"] == "Caisse billetterie")
    );
    assert!(rows.iter().any(|r| r["CompteNum"] == "706300"));
    assert!(
        !rows
            .iter()
            .any(|r| r["CompteNum"] == "530000" || r["CompteNum"] == "706105")
    );
    // Listed with the defaults; put back by reset.
    let done = common::guichet(f.db.to_str().unwrap(), &["accounts"]);
    let listing = String::from_utf8_lossy(&done.stdout);
    assert!(
        listing.contains("cash           531000 Caisse billetterie\n"),
        "{listing}"
    );
    assert!(
        listing.contains("deferred       487000 Produits constatés d'avance  (default)"),
        "{listing}"
    );
    let done = common::command(f.db.to_str().unwrap(), &["accounts", "reset", "cash"])
        .env(guichet::terminal::CLOCK_ENV, later.to_rfc3339())
        .env("GUICHET_OPERATOR", common::ADMIN.0)
        .env("GUICHET_PIN", common::ADMIN.1)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        String::from_utf8_lossy(&done.stdout).contains("cash           530000 Caisse  (default)")
    );
    let done = common::guichet(
        f.db.to_str().unwrap(),
        &["accounts", "set", "cash", "530100 Caisse"],
    );
    assert_eq!(done.status.code(), Some(2));
}

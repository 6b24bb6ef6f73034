//! Programming the season is a coordinator's act, checked in the job layer
//! for every change, and every change is journaled: who, when, what, each
//! field before and after, in the signed chain `verify` covers.
// The steps return the job's own error, as the job returns it.
#![allow(clippy::result_large_err)]

mod common;

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use common::{Fixture, next_in, now};
use guichet::domain::journal::Kind;
use guichet::domain::operator::Act;
use guichet::domain::programmed::Programmed;
use guichet::domain::season::Series;
use guichet::domain::seat_plan::{Numbering, SeatFlagName};
use guichet::domain::{Cents, Locale};
use guichet::operators::{self, Operator};
use guichet::programming::halls::{self, Layout, NewHall};
use guichet::programming::holds::{self, HoldDraft};
use guichet::programming::performances::{self, Changes, PerformanceDraft};
use guichet::programming::shows::{self, ShowDraft};
use guichet::programming::{By, ProgrammingError, pricing};
use guichet::terminal::{Store, Terminal};
use guichet::till;
use guichet::ui::i18n::journal;

const CLERK: (&str, &str) = ("Lucas Martin", "1793");
const COORDINATOR: (&str, &str) = ("Inès Benali", "3579");

fn who(t: &mut Terminal, (name, pin): (&str, &str)) -> Operator {
    operators::for_command_line(&mut t.store, Some(name), Some(pin), false, now()).unwrap()
}

fn hall(store: &Store, name: &str) -> i64 {
    halls::all(store)
        .unwrap()
        .into_iter()
        .find(|h| h.name == name)
        .unwrap()
        .id
}

/// Seats of the Grande salle, from the back row: never sold in the demo.
fn back_seats(store: &Store, n: usize) -> Vec<i64> {
    let mut seats = halls::seats(store, hall(store, "Grande salle")).unwrap();
    seats.sort_by(|a, b| b.y.total_cmp(&a.y).then(b.x.total_cmp(&a.x)));
    seats.into_iter().take(n).map(|s| s.id).collect()
}

fn hold_named(store: &Store, performance: i64, name: &str) -> i64 {
    holds::of_performance(store, performance)
        .unwrap()
        .into_iter()
        .find(|h| h.name == name)
        .map_or(0, |h| h.id)
}

fn utc(y: i32, m: u32, d: u32, h: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

type Step = Box<dyn Fn(&mut Store, &By) -> Result<(), ProgrammingError>>;

/// Every kind of change to the season, as a coordinator makes them, in an
/// order in which each one works after the ones before.
fn every_change(t: &Terminal) -> Vec<(&'static str, Step)> {
    let (p, _) = next_in(t, "Grande salle");
    let (club, _) = next_in(t, "Le Club");
    let (gallery, _) = next_in(t, "La Galerie");
    let perf = performances::get(&t.store, p).unwrap();
    let same_hall: Vec<i64> = guichet::programming::all_performances(&t.store)
        .unwrap()
        .into_iter()
        .filter(|l| l.hall_id == perf.hall_id && l.id != p)
        .map(|l| l.id)
        .collect();
    let show = perf.show_id;
    let grande = perf.hall_id;
    let seats = back_seats(&t.store, 6);
    let terminal = t.signer.terminal_id;
    let s = seats.clone();
    vec![
        (
            "show created",
            Box::new(|store, by| {
                let draft = ShowDraft {
                    id: String::new(),
                    title: "Le Songe".into(),
                    artists: "Compagnie du Soir".into(),
                    genre: "theatre".into(),
                    sibil_domain: String::new(),
                    young_audience: false,
                    show_tax: guichet::domain::season::ShowTax::Astp,
                    vat: "5,5".into(),
                    duration_min: 95,
                    description: String::new(),
                };
                shows::create(store, by, &draft).map(drop)
            }),
        ),
        (
            "show changed",
            Box::new(move |store, by| {
                let existing = shows::all(store)?
                    .into_iter()
                    .find(|s| s.id == show)
                    .unwrap();
                let mut draft = ShowDraft::of(&existing);
                draft.artists = "Troupe nouvelle".into();
                shows::update(store, by, show, &draft).map(drop)
            }),
        ),
        (
            "hall created",
            Box::new(|store, by| {
                let new = NewHall {
                    name: "Studio".into(),
                    layout: Layout::General { capacity: 80 },
                    venue_type: String::new(),
                };
                halls::create(store, by, &new).map(drop)
            }),
        ),
        (
            "seat flagged",
            Box::new({
                let s = s.clone();
                move |store, by| {
                    halls::set_flag(store, by, grande, &s[..1], SeatFlagName::Wheelchair, true)
                }
            }),
        ),
        (
            "flags cleared",
            Box::new({
                let s = s.clone();
                move |store, by| halls::clear_flags(store, by, grande, &s[..1])
            }),
        ),
        (
            "seat renumbered",
            Box::new({
                let s = s.clone();
                move |store, by| {
                    halls::renumber(store, by, grande, &s[1..2], 901, Numbering::Sequential)
                }
            }),
        ),
        (
            "seat removed",
            Box::new({
                let s = s.clone();
                move |store, by| halls::delete_seats(store, by, grande, &s[2..3]).map(drop)
            }),
        ),
        (
            "performance created",
            Box::new(move |store, by| {
                let draft = PerformanceDraft::new(show, grande, utc(2027, 6, 1, 18));
                performances::create(store, by, &draft).map(drop)
            }),
        ),
        (
            "performance duplicated",
            Box::new(move |store, by| {
                performances::duplicate(store, by, p, utc(2027, 6, 2, 18)).map(drop)
            }),
        ),
        (
            "series created",
            Box::new(move |store, by| {
                let series = Series {
                    from: NaiveDate::from_ymd_opt(2027, 6, 7).unwrap(),
                    to: NaiveDate::from_ymd_opt(2027, 6, 14).unwrap(),
                    times: vec![(Weekday::Mon, NaiveTime::from_hms_opt(20, 0, 0).unwrap())],
                    except: vec![],
                };
                performances::create_series(store, by, show, grande, &series, None).map(drop)
            }),
        ),
        (
            "performance changed",
            Box::new(move |store, by| {
                let mut changes = Changes::of(&performances::get(store, p)?);
                changes.reentry_allowed = !changes.reentry_allowed;
                performances::update(store, by, p, &changes).map(drop)
            }),
        ),
        (
            "slots changed",
            Box::new(move |store, by| {
                let mut slots = performances::slots(store, gallery)?;
                slots[0].1 += 5;
                performances::set_slots(store, by, gallery, &slots).map(drop)
            }),
        ),
        (
            "tariff created",
            Box::new(|store, by| {
                pricing::create_tariff(store, by, "GROUPE", "Groupe", false, false).map(drop)
            }),
        ),
        (
            "category added",
            Box::new(move |store, by| {
                pricing::add_category(store, by, p, "STRAP", "Strapontins", "#123456").map(drop)
            }),
        ),
        (
            "seats painted",
            Box::new({
                let s = s.clone();
                move |store, by| {
                    let category = pricing::pricing(store, p)?
                        .categories
                        .into_iter()
                        .find(|c| c.code == "STRAP")
                        .map_or(0, |c| c.id);
                    pricing::paint(store, by, p, &s[3..4], category)
                }
            }),
        ),
        (
            "prices set",
            Box::new(move |store, by| {
                let mut grid = pricing::grid(store, p)?;
                let cell = grid.prices.keys().next().cloned().unwrap();
                *grid.prices.get_mut(&cell).unwrap() += Cents(100);
                pricing::set_prices(store, by, &[p], &grid)
            }),
        ),
        (
            "categories copied",
            Box::new(move |store, by| {
                pricing::copy_categories(store, by, p, &same_hall[..1]).map(drop)
            }),
        ),
        (
            "seats held",
            Box::new({
                let s = s.clone();
                move |store, by| {
                    let draft = HoldDraft {
                        name: "Presse".into(),
                        seats: s[4..6].to_vec(),
                        ..HoldDraft::default()
                    };
                    holds::create(store, by, p, &draft).map(drop)
                }
            }),
        ),
        (
            "held seat released",
            Box::new({
                let s = s.clone();
                move |store, by| holds::release_seats(store, by, p, &s[4..5]).map(drop)
            }),
        ),
        (
            "hold lent",
            Box::new(move |store, by| {
                let hold = hold_named(store, p, "Presse");
                holds::lend(store, by, p, hold, Some(terminal))
            }),
        ),
        (
            "hold released",
            Box::new(move |store, by| {
                let hold = hold_named(store, p, "Presse");
                holds::release_all(store, by, p, hold)
            }),
        ),
        (
            "places held",
            Box::new(move |store, by| {
                let draft = HoldDraft {
                    name: "Partenaire".into(),
                    quantity: 20,
                    ..HoldDraft::default()
                };
                holds::create(store, by, club, &draft).map(drop)
            }),
        ),
        (
            "places released in part",
            Box::new(move |store, by| {
                let hold = hold_named(store, club, "Partenaire");
                holds::release(store, by, club, hold, &[], 5)
            }),
        ),
    ]
}

fn season_changes(t: &Terminal) -> Vec<Programmed> {
    till::season_changes(&t.store, 1_000)
        .unwrap()
        .into_iter()
        .map(|e| e.change.expect("a season change reads back"))
        .collect()
}

#[test]
fn a_clerk_changes_nothing_in_the_season_and_every_refusal_writes_nothing() {
    let (f, mut t) = Fixture::demo();
    let clerk = who(&mut t, CLERK);
    let steps = every_change(&t);
    let before = f.snapshot();
    for (name, step) in &steps {
        let by = By {
            operator: &clerk,
            signer: &t.signer,
            now: now(),
        };
        let e = step(&mut t.store, &by).expect_err(name);
        assert!(
            matches!(e, ProgrammingError::NotAllowed(Act::Program)),
            "{name}: {e}"
        );
        assert_eq!(f.snapshot(), before, "{name} wrote something");
    }
}

#[test]
fn every_change_a_coordinator_makes_is_journaled_and_verifies() {
    let (_f, mut t) = Fixture::demo();
    let coordinator = who(&mut t, COORDINATOR);
    let steps = every_change(&t);
    for (name, step) in &steps {
        let journaled = season_changes(&t).len();
        let by = By {
            operator: &coordinator,
            signer: &t.signer,
            now: now(),
        };
        step(&mut t.store, &by).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            season_changes(&t).len() > journaled,
            "{name} was not journaled"
        );
    }
    let entries = till::season_changes(&t.store, 1_000).unwrap();
    assert!(entries.iter().all(|e| e.operator == "Inès Benali"));
    assert!(entries.iter().all(|e| e.kind == Some(Kind::Programmed)));
    let report = till::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
    // Each change reads in words, every line with its field named.
    let shown = journal::Shown {
        locale: Locale::FrFr,
        currency: guichet::domain::Currency::Eur,
        zone: chrono_tz::Europe::Paris,
    };
    for change in season_changes(&t) {
        assert!(!change.changes.is_empty(), "{change:?}");
        let title = journal::title(&change, Locale::FrFr);
        assert!(!title.contains('_'), "{title}");
        for line in journal::lines(&change, shown) {
            assert!(!line.contains("_at") && !line.contains("null"), "{line}");
        }
    }
}

#[test]
fn a_price_change_says_who_when_and_the_price_before_and_after() {
    let (_f, mut t) = Fixture::demo();
    let coordinator = who(&mut t, COORDINATOR);
    let (p, starts) = next_in(&t, "Grande salle");
    let mut grid = pricing::grid(&t.store, p).unwrap();
    let cell = ("C1".to_owned(), "PLEIN".to_owned());
    let was = grid.prices[&cell];
    grid.prices.insert(cell, was + Cents(250));
    let at = now() + Duration::minutes(7);
    let by = By {
        operator: &coordinator,
        signer: &t.signer,
        now: at,
    };
    pricing::set_prices(&mut t.store, &by, &[p], &grid).unwrap();
    let entry = till::season_changes(&t.store, 1).unwrap().remove(0);
    assert_eq!(entry.operator, "Inès Benali");
    assert_eq!(entry.at.unwrap().with_timezone(&Utc), at);
    let change = entry.change.unwrap();
    assert_eq!(change.subject, "prices");
    assert_eq!(change.action, "changed");
    let local = starts.with_timezone(&chrono_tz::Europe::Paris);
    assert!(
        change
            .label
            .ends_with(&local.format("%Y-%m-%d %H:%M").to_string()),
        "{}",
        change.label
    );
    assert_eq!(change.changes.len(), 1, "{:?}", change.changes);
    let price = &change.changes[0];
    assert_eq!(price.field, "price");
    assert_eq!(price.item.as_deref(), Some("C1/PLEIN"));
    assert_eq!(price.before, serde_json::json!(was.0));
    assert_eq!(price.after, serde_json::json!(was.0 + 250));
    let shown = journal::Shown {
        locale: Locale::FrFr,
        currency: guichet::domain::Currency::Eur,
        zone: chrono_tz::Europe::Paris,
    };
    let line = &journal::lines(&change, shown)[0];
    let euros = |c: i64| guichet::domain::Money::new(c, guichet::domain::Currency::Eur);
    assert_eq!(
        line,
        &format!(
            "Prix (C1 · PLEIN)\u{a0}: {} → {}",
            euros(was.0).format(Locale::FrFr),
            euros(was.0 + 250).format(Locale::FrFr)
        )
    );
    // Saving the same grid again changes nothing and journals nothing.
    pricing::set_prices(&mut t.store, &by, &[p], &grid).unwrap();
    assert_eq!(till::season_changes(&t.store, 100).unwrap().len(), 1);
}

#[test]
fn a_moved_performance_keeps_its_old_and_new_times_and_a_cancelled_one_its_status() {
    let (_f, mut t) = Fixture::demo();
    let coordinator = who(&mut t, COORDINATOR);
    let (p, starts) = next_in(&t, "Le Club");
    let by = By {
        operator: &coordinator,
        signer: &t.signer,
        now: now(),
    };
    let mut changes = Changes::of(&performances::get(&t.store, p).unwrap());
    changes.starts_at = starts + Duration::days(1);
    changes.status = guichet::domain::season::PerformanceStatus::Cancelled;
    performances::update(&mut t.store, &by, p, &changes).unwrap();
    let change = season_changes(&t).remove(0);
    let field = |name: &str| {
        change
            .changes
            .iter()
            .find(|c| c.field == name)
            .unwrap_or_else(|| panic!("{name} in {:?}", change.changes))
            .clone()
    };
    let rfc = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert_eq!(field("starts_at").before, serde_json::json!(rfc(starts)));
    assert_eq!(
        field("starts_at").after,
        serde_json::json!(rfc(starts + Duration::days(1)))
    );
    assert_eq!(field("status").before, serde_json::json!("on_sale"));
    assert_eq!(field("status").after, serde_json::json!("cancelled"));
    // The change is part of the signed chain: editing it breaks verify.
    let conn = _f.raw();
    conn.execute("DROP TRIGGER ledger_no_update", []).unwrap();
    conn.execute(
        "UPDATE ledger SET body = replace(body, 'cancelled', 'closed') WHERE kind = 'programmed'",
        [],
    )
    .unwrap();
    let report = till::verify(&t.store).unwrap();
    assert!(report.first_break.is_some());
}

#[test]
fn guichet_journal_prints_each_field_before_and_after() {
    let (f, mut t) = Fixture::demo();
    let coordinator = who(&mut t, COORDINATOR);
    let (p, _) = next_in(&t, "Le Club");
    let by = By {
        operator: &coordinator,
        signer: &t.signer,
        now: now(),
    };
    let draft = HoldDraft {
        name: "Partenaire".into(),
        reason: "Festival".into(),
        quantity: 12,
        ..HoldDraft::default()
    };
    holds::create(&mut t.store, &by, p, &draft).unwrap();
    let out = common::guichet(f.db.to_str().unwrap(), &["journal"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("programmed\tInès Benali"), "{text}");
    assert!(text.contains("Seats held: Partenaire"), "{text}");
    assert!(text.contains("Places: 12"), "{text}");
    assert!(text.contains("Reason: Festival"), "{text}");
    let out = common::guichet(f.db.to_str().unwrap(), &["journal", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let change = list
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e.get("change"))
        .expect("the change in JSON");
    assert_eq!(change["subject"], "hold");
    assert_eq!(change["action"], "created");
}

#[test]
fn only_an_administrator_changes_the_venue_s_identity_and_it_is_journaled() {
    let (f, mut t) = Fixture::demo();
    let venue = guichet::programming::venue::load(&t.store)
        .unwrap()
        .unwrap();
    let mut settings = venue.settings.clone();
    settings.licence_number = "PLATESV-R-2025-000777".into();
    settings.legal_name = "SCIC Théâtre des Quais".into();
    let before = f.snapshot();
    for role in [CLERK, COORDINATOR] {
        let op = who(&mut t, role);
        let by = By {
            operator: &op,
            signer: &t.signer,
            now: now(),
        };
        let e =
            guichet::programming::venue::change(&mut t.store, &by, settings.clone()).unwrap_err();
        assert!(
            matches!(e, ProgrammingError::NotAllowed(Act::Administer)),
            "{e}"
        );
    }
    let admin = who(&mut t, common::DEMO_ADMIN);
    let by = By {
        operator: &admin,
        signer: &t.signer,
        now: now(),
    };
    // The country, currency and time zone stay: every sale reads in them.
    let mut moved = settings.clone();
    moved.time_zone = chrono_tz::America::Toronto;
    let e = guichet::programming::venue::change(&mut t.store, &by, moved).unwrap_err();
    assert!(matches!(e, ProgrammingError::VenueFixed), "{e}");
    let mut bad = settings.clone();
    bad.licence_number = "n°#1".into();
    let e = guichet::programming::venue::change(&mut t.store, &by, bad).unwrap_err();
    assert!(e.to_string().contains("licence number"), "{e}");
    // Log-ins are journaled; the refusals wrote nothing else.
    let after = f.snapshot();
    for table in ["venue", "programmed"] {
        assert_eq!(after.get(table), before.get(table), "{table}");
    }
    assert!(till::season_changes(&t.store, 10).unwrap().is_empty());

    let changed = guichet::programming::venue::change(&mut t.store, &by, settings).unwrap();
    assert_eq!(changed.settings.licence_number, "PLATESV-R-2025-000777");
    let reread = guichet::programming::venue::load(&t.store)
        .unwrap()
        .unwrap();
    assert_eq!(reread, changed);
    let change = season_changes(&t).remove(0);
    assert_eq!(
        (change.subject.as_str(), change.action.as_str()),
        ("venue", "changed")
    );
    let fields: Vec<&str> = change.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["legal_name", "licence_number"]);
    assert_eq!(
        change.changes[1].before,
        serde_json::json!(venue.settings.licence_number)
    );
    let report = till::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

//! Programming the season: halls and plans, shows, performances and series,
//! prices, holds; every bad input refused with a clear message and nothing
//! written.

mod common;

use chrono::{NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use common::{Fixture, now};
use guichet::domain::Cents;
use guichet::domain::season::{PerformanceStatus, Series, ShowTax};
use guichet::domain::seat_plan::{self, Numbering, SeatFlagName, SeatFlags, SectionSpec};
use guichet::programming::halls::{self, Layout, NewHall};
use guichet::programming::performances::{self, PerformanceDraft};
use guichet::programming::pricing;
use guichet::programming::shows::{self, ShowDraft};
use guichet::programming::{self, ProgrammingError, holds, season_file};
use guichet::terminal::Terminal;

fn hall_id(t: &Terminal, name: &str) -> i64 {
    halls::all(&t.store)
        .unwrap()
        .into_iter()
        .find(|h| h.name == name)
        .unwrap()
        .id
}

fn show_id(t: &Terminal, title: &str) -> i64 {
    shows::all(&t.store)
        .unwrap()
        .into_iter()
        .find(|s| s.title == title)
        .unwrap()
        .id
}

/// The first upcoming performance of a show.
fn performance_of(t: &Terminal, title: &str) -> programming::PerformanceLine {
    programming::upcoming(&t.store, now(), 500)
        .unwrap()
        .into_iter()
        .find(|p| p.show == title)
        .unwrap()
}

/// The upcoming performances of a show, soonest first.
fn run_of(t: &Terminal, title: &str) -> Vec<i64> {
    let show = show_id(t, title);
    programming::upcoming(&t.store, now(), 500)
        .unwrap()
        .into_iter()
        .filter(|p| p.show_id == show)
        .map(|p| p.id)
        .collect()
}

fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Europe::Paris
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn a_hall_from_csv_and_back() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let csv = "section,row,seat,x,y,flags\nParterre,A,1,-1,2,\nParterre,A,2,0,2,wheelchair\nParterre,B,1,-1,3.2,\n";
    let hall = halls::import_csv(&mut t.store, &by, "Studio", csv, "THEATRE").unwrap();
    assert_eq!(hall.capacity, 3);
    assert_eq!(halls::plan_csv(&t.store, hall.id).unwrap(), csv);
    let before = f.rows();
    for (bad, message) in [
        (
            "Parterre,A,1,0,0\nParterre,A,1,1,0\n",
            "line 2: seat Parterre A 1 appears twice",
        ),
        ("Parterre,A,1\n", "line 1: 3 columns"),
        ("Parterre,A,1,x,0\n", "line 1: x \"x\" is not a number"),
    ] {
        let e = halls::import_csv(&mut t.store, &by, "Studio 2", bad, "THEATRE").unwrap_err();
        assert!(e.to_string().contains(message), "{e}");
        assert_eq!(e.field(), Some(programming::Field::Plan));
    }
    let e = halls::import_csv(&mut t.store, &by, "studio", csv, "THEATRE").unwrap_err();
    assert!(matches!(e, ProgrammingError::HallNameTaken(_)), "{e}");
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn a_3000_seat_plan_from_the_generator() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let spec = SectionSpec {
        aisles_after: vec![15, 45],
        curve_radius: 40.0,
        offset: 3.0,
        ..SectionSpec::new("Parterre", 50, 60)
    };
    let seats = seat_plan::generate(&[spec]).unwrap();
    let hall = halls::create(
        &mut t.store,
        &by,
        &NewHall {
            name: "Arena".into(),
            layout: Layout::Numbered(seats),
            venue_type: "SALLE_CONCERT_AUDITORIUM_OPERA_ZENITH".into(),
        },
    )
    .unwrap();
    assert_eq!(hall.capacity, 3000);
    assert_eq!(halls::seats(&t.store, hall.id).unwrap().len(), 3000);
}

#[test]
fn seats_are_removed_renumbered_and_flagged() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let hall = hall_id(&t, "Grande salle");
    let seats = halls::seats(&t.store, hall).unwrap();
    let row_a: Vec<_> = seats
        .iter()
        .filter(|s| s.section == "Orchestre" && s.row == "A")
        .collect();
    assert_eq!(row_a.len(), 17);
    // Renumber row A left to right from 101.
    let ids: Vec<i64> = row_a.iter().map(|s| s.id).collect();
    halls::renumber(&mut t.store, &by, hall, &ids, 101, Numbering::Sequential).unwrap();
    let after = halls::seats(&t.store, hall).unwrap();
    let mut numbers: Vec<(f64, String)> = after
        .iter()
        .filter(|s| ids.contains(&s.id))
        .map(|s| (s.x, s.number.clone()))
        .collect();
    numbers.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(numbers.first().unwrap().1, "101");
    assert_eq!(numbers.last().unwrap().1, "117");
    // Back to odd/even.
    halls::renumber(&mut t.store, &by, hall, &ids, 1, Numbering::OddEven).unwrap();
    // A clash with a seat outside the selection is refused.
    let e =
        halls::renumber(&mut t.store, &by, hall, &ids[..2], 3, Numbering::Sequential).unwrap_err();
    assert!(
        e.to_string()
            .contains("already has a seat 3 outside the selection"),
        "{e}"
    );
    halls::set_flag(
        &mut t.store,
        &by,
        hall,
        &ids[..2],
        SeatFlagName::RestrictedView,
        true,
    )
    .unwrap();
    let flagged = halls::seats(&t.store, hall)
        .unwrap()
        .iter()
        .filter(|s| s.flags.contains(SeatFlags::RESTRICTED_VIEW))
        .count();
    assert_eq!(flagged, 4 + 2);
    // Remove two seats: the hall and its performances follow.
    assert_eq!(
        halls::delete_seats(&mut t.store, &by, hall, &ids[..2]).unwrap(),
        2
    );
    assert_eq!(halls::seats(&t.store, hall).unwrap().len(), 448);
    assert_eq!(performance_of(&t, "Cyrano de Bergerac").capacity, 448);
    // A seat that had a ticket stays, with its number.
    let cyrano = performance_of(&t, "Cyrano de Bergerac");
    common::ticket_for(&f.raw(), cyrano.id, Some(ids[2]));
    let e = halls::delete_seats(&mut t.store, &by, hall, &ids[2..4]).unwrap_err();
    assert!(matches!(e, ProgrammingError::SeatsSold(_)), "{e}");
    assert_eq!(
        halls::seats(&t.store, hall).unwrap().len(),
        448,
        "nothing removed"
    );
    let e = halls::renumber(
        &mut t.store,
        &by,
        hall,
        &ids[2..4],
        1,
        Numbering::Sequential,
    )
    .unwrap_err();
    assert!(matches!(e, ProgrammingError::SeatsSold(_)), "{e}");
    // Nothing chosen, or the whole plan: refused.
    assert!(matches!(
        halls::delete_seats(&mut t.store, &by, hall, &[]),
        Err(ProgrammingError::NoSeatsChosen)
    ));
    let unsold: Vec<i64> = halls::seats(&t.store, hall)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .filter(|id| *id != ids[2])
        .collect();
    common::ticket_for(&f.raw(), cyrano.id, None);
    let everything: Vec<i64> = unsold.iter().copied().chain([ids[2]]).collect();
    assert!(matches!(
        halls::delete_seats(&mut t.store, &by, hall, &everything),
        Err(ProgrammingError::SeatsSold(_))
    ));
    let rows = f.rows();
    let small = halls::create(
        &mut t.store,
        &by,
        &halls::NewHall {
            name: "Petite salle".into(),
            layout: halls::Layout::Numbered(
                seat_plan::generate(&[SectionSpec::new("Parterre", 1, 3)]).unwrap(),
            ),
            venue_type: String::new(),
        },
    )
    .unwrap();
    let all: Vec<i64> = halls::seats(&t.store, small.id)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert!(matches!(
        halls::delete_seats(&mut t.store, &by, small.id, &all),
        Err(ProgrammingError::PlanEmpty)
    ));
    assert_eq!(f.rows()["seat"], rows["seat"] + 3, "the last seats stay");
    // Flags come off together.
    halls::set_flag(
        &mut t.store,
        &by,
        small.id,
        &all,
        SeatFlagName::Wheelchair,
        true,
    )
    .unwrap();
    halls::set_flag(
        &mut t.store,
        &by,
        small.id,
        &all,
        SeatFlagName::Companion,
        true,
    )
    .unwrap();
    halls::clear_flags(&mut t.store, &by, small.id, &all).unwrap();
    assert!(
        halls::seats(&t.store, small.id)
            .unwrap()
            .iter()
            .all(|s| s.flags == SeatFlags::default())
    );
}

fn draft(title: &str) -> ShowDraft {
    ShowDraft {
        id: String::new(),
        title: title.into(),
        artists: "Cie Test".into(),
        genre: "theatre".into(),
        sibil_domain: "Théâtre".into(),
        young_audience: false,
        show_tax: ShowTax::Astp,
        vat: "5,5".into(),
        duration_min: 90,
        description: String::new(),
    }
}

#[test]
fn shows_are_checked_before_they_are_written() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let before = f.rows();
    let mut bad = draft("  ");
    assert!(matches!(
        shows::create(&mut t.store, &by, &bad),
        Err(ProgrammingError::TitleEmpty)
    ));
    bad = draft("Phèdre");
    bad.vat = "5,55555".into();
    assert_eq!(
        shows::create(&mut t.store, &by, &bad).unwrap_err().field(),
        Some(programming::Field::Vat)
    );
    bad.vat = "5,5".into();
    bad.duration_min = 0;
    assert!(matches!(
        shows::create(&mut t.store, &by, &bad),
        Err(ProgrammingError::Duration(0))
    ));
    assert_eq!(f.rows(), before);
    let show = shows::create(&mut t.store, &by, &draft("Phèdre")).unwrap();
    assert_eq!(show.vat_rate.0, 5_500);
    let mut changed = draft("Phèdre");
    changed.duration_min = 105;
    assert_eq!(
        shows::update(&mut t.store, &by, show.id, &changed)
            .unwrap()
            .duration_min,
        105
    );
}

#[test]
fn two_performances_never_share_a_hall() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let hall = hall_id(&t, "Grande salle");
    let show = shows::create(&mut t.store, &by, &draft("Phèdre")).unwrap();
    let cyrano = performance_of(&t, "Cyrano de Bergerac");
    let before = f.rows();
    // Starting an hour after Cyrano starts: Cyrano (2 h 45) is still on.
    let clash = PerformanceDraft::new(
        show.id,
        hall,
        cyrano.starts_at + chrono::Duration::seconds(3600),
    );
    let e = performances::create(&mut t.store, &by, &clash).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("Grande salle is taken by Cyrano de Bergerac"),
        "{e}"
    );
    assert_eq!(e.field(), Some(programming::Field::Start));
    // Sales closing after the performance ends.
    let mut late = PerformanceDraft::new(
        show.id,
        hall,
        cyrano.ends_at + chrono::Duration::seconds(3600),
    );
    late.sales_close_at = Some(cyrano.ends_at + chrono::Duration::seconds(3 * 86_400));
    let e = performances::create(&mut t.store, &by, &late).unwrap_err();
    assert!(matches!(e, ProgrammingError::SalesWindow), "{e}");
    assert_eq!(f.rows(), before, "nothing written");
    // Right after Cyrano ends: fine, and it starts with one category for the hall.
    let ok = PerformanceDraft::new(
        show.id,
        hall,
        cyrano.ends_at + chrono::Duration::seconds(1800),
    );
    let p = performances::create(&mut t.store, &by, &ok).unwrap();
    let pricing = pricing::pricing(&t.store, p.id).unwrap();
    assert_eq!(pricing.categories.len(), 1);
    assert_eq!(pricing.seats.len(), 450);
}

fn run(from: NaiveDate, to: NaiveDate) -> Series {
    let t20 = NaiveTime::from_hms_opt(20, 0, 0).unwrap();
    let mut times: Vec<(Weekday, NaiveTime)> = [
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ]
    .into_iter()
    .map(|d| (d, t20))
    .collect();
    times.push((Weekday::Sun, NaiveTime::from_hms_opt(16, 0, 0).unwrap()));
    Series {
        from,
        to,
        times,
        except: vec![],
    }
}

#[test]
fn a_series_across_the_clock_change_keeps_its_local_times() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let hall = hall_id(&t, "Le Club");
    let show = shows::create(&mut t.store, &by, &draft("Phèdre")).unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
    let mut series = run(d(3, 23), d(4, 4));
    series.except = vec![d(3, 31)];
    let created =
        performances::create_series(&mut t.store, &by, show.id, hall, &series, None).unwrap();
    assert_eq!(created.len(), 12 - 1);
    for p in &created {
        let local = p.starts_at.with_timezone(&chrono_tz::Europe::Paris);
        assert!(
            matches!((local.hour(), local.minute()), (20, 0) | (16, 0)),
            "{local}"
        );
    }
    // 27 March (CET) and 30 March (CEST) both at 20:00: an hour apart in UTC.
    let utc_hours: Vec<u32> = created.iter().map(|p| p.starts_at.hour()).collect();
    assert!(
        utc_hours.contains(&19) && utc_hours.contains(&18),
        "{utc_hours:?}"
    );
}

#[test]
fn a_series_is_created_whole_or_not_at_all() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let hall = hall_id(&t, "Grande salle");
    let show = shows::create(&mut t.store, &by, &draft("Phèdre")).unwrap();
    let today = now().with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let before = f.rows();
    // Cyrano plays tonight and the next two evenings in the Grande salle.
    let e = performances::create_series(
        &mut t.store,
        &by,
        show.id,
        hall,
        &run(today, today + chrono::Days::new(10)),
        None,
    )
    .unwrap_err();
    assert!(matches!(e, ProgrammingError::Overlap { .. }), "{e}");
    let mut none = run(today, today);
    none.times.clear();
    let e = performances::create_series(&mut t.store, &by, show.id, hall, &none, None).unwrap_err();
    assert!(e.to_string().contains("no day and time chosen"), "{e}");
    let mut excepted = run(today, today + chrono::Days::new(6));
    excepted.except = (0..7).map(|d| today + chrono::Days::new(d)).collect();
    let e =
        performances::create_series(&mut t.store, &by, show.id, hall, &excepted, None).unwrap_err();
    assert!(matches!(e, ProgrammingError::Series(_)), "{e}");
    assert!(e.to_string().contains("no date falls in the series"), "{e}");
    let e = performances::create_series(
        &mut t.store,
        &by,
        show.id,
        hall,
        &run(today + chrono::Days::new(5), today),
        None,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("ends") && e.to_string().contains("before it starts"),
        "{e}"
    );
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn a_duplicate_brings_its_categories_prices_and_holds() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let cyrano = performance_of(&t, "Cyrano de Bergerac");
    let seats: Vec<i64> = pricing::pricing(&t.store, cyrano.id)
        .unwrap()
        .seats
        .keys()
        .take(4)
        .copied()
        .collect();
    holds::create(
        &mut t.store,
        &by,
        cyrano.id,
        &holds::HoldDraft {
            name: "Presse".into(),
            seats: seats.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    let copy =
        performances::duplicate(&mut t.store, &by, cyrano.id, paris(2027, 1, 15, 20, 0)).unwrap();
    let a = pricing::pricing(&t.store, cyrano.id).unwrap();
    let b = pricing::pricing(&t.store, copy.id).unwrap();
    assert_eq!(a.categories.len(), b.categories.len());
    assert_eq!(a.prices.len(), b.prices.len());
    assert_eq!(a.seats.len(), b.seats.len());
    assert_eq!(
        pricing::grid(&t.store, cyrano.id).unwrap(),
        pricing::grid(&t.store, copy.id).unwrap()
    );
    let copied = holds::of_performance(&t.store, copy.id).unwrap();
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].seats.len(), 4);
}

#[test]
fn price_grids_are_checked_and_applied_to_a_series() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let run = run_of(&t, "Le Misanthrope");
    assert_eq!(run.len(), 4);
    let mut grid = pricing::grid(&t.store, run[0]).unwrap();
    grid.prices
        .insert(("C1".into(), "PLEIN".into()), Cents(3_000));
    grid.quotas.insert("JEUNE".into(), Some(30));
    let before = f.rows();
    let mut bad = grid.clone();
    bad.prices
        .insert(("C1".into(), "EXONERE".into()), Cents(500));
    let e = pricing::set_prices(&mut t.store, &by, &run, &bad).unwrap_err();
    assert!(
        matches!(e, ProgrammingError::ComplimentaryNotFree(_)),
        "{e}"
    );
    let mut bad = grid.clone();
    bad.prices
        .insert(("C2".into(), "PLEIN".into()), Cents(50_000_000));
    assert!(matches!(
        pricing::set_prices(&mut t.store, &by, &run, &bad),
        Err(ProgrammingError::PriceOutOfRange { .. })
    ));
    let mut bad = grid.clone();
    bad.quotas.insert("JEUNE".into(), Some(451));
    let e = pricing::set_prices(&mut t.store, &by, &run, &bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("a quota of 451 for JEUNE is above the 450 places"),
        "{e}"
    );
    let mut bad = grid.clone();
    bad.prices.insert(("C9".into(), "PLEIN".into()), Cents(100));
    assert!(matches!(
        pricing::set_prices(&mut t.store, &by, &run, &bad),
        Err(ProgrammingError::UnknownCategory(_))
    ));
    assert_eq!(f.rows(), before, "nothing written");
    pricing::set_prices(&mut t.store, &by, &run, &grid).unwrap();
    for id in &run {
        assert_eq!(
            pricing::grid(&t.store, *id).unwrap(),
            grid,
            "the whole series"
        );
    }
    // Withdrawing a tariff: leave it out of the grid.
    let mut fewer = grid.clone();
    fewer.quotas.remove("ABONNE");
    fewer.prices.retain(|(_, tariff), _| tariff != "ABONNE");
    pricing::set_prices(&mut t.store, &by, &run[..1], &fewer).unwrap();
    assert_eq!(pricing::pricing(&t.store, run[0]).unwrap().offered.len(), 4);
}

#[test]
fn categories_are_painted_and_copied_along_a_series() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let run = run_of(&t, "La Cerisaie");
    let vip =
        pricing::add_category(&mut t.store, &by, run[0], "vip", "Carré or", "#c9a227").unwrap();
    assert_eq!(vip.code, "VIP");
    let e =
        pricing::add_category(&mut t.store, &by, run[0], "VIP", "Encore", "#000000").unwrap_err();
    assert!(matches!(e, ProgrammingError::CategoryTaken(_)));
    let e = pricing::add_category(&mut t.store, &by, run[0], "C9", "Encore", "noir").unwrap_err();
    assert!(matches!(e, ProgrammingError::Colour(_)), "{e}");
    let seats: Vec<i64> = pricing::pricing(&t.store, run[0])
        .unwrap()
        .seats
        .keys()
        .take(20)
        .copied()
        .collect();
    pricing::paint(&mut t.store, &by, run[0], &seats, vip.id).unwrap();
    let copied = pricing::copy_categories(&mut t.store, &by, run[0], &run).unwrap();
    assert_eq!(
        copied,
        (run.len() - 1, 0),
        "copied to the others, none skipped"
    );
    for id in &run {
        let p = pricing::pricing(&t.store, *id).unwrap();
        let vip = p.categories.iter().find(|c| c.code == "VIP").unwrap();
        assert_eq!(p.seats.values().filter(|c| **c == vip.id).count(), 20);
    }
}

#[test]
fn holds_take_seats_or_places_off_sale_until_released() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let cyrano = performance_of(&t, "Cyrano de Bergerac");
    // The first six seats by id (the map of seats has no order of its own):
    // the first row of the orchestra.
    let mut seats: Vec<i64> = pricing::pricing(&t.store, cyrano.id)
        .unwrap()
        .seats
        .keys()
        .copied()
        .collect();
    seats.sort_unstable();
    seats.truncate(6);
    let hold = holds::create(
        &mut t.store,
        &by,
        cyrano.id,
        &holds::HoldDraft {
            name: "Places maison".into(),
            reason: "direction".into(),
            colour: "#444444".into(),
            seats: seats.clone(),
            quantity: 0,
        },
    )
    .unwrap();
    assert_eq!(performance_of(&t, "Cyrano de Bergerac").held, 6);
    assert_eq!(performance_of(&t, "Cyrano de Bergerac").available(), 444);
    let before = f.rows();
    let e = holds::create(
        &mut t.store,
        &by,
        cyrano.id,
        &holds::HoldDraft {
            name: "Presse".into(),
            seats: seats[..2].to_vec(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("already in a hold: Orchestre, row"),
        "{e}"
    );
    let e = holds::create(&mut t.store, &by, cyrano.id, &holds::HoldDraft::default()).unwrap_err();
    assert!(e.to_string().contains("needs a name"), "{e}");
    assert_eq!(f.rows(), before);
    holds::release(&mut t.store, &by, cyrano.id, hold.id, &seats[..2], 0).unwrap();
    assert_eq!(performance_of(&t, "Cyrano de Bergerac").held, 4);
    holds::release_all(&mut t.store, &by, cyrano.id, hold.id).unwrap();
    assert_eq!(performance_of(&t, "Cyrano de Bergerac").held, 0);
    assert!(
        holds::of_performance(&t.store, cyrano.id)
            .unwrap()
            .is_empty()
    );
    // General admission: a quantity, never more than is free.
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let e = holds::create(
        &mut t.store,
        &by,
        jazz.id,
        &holds::HoldDraft {
            name: "Partenaire".into(),
            quantity: 301,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("301 places asked, 300 still free"),
        "{e}"
    );
    let partner = holds::create(
        &mut t.store,
        &by,
        jazz.id,
        &holds::HoldDraft {
            name: "Partenaire".into(),
            quantity: 40,
            ..Default::default()
        },
    )
    .unwrap();
    holds::lend(
        &mut t.store,
        &by,
        jazz.id,
        partner.id,
        Some(t.signer.terminal_id),
    )
    .unwrap();
    holds::release(&mut t.store, &by, jazz.id, partner.id, &[], 15).unwrap();
    assert_eq!(performance_of(&t, "Nuit manouche — Trio Zazou").held, 25);
    assert_eq!(
        holds::of_performance(&t.store, jazz.id).unwrap()[0].terminal_id,
        Some(t.signer.terminal_id)
    );
}

#[test]
fn performance_status_and_times_change_with_the_same_checks() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let p = performances::get(&t.store, jazz.id).unwrap();
    let mut changes = performances::Changes {
        starts_at: p.starts_at + chrono::Duration::seconds(3600),
        vat: p.vat_rate,
        sales_open_at: None,
        sales_close_at: None,
        status: PerformanceStatus::Closed,
        reentry_allowed: true,
        capacity: None,
    };
    let moved = performances::update(&mut t.store, &by, jazz.id, &changes).unwrap();
    assert_eq!(moved.ends_at - moved.starts_at, p.ends_at - p.starts_at);
    assert_eq!(moved.status, PerformanceStatus::Closed);
    changes.sales_close_at = Some(moved.ends_at + chrono::Duration::seconds(60));
    assert!(matches!(
        performances::update(&mut t.store, &by, jazz.id, &changes),
        Err(ProgrammingError::SalesWindow)
    ));
}

#[test]
fn a_duplicate_keeps_its_rate_length_and_sales_window() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let p = performances::get(&t.store, jazz.id).unwrap();
    let mut changes = performances::Changes::of(&p);
    changes.sales_open_at = Some(p.starts_at - chrono::Duration::seconds(30 * 86_400));
    changes.sales_close_at = Some(p.starts_at - chrono::Duration::seconds(3_600));
    changes.vat = guichet::domain::TaxRate::parse_percent("20").unwrap();
    let p = performances::update(&mut t.store, &by, jazz.id, &changes).unwrap();
    let week = chrono::Duration::weeks(104); // two years on: the hall is free
    let copy = performances::duplicate(&mut t.store, &by, p.id, p.starts_at + week).unwrap();
    assert_eq!(copy.vat_rate, p.vat_rate);
    assert_eq!(copy.ends_at - copy.starts_at, p.ends_at - p.starts_at);
    assert_eq!(copy.sales_open_at, p.sales_open_at.map(|t| t + week));
    assert_eq!(copy.sales_close_at, p.sales_close_at.map(|t| t + week));
    assert_eq!(copy.capacity, p.capacity);
}

#[test]
fn a_series_from_a_chosen_performance_copies_its_rate_and_capacity() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let p = performances::get(&t.store, jazz.id).unwrap();
    let mut changes = performances::Changes::of(&p);
    changes.vat = guichet::domain::TaxRate::parse_percent("20").unwrap();
    changes.capacity = Some(80);
    performances::update(&mut t.store, &by, p.id, &changes).unwrap();
    let series = Series {
        from: NaiveDate::from_ymd_opt(2027, 6, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 6, 6).unwrap(),
        times: vec![(Weekday::Fri, NaiveTime::from_hms_opt(21, 0, 0).unwrap())],
        except: vec![],
    };
    let made =
        performances::create_series(&mut t.store, &by, p.show_id, p.hall_id, &series, Some(p.id))
            .unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].capacity, 80);
    assert_eq!(made[0].vat_rate, changes.vat);
}

#[test]
fn general_admission_capacity_holds_what_is_sold_and_held() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let p = performances::get(&t.store, jazz.id).unwrap();
    holds::create(
        &mut t.store,
        &by,
        p.id,
        &holds::HoldDraft {
            name: "Partenaire".into(),
            quantity: 10,
            ..holds::HoldDraft::default()
        },
    )
    .unwrap();
    common::ticket_for(&f.raw(), p.id, None);
    let mut changes = performances::Changes::of(&p);
    changes.capacity = Some(10);
    let before = f.rows();
    let e = performances::update(&mut t.store, &by, p.id, &changes).unwrap_err();
    assert!(
        matches!(
            e,
            ProgrammingError::CapacityBelowTaken {
                capacity: 10,
                taken: 11
            }
        ),
        "{e}"
    );
    assert_eq!(e.field(), Some(programming::Field::Capacity));
    assert_eq!(f.rows(), before);
    changes.capacity = Some(11);
    assert_eq!(
        performances::update(&mut t.store, &by, p.id, &changes)
            .unwrap()
            .capacity,
        11
    );
}

#[test]
fn timed_entry_slots_make_the_capacity_and_move_with_the_day() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let museum = programming::upcoming(&t.store, now(), 500)
        .unwrap()
        .into_iter()
        .find(|l| l.hall_kind == guichet::domain::HallKind::Timed)
        .unwrap();
    let p = performances::get(&t.store, museum.id).unwrap();
    let slots = performances::slots(&t.store, p.id).unwrap();
    let per_slot = slots[0].1;
    assert!(slots.len() > 1);
    assert_eq!(
        p.capacity,
        per_slot * slots.len() as i64,
        "every slot's places together"
    );
    // Fewer, bigger slots.
    let first = slots[0].0;
    let p =
        performances::set_slots(&mut t.store, &by, p.id, &[(first, 50), (slots[1].0, 70)]).unwrap();
    assert_eq!(p.capacity, 120);
    // Refused: none, twice, outside the day, negative.
    let before = f.rows();
    for (bad, expect) in [
        (vec![], "at least one entry slot"),
        (vec![(first, 10), (first, 20)], "two entry slots start"),
        (
            vec![(first - chrono::Duration::hours(2), 10)],
            "is outside the performance",
        ),
        (vec![(first, -1)], "a capacity of -1"),
    ] {
        let e = performances::set_slots(&mut t.store, &by, p.id, &bad).unwrap_err();
        assert!(e.to_string().contains(expect), "{e}");
    }
    // A slot with a ticket stays.
    let slot_id: i64 = f
        .raw()
        .query_row(
            "SELECT id FROM entry_slot WHERE performance_id = ?1 ORDER BY starts_at LIMIT 1",
            [p.id],
            |r| r.get(0),
        )
        .unwrap();
    common::ticket_for(&f.raw(), p.id, None);
    f.raw()
        .execute(
            "UPDATE ticket SET slot_id = ?1 WHERE slot_id IS NULL",
            [slot_id],
        )
        .unwrap();
    let before = {
        let mut b = before;
        b.insert("ticket".into(), b["ticket"] + 1);
        b.insert("sale_order".into(), b["sale_order"] + 1);
        b.insert("order_line".into(), b["order_line"] + 1);
        b
    };
    assert_eq!(f.rows(), before, "nothing written by the refusals");
    let e = performances::set_slots(&mut t.store, &by, p.id, &[(slots[1].0, 70)]).unwrap_err();
    assert!(matches!(e, ProgrammingError::SlotHasTickets(_)), "{e}");
    // The day moves (two years on, the hall is free): its slots move with
    // it, the same places.
    let later = chrono::Duration::days(730);
    let mut changes = performances::Changes::of(&p);
    changes.starts_at += later;
    changes.sales_open_at = None;
    changes.sales_close_at = None;
    performances::update(&mut t.store, &by, p.id, &changes).unwrap();
    let moved = performances::slots(&t.store, p.id).unwrap();
    assert_eq!(moved, vec![(first + later, 50), (slots[1].0 + later, 70)]);
    let still: i64 = f
        .raw()
        .query_row(
            "SELECT slot_id FROM ticket WHERE slot_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(still, slot_id, "tickets keep their slot");
}

#[test]
fn categories_are_not_copied_onto_performances_with_tickets() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let run = run_of(&t, "La Cerisaie");
    assert!(run.len() >= 3);
    common::ticket_for(&f.raw(), run[2], None);
    let vip =
        pricing::add_category(&mut t.store, &by, run[0], "VIP", "Carré or", "#c9a227").unwrap();
    assert_eq!(
        pricing::copy_categories(&mut t.store, &by, run[0], &run).unwrap(),
        (run.len() - 2, 1)
    );
    let sold = pricing::pricing(&t.store, run[2]).unwrap();
    assert!(!sold.categories.iter().any(|c| c.code == vip.code));
}

#[test]
fn sold_seats_keep_their_category_and_quotas_their_sales() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let cyrano = performance_of(&t, "Cyrano de Bergerac");
    let pricing_now = pricing::pricing(&t.store, cyrano.id).unwrap();
    let seat = *pricing_now.seats.keys().next().unwrap();
    common::ticket_for(&f.raw(), cyrano.id, Some(seat));
    let other = pricing_now
        .categories
        .iter()
        .find(|c| Some(&c.id) != pricing_now.seats.get(&seat))
        .unwrap();
    let before = f.rows();
    let e = pricing::paint(&mut t.store, &by, cyrano.id, &[seat], other.id).unwrap_err();
    assert!(matches!(e, ProgrammingError::SeatsSold(_)), "{e}");
    // The ticket above was sold with the first tariff: a quota of 0 for it
    // is refused.
    let first_tariff: String = f
        .raw()
        .query_row("SELECT code FROM tariff ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut grid = pricing::grid(&t.store, cyrano.id).unwrap();
    grid.quotas.insert(first_tariff.clone(), Some(0));
    let e = pricing::set_prices(&mut t.store, &by, &[cyrano.id], &grid).unwrap_err();
    assert!(
        matches!(e, ProgrammingError::QuotaBelowSold { sold: 1, .. }),
        "{e}"
    );
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn removing_seats_keeps_quotas_true_and_drops_emptied_holds() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let hall = halls::create(
        &mut t.store,
        &by,
        &NewHall {
            name: "Studio".into(),
            layout: Layout::Numbered(
                seat_plan::generate(&[SectionSpec::new("Parterre", 1, 10)]).unwrap(),
            ),
            venue_type: String::new(),
        },
    )
    .unwrap();
    let show = show_id(&t, "Le Misanthrope");
    let p = performances::create(
        &mut t.store,
        &by,
        &PerformanceDraft::new(show, hall.id, paris(2027, 9, 1, 20, 0)),
    )
    .unwrap();
    let seats: Vec<i64> = halls::seats(&t.store, hall.id)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    holds::create(
        &mut t.store,
        &by,
        p.id,
        &holds::HoldDraft {
            name: "Presse".into(),
            seats: seats[..2].to_vec(),
            ..holds::HoldDraft::default()
        },
    )
    .unwrap();
    let mut grid = pricing::PriceGrid::default();
    grid.quotas.insert("PLEIN".into(), Some(10));
    grid.prices
        .insert(("C1".into(), "PLEIN".into()), Cents(2000));
    pricing::set_prices(&mut t.store, &by, &[p.id], &grid).unwrap();
    let before = f.rows();
    let e = halls::delete_seats(&mut t.store, &by, hall.id, &seats[..2]).unwrap_err();
    assert!(
        e.to_string()
            .contains("a quota of 10 for PLEIN is above the 8 places"),
        "{e}"
    );
    assert_eq!(f.rows(), before, "nothing written");
    grid.quotas.insert("PLEIN".into(), Some(8));
    pricing::set_prices(&mut t.store, &by, &[p.id], &grid).unwrap();
    halls::delete_seats(&mut t.store, &by, hall.id, &seats[..2]).unwrap();
    assert!(
        holds::of_performance(&t.store, p.id).unwrap().is_empty(),
        "a hold of removed seats goes with them"
    );
    // The season still moves whole.
    let text = season_file::to_json(&season_file::export(&t.store).unwrap());
    season_file::check(&season_file::parse(&text).unwrap(), now()).unwrap();
}

#[test]
fn general_admission_sells_at_most_what_the_hall_holds() {
    let (f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let jazz = performance_of(&t, "Nuit manouche — Trio Zazou");
    let p = performances::get(&t.store, jazz.id).unwrap();
    let mut changes = performances::Changes::of(&p);
    changes.capacity = Some(90_000);
    let before = f.rows();
    let e = performances::update(&mut t.store, &by, p.id, &changes).unwrap_err();
    assert!(
        matches!(
            e,
            ProgrammingError::CapacityAboveHall {
                capacity: 90_000,
                hall: 300
            }
        ),
        "{e}"
    );
    let mut draft = PerformanceDraft::new(p.show_id, p.hall_id, paris(2027, 9, 1, 21, 0));
    draft.capacity = Some(0);
    assert!(matches!(
        performances::create(&mut t.store, &by, &draft),
        Err(ProgrammingError::Capacity(0))
    ));
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn a_series_copying_another_show_keeps_only_the_slots_it_lasts_for() {
    let (_f, mut t) = Fixture::demo();
    let op = common::system(&t);
    let by = common::by(&t.signer, &op);
    let museum = programming::upcoming(&t.store, now(), 500)
        .unwrap()
        .into_iter()
        .find(|l| l.hall_kind == guichet::domain::HallKind::Timed)
        .unwrap();
    let template = performances::get(&t.store, museum.id).unwrap();
    assert!(performances::slots(&t.store, museum.id).unwrap().len() > 2);
    let visit = shows::create(
        &mut t.store,
        &by,
        &ShowDraft {
            duration_min: 60,
            ..draft("Visite guidée")
        },
    )
    .unwrap();
    let series = Series {
        from: NaiveDate::from_ymd_opt(2027, 9, 6).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 9, 12).unwrap(),
        times: vec![(Weekday::Mon, NaiveTime::from_hms_opt(10, 0, 0).unwrap())],
        except: vec![],
    };
    let made = performances::create_series(
        &mut t.store,
        &by,
        visit.id,
        template.hall_id,
        &series,
        Some(template.id),
    )
    .unwrap();
    let slots = performances::slots(&t.store, made[0].id).unwrap();
    assert_eq!(slots.len(), 1, "one hour: the 10:00 slot only");
    assert_eq!(
        made[0].ends_at - made[0].starts_at,
        chrono::Duration::hours(1)
    );
    assert_eq!(
        performances::get(&t.store, made[0].id).unwrap().capacity,
        slots[0].1
    );
}

#[test]
fn the_venue_s_logo_is_checked_whole_set_by_an_administrator_and_journaled() {
    use guichet::domain::operator::{Act, Role};
    use guichet::domain::picture::PictureError;
    use programming::venue;
    let (f, mut t) = Fixture::demo();
    let admin = common::system(&t);
    let coordinator = guichet::operators::Operator {
        role: Role::Coordinator,
        ..admin.clone()
    };
    let png = std::fs::read("assets/demo/logo.png").unwrap();
    let before = f.rows();
    // A coordinator may not; a file that is not a PNG is refused: nothing written.
    let by = common::by(&t.signer, &coordinator);
    let e = venue::set_logo(&mut t.store, &by, png.clone()).unwrap_err();
    assert!(
        matches!(e, ProgrammingError::NotAllowed(Act::Administer)),
        "{e}"
    );
    let by = common::by(&t.signer, &admin);
    let mut cut = png.clone();
    cut.truncate(png.len() / 2);
    for (bytes, refused) in [
        (
            b"GIF89a".to_vec(),
            PictureError::NotPng(Some(guichet::domain::picture::Kind::Gif)),
        ),
        (Vec::new(), PictureError::Empty),
    ] {
        let e = venue::set_logo(&mut t.store, &by, bytes).unwrap_err();
        assert!(
            matches!(&e, ProgrammingError::Picture(p) if *p == refused),
            "{e}"
        );
    }
    let e = venue::set_logo(&mut t.store, &by, cut).unwrap_err();
    assert!(
        matches!(&e, ProgrammingError::Picture(PictureError::Damaged(_))),
        "{e}"
    );
    assert_eq!(f.rows(), before);
    // A file of 50 MB is refused before it is read.
    let dir = tempfile::tempdir().unwrap();
    let heavy = dir.path().join("affiche.png");
    std::fs::File::create(&heavy)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let e = venue::read_picture(&heavy).unwrap_err();
    assert!(
        matches!(e, ProgrammingError::Picture(PictureError::TooHeavy { bytes }) if bytes == 50 * 1024 * 1024),
        "{e}"
    );
    // Set and taken off: each change journaled with the file's fingerprint.
    assert!(venue::remove_logo(&mut t.store, &by).unwrap());
    assert!(!venue::remove_logo(&mut t.store, &by).unwrap());
    assert!(venue::logo(&t.store).unwrap().is_none());
    let set = venue::set_logo(&mut t.store, &by, png.clone()).unwrap();
    assert_eq!((set.width, set.height), (640, 180));
    assert_eq!(venue::logo(&t.store).unwrap().unwrap().png, png);
    let changes: Vec<String> = f
        .raw()
        .prepare("SELECT body FROM ledger WHERE kind = 'programmed' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let logo_changes: Vec<&String> = changes.iter().filter(|b| b.contains("\"logo\"")).collect();
    assert_eq!(logo_changes.len(), 2, "removed, then set");
    assert!(logo_changes[1].contains(&set.sha256));
    assert!(
        guichet::ledger::verify::verify(&t.store)
            .unwrap()
            .is_intact()
    );
}

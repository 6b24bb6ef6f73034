//! Programmation in the window, driven headless: forms that create a show,
//! a performance and a series; an overlap refused beside its field; prices
//! typed in the grid; seats painted and held from the map.

mod common;

use common::window::{act, shows, shows_starting, ui};
use common::{Fixture, count, key};
use guichet::domain::Locale;
use guichet::programming::pricing;
use guichet::ui::app::Screen;
use guichet::ui::screen::Section;
use guichet::ui::screen::programming::forms::{self, hall, performance, series, show, tariff};
use guichet::ui::screen::programming::{Message as P, detail};
use guichet::ui::widget::seat_map;
use guichet::ui::{App, Launch, Message};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::selector;

/// The demo, Camille logged in, on Programmation.
fn programmation(f: &Fixture) -> App {
    programmation_on(f, true)
}

/// Camille logged in on Programmation, the demo made first when `demo`
/// (else the file holds it already).
fn programmation_on(f: &Fixture, demo: bool) -> App {
    let mut app = common::window::boot(&Launch {
        db: f.db.clone(),
        lang: Some(Locale::FrFr),
        demo,
        clock: common::clock(),
    });
    act(&mut app, |sim| {
        sim.click(selector::id("login-pin")).unwrap();
        let _ = sim.typewrite("2468");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    common::window::open_till(&mut app);
    common::window::send(&mut app, Message::Nav(Section::Programming));
    match app.open().unwrap().screen() {
        Screen::Desk(d) => assert_eq!(d.section, Section::Programming),
        _ => panic!("not at the desk"),
    }
    app
}

/// Gives the open form a message (what is typed in a field, a choice).
fn form(app: &mut App, message: impl Into<forms::Message>) {
    common::window::send(app, Message::Programming(P::Form(message.into())));
}

#[test]
fn a_show_is_created_from_its_form() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    act(&mut app, |sim| {
        sim.click("+ Spectacle  F5").unwrap();
    });
    assert!(shows(&app, "Nouveau spectacle"));
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(
        shows(&app, "Donnez un titre au spectacle."),
        "the error beside the title"
    );
    let before = count(&f.raw(), "show");
    act(&mut app, |sim| {
        sim.click(selector::id("form-title")).unwrap();
        let _ = sim.typewrite("Phèdre");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(count(&f.raw(), "show"), before + 1);
    let title: String = f
        .raw()
        .query_row("SELECT title FROM show ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(title, "Phèdre");
}

#[test]
fn an_overlapping_performance_is_refused_beside_its_date() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    // The first upcoming Cyrano is selected, then a new performance starts
    // from its show and hall.
    let cyrano = guichet::programming::upcoming(app.open().unwrap().store(), common::now(), 500)
        .unwrap()
        .into_iter()
        .find(|l| l.show == "Cyrano de Bergerac")
        .unwrap();
    common::window::send(&mut app, Message::Programming(P::Select(cyrano.id)));
    act(&mut app, |sim| {
        sim.click("+ Représentation  F6").unwrap();
    });
    let local = cyrano.starts_at.with_timezone(&chrono_tz::Europe::Paris);
    form(
        &mut app,
        performance::Message::Date(local.format("%d/%m/%Y").to_string()),
    );
    form(&mut app, performance::Message::Time("21:00".into()));
    let before = count(&f.raw(), "performance");
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    let message = format!(
        "Grande salle est prise par Cyrano de Bergerac le {}",
        Locale::FrFr.date_time(cyrano.starts_at, chrono_tz::Europe::Paris)
    );
    assert!(shows_starting(&app, &message), "expected: {message}…");
    assert_eq!(count(&f.raw(), "performance"), before, "nothing written");
}

#[test]
fn a_series_creates_its_performances() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let show: i64 = f
        .raw()
        .query_row(
            "SELECT id FROM show WHERE title = 'Le Misanthrope'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let hall: i64 = f
        .raw()
        .query_row("SELECT id FROM hall WHERE name = 'Le Club'", [], |r| {
            r.get(0)
        })
        .unwrap();
    common::window::send(&mut app, Message::Programming(P::New(forms::Kind::Series)));
    form(&mut app, series::Message::Show(show));
    form(&mut app, series::Message::Hall(hall));
    form(&mut app, series::Message::From("01/03/2027".into()));
    form(&mut app, series::Message::To("14/03/2027".into()));
    form(&mut app, series::Message::Except("05/03/2027".into()));
    let before = count(&f.raw(), "performance");
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    // Tuesday to Saturday over two weeks, one date excepted.
    assert_eq!(count(&f.raw(), "performance"), before + 10 - 1);
}

fn open_cyrano(app: &mut App) -> i64 {
    let id = guichet::programming::upcoming(app.open().unwrap().store(), common::now(), 500)
        .unwrap()
        .into_iter()
        .find(|l| l.show == "Cyrano de Bergerac")
        .unwrap()
        .id;
    common::window::send(app, Message::Programming(P::Select(id)));
    id
}

#[test]
fn prices_typed_in_the_grid_are_checked_then_saved() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let id = open_cyrano(&mut app);
    act(&mut app, |sim| {
        sim.click("Tarifs").unwrap();
    });
    assert!(shows(&app, "Plein tarif"));
    let (plein, c1): (i64, i64) = f
        .raw()
        .query_row(
            "SELECT (SELECT id FROM tariff WHERE code = 'PLEIN'),
                    (SELECT id FROM price_category WHERE performance_id = ?1 AND code = 'C1')",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let price = |app: &mut App, v: &str| {
        common::window::send(
            app,
            Message::Programming(P::Detail(detail::Message::Price(plein, c1, v.into()))),
        );
    };
    price(&mut app, "3O,00");
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    assert!(
        ui(&app)
            .find(|c: iced_test::selector::Candidate<'_>| match c {
                iced_test::selector::Candidate::Text { content, .. }
                    if content.starts_with("C1 / PLEIN") =>
                    Some(()),
                _ => None,
            })
            .is_ok(),
        "a typo in a price is named"
    );
    price(&mut app, "34,50");
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    assert!(shows(&app, "Tarifs enregistrés pour 1 représentation(s)."));
    let grid = pricing::grid(app.open().unwrap().store(), id).unwrap();
    assert_eq!(grid.prices[&("C1".to_owned(), "PLEIN".to_owned())].0, 3_450);
    // Caisse lists the change: who, what, the price before and after.
    common::window::send(&mut app, Message::Nav(Section::Till));
    act(&mut app, |sim| {
        sim.click("Modifications de la programmation").unwrap();
    });
    assert!(shows(&app, "Prix et quotas modifiés"));
    assert!(shows_starting(&app, "Prix (C1 · PLEIN)\u{a0}: "));
    assert!(
        ui(&app)
            .find(|c: iced_test::selector::Candidate<'_>| match c {
                iced_test::selector::Candidate::Text { content, .. }
                    if content.starts_with("Prix (C1 · PLEIN)")
                        && content.ends_with("→ 34,50\u{a0}€") =>
                    Some(()),
                _ => None,
            })
            .is_ok()
    );
    assert!(shows(&app, "Camille Roche"));
}

#[test]
fn seats_chosen_on_the_map_are_painted_and_held() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let id = open_cyrano(&mut app);
    let seats: Vec<i64> = f
        .raw()
        .prepare(
            "SELECT seat_id FROM seat_category WHERE performance_id = ?1 ORDER BY seat_id LIMIT 5",
        )
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let map = |e: seat_map::Event| Message::Programming(P::Detail(detail::Message::Map(e)));
    common::window::send(
        &mut app,
        map(seat_map::Event::Chosen {
            seats: seats[..3].to_vec(),
            extend: false,
        }),
    );
    common::window::send(
        &mut app,
        map(seat_map::Event::Clicked {
            seat: seats[3],
            extend: true,
        }),
    );
    assert!(shows(&app, "4 places choisies"));
    let c3: i64 = f
        .raw()
        .query_row(
            "SELECT id FROM price_category WHERE performance_id = ?1 AND code = 'C3'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    common::window::send(
        &mut app,
        Message::Programming(P::Detail(detail::Message::PaintWith(c3))),
    );
    act(&mut app, |sim| {
        sim.click("Peindre").unwrap();
    });
    let painted: i64 = f
        .raw()
        .query_row(
            &format!("SELECT count(*) FROM seat_category WHERE performance_id = {id} AND category_id = {c3} AND seat_id IN ({})",
                seats[..4].iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(painted, 4);
    common::window::send(
        &mut app,
        Message::Programming(P::Detail(detail::Message::HoldName("Presse".into()))),
    );
    act(&mut app, |sim| {
        sim.click("Retenir").unwrap();
    });
    assert_eq!(count(&f.raw(), "hold_seat"), 4);
    assert!(shows(&app, "0 vendues · 4 retenues · 446 libres"));
    // Holding them again is refused, in French, naming the seats.
    common::window::send(
        &mut app,
        Message::Programming(P::Detail(detail::Message::HoldName("Presse".into()))),
    );
    act(&mut app, |sim| {
        sim.click("Retenir").unwrap();
    });
    assert!(shows_starting(&app, "Déjà retenues : "));
    assert_eq!(count(&f.raw(), "hold_seat"), 4);
    // A second hold, with its reason and colour; then one release for
    // seats of both holds.
    let detail = |m| Message::Programming(P::Detail(m));
    common::window::send(
        &mut app,
        map(seat_map::Event::Clicked {
            seat: seats[4],
            extend: false,
        }),
    );
    common::window::send(
        &mut app,
        detail(detail::Message::HoldName("Technique".into())),
    );
    common::window::send(
        &mut app,
        detail(detail::Message::HoldReason("régie son".into())),
    );
    common::window::send(&mut app, detail(detail::Message::HoldColour(2)));
    act(&mut app, |sim| {
        sim.click("Retenir").unwrap();
    });
    let (reason, colour): (String, String) = f
        .raw()
        .query_row(
            "SELECT reason, colour FROM hold WHERE name = 'Technique'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((reason.as_str(), colour.as_str()), ("régie son", "#7a4b00"));
    assert!(shows(&app, "Technique (1)"), "the hold in the legend");
    common::window::send(
        &mut app,
        map(seat_map::Event::Chosen {
            seats: vec![seats[0], seats[4]],
            extend: false,
        }),
    );
    act(&mut app, |sim| {
        sim.click("Libérer").unwrap();
    });
    assert!(shows(&app, "2 places remises en vente."));
    assert_eq!(count(&f.raw(), "hold_seat"), 3);
    assert_eq!(count(&f.raw(), "hold"), 1, "the emptied hold is gone");
}

#[test]
fn a_hall_form_names_what_is_wrong_in_french() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    common::window::send(&mut app, Message::Programming(P::New(forms::Kind::Hall)));
    form(&mut app, hall::Message::Name("Studio".into()));
    form(&mut app, hall::Message::Rows("dix".into()));
    let before = f.rows();
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(shows(&app, "« dix » n’est pas un nombre entier."));
    // A CSV plan with a seat twice: the line, in French, beside the plan.
    let csv = f.dir.path().join("plan.csv");
    std::fs::write(&csv, "Parterre,A,1,0,0\nParterre,A,1,1,0\n").unwrap();
    form(&mut app, hall::Message::Rows("10".into()));
    form(&mut app, hall::Message::Csv(csv.to_str().unwrap().into()));
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(shows(
        &app,
        "Plan CSV, ligne 2 : la place Parterre, rang A, 1 figure deux fois (déjà ligne 1)."
    ));
    form(&mut app, hall::Message::Csv("/nowhere/plan.csv".into()));
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(shows_starting(&app, "Impossible de lire /nowhere/plan.csv"));
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn a_series_without_a_show_says_so() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    common::window::send(&mut app, Message::Programming(P::New(forms::Kind::Series)));
    form(&mut app, series::Message::From("01/03/2027".into()));
    form(&mut app, series::Message::To("14/03/2027".into()));
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(shows(&app, "Choisissez d’abord un spectacle."));
}

fn capacity_of(f: &Fixture, performance: i64) -> i64 {
    f.raw()
        .query_row(
            "SELECT capacity FROM performance WHERE id = ?1",
            [performance],
            |r| r.get(0),
        )
        .unwrap()
}

fn open_kind(app: &mut App, kind: &str) -> i64 {
    let line = guichet::programming::upcoming(app.open().unwrap().store(), common::now(), 500)
        .unwrap()
        .into_iter()
        .find(|l| l.hall_kind.code() == kind)
        .unwrap();
    common::window::send(app, Message::Programming(P::Select(line.id)));
    line.id
}

#[test]
fn general_admission_places_are_held_released_in_part_and_resized() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let id = open_kind(&mut app, "general");
    let detail = |m| Message::Programming(P::Detail(m));
    act(&mut app, |sim| {
        sim.click("Places retenues").unwrap();
    });
    common::window::send(
        &mut app,
        detail(detail::Message::HoldName("Partenaire".into())),
    );
    common::window::send(&mut app, detail(detail::Message::HoldQuantity("12".into())));
    act(&mut app, |sim| {
        sim.click("Retenir").unwrap();
    });
    let hold: i64 = f
        .raw()
        .query_row("SELECT id FROM hold WHERE name = 'Partenaire'", [], |r| {
            r.get(0)
        })
        .unwrap();
    common::window::send(
        &mut app,
        detail(detail::Message::ReleaseQuantity(hold, "5".into())),
    );
    common::window::send(&mut app, detail(detail::Message::ReleasePart(hold)));
    let left: i64 = f
        .raw()
        .query_row("SELECT quantity FROM hold WHERE id = ?1", [hold], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 7);
    // Too many to release: said, nothing changed.
    common::window::send(
        &mut app,
        detail(detail::Message::ReleaseQuantity(hold, "50".into())),
    );
    common::window::send(&mut app, detail(detail::Message::ReleasePart(hold)));
    assert!(shows(&app, "50 places demandées, 7 encore libres."));
    // The capacity, below what is held: refused beside the field.
    act(&mut app, |sim| {
        sim.click("Représentation").unwrap();
    });
    common::window::send(&mut app, detail(detail::Message::Capacity("5".into())));
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    assert!(shows(
        &app,
        "Jauge de 5 : 7 places sont déjà vendues ou retenues."
    ));
    common::window::send(&mut app, detail(detail::Message::Capacity("90".into())));
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    let capacity = capacity_of(&f, id);
    assert_eq!(capacity, 90);
}

#[test]
fn timed_entry_slots_are_edited_in_the_settings() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let id = open_kind(&mut app, "timed");
    let detail = |m| Message::Programming(P::Detail(m));
    act(&mut app, |sim| {
        sim.click("Représentation").unwrap();
    });
    assert!(shows(&app, "Créneaux d’entrée"));
    let slots = |f: &Fixture| -> (i64, i64) {
        f.raw()
            .query_row(
                "SELECT count(*), sum(capacity) FROM entry_slot WHERE performance_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let (count_before, _) = slots(&f);
    common::window::send(&mut app, detail(detail::Message::SlotPlaces(0, "5".into())));
    common::window::send(&mut app, detail(detail::Message::AddSlot));
    common::window::send(
        &mut app,
        detail(detail::Message::SlotTime(
            count_before as usize,
            "25:00".into(),
        )),
    );
    act(&mut app, |sim| {
        sim.click("Enregistrer les créneaux").unwrap();
    });
    assert!(shows(
        &app,
        "« 25:00 » n’est pas une heure : tapez-la comme 20:00."
    ));
    assert_eq!(slots(&f).0, count_before, "nothing written");
    common::window::send(
        &mut app,
        detail(detail::Message::RemoveSlot(count_before as usize)),
    );
    act(&mut app, |sim| {
        sim.click("Enregistrer les créneaux").unwrap();
    });
    let (count_after, places) = slots(&f);
    assert_eq!(count_after, count_before);
    let capacity = capacity_of(&f, id);
    assert_eq!(capacity, places, "the capacity is the slots' places");
}

#[test]
fn the_month_view_and_the_arrows_move_through_the_season() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    assert!(shows(
        &app,
        "Choisissez une représentation (↑ ↓), ou créez un spectacle, une représentation, une série, une salle."
    ));
    common::window::send(&mut app, Message::Down);
    assert!(
        shows(&app, "Plan et catégories"),
        "↓ opens the first performance"
    );
    act(&mut app, |sim| {
        sim.click("Mois").unwrap();
    });
    let month = Locale::FrFr.month_year(common::now().date_naive());
    assert!(shows(&app, &month), "{month}");
    act(&mut app, |sim| {
        sim.click("▶").unwrap();
    });
    let next = Locale::FrFr.month_year(common::now().date_naive() + chrono::Months::new(1));
    assert!(shows(&app, &next), "{next}");
}

#[test]
fn a_show_is_edited_and_a_tariff_added_from_a_performance() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    open_cyrano(&mut app);
    act(&mut app, |sim| {
        sim.click("Modifier le spectacle").unwrap();
    });
    assert!(
        shows(&app, "Cyrano de Bergerac"),
        "the form holds the title"
    );
    form(&mut app, show::Message::Duration("170".into()));
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    let minutes: i64 = f
        .raw()
        .query_row(
            "SELECT duration_min FROM show WHERE title = 'Cyrano de Bergerac'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(minutes, 170);
    act(&mut app, |sim| {
        sim.click("Tarifs").unwrap();
    });
    act(&mut app, |sim| {
        sim.click("+ Tarif").unwrap();
    });
    form(&mut app, tariff::Message::Code("groupe".into()));
    form(
        &mut app,
        tariff::Message::Name("Groupe (10 et plus)".into()),
    );
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    let code: String = f
        .raw()
        .query_row(
            "SELECT code FROM tariff ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(code, "GROUPE");
    assert!(
        shows(&app, "Groupe (10 et plus)"),
        "back on the performance, the new tariff in the grid"
    );
}

#[test]
fn a_sales_window_after_the_performance_is_refused() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let id = open_cyrano(&mut app);
    act(&mut app, |sim| {
        sim.click("Représentation").unwrap();
    });
    let ends: i64 = f
        .raw()
        .query_row("SELECT ends_at FROM performance WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let after = chrono::DateTime::from_timestamp(ends + 86_400, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Paris);
    let detail = |m| Message::Programming(P::Detail(m));
    common::window::send(
        &mut app,
        detail(detail::Message::SalesClose(
            after.format("%d/%m/%Y %H:%M").to_string(),
        )),
    );
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    assert!(shows(
        &app,
        "La vente doit fermer au plus tard à la fin de la représentation, et ouvrir avant de fermer."
    ));
    // A typo in the window: said as a date and time, not as the
    // performance's date.
    common::window::send(
        &mut app,
        detail(detail::Message::SalesOpen("demain".into())),
    );
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    assert!(shows(
        &app,
        "« demain » n’est pas une date et une heure : tapez-les comme 24/11/2026 18:00."
    ));
    common::window::send(&mut app, detail(detail::Message::SalesOpen(String::new())));
    let before = chrono::DateTime::from_timestamp(ends - 3_600, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Europe::Paris);
    common::window::send(
        &mut app,
        detail(detail::Message::SalesClose(
            before.format("%d/%m/%Y %H:%M").to_string(),
        )),
    );
    act(&mut app, |sim| {
        sim.click("Enregistrer").unwrap();
    });
    let close: Option<i64> = f
        .raw()
        .query_row(
            "SELECT sales_close_at FROM performance WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(close, Some(ends - 3_600 - (ends - 3_600) % 60));
}

#[test]
fn the_keyboard_opens_forms_and_tabs_and_never_loses_a_form() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    let press = |app: &mut App, k: Key, m: Modifiers| {
        let message = key(k, m).expect("a shortcut");
        common::window::send(app, message);
    };
    open_cyrano(&mut app);
    // Alt+2: the prices of the chosen performance.
    press(&mut app, Key::Character("2".into()), Modifiers::ALT);
    assert!(shows(&app, "Plein tarif"));
    // F6: a new performance of the same show and hall; ↓ while typing
    // keeps the form and what is typed.
    press(&mut app, Key::Named(Named::F6), Modifiers::empty());
    assert!(shows(&app, "Nouvelle représentation"));
    form(&mut app, performance::Message::Date("02/02/2027".into()));
    press(&mut app, Key::Named(Named::ArrowDown), Modifiers::empty());
    assert!(shows(&app, "Nouvelle représentation"));
    assert!(shows(&app, "02/02/2027"), "what was typed stays");
    // Esc: back to the chosen performance.
    press(&mut app, Key::Named(Named::Escape), Modifiers::empty());
    assert!(!shows(&app, "Nouvelle représentation"));
    match app.open().unwrap().screen() {
        Screen::Desk(_) => {}
        _ => panic!("still at the desk"),
    }
    assert!(shows(&app, "Cyrano de Bergerac"));
    // F5, F7, F8: the other forms.
    for (k, title) in [
        (Named::F5, "Nouveau spectacle"),
        (Named::F7, "Nouvelle série de représentations"),
        (Named::F8, "Nouvelle salle"),
    ] {
        press(&mut app, Key::Named(k), Modifiers::empty());
        assert!(shows(&app, title), "{title}");
    }
}

#[test]
fn coming_back_to_programmation_reads_the_season_again() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    assert!(shows(&app, "3 salles · 12 spectacles · 41 représentations"));
    let id = open_cyrano(&mut app);
    assert!(shows(&app, "0 vendues · 0 retenues · 450 libres"));
    common::window::send(&mut app, Message::Nav(Section::Sell));
    // Meanwhile, another terminal sells two seats of it.
    let mut other = f.terminal();
    common::sell_some(&mut other, id, "PLEIN", 2);
    common::window::send(&mut app, Message::Nav(Section::Programming));
    assert!(
        shows(&app, "2 vendues · 0 retenues · 448 libres"),
        "the performance shown, read again"
    );
    assert!(shows(&app, "Plan et catégories"), "still on its page");
}

#[test]
fn invitations_are_set_aside_asked_and_issued_from_the_performance_s_tab() {
    use detail::invitations::Message as I;
    let f = Fixture::new();
    let mut app = programmation(&f);
    let cyrano = open_cyrano(&mut app);
    let inv = |app: &mut App, m: I| {
        common::window::send(
            app,
            Message::Programming(P::Detail(detail::Message::Invitations(m))),
        );
    };
    act(&mut app, |sim| {
        sim.click("Invitations").unwrap();
    });
    assert!(shows(
        &app,
        "Plafond d’invitations par demandeur (vide : sans plafond)"
    ));
    assert!(shows(&app, "Aucune demande pour cette représentation."));
    // Four places for the press; a request of two, one of three.
    inv(&mut app, I::SetAside(0, "4".into()));
    inv(&mut app, I::SaveSetAside);
    assert!(shows(&app, "Plafonds d’invitations enregistrés."));
    act(&mut app, |sim| {
        sim.click(selector::id(detail::invitations::REQUESTER_INPUT))
            .unwrap();
        let _ = sim.typewrite("Ouest-France — Marie Dupont");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert!(shows(&app, "Demande enregistrée : à émettre ou refuser."));
    inv(&mut app, I::Requester("Le Télégramme".into()));
    inv(&mut app, I::Places("3".into()));
    inv(&mut app, I::Ask);
    let store = || guichet::terminal::read_only(&f.db).unwrap();
    let requests = guichet::counter::invitations::list(&store(), Some(cyrano), None).unwrap();
    assert_eq!(requests.len(), 2);
    let (telegramme, ouest) = (&requests[0], &requests[1]);
    inv(&mut app, I::Issue(ouest.public_id.clone()));
    assert!(shows_starting(&app, "Invitations émises : commande n° "));
    assert!(shows(&app, "2 émises"), "the tab stays, read again");
    // Three more would pass the four places: said, nothing issued.
    let before = count(&f.raw(), "ticket");
    inv(&mut app, I::Issue(telegramme.public_id.clone()));
    assert!(shows(
        &app,
        "Plafond d’invitations (presse) atteint : 2 émises sur 4, cette demande en veut 3. Relevez le plafond, ou refusez-la."
    ));
    assert_eq!(count(&f.raw(), "ticket"), before);
    inv(&mut app, I::Refuse(telegramme.public_id.clone()));
    assert!(shows(&app, "Demande refusée."));
    assert!(shows(&app, "refusée"));
    // Another performance and back: the tab is read again, not blank.
    common::window::send(&mut app, Message::Programming(P::Down));
    common::window::send(&mut app, Message::Programming(P::Up));
    assert!(shows(&app, "2 émises"));
}

#[test]
fn a_show_s_picture_is_set_from_the_performance_s_settings_tab() {
    let f = Fixture::new();
    let mut app = programmation(&f);
    open_cyrano(&mut app);
    act(&mut app, |sim| {
        sim.click("Représentation").unwrap();
    });
    assert!(shows(&app, "Visuel du spectacle"));
    assert!(shows_starting(&app, "Aucun visuel"));
    // A file that is not a PNG: said beside the card, nothing set.
    let text = f.dir.path().join("affiche.png");
    std::fs::write(&text, "not a picture").unwrap();
    // (the card is below the fold of the tab: its messages are sent)
    let card = |app: &mut App, m: guichet::ui::screen::logo::Message| {
        common::window::send(
            app,
            Message::Programming(P::Detail(detail::Message::Picture(m))),
        );
    };
    use guichet::ui::screen::logo::Message as L;
    card(&mut app, L::Path(text.to_str().unwrap().to_owned()));
    card(&mut app, L::Set);
    assert!(
        shows_starting(&app, "Ce fichier n’est pas une image PNG"),
        "refused"
    );
    assert_eq!(count(&f.raw(), "show_picture"), 0);
    let poster = std::fs::canonicalize("assets/demo/logo.png").unwrap();
    card(&mut app, L::Path(poster.to_str().unwrap().to_owned()));
    card(&mut app, L::Set);
    assert!(shows_starting(&app, "Visuel enregistré (640 × 180 pixels)"));
    assert_eq!(count(&f.raw(), "show_picture"), 1);
}

#[test]
fn price_rules_are_set_turned_on_and_replayed_in_the_window() {
    use guichet::ui::screen::programming::detail::demand::Message as D;
    use guichet::ui::screen::rule_form::Message as R;
    // Four Cyrano tickets sold before the window opens.
    let (f, mut t) = Fixture::demo();
    let (cyrano, _) = common::next_in(&t, "Grande salle");
    common::sell_some(&mut t, cyrano, "PLEIN", 4);
    drop(t);
    let mut app = programmation_on(&f, false);
    common::window::send(&mut app, Message::Programming(P::Select(cyrano)));
    act(&mut app, |sim| {
        sim.click("Demande").unwrap();
    });
    assert!(shows_starting(
        &app,
        "Les règles de prix ne sont pas appliquées"
    ));
    assert!(shows(&app, "Aucune règle."));
    let demand = |app: &mut App, m: D| {
        common::window::send(
            app,
            Message::Programming(P::Detail(detail::Message::Demand(m))),
        );
    };
    // A floor above the ceiling: said, nothing kept.
    demand(&mut app, D::Form(R::Threshold("80".into())));
    demand(&mut app, D::Form(R::Step("+5".into())));
    demand(&mut app, D::Form(R::Floor("40".into())));
    demand(&mut app, D::Form(R::Ceiling("35".into())));
    demand(&mut app, D::Add);
    assert!(shows_starting(
        &app,
        "Le plancher (40,00) est au-dessus du plafond (35,00)"
    ));
    assert_eq!(count(&f.raw(), "price_rule"), 0);
    // A step that is not an amount.
    demand(&mut app, D::Form(R::Floor(String::new())));
    demand(&mut app, D::Form(R::Step("cinq".into())));
    demand(&mut app, D::Form(R::Submit));
    assert!(shows_starting(&app, "« cinq » n’est pas un montant"));
    // Then right: kept, listed, journaled.
    demand(&mut app, D::Form(R::Step("+5".into())));
    demand(&mut app, D::Form(R::Category("c1".into())));
    demand(&mut app, D::Add);
    assert!(shows_starting(
        &app,
        "Règle ajoutée : Dès 80 % des places vendues\u{a0}: C1 +5,00\u{a0}€, au plus 35,00"
    ));
    assert_eq!(count(&f.raw(), "price_rule"), 1);
    demand(&mut app, D::Turn(true));
    assert!(shows_starting(
        &app,
        "Règles de prix appliquées dès maintenant."
    ));
    assert!(shows(
        &app,
        "Les règles de prix sont appliquées à la vente."
    ));
    assert!(shows(&app, "Aucune règle ne change les prix en ce moment."));

    // Rapports: a performance's sales replayed under a rule.
    common::window::send(&mut app, Message::Nav(Section::Reports));
    use guichet::ui::screen::reports::Message as Rep;
    let report = |app: &mut App, m: Rep| common::window::send(app, Message::Reports(m));
    report(&mut app, Rep::Replay);
    assert!(shows(&app, "Choisissez une représentation."));
    report(&mut app, Rep::ReplayOn(cyrano));
    report(&mut app, Rep::Rule(R::Threshold("1".into())));
    report(&mut app, Rep::Rule(R::Step("+2".into())));
    report(&mut app, Rep::Replay);
    // Four sold together: none after 1 % was reached.
    assert!(
        shows_starting(&app, "4 billet(s) vendu(s) pour "),
        "the replay said"
    );
}

#[test]
fn a_coordinator_makes_a_subscription_and_a_pass_from_their_form() {
    use forms::formula::Message as F;
    let f = Fixture::new();
    let mut app = programmation(&f);
    act(&mut app, |sim| {
        sim.click("+ Abonnement  F4").unwrap();
    });
    assert!(shows(&app, "Nouvelle formule d’abonnement ou pass"));
    // A choice with no count and no name: said beside its field, nothing
    // written.
    act(&mut app, |sim| {
        sim.click("Créer").unwrap();
    });
    assert!(shows_starting(&app, "Donnez à la formule un nom"));
    assert_eq!(count(&f.raw(), "formula"), 0);
    form(&mut app, F::Name("Trois et plus".into()));
    form(&mut app, F::Min("3".into()));
    form(&mut app, F::Max("2".into()));
    form(&mut app, F::Price("96,00".into()));
    form(&mut app, F::Submit);
    assert!(shows_starting(
        &app,
        "Une formule au choix prend de 1 à 60 représentations"
    ));
    assert_eq!(count(&f.raw(), "formula"), 0);
    form(&mut app, F::Max("6".into()));
    form(&mut app, F::Genre(1)); // dance
    form(&mut app, F::Submit);
    assert!(shows_starting(&app, "Formule « Trois et plus » créée"));
    let (kind, per_genre): (String, String) = f
        .raw()
        .query_row("SELECT kind, per_genre FROM formula", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), per_genre.as_str()),
        ("choice", r#"{"dance":1}"#)
    );
    // A pass whose last day comes before its first: refused beside it.
    form(&mut app, F::Name("Pass week-end".into()));
    form(&mut app, F::Kind(3));
    assert!(shows(&app, "Premier jour (jj/mm/aaaa)"));
    form(&mut app, F::From("12/12/2026".into()));
    form(&mut app, F::Until("11/12/2026".into()));
    form(&mut app, F::Price("45,00".into()));
    form(&mut app, F::Submit);
    assert!(shows_starting(
        &app,
        "La période du pass va de son premier jour"
    ));
    form(&mut app, F::Until("13/12/2026".into()));
    form(&mut app, F::Submit);
    assert!(shows_starting(&app, "Formule « Pass week-end » créée"));
    let (from, until, price): (String, String, i64) = f
        .raw()
        .query_row(
            "SELECT f.valid_from, f.valid_until, p.amount FROM formula f
             JOIN formula_price p ON p.formula_id = f.id WHERE f.kind = 'pass'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (from.as_str(), until.as_str(), price),
        ("2026-12-12", "2026-12-13", 4_500)
    );
    // Priced by category, no price for any: a mistyped one is said.
    form(&mut app, F::Kind(0));
    form(&mut app, F::Name("Par catégorie".into()));
    form(&mut app, F::Min("2".into()));
    form(&mut app, F::ByCategory("C1 110,00 ; C2 cent".into()));
    form(&mut app, F::Submit);
    assert!(shows_starting(&app, "« C2 cent » n’est pas un prix"));
    form(&mut app, F::ByCategory("C1 110,00 ; c2 90,00".into()));
    form(&mut app, F::Submit);
    assert!(shows_starting(&app, "Formule « Par catégorie » créée"));
    let by_category: Vec<(String, i64)> = f
        .raw()
        .prepare(
            "SELECT p.category_code, p.amount FROM formula_price p
             JOIN formula f ON f.id = p.formula_id WHERE f.name = 'Par catégorie'
             ORDER BY p.category_code",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        by_category,
        vec![("C1".to_owned(), 11_000), ("C2".to_owned(), 9_000)]
    );
}

//! Caisse's closings in the window, driven headless: a day with sales left
//! open is named, today's closing waits for it, each is confirmed before
//! it is made, and the closings are listed with their totals.

mod common;

use chrono::Duration;
use common::window::{act, shows, shows_starting};
use common::{Fixture, next_in, now};
use guichet::ui::screen::till::drawer::CountMessage;
use guichet::ui::screen::till::{ClosingMessage as Z, DrawerMessage as D, List, Message as T};
use guichet::ui::{App, Message};

/// Whether a text of the window holds `part` (amounts are written with
/// narrow spaces).
fn has(app: &App, part: &str) -> bool {
    common::window::ui(app)
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. }
                if content.replace(['\u{202f}', '\u{a0}'], " ").contains(part) =>
            {
                Some(())
            }
            _ => None,
        })
        .is_ok()
}

fn send(app: &mut App, m: T) {
    common::window::send(app, Message::Till(m));
}

#[test]
fn a_day_left_open_is_named_and_closed_before_today() {
    let f = Fixture::new();
    {
        // The season programmed the day before; a sale yesterday evening,
        // left open, and one today.
        let yesterday = now() - Duration::hours(20);
        let mut t = f.demo_season_at(yesterday - Duration::hours(2));
        let club = next_in(&t, "Le Club").0;
        let tenders = vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Card,
            amount: common::price(&t, club, "PLEIN"),
        }];
        let request = common::request(&t, club, "PLEIN", 1, tenders);
        common::sell_at(&mut t, &request, yesterday).unwrap();
        common::sell_some(&mut t, club, "PLEIN", 1);
        // Reports go to a folder (no printer here).
        guichet::tickets::print::PrintSettings {
            layout: guichet::tickets::pdf::Layout::A4,
            destination: guichet::tickets::print::Destination::Folder(f.dir.path().join("sortie")),
        }
        .save(&mut t.store)
        .unwrap();
    }
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    // The frame says a day was left open, and takes to Caisse's closings.
    assert!(shows_starting(
        &app,
        "La journée du 22/11/2026 a des ventes et n’a pas été clôturée"
    ));
    act(&mut app, |sim| {
        sim.click("Clôturer…").unwrap();
    });
    assert!(shows_starting(&app, "Aucune clôture encore"));
    assert!(shows_starting(&app, "La journée du 22/11/2026"));
    // Today waits for yesterday: asked, confirmed, refused with the reason.
    act(&mut app, |sim| {
        sim.click("Clôturer la journée (Z)").unwrap();
    });
    assert!(shows_starting(&app, "Clôturer la journée du 23/11/2026 ?"));
    send(&mut app, T::Closing(Z::Confirm));
    assert!(shows_starting(
        &app,
        "La journée du 22/11/2026 a des ventes et n’est pas clôturée"
    ));
    // Yesterday first, then today.
    act(&mut app, |sim| {
        sim.click("Clôturer le 22/11/2026").unwrap();
    });
    send(&mut app, T::Closing(Z::Confirm));
    assert!(shows(&app, "Clôture n° 1 enregistrée (2026-11-22)."));
    assert!(!shows_starting(
        &app,
        "La journée du 22/11/2026 a des ventes"
    ));
    // Today waits for its drawer to be counted.
    send(&mut app, T::Closing(Z::Ask(now().date_naive())));
    send(&mut app, T::Closing(Z::Confirm));
    assert!(shows_starting(
        &app,
        "La caisse du 23/11/2026 (session n° 2) n’a pas été comptée"
    ));
    // The drawer: 100 € of float, 20 € taken in cash; 10 € to the safe,
    // then counted 50 c short.
    send(&mut app, T::Show(List::Drawer));
    assert!(shows(&app, "Session n° 2 du 23/11/2026"));
    assert!(shows_starting(&app, "Fond 100,00"));
    send(&mut app, T::Drawer(D::Amount("10".into())));
    send(&mut app, T::Drawer(D::Reason("Au coffre".into())));
    act(&mut app, |sim| {
        sim.click("Sortie").unwrap();
    });
    assert!(shows(&app, "Mouvement enregistré."));
    assert!(has(&app, "attendu dans le tiroir 110,00"));
    send(
        &mut app,
        T::Drawer(D::Count(CountMessage::Total("109,50".into()))),
    );
    act(&mut app, |sim| {
        sim.click("Compter et fermer la caisse").unwrap();
    });
    assert!(has(&app, "Attendu 110,00"));
    assert!(has(&app, "compté 109,50"));
    assert!(has(&app, "écart −0,50"));
    assert!(shows(
        &app,
        "La caisse n’est pas ouverte aujourd’hui : comptez le fond de caisse pour l’ouvrir."
    ));
    send(&mut app, T::Show(List::Closings));
    send(&mut app, T::Closing(Z::Ask(now().date_naive())));
    send(&mut app, T::Closing(Z::Confirm));
    assert!(shows(&app, "Clôture n° 2 enregistrée (2026-11-23)."));
    assert!(shows_starting(&app, "Z n° 2 · 2026-11-23 · total 20,00"));
    // The chosen closing shows its totals.
    send(&mut app, T::Closing(Z::Open(0)));
    assert!(shows_starting(&app, "1 vente(s) · 1 billet(s)"));
    assert!(shows_starting(&app, "TVA 5,5"));
    // Its report printed (A4), kept beside the database.
    send(&mut app, T::Closing(Z::Print));
    assert!(shows_starting(&app, "Rapport envoyé à l’impression"));
    let printed = std::fs::read_dir(f.dir.path().join("sortie"))
        .unwrap()
        .count();
    assert_eq!(printed, 1);
    send(&mut app, T::Show(List::All));
}

#[test]
fn rapports_shows_takings_and_writes_statements_and_the_show_tax() {
    use guichet::ui::screen::reports::{Format, Message as Rep};
    let f = Fixture::new();
    let club = {
        let mut t = f.demo_season();
        let club = next_in(&t, "Le Club").0;
        common::sell_some(&mut t, club, "PLEIN", 3);
        club
    };
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    act(&mut app, |sim| {
        sim.click("Rapports").unwrap();
    });
    assert!(shows(&app, "Recette par spectacle"));
    assert!(shows_starting(&app, "3 / 300 billets (1,0 %) · 60,00"));
    common::window::send(
        &mut app,
        Message::Reports(Rep::Statement(club, Format::Pdf)),
    );
    assert!(shows_starting(&app, "Enregistré : "));
    let pdf = f
        .dir
        .path()
        .join("exports")
        .join(format!("bordereau-{club}.pdf"));
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    common::window::send(
        &mut app,
        Message::Reports(Rep::Statement(club, Format::Csv)),
    );
    let csv = f
        .dir
        .path()
        .join("exports")
        .join(format!("bordereau-{club}.csv"));
    assert!(
        std::fs::read_to_string(csv)
            .unwrap()
            .starts_with("\u{feff}Spectacle;")
    );
    // The club night's day, all its statements in one PDF.
    let day = {
        let t = guichet::terminal::Terminal::open(&f.db, common::clock()).unwrap();
        let zone = guichet::programming::venue::time_zone(&t.store);
        common::next_in(&t, "Le Club")
            .1
            .with_timezone(&zone)
            .date_naive()
    };
    assert!(shows(&app, "Bordereaux du jour PDF"));
    common::window::send(&mut app, Message::Reports(Rep::Day(day, Format::Pdf)));
    let pdf = f
        .dir
        .path()
        .join("exports")
        .join(format!("bordereaux-{day}.pdf"));
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    // The quarter's show tax: the club's 3 tickets under the CNM.
    act(&mut app, |sim| {
        sim.click("T4 2026 : déclaration (CSV)").unwrap();
    });
    assert!(has(&app, "Taxe sur les spectacles T4 2026 : recette HT"));
    let csv = std::fs::read_to_string(
        f.dir
            .path()
            .join("exports")
            .join("taxe-spectacles-2026-T4.csv"),
    )
    .unwrap();
    assert!(csv.contains("CNM"), "{csv}");
}

#[test]
fn the_till_opened_from_caisse_lets_vente_sell_at_once() {
    use guichet::ui::screen::Section;
    use guichet::ui::screen::till::drawer::OpeningMessage as O;
    let f = Fixture::new();
    let mut app = common::window::boot(&guichet::ui::Launch {
        db: f.db.clone(),
        lang: Some(guichet::domain::Locale::FrFr),
        demo: true,
        clock: common::clock(),
    });
    common::window::type_enter(&mut app, "login-pin", "2468");
    // The first log-in of the day asks for the float in place of Vente.
    assert!(shows(&app, "Ouverture de caisse"));
    assert!(!shows(&app, "Panier (0)"));
    // Opened from Caisse instead.
    common::window::send(&mut app, Message::Nav(Section::Till));
    send(&mut app, T::Show(List::Drawer));
    send(
        &mut app,
        T::Drawer(D::Opening(O::Count(CountMessage::Total("80".into())))),
    );
    send(&mut app, T::Drawer(D::Opening(O::Open)));
    assert!(has(&app, "Caisse ouverte avec un fond de 80,00"));
    // Vente no longer asks.
    common::window::send(&mut app, Message::Nav(Section::Sell));
    assert!(shows(&app, "Panier (0)"));
    assert!(!shows(&app, "Ouverture de caisse"));
}

#[test]
fn a_closed_month_is_archived_from_caisse() {
    let (f, t) = common::november_closed();
    drop(t);
    // The window in December, after the month's closing.
    let mut app = common::window::boot(&guichet::ui::Launch {
        db: f.db.clone(),
        lang: Some(guichet::domain::Locale::FrFr),
        demo: false,
        clock: guichet::terminal::Clock::set_at(common::december() + Duration::hours(1)),
    });
    common::window::type_enter(&mut app, "login-pin", "2468");
    common::window::send(&mut app, Message::Nav(guichet::ui::screen::Section::Till));
    send(&mut app, T::Show(List::Closings));
    // The newest first: the month.
    send(&mut app, T::Closing(Z::Open(0)));
    assert!(shows(&app, "Imprimer le rapport"), "the month's details");
    act(&mut app, |sim| {
        sim.click("Archiver la période").unwrap();
    });
    assert!(shows_starting(&app, "Archive écrite et signée"));
    let folder = std::fs::read_dir(f.dir.path().join("archives"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    guichet::till::archive::verify(&folder).unwrap();
}

#[test]
fn rapports_writes_the_files_for_the_administration() {
    use guichet::ui::screen::administration::File;
    use guichet::ui::screen::reports::Message as Rep;
    let (f, t) = common::november_closed();
    drop(t);
    let mut app = common::window::boot(&guichet::ui::Launch {
        db: f.db.clone(),
        lang: Some(guichet::domain::Locale::FrFr),
        demo: false,
        clock: guichet::terminal::Clock::set_at(common::december() + Duration::hours(1)),
    });
    common::window::type_enter(&mut app, "login-pin", "2468");
    common::window::open_till(&mut app);
    act(&mut app, |sim| {
        sim.click("Rapports").unwrap();
    });
    assert!(shows(&app, "Pour l’administration"));
    // November is closed: its FEC is written; October's is not closed.
    act(&mut app, |sim| {
        sim.click("FEC novembre 2026").unwrap();
    });
    assert!(shows_starting(&app, "Enregistré : "), "the FEC is written");
    let exports = f.dir.path().join("exports");
    let fec = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.contains("FEC"))
        .expect("a FEC file");
    let text = std::fs::read(exports.join(&fec)).unwrap();
    assert!(text.starts_with(b"JournalCode|JournalLib|EcritureNum"));
    // The quarter's SIBIL declaration, as JSON and as CSV.
    let q4 = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    common::window::send(
        &mut app,
        Message::Reports(Rep::Administration(File::Sibil(q4, true))),
    );
    assert!(shows_starting(&app, "Enregistré : "));
    assert!(exports.join("sibil-2026-T4.json").exists());
    common::window::send(
        &mut app,
        Message::Reports(Rep::Administration(File::Sibil(q4, false))),
    );
    assert!(exports.join("sibil-2026-T4.csv").exists());
    // A QuickBooks journal is for Quebec: refused here, nothing written.
    let nov = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    common::window::send(
        &mut app,
        Message::Reports(Rep::Administration(File::QuickBooks(nov))),
    );
    assert!(shows_starting(
        &app,
        "Cet export n’est pas pour le pays du lieu"
    ));
    assert!(!exports.join("quickbooks-2026-11.csv").exists());
}

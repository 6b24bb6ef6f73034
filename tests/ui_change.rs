//! Programmation's « Annuler la représentation… » and « Déplacer… » in the
//! window, driven headless: the holders listed first, the choice, one
//! confirm by key or button, the summary; a refused move said in the panel
//! writing nothing; a clerk is offered neither.

mod common;

use common::holders::three_holders;
use common::window::{act, send, shows, shows_starting};
use common::{Fixture, key};
use guichet::ui::screen::Section;
use guichet::ui::screen::programming::{Message as P, change};
use guichet::ui::{App, Message};
use iced::keyboard::{Key, Modifiers, key::Named};

/// The demo with the Tuesday Cyrano's three holders, the window logged in
/// (the operator listed first: Camille Roche, an administrator, PIN 2468)
/// on Programmation, the performance chosen.
fn chosen(f: &Fixture, pin_of_listed: (usize, &str)) -> (App, i64) {
    let mut t = f.demo_season();
    let sales = three_holders(&mut t);
    drop(t);
    let mut app = common::window::boot(&guichet::ui::Launch {
        db: f.db.clone(),
        lang: Some(guichet::domain::Locale::FrFr),
        demo: false,
        clock: common::clock(),
    });
    for _ in 0..pin_of_listed.0 {
        press(&mut app, Named::ArrowDown);
    }
    common::window::type_enter(&mut app, "login-pin", pin_of_listed.1);
    common::window::open_till(&mut app);
    send(&mut app, Message::Nav(Section::Programming));
    send(&mut app, Message::Programming(P::Select(sales.performance)));
    (app, sales.performance)
}

fn press(app: &mut App, k: Named) {
    let message = key(Key::Named(k), Modifiers::empty()).expect("a shortcut");
    send(app, message);
}

fn status(f: &Fixture, performance: i64) -> String {
    f.raw()
        .query_row(
            "SELECT status FROM performance WHERE id = ?1",
            [performance],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn f9_lists_the_holders_then_enter_cancels_and_refunds() {
    let f = Fixture::new();
    let (mut app, performance) = chosen(&f, (0, "2468"));
    assert!(shows(&app, "Opérateur : Camille Roche (administration)"));
    assert!(shows(&app, "Annuler la représentation…  F9"));
    assert!(shows(&app, "Déplacer…  F10"));
    press(&mut app, Named::F9);
    assert!(shows(&app, "Annuler la représentation"));
    assert!(
        shows_starting(&app, "3 commande(s), 5 billet(s)"),
        "the holders counted first"
    );
    assert!(shows_starting(&app, "Ana Lopes") || shows(&app, "Ana Lopes"));
    assert!(shows(&app, "e-mail : ana@example.fr"));
    assert!(shows(&app, "à appeler : 06 12 34 56 78"));
    assert!(shows(&app, "Vente anonyme"));
    assert_eq!(status(&f, performance), "on_sale", "nothing yet");
    // ↓ chooses the credit note, ↑ back to as paid; Enter confirms.
    press(&mut app, Named::ArrowDown);
    press(&mut app, Named::ArrowUp);
    press(&mut app, Named::Enter);
    assert!(shows_starting(
        &app,
        "Représentation annulée : Cyrano de Bergerac"
    ));
    assert!(shows_starting(&app, "Remboursé : Espèces"));
    assert!(shows(&app, "1 avis mis dans la file d’envoi."));
    // The notice leaves at once (here it waits: no server is set).
    assert!(shows(&app, "À envoyer : 1 — aucun serveur d’envoi"));
    assert!(shows_starting(&app, "Liste d’appels (2) : "));
    assert_eq!(status(&f, performance), "cancelled");
    let refunds: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM payment WHERE amount < 0 AND method <> 'voucher'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refunds, 4, "cash and card for Ana, a cheque, a card");
    // Esc: back to the performance, now cancelled with nobody left: no
    // more buttons.
    press(&mut app, Named::Escape);
    assert!(!shows(&app, "Annuler la représentation…  F9"));
}

#[test]
fn f10_moves_to_the_date_typed_and_shows_the_new_one() {
    let f = Fixture::new();
    let (mut app, performance) = chosen(&f, (0, "2468"));
    press(&mut app, Named::F10);
    assert!(shows(&app, "Déplacer la représentation"));
    // A date already past: said in the panel, nothing written.
    let rows = f.rows();
    let typed = |app: &mut App, date: &str| {
        send(
            app,
            Message::Programming(P::Change(change::Message::Date(date.into()))),
        );
    };
    typed(&mut app, "01/11/2026");
    act(&mut app, |sim| {
        sim.click("Déplacer et réémettre les billets  ↵").unwrap();
    });
    assert!(shows_starting(
        &app,
        "Le dim. 1 nov. 2026 20:00 est déjà passé"
    ));
    assert_eq!(f.rows(), rows);
    typed(&mut app, "26/11/2026");
    act(&mut app, |sim| {
        sim.click("Déplacer et réémettre les billets  ↵").unwrap();
    });
    assert!(shows(
        &app,
        "Représentation déplacée au jeudi 26 novembre 2026 à 20:00"
    ));
    assert!(shows(
        &app,
        "5 billet(s) réémis dans 3 commande(s), 5 à la même place."
    ));
    assert!(shows_starting(
        &app,
        "Nouveaux billets à remettre ou envoyer par la poste (2 commande(s) sans e-mail)"
    ));
    assert_eq!(status(&f, performance), "cancelled");
    act(&mut app, |sim| {
        sim.click("Voir la nouvelle date").unwrap();
    });
    assert!(shows(&app, "jeu. 26 nov. 2026 20:00 · Grande salle"));
    assert!(shows(&app, "5 vendues · 0 retenues · 445 libres"));
}

#[test]
fn a_clerk_is_offered_neither() {
    let f = Fixture::new();
    // Lucas Martin, the clerk, is listed third.
    let (mut app, performance) = chosen(&f, (2, "1793"));
    assert!(shows(&app, "Opérateur : Lucas Martin (guichet)"));
    assert!(shows(&app, "Cyrano de Bergerac"));
    assert!(!shows(&app, "Annuler la représentation…  F9"));
    press(&mut app, Named::F9);
    press(&mut app, Named::Enter);
    assert!(!shows(&app, "Annuler la représentation"));
    assert_eq!(status(&f, performance), "on_sale");
}

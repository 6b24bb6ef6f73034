//! E-mail in the window, driven headless: Ctrl+E after a sale queues the
//! tickets for the patron's address (once), the status bar's count says
//! what waits and why, and opens Caisse → Envois; with a real SMTP server
//! the message leaves at once.

mod common;

use common::smtp::{self, Smtp};
use common::window::{act, shows, shows_starting, type_enter};
use common::{Fixture, key};
use guichet::domain::Locale;
use guichet::domain::mail::{MailSettings, Security};
use guichet::ui::screen::sell;
use guichet::ui::{App, Launch};
use iced::keyboard::{Key, Modifiers, key::Named};

fn press(app: &mut App, k: Key, modifiers: Modifiers) {
    if let Some(m) = key(k, modifiers) {
        common::window::send(app, m);
    }
}

/// The demo with Ana Lopes (an e-mail address) in the patron file, and the
/// mail server at `port` when given.
fn venue(port: Option<u16>) -> Fixture {
    let f = Fixture::new();
    let mut t = f.demo_season();
    common::patron(&mut t, "Ana", "Lopes", "ana.lopes@example.fr", "");
    if let Some(port) = port {
        let by = common::system(&t);
        let settings = MailSettings {
            host: "127.0.0.1".into(),
            port,
            security: Security::None,
            from: "billetterie@example.fr".into(),
            ..MailSettings::default()
        };
        guichet::exchange::mail::save_settings(&mut t.store, &by, &settings, None).unwrap();
    }
    f
}

/// Logged in, one Cyrano ticket sold to Ana Lopes for exact cash.
fn sold_to_ana(f: &Fixture) -> App {
    let mut app = common::window::boot(&Launch {
        db: f.db.clone(),
        lang: Some(Locale::FrFr),
        demo: false,
        clock: common::clock(),
    });
    type_enter(&mut app, "login-pin", "2468");
    common::window::open_till(&mut app);
    type_enter(&mut app, sell::ENTRY, "cyr");
    press(&mut app, Key::Named(Named::F9), Modifiers::empty());
    type_enter(&mut app, sell::PATRON, "Ana Lopes");
    type_enter(&mut app, sell::ENTRY, "1");
    type_enter(&mut app, sell::ENTRY, "");
    type_enter(&mut app, sell::ENTRY, "");
    assert!(shows_starting(
        &app,
        "Ctrl+E : envoyer les billets à ana.lopes@example.fr"
    ));
    app
}

fn ctrl_e(app: &mut App) {
    press(app, Key::Character("e".into()), Modifiers::CTRL);
}

#[test]
fn ctrl_e_queues_the_tickets_once_and_the_status_bar_says_why_they_wait() {
    let f = venue(None);
    let mut app = sold_to_ana(&f);
    ctrl_e(&mut app);
    assert!(shows_starting(
        &app,
        "Billets mis en file pour ana.lopes@example.fr"
    ));
    // No server set: they wait, and the status bar says so.
    assert!(shows(&app, "À envoyer : 1 — aucun serveur d’envoi"));
    ctrl_e(&mut app);
    assert!(shows_starting(
        &app,
        "Déjà en file pour ana.lopes@example.fr"
    ));
    // The receipt, on request, is a message of its own.
    act(&mut app, |sim| {
        sim.click("Reçu par e-mail").unwrap();
    });
    assert!(shows_starting(
        &app,
        "Reçu mis en file pour ana.lopes@example.fr"
    ));
    let queued: i64 = f
        .raw()
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 2);
    // The count opens Caisse → Envois.
    act(&mut app, |sim| {
        sim.click("À envoyer : 2 — aucun serveur d’envoi").unwrap();
    });
    assert!(shows(&app, "Envoyer maintenant"));
    assert!(shows(&app, "En attente"));
    assert!(shows(&app, "Billets"));
    assert!(shows(&app, "Reçu"));
    assert!(shows(&app, "ana.lopes@example.fr"));
}

#[test]
fn with_a_server_the_tickets_leave_at_once() {
    if !smtp::available("with_a_server_the_tickets_leave_at_once") {
        return;
    }
    let server = Smtp::start(&[]);
    let f = venue(Some(server.port));
    let mut app = sold_to_ana(&f);
    ctrl_e(&mut app);
    assert_eq!(server.messages().len(), 1);
    assert!(shows(&app, "À envoyer : 0"));
    act(&mut app, |sim| {
        sim.click("À envoyer : 0").unwrap();
    });
    assert!(shows(&app, "Envoyé"));
}

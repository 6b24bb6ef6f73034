//! The window, driven headless with iced_test: first-run set-up, log-in with
//! a wrong then a right PIN, the lock-out, navigation by click and by key,
//! languages, and the refusal screen. A real database file under each.

mod common;

use common::window::{act, send, shows, shows_starting, type_enter, ui};
use common::{Fixture, count, key};
use guichet::backup;
use guichet::domain::Locale;
use guichet::ui::app::Screen;
use guichet::ui::screen::{Section, restore, setup};
use guichet::ui::{App, Launch, Message};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::selector;

fn boot(f: &Fixture, demo: bool, lang: Option<Locale>) -> App {
    common::window::boot(&Launch {
        db: f.db.clone(),
        lang,
        demo,
        clock: common::clock(),
    })
}

fn section(app: &App) -> Option<Section> {
    match app.open()?.screen() {
        Screen::Desk(d) => Some(d.section),
        _ => None,
    }
}

fn type_into(app: &mut App, id: &'static str, text: &str) {
    act(app, |sim| {
        sim.click(selector::id(id)).expect("field");
        let _ = sim.typewrite(text);
    });
}

#[test]
fn first_run_sets_up_the_venue_and_logs_the_administrator_in() {
    let f = Fixture::new();
    let mut app = boot(&f, false, None);
    assert!(shows(&app, "Bienvenue dans Guichet"));
    assert!(shows(&app, "Essayer avec la saison de démonstration"));
    // Submitting an empty form says what is missing, beside the fields.
    act(&mut app, |sim| {
        sim.click("Créer la billetterie").unwrap();
    });
    assert!(shows(&app, "Indiquez le nom du lieu."));
    assert!(shows(&app, "Le code PIN compte 4 à 8 chiffres."));
    assert_eq!(count(&f.raw(), "venue"), 0, "nothing written");
    type_into(&mut app, "setup-venue-name", "Théâtre du Port");
    type_into(&mut app, "setup-licence", "PLATESV-D-2025-000042");
    type_into(&mut app, "setup-admin-name", "Camille Roche");
    type_into(&mut app, "setup-admin-pin", "2468");
    type_into(&mut app, "setup-admin-pin-again", "2469");
    act(&mut app, |sim| {
        sim.click("Créer la billetterie").unwrap();
    });
    assert!(shows(&app, "Les deux codes PIN diffèrent : retapez-les."));
    assert_eq!(count(&f.raw(), "venue"), 0, "still nothing written");
    act(&mut app, |sim| {
        sim.click(selector::id("setup-admin-pin-again")).unwrap();
        let _ = sim.tap_key(Key::Named(Named::Backspace));
        let _ = sim.typewrite("8");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(
        section(&app),
        Some(Section::Sell),
        "logged in at the counter"
    );
    assert!(shows(&app, "Théâtre du Port"), "venue in the status bar");
    assert!(shows(&app, "Opérateur : Camille Roche (administration)"));
    let c = f.raw();
    assert_eq!(count(&c, "venue"), 1);
    let kinds: Vec<String> = c
        .prepare("SELECT kind FROM ledger WHERE chain = 'fiscal' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["genesis", "setup", "operator_created", "log_in"]);
}

#[test]
fn the_demo_button_fills_the_database_and_shows_the_demo_pins() {
    let f = Fixture::new();
    let mut app = boot(&f, false, None);
    act(&mut app, |sim| {
        sim.click("Essayer avec la saison de démonstration")
            .unwrap();
    });
    assert!(shows(&app, "Qui est au guichet ?"));
    assert!(shows(&app, "Base de démonstration — codes PIN :"));
    assert_eq!(count(&f.raw(), "performance"), 41);
}

#[test]
fn a_wrong_pin_is_refused_then_the_right_one_opens_the_counter() {
    let f = Fixture::new();
    let mut app = boot(&f, true, None);
    assert!(shows(&app, "Code PIN de Camille Roche"));
    act(&mut app, |sim| {
        sim.click("Lucas Martin").unwrap();
    });
    assert!(shows(&app, "Code PIN de Lucas Martin"));
    let ledger = count(&f.raw(), "ledger");
    act(&mut app, |sim| {
        sim.click(selector::id("login-pin")).unwrap();
        let _ = sim.typewrite("2468");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert!(
        shows(
            &app,
            "Code PIN incorrect. Encore 4 essai(s) avant un blocage temporaire."
        ),
        "the wrong PIN is said plainly"
    );
    assert_eq!(section(&app), None, "still at the log-in");
    assert_eq!(
        count(&f.raw(), "ledger"),
        ledger,
        "a wrong PIN writes no ledger record"
    );
    act(&mut app, |sim| {
        sim.click(selector::id("login-pin")).unwrap();
        let _ = sim.typewrite("1793");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    common::window::open_till(&mut app);
    assert_eq!(section(&app), Some(Section::Sell));
    assert!(shows(&app, "Opérateur : Lucas Martin (guichet)"));
    assert!(shows(&app, "Panier (0)"));
}

#[test]
fn five_wrong_pins_lock_the_operator_out_for_a_minute() {
    let f = Fixture::new();
    let mut app = boot(&f, true, None);
    for _ in 0..5 {
        act(&mut app, |sim| {
            sim.click(selector::id("login-pin")).unwrap();
            let _ = sim.typewrite("9753");
            let _ = sim.tap_key(Key::Named(Named::Enter));
        });
    }
    let locked = ui(&app)
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. }
                if content.starts_with("Trop d’essais : réessayez dans") =>
            {
                Some(content.to_owned())
            }
            _ => None,
        })
        .expect("lock-out message");
    assert!(
        locked.contains("dans 60 s") || locked.contains("dans 59 s"),
        "{locked}"
    );
    // Even the right PIN now waits.
    act(&mut app, |sim| {
        sim.click(selector::id("login-pin")).unwrap();
        let _ = sim.typewrite("2468");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert_eq!(section(&app), None);
}

fn logged_in(f: &Fixture, lang: Option<Locale>) -> App {
    let mut app = boot(f, true, lang);
    act(&mut app, |sim| {
        sim.click(selector::id("login-pin")).unwrap();
        let _ = sim.typewrite("2468");
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    common::window::open_till(&mut app);
    assert_eq!(section(&app), Some(Section::Sell));
    app
}

#[test]
fn every_section_is_reached_by_click_and_shows_its_state() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    let sections = [
        ("Programmation", Section::Programming, "+ Spectacle  F5"),
        ("Contrôle", Section::Door, "Sans billet"),
        ("Publics", Section::Audience, "+ Nouveau spectateur"),
        ("Caisse", Section::Till, "Caisse et journal"),
        ("Rapports", Section::Reports, "Rapports"),
        ("Réglages", Section::Settings, "Langue de l’interface"),
        ("Vente", Section::Sell, "Panier (0)"),
    ];
    for (tab, expected, heading) in sections {
        act(&mut app, |sim| {
            sim.click(tab).unwrap();
        });
        assert_eq!(section(&app), Some(expected), "{tab}");
        assert!(shows(&app, heading), "{tab} shows {heading}");
    }
    act(&mut app, |sim| {
        sim.click("Programmation").unwrap();
    });
    assert!(shows(&app, "3 salles · 12 spectacles · 41 représentations"));
}

#[test]
fn keys_open_sections_and_switch_operator() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    let ctrl5 = key(Key::Character("5".into()), Modifiers::CTRL).expect("Ctrl+5");
    common::window::send(&mut app, ctrl5);
    assert_eq!(section(&app), Some(Section::Till));
    assert!(shows(&app, "Vérifier le journal"));
    assert!(
        key(Key::Character("5".into()), Modifiers::empty()).is_none(),
        "plain 5 is typing"
    );
    assert!(key(Key::Character("8".into()), Modifiers::CTRL).is_none());
    let f12 = key(Key::Named(Named::F12), Modifiers::empty()).expect("F12");
    common::window::send(&mut app, f12);
    assert_eq!(section(&app), None, "back to the log-in");
    assert!(shows(&app, "Qui est au guichet ?"));
    let last: String = f
        .raw()
        .query_row(
            "SELECT kind FROM ledger WHERE chain = 'fiscal' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, "log_out");
    // ↓ chooses the next name.
    common::window::send(
        &mut app,
        key(Key::Named(Named::ArrowDown), Modifiers::empty()).unwrap(),
    );
    assert!(shows(&app, "Code PIN de Inès Benali"));
}

#[test]
fn the_ledger_check_runs_from_the_caisse() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Till));
    common::window::act_now(&mut app, |sim| {
        sim.click("Vérifier le journal").unwrap();
    });
    assert!(shows(&app, "Vérification en cours…"));
    // The check runs on its own connection; here we run it as the task would.
    let store = guichet::store::Store::open_read_only(&f.db).unwrap();
    let report = guichet::ledger::verify::verify(&store).unwrap();
    common::window::send(
        &mut app,
        Message::Till(guichet::ui::screen::till::Message::Verified(Ok(report))),
    );
    assert!(shows(
        &app,
        "Journal intact : 10 enregistrements, toutes les signatures sont valides."
    ));
}

#[test]
fn english_is_complete_and_chosen_in_settings_or_by_flag() {
    let f = Fixture::new();
    let app = boot(&f, true, Some(Locale::En));
    assert!(shows(&app, "Who is at the counter?"));
    drop(app);
    let mut app = logged_in(&Fixture::new(), None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    common::window::send(
        &mut app,
        Message::Settings(guichet::ui::screen::settings::Message::Language(Locale::En)),
    );
    for tab in [
        "Sell",
        "Programming",
        "Door",
        "Audience",
        "Till",
        "Reports",
        "Settings",
    ] {
        assert!(shows(&app, tab), "{tab}");
    }
    assert!(shows(&app, "Interface language"));
}

#[test]
fn an_administrator_adds_an_operator_in_settings() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    type_into(&mut app, "settings-operator-name", "Zoé Lambert");
    act(&mut app, |sim| {
        sim.click("Ajouter l’opérateur").unwrap();
    });
    assert!(shows(&app, "Le code PIN compte 4 à 8 chiffres."));
    assert_eq!(count(&f.raw(), "operator"), 4, "nothing written");
}

#[test]
fn a_database_that_cannot_be_opened_gets_an_explanation_not_a_crash() {
    let f = Fixture::new();
    std::fs::write(&f.db, "pas une base").unwrap();
    let before = f.snapshot();
    let app = boot(&f, false, None);
    assert!(app.open().is_none());
    assert!(shows(&app, "Guichet ne peut pas ouvrir sa base de données"));
    assert!(shows(
        &app,
        "Ce fichier n’est pas une base Guichet. Il n’a pas été modifié : choisissez un autre fichier avec --db ou GUICHET_DB."
    ));
    assert_eq!(f.snapshot(), before);
}

#[test]
fn a_broken_ledger_is_shown_and_the_failure_recorded() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_update;
             UPDATE ledger SET body = replace(body, 'Théâtre des Quais', 'Théâtre des Qu4is')
             WHERE kind = 'setup';",
        )
        .unwrap();
    common::window::send(&mut app, Message::Nav(Section::Till));
    act(&mut app, |sim| {
        sim.click("Vérifier le journal").unwrap();
    });
    let store = guichet::store::Store::open_read_only(&f.db).unwrap();
    let report = guichet::ledger::verify::verify(&store).unwrap();
    drop(store);
    common::window::send(
        &mut app,
        Message::Till(guichet::ui::screen::till::Message::Verified(Ok(report))),
    );
    assert!(shows(
        &app,
        "Journal rompu à l’enregistrement 2 (fiscal) : modifié après signature"
    ));
    let recorded: String = f
        .raw()
        .query_row(
            "SELECT json_extract(body, '$.data.problem') FROM ledger WHERE kind = 'integrity_failure'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(recorded.starts_with("altered"), "{recorded}");
}

#[test]
fn an_administrator_changes_the_signing_key_in_settings() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    let old_key = guichet::terminal::Terminal::open(&f.db, common::clock())
        .unwrap()
        .signer
        .key_id;
    act(&mut app, |sim| {
        sim.click("Changer la clé de signature…").unwrap();
    });
    assert!(shows(&app, "Garder la clé actuelle"), "asks first");
    // Given up: nothing changes.
    act(&mut app, |sim| {
        sim.click("Garder la clé actuelle").unwrap();
    });
    assert_eq!(count(&f.raw(), "terminal_key"), 1);
    act(&mut app, |sim| {
        sim.click("Changer la clé de signature…").unwrap();
    });
    common::window::type_enter(&mut app, "settings-key-reason", "portable volé");
    assert!(
        common::window::shows_starting(&app, "Nouvelle clé : "),
        "the new key is shown"
    );
    assert_eq!(count(&f.raw(), "terminal_key"), 2);
    let reason: String = f
        .raw()
        .query_row(
            "SELECT json_extract(body, '$.data.reason') FROM ledger
             WHERE chain = 'fiscal' AND kind = 'key_rotated'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reason, "portable volé");
    // The window signs with the new key: its next record verifies.
    common::window::send(&mut app, Message::Nav(Section::Sell));
    drop(app);
    let t = guichet::terminal::Terminal::open(&f.db, common::clock()).unwrap();
    assert_ne!(t.signer.key_id, old_key);
    assert!(
        guichet::ledger::verify::verify(&t.store)
            .unwrap()
            .is_intact()
    );
}

#[test]
fn the_door_is_named_in_settings_and_contrôle_uses_the_name() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    assert!(shows(&app, "Caisse 1"), "the terminal's name by default");
    // Emptied: refused with what to do.
    act(&mut app, |sim| {
        sim.click(selector::id("settings-door-name")).unwrap();
        for _ in "Caisse 1".chars() {
            let _ = sim.tap_key(Key::Named(Named::Backspace));
        }
        let _ = sim.tap_key(Key::Named(Named::Enter));
    });
    assert!(shows(
        &app,
        "Donnez un nom à la porte (par exemple « Porte jardin »)."
    ));
    common::window::type_enter(&mut app, "settings-door-name", "Porte jardin");
    assert!(shows(
        &app,
        "Les entrées contrôlées ici sont notées « Porte jardin »."
    ));
    common::window::send(&mut app, Message::Nav(Section::Door));
    assert!(common::window::shows_starting(&app, "Porte : Porte jardin"));
}

#[test]
fn the_window_follows_a_key_changed_by_another_program() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    // `guichet key rotate` run while the window is open.
    let mut other = guichet::terminal::Terminal::open(&f.db, common::clock()).unwrap();
    let by = guichet::operators::system(&other.store).unwrap();
    other.rotate_key(&by, "").unwrap();
    let before = count(&f.raw(), "ledger");
    // F12: the log-out is signed, with the new key.
    common::window::send(&mut app, Message::SwitchOperator);
    assert_eq!(
        count(&f.raw(), "ledger"),
        before + 1,
        "the log-out is recorded"
    );
    let report = guichet::ledger::verify::verify(&other.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
}

#[test]
fn an_administrator_edits_the_venue_s_identity_in_settings() {
    use guichet::ui::screen::settings::{Message as S, VenueField};
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    act(&mut app, |sim| {
        sim.click("Modifier l’identité du lieu").unwrap();
    });
    // A licence number with a character it cannot hold is refused, saying why.
    common::window::send(
        &mut app,
        Message::Settings(S::VenueTyped(VenueField::Licence, "n°#1".into())),
    );
    common::window::send(&mut app, Message::Settings(S::SaveVenue));
    assert!(shows(&app, "Lettres, chiffres et tirets seulement."));
    common::window::send(
        &mut app,
        Message::Settings(S::VenueTyped(
            VenueField::Licence,
            "PLATESV-R-2025-000777".into(),
        )),
    );
    common::window::send(&mut app, Message::Settings(S::SaveVenue));
    assert!(shows(
        &app,
        "Identité du lieu enregistrée (journalisée dans la programmation)."
    ));
    assert!(shows(
        &app,
        "Licence d’entrepreneur de spectacles : PLATESV-R-2025-000777"
    ));
    let kind: String = f
        .raw()
        .query_row(
            "SELECT kind FROM ledger ORDER BY recorded DESC, seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kind, "programmed");
}

#[test]
fn an_administrator_sets_and_removes_the_venue_s_logo_in_settings() {
    use guichet::ui::screen::logo::Message as L;
    // The card is below the fold of the test window: typed by its messages.
    let logo = |app: &mut App, m: L| {
        common::window::send(
            app,
            Message::Settings(guichet::ui::screen::settings::Message::Logo(m)),
        );
    };
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    common::window::send(&mut app, Message::Nav(Section::Settings));
    let said = "PNG de 640 × 180 pixels (11 Ko), en tête des billets et des e-mails.";
    assert!(shows(&app, said), "the demo's logo");
    // A JPEG is refused, saying what to do; the logo stays.
    let dir = tempfile::tempdir().unwrap();
    let jpeg = dir.path().join("logo.jpg");
    std::fs::write(&jpeg, b"\xff\xd8\xff\xe0\x00\x10JFIF").unwrap();
    logo(&mut app, L::Path(jpeg.display().to_string()));
    logo(&mut app, L::Set);
    assert!(shows(
        &app,
        "Ce fichier est une image JPEG, pas une image PNG : exportez l’image en PNG depuis votre logiciel et réessayez."
    ));
    assert!(shows(&app, said));
    logo(&mut app, L::Remove);
    assert!(shows(
        &app,
        "Logo retiré : les billets et les e-mails portent le nom du lieu."
    ));
    assert!(shows(
        &app,
        "Aucun logo : les billets et les e-mails portent le nom du lieu."
    ));
    assert_eq!(count(&f.raw(), "picture"), 0);
    let png = std::fs::canonicalize("assets/demo/logo.png").unwrap();
    logo(&mut app, L::Path(png.display().to_string()));
    logo(&mut app, L::Set);
    assert!(shows(
        &app,
        "Logo enregistré (640 × 180 pixels) : il figure sur les prochains billets et e-mails."
    ));
    assert!(shows(&app, said));
    assert_eq!(count(&f.raw(), "picture"), 1);
}

/// The text of the window that starts so, to click.
fn text_starting(
    start: &str,
) -> impl Fn(iced_test::selector::Candidate<'_>) -> Option<iced_test::selector::Text> + '_ {
    move |c| match c {
        iced_test::selector::Candidate::Text {
            id,
            bounds,
            visible_bounds,
            content,
        } if content.starts_with(start) => Some(iced_test::selector::Text::Raw {
            id: id.cloned(),
            bounds,
            visible_bounds,
        }),
        _ => None,
    }
}

/// The database verifies and its ledger records one restore.
fn restored_once(f: &Fixture) {
    let t = f.terminal();
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(report.is_intact());
    assert_eq!(report.restores.len(), 1);
}

/// A demo venue's backup, with two tickets sold and its key sealed with
/// `passphrase` when there is one, in a folder of its own (a USB stick).
fn a_backup_on_a_stick(passphrase: Option<&str>) -> (Fixture, tempfile::TempDir, backup::Made) {
    let (f, mut t) = Fixture::demo();
    let (play, _) = common::next_in(&t, "Grande salle");
    common::sell_some(&mut t, play, "PLEIN", 2);
    if let Some(passphrase) = passphrase {
        backup::sealed::seal(&t.store, &common::system(&t), passphrase).unwrap();
    }
    let stick = tempfile::tempdir().unwrap();
    let made = backup::make(&t.store, stick.path(), false, common::now()).unwrap();
    (f, stick, made)
}

#[test]
fn the_first_run_restores_a_backup_from_a_stick_with_the_key_s_passphrase() {
    let (old, stick, made) = a_backup_on_a_stick(Some("la cerise sur le gâteau"));
    let f = Fixture::new();
    let mut app = boot(&f, false, None);
    assert!(shows(&app, "Restaurer une sauvegarde"));
    // The stick's folder: its backups, newest first; one is chosen and
    // checked, and what it holds is shown.
    type_enter(
        &mut app,
        restore::PATH_INPUT,
        &stick.path().display().to_string(),
    );
    assert!(shows(
        &app,
        "Sauvegardes trouvées, la plus récente en premier (12 au plus) :"
    ));
    act(&mut app, |sim| {
        sim.click(text_starting("Théâtre des Quais — ")).unwrap();
    });
    assert!(shows_starting(&app, "Théâtre des Quais — poste "));
    assert!(shows_starting(&app, "1 commande, 2 billets, "));
    assert!(shows(&app, "Vérifiée : entière, journal intact."));
    // A wrong passphrase: refused, said beside it, nothing replaced (the
    // new database keeps its own key: it was not made again).
    let new_key = std::fs::read(guichet::terminal::key_path_of(&f.db)).unwrap();
    type_enter(&mut app, restore::PASSPHRASE_INPUT, "le gâteau sans cerise");
    assert!(shows(
        &app,
        "La phrase secrète n’ouvre pas la clé : rien n’a été écrit, retapez-la"
    ));
    assert_eq!(count(&f.raw(), "venue"), 0, "the new database as it was");
    assert_eq!(
        std::fs::read(guichet::terminal::key_path_of(&f.db)).unwrap(),
        new_key
    );
    assert!(matches!(
        app.open().map(|o| o.screen()),
        Some(Screen::Setup(_))
    ));
    // The right one: the venue is back, the log-in says what came back.
    type_enter(
        &mut app,
        restore::PASSPHRASE_INPUT,
        "la cerise sur le gâteau",
    );
    assert!(matches!(
        app.open().map(|o| o.screen()),
        Some(Screen::Login(_))
    ));
    assert!(shows_starting(&app, "Sauvegarde du "));
    assert_eq!(count(&f.raw(), "venue"), 1);
    assert_eq!(
        std::fs::read(guichet::terminal::key_path_of(&f.db)).unwrap(),
        std::fs::read(guichet::terminal::key_path_of(&old.db)).unwrap(),
        "the terminal's own key, out of its seal"
    );
    assert!(
        backup::sealed::path(&f.db).exists(),
        "sealed, it goes on travelling with the next backups"
    );
    assert_eq!(made.manifest.holds.tickets, count(&f.raw(), "ticket"));
    drop(app);
    restored_once(&f);
}

#[test]
fn a_backup_without_its_key_is_said_on_the_first_run_and_nothing_is_replaced() {
    let (_old, _stick, made) = a_backup_on_a_stick(None);
    let f = Fixture::new();
    let mut app = boot(&f, false, None);
    let before = f.snapshot();
    type_enter(
        &mut app,
        restore::PATH_INPUT,
        &made.file.display().to_string(),
    );
    assert!(shows_starting(&app, "Elle ne contient pas la clé du poste"));
    assert!(!shows(&app, "Restaurer cette sauvegarde"));
    // A file that is not a backup.
    let stray = f.dir.path().join("notes.db");
    std::fs::write(&stray, "pas une sauvegarde").unwrap();
    for m in [
        restore::Message::Path(stray.display().to_string()),
        restore::Message::Look,
    ] {
        send(&mut app, Message::Setup(setup::Message::Restore(m)));
    }
    assert!(shows_starting(
        &app,
        &format!("{} n’est pas une sauvegarde", stray.display())
    ));
    std::fs::remove_file(&stray).unwrap();
    assert_eq!(f.snapshot(), before, "looking into backups writes nothing");
}

#[test]
fn a_database_deleted_by_mistake_is_restored_from_the_screen_that_says_it_is_gone() {
    let (f, mut t) = Fixture::demo();
    let round = backup::run(&mut t.store, common::now()).unwrap();
    assert!(round.failed.is_empty());
    // A sale after the backup, then the file deleted (its key left).
    let (play, _) = common::next_in(&t, "Grande salle");
    common::sell_some(&mut t, play, "PLEIN", 1);
    drop(t);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", f.db.display()));
    }
    let mut app = boot(&f, false, None);
    assert!(app.open().is_none());
    assert!(shows_starting(
        &app,
        "La base de ce poste a disparu, mais sa clé est encore là"
    ));
    // The backups beside the database are listed at once.
    assert!(shows(
        &app,
        "Sauvegardes trouvées, la plus récente en premier (12 au plus) :"
    ));
    act(&mut app, |sim| {
        sim.click(text_starting("Théâtre des Quais — ")).unwrap();
    });
    act(&mut app, |sim| {
        sim.click("Restaurer cette sauvegarde").unwrap();
    });
    assert!(matches!(
        app.open().map(|o| o.screen()),
        Some(Screen::Login(_))
    ));
    assert!(shows_starting(&app, "Sauvegarde du "));
    assert!(
        ui(&app)
            .find(|c: iced_test::selector::Candidate<'_>| match c {
                iced_test::selector::Candidate::Text { content, .. }
                    if content.contains("Perdu depuis la sauvegarde : l’enregistrement") =>
                {
                    Some(())
                }
                _ => None,
            })
            .is_ok()
    );
    drop(app);
    restored_once(&f);
}

#[test]
fn an_administrator_sets_what_backups_are_kept_in_settings() {
    use guichet::ui::screen::backups::Message as B;
    // The card is below the fold of the test window: typed by its messages.
    let keep = |app: &mut App, m: B| {
        send(
            app,
            Message::Settings(guichet::ui::screen::settings::Message::Backups(m)),
        );
    };
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    send(&mut app, Message::Nav(Section::Settings));
    assert!(shows(
        &app,
        "Ce qui est gardé (une sauvegarde de chaque année l’est toujours)"
    ));
    // Nothing kept each day: refused, saying the bounds; nothing written.
    keep(&mut app, B::KeepDays("0".into()));
    keep(&mut app, B::SaveKeep);
    assert!(shows(
        &app,
        "on garde de 1 à 366 sauvegardes quotidiennes et de 0 à 120 mensuelles : corrigez les nombres"
    ));
    let store = || guichet::terminal::read_only(&f.db).unwrap();
    assert_eq!(
        backup::keep(&store()).unwrap(),
        backup::Keep::new(14, 12).unwrap()
    );
    keep(&mut app, B::KeepDays("30".into()));
    keep(&mut app, B::KeepMonths("6".into()));
    keep(&mut app, B::SaveKeep);
    assert!(shows(
        &app,
        "Gardées : une par jour sur 30 jours, une par mois sur 6 mois, et une par année."
    ));
    assert_eq!(
        backup::keep(&store()).unwrap(),
        backup::Keep::new(30, 6).unwrap()
    );
}

#[test]
fn closing_the_window_makes_a_backup_first() {
    let f = Fixture::new();
    let mut app = logged_in(&f, None);
    assert!(backup::list(&backup::default_place(&f.db)).is_empty());
    send(&mut app, Message::Quit);
    let made = backup::list(&backup::default_place(&f.db));
    assert_eq!(made.len(), 1, "one backup, made as the window closed");
    assert_eq!(made[0].manifest.ledger, "intact");
    // The clerk logged out before it: the backup holds the log-out.
    let kinds: Vec<String> = rusqlite::Connection::open(&made[0].file)
        .unwrap()
        .prepare("SELECT kind FROM ledger WHERE chain = 'fiscal' ORDER BY seq DESC LIMIT 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(kinds, ["log_out"]);
}

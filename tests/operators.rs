//! Operators: first-run set-up, creating operators, logging in and out
//! with a PIN, the lock-out, and what the command line acts as.

mod common;

use chrono::Duration;
use common::{Fixture, actor, count, now};
use guichet::domain::venue::{Country, VenueError, VenueSettings};
use guichet::domain::{Role, operator::PinError};
use guichet::operators::{self, LoginError, NewOperator, Operator, OperatorError};
use guichet::programming::venue::{SetupError, set_up};
use guichet::terminal::Terminal;

fn new(name: &str, role: Role, pin: &str) -> NewOperator {
    NewOperator {
        name: name.into(),
        role,
        pin: pin.into(),
        pin_again: pin.into(),
    }
}

/// A venue set up with its administrator Camille (PIN 2468).
fn venue() -> (Fixture, Terminal, Operator) {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = actor(&t);
    let settings = VenueSettings::for_country("Théâtre des Quais", Country::France);
    let admin = set_up(
        &mut t.store,
        &t.signer,
        &by,
        settings,
        &new("Camille Roche", Role::Admin, "2468"),
        now(),
    )
    .unwrap();
    (f, t, admin)
}

fn ledger_kinds(f: &Fixture) -> Vec<String> {
    let c = f.raw();
    let mut stmt = c
        .prepare("SELECT kind FROM ledger WHERE chain = 'fiscal' ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn set_up_records_the_venue_and_its_administrator() {
    let (f, _t, admin) = venue();
    assert_eq!(admin.role, Role::Admin);
    assert_eq!(ledger_kinds(&f), ["genesis", "setup", "operator_created"]);
    let hash: String = f
        .raw()
        .query_row(
            "SELECT pin_hash FROM operator WHERE name = 'Camille Roche'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$") && !hash.contains("2468"));
}

#[test]
fn a_bad_set_up_writes_nothing_and_says_what_is_wrong() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = actor(&t);
    let before = count(&f.raw(), "ledger");
    let mut settings = VenueSettings::for_country("  ", Country::Quebec);
    settings.licence_number = "<b>".into();
    let e = set_up(
        &mut t.store,
        &t.signer,
        &by,
        settings,
        &new("Ana", Role::Admin, "2468"),
        now(),
    )
    .unwrap_err();
    match &e {
        SetupError::Venue(errors) => assert_eq!(
            errors,
            &vec![VenueError::NameEmpty, VenueError::BadLicence("<b>".into())]
        ),
        other => panic!("{other}"),
    }
    let ok_venue = VenueSettings::for_country("Salle Lafontaine", Country::Quebec);
    let e = set_up(
        &mut t.store,
        &t.signer,
        &by,
        ok_venue.clone(),
        &new("Ana", Role::Admin, "1234"),
        now(),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            SetupError::Operator(OperatorError::Pin(PinError::TooSimple))
        ),
        "{e}"
    );
    let mut mismatch = new("Ana", Role::Admin, "2468");
    mismatch.pin_again = "2469".into();
    let e = set_up(&mut t.store, &t.signer, &by, ok_venue, &mismatch, now()).unwrap_err();
    assert!(e.to_string().contains("type the same PIN twice"), "{e}");
    let c = f.raw();
    assert_eq!(count(&c, "venue"), 0);
    assert_eq!(
        count(&c, "operator"),
        1,
        "only the built-in system operator"
    );
    assert_eq!(count(&c, "ledger"), before);
}

#[test]
fn a_second_set_up_is_refused() {
    let (f, mut t, _) = venue();
    let by = actor(&t);
    let before = count(&f.raw(), "ledger");
    let e = set_up(
        &mut t.store,
        &t.signer,
        &by,
        VenueSettings::for_country("Autre", Country::France),
        &new("Zoé", Role::Admin, "3579"),
        now(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("already set up for \"Théâtre des Quais\""),
        "{e}"
    );
    assert_eq!(count(&f.raw(), "ledger"), before);
}

#[test]
fn the_right_pin_logs_in_and_the_ledger_names_the_operator() {
    let (f, mut t, admin) = venue();
    let op = operators::log_in(&mut t.store, &t.signer, admin.id, "2468", now()).unwrap();
    assert_eq!(op.name, "Camille Roche");
    operators::log_out(&mut t.store, &t.signer, &op, now()).unwrap();
    let c = f.raw();
    let names: Vec<(String, String)> = c
        .prepare("SELECT kind, json_extract(body, '$.operator.name') FROM ledger WHERE kind IN ('log_in', 'log_out') ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        names,
        [
            ("log_in".to_owned(), "Camille Roche".to_owned()),
            ("log_out".to_owned(), "Camille Roche".to_owned())
        ]
    );
}

#[test]
fn wrong_pins_count_down_then_lock_out_for_a_while() {
    let (f, mut t, admin) = venue();
    let ledger_before = count(&f.raw(), "ledger");
    for left in (1..=4).rev() {
        let e = operators::log_in(&mut t.store, &t.signer, admin.id, "1357", now()).unwrap_err();
        assert!(
            matches!(e, LoginError::WrongPin { tries_left } if tries_left == left),
            "{e}"
        );
    }
    let e = operators::log_in(&mut t.store, &t.signer, admin.id, "1357", now()).unwrap_err();
    let until = match e {
        LoginError::LockedOut { until } => until,
        other => panic!("expected a lock-out, got {other}"),
    };
    assert_eq!(until, now() + Duration::seconds(60));
    // Even the right PIN waits for the end of the lock-out...
    let e = operators::log_in(
        &mut t.store,
        &t.signer,
        admin.id,
        "2468",
        now() + Duration::seconds(30),
    )
    .unwrap_err();
    assert!(matches!(e, LoginError::LockedOut { .. }), "{e}");
    assert!(e.to_string().contains("ask a coordinator"), "{e}");
    // ...and works after it.
    operators::log_in(
        &mut t.store,
        &t.signer,
        admin.id,
        "2468",
        now() + Duration::seconds(61),
    )
    .unwrap();
    assert_eq!(
        count(&f.raw(), "ledger"),
        ledger_before + 1,
        "wrong PINs write nothing to the ledger; the log-in does"
    );
    let failed: i64 = f
        .raw()
        .query_row(
            "SELECT failed_pins FROM operator WHERE id = ?1",
            [admin.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(failed, 0, "a good PIN resets the count");
}

#[test]
fn lock_outs_grow_when_wrong_pins_go_on() {
    let (_f, mut t, admin) = venue();
    let mut at = now();
    for _ in 0..5 {
        let _ = operators::log_in(&mut t.store, &t.signer, admin.id, "1357", at);
    }
    at += Duration::seconds(61);
    for _ in 0..4 {
        let e = operators::log_in(&mut t.store, &t.signer, admin.id, "1357", at).unwrap_err();
        assert!(matches!(e, LoginError::WrongPin { .. }));
    }
    match operators::log_in(&mut t.store, &t.signer, admin.id, "1357", at).unwrap_err() {
        LoginError::LockedOut { until } => assert_eq!(until, at + Duration::minutes(2)),
        other => panic!("{other}"),
    }
}

#[test]
fn only_an_administrator_creates_operators_and_names_are_unique() {
    let (f, mut t, admin) = venue();
    let clerk = operators::create(
        &mut t.store,
        &t.signer,
        &admin,
        &new("Lucas Martin", Role::Clerk, "1793"),
        now(),
    )
    .unwrap();
    assert_eq!(clerk.role, Role::Clerk);
    let e = operators::create(
        &mut t.store,
        &t.signer,
        &clerk,
        &new("Zoé", Role::Clerk, "3579"),
        now(),
    )
    .unwrap_err();
    assert!(matches!(e, OperatorError::NotAllowed), "{e}");
    let e = operators::create(
        &mut t.store,
        &t.signer,
        &admin,
        &new("lucas  MARTIN", Role::Clerk, "3579"),
        now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(count(&f.raw(), "operator"), 3, "system, Camille, Lucas");
}

#[test]
fn a_deactivated_operator_cannot_log_in_and_the_last_admin_stays() {
    let (_f, mut t, admin) = venue();
    let clerk = operators::create(
        &mut t.store,
        &t.signer,
        &admin,
        &new("Lucas Martin", Role::Clerk, "1793"),
        now(),
    )
    .unwrap();
    operators::set_active(&mut t.store, &t.signer, &admin, &clerk, false, now()).unwrap();
    let e = operators::log_in(&mut t.store, &t.signer, clerk.id, "1793", now()).unwrap_err();
    assert!(matches!(e, LoginError::Inactive), "{e}");
    let e =
        operators::set_active(&mut t.store, &t.signer, &admin, &admin, false, now()).unwrap_err();
    assert!(matches!(e, OperatorError::LastAdmin(_)), "{e}");
}

#[test]
#[allow(clippy::result_large_err)] // the job's own error, as the job returns it
fn the_command_line_acts_as_the_named_operator_with_their_pin() {
    let (f, mut t, _) = venue();
    let cli = |t: &mut Terminal, name: Option<&str>, pin: Option<&str>| {
        operators::for_command_line(&mut t.store, name, pin, false, now())
    };
    assert_eq!(
        cli(&mut t, Some("camille roche"), Some("2468"))
            .unwrap()
            .name,
        "Camille Roche"
    );
    let e = cli(&mut t, Some("Nobody"), Some("2468")).unwrap_err();
    assert!(e.to_string().contains("guichet operator list"), "{e}");
    // No operator, no PIN: refused, on a database that has its operators
    // (only a new one's first run acts as the system).
    let e = cli(&mut t, None, None).unwrap_err();
    assert!(matches!(e, OperatorError::NeedsOperator), "{e}");
    let e = operators::for_command_line(&mut t.store, None, None, true, now()).unwrap_err();
    assert!(matches!(e, OperatorError::NeedsOperator), "{e}");
    let e = cli(&mut t, Some("Camille Roche"), None).unwrap_err();
    assert!(matches!(e, OperatorError::NeedsPin(_)), "{e}");
    // Wrong PINs count as at the window's log-in, and lock the name out.
    let before = f.rows()["ledger"];
    for _ in 0..4 {
        let e = cli(&mut t, Some("Camille Roche"), Some("0000")).unwrap_err();
        assert!(
            matches!(e, OperatorError::Login(_, LoginError::WrongPin { .. })),
            "{e}"
        );
    }
    let e = cli(&mut t, Some("Camille Roche"), Some("0000")).unwrap_err();
    assert!(
        matches!(e, OperatorError::Login(_, LoginError::LockedOut { .. })),
        "{e}"
    );
    let e = cli(&mut t, Some("Camille Roche"), Some("2468")).unwrap_err();
    assert!(
        matches!(e, OperatorError::Login(_, LoginError::LockedOut { .. })),
        "the right PIN waits for the lock-out too: {e}"
    );
    assert_eq!(
        f.rows()["ledger"],
        before,
        "no record for a refused command"
    );
}

#[test]
fn only_a_new_database_acts_as_the_system_on_its_first_run() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let system = operators::for_command_line(&mut t.store, None, None, true, now()).unwrap();
    assert_eq!(system.name, "système");
    let e = operators::for_command_line(&mut t.store, None, None, false, now()).unwrap_err();
    assert!(matches!(e, OperatorError::NeedsOperator), "{e}");
}

#[test]
fn the_command_line_cannot_act_as_a_deactivated_operator() {
    let (_f, mut t, admin) = venue();
    let clerk = operators::create(
        &mut t.store,
        &t.signer,
        &admin,
        &new("Lucas Martin", Role::Clerk, "1793"),
        now(),
    )
    .unwrap();
    operators::set_active(&mut t.store, &t.signer, &admin, &clerk, false, now()).unwrap();
    let e = operators::for_command_line(
        &mut t.store,
        Some("Lucas Martin"),
        Some("1793"),
        false,
        now(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("has been deactivated"), "{e}");
}

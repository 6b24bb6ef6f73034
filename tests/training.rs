//! Training mode: switched on and off by a coordinator (a signed record);
//! in training a sale needs no drawer and goes to the training chain with
//! its own numbers, its tickets and receipt marked, refused at the door,
//! out of every statement, takings and the fiscal closing; a refund is
//! refused; the day closes on the training chain; the ledger holds; the
//! window says so on every screen; the command line switches it.

mod common;

use common::{Fixture, next_in, now};
use guichet::counter::{self, CounterError};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::domain::records::Record;
use guichet::door::{self, Scope, Verdict};
use guichet::terminal::Terminal;
use guichet::till::closings::{self, TillError};
use guichet::till::training;

fn clerk(t: &Terminal) -> guichet::operators::Operator {
    guichet::operators::Operator {
        role: guichet::domain::operator::Role::Clerk,
        ..common::system(t)
    }
}

fn sell_one(t: &mut Terminal, club: i64) -> Result<counter::Sold, CounterError> {
    let price = common::price(t, club, "PLEIN");
    let tenders = vec![Tender {
        voucher: None,
        method: Method::Cash,
        amount: price,
    }];
    let request = common::request(t, club, "PLEIN", 1, tenders);
    let by = common::system(t);
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, now())
}

#[test]
fn a_training_sale_is_kept_apart_from_everything_real() {
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let club = next_in(&t, "Le Club").0;
    let real = sell_one(&mut t, club).unwrap();
    assert!(!real.training);
    // A clerk may not switch; a coordinator does, once.
    let rows = f.rows();
    let a_clerk = clerk(&t);
    assert!(matches!(
        training::switch(&mut t.store, &t.signer, &a_clerk, true, now()),
        Err(TillError::NotAllowed(_))
    ));
    assert_eq!(f.rows(), rows);
    assert!(training::switch(&mut t.store, &t.signer, &by, true, now()).unwrap());
    assert!(!training::switch(&mut t.store, &t.signer, &by, true, now()).unwrap());
    assert!(training::is_on(&t.store, t.signer.terminal_id));
    // Sold in training: no drawer asked, its own numbers, the training chain.
    common::count_drawer(&mut t, now());
    let free = counter::offer::load(&t.store, club, None, now())
        .unwrap()
        .available();
    let sold = sell_one(&mut t, club).unwrap();
    assert!(sold.training);
    // It takes no real place.
    let after = counter::offer::load(&t.store, club, None, now())
        .unwrap()
        .available();
    assert_eq!(after, free);
    assert_eq!(sold.number, 1, "training orders are numbered apart");
    let chain: String = f
        .raw()
        .query_row(
            "SELECT chain FROM ledger WHERE terminal_id = ?1 AND seq = ?2 AND kind = 'sale'
             AND chain = 'training'",
            [t.signer.terminal_id, sold.ledger_seq],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(chain, "training");
    // Its ticket and receipt say so; its code is refused at the door.
    let faces = counter::printed::of_order(&t.store, sold.order_id).unwrap();
    assert!(faces.iter().all(|face| face.training));
    assert!(
        counter::printed::receipt(&t.store, sold.order_id)
            .unwrap()
            .training
    );
    let code = sold.tickets[0].code.clone();
    let answer = door::scan(
        &mut t.store,
        Scope::Performance(club),
        "Porte A",
        &by,
        &code,
        now(),
    )
    .unwrap();
    assert!(
        matches!(answer.verdict, Verdict::Refused(door::Refusal::Training)),
        "{answer:?}"
    );
    // In training, the door judges training tickets, refuses real ones,
    // and records nothing.
    let scans = common::count(&f.raw(), "scan");
    let answer = door::scan_training(&t.store, Scope::Performance(club), &code, now()).unwrap();
    assert!(
        matches!(
            answer.verdict,
            Verdict::Admitted { .. } | Verdict::Refused(door::Refusal::TooEarly { .. })
        ),
        "{answer:?}"
    );
    let real_code = real.tickets[0].code.clone();
    let answer =
        door::scan_training(&t.store, Scope::Performance(club), &real_code, now()).unwrap();
    assert!(
        matches!(
            answer.verdict,
            Verdict::Refused(door::Refusal::RealInTraining)
        ),
        "{answer:?}"
    );
    assert_eq!(
        common::count(&f.raw(), "scan"),
        scans,
        "training records no scan"
    );
    // No refund moves real money in training.
    let refund = counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        real.order_id,
        &[],
        Method::Cash,
        now(),
    );
    assert!(
        matches!(refund, Err(CounterError::InTraining)),
        "{refund:?}"
    );
    // Out of the statements and the takings: only the real ticket counts.
    let b = guichet::till::statements::of_performance(&t.store, club).unwrap();
    assert_eq!(b.statement.tickets, 1);
    assert_eq!(b.statement.revenue, real.total.0);
    // The training day closes on the training chain, apart.
    let monday = now().date_naive();
    let z = closings::close_day(&mut t.store, &t.signer, &by, monday, now()).unwrap();
    assert!(z.row.training);
    assert_eq!(z.record.totals.total, sold.total.0);
    // Back to real: the fiscal Z holds the real sale only.
    training::switch(&mut t.store, &t.signer, &by, false, now()).unwrap();
    let z = closings::close_day(&mut t.store, &t.signer, &by, monday, now()).unwrap();
    assert!(!z.row.training);
    assert_eq!(z.record.totals.total, real.total.0);
    assert_eq!(z.record.totals.sales, 1);
    // The switches are signed records, and the ledger holds.
    let switches: Vec<bool> = guichet::ledger::verify::verify(&t.store)
        .map(|r| {
            assert!(r.first_break.is_none(), "{:?}", r.first_break);
        })
        .map(|()| {
            let c = f.raw();
            let mut stmt = c
                .prepare("SELECT body FROM ledger WHERE kind = 'training_mode' ORDER BY seq")
                .unwrap();
            stmt.query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(|b| {
                    let v: serde_json::Value = serde_json::from_str(&b.unwrap()).unwrap();
                    match Record::read(
                        guichet::domain::journal::Kind::TrainingMode,
                        v["data"].clone(),
                    )
                    .unwrap()
                    {
                        Record::TrainingMode(m) => m.on,
                        other => panic!("{other:?}"),
                    }
                })
                .collect()
        })
        .unwrap();
    assert_eq!(switches, [true, false]);
    let _ = Cents::ZERO;
}

#[test]
fn the_window_says_training_on_every_screen_and_asks_no_float() {
    use guichet::ui::Message;
    use guichet::ui::screen::Section;
    use guichet::ui::screen::till::Message as T;
    let f = Fixture::new();
    drop(f.demo_season());
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    assert!(!common::window::shows(
        &app,
        "MODE FORMATION — NE VAUT PAS TITRE"
    ));
    common::window::send(&mut app, Message::Nav(Section::Till));
    common::window::act(&mut app, |sim| {
        sim.click("Passer en mode formation").unwrap();
    });
    assert!(common::window::shows(
        &app,
        "MODE FORMATION — NE VAUT PAS TITRE"
    ));
    common::window::send(&mut app, Message::Nav(Section::Sell));
    assert!(common::window::shows(
        &app,
        "MODE FORMATION — NE VAUT PAS TITRE"
    ));
    // The next log-in is asked for no float.
    common::window::send(&mut app, Message::SwitchOperator);
    common::window::type_enter(&mut app, "login-pin", "2468");
    assert!(!common::window::shows(&app, "Ouverture de caisse"));
    assert!(common::window::shows(&app, "Panier (0)"));
    common::window::send(&mut app, Message::Nav(Section::Till));
    common::window::send(&mut app, Message::Till(T::Training(false)));
    assert!(!common::window::shows(
        &app,
        "MODE FORMATION — NE VAUT PAS TITRE"
    ));
}

#[test]
fn the_command_line_switches_training_mode() {
    let f = Fixture::new();
    drop(f.demo_season());
    let db = f.db.to_str().unwrap();
    let rows = f.rows();
    let out = common::guichet_as(db, ("Lucas Martin", "1793"), &["training", "on"]);
    assert!(!out.status.success());
    assert_eq!(f.rows(), rows);
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["training", "on"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet(db, &["training"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("training mode is on"));
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["training", "off"]);
    assert!(out.status.success());
    let out = common::guichet(db, &["training"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("training mode is off"));
}

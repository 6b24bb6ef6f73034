//! The cash drawer: a session opened with a counted float; sales in cash
//! with change, by card, a cash refund, cash in and out; the count at a
//! handover and at the end, expected and difference checked to the cent;
//! a sale with no session, or on yesterday's, refused and nothing written;
//! the Z waits for the count; bad counts refused; verify holds each step
//! against its record; the command line does the same.

mod common;

use chrono::Duration;
use common::{Fixture, next_in, now};
use guichet::counter::{self, CounterError};
use guichet::domain::Cents;
use guichet::domain::drawer::{CountError, Counted, Movement};
use guichet::domain::payment::{Method, Tender};
use guichet::terminal::Terminal;
use guichet::till::closings::{self, TillError};
use guichet::till::drawer;

fn pay(method: Method, cents: i64) -> Vec<Tender> {
    vec![Tender {
        voucher: None,
        method,
        amount: Cents(cents),
    }]
}

/// A sale as the counter makes it (no helper opening the drawer).
fn sell(
    t: &mut Terminal,
    performance: i64,
    n: usize,
    tenders: Vec<Tender>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<counter::Sold, CounterError> {
    let request = common::request(t, performance, "PLEIN", n, tenders);
    let by = common::system(t);
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, at)
}

/// The demo season with no drawer open yet.
fn demo_without_drawer() -> (Fixture, Terminal) {
    let (f, mut t) = Fixture::demo();
    common::count_drawer(&mut t, now());
    (f, t)
}

#[test]
fn a_day_of_the_drawer_is_counted_to_the_cent() {
    let (f, mut t) = demo_without_drawer();
    let by = common::system(&t);
    let club = next_in(&t, "Le Club").0;
    let unit = common::price(&t, club, "PLEIN").0;
    // The fixture's own session was counted: a sale now needs a new one.
    let rows = f.rows();
    let refused = sell(&mut t, club, 1, pay(Method::Cash, unit), now());
    assert!(
        matches!(refused, Err(CounterError::NoDrawer)),
        "{refused:?}"
    );
    assert_eq!(f.rows(), rows, "nothing written");
    // 150 € counted by notes and coins: 5 × 20 €, 4 × 10 €, 5 × 2 €.
    let float = Counted::pieces(
        guichet::domain::Currency::Eur,
        &[(2_000, 5), (1_000, 4), (200, 5)],
    )
    .unwrap();
    let at = now() + Duration::minutes(1);
    let s = drawer::open(&mut t.store, &t.signer, &by, &float, at).unwrap();
    assert_eq!((s.number, s.expected.float), (2, 15_000));
    // Opened once: a second opening is refused.
    assert!(matches!(
        drawer::open(&mut t.store, &t.signer, &by, &float, at),
        Err(TillError::SessionOpen { number: 2, .. })
    ));
    // Two tickets in cash, 100 € given (change out of the drawer); one by
    // card; one of the cash tickets refunded in cash.
    let a = sell(&mut t, club, 2, pay(Method::Cash, 10_000), at).unwrap();
    sell(&mut t, club, 1, pay(Method::Card, unit), at).unwrap();
    counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        a.order_id,
        &[a.tickets[0].number],
        Method::Cash,
        at,
    )
    .unwrap();
    // 20 € of change brought in; 50 € taken to the safe.
    drawer::move_cash(
        &mut t.store,
        &t.signer,
        &by,
        (Movement::In, 2_000, "Monnaie"),
        at,
    )
    .unwrap();
    let s = drawer::move_cash(
        &mut t.store,
        &t.signer,
        &by,
        (Movement::Out, 5_000, "Au coffre"),
        at,
    )
    .unwrap();
    // By hand: 150 + 2 × unit − unit + 20 − 50.
    let expected = 15_000 + unit + 2_000 - 5_000;
    assert_eq!(s.expected.takings, unit);
    assert_eq!(s.expected.total(), expected);
    // More than the drawer holds cannot be taken out; nothing is written.
    let rows = f.rows();
    assert!(matches!(
        drawer::move_cash(&mut t.store, &t.signer, &by, (Movement::Out, expected + 1, "x"), at),
        Err(TillError::NotInDrawer { holds, .. }) if holds == expected
    ));
    assert!(matches!(
        drawer::move_cash(&mut t.store, &t.signer, &by, (Movement::In, 500, "  "), at),
        Err(TillError::Count(CountError::Reason))
    ));
    assert_eq!(f.rows(), rows);
    // Handed to Lucas with 1 € missing: he answers from what was counted.
    let handover = drawer::count(
        &mut t.store,
        &t.signer,
        &by,
        &Counted::total(expected - 100).unwrap(),
        Some("lucas martin"),
        at,
    )
    .unwrap();
    assert_eq!((handover.expected, handover.difference), (expected, -100));
    sell(&mut t, club, 1, pay(Method::Cash, unit), at).unwrap();
    // The Z waits for the count.
    let evening = now() + Duration::hours(5);
    assert!(matches!(
        closings::close_day(
            &mut t.store,
            &t.signer,
            &by,
            common::now().date_naive(),
            evening
        ),
        Err(TillError::DrawerOpen { number: 2, .. })
    ));
    let end = drawer::count(
        &mut t.store,
        &t.signer,
        &by,
        &Counted::total(expected - 100 + unit + 50).unwrap(),
        None,
        evening,
    )
    .unwrap();
    assert_eq!((end.expected, end.difference), (expected - 100 + unit, 50));
    // Counted: no more counts, no sale until the next opening.
    assert!(matches!(
        drawer::count(
            &mut t.store,
            &t.signer,
            &by,
            &Counted::total(0).unwrap(),
            None,
            evening
        ),
        Err(TillError::NoSession)
    ));
    assert!(matches!(
        sell(&mut t, club, 1, pay(Method::Cash, unit), evening),
        Err(CounterError::NoDrawer)
    ));
    closings::close_day(
        &mut t.store,
        &t.signer,
        &by,
        common::now().date_naive(),
        evening,
    )
    .unwrap();
    let session = drawer::session(&t.store, t.signer.terminal_id, 2).unwrap();
    assert!(session.counted);
    assert_eq!(session.steps.len(), 5);
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

#[test]
fn yesterdays_drawer_is_counted_before_today_sells() {
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let club = next_in(&t, "Le Club").0;
    let unit = common::price(&t, club, "PLEIN").0;
    let tomorrow = now() + Duration::hours(18);
    let rows = f.rows();
    let refused = sell(&mut t, club, 1, pay(Method::Cash, unit), tomorrow);
    assert!(
        matches!(refused, Err(CounterError::DrawerOfEarlierDay(d)) if d == now().date_naive()),
        "{refused:?}"
    );
    assert_eq!(f.rows(), rows);
    // Today's opening waits for yesterday's count.
    let float = Counted::total(10_000).unwrap();
    assert!(matches!(
        drawer::open(&mut t.store, &t.signer, &by, &float, tomorrow),
        Err(TillError::SessionOpen { number: 1, .. })
    ));
    drawer::count(&mut t.store, &t.signer, &by, &float, None, tomorrow).unwrap();
    drawer::open(&mut t.store, &t.signer, &by, &float, tomorrow).unwrap();
    sell(&mut t, club, 1, pay(Method::Cash, unit), tomorrow).unwrap();
    // A handover to someone who is not a clerk of this venue is refused.
    assert!(matches!(
        drawer::count(&mut t.store, &t.signer, &by, &float, Some("Personne"), tomorrow),
        Err(TillError::NoOperator(n)) if n == "Personne"
    ));
}

#[test]
fn counts_that_cannot_be_taken_are_refused() {
    use guichet::domain::Currency;
    assert_eq!(Counted::total(-1), Err(CountError::Negative));
    assert_eq!(
        Counted::total(guichet::domain::money::MAX_AMOUNT.0 + 1),
        Err(CountError::TooLarge)
    );
    assert_eq!(
        Counted::pieces(Currency::Cad, &[(1, 3)]),
        Err(CountError::NotADenomination(1))
    );
    assert_eq!(
        Counted::pieces(Currency::Eur, &[(20_000, i64::MAX)]),
        Err(CountError::TooLarge)
    );
    // Canada: no cent; 2 × 2 $ + 3 × 25 ¢.
    assert_eq!(
        Counted::pieces(Currency::Cad, &[(200, 2), (25, 3)])
            .unwrap()
            .total,
        475
    );
}

#[test]
fn a_drawer_row_no_record_accounts_for_is_named_by_verify() {
    let (f, t) = Fixture::demo();
    assert!(
        guichet::till::verify(&t.store)
            .unwrap()
            .first_break
            .is_none()
    );
    // Someone with the file adds cash out of thin air.
    f.raw()
        .execute(
            "INSERT INTO drawer (terminal_id, training, session, day, step, amount, expected,
                                 operator_id, ledger_seq, at)
             SELECT terminal_id, 0, session, day, 'cash_in', 50000, NULL, operator_id,
                    ledger_seq + 1000, at FROM drawer LIMIT 1",
            [],
        )
        .unwrap();
    let b = guichet::till::verify(&t.store)
        .unwrap()
        .first_break
        .expect("caught");
    assert!(b.to_string().contains("drawer"), "{b}");
}

#[test]
fn the_command_line_opens_moves_and_counts_the_drawer() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    assert!(common::guichet(db, &["demo"]).status.success());
    let run = |args: &[&str]| common::guichet_as(db, common::DEMO_ADMIN, args);
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    // No session: a sale is refused, saying what to do.
    let rows = f.rows();
    let sale = [
        "sell",
        "--performance",
        "3",
        "--best",
        "1",
        "--tariff",
        "PLEIN",
        "--pay",
        "cash:5000",
    ];
    let out = run(&sale);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("session open --float"),
        "{}",
        text(&out)
    );
    // A negative float, a count with no session: refused, nothing written.
    let out = run(&["session", "open", "--float=-100"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("cannot be negative"), "{}", text(&out));
    let out = run(&["session", "count", "--total", "100"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("the drawer is not open"),
        "{}",
        text(&out)
    );
    let out = run(&["session", "open", "--pieces", "2000:5,3:1"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(f.rows(), rows);
    // Opened by notes, a sale, cash out, the count.
    let out = run(&["session", "open", "--pieces", "2000:5,1000:5"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(run(&sale).status.success());
    let out = run(&[
        "session", "cash-out", "--amount", "2000", "--reason", "Coffre",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let show = common::guichet(db, &["session", "show", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(s["float"], 15_000);
    let takings = s["takings"].as_i64().unwrap();
    assert!(takings > 0);
    assert_eq!(s["expected"], 15_000 + takings - 2_000);
    let counted = (15_000 + takings - 2_000 - 30).to_string();
    let out = run(&["session", "count", "--total", &counted]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("difference −€0.30"), "{}", text(&out));
    assert!(run(&["close", "day"]).status.success());
    assert!(common::guichet(db, &["verify"]).status.success());
}

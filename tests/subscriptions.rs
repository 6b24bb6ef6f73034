//! Subscriptions on a real database: a formula (three to six performances,
//! one of them dance) sold for two with the same seats at each performance,
//! its price shared among the performances by their single-ticket prices to
//! the cent (as computed by hand), written into the order's lines so each
//! performance's statement counts its share; the patron a subscriber;
//! `verify` holding the subscription to its signed record; formulas broken
//! or unknown refused with nothing written; the command line.

#![allow(clippy::result_large_err)] // the job's own error, as the job returns it

mod common;

use common::{Fixture, now, open_drawer};
use guichet::counter::CounterError;
use guichet::counter::subscriptions::{self, SubscriptionError, SubscriptionSale};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::domain::subscription::{Formula, Rule, RuleError};
use guichet::programming::subscriptions::{FormulaDraft, add_formula};
use guichet::terminal::Terminal;

fn cash(cents: i64) -> Vec<Tender> {
    vec![Tender {
        method: Method::Cash,
        amount: Cents(cents),
        voucher: None,
    }]
}

/// « Abonnement 3 à 6 » : three to six performances, one of them dance,
/// 96,00 € at the subscriber tariff.
fn three_to_six(t: &mut Terminal) -> Formula {
    let op = common::system(t);
    let draft = FormulaDraft {
        name: "Abonnement 3 à 6".into(),
        rule: Rule::Choice {
            min: 3,
            max: 6,
            shows: Vec::new(),
            per_genre: [("dance".to_owned(), 1)].into_iter().collect(),
        },
        tariff: "ABONNE".into(),
        prices: vec![("ABONNE".into(), String::new(), Cents(9_600))],
    };
    add_formula(&mut t.store, &common::by(&t.signer, &op), &draft).unwrap()
}

/// The first performance of a show on sale.
fn first_of(t: &Terminal, title: &str) -> i64 {
    guichet::programming::upcoming(&t.store, now(), 300)
        .unwrap()
        .into_iter()
        .find(|p| p.show == title)
        .unwrap_or_else(|| panic!("{title} on sale"))
        .id
}

fn plein_c1(f: &Fixture, performance: i64) -> i64 {
    f.raw()
        .query_row(
            "SELECT p.amount FROM price p JOIN price_category c ON c.id = p.category_id
             JOIN tariff t ON t.id = p.tariff_id
             WHERE c.performance_id = ?1 AND c.code = 'C1' AND t.code = 'PLEIN'",
            [performance],
            |r| r.get(0),
        )
        .unwrap()
}

fn sell(
    t: &mut Terminal,
    sale: &SubscriptionSale,
) -> Result<subscriptions::SubscriptionSold, CounterError> {
    open_drawer(t, now());
    let by = common::system(t);
    subscriptions::sell(&mut t.store, &t.signer, &by, sale, now())
}

#[test]
fn a_subscription_is_shared_among_its_performances_to_the_cent_with_the_same_seats() {
    let (f, mut t) = Fixture::demo();
    let formula = three_to_six(&mut t);
    let cyrano = first_of(&t, "Cyrano de Bergerac");
    let misanthrope = first_of(&t, "Le Misanthrope");
    let sacre = first_of(&t, "Sacre");
    // The single tickets, best category: 32,00, 28,00 and 30,00 (90,00).
    assert_eq!(
        [cyrano, misanthrope, sacre].map(|p| plein_c1(&f, p)),
        [3_200, 2_800, 3_000]
    );
    let patron = common::patron(&mut t, "Claire", "Abonnée", "claire@example.org", "");
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: vec![cyrano, misanthrope, sacre],
        places: 2,
        together: true,
        patron_id: Some(patron),
        tenders: cash(19_200),
    };
    let done = sell(&mut t, &sale).unwrap();
    // By hand: 96 × 32 / 90 = 34,133… → 34,13; 96 × 28 / 90 = 29,866… →
    // 29,87 (the cent left goes to the largest remainder); 96 × 30 / 90 =
    // 32,00. 34,13 + 29,87 + 32,00 = 96,00.
    assert_eq!(
        done.shares,
        vec![
            (cyrano, Cents(3_413)),
            (misanthrope, Cents(2_987)),
            (sacre, Cents(3_200))
        ]
    );
    assert_eq!(done.sold.total, Cents(19_200), "two subscriptions");
    let tickets = &done.sold.tickets;
    assert_eq!(tickets.len(), 6);
    // The same two seats at each performance (one hall).
    let seats: Vec<_> = tickets.iter().map(|t| t.seat.clone().unwrap()).collect();
    assert_eq!(seats[0..2], seats[2..4]);
    assert_eq!(seats[0..2], seats[4..6]);
    // The order's lines carry the shares: each performance's statement
    // counts what it earned.
    let statement = |p| {
        guichet::till::statements::of_performance(&t.store, p)
            .unwrap()
            .statement
    };
    assert_eq!(statement(cyrano).revenue, 6_826);
    assert_eq!(statement(misanthrope).revenue, 5_974);
    assert_eq!(statement(sacre).revenue, 6_400);
    // The patron is a subscriber; their card lists it.
    let card =
        guichet::audience::card(&t.store, patron, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.loyalty, guichet::domain::patron::Loyalty::Subscriber);
    assert_eq!(card.subscriptions.len(), 1);
    assert_eq!(card.subscriptions[0].price, Cents(19_200));
    assert_eq!(card.subscriptions[0].tickets, 6);
    // The record names the subscription; verify holds the row to it.
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    f.raw()
        .execute("UPDATE subscription SET price = 9600", [])
        .unwrap();
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(
        !report.is_intact(),
        "a subscription changed behind the ledger"
    );
}

#[test]
fn performances_that_break_the_formula_are_refused_and_nothing_is_written() {
    let (f, mut t) = Fixture::demo();
    let formula = three_to_six(&mut t);
    let cyrano = first_of(&t, "Cyrano de Bergerac");
    let misanthrope = first_of(&t, "Le Misanthrope");
    let cerisaie = first_of(&t, "La Cerisaie");
    let sacre = first_of(&t, "Sacre");
    open_drawer(&mut t, now());
    let rows = f.rows();
    let sale = |performances: Vec<i64>, places: usize| SubscriptionSale {
        formula: formula.id.to_string(),
        performances,
        places,
        together: false,
        patron_id: None,
        tenders: cash(30_000),
    };
    let refused = |t: &mut Terminal, s: SubscriptionSale| match sell(t, &s) {
        Err(CounterError::Subscription(e)) => e,
        other => panic!("a subscription refusal, not {other:?}"),
    };
    assert!(matches!(
        refused(&mut t, sale(vec![cyrano, misanthrope, cerisaie], 1)),
        SubscriptionError::Rule(RuleError::Genre {
            need: 1,
            got: 0,
            ..
        })
    ));
    assert!(matches!(
        refused(&mut t, sale(vec![cyrano, sacre], 1)),
        SubscriptionError::Rule(RuleError::TooFew { min: 3, got: 2 })
    ));
    assert!(matches!(
        refused(&mut t, sale(vec![cyrano, sacre, sacre], 1)),
        SubscriptionError::Rule(RuleError::Twice(_))
    ));
    assert!(matches!(
        refused(&mut t, sale(vec![cyrano, sacre, 999_999], 1)),
        SubscriptionError::NoPerformance(999_999)
    ));
    for places in [0, 11, usize::MAX] {
        assert!(matches!(
            refused(&mut t, sale(vec![cyrano, misanthrope, sacre], places)),
            SubscriptionError::Places(_)
        ));
    }
    let many = sale((0..1_000).collect(), 1);
    assert!(matches!(
        refused(&mut t, many),
        SubscriptionError::Rule(RuleError::TooMany { .. })
    ));
    let unknown = SubscriptionSale {
        formula: "nope".into(),
        ..sale(vec![cyrano, misanthrope, sacre], 1)
    };
    assert!(matches!(
        refused(&mut t, unknown),
        SubscriptionError::UnknownFormula(_)
    ));
    // Short of money: the payment's refusal, nothing written.
    let short = SubscriptionSale {
        tenders: cash(100),
        ..sale(vec![cyrano, misanthrope, sacre], 1)
    };
    assert!(matches!(
        sell(&mut t, &short),
        Err(CounterError::Payment { .. })
    ));
    assert_eq!(f.rows(), rows, "nothing written");
    // The French says what is wrong.
    let e = CounterError::Subscription(SubscriptionError::Rule(RuleError::Genre {
        genre: "dance".into(),
        need: 1,
        got: 0,
    }));
    let french = guichet::ui::i18n::counter::describe(&e, guichet::domain::Locale::FrFr);
    assert!(
        french.contains("la formule en demande au moins 1"),
        "{french}"
    );
}

#[test]
fn the_command_line_makes_a_formula_sells_and_lists_subscriptions() {
    let (f, t) = Fixture::demo();
    let (cyrano, misanthrope, sacre) = (
        first_of(&t, "Cyrano de Bergerac"),
        first_of(&t, "Le Misanthrope"),
        first_of(&t, "Sacre"),
    );
    drop(t);
    let db = f.db.to_str().unwrap();
    let camille = ("Camille Roche", "2468");
    let run = |args: &[&str]| common::guichet_as(db, camille, args);
    let out = run(&[
        "subscriptions",
        "formula",
        "--name",
        "Trois et plus",
        "--choice",
        "3..6",
        "--genre",
        "dance:1",
        "--price",
        "ABONNE:9600",
        "--json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let formula: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(formula["kind"], "choice");
    let bad = run(&[
        "subscriptions",
        "formula",
        "--name",
        "x",
        "--choice",
        "six",
        "--price",
        "ABONNE:1",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let performances = format!("{cyrano},{misanthrope},{sacre}");
    let out = run(&[
        "subscriptions",
        "sell",
        "--formula",
        "1",
        "--performances",
        &performances,
        "--places",
        "2",
        "--together",
        "--pay",
        "cash:19200",
        "--json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let sold: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sold["total"], 19_200);
    assert_eq!(sold["shares"][0]["share"], 3_413);
    let refused = run(&[
        "subscriptions",
        "sell",
        "--formula",
        "1",
        "--performances",
        &format!("{cyrano},{misanthrope}"),
        "--pay",
        "cash:9600",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("at least 3"));
    let out = run(&["subscriptions", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed["subscriptions"].as_array().unwrap().len(), 1);
    assert!(run(&["verify"]).status.success());
}

#[test]
fn a_subscription_is_refunded_whole_not_ticket_by_ticket() {
    let (f, mut t) = Fixture::demo();
    let formula = three_to_six(&mut t);
    let performances = vec![
        first_of(&t, "Cyrano de Bergerac"),
        first_of(&t, "Le Misanthrope"),
        first_of(&t, "Sacre"),
    ];
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances,
        places: 1,
        together: true,
        patron_id: None,
        tenders: cash(9_600),
    };
    let done = sell(&mut t, &sale).unwrap();
    let by = common::system(&t);
    let first = done.sold.tickets[0].number;
    let rows = f.rows();
    let partial = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        done.sold.order_id,
        &[first],
        Method::Cash,
        now(),
    );
    assert!(matches!(
        partial,
        Err(CounterError::Subscription(SubscriptionError::Partial(_)))
    ));
    assert_eq!(f.rows(), rows, "nothing written");
    let whole = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        done.sold.order_id,
        &[],
        Method::Cash,
        now(),
    )
    .unwrap();
    assert_eq!(whole.amount, Cents(-9_600), "the whole price back");
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[test]
fn a_subscriber_exchanges_a_performance_within_the_formula() {
    let (f, mut t) = Fixture::demo();
    let formula = three_to_six(&mut t);
    let all = guichet::programming::upcoming(&t.store, now(), 300).unwrap();
    let of = |title: &str| -> Vec<i64> {
        all.iter()
            .filter(|p| p.show == title)
            .map(|p| p.id)
            .collect()
    };
    let (cyrano, misanthrope, sacre) =
        (of("Cyrano de Bergerac"), of("Le Misanthrope"), of("Sacre"));
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: vec![cyrano[0], misanthrope[0], sacre[0]],
        places: 2,
        together: true,
        patron_id: None,
        tenders: cash(19_200),
    };
    let done = sell(&mut t, &sale).unwrap();
    let by = common::system(&t);
    let exchange = |t: &mut Terminal, from: i64, to: i64| {
        subscriptions::exchange(
            &mut t.store,
            &t.signer,
            &by,
            &done.public_id,
            (from, to),
            now(),
        )
    };
    // Sacre is the formula's only dance: Cyrano's other date instead breaks
    // the rule, nothing written.
    let rows = f.rows();
    assert!(matches!(
        exchange(&mut t, sacre[0], cyrano[1]),
        Err(CounterError::Subscription(SubscriptionError::Rule(
            RuleError::Genre { .. }
        )))
    ));
    // A performance the subscription holds already, or one it does not hold.
    assert!(matches!(
        exchange(&mut t, cyrano[0], misanthrope[0]),
        Err(CounterError::Subscription(SubscriptionError::Rule(
            RuleError::Twice(_)
        )))
    ));
    assert!(matches!(
        exchange(&mut t, cyrano[1], cyrano[2]),
        Err(CounterError::Subscription(
            SubscriptionError::NotInSubscription(_)
        ))
    ));
    assert_eq!(f.rows(), rows, "nothing written");
    // Cyrano's next date instead: the same seats, the same share, no money.
    let payments = common::count(&f.raw(), "payment");
    let swapped = exchange(&mut t, cyrano[0], cyrano[1]).unwrap();
    assert!(swapped.same_seats);
    assert_eq!(swapped.new_tickets.len(), 2);
    let prices: Vec<i64> = f
        .raw()
        .prepare(
            "SELECT price FROM ticket WHERE performance_id = ?1 AND status = 'valid' ORDER BY id",
        )
        .unwrap()
        .query_map([cyrano[1]], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(prices, vec![3_413, 3_413], "the share kept");
    let cash_moved: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM payment WHERE method != 'voucher'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cash_moved, 1, "only the subscription's own cash");
    assert!(common::count(&f.raw(), "payment") > payments);
    assert_eq!(
        guichet::till::statements::of_performance(&t.store, cyrano[0])
            .unwrap()
            .statement
            .revenue,
        0
    );
    assert_eq!(
        guichet::till::statements::of_performance(&t.store, cyrano[1])
            .unwrap()
            .statement
            .revenue,
        6_826
    );
    let listed = subscriptions::list(&t.store, None).unwrap();
    assert_eq!(listed[0].tickets, 6, "the exchanged tickets still its own");
    // Its first order alone is not refunded: the subscription spans two now.
    let first_order = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        done.sold.order_id,
        &[],
        Method::Cash,
        now(),
    );
    assert!(matches!(
        first_order,
        Err(CounterError::Subscription(SubscriptionError::Partial(_)))
    ));
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    // Which orders hold its tickets answers to the records: the exchange's
    // order taken out of it behind the ledger's back is found.
    f.raw()
        .execute(
            "DELETE FROM subscription_order WHERE order_id = (SELECT max(order_id) FROM subscription_order)",
            [],
        )
        .unwrap();
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(!report.is_intact(), "an order taken out of a subscription");
}

/// A Quebec venue: three shows (one dance), the first twice, prices before
/// GST and QST, the subscriber tariff offered.
fn quebec(t: &mut Terminal) -> Vec<i64> {
    use common::season;
    use guichet::domain::venue::{Country, VenueSettings};
    let venue = VenueSettings {
        gst_number: "123456789 RT0001".into(),
        qst_number: "1234567890 TQ0001".into(),
        ..VenueSettings::for_country("Théâtre du Plateau", Country::Quebec)
    };
    let day = |d: i64| {
        (now() + chrono::Duration::days(d))
            .with_timezone(&chrono_tz::America::Toronto)
            .date_naive()
    };
    let rows = season::rows(2);
    let perf = |id: &str, show: &str, d: i64, plein: i64| {
        season::performance(
            (id, show, "h1"),
            (
                format!("{}T20:00:00-05:00", day(d)),
                format!("{}T22:00:00-05:00", day(d)),
            ),
            "0",
            ("Parterre", &rows),
            &[("PLEIN", plein), ("ABONNE", plein * 4 / 5)],
        )
    };
    let s = season::season(
        "America/Toronto",
        &[("PLEIN", "Régulier", false), ("ABONNE", "Abonné", false)],
        vec![season::numbered_hall(
            "h1",
            "Salle Molson",
            season::seats("Parterre", &rows, 10),
        )],
        vec![
            season::show("s1", "Les Belles-sœurs", "theatre", "none", "0", 120),
            season::show("s2", "Ballet", "dance", "none", "0", 120),
            season::show("s3", "Quatuor", "music", "none", "0", 120),
        ],
        vec![
            perf("p1", "s1", 1, 4_000),
            perf("p2", "s2", 2, 3_500),
            perf("p3", "s3", 3, 3_000),
            perf("p4", "s1", 4, 4_000),
        ],
    );
    season::venue_with_season(t, venue, &s, now());
    let mut ids: Vec<(i64, chrono::DateTime<chrono::Utc>)> =
        guichet::programming::upcoming(&t.store, now(), 10)
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.starts_at))
            .collect();
    ids.sort_by_key(|(_, at)| *at);
    ids.into_iter().map(|(id, _)| id).collect()
}

#[test]
fn a_quebec_subscription_is_taxed_once_and_exchanged_without_money() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let p = quebec(&mut t);
    let op = common::system(&t);
    let draft = FormulaDraft {
        name: "Trois".into(),
        rule: Rule::Choice {
            min: 3,
            max: 6,
            shows: Vec::new(),
            per_genre: [("dance".to_owned(), 1)].into_iter().collect(),
        },
        tariff: "ABONNE".into(),
        prices: vec![("ABONNE".into(), String::new(), Cents(9_000))],
    };
    let formula = add_formula(&mut t.store, &common::by(&t.signer, &op), &draft).unwrap();
    // 90,00 $ before taxes, shared over 40, 35 and 30 $ (105 $): 34,29,
    // 30,00, 25,71; then GST 5 % (4,50 $) and QST 9,975 % (8,98 $): 103,48 $.
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: vec![p[0], p[1], p[2]],
        places: 1,
        together: true,
        patron_id: None,
        tenders: cash(10_348),
    };
    let done = sell(&mut t, &sale).unwrap();
    assert_eq!(
        done.shares,
        vec![
            (p[0], Cents(3_429)),
            (p[1], Cents(3_000)),
            (p[2], Cents(2_571))
        ]
    );
    assert_eq!(done.sold.total, Cents(10_348));
    let by = common::system(&t);
    let swapped = subscriptions::exchange(
        &mut t.store,
        &t.signer,
        &by,
        &done.public_id,
        (p[0], p[3]),
        now(),
    )
    .unwrap();
    assert!(swapped.same_seats);
    assert!(swapped.credit.is_none(), "no money moves");
    // Refunded whole: both orders, what was paid.
    let back = subscriptions::refund(
        &mut t.store,
        &t.signer,
        &by,
        &done.public_id,
        Method::Cash,
        now(),
    )
    .unwrap();
    assert_eq!(back.len(), 2);
    let paid_back: Cents = back.iter().map(|r| -r.amount).sum();
    assert_eq!(paid_back, Cents(10_348));
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[test]
fn a_moved_performance_s_tickets_stay_the_subscription_s() {
    let (f, mut t) = Fixture::demo();
    let formula = three_to_six(&mut t);
    let (cyrano, misanthrope, sacre) = (
        first_of(&t, "Cyrano de Bergerac"),
        first_of(&t, "Le Misanthrope"),
        first_of(&t, "Sacre"),
    );
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: vec![cyrano, misanthrope, sacre],
        places: 1,
        together: true,
        patron_id: None,
        tenders: cash(9_600),
    };
    let done = sell(&mut t, &sale).unwrap();
    let by = common::system(&t);
    let starts = guichet::programming::performances::get(&t.store, sacre)
        .unwrap()
        .starts_at;
    guichet::counter::change::move_performance(
        &mut t.store,
        &t.signer,
        &by,
        sacre,
        starts - chrono::Duration::hours(9),
        now(),
    )
    .unwrap();
    let listed = subscriptions::list(&t.store, None).unwrap();
    assert_eq!(listed[0].tickets, 3, "the moved ticket is still its own");
    assert_eq!(
        common::count(&f.raw(), "subscription_order"),
        2,
        "the move's order holds it"
    );
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    // Refunded whole, both orders at once.
    let back = subscriptions::refund(
        &mut t.store,
        &t.signer,
        &by,
        &done.public_id,
        Method::Cash,
        now(),
    )
    .unwrap();
    assert_eq!(back.iter().map(|r| -r.amount).sum::<Cents>(), Cents(9_600));
}

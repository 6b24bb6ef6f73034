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

/// A festival under a big top in Paris: a brass band, a circus, the band
/// again on three evenings in a row from tomorrow, the circus again on the
/// fourth (and, with `matinee`, the circus at 17:00 on the second day); a
/// general-admission hall of 100.
fn festival(t: &mut Terminal, matinee: bool) -> (Vec<i64>, Vec<chrono::NaiveDate>) {
    use common::season;
    use guichet::domain::venue::{Country, VenueSettings};
    let zone = chrono_tz::Europe::Paris;
    let days: Vec<chrono::NaiveDate> = (1..=4)
        .map(|d| {
            (now() + chrono::Duration::days(d))
                .with_timezone(&zone)
                .date_naive()
        })
        .collect();
    let perf = |id: &str, show: &str, d: usize, plein: i64| {
        let hour = if id == "p0" { 17 } else { 20 };
        season::performance(
            (id, show, "h1"),
            (
                format!("{}T{hour}:00:00+01:00", days[d]),
                format!("{}T{}:00:00+01:00", days[d], hour + 2),
            ),
            "5.5",
            ("Placement libre", &[]),
            &[("PLEIN", plein), ("PASS", plein)],
        )
    };
    let s = season::season(
        "Europe/Paris",
        &[
            ("PLEIN", "Plein tarif", false),
            ("PASS", "Pass festival", false),
        ],
        vec![season::general_hall("h1", "Chapiteau", 100)],
        vec![
            season::show("s1", "Fanfare", "music", "CNM", "5.5", 120),
            season::show("s2", "Cirque", "circus", "none", "5.5", 120),
        ],
        [
            perf("p1", "s1", 0, 2_000),
            perf("p2", "s2", 1, 2_500),
            perf("p3", "s1", 2, 2_000),
            perf("p4", "s2", 3, 2_500),
        ]
        .into_iter()
        .chain(matinee.then(|| perf("p0", "s2", 1, 1_500)))
        .collect(),
    );
    let venue = VenueSettings::for_country("Festival du Chapiteau", Country::France);
    season::venue_with_season(t, venue, &s, now());
    let mut ids: Vec<(i64, chrono::DateTime<chrono::Utc>)> =
        guichet::programming::upcoming(&t.store, now(), 10)
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p.starts_at))
            .collect();
    ids.sort_by_key(|(_, at)| *at);
    (ids.into_iter().map(|(id, _)| id).collect(), days)
}

fn pass_formula(
    t: &mut Terminal,
    (from, until): (chrono::NaiveDate, chrono::NaiveDate),
) -> Result<Formula, guichet::programming::ProgrammingError> {
    let op = common::system(t);
    let draft = FormulaDraft {
        name: "Pass 3 jours".into(),
        rule: Rule::Pass {
            from,
            until,
            shows: Vec::new(),
        },
        tariff: "PASS".into(),
        prices: vec![("PASS".into(), String::new(), Cents(5_000))],
    };
    add_formula(&mut t.store, &common::by(&t.signer, &op), &draft)
}

#[test]
fn a_pass_enters_three_times_in_its_period_and_is_refused_after() {
    use guichet::door::{self, Refusal, Scope, Verdict};
    let f = Fixture::new();
    let mut t = f.terminal();
    let (p, days) = festival(&mut t, false);
    // A year and a day, or a last day before the first: refused.
    let long = pass_formula(&mut t, (days[0], days[0] + chrono::Duration::days(366)));
    assert!(long.is_err());
    assert!(pass_formula(&mut t, (days[2], days[0])).is_err());
    let formula = pass_formula(&mut t, (days[0], days[2])).unwrap();
    // The pass takes the three evenings of its days, not the fourth.
    let taken = subscriptions::taken_at_once(&t.store, &formula, now()).unwrap();
    assert_eq!(taken, p[..3].to_vec());
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: taken.clone(),
        places: 2,
        together: false,
        patron_id: None,
        tenders: cash(10_000),
    };
    // Its performances must be all of them.
    let short = SubscriptionSale {
        performances: p[..2].to_vec(),
        ..sale.clone()
    };
    let before = f.rows();
    assert!(matches!(
        sell(&mut t, &short),
        Err(CounterError::Subscription(SubscriptionError::Rule(
            RuleError::Missing(_)
        )))
    ));
    assert_eq!(f.rows(), before, "nothing written");
    let done = sell(&mut t, &sale).unwrap();
    // By hand: 50,00 € over 20, 25 and 20 € (65 €): 15,384… → 15,38,
    // 19,230… → 19,23, 15,38; the cent left to the largest remainder (the
    // first of the two ,846): 15,39 + 19,23 + 15,38 = 50,00.
    assert_eq!(
        done.shares,
        vec![
            (p[0], Cents(1_539)),
            (p[1], Cents(1_923)),
            (p[2], Cents(1_538))
        ]
    );
    assert_eq!(done.sold.total, Cents(10_000), "two passes");
    let pass = done.pass.clone().expect("a pass's cards");
    assert_eq!(pass.codes.len(), 2, "a card for each place");
    assert_eq!(pass.valid, (days[0], days[2]));
    assert_eq!((pass.price, pass.performances), (Cents(5_000), 3));
    let path =
        guichet::counter::printed::make_pass_cards(&t.store, &f.db, (&pass, true), now()).unwrap();
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    // Lost, printed again: the same codes.
    let again = subscriptions::pass_cards(&t.store, &t.signer, &done.public_id).unwrap();
    assert_eq!(again, pass);

    let by = common::system(&t);
    let evening = |d: usize| {
        days[d]
            .and_hms_opt(19, 30, 0)
            .unwrap()
            .and_local_timezone(chrono_tz::Europe::Paris)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let scan = |t: &mut Terminal, scope, card: &str, at| {
        door::scan(&mut t.store, scope, "Entrée", &by, card, at).unwrap()
    };
    let (one, two) = (&pass.codes[0], &pass.codes[1]);
    // Three evenings, three entries: at the first evening's door, then at
    // the evening's door (whatever plays tonight).
    let first = scan(&mut t, Scope::Performance(p[0]), one, evening(0));
    assert_eq!(first.verdict, Verdict::Admitted { reentry: false });
    assert_eq!(first.holder.as_ref().unwrap().performance_id, p[0]);
    assert_eq!(first.holder.as_ref().unwrap().tariff_code, "PASS");
    assert_eq!(
        first.holder.as_ref().unwrap().pass.as_deref(),
        Some("Pass 3 jours"),
        "the steward is told it is a pass"
    );
    // The same card again that evening: already in; the second card is the
    // second place.
    let again = scan(
        &mut t,
        Scope::Performance(p[0]),
        one,
        evening(0) + chrono::Duration::minutes(5),
    );
    assert!(matches!(
        again.verdict,
        Verdict::Refused(Refusal::AlreadyEntered { .. })
    ));
    let second = scan(&mut t, Scope::Performance(p[0]), two, evening(0));
    assert!(second.admitted());
    assert_ne!(second.holder.unwrap().number, first.holder.unwrap().number);
    for d in [1, 2] {
        let entry = scan(&mut t, Scope::Today, one, evening(d));
        assert!(entry.admitted(), "evening {d}: {:?}", entry.verdict);
        assert_eq!(entry.holder.unwrap().performance_id, p[d]);
    }
    // The fourth evening is past its days: refused, saying them.
    let after = Verdict::Refused(Refusal::PassNotHere {
        from: days[0],
        until: days[2],
    });
    assert_eq!(scan(&mut t, Scope::Today, one, evening(3)).verdict, after);
    assert_eq!(
        scan(&mut t, Scope::Performance(p[3]), one, evening(3)).verdict,
        after
    );
    let words = guichet::ui::i18n::door::refusal(
        &Refusal::PassNotHere {
            from: days[0],
            until: days[2],
        },
        guichet::domain::Locale::FrFr,
        chrono_tz::Europe::Paris,
        evening(3),
    );
    assert!(words.starts_with("pass valable du "), "{words}");
    // A card altered by one character is forged.
    let mut forged = one.clone().into_bytes();
    forged[40] = if forged[40] == b'Q' { b'R' } else { b'Q' };
    let forged = String::from_utf8(forged).unwrap();
    assert!(matches!(
        scan(&mut t, Scope::Today, &forged, evening(2)).verdict,
        Verdict::Refused(Refusal::Forged | Refusal::Damaged)
    ));
    // A pass holds every evening of its days: it is not exchanged.
    let by = common::system(&t);
    assert!(matches!(
        subscriptions::exchange(
            &mut t.store,
            &t.signer,
            &by,
            &done.public_id,
            (p[2], p[3]),
            now()
        ),
        Err(CounterError::Subscription(SubscriptionError::PassExchange))
    ));
    // Refunded whole, the second card no longer enters on the third evening.
    subscriptions::refund(
        &mut t.store,
        &t.signer,
        &by,
        &done.public_id,
        Method::Cash,
        now(),
    )
    .unwrap();
    assert!(matches!(
        door::scan(&mut t.store, Scope::Today, "Entrée", &by, two, evening(2))
            .unwrap()
            .verdict,
        Verdict::Refused(Refusal::Cancelled { .. })
    ));
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    // A pass whose days are over is no longer sold, nothing written.
    let yesterday = (now() - chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let gone = pass_formula(&mut t, (yesterday, yesterday)).unwrap();
    assert!(matches!(
        subscriptions::taken_at_once(&t.store, &gone, now()),
        Err(CounterError::Subscription(SubscriptionError::PassEmpty))
    ));
}

#[test]
fn the_command_line_sells_a_pass_and_the_door_admits_its_card() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let (p, days) = festival(&mut t, false);
    drop(t);
    let db = f.db.to_str().unwrap();
    let run = |at: chrono::DateTime<chrono::Utc>, args: &[&str]| {
        common::command(db, args)
            .env("GUICHET_OPERATOR", common::ADMIN.0)
            .env("GUICHET_PIN", common::ADMIN.1)
            .env(guichet::terminal::CLOCK_ENV, at.to_rfc3339())
            .output()
            .expect("guichet runs")
    };
    let period = format!("{}..{}", days[0], days[2]);
    let out = run(
        now(),
        &[
            "subscriptions",
            "formula",
            "--name",
            "Pass 3 jours",
            "--pass",
            &period,
            "--tariff",
            "PASS",
            "--price",
            "PASS:5000",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let formula: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(formula["kind"], "pass");
    assert_eq!(formula["rule"]["from"], days[0].to_string());
    let bad = run(
        now(),
        &[
            "subscriptions",
            "formula",
            "--name",
            "x",
            "--pass",
            "juillet",
            "--price",
            "PASS:1",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    let out = run(
        now(),
        &[
            "subscriptions",
            "sell",
            "--formula",
            "1",
            "--pay",
            "cash:5000",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let sold: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sold["shares"].as_array().unwrap().len(), 3);
    assert_eq!(sold["valid"]["until"], days[2].to_string());
    assert!(sold["pdf"].as_str().unwrap().contains("pass-"));
    let card = sold["cards"][0].as_str().unwrap().to_owned();
    let evening = |d: usize| {
        days[d]
            .and_hms_opt(19, 45, 0)
            .unwrap()
            .and_local_timezone(chrono_tz::Europe::Paris)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let second = p[1].to_string();
    let out = run(
        evening(1),
        &["scan", "--performance", &second, &card, "--json"],
    );
    assert!(out.status.success(), "{out:?}");
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["ticket"]["performance"], p[1]);
    assert_eq!(answer["ticket"]["pass"], "Pass 3 jours");
    let out = run(evening(3), &["scan", &card, "--json"]);
    assert_eq!(out.status.code(), Some(1), "refused after its days");
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        answer["reason"]
            .as_str()
            .unwrap()
            .starts_with("pass valid from")
    );
    let subscription = sold["subscription"].as_str().unwrap();
    let out = run(now(), &["subscriptions", "cards", subscription, "--json"]);
    assert!(out.status.success(), "{out:?}");
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["cards"][0], card.as_str());
    assert!(run(now(), &["verify"]).status.success());
}

#[test]
fn a_pass_at_an_evening_door_enters_the_performance_it_comes_for() {
    use guichet::door::{self, Scope, Verdict};
    let f = Fixture::new();
    let mut t = f.terminal();
    let (p, days) = festival(&mut t, true);
    // The evenings and, on the second day, the circus at 17:00 first.
    let (evening1, matinee, evening2) = (p[0], p[1], p[2]);
    let formula = pass_formula(&mut t, (days[0], days[2])).unwrap();
    let taken = subscriptions::taken_at_once(&t.store, &formula, now()).unwrap();
    assert_eq!(taken, p[..4].to_vec());
    assert_ne!(evening1, matinee);
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: taken,
        places: 1,
        together: false,
        patron_id: None,
        tenders: cash(5_000),
    };
    let done = sell(&mut t, &sale).unwrap();
    let card = &done.pass.as_ref().unwrap().codes[0];
    let by = common::system(&t);
    let at = |h: u32, m: u32| {
        days[1]
            .and_hms_opt(h, m, 0)
            .unwrap()
            .and_local_timezone(chrono_tz::Europe::Paris)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let scan = |t: &mut Terminal, when| {
        door::scan(&mut t.store, Scope::Today, "Entrée", &by, card, when).unwrap()
    };
    // 16:30: only the matinee's doors are open.
    let first = scan(&mut t, at(16, 30));
    assert_eq!(first.holder.unwrap().performance_id, matinee);
    // 18:30: both doors are open; the matinee's ticket is in, so the card
    // comes for the evening.
    let second = scan(&mut t, at(18, 30));
    assert_eq!(second.verdict, Verdict::Admitted { reentry: false });
    assert_eq!(second.holder.unwrap().performance_id, evening2);
    // Both in: a third scan is refused, not admitted again.
    assert!(!scan(&mut t, at(18, 40)).admitted());
}

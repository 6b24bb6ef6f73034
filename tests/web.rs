//! The web shop on a real PostgreSQL (a throw-away cluster each test
//! starts): a terminal of its own reserves baskets under the shop's payment
//! reference and confirms them paid, each idempotent on the reference; a
//! basket given up goes back at once; a payment arriving after its basket
//! went back takes its seats again where still free, and a seat sold
//! meanwhile is one `web_seat_taken` conflict. Bad input is refused with
//! what is wrong, and writes nothing.

mod common;

use common::pg::Cluster;
use common::{Fixture, next_in, now};
use guichet::central::{self, CentralError, TerminalKind, push, web};
use guichet::exchange::imports::Buyer;
use guichet::ledger;
use guichet::store::central::places_of;
use guichet::terminal::Terminal;

struct Shop {
    _cluster: Cluster,
    url: String,
    _fa: Fixture,
    a: Terminal,
    fw: Fixture,
    w: Terminal,
    /// The performance: its id at the shop, its public id.
    performance: i64,
    public_id: String,
}

fn shop(test: &str) -> Option<Shop> {
    let (cluster, url, fa, a) = common::central_demo(test)?;
    let (at_counter, _) = next_in(&a, "Grande salle");
    let public_id: String = fa
        .raw()
        .query_row(
            "SELECT public_id FROM performance WHERE id = ?1",
            [at_counter],
            |r| r.get(0),
        )
        .unwrap();
    let (fw, mut w) = Fixture::bare_venue();
    common::join(&mut w, &url, TerminalKind::Web);
    let performance = fw
        .raw()
        .query_row(
            "SELECT id FROM performance WHERE public_id = ?1",
            [&public_id],
            |r| r.get(0),
        )
        .unwrap();
    Some(Shop {
        _cluster: cluster,
        url,
        _fa: fa,
        a,
        fw,
        w,
        performance,
        public_id,
    })
}

fn reserve(s: &mut Shop, reference: &str, seats: u32) -> Result<web::Reserved, CentralError> {
    let by = common::system(&s.w);
    let basket = (reference, s.performance);
    web::reserve(
        &mut s.w.store,
        &s.w.signer,
        &by,
        basket,
        (seats, 0),
        15,
        now(),
    )
}

fn confirm(s: &mut Shop, reference: &str) -> Result<web::Paid, CentralError> {
    let by = common::system(&s.w);
    let buyer = Buyer {
        first_name: "Ana".into(),
        last_name: "Lopes".into(),
        email: "ana.lopes@example.org".into(),
        ..Buyer::default()
    };
    web::confirm(
        &mut s.w.store,
        &s.w.signer,
        &by,
        (reference, "PLEIN"),
        &buyer,
        now(),
    )
}

fn lent(s: &Shop) -> i64 {
    let mut c = central::connect_terminal(&s.a.store).unwrap();
    places_of(&mut c, &s.public_id).unwrap().unwrap().lent
}

fn valid_tickets(f: &Fixture) -> i64 {
    f.raw()
        .query_row(
            "SELECT count(*) FROM ticket WHERE status = 'valid'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_basket_reserved_and_paid_twice_is_one_order_and_one_given_up_goes_back() {
    let Some(mut s) = shop("a_basket_reserved_and_paid_twice") else {
        return;
    };
    let first = reserve(&mut s, "PAY-0001", 3).unwrap();
    assert_eq!((first.seats.len(), first.state.as_str()), (3, "reserved"));
    // Asked again (a retry): the same seats, nothing more lent.
    let again = reserve(&mut s, "PAY-0001", 3).unwrap();
    assert_eq!(again.seats, first.seats);
    assert_eq!(lent(&s), 3);

    let paid = confirm(&mut s, "PAY-0001").unwrap();
    assert_eq!((paid.tickets, paid.already), (3, false), "{paid:?}");
    // The payment notification sent again: the same order, no new ticket.
    let twice = confirm(&mut s, "PAY-0001").unwrap();
    assert_eq!((twice.tickets, twice.already), (3, true), "{twice:?}");
    assert_eq!(valid_tickets(&s.fw), 3);
    // Paid online, on the web channel.
    let (channel, method): (String, String) =
        s.fw.raw()
            .query_row(
                "SELECT o.channel, p.method FROM sale_order o JOIN payment p ON p.order_id = o.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
    assert_eq!((channel.as_str(), method.as_str()), ("web", "online"));
    // Pushed, its tickets are the central side's too.
    push::push(&s.w.store, &s.w.signer).unwrap();
    let mut c = central::connect_terminal(&s.a.store).unwrap();
    let there = places_of(&mut c, &s.public_id).unwrap().unwrap();
    assert_eq!((there.sold, there.lent), (3, 0), "{there:?}");

    // A basket given up goes back at once; a paid one is not released.
    reserve(&mut s, "PAY-0002", 2).unwrap();
    assert_eq!(lent(&s), 2);
    let by = common::system(&s.w);
    web::release(&mut s.w.store, &s.w.signer, &by, "PAY-0002", now()).unwrap();
    assert_eq!(lent(&s), 0);
    let paid_release = web::release(&mut s.w.store, &s.w.signer, &by, "PAY-0001", now());
    assert!(
        matches!(&paid_release, Err(CentralError::Refused(m)) if m.contains("refund")),
        "{paid_release:?}"
    );
    let report = ledger::verify::verify(&s.w.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
    let chains = central::verify::verify(&s.url, None).unwrap();
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
}

#[test]
fn a_payment_after_its_basket_went_back_takes_what_is_still_free_and_the_rest_is_one_conflict() {
    let Some(mut s) = shop("a_payment_after_its_basket_went_back") else {
        return;
    };
    let late = reserve(&mut s, "PAY-LATE", 2).unwrap();
    // Its time passes unpaid...
    let mut owner = postgres::Client::connect(&s.url, postgres::NoTls).unwrap();
    owner
        .execute(
            "UPDATE guichet.web_order SET expires_at = now() - interval '1 minute'
             WHERE reference = 'PAY-LATE'",
            &[],
        )
        .unwrap();
    // ...and the next buyer gets its best seat.
    let next = reserve(&mut s, "PAY-NEXT", 1).unwrap();
    assert!(late.seats.contains(&next.seats[0]), "{late:?} {next:?}");
    confirm(&mut s, "PAY-NEXT").unwrap();

    let paid = confirm(&mut s, "PAY-LATE").unwrap();
    assert_eq!(paid.taken_seats, next.seats, "{paid:?}");
    assert_eq!(paid.tickets, 1);
    assert_eq!(valid_tickets(&s.fw), 2);
    let conflicts = central::conflicts::list(&s.a.store).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, "web_seat_taken");
    assert!(conflicts[0].detail.contains(&next.seats[0]));
    // Confirmed again: the same answer, no second conflict.
    let again = confirm(&mut s, "PAY-LATE").unwrap();
    assert!(again.already, "{again:?}");
    assert_eq!(central::conflicts::list(&s.a.store).unwrap().len(), 1);
}

#[test]
fn bad_baskets_are_refused_with_what_is_wrong_and_write_nothing() {
    let Some(mut s) = shop("bad_baskets_are_refused") else {
        return;
    };
    let ledger_len = |f: &Fixture| -> i64 {
        f.raw()
            .query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))
            .unwrap()
    };
    let before = ledger_len(&s.fw);
    let by = common::system(&s.w);
    let p = s.performance;
    let mut try_reserve = |reference: &str, seats: u32, minutes: u32| {
        web::reserve(
            &mut s.w.store,
            &s.w.signer,
            &by,
            (reference, p),
            (seats, 0),
            minutes,
            now(),
        )
    };
    assert!(matches!(
        try_reserve("PAY 1", 2, 15),
        Err(CentralError::Reference)
    ));
    assert!(matches!(
        try_reserve("", 2, 15),
        Err(CentralError::Reference)
    ));
    assert!(matches!(
        try_reserve("PAY-1", 51, 15),
        Err(CentralError::Basket(50))
    ));
    assert!(matches!(
        try_reserve("PAY-1", 0, 15),
        Err(CentralError::Basket(50))
    ));
    assert!(matches!(
        try_reserve("PAY-1", 2, 0),
        Err(CentralError::BasketMinutes(120))
    ));
    assert!(matches!(
        try_reserve("PAY-1", 2, 121),
        Err(CentralError::BasketMinutes(120))
    ));
    let unknown = confirm(&mut s, "PAY-NEVER");
    assert!(
        matches!(&unknown, Err(CentralError::Refused(m)) if m.contains("no basket")),
        "{unknown:?}"
    );
    assert_eq!(ledger_len(&s.fw), before, "nothing written");
    assert_eq!(lent(&s), 0, "nothing lent");
}

#[test]
fn what_would_stop_an_order_landing_is_refused_before_the_payment_is_confirmed() {
    let Some(mut s) = shop("what_would_stop_an_order_landing") else {
        return;
    };
    reserve(&mut s, "PAY-A", 2).unwrap();
    // A clerk may sell but not land an outside order: refused before the
    // central side confirms anything.
    let admin = common::system(&s.w);
    let clerk = guichet::operators::Operator {
        role: guichet::domain::Role::Clerk,
        ..admin.clone()
    };
    let buyer = Buyer::default();
    let by_clerk = web::confirm(
        &mut s.w.store,
        &s.w.signer,
        &clerk,
        ("PAY-A", "PLEIN"),
        &buyer,
        now(),
    );
    assert!(
        matches!(by_clerk, Err(CentralError::NotAllowed(_))),
        "{by_clerk:?}"
    );
    let unknown = web::confirm(
        &mut s.w.store,
        &s.w.signer,
        &admin,
        ("PAY-A", "NOPE"),
        &buyer,
        now(),
    );
    assert!(matches!(unknown, Err(CentralError::Web(_))), "{unknown:?}");
    let mut owner = postgres::Client::connect(&s.url, postgres::NoTls).unwrap();
    let state: String = owner
        .query_one(
            "SELECT state FROM guichet.web_order WHERE reference = 'PAY-A'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(state, "reserved", "nothing confirmed");
    // The same reference for another basket: refused.
    assert!(
        matches!(reserve(&mut s, "PAY-A", 3), Err(CentralError::Refused(m)) if m.contains("another basket"))
    );
    // Confirmed, then confirmed again a day later: the same order.
    confirm(&mut s, "PAY-A").unwrap();
    let later = now() + chrono::Duration::days(1);
    let buyer = Buyer {
        first_name: "Ana".into(),
        last_name: "Lopes".into(),
        email: "ana.lopes@example.org".into(),
        ..Buyer::default()
    };
    let again = web::confirm(
        &mut s.w.store,
        &s.w.signer,
        &admin,
        ("PAY-A", "PLEIN"),
        &buyer,
        later,
    )
    .unwrap();
    assert!(again.already, "{again:?}");
    assert_eq!(valid_tickets(&s.fw), 2);
}

#[test]
fn a_basket_left_unpaid_goes_back_when_any_terminal_borrows() {
    let Some(mut s) = shop("a_basket_left_unpaid_goes_back") else {
        return;
    };
    reserve(&mut s, "PAY-GONE", 2).unwrap();
    assert_eq!(lent(&s), 2);
    let mut owner = postgres::Client::connect(&s.url, postgres::NoTls).unwrap();
    owner
        .execute(
            "UPDATE guichet.web_order SET expires_at = now() - interval '1 minute'",
            &[],
        )
        .unwrap();
    // The shop says nothing more; a counter borrows: the basket is swept.
    let by = common::system(&s.a);
    let (hall, _) = next_in(&s.a, "Grande salle");
    central::contingents::lend(&mut s.a.store, &s.a.signer, &by, hall, (1, 0), now()).unwrap();
    assert_eq!(lent(&s), 1, "only the counter's seat is lent now");
    let state: String = owner
        .query_one(
            "SELECT state FROM guichet.web_order WHERE reference = 'PAY-GONE'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(state, "released");
}

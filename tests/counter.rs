//! Selling at the counter on a real database: the sale as one transaction,
//! every refusal writing nothing, baskets holding seats, races between
//! counters, cancellations, refunds and duplicatas.

mod common;

use chrono::Duration;
use common::{Fixture, clock, count, next_in, now, system};
use guichet::counter::orders;
use guichet::counter::{self, CounterError, Item, Place, SaleRequest, cart, offer};
use guichet::domain::payment::{Method, Tender};
use guichet::domain::{Cents, Locale};
use guichet::ledger::verify;
use guichet::programming;
use guichet::terminal::Terminal;
use guichet::tickets::code;

/// The first performance not yet over in a hall of the demo.
fn tariff(t: &Terminal, performance: i64, code: &str) -> i64 {
    offer::load(&t.store, performance, None, now())
        .unwrap()
        .tariff(code)
        .unwrap_or_else(|| panic!("tariff {code}"))
        .tariff
        .id
}

fn seat(t: &Terminal, performance: i64, label: &str) -> i64 {
    offer::load(&t.store, performance, None, now())
        .unwrap()
        .find_seat(label)
        .unwrap()
}

fn cash(cents: i64) -> Vec<Tender> {
    vec![Tender {
        voucher: None,
        method: Method::Cash,
        amount: Cents(cents),
    }]
}

fn seats_request(
    t: &Terminal,
    performance: i64,
    labels: &[&str],
    code: &str,
    pay: i64,
) -> SaleRequest {
    let tariff = tariff(t, performance, code);
    SaleRequest {
        quoted: Vec::new(),
        items: labels
            .iter()
            .map(|l| Item {
                performance_id: performance,
                place: Place::Seat(seat(t, performance, l)),
                tariff_id: tariff,
            })
            .collect(),
        tenders: cash(pay),
        ..SaleRequest::default()
    }
}

fn sell(t: &mut Terminal, request: &SaleRequest) -> Result<counter::Sold, CounterError> {
    let by = system(t);
    counter::sell::sell(&mut t.store, &t.signer, &by, request, now())
}

fn sell_seats(
    t: &mut Terminal,
    performance: i64,
    labels: &[&str],
    code: &str,
    pay: i64,
) -> Result<counter::Sold, CounterError> {
    let request = seats_request(t, performance, labels, code, pay);
    sell(t, &request)
}

/// Runs a refused action and checks that not one row changed.
fn refused<T: std::fmt::Debug>(
    f: &Fixture,
    action: impl FnOnce() -> Result<T, CounterError>,
) -> CounterError {
    let before = f.rows();
    let e = action().expect_err("refused");
    assert_eq!(f.rows(), before, "a refusal wrote something: {e}");
    e
}

#[test]
fn a_seated_sale_writes_tickets_order_payments_and_a_signed_record_at_once() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let ledger_before = count(&f.raw(), "ledger");
    let sold = sell_seats(&mut t, p, &["F12", "F14"], "PLEIN", 10_000).unwrap();

    assert_eq!(sold.tickets.len(), 2);
    assert_eq!(sold.total, Cents(6_400));
    assert_eq!(sold.change, Cents(3_600));
    assert_eq!(sold.payments[0].amount, Cents(6_400));
    assert_eq!(sold.payments[0].tendered, Some(Cents(10_000)));
    let c = f.raw();
    assert_eq!(count(&c, "ticket"), 2);
    assert_eq!(count(&c, "sale_order"), 1);
    assert_eq!(count(&c, "payment"), 1);
    assert_eq!(count(&c, "ledger"), ledger_before + 1);
    let body: String = c
        .query_row("SELECT body FROM ledger WHERE kind = 'sale'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["data"]["total"], 6_400);
    assert_eq!(body["data"]["receipt"], sold.number);
    assert_eq!(body["data"]["lines"][0]["quantity"], 2);
    assert_eq!(body["data"]["taxes"][0]["rate"], 5_500);
    assert_eq!(body["data"]["payments"][0]["tendered"], 10_000);
    assert_eq!(
        verify::verify(&t.store).unwrap().first_break,
        None,
        "the chain still verifies"
    );

    // The codes verify offline with the terminal's public key, and name
    // the performance and the seat.
    for tk in &sold.tickets {
        let claims = code::read(&tk.code)
            .unwrap()
            .verify(&t.signer.public_key())
            .unwrap();
        assert_eq!(claims.key_id_hex(), t.signer.key_id);
        assert_eq!(claims.performance as i64, p);
        assert_eq!(claims.number as i64, tk.number);
        assert!(matches!(claims.place, code::Place::Seat(_)));
    }
}

#[test]
fn ticket_and_order_numbers_have_no_gaps_even_after_refusals() {
    let (_f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    sell_seats(&mut t, p, &["I1", "I2"], "PLEIN", 6_400).unwrap();
    // Refused (short payment), then accepted.
    sell_seats(&mut t, p, &["J1"], "PLEIN", 100).unwrap_err();
    let third = sell_seats(&mut t, p, &["J1", "J2", "J3"], "PLEIN", 9_600).unwrap();
    assert_eq!(third.number, 2);
    let numbers: Vec<i64> = third.tickets.iter().map(|t| t.number).collect();
    assert_eq!(numbers, vec![3, 4, 5]);
}

#[test]
fn a_seat_is_sold_once_and_held_or_unknown_seats_are_refused() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    sell_seats(&mut t, p, &["F12"], "PLEIN", 3_200).unwrap();

    let again = seats_request(&t, p, &["F12"], "PLEIN", 3_200);
    let e = refused(&f, || sell(&mut t, &again));
    assert!(
        e.to_string().contains("F") && e.to_string().contains("already sold"),
        "{e}"
    );

    // A hold made by the coordinator.
    let held = seat(&t, p, "G10");
    let op = system(&t);
    programming::holds::create(
        &mut t.store,
        &common::by(&t.signer, &op),
        p,
        &programming::holds::HoldDraft {
            name: "Presse".into(),
            reason: "Première".into(),
            colour: "#8a1c2b".into(),
            seats: vec![held],
            quantity: 0,
        },
    )
    .unwrap();
    let request = seats_request(&t, p, &["G10"], "PLEIN", 3_200);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(
        matches!(&e, CounterError::SeatHeld { hold, .. } if hold == "Presse"),
        "{e}"
    );

    let mut request = seats_request(&t, p, &["G11"], "PLEIN", 3_200);
    request.items[0].place = Place::Seat(999_999);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::NoSuchSeat(999_999)), "{e}");

    let twice = seats_request(&t, p, &["G11", "G11"], "PLEIN", 6_400);
    let e = refused(&f, || sell(&mut t, &twice));
    assert!(matches!(e, CounterError::SeatTwice(_)), "{e}");

    // A quantity for a numbered hall.
    let mut request = seats_request(&t, p, &["G11"], "PLEIN", 3_200);
    request.items[0].place = Place::Unnumbered;
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::NeedsSeats(_)), "{e}");
}

#[test]
fn a_seat_in_another_basket_cannot_be_sold_until_it_expires() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let s = seat(&t, p, "H5");
    let theirs = cart::new_cart(now());
    cart::hold(&mut t.store, t.signer.terminal_id, &theirs, p, &[s], now()).unwrap();

    // Another clerk can neither take it into a basket nor sell it.
    let mine = cart::new_cart(now());
    let e = cart::hold(&mut t.store, t.signer.terminal_id, &mine, p, &[s], now()).unwrap_err();
    assert!(matches!(e, CounterError::SeatInAnotherCart(_)), "{e}");
    let request = seats_request(&t, p, &["H5"], "PLEIN", 3_200);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::SeatInAnotherCart(_)), "{e}");

    // Its own basket sells it, and the basket no longer holds it.
    let mut own = request.clone();
    own.cart = Some(theirs.clone());
    sell(&mut t, &own).unwrap();
    assert_eq!(count(&f.raw(), "cart_seat"), 0);

    // A basket left alone expires.
    let s2 = seat(&t, p, "H6");
    cart::hold(&mut t.store, t.signer.terminal_id, &theirs, p, &[s2], now()).unwrap();
    let later = now() + Duration::minutes(counter::CART_MINUTES + 1);
    cart::hold(&mut t.store, t.signer.terminal_id, &mine, p, &[s2], later).unwrap();

    // Releasing gives seats back at once.
    cart::release(&mut t.store, &mine, None).unwrap();
    cart::hold(&mut t.store, t.signer.terminal_id, &theirs, p, &[s2], later).unwrap();
}

#[test]
fn general_admission_stops_at_capacity() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Le Club").0;
    let plein = tariff(&t, p, "PLEIN");
    let offer = offer::load(&t.store, p, None, now()).unwrap();
    let capacity = offer.available();
    let unit = offer.tariff("PLEIN").unwrap().prices[&offer.categories[0].id].0;
    let request = |n: usize| SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: p,
                place: Place::Unnumbered,
                tariff_id: plein,
            };
            n
        ],
        tenders: cash(unit * n as i64),
        ..SaleRequest::default()
    };
    sell(&mut t, &request(capacity as usize - 1)).unwrap();
    let e = refused(&f, || sell(&mut t, &request(2)));
    assert!(
        matches!(
            e,
            CounterError::SoldOut {
                wanted: 2,
                left: 1,
                ..
            }
        ),
        "{e}"
    );
    sell(&mut t, &request(1)).unwrap();
    assert_eq!(
        offer::load(&t.store, p, None, now()).unwrap().available(),
        0
    );
    let mut seated = request(1);
    seated.items[0].place = Place::Seat(1);
    let e = refused(&f, || sell(&mut t, &seated));
    assert!(matches!(e, CounterError::NotNumbered(_)), "{e}");
}

#[test]
fn timed_entry_fills_slot_by_slot() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "La Galerie").0;
    let offer = offer::load(&t.store, p, None, now()).unwrap();
    let slot = &offer.slots[0];
    let plein = tariff(&t, p, "PLEIN");
    let unit = offer.tariff("PLEIN").unwrap().prices[&offer.categories[0].id].0;
    let request = |n: i64| SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: p,
                place: Place::Slot(slot.id),
                tariff_id: plein,
            };
            n as usize
        ],
        tenders: cash(unit * n),
        ..SaleRequest::default()
    };
    sell(&mut t, &request(slot.capacity)).unwrap();
    let e = refused(&f, || sell(&mut t, &request(1)));
    assert!(matches!(e, CounterError::SlotFull { left: 0, .. }), "{e}");
    let mut no_slot = request(1);
    no_slot.items[0].place = Place::Unnumbered;
    let e = refused(&f, || sell(&mut t, &no_slot));
    assert!(matches!(e, CounterError::NeedsSlot(_)), "{e}");
}

#[test]
fn closed_cancelled_and_not_yet_open_performances_sell_nothing() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let request = seats_request(&t, p, &["F12"], "PLEIN", 3_200);
    let op = system(&t);
    let set_status = |t: &mut Terminal, status| {
        let perf = programming::performances::get(&t.store, p).unwrap();
        let mut changes = programming::performances::Changes::of(&perf);
        changes.status = status;
        let by = common::by(&t.signer, &op);
        programming::performances::update(&mut t.store, &by, p, &changes).unwrap();
    };
    use guichet::domain::season::PerformanceStatus;
    set_status(&mut t, PerformanceStatus::Closed);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::Closed(_)), "{e}");
    set_status(&mut t, PerformanceStatus::Cancelled);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::Cancelled(_)), "{e}");
    set_status(&mut t, PerformanceStatus::OnSale);

    // After the performance has ended.
    let perf = programming::performances::get(&t.store, p).unwrap();
    let after = perf.ends_at + Duration::minutes(1);
    let e = counter::sell::sell(&mut t.store, &t.signer, &op, &request, after).unwrap_err();
    assert!(matches!(e, CounterError::SalesOver { .. }), "{e}");
    // Before its sales window opens.
    let mut changes = programming::performances::Changes::of(&perf);
    changes.sales_open_at = Some(perf.starts_at - Duration::hours(1));
    let by = common::by(&t.signer, &op);
    programming::performances::update(&mut t.store, &by, p, &changes).unwrap();
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::NotOpenYet { .. }), "{e}");
}

#[test]
fn payments_that_do_not_add_up_sell_nothing() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let mut request = seats_request(&t, p, &["F12", "F14"], "PLEIN", 6_000);
    let e = refused(&f, || sell(&mut t, &request));
    assert_eq!(
        e.to_string(),
        "the payments add up to €60.00, the order is €64.00: €4.00 missing"
    );
    request.tenders = vec![Tender {
        voucher: None,
        method: Method::Card,
        amount: Cents(7_000),
    }];
    let e = refused(&f, || sell(&mut t, &request));
    assert!(e.to_string().contains("only cash gives change"), "{e}");
    // Split: card for part, cash for the rest.
    request.tenders = vec![
        Tender {
            voucher: None,
            method: Method::Card,
            amount: Cents(4_000),
        },
        Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(2_400),
        },
    ];
    let sold = sell(&mut t, &request).unwrap();
    assert_eq!(sold.payments.len(), 2);
    assert_eq!(sold.change, Cents::ZERO);
}

#[test]
fn tariffs_must_be_offered_priced_and_within_quota() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let offer = offer::load(&t.store, p, None, now()).unwrap();
    let jeune = offer.tariff("JEUNE").expect("JEUNE offered");
    let quota = jeune.quota.expect("JEUNE has a quota") as usize;
    // Seats for quota + 1 young people, in rows that are free.
    let labels: Vec<String> = offer
        .seats
        .iter()
        .filter(|s| offer.seat_category.contains_key(&s.id) && s.flags.0 == 0)
        .take(quota + 1)
        .map(|s| format!("{} {} {}", s.section, s.row, s.number))
        .collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let request = seats_request(&t, p, &refs, "JEUNE", 1_000_000);
    let e = refused(&f, || sell(&mut t, &request));
    assert!(
        matches!(e, CounterError::OverQuota { quota: q, wanted, .. } if q as usize == quota && wanted as usize == quota + 1),
        "{e}"
    );
    // A tariff the performance does not offer.
    let op = system(&t);
    let by = common::by(&t.signer, &op);
    let other =
        programming::pricing::create_tariff(&mut t.store, &by, "GROUPE", "Groupe", false, false)
            .unwrap();
    let mut request = seats_request(&t, p, &["F12"], "PLEIN", 3_200);
    request.items[0].tariff_id = other.id;
    let e = refused(&f, || sell(&mut t, &request));
    assert!(matches!(e, CounterError::TariffNotOffered { .. }), "{e}");
}

#[test]
fn an_invitation_is_a_free_ticket_with_a_zero_payment() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let mut request = seats_request(&t, p, &["F12"], "EXONERE", 0);
    request.tenders = vec![];
    let sold = sell(&mut t, &request).unwrap();
    assert_eq!(sold.total, Cents::ZERO);
    assert_eq!(sold.tickets[0].price, Cents::ZERO);
    assert_eq!(sold.payments[0].method, Method::Complimentary);
    assert_eq!(count(&f.raw(), "ticket"), 1);
}

#[test]
fn best_available_picks_seats_side_by_side_and_skips_sold_ones() {
    let (_f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let offer = offer::load(&t.store, p, None, now()).unwrap();
    let first = offer.best(2).unwrap();
    let names: Vec<_> = first.iter().map(|id| offer.seat(*id).unwrap()).collect();
    assert_eq!(names[0].row, names[1].row, "same row");
    let plein = tariff(&t, p, "PLEIN");
    let request = SaleRequest {
        quoted: Vec::new(),
        items: first
            .iter()
            .map(|id| Item {
                performance_id: p,
                place: Place::Seat(*id),
                tariff_id: plein,
            })
            .collect(),
        tenders: cash(6_400),
        ..SaleRequest::default()
    };
    sell(&mut t, &request).unwrap();
    let next = offer::load(&t.store, p, None, now())
        .unwrap()
        .best(2)
        .unwrap();
    assert!(next.iter().all(|id| !first.contains(id)));
}

#[test]
fn two_counters_racing_for_the_same_seats_one_wins_the_other_is_told() {
    let (f, t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let request = seats_request(&t, p, &["J7", "J8"], "PLEIN", 6_400);
    drop(t);
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let db = f.db.clone();
            let request = request.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut t = Terminal::open(&db, clock()).unwrap();
                let by = system(&t);
                barrier.wait();
                counter::sell::sell(&mut t.store, &t.signer, &by, &request, now())
            })
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let wins = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(wins, 1, "exactly one counter sells: {outcomes:?}");
    let loser = outcomes.iter().find_map(|o| o.as_ref().err()).unwrap();
    assert!(matches!(loser, CounterError::SeatSold { .. }), "{loser}");
    let c = f.raw();
    assert_eq!(count(&c, "ticket"), 2);
    assert_eq!(count(&c, "sale_order"), 1);
    let t = f.terminal();
    assert_eq!(verify::verify(&t.store).unwrap().first_break, None,);
}

#[test]
fn cancelling_refunds_exactly_what_was_paid_and_frees_the_seats() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let sold = sell_seats(&mut t, p, &["I5", "I6", "I7"], "PLEIN", 9_600).unwrap();
    let by = system(&t);
    let numbers = [sold.tickets[1].number];
    let done = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &numbers,
        Method::Cash,
        now(),
    )
    .unwrap();
    assert_eq!(done.amount, Cents(-3_200));
    assert_eq!(done.tickets, numbers.to_vec());
    // The seat can be sold again; the other two stay sold.
    sell_seats(&mut t, p, &["I6"], "PLEIN", 3_200).unwrap();
    let e = refused(&f, || {
        let by = system(&t);
        guichet::counter::refunds::cancel(
            &mut t.store,
            &t.signer,
            &by,
            sold.order_id,
            &numbers,
            Method::Cash,
            now(),
        )
    });
    assert!(matches!(e, CounterError::AlreadyCancelled(_)), "{e}");
    // The rest of the order.
    let rest = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[],
        Method::Card,
        now(),
    )
    .unwrap();
    assert_eq!(rest.amount, Cents(-6_400));
    let view = orders::view(&t.store, sold.order_id).unwrap();
    assert_eq!(view.net_paid(), Cents::ZERO);
    assert!(view.tickets.iter().all(|t| !t.valid));
    // Records, never edits: two cancellation records with negative totals.
    let c = f.raw();
    let totals: Vec<i64> = c
        .prepare("SELECT json_extract(body, '$.data.total') FROM ledger WHERE kind = 'cancellation' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(totals, vec![-3_200, -6_400]);
    assert_eq!(verify::verify(&t.store).unwrap().first_break, None,);
}

#[test]
fn a_quebec_refund_gives_back_each_ticket_s_share_of_the_taxes() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = system(&t);
    common::quebec_season(&mut t);
    let p = next_in(&t, "Salle Molson").0;
    let sold = sell_seats(&mut t, p, &["A1", "A2", "A3"], "PLEIN", 20_000).unwrap();
    // 3 × 33.33 = 99.99; GST 5.00, QST 9.97 (9.974 half-up) → 114.96
    assert_eq!(sold.total, Cents(11_496));
    let prices: Vec<i64> = sold.tickets.iter().map(|t| t.price.0).collect();
    assert_eq!(prices.iter().sum::<i64>(), 11_496);
    let mut refunded = 0;
    for tk in &sold.tickets {
        let r = guichet::counter::refunds::cancel(
            &mut t.store,
            &t.signer,
            &by,
            sold.order_id,
            &[tk.number],
            Method::Cash,
            now(),
        )
        .unwrap();
        assert_eq!(r.amount, -tk.price);
        refunded += r.amount.0;
    }
    assert_eq!(refunded, -11_496);
}

#[test]
fn a_reprint_is_a_numbered_duplicata_with_the_same_code() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let sold = sell_seats(&mut t, p, &["J9"], "PLEIN", 3_200).unwrap();
    let by = system(&t);
    let n = sold.tickets[0].number;
    assert_eq!(
        orders::reprint(&mut t.store, &t.signer, &by, n, now())
            .unwrap()
            .duplicate,
        1
    );
    assert_eq!(
        orders::reprint(&mut t.store, &t.signer, &by, n, now())
            .unwrap()
            .duplicate,
        2
    );
    let view = orders::view(&t.store, sold.order_id).unwrap();
    assert_eq!(view.tickets[0].code, sold.tickets[0].code);
    assert_eq!(view.tickets[0].prints, 3);
    let reprints: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'reprint'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reprints, 2);
    // A cancelled ticket is not reprinted.
    guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[],
        Method::Cash,
        now(),
    )
    .unwrap();
    let e = refused(&f, || {
        orders::reprint(&mut t.store, &t.signer, &by, n, now())
    });
    assert!(matches!(e, CounterError::AlreadyCancelled(_)), "{e}");
    let e = refused(&f, || {
        orders::reprint(&mut t.store, &t.signer, &by, 9_999, now())
    });
    assert!(matches!(e, CounterError::NoTicket(_)), "{e}");
}

#[test]
fn orders_are_found_by_number_ticket_code_and_patron() {
    let (_f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let patron = common::patron(
        &mut t,
        "Camille",
        "Durand",
        "camille.durand@example.fr",
        "06 12 34 56 78",
    );
    let mut request = seats_request(&t, p, &["E1", "E2"], "PLEIN", 6_400);
    request.patron_id = Some(patron);
    let sold = sell(&mut t, &request).unwrap();
    let id = t.signer.terminal_id;
    let found = |text: &str| {
        orders::find(&t.store, id, text).map(|v| v.iter().map(|o| o.id).collect::<Vec<_>>())
    };
    assert_eq!(
        found(&sold.number.to_string()).unwrap(),
        vec![sold.order_id]
    );
    assert_eq!(
        found(&sold.tickets[1].number.to_string()).unwrap(),
        vec![sold.order_id]
    );
    assert_eq!(
        found(&sold.tickets[0].code.to_lowercase()).unwrap(),
        vec![sold.order_id]
    );
    // The same claims with another signature are not this ticket.
    let mut forged = sold.tickets[0].code.clone().into_bytes();
    forged[100] = if forged[100] == b'A' { b'B' } else { b'A' };
    assert!(matches!(
        found(&String::from_utf8(forged).unwrap()),
        Err(CounterError::NothingFound(_))
    ));
    assert_eq!(found("durand").unwrap(), vec![sold.order_id]);
    assert_eq!(found("Camille Durand").unwrap(), vec![sold.order_id]);
    assert_eq!(
        found("camille.durand@EXAMPLE.fr").unwrap(),
        vec![sold.order_id]
    );
    assert_eq!(found("0612345678").unwrap(), vec![sold.order_id]);
    let view = orders::view(&t.store, sold.order_id).unwrap();
    assert_eq!(view.patron.as_deref(), Some("Camille Durand"));
    assert_eq!(
        view.tickets[0].seat.as_ref().unwrap().label(Locale::FrFr),
        "Orchestre, rang E, 1"
    );
    assert!(matches!(
        found("nobody"),
        Err(CounterError::NothingFound(_))
    ));
    assert!(matches!(found(""), Err(CounterError::NothingFound(_))));
}

#[test]
fn seats_are_found_as_clerks_type_them() {
    let (_f, t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let offer = offer::load(&t.store, p, None, now()).unwrap();
    let f12 = offer.find_seat("F12").unwrap();
    for text in ["f 12", "F-12", "Orchestre F 12", "orchestre, rang F, 12"] {
        assert_eq!(offer.find_seat(text).unwrap(), f12, "{text}");
    }
    assert!(matches!(
        offer.find_seat("Z99"),
        Err(CounterError::UnknownSeat(_))
    ));
}

#[test]
fn a_patron_is_created_with_just_a_name_found_again_and_credited_with_the_order() {
    let (f, mut t) = Fixture::demo();
    use guichet::audience;
    let e = refused_audience(&f, || {
        audience::create_from_text(&mut t.store, "   ", now())
    });
    assert!(matches!(e, audience::AudienceError::NoName));
    let e = refused_audience(&f, || {
        audience::create_from_text(&mut t.store, "Jo bad@", now())
    });
    assert!(matches!(e, audience::AudienceError::Email(_)));
    let p =
        audience::create_from_text(&mut t.store, "Anne-Sophie de la Tour a.s@example.fr", now())
            .unwrap();
    assert_eq!(p.first_name, "Anne-Sophie de la");
    assert_eq!(p.last_name, "Tour");
    assert_eq!(p.email, "a.s@example.fr");
    for text in ["tour", "Anne", "a.s@exa"] {
        let hits = audience::search(&t.store, text, 5).unwrap();
        assert_eq!(hits.first().map(|h| h.id), Some(p.id), "{text}");
    }
    assert!(
        audience::search(&t.store, "t", 5).unwrap().is_empty(),
        "one letter finds nothing"
    );
    let perf = next_in(&t, "Grande salle").0;
    let mut request = seats_request(&t, perf, &["F12"], "PLEIN", 3_200);
    request.patron_id = Some(p.id);
    sell(&mut t, &request).unwrap();
    assert_eq!(audience::search(&t.store, "Tour", 5).unwrap()[0].orders, 1);
    let mut unknown = seats_request(&t, perf, &["F14"], "PLEIN", 3_200);
    unknown.patron_id = Some(99_999);
    let e = refused(&f, || sell(&mut t, &unknown));
    assert!(matches!(e, CounterError::NoPatron(99_999)), "{e}");
}

fn refused_audience<T: std::fmt::Debug>(
    f: &Fixture,
    action: impl FnOnce() -> Result<T, guichet::audience::AudienceError>,
) -> guichet::audience::AudienceError {
    let before = f.rows();
    let e = action().expect_err("refused");
    assert_eq!(f.rows(), before, "a refusal wrote something: {e}");
    e
}

#[test]
fn an_exchange_cancels_sells_and_settles_the_difference_in_one_transaction() {
    let (f, mut t) = Fixture::demo();
    let p = next_in(&t, "Grande salle").0;
    let by = system(&t);
    let sold = sell_seats(&mut t, p, &["G1", "G2"], "PLEIN", 6_400).unwrap();

    // Same seat, cheaper tariff: the difference goes back in cash.
    let mut cheaper = seats_request(&t, p, &["G2"], "JEUNE", 0);
    cheaper.tenders.clear();
    let n = sold.tickets[1].number;
    let x = orders::exchange(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[n],
        &cheaper,
        Method::Cash,
        now(),
    )
    .unwrap();
    let jeune = x.sold.total;
    assert_eq!(x.refunded, Cents(3_200) - jeune);
    assert_eq!(x.cancelled.amount, Cents(-3_200));
    assert_eq!(
        x.sold.tickets[0].seat, sold.tickets[1].seat,
        "the same seat, re-sold"
    );

    // A dearer seat on another performance: the customer pays the rest.
    let other = programming::upcoming(&t.store, now(), 100)
        .unwrap()
        .into_iter()
        .filter(|l| l.hall == "Grande salle")
        .nth(1)
        .unwrap()
        .id;
    let mut dearer = seats_request(&t, other, &["H1", "H2"], "PLEIN", 0);
    dearer.tenders = cash(6_400 - jeune.0);
    let y = orders::exchange(
        &mut t.store,
        &t.signer,
        &by,
        x.sold.order_id,
        &[],
        &dearer,
        Method::Cash,
        now(),
    )
    .unwrap();
    assert_eq!(y.refunded, Cents::ZERO);
    assert_eq!(y.sold.total, Cents(6_400));
    let voucher: i64 = f
        .raw()
        .query_row(
            "SELECT amount FROM payment WHERE order_id = ?1 AND method = 'voucher'",
            [y.sold.order_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(voucher, jeune.0, "the credit pays part of the new order");

    // Both records of an exchange carry its id.
    let ids: Vec<String> = f
        .raw()
        .prepare("SELECT json_extract(body, '$.data.exchange.id') FROM ledger WHERE json_extract(body, '$.data.exchange.id') IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(ids[2], ids[3]);

    // Not enough paid for a dearer exchange, or a seat already sold: nothing
    // is cancelled, nothing sold.
    let mut short = seats_request(&t, other, &["H3", "H4"], "PLEIN", 0);
    short.tenders.clear();
    let first = sold.tickets[0].number;
    let e = refused(&f, || {
        orders::exchange(
            &mut t.store,
            &t.signer,
            &by,
            sold.order_id,
            &[first],
            &short,
            Method::Cash,
            now(),
        )
    });
    assert!(e.to_string().contains("missing"), "{e}");
    let mut taken = seats_request(&t, other, &["H1"], "PLEIN", 0);
    taken.tenders.clear();
    let e = refused(&f, || {
        orders::exchange(
            &mut t.store,
            &t.signer,
            &by,
            sold.order_id,
            &[first],
            &taken,
            Method::Cash,
            now(),
        )
    });
    assert!(matches!(e, CounterError::SeatSold { .. }), "{e}");
    assert!(verify::verify(&t.store).unwrap().is_intact());
}

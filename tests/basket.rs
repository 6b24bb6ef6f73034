//! The basket without a window: places added by number, seat and slot, what
//! is left, tariffs and prices with the venue's tax rules, payments, and the
//! checkout of a sale or an exchange, on a real database file.

mod common;

use common::{Fixture, count, next_in, now, system};
use guichet::counter::offer::{self, Offer};
use guichet::counter::{Basket, Cash, CounterError, Credit, Place, basket::MAX_TICKETS, orders};
use guichet::domain::payment::Method;
use guichet::domain::{Cents, HallKind};
use guichet::terminal::Terminal;

fn offer_in(t: &Terminal, hall: &str, basket: &Basket) -> Offer {
    let (p, _) = next_in(t, hall);
    offer::load(&t.store, p, basket.cart(), now()).unwrap()
}

fn tariff(o: &Offer, code: &str) -> i64 {
    o.tariff(code).unwrap().tariff.id
}

#[test]
fn best_seats_go_in_held_priced_and_come_out_released() {
    let (f, mut t) = Fixture::demo();
    let mut basket = Basket::holding(t.signer.terminal_id, now());
    let o = offer_in(&t, "Grande salle", &basket);
    let added = basket.add(&mut t.store, &o, 2, None, None, now()).unwrap();
    assert_eq!(added, vec![0, 1]);
    assert_eq!(count(&f.raw(), "cart_seat"), 2, "held for other counters");
    let first = o.tariffs[0].prices[&basket.tickets()[0].category_id];
    assert_eq!(basket.total(), Cents(first.0 * 2));

    // The seats now show as this basket's: best picks two others.
    let o = offer_in(&t, "Grande salle", &basket);
    basket.add(&mut t.store, &o, 2, None, None, now()).unwrap();
    let seats: Vec<Place> = basket.tickets().iter().map(|x| x.place).collect();
    let mut unique = seats.clone();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{seats:?}");

    // Another tariff changes the price of that ticket only.
    basket.set_tariff(3, tariff(&o, "JEUNE"), &o).unwrap();
    let young = o.tariff("JEUNE").unwrap().prices[&basket.tickets()[3].category_id];
    assert_eq!(basket.tickets()[3].unit, young);
    assert_eq!(basket.total(), Cents(first.0 * 3 + young.0));

    basket.remove(&mut t.store, 0).unwrap();
    assert_eq!(count(&f.raw(), "cart_seat"), 3);
    basket.clear(&mut t.store).unwrap();
    assert!(basket.is_empty());
    assert_eq!(count(&f.raw(), "cart_seat"), 0, "every seat given back");
}

#[test]
fn general_admission_counts_what_the_basket_already_holds() {
    let (f, mut t) = Fixture::demo();
    let mut basket = Basket::holding(t.signer.terminal_id, now());
    let o = offer_in(&t, "Le Club", &basket);
    assert_eq!(o.hall.kind, HallKind::General);
    let left = o.available();
    basket.add(&mut t.store, &o, 5, None, None, now()).unwrap();
    assert_eq!(basket.left(&o, Place::Unnumbered), left - 5);
    let too_many = usize::try_from(left - 4).unwrap();
    match basket.add(&mut t.store, &o, too_many, None, None, now()) {
        Err(CounterError::SoldOut {
            wanted, left: l, ..
        }) => {
            assert_eq!((wanted, l), (left - 4, left - 5));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(basket.tickets().len(), 5, "nothing added by the refusal");
    assert_eq!(count(&f.raw(), "cart_seat"), 0, "places are not seats");
    // A numbered way of adding is refused in a club.
    assert!(matches!(
        basket.add_best(&mut t.store, &o, 2, now()),
        Err(CounterError::NotNumbered(_))
    ));
}

#[test]
fn an_order_has_at_most_999_tickets_and_huge_numbers_allocate_nothing() {
    let (_f, mut t) = Fixture::demo();
    let mut basket = Basket::new(t.signer.terminal_id);
    let o = offer_in(&t, "La Galerie", &basket);
    let slot = o.slots.iter().find(|s| s.left() > 0).unwrap().id;
    for n in [usize::MAX, 1_000_000_000, MAX_TICKETS + 1] {
        let refused = basket.add(&mut t.store, &o, n, Some(slot), None, now());
        assert!(
            matches!(
                refused,
                Err(CounterError::SlotFull { .. } | CounterError::TooManyTickets { .. })
            ),
            "{n}: {refused:?}"
        );
        assert!(basket.is_empty());
    }
    assert!(matches!(
        basket.add(&mut t.store, &o, 2, None, None, now()),
        Err(CounterError::NeedsSlot(_))
    ));
    assert!(matches!(
        basket.add(&mut t.store, &o, 0, Some(slot), None, now()),
        Err(CounterError::NothingToSell)
    ));
}

#[test]
fn a_tariff_without_a_price_is_refused_in_the_basket() {
    let (f, mut t) = Fixture::demo();
    let mut basket = Basket::new(t.signer.terminal_id);
    let o = offer_in(&t, "Grande salle", &basket);
    basket.add(&mut t.store, &o, 1, None, None, now()).unwrap();
    let category = basket.tickets()[0].category_id;
    // Withdraw the price of a tariff in the seat's category, in the offer
    // the clerk holds (another coordinator's change).
    let mut changed = o.clone();
    let code = changed.tariffs[1].tariff.code.clone();
    changed.tariffs[1].prices.remove(&category);
    let before = basket.tickets()[0].clone();
    match basket.set_tariff(0, tariff(&changed, &code), &changed) {
        Err(CounterError::NoPrice { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(basket.tickets()[0], before, "the ticket is as it was");
    let rows = f.rows();
    assert!(basket.set_tariff(0, 999_999, &o).is_err(), "unknown tariff");
    assert_eq!(f.rows(), rows, "nothing written");
}

#[test]
fn checkout_sells_what_the_basket_priced_and_short_cash_keeps_it() {
    let (f, mut t) = Fixture::demo();
    let by = system(&t);
    let mut basket = Basket::holding(t.signer.terminal_id, now());
    let o = offer_in(&t, "Grande salle", &basket);
    basket.add(&mut t.store, &o, 2, None, None, now()).unwrap();
    let total = basket.total();

    let rows = f.rows();
    match basket.checkout(&mut t.store, &t.signer, &by, Cash::Given(Cents(100)), now()) {
        Err(CounterError::CashShort { given, missing, .. }) => {
            assert_eq!((given, missing), (Cents(100), total - Cents(100)));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.rows(), rows, "nothing written");
    assert_eq!(basket.tickets().len(), 2, "the basket is kept");

    // Half by card, the rest in cash with change.
    let half = Cents(total.0 / 2);
    assert_eq!(basket.pay(Method::Card, Some(half)).unwrap(), half);
    assert_eq!(basket.remaining(), total - half);
    let cash = total - half + Cents(1_000);
    let done = basket
        .checkout(&mut t.store, &t.signer, &by, Cash::Given(cash), now())
        .unwrap();
    assert_eq!(
        done.sold.total, total,
        "the sale priced it as the basket did"
    );
    assert_eq!(done.sold.change, Cents(1_000));
    assert!(basket.is_empty() && basket.tenders().is_empty());
    assert_eq!(count(&f.raw(), "cart_seat"), 0, "the seats left the basket");
    assert_eq!(count(&f.raw(), "ticket"), 2);
}

#[test]
fn a_vat_exempt_venue_is_priced_without_vat_in_the_basket_and_the_sale() {
    let f = Fixture::new();
    let mut t = f.terminal();
    common::one_performance(&mut t, false);
    f.raw()
        .execute("UPDATE venue SET vat_exempt = 1", [])
        .unwrap();
    let by = system(&t);
    let mut basket = Basket::new(t.signer.terminal_id);
    let at = common::now();
    let p = guichet::programming::upcoming(&t.store, at, 10).unwrap()[0].id;
    let o = offer::load(&t.store, p, None, at).unwrap();
    assert!(o.vat_exempt);
    basket.add(&mut t.store, &o, 2, None, None, at).unwrap();
    let priced = basket.priced().unwrap();
    assert!(
        priced.taxes.rows().iter().all(|r| r.tax == Cents::ZERO),
        "{priced:?}"
    );
    let done = basket
        .checkout(&mut t.store, &t.signer, &by, Cash::Exact, at)
        .unwrap();
    assert_eq!(done.sold.total, priced.total);
}

#[test]
fn an_exchange_spends_the_credit_and_gives_back_the_difference() {
    let (f, mut t) = Fixture::demo();
    let by = system(&t);
    let (p, _) = next_in(&t, "Grande salle");
    let sold = common::sell_some(&mut t, p, "PLEIN", 2);
    let order = orders::view(&t.store, sold.order_id).unwrap();
    let credit = Credit::of(&order, &[]).unwrap();
    assert_eq!(credit.amount, sold.total);
    assert_eq!(credit.tickets.len(), 2);

    let mut basket = Basket::new(t.signer.terminal_id);
    basket.exchange(credit.clone());
    let o = offer_in(&t, "Grande salle", &basket);
    basket.add(&mut t.store, &o, 1, None, None, now()).unwrap();
    assert_eq!(
        basket.remaining(),
        Cents::ZERO,
        "one ticket for the price of two"
    );
    let done = basket
        .checkout(&mut t.store, &t.signer, &by, Cash::Exact, now())
        .unwrap();
    let given_back = done.given_back.expect("the old tickets are cancelled");
    assert_eq!(given_back.tickets, credit.tickets);
    assert_eq!(done.refunded, credit.amount - done.sold.total);
    assert_eq!(
        count(&f.raw(), "ticket"),
        3,
        "two cancelled, one new, in one transaction"
    );
    // Nothing left to exchange on the old order.
    let order = orders::view(&t.store, sold.order_id).unwrap();
    assert_eq!(Credit::of(&order, &[]), None);
}

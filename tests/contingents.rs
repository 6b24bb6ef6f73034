//! Lent contingents on a real PostgreSQL (a throw-away cluster each test
//! starts): two counters borrow disjoint lots of one performance, each
//! sells only what it holds and gives back the rest; a seat reclaimed from
//! a counter that stays offline and sells it anyway is exactly one
//! conflict; what a terminal holds answers to its signed records.

mod common;

use common::pg::{self, Cluster};
use common::{Fixture, next_in, now};
use guichet::central::{self, TerminalKind, contingents, giving_back, push};
use guichet::counter::{self, CounterError, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::ledger;
use guichet::programming::performances::Changes;
use guichet::store::central::{CentralPlaces, places_of};
use guichet::terminal::Terminal;

/// Two counters joined to a fresh central database, A's season published
/// (offered) and pulled by B.
struct Venue {
    _cluster: Cluster,
    url: String,
    fa: Fixture,
    a: Terminal,
    fb: Fixture,
    b: Terminal,
}

fn venue(test: &str) -> Option<Venue> {
    let (cluster, url, fa, a) = common::central_demo(test)?;
    let (fb, mut b) = Fixture::bare_venue();
    let joined = common::join(&mut b, &url, TerminalKind::Counter);
    assert!(joined.season.is_some(), "B pulled the season");
    Some(Venue {
        _cluster: cluster,
        url,
        fa,
        a,
        fb,
        b,
    })
}

fn public_id(f: &Fixture, performance: i64) -> String {
    f.raw()
        .query_row(
            "SELECT public_id FROM performance WHERE id = ?1",
            [performance],
            |r| r.get(0),
        )
        .unwrap()
}

fn local_id(f: &Fixture, public_id: &str) -> i64 {
    f.raw()
        .query_row(
            "SELECT id FROM performance WHERE public_id = ?1",
            [public_id],
            |r| r.get(0),
        )
        .unwrap()
}

/// The seats a terminal holds of a performance, by name.
fn held_names(f: &Fixture, performance: i64) -> Vec<String> {
    let conn = f.raw();
    let mut stmt = conn
        .prepare(
            "SELECT x.name || ', rang ' || s.row_label || ', ' || s.number
             FROM lent_seat l JOIN seat s ON s.id = l.seat_id
             JOIN seat_section x ON x.id = s.section_id
             WHERE l.performance_id = ?1 ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([performance], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn lend(t: &mut Terminal, performance: i64, lot: (u32, u32)) -> contingents::Changed {
    let by = common::system(t);
    contingents::lend(&mut t.store, &t.signer, &by, performance, lot, now()).expect("lent")
}

/// Sells one ticket (a seat, or a place of general admission) in cash.
fn sell(t: &mut Terminal, performance: i64, place: Place) -> Result<counter::Sold, CounterError> {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![Item {
            performance_id: performance,
            place,
            tariff_id: offer.tariff("PLEIN").unwrap().tariff.id,
        }],
        tenders: vec![Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(100_000),
        }],
        ..SaleRequest::default()
    };
    common::sell_at(t, &request, now())
}

fn seat_id(f: &Fixture, performance: i64, name: &str) -> i64 {
    f.raw()
        .query_row(
            "SELECT s.id FROM seat s JOIN seat_section x ON x.id = s.section_id
             JOIN performance p ON p.hall_id = s.hall_id
             WHERE p.id = ?1 AND x.name || ', rang ' || s.row_label || ', ' || s.number = ?2",
            rusqlite::params![performance, name],
            |r| r.get(0),
        )
        .unwrap()
}

fn places(t: &Terminal, performance: &str) -> CentralPlaces {
    let mut c = central::connect_terminal(&t.store).unwrap();
    places_of(&mut c, performance).unwrap().expect("offered")
}

fn verified(t: &Terminal) {
    let report = ledger::verify::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

#[test]
fn two_counters_borrow_disjoint_lots_sell_only_what_they_hold_and_give_back_the_rest() {
    let Some(mut v) = venue("two_counters_borrow_disjoint_lots") else {
        return;
    };
    let (hall_a, _) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall_a);
    let hall_b = local_id(&v.fb, &performance);
    let before = places(&v.a, &performance);
    assert_eq!((before.sold, before.lent), (0, 0), "{before:?}");

    // Each borrows 60 seats: two lots, no seat in both, the best first.
    let got = lend(&mut v.a, hall_a, (60, 0));
    assert_eq!(got.performances[0].seats_in, 60, "{got:?}");
    lend(&mut v.b, hall_b, (60, 0));
    let (seats_a, seats_b) = (held_names(&v.fa, hall_a), held_names(&v.fb, hall_b));
    assert_eq!((seats_a.len(), seats_b.len()), (60, 60));
    assert!(
        seats_a.iter().all(|s| !seats_b.contains(s)),
        "a seat in both lots"
    );
    let now_there = places(&v.a, &performance);
    assert_eq!(now_there.lent, 120);
    assert_eq!(now_there.pool, before.pool - 120);

    // A seat lent here keeps its name: the central side knows it by it.
    let hall_of_a: i64 =
        v.fa.raw()
            .query_row(
                "SELECT hall_id FROM performance WHERE id = ?1",
                [hall_a],
                |r| r.get(0),
            )
            .unwrap();
    let lent_seat = seat_id(&v.fa, hall_a, &seats_a[1]);
    let admin = common::system(&v.a);
    let renamed = guichet::programming::halls::renumber(
        &mut v.a.store,
        &common::by(&v.a.signer, &admin),
        hall_of_a,
        &[lent_seat],
        901,
        guichet::domain::seat_plan::Numbering::Sequential,
    );
    assert!(
        matches!(
            renamed,
            Err(guichet::programming::ProgrammingError::SeatsLent(_))
        ),
        "{renamed:?}"
    );

    // The window shows only what this terminal holds as free.
    let offer_a = offer::load(&v.a.store, hall_a, None, now()).unwrap();
    assert_eq!(offer_a.available(), 60);

    // A sells a seat of its own lot; one of B's is refused, nothing written.
    let mine = seat_id(&v.fa, hall_a, &seats_a[0]);
    sell(&mut v.a, hall_a, Place::Seat(mine)).expect("a seat A holds");
    let theirs = seat_id(&v.fa, hall_a, &seats_b[0]);
    let rows = v.fa.rows();
    let refused = sell(&mut v.a, hall_a, Place::Seat(theirs)).unwrap_err();
    assert!(
        matches!(refused, CounterError::SeatNotLent(_)),
        "{refused:?}"
    );
    assert_eq!(v.fa.rows(), rows, "a refused sale writes nothing");

    // General admission: ten places lent, ten sold, the eleventh refused.
    let (club, _) = next_in(&v.a, "Le Club");
    let club_id = public_id(&v.fa, club);
    lend(&mut v.a, club, (0, 10));
    for _ in 0..10 {
        sell(&mut v.a, club, Place::Unnumbered).expect("a place A holds");
    }
    let refused = sell(&mut v.a, club, Place::Unnumbered).unwrap_err();
    assert!(
        matches!(refused, CounterError::NotEnoughLent { left: 0, .. }),
        "{refused:?}"
    );

    // Pushed: the central side counts the seat and the places as sold.
    assert_eq!(push::push(&v.a.store, &v.a.signer).unwrap().conflicts, 0);
    let after_sale = places(&v.a, &performance);
    assert_eq!(
        (after_sale.sold, after_sale.lent),
        (1, 119),
        "{after_sale:?}"
    );
    assert_eq!(places(&v.a, &club_id).sold, 10);

    // A gives back what it did not sell: 59 seats go back to the pool,
    // the one it sold stays its own; every seat counted once.
    let by = common::system(&v.a);
    contingents::give_back(&mut v.a.store, &v.a.signer, &by, None, now()).unwrap();
    assert_eq!(held_names(&v.fa, hall_a), vec![seats_a[0].clone()]);
    let end = places(&v.a, &performance);
    assert_eq!((end.sold, end.lent), (1, 60), "{end:?}");
    assert_eq!(end.sold + end.lent + end.pool, end.capacity);
    let held = contingents::holding(&v.a.store, now()).unwrap();
    assert!(held.iter().all(|h| h.left == 0), "{held:?}");

    // Every change is signed: verify holds; a seat slipped in by hand is
    // found.
    verified(&v.a);
    verified(&v.b);
    v.fa.raw()
        .execute(
            "INSERT INTO lent_seat (performance_id, seat_id) VALUES (?1, ?2)",
            [hall_a, theirs],
        )
        .unwrap();
    let report = ledger::verify::verify(&v.a.store).unwrap();
    let found = report.first_break.expect("the seat added by hand");
    assert!(found.problem.to_string().contains("lent_seat"), "{found:?}");
    drop(v.url);
}

#[test]
fn a_seat_reclaimed_from_an_offline_counter_that_sells_it_is_one_conflict() {
    let Some(mut v) = venue("a_seat_reclaimed_from_an_offline_counter") else {
        return;
    };
    let (hall_a, _) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall_a);
    let hall_b = local_id(&v.fb, &performance);
    lend(&mut v.a, hall_a, (4, 0));
    let lot = held_names(&v.fa, hall_a);

    // A stays offline; an administrator takes its seats back; B borrows
    // them (the best seats go first).
    let admin = common::system(&v.b);
    let central_a = pg::terminal_number(&v.url, &v.a);
    let (seats, _) = contingents::reclaim((&v.url, None), &admin, central_a, None, &[]).unwrap();
    assert_eq!(seats, 4);
    lend(&mut v.b, hall_b, (4, 0));
    assert_eq!(held_names(&v.fb, hall_b), lot);

    // A, still believing it holds them, sells one offline.
    let seat = seat_id(&v.fa, hall_a, &lot[0]);
    sell(&mut v.a, hall_a, Place::Seat(seat)).expect("sold offline");

    // Healed: its push names the sale on a reclaimed seat, once however
    // often it is pushed; nothing else is a conflict.
    push::push(&v.a.store, &v.a.signer).unwrap();
    push::push(&v.a.store, &v.a.signer).unwrap();
    let list = central::conflicts::list(&v.b.store).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].kind, "reclaimed_sale");
    assert!(!list[0].mine, "B reads A's conflict");
    assert!(central::conflicts::list(&v.a.store).unwrap()[0].mine);
    assert!(list[0].detail.contains(&lot[0]), "{}", list[0].detail);
    assert!(list[0].detail.contains("Caisse"), "{}", list[0].detail);

    // B, which holds the seat now, sells it too: sold twice, said again
    // (the seat was B's, but someone else's ticket names it).
    let seat_b = seat_id(&v.fb, hall_b, &lot[0]);
    sell(&mut v.b, hall_b, Place::Seat(seat_b)).expect("B holds it");
    push::push(&v.b.store, &v.b.signer).unwrap();
    let list = central::conflicts::list(&v.a.store).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(
        list.iter()
            .any(|c| c.detail.contains("\"other_ticket\": \"")),
        "{list:?}"
    );

    // A follows the central side: the seats it no longer holds go, signed.
    let by = common::system(&v.a);
    let synced = contingents::sync(&mut v.a.store, &v.a.signer, &by, now()).unwrap();
    assert_eq!(synced.performances[0].seats_out, 4, "{synced:?}");
    assert!(held_names(&v.fa, hall_a).is_empty());
    verified(&v.a);
    let kinds: i64 =
        v.fa.raw()
            .query_row(
                "SELECT count(*) FROM ledger WHERE kind = 'contingent' AND body LIKE '%reclaimed%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(kinds, 1);
}

#[test]
fn places_reclaimed_from_an_offline_counter_and_sold_there_are_a_capacity_conflict() {
    let Some(mut v) = venue("places_reclaimed_from_an_offline_counter") else {
        return;
    };
    // General admission: five places lent and pushed, then taken back
    // while A is offline; A sells two of them anyway.
    let (club, _) = next_in(&v.a, "Le Club");
    let club_id = public_id(&v.fa, club);
    lend(&mut v.a, club, (0, 5));
    push::push(&v.a.store, &v.a.signer).unwrap();
    let admin = common::system(&v.b);
    let (_, taken) = contingents::reclaim(
        (&v.url, None),
        &admin,
        pg::terminal_number(&v.url, &v.a),
        Some(&club_id),
        &[],
    )
    .unwrap();
    assert_eq!(taken, 5);
    sell(&mut v.a, club, Place::Unnumbered).unwrap();
    sell(&mut v.a, club, Place::Unnumbered).unwrap();
    push::push(&v.a.store, &v.a.signer).unwrap();
    let list = central::conflicts::list(&v.b.store).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].kind, "over_places");
    assert!(list[0].detail.contains("\"sold\": 2"), "{}", list[0].detail);
    let there = places(&v.a, &club_id);
    assert_eq!(there.sold, 2, "{there:?}");
    assert_eq!(there.pool, there.capacity, "the five went back to the pool");

    verified(&v.a);
}

#[test]
fn a_lost_terminal_retired_then_found_is_pushed_by_an_administrator_and_its_double_sale_surfaces() {
    let Some(mut v) = venue("a_lost_terminal_retired_then_found") else {
        return;
    };
    let (hall_a, _) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall_a);
    let hall_b = local_id(&v.fb, &performance);
    lend(&mut v.a, hall_a, (2, 0));
    push::push(&v.a.store, &v.a.signer).unwrap();
    let lot = held_names(&v.fa, hall_a);

    // A is lost: an administrator retires it (its seats go back to the
    // pool); B borrows them and sells the first. A, offline somewhere,
    // sold that seat too, and can no longer push.
    let admin = common::system(&v.b);
    let central_a = pg::terminal_number(&v.url, &v.a);
    central::conflicts::retire((&v.url, None), &admin, central_a).unwrap();
    lend(&mut v.b, hall_b, (2, 0));
    assert_eq!(held_names(&v.fb, hall_b), lot);
    sell(
        &mut v.b,
        hall_b,
        Place::Seat(seat_id(&v.fb, hall_b, &lot[0])),
    )
    .unwrap();
    push::push(&v.b.store, &v.b.signer).unwrap();
    sell(
        &mut v.a,
        hall_a,
        Place::Seat(seat_id(&v.fa, hall_a, &lot[0])),
    )
    .unwrap();
    assert!(push::push(&v.a.store, &v.a.signer).is_err(), "retired");
    assert!(central::conflicts::list(&v.b.store).unwrap().is_empty());

    // Only an administrator pushes for it, and only for a retired terminal.
    let clerk = guichet::operators::Operator {
        role: guichet::domain::Role::Clerk,
        ..admin.clone()
    };
    assert!(matches!(
        push::recover((&v.url, None), &clerk, &v.fa.db),
        Err(central::CentralError::NotAllowed(_))
    ));
    let in_service = push::recover((&v.url, None), &admin, &v.fb.db);
    assert!(
        matches!(&in_service, Err(central::CentralError::Refused(m)) if m.contains("in service")),
        "{in_service:?}"
    );
    let missing = push::recover((&v.url, None), &admin, &v.fb.dir.path().join("nothing.db"));
    assert!(
        matches!(missing, Err(central::CentralError::Recovered(_))),
        "{missing:?}"
    );

    // A copy altered since (a sale's amount edited) is no evidence.
    let altered = v.fa.dir.path().join("altered.db");
    v.fa.raw()
        .execute("VACUUM INTO ?1", [altered.to_str().unwrap()])
        .unwrap();
    rusqlite::Connection::open(&altered)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER ledger_no_update;
             UPDATE ledger SET body = replace(body, '\"total\":', '\"total\": 1') WHERE kind = 'sale';",
        )
        .unwrap();
    let forged = push::recover((&v.url, None), &admin, &altered);
    assert!(
        matches!(&forged, Err(central::CentralError::Recovered(m)) if m.contains("does not verify")),
        "{forged:?}"
    );

    // Found again: its chain goes up through the administrator's login, and
    // the seat sold twice is one conflict; a second time changes nothing.
    let recovered = push::recover((&v.url, None), &admin, &v.fa.db).unwrap();
    assert!(recovered.stored > 0, "{recovered:?}");
    let list = central::conflicts::list(&v.b.store).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].kind, "reclaimed_sale");
    assert!(list[0].detail.contains(&lot[0]), "{}", list[0].detail);
    let again = push::recover((&v.url, None), &admin, &v.fa.db).unwrap();
    assert_eq!((again.stored, again.conflicts), (0, 0), "{again:?}");
    assert_eq!(central::conflicts::list(&v.b.store).unwrap().len(), 1);
}

/// Sells `n` entries of a timed performance at its slot `slot` (its
/// index), in one sale.
fn sell_slot(
    t: &mut Terminal,
    performance: i64,
    slot: usize,
    n: usize,
) -> Result<counter::Sold, CounterError> {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    let tariff = offer.tariff("PLEIN").unwrap();
    let price = *tariff.prices.values().next().unwrap();
    let item = Item {
        performance_id: performance,
        place: Place::Slot(offer.slots[slot].id),
        tariff_id: tariff.tariff.id,
    };
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![item; n],
        tenders: vec![Tender {
            voucher: None,
            method: Method::Card,
            amount: Cents(price.0 * n as i64),
        }],
        ..SaleRequest::default()
    };
    common::sell_at(t, &request, now())
}

fn lend_slot(t: &mut Terminal, performance: i64, slot: usize, places: u32) -> i64 {
    let by = common::system(t);
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    let slot = offer.slots[slot].id;
    let changed = contingents::lend_slot(
        &mut t.store,
        &t.signer,
        &by,
        (performance, slot),
        places,
        now(),
    )
    .expect("lent");
    changed.performances.iter().map(|p| p.places).sum()
}

#[test]
fn a_performance_moved_and_one_cancelled_on_the_coordinator_s_terminal_reach_the_other_counter() {
    let Some(mut v) = venue("a_performance_moved_and_one_cancelled") else {
        return;
    };
    // On A, the coordinator's terminal: the next play moves an hour later,
    // the next concert in Le Club is cancelled; A publishes again.
    let op = common::system(&v.a);
    let by = common::by(&v.a.signer, &op);
    let (play, starts_at) = next_in(&v.a, "Grande salle");
    let (club, _) = next_in(&v.a, "Le Club");
    let mut moved =
        Changes::of(&guichet::programming::performances::get(&v.a.store, play).unwrap());
    moved.starts_at = starts_at + chrono::Duration::hours(1);
    guichet::programming::performances::update(&mut v.a.store, &by, play, &moved).unwrap();
    let mut off = Changes::of(&guichet::programming::performances::get(&v.a.store, club).unwrap());
    off.status = guichet::domain::PerformanceStatus::Cancelled;
    guichet::programming::performances::update(&mut v.a.store, &by, club, &off).unwrap();
    // The play after it is moved with its holders: cancelled, and a new
    // performance made at the new time.
    let later = guichet::programming::upcoming(&v.a.store, now(), 100)
        .unwrap()
        .into_iter()
        .filter(|p| p.hall == "Grande salle")
        .nth(1)
        .unwrap();
    let done = guichet::counter::change::move_performance(
        &mut v.a.store,
        &v.a.signer,
        &op,
        later.id,
        later.starts_at + chrono::Duration::hours(1),
        now(),
    )
    .unwrap();
    let (made, _, _) = done.moved_to.unwrap();
    // A gallery day's first slot gets five more places.
    let galerie = gallery_day(&v.a);
    let mut slots = guichet::programming::performances::slots(&v.a.store, galerie).unwrap();
    slots[0].1 += 5;
    guichet::programming::performances::set_slots(&mut v.a.store, &by, galerie, &slots).unwrap();
    // The play's full price goes up by 2 €.
    let mut grid = guichet::programming::pricing::grid(&v.a.store, play).unwrap();
    for ((_, tariff), price) in grid.prices.iter_mut() {
        if tariff == "PLEIN" {
            *price = guichet::domain::Cents(price.0 + 200);
        }
    }
    guichet::programming::pricing::set_prices(&mut v.a.store, &by, &[play], &grid).unwrap();
    central::season::publish(&mut v.a.store, &op, now()).unwrap();

    // B pulls: both changes are there, journaled; the cancelled concert
    // sells nothing here. Pulled again, nothing changes.
    let op_b = common::system(&v.b);
    let said = central::season::pull(&mut v.b.store, &v.b.signer, &op_b, now())
        .unwrap()
        .unwrap();
    assert!(
        said.contains("3 performances brought up to date, 2 repriced"),
        "{said}"
    );
    let galerie_b = local_id(&v.fb, &public_id(&v.fa, galerie));
    assert_eq!(
        guichet::programming::performances::slots(&v.b.store, galerie_b).unwrap(),
        slots
    );
    let status = |f: &Fixture, public: &str| -> String {
        f.raw()
            .query_row(
                "SELECT status FROM performance WHERE public_id = ?1",
                [public],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(status(&v.fb, &public_id(&v.fa, later.id)), "cancelled");
    assert_eq!(status(&v.fb, &public_id(&v.fa, made)), "on_sale");
    let play_b = local_id(&v.fb, &public_id(&v.fa, play));
    let club_b = local_id(&v.fb, &public_id(&v.fa, club));
    let here = guichet::programming::performances::get(&v.b.store, play_b).unwrap();
    assert_eq!(here.starts_at, starts_at + chrono::Duration::hours(1));
    assert_eq!(
        guichet::programming::pricing::grid(&v.b.store, play_b).unwrap(),
        grid
    );
    lend(&mut v.b, club_b, (0, 2));
    let refused = sell(&mut v.b, club_b, Place::Unnumbered).unwrap_err();
    assert!(matches!(refused, CounterError::Cancelled(_)), "{refused:?}");
    let again = central::season::pull(&mut v.b.store, &v.b.signer, &op_b, now())
        .unwrap()
        .unwrap();
    assert!(
        again.contains("0 performances brought up to date, 0 repriced"),
        "{again}"
    );
    verified(&v.b);
}

/// A day of the gallery still to come, every slot of it ahead.
fn gallery_day(t: &Terminal) -> i64 {
    guichet::programming::upcoming(&t.store, now(), 100)
        .unwrap()
        .into_iter()
        .find(|p| p.hall == "La Galerie" && p.starts_at > now() + chrono::Duration::hours(12))
        .expect("a gallery day ahead")
        .id
}

#[test]
fn a_slot_sold_past_what_a_counter_holds_there_is_claimed_and_past_its_capacity_is_one_conflict() {
    let Some(mut v) = venue("a_slot_sold_past_what_a_counter_holds") else {
        return;
    };
    let galerie = gallery_day(&v.a);
    let day = public_id(&v.fa, galerie);
    let galerie_b = local_id(&v.fb, &day);
    let capacity = offer::load(&v.a.store, galerie, None, now()).unwrap().slots[0].capacity;
    assert_eq!(lend_slot(&mut v.a, galerie, 0, 5), 5);
    sell_slot(&mut v.a, galerie, 0, 3).unwrap();

    // The day reclaimed by its own id takes back every slot held: the
    // central side knows no sale yet, so all five.
    let admin = common::system(&v.b);
    let central_a = pg::terminal_number(&v.url, &v.a);
    let (_, taken) =
        contingents::reclaim((&v.url, None), &admin, central_a, Some(&day), &[]).unwrap();
    assert_eq!(taken, 5);

    // A, offline, sells the two it still believes it holds; B borrows the
    // whole slot meanwhile.
    sell_slot(&mut v.a, galerie, 0, 2).unwrap();
    let whole = u32::try_from(capacity).unwrap();
    assert_eq!(lend_slot(&mut v.b, galerie_b, 0, whole), capacity);
    assert!(central::conflicts::list(&v.b.store).unwrap().is_empty());

    // Healed: A claims the five it sold; the slot is then lent past its
    // capacity, one conflict for a person.
    let by = common::system(&v.a);
    contingents::sync(&mut v.a.store, &v.a.signer, &by, now()).unwrap();
    let list = central::conflicts::list(&v.b.store).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].kind, "over_places");
    assert!(list[0].detail.contains("\"sold\": 5"), "{}", list[0].detail);
    push::push(&v.a.store, &v.a.signer).unwrap();
    assert_eq!(central::conflicts::list(&v.b.store).unwrap().len(), 1);
    verified(&v.a);
}

#[test]
fn timed_entry_is_lent_slot_by_slot_and_two_counters_never_fill_one_slot_past_its_capacity() {
    let Some(mut v) = venue("timed_entry_is_lent_slot_by_slot") else {
        return;
    };
    let galerie = gallery_day(&v.a);
    let day = public_id(&v.fa, galerie);
    let galerie_b = local_id(&v.fb, &day);
    let loaded = offer::load(&v.a.store, galerie, None, now()).unwrap();
    let (slots, perf) = (loaded.slots, loaded.performance);
    assert!(slots.len() >= 2, "{slots:?}");
    let (first, second) = (&slots[0], &slots[1]);
    let capacity = first.capacity;
    assert!(capacity > 3, "{first:?}");

    // Nothing lent: nothing sold; the day as a whole is not lent.
    assert!(matches!(
        sell_slot(&mut v.a, galerie, 0, 1).unwrap_err(),
        CounterError::NotEnoughLent { left: 0, .. }
    ));
    let by = common::system(&v.a);
    let whole = contingents::lend(&mut v.a.store, &v.a.signer, &by, galerie, (0, 5), now());
    assert!(
        matches!(whole, Err(central::CentralError::BySlot(_))),
        "{whole:?}"
    );

    // A takes all of the first slot but three; B asks for twenty and gets
    // the three left, none of the second slot.
    let lot = u32::try_from(capacity - 3).unwrap();
    assert_eq!(lend_slot(&mut v.a, galerie, 0, lot), capacity - 3);
    assert_eq!(lend_slot(&mut v.b, galerie_b, 0, 20), 3);
    let pool = first.pool(&perf);
    assert!(pool.starts_with(&format!("{day}@+")), "{pool}");
    let there = places(&v.a, &pool);
    assert_eq!((there.capacity, there.pool), (capacity, 0), "{there:?}");

    // Each sells what it holds of the slot, and not one more; what it holds
    // of the first slot sells nothing of the second.
    sell_slot(&mut v.b, galerie_b, 0, 3).unwrap();
    let refused = sell_slot(&mut v.b, galerie_b, 0, 1).unwrap_err();
    assert!(
        matches!(&refused, CounterError::NotEnoughLent { left: 0, performance, .. }
            if performance.starts_at == first.starts_at),
        "{refused:?}"
    );
    assert!(matches!(
        sell_slot(&mut v.b, galerie_b, 1, 1).unwrap_err(),
        CounterError::NotEnoughLent { left: 0, .. }
    ));
    sell_slot(&mut v.a, galerie, 0, usize::try_from(capacity - 3).unwrap()).unwrap();
    assert!(
        sell_slot(&mut v.a, galerie, 0, 1).is_err(),
        "the slot is full"
    );
    let window = offer::load(&v.a.store, galerie, None, now()).unwrap();
    assert_eq!(window.slots[0].left(), 0);

    // Pushed: the slot is sold out centrally, every place counted once,
    // and no conflict.
    push::push(&v.a.store, &v.a.signer).unwrap();
    push::push(&v.b.store, &v.b.signer).unwrap();
    let there = places(&v.a, &pool);
    assert_eq!(
        (there.sold, there.lent, there.pool),
        (capacity, 0, 0),
        "{there:?}"
    );
    assert!(central::conflicts::list(&v.b.store).unwrap().is_empty());
    // A door names the day: its list holds the tickets of every slot.
    let (fd, mut door) = Fixture::bare_venue();
    common::join(&mut door, &v.url, TerminalKind::Door);
    let by = common::system(&door);
    let at_door = local_id(&fd, &day);
    let listed =
        central::doors::pull(&mut door.store, &door.signer, &by, &[at_door], now()).unwrap();
    assert_eq!(listed.tickets as i64, capacity, "{listed:?}");

    // The second slot is its own pool; what is left of it goes back a set
    // time before the slot itself, not before the day.
    assert_eq!(lend_slot(&mut v.b, galerie_b, 1, 2), 2);
    // A slot this terminal holds places of is not removed before they go
    // back.
    let op = common::system(&v.b);
    let by = common::by(&v.b.signer, &op);
    let kept: Vec<_> = offer::load(&v.b.store, galerie_b, None, now())
        .unwrap()
        .slots
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, s)| (s.starts_at, s.capacity))
        .collect();
    let rows = v.fb.rows();
    let refused =
        guichet::programming::performances::set_slots(&mut v.b.store, &by, galerie_b, &kept)
            .unwrap_err();
    assert!(
        matches!(refused, guichet::programming::ProgrammingError::SlotLent(_)),
        "{refused:?}"
    );
    assert_eq!(v.fb.rows(), rows, "nothing written");
    let admin = common::system(&v.b);
    giving_back::set_before(&mut v.b.store, &admin, Some(30)).unwrap();
    let terminal = v.b.signer.terminal_id;
    let before = second.starts_at - chrono::Duration::minutes(45);
    assert!(
        giving_back::due(&v.b.store, terminal, before)
            .unwrap()
            .is_empty()
    );
    let at = second.starts_at - chrono::Duration::minutes(20);
    assert_eq!(
        giving_back::due(&v.b.store, terminal, at).unwrap(),
        vec![second.pool(&perf)]
    );
    let by = common::system(&v.b);
    giving_back::give_back_due(&mut v.b.store, &v.b.signer, &by, at).unwrap();
    assert_eq!(places(&v.b, &second.pool(&perf)).lent, 0);
    verified(&v.a);
    verified(&v.b);
}

#[test]
fn vente_on_a_joined_counter_shows_what_it_holds_and_tops_up_off_the_window_thread() {
    use guichet::ui::Message;
    use guichet::ui::screen::{Section, sell};
    let Some(v) = venue("vente_on_a_joined_counter") else {
        return;
    };
    let Venue {
        _cluster,
        fa,
        mut a,
        ..
    } = v;
    let (hall, _) = next_in(&a, "Grande salle");
    lend(&mut a, hall, (4, 0));
    let capacity = offer::load(&a.store, hall, None, now())
        .unwrap()
        .performance
        .capacity;
    drop(a);
    let mut app = common::window::logged_in_fr(&fa.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Sell));
    // Four seats held here are fewer than the clerk needs: a lot of twenty
    // is asked for off the window's thread, recorded here, and shown.
    common::window::send(&mut app, Message::Sell(sell::Message::Select(hall)));
    assert!(
        common::window::shows(&app, &format!("24 libres à ce guichet sur {capacity}")),
        "the places held here, after the lot"
    );
    assert!(common::window::shows(
        &app,
        "Base centrale : 20 place(s) reçue(s) pour cette séance."
    ));
    assert_eq!(held_names(&fa, hall).len(), 24);

    // Online, the clerk picks a seat of the pool (greyed): it is asked for
    // alone, then lands in the basket.
    let in_pool: i64 = fa
        .raw()
        .query_row(
            "SELECT s.id FROM seat s JOIN performance p ON p.hall_id = s.hall_id
             WHERE p.id = ?1 AND s.id NOT IN (SELECT seat_id FROM lent_seat)
             ORDER BY s.id DESC LIMIT 1",
            [hall],
            |r| r.get(0),
        )
        .unwrap();
    let click = guichet::ui::widget::seat_map::Event::Clicked {
        seat: in_pool,
        extend: false,
    };
    common::window::send(&mut app, Message::Sell(sell::Message::Map(click)));
    assert_eq!(held_names(&fa, hall).len(), 25, "the seat picked came");
    let in_basket: i64 = fa
        .raw()
        .query_row(
            "SELECT count(*) FROM cart_seat WHERE seat_id = ?1",
            [in_pool],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_basket, 1, "and is in the basket");
    let t = Terminal::open(&fa.db, common::clock()).unwrap();
    verified(&t);
}

#[test]
fn a_coordinator_decides_a_conflict_in_reglages_and_who_decided_is_kept() {
    use guichet::ui::Message;
    use guichet::ui::screen::{Section, central as card, settings};
    let Some(v) = venue("a_coordinator_decides_a_conflict") else {
        return;
    };
    let Venue {
        _cluster,
        url,
        fa,
        mut a,
        fb,
        b,
    } = v;
    let (hall, _) = next_in(&a, "Grande salle");
    lend(&mut a, hall, (1, 0));
    let admin = common::system(&b);
    contingents::reclaim(
        (&url, None),
        &admin,
        pg::terminal_number(&url, &a),
        None,
        &[],
    )
    .unwrap();
    let seat = seat_id(&fa, hall, &held_names(&fa, hall)[0]);
    sell(&mut a, hall, Place::Seat(seat)).unwrap();
    push::push(&a.store, &a.signer).unwrap();
    let id = central::conflicts::list(&b.store).unwrap()[0].id;
    drop(b);

    let mut app = common::window::logged_in_fr(&fb.db, "3579");
    common::window::send(&mut app, Message::Nav(Section::Settings));
    let central = |m| Message::Settings(settings::Message::Central(m));
    common::window::send(&mut app, central(card::Message::ReadConflicts));
    assert!(common::window::shows(
        &app,
        "1 conflit(s) en attente d’une décision"
    ));
    assert!(common::window::shows_starting(
        &app,
        "Vente sur une place reprise"
    ));
    assert!(common::window::shows_starting(
        &app,
        "Caisse 1 a vendu Orchestre"
    ));
    // Its actions: refund, move, acknowledge. « Replacé » needs to say
    // what was done: no decision goes without it.
    assert!(common::window::shows(&app, "Replacé"));
    assert!(common::window::shows(&app, "Remboursé"));
    common::window::send(&mut app, central(card::Message::Choose(id, "move".into())));
    common::window::send(&mut app, central(card::Message::Decide(id)));
    assert!(common::window::shows(
        &app,
        "1 conflit(s) en attente d’une décision"
    ));
    common::window::send(
        &mut app,
        central(card::Message::Note(id, "client replacé en balcon".into())),
    );
    common::window::send(&mut app, central(card::Message::Decide(id)));
    assert!(common::window::shows(
        &app,
        "0 conflit(s) en attente d’une décision"
    ));
    assert!(common::window::shows_starting(
        &app,
        "Décidé par Zoé Lambert"
    ));
    let decided = &central::conflicts::list(&a.store).unwrap()[0];
    assert_eq!(
        (decided.action.as_deref(), decided.decision.as_deref()),
        (Some("move"), Some("client replacé en balcon"))
    );
    assert!(common::window::shows_starting(
        &app,
        "Décidé par Zoé Lambert (Caisse 1) : Replacé — client replacé en balcon"
    ));
}

#[test]
fn a_lot_too_big_a_performance_not_offered_and_a_reclaim_by_a_clerk_are_refused_and_write_nothing()
{
    let Some(mut v) = venue("a_lot_too_big") else {
        return;
    };
    let (hall, _) = next_in(&v.a, "Grande salle");
    let by = common::system(&v.a);
    let rows = v.fa.rows();
    let too_big = contingents::lend(&mut v.a.store, &v.a.signer, &by, hall, (6000, 0), now());
    assert!(
        matches!(too_big, Err(central::CentralError::Lot)),
        "{too_big:?}"
    );
    assert!(
        too_big
            .unwrap_err()
            .to_string()
            .contains("at most 5,000 seats")
    );
    assert_eq!(v.fa.rows(), rows, "nothing written");

    // A performance B programmed itself and never published is not in the
    // pool: said, with what to do; nothing written here.
    let (fc, mut c) = Fixture::demo();
    let admin = common::system(&c);
    central::join::join(
        &mut c.store,
        &c.signer,
        &admin,
        (&v.url, None),
        TerminalKind::Counter,
        now(),
    )
    .unwrap();
    let (own, _) = next_in(&c, "Grande salle");
    let rows = fc.rows();
    let unknown = contingents::lend(&mut c.store, &c.signer, &admin, own, (10, 0), now());
    match unknown {
        Err(central::CentralError::Refused(m)) => {
            assert!(m.contains("publish the season first"), "{m}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fc.rows(), rows, "nothing written");

    // Only an administrator reclaims.
    let clerk = guichet::operators::Operator {
        role: guichet::domain::Role::Clerk,
        ..by.clone()
    };
    let refused = contingents::reclaim((&v.url, None), &clerk, 1, None, &[]);
    assert!(
        matches!(refused, Err(central::CentralError::NotAllowed(_))),
        "{refused:?}"
    );
}

#[test]
fn a_terminal_gives_back_a_set_time_before_the_performance_and_once_its_day_is_closed() {
    let Some(mut v) = venue("a_terminal_gives_back_a_set_time_before") else {
        return;
    };
    let (hall, starts_at) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall);
    lend(&mut v.a, hall, (20, 0));
    let first = seat_id(&v.fa, hall, &held_names(&v.fa, hall)[0]);
    sell(&mut v.a, hall, Place::Seat(first)).unwrap();
    let admin = common::system(&v.a);
    let signer_id = v.a.signer.terminal_id;

    // Out of bounds: refused, nothing set.
    assert!(matches!(
        giving_back::set_before(&mut v.a.store, &admin, Some(giving_back::MAX_MINUTES + 1)),
        Err(central::CentralError::GiveBackTooEarly(_))
    ));
    assert_eq!(giving_back::before(&v.a.store).unwrap(), None);
    giving_back::set_before(&mut v.a.store, &admin, Some(60)).unwrap();

    // Two hours before, nothing is due; half an hour before, the unsold.
    let early = starts_at - chrono::Duration::hours(2);
    assert!(
        giving_back::due(&v.a.store, signer_id, early)
            .unwrap()
            .is_empty()
    );
    let late = starts_at - chrono::Duration::minutes(30);
    assert_eq!(
        giving_back::due(&v.a.store, signer_id, late).unwrap(),
        vec![public_id(&v.fa, hall)]
    );
    // Vente asks for no more of it (the window's top-up reads this), and
    // the 19 seats it did not sell go back; the one sold stays.
    let by = common::system(&v.a);
    assert!(giving_back::is_due(&v.a.store, signer_id, starts_at, late));
    assert!(!giving_back::is_due(
        &v.a.store, signer_id, starts_at, early
    ));
    let given = giving_back::give_back_due(&mut v.a.store, &v.a.signer, &by, late).unwrap();
    assert_eq!(given.performances[0].seats_out, 19, "{given:?}");
    assert_eq!(held_names(&v.fa, hall).len(), 1);
    let there = places(&v.a, &performance);
    assert_eq!((there.sold, there.lent), (0, 1), "{there:?}");
    // Given back, nothing more is due: no network is asked for.
    assert!(
        giving_back::due(&v.a.store, signer_id, late)
            .unwrap()
            .is_empty()
    );
    verified(&v.a);

    // Never by itself before the performance, but at the day's closing:
    // another performance, its lot given back once the Z is taken.
    giving_back::set_before(&mut v.a.store, &admin, None).unwrap();
    let later = guichet::programming::upcoming(&v.a.store, starts_at, 100)
        .unwrap()
        .into_iter()
        .find(|p| p.hall == "Grande salle" && p.starts_at > starts_at)
        .expect("a later performance")
        .id;
    // (The clock goes on from the give-back: records never go back in time.)
    let now = late + chrono::Duration::minutes(1);
    contingents::lend(&mut v.a.store, &v.a.signer, &by, later, (10, 0), now).unwrap();
    assert!(
        giving_back::due(&v.a.store, signer_id, now)
            .unwrap()
            .is_empty()
    );
    common::season::count_drawer(&mut v.a, now);
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    guichet::till::closings::close_day(&mut v.a.store, &v.a.signer, &by, today, now).unwrap();
    let due = giving_back::due(&v.a.store, signer_id, now).unwrap();
    assert!(due.contains(&public_id(&v.fa, later)), "{due:?}");
    giving_back::give_back_due(&mut v.a.store, &v.a.signer, &by, now).unwrap();
    assert!(held_names(&v.fa, later).is_empty());
    verified(&v.a);
}

#[test]
fn online_a_counter_borrows_the_seats_it_names_from_the_pool_never_another_s() {
    let Some(mut v) = venue("online_a_counter_borrows_the_seats_it_names") else {
        return;
    };
    let (hall_a, _) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall_a);
    let hall_b = local_id(&v.fb, &performance);
    lend(&mut v.a, hall_a, (2, 0));
    let theirs = held_names(&v.fa, hall_a);
    // A seat A holds is not B's to take; one of the pool is.
    let by = common::system(&v.b);
    let pool = "Orchestre, rang J, 1".to_owned();
    assert!(!theirs.contains(&pool), "{theirs:?}");
    let named = [theirs[0].clone(), pool.clone()];
    let got =
        contingents::lend_named(&mut v.b.store, &v.b.signer, &by, hall_b, &named, now()).unwrap();
    assert_eq!(got.performances[0].seats_in, 1, "{got:?}");
    assert_eq!(held_names(&v.fb, hall_b), vec![pool]);
    assert_eq!(held_names(&v.fa, hall_a), theirs);
    // Too many names: refused before asking.
    let many: Vec<String> = (1..=51)
        .map(|n| format!("Orchestre, rang K, {n}"))
        .collect();
    assert!(matches!(
        contingents::lend_named(&mut v.b.store, &v.b.signer, &by, hall_b, &many, now()),
        Err(central::CentralError::Lot)
    ));
    verified(&v.b);
}

#[test]
fn an_outside_order_imported_on_a_joined_counter_lands_only_on_seats_lent_to_it() {
    let Some(mut v) = venue("an_outside_order_imported_on_a_joined_counter") else {
        return;
    };
    let (hall, _) = next_in(&v.a, "Grande salle");
    let performance = public_id(&v.fa, hall);
    lend(&mut v.a, hall, (1, 0));
    let mine = held_names(&v.fa, hall)[0].clone();
    let file = |order: &str, seat: &str| {
        serde_json::json!({
            "format": "guichet-orders", "version": 1, "source": "Revendeur", "channel": "reseller",
            "currency": "EUR",
            "orders": [{"id": order, "status": "paid", "placed_at": "2026-11-20T10:00:00+01:00",
                        "tickets": [{"id": format!("{order}-1"), "event": performance,
                                     "product": "PLEIN", "seat": seat, "price": 3200}]}]
        })
        .to_string()
    };
    let by = common::system(&v.a);
    // A seat no one lent here: it waits as a conflict, nothing is sold.
    let other = "Orchestre, rang J, 2";
    assert!(!held_names(&v.fa, hall).contains(&other.to_owned()));
    let bytes = file("R-1", other);
    let summary = guichet::exchange::imports::import(
        &mut v.a.store,
        &v.a.signer,
        &by,
        bytes.as_bytes(),
        false,
        now(),
    )
    .unwrap();
    assert_eq!((summary.imported, summary.conflicts), (0, 1), "{summary:?}");
    // The seat lent here lands.
    let bytes = file("R-2", &mine);
    let summary = guichet::exchange::imports::import(
        &mut v.a.store,
        &v.a.signer,
        &by,
        bytes.as_bytes(),
        false,
        now(),
    )
    .unwrap();
    assert_eq!((summary.imported, summary.conflicts), (1, 0), "{summary:?}");
    verified(&v.a);
}

//! Orders from the web shop, resellers and partners: the Guichet order file
//! and pretix's JSON order export land as orders of their channel, matched
//! to the patron file, their tickets (and the seller's codes) valid at the
//! door, outside the till's cash; importing again changes nothing; a seat
//! sold here meanwhile is a conflict the coordinator decides; a bad file is
//! refused whole and writes nothing.

#![recursion_limit = "512"]

mod common;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use common::{Fixture, next_in, now};
use guichet::counter::offer;
use guichet::domain::operator::Role;
use guichet::door::{self, Scope, Verdict};
use guichet::exchange::imports::{self, Decision, ImportError, Invalid, Problem, Summary, Target};
use guichet::operators::Operator;
use guichet::terminal::Terminal;

fn as_role(t: &Terminal, role: Role) -> Operator {
    Operator {
        role,
        ..common::system(t)
    }
}

fn import(t: &mut Terminal, file: &Value) -> Result<Summary, ImportError> {
    let by = common::system(t);
    let bytes = serde_json::to_vec_pretty(file).unwrap();
    imports::import(&mut t.store, &t.signer, &by, &bytes, false, now())
}

/// A performance's public id (what a Guichet order file names it by).
fn public_id(t: &Terminal, performance: i64) -> String {
    let conn = rusqlite::Connection::open(t.store.path()).unwrap();
    conn.query_row(
        "SELECT public_id FROM performance WHERE id = ?1",
        [performance],
        |r| r.get(0),
    )
    .unwrap()
}

/// The names of `n` good free seats of a numbered performance
/// ("Orchestre F 8"), and their ids.
fn free_seats(t: &Terminal, performance: i64, n: usize) -> Vec<(String, i64)> {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    offer
        .best(n)
        .unwrap()
        .into_iter()
        .map(|id| {
            let s = offer.seat(id).unwrap();
            (format!("{} {} {}", s.section, s.row, s.number), id)
        })
        .collect()
}

fn ticket(id: &str, event: &str, product: &str, seat: Option<&str>, price: i64) -> Value {
    json!({
        "id": id, "event": event, "product": product, "seat": seat, "price": price,
        "code": format!("WEB-{id}"), "holder": "Ana Lopes"
    })
}

fn order(id: &str, status: &str, email: &str, tickets: Vec<Value>) -> Value {
    let (first, last) = if email.is_empty() {
        ("Paul", "Martin")
    } else {
        ("Ana", "Lopes")
    };
    json!({
        "id": id, "status": status, "placed_at": "2026-11-20T18:04:00+01:00",
        "buyer": {"first_name": first, "last_name": last, "email": email,
                  "phone": "", "postcode": "69002", "language": "fr"},
        "tickets": tickets
    })
}

fn guichet_file(orders: Vec<Value>) -> Value {
    json!({
        "format": "guichet-orders", "version": 1,
        "source": "Billetterie du site", "channel": "web", "currency": "EUR",
        "events": [], "products": [{"id": "adulte", "name": "Adulte"}],
        "orders": orders
    })
}

fn count(t: &Terminal, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(t.store.path()).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn verify_holds(t: &Terminal) {
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{report:?}");
}

/// A scan at the door of the performance, an hour before it starts.
fn scan(t: &mut Terminal, performance: i64, starts: DateTime<Utc>, code: &str) -> Verdict {
    let by = common::system(t);
    door::scan(
        &mut t.store,
        Scope::Performance(performance),
        "Entrée",
        &by,
        code,
        starts - Duration::hours(1),
    )
    .unwrap()
    .verdict
}

#[test]
fn a_guichet_order_file_lands_once_with_its_channel_patron_and_codes_at_the_door() {
    let (f, mut t) = Fixture::demo();
    let (grande, starts) = next_in(&t, "Grande salle");
    let club = next_in(&t, "Le Club").0;
    let seats = free_seats(&t, grande, 2);
    let (g, c) = (public_id(&t, grande), public_id(&t, club));
    let file = guichet_file(vec![
        order(
            "W-1001",
            "paid",
            "ana.lopes@example.org",
            vec![
                ticket("W-1001-1", &g, "PLEIN", Some(&seats[0].0), 3200),
                ticket("W-1001-2", &g, "PLEIN", Some(&seats[1].0), 3200),
            ],
        ),
        order(
            "W-1002",
            "paid",
            "",
            vec![ticket("W-1002-1", &c, "adulte", None, 1500)],
        ),
    ]);

    // The product "adulte" is nobody's yet: nothing lands, the import asks.
    let asked = import(&mut t, &file).unwrap();
    assert_eq!(asked.imported, 0);
    assert_eq!(asked.unmapped.len(), 1, "{asked:?}");
    assert_eq!(asked.unmapped[0].external, "adulte");
    assert_eq!(asked.unmapped[0].label, "Adulte");
    assert_eq!(count(&t, "SELECT count(*) FROM sale_order"), 0);
    let by = common::system(&t);
    imports::map(
        &mut t.store,
        &by,
        "Billetterie du site",
        "adulte",
        &Target::Tariff("PLEIN".into()),
    )
    .unwrap();

    // Ana is in the patron file already (her address in capitals there).
    common::patron(&mut t, "Ana", "Lopes", "Ana.Lopes@example.org", "");
    let done = import(&mut t, &file).unwrap();
    assert_eq!(
        (done.imported, done.tickets, done.conflicts),
        (2, 3, 0),
        "{done:?}"
    );
    assert_eq!(
        (done.patrons_matched, done.patrons_created),
        (1, 1),
        "{done:?}"
    );
    assert_eq!(
        count(&t, "SELECT count(*) FROM sale_order WHERE channel = 'web'"),
        2
    );
    assert_eq!(
        count(
            &t,
            "SELECT sum(amount) FROM payment WHERE method = 'online'"
        ),
        3200 * 2 + 1500
    );
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM ticket WHERE seat_id IN (SELECT seat_id FROM ticket) AND seat_id IS NOT NULL"
        ),
        2
    );
    let patron_orders = count(
        &t,
        "SELECT count(*) FROM sale_order o JOIN patron p ON p.id = o.patron_id
         WHERE p.last_name = 'Lopes' AND p.source = 'counter'",
    );
    assert_eq!(patron_orders, 1);
    verify_holds(&t);
    // The box-office statement counts them with the counter's.
    let statement = guichet::till::statements::of_performance(&t.store, grande).unwrap();
    assert_eq!(statement.statement.tickets, 2);
    assert_eq!(statement.statement.revenue, 6400);

    // The same file again: nothing changes, not a row.
    let before = f.rows();
    let again = import(&mut t, &file).unwrap();
    assert_eq!((again.imported, again.unchanged), (0, 2), "{again:?}");
    assert_eq!(f.rows(), before);

    // At the door: the seller's code and the ticket's own code both name
    // the ticket; it enters once.
    assert_eq!(
        scan(&mut t, grande, starts, "WEB-W-1001-1"),
        Verdict::Admitted { reentry: false }
    );
    let own: String = {
        let conn = f.raw();
        conn.query_row(
            "SELECT t.code FROM ticket t JOIN external_code e ON e.ticket_id = t.id
             ORDER BY t.number LIMIT 1 OFFSET 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        scan(&mut t, grande, starts, &own),
        Verdict::Admitted { reentry: false }
    );
    assert!(matches!(
        scan(
            &mut t,
            grande,
            starts + Duration::minutes(5),
            "WEB-W-1001-1"
        ),
        Verdict::Refused(door::Refusal::AlreadyEntered { .. })
    ));
    assert!(matches!(
        scan(&mut t, grande, starts, "WEB-NOBODY"),
        Verdict::Refused(door::Refusal::NotATicket)
    ));
}

#[test]
fn a_seller_code_pointed_at_another_ticket_by_hand_is_refused_and_verify_names_it() {
    let (f, mut t) = Fixture::demo();
    let (grande, starts) = next_in(&t, "Grande salle");
    let seats = free_seats(&t, grande, 1);
    let g = public_id(&t, grande);
    let file = guichet_file(vec![order(
        "W-2001",
        "paid",
        "",
        vec![ticket("W-2001-1", &g, "PLEIN", Some(&seats[0].0), 3200)],
    )]);
    import(&mut t, &file).unwrap();
    let sold = common::sell_some(&mut t, grande, "PLEIN", 1);
    // Someone adds a code of their own to the counter's ticket.
    let forged = guichet::tickets::code::seller_code_hash("MY-OWN-CODE");
    f.raw()
        .execute(
            "INSERT INTO external_code (hash, ticket_id) VALUES (?1, ?2)",
            rusqlite::params![forged, sold.tickets[0].id],
        )
        .unwrap();
    assert!(matches!(
        scan(&mut t, grande, starts, "MY-OWN-CODE"),
        Verdict::Refused(door::Refusal::Forged)
    ));
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(!report.is_intact());
    assert!(
        format!("{report:?}").contains("external_code"),
        "{report:?}"
    );
}

#[test]
fn a_seat_sold_at_the_counter_meanwhile_is_a_conflict_the_coordinator_decides() {
    let (f, mut t) = Fixture::demo();
    let (grande, _) = next_in(&t, "Grande salle");
    let seats = free_seats(&t, grande, 3);
    let g = public_id(&t, grande);
    // The counter sells the first seat before the web's file comes in.
    let by = common::system(&t);
    let request = guichet::counter::SaleRequest {
        quoted: Vec::new(),
        items: vec![guichet::counter::Item {
            performance_id: grande,
            place: guichet::counter::Place::Seat(seats[0].1),
            tariff_id: offer::load(&t.store, grande, None, now())
                .unwrap()
                .tariff("PLEIN")
                .unwrap()
                .tariff
                .id,
        }],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: guichet::domain::Cents(100_000),
        }],
        ..Default::default()
    };
    guichet::counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
    let claims = |id: &str, seat: &str| {
        order(
            id,
            "paid",
            &format!("{}@example.org", id.to_lowercase()),
            vec![ticket(&format!("{id}-1"), &g, "PLEIN", Some(seat), 3200)],
        )
    };
    let file = guichet_file(vec![
        claims("W-3001", &seats[0].0),
        claims("W-3002", &seats[0].0),
        claims("W-3003", &seats[0].0),
    ]);
    let s = import(&mut t, &file).unwrap();
    assert_eq!((s.imported, s.conflicts), (0, 3), "{s:?}");
    let waiting = imports::outside_orders(&t.store, Some("conflict"), 100).unwrap();
    assert_eq!(waiting.len(), 3);
    assert_eq!(waiting[0].trouble[0].why, Problem::SeatSold);
    assert_eq!(count(&t, "SELECT count(*) FROM sale_order"), 1);
    // Importing again leaves them waiting, not doubled.
    let again = import(&mut t, &file).unwrap();
    assert_eq!((again.conflicts, again.waiting), (0, 3));

    let id = |ext: &str| waiting.iter().find(|o| o.external == ext).unwrap().id;
    let by = common::system(&t);
    // A clerk cannot decide; a note is needed to overbook or refund.
    let clerk = as_role(&t, Role::Clerk);
    let before = f.rows();
    assert!(matches!(
        imports::decide(
            &mut t.store,
            &t.signer,
            &clerk,
            id("W-3001"),
            &Decision::Move(vec![]),
            now()
        ),
        Err(ImportError::NotAllowed(_))
    ));
    assert!(matches!(
        imports::decide(
            &mut t.store,
            &t.signer,
            &by,
            id("W-3002"),
            &Decision::Overbook { note: "  ".into() },
            now()
        ),
        Err(ImportError::NoteNeeded)
    ));
    assert_eq!(f.rows(), before);

    // Moved: to the seat named.
    let moved = imports::decide(
        &mut t.store,
        &t.signer,
        &by,
        id("W-3001"),
        &Decision::Move(vec![seats[2].0.clone()]),
        now(),
    )
    .unwrap();
    assert_eq!(moved.state, "imported");
    assert_eq!(moved.decided_by.as_deref(), Some(by.name.as_str()));
    let seat_of = |order: i64| -> Option<i64> {
        f.raw()
            .query_row(
                "SELECT t.seat_id FROM ticket t JOIN order_line l ON l.id = t.order_line_id
                 WHERE l.order_id = ?1",
                [order],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(seat_of(moved.order_id.unwrap()), Some(seats[2].1));
    // Overbooked: no seat, the note kept.
    let over = imports::decide(
        &mut t.store,
        &t.signer,
        &by,
        id("W-3002"),
        &Decision::Overbook {
            note: "Strapontin en bout de rang".into(),
        },
        now(),
    )
    .unwrap();
    assert_eq!(seat_of(over.order_id.unwrap()), None);
    assert_eq!(over.note, "Strapontin en bout de rang");
    // Refunded at the seller: nothing lands.
    let refunded = imports::decide(
        &mut t.store,
        &t.signer,
        &by,
        id("W-3003"),
        &Decision::Refund {
            note: "Remboursé sur la billetterie".into(),
        },
        now(),
    )
    .unwrap();
    assert_eq!(
        (refunded.state.as_str(), refunded.order_id),
        ("refunded", None)
    );
    assert!(matches!(
        imports::decide(
            &mut t.store,
            &t.signer,
            &by,
            id("W-3003"),
            &Decision::Move(vec![]),
            now()
        ),
        Err(ImportError::NotAConflict(_))
    ));
    assert_eq!(count(&t, "SELECT count(*) FROM sale_order"), 3);
    verify_holds(&t);
    // And the file once more: nothing.
    let before = f.rows();
    let last = import(&mut t, &file).unwrap();
    assert_eq!((last.imported, last.conflicts), (0, 0));
    assert_eq!(f.rows(), before);
}

/// A pretix "Order data (JSON)" export as pretix writes it: an event series
/// (two dates), an item with variations and one that is no admission, a
/// paid order with a seat, a pending one, a test-mode one.
fn pretix_export(status_of_ab12c: &str) -> Value {
    json!({"event": {
        "name": "Cyrano de Bergerac", "slug": "cyrano", "organizer": {"name": "Théâtre des Quais", "slug": "quais"},
        "meta_data": {}, "categories": [{"id": 1, "name": "Billets", "description": "", "position": 0, "internal_name": null}],
        "items": [
            {"id": 11, "position": 0, "name": "Billet", "internal_name": "", "category": 1, "price": "32.00",
             "tax_rate": "5.50", "tax_name": "TVA", "admission": true, "personalized": true, "active": true,
             "variations": [
                {"id": 21, "active": true, "price": "32.00", "name": "Plein tarif", "description": "", "position": 0},
                {"id": 22, "active": true, "price": "24.00", "name": "Réduit", "description": "", "position": 1}
             ]},
            {"id": 12, "position": 1, "name": "Programme", "internal_name": "", "category": 1, "price": "5.00",
             "tax_rate": "5.50", "tax_name": "TVA", "admission": false, "personalized": false, "active": true, "variations": []}
        ],
        "questions": [],
        "orders": [
            {"code": "AB12C", "status": status_of_ab12c, "customer": null, "testmode": false,
             "user": "ines@example.org", "email": "ines@example.org", "phone": "None", "locale": "fr",
             "comment": "", "custom_followup_at": null, "require_approval": false, "checkin_attention": false,
             "sales_channel": "web", "expires": "2026-12-04T23:59:59+01:00", "datetime": "2026-11-20T09:12:44.123000+00:00",
             "fees": [], "total": "61.00",
             "positions": [
                {"id": 501, "positionid": 1, "item": 11, "variation": 21, "subevent": 7, "seat": null,
                 "price": "32.00", "tax_rate": "5.50", "tax_value": "1.67", "attendee_name": "Inès Morel",
                 "attendee_email": null, "company": null, "street": null, "zipcode": null, "country": null,
                 "state": null, "secret": "k7pm3zgq2x9w4r8tbn5hdf6yc", "addon_to": null, "answers": []},
                {"id": 502, "positionid": 2, "item": 12, "variation": null, "subevent": 7, "seat": null,
                 "price": "5.00", "tax_rate": "5.50", "tax_value": "0.26", "attendee_name": null,
                 "attendee_email": null, "company": null, "street": null, "zipcode": null, "country": null,
                 "state": null, "secret": "programmesecret0000000000", "addon_to": 501, "answers": []},
                {"id": 503, "positionid": 3, "item": 11, "variation": 22, "subevent": 7, "seat": null,
                 "price": "24.00", "tax_rate": "5.50", "tax_value": "1.25", "attendee_name": "Paul Morel",
                 "attendee_email": null, "company": null, "street": null, "zipcode": null, "country": null,
                 "state": null, "secret": "q2w3e4r5t6y7u8i9o0p1a2s3d", "addon_to": null, "answers": []}
             ]},
            {"code": "PEND1", "status": "n", "customer": null, "testmode": false, "email": "late@example.org",
             "phone": "None", "locale": "en", "datetime": "2026-11-21T10:00:00+00:00", "fees": [], "total": "32.00",
             "positions": [{"id": 601, "positionid": 1, "item": 11, "variation": 21, "subevent": 8, "seat": null,
                "price": "32.00", "tax_rate": "5.50", "tax_value": "1.67", "attendee_name": "Late Payer",
                "secret": "pendingsecret000000000000", "addon_to": null, "answers": []}]},
            {"code": "TEST1", "status": "p", "customer": null, "testmode": true, "email": "test@example.org",
             "phone": "None", "locale": "fr", "datetime": "2026-11-21T10:00:00+00:00", "fees": [], "total": "32.00",
             "positions": [{"id": 701, "positionid": 1, "item": 11, "variation": 21, "subevent": 8, "seat": null,
                "price": "32.00", "tax_rate": "5.50", "tax_value": "1.67", "attendee_name": "Test",
                "secret": "testsecret00000000000000000", "addon_to": null, "answers": []}]}
        ],
        "quotas": [],
        "subevents": [
            {"id": 7, "name": "Cyrano de Bergerac", "location": "", "date_from": "2026-12-04T20:00:00+01:00",
             "date_to": null, "date_admission": null, "geo_lat": null, "geo_lon": null, "is_public": true, "meta_data": {}},
            {"id": 8, "name": "Cyrano de Bergerac", "location": "", "date_from": "2026-12-05T20:00:00+01:00",
             "date_to": null, "date_admission": null, "geo_lat": null, "geo_lon": null, "is_public": true, "meta_data": {}}
        ]
    }})
}

#[test]
fn a_pretix_export_is_mapped_once_and_its_cancellations_follow_outside_the_till() {
    let (f, mut t) = Fixture::demo();
    let (club, starts) = next_in(&t, "Le Club");
    let by = common::system(&t);
    let file = pretix_export("p");
    let asked = import(&mut t, &file).unwrap();
    let mut wanted: Vec<String> = asked.unmapped.iter().map(|u| u.external.clone()).collect();
    wanted.sort();
    // The pending and test orders need nothing: only the paid one asks.
    assert_eq!(
        wanted,
        ["item:11/21", "item:11/22", "subevent:7"],
        "{asked:?}"
    );
    let source = "pretix:quais/cyrano";
    let map = |t: &mut Terminal, external: &str, target: Target| {
        imports::map(&mut t.store, &by, source, external, &target).unwrap()
    };
    map(&mut t, "subevent:7", Target::Performance(club));
    map(&mut t, "item:11/21", Target::Tariff("PLEIN".into()));
    map(&mut t, "item:11/22", Target::Tariff("reduit".into()));
    let mappings = imports::mappings(&t.store).unwrap();
    let label = mappings
        .iter()
        .find(|m| m.external == "item:11/22")
        .map(|m| (m.label.clone(), m.target.clone()));
    assert_eq!(
        label,
        Some(("Billet — Réduit".into(), Some("REDUIT".into())))
    );

    // A counter sale the same day, for the till's closing below.
    let counter = common::sell_some(&mut t, club, "PLEIN", 1);
    let done = import(&mut t, &file).unwrap();
    assert_eq!((done.imported, done.tickets), (1, 2), "{done:?}");
    assert_eq!(
        (
            done.left_out.pending,
            done.left_out.test,
            done.left_out.not_admission
        ),
        (1, 1, 1)
    );
    assert_eq!(
        count(
            &t,
            "SELECT sum(amount) FROM payment WHERE method = 'online'"
        ),
        3200 + 2400
    );
    assert_eq!(
        scan(&mut t, club, starts, "k7pm3zgq2x9w4r8tbn5hdf6yc"),
        Verdict::Admitted { reentry: false }
    );

    // The order is cancelled at pretix: the next export cancels it here,
    // refunded online, and the till's day knows nothing of either.
    let cancelled = import(&mut t, &pretix_export("c")).unwrap();
    assert_eq!(cancelled.cancelled, 1, "{cancelled:?}");
    assert!(matches!(
        scan(&mut t, club, starts, "q2w3e4r5t6y7u8i9o0p1a2s3d"),
        Verdict::Refused(door::Refusal::Cancelled { .. })
    ));
    assert_eq!(
        count(
            &t,
            "SELECT sum(amount) FROM payment WHERE method = 'online'"
        ),
        0
    );
    verify_holds(&t);
    common::count_drawer(&mut t, now());
    let day = now().with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let closed =
        guichet::till::closings::close_day(&mut t.store, &t.signer, &by, day, now()).unwrap();
    assert_eq!(closed.record.totals.sales, 1);
    assert_eq!(closed.record.totals.sold, counter.total.0);
    assert_eq!(closed.record.totals.cancellations, 0);
    assert_eq!(closed.record.totals.refunds, 0);
    // Once more: nothing.
    let before = f.rows();
    let last = import(&mut t, &pretix_export("c")).unwrap();
    assert_eq!((last.imported, last.cancelled, last.unchanged), (0, 0, 1));
    assert_eq!(f.rows(), before);
}

#[test]
fn a_bad_file_is_refused_whole_with_where_and_writes_nothing() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let c = public_id(&t, club);
    let good = |id: &str| {
        order(
            id,
            "paid",
            "",
            vec![ticket(&format!("{id}-1"), &c, "PLEIN", None, 1500)],
        )
    };
    let before = f.rows();
    let by = common::system(&t);

    // Truncated: the line is named.
    let text = serde_json::to_string_pretty(&guichet_file(vec![good("W-1")])).unwrap();
    let cut = &text.as_bytes()[..text.len() / 2];
    match imports::import(&mut t.store, &t.signer, &by, cut, false, now()) {
        Err(ImportError::Unreadable { line, .. }) => assert!(line > 1),
        other => panic!("{other:?}"),
    }
    // A price that is not one: the path is named.
    let mut bad = guichet_file(vec![good("W-1"), good("W-2")]);
    bad["orders"][1]["tickets"][0]["price"] = json!("quinze euros");
    match import(&mut t, &bad) {
        Err(ImportError::Invalid { path, why }) => {
            assert_eq!(path, "orders[1].tickets[0].price");
            assert!(matches!(why, Invalid::NotAmount(_)));
        }
        other => panic!("{other:?}"),
    }
    // The same order twice.
    match import(
        &mut t,
        &guichet_file(vec![good("W-1"), good("W-2"), good("W-1")]),
    ) {
        Err(ImportError::Duplicate {
            order,
            first,
            second,
        }) => {
            assert_eq!((order.as_str(), first, second), ("W-1", 0, 2))
        }
        other => panic!("{other:?}"),
    }
    // Not an order file; another currency; a clerk.
    assert!(matches!(
        import(&mut t, &json!({"hello": "world"})),
        Err(ImportError::NotAnOrderFile)
    ));
    let mut dollars = guichet_file(vec![good("W-1")]);
    dollars["currency"] = json!("CAD");
    assert!(matches!(
        import(&mut t, &dollars),
        Err(ImportError::Currency { .. })
    ));
    let clerk = as_role(&t, Role::Clerk);
    let bytes = serde_json::to_vec(&guichet_file(vec![good("W-1")])).unwrap();
    assert!(matches!(
        imports::import(&mut t.store, &t.signer, &clerk, &bytes, false, now()),
        Err(ImportError::NotAllowed(_))
    ));
    // Too large, refused before reading.
    let huge = vec![b' '; imports::MAX_BYTES + 1];
    assert!(matches!(
        imports::import(&mut t.store, &t.signer, &by, &huge, false, now()),
        Err(ImportError::TooLarge { .. })
    ));
    assert_eq!(f.rows(), before);
}

#[test]
fn the_documented_example_imports_from_the_command_line_once_mapped() {
    let (f, t) = Fixture::demo();
    let (grande, club) = (
        next_in(&t, "Grande salle").0.to_string(),
        next_in(&t, "Le Club").0.to_string(),
    );
    drop(t);
    let db = f.db.to_str().unwrap();
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/imports/example-orders.json"
    );
    let run = |args: &[&str]| common::guichet_as(db, common::DEMO_ADMIN, args);
    let text = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };

    let asked = run(&["orders", "import", example]);
    assert_eq!(asked.status.code(), Some(1), "{}", text(&asked));
    assert!(
        text(&asked)
            .contains("guichet orders map 'Billetterie du site' 'cyrano-1' --performance ID"),
        "{}",
        text(&asked)
    );
    for (external, flag, target) in [
        ("cyrano-1", "--performance", grande.as_str()),
        ("club-jazz", "--performance", club.as_str()),
        ("plein", "--tariff", "PLEIN"),
        ("jeune", "--tariff", "jeune"),
    ] {
        let out = run(&[
            "orders",
            "map",
            "Billetterie du site",
            external,
            flag,
            target,
        ]);
        assert!(out.status.success(), "{}", text(&out));
    }
    let done = run(&["orders", "import", example, "--json"]);
    assert!(done.status.success(), "{}", text(&done));
    let s: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(
        (s["imported"].as_u64(), s["tickets"].as_u64()),
        (Some(2), Some(3))
    );
    // Customer service finds a web order by its number at the seller, or
    // by the seller's code on a ticket.
    let found = run(&["orders", "find", "WS-7Q2K-20YE"]);
    assert!(text(&found).contains("JEUNE"), "{}", text(&found));
    let listed = run(&["orders", "outside", "--json"]);
    let rows: Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2));
    // A clerk may not import.
    let clerk = common::guichet_as(db, ("Lucas Martin", "1793"), &["orders", "import", example]);
    assert_eq!(clerk.status.code(), Some(2), "{}", text(&clerk));

    // The schema documents what the reader requires.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/imports/guichet-orders.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["$defs"]["ticket"]["required"],
        json!(["id", "event", "product", "price"])
    );
    assert_eq!(
        schema["$defs"]["order"]["required"],
        json!(["id", "status", "placed_at", "tickets"])
    );
}

#[test]
fn a_partners_buyers_get_their_e_tickets_queued_with_the_import_once() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let c = public_id(&t, club);
    let file = guichet_file(vec![
        order(
            "P-1",
            "paid",
            "ana.lopes@example.org",
            vec![ticket("P-1-1", &c, "PLEIN", None, 1500)],
        ),
        order(
            "P-2",
            "paid",
            "",
            vec![ticket("P-2-1", &c, "PLEIN", None, 1500)],
        ),
    ]);
    let by = common::system(&t);
    let bytes = serde_json::to_vec(&file).unwrap();
    let s = imports::import(&mut t.store, &t.signer, &by, &bytes, true, now()).unwrap();
    assert_eq!(
        (s.imported, s.e_tickets),
        (2, 1),
        "only the buyer with an address: {s:?}"
    );
    let queued = guichet::exchange::outbox::list(&t.store, &[], 100).unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].to, "ana.lopes@example.org");
    assert_eq!(queued[0].kind, guichet::domain::mail::MessageKind::ETicket);
    // The same file again: the orders are there, nothing is queued again.
    let again = imports::import(&mut t.store, &t.signer, &by, &bytes, true, now()).unwrap();
    assert_eq!((again.imported, again.e_tickets), (0, 0));
    assert_eq!(
        guichet::exchange::outbox::list(&t.store, &[], 100)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_code_two_sellers_both_use_stays_the_first_tickets_and_verify_holds() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let c = public_id(&t, club);
    let first = guichet_file(vec![order(
        "A-1",
        "paid",
        "",
        vec![ticket("SAME", &c, "PLEIN", None, 1500)],
    )]);
    let mut second = guichet_file(vec![order(
        "B-1",
        "paid",
        "",
        vec![ticket("SAME", &c, "PLEIN", None, 1500)],
    )]);
    second["source"] = json!("Revendeur");
    second["channel"] = json!("reseller");
    assert_eq!(import(&mut t, &first).unwrap().imported, 1);
    assert_eq!(import(&mut t, &second).unwrap().imported, 1);
    assert_eq!(count(&t, "SELECT count(*) FROM external_code"), 1);
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM sale_order WHERE channel = 'reseller'"
        ),
        1
    );
    verify_holds(&t);
}

/// The pretix export after the mapping of `a_pretix_export_…`: the club's
/// performance for subevent 7, PLEIN and REDUIT.
fn mapped_pretix(t: &mut Terminal, club: i64) {
    let by = common::system(t);
    let source = "pretix:quais/cyrano";
    import(t, &pretix_export("p")).unwrap();
    for (external, target) in [
        ("subevent:7", Target::Performance(club)),
        ("item:11/21", Target::Tariff("PLEIN".into())),
        ("item:11/22", Target::Tariff("REDUIT".into())),
    ] {
        imports::map(&mut t.store, &by, source, external, &target).unwrap();
    }
}

#[test]
fn a_cancellation_at_the_seller_applies_with_no_drawer_and_after_the_z() {
    let (_f, mut t) = Fixture::demo();
    let (club, starts) = next_in(&t, "Le Club");
    mapped_pretix(&mut t, club);
    assert_eq!(import(&mut t, &pretix_export("p")).unwrap().imported, 1);
    // The day is counted and closed: no drawer open, no sale possible now.
    let by = common::system(&t);
    common::count_drawer(&mut t, now());
    let day = now().with_timezone(&chrono_tz::Europe::Paris).date_naive();
    guichet::till::closings::close_day(&mut t.store, &t.signer, &by, day, now()).unwrap();
    let s = import(&mut t, &pretix_export("c")).unwrap();
    assert_eq!(s.cancelled, 1, "{s:?}");
    assert!(matches!(
        scan(&mut t, club, starts, "k7pm3zgq2x9w4r8tbn5hdf6yc"),
        Verdict::Refused(door::Refusal::Cancelled { .. })
    ));
    verify_holds(&t);
}

#[test]
fn tickets_cancelled_alone_at_the_seller_stop_at_the_door_and_names_edited_change_nothing() {
    let (f, mut t) = Fixture::demo();
    let (club, starts) = next_in(&t, "Le Club");
    mapped_pretix(&mut t, club);
    assert_eq!(import(&mut t, &pretix_export("p")).unwrap().tickets, 2);
    // pretix leaves the cancelled position out of its next export; the
    // buyer's name was corrected meanwhile.
    let mut later = pretix_export("p");
    let positions = later["event"]["orders"][0]["positions"]
        .as_array_mut()
        .unwrap();
    positions.retain(|p| p["id"] != json!(503));
    later["event"]["orders"][0]["positions"][0]["attendee_name"] = json!("Inès Morel-Duval");
    let s = import(&mut t, &later).unwrap();
    assert_eq!((s.tickets_cancelled, s.changed.len()), (1, 0), "{s:?}");
    assert!(matches!(
        scan(&mut t, club, starts, "q2w3e4r5t6y7u8i9o0p1a2s3d"),
        Verdict::Refused(door::Refusal::Cancelled { .. })
    ));
    assert_eq!(
        scan(&mut t, club, starts, "k7pm3zgq2x9w4r8tbn5hdf6yc"),
        Verdict::Admitted { reentry: false }
    );
    verify_holds(&t);
    let before = f.rows();
    let again = import(&mut t, &later).unwrap();
    assert_eq!(
        (again.unchanged, again.tickets_cancelled),
        (1, 0),
        "{again:?}"
    );
    assert_eq!(f.rows(), before);
    // A seat or price changed at the seller is for a person: listed.
    later["event"]["orders"][0]["positions"][0]["price"] = json!("30.00");
    let changed = import(&mut t, &later).unwrap();
    assert_eq!(changed.changed, ["AB12C"]);
}

#[test]
fn a_new_unmapped_event_holds_back_new_orders_but_not_the_sellers_cancellations() {
    let (_f, mut t) = Fixture::demo();
    let (club, starts) = next_in(&t, "Le Club");
    mapped_pretix(&mut t, club);
    import(&mut t, &pretix_export("p")).unwrap();
    // The next export: AB12C cancelled, and a new order for a date nobody
    // mapped yet.
    let mut later = pretix_export("c");
    let mut fresh = later["event"]["orders"][0].clone();
    fresh["code"] = json!("NEW01");
    fresh["status"] = json!("p");
    for p in fresh["positions"].as_array_mut().unwrap() {
        p["subevent"] = json!(8);
        p["secret"] = json!(format!("new{}", p["id"]));
    }
    later["event"]["orders"].as_array_mut().unwrap().push(fresh);
    let s = import(&mut t, &later).unwrap();
    assert_eq!((s.cancelled, s.imported), (1, 0), "{s:?}");
    assert_eq!(s.unmapped.len(), 1);
    assert_eq!(s.unmapped[0].external, "subevent:8");
    assert!(matches!(
        scan(&mut t, club, starts, "k7pm3zgq2x9w4r8tbn5hdf6yc"),
        Verdict::Refused(door::Refusal::Cancelled { .. })
    ));
}

#[test]
fn a_seat_held_here_is_a_conflict_and_a_file_may_not_pass_for_pretix() {
    let (f, mut t) = Fixture::demo();
    let (grande, _) = next_in(&t, "Grande salle");
    let seats = free_seats(&t, grande, 1);
    let op = common::system(&t);
    guichet::programming::holds::create(
        &mut t.store,
        &common::by(&t.signer, &op),
        grande,
        &guichet::programming::holds::HoldDraft {
            name: "Presse".into(),
            reason: "Première".into(),
            colour: "#8a1c2b".into(),
            seats: vec![seats[0].1],
            quantity: 0,
        },
    )
    .unwrap();
    let g = public_id(&t, grande);
    let file = guichet_file(vec![order(
        "W-9",
        "paid",
        "",
        vec![ticket("W-9-1", &g, "PLEIN", Some(&seats[0].0), 3200)],
    )]);
    let s = import(&mut t, &file).unwrap();
    assert_eq!((s.imported, s.conflicts), (0, 1));
    let waiting = imports::outside_orders(&t.store, Some("conflict"), 10).unwrap();
    assert_eq!(waiting[0].trouble[0].why, Problem::SeatHeld);
    // A Guichet file naming itself as a pretix export is refused.
    let mut posing = guichet_file(vec![]);
    posing["source"] = json!("pretix:quais/cyrano");
    let before = f.rows();
    match import(&mut t, &posing) {
        Err(ImportError::Invalid { path, .. }) => assert_eq!(path, "source"),
        other => panic!("{other:?}"),
    }
    assert_eq!(f.rows(), before);
}

#[test]
fn a_ticket_moved_out_of_a_sold_seat_lands_beside_its_companion() {
    let (f, mut t) = Fixture::demo();
    let (grande, _) = next_in(&t, "Grande salle");
    let sold = common::sell_some(&mut t, grande, "PLEIN", 1);
    let taken = sold.tickets[0].seat.clone().unwrap();
    let g = public_id(&t, grande);
    // The web shop sold the counter's seat and the one beside it.
    let offer = offer::load(&t.store, grande, None, now()).unwrap();
    let (taken_id, beside) = {
        let s = offer
            .seats
            .iter()
            .find(|s| s.section == taken.section && s.row == taken.row && s.number == taken.number)
            .unwrap();
        let near = offer
            .seats
            .iter()
            .filter(|o| o.row == s.row && o.section == s.section && o.id != s.id)
            .filter(|o| offer.sellable(o.id))
            .min_by(|a, b| (a.x - s.x).abs().total_cmp(&(b.x - s.x).abs()))
            .unwrap();
        (s.id, near.clone())
    };
    let name = |section: &str, row: &str, number: &str| format!("{section} {row} {number}");
    let file = guichet_file(vec![order(
        "W-7",
        "paid",
        "",
        vec![
            ticket(
                "W-7-1",
                &g,
                "PLEIN",
                Some(&name(&taken.section, &taken.row, &taken.number)),
                3200,
            ),
            ticket(
                "W-7-2",
                &g,
                "PLEIN",
                Some(&name(&beside.section, &beside.row, &beside.number)),
                3200,
            ),
        ],
    )]);
    assert_eq!(import(&mut t, &file).unwrap().conflicts, 1);
    let id = imports::outside_orders(&t.store, Some("conflict"), 10).unwrap()[0].id;
    let by = common::system(&t);
    let o = imports::decide(
        &mut t.store,
        &t.signer,
        &by,
        id,
        &Decision::Move(vec![]),
        now(),
    )
    .unwrap();
    let seats: Vec<i64> = {
        let c = f.raw();
        let mut stmt = c
            .prepare(
                "SELECT t.seat_id FROM ticket t JOIN order_line l ON l.id = t.order_line_id
                 WHERE l.order_id = ?1 ORDER BY t.seat_id",
            )
            .unwrap();
        stmt.query_map([o.order_id.unwrap()], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(
        seats.contains(&beside.id),
        "the companion keeps the seat claimed"
    );
    let moved = seats.iter().find(|s| **s != beside.id).unwrap();
    let moved = offer.seats.iter().find(|s| s.id == *moved).unwrap();
    let old = offer.seats.iter().find(|s| s.id == taken_id).unwrap();
    // The seat next to the one claimed (a seat is one unit wide on the
    // plan), not across the hall.
    let (dx, dy) = (moved.x - old.x, moved.y - old.y);
    assert!(
        dx * dx + dy * dy <= 1.5 * 1.5,
        "{moved:?} is far from {old:?}"
    );
}

#[test]
fn an_import_row_taken_out_by_hand_is_named_by_verify_before_a_second_import_doubles_it() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let c = public_id(&t, club);
    let file = guichet_file(vec![order(
        "W-5",
        "paid",
        "",
        vec![ticket("W-5-1", &c, "PLEIN", None, 1500)],
    )]);
    import(&mut t, &file).unwrap();
    verify_holds(&t);
    f.raw()
        .execute("DELETE FROM import_order WHERE external = 'W-5'", [])
        .unwrap();
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(!report.is_intact());
    assert!(format!("{report:?}").contains("import_order"), "{report:?}");
}

#[test]
fn a_timed_ticket_lands_in_the_slot_the_seller_sold_and_one_without_waits() {
    let (f, mut t) = Fixture::demo();
    let galerie = next_in(&t, "La Galerie").0;
    let offer = offer::load(&t.store, galerie, None, now()).unwrap();
    assert!(offer.slots.len() > 2, "hourly slots");
    let second = &offer.slots[2];
    let g = public_id(&t, galerie);
    let mut with_slot = ticket("M-1-1", &g, "PLEIN", None, 900);
    with_slot["slot"] = json!(second.starts_at.to_rfc3339());
    let file = guichet_file(vec![
        order("M-1", "paid", "", vec![with_slot]),
        order(
            "M-2",
            "paid",
            "",
            vec![ticket("M-2-1", &g, "PLEIN", None, 900)],
        ),
    ]);
    let s = import(&mut t, &file).unwrap();
    assert_eq!((s.imported, s.conflicts), (1, 1), "{s:?}");
    let slot: i64 = f
        .raw()
        .query_row(
            "SELECT t.slot_id FROM ticket t JOIN external_code e ON e.ticket_id = t.id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(slot, second.id);
    let waiting = imports::outside_orders(&t.store, Some("conflict"), 10).unwrap();
    assert_eq!(waiting[0].trouble[0].why, Problem::NoSlot);
    verify_holds(&t);
}

#[test]
fn a_performance_sold_only_online_is_called_off_from_the_office_with_no_drawer() {
    let (_f, mut t) = Fixture::demo();
    let (club, starts) = next_in(&t, "Le Club");
    let c = public_id(&t, club);
    let file = guichet_file(vec![order(
        "W-8",
        "paid",
        "ana.lopes@example.org",
        vec![ticket("W-8-1", &c, "PLEIN", None, 1500)],
    )]);
    import(&mut t, &file).unwrap();
    // The drawer is counted and put away: nobody is at the counter.
    common::count_drawer(&mut t, now());
    let by = common::system(&t);
    let done = guichet::counter::change::cancel_performance(
        &mut t.store,
        &t.signer,
        &by,
        club,
        guichet::domain::refund::Refund::AsPaid,
        now(),
    )
    .unwrap();
    assert_eq!(done.notices, 1);
    assert_eq!(
        count(
            &t,
            "SELECT sum(amount) FROM payment WHERE method = 'online'"
        ),
        0,
        "refunded by the seller, online"
    );
    assert!(matches!(
        scan(&mut t, club, starts, "WEB-W-8-1"),
        Verdict::Refused(door::Refusal::Cancelled { .. })
    ));
    verify_holds(&t);
}

/// pretix's seating plan as its plan editor exports it: zones of rows of
/// seats, each seat by an id of pretix's own (`seat_guid`).
fn pretix_plan(seats: &[(&str, &str)]) -> Value {
    let mut rows: Vec<(String, String, Vec<Value>)> = Vec::new();
    for (guid, name) in seats {
        let mut words = name.rsplitn(3, ' ');
        let (number, row, zone) = (
            words.next().unwrap(),
            words.next().unwrap(),
            words.next().unwrap(),
        );
        let seat = json!({"seat_guid": guid, "seat_number": number, "uuid": format!("u-{guid}"),
            "position": {"x": 10, "y": 20}, "category": "Catégorie 1"});
        match rows.iter_mut().find(|(z, r, _)| z == zone && r == row) {
            Some((_, _, list)) => list.push(seat),
            None => rows.push((zone.to_owned(), row.to_owned(), vec![seat])),
        }
    }
    let zones: Vec<Value> = rows
        .into_iter()
        .map(|(zone, row, seats)| {
            json!({"name": zone, "zone_id": zone.to_lowercase(), "position": {"x": 0, "y": 0},
                "rows": [{"row_number": row, "row_label": null, "seats": seats, "position": {"x": 0, "y": 0}}],
                "areas": []})
        })
        .collect();
    json!({"name": "Grande salle", "categories": [{"name": "Catégorie 1", "color": "#8a1c2b"}],
        "size": {"width": 800, "height": 600}, "zones": zones})
}

#[test]
fn pretix_seats_given_by_the_ids_of_its_plan_land_on_their_seats_once_the_plan_is_loaded() {
    let (f, mut t) = Fixture::demo();
    let (grande, _) = next_in(&t, "Grande salle");
    let seats = free_seats(&t, grande, 3);
    let by = common::system(&t);
    let source = "pretix:quais/cyrano";
    // Order AB12C has two seats by pretix's ids; CD34E claims the first again.
    let mut file = pretix_export("p");
    let orders = file["event"]["orders"].as_array_mut().unwrap();
    orders[0]["positions"][0]["seat"] = json!("3f9e2a6c-0001");
    orders[0]["positions"][2]["seat"] = json!("3f9e2a6c-0003");
    let mut again = orders[0].clone();
    again["code"] = json!("CD34E");
    again["email"] = json!("zoe@example.org");
    again["positions"] = json!([orders[0]["positions"][0].clone()]);
    again["positions"][0]["id"] = json!(901);
    again["positions"][0]["secret"] = json!("cd34esecret00000000000000");
    orders.push(again);
    import(&mut t, &file).unwrap();
    for (external, target) in [
        ("subevent:7", Target::Performance(grande)),
        ("item:11/21", Target::Tariff("PLEIN".into())),
        ("item:11/22", Target::Tariff("REDUIT".into())),
    ] {
        imports::map(&mut t.store, &by, source, external, &target).unwrap();
    }
    // Mapped, but its seats are ids: the plan is asked for, nothing lands.
    let asked = import(&mut t, &file).unwrap();
    let kinds: Vec<&str> = asked.unmapped.iter().map(|u| u.kind.as_str()).collect();
    assert_eq!(kinds, ["seats"], "{asked:?}");
    assert_eq!(asked.unmapped[0].orders, 2);
    assert_eq!(asked.imported, 0);

    // A plan that is none, or gives an id twice, or for a seller never met
    // or one that gives its seats by name: refused, nothing written.
    let named_seller = guichet_file(vec![]);
    import(&mut t, &named_seller).unwrap();
    let guichet_source = named_seller["source"].as_str().unwrap().to_owned();
    let before = f.rows();
    let load = |t: &mut Terminal, source: &str, plan: &Value| {
        let bytes = serde_json::to_vec(plan).unwrap();
        imports::load_seats(&mut t.store, &by, source, &bytes)
    };
    assert!(matches!(
        load(&mut t, source, &file),
        Err(ImportError::NotASeatingPlan)
    ));
    let twice = pretix_plan(&[("a", &seats[0].0), ("a", &seats[1].0)]);
    match load(&mut t, source, &twice) {
        Err(ImportError::Invalid {
            path,
            why: Invalid::Twice(first),
        }) => {
            assert!(path.ends_with("seats[1].seat_guid"), "{path}");
            assert!(first.ends_with("seats[0].seat_guid"), "{first}");
        }
        other => panic!("{other:?}"),
    }
    let plan = pretix_plan(&[
        ("3f9e2a6c-0001", &seats[0].0),
        ("3f9e2a6c-0002", &seats[1].0),
        ("3f9e2a6c-0003", &seats[2].0),
    ]);
    assert!(matches!(
        load(&mut t, "pretix:quais/autre", &plan),
        Err(ImportError::UnknownSeller(_))
    ));
    assert_eq!(f.rows(), before);

    // Nothing in the plan, or a seller that gives seats by name: refused.
    let empty = json!({"name": "Vide", "categories": [], "zones": []});
    assert!(matches!(
        load(&mut t, source, &empty),
        Err(ImportError::Invalid {
            why: Invalid::Missing,
            ..
        })
    ));
    assert!(matches!(
        load(&mut t, &guichet_source, &plan),
        Err(ImportError::UnknownSeller(_))
    ));
    assert_eq!(f.rows(), before);

    // As pretix's API gives it (inside `layout`), it is read the same.
    let api = json!({"id": 3, "name": "Grande salle", "layout": plan.clone()});
    assert_eq!(load(&mut t, source, &api).unwrap(), 3);
    let done = import(&mut t, &file).unwrap();
    assert_eq!(
        (done.imported, done.tickets, done.conflicts),
        (1, 2, 1),
        "{done:?}"
    );
    let on = |t: &Terminal, seat: i64| {
        count(
            t,
            &format!("SELECT count(*) FROM ticket WHERE seat_id = {seat} AND status = 'valid'"),
        )
    };
    let (a, b, c) = (seats[0].1, seats[1].1, seats[2].1);
    assert_eq!((on(&t, a), on(&t, b), on(&t, c)), (1, 0, 1));
    // The second claim of the same seat waits, the seat named as the hall says it.
    let waiting = imports::outside_orders(&t.store, Some("conflict"), 10).unwrap();
    assert_eq!(waiting[0].external, "CD34E");
    assert_eq!(waiting[0].trouble[0].why, Problem::SeatSold);
    assert_eq!(
        waiting[0].trouble[0].seat.as_deref(),
        Some(seats[0].0.as_str())
    );
    // Moved, it lands beside its claim.
    imports::decide(
        &mut t.store,
        &t.signer,
        &by,
        waiting[0].id,
        &Decision::Move(Vec::new()),
        now(),
    )
    .unwrap();
    assert_eq!(on(&t, b), 1, "the nearest free seat");
    verify_holds(&t);
}

#[test]
fn a_pretix_zone_that_names_no_section_of_the_hall_is_a_conflict_not_a_guess() {
    let (_f, mut t) = Fixture::demo();
    let (grande, _) = next_in(&t, "Grande salle");
    let seats = free_seats(&t, grande, 1);
    let by = common::system(&t);
    let source = "pretix:quais/cyrano";
    let mut file = pretix_export("p");
    file["event"]["orders"][0]["positions"][0]["seat"] = json!("p-1");
    file["event"]["orders"][0]["positions"][2]["seat"] = json!("p-2");
    import(&mut t, &file).unwrap();
    for (external, target) in [
        ("subevent:7", Target::Performance(grande)),
        ("item:11/21", Target::Tariff("PLEIN".into())),
        ("item:11/22", Target::Tariff("REDUIT".into())),
    ] {
        imports::map(&mut t.store, &by, source, external, &target).unwrap();
    }
    // The hall's row and number, but a zone the hall has no section for
    // (the Grande salle has several), and an id the plan does not have.
    let (_, rest) = seats[0].0.split_once(' ').unwrap();
    let plan = pretix_plan(&[("p-1", &format!("Parterre {rest}"))]);
    let bytes = serde_json::to_vec(&plan).unwrap();
    imports::load_seats(&mut t.store, &by, source, &bytes).unwrap();
    let s = import(&mut t, &file).unwrap();
    assert_eq!((s.imported, s.conflicts), (0, 1), "{s:?}");
    let waiting = imports::outside_orders(&t.store, Some("conflict"), 10).unwrap();
    let troubles: Vec<(Problem, Option<String>)> = waiting[0]
        .trouble
        .iter()
        .map(|t| (t.why, t.seat.clone()))
        .collect();
    assert_eq!(
        troubles,
        [
            (Problem::UnknownSeat, Some(format!("Parterre {rest}"))),
            (Problem::UnknownSeat, Some("p-2".into())),
        ]
    );
}

//! Doors and the central database on a real PostgreSQL (a throw-away
//! cluster each test starts): a counter sells and pushes; two doors pull
//! their list and admit the other terminal's tickets offline; both let the
//! same tickets in, and each second admission is exactly one
//! duplicate-entry conflict naming both doors and times. Online, a door
//! asks first and refuses a ticket that entered elsewhere. The list
//! answers to its signed record.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::pg::Cluster;
use common::{Fixture, next_in, now};
use guichet::central::{self, TerminalKind, contingents, doors, push};
use guichet::domain::payment::Method;
use guichet::door::{self, Central, Refusal, Scope, Verdict};
use guichet::ledger;
use guichet::terminal::Terminal;

/// A counter that sold `sold` seats of a performance and pushed them, and
/// two doors joined to the same central database.
struct Evening {
    _cluster: Cluster,
    url: String,
    fa: Fixture,
    a: Terminal,
    doors: Vec<(Fixture, Terminal, i64)>,
    codes: Vec<String>,
    starts_at: DateTime<Utc>,
}

fn evening(test: &str, sold: usize) -> Option<Evening> {
    let (cluster, url, fa, mut a) = common::central_demo(test)?;
    let (performance, starts_at) = next_in(&a, "Grande salle");
    let by = common::system(&a);
    let lot = u32::try_from(sold).unwrap();
    contingents::lend(&mut a.store, &a.signer, &by, performance, (lot, 0), now()).unwrap();
    // One order each, as walk-in sales are.
    for _ in 0..sold {
        common::sell_some(&mut a, performance, "PLEIN", 1);
    }
    push::push(&a.store, &a.signer).unwrap();
    let codes = codes(&fa);
    let public_id: String = fa
        .raw()
        .query_row(
            "SELECT public_id FROM performance WHERE id = ?1",
            [performance],
            |r| r.get(0),
        )
        .unwrap();
    let doors = (0..2)
        .map(|_| {
            let (f, mut t) = Fixture::bare_venue();
            common::join(&mut t, &url, TerminalKind::Door);
            let here: i64 = f
                .raw()
                .query_row(
                    "SELECT id FROM performance WHERE public_id = ?1",
                    [&public_id],
                    |r| r.get(0),
                )
                .unwrap();
            (f, t, here)
        })
        .collect();
    Some(Evening {
        _cluster: cluster,
        url,
        fa,
        a,
        doors,
        codes,
        starts_at,
    })
}

fn codes(f: &Fixture) -> Vec<String> {
    let conn = f.raw();
    let mut stmt = conn
        .prepare("SELECT code FROM ticket WHERE training = 0 ORDER BY number")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn pull(door: &mut (Fixture, Terminal, i64)) -> doors::Listed {
    let by = common::system(&door.1);
    doors::pull(&mut door.1.store, &door.1.signer, &by, &[door.2], now()).expect("pulled")
}

fn scan(door: &mut (Fixture, Terminal, i64), name: &str, code: &str, at: DateTime<Utc>) -> Verdict {
    let by = common::system(&door.1);
    door::scan(
        &mut door.1.store,
        Scope::Performance(door.2),
        name,
        &by,
        code,
        at,
    )
    .unwrap()
    .verdict
}

fn ledger_len(f: &Fixture) -> i64 {
    f.raw()
        .query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))
        .unwrap()
}

fn verified(t: &Terminal) {
    let report = ledger::verify::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

#[test]
fn two_doors_offline_let_the_same_tickets_in_and_each_second_entry_is_one_conflict() {
    let Some(mut e) = evening("two_doors_offline_let_the_same_tickets_in", 6) else {
        return;
    };
    // Before pulling, a door knows nothing of the counter's tickets.
    let early = e.starts_at - Duration::hours(1);
    assert!(matches!(
        scan(&mut e.doors[0], "Porte jardin", &e.codes[0], early),
        Verdict::Refused(Refusal::UnknownKey)
    ));
    for d in &mut e.doors {
        let listed = pull(d);
        assert_eq!((listed.tickets, listed.keys > 0), (6, true), "{listed:?}");
        verified(&d.1);
    }
    // Offline, each door lets the first four in; the garden door a fifth.
    for (i, code) in e.codes.iter().take(4).enumerate() {
        let at = early + Duration::minutes(i as i64);
        let garden = scan(&mut e.doors[0], "Porte jardin", code, at);
        assert_eq!(garden, Verdict::Admitted { reentry: false });
        let court = scan(
            &mut e.doors[1],
            "Porte cour",
            code,
            at + Duration::seconds(30),
        );
        assert_eq!(court, Verdict::Admitted { reentry: false });
    }
    scan(&mut e.doors[0], "Porte jardin", &e.codes[4], early);
    // A door knows its own admissions: the same ticket again is refused.
    assert!(matches!(
        scan(
            &mut e.doors[0],
            "Porte jardin",
            &e.codes[0],
            early + Duration::minutes(9)
        ),
        Verdict::Refused(Refusal::AlreadyEntered { .. })
    ));
    // Every scan goes up; pushing twice stores nothing new.
    for d in &mut e.doors {
        let pushed = doors::push_scans(&mut d.1.store).unwrap();
        assert!(pushed.stored > 0, "{pushed:?}");
        let again = doors::push_scans(&mut d.1.store).unwrap();
        assert_eq!(again.stored, 0, "{again:?}");
        verified(&d.1);
    }
    let conflicts = central::conflicts::list(&e.a.store).unwrap();
    let duplicates: Vec<_> = conflicts
        .iter()
        .filter(|c| c.kind == "duplicate_entry")
        .collect();
    assert_eq!(duplicates.len(), 4, "{conflicts:?}");
    assert_eq!(conflicts.len(), 4, "nothing else: {conflicts:?}");
    for c in &duplicates {
        assert!(c.detail.contains("Porte jardin"), "{}", c.detail);
        assert!(c.detail.contains("Porte cour"), "{}", c.detail);
        assert!(c.detail.contains("first_at"), "{}", c.detail);
    }
    // A door that pulls again learns who entered where.
    let listed = pull(&mut e.doors[1]);
    assert_eq!(listed.entered, 5, "{listed:?}");
    assert!(matches!(
        scan(&mut e.doors[1], "Porte cour", &e.codes[4], early + Duration::minutes(20)),
        Verdict::Refused(Refusal::AlreadyEntered { ref door, .. }) if door == "Porte jardin"
    ));
    verified(&e.doors[1].1);
    let _ = (&e.url, &e.fa);
}

#[test]
fn an_online_door_asks_first_and_refuses_a_ticket_that_entered_elsewhere() {
    let Some(mut e) = evening("an_online_door_asks_first", 2) else {
        return;
    };
    for d in &mut e.doors {
        pull(d);
    }
    let at = e.starts_at - Duration::minutes(30);
    let asked = |d: &mut (Fixture, Terminal, i64), name: &str, code: &str| {
        let mut client = central::connect_terminal(&d.1.store).unwrap();
        let by = common::system(&d.1);
        door::scan_asking(
            &mut d.1.store,
            (Scope::Performance(d.2), name),
            &by,
            code,
            at,
            &mut |a| doors::ask(&mut client, a),
        )
        .unwrap()
        .verdict
    };
    let code = e.codes[0].clone();
    assert_eq!(
        asked(&mut e.doors[0], "Porte jardin", &code),
        Verdict::Admitted { reentry: false }
    );
    match asked(&mut e.doors[1], "Porte cour", &code) {
        Verdict::Refused(Refusal::AlreadyEntered { door, .. }) => {
            assert!(door.starts_with("Porte jardin"), "{door}")
        }
        other => panic!("admitted twice: {other:?}"),
    }
    // The central database unreachable: the door judges alone.
    let other = e.codes[1].clone();
    let by = common::system(&e.doors[1].1);
    let d = &mut e.doors[1];
    let alone = door::scan_asking(
        &mut d.1.store,
        (Scope::Performance(d.2), "Porte cour"),
        &by,
        &other,
        at,
        &mut |_| Central::Unanswered,
    )
    .unwrap();
    assert_eq!(alone.verdict, Verdict::Admitted { reentry: false });
    for d in &mut e.doors {
        doors::push_scans(&mut d.1.store).unwrap();
    }
    let conflicts = central::conflicts::list(&e.a.store).unwrap();
    assert!(
        conflicts.is_empty(),
        "asked first, no conflict: {conflicts:?}"
    );
}

#[test]
fn a_door_list_edited_by_hand_is_found_and_a_stranger_key_signs_nothing() {
    let Some(mut e) = evening("a_door_list_edited_by_hand", 2) else {
        return;
    };
    // Too many performances: refused before anything is asked or written.
    let by = common::system(&e.doors[0].1);
    let many: Vec<i64> = vec![e.doors[0].2; 51];
    let before = ledger_len(&e.doors[0].0);
    let d = &mut e.doors[0];
    assert!(matches!(
        doors::pull(&mut d.1.store, &d.1.signer, &by, &many, now()),
        Err(central::CentralError::TooManyPerformances(50))
    ));
    assert_eq!(ledger_len(&e.doors[0].0), before);
    pull(&mut e.doors[0]);
    // Tickets marked cancelled in the list by hand: the door believes it
    // (it reads the list), and `verify` finds the list no longer matches
    // its signed digest.
    let conn = e.doors[0].0.raw();
    conn.execute("UPDATE door_ticket SET cancelled = 1", [])
        .unwrap();
    let at = e.starts_at - Duration::hours(1);
    assert!(matches!(
        scan(&mut e.doors[0], "Porte jardin", &e.codes[0], at),
        Verdict::Refused(Refusal::Cancelled { .. })
    ));
    let report = ledger::verify::verify(&e.doors[0].1.store).unwrap();
    let found = report.first_break.expect("the edit is found");
    assert_eq!(found.kind, "door_list", "{found:?}");
    // Pulled again, the list is the central one, and signed.
    pull(&mut e.doors[0]);
    verified(&e.doors[0].1);
    // A code signed by another venue's terminal (its key known neither
    // here nor centrally) is refused.
    let (fs, stranger) = Fixture::demo();
    let foreign: String = {
        let mut s = stranger;
        let (p, _) = next_in(&s, "Grande salle");
        common::sell_some(&mut s, p, "PLEIN", 1);
        codes(&fs).remove(0)
    };
    assert!(matches!(
        scan(&mut e.doors[0], "Porte jardin", &foreign, at),
        Verdict::Refused(Refusal::UnknownKey)
    ));
}

/// The order a ticket (by its code) belongs to, on the counter.
fn order_of(f: &Fixture, code: &str) -> i64 {
    f.raw()
        .query_row(
            "SELECT l.order_id FROM ticket t JOIN order_line l ON l.id = t.order_line_id
             WHERE t.code = ?1",
            [code],
            |r| r.get(0),
        )
        .unwrap()
}

/// A scan at a door that asks the central database first.
fn asked(d: &mut (Fixture, Terminal, i64), name: &str, code: &str, at: DateTime<Utc>) -> Verdict {
    let mut client = doors::asking(&d.1.store).expect("online");
    let by = common::system(&d.1);
    door::scan_asking(
        &mut d.1.store,
        (Scope::Performance(d.2), name),
        &by,
        code,
        at,
        &mut |a| doors::ask(&mut client, a),
    )
    .unwrap()
    .verdict
}

#[test]
fn online_a_ticket_refunded_since_the_list_is_refused_and_an_undone_admission_lets_its_holder_in_elsewhere()
 {
    let Some(mut e) = evening("online_a_ticket_refunded_since_the_list", 3) else {
        return;
    };
    for d in &mut e.doors {
        pull(d);
    }
    // Refunded at the counter after the doors pulled their list, pushed.
    let by = common::system(&e.a);
    let order = order_of(&e.fa, &e.codes[0]);
    guichet::counter::refunds::cancel(
        &mut e.a.store,
        &e.a.signer,
        &by,
        order,
        &[],
        Method::Cash,
        now(),
    )
    .unwrap();
    push::push(&e.a.store, &e.a.signer).unwrap();
    let at = e.starts_at - Duration::minutes(40);
    // The list still says valid; asked, the central database says no.
    assert!(matches!(
        asked(&mut e.doors[0], "Porte jardin", &e.codes[0], at),
        Verdict::Refused(Refusal::Cancelled { .. })
    ));
    // Let in at the garden door by mistake, undone there, then let in at
    // the court door: the undo went up, so no duplicate entry.
    let code = e.codes[1].clone();
    assert_eq!(
        asked(&mut e.doors[0], "Porte jardin", &code, at),
        Verdict::Admitted { reentry: false }
    );
    let d = &mut e.doors[0];
    let supervisor = common::system(&d.1);
    let later = at + Duration::minutes(1);
    door::undo_last(&mut d.1.store, "Porte jardin", &supervisor, later).unwrap();
    doors::push_scans(&mut d.1.store).unwrap();
    let again = later + Duration::minutes(1);
    assert_eq!(
        asked(&mut e.doors[1], "Porte cour", &code, again),
        Verdict::Admitted { reentry: false }
    );
    for d in &mut e.doors {
        doors::push_scans(&mut d.1.store).unwrap();
        verified(&d.1);
    }
    let conflicts = central::conflicts::list(&e.a.store).unwrap();
    assert!(conflicts.is_empty(), "{conflicts:?}");
}

#[test]
fn a_key_handed_over_by_a_signed_rotation_counts_and_one_pushed_without_the_key_does_not() {
    let Some(mut e) = evening("a_key_handed_over_by_a_signed_rotation", 1) else {
        return;
    };
    // The counter changes its key, sells with the new one, pushes.
    let by = common::system(&e.a);
    e.a.rotate_key(&by, "changement annuel").unwrap();
    let (performance, _) = next_in(&e.a, "Grande salle");
    contingents::lend(&mut e.a.store, &e.a.signer, &by, performance, (1, 0), now()).unwrap();
    common::sell_some(&mut e.a, performance, "PLEIN", 1);
    push::push(&e.a.store, &e.a.signer).unwrap();
    let newest = codes(&e.fa).pop().unwrap();
    assert_ne!(
        guichet::tickets::code::read(&newest)
            .unwrap()
            .claims
            .key_id_hex(),
        guichet::tickets::code::read(&e.codes[0])
            .unwrap()
            .claims
            .key_id_hex(),
        "sold with the new key"
    );
    // The counter's two keys, and the other door's.
    let listed = pull(&mut e.doors[0]);
    assert_eq!(listed.keys, 3, "{listed:?}");
    let at = e.starts_at - Duration::hours(1);
    assert_eq!(
        scan(&mut e.doors[0], "Porte jardin", &newest, at),
        Verdict::Admitted { reentry: false }
    );

    // A key change pushed with the counter's login but not its key (its
    // record signed by nothing): no door believes the key it names.
    let (stranger, _) = Fixture::demo();
    let theirs: String = stranger
        .raw()
        .query_row("SELECT lower(hex(public_key)) FROM terminal", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut owner = postgres::Client::connect(&e.url, postgres::NoTls).unwrap();
    owner
        .batch_execute(
            &r#"INSERT INTO guichet.ledger_record (terminal_id, chain, seq, kind, at, recorded, body,
                                                prev_hash, hash, signature)
             SELECT terminal_id, chain,
                    (SELECT max(seq) + 1 FROM guichet.ledger_record x
                     WHERE x.terminal_id = r.terminal_id AND x.chain = 'fiscal'),
                    kind, at, recorded,
                    regexp_replace(body, '"public_key":"[0-9a-f]{64}"',
                                   '"public_key":"THEIRS"'),
                    hash, hash, signature
             FROM guichet.ledger_record r
             WHERE chain = 'fiscal' AND kind = 'key_rotated'"#
                .replace("THEIRS", &theirs),
        )
        .unwrap();
    let listed = pull(&mut e.doors[1]);
    assert_eq!(
        listed.keys, 3,
        "the forged change hands over nothing: {listed:?}"
    );
    verified(&e.doors[1].1);
}

#[test]
fn an_admission_by_hand_asks_the_central_database_too() {
    let Some(mut e) = evening("an_admission_by_hand_asks", 1) else {
        return;
    };
    pull(&mut e.doors[0]);
    let at = e.starts_at - Duration::minutes(20);
    let code = e.codes[0].clone();
    assert_eq!(
        asked(&mut e.doors[0], "Porte jardin", &code, at),
        Verdict::Admitted { reentry: false }
    );
    // At the counter (a small venue's counter is a door too), the holder
    // is found by name and let in by hand: asked first, refused.
    let ticket_id: i64 =
        e.fa.raw()
            .query_row("SELECT id FROM ticket WHERE code = ?1", [&code], |r| {
                r.get(0)
            })
            .unwrap();
    let mut client = doors::asking(&e.a.store).expect("online");
    let by = common::system(&e.a);
    let performance = next_in(&e.a, "Grande salle").0;
    let by_hand = door::admit_by_hand(
        &mut e.a.store,
        (Scope::Performance(performance), "Accueil"),
        &by,
        ticket_id,
        at + Duration::minutes(1),
        &mut |a| doors::ask(&mut client, a),
    )
    .unwrap();
    assert!(
        matches!(&by_hand.verdict, Verdict::Refused(Refusal::AlreadyEntered { door, .. }) if door.starts_with("Porte jardin")),
        "{:?}",
        by_hand.verdict
    );
}

//! The attacks of issue 11, done through SQLite itself as someone with write
//! access to the database file (not to the key) would: drop a trigger, edit,
//! insert, delete, add a terminal. Each asserts what `verify` and the door
//! say. A season with a sale, a cancellation, an exchange and a reprint is
//! intact to begin with.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{Fixture, next_in, now, sell_some, system};
use ed25519_dalek::{Signer as _, SigningKey};
use guichet::counter::{Basket, Cash, Credit, offer, orders};
use guichet::domain::journal::{Break, Problem};
use guichet::domain::payment::Method;
use guichet::door::{self, Refusal, Scope, Verdict};
use guichet::ledger::verify::verify;
use guichet::store::Store;
use guichet::terminal::Terminal;
use guichet::tickets::code::{self, Claims};

/// A demo season after a day at the counter: order 1 (two seats, one of
/// them cancelled and refunded), order 2 exchanged for order 3, a reprint.
struct Day {
    f: Fixture,
    t: Terminal,
    performance: i64,
    starts: DateTime<Utc>,
    /// Codes: the live ticket of order 1, its cancelled one.
    live: String,
    cancelled: String,
}

fn a_day() -> Day {
    let (f, mut t) = Fixture::demo();
    let by = system(&t);
    let (p, starts) = next_in(&t, "Grande salle");
    let first = sell_some(&mut t, p, "PLEIN", 2);
    guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        first.order_id,
        &[first.tickets[1].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    let second = sell_some(&mut t, p, "REDUIT", 2);
    let old = orders::view(&t.store, second.order_id).unwrap();
    let mut basket = Basket::new(t.signer.terminal_id);
    basket.exchange(Credit::of(&old, &[]).unwrap());
    let o = offer::load(&t.store, p, None, now()).unwrap();
    basket.add(&mut t.store, &o, 3, None, None, now()).unwrap();
    basket
        .checkout(&mut t.store, &t.signer, &by, Cash::Exact, now())
        .unwrap();
    orders::reprint(&mut t.store, &t.signer, &by, first.tickets[0].number, now()).unwrap();
    let report = verify(&t.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
    // The program closed and opened again: the signed head beside the file
    // is written (its thread writes it at the latest when the program ends).
    drop(t);
    let t = f.terminal();
    Day {
        f,
        t,
        performance: p,
        starts,
        live: first.tickets[0].code.clone(),
        cancelled: first.tickets[1].code.clone(),
    }
}

/// Runs SQL on the file as an attacker would (triggers dropped first when
/// the statement needs it), then verifies from a fresh read-only store.
fn attack(day: &Day, sql: &str) -> Break {
    day.f.raw().execute_batch(sql).unwrap();
    let store = Store::open_read_only(&day.f.db).unwrap();
    let report = verify(&store).unwrap();
    report
        .first_break
        .unwrap_or_else(|| panic!("verify says intact after: {sql}"))
}

fn scan(day: &mut Day, text: &str) -> Verdict {
    let by = system(&day.t);
    let at = day.starts - Duration::minutes(30);
    let scope = Scope::Performance(day.performance);
    door::scan(&mut day.t.store, scope, "Porte A", &by, text, at)
        .unwrap()
        .verdict
}

fn disagrees(b: &Break, table: &str, what: &str) {
    match &b.problem {
        Problem::Disagrees {
            table: t, what: w, ..
        } => {
            assert_eq!(*t, table, "{b}");
            assert!(w.contains(what), "{b}");
        }
        _ => panic!("{table} {what} expected: {b}"),
    }
}

#[test]
fn an_edited_ticket_price_order_total_or_payment_is_named() {
    let b = attack(&a_day(), "UPDATE ticket SET price = 1 WHERE number = 1;");
    disagrees(&b, "ticket", "price");
    assert!(b.to_string().contains("ticket row ticket 1"), "{b}");
    let b = attack(
        &a_day(),
        "UPDATE sale_order SET total = 1 WHERE number = 1;",
    );
    disagrees(&b, "sale_order", "total");
    // A counter sale passed off as a web shop's.
    let b = attack(
        &a_day(),
        "UPDATE sale_order SET channel = 'web' WHERE number = 1;",
    );
    disagrees(&b, "sale_order", "channel");
    let b = attack(&a_day(), "UPDATE payment SET amount = 100 WHERE id = 1;");
    disagrees(&b, "sale_order", "payments");
    let b = attack(&a_day(), "UPDATE order_line SET quantity = 1 WHERE id = 1;");
    disagrees(&b, "sale_order", "lines");
    let b = attack(
        &a_day(),
        "UPDATE ticket SET order_line_id = (SELECT max(id) FROM order_line) WHERE number = 1;",
    );
    disagrees(&b, "ticket", "order");
    // A duplicata forgotten: the next one would get its number again.
    let b = attack(&a_day(), "UPDATE ticket SET prints = 1 WHERE number = 1;");
    disagrees(&b, "ticket", "prints");
}

#[test]
fn an_invented_or_deleted_order_is_named() {
    let b = attack(
        &a_day(),
        "INSERT INTO sale_order (public_id, terminal_id, number, operator_id, total, ledger_seq,
                                 created_at)
         VALUES ('invented', 1, 99, 1, 5000, 1, 0);",
    );
    match &b.problem {
        Problem::NoRecord { table, row } => {
            assert_eq!((*table, row.as_str()), ("sale_order", "order 99"));
        }
        other => panic!("{other:?}"),
    }
    let b = attack(
        &a_day(),
        "DELETE FROM ticket; DELETE FROM payment; DELETE FROM order_line; DELETE FROM sale_order;",
    );
    match &b.problem {
        Problem::NoRow { table, row } => {
            assert_eq!((*table, row.as_str()), ("sale_order", "order 1"));
        }
        other => panic!("{other:?}"),
    }
    // A ticket row alone, with no record.
    let b = attack(
        &a_day(),
        "INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
                             price, code, created_at)
         SELECT 'invented', 1, 999, order_line_id, performance_id, 0, 'X', 0
         FROM ticket WHERE number = 1;",
    );
    assert!(
        matches!(
            b.problem,
            Problem::NoRecord {
                table: "ticket",
                ..
            }
        ),
        "{b}"
    );
}

#[test]
fn a_cancelled_ticket_set_back_to_valid_stays_refused_at_the_door() {
    let mut day = a_day();
    let cancelled = day.cancelled.clone();
    assert!(matches!(
        scan(&mut day, &cancelled),
        Verdict::Refused(Refusal::Cancelled { .. })
    ));
    let b = attack(
        &day,
        "UPDATE ticket SET status = 'valid', cancelled_at = NULL WHERE number = 2;",
    );
    disagrees(&b, "ticket", "status");
    // The door believes the signed cancellation, not the row.
    match scan(&mut day, &cancelled) {
        Verdict::Refused(Refusal::Cancelled { at: Some(_) }) => {}
        other => panic!("{other:?}"),
    }
    // By hand too.
    let by = system(&day.t);
    let id: i64 = day
        .f
        .raw()
        .query_row("SELECT id FROM ticket WHERE number = 2", [], |r| r.get(0))
        .unwrap();
    let at = day.starts - Duration::minutes(30);
    let scope = Scope::Performance(day.performance);
    let alone = &mut |_: &door::Asked| door::Central::Unanswered;
    let answer =
        door::admit_by_hand(&mut day.t.store, (scope, "Porte A"), &by, id, at, alone).unwrap();
    assert!(!answer.admitted(), "{:?}", answer.verdict);
}

#[test]
fn an_edited_seat_is_caught_by_verify_and_refused_at_the_door() {
    let mut day = a_day();
    let b = attack(
        &day,
        "UPDATE ticket SET seat_id = (SELECT max(id) FROM seat) WHERE number = 1;",
    );
    disagrees(&b, "ticket", "seat");
    let live = day.live.clone();
    assert_eq!(scan(&mut day, &live), Verdict::Refused(Refusal::Altered));
}

/// A terminal and its key inserted by hand, a ticket signed with that key
/// for a seat never sold: the door refuses it, `verify` names the terminal.
#[test]
fn a_rogue_terminal_forges_nothing() {
    let mut day = a_day();
    let rogue = SigningKey::from_bytes(&[42; 32]);
    let public = rogue.verifying_key().to_bytes();
    let key_id = guichet::ledger::keys::key_id(&public);
    let hex = data_encoding::HEXLOWER.encode(&public);
    let seat: i64 = day
        .f
        .raw()
        .query_row(
            "SELECT max(s.id) FROM seat s JOIN performance p ON p.hall_id = s.hall_id
             WHERE p.id = ?1",
            [day.performance],
            |r| r.get(0),
        )
        .unwrap();
    let claims = Claims {
        key_id: data_encoding::HEXLOWER
            .decode(key_id.as_bytes())
            .unwrap()
            .try_into()
            .unwrap(),
        training: false,
        number: 1,
        performance: day.performance as u32,
        place: code::Place::Seat(seat as u32),
    };
    let forged = code::encode(&claims, &rogue.sign(&code::message(&claims)).to_bytes());
    let b = attack(
        &day,
        &format!(
            "INSERT INTO terminal (id, public_id, name, public_key, key_id, created_at)
               VALUES (2, 'rogue', 'Caisse pirate', X'{hex}', '{key_id}', 0);
             INSERT INTO terminal_key (key_id, terminal_id, number, public_key, created_at)
               VALUES ('{key_id}', 2, 1, X'{hex}', 0);
             INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
                                 seat_id, price, code, created_at)
               SELECT 'forged', 2, 1, order_line_id, {p}, {seat}, 0, '{forged}', 0
               FROM ticket WHERE number = 1;",
            p = day.performance
        ),
    );
    assert_eq!(b.problem, Problem::NotEnrolled, "{b}");
    assert_eq!(b.terminal, "Caisse pirate");
    assert_eq!(scan(&mut day, &forged), Verdict::Refused(Refusal::Forged));
}

/// A second key listed for the real terminal, never announced in its chain.
#[test]
fn a_key_added_to_the_real_terminal_signs_nothing() {
    let mut day = a_day();
    let rogue = SigningKey::from_bytes(&[43; 32]);
    let public = rogue.verifying_key().to_bytes();
    let key_id = guichet::ledger::keys::key_id(&public);
    let hex = data_encoding::HEXLOWER.encode(&public);
    let mut claims = code::read(&day.live).unwrap().claims;
    claims.key_id = data_encoding::HEXLOWER
        .decode(key_id.as_bytes())
        .unwrap()
        .try_into()
        .unwrap();
    let forged = code::encode(&claims, &rogue.sign(&code::message(&claims)).to_bytes());
    let b = attack(
        &day,
        &format!(
            "INSERT INTO terminal_key (key_id, terminal_id, number, public_key, created_at)
               VALUES ('{key_id}', 1, 2, X'{hex}', 0);
             UPDATE ticket SET code = '{forged}' WHERE number = 1;"
        ),
    );
    assert!(matches!(b.problem, Problem::KeyChange(_)), "{b}");
    assert_eq!(scan(&mut day, &forged), Verdict::Refused(Refusal::Forged));
}

#[test]
fn weakened_defences_are_reported() {
    let b = attack(&a_day(), "DROP TRIGGER ledger_no_delete;");
    assert_eq!(
        b.problem,
        Problem::Defence {
            object: "ledger_no_delete".into(),
            missing: true
        },
        "{b}"
    );
    let b = attack(
        &a_day(),
        "DROP TRIGGER ledger_no_update;
         CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger WHEN 0
         BEGIN SELECT RAISE(ABORT, 'no'); END;",
    );
    assert_eq!(
        b.problem,
        Problem::Defence {
            object: "ledger_no_update".into(),
            missing: false
        },
        "{b}"
    );
    // A trigger of one's own that rewrites what the program writes.
    let b = attack(
        &a_day(),
        "CREATE TRIGGER cheaper AFTER INSERT ON ticket
         BEGIN UPDATE ticket SET price = 0 WHERE id = new.id; END;",
    );
    assert!(
        matches!(&b.problem, Problem::Defence { object, missing: false } if object == "cheaper"),
        "{b}"
    );
    let b = attack(&a_day(), "DROP INDEX ticket_seat_live;");
    assert!(
        matches!(b.problem, Problem::Defence { missing: true, .. }),
        "{b}"
    );
}

#[test]
fn an_edited_unsigned_time_and_a_deleted_record_are_reported_as_such() {
    let b = attack(
        &a_day(),
        "DROP TRIGGER ledger_no_update;
         UPDATE ledger SET recorded = recorded + 3600000 WHERE kind = 'sale' AND seq = (
             SELECT min(seq) FROM ledger WHERE kind = 'sale');",
    );
    assert!(
        b.to_string()
            .contains("recorded time differs from its signed time"),
        "{b}"
    );
    // A record removed from the middle: named by its place, not by the
    // record found after it.
    let day = a_day();
    let reprint: i64 = day
        .f
        .raw()
        .query_row(
            "SELECT seq FROM ledger WHERE kind = 'reprint' AND chain = 'fiscal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let cancellation: i64 = day
        .f
        .raw()
        .query_row(
            "SELECT min(seq) FROM ledger WHERE kind = 'cancellation'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(cancellation < reprint);
    let b = attack(
        &day,
        &format!(
            "DROP TRIGGER ledger_no_delete;
             DELETE FROM ledger WHERE chain = 'fiscal' AND seq = {cancellation};"
        ),
    );
    assert_eq!(
        b.problem,
        Problem::Missing {
            from: cancellation,
            to: cancellation
        }
    );
    assert_eq!((b.kind.as_str(), b.at.as_str()), ("", ""), "{b}");
}

/// The newest records cut off the end of the chain, with their sales rows:
/// the chain verifies on its own, the signed head beside the database does
/// not, and no number is given out a second time.
#[test]
fn a_cut_chain_is_named_by_the_head_and_signs_nothing_more() {
    let day = a_day();
    let last: i64 = day
        .f
        .raw()
        .query_row(
            "SELECT max(seq) FROM ledger WHERE chain = 'fiscal'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(day.t);
    let day = Day {
        t: day.f.terminal(),
        ..day
    };
    // The reprint and the exchange's two records, and the exchange's rows.
    let b = attack(
        &day,
        &format!(
            "DROP TRIGGER ledger_no_delete;
             DELETE FROM ledger WHERE chain = 'fiscal' AND seq > {last} - 3;
             DELETE FROM ticket WHERE order_line_id IN (
                 SELECT id FROM order_line WHERE order_id = (SELECT max(id) FROM sale_order));
             DELETE FROM payment WHERE order_id = (SELECT max(id) FROM sale_order);
             DELETE FROM order_line WHERE order_id = (SELECT max(id) FROM sale_order);
             DELETE FROM sale_order WHERE id = (SELECT max(id) FROM sale_order);"
        ),
    );
    assert_eq!(
        b.problem,
        Problem::Truncated {
            head: last,
            found: last - 3
        },
        "{b}"
    );
    assert!(
        b.to_string()
            .contains(&format!("records after {} are missing", last - 3))
    );
    // The program started again refuses to sign: order 3's number would
    // be given out twice.
    let Day {
        f, t, performance, ..
    } = day;
    drop(t);
    let mut t = f.terminal();
    let o = offer::load(&t.store, performance, None, now()).unwrap();
    let by = system(&t);
    let mut basket = Basket::new(t.signer.terminal_id);
    basket.add(&mut t.store, &o, 1, None, None, now()).unwrap();
    let before = f.rows();
    let Err(e) = basket.checkout(&mut t.store, &t.signer, &by, Cash::Exact, now()) else {
        panic!("a sale over a cut chain was recorded");
    };
    assert!(e.to_string().contains("records were removed"), "{e}");
    assert_eq!(f.rows(), before, "nothing written");
}

/// Everything but the genesis records gone (and every sale): still named.
#[test]
fn a_ledger_cut_back_to_its_genesis_is_named() {
    let b = attack(
        &a_day(),
        "DROP TRIGGER ledger_no_delete;
         DELETE FROM scan; DELETE FROM ticket; DELETE FROM payment; DELETE FROM order_line;
         DELETE FROM sale_order; DELETE FROM ledger WHERE seq > 1;",
    );
    assert!(
        matches!(b.problem, Problem::Truncated { found: 1, .. }),
        "{b}"
    );
}

/// Cut while the window is open: its next sale is refused, not renumbered.
#[test]
fn a_cut_under_a_running_program_is_refused_at_the_next_sale() {
    let Day {
        f,
        mut t,
        performance,
        ..
    } = a_day();
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_delete;
             DELETE FROM ledger WHERE chain = 'fiscal'
               AND seq = (SELECT max(seq) FROM ledger WHERE chain = 'fiscal');",
        )
        .unwrap();
    let o = offer::load(&t.store, performance, None, now()).unwrap();
    let by = system(&t);
    let mut basket = Basket::new(t.signer.terminal_id);
    basket.add(&mut t.store, &o, 1, None, None, now()).unwrap();
    let Err(e) = basket.checkout(&mut t.store, &t.signer, &by, Cash::Exact, now()) else {
        panic!("a sale over a cut chain was recorded");
    };
    assert!(e.to_string().contains("records were removed"), "{e}");
}

#[test]
fn a_missing_or_forged_head_is_said_not_hidden() {
    use guichet::domain::journal::Witness;
    let day = a_day();
    let head = guichet::till::head_path(&day.f.db);
    let store = Store::open_read_only(&day.f.db).unwrap();
    assert_eq!(verify(&store).unwrap().witness, Witness::Held);
    // A head edited to forgive a cut: its signature no longer holds.
    let text = std::fs::read_to_string(&head).unwrap();
    let edited = text.replacen("\"seq\":", "\"seq\":1", 1);
    std::fs::write(&head, edited).unwrap();
    assert_eq!(verify(&store).unwrap().witness, Witness::Unreadable);
    std::fs::remove_file(&head).unwrap();
    let report = verify(&store).unwrap();
    assert_eq!(report.witness, Witness::Missing);
    let out = common::guichet(day.f.db.to_str().unwrap(), &["verify"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no signed head"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

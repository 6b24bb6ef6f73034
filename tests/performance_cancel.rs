//! A performance cancelled with its holders (issue 14, point 5): refunds
//! as paid (mixed ways, to the cent) or as a credit note, a notice queued
//! once per holder with an e-mail, the others on a printed call list; a
//! refusal writes nothing, and only a coordinator may. On a real database
//! file, at a fixed clock.

mod common;

use chrono::Duration;
use common::holders::*;
use common::{Fixture, now};
use guichet::counter::change::{self, ChangeError};
use guichet::domain::payment::Method;
use guichet::domain::refund::Refund;
use guichet::domain::{Cents, Locale};
use guichet::ledger::verify;

/// What each way gives back of `refund` for an order of `total` paid
/// `cash` in cash and the rest by card: proportions, the odd cent to the
/// larger remainder (cash on a tie).
fn expected_split(refund: i64, total: i64, cash: i64) -> (i64, i64) {
    let card = total - cash;
    let (c, k) = (refund * cash / total, refund * card / total);
    let (rc, rk) = (refund * cash % total, refund * card % total);
    match refund - c - k {
        0 => (c, k),
        _ if rc >= rk => (c + 1, k),
        _ => (c, k + 1),
    }
}

#[test]
fn cancelling_refunds_each_order_as_it_paid_to_the_cent() {
    let (f, mut t) = Fixture::demo();
    let s = three_holders(&mut t);
    let by = who(&mut t, COORDINATOR);

    let h = change::holders(&t.store, s.performance).unwrap();
    assert_eq!(h.orders.len(), 3);
    assert_eq!(h.tickets(), 5);
    assert_eq!(h.with_email(), 1);
    let ana = h
        .orders
        .iter()
        .find(|o| o.order_id == s.ana.order_id)
        .unwrap();
    assert_eq!(ana.tickets.len(), 2, "the club ticket is not a holder's");
    assert_eq!(ana.email(), Some("ana@example.fr"));

    let done = change::cancel_performance(
        &mut t.store,
        &t.signer,
        &by,
        s.performance,
        Refund::AsPaid,
        now(),
    )
    .unwrap();
    assert_eq!(status(&f, s.performance), "cancelled");

    // Ana: what her two Cyrano seats cost, shared between cash and card
    // in the order's proportions, to the cent; the club ticket stays.
    let cyrano_part: i64 = s
        .ana
        .tickets
        .iter()
        .filter(|t| t.performance_id == s.performance)
        .map(|t| t.price.0)
        .sum();
    let (cash, card) = expected_split(cyrano_part, s.ana.total.0, 1_000);
    assert_eq!(cash + card, cyrano_part);
    let refunds: Vec<(String, i64)> = payments(&f, s.ana.order_id)
        .into_iter()
        .filter(|(_, a)| *a < 0)
        .collect();
    assert_eq!(
        refunds,
        vec![("cash".to_owned(), -cash), ("card".to_owned(), -card)]
    );
    let club_ticket = s
        .ana
        .tickets
        .iter()
        .find(|t| t.performance_id != s.performance);
    let club_valid: String = f
        .raw()
        .query_row(
            "SELECT status FROM ticket WHERE id = ?1",
            [club_ticket.unwrap().id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(club_valid, "valid");
    // Bruno by cheque, the anonymous pair by card.
    assert_eq!(
        payments(&f, s.bruno.order_id).last().unwrap(),
        &("cheque".to_owned(), -s.bruno.total.0)
    );
    assert_eq!(
        payments(&f, s.anonymous.order_id).last().unwrap(),
        &("card".to_owned(), -s.anonymous.total.0)
    );
    let live: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ticket WHERE performance_id = ?1 AND status = 'valid'",
            [s.performance],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 0);
    // The totals by way, as the window's summary shows them.
    assert_eq!(
        done.refunded,
        vec![
            (Method::Cash, Cents(cash)),
            (Method::Card, Cents(card + s.anonymous.total.0)),
            (Method::Cheque, s.bruno.total),
        ]
    );

    // One notice (Ana), the two others on the call list.
    assert_eq!(done.notices, 1);
    assert_eq!(done.to_call, 2);
    let (key, kind, to, payload): (String, String, String, String) = f
        .raw()
        .query_row(
            "SELECT key, kind, destination, payload FROM outbox",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert!(key.starts_with("notice:") && key.ends_with(&s.ana.public_id));
    assert_eq!((kind.as_str(), to.as_str()), ("notice", "ana@example.fr"));
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["what"], "cancelled");
    assert_eq!(payload["refunds"][0]["method"], "cash");
    assert_eq!(payload["refunds"][0]["amount"], cash);
    let list = done.call_list.clone().expect("a call list");
    assert!(list.starts_with(f.dir.path().join("tickets")), "{list:?}");
    let text = pdf_text(&list);
    for want in [
        "Liste d’appels",
        "Bruno Caron",
        "06 12 34 56 78",
        "chèque",
        "Sans nom",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text.contains("Ana Lopes"), "Ana has an e-mail: {text}");

    // The season's journal says the performance was cancelled, and the
    // ledger still holds.
    let journal: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'programmed' AND body LIKE '%cancelled%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journal, 1);
    assert!(verify::verify(&t.store).unwrap().is_intact());

    // Again: refused, nothing new written, no second notice.
    let rows = f.rows();
    let again = change::cancel_performance(
        &mut t.store,
        &t.signer,
        &by,
        s.performance,
        Refund::AsPaid,
        now(),
    );
    assert!(
        matches!(again, Err(ChangeError::NothingToDo(_))),
        "{again:?}"
    );
    assert_eq!(f.rows(), rows);
    let words = guichet::ui::i18n::change::error(&again.unwrap_err(), Locale::FrFr);
    assert!(words.contains("déjà annulée"), "{words}");
}

#[test]
fn cancelling_as_a_voucher_gives_a_credit_note_and_refunds_a_performance_cancelled_earlier() {
    let (f, mut t) = Fixture::demo();
    let performance = cyrano(&t);
    let sold = sell_seats(&mut t, performance, (3, "PLEIN"), None, |total| {
        vec![tender(Method::Card, total.0)]
    });
    let by = who(&mut t, COORDINATOR);
    // Cancelled first in Programmation's settings: the holders still hold.
    let acting = guichet::programming::By {
        operator: &by,
        signer: &t.signer,
        now: now(),
    };
    let p = guichet::programming::performances::get(&t.store, performance).unwrap();
    let mut changes = guichet::programming::performances::Changes::of(&p);
    changes.status = guichet::domain::PerformanceStatus::Cancelled;
    guichet::programming::performances::update(&mut t.store, &acting, performance, &changes)
        .unwrap();
    assert_eq!(change::holders(&t.store, performance).unwrap().tickets(), 3);

    let done = change::cancel_performance(
        &mut t.store,
        &t.signer,
        &by,
        performance,
        Refund::Voucher,
        now(),
    )
    .unwrap();
    assert_eq!(done.refunded, vec![(Method::Voucher, sold.total)]);
    assert_eq!(
        payments(&f, sold.order_id),
        vec![
            ("card".to_owned(), sold.total.0),
            ("voucher".to_owned(), -sold.total.0)
        ]
    );
    assert_eq!(done.notices, 0);
    assert_eq!(done.to_call, 1, "an anonymous sale is on the call list");
    assert!(verify::verify(&t.store).unwrap().is_intact());
}

#[test]
fn bad_moves_and_a_clerk_are_refused_writing_nothing() {
    let (f, mut t) = Fixture::demo();
    let performance = cyrano(&t);
    sell_seats(&mut t, performance, (2, "PLEIN"), None, |total| {
        vec![tender(Method::Cash, total.0)]
    });
    let rows = f.rows();
    let signed = |f: &Fixture| -> i64 {
        f.raw()
            .query_row(
                "SELECT count(*) FROM ledger WHERE kind IN ('cancellation', 'programmed', 'sale')",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let signed_before = signed(&f);
    let coordinator = who(&mut t, COORDINATOR);
    let starts = change::holders(&t.store, performance)
        .unwrap()
        .performance
        .starts_at;
    let cases: Vec<(Result<change::Changed, ChangeError>, &str)> = vec![
        (
            change::move_performance(
                &mut t.store,
                &t.signer,
                &coordinator,
                performance,
                now() - Duration::days(1),
                now(),
            ),
            "est déjà passé",
        ),
        (
            change::move_performance(
                &mut t.store,
                &t.signer,
                &coordinator,
                performance,
                starts,
                now(),
            ),
            "est déjà à cette date",
        ),
        (
            change::cancel_performance(
                &mut t.store,
                &t.signer,
                &coordinator,
                999_999,
                Refund::AsPaid,
                now(),
            ),
            "n’existe pas",
        ),
    ];
    for (result, words) in cases {
        let e = result.unwrap_err();
        let said = guichet::ui::i18n::change::error(&e, Locale::FrFr);
        assert!(said.contains(words), "{said}");
    }
    let clerk = who(&mut t, CLERK);
    for refused in [
        change::cancel_performance(
            &mut t.store,
            &t.signer,
            &clerk,
            performance,
            Refund::AsPaid,
            now(),
        ),
        change::move_performance(
            &mut t.store,
            &t.signer,
            &clerk,
            performance,
            thursday(),
            now(),
        ),
    ] {
        let e = refused.unwrap_err();
        assert!(matches!(e, ChangeError::NotAllowed), "{e:?}");
        assert_eq!(
            e.to_string(),
            "only a coordinator or an administrator may: act as one with --operator"
        );
    }
    // A log-in or two were recorded by `who`; nothing else.
    let mut now_rows = f.rows();
    let mut then = rows.clone();
    now_rows.remove("ledger");
    then.remove("ledger");
    now_rows.remove("operator");
    then.remove("operator");
    assert_eq!(now_rows, then);
    assert_eq!(status(&f, performance), "on_sale");
    assert_eq!(signed(&f), signed_before, "nothing signed");
}

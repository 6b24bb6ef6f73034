//! A performance moved with its holders (issue 14, point 5): the tickets
//! re-issued on the new date in the same seats at the same price, the old
//! codes refused at the door with the new date in words, the new ones
//! admitted; the notice carrying the new tickets; a new date that cannot
//! seat everyone refused writing nothing; the command line, and `guichet
//! verify` after both a move and a cancellation. On a real database file,
//! at a fixed clock.

mod common;

use chrono::Duration;
use common::holders::*;
use common::{Fixture, now};
use guichet::counter::change::{self, ChangeError};
use guichet::domain::Locale;
use guichet::domain::payment::Method;
use guichet::door::{self, Refusal, Scope, Verdict};
use guichet::ledger::verify;
use guichet::terminal::Terminal;

#[test]
fn a_moved_performance_reissues_in_the_same_seats_and_the_door_names_the_new_date() {
    let (f, mut t) = Fixture::demo();
    let s = three_holders(&mut t);
    let by = who(&mut t, COORDINATOR);
    let old_codes: Vec<(i64, String, i64)> =
        guichet::counter::orders::view(&t.store, s.bruno.order_id)
            .unwrap()
            .tickets
            .into_iter()
            .map(|x| (x.number, x.code, x.price.0))
            .collect();
    let old_seats: Vec<Option<String>> = s
        .ana
        .tickets
        .iter()
        .filter(|x| x.performance_id == s.performance)
        .map(|x| x.seat.as_ref().map(|n| n.label(Locale::FrFr)))
        .collect();

    let done = change::move_performance(
        &mut t.store,
        &t.signer,
        &by,
        s.performance,
        thursday(),
        now(),
    )
    .unwrap();
    let (new_id, new_name, made) = done.moved_to.clone().unwrap();
    assert!(made, "a new performance was made on Thursday");
    assert_eq!(new_name.starts_at, thursday());
    assert_eq!(status(&f, s.performance), "cancelled");
    assert_eq!(status(&f, new_id), "on_sale");
    assert_eq!(done.orders.len(), 3);
    let tickets: usize = done.orders.iter().map(|o| o.replaced_by.len()).sum();
    let kept: usize = done.orders.iter().map(|o| o.seats_kept).sum();
    assert_eq!((tickets, kept), (5, 5), "everyone keeps their seat");
    assert!(done.refunded.is_empty(), "no money changes hands");

    // Ana's new order: same seats, same prices, paid by the old tickets'
    // credit; the old order gives that credit back as a voucher.
    let ana = done
        .orders
        .iter()
        .find(|o| o.order_number == s.ana.number)
        .unwrap();
    let new_order =
        guichet::counter::orders::by_number(&t.store, t.signer.terminal_id, ana.new_order.unwrap())
            .unwrap();
    let new_seats: Vec<Option<String>> = new_order
        .tickets
        .iter()
        .map(|x| x.seat.as_ref().map(|n| n.label(Locale::FrFr)))
        .collect();
    assert_eq!(new_seats, old_seats);
    assert!(new_order.tickets.iter().all(|x| x.performance_id == new_id));
    let cyrano_part: i64 = s
        .ana
        .tickets
        .iter()
        .filter(|x| x.performance_id == s.performance)
        .map(|x| x.price.0)
        .sum();
    assert_eq!(new_order.total.0, cyrano_part);
    assert_eq!(
        payments(&f, new_order.id),
        vec![("voucher".into(), cyrano_part)]
    );
    assert_eq!(
        payments(&f, s.ana.order_id).last().unwrap(),
        &("voucher".to_owned(), -cyrano_part)
    );

    // The door: Bruno's old code is refused with the new date in words and
    // the ticket that replaced it; his new code enters on Thursday.
    let bruno = done
        .orders
        .iter()
        .find(|o| o.order_number == s.bruno.number)
        .unwrap();
    let new_bruno = guichet::counter::orders::view(
        &t.store,
        guichet::counter::orders::by_number(
            &t.store,
            t.signer.terminal_id,
            bruno.new_order.unwrap(),
        )
        .unwrap()
        .id,
    )
    .unwrap();
    assert_eq!(new_bruno.tickets[0].price.0, old_codes[0].2, "same price");
    let at_door = thursday() - Duration::minutes(30);
    let steward = who(&mut t, CLERK);
    let old = door::scan(
        &mut t.store,
        Scope::Today,
        "Porte A",
        &steward,
        &old_codes[0].1,
        at_door,
    )
    .unwrap();
    match &old.verdict {
        Verdict::Refused(Refusal::Moved { to, ticket }) => {
            assert_eq!(to.starts_at, thursday());
            assert_eq!(*ticket, Some(bruno.replaced_by[0]));
        }
        other => panic!("refused as moved, not {other:?}"),
    }
    let said = guichet::ui::i18n::door::reason(&old, Locale::FrFr).unwrap();
    assert_eq!(
        said,
        format!(
            "représentation déplacée au jeudi 26 novembre 2026 à 20:00 : ce billet a été remplacé (billet n° {:06})",
            bruno.replaced_by[0]
        )
    );
    let english = guichet::ui::i18n::door::reason(&old, Locale::En).unwrap();
    assert!(english.starts_with("performance moved to Thursday 26 November 2026 at 20:00"));
    let new = door::scan(
        &mut t.store,
        Scope::Today,
        "Porte A",
        &steward,
        &new_bruno.tickets[0].code,
        at_door,
    )
    .unwrap();
    assert!(new.admitted(), "{:?}", new.verdict);

    // Ana is told by e-mail (the new order's tickets go with it), Bruno
    // and the anonymous pair are on the call list.
    assert_eq!((done.notices, done.to_call), (1, 2));
    let (order_id, payload): (i64, String) = f
        .raw()
        .query_row(
            "SELECT order_id, payload FROM outbox WHERE kind = 'notice'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(order_id, new_order.id);
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["what"], "moved");
    assert_eq!(payload["to"], "2026-11-26T19:00:00Z");
    // Their new tickets are kept beside the database, to hand over or post.
    assert_eq!(done.tickets_kept.len(), 2);
    let kept = pdf_text(&done.tickets_kept[0]);
    assert!(kept.contains("jeudi 26 novembre 2026"), "{kept}");
    let text = pdf_text(done.call_list.as_ref().unwrap());
    assert!(
        text.contains("Déplacé au jeu. 26 nov. 2026 20:00"),
        "{text}"
    );
    assert!(text.contains("mêmes places"), "{text}");
    assert!(verify::verify(&t.store).unwrap().is_intact());
}

#[test]
fn the_notice_of_a_move_carries_the_new_tickets_in_the_patrons_language() {
    use guichet::domain::mail::MailSettings;
    use guichet::exchange::mail::compose::compose;
    let (_f, mut t) = Fixture::demo();
    let s = three_holders(&mut t);
    let by = who(&mut t, COORDINATOR);
    change::move_performance(
        &mut t.store,
        &t.signer,
        &by,
        s.performance,
        thursday(),
        now(),
    )
    .unwrap();
    let order = latest_order(&t);
    let row = t
        .store
        .read(|tx| guichet::store::outbox::of_order(tx, order))
        .unwrap();
    let notice = row
        .iter()
        .find(|r| r.kind == guichet::domain::mail::MessageKind::Notice)
        .expect("the notice");
    let settings = MailSettings {
        from: "billetterie@theatre-test.fr".into(),
        ..MailSettings::default()
    };
    let message = compose(&t.store, notice, &settings, now()).unwrap();
    let raw = String::from_utf8_lossy(&message.formatted()).to_string();
    assert!(raw.contains("application/pdf"), "the new tickets attached");
    let text = decoded(&raw);
    assert!(
        text.contains("déplacée au jeudi 26 novembre 2026 à 20:00"),
        "{text}"
    );
    assert!(text.contains("Vous gardez vos places"), "{text}");
    assert!(
        text.contains("Commande n° "),
        "the new tickets listed: {text}"
    );
}

/// The newest order (the move's last new order is Ana's or another's: the
/// notice is on whichever was Ana's).
fn latest_order(t: &Terminal) -> i64 {
    let found = guichet::counter::orders::find(&t.store, t.signer.terminal_id, "Lopes").unwrap();
    found.iter().map(|o| o.id).max().unwrap()
}

/// The text parts of a message, quoted-printable undone.
fn decoded(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::new();
    let bytes = joined.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_move_that_cannot_seat_everyone_is_refused_writing_nothing() {
    let f = Fixture::new();
    let mut t = f.terminal();
    common::one_performance(&mut t, true);
    let first = guichet::programming::all_performances(&t.store).unwrap()[0].clone();
    let admin = who(&mut t, common::ADMIN);
    let acting = guichet::programming::By {
        operator: &admin,
        signer: &t.signer,
        now: now(),
    };
    let next_day = guichet::programming::performances::duplicate(
        &mut t.store,
        &acting,
        first.id,
        first.starts_at + Duration::days(1),
    )
    .unwrap();
    // The next day: 45 of its 50 seats sold; the first: 10.
    for _ in 0..5 {
        common::sell_some(&mut t, next_day.id, "PLEIN", 9);
    }
    for _ in 0..2 {
        common::sell_some(&mut t, first.id, "PLEIN", 5);
    }
    let rows = f.rows();
    let files =
        || std::fs::read_dir(f.dir.path().join("tickets").join("2026-11")).map_or(0, |d| d.count());
    let before = files();
    let refused = change::move_performance(
        &mut t.store,
        &t.signer,
        &admin,
        first.id,
        next_day.starts_at,
        now(),
    );
    match &refused {
        Err(ChangeError::NotEnoughSeats { wanted, free, .. }) => assert!(wanted > free),
        other => panic!("refused for want of seats, not {other:?}"),
    }
    let words = guichet::ui::i18n::change::error(&refused.unwrap_err(), Locale::FrFr);
    assert!(words.contains("Rien n’a été modifié"), "{words}");
    assert_eq!(f.rows(), rows, "nothing written");
    assert_eq!(files(), before, "no call list");
    assert_eq!(status(&f, first.id), "on_sale");
}

#[test]
fn the_command_line_lists_cancels_and_moves_and_verify_holds() {
    let (f, mut t) = Fixture::demo();
    let s = three_holders(&mut t);
    let other = guichet::programming::upcoming(&t.store, now(), 100)
        .unwrap()
        .into_iter()
        .find(|p| p.show == "Le Misanthrope")
        .unwrap()
        .id;
    sell_seats(&mut t, other, (2, "PLEIN"), None, |total| {
        vec![tender(Method::Card, total.0)]
    });
    drop(t);
    let db = f.db.to_str().unwrap();
    let id = s.performance.to_string();
    let out = common::guichet(db, &["performance", "holders", &id, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(h["tickets"], 5);
    assert_eq!(h["with_email"], 1);
    assert_eq!(h["orders"].as_array().unwrap().len(), 3);

    let bad = common::guichet_as(
        db,
        COORDINATOR,
        &["performance", "cancel", &id, "--refund", "cash"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use as-paid or voucher"));
    let bad = common::guichet_as(
        db,
        COORDINATOR,
        &["performance", "move", &id, "--to", "jeudi"],
    );
    assert_eq!(bad.status.code(), Some(2));
    let clerk = common::guichet_as(
        db,
        CLERK,
        &["performance", "cancel", &id, "--refund", "voucher"],
    );
    assert_eq!(clerk.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&clerk.stderr).contains("only a coordinator"));

    let moved = common::guichet_as(
        db,
        COORDINATOR,
        &[
            "performance",
            "move",
            &id,
            "--to",
            "2026-11-26 20:00",
            "--json",
        ],
    );
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let m: serde_json::Value = serde_json::from_slice(&moved.stdout).unwrap();
    assert_eq!(m["moved_to"]["starts_at"], "2026-11-26T19:00:00+00:00");
    assert_eq!(m["notices"], 1);
    let other = other.to_string();
    let cancelled = common::guichet_as(
        db,
        COORDINATOR,
        &["performance", "cancel", &other, "--refund", "as-paid"],
    );
    let said = String::from_utf8_lossy(&cancelled.stdout);
    assert!(
        cancelled.status.success(),
        "{}",
        String::from_utf8_lossy(&cancelled.stderr)
    );
    assert!(
        said.contains("Performance cancelled: Le Misanthrope"),
        "{said}"
    );
    assert!(said.contains("Refunded: Card"), "{said}");
    let verified = common::guichet(db, &["verify"]);
    assert!(
        verified.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
}

//! Gift vouchers and credit notes on a real database: a voucher sold at
//! the counter (money in the drawer, no revenue), spent across three sales
//! to the cent, refused once spent, expired, mistyped or unknown; a refund
//! given back as a credit note that pays a later sale; two counters of one
//! file spending the same voucher at once, which only one of them gets;
//! the closing, the accountant's entries and `verify` holding it all.

mod common;

use chrono::{Duration, NaiveDate};
use common::{Fixture, count_drawer, next_in, now, open_drawer};
use guichet::counter::vouchers::{
    self, CodeError, Filter, GiftSale, IssueError, Validity, VoucherError,
};
use guichet::counter::{self, CounterError};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::terminal::Terminal;

fn cash(cents: i64) -> Tender {
    Tender {
        method: Method::Cash,
        amount: Cents(cents),
        voucher: None,
    }
}

fn voucher(id: i64, cents: i64) -> Tender {
    Tender {
        method: Method::Voucher,
        amount: Cents(cents),
        voucher: Some(id),
    }
}

fn gift(amount: i64, validity: Option<Validity>, tenders: Vec<Tender>) -> GiftSale {
    GiftSale {
        amount: Cents(amount),
        validity,
        patron_id: None,
        tenders,
    }
}

fn sell_gift(
    t: &mut Terminal,
    sale: &GiftSale,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<vouchers::GiftSold, CounterError> {
    open_drawer(t, at);
    let by = common::system(t);
    vouchers::sell(&mut t.store, &t.signer, &by, sale, at)
}

/// Two club tickets of the demo, paid by `tenders`, at `at`.
fn two_tickets(
    t: &mut Terminal,
    tenders: Vec<Tender>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<counter::Sold, CounterError> {
    let club = guichet::programming::upcoming(&t.store, at, 100)
        .unwrap()
        .into_iter()
        .find(|p| p.hall == "Le Club" || p.hall == "Club")
        .expect("a club night on sale")
        .id;
    let request = common::request(t, club, "PLEIN", 2, tenders);
    common::sell_at(t, &request, at)
}

fn voucher_error(r: Result<impl std::fmt::Debug, CounterError>) -> VoucherError {
    match r {
        Err(CounterError::Voucher(e)) => e,
        other => panic!("a voucher refusal, not {other:?}"),
    }
}

#[test]
fn a_gift_voucher_pays_three_sales_to_the_cent_and_is_refused_once_spent() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let two = common::price(&t, club, "PLEIN").0 * 2;
    // Sold for 50.00, paid with a 60.00 note: 10.00 back.
    let sold = sell_gift(&mut t, &gift(5_000, None, vec![cash(6_000)]), now()).unwrap();
    assert_eq!(sold.change, Cents(1_000));
    let v = &sold.voucher;
    assert_eq!(v.amount, Cents(5_000));
    assert_eq!(
        v.last_day,
        NaiveDate::from_ymd_opt(2027, 11, 23),
        "a year in France"
    );
    assert_eq!(v.code.len(), 19);
    let db = f.raw();
    let stored: String = db
        .query_row("SELECT code_sha256 || hint FROM voucher", [], |r| r.get(0))
        .unwrap();
    assert!(
        !stored.contains(&v.code.replace('-', "")),
        "only the code's digest is kept"
    );
    let total: i64 = db
        .query_row(
            "SELECT total FROM sale_order WHERE number = ?1",
            [sold.order_number],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total, 0, "a voucher sold is no revenue");

    // Three sales: 20.00, 25.00, then 5.00 of what is left.
    let id = v.voucher_id;
    let first = two_tickets(&mut t, vec![voucher(id, 2_000), cash(two)], now()).unwrap();
    two_tickets(&mut t, vec![voucher(id, 2_500), cash(two)], now()).unwrap();
    let found = vouchers::find(&t.store, &v.code.to_lowercase(), now()).unwrap();
    assert_eq!(found.balance, Cents(500));
    // More than is left: refused, nothing written.
    let before = f.rows();
    let e = voucher_error(two_tickets(
        &mut t,
        vec![voucher(id, 1_000), cash(two)],
        now(),
    ));
    assert!(matches!(
        e,
        VoucherError::Short {
            balance: Cents(500),
            asked: Cents(1_000),
            ..
        }
    ));
    assert_eq!(f.rows(), before, "nothing written");
    assert!(e.to_string().contains("€5.00"), "{e}");
    two_tickets(&mut t, vec![voucher(id, 500), cash(two)], now()).unwrap();
    let found = vouchers::find(&t.store, &v.code, now()).unwrap();
    assert_eq!(found.balance, Cents::ZERO);
    assert_eq!(
        found.uses.iter().map(|u| u.1.0).collect::<Vec<_>>(),
        [2_000, 2_500, 500]
    );
    assert_eq!(found.uses[0].0, first.number);
    let e = voucher_error(two_tickets(
        &mut t,
        vec![voucher(id, 100), cash(two)],
        now(),
    ));
    assert!(matches!(
        e,
        VoucherError::Short {
            balance: Cents::ZERO,
            ..
        }
    ));
    assert!(e.to_string().contains("spent"), "{e}");

    // The drawer holds the voucher's 50.00 and the cash of the sales; the
    // Z counts as sold only the tickets, the voucher nets to nothing once
    // spent, and verify holds every row to its record.
    let expected = guichet::till::drawer::current(&t.store, t.signer.terminal_id)
        .unwrap()
        .unwrap()
        .expected;
    let taken = 5_000 + (two - 2_000) + (two - 2_500) + (two - 500);
    assert_eq!(expected.total(), 10_000 + taken);
    let by = common::system(&t);
    count_drawer(&mut t, now());
    let day = now().date_naive();
    let z = guichet::till::closings::close_day(&mut t.store, &t.signer, &by, day, now()).unwrap();
    let totals = &z.record.totals;
    assert_eq!(totals.sold, 3 * two);
    assert_eq!(totals.tickets, 6);
    let method = |m: &str| {
        totals
            .payments
            .iter()
            .find(|p| p.method == m)
            .map_or(0, |p| p.amount)
    };
    assert_eq!(method("voucher"), 0, "issued 50.00, spent 50.00");
    assert_eq!(method("cash"), taken);
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
    let listed = vouchers::list(&t.store, None, Filter::All, now()).unwrap();
    assert_eq!((listed.count, listed.balance), (1, Cents::ZERO));
}

#[test]
fn mistyped_unknown_expired_and_out_of_bounds_vouchers_are_refused_with_nothing_written() {
    // A club night in two months; a voucher of one month sold today.
    let f = Fixture::new();
    let mut t = f.terminal();
    common::performance_at(&mut t, false, now() + Duration::days(60));
    let sold = sell_gift(
        &mut t,
        &gift(3_000, Some(Validity(Some(1))), vec![cash(3_000)]),
        now(),
    )
    .unwrap();
    let code = sold.voucher.code.clone();
    // One character changed: caught by the check character.
    let mut typo: Vec<char> = code.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let e = voucher_error(vouchers::find(&t.store, &typo, now()));
    assert!(
        matches!(e, VoucherError::Code(CodeError::Mistyped)),
        "{e:?}"
    );
    assert!(matches!(
        voucher_error(vouchers::find(&t.store, "12345", now())),
        VoucherError::Code(CodeError::Malformed(_))
    ));
    assert!(matches!(
        voucher_error(vouchers::find(&t.store, &"X".repeat(10_000_000), now())),
        VoucherError::Code(CodeError::Malformed(_))
    ));
    // A well-formed code no voucher here has.
    let other = guichet::domain::voucher::Code::from_random([7; 10]).printed();
    assert!(matches!(
        voucher_error(vouchers::find(&t.store, &other, now())),
        VoucherError::Unknown
    ));

    // It is taken until a month later, and refused after.
    let id = sold.voucher.voucher_id;
    let last = sold.voucher.last_day.unwrap();
    assert_eq!(last, NaiveDate::from_ymd_opt(2026, 12, 23).unwrap());
    let later = now() + Duration::days(31);
    open_drawer(&mut t, later);
    let before = f.rows();
    let e = voucher_error(two_tickets(
        &mut t,
        vec![voucher(id, 1_000), cash(10_000)],
        later,
    ));
    assert!(
        matches!(
            e,
            VoucherError::Expired {
                balance: Cents(3_000),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(f.rows(), before, "nothing written");
    assert!(e.to_string().contains("expired on 2026-12-23"), "{e}");
    let expired = vouchers::list(&t.store, None, Filter::Expired, later).unwrap();
    assert_eq!((expired.count, expired.balance), (1, Cents(3_000)));
    assert_eq!(
        vouchers::list(&t.store, None, Filter::Open, later)
            .unwrap()
            .count,
        0
    );

    // Bad sales of a voucher: each refused, nothing written.
    let before = f.rows();
    for amount in [0, -500, 100_001, i64::MAX, i64::MIN] {
        let e = voucher_error(sell_gift(
            &mut t,
            &gift(amount, None, vec![cash(5_000)]),
            later,
        ));
        assert!(
            matches!(e, VoucherError::Issue(IssueError::Amount(_), _)),
            "{amount}"
        );
    }
    for months in [0, 37, u32::MAX] {
        let sale = gift(1_000, Some(Validity(Some(months))), vec![cash(1_000)]);
        let e = voucher_error(sell_gift(&mut t, &sale, later));
        assert!(
            matches!(e, VoucherError::Issue(IssueError::Months(_), _)),
            "{months}"
        );
    }
    let paid_by_voucher = gift(1_000, None, vec![voucher(id, 1_000)]);
    assert!(matches!(
        voucher_error(sell_gift(&mut t, &paid_by_voucher, later)),
        VoucherError::ForVoucher
    ));
    // Short of money: the sale's own refusal.
    assert!(matches!(
        sell_gift(&mut t, &gift(1_000, None, vec![cash(500)]), later),
        Err(CounterError::Payment { .. })
    ));
    // A voucher payment that names no voucher.
    let unnamed = Tender {
        method: Method::Voucher,
        amount: Cents(500),
        voucher: None,
    };
    assert!(matches!(
        voucher_error(two_tickets(&mut t, vec![unnamed, cash(10_000)], later)),
        VoucherError::NeedsCode
    ));
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn in_quebec_a_voucher_never_expires_and_one_that_would_is_refused() {
    let f = Fixture::new();
    let mut t = f.terminal();
    common::quebec_season(&mut t);
    let sold = sell_gift(&mut t, &gift(2_500, None, vec![cash(2_500)]), now()).unwrap();
    assert_eq!(sold.voucher.last_day, None);
    let e = voucher_error(sell_gift(
        &mut t,
        &gift(2_500, Some(Validity(Some(12))), vec![cash(2_500)]),
        now(),
    ));
    assert!(matches!(
        e,
        VoucherError::Issue(IssueError::ExpiryInQuebec, _)
    ));
    assert!(e.to_string().contains("187.3"), "{e}");
}

#[test]
fn a_refund_as_a_voucher_is_a_credit_note_with_a_code_that_pays_a_later_sale() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let two = common::price(&t, club, "PLEIN").0 * 2;
    let sold = two_tickets(&mut t, vec![cash(two)], now()).unwrap();
    let by = common::system(&t);
    let refunded = counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[],
        Method::Voucher,
        now(),
    )
    .unwrap();
    let credit = refunded.credit.expect("a credit note");
    assert_eq!(credit.amount, Cents(two));
    assert_eq!(credit.kind, vouchers::Kind::Credit);
    let found = vouchers::find(&t.store, &credit.code, now()).unwrap();
    assert_eq!(found.balance, Cents(two));
    assert_eq!(found.voucher.order_number, sold.number);
    // It pays the next sale, in part.
    two_tickets(
        &mut t,
        vec![voucher(credit.voucher_id, two - 100), cash(100)],
        now(),
    )
    .unwrap();
    let found = vouchers::find(&t.store, &credit.code, now()).unwrap();
    assert_eq!(found.balance, Cents(100));
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[test]
fn two_counters_spending_one_voucher_at_once_take_it_once() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let sold = sell_gift(&mut t, &gift(4_000, None, vec![cash(4_000)]), now()).unwrap();
    let id = sold.voucher.voucher_id;
    let request = common::request(&t, club, "PLEIN", 2, vec![voucher(id, 4_000), cash(10_000)]);
    drop(t);
    let start = std::sync::Arc::new(std::sync::Barrier::new(2));
    let counters: Vec<_> = (0..2)
        .map(|_| {
            let (db, start, request) = (f.db.clone(), start.clone(), request.clone());
            std::thread::spawn(move || {
                let mut t = Terminal::open(&db, common::clock()).unwrap();
                let by = common::system(&t);
                start.wait();
                counter::sell::sell(&mut t.store, &t.signer, &by, &request, now())
            })
        })
        .collect();
    let results: Vec<_> = counters.into_iter().map(|c| c.join().unwrap()).collect();
    let taken = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(taken, 1, "{results:?}");
    let refused = results.into_iter().find_map(Result::err).unwrap();
    assert!(matches!(
        voucher_error(Err::<(), _>(refused)),
        VoucherError::Short {
            balance: Cents::ZERO,
            ..
        }
    ));
    let t = f.terminal();
    assert_eq!(common::count(&f.raw(), "voucher_use"), 1);
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[test]
fn verify_finds_a_voucher_forged_or_changed_behind_the_ledger() {
    let (f, mut t) = Fixture::demo();
    sell_gift(&mut t, &gift(2_000, None, vec![cash(2_000)]), now()).unwrap();
    drop(t);
    let db = f.raw();
    // The schema refuses to change a voucher or what it paid.
    assert!(db.execute("UPDATE voucher SET amount = 90000", []).is_err());
    assert!(db.execute("DELETE FROM voucher", []).is_err());
    // A voucher written behind the ledger's back, with a code one knows.
    let forged = guichet::domain::voucher::Code::from_random([1; 10]);
    db.execute(
        "INSERT INTO voucher (public_id, code_sha256, hint, kind, amount, order_id, issued_at)
         SELECT 'forged', ?1, ?2, 'gift', 50000, order_id, issued_at FROM voucher",
        rusqlite::params![forged.digest(), forged.hint()],
    )
    .unwrap();
    let t = f.terminal();
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    let found = report
        .first_break
        .expect("the forged voucher is found")
        .to_string();
    assert!(
        found.contains("voucher") && found.contains("forged"),
        "{found}"
    );
}

#[test]
fn the_command_line_sells_finds_spends_and_lists_vouchers() {
    let (f, t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    drop(t);
    let db = f.db.to_str().unwrap();
    let me = ("Camille Roche", "2468");
    let out = common::guichet_as(
        db,
        me,
        &[
            "vouchers",
            "sell",
            "--amount",
            "4000",
            "--pay",
            "card:4000",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let sold: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let code = sold["code"].as_str().unwrap().to_owned();
    assert_eq!(sold["amount"], 4000);
    let pay = format!("voucher:{code}:1500,cash:10000");
    let club = club.to_string();
    let args = [
        "sell",
        "--performance",
        &club,
        "--qty",
        "1",
        "--tariff",
        "PLEIN",
        "--pay",
        &pay,
    ];
    let out = common::guichet_as(db, me, &args);
    assert!(out.status.success(), "{out:?}");
    let out = common::guichet(db, &["vouchers", "show", &code, "--json"]);
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["balance"], 2500);
    assert_eq!(shown["uses"].as_array().unwrap().len(), 1);
    let out = common::guichet(db, &["vouchers", "list", "--open", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (listed["count"].clone(), listed["balance"].clone()),
        (1.into(), 2500.into())
    );
    // A mistyped code: said, exit 1, nothing taken.
    let mut typo = code.clone();
    typo.replace_range(0..1, if code.starts_with('A') { "B" } else { "A" });
    let out = common::guichet(db, &["vouchers", "show", &typo]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("mistyped"),
        "{out:?}"
    );
    let out = common::guichet_as(
        db,
        me,
        &["vouchers", "sell", "--amount", "0", "--pay", "cash:1"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("gift voucher is worth"),
        "{out:?}"
    );
}

//! Closings of the till: a day (Z) with sales, a partial refund, an
//! exchange and an invitation, its totals checked to the cent; the closed
//! day takes no more sales or refunds; Z numbers without gaps and the
//! perpetual total across days, a month and a year; closings refused too
//! early, twice, before an earlier day, or by a clerk for a month; verify
//! holds every closing against the records it sums.

mod common;

use chrono::{Duration, NaiveDate};
use common::{Fixture, next_in, now};
use guichet::counter::{self, CounterError, Item, Place, SaleRequest};
use guichet::domain::Cents;
use guichet::domain::closing::Period;
use guichet::domain::payment::{Method, Tender};
use guichet::terminal::Terminal;
use guichet::till::closings::{self, TillError};

/// Monday 23 November 2026, the day of [`now`] in Paris.
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// `n` tickets of a tariff for a performance, paid by `tenders`, at `at`.
fn sell(
    t: &mut Terminal,
    performance: i64,
    tariff: &str,
    n: usize,
    tenders: Vec<Tender>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<counter::Sold, CounterError> {
    let request = common::request(t, performance, tariff, n, tenders);
    common::sell_at(t, &request, at)
}

/// Closes a day as a clerk does: the drawer counted first (at what it
/// should hold), then the Z.
fn close_day(
    t: &mut Terminal,
    by: &guichet::operators::Operator,
    day: NaiveDate,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<closings::Closed, TillError> {
    common::count_drawer(t, at);
    closings::close_day(&mut t.store, &t.signer, by, day, at)
}

fn pay(method: Method, cents: i64) -> Vec<Tender> {
    vec![Tender {
        voucher: None,
        method,
        amount: Cents(cents),
    }]
}

#[test]
fn a_day_is_closed_to_the_cent_and_takes_no_more_sales() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let gallery = next_in(&t, "La Galerie").0;
    let by = common::system(&t);
    // Two full-price tickets at the club, cash with change; two at the
    // gallery by card; one invitation.
    let a = sell(&mut t, club, "PLEIN", 2, pay(Method::Cash, 10_000), now()).unwrap();
    let b = sell(
        &mut t,
        gallery,
        "PLEIN",
        2,
        pay(Method::Card, a.total.0),
        now(),
    );
    let b = b.unwrap_or_else(|_| {
        let price = counter::offer::load(&t.store, gallery, None, now()).unwrap();
        let unit = price.tariff("PLEIN").unwrap().prices[&price.categories[0].id].0;
        sell(
            &mut t,
            gallery,
            "PLEIN",
            2,
            pay(Method::Card, 2 * unit),
            now(),
        )
        .unwrap()
    });
    let c = sell(&mut t, club, "EXONERE", 1, Vec::new(), now()).unwrap();
    assert_eq!(c.total, Cents::ZERO);
    // One of the club's tickets refunded in cash.
    let refund = counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        a.order_id,
        &[a.tickets[0].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    let club_unit = a.total.0 / 2;
    let gallery_unit = b.total.0 / 2;
    assert_eq!(refund.amount, Cents(-club_unit));
    // One gallery ticket exchanged for a club ticket, the difference settled
    // in cash either way.
    let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap().tariff.id;
    let new = SaleRequest {
        quoted: Vec::new(),
        items: vec![Item {
            performance_id: club,
            place: Place::Unnumbered,
            tariff_id: plein,
        }],
        tenders: if club_unit > gallery_unit {
            pay(Method::Cash, club_unit - gallery_unit)
        } else {
            Vec::new()
        },
        ..SaleRequest::default()
    };
    counter::orders::exchange(
        &mut t.store,
        &t.signer,
        &by,
        b.order_id,
        &[b.tickets[0].number],
        &new,
        Method::Cash,
        now(),
    )
    .unwrap();
    let evening = now() + Duration::hours(5);
    let z = close_day(&mut t, &by, monday(), evening).unwrap();
    let r = &z.record;
    let tt = &r.totals;
    // By hand, with the demo's prices (the club 20,00 € at 5.5 % VAT, the
    // gallery 9,00 € at 10 %): sold 2 × 20 + 2 × 9 + 20 = 78,00 €, given
    // back 20 + 9 = 29,00 €, total 49,00 €: 40,00 € at 5.5 % (base
    // 37,91 € + VAT 2,09 €, the refund and the exchange's new ticket
    // cancelling out) and 9,00 € at 10 %
    // (8,18 € + 0,82 €); cash 40 − 20 + 11 = 31,00 €, card 18,00 €.
    assert_eq!((club_unit, gallery_unit), (2000, 900));
    assert_eq!((tt.sold, tt.cancelled, tt.total), (7800, -2900, 4900));
    let taxes: Vec<(u32, i64, i64)> = tt.taxes.iter().map(|x| (x.rate, x.base, x.tax)).collect();
    assert_eq!(taxes, [(5500, 3791, 209), (10000, 818, 82)]);
    let methods: Vec<(&str, i64)> = tt
        .payments
        .iter()
        .map(|p| (p.method.as_str(), p.amount))
        .collect();
    assert_eq!(methods, [("card", 1800), ("cash", 3100)]);
    assert_eq!(
        (r.period, r.number, r.label.as_str()),
        (Period::Day, 1, "2026-11-23")
    );
    // Four sales (the exchange's new ticket is one), two cancellations (the
    // refund and the exchange's ticket given back).
    assert_eq!((tt.sales, tt.cancellations, tt.exchanges), (4, 2, 1));
    assert_eq!(
        (tt.tickets, tt.invitations, tt.cancelled_tickets),
        (6, 1, 2)
    );
    // Sold: 2 club + 2 gallery + the new club ticket; given back: one club
    // ticket and one gallery ticket.
    let sold = 2 * club_unit + 2 * gallery_unit + club_unit;
    let cancelled = -(club_unit + gallery_unit);
    assert_eq!((tt.sold, tt.cancelled), (sold, cancelled));
    assert_eq!(tt.total, 2 * club_unit + gallery_unit);
    assert_eq!(r.perpetual, tt.total);
    // Each payment method's net amount: card paid the gallery; cash paid
    // the club, the exchange's difference, less the refund.
    let method = |m: &str| {
        tt.payments
            .iter()
            .find(|p| p.method == m)
            .map_or(0, |p| p.amount)
    };
    assert_eq!(method("card"), 2 * gallery_unit);
    assert_eq!(method("cash") + method("card"), tt.total);
    // Money given back: the refunded club ticket (the exchange's credit
    // went to its new ticket, the difference was paid, not refunded).
    assert_eq!(tt.refunds, -club_unit - (gallery_unit - club_unit).max(0));
    assert_eq!(method("voucher"), 0);
    // The taxes add up to the total, rate by rate (VAT included in France).
    let taxed: i64 = tt.taxes.iter().map(|x| x.base + x.tax).sum();
    assert_eq!(taxed, tt.total);
    // The day is closed: no sale or refund can be dated in it.
    let late = sell(
        &mut t,
        club,
        "PLEIN",
        1,
        pay(Method::Cash, club_unit),
        evening,
    );
    assert!(matches!(late, Err(CounterError::DayClosed(d)) if d == monday()));
    let late_refund = counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        a.order_id,
        &[a.tickets[1].number],
        Method::Cash,
        evening,
    );
    assert!(matches!(late_refund, Err(CounterError::DayClosed(_))));
    assert!(matches!(
        close_day(&mut t, &by, monday(), evening),
        Err(TillError::Closed { number: 1, .. })
    ));
    // Tuesday: a sale, closed as Z n° 2, the perpetual total carried.
    let tuesday = evening + Duration::hours(12);
    let d = sell(
        &mut t,
        club,
        "PLEIN",
        1,
        pay(Method::Cash, club_unit),
        tuesday,
    )
    .unwrap();
    let z2 = close_day(
        &mut t,
        &by,
        monday() + chrono::Days::new(1),
        tuesday + Duration::hours(2),
    )
    .unwrap();
    assert_eq!(z2.record.number, 2);
    assert_eq!(z2.record.first_seq, z.record.last_seq + 1);
    assert_eq!(z2.record.totals.total, d.total.0);
    assert_eq!(z2.record.perpetual, r.perpetual + d.total.0);
    // Wednesday with no sale: Z n° 3, nothing in it.
    let z3 = close_day(
        &mut t,
        &by,
        monday() + chrono::Days::new(2),
        tuesday + Duration::hours(26),
    )
    .unwrap();
    assert_eq!((z3.record.number, z3.record.totals.sales), (3, 0));
    assert_eq!(z3.record.perpetual, z2.record.perpetual);
    // The month once over: its days summed; then the year.
    let december = now() + Duration::days(9);
    let november = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let month = closings::close_period(
        &mut t.store,
        &t.signer,
        &by,
        Period::Month,
        november,
        december,
    )
    .unwrap();
    assert_eq!(month.record.totals.total, r.totals.total + d.total.0);
    assert_eq!(month.record.totals.sales, 5);
    assert_eq!(month.record.perpetual, z3.record.perpetual);
    let january = now() + Duration::days(40);
    let year = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let y =
        closings::close_period(&mut t.store, &t.signer, &by, Period::Year, year, january).unwrap();
    assert_eq!(y.record.totals, month.record.totals);
    // Every closing holds against what it sums.
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

#[test]
fn closings_are_refused_too_early_after_an_open_day_or_without_the_right() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let by = common::system(&t);
    let a = sell(&mut t, club, "PLEIN", 1, pay(Method::Cash, 10_000), now()).unwrap();
    // Tomorrow has not begun.
    let tomorrow = monday() + chrono::Days::new(1);
    assert!(matches!(
        close_day(&mut t, &by, tomorrow, now()),
        Err(TillError::NotYet(_))
    ));
    // Monday left open, a sale on Tuesday: Tuesday waits for Monday.
    let tuesday = now() + Duration::hours(18);
    sell(
        &mut t,
        club,
        "PLEIN",
        1,
        pay(Method::Cash, a.total.0),
        tuesday,
    )
    .unwrap();
    assert!(matches!(
        close_day(&mut t, &by, tomorrow, tuesday),
        Err(TillError::EarlierDayOpen(d)) if d == monday()
    ));
    // The window's warning at log-in names Monday.
    assert_eq!(
        closings::day_left_open(&t.store, t.signer.terminal_id, tomorrow).unwrap(),
        Some(monday())
    );
    // A month is closed once over, every day of it closed.
    let november = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert!(matches!(
        closings::close_period(
            &mut t.store,
            &t.signer,
            &by,
            Period::Month,
            november,
            tuesday
        ),
        Err(TillError::NotOver(_))
    ));
    let december = now() + Duration::days(9);
    assert!(matches!(
        closings::close_period(&mut t.store, &t.signer, &by, Period::Month, november, december),
        Err(TillError::DayOpen(d)) if d == monday()
    ));
    // A clerk closes a day, not a month.
    let clerk = guichet::operators::Operator {
        role: guichet::domain::operator::Role::Clerk,
        ..common::system(&t)
    };
    close_day(&mut t, &clerk, monday(), tuesday).unwrap();
    close_day(&mut t, &clerk, tomorrow, tuesday).unwrap();
    assert!(matches!(
        closings::close_period(
            &mut t.store,
            &t.signer,
            &clerk,
            Period::Month,
            november,
            december
        ),
        Err(TillError::NotAllowed(_))
    ));
}

#[test]
fn a_closing_row_changed_behind_the_ledger_is_named_by_verify() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let by = common::system(&t);
    sell(&mut t, club, "PLEIN", 2, pay(Method::Cash, 10_000), now()).unwrap();
    close_day(&mut t, &by, monday(), now()).unwrap();
    assert!(
        guichet::till::verify(&t.store)
            .unwrap()
            .first_break
            .is_none()
    );
    // Someone drops the protection and lowers the day's total.
    f.raw()
        .execute_batch(
            "DROP TRIGGER closing_no_update;
             UPDATE closing SET total = 1;",
        )
        .unwrap();
    let report = guichet::till::verify(&t.store).unwrap();
    let b = report.first_break.expect("caught");
    assert!(b.to_string().contains("closing"), "{b}");
}

#[test]
fn the_command_line_closes_the_day_and_lists_closings() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    assert!(common::guichet(db, &["demo"]).status.success());
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["close", "day"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("day closing no. 1"), "{said}");
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["close", "day"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("closed already"));
    let out = common::guichet(db, &["closings", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["number"], 1);
    assert_eq!(list[0]["period"], "day");
    let out = common::guichet_as(
        db,
        common::DEMO_ADMIN,
        &["close", "month", "--month", "nov"],
    );
    assert_eq!(out.status.code(), Some(2));
    // The Z's report, as printed.
    let pdf = f.dir.path().join("z1.pdf");
    let out = common::guichet(
        db,
        &[
            "closings",
            "--report",
            "day:1",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("Clôture journalière (Z) n° 1"), "{text}");
    assert!(text.contains("Total perpétuel"), "{text}");
}

#[test]
fn a_merge_is_undone_until_the_next_closing() {
    use guichet::audience::{self, AudienceError};
    use guichet::domain::patron::PatronDetails;
    let (_f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let add = |t: &mut Terminal, first: &str| {
        let d = PatronDetails {
            first_name: first.into(),
            last_name: "Durand".into(),
            postcode: "69003".into(),
            ..PatronDetails::default()
        };
        audience::create(&mut t.store, &d, "counter", now())
            .unwrap()
            .0
            .id
    };
    let (keep, other) = (add(&mut t, "Camille"), add(&mut t, "CAMILLE"));
    let details = audience::merge_preview(&t.store, keep, other).unwrap().0;
    let merge =
        audience::merge(&mut t.store, &t.signer, &by, keep, other, &details, now()).unwrap();
    assert_eq!(audience::last_merge(&t.store, keep).unwrap(), Some(merge));
    close_day(&mut t, &by, monday(), now() + Duration::hours(1)).unwrap();
    assert_eq!(audience::last_merge(&t.store, keep).unwrap(), None);
    assert!(matches!(
        audience::unmerge(
            &mut t.store,
            &t.signer,
            &by,
            merge,
            now() + Duration::hours(2)
        ),
        Err(AudienceError::MergeClosed)
    ));
}

#[test]
fn a_performance_statement_counts_tickets_tariffs_vat_and_show_tax_to_the_cent() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let by = common::system(&t);
    let a = sell(&mut t, club, "PLEIN", 3, pay(Method::Cash, 10_000), now()).unwrap();
    sell(&mut t, club, "EXONERE", 1, Vec::new(), now()).unwrap();
    counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        a.order_id,
        &[a.tickets[0].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    let b = guichet::till::statements::of_performance(&t.store, club).unwrap();
    let s = &b.statement;
    // Three full-price tickets at 20,00 €, one cancelled; one invitation.
    let plein = s.lines.iter().find(|l| l.unit_price == 2000).unwrap();
    assert_eq!((plein.issued, plein.cancelled, plein.revenue), (3, 1, 4000));
    // 40,00 € at 5.5 %: 37,91 € before VAT.
    assert_eq!(plein.excl, 3791);
    assert_eq!((s.tickets, s.invitations, s.cancelled), (3, 1, 1));
    assert_eq!((s.revenue, s.excl), (4000, 3791));
    assert_eq!(s.taxes, vec![("vat".to_owned(), 5_500, 3791, 209)]);
    // The CSV for French spreadsheets.
    let csv = guichet::till::statements::csv(&b);
    assert!(csv.starts_with("\u{feff}Spectacle;"), "{csv}");
    assert!(csv.contains(";20,00;5,5"), "{csv}");
    assert!(csv.contains("Total;;;;4;1;1;40,00;37,91"), "{csv}");
    // The PDF, at the command line.
    drop(t);
    let pdf = f.dir.path().join("bordereau.pdf");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &[
            "statement",
            "--performance",
            &club.to_string(),
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = lopdf::Document::load(&pdf)
        .unwrap()
        .extract_text(&[1])
        .unwrap();
    assert!(text.contains("Bordereau de recettes"), "{text}");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &["statement", "--performance", "999999"],
    );
    assert!(!out.status.success());
    // The day's statements, a page per performance; the quarter's show tax.
    let day = day_of(&f, club);
    let pdf = f.dir.path().join("jour.pdf");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &["statement", "--day", &day, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("3 valid ticket(s)"), "{said}");
    // The same day as one spreadsheet: one BOM, the performances one
    // after the other.
    let csv = f.dir.path().join("jour.csv");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &["statement", "--day", &day, "--out", csv.to_str().unwrap()],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.matches('\u{feff}').count(), 1, "{text}");
    assert!(text.matches("Spectacle;").count() >= 1, "{text}");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &["show-tax", "--quarter", "2026-Q4"],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("Total;;"), "{said}");
    let out = common::guichet(
        f.db.to_str().unwrap(),
        &["show-tax", "--quarter", "2026-Q5"],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The local date (Paris) of a performance, as YYYY-MM-DD.
fn day_of(f: &Fixture, performance: i64) -> String {
    let t = f.terminal();
    let p = guichet::programming::upcoming(&t.store, now(), 200)
        .unwrap()
        .into_iter()
        .find(|p| p.id == performance)
        .unwrap();
    p.starts_at
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn a_clock_set_back_before_the_last_record_signs_nothing() {
    let (f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    sell(&mut t, club, "PLEIN", 1, pay(Method::Cash, 10_000), now()).unwrap();
    let rows = f.rows();
    // An hour back: refused, said, nothing written.
    let back = sell(
        &mut t,
        club,
        "PLEIN",
        1,
        pay(Method::Cash, 10_000),
        now() - Duration::hours(1),
    );
    let Err(CounterError::Ledger(e)) = back else {
        panic!("refused: {back:?}")
    };
    assert!(e.to_string().contains("clock is behind"), "{e}");
    assert_eq!(f.rows(), rows);
    // A clock adjusted by a second: the record takes the last one's time,
    // so the chain's times never go back.
    sell(
        &mut t,
        club,
        "PLEIN",
        1,
        pay(Method::Cash, 10_000),
        now() - Duration::seconds(1),
    )
    .unwrap();
    let times: Vec<i64> = f
        .raw()
        .prepare("SELECT recorded FROM ledger WHERE chain = 'fiscal' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(
        guichet::till::verify(&t.store)
            .unwrap()
            .first_break
            .is_none()
    );
    // The program on a computer an hour behind says so and sells nothing.
    let rows = f.rows();
    let db = f.db.to_str().unwrap();
    let club = club.to_string();
    let sale = [
        "sell",
        "--performance",
        &club,
        "--qty",
        "1",
        "--tariff",
        "PLEIN",
        "--pay",
        "cash:10000",
    ];
    let out = common::command(db, &sale)
        .env(
            guichet::terminal::CLOCK_ENV,
            (now() - Duration::hours(1)).to_rfc3339(),
        )
        .env("GUICHET_OPERATOR", common::DEMO_ADMIN.0)
        .env("GUICHET_PIN", common::DEMO_ADMIN.1)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("the computer's clock is behind"), "{err}");
    assert!(err.contains("set the computer's clock right"), "{err}");
    assert_eq!(f.rows(), rows);
    // A clock the program cannot read is refused before anything starts.
    let out = common::command(db, &sale)
        .env(guichet::terminal::CLOCK_ENV, "hier soir")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GUICHET_CLOCK=hier soir"));
    assert_eq!(f.rows(), rows);
}

#[test]
fn a_quebec_day_closes_with_gst_and_qst() {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = common::system(&t);
    common::quebec_season(&mut t);
    let p = next_in(&t, "Salle Molson").0;
    let sold = common::sell_some(&mut t, p, "PLEIN", 3);
    counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[sold.tickets[0].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    let z = close_day(&mut t, &by, monday(), now()).unwrap();
    let tt = &z.record.totals;
    let taxes: Vec<(&str, u32, i64, i64)> = tt
        .taxes
        .iter()
        .map(|x| (x.kind.as_str(), x.rate, x.base, x.tax))
        .collect();
    // By hand: 3 × 33,33 $ = 99,99 $ before tax, GST 5 % = 5,00 $, QST
    // 9,975 % = 9,97 $ (9,974 half-up): 114,96 $, 38,32 $ a ticket. One
    // ticket refunded gives back its share: 33,33 $ + 1,67 $ + 3,32 $. Net:
    // 66,66 $ before tax, GST 3,33 $, QST 6,65 $, 76,64 $.
    assert_eq!((tt.sold, tt.cancelled, tt.total), (11_496, -3_832, 7_664));
    assert_eq!(
        taxes,
        [("gst", 5_000, 6_666, 333), ("qst", 9_975, 6_666, 665)]
    );
    assert_eq!(6_666 + 333 + 665, tt.total);
    assert_eq!(tt.refunds, -3_832);
    // The performance's statement splits its two valid tickets the same way.
    let b = guichet::till::statements::of_performance(&t.store, p).unwrap();
    assert_eq!((b.statement.revenue, b.statement.excl), (7_664, 6_666));
    let taxes: Vec<(&str, i64)> = b
        .statement
        .taxes
        .iter()
        .map(|(k, _, _, tax)| (k.as_str(), *tax))
        .collect();
    assert_eq!(taxes, [("gst", 333), ("qst", 665)]);
    // Its lines name Quebec's two rates, not a VAT of 0 %.
    let csv = guichet::till::statements::csv(&b).replace(['\u{202f}', '\u{a0}'], " ");
    assert!(csv.contains("TPS + TVQ"), "{csv}");
    assert!(csv.contains("5 % + 9,975 %"), "{csv}");
    assert!(!csv.contains(";0 %;"), "{csv}");
}

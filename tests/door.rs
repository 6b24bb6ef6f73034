//! Checking tickets at the door on a real database: every refusal reason,
//! altered and foreign codes, duplicatas, cancellations, re-entry, manual
//! admission and its undoing, a burst of 10,000 scans, and the command line.

mod common;

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use common::{Fixture, count, guichet, guichet_as, next_in, now, sell_some as sell, system};
use ed25519_dalek::{Signer as _, SigningKey};
use guichet::counter::{self, Item, Place, SaleRequest, offer, orders};
use guichet::domain::payment::{Method, Tender};
use guichet::domain::{Cents, Locale};
use guichet::door::{self, DoorError, Refusal, Scope, Verdict};
use guichet::operators::Operator;
use guichet::programming;
use guichet::terminal::Terminal;
use guichet::tickets::code::{self, Claims};

fn scan_at(
    t: &mut Terminal,
    scope: Scope,
    text: &str,
    at: DateTime<Utc>,
) -> Result<door::Answer, DoorError> {
    let by = system(t);
    door::scan(&mut t.store, scope, "Porte A", &by, text, at)
}

fn refusal(answer: &door::Answer) -> &Refusal {
    match &answer.verdict {
        Verdict::Refused(r) => r,
        other => panic!("refused expected, got {other:?}"),
    }
}

/// Changes the character at `i` to another base32 character.
fn altered(code: &str, i: usize) -> String {
    let mut bytes = code.as_bytes().to_vec();
    bytes[i] = if bytes[i] == b'Q' { b'R' } else { b'Q' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_good_ticket_enters_once_and_its_second_scan_says_when_and_where() {
    let (f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let sold = sell(&mut t, p, "PLEIN", 2);
    let at = starts - Duration::minutes(30);
    let code = &sold.tickets[0].code;

    let first = scan_at(&mut t, Scope::Performance(p), code, at).unwrap();
    assert_eq!(first.verdict, Verdict::Admitted { reentry: false });
    let holder = first.holder.as_ref().unwrap();
    assert_eq!(holder.number, sold.tickets[0].number);
    assert_eq!(holder.tariff_code, "PLEIN");
    assert!(holder.seat.is_none(), "general admission");

    // The scanner sends the code again straight away: not an alarm.
    let again = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::seconds(2),
    )
    .unwrap();
    assert!(matches!(
        refusal(&again),
        Refusal::AlreadyEntered { just_now: true, .. }
    ));
    assert!(
        guichet::ui::i18n::door::refusal(
            refusal(&again),
            Locale::FrFr,
            chrono_tz::Europe::Paris,
            again.at,
        )
        .contains("à l’instant")
    );
    // Someone else with a copy, later: when and through which door.
    let later = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::minutes(5),
    )
    .unwrap();
    match refusal(&later) {
        Refusal::AlreadyEntered {
            at: when,
            door,
            just_now,
        } => {
            assert_eq!(*when, at);
            assert_eq!(door, "Porte A");
            assert!(!just_now);
        }
        other => panic!("{other:?}"),
    }
    // Spaces and lower case (typed by hand) are the same code.
    let spaced: String = sold.tickets[1]
        .code
        .to_lowercase()
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        scan_at(&mut t, Scope::Today, &spaced, at)
            .unwrap()
            .admitted()
    );

    // Every scan is recorded, refused ones too, each with its own id.
    let c = f.raw();
    assert_eq!(count(&c, "scan"), 4);
    let distinct: i64 = c
        .query_row("SELECT count(DISTINCT public_id) FROM scan", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(distinct, 4);
    let counts = door::counts(&t.store, p).unwrap();
    assert_eq!(counts.iter().map(|c| c.entered).sum::<i64>(), 2);
    assert_eq!(counts.iter().map(|c| c.expected).sum::<i64>(), 2);
}

#[test]
fn every_refusal_says_why() {
    let (f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let (seated, _) = next_in(&t, "Grande salle");
    let sold = sell(&mut t, p, "PLEIN", 4);
    let at = starts - Duration::minutes(30);
    let scope = Scope::Performance(p);
    let code = |i: usize| sold.tickets[i].code.clone();

    // Unreadable input.
    let empty = scan_at(&mut t, scope, "   ", at).unwrap();
    assert_eq!(refusal(&empty), &Refusal::Empty);
    let huge = "G".repeat(100_000);
    let answer = scan_at(&mut t, scope, &huge, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::NotATicket);
    let ean = scan_at(&mut t, scope, "3760123456789", at).unwrap();
    assert_eq!(refusal(&ean), &Refusal::NotATicket);
    let mut bad_chars = code(0);
    bad_chars.replace_range(40..41, "1"); // not base32
    let answer = scan_at(&mut t, scope, &bad_chars, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::Damaged);

    // One character changed, in the signature and in the ticket number.
    for i in [120, 30] {
        let answer = scan_at(&mut t, scope, &altered(&code(0), i), at).unwrap();
        assert_eq!(refusal(&answer), &Refusal::Forged, "character {i}");
    }
    // The right key id, signed by another key.
    let scanned = code::read(&code(0)).unwrap();
    let thief = SigningKey::from_bytes(&[7; 32]);
    let forged = code::encode(
        &scanned.claims,
        &thief.sign(&code::message(&scanned.claims)).to_bytes(),
    );
    let answer = scan_at(&mut t, scope, &forged, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::Forged);
    // Another venue's ticket: a key id this database does not know.
    let other = Claims {
        key_id: [9; 8],
        ..scanned.claims
    };
    let foreign = code::encode(&other, &thief.sign(&code::message(&other)).to_bytes());
    let answer = scan_at(&mut t, scope, &foreign, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::UnknownKey);
    // Properly signed by this terminal, but never sold here.
    let unsold = Claims {
        number: 99_999,
        ..scanned.claims
    };
    let ghost = code::encode(&unsold, &t.signer.sign(&code::message(&unsold)));
    let answer = scan_at(&mut t, scope, &ghost, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::UnknownTicket);
    // A training ticket.
    let training = Claims {
        training: true,
        ..scanned.claims
    };
    let practice = code::encode(&training, &t.signer.sign(&code::message(&training)));
    let answer = scan_at(&mut t, scope, &practice, at).unwrap();
    assert_eq!(refusal(&answer), &Refusal::Training);

    // A cancelled ticket, from the cancellation on.
    let by = system(&t);
    guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[sold.tickets[1].number],
        Method::Cash,
        now(),
    )
    .unwrap();
    let answer = scan_at(&mut t, scope, &code(1), at).unwrap();
    assert!(matches!(
        refusal(&answer),
        Refusal::Cancelled { at: Some(_) }
    ));

    // Another performance: which one, and when.
    let answer = scan_at(&mut t, Scope::Performance(seated), &code(2), at).unwrap();
    match refusal(&answer) {
        Refusal::OtherPerformance { performance } => {
            assert_eq!(performance.starts_at, starts);
            let words = guichet::ui::i18n::door::reason(&answer, Locale::FrFr).unwrap();
            assert!(words.starts_with("autre séance"), "{words}");
        }
        other => panic!("{other:?}"),
    }
    // "All of today's" on another day.
    let answer = scan_at(&mut t, Scope::Today, &code(2), starts - Duration::days(2)).unwrap();
    assert!(matches!(refusal(&answer), Refusal::OtherPerformance { .. }));
    // Too early, and over.
    let answer = scan_at(&mut t, scope, &code(2), starts - Duration::hours(4)).unwrap();
    assert!(matches!(refusal(&answer), Refusal::TooEarly { .. }));
    let answer = scan_at(&mut t, scope, &code(2), starts + Duration::hours(6)).unwrap();
    assert!(matches!(refusal(&answer), Refusal::Over { .. }));
    // None of these let the holder in: the ticket still enters once.
    assert!(scan_at(&mut t, scope, &code(2), at).unwrap().admitted());

    // A performance that does not exist: an error, and nothing recorded.
    let before = count(&f.raw(), "scan");
    let err = scan_at(&mut t, Scope::Performance(4242), &code(3), at).unwrap_err();
    assert!(err.to_string().contains("no performance 4242"), "{err}");
    assert_eq!(count(&f.raw(), "scan"), before);
    // What is kept of a huge input is bounded.
    let longest: i64 = f
        .raw()
        .query_row("SELECT max(length(code)) FROM scan", [], |r| r.get(0))
        .unwrap();
    assert!(longest <= 200, "{longest}");
}

/// A show at half past midnight opens its doors the evening before, and one
/// running past midnight still lets its late-comers in: "the evening's
/// performances" is not cut at midnight.
#[test]
fn the_evening_at_the_door_runs_past_midnight() {
    use chrono::TimeZone as _;
    let f = Fixture::new();
    let mut t = f.terminal();
    let paris = chrono_tz::Europe::Paris;
    let local = |d: u32, h: u32, m: u32| {
        paris
            .with_ymd_and_hms(2026, 12, d, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // Saturday 12 December, 00:30 in Paris, until 02:00.
    common::performance_at(&mut t, false, local(12, 0, 30));
    let p = programming::upcoming(&t.store, now(), 10).unwrap()[0].id;
    let sold = sell(&mut t, p, "PLEIN", 2);

    // Friday 23:40: the doors are open, the performance is "tomorrow".
    let friday = local(11, 23, 40);
    assert_eq!(door::today(&t.store, friday).unwrap(), vec![p]);
    let answer = scan_at(&mut t, Scope::Today, &sold.tickets[0].code, friday).unwrap();
    assert!(answer.admitted(), "{:?}", answer.verdict);
    // Saturday 01:15, a late-comer: the same evening.
    let late = local(12, 1, 15);
    assert_eq!(door::today(&t.store, late).unwrap(), vec![p]);
    let answer = scan_at(&mut t, Scope::Today, &sold.tickets[1].code, late).unwrap();
    assert!(answer.admitted(), "{:?}", answer.verdict);
    // Friday 20:00, before its doors open: another day's performance.
    let early = local(11, 20, 0);
    assert!(door::today(&t.store, early).unwrap().is_empty());
}

#[test]
fn a_duplicata_has_the_same_code_and_enters_once_only() {
    let (_f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Grande salle");
    let sold = sell(&mut t, p, "PLEIN", 1);
    let by = system(&t);
    orders::reprint(&mut t.store, &t.signer, &by, sold.tickets[0].number, now()).unwrap();
    let at = starts - Duration::minutes(10);
    let code = &sold.tickets[0].code;
    let first = scan_at(&mut t, Scope::Performance(p), code, at).unwrap();
    assert!(first.admitted());
    assert!(
        first.holder.unwrap().seat.is_some(),
        "a seat in a numbered hall"
    );
    let copy = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::minutes(1),
    )
    .unwrap();
    assert!(matches!(refusal(&copy), Refusal::AlreadyEntered { .. }));
}

#[test]
fn re_entry_is_a_setting_of_the_performance() {
    let (f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let sold = sell(&mut t, p, "PLEIN", 1);
    f.raw()
        .execute(
            "UPDATE performance SET reentry_allowed = 1 WHERE id = ?1",
            [p],
        )
        .unwrap();
    let code = &sold.tickets[0].code;
    let at = starts - Duration::minutes(10);
    assert!(
        scan_at(&mut t, Scope::Performance(p), code, at)
            .unwrap()
            .admitted()
    );
    // The scanner repeating itself is still not a re-entry.
    let twice = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::seconds(1),
    )
    .unwrap();
    assert!(matches!(
        refusal(&twice),
        Refusal::AlreadyEntered { just_now: true, .. }
    ));
    let back = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::minutes(40),
    )
    .unwrap();
    assert_eq!(back.verdict, Verdict::Admitted { reentry: true });
}

#[test]
fn a_holder_without_ticket_is_admitted_by_hand_and_a_supervisor_undoes_it() {
    let (f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let sold = sell(&mut t, p, "PLEIN", 1);
    let at = starts - Duration::minutes(10);
    let ticket_id = sold.tickets[0].id;
    let by = system(&t);
    let manual = door::admit_by_hand(
        &mut t.store,
        (Scope::Performance(p), "Porte A"),
        &by,
        ticket_id,
        at,
        &mut |_| door::Central::Unanswered,
    )
    .unwrap();
    assert!(manual.admitted());
    let recorded: i64 = f
        .raw()
        .query_row(
            "SELECT manual FROM scan ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(recorded, 1, "recorded as manual");

    // A clerk may not undo; the coordinator may, once.
    let clerk = Operator {
        role: guichet::domain::Role::Clerk,
        ..by.clone()
    };
    assert!(matches!(
        door::undo_last(&mut t.store, "Porte A", &clerk, at),
        Err(DoorError::NotSupervisor)
    ));
    let undone = door::undo_last(&mut t.store, "Porte A", &by, at + Duration::seconds(30)).unwrap();
    assert_eq!(undone.ticket_id, ticket_id);
    assert!(matches!(
        door::undo_last(&mut t.store, "Porte A", &by, at + Duration::seconds(40)),
        Err(DoorError::NothingToUndo(_))
    ));
    assert_eq!(door::counts(&t.store, p).unwrap()[0].entered, 0);
    // Undone, the ticket enters again.
    let code = &sold.tickets[0].code;
    let again = scan_at(
        &mut t,
        Scope::Performance(p),
        code,
        at + Duration::minutes(1),
    )
    .unwrap();
    assert!(again.admitted());
    assert_eq!(door::counts(&t.store, p).unwrap()[0].entered, 1);
}

/// What the door must answer, from what has happened so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    Admitted,
    AlreadyEntered,
    Cancelled,
    Forged,
    NotATicket,
    Damaged,
}

#[test]
fn a_burst_of_ten_thousand_scans_gets_no_wrong_answer() {
    let (_f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let mut codes = Vec::new();
    let mut cancelled = Vec::new();
    for round in 0..10 {
        let sold = sell(&mut t, p, "PLEIN", 20);
        if round % 3 == 0 {
            let by = system(&t);
            let number = sold.tickets[0].number;
            guichet::counter::refunds::cancel(
                &mut t.store,
                &t.signer,
                &by,
                sold.order_id,
                &[number],
                Method::Cash,
                now(),
            )
            .unwrap();
            cancelled.push(sold.tickets[0].code.clone());
        }
        codes.extend(sold.tickets.into_iter().map(|tk| tk.code));
    }
    // A fixed pseudo-random walk (no dependency on a random crate).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut entered: HashMap<String, ()> = HashMap::new();
    let base = starts - Duration::hours(2);
    let mut wrong = Vec::new();
    for i in 0..10_000i64 {
        // A minute apart at least: no "just now" in this walk.
        let at = base + Duration::seconds(i * 61 % 7000) + Duration::seconds(i / 7000 * 11);
        let pick = &codes[(next() % codes.len() as u64) as usize];
        let (text, expected) = match next() % 10 {
            0 => (altered(pick, 60 + (next() % 70) as usize), Expected::Forged),
            1 => ("QR-PROMO-2026".to_owned(), Expected::NotATicket),
            2 => {
                let mut damaged = pick.clone();
                damaged.replace_range(10..11, "0");
                (damaged, Expected::Damaged)
            }
            _ if cancelled.contains(pick) => (pick.clone(), Expected::Cancelled),
            _ if entered.contains_key(pick) => (pick.clone(), Expected::AlreadyEntered),
            _ => (pick.clone(), Expected::Admitted),
        };
        let answer = scan_at(&mut t, Scope::Performance(p), &text, at).unwrap();
        let got = match &answer.verdict {
            Verdict::Admitted { .. } => Expected::Admitted,
            Verdict::Refused(Refusal::AlreadyEntered { .. }) => Expected::AlreadyEntered,
            Verdict::Refused(Refusal::Cancelled { .. }) => Expected::Cancelled,
            Verdict::Refused(Refusal::Forged) => Expected::Forged,
            Verdict::Refused(Refusal::NotATicket) => Expected::NotATicket,
            Verdict::Refused(Refusal::Damaged) => Expected::Damaged,
            Verdict::Refused(other) => panic!("scan {i}: unexpected {other:?}"),
        };
        if got == Expected::Admitted {
            entered.insert(text.clone(), ());
        }
        if got != expected {
            wrong.push((i, expected, got));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers, first {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
    let counts = door::counts(&t.store, p).unwrap();
    assert_eq!(
        counts.iter().map(|c| c.entered).sum::<i64>(),
        entered.len() as i64
    );
}

/// A club performance starting in an hour (the tests' clock is inside
/// its door time, for the binary and the window) and one ticket sold for it at
/// `tariff`: the fixture, the performance and the sale.
fn one_ticket_soon(tariff: &str, price: i64) -> (Fixture, i64, counter::Sold) {
    tickets_soon(tariff, price, 1)
}

/// `n` tickets of one tariff, for a performance starting within the hour,
/// paid `paid` in cash.
fn tickets_soon(tariff: &str, paid: i64, n: usize) -> (Fixture, i64, counter::Sold) {
    let f = Fixture::new();
    let mut t = f.terminal();
    common::starting_soon(&mut t);
    let p = programming::upcoming(&t.store, common::now(), 10).unwrap()[0].id;
    let by = system(&t);
    let offer = offer::load(&t.store, p, None, common::now()).unwrap();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: p,
                place: Place::Unnumbered,
                tariff_id: offer.tariff(tariff).unwrap().tariff.id,
            };
            n
        ],
        tenders: vec![Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(paid),
        }],
        ..SaleRequest::default()
    };
    let sold = counter::sell::sell(&mut t.store, &t.signer, &by, &request, common::now()).unwrap();
    (f, p, sold)
}

#[test]
fn scan_and_door_list_from_the_command_line() {
    let (f, p, sold) = one_ticket_soon("REDUIT", 1_500);
    let db = f.db.to_str().unwrap().to_owned();
    let code = &sold.tickets[0].code;
    let p = p.to_string();

    let admitted = guichet_as(
        &db,
        common::ADMIN,
        &[
            "scan",
            "--performance",
            &p,
            "--door",
            "Porte B",
            code,
            "--json",
        ],
    );
    assert_eq!(
        admitted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&admitted.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&admitted.stdout).unwrap();
    assert_eq!(v["admitted"], true);
    assert_eq!(v["outcome"], "admitted");
    assert_eq!(v["door"], "Porte B");
    assert_eq!(v["ticket"]["tariff"], "REDUIT");
    assert_eq!(v["ticket"]["requires_proof"], true);

    let twice = guichet_as(&db, common::ADMIN, &["scan", code, "--json"]);
    assert_eq!(twice.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&twice.stdout).unwrap();
    assert_eq!(v["admitted"], false);
    assert_eq!(v["outcome"], "already_entered_just_now");
    assert_eq!(v["already_entered"]["door"], "Porte B");

    let garbage = guichet_as(
        &db,
        common::ADMIN,
        &["scan", "--performance", &p, "not a ticket"],
    );
    assert_eq!(garbage.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&garbage.stdout).contains("REFUSED"));
    let missing = guichet_as(&db, common::ADMIN, &["scan", "--performance", "999", code]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no performance 999"));

    let pdf = f.dir.path().join("liste.pdf");
    let out = guichet(
        &db,
        &[
            "door-list",
            "--performance",
            &p,
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("Liste de contrôle"), "{text}");
    assert!(
        text.contains(&format!("{:06}", sold.tickets[0].number)),
        "{text}"
    );
    assert!(text.contains("Réduit"), "{text}");
    assert!(text.contains("1 billet · 1 déjà entré"), "{text}");
    let missing = guichet(
        &db,
        &[
            "door-list",
            "--performance",
            "999",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn a_coordinator_names_the_door_and_scans_are_recorded_under_that_name() {
    let (f, p, sold) = one_ticket_soon("PLEIN", 2_000);
    let mut t = f.terminal();
    assert_eq!(
        door::this_door(&t.store, "Caisse 1"),
        "Caisse 1",
        "by default"
    );
    let clerk = Operator {
        role: guichet::domain::Role::Clerk,
        ..system(&t)
    };
    let before = f.rows();
    assert!(matches!(
        door::name_door(&mut t.store, &clerk, "Porte jardin"),
        Err(DoorError::NotAllowedToName)
    ));
    let by = system(&t);
    assert!(matches!(
        door::name_door(&mut t.store, &by, "   "),
        Err(DoorError::NoDoorName)
    ));
    assert!(matches!(
        door::name_door(&mut t.store, &by, &"P".repeat(41)),
        Err(DoorError::DoorNameTooLong)
    ));
    assert_eq!(f.rows(), before, "nothing written");

    assert_eq!(
        door::name_door(&mut t.store, &by, "  Porte jardin ").unwrap(),
        "Porte jardin"
    );
    assert_eq!(door::this_door(&t.store, "Caisse 1"), "Porte jardin");
    drop(t);
    // The command line's scans default to it.
    let out = guichet_as(
        f.db.to_str().unwrap(),
        common::ADMIN,
        &[
            "scan",
            "--performance",
            &p.to_string(),
            &sold.tickets[0].code,
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let door: String = f
        .raw()
        .query_row("SELECT door FROM scan", [], |r| r.get(0))
        .unwrap();
    assert_eq!(door, "Porte jardin");
}

mod window {
    use super::*;
    use crate::common::window::{act, settle, shows, shows_starting, type_enter};
    use guichet::ui::screen::Section;
    use guichet::ui::screen::door::SCAN;
    use guichet::ui::{App, Launch, Message};

    /// The window, logged in as the administrator, on Contrôle.
    fn at_the_door(f: &Fixture) -> App {
        let mut app = common::window::boot(&Launch {
            db: f.db.clone(),
            lang: Some(Locale::FrFr),
            demo: false,
            clock: common::clock(),
        });
        type_enter(&mut app, "login-pin", "4826");
        // Entering counts in the background: run that to the end.
        let counting = app.update(Message::Nav(Section::Door));
        settle(&mut app, counting);
        app
    }

    #[test]
    fn the_door_screen_answers_a_typed_code_and_enter() {
        let (f, _, sold) = one_ticket_soon("REDUIT", 1_500);

        let mut app = at_the_door(&f);
        assert!(shows(&app, "Prêt : scannez le premier billet"));

        type_enter(&mut app, SCAN, &sold.tickets[0].code);
        assert!(shows(&app, "ADMIS"));
        assert!(shows(&app, "RÉDUIT — justificatif à vérifier"));
        assert!(shows(&app, "Entrés : 1 / 1"));

        // The scanner sends it again: amber, not an alarm.
        type_enter(&mut app, SCAN, &sold.tickets[0].code);
        assert!(shows(&app, "DÉJÀ SCANNÉ"));
        assert!(
            shows_starting(&app, "déjà entré à l’instant")
                || shows_starting(&app, "déjà entré à l'instant")
        );

        type_enter(&mut app, SCAN, "BONJOUR");
        assert!(shows(&app, "REFUSÉ"));
        assert!(shows(&app, "ce n’est pas un billet de ce lieu"));
        assert!(shows(&app, "Entrés : 1 / 1"), "a refusal lets no one in");
    }

    #[test]
    fn a_holder_is_let_in_by_hand_from_the_screen_and_the_admission_undone() {
        let (f, _, sold) = one_ticket_soon("PLEIN", 2_000);
        let mut app = at_the_door(&f);
        type_enter(
            &mut app,
            guichet::ui::screen::door::MANUAL,
            &sold.number.to_string(),
        );
        act(&mut app, |sim| {
            sim.click("Faire entrer").unwrap();
        });
        assert!(shows(&app, "ADMIS"));
        assert!(shows(&app, "Entrés : 1 / 1"));
        act(&mut app, |sim| {
            sim.click("Annuler la dernière entrée").unwrap();
        });
        assert!(shows(
            &app,
            &format!("Entrée annulée : billet n° {}", sold.tickets[0].number)
        ));
        assert!(shows(&app, "Entrés : 0 / 1"));
    }

    #[test]
    fn the_counters_count_in_the_background_and_see_the_other_doors() {
        let (f, p, sold) = tickets_soon("PLEIN", 4_000, 2);
        let mut app = at_the_door(&f);
        assert!(shows(&app, "Entrés : 0 / 2"));

        // Another door lets the first holder in; counted again (as every
        // 15 seconds while the screen is shown), this door sees it.
        let mut other = f.terminal();
        let by = system(&other);
        let code = &sold.tickets[0].code;
        door::scan(
            &mut other.store,
            Scope::Performance(p),
            "Porte B",
            &by,
            code,
            common::now(),
        )
        .unwrap();
        let counting = app.update(Message::Nav(Section::Door));
        settle(&mut app, counting);
        assert!(shows(&app, "Entrés : 1 / 2"));

        // The second comes in here: counted at once. A count read before
        // that admission, arriving after it, is not shown.
        type_enter(&mut app, SCAN, &sold.tickets[1].code);
        assert!(shows(&app, "Entrés : 2 / 2"));
        let stale = guichet::ui::screen::door::Message::Counted {
            scope: Scope::Performance(p),
            tallied: 0,
            counts: door::counts(&other.store, p)
                .unwrap()
                .into_iter()
                .map(|mut c| {
                    c.entered = 1;
                    c
                })
                .collect(),
        };
        common::window::send(&mut app, Message::Door(stale));
        assert!(shows(&app, "Entrés : 2 / 2"));
    }
}

//! E-mail through a real SMTP server (aiosmtpd, started by each test): the
//! e-ticket as the patron receives it, once; a server that refuses, one
//! that cuts the connection while the message is handed over, one that is
//! absent, a wrong password, STARTTLS and TLS; bad input writing nothing.

mod common;

use common::smtp::{self, Smtp};
use common::{Fixture, next_in, now};
use guichet::domain::mail::{MailSettings, OutboxState, Security};
use guichet::domain::operator::Role;
use guichet::exchange::mail::{self, MailError};
use guichet::exchange::outbox::{self, Queued};
use guichet::operators::Operator;
use guichet::terminal::Terminal;

const FROM: &str = "billetterie@theatre-test.fr";

fn as_role(t: &Terminal, role: Role) -> Operator {
    Operator {
        role,
        ..common::system(t)
    }
}

fn plain(port: u16) -> MailSettings {
    MailSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::None,
        from: FROM.into(),
        ..MailSettings::default()
    }
}

fn set_server(t: &mut Terminal, settings: &MailSettings, password: Option<&str>) {
    let by = common::system(t);
    mail::save_settings(&mut t.store, &by, settings, password).expect("settings saved");
}

fn drain(t: &mut Terminal, all: bool) -> outbox::Drained {
    outbox::drain(&mut t.store, &now, all).expect("drain")
}

/// Two club tickets sold to a patron with an e-mail address.
fn sold_to(t: &mut Terminal, email: &str) -> i64 {
    let club = next_in(t, "Le Club").0;
    let patron = common::patron(t, "Ana", "Lopes", email, "");
    let mut request = common::request(
        t,
        club,
        "PLEIN",
        2,
        vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Card,
            amount: common::price(t, club, "PLEIN") * 2,
        }],
    );
    request.patron_id = Some(patron);
    common::sell_at(t, &request, now()).expect("sold").order_id
}

fn state(t: &Terminal, id: i64) -> outbox::Item {
    outbox::list(&t.store, &[], 1000)
        .unwrap()
        .into_iter()
        .find(|i| i.id == id)
        .expect("listed")
}

fn new_id(q: Queued) -> i64 {
    match q {
        Queued::New { id, .. } => id,
        other => panic!("queued before: {other:?}"),
    }
}

#[test]
fn the_e_ticket_reaches_the_patron_once_with_everything_in_it() {
    if !smtp::available("the_e_ticket_reaches_the_patron_once") {
        return;
    }
    let server = Smtp::start(&[]);
    let (_f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let clerk = as_role(&t, Role::Clerk);
    let id = new_id(outbox::queue_tickets(&mut t.store, &clerk, order, None, now()).unwrap());
    // The same thing for the same person again: nothing changes.
    assert!(matches!(
        outbox::queue_tickets(&mut t.store, &clerk, order, None, now()).unwrap(),
        Queued::Already { id: same, .. } if same == id
    ));
    assert_eq!(guichet::exchange::waiting(&t.store).unwrap(), 1);
    let done = drain(&mut t, false);
    assert_eq!((done.sent, done.failed), (1, 0), "{done:?}");
    assert_eq!(state(&t, id).state, OutboxState::Sent);
    assert_eq!(guichet::exchange::waiting(&t.store).unwrap(), 0);
    // Draining again, or queuing again, sends nothing more.
    assert_eq!(drain(&mut t, true).sent, 0);
    assert!(matches!(
        outbox::queue_tickets(&mut t.store, &clerk, order, None, now()).unwrap(),
        Queued::Already {
            state: OutboxState::Sent,
            ..
        }
    ));
    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, vec!["ana@example.fr".to_owned()]);
    let m = smtp::parse(&got[0].1);
    assert!(m.header("from").unwrap().contains(FROM));
    assert!(m.header("message-id").unwrap().ends_with("@guichet>"));
    let leaves = m.leaves();
    let of = |t: &str| {
        leaves
            .iter()
            .filter(|p| p.content_type().starts_with(t))
            .collect::<Vec<_>>()
    };
    let text = of("text/plain")[0].text();
    assert!(text.contains("Voici vos billets"), "{text}");
    assert!(text.contains("Placement libre"), "{text}");
    assert!(of("text/html")[0].text().contains("cid:qr0."));
    // Each ticket's QR code inline, reading back as the ticket's code.
    let codes: Vec<String> = guichet::counter::printed::of_order(&t.store, order)
        .unwrap()
        .into_iter()
        .map(|f| f.code)
        .collect();
    let pictures = of("image/png");
    let cid = |p: &&&smtp::Part| p.header("content-id").unwrap_or_default().to_owned();
    let qrs: Vec<_> = pictures
        .iter()
        .filter(|p| cid(p).starts_with("<qr"))
        .collect();
    assert_eq!(qrs.len(), 2);
    for (p, code) in qrs.iter().zip(&codes) {
        assert_eq!(&read_qr(&p.body), code);
    }
    // The venue's logo heads the letter: its small copy (600 pixels at most).
    let logos: Vec<_> = pictures
        .iter()
        .filter(|p| cid(p).starts_with("<logo."))
        .collect();
    assert_eq!(logos.len(), 1, "{} pictures", pictures.len());
    let logo = guichet::domain::picture::Picture::check(logos[0].body.clone()).unwrap();
    assert_eq!((logo.width, logo.height), (600, 168));
    let page = of("text/html")[0].text();
    assert!(page.contains("<img src=\"cid:logo.") && page.contains("alt=\"Théâtre des Quais\""));
    // The tickets' PDF, and the performance as an invitation.
    let pdf = of("application/pdf");
    assert!(pdf[0].body.starts_with(b"%PDF"));
    let ics = of("text/calendar")[0].text();
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("@guichet"));
    assert!(!ics.contains("Places disponibles"), "{ics}");
}

fn read_qr(png_bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    grids[0].decode().unwrap().1
}

#[test]
fn an_english_patron_reads_english() {
    if !smtp::available("an_english_patron_reads_english") {
        return;
    }
    let server = Smtp::start(&[]);
    let (f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "sam@example.com");
    f.raw()
        .execute("UPDATE patron SET language = 'en'", [])
        .unwrap();
    let by = common::system(&t);
    outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap();
    outbox::queue_receipt(&mut t.store, &by, order, None, now()).unwrap();
    assert_eq!(drain(&mut t, false).sent, 2);
    let got = server.messages();
    let subjects: Vec<String> = got
        .iter()
        .map(|(_, raw)| smtp::parse(raw).header("subject").unwrap().to_owned())
        .collect();
    assert!(subjects[0].contains("Your tickets"), "{subjects:?}");
    assert!(subjects[1].contains("Your receipt"), "{subjects:?}");
    let receipt = smtp::parse(&got[1].1);
    assert!(
        receipt
            .leaves()
            .iter()
            .any(|p| p.content_type().starts_with("application/pdf") && p.body.starts_with(b"%PDF"))
    );
}

#[test]
fn a_refusal_for_good_is_given_up_and_one_for_now_waits() {
    if !smtp::available("a_refusal_for_good_is_given_up") {
        return;
    }
    let server = Smtp::start(&[]);
    let (_f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let q = |t: &mut Terminal, to: &str| {
        new_id(outbox::queue_tickets(&mut t.store, &by, order, Some(to), now()).unwrap())
    };
    let too_large = q(&mut t, "toolarge@example.fr");
    let bounce = q(&mut t, "bounce@example.fr");
    let later = q(&mut t, "later@example.fr");
    let fine = q(&mut t, "ana@example.fr");
    let done = drain(&mut t, false);
    assert_eq!(
        (done.sent, done.given_up, done.failed),
        (1, 2, 1),
        "{done:?}"
    );
    // Refused once read whole: not taken, so not uncertain; the connection
    // went on to the next ones.
    let big = state(&t, too_large);
    assert_eq!(big.state, OutboxState::GivenUp);
    assert!(big.last_error.unwrap().contains("552"));
    let b = state(&t, bounce);
    assert_eq!(b.state, OutboxState::GivenUp);
    assert!(b.last_error.unwrap().contains("550"));
    let l = state(&t, later);
    assert_eq!(l.state, OutboxState::Waiting);
    assert!(l.last_error.unwrap().contains("451"));
    assert_eq!(
        l.next_attempt_at,
        Some(now() + chrono::Duration::minutes(1))
    );
    assert_eq!(state(&t, fine).state, OutboxState::Sent);
    // Not due yet: a drain a second later leaves it; nothing was lost.
    assert_eq!(drain(&mut t, false), outbox::Drained::default());
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn a_cut_while_handing_over_is_never_sent_again_without_a_person() {
    if !smtp::available("a_cut_while_handing_over") {
        return;
    }
    let cutting = Smtp::start(&[]);
    let (f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(cutting.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let id = new_id(
        outbox::queue_tickets(&mut t.store, &by, order, Some("drop@example.fr"), now()).unwrap(),
    );
    let done = drain(&mut t, true);
    assert_eq!(done.uncertain, 1, "{done:?}");
    let item = state(&t, id);
    assert_eq!(item.state, OutboxState::Uncertain);
    assert!(item.last_error.unwrap().contains("may have arrived"));
    // Still counted for a person to see; never sent again by itself.
    assert_eq!(guichet::exchange::waiting(&t.store).unwrap(), 1);
    assert_eq!(drain(&mut t, true), outbox::Drained::default());
    assert!(cutting.messages().is_empty());
    // A clerk may not put it back; a coordinator does, and it leaves once.
    let rows = f.rows();
    let clerk = as_role(&t, Role::Clerk);
    assert!(matches!(
        outbox::retry(&mut t.store, &clerk, id, now()),
        Err(MailError::NotAllowed(_))
    ));
    assert_eq!(f.rows(), rows);
    let coordinator = as_role(&t, Role::Coordinator);
    outbox::retry(&mut t.store, &coordinator, id, now()).unwrap();
    assert!(matches!(
        outbox::retry(&mut t.store, &coordinator, id, now()),
        Err(MailError::NotRetryable { .. })
    ));
    f.raw()
        .execute(
            "UPDATE outbox SET destination = 'ana@example.fr' WHERE id = ?1",
            [id],
        )
        .unwrap();
    assert_eq!(drain(&mut t, false).sent, 1);
    assert_eq!(cutting.messages().len(), 1);
}

#[test]
fn an_absent_server_loses_nothing_and_the_message_leaves_when_it_is_back() {
    if !smtp::available("an_absent_server_loses_nothing") {
        return;
    }
    let (_f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(smtp::closed_port()), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let id = new_id(outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap());
    let done = drain(&mut t, false);
    assert_eq!(done.failed, 1);
    assert!(done.server_error.is_some(), "{done:?}");
    let item = state(&t, id);
    assert_eq!((item.state, item.attempts), (OutboxState::Waiting, 1));
    assert!(item.last_error.unwrap().starts_with("server:"));
    // Tried again at once by a person: still no server, and the next try
    // comes later each time.
    assert_eq!(drain(&mut t, true).failed, 1);
    let item = state(&t, id);
    assert_eq!(item.attempts, 2);
    assert_eq!(
        item.next_attempt_at,
        Some(now() + chrono::Duration::minutes(2))
    );
    // The network is back.
    let server = Smtp::start(&[]);
    set_server(&mut t, &plain(server.port), None);
    assert_eq!(drain(&mut t, false).sent, 0, "not due before its time");
    assert_eq!(drain(&mut t, true).sent, 1);
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn starttls_with_a_wrong_password_waits_and_the_right_one_sends() {
    if !smtp::available("starttls_with_a_wrong_password") {
        return;
    }
    let server = Smtp::start(&["--tls", "starttls", "--user", "box", "--password", "s3cret"]);
    let (_f, mut t) = Fixture::demo();
    let ca = smtp::here().join("ca.pem").display().to_string();
    let settings = MailSettings {
        host: "localhost".into(),
        port: server.port,
        security: Security::StartTls,
        user: "box".into(),
        from: FROM.into(),
        ca_file: ca,
        ..MailSettings::default()
    };
    set_server(&mut t, &settings, Some("wrong"));
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let id = new_id(outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap());
    let done = drain(&mut t, true);
    assert!(
        done.server_error
            .as_deref()
            .is_some_and(|e| e.contains("log-in refused")),
        "{done:?}"
    );
    assert_eq!(state(&t, id).state, OutboxState::Waiting);
    set_server(&mut t, &settings, Some("s3cret"));
    assert_eq!(drain(&mut t, true).sent, 1);
    assert_eq!(server.messages().len(), 1);
    // The password is beside the database, for its owner only; opened to
    // others, it is refused and nothing is sent.
    let path = mail::password_path(t.store.path());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    outbox::queue_tickets(&mut t.store, &by, order, Some("bo@example.fr"), now()).unwrap();
    assert!(matches!(
        outbox::drain(&mut t.store, &now, true),
        Err(MailError::PasswordTooOpen { .. })
    ));
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn tls_from_the_first_byte_and_a_certificate_not_trusted() {
    if !smtp::available("tls_from_the_first_byte") {
        return;
    }
    let server = Smtp::start(&["--tls", "tls"]);
    let (_f, mut t) = Fixture::demo();
    let mut settings = MailSettings {
        host: "localhost".into(),
        port: server.port,
        security: Security::Tls,
        from: FROM.into(),
        ..MailSettings::default()
    };
    set_server(&mut t, &settings, None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap();
    // Our test authority is not among the usual ones: refused, kept.
    let done = drain(&mut t, true);
    assert!(done.server_error.is_some(), "{done:?}");
    settings.ca_file = smtp::here().join("ca.pem").display().to_string();
    set_server(&mut t, &settings, None);
    assert_eq!(drain(&mut t, true).sent, 1);
    assert_eq!(server.messages().len(), 1);
}

#[test]
fn bad_input_says_what_is_wrong_and_writes_nothing() {
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let club = next_in(&t, "Le Club").0;
    let anonymous = common::sell_some(&mut t, club, "PLEIN", 1).order_id;
    let coordinator = as_role(&t, Role::Coordinator);
    let rows = f.rows();
    let attempts: Vec<(MailError, &str)> = vec![
        (
            outbox::queue_tickets(&mut t.store, &by, anonymous, None, now()).unwrap_err(),
            "no patron with an e-mail",
        ),
        (
            outbox::queue_tickets(&mut t.store, &by, anonymous, Some("ana@"), now()).unwrap_err(),
            "is not an e-mail address",
        ),
        (
            outbox::queue_tickets(&mut t.store, &by, 999_999, Some("a@b.fr"), now()).unwrap_err(),
            "there is no order",
        ),
        (
            mail::save_settings(&mut t.store, &coordinator, &plain(25), None).unwrap_err(),
            "right to Administer",
        ),
        (
            mail::save_settings(
                &mut t.store,
                &by,
                &MailSettings {
                    host: "smtp.example.fr".into(),
                    user: "box".into(),
                    ..plain(25)
                },
                Some("pw"),
            )
            .unwrap_err(),
            "without encryption",
        ),
    ];
    for (e, says) in attempts {
        assert!(e.to_string().contains(says), "{e} does not say {says}");
    }
    assert_eq!(f.rows(), rows);
    assert!(!mail::password_path(&f.db).exists());
    // No server set: a queued message waits, and the drain says why.
    outbox::queue_tickets(&mut t.store, &by, anonymous, Some("a@b.fr"), now()).unwrap();
    assert!(matches!(
        outbox::drain(&mut t.store, &now, true),
        Err(MailError::NoServer)
    ));
    assert_eq!(guichet::exchange::waiting(&t.store).unwrap(), 1);
}

#[test]
fn the_command_line_sets_queues_lists_and_sends() {
    if !smtp::available("the_command_line_sets_queues_lists_and_sends") {
        return;
    }
    let server = Smtp::start(&[]);
    let (f, mut t) = Fixture::demo();
    let order = sold_to(&mut t, "ana@example.fr");
    let number = guichet::counter::orders::view(&t.store, order)
        .unwrap()
        .number;
    drop(t);
    let db = f.db.to_str().unwrap();
    let port = server.port.to_string();
    let setup = [
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "none",
        "--from",
        FROM,
    ];
    let out = common::guichet(db, &setup);
    assert!(!out.status.success(), "an operator is needed");
    let out = common::guichet_as(db, common::DEMO_ADMIN, &setup);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let number = number.to_string();
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["mail", "tickets", &number]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("to ana@example.fr"));
    let out = common::guichet(db, &["outbox", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["state"], "waiting");
    assert_eq!(listed[0]["kind"], "e_ticket");
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["outbox", "send"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("sent 1"));
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["outbox", "retry", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is sent"));
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["mail", "test", "ops@example.fr"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.messages().len(), 2);
    // The server gone: `outbox send` says so and exits 1, the message kept.
    drop(server);
    common::guichet_as(db, common::DEMO_ADMIN, &["mail", "receipt", &number]);
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["outbox", "send"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not be used"));
    let out = common::guichet(db, &["outbox", "--state", "waiting"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("receipt"));
}

#[test]
fn a_sender_killed_again_and_again_sends_each_message_at_most_once_and_loses_none() {
    if !smtp::available("a_sender_killed_again_and_again") {
        return;
    }
    const N: usize = 200;
    let server = Smtp::start(&[]);
    let (f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    for i in 0..N {
        let to = format!("p{i:03}@example.fr");
        outbox::queue_tickets(&mut t.store, &by, order, Some(&to), now()).unwrap();
    }
    drop(t);
    let db = f.db.to_str().unwrap();
    let mut kills = 0;
    for round in 0..200i64 {
        // Each start comes later than the claims a killed sender left.
        let at = now() + chrono::Duration::minutes(11 * round);
        let mut child = common::command(db, &["outbox", "send"])
            .env(guichet::terminal::CLOCK_ENV, at.to_rfc3339())
            .env("GUICHET_OPERATOR", common::DEMO_ADMIN.0)
            .env("GUICHET_PIN", common::DEMO_ADMIN.1)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Longer each round, so that a slow machine still gets on.
        let pause = 150 + 37 * (round as u64 % 5) + 20 * round as u64;
        std::thread::sleep(std::time::Duration::from_millis(pause));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        let left: i64 = f
            .raw()
            .query_row(
                "SELECT count(*) FROM outbox WHERE state IN ('waiting', 'sending', 'handing')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if left == 0 {
            break;
        }
    }
    assert!(kills > 3, "the sender was killed {kills} times only");
    let states: Vec<(String, String)> = {
        let conn = f.raw();
        let mut st = conn
            .prepare("SELECT destination, state FROM outbox ORDER BY id")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(states.len(), N);
    let mut delivered = std::collections::BTreeMap::<String, usize>::new();
    for (rcpt, _) in server.messages() {
        *delivered.entry(rcpt[0].clone()).or_default() += 1;
    }
    for (to, state) in &states {
        let got = delivered.get(to).copied().unwrap_or(0);
        assert!(got <= 1, "{to} received {got} messages");
        match state.as_str() {
            "sent" => assert_eq!(got, 1, "{to} is marked sent but never arrived"),
            // Cut while handed over: it may or may not have arrived, and is
            // left for a person.
            "uncertain" => {}
            other => panic!("{to} is {other}: lost or stuck"),
        }
    }
    eprintln!(
        "{kills} kills; {} sent, {} uncertain",
        states.iter().filter(|(_, s)| s == "sent").count(),
        states.iter().filter(|(_, s)| s == "uncertain").count()
    );
}

#[test]
fn a_slow_sender_whose_message_was_taken_back_changes_nothing() {
    use guichet::store::outbox as rows;
    let (_f, mut t) = Fixture::demo();
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let id = new_id(outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap());
    let at = now().timestamp();
    // Sender A takes it and says nothing for eleven minutes; a drain takes
    // it back and sender B has it.
    assert!(t.store.write(|tx| rows::claim(tx, id, "A", at)).unwrap());
    let later = at + 11 * 60;
    assert_eq!(
        t.store
            .write(|tx| rows::recover(tx, later, "note"))
            .unwrap(),
        (1, 0)
    );
    assert!(t.store.write(|tx| rows::claim(tx, id, "B", later)).unwrap());
    // A wakes up: it can neither hand it over nor settle it.
    assert!(
        !t.store
            .write(|tx| rows::handing(tx, id, "A", later))
            .unwrap()
    );
    assert!(
        !t.store
            .write(|tx| rows::sent(tx, id, "A", later, "250"))
            .unwrap()
    );
    assert!(
        !t.store
            .write(|tx| rows::failed(tx, id, "A", "x", later))
            .unwrap()
    );
    // B hands it over; a sender silent for 30 minutes there is found
    // uncertain, but B's "sent" still wins.
    assert!(
        t.store
            .write(|tx| rows::handing(tx, id, "B", later))
            .unwrap()
    );
    assert_eq!(
        t.store
            .write(|tx| rows::recover(tx, later + 29 * 60, "note"))
            .unwrap(),
        (0, 0)
    );
    assert_eq!(
        t.store
            .write(|tx| rows::recover(tx, later + 31 * 60, "note"))
            .unwrap(),
        (0, 1)
    );
    assert_eq!(state(&t, id).state, OutboxState::Uncertain);
    assert!(
        t.store
            .write(|tx| rows::sent(tx, id, "B", later + 32 * 60, "250"))
            .unwrap()
    );
    assert_eq!(state(&t, id).state, OutboxState::Sent);
}

#[test]
fn erasing_a_patron_takes_their_address_out_of_the_outbox() {
    let (f, mut t) = Fixture::demo();
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let sent = new_id(outbox::queue_tickets(&mut t.store, &by, order, None, now()).unwrap());
    f.raw()
        .execute(
            "UPDATE outbox SET state = 'sent', sent_at = 1 WHERE id = ?1",
            [sent],
        )
        .unwrap();
    let waiting = new_id(outbox::queue_receipt(&mut t.store, &by, order, None, now()).unwrap());
    let patron: i64 = f
        .raw()
        .query_row(
            "SELECT patron_id FROM sale_order WHERE id = ?1",
            [order],
            |r| r.get(0),
        )
        .unwrap();
    guichet::audience::erase(&mut t.store, &t.signer, &by, patron, now()).unwrap();
    let conn = f.raw();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM outbox WHERE destination LIKE '%ana%' OR key LIKE '%ana%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the address is gone from the outbox");
    assert_eq!(state(&t, sent).state, OutboxState::Sent);
    let w = state(&t, waiting);
    assert_eq!(w.state, OutboxState::GivenUp);
    assert_eq!(w.last_error.as_deref(), Some("the patron was erased"));
}

#[test]
fn a_cancellation_tells_the_patron_in_its_own_transaction() {
    if !smtp::available("a_cancellation_tells_the_patron") {
        return;
    }
    use guichet::domain::payment::Method;
    let server = Smtp::start(&[]);
    let (f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let by = common::system(&t);
    let count = |f: &Fixture| common::count(&f.raw(), "outbox");
    // Refused (a ticket the order does not have): no message either.
    assert!(
        guichet::counter::refunds::cancel(
            &mut t.store,
            &t.signer,
            &by,
            order,
            &[999_999],
            Method::Card,
            now()
        )
        .is_err()
    );
    assert_eq!(count(&f), 0);
    let refunded = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        order,
        &[],
        Method::Card,
        now(),
    )
    .unwrap();
    assert_eq!(count(&f), 1);
    assert_eq!(drain(&mut t, false).sent, 1);
    let got = server.messages();
    let m = smtp::parse(&got[0].1);
    assert!(
        m.header("subject")
            .unwrap()
            .contains("Annulation et remboursement")
    );
    let text = m
        .leaves()
        .into_iter()
        .find(|p| p.content_type().starts_with("text/plain"))
        .unwrap()
        .text();
    let first = format!("{:06}", refunded.tickets[0]);
    assert!(text.contains(&first), "{text}");
    assert!(
        text.contains("sont annulés") && text.contains("sur votre carte"),
        "{text}"
    );
}

#[test]
fn every_message_is_headed_with_the_venue_s_logo_or_else_its_name() {
    if !smtp::available("every_message_is_headed_with_the_logo") {
        return;
    }
    let server = Smtp::start(&[]);
    let (_f, mut t) = Fixture::demo();
    set_server(&mut t, &plain(server.port), None);
    let order = sold_to(&mut t, "ana@example.fr");
    let clerk = as_role(&t, Role::Clerk);
    outbox::queue_receipt(&mut t.store, &clerk, order, None, now()).unwrap();
    assert_eq!(drain(&mut t, false).sent, 1);
    // Without a logo: the venue's name heads the letter, no picture.
    let admin = common::system(&t);
    let by = guichet::programming::By {
        operator: &admin,
        signer: &t.signer,
        now: now(),
    };
    assert!(guichet::programming::venue::remove_logo(&mut t.store, &by).unwrap());
    outbox::queue_test(&mut t.store, &admin, "ana@example.fr", now()).unwrap();
    assert_eq!(drain(&mut t, false).sent, 1);
    let got = server.messages();
    assert_eq!(got.len(), 2);
    let parts = |raw: &str| {
        let m = smtp::parse(raw);
        let html = m
            .leaves()
            .iter()
            .find(|p| p.content_type().starts_with("text/html"))
            .unwrap()
            .text();
        let pngs = m
            .leaves()
            .iter()
            .filter(|p| p.content_type().starts_with("image/png"))
            .count();
        (html, pngs)
    };
    let (receipt, pngs) = parts(&got[0].1);
    assert!(receipt.contains("cid:logo."), "{receipt}");
    assert_eq!(pngs, 1);
    let (test, pngs) = parts(&got[1].1);
    assert!(!test.contains("cid:") && test.contains("<h2"), "{test}");
    assert!(test.contains("Théâtre des Quais"));
    assert_eq!(pngs, 0);
}

//! The venue's central database on a real PostgreSQL (a throw-away cluster
//! each test starts): the schema made once, terminals enrolled with logins
//! that may only call their functions, the season published once and
//! pulled, each chain pushed (twice changes nothing; a cut push loses
//! nothing), forks and gaps kept as conflicts, every chain and signature
//! verified centrally, a record altered there found.

mod common;

use common::pg::{self, Cluster};
use common::{Fixture, next_in, now};
use guichet::central::{self, CentralError, TerminalKind, push, verify};
use guichet::domain::Role;
use guichet::terminal::Terminal;

/// A cluster with the central schema made, and a demo counter joined to
/// it; None (the test skipped) without PostgreSQL.
fn counter_joined(test: &str) -> Option<(Cluster, String, Fixture, Terminal)> {
    let (cluster, url, f, mut t) = common::central_demo(test)?;
    lend_the_club(&mut t);
    Some((cluster, url, f, t))
}

/// A joined counter sells only what it holds: 200 places of each of the
/// club's performances borrowed.
fn lend_the_club(t: &mut Terminal) {
    let by = common::system(t);
    for p in guichet::programming::upcoming(&t.store, now(), 100).unwrap() {
        if p.hall == "Le Club" {
            central::contingents::lend(&mut t.store, &t.signer, &by, p.id, (0, 200), now())
                .unwrap();
        }
    }
}

fn local_records(f: &Fixture, chain: &str) -> i64 {
    f.raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE chain = ?1",
            [chain],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn terminals_join_push_their_chains_and_the_central_side_verifies_every_signature() {
    if !pg::available("terminals_join_push_their_chains") {
        return;
    }
    let cluster = Cluster::start();
    let url = cluster.database("venue");
    let made = central::init::init(&url, None).unwrap();
    assert_eq!((made.found, made.version), (0, central::VERSION));
    let again = central::init::init(&url, None).unwrap();
    assert_eq!(again.found, central::VERSION, "twice changes nothing");

    // The first counter joins: its enrolment is signed in its own ledger.
    let (fa, mut a) = Fixture::demo();
    let joined = common::join(&mut a, &url, TerminalKind::Counter);
    assert!(joined.login.starts_with("guichet_t_"));
    assert_eq!(joined.season, None, "nothing published yet");
    let signed: i64 = fa
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'central_joined'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(signed, 1);
    let admin = common::system(&a);
    let twice = central::join::join(
        &mut a.store,
        &a.signer,
        &admin,
        (&url, None),
        TerminalKind::Counter,
        now(),
    );
    assert!(matches!(twice, Err(CentralError::AlreadyJoined(_))));

    // Its season, published once, reaches the next terminal as it joins.
    let by = common::system(&a);
    central::season::publish(&mut a.store, &by, now()).unwrap();
    let (fb, mut b) = Fixture::bare_venue();
    let joined_b = common::join(&mut b, &url, TerminalKind::Door);
    let season = joined_b.season.expect("the season pulled");
    assert!(season.contains("performances 41 new"), "{season}");

    // A sells; each pushes its chains; twice changes nothing.
    let (club, _) = next_in(&a, "Le Club");
    lend_the_club(&mut a);
    common::sell_some(&mut a, club, "PLEIN", 2);
    let first = push::push(&a.store, &a.signer).unwrap();
    assert_eq!(first.conflicts, 0);
    assert_eq!(
        first.stored,
        local_records(&fa, "fiscal") + local_records(&fa, "training")
    );
    let second = push::push(&a.store, &a.signer).unwrap();
    assert_eq!((second.stored, second.conflicts), (0, 0));
    assert!(second.already > 0);
    push::push(&b.store, &b.signer).unwrap();

    // Verified centrally: every chain of both, every signature.
    let chains = verify::verify(&url, None).unwrap();
    assert_eq!(chains.len(), 4, "{chains:?}");
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
    let a_fiscal = chains
        .iter()
        .find(|c| c.terminal == "Caisse 1" && c.chain == "fiscal")
        .unwrap();
    assert_eq!(a_fiscal.records, local_records(&fa, "fiscal"));
    drop(fb);

    // A terminal's login may only call its own functions.
    let mut as_a = central::connect_terminal(&a.store).unwrap();
    for sql in [
        "SELECT count(*) FROM guichet.ledger_record",
        "SELECT * FROM guichet.records(1, 'fiscal', 0, 10)",
        "SELECT * FROM guichet.terminals()",
    ] {
        let e = CentralError::from(as_a.query(sql, &[]).unwrap_err()).to_string();
        assert!(e.contains("permission denied"), "{sql}: {e}");
    }

    // A record altered centrally is found, and named.
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    owner
        .batch_execute(
            "UPDATE guichet.ledger_record SET body = replace(body, 'PLEIN', 'REDUIT')
             WHERE kind = 'sale'",
        )
        .unwrap();
    let chains = verify::verify(&url, None).unwrap();
    let broken: Vec<_> = chains.iter().filter_map(|c| c.broken.clone()).collect();
    assert_eq!(broken.len(), 1, "{chains:?}");
    assert!(
        broken[0].1.contains("no longer matches its hash"),
        "{broken:?}"
    );
}

#[test]
fn a_restored_old_copy_that_sold_on_is_a_fork_and_a_skipped_record_a_gap() {
    let Some((_cluster, url, fa, a)) = counter_joined("a_restored_old_copy_is_a_fork") else {
        return;
    };
    push::push(&a.store, &a.signer).unwrap();
    let (club, _) = next_in(&a, "Le Club");
    // The file, its key and its password copied aside, as a backup.
    drop(a);
    let copy = fa.dir.path().join("copy.db");
    for suffix in ["", ".key", ".central-password"] {
        let from = format!("{}{suffix}", fa.db.display());
        std::fs::copy(&from, format!("{}{suffix}", copy.display())).unwrap();
    }
    let mut a = Terminal::open(&fa.db, common::clock()).unwrap();
    common::sell_some(&mut a, club, "PLEIN", 1);
    assert_eq!(push::push(&a.store, &a.signer).unwrap().conflicts, 0);
    // The copy, restored on another PC, is behind what was pushed: said,
    // nothing of it pushed.
    let mut old = Terminal::open(&copy, common::clock()).unwrap();
    let behind = push::push(&old.store, &old.signer).unwrap();
    assert_eq!((behind.stored, behind.conflicts), (0, 1), "{behind:?}");
    // It sells on: the same place in the chain holds another record.
    common::sell_some(&mut old, club, "REDUIT", 1);
    let forked = push::push(&old.store, &old.signer).unwrap();
    assert_eq!((forked.stored, forked.conflicts), (0, 1), "{forked:?}");
    // Pushed again: still one conflict, recorded once.
    assert_eq!(push::push(&old.store, &old.signer).unwrap().conflicts, 1);
    let mut as_a = central::connect_terminal(&a.store).unwrap();
    kinds_sorted(&mut as_a, &["behind", "fork"]);

    // A record that skips places in the chain is a gap, and is not stored.
    let said = push_gap(&mut as_a);
    assert!(
        said.contains("\"conflicts\": 1") && said.contains("\"stored\": 0"),
        "{said}"
    );
    kinds_sorted(&mut as_a, &["behind", "fork", "gap"]);
    // What was stored still verifies.
    let chains = verify::verify(&url, None).unwrap();
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
}

/// The kinds of the conflicts there, sorted, are `want`.
fn kinds_sorted(client: &mut postgres::Client, want: &[&str]) {
    let kinds: Vec<String> = client
        .query("SELECT kind FROM guichet.conflicts() ORDER BY kind", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(kinds, want);
}

/// Pushes, as a terminal, a record far past its chain's end: what the
/// central side said.
fn push_gap(client: &mut postgres::Client) -> String {
    let fake = serde_json::json!([{
        "chain": "fiscal", "seq": 1000, "kind": "sale", "at": "2026-12-01T20:00:00Z",
        "recorded": 0, "body": "{}", "prev_hash": "00".repeat(32), "hash": "11".repeat(32),
        "signature": "22".repeat(64)
    }]);
    client
        .query_one(
            "SELECT guichet.push($1::text::jsonb)::text",
            &[&fake.to_string()],
        )
        .unwrap()
        .get(0)
}

#[test]
fn a_conflict_is_decided_once_saying_who_and_a_retired_terminal_is_shut_out() {
    let Some((_cluster, url, fa, a)) = counter_joined("a_conflict_is_decided_once") else {
        return;
    };
    let mut as_a = central::connect_terminal(&a.store).unwrap();
    push_gap(&mut as_a);
    let waiting = central::conflicts::list(&a.store).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].kind.as_str(), &waiting[0].decision),
        ("gap", &None)
    );
    let id = waiting[0].id;
    let admin = common::system(&a);
    let as_role = |role| guichet::operators::Operator {
        role,
        ..admin.clone()
    };
    // A clerk may not decide; a coordinator does, once, by an action the
    // conflict allows, saying what was done.
    let decision = |action, note| central::conflicts::Decision { action, note };
    assert!(matches!(
        central::conflicts::decide(
            &a.store,
            &as_role(Role::Clerk),
            id,
            decision("acknowledge", "vu")
        ),
        Err(CentralError::NotAllowed(_))
    ));
    let coordinator = as_role(Role::Coordinator);
    assert!(matches!(
        central::conflicts::decide(&a.store, &coordinator, id, decision("approve", "vu")),
        Err(CentralError::Action(_))
    ));
    // Not from the terminal the conflict is about: from another one.
    let own = central::conflicts::decide(&a.store, &coordinator, id, decision("acknowledge", "vu"));
    assert!(
        matches!(&own, Err(CentralError::Refused(m)) if m.contains("from another terminal")),
        "{own:?}"
    );
    let (_fb, mut b) = Fixture::bare_venue();
    common::join(&mut b, &url, TerminalKind::Counter);
    // A gap is retired or acknowledged, not refunded.
    let refund = central::conflicts::decide(&b.store, &coordinator, id, decision("refund", "x"));
    assert!(
        matches!(&refund, Err(CentralError::Refused(m)) if m.contains("retire, acknowledge")),
        "{refund:?}"
    );
    // Retiring is an administrator's terminal's act.
    let retire = central::conflicts::decide(&b.store, &coordinator, id, decision("retire", ""));
    assert!(
        matches!(&retire, Err(CentralError::Refused(m)) if m.contains("administrator")),
        "{retire:?}"
    );
    let said = "copie restaurée par erreur, écartée";
    central::conflicts::decide(&b.store, &coordinator, id, decision("acknowledge", said)).unwrap();
    let decided = &central::conflicts::list(&a.store).unwrap()[0];
    assert_eq!(
        (decided.action.as_deref(), decided.decision.as_deref()),
        (Some("acknowledge"), Some(said))
    );
    assert!(decided.decided_by.as_deref().unwrap().contains(&admin.name));
    let again = central::conflicts::decide(
        &b.store,
        &coordinator,
        id,
        decision("acknowledge", "encore"),
    );
    assert!(
        matches!(&again, Err(CentralError::Refused(m)) if m.contains("waits for a decision")),
        "{again:?}"
    );

    // Retired, the terminal is shut out at once, even mid-session.
    drop(as_a);
    let mut held = central::connect_terminal(&a.store).unwrap();
    assert_eq!(
        central::conflicts::retire((&url, None), &admin, 1).unwrap(),
        "Caisse 1"
    );
    assert!(held.query("SELECT 1", &[]).is_err(), "its session is ended");
    assert!(push::push(&a.store, &a.signer).is_err());
    // What it held and had not sold is back in the pool.
    let (club, _) = next_in(&a, "Le Club");
    let club: String = fa
        .raw()
        .query_row(
            "SELECT public_id FROM performance WHERE id = ?1",
            [club],
            |r| r.get(0),
        )
        .unwrap();
    let mut as_b = central::connect_terminal(&b.store).unwrap();
    let there = guichet::store::central::places_of(&mut as_b, &club)
        .unwrap()
        .unwrap();
    assert_eq!((there.lent, there.pool), (0, there.capacity), "{there:?}");
    let twice = central::conflicts::retire((&url, None), &admin, 1);
    assert!(
        matches!(&twice, Err(CentralError::Refused(m)) if m.contains("in service")),
        "{twice:?}"
    );
}

#[test]
fn a_push_killed_again_and_again_loses_nothing_and_stores_each_record_once() {
    let Some((_cluster, url, fa, mut a)) = counter_joined("a_push_killed_again_and_again") else {
        return;
    };
    // Enough records for several transactions of the push: a ticket at a
    // time, round the club's performances.
    let open: Vec<i64> = guichet::programming::upcoming(&a.store, now(), 100)
        .unwrap()
        .into_iter()
        .filter(|p| p.hall == "Le Club")
        .map(|p| p.id)
        .collect();
    for i in 0..(push::BATCH * 2 + 100) as usize {
        common::sell_some(&mut a, open[i % open.len()], "PLEIN", 1);
    }
    drop(a);
    let db = fa.db.to_str().unwrap().to_owned();
    for delay_ms in [5, 40, 120, 250] {
        let mut child = common::command(&db, &["central", "push"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
    }
    let a = Terminal::open(&fa.db, common::clock()).unwrap();
    let last = push::push(&a.store, &a.signer).unwrap();
    assert_eq!(last.conflicts, 0);
    let chains = verify::verify(&url, None).unwrap();
    let fiscal = chains.iter().find(|c| c.chain == "fiscal").unwrap();
    assert_eq!(fiscal.broken, None);
    assert_eq!(fiscal.records, local_records(&fa, "fiscal"));
    assert_eq!(push::push(&a.store, &a.signer).unwrap().stored, 0);
}

#[test]
fn an_owner_and_an_administrator_who_are_no_superusers_make_enrol_verify_and_retire() {
    if !pg::available("an_owner_and_an_administrator_who_are_no_superusers") {
        return;
    }
    let cluster = Cluster::start();
    let mut root = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).unwrap();
    root.batch_execute("CREATE ROLE venue_owner LOGIN CREATEROLE PASSWORD 'owner-pw'")
        .unwrap();
    root.batch_execute("CREATE DATABASE venue OWNER venue_owner")
        .unwrap();
    let at = |user: &str, pw: &str| {
        format!(
            "host=127.0.0.1 port={} user={user} password={pw} dbname=venue",
            cluster.port
        )
    };
    central::init::init(&at("venue_owner", "owner-pw"), None).unwrap();
    let mut owner =
        postgres::Client::connect(&at("venue_owner", "owner-pw"), postgres::NoTls).unwrap();
    owner
        .batch_execute("CREATE ROLE zoe LOGIN PASSWORD 'zoe-pw' IN ROLE guichet_admin")
        .unwrap();
    let admin_url = at("zoe", "zoe-pw");
    let (fa, mut a) = Fixture::demo();
    common::join(&mut a, &admin_url, TerminalKind::Counter);
    push::push(&a.store, &a.signer).unwrap();
    let chains = verify::verify(&admin_url, None).unwrap();
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
    assert_eq!(chains[0].records, local_records(&fa, "fiscal"));
    // Retired while connected: the owner may not end its session, but
    // every call it makes is refused from then on.
    let mut held = central::connect_terminal(&a.store).unwrap();
    let admin = common::system(&a);
    central::conflicts::retire((&admin_url, None), &admin, 1).unwrap();
    let e = CentralError::from(
        held.query("SELECT * FROM guichet.pushed()", &[])
            .unwrap_err(),
    );
    assert!(e.to_string().contains("was retired"), "{e}");
    assert!(
        push::push(&a.store, &a.signer).is_err(),
        "its login is closed"
    );
}

#[test]
fn reglages_says_whether_the_terminal_has_joined_and_sends_its_ledger_off_the_window_thread() {
    use guichet::ui::Message;
    use guichet::ui::screen::{Section, central as card, settings};
    let send_now = |app: &mut guichet::ui::App| {
        common::window::send(
            app,
            Message::Settings(settings::Message::Central(card::Message::Push)),
        );
    };
    // Alone: said so, with who can change it.
    let alone = Fixture::new();
    drop(alone.demo_season());
    let mut app = common::window::logged_in_fr(&alone.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Settings));
    assert!(common::window::shows_starting(
        &app,
        "Ce poste travaille seul : il n’est inscrit à aucune base centrale."
    ));
    drop(app);
    let Some((_cluster, _url, fa, a)) = counter_joined("reglages_sends_the_ledger") else {
        return;
    };
    drop(a);
    let mut app = common::window::logged_in_fr(&fa.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Settings));
    assert!(common::window::shows_starting(
        &app,
        "Inscrit à la base centrale « venue » sur 127.0.0.1:"
    ));
    send_now(&mut app);
    let stored = local_records(&fa, "fiscal") + local_records(&fa, "training");
    assert!(common::window::shows(
        &app,
        &format!(
            "Journal envoyé : {stored} enregistrement(s) nouveaux, 0 déjà là. Conflits en attente : 0."
        )
    ));
}

#[test]
fn a_fork_or_gap_decided_by_retiring_the_terminal_retires_it_there_and_then() {
    let Some((_cluster, url, _fa, a)) = counter_joined("decided_by_retiring") else {
        return;
    };
    let mut as_a = central::connect_terminal(&a.store).unwrap();
    push_gap(&mut as_a);
    drop(as_a);
    let id = central::conflicts::list(&a.store).unwrap()[0].id;
    // An administrator's terminal decides: the terminal is retired.
    let (_fc, mut c) = Fixture::bare_venue();
    common::join(&mut c, &url, TerminalKind::Admin);
    let admin = common::system(&c);
    let decision = central::conflicts::Decision {
        action: "retire",
        note: "poste volé",
    };
    central::conflicts::decide(&c.store, &admin, id, decision).unwrap();
    assert!(push::push(&a.store, &a.signer).is_err(), "retired");
    let decided = &central::conflicts::list(&c.store).unwrap()[0];
    assert_eq!(decided.action.as_deref(), Some("retire"));
}

/// A certificate authority of the venue's own and a server certificate it
/// signed for 127.0.0.1, in `dir`: (ca.crt, server.crt, server.key).
fn venue_ca(dir: &std::path::Path) -> (String, String, String) {
    let path = |f: &str| dir.join(f).to_str().unwrap().to_owned();
    let openssl = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl runs (apt-get install openssl)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (ca_key, ca, key, csr, crt, ext) = (
        path("ca.key"),
        path("ca.crt"),
        path("server.key"),
        path("server.csr"),
        path("server.crt"),
        path("server.ext"),
    );
    std::fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &ca_key,
        "-out",
        &ca,
        "-days",
        "3650",
        "-subj",
        "/CN=Théâtre CA",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        &key,
        "-out",
        &csr,
        "-subj",
        "/CN=127.0.0.1",
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &ca,
        "-CAkey",
        &ca_key,
        "-CAcreateserial",
        "-out",
        &crt,
        "-days",
        "3650",
        "-extfile",
        &ext,
    ]);
    (ca, crt, key)
}

#[test]
fn a_server_whose_certificate_the_venue_signed_is_reached_over_tls_with_its_authority() {
    if !pg::available("a_server_whose_certificate_the_venue_signed") {
        return;
    }
    let cluster = Cluster::start();
    let (ca, crt, key) = venue_ca(cluster.path());
    // The server reads its key as its own user, owner-only.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    if unsafe { libc::geteuid() } == 0 {
        for f in [&crt, &key] {
            std::os::unix::fs::chown(f, Some(65534), Some(65534)).unwrap();
        }
    }
    let url = cluster.database("venue");
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for set in [
        format!("ALTER SYSTEM SET ssl_cert_file = '{crt}'"),
        format!("ALTER SYSTEM SET ssl_key_file = '{key}'"),
        "ALTER SYSTEM SET ssl = on".to_owned(),
        "SELECT pg_reload_conf()".to_owned(),
    ] {
        owner.simple_query(&set).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    // Required TLS, checked against the usual authorities only: refused.
    let plain = format!("{url} sslmode=require");
    assert!(
        central::connect(&plain, None).is_err(),
        "an unknown authority"
    );
    // With the venue's authority: TLS, and the terminal keeps it.
    let trusted = format!("{plain} sslrootcert={ca}");
    let mut c = central::connect(&trusted, None).unwrap();
    let ssl: bool = c
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(ssl, "over TLS");
    central::init::init(&trusted, None).unwrap();
    let (_f, mut t) = Fixture::demo();
    common::join(&mut t, &trusted, TerminalKind::Counter);
    let kept = central::joined(&t.store).unwrap().unwrap();
    assert!(
        kept.contains("sslmode=require") && kept.contains("sslrootcert="),
        "{kept}"
    );
    push::push(&t.store, &t.signer).unwrap();
    // A file that holds no certificate is said so.
    let bad = format!(
        "{plain} sslrootcert={}",
        cluster.path().join("server.ext").display()
    );
    assert!(
        matches!(central::connect(&bad, None), Err(CentralError::Url(m)) if m.contains("no certificate")),
    );
}

#[test]
fn an_administrator_moves_the_connection_keeping_the_login_and_never_a_password() {
    let Some((cluster, _url, fa, mut a)) = counter_joined("an_administrator_moves_the_connection")
    else {
        return;
    };
    let admin = common::system(&a);
    let clerk = guichet::operators::Operator {
        role: Role::Clerk,
        ..admin.clone()
    };
    let before = central::joined(&a.store).unwrap().unwrap();
    let moved = format!(
        "host=127.0.0.1 port={} dbname=venue sslmode=disable",
        cluster
            .url("venue")
            .split("port=")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
    );
    assert!(matches!(
        central::join::set_address(&mut a.store, &a.signer, &clerk, &moved, now()),
        Err(CentralError::NotAllowed(_))
    ));
    let with_password = format!("{moved} password=secret");
    assert!(matches!(
        central::join::set_address(&mut a.store, &a.signer, &admin, &with_password, now()),
        Err(CentralError::Url(m)) if m.contains("no password")
    ));
    assert_eq!(
        central::joined(&a.store).unwrap().unwrap(),
        before,
        "nothing written"
    );
    let kept = central::join::set_address(&mut a.store, &a.signer, &admin, &moved, now()).unwrap();
    let login = before
        .split_whitespace()
        .find(|w| w.starts_with("user="))
        .unwrap();
    assert!(kept.contains(login) && !kept.contains("password"), "{kept}");
    // It connects there, as itself; the move is journaled.
    push::push(&a.store, &a.signer).unwrap();
    let journaled: i64 = fa
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'programmed' AND body LIKE '%central_address%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journaled, 1);
    let report = guichet::ledger::verify::verify(&a.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
}

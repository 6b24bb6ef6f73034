//! The central database under trouble, one seeded scenario (it prints its
//! seed; GUICHET_CHAOS_SEED replays one): a 500-seat performance, four
//! counters each with its own SQLite file and login, lots of 60 seats, two
//! doors and the web shop, each its own `guichet` process on its own file.
//! The web shop sells three baskets, each confirmed twice (a payment
//! notification sent again).
//! One counter is cut off (its login closed, its sessions ended) and keeps
//! selling; both doors, cut off too, let the same 20 tickets in; pushes are
//! killed with SIGKILL mid-way and started again; PostgreSQL is restarted
//! with `-m immediate`; one seat is reclaimed from the counter cut off,
//! which then sells it; the network heals and every terminal pushes
//! everything twice.
//!
//! At the end: no seat has two valid tickets; every seat is counted once
//! as sold, lent or in the pool; each counter's sales here equal its sales
//! there; every chain verifies centrally and here; the second push changed
//! nothing; exactly 21 conflicts: the sale on the reclaimed seat, and one
//! duplicate entry for each of the 20 tickets, naming both doors.
//!
//! Every sale is made by the counter's own `guichet sell` process, every
//! scan by the door's `guichet scan`, every basket by the shop's `guichet
//! web`; lending, following and most pushes run in the test's process on
//! the same files.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::pg::{self, Cluster};
use common::season;
use common::{Fixture, now};
use guichet::central::{self, TerminalKind, contingents, push, verify};
use guichet::counter;
use guichet::domain::venue::{Country, VenueSettings};
use guichet::ledger;
use guichet::operators::Operator;
use guichet::terminal::Terminal;

const COUNTERS: usize = 4;
const LOT: u32 = 60;
/// Tickets both doors let in while cut off.
const TWICE: usize = 20;
/// The doors' names.
const DOORS: [&str; 2] = ["Porte jardin", "Porte cour"];
/// The administrator of a door's or the web shop's file.
const ADMIN: (&str, &str) = ("Zoé Lambert", "3579");
/// Baskets the web shop sells, of two seats each.
const BASKETS: usize = 3;

/// A small generator of the scenario's choices (xorshift), from its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A counter: its file, its terminal, who sells there.
struct Counter {
    fixture: Fixture,
    t: Terminal,
    by: Operator,
    performance: i64,
}

/// 500 seats (20 rows of 25), one performance tomorrow evening.
fn season_file() -> String {
    let rows = (b'A'..=b'T')
        .map(|c| (c as char).to_string())
        .collect::<Vec<_>>();
    let day = (now() + Duration::days(1)).date_naive();
    season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false)],
        vec![season::numbered_hall(
            "salle",
            "La Salle",
            season::seats("Parterre", &rows, 25),
        )],
        vec![season::show(
            "s",
            "Le Grand Soir",
            "theatre",
            "ASTP",
            "5.5",
            120,
        )],
        vec![season::performance(
            ("soir", "s", "salle"),
            (
                format!("{day}T20:00:00+01:00"),
                format!("{day}T22:00:00+01:00"),
            ),
            "5.5",
            ("Parterre", &rows),
            &[("PLEIN", 2500)],
        )],
    )
}

fn counter(url: &str, first: bool, season: &str) -> Counter {
    let fixture = Fixture::new();
    let mut t = fixture.terminal();
    let settings = VenueSettings::for_country("Le Grand Théâtre", Country::France);
    let by = if first {
        season::venue_with_season(&mut t, settings, season, now())
    } else {
        // Another counter of the same venue: set up, then the season
        // pulled as it joins.
        season::venue_with_season(&mut t, settings, &empty_season(), now())
    };
    central::join::join(
        &mut t.store,
        &t.signer,
        &by,
        (url, None),
        TerminalKind::Counter,
        now(),
    )
    .expect("joined");
    if first {
        central::season::publish(&mut t.store, &by, now()).unwrap();
    }
    let performance = guichet::programming::upcoming(&t.store, now(), 10)
        .unwrap()
        .first()
        .expect("the season pulled")
        .id;
    Counter {
        fixture,
        t,
        by,
        performance,
    }
}

/// A door: its own file, joined as a door; the performance by its id there.
struct Door {
    fixture: Fixture,
    t: Terminal,
    performance: i64,
}

fn door(url: &str, performance: &str) -> Door {
    terminal_of(url, performance, TerminalKind::Door)
}

/// A terminal of the venue on a file of its own: set up, joined as `kind`
/// (the season pulled as it joins).
fn terminal_of(url: &str, performance: &str, kind: TerminalKind) -> Door {
    let (fixture, mut t) = Fixture::bare_venue();
    let admin = common::system(&t);
    central::join::join(&mut t.store, &t.signer, &admin, (url, None), kind, now()).expect("joined");
    let performance = fixture
        .raw()
        .query_row(
            "SELECT id FROM performance WHERE public_id = ?1",
            [performance],
            |r| r.get(0),
        )
        .expect("the season pulled as it joined");
    Door {
        fixture,
        t,
        performance,
    }
}

/// `guichet` on the door's file, as its administrator, its clock at `at`.
fn at_door(d: &Door, at: DateTime<Utc>, args: &[&str]) -> std::process::Output {
    let db = d.fixture.db.to_str().unwrap().to_owned();
    common::command(&db, args)
        .env("GUICHET_OPERATOR", ADMIN.0)
        .env("GUICHET_PIN", ADMIN.1)
        .env(guichet::terminal::CLOCK_ENV, at.to_rfc3339())
        .output()
        .expect("guichet runs")
}

/// Closes a login and ends its sessions (the network cut), or opens it.
fn cut_off(owner: &mut postgres::Client, login: &str, cut: bool) {
    let sql = match cut {
        true => format!(
            "ALTER ROLE \"{login}\" NOLOGIN;
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{login}';"
        ),
        false => format!("ALTER ROLE \"{login}\" LOGIN"),
    };
    owner.batch_execute(&sql).unwrap();
}

/// The codes of the tickets a terminal sold, in order.
fn codes(fixture: &Fixture) -> Vec<String> {
    let conn = fixture.raw();
    let mut stmt = conn
        .prepare("SELECT code FROM ticket WHERE status = 'valid' AND training = 0 ORDER BY number")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn empty_season() -> String {
    season::season("Europe/Paris", &[], vec![], vec![], vec![])
}

/// The seats this counter holds and has not sold, in the hall's order.
fn unsold(c: &Counter) -> Vec<i64> {
    let offer = counter::offer::load(&c.t.store, c.performance, None, now()).unwrap();
    offer
        .seats
        .iter()
        .filter(|s| offer.sellable(s.id))
        .map(|s| s.id)
        .collect()
}

/// Sells one seat, as the counter's own process: `guichet sell` on its
/// file, its clock at `at`, as its administrator.
fn sell(c: &mut Counter, seat: i64, at: DateTime<Utc>) {
    let db = c.fixture.db.to_str().unwrap().to_owned();
    let id = c.performance.to_string();
    let seat = short_name(c, seat);
    let args = [
        "sell",
        "--performance",
        &id,
        "--seats",
        &seat,
        "--tariff",
        "PLEIN",
    ];
    let out = common::command(&db, &[&args[..], &["--pay", "cash:2500"]].concat())
        .env("GUICHET_OPERATOR", "Admin")
        .env("GUICHET_PIN", common::season::ADMIN_PIN)
        .env(guichet::terminal::CLOCK_ENV, at.to_rfc3339())
        .output()
        .expect("guichet runs");
    assert!(
        out.status.success(),
        "sold {seat}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Sells `n` seats of those it holds, chosen by the dice.
fn sell_some(c: &mut Counter, dice: &mut Dice, n: usize) {
    for _ in 0..n {
        let free = unsold(c);
        let seat = free[dice.below(free.len() as u64) as usize];
        sell(c, seat, now());
    }
}

/// Starts `guichet central push` on the counter's file and kills it
/// (SIGKILL) after `ms`.
fn killed_push(c: &Counter, ms: u64) {
    let db = c.fixture.db.to_str().unwrap().to_owned();
    let mut child = common::command(&db, &["central", "push"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(ms));
    let _ = child.kill();
    let _ = child.wait();
}

fn local_sales(c: &Counter) -> i64 {
    c.fixture
        .raw()
        .query_row(
            "SELECT count(*) FROM ticket WHERE status = 'valid' AND training = 0",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn four_counters_cut_off_killed_and_restarted_never_sell_a_seat_twice_unseen() {
    if !pg::available("four_counters_cut_off_killed_and_restarted") {
        return;
    }
    let seed: u64 = std::env::var("GUICHET_CHAOS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| u64::from(Utc::now().timestamp_subsec_nanos()) | 1);
    println!("chaos seed: {seed} (GUICHET_CHAOS_SEED={seed} replays it)");
    let mut dice = Dice(seed);
    let cluster = Cluster::start();
    let url = cluster.database("venue");
    central::init::init(&url, None).unwrap();
    let season = season_file();
    let mut counters: Vec<Counter> = (0..COUNTERS)
        .map(|i| counter(&url, i == 0, &season))
        .collect();
    let performance = central_id_of(&counters[0]);
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();

    // Each borrows a lot of 60 and sells some of it; every lot apart.
    for c in &mut counters {
        let got = contingents::lend(
            &mut c.t.store,
            &c.t.signer,
            &c.by,
            c.performance,
            (LOT, 0),
            now(),
        )
        .unwrap();
        assert_eq!(got.performances[0].seats_in, LOT as usize);
        let n = 5 + dice.below(15) as usize;
        sell_some(c, &mut dice, n);
        push::push(&c.t.store, &c.t.signer).unwrap();
    }

    // The web shop, a process on its own file, sells its baskets: each
    // reserved, then confirmed twice; then it pushes.
    let shop = terminal_of(&url, &performance, TerminalKind::Web);
    let id = shop.performance.to_string();
    for i in 0..BASKETS {
        let reference = format!("PAY-{seed}-{i}");
        let reserve = ["web", "reserve", "--performance", &id, "--seats", "2"];
        let out = at_door(
            &shop,
            now(),
            &[&reserve[..], &["--payment", &reference]].concat(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for _ in 0..2 {
            let confirm = [
                "web",
                "confirm",
                "--payment",
                &reference,
                "--tariff",
                "PLEIN",
            ];
            let out = at_door(&shop, now(), &confirm);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let out = at_door(&shop, now(), &["central", "push"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Two doors, each its own process on its own file, pull their list.
    let doors: Vec<Door> = DOORS.iter().map(|_| door(&url, &performance)).collect();
    let starts_at =
        guichet::programming::upcoming(&counters[0].t.store, now(), 1).unwrap()[0].starts_at;
    for d in &doors {
        let id = d.performance.to_string();
        let out = at_door(d, now(), &["central", "door-list", "--performance", &id]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // 20 tickets of those pushed: one of the web shop's, the rest chosen
    // by the dice.
    let mut pushed: Vec<String> = counters.iter().flat_map(|c| codes(&c.fixture)).collect();
    let mut web_codes = codes(&shop.fixture);
    let mut twice = vec![web_codes.remove(0)];
    pushed.extend(web_codes);
    while twice.len() < TWICE {
        twice.push(pushed.swap_remove(dice.below(pushed.len() as u64) as usize));
    }

    // The last counter is cut off: its login closed, its sessions ended.
    let cut = pg::login(&counters[3].t);
    cut_off(&mut owner, &cut, true);
    // So are both doors; each lets the same 20 tickets in.
    for d in &doors {
        cut_off(&mut owner, &pg::login(&d.t), true);
    }
    for (i, code) in twice.iter().enumerate() {
        let at = starts_at - Duration::minutes(60 - i as i64);
        for (d, name) in doors.iter().zip(DOORS) {
            let id = d.performance.to_string();
            let out = at_door(d, at, &["scan", "--performance", &id, "--door", name, code]);
            assert!(
                out.status.success(),
                "{name} admits offline: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let n = 3 + dice.below(10) as usize;
    sell_some(&mut counters[3], &mut dice, n);
    assert!(
        push::push(&counters[3].t.store, &counters[3].t.signer).is_err(),
        "cut off, it cannot push"
    );

    // An administrator takes one of its seats back (one it has not sold as
    // far as anyone knows); it does not hear of it and sells it.
    let admin = common::system(&counters[0].t);
    let offline = &counters[3];
    let seat = unsold(offline)[0];
    let name = seat_name(offline, seat);
    let central_terminal = pg::terminal_number(&url, &counters[3].t);
    contingents::reclaim(
        (&url, None),
        &admin,
        central_terminal,
        Some(&performance),
        std::slice::from_ref(&name),
    )
    .unwrap();
    sell(&mut counters[3], seat, now());
    let n = dice.below(5) as usize;
    sell_some(&mut counters[3], &mut dice, n);

    // The others sell on; their pushes are killed mid-way and started
    // again; PostgreSQL itself stops dead and starts again.
    for c in &mut counters[..3] {
        let n = 5 + dice.below(10) as usize;
        sell_some(c, &mut dice, n);
        killed_push(c, 5 + dice.below(150));
    }
    cluster.restart_immediately();
    for c in &counters[..3] {
        killed_push(c, 5 + dice.below(150));
    }

    // Healed: every counter pushes everything, twice.
    let mut owner = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    cut_off(&mut owner, &cut, false);
    for d in &doors {
        cut_off(&mut owner, &pg::login(&d.t), false);
    }
    for c in &counters {
        push::push(&c.t.store, &c.t.signer).unwrap();
    }
    for d in &doors {
        let out = at_door(d, now(), &["central", "push", "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(said["scans"]["stored"], TWICE as i64, "{said}");
    }
    for c in &counters {
        let again = push::push(&c.t.store, &c.t.signer).unwrap();
        assert_eq!(
            (again.stored, again.conflicts),
            (0, 0),
            "the second push changes nothing"
        );
    }
    for d in &doors {
        let out = at_door(d, now(), &["central", "push", "--json"]);
        let said: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (&said["chains"]["stored"], &said["scans"]["stored"]),
            (&serde_json::json!(0), &serde_json::json!(0)),
            "the second push changes nothing: {said}"
        );
        let report = ledger::verify::verify(&d.t.store).unwrap();
        assert!(report.first_break.is_none(), "{:?}", report.first_break);
    }
    // The cut-off counter follows what the central side says it holds.
    let c = &mut counters[3];
    contingents::sync(&mut c.t.store, &c.t.signer, &c.by, now()).unwrap();

    // No seat has two valid tickets.
    let twice: i64 = owner
        .query_one(
            "SELECT count(*) FROM (SELECT 1 FROM guichet.ticket WHERE NOT cancelled
               AND seat IS NOT NULL GROUP BY performance, seat HAVING count(*) > 1) x",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(twice, 0, "seed {seed}");
    // Every seat counted once: sold, lent or in the pool.
    let mut as_first = central::connect_terminal(&counters[0].t.store).unwrap();
    let places = guichet::store::central::places_of(&mut as_first, &performance)
        .unwrap()
        .unwrap();
    assert_eq!(places.capacity, 500);
    assert_eq!(places.sold + places.lent + places.pool, 500, "{places:?}");
    // Each counter's sales here are its sales there; every chain holds.
    let mut sold_here = 0;
    for c in &counters {
        let there: i64 = owner
            .query_one(
                "SELECT count(*) FROM guichet.ticket t JOIN guichet.terminal m
                   ON m.id = t.terminal_id WHERE m.login = $1 AND NOT t.cancelled",
                &[&pg::login(&c.t)],
            )
            .unwrap()
            .get(0);
        assert_eq!(local_sales(c), there, "seed {seed}");
        sold_here += there;
        let report = ledger::verify::verify(&c.t.store).unwrap();
        assert!(report.first_break.is_none(), "{:?}", report.first_break);
    }
    // The web shop's too: its baskets, once each.
    let shop_there: i64 = owner
        .query_one(
            "SELECT count(*) FROM guichet.ticket t JOIN guichet.terminal m
               ON m.id = t.terminal_id WHERE m.login = $1 AND NOT t.cancelled",
            &[&pg::login(&shop.t)],
        )
        .unwrap()
        .get(0);
    assert_eq!(codes(&shop.fixture).len() as i64, shop_there);
    assert_eq!(shop_there, 2 * BASKETS as i64);
    let report = ledger::verify::verify(&shop.t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
    assert_eq!(places.sold, sold_here + shop_there);
    let chains = verify::verify(&url, None).unwrap();
    assert!(chains.iter().all(|c| c.broken.is_none()), "{chains:?}");
    // Exactly one sale on a reclaimed seat, the one reclaimed, and one
    // duplicate entry for each ticket both doors let in, naming both.
    let conflicts = central::conflicts::list(&counters[0].t.store).unwrap();
    let of = |kind: &str| {
        conflicts
            .iter()
            .filter(|c| c.kind == kind)
            .collect::<Vec<_>>()
    };
    let reclaimed = of("reclaimed_sale");
    assert_eq!(reclaimed.len(), 1, "seed {seed}: {conflicts:?}");
    assert!(
        reclaimed[0].detail.contains(&name),
        "{}",
        reclaimed[0].detail
    );
    let duplicates = of("duplicate_entry");
    assert_eq!(duplicates.len(), TWICE, "seed {seed}: {conflicts:?}");
    assert!(
        duplicates
            .iter()
            .all(|c| DOORS.iter().all(|d| c.detail.contains(d)))
    );
    assert_eq!(conflicts.len(), 1 + TWICE, "nothing else: {conflicts:?}");
}

/// The performance's public id.
fn central_id_of(c: &Counter) -> String {
    c.fixture
        .raw()
        .query_row(
            "SELECT public_id FROM performance WHERE id = ?1",
            [c.performance],
            |r| r.get(0),
        )
        .unwrap()
}

/// A seat as a clerk types it: its row and number ("F12").
fn short_name(c: &Counter, seat: i64) -> String {
    c.fixture
        .raw()
        .query_row(
            "SELECT s.row_label || s.number FROM seat s WHERE s.id = ?1",
            [seat],
            |r| r.get(0),
        )
        .unwrap()
}

fn seat_name(c: &Counter, seat: i64) -> String {
    c.fixture
        .raw()
        .query_row(
            "SELECT x.name || ', rang ' || s.row_label || ', ' || s.number
             FROM seat s JOIN seat_section x ON x.id = s.section_id WHERE s.id = ?1",
            [seat],
            |r| r.get(0),
        )
        .unwrap()
}

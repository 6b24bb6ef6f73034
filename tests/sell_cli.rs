//! Selling from the command line, the same jobs as the Vente screen, and a
//! sale killed half-way: the database opens, the ledger verifies, and the
//! sale is wholly there or wholly absent.

mod common;

use std::process::{Output, Stdio};
use std::time::Duration;

use common::{DEMO_ADMIN, Fixture, count, guichet, guichet_as};
use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(out: &Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// A demo database and the id of the next performance in a hall.
fn demo(hall: &str) -> (Fixture, String, i64) {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap().to_owned();
    let out = guichet(&db, &["demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The first clerk of the day opens the till with its float.
    let out = guichet_as(&db, DEMO_ADMIN, &["session", "open", "--float", "15000"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list = json(&guichet_as(&db, DEMO_ADMIN, &["performances", "--json"]));
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["hall"] == hall
                && p["status"] == "on_sale"
                && chrono::DateTime::parse_from_rfc3339(p["date"].as_str().unwrap()).unwrap()
                    > common::now() + chrono::Duration::hours(3)
        })
        .expect("a performance on sale")["id"]
        .as_i64()
        .unwrap();
    (f, db, id)
}

#[test]
fn sell_find_reprint_cancel_from_the_command_line() {
    let (_f, db, p) = demo("Grande salle");
    let p = p.to_string();
    let sold = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            &p,
            "--best",
            "2",
            "--tariff",
            "PLEIN",
            "--pay",
            "cash:10000",
            "--json",
        ],
    ));
    assert_eq!(sold["order"], 1);
    assert_eq!(sold["total"], 6_400);
    assert_eq!(sold["change"], 3_600);
    let tickets = sold["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 2);
    for t in tickets {
        let code = t["code"].as_str().unwrap();
        assert_eq!(code.len(), 139);
        assert!(t["seat"].as_str().unwrap().starts_with("Orchestre, row"));
    }
    let first = tickets[0]["number"].as_i64().unwrap().to_string();
    let second = tickets[1]["number"].as_i64().unwrap().to_string();

    // The seats just sold are refused, with what to do.
    let seat = tickets[0]["seat"]
        .as_str()
        .unwrap()
        .replace("Orchestre, row ", "")
        .replace(", seat ", "");
    let out = guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            &p,
            "--seats",
            &seat,
            "--tariff",
            "PLEIN",
            "--pay",
            "cash:3200",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is already sold"),
        "{}",
        text(&out.stderr)
    );

    // Found by order number, ticket number and code.
    for key in ["1", first.as_str(), tickets[1]["code"].as_str().unwrap()] {
        let found = json(&guichet_as(
            &db,
            DEMO_ADMIN,
            &["orders", "find", key, "--json"],
        ));
        assert_eq!(found[0]["order"], 1, "found by {key}");
    }

    let out = guichet_as(&db, DEMO_ADMIN, &["reprint", &first]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("duplicata n° 1"));

    let cancelled = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "cancel",
            "1",
            "--tickets",
            &second,
            "--refund",
            "card",
            "--json",
        ],
    ));
    assert_eq!(cancelled["refund"]["amount"], -3_200);
    assert_eq!(cancelled["refund"]["method"], "card");
    let found = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &["orders", "find", "1", "--json"],
    ));
    assert_eq!(found[0]["paid"], 3_200);
    assert_eq!(found[0]["tickets"][1]["valid"], false);
    assert_eq!(found[0]["tickets"][0]["duplicates"], 1);

    // The ticket left is exchanged for one reduced-price seat: the
    // difference goes back in cash.
    let exchanged = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "exchange",
            "1",
            "--tickets",
            &first,
            "--performance",
            &p,
            "--best",
            "1",
            "--tariff",
            "REDUIT",
            "--refund",
            "cash",
            "--json",
        ],
    ));
    assert_eq!(exchanged["order"], 2);
    assert_eq!(exchanged["total"], 2_600);
    let found = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &["orders", "find", "1", "--json"],
    ));
    assert_eq!(found[0]["paid"], 0, "everything given back");

    let out = guichet_as(&db, DEMO_ADMIN, &["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn general_admission_and_bad_input_on_the_command_line() {
    let (_f, db, p) = demo("Le Club");
    let p = p.to_string();
    let sold = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            &p,
            "--qty",
            "2",
            "--tariff",
            "PLEIN,REDUIT",
            "--pay",
            "card:1500,cash:3000",
            "--json",
        ],
    ));
    assert_eq!(sold["tickets"][1]["tariff"], "REDUIT");
    assert!(sold["tickets"][0]["seat"].is_null());

    let refusals: [(&[&str], &str); 6] = [
        (
            &["--qty", "2", "--tariff", "PLEIN", "--pay", "cash:100"],
            "missing",
        ),
        (
            &["--qty", "2", "--tariff", "NOPE", "--pay", "cash:9000"],
            "no tariff \"NOPE\"",
        ),
        (
            &[
                "--qty",
                "3",
                "--tariff",
                "PLEIN,REDUIT",
                "--pay",
                "cash:9000",
            ],
            "one per ticket",
        ),
        (
            &["--qty", "1", "--tariff", "PLEIN", "--pay", "bitcoin:100"],
            "not a payment method",
        ),
        (
            &["--seats", "F12", "--tariff", "PLEIN", "--pay", "cash:9000"],
            "not numbered",
        ),
        (
            &[
                "--qty",
                "100000",
                "--tariff",
                "PLEIN",
                "--pay",
                "cash:999999999",
            ],
            "places left",
        ),
    ];
    for (args, message) in refusals {
        let mut all = vec!["sell", "--performance", &p];
        all.extend_from_slice(args);
        let out = guichet_as(&db, DEMO_ADMIN, &all);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            "99999",
            "--qty",
            "1",
            "--tariff",
            "PLEIN",
        ],
    );
    assert!(
        text(&out.stderr).contains("no performance 99999"),
        "{}",
        text(&out.stderr)
    );
    let orders: Value = json(&guichet_as(
        &db,
        DEMO_ADMIN,
        &["orders", "find", "1", "--json"],
    ));
    assert_eq!(
        orders.as_array().unwrap().len(),
        1,
        "the refusals wrote no order"
    );
}

/// Kills `guichet sell` at many points of its run: whatever was reached,
/// the database opens, the chain verifies, and each sale is whole.
#[test]
fn a_sale_killed_half_way_is_wholly_there_or_wholly_absent() {
    let (f, db, p) = demo("Le Club");
    let p = p.to_string();
    let mut killed = 0;
    for i in 0..16u64 {
        let mut child = common::binary()
            .args([
                "--db",
                &db,
                "sell",
                "--performance",
                &p,
                "--qty",
                "2",
                "--tariff",
                "PLEIN",
                "--pay",
                "cash:5000",
            ])
            .env_remove("GUICHET_DB")
            .env("GUICHET_OPERATOR", DEMO_ADMIN.0)
            .env("GUICHET_PIN", DEMO_ADMIN.1)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(3 * i));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();

        let out = guichet_as(&db, DEMO_ADMIN, &["verify"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "after kill {i}: {}",
            text(&out.stdout)
        );
        let c = f.raw();
        let orders = count(&c, "sale_order");
        assert_eq!(count(&c, "ticket"), 2 * orders, "after kill {i}");
        assert_eq!(count(&c, "payment"), orders, "after kill {i}");
        let records: i64 = c
            .query_row("SELECT count(*) FROM ledger WHERE kind = 'sale'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(records, orders, "after kill {i}");
        let numbers: Vec<i64> = c
            .prepare("SELECT number FROM ticket ORDER BY number")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            numbers,
            (1..=numbers.len() as i64).collect::<Vec<_>>(),
            "no gaps"
        );
    }
    assert!(killed > 0, "no run was killed: the test proved nothing");
}

/// Twenty scripts sell the best two seats of one hall at once: each one's
/// seats, chosen before its write, may be taken by another meanwhile; the
/// checkout chooses again, so all twenty sell, forty distinct seats.
#[test]
fn twenty_concurrent_best_seat_sales_all_succeed() {
    let (f, db, p) = demo("Grande salle");
    let p = p.to_string();
    let children: Vec<_> = (0..20)
        .map(|_| {
            common::binary()
                .args([
                    "--db",
                    &db,
                    "sell",
                    "--performance",
                    &p,
                    "--best",
                    "2",
                    "--tariff",
                    "PLEIN",
                    "--pay",
                    "cash:10000",
                    "--json",
                ])
                .env_remove("GUICHET_DB")
                .env("GUICHET_OPERATOR", DEMO_ADMIN.0)
                .env("GUICHET_PIN", DEMO_ADMIN.1)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut seats = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let sold: Value = serde_json::from_slice(&out.stdout).unwrap();
        for t in sold["tickets"].as_array().unwrap() {
            seats.push(t["seat"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(seats.len(), 40);
    seats.sort();
    seats.dedup();
    assert_eq!(seats.len(), 40, "forty distinct seats");
    assert_eq!(count(&f.raw(), "sale_order"), 20);
    assert_eq!(
        guichet_as(&db, DEMO_ADMIN, &["verify"]).status.code(),
        Some(0)
    );
}

/// `guichet journal`: who did what, in each chain's order, from a day on.
#[test]
fn the_journal_says_who_did_what() {
    let (_f, db, p) = demo("Le Club");
    let p = p.to_string();
    let out = guichet_as(
        &db,
        DEMO_ADMIN,
        &[
            "sell",
            "--performance",
            &p,
            "--qty",
            "1",
            "--tariff",
            "PLEIN",
            "--pay",
            "cash:5000",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = text(&guichet(&db, &["journal"]).stdout);
    let lines: Vec<&str> = all.lines().collect();
    assert!(lines[0].contains("fiscal #1\tgenesis\tsystème"), "{all}");
    assert!(
        lines.iter().any(|l| l.contains("\tsale\tCamille Roche")),
        "{all}"
    );
    let list = json(&guichet(&db, &["journal", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), lines.len());
    let later = guichet(&db, &["journal", "--since", "2999-01-01"]);
    assert_eq!(later.status.code(), Some(0));
    assert!(later.stdout.is_empty());
    let bad = guichet(&db, &["journal", "--since", "demain"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("use YYYY-MM-DD"));
}

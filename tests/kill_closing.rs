//! kill -9 during a day's closing: the program is killed at random moments
//! while it closes a day of 4,000 sales; after each kill the closing is
//! whole (its row and its signed record, summing every sale) or absent,
//! and the ledger holds; the day is then closed once.

mod common;

use std::time::Duration;

use common::{Fixture, now};
use guichet::domain::journal::Chain;

const SALES: i64 = 4_000;

/// The demo's venue, its drawer counted, and `SALES` sale records of
/// 23 November with their rows.
fn a_busy_day() -> Fixture {
    let (f, mut t) = Fixture::demo();
    common::count_drawer(&mut t, now());
    let actor = common::system(&t).actor();
    let seqs: Vec<i64> = {
        let guichet::terminal::Terminal { store, signer, .. } = &mut t;
        store
            .write(|tx| {
                (1..=SALES)
                    .map(|i| {
                        guichet::ledger::append(
                            tx,
                            signer,
                            Chain::Fiscal,
                            &actor,
                            &common::records::two_ticket_sale(i),
                            now(),
                        )
                        .map(|a| a.seq)
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap()
    };
    let raw = f.raw();
    raw.execute_batch("BEGIN").unwrap();
    for (i, seq) in (1..=SALES).zip(seqs) {
        common::records::two_ticket_sale_rows(&raw, i, seq);
    }
    raw.execute_batch("COMMIT").unwrap();
    f
}

/// Closing rows and closing records: equal, or the closing is half-made.
fn closings(f: &Fixture) -> (i64, i64) {
    let c = f.raw();
    let count = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        count("SELECT count(*) FROM closing"),
        count("SELECT count(*) FROM ledger WHERE kind = 'closing'"),
    )
}

#[test]
fn a_closing_killed_at_any_moment_is_whole_or_absent() {
    let f = a_busy_day();
    let db = f.db.to_str().unwrap().to_owned();
    let close = || {
        common::command(&db, &["close", "day"])
            .env("GUICHET_OPERATOR", common::DEMO_ADMIN.0)
            .env("GUICHET_PIN", common::DEMO_ADMIN.1)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // Kills 4 ms apart from the start: before the program opens the
    // database, while it sums the day, while it writes the closing.
    let mut killed_before = 0;
    for k in 0..60u32 {
        if closings(&f).0 > 0 {
            break;
        }
        let mut child = close();
        std::thread::sleep(Duration::from_millis(4) * k);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (rows, records) = closings(&f);
        assert_eq!(rows, records, "kill {k}: a closing half-made");
        assert!(rows <= 1);
        if rows == 0 {
            killed_before += 1;
        }
        let store = guichet::store::Store::open_read_only(&f.db).unwrap();
        let report = guichet::till::verify(&store).unwrap();
        assert!(
            report.first_break.is_none(),
            "kill {k}: {:?}",
            report.first_break
        );
    }
    // Whatever the kills left, the day closes once, summing every sale.
    let out = common::guichet_as(&db, common::DEMO_ADMIN, &["close", "day"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || said.contains("closed already"),
        "{said}"
    );
    assert_eq!(closings(&f), (1, 1));
    let sales: i64 = f
        .raw()
        .query_row("SELECT total FROM closing WHERE period = 'day'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(sales, SALES * 6400);
    eprintln!("{killed_before} kill(s) before the closing was made");
}

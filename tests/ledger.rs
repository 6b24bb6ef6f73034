//! The ledger: chained, signed, verified; every kind of tampering is caught
//! and located; the key is never replaced silently.

mod common;

use chrono::Duration;
use common::{Fixture, actor, clock, count, now};
use guichet::domain::Role;
use guichet::domain::journal::{Break, Chain, Problem};
use guichet::domain::venue::{Country, VenueSettings};
use guichet::ledger::canonical::to_canonical;
use guichet::ledger::verify::verify;
use guichet::ledger::{self, LedgerError, keys};
use guichet::operators::NewOperator;
use guichet::programming::venue::set_up;
use guichet::terminal::{StartError, Terminal};

/// A terminal of a venue in Paris with `n` sales in its fiscal chain, after
/// the genesis (1), the set-up (2) and the administrator's creation (3).
fn with_sales(n: i64) -> (Fixture, Terminal) {
    let f = Fixture::new();
    let mut t = f.terminal();
    let by = actor(&t);
    let admin = NewOperator {
        name: "Camille Roche".into(),
        role: Role::Admin,
        pin: "2468".into(),
        pin_again: "2468".into(),
    };
    let venue = VenueSettings::for_country("Théâtre des Quais", Country::France);
    set_up(&mut t.store, &t.signer, &by, venue, &admin, now()).unwrap();
    for i in 1..=n {
        let signer = &t.signer;
        let appended = t
            .store
            .write(|tx| {
                ledger::append(
                    tx,
                    signer,
                    Chain::Fiscal,
                    &by,
                    &common::records::two_ticket_sale(i),
                    now() + Duration::seconds(i),
                )
            })
            .unwrap();
        common::records::two_ticket_sale_rows(&f.raw(), i, appended.seq);
    }
    (f, t)
}

fn first_break(f: &Fixture) -> Break {
    let t = f.terminal();
    verify(&t.store).unwrap().first_break.expect("a break")
}

#[test]
fn a_new_database_gets_a_private_key_and_genesis_records() {
    let f = Fixture::new();
    let t = f.terminal();
    let key = keys::key_path(&f.db);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let c = f.raw();
    assert_eq!(count(&c, "ledger"), 2, "one genesis per chain");
    let (body, public_key): (String, Vec<u8>) = c
        .query_row(
            "SELECT l.body, t.public_key FROM ledger l JOIN terminal t ON t.id = l.terminal_id
             WHERE l.chain = 'fiscal' AND l.seq = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["kind"], "genesis");
    assert_eq!(
        body["data"]["public_key"].as_str().unwrap(),
        data_encoding::HEXLOWER.encode(&public_key)
    );
    assert_eq!(body["data"]["key_id"].as_str().unwrap(), t.signer.key_id);
    let report = verify(&t.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
    drop(t);
    let again = f.terminal();
    assert_eq!(count(&f.raw(), "ledger"), 2, "reopening adds nothing");
    assert_eq!(again.signer.key_id, report_key(&f));
}

fn report_key(f: &Fixture) -> String {
    f.raw()
        .query_row("SELECT key_id FROM terminal", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn records_are_canonical_chained_and_gap_free() {
    let (f, t) = with_sales(5);
    let report = verify(&t.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
    assert_eq!(report.records(), 9);
    assert!(report.summary().starts_with("ledger intact: 9 records"));
    let c = f.raw();
    let mut stmt = c
        .prepare(
            "SELECT seq, body, prev_hash, hash FROM ledger WHERE chain = 'fiscal' ORDER BY seq",
        )
        .unwrap();
    let rows: Vec<(i64, String, Vec<u8>, Vec<u8>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = vec![0u8; 32];
    for (i, (seq, body, prev_hash, hash)) in rows.iter().enumerate() {
        assert_eq!(*seq, i as i64 + 1);
        assert_eq!(prev_hash, &prev);
        assert_eq!(hash.as_slice(), ledger::record_hash(&prev, body).as_slice());
        let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            body,
            &to_canonical(&parsed).unwrap(),
            "stored in canonical form"
        );
        prev = hash.clone();
    }
    let last: serde_json::Value = serde_json::from_str(&rows[7].1).unwrap();
    assert_eq!(last["kind"], "sale");
    assert_eq!(last["data"]["total"], 6400);
    assert_eq!(last["operator"]["name"], "système");
    assert_eq!(
        last["at"], "2026-11-23T17:00:05.000+01:00",
        "ISO-8601 with Paris's offset"
    );
    let genesis: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(
        genesis["at"], "2026-11-23T16:00:00.000+00:00",
        "before set-up: UTC"
    );
}

#[test]
fn an_altered_amount_is_caught_and_located() {
    let (f, t) = with_sales(6);
    drop(t);
    let c = f.raw();
    c.execute_batch(
        "DROP TRIGGER ledger_no_update;
         UPDATE ledger SET body = replace(body, '\"total\":6400', '\"total\":6500')
         WHERE chain = 'fiscal' AND seq = 7;",
    )
    .unwrap();
    let b = first_break(&f);
    assert_eq!((b.chain.as_str(), b.position), ("fiscal", 7));
    assert!(matches!(b.problem, Problem::Altered(_)), "{b}");
    assert_eq!(b.kind, "sale");
    assert!(
        b.to_string()
            .contains("record 7 (sale at 2026-11-23T17:00:04.000+01:00): altered"),
        "{b}"
    );
}

#[test]
fn a_deleted_record_is_caught_and_located() {
    let (f, t) = with_sales(6);
    drop(t);
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_delete;
             DELETE FROM ledger WHERE chain = 'fiscal' AND seq = 6;",
        )
        .unwrap();
    let b = first_break(&f);
    assert_eq!(b.position, 6);
    assert_eq!(b.problem, Problem::Missing { from: 6, to: 6 });
    assert!(b.to_string().contains("record 6 was removed"), "{b}");
}

#[test]
fn swapped_records_are_caught_and_located() {
    let (f, t) = with_sales(6);
    drop(t);
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_update;
             UPDATE ledger SET seq = 1000 WHERE chain = 'fiscal' AND seq = 5;
             UPDATE ledger SET seq = 5 WHERE chain = 'fiscal' AND seq = 6;
             UPDATE ledger SET seq = 6 WHERE chain = 'fiscal' AND seq = 1000;",
        )
        .unwrap();
    let b = first_break(&f);
    assert_eq!(b.position, 5);
    assert_eq!(b.problem, Problem::Reordered { found: 6 });
}

#[test]
fn a_record_rehashed_without_the_key_fails_its_signature() {
    let (f, t) = with_sales(4);
    drop(t);
    let c = f.raw();
    let (body, prev): (String, Vec<u8>) = c
        .query_row(
            "SELECT body, prev_hash FROM ledger WHERE chain = 'fiscal' AND seq = 5",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let forged = body.replace("\"total\":6400", "\"total\":100");
    let hash = ledger::record_hash(&prev, &forged).to_vec();
    c.execute_batch("DROP TRIGGER ledger_no_update;").unwrap();
    c.execute(
        "UPDATE ledger SET body = ?1, hash = ?2 WHERE chain = 'fiscal' AND seq = 5",
        rusqlite::params![forged, hash],
    )
    .unwrap();
    let b = first_break(&f);
    assert_eq!((b.position, b.problem.clone()), (5, Problem::BadSignature));
}

#[test]
fn a_restore_written_in_another_order_still_verifies() {
    let (f, t) = with_sales(3);
    drop(t);
    let c = f.raw();
    c.execute_batch(
        "DROP TRIGGER ledger_no_delete;
         CREATE TEMP TABLE copy AS SELECT * FROM ledger;
         DELETE FROM ledger;
         INSERT INTO ledger SELECT * FROM copy ORDER BY seq DESC, chain DESC;
         CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
         BEGIN
             SELECT RAISE(ABORT, 'ledger records are append-only: they cannot be deleted');
         END;",
    )
    .unwrap();
    assert_eq!(count(&c, "ledger"), 7);
    let t = f.terminal();
    assert!(verify(&t.store).unwrap().is_intact());
}

#[test]
fn a_missing_key_is_never_replaced_silently() {
    let (f, t) = with_sales(2);
    drop(t);
    std::fs::remove_file(keys::key_path(&f.db)).unwrap();
    let before = f.snapshot();
    let error = Terminal::open(&f.db, clock()).err().expect("refused");
    match &error {
        StartError::Ledger(LedgerError::KeyMissing {
            records, terminal, ..
        }) => {
            assert_eq!(*records, 6);
            assert_eq!(terminal, "Caisse 1");
        }
        other => panic!("expected KeyMissing, got {other}"),
    }
    let text = error.to_string();
    assert!(
        text.contains("will not start a new key silently") && text.contains("Restore"),
        "{text}"
    );
    assert!(!keys::key_path(&f.db).exists(), "no new key made");
    let after = f.snapshot();
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert_eq!(count(&f.raw(), "ledger"), 6, "nothing appended");
}

#[cfg(unix)]
#[test]
fn a_key_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    drop(f.terminal());
    let key = keys::key_path(&f.db);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = count(&f.raw(), "ledger");
    let error = Terminal::open(&f.db, clock()).err().expect("refused");
    assert!(error.to_string().contains("chmod 600"), "{error}");
    assert_eq!(count(&f.raw(), "ledger"), before);
}

#[test]
fn another_databases_key_is_refused() {
    let a = Fixture::new();
    let b = Fixture::new();
    drop(a.terminal());
    drop(b.terminal());
    std::fs::copy(keys::key_path(&a.db), keys::key_path(&b.db)).unwrap();
    let error = Terminal::open(&b.db, clock()).err().expect("refused");
    assert!(
        matches!(error, StartError::Ledger(LedgerError::KeyMismatch { .. })),
        "{error}"
    );
}

#[test]
fn a_malformed_key_file_is_refused() {
    let f = Fixture::new();
    drop(f.terminal());
    let key = keys::key_path(&f.db);
    let text = std::fs::read_to_string(&key)
        .unwrap()
        .replace("ed25519-secret=", "ed25519-secret=zz");
    std::fs::write(&key, text).unwrap();
    let error = Terminal::open(&f.db, clock()).err().expect("refused");
    assert!(
        error.to_string().contains("not a Guichet key file"),
        "{error}"
    );
}

#[test]
fn verify_on_the_command_line_exits_0_when_intact_and_1_when_broken() {
    let (f, t) = with_sales(3);
    drop(t);
    let run = || {
        common::binary()
            .args(["--db", f.db.to_str().unwrap(), "verify"])
            .output()
            .unwrap()
    };
    let ok = run();
    assert_eq!(ok.status.code(), Some(0));
    let line = String::from_utf8(ok.stdout).unwrap();
    assert!(line.starts_with("ledger intact: 7 records"), "{line}");
    assert_eq!(line.lines().count(), 1, "a one-line summary");
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_update;
             UPDATE ledger SET body = replace(body, '\"quantity\":2', '\"quantity\":1') WHERE seq = 5 AND chain = 'fiscal';",
        )
        .unwrap();
    let broken = run();
    assert_eq!(broken.status.code(), Some(1));
    let err = String::from_utf8(broken.stderr).unwrap();
    assert!(
        err.contains("chain fiscal, record 5") && err.contains("altered"),
        "{err}"
    );
}

#[test]
fn a_key_without_its_database_is_not_a_new_start() {
    let (f, t) = with_sales(2);
    drop(t);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", f.db.display()));
    }
    let error = Terminal::open(&f.db, clock()).err().expect("refused");
    assert!(matches!(error, StartError::OrphanKey { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("Restore the database from your backup"),
        "{error}"
    );
    assert!(!f.db.exists(), "no new database made");
}

#[test]
fn an_emptied_ledger_is_broken_not_intact() {
    let (f, t) = with_sales(1);
    drop(t);
    f.raw()
        .execute_batch(
            "DROP TRIGGER ledger_no_delete; DROP TRIGGER terminal_no_delete;
             DROP TRIGGER terminal_key_no_delete;
             DELETE FROM payment; DELETE FROM order_line; DELETE FROM sale_order;
             DELETE FROM ledger; DELETE FROM terminal_key; DELETE FROM terminal;",
        )
        .unwrap();
    let store = guichet::store::Store::open_read_only(&f.db).unwrap();
    let report = verify(&store).unwrap();
    assert!(!report.is_intact());
    assert!(
        report.summary().contains("the ledger was emptied"),
        "{}",
        report.summary()
    );
}

#[test]
fn terminal_rows_cannot_be_changed_or_removed() {
    let f = Fixture::new();
    drop(f.terminal());
    let c = f.raw();
    let e = c
        .execute("UPDATE terminal SET public_key = zeroblob(32)", [])
        .unwrap_err();
    assert!(e.to_string().contains("cannot be changed"), "{e}");
    let e = c.execute("DELETE FROM terminal", []).unwrap_err();
    assert!(e.to_string().contains("cannot be removed"), "{e}");
}

#[test]
fn two_programs_starting_on_a_new_database_share_one_key_and_one_terminal() {
    let f = Fixture::new();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let db = f.db.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                Terminal::open(&db, clock())
                    .map(|t| t.signer.key_id.clone())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let ids: Vec<String> = handles
        .into_iter()
        .map(|h| h.join().unwrap().expect("both start"))
        .collect();
    assert_eq!(ids[0], ids[1]);
    let c = f.raw();
    assert_eq!(count(&c, "terminal"), 1);
    assert_eq!(count(&c, "ledger"), 2, "one genesis per chain, not two");
    let t = f.terminal();
    assert!(verify(&t.store).unwrap().is_intact());
}

#[test]
fn verify_refuses_a_key_file_of_another_database() {
    let (a, t) = with_sales(1);
    drop(t);
    let b = Fixture::new();
    drop(b.terminal());
    std::fs::copy(keys::key_path(&b.db), keys::key_path(&a.db)).unwrap();
    let out = common::binary()
        .args(["--db", a.db.to_str().unwrap(), "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("belongs to another database"), "{err}");
}

//! Opening the database: created, reopened, migrated, or refused and left
//! untouched; the pragmas; the schema's own invariants.

mod common;

use common::{Fixture, count, now};
use guichet::store::{self, MIGRATIONS, OpenError, Opened, SCHEMA_VERSION, Store};

#[test]
fn a_missing_file_is_created_with_the_schema_and_safe_pragmas() {
    let f = Fixture::new();
    let db = f.dir.path().join("new/folder/guichet.db");
    let (store, opened) = Store::open(&db).unwrap();
    assert_eq!(opened, Opened::Created);
    let p = store.pragmas().unwrap();
    assert_eq!(p.journal_mode, "wal");
    assert_eq!(p.synchronous, "2", "synchronous=FULL");
    assert_eq!(p.foreign_keys, "1");
    assert_eq!(p.busy_timeout_ms, "5000");
    assert_eq!(p.schema_version, SCHEMA_VERSION.to_string());
    assert_eq!(p.page_size, "4096", "new databases use 4 KiB pages");
    drop(store);
    let (_, opened) = Store::open(&db).unwrap();
    assert_eq!(opened, Opened::Existing);
    let leftovers: Vec<String> = common::snapshot(db.parent().unwrap())
        .into_keys()
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
}

#[test]
fn foreign_keys_are_enforced() {
    let f = Fixture::new();
    let (mut store, _) = Store::open(&f.db).unwrap();
    let orphan = store.write(|tx| store::halls::section(tx, 999, "Orchestre").map(|_| ()));
    assert!(orphan.is_err(), "a section of a hall that does not exist");
}

/// Opens `path`, expects a refusal, and checks not a byte changed and no
/// journal appeared next to it.
fn refused(f: &Fixture, path: &std::path::Path) -> OpenError {
    let before = f.snapshot();
    let error = match Store::open(path) {
        Ok(_) => panic!("{} should have been refused", path.display()),
        Err(e) => e,
    };
    assert_eq!(f.snapshot(), before, "nothing written for {error}");
    error
}

#[test]
fn a_text_file_is_refused_untouched() {
    let f = Fixture::new();
    std::fs::write(&f.db, "Billetterie — liste des spectacles\n").unwrap();
    let e = refused(&f, &f.db);
    assert!(matches!(e, OpenError::Foreign { .. }), "{e}");
    assert!(e.to_string().contains("not a Guichet database"));
    assert!(e.to_string().contains("--db"), "says what to do: {e}");
}

#[test]
fn an_empty_file_is_refused_untouched() {
    let f = Fixture::new();
    std::fs::write(&f.db, b"").unwrap();
    let e = refused(&f, &f.db);
    assert!(e.to_string().contains("the file is empty"), "{e}");
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let f = Fixture::new();
    {
        let c = rusqlite::Connection::open(&f.db).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Zoé');")
            .unwrap();
    }
    let e = refused(&f, &f.db);
    assert!(e.to_string().contains("another program"), "{e}");
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let f = Fixture::new();
    drop(Store::open(&f.db).unwrap());
    {
        let c = f.raw();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let e = refused(&f, &f.db);
    match &e {
        OpenError::Newer {
            found, supported, ..
        } => {
            assert_eq!((*found, *supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        other => panic!("expected Newer, got {other}"),
    }
    assert!(e.to_string().contains("install the newer Guichet"));
}

#[test]
fn a_damaged_first_page_is_refused_untouched() {
    let f = Fixture::new();
    drop(f.terminal());
    let mut bytes = std::fs::read(&f.db).unwrap();
    for b in &mut bytes[100..2000] {
        *b = 0xA5;
    }
    std::fs::write(&f.db, &bytes).unwrap();
    let e = refused(&f, &f.db);
    assert!(matches!(e, OpenError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("restore the latest backup"));
}

#[test]
fn damage_deeper_in_the_file_is_found_by_the_integrity_check() {
    let (f, t) = Fixture::demo();
    drop(t);
    // The first page of the seats' categories: thousands of rows below it.
    let root: i64 = f
        .raw()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'seat_category'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&f.db).unwrap();
    let page = 4096;
    let start = (root as usize - 1) * page;
    for b in &mut bytes[start..start + page] {
        *b = 0x5A;
    }
    std::fs::write(&f.db, &bytes).unwrap();
    let damaged = match Store::open(&f.db) {
        Err(e) => e,
        Ok((store, _)) => store.check_integrity().unwrap_err(),
    };
    assert!(matches!(damaged, OpenError::Corrupt { .. }), "{damaged}");
}

#[test]
fn a_folder_is_not_a_database() {
    let f = Fixture::new();
    let e = refused(&f, f.dir.path());
    assert!(e.to_string().contains("it is a folder"), "{e}");
}

#[test]
fn reading_only_never_creates_nor_writes() {
    let f = Fixture::new();
    let e = Store::open_read_only(&f.db).err().expect("refused");
    assert!(matches!(e, OpenError::Unreadable { .. }), "{e}");
    assert!(!f.db.exists());
    drop(f.terminal());
    let before = f.snapshot();
    let store = Store::open_read_only(&f.db).unwrap();
    assert!(guichet::ledger::verify::verify(&store).unwrap().is_intact());
    drop(store);
    assert_eq!(f.snapshot(), before);
}

/// The structure of a database, independent of how its SQL text was
/// written: columns, indexes, foreign keys, triggers, marks.
fn structure(conn: &rusqlite::Connection) -> Vec<String> {
    let mut out = Vec::new();
    let objects: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (kind, name, sql) in objects {
        out.push(format!("{kind} {name}"));
        let rows = |q: String| -> Vec<String> {
            let mut stmt = conn.prepare(&q).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
        };
        match kind.as_str() {
            "table" => {
                out.extend(rows(format!("SELECT * FROM pragma_table_xinfo('{name}')")));
                out.extend(rows(format!(
                    "SELECT * FROM pragma_foreign_key_list('{name}')"
                )));
            }
            "index" => {
                out.extend(rows(format!("SELECT * FROM pragma_index_xinfo('{name}')")));
                // Partial indexes: the WHERE clause matters.
                let sql = sql.unwrap_or_default();
                out.push(sql.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            _ => out.push(
                sql.unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
    for pragma in ["application_id", "user_version"] {
        let v: i64 = conn.pragma_query_value(None, pragma, |r| r.get(0)).unwrap();
        out.push(format!("{pragma}={v}"));
    }
    out
}

#[test]
fn migrating_the_oldest_schema_gives_the_current_schema() {
    let f = Fixture::new();
    // The oldest database Guichet ever wrote: the first migration alone.
    let oldest = f.dir.path().join("oldest.db");
    {
        let c = rusqlite::Connection::open(&oldest).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute(
            "INSERT INTO setting (key, value) VALUES ('ui.language', 'fr-CA')",
            [],
        )
        .unwrap();
    }
    let (store, opened) = Store::open(&oldest).unwrap();
    if SCHEMA_VERSION > 1 {
        assert_eq!(opened, Opened::Migrated { from: 1 });
        assert!(
            f.dir
                .path()
                .join(format!("oldest.db.before-v{SCHEMA_VERSION}.bak"))
                .exists()
        );
    }
    drop(store);
    drop(Store::open(&f.db).unwrap());
    let migrated = structure(&rusqlite::Connection::open(&oldest).unwrap());
    let fresh = structure(&f.raw());
    assert_eq!(migrated, fresh);
    let language: String = rusqlite::Connection::open(&oldest)
        .unwrap()
        .query_row(
            "SELECT value FROM setting WHERE key = 'ui.language'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(language, "fr-CA", "data survives the upgrade");
}

#[test]
fn upgrading_to_version_2_keeps_every_ticket_payment_and_ledger_record() {
    // Version 2 rebuilds the ticket, payment and ledger tables: a version 1
    // file keeps its sold ticket, the door scan of it, and its ledger record.
    let f = Fixture::new();
    let old = f.dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute_batch(
            "INSERT INTO terminal VALUES (1, 't1', 'Guichet 1', zeroblob(32), '0011223344556677', 0);
             INSERT INTO hall VALUES (1, 'h1', 'Grande salle', 'general', 100, 'THEATRE', 0);
             INSERT INTO show (id, public_id, title, genre, vat_rate, created_at)
                 VALUES (1, 's1', 'Ondine', 'theatre', 5500, 0);
             INSERT INTO performance (id, public_id, show_id, hall_id, starts_at, ends_at,
                                      vat_rate, capacity, created_at)
                 VALUES (1, 'p1', 1, 1, 100, 200, 5500, 100, 0);
             INSERT INTO price_category (id, performance_id, code, name) VALUES (1, 1, 'C1', 'Placement libre');
             INSERT INTO tariff (id, code, name) VALUES (1, 'PLEIN', 'Plein tarif');
             INSERT INTO sale_order (id, public_id, terminal_id, number, operator_id, total,
                                     ledger_seq, created_at)
                 VALUES (1, 'so1', 1, 1, (SELECT min(id) FROM operator), 2500, 3, 50);
             INSERT INTO order_line VALUES (1, 1, 1, 1, 1, 1, 2500, 5500, 2370, 130, 2500);
             INSERT INTO ticket (id, public_id, terminal_id, number, order_line_id,
                                 performance_id, price, code, prints, created_at)
                 VALUES (7, 'tk1', 1, 1, 1, 1, 2500, 'GCODE', 2, 50);
             INSERT INTO scan (public_id, ticket_id, performance_id, code, outcome, door, at)
                 VALUES ('sc1', 7, 1, 'GCODE', 'admitted', 'Porte A', 150);
             INSERT INTO ledger VALUES (1, 'fiscal', 1, 'sale', '1970-01-01T00:00:50Z', 50000,
                 '{\"total\":2500}', zeroblob(32), randomblob(32), randomblob(64));",
        )
        .unwrap();
    }
    let (store, opened) = Store::open(&old).unwrap();
    assert_eq!(opened, Opened::Migrated { from: 1 });
    drop(store);
    let c = rusqlite::Connection::open(&old).unwrap();
    let ticket: (i64, String, String, i64) = c
        .query_row(
            "SELECT id, public_id, code, prints FROM ticket WHERE terminal_id = 1 AND number = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(ticket, (7, "tk1".into(), "GCODE".into(), 2));
    let scanned: i64 = c
        .query_row(
            "SELECT count(*) FROM scan s JOIN ticket t ON t.id = s.ticket_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(scanned, 1, "the scan still points to its ticket");
    let orphans: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0);
    // Version 3 lists the terminal's key as its first.
    let key: (String, i64, i64) = c
        .query_row(
            "SELECT key_id, terminal_id, number FROM terminal_key",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(key, ("0011223344556677".into(), 1, 1));
    // The seat rule survived the rebuild: its partial unique index is there.
    let indexes: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ticket' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        indexes,
        [
            "ticket_order_line",
            "ticket_performance",
            "ticket_seat_live"
        ]
    );
    // The ledger record came across as it was, and stays append-only.
    let body: String = c
        .query_row("SELECT body FROM ledger WHERE seq = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(body, r#"{"total":2500}"#);
    let update = c.execute("UPDATE ledger SET kind = 'x'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = c.execute("DELETE FROM ledger", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn ledger_rows_cannot_be_updated_or_deleted() {
    let f = Fixture::new();
    drop(f.terminal());
    let c = f.raw();
    let before = count(&c, "ledger");
    assert!(before >= 2, "genesis records");
    let update = c.execute("UPDATE ledger SET kind = 'sale' WHERE seq = 1", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = c.execute("DELETE FROM ledger", []);
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("cannot be deleted")
    );
    assert_eq!(count(&c, "ledger"), before);
}

#[test]
fn a_seat_is_sold_at_most_once_per_performance() {
    let (f, t) = Fixture::demo();
    drop(t);
    let c = f.raw();
    let (perf, seat, category, tariff): (i64, i64, i64, i64) = c
        .query_row(
            "SELECT sc.performance_id, sc.seat_id, sc.category_id, (SELECT id FROM tariff LIMIT 1)
             FROM seat_category sc LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let at = store::unix(now());
    c.execute_batch(&format!(
        "INSERT INTO sale_order (id, public_id, terminal_id, number, operator_id, total, ledger_seq, created_at)
           VALUES (1, 'o1', 1, 1, 1, 0, 1, {at});
         INSERT INTO order_line (id, order_id, performance_id, category_id, tariff_id, quantity,
           unit_price, tax_rate, amount_excl, amount_tax, amount_incl)
           VALUES (1, 1, {perf}, {category}, {tariff}, 2, 0, 0, 0, 0, 0);
         INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id, seat_id,
           price, code, created_at) VALUES ('t1', 1, 1, 1, {perf}, {seat}, 0, 'C1', {at});"
    ))
    .unwrap();
    let twice = c.execute(
        &format!(
            "INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
               seat_id, price, code, created_at) VALUES ('t2', 1, 2, 1, {perf}, {seat}, 0, 'C2', {at})"
        ),
        [],
    );
    assert!(twice.unwrap_err().to_string().contains("UNIQUE"));
    // Once the first ticket is cancelled, the seat can be sold again.
    c.execute(
        "UPDATE ticket SET status = 'cancelled' WHERE public_id = 't1'",
        [],
    )
    .unwrap();
    c.execute(
        &format!(
            "INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
               seat_id, price, code, created_at) VALUES ('t3', 1, 3, 1, {perf}, {seat}, 0, 'C3', {at})"
        ),
        [],
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn the_database_and_its_folder_are_for_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let f = Fixture::new();
    let db = f.dir.path().join("venue/guichet.db");
    drop(Store::open(&db).unwrap());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
}

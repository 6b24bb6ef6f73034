//! The patron file the audience and backup benches work on: 200,000
//! patrons and 1,000,000 tickets (400,000 orders), built once into the
//! target folder and kept.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use guichet::domain::patron::{PatronDetails, tokens};
use guichet::terminal::{Clock, Terminal};

/// The file, built when it is not there whole yet.
pub fn ready() -> PathBuf {
    let db = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bench-audience")
        .join("guichet.db");
    let whole =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| c.query_row("SELECT count(*) FROM ticket", [], |r| r.get::<_, i64>(0)))
            .is_ok_and(|n| n >= 1_000_000);
    if !whole {
        build(&db);
    }
    db
}

pub const PATRONS: i64 = 200_000;
pub const ORDERS: i64 = 400_000;

const FIRST: [&str; 24] = [
    "Camille",
    "Hélène",
    "Léa",
    "Chloé",
    "Manon",
    "Inès",
    "Zoé",
    "Jeanne",
    "Louise",
    "Émilie",
    "Lucas",
    "Hugo",
    "Théo",
    "Louis",
    "Gabriel",
    "Jules",
    "Noé",
    "Raphaël",
    "Étienne",
    "François",
    "Marc-André",
    "Geneviève",
    "Benoît",
    "Agnès",
];
const LAST: [&str; 30] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert",
    "Bonnet", "Tremblay", "Gagnon",
];

/// A deterministic spread of numbers (no randomness: the file is the same
/// every time it is built).
fn spread(i: i64, salt: i64) -> i64 {
    (i.wrapping_mul(2_654_435_761).wrapping_add(salt * 97_531)).rem_euclid(1 << 31)
}

fn build(db: &Path) {
    let _ = std::fs::remove_dir_all(db.parent().unwrap());
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut t = Terminal::open(db, Clock::system()).unwrap();
    let now = guichet::store::unix(Utc::now());
    // The patrons, their tokens made by the job's own rule, in one write.
    t.store
        .write(|tx| {
            for i in 0..PATRONS {
                let first = FIRST[(spread(i, 1) % 24) as usize];
                let last = LAST[(spread(i, 2) % 30) as usize];
                let d = PatronDetails {
                    first_name: first.into(),
                    last_name: format!("{last}{}", if i % 7 == 0 { "-Lefort" } else { "" }),
                    email: format!(
                        "{}.{}{i}@example.fr",
                        first.to_lowercase(),
                        last.to_lowercase()
                    ),
                    phone: format!(
                        "06 {:02} {:02} {:02} {:02}",
                        spread(i, 3) % 100,
                        spread(i, 4) % 100,
                        spread(i, 5) % 100,
                        i % 100
                    ),
                    postcode: format!("{:05}", 1000 + spread(i, 6) % 94_000),
                    ..PatronDetails::default()
                };
                let id = guichet::store::patrons::insert(
                    tx,
                    &format!("bench-patron-{i}"),
                    &d,
                    "import",
                    now,
                )?;
                let set = tokens(
                    &d.first_name,
                    &d.last_name,
                    "",
                    &d.email,
                    &d.phone,
                    &d.postcode,
                );
                guichet::store::patrons::set_tokens(tx, id, &set)?;
            }
            Ok::<_, guichet::store::StoreError>(())
        })
        .unwrap();
    // 400,000 orders of 1 to 4 tickets: 1,000,000 tickets.
    let raw = rusqlite::Connection::open(db).unwrap();
    raw.busy_timeout(Duration::from_secs(30)).unwrap();
    raw.execute_batch(
        "BEGIN;
         INSERT INTO hall (id, public_id, name, kind, capacity, created_at)
             VALUES (900, 'bench-hall', 'Salle', 'general', 100000, 0);
         INSERT INTO show (id, public_id, title, genre, vat_rate, created_at)
             VALUES (900, 'bench-show', 'Cyrano', 'theatre', 5500, 0);
         INSERT INTO performance (id, public_id, show_id, hall_id, starts_at, ends_at, vat_rate,
                                  capacity, created_at)
             VALUES (900, 'bench-perf', 900, 900, 1, 2, 5500, 2000000, 0);
         INSERT INTO price_category (id, performance_id, code, name) VALUES (900, 900, 'C1', 'C1');
         INSERT OR IGNORE INTO tariff (code, name) VALUES ('PLEIN', 'Plein tarif');",
    )
    .unwrap();
    let system: i64 = raw
        .query_row("SELECT id FROM operator WHERE is_system = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let tariff: i64 = raw
        .query_row("SELECT id FROM tariff WHERE code = 'PLEIN'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let mut ticket = 0i64;
    let mut order = raw
        .prepare(
            "INSERT INTO sale_order (public_id, terminal_id, number, operator_id, patron_id, total,
                                     ledger_seq, created_at)
             VALUES (?1, 1, ?2, ?3, ?4, ?5, ?2, ?6)",
        )
        .unwrap();
    let mut line = raw
        .prepare(
            "INSERT INTO order_line (order_id, performance_id, category_id, tariff_id, quantity,
                                     unit_price, tax_rate, amount_excl, amount_tax, amount_incl)
             VALUES (?1, 900, 900, ?2, ?3, 2500, 5500, 0, 0, ?4)",
        )
        .unwrap();
    let mut tickets = raw
        .prepare(
            "INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
                                 price, code, created_at)
             VALUES (?1, 1, ?2, ?3, 900, 2500, ?4, ?5)",
        )
        .unwrap();
    for n in 1..=ORDERS {
        let patron = 1 + spread(n, 7) % PATRONS;
        let quantity = if n % 2 == 0 { 2 } else { 1 + spread(n, 8) % 4 };
        let quantity = if ticket + quantity > 1_000_000 - (ORDERS - n) {
            1
        } else {
            quantity
        };
        order
            .execute(rusqlite::params![
                format!("bench-order-{n}"),
                n,
                system,
                patron,
                2500 * quantity,
                now
            ])
            .unwrap();
        let order_id = raw.last_insert_rowid();
        line.execute(rusqlite::params![
            order_id,
            tariff,
            quantity,
            2500 * quantity
        ])
        .unwrap();
        let line_id = raw.last_insert_rowid();
        for _ in 0..quantity {
            ticket += 1;
            tickets
                .execute(rusqlite::params![
                    format!("bench-ticket-{ticket}"),
                    ticket,
                    line_id,
                    format!("CODE{ticket}"),
                    now
                ])
                .unwrap();
        }
    }
    drop((order, line, tickets));
    raw.execute_batch("COMMIT").unwrap();
}

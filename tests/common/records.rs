//! Ledger records of a usual size, for the tests and the benchmarks of the
//! journal (benches/common includes this file).
#![allow(dead_code)]

use guichet::domain::records::{self, Record};

/// The record of a two-ticket sale, receipt `number`.
pub fn two_ticket_sale(number: i64) -> Record {
    Record::Sale(records::Sale {
        receipt: number,
        order: format!("0193a7c4-order-{number}"),
        establishment: "0193a7c4-demo".into(),
        currency: "EUR".into(),
        lines: vec![records::SaleLine {
            label: "Cyrano de Bergerac".into(),
            performance: "0193a7c4-perf".into(),
            category: "C1".into(),
            tariff: "PLEIN".into(),
            quantity: 2,
            unit_price: 3200,
            vat_rate: 5500,
            excl: 6066,
            tax: 334,
            incl: 6400,
        }],
        taxes: vec![records::TaxLine {
            kind: "vat".into(),
            rate: 5500,
            base: 6066,
            tax: 334,
        }],
        total: 6400,
        payments: vec![records::PaymentLine {
            method: "cash".into(),
            amount: 6400,
            tendered: None,
            voucher: None,
        }],
        change: 0,
        tickets: Vec::new(),
        patron: None,
        channel: Some("counter".into()),
        exchange: None,
        imported: None,
        subscription: None,
    })
}

/// The rows a real sale writes beside [`two_ticket_sale`]`(number)`, its
/// record at `seq` of the fiscal chain (with the performance and tariff it
/// names, made once): so `verify`, which holds the sales tables against the
/// records, finds the two agree. Prepared statements, kept: the verify
/// benchmark writes a million of them.
pub fn two_ticket_sale_rows(conn: &rusqlite::Connection, number: i64, seq: i64) {
    let run = |sql: &str, params: &[&dyn rusqlite::ToSql]| {
        conn.prepare_cached(sql)
            .and_then(|mut stmt| stmt.execute(params))
            .expect("the rows of the sale");
    };
    run(
        "INSERT OR IGNORE INTO hall (id, public_id, name, kind, capacity, created_at)
         VALUES (900, '0193a7c4-hall', 'Salle des essais', 'general', 100, 0)",
        &[],
    );
    run(
        "INSERT OR IGNORE INTO show (id, public_id, title, genre, vat_rate, created_at)
         VALUES (900, '0193a7c4-show', 'Cyrano de Bergerac', 'theatre', 5500, 0)",
        &[],
    );
    run(
        "INSERT OR IGNORE INTO performance (id, public_id, show_id, hall_id, starts_at, ends_at,
                                            vat_rate, capacity, created_at)
         VALUES (900, '0193a7c4-perf', 900, 900, 1, 2, 5500, 100, 0)",
        &[],
    );
    run(
        "INSERT OR IGNORE INTO price_category (id, performance_id, code, name)
         VALUES (900, 900, 'C1', 'C1')",
        &[],
    );
    run(
        "INSERT OR IGNORE INTO tariff (code, name) VALUES ('PLEIN', 'Plein tarif')",
        &[],
    );
    let order = format!("0193a7c4-order-{number}");
    run(
        "INSERT INTO sale_order (public_id, terminal_id, number, operator_id, total, ledger_seq,
                                 created_at)
         VALUES (?1, 1, ?2, (SELECT id FROM operator WHERE is_system = 1), 6400, ?3, 0)",
        &[&order, &number, &seq],
    );
    let id = conn.last_insert_rowid();
    run(
        "INSERT INTO order_line (order_id, performance_id, category_id, tariff_id, quantity,
                                 unit_price, tax_rate, amount_excl, amount_tax, amount_incl)
         VALUES (?1, 900, 900, (SELECT id FROM tariff WHERE code = 'PLEIN'),
                 2, 3200, 5500, 6066, 334, 6400)",
        &[&id],
    );
    run(
        "INSERT INTO payment (order_id, method, amount, at) VALUES (?1, 'cash', 6400, 0)",
        &[&id],
    );
}

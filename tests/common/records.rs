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
        }],
        change: 0,
        tickets: Vec::new(),
        patron: None,
        exchange: None,
    })
}

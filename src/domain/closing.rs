//! Closings of the till (France's anti-fraud rules, DOMAIN.md §5): a day
//! (Z), a month or a year of one terminal's fiscal chain summed from its
//! signed sale and cancellation records: how many sales, the totals per
//! tax rate and per payment method, refunds, cancellations, exchanges and
//! invitations, the period's total and the perpetual grand total since the
//! terminal was installed. Pure: the records are given, the totals come
//! out; the same sum makes a closing and checks it.

use std::collections::BTreeMap;

use super::records::{Cancellation, Sale};
pub use super::records::{MethodTotal, Period, TaxTotal, Totals};

/// A cancellation of an imported order refunded by the platform that took
/// it (every payment online): it moves no money of the till, and closings
/// leave it out as they leave out the imported sale itself.
pub fn outside_the_till(c: &Cancellation) -> bool {
    !c.payments.is_empty() && c.payments.iter().all(|p| p.method == "online")
}

/// Sums sale and cancellation records into a period's totals.
#[derive(Clone, Debug, Default)]
pub struct Sum {
    totals: Totals,
    taxes: BTreeMap<(String, u32), (i64, i64)>,
    payments: BTreeMap<String, i64>,
}

impl Sum {
    pub fn sale(&mut self, s: &Sale) {
        let t = &mut self.totals;
        t.sales += 1;
        t.exchanges += u64::from(s.exchange.is_some());
        for l in &s.lines {
            t.tickets += u64::from(l.quantity);
            if l.unit_price == 0 {
                t.invitations += u64::from(l.quantity);
            }
        }
        t.sold = t.sold.saturating_add(s.total);
        for x in &s.taxes {
            let e = self.taxes.entry((x.kind.clone(), x.rate)).or_default();
            e.0 = e.0.saturating_add(x.base);
            e.1 = e.1.saturating_add(x.tax);
        }
        // Each payment is what it paid of the total (cash: its share, the
        // change aside).
        self.pay(&s.payments);
    }

    pub fn cancellation(&mut self, c: &Cancellation) {
        // An imported order refunded by the platform that took it: no
        // money left the till.
        if outside_the_till(c) {
            return;
        }
        let t = &mut self.totals;
        t.cancellations += 1;
        t.cancelled_tickets += c.lines.len() as u64;
        t.cancelled = t.cancelled.saturating_add(c.total);
        for x in &c.taxes {
            let e = self.taxes.entry((x.kind.clone(), x.rate)).or_default();
            e.0 = e.0.saturating_add(x.base);
            e.1 = e.1.saturating_add(x.tax);
        }
        self.pay(&c.payments);
        // Money given back: an exchange's credit moves to the new sale as
        // a voucher, and a credit note (a voucher it names) stays owed;
        // only what is paid back otherwise leaves the till.
        for p in &c.payments {
            let kept = p.method == "voucher" && (c.exchange.is_some() || p.voucher.is_some());
            if p.amount < 0 && !kept {
                self.totals.refunds = self.totals.refunds.saturating_add(p.amount);
            }
        }
    }

    fn pay(&mut self, payments: &[super::records::PaymentLine]) {
        for p in payments {
            let e = self.payments.entry(p.method.clone()).or_default();
            *e = e.saturating_add(p.amount);
        }
    }

    /// Another period's totals added (a month from its days).
    pub fn add(&mut self, other: &Totals) {
        let t = &mut self.totals;
        t.sales += other.sales;
        t.tickets += other.tickets;
        t.invitations += other.invitations;
        t.exchanges += other.exchanges;
        t.cancellations += other.cancellations;
        t.cancelled_tickets += other.cancelled_tickets;
        t.sold = t.sold.saturating_add(other.sold);
        t.cancelled = t.cancelled.saturating_add(other.cancelled);
        t.refunds = t.refunds.saturating_add(other.refunds);
        for x in &other.taxes {
            let e = self.taxes.entry((x.kind.clone(), x.rate)).or_default();
            e.0 = e.0.saturating_add(x.base);
            e.1 = e.1.saturating_add(x.tax);
        }
        for p in &other.payments {
            let e = self.payments.entry(p.method.clone()).or_default();
            *e = e.saturating_add(p.amount);
        }
    }

    /// The totals, rates and methods in a fixed order (what is signed).
    pub fn totals(&self) -> Totals {
        let mut t = self.totals.clone();
        t.total = t.sold.saturating_add(t.cancelled);
        t.taxes = self
            .taxes
            .iter()
            .map(|((kind, rate), (base, tax))| TaxTotal {
                kind: kind.clone(),
                rate: *rate,
                base: *base,
                tax: *tax,
            })
            .collect();
        t.payments = self
            .payments
            .iter()
            .filter(|(_, amount)| **amount != 0)
            .map(|(method, amount)| MethodTotal {
                method: method.clone(),
                amount: *amount,
            })
            .collect();
        t
    }
}

//! A performance cancelled with its holders, in one transaction: its
//! status cancelled (journaled as a change to the season), every order's
//! live tickets of it cancelled (a signed cancellation each) and refunded
//! by the ways the order was paid, in their proportions, or as a credit
//! note; each holder told.

use chrono::{DateTime, Utc};

use super::notices::{self, Fate};
use super::{ChangeError, Changed, OrderDone, add_to, holders_in, may};
use crate::counter::checks::till_open;
use crate::counter::refunds::{cancellation, record_cancellation};
use crate::domain::payment::{Method, Payment};
use crate::domain::refund::{Refund, share};
use crate::domain::season::PerformanceStatus;
use crate::domain::{Cents, Performance};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::programming::By;
use crate::programming::reschedule::{call_off_in, get_in};
use crate::store::Store;

/// Cancels a performance and refunds its holders (`refund`: by the ways
/// they paid, or as a credit note), telling each. A performance cancelled
/// earlier whose holders still hold tickets is refunded the same way;
/// one cancelled with nobody left to refund is refused. Refused whole,
/// writing nothing, at the first problem.
pub fn cancel_performance(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performance_id: i64,
    refund: Refund,
    now: DateTime<Utc>,
) -> Result<Changed, ChangeError> {
    may(by)?;
    let db = store.path().to_path_buf();
    ledger::write(store, signer, |tx| {
        let holders = holders_in(tx, performance_id)?;
        let name = holders.performance.clone();
        if holders.status == PerformanceStatus::Cancelled && holders.orders.is_empty() {
            return Err(ChangeError::NothingToDo(name));
        }
        if !holders.orders.is_empty() {
            if ledger::training_on(tx, signer.terminal_id)? {
                return Err(crate::counter::CounterError::InTraining.into());
            }
            // Money back at the counter (or a credit note issued there)
            // needs the till open today; orders paid online only are
            // refunded by the seller that took them, from the office too.
            let at_till = refund == Refund::Voucher
                || holders.orders.iter().any(|h| {
                    h.paid
                        .iter()
                        .any(|(m, a)| *m != Method::Online && *a > Cents::ZERO)
                });
            if at_till {
                till_open(tx, signer.terminal_id, now, name.zone, false)?;
            }
        }
        let acting = By {
            operator: by,
            signer,
            now,
        };
        let old: Performance = get_in(tx, performance_id)?;
        call_off_in(tx, &acting, performance_id)?;
        let mut done = Changed {
            performance: name.clone(),
            moved_to: None,
            currency: holders.currency,
            orders: Vec::new(),
            refunded: Vec::new(),
            notices: 0,
            to_call: 0,
            call_list: None,
            tickets_kept: Vec::new(),
        };
        let mut calls = Vec::new();
        for holder in &holders.orders {
            let numbers: Vec<i64> = holder.tickets.iter().map(|t| t.number).collect();
            let c = cancellation(tx, holder.order_id, &numbers)?;
            let back = -c.total;
            let given = match refund {
                Refund::AsPaid => share(back, &holder.paid),
                Refund::Voucher if back > Cents::ZERO => vec![(Method::Voucher, back)],
                Refund::Voucher => Vec::new(),
            };
            let payments: Vec<Payment> = given
                .iter()
                .map(|(method, amount)| Payment {
                    method: *method,
                    amount: -*amount,
                    tendered: None,
                    voucher: None,
                })
                .collect();
            let refunded = record_cancellation(
                tx,
                signer,
                by,
                &c,
                &payments,
                Cents::ZERO,
                (None, None),
                now,
            )?;
            for (m, a) in &given {
                add_to(&mut done.refunded, *m, *a);
            }
            let fate = Fate::Refunded(&given, refunded.credit.as_ref());
            let notice = notices::queue(tx, by, (&old, &name), holder, &fate, now)?;
            if holder.email().is_none() {
                calls.push(notices::call_line(holder, &fate, holders.currency));
            }
            done.notices += usize::from(notice);
            done.orders.push(OrderDone {
                order_number: holder.order_number,
                contact: holder.contact.clone(),
                tickets: numbers,
                new_order: None,
                replaced_by: Vec::new(),
                seats_kept: 0,
                refunds: given,
                credit: refunded.credit,
                notice,
            });
        }
        done.to_call = calls.len();
        done.call_list = notices::write_call_list(&db, (performance_id, &name), None, &calls, now)?;
        Ok(done)
    })
}

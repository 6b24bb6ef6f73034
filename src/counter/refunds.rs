//! Cancelling tickets with a refund: what each ticket gives back to the
//! cent, who may refund how, the signed cancellation (negative amounts
//! referring to the sale, never an edit of it), and the patron told.

use chrono::{DateTime, Utc};

use super::CounterError;
use super::cart::performance_name;
use super::sell::tax_lines;
use super::vouchers;
use crate::domain::journal::Chain;
use crate::domain::order::{self, Taxes};
use crate::domain::payment::{Method, Payment, Tender};
use crate::domain::records::{self, Record};
use crate::domain::tax::{self, LineAmounts, QuebecTaxes, TaxRate, VatBreakdown, VatTotal};
use crate::domain::{Cents, Country, Currency, Locale};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::sales::{OrderRow, TicketRow};
use crate::store::{self, Store, Tx};

/// What a cancellation gave back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refunded {
    pub order_number: i64,
    pub tickets: Vec<i64>,
    /// Negative: what went back to the customer.
    pub amount: Cents,
    pub method: Method,
    pub currency: Currency,
    pub ledger_seq: i64,
    /// Tickets that had already entered at the door (a coordinator's
    /// refund, which says so).
    pub admitted: Vec<i64>,
    /// The credit note issued, when it went back as a voucher.
    pub credit: Option<vouchers::Issued>,
}

/// Why a clerk's refund needs a coordinator: the clerk refunds the orders
/// they can vouch for (sold today on this terminal, by a way they were
/// paid, nobody in yet); anything else is a coordinator's, who may approve
/// it at the counter with their PIN (acting in the clerk's place).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundRight {
    OtherTerminal,
    NotToday {
        sold: DateTime<Utc>,
        zone: chrono_tz::Tz,
    },
    OtherMethod {
        asked: Method,
        paid: Vec<Method>,
    },
    Admitted {
        ticket: i64,
    },
}

/// Who may refund these tickets by `method` (None: nothing goes back in
/// money): the rights table's refund rows. The tickets already admitted.
pub(super) fn check_refund(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    c: &Cancelling,
    method: Option<Method>,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, CounterError> {
    use crate::domain::operator::Act;
    let mut admitted = Vec::new();
    for t in &c.chosen {
        if let Some((crate::domain::admission::Outcome::Admitted, ..)) =
            store::door::last_entry(tx, store::door::Scanned::Here(t.id))?
        {
            admitted.push(t.number);
        }
    }
    let needs = |why| Err(CounterError::NeedsCoordinator(why));
    // Online goes back through the platform that took it: only for an
    // order paid there (an imported one), whoever asks.
    if method == Some(Method::Online)
        && !store::sales::payments_of_order(tx, c.order.id)?
            .iter()
            .any(|(m, amount, _)| m == Method::Online.code() && *amount > 0)
    {
        return Err(CounterError::Payment {
            error: crate::domain::payment::PaymentError::NotAtCounter(Method::Online),
            currency: c.venue.settings.currency,
        });
    }
    if by.role.may(Act::RefundAny) {
        if let Some(&ticket) = admitted.first()
            && !by.role.may(Act::RefundAdmitted)
        {
            return needs(RefundRight::Admitted { ticket });
        }
        return Ok(admitted);
    }
    if c.order.terminal_id != signer.terminal_id {
        return needs(RefundRight::OtherTerminal);
    }
    let zone = c.venue.settings.time_zone;
    let sold = store::instant(c.order.created_at);
    if sold.with_timezone(&zone).date_naive() != now.with_timezone(&zone).date_naive() {
        return needs(RefundRight::NotToday { sold, zone });
    }
    if let Some(asked) = method.filter(|m| *m != Method::Complimentary) {
        let mut paid: Vec<Method> = store::sales::payments_of_order(tx, c.order.id)?
            .into_iter()
            .filter(|(_, amount, _)| *amount > 0)
            .filter_map(|(m, _, _)| Method::from_code(&m))
            .collect();
        paid.dedup();
        if !paid.contains(&asked) {
            return needs(RefundRight::OtherMethod { asked, paid });
        }
    }
    if let Some(&ticket) = admitted.first() {
        return needs(RefundRight::Admitted { ticket });
    }
    Ok(admitted)
}

/// Cancels tickets of an order (all its live tickets when `numbers` is
/// empty) and refunds exactly what they were charged, by `method`. Their
/// seats are free again and their codes are refused at the door.
pub fn cancel(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    order_id: i64,
    numbers: &[i64],
    method: Method,
    now: DateTime<Utc>,
) -> Result<Refunded, CounterError> {
    ledger::write(store, signer, |tx| {
        let refunded = cancel_in(tx, signer, by, order_id, numbers, method, now)?;
        tell_patron(tx, by, order_id, &refunded, now)?;
        Ok(refunded)
    })
}

/// A cancellation's confirmation for the order's patron, when they have an
/// address (transactional mail), queued in the cancellation's own
/// transaction: it leaves with it or not at all.
fn tell_patron(
    tx: &Tx,
    by: &Operator,
    order_id: i64,
    r: &Refunded,
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    use crate::domain::mail::{MessageKind, check_address};
    let Some(order) = store::sales::order_by_id(tx, order_id)? else {
        return Ok(());
    };
    let Some(patron) = order
        .patron_id
        .map(|id| store::patrons::row(tx, id))
        .transpose()?
        .flatten()
        .filter(|p| p.anonymised_at.is_none())
    else {
        return Ok(());
    };
    let Ok(to) = check_address(&patron.details.email) else {
        return Ok(());
    };
    let numbers: Vec<String> = r.tickets.iter().map(|n| n.to_string()).collect();
    let mut payload = serde_json::json!({
        "tickets": r.tickets,
        "amount": -r.amount.0,
        "method": r.method.code(),
    });
    // A credit note's code reaches its holder by this message.
    if let Some(c) = &r.credit {
        payload["code"] = c.code.clone().into();
        payload["last_day"] = c.last_day.map(|d| d.to_string()).into();
    }
    let payload = payload.to_string();
    let key = format!(
        "cancellation:{}:{}:{}",
        order.public_id,
        numbers.join(","),
        to.to_lowercase()
    );
    store::outbox::queue(
        tx,
        &store::outbox::NewMessage {
            key: &key,
            kind: MessageKind::Cancellation,
            destination: to,
            language: &patron.details.language,
            order_id: Some(order_id),
            payload: &payload,
            created_by: (!by.is_system).then_some(by.id),
            at: now.timestamp(),
        },
    )?;
    Ok(())
}

pub(crate) fn cancel_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    order_id: i64,
    numbers: &[i64],
    method: Method,
    now: DateTime<Utc>,
) -> Result<Refunded, CounterError> {
    cancel_as(tx, (signer, by), (order_id, numbers), method, false, now)
}

/// [`cancel_in`]; `subscription_whole` when the whole subscription is
/// refunded, order after order, in the caller's transaction.
pub(crate) fn cancel_as(
    tx: &Tx,
    (signer, by): (&Signer, &Operator),
    (order_id, numbers): (i64, &[i64]),
    method: Method,
    subscription_whole: bool,
    now: DateTime<Utc>,
) -> Result<Refunded, CounterError> {
    let c = cancellation(tx, order_id, numbers)?;
    if !subscription_whole {
        whole_subscription(tx, &c)?;
    }
    // Real money does not move in training mode.
    if ledger::training_on(tx, signer.terminal_id)? {
        return Err(CounterError::InTraining);
    }
    super::checks::till_open(
        tx,
        signer.terminal_id,
        now,
        c.venue.settings.time_zone,
        false,
    )?;
    let method = if c.total == Cents::ZERO {
        Method::Complimentary
    } else if method == Method::Complimentary {
        return Err(CounterError::Payment {
            error: crate::domain::payment::PaymentError::ComplimentaryNotFree(-c.total),
            currency: c.venue.settings.currency,
        });
    } else {
        method
    };
    let admitted = check_refund(tx, signer, by, &c, Some(method), now)?;
    let refund = Payment {
        voucher: None,
        method,
        amount: c.total,
        tendered: None,
    };
    let refunded = record_cancellation(
        tx,
        signer,
        by,
        &c,
        &[refund],
        Cents::ZERO,
        (None, None),
        now,
    )?;
    Ok(Refunded {
        admitted,
        ..refunded
    })
}

/// Tickets given back whose credit pays new ones (a moved performance's, an
/// exchange within a subscription): the new sale's payment, a voucher naming
/// none, of what it costs; and what the new tickets did not take of the
/// credit, which stays the holder's as a credit note.
pub(crate) fn carried_credit(credit: Cents, due: Cents) -> (Vec<Tender>, Vec<Payment>) {
    let spent = (due > Cents::ZERO).then_some(Tender {
        voucher: None,
        method: Method::Voucher,
        amount: due,
    });
    let back = credit - due;
    let left = (back > Cents::ZERO).then_some(Payment {
        method: Method::Voucher,
        amount: -back,
        tendered: None,
        voucher: None,
    });
    (spent.into_iter().collect(), left.into_iter().collect())
}

/// Tickets about to be cancelled, with what each gives back.
pub(crate) struct Cancelling {
    pub(crate) order: OrderRow,
    pub(crate) venue: crate::domain::Venue,
    pub(crate) chosen: Vec<TicketRow>,
    shares: Vec<(TaxRate, LineAmounts)>,
    /// Negative: what goes back to the customer.
    pub(crate) total: Cents,
}

/// Checks which tickets of the order are cancelled (all its live ones when
/// `numbers` is empty) and what each gives back, to the cent.
/// A subscription is refunded whole (each ticket carries its share of a
/// price the customer paid for the set): every live ticket of every order
/// it spans (after an exchange, more than one: `subscriptions::refund`).
pub(crate) fn whole_subscription(tx: &Tx, c: &Cancelling) -> Result<(), CounterError> {
    if !store::subscriptions::of_order(tx, c.order.id)? {
        return Ok(());
    }
    let live = store::subscriptions::live_tickets_with(tx, c.order.id)?;
    if (c.chosen.len() as i64) < live {
        return Err(crate::domain::subscription::SubscriptionError::Partial(c.order.number).into());
    }
    Ok(())
}

pub(crate) fn cancellation(
    tx: &Tx,
    order_id: i64,
    numbers: &[i64],
) -> Result<Cancelling, CounterError> {
    let o: OrderRow = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let all = store::sales::tickets_of_order(tx, order_id)?;
    if all.is_empty() && store::vouchers::gift_of_order(tx, order_id)? {
        return Err(vouchers::VoucherError::NotCancelled(o.number).into());
    }
    let chosen: Vec<&TicketRow> = if numbers.is_empty() {
        let live: Vec<&TicketRow> = all.iter().filter(|t| t.valid).collect();
        if live.is_empty() {
            return Err(CounterError::AlreadyCancelled(
                all.first().map(|t| t.number).unwrap_or_default(),
            ));
        }
        live
    } else {
        let mut chosen = Vec::new();
        for n in numbers {
            let t = all
                .iter()
                .find(|t| t.number == *n)
                .ok_or(CounterError::TicketNotInOrder(*n, o.number))?;
            if !t.valid {
                return Err(CounterError::AlreadyCancelled(*n));
            }
            if !chosen.iter().any(|c: &&TicketRow| c.id == t.id) {
                chosen.push(t);
            }
        }
        chosen
    };

    // Each ticket gives back its own share of its line, to the cent.
    let mut shares: Vec<(TaxRate, LineAmounts)> = Vec::new();
    for t in &chosen {
        let (rate, share) = ticket_share(tx, t)?;
        shares.push((rate, share.negated()));
    }
    let total: Cents = shares.iter().map(|(_, s)| s.incl).sum();
    Ok(Cancelling {
        chosen: chosen.into_iter().cloned().collect(),
        order: o,
        venue,
        shares,
        total,
    })
}

/// Writes a cancellation: its ledger record (with `link`, the exchange it
/// is part of, and `moved`, where a moved performance's tickets went), the
/// tickets cancelled, the refunds.
///
/// `refunds` is what goes back to the customer: a voucher among them (one
/// naming none) is issued here as a credit note, with its code. In an
/// exchange, `carried` is the credit moved to its new sale (a voucher
/// payment naming none, paid again by that sale).
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_cancellation(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    c: &Cancelling,
    refunds: &[Payment],
    carried: Cents,
    (link, moved): (Option<records::Link>, Option<records::Moved>),
    now: DateTime<Utc>,
) -> Result<Refunded, CounterError> {
    let Cancelling {
        order: o,
        venue,
        chosen,
        shares,
        total,
    } = c;
    let taxes = refund_taxes(venue.settings.country, shares);
    let t = store::unix(now);
    let mut lines = Vec::new();
    for (ticket, (rate, share)) in chosen.iter().zip(shares) {
        lines.push(records::CancelledTicket {
            ticket: ticket.number,
            id: ticket.public_id.clone(),
            performance: performance_name(tx, ticket.performance_id)?.label(Locale::FrFr),
            vat_rate: rate.0,
            excl: share.excl.0,
            tax: share.tax.0,
            incl: share.incl.0,
        });
    }
    let (refunds, credit) = given_back(tx, o, refunds, carried, now)?;
    let record = Record::Cancellation(records::Cancellation {
        receipt: o.number,
        order: o.public_id.clone(),
        sale_seq: store::sales::order_ledger_seq(tx, o.id)?,
        currency: venue.settings.currency.code().into(),
        lines,
        taxes: tax_lines(&taxes),
        total: total.0,
        payments: vouchers::payment_lines(tx, &refunds)?,
        exchange: link,
        moved,
    });
    let appended = ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    for ticket in chosen {
        store::sales::cancel_ticket(tx, ticket.id, t)?;
    }
    for r in &refunds {
        store::sales::insert_payment(tx, o.id, r.method.code(), r.amount.0, None, t)?;
    }
    Ok(Refunded {
        credit,
        order_number: o.number,
        tickets: chosen.iter().map(|t| t.number).collect(),
        amount: *total,
        method: refunds.last().map_or(Method::Complimentary, |r| r.method),
        currency: venue.settings.currency,
        ledger_seq: appended.seq,
        admitted: Vec::new(),
    })
}

/// The payments of a cancellation: the credit carried to an exchange's new
/// sale, then what goes back, a voucher issued as a credit note (returned
/// with its code); nothing given back is one complimentary payment of zero.
fn given_back(
    tx: &Tx,
    order: &OrderRow,
    refunds: &[Payment],
    carried: Cents,
    now: DateTime<Utc>,
) -> Result<(Vec<Payment>, Option<vouchers::Issued>), CounterError> {
    let mut out = Vec::new();
    if carried > Cents::ZERO {
        out.push(Payment {
            method: Method::Voucher,
            amount: -carried,
            tendered: None,
            voucher: None,
        });
    }
    let mut credit = None;
    for r in refunds {
        if r.amount == Cents::ZERO && r.method == Method::Complimentary {
            continue;
        }
        if r.method == Method::Voucher && r.amount < Cents::ZERO && r.voucher.is_none() {
            let issued = vouchers::issue_credit(tx, order.id, -r.amount, order.training, now)?;
            out.push(Payment {
                voucher: Some(issued.voucher_id),
                ..*r
            });
            credit = Some(issued);
        } else {
            out.push(*r);
        }
    }
    if out.is_empty() {
        out.push(Payment {
            method: Method::Complimentary,
            amount: Cents::ZERO,
            tendered: None,
            voucher: None,
        });
    }
    Ok((out, credit))
}

/// The refund's tax table, from the refunded shares (all negative). In
/// Quebec each ticket's tax is split between GST and QST in the ratio of
/// their rates, so the table adds up to what is refunded.
fn refund_taxes(country: Country, shares: &[(TaxRate, LineAmounts)]) -> Taxes {
    let excl: Cents = shares.iter().map(|(_, s)| s.excl).sum();
    let incl: Cents = shares.iter().map(|(_, s)| s.incl).sum();
    let lines: Vec<LineAmounts> = shares.iter().map(|(_, s)| *s).collect();
    match country {
        Country::France => {
            let mut rates: Vec<TaxRate> = shares.iter().map(|(r, _)| *r).collect();
            rates.sort();
            rates.dedup();
            let per_rate = rates
                .into_iter()
                .map(|rate| {
                    let of_rate = shares.iter().filter(|(r, _)| *r == rate);
                    let excl: Cents = of_rate.clone().map(|(_, s)| s.excl).sum();
                    let incl: Cents = of_rate.map(|(_, s)| s.incl).sum();
                    VatTotal {
                        rate,
                        excl,
                        vat: incl - excl,
                        incl,
                    }
                })
                .collect();
            Taxes::Vat(VatBreakdown {
                per_rate,
                lines,
                total: incl,
            })
        }
        Country::Quebec => {
            let tax_total = -(incl - excl).0;
            let split = tax::allocate(tax_total, &[TaxRate::GST.0 as i64, TaxRate::QST.0 as i64]);
            Taxes::Quebec(QuebecTaxes {
                subtotal: excl,
                gst: Cents(-split[0]),
                qst: Cents(-split[1]),
                total: incl,
                lines,
            })
        }
    }
}

/// A ticket's VAT rate and its share of its line (what it cost, with its
/// tax): the same line always shares out the same way, so a refund gives
/// back what the ticket was charged.
pub(crate) fn ticket_share(tx: &Tx, t: &TicketRow) -> Result<(TaxRate, LineAmounts), CounterError> {
    let (excl, tax, incl, quantity, _, rate) = store::sales::line_amounts(tx, t.order_line_id)?;
    let (position, _) = store::sales::position_in_line(tx, t)?;
    let line = LineAmounts {
        excl: Cents(excl),
        tax: Cents(tax),
        incl: Cents(incl),
    };
    let share = order::per_ticket(line, quantity as u32)
        .get(position)
        .copied()
        .unwrap_or(line);
    Ok((TaxRate(rate), share))
}

//! Customer service: find an order, cancel tickets with a refund, reprint
//! a ticket as a numbered duplicata. Cancellations and refunds are new
//! ledger records with negative amounts, never edits of the sale.

use chrono::{DateTime, Utc};

use super::CounterError;
use super::cart::performance_name;
use super::sell::{payment_line, tax_lines};
use crate::domain::PerformanceName;
use crate::domain::SeatName;
use crate::domain::journal::Chain;
use crate::domain::order::{self, Taxes};
use crate::domain::payment::{Method, Payment};
use crate::domain::records::{self, Record};
use crate::domain::tax::{self, LineAmounts, QuebecTaxes, TaxRate, VatBreakdown, VatTotal};
use crate::domain::{Cents, Country, Currency, Locale};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::sales::{OrderRow, TicketRow};
use crate::store::{self, Store, Tx};
use crate::tickets::code;

/// A ticket as customer service lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketLine {
    pub id: i64,
    pub number: i64,
    pub performance_id: i64,
    pub performance: PerformanceName,
    pub seat: Option<SeatName>,
    pub tariff: String,
    pub price: Cents,
    pub valid: bool,
    /// Copies printed: 1 for the original, k + 1 after duplicata n° k.
    pub prints: i64,
    pub code: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderView {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub created_at: DateTime<Utc>,
    pub total: Cents,
    pub currency: Currency,
    pub patron: Option<String>,
    pub operator: String,
    pub tickets: Vec<TicketLine>,
    /// Payments and refunds (negative), in order.
    pub payments: Vec<Payment>,
    /// Sold in training mode: worth nothing.
    pub training: bool,
}

impl OrderView {
    /// What the customer has paid, refunds deducted.
    pub fn net_paid(&self) -> Cents {
        self.payments.iter().map(|p| p.amount).sum()
    }
}

/// Finds orders by order number, ticket number, scanned code, or a patron's
/// name, e-mail or phone; newest first.
pub fn find(store: &Store, terminal_id: i64, text: &str) -> Result<Vec<OrderView>, CounterError> {
    store.read(|tx| {
        let text = text.trim();
        let mut ids: Vec<i64> = Vec::new();
        if let Ok(scanned) = code::read(text)
            && let Some(t) = store::sales::ticket_by_code(
                tx,
                &scanned.claims.key_id_hex(),
                scanned.claims.training,
                i64::from(scanned.claims.number),
                &code::normal(text),
            )?
        {
            ids.push(t.order_id);
        }
        // An imported order by its number at the seller, or one of its
        // tickets by the seller's code.
        ids.extend(store::imports::orders_of_external(tx, text)?);
        if let Some((_, order)) =
            store::imports::ticket_of_external(tx, &code::seller_code_hash(text))?
            && !ids.contains(&order)
        {
            ids.push(order);
        }
        let number = text.trim_start_matches(['#', '№']).trim();
        if let Ok(n) = number.parse::<i64>() {
            if let Some(o) = store::sales::order_by_number(tx, terminal_id, n)? {
                ids.push(o.id);
            }
            if let Some(t) = store::sales::ticket_by_number(tx, terminal_id, n)?
                && !ids.contains(&t.order_id)
            {
                ids.push(t.order_id);
            }
        }
        if ids.is_empty() && text.chars().count() >= 2 {
            for o in store::sales::orders_of_patrons_matching(tx, text, 50)? {
                ids.push(o.id);
            }
        }
        if ids.is_empty() {
            return Err(CounterError::NothingFound(text.to_owned()));
        }
        ids.iter().map(|id| view_in(tx, *id)).collect()
    })
}

/// The order of this terminal with that number.
pub fn by_number(store: &Store, terminal_id: i64, number: i64) -> Result<OrderView, CounterError> {
    store.read(|tx| {
        let o = store::sales::order_by_number(tx, terminal_id, number)?
            .ok_or_else(|| CounterError::NoOrder(number.to_string()))?;
        view_in(tx, o.id)
    })
}

pub fn view(store: &Store, order_id: i64) -> Result<OrderView, CounterError> {
    store.read(|tx| view_in(tx, order_id))
}

pub(crate) fn view_in(tx: &Tx, order_id: i64) -> Result<OrderView, CounterError> {
    let o = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let tariffs = store::tariffs::all(tx)?;
    let mut tickets = Vec::new();
    for t in store::sales::tickets_of_order(tx, order_id)? {
        tickets.push(TicketLine {
            id: t.id,
            number: t.number,
            performance_id: t.performance_id,
            performance: performance_name(tx, t.performance_id)?,
            seat: seat_of(tx, &t)?,
            tariff: tariffs
                .iter()
                .find(|x| x.id == t.tariff_id)
                .map(|x| x.code.clone())
                .unwrap_or_default(),
            price: Cents(t.price),
            valid: t.valid,
            prints: t.prints,
            code: t.code,
        });
    }
    let payments = store::sales::payments_of_order(tx, order_id)?
        .into_iter()
        .filter_map(|(method, amount, tendered)| {
            Some(Payment {
                method: Method::from_code(&method)?,
                amount: Cents(amount),
                tendered: tendered.map(Cents),
            })
        })
        .collect();
    Ok(OrderView {
        id: o.id,
        public_id: o.public_id.clone(),
        number: o.number,
        created_at: store::instant(o.created_at),
        total: Cents(o.total),
        currency: venue.settings.currency,
        patron: match o.patron_id {
            Some(id) => store::sales::patron_name(tx, id)?,
            None => None,
        },
        operator: store::sales::operator_name(tx, o.operator_id)?,
        tickets,
        payments,
        training: o.training,
    })
}

pub(crate) fn seat_of(tx: &Tx, t: &TicketRow) -> Result<Option<SeatName>, CounterError> {
    Ok(match t.seat_id {
        Some(seat) => store::sales::seat_name(tx, t.performance_id, seat)?,
        None => None,
    })
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
fn check_refund(
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
            store::door::last_entry(tx, t.id)?
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
    let payload = serde_json::json!({
        "tickets": r.tickets,
        "amount": -r.amount.0,
        "method": r.method.code(),
    })
    .to_string();
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
    let c = cancellation(tx, order_id, numbers)?;
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
        method,
        amount: c.total,
        tendered: None,
    };
    let refunded = record_cancellation(tx, signer, by, &c, &[refund], (None, None), now)?;
    Ok(Refunded {
        admitted,
        ..refunded
    })
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
pub(crate) fn cancellation(
    tx: &Tx,
    order_id: i64,
    numbers: &[i64],
) -> Result<Cancelling, CounterError> {
    let o: OrderRow = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let all = store::sales::tickets_of_order(tx, order_id)?;
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
pub(crate) fn record_cancellation(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    c: &Cancelling,
    refunds: &[Payment],
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
    let record = Record::Cancellation(records::Cancellation {
        receipt: o.number,
        order: o.public_id.clone(),
        sale_seq: store::sales::order_ledger_seq(tx, o.id)?,
        currency: venue.settings.currency.code().into(),
        lines,
        taxes: tax_lines(&taxes),
        total: total.0,
        payments: refunds.iter().map(payment_line).collect(),
        exchange: link,
        moved,
    });
    let appended = ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    for ticket in chosen {
        store::sales::cancel_ticket(tx, ticket.id, t)?;
    }
    for r in refunds {
        store::sales::insert_payment(tx, o.id, r.method.code(), r.amount.0, None, t)?;
    }
    Ok(Refunded {
        order_number: o.number,
        tickets: chosen.iter().map(|t| t.number).collect(),
        amount: *total,
        method: refunds.last().map_or(Method::Complimentary, |r| r.method),
        currency: venue.settings.currency,
        ledger_seq: appended.seq,
        admitted: Vec::new(),
    })
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

/// A ticket printed again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reprinted {
    pub ticket_id: i64,
    pub number: i64,
    /// The duplicata's number: 1 for the first reprint.
    pub duplicate: i64,
    pub order_id: i64,
    pub ledger_seq: i64,
}

/// Records a reprint of ticket `number`: a numbered duplicata with the same
/// code, so only one of the copies can enter.
pub fn reprint(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    number: i64,
    now: DateTime<Utc>,
) -> Result<Reprinted, CounterError> {
    ledger::write(store, signer, |tx| {
        let t = store::sales::ticket_by_number(tx, signer.terminal_id, number)?
            .ok_or_else(|| CounterError::NoTicket(number.to_string()))?;
        if !t.valid {
            return Err(CounterError::AlreadyCancelled(number));
        }
        let prints = store::sales::count_print(tx, t.id)?;
        let record = Record::Reprint(records::Reprint {
            ticket: t.number,
            id: t.public_id.clone(),
            duplicate: prints - 1,
            performance: performance_name(tx, t.performance_id)?.label(Locale::FrFr),
        });
        let appended = ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(Reprinted {
            ticket_id: t.id,
            number: t.number,
            duplicate: prints - 1,
            order_id: t.order_id,
            ledger_seq: appended.seq,
        })
    })
}

/// What an exchange did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchanged {
    pub cancelled: Refunded,
    pub sold: super::Sold,
    /// Given back to the customer when the new tickets cost less.
    pub refunded: Cents,
}

/// Exchanges tickets of an order for new ones (another performance, seat or
/// tariff) in one transaction. The tickets given back become a credit
/// (recorded as a voucher) spent on the new order; what the new order costs
/// more is paid with the request's tenders, what it costs less goes back
/// by `refund`. Both ledger records carry the exchange's id.
#[allow(clippy::too_many_arguments)]
pub fn exchange(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    order_id: i64,
    numbers: &[i64],
    new: &super::SaleRequest,
    refund: Method,
    now: DateTime<Utc>,
) -> Result<Exchanged, CounterError> {
    ledger::write(store, signer, |tx| {
        let c = cancellation(tx, order_id, numbers)?;
        // The old tickets free their seats first: the new ones may take them
        // (a change of tariff keeps the seat).
        for ticket in &c.chosen {
            store::sales::cancel_ticket(tx, ticket.id, store::unix(now))?;
        }
        let prepared = super::checks::prepare(tx, new, now)?;
        let credit = -c.total;
        let due = prepared.priced.total;
        let spent = credit.min(due);
        let back = credit - spent;
        // Money goes back by `refund` only when the new tickets cost less.
        // A refusal here rolls back the seats freed above: nothing written.
        let admitted = check_refund(
            tx,
            signer,
            by,
            &c,
            (back > Cents::ZERO).then_some(refund),
            now,
        )?;
        if back > Cents::ZERO && refund == Method::Complimentary {
            return Err(CounterError::Payment {
                error: crate::domain::payment::PaymentError::ComplimentaryNotFree(back),
                currency: c.venue.settings.currency,
            });
        }
        let mut refunds = Vec::new();
        if spent > Cents::ZERO {
            refunds.push(Payment {
                method: Method::Voucher,
                amount: -spent,
                tendered: None,
            });
        }
        if back > Cents::ZERO {
            refunds.push(Payment {
                method: refund,
                amount: -back,
                tendered: None,
            });
        }
        if refunds.is_empty() {
            refunds.push(Payment {
                method: Method::Complimentary,
                amount: Cents::ZERO,
                tendered: None,
            });
        }
        let mut tenders = new.tenders.clone();
        if spent > Cents::ZERO {
            tenders.insert(
                0,
                crate::domain::payment::Tender {
                    method: Method::Voucher,
                    amount: spent,
                },
            );
        }
        let currency = c.venue.settings.currency;
        let settlement = crate::domain::payment::settle(due, &tenders)
            .map_err(|error| CounterError::Payment { error, currency })?;
        let link = records::Link {
            id: store::public_id(now),
        };
        let cancelled = Refunded {
            admitted,
            ..record_cancellation(
                tx,
                signer,
                by,
                &c,
                &refunds,
                (Some(link.clone()), None),
                now,
            )?
        };
        let sold =
            super::sell::record(tx, signer, by, new, &prepared, &settlement, Some(link), now)?;
        Ok(Exchanged {
            cancelled,
            sold,
            refunded: back,
        })
    })
}

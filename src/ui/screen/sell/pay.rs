//! Payment: card, cheque and voucher taken on the basket, the checkout
//! (a sale, or an exchange), and printing its tickets in the background.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use iced::Task;

use super::{Context, Done, Job, Message, State, Step, print_job};
use crate::counter::CounterError;
use crate::counter::basket::Cash;
use crate::domain::payment::Method;
use crate::domain::{Cents, Locale};
use crate::ui::i18n::counter::{describe, printing, ticket_list};
use crate::ui::i18n::sell::{S, s, sf};

impl State {
    pub(super) fn start_payment(&mut self) {
        if !self.basket.is_empty() {
            self.step = Step::Pay;
            self.entry.clear();
            self.done = None;
        }
    }

    /// Card, cheque or voucher: for the amount typed, else for what is due.
    /// A card amount waits for the terminal's approval (Enter).
    pub(super) fn method(&mut self, method: Method, ctx: &mut Context) {
        if self.step != Step::Pay {
            return;
        }
        let text = self.entry.trim().to_owned();
        if method == Method::Voucher {
            self.voucher(&text, ctx);
            return;
        }
        let amount = if text.is_empty() {
            None
        } else {
            match Cents::parse(&text) {
                Ok(c) => Some(c),
                Err(_) => {
                    self.error = Some(sf(ctx.locale, S::ErrAmount, &[&text]));
                    return;
                }
            }
        };
        self.entry.clear();
        if method == Method::Card {
            let due = self.basket.remaining();
            let amount = amount.map_or(due, |a| a.min(due));
            if amount > Cents::ZERO {
                self.card = Some((method, amount));
            }
            return;
        }
        self.take_payment(method, amount, ctx);
    }

    /// A gift voucher or credit note, its code typed: what it holds is
    /// taken for what is left (up to what is due).
    fn voucher(&mut self, code: &str, ctx: &mut Context) {
        if code.is_empty() {
            self.error = Some(s(ctx.locale, S::VoucherCode).to_owned());
            return;
        }
        let found = match crate::counter::vouchers::find(&ctx.terminal.store, code, ctx.now()) {
            Ok(found) => found,
            Err(e) => {
                self.error = Some(describe(&e, ctx.locale));
                return;
            }
        };
        match self.basket.pay_voucher(&found) {
            Ok(taken) => {
                self.entry.clear();
                let m = |c: Cents| {
                    crate::domain::Money {
                        cents: c,
                        currency: found.currency,
                    }
                    .format(ctx.locale)
                };
                let left = found.balance - self.voucher_taken(found.voucher.id);
                self.notice = Some(sf(
                    ctx.locale,
                    S::VoucherTaken,
                    &[&found.voucher.hint, &m(taken), &m(left)],
                ));
            }
            Err(e) => self.error = Some(describe(&e, ctx.locale)),
        }
    }

    /// What the basket takes from a voucher.
    fn voucher_taken(&self, id: i64) -> Cents {
        self.basket
            .tenders()
            .iter()
            .filter(|t| t.voucher == Some(id))
            .map(|t| t.amount)
            .sum()
    }

    pub(super) fn take_payment(&mut self, method: Method, amount: Option<Cents>, ctx: &Context) {
        if let Err(e) = self.basket.pay(method, amount) {
            self.error = Some(describe(&e, ctx.locale));
        }
    }

    /// Records the basket (a sale or an exchange), `cash` handed over for
    /// what is left. Its tickets print in the background.
    pub(super) fn checkout(&mut self, cash: Option<Cents>, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let exchanged = self.basket.credit().map(|c| c.tickets.clone());
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        let cash = cash.map_or(Cash::Exact, Cash::Given);
        match self.basket.checkout(&mut t.store, &t.signer, by, cash, now) {
            Ok(done) => {
                if let Some(tickets) = exchanged {
                    let list = ticket_list(&tickets);
                    let number = done.sold.number.to_string();
                    let mut said = sf(ctx.locale, S::ExchangeDone, &[&list, &number]);
                    if let Some(c) = done.given_back.as_ref().and_then(|b| b.credit.as_ref()) {
                        let credit = crate::ui::i18n::vouchers::credit_issued(c, ctx.locale);
                        said = format!("{said} {credit}");
                    }
                    self.notice = Some(said);
                }
                let sold = done.sold;
                self.job = Some(Job::tickets(sold.order_id));
                self.done = Some(Done {
                    order_id: sold.order_id,
                    number: sold.number,
                    tickets: sold.tickets.len(),
                    total: sold.total,
                    change: sold.change + done.refunded,
                    currency: sold.currency,
                    mail_to: self
                        .patron
                        .as_ref()
                        .map(|p| p.email.trim().to_owned())
                        .filter(|e| !e.is_empty()),
                });
                self.patron = None;
                self.step = Step::Basket;
                self.entry.clear();
                self.load(ctx);
            }
            Err(e) => {
                self.error = Some(describe(&e, ctx.locale));
                self.entry.clear();
                // Short of money: still paying. Anything else: back to the
                // basket, the payments taken dropped.
                if !matches!(
                    e,
                    CounterError::Payment { .. } | CounterError::CashShort { .. }
                ) {
                    self.step = Step::Basket;
                    self.basket.drop_payments();
                }
                self.reload_offer(ctx);
            }
        }
    }
}

/// Makes (or takes) the PDF and sends it where Réglages says, on a
/// connection of its own, off the counter's thread.
pub(super) fn print_in_background(
    db: PathBuf,
    job: Job,
    locale: Locale,
    now: DateTime<Utc>,
) -> Task<Message> {
    Task::perform(
        async move { print_job(&db, &job, now).map_err(|e| (printing(&e, locale), job)) },
        Message::Printed,
    )
}

impl State {
    /// Ctrl+E after a sale: its tickets (or on request its receipt) queued
    /// for its patron's address (transactional mail: no marketing consent
    /// needed). Whether the app should send now.
    pub(super) fn mail_order(&mut self, receipt: bool, ctx: &mut Context) -> bool {
        use crate::exchange::outbox::{self, Queued};
        use crate::ui::i18n::mail::{M, error, mf, state};
        let (Some(done), Some(by)) = (&self.done, ctx.operator) else {
            return false;
        };
        let now = ctx.now();
        let queued = if receipt {
            outbox::queue_receipt(&mut ctx.terminal.store, by, done.order_id, None, now)
        } else {
            outbox::queue_tickets(&mut ctx.terminal.store, by, done.order_id, None, now)
        };
        let said = if receipt {
            M::ReceiptQueued
        } else {
            M::SellQueued
        };
        match queued {
            Ok(Queued::New { to, .. }) => {
                self.notice = Some(mf(ctx.locale, said, &[&to]));
                self.error = None;
                true
            }
            Ok(Queued::Already { to, state: st, .. }) => {
                self.notice = Some(mf(
                    ctx.locale,
                    M::SellAlready,
                    &[&to, state(st, ctx.locale)],
                ));
                false
            }
            Err(e) => {
                self.error = Some(error(&e, ctx.locale));
                false
            }
        }
    }
}

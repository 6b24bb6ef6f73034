//! Customer service at the counter (F10): find an order by its number, a
//! ticket number, a scanned code, or the patron's name, e-mail or phone;
//! reprint a ticket as a numbered duplicata; cancel some or all tickets
//! with a refund by the method chosen. A refund beyond the clerk's right
//! is approved on the spot by a coordinator's PIN, and made in their name.

use std::collections::BTreeSet;

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, Task};

use crate::counter::Credit;
use crate::counter::orders::{self, OrderView, TicketLine};
use crate::domain::payment::Method;
use crate::domain::{Cents, Locale, Money};
use crate::ui::i18n::counter::{describe, ticket_list};
use crate::ui::i18n::label_value;
use crate::ui::i18n::sell::{S, s, sf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The search field of customer service.
pub const QUERY: &str = "sell-service";

pub struct State {
    query: String,
    found: Vec<OrderView>,
    chosen: usize,
    /// Ticket numbers ticked for cancellation.
    marked: BTreeSet<i64>,
    refund: Method,
    /// The cancel button was pressed once: the next press refunds.
    confirming: bool,
    notice: Option<String>,
    error: Option<String>,
    /// A refund refused for want of a coordinator: who may approve it, the
    /// one chosen and the PIN typed.
    approval: Option<Approval>,
    /// A subscription's exchange asked once: the performance it goes to
    /// (its id and name); the next press makes it.
    exchange_to: Option<(i64, String)>,
}

struct Approval {
    approvers: Vec<Approver>,
    chosen: Option<Approver>,
    pin: String,
    /// What the coordinator approves: a subscription's exchange (which,
    /// from which performance), else the refund.
    exchange: Option<(String, i64)>,
}

/// A coordinator or administrator who may approve a refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approver {
    pub id: i64,
    pub name: String,
}

impl std::fmt::Display for Approver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

#[derive(Clone, Debug)]
pub enum Message {
    Query(String),
    Search,
    Choose(usize),
    Mark(i64, bool),
    Refund(Method),
    Cancel,
    Reprint(i64),
    /// The ticked tickets (all when none) become a credit for a new basket.
    Exchange,
    Approver(Approver),
    ApprovalPin(String),
    /// The coordinator's PIN is typed: the refund is made in their name.
    Approve,
}

/// What the parent must do after an action.
pub enum Event {
    /// Tickets were cancelled: places are free again.
    Cancelled,
    /// A duplicata was recorded: print it.
    Reprinted { order_id: i64, ticket: i64 },
    /// Exchange these tickets for what the clerk puts in the basket.
    Exchange(Credit),
    /// Exchange a subscription's performance `from` for the one chosen in
    /// Vente, within its formula; `by` a coordinator who approved it.
    SubscriptionExchange {
        subscription: String,
        from: i64,
        by: Option<crate::operators::Operator>,
    },
}

impl State {
    pub fn new() -> State {
        State {
            query: String::new(),
            found: Vec::new(),
            chosen: 0,
            marked: BTreeSet::new(),
            refund: Method::Cash,
            confirming: false,
            notice: None,
            error: None,
            approval: None,
            exchange_to: None,
        }
    }

    /// Looks for something at once (a code scanned at the counter).
    pub fn search_for(&mut self, query: &str, ctx: &Context) {
        self.query = query.to_owned();
        self.search(ctx);
    }

    pub fn found(&self) -> &[OrderView] {
        &self.found
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// A coordinator is being asked to approve a refund (their PIN).
    pub fn approving(&self) -> bool {
        self.approval.is_some()
    }

    fn search(&mut self, ctx: &Context) {
        self.marked.clear();
        self.chosen = 0;
        let t = &ctx.terminal;
        match orders::find(&t.store, t.signer.terminal_id, &self.query) {
            Ok(found) => self.found = found,
            Err(e) => {
                self.found.clear();
                self.error = Some(describe(&e, ctx.locale));
            }
        }
    }

    /// A subscription's exchange: the performance of the tickets ticked
    /// (or of all its live tickets), one performance, all its tickets (a
    /// performance of a subscription is exchanged whole).
    fn within(&mut self, subscription: String, locale: Locale) -> Option<Event> {
        let order = self.found.get(self.chosen)?;
        let live = |t: &&TicketLine| t.valid;
        let ticked = |t: &&TicketLine| self.marked.is_empty() || self.marked.contains(&t.number);
        let mut from: Vec<i64> = order
            .tickets
            .iter()
            .filter(live)
            .filter(ticked)
            .map(|t| t.performance_id)
            .collect();
        from.sort_unstable();
        from.dedup();
        let [from] = from.as_slice() else {
            self.error = Some(s(locale, S::TickOnePerformance).to_owned());
            return None;
        };
        let there = |t: &&TicketLine| t.performance_id == *from;
        let all = order.tickets.iter().filter(live).filter(there).count();
        let chosen = order
            .tickets
            .iter()
            .filter(live)
            .filter(there)
            .filter(ticked);
        if chosen.count() != all {
            self.error = Some(sf(locale, S::WholePerformance, &[&all.to_string()]));
            return None;
        }
        Some(Event::SubscriptionExchange {
            subscription,
            from: *from,
            by: None,
        })
    }

    /// Whether the exchange to `target` was asked once already; else it
    /// is asked now: the button names where it goes.
    pub fn exchange_confirmed(&mut self, target: (i64, String)) -> bool {
        if self
            .exchange_to
            .as_ref()
            .is_some_and(|(id, _)| *id == target.0)
        {
            self.exchange_to = None;
            return true;
        }
        self.exchange_to = Some(target);
        false
    }

    /// What the subscription's exchange came to, said, the orders read
    /// again; refused for want of a coordinator, one is asked for it.
    pub fn exchanged(
        &mut self,
        done: Result<String, crate::counter::CounterError>,
        pending: (String, i64),
        ctx: &Context,
    ) {
        self.notice = None;
        match done {
            Ok(notice) => {
                self.notice = Some(notice);
                self.marked.clear();
                self.reload(ctx);
            }
            Err(e) => {
                if matches!(e, crate::counter::CounterError::NeedsCoordinator(_)) {
                    self.ask_coordinator(ctx, Some(pending));
                }
                self.error = Some(describe(&e, ctx.locale));
            }
        }
    }

    /// Says what is wrong with the exchange asked.
    pub fn refused(&mut self, why: String) {
        self.notice = None;
        self.error = Some(why);
    }

    /// Opens the coordinator's approval (their PIN), for the refund or for
    /// a subscription's exchange.
    fn ask_coordinator(&mut self, ctx: &Context, exchange: Option<(String, i64)>) {
        let approvers: Vec<Approver> = crate::operators::people(&ctx.terminal.store)
            .unwrap_or_default()
            .into_iter()
            .filter(|o| o.active && o.role.can_coordinate())
            .map(|o| Approver {
                id: o.id,
                name: o.name,
            })
            .collect();
        self.approval = Some(Approval {
            chosen: approvers.first().cloned(),
            approvers,
            pin: String::new(),
            exchange,
        });
    }

    fn reload(&mut self, ctx: &Context) {
        let ids: Vec<i64> = self.found.iter().map(|o| o.id).collect();
        self.found = ids
            .into_iter()
            .filter_map(|id| orders::view(&ctx.terminal.store, id).ok())
            .collect();
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        let event = self.act(message, ctx);
        (Task::none(), event)
    }

    fn act(&mut self, message: Message, ctx: &mut Context) -> Option<Event> {
        let locale = ctx.locale;
        self.error = None;
        if !matches!(message, Message::Cancel) {
            self.confirming = false;
        }
        if !matches!(message, Message::Exchange) {
            self.exchange_to = None;
        }
        if !matches!(
            message,
            Message::Approver(_) | Message::ApprovalPin(_) | Message::Approve
        ) {
            self.approval = None;
        }
        match message {
            Message::Query(q) => self.query = q,
            Message::Search => {
                self.notice = None;
                self.search(ctx);
            }
            Message::Choose(i) => {
                self.chosen = i;
                self.marked.clear();
            }
            Message::Mark(n, on) => {
                if on {
                    self.marked.insert(n);
                } else {
                    self.marked.remove(&n);
                }
            }
            Message::Refund(m) => self.refund = m,
            Message::Exchange => {
                let order = self.found.get(self.chosen)?;
                if let Some(subscription) = &order.subscription {
                    return self.within(subscription.clone(), locale);
                }
                let marked: Vec<i64> = self.marked.iter().copied().collect();
                return Credit::of(order, &marked).map(Event::Exchange);
            }
            Message::Cancel if !self.confirming => self.confirming = true,
            Message::Cancel => {
                self.confirming = false;
                let by = ctx.operator?.clone();
                return self.cancel(&by, ctx);
            }
            Message::Approver(a) => {
                if let Some(approval) = &mut self.approval {
                    approval.chosen = Some(a);
                }
            }
            Message::ApprovalPin(pin) => {
                if let Some(approval) = &mut self.approval {
                    approval.pin = pin.chars().filter(char::is_ascii_digit).take(8).collect();
                }
            }
            Message::Approve => {
                let approval = self.approval.as_ref()?;
                let chosen = approval.chosen.as_ref()?;
                let now = ctx.now();
                let (id, pin) = (chosen.id, approval.pin.clone());
                match crate::operators::authenticate(&mut ctx.terminal.store, id, &pin, now) {
                    Ok(coordinator) => {
                        let exchange = self.approval.take().and_then(|a| a.exchange);
                        if let Some((subscription, from)) = exchange {
                            return Some(Event::SubscriptionExchange {
                                subscription,
                                from,
                                by: Some(coordinator),
                            });
                        }
                        return self.cancel(&coordinator, ctx);
                    }
                    Err(e) => {
                        if let Some(a) = &mut self.approval {
                            a.pin.clear();
                        }
                        self.error = Some(crate::ui::i18n::operators::login(&e, locale));
                    }
                }
            }
            Message::Reprint(number) => {
                let (by, now) = (ctx.operator?, ctx.now());
                let t = &mut *ctx.terminal;
                match orders::reprint(&mut t.store, &t.signer, by, number, now) {
                    Ok(done) => {
                        self.notice = Some(sf(
                            locale,
                            S::Reprinted,
                            &[&done.number.to_string(), &done.duplicate.to_string()],
                        ));
                        self.reload(ctx);
                        return Some(Event::Reprinted {
                            order_id: done.order_id,
                            ticket: done.number,
                        });
                    }
                    Err(e) => self.error = Some(describe(&e, locale)),
                }
            }
        }
        None
    }

    /// Cancels the chosen tickets in `by`'s name; a refund beyond `by`'s
    /// right opens the coordinator's approval.
    fn cancel(&mut self, by: &crate::operators::Operator, ctx: &mut Context) -> Option<Event> {
        let locale = ctx.locale;
        let order = self.found.get(self.chosen)?;
        let numbers: Vec<i64> = self.marked.iter().copied().collect();
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        let done = crate::counter::refunds::cancel(
            &mut t.store,
            &t.signer,
            by,
            order.id,
            &numbers,
            self.refund,
            now,
        );
        match done {
            Ok(done) => {
                let m = Money {
                    cents: -done.amount,
                    currency: done.currency,
                }
                .format(locale);
                let list = ticket_list(&done.tickets);
                let mut notice = sf(
                    locale,
                    S::Cancelled,
                    &[
                        &list,
                        &m,
                        crate::ui::i18n::sell::method(locale, done.method),
                    ],
                );
                if Some(by.id) != ctx.operator.map(|o| o.id) {
                    notice = format!("{notice} {}", sf(locale, S::ApprovedBy, &[&by.name]));
                }
                if let Some(credit) = &done.credit {
                    let said = crate::ui::i18n::vouchers::credit_issued(credit, locale);
                    notice = format!("{notice} {said}");
                }
                self.notice = Some(notice);
                self.marked.clear();
                self.reload(ctx);
                Some(Event::Cancelled)
            }
            Err(e) => {
                if matches!(e, crate::counter::CounterError::NeedsCoordinator(_)) {
                    self.ask_coordinator(ctx, None);
                }
                self.error = Some(describe(&e, locale));
                None
            }
        }
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let query = text_input(s(locale, S::ServiceHint), &self.query)
            .id(QUERY)
            .on_input(Message::Query)
            .on_submit(Message::Search)
            .size(20)
            .padding(10);
        let mut col = column![
            text(s(locale, S::Service))
                .size(theme::TITLE)
                .font(theme::BOLD),
            query
        ]
        .spacing(8)
        .height(Fill);
        if let Some(e) = &self.error {
            col = col.push(text(e).style(theme::error));
        }
        if let Some(n) = &self.notice {
            col = col.push(text(n).size(theme::HEADING).style(theme::success));
        }
        if self.found.len() > 1 {
            col = col.push(self.found_view(locale));
        }
        let Some(o) = self.found.get(self.chosen) else {
            return col.into();
        };
        let head = format!(
            "{} · {} · {} · {}",
            sf(locale, S::OrderNumber, &[&o.number.to_string()]),
            locale.date_time(o.created_at, look.zone),
            money(locale, o.total, o),
            o.operator
        );
        col = col.push(text(head).size(theme::HEADING).font(theme::BOLD));
        if let Some(p) = &o.patron {
            col = col.push(text(label_value(locale, s(locale, S::Patron), p)));
        }
        let mut tickets = column![].spacing(4);
        for t in &o.tickets {
            tickets = tickets.push(self.ticket_line(t, o, look));
        }
        col = col.push(scrollable(tickets).height(Fill));
        let paid: Cents = o.net_paid();
        col = col.push(text(sf(locale, S::NetPaid, &[&money(locale, paid, o)])).size(theme::BODY));
        if o.tickets.iter().any(|t| t.valid) {
            col = col.push(self.refund_view(o, locale));
        }
        if let Some(a) = &self.approval {
            col = col.push(approval_view(a, locale));
        }
        col.into()
    }

    /// The orders found, when more than one: the clerk picks one.
    fn found_view(&self, locale: Locale) -> Element<'_, Message> {
        let mut list = row![].spacing(6);
        for (i, o) in self.found.iter().enumerate() {
            list = list.push(
                button(
                    column![
                        text(sf(locale, S::OrderNumber, &[&o.number.to_string()]))
                            .font(theme::BOLD),
                        text(o.patron.clone().unwrap_or_default()).size(theme::SMALL),
                    ]
                    .spacing(0),
                )
                .on_press(Message::Choose(i))
                .padding([4, 10])
                .style(theme::choice(i == self.chosen)),
            );
        }
        scrollable(list)
            .direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::new().width(4).scroller_width(4),
            ))
            .into()
    }

    /// One ticket of the order: marked for cancelling, its performance,
    /// seat, tariff and price, its duplicates, and a reprint button.
    fn ticket_line<'a>(
        &self,
        t: &'a TicketLine,
        o: &OrderView,
        look: &Look,
    ) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let seat = t.seat.as_ref().map(|x| x.label(locale)).unwrap_or_default();
        let state = if !t.valid {
            s(locale, S::CancelledTicket).to_owned()
        } else if t.prints > 1 {
            sf(locale, S::Duplicates, &[&(t.prints - 1).to_string()])
        } else {
            String::new()
        };
        let mut line = row![
            checkbox(self.marked.contains(&t.number))
                .on_toggle_maybe(t.valid.then_some(move |on| Message::Mark(t.number, on))),
            column![
                text(format!(
                    "{} · {} · {}",
                    sf(locale, S::TicketNumber, &[&t.number.to_string()]),
                    t.performance.show,
                    locale.date_time(t.performance.starts_at, zone)
                ))
                .size(theme::SMALL)
                .font(theme::BOLD),
                text(format!(
                    "{seat}  {}  {}  {state}",
                    t.tariff,
                    money(locale, t.price, o)
                ))
                .size(theme::SMALL),
            ]
            .width(Fill),
        ]
        .spacing(8)
        .align_y(Center);
        if t.valid {
            line = line.push(
                button(text(s(locale, S::Reprint)).size(theme::SMALL))
                    .on_press(Message::Reprint(t.number))
                    .padding([4, 8])
                    .style(theme::choice(false)),
            );
        }
        line.into()
    }

    /// Giving back: the refund's method, cancelling (all or the marked
    /// tickets, confirmed once) and exchanging.
    fn refund_view(&self, o: &OrderView, locale: Locale) -> Element<'_, Message> {
        let method = |m: Method| {
            button(text(crate::ui::i18n::sell::method(locale, m)).size(theme::SMALL))
                .on_press(Message::Refund(m))
                .padding([6, 10])
                .style(theme::choice(self.refund == m))
        };
        let back: Cents = o
            .tickets
            .iter()
            .filter(|t| t.valid && (self.marked.is_empty() || self.marked.contains(&t.number)))
            .map(|t| t.price)
            .sum();
        let what = if self.confirming {
            sf(
                locale,
                S::ConfirmRefund,
                &[
                    &money(locale, back, o),
                    crate::ui::i18n::sell::method(locale, self.refund),
                ],
            )
        } else if self.marked.is_empty() {
            s(locale, S::CancelAll).to_owned()
        } else {
            sf(locale, S::CancelSome, &[&self.marked.len().to_string()])
        };
        panel(
            row![
                text(s(locale, S::RefundBy)).size(theme::SMALL),
                method(Method::Cash),
                method(Method::Card),
                method(Method::Cheque),
                method(Method::Voucher),
                button(text(what).font(theme::BOLD))
                    .on_press(Message::Cancel)
                    .padding([8, 12])
                    .style(theme::choice(true)),
                button(
                    text(match (&o.subscription, &self.exchange_to) {
                        (Some(_), Some((_, to))) => sf(locale, S::ConfirmWithin, &[to]),
                        (Some(_), None) => s(locale, S::ExchangeWithin).to_owned(),
                        (None, _) => s(locale, S::Exchange).to_owned(),
                    })
                    .font(theme::BOLD)
                )
                .on_press(Message::Exchange)
                .padding([8, 12])
                .style(theme::choice(false)),
            ]
            .spacing(6),
        )
    }
}

/// A coordinator approves the refund at the counter: who, and their PIN.
fn approval_view(a: &Approval, locale: Locale) -> Element<'_, Message> {
    let pin = text_input(s(locale, S::ApprovalPin), &a.pin)
        .id(APPROVAL_PIN)
        .secure(true)
        .on_input(Message::ApprovalPin)
        .on_submit(Message::Approve)
        .padding(8)
        .width(160);
    panel(
        row![
            text(s(locale, S::ApprovalBy)).size(theme::SMALL),
            pick_list(a.approvers.as_slice(), a.chosen.clone(), Message::Approver).padding(8),
            pin,
            button(text(s(locale, S::Approve)).font(theme::BOLD))
                .on_press(Message::Approve)
                .padding([8, 12])
                .style(theme::choice(true)),
        ]
        .spacing(8),
    )
}

/// A row of actions under the order, on paper, wrapping when narrow.
fn panel<'a>(actions: iced::widget::Row<'a, Message>) -> Element<'a, Message> {
    container(actions.align_y(Center).wrap())
        .padding(8)
        .width(Fill)
        .style(theme::paper)
        .into()
}

/// The coordinator's PIN field of a refund's approval.
pub const APPROVAL_PIN: &str = "sell-service-approval-pin";

/// An amount of the order, in its currency.
fn money(locale: Locale, cents: Cents, o: &OrderView) -> String {
    Money {
        cents,
        currency: o.currency,
    }
    .format(locale)
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

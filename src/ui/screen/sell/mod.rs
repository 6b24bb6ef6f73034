//! Vente: the clerk sells walk-in tickets against a queue.
//!
//! One field always has the focus. A number and Enter adds that many
//! places (the best seats side by side in a numbered hall); a seat such as
//! F12 adds that seat; letters choose the show. Enter on an empty field
//! takes payment, and Enter again takes the exact amount in cash (or type
//! the cash received). F1–F8 give the last ticket a tariff (or, after a
//! number, add that many at that tariff). ↑ ↓ change performance; ← →
//! change the entry slot of a timed performance; Del removes the last
//! ticket; Esc steps back (payment → basket → empty basket).
//!
//! Two full-price general-admission tickets paid in exact cash: `2`,
//! Enter, Enter, Enter. Two best seats: the same four keys.
//!
//! The order itself is a `counter::Basket`: this screen turns keys into its
//! calls and shows it.

mod basket;
mod entry;
pub mod gift;
mod patron;
mod pay;
pub mod service;
pub mod subscribe;
mod topup;
mod view;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use iced::Task;
use iced::widget::{Id, operation};

use super::Context;
use crate::audience::Patron;
use crate::counter::offer::{self, Offer};
use crate::counter::{Basket, Credit};
use crate::domain::payment::Method;
use crate::domain::{Cents, Currency, PerformanceLine};
use crate::ui::widget::seat_map::SeatMap;

pub use crate::counter::BasketTicket as Ticket;
pub use crate::counter::printed::{Job, print_job};
pub use crate::ui::i18n::counter::describe;

/// The field that keeps the focus.
pub const ENTRY: &str = "sell-entry";
/// The patron field (F9).
pub const PATRON: &str = "sell-patron";

pub fn entry_id() -> Id {
    Id::new(ENTRY)
}

pub fn patron_id() -> Id {
    Id::new(PATRON)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Basket,
    Pay,
}

/// The last sale, shown until the next one starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Done {
    pub order_id: i64,
    pub number: i64,
    pub tickets: usize,
    pub total: Cents,
    pub change: Cents,
    pub currency: Currency,
    /// The patron's e-mail address, when the order has one (Ctrl+E).
    pub mail_to: Option<String>,
}

/// How the last printing went.
#[derive(Clone, Debug, PartialEq)]
pub enum Printing {
    Idle,
    Busy,
    Done(PathBuf),
    Failed { message: String, job: Job },
}

pub struct State {
    entry: String,
    lines: Vec<PerformanceLine>,
    selected: Option<i64>,
    offer: Option<Offer>,
    map: Option<SeatMap>,
    slot: Option<i64>,
    basket: Basket,
    step: Step,
    /// Sent to the card terminal, waiting for the clerk's confirmation.
    card: Option<(Method, Cents)>,
    done: Option<Done>,
    error: Option<String>,
    /// What just went well, besides a sale (an exchange).
    notice: Option<String>,
    /// The patron the order is for (anonymous when None).
    patron: Option<Patron>,
    /// What is typed in the patron field, and what it finds.
    patron_text: String,
    patron_hits: Vec<Patron>,
    /// The patron field has the focus (F9), not the entry.
    patron_active: bool,
    /// Customer service (F10), over the performance.
    service: Option<service::State>,
    /// Gift vouchers (Ctrl+B), over the performance.
    gift: Option<gift::State>,
    /// Ctrl+A: the subscription panel, when open.
    subscribe: Option<subscribe::State>,
    /// Tickets or a receipt being made and printed, and how it went.
    printing: Printing,
    /// Work for the background, started when the update ends.
    job: Option<Job>,
    /// Lots borrowed from the central pool when few places are left here.
    topup: topup::TopUp,
}

#[derive(Clone, Debug)]
pub enum Message {
    /// Read the performances and the one shown (entering Vente, or back
    /// from another section: someone may have sold meanwhile).
    Load,
    Entry(String),
    Submit,
    Select(i64),
    Up,
    Down,
    Left,
    Right,
    Slot(i64),
    /// F1…F8 in the basket, F1…F4 at payment.
    Function(u8),
    /// Click on a ticket's tariff: the next tariff.
    CycleTariff(usize),
    Remove(usize),
    RemoveLast,
    Escape,
    Pay,
    Method(Method),
    Map(crate::ui::widget::seat_map::Event),
    /// F9: the patron field.
    PatronFocus,
    PatronInput(String),
    /// Enter in the patron field: the first found, or a new patron.
    PatronSubmit,
    PatronPick(usize),
    PatronClear,
    /// Through whom the basket is sold (the counter unless changed).
    Channel(crate::domain::order::Channel),
    /// F10: customer service.
    ServiceOpen,
    /// Ctrl+B: gift vouchers.
    GiftOpen,
    Gift(gift::Message),
    /// Ctrl+A: subscriptions.
    SubscribeOpen,
    Subscribe(subscribe::Message),
    Service(service::Message),
    /// The background printing is over.
    Printed(Result<PathBuf, (String, Job)>),
    /// The receipt of the last order.
    Receipt,
    /// F11: send the last tickets again (no new sale, no duplicata).
    PrintAgain,
    /// Ctrl+E: the last order's tickets e-mailed to its patron.
    Mail,
    /// The last order's receipt e-mailed to its patron.
    MailReceipt,
    /// A lot asked of the central pool: what it says this terminal holds
    /// now, or why not (None: unreachable, offline).
    Borrowed(Result<crate::central::contingents::There, Option<String>>),
}

/// What Vente asks of the app.
#[derive(Clone, Debug)]
pub enum Event {
    /// A message was queued: send the outbox now.
    Send,
}

impl Message {
    /// What a key means in Vente.
    pub fn from_key(key: &crate::ui::Message) -> Option<Message> {
        use crate::ui::Message as Key;
        Some(match key {
            Key::Up => Message::Up,
            Key::Down => Message::Down,
            Key::Left => Message::Left,
            Key::Right => Message::Right,
            Key::Escape => Message::Escape,
            Key::Delete => Message::RemoveLast,
            Key::Function(n) => Message::Function(*n),
            Key::MailKey => Message::Mail,
            Key::VoucherKey => Message::GiftOpen,
            Key::SubscriptionKey => Message::SubscribeOpen,
            _ => return None,
        })
    }
}

impl State {
    /// Vente for the terminal `terminal_id`, empty until the task returned
    /// loads what is on sale.
    pub fn new(terminal_id: i64, now: DateTime<Utc>) -> (State, Task<Message>) {
        let state = State {
            entry: String::new(),
            lines: Vec::new(),
            selected: None,
            offer: None,
            map: None,
            slot: None,
            basket: Basket::holding(terminal_id, now),
            step: Step::Basket,
            card: None,
            done: None,
            error: None,
            notice: None,
            patron: None,
            patron_text: String::new(),
            patron_hits: Vec::new(),
            patron_active: false,
            service: None,
            gift: None,
            subscribe: None,
            printing: Printing::Idle,
            job: None,
            topup: topup::TopUp::default(),
        };
        let task = state.enter();
        (state, task)
    }

    /// Entering Vente: what is on sale read again (someone may have sold
    /// meanwhile), then the focus in the entry.
    pub fn enter(&self) -> Task<Message> {
        Task::done(Message::Load).chain(self.focus())
    }

    pub fn focus(&self) -> Task<Message> {
        if let Some(panel) = &self.subscribe {
            operation::focus(Id::new(panel.focused()))
        } else if let Some(gift) = &self.gift {
            operation::focus(Id::new(gift.focused()))
        } else if self.service.as_ref().is_some_and(|s| s.approving()) {
            operation::focus(Id::new(service::APPROVAL_PIN))
        } else if self.service.is_some() && !self.patron_active {
            operation::focus(Id::new(service::QUERY))
        } else if self.patron_active {
            operation::focus(patron_id())
        } else {
            operation::focus(entry_id())
        }
    }

    pub fn patron(&self) -> Option<&Patron> {
        self.patron.as_ref()
    }

    /// Through whom the basket is being sold.
    pub fn channel(&self) -> crate::domain::order::Channel {
        self.basket.channel()
    }

    pub fn basket(&self) -> &[Ticket] {
        self.basket.tickets()
    }

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn done(&self) -> Option<&Done> {
        self.done.as_ref()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn selected(&self) -> Option<i64> {
        self.selected
    }

    pub fn entry(&self) -> &str {
        &self.entry
    }

    pub fn printing(&self) -> &Printing {
        &self.printing
    }

    /// What is still due after card, cheque and voucher payments.
    pub fn remaining(&self) -> Cents {
        self.basket.remaining()
    }

    /// Whether a message only adds one digit to what a field holds (what
    /// Ctrl+digit leaves in the field with the focus, on X11).
    pub fn digit_typed(&self, message: &Message) -> bool {
        match message {
            Message::Entry(text) => one_digit_more(&self.entry, text),
            Message::PatronInput(text) => one_digit_more(&self.patron_text, text),
            Message::Gift(m) => self.gift.as_ref().is_some_and(|g| g.digit_typed(m)),
            Message::Subscribe(m) => self.subscribe.as_ref().is_some_and(|p| p.digit_typed(m)),
            _ => false,
        }
    }

    /// The subscription panel (Ctrl+A), when open.
    pub fn subscribe(&self) -> Option<&subscribe::State> {
        self.subscribe.as_ref()
    }

    /// The gift voucher panel (Ctrl+B), when open.
    pub fn gift(&self) -> Option<&gift::State> {
        self.gift.as_ref()
    }

    pub fn exchange(&self) -> Option<&Credit> {
        self.basket.credit()
    }

    /// Gives the basket's seats back (leaving Vente, switching operator).
    pub fn release(&mut self, ctx: &mut Context) {
        if let Err(e) = self.basket.clear(&mut ctx.terminal.store) {
            eprintln!("guichet: the basket's seats could not be released: {e}");
        }
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        if !matches!(message, Message::Entry(_)) {
            self.error = None;
            if !matches!(message, Message::Printed(_)) {
                self.notice = None;
            }
        }
        match message {
            Message::Load => self.load(ctx),
            Message::Entry(text) => self.entry = text,
            Message::Submit => self.submit(ctx),
            Message::Select(id) => self.show(Some(id), ctx),
            Message::Up | Message::Down => self.step_performance(&message, ctx),
            Message::Left | Message::Right => self.step_slot(&message),
            Message::Slot(id) => self.slot = Some(id),
            Message::Function(n) => self.function(n, ctx),
            Message::CycleTariff(i) => self.cycle_tariff(i),
            Message::Remove(i) => self.remove(i, ctx),
            Message::RemoveLast => {
                // Del in a panel over the performance edits its field, not
                // the basket behind it.
                let panel = self.gift.is_some() || self.subscribe.is_some();
                let count = self.basket.tickets().len();
                if !panel && self.entry.is_empty() && self.step == Step::Basket && count > 0 {
                    self.remove(count - 1, ctx);
                }
            }
            Message::Escape => self.escape(ctx),
            Message::Pay => self.start_payment(),
            Message::Method(m) => self.method(m, ctx),
            Message::Map(event) => self.map_event(&event, ctx),
            Message::PatronFocus => self.patron_active = true,
            Message::PatronInput(text) => self.patron_input(text, ctx),
            Message::PatronSubmit => self.patron_submit(ctx),
            Message::PatronPick(i) => self.pick_patron(i),
            Message::PatronClear => self.clear_patron(),
            Message::Channel(c) => self.basket.set_channel(c),
            Message::ServiceOpen => self.open_service(None, ctx),
            Message::GiftOpen => {
                self.service = None;
                self.subscribe = None;
                self.patron_active = false;
                self.gift = Some(gift::State::open(ctx));
            }
            Message::SubscribeOpen => {
                self.service = None;
                self.gift = None;
                self.patron_active = false;
                self.subscribe = Some(subscribe::State::open(ctx));
            }
            Message::Subscribe(m) => self.in_subscribe(m, ctx),
            Message::Gift(m) => self.in_gift(m, ctx),
            Message::Service(m) => self.in_service(m, ctx),
            Message::Printed(outcome) => {
                self.printing = match outcome {
                    Ok(path) => Printing::Done(path),
                    Err((message, job)) => Printing::Failed { message, job },
                }
            }
            Message::Receipt => {
                if let Some(done) = &self.done {
                    self.job = Some(Job {
                        receipt: true,
                        ..Job::tickets(done.order_id)
                    });
                }
            }
            Message::PrintAgain => self.print_again(),
            Message::Borrowed(there) => self.borrowed(there, ctx),
            Message::Mail | Message::MailReceipt => {
                if self.mail_order(matches!(message, Message::MailReceipt), ctx) {
                    return (self.after_update(ctx), Some(Event::Send));
                }
            }
        }
        (self.after_update(ctx), None)
    }

    /// The focus back where it belongs, and the printing asked for.
    fn after_update(&mut self, ctx: &Context) -> Task<Message> {
        let topup = self.topup.wanted(self.offer.as_ref(), ctx);
        let task = self.printing_and_focus(ctx);
        match topup {
            Some(asking) => Task::batch([task, asking]),
            None => task,
        }
    }

    fn printing_and_focus(&mut self, ctx: &Context) -> Task<Message> {
        match self.job.take() {
            Some(job) => {
                self.printing = Printing::Busy;
                let db = ctx.terminal.store.path().to_owned();
                Task::batch([
                    pay::print_in_background(db, job, ctx.locale, ctx.now()),
                    self.focus(),
                ])
            }
            None => self.focus(),
        }
    }

    /// Reads the performances on sale and the one shown again.
    fn load(&mut self, ctx: &mut Context) {
        self.lines = offer::on_sale(&ctx.terminal.store, ctx.now()).unwrap_or_default();
        let shown = self
            .selected
            .filter(|id| self.lines.iter().any(|p| p.id == *id))
            .or_else(|| self.visible().first().map(|p| p.id));
        self.show(shown, ctx);
    }

    fn step_performance(&mut self, message: &Message, ctx: &mut Context) {
        if self.step != Step::Basket {
            return;
        }
        let visible: Vec<i64> = self.visible().iter().map(|p| p.id).collect();
        let at = visible.iter().position(|id| Some(*id) == self.selected);
        let next = match (message, at) {
            (Message::Up, Some(i)) => i.checked_sub(1),
            (Message::Down, Some(i)) => Some((i + 1).min(visible.len().saturating_sub(1))),
            _ => Some(0),
        };
        if let Some(id) = next.and_then(|i| visible.get(i)) {
            self.show(Some(*id), ctx);
        }
    }

    fn step_slot(&mut self, message: &Message) {
        if let Some(o) = &self.offer {
            let at = o.slots.iter().position(|s| Some(s.id) == self.slot);
            let next = match (message, at) {
                (Message::Left, Some(i)) => i.saturating_sub(1),
                (_, Some(i)) => (i + 1).min(o.slots.len().saturating_sub(1)),
                _ => 0,
            };
            self.slot = o.slots.get(next).map(|s| s.id);
        }
    }

    fn escape(&mut self, ctx: &mut Context) {
        if self.gift.take().is_some() || self.subscribe.take().is_some() {
            return;
        }
        if self.service.is_some() && !self.patron_active {
            self.service = None;
            return;
        }
        if self.patron_active {
            self.patron_active = false;
            self.patron_text.clear();
            self.patron_hits.clear();
            return;
        }
        match self.step {
            Step::Pay if self.card.is_some() => self.card = None,
            Step::Pay => {
                self.step = Step::Basket;
                self.entry.clear();
            }
            Step::Basket if !self.entry.is_empty() => self.entry.clear(),
            Step::Basket if !self.basket.is_empty() || self.basket.credit().is_some() => {
                self.release(ctx);
                self.patron = None;
                self.reload_offer(ctx);
            }
            Step::Basket => self.done = None,
        }
    }

    /// What the gift voucher panel did: a voucher sold (for the basket's
    /// patron, now served), its card to print.
    pub(super) fn in_gift(&mut self, message: gift::Message, ctx: &mut Context) {
        let patron = self.patron.as_ref().map(|p| p.id);
        let Some(gift) = &mut self.gift else { return };
        if gift.update(message, patron, ctx) {
            self.patron = None;
        }
        if let Some(path) = gift.take_print() {
            self.job = Some(Job {
                resend: Some(path),
                ..Job::tickets(0)
            });
        }
    }

    /// What the subscription panel did: a subscription sold (for the
    /// basket's patron, now served), its tickets to print.
    pub(super) fn in_subscribe(&mut self, message: subscribe::Message, ctx: &mut Context) {
        let patron = self.patron.as_ref().map(|p| p.id);
        let Some(panel) = &mut self.subscribe else {
            return;
        };
        if panel.update(message, patron, ctx) {
            self.patron = None;
        }
        if let Some(job) = panel.take_print() {
            self.job = Some(job);
        }
    }

    fn print_again(&mut self) {
        if let Printing::Failed { job, .. } = &self.printing {
            self.job = Some(job.clone());
        }
    }
}

/// Whether `after` is `before` with one digit more (one key typed).
fn one_digit_more(before: &str, after: &str) -> bool {
    let digits = |t: &str| t.chars().filter(char::is_ascii_digit).count();
    after.chars().count() == before.chars().count() + 1 && digits(after) == digits(before) + 1
}

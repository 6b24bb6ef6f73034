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

mod basket;
pub mod describe;
mod pay;
pub mod service;
mod view;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use iced::Task;
use iced::widget::{Id, operation};

use std::path::PathBuf;

use crate::audience::{self, Patron};
use crate::counter::offer::{self, Offer, SeatState};
use crate::counter::{self, CounterError, Item, Place, SaleRequest, cart};
use crate::domain::order::{self, BasketLine, Priced};
use crate::domain::payment::{Method, Tender};
use crate::domain::season::HallKind;
use crate::domain::{Cents, Currency, Locale, TaxRate};
use crate::operators::Operator;
use crate::programming::{self, PerformanceLine};
use crate::terminal::Terminal;
use crate::ui::i18n::sell::{S, sf};
use crate::ui::widget::seat_map::{self, Look, Mark, SeatMap};

pub use crate::counter::printed::{Job, print_job};
pub use describe::describe;
use pay::print_in_background;

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

fn describe_audience(e: &audience::AudienceError, locale: Locale) -> String {
    match (e, locale.is_french()) {
        (audience::AudienceError::NoName, true) => {
            "Un spectateur a besoin au moins d’un nom.".into()
        }
        (audience::AudienceError::Email(text), true) => {
            format!("« {text} » n’est pas une adresse e-mail.")
        }
        (audience::AudienceError::Store(e), true) => {
            format!("La base de données a refusé l’écriture : {e}")
        }
        (e, false) => e.to_string(),
    }
}

/// A ticket in the basket.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub performance_id: i64,
    pub show: String,
    pub when: DateTime<Utc>,
    pub place: Place,
    /// "Orchestre, rang F, 12", "Placement libre", "Entrée 14 h 00".
    pub label: String,
    pub category_id: i64,
    pub category: String,
    pub category_code: String,
    pub tariff_id: i64,
    pub tariff: String,
    pub unit: Cents,
    pub rate: TaxRate,
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
}

pub struct State {
    locale: Locale,
    cart: String,
    entry: String,
    lines: Vec<PerformanceLine>,
    selected: Option<i64>,
    offer: Option<Offer>,
    map: Option<SeatMap>,
    slot: Option<i64>,
    basket: Vec<Ticket>,
    step: Step,
    /// Card, cheque or voucher payments taken so far for this order.
    tenders: Vec<Tender>,
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
    /// Tickets or a receipt being made and printed, and how it went.
    printing: Printing,
    /// Work for the background, started when the update ends.
    job: Option<Job>,
    /// Tickets given back: the basket is their exchange.
    exchange: Option<service::Credit>,
}

/// How the last printing went.
#[derive(Clone, Debug, PartialEq)]
pub enum Printing {
    Idle,
    Busy,
    Done(PathBuf),
    Failed { message: String, job: Job },
}

#[derive(Clone, Debug)]
pub enum Message {
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
    Map(seat_map::Event),
    /// F9: the patron field.
    PatronFocus,
    PatronInput(String),
    /// Enter in the patron field: the first found, or a new patron.
    PatronSubmit,
    PatronPick(usize),
    PatronClear,
    /// F10: customer service.
    ServiceOpen,
    Service(service::Message),
    /// The background printing is over.
    Printed(Result<PathBuf, (String, Job)>),
    /// The receipt of the last order.
    Receipt,
    /// F11: send the last tickets again (no new sale, no duplicata).
    PrintAgain,
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
            _ => return None,
        })
    }
}

impl State {
    pub fn new(t: &Terminal, now: DateTime<Utc>, locale: Locale) -> State {
        let mut s = State {
            locale,
            cart: cart::new_cart(now),
            entry: String::new(),
            lines: Vec::new(),
            selected: None,
            offer: None,
            map: None,
            slot: None,
            basket: Vec::new(),
            step: Step::Basket,
            tenders: Vec::new(),
            card: None,
            done: None,
            error: None,
            notice: None,
            patron: None,
            patron_text: String::new(),
            patron_hits: Vec::new(),
            patron_active: false,
            service: None,
            printing: Printing::Idle,
            job: None,
            exchange: None,
        };
        s.reload_lines(t, now);
        s.selected = s.visible().first().map(|p| p.id);
        s.load_offer(t, now);
        s
    }

    pub fn focus(&self) -> Task<crate::ui::Message> {
        if self.service.is_some() && !self.patron_active {
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

    pub fn basket(&self) -> &[Ticket] {
        &self.basket
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

    /// Reads the performances and the one shown again (back from another
    /// section: someone may have sold meanwhile).
    pub fn refresh(&mut self, t: &Terminal, now: DateTime<Utc>) {
        self.reload_lines(t, now);
        if self
            .selected
            .is_none_or(|id| !self.lines.iter().any(|p| p.id == id))
        {
            self.selected = self.visible().first().map(|p| p.id);
        }
        self.load_offer(t, now);
    }

    /// Gives the basket's seats back (leaving Vente, switching operator).
    pub fn release(&mut self, t: &mut Terminal) {
        if let Err(e) = cart::release(&mut t.store, &self.cart, None) {
            eprintln!("guichet: the basket's seats could not be released: {e}");
        }
        self.basket.clear();
    }

    fn reload_lines(&mut self, t: &Terminal, now: DateTime<Utc>) {
        self.lines = programming::upcoming(&t.store, now, 300)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.status == crate::domain::PerformanceStatus::OnSale)
            .collect();
    }

    /// The performances the typed letters leave (all when none are typed).
    pub fn visible(&self) -> Vec<&PerformanceLine> {
        let letters = self.letters();
        self.lines
            .iter()
            .filter(|p| letters.is_empty() || matches_title(&p.show, &letters))
            .collect()
    }

    /// The entry when it is letters (a show being searched; a seat such
    /// as F12 has digits).
    pub(super) fn letters(&self) -> String {
        let e = self.entry.trim();
        if self.step == Step::Basket
            && e.chars().next().is_some_and(|c| c.is_alphabetic())
            && !e.chars().any(|c| c.is_ascii_digit())
        {
            e.to_lowercase()
        } else {
            String::new()
        }
    }

    fn load_offer(&mut self, t: &Terminal, now: DateTime<Utc>) {
        let Some(id) = self.selected else {
            self.offer = None;
            self.map = None;
            return;
        };
        match offer::load(&t.store, id, Some(&self.cart), now) {
            Ok(o) => {
                let same_hall = self
                    .offer
                    .as_ref()
                    .is_some_and(|old| old.hall.id == o.hall.id && self.map.is_some());
                if o.hall.kind == HallKind::Numbered && !same_hall {
                    self.map = Some(SeatMap::new(
                        o.seats.clone(),
                        crate::ui::i18n::programming::p(
                            self.locale,
                            crate::ui::i18n::programming::P::Stage,
                        ),
                    ));
                } else if o.hall.kind != HallKind::Numbered {
                    self.map = None;
                }
                if o.hall.kind == HallKind::Timed
                    && !o.slots.iter().any(|s| Some(s.id) == self.slot)
                {
                    self.slot = o
                        .slots
                        .iter()
                        .find(|s| {
                            s.starts_at >= now - chrono::Duration::minutes(30) && s.left() > 0
                        })
                        .or(o.slots.first())
                        .map(|s| s.id);
                }
                self.offer = Some(o);
                self.paint();
            }
            Err(e) => {
                self.offer = None;
                self.map = None;
                self.error = Some(describe(&e, self.locale));
            }
        }
    }

    /// Colours the map: category, then sold, held, in another basket, mine.
    fn paint(&mut self) {
        let (Some(map), Some(o)) = (&mut self.map, &self.offer) else {
            return;
        };
        let colours: HashMap<i64, iced::Color> = o
            .categories
            .iter()
            .map(|c| (c.id, seat_map::colour(&c.colour)))
            .collect();
        let holds: Vec<iced::Color> = o
            .holds
            .iter()
            .map(|h| seat_map::colour(&h.colour))
            .collect();
        let grey = iced::Color::from_rgb8(0x9a, 0x94, 0x8a);
        map.set_looks(|s| Look {
            fill: o
                .seat_category
                .get(&s.id)
                .and_then(|c| colours.get(c))
                .copied()
                .unwrap_or(grey),
            mark: match o.state(s.id) {
                SeatState::Sold => Mark::Sold,
                SeatState::Held(i) => Mark::Held(holds.get(i).copied().unwrap_or(grey)),
                SeatState::InOtherCart => Mark::Held(grey),
                SeatState::Free | SeatState::InMyCart => Mark::Free,
            },
        });
        let mine = self.basket.iter().filter_map(|t| match t.place {
            Place::Seat(id) if t.performance_id == o.performance.id => Some(id),
            _ => None,
        });
        map.set_selected(mine);
    }

    pub fn update(
        &mut self,
        message: Message,
        t: &mut Terminal,
        by: &Operator,
        now: DateTime<Utc>,
        locale: Locale,
    ) -> Task<crate::ui::Message> {
        self.locale = locale;
        if !matches!(message, Message::Entry(_)) {
            self.error = None;
            if !matches!(message, Message::Printed(_)) {
                self.notice = None;
            }
        }
        match message {
            // Letters only filter the list: the performance changes on
            // Enter, so a seat typed as F12 never jumps to a show in F.
            Message::Entry(text) => self.entry = text,
            Message::Submit => self.submit(t, by, now, locale),
            Message::Select(id) => {
                self.selected = Some(id);
                self.load_offer(t, now);
            }
            Message::Up | Message::Down if self.step == Step::Basket => {
                let visible: Vec<i64> = self.visible().iter().map(|p| p.id).collect();
                let at = visible.iter().position(|id| Some(*id) == self.selected);
                let next = match (message, at) {
                    (Message::Up, Some(i)) => i.checked_sub(1),
                    (Message::Down, Some(i)) => Some((i + 1).min(visible.len().saturating_sub(1))),
                    _ => Some(0),
                };
                if let Some(id) = next.and_then(|i| visible.get(i)) {
                    self.selected = Some(*id);
                    self.load_offer(t, now);
                }
            }
            Message::Up | Message::Down => {}
            Message::Left | Message::Right => {
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
            Message::Slot(id) => self.slot = Some(id),
            Message::Function(n) => self.function(n, t, by, now, locale),
            Message::CycleTariff(i) => self.cycle_tariff(i),
            Message::Remove(i) => self.remove(i, t, now),
            Message::RemoveLast => {
                if self.entry.is_empty() && self.step == Step::Basket && !self.basket.is_empty() {
                    self.remove(self.basket.len() - 1, t, now);
                }
            }
            Message::Escape => self.escape(t, now),
            Message::Pay => self.start_payment(),
            Message::Method(m) => self.method(m, locale),
            Message::Map(event) => self.map_event(&event, t, now),
            Message::PatronFocus => self.patron_active = true,
            Message::PatronInput(text) => {
                self.patron_active = true;
                self.patron_hits = audience::search(&t.store, &text, 6).unwrap_or_default();
                self.patron_text = text;
            }
            Message::PatronSubmit => {
                if !self.patron_hits.is_empty() {
                    self.pick_patron(0);
                } else if !self.patron_text.trim().is_empty() {
                    match audience::create_from_text(&mut t.store, &self.patron_text, now) {
                        Ok(p) => {
                            self.patron = Some(p);
                            self.patron_text.clear();
                            self.patron_active = false;
                        }
                        Err(e) => self.error = Some(describe_audience(&e, locale)),
                    }
                } else {
                    self.patron_active = false;
                }
            }
            Message::PatronPick(i) => self.pick_patron(i),
            Message::ServiceOpen => {
                self.service = Some(service::State::new());
                self.patron_active = false;
            }
            Message::Service(m) => {
                if let Some(service) = &mut self.service {
                    match service.update(m, t, by, now, locale) {
                        Some(service::Event::Cancelled) => {
                            self.reload_lines(t, now);
                            self.load_offer(t, now);
                        }
                        Some(service::Event::Exchange(credit)) => {
                            self.exchange = Some(credit);
                            self.service = None;
                        }
                        Some(service::Event::Reprinted { order_id, ticket }) => {
                            self.job = Some(Job {
                                order_id,
                                only: Some(ticket),
                                receipt: false,
                                resend: None,
                            });
                        }
                        None => {}
                    }
                }
            }
            Message::Printed(outcome) => {
                self.printing = match outcome {
                    Ok(path) => Printing::Done(path),
                    Err((message, job)) => Printing::Failed { message, job },
                }
            }
            Message::Receipt => {
                if let Some(done) = &self.done {
                    self.job = Some(Job {
                        order_id: done.order_id,
                        only: None,
                        receipt: true,
                        resend: None,
                    });
                }
            }
            Message::PrintAgain => {
                if let Printing::Failed { job, .. } = &self.printing {
                    self.job = Some(job.clone());
                }
            }
            Message::PatronClear => {
                self.patron = None;
                self.patron_text.clear();
                self.patron_hits.clear();
                self.patron_active = false;
            }
        }
        match self.job.take() {
            Some(job) => {
                self.printing = Printing::Busy;
                Task::batch([
                    print_in_background(t.store.path().to_owned(), job, locale, now),
                    self.focus(),
                ])
            }
            None => self.focus(),
        }
    }

    pub fn printing(&self) -> &Printing {
        &self.printing
    }

    fn submit(&mut self, t: &mut Terminal, by: &Operator, now: DateTime<Utc>, locale: Locale) {
        let text = self.entry.trim().to_owned();
        if self.step == Step::Pay {
            if let Some((method, amount)) = self.card.take() {
                self.tenders.push(Tender { method, amount });
                self.entry.clear();
                if self.remaining() <= Cents::ZERO {
                    self.sell(t, by, now, locale, None);
                }
                return;
            }
            let cash = if text.is_empty() {
                None
            } else {
                match Cents::parse(&text) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        self.error = Some(sf(locale, S::ErrAmount, &[&text]));
                        return;
                    }
                }
            };
            self.sell(t, by, now, locale, cash);
            return;
        }
        self.done = None;
        if text.is_empty() {
            self.start_payment();
            return;
        }
        // A ticket's code scanned at the counter: its order.
        if crate::tickets::code::read(&text).is_ok() {
            self.entry.clear();
            self.service = Some(service::State::searching(t, &text, locale));
            return;
        }
        if let Ok(n) = text.parse::<usize>() {
            let tariff = self
                .offer
                .as_ref()
                .and_then(|o| o.tariffs.first())
                .map(|x| x.tariff.id);
            self.add(n, tariff, t, now);
            return;
        }
        // A seat of the numbered hall shown?
        if let Some(o) = &self.offer
            && o.hall.kind == HallKind::Numbered
        {
            match o.find_seat(&text) {
                Ok(seat) => {
                    self.entry.clear();
                    self.add_seats(&[seat], t, now);
                    return;
                }
                // The message quotes what was typed: the field is free again.
                Err(e @ CounterError::AmbiguousSeat { .. }) => {
                    self.error = Some(describe(&e, locale));
                    self.entry.clear();
                    return;
                }
                // Letters and digits: a seat that is not in this hall.
                Err(e) if text.chars().any(|c| c.is_ascii_digit()) => {
                    self.error = Some(describe(&e, locale));
                    self.entry.clear();
                    return;
                }
                Err(_) => {}
            }
        }
        // Letters: the first show that matches.
        let first = if self.letters().is_empty() {
            None
        } else {
            self.visible().first().map(|p| p.id)
        };
        match first {
            Some(id) => {
                self.selected = Some(id);
                self.entry.clear();
                self.load_offer(t, now);
            }
            None => {
                self.error = Some(sf(locale, S::ErrQuantity, &[&text]));
                self.entry.clear();
            }
        }
    }

    fn function(
        &mut self,
        n: u8,
        t: &mut Terminal,
        by: &Operator,
        now: DateTime<Utc>,
        locale: Locale,
    ) {
        if n == 9 {
            self.patron_active = true;
            return;
        }
        if n == 11 {
            if let Printing::Failed { job, .. } = &self.printing {
                self.job = Some(job.clone());
            }
            return;
        }
        if n == 10 {
            self.service = Some(service::State::new());
            self.patron_active = false;
            return;
        }
        if self.step == Step::Pay {
            match n {
                1 => self.submit(t, by, now, locale),
                2 => self.method(Method::Card, locale),
                3 => self.method(Method::Cheque, locale),
                4 => self.method(Method::Voucher, locale),
                _ => {}
            }
            return;
        }
        let Some(tariff) = self
            .offer
            .as_ref()
            .and_then(|o| o.tariffs.get(usize::from(n).saturating_sub(1)))
            .map(|x| x.tariff.id)
        else {
            return;
        };
        let typed = self.entry.trim().parse::<usize>().ok();
        match typed {
            Some(count) => self.add(count, Some(tariff), t, now),
            None => {
                if let Some(last) = self
                    .basket
                    .iter()
                    .rposition(|x| Some(x.performance_id) == self.selected)
                {
                    self.set_tariff(last, tariff);
                }
            }
        }
    }

    fn pick_patron(&mut self, index: usize) {
        if let Some(p) = self.patron_hits.get(index) {
            self.patron = Some(p.clone());
        }
        self.patron_text.clear();
        self.patron_hits.clear();
        self.patron_active = false;
    }

    fn escape(&mut self, t: &mut Terminal, now: DateTime<Utc>) {
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
            Step::Basket if !self.basket.is_empty() || self.exchange.is_some() => {
                self.release(t);
                self.tenders.clear();
                self.exchange = None;
                self.load_offer(t, now);
            }
            Step::Basket => self.done = None,
        }
    }
}

/// Whether a word of the title starts with the letters typed (accents and
/// case ignored).
fn matches_title(title: &str, letters: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'à' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                other => other,
            })
            .collect()
    };
    let title = plain(&title.to_lowercase());
    let letters = plain(letters);
    title.starts_with(&letters)
        || title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(&letters))
}

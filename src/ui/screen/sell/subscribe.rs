//! Subscriptions at the counter (Ctrl+A), over the performance: a formula
//! by its number, its performances (a fixed set or a season's are taken
//! at once; a choice's typed by their numbers), the places at each (the
//! same seats throughout unless unticked), Enter for what it costs (each
//! performance's share, the seats, the total), Enter again for exact cash,
//! F2 for the card. Its tickets print like any order's.

use iced::widget::{checkbox, column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use crate::counter::offer;
use crate::counter::printed::{self, Job};
use crate::counter::subscriptions::{self, Quote, SubscriptionSale, SubscriptionSold};
use crate::domain::payment::{Method, Tender};
use crate::domain::subscription::{Formula, MAX_PERFORMANCES, Rule};
use crate::domain::{Currency, Locale, PerformanceLine};
use crate::ui::i18n::change::money;
use crate::ui::i18n::counter::{describe, printing};
use crate::ui::i18n::subscriptions::{B, b, bf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

pub const FORMULA: &str = "subscribe-formula";
pub const CHOSEN: &str = "subscribe-chosen";
pub const PLACES: &str = "subscribe-places";

/// The field that has the focus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Field {
    #[default]
    Formula,
    Chosen,
    Places,
}

pub struct State {
    formulas: Vec<Formula>,
    formula_text: String,
    formula: Option<usize>,
    /// The performances the formula may take, numbered from 1.
    candidates: Vec<PerformanceLine>,
    /// The numbers of the performances taken ("1 2 5").
    chosen: String,
    /// Places at each performance (empty: one).
    places: String,
    /// The same seats at every performance (numbered halls).
    apart: bool,
    quote: Option<Quote>,
    sold: Option<SubscriptionSold>,
    error: Option<String>,
    field: Field,
    currency: Currency,
    /// What was just sold, to print (once): its tickets, a pass's cards.
    print: Option<Job>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Formula(String),
    Chosen(String),
    Places(String),
    Together(bool),
    /// Enter in a field: the formula chosen, then the quote, then cash.
    Submit,
    /// F2: paid by card, F3: by cheque (once quoted).
    Pay(Method),
}

impl State {
    pub fn open(ctx: &Context) -> State {
        State {
            formulas: subscriptions::formulas(&ctx.terminal.store).unwrap_or_default(),
            formula_text: String::new(),
            formula: None,
            candidates: Vec::new(),
            chosen: String::new(),
            places: String::new(),
            apart: false,
            quote: None,
            sold: None,
            error: None,
            field: Field::Formula,
            currency: crate::programming::venue::load(&ctx.terminal.store)
                .ok()
                .flatten()
                .map_or(Currency::Eur, |v| v.settings.currency),
            print: None,
        }
    }

    pub fn focused(&self) -> &'static str {
        match self.field {
            Field::Formula => FORMULA,
            Field::Chosen => CHOSEN,
            Field::Places => PLACES,
        }
    }

    /// Whether a message only adds one digit to the field it types in.
    pub fn digit_typed(&self, message: &Message) -> bool {
        match message {
            Message::Formula(t) => super::one_digit_more(&self.formula_text, t),
            Message::Chosen(t) => super::one_digit_more(&self.chosen, t),
            Message::Places(t) => super::one_digit_more(&self.places, t),
            _ => false,
        }
    }

    /// What was just sold, to print (once).
    pub fn take_print(&mut self) -> Option<Job> {
        self.print.take()
    }

    /// The subscription just sold.
    pub fn sold(&self) -> Option<&SubscriptionSold> {
        self.sold.as_ref()
    }

    /// What the clerk did; true when a subscription was sold.
    pub fn update(&mut self, message: Message, patron: Option<i64>, ctx: &mut Context) -> bool {
        self.error = None;
        // What is typed changes the quote: Enter asks for it again.
        let kept = |t: String| t.chars().take(200).collect::<String>();
        match message {
            Message::Formula(t) => {
                (self.formula_text, self.field, self.quote) = (kept(t), Field::Formula, None);
            }
            Message::Chosen(t) => {
                (self.chosen, self.field, self.quote) = (kept(t), Field::Chosen, None)
            }
            Message::Places(t) => {
                (self.places, self.field, self.quote) = (kept(t), Field::Places, None)
            }
            Message::Together(on) => (self.apart, self.quote) = (!on, None),
            Message::Submit => return self.submit(Method::Cash, patron, ctx),
            Message::Pay(method) => return self.quote.is_some() && self.pay(method, patron, ctx),
        }
        false
    }

    fn submit(&mut self, method: Method, patron: Option<i64>, ctx: &mut Context) -> bool {
        let locale = ctx.locale;
        let wanted = self.formula_text.trim().parse::<usize>().ok();
        let picked = wanted
            .filter(|n| (1..=self.formulas.len()).contains(n))
            .map(|n| n - 1);
        if picked.is_none() || picked != self.formula {
            let Some(index) = picked else {
                self.error = Some(bf(locale, B::NoSuchFormula, &[self.formula_text.trim()]));
                return false;
            };
            self.choose(index, ctx);
            return false;
        }
        if self.quote.is_none() {
            match self.sale(patron, Vec::new(), locale) {
                Ok(sale) => match subscriptions::quote(&ctx.terminal.store, &sale, ctx.now()) {
                    Ok(q) => self.quote = Some(q),
                    Err(e) => self.error = Some(describe(&e, locale)),
                },
                Err(e) => self.error = Some(e),
            }
            return false;
        }
        self.pay(method, patron, ctx)
    }

    /// A formula chosen: the performances it may take, those a fixed set or
    /// a season takes already chosen.
    fn choose(&mut self, index: usize, ctx: &Context) {
        self.formula = Some(index);
        self.sold = None;
        let on_sale = offer::on_sale(&ctx.terminal.store, ctx.now()).unwrap_or_default();
        let formula = &self.formulas[index];
        let rule = &formula.rule;
        self.candidates = match rule {
            Rule::Fixed(_) | Rule::Pass { .. } => {
                match subscriptions::taken_at_once(&ctx.terminal.store, formula, ctx.now()) {
                    Ok(set) => set
                        .iter()
                        .filter_map(|p| on_sale.iter().find(|l| l.id == *p).cloned())
                        .collect(),
                    Err(e) => {
                        self.error = Some(describe(&e, ctx.locale));
                        Vec::new()
                    }
                }
            }
            Rule::Season(shows) => shows
                .iter()
                .filter_map(|s| on_sale.iter().find(|l| l.show_id == *s).cloned())
                .collect(),
            Rule::Choice { shows, .. } => on_sale
                .into_iter()
                .filter(|l| shows.is_empty() || shows.contains(&l.show_id))
                .take(MAX_PERFORMANCES)
                .collect(),
        };
        let all = (1..=self.candidates.len())
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        (self.chosen, self.field) = match rule {
            Rule::Choice { .. } => (String::new(), Field::Chosen),
            _ => (all, Field::Places),
        };
    }

    /// The sale as typed, or what is wrong with what was typed.
    fn sale(
        &self,
        patron: Option<i64>,
        tenders: Vec<Tender>,
        locale: Locale,
    ) -> Result<SubscriptionSale, String> {
        let formula = self
            .formula
            .and_then(|i| self.formulas.get(i))
            .ok_or_else(|| b(locale, B::ChooseFormula).to_owned())?;
        let mut performances = Vec::new();
        for word in self.chosen.split([' ', ',']).filter(|w| !w.is_empty()) {
            let line = word
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| self.candidates.get(i))
                .ok_or_else(|| bf(locale, B::NotAPerformance, &[word]))?;
            performances.push(line.id);
        }
        let places = match self.places.trim() {
            "" => 1,
            typed => typed
                .parse()
                .map_err(|_| bf(locale, B::NotPlaces, &[typed]))?,
        };
        Ok(SubscriptionSale {
            formula: formula.id.to_string(),
            performances,
            places,
            together: !self.apart,
            patron_id: patron,
            tenders,
        })
    }

    fn pay(&mut self, method: Method, patron: Option<i64>, ctx: &mut Context) -> bool {
        let Some(by) = ctx.operator else { return false };
        let Some(total) = self.quote.as_ref().map(|q| q.total) else {
            return false;
        };
        let tender = Tender {
            method,
            amount: total,
            voucher: None,
        };
        let sale = match self.sale(patron, vec![tender], ctx.locale) {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(e);
                return false;
            }
        };
        let (now, locale) = (ctx.now(), ctx.locale);
        let t = &mut *ctx.terminal;
        match subscriptions::sell(&mut t.store, &t.signer, by, &sale, now) {
            Ok(sold) => {
                // Sold: the panel starts again from the formula, so another
                // Enter sells nothing twice.
                // A pass prints its cards (they admit to each of its
                // performances); other subscriptions their tickets.
                let db = t.store.path().to_owned();
                let cards = sold
                    .pass
                    .as_ref()
                    .map(|pass| printed::make_pass_cards(&t.store, &db, (pass, true), now));
                self.print = match cards {
                    Some(Ok(path)) => Some(Job {
                        resend: Some(path),
                        ..Job::tickets(0)
                    }),
                    None => Some(Job::tickets(sold.sold.order_id)),
                    Some(Err(e)) => {
                        self.error = Some(printing(&e, locale));
                        None
                    }
                };
                self.sold = Some(sold);
                self.quote = None;
                self.formula = None;
                self.formula_text.clear();
                self.candidates.clear();
                self.chosen.clear();
                self.places.clear();
                self.field = Field::Formula;
                true
            }
            Err(e) => {
                self.error = Some(describe(&e, locale));
                self.quote = None;
                false
            }
        }
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let l = look.locale;
        let input = |hint: &str, value: &str, id: &'static str, on: fn(String) -> Message| {
            text_input(hint, value)
                .id(id)
                .on_input(on)
                .on_submit(Message::Submit)
                .padding(8)
        };
        let list = self
            .formulas
            .iter()
            .enumerate()
            .fold(column![].spacing(2), |c, (i, f)| {
                let chosen = self.formula == Some(i);
                let line = text(format!("{}. {}", i + 1, f.name));
                c.push(if chosen { line.font(theme::BOLD) } else { line })
            });
        let mut page = column![
            text(b(l, B::Title)).size(theme::HEADING).font(theme::BOLD),
            text(b(l, B::Help)).size(theme::SMALL).style(theme::muted),
        ]
        .spacing(8);
        if self.formulas.is_empty() {
            page = page.push(text(b(l, B::NoFormula)).style(theme::muted));
        }
        page = page.push(list).push(
            row![
                text(b(l, B::Formula)),
                input("1", &self.formula_text, FORMULA, Message::Formula).width(80),
            ]
            .spacing(10)
            .align_y(Center),
        );
        if self.formula.is_some() {
            // The quote shows the performances with their prices and seats.
            page = match &self.quote {
                Some(q) => page.push(self.quote_view(q, l, look.zone)),
                None => page.push(self.performances_view(l, look.zone)),
            };
            page = page
                .push(
                    row![
                        text(b(l, B::Chosen)),
                        input("1 3 5", &self.chosen, CHOSEN, Message::Chosen).width(220),
                        text(b(l, B::Places)),
                        input("1", &self.places, PLACES, Message::Places).width(60),
                    ]
                    .spacing(10)
                    .align_y(Center),
                )
                .push(
                    checkbox(!self.apart)
                        .label(b(l, B::Together))
                        .on_toggle(Message::Together),
                );
        }
        if let Some(total) = self.quote.as_ref().map(|q| q.total) {
            page = page.push(
                text(bf(l, B::Total, &[&money(total, self.currency, l)]))
                    .size(theme::HEADING)
                    .font(theme::BOLD),
            );
        }
        if let Some(s) = &self.sold {
            let (n, total) = (
                s.sold.number.to_string(),
                money(s.sold.total, self.currency, l),
            );
            let said = match &s.pass {
                Some(pass) => bf(
                    l,
                    B::PassSold,
                    &[&s.formula, &n, &pass.codes.len().to_string(), &total],
                ),
                None => {
                    let tickets = s.sold.tickets.len().to_string();
                    bf(l, B::Sold, &[&s.formula, &n, &tickets, &total])
                }
            };
            page = page.push(text(said).font(theme::BOLD).style(theme::success));
        }
        if let Some(e) = &self.error {
            page = page.push(text(e).style(theme::error));
        }
        scrollable(page).height(Fill).into()
    }

    fn performances_view(&self, l: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let taken: Vec<usize> = self
            .chosen
            .split([' ', ','])
            .filter_map(|w| w.parse().ok())
            .collect();
        let lines = self
            .candidates
            .iter()
            .enumerate()
            .fold(column![].spacing(2), |c, (i, p)| {
                let mark = if taken.contains(&(i + 1)) { "✓" } else { " " };
                let when = l.date_time(p.starts_at, zone);
                c.push(text(format!(
                    "{mark} {}. {} — {when} · {}",
                    i + 1,
                    p.show,
                    p.hall
                )))
            });
        container(scrollable(lines).height(iced::Length::Shrink))
            .max_height(220)
            .width(Fill)
            .into()
    }

    fn quote_view(&self, q: &Quote, l: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        // A performance by its show and date (a pass holds the same show
        // on several evenings).
        let name = |id: i64| {
            self.candidates
                .iter()
                .find(|c| c.id == id)
                .map_or_else(String::new, |c| {
                    format!("{}, {}", c.show, l.date_time(c.starts_at, zone))
                })
        };
        let mut c = column![].spacing(2);
        for (perf, share, seats) in &q.shares {
            let seats = match seats.first() {
                None => String::new(),
                Some(first) => {
                    let each: Vec<String> = seats
                        .iter()
                        .map(|s| format!("{}{}", s.row, s.number))
                        .collect();
                    format!(" — {} {}", first.section, each.join(" "))
                }
            };
            c = c.push(text(format!(
                "{} : {}{seats}",
                name(*perf),
                money(*share, self.currency, l)
            )));
        }
        if !q.apart.is_empty() {
            let names: Vec<String> = q.apart.iter().map(|p| name(*p)).collect();
            c = c.push(text(bf(l, B::Apart, &[&names.join(", ")])).style(theme::error));
        }
        c.into()
    }
}

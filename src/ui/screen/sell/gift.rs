//! Gift vouchers at the counter (Ctrl+B), over the performance: one sold
//! (its amount; cash with the change, card F2 or cheque F3; its code shown
//! once, large, for the clerk to write on the voucher card or print), or
//! one looked up by its code (what is left on it, until when, what it
//! paid). Spending one is a payment of the basket: its code, then F4.

use iced::widget::{Space, button, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::counter::vouchers::{self, Found, GiftSale, GiftSold};
use crate::domain::payment::{Method, Tender};
use crate::domain::{Cents, Locale};
use crate::ui::i18n::change::money;
use crate::ui::i18n::counter::{describe, printing};
use crate::ui::i18n::vouchers::{V, kind, until, v, vf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

pub const AMOUNT: &str = "gift-amount";
pub const GIVEN: &str = "gift-given";
pub const CODE: &str = "gift-code";

/// The field that has the focus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Field {
    #[default]
    Amount,
    Given,
    Code,
}

#[derive(Default)]
pub struct State {
    amount: String,
    /// The cash handed over, when it is more than the amount.
    given: String,
    code: String,
    sold: Option<GiftSold>,
    found: Option<Found>,
    error: Option<String>,
    field: Field,
    /// The card of the voucher just sold, to send to the printer.
    print: Option<std::path::PathBuf>,
    /// Vouchers with money left, still taken and expired: how many, and
    /// what is left on them (what the accountant writes off, for the
    /// expired).
    open: Option<vouchers::Listed>,
    expired: Option<vouchers::Listed>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Amount(String),
    Given(String),
    Code(String),
    /// Enter in the amount or cash field (cash), F2 (card), F3 (cheque).
    Sell(Method),
    /// Enter in the code field.
    Look,
}

impl State {
    /// The panel as it opens: what vouchers are outstanding.
    pub fn open(ctx: &Context) -> State {
        let mut state = State::default();
        state.count(ctx);
        state
    }

    fn count(&mut self, ctx: &Context) {
        let (store, now) = (&ctx.terminal.store, ctx.now());
        self.open = vouchers::list(store, None, vouchers::Filter::Open, now).ok();
        self.expired = vouchers::list(store, None, vouchers::Filter::Expired, now).ok();
    }

    /// The voucher just sold, its code with it.
    pub fn sold(&self) -> Option<&GiftSold> {
        self.sold.as_ref()
    }

    /// The voucher card made, to print (once).
    pub fn take_print(&mut self) -> Option<std::path::PathBuf> {
        self.print.take()
    }

    /// Whether a message only adds one digit to the field it types in.
    pub fn digit_typed(&self, message: &Message) -> bool {
        let before = match message {
            Message::Amount(_) => &self.amount,
            Message::Given(_) => &self.given,
            Message::Code(_) => &self.code,
            _ => return false,
        };
        let (Message::Amount(after) | Message::Given(after) | Message::Code(after)) = message
        else {
            return false;
        };
        super::one_digit_more(before, after)
    }

    /// The id of the field that has the focus.
    pub fn focused(&self) -> &'static str {
        match self.field {
            Field::Amount => AMOUNT,
            Field::Given => GIVEN,
            Field::Code => CODE,
        }
    }

    /// A voucher sold (for the basket's patron, if one is chosen): whether
    /// money came in.
    pub fn update(&mut self, message: Message, patron: Option<i64>, ctx: &mut Context) -> bool {
        self.error = None;
        match message {
            // Typing in a field means it has the focus: Vente gives it back
            // there after each key.
            Message::Amount(t) => (self.amount, self.field) = (t, Field::Amount),
            Message::Given(t) => (self.given, self.field) = (t, Field::Given),
            Message::Code(t) => (self.code, self.field) = (t, Field::Code),
            Message::Look => self.look(ctx),
            Message::Sell(method) => return self.sell(method, patron, ctx),
        }
        false
    }

    fn sell(&mut self, method: Method, patron: Option<i64>, ctx: &mut Context) -> bool {
        let Some(by) = ctx.operator else { return false };
        let locale = ctx.locale;
        let amount = match Cents::parse(self.amount.trim()) {
            Ok(a) => a,
            Err(_) => {
                self.error = Some(vf(locale, V::NotAnAmount, &[self.amount.trim()]));
                self.field = Field::Amount;
                return false;
            }
        };
        let tendered = match (method, self.given.trim()) {
            (Method::Cash, "") => amount,
            (Method::Cash, given) => match Cents::parse(given) {
                Ok(g) => g,
                Err(_) => {
                    self.error = Some(vf(locale, V::NotAnAmount, &[given]));
                    self.field = Field::Given;
                    return false;
                }
            },
            _ => amount,
        };
        let sale = GiftSale {
            amount,
            validity: None,
            patron_id: patron,
            tenders: vec![Tender {
                method,
                amount: tendered,
                voucher: None,
            }],
        };
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        match vouchers::sell(&mut t.store, &t.signer, by, &sale, now) {
            Ok(sold) => {
                // Its card now, while its code is known; printed in the
                // background. A card that cannot be made is said: the code
                // stays on the screen to copy.
                let db = t.store.path().to_owned();
                let (v, at) = (&sold.voucher, (sold.order_number, sold.training));
                match crate::counter::printed::make_voucher(&t.store, &db, v, at, now) {
                    Ok(path) => self.print = Some(path),
                    Err(e) => self.error = Some(printing(&e, locale)),
                }
                self.sold = Some(sold);
                self.found = None;
                self.count(ctx);
                self.amount.clear();
                self.given.clear();
                self.field = Field::Amount;
                true
            }
            Err(e) => {
                self.error = Some(describe(&e, locale));
                false
            }
        }
    }

    fn look(&mut self, ctx: &mut Context) {
        self.field = Field::Code;
        match vouchers::find(&ctx.terminal.store, &self.code, ctx.now()) {
            Ok(found) => {
                self.found = Some(found);
                self.sold = None;
                self.code.clear();
            }
            Err(e) => self.error = Some(describe(&e, ctx.locale)),
        }
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let l = look.locale;
        let field = |hint: V, value: &str, id: &'static str| {
            text_input(v(l, hint), value).id(id).size(20).padding(10)
        };
        let sell = column![
            text(v(l, V::SellTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            row![
                field(V::AmountHint, &self.amount, AMOUNT)
                    .on_input(Message::Amount)
                    .on_submit(Message::Sell(Method::Cash)),
                field(V::GivenHint, &self.given, GIVEN)
                    .on_input(Message::Given)
                    .on_submit(Message::Sell(Method::Cash)),
            ]
            .spacing(8),
            row![
                pay(v(l, V::PayCash), Message::Sell(Method::Cash), true),
                pay(v(l, V::PayCard), Message::Sell(Method::Card), false),
                pay(v(l, V::PayCheque), Message::Sell(Method::Cheque), false),
            ]
            .spacing(6),
            text(v(l, V::SellHelp)).size(12).style(theme::muted),
        ]
        .spacing(8);
        let mut col = column![sell].spacing(16);
        if let Some(e) = &self.error {
            col = col.push(text(e).size(theme::BODY).style(theme::error));
        }
        if let Some(sold) = &self.sold {
            col = col.push(sold_card(sold, l));
        }
        col = col.push(
            column![
                text(v(l, V::LookTitle))
                    .size(theme::HEADING)
                    .font(theme::BOLD),
                field(V::CodeHint, &self.code, CODE)
                    .on_input(Message::Code)
                    .on_submit(Message::Look),
            ]
            .spacing(8),
        );
        if let Some(found) = &self.found {
            col = col.push(found_card(found, look));
        }
        col = col.push(Space::new().height(Fill));
        if let (Some(open), Some(expired)) = (&self.open, &self.expired) {
            let line = vf(
                l,
                V::Outstanding,
                &[
                    &open.count.to_string(),
                    &money(open.balance, open.currency, l),
                    &expired.count.to_string(),
                    &money(expired.balance, expired.currency, l),
                ],
            );
            col = col.push(text(line).size(theme::SMALL));
        }
        col.push(text(v(l, V::Close)).size(12).style(theme::muted))
            .into()
    }
}

fn pay(label: &str, message: Message, main: bool) -> Element<'_, Message> {
    button(text(label).size(theme::BODY))
        .on_press(message)
        .padding([10, 10])
        .width(Fill)
        .style(theme::choice(main))
        .into()
}

/// The voucher just sold: its code, large, shown this once.
fn sold_card(sold: &GiftSold, l: Locale) -> Element<'_, Message> {
    let c = &sold.voucher;
    let mut col = column![
        text(vf(l, V::Sold, &[&sold.order_number.to_string()])).size(theme::BODY),
        text(&c.code).size(34).font(theme::BOLD),
        text(format!(
            "{} — {}",
            money(c.amount, c.currency, l),
            until(c.last_day, l)
        ))
        .size(theme::BODY),
    ]
    .spacing(6);
    if sold.change > Cents::ZERO {
        col = col.push(
            text(vf(l, V::Change, &[&money(sold.change, c.currency, l)]))
                .size(26)
                .font(theme::BOLD)
                .style(theme::success),
        );
    }
    col = col.push(text(v(l, V::WriteIt)).size(theme::SMALL));
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::notice)
        .into()
}

/// A voucher looked up: what is left, until when, what it paid.
fn found_card<'a>(f: &'a Found, look: &Look) -> Element<'a, Message> {
    let l = look.locale;
    let v = &f.voucher;
    let state = match (f.valid, f.last_day) {
        (false, Some(d)) => vf(l, V::ExpiredOn, &[&l.short_date(d)]),
        _ => until(f.last_day, l),
    };
    let mut col = column![
        row![
            text(format!("…{} — {}", v.hint, kind(l, v.kind))).size(theme::BODY),
            Space::new().width(Fill),
            text(vf(
                l,
                V::Left,
                &[
                    &money(f.balance, f.currency, l),
                    &money(Cents(v.amount), f.currency, l)
                ]
            ))
            .size(theme::HEADING)
            .font(theme::BOLD),
        ]
        .align_y(Center),
        text(format!(
            "{state} — {}",
            vf(l, V::FromOrder, &[&v.order_number.to_string()])
        ))
        .size(theme::SMALL)
        .style(if f.valid { theme::muted } else { theme::error }),
    ]
    .spacing(4);
    for (order, amount, at) in &f.uses {
        let at = chrono::DateTime::from_timestamp(*at, 0).unwrap_or_default();
        col = col.push(
            text(vf(
                l,
                V::Use,
                &[
                    &order.to_string(),
                    &money(*amount, f.currency, l),
                    &l.date_time(at, look.zone),
                ],
            ))
            .size(theme::SMALL),
        );
    }
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::card)
        .into()
}

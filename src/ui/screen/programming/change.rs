//! Cancelling or moving the chosen performance (a coordinator's): first
//! who holds tickets for it (how many, what they paid, who has an e-mail),
//! then the choice (refunded as paid or as a credit note; the new date and
//! time) and one confirm; afterwards what was done (refunds by way,
//! notices queued, the call list's path). The job does it all in one
//! transaction (`counter::change`).
//!
//! Keyboard: F9 / F10 open it from the performance, ↑ ↓ choose the refund,
//! Enter confirms (in the date or time field too), Esc goes back.

use iced::widget::{Column, button, column, radio, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use super::describe;
use crate::counter::change::{self, Changed, Holder, Holders};
use crate::domain::Locale;
use crate::domain::refund::Refund;
use crate::ui::i18n::change::{C, by_way, c, cf, error, money, summary};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The date field, focused when the move opens.
pub const DATE: &str = "change-date";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Cancel,
    Move,
}

pub struct Flow {
    pub kind: Kind,
    pub performance_id: i64,
    holders: Holders,
    refund: Refund,
    date: String,
    time: String,
    done: Option<Changed>,
    failure: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Refund(Refund),
    /// ↑ ↓: the other refund.
    Toggle,
    Date(String),
    Time(String),
    Confirm,
    Back,
    ShowNew,
}

/// What the season view does after a message.
pub enum Outcome {
    Nothing,
    /// The season changed: read it again (the summary stays shown).
    Changed,
    /// Back to the performance.
    Close,
    /// Show this performance (the new date).
    Open(i64),
}

impl Flow {
    /// The holders of a performance, read now; the move's date starts as
    /// the performance's own.
    pub fn open(ctx: &Context, kind: Kind, performance_id: i64) -> Result<Flow, String> {
        let holders = change::holders(&ctx.terminal.store, performance_id)
            .map_err(|e| error(&e, ctx.locale))?;
        let local = holders.performance.starts_at.with_timezone(&ctx.zone);
        Ok(Flow {
            kind,
            performance_id,
            holders,
            refund: Refund::AsPaid,
            date: ctx.locale.short_date(local.date_naive()),
            time: local.format("%H:%M").to_string(),
            done: None,
            failure: None,
        })
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Outcome {
        match message {
            Message::Refund(r) => self.refund = r,
            Message::Toggle => {
                self.refund = match self.refund {
                    Refund::AsPaid => Refund::Voucher,
                    Refund::Voucher => Refund::AsPaid,
                }
            }
            Message::Date(d) => self.date = d,
            Message::Time(t) => self.time = t,
            Message::Back => return Outcome::Close,
            Message::ShowNew => {
                if let Some((id, ..)) = self.done.as_ref().and_then(|d| d.moved_to.as_ref()) {
                    return Outcome::Open(*id);
                }
            }
            Message::Confirm if self.done.is_some() => {}
            Message::Confirm => return self.confirm(ctx),
        }
        Outcome::Nothing
    }

    fn confirm(&mut self, ctx: &mut Context) -> Outcome {
        self.failure = None;
        let (locale, zone, now) = (ctx.locale, ctx.zone, ctx.now());
        let Some(by) = ctx.operator else {
            self.failure = Some(error(&change::ChangeError::NotAllowed, locale));
            return Outcome::Nothing;
        };
        let t = &mut *ctx.terminal;
        let id = self.performance_id;
        let result = match self.kind {
            Kind::Cancel => {
                change::cancel_performance(&mut t.store, &t.signer, by, id, self.refund, now)
            }
            Kind::Move => match super::local_instant(&self.date, &self.time, zone) {
                Ok(starts) => {
                    change::move_performance(&mut t.store, &t.signer, by, id, starts, now)
                }
                Err(e) => {
                    self.failure = Some(describe(&e, locale));
                    return Outcome::Nothing;
                }
            },
        };
        match result {
            Ok(done) => {
                self.done = Some(done);
                Outcome::Changed
            }
            Err(e) => {
                self.failure = Some(crate::ui::i18n::counter::capitalised(&error(&e, locale)));
                Outcome::Nothing
            }
        }
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let l = look.locale;
        let h = &self.holders;
        let title = match self.kind {
            Kind::Cancel => C::CancelTitle,
            Kind::Move => C::MoveTitle,
        };
        let mut page = column![
            text(c(l, title)).size(theme::HEADING).font(theme::BOLD),
            text(h.performance.label(l)).font(theme::BOLD),
        ]
        .spacing(8);
        if let Some(done) = &self.done {
            return self.done_view(page, done, l);
        }
        let with_email = h.with_email();
        page = page.push(text(cf(
            l,
            C::Holders,
            &[
                &h.orders.len().to_string(),
                &h.tickets().to_string(),
                &money(h.total(), h.currency, l),
                &with_email.to_string(),
                &(h.orders.len() - with_email).to_string(),
            ],
        )));
        let list = if h.orders.is_empty() {
            column![text(c(l, C::NoHolders)).style(theme::muted)]
        } else {
            h.orders
                .iter()
                .fold(column![].spacing(6), |col, o| col.push(holder(o, h, l)))
        };
        page = page.push(scrollable(list).height(Fill).width(Fill));
        page = page.push(self.choice(l));
        let confirm = match self.kind {
            Kind::Cancel => C::ConfirmCancel,
            Kind::Move => C::ConfirmMove,
        };
        page = page.push(
            row![
                button(text(c(l, confirm)).font(theme::BOLD))
                    .on_press(Message::Confirm)
                    .padding([10, 16])
                    .style(button::danger),
                button(text(c(l, C::Back)))
                    .on_press(Message::Back)
                    .padding([10, 16])
                    .style(button::secondary),
            ]
            .spacing(10),
        );
        if let Some(f) = &self.failure {
            page = page.push(text(f).style(theme::error));
        }
        page.height(Fill).into()
    }

    /// The refund's two ways, or the new date and time.
    fn choice(&self, l: Locale) -> Element<'_, Message> {
        match self.kind {
            Kind::Cancel => column![
                text(c(l, C::RefundHow)).font(theme::BOLD),
                radio(
                    c(l, C::AsPaid),
                    Refund::AsPaid,
                    Some(self.refund),
                    Message::Refund
                ),
                radio(
                    c(l, C::AsVoucher),
                    Refund::Voucher,
                    Some(self.refund),
                    Message::Refund
                ),
                text(c(l, C::CancelExplain))
                    .size(theme::SMALL)
                    .style(theme::muted),
            ]
            .spacing(6)
            .into(),
            Kind::Move => column![
                row![
                    text(c(l, C::NewDate)),
                    text_input("", &self.date)
                        .id(DATE)
                        .on_input(Message::Date)
                        .on_submit(Message::Confirm)
                        .padding(8)
                        .width(140),
                    text(c(l, C::NewTime)),
                    text_input("20:00", &self.time)
                        .on_input(Message::Time)
                        .on_submit(Message::Confirm)
                        .padding(8)
                        .width(90),
                ]
                .spacing(8)
                .align_y(Center),
                text(c(l, C::MoveExplain))
                    .size(theme::SMALL)
                    .style(theme::muted),
            ]
            .spacing(6)
            .into(),
        }
    }

    fn done_view<'a>(
        &'a self,
        page: Column<'a, Message>,
        done: &'a Changed,
        l: Locale,
    ) -> Element<'a, Message> {
        let lines = summary(done, l)
            .into_iter()
            .fold(column![].spacing(6), |col, line| {
                col.push(text(line).style(theme::success))
            });
        let mut buttons = row![].spacing(10);
        if done.moved_to.is_some() {
            buttons = buttons.push(
                button(text(c(l, C::ShowNew)))
                    .on_press(Message::ShowNew)
                    .padding([10, 16]),
            );
        }
        buttons = buttons.push(
            button(text(c(l, C::Close)))
                .on_press(Message::Back)
                .padding([10, 16])
                .style(button::secondary),
        );
        page.push(lines).push(buttons).into()
    }
}

/// One order: who, how to reach them, its tickets, what it paid.
fn holder<'a>(o: &'a Holder, h: &Holders, l: Locale) -> Element<'a, Message> {
    let who = match &o.contact {
        Some(contact) if !contact.name.is_empty() => contact.name.clone(),
        _ => c(l, C::Anonymous).to_owned(),
    };
    let reach = match (o.email(), o.contact.as_ref().map(|x| x.phone.trim())) {
        (Some(e), _) => cf(l, C::ByEmail, &[e]),
        (None, Some(phone)) if !phone.is_empty() => cf(l, C::ByPhone, &[phone]),
        _ => c(l, C::NoWay).to_owned(),
    };
    let tickets: Vec<String> = o
        .tickets
        .iter()
        .map(|t| {
            let seat = t
                .seat
                .as_ref()
                .map_or_else(|| c(l, C::General).to_owned(), |s| s.label(l));
            format!(
                "{:06} · {seat} · {} · {} · {}",
                t.number,
                t.category,
                t.tariff,
                money(t.price, h.currency, l)
            )
        })
        .collect();
    column![
        row![
            text(cf(l, C::Order, &[&o.order_number.to_string()])).font(theme::BOLD),
            text(who),
            text(reach).size(theme::SMALL).style(theme::muted),
            iced::widget::space::horizontal(),
            text(by_way(&o.paid, h.currency, l)).size(theme::SMALL),
        ]
        .spacing(10)
        .align_y(Center),
        text(tickets.join("\n")).size(theme::SMALL),
    ]
    .spacing(2)
    .into()
}

//! Caisse → Envois: what waits to leave and what became of each message
//! (the status bar's count opens it), « Envoyer maintenant », and a message
//! given up or uncertain put back in the queue by a coordinator.

use iced::widget::{button, column, container, row, text};
use iced::{Center, Element, Fill};

use crate::domain::mail::OutboxState;
use crate::domain::operator::Act;
use crate::exchange::outbox::{self, Item};
use crate::ui::i18n::mail::{self as words, M, m, mf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The most messages listed, newest first.
const SHOWN: i64 = 200;

#[derive(Default)]
pub struct Outbox {
    items: Vec<Item>,
    error: Option<String>,
}

#[derive(Clone, Debug)]
pub enum OutboxMessage {
    SendNow,
    Retry(i64),
}

impl Outbox {
    pub fn load(&mut self, ctx: &Context) {
        match outbox::list(&ctx.terminal.store, &[], SHOWN) {
            Ok(items) => self.items = items,
            Err(e) => self.error = Some(words::error(&e, ctx.locale)),
        }
    }

    /// Whether the app should send now.
    pub fn update(&mut self, message: OutboxMessage, ctx: &mut Context) -> bool {
        self.error = None;
        let send = match message {
            OutboxMessage::SendNow => true,
            OutboxMessage::Retry(id) => match ctx.operator {
                Some(by) => {
                    let now = ctx.now();
                    match outbox::retry(&mut ctx.terminal.store, by, id, now) {
                        Ok(()) => true,
                        Err(e) => {
                            self.error = Some(words::error(&e, ctx.locale));
                            false
                        }
                    }
                }
                None => false,
            },
        };
        self.load(ctx);
        send
    }

    pub fn view<'a>(&'a self, look: &Look, sending: Option<&'a str>) -> Element<'a, OutboxMessage> {
        let locale = look.locale;
        let may_retry = look.role.is_some_and(|r| r.may(Act::RetryMail));
        let mut top = row![
            button(text(m(locale, M::SendNow)).font(theme::BOLD))
                .on_press(OutboxMessage::SendNow)
                .padding([10, 16])
                .style(button::primary)
        ]
        .spacing(12)
        .align_y(Center);
        if let Some(said) = sending {
            top = top.push(text(said).size(theme::SMALL));
        }
        let mut col = column![top].spacing(6);
        if let Some(e) = &self.error {
            col = col.push(text(e).style(theme::error));
        }
        if self.items.is_empty() {
            return col
                .push(text(m(locale, M::Empty)).style(theme::muted))
                .into();
        }
        for i in &self.items {
            col = col.push(self.line(i, look, may_retry));
        }
        col.into()
    }

    fn line<'a>(&'a self, i: &'a Item, look: &Look, may_retry: bool) -> Element<'a, OutboxMessage> {
        let locale = look.locale;
        let at = |t: chrono::DateTime<chrono::Utc>| {
            let local = t.with_timezone(&look.zone);
            format!(
                "{} {}",
                locale.short_date(local.date_naive()),
                locale.time(&local)
            )
        };
        let when = match (i.sent_at, i.next_attempt_at) {
            (Some(t), _) => mf(locale, M::SentAt, &[&at(t)]),
            (None, Some(t)) => mf(locale, M::NextTry, &[&at(t)]),
            (None, None) => mf(locale, M::QueuedAt, &[&at(i.created_at)]),
        };
        let style = match i.state {
            OutboxState::Sent => theme::success,
            OutboxState::GivenUp | OutboxState::Uncertain => theme::error,
            _ => theme::muted,
        };
        let order = i
            .order
            .map(|n| mf(locale, M::Order, &[&n.to_string()]))
            .unwrap_or_default();
        let head = row![
            text(words::state(i.state, locale))
                .font(theme::BOLD)
                .style(style)
                .width(110),
            text(words::kind(i.kind, locale)).width(110),
            text(&i.to).width(Fill),
            text(order).width(140),
            text(when).width(230).size(theme::SMALL),
        ]
        .spacing(10)
        .align_y(Center);
        let mut card = column![head].spacing(2);
        if let Some(e) = &i.last_error
            && i.state != OutboxState::Sent
        {
            let attempts = mf(locale, M::Attempts, &[&i.attempts.to_string()]);
            let mut detail = row![
                text(format!("{attempts} · {}", words::reason(e, locale)))
                    .size(theme::SMALL)
                    .style(theme::muted)
                    .width(Fill)
            ]
            .spacing(10)
            .align_y(Center);
            if may_retry && i.state.may_retry() {
                let key = if i.state == OutboxState::Uncertain {
                    M::RetryUncertain
                } else {
                    M::Retry
                };
                detail = detail.push(
                    button(text(m(locale, key)).size(theme::SMALL))
                        .on_press(OutboxMessage::Retry(i.id))
                        .padding([6, 10])
                        .style(button::secondary),
                );
            }
            card = card.push(detail);
        }
        container(card)
            .padding([6, 12])
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

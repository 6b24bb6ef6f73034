//! Réglages → the central database: whether this terminal has joined one
//! and where, and its ledger sent now, off the window's thread (nothing
//! waits on the network at the counter).

use iced::widget::{button, column, container, text};
use iced::{Element, Fill, Task};

use crate::central::{self, push};
use crate::domain::Locale;
use crate::ui::i18n::{T, t, tf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::outcome_line;

#[derive(Default)]
pub struct State {
    /// The address this terminal connects to, once joined.
    joined: Option<String>,
    sending: bool,
    said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Push,
    /// What the sending did: records new, there already, conflicts met
    /// and waiting; or why it could not.
    Pushed(Result<(push::Pushed, usize), String>),
}

impl State {
    pub fn load(ctx: &Context) -> State {
        State {
            joined: central::joined(&ctx.terminal.store).ok().flatten(),
            ..State::default()
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        let locale = ctx.locale;
        match message {
            Message::Push => {
                if self.sending || self.joined.is_none() {
                    return Task::none();
                }
                self.sending = true;
                self.said = None;
                let db = ctx.terminal.store.path().to_owned();
                let terminal = ctx.terminal.signer.terminal_id;
                Task::perform(
                    async move { push::in_background(&db, terminal).map_err(|e| e.to_string()) },
                    Message::Pushed,
                )
            }
            Message::Pushed(done) => {
                self.sending = false;
                self.said = Some(said(done, locale));
                Task::none()
            }
        }
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| t(locale, key);
        let mut card =
            column![text(l(T::Central)).size(theme::HEADING).font(theme::BOLD)].spacing(8);
        match &self.joined {
            None => card = card.push(text(l(T::CentralAlone))),
            Some(address) => {
                let word = |key: &str| {
                    address
                        .split_whitespace()
                        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
                        .unwrap_or("?")
                };
                let place = format!("{}:{}", word("host"), word("port"));
                let said = tf(
                    locale,
                    T::CentralJoined,
                    &[word("dbname"), &place, word("user")],
                );
                card = card.push(text(said));
                let push = button(text(l(T::CentralPush)))
                    .on_press_maybe((!self.sending).then_some(Message::Push))
                    .padding([8, 14])
                    .style(button::secondary);
                card = card.push(push);
            }
        }
        if self.sending {
            card = card.push(text(l(T::CentralPushing)).style(theme::muted));
        }
        if let Some(said) = outcome_line(&self.said) {
            card = card.push(said);
        }
        container(card)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

/// What a sending did, in words.
fn said(done: Result<(push::Pushed, usize), String>, locale: Locale) -> Result<String, String> {
    match done {
        Ok((p, _)) if p.conflicts > 0 => Err(t(locale, T::CentralFork).to_owned()),
        Ok((p, waiting)) => Ok(tf(
            locale,
            T::CentralPushed,
            &[
                &p.stored.to_string(),
                &p.already.to_string(),
                &waiting.to_string(),
            ],
        )),
        Err(why) => Err(tf(locale, T::CentralFailed, &[&why])),
    }
}

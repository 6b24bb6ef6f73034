//! The outbox's sender in the window: every minute while something waits,
//! and at once when a person queues a message or asks; on a connection of
//! its own, off the window's thread. The status bar says when the server
//! could not be used; Caisse → Envois says what each sending did.

use super::*;
use crate::exchange::mail::MailError;
use crate::exchange::outbox::Drained;
use crate::ui::i18n::mail::{self as words, M, mf};
use crate::ui::screen::frame::Sending;

impl Open {
    /// Sends what is due, unless a sending is under way.
    pub(super) fn send_outbox(&mut self) -> Task<Message> {
        if self.sending {
            return Task::none();
        }
        self.sending = true;
        let db = self.terminal.store.path().to_owned();
        let clock = self.terminal.clock.clone();
        let locale = self.locale;
        Task::perform(
            async move {
                let (mut store, _) =
                    Store::open(&db).map_err(|e| crate::ui::i18n::system::open(&e, locale))?;
                crate::exchange::outbox::drain(&mut store, &|| clock.now(), false).map_err(|e| {
                    match e {
                        MailError::NoServer => String::new(),
                        e => words::error(&e, locale),
                    }
                })
            },
            Message::Sent,
        )
    }

    /// A sending ended: the count, the status bar, Caisse → Envois.
    pub(super) fn sent(&mut self, outcome: Result<Drained, String>) -> Task<Message> {
        self.sending = false;
        self.outbox = crate::exchange::waiting(&self.terminal.store).unwrap_or(self.outbox);
        let locale = self.locale;
        let said = match &outcome {
            Ok(d) => {
                self.sending_state = match d.server_error {
                    Some(_) => Sending::Down,
                    None => Sending::Fine,
                };
                match &d.server_error {
                    Some(e) => mf(locale, M::ServerDown, &[&words::reason(e, locale)]),
                    None => mf(
                        locale,
                        M::Drained,
                        &[
                            &d.sent.to_string(),
                            &d.failed.to_string(),
                            &d.given_up.to_string(),
                            &d.uncertain.to_string(),
                        ],
                    ),
                }
            }
            // No server set: the messages wait, the status bar says why.
            Err(e) if e.is_empty() => {
                self.sending_state = Sending::NoServer;
                words::m(locale, M::NotSet).to_owned()
            }
            Err(e) => {
                self.sending_state = Sending::Failed;
                e.clone()
            }
        };
        match &self.screen {
            Screen::Desk(d) if d.till.is_some() => {
                Task::done(Message::Till(till::Message::Sent(said)))
            }
            _ => Task::none(),
        }
    }
}

//! Réglages → E-mail: the venue's outgoing server (an administrator's), its
//! password kept beside the database for this account only, and a test
//! message queued to an address.

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::Locale;
use crate::domain::mail::{MailSettings, Security};
use crate::exchange::{mail, outbox};
use crate::ui::i18n::mail::{M, error, m, mf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::labelled;

/// The first field, where the cursor goes.
pub const HOST: &str = "settings-mail-host";

#[derive(Default)]
pub struct State {
    settings: MailSettings,
    port: String,
    password: String,
    test_to: String,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Host(String),
    Port(String),
    Security(Security),
    User(String),
    Password(String),
    From(String),
    FromName(String),
    CaFile(String),
    TestTo(String),
    Save,
    Test,
}

impl State {
    pub fn new(saved: MailSettings) -> State {
        State {
            port: if saved.port == 0 {
                String::new()
            } else {
                saved.port.to_string()
            },
            settings: saved,
            ..State::default()
        }
    }

    /// A field typed; Save checks and saves (an administrator's act); Test
    /// queues a message to the address typed. The background sender sends
    /// it.
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> bool {
        self.notice = None;
        self.error = None;
        let s = &mut self.settings;
        match message {
            Message::Host(v) => s.host = v,
            Message::Port(v) => {
                self.port = v.chars().filter(char::is_ascii_digit).take(5).collect()
            }
            Message::Security(v) => {
                if self.port.is_empty() || self.port == s.security.default_port().to_string() {
                    self.port = v.default_port().to_string();
                }
                s.security = v;
            }
            Message::User(v) => s.user = v,
            Message::Password(v) => self.password = v,
            Message::From(v) => s.from = v,
            Message::FromName(v) => s.from_name = v,
            Message::CaFile(v) => s.ca_file = v,
            Message::TestTo(v) => self.test_to = v,
            Message::Save => return self.save(ctx),
            Message::Test => return self.test(ctx),
        }
        false
    }

    fn save(&mut self, ctx: &mut Context) -> bool {
        let Some(by) = ctx.operator else { return false };
        self.settings.port = self.port.parse().unwrap_or(0);
        let password = (!self.password.is_empty()).then_some(self.password.as_str());
        match mail::save_settings(&mut ctx.terminal.store, by, &self.settings, password) {
            Ok(saved) => {
                self.settings = saved;
                self.password.clear();
                self.notice = Some(m(ctx.locale, M::Saved).to_owned());
                true
            }
            Err(e) => {
                self.error = Some(error(&e, ctx.locale));
                false
            }
        }
    }

    fn test(&mut self, ctx: &mut Context) -> bool {
        let Some(by) = ctx.operator else { return false };
        let now = ctx.now();
        match outbox::queue_test(&mut ctx.terminal.store, by, &self.test_to, now) {
            Ok(_) => {
                self.notice = Some(mf(ctx.locale, M::TestQueued, &[self.test_to.trim()]));
                true
            }
            Err(e) => {
                self.error = Some(error(&e, ctx.locale));
                false
            }
        }
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| m(locale, k);
        let s = &self.settings;
        let field = |label, value: &str, on: fn(String) -> Message| {
            labelled(
                l(label),
                text_input("", value)
                    .on_input(on)
                    .on_submit(Message::Save)
                    .padding(8),
                None,
            )
        };
        let security = [
            (Security::StartTls, M::StartTls),
            (Security::Tls, M::Tls),
            (Security::None, M::NoTls),
        ]
        .into_iter()
        .fold(row![].spacing(6), |r, (v, label)| {
            r.push(
                button(text(l(label)).size(theme::SMALL))
                    .on_press(Message::Security(v))
                    .padding([8, 12])
                    .style(theme::choice(s.security == v)),
            )
        });
        let mut col = column![
            text(l(M::Settings)).size(theme::HEADING).font(theme::BOLD),
            row![
                labelled(
                    l(M::Host),
                    text_input("smtp.exemple.fr", &s.host)
                        .id(HOST)
                        .on_input(Message::Host)
                        .on_submit(Message::Save)
                        .padding(8),
                    None
                ),
                container(field(M::Port, &self.port, Message::Port)).width(90),
            ]
            .spacing(8),
            labelled(l(M::Security), security, None),
            row![
                field(M::User, &s.user, Message::User),
                labelled(
                    l(M::Password),
                    text_input("", &self.password)
                        .secure(true)
                        .on_input(Message::Password)
                        .on_submit(Message::Save)
                        .padding(8),
                    None
                ),
            ]
            .spacing(8),
            text(l(M::PasswordKept))
                .size(theme::SMALL)
                .style(theme::muted),
            row![
                field(M::From, &s.from, Message::From),
                field(M::FromName, &s.from_name, Message::FromName),
            ]
            .spacing(8),
            field(M::CaFile, &s.ca_file, Message::CaFile),
            button(text(l(M::Save)).font(theme::BOLD))
                .on_press(Message::Save)
                .padding([10, 16])
                .style(button::primary),
            row![
                text_input(l(M::TestTo), &self.test_to)
                    .on_input(Message::TestTo)
                    .on_submit(Message::Test)
                    .padding(8),
                button(text(l(M::Test)))
                    .on_press(Message::Test)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Center),
        ]
        .spacing(10);
        if let Some(n) = &self.notice {
            col = col.push(text(n).style(theme::success));
        }
        if let Some(e) = &self.error {
            col = col.push(text(e).style(theme::error));
        }
        container(col)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

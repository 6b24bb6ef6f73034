//! Log-in: choose your name (click, or ↑ ↓), type your PIN, Enter. The last
//! operator to log in on this terminal comes first and is preselected, so a
//! clerk coming back is one PIN away.

use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Task};

use crate::domain::{Locale, Role};
use crate::operators::{self, LoginError, Operator};
use crate::programming::demo::{self, DemoOperator};
use crate::ui::i18n::counter::capitalised;
use crate::ui::i18n::operators::login_at;
use crate::ui::i18n::{T, label_value, t, tf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

pub const PIN_INPUT: &str = "login-pin";

pub struct State {
    people: Vec<Operator>,
    selected: usize,
    pin: String,
    /// Why the last attempt failed.
    problem: Option<LoginError>,
    /// Names and PINs shown only in a demo database.
    demo_pins: Vec<DemoOperator>,
    /// What happened just before (a backup restored), said above.
    notice: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    /// Read who may log in (and a demo's PINs).
    Load,
    Select(usize),
    Previous,
    Next,
    Pin(String),
    Submit,
    Clear,
}

/// What the app must do.
pub enum Event {
    /// The PIN was right: this operator is logged in (a ledger record).
    LoggedIn(Operator),
}

impl Message {
    /// What a key means at log-in: ↑ ↓ choose a name, Esc clears the PIN.
    pub fn from_key(key: &crate::ui::Message) -> Option<Message> {
        match key {
            crate::ui::Message::Up => Some(Message::Previous),
            crate::ui::Message::Down => Some(Message::Next),
            crate::ui::Message::Escape => Some(Message::Clear),
            _ => None,
        }
    }
}

impl State {
    /// The log-in, empty until the task returned reads who may log in.
    pub fn new() -> (State, Task<Message>) {
        let state = State {
            people: Vec::new(),
            selected: 0,
            pin: String::new(),
            problem: None,
            demo_pins: Vec::new(),
            notice: None,
        };
        let task = Task::done(Message::Load).chain(state.focus());
        (state, task)
    }

    pub fn focus(&self) -> Task<Message> {
        iced::widget::operation::focus(PIN_INPUT)
    }

    /// Says what happened just before the log-in (a backup restored).
    pub fn say(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    pub fn selected(&self) -> Option<&Operator> {
        self.people.get(self.selected)
    }

    pub fn problem(&self) -> Option<&LoginError> {
        self.problem.as_ref()
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Load => {
                let store = &ctx.terminal.store;
                let people = operators::people(store).unwrap_or_default();
                self.people = people.into_iter().filter(|p| p.active).collect();
                self.demo_pins = demo::operators(store);
                return (self.focus(), None);
            }
            Message::Select(i) if i < self.people.len() => self.choose(i),
            Message::Select(_) => {}
            Message::Previous => self.choose(self.selected.saturating_sub(1)),
            Message::Next => {
                self.choose((self.selected + 1).min(self.people.len().saturating_sub(1)))
            }
            Message::Pin(v) => self.pin = v.chars().filter(char::is_ascii_digit).take(8).collect(),
            Message::Clear => self.pin.clear(),
            Message::Submit => return (self.focus(), self.log_in(ctx)),
        }
        (Task::none(), None)
    }

    /// Tries the PIN typed for the operator chosen.
    fn log_in(&mut self, ctx: &mut Context) -> Option<Event> {
        let operator_id = self.selected()?.id;
        if self.pin.is_empty() {
            return None;
        }
        let pin = std::mem::take(&mut self.pin);
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        match operators::log_in(&mut t.store, &t.signer, operator_id, &pin, now) {
            Ok(op) => Some(Event::LoggedIn(op)),
            Err(e) => {
                self.failed(e);
                None
            }
        }
    }

    fn choose(&mut self, i: usize) {
        if i != self.selected {
            self.selected = i;
            self.pin.clear();
            self.problem = None;
        }
    }

    /// The PIN was refused.
    fn failed(&mut self, error: LoginError) {
        self.pin.clear();
        self.problem = Some(error);
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, now) = (look.locale, look.now);
        let l = |key| t(locale, key);
        let names = self
            .people
            .iter()
            .enumerate()
            .fold(column![].spacing(8), |c, (i, op)| {
                let label = column![
                    text(&op.name).size(theme::HEADING).font(theme::BOLD),
                    text(role_name(op.role, locale)).size(theme::SMALL),
                ];
                c.push(
                    button(label)
                        .on_press(Message::Select(i))
                        .width(Fill)
                        .padding([10, 16])
                        .style(theme::choice(i == self.selected)),
                )
            });
        let who = self.selected().map(|op| op.name.as_str()).unwrap_or("");
        let mut pin_panel = column![
            text(tf(locale, T::LoginPinFor, &[who]))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text_input("••••", &self.pin)
                .id(PIN_INPUT)
                .secure(true)
                .on_input(Message::Pin)
                .on_submit(Message::Submit)
                .size(28)
                .padding(12),
            button(text(l(T::LoginButton)).size(theme::BODY).font(theme::BOLD))
                .on_press(Message::Submit)
                .padding([12, 24])
                .style(button::primary),
        ]
        .spacing(12);
        if let Some(problem) = &self.problem {
            pin_panel =
                pin_panel.push(text(problem_text(problem, locale, now)).style(theme::error));
        }
        let notice = self.notice.as_ref().map(|said| {
            container(text(said))
                .padding(12)
                .width(Fill)
                .style(theme::notice)
        });
        let mut page = column![text(l(T::LoginTitle)).size(theme::TITLE).font(theme::BOLD)]
            .push(notice)
            .push(text(l(T::LoginChoose)).style(theme::muted))
            .push(
                row![
                    scrollable(names).width(Fill).height(420),
                    container(pin_panel)
                        .padding(20)
                        .style(theme::card)
                        .width(Fill),
                ]
                .spacing(24),
            )
            .spacing(12)
            .max_width(900);
        if !self.demo_pins.is_empty() {
            let pins = self
                .demo_pins
                .iter()
                .map(|d| {
                    label_value(
                        locale,
                        &format!("{} ({})", d.name, role_name(d.role, locale)),
                        &d.pin,
                    )
                })
                .collect::<Vec<_>>()
                .join("   ·   ");
            page = page.push(
                container(column![text(l(T::DemoPins)).font(theme::BOLD), text(pins)].spacing(4))
                    .padding(12)
                    .width(Fill)
                    .style(theme::notice),
            );
        }
        container(page)
            .padding(32)
            .center_x(Fill)
            .align_y(Center)
            .into()
    }
}

pub fn role_name(role: Role, locale: Locale) -> &'static str {
    t(
        locale,
        match role {
            Role::Clerk => T::RoleClerk,
            Role::Coordinator => T::RoleCoordinator,
            Role::Admin => T::RoleAdmin,
        },
    )
}

/// A refusal as the log-in says it, a lock-out counted down from `now`.
fn problem_text(problem: &LoginError, locale: Locale, now: DateTime<Utc>) -> String {
    capitalised(&login_at(problem, locale, now))
}

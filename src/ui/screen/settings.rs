//! Réglages: the interface language, the venue and this terminal as
//! recorded, and the operators (administrators add and deactivate them).

use iced::widget::{button, column, container, pick_list, row, scrollable, text};
use iced::{Center, Element, Fill};

use crate::domain::{Locale, Role};
use crate::operators::{NewOperator, Operator, OperatorError};
use crate::store::venue::VenueRow;
use crate::tickets::print::PrintSettings;
use crate::ui::i18n::{T, label_value, t, tf};
use crate::ui::screen::login::role_name;
use crate::ui::screen::operator_form::{self, OperatorForm};
use crate::ui::screen::printing;
use crate::ui::screen::setup::country_name;
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

pub struct State {
    pub people: Vec<Operator>,
    pub printing: printing::State,
    form: OperatorForm,
    role: Role,
    notice: Option<String>,
    failure: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Language(Locale),
    Form(operator_form::Message),
    Role(Role),
    Add,
    SetActive(i64, bool),
    Printing(printing::Message),
}

pub enum Event {
    SavePrinting(PrintSettings),
    SetLanguage(Locale),
    AddOperator(NewOperator),
    SetActive { id: i64, active: bool },
}

/// What the screen shows besides its own state.
pub struct Context<'a> {
    pub venue: Option<&'a VenueRow>,
    pub terminal: &'a str,
    pub key_id: &'a str,
    pub database: String,
    pub operator: &'a Operator,
}

impl State {
    pub fn new(people: Vec<Operator>, printing: &PrintSettings) -> State {
        State {
            people,
            printing: printing::State::new(printing),
            form: OperatorForm::default(),
            role: Role::Clerk,
            notice: None,
            failure: None,
        }
    }

    pub fn update(&mut self, message: Message, locale: Locale) -> Option<Event> {
        match message {
            Message::Printing(m) => {
                return self.printing.update(m, locale).map(Event::SavePrinting);
            }
            Message::Language(l) => return Some(Event::SetLanguage(l)),
            Message::Form(m) => self.form.update(m),
            Message::Role(r) => self.role = r,
            Message::SetActive(id, active) => return Some(Event::SetActive { id, active }),
            Message::Add => {
                self.notice = None;
                self.failure = None;
                return self.form.check(self.role).map(Event::AddOperator);
            }
        }
        None
    }

    /// The operator was added: clear the form and say so.
    pub fn added(&mut self, op: &Operator, people: Vec<Operator>, locale: Locale) {
        let printing = std::mem::replace(
            &mut self.printing,
            printing::State::new(&PrintSettings::default()),
        );
        *self = State::new(people, &PrintSettings::default());
        self.printing = printing;
        self.notice = Some(tf(locale, T::OperatorAdded, &[&op.name]));
    }

    pub fn failed(&mut self, e: &OperatorError, locale: Locale) {
        self.failure = match e {
            OperatorError::LastAdmin(_) => Some(t(locale, T::ErrLastAdmin).to_owned()),
            other => self.form.show(other),
        };
    }

    pub fn view<'a>(&'a self, locale: Locale, ctx: Context<'a>) -> Element<'a, Message> {
        let l = |key| t(locale, key);
        let languages: Vec<Choice<Locale>> = Locale::ALL
            .into_iter()
            .map(|loc| Choice::new(loc, language_name(loc).to_owned()))
            .collect();
        let current = chosen(&languages, locale);
        let mut left = column![
            text(l(T::SettingsTitle))
                .size(theme::TITLE)
                .font(theme::BOLD),
            labelled(
                l(T::Language),
                pick_list(languages, current, |c| Message::Language(c.value)).padding(10),
                None,
                locale
            ),
        ]
        .spacing(16);
        if let Some(v) = ctx.venue {
            let s = &v.settings;
            let mut lines = vec![
                s.name.clone(),
                s.legal_name_or_name().to_owned(),
                format!(
                    "{} · {} · {}",
                    country_name(s.country, locale),
                    s.currency.code(),
                    s.time_zone.name()
                ),
            ];
            if !s.licence_number.is_empty() {
                lines.push(label_value(locale, l(T::Licence), &s.licence_number));
            }
            left = left.push(info_card(l(T::TheVenue), lines));
        }
        left = left.push(self.printing.view(locale).map(Message::Printing));
        left = left.push(info_card(
            l(T::ThisTerminal),
            vec![
                ctx.terminal.to_owned(),
                label_value(locale, l(T::KeyId), ctx.key_id),
                label_value(locale, l(T::Database), &ctx.database),
            ],
        ));
        let right = self.operators_view(locale, ctx.operator);
        row![scrollable(left).width(Fill), scrollable(right).width(Fill)]
            .spacing(32)
            .into()
    }

    fn operators_view(&self, locale: Locale, me: &Operator) -> Element<'_, Message> {
        let l = |key| t(locale, key);
        let admin = me.role.can_administer();
        let list = self.people.iter().fold(column![].spacing(4), |c, op| {
            let state = if op.active {
                l(T::Active)
            } else {
                l(T::Inactivated)
            };
            let mut line = row![
                text(&op.name).font(theme::BOLD).width(Fill),
                text(role_name(op.role, locale)).width(130),
                text(state).width(90).style(theme::muted),
            ]
            .spacing(8)
            .align_y(Center);
            if admin {
                let (label, active) = if op.active {
                    (l(T::Deactivate), false)
                } else {
                    (l(T::Reactivate), true)
                };
                // One cannot deactivate oneself: the button is shown, inert.
                line = line.push(
                    button(text(label).size(theme::SMALL))
                        .on_press_maybe(
                            (op.id != me.id).then_some(Message::SetActive(op.id, active)),
                        )
                        .width(110)
                        .style(button::secondary),
                );
            }
            c.push(container(line).padding([6, 12]).style(theme::card))
        });
        let mut panel = column![
            text(l(T::Operators)).size(theme::HEADING).font(theme::BOLD),
            list
        ]
        .spacing(10);
        if !admin {
            return panel.push(text(l(T::OnlyAdmin)).style(theme::muted)).into();
        }
        let roles: Vec<Choice<Role>> = Role::ALL
            .into_iter()
            .map(|r| Choice::new(r, role_name(r, locale).to_owned()))
            .collect();
        let role = chosen(&roles, self.role);
        let (name, pins) = self
            .form
            .view(locale, "settings-operator", Message::Form, Message::Add);
        let form = column![
            row![
                name,
                labelled(
                    l(T::Role),
                    pick_list(roles, role, |c| Message::Role(c.value)).padding(10),
                    None,
                    locale
                ),
            ]
            .spacing(12),
            pins,
            button(text(l(T::AddOperator)).font(theme::BOLD))
                .on_press(Message::Add)
                .padding([12, 20])
                .style(button::primary),
        ]
        .spacing(10);
        panel = panel.push(container(form).padding(16).style(theme::card));
        if let Some(n) = &self.notice {
            panel = panel.push(text(n).style(theme::success));
        }
        if let Some(f) = &self.failure {
            panel = panel.push(text(f).style(theme::error));
        }
        panel.into()
    }
}

fn info_card<'a, M: 'a>(title: &'a str, lines: Vec<String>) -> Element<'a, M> {
    let body = lines.into_iter().fold(
        column![text(title).size(theme::HEADING).font(theme::BOLD)].spacing(4),
        |c, line| c.push(text(line)),
    );
    container(body)
        .padding(16)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// Each language named in itself, so anyone can find their own.
fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::FrFr => "Français (France)",
        Locale::FrCa => "Français (Québec)",
        Locale::En => "English",
    }
}

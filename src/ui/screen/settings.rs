//! Réglages: the interface language, the venue and this terminal as
//! recorded, and the operators (administrators add and deactivate them).
//!
//! Left column, top to bottom (`view`): the language; « Ce poste » (the
//! door's name, the key change, here); the venue (`venue_form`, here);
//! then cards that keep their own state in their own files: the logo
//! (`logo.rs`), printing (`printing.rs`), « Base centrale » (`central.rs`,
//! coordinators), « Sauvegardes » (`backups.rs`) and e-mail
//! (`mailing.rs`), administrators only. Right column: the operators
//! (`operators_view`, with `operator_form.rs`). Each card's messages are
//! wrapped in `Message` and handed to it in `update`.

use iced::widget::{
    button, column, container, operation, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, Task};

use crate::domain::Venue;
use crate::domain::venue::VenueSettings;
use crate::domain::{Locale, Role};
use crate::door;
use crate::operators::{self, Operator, OperatorError};
use crate::tickets::print::PrintSettings;
use crate::ui::i18n::counter::capitalised;
use crate::ui::i18n::{T, label_value, system, t, tf};
use crate::ui::screen::login::role_name;
use crate::ui::screen::operator_form::{self, OperatorForm};
use crate::ui::screen::printing;
use crate::ui::screen::setup::country_name;
use crate::ui::screen::{Context, Look};
use crate::ui::screen::{backups, central, logo, mailing};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled, outcome_line};

/// The field of the door's name.
pub const DOOR_NAME: &str = "settings-door-name";

/// The field of a key change's reason.
pub const KEY_REASON: &str = "settings-key-reason";

pub struct State {
    pub people: Vec<Operator>,
    pub printing: printing::State,
    pub mailing: mailing::State,
    pub logo: logo::State,
    pub central: central::State,
    pub backups: backups::State,
    form: OperatorForm,
    role: Role,
    notice: Option<String>,
    failure: Option<String>,
    /// The reason typed while the key change waits for its confirmation.
    key_change: Option<String>,
    key_outcome: Option<Result<String, String>>,
    /// The door's name as typed, and what saving it said.
    pub door: String,
    door_outcome: Option<Result<String, String>>,
    /// The venue's identity as an administrator types it, and what saving
    /// it said.
    venue_edit: Option<VenueSettings>,
    venue_outcome: Option<Result<String, String>>,
    about: About,
}

/// A field of the venue's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VenueField {
    Name,
    LegalName,
    Licence,
    Siret,
    Gst,
    Qst,
    Address,
    Postcode,
    City,
}

/// The first field of the venue's identity, where the cursor goes.
pub const VENUE_NAME: &str = "settings-venue-name";

/// The venue and this terminal as recorded, for the cards on the left.
#[derive(Default)]
struct About {
    venue: Option<Venue>,
    terminal: String,
    key_id: String,
    database: String,
    /// Who is logged in: one cannot deactivate oneself.
    me: Option<i64>,
}

#[derive(Clone, Debug)]
pub enum Message {
    /// Read the operators, the printing settings, the door's name, the
    /// venue and this terminal (entering Réglages).
    Load,
    Language(Locale),
    Form(operator_form::Message),
    Role(Role),
    Add,
    SetActive(i64, bool),
    Printing(printing::Message),
    Mailing(mailing::Message),
    Logo(logo::Message),
    Central(central::Message),
    Backups(backups::Message),
    /// Key change: asked, its reason typed, confirmed, given up.
    KeyChange,
    KeyReason(String),
    KeyChangeNow,
    KeyKeep,
    Door(String),
    SaveDoor,
    /// The venue's identity: edited, typed, saved, given up.
    EditVenue,
    VenueTyped(VenueField, String),
    SaveVenue,
    KeepVenue,
}

/// What the app must know.
#[derive(Clone, Debug)]
pub enum Event {
    /// The window now speaks this language (saved for the next start).
    Language(Locale),
    /// A message was queued: send what waits.
    Send,
}

impl State {
    /// Réglages, empty until the task returned loads it.
    pub fn new() -> (State, Task<Message>) {
        let state = State {
            people: Vec::new(),
            printing: printing::State::new(&PrintSettings::default()),
            mailing: mailing::State::default(),
            logo: logo::State::default(),
            central: central::State::default(),
            backups: backups::State::default(),
            form: OperatorForm::default(),
            role: Role::Clerk,
            notice: None,
            failure: None,
            key_change: None,
            key_outcome: None,
            door: String::new(),
            door_outcome: None,
            venue_edit: None,
            venue_outcome: None,
            about: About::default(),
        };
        (state, Task::done(Message::Load))
    }

    fn load(&mut self, ctx: &Context) {
        let t = &ctx.terminal;
        self.people = operators::people(&t.store).unwrap_or_default();
        self.printing = printing::State::new(&PrintSettings::load(&t.store).unwrap_or_default());
        self.mailing =
            mailing::State::new(crate::exchange::mail::settings(&t.store).unwrap_or_default());
        self.door = door::this_door(&t.store, &t.signer.terminal_name);
        self.logo = logo::State::load(ctx, logo::Whose::Venue);
        self.central = central::State::load(ctx);
        self.backups = backups::State::load(ctx);
        self.about = About {
            venue: crate::programming::venue::load(&t.store).ok().flatten(),
            terminal: t.signer.terminal_name.clone(),
            key_id: t.signer.key_id.clone(),
            database: t.store.path().display().to_string(),
            me: ctx.operator.map(|o| o.id),
        };
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Load => {
                self.load(ctx);
                // A joined terminal's conflicts are read at once, off the
                // window's thread.
                let read = self.central.update(central::Message::ReadConflicts, ctx);
                return (read.map(Message::Central), None);
            }
            Message::Printing(m) => {
                self.printing.update(m, ctx);
            }
            Message::Logo(m) => self.logo.update(m, ctx),
            Message::Central(m) => {
                return (self.central.update(m, ctx).map(Message::Central), None);
            }
            Message::Backups(m) => {
                return (self.backups.update(m, ctx).map(Message::Backups), None);
            }
            Message::Mailing(m) => {
                if self.mailing.update(m, ctx) {
                    return (Task::none(), Some(Event::Send));
                }
            }
            Message::Language(l) => {
                if let Err(e) = ctx.terminal.set_language(l) {
                    self.failed(&e.into(), l);
                }
                return (Task::none(), Some(Event::Language(l)));
            }
            Message::Form(m) => self.form.update(m),
            Message::Role(r) => self.role = r,
            Message::SetActive(id, active) => self.set_active(id, active, ctx),
            Message::KeyChange => {
                self.key_change = Some(String::new());
                self.key_outcome = None;
                // The cursor goes in the reason.
                return (operation::focus(KEY_REASON), None);
            }
            Message::KeyReason(r) => {
                if let Some(reason) = &mut self.key_change {
                    *reason = r;
                }
            }
            Message::KeyKeep => self.key_change = None,
            Message::Door(name) => {
                self.door = name;
                self.door_outcome = None;
            }
            Message::SaveDoor => self.name_door(ctx),
            Message::EditVenue => {
                self.venue_edit = self.about.venue.as_ref().map(|v| v.settings.clone());
                self.venue_outcome = None;
                return (operation::focus(VENUE_NAME), None);
            }
            Message::VenueTyped(field, value) => {
                if let Some(v) = &mut self.venue_edit {
                    *venue_field(v, field) = value;
                }
            }
            Message::KeepVenue => self.venue_edit = None,
            Message::SaveVenue => self.save_venue(ctx),
            Message::KeyChangeNow => {
                if let Some(reason) = self.key_change.take() {
                    self.change_key(&reason, ctx);
                }
            }
            Message::Add => self.add_operator(ctx),
        }
        (Task::none(), None)
    }

    fn add_operator(&mut self, ctx: &mut Context) {
        self.notice = None;
        self.failure = None;
        let (Some(new), Some(by)) = (self.form.check(self.role), ctx.operator) else {
            return;
        };
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        match operators::create(&mut t.store, &t.signer, by, &new, now) {
            Ok(op) => {
                self.form = OperatorForm::default();
                self.role = Role::Clerk;
                self.people = operators::people(&t.store).unwrap_or_default();
                self.notice = Some(tf(ctx.locale, T::OperatorAdded, &[&op.name]));
            }
            Err(e) => self.failed(&e, ctx.locale),
        }
    }

    fn set_active(&mut self, id: i64, active: bool, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        let people = operators::people(&t.store).unwrap_or_default();
        if let Some(target) = people.iter().find(|p| p.id == id) {
            let done = operators::set_active(&mut t.store, &t.signer, by, target, active, now);
            if let Err(e) = done {
                self.failed(&e, ctx.locale);
            }
        }
        self.people = operators::people(&t.store).unwrap_or_default();
    }

    fn name_door(&mut self, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let locale = ctx.locale;
        self.door_outcome = Some(
            match door::name_door(&mut ctx.terminal.store, by, &self.door) {
                Ok(name) => {
                    self.door = name.clone();
                    Ok(tf(locale, T::DoorNamed, &[&name]))
                }
                Err(door::DoorError::NoDoorName) => Err(t(locale, T::DoorNameEmpty).to_owned()),
                Err(door::DoorError::DoorNameTooLong) => Err(t(locale, T::DoorNameLong).to_owned()),
                Err(e) => Err(capitalised(&crate::ui::i18n::door::error(&e, locale))),
            },
        );
    }

    fn save_venue(&mut self, ctx: &mut Context) {
        let Some(settings) = self.venue_edit.clone() else {
            return;
        };
        let locale = ctx.locale;
        let done = ctx
            .acting()
            .and_then(|(store, by)| crate::programming::venue::change(store, &by, settings));
        self.venue_outcome = Some(match done {
            Ok(venue) => {
                self.about.venue = Some(venue);
                self.venue_edit = None;
                Ok(t(locale, T::VenueSaved).to_owned())
            }
            Err(e) => Err(crate::ui::i18n::programming_errors::describe(&e, locale)),
        });
    }

    fn change_key(&mut self, reason: &str, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let locale = ctx.locale;
        let t = &mut *ctx.terminal;
        let key_path = t.key_path().display().to_string();
        let old = t.signer.key_id.clone();
        self.key_outcome = Some(match t.rotate_key(by, reason) {
            Ok(new) => Ok(tf(
                locale,
                T::KeyChanged,
                &[&new.key_id, &new.number.to_string(), &old, &key_path],
            )),
            Err(e) => Err(tf(
                locale,
                T::KeyNotChanged,
                &[&system::rotation(&e, locale)],
            )),
        });
        self.about.key_id = t.signer.key_id.clone();
    }

    pub fn failed(&mut self, e: &OperatorError, locale: Locale) {
        self.failure = self.form.show(e, locale);
    }

    pub fn view<'a>(&'a self, look: &Look) -> Element<'a, Message> {
        let locale = look.locale;
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
                None
            ),
        ]
        .spacing(16);
        left = left.push(self.terminal_view(look));
        if let Some(editing) = &self.venue_edit {
            left = left.push(venue_form(editing, locale, &self.venue_outcome));
        } else if let Some(v) = &self.about.venue {
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
            let mut card = info_card(l(T::TheVenue), lines);
            if look.role.is_some_and(|r| r.can_administer()) {
                card = card.push(
                    button(text(l(T::EditVenue)))
                        .on_press(Message::EditVenue)
                        .padding([8, 14])
                        .style(button::secondary),
                );
            }
            if let Some(said) = outcome_line(&self.venue_outcome) {
                card = card.push(said);
            }
            left = left.push(
                container(card.spacing(4))
                    .padding(16)
                    .width(Fill)
                    .style(theme::card),
            );
        }
        if look.role.is_some_and(|r| r.can_administer()) {
            left = left.push(self.logo.view(locale).map(Message::Logo));
        }
        left = left.push(self.printing.view(locale).map(Message::Printing));
        if look.role.is_some_and(|r| r.can_coordinate()) {
            left = left.push(self.central.view(locale, look.zone).map(Message::Central));
        }
        if look.role.is_some_and(|r| r.can_administer()) {
            left = left.push(self.backups.view(locale).map(Message::Backups));
            left = left.push(self.mailing.view(locale).map(Message::Mailing));
        }
        let right = self.operators_view(look);
        // Room for the scroll bar, which would cover the cards' edge.
        row![
            scrollable(left.padding(iced::Padding::ZERO.right(14))).width(Fill),
            scrollable(right).width(Fill)
        ]
        .spacing(32)
        .into()
    }

    /// This terminal as recorded; an administrator can change its key.
    fn terminal_view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |key| t(locale, key);
        let about = &self.about;
        let mut card = column![
            text(l(T::ThisTerminal))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(about.terminal.clone()),
            text(label_value(locale, l(T::KeyId), &about.key_id)),
            text(label_value(locale, l(T::Database), &about.database)),
        ]
        .spacing(4);
        // The door its scans are recorded at: named by a coordinator.
        if look.role.is_some_and(|r| r.can_coordinate()) {
            card = card.push(labelled(
                l(T::DoorName),
                row![
                    text_input(&about.terminal, &self.door)
                        .id(DOOR_NAME)
                        .on_input(Message::Door)
                        .on_submit(Message::SaveDoor)
                        .padding(10),
                    button(text(l(T::Save)))
                        .on_press(Message::SaveDoor)
                        .padding([10, 16])
                        .style(button::secondary),
                ]
                .spacing(8),
                None,
            ));
        } else {
            card = card.push(text(label_value(locale, l(T::DoorName), &self.door)));
        }
        if let Some(said) = outcome_line(&self.door_outcome) {
            card = card.push(said);
        }
        if look.role.is_some_and(|r| r.can_administer()) {
            card = card.push(match &self.key_change {
                None => Element::from(
                    button(text(l(T::KeyChange)))
                        .on_press(Message::KeyChange)
                        .padding([8, 14])
                        .style(button::secondary),
                ),
                Some(reason) => column![
                    text(l(T::KeyChangeExplain)).size(theme::SMALL),
                    labelled(
                        l(T::KeyReason),
                        text_input("", reason)
                            .id(KEY_REASON)
                            .on_input(Message::KeyReason)
                            .on_submit(Message::KeyChangeNow)
                            .padding(10),
                        None
                    ),
                    row![
                        button(text(l(T::KeyChangeNow)).font(theme::BOLD))
                            .on_press(Message::KeyChangeNow)
                            .padding([10, 16])
                            .style(button::danger),
                        button(text(l(T::KeyKeep)))
                            .on_press(Message::KeyKeep)
                            .padding([10, 16])
                            .style(button::secondary),
                    ]
                    .spacing(10),
                ]
                .spacing(8)
                .into(),
            });
        }
        if let Some(said) = outcome_line(&self.key_outcome) {
            card = card.push(said);
        }
        container(card.spacing(8))
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn operators_view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |key| t(locale, key);
        let admin = look.role.is_some_and(|r| r.can_administer());
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
                            (Some(op.id) != self.about.me)
                                .then_some(Message::SetActive(op.id, active)),
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
                    None
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

/// A card's title and lines, to be framed as a card.
fn info_card<'a, M: 'a>(title: &'a str, lines: Vec<String>) -> iced::widget::Column<'a, M> {
    lines.into_iter().fold(
        column![text(title).size(theme::HEADING).font(theme::BOLD)].spacing(4),
        |c, line| c.push(text(line)),
    )
}

/// The text of one field of the venue's identity.
fn venue_field(v: &mut VenueSettings, field: VenueField) -> &mut String {
    match field {
        VenueField::Name => &mut v.name,
        VenueField::LegalName => &mut v.legal_name,
        VenueField::Licence => &mut v.licence_number,
        VenueField::Siret => &mut v.siret,
        VenueField::Gst => &mut v.gst_number,
        VenueField::Qst => &mut v.qst_number,
        VenueField::Address => &mut v.address,
        VenueField::Postcode => &mut v.postcode,
        VenueField::City => &mut v.city,
    }
}

/// The venue's identity as an administrator edits it: the fields of its
/// country; its country, currency and time zone as set up, not editable.
fn venue_form<'a>(
    v: &'a VenueSettings,
    locale: Locale,
    outcome: &'a Option<Result<String, String>>,
) -> Element<'a, Message> {
    let l = |key| t(locale, key);
    let input = |label: T, field: VenueField, value: &'a str| {
        let mut field_input = text_input("", value)
            .on_input(move |v| Message::VenueTyped(field, v))
            .on_submit(Message::SaveVenue)
            .padding(8);
        if field == VenueField::Name {
            field_input = field_input.id(VENUE_NAME);
        }
        labelled(l(label), field_input, None)
    };
    let mut form = column![
        text(l(T::TheVenue)).size(theme::HEADING).font(theme::BOLD),
        text(format!(
            "{} · {} · {}",
            country_name(v.country, locale),
            v.currency.code(),
            v.time_zone.name()
        ))
        .style(theme::muted),
        input(T::VenueName, VenueField::Name, &v.name),
        input(T::LegalName, VenueField::LegalName, &v.legal_name),
    ]
    .spacing(8);
    form = match v.country {
        crate::domain::Country::France => form
            .push(input(T::Licence, VenueField::Licence, &v.licence_number))
            .push(input(T::Siret, VenueField::Siret, &v.siret)),
        crate::domain::Country::Quebec => form
            .push(input(T::GstNumber, VenueField::Gst, &v.gst_number))
            .push(input(T::QstNumber, VenueField::Qst, &v.qst_number)),
    };
    form = form
        .push(input(T::Address, VenueField::Address, &v.address))
        .push(
            row![
                input(T::Postcode, VenueField::Postcode, &v.postcode),
                input(T::City, VenueField::City, &v.city),
            ]
            .spacing(8),
        )
        .push(
            row![
                button(text(l(T::Save)).font(theme::BOLD))
                    .on_press(Message::SaveVenue)
                    .padding([10, 16])
                    .style(button::primary),
                button(text(l(T::VenueKeep)))
                    .on_press(Message::KeepVenue)
                    .padding([10, 16])
                    .style(button::secondary),
            ]
            .spacing(10),
        );
    if let Some(said) = outcome_line(outcome) {
        form = form.push(said);
    }
    container(form)
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

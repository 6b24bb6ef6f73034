//! Publics' lists: the organisations (schools, works councils,
//! associations, companies) with their contacts, each added, changed and
//! given a new contact in one place; and the audience categories, added or
//! renamed. A coordinator's work.

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use super::{Message, State};
use crate::audience::{self, OrganisationCard};
use crate::domain::Locale;
use crate::domain::organisation::{KINDS, OrganisationDetails};
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::{A, a, af, organisation_kind};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

/// The name field of the organisation form: the cursor goes there.
pub const ORGANISATION_NAME: &str = "audience-organisation-name";

/// An organisation's field as typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgField {
    Name,
    Email,
    Phone,
    Address,
    Postcode,
    City,
    Notes,
}

impl OrgField {
    fn of_mut(self, d: &mut OrganisationDetails) -> &mut String {
        match self {
            OrgField::Name => &mut d.name,
            OrgField::Email => &mut d.email,
            OrgField::Phone => &mut d.phone,
            OrgField::Address => &mut d.address,
            OrgField::Postcode => &mut d.postcode,
            OrgField::City => &mut d.city,
            OrgField::Notes => &mut d.notes,
        }
    }

    fn of(self, d: &OrganisationDetails) -> &str {
        match self {
            OrgField::Name => &d.name,
            OrgField::Email => &d.email,
            OrgField::Phone => &d.phone,
            OrgField::Address => &d.address,
            OrgField::Postcode => &d.postcode,
            OrgField::City => &d.city,
            OrgField::Notes => &d.notes,
        }
    }

    fn label(self) -> A {
        match self {
            OrgField::Name => A::OrganisationName,
            OrgField::Email => A::Email,
            OrgField::Phone => A::Phone,
            OrgField::Address => A::Address,
            OrgField::Postcode => A::Postcode,
            OrgField::City => A::City,
            OrgField::Notes => A::Notes,
        }
    }
}

/// What the lists show and what is being typed.
#[derive(Default)]
pub(super) struct Lists {
    chosen: Option<OrganisationCard>,
    /// The organisation form: (its id, or None for a new one; its details).
    form: Option<(Option<i64>, OrganisationDetails)>,
    category_code: String,
    category_name: String,
}

#[derive(Clone, Debug)]
pub enum ListsMessage {
    Open(i64),
    New,
    Edit,
    Typed(OrgField, String),
    Kind(String),
    Save,
    Cancel,
    /// A new patron, contact of the organisation shown.
    NewContact,
    CategoryCode(String),
    CategoryName(String),
    /// A category's code and name put in the fields, to rename it.
    PickCategory(String, String),
    SaveCategory,
}

impl State {
    pub(super) fn lists(
        &mut self,
        message: ListsMessage,
        ctx: &mut Context,
    ) -> iced::Task<Message> {
        let locale = ctx.locale;
        let Some(by) = ctx.operator else {
            return iced::Task::none();
        };
        let by = by.clone();
        let lists = &mut self.lists;
        match message {
            ListsMessage::Open(id) => {
                lists.form = None;
                match audience::organisation(&ctx.terminal.store, id) {
                    Ok(card) => lists.chosen = Some(card),
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
            ListsMessage::New => {
                lists.form = Some((None, OrganisationDetails::default()));
                return iced::widget::operation::focus(ORGANISATION_NAME);
            }
            ListsMessage::Edit => {
                if let Some(card) = &lists.chosen {
                    lists.form = Some((Some(card.row.id), card.row.details.clone()));
                    return iced::widget::operation::focus(ORGANISATION_NAME);
                }
            }
            ListsMessage::Typed(field, value) => {
                if let Some((_, d)) = &mut lists.form {
                    *field.of_mut(d) = value;
                }
            }
            ListsMessage::Kind(kind) => {
                if let Some((_, d)) = &mut lists.form {
                    d.kind = kind;
                }
            }
            ListsMessage::Cancel => lists.form = None,
            ListsMessage::Save => {
                let Some((id, details)) = lists.form.clone() else {
                    return iced::Task::none();
                };
                let now = ctx.now();
                let store = &mut ctx.terminal.store;
                let saved = match id {
                    Some(id) => {
                        audience::change_organisation(store, &by, id, &details, now).map(|()| id)
                    }
                    None => audience::add_organisation(store, &by, &details, now),
                };
                match saved {
                    Ok(id) => {
                        self.said = Some(Ok(a(locale, A::Saved).to_owned()));
                        self.organisations =
                            audience::organisations(&ctx.terminal.store).unwrap_or_default();
                        return self.lists(ListsMessage::Open(id), ctx);
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
            ListsMessage::NewContact => {
                let org = lists.chosen.as_ref().map(|c| c.row.id);
                self.listing = false;
                let task = self.handle(Message::New, ctx);
                if let Some(form) = &mut self.form {
                    form.details.organisation_id = org;
                }
                return task;
            }
            ListsMessage::CategoryCode(v) => lists.category_code = v,
            ListsMessage::CategoryName(v) => lists.category_name = v,
            ListsMessage::PickCategory(code, name) => {
                lists.category_code = code;
                lists.category_name = name;
            }
            ListsMessage::SaveCategory => {
                let (code, name) = (lists.category_code.clone(), lists.category_name.clone());
                match audience::set_category(&mut ctx.terminal.store, &by, &code, &name) {
                    Ok(()) => {
                        self.lists.category_code.clear();
                        self.lists.category_name.clear();
                        self.categories =
                            audience::categories(&ctx.terminal.store).unwrap_or_default();
                        self.said = Some(Ok(a(locale, A::Saved).to_owned()));
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
        }
        iced::Task::none()
    }

    /// The organisations, for the left column.
    pub(super) fn organisations_list(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let chosen_id = self.lists.chosen.as_ref().map(|c| c.row.id);
        let mut list = column![
            button(text(l(A::NewOrganisation)))
                .on_press(Message::Lists(ListsMessage::New))
                .padding([8, 12])
                .style(button::secondary)
        ]
        .spacing(4);
        if self.organisations.is_empty() {
            list = list.push(text(l(A::NoOrganisationYet)).style(theme::muted));
        }
        for o in &self.organisations {
            let line = column![
                text(&o.details.name).font(theme::BOLD),
                text(format!(
                    "{} · {}",
                    organisation_kind(&o.details.kind, locale),
                    af(locale, A::ContactCount, &[&o.contacts.to_string()])
                ))
                .size(theme::SMALL),
            ]
            .spacing(2);
            list = list.push(
                button(line)
                    .on_press(Message::Lists(ListsMessage::Open(o.id)))
                    .padding([8, 12])
                    .width(Fill)
                    .style(theme::choice(chosen_id == Some(o.id))),
            );
        }
        list.into()
    }

    /// The right side: an organisation's form or card, or the categories.
    pub(super) fn lists_view(&self, locale: Locale) -> Element<'_, Message> {
        if let Some((_, d)) = &self.lists.form {
            return self.organisation_form(d, locale);
        }
        match &self.lists.chosen {
            Some(card) => column![
                organisation_card(card, locale),
                self.categories_view(locale)
            ]
            .spacing(14)
            .into(),
            None => self.categories_view(locale),
        }
    }

    fn organisation_form<'a>(
        &'a self,
        d: &'a OrganisationDetails,
        locale: Locale,
    ) -> Element<'a, Message> {
        let l = |k| a(locale, k);
        let field = |f: OrgField| {
            let mut input = text_input("", f.of(d))
                .on_input(move |v| Message::Lists(ListsMessage::Typed(f, v)))
                .on_submit(Message::Lists(ListsMessage::Save))
                .padding(8);
            if f == OrgField::Name {
                input = input.id(ORGANISATION_NAME);
            }
            labelled(l(f.label()), input, None)
        };
        let kinds: Vec<Choice<String>> = KINDS
            .iter()
            .map(|k| Choice::new((*k).to_owned(), organisation_kind(k, locale).to_owned()))
            .collect();
        let kind = chosen(&kinds, d.kind.clone()).or_else(|| kinds.last().cloned());
        let body = column![
            row![
                field(OrgField::Name),
                labelled(
                    l(A::OrganisationKind),
                    pick_list(kinds, kind, |c| Message::Lists(ListsMessage::Kind(c.value)))
                        .padding(8),
                    None,
                ),
            ]
            .spacing(10),
            row![field(OrgField::Email), field(OrgField::Phone)].spacing(10),
            field(OrgField::Address),
            row![field(OrgField::Postcode), field(OrgField::City)].spacing(10),
            field(OrgField::Notes),
            row![
                button(text(l(A::Save)).font(theme::BOLD))
                    .on_press(Message::Lists(ListsMessage::Save))
                    .padding([10, 18])
                    .style(button::primary),
                button(text(l(A::Cancel)))
                    .on_press(Message::Lists(ListsMessage::Cancel))
                    .padding([10, 18])
                    .style(button::secondary),
            ]
            .spacing(10),
        ]
        .spacing(10);
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn categories_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let lists = &self.lists;
        let mut body = column![
            text(l(A::CategoriesTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(l(A::CategoriesHint))
                .size(theme::SMALL)
                .style(theme::muted),
        ]
        .spacing(8);
        let mut chips = row![].spacing(6);
        for (code, name) in &self.categories {
            chips = chips.push(
                button(text(format!("{name} ({code})")).size(theme::SMALL))
                    .on_press(Message::Lists(ListsMessage::PickCategory(
                        code.clone(),
                        name.clone(),
                    )))
                    .padding([6, 10])
                    .style(theme::choice(lists.category_code == *code)),
            );
        }
        body = body.push(chips.wrap()).push(
            row![
                text_input(l(A::CategoryCode), &lists.category_code)
                    .on_input(|v| Message::Lists(ListsMessage::CategoryCode(v)))
                    .on_submit(Message::Lists(ListsMessage::SaveCategory))
                    .padding(8)
                    .width(180),
                text_input(l(A::CategoryName), &lists.category_name)
                    .on_input(|v| Message::Lists(ListsMessage::CategoryName(v)))
                    .on_submit(Message::Lists(ListsMessage::SaveCategory))
                    .padding(8),
                button(text(l(A::SaveCategory)))
                    .on_press(Message::Lists(ListsMessage::SaveCategory))
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Center),
        );
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

/// An organisation: who it is, how to reach it, its contacts (each opens
/// their card).
fn organisation_card(card: &OrganisationCard, locale: Locale) -> Element<'_, Message> {
    let l = |k| a(locale, k);
    let d = &card.row.details;
    let reach: Vec<&str> = [d.email.as_str(), &d.phone, &d.address, &d.postcode, &d.city]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let mut body = column![
        row![
            column![
                text(&d.name).size(theme::HEADING).font(theme::BOLD),
                text(organisation_kind(&d.kind, locale)).style(theme::muted),
            ]
            .width(Fill),
            button(text(l(A::Edit)))
                .on_press(Message::Lists(ListsMessage::Edit))
                .padding([8, 14])
                .style(button::secondary),
            button(text(l(A::NewContact)))
                .on_press(Message::Lists(ListsMessage::NewContact))
                .padding([8, 14])
                .style(button::primary),
        ]
        .spacing(8)
        .align_y(Center),
        text(reach.join(" · ")),
    ]
    .spacing(8);
    if !d.notes.is_empty() {
        body = body.push(text(&d.notes).size(theme::SMALL));
    }
    body = body.push(text(l(A::OrganisationContacts)).font(theme::BOLD));
    if card.contacts.is_empty() {
        body = body.push(text(l(A::NoContactYet)).style(theme::muted));
    }
    let mut contacts = column![].spacing(4);
    for p in &card.contacts {
        let second: Vec<&str> = [p.email.as_str(), &p.phone]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        contacts = contacts.push(
            button(
                row![
                    text(p.display_name()).font(theme::BOLD).width(Fill),
                    text(second.join(" · ")).size(theme::SMALL),
                    text(af(locale, A::Orders, &[&p.orders.to_string()])).size(theme::SMALL),
                ]
                .spacing(12),
            )
            .on_press(Message::Open(p.id))
            .padding([6, 10])
            .width(Fill)
            .style(button::secondary),
        );
    }
    container(body.push(scrollable(contacts).height(iced::Shrink)))
        .padding(16)
        .width(Fill)
        .style(theme::card)
        .into()
}

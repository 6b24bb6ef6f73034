//! The patron form of Publics: a new patron, or a card's details.

use iced::widget::{button, checkbox, column, container, pick_list, row, text, text_input};
use iced::{Element, Fill};

use super::{FIRST_NAME, Field, Form, Message, State};
use crate::domain::Locale;
use crate::domain::patron::Need;
use crate::ui::i18n::audience::{A, a, flag_text, need_name, text_label};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

impl State {
    pub(super) fn form_view<'a>(&'a self, form: &'a Form, locale: Locale) -> Element<'a, Message> {
        let l = |k| a(locale, k);
        let d = &form.details;
        let field = |f: Field| {
            let mut input = text_input("", f.of(d))
                .on_input(move |v| Message::Typed(f, v))
                .on_submit(Message::Save)
                .padding(8);
            if f == Field::FirstName {
                input = input.id(FIRST_NAME);
            }
            labelled(l(text_label(f)), input, None)
        };
        let birth_year = labelled(
            l(A::BirthYear),
            text_input("", &form.birth_year)
                .on_input(Message::BirthYear)
                .on_submit(Message::Save)
                .padding(8),
            None,
        );
        let needs = Need::ALL.into_iter().fold(row![].spacing(12), |r, need| {
            r.push(
                checkbox(d.needs.contains(&need))
                    .label(need_name(need, locale))
                    .on_toggle(move |on| Message::Need(need, on)),
            )
        });
        let categories = self
            .categories
            .iter()
            .fold(row![].spacing(12), |r, (code, name)| {
                let code = code.clone();
                r.push(
                    checkbox(d.categories.contains(&code))
                        .label(name.as_str())
                        .on_toggle(move |on| Message::Category(code.clone(), on)),
                )
            });
        let mut organisations = vec![Choice::new(None, l(A::NoOrganisation).to_owned())];
        organisations.extend(
            self.organisations
                .iter()
                .map(|o| Choice::new(Some(o.id), o.details.name.clone())),
        );
        let current = chosen(&organisations, d.organisation_id);
        let flags = crate::domain::patron::contact_flags(&d.email, &d.phone);
        let mut body = column![
            row![field(Field::FirstName), field(Field::LastName),].spacing(10),
            row![field(Field::Email), field(Field::Phone),].spacing(10),
        ]
        .spacing(10);
        for f in flags {
            body = body.push(
                text(flag_text(f, locale))
                    .size(theme::SMALL)
                    .style(theme::error),
            );
        }
        body = body
            .push(field(Field::Address))
            .push(row![field(Field::Postcode), field(Field::City), birth_year,].spacing(10))
            .push(labelled(
                l(A::Organisation),
                pick_list(organisations, current, |c| Message::Organisation(c.value)).padding(8),
                None,
            ))
            .push(labelled(l(A::Needs), needs, None))
            .push(labelled(l(A::Categories), categories.wrap(), None))
            .push(field(Field::Notes))
            .push(
                row![
                    button(text(l(A::Save)).font(theme::BOLD))
                        .on_press(Message::Save)
                        .padding([10, 18])
                        .style(button::primary),
                    button(text(l(A::Cancel)))
                        .on_press(Message::Cancel)
                        .padding([10, 18])
                        .style(button::secondary),
                ]
                .spacing(10),
            );
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

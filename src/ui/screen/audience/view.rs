//! Publics as the clerk and the coordinator see it: the modes across the
//! top (search, duplicates and upkeep, segments, organisations, analyses),
//! the list on the left, the card or the tool on the right.

use iced::widget::{button, column, row, scrollable, text, text_input};
use iced::{Element, Fill};

use super::{Message, SEARCH, State};
use crate::audience::Patron;
use crate::domain::Locale;
use crate::ui::i18n::audience::{A, a, af, need_name};
use crate::ui::screen::Look;
use crate::ui::theme;

impl State {
    /// Search, duplicates, segments or analyses.
    fn modes(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let searching =
            self.duplicates.is_none() && !self.segmenting && !self.analysing && !self.listing;
        let mode = |label: A, message: Message, on: bool| {
            button(text(l(label)).size(theme::SMALL))
                .on_press(message)
                .padding([6, 12])
                .style(theme::choice(on))
        };
        row![
            mode(A::SearchList, Message::Duplicates(false), searching),
            mode(
                A::DuplicatesList,
                Message::Duplicates(true),
                self.duplicates.is_some()
            ),
            mode(A::SegmentsList, Message::Segments, self.segmenting),
            mode(A::ListsList, Message::Listing, self.listing),
            mode(A::AnalysesList, Message::Analyses, self.analysing),
        ]
        .spacing(6)
        .wrap()
        .vertical_spacing(6)
        .into()
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        if self.analysing {
            let mut page = column![self.modes(locale)].spacing(10);
            if let Some(said) = &self.said {
                page = page.push(match said {
                    Ok(words) => text(words).style(theme::success),
                    Err(words) => text(words).style(theme::error),
                });
            }
            return page.push(self.analysis_view(locale)).into();
        }
        let search = text_input(l(A::Search), &self.search)
            .id(SEARCH)
            .on_input(Message::Search)
            .on_submit(Message::OpenFirst)
            .padding(10);
        let list: Element<'_, Message> = if self.listing {
            self.organisations_list(locale)
        } else if self.segmenting {
            self.saved_list(locale)
        } else if let Some(pairs) = &self.duplicates {
            self.duplicates_list(pairs, locale)
        } else if self.found.is_empty() {
            let hint = if self.search.trim().chars().count() >= 2 {
                l(A::Nobody)
            } else {
                l(A::SearchHint)
            };
            column![
                text(hint).style(theme::muted),
                text(af(locale, A::FileSize, &[&self.patrons.to_string()])).style(theme::muted),
            ]
            .spacing(8)
            .into()
        } else {
            let chosen = self.card.as_ref().map(|c| c.patron.id);
            self.found
                .iter()
                .fold(column![].spacing(4), |c, p| {
                    c.push(found_line(p, chosen == Some(p.id), locale))
                })
                .into()
        };
        let left = column![
            row![
                search,
                button(text(l(A::NewPatron)))
                    .on_press(Message::New)
                    .padding([10, 12])
                    .style(button::secondary),
            ]
            .spacing(8),
            scrollable(list).height(Fill),
        ]
        .spacing(10)
        .width(440);
        let right: Element<'_, Message> = match (&self.form, &self.card) {
            _ if self.listing => self.lists_view(locale),
            _ if self.segmenting => self.builder_view(locale),
            _ if self.preview.is_some() => self.preview_view(locale),
            (None, None) if self.duplicates.is_some() => self.upkeep_view(locale),
            (Some(form), _) => self.form_view(form, locale),
            (None, Some(card)) => self.card_view(card, look),
            (None, None) => text(l(A::ChooseOne)).style(theme::muted).into(),
        };
        let mut right_column = column![].spacing(8);
        if let Some(said) = &self.said {
            right_column = right_column.push(match said {
                Ok(words) => text(words).style(theme::success),
                Err(words) => text(words).style(theme::error),
            });
        }
        right_column = right_column.push(right);
        column![
            self.modes(locale),
            row![
                left,
                scrollable(right_column.padding(iced::Padding::ZERO.right(14))).width(Fill)
            ]
            .spacing(24)
        ]
        .spacing(12)
        .into()
    }
}

fn found_line(p: &Patron, chosen: bool, locale: Locale) -> Element<'_, Message> {
    let mut second: Vec<String> = Vec::new();
    for s in [&p.email, &p.phone, &p.city, &p.organisation] {
        if !s.is_empty() {
            second.push(s.clone());
        }
    }
    let mut body = column![
        row![
            text(p.display_name()).font(theme::BOLD).width(Fill),
            text(af(locale, A::Orders, &[&p.orders.to_string()])).size(theme::SMALL),
        ],
        text(second.join(" · ")).size(theme::SMALL),
    ]
    .spacing(2);
    if !p.needs.is_empty() {
        let needs: Vec<&str> = p.needs.iter().map(|n| need_name(*n, locale)).collect();
        body = body.push(
            text(needs.join(", "))
                .size(theme::SMALL)
                .style(theme::error),
        );
    }
    button(body)
        .on_press(Message::Open(p.id))
        .padding([8, 12])
        .width(Fill)
        .style(theme::choice(chosen))
        .into()
}

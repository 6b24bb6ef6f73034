//! The sections that later versions fill with their work, showing today
//! what is real: the season as programmed, and a plain statement of what is
//! not there yet.

use iced::widget::{column, container, row, text};
use iced::{Element, Fill};

use crate::domain::Locale;
use crate::store::programming::PerformanceLine;
use crate::ui::i18n::{T, t, tf};
use crate::ui::theme;

/// What the season sections show.
pub struct Season<'a> {
    pub upcoming: &'a [PerformanceLine],
    pub zone: chrono_tz::Tz,
}

pub fn sell<'a, M: 'a>(locale: Locale, season: &Season<'a>) -> Element<'a, M> {
    let next = &season.upcoming[..season.upcoming.len().min(8)];
    column![
        heading(locale, T::SellTitle, T::SellEmpty),
        text(t(locale, T::NextPerformances))
            .size(theme::HEADING)
            .font(theme::BOLD),
        performances(locale, next, season.zone),
    ]
    .spacing(16)
    .into()
}

pub fn door<'a, M: 'a>(locale: Locale) -> Element<'a, M> {
    heading(locale, T::DoorTitle, T::DoorEmpty)
}

pub fn audience<'a, M: 'a>(locale: Locale) -> Element<'a, M> {
    heading(locale, T::AudienceTitle, T::AudienceEmpty)
}

pub fn reports<'a, M: 'a>(locale: Locale) -> Element<'a, M> {
    heading(locale, T::ReportsTitle, T::ReportsEmpty)
}

/// A section's title and a sentence about its state.
pub fn heading<'a, M: 'a>(locale: Locale, title: T, body: T) -> Element<'a, M> {
    column![
        text(t(locale, title)).size(theme::TITLE).font(theme::BOLD),
        text(t(locale, body)).size(theme::BODY).style(theme::muted),
    ]
    .spacing(6)
    .into()
}

/// Performances as a table: when, what, where, how many places, status.
fn performances<'a, M: 'a>(
    locale: Locale,
    lines: &'a [PerformanceLine],
    zone: chrono_tz::Tz,
) -> Element<'a, M> {
    if lines.is_empty() {
        return text(t(locale, T::NoPerformances))
            .style(theme::muted)
            .into();
    }
    let table = lines.iter().fold(column![].spacing(2), |c, p| {
        let when = locale.date_time(crate::store::instant(p.starts_at), zone);
        let status = match p.status.as_str() {
            "on_sale" => T::StatusOnSale,
            "cancelled" => T::StatusCancelled,
            _ => T::StatusClosed,
        };
        c.push(
            container(
                row![
                    text(when).width(230).font(theme::BOLD),
                    text(&p.show).width(Fill),
                    text(&p.hall).width(150),
                    text(tf(locale, T::Places, &[&p.capacity.to_string()])).width(110),
                    text(t(locale, status)).width(90).style(theme::muted),
                ]
                .spacing(12),
            )
            .padding([8, 12])
            .style(theme::card),
        )
    });
    table.into()
}

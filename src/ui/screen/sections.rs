//! A section's heading: its title and a plain sentence about its state.

use iced::Element;
use iced::widget::{column, text};

use crate::domain::Locale;
use crate::ui::i18n::{T, t};
use crate::ui::theme;

/// A section's title and a sentence about its state.
pub fn heading<'a, M: 'a>(locale: Locale, title: T, body: T) -> Element<'a, M> {
    column![
        text(t(locale, title)).size(theme::TITLE).font(theme::BOLD),
        text(t(locale, body)).size(theme::BODY).style(theme::muted),
    ]
    .spacing(6)
    .into()
}

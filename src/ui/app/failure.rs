//! The screen shown when the database or its key cannot be opened: what
//! went wrong, in words, and nothing touched.

use super::*;
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::column;

pub struct Failure {
    pub locale: Locale,
    pub explanation: T,
    pub detail: String,
}

impl Failure {
    pub(super) fn from_start(error: &StartError, locale: Locale) -> Failure {
        let explanation = match error.problem() {
            StartProblem::Foreign => T::OpenForeign,
            StartProblem::Newer => T::OpenNewer,
            StartProblem::Corrupt => T::OpenCorrupt,
            StartProblem::Unreadable => T::OpenUnreadable,
            StartProblem::KeyMissing => T::OpenKeyMissing,
            StartProblem::KeyMismatch => T::OpenKeyMismatch,
            StartProblem::KeyRetired => T::OpenKeyRetired,
            StartProblem::KeyTooOpen => T::OpenKeyOpen,
            StartProblem::Other => T::OpenOther,
        };
        Failure {
            locale,
            explanation,
            detail: crate::ui::i18n::system::start(error, locale),
        }
    }

    pub(super) fn view(&self) -> Element<'_, Message> {
        let l = |key| t(self.locale, key);
        let body = column![
            text(l(T::OpenFailedTitle))
                .size(theme::TITLE)
                .font(theme::BOLD),
            text(l(self.explanation)).size(theme::HEADING),
            text(&self.detail).size(theme::SMALL).style(theme::muted),
            button(text("OK"))
                .on_press(Message::Quit)
                .padding([10, 24])
                .style(button::secondary),
        ]
        .spacing(16)
        .max_width(820);
        container(container(body).padding(32).style(theme::card))
            .center(Fill)
            .align_y(Center)
            .into()
    }
}

//! The screen shown when the database or its key cannot be opened: what
//! went wrong, in words, and nothing touched. When a backup mends it (the
//! database damaged, or gone with its key left), « Restaurer une
//! sauvegarde » is there.

use super::*;
use crate::ui::screen::restore;
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::column;

pub struct Failure {
    pub locale: Locale,
    pub explanation: T,
    pub detail: String,
    /// How the window was started: again after a restore.
    pub(super) launch: Launch,
    /// « Restaurer une sauvegarde », for the problems a restore mends.
    pub(super) restore: Option<restore::State>,
    /// The restore asked, for the app to start.
    pub(super) restore_asked: Option<restore::Request>,
}

impl Failure {
    pub(super) fn from_start(
        error: &StartError,
        locale: Locale,
        launch: &Launch,
    ) -> (Failure, Task<Message>) {
        let explanation = match error.problem() {
            StartProblem::Foreign => T::OpenForeign,
            StartProblem::Newer => T::OpenNewer,
            StartProblem::Corrupt => T::OpenCorrupt,
            StartProblem::Unreadable => T::OpenUnreadable,
            StartProblem::KeyMissing => T::OpenKeyMissing,
            StartProblem::KeyMismatch => T::OpenKeyMismatch,
            StartProblem::KeyRetired => T::OpenKeyRetired,
            StartProblem::KeyTooOpen => T::OpenKeyOpen,
            StartProblem::Gone => T::OpenGone,
            StartProblem::Other => T::OpenOther,
        };
        let (restore, task) = match restoring::panel_for(error.problem(), launch) {
            Some((state, task)) => (Some(state), task),
            None => (None, Task::none()),
        };
        let failure = Failure {
            locale,
            explanation,
            detail: crate::ui::i18n::system::start(error, locale),
            launch: launch.clone(),
            restore,
            restore_asked: None,
        };
        (failure, task)
    }

    pub(super) fn update(&mut self, message: Message) -> Task<Message> {
        let message = match message {
            Message::FocusNext => return iced::widget::operation::focus_next(),
            Message::FocusPrevious => return iced::widget::operation::focus_previous(),
            // Enter that no field took: the button of the backup chosen
            // (never going back to an older one: that is its own button).
            Message::Enter => Message::Restore(restore::Message::Restore),
            other => other,
        };
        match (message, &mut self.restore) {
            (Message::Restore(m), Some(panel)) => {
                let (task, asked) = panel.update(m, self.locale);
                self.restore_asked = asked;
                task.map(Message::Restore)
            }
            _ => Task::none(),
        }
    }

    pub(super) fn view(&self) -> Element<'_, Message> {
        let l = |key| t(self.locale, key);
        let mut body = column![
            text(l(T::OpenFailedTitle))
                .size(theme::TITLE)
                .font(theme::BOLD),
            text(l(self.explanation)).size(theme::HEADING),
            text(&self.detail).size(theme::SMALL).style(theme::muted),
        ]
        .spacing(16)
        .max_width(820);
        if let Some(panel) = &self.restore {
            body = body.push(
                container(panel.view(self.locale, true).map(Message::Restore))
                    .padding(20)
                    .style(theme::notice),
            );
        }
        body = body.push(
            button(text(l(T::Quit)))
                .on_press(Message::Quit)
                .padding([10, 24])
                .style(button::secondary),
        );
        let page = container(body)
            .padding(32)
            .max_width(884)
            .style(theme::card);
        iced::widget::scrollable(container(page).padding(24).center_x(Fill))
            .height(Fill)
            .into()
    }
}

//! A backup restored from the window: the database is closed (the app
//! lets go of its terminal, and with it the lock a restore waits on), the
//! restore runs off the window's thread, then the window starts again on
//! the restored database: the log-in says what came back and what was
//! lost; a refusal goes back to the panel it was asked from.

use super::*;
use crate::backup;
use crate::ui::i18n::backups::{self as words, R, r, rf};
use crate::ui::screen::restore::{self, Request, zone_of};
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::column;

pub struct Restoring {
    launch: Launch,
    locale: Locale,
    request: Request,
}

/// How a restore ended: what it did, in words, or why it was refused and
/// whether it was for being older than the database.
pub type Outcome = Option<Result<String, (String, bool)>>;

impl App {
    /// The restore asked on the first-run screen or the failure screen,
    /// if one was: taken, to be started.
    pub(super) fn restore_asked(&mut self) -> Option<(Request, bool)> {
        match self {
            App::Open(open) => open.restore_asked.take().map(|r| (r, true)),
            App::Failed(f) => f.restore_asked.take().map(|r| (r, false)),
            App::Restoring(_) => None,
        }
    }

    /// Closes the database and restores `request` off the window's
    /// thread: over the new database of a first run (`over_new`), or
    /// over the damaged or missing one the window could not open.
    pub(super) fn start_restore(&mut self, (request, over_new): (Request, bool)) -> Task<Message> {
        let (launch, locale) = match self {
            App::Open(open) => (open.launch.clone(), open.locale),
            App::Failed(f) => (f.launch.clone(), f.locale),
            App::Restoring(_) => return Task::none(),
        };
        // The terminal goes here: its connection closes, its lock is let go.
        *self = App::Restoring(Box::new(Restoring {
            launch: launch.clone(),
            locale,
            request: request.clone(),
        }));
        let now = launch.clock.now();
        let zone = zone_of(&request.made);
        Task::perform(
            crate::ui::widget::off_thread(move || {
                let (file, db) = (&request.made.file, &launch.db);
                let passphrase = request.passphrase.as_deref();
                let done = if over_new {
                    backup::restore_over_new(file, db, passphrase.unwrap_or_default(), now)
                } else {
                    backup::restore(file, db, (request.older, passphrase), now)
                };
                done.map(|d| words::restored(locale, &d, zone))
                    .map_err(|e| {
                        let older = matches!(
                            e,
                            backup::BackupError::Restore(backup::RestoreError::Older { .. })
                        );
                        (words::error(locale, &e), older)
                    })
            }),
            Message::Restored,
        )
    }

    /// The restore ended: the window starts again on the database, with
    /// what came back said at the log-in, or the refusal in the panel.
    pub(super) fn restored(&mut self, outcome: Outcome) -> Task<Message> {
        let App::Restoring(restoring) = self else {
            return Task::none();
        };
        let Restoring {
            launch,
            locale,
            request,
        } = &**restoring;
        let (mut app, mut task) = App::boot(launch);
        let outcome = outcome
            .unwrap_or_else(|| Err((words::b(*locale, words::B::Stopped).to_owned(), false)));
        match (&mut app, outcome) {
            (App::Open(open), Ok(said)) => {
                if let Screen::Login(login) = &mut open.screen {
                    login.say(said);
                }
            }
            (App::Open(open), Err((why, older))) => {
                if let Screen::Setup(setup) = &mut open.screen {
                    let focus = setup.restore_refused(request.clone(), why, older);
                    task = task.chain(focus.map(Message::Setup));
                }
            }
            (App::Failed(f), Err((why, older))) => {
                if let Some(panel) = &mut f.restore {
                    let focus = panel.refused(request.clone(), why, older);
                    task = task.chain(focus.map(Message::Restore));
                }
            }
            _ => {}
        }
        *self = app;
        task
    }
}

impl Restoring {
    pub(super) fn view(&self) -> Element<'_, Message> {
        let when = self.locale.in_words(
            self.request.made.manifest.made_at,
            zone_of(&self.request.made),
        );
        let body = column![
            text(r(self.locale, R::Restoring))
                .size(theme::TITLE)
                .font(theme::BOLD),
            text(rf(self.locale, R::RestoringBody, &[&when])).size(theme::HEADING),
            text(self.request.made.file.display().to_string())
                .size(theme::SMALL)
                .style(theme::muted),
        ]
        .spacing(16)
        .max_width(820);
        container(container(body).padding(32).style(theme::card))
            .center(Fill)
            .align_y(Center)
            .into()
    }
}

/// The panel of the failure screen, for the problems a restore mends: a
/// damaged database, or one gone with its key left beside it.
pub(super) fn panel_for(
    problem: StartProblem,
    launch: &Launch,
) -> Option<(restore::State, Task<Message>)> {
    matches!(problem, StartProblem::Corrupt | StartProblem::Gone).then(|| {
        // The key gone with the disk: the one sealed with the backup.
        let key_gone = !crate::terminal::key_path_of(&launch.db).exists();
        let locale = launch.lang.unwrap_or_default();
        let (state, task) = restore::State::new(&launch.db, key_gone, locale);
        let focus = iced::widget::operation::focus(restore::PATH_INPUT);
        (state, Task::batch([focus, task.map(Message::Restore)]))
    })
}

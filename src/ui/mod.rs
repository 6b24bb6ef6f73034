//! The window: iced, French first; `app/` holds the state and routes,
//! `screen/` the screens, `i18n/` every word, `widget/` the shared pieces.
//! It may use the job modules, domain and terminal; never store or ledger.
//!
//! Every screen has one contract (see `screen`): its own `Message`,
//! `update(&mut self, msg, &mut Context) -> (Task, Option<Event>)`, `view`,
//! loaded through a task; the app maps the tasks and acts on the events.

pub mod app;
pub mod i18n;
pub mod screen;
pub mod theme;
pub mod widget;

use std::path::PathBuf;

use crate::domain::Locale;

pub use app::{App, Message};

/// How the window was asked to start.
#[derive(Clone, Debug)]
pub struct Launch {
    pub db: PathBuf,
    /// `--lang`: overrides the language saved in Réglages.
    pub lang: Option<Locale>,
    /// `--demo`: load the demo season into an empty database at start.
    pub demo: bool,
    /// The program's clock (the computer's; a set one in tests).
    pub clock: crate::terminal::Clock,
}

/// The size of a common counter laptop screen.
pub const WINDOW: (f32, f32) = (1366.0, 768.0);

/// The whole program, for `main` and for end-to-end tests.
pub fn application(
    launch: Launch,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = iced::Theme>> {
    iced::application(move || App::boot(&launch), App::update, App::view)
        .title(App::title)
        .subscription(App::subscription)
        .theme(App::theme)
        .font(theme::FONT_REGULAR_BYTES)
        .font(theme::FONT_BOLD_BYTES)
        .default_font(theme::FONT)
        .window_size(WINDOW)
        // Closing the window logs the operator out first (a ledger record).
        .exit_on_close_request(false)
}

pub fn run(launch: Launch) -> iced::Result {
    application(launch).run()
}

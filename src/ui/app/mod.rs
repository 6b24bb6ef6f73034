//! The application: the open terminal, the language, and the screen shown.
//! It routes each message to its screen with a `Context` (the terminal,
//! who is logged in, the language and time zone), maps the screen's task
//! back, and acts on the screen's event: logging in, out, changing the
//! language. The screens call the job modules themselves.

mod central;
mod events;
mod failure;
mod keys;
mod restoring;
mod sending;
mod view;

pub use failure::Failure;
pub use keys::shortcut;

use chrono::{DateTime, Timelike, Utc};
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, container, operation, text};
use iced::{Center, Element, Event, Fill, Subscription, Task, Theme, event, window};

use super::Launch;
use super::i18n::{T, t};
use super::screen::{
    Context, Look, Section, audience as audience_screen, door as door_screen, frame, login,
    programming as programming_screen, reports, sell, settings, setup, till,
};
use super::theme;
use crate::domain::{Locale, Venue};
use crate::exchange;
use crate::operators::Operator;
use crate::terminal::{StartError, StartProblem, Store, Terminal};

/// How often the door's counters are counted again while it is shown.
const DOOR_RECOUNT_SECONDS: u32 = 15;

pub enum App {
    /// The database or the key could not be opened: say why, touch nothing.
    Failed(Box<Failure>),
    Open(Box<Open>),
    /// A backup is being restored (off the window's thread), the database
    /// closed meanwhile.
    Restoring(Box<restoring::Restoring>),
}

pub struct Open {
    terminal: Terminal,
    /// How the window was started: again after a restore.
    launch: Launch,
    /// A restore asked on the first-run screen, for the app to start.
    restore_asked: Option<super::screen::restore::Request>,
    locale: Locale,
    /// `--lang` was given: it wins over the saved language.
    locale_forced: bool,
    venue: Option<Venue>,
    now: DateTime<Utc>,
    outbox: i64,
    /// The outbox is being sent, off the window's thread.
    sending: bool,
    /// How the last sending went (the status bar says it).
    sending_state: frame::Sending,
    /// A day before today with sales this terminal has not closed: the
    /// frame says so until it is.
    left_open: Option<chrono::NaiveDate>,
    /// The terminal is in training mode (the frame says so).
    training: bool,
    /// The venue's central database, once joined: pushes and conflicts.
    central: central::Central,
    /// The last automatic backup failed (the status bar says so until one
    /// succeeds).
    backup_failing: bool,
    /// Ctrl (⌘) is held: a digit typed now is a shortcut's, not a count.
    command: bool,
    /// The window was asked to close: a backup is being made first.
    quitting: bool,
    screen: Screen,
}

pub enum Screen {
    Setup(setup::State),
    Login(login::State),
    Desk(Box<Desk>),
}

/// Logged in: the frame around one section. Each section keeps its state
/// (Vente its basket) while another is shown.
pub struct Desk {
    pub operator: Operator,
    pub section: Section,
    till: Option<till::State>,
    reports: Option<reports::State>,
    settings: Option<settings::State>,
    programming: Option<Box<programming_screen::State>>,
    sell: Option<Box<sell::State>>,
    door: Option<Box<door_screen::State>>,
    audience: Option<Box<audience_screen::State>>,
    /// The float asked at the first log-in of the day, before Vente.
    opening: Option<Box<till::drawer::Opening>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Setup(setup::Message),
    Login(login::Message),
    Nav(Section),
    Till(till::Message),
    Reports(reports::Message),
    Settings(settings::Message),
    Programming(programming_screen::Message),
    Sell(sell::Message),
    Door(door_screen::Message),
    Audience(audience_screen::Message),
    /// The till's opening at log-in.
    Opening(till::drawer::OpeningMessage),
    SwitchOperator,
    Tick,
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    Left,
    Right,
    Escape,
    /// Enter that no field took (a field's own Enter submits it): in
    /// Programmation, confirms cancelling or moving a performance.
    Enter,
    /// Del: removes the last ticket of the basket.
    Delete,
    /// F1…F11 (F12 switches operator): the section shown decides.
    Function(u8),
    /// Alt+1…9: a tab of the section shown.
    Alt(usize),
    /// Ctrl+E: in Vente, the last order's tickets by e-mail.
    MailKey,
    /// Ctrl+B: gift vouchers (Vente).
    VoucherKey,
    /// Ctrl+A: subscriptions (Vente).
    SubscriptionKey,
    /// Ctrl (⌘) pressed or released.
    Modifiers(bool),
    /// Caisse's closings, where a day left open is closed.
    OpenClosings,
    /// Caisse → Envois (the status bar's count).
    OpenOutbox,
    /// What sending the outbox did.
    Sent(Result<crate::exchange::outbox::Drained, String>),
    /// A push of the ledger to the central database ended: the conflicts
    /// waiting there and what it says this terminal holds, or why it could
    /// not.
    CentralPushed(Result<central::Heard, String>),
    /// The central database announced a new conflict.
    ConflictAnnounced,
    Quit,
    /// The backup made as the window closes is done: it goes.
    BackedUpToQuit,
    /// « Restaurer une sauvegarde » on the screen saying the database
    /// could not be opened.
    Restore(super::screen::restore::Message),
    /// A restore ended.
    Restored(restoring::Outcome),
}

impl App {
    pub fn boot(launch: &Launch) -> (App, Task<Message>) {
        let now = launch.clock.now();
        let guess = launch.lang.unwrap_or_default();
        let failed = |e: &StartError| {
            let (failure, task) = Failure::from_start(e, guess, launch);
            (App::Failed(Box::new(failure)), task)
        };
        let terminal = match Terminal::open(&launch.db, launch.clock.clone()) {
            Ok(t) => t,
            Err(e) => return failed(&e),
        };
        if let Err(e) = terminal.store.check_integrity() {
            return failed(&e.into());
        }
        let mut open = Open {
            terminal,
            launch: launch.clone(),
            restore_asked: None,
            locale: guess,
            locale_forced: launch.lang.is_some(),
            venue: None,
            now,
            outbox: 0,
            sending: false,
            sending_state: frame::Sending::Fine,
            left_open: None,
            backup_failing: false,
            command: false,
            quitting: false,
            training: false,
            central: central::Central::default(),
            // Replaced by the first screen below.
            screen: Screen::Login(login::State::new().0),
        };
        let mut failure = open.reload().err();
        if launch.demo && open.venue.is_none() {
            failure = open.load_demo().err().or(failure);
        }
        let task = open.enter_first_screen();
        if let (Some(e), Screen::Setup(s)) = (failure, &mut open.screen) {
            s.demo_failed(&e, open.locale);
        }
        (App::Open(Box::new(open)), task)
    }

    pub fn title(&self) -> String {
        match self {
            App::Open(open) => match &open.venue {
                Some(v) => format!("Guichet — {}", v.settings.name),
                None => "Guichet".to_owned(),
            },
            App::Failed(_) | App::Restoring(_) => "Guichet".to_owned(),
        }
    }

    pub fn theme(&self) -> Theme {
        theme::theme()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        // A joined terminal hears of new conflicts as they are found.
        let listening = match self {
            App::Open(open) if open.central.joined => Subscription::run_with(
                open.terminal.store.path().to_owned(),
                central::announcements,
            ),
            _ => Subscription::none(),
        };
        Subscription::batch([
            event::listen_with(shortcut),
            iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::Tick),
            window::close_requests().map(|_| Message::Quit),
            listening,
        ])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match self {
            // The end of the day: a backup before the window goes (asked
            // to close again meanwhile, it goes at once).
            App::Open(open) if matches!(message, Message::Quit) => {
                if open.quitting {
                    return iced::exit();
                }
                open.quitting = true;
                open.log_out();
                let db = open.terminal.store.path().to_owned();
                let now = open.terminal.now();
                Task::perform(
                    crate::ui::widget::off_thread(move || crate::backup::run_apart(&db, now)),
                    |_| Message::BackedUpToQuit,
                )
            }
            App::Open(_) if matches!(message, Message::BackedUpToQuit) => iced::exit(),
            App::Failed(_) if matches!(message, Message::Quit) => iced::exit(),
            // A restore is not cut short: it ends in seconds.
            App::Restoring(_) => match message {
                Message::Restored(outcome) => self.restored(outcome),
                _ => Task::none(),
            },
            App::Open(open) => {
                let task = open.update(message);
                match self.restore_asked() {
                    Some(asked) => self.start_restore(asked),
                    None => task,
                }
            }
            App::Failed(f) => {
                let task = f.update(message);
                match self.restore_asked() {
                    Some(asked) => self.start_restore(asked),
                    None => task,
                }
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match self {
            App::Open(open) => open.view(),
            App::Failed(f) => f.view(),
            App::Restoring(r) => r.view(),
        }
    }

    /// The open state, for tests.
    pub fn open(&self) -> Option<&Open> {
        match self {
            App::Open(open) => Some(open),
            App::Failed(_) | App::Restoring(_) => None,
        }
    }
}

impl Desk {
    fn for_operator(operator: Operator) -> Desk {
        Desk {
            operator,
            section: Section::Sell,
            till: None,
            reports: None,
            settings: None,
            programming: None,
            sell: None,
            door: None,
            audience: None,
            opening: None,
        }
    }

    /// Vente, once opened.
    pub fn sell(&self) -> Option<&sell::State> {
        self.sell.as_deref()
    }
}

impl Open {
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    pub fn store(&self) -> &Store {
        &self.terminal.store
    }

    /// The venue's time zone (UTC before set-up).
    fn zone(&self) -> chrono_tz::Tz {
        self.venue
            .as_ref()
            .map_or(chrono_tz::UTC, |v| v.settings.time_zone)
    }

    /// How screens are to look now.
    fn look(&self) -> Look {
        let role = match &self.screen {
            Screen::Desk(d) => Some(d.operator.role),
            _ => None,
        };
        Look {
            locale: self.locale,
            zone: self.zone(),
            now: self.now,
            role,
        }
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        // What the user does may sign a record: if another program changed
        // this terminal's key (`guichet key rotate`), sign with the new one.
        // Should that fail, the action itself says so and writes nothing.
        if !matches!(message, Message::Tick) {
            let _ = self.terminal.follow_key_change();
        }
        match message {
            Message::Tick => self.tick(),
            Message::FocusNext => operation::focus_next(),
            Message::FocusPrevious => operation::focus_previous(),
            Message::SwitchOperator if matches!(self.screen, Screen::Desk(_)) => {
                self.log_out();
                self.enter_first_screen()
            }
            Message::Modifiers(command) => {
                self.command = command;
                Task::none()
            }
            Message::Nav(section) => self.navigate(section),
            Message::OpenClosings => {
                self.navigate(Section::Till)
                    .chain(Task::done(Message::Till(till::Message::Show(
                        till::List::Closings,
                    ))))
            }
            Message::OpenOutbox => {
                self.navigate(Section::Till)
                    .chain(Task::done(Message::Till(till::Message::Show(
                        till::List::Outbox,
                    ))))
            }
            Message::Sent(outcome) => self.sent(outcome),
            Message::CentralPushed(outcome) => self.central_pushed(outcome),
            Message::ConflictAnnounced => self.conflict_announced(),
            Message::Till(m) => {
                let task = self.route(Message::Till(m));
                self.refresh_left_open();
                task
            }
            message => self.route(message),
        }
    }

    /// Every second: the clock of the status bar; every minute the outbox;
    /// every 15 seconds the door's counters, while it is shown.
    fn tick(&mut self) -> Task<Message> {
        self.now = self.terminal.now();
        let mut send = Task::none();
        if self.now.second() == 0 {
            self.outbox = exchange::waiting(&self.terminal.store).unwrap_or(self.outbox);
            if matches!(self.screen, Screen::Desk(_)) {
                self.refresh_left_open();
            }
            // What waits leaves when the network is there: tried every
            // minute, each message at its own time.
            if self.outbox > 0 {
                send = self.send_outbox();
            }
            if self.now.minute().is_multiple_of(central::PUSH_MINUTES) {
                send = Task::batch([send, self.push_central()]);
            }
        } else if !self.central.heard {
            // The first push goes as the window opens: the status bar
            // counts the conflicts waiting from the start.
            send = self.push_central();
        }
        let door = match &self.screen {
            Screen::Desk(d)
                if d.section == Section::Door
                    && d.door.is_some()
                    && self.now.second().is_multiple_of(DOOR_RECOUNT_SECONDS) =>
            {
                Task::done(Message::Door(door_screen::Message::Recount))
            }
            _ => Task::none(),
        };
        Task::batch([send, door])
    }
}

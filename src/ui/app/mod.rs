//! The application state: the open terminal, the language, and the screen.
//! Screens report what they need through events; this module is the only
//! part of the GUI that calls the job modules.

mod events;
mod failure;
mod keys;
mod view;

pub use failure::Failure;
pub use keys::shortcut;

use chrono::{DateTime, Timelike, Utc};
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, container, operation, text};
use iced::{Center, Element, Event, Fill, Subscription, Task, Theme, event, window};

use super::Launch;
use super::i18n::{T, t, tf};
use super::screen::{
    Section, door as door_screen, frame, login, programming as programming_screen, sections, sell,
    settings, setup, till,
};
use super::theme;
use crate::domain::Locale;
use crate::domain::Venue;
use crate::door;
use crate::exchange;
use crate::operators::{self, Operator};
use crate::programming::{self, demo};
use crate::terminal::{StartError, StartProblem, Store, Terminal};
use crate::tickets::print::PrintSettings;

/// How often the door's counters are counted again while it is shown.
const DOOR_RECOUNT_SECONDS: u32 = 15;

pub enum App {
    /// The database or the key could not be opened: say why, touch nothing.
    Failed(Failure),
    Open(Box<Open>),
}

pub struct Open {
    terminal: Terminal,
    locale: Locale,
    /// `--lang` was given: it wins over the saved language.
    locale_forced: bool,
    venue: Option<Venue>,
    now: DateTime<Utc>,
    outbox: i64,
    screen: Screen,
}

pub enum Screen {
    Setup(setup::State),
    Login(login::State),
    Desk(Box<Desk>),
}

/// Logged in: the frame around one section.
pub struct Desk {
    pub operator: Operator,
    pub section: Section,
    till: till::State,
    settings: settings::State,
    programming: Option<Box<programming_screen::State>>,
    /// Vente, kept while the clerk looks at another section (the basket
    /// with it).
    sell: Option<Box<sell::State>>,
    /// Contrôle, kept with its chosen performance and last answer.
    door: Option<Box<door_screen::State>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Setup(setup::Message),
    Login(login::Message),
    Nav(Section),
    Till(till::Message),
    Settings(settings::Message),
    Programming(programming_screen::Message),
    Sell(sell::Message),
    Door(door_screen::Message),
    SwitchOperator,
    Tick,
    FocusNext,
    FocusPrevious,
    Up,
    Down,
    Left,
    Right,
    Escape,
    /// Del: removes the last ticket of the basket.
    Delete,
    /// F1…F11 (F12 switches operator): the section shown decides.
    Function(u8),
    /// Alt+1…9: a tab of the section shown.
    Alt(usize),
    Quit,
}

impl App {
    pub fn boot(launch: &Launch) -> (App, Task<Message>) {
        let now = launch.clock.now();
        let guess = launch.lang.unwrap_or_default();
        let terminal = match Terminal::open(&launch.db, launch.clock.clone()) {
            Ok(t) => t,
            Err(e) => return (App::Failed(Failure::from_start(&e, guess)), Task::none()),
        };
        if let Err(e) = terminal.store.check_integrity() {
            return (
                App::Failed(Failure::from_start(&e.into(), guess)),
                Task::none(),
            );
        }
        let mut open = Open {
            terminal,
            locale: guess,
            locale_forced: launch.lang.is_some(),
            venue: None,
            now,
            outbox: 0,
            screen: Screen::Setup(setup::State::new(false)),
        };
        let mut failure = None;
        if let Err(e) = open.reload() {
            failure = Some(e);
        }
        if launch.demo
            && open.venue.is_none()
            && let Err(e) = open.load_demo()
        {
            failure = Some(e);
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
            App::Failed(_) => "Guichet".to_owned(),
        }
    }

    pub fn theme(&self) -> Theme {
        theme::theme()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            event::listen_with(shortcut),
            iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::Tick),
            window::close_requests().map(|_| Message::Quit),
        ])
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match self {
            App::Open(open) if matches!(message, Message::Quit) => {
                open.log_out();
                iced::exit()
            }
            App::Failed(_) if matches!(message, Message::Quit) => iced::exit(),
            App::Open(open) => open.update(message),
            App::Failed(_) => Task::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match self {
            App::Open(open) => open.view(),
            App::Failed(f) => f.view(),
        }
    }

    /// The open state, for tests.
    pub fn open(&self) -> Option<&Open> {
        match self {
            App::Open(open) => Some(open),
            App::Failed(_) => None,
        }
    }
}

impl Desk {
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

    /// Logs the operator out, if one is logged in (a ledger record), and
    /// goes back to the log-in.
    fn log_out(&mut self) {
        if let Screen::Desk(d) = &mut self.screen {
            let t = &mut self.terminal;
            if let Some(sell) = &mut d.sell {
                sell.release(t);
            }
            let now = t.now();
            if let Err(e) = operators::log_out(&mut t.store, &t.signer, &d.operator, now) {
                eprintln!("guichet: the log-out could not be recorded: {e}");
            }
            let people = operators::people(&t.store).unwrap_or_default();
            self.screen = Screen::Login(login::State::new(people, Vec::new()));
        }
    }

    /// Reads the venue and the language again.
    fn reload(&mut self) -> Result<(), String> {
        let store = &self.terminal.store;
        self.venue = programming::venue::load(store).map_err(|e| e.to_string())?;
        if !self.locale_forced {
            let saved = self.terminal.language().map_err(|e| e.to_string())?;
            self.locale = saved
                .or(self
                    .venue
                    .as_ref()
                    .map(|v| v.settings.country.default_locale()))
                .unwrap_or_default();
        }
        self.outbox = exchange::waiting(store).unwrap_or(0);
        Ok(())
    }

    fn load_demo(&mut self) -> Result<(), String> {
        let system =
            operators::for_command_line(&self.terminal.store, None).map_err(|e| e.to_string())?;
        let t = &mut self.terminal;
        let now = t.now();
        demo::load(
            &mut t.store,
            &t.signer,
            &system.actor(),
            &demo::Source::Embedded,
            now,
        )
        .map_err(|e| e.to_string())?;
        self.reload()
    }

    /// Set-up when there is no venue or no one to log in; log-in otherwise.
    fn enter_first_screen(&mut self) -> Task<Message> {
        let people = operators::people(&self.terminal.store).unwrap_or_default();
        if self.venue.is_none() || !people.iter().any(|p| p.active) {
            let state = setup::State::new(self.venue.is_some());
            let task = state.focus();
            self.screen = Screen::Setup(state);
            return task;
        }
        let demo_pins = if self.venue.as_ref().is_some_and(|v| v.is_demo) {
            demo::operators(&self.terminal.store)
        } else {
            Vec::new()
        };
        let state = login::State::new(people, demo_pins);
        let task = state.focus();
        self.screen = Screen::Login(state);
        task
    }

    fn enter_desk(&mut self, operator: Operator) -> Task<Message> {
        let mut desk = Desk {
            operator,
            section: Section::Sell,
            till: till::State::default(),
            settings: settings::State::new(
                Vec::new(),
                &PrintSettings::load(&self.terminal.store).unwrap_or_default(),
            ),
            programming: None,
            sell: None,
            door: None,
        };
        // The desk opens on Vente: nothing to read in the background.
        let _ = self.refresh(&mut desk);
        let task = desk.sell.as_ref().map_or(Task::none(), |s| s.focus());
        self.screen = Screen::Desk(Box::new(desk));
        task
    }

    /// Hands a message to Vente.
    fn sell(&mut self, d: &mut Desk, m: sell::Message) -> Task<Message> {
        let (locale, now) = (self.locale, self.terminal.now());
        match &mut d.sell {
            Some(state) => state.update(m, &mut self.terminal, &d.operator, now, locale),
            None => Task::none(),
        }
    }

    /// Hands a message to Contrôle.
    fn door(&mut self, d: &mut Desk, m: door_screen::Message) -> Task<Message> {
        let (locale, now) = (self.locale, self.terminal.now());
        match &mut d.door {
            Some(state) => state.update(m, &mut self.terminal, &d.operator, now, locale),
            None => Task::none(),
        }
    }

    /// Hands a message to Programmation.
    fn programming(&mut self, d: &mut Desk, m: programming_screen::Message) -> Task<Message> {
        let (locale, zone, now) = (self.locale, self.zone(), self.terminal.now());
        match &mut d.programming {
            Some(state) => state.update(m, &mut self.terminal, now, locale, zone),
            None => Task::none(),
        }
    }

    /// Reads what the current section shows (the door's counters in the
    /// background: the task).
    fn refresh(&mut self, desk: &mut Desk) -> Task<Message> {
        let store = &self.terminal.store;
        let now = self.terminal.now();
        let mut task = Task::none();
        match desk.section {
            Section::Sell => match &mut desk.sell {
                Some(state) => state.refresh(&self.terminal, now),
                None => {
                    desk.sell = Some(Box::new(sell::State::new(&self.terminal, now, self.locale)))
                }
            },
            Section::Programming => {
                let zone = self.zone();
                desk.programming = Some(Box::new(programming_screen::State::new(
                    &self.terminal,
                    now,
                    self.locale,
                    zone,
                )));
            }
            Section::Till => {
                desk.till.journal =
                    crate::till::journal(store, &self.terminal.signer, 50).unwrap_or_default();
            }
            Section::Settings => {
                desk.settings.people = operators::people(store).unwrap_or_default();
                desk.settings.door = door::this_door(store, &self.terminal.signer.terminal_name);
            }
            Section::Door => {
                let state = desk.door.get_or_insert_with(|| {
                    Box::new(door_screen::State::new(&self.terminal, now, self.locale))
                });
                task = state.refresh(&self.terminal);
            }
            Section::Audience | Section::Reports => {}
        }
        self.outbox = exchange::waiting(store).unwrap_or(self.outbox);
        task
    }

    fn update(&mut self, message: Message) -> Task<Message> {
        // What the user does may sign a record: if another program changed
        // this terminal's key (`guichet key rotate`), sign with the new one.
        // Should that fail, the action itself says so and writes nothing.
        if !matches!(message, Message::Tick) {
            let _ = self.terminal.follow_key_change();
        }
        let screen = std::mem::replace(&mut self.screen, Screen::Setup(setup::State::new(false)));
        let (screen, task) = match (screen, message) {
            (Screen::Setup(mut s), Message::Setup(m)) => match s.update(m) {
                Some(event) => return self.on_setup(s, event),
                None => (Screen::Setup(s), Task::none()),
            },
            (Screen::Login(mut l), Message::Login(m)) => match l.update(m) {
                Some(login::Event::LogIn { operator_id, pin }) => {
                    return self.log_in(l, operator_id, &pin);
                }
                None => (Screen::Login(l), Task::none()),
            },
            (Screen::Login(mut l), Message::Up) => {
                l.update(login::Message::Previous);
                (Screen::Login(l), Task::none())
            }
            (Screen::Login(mut l), Message::Down) => {
                l.update(login::Message::Next);
                (Screen::Login(l), Task::none())
            }
            (Screen::Login(mut l), Message::Escape) => {
                l.update(login::Message::Clear);
                (Screen::Login(l), Task::none())
            }
            (Screen::Desk(mut d), Message::Nav(section)) => {
                d.section = section;
                let read = self.refresh(&mut d);
                let focus = match (&d.sell, &d.door, section) {
                    (Some(s), _, Section::Sell) => s.focus(),
                    (_, Some(s), Section::Door) => s.focus(),
                    _ => Task::none(),
                };
                (Screen::Desk(d), Task::batch([read, focus]))
            }
            (Screen::Desk(mut d), Message::SwitchOperator) => {
                let t = &mut self.terminal;
                if let Some(sell) = &mut d.sell {
                    sell.release(t);
                }
                let now = t.now();
                if let Err(e) = operators::log_out(&mut t.store, &t.signer, &d.operator, now) {
                    eprintln!("guichet: log-out not recorded: {e}");
                }
                return self.enter_first_screen();
            }
            (Screen::Desk(mut d), Message::Till(m)) => {
                let task = match d.till.update(m) {
                    Some(till::Event::Verify) => verify_in_background(self.terminal.store.path()),
                    Some(till::Event::Broken(b)) => {
                        let t = &mut self.terminal;
                        let now = t.now();
                        if let Err(e) =
                            crate::till::record_break(&mut t.store, &t.signer, &d.operator, &b, now)
                        {
                            eprintln!("guichet: the integrity failure could not be recorded: {e}");
                        }
                        Task::none()
                    }
                    None => Task::none(),
                };
                (Screen::Desk(d), task)
            }
            (Screen::Desk(mut d), Message::Programming(m)) => {
                let task = self.programming(&mut d, m);
                (Screen::Desk(d), task)
            }
            (Screen::Desk(mut d), Message::Sell(m)) => {
                let task = self.sell(&mut d, m);
                (Screen::Desk(d), task)
            }
            (Screen::Desk(mut d), Message::Door(m)) => {
                let task = self.door(&mut d, m);
                (Screen::Desk(d), task)
            }
            (Screen::Desk(mut d), key) if key.is_key() => {
                // Each section says what the keys mean there.
                let task = match d.section {
                    Section::Sell => sell::Message::from_key(&key).map(|m| self.sell(&mut d, m)),
                    Section::Programming => programming_screen::Message::from_key(&key)
                        .map(|m| self.programming(&mut d, m)),
                    Section::Door => {
                        door_screen::Message::from_key(&key).map(|m| self.door(&mut d, m))
                    }
                    _ => None,
                };
                (Screen::Desk(d), task.unwrap_or_else(Task::none))
            }
            (Screen::Desk(mut d), Message::Settings(m)) => {
                // Asking for a key change puts the cursor in its reason.
                let task = if matches!(m, settings::Message::KeyChange) {
                    operation::focus(settings::KEY_REASON)
                } else {
                    Task::none()
                };
                let event = d.settings.update(m, self.locale);
                if let Some(event) = event {
                    self.on_settings(&mut d, event);
                }
                (Screen::Desk(d), task)
            }
            (mut screen, Message::Tick) => {
                self.now = self.terminal.now();
                if self.now.second() == 0 {
                    self.outbox = exchange::waiting(&self.terminal.store).unwrap_or(self.outbox);
                }
                // The door's counters follow what the other doors let in.
                let mut task = Task::none();
                if let Screen::Desk(d) = &mut screen
                    && d.section == Section::Door
                    && self.now.second().is_multiple_of(DOOR_RECOUNT_SECONDS)
                    && let Some(door) = &mut d.door
                {
                    task = door.refresh(&self.terminal);
                }
                (screen, task)
            }
            (screen, Message::FocusNext) => (screen, operation::focus_next()),
            (screen, Message::FocusPrevious) => (screen, operation::focus_previous()),
            (screen, _) => (screen, Task::none()),
        };
        self.screen = screen;
        task
    }
}

/// Verifies the ledger on a connection of its own, off the UI thread.
fn verify_in_background(path: &std::path::Path) -> Task<Message> {
    let path = path.to_owned();
    Task::perform(
        async move {
            let store = crate::terminal::read_only(&path).map_err(|e| e.to_string())?;
            crate::till::verify(&store).map_err(|e| e.to_string())
        },
        |outcome| Message::Till(till::Message::Verified(outcome)),
    )
}

//! The application state: the open terminal, the language, and the screen.
//! Screens report what they need through events; this module is the only
//! part of the GUI that calls the job modules.

use chrono::{DateTime, Timelike, Utc};
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, column, container, operation, text};
use iced::{Center, Element, Event, Fill, Subscription, Task, Theme, event, window};

use super::Launch;
use super::i18n::{T, t, tf};
use super::screen::{
    Section, door as door_screen, frame, login, programming as programming_screen, sections, sell,
    settings, setup, till,
};
use super::theme;
use crate::domain::Locale;
use crate::door;
use crate::ledger::{self, LedgerError, verify};
use crate::operators::{self, Operator};
use crate::programming::{self, demo};
use crate::store::{self, OpenError, Store, venue::VenueRow};
use crate::terminal::{StartError, Terminal};
use crate::tickets::print::PrintSettings;

/// How often the door's counters are counted again while it is shown.
const DOOR_RECOUNT_SECONDS: u32 = 15;

pub enum App {
    /// The database or the key could not be opened: say why, touch nothing.
    Failed(Failure),
    Open(Box<Open>),
}

pub struct Failure {
    pub locale: Locale,
    pub explanation: T,
    pub detail: String,
}

pub struct Open {
    terminal: Terminal,
    locale: Locale,
    /// `--lang` was given: it wins over the saved language.
    locale_forced: bool,
    venue: Option<VenueRow>,
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

impl Message {
    /// A key the section shown interprets (arrows, Esc, Del, F-keys, Alt+digit).
    pub fn is_key(&self) -> bool {
        matches!(
            self,
            Message::Up
                | Message::Down
                | Message::Left
                | Message::Right
                | Message::Escape
                | Message::Delete
                | Message::Function(_)
                | Message::Alt(_)
        )
    }
}

impl App {
    pub fn boot(launch: &Launch) -> (App, Task<Message>) {
        let now = Utc::now();
        let guess = launch.lang.unwrap_or_default();
        let terminal = match Terminal::open(&launch.db, now) {
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

/// Keys that work everywhere, even while a field has the focus: Tab and
/// Shift+Tab move the focus, Ctrl+1…7 open a section, F12 switches operator,
/// ↑ ↓ choose a name at log-in or a performance, Esc clears the PIN or
/// closes a form; F5…F8 and Alt+1…4 act in Programmation.
pub fn shortcut(event: Event, _status: event::Status, _window: window::Id) -> Option<Message> {
    let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
        return None;
    };
    match key.as_ref() {
        Key::Named(Named::Tab) if modifiers.shift() => Some(Message::FocusPrevious),
        Key::Named(Named::Tab) => Some(Message::FocusNext),
        Key::Named(Named::F12) => Some(Message::SwitchOperator),
        Key::Named(Named::ArrowUp) => Some(Message::Up),
        Key::Named(Named::ArrowDown) => Some(Message::Down),
        Key::Named(Named::ArrowLeft) => Some(Message::Left),
        Key::Named(Named::ArrowRight) => Some(Message::Right),
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Named(Named::Delete) => Some(Message::Delete),
        Key::Named(Named::F1) => Some(Message::Function(1)),
        Key::Named(Named::F2) => Some(Message::Function(2)),
        Key::Named(Named::F3) => Some(Message::Function(3)),
        Key::Named(Named::F4) => Some(Message::Function(4)),
        Key::Named(Named::F5) => Some(Message::Function(5)),
        Key::Named(Named::F6) => Some(Message::Function(6)),
        Key::Named(Named::F7) => Some(Message::Function(7)),
        Key::Named(Named::F8) => Some(Message::Function(8)),
        Key::Named(Named::F9) => Some(Message::Function(9)),
        Key::Named(Named::F10) => Some(Message::Function(10)),
        Key::Named(Named::F11) => Some(Message::Function(11)),
        Key::Character(c) if modifiers.alt() => c.parse::<usize>().ok().map(Message::Alt),
        Key::Character(c) if modifiers.command() => c
            .parse::<usize>()
            .ok()
            .and_then(Section::from_key)
            .map(Message::Nav),
        _ => None,
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
            if let Err(e) = operators::log_out(&mut t.store, &t.signer, &d.operator, Utc::now()) {
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
            let saved = store
                .read(|tx| store::settings::get(tx, store::settings::LANGUAGE))
                .map_err(|e| e.to_string())?;
            self.locale = saved
                .as_deref()
                .and_then(Locale::parse)
                .or(self
                    .venue
                    .as_ref()
                    .map(|v| v.settings.country.default_locale()))
                .unwrap_or_default();
        }
        self.outbox = store.read(store::outbox::pending).unwrap_or(0);
        Ok(())
    }

    fn load_demo(&mut self) -> Result<(), String> {
        let system =
            operators::for_command_line(&self.terminal.store, None).map_err(|e| e.to_string())?;
        let t = &mut self.terminal;
        demo::load(
            &mut t.store,
            &t.signer,
            &system.actor(),
            &demo::Source::Embedded,
            Utc::now(),
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
        let locale = self.locale;
        match &mut d.sell {
            Some(state) => state.update(m, &mut self.terminal, &d.operator, Utc::now(), locale),
            None => Task::none(),
        }
    }

    /// Hands a message to Contrôle.
    fn door(&mut self, d: &mut Desk, m: door_screen::Message) -> Task<Message> {
        let locale = self.locale;
        match &mut d.door {
            Some(state) => state.update(m, &mut self.terminal, &d.operator, Utc::now(), locale),
            None => Task::none(),
        }
    }

    /// Hands a message to Programmation.
    fn programming(&mut self, d: &mut Desk, m: programming_screen::Message) -> Task<Message> {
        let (locale, zone) = (self.locale, self.zone());
        match &mut d.programming {
            Some(state) => state.update(m, &mut self.terminal, Utc::now(), locale, zone),
            None => Task::none(),
        }
    }

    /// Reads what the current section shows (the door's counters in the
    /// background: the task).
    fn refresh(&mut self, desk: &mut Desk) -> Task<Message> {
        let store = &self.terminal.store;
        let now = Utc::now();
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
                desk.till.records = ledger::count(store, &self.terminal.signer).unwrap_or(0);
                desk.till.key_id = self.terminal.signer.key_id.clone();
                desk.till.latest = ledger::recent(store, 50).unwrap_or_default();
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
        self.outbox = store.read(store::outbox::pending).unwrap_or(self.outbox);
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
                if let Err(e) = operators::log_out(&mut t.store, &t.signer, &d.operator, Utc::now())
                {
                    eprintln!("guichet: log-out not recorded: {e}");
                }
                return self.enter_first_screen();
            }
            (Screen::Desk(mut d), Message::Till(m)) => {
                let task = match d.till.update(m) {
                    Some(till::Event::Verify) => verify_in_background(self.terminal.store.path()),
                    Some(till::Event::Broken(b)) => {
                        let t = &mut self.terminal;
                        if let Err(e) = ledger::record_integrity_failure(
                            &mut t.store,
                            &t.signer,
                            &d.operator.actor(),
                            &b,
                            Utc::now(),
                        ) {
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
                self.now = Utc::now();
                if self.now.second() == 0 {
                    self.outbox = self
                        .terminal
                        .store
                        .read(store::outbox::pending)
                        .unwrap_or(self.outbox);
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

    fn on_setup(&mut self, mut state: setup::State, event: setup::Event) -> Task<Message> {
        let now = Utc::now();
        let system = match operators::for_command_line(&self.terminal.store, None) {
            Ok(s) => s.actor(),
            Err(e) => {
                state.demo_failed(&e.to_string(), self.locale);
                self.screen = Screen::Setup(state);
                return Task::none();
            }
        };
        let t = &mut self.terminal;
        let created = match event {
            setup::Event::LoadDemo => {
                return match self.load_demo() {
                    Ok(()) => self.enter_first_screen(),
                    Err(e) => {
                        state.demo_failed(&e, self.locale);
                        self.screen = Screen::Setup(state);
                        Task::none()
                    }
                };
            }
            setup::Event::Create { venue, admin } => {
                programming::venue::set_up(&mut t.store, &t.signer, &system, *venue, &admin, now)
                    .map(|op| (op, admin.pin))
            }
            setup::Event::CreateAdmin(admin) => {
                operators::create_first_admin(&mut t.store, &t.signer, &system, &admin, now)
                    .map(|op| (op, admin.pin))
                    .map_err(Into::into)
            }
        };
        match created {
            Ok((admin, pin)) => {
                let _ = self.reload();
                let t = &mut self.terminal;
                match operators::log_in(&mut t.store, &t.signer, admin.id, &pin, Utc::now()) {
                    Ok(op) => self.enter_desk(op),
                    Err(_) => self.enter_first_screen(),
                }
            }
            Err(e) => {
                state.failed(&e, self.locale);
                self.screen = Screen::Setup(state);
                Task::none()
            }
        }
    }

    fn log_in(&mut self, mut state: login::State, operator_id: i64, pin: &str) -> Task<Message> {
        let t = &mut self.terminal;
        match operators::log_in(&mut t.store, &t.signer, operator_id, pin, Utc::now()) {
            Ok(op) => self.enter_desk(op),
            Err(e) => {
                state.failed(&e);
                let task = state.focus();
                self.screen = Screen::Login(state);
                task
            }
        }
    }

    fn on_settings(&mut self, desk: &mut Desk, event: settings::Event) {
        let now = Utc::now();
        let t = &mut self.terminal;
        match event {
            settings::Event::SavePrinting(chosen) => match chosen.save(&mut t.store) {
                Ok(()) => desk.settings.printing.saved(self.locale),
                Err(e) => desk.settings.printing.failed(e.to_string()),
            },
            settings::Event::SetLanguage(locale) => {
                self.locale = locale;
                self.locale_forced = false;
                let saved = t
                    .store
                    .write(|tx| store::settings::set(tx, store::settings::LANGUAGE, locale.code()));
                if let Err(e) = saved {
                    desk.settings.failed(&e.into(), locale);
                }
            }
            settings::Event::AddOperator(new) => {
                match operators::create(&mut t.store, &t.signer, &desk.operator, &new, now) {
                    Ok(op) => {
                        let people = operators::people(&t.store).unwrap_or_default();
                        desk.settings.added(&op, people, self.locale);
                    }
                    Err(e) => desk.settings.failed(&e, self.locale),
                }
            }
            settings::Event::NameDoor(name) => {
                let said = match door::name_door(&mut t.store, &desk.operator, &name) {
                    Ok(name) => {
                        if let Some(door) = &mut desk.door {
                            door.door = name.clone();
                        }
                        desk.settings.door = name.clone();
                        Ok(tf(self.locale, T::DoorNamed, &[&name]))
                    }
                    Err(door::DoorError::NoDoorName) => {
                        Err(super::i18n::t(self.locale, T::DoorNameEmpty).to_owned())
                    }
                    Err(door::DoorError::DoorNameTooLong) => {
                        Err(super::i18n::t(self.locale, T::DoorNameLong).to_owned())
                    }
                    Err(e) => Err(e.to_string()),
                };
                desk.settings.door_named(said);
            }
            settings::Event::ChangeKey { reason } => {
                let key_path = ledger::keys::key_path(t.store.path());
                let old = t.signer.key_id.clone();
                let changed = ledger::rotation::rotate_key(
                    &mut t.store,
                    &mut t.signer,
                    &key_path,
                    &desk.operator,
                    &reason,
                    now,
                );
                desk.settings.key_changed(match changed {
                    Ok(new) => Ok(tf(
                        self.locale,
                        T::KeyChanged,
                        &[
                            &new.key_id,
                            &new.number.to_string(),
                            &old,
                            &key_path.display().to_string(),
                        ],
                    )),
                    Err(e) => Err(tf(self.locale, T::KeyNotChanged, &[&e.to_string()])),
                });
                desk.till.key_id = t.signer.key_id.clone();
            }
            settings::Event::SetActive { id, active } => {
                let people = operators::people(&t.store).unwrap_or_default();
                if let Some(target) = people.iter().find(|p| p.id == id) {
                    let done = operators::set_active(
                        &mut t.store,
                        &t.signer,
                        &desk.operator,
                        target,
                        active,
                        now,
                    );
                    if let Err(e) = done {
                        desk.settings.failed(&e, self.locale);
                    }
                }
                desk.settings.people = operators::people(&t.store).unwrap_or_default();
            }
        }
    }

    fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Setup(s) => s.view(self.locale).map(Message::Setup),
            Screen::Login(l) => l.view(self.locale, self.now).map(Message::Login),
            Screen::Desk(d) => self.desk_view(d),
        }
    }

    fn desk_view<'a>(&'a self, desk: &'a Desk) -> Element<'a, Message> {
        let locale = self.locale;
        let zone = self
            .venue
            .as_ref()
            .map_or(chrono_tz::UTC, |v| v.settings.time_zone);
        let content = match desk.section {
            Section::Sell => match &desk.sell {
                Some(state) => state.view(locale, zone).map(Message::Sell),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Programming => match &desk.programming {
                Some(state) => state.view(locale, self.now, zone).map(Message::Programming),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Door => match &desk.door {
                Some(state) => state.view(locale, &desk.operator).map(Message::Door),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Audience => sections::audience(locale),
            Section::Till => desk.till.view(locale, zone).map(Message::Till),
            Section::Reports => sections::reports(locale),
            Section::Settings => desk
                .settings
                .view(
                    locale,
                    settings::Context {
                        venue: self.venue.as_ref(),
                        terminal: &self.terminal.signer.terminal_name,
                        key_id: &self.terminal.signer.key_id,
                        database: self.terminal.store.path().display().to_string(),
                        operator: &desk.operator,
                    },
                )
                .map(Message::Settings),
        };
        frame::view(
            frame::Frame {
                locale,
                section: desk.section,
                venue: self.venue.as_ref().map_or("", |v| v.settings.name.as_str()),
                demo: self.venue.as_ref().is_some_and(|v| v.is_demo),
                terminal: &self.terminal.signer.terminal_name,
                operator: &desk.operator,
                now: self.now,
                zone,
                outbox: self.outbox,
            },
            content,
            Message::Nav,
            Message::SwitchOperator,
        )
    }
}

/// Verifies the ledger on a connection of its own, off the UI thread.
fn verify_in_background(path: &std::path::Path) -> Task<Message> {
    let path = path.to_owned();
    Task::perform(
        async move {
            let store = Store::open_read_only(&path).map_err(|e| e.to_string())?;
            verify::verify(&store).map_err(|e| e.to_string())
        },
        |outcome| Message::Till(till::Message::Verified(outcome)),
    )
}

impl Failure {
    fn from_start(error: &StartError, locale: Locale) -> Failure {
        let explanation = match error {
            StartError::Open(OpenError::Foreign { .. }) => T::OpenForeign,
            StartError::Open(OpenError::Newer { .. }) => T::OpenNewer,
            StartError::Open(OpenError::Corrupt { .. }) => T::OpenCorrupt,
            StartError::Open(OpenError::Unreadable { .. }) => T::OpenUnreadable,
            StartError::Ledger(LedgerError::KeyMissing { .. }) => T::OpenKeyMissing,
            StartError::Ledger(LedgerError::KeyMismatch { .. }) => T::OpenKeyMismatch,
            StartError::Ledger(LedgerError::KeyRetired { .. }) => T::OpenKeyRetired,
            StartError::Ledger(LedgerError::Key(ledger::keys::KeyError::TooOpen { .. })) => {
                T::OpenKeyOpen
            }
            _ => T::OpenOther,
        };
        Failure {
            locale,
            explanation,
            detail: error.to_string(),
        }
    }

    fn view(&self) -> Element<'_, Message> {
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

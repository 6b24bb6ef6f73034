//! Routing: each message to its screen with a context, each screen's event
//! acted on; entering the first screen, the desk and its sections; logging
//! out.

use super::*;

/// A screen's context, built from the app's parts.
fn context<'a>(
    terminal: &'a mut Terminal,
    operator: Option<&'a Operator>,
    locale: Locale,
    zone: chrono_tz::Tz,
) -> Context<'a> {
    Context {
        terminal,
        operator,
        locale,
        zone,
    }
}

/// What a screen's event asks of the app.
enum Next {
    Desk(Operator),
    FirstScreen,
    Language(Locale),
    /// Vente's customer service, on this order (by number).
    Order(i64),
    /// A section of the desk (Vente, once the till is open).
    Section(Section),
    /// A message was queued or a person asked: send the outbox now.
    Send,
    /// A backup is to take the place of this new database (the app
    /// closes it first).
    Restore(Box<crate::ui::screen::restore::Request>),
}

impl From<settings::Event> for Next {
    fn from(e: settings::Event) -> Next {
        match e {
            settings::Event::Language(l) => Next::Language(l),
            settings::Event::Send => Next::Send,
        }
    }
}

/// What a message means in the section shown: a key, what the section
/// says it means (None: nothing there); anything else, itself.
fn keyed(message: Message, section: Section) -> Option<Message> {
    match (message, section) {
        (key, Section::Sell) if key.is_key() => sell::Message::from_key(&key).map(Message::Sell),
        (key, Section::Programming) if key.is_key() => {
            programming_screen::Message::from_key(&key).map(Message::Programming)
        }
        (key, Section::Door) if key.is_key() => {
            door_screen::Message::from_key(&key).map(Message::Door)
        }
        (key, _) if key.is_key() => None,
        (m, _) => Some(m),
    }
}

impl Open {
    /// Hands a message to the screen or section it is for.
    pub(super) fn route(&mut self, message: Message) -> Task<Message> {
        let (locale, zone) = (self.locale, self.zone());
        let command = self.command;
        let mut next = None;
        let terminal = &mut self.terminal;
        let task = match (&mut self.screen, message) {
            (Screen::Setup(s), Message::Setup(m)) => {
                let (task, event) = s.update(m, &mut context(terminal, None, locale, zone));
                next = event.map(|e| match e {
                    setup::Event::Ready(op) => Next::Desk(op),
                    setup::Event::SetUp => Next::FirstScreen,
                    setup::Event::Restore(request) => Next::Restore(Box::new(request)),
                });
                task.map(Message::Setup)
            }
            (Screen::Login(l), message) => {
                let m = match message {
                    Message::Login(m) => Some(m),
                    key => login::Message::from_key(&key),
                };
                let Some(m) = m else {
                    return Task::none();
                };
                let (task, event) = l.update(m, &mut context(terminal, None, locale, zone));
                next = event.map(|login::Event::LoggedIn(op)| Next::Desk(op));
                task.map(Message::Login)
            }
            (Screen::Desk(d), message) => {
                let Desk {
                    operator,
                    section,
                    till,
                    reports,
                    settings,
                    programming,
                    sell,
                    door,
                    audience,
                    opening,
                } = &mut **d;
                let mut ctx = context(terminal, Some(operator), locale, zone);
                match keyed(message, *section) {
                    Some(Message::Opening(m)) => match opening {
                        Some(o) => {
                            if o.update(m, &mut ctx) {
                                *opening = None;
                                next = Some(Next::Section(Section::Sell));
                            }
                            Task::none()
                        }
                        None => Task::none(),
                    },
                    Some(Message::Sell(m)) => match sell {
                        // Ctrl+1…7 switch section: on X11 the digit also
                        // reaches the field with the focus; it is no count.
                        Some(s) if command && s.digit_typed(&m) => Task::none(),
                        Some(s) => {
                            let (task, event) = s.update(m, &mut ctx);
                            next = event.map(|sell::Event::Send| Next::Send);
                            task.map(Message::Sell)
                        }
                        None => Task::none(),
                    },
                    Some(Message::Door(m)) => match door {
                        Some(s) => s.update(m, &mut ctx).0.map(Message::Door),
                        None => Task::none(),
                    },
                    Some(Message::Audience(m)) => match audience {
                        Some(s) => {
                            let (task, event) = s.update(m, &mut ctx);
                            next = event.map(|audience_screen::Event::OpenOrder(n)| Next::Order(n));
                            task.map(Message::Audience)
                        }
                        None => Task::none(),
                    },
                    Some(Message::Till(m)) => match till {
                        Some(s) => {
                            let (task, event) = s.update(m, &mut ctx);
                            next = event.map(|till::Event::Send| Next::Send);
                            task.map(Message::Till)
                        }
                        None => Task::none(),
                    },
                    Some(Message::Reports(m)) => match reports {
                        Some(s) => s.update(m, &mut ctx).map(Message::Reports),
                        None => Task::none(),
                    },
                    Some(Message::Settings(m)) => match settings {
                        Some(s) => {
                            let (task, event) = s.update(m, &mut ctx);
                            next = event.map(Next::from);
                            task.map(Message::Settings)
                        }
                        None => Task::none(),
                    },
                    Some(Message::Programming(m)) => match programming {
                        Some(s) => {
                            let (task, event) = s.update(m, &mut ctx);
                            next = event.map(|programming_screen::Event::Send| Next::Send);
                            task.map(Message::Programming)
                        }
                        None => Task::none(),
                    },
                    _ => Task::none(),
                }
            }
            _ => Task::none(),
        };
        match next {
            Some(next) => Task::batch([task, self.act(next)]),
            None => task,
        }
    }

    fn act(&mut self, next: Next) -> Task<Message> {
        match next {
            Next::Desk(operator) => {
                // A set-up just wrote the venue.
                if let Err(e) = self.reload() {
                    eprintln!("guichet: the venue could not be read: {e}");
                }
                self.enter_desk(operator)
            }
            Next::FirstScreen => {
                if let Err(e) = self.reload() {
                    eprintln!("guichet: the venue could not be read: {e}");
                }
                self.enter_first_screen()
            }
            Next::Language(locale) => {
                self.locale = locale;
                self.locale_forced = false;
                Task::none()
            }
            Next::Section(section) => self.navigate(section),
            Next::Send => self.send_outbox(),
            Next::Restore(request) => {
                self.restore_asked = Some(*request);
                Task::none()
            }
            Next::Order(number) => {
                use crate::ui::screen::sell::{Message as S, service};
                let open = self.navigate(Section::Sell);
                let query = service::Message::Query(number.to_string());
                open.chain(Task::done(Message::Sell(S::ServiceOpen)))
                    .chain(Task::done(Message::Sell(S::Service(query))))
                    .chain(Task::done(Message::Sell(S::Service(
                        service::Message::Search,
                    ))))
            }
        }
    }

    /// Whether a day before today with sales was left open on this
    /// terminal (the frame says so).
    pub(super) fn refresh_left_open(&mut self) {
        let today = self.terminal.now().with_timezone(&self.zone()).date_naive();
        let terminal_id = self.terminal.signer.terminal_id;
        self.left_open =
            crate::till::closings::day_left_open(&self.terminal.store, terminal_id, today)
                .ok()
                .flatten();
        self.training = crate::till::training::is_on(&self.terminal.store, terminal_id);
        self.backup_failing = crate::backup::failing(&self.terminal.store)
            .ok()
            .flatten()
            .is_some();
    }

    /// Opens a section of the desk: made the first time, read again after.
    pub(super) fn navigate(&mut self, section: Section) -> Task<Message> {
        let (zone, now) = (self.zone(), self.terminal.now());
        let terminal_id = self.terminal.signer.terminal_id;
        self.refresh_left_open();
        let Screen::Desk(d) = &mut self.screen else {
            return Task::none();
        };
        d.section = section;
        // The till may have been opened from Caisse meanwhile.
        if section == Section::Sell && d.opening.is_some() {
            let ctx = context(&mut self.terminal, Some(&d.operator), self.locale, zone);
            if !till::drawer::to_open(&ctx, &d.operator) {
                d.opening = None;
            }
        }
        let task = match section {
            Section::Sell => match &d.sell {
                Some(s) => s.enter(),
                None => {
                    let (s, task) = sell::State::new(terminal_id, now);
                    d.sell = Some(Box::new(s));
                    task
                }
            }
            .map(Message::Sell),
            Section::Door => match &d.door {
                Some(s) => s.enter(),
                None => {
                    let (s, task) = door_screen::State::new();
                    d.door = Some(Box::new(s));
                    task
                }
            }
            .map(Message::Door),
            Section::Till => open(&mut d.till, till::State::new)
                .unwrap_or(Task::done(till::Message::Load))
                .map(Message::Till),
            Section::Settings => open(&mut d.settings, settings::State::new)
                .unwrap_or(Task::done(settings::Message::Load))
                .map(Message::Settings),
            Section::Programming => open(&mut d.programming, || {
                let today = now.with_timezone(&zone).date_naive();
                let (state, task) = programming_screen::State::new(today);
                (Box::new(state), task)
            })
            .unwrap_or(Task::done(programming_screen::Message::Load))
            .map(Message::Programming),
            Section::Audience => match &d.audience {
                Some(s) => s.enter(),
                None => {
                    let (s, task) = audience_screen::State::new();
                    d.audience = Some(Box::new(s));
                    task
                }
            }
            .map(Message::Audience),
            Section::Reports => open(&mut d.reports, reports::State::new)
                .unwrap_or(Task::done(reports::Message::Load))
                .map(Message::Reports),
        };
        self.outbox = exchange::waiting(&self.terminal.store).unwrap_or(self.outbox);
        task
    }

    /// Reads the venue and the language again.
    pub(super) fn reload(&mut self) -> Result<(), String> {
        let store = &self.terminal.store;
        let words =
            |e: crate::terminal::StoreError| crate::ui::i18n::system::store(&e, self.locale);
        self.venue = crate::programming::venue::load(store).map_err(words)?;
        if !self.locale_forced {
            let saved = self.terminal.language().map_err(words)?;
            self.locale = saved
                .or(self
                    .venue
                    .as_ref()
                    .map(|v| v.settings.country.default_locale()))
                .unwrap_or_default();
        }
        self.outbox = exchange::waiting(&self.terminal.store).unwrap_or(0);
        self.central.joined = crate::central::joined(store).ok().flatten().is_some();
        Ok(())
    }

    /// `--demo`: the demo season into an empty database at start.
    pub(super) fn load_demo(&mut self) -> Result<(), String> {
        use crate::ui::i18n::operators as words;
        let (t, locale) = (&mut self.terminal, self.locale);
        let system = crate::operators::system(&t.store)
            .map_err(|e| crate::ui::i18n::system::store(&e, locale))?;
        let now = t.now();
        crate::programming::demo::load_with_patrons(
            &mut t.store,
            &t.signer,
            &system.actor(),
            &crate::programming::demo::Source::Embedded,
            now,
        )
        .map_err(|e| words::demo(&e, locale))?;
        self.reload()
    }

    /// Set-up when there is no venue or no one to log in; log-in otherwise.
    pub(super) fn enter_first_screen(&mut self) -> Task<Message> {
        let people = crate::operators::people(&self.terminal.store).unwrap_or_default();
        if self.venue.is_none() || !people.iter().any(|p| p.active) {
            let (state, task) = setup::State::new(
                self.venue.is_some(),
                self.terminal.store.path(),
                self.locale,
            );
            self.screen = Screen::Setup(state);
            return task.map(Message::Setup);
        }
        let (state, task) = login::State::new();
        self.screen = Screen::Login(state);
        task.map(Message::Login)
    }

    fn enter_desk(&mut self, operator: Operator) -> Task<Message> {
        let (locale, zone) = (self.locale, self.zone());
        let currency = self.venue.as_ref().map(|v| v.settings.currency);
        let ctx = context(&mut self.terminal, Some(&operator), locale, zone);
        // The first clerk of the day opens the till with its float.
        let opening = match currency {
            Some(currency) if till::drawer::to_open(&ctx, &operator) => {
                Some(till::drawer::Opening::new(currency))
            }
            _ => None,
        };
        let mut desk = Desk::for_operator(operator);
        let focus = opening.map(|(o, focus)| {
            desk.opening = Some(Box::new(o));
            focus.map(Message::Opening)
        });
        self.screen = Screen::Desk(Box::new(desk));
        self.refresh_left_open();
        // Then the desk opens on Vente.
        focus.unwrap_or_else(|| self.navigate(Section::Sell))
    }

    /// Logs the operator out, if one is logged in (a ledger record): the
    /// basket's seats go back first.
    pub(super) fn log_out(&mut self) {
        let (locale, zone) = (self.locale, self.zone());
        let Screen::Desk(d) = &mut self.screen else {
            return;
        };
        let t = &mut self.terminal;
        if let Some(sell) = &mut d.sell {
            sell.release(&mut context(t, Some(&d.operator), locale, zone));
        }
        let now = t.now();
        if let Err(e) = crate::operators::log_out(&mut t.store, &t.signer, &d.operator, now) {
            eprintln!("guichet: the log-out could not be recorded: {e}");
        }
    }
}

/// A section's state, made by `make` the first time (its loading task
/// returned); None when it was already there.
fn open<S, M>(slot: &mut Option<S>, make: impl FnOnce() -> (S, Task<M>)) -> Option<Task<M>> {
    if slot.is_some() {
        return None;
    }
    let (state, task) = make();
    *slot = Some(state);
    Some(task)
}

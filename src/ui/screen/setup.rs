//! First run: the venue's identity and the first administrator, or the demo
//! season in one click.

use std::collections::HashMap;
use std::path::Path;

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Element, Fill, Task};

use crate::domain::venue::{Country, VenueError, VenueSettings};
use crate::domain::{Currency, Locale, Role};
use crate::operators::{self, Operator};
use crate::programming::demo;
use crate::programming::venue::{SetupError, set_up};
use crate::ui::i18n::counter::capitalised;
use crate::ui::i18n::operators::{demo_failed, setup_failed};
use crate::ui::i18n::{T, operators as words, t};
use crate::ui::screen::operator_form::{self, OperatorForm};
use crate::ui::screen::{Context, Look, restore};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

pub const FIRST_INPUT: &str = "setup-venue-name";
pub const ADMIN_INPUT: &str = "setup-admin-name";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    VenueName,
    TimeZone,
    Licence,
}

pub struct State {
    /// The venue exists already: only the administrator is asked for.
    venue_known: bool,
    name: String,
    country: Country,
    currency: Currency,
    zone: chrono_tz::Tz,
    licence: String,
    gst: String,
    qst: String,
    admin: OperatorForm,
    errors: HashMap<Field, VenueError>,
    failure: Option<String>,
    /// « Restaurer une sauvegarde » (a new venue only).
    restore: Box<restore::State>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Name(String),
    Country(Country),
    Currency(Currency),
    Zone(chrono_tz::Tz),
    Licence(String),
    Gst(String),
    Qst(String),
    Admin(operator_form::Message),
    Submit,
    TryDemo,
    Restore(restore::Message),
}

/// What the app must do.
pub enum Event {
    /// The venue (or its first administrator) is set up and the
    /// administrator logged in.
    Ready(Operator),
    /// The database has a venue and people now (the demo season, or a
    /// set-up whose log-in did not follow): on to the log-in.
    SetUp,
    /// A backup is to take the place of this new database.
    Restore(restore::Request),
}

impl State {
    /// The first run on the database at `db` (`venue_known`: only its
    /// administrator is missing).
    pub fn new(venue_known: bool, db: &Path, locale: Locale) -> (State, Task<Message>) {
        let country = Country::France;
        let (restore, look) = restore::State::new(db, true, locale);
        let state = State {
            venue_known,
            name: String::new(),
            country,
            currency: country.default_currency(),
            zone: country.default_time_zone(),
            licence: String::new(),
            gst: String::new(),
            qst: String::new(),
            admin: OperatorForm::default(),
            errors: HashMap::new(),
            failure: None,
            restore: Box::new(restore),
        };
        let focus = state.focus();
        (state, Task::batch([focus, look.map(Message::Restore)]))
    }

    /// The restore asked was refused: `why`, in the panel.
    pub fn restore_refused(
        &mut self,
        request: restore::Request,
        why: String,
        older: bool,
    ) -> Task<Message> {
        self.restore
            .refused(request, why, older)
            .map(Message::Restore)
    }

    pub fn focus(&self) -> Task<Message> {
        iced::widget::operation::focus(if self.venue_known {
            ADMIN_INPUT
        } else {
            FIRST_INPUT
        })
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Name(v) => self.name = v,
            Message::Country(c) => {
                self.country = c;
                self.currency = c.default_currency();
                self.zone = c.default_time_zone();
            }
            Message::Currency(c) => self.currency = c,
            Message::Zone(z) => self.zone = z,
            Message::Licence(v) => self.licence = v,
            Message::Gst(v) => self.gst = v,
            Message::Qst(v) => self.qst = v,
            Message::Admin(m) => self.admin.update(m),
            Message::Submit => return (Task::none(), self.submit(ctx)),
            Message::TryDemo => {
                self.failure = None;
                return (Task::none(), self.load_demo(ctx));
            }
            Message::Restore(m) => {
                let (task, asked) = self.restore.update(m, ctx.locale);
                return (task.map(Message::Restore), asked.map(Event::Restore));
            }
        }
        (Task::none(), None)
    }

    /// The venue and its administrator, checked, then written and the
    /// administrator logged in; or what is wrong, beside its field.
    fn submit(&mut self, ctx: &mut Context) -> Option<Event> {
        self.errors.clear();
        self.failure = None;
        let admin = self.admin.check(Role::Admin);
        let venue = if self.venue_known {
            None
        } else {
            let venue = self.venue();
            if let Err(errors) = venue.clone().validated() {
                for e in &errors {
                    self.show_venue_error(e);
                }
            }
            Some(venue)
        };
        let admin = admin.filter(|_| self.errors.is_empty())?;
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        let system = match operators::system(&t.store) {
            Ok(s) => s.actor(),
            Err(e) => {
                let why = crate::ui::i18n::system::store(&e, ctx.locale);
                self.failure = Some(setup_failed(&why, ctx.locale));
                return None;
            }
        };
        let created = match venue {
            Some(venue) => set_up(&mut t.store, &t.signer, &system, venue, &admin, now),
            None => operators::create_first_admin(&mut t.store, &t.signer, &system, &admin, now)
                .map_err(Into::into),
        };
        match created {
            Ok(made) => operators::log_in(&mut t.store, &t.signer, made.id, &admin.pin, now)
                .ok()
                .map(Event::Ready)
                .or(Some(Event::SetUp)),
            Err(e) => {
                self.failed(&e, ctx.locale);
                None
            }
        }
    }

    fn venue(&self) -> VenueSettings {
        let mut venue = VenueSettings::for_country(&self.name, self.country);
        venue.currency = self.currency;
        venue.time_zone = self.zone;
        match self.country {
            Country::France => venue.licence_number = self.licence.clone(),
            Country::Quebec => {
                venue.gst_number = self.gst.clone();
                venue.qst_number = self.qst.clone();
            }
        }
        venue
    }

    /// The demo season, in one click.
    fn load_demo(&mut self, ctx: &mut Context) -> Option<Event> {
        let (now, locale) = (ctx.now(), ctx.locale);
        let t = &mut *ctx.terminal;
        let loaded = operators::system(&t.store)
            .map_err(|e| crate::ui::i18n::system::store(&e, locale))
            .and_then(|system| {
                demo::load_with_patrons(
                    &mut t.store,
                    &t.signer,
                    &system.actor(),
                    &demo::Source::Embedded,
                    now,
                )
                .map_err(|e| words::demo(&e, locale))
            });
        match loaded {
            Ok(_) => Some(Event::SetUp),
            Err(e) => {
                self.demo_failed(&e, ctx.locale);
                None
            }
        }
    }

    /// Keeps a problem of the venue's settings to show beside its field.
    fn show_venue_error(&mut self, e: &VenueError) {
        let field = match e {
            VenueError::NameEmpty | VenueError::NameTooLong => Field::VenueName,
            VenueError::UnknownTimeZone(_) => Field::TimeZone,
            VenueError::BadLicence(_) => Field::Licence,
        };
        self.errors.insert(field, e.clone());
    }

    /// The set-up could not be completed: say why, beside the field when
    /// there is one. Nothing was written.
    fn failed(&mut self, error: &SetupError, locale: Locale) {
        match error {
            SetupError::Venue(errors) => errors.iter().for_each(|e| self.show_venue_error(e)),
            SetupError::Operator(e) => self.failure = self.admin.show(e, locale),
            other => self.failure = Some(setup_failed(&words::setup(other, locale), locale)),
        }
    }

    /// The demo season could not be loaded: `why`, in the reader's words.
    pub fn demo_failed(&mut self, why: &str, locale: Locale) {
        self.failure = Some(demo_failed(why, locale));
    }

    /// The problem beside `field`, in `locale`.
    pub fn error(&self, field: Field, locale: Locale) -> Option<String> {
        self.errors
            .get(&field)
            .map(|e| capitalised(&words::venue(e, locale)))
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |key| t(locale, key);
        let mut form = column![
            text(l(T::SetupTitle)).size(theme::TITLE).font(theme::BOLD),
            text(if self.venue_known {
                l(T::SetupAdminOnly)
            } else {
                l(T::SetupIntro)
            })
            .style(theme::muted),
        ]
        .spacing(8);
        if !self.venue_known {
            form = form.push(self.venue_fields(locale));
        }
        form = form.push(self.admin_fields(locale));
        let create = button(text(l(T::Create)).size(theme::BODY).font(theme::BOLD))
            .on_press(Message::Submit)
            .padding([12, 24])
            .style(button::primary);
        form = form.push(row![create].padding([8, 0]));
        if let Some(failure) = &self.failure {
            form = form.push(text(failure).style(theme::error));
        }
        let form = container(form.spacing(14))
            .padding(24)
            .style(theme::card)
            .width(Fill);
        let page: Element<'_, Message> = if self.venue_known {
            form.max_width(820).into()
        } else {
            let demo = column![
                text(l(T::TryDemoHint)).style(theme::muted),
                button(text(l(T::TryDemo)).size(theme::BODY).font(theme::BOLD))
                    .on_press(Message::TryDemo)
                    .padding([12, 20])
                    .width(Fill)
                    .style(button::secondary),
            ]
            .spacing(12);
            let side = column![
                container(demo).padding(20).style(theme::notice),
                container(self.restore.view(locale, false).map(Message::Restore))
                    .padding(20)
                    .style(theme::card),
            ]
            .spacing(20)
            .width(360);
            container(row![form, side].spacing(20))
                .max_width(1240)
                .into()
        };
        scrollable(container(page).padding(24).center_x(Fill)).into()
    }

    fn venue_fields(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| t(locale, key);
        let countries: Vec<Choice<Country>> = Country::ALL
            .into_iter()
            .map(|c| Choice::new(c, country_name(c, locale)))
            .collect();
        let currencies: Vec<Choice<Currency>> = Currency::ALL
            .into_iter()
            .map(|c| Choice::new(c, format!("{} ({})", c.code(), c.symbol())))
            .collect();
        let zones: Vec<Choice<chrono_tz::Tz>> = self
            .country
            .time_zones()
            .iter()
            .map(|z| Choice::new(*z, z.name().to_owned()))
            .collect();
        let choices = row![
            labelled(
                l(T::Country),
                pick_list(countries.clone(), chosen(&countries, self.country), |c| {
                    Message::Country(c.value)
                })
                .padding(10)
                .width(Fill),
                None
            ),
            labelled(
                l(T::Currency),
                pick_list(
                    currencies.clone(),
                    chosen(&currencies, self.currency),
                    |c| { Message::Currency(c.value) }
                )
                .padding(10)
                .width(Fill),
                None
            ),
            labelled(
                l(T::TimeZone),
                pick_list(zones.clone(), chosen(&zones, self.zone), |c| Message::Zone(
                    c.value
                ))
                .padding(10)
                .width(Fill),
                self.error(Field::TimeZone, locale)
            ),
        ]
        .spacing(12);
        let identity: Element<'_, Message> = match self.country {
            Country::France => labelled(
                l(T::Licence),
                text_input(l(T::LicenceHint), &self.licence)
                    .id("setup-licence")
                    .on_input(Message::Licence)
                    .on_submit(Message::Submit)
                    .padding(10),
                self.error(Field::Licence, locale),
            ),
            Country::Quebec => row![
                labelled(
                    l(T::GstNumber),
                    text_input("123456789 RT0001", &self.gst)
                        .id("setup-gst")
                        .on_input(Message::Gst)
                        .padding(10),
                    None
                ),
                labelled(
                    l(T::QstNumber),
                    text_input("1234567890 TQ0001", &self.qst)
                        .id("setup-qst")
                        .on_input(Message::Qst)
                        .padding(10),
                    None
                ),
            ]
            .spacing(12)
            .into(),
        };
        column![
            text(l(T::SetupVenue))
                .size(theme::HEADING)
                .font(theme::BOLD),
            labelled(
                l(T::VenueName),
                text_input(l(T::VenueNameHint), &self.name)
                    .id(FIRST_INPUT)
                    .on_input(Message::Name)
                    .on_submit(Message::Submit)
                    .padding(10),
                self.error(Field::VenueName, locale)
            ),
            choices,
            identity,
        ]
        .spacing(10)
        .into()
    }

    fn admin_fields(&self, locale: Locale) -> Element<'_, Message> {
        let (name, pins) = self
            .admin
            .view(locale, "setup-admin", Message::Admin, Message::Submit);
        column![
            text(t(locale, T::SetupAdmin))
                .size(theme::HEADING)
                .font(theme::BOLD),
            name,
            pins,
        ]
        .spacing(10)
        .into()
    }
}

pub fn country_name(country: Country, locale: Locale) -> String {
    t(
        locale,
        match country {
            Country::France => T::CountryFrance,
            Country::Quebec => T::CountryQuebec,
        },
    )
    .to_owned()
}

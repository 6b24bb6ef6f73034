//! The screens. Before log-in: `setup` (first run) and `login`. After: the
//! frame (`frame`) around one section at a time.
//!
//! Every screen has one contract: its own `State`, `Message` and `Event`;
//! `new` (which reads nothing: what it shows is loaded by the task it
//! returns); `update(&mut self, message, &mut Context) -> (Task<Message>,
//! Option<Event>)`, where the context lends the terminal and says who acts
//! and how to speak; and `view(&self, &Look)`. The app maps the task
//! (`.map(Message::Sell)`) and acts on the event. Screens ask the job
//! modules, never the store.

pub mod administration;
pub mod audience;
pub mod backups;
pub mod central;
pub mod door;
pub mod frame;
pub mod login;
pub mod logo;
pub mod mailing;
pub mod operator_form;
pub mod printing;
pub mod programming;
pub mod reports;
pub mod restore;
pub mod rule_form;
pub mod sections;
pub mod sell;
pub mod settings;
pub mod setup;
pub mod till;

use chrono::{DateTime, Utc};

use crate::domain::operator::Act;
use crate::domain::{Locale, Role};
use crate::operators::Operator;
use crate::programming::{By, ProgrammingError};
use crate::terminal::{Store, Terminal};
use crate::ui::i18n::T;

/// What a screen is lent to act on a message.
pub struct Context<'a> {
    /// The open database, its signing key and the clock.
    pub terminal: &'a mut Terminal,
    /// Who is logged in (None on the set-up and log-in screens).
    pub operator: Option<&'a Operator>,
    pub locale: Locale,
    /// The venue's time zone (UTC before set-up).
    pub zone: chrono_tz::Tz,
}

impl Context<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        self.terminal.now()
    }

    /// The database, and who changes the season in it now: refused as a
    /// coordinator's act before anyone logged in.
    pub fn acting(&mut self) -> Result<(&mut Store, By<'_>), ProgrammingError> {
        let now = self.now();
        let operator = self
            .operator
            .ok_or(ProgrammingError::NotAllowed(Act::Program))?;
        let t = &mut *self.terminal;
        let by = By {
            operator,
            signer: &t.signer,
            now,
        };
        Ok((&mut t.store, by))
    }

    /// How the screen is to look now.
    pub fn look(&self) -> Look {
        Look {
            locale: self.locale,
            zone: self.zone,
            now: self.now(),
            role: self.operator.map(|o| o.role),
        }
    }
}

/// What a screen is told to draw itself: the language, the venue's time
/// zone, the time, and the role of whoever is logged in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub locale: Locale,
    pub zone: chrono_tz::Tz,
    pub now: DateTime<Utc>,
    pub role: Option<Role>,
}

/// The sections of the main frame, in the order of their keys (Ctrl+1…7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Sell,
    Programming,
    Door,
    Audience,
    Till,
    Reports,
    Settings,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Sell,
        Section::Programming,
        Section::Door,
        Section::Audience,
        Section::Till,
        Section::Reports,
        Section::Settings,
    ];

    pub fn label(self) -> T {
        match self {
            Section::Sell => T::NavSell,
            Section::Programming => T::NavProgramming,
            Section::Door => T::NavDoor,
            Section::Audience => T::NavAudience,
            Section::Till => T::NavTill,
            Section::Reports => T::NavReports,
            Section::Settings => T::NavSettings,
        }
    }

    /// The digit of its Ctrl shortcut.
    pub fn key(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn from_key(digit: usize) -> Option<Section> {
        digit
            .checked_sub(1)
            .and_then(|i| Section::ALL.get(i).copied())
    }
}

/// The folder beside the database where the window writes the files it
/// exports (statements, segments, analyses).
pub fn exports(store: &crate::terminal::Store) -> std::path::PathBuf {
    store
        .path()
        .parent()
        .map_or_else(|| "exports".into(), |p| p.join("exports"))
}

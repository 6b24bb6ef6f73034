//! The program's one clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// The variable that stops the program's clock at an instant (tests).
pub const CLOCK_ENV: &str = "GUICHET_CLOCK";

/// The program's one clock: the only place that reads the wall clock.
/// Everything below the window and the command line takes `now` as an
/// argument; they read it here. Tests and benchmarks give a set clock, so
/// nothing depends on the day it runs.
#[derive(Clone, Debug)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// The computer's clock (production).
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that says `at` until it is moved ([`Clock::set`],
    /// [`Clock::advance`]); its clones move with it.
    pub fn set_at(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    /// The clock `main` gives the program: the computer's, unless
    /// [`CLOCK_ENV`] holds an instant (RFC 3339, `2026-11-23T17:00:00+01:00`),
    /// which the program then takes as a clock stopped at that instant. The
    /// test suite drives the real binary at its fixed date this way; a
    /// variable that cannot be read is refused, never ignored.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var(CLOCK_ENV) {
            Err(std::env::VarError::NotPresent) => Ok(Clock::system()),
            Err(std::env::VarError::NotUnicode(_)) => Err(format!("{CLOCK_ENV}: not text")),
            Ok(text) => DateTime::parse_from_rfc3339(text.trim())
                .map(|at| Clock::set_at(at.with_timezone(&Utc)))
                .map_err(|e| {
                    format!("{CLOCK_ENV}={text}: {e} (write it like 2026-11-23T17:00:00+01:00)")
                }),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a set clock to `at` (the system clock cannot be moved).
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.0 {
            *at.lock().unwrap_or_else(|e| e.into_inner()) = to;
        }
    }

    /// Moves a set clock forward (the system clock cannot be moved).
    pub fn advance(&self, by: Duration) {
        if let Some(at) = &self.0 {
            let mut at = at.lock().unwrap_or_else(|e| e.into_inner());
            *at += by;
        }
    }
}

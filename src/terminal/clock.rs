//! The program's one clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

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

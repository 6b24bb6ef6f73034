//! The door's vocabulary: what a scan came to, and the counters and lines
//! the steward reads.

use chrono::{DateTime, Utc};

/// What a scan came to, as recorded (the codes are the `scan.outcome`
/// column's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Admitted,
    /// A supervisor undid an admission.
    Undone,
    Empty,
    NotATicket,
    Damaged,
    NewerFormat,
    Forged,
    UnknownKey,
    UnknownTicket,
    /// The ticket's row disagrees with its signed code.
    Altered,
    Training,
    Cancelled,
    OtherPerformance,
    TooEarly,
    Over,
    AlreadyEntered,
    /// The same code again within seconds: the scanner repeating itself.
    AlreadyEnteredJustNow,
}

impl Outcome {
    pub const ALL: [Outcome; 17] = [
        Outcome::Admitted,
        Outcome::Undone,
        Outcome::Empty,
        Outcome::NotATicket,
        Outcome::Damaged,
        Outcome::NewerFormat,
        Outcome::Forged,
        Outcome::UnknownKey,
        Outcome::UnknownTicket,
        Outcome::Altered,
        Outcome::Training,
        Outcome::Cancelled,
        Outcome::OtherPerformance,
        Outcome::TooEarly,
        Outcome::Over,
        Outcome::AlreadyEntered,
        Outcome::AlreadyEnteredJustNow,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Admitted => "admitted",
            Outcome::Undone => "undone",
            Outcome::Empty => "empty",
            Outcome::NotATicket => "not_a_ticket",
            Outcome::Damaged => "damaged",
            Outcome::NewerFormat => "newer_format",
            Outcome::Forged => "forged",
            Outcome::UnknownKey => "unknown_key",
            Outcome::UnknownTicket => "unknown_ticket",
            Outcome::Altered => "altered",
            Outcome::Training => "training",
            Outcome::Cancelled => "cancelled",
            Outcome::OtherPerformance => "other_performance",
            Outcome::TooEarly => "too_early",
            Outcome::Over => "over",
            Outcome::AlreadyEntered => "already_entered",
            Outcome::AlreadyEnteredJustNow => "already_entered_just_now",
        }
    }

    pub fn from_code(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// One line of the door's counters: a price category, the live tickets
/// sold in it and how many of them are in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    pub category: String,
    pub expected: i64,
    pub entered: i64,
}

/// A scan as the steward's list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanLine {
    pub id: i64,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<i64>,
    /// None for an outcome this version does not know.
    pub outcome: Option<Outcome>,
    pub manual: bool,
    pub door: String,
    pub at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_reads_back_from_its_code() {
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
        }
        assert_eq!(Outcome::from_code("admis"), None);
    }
}

//! A change to the season as the journal signs it: what changed, its name
//! at the time, and each field before and after. The programming job
//! writes them, Caisse and `guichet journal` read them back.

use serde::{Deserialize, Serialize};

/// A change to the season (a hall, its seats, a show, a performance, its
/// slots, categories, prices and quotas, a tariff, a hold): what, by its
/// public id and its name at the time, and each field before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programmed {
    /// `Subject::as_str`.
    pub subject: String,
    /// `Action::as_str`.
    pub action: String,
    /// The public id of what changed (a performance's for its prices,
    /// categories, slots and holds; a hall's for its seats).
    pub id: String,
    /// Its name as staff know it: a show's title, a performance's title and
    /// local start, a hall's name, a tariff's code, a hold's name.
    pub label: String,
    pub changes: Vec<FieldChange>,
}

/// One field of a change. Values are what the field holds: text, whole
/// numbers (amounts in cents, rates in parts per 100,000), true or false,
/// instants as RFC 3339 in UTC, lists of seat names; null where there was
/// none (before a creation, after a deletion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    /// Which one, for a field of many: a price's "category/tariff", a
    /// quota's tariff, a slot's start, a seat's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Hall,
    /// Seats of a hall's plan (removed, renumbered, flagged).
    Seats,
    Show,
    Performance,
    /// A timed performance's entry slots.
    Slots,
    /// A performance's price category, and the seats painted with it.
    Category,
    /// A performance's prices, tariffs offered and quotas.
    Prices,
    Tariff,
    Hold,
    /// The venue's identity: names, numbers, address, VAT exemption.
    Venue,
    /// A performance's places set aside for invitations, by requester.
    Invitations,
    /// Price rules that follow demand: a rule set or removed, the rules
    /// turned on or off, a price a rule made a sale pay.
    PriceRules,
    /// A subscription formula.
    Formula,
}

impl Subject {
    pub const ALL: [Subject; 13] = [
        Subject::Hall,
        Subject::Seats,
        Subject::Show,
        Subject::Performance,
        Subject::Slots,
        Subject::Category,
        Subject::Prices,
        Subject::Tariff,
        Subject::Hold,
        Subject::Venue,
        Subject::Invitations,
        Subject::PriceRules,
        Subject::Formula,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Hall => "hall",
            Subject::Seats => "seats",
            Subject::Show => "show",
            Subject::Performance => "performance",
            Subject::Slots => "slots",
            Subject::Category => "category",
            Subject::Prices => "prices",
            Subject::Tariff => "tariff",
            Subject::Hold => "hold",
            Subject::Venue => "venue",
            Subject::Invitations => "invitations",
            Subject::PriceRules => "price_rules",
            Subject::Formula => "formula",
        }
    }

    pub fn from_code(code: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// What was done to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Created,
    Changed,
    Deleted,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Created, Action::Changed, Action::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Changed => "changed",
            Action::Deleted => "deleted",
        }
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == code)
    }
}

//! Operators: who may do what, and what a good PIN is. Pure rules; storing
//! and checking PINs is in `crate::operators`.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Sells, reprints, looks up orders.
    Clerk,
    /// Also programs the season, closes the till, looks after patrons.
    Coordinator,
    /// Also manages operators and the venue's settings.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Clerk, Role::Coordinator, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Programming the season, closing the till, the patron file.
    pub fn can_coordinate(self) -> bool {
        self >= Role::Coordinator
    }

    /// Creating operators, changing the venue's identity.
    pub fn can_administer(self) -> bool {
        self == Role::Admin
    }
}

/// What an operator does that a right governs: one row of the rights table
/// (README, "Who may do what"). The job functions check it, once, for the
/// window and the command line alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Act {
    Sell,
    Reprint,
    Scan,
    /// Cancel and refund tickets of an order sold today on this terminal,
    /// by a way it was paid, none of them admitted at the door.
    RefundOwn,
    /// Cancel and refund any other order, or by another method.
    RefundAny,
    /// Refund a ticket already admitted at the door.
    RefundAdmitted,
    /// Undo an admission, name the door.
    SuperviseDoor,
    /// Shows, performances, halls, prices, holds, tariffs.
    Program,
    /// A season file, a hall's plan, patrons, or orders from outside
    /// sellers (their mapping and conflicts).
    Import,
    /// Operators, keys, the venue's identity.
    Administer,
    /// A patron's data exported, erased or merged; the inactive forgotten.
    ManagePatrons,
    /// The cash drawer: its float, cash in and out, its counts.
    KeepDrawer,
    /// The day's closing (Z) of the terminal.
    CloseDay,
    /// A month's or a year's closing.
    ClosePeriod,
    /// Training mode switched on or off on the terminal.
    Train,
    /// An order's tickets or receipt queued for e-mail; the outbox sent now.
    Mail,
    /// A message given up or uncertain put back in the queue (an uncertain
    /// one may then arrive twice).
    RetryMail,
    /// A performance cancelled or moved with its holders: refunded or
    /// given new tickets on the new date, each told.
    CancelOrMove,
}

impl Act {
    pub const ALL: [Act; 18] = [
        Act::Sell,
        Act::Reprint,
        Act::Scan,
        Act::RefundOwn,
        Act::RefundAny,
        Act::RefundAdmitted,
        Act::SuperviseDoor,
        Act::Program,
        Act::Import,
        Act::Administer,
        Act::ManagePatrons,
        Act::KeepDrawer,
        Act::CloseDay,
        Act::ClosePeriod,
        Act::Train,
        Act::Mail,
        Act::RetryMail,
        Act::CancelOrMove,
    ];

    /// The least role that may.
    pub fn least(self) -> Role {
        match self {
            Act::Sell
            | Act::Reprint
            | Act::Scan
            | Act::RefundOwn
            | Act::KeepDrawer
            | Act::CloseDay
            | Act::Mail => Role::Clerk,
            Act::RefundAny
            | Act::RefundAdmitted
            | Act::SuperviseDoor
            | Act::Program
            | Act::Import
            | Act::ManagePatrons
            | Act::ClosePeriod
            | Act::Train
            | Act::RetryMail
            | Act::CancelOrMove => Role::Coordinator,
            Act::Administer => Role::Admin,
        }
    }
}

impl Role {
    /// Whether this role may `act`.
    pub fn may(self, act: Act) -> bool {
        self >= act.least()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

pub const PIN_MIN_DIGITS: usize = 4;
pub const PIN_MAX_DIGITS: usize = 8;
pub const NAME_MAX_CHARS: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    Length,
    NotDigits,
    TooSimple,
}

/// A PIN is 4 to 8 digits, not all the same digit and not a plain run
/// (1234, 9876): those are the first ones anyone tries.
pub fn check_pin(pin: &str) -> Result<(), PinError> {
    if !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::NotDigits);
    }
    if !(PIN_MIN_DIGITS..=PIN_MAX_DIGITS).contains(&pin.len()) {
        return Err(PinError::Length);
    }
    let digits: Vec<i32> = pin.bytes().map(|b| i32::from(b - b'0')).collect();
    let steps: Vec<i32> = digits.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.iter().all(|s| *s == steps[0]) && steps[0].abs() <= 1 {
        return Err(PinError::TooSimple);
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    Empty,
    TooLong,
}

/// Trims the name and checks it is usable on a button and a receipt.
pub fn clean_name(name: &str) -> Result<String, NameError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(NameError::TooLong);
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins() {
        for good in ["2468", "1793", "20261124", "0102"] {
            assert_eq!(check_pin(good), Ok(()), "{good}");
        }
        let bad = [
            ("123", PinError::Length),
            ("123456789", PinError::Length),
            ("", PinError::Length),
            ("12a4", PinError::NotDigits),
            ("12 34", PinError::NotDigits),
            ("0000", PinError::TooSimple),
            ("1234", PinError::TooSimple),
            ("9876", PinError::TooSimple),
            ("456789", PinError::TooSimple),
        ];
        for (pin, err) in bad {
            assert_eq!(check_pin(pin), Err(err), "{pin}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(clean_name("  Camille   Roche "), Ok("Camille Roche".into()));
        assert_eq!(clean_name("   "), Err(NameError::Empty));
        assert_eq!(clean_name(&"é".repeat(61)), Err(NameError::TooLong));
    }

    #[test]
    fn roles_nest() {
        assert!(!Role::Clerk.can_coordinate());
        assert!(Role::Coordinator.can_coordinate());
        assert!(!Role::Coordinator.can_administer());
        assert!(Role::Admin.can_administer() && Role::Admin.can_coordinate());
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }
}

//! The cash drawer of a terminal (DOMAIN.md §5, "cash session"): a session
//! opens with a counted float, takes cash in and out with a reason, and is
//! counted when it changes hands and at the end of the day (expected,
//! counted, difference). Each step is a signed `drawer` record. Pure: how a
//! count is read and bounded, what the drawer should hold.

use serde::{Deserialize, Serialize};

use super::money::{Currency, MAX_AMOUNT};

/// The most of one note or coin a count may hold.
pub const MAX_PIECES: i64 = 100_000;

/// The most characters of a movement's reason.
pub const MAX_REASON: usize = 200;

/// The notes and coins a drawer holds, in cents, largest first: euro notes
/// from 200 € to 5 €, coins from 2 € to 1 c; Canadian notes from 100 $ to
/// 5 $, coins from 2 $ to 5 ¢ (no cent since 2013).
pub fn denominations(currency: Currency) -> &'static [i64] {
    match currency {
        Currency::Eur => &[
            20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
        ],
        Currency::Cad => &[10_000, 5_000, 2_000, 1_000, 500, 200, 100, 25, 10, 5],
    }
}

/// A step of a session, as its record names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The session opens with its float.
    Open,
    /// Cash put into the drawer (change brought from the safe…).
    CashIn,
    /// Cash taken out (to the safe, a petty expense…).
    CashOut,
    /// Counted when one clerk hands the drawer to another; it stays open.
    Handover,
    /// Counted at the end: the session is over.
    Count,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Open,
        Step::CashIn,
        Step::CashOut,
        Step::Handover,
        Step::Count,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Open => "open",
            Step::CashIn => "cash_in",
            Step::CashOut => "cash_out",
            Step::Handover => "handover",
            Step::Count => "count",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the step counts the drawer (so it has an expected amount).
    pub fn counts(self) -> bool {
        matches!(self, Step::Handover | Step::Count)
    }
}

/// Cash moved by hand, with a reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movement {
    /// Put into the drawer (change brought from the safe…).
    In,
    /// Taken out (to the safe, a petty expense…).
    Out,
}

impl Movement {
    pub fn step(self) -> Step {
        match self {
            Movement::In => Step::CashIn,
            Movement::Out => Step::CashOut,
        }
    }
}

/// So many notes or coins of one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pieces {
    /// The note's or coin's value in cents.
    pub value: i64,
    pub quantity: i64,
}

/// What was counted: by denomination (then the total is their sum) or as a
/// total only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    pub pieces: Vec<Pieces>,
    pub total: i64,
}

/// Why a count or a movement was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CountError {
    /// A negative amount or quantity.
    Negative,
    /// Above [`MAX_AMOUNT`] (or [`MAX_PIECES`] of one value).
    TooLarge,
    /// Not a note or coin of the currency (its value in cents).
    NotADenomination(i64),
    /// The same value twice.
    Twice(i64),
    /// A movement of nothing.
    Zero,
    /// A movement needs a reason (or the reason is too long).
    Reason,
}

impl Counted {
    /// A count given as a total.
    pub fn total(cents: i64) -> Result<Counted, CountError> {
        bounded(cents)?;
        Ok(Counted {
            pieces: Vec::new(),
            total: cents,
        })
    }

    /// A count by denomination: each value a note or coin of `currency`,
    /// once; zero quantities are left out.
    pub fn pieces(currency: Currency, given: &[(i64, i64)]) -> Result<Counted, CountError> {
        let known = denominations(currency);
        let mut pieces: Vec<Pieces> = Vec::new();
        let mut total: i64 = 0;
        for &(value, quantity) in given {
            if quantity < 0 {
                return Err(CountError::Negative);
            }
            if quantity > MAX_PIECES {
                return Err(CountError::TooLarge);
            }
            if !known.contains(&value) {
                return Err(CountError::NotADenomination(value));
            }
            if pieces.iter().any(|p| p.value == value) {
                return Err(CountError::Twice(value));
            }
            total = value
                .checked_mul(quantity)
                .and_then(|v| total.checked_add(v))
                .ok_or(CountError::TooLarge)?;
            if quantity > 0 {
                pieces.push(Pieces { value, quantity });
            }
        }
        bounded(total)?;
        pieces.sort_by_key(|p| std::cmp::Reverse(p.value));
        Ok(Counted { pieces, total })
    }
}

/// An amount of cash a drawer can hold: from nothing to [`MAX_AMOUNT`].
pub fn bounded(cents: i64) -> Result<i64, CountError> {
    match cents {
        c if c < 0 => Err(CountError::Negative),
        c if c > MAX_AMOUNT.0 => Err(CountError::TooLarge),
        c => Ok(c),
    }
}

/// A movement's amount (more than nothing, bounded) and its reason (said,
/// trimmed, at most [`MAX_REASON`] characters).
pub fn movement(cents: i64, reason: &str) -> Result<(i64, String), CountError> {
    let cents = bounded(cents)?;
    if cents == 0 {
        return Err(CountError::Zero);
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(CountError::Reason);
    }
    Ok((cents, reason.to_owned()))
}

/// What a drawer should hold: what it started with (the float, or what was
/// counted when it last changed hands), the cash the sales took since
/// (net of change and of cash refunds), cash in less cash out since.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Expected {
    pub float: i64,
    pub takings: i64,
    pub cash_in: i64,
    pub cash_out: i64,
}

impl Expected {
    pub fn total(&self) -> i64 {
        self.float
            .saturating_add(self.takings)
            .saturating_add(self.cash_in)
            .saturating_sub(self.cash_out)
    }

    /// Adds a step of the session: a handover starts again from what was
    /// counted (the next clerk answers for that), the sales' cash is then
    /// summed from it; the count at the end changes nothing.
    pub fn step(&mut self, step: Step, amount: i64) {
        match step {
            Step::Open | Step::Handover => {
                *self = Expected {
                    float: amount,
                    ..Expected::default()
                }
            }
            Step::CashIn => self.cash_in = self.cash_in.saturating_add(amount),
            Step::CashOut => self.cash_out = self.cash_out.saturating_add(amount),
            Step::Count => {}
        }
    }

    /// Whether the step is where the drawer's cash is counted from.
    pub fn starts(step: Step) -> bool {
        matches!(step, Step::Open | Step::Handover)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_by_denomination_sums_and_refuses_what_is_not_money() {
        let c = Counted::pieces(Currency::Eur, &[(1_000, 3), (2, 4), (500, 0)]).unwrap();
        assert_eq!(c.total, 3_008);
        assert_eq!(c.pieces.len(), 2);
        assert_eq!(
            Counted::pieces(Currency::Cad, &[(1, 1)]),
            Err(CountError::NotADenomination(1))
        );
        assert_eq!(
            Counted::pieces(Currency::Eur, &[(100, -1)]),
            Err(CountError::Negative)
        );
        assert_eq!(
            Counted::pieces(Currency::Eur, &[(20_000, MAX_PIECES + 1)]),
            Err(CountError::TooLarge)
        );
        assert_eq!(
            Counted::pieces(Currency::Eur, &[(100, 1), (100, 2)]),
            Err(CountError::Twice(100))
        );
        assert_eq!(Counted::total(-1), Err(CountError::Negative));
        assert_eq!(movement(0, "coffre"), Err(CountError::Zero));
        assert_eq!(movement(500, "  "), Err(CountError::Reason));
    }

    #[test]
    fn expected_is_float_takings_and_movements() {
        let mut e = Expected::default();
        e.step(Step::Open, 15_000);
        e.step(Step::CashIn, 2_000);
        e.step(Step::CashOut, 5_000);
        e.takings = 4_250;
        assert_eq!(e.total(), 16_250);
        // Handed over with 10 € missing: the next clerk starts from the count.
        e.step(Step::Handover, 16_240);
        assert_eq!(e.total(), 16_240);
    }
}

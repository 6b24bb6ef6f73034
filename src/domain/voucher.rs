//! Gift vouchers and credit notes (bons cadeaux, avoirs): a sum owed to
//! whoever holds its code, spent in part or whole as a payment. A gift
//! voucher is sold at the counter; a credit note is what a refund gives
//! back as a voucher. Both are the same thing once issued.
//!
//! The code is 16 characters of Crockford's base 32 (no I, L, O or U, so
//! nothing reads as another), printed in four groups:
//! `K7QF-9M2X-HT4C-8WRA`. Fifteen are random (75 bits: the file keeps
//! only the code's SHA-256, and 2^75 guesses are out of anyone's reach);
//! the last is a Luhn mod 32 check, so a character mistyped, or two
//! neighbours swapped, is caught before any lookup. Typing is forgiving:
//! case, spaces and dashes do not matter, O reads as 0 and I or L as 1.

use chrono::{Months, NaiveDate};
use sha2::{Digest, Sha256};

use super::money::Cents;
use super::venue::Country;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code, its check included.
pub const CODE_LEN: usize = 16;
/// The most a gift voucher sold at the counter is worth (1 000,00).
pub const MAX_GIFT: Cents = Cents(100_000);
/// The longest validity of a voucher, in months.
pub const MAX_MONTHS: u32 = 36;
/// The longest text read as a code (a code pasted with spaces and dashes).
pub const MAX_TYPED: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Sold at the counter: money in, owed to the holder, not revenue.
    Gift,
    /// Given back by a refund (an order cancelled, an exchange).
    Credit,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Gift => "gift",
            Kind::Credit => "credit",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        [Kind::Gift, Kind::Credit]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A voucher's code, normalised (12 characters of the alphabet, its check
/// right).
#[derive(Clone, PartialEq, Eq)]
pub struct Code(String);

/// Why a text typed is not a voucher's code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not 12 characters of the code's alphabet (what was typed, cut short).
    #[error("not a voucher code: {0}")]
    Malformed(String),
    /// The right shape, but its check character does not match: a
    /// character was mistyped.
    #[error("a character of the voucher code was mistyped")]
    Mistyped,
}

impl std::fmt::Debug for Code {
    // A code is a bearer's money: it never goes to a log whole.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code(…{})", self.hint())
    }
}

impl Code {
    /// A new code from ten random bytes (the caller draws them).
    pub fn from_random(bytes: [u8; 10]) -> Code {
        let mut wide = [0u8; 16];
        wide[..10].copy_from_slice(&bytes);
        let mut bits = u128::from_le_bytes(wide);
        let mut digits = [0u8; CODE_LEN - 1];
        for d in &mut digits {
            *d = (bits & 31) as u8;
            bits >>= 5;
        }
        let mut text: String = digits
            .iter()
            .map(|&d| ALPHABET[d as usize] as char)
            .collect();
        text.push(ALPHABET[check_digit(&digits) as usize] as char);
        Code(text)
    }

    /// A code as typed or scanned.
    pub fn parse(typed: &str) -> Result<Code, CodeError> {
        let shown: String = typed.chars().take(MAX_TYPED).collect();
        let malformed = || CodeError::Malformed(shown.trim().to_owned());
        if typed.len() > MAX_TYPED * 4 {
            return Err(malformed());
        }
        let mut digits = Vec::with_capacity(CODE_LEN);
        for c in typed.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let d = ALPHABET.iter().position(|&a| a as char == c);
            match d {
                Some(d) if digits.len() < CODE_LEN => digits.push(d as u8),
                _ => return Err(malformed()),
            }
        }
        if digits.len() != CODE_LEN {
            return Err(malformed());
        }
        if !luhn_sum(&digits, false).is_multiple_of(32) {
            return Err(CodeError::Mistyped);
        }
        Ok(Code(
            digits
                .iter()
                .map(|&d| ALPHABET[d as usize] as char)
                .collect(),
        ))
    }

    /// As printed: four groups of four.
    pub fn printed(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{}-{}", &s[..4], &s[4..8], &s[8..12], &s[12..])
    }

    /// The last four characters: enough to tell a holder's vouchers apart
    /// on a list, never enough to spend one.
    pub fn hint(&self) -> String {
        self.0[CODE_LEN - 4..].to_owned()
    }

    /// What is kept of the code: its SHA-256, hex.
    pub fn digest(&self) -> String {
        data_encoding::HEXLOWER.encode(&Sha256::digest(self.0.as_bytes()))
    }
}

/// The Luhn mod 32 sum of `digits` read from the right; with `for_check`,
/// as if a check digit followed them.
fn luhn_sum(digits: &[u8], for_check: bool) -> u32 {
    let mut double = for_check;
    let mut sum = 0;
    for &d in digits.iter().rev() {
        let mut a = u32::from(d) * if double { 2 } else { 1 };
        a = a / 32 + a % 32;
        sum += a;
        double = !double;
    }
    sum
}

fn check_digit(digits: &[u8]) -> u32 {
    (32 - luhn_sum(digits, true) % 32) % 32
}

/// How long a voucher is taken, in months from the day it is issued
/// (`None`: never expires).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity(pub Option<u32>);

/// Why a voucher cannot be issued as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// A gift voucher's amount outside 0,01 to [`MAX_GIFT`].
    #[error("a gift voucher's amount is out of bounds: {0:?}")]
    Amount(Cents),
    /// A validity of 0 or beyond [`MAX_MONTHS`].
    #[error("a voucher's validity is out of bounds: {0} months")]
    Months(u32),
    /// In Quebec a prepaid card may not expire (Consumer Protection Act,
    /// s. 187.3).
    #[error("a voucher may not expire in Quebec")]
    ExpiryInQuebec,
}

impl Validity {
    /// What a venue's vouchers get unless said otherwise: a year in
    /// France (the usual practice); never in Quebec, where the law forbids
    /// a prepaid card to expire.
    pub fn default_for(country: Country) -> Validity {
        match country {
            Country::France => Validity(Some(12)),
            Country::Quebec => Validity(None),
        }
    }

    pub fn checked(self, country: Country) -> Result<Validity, IssueError> {
        match self.0 {
            Some(_) if country == Country::Quebec => Err(IssueError::ExpiryInQuebec),
            Some(m) if m == 0 || m > MAX_MONTHS => Err(IssueError::Months(m)),
            _ => Ok(self),
        }
    }

    /// The last day a voucher issued on `day` is taken.
    pub fn last_day(self, day: NaiveDate) -> Option<NaiveDate> {
        let months = self.0?;
        day.checked_add_months(Months::new(months))
    }
}

/// A gift voucher's amount, checked.
pub fn gift_amount(amount: Cents) -> Result<Cents, IssueError> {
    if amount <= Cents::ZERO || amount > MAX_GIFT {
        return Err(IssueError::Amount(amount));
    }
    Ok(amount)
}

/// Whether a voucher whose last day is `last` is still taken on `today`.
pub fn taken_on(last: Option<NaiveDate>, today: NaiveDate) -> bool {
    last.is_none_or(|last| today <= last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random() -> Code {
        let mut bytes = [0u8; 10];
        getrandom::fill(&mut bytes).unwrap();
        Code::from_random(bytes)
    }

    #[test]
    fn a_random_code_reads_back_as_printed_and_loosely_typed() {
        for _ in 0..200 {
            let code = random();
            let printed = code.printed();
            assert_eq!(printed.len(), 19);
            assert_eq!(Code::parse(&printed).unwrap(), code);
            let loose = printed.to_lowercase().replace('-', " ").replace('0', "o");
            assert_eq!(Code::parse(&loose).unwrap(), code);
            assert_eq!(code.hint(), printed[15..]);
            assert_eq!(code.digest().len(), 64);
        }
    }

    #[test]
    fn one_character_mistyped_or_two_swapped_is_caught() {
        let code = random().0;
        let chars: Vec<char> = code.chars().collect();
        for i in 0..CODE_LEN {
            for &a in ALPHABET {
                let a = a as char;
                if a == chars[i] {
                    continue;
                }
                let mut typo = chars.clone();
                typo[i] = a;
                let typed: String = typo.into_iter().collect();
                assert_eq!(Code::parse(&typed), Err(CodeError::Mistyped), "{typed}");
            }
        }
        for i in 0..CODE_LEN - 1 {
            if chars[i] == chars[i + 1] {
                continue;
            }
            let mut swapped = chars.clone();
            swapped.swap(i, i + 1);
            let typed: String = swapped.into_iter().collect();
            // Luhn mod 32 misses only the swap of 0 and Z (0 and 31).
            let zero_v = matches!((chars[i], chars[i + 1]), ('0', 'Z') | ('Z', '0'));
            assert!(zero_v || Code::parse(&typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn what_is_not_a_code_says_so() {
        for typed in [
            "",
            "ABC",
            "K7QF-9M2X-HT4C-8WR",
            "K7QF-9M2X-HT4C-8WRAA",
            "K7QF-9M2X-HT4C-8WR!",
            "ÉÉÉÉ",
        ] {
            assert!(
                matches!(Code::parse(typed), Err(CodeError::Malformed(_))),
                "{typed}"
            );
        }
        let long = "A".repeat(1_000_000);
        match Code::parse(&long) {
            Err(CodeError::Malformed(shown)) => assert_eq!(shown.len(), MAX_TYPED),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn validity_is_a_year_in_france_and_never_ends_in_quebec() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let fr = Validity::default_for(Country::France);
        assert_eq!(fr.last_day(day), NaiveDate::from_ymd_opt(2027, 12, 7));
        assert_eq!(Validity::default_for(Country::Quebec).last_day(day), None);
        assert_eq!(fr.checked(Country::Quebec), Err(IssueError::ExpiryInQuebec));
        assert_eq!(
            Validity(Some(0)).checked(Country::France),
            Err(IssueError::Months(0))
        );
        assert_eq!(
            Validity(Some(37)).checked(Country::France),
            Err(IssueError::Months(37))
        );
        assert!(taken_on(
            fr.last_day(day),
            NaiveDate::from_ymd_opt(2027, 12, 7).unwrap()
        ));
        assert!(!taken_on(
            fr.last_day(day),
            NaiveDate::from_ymd_opt(2027, 12, 8).unwrap()
        ));
        assert_eq!(gift_amount(Cents(0)), Err(IssueError::Amount(Cents(0))));
        assert_eq!(
            gift_amount(Cents(100_001)),
            Err(IssueError::Amount(Cents(100_001)))
        );
        assert_eq!(gift_amount(Cents(5_000)), Ok(Cents(5_000)));
    }
}

//! Money: integer minor units (cents) and a currency. No floats anywhere,
//! including parsing what a coordinator types and formatting for the locale.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

use super::locale::Locale;

/// An amount in minor units (cents) of the basket's currency.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn abs(self) -> Cents {
        Cents(self.0.abs())
    }

    /// "1234,50" / "-5.00": the amount as a form field holds it, with no
    /// currency and no thousands separator, so `parse` reads it back.
    pub fn plain(self, decimal: char) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}{decimal}{:02}", a / 100, a % 100)
    }

    /// Parses an amount as a person types it: `12`, `12,5`, `12.50`, `1 234,50`.
    /// At most two decimals; no sign (refunds are computed, never typed).
    pub fn parse(text: &str) -> Result<Cents, MoneyParseError> {
        let cleaned: String = text
            .trim()
            .trim_end_matches(['€', '$'])
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if cleaned.is_empty() {
            return Err(MoneyParseError::Empty);
        }
        let (units, decimals) = match cleaned.split_once([',', '.']) {
            Some((u, d)) => (u, d),
            None => (cleaned.as_str(), ""),
        };
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if units.is_empty() && decimals.is_empty() || !digits_only(units) || !digits_only(decimals)
        {
            return Err(MoneyParseError::NotANumber(text.trim().to_owned()));
        }
        if decimals.len() > 2 {
            return Err(MoneyParseError::TooManyDecimals(text.trim().to_owned()));
        }
        let units: i64 = if units.is_empty() {
            0
        } else {
            units
                .parse()
                .map_err(|_| MoneyParseError::TooLarge(text.trim().to_owned()))?
        };
        let cents: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().unwrap_or(0) * 10,
            _ => decimals.parse::<i64>().unwrap_or(0),
        };
        units
            .checked_mul(100)
            .and_then(|u| u.checked_add(cents))
            .filter(|c| *c <= MAX_TYPED_CENTS)
            .map(Cents)
            .ok_or_else(|| MoneyParseError::TooLarge(text.trim().to_owned()))
    }
}

/// One million in the venue's currency: beyond any ticket or basket typed by hand.
const MAX_TYPED_CENTS: i64 = 100_000_000;

/// The largest amount the till takes in one payment or one order, and the
/// largest total it records: one million in the venue's currency (euros or
/// Canadian dollars). Beyond it an amount is a typing or a script error.
pub const MAX_AMOUNT: Cents = Cents(100_000_000);

/// The most change the till gives: 1 000,00. Cash handed over may exceed
/// what is due by this much at most (a 500 note for a 20 ticket is fine;
/// a billion handed over is a typing error).
pub const MAX_CHANGE: Cents = Cents(100_000);

/// The most payments one order takes (split between friends, vouchers).
pub const MAX_PAYMENTS: usize = 20;

/// The highest price of one ticket (100 000,00), as the schema enforces.
pub const MAX_PRICE: Cents = Cents(10_000_000);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    Empty,
    NotANumber(String),
    TooManyDecimals(String),
    TooLarge(String),
}

// The operators saturate: no amount the program accepts comes near the
// limits of i64 (every amount from outside is bounded by `MAX_AMOUNT`
// first), and no input can make them wrap or panic.
impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_sub(rhs.0))
    }
}

impl SubAssign for Cents {
    fn sub_assign(&mut self, rhs: Cents) {
        self.0 = self.0.saturating_sub(rhs.0);
    }
}

impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(self.0.saturating_neg())
    }
}

impl Mul<i64> for Cents {
    type Output = Cents;
    fn mul(self, rhs: i64) -> Cents {
        Cents(self.0.saturating_mul(rhs))
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

/// The currencies Guichet sells in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "EUR")]
    Eur,
    #[serde(rename = "CAD")]
    Cad,
}

impl Currency {
    pub const ALL: [Currency; 2] = [Currency::Eur, Currency::Cad];

    /// ISO 4217 code, as stored in the database and written in exports.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Cad => "CAD",
        }
    }

    pub fn from_code(code: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Eur => "€",
            Currency::Cad => "$",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount with its currency, for display and for records that leave a basket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub cents: Cents,
    pub currency: Currency,
}

impl Money {
    pub fn new(cents: i64, currency: Currency) -> Money {
        Money {
            cents: Cents(cents),
            currency,
        }
    }

    /// Formats for people: `1 234,50 €` and `12,50 $` in French, `€1,234.50`
    /// and `$12.50` in English. French uses a narrow no-break space between
    /// thousands and a no-break space before the symbol, so an amount never
    /// breaks across lines.
    pub fn format(self, locale: Locale) -> String {
        let negative = self.cents.0 < 0;
        let magnitude = self.cents.0.unsigned_abs();
        let units = group_thousands(magnitude / 100, locale.thousands_separator());
        let decimals = magnitude % 100;
        let sign = if negative { "\u{2212}" } else { "" };
        let symbol = self.currency.symbol();
        if locale.is_french() {
            format!("{sign}{units},{decimals:02}\u{a0}{symbol}")
        } else {
            format!("{sign}{symbol}{units}.{decimals:02}")
        }
    }
}

fn group_thousands(mut n: u64, separator: char) -> String {
    let mut groups = Vec::new();
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, group) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&group.to_string());
        } else {
            out.push(separator);
            out.push_str(&format!("{group:03}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_for_each_locale() {
        let cases = [
            (
                123_450,
                Currency::Eur,
                Locale::FrFr,
                "1\u{202f}234,50\u{a0}€",
            ),
            (1250, Currency::Eur, Locale::FrFr, "12,50\u{a0}€"),
            (5, Currency::Eur, Locale::FrFr, "0,05\u{a0}€"),
            (-1250, Currency::Eur, Locale::FrFr, "\u{2212}12,50\u{a0}€"),
            (11498, Currency::Cad, Locale::FrCa, "114,98\u{a0}$"),
            (123_450, Currency::Eur, Locale::En, "€1,234.50"),
            (11498, Currency::Cad, Locale::En, "$114.98"),
            (100_000_000, Currency::Cad, Locale::En, "$1,000,000.00"),
        ];
        for (cents, currency, locale, expected) in cases {
            assert_eq!(Money::new(cents, currency).format(locale), expected);
        }
    }

    #[test]
    fn parses_what_people_type() {
        let ok = [
            ("12", 1200),
            ("12,5", 1250),
            ("12.50", 1250),
            (" 1 234,50 € ", 123_450),
            (",5", 50),
            ("0", 0),
            ("28,00\u{a0}€", 2800),
        ];
        for (text, cents) in ok {
            assert_eq!(Cents::parse(text), Ok(Cents(cents)), "{text}");
            assert_eq!(Cents::parse(&Cents(cents).plain(',')), Ok(Cents(cents)));
        }
        assert_eq!(Cents(123_405).plain(','), "1234,05");
        assert_eq!(Cents(-500).plain('.'), "-5.00");
        assert_eq!(Cents::parse(""), Err(MoneyParseError::Empty));
        assert!(matches!(
            Cents::parse("12,505"),
            Err(MoneyParseError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Cents::parse("-5"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(matches!(
            Cents::parse("12a"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(matches!(
            Cents::parse("1,2,3"),
            Err(MoneyParseError::NotANumber(_))
        ));
        assert!(matches!(
            Cents::parse("99999999999999999999"),
            Err(MoneyParseError::TooLarge(_))
        ));
        assert!(matches!(
            Cents::parse("2000000"),
            Err(MoneyParseError::TooLarge(_))
        ));
    }

    #[test]
    fn currency_codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(Currency::from_code(c.code()), Some(c));
        }
        assert_eq!(Currency::from_code("USD"), None);
    }
}

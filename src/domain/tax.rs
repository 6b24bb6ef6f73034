//! Taxes on a basket, to the cent and without drift.
//!
//! * France: prices **include** VAT. The rate is per line (per performance or
//!   product). VAT is computed once per rate on the basket's total at that
//!   rate, so base + VAT of each rate adds up to what the customer pays.
//! * Quebec: prices **exclude** taxes. GST (5 %) and QST (9.975 %) are each
//!   computed on the pre-tax subtotal (QST is not charged on GST), each
//!   rounded half-up to the cent, once per basket.
//!
//! Per-line amounts (the ledger records them) are the basket's figures shared
//! out in proportion with the largest-remainder method, so lines always sum
//! exactly to the basket. Refunds are the same breakdown negated.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::locale::Locale;
use super::money::Cents;

/// Parts per 100,000: 5.5 % is `TaxRate(5_500)`, 9.975 % is `TaxRate(9_975)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaxRate(pub u32);

const PER: i128 = 100_000;

impl TaxRate {
    pub const ZERO: TaxRate = TaxRate(0);
    /// France's VAT rates on admissions and products: 0 (exempt body), 2.1 %
    /// (first 140 performances of a creation), 5.5 % (live shows), 10 %
    /// (museums, exhibitions), 20 % (cabaret with drinks, merchandise).
    pub const FRANCE_VAT: [TaxRate; 5] = [
        TaxRate(0),
        TaxRate(2_100),
        TaxRate(5_500),
        TaxRate(10_000),
        TaxRate(20_000),
    ];
    /// Canada's goods and services tax.
    pub const GST: TaxRate = TaxRate(5_000);
    /// Quebec sales tax, on the price before GST.
    pub const QST: TaxRate = TaxRate(9_975);

    /// Parses "5,5", "5.5 %", "9.975", "20": a percentage with up to three decimals.
    pub fn parse_percent(text: &str) -> Result<TaxRate, TaxError> {
        let cleaned: String = text.trim().trim_end_matches('%').trim().replace(',', ".");
        let bad = || TaxError::BadRate(text.trim().to_owned());
        let (units, decimals) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        if units.is_empty()
            || decimals.len() > 3
            || !units
                .chars()
                .chain(decimals.chars())
                .all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        let units: u32 = units.parse().map_err(|_| bad())?;
        let padded = format!("{decimals:0<3}");
        let thousandths: u32 = padded.parse().map_err(|_| bad())?;
        let rate = units
            .checked_mul(1000)
            .and_then(|u| u.checked_add(thousandths))
            .ok_or_else(bad)?;
        if rate > 100_000 {
            return Err(bad());
        }
        Ok(TaxRate(rate))
    }

    /// "5,5 %" in French, "5.5%" in English; trailing zeros dropped.
    pub fn format(self, locale: Locale) -> String {
        let units = self.0 / 1000;
        let decimals = format!("{:03}", self.0 % 1000);
        let decimals = decimals.trim_end_matches('0');
        let number = if decimals.is_empty() {
            units.to_string()
        } else if locale.is_french() {
            format!("{units},{decimals}")
        } else {
            format!("{units}.{decimals}")
        };
        if locale.is_french() {
            format!("{number}\u{a0}%")
        } else {
            format!("{number}%")
        }
    }
}

impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(Locale::En))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxError {
    NegativeAmount { line: usize, amount: i64 },
    BadRate(String),
}

/// `amount × num / den`, rounded half-up; `amount` ≥ 0.
pub(crate) fn half_up(amount: i64, num: i128, den: i128) -> i64 {
    let scaled = amount as i128 * num * 2 + den;
    (scaled / (2 * den)) as i64
}

/// Shares `total` among `weights` in proportion, to the cent: every share is
/// the floor of its exact value, and the cents left go to the largest
/// remainders (earliest line first on ties). Shares always sum to `total`
/// (weights that are all zero only come with a zero total).
pub(crate) fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| *w as i128).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total as i128 * *w as i128;
        shares.push((exact / sum) as i64);
        remainders.push((exact % sum, i));
    }
    let mut left = total - shares.iter().sum::<i64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}

/// One line's amounts after tax is shared out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    pub excl: Cents,
    pub tax: Cents,
    pub incl: Cents,
}

impl LineAmounts {
    pub fn negated(self) -> LineAmounts {
        LineAmounts {
            excl: -self.excl,
            tax: -self.tax,
            incl: -self.incl,
        }
    }
}

/// A French basket line: what the customer pays for it (VAT included) and its rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VatLine {
    pub incl: Cents,
    pub rate: TaxRate,
}

/// Base, VAT and total of one rate: one row of the receipt's tax table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatTotal {
    pub rate: TaxRate,
    pub excl: Cents,
    pub vat: Cents,
    pub incl: Cents,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatBreakdown {
    /// One row per rate present, lowest rate first.
    pub per_rate: Vec<VatTotal>,
    /// Same order as the lines given.
    pub lines: Vec<LineAmounts>,
    pub total: Cents,
}

/// France: VAT included in prices, computed per rate on the basket.
pub fn france_vat(lines: &[VatLine]) -> Result<VatBreakdown, TaxError> {
    check_non_negative(lines.iter().map(|l| l.incl))?;
    let mut rates: Vec<TaxRate> = lines.iter().map(|l| l.rate).collect();
    rates.sort();
    rates.dedup();
    let mut per_rate = Vec::with_capacity(rates.len());
    let mut amounts = vec![
        LineAmounts {
            excl: Cents::ZERO,
            tax: Cents::ZERO,
            incl: Cents::ZERO,
        };
        lines.len()
    ];
    for rate in rates {
        let members: Vec<usize> = (0..lines.len())
            .filter(|i| lines[*i].rate == rate)
            .collect();
        let incl: i64 = members.iter().map(|i| lines[*i].incl.0).sum();
        let excl = half_up(incl, PER, PER + rate.0 as i128);
        let weights: Vec<i64> = members.iter().map(|i| lines[*i].incl.0).collect();
        for (i, share) in members.iter().zip(allocate(excl, &weights)) {
            let line_incl = lines[*i].incl;
            amounts[*i] = LineAmounts {
                excl: Cents(share),
                tax: line_incl - Cents(share),
                incl: line_incl,
            };
        }
        per_rate.push(VatTotal {
            rate,
            excl: Cents(excl),
            vat: Cents(incl - excl),
            incl: Cents(incl),
        });
    }
    Ok(VatBreakdown {
        total: per_rate.iter().map(|r| r.incl).sum(),
        per_rate,
        lines: amounts,
    })
}

impl VatBreakdown {
    /// The same breakdown with every amount negated: a full refund.
    pub fn negated(&self) -> VatBreakdown {
        VatBreakdown {
            per_rate: self
                .per_rate
                .iter()
                .map(|r| VatTotal {
                    rate: r.rate,
                    excl: -r.excl,
                    vat: -r.vat,
                    incl: -r.incl,
                })
                .collect(),
            lines: self.lines.iter().map(|l| l.negated()).collect(),
            total: -self.total,
        }
    }
}

/// A Quebec basket line: its price before taxes, and whether GST/QST apply
/// (some admissions by public service bodies are exempt).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuebecLine {
    pub excl: Cents,
    pub taxable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuebecTaxes {
    /// Sum of the prices before taxes.
    pub subtotal: Cents,
    pub gst: Cents,
    pub qst: Cents,
    pub total: Cents,
    pub lines: Vec<LineAmounts>,
}

/// Quebec: GST and QST, each on the pre-tax subtotal of taxable lines,
/// each rounded half-up once per basket.
pub fn quebec_gst_qst(lines: &[QuebecLine]) -> Result<QuebecTaxes, TaxError> {
    check_non_negative(lines.iter().map(|l| l.excl))?;
    let subtotal: i64 = lines.iter().map(|l| l.excl.0).sum();
    let taxable: Vec<i64> = lines
        .iter()
        .map(|l| if l.taxable { l.excl.0 } else { 0 })
        .collect();
    let base: i64 = taxable.iter().sum();
    let gst = half_up(base, TaxRate::GST.0 as i128, PER);
    let qst = half_up(base, TaxRate::QST.0 as i128, PER);
    let gst_shares = allocate(gst, &taxable);
    let qst_shares = allocate(qst, &taxable);
    let amounts = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let tax = Cents(gst_shares[i] + qst_shares[i]);
            LineAmounts {
                excl: l.excl,
                tax,
                incl: l.excl + tax,
            }
        })
        .collect();
    Ok(QuebecTaxes {
        subtotal: Cents(subtotal),
        gst: Cents(gst),
        qst: Cents(qst),
        total: Cents(subtotal + gst + qst),
        lines: amounts,
    })
}

impl QuebecTaxes {
    pub fn negated(&self) -> QuebecTaxes {
        QuebecTaxes {
            subtotal: -self.subtotal,
            gst: -self.gst,
            qst: -self.qst,
            total: -self.total,
            lines: self.lines.iter().map(|l| l.negated()).collect(),
        }
    }
}

fn check_non_negative(amounts: impl Iterator<Item = Cents>) -> Result<(), TaxError> {
    for (i, amount) in amounts.enumerate() {
        if amount.is_negative() {
            return Err(TaxError::NegativeAmount {
                line: i + 1,
                amount: amount.0,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vat(incl: i64, rate: u32) -> VatLine {
        VatLine {
            incl: Cents(incl),
            rate: TaxRate(rate),
        }
    }

    #[test]
    fn quebec_worked_example_from_revenu_quebec() {
        // $100.00 → GST 5.00, QST 9.975 → 9.98, total 114.98.
        let t = quebec_gst_qst(&[QuebecLine {
            excl: Cents(10_000),
            taxable: true,
        }])
        .unwrap();
        assert_eq!(
            (t.subtotal, t.gst, t.qst, t.total),
            (Cents(10_000), Cents(500), Cents(998), Cents(11_498))
        );
    }

    #[test]
    fn quebec_taxes_are_per_basket_not_per_line() {
        // Three $14.99 tickets: per line QST would be 1.50 each (4.50);
        // on the basket 44.97 × 9.975 % = 4.4858 → 4.49.
        let line = QuebecLine {
            excl: Cents(1_499),
            taxable: true,
        };
        let t = quebec_gst_qst(&[line, line, line]).unwrap();
        assert_eq!(t.subtotal, Cents(4_497));
        assert_eq!(t.gst, Cents(225)); // 224.85 → 225 (half-up)
        assert_eq!(t.qst, Cents(449));
        assert_eq!(t.total, Cents(4_497 + 225 + 449));
        let line_total: Cents = t.lines.iter().map(|l| l.incl).sum();
        assert_eq!(line_total, t.total);
    }

    #[test]
    fn quebec_exempt_lines_pay_no_tax() {
        let t = quebec_gst_qst(&[
            QuebecLine {
                excl: Cents(2_000),
                taxable: true,
            },
            QuebecLine {
                excl: Cents(100),
                taxable: false,
            },
        ])
        .unwrap();
        assert_eq!((t.gst, t.qst), (Cents(100), Cents(200))); // 199.5 → 200
        assert_eq!(t.lines[1].tax, Cents::ZERO);
        assert_eq!(t.total, Cents(2_100 + 300));
    }

    #[test]
    fn france_basket_mixing_5_5_and_20_percent() {
        // Two theatre seats at 25,00 € (5.5 %) and a programme at 12,00 € (20 %).
        let b = france_vat(&[vat(2_500, 5_500), vat(2_500, 5_500), vat(1_200, 20_000)]).unwrap();
        assert_eq!(
            b.per_rate,
            vec![
                VatTotal {
                    rate: TaxRate(5_500),
                    excl: Cents(4_739), // 50,00 / 1,055 = 47,393...
                    vat: Cents(261),
                    incl: Cents(5_000),
                },
                VatTotal {
                    rate: TaxRate(20_000),
                    excl: Cents(1_000),
                    vat: Cents(200),
                    incl: Cents(1_200),
                },
            ]
        );
        assert_eq!(b.total, Cents(6_200));
        let parts: i64 = b.per_rate.iter().map(|r| r.excl.0 + r.vat.0).sum();
        assert_eq!(parts, 6_200);
        // The two equal seats share the 5.5 % base to the cent.
        assert_eq!(b.lines[0].excl + b.lines[1].excl, Cents(4_739));
        assert_eq!(b.lines[0].excl, Cents(2_370));
        assert_eq!(b.lines[1].excl, Cents(2_369));
    }

    #[test]
    fn france_worked_examples_per_rate() {
        // (price incl. VAT, rate, expected base, expected VAT)
        let cases = [
            (1_000, 5_500, 948, 52),     // 10,00 € at 5.5 %
            (2_800, 5_500, 2_654, 146),  // 28,00 € at 5.5 %: 26,540...
            (1_200, 10_000, 1_091, 109), // museum 12,00 € at 10 %
            (3_500, 2_100, 3_428, 72),   // creation 35,00 € at 2.1 %
            (4_500, 20_000, 3_750, 750), // cabaret 45,00 € at 20 %
            (1_500, 0, 1_500, 0),        // exempt body (art. 293 B du CGI)
            (0, 5_500, 0, 0),            // invitation
        ];
        for (incl, rate, excl, tax) in cases {
            let b = france_vat(&[vat(incl, rate)]).unwrap();
            assert_eq!(
                (b.per_rate[0].excl, b.per_rate[0].vat),
                (Cents(excl), Cents(tax)),
                "{incl} at {rate}"
            );
        }
    }

    #[test]
    fn refunds_mirror_sales_exactly() {
        let b = france_vat(&[vat(2_500, 5_500), vat(1_200, 20_000)]).unwrap();
        let r = b.negated();
        assert_eq!(r.total, Cents(-3_700));
        assert_eq!(r.per_rate[0].vat, -b.per_rate[0].vat);
        assert_eq!(r.negated(), b);
    }

    #[test]
    fn negative_lines_are_refused_with_the_line_number() {
        assert_eq!(
            france_vat(&[vat(100, 5_500), vat(-100, 5_500)]),
            Err(TaxError::NegativeAmount {
                line: 2,
                amount: -100
            })
        );
    }

    #[test]
    fn rates_parse_and_format() {
        assert_eq!(TaxRate::parse_percent("5,5"), Ok(TaxRate(5_500)));
        assert_eq!(TaxRate::parse_percent("9.975 %"), Ok(TaxRate(9_975)));
        assert_eq!(TaxRate::parse_percent("20"), Ok(TaxRate(20_000)));
        assert!(TaxRate::parse_percent("5,5555").is_err());
        assert!(TaxRate::parse_percent("101").is_err());
        assert!(TaxRate::parse_percent("-5").is_err());
        assert!(TaxRate::parse_percent("").is_err());
        assert_eq!(TaxRate(5_500).format(Locale::FrFr), "5,5\u{a0}%");
        assert_eq!(TaxRate(9_975).format(Locale::En), "9.975%");
        assert_eq!(TaxRate(20_000).format(Locale::FrCa), "20\u{a0}%");
    }

    #[test]
    fn allocation_gives_leftover_cents_to_largest_remainders() {
        assert_eq!(allocate(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(allocate(0, &[5, 5]), vec![0, 0]);
        assert_eq!(allocate(100, &[1, 3]), vec![25, 75]);
    }
}

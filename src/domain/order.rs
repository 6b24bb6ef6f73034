//! Pricing a basket: each line's amounts and the taxes of the whole basket,
//! by the venue's country, and each ticket's share of its line.

use serde::{Deserialize, Serialize};

use super::money::Cents;
use super::tax::{
    self, LineAmounts, QuebecLine, QuebecTaxes, TaxError, TaxRate, VatBreakdown, VatLine,
};
use super::venue::Country;

/// A line of the basket: `quantity` admissions at `unit` each (VAT included
/// in France, before GST/QST in Quebec), at the performance's VAT rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasketLine {
    pub unit: Cents,
    pub quantity: u32,
    pub rate: TaxRate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Taxes {
    Vat(VatBreakdown),
    Quebec(QuebecTaxes),
}

/// A priced basket: what each line costs all taxes included, and the tax table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    /// Same order as the lines given.
    pub lines: Vec<LineAmounts>,
    pub taxes: Taxes,
    /// What the customer pays.
    pub total: Cents,
}

/// One row of a receipt's tax table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxRow {
    pub kind: TaxKind,
    pub rate: TaxRate,
    pub base: Cents,
    pub tax: Cents,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaxKind {
    Vat,
    Gst,
    Qst,
}

/// Prices the basket. A VAT-exempt body (art. 293 B du CGI) charges no VAT
/// whatever the performance's rate.
pub fn price(country: Country, vat_exempt: bool, lines: &[BasketLine]) -> Result<Priced, TaxError> {
    let amount = |l: &BasketLine| Cents(l.unit.0 * l.quantity as i64);
    match country {
        Country::France => {
            let vat_lines: Vec<VatLine> = lines
                .iter()
                .map(|l| VatLine {
                    incl: amount(l),
                    rate: if vat_exempt { TaxRate::ZERO } else { l.rate },
                })
                .collect();
            let b = tax::france_vat(&vat_lines)?;
            Ok(Priced {
                lines: b.lines.clone(),
                total: b.total,
                taxes: Taxes::Vat(b),
            })
        }
        Country::Quebec => {
            let q_lines: Vec<QuebecLine> = lines
                .iter()
                .map(|l| QuebecLine {
                    excl: amount(l),
                    taxable: true,
                })
                .collect();
            let q = tax::quebec_gst_qst(&q_lines)?;
            Ok(Priced {
                lines: q.lines.clone(),
                total: q.total,
                taxes: Taxes::Quebec(q),
            })
        }
    }
}

impl Taxes {
    /// The receipt's tax table: per VAT rate in France; GST then QST in
    /// Quebec (never a combined rate).
    pub fn rows(&self) -> Vec<TaxRow> {
        match self {
            Taxes::Vat(b) => b
                .per_rate
                .iter()
                .map(|r| TaxRow {
                    kind: TaxKind::Vat,
                    rate: r.rate,
                    base: r.excl,
                    tax: r.vat,
                })
                .collect(),
            Taxes::Quebec(q) => vec![
                TaxRow {
                    kind: TaxKind::Gst,
                    rate: TaxRate::GST,
                    base: q.subtotal,
                    tax: q.gst,
                },
                TaxRow {
                    kind: TaxKind::Qst,
                    rate: TaxRate::QST,
                    base: q.subtotal,
                    tax: q.qst,
                },
            ],
        }
    }

    pub fn negated(&self) -> Taxes {
        match self {
            Taxes::Vat(b) => Taxes::Vat(b.negated()),
            Taxes::Quebec(q) => Taxes::Quebec(q.negated()),
        }
    }
}

/// Shares a line's amounts among its `quantity` tickets, to the cent: the
/// shares sum exactly to the line, the first tickets taking the odd cents.
/// The same line always gives the same shares, so a refund of some tickets
/// of a line gives back exactly what those tickets were charged.
pub fn per_ticket(line: LineAmounts, quantity: u32) -> Vec<LineAmounts> {
    let sign = if line.incl.is_negative() { -1 } else { 1 };
    let n = quantity as usize;
    let even = vec![1; n];
    let excl = tax::allocate(line.excl.0 * sign, &even);
    let incl = tax::allocate(line.incl.0 * sign, &even);
    excl.iter()
        .zip(&incl)
        .map(|(e, i)| LineAmounts {
            excl: Cents(e * sign),
            tax: Cents((i - e) * sign),
            incl: Cents(i * sign),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(unit: i64, quantity: u32, rate: TaxRate) -> BasketLine {
        BasketLine {
            unit: Cents(unit),
            quantity,
            rate,
        }
    }

    #[test]
    fn france_prices_include_vat_and_the_lines_add_up() {
        let p = price(
            Country::France,
            false,
            &[
                line(2350, 2, TaxRate(5_500)),
                line(1200, 1, TaxRate(20_000)),
            ],
        )
        .unwrap();
        assert_eq!(p.total, Cents(5900));
        assert_eq!(p.lines.iter().map(|l| l.incl).sum::<Cents>(), p.total);
        let rows = p.taxes.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].base + rows[0].tax, Cents(4700));
        // 4700 / 1.055 = 4454.98 → base 4455, VAT 245
        assert_eq!(rows[0].tax, Cents(245));
    }

    #[test]
    fn an_exempt_body_charges_no_vat() {
        let p = price(Country::France, true, &[line(2350, 2, TaxRate(5_500))]).unwrap();
        assert_eq!(p.taxes.rows()[0].tax, Cents::ZERO);
        assert_eq!(p.total, Cents(4700));
    }

    #[test]
    fn quebec_adds_gst_and_qst_separately() {
        let p = price(Country::Quebec, false, &[line(4000, 2, TaxRate::ZERO)]).unwrap();
        // 8000: GST 400, QST 798 (797.997 half-up)
        assert_eq!(p.total, Cents(8000 + 400 + 798));
        let rows = p.taxes.rows();
        assert_eq!((rows[0].kind, rows[0].tax), (TaxKind::Gst, Cents(400)));
        assert_eq!((rows[1].kind, rows[1].tax), (TaxKind::Qst, Cents(798)));
    }

    #[test]
    fn tickets_share_their_line_to_the_cent() {
        let p = price(Country::Quebec, false, &[line(3333, 3, TaxRate::ZERO)]).unwrap();
        let shares = per_ticket(p.lines[0], 3);
        assert_eq!(
            shares.iter().map(|s| s.incl).sum::<Cents>(),
            p.lines[0].incl
        );
        assert_eq!(
            shares.iter().map(|s| s.excl).sum::<Cents>(),
            p.lines[0].excl
        );
        assert!(shares.iter().all(|s| s.excl + s.tax == s.incl));
        let refund = per_ticket(p.lines[0].negated(), 3);
        for (r, s) in refund.iter().zip(&shares) {
            assert_eq!(r.incl, -s.incl);
            assert_eq!(r.tax, -s.tax);
        }
    }
}

/// Through whom an order was sold: the counter (the default), the web
/// shop, a reseller, a partner, the telephone, or an invitation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    #[default]
    Counter,
    Web,
    Reseller,
    Partner,
    Phone,
    Invitation,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Counter,
        Channel::Web,
        Channel::Reseller,
        Channel::Partner,
        Channel::Phone,
        Channel::Invitation,
    ];

    /// Its name in the database, the records and files.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Web => "web",
            Channel::Reseller => "reseller",
            Channel::Partner => "partner",
            Channel::Phone => "phone",
            Channel::Invitation => "invitation",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

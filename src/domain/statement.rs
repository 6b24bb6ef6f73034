//! A performance's box-office statement (bordereau de recettes, DOMAIN.md
//! §6): by category and tariff, the tickets issued, their unit price, the
//! revenue, the invitations and the cancellations, the tax per rate, the
//! fill rate, and the show tax (3.5 % of the revenue excluding VAT for a
//! show under the CNM or the ASTP). Pure: the tickets are given.

use std::collections::BTreeMap;

use super::season::ShowTax;

/// A ticket of the performance as the statement counts it (training aside).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ticket {
    pub category: String,
    pub tariff: String,
    pub complimentary: bool,
    /// What it was sold for, in cents (VAT included in France).
    pub price: i64,
    /// The VAT rate per hundred thousand (0 where GST and QST apply).
    pub rate: u32,
    pub cancelled: bool,
}

/// A line of the statement: a category, a tariff and a unit price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub category: String,
    pub tariff: String,
    pub unit_price: i64,
    pub rate: u32,
    /// Tickets issued (cancelled ones included), and cancelled.
    pub issued: u64,
    pub cancelled: u64,
    pub invitations: u64,
    /// What the valid tickets brought, tax included, and before tax.
    pub revenue: i64,
    pub excl: i64,
}

/// A statement's totals and its show tax.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statement {
    pub lines: Vec<Line>,
    /// Valid tickets, paid and free.
    pub tickets: u64,
    pub invitations: u64,
    pub cancelled: u64,
    pub revenue: i64,
    pub excl: i64,
    /// Each tax (vat; gst and qst in Quebec), its rate per hundred
    /// thousand, base and amount.
    pub taxes: Vec<(String, u32, i64, i64)>,
    /// Valid tickets per thousand places.
    pub fill: u64,
    /// The show tax's base (revenue excluding VAT) and amount, when the show
    /// is under the CNM or the ASTP.
    pub show_tax: Option<(ShowTax, i64, i64)>,
}

/// The show tax's rate: 3.5 %, per hundred thousand.
pub const SHOW_TAX_RATE: i64 = 3_500;

/// `amount × num / den`, rounded half-up (amount ≥ 0), as taxes round.
fn half_up(amount: i64, num: i64, den: i64) -> i64 {
    super::tax::half_up(amount, i128::from(num), i128::from(den))
}

/// The part of a VAT-inclusive amount before VAT.
fn before_vat(incl: i64, rate: u32) -> i64 {
    if incl < 0 {
        return -before_vat(incl.saturating_neg(), rate);
    }
    half_up(incl, 100_000, 100_000 + i64::from(rate))
}

/// Quebec's GST and QST, per hundred thousand, both on the price before
/// tax.
const GST: i64 = 5_000;
const QST: i64 = 9_975;

/// The statement of a performance of `capacity` places from its tickets;
/// `quebec`: prices carry GST and QST (else VAT at each ticket's rate).
pub fn statement(tickets: &[Ticket], capacity: i64, show_tax: ShowTax, quebec: bool) -> Statement {
    let mut lines: BTreeMap<(String, String, i64, u32), Line> = BTreeMap::new();
    for t in tickets {
        let key = (t.category.clone(), t.tariff.clone(), t.price, t.rate);
        let line = lines.entry(key).or_insert_with(|| Line {
            category: t.category.clone(),
            tariff: t.tariff.clone(),
            unit_price: t.price,
            rate: t.rate,
            issued: 0,
            cancelled: 0,
            invitations: 0,
            revenue: 0,
            excl: 0,
        });
        line.issued += 1;
        if t.cancelled {
            line.cancelled += 1;
        } else {
            line.revenue = line.revenue.saturating_add(t.price);
            line.invitations += u64::from(t.complimentary || t.price == 0);
        }
    }
    let mut s = Statement::default();
    let mut taxes: BTreeMap<(&str, u32), (i64, i64)> = BTreeMap::new();
    for line in lines.values_mut() {
        if quebec {
            line.excl = before_vat(line.revenue, (GST + QST) as u32);
            let gst = if line.excl < 0 {
                -half_up(-line.excl, GST, 100_000)
            } else {
                half_up(line.excl, GST, 100_000)
            };
            let qst = line.revenue - line.excl - gst;
            for (kind, rate, tax) in [("gst", GST, gst), ("qst", QST, qst)] {
                let t = taxes.entry((kind, rate as u32)).or_default();
                t.0 = t.0.saturating_add(line.excl);
                t.1 = t.1.saturating_add(tax);
            }
        } else {
            line.excl = before_vat(line.revenue, line.rate);
            let t = taxes.entry(("vat", line.rate)).or_default();
            t.0 = t.0.saturating_add(line.excl);
            t.1 = t.1.saturating_add(line.revenue - line.excl);
        }
        s.tickets += line.issued - line.cancelled;
        s.invitations += line.invitations;
        s.cancelled += line.cancelled;
        s.revenue = s.revenue.saturating_add(line.revenue);
        s.excl = s.excl.saturating_add(line.excl);
    }
    s.lines = lines.into_values().collect();
    s.taxes = taxes
        .into_iter()
        .map(|((k, r), (b, t))| (k.to_owned(), r, b, t))
        .collect();
    s.fill = if capacity > 0 {
        s.tickets * 1000 / capacity.unsigned_abs()
    } else {
        0
    };
    s.show_tax = match show_tax {
        ShowTax::None => None,
        tax => Some((tax, s.excl, half_up(s.excl.max(0), SHOW_TAX_RATE, 100_000))),
    };
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tariff: &str, price: i64, cancelled: bool) -> Ticket {
        Ticket {
            category: "C1".into(),
            tariff: tariff.into(),
            complimentary: price == 0,
            price,
            rate: 5_500,
            cancelled,
        }
    }

    #[test]
    fn lines_by_category_and_tariff_with_vat_and_show_tax() {
        let tickets = [
            t("Plein", 3200, false),
            t("Plein", 3200, false),
            t("Plein", 3200, true),
            t("Réduit", 2400, false),
            t("Exonéré", 0, false),
        ];
        let s = statement(&tickets, 450, ShowTax::Astp, false);
        assert_eq!(s.lines.len(), 3);
        let plein = s.lines.iter().find(|l| l.tariff == "Plein").unwrap();
        assert_eq!((plein.issued, plein.cancelled, plein.revenue), (3, 1, 6400));
        // 64,00 € at 5.5 %: 60,66 € before VAT.
        assert_eq!(plein.excl, 6066);
        assert_eq!((s.tickets, s.invitations, s.cancelled), (4, 1, 1));
        assert_eq!(s.revenue, 8800);
        // 24,00 € → 22,75 €; 60,66 + 22,75 = 83,41 €.
        assert_eq!(s.excl, 8341);
        assert_eq!(s.taxes, vec![("vat".to_owned(), 5_500, 8341, 459)]);
        // 3.5 % of 83,41 € = 2,92 €.
        assert_eq!(s.show_tax, Some((ShowTax::Astp, 8341, 292)));
        assert_eq!(s.fill, 8);
    }

    #[test]
    fn quebec_prices_split_into_gst_and_qst() {
        // 38,32 $ tax included: 33,33 $ + GST 1,67 $ + QST 3,32 $.
        let ticket = Ticket {
            rate: 0,
            ..t("Plein", 3832, false)
        };
        let s = statement(&[ticket], 100, ShowTax::None, true);
        assert_eq!(s.excl, 3333);
        assert_eq!(
            s.taxes,
            vec![
                ("gst".to_owned(), 5_000, 3333, 167),
                ("qst".to_owned(), 9_975, 3333, 332)
            ]
        );
    }
}

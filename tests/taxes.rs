//! Property tests of the tax rules: whatever the basket, the parts add up to
//! the whole, to the cent, and a refund mirrors the sale.

use guichet::domain::Cents;
use guichet::domain::TaxRate;
use guichet::domain::tax::{QuebecLine, VatLine, france_vat, quebec_gst_qst};
use proptest::prelude::*;

fn vat_line() -> impl Strategy<Value = VatLine> {
    (
        0i64..500_000,
        prop::sample::select(TaxRate::FRANCE_VAT.to_vec()),
    )
        .prop_map(|(incl, rate)| VatLine {
            incl: Cents(incl),
            rate,
        })
}

fn quebec_line() -> impl Strategy<Value = QuebecLine> {
    (0i64..500_000, prop::bool::weighted(0.9)).prop_map(|(excl, taxable)| QuebecLine {
        excl: Cents(excl),
        taxable,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn france_parts_add_up_to_the_total(lines in prop::collection::vec(vat_line(), 1..30)) {
        let b = france_vat(&lines).unwrap();
        let paid: i64 = lines.iter().map(|l| l.incl.0).sum();
        prop_assert_eq!(b.total.0, paid);
        // Per rate: base + VAT = what was paid at that rate.
        for r in &b.per_rate {
            prop_assert_eq!(r.excl.0 + r.vat.0, r.incl.0);
            prop_assert!(r.vat.0 >= 0 && r.excl.0 >= 0);
            // The VAT is within half a cent of the exact figure.
            let exact = r.incl.0 as f64 * r.rate.0 as f64 / (100_000.0 + r.rate.0 as f64);
            prop_assert!((r.vat.0 as f64 - exact).abs() <= 0.5 + 1e-9, "{} vs {}", r.vat.0, exact);
            // The lines at that rate share the rate's base and VAT exactly.
            let (excl, tax): (i64, i64) = lines.iter().zip(&b.lines)
                .filter(|(l, _)| l.rate == r.rate)
                .fold((0, 0), |(e, t), (_, a)| (e + a.excl.0, t + a.tax.0));
            prop_assert_eq!((excl, tax), (r.excl.0, r.vat.0));
        }
        for (l, a) in lines.iter().zip(&b.lines) {
            prop_assert_eq!(a.incl, l.incl);
            prop_assert_eq!(a.excl.0 + a.tax.0, a.incl.0);
            prop_assert!(a.tax.0 >= 0 && a.excl.0 >= 0);
        }
        let parts: i64 = b.per_rate.iter().map(|r| r.excl.0 + r.vat.0).sum();
        prop_assert_eq!(parts, b.total.0);
        prop_assert_eq!(b.negated().negated(), b.clone());
        prop_assert_eq!(b.negated().total.0, -paid);
    }

    #[test]
    fn quebec_total_is_subtotal_plus_both_taxes(lines in prop::collection::vec(quebec_line(), 1..30)) {
        let q = quebec_gst_qst(&lines).unwrap();
        let subtotal: i64 = lines.iter().map(|l| l.excl.0).sum();
        let taxable: i64 = lines.iter().filter(|l| l.taxable).map(|l| l.excl.0).sum();
        prop_assert_eq!(q.subtotal.0, subtotal);
        prop_assert_eq!(q.total.0, q.subtotal.0 + q.gst.0 + q.qst.0);
        // Each tax on the pre-tax amount, rounded half-up, once.
        prop_assert_eq!(q.gst.0, (taxable * 5_000 * 2 + 100_000) / 200_000);
        prop_assert_eq!(q.qst.0, (taxable * 9_975 * 2 + 100_000) / 200_000);
        let lines_total: i64 = q.lines.iter().map(|l| l.incl.0).sum();
        prop_assert_eq!(lines_total, q.total.0);
        for (l, a) in lines.iter().zip(&q.lines) {
            prop_assert_eq!(a.excl, l.excl);
            if !l.taxable { prop_assert_eq!(a.tax.0, 0); }
        }
        prop_assert_eq!(q.negated().total.0, -q.total.0);
    }

    #[test]
    fn typed_amounts_round_trip(cents in 0i64..100_000_000) {
        let typed = format!("{},{:02}", cents / 100, cents % 100);
        prop_assert_eq!(Cents::parse(&typed), Ok(Cents(cents)));
    }
}

//! How money goes back when the venue itself calls a performance off: by
//! the ways the order was paid, in their proportions, never more by a way
//! than it brought in; or all of it as a credit note (avoir). To the cent,
//! and the same answer every time for the same order.

use super::money::Cents;
use super::payment::Method;

/// How a cancelled performance's holders get their money back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refund {
    /// By the ways each order was paid (cash, card, cheque, voucher).
    AsPaid,
    /// All of it as a credit note to spend at the box office.
    Voucher,
}

impl Refund {
    pub const ALL: [Refund; 2] = [Refund::AsPaid, Refund::Voucher];

    /// As typed on the command line (`--refund as-paid`).
    pub fn code(self) -> &'static str {
        match self {
            Refund::AsPaid => "as-paid",
            Refund::Voucher => "voucher",
        }
    }

    pub fn from_code(code: &str) -> Option<Refund> {
        let code = code.trim().to_ascii_lowercase();
        Refund::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What each way of paying still holds for an order: what it brought in,
/// less what went back by it, never below nothing. `payments` are the
/// order's payments and refunds (negative) as recorded.
pub fn still_paid(payments: &[(Method, Cents)]) -> Vec<(Method, Cents)> {
    Method::ALL
        .into_iter()
        .filter(|m| *m != Method::Complimentary)
        .filter_map(|m| {
            let net = payments
                .iter()
                .filter(|(p, _)| *p == m)
                .fold(0i128, |sum, (_, a)| sum + i128::from(a.0));
            let net = i64::try_from(net.max(0)).unwrap_or(i64::MAX);
            (net > 0).then_some((m, Cents(net)))
        })
        .collect()
}

/// Shares `refund` (positive: what goes back) among the ways of paying in
/// proportion to what each still holds, the odd cents to the largest
/// remainders (ties: cash, card, cheque, voucher), so no way gives back
/// more than it holds. What the order's ways together hold too little for
/// goes back as a voucher. Every share is positive; they sum to `refund`.
pub fn share(refund: Cents, held: &[(Method, Cents)]) -> Vec<(Method, Cents)> {
    if refund.0 <= 0 {
        return Vec::new();
    }
    let held: Vec<(Method, i64)> = held
        .iter()
        .filter(|(m, a)| *m != Method::Complimentary && a.0 > 0)
        .map(|(m, a)| (*m, a.0))
        .collect();
    let total: i128 = held.iter().map(|(_, a)| i128::from(*a)).sum();
    let covered = i64::try_from(total.min(i128::from(refund.0))).unwrap_or(refund.0);
    let weights: Vec<i64> = held.iter().map(|(_, a)| *a).collect();
    let parts = super::tax::allocate(covered, &weights);
    let mut out: Vec<(Method, Cents)> = Vec::new();
    for ((m, cap), part) in held.iter().zip(parts) {
        add(&mut out, *m, part.min(*cap));
    }
    let given: i64 = out.iter().map(|(_, a)| a.0).sum();
    add(&mut out, Method::Voucher, refund.0 - given);
    out.sort_by_key(|(m, _)| Method::ALL.iter().position(|x| x == m));
    out
}

/// Adds a positive amount to a way's share.
fn add(out: &mut Vec<(Method, Cents)>, m: Method, amount: i64) {
    if amount <= 0 {
        return;
    }
    match out.iter_mut().find(|(x, _)| *x == m) {
        Some((_, a)) => a.0 += amount,
        None => out.push((m, Cents(amount))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Method::*;

    fn c(list: &[(Method, i64)]) -> Vec<(Method, Cents)> {
        list.iter().map(|(m, a)| (*m, Cents(*a))).collect()
    }

    /// What goes back, what the ways hold, what each gives back.
    type Case<'a> = (i64, &'a [(Method, i64)], &'a [(Method, i64)]);

    #[test]
    fn shares_follow_the_ways_paid_to_the_cent() {
        let table: &[Case] = &[
            // One way: all of it.
            (4500, &[(Card, 4500)], &[(Card, 4500)]),
            // Two ways, the whole order.
            (
                8000,
                &[(Cash, 3000), (Card, 5000)],
                &[(Cash, 3000), (Card, 5000)],
            ),
            // Half the order: half of each.
            (
                4000,
                &[(Cash, 3000), (Card, 5000)],
                &[(Cash, 1500), (Card, 2500)],
            ),
            // An odd cent goes to the largest remainder.
            (
                1001,
                &[(Cash, 1000), (Card, 1000)],
                &[(Cash, 501), (Card, 500)],
            ),
            // Thirds: 3333.33…, 3333.33…, 3333.33… → one cent to the first.
            (
                10000,
                &[(Cash, 5000), (Card, 5000), (Cheque, 5000)],
                &[(Cash, 3334), (Card, 3333), (Cheque, 3333)],
            ),
            // More to give back than the ways hold: the rest as a voucher.
            (5000, &[(Cash, 2000)], &[(Cash, 2000), (Voucher, 3000)]),
            // Nothing paid (an invitation bought later?): all as a voucher.
            (1200, &[], &[(Voucher, 1200)]),
            // A voucher paid part: it goes back as a voucher, merged.
            (
                3000,
                &[(Voucher, 1000), (Card, 2000)],
                &[(Card, 2000), (Voucher, 1000)],
            ),
        ];
        for (refund, held, want) in table {
            let got = share(Cents(*refund), &c(held));
            assert_eq!(got, c(want), "{refund} over {held:?}");
            let sum: i64 = got.iter().map(|(_, a)| a.0).sum();
            assert_eq!(sum, *refund);
            for (m, a) in &got {
                let cap = held.iter().find(|(x, _)| x == m).map(|(_, a)| *a);
                assert!(cap.is_none_or(|cap| a.0 <= cap) || *m == Voucher, "{m:?}");
            }
        }
        assert!(share(Cents::ZERO, &c(&[(Cash, 10)])).is_empty());
    }

    #[test]
    fn what_a_way_still_holds_is_net_of_its_refunds() {
        let payments = c(&[(Card, 8000), (Voucher, -4000), (Cash, 2000), (Cash, -2500)]);
        assert_eq!(still_paid(&payments), c(&[(Card, 8000)]));
        assert_eq!(still_paid(&c(&[(Complimentary, 0)])), c(&[]));
    }

    #[test]
    fn refund_codes_read_back() {
        for r in Refund::ALL {
            assert_eq!(Refund::from_code(r.code()), Some(r));
        }
        assert_eq!(Refund::from_code(" AS-PAID "), Some(Refund::AsPaid));
        assert_eq!(Refund::from_code("cash"), None);
    }
}

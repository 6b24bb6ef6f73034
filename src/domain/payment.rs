//! Settling an order: what the customer hands over, by which methods, and
//! the change. Only cash gives change; the other methods are taken for the
//! exact amount the clerk keys in (the card terminal is sent that amount).

use serde::{Deserialize, Serialize};

use super::money::{Cents, MAX_AMOUNT, MAX_CHANGE, MAX_PAYMENTS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Cash,
    /// Card on an external payment terminal: the clerk confirms it was approved.
    Card,
    Cheque,
    /// A voucher or credit note (avoir).
    Voucher,
    /// Nothing to pay: an order of invitations (exonéré).
    Complimentary,
    /// Paid on a seller's platform (web shop, reseller): an imported order.
    /// Never taken at the counter, never in the till's cash.
    Online,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::Cash,
        Method::Card,
        Method::Cheque,
        Method::Voucher,
        Method::Complimentary,
        Method::Online,
    ];

    /// As stored and as typed on the command line (`cash:5000`).
    pub fn code(self) -> &'static str {
        match self {
            Method::Cash => "cash",
            Method::Card => "card",
            Method::Cheque => "cheque",
            Method::Voucher => "voucher",
            Method::Complimentary => "complimentary",
            Method::Online => "online",
        }
    }

    pub fn from_code(code: &str) -> Option<Method> {
        let code = code.trim().to_ascii_lowercase();
        Method::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// What the customer hands over with one method. For cash, the amount
/// tendered (it may exceed what is due).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tender {
    pub method: Method,
    pub amount: Cents,
    /// The voucher it spends (its row), for a voucher: the counter finds
    /// it by its code first. `None` for the other methods, and for the
    /// credit an exchange moves from the tickets given back to the new ones.
    pub voucher: Option<i64>,
}

/// A payment as recorded: the amount it settles, and for cash what was handed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub method: Method,
    pub amount: Cents,
    pub tendered: Option<Cents>,
    /// The voucher spent (positive) or issued (negative), as for [`Tender`].
    pub voucher: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settlement {
    pub payments: Vec<Payment>,
    pub change: Cents,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    NotPositive(Method),
    Short {
        paid: Cents,
        total: Cents,
    },
    Over {
        paid: Cents,
        total: Cents,
    },
    ComplimentaryNotFree(Cents),
    /// One payment beyond [`MAX_AMOUNT`].
    TooLarge(Method, Cents),
    /// An order's total beyond [`MAX_AMOUNT`].
    OrderTooLarge(Cents),
    /// Cash handed over beyond what is due by more than [`MAX_CHANGE`].
    TooMuchChange {
        change: Cents,
    },
    /// More than [`MAX_PAYMENTS`] payments.
    TooManyPayments(usize),
    /// A way of paying the counter does not take (online: a platform's).
    NotAtCounter(Method),
}

/// Settles `total` with what the customer hands over. Cash covers what the
/// other methods leave, and gives the change; a free order is recorded as
/// one complimentary payment of zero.
pub fn settle(total: Cents, tenders: &[Tender]) -> Result<Settlement, PaymentError> {
    // Bounds first: with at most MAX_PAYMENTS amounts of at most
    // MAX_AMOUNT each, no sum below can overflow.
    if tenders.len() > MAX_PAYMENTS {
        return Err(PaymentError::TooManyPayments(tenders.len()));
    }
    if total > MAX_AMOUNT {
        return Err(PaymentError::OrderTooLarge(total));
    }
    if let Some(t) = tenders.iter().find(|t| t.amount > MAX_AMOUNT) {
        return Err(PaymentError::TooLarge(t.method, t.amount));
    }
    let mut other = Cents::ZERO;
    let mut cash = Cents::ZERO;
    let mut payments = Vec::new();
    for t in tenders {
        match t.method {
            Method::Online => return Err(PaymentError::NotAtCounter(t.method)),
            Method::Complimentary => {
                if total != Cents::ZERO {
                    return Err(PaymentError::ComplimentaryNotFree(total));
                }
                if t.amount != Cents::ZERO {
                    return Err(PaymentError::NotPositive(t.method));
                }
            }
            _ if t.amount <= Cents::ZERO => return Err(PaymentError::NotPositive(t.method)),
            Method::Cash => cash += t.amount,
            _ => {
                other += t.amount;
                payments.push(Payment {
                    method: t.method,
                    amount: t.amount,
                    tendered: None,
                    voucher: t.voucher,
                });
            }
        }
    }
    if other > total {
        return Err(PaymentError::Over { paid: other, total });
    }
    let due_in_cash = total - other;
    if cash < due_in_cash {
        return Err(PaymentError::Short {
            paid: other + cash,
            total,
        });
    }
    let change = cash - due_in_cash;
    if change > MAX_CHANGE {
        return Err(PaymentError::TooMuchChange { change });
    }
    if cash > Cents::ZERO {
        payments.push(Payment {
            voucher: None,
            method: Method::Cash,
            amount: due_in_cash,
            tendered: Some(cash),
        });
    }
    if total == Cents::ZERO && payments.is_empty() {
        payments.push(Payment {
            voucher: None,
            method: Method::Complimentary,
            amount: Cents::ZERO,
            tendered: None,
        });
    }
    Ok(Settlement { change, payments })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(method: Method, amount: i64) -> Tender {
        Tender {
            voucher: None,
            method,
            amount: Cents(amount),
        }
    }

    #[test]
    fn amounts_beyond_the_bounds_are_refused_before_any_sum() {
        let huge = t(Method::Card, i64::MAX);
        assert_eq!(
            settle(Cents(3200), &[huge, huge, t(Method::Card, 3202)]),
            Err(PaymentError::TooLarge(Method::Card, Cents(i64::MAX)))
        );
        assert_eq!(
            settle(Cents(3200), &[t(Method::Cash, 99_999_999_999_999)]),
            Err(PaymentError::TooLarge(
                Method::Cash,
                Cents(99_999_999_999_999)
            ))
        );
        // Within the bound per payment, but a change no till gives.
        assert_eq!(
            settle(Cents(3200), &[t(Method::Cash, 100_000_000)]),
            Err(PaymentError::TooMuchChange {
                change: Cents(100_000_000 - 3200)
            })
        );
        // A 500 note for a 32.00 order is change the till gives.
        assert_eq!(
            settle(Cents(3200), &[t(Method::Cash, 50_000)])
                .unwrap()
                .change,
            Cents(46_800)
        );
        assert_eq!(
            settle(Cents(3200), &vec![t(Method::Card, 100); 21]),
            Err(PaymentError::TooManyPayments(21))
        );
        assert_eq!(
            settle(Cents(100_000_001), &[t(Method::Card, 100)]),
            Err(PaymentError::OrderTooLarge(Cents(100_000_001)))
        );
        assert_eq!(Cents(i64::MAX) + Cents(1), Cents(i64::MAX));
        assert_eq!(-Cents(i64::MIN), Cents(i64::MAX));
    }

    #[test]
    fn cash_gives_change_and_is_recorded_for_what_it_settles() {
        let s = settle(Cents(4700), &[t(Method::Cash, 5000)]).unwrap();
        assert_eq!(s.change, Cents(300));
        assert_eq!(
            s.payments,
            vec![Payment {
                voucher: None,
                method: Method::Cash,
                amount: Cents(4700),
                tendered: Some(Cents(5000))
            }]
        );
    }

    #[test]
    fn split_payment_card_first_then_cash_for_the_rest() {
        let s = settle(Cents(4700), &[t(Method::Card, 3000), t(Method::Cash, 2000)]).unwrap();
        assert_eq!(s.change, Cents(300));
        assert_eq!(s.payments.len(), 2);
        assert_eq!(s.payments[0].amount + s.payments[1].amount, Cents(4700));
    }

    #[test]
    fn payments_that_do_not_add_up_are_refused() {
        assert_eq!(
            settle(Cents(4700), &[t(Method::Card, 4000)]),
            Err(PaymentError::Short {
                paid: Cents(4000),
                total: Cents(4700)
            })
        );
        assert!(matches!(
            settle(Cents(4700), &[t(Method::Card, 5000)]),
            Err(PaymentError::Over { .. })
        ));
        assert!(matches!(
            settle(Cents(4700), &[]),
            Err(PaymentError::Short { .. })
        ));
        assert!(matches!(
            settle(Cents(4700), &[t(Method::Cash, 0)]),
            Err(PaymentError::NotPositive(Method::Cash))
        ));
        assert!(matches!(
            settle(Cents(4700), &[t(Method::Complimentary, 0)]),
            Err(PaymentError::ComplimentaryNotFree(_))
        ));
    }

    #[test]
    fn a_free_order_is_one_complimentary_payment() {
        for tenders in [vec![], vec![t(Method::Complimentary, 0)]] {
            let s = settle(Cents::ZERO, &tenders).unwrap();
            assert_eq!(s.change, Cents::ZERO);
            assert_eq!(s.payments[0].method, Method::Complimentary);
        }
        assert!(settle(Cents::ZERO, &[t(Method::Card, 100)]).is_err());
    }
}

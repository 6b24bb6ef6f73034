//! The basket priced with the venue's tax rules, what is paid and what is
//! left, and the checkout: a sale, or an exchange when tickets were given
//! back, in one transaction.

use chrono::{DateTime, Utc};

use super::{BEST_RETRIES, Basket, Cash, Checkout};
use crate::counter::CounterError;
use crate::counter::orders::{self, Exchanged};
use crate::counter::sell;
use crate::counter::vouchers::{self, VoucherError};
use crate::counter::{Item, SaleRequest};
use crate::domain::order::{self, BasketLine, Channel, Priced};
use crate::domain::payment::{Method, PaymentError, Tender};
use crate::domain::{Cents, Country, Currency};
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::Store;

impl Basket {
    /// The basket priced as the sale will price it: one line per
    /// performance, category, tariff and unit price, with the venue's tax
    /// rules.
    pub fn priced(&self) -> Result<Priced, CounterError> {
        let mut keys: Vec<(i64, i64, i64, Cents)> = Vec::new();
        let mut lines: Vec<BasketLine> = Vec::new();
        for t in &self.tickets {
            let key = (t.performance_id, t.category_id, t.tariff_id, t.unit);
            match keys.iter().position(|k| *k == key) {
                Some(i) => lines[i].quantity += 1,
                None => {
                    keys.push(key);
                    lines.push(BasketLine {
                        unit: t.unit,
                        quantity: 1,
                        rate: t.rate,
                    });
                }
            }
        }
        let Some(rules) = self.rules else {
            return Ok(order::price(Country::France, false, &[])?);
        };
        Ok(order::price(rules.country, rules.vat_exempt, &lines)?)
    }

    pub fn currency(&self) -> Currency {
        self.rules.map_or(Currency::Eur, |r| r.currency)
    }

    /// What the basket costs, taxes included.
    pub fn total(&self) -> Cents {
        self.priced().map_or(Cents::ZERO, |p| p.total)
    }

    /// What is still to pay: the total, less an exchange's credit and the
    /// payments taken (never below zero: a credit larger than the basket
    /// is refunded at checkout).
    pub fn remaining(&self) -> Cents {
        let credit = self.credit.as_ref().map_or(Cents::ZERO, |c| c.amount);
        let paid: Cents = self.tenders.iter().map(|t| t.amount).sum();
        (self.total() - credit - paid).max(Cents::ZERO)
    }

    /// Takes a card, cheque or voucher payment of `amount` (what is left
    /// when None; never more than what is left). What was taken.
    pub fn pay(&mut self, method: Method, amount: Option<Cents>) -> Result<Cents, CounterError> {
        if method == Method::Cash {
            // Cash is counted at checkout, where the change is given.
            return Ok(Cents::ZERO);
        }
        if method == Method::Voucher {
            // A voucher is taken by its code: `pay_voucher`.
            return Err(VoucherError::NeedsCode.into());
        }
        let remaining = self.remaining();
        let amount = amount.map_or(remaining, |a| a.min(remaining));
        if amount < Cents::ZERO {
            return Err(CounterError::Payment {
                error: PaymentError::NotPositive(method),
                currency: self.currency(),
            });
        }
        if amount > Cents::ZERO {
            self.tenders.push(Tender {
                method,
                amount,
                voucher: None,
            });
        }
        Ok(amount)
    }

    /// Takes a voucher (found by its code) for what is left, up to what it
    /// holds less what this basket already takes from it. What was taken;
    /// an expired or spent voucher is refused. The sale checks it again.
    pub fn pay_voucher(&mut self, found: &vouchers::Found) -> Result<Cents, CounterError> {
        let id = found.voucher.id;
        if let (false, Some(last_day)) = (found.valid, found.last_day) {
            return Err(VoucherError::Expired {
                last_day,
                balance: found.balance,
                currency: found.currency,
            }
            .into());
        }
        let taken: Cents = self
            .tenders
            .iter()
            .filter(|t| t.voucher == Some(id))
            .map(|t| t.amount)
            .sum();
        let left = found.balance - taken;
        let remaining = self.remaining();
        if left <= Cents::ZERO {
            return Err(VoucherError::Short {
                balance: Cents::ZERO,
                asked: remaining,
                currency: found.currency,
            }
            .into());
        }
        let amount = left.min(remaining);
        if amount > Cents::ZERO {
            self.tenders.push(Tender {
                method: Method::Voucher,
                amount,
                voucher: Some(id),
            });
        }
        Ok(amount)
    }

    /// Takes a payment as given, cash included, over or short: a script
    /// gives every payment at once and the checkout says what is wrong.
    pub fn tender(&mut self, tender: Tender) {
        self.tenders.push(tender);
    }

    /// Drops the card, cheque and voucher payments taken (the order is
    /// being changed again).
    pub fn drop_payments(&mut self) {
        self.tenders.clear();
    }

    /// Records the basket: a sale, or the exchange of its credit's tickets,
    /// in one transaction. `cash` is what the customer hands over for what
    /// is left; the change comes back in the sale. The basket is empty
    /// afterwards; when refused, nothing was written and the basket is as
    /// it was.
    pub fn checkout(
        &mut self,
        store: &mut Store,
        signer: &Signer,
        by: &Operator,
        cash: Cash,
        now: DateTime<Utc>,
    ) -> Result<Checkout, CounterError> {
        let mut tries = 0;
        loop {
            match self.checkout_once(store, signer, by, cash, now) {
                // Another counter sold a best seat first: choose again.
                Err(CounterError::SeatSold { .. })
                    if !self.best.is_empty() && tries < BEST_RETRIES =>
                {
                    tries += 1;
                    self.choose_best_again(store, now)?;
                }
                done => return done,
            }
        }
    }

    fn checkout_once(
        &mut self,
        store: &mut Store,
        signer: &Signer,
        by: &Operator,
        cash: Cash,
        now: DateTime<Utc>,
    ) -> Result<Checkout, CounterError> {
        if self.tickets.is_empty() {
            return Err(CounterError::NothingToSell);
        }
        let mut tenders = self.tenders.clone();
        let due = self.remaining();
        let given = match cash {
            Cash::Exact => Some(due),
            Cash::Given(amount) => Some(amount),
            Cash::Nothing => None,
        };
        if let Some(given) = given.filter(|_| due > Cents::ZERO) {
            if given < due {
                return Err(CounterError::CashShort {
                    given,
                    missing: due - given,
                    currency: self.currency(),
                });
            }
            tenders.push(Tender {
                voucher: None,
                method: Method::Cash,
                amount: given,
            });
        }
        let request = SaleRequest {
            quoted: self.tickets.iter().map(|t| (t.quoted, t.unit)).collect(),
            items: self
                .tickets
                .iter()
                .map(|t| Item {
                    performance_id: t.performance_id,
                    place: t.place,
                    tariff_id: t.tariff_id,
                })
                .collect(),
            tenders,
            patron_id: self.patron,
            cart: self.cart.clone(),
            channel: self.channel,
        };
        let done = match &self.credit {
            None => Checkout {
                sold: sell::sell(store, signer, by, &request, now)?,
                given_back: None,
                refunded: Cents::ZERO,
            },
            Some(c) => {
                let Exchanged {
                    cancelled,
                    sold,
                    refunded,
                } = orders::exchange(
                    store, signer, by, c.order_id, &c.tickets, &request, c.refund, now,
                )?;
                Checkout {
                    sold,
                    given_back: Some(cancelled),
                    refunded,
                }
            }
        };
        self.tickets.clear();
        self.best.clear();
        self.tenders.clear();
        self.credit = None;
        self.patron = None;
        self.channel = Channel::Counter;
        Ok(done)
    }
}

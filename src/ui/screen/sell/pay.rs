//! Payment: what is due, card, cheque and voucher, the sale (or the
//! exchange) itself, and printing its tickets in the background.

use super::*;

impl State {
    pub(super) fn start_payment(&mut self) {
        if !self.basket.is_empty() {
            self.step = Step::Pay;
            self.entry.clear();
            self.done = None;
        }
    }

    /// Card, cheque or voucher: for the amount typed, else for what is due.
    pub(super) fn method(&mut self, method: Method, locale: Locale) {
        if self.step != Step::Pay {
            return;
        }
        let text = self.entry.trim().to_owned();
        let amount = if text.is_empty() {
            self.remaining()
        } else {
            match Cents::parse(&text) {
                Ok(c) => c.min(self.remaining()),
                Err(_) => {
                    self.error = Some(sf(locale, S::ErrAmount, &[&text]));
                    return;
                }
            }
        };
        if amount <= Cents::ZERO {
            return;
        }
        self.entry.clear();
        match method {
            Method::Card => self.card = Some((method, amount)),
            Method::Cash => {}
            _ => self.tenders.push(Tender { method, amount }),
        }
    }

    /// The basket priced as the sale will price it.
    pub fn priced(&self) -> Option<Priced> {
        let o = self.offer.as_ref()?;
        let mut keys: Vec<(i64, i64, i64)> = Vec::new();
        let mut lines: Vec<BasketLine> = Vec::new();
        for x in &self.basket {
            let key = (x.performance_id, x.category_id, x.tariff_id);
            match keys.iter().position(|k| *k == key) {
                Some(i) => lines[i].quantity += 1,
                None => {
                    keys.push(key);
                    lines.push(BasketLine {
                        unit: x.unit,
                        quantity: 1,
                        rate: x.rate,
                    });
                }
            }
        }
        order::price(o.country, false, &lines).ok()
    }

    pub fn currency(&self) -> Currency {
        self.offer.as_ref().map_or(Currency::Eur, |o| o.currency)
    }

    pub fn total(&self) -> Cents {
        self.priced().map_or(Cents::ZERO, |p| p.total)
    }

    /// What is still due after card, cheque and voucher payments.
    pub fn remaining(&self) -> Cents {
        let credit = self.exchange.as_ref().map_or(Cents::ZERO, |c| c.amount);
        (self.total() - credit - self.tenders.iter().map(|x| x.amount).sum::<Cents>())
            .max(Cents::ZERO)
    }

    pub fn exchange(&self) -> Option<&service::Credit> {
        self.exchange.as_ref()
    }

    pub(super) fn sell(
        &mut self,
        t: &mut Terminal,
        by: &Operator,
        now: DateTime<Utc>,
        locale: Locale,
        cash: Option<Cents>,
    ) {
        let mut tenders = self.tenders.clone();
        let due = self.remaining();
        if due > Cents::ZERO {
            let given = cash.unwrap_or(due);
            if given < due {
                let currency = self.currency();
                let m = |c| crate::domain::Money { cents: c, currency }.format(locale);
                self.error = Some(sf(locale, S::ErrNotEnough, &[&m(given), &m(due - given)]));
                self.entry.clear();
                return;
            }
            tenders.push(Tender {
                method: Method::Cash,
                amount: given,
            });
        }
        let request = SaleRequest {
            items: self
                .basket
                .iter()
                .map(|x| Item {
                    performance_id: x.performance_id,
                    place: x.place,
                    tariff_id: x.tariff_id,
                })
                .collect(),
            tenders,
            patron_id: self.patron.as_ref().map(|p| p.id),
            cart: Some(self.cart.clone()),
        };
        let outcome = match self.exchange.take() {
            Some(credit) => {
                let done = crate::counter::orders::exchange(
                    &mut t.store,
                    &t.signer,
                    by,
                    credit.order_id,
                    &credit.tickets,
                    &request,
                    Method::Cash,
                    now,
                );
                match done {
                    Ok(x) => {
                        let list = super::describe::ticket_list(&credit.tickets);
                        self.notice = Some(sf(
                            locale,
                            S::ExchangeDone,
                            &[&list, &x.sold.number.to_string()],
                        ));
                        let mut sold = x.sold;
                        sold.change += x.refunded;
                        Ok(sold)
                    }
                    Err(e) => {
                        self.exchange = Some(credit);
                        Err(e)
                    }
                }
            }
            None => counter::sell::sell(&mut t.store, &t.signer, by, &request, now),
        };
        match outcome {
            Ok(sold) => {
                self.job = Some(Job {
                    order_id: sold.order_id,
                    only: None,
                    receipt: false,
                    resend: None,
                });
                self.done = Some(Done {
                    order_id: sold.order_id,
                    number: sold.number,
                    tickets: sold.tickets.len(),
                    total: sold.total,
                    change: sold.change,
                    currency: sold.currency,
                });
                self.basket.clear();
                self.tenders.clear();
                self.patron = None;
                self.step = Step::Basket;
                self.entry.clear();
                self.reload_lines(t, now);
                self.load_offer(t, now);
            }
            Err(e) => {
                self.error = Some(describe(&e, locale));
                self.entry.clear();
                if !matches!(e, CounterError::Payment { .. }) {
                    self.step = Step::Basket;
                    self.tenders.clear();
                }
                self.load_offer(t, now);
            }
        }
    }
}

/// Makes (or takes) the PDF and sends it where Réglages says, on a
/// connection of its own, off the counter's thread.
pub(super) fn print_in_background(
    db: PathBuf,
    job: Job,
    locale: Locale,
    now: DateTime<Utc>,
) -> Task<crate::ui::Message> {
    Task::perform(
        async move {
            print_job(&db, &job, now).map_err(|e| (describe::describe_printing(&e, locale), job))
        },
        |outcome| crate::ui::Message::Sell(Message::Printed(outcome)),
    )
}

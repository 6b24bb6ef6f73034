//! What the keys mean at the counter: a number, a seat, letters, a scanned
//! code, Enter on nothing; F1–F11.

use super::{Context, Job, State, Step, gift, service, subscribe};
use crate::counter::{CounterError, subscriptions};
use crate::domain::payment::Method;
use crate::domain::{Cents, HallKind, PerformanceLine};
use crate::ui::i18n::counter::describe;
use crate::ui::i18n::sell::{S, s, sf};

impl State {
    /// Enter in the entry field.
    pub(super) fn submit(&mut self, ctx: &mut Context) {
        let text = self.entry.trim().to_owned();
        if self.step == Step::Pay {
            self.submit_payment(&text, ctx);
            return;
        }
        self.done = None;
        if text.is_empty() {
            self.start_payment();
            return;
        }
        // A ticket's code scanned at the counter: its order.
        if crate::tickets::code::read(&text).is_ok() {
            self.entry.clear();
            self.open_service(Some(&text), ctx);
            return;
        }
        if let Ok(n) = text.parse::<usize>() {
            let tariff = self
                .offer
                .as_ref()
                .and_then(|o| o.tariffs.first())
                .map(|x| x.tariff.id);
            self.add(n, tariff, ctx);
            return;
        }
        if self.seat_typed(&text, ctx) {
            return;
        }
        // Letters: the first show that matches.
        let first = match self.letters().is_empty() {
            true => None,
            false => self.highlighted().map(|p| p.id),
        };
        self.entry.clear();
        match first {
            Some(id) => self.show(Some(id), ctx),
            None => self.error = Some(sf(ctx.locale, S::ErrQuantity, &[&text])),
        }
    }

    /// A seat of the numbered hall shown, typed as F12 or "Balcon C 14":
    /// whether the text was taken as one.
    fn seat_typed(&mut self, text: &str, ctx: &mut Context) -> bool {
        let Some(o) = self
            .offer
            .as_ref()
            .filter(|o| o.hall.kind == HallKind::Numbered)
        else {
            return false;
        };
        match o.find_seat(text) {
            Ok(seat) => {
                self.entry.clear();
                self.add_seats(&[seat], ctx);
                true
            }
            // The message quotes what was typed: the field is free again.
            Err(e @ CounterError::AmbiguousSeat { .. }) => {
                self.error = Some(describe(&e, ctx.locale));
                self.entry.clear();
                true
            }
            // Letters and digits: a seat that is not in this hall.
            Err(e) if text.chars().any(|c| c.is_ascii_digit()) => {
                self.error = Some(describe(&e, ctx.locale));
                self.entry.clear();
                true
            }
            Err(_) => false,
        }
    }

    /// Enter at the payment step: the card approved, or cash (exactly what
    /// is due when nothing is typed).
    fn submit_payment(&mut self, text: &str, ctx: &mut Context) {
        if let Some((method, amount)) = self.card.take() {
            self.entry.clear();
            self.take_payment(method, Some(amount), ctx);
            if self.basket.remaining() <= Cents::ZERO {
                self.checkout(None, ctx);
            }
            return;
        }
        let cash = if text.is_empty() {
            None
        } else {
            match Cents::parse(text) {
                Ok(c) => Some(c),
                Err(_) => {
                    self.error = Some(sf(ctx.locale, S::ErrAmount, &[text]));
                    return;
                }
            }
        };
        self.checkout(cash, ctx);
    }

    /// F1…F11: tariffs in the basket, payment methods at payment, the
    /// patron (F9), customer service (F10), printing again (F11).
    pub(super) fn function(&mut self, n: u8, ctx: &mut Context) {
        if self.subscribe.is_some() {
            let method = match n {
                2 => Method::Card,
                3 => Method::Cheque,
                _ => return,
            };
            self.in_subscribe(subscribe::Message::Pay(method), ctx);
            return;
        }
        if self.gift.is_some() {
            let method = match n {
                2 => Method::Card,
                3 => Method::Cheque,
                _ => return,
            };
            self.in_gift(gift::Message::Sell(method), ctx);
            return;
        }
        match n {
            9 => {
                self.patron_active = true;
                return;
            }
            10 => {
                self.open_service(None, ctx);
                return;
            }
            11 => {
                self.print_again();
                return;
            }
            _ => {}
        }
        if self.step == Step::Pay {
            match n {
                1 => self.submit(ctx),
                2 => self.method(Method::Card, ctx),
                3 => self.method(Method::Cheque, ctx),
                4 => self.method(Method::Voucher, ctx),
                _ => {}
            }
            return;
        }
        let Some(tariff) = self
            .offer
            .as_ref()
            .and_then(|o| o.tariffs.get(usize::from(n).saturating_sub(1)))
            .map(|x| x.tariff.id)
        else {
            return;
        };
        match self.entry.trim().parse::<usize>().ok() {
            Some(count) => self.add(count, Some(tariff), ctx),
            None => self.last_takes_tariff(tariff, ctx),
        }
    }

    /// Customer service, over the performance (looking for `query` when
    /// given: a code scanned at the counter).
    pub(super) fn open_service(&mut self, query: Option<&str>, ctx: &mut Context) {
        let mut service = service::State::new();
        if let Some(query) = query {
            service.search_for(query, ctx);
        }
        self.service = Some(service);
        self.patron_active = false;
    }

    /// What customer service did: places freed, a duplicata to print, or
    /// tickets given back to exchange for the basket.
    pub(super) fn in_service(&mut self, message: service::Message, ctx: &mut Context) {
        let Some(service) = &mut self.service else {
            return;
        };
        let (_, event) = service.update(message, ctx);
        match event {
            Some(service::Event::Cancelled) => self.load(ctx),
            Some(service::Event::Exchange(credit)) => {
                self.basket.exchange(credit);
                self.service = None;
            }
            Some(service::Event::SubscriptionExchange {
                subscription,
                from,
                by,
            }) => self.exchange_within((subscription, from), by, ctx),
            Some(service::Event::Reprinted { order_id, ticket }) => {
                self.job = Some(Job {
                    only: Some(ticket),
                    ..Job::tickets(order_id)
                });
            }
            None => {}
        }
    }

    /// A subscription's performance `from` exchanged for the one the list
    /// shows chosen (the first match while letters are typed), within its
    /// formula (no money moves): asked once, naming where it goes, then
    /// made (by `approver` when a coordinator approved it); its new tickets
    /// to print.
    fn exchange_within(
        &mut self,
        (subscription, from): (String, i64),
        approver: Option<crate::operators::Operator>,
        ctx: &mut Context,
    ) {
        let locale = ctx.locale;
        let zone = ctx.zone;
        let target = self.highlighted();
        let target = target.map(|p| {
            (
                p.id,
                format!("{}, {}", p.show, locale.date_time(p.starts_at, zone)),
            )
        });
        let Some(service) = &mut self.service else {
            return;
        };
        let Some((to, name)) = target else {
            service.refused(s(locale, S::NoTarget).to_owned());
            return;
        };
        if approver.is_none() && !service.exchange_confirmed((to, name)) {
            return;
        }
        let Some(by) = approver.as_ref().or(ctx.operator) else {
            return;
        };
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        let done =
            subscriptions::exchange(&mut t.store, &t.signer, by, &subscription, (from, to), now);
        let said = done.map(|done| {
            self.job = Some(Job::tickets(done.order_id));
            let given: Vec<String> = done.given_back.iter().map(|n| format!("{n:06}")).collect();
            let seats = s(
                locale,
                if done.same_seats {
                    S::SameSeats
                } else {
                    S::OtherSeats
                },
            );
            let mut said = sf(
                locale,
                S::ExchangedWithin,
                &[&given.join(", "), &done.order_number.to_string(), seats],
            );
            if let Some(a) = &approver {
                said = format!("{said} {}", sf(locale, S::ApprovedBy, &[&a.name]));
            }
            said
        });
        if let Some(service) = &mut self.service {
            service.exchanged(said, (subscription, from), ctx);
        }
        self.load(ctx);
    }

    /// The performance the list shows chosen: while letters are typed, the
    /// first match (the one Enter takes), else the one selected.
    pub(super) fn highlighted(&self) -> Option<&PerformanceLine> {
        match self.letters().is_empty() {
            true => self
                .selected
                .and_then(|id| self.lines.iter().find(|p| p.id == id)),
            false => self.visible().first().copied(),
        }
    }

    /// The performances the typed letters leave (all when none are typed).
    pub fn visible(&self) -> Vec<&PerformanceLine> {
        let letters = self.letters();
        self.lines
            .iter()
            .filter(|p| letters.is_empty() || matches_title(&p.show, &letters))
            .collect()
    }

    /// The entry when it is letters (a show being searched; a seat such
    /// as F12 has digits).
    pub(super) fn letters(&self) -> String {
        let e = self.entry.trim();
        if self.step == Step::Basket
            && e.chars().next().is_some_and(|c| c.is_alphabetic())
            && !e.chars().any(|c| c.is_ascii_digit())
        {
            e.to_lowercase()
        } else {
            String::new()
        }
    }
}

/// Whether a word of the title starts with the letters typed (accents and
/// case ignored).
fn matches_title(title: &str, letters: &str) -> bool {
    let plain = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'à' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                other => other,
            })
            .collect()
    };
    let title = plain(&title.to_lowercase());
    let letters = plain(letters);
    title.starts_with(&letters)
        || title
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(&letters))
}

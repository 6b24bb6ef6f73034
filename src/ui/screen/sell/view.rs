//! What Vente draws: the performances on the left, the entry field, the
//! chosen performance (its map, places or slots) in the middle, the basket
//! and the payment on the right.

use crate::ui::i18n::counter::ticket_list;
use iced::widget::{Space, button, canvas, column, container, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Length};

use super::{ENTRY, Message, Printing, State, Step, Ticket};
use crate::counter::offer::Offer;
use crate::domain::Currency;
use crate::domain::order::TaxKind;
use crate::domain::payment::Method;
use crate::domain::season::HallKind;
use crate::domain::{Cents, Locale, Money};
use crate::ui::i18n::label_value;
use crate::ui::i18n::sell::{S, s, sf};
use crate::ui::screen::Look;
use crate::ui::theme;
use crate::ui::widget::seat_map;

impl State {
    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let centre = match (&self.gift, &self.service) {
            _ if self.subscribe.is_some() => {
                let panel = self
                    .subscribe
                    .as_ref()
                    .map(|p| p.view(look).map(Message::Subscribe));
                container(panel.unwrap_or_else(|| text("").into()))
                    .padding(12)
                    .width(Fill)
                    .height(Fill)
                    .style(theme::card)
                    .into()
            }
            (Some(gift), _) => container(gift.view(look).map(Message::Gift))
                .padding(12)
                .width(Fill)
                .height(Fill)
                .style(theme::card)
                .into(),
            (None, Some(service)) => container(service.view(look).map(Message::Service))
                .padding(12)
                .width(Fill)
                .height(Fill)
                .style(theme::card)
                .into(),
            (None, None) => self.centre(locale, zone),
        };
        row![
            self.performances(locale, zone),
            centre,
            self.basket_panel(locale, zone),
        ]
        .spacing(12)
        .height(Fill)
        .into()
    }

    fn currency(&self) -> Currency {
        match &self.offer {
            Some(o) => o.currency,
            None => self.basket.currency(),
        }
    }

    fn money(&self, cents: Cents, locale: Locale) -> String {
        Money {
            cents,
            currency: self.currency(),
        }
        .format(locale)
    }

    fn performances(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let visible = self.visible();
        let mut list = column![].spacing(4);
        if visible.is_empty() {
            let letters = self.letters();
            list = list.push(
                text(if letters.is_empty() {
                    s(locale, S::NothingOnSale).to_owned()
                } else {
                    sf(locale, S::NoMatch, &[&letters])
                })
                .style(theme::muted),
            );
        }
        let highlighted = self.highlighted().map(|p| p.id);
        for p in visible {
            let chosen = Some(p.id) == highlighted;
            let when = locale.date_time(p.starts_at, zone);
            let item = column![
                text(when).size(theme::SMALL).font(theme::BOLD),
                text(&p.show).size(theme::BODY),
                text(format!(
                    "{} · {}",
                    p.hall,
                    sf(
                        locale,
                        if p.lent.is_some() {
                            S::FreeHereShort
                        } else {
                            S::Free
                        },
                        &[&p.available().to_string()]
                    )
                ))
                .size(theme::SMALL),
            ]
            .spacing(1);
            list = list.push(
                button(item)
                    .on_press(Message::Select(p.id))
                    .width(Fill)
                    .padding([6, 10])
                    .style(theme::choice(chosen)),
            );
        }
        column![
            text(s(locale, S::Keys))
                .size(theme::SMALL)
                .style(theme::muted),
            scrollable(list).spacing(6).height(Fill),
        ]
        .spacing(6)
        .width(300)
        .height(Fill)
        .into()
    }

    fn centre(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let hint = match self.step {
            Step::Basket => s(locale, S::EntryHint),
            Step::Pay => s(locale, S::EntryHintPay),
        };
        let entry = text_input(hint, &self.entry)
            .id(ENTRY)
            .on_input(Message::Entry)
            .on_submit(Message::Submit)
            .size(22)
            .padding(10);
        let mut col = column![entry].spacing(8).width(Fill).height(Fill);
        if let Some(e) = &self.error {
            col = col.push(text(e).size(theme::BODY).style(theme::error));
        }
        if let Some(n) = &self.notice {
            col = col.push(text(n).size(theme::BODY).style(theme::success));
        }
        if let Some(done) = &self.done {
            let m = |c| {
                Money {
                    cents: c,
                    currency: done.currency,
                }
                .format(locale)
            };
            let mut line = row![
                text(sf(
                    locale,
                    S::OrderDone,
                    &[&done.number.to_string(), &done.tickets.to_string()]
                ))
                .size(theme::HEADING)
                .font(theme::BOLD),
                text(label_value(locale, s(locale, S::Total), &m(done.total))).size(theme::HEADING),
            ]
            .spacing(20)
            .align_y(Center);
            if done.change > Cents::ZERO {
                line = line.push(
                    text(label_value(locale, s(locale, S::Change), &m(done.change)))
                        .size(34)
                        .font(theme::BOLD)
                        .style(theme::success),
                );
            }
            col = col.push(
                container(
                    column![
                        line,
                        row![
                            text(s(locale, S::NewSale)).style(theme::muted).width(Fill),
                            button(text(s(locale, S::Receipt)).size(theme::SMALL))
                                .on_press(Message::Receipt)
                                .padding([6, 10])
                                .style(theme::choice(false)),
                        ]
                        .spacing(8)
                        .align_y(Center),
                    ]
                    .push(done.mail_to.as_deref().map(|to| mail_row(to, locale)))
                    .spacing(4),
                )
                .padding(10)
                .width(Fill)
                .style(theme::card),
            );
        }
        let Some(o) = &self.offer else {
            return col.into();
        };
        col = col.push(header(o, self.topup.said.as_deref(), locale, zone));
        col = col.push(self.tariff_keys(o, locale));
        col = col.push(match (o.hall.kind, &self.map) {
            (HallKind::Numbered, Some(map)) => {
                let map_view =
                    Element::from(canvas(map).width(Fill).height(Fill)).map(Message::Map);
                column![
                    legend(o, locale),
                    container(map_view)
                        .style(theme::card)
                        .width(Fill)
                        .height(Fill)
                ]
                .spacing(6)
                .height(Fill)
                .into()
            }
            (HallKind::Timed, _) => self.slots(o, locale, zone),
            _ => container(text(s(locale, S::General)).size(theme::HEADING))
                .padding(20)
                .width(Fill)
                .style(theme::card)
                .into(),
        });
        col.into()
    }

    /// F1… and the tariffs of the performance, with their prices.
    fn tariff_keys(&self, o: &Offer, locale: Locale) -> Element<'_, Message> {
        let first_category = o.categories.first().map(|c| c.id);
        let mut keys = row![].spacing(6);
        for (i, t) in o.tariffs.iter().enumerate().take(8) {
            let price = if t.tariff.is_complimentary {
                s(locale, S::Gratis).to_owned()
            } else {
                let now = first_category.and_then(|c| t.prices.get(&c));
                let grid = first_category.and_then(|c| t.moved_from.get(&c));
                // A price a demand rule moved says so, up or down.
                match (now, grid) {
                    (Some(now), Some(grid)) => sf(
                        locale,
                        if now > grid {
                            S::DemandUp
                        } else {
                            S::DemandDown
                        },
                        &[&self.money(*now, locale)],
                    ),
                    (Some(now), None) => self.money(*now, locale),
                    _ => String::new(),
                }
            };
            let mut label = format!("F{}  {}  {}", i + 1, t.tariff.name, price);
            if let Some(left) = t.left() {
                label.push_str(&format!(" ({left})"));
            }
            keys = keys.push(
                container(text(label).size(theme::SMALL))
                    .padding([4, 8])
                    .style(theme::paper),
            );
        }
        scrollable(keys)
            .direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::new().width(4).scroller_width(4),
            ))
            .width(Fill)
            .into()
    }

    fn slots(&self, o: &Offer, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let mut grid = row![].spacing(6);
        let mut rows = column![text(s(locale, S::Timed)).size(theme::BODY)].spacing(8);
        for (i, slot) in o.slots.iter().enumerate() {
            let when = locale.time(&slot.starts_at.with_timezone(&zone));
            // Joined to a central database: what this terminal holds of
            // the slot (the rest is the pool's, or another terminal's).
            let left = match (slot.left(), slot.lent) {
                (0, _) if slot.free() == 0 => s(locale, S::SlotFull).to_owned(),
                (n, Some(_)) => sf(locale, S::FreeHereShort, &[&n.to_string()]),
                (n, None) => sf(locale, S::Free, &[&n.to_string()]),
            };
            grid = grid.push(
                button(column![
                    text(when).font(theme::BOLD),
                    text(left).size(theme::SMALL)
                ])
                .on_press(Message::Slot(slot.id))
                .padding([6, 10])
                .style(theme::choice(Some(slot.id) == self.slot)),
            );
            if (i + 1) % 6 == 0 {
                rows = rows.push(grid);
                grid = row![].spacing(6);
            }
        }
        rows = rows.push(grid);
        container(scrollable(rows))
            .padding(12)
            .width(Fill)
            .height(Fill)
            .style(theme::card)
            .into()
    }

    fn basket_panel(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let mut list = column![].spacing(4);
        if self.basket.is_empty() {
            list = list.push(text(s(locale, S::BasketEmpty)).style(theme::muted));
        }
        for (i, t) in self.basket.tickets().iter().enumerate() {
            let place = match place_label(t, locale, zone) {
                Some(label) => format!("{label} · {}", t.category_code),
                None => t.category.clone(),
            };
            let other = Some(t.performance_id) != self.selected;
            let mut what = column![text(place).size(theme::SMALL)];
            if other {
                what = what.push(
                    text(format!("{} — {}", t.show, locale.date_time(t.when, zone)))
                        .size(12)
                        .style(theme::muted),
                );
            }
            list = list.push(
                row![
                    what.width(Fill),
                    button(text(&t.tariff).size(theme::SMALL))
                        .on_press(Message::CycleTariff(i))
                        .padding([2, 6])
                        .style(theme::choice(false)),
                    text(self.money(t.unit, locale))
                        .size(theme::SMALL)
                        .width(72),
                    button(text("×").size(theme::SMALL))
                        .on_press(Message::Remove(i))
                        .padding([2, 8])
                        .style(theme::choice(false)),
                ]
                .spacing(6)
                .align_y(Center),
            );
        }
        let mut taxes = column![].spacing(2);
        if let Some(priced) = self
            .basket
            .priced()
            .ok()
            .filter(|_| !self.basket.is_empty())
        {
            for r in priced.taxes.rows() {
                let rate = r.rate.format(locale);
                let amount = self.money(r.tax, locale);
                let key = match r.kind {
                    TaxKind::Vat => S::VatOf,
                    TaxKind::Gst => S::Gst,
                    TaxKind::Qst => S::Qst,
                };
                taxes = taxes.push(
                    text(sf(locale, key, &[&rate, &amount]))
                        .size(theme::SMALL)
                        .style(theme::muted),
                );
            }
        }
        let total = row![
            text(s(locale, S::Total))
                .size(theme::HEADING)
                .font(theme::BOLD),
            Space::new().width(Fill),
            text(self.money(self.basket.total(), locale))
                .size(30)
                .font(theme::BOLD),
        ]
        .align_y(Center);
        let mut panel = column![
            text(format!(
                "{} ({})",
                s(locale, S::Basket),
                self.basket.tickets().len()
            ))
            .size(theme::HEADING)
            .font(theme::BOLD),
            self.patron_box(locale),
            self.channel_box(locale),
            self.exchange_box(locale),
            scrollable(list).height(Fill),
            taxes,
            total,
        ]
        .spacing(8)
        .height(Fill);
        if let Some(status) = self.print_status(locale) {
            panel = panel.push(status);
        }
        panel = panel.push(match self.step {
            Step::Basket => column![
                button(
                    text(s(locale, S::Pay))
                        .size(theme::HEADING)
                        .font(theme::BOLD)
                        .width(Fill)
                        .align_x(Center)
                )
                .on_press_maybe((!self.basket.is_empty()).then_some(Message::Pay))
                .width(Fill)
                .padding(12)
                .style(theme::choice(true)),
                text(s(locale, S::BasketHelp)).size(12).style(theme::muted),
            ]
            .spacing(6),
            Step::Pay => self.payment(locale),
        });
        container(panel)
            .padding(12)
            .width(Length::Fixed(380.0))
            .height(Fill)
            .style(theme::card)
            .into()
    }

    /// The tickets being exchanged, and their credit.
    fn exchange_box(&self, locale: Locale) -> Element<'_, Message> {
        let Some(c) = self.basket.credit() else {
            return Space::new().into();
        };
        let list = ticket_list(&c.tickets);
        container(
            text(sf(
                locale,
                S::ExchangeCredit,
                &[
                    &c.order_number.to_string(),
                    &list,
                    &self.money(c.amount, locale),
                ],
            ))
            .size(theme::SMALL),
        )
        .padding(6)
        .width(Fill)
        .style(theme::notice)
        .into()
    }

    /// How the last printing went (nothing before the first).
    fn print_status(&self, locale: Locale) -> Option<Element<'_, Message>> {
        Some(match &self.printing {
            Printing::Idle => return None,
            Printing::Busy => text(s(locale, S::Printing))
                .size(theme::SMALL)
                .style(theme::muted)
                .into(),
            Printing::Done(_) => text(s(locale, S::Printed))
                .size(theme::SMALL)
                .style(theme::success)
                .into(),
            Printing::Failed { message, .. } => column![
                text(sf(locale, S::PrintFailed, &[message]))
                    .size(theme::SMALL)
                    .style(theme::error),
                button(text(s(locale, S::PrintAgain)).size(theme::SMALL))
                    .on_press(Message::PrintAgain)
                    .padding([6, 10])
                    .style(theme::choice(true)),
            ]
            .spacing(4)
            .into(),
        })
    }

    fn payment(&self, locale: Locale) -> iced::widget::Column<'_, Message> {
        let paid: Cents = self.basket.tenders().iter().map(|t| t.amount).sum();
        let mut col = column![].spacing(6);
        if paid > Cents::ZERO {
            col =
                col.push(text(sf(locale, S::Paid, &[&self.money(paid, locale)])).size(theme::BODY));
        }
        col = col.push(
            row![
                text(s(locale, S::Remaining)).size(theme::HEADING),
                Space::new().width(Fill),
                text(self.money(self.remaining(), locale))
                    .size(30)
                    .font(theme::BOLD),
            ]
            .align_y(Center),
        );
        if let Some((_, amount)) = self.card {
            col = col.push(
                container(
                    column![
                        text(sf(locale, S::CardSent, &[&self.money(amount, locale)]))
                            .size(theme::BODY)
                            .font(theme::BOLD),
                        text(s(locale, S::CardConfirm)).size(theme::SMALL),
                    ]
                    .spacing(4),
                )
                .padding(8)
                .width(Fill)
                .style(theme::notice),
            );
        }
        // What the cash typed so far would give back.
        if let Ok(given) = Cents::parse(&self.entry)
            && given > self.remaining()
        {
            col = col.push(
                text(label_value(
                    locale,
                    s(locale, S::Change),
                    &self.money(given - self.remaining(), locale),
                ))
                .size(34)
                .font(theme::BOLD)
                .style(theme::success),
            );
        }
        let method = |key: u8, label: S, m: Method| {
            button(text(format!("F{key}  {}", s(locale, label))).size(theme::BODY))
                .on_press(if m == Method::Cash {
                    Message::Submit
                } else {
                    Message::Method(m)
                })
                .padding([10, 10])
                .width(Fill)
                .style(theme::choice(m == Method::Cash))
        };
        col.push(
            row![
                method(1, S::Cash, Method::Cash),
                method(2, S::Card, Method::Card),
            ]
            .spacing(6),
        )
        .push(
            row![
                method(3, S::Cheque, Method::Cheque),
                method(4, S::Voucher, Method::Voucher),
            ]
            .spacing(6),
        )
        .push(text(s(locale, S::PayHelp)).size(12).style(theme::muted))
    }
}

/// Where a ticket of the basket admits: its seat, or its entry time.
fn place_label(t: &Ticket, locale: Locale, zone: chrono_tz::Tz) -> Option<String> {
    match (&t.seat, t.slot) {
        (Some(seat), _) => Some(seat.label(locale)),
        (None, Some(slot)) => Some(locale.time(&slot.with_timezone(&zone))),
        (None, None) => None,
    }
}

/// The performance: title, when, where, and what is left by category.
fn header<'a>(
    o: &'a Offer,
    central: Option<&'a str>,
    locale: Locale,
    zone: chrono_tz::Tz,
) -> Element<'a, Message> {
    let when = locale.date_time(o.performance.starts_at, zone);
    let mut free = row![
        text(sf(
            locale,
            if o.governed { S::FreeHere } else { S::FreeOf },
            &[
                &o.available().to_string(),
                &o.performance.capacity.to_string()
            ]
        ))
        .font(theme::BOLD)
    ]
    .spacing(10)
    .align_y(Center);
    if o.hall.kind == HallKind::Numbered && o.categories.len() > 1 {
        for (c, n) in o.free_by_category() {
            free = free.push(
                container(
                    text(format!("{} : {n}", c.code))
                        .size(theme::SMALL)
                        .wrapping(iced::widget::text::Wrapping::None),
                )
                .padding([2, 8])
                .style(theme::hold_chip(seat_map::colour(&c.colour))),
            );
        }
    }
    if o.held > 0 {
        free = free.push(text(sf(locale, S::Held, &[&o.held.to_string()])).size(theme::SMALL));
    }
    if o.governed {
        free = free.push(
            text(central.unwrap_or(s(locale, S::CentralPool)))
                .size(theme::SMALL)
                .style(theme::muted),
        );
    }
    column![
        text(&o.show.title).size(theme::TITLE).font(theme::BOLD),
        row![
            text(format!("{when} · {}", o.hall.name)).size(theme::BODY),
            free
        ]
        .spacing(16)
        .align_y(Center)
        .wrap(),
    ]
    .spacing(2)
    .into()
}

/// Categories by colour, and the marks of the seats' states.
fn legend<'a>(o: &'a Offer, locale: Locale) -> Element<'a, Message> {
    let mut items = row![].spacing(8).align_y(Center);
    for c in &o.categories {
        items = items.push(
            container(text(&c.name).size(12).color(iced::Color::WHITE))
                .padding([2, 8])
                .style(move |_: &iced::Theme| container::Style {
                    background: Some(iced::Background::Color(seat_map::colour(&c.colour))),
                    border: iced::Border {
                        radius: 10.0.into(),
                        ..iced::Border::default()
                    },
                    ..container::Style::default()
                }),
        );
    }
    let elsewhere = o.governed.then_some(S::LegendElsewhere);
    for key in [S::LegendSold, S::LegendHeld]
        .into_iter()
        .chain(elsewhere)
        .chain([S::LegendMine, S::MapHelp])
    {
        items = items.push(text(s(locale, key)).size(12).style(theme::muted));
    }
    scrollable(items)
        .direction(scrollable::Direction::Horizontal(
            scrollable::Scrollbar::new().width(4).scroller_width(4),
        ))
        .width(Fill)
        .into()
}

/// After a sale to a patron with an address: the tickets (Ctrl+E) or the
/// receipt by e-mail.
fn mail_row<'a>(to: &str, locale: Locale) -> Element<'a, Message> {
    use crate::ui::i18n::mail::{M, m, mf};
    let small = |label: String, message| {
        button(text(label).size(theme::SMALL))
            .on_press(message)
            .padding([6, 10])
            .style(theme::choice(false))
    };
    row![
        small(mf(locale, M::SellHint, &[to]), Message::Mail),
        small(m(locale, M::ReceiptByMail).to_owned(), Message::MailReceipt),
    ]
    .spacing(8)
    .into()
}

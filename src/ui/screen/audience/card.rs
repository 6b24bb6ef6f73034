//! The patron's card in Publics: who they are and what they need, visits,
//! spend and genres, what may be sent and why, every purchase (opened at
//! the counter), the contact log, and their personal data.

use std::collections::BTreeMap;

use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Center, Element, Fill};

use super::{Message, State, merge};
use crate::audience::{self, Card};
use crate::domain::{Currency, Money};
use crate::ui::i18n::audience::{
    A, a, af, channel_name, contact_kind, flag_text, loyalty_name, may_send, need_name,
    sale_channel, source_name,
};
use crate::ui::i18n::programming::genre_name;
use crate::ui::screen::Look;
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen};

impl State {
    fn who_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        let p = &card.patron;
        let d = &card.row.details;
        let mut who = column![
            row![
                text(p.display_name()).size(theme::TITLE).font(theme::BOLD),
                container(
                    text(loyalty_name(card.loyalty, locale))
                        .size(theme::SMALL)
                        .font(theme::BOLD)
                )
                .padding([4, 10])
                .style(theme::notice),
                iced::widget::space::horizontal(),
                button(text(l(A::Edit)))
                    .on_press(Message::Edit)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(Center),
        ]
        .spacing(4);
        if !p.needs.is_empty() {
            let needs: Vec<&str> = p.needs.iter().map(|n| need_name(*n, locale)).collect();
            who = who.push(
                text(format!("{} : {}", l(A::Needs), needs.join(", ")))
                    .font(theme::BOLD)
                    .style(theme::error),
            );
        }
        let contact: Vec<&str> = [d.email.as_str(), d.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !contact.is_empty() {
            who = who.push(text(contact.join(" · ")));
        }
        for f in &card.flags {
            who = who.push(
                text(flag_text(*f, locale))
                    .size(theme::SMALL)
                    .style(theme::error),
            );
        }
        let place: Vec<&str> = [d.address.as_str(), d.postcode.as_str(), d.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !place.is_empty() {
            who = who.push(text(place.join(" ")));
        }
        if !p.organisation.is_empty() {
            who = who.push(text(format!("{} : {}", l(A::Organisation), p.organisation)));
        }
        if !d.categories.is_empty() {
            let names: Vec<&str> = d
                .categories
                .iter()
                .map(|c| {
                    self.categories
                        .iter()
                        .find(|(code, _)| code == c)
                        .map_or(c.as_str(), |(_, n)| n.as_str())
                })
                .collect();
            who = who.push(text(format!("{} : {}", l(A::Categories), names.join(", "))));
        }
        if !d.notes.is_empty() {
            who = who.push(text(&d.notes).style(theme::muted));
        }
        let currency = self.currency.unwrap_or(Currency::Eur);
        for s in card.subscriptions.iter().filter(|s| !s.training) {
            let (order, price) = (
                s.order_number.to_string(),
                Money::new(s.price.0, currency).format(locale),
            );
            who = who.push(
                text(af(
                    locale,
                    A::Subscription,
                    &[&s.formula, &order, &price, &s.tickets.to_string()],
                ))
                .font(theme::BOLD),
            );
        }
        who.into()
    }

    fn stats_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let currency = self.currency.unwrap_or(Currency::Eur);
        let money = |c: i64| Money::new(c, currency).format(locale);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let seasons: Vec<String> = card
            .per_season
            .iter()
            .map(|(y, n)| format!("{}-{} : {n}", y, y + 1))
            .collect();
        let genres: Vec<String> = card
            .genres
            .iter()
            .take(3)
            .map(|(g, n)| format!("{} ({n})", genre_name(g, locale)))
            .collect();
        let never = l(A::Never).to_owned();
        let stats = column![
            stat(
                l(A::FirstVisit),
                card.first_visit.map_or(never.clone(), date)
            ),
            stat(l(A::LastVisit), card.last_visit.map_or(never, date)),
            stat(l(A::PerSeason), seasons.join(" · ")),
            stat(l(A::Spent), money(card.total_spent)),
            stat(l(A::Genres), genres.join(", ")),
        ]
        .spacing(4);
        stats.into()
    }

    fn consents_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let consents = card.consents.iter().fold(
            column![text(l(A::Consent)).size(theme::HEADING).font(theme::BOLD)].spacing(6),
            |c, cc| {
                let allowed = cc.may.allowed();
                c.push(
                    row![
                        text(channel_name(cc.channel, locale))
                            .font(theme::BOLD)
                            .width(230),
                        text(may_send(cc.may, locale, date))
                            .width(Fill)
                            .style(if allowed {
                                theme::success
                            } else {
                                theme::muted
                            }),
                        button(text(l(A::Give)).size(theme::SMALL))
                            .on_press(Message::Consent(cc.channel, true))
                            .style(button::secondary),
                        button(text(l(A::Withdraw)).size(theme::SMALL))
                            .on_press(Message::Consent(cc.channel, false))
                            .style(button::secondary),
                    ]
                    .spacing(8)
                    .align_y(Center),
                )
            },
        );
        let mut consents = consents;
        if !card.consent_history.is_empty() {
            let lines = card
                .consent_history
                .iter()
                .take(6)
                .fold(column![].spacing(2), |c, h| {
                    c.push(
                        text(af(
                            locale,
                            A::ConsentLine,
                            &[
                                &date(h.at),
                                channel_name(h.channel, locale),
                                l(if h.granted { A::Given } else { A::Refused }),
                                source_name(&h.source, locale),
                                &h.wording_version,
                            ],
                        ))
                        .size(theme::SMALL)
                        .style(theme::muted),
                    )
                });
            consents = consents.push(lines);
        }
        consents.into()
    }

    fn history_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let currency = self.currency.unwrap_or(Currency::Eur);
        let money = |c: i64| Money::new(c, currency).format(locale);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        // Purchases: each order with its tickets.
        let mut orders: BTreeMap<
            std::cmp::Reverse<(chrono::DateTime<chrono::Utc>, i64)>,
            Vec<&audience::HistoryRow>,
        > = BTreeMap::new();
        for h in &card.history {
            orders
                .entry(std::cmp::Reverse((h.ordered_at, h.order_id)))
                .or_default()
                .push(h);
        }
        let mut history =
            column![text(l(A::History)).size(theme::HEADING).font(theme::BOLD)].spacing(6);
        if orders.is_empty() {
            history = history.push(text(l(A::NoOrder)).style(theme::muted));
        }
        for tickets in orders.values() {
            let first = tickets[0];
            let mut block = column![
                row![
                    text(af(
                        locale,
                        A::OrderLine,
                        &[
                            &first.order_number.to_string(),
                            &date(first.ordered_at),
                            &money(first.order_total),
                            sale_channel(&first.channel, locale),
                        ],
                    ))
                    .font(theme::BOLD)
                    .width(Fill),
                    button(text(l(A::OpenOrder)).size(theme::SMALL))
                        .on_press(Message::OpenOrder(first.order_number))
                        .padding([4, 10])
                        .style(button::secondary),
                ]
                .align_y(Center)
            ]
            .spacing(2);
            for t in tickets {
                let starts = locale.date_time(t.starts_at, zone);
                let state = if !t.valid {
                    l(A::CancelledTicket)
                } else if t.admitted_at.is_some() {
                    l(A::Admitted)
                } else {
                    ""
                };
                block = block.push(
                    text(format!(
                        "n° {} · {} · {} · {} · {} {}",
                        t.ticket_number,
                        t.show,
                        starts,
                        t.tariff,
                        money(t.price),
                        state
                    ))
                    .size(theme::SMALL),
                );
            }
            history = history.push(
                container(block)
                    .padding([6, 10])
                    .width(Fill)
                    .style(theme::card),
            );
        }
        if !card.past.is_empty() {
            let mut sources: Vec<&str> = card.past.iter().map(|p| p.source.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            let mut block = column![
                text(af(locale, A::PastHistory, &[&sources.join(", ")]))
                    .font(theme::BOLD)
                    .size(theme::SMALL)
            ]
            .spacing(2);
            for p in &card.past {
                let came = if p.attended { "" } else { l(A::Absent) };
                block = block.push(
                    text(format!(
                        "{} {came}",
                        af(
                            locale,
                            A::PastTicket,
                            &[
                                &p.show,
                                &locale.date_time(p.starts_at, zone),
                                &p.tariff,
                                &money(p.price),
                                sale_channel(&p.channel, locale),
                            ],
                        )
                    ))
                    .size(theme::SMALL),
                );
            }
            history = history.push(
                container(block)
                    .padding([6, 10])
                    .width(Fill)
                    .style(theme::card),
            );
        }
        history.into()
    }

    fn contacts_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let kinds: Vec<Choice<String>> = audience::CONTACT_KINDS
            .iter()
            .map(|k| Choice::new((*k).to_owned(), contact_kind(k, locale).to_owned()))
            .collect();
        let kind = chosen(&kinds, self.note_kind.clone());
        let mut contacts = column![
            text(l(A::Contacts)).size(theme::HEADING).font(theme::BOLD),
            row![
                pick_list(kinds, kind, |c| Message::NoteKind(c.value))
                    .padding(8)
                    .width(140),
                text_input(l(A::ContactNote), &self.note)
                    .on_input(Message::Note)
                    .on_submit(Message::AddNote)
                    .padding(8),
                button(text(l(A::AddContact)))
                    .on_press(Message::AddNote)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(6);
        for c in &card.contacts {
            contacts = contacts.push(
                text(format!(
                    "{} · {} · {} : {}",
                    date(c.at),
                    contact_kind(&c.kind, locale),
                    c.operator,
                    c.note
                ))
                .size(theme::SMALL),
            );
        }
        contacts.into()
    }

    /// Their data: exported, erased (a coordinator's acts).
    fn personal_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        let mut col =
            column![text(l(A::Personal)).size(theme::HEADING).font(theme::BOLD)].spacing(6);
        if let Some(at) = card.row.anonymised_at {
            return col
                .push(
                    text(af(
                        locale,
                        A::ErasedOn,
                        &[&locale.date(&at.with_timezone(&look.zone))],
                    ))
                    .style(theme::muted),
                )
                .into();
        }
        if let Some(into) = card.row.merged_into {
            return col
                .push(text(af(locale, A::MergedInto, &[&into.to_string()])).style(theme::muted))
                .into();
        }
        let may = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::ManagePatrons));
        if !may {
            return col
                .push(text(l(A::OnlyCoordinator)).style(theme::muted))
                .into();
        }
        if self.undo.is_some() {
            col = col.push(
                button(text(l(A::UndoMerge)))
                    .on_press(Message::Merge(merge::Message::Undo))
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        col = col.push(if self.erasing {
            Element::from(
                column![
                    text(l(A::EraseExplain)).size(theme::SMALL),
                    row![
                        button(text(l(A::EraseNow)).font(theme::BOLD))
                            .on_press(Message::EraseNow)
                            .padding([8, 14])
                            .style(button::danger),
                        button(text(l(A::EraseKeep)))
                            .on_press(Message::EraseKeep)
                            .padding([8, 14])
                            .style(button::secondary),
                    ]
                    .spacing(8),
                ]
                .spacing(6),
            )
        } else {
            row![
                button(text(l(A::Export)))
                    .on_press(Message::Export)
                    .padding([8, 14])
                    .style(button::secondary),
                button(text(l(A::Erase)))
                    .on_press(Message::Erase)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .into()
        });
        col.into()
    }

    pub(super) fn card_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let boxed = |e: Element<'a, Message>| -> Element<'a, Message> {
            container(e)
                .padding(14)
                .width(Fill)
                .style(theme::card)
                .into()
        };
        column![
            boxed(
                row![
                    container(self.who_view(card, look)).width(Fill),
                    container(self.stats_view(card, look)).width(360)
                ]
                .spacing(16)
                .into()
            ),
            boxed(self.consents_view(card, look)),
            boxed(self.history_view(card, look)),
            boxed(self.contacts_view(card, look)),
            boxed(self.personal_view(card, look)),
        ]
        .spacing(10)
        .into()
    }
}

fn stat<'a>(label: &'a str, value: String) -> Element<'a, Message> {
    row![
        text(label)
            .size(theme::SMALL)
            .style(theme::muted)
            .width(150),
        text(value).size(theme::SMALL)
    ]
    .spacing(8)
    .into()
}

//! Who the order is for (F9): a name, e-mail or phone finds a patron; Enter
//! on a name nobody has adds one.

use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Center, Element, Fill};

use super::{Context, Message, State};
use crate::audience;
use crate::domain::Locale;
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::sale_channel;
use crate::ui::i18n::label_value;
use crate::ui::i18n::sell::{S, s, sf};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen};

impl State {
    pub(super) fn patron_input(&mut self, text: String, ctx: &Context) {
        self.patron_active = true;
        self.patron_hits = audience::search(&ctx.terminal.store, &text, 6).unwrap_or_default();
        self.patron_text = text;
    }

    /// Enter in the patron field: the first found, else a new patron.
    pub(super) fn patron_submit(&mut self, ctx: &mut Context) {
        if !self.patron_hits.is_empty() {
            self.pick_patron(0);
            return;
        }
        if self.patron_text.trim().is_empty() {
            self.patron_active = false;
            return;
        }
        let now = ctx.now();
        match audience::create_from_text(&mut ctx.terminal.store, &self.patron_text, now) {
            Ok(p) => {
                self.basket.set_patron(Some(p.id));
                self.patron = Some(p);
                self.patron_text.clear();
                self.patron_active = false;
            }
            Err(e) => self.error = Some(audience_error(&e, ctx.locale)),
        }
    }

    pub(super) fn pick_patron(&mut self, index: usize) {
        if let Some(p) = self.patron_hits.get(index) {
            self.basket.set_patron(Some(p.id));
            self.patron = Some(p.clone());
        }
        self.patron_text.clear();
        self.patron_hits.clear();
        self.patron_active = false;
    }

    pub(super) fn clear_patron(&mut self) {
        self.basket.set_patron(None);
        self.patron = None;
        self.patron_text.clear();
        self.patron_hits.clear();
        self.patron_active = false;
    }
}

impl State {
    /// Through whom the basket is sold: at the counter, by telephone, for a
    /// partner, or an invitation (web shop and reseller orders come through
    /// their importers).
    pub(super) fn channel_box(&self, locale: Locale) -> Element<'_, Message> {
        use crate::domain::order::Channel;
        let choices: Vec<Choice<Channel>> = [
            Channel::Counter,
            Channel::Phone,
            Channel::Partner,
            Channel::Invitation,
        ]
        .into_iter()
        .map(|c| Choice::new(c, sale_channel(c.code(), locale).to_owned()))
        .collect();
        let current = chosen(&choices, self.basket.channel());
        row![
            text(s(locale, S::SoldThrough)).size(theme::SMALL),
            pick_list(choices, current, |c| Message::Channel(c.value))
                .text_size(theme::SMALL)
                .padding([2, 8]),
        ]
        .spacing(8)
        .align_y(Center)
        .into()
    }

    /// Who the order is for: the patron chosen, or the field to find one.
    pub(super) fn patron_box(&self, locale: Locale) -> Element<'_, Message> {
        if let Some(p) = &self.patron {
            // One line of who they are, and what they need, in sight.
            let mut summary = vec![sf(locale, S::PatronOrders, &[&p.orders.to_string()])];
            if !p.organisation.is_empty() {
                summary.push(p.organisation.clone());
            }
            let mut who = column![
                text(label_value(locale, s(locale, S::Patron), &p.display_name()))
                    .font(theme::BOLD),
                text(summary.join(" · ")).size(12),
            ];
            if !p.needs.is_empty() {
                let needs: Vec<&str> = p
                    .needs
                    .iter()
                    .map(|n| crate::ui::i18n::audience::need_name(*n, locale))
                    .collect();
                who = who.push(
                    text(needs.join(", "))
                        .size(theme::SMALL)
                        .font(theme::BOLD)
                        .style(theme::error),
                );
            }
            return container(
                row![
                    who.width(Fill),
                    button(text("×").size(theme::SMALL))
                        .on_press(Message::PatronClear)
                        .padding([2, 8])
                        .style(theme::choice(false)),
                ]
                .align_y(Center),
            )
            .padding([4, 8])
            .style(theme::paper)
            .into();
        }
        let mut col = column![
            text_input(s(locale, S::PatronHint), &self.patron_text)
                .id(super::PATRON)
                .on_input(Message::PatronInput)
                .on_submit(Message::PatronSubmit)
                .size(theme::SMALL)
                .padding(6)
        ]
        .spacing(2);
        for (i, p) in self.patron_hits.iter().enumerate() {
            let contact = [p.email.as_str(), p.phone.as_str(), p.city.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            col = col.push(
                button(
                    column![
                        text(if p.needs.is_empty() {
                            p.display_name()
                        } else {
                            let needs: Vec<&str> = p
                                .needs
                                .iter()
                                .map(|n| crate::ui::i18n::audience::need_name(*n, locale))
                                .collect();
                            format!("{} — {}", p.display_name(), needs.join(", "))
                        })
                        .size(theme::SMALL)
                        .font(theme::BOLD),
                        text(format!(
                            "{contact}  {}",
                            sf(locale, S::PatronOrders, &[&p.orders.to_string()])
                        ))
                        .size(12),
                    ]
                    .spacing(0),
                )
                .on_press(Message::PatronPick(i))
                .width(Fill)
                .padding([3, 8])
                .style(theme::choice(i == 0)),
            );
        }
        if self.patron_hits.is_empty() && self.patron_text.trim().chars().count() >= 2 {
            col = col.push(
                text(sf(locale, S::PatronNew, &[self.patron_text.trim()]))
                    .size(12)
                    .style(theme::muted),
            );
        }
        col.into()
    }
}

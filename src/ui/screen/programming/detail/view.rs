//! A performance's page: its header, tabs, and the seat map with its tools.

use super::*;
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::{Column, column};

impl Detail {
    pub fn view<'a>(
        &'a self,
        look: &Look,
        country: crate::domain::Country,
        tariffs: &'a [pricing::Tariff],
    ) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let when = locale.date_time(self.perf.starts_at, look.zone);
        let tab = |label, tab| {
            button(text(l(label)).font(theme::BOLD))
                .on_press(Message::Tab(tab))
                .padding([8, 14])
                .style(theme::choice(self.tab == tab))
        };
        let header = column![
            row![
                text(&self.show.title)
                    .size(theme::HEADING)
                    .font(theme::BOLD),
                text(format!("{when} · {}", self.hall.name)),
                iced::widget::space::horizontal(),
                button(text(l(P::EditShow)).size(theme::SMALL))
                    .on_press(Message::EditShow)
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(iced::Bottom),
            row![
                container(gauge(&self.line, locale, false)).width(Fill),
                self.change_buttons(look),
            ]
            .spacing(12)
            .align_y(iced::Center),
            row![
                tab(P::TabPlan, Tab::Plan),
                tab(P::TabPrices, Tab::Prices),
                tab(P::TabHolds, Tab::Holds),
                tab(P::TabSettings, Tab::Settings),
                tab(P::TabInvitations, Tab::Invitations),
                tab(P::TabDemand, Tab::Demand),
            ]
            .spacing(6)
            .align_y(iced::Center),
        ]
        .spacing(6);
        let body = match self.tab {
            Tab::Plan => self.plan_view(look),
            Tab::Prices => self.prices_view(look, country, tariffs),
            Tab::Holds => self.holds_view(look),
            Tab::Settings => self.settings_view(look),
            Tab::Invitations => match &self.invitations {
                Some(panel) => {
                    let decides = look
                        .role
                        .is_some_and(|r| r.may(crate::domain::operator::Act::Program));
                    panel.view(look.locale, decides).map(Message::Invitations)
                }
                None => iced::widget::space::vertical().into(),
            },
            Tab::Demand => match &self.demand {
                Some(panel) => {
                    let programs = look
                        .role
                        .is_some_and(|r| r.may(crate::domain::operator::Act::Program));
                    panel.view(look.locale, programs).map(Message::Demand)
                }
                None => iced::widget::space::vertical().into(),
            },
        };
        let mut page = column![header, body].spacing(10).height(Fill);
        if let Some(n) = &self.notice {
            page = page.push(text(n).style(theme::success));
        }
        if let Some(f) = &self.failure {
            page = page.push(text(f).style(theme::error));
        }
        page.into()
    }

    /// « Annuler la représentation… F9 » and « Déplacer… F10 », for a
    /// coordinator, while there is something to cancel or move.
    fn change_buttons(&self, look: &Look) -> Element<'_, Message> {
        use crate::ui::i18n::change::{C, c};
        use crate::ui::screen::programming::change::Kind;
        let may = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::CancelOrMove));
        let live = self.perf.status != PerformanceStatus::Cancelled || self.line.sold > 0;
        if !(may && live) {
            return row![].into();
        }
        let key = |label: C, key: &str, kind| {
            let words = format!("{}  {key}", c(look.locale, label));
            button(
                text(words)
                    .size(theme::SMALL)
                    .wrapping(text::Wrapping::None),
            )
            .on_press(Message::Change(kind))
            .style(button::secondary)
        };
        row![
            key(C::CancelButton, "F9", Kind::Cancel),
            key(C::MoveButton, "F10", Kind::Move),
        ]
        .spacing(6)
        .into()
    }

    pub(super) fn legend(&self, locale: Locale) -> Element<'_, Message> {
        let counts = |id: i64| self.pricing.seats.values().filter(|c| **c == id).count();
        let chips = self
            .pricing
            .categories
            .iter()
            .fold(row![].spacing(8), |r, c| {
                r.push(
                    button(
                        text(format!("{} {} ({})", c.code, c.name, counts(c.id)))
                            .size(theme::SMALL),
                    )
                    .on_press(Message::PaintWith(c.id))
                    .style(theme::chip(
                        seat_map::colour(&c.colour),
                        self.paint == Some(c.id),
                    ))
                    .padding([4, 8]),
                )
            });
        let held: usize = self.holds.iter().map(|h| h.seats.len()).sum();
        let holds = self.holds.iter().fold(row![].spacing(8), |r, h| {
            let places = if h.seats.is_empty() {
                h.quantity
            } else {
                h.seats.len() as i64
            };
            r.push(
                container(text(format!("{} ({places})", h.name)).size(theme::SMALL))
                    .padding([3, 8])
                    .style(theme::hold_chip(seat_map::colour(&h.colour))),
            )
        });
        column![
            chips.wrap().vertical_spacing(4),
            holds.wrap().vertical_spacing(4),
            text(pf(locale, P::MapLegend, &[&held.to_string()]))
                .size(theme::SMALL)
                .style(theme::muted),
        ]
        .spacing(4)
        .into()
    }

    /// The plan tab: the map with its legend, and the tools for the seats
    /// chosen on it; a hall without seats shows its capacity or slots.
    pub(super) fn plan_view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let Some(map) = &self.map else {
            return self.places_view(locale);
        };
        let count = map.selected().len();
        // One column of tools, group after group.
        let tools = self
            .chosen_tools(map, locale)
            .extend(self.category_tools(count, locale))
            .extend(self.hold_tools(count, locale))
            .extend(self.plan_tools(count, locale))
            .spacing(6)
            .width(250);
        let map_view = Element::from(canvas(map).width(Fill).height(Fill)).map(Message::Map);
        let canvas = container(map_view)
            .style(theme::card)
            .width(Fill)
            .height(Fill);
        row![
            column![self.legend(locale), canvas]
                .spacing(6)
                .width(Fill)
                .height(Fill),
            scrollable(tools).height(Fill),
        ]
        .spacing(10)
        .height(Fill)
        .into()
    }

    /// The plan tab of a hall without seats: its places, the legend, the
    /// entry slots.
    fn places_view(&self, locale: Locale) -> Element<'_, Message> {
        let place = match self.hall.kind {
            HallKind::Timed => P::TimedHall,
            _ => P::GeneralHall,
        };
        let slots = self
            .slots
            .iter()
            .fold(column![].spacing(2), |c, (start, places)| {
                c.push(text(pf(locale, P::Slot, &[start, places])))
            });
        column![
            text(pf(locale, place, &[&self.perf.capacity.to_string()])),
            self.legend(locale),
            scrollable(slots).height(Fill),
        ]
        .spacing(8)
        .into()
    }

    /// How many seats are chosen, the first of them named, all or none.
    fn chosen_tools<'a>(&self, map: &SeatMap, locale: Locale) -> Column<'a, Message> {
        let l = |k| p(locale, k);
        let count = map.selected().len();
        let labels: Vec<String> = map
            .seats()
            .iter()
            .filter(|s| map.selected().contains(&s.id))
            .take(3)
            .map(|s| s.name().label(locale))
            .collect();
        let more = if count > 3 { " …" } else { "" };
        column![
            text(pf(locale, P::Chosen, &[&count.to_string()])).font(theme::BOLD),
            // Two lines kept even when empty, so the buttons below never move.
            text(format!("{}{more}", labels.join(" ; ")))
                .size(theme::SMALL)
                .height(36),
            row![
                button(text(l(P::SelectAll)).size(theme::SMALL))
                    .on_press(Message::SelectAll)
                    .style(button::secondary),
                button(text(l(P::SelectNone)).size(theme::SMALL))
                    .on_press(Message::ClearSelection)
                    .style(button::secondary),
            ]
            .spacing(6),
        ]
    }

    /// The category to paint with, painting, copying to the series, and a
    /// new category.
    fn category_tools(&self, count: usize, locale: Locale) -> [Element<'_, Message>; 5] {
        let l = |k| p(locale, k);
        let categories: Vec<Choice<i64>> = self
            .pricing
            .categories
            .iter()
            .map(|c| Choice::new(c.id, one_line(&format!("{} — {}", c.code, c.name))))
            .collect();
        let paint = chosen(&categories, self.paint.unwrap_or(-1));
        [
            text(l(P::TabPlan))
                .size(theme::SMALL)
                .font(theme::BOLD)
                .into(),
            pick_list(categories, paint, |c| Message::PaintWith(c.value))
                .padding(6)
                .text_size(theme::SMALL)
                .width(Fill)
                .into(),
            row![
                small(count, l(P::Paint), Message::Paint),
                small(count, l(P::ToSeries), Message::CategoriesToSeries)
            ]
            .spacing(6)
            .into(),
            row![
                text_input(l(P::CategoryCode), &self.new_code)
                    .on_input(Message::NewCode)
                    .width(64)
                    .padding(6)
                    .size(theme::SMALL),
                text_input(l(P::CategoryName), &self.new_name)
                    .on_input(Message::NewName)
                    .on_submit(Message::AddCategory)
                    .padding(6)
                    .size(theme::SMALL),
            ]
            .spacing(6)
            .into(),
            button(text(l(P::AddCategory)).size(theme::SMALL))
                .on_press(Message::AddCategory)
                .style(button::secondary)
                .padding([6, 10])
                .into(),
        ]
    }

    /// A hold of the chosen seats, and their release.
    fn hold_tools(&self, count: usize, locale: Locale) -> [Element<'_, Message>; 3] {
        let l = |k| p(locale, k);
        [
            text(l(P::TabHolds))
                .size(theme::SMALL)
                .font(theme::BOLD)
                .into(),
            self.hold_fields(locale, Message::HoldSeats),
            row![
                small(count, l(P::HoldSeats), Message::HoldSeats),
                small(count, l(P::Release), Message::ReleaseSeats)
            ]
            .spacing(6)
            .into(),
        ]
    }

    /// The plan changed from the chosen seats: flags, numbers, removal.
    fn plan_tools(&self, count: usize, locale: Locale) -> [Element<'_, Message>; 6] {
        let l = |k| p(locale, k);
        [
            text(l(P::PlanEdit))
                .size(theme::SMALL)
                .font(theme::BOLD)
                .into(),
            row![
                small(
                    count,
                    l(P::Wheelchair),
                    Message::Flag(SeatFlagName::Wheelchair)
                ),
                small(
                    count,
                    l(P::Companion),
                    Message::Flag(SeatFlagName::Companion)
                ),
            ]
            .spacing(6)
            .into(),
            row![
                small(
                    count,
                    l(P::Restricted),
                    Message::Flag(SeatFlagName::RestrictedView)
                ),
                small(count, l(P::NoFlags), Message::ClearFlags),
            ]
            .spacing(6)
            .into(),
            row![
                text(l(P::RenumberFrom)).size(theme::SMALL),
                text_input("1", &self.renumber_from)
                    .on_input(Message::RenumberFrom)
                    .width(50)
                    .padding(6)
                    .size(theme::SMALL),
            ]
            .spacing(6)
            .align_y(Center)
            .into(),
            row![
                small(
                    count,
                    l(P::Renumber),
                    Message::Renumber(Numbering::Sequential)
                ),
                small(count, l(P::OddEven), Message::Renumber(Numbering::OddEven))
            ]
            .spacing(6)
            .into(),
            small(count, l(P::DeleteSeats), Message::DeleteSeats),
        ]
    }
}

/// A small button acting on the chosen seats: idle while none is chosen.
fn small<'a>(count: usize, label: &'a str, message: Message) -> Element<'a, Message> {
    button(text(label).size(theme::SMALL))
        .on_press_maybe((count > 0).then_some(message))
        .style(button::secondary)
        .padding([6, 10])
        .into()
}

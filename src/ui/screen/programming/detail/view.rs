//! A performance's page: its header, tabs, and the seat map with its tools.

use super::*;
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::column;

impl Detail {
    pub fn view<'a>(
        &'a self,
        locale: Locale,
        zone: chrono_tz::Tz,
        country: crate::domain::Country,
        tariffs: &'a [pricing::Tariff],
    ) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let when = locale.date_time(self.perf.starts_at, zone);
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
            gauge(&self.line, locale, false),
            row![
                tab(P::TabPlan, Tab::Plan),
                tab(P::TabPrices, Tab::Prices),
                tab(P::TabHolds, Tab::Holds),
                tab(P::TabSettings, Tab::Settings),
            ]
            .spacing(6),
        ]
        .spacing(6);
        let body = match self.tab {
            Tab::Plan => self.plan_view(locale),
            Tab::Prices => self.prices_view(locale, country, tariffs),
            Tab::Holds => self.holds_view(locale),
            Tab::Settings => self.settings_view(locale),
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

    pub(super) fn plan_view<'a>(&'a self, locale: Locale) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let Some(map) = &self.map else {
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
            return column![
                text(pf(locale, place, &[&self.perf.capacity.to_string()])),
                self.legend(locale),
                scrollable(slots).height(Fill),
            ]
            .spacing(8)
            .into();
        };
        let count = map.selected().len();
        let categories: Vec<Choice<i64>> = self
            .pricing
            .categories
            .iter()
            .map(|c| Choice::new(c.id, one_line(&format!("{} — {}", c.code, c.name))))
            .collect();
        let paint = chosen(&categories, self.paint.unwrap_or(-1));
        let small = |label: &'a str, message: Message| {
            button(text(label).size(theme::SMALL))
                .on_press_maybe((count > 0).then_some(message))
                .style(button::secondary)
                .padding([6, 10])
        };
        let labels: Vec<String> = map
            .seats()
            .iter()
            .filter(|s| map.selected().contains(&s.id))
            .take(3)
            .map(|s| s.name().label(locale))
            .collect();
        let more = if count > 3 { " …" } else { "" };
        let tools = column![
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
            text(l(P::TabPlan)).size(theme::SMALL).font(theme::BOLD),
            pick_list(categories, paint, |c| Message::PaintWith(c.value))
                .padding(6)
                .text_size(theme::SMALL)
                .width(Fill),
            row![
                small(l(P::Paint), Message::Paint),
                small(l(P::ToSeries), Message::CategoriesToSeries)
            ]
            .spacing(6),
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
            .spacing(6),
            button(text(l(P::AddCategory)).size(theme::SMALL))
                .on_press(Message::AddCategory)
                .style(button::secondary)
                .padding([6, 10]),
            text(l(P::TabHolds)).size(theme::SMALL).font(theme::BOLD),
            self.hold_fields(locale, Message::HoldSeats),
            row![
                small(l(P::HoldSeats), Message::HoldSeats),
                small(l(P::Release), Message::ReleaseSeats)
            ]
            .spacing(6),
            text(l(P::PlanEdit)).size(theme::SMALL).font(theme::BOLD),
            row![
                small(l(P::Wheelchair), Message::Flag(SeatFlagName::Wheelchair)),
                small(l(P::Companion), Message::Flag(SeatFlagName::Companion)),
            ]
            .spacing(6),
            row![
                small(
                    l(P::Restricted),
                    Message::Flag(SeatFlagName::RestrictedView)
                ),
                small(l(P::NoFlags), Message::ClearFlags),
            ]
            .spacing(6),
            row![
                text(l(P::RenumberFrom)).size(theme::SMALL),
                text_input("1", &self.renumber_from)
                    .on_input(Message::RenumberFrom)
                    .width(50)
                    .padding(6)
                    .size(theme::SMALL),
            ]
            .spacing(6)
            .align_y(Center),
            row![
                small(l(P::Renumber), Message::Renumber(Numbering::Sequential)),
                small(l(P::OddEven), Message::Renumber(Numbering::OddEven))
            ]
            .spacing(6),
            small(l(P::DeleteSeats), Message::DeleteSeats),
        ]
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
}

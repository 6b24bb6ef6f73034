//! A performance's other tabs: prices, holds, settings and entry slots.

use super::*;
// Named: the glob above would leave `column!` ambiguous with std's.
use iced::widget::column;

impl Detail {
    pub(super) fn prices_view<'a>(
        &'a self,
        look: &Look,
        country: crate::domain::Country,
        tariffs: &'a [pricing::Tariff],
    ) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let mut header = row![
            text(l(P::Tariff)).width(220).font(theme::BOLD),
            text(l(P::Quota)).width(70).font(theme::BOLD)
        ]
        .spacing(8);
        for c in &self.pricing.categories {
            header = header.push(text(&c.code).width(90).font(theme::BOLD));
        }
        let mut grid = column![header].spacing(6);
        for tariff in tariffs {
            let on = self.offered.get(&tariff.id).copied().unwrap_or(false);
            let id = tariff.id;
            let mut line = row![
                checkbox(on)
                    .label(&tariff.name)
                    .on_toggle(move |v| Message::Offered(id, v))
                    .width(220),
                text_input("—", self.quotas.get(&id).map(String::as_str).unwrap_or(""))
                    .on_input(move |v| Message::Quota(id, v))
                    .width(70)
                    .padding(6)
                    .style(self.cell_style(None, &tariff.code)),
            ]
            .spacing(8)
            .align_y(Center);
            for c in &self.pricing.categories {
                let cid = c.id;
                let value = self
                    .prices
                    .get(&(id, cid))
                    .map(String::as_str)
                    .unwrap_or("");
                line = line.push(
                    text_input(if tariff.is_complimentary { "0" } else { "0,00" }, value)
                        .on_input_maybe(on.then_some(move |v| Message::Price(id, cid, v)))
                        .width(90)
                        .padding(6)
                        .style(self.cell_style(Some(&c.code), &tariff.code)),
                );
            }
            grid = grid.push(line);
        }
        let others = self.series.len();
        let problem = self
            .errors
            .get(&Field::Prices)
            .or(self.errors.get(&Field::Quota))
            .map(|e| text(e).style(theme::error));
        column![
            text(l(match country {
                crate::domain::Country::France => P::PricesHint,
                crate::domain::Country::Quebec => P::PricesHintQuebec,
            }))
            .size(theme::SMALL)
            .style(theme::muted),
        ]
        .push(problem)
        .push(scrollable(grid).height(Fill))
        .push(
            row![
                button(text(l(P::AddTariff)))
                    .on_press(Message::NewTariff)
                    .style(button::secondary)
                    .padding([10, 16]),
                button(text(l(P::SavePrices)).font(theme::BOLD))
                    .on_press(Message::SavePrices(false))
                    .style(button::primary)
                    .padding([10, 16]),
                button(text(pf(
                    locale,
                    P::SavePricesSeries,
                    &[&others.to_string()]
                )))
                .on_press_maybe((others > 1).then_some(Message::SavePrices(true)))
                .style(button::secondary)
                .padding([10, 16]),
            ]
            .spacing(10),
        )
        .spacing(10)
        .height(Fill)
        .into()
    }

    /// A grid cell's look: red-bordered when it is the one refused.
    pub(super) fn cell_style(
        &self,
        category: Option<&str>,
        tariff: &str,
    ) -> fn(&iced::Theme, iced::widget::text_input::Status) -> iced::widget::text_input::Style {
        let refused = self
            .bad_cell
            .as_ref()
            .is_some_and(|(c, t)| t == tariff && c.as_deref() == category);
        if refused {
            theme::input_error
        } else {
            iced::widget::text_input::default
        }
    }

    /// The name, reason and colour of a new hold.
    pub(super) fn hold_fields(&self, locale: Locale, submit: Message) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let swatches = HOLD_PALETTE
            .iter()
            .enumerate()
            .fold(row![].spacing(4), |r, (i, hex)| {
                r.push(
                    button(text(" ").size(theme::SMALL))
                        .on_press(Message::HoldColour(i))
                        .style(theme::chip(seat_map::colour(hex), self.hold_colour == i))
                        .width(26)
                        .padding([2, 4]),
                )
            });
        let mut fields = column![
            text_input(l(P::HoldReason), &self.hold_name)
                .id("hold-name")
                .on_input(Message::HoldName)
                .on_submit(submit)
                .padding(6)
                .size(theme::SMALL),
            text_input(l(P::HoldNote), &self.hold_reason)
                .on_input(Message::HoldReason)
                .padding(6)
                .size(theme::SMALL),
            row![text(l(P::HoldColour)).size(theme::SMALL), swatches]
                .spacing(6)
                .align_y(Center),
        ]
        .spacing(4);
        if let Some(e) = self.errors.get(&Field::Name) {
            fields = fields.push(text(e).size(theme::SMALL).style(theme::error));
        }
        fields.into()
    }

    pub(super) fn holds_view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let mut list = column![].spacing(6);
        if self.holds.is_empty() {
            list = list.push(text(l(P::NoHolds)).style(theme::muted));
        }
        for h in &self.holds {
            let places = if h.seats.is_empty() {
                h.quantity
            } else {
                h.seats.len() as i64
            };
            let lent = h.terminal_id.is_some();
            let id = h.id;
            let mut line = row![
                container(text(" "))
                    .width(18)
                    .height(18)
                    .style(theme::hold_chip(seat_map::colour(&h.colour))),
                column![
                    text(&h.name).font(theme::BOLD),
                    text(&h.reason).size(theme::SMALL).style(theme::muted),
                ]
                .width(Fill),
                text(pf(locale, P::Places, &[&places.to_string()])).width(110),
                checkbox(lent)
                    .label(l(P::Lent))
                    .on_toggle(move |v| Message::Lend(id, v)),
            ]
            .spacing(10)
            .align_y(Center);
            if h.seats.is_empty() {
                line = line.push(
                    text_input("0", self.release.get(&id).map(String::as_str).unwrap_or(""))
                        .on_input(move |v| Message::ReleaseQuantity(id, v))
                        .on_submit(Message::ReleasePart(id))
                        .width(60)
                        .padding(6),
                );
                line = line.push(
                    button(text(l(P::ReleaseSome)).size(theme::SMALL))
                        .on_press(Message::ReleasePart(id))
                        .style(button::secondary),
                );
            }
            line = line.push(
                button(text(l(P::ReleaseAll)).size(theme::SMALL))
                    .on_press(Message::Release(id))
                    .style(button::secondary),
            );
            list = list.push(container(line).padding([8, 12]).style(theme::card));
        }
        let mut page = column![list].spacing(12);
        if self.map.is_none() {
            page = page.push(
                row![
                    container(self.hold_fields(locale, Message::HoldPlaces)).width(Fill),
                    container(labelled_text(
                        l(P::Quantity),
                        text_input("10", &self.hold_quantity)
                            .on_input(Message::HoldQuantity)
                            .on_submit(Message::HoldPlaces)
                            .padding(8)
                            .into(),
                        self.errors.get(&Field::Quantity).map(String::as_str),
                    ))
                    .width(160),
                    button(text(l(P::HoldPlaces)))
                        .on_press(Message::HoldPlaces)
                        .style(button::primary)
                        .padding([10, 16]),
                ]
                .spacing(8)
                .align_y(iced::Top),
            );
        } else {
            page = page.push(text(l(P::HoldOnMap)).style(theme::muted));
        }
        scrollable(page).height(Fill).into()
    }

    pub(super) fn settings_view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let error = |f: Field| self.errors.get(&f).map(String::as_str);
        let input = |hint: &'static str, value: &str, on: fn(String) -> Message| {
            Element::from(text_input(hint, value).on_input(on).padding(8))
        };
        let statuses: Vec<Choice<PerformanceStatus>> = PerformanceStatus::ALL
            .into_iter()
            .map(|s| Choice::new(s, super::super::status_name(s, locale).to_owned()))
            .collect();
        let status = chosen(&statuses, self.status);
        let mut form = column![
            row![
                labelled_text(
                    l(P::Date),
                    input("24/11/2026", &self.date, Message::Date),
                    error(Field::Start)
                ),
                labelled_text(l(P::Time), input("20:00", &self.time, Message::Time), None),
                labelled_text(
                    l(P::Vat),
                    input("5,5", &self.vat, Message::Vat),
                    error(Field::Vat)
                ),
            ]
            .spacing(10),
            row![
                labelled_text(
                    l(P::SalesOpen),
                    input(l(P::Always), &self.sales_open, Message::SalesOpen),
                    error(Field::SalesWindow)
                ),
                labelled_text(
                    l(P::SalesClose),
                    input(l(P::UntilEnd), &self.sales_close, Message::SalesClose),
                    None
                ),
            ]
            .spacing(10),
        ]
        .spacing(12)
        .max_width(640);
        if self.hall.kind == HallKind::General {
            form = form.push(
                container(labelled_text(
                    l(P::GaCapacity),
                    input("300", &self.capacity, Message::Capacity),
                    error(Field::Capacity),
                ))
                .width(260),
            );
        }
        form = form.push(
            row![
                labelled(
                    l(P::Status),
                    pick_list(statuses, status, |c| Message::Status(c.value)).padding(8),
                    None
                ),
                checkbox(self.reentry)
                    .label(l(P::Reentry))
                    .on_toggle(Message::Reentry),
            ]
            .spacing(10)
            .align_y(iced::Bottom),
        );
        form = form.push(
            button(text(l(P::Save)).font(theme::BOLD))
                .on_press(Message::SaveSettings)
                .style(button::primary)
                .padding([10, 16]),
        );
        let form = form
            .extend(self.copy_fields(look))
            .push(self.picture.view(locale).map(Message::Picture));
        let form = scrollable(form).height(Fill).width(Fill);
        if self.hall.kind == HallKind::Timed {
            // The slots beside the settings: a museum day is mostly its slots.
            row![
                form,
                scrollable(self.slots_view(locale)).height(Fill).width(340)
            ]
            .spacing(16)
            .into()
        } else {
            form.into()
        }
    }

    /// A copy of the performance: its date and time, and the button.
    fn copy_fields(&self, look: &Look) -> [Element<'_, Message>; 3] {
        let l = |k| p(look.locale, k);
        [
            text(l(P::DuplicateTitle))
                .size(theme::HEADING)
                .font(theme::BOLD)
                .into(),
            row![
                labelled_text(
                    l(P::Date),
                    text_input("01/12/2026", &self.copy_date)
                        .on_input(Message::CopyDate)
                        .padding(8)
                        .into(),
                    self.errors.get(&Field::Copy).map(String::as_str)
                ),
                labelled_text(
                    l(P::Time),
                    text_input("20:00", &self.copy_time)
                        .on_input(Message::CopyTime)
                        .on_submit(Message::Duplicate)
                        .padding(8)
                        .into(),
                    None
                ),
            ]
            .spacing(10)
            .into(),
            button(text(l(P::Duplicate)))
                .on_press(Message::Duplicate)
                .style(button::secondary)
                .padding([10, 16])
                .into(),
        ]
    }

    /// The entry slots of a timed performance: a time and places each.
    pub(super) fn slots_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let mut list = column![
            text(l(P::SlotsTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            row![
                text(l(P::SlotTime)).width(90).font(theme::BOLD),
                text(l(P::SlotPlaces)).width(90).font(theme::BOLD),
            ]
            .spacing(8),
        ]
        .spacing(6);
        for (i, (time, places)) in self.slots.iter().enumerate() {
            list = list.push(
                row![
                    text_input("10:00", time)
                        .on_input(move |v| Message::SlotTime(i, v))
                        .on_submit(Message::SaveSlots)
                        .width(90)
                        .padding(6),
                    text_input("20", places)
                        .on_input(move |v| Message::SlotPlaces(i, v))
                        .on_submit(Message::SaveSlots)
                        .width(90)
                        .padding(6),
                    button(text(l(P::RemoveSlot)).size(theme::SMALL))
                        .on_press(Message::RemoveSlot(i))
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        if let Some(e) = self.errors.get(&Field::Slots) {
            list = list.push(text(e).size(theme::SMALL).style(theme::error));
        }
        list.push(
            row![
                button(text(l(P::AddSlot)))
                    .on_press(Message::AddSlot)
                    .style(button::secondary)
                    .padding([8, 14]),
                button(text(l(P::SaveSlots)).font(theme::BOLD))
                    .on_press(Message::SaveSlots)
                    .style(button::primary)
                    .padding([8, 14]),
            ]
            .spacing(8),
        )
        .into()
    }
}

//! The season drawn: the toolbar, the list or the month, and the panel
//! beside (the chosen performance, a form, or the season's size).

use chrono::{Datelike, Days};
use iced::widget::{button, column, container, progress_bar, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use super::{LIST, Message, Panel, State, View, forms, status_name};
use crate::domain::Locale;
use crate::domain::PerformanceLine;
use crate::domain::season::PerformanceStatus;
use crate::ui::i18n::programming::{P, p, pf};
use crate::ui::screen::Look;
use crate::ui::theme;

impl State {
    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let toggle = |label, view| {
            button(text(l(label)).font(theme::BOLD))
                .on_press(Message::View(view))
                .padding([8, 14])
                .style(theme::choice(self.view == view))
        };
        let new = |label, key: &str, kind| {
            button(text(format!("{}  {key}", l(label))))
                .on_press(Message::New(kind))
                .padding([8, 12])
                .style(button::secondary)
        };
        let toolbar = row![
            toggle(P::ListView, View::List),
            toggle(P::MonthView, View::Month),
            text_input(l(P::Search), &self.search)
                .on_input(Message::Search)
                .padding(8)
                .width(220),
            iced::widget::space::horizontal(),
        ]
        .spacing(8)
        .align_y(Center);
        // A clerk reads the season; the job refuses their changes anyway.
        let may_program = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::Program));
        let toolbar = if may_program {
            toolbar
                .push(new(P::AddShow, "F5", forms::Kind::Show))
                .push(new(P::AddPerformance, "F6", forms::Kind::Performance))
                .push(new(P::AddSeries, "F7", forms::Kind::Series))
                .push(new(P::AddHall, "F8", forms::Kind::Hall))
                .push(new(P::AddFormula, "F4", forms::Kind::Formula))
        } else {
            toolbar.push(text(l(P::ReadOnly)).style(theme::muted))
        };
        let season: Element<'_, Message> = match self.view {
            View::List => self.list_view(look),
            View::Month => self.month_view(look),
        };
        let panel: Element<'_, Message> = match &self.panel {
            Panel::Nothing => column![
                text(l(P::ChooseOne)).style(theme::muted),
                text(pf(
                    locale,
                    P::SeasonSize,
                    &[
                        &self.halls.len().to_string(),
                        &self.shows.len().to_string(),
                        &self.lines.len().to_string()
                    ]
                ))
                .style(theme::muted),
            ]
            .spacing(8)
            .into(),
            Panel::Performance(d) => d
                .view(look, self.country, &self.tariffs)
                .map(Message::Detail),
            Panel::Form(f) => {
                let season = forms::formula::Season {
                    shows: &self.shows,
                    lines: &self.lines,
                    tariffs: &self.tariffs,
                };
                f.view(look, (&self.shows, &self.halls), season)
                    .map(Message::Form)
            }
            Panel::Change(f) => f.view(look).map(Message::Change),
        };
        let left_width = if self.view == View::Month { 540 } else { 360 };
        let mut page = column![
            toolbar,
            row![
                container(season).width(left_width).height(Fill),
                container(panel)
                    .padding(12)
                    .width(Fill)
                    .height(Fill)
                    .style(theme::card),
            ]
            .spacing(12)
            .height(Fill),
        ]
        .spacing(10);
        if let Some(f) = &self.failure {
            page = page.push(text(f).style(theme::error));
        }
        page.into()
    }

    fn list_view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let visible = self.visible(look.now);
        if visible.is_empty() {
            return text(p(locale, P::NoPerformance)).style(theme::muted).into();
        }
        let list = visible.into_iter().fold(column![].spacing(4), |c, line| {
            let when = locale.date_time(line.starts_at, zone);
            let body = column![
                row![
                    text(when).font(theme::BOLD).size(theme::SMALL).width(Fill),
                    text(status_name(status(line), locale)).size(theme::SMALL),
                ],
                text(&line.show),
                text(&line.hall).size(theme::SMALL),
                gauge(line, locale, self.selected == Some(line.id)),
            ]
            .spacing(2);
            c.push(
                button(body)
                    .on_press(Message::Select(line.id))
                    .width(Fill)
                    .padding([8, 10])
                    .style(theme::choice(self.selected == Some(line.id))),
            )
        });
        scrollable(list).id(LIST).spacing(6).height(Fill).into()
    }

    fn month_view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let visible = self.visible(look.now);
        let first = self.month;
        let start = first - Days::new(first.weekday().num_days_from_monday().into());
        let header = row![
            button(text("◀"))
                .on_press(Message::Month(-1))
                .style(button::text),
            text(locale.month_year(first))
                .size(theme::HEADING)
                .font(theme::BOLD)
                .width(Fill)
                .align_x(Center),
            button(text("▶"))
                .on_press(Message::Month(1))
                .style(button::text),
        ]
        .align_y(Center);
        let names = locale
            .weekdays()
            .into_iter()
            .fold(row![].spacing(2), |r, d| {
                r.push(text(d).size(theme::SMALL).width(Fill).align_x(Center))
            });
        let mut weeks = column![header, names].spacing(2);
        for week in 0..6 {
            let mut days = row![].spacing(2);
            for d in 0..7 {
                let date = start + Days::new(week * 7 + d);
                let mut cell = column![
                    text(date.day().to_string())
                        .size(theme::SMALL)
                        .font(theme::BOLD)
                ]
                .spacing(2);
                let on_day: Vec<&&PerformanceLine> = visible
                    .iter()
                    .filter(|l| l.starts_at.with_timezone(&zone).date_naive() == date)
                    .collect();
                for line in on_day.iter().take(3) {
                    let time = line.starts_at.with_timezone(&zone).format("%H:%M");
                    cell = cell.push(
                        button(
                            column![
                                text(format!("{time} {}", line.show))
                                    .size(11)
                                    .wrapping(iced::widget::text::Wrapping::None),
                                fill_bar(line)
                            ]
                            .spacing(1),
                        )
                        .on_press(Message::Select(line.id))
                        .padding([1, 3])
                        .width(Fill)
                        .clip(true)
                        .style(theme::choice(self.selected == Some(line.id))),
                    );
                }
                if on_day.len() > 3 {
                    cell = cell.push(text(format!("+{}", on_day.len() - 3)).size(11));
                }
                let faded = date.month() != first.month();
                days = days.push(
                    container(cell)
                        .padding(3)
                        .width(Fill)
                        .height(86)
                        .style(if faded { theme::paper } else { theme::card }),
                );
            }
            weeks = weeks.push(days);
            if (start + Days::new(week * 7 + 7)).month() != first.month() && week >= 3 {
                break;
            }
        }
        scrollable(weeks).height(Fill).into()
    }
}

fn status(line: &PerformanceLine) -> PerformanceStatus {
    line.status
}

/// The fill of a performance: a bar and "12 sold · 6 held · 432 free".
/// The fill bar and its words; `chosen`: on a chosen line's dark ground,
/// where muted words would not read.
pub(super) fn gauge<'a, M: 'a>(
    line: &PerformanceLine,
    locale: Locale,
    chosen: bool,
) -> Element<'a, M> {
    let words = text(pf(
        locale,
        P::Gauge,
        &[
            &line.sold.to_string(),
            &line.held.to_string(),
            &line.available().to_string(),
        ],
    ))
    .size(theme::SMALL);
    column![
        fill_bar(line),
        if chosen {
            words
        } else {
            words.style(theme::muted)
        },
    ]
    .spacing(2)
    .into()
}

fn fill_bar<'a, M: 'a>(line: &PerformanceLine) -> Element<'a, M> {
    let capacity = line.capacity.max(1) as f32;
    progress_bar(0.0..=capacity, (line.sold + line.held) as f32)
        .girth(5)
        .into()
}

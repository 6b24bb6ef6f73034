//! Rapports: the takings per show as a chart, a price rule replayed on a
//! past performance's sales, and every performance with its tickets against
//! its capacity, its fill rate and revenue, each one's box-office statement
//! written as PDF or CSV beside the database.

use std::collections::BTreeMap;

use iced::widget::{button, column, container, pick_list, row, scrollable, text};
use iced::{Center, Element, Fill, Task};

use crate::domain::analysis::{Bar, Chart};
use crate::domain::price_rule::Scope;
use crate::domain::{Currency, Money};
use crate::programming::price_rules;
use crate::till::statements::{self, Heading};
use crate::ui::i18n::pricing::{self, Y, y};
use crate::ui::i18n::programming_errors::describe;
use crate::ui::i18n::reports::{R, r, rf};
use crate::ui::i18n::till::error as till_error;
use crate::ui::screen::rule_form::{self, RuleForm};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;
use crate::ui::widget::chart;
use crate::ui::widget::{Choice, chosen, labelled, outcome_line};

#[derive(Default)]
pub struct State {
    rows: Vec<(Heading, i64, i64)>,
    by_show: Chart,
    currency: Option<Currency>,
    country: Option<crate::domain::Country>,
    said: Option<Result<String, String>>,
    /// The replay of a performance's sales under a price rule.
    replay: Replay,
}

/// A price rule replayed on a performance's sales: which one, the rule, what
/// it would have brought.
#[derive(Default)]
struct Replay {
    performance: Option<i64>,
    form: RuleForm,
    said: Option<Result<String, String>>,
}

/// A statement's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Csv,
}

#[derive(Clone, Debug)]
pub enum Message {
    Load,
    /// A performance's statement written beside the database.
    Statement(i64, Format),
    /// Every performance's statement of a day, one file.
    Day(chrono::NaiveDate, Format),
    /// A quarter's show tax (its first day), as CSV.
    ShowTax(chrono::NaiveDate),
    /// A file for the administration (FEC, SIBIL, QuickBooks).
    Administration(crate::ui::screen::administration::File),
    /// The performance whose sales a rule replays.
    ReplayOn(i64),
    Rule(rule_form::Message),
    Replay,
}

/// Writes an export beside the database, in `exports`: what to say.
fn export(ctx: &Context, name: &str, bytes: &[u8]) -> Result<String, String> {
    let locale = ctx.locale;
    let folder = crate::ui::screen::exports(&ctx.terminal.store);
    let path = folder.join(name);
    std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::write(&path, bytes))
        .map(|()| rf(locale, R::Written, &[&path.display().to_string()]))
        .map_err(|e| rf(locale, R::NotWritten, &[&e.to_string()]))
}

/// The first day of the quarter `day` is in.
fn quarter_of(day: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike as _;
    let month = (day.month0() / 3) * 3 + 1;
    chrono::NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// "T4 2026" / "Q4 2026".
fn quarter_name(first: chrono::NaiveDate, locale: crate::domain::Locale) -> String {
    use chrono::Datelike as _;
    rf(
        locale,
        R::Quarter,
        &[
            &(first.month0() / 3 + 1).to_string(),
            &first.year().to_string(),
        ],
    )
}

/// How many shows the chart shows.
const SHOWS: usize = 12;

impl State {
    pub fn new() -> (State, Task<Message>) {
        let state = State {
            replay: Replay {
                form: RuleForm::new(),
                ..Replay::default()
            },
            ..State::default()
        };
        (state, Task::done(Message::Load))
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        let locale = ctx.locale;
        match message {
            Message::Load => {
                let store = &ctx.terminal.store;
                self.rows = statements::takings(store).unwrap_or_default();
                if let Ok(Some(v)) = crate::programming::venue::load(store) {
                    self.currency = Some(v.settings.currency);
                    self.country = Some(v.settings.country);
                }
                let money =
                    |c: i64| Money::new(c, self.currency.unwrap_or(Currency::Eur)).format(locale);
                let mut shows: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
                for (h, tickets, revenue) in &self.rows {
                    let e = shows.entry(h.show.as_str()).or_default();
                    e.0 += tickets;
                    e.1 += revenue;
                }
                let mut shows: Vec<(&str, (i64, i64))> = shows.into_iter().collect();
                shows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
                self.by_show = Chart {
                    legend: Vec::new(),
                    bars: shows
                        .into_iter()
                        .filter(|(_, (n, _))| *n > 0)
                        .take(SHOWS)
                        .map(|(show, (n, revenue))| Bar {
                            label: show.to_owned(),
                            parts: vec![revenue.max(0).unsigned_abs()],
                            figure: format!("{} · {n}", money(revenue)),
                        })
                        .collect(),
                };
            }
            Message::Statement(id, format) => {
                let store = &ctx.terminal.store;
                let written = statements::of_performance(store, id)
                    .map_err(|e| till_error(&e, locale))
                    .and_then(|b| match format {
                        Format::Pdf => statements::pdf(&b, ctx.now())
                            .map_err(|e| till_error(&e, locale))
                            .map(|bytes| (format!("bordereau-{id}.pdf"), bytes)),
                        Format::Csv => Ok((
                            format!("bordereau-{id}.csv"),
                            statements::csv(&b).into_bytes(),
                        )),
                    })
                    .and_then(|(name, bytes)| export(ctx, &name, &bytes));
                self.said = Some(written);
            }
            Message::Day(day, format) => {
                let store = &ctx.terminal.store;
                let written = statements::of_day(store, day)
                    .and_then(|all| match format {
                        Format::Pdf => statements::pdf_of(&all, ctx.now())
                            .map(|bytes| (format!("bordereaux-{day}.pdf"), bytes)),
                        Format::Csv => Ok((
                            format!("bordereaux-{day}.csv"),
                            statements::csv_of(&all).into_bytes(),
                        )),
                    })
                    .map_err(|e| till_error(&e, locale))
                    .and_then(|(name, bytes)| export(ctx, &name, &bytes));
                self.said = Some(written);
            }
            Message::Administration(file) => {
                self.said = Some(crate::ui::screen::administration::write(file, ctx));
            }
            Message::ReplayOn(id) => self.replay.performance = Some(id),
            Message::Rule(m) => {
                if self.replay.form.update(m) {
                    self.replay.said = Some(self.replay(ctx));
                }
            }
            Message::Replay => self.replay.said = Some(self.replay(ctx)),
            Message::ShowTax(first) => {
                use chrono::Datelike as _;
                let store = &ctx.terminal.store;
                let name = format!(
                    "taxe-spectacles-{}-T{}.csv",
                    first.year(),
                    first.month0() / 3 + 1
                );
                let written = statements::show_tax(store, first)
                    .map_err(|e| till_error(&e, locale))
                    .and_then(|all| {
                        let (base, tax) = all
                            .iter()
                            .filter_map(|b| b.statement.show_tax)
                            .fold((0, 0), |(b, t), (_, base, tax)| (b + base, t + tax));
                        let money = |c: i64| {
                            Money::new(c, self.currency.unwrap_or(Currency::Eur)).format(locale)
                        };
                        let saved = export(ctx, &name, statements::show_tax_csv(&all).as_bytes())?;
                        Ok(rf(
                            locale,
                            R::ShowTaxDone,
                            &[
                                &quarter_name(first, locale),
                                &money(base),
                                &money(tax),
                                &saved,
                            ],
                        ))
                    });
                self.said = Some(written);
            }
        }
        Task::none()
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| r(locale, k);
        let money = |c: i64| Money::new(c, self.currency.unwrap_or(Currency::Eur)).format(locale);
        let mut body = column![
            text(l(R::Title)).size(theme::TITLE).font(theme::BOLD),
            text(l(R::Hint)).style(theme::muted),
        ]
        .spacing(10);
        match &self.said {
            Some(Ok(w)) => body = body.push(text(w).style(theme::success)),
            Some(Err(w)) => body = body.push(text(w).style(theme::error)),
            None => {}
        }
        if !self.by_show.bars.is_empty() {
            body = body.push(
                container(
                    column![
                        text(l(R::ByShow)).font(theme::BOLD),
                        chart::bars(&self.by_show)
                    ]
                    .spacing(8),
                )
                .padding(12)
                .width(Fill)
                .style(theme::card),
            );
        }
        if let Some(card) = self.show_tax(locale, zone) {
            body = body.push(card);
        }
        if let Some(country) = self.country {
            body = body.push(crate::ui::screen::administration::card(
                locale,
                country,
                look.now.with_timezone(&zone).date_naive(),
                &self.quarters(zone),
                Message::Administration,
            ));
        }
        if !self.rows.is_empty() {
            body = body.push(self.replay_card(locale, zone));
        }
        body = body.push(
            text(l(R::Performances))
                .size(theme::HEADING)
                .font(theme::BOLD),
        );
        if self.rows.is_empty() {
            body = body.push(text(l(R::Nothing)).style(theme::muted));
        }
        let mut last_day = None;
        for (h, tickets, revenue) in &self.rows {
            // Each day's heading, with its statements.
            let day = h.starts_at.with_timezone(&zone).date_naive();
            if last_day != Some(day) {
                last_day = Some(day);
                body = body.push(
                    row![
                        text(locale.date(&h.starts_at.with_timezone(&zone)))
                            .font(theme::BOLD)
                            .width(Fill),
                        button(text(l(R::DayPdf)).size(theme::SMALL))
                            .on_press(Message::Day(day, Format::Pdf))
                            .padding([4, 10])
                            .style(button::secondary),
                        button(text(l(R::Csv)).size(theme::SMALL))
                            .on_press(Message::Day(day, Format::Csv))
                            .padding([4, 10])
                            .style(button::secondary),
                    ]
                    .spacing(12)
                    .align_y(Center),
                );
            }
            let when = locale.date_time(h.starts_at, zone);
            let fill = if h.capacity > 0 {
                tickets * 1000 / h.capacity
            } else {
                0
            };
            let fill = format!("{},{}", fill / 10, fill % 10);
            body = body.push(
                container(
                    row![
                        text(rf(locale, R::Line, &[&when, &h.show, &h.hall]))
                            .font(theme::BOLD)
                            .width(Fill),
                        text(rf(
                            locale,
                            R::Figures,
                            &[
                                &tickets.to_string(),
                                &h.capacity.to_string(),
                                &fill,
                                &money(*revenue)
                            ],
                        )),
                        button(text(l(R::Pdf)).size(theme::SMALL))
                            .on_press(Message::Statement(h.id, Format::Pdf))
                            .padding([4, 10])
                            .style(button::secondary),
                        button(text(l(R::Csv)).size(theme::SMALL))
                            .on_press(Message::Statement(h.id, Format::Csv))
                            .padding([4, 10])
                            .style(button::secondary),
                    ]
                    .spacing(12)
                    .align_y(Center),
                )
                .padding([6, 12])
                .style(theme::card),
            );
        }
        scrollable(body.padding(iced::Padding::ZERO.right(14)))
            .height(Fill)
            .into()
    }

    /// What the chosen performance's sales would have brought under its
    /// rules and the one typed.
    fn replay(&self, ctx: &Context) -> Result<String, String> {
        let locale = ctx.locale;
        let id = self
            .replay
            .performance
            .ok_or_else(|| y(locale, Y::SimChoose).to_owned())?;
        let draft = self
            .replay
            .form
            .draft(Scope::Performance(id), ctx.zone, locale)?;
        let s = price_rules::simulate(&ctx.terminal.store, id, Some(draft))
            .map_err(|e| describe(&e, locale))?;
        let currency = self.currency.unwrap_or(Currency::Eur);
        Ok(pricing::simulation(&s, currency, locale))
    }

    /// The replay's card: the performance, the rule, « Simuler », the result.
    fn replay_card(
        &self,
        locale: crate::domain::Locale,
        zone: chrono_tz::Tz,
    ) -> Element<'_, Message> {
        let choices: Vec<Choice<i64>> = self
            .rows
            .iter()
            .filter(|(_, tickets, _)| *tickets > 0)
            .map(|(h, _, _)| {
                let when = locale.date_time(h.starts_at, zone);
                Choice::new(h.id, format!("{when} · {}", h.show))
            })
            .collect();
        let picked = self.replay.performance.and_then(|id| chosen(&choices, id));
        let mut card = column![
            text(y(locale, Y::SimTitle)).font(theme::BOLD),
            text(y(locale, Y::SimHint))
                .size(theme::SMALL)
                .style(theme::muted),
            labelled(
                y(locale, Y::SimPerformance),
                pick_list(choices, picked, |c| Message::ReplayOn(c.value))
                    .padding(8)
                    .width(420),
                None
            ),
            self.replay.form.view(locale).map(Message::Rule),
            button(text(y(locale, Y::Simulate)))
                .on_press(Message::Replay)
                .padding([8, 14])
                .style(button::primary),
        ]
        .spacing(8);
        if let Some(line) = outcome_line(&self.replay.said) {
            card = card.push(line);
        }
        container(card)
            .padding(12)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    /// The quarters with performances (their first days).
    fn quarters(&self, zone: chrono_tz::Tz) -> Vec<chrono::NaiveDate> {
        let mut quarters: Vec<chrono::NaiveDate> = self
            .rows
            .iter()
            .map(|(h, _, _)| quarter_of(h.starts_at.with_timezone(&zone).date_naive()))
            .collect();
        quarters.sort();
        quarters.dedup();
        quarters
    }

    /// The quarters with performances, each one's show tax to write.
    fn show_tax(
        &self,
        locale: crate::domain::Locale,
        zone: chrono_tz::Tz,
    ) -> Option<Element<'_, Message>> {
        let l = |k| r(locale, k);
        let quarters = self.quarters(zone);
        if quarters.is_empty() {
            return None;
        }
        let buttons = quarters.iter().fold(row![].spacing(8), |r, q| {
            r.push(
                button(
                    text(rf(locale, R::ShowTaxCsv, &[&quarter_name(*q, locale)]))
                        .size(theme::SMALL),
                )
                .on_press(Message::ShowTax(*q))
                .padding([4, 10])
                .style(button::secondary),
            )
        });
        Some(
            container(column![text(l(R::ShowTax)).font(theme::BOLD), buttons].spacing(8))
                .padding(12)
                .width(Fill)
                .style(theme::card)
                .into(),
        )
    }
}

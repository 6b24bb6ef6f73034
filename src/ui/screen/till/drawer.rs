//! The cash drawer in the window: the opening asked at the first log-in of
//! the day (the float typed as a total, or counted note by note), and
//! Caisse's drawer: the session open, its steps, cash in and out with a
//! reason, and the count (at the end, or handing the drawer to another
//! clerk) with what was expected, what was counted and the difference.

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Center, Element, Fill, Task};

use crate::domain::drawer::{Counted, Movement, Step, denominations};
use crate::domain::{Cents, Currency, Locale, Money};
use crate::operators::Operator;
use crate::till::drawer::{self as job, Session};
use crate::ui::i18n::counter::amount as amount_error;
use crate::ui::i18n::till::{D, count as count_error, d, df, error as till_error};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The float's field, focused when the opening shows.
pub const FLOAT_INPUT: &str = "drawer-float";

fn money(cents: i64, currency: Currency, locale: Locale) -> String {
    Money::new(cents, currency).format(locale)
}

/// A count being typed: a total, or a quantity per note and coin.
#[derive(Clone, Debug)]
pub struct CountForm {
    currency: Currency,
    by_pieces: bool,
    total: String,
    pieces: Vec<String>,
}

#[derive(Clone, Debug)]
pub enum CountMessage {
    Total(String),
    Piece(usize, String),
    ByPieces(bool),
}

impl CountForm {
    pub fn new(currency: Currency) -> CountForm {
        CountForm {
            currency,
            by_pieces: false,
            total: String::new(),
            pieces: vec![String::new(); denominations(currency).len()],
        }
    }

    pub fn update(&mut self, m: CountMessage) {
        match m {
            CountMessage::Total(v) => self.total = v.chars().take(16).collect(),
            CountMessage::Piece(i, v) => {
                if let Some(p) = self.pieces.get_mut(i) {
                    *p = v.chars().filter(char::is_ascii_digit).take(6).collect();
                }
            }
            CountMessage::ByPieces(on) => self.by_pieces = on,
        }
    }

    /// What was counted, or why it cannot be taken.
    pub fn counted(&self, locale: Locale) -> Result<Counted, String> {
        if !self.by_pieces {
            let cents = Cents::parse(&self.total).map_err(|e| amount_error(&e, locale))?;
            return Counted::total(cents.0).map_err(|e| count_error(&e, locale));
        }
        let given: Vec<(i64, i64)> = denominations(self.currency)
            .iter()
            .zip(&self.pieces)
            .map(|(v, q)| (*v, q.parse::<i64>().unwrap_or(0)))
            .collect();
        Counted::pieces(self.currency, &given).map_err(|e| count_error(&e, locale))
    }

    /// The form: the total field (Enter submits), or a grid of notes and
    /// coins with their sum.
    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        locale: Locale,
        wrap: impl Fn(CountMessage) -> M + Copy + 'a,
        submit: M,
    ) -> Element<'a, M> {
        let toggle = button(
            text(d(
                locale,
                if self.by_pieces {
                    D::ByTotal
                } else {
                    D::ByPieces
                },
            ))
            .size(theme::SMALL),
        )
        .on_press(wrap(CountMessage::ByPieces(!self.by_pieces)))
        .padding([6, 10])
        .style(button::secondary);
        if !self.by_pieces {
            let field = text_input("0,00", &self.total)
                .id(FLOAT_INPUT)
                .on_input(move |v| wrap(CountMessage::Total(v)))
                .on_submit(submit)
                .padding(10)
                .size(theme::HEADING)
                .width(220);
            return row![field, toggle].spacing(12).align_y(Center).into();
        }
        let cells = denominations(self.currency)
            .iter()
            .zip(&self.pieces)
            .enumerate()
            .map(|(i, (value, q))| {
                row![
                    text(money(*value, self.currency, locale)).width(90),
                    text_input("0", q)
                        .on_input(move |v| wrap(CountMessage::Piece(i, v)))
                        .on_submit(submit.clone())
                        .width(70)
                        .padding(4),
                ]
                .spacing(6)
                .align_y(Center)
                .into()
            })
            .collect::<Vec<Element<'a, M>>>();
        let half = cells.len().div_ceil(2);
        let mut left = column![].spacing(4);
        let mut right = column![].spacing(4);
        for (i, c) in cells.into_iter().enumerate() {
            if i < half {
                left = left.push(c);
            } else {
                right = right.push(c);
            }
        }
        let sum = self
            .counted(locale)
            .map(|c| {
                df(
                    locale,
                    D::CountedTotal,
                    &[&money(c.total, self.currency, locale)],
                )
            })
            .unwrap_or_else(|e| e);
        column![
            row![left, right].spacing(30),
            row![text(sum).font(theme::BOLD), toggle]
                .spacing(12)
                .align_y(Center)
        ]
        .spacing(10)
        .into()
    }
}

/// The opening asked at the first log-in of the day.
pub struct Opening {
    form: CountForm,
    problem: Option<String>,
    /// At log-in the clerk may put it off; Caisse does not offer it.
    later: bool,
}

#[derive(Clone, Debug)]
pub enum OpeningMessage {
    Count(CountMessage),
    Open,
    Later,
}

impl Opening {
    pub fn new(currency: Currency) -> (Opening, Task<OpeningMessage>) {
        let o = Opening {
            form: CountForm::new(currency),
            problem: None,
            later: true,
        };
        (o, iced::widget::operation::focus(FLOAT_INPUT))
    }

    /// True when the opening is done (or put off): the desk goes on.
    pub fn update(&mut self, m: OpeningMessage, ctx: &mut Context) -> bool {
        match m {
            OpeningMessage::Count(c) => self.form.update(c),
            OpeningMessage::Later => return true,
            OpeningMessage::Open => {
                let (Some(by), locale) = (ctx.operator, ctx.locale) else {
                    return false;
                };
                let float = match self.form.counted(locale) {
                    Ok(f) => f,
                    Err(e) => {
                        self.problem = Some(e);
                        return false;
                    }
                };
                let now = ctx.now();
                let t = &mut *ctx.terminal;
                match job::open(&mut t.store, &t.signer, by, &float, now) {
                    Ok(_) => return true,
                    Err(e) => self.problem = Some(till_error(&e, locale)),
                }
            }
        }
        false
    }

    pub fn view(&self, look: &Look) -> Element<'_, OpeningMessage> {
        let locale = look.locale;
        let mut body = column![
            text(d(locale, D::OpeningTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(d(locale, D::OpeningHint)),
            text(d(locale, D::Float)).font(theme::BOLD),
            self.form
                .view(locale, OpeningMessage::Count, OpeningMessage::Open),
        ]
        .spacing(14);
        if let Some(p) = &self.problem {
            body = body.push(text(p.as_str()).style(theme::error));
        }
        let mut actions = row![
            button(text(d(locale, D::Open)).font(theme::BOLD))
                .on_press(OpeningMessage::Open)
                .padding([12, 20])
                .style(button::primary)
        ]
        .spacing(12);
        if self.later {
            actions = actions.push(
                button(text(d(locale, D::Later)))
                    .on_press(OpeningMessage::Later)
                    .padding([12, 20])
                    .style(button::secondary),
            );
        }
        body = body.push(actions);
        container(body.max_width(720)).padding(30).into()
    }
}

/// Caisse's drawer.
#[derive(Default)]
pub(super) struct Drawer {
    session: Option<Session>,
    opening: Option<Opening>,
    amount: String,
    reason: String,
    count: Option<CountForm>,
    /// Who takes the drawer at a handover (none: the count ends it).
    to: Option<String>,
    clerks: Vec<String>,
    said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum DrawerMessage {
    Opening(OpeningMessage),
    Amount(String),
    Reason(String),
    Move(Movement),
    Count(CountMessage),
    HandTo(String),
    Counted,
}

impl Drawer {
    pub(super) fn load(&mut self, ctx: &Context, currency: Currency) {
        let t = &ctx.terminal;
        self.session = job::current(&t.store, t.signer.terminal_id).ok().flatten();
        if self.session.is_none() && self.opening.is_none() {
            let mut opening = Opening::new(currency).0;
            opening.later = false;
            self.opening = Some(opening);
        }
        if self.session.is_some() {
            self.opening = None;
        }
        let form_currency = self.count.as_ref().map(|c| c.currency);
        if form_currency != Some(currency) {
            self.count = Some(CountForm::new(currency));
        }
        if !self.clerks.is_empty() {
            return;
        }
        let me = ctx.operator.map(|o| o.id);
        self.clerks = crate::operators::people(&t.store)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.active && !p.is_system && Some(p.id) != me)
            .map(|p| p.name)
            .collect();
    }

    pub(super) fn update(&mut self, m: DrawerMessage, ctx: &mut Context, currency: Currency) {
        let locale = ctx.locale;
        let Some(by) = ctx.operator else {
            return;
        };
        let now = ctx.now();
        match m {
            DrawerMessage::Opening(m) => {
                let open = matches!(m, OpeningMessage::Open);
                if let Some(o) = &mut self.opening
                    && o.update(m, ctx)
                    && open
                {
                    self.opening = None;
                    self.load(ctx, currency);
                    self.said = self.session.as_ref().map(|s| {
                        let float = money(s.expected.float, currency, locale);
                        Ok(df(locale, D::Opened, &[&float]))
                    });
                    return;
                }
            }
            DrawerMessage::Amount(v) => self.amount = v.chars().take(16).collect(),
            DrawerMessage::Reason(v) => {
                self.reason = v.chars().take(crate::domain::drawer::MAX_REASON).collect()
            }
            DrawerMessage::Move(movement) => {
                let t = &mut *ctx.terminal;
                self.said = Some(match Cents::parse(&self.amount) {
                    Err(e) => Err(amount_error(&e, locale)),
                    Ok(c) => job::move_cash(
                        &mut t.store,
                        &t.signer,
                        by,
                        (movement, c.0, &self.reason),
                        now,
                    )
                    .map(|_| {
                        self.amount.clear();
                        self.reason.clear();
                        d(locale, D::Moved).to_owned()
                    })
                    .map_err(|e| till_error(&e, locale)),
                });
            }
            DrawerMessage::Count(c) => {
                if let Some(f) = &mut self.count {
                    f.update(c)
                }
            }
            DrawerMessage::HandTo(name) => {
                self.to = (!name.is_empty() && self.to.as_deref() != Some(&name)).then_some(name)
            }
            DrawerMessage::Counted => {
                let Some(form) = &self.count else {
                    return;
                };
                let counted = match form.counted(locale) {
                    Ok(c) => c,
                    Err(e) => {
                        self.said = Some(Err(e));
                        return;
                    }
                };
                let t = &mut *ctx.terminal;
                let to = self.to.take();
                self.said = Some(
                    job::count(&mut t.store, &t.signer, by, &counted, to.as_deref(), now)
                        .map(|c| {
                            let m = |x| money(x, currency, locale);
                            let result = df(
                                locale,
                                D::Result,
                                &[&m(c.expected), &m(c.counted), &m(c.difference)],
                            );
                            let then = match &to {
                                Some(n) => df(locale, D::HandedOver, &[n]),
                                None => d(locale, D::Closed).to_owned(),
                            };
                            format!("{result}. {then}")
                        })
                        .map_err(|e| till_error(&e, locale)),
                );
                if matches!(self.said, Some(Ok(_))) {
                    self.count = Some(CountForm::new(currency));
                }
            }
        }
        self.load(ctx, currency);
    }

    pub(super) fn view(&self, look: &Look, currency: Currency) -> Element<'_, DrawerMessage> {
        let locale = look.locale;
        let l = |k| d(locale, k);
        let m = |x| money(x, currency, locale);
        let mut body = column![].spacing(12);
        if let Some(said) = &self.said {
            body = body.push(match said {
                Ok(s) => text(s.as_str()).style(theme::success).font(theme::BOLD),
                Err(e) => text(e.as_str()).style(theme::error),
            });
        }
        let Some(s) = &self.session else {
            body = body.push(text(l(D::NotOpen)).font(theme::BOLD));
            if let Some(o) = &self.opening {
                body = body.push(o.view(look).map(DrawerMessage::Opening));
            }
            return body.into();
        };
        let e = &s.expected;
        body = body.push(
            text(df(
                locale,
                D::Session,
                &[&s.number.to_string(), &locale.short_date(s.day)],
            ))
            .size(theme::HEADING)
            .font(theme::BOLD),
        );
        body = body.push(text(df(
            locale,
            D::Expected,
            &[
                &m(e.float),
                &m(e.takings),
                &m(e.cash_in),
                &m(e.cash_out),
                &m(e.total()),
            ],
        )));
        let steps = s.steps.iter().fold(column![].spacing(2), |c, step| {
            let when = locale.date_time(step.at, look.zone);
            let name = l(match step.step {
                Step::Open => D::StepOpen,
                Step::CashIn => D::StepIn,
                Step::CashOut => D::StepOut,
                Step::Handover => D::StepHandover,
                Step::Count => D::StepCount,
            });
            let mut line = match step.expected {
                Some(x) => df(
                    locale,
                    D::StepCounted,
                    &[&when, name, &m(step.amount), &m(x), &m(step.amount - x)],
                ),
                None => df(locale, D::StepLine, &[&when, name, &m(step.amount)]),
            };
            for extra in [&step.reason, &step.to] {
                if !extra.is_empty() {
                    line = format!("{line} · {extra}");
                }
            }
            c.push(text(line).size(theme::SMALL))
        });
        body = body.push(scrollable(steps).height(110));
        let moves = row![
            text_input(l(D::Amount), &self.amount)
                .on_input(DrawerMessage::Amount)
                .width(140)
                .padding(8),
            text_input(l(D::Reason), &self.reason)
                .on_input(DrawerMessage::Reason)
                .width(Fill)
                .padding(8),
            button(text(l(D::CashIn)))
                .on_press(DrawerMessage::Move(Movement::In))
                .padding([8, 14]),
            button(text(l(D::CashOut)))
                .on_press(DrawerMessage::Move(Movement::Out))
                .padding([8, 14]),
        ]
        .spacing(8)
        .align_y(Center);
        body = body.push(moves);
        if let Some(form) = &self.count {
            let end = if self.to.is_some() {
                D::CountHandover
            } else {
                D::CountEnd
            };
            body = body.push(text(l(D::CountTitle)).font(theme::BOLD));
            body = body.push(form.view(locale, DrawerMessage::Count, DrawerMessage::Counted));
            body = body.push(
                row![
                    pick_list(self.clerks.clone(), self.to.clone(), DrawerMessage::HandTo)
                        .placeholder(l(D::HandoverTo))
                        .width(260),
                    button(text(l(end)).font(theme::BOLD))
                        .on_press(DrawerMessage::Counted)
                        .padding([10, 18])
                        .style(button::primary),
                ]
                .spacing(12)
                .align_y(Center),
            );
        }
        body.into()
    }
}

/// Whether `by` should be asked for the float on logging in: they may keep
/// the drawer and none is open today on this terminal.
pub fn to_open(ctx: &Context, by: &Operator) -> bool {
    by.role.may(crate::domain::operator::Act::KeepDrawer)
        && job::to_open(
            &ctx.terminal.store,
            ctx.terminal.signer.terminal_id,
            ctx.now(),
        )
        .unwrap_or(false)
}

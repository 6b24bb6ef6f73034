//! Caisse's closings: today's Z asked (and confirmed: it is final), a day
//! left open before today named with one click to close it, and every
//! closing listed, the chosen one with its totals (sales, tickets,
//! cancellations, refunds, each tax rate and payment method, the perpetual
//! total, the records it sums).

use chrono::NaiveDate;
use iced::widget::{button, column, container, row, text};
use iced::{Center, Element, Fill, Task};

use super::{Message, State};
use crate::domain::records::Closing;
use crate::domain::{Currency, Locale, Money, TaxRate};
use crate::till::closings as job;
use crate::till::closings::ClosingRow;
use crate::ui::i18n::till::{C, c, cf, error as till_error, period_name, tax_kind};
use crate::ui::screen::Context;
use crate::ui::theme;

/// What the closings list shows.
#[derive(Default)]
pub(super) struct Closings {
    rows: Vec<ClosingRow>,
    /// A day before today with sales, not closed.
    left_open: Option<NaiveDate>,
    /// The day whose closing waits for its confirmation.
    confirming: Option<NaiveDate>,
    /// The closing opened, with its signed content.
    open: Option<(ClosingRow, Closing)>,
    /// Today in the venue's zone, when the list was read.
    today: Option<NaiveDate>,
    said: Option<Result<String, String>>,
    /// The backup made after a day's closing, once done.
    backed_up: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum ClosingMessage {
    /// Close this day (asked, then confirmed).
    Ask(NaiveDate),
    Confirm,
    Cancel,
    Open(usize),
    /// The opened closing's report printed (A4), in the background.
    Print,
    /// The opened month or year written out as an archive.
    Archive,
    Printed(Result<String, String>),
    /// The backup after a day's closing is done (or failed).
    BackedUp(Result<String, String>),
}

impl State {
    /// Reads the closings and the day left open.
    pub(super) fn load_closings(&mut self, ctx: &Context) {
        let t = &ctx.terminal;
        let c = &mut self.closings;
        c.rows = job::closings(&t.store, 200).unwrap_or_default();
        let today = ctx.now().with_timezone(&ctx.zone).date_naive();
        c.today = Some(today);
        c.left_open = job::day_left_open(&t.store, t.signer.terminal_id, today)
            .ok()
            .flatten();
    }

    pub(super) fn closing(&mut self, message: ClosingMessage, ctx: &mut Context) -> Task<Message> {
        let locale = ctx.locale;
        match message {
            ClosingMessage::Print => {
                let Some((row, _)) = self.closings.open.clone() else {
                    return Task::none();
                };
                let (db, now) = (ctx.terminal.store.path().to_path_buf(), ctx.now());
                return Task::perform(
                    async move {
                        crate::till::report::print(&db, &row, now)
                            .map(|p| cf(locale, C::Printed, &[&p.display().to_string()]))
                            .map_err(|e| till_error(&e, locale))
                    },
                    |done| Message::Closing(ClosingMessage::Printed(done)),
                );
            }
            ClosingMessage::Printed(done) => self.closings.said = Some(done),
            ClosingMessage::BackedUp(done) => self.closings.backed_up = Some(done),
            ClosingMessage::Archive => {
                let (Some((_, record)), Some(by)) = (self.closings.open.clone(), ctx.operator)
                else {
                    return Task::none();
                };
                let now = ctx.now();
                let t = &mut *ctx.terminal;
                // Beside the database, in its archives folder.
                let out = t
                    .store
                    .path()
                    .parent()
                    .map_or_else(|| "archives".into(), |p| p.join("archives"));
                self.closings.said = Some(
                    crate::till::archive::archive(
                        &mut t.store,
                        &t.signer,
                        by,
                        (record.period, &record.label),
                        &out,
                        now,
                    )
                    .map(|a| {
                        cf(
                            locale,
                            C::Archived,
                            &[&a.folder.display().to_string(), &a.records.to_string()],
                        )
                    })
                    .map_err(|e| till_error(&e, locale)),
                );
            }
            ClosingMessage::Ask(day) => {
                self.closings.confirming = Some(day);
                self.closings.said = None;
            }
            ClosingMessage::Cancel => self.closings.confirming = None,
            ClosingMessage::Confirm => {
                let Some(day) = self.closings.confirming.take() else {
                    return Task::none();
                };
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let now = ctx.now();
                let t = &mut *ctx.terminal;
                let closed = job::close_day(&mut t.store, &t.signer, by, day, now);
                let done = closed.is_ok();
                self.closings.said = Some(
                    closed
                        .map(|done| {
                            cf(
                                locale,
                                C::Done,
                                &[&done.row.number.to_string(), &done.row.label],
                            )
                        })
                        .map_err(|e| till_error(&e, locale)),
                );
                self.closings.backed_up = None;
                self.load_closings(ctx);
                // The day closed: a backup, its witness, off the window's
                // thread.
                if done {
                    let db = ctx.terminal.store.path().to_owned();
                    return Task::perform(
                        crate::ui::widget::off_thread(move || crate::backup::run_apart(&db, now)),
                        move |done| {
                            Message::Closing(ClosingMessage::BackedUp(
                                crate::ui::screen::backups::said(done, locale),
                            ))
                        },
                    );
                }
            }
            ClosingMessage::Open(i) => {
                self.closings.open = self.closings.rows.get(i).and_then(|row| {
                    job::closing(&ctx.terminal.store, row)
                        .ok()
                        .map(|record| (row.clone(), record))
                });
            }
        }
        Task::none()
    }

    pub(super) fn closings_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| c(locale, k);
        let cs = &self.closings;
        let Some(today) = cs.today else {
            return text("").into();
        };
        let day = |d: NaiveDate| locale.short_date(d);
        let mut body = column![].spacing(10);
        let mut ask = row![
            text(cf(locale, C::Today, &[&day(today)]))
                .font(theme::BOLD)
                .width(Fill)
        ]
        .spacing(10)
        .align_y(Center);
        if let Some(open) = cs.left_open {
            ask = ask.push(text(cf(locale, C::LeftOpen, &[&day(open)])).style(theme::error));
            ask = ask.push(
                button(text(cf(locale, C::CloseThat, &[&day(open)])))
                    .on_press(Message::Closing(ClosingMessage::Ask(open)))
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        ask = ask.push(
            button(text(l(C::CloseDay)).font(theme::BOLD))
                .on_press(Message::Closing(ClosingMessage::Ask(today)))
                .padding([8, 14])
                .style(button::primary),
        );
        body = body.push(ask);
        if let Some(d) = cs.confirming {
            body = body.push(
                container(
                    row![
                        text(cf(locale, C::Confirm, &[&day(d)])).width(Fill),
                        button(text(l(C::ConfirmYes)).font(theme::BOLD))
                            .on_press(Message::Closing(ClosingMessage::Confirm))
                            .padding([8, 14])
                            .style(button::danger),
                        button(text(l(C::Cancel)))
                            .on_press(Message::Closing(ClosingMessage::Cancel))
                            .padding([8, 14])
                            .style(button::secondary),
                    ]
                    .spacing(10)
                    .align_y(Center),
                )
                .padding(12)
                .style(theme::notice),
            );
        }
        for said in [&cs.said, &cs.backed_up] {
            match said {
                Some(Ok(w)) => body = body.push(text(w).style(theme::success)),
                Some(Err(w)) => body = body.push(text(w).style(theme::error)),
                None => {}
            }
        }
        if cs.rows.is_empty() {
            body = body.push(text(l(C::None)).style(theme::muted));
        }
        let currency = self.currency.unwrap_or(Currency::Eur);
        let money = |cents: i64| Money::new(cents, currency).format(locale);
        for (i, r) in cs.rows.iter().enumerate() {
            let line = cf(
                locale,
                C::Line,
                &[
                    period_name(&r.period, locale),
                    &r.number.to_string(),
                    &r.label,
                    &money(r.total),
                    &money(r.perpetual),
                ],
            );
            let chosen = cs
                .open
                .as_ref()
                .is_some_and(|(o, _)| o.period == r.period && o.number == r.number);
            body = body.push(
                button(text(line))
                    .on_press(Message::Closing(ClosingMessage::Open(i)))
                    .padding([6, 12])
                    .width(Fill)
                    .style(theme::choice(chosen)),
            );
            if let Some((_, record)) = cs.open.as_ref().filter(|_| chosen) {
                body = body.push(details(record, locale, currency));
            }
        }
        body.into()
    }
}

/// A closing's totals, line by line.
fn details(r: &Closing, locale: Locale, currency: Currency) -> Element<'_, Message> {
    let money = |cents: i64| Money::new(cents, currency).format(locale);
    let t = &r.totals;
    let mut lines = column![
        text(cf(
            locale,
            C::Sales,
            &[
                &t.sales.to_string(),
                &t.tickets.to_string(),
                &t.invitations.to_string(),
                &t.exchanges.to_string(),
                &t.cancellations.to_string(),
                &t.cancelled_tickets.to_string(),
            ],
        )),
        text(cf(
            locale,
            C::Amounts,
            &[
                &money(t.sold),
                &money(t.cancelled),
                &money(t.refunds),
                &money(t.total),
            ],
        ))
        .font(theme::BOLD),
    ]
    .spacing(4);
    for x in &t.taxes {
        lines = lines.push(text(cf(
            locale,
            C::TaxLine,
            &[
                &tax_kind(&x.kind, locale),
                &TaxRate(x.rate).format(locale),
                &money(x.base),
                &money(x.tax),
            ],
        )));
    }
    for p in &t.payments {
        use crate::domain::payment::Method;
        let name = match Method::from_code(&p.method) {
            // Issued (negative) and spent (positive) in one sum.
            Some(Method::Voucher) => c(locale, C::VoucherNet).to_owned(),
            Some(m) => crate::ui::i18n::sell::method(locale, m).to_owned(),
            None => p.method.clone(),
        };
        lines = lines.push(text(cf(locale, C::MethodLine, &[&name, &money(p.amount)])));
    }
    let hash: String = r.last_hash.chars().take(16).collect();
    lines = lines.push(
        text(cf(
            locale,
            C::Records,
            &[&r.first_seq.to_string(), &r.last_seq.to_string(), &hash],
        ))
        .size(theme::SMALL)
        .style(theme::muted),
    );
    let mut actions = row![
        button(text(c(locale, C::Print)))
            .on_press(Message::Closing(ClosingMessage::Print))
            .padding([6, 14])
            .style(button::secondary)
    ]
    .spacing(10);
    // A month or a year is archived once closed.
    if r.period != crate::domain::closing::Period::Day {
        actions = actions.push(
            button(text(c(locale, C::Archive)))
                .on_press(Message::Closing(ClosingMessage::Archive))
                .padding([6, 14])
                .style(button::secondary),
        );
    }
    lines = lines.push(actions);
    container(lines)
        .padding(12)
        .width(Fill)
        .style(theme::card)
        .into()
}

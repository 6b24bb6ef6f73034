//! Réglages → « Sauvegardes »: where backups go (the folder beside the
//! database, and a second place an administrator chooses), what is kept,
//! the last one, why the last automatic one failed, and « Sauvegarder
//! maintenant », made off the window's thread.

use iced::widget::{button, column, row, text, text_input};
use iced::{Center, Element, Fill, Task};

use crate::backup::{self, Round};
use crate::domain::Locale;
use crate::ui::i18n::backups::{self as words, B, b, bf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{off_thread, outcome_line};

#[derive(Default)]
pub struct State {
    beside: String,
    /// The second place as typed.
    second: String,
    second_said: Option<Result<String, String>>,
    /// What is kept, as typed: days, months.
    keep_typed: (String, String),
    keep_said: Option<Result<String, String>>,
    /// The newest backup beside the database: when, MB, tickets.
    last: Option<(String, String, String)>,
    failing: Option<backup::Failure>,
    /// The terminal's key is not sealed in the backups.
    key_out: bool,
    passphrase: String,
    key_said: Option<Result<String, String>>,
    running: bool,
    said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Second(String),
    SaveSecond,
    Now,
    Done(Result<String, String>),
    Passphrase(String),
    Seal,
    KeepDays(String),
    KeepMonths(String),
    SaveKeep,
}

impl State {
    pub fn load(ctx: &Context) -> State {
        let store = &ctx.terminal.store;
        let beside = backup::default_place(store.path());
        let keep = backup::keep(store).unwrap_or_default();
        let last = backup::list(&beside).into_iter().next().map(|made| {
            let m = &made.manifest;
            (
                ctx.locale.in_words(m.made_at, ctx.zone),
                match ctx.locale {
                    Locale::En => format!("{:.1}", m.size as f64 / 1_000_000.0),
                    _ => format!("{:.1}", m.size as f64 / 1_000_000.0).replace('.', ","),
                },
                m.holds.tickets.to_string(),
            )
        });
        State {
            beside: beside.display().to_string(),
            second: backup::second_place(store)
                .ok()
                .flatten()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            keep_typed: (keep.daily.to_string(), keep.monthly.to_string()),
            last,
            failing: backup::failing(store).ok().flatten(),
            key_out: backup::sealed::current(store).ok().flatten().is_none(),
            ..State::default()
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        let locale = ctx.locale;
        match message {
            Message::Second(typed) => {
                self.second = typed;
                self.second_said = None;
            }
            Message::SaveSecond => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let typed = self.second.trim();
                let place = (!typed.is_empty()).then(|| std::path::Path::new(typed));
                self.second_said = Some(
                    backup::set_places(&mut ctx.terminal.store, by, Some(place), None)
                        .map(|()| match place {
                            Some(p) => bf(locale, B::SecondSaved, &[&p.display().to_string()]),
                            None => b(locale, B::SecondOff).to_owned(),
                        })
                        .map_err(|e| words::error(locale, &e)),
                );
            }
            Message::Now => {
                if self.running {
                    return Task::none();
                }
                self.running = true;
                self.said = None;
                let db = ctx.terminal.store.path().to_owned();
                let now = ctx.now();
                return Task::perform(
                    off_thread(move || backup::run_apart(&db, now)),
                    move |done| Message::Done(said(done, locale)),
                );
            }
            Message::Passphrase(typed) => {
                self.passphrase = typed;
                self.key_said = None;
            }
            Message::Seal => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let sealed = backup::sealed::seal(&ctx.terminal.store, by, &self.passphrase);
                self.key_out = sealed.is_err() && self.key_out;
                if sealed.is_ok() {
                    self.passphrase.clear();
                }
                self.key_said = Some(
                    sealed
                        .map(|_| b(locale, B::Sealed).to_owned())
                        .map_err(|e| words::error(locale, &e)),
                );
            }
            Message::KeepDays(typed) => {
                self.keep_typed.0 = digits(&typed);
                self.keep_said = None;
            }
            Message::KeepMonths(typed) => {
                self.keep_typed.1 = digits(&typed);
                self.keep_said = None;
            }
            Message::SaveKeep => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let (days, months) = &self.keep_typed;
                let keep = days
                    .parse()
                    .ok()
                    .zip(months.parse().ok())
                    .ok_or(backup::BackupError::Keep)
                    .and_then(|(d, m)| backup::Keep::new(d, m));
                let saved = keep.and_then(|keep| {
                    backup::set_places(&mut ctx.terminal.store, by, None, Some(keep))?;
                    Ok(keep)
                });
                self.keep_said = Some(
                    saved
                        .map(|k| {
                            bf(
                                locale,
                                B::Kept,
                                &[&k.daily.to_string(), &k.monthly.to_string()],
                            )
                        })
                        .map_err(|e| words::error(locale, &e)),
                );
            }
            Message::Done(done) => {
                self.running = false;
                self.said = Some(done);
                let fresh = State::load(ctx);
                (self.last, self.failing) = (fresh.last, fresh.failing);
            }
        }
        Task::none()
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| b(locale, key);
        let mut card = column![
            text(l(B::Card)).size(theme::HEADING).font(theme::BOLD),
            text(l(B::Automatic)),
            text(bf(locale, B::Beside, &[&self.beside])).size(theme::SMALL),
        ]
        .spacing(8);
        card = card.push(match &self.last {
            Some((when, mb, tickets)) => text(bf(locale, B::Last, &[when, mb, tickets])),
            None => text(l(B::None)),
        });
        if let Some(why) = &self.failing {
            let why = words::failure(locale, why);
            card = card.push(text(bf(locale, B::Failing, &[&why])).style(theme::error));
        }
        card = card.push(
            button(text(l(B::Now)))
                .on_press_maybe((!self.running).then_some(Message::Now))
                .padding([8, 14])
                .style(button::secondary),
        );
        if self.running {
            card = card.push(text(l(B::Running)).style(theme::muted));
        }
        if let Some(line) = outcome_line(&self.said) {
            card = card.push(line);
        }
        card = card.push(
            column![
                text(l(B::Second)).size(theme::SMALL).font(theme::BOLD),
                row![
                    text_input(l(B::SecondHint), &self.second)
                        .on_input(Message::Second)
                        .on_submit(Message::SaveSecond)
                        .padding(8)
                        .width(Fill),
                    button(text(l(B::Save)))
                        .on_press(Message::SaveSecond)
                        .padding([8, 14])
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Center),
            ]
            .spacing(4),
        );
        if let Some(line) = outcome_line(&self.second_said) {
            card = card.push(line);
        }
        card = card.push(self.keep_view(locale));
        card = card.push(self.key_view(locale));
        iced::widget::container(card)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

impl State {
    /// What is kept: the last days and months (every year always).
    fn keep_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| b(locale, key);
        let mut part = column![
            text(l(B::KeepTitle)).size(theme::SMALL).font(theme::BOLD),
            row![
                text_input("14", &self.keep_typed.0)
                    .id("backup-keep-days")
                    .on_input(Message::KeepDays)
                    .on_submit(Message::SaveKeep)
                    .padding(8)
                    .width(70),
                text(l(B::KeepDays)),
                text_input("12", &self.keep_typed.1)
                    .id("backup-keep-months")
                    .on_input(Message::KeepMonths)
                    .on_submit(Message::SaveKeep)
                    .padding(8)
                    .width(70),
                text(l(B::KeepMonths)),
                button(text(l(B::Save)))
                    .on_press(Message::SaveKeep)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Center),
        ]
        .spacing(4);
        if let Some(line) = outcome_line(&self.keep_said) {
            part = part.push(line);
        }
        part.into()
    }

    /// Whether the key travels with the backups, and sealing it.
    fn key_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| b(locale, key);
        if !self.key_out {
            let mut part = column![text(l(B::KeyIn)).size(theme::SMALL)];
            if let Some(line) = outcome_line(&self.key_said) {
                part = part.push(line);
            }
            return part.into();
        }
        let mut part = column![
            text(l(B::KeyOut)).style(theme::error),
            row![
                text_input(l(B::Passphrase), &self.passphrase)
                    .secure(true)
                    .on_input(Message::Passphrase)
                    .on_submit(Message::Seal)
                    .padding(8)
                    .width(Fill),
                button(text(l(B::Seal)))
                    .on_press(Message::Seal)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Center),
        ]
        .spacing(4);
        if let Some(line) = outcome_line(&self.key_said) {
            part = part.push(line);
        }
        part.into()
    }
}

/// What a backup round did, in words: every place made, or the first
/// failure (the others' outcome is in the status bar's).
pub(crate) fn said(
    done: Option<Result<Round, backup::BackupError>>,
    locale: Locale,
) -> Result<String, String> {
    match done {
        None => Err(b(locale, B::Stopped).to_owned()),
        Some(Err(e)) => Err(words::error(locale, &e)),
        Some(Ok(round)) => match round.failed.first() {
            Some(e) => Err(words::error(locale, e)),
            None => {
                let files: Vec<String> = round
                    .made
                    .iter()
                    .map(|m| m.file.display().to_string())
                    .collect();
                Ok(bf(locale, B::Done, &[&files.join(", ")]))
            }
        },
    }
}

/// The digits of what was typed in a count (three at most).
fn digits(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).take(3).collect()
}

//! Publics' upkeep, beside the likely duplicates: imports (patrons, or the
//! previous ticketing system's attendance) from the CSV files put in the
//! `imports` folder beside the database, and the retention rule (who has
//! had no contact for N years, seen first, then anonymised once
//! confirmed). A coordinator's work; the job checks the rights.

use std::path::PathBuf;

use iced::widget::{button, checkbox, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use super::{Message, State};
use crate::audience::{self, history, import};
use crate::domain::Locale;
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::{A, a, af};
use crate::ui::screen::Context;
use crate::ui::theme;

/// How many names the retention preview shows.
const SHOWN: usize = 12;

#[derive(Default)]
pub(super) struct Upkeep {
    /// The CSV files of the imports folder, by name.
    files: Vec<PathBuf>,
    skip_errors: bool,
    /// What the last import did, or why it imported nothing.
    imported: Option<Result<String, String>>,
    years: String,
    /// Who the retention rule would anonymise now.
    inactive: Option<Vec<(i64, String)>>,
    confirming: bool,
}

#[derive(Clone, Debug)]
pub enum UpkeepMessage {
    /// The imports folder read again.
    Files,
    SkipErrors(bool),
    /// The file at this index imported: patrons, or (true) the previous
    /// system's attendance.
    Import(usize, bool),
    Years(String),
    /// Who would be anonymised.
    Inactive,
    Forget,
    ForgetNow,
    ForgetKeep,
}

/// The folder a coordinator drops files to import into.
fn folder(ctx: &Context) -> PathBuf {
    ctx.terminal
        .store
        .path()
        .parent()
        .map(|p| p.join("imports"))
        .unwrap_or_else(|| "imports".into())
}

impl State {
    pub(super) fn upkeep(&mut self, message: UpkeepMessage, ctx: &mut Context) {
        let locale = ctx.locale;
        let Some(by) = ctx.operator.cloned() else {
            return;
        };
        let now = ctx.now();
        let u = &mut self.upkeep;
        match message {
            UpkeepMessage::Files => {
                let dir = folder(ctx);
                let _ = std::fs::create_dir_all(&dir);
                let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                    .map(|d| {
                        d.filter_map(|e| e.ok().map(|e| e.path()))
                            .filter(|p| {
                                p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                files.sort();
                files.truncate(50);
                u.files = files;
                if u.years.is_empty() {
                    u.years = "3".into();
                }
            }
            UpkeepMessage::SkipErrors(on) => u.skip_errors = on,
            UpkeepMessage::Import(i, earlier) => {
                let Some(path) = u.files.get(i).cloned() else {
                    return;
                };
                let read = std::fs::metadata(&path)
                    .and_then(|m| {
                        if m.len() > import::MAX_BYTES as u64 {
                            Err(std::io::Error::other(audience_error(
                                &audience::AudienceError::FileTooLarge(import::MAX_BYTES),
                                locale,
                            )))
                        } else {
                            std::fs::read(&path)
                        }
                    })
                    .map_err(|e| af(locale, A::NotExported, &[&e.to_string()]));
                let skip = u.skip_errors;
                u.imported = Some(read.and_then(|bytes| {
                    let t = &mut *ctx.terminal;
                    let zone = ctx.zone;
                    if earlier {
                        let options = history::Options {
                            skip_errors: skip,
                            source: path
                                .file_stem()
                                .map(|s| s.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            ..history::Options::default()
                        };
                        history::import(&mut t.store, &t.signer, &by, &bytes, &options, zone, now)
                            .map(|r| {
                                let p = &r.patrons;
                                af(
                                    locale,
                                    A::HistoryImported,
                                    &[
                                        &r.added.to_string(),
                                        &r.known.to_string(),
                                        &p.created.to_string(),
                                        &p.skipped.len().to_string(),
                                    ],
                                )
                            })
                    } else {
                        import::import(&mut t.store, &by, &bytes, &[], skip, now).map(|r| {
                            af(
                                locale,
                                A::PatronsImported,
                                &[
                                    &r.created.to_string(),
                                    &r.completed.to_string(),
                                    &r.unchanged.to_string(),
                                    &r.skipped.len().to_string(),
                                ],
                            )
                        })
                    }
                    .map_err(|e| audience_error(&e, locale))
                }));
                self.patrons = audience::count(&ctx.terminal.store).unwrap_or(self.patrons);
                self.duplicates = audience::duplicates(&ctx.terminal.store).ok();
            }
            UpkeepMessage::Years(y) => {
                u.years = y.chars().filter(char::is_ascii_digit).take(2).collect();
                u.inactive = None;
                u.confirming = false;
            }
            UpkeepMessage::Inactive | UpkeepMessage::Forget | UpkeepMessage::ForgetNow => {
                let years: u32 = u.years.parse().unwrap_or(0);
                let dry = !matches!(message, UpkeepMessage::ForgetNow);
                let t = &mut *ctx.terminal;
                match audience::forget_inactive(&mut t.store, &t.signer, &by, years, dry, now) {
                    Ok(found) if dry => {
                        u.confirming =
                            matches!(message, UpkeepMessage::Forget) && !found.is_empty();
                        u.inactive = Some(found);
                    }
                    Ok(found) => {
                        u.confirming = false;
                        u.inactive = None;
                        self.said = Some(Ok(af(locale, A::Forgotten, &[&found.len().to_string()])));
                        self.patrons = audience::count(&t.store).unwrap_or(self.patrons);
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
            UpkeepMessage::ForgetKeep => u.confirming = false,
        }
    }

    /// The imports and the retention rule, side by side with the duplicates.
    pub(super) fn upkeep_view(&self, locale: Locale) -> Element<'_, Message> {
        column![self.imports_view(locale), self.retention_view(locale)]
            .spacing(14)
            .into()
    }

    fn imports_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let u = &self.upkeep;
        let mut body = column![
            row![
                text(l(A::ImportsTitle))
                    .size(theme::HEADING)
                    .font(theme::BOLD)
                    .width(Fill),
                button(text(l(A::ImportsRefresh)).size(theme::SMALL))
                    .on_press(Message::Upkeep(UpkeepMessage::Files))
                    .padding([6, 12])
                    .style(button::secondary),
            ]
            .align_y(Center),
            text(l(A::ImportsHint))
                .size(theme::SMALL)
                .style(theme::muted),
            checkbox(u.skip_errors)
                .label(l(A::SkipErrors))
                .on_toggle(|on| Message::Upkeep(UpkeepMessage::SkipErrors(on))),
        ]
        .spacing(8);
        if u.files.is_empty() {
            body = body.push(text(l(A::NoImportFile)).style(theme::muted));
        }
        for (i, path) in u.files.iter().enumerate() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            body = body.push(
                row![
                    text(name).width(Fill),
                    button(text(l(A::ImportPatrons)).size(theme::SMALL))
                        .on_press(Message::Upkeep(UpkeepMessage::Import(i, false)))
                        .padding([6, 12])
                        .style(button::secondary),
                    button(text(l(A::ImportHistory)).size(theme::SMALL))
                        .on_press(Message::Upkeep(UpkeepMessage::Import(i, true)))
                        .padding([6, 12])
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        match &u.imported {
            Some(Ok(words)) => body = body.push(text(words).style(theme::success)),
            Some(Err(words)) => body = body.push(text(words).style(theme::error)),
            None => {}
        }
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn retention_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let u = &self.upkeep;
        let mut body = column![
            text(l(A::RetentionTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(l(A::RetentionHint))
                .size(theme::SMALL)
                .style(theme::muted),
            row![
                text(l(A::RetentionYears)),
                text_input("3", &u.years)
                    .on_input(|y| Message::Upkeep(UpkeepMessage::Years(y)))
                    .on_submit(Message::Upkeep(UpkeepMessage::Inactive))
                    .padding(8)
                    .width(60),
                button(text(l(A::RetentionPreview)))
                    .on_press(Message::Upkeep(UpkeepMessage::Inactive))
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Center),
        ]
        .spacing(8);
        if let Some(found) = &u.inactive {
            let n = found.len().to_string();
            body = body.push(text(af(locale, A::RetentionFound, &[&n])).font(theme::BOLD));
            let names: Vec<&str> = found.iter().take(SHOWN).map(|(_, n)| n.as_str()).collect();
            if !names.is_empty() {
                let more = found.len().saturating_sub(SHOWN);
                let mut list = names.join(", ");
                if more > 0 {
                    list.push_str(&af(locale, A::AndMore, &[&more.to_string()]));
                }
                body = body.push(text(list).size(theme::SMALL));
            }
            if u.confirming {
                body = body.push(
                    row![
                        text(af(locale, A::RetentionConfirm, &[&n])).width(Fill),
                        button(text(l(A::RetentionNow)).font(theme::BOLD))
                            .on_press(Message::Upkeep(UpkeepMessage::ForgetNow))
                            .padding([8, 14])
                            .style(button::danger),
                        button(text(l(A::Cancel)))
                            .on_press(Message::Upkeep(UpkeepMessage::ForgetKeep))
                            .padding([8, 14])
                            .style(button::secondary),
                    ]
                    .spacing(8)
                    .align_y(Center),
                );
            } else if !found.is_empty() {
                body = body.push(
                    button(text(af(locale, A::RetentionApply, &[&n])))
                        .on_press(Message::Upkeep(UpkeepMessage::Forget))
                        .padding([8, 14])
                        .style(button::danger),
                );
            }
        }
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

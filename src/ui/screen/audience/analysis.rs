//! Publics' analyses: a season's audience as charts with their figures
//! (per season new, returning and lapsed with retention; visit frequency;
//! geography; tariff and channel mix; shows bringing new audiences), the
//! season chosen, each analysis written as CSV and the whole as a PDF
//! report for the board, beside the database.

use iced::widget::{button, column, container, pick_list, row, scrollable, text};
use iced::{Center, Element, Fill, Task};

use super::{Message, State};
use crate::audience::analysis as job;
use crate::domain::Locale;
use crate::domain::analysis::{Analyses, Report, Table};
use crate::ui::i18n::analysis::{report, season};
use crate::ui::i18n::audience::{A, a, af};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{Choice, chart, chosen};

/// What the analyses show: the season's figures worded.
pub(super) struct Shown {
    pub season: i32,
    pub seasons: Vec<i32>,
    pub report: Report,
}

#[derive(Clone, Debug)]
pub enum Analysis {
    /// The analyses of this season (the current one when None).
    Season(Option<i32>),
    /// The analyses made, or why not.
    Made(Result<Box<Analyses>, String>),
    Csv,
    Pdf,
}

impl State {
    pub(super) fn analyse(&mut self, message: Analysis, ctx: &mut Context) -> Task<Message> {
        let (locale, now, zone) = (ctx.locale, ctx.now(), ctx.zone);
        match message {
            Analysis::Season(season) => {
                // Read on a connection of its own, off the window's thread:
                // a large file takes a moment.
                self.making = true;
                let db = ctx.terminal.store.path().to_path_buf();
                return Task::perform(
                    async move {
                        let store = crate::terminal::read_only(&db)
                            .map_err(|e| crate::ui::i18n::system::open(&e, locale))?;
                        job::analyse(&store, season, now, zone)
                            .map(Box::new)
                            .map_err(|e| crate::ui::i18n::system::store(&e, locale))
                    },
                    |made| Message::Analysis(Analysis::Made(made)),
                );
            }
            Analysis::Made(made) => {
                self.making = false;
                match made {
                    Ok(analyses) => {
                        let currency = self.currency.unwrap_or(crate::domain::Currency::Eur);
                        self.analysis = Some(Shown {
                            season: analyses.season,
                            seasons: analyses.seasons.iter().map(|s| s.season).rev().collect(),
                            report: report(&analyses, &self.venue, currency, locale),
                        });
                    }
                    Err(e) => self.said = Some(Err(e)),
                }
            }
            Analysis::Csv | Analysis::Pdf => {
                let Some(shown) = &self.analysis else {
                    return Task::none();
                };
                let folder = crate::ui::screen::exports(&ctx.terminal.store);
                let written = if matches!(message, Analysis::Csv) {
                    let folder = folder.join(format!("analyses-{}", shown.season));
                    std::fs::create_dir_all(&folder).and_then(|()| {
                        for t in &shown.report.tables {
                            std::fs::write(folder.join(format!("{}.csv", t.file)), job::csv(t))?;
                        }
                        Ok(folder)
                    })
                } else {
                    let printed = locale.date_time(now, zone);
                    let path = folder.join(format!("analyse-publics-{}.pdf", shown.season));
                    job::pdf(&shown.report, &printed)
                        .map_err(|e| std::io::Error::other(e.to_string()))
                        .and_then(|pdf| {
                            std::fs::create_dir_all(&folder)?;
                            std::fs::write(&path, pdf)?;
                            Ok(path)
                        })
                };
                self.said = Some(
                    written
                        .map(|p| af(locale, A::AnalysisWritten, &[&p.display().to_string()]))
                        .map_err(|e| af(locale, A::NotExported, &[&e.to_string()])),
                );
            }
        }
        Task::none()
    }

    pub(super) fn analysis_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| a(locale, k);
        let Some(shown) = &self.analysis else {
            return text(l(A::Analysing)).style(theme::muted).into();
        };
        let seasons: Vec<Choice<i32>> = shown
            .seasons
            .iter()
            .map(|s| Choice::new(*s, season(*s)))
            .collect();
        let picked = chosen(&seasons, shown.season);
        let making = if self.making { l(A::Analysing) } else { "" };
        let header = row![
            text(&shown.report.title)
                .size(theme::HEADING)
                .font(theme::BOLD)
                .width(Fill),
            text(making).style(theme::muted),
            pick_list(seasons, picked, |c| Message::Analysis(Analysis::Season(
                Some(c.value)
            )))
            .padding(8),
            button(text(l(A::AnalysisCsv)))
                .on_press(Message::Analysis(Analysis::Csv))
                .padding([8, 14])
                .style(button::secondary),
            button(text(l(A::AnalysisPdf)))
                .on_press(Message::Analysis(Analysis::Pdf))
                .padding([8, 14])
                .style(button::primary),
        ]
        .spacing(10)
        .align_y(Center);
        let mut cards = column![].spacing(14);
        let tables: Vec<&Table> = shown.report.tables.iter().collect();
        for pair in tables.chunks(2) {
            let mut line = row![].spacing(14);
            for t in pair {
                line = line.push(card(t));
            }
            cards = cards.push(line);
        }
        if shown.seasons.is_empty() {
            cards = cards.push(text(l(A::NoAnalysis)).style(theme::muted));
        }
        column![
            header,
            scrollable(cards.padding(iced::Padding::ZERO.right(14))).height(Fill)
        ]
        .spacing(12)
        .into()
    }
}

/// An analysis: its title, how to read it, its chart.
fn card(t: &Table) -> Element<'_, Message> {
    container(
        column![
            text(&t.title).font(theme::BOLD),
            text(&t.note).size(theme::SMALL).style(theme::muted),
            chart::bars(&t.chart),
        ]
        .spacing(8),
    )
    .padding(12)
    .width(Fill)
    .style(theme::card)
    .into()
}

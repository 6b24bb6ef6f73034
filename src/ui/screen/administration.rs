//! Rapports → Pour l'administration: the files the accountant and the
//! ministry take, written beside the database in `exports` — in France the
//! FEC of a closed month and the SIBIL declaration of a quarter (JSON for
//! the API, CSV to type in), in Quebec the QuickBooks journal of a month.

use chrono::{Datelike, NaiveDate};
use iced::widget::{button, column, container, row, text};
use iced::{Element, Fill};

use crate::domain::{Country, Locale};
use crate::exchange::{self, ExportError, Span, fec, quickbooks, sibil};
use crate::ui::i18n::reports::{R, export_error, r, rf};
use crate::ui::screen::Context;
use crate::ui::theme;

/// How many months back the card offers.
const MONTHS: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    /// A month's FEC (its first day).
    Fec(NaiveDate),
    /// A quarter's SIBIL declaration (its first day), JSON or CSV.
    Sibil(NaiveDate, bool),
    /// A month's QuickBooks journal (its first day).
    QuickBooks(NaiveDate),
}

/// Makes the file and writes it in the exports folder: what to say.
pub fn write(file: File, ctx: &Context) -> Result<String, String> {
    let locale = ctx.locale;
    let store = &ctx.terminal.store;
    let made: Result<(String, Vec<u8>), ExportError> = match file {
        File::Fec(month) => fec::of(store, Span::Month(month)).map(|books| {
            let name = fec::file_name(&books)
                .unwrap_or_else(|_| format!("FEC-{}.txt", month.format("%Y-%m")));
            (name, fec::bytes(&books))
        }),
        File::Sibil(first, json) => sibil::declaration(store, first).map(|d| {
            let quarter = format!("{}-T{}", first.year(), first.month0() / 3 + 1);
            if json {
                (
                    format!("sibil-{quarter}.json"),
                    sibil::json(&d).into_bytes(),
                )
            } else {
                (format!("sibil-{quarter}.csv"), sibil::csv(&d).into_bytes())
            }
        }),
        File::QuickBooks(month) => quickbooks::of(store, Span::Month(month)).map(|books| {
            (
                format!("quickbooks-{}.csv", month.format("%Y-%m")),
                quickbooks::csv(&books).into_bytes(),
            )
        }),
    };
    let (name, bytes) = made.map_err(|e| export_error(&e, locale))?;
    let folder = crate::ui::screen::exports(store);
    let path = folder.join(name);
    std::fs::create_dir_all(&folder).map_err(|e| rf(locale, R::NotWritten, &[&e.to_string()]))?;
    exchange::write_file(&path, &bytes)
        .map(|()| rf(locale, R::Written, &[&path.display().to_string()]))
        .map_err(|e| export_error(&e, locale))
}

/// The card: the last months and the quarters of the season.
pub fn card<'a, M: Clone + 'a>(
    locale: Locale,
    country: Country,
    today: NaiveDate,
    quarters: &[NaiveDate],
    on: impl Fn(File) -> M,
) -> Element<'a, M> {
    let months: Vec<NaiveDate> = (1..=MONTHS)
        .filter_map(|back| {
            let first = today.with_day(1)?;
            first.checked_sub_months(chrono::Months::new(back))
        })
        .collect();
    let name = |m: NaiveDate| locale.month_year(m);
    let small = |label: String, m: M| {
        button(text(label).size(theme::SMALL))
            .on_press(m)
            .padding([4, 10])
            .style(button::secondary)
    };
    let mut col = column![text(r(locale, R::Administration)).font(theme::BOLD)].spacing(8);
    match country {
        Country::France => {
            col = col.push(months.iter().fold(row![].spacing(8), |row, m| {
                row.push(small(rf(locale, R::Fec, &[&name(*m)]), on(File::Fec(*m))))
            }));
            col = col.push(
                quarters
                    .iter()
                    .fold(row![].spacing(8), |row, q| {
                        let label = format!("T{} {}", q.month0() / 3 + 1, q.year());
                        row.push(small(
                            rf(locale, R::SibilJson, &[&label]),
                            on(File::Sibil(*q, true)),
                        ))
                        .push(small(
                            rf(locale, R::SibilCsv, &[&label]),
                            on(File::Sibil(*q, false)),
                        ))
                    })
                    .wrap(),
            );
        }
        Country::Quebec => {
            col = col.push(months.iter().fold(row![].spacing(8), |row, m| {
                row.push(small(
                    rf(locale, R::QuickBooks, &[&name(*m)]),
                    on(File::QuickBooks(*m)),
                ))
            }));
        }
    }
    let hint = match country {
        Country::France => R::AdministrationHint,
        Country::Quebec => R::AdministrationHintQc,
    };
    col = col.push(text(r(locale, hint)).size(theme::SMALL).style(theme::muted));
    container(col)
        .padding(12)
        .width(Fill)
        .style(theme::card)
        .into()
}

//! The audience analyses of a season, read from the file (this till's
//! tickets and the previous system's history), and written for the board:
//! a PDF report with its charts, and one CSV file per analysis that opens
//! cleanly in French Excel and LibreOffice.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::analysis::{self, Analyses, Held, Performance, Report, Table};
use crate::domain::order::Channel;
use crate::domain::patron;
use crate::store::{self, Store, StoreError};
use crate::tickets::pdf::{Fonts, Item, PdfError, bold, fonts, reg, save};

/// The analyses of `season` (by the year it starts; the current one when
/// None), in the venue's zone.
pub fn analyse(
    store: &Store,
    season: Option<i32>,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Result<Analyses, StoreError> {
    let season = season.unwrap_or_else(|| patron::season_of(now.with_timezone(&zone).date_naive()));
    store.read(|tx| {
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut name = |text: &str| -> u32 {
            if let Some(i) = index.get(text) {
                return *i;
            }
            let i = u32::try_from(names.len()).unwrap_or(u32::MAX);
            names.push(text.to_owned());
            index.insert(text.to_owned(), i);
            i
        };
        let mut held = Vec::new();
        store::analysis::each_held(tx, |r| {
            let starts = store::instant(r.starts_at);
            let show = name(r.show);
            held.push(Held {
                patron: r.patron,
                performance: match r.performance {
                    Some(id) => Performance::Here(id),
                    None => Performance::Before(r.starts_at, show),
                },
                season: patron::season_of(starts.with_timezone(&zone).date_naive()),
                show,
                tariff: name(r.tariff),
                channel: Channel::from_code(r.channel).unwrap_or_default(),
                price: r.price,
            });
        })?;
        let areas = store::analysis::postcodes(tx)?
            .into_iter()
            .map(|(id, postcode)| (id, analysis::area(&postcode)))
            .collect();
        Ok(analysis::analyse(&held, &names, &areas, season))
    })
}

/// One analysis as a CSV file for a spreadsheet: BOM, `;`.
pub fn csv(table: &Table) -> String {
    crate::domain::csv::sheet(
        std::iter::once(table.header.clone()).chain(table.rows.iter().cloned()),
    )
}

const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 16.0;
/// A chart bar's height and the space between two.
const BAR: f32 = 5.0;
const BAR_GAP: f32 = 2.2;
/// Where the bars start (after their labels) and their longest length.
const LABEL: f32 = 48.0;
const LENGTH: f32 = 100.0;
/// The greys of a bar's stacked parts.
const GREYS: [f32; 3] = [0.25, 0.6, 0.82];

/// The report as a PDF (A4): a title page's header, then each analysis
/// with its chart and its table, a page each.
pub fn pdf(report: &Report, printed: &str) -> Result<Vec<u8>, PdfError> {
    let f = fonts()?;
    let mut pages = Vec::new();
    let count = report.tables.len().max(1);
    for (n, table) in report.tables.iter().enumerate() {
        let mut items = vec![
            Item::Text(
                (MARGIN, MARGIN + 6.0),
                bold(15.0),
                0.0,
                f.clean(&report.title),
            ),
            Item::Text(
                (MARGIN, MARGIN + 12.0),
                reg(9.0).grey(0.35),
                0.0,
                f.clean(&format!(
                    "{} · {printed} · {}/{count}",
                    report.subtitle,
                    n + 1
                )),
            ),
            Item::Text(
                (MARGIN, MARGIN + 24.0),
                bold(12.0),
                0.0,
                f.clean(&table.title),
            ),
        ];
        let mut y = MARGIN + 30.0;
        for line in f.wrap(&f.clean(&table.note), PAGE.0 - 2.0 * MARGIN, 9.0, false) {
            items.push(Item::Text((MARGIN, y), reg(9.0).grey(0.3), 0.0, line));
            y += 4.5;
        }
        y += 4.0;
        y = chart(&mut items, f, &table.chart, y);
        y += 8.0;
        rows(&mut items, f, table, y);
        pages.push((PAGE, items));
    }
    Ok(save(f, &report.title, pages))
}

/// Draws a chart from `y` (mm from the top); where it ends.
fn chart(items: &mut Vec<Item>, f: &Fonts, c: &analysis::Chart, mut y: f32) -> f32 {
    let largest = c.largest() as f32;
    // The bars leave room for the longest figure at their end.
    let figures = c
        .bars
        .iter()
        .map(|b| f.width(&f.clean(&b.figure), 8.5, false))
        .fold(0.0, f32::max);
    let length = LENGTH
        .min(PAGE.0 - 2.0 * MARGIN - LABEL - figures - 3.0)
        .max(30.0);
    let mut x = MARGIN + LABEL;
    for (i, name) in c.legend.iter().enumerate() {
        items.push(Item::Rect((x, y - 3.0, 3.5, 3.5), GREYS[i % 3], None));
        items.push(Item::Text((x + 5.0, y), reg(8.5), 0.0, f.clean(name)));
        x += 8.0 + f.width(name, 8.5, false);
    }
    if !c.legend.is_empty() {
        y += 6.0;
    }
    for bar in &c.bars {
        let (st, label) = f.shrink(&f.clean(&bar.label), LABEL - 3.0, reg(9.0), 6.5, 1);
        let label = label.into_iter().next().unwrap_or_default();
        items.push(Item::Text((MARGIN, y + BAR - 1.2), st, 0.0, label));
        let mut x = MARGIN + LABEL;
        for (i, part) in bar.parts.iter().enumerate() {
            let w = length * (*part as f32) / largest;
            if w > 0.0 {
                items.push(Item::Rect((x, y, w, BAR), GREYS[i % 3], None));
            }
            x += w;
        }
        items.push(Item::Text(
            (x + 2.0, y + BAR - 1.2),
            reg(8.5),
            0.0,
            f.clean(&bar.figure),
        ));
        y += BAR + BAR_GAP;
    }
    y
}

/// Writes a table's header and rows from `y`, as many as fit the page.
fn rows(items: &mut Vec<Item>, f: &Fonts, table: &Table, mut y: f32) {
    let columns = table.header.len().max(1);
    let width = (PAGE.0 - 2.0 * MARGIN) / columns as f32;
    let cell = |text: &str, x: usize, y: f32, st| {
        let (st, fitted) = f.shrink(&f.clean(text), width - 2.0, st, 6.5, 1);
        Item::Text(
            (MARGIN + x as f32 * width, y),
            st,
            0.0,
            fitted.into_iter().next().unwrap_or_default(),
        )
    };
    for (x, h) in table.header.iter().enumerate() {
        items.push(cell(h, x, y, bold(8.5)));
    }
    items.push(Item::Line(
        (MARGIN, y + 1.8),
        (PAGE.0 - MARGIN, y + 1.8),
        0.6,
        0.0,
        None,
    ));
    y += 6.0;
    for row in &table.rows {
        if y > PAGE.1 - MARGIN {
            break;
        }
        for (x, v) in row.iter().enumerate() {
            items.push(cell(v, x, y, reg(8.5)));
        }
        y += 5.0;
    }
}

//! The call list (liste d'appels): the holders of a cancelled or moved
//! performance that no e-mail reaches, on A4, one row each: who, their
//! phone, their tickets, what was done for them, and a box to tick once
//! called. The lines come worded (in French, like every printed list).

use super::pdf::{Item, PdfError, St, bold, fonts, reg, save};

/// One holder to call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLine {
    /// "Ana Lopes", or how to recognise an anonymous sale.
    pub name: String,
    /// Empty when unknown.
    pub phone: String,
    /// "n° 000012, 000013 — Orchestre, rang F, 12 ; …".
    pub tickets: String,
    /// "Remboursé : 45,00 € sur la carte" / "Déplacé au …".
    pub done: String,
}

const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 14.0;
const ROW: f32 = 11.0;
/// Columns: tick box, who, phone, tickets, what was done.
const COLUMNS: [f32; 5] = [
    MARGIN,
    MARGIN + 8.0,
    MARGIN + 50.0,
    MARGIN + 80.0,
    MARGIN + 128.0,
];

/// The call list as a PDF: `title` ("Liste d'appels — Cyrano, …"),
/// `subtitle` (what happened, when it was printed) on every page.
pub fn pdf(title: &str, subtitle: &str, lines: &[CallLine]) -> Result<Vec<u8>, PdfError> {
    let f = fonts()?;
    let top = MARGIN + 24.0 + ROW * 0.6;
    let per_page = ((PAGE.1 - MARGIN - top) / ROW) as usize;
    let pages = lines.len().div_ceil(per_page).max(1);
    let mut out = Vec::with_capacity(pages);
    for page in 0..pages {
        let (st, fitted) = f.shrink(&f.clean(title), PAGE.0 - 2.0 * MARGIN, bold(14.0), 9.0, 1);
        let mut items = vec![
            Item::Text((MARGIN, MARGIN + 6.0), st, 0.0, fitted.concat()),
            Item::Text(
                (MARGIN, MARGIN + 12.0),
                reg(9.0).grey(0.35),
                0.0,
                f.clean(&format!("{subtitle} · page {}/{pages}", page + 1)),
            ),
        ];
        let y = MARGIN + 22.0;
        let heads = [
            "",
            "Spectateur",
            "Téléphone",
            "Billets",
            "Ce qui a été fait",
        ];
        for (x, head) in COLUMNS.iter().zip(heads) {
            items.push(Item::Text((*x, y), bold(9.0), 0.0, head.into()));
        }
        items.push(rule(y + 2.0, 0.8, 0.0));
        for (i, line) in lines
            .iter()
            .skip(page * per_page)
            .take(per_page)
            .enumerate()
        {
            let y = top + i as f32 * ROW;
            let mut cell = |x: usize, text: &str, st: St, width: f32| {
                let (st, fitted) = f.shrink(&f.clean(text), width - 2.0, st, 7.0, 2);
                for (k, part) in fitted.into_iter().enumerate() {
                    let baseline = y + k as f32 * st.size * 0.4;
                    items.push(Item::Text((COLUMNS[x], baseline), st, 0.0, part));
                }
            };
            let phone = if line.phone.trim().is_empty() {
                "—"
            } else {
                line.phone.as_str()
            };
            cell(1, &line.name, reg(10.0), COLUMNS[2] - COLUMNS[1]);
            cell(2, phone, reg(10.0), COLUMNS[3] - COLUMNS[2]);
            cell(3, &line.tickets, reg(9.0), COLUMNS[4] - COLUMNS[3]);
            cell(4, &line.done, reg(9.0), PAGE.0 - MARGIN - COLUMNS[4]);
            items.push(Item::Rect((COLUMNS[0], y - 3.8, 4.5, 4.5), 0.0, Some(0.8)));
            items.push(rule(y + ROW - 4.5, 0.3, 0.75));
        }
        out.push((PAGE, items));
    }
    Ok(save(f, title, out))
}

/// A line across the page at `y` (mm from the top), `width` in points.
fn rule(y: f32, width: f32, grey: f32) -> Item {
    Item::Line((MARGIN, y), (PAGE.0 - MARGIN, y), width, grey, None)
}

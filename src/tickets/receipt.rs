//! PDF rendering of a sale receipt (the "note" printed on request).
//!
//! `Layout::A4` sets it at the top of an A4 page (continuing on further pages if needed);
//! `Layout::Thermal80` on an 80 mm roll as tall as needed. A ticket-card printer cannot
//! print a receipt of arbitrary length, so `Layout::Stock2x55` produces the A4 version
//! (for the office printer).

use super::pdf::{Align, Flow, Item, Layout, PT, PdfError, St, bold, fonts, reg, save, watermark};

/// Everything printed on a receipt, already formatted by the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReceiptFace {
    pub venue: String,
    pub venue_address: String,
    /// "SIRET …", "TVA non applicable, art. 293 B du CGI", "TPS … / TVQ …": one line each.
    pub ids: Vec<String>,
    pub order: String,
    pub sold: String,
    pub lines: Vec<ReceiptLine>,
    pub taxes: Vec<TaxRow>,
    pub total: String,
    /// (method, amount), e.g. ("Espèces", "50,00 €").
    pub payments: Vec<(String, String)>,
    pub change: Option<String>,
    pub training: bool,
    pub duplicate: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReceiptLine {
    pub label: String,
    pub quantity: u32,
    pub unit: String,
    pub amount: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaxRow {
    /// "TVA 5,5 %" or "TPS 5 %".
    pub label: String,
    pub base: String,
    pub tax: String,
    pub total: String,
}

/// A flow that starts a new page when a block would cross `limit` (A4 only).
struct Pages<'a> {
    fl: Flow<'a>,
    done: Vec<Vec<Item>>,
    top: f32,
    limit: Option<f32>,
}

impl Pages<'_> {
    fn room(&mut self, need: f32) {
        if self.limit.is_some_and(|limit| self.fl.y + need > limit) {
            self.done.push(std::mem::take(&mut self.fl.items));
            self.fl.y = self.top;
        }
    }

    /// A table row: a wrapped label, then three right-aligned cells of the given widths.
    fn row(&mut self, cells: [&str; 4], widths: [f32; 3], st: St) {
        let (f, st) = (self.fl.f, st.size(st.size * self.fl.k));
        let label_w = self.fl.w - widths.iter().sum::<f32>() - 1.5;
        let label = f.wrap(&f.clean(cells[0]), label_w, st.size, st.bold);
        let (lh, rows) = (1.25 * st.size * PT, label.len().max(1) as f32);
        self.room(rows * lh + 0.6);
        let baseline = self.fl.y + 1.02 * st.size * PT;
        for (i, line) in label.into_iter().enumerate() {
            let at = (self.fl.x, baseline + i as f32 * lh);
            self.fl.items.push(Item::Text(at, st, 0.0, line));
        }
        let mut right = self.fl.x + self.fl.w;
        for (cell, width) in cells[1..].iter().zip(widths).rev() {
            let (st, lines) = f.shrink(&f.clean(cell), width - 1.5, st, st.size * 0.7, 1);
            if let Some(text) = lines.into_iter().next() {
                let x = right - f.width(&text, st.size, st.bold);
                self.fl.items.push(Item::Text((x, baseline), st, 0.0, text));
            }
            right -= width;
        }
        self.fl.y += rows * lh + 0.6;
    }

    fn block(&mut self, need_mm: f32, draw: impl FnOnce(&mut Flow)) {
        self.room(need_mm);
        draw(&mut self.fl);
    }
}

const TRAINING: &str = "MODE FORMATION — NE VAUT PAS TITRE";

/// Renders a receipt as a PDF (see the module documentation for the page formats).
pub fn receipt(layout: Layout, face: &ReceiptFace) -> Result<Vec<u8>, PdfError> {
    let (f, t) = (fonts()?, face);
    let a4 = layout != Layout::Thermal80;
    let (page_w, margin, top, k) = if a4 {
        (210.0, 20.0, 18.0, 1.0)
    } else {
        (80.0, 4.0, 4.0, 0.85)
    };
    let fl = Flow::new(f, (margin, top, page_w - 2.0 * margin), k);
    let mut p = Pages {
        fl,
        done: Vec::new(),
        top,
        limit: a4.then_some(297.0 - 15.0),
    };
    let (head, fl) = (if a4 { Align::Left } else { Align::Center }, &mut p.fl);
    if t.training {
        fl.banner(TRAINING, 12.0, true);
    }
    fl.title(&t.venue, bold(14.0), 0.7, 2, head);
    fl.para(&t.venue_address, reg(9.0).grey(0.3), head, 2);
    for id in &t.ids {
        fl.para(id, reg(8.5).grey(0.3), head, 2);
    }
    fl.rule(0.6, 0.0);
    fl.pair(
        "NOTE",
        bold(14.0),
        &format!("Commande n° {}", t.order),
        bold(11.0),
    );
    fl.para(&t.sold, reg(8.5), Align::Left, 2);
    if let Some(k) = t.duplicate {
        fl.gap(1.0);
        fl.banner(&format!("DUPLICATA n° {k}"), 12.0, true);
    }
    fl.rule(0.6, 0.0);
    let cols = if a4 {
        [[18.0, 35.0, 35.0], [35.0; 3]]
    } else {
        [[8.0, 17.0, 19.0], [17.0, 16.0, 19.0]]
    };
    let (header, body) = (reg(7.5).grey(0.35), reg(if a4 { 10.0 } else { 9.0 }));
    p.row(
        ["Désignation", "Qté", "Prix unit.", "Montant"],
        cols[0],
        header,
    );
    for l in &t.lines {
        p.row(
            [&l.label, &l.quantity.to_string(), &l.unit, &l.amount],
            cols[0],
            body,
        );
    }
    if !t.taxes.is_empty() {
        p.block(10.0, |fl| fl.rule(0.4, 0.5));
        p.row(["Taxes", "Base", "Taxe", "Total"], cols[1], header);
        for r in &t.taxes {
            p.row([&r.label, &r.base, &r.tax, &r.total], cols[1], body);
        }
    }
    p.block(14.0, |fl| {
        fl.rule(1.0, 0.0);
        fl.pair("Total", bold(14.0), &t.total, bold(14.0));
        fl.gap(1.0);
    });
    let change = t.change.iter().map(|c| ("Rendu", c.as_str()));
    for (what, amount) in t
        .payments
        .iter()
        .map(|(m, a)| (m.as_str(), a.as_str()))
        .chain(change)
    {
        p.block(6.0, |fl| fl.pair(what, reg(10.0), amount, reg(10.0)));
    }
    if t.training {
        p.block(10.0, |fl| {
            fl.gap(2.0);
            fl.banner(TRAINING, 12.0, true);
        });
    }
    let end = p.fl.y;
    p.done.push(std::mem::take(&mut p.fl.items));
    let size = if a4 {
        (210.0, 297.0)
    } else {
        (80.0, end + 6.0)
    };
    let mut pages: Vec<_> = p.done.into_iter().map(|items| (size, items)).collect();
    if !a4 {
        pages = vec![(
            size,
            pages.into_iter().flat_map(|(_, items)| items).collect(),
        )];
    }
    let last = pages.len() - 1;
    for (i, (_, items)) in pages.iter_mut().enumerate().filter(|_| t.training) {
        let mut all = Vec::new();
        let bottom = if i == last { end + 5.0 } else { size.1 };
        watermark(f, &mut all, (0.0, 0.0, size.0, bottom.min(size.1)));
        all.append(items);
        *items = all;
    }
    Ok(save(f, "Note", pages))
}

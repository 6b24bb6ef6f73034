//! PDF rendering of admission tickets, and the pieces every PDF of ours is
//! drawn with (receipts: `receipt.rs`).
//!
//! The caller pre-formats every value; this module owns the layout and the fixed French
//! wording. Text is set in the embedded Guichet Sans (parsed once), measured from the
//! font's own advance widths, wrapped or shrunk so that it never leaves its ticket. The
//! QR code is drawn as vector rectangles (error correction M, 4-module quiet zone).
//!
//! Here: the tickets' layouts, faces and measures; `kit` is the drawing kit
//! (fonts, items, text flows, the PDF written out); `ticket` lays one ticket out.

mod kit;
mod ticket;

pub(crate) use kit::{Align, Flow, Fonts, Item, St, bold, fonts, reg, save};
use ticket::draw;
pub(crate) use ticket::watermark;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/GuichetSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/GuichetSans-Bold.ttf");
/// Millimetres per PostScript point.
pub(crate) const PT: f32 = 25.4 / 72.0;
const A4: (f32, f32) = (210.0, 297.0);
/// A4 page margins (sides, top and bottom) and the height of one of the 4 ticket bands.
const A4_MARGIN: (f32, f32) = (10.0, 12.0);
const BAND: f32 = (A4.1 - 2.0 * A4_MARGIN.1) / 4.0;
const THERMAL_W: f32 = 80.0;
/// 5.5 in × 2 in.
const STOCK: (f32, f32) = (139.7, 50.8);

/// Paper the PDF is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A4 portrait, up to 4 tickets per page as horizontal bands separated by cut lines.
    A4,
    /// 80 mm roll (72 mm printable), one ticket per page, as tall as needed.
    Thermal80,
    /// 5.5 × 2 inch ticket card, landscape, one ticket per page.
    Stock2x55,
}

/// Everything printed on one admission ticket, already formatted by the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TicketFace {
    pub venue: String,
    pub venue_address: String,
    pub licence: String,
    pub show: String,
    pub artists: String,
    pub when: String,
    pub hall: String,
    pub category: String,
    /// `None`: general admission, printed "Placement libre".
    pub seat: Option<String>,
    pub entry: Option<String>,
    pub tariff: String,
    /// The tariff needs a proof at the door: "Justificatif à présenter".
    pub proof: bool,
    pub price: String,
    pub tax_note: String,
    /// Prints "EXONÉRÉ — INVITATION".
    pub invitation: bool,
    /// A pass's card: "Carte n°" where a ticket says "Billet n°".
    pub pass_card: bool,
    pub number: String,
    pub order: String,
    pub sold: String,
    /// `Some(k)`: "DUPLICATA n° k".
    pub duplicate: Option<u32>,
    /// Prints "MODE FORMATION — NE VAUT PAS TITRE" on the ticket.
    pub training: bool,
    /// Signed entry code: the QR content, also printed in groups of four characters.
    pub code: String,
    /// The venue's logo, at the head of the ticket.
    pub logo: Option<std::sync::Arc<crate::domain::picture::Pixels>>,
    /// The show's picture, beside its title.
    pub poster: Option<std::sync::Arc<crate::domain::picture::Pixels>>,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    NoTickets,
    CodeTooLong { number: String, chars: usize },
    Font(&'static str),
}

/// Renders one or more tickets as a PDF.
pub fn tickets(layout: Layout, faces: &[TicketFace]) -> Result<Vec<u8>, PdfError> {
    if faces.is_empty() {
        return Err(PdfError::NoTickets);
    }
    let f = fonts()?;
    let per_page = if layout == Layout::A4 { 4 } else { 1 };
    let mut pages = Vec::new();
    for chunk in faces.chunks(per_page) {
        let (mut items, mut size) = (Vec::new(), A4);
        for (slot, t) in chunk.iter().enumerate() {
            let ((_, y, w, h), mut drawn) = draw(f, layout, t, slot)?;
            items.append(&mut drawn);
            if layout == Layout::A4 {
                items.push(Item::Line((0.0, y), (A4.0, y), 0.5, 0.35, Some((3.0, 2.0))));
                let y = y + h;
                items.push(Item::Line((0.0, y), (A4.0, y), 0.5, 0.35, Some((3.0, 2.0))));
            } else {
                size = (w, h);
            }
        }
        if layout == Layout::A4 {
            let hint = "Découpez les billets le long des pointillés · un billet par spectateur";
            let at = (A4_MARGIN.0, A4_MARGIN.1 - 3.5);
            items.push(Item::Text(at, reg(6.5).grey(0.45), 0.0, hint.into()));
        }
        pages.push((size, items));
    }
    Ok(save(f, "Billets", pages))
}

/// Lines of `text` wrapped to `max_width_mm` at `size_pt` (words longer than the width
/// are cut between characters). Every line is at most `max_width_mm` wide.
pub fn fit(
    text: &str,
    max_width_mm: f32,
    size_pt: f32,
    bold: bool,
) -> Result<Vec<String>, PdfError> {
    let f = fonts()?;
    Ok(f.wrap(&f.clean(text), max_width_mm, size_pt, bold))
}

/// Width in millimetres of `text` set at `size_pt` in Guichet Sans (regular or bold).
pub fn text_width_mm(text: &str, size_pt: f32, bold: bool) -> Result<f32, PdfError> {
    Ok(fonts()?.width(text, size_pt, bold))
}

/// A box in millimetres from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Bounds {
    fn new(left: f32, top: f32, right: f32, bottom: f32) -> Self {
        Bounds {
            left,
            top,
            right,
            bottom,
        }
    }
}

/// The box of `face`'s ticket on its page (first slot on A4) and every horizontal line of
/// text drawn for it, with its extent from ascent to descent: lets tests prove that
/// nothing overflows.
pub fn text_boxes(
    layout: Layout,
    face: &TicketFace,
) -> Result<(Bounds, Vec<(String, Bounds)>), PdfError> {
    let f = fonts()?;
    let ((x, y, w, h), items) = draw(f, layout, face, 0)?;
    let boxes = items.into_iter().filter_map(|item| match item {
        Item::Text((x, y), st, 0.0, text) => {
            let right = x + f.width(&text, st.size, st.bold);
            let (ascent, descent) = (1.07 * st.size * PT, 0.3 * st.size * PT);
            Some((text, Bounds::new(x, y - ascent, right, y + descent)))
        }
        _ => None,
    });
    Ok((Bounds::new(x, y, x + w, y + h), boxes.collect()))
}

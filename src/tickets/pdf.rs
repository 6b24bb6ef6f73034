//! PDF rendering of admission tickets, and the pieces every PDF of ours is
//! drawn with (receipts: `receipt.rs`).
//!
//! The caller pre-formats every value; this module owns the layout and the fixed French
//! wording. Text is set in the embedded Guichet Sans (parsed once), measured from the
//! font's own advance widths, wrapped or shrunk so that it never leaves its ticket. The
//! QR code is drawn as vector rectangles (error correction M, 4-module quiet zone).

use std::sync::OnceLock;

use printpdf::{
    Color, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use qrcode::{EcLevel, QrCode};

use Align::{Center, Left, Right};

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/GuichetSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/GuichetSans-Bold.ttf");
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
    pub number: String,
    pub order: String,
    pub sold: String,
    /// `Some(k)`: "DUPLICATA n° k".
    pub duplicate: Option<u32>,
    /// Prints "MODE FORMATION — NE VAUT PAS TITRE" on the ticket.
    pub training: bool,
    /// Signed entry code: the QR content, also printed in groups of four characters.
    pub code: String,
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

// ---------------------------------------------------------------- fonts and measuring

pub(crate) struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Result<Fonts, &'static str>> = OnceLock::new();
    let parse = |bytes: &[u8], name: &'static str| -> Result<ParsedFont, &'static str> {
        let mut font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(name)?;
        font.font_name = Some(name.to_owned()); // the PDF /BaseFont
        Ok(font)
    };
    let load = || -> Result<Fonts, &'static str> {
        let regular = parse(REGULAR_TTF, "GuichetSans-Regular")?;
        Ok(Fonts {
            regular,
            bold: parse(BOLD_TTF, "GuichetSans-Bold")?,
        })
    };
    FONTS
        .get_or_init(load)
        .as_ref()
        .map_err(|name| PdfError::Font(name))
}

impl Fonts {
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let advance = |c: char| font.get_glyph_width(font.lookup_glyph_index(c as u32)?);
        let units: u32 = text
            .chars()
            .map(|c| advance(c).or(advance('?')).unwrap_or(0) as u32)
            .sum();
        units as f32 / f32::from(font.units_per_em.max(1)) * size * PT
    }

    /// Control characters become spaces; the minus sign and the other
    /// dashes the font lacks become a hyphen ("Jeune (−26 ans)" is common in
    /// tariff names); any other character the font lacks becomes '?'.
    pub(crate) fn clean(&self, text: &str) -> String {
        let known = |c: char| self.regular.lookup_glyph_index(c as u32).is_some();
        let clean = |c: char| match c {
            c if c.is_control() => ' ',
            c if known(c) => c,
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            _ => '?',
        };
        text.chars().map(clean).collect()
    }

    /// Greedy wrap on ASCII spaces (no-break spaces hold), cutting over-long words.
    pub(crate) fn wrap(&self, text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
        let fits = |s: &str| self.width(s, size, bold) <= width + 1e-3;
        let (mut lines, mut cur) = (Vec::new(), String::new());
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let joined = if cur.is_empty() {
                word.to_owned()
            } else {
                format!("{cur} {word}")
            };
            if fits(&joined) {
                cur = joined;
                continue;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            for ch in word.chars() {
                cur.push(ch);
                if !fits(&cur) && cur.chars().count() > 1 {
                    cur.pop();
                    lines.push(std::mem::replace(&mut cur, ch.to_string()));
                }
            }
        }
        lines.extend((!cur.is_empty()).then_some(cur));
        lines
    }

    /// Largest size from `max` down to `min` (0.5 pt steps) that wraps into at most
    /// `max_lines`; past that, the last line is cut with an ellipsis.
    pub(crate) fn shrink(
        &self,
        text: &str,
        w: f32,
        st: St,
        min: f32,
        max_lines: usize,
    ) -> (St, Vec<String>) {
        let mut st = st;
        let mut lines = self.wrap(text, w, st.size, st.bold);
        while lines.len() > max_lines && st.size - 0.5 >= min {
            st.size -= 0.5;
            lines = self.wrap(text, w, st.size, st.bold);
        }
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            let last = lines.last_mut().expect("max_lines > 0");
            last.push('…');
            while self.width(last, st.size, st.bold) > w && last.chars().count() > 1 {
                last.pop();
                last.pop();
                last.push('…');
            }
        }
        (st, lines)
    }
}

// ---------------------------------------------------------------- drawing primitives

/// Text style: size in points, weight, grey level (0 = black, 1 = white).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct St {
    pub size: f32,
    pub bold: bool,
    pub grey: f32,
}

pub(crate) fn reg(size: f32) -> St {
    St {
        size,
        bold: false,
        grey: 0.0,
    }
}

pub(crate) fn bold(size: f32) -> St {
    St {
        bold: true,
        ..reg(size)
    }
}

impl St {
    pub fn grey(self, grey: f32) -> St {
        St { grey, ..self }
    }
    pub fn size(self, size: f32) -> St {
        St { size, ..self }
    }
}

/// x, top, width, height in millimetres.
pub(crate) type Bx = (f32, f32, f32, f32);

/// A drawing instruction in millimetres from the page's top-left corner.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// (x, baseline), style, angle in degrees counter-clockwise, text.
    Text((f32, f32), St, f32, String),
    /// A box filled with a grey level, or (`Some(line width in pt)`) stroked in black.
    Rect(Bx, f32, Option<f32>),
    /// From, to, width in pt, grey, dash (on, off) in mm.
    Line((f32, f32), (f32, f32), f32, f32, Option<(f32, f32)>),
}

fn pt(mm: f32) -> Pt {
    Pt(mm / PT)
}

fn grey(percent: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent,
        icc_profile: None,
    })
}

fn to_ops(items: Vec<Item>, page_h: f32, fonts: [&PdfFontHandle; 2]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() * 4);
    let point = |(x, y): (f32, f32)| Point {
        x: pt(x),
        y: pt(page_h - y),
    };
    for item in items {
        match item {
            Item::Text(at, st, angle, text) => {
                let (s, c) = angle.to_radians().sin_cos();
                let (font, size) = (fonts[st.bold as usize].clone(), Pt(st.size));
                let Point { x, y } = point(at);
                let matrix = TextMatrix::Raw([c, s, -s, c, x.0, y.0]);
                let items = vec![TextItem::Text(text)];
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFillColor { col: grey(st.grey) },
                ]);
                ops.extend([Op::SetFont { font, size }, Op::SetTextMatrix { matrix }]);
                ops.extend([Op::ShowText { items }, Op::EndTextSection]);
            }
            Item::Rect((x, y, w, h), level, stroke) => {
                let mut rectangle = Rect::from_xywh(pt(x), pt(page_h - y - h), pt(w), pt(h));
                rectangle.mode = Some(if stroke.is_some() {
                    PaintMode::Stroke
                } else {
                    PaintMode::Fill
                });
                if let Some(width) = stroke {
                    ops.push(Op::SetOutlineColor { col: grey(level) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(width) });
                    ops.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::solid(),
                    });
                } else {
                    ops.push(Op::SetFillColor { col: grey(level) });
                }
                ops.push(Op::DrawRectangle { rectangle });
            }
            Item::Line(from, to, width, level, dash) => {
                let dash = match dash {
                    Some((on, off)) => LineDashPattern::new(0.0, &[pt(on).0, pt(off).0]),
                    None => LineDashPattern::solid(),
                };
                let points = [from, to].map(|p| LinePoint {
                    p: point(p),
                    bezier: false,
                });
                let line = Line {
                    points: points.to_vec(),
                    is_closed: false,
                };
                ops.extend([
                    Op::SetOutlineColor { col: grey(level) },
                    Op::SetOutlineThickness { pt: Pt(width) },
                ]);
                ops.extend([Op::SetLineDashPattern { dash }, Op::DrawLine { line }]);
            }
        }
    }
    ops
}

/// Serialises pages given as (size in mm, items).
pub(crate) fn save(f: &Fonts, title: &str, pages: Vec<((f32, f32), Vec<Item>)>) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let regular = PdfFontHandle::External(doc.add_font(&f.regular));
    let bold = PdfFontHandle::External(doc.add_font(&f.bold));
    let page = |((w, h), items)| {
        let mut page = PdfPage::new(Mm(w), Mm(h), to_ops(items, h, [&regular, &bold]));
        let size = Rect::from_wh(pt(w), pt(h)); // exact points: 396 × 144 for the card
        (page.media_box, page.trim_box, page.crop_box) = (size.clone(), size.clone(), size);
        page
    };
    let pages = pages.into_iter().map(page).collect();
    // What `PdfSaveOptions::default()` (optimize) does, minus re-deflating both font programs
    // at the best level for every PDF (> half the time of a one-ticket PDF): the deflated
    // fonts are made once and reused. Everything else is deflated as printpdf would.
    let options = PdfSaveOptions {
        optimize: false,
        ..PdfSaveOptions::default()
    };
    let mut pdf = doc
        .with_pages(pages)
        .to_lopdf_document(&options, &mut Vec::new());
    static DEFLATED: [OnceLock<Option<Vec<u8>>>; 2] = [OnceLock::new(), OnceLock::new()];
    for stream in pdf
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
    {
        let font = [REGULAR_TTF, BOLD_TTF]
            .iter()
            .position(|ttf| stream.content == *ttf);
        let deflated = font.and_then(|i| {
            let deflate = || {
                let mut copy = stream.clone();
                copy.compress().ok()?;
                copy.dict.has(b"Filter").then_some(copy.content)
            };
            DEFLATED[i].get_or_init(deflate).clone()
        });
        match deflated {
            Some(bytes) => {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(bytes);
            }
            None if stream.allows_compression => {
                let _ = stream.compress(); // left as is if it fails
            }
            None => {}
        }
    }
    let mut out = Vec::new();
    let _ = pdf.save_to(&mut out); // writing to a Vec cannot fail
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A column of text laid out from the top down; `k` scales every size.
pub(crate) struct Flow<'a> {
    pub f: &'a Fonts,
    pub items: Vec<Item>,
    pub x: f32,
    pub w: f32,
    pub y: f32,
    pub k: f32,
}

impl<'a> Flow<'a> {
    pub fn new(f: &'a Fonts, (x, y, w): (f32, f32, f32), k: f32) -> Self {
        Flow {
            f,
            items: Vec::new(),
            x,
            y,
            w,
            k,
        }
    }

    /// One line at `baseline`, aligned within the column.
    pub fn put(&mut self, line: &str, st: St, align: Align, baseline: f32) {
        let free = self.w - self.f.width(line, st.size, st.bold);
        let x = self.x + free * [0.0, 0.5, 1.0][align as usize];
        self.items
            .push(Item::Text((x, baseline), st, 0.0, line.to_owned()));
    }

    /// Already fitted lines (sizes not scaled), `leading` × size apart.
    pub fn lines(&mut self, lines: &[String], st: St, align: Align, leading: f32) {
        for line in lines {
            self.put(line, st, align, self.y + 1.02 * st.size * PT);
            self.y += leading * st.size * PT;
        }
    }

    /// Wrapped paragraph of at most `max_lines` lines, shrinking to 80 % first.
    pub fn para(&mut self, text: &str, st: St, align: Align, max_lines: usize) {
        self.title(text, st, 0.8, max_lines, align);
    }

    /// Text that shrinks down to `min_ratio` of its size to fit in `max_lines` lines.
    pub fn title(&mut self, text: &str, st: St, min_ratio: f32, max_lines: usize, align: Align) {
        let text = self.f.clean(text);
        if !text.trim().is_empty() {
            let st = st.size(st.size * self.k);
            let (st, lines) = self
                .f
                .shrink(&text, self.w, st, st.size * min_ratio, max_lines);
            self.lines(&lines, st, align, if lines.len() > 1 { 1.15 } else { 1.3 });
        }
    }

    /// `left` and `right` (right-aligned) on one line when they fit, else one under the other.
    pub fn pair(&mut self, left: &str, ls: St, right: &str, rs: St) {
        let (l, r) = (self.f.clean(left), self.f.clean(right));
        let (lk, rk) = (ls.size(ls.size * self.k), rs.size(rs.size * self.k));
        let width = self.f.width(&l, lk.size, lk.bold) + self.f.width(&r, rk.size, rk.bold);
        if l.trim().is_empty() || r.trim().is_empty() || width + 3.0 > self.w {
            self.para(&l, ls, Left, 2);
            self.para(&r, rs, Left, 2);
            return;
        }
        let size = lk.size.max(rk.size);
        self.put(&l, lk, Left, self.y + 1.02 * size * PT);
        self.put(&r, rk, Right, self.y + 1.02 * size * PT);
        self.y += 1.3 * size * PT;
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm * self.k;
    }

    pub fn rule(&mut self, width_pt: f32, grey: f32) {
        self.gap(1.0);
        let (from, to) = ((self.x, self.y), (self.x + self.w, self.y));
        self.items.push(Item::Line(from, to, width_pt, grey, None));
        self.gap(1.6);
    }

    /// Centred bold text in a box: white on black when `inverse`, else framed. One line
    /// when it fits at 70 % of the size, else two.
    pub fn banner(&mut self, text: &str, size: f32, inverse: bool) {
        let st = bold(size * self.k).grey(if inverse { 1.0 } else { 0.0 });
        let inner = self.w - 3.0;
        let max_lines = if self.f.wrap(text, inner, st.size * 0.7, true).len() == 1 {
            1
        } else {
            2
        };
        let (st, lines) = self.f.shrink(text, inner, st, st.size * 0.6, max_lines);
        let h = (lines.len() as f32 * 1.2 + 0.5) * st.size * PT;
        let (y0, frame) = (self.y, (self.x, self.y, self.w, h));
        self.items
            .push(Item::Rect(frame, 0.0, (!inverse).then_some(1.2)));
        self.y += 0.15 * st.size * PT;
        self.lines(&lines, st, Center, 1.2);
        self.y = y0 + h + 1.5 * self.k;
    }
}

// ---------------------------------------------------------------- the ticket

/// The main part of the ticket (everything but the QR), top-down.
fn main_part(fl: &mut Flow, t: &TicketFace, title_lines: usize) {
    let licence = match t.licence.trim() {
        "" => String::new(),
        licence => format!("Licence n° {licence}"),
    };
    let small = reg(7.5).grey(0.3);
    if t.training {
        fl.banner("MODE FORMATION — NE VAUT PAS TITRE", 11.0, true);
    }
    fl.pair(&t.venue, bold(8.5), &licence, small);
    fl.para(&t.venue_address, small, Left, 1);
    fl.rule(0.6, 0.0);
    fl.title(&t.show, bold(20.0), 0.6, title_lines, Left);
    fl.gap(0.6);
    fl.para(&t.artists, reg(10.0), Left, 2);
    fl.gap(1.0);
    fl.para(&t.when, bold(12.0), Left, 2);
    fl.pair(
        &t.hall,
        bold(12.0),
        t.entry.as_deref().unwrap_or(""),
        reg(10.0),
    );
    fl.rule(0.4, 0.5);
    fl.pair(
        t.seat.as_deref().unwrap_or("Placement libre"),
        bold(16.0),
        &t.price,
        bold(16.0),
    );
    fl.pair(&t.category, reg(9.0), &t.tax_note, small);
    let proof = if t.proof {
        "Justificatif à présenter"
    } else {
        ""
    };
    fl.pair(
        &format!("Tarif\u{a0}: {}", t.tariff),
        reg(10.0),
        proof,
        bold(9.0),
    );
    if t.invitation {
        fl.gap(0.5);
        fl.banner("EXONÉRÉ — INVITATION", 12.0, false);
    }
    if let Some(k) = t.duplicate {
        fl.gap(0.5);
        fl.banner(&format!("DUPLICATA n° {k}"), 12.0, true);
    }
    fl.rule(0.4, 0.5);
    let (number, order) = (
        format!("Billet n° {}", t.number),
        format!("Commande n° {}", t.order),
    );
    fl.pair(&number, bold(8.5), &order, reg(8.5));
    fl.para(&t.sold, reg(7.0).grey(0.3), Left, 2);
}

/// Under the QR: the ticket number, then the entry code in groups of four for typing.
fn under_qr(fl: &mut Flow, t: &TicketFace, number_size: f32, code_size: f32) {
    fl.para(
        &format!("Billet n° {}", t.number),
        bold(number_size),
        Center,
        1,
    );
    let chars: Vec<char> = fl.f.clean(&t.code).chars().collect();
    let groups: Vec<String> = chars.chunks(4).map(|g| g.iter().collect()).collect();
    let lines = fl.f.wrap(&groups.join(" "), fl.w, code_size, false);
    fl.lines(&lines, reg(code_size), Center, 1.18);
}

/// QR in a white square of side `side` mm (quiet zone included), top-left at `(x, y)`.
fn qr(
    c: &mut Vec<Item>,
    t: &TicketFace,
    (x, y): (f32, f32),
    side: f32,
    min_module: f32,
) -> Result<(), PdfError> {
    let too_long = || PdfError::CodeTooLong {
        number: t.number.clone(),
        chars: t.code.chars().count(),
    };
    let code = QrCode::with_error_correction_level(&t.code, EcLevel::M).map_err(|_| too_long())?;
    let (n, quiet) = (code.width(), 4);
    let module = side / (n + 2 * quiet) as f32;
    if module < min_module {
        return Err(too_long());
    }
    c.push(Item::Rect((x, y, side, side), 1.0, None));
    let colors = code.to_colors();
    for row in 0..n {
        let dark = |col: usize| colors[row * n + col] == qrcode::Color::Dark;
        let mut col = 0;
        while col < n {
            let start = col;
            while col < n && dark(col) {
                col += 1;
            }
            if col > start {
                let (mx, my) = (
                    x + (quiet + start) as f32 * module,
                    y + (quiet + row) as f32 * module,
                );
                // a hair taller than a module so that viewers show no seam between rows
                c.push(Item::Rect(
                    (mx, my, (col - start) as f32 * module, module + 0.02),
                    0.0,
                    None,
                ));
            }
            col += 1;
        }
    }
    Ok(())
}

/// Large light diagonal "MODE FORMATION" across the box (drawn first, under everything).
pub(crate) fn watermark(f: &Fonts, c: &mut Vec<Item>, (x, y, w, h): Bx) {
    let text = "MODE FORMATION";
    let angle = (h / w).atan();
    let size = (0.75 * w.hypot(h) / f.width(text, 1.0, true)).min(0.3 * w.min(h) / PT);
    let (half, drop) = (f.width(text, size, true) / 2.0, 0.35 * size * PT);
    let (s, co) = angle.sin_cos();
    let (cx, cy) = (x + w / 2.0 + drop * s, y + h / 2.0 + drop * co);
    let at = (cx - half * co, cy + half * s);
    c.push(Item::Text(
        at,
        bold(size).grey(0.86),
        angle.to_degrees(),
        text.into(),
    ));
}

/// Draws one ticket (slot = band on an A4 page); returns its box and drawing.
fn draw(
    f: &Fonts,
    layout: Layout,
    t: &TicketFace,
    slot: usize,
) -> Result<(Bx, Vec<Item>), PdfError> {
    let mut c = Vec::new();
    let bx = match layout {
        Layout::A4 => (
            A4_MARGIN.0,
            A4_MARGIN.1 + slot as f32 * BAND,
            A4.0 - 2.0 * A4_MARGIN.0,
            BAND,
        ),
        Layout::Stock2x55 => (0.0, 0.0, STOCK.0, STOCK.1),
        Layout::Thermal80 => return Ok(((0.0, 0.0, THERMAL_W, thermal(f, &mut c, t)?), c)),
    };
    banded(f, &mut c, t, layout, bx)?;
    Ok((bx, c))
}

/// A4 band or ticket card: main part on the left, tear-off stub with the QR on the right.
fn banded(
    f: &Fonts,
    c: &mut Vec<Item>,
    t: &TicketFace,
    layout: Layout,
    (x, y, w, h): Bx,
) -> Result<(), PdfError> {
    // padding, stub width, QR side, base scale, minimum module, number and code sizes
    let (pad, stub_w, side, k, min_module, number_size, code_size) = match layout {
        Layout::A4 => (4.0, 54.0, 46.0, 1.0, 0.7, 9.0, 5.5),
        _ => (3.0, 38.0, 32.0, 0.72, 0.5, 7.0, 4.5),
    };
    let stub_x = x + w - stub_w;
    if t.training {
        watermark(f, c, (x, y, stub_x - x, h));
    }
    let (top, bottom) = ((stub_x, y + 2.0), (stub_x, y + h - 2.0));
    c.push(Item::Line(top, bottom, 0.6, 0.45, Some((0.6, 1.0))));
    // the QR's quiet zone may run into the padding: it is white anyway
    let qr_top = y + pad - 1.5;
    qr(
        c,
        t,
        (stub_x + (stub_w - side) / 2.0, qr_top),
        side,
        min_module,
    )?;
    let mut stub = Flow::new(f, (stub_x + 2.0, qr_top + side, stub_w - 2.0 - pad), 1.0);
    under_qr(&mut stub, t, number_size, code_size);
    c.append(&mut stub.items);
    // the main part, at the largest scale at which it fits the height
    let mut scale = 1.0;
    loop {
        let mut fl = Flow::new(f, (x + pad, y + pad, stub_x - x - 2.0 * pad), k * scale);
        main_part(&mut fl, t, 2);
        if fl.y <= y + h - pad || scale < 0.5 {
            c.append(&mut fl.items);
            return Ok(());
        }
        scale *= 0.95;
    }
}

/// 80 mm roll: one column, the QR centred under it. Returns the page height.
fn thermal(f: &Fonts, c: &mut Vec<Item>, t: &TicketFace) -> Result<f32, PdfError> {
    let (margin, side) = (4.0, 50.0);
    let mut fl = Flow::new(f, (margin, margin, THERMAL_W - 2.0 * margin), 0.95);
    main_part(&mut fl, t, 3);
    let qr_top = fl.y + 1.0;
    if t.training {
        watermark(f, c, (0.0, 0.0, THERMAL_W, qr_top));
    }
    qr(c, t, ((THERMAL_W - side) / 2.0, qr_top), side, 0.5)?;
    fl.y = qr_top + side;
    under_qr(&mut fl, t, 12.0, 6.5);
    c.append(&mut fl.items);
    Ok(fl.y + margin + 2.0)
}

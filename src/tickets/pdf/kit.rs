//! The pieces every PDF of ours is drawn with: the embedded fonts and how
//! text is measured, wrapped and shrunk; drawing items in millimetres from
//! the top-left corner; a column of text laid out top-down; the pages
//! written out as a PDF.

use std::sync::{Arc, OnceLock};

use printpdf::{
    Color, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat,
    Rect, TextItem, TextMatrix, XObject, XObjectId, XObjectTransform,
};

use crate::domain::picture::Pixels;

use super::{BOLD_TTF, PT, PdfError, REGULAR_TTF};
use Align::{Center, Left, Right};

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
    /// A picture (the venue's logo) filling the box; each picture is
    /// written once in the PDF however often it is drawn.
    Image(Bx, Arc<Pixels>),
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

/// The pictures drawn on the pages, each with the id it is written under.
type Pictures = Vec<(Arc<Pixels>, XObjectId)>;

fn to_ops(
    items: Vec<Item>,
    page_h: f32,
    fonts: [&PdfFontHandle; 2],
    pictures: &Pictures,
) -> Vec<Op> {
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
            Item::Image((x, y, w, h), pixels) => {
                let Some((_, id)) = pictures.iter().find(|(p, _)| Arc::ptr_eq(p, &pixels)) else {
                    continue;
                };
                // the width in pixels over the width in inches; the height follows
                let dpi = pixels.width as f32 * 25.4 / w.max(0.1);
                let transform = XObjectTransform {
                    translate_x: Some(pt(x)),
                    translate_y: Some(pt(page_h - y - h)),
                    dpi: Some(dpi),
                    ..XObjectTransform::default()
                };
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform,
                });
            }
        }
    }
    ops
}

/// Each distinct picture of the pages, added to the document once under a
/// fixed id (the same PDF for the same tickets).
fn add_pictures(doc: &mut PdfDocument, pages: &[((f32, f32), Vec<Item>)]) -> Pictures {
    let mut pictures: Pictures = Vec::new();
    for (_, items) in pages {
        for item in items {
            let Item::Image(_, pixels) = item else {
                continue;
            };
            if pictures.iter().any(|(p, _)| Arc::ptr_eq(p, pixels)) {
                continue;
            }
            let id = XObjectId(format!("Picture{}", pictures.len()));
            let raw = RawImage {
                pixels: RawImageData::U8(pixels.rgb.clone()),
                width: pixels.width as usize,
                height: pixels.height as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            };
            let images = &mut doc.resources.xobjects.map;
            images.insert(id.clone(), XObject::Image(raw));
            pictures.push((Arc::clone(pixels), id));
        }
    }
    pictures
}

/// Serialises pages given as (size in mm, items).
pub(crate) fn save(f: &Fonts, title: &str, pages: Vec<((f32, f32), Vec<Item>)>) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let regular = PdfFontHandle::External(doc.add_font(&f.regular));
    let bold = PdfFontHandle::External(doc.add_font(&f.bold));
    let pictures = add_pictures(&mut doc, &pages);
    let page = |((w, h), items)| {
        let ops = to_ops(items, h, [&regular, &bold], &pictures);
        let mut page = PdfPage::new(Mm(w), Mm(h), ops);
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

    /// A picture `height` mm high (scaled) at the left of the column, at
    /// most a third of its width, with what `beside` draws to its right;
    /// the flow goes on below the taller of the two.
    pub fn picture(&mut self, pixels: &Arc<Pixels>, height: f32, beside: impl FnOnce(&mut Self)) {
        // width over height, both at least one pixel: never zero
        let ratio = pixels.width.max(1) as f32 / pixels.height.max(1) as f32;
        let mut h = height * self.k;
        let w = (h * ratio).min(self.w / 3.0);
        h = w / ratio;
        let (x, top, width) = (self.x, self.y, self.w);
        self.items
            .push(Item::Image((x, top, w, h), Arc::clone(pixels)));
        let gap = 2.0 * self.k;
        (self.x, self.w) = (x + w + gap, width - w - gap);
        beside(self);
        (self.x, self.w) = (x, width);
        self.y = self.y.max(top + h + 0.4 * self.k);
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

//! One ticket laid out: its main part, the stub with the QR code, the
//! training watermark; as an A4 band, a ticket card or an 80 mm roll.

use qrcode::{EcLevel, QrCode};

use super::kit::Align::{Center, Left};
use super::kit::{Bx, Flow, Fonts, Item, bold, reg};
use super::{A4, A4_MARGIN, BAND, Layout, PT, PdfError, STOCK, THERMAL_W, TicketFace};

// ---------------------------------------------------------------- the ticket

/// The venue's logo at the head of the ticket, beside its name and
/// address, in mm at full scale.
const LOGO_HEIGHT: f32 = 7.0;

/// The show's picture beside its title and artists, in mm at full scale:
/// no taller than they are, so that nothing else moves.
const POSTER_HEIGHT: f32 = 10.0;

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
    let head = |fl: &mut Flow| {
        fl.pair(&t.venue, bold(8.5), &licence, small);
        fl.para(&t.venue_address, small, Left, 1);
    };
    match &t.logo {
        Some(logo) => fl.picture(logo, LOGO_HEIGHT, head),
        None => head(fl),
    }
    fl.rule(0.6, 0.0);
    let title = |fl: &mut Flow| {
        fl.title(&t.show, bold(20.0), 0.6, title_lines, Left);
        fl.gap(0.6);
        fl.para(&t.artists, reg(10.0), Left, 2);
    };
    match &t.poster {
        // On a roll, above the title: the column is too narrow to share.
        Some(poster) if title_lines > 2 => {
            fl.picture(poster, POSTER_HEIGHT * 1.6, |_| {});
            title(fl);
        }
        Some(poster) => fl.picture(poster, POSTER_HEIGHT, title),
        None => title(fl),
    }
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
    let (number, order) = (numbered(t), format!("Commande n° {}", t.order));
    fl.pair(&number, bold(8.5), &order, reg(8.5));
    fl.para(&t.sold, reg(7.0).grey(0.3), Left, 2);
}

/// "Billet n° 000123", or a pass's "Carte n° 1 sur 2".
fn numbered(t: &TicketFace) -> String {
    match t.pass_card {
        true => format!("Carte n° {}", t.number),
        false => format!("Billet n° {}", t.number),
    }
}

/// Under the QR: the ticket number, then the entry code in groups of four for typing.
fn under_qr(fl: &mut Flow, t: &TicketFace, number_size: f32, code_size: f32) {
    fl.para(&numbered(t), bold(number_size), Center, 1);
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
pub(super) fn draw(
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

//! PDF of a gift voucher or credit note as handed to its holder: the
//! venue, what it is, its amount, its code large, until when it is taken.
//! Printed once, when it is issued: the file keeps only the code's digest,
//! so it cannot be made again later. One A6 card on an A4 page's corner
//! (the office printer), or the width of an 80 mm roll.

use super::pdf::{Align, Flow, Layout, PdfError, bold, fonts, reg, save, watermark};

/// Everything printed on a voucher, already worded by the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoucherFace {
    pub venue: String,
    pub venue_address: String,
    /// "BON CADEAU" or "AVOIR".
    pub title: String,
    pub amount: String,
    /// As printed: four groups of four.
    pub code: String,
    /// "Valable jusqu’au 07/12/2027 inclus", "Sans date d’expiration".
    pub until: String,
    /// "Commande n° 12 — lundi 7 décembre 2026".
    pub issued: String,
    /// How it is spent, one line.
    pub how: String,
    pub training: bool,
}

const TRAINING: &str = "MODE FORMATION — NE VAUT PAS TITRE";

/// Renders a voucher as a PDF.
pub fn voucher(layout: Layout, face: &VoucherFace) -> Result<Vec<u8>, PdfError> {
    let f = fonts()?;
    let roll = layout == Layout::Thermal80;
    let (width, margin) = if roll { (80.0, 4.0) } else { (105.0, 10.0) };
    let mut fl = Flow::new(f, (margin, 10.0, width - 2.0 * margin), 1.0);
    if face.training {
        fl.banner(TRAINING, 10.0, true);
    }
    fl.title(&face.venue, bold(13.0), 0.7, 2, Align::Center);
    fl.para(&face.venue_address, reg(8.5).grey(0.3), Align::Center, 2);
    fl.gap(3.0);
    fl.banner(&face.title, 16.0, true);
    fl.gap(2.0);
    fl.title(&face.amount, bold(28.0), 0.6, 1, Align::Center);
    fl.gap(2.0);
    fl.para("Code", reg(8.5).grey(0.35), Align::Center, 1);
    fl.title(&face.code, bold(17.0), 0.6, 1, Align::Center);
    fl.gap(2.0);
    fl.para(&face.until, bold(10.0), Align::Center, 2);
    fl.para(&face.issued, reg(8.5).grey(0.3), Align::Center, 2);
    fl.gap(2.0);
    fl.rule(0.4, 0.5);
    fl.para(&face.how, reg(8.0).grey(0.3), Align::Center, 4);
    let end = fl.y + 8.0;
    let size = if roll { (80.0, end) } else { (210.0, 297.0) };
    let mut items = Vec::new();
    if face.training {
        watermark(f, &mut items, (0.0, 0.0, width, end));
    }
    items.append(&mut fl.items);
    Ok(save(f, "Bon", vec![(size, items)]))
}

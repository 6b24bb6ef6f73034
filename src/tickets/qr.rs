//! A ticket's code as a PNG picture, for the e-ticket's message (the PDF
//! draws its own, as vectors): the same error correction as printed, a
//! quiet zone of four modules, each module a square of pixels.

use qrcode::{EcLevel, QrCode};

/// Pixels per module: a 49-module code makes a 342-pixel picture, read
/// from a phone's screen at arm's length.
const SCALE: usize = 6;
const QUIET: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the code is too long for a QR code ({0} characters)")]
    TooLong(usize),
    #[error("the picture could not be made: {0}")]
    Png(String),
}

/// The code as a grey-level PNG.
pub fn png(code: &str) -> Result<Vec<u8>, QrError> {
    let qr = QrCode::with_error_correction_level(code, EcLevel::M)
        .map_err(|_| QrError::TooLong(code.chars().count()))?;
    let n = qr.width();
    let colors = qr.to_colors();
    let side = (n + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (row, col) = (i / n + QUIET, i % n + QUIET);
        for y in row * SCALE..(row + 1) * SCALE {
            pixels[y * side + col * SCALE..y * side + (col + 1) * SCALE].fill(0);
        }
    }
    let mut out = Vec::new();
    let side = u32::try_from(side).map_err(|e| QrError::Png(e.to_string()))?;
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| QrError::Png(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| QrError::Png(e.to_string()))?;
    writer.finish().map_err(|e| QrError::Png(e.to_string()))?;
    Ok(out)
}

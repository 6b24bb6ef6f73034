//! A picture the venue gives us: its logo, printed on tickets and shown at
//! the top of every e-mail. Only PNG is taken (a logo's usual format, and
//! one the program decodes itself); the file is checked whole before it is
//! kept (its size first, then its signature, dimensions and every pixel),
//! and a small copy is made once, then, for what prints or leaves by e-mail.

use std::io::Cursor;

use sha2::{Digest, Sha256};

/// The heaviest file taken: a logo is rarely above 200 KB.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// Sides in pixels: below, a logo prints as a smudge; above, it is a photo.
pub const MIN_SIDE: u32 = 32;
pub const MAX_SIDE: u32 = 4000;
/// The small copy's longer side: 300 dpi over 50 mm on a ticket, twice
/// what an e-mail shows.
pub const SMALL_SIDE: u32 = 600;
/// What decoding may allocate (a 4000 × 4000 picture with alpha, and room).
const DECODE_LIMIT: usize = 80 * 1024 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A checked PNG picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub png: Vec<u8>,
    /// The same picture, its longer side at most [`SMALL_SIDE`] (the file
    /// itself when it is that small): what tickets and e-mails carry.
    pub small: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// SHA-256 of the file, in hex: what the journal records of it.
    pub sha256: String,
}

/// Pixels ready to print: 8-bit RGB laid on white, row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pixels({} × {})", self.width, self.height)
    }
}

/// A kind of file that is not a PNG, named in the refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Gif,
    Pdf,
    Webp,
    Svg,
}

/// Why a picture is refused (said in words by `ui::i18n`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    Empty,
    TooHeavy {
        bytes: u64,
    },
    /// What the file seems to be instead, when it is a known kind.
    NotPng(Option<Kind>),
    Damaged(String),
    TooSmall {
        width: u32,
        height: u32,
    },
    TooLarge {
        width: u32,
        height: u32,
    },
}

impl Picture {
    /// Checks `bytes` as a logo: not too heavy, a PNG, sane sides, every
    /// pixel readable.
    pub fn check(bytes: Vec<u8>) -> Result<Picture, PictureError> {
        let heavy = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if bytes.is_empty() {
            return Err(PictureError::Empty);
        }
        if heavy > MAX_BYTES {
            return Err(PictureError::TooHeavy { bytes: heavy });
        }
        if !bytes.starts_with(PNG_SIGNATURE) {
            return Err(PictureError::NotPng(kind_of(&bytes)));
        }
        let decoded = decode(&bytes, true)?;
        let small = if decoded.width.max(decoded.height) <= SMALL_SIDE {
            bytes.clone()
        } else {
            encode(&shrink(&decoded, SMALL_SIDE))?
        };
        let sha256 = data_encoding::HEXLOWER.encode(&Sha256::digest(&bytes));
        Ok(Picture {
            width: decoded.width,
            height: decoded.height,
            png: bytes,
            small,
            sha256,
        })
    }

    /// The small copy's pixels on white, shrunk (by averaging) so that its
    /// longer side is at most `max_side`.
    pub fn pixels(&self, max_side: u32) -> Result<Pixels, PictureError> {
        Ok(shrink(&decode(&self.small, false)?, max_side.max(1)))
    }
}

/// Pixels as an RGB PNG.
fn encode(p: &Pixels) -> Result<Vec<u8>, PictureError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, p.width, p.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let failed = |e: png::EncodingError| PictureError::Damaged(e.to_string());
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&p.rgb).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}

/// What a file that is not a PNG seems to be, for the message.
fn kind_of(bytes: &[u8]) -> Option<Kind> {
    let starts = |s: &[u8]| bytes.starts_with(s);
    Some(if starts(b"\xff\xd8\xff") {
        Kind::Jpeg
    } else if starts(b"GIF8") {
        Kind::Gif
    } else if starts(b"%PDF") {
        Kind::Pdf
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Kind::Webp
    } else if starts(b"<svg") || starts(b"<?xml") {
        Kind::Svg
    } else {
        return None;
    })
}

/// Every pixel of a PNG as 8-bit RGB laid on white; `sides` checks the
/// sides a logo may have before a pixel is read (the small copy may be
/// thinner than a logo's least side).
fn decode(bytes: &[u8], sides: bool) -> Result<Pixels, PictureError> {
    let damaged = |e: png::DecodingError| PictureError::Damaged(e.to_string());
    let mut decoder = png::Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: DECODE_LIMIT,
        },
    );
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(damaged)?;
    let (width, height) = (reader.info().width, reader.info().height);
    if sides && (width < MIN_SIDE || height < MIN_SIDE) {
        return Err(PictureError::TooSmall { width, height });
    }
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(PictureError::TooLarge { width, height });
    }
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| PictureError::Damaged("its size overflows".into()))?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(damaged)?;
    let channels = frame.color_type.samples();
    let (w, h) = (frame.width as usize, frame.height as usize);
    let mut rgb = Vec::with_capacity(w * h * 3);
    for row in buf.chunks(frame.line_size).take(h) {
        for px in row.chunks(channels).take(w) {
            let (r, g, b, a) = match *px {
                [v] => (v, v, v, 255),
                [v, a] => (v, v, v, a),
                [r, g, b] => (r, g, b, 255),
                [r, g, b, a] => (r, g, b, a),
                _ => return Err(PictureError::Damaged("a pixel is cut short".into())),
            };
            for c in [r, g, b] {
                rgb.push(on_white(c, a));
            }
        }
    }
    if rgb.len() != w * h * 3 {
        return Err(PictureError::Damaged("rows are missing".into()));
    }
    Ok(Pixels {
        width: frame.width,
        height: frame.height,
        rgb,
    })
}

/// A channel of a pixel of opacity `a` laid on white.
fn on_white(c: u8, a: u8) -> u8 {
    let (c, a) = (u32::from(c), u32::from(a));
    // c·a + 255·(255 − a), over 255, rounded: at most 255.
    u8::try_from((c * a + 255 * (255 - a) + 127) / 255).unwrap_or(u8::MAX)
}

/// `p` shrunk by averaging boxes of pixels so its longer side is at most
/// `max_side` (never enlarged).
fn shrink(p: &Pixels, max_side: u32) -> Pixels {
    let longer = p.width.max(p.height);
    if longer <= max_side {
        return p.clone();
    }
    let scale = |side: u32| (u64::from(side) * u64::from(max_side) / u64::from(longer)).max(1);
    let (nw, nh) = (scale(p.width), scale(p.height));
    let (w, h) = (u64::from(p.width), u64::from(p.height));
    let mut rgb = Vec::with_capacity((nw * nh * 3) as usize);
    for y in 0..nh {
        let (y0, y1) = (y * h / nh, ((y + 1) * h / nh).max(y * h / nh + 1));
        for x in 0..nw {
            let (x0, x1) = (x * w / nw, ((x + 1) * w / nw).max(x * w / nw + 1));
            let mut sum = [0u64; 3];
            for sy in y0..y1 {
                for sx in x0..x1 {
                    let at = ((sy * w + sx) * 3) as usize;
                    for (c, s) in sum.iter_mut().enumerate() {
                        *s += u64::from(p.rgb[at + c]);
                    }
                }
            }
            let n = (y1 - y0) * (x1 - x0);
            for s in sum {
                rgb.push(u8::try_from((s + n / 2) / n).unwrap_or(u8::MAX));
            }
        }
    }
    Pixels {
        width: u32::try_from(nw).unwrap_or(1),
        height: u32::try_from(nh).unwrap_or(1),
        rgb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `width` × `height` PNG: grey with alpha, a dark half-transparent
    /// left half and an opaque white right half.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, width, height);
        e.set_color(png::ColorType::GrayscaleAlpha);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().unwrap();
        let mut data = Vec::new();
        for _ in 0..height {
            for x in 0..width {
                if x < width / 2 {
                    data.extend([0, 128]);
                } else {
                    data.extend([255, 255]);
                }
            }
        }
        w.write_image_data(&data).unwrap();
        w.finish().unwrap();
        out
    }

    #[test]
    fn a_png_is_taken_and_laid_on_white() {
        let p = Picture::check(png(64, 40)).unwrap();
        assert_eq!((p.width, p.height), (64, 40));
        assert_eq!(p.sha256.len(), 64);
        let px = p.pixels(1000).unwrap();
        assert_eq!(px.rgb.len(), 64 * 40 * 3);
        // black at half opacity on white: mid grey
        assert_eq!(px.rgb[0], 127);
        assert_eq!(px.rgb[63 * 3], 255);
    }

    #[test]
    fn shrinking_keeps_the_shape_and_averages() {
        let p = Picture::check(png(400, 160)).unwrap();
        let px = p.pixels(100).unwrap();
        assert_eq!((px.width, px.height), (100, 40));
        assert_eq!(px.rgb.len(), 100 * 40 * 3);
        // the left half (black at half opacity) averages to mid grey
        assert_eq!(px.rgb[0], 127);
        // a picture within the small side is its own small copy
        assert_eq!(p.small, p.png);
        let big = Picture::check(png(1200, 300)).unwrap();
        let small = Picture::check(big.small.clone()).unwrap();
        assert_eq!((small.width, small.height), (600, 150));
    }

    #[test]
    fn palette_and_16_bit_pictures_read_on_white() {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 40, 40);
        e.set_color(png::ColorType::Indexed);
        e.set_depth(png::BitDepth::Four);
        e.set_palette(vec![0, 0, 0, 255, 0, 0]);
        e.set_trns(vec![0]); // colour 0 transparent: white once laid
        let mut w = e.write_header().unwrap();
        let row: Vec<u8> = (0..20).map(|i| if i < 10 { 0x00 } else { 0x11 }).collect();
        w.write_image_data(&row.repeat(40)).unwrap();
        w.finish().unwrap();
        let px = Picture::check(out).unwrap().pixels(600).unwrap();
        assert_eq!(&px.rgb[..3], &[255, 255, 255]);
        assert_eq!(&px.rgb[39 * 3..40 * 3], &[255, 0, 0]);
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 32, 32);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Sixteen);
        let mut w = e.write_header().unwrap();
        w.write_image_data(&[0, 0, 0x80, 0, 0xff, 0xff, 0xff, 0xff].repeat(32 * 32))
            .unwrap();
        w.finish().unwrap();
        let px = Picture::check(out).unwrap().pixels(600).unwrap();
        assert_eq!(&px.rgb[..3], &[0, 128, 255]);
    }

    /// CRC-32 of a PNG chunk (type and data).
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn a_header_that_claims_a_huge_picture_is_refused_before_a_pixel_is_read() {
        let mut lying = png(32, 32);
        // IHDR's data starts at 16: width, then height, big-endian.
        lying[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        lying[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let sum = crc(&lying[12..29]);
        lying[29..33].copy_from_slice(&sum.to_be_bytes());
        assert_eq!(
            Picture::check(lying),
            Err(PictureError::TooLarge {
                width: 100_000,
                height: 100_000
            })
        );
    }

    #[test]
    fn what_is_not_a_sane_png_is_refused_with_what_it_is() {
        assert_eq!(Picture::check(vec![]), Err(PictureError::Empty));
        let jpeg = vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10];
        assert_eq!(
            Picture::check(jpeg),
            Err(PictureError::NotPng(Some(Kind::Jpeg)))
        );
        assert_eq!(
            Picture::check(b"%PDF-1.7".to_vec()),
            Err(PictureError::NotPng(Some(Kind::Pdf)))
        );
        let heavy = vec![0; (MAX_BYTES + 1) as usize];
        assert!(matches!(
            Picture::check(heavy),
            Err(PictureError::TooHeavy { .. })
        ));
        let mut cut = png(64, 64);
        cut.truncate(cut.len() - 20);
        assert!(matches!(Picture::check(cut), Err(PictureError::Damaged(_))));
        assert_eq!(
            Picture::check(png(16, 64)),
            Err(PictureError::TooSmall {
                width: 16,
                height: 64
            })
        );
        assert_eq!(
            Picture::check(png(4001, 40)),
            Err(PictureError::TooLarge {
                width: 4001,
                height: 40
            })
        );
    }
}

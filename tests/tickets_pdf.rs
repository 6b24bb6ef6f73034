//! Ticket and receipt PDFs: text, fonts, page sizes, QR decoding, no overflow.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use guichet::domain::picture::{Picture, Pixels};

use guichet::tickets::pdf::{
    Layout, PdfError, TicketFace, fit, text_boxes, text_width_mm, tickets,
};
use guichet::tickets::receipt::{ReceiptFace, ReceiptLine, TaxRow, receipt};
use lopdf::{Document, Object};

const LAYOUTS: [Layout; 3] = [Layout::A4, Layout::Thermal80, Layout::Stock2x55];
/// A realistic signed code: "G1" + 134 base32 characters (an 84-byte payload).
const CODE: &str = "G1MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3EMVTGO2DJNJVWY3LON5YHC4TTORZHM53YPF5GCYTDMRSWMZ3IN\
                    FVGW3DNNZXXA4LSON2HK5TXPB4XUMJSGM2DKNRXHA4TAMJS";

fn face() -> TicketFace {
    TicketFace {
        venue: "Association Théâtre des Quais".into(),
        venue_address: "12, quai de la Fosse, 44000 Nantes".into(),
        licence: "PLATESV-D-2024-001234".into(),
        show: "Cyrano de Bergerac".into(),
        artists: "Compagnie des Échappés · mise en scène Zoé Lefèvre".into(),
        when: "mardi 24 novembre 2026 · 20 h 00".into(),
        hall: "Grande salle".into(),
        category: "Catégorie 1 — Orchestre centre".into(),
        seat: Some("Orchestre, rang F, 12".into()),
        entry: None,
        tariff: "Réduit".into(),
        proof: true,
        price: "23,50\u{a0}€".into(),
        tax_note: "dont TVA 5,5\u{a0}% : 1,23\u{a0}€".into(),
        invitation: false,
        pass_card: false,
        number: "000123".into(),
        order: "42".into(),
        sold: "Vendu le 23/11/2026 à 19 h 04 · Guichet 1 · Claire".into(),
        duplicate: None,
        training: false,
        code: CODE.into(),
        logo: None,
        poster: None,
    }
}

/// The demo venue's logo as tickets print it.
fn logo() -> Arc<Pixels> {
    let png = std::fs::read("assets/demo/logo.png").unwrap();
    Arc::new(Picture::check(png).unwrap().pixels(600).unwrap())
}

fn with_logo(t: TicketFace) -> TicketFace {
    TicketFace {
        logo: Some(logo()),
        ..t
    }
}

fn doc(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("valid PDF")
}

/// Text of every page, whitespace runs (incl. no-break spaces) collapsed to one space.
fn text(pdf: &[u8]) -> String {
    let d = doc(pdf);
    let pages: Vec<u32> = d.get_pages().keys().copied().collect();
    let raw = d.extract_text(&pages).expect("text");
    raw.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn norm(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_has(text: &str, needle: &str, what: &str) {
    assert!(
        text.contains(&norm(needle)),
        "{what}: {needle:?} missing from {text:?}"
    );
}

#[test]
fn every_mention_is_in_the_text_for_each_layout() {
    let t = face();
    for layout in LAYOUTS {
        let s = text(&tickets(layout, std::slice::from_ref(&t)).unwrap());
        let what = format!("{layout:?}");
        for needle in [
            "Association Théâtre des Quais",
            "12, quai de la Fosse, 44000 Nantes",
            "PLATESV-D-2024-001234",
            "Cyrano de Bergerac",
            "Compagnie des Échappés · mise en scène Zoé Lefèvre",
            "mardi 24 novembre 2026 · 20 h 00",
            "Grande salle",
            "Catégorie 1 — Orchestre centre",
            "Orchestre, rang F, 12",
            "Réduit",
            "Justificatif à présenter",
            "23,50 €",
            "dont TVA 5,5 % : 1,23 €",
            "Billet n° 000123",
            "Commande n° 42",
            "Vendu le 23/11/2026 à 19 h 04 · Guichet 1 · Claire",
        ] {
            assert_has(&s, needle, &what);
        }
        assert!(
            !s.contains("Placement libre"),
            "{what}: numbered seat printed as GA"
        );
        assert!(
            !s.contains("DUPLICATA") && !s.contains("FORMATION") && !s.contains("EXONÉRÉ"),
            "{what}: {s}"
        );
        // the code is printed for typing (in groups of four)
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(compact.contains(CODE), "{what}: code not printed");
    }
}

#[test]
fn a_minus_sign_in_a_tariff_name_prints_as_a_hyphen() {
    // The demo's "Jeune (−26 ans)" (U+2212, not in the font) came out "?26".
    let young = TicketFace {
        tariff: "Jeune (\u{2212}26 ans)".into(),
        ..face()
    };
    let t = text(&tickets(Layout::A4, &[young]).unwrap());
    assert_has(&t, "Jeune (-26 ans)", "the tariff");
}

#[test]
fn general_admission_and_timed_entry() {
    let t = TicketFace {
        seat: None,
        entry: Some("Entrée 14 h 00 – 15 h 00".into()),
        ..face()
    };
    for layout in LAYOUTS {
        let s = text(&tickets(layout, std::slice::from_ref(&t)).unwrap());
        assert_has(&s, "Placement libre", &format!("{layout:?}"));
        assert_has(&s, "Entrée 14 h 00 – 15 h 00", &format!("{layout:?}"));
    }
}

#[test]
fn invitation_duplicata_and_training_are_printed() {
    let inv = TicketFace {
        invitation: true,
        price: "Gratuit".into(),
        tax_note: String::new(),
        ..face()
    };
    let dup = TicketFace {
        duplicate: Some(2),
        ..face()
    };
    let training = TicketFace {
        training: true,
        ..face()
    };
    for layout in LAYOUTS {
        let what = format!("{layout:?}");
        let s = text(&tickets(layout, std::slice::from_ref(&inv)).unwrap());
        assert_has(&s, "EXONÉRÉ — INVITATION", &what);
        assert_has(&s, "Gratuit", &what);
        assert_has(
            &text(&tickets(layout, std::slice::from_ref(&dup)).unwrap()),
            "DUPLICATA n° 2",
            &what,
        );
        assert_has(
            &text(&tickets(layout, std::slice::from_ref(&training)).unwrap()),
            "MODE FORMATION — NE VAUT PAS TITRE",
            &what,
        );
    }
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap_or(b"")).into_owned()
}

#[test]
fn the_font_is_embedded_guichet_sans_without_fallback() {
    let d = doc(&tickets(Layout::A4, &[face()]).unwrap());
    let (mut fonts, mut programs) = (Vec::new(), 0);
    for obj in d.objects.values() {
        let Ok(dict) = obj.as_dict() else { continue };
        match dict.get(b"Type").map(name).as_deref() {
            Ok("Font") => fonts.push(name(dict.get(b"BaseFont").unwrap())),
            Ok("FontDescriptor") => {
                assert!(name(dict.get(b"FontName").unwrap()).starts_with("GuichetSans-"));
                let stream = d
                    .get_object(dict.get(b"FontFile2").unwrap().as_reference().unwrap())
                    .unwrap();
                let stream = stream.as_stream().unwrap();
                // deflated, and the whole Guichet Sans program (its name table says so)
                assert!(
                    stream.dict.get(b"Filter").is_ok(),
                    "font program not compressed"
                );
                let bytes = stream.decompressed_content().expect("valid FlateDecode");
                assert!(
                    bytes.len() > 20_000,
                    "font program embedded ({} bytes)",
                    bytes.len()
                );
                let family: Vec<u8> = "Guichet Sans"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes)
                    .collect();
                assert!(
                    bytes.windows(family.len()).any(|w| w == family),
                    "not Guichet Sans"
                );
                programs += 1;
            }
            _ => {}
        }
    }
    assert!(
        !fonts.is_empty() && programs == 2,
        "fonts {fonts:?}, programs {programs}"
    );
    for f in &fonts {
        assert!(
            f.starts_with("GuichetSans-") && !f.contains("Helvetica"),
            "font {f}"
        );
    }
}

fn page_sizes(pdf: &[u8]) -> Vec<(f32, f32)> {
    let d = doc(pdf);
    d.page_iter()
        .map(|id| {
            let b = d
                .get_dictionary(id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap();
            let n: Vec<f32> = b.iter().map(|o| o.as_float().unwrap()).collect();
            (n[2] - n[0], n[3] - n[1])
        })
        .collect()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

#[test]
fn page_counts_and_sizes() {
    let five = vec![face(); 5];
    let a4 = page_sizes(&tickets(Layout::A4, &five).unwrap());
    assert_eq!(a4.len(), 2);
    assert!(
        a4.iter()
            .all(|&(w, h)| close(w, 595.276) && close(h, 841.89)),
        "{a4:?}"
    );
    assert_eq!(
        page_sizes(&tickets(Layout::A4, &vec![face(); 4]).unwrap()).len(),
        1
    );
    let stock = page_sizes(&tickets(Layout::Stock2x55, &five).unwrap());
    assert_eq!(stock.len(), 5);
    assert!(
        stock
            .iter()
            .all(|&(w, h)| close(w, 396.0) && close(h, 144.0)),
        "{stock:?}"
    );
    let thermal = page_sizes(&tickets(Layout::Thermal80, &five).unwrap());
    assert_eq!(thermal.len(), 5);
    // 80 mm wide, taller than wide, shorter than a metre
    assert!(
        thermal
            .iter()
            .all(|&(w, h)| close(w, 226.772) && h > 300.0 && h < 2834.0),
        "{thermal:?}"
    );
}

#[test]
fn errors() {
    assert!(matches!(tickets(Layout::A4, &[]), Err(PdfError::NoTickets)));
    // 5000 characters do not fit any QR code; 1000 do, but with modules too small to scan
    for chars in [5000, 1000] {
        let t = TicketFace {
            code: "A".repeat(chars),
            ..face()
        };
        for layout in LAYOUTS {
            let err = tickets(layout, std::slice::from_ref(&t)).unwrap_err();
            assert!(
                matches!(&err, PdfError::CodeTooLong { chars: c, .. } if *c == chars),
                "{err}"
            );
            assert!(err.to_string().contains("000123"), "{err}");
        }
    }
    // ~135 characters, the real size, is fine everywhere (see the QR test)
}

// ------------------------------------------------------------------ QR through a real rasteriser

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tickets_pdf");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Rasterises page 1 with pdftoppm; `None` when poppler-utils is not installed.
fn rasterise(pdf: &[u8], stem: &str, dpi: u32, dir: &Path) -> Option<PathBuf> {
    let path = dir.join(format!("{stem}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let prefix = dir.join(stem);
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
        ])
        .arg(&path)
        .arg(&prefix)
        .status();
    match status {
        Ok(s) if s.success() => Some(prefix.with_extension("png")),
        Ok(s) => panic!("pdftoppm failed: {s}"),
        Err(_) => None,
    }
}

/// Decodes every QR code in the PNG; also checks, for each, that the modules are at least
/// `min_module_mm` wide at `dpi` and that a 4-module quiet zone around it is blank.
fn decode_qr(png_path: &Path, dpi: f32, min_module_mm: f32) -> Vec<String> {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).unwrap());
    let mut reader = png::Decoder::new(file).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let channels = info.color_type.samples(); // pdftoppm may write RGB despite -gray
    let (w, h) = (info.width as usize, info.height as usize);
    let px = |x: usize, y: usize| buf[y * info.line_size + x * channels]; // grey or red
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, px);
    let mut found = Vec::new();
    for grid in img.detect_grids() {
        let Ok((_, content)) = grid.decode() else {
            continue;
        };
        // tight box of the dark modules, from rqrr's approximate corners
        let size = rqrr::BitGrid::size(&grid.grid);
        let xs = grid.bounds.map(|p| p.x.clamp(0, w as i32 - 1) as usize);
        let ys = grid.bounds.map(|p| p.y.clamp(0, h as i32 - 1) as usize);
        let approx = (xs.iter().max().unwrap() - xs.iter().min().unwrap()) / size;
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        for y in ys.iter().min().unwrap().saturating_sub(approx)
            ..(ys.iter().max().unwrap() + approx).min(h)
        {
            for x in xs.iter().min().unwrap().saturating_sub(approx)
                ..(xs.iter().max().unwrap() + approx).min(w)
            {
                if px(x, y) < 128 {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                }
            }
        }
        let module = (x1 + 1 - x0) as f32 / size as f32;
        let module_mm = module / dpi * 25.4;
        assert!(
            module_mm >= min_module_mm,
            "module {module_mm:.2} mm < {min_module_mm} mm"
        );
        let quiet = (3.7 * module) as usize; // 4 modules, minus rounding
        for y in y0.saturating_sub(quiet)..(y1 + quiet).min(h) {
            for x in x0.saturating_sub(quiet)..(x1 + quiet).min(w) {
                let inside = (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
                assert!(
                    inside || px(x, y) > 160,
                    "dark pixel ({x}, {y}) in the quiet zone"
                );
            }
        }
        found.push(content);
    }
    found
}

#[test]
fn the_qr_code_decodes_from_the_rasterised_pdf_for_each_layout() {
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        eprintln!("NOTE: pdftoppm (poppler-utils) not installed; QR rasterisation test skipped");
        return;
    }
    let dir = out_dir();
    for (layout, training) in LAYOUTS.iter().flat_map(|l| [(*l, false), (*l, true)]) {
        // with the logo, drawn first in the ticket, when training
        let t = TicketFace {
            training,
            logo: training.then(logo),
            ..face()
        };
        let pdf = tickets(layout, &[t]).unwrap();
        let png = rasterise(&pdf, &format!("qr-{layout:?}-{training}"), 300, &dir).unwrap();
        let min_module = if layout == Layout::A4 { 0.7 } else { 0.5 };
        let decoded = decode_qr(&png, 300.0, min_module);
        assert_eq!(
            decoded,
            vec![CODE.to_owned()],
            "{layout:?} training={training}"
        );
    }
}

// ------------------------------------------------------------------ nothing overflows

const LONG_TITLE: &str = "Les Fourberies de Scapin — une comédie-ballet en trois actes";

#[test]
fn fit_keeps_every_line_within_the_width() {
    assert_eq!(LONG_TITLE.chars().count(), 60);
    for (width, size, bold) in [
        (60.0, 18.0, true),
        (30.0, 12.0, false),
        (72.0, 20.0, true),
        (5.0, 12.0, true),
    ] {
        let lines = fit(LONG_TITLE, width, size, bold).unwrap();
        assert!(lines.len() > 1);
        assert_eq!(
            norm(&lines.join(" ")).replace(' ', ""),
            LONG_TITLE.replace(' ', "")
        );
        for l in &lines {
            assert!(
                text_width_mm(l, size, bold).unwrap() <= width + 1e-3,
                "{l:?} wider than {width} mm"
            );
        }
    }
    // a wide glyph run: measured, not guessed
    assert!(
        text_width_mm("WWWW", 10.0, true).unwrap()
            > text_width_mm("iiii", 10.0, true).unwrap() * 2.0
    );
}

fn assert_inside(layout: Layout, t: &TicketFace) {
    let (ticket, boxes) = text_boxes(layout, t).unwrap();
    assert!(!boxes.is_empty());
    for (s, b) in &boxes {
        let ok = b.left >= ticket.left - 0.01
            && b.right <= ticket.right + 0.01
            && b.top >= ticket.top - 0.01
            && b.bottom <= ticket.bottom + 0.01;
        assert!(
            ok,
            "{layout:?}: {s:?} at {b:?} leaves the ticket {ticket:?}"
        );
    }
    // the title is never cut when it merely is long
    let all: String = boxes
        .iter()
        .map(|(s, _)| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if t.show == LONG_TITLE {
        assert!(
            norm(&all).contains(LONG_TITLE),
            "{layout:?}: title cut: {all}"
        );
    }
}

fn worst() -> TicketFace {
    TicketFace {
        show: LONG_TITLE.repeat(3),
        venue: "Association pour le développement du spectacle vivant en Loire-Atlantique".into(),
        artists: "Avec Marie-Hélène Dupont-Aignan, Jean-Baptiste Poquelin, Françoise d'Aubigné"
            .into(),
        seat: Some("Corbeille côté jardin, loge 4, rang B, fauteuil 112".into()),
        category: "Catégorie 2 — Corbeille et loges de côté, visibilité partielle".into(),
        entry: Some("Entrée 14 h 00 – 15 h 00".into()),
        invitation: true,
        duplicate: Some(12),
        training: true,
        number: "0001234567".into(),
        ..face()
    }
}

#[test]
fn a_long_french_title_and_long_fields_stay_inside_the_ticket() {
    let long = TicketFace {
        show: LONG_TITLE.into(),
        ..face()
    };
    let worst = worst();
    for layout in LAYOUTS {
        assert_inside(layout, &long);
        assert_inside(layout, &worst);
        assert_inside(layout, &face());
        assert_inside(layout, &with_logo(long.clone()));
        assert_inside(layout, &with_logo(worst.clone()));
    }
}

/// The size each line of text is set at, by its text.
fn sizes(layout: Layout, t: &TicketFace) -> Vec<(String, f32)> {
    let (_, boxes) = text_boxes(layout, t).unwrap();
    boxes
        .into_iter()
        .map(|(s, b)| (s, ((b.bottom - b.top) * 100.0).round() / 100.0))
        .collect()
}

#[test]
fn the_venue_s_logo_heads_each_layout_written_once_and_the_mentions_keep_their_size() {
    for layout in LAYOUTS {
        let pdf = tickets(layout, &vec![with_logo(face()); 3]).unwrap();
        let d = doc(&pdf);
        let images = d
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").is_ok_and(|t| name(t) == "Image"))
            .count();
        assert_eq!(images, 1, "{layout:?}: one picture for three tickets");
        // Every line keeps the size it has without the logo: nothing shrinks.
        let sorted = |mut v: Vec<(String, f32)>| {
            v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            v
        };
        let plain = sorted(sizes(layout, &face()));
        let logo = sorted(sizes(layout, &with_logo(face())));
        assert_eq!(plain, logo, "{layout:?}");
        // And a ticket without a logo draws no picture.
        let plain = doc(&tickets(layout, &[face()]).unwrap());
        assert!(
            plain
                .objects
                .values()
                .filter_map(|o| o.as_stream().ok())
                .all(|s| !s.dict.get(b"Subtype").is_ok_and(|t| name(t) == "Image")),
            "{layout:?}"
        );
    }
}

/// A show's picture (a landscape poster; the demo's logo serves).
fn with_poster(t: TicketFace) -> TicketFace {
    TicketFace {
        poster: Some(logo()),
        ..with_logo(t)
    }
}

#[test]
fn the_show_s_picture_sits_beside_its_title_and_every_mention_stays_inside() {
    for layout in LAYOUTS {
        assert_inside(layout, &with_poster(face()));
        assert_inside(layout, &with_poster(worst()));
        // A long title beside (or, on a roll, under) the picture is whole.
        let long = TicketFace {
            show: LONG_TITLE.into(),
            ..face()
        };
        assert_inside(layout, &with_poster(long.clone()));
        let said = text(&tickets(layout, &[with_poster(long)]).unwrap());
        assert_has(&said, LONG_TITLE, &format!("{layout:?}: the title whole"));
        let text = text(&tickets(layout, &[with_poster(face())]).unwrap());
        for mention in ["Cyrano de Bergerac", "Orchestre, rang F, 12", "Licence"] {
            assert_has(&text, mention, &format!("{layout:?}"));
        }
        // Beside the title: the lines under it keep their size.
        let sorted = |mut v: Vec<(String, f32)>| {
            // (the title and artists themselves may wrap in the narrower room)
            let title = "Cyrano de Bergerac Compagnie des Échappés · mise en scène Zoé Lefèvre";
            v.retain(|(s, _)| !title.contains(s.as_str()));
            v.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            v
        };
        assert_eq!(
            sorted(sizes(layout, &with_logo(face()))),
            sorted(sizes(layout, &with_poster(face()))),
            "{layout:?}"
        );
    }
}

// ------------------------------------------------------------------ receipt

fn receipt_face() -> ReceiptFace {
    ReceiptFace {
        venue: "Association Théâtre des Quais".into(),
        venue_address: "12, quai de la Fosse, 44000 Nantes".into(),
        ids: vec![
            "SIRET 123 456 789 00012".into(),
            "TVA intracommunautaire FR12 123456789".into(),
        ],
        order: "42".into(),
        sold: "Vendu le 23/11/2026 à 19 h 04 · Guichet 1 · Claire".into(),
        lines: vec![
            ReceiptLine {
                label: "Cyrano de Bergerac — 24/11/2026 20 h 00 — Plein tarif".into(),
                quantity: 2,
                unit: "28,00 €".into(),
                amount: "56,00 €".into(),
            },
            ReceiptLine {
                label: "Réduit".into(),
                quantity: 1,
                unit: "23,50 €".into(),
                amount: "23,50 €".into(),
            },
            ReceiptLine {
                label: "Programme".into(),
                quantity: 1,
                unit: "5,00 €".into(),
                amount: "5,00 €".into(),
            },
        ],
        taxes: vec![
            TaxRow {
                label: "TVA 5,5 %".into(),
                base: "75,36 €".into(),
                tax: "4,14 €".into(),
                total: "79,50 €".into(),
            },
            TaxRow {
                label: "TVA 20 %".into(),
                base: "4,17 €".into(),
                tax: "0,83 €".into(),
                total: "5,00 €".into(),
            },
        ],
        total: "84,50 €".into(),
        payments: vec![
            ("Espèces".into(), "50,00 €".into()),
            ("Carte bancaire".into(), "40,00 €".into()),
        ],
        change: Some("5,50 €".into()),
        training: false,
        duplicate: None,
    }
}

#[test]
fn receipt_shows_lines_taxes_total_payments_and_change() {
    let r = receipt_face();
    for layout in LAYOUTS {
        let what = format!("{layout:?}");
        let s = text(&receipt(layout, &r).unwrap());
        for needle in [
            "Association Théâtre des Quais",
            "SIRET 123 456 789 00012",
            "Commande n° 42",
            "Plein tarif",
            "56,00 €",
            "28,00 €",
            "Réduit",
            "23,50 €",
            "TVA 5,5 %",
            "75,36 €",
            "4,14 €",
            "79,50 €",
            "TVA 20 %",
            "0,83 €",
            "Total",
            "84,50 €",
            "Espèces",
            "50,00 €",
            "Carte bancaire",
            "40,00 €",
            "Rendu",
            "5,50 €",
        ] {
            assert_has(&s, needle, &what);
        }
    }
    let marked = ReceiptFace {
        training: true,
        duplicate: Some(3),
        ..r
    };
    let s = text(&receipt(Layout::Thermal80, &marked).unwrap());
    assert_has(&s, "MODE FORMATION — NE VAUT PAS TITRE", "receipt");
    assert_has(&s, "DUPLICATA n° 3", "receipt");
}

#[test]
fn a_long_a4_receipt_continues_on_a_second_page() {
    let line = ReceiptLine {
        label: "Plein tarif".into(),
        quantity: 1,
        unit: "28,00 €".into(),
        amount: "28,00 €".into(),
    };
    let r = ReceiptFace {
        lines: vec![line; 80],
        ..receipt_face()
    };
    let sizes = page_sizes(&receipt(Layout::A4, &r).unwrap());
    assert!(
        sizes.len() >= 2
            && sizes
                .iter()
                .all(|&(w, h)| close(w, 595.276) && close(h, 841.89))
    );
    assert_eq!(
        page_sizes(&receipt(Layout::Thermal80, &r).unwrap()).len(),
        1
    );
}

/// Writes sample PDFs and 150 dpi PNGs for a human look:
/// `GUICHET_LOOK_DIR=look cargo test --test tickets_pdf -- --ignored look`.
#[test]
#[ignore]
fn look() {
    let dir = std::env::var("GUICHET_LOOK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| out_dir());
    std::fs::create_dir_all(&dir).unwrap();
    let ga = TicketFace {
        seat: None,
        entry: Some("Entrée 14 h 00 – 15 h 00".into()),
        show: LONG_TITLE.into(),
        tariff: "Plein".into(),
        proof: false,
        number: "000124".into(),
        ..face()
    };
    let inv = TicketFace {
        invitation: true,
        price: "Gratuit".into(),
        tax_note: String::new(),
        number: "000125".into(),
        ..face()
    };
    let dup = TicketFace {
        duplicate: Some(2),
        training: true,
        ..with_logo(face())
    };
    for layout in LAYOUTS {
        let worst = tickets(layout, &[worst()]).unwrap();
        rasterise(&worst, &format!("{layout:?}-worst"), 150, &dir);
        for (name, t) in [
            ("ticket", &face()),
            ("ga", &ga),
            ("invitation", &inv),
            ("dup-training", &dup),
        ] {
            if layout == Layout::A4 && name != "ticket" {
                continue;
            }
            let faces = if layout == Layout::A4 {
                vec![face(), ga.clone(), inv.clone(), dup.clone()]
            } else {
                vec![t.clone()]
            };
            rasterise(
                &tickets(layout, &faces).unwrap(),
                &format!("{layout:?}-{name}"),
                150,
                &dir,
            );
        }
        rasterise(
            &receipt(layout, &receipt_face()).unwrap(),
            &format!("{layout:?}-receipt"),
            150,
            &dir,
        );
    }
}

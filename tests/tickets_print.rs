//! Tickets of real sales: every mention printed from the database, the
//! duplicata, the receipt's tax table, PDFs kept under the data folder,
//! and printing that fails with a message that says why.

mod common;

use common::{Fixture, now, system};
use guichet::counter::printed::{self as faces, self as tickets};
use guichet::counter::{self, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::terminal::Terminal;
use guichet::tickets::pdf::Layout;
use guichet::tickets::print::{self, Destination, PrintError, PrintSettings};

fn text_of(pdf: &std::path::Path) -> String {
    let doc = lopdf::Document::load(pdf).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text")
}

/// Two seats of Cyrano, PLEIN and EXONERE, paid 50 € in cash.
fn sale(t: &mut Terminal) -> counter::Sold {
    let p = guichet::programming::upcoming(&t.store, now(), 50)
        .unwrap()
        .into_iter()
        .find(|l| l.hall == "Grande salle")
        .unwrap()
        .id;
    let o = offer::load(&t.store, p, None, now()).unwrap();
    let item = |label: &str, code: &str| Item {
        performance_id: p,
        place: Place::Seat(o.find_seat(label).unwrap()),
        tariff_id: o.tariff(code).unwrap().tariff.id,
    };
    let by = system(t);
    counter::sell::sell(
        &mut t.store,
        &t.signer,
        &by,
        &SaleRequest {
            quoted: Vec::new(),
            items: vec![item("F12", "PLEIN"), item("F14", "EXONERE")],
            tenders: vec![Tender {
                voucher: None,
                method: Method::Cash,
                amount: Cents(5_000),
            }],
            ..SaleRequest::default()
        },
        now(),
    )
    .unwrap()
}

#[test]
fn a_sale_s_tickets_carry_every_mention_and_their_signed_code() {
    let (f, mut t) = Fixture::demo();
    let sold = sale(&mut t);
    let faces = faces::of_order(&t.store, sold.order_id).unwrap();
    assert_eq!(faces.len(), 2);
    assert_eq!(faces[0].code, sold.tickets[0].code);
    assert_eq!(faces[0].seat.as_deref(), Some("Orchestre, rang F, 12"));
    assert!(faces[1].invitation);
    assert_eq!(faces[1].price, "Gratuit");
    for layout in [Layout::A4, Layout::Thermal80, Layout::Stock2x55] {
        let pdf = tickets::make(&t.store, &f.db, sold.order_id, None, layout, now()).unwrap();
        assert!(
            pdf.starts_with(f.dir.path().join("tickets")),
            "kept under the data folder"
        );
        let text = text_of(&pdf);
        for mention in [
            "Association Scènes des Quais",
            "PLATESV-D-2024-001234",
            "Cyrano de Bergerac",
            "lundi 23 novembre 2026 · 20 h 00",
            "Grande salle",
            "Orchestre, rang F, 12",
            "Catégorie 1",
            "32,00",
            "EXONÉRÉ — INVITATION",
            "Gratuit",
            &format!("Billet n° {:06}", sold.tickets[0].number),
            &format!("Commande n° {}", sold.number),
            "dont TVA 5,5",
        ] {
            assert!(
                text.contains(mention),
                "{layout:?} lacks {mention:?}:\n{text}"
            );
        }
    }
}

#[test]
fn a_reprint_prints_a_numbered_duplicata_with_the_same_code() {
    let (f, mut t) = Fixture::demo();
    let sold = sale(&mut t);
    let by = system(&t);
    let n = sold.tickets[0].number;
    guichet::counter::orders::reprint(&mut t.store, &t.signer, &by, n, now()).unwrap();
    guichet::counter::orders::reprint(&mut t.store, &t.signer, &by, n, now()).unwrap();
    let pdf = tickets::make(
        &t.store,
        &f.db,
        sold.order_id,
        Some(n),
        Layout::Thermal80,
        now(),
    )
    .unwrap();
    assert!(pdf.ends_with(format!("billet-{n:06}-duplicata-2.pdf")));
    let text = text_of(&pdf);
    assert!(text.contains("DUPLICATA n° 2"), "{text}");
    let faces = faces::of_ticket(&t.store, sold.order_id, n).unwrap();
    assert_eq!(faces.len(), 1);
    assert_eq!(faces[0].code, sold.tickets[0].code, "the same code");
    // A cancelled order has nothing left to print.
    guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        sold.order_id,
        &[],
        Method::Cash,
        now(),
    )
    .unwrap();
    let e = tickets::make(&t.store, &f.db, sold.order_id, None, Layout::A4, now()).unwrap_err();
    assert!(e.to_string().contains("no valid ticket"), "{e}");
}

#[test]
fn the_receipt_shows_the_recorded_tax_table_payments_and_change() {
    let (f, mut t) = Fixture::demo();
    let sold = sale(&mut t);
    let pdf = tickets::make_receipt(&t.store, &f.db, sold.order_id, Layout::A4, now()).unwrap();
    let text = text_of(&pdf);
    for mention in [
        "NOTE", "TVA 5,5", "30,33", "1,67", "32,00", "Espèces", "Rendu", "18,00", "SIRET",
    ] {
        assert!(text.contains(mention), "receipt lacks {mention:?}:\n{text}");
    }
}

#[test]
fn print_settings_are_saved_and_printing_to_a_missing_printer_says_why() {
    let (f, mut t) = Fixture::demo();
    assert_eq!(
        PrintSettings::load(&t.store).unwrap(),
        PrintSettings::default()
    );
    let chosen = PrintSettings {
        layout: Layout::Thermal80,
        destination: Destination::Printer("Guichet_nulle_part".into()),
    };
    chosen.save(&mut t.store).unwrap();
    assert_eq!(PrintSettings::load(&t.store).unwrap(), chosen);

    let sold = sale(&mut t);
    let pdf = tickets::make(&t.store, &f.db, sold.order_id, None, chosen.layout, now()).unwrap();
    match print::send(&chosen, &pdf) {
        Err(PrintError::Printer { printer, message }) => {
            assert_eq!(printer, "Guichet_nulle_part");
            assert!(!message.is_empty());
        }
        // Without CUPS's client the message says to install it.
        Err(e @ PrintError::NoLp) => assert!(e.to_string().contains("cups-client")),
        other => panic!("a printer that does not exist printed: {other:?}"),
    }
    assert!(pdf.exists(), "the PDF is kept to print again");

    // A folder destination gets a copy.
    let folder = f.dir.path().join("à imprimer");
    let to_folder = PrintSettings {
        layout: Layout::A4,
        destination: Destination::Folder(folder.clone()),
    };
    print::send(&to_folder, &pdf).unwrap();
    assert!(folder.join(pdf.file_name().unwrap()).exists());
}

#[test]
fn a_printing_choice_without_its_printer_or_folder_is_refused_and_saves_nothing() {
    let (_f, mut t) = Fixture::demo();
    for (choice, refused) in [
        (
            print::Choice::Printer("  ".into()),
            "Give the printer’s name.",
        ),
        (print::Choice::Folder(String::new()), "Give the folder."),
    ] {
        let e = print::choose(&mut t.store, Layout::Thermal80, choice).unwrap_err();
        assert_eq!(e.to_string(), refused);
        assert_eq!(
            PrintSettings::load(&t.store).unwrap(),
            PrintSettings::default()
        );
    }
    let saved = print::choose(
        &mut t.store,
        Layout::Stock2x55,
        print::Choice::Printer(" Caisse_1 ".into()),
    )
    .unwrap();
    assert_eq!(saved.destination, Destination::Printer("Caisse_1".into()));
    assert_eq!(PrintSettings::load(&t.store).unwrap(), saved);
}

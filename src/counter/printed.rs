//! An order on paper: what is printed on each of its tickets (DOMAIN.md
//! §4) and on its receipt, read from the database and formatted in French
//! (tickets are printed in French in France and in Quebec alike); making
//! their PDFs, keeping them and sending them to the printer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::CounterError;
use super::orders::seat_of;
use super::refunds::ticket_share;
use crate::domain::journal::Kind;
use crate::domain::picture::Pixels;
use crate::domain::records::{self, Record};
use crate::domain::venue::VenueSettings;
use crate::domain::{Cents, Country, Locale, Money, TaxRate};
use crate::store::pictures::VENUE_LOGO;
use crate::store::{self, OpenError, Store, Tx};
use crate::tickets::pdf::{self, TicketFace};
use crate::tickets::print::{self, PrintSettings};
use crate::tickets::receipt::{self as receipt_pdf, ReceiptFace, ReceiptLine, TaxRow};
use crate::tickets::voucher::{self as voucher_pdf, VoucherFace};

/// The venue's logo is printed from at most this many pixels a side
/// (300 dpi over 50 mm).
const LOGO_PIXELS: u32 = 600;

/// A show's picture is printed from at most this many pixels a side
/// (about 600 dpi over its 10 to 16 mm).
const POSTER_PIXELS: u32 = 320;

/// Why an order could not be put on paper.
#[derive(Debug, thiserror::Error)]
pub enum PrintingError {
    Counter(#[from] CounterError),
    Pdf(#[from] pdf::PdfError),
    Print(#[from] print::PrintError),
    Nothing(i64),
    Open(#[from] OpenError),
}

/// What to print: an order's tickets, one ticket (a duplicata), or the
/// receipt; `resend` is a PDF already made.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub order_id: i64,
    pub only: Option<i64>,
    pub receipt: bool,
    pub resend: Option<PathBuf>,
}

impl Job {
    /// The tickets of an order just sold.
    pub fn tickets(order_id: i64) -> Job {
        Job {
            order_id,
            only: None,
            receipt: false,
            resend: None,
        }
    }
}

/// Makes the PDF (or takes the one already made) and sends it where
/// Réglages says, on a connection of its own: the window runs it in the
/// background, off the counter's thread.
pub fn print_job(db: &Path, job: &Job, now: DateTime<Utc>) -> Result<PathBuf, PrintingError> {
    let store = Store::open_read_only(db)?;
    let settings = PrintSettings::load(&store).map_err(CounterError::from)?;
    let path = match &job.resend {
        Some(path) => path.clone(),
        None if job.receipt => make_receipt(&store, db, job.order_id, settings.layout, now)?,
        None => make(&store, db, job.order_id, job.only, settings.layout, now)?,
    };
    print::send(&settings, &path)?;
    Ok(path)
}

/// Makes the PDF of an order's live tickets (or of one ticket, as it is
/// printed now: a duplicata after a reprint), keeps it under the data
/// folder of the database at `db`, and returns its path.
pub fn make(
    store: &Store,
    db: &Path,
    order_id: i64,
    only: Option<i64>,
    layout: pdf::Layout,
    now: DateTime<Utc>,
) -> Result<PathBuf, PrintingError> {
    let faces = match only {
        Some(n) => of_ticket(store, order_id, n)?,
        None => of_order(store, order_id)?,
    };
    let Some(first) = faces.first() else {
        return Err(PrintingError::Nothing(order_id));
    };
    let name = match (only, first.duplicate) {
        (Some(_), Some(k)) => format!("billet-{}-duplicata-{k}.pdf", first.number),
        (Some(_), None) => format!("billet-{}.pdf", first.number),
        (None, _) => format!("commande-{:0>6}.pdf", first.order),
    };
    let bytes = pdf::tickets(layout, &faces)?;
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// [`make`] for a whole order inside the caller's transaction (the
/// tickets a move re-issued, kept for those no e-mail reaches), on A4.
pub(crate) fn make_in(
    tx: &Tx,
    db: &Path,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<PathBuf, PrintingError> {
    let faces = faces(tx, order_id, None)?;
    let Some(first) = faces.first() else {
        return Err(PrintingError::Nothing(order_id));
    };
    let name = format!("commande-{:0>6}.pdf", first.order);
    let bytes = pdf::tickets(pdf::Layout::A4, &faces)?;
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// Makes and keeps the receipt of an order (printed on request).
pub fn make_receipt(
    store: &Store,
    db: &Path,
    order_id: i64,
    layout: pdf::Layout,
    now: DateTime<Utc>,
) -> Result<PathBuf, PrintingError> {
    let face = receipt(store, order_id)?;
    let bytes = receipt_pdf::receipt(layout, &face)?;
    let name = format!("recu-{:0>6}.pdf", face.order);
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// Makes the card of a voucher just issued (sold by order `order`), in the
/// layout Réglages sets, and keeps it beside the database: its path. Its
/// code is known only now, so it is made now or never.
pub fn make_voucher(
    store: &Store,
    db: &Path,
    v: &super::vouchers::Issued,
    (order, training): (i64, bool),
    now: DateTime<Utc>,
) -> Result<PathBuf, PrintingError> {
    use super::vouchers::Kind;
    let layout = PrintSettings::load(store)
        .map_err(CounterError::from)?
        .layout;
    let venue = store
        .read(store::venue::load)
        .map_err(CounterError::from)?
        .ok_or(CounterError::NoVenue)?;
    let s = &venue.settings;
    let (locale, money) = printed_in(s);
    let quebec = locale == Locale::FrCa;
    let title = match (v.kind, quebec) {
        (Kind::Gift, false) => "BON CADEAU",
        (Kind::Gift, true) => "CARTE-CADEAU",
        (Kind::Credit, false) => "AVOIR",
        (Kind::Credit, true) => "NOTE DE CRÉDIT",
    };
    let face = VoucherFace {
        venue: s.legal_name_or_name().to_owned(),
        venue_address: s.postal_address(),
        title: title.to_owned(),
        amount: money(v.amount),
        code: v.code.clone(),
        until: match v.last_day {
            Some(d) => format!("Valable jusqu’au {} inclus", d.format("%d/%m/%Y")),
            None => "Sans date d’expiration".to_owned(),
        },
        issued: format!(
            "Commande n° {order} — {}",
            Locale::ticket_when(&now.with_timezone(&s.time_zone))
        ),
        how: "À présenter au guichet avec son code : il paie tout ou partie de vos billets, \
              le reste demeure dessus."
            .to_owned(),
        training,
    };
    let bytes = voucher_pdf::voucher(layout, &face)?;
    let name = format!(
        "bon-{order:0>6}-{}.pdf",
        &v.public_id[..8.min(v.public_id.len())]
    );
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// Makes the cards of a pass, one per place, in the layout Réglages sets,
/// on its first ticket's face (the venue, its mentions, the sale): the
/// pass's name and days, how many performances it opens, its price and
/// the card's code; then, at its sale (`sold`) when its places are
/// numbered seats, its tickets (they say the seats; either the card or the
/// ticket enters, once; a ticket printed again is a duplicata, from
/// customer service); kept beside the database: its path.
pub fn make_pass_cards(
    store: &Store,
    db: &Path,
    (pass, sold): (&super::subscriptions::PassCards, bool),
    now: DateTime<Utc>,
) -> Result<PathBuf, PrintingError> {
    let (from, until) = pass.valid;
    let layout = PrintSettings::load(store)
        .map_err(CounterError::from)?
        .layout;
    let settings = store
        .read(store::venue::load)
        .map_err(CounterError::from)?
        .ok_or(CounterError::NoVenue)?
        .settings;
    let (_, money) = printed_in(&settings);
    let tickets = of_order(store, pass.order_id)?;
    let first = tickets
        .first()
        .cloned()
        .ok_or(PrintingError::Nothing(pass.order_id))?;
    let count = pass.codes.len();
    let faces: Vec<TicketFace> = pass
        .codes
        .iter()
        .enumerate()
        .map(|(k, code)| TicketFace {
            show: format!("PASS — {}", pass.formula),
            artists: String::new(),
            when: format!(
                "Valable du {} au {} inclus",
                from.format("%d/%m/%Y"),
                until.format("%d/%m/%Y")
            ),
            hall: format!(
                "{} représentation(s), une entrée à chacune",
                pass.performances
            ),
            seat: pass
                .seated
                .then(|| "Places numérotées : voir les billets".to_owned()),
            category: String::new(),
            entry: None,
            price: money(pass.price),
            tax_note: String::new(),
            number: format!("{} sur {count}", k + 1),
            pass_card: true,
            duplicate: None,
            code: code.clone(),
            poster: None,
            ..first.clone()
        })
        .chain(tickets.into_iter().filter(|_| sold && pass.seated))
        .collect();
    let bytes = pdf::tickets(layout, &faces)?;
    let name = format!("pass-{:0>6}.pdf", first.order);
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// A show's picture as its tickets print it, read once per show (one that
/// no longer reads leaves the tickets printing without it).
fn poster(
    tx: &Tx,
    posters: &mut HashMap<i64, Option<Arc<Pixels>>>,
    show_id: i64,
) -> Result<Option<Arc<Pixels>>, CounterError> {
    if let Some(p) = posters.get(&show_id) {
        return Ok(p.clone());
    }
    let p = store::pictures::of_show(tx, show_id)?
        .and_then(|p| p.pixels(POSTER_PIXELS).ok())
        .map(Arc::new);
    posters.insert(show_id, p.clone());
    Ok(p)
}

/// The language a venue's papers are printed in (French, of France or of
/// Quebec), and its money as they print it.
fn printed_in(v: &VenueSettings) -> (Locale, impl Fn(Cents) -> String) {
    let locale = match v.country {
        Country::France => Locale::FrFr,
        Country::Quebec => Locale::FrCa,
    };
    let currency = v.currency;
    (locale, move |cents| {
        Money { cents, currency }.format(locale)
    })
}

/// The live tickets of an order as printed, each with its copy number.
pub fn of_order(store: &Store, order_id: i64) -> Result<Vec<TicketFace>, CounterError> {
    store.read(|tx| faces(tx, order_id, None))
}

/// One ticket of an order, as printed now (a duplicata after a reprint).
pub fn of_ticket(
    store: &Store,
    order_id: i64,
    number: i64,
) -> Result<Vec<TicketFace>, CounterError> {
    store.read(|tx| faces(tx, order_id, Some(number)))
}

fn faces(tx: &Tx, order_id: i64, only: Option<i64>) -> Result<Vec<TicketFace>, CounterError> {
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let v = &venue.settings;
    let (locale, money) = printed_in(v);
    let order = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| CounterError::NoOrder(order_id.to_string()))?;
    let operator = store::sales::operator_name(tx, order.operator_id)?;
    let terminal = store::terminals::all(tx)?
        .into_iter()
        .find(|t| t.id == order.terminal_id)
        .map(|t| t.name)
        .unwrap_or_default();
    let sold_at = store::instant(order.created_at).with_timezone(&v.time_zone);
    let sold = format!(
        "Vendu le {} à {} h {:02} · {terminal} · {operator}",
        sold_at.format("%d/%m/%Y"),
        chrono::Timelike::hour(&sold_at),
        chrono::Timelike::minute(&sold_at)
    );
    let tariffs = store::tariffs::all(tx)?;
    // The logo was checked whole when it was set: one that no longer reads
    // (a damaged file) leaves the tickets printing without it.
    let logo = store::pictures::get(tx, VENUE_LOGO)?
        .and_then(|p| p.pixels(LOGO_PIXELS).ok())
        .map(Arc::new);
    let mut posters = HashMap::new();
    let mut faces = Vec::new();
    for t in store::sales::tickets_of_order(tx, order_id)? {
        if !t.valid || only.is_some_and(|n| n != t.number) {
            continue;
        }
        let p = store::performances::by_id(tx, t.performance_id)?
            .ok_or(CounterError::NoPerformance(t.performance_id))?;
        let show = store::shows::by_id(tx, p.show_id)?
            .ok_or(CounterError::NoPerformance(t.performance_id))?;
        let hall = store::halls::by_id(tx, p.hall_id)?
            .ok_or(CounterError::NoPerformance(t.performance_id))?;
        let category = store::performances::categories(tx, p.id)?
            .into_iter()
            .find(|c| c.id == t.category_id)
            .map(|c| c.name)
            .unwrap_or_default();
        let tariff = tariffs.iter().find(|x| x.id == t.tariff_id);
        let seat = seat_of(tx, &t)?.map(|s| s.label(locale));
        let entry = match t.slot_id {
            Some(id) => store::sales::slot_start(tx, id)?.map(|start| {
                let at = store::instant(start).with_timezone(&v.time_zone);
                format!(
                    "Entrée {} h {:02}",
                    chrono::Timelike::hour(&at),
                    chrono::Timelike::minute(&at)
                )
            }),
            None => None,
        };
        let (rate, share) = ticket_share(tx, &t)?;
        let tax_note = match v.country {
            _ if share.incl == Cents::ZERO => String::new(),
            Country::France if v.vat_exempt => "TVA non applicable, art. 293 B du CGI".into(),
            Country::France => format!("dont TVA {} : {}", rate.format(locale), money(share.tax)),
            Country::Quebec => quebec_numbers(v),
        };
        let when = Locale::ticket_when(&p.starts_at.with_timezone(&v.time_zone));
        faces.push(TicketFace {
            venue: v.legal_name_or_name().to_owned(),
            venue_address: v.postal_address(),
            licence: v.licence_number.clone(),
            show: show.title,
            artists: show.artists,
            when,
            hall: hall.name,
            category,
            seat,
            entry,
            tariff: tariff.map(|x| x.name.clone()).unwrap_or_default(),
            proof: tariff.is_some_and(|x| x.requires_proof),
            price: if share.incl == Cents::ZERO {
                "Gratuit".into()
            } else {
                money(share.incl)
            },
            tax_note,
            invitation: tariff.is_some_and(|x| x.is_complimentary),
            pass_card: false,
            number: format!("{:06}", t.number),
            order: order.number.to_string(),
            sold: sold.clone(),
            duplicate: (t.prints > 1).then(|| (t.prints - 1) as u32),
            training: order.training,
            code: t.code,
            logo: logo.clone(),
            poster: poster(tx, &mut posters, show.id)?,
        });
    }
    Ok(faces)
}

/// The tax table of a sale's signed record (none when it cannot be read).
fn recorded_taxes(body: &str) -> Vec<records::TaxLine> {
    let data = serde_json::from_str::<serde_json::Value>(body)
        .map(|mut b| b["data"].take())
        .unwrap_or_default();
    match Record::read(Kind::Sale, data) {
        Ok(Record::Sale(sale)) => sale.taxes,
        _ => Vec::new(),
    }
}

fn quebec_numbers(v: &crate::domain::VenueSettings) -> String {
    format!("TPS {} · TVQ {}", v.gst_number, v.qst_number)
}

/// The receipt of an order (printed on request): lines, the tax table,
/// total, payments and refunds, change.
pub fn receipt(store: &Store, order_id: i64) -> Result<ReceiptFace, CounterError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
        let v = &venue.settings;
        let (locale, money) = printed_in(v);
        let view = super::orders::view_in(tx, order_id)?;
        let mut ids = Vec::new();
        match v.country {
            Country::France => {
                if !v.siret.is_empty() {
                    ids.push(format!("SIRET {}", v.siret));
                }
                if !v.licence_number.is_empty() {
                    ids.push(format!("Licence {}", v.licence_number));
                }
                if v.vat_exempt {
                    ids.push("TVA non applicable, art. 293 B du CGI".into());
                }
            }
            Country::Quebec => ids.push(quebec_numbers(v)),
        }
        // Lines as sold: one per performance, category and tariff.
        let mut lines: Vec<ReceiptLine> = Vec::new();
        let mut basket = Vec::new();
        for t in &view.tickets {
            let label = format!(
                "{} — {} — {}",
                t.performance.show,
                Locale::ticket_when(&t.performance.starts_at.with_timezone(&v.time_zone)),
                t.tariff
            );
            match lines
                .iter_mut()
                .zip(basket.iter_mut())
                .find(|(l, _): &(&mut ReceiptLine, &mut Cents)| l.label == label)
            {
                Some((l, total)) => {
                    l.quantity += 1;
                    *total += t.price;
                    l.amount = money(*total);
                }
                None => {
                    lines.push(ReceiptLine {
                        label,
                        quantity: 1,
                        unit: money(t.price),
                        amount: money(t.price),
                    });
                    basket.push(t.price);
                }
            }
        }
        // What was recorded is what the receipt shows.
        let taxes = recorded_taxes(&store::sales::sale_record(tx, order_id)?)
            .into_iter()
            .map(|row| {
                let kind = match row.kind.as_str() {
                    "gst" => "TPS",
                    "qst" => "TVQ",
                    _ => "TVA",
                };
                let (rate, base, tax) = (TaxRate(row.rate), Cents(row.base), Cents(row.tax));
                TaxRow {
                    label: format!("{kind} {}", rate.format(locale)),
                    base: money(base),
                    tax: money(tax),
                    total: money(base + tax),
                }
            })
            .collect();
        let method = |m: crate::domain::payment::Method| {
            use crate::domain::payment::Method::*;
            match m {
                Cash => "Espèces",
                Card => "Carte",
                Cheque => "Chèque",
                Voucher => "Avoir",
                Complimentary => "Exonéré",
                Online => "Payé en ligne",
            }
            .to_owned()
        };
        let payments = view
            .payments
            .iter()
            .map(|p| (method(p.method), money(p.amount)))
            .collect();
        let change: Cents = view
            .payments
            .iter()
            .filter_map(|p| p.tendered.map(|t| t - p.amount))
            .sum();
        let at = view.created_at.with_timezone(&v.time_zone);
        Ok(ReceiptFace {
            venue: v.legal_name_or_name().to_owned(),
            venue_address: v.postal_address(),
            ids,
            order: view.number.to_string(),
            sold: format!("{} · {}", Locale::ticket_when(&at), view.operator),
            lines,
            taxes,
            total: money(view.total),
            payments,
            change: (change > Cents::ZERO).then(|| money(change)),
            training: view.training,
            duplicate: None,
        })
    })
}

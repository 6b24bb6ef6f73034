//! A closing's report, printed (A4, the printing settings of tickets): the
//! venue and the terminal, the period, the sales, cancellations and
//! refunds, each tax rate and payment method, the period's total, the
//! perpetual grand total, and the records it sums with the last one's
//! hash, so the paper can be held against the ledger.

use chrono::{DateTime, Utc};

use super::closings::{ClosingRow, TillError};
use crate::domain::records::Closing;
use crate::domain::{Currency, Locale, Money, TaxRate, Venue};
use crate::store::Store;
use crate::tickets::pdf::{Item, Layout, PdfError, bold, fonts, reg, save, watermark};
use crate::tickets::print::{self, PrintError, PrintSettings};

const PAGE: (f32, f32) = (210.0, 297.0);
const MARGIN: f32 = 18.0;
const LINE: f32 = 6.0;

/// A tax as a French report names it.
fn french_tax(kind: &str) -> String {
    match kind {
        "vat" => "TVA".into(),
        "gst" => "TPS".into(),
        "qst" => "TVQ".into(),
        other => other.to_uppercase(),
    }
}

/// The period's name as the report titles it.
fn title(c: &Closing) -> String {
    match c.period {
        crate::domain::closing::Period::Day => {
            format!("Clôture journalière (Z) n° {} — {}", c.number, c.label)
        }
        crate::domain::closing::Period::Month => {
            format!("Clôture mensuelle n° {} — {}", c.number, c.label)
        }
        crate::domain::closing::Period::Year => {
            format!("Clôture annuelle n° {} — {}", c.number, c.label)
        }
    }
}

/// The report of a closing as a PDF.
pub fn pdf(
    c: &Closing,
    venue: &Venue,
    (terminal, training): (&str, bool),
    printed: DateTime<Utc>,
) -> Result<Vec<u8>, PdfError> {
    let f = fonts()?;
    let l = Locale::FrFr;
    let zone = venue.settings.time_zone;
    let currency = Currency::from_code(&c.currency).unwrap_or(venue.settings.currency);
    let money = |cents: i64| Money::new(cents, currency).format(l);
    let when = |rfc: &str| {
        DateTime::parse_from_rfc3339(rfc)
            .map(|t| l.date_time(t.with_timezone(&Utc), zone))
            .unwrap_or_else(|_| rfc.to_owned())
    };
    let s = &venue.settings;
    let legal = if s.legal_name.is_empty() {
        s.name.clone()
    } else {
        s.legal_name.clone()
    };
    let mut lines: Vec<(String, String, bool)> = vec![
        (s.name.clone(), String::new(), true),
        (legal, format!("SIRET {}", s.siret), false),
        (
            format!("{} {} {}", s.address, s.postcode, s.city),
            String::new(),
            false,
        ),
        (format!("Caisse : {terminal}"), String::new(), false),
        (
            format!("Du {} au {}", when(&c.from), when(&c.to)),
            String::new(),
            false,
        ),
        (String::new(), String::new(), false),
    ];
    let t = &c.totals;
    let mut row = |a: &str, b: String, strong: bool| lines.push((a.to_owned(), b, strong));
    row("Ventes (tickets de caisse)", t.sales.to_string(), false);
    row("Billets émis", t.tickets.to_string(), false);
    row(
        "dont exonérés (invitations)",
        t.invitations.to_string(),
        false,
    );
    row("Échanges", t.exchanges.to_string(), false);
    row(
        "Annulations (billets)",
        format!("{} ({})", t.cancellations, t.cancelled_tickets),
        false,
    );
    row("Montant des ventes", money(t.sold), false);
    row("Montant des annulations", money(t.cancelled), false);
    row("Remboursements", money(t.refunds), false);
    row("Total de la période", money(t.total), true);
    row("", String::new(), false);
    for x in &t.taxes {
        row(
            &format!("{} {}", french_tax(&x.kind), TaxRate(x.rate).format(l)),
            format!("base {} · taxe {}", money(x.base), money(x.tax)),
            false,
        );
    }
    row("", String::new(), false);
    for p in &t.payments {
        let method = match p.method.as_str() {
            "cash" => "espèces",
            "card" => "carte",
            "cheque" => "chèque",
            "voucher" => "avoir",
            "complimentary" => "exonéré",
            other => other,
        };
        row(&format!("Règlements : {method}"), money(p.amount), false);
    }
    row("", String::new(), false);
    row(
        "Total perpétuel depuis l’installation",
        money(c.perpetual),
        true,
    );
    row(
        "Enregistrements du journal",
        format!("{} à {}", c.first_seq, c.last_seq),
        false,
    );
    row(
        "Empreinte du dernier",
        c.last_hash.chars().take(32).collect(),
        false,
    );
    row("Imprimé le", l.date_time(printed, zone), false);
    let mut items = Vec::new();
    // A training closing says so across the page and above its title.
    if training {
        watermark(f, &mut items, (0.0, 0.0, PAGE.0, PAGE.1));
        items.push(Item::Text(
            (MARGIN, MARGIN - 2.0),
            bold(11.0),
            0.0,
            "MODE FORMATION — NE VAUT PAS TITRE".into(),
        ));
    }
    items.push(Item::Text(
        (MARGIN, MARGIN + 6.0),
        bold(15.0),
        0.0,
        f.clean(&title(c)),
    ));
    let mut y = MARGIN + 18.0;
    for (label, value, strong) in &lines {
        let st = if *strong { bold(10.5) } else { reg(10.5) };
        items.push(Item::Text((MARGIN, y), st, 0.0, f.clean(label)));
        items.push(Item::Text((MARGIN + 95.0, y), st, 0.0, f.clean(value)));
        y += LINE;
    }
    Ok(save(f, &title(c), vec![(PAGE, items)]))
}

/// A closing's report, as a PDF, read from the database.
pub fn of(store: &Store, row: &ClosingRow, now: DateTime<Utc>) -> Result<Vec<u8>, TillError> {
    let record = super::closings::closing(store, row)?;
    let venue = store
        .read(crate::store::venue::load)?
        .ok_or(TillError::NoVenue)?;
    let terminal = store
        .read(crate::store::terminals::all)?
        .into_iter()
        .find(|t| t.id == row.terminal_id)
        .map(|t| t.name)
        .unwrap_or_default();
    pdf(&record, &venue, (&terminal, row.training), now)
        .map_err(|e| TillError::Print(e.to_string()))
}

/// Makes a closing's report and sends it where Réglages says (A4), kept
/// beside the database, on a connection of its own (the window runs it in
/// the background); its path.
pub fn print(
    db: &std::path::Path,
    row: &ClosingRow,
    now: DateTime<Utc>,
) -> Result<std::path::PathBuf, TillError> {
    let store = Store::open_read_only(db).map_err(|e| TillError::Print(e.to_string()))?;
    let pdf = of(&store, row, now)?;
    let mut settings = PrintSettings::load(&store).map_err(|e| TillError::Print(e.to_string()))?;
    settings.layout = Layout::A4;
    let name = format!("cloture-{}-{}.pdf", row.period, row.label);
    let path = print::keep(db, &name, &pdf, now)
        .map_err(|e: PrintError| TillError::Print(e.to_string()))?;
    print::send(&settings, &path).map_err(|e| TillError::Print(e.to_string()))?;
    Ok(path)
}

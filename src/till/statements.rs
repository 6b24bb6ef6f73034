//! Box-office statements (bordereaux de recettes): a performance's, by
//! category and tariff, with its legal heading (the venue, its licence, the
//! performance's date and hall, the printing date), as a PDF and as a CSV
//! for French spreadsheets; and the takings of every performance for
//! Rapports.

use chrono::{DateTime, Utc};

use super::closings::TillError;
use crate::domain::season::ShowTax;
use crate::domain::statement::{self, Statement};
use crate::domain::{Locale, Money, TaxRate, Venue};
use crate::store::{self, Store, StoreError};
use crate::tickets::pdf::{Item, bold, fonts, reg, save};

pub use crate::store::statements::Heading;

/// A performance's statement, with its heading and the venue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bordereau {
    pub heading: Heading,
    pub venue: Venue,
    pub statement: Statement,
}

impl Bordereau {
    fn quebec(&self) -> bool {
        self.venue.settings.country == crate::domain::Country::Quebec
    }

    /// The rate column's heading: VAT in France, GST and QST in Quebec.
    fn rate_heading(&self, short: bool) -> &'static str {
        match (self.quebec(), short) {
            (true, _) => "TPS + TVQ",
            (false, true) => "TVA",
            (false, false) => "Taux TVA",
        }
    }

    /// A line's rate: its VAT rate, or Quebec's two rates on every price.
    fn rate(&self, rate: u32) -> String {
        let l = Locale::FrFr;
        if self.quebec() {
            format!("{} + {}", TaxRate::GST.format(l), TaxRate::QST.format(l))
        } else {
            TaxRate(rate).format(l)
        }
    }
}

/// The statement of a performance.
pub fn of_performance(store: &Store, performance: i64) -> Result<Bordereau, TillError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?.ok_or(TillError::NoVenue)?;
        let heading = store::statements::heading(tx, performance)?
            .ok_or(TillError::NoPerformance(performance))?;
        let tickets = store::statements::tickets(tx, performance)?;
        let tax = ShowTax::from_code(&heading.show_tax).unwrap_or(ShowTax::None);
        let quebec = venue.settings.country == crate::domain::Country::Quebec;
        Ok(Bordereau {
            statement: statement::statement(&tickets, heading.capacity, tax, quebec),
            heading,
            venue,
        })
    })
}

/// Every performance with its valid tickets and revenue, by date.
pub fn takings(store: &Store) -> Result<Vec<(Heading, i64, i64)>, StoreError> {
    store.read(store::statements::takings)
}

/// Cents as a spreadsheet reads them in French: 12,50.
fn decimal(cents: i64) -> String {
    crate::domain::Cents(cents).plain(',')
}

/// The statement as CSV: BOM, `;`, decimal commas.
pub fn csv(b: &Bordereau) -> String {
    csv_of(std::slice::from_ref(b))
}

/// Statements as one CSV sheet (a day's performances), a blank line
/// between two.
pub fn csv_of(all: &[Bordereau]) -> String {
    let mut rows = Vec::new();
    for (i, b) in all.iter().enumerate() {
        if i > 0 {
            rows.push(Vec::new());
        }
        rows.extend(csv_rows(b));
    }
    crate::domain::csv::sheet(rows)
}

/// The rows of one statement.
fn csv_rows(b: &Bordereau) -> Vec<Vec<String>> {
    let zone = b.venue.settings.time_zone;
    let when = b.heading.starts_at;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut line = |cells: &[String]| rows.push(cells.to_vec());
    line(&[
        "Spectacle".into(),
        b.heading.show.clone(),
        "Représentation".into(),
        Locale::FrFr.date_time(when, zone),
        "Salle".into(),
        b.heading.hall.clone(),
    ]);
    line(&[
        "Catégorie".into(),
        "Tarif".into(),
        "Prix unitaire".into(),
        b.rate_heading(false).into(),
        "Billets émis".into(),
        "Annulés".into(),
        "Exonérés".into(),
        "Recette TTC".into(),
        "Recette HT".into(),
    ]);
    for l in &b.statement.lines {
        line(&[
            l.category.clone(),
            l.tariff.clone(),
            decimal(l.unit_price),
            b.rate(l.rate),
            l.issued.to_string(),
            l.cancelled.to_string(),
            l.invitations.to_string(),
            decimal(l.revenue),
            decimal(l.excl),
        ]);
    }
    let s = &b.statement;
    line(&[
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        (s.tickets + s.cancelled).to_string(),
        s.cancelled.to_string(),
        s.invitations.to_string(),
        decimal(s.revenue),
        decimal(s.excl),
    ]);
    if let Some((tax, base, amount)) = s.show_tax {
        line(&[
            format!("Taxe sur les spectacles ({})", tax.code()),
            "base HT".into(),
            decimal(base),
            "montant (3,5 %)".into(),
            decimal(amount),
        ]);
    }
    rows
}

const PAGE: (f32, f32) = (297.0, 210.0);
const MARGIN: f32 = 14.0;
/// Columns: category, tariff, unit price, rate, issued, cancelled, free,
/// revenue incl., revenue excl.
const COLUMNS: [f32; 9] = [0.0, 55.0, 120.0, 145.0, 165.0, 185.0, 205.0, 225.0, 250.0];

/// The statement as a PDF (A4 landscape).
pub fn pdf(b: &Bordereau, printed: DateTime<Utc>) -> Result<Vec<u8>, TillError> {
    pdf_of(std::slice::from_ref(b), printed)
}

/// Statements as one PDF, a page each (a day's performances).
pub fn pdf_of(all: &[Bordereau], printed: DateTime<Utc>) -> Result<Vec<u8>, TillError> {
    let f = fonts().map_err(|e| TillError::Print(e.to_string()))?;
    let title = match all {
        [one] => format!("Bordereau de recettes — {}", one.heading.show),
        _ => "Bordereaux de recettes".to_owned(),
    };
    let pages = all.iter().map(|b| (PAGE, page(f, b, printed))).collect();
    Ok(save(f, &title, pages))
}

/// A statement's page.
fn page(f: &crate::tickets::pdf::Fonts, b: &Bordereau, printed: DateTime<Utc>) -> Vec<Item> {
    let l = Locale::FrFr;
    let v = &b.venue.settings;
    let zone = v.time_zone;
    let money = |c: i64| Money::new(c, v.currency).format(l);
    let when = b.heading.starts_at;
    let title = format!("Bordereau de recettes — {}", b.heading.show);
    let legal = if v.legal_name.is_empty() {
        &v.name
    } else {
        &v.legal_name
    };
    let mut items = vec![
        Item::Text((MARGIN, MARGIN + 6.0), bold(14.0), 0.0, f.clean(&title)),
        Item::Text(
            (MARGIN, MARGIN + 13.0),
            reg(9.5),
            0.0,
            f.clean(&format!(
                "{} · {} · licence {} · SIRET {} · {} {} {}",
                v.name, legal, v.licence_number, v.siret, v.address, v.postcode, v.city
            )),
        ),
        Item::Text(
            (MARGIN, MARGIN + 19.0),
            reg(9.5),
            0.0,
            f.clean(&format!(
                "Représentation du {} · {} · jauge {} · imprimé le {}",
                l.date_time(when, zone),
                b.heading.hall,
                b.heading.capacity,
                l.date_time(printed, zone)
            )),
        ),
    ];
    let headers = [
        "Catégorie",
        "Tarif",
        "Prix",
        b.rate_heading(true),
        "Émis",
        "Annulés",
        "Exonérés",
        "Recette TTC",
        "Recette HT",
    ];
    let mut y = MARGIN + 30.0;
    for (x, h) in COLUMNS.iter().zip(headers) {
        items.push(Item::Text((MARGIN + x, y), bold(9.0), 0.0, h.into()));
    }
    items.push(Item::Line(
        (MARGIN, y + 2.0),
        (PAGE.0 - MARGIN, y + 2.0),
        0.6,
        0.0,
        None,
    ));
    y += 7.0;
    let row = |items: &mut Vec<Item>, y: f32, cells: [String; 9], strong: bool| {
        for (x, c) in COLUMNS.iter().zip(cells) {
            let st = if strong { bold(9.0) } else { reg(9.0) };
            let (st, fitted) = f.shrink(&f.clean(&c), 52.0, st, 6.5, 1);
            let text = fitted.into_iter().next().unwrap_or_default();
            items.push(Item::Text((MARGIN + x, y), st, 0.0, text));
        }
    };
    let s = &b.statement;
    for line in &s.lines {
        if y > PAGE.1 - MARGIN - 30.0 {
            break;
        }
        row(
            &mut items,
            y,
            [
                line.category.clone(),
                line.tariff.clone(),
                money(line.unit_price),
                b.rate(line.rate),
                line.issued.to_string(),
                line.cancelled.to_string(),
                line.invitations.to_string(),
                money(line.revenue),
                money(line.excl),
            ],
            false,
        );
        y += 5.5;
    }
    row(
        &mut items,
        y + 1.0,
        [
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            (s.tickets + s.cancelled).to_string(),
            s.cancelled.to_string(),
            s.invitations.to_string(),
            money(s.revenue),
            money(s.excl),
        ],
        true,
    );
    y += 10.0;
    let notes = notes(b, &money);
    for n in notes {
        items.push(Item::Text((MARGIN, y), reg(9.5), 0.0, f.clean(&n)));
        y += 5.5;
    }
    items
}

/// What the statement says below its table: the tax per rate, the fill
/// rate, the show tax.
fn notes(b: &Bordereau, money: &dyn Fn(i64) -> String) -> Vec<String> {
    let l = Locale::FrFr;
    let s = &b.statement;
    let mut notes: Vec<String> = s
        .taxes
        .iter()
        .map(|(kind, rate, base, tax)| {
            let name = match kind.as_str() {
                "gst" => "TPS",
                "qst" => "TVQ",
                _ => "TVA",
            };
            format!(
                "{name} {} : base {}, taxe {}",
                TaxRate(*rate).format(l),
                money(*base),
                money(*tax)
            )
        })
        .collect();
    notes.push(format!(
        "Billets valides : {} sur {} places (remplissage {},{} %)",
        s.tickets,
        b.heading.capacity,
        s.fill / 10,
        s.fill % 10
    ));
    if let Some((tax, base, amount)) = s.show_tax {
        notes.push(format!(
            "Taxe sur les spectacles ({}) : 3,5 % de {} = {}",
            tax.code(),
            money(base),
            money(amount)
        ));
    }
    notes
}

/// The statements of the performances of a day (local date), by time.
pub fn of_day(store: &Store, day: chrono::NaiveDate) -> Result<Vec<Bordereau>, TillError> {
    let zone = store
        .read(store::venue::time_zone)?
        .ok_or(TillError::NoVenue)?;
    let mut all = Vec::new();
    for (h, _, _) in takings(store)? {
        if h.starts_at.with_timezone(&zone).date_naive() == day {
            all.push(of_performance(store, h.id)?);
        }
    }
    Ok(all)
}

/// The show tax of a quarter (`first` is its first day): each performance
/// under the CNM or the ASTP that started in it, with its base (revenue
/// before VAT) and amount, by date.
pub fn show_tax(store: &Store, first: chrono::NaiveDate) -> Result<Vec<Bordereau>, TillError> {
    let zone = store
        .read(store::venue::time_zone)?
        .ok_or(TillError::NoVenue)?;
    let end = first
        .checked_add_months(chrono::Months::new(3))
        .ok_or(TillError::NoVenue)?;
    let mut all = Vec::new();
    for (h, _, _) in takings(store)? {
        let day = h.starts_at.with_timezone(&zone).date_naive();
        if day >= first
            && day < end
            && ShowTax::from_code(&h.show_tax).is_some_and(|t| t != ShowTax::None)
        {
            all.push(of_performance(store, h.id)?);
        }
    }
    Ok(all)
}

/// A quarter's show tax as CSV: one line per performance, then the total
/// per tax (CNM, ASTP).
pub fn show_tax_csv(all: &[Bordereau]) -> String {
    let mut rows: Vec<Vec<String>> = vec![
        [
            "Représentation",
            "Spectacle",
            "Taxe",
            "Recette HT",
            "Montant (3,5 %)",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    let mut totals: std::collections::BTreeMap<&str, (i64, i64)> = Default::default();
    for b in all {
        let Some((tax, base, amount)) = b.statement.show_tax else {
            continue;
        };
        let zone = b.venue.settings.time_zone;
        rows.push(vec![
            Locale::FrFr.date_time(b.heading.starts_at, zone),
            b.heading.show.clone(),
            tax.code().to_owned(),
            decimal(base),
            decimal(amount),
        ]);
        let t = totals.entry(tax.code()).or_default();
        t.0 += base;
        t.1 += amount;
    }
    for (tax, (base, amount)) in totals {
        rows.push(vec![
            "Total".to_owned(),
            String::new(),
            tax.to_owned(),
            decimal(base),
            decimal(amount),
        ]);
    }
    crate::domain::csv::sheet(rows)
}

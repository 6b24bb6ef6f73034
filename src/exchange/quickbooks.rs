//! Quebec: a closed month's (or year's) entries as the journal-entry CSV
//! QuickBooks Online imports: JournalNo, JournalDate (MM/DD/YYYY),
//! AccountName (exactly as the chart of accounts has it, sub-accounts as
//! `Parent:Sub`), Debits, Credits, Description, Name. One journal per Z
//! (JournalNo its number), GST and QST on their own accounts, and one per
//! performance day moving deferred revenue into revenue. QuickBooks wants
//! account numbers turned off for the import: the names carry it.

use super::entries::{Books, books};
use super::{ExportError, Span};
use crate::domain::Cents;
use crate::domain::venue::Country;
use crate::store::Store;

pub const COLUMNS: [&str; 7] = [
    "JournalNo",
    "JournalDate",
    "AccountName",
    "Debits",
    "Credits",
    "Description",
    "Name",
];

/// The books of a closed period of a Quebec venue.
pub fn of(store: &Store, span: Span) -> Result<Books, ExportError> {
    books(store, span, Country::Quebec)
}

/// The CSV (`,`, CRLF, UTF-8 without BOM).
pub fn csv(b: &Books) -> String {
    let amount = |c: i64| {
        if c == 0 {
            String::new()
        } else {
            Cents(c).plain('.')
        }
    };
    let mut rows = vec![COLUMNS.map(str::to_owned).to_vec()];
    for e in &b.entries {
        for l in &e.lines {
            rows.push(vec![
                e.piece.clone(),
                e.day.format("%m/%d/%Y").to_string(),
                b.chart.account(&l.key).label,
                amount(l.debit),
                amount(l.credit),
                format!("{} - {}", e.label, l.label),
                String::new(),
            ]);
        }
    }
    crate::domain::csv::write("", ',', rows)
}

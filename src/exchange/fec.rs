//! France: the FEC (fichier des écritures comptables, LPF A47 A-1) of a
//! closed month or year: the 18 columns, `|` between them, dates as
//! AAAAMMJJ, amounts with a decimal comma and no thousands separator,
//! entries numbered continuously per journal (VT: one entry per Z; OD:
//! revenue recognised on a performance's day), in ISO-8859-15 (the
//! encodings the administration accepts; a character it lacks becomes
//! `?`). The accountant imports it into the venue's books.

use std::collections::HashMap;

use super::entries::{Books, books};
use super::{ExportError, Span};
use crate::domain::Cents;
use crate::domain::venue::Country;
use crate::store::Store;

pub const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// The books of a closed period of a French venue.
pub fn of(store: &Store, span: Span) -> Result<Books, ExportError> {
    books(store, span, Country::France)
}

/// A field: no separator, no line break.
fn field(s: &str) -> String {
    s.replace(['|', '\t', '\r', '\n'], " ")
}

/// The FEC's text (before its encoding).
pub fn text(b: &Books) -> String {
    let mut out = COLUMNS.join("|");
    out.push_str("\r\n");
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let date = |d: chrono::NaiveDate| d.format("%Y%m%d").to_string();
    let amount = |c: i64| Cents(c).plain(',');
    for e in &b.entries {
        let journal = b.chart.account(&e.journal);
        let n = numbers.entry(journal.number.clone()).or_default();
        *n += 1;
        let num = format!("{}{:06}", journal.number, n);
        for l in &e.lines {
            let account = b.chart.account(&l.key);
            let row = [
                field(&journal.number),
                field(&journal.label),
                num.clone(),
                date(e.day),
                field(&account.number),
                field(&account.label),
                String::new(),
                String::new(),
                field(&e.piece),
                date(e.day),
                field(&format!("{} - {}", e.label, l.label)),
                amount(l.debit),
                amount(l.credit),
                String::new(),
                String::new(),
                date(e.validated),
                String::new(),
                String::new(),
            ];
            out.push_str(&row.join("|"));
            out.push_str("\r\n");
        }
    }
    out
}

/// The FEC's bytes: its text in ISO-8859-15.
pub fn bytes(b: &Books) -> Vec<u8> {
    latin9(&text(b))
}

/// Text in ISO-8859-15: Latin-1 but for € Š š Ž ž Œ œ Ÿ in place of eight
/// signs; typographic quotes and dashes become their plain forms.
pub fn latin9(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0xA4,
            'Š' => 0xA6,
            'š' => 0xA8,
            'Ž' => 0xB4,
            'ž' => 0xB8,
            'Œ' => 0xBC,
            'œ' => 0xBD,
            'Ÿ' => 0xBE,
            '’' | '‘' => b'\'',
            '–' | '—' => b'-',
            '\u{a0}' | '\u{202f}' => b' ',
            '\u{a4}' | '\u{a6}' | '\u{a8}' | '\u{b4}' | '\u{b8}' | '\u{bc}' | '\u{bd}'
            | '\u{be}' => b'?',
            c if (c as u32) < 0x100 => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// The file name the administration expects, `SIRENFECAAAAMMJJ.txt`
/// (the date is the period's last day), when the venue has a SIRET.
pub fn file_name(b: &Books) -> Result<String, ExportError> {
    let digits: String = b
        .venue
        .settings
        .siret
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if digits.len() < 9 {
        return Err(ExportError::NoSiren);
    }
    Ok(format!(
        "{}FEC{}.txt",
        &digits[..9],
        b.span.last_day().format("%Y%m%d")
    ))
}

/// The journals a FEC holds, by code (VT, OD), for a summary.
pub fn journals(b: &Books) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for e in &b.entries {
        let code = b.chart.account(&e.journal).number;
        match out.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => out.push((code, 1)),
        }
    }
    out
}

//! A show: what is performed, whatever the date.

use super::season::ShowTax;
use super::tax::TaxRate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Show {
    pub id: i64,
    pub public_id: String,
    pub title: String,
    pub artists: String,
    /// A genre code (theatre, music, …; any other text is accepted).
    pub genre: String,
    /// The SIBIL domain (théâtre, musique…), for the ministry's statements.
    pub sibil_domain: String,
    pub young_audience: bool,
    pub show_tax: ShowTax,
    pub vat_rate: TaxRate,
    pub duration_min: i64,
    pub description: String,
}

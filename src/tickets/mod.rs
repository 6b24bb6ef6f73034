//! Tickets: their signed codes, what is printed on them, their PDF
//! layouts, and printing.

pub mod code;
pub mod faces;
pub mod pdf;
pub mod print;
mod receipt;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::counter::CounterError;
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    #[error(transparent)]
    Counter(#[from] CounterError),
    #[error("the ticket PDF could not be made: {0}")]
    Pdf(#[from] pdf::PdfError),
    #[error(transparent)]
    Print(#[from] print::PrintError),
    #[error("order {0} has no valid ticket left to print")]
    Nothing(i64),
    #[error("the database could not be read to print: {0}")]
    Open(String),
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
) -> Result<PathBuf, TicketError> {
    let faces = match only {
        Some(n) => faces::of_ticket(store, order_id, n)?,
        None => faces::of_order(store, order_id)?,
    };
    let Some(first) = faces.first() else {
        return Err(TicketError::Nothing(order_id));
    };
    let name = match (only, first.duplicate) {
        (Some(_), Some(k)) => format!("billet-{}-duplicata-{k}.pdf", first.number),
        (Some(_), None) => format!("billet-{}.pdf", first.number),
        (None, _) => format!("commande-{:0>6}.pdf", first.order),
    };
    let bytes = pdf::tickets(layout, &faces)?;
    Ok(print::keep(db, &name, &bytes, now)?)
}

/// Makes and keeps the receipt of an order (printed on request).
pub fn make_receipt(
    store: &Store,
    db: &Path,
    order_id: i64,
    layout: pdf::Layout,
    now: DateTime<Utc>,
) -> Result<PathBuf, TicketError> {
    let face = faces::receipt(store, order_id)?;
    let bytes = pdf::receipt(layout, &face)?;
    let name = format!("recu-{:0>6}.pdf", face.order);
    Ok(print::keep(db, &name, &bytes, now)?)
}

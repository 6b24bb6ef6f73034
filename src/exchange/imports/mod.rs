//! Orders from the web shop, resellers and partners (a coordinator's act).
//!
//! A file (the Guichet order file, or pretix's JSON order export) is read
//! whole and bounded; its events and products are mapped once to
//! performances and tariffs, then remembered; each paid order lands as an
//! order of its channel, matched to the patron file, its tickets issued
//! here (the seller's own codes accepted at the door too), paid online:
//! counted in statements and analyses, never in the till's cash. Importing
//! the same file again changes nothing; an order cancelled at the seller
//! since is cancelled here; an order claiming a seat sold here meanwhile
//! waits as a conflict for the coordinator (move it, send it back to the
//! seller to refund, or accept an overbooking with a note).

mod decide;
mod order;
mod place;
mod read;
mod write;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use place::{Problem, Trouble};
pub use read::{MAX_BYTES, MAX_ORDERS, MAX_PLAN_SEATS, MAX_TICKETS};

use crate::counter::CounterError;
use crate::domain::operator::Act;
use crate::domain::order::Channel;
use crate::ledger::{self, LedgerError, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, StoreError};

/// Which kind of order file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Guichet,
    Pretix,
}

/// An event or a product as a seller names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub external: String,
    pub label: String,
}

/// The orders a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// The seller and its file (`pretix:organizer/event`, or the Guichet
    /// file's `source`): what mappings and orders are remembered under.
    pub source: String,
    pub channel: Channel,
    /// The file's currency, when it says (pretix's export does not).
    pub currency: Option<String>,
    pub events: Vec<Named>,
    pub products: Vec<Named>,
    pub orders: Vec<OutsideOrder>,
    pub left_out: LeftOut,
}

/// Orders of the file that are not sales (yet): counted, not imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Waiting for payment at the seller.
    pub pending: usize,
    /// Expired or refused at the seller.
    pub expired: usize,
    /// Made in the seller's test mode.
    pub test: usize,
    /// Positions that are not admissions (a programme, parking).
    pub not_admission: usize,
}

/// An order as the seller sold it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideOrder {
    pub external: String,
    /// False: cancelled at the seller.
    pub paid: bool,
    pub placed_at: DateTime<Utc>,
    pub buyer: Buyer,
    pub tickets: Vec<OutsideTicket>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub language: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideTicket {
    pub external: String,
    pub event: String,
    pub product: String,
    /// The seat as the seller names it ("A-12", "Balcon B 4").
    pub seat: Option<String>,
    /// In cents, as the venue's prices are (VAT included in France,
    /// before GST and QST in Quebec).
    pub price: i64,
    /// The seller's ticket code (its barcode), accepted at the door.
    pub code: Option<String>,
    pub holder: String,
    /// Timed entry: the entry slot's start (a pretix date's start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<DateTime<Utc>>,
    /// The ticket issued here for it (kept with the order once it landed:
    /// the seller may later cancel this ticket alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
}

/// What is wrong with a field of the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("missing or empty")]
    Missing,
    #[error("not a text")]
    NotText,
    #[error("not a list")]
    NotList,
    #[error("longer than {0} characters")]
    TooLong(usize),
    #[error("more than {0} entries")]
    TooMany(usize),
    #[error("\"{0}\" is not an amount")]
    NotAmount(String),
    #[error("\"{0}\" is not a date and time with its offset (2026-11-02T18:04:00+01:00)")]
    NotInstant(String),
    #[error("\"{0}\" is not one this version knows")]
    Unknown(String),
    #[error("an order without tickets")]
    NoTickets,
    /// An id the file already gave (at that path).
    #[error("the same id as {0}")]
    Twice(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Counter(#[from] Box<CounterError>),
    #[error("{0}")]
    Audience(String),
    /// An e-ticket could not be queued.
    #[error("{0}")]
    Mail(String),
    #[error("the file is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("cannot read {path}: {why}")]
    File { path: String, why: String },
    #[error("the file is not readable JSON (line {line}, column {column}): {why}")]
    Unreadable {
        line: usize,
        column: usize,
        why: String,
    },
    #[error("neither a Guichet order file nor a pretix order export")]
    NotAnOrderFile,
    #[error("not a pretix seating plan (zones of rows of seats)")]
    NotASeatingPlan,
    #[error(
        "no pretix file of {0} was imported: import its orders first, then load its seating plan"
    )]
    UnknownSeller(String),
    #[error("{path}: {why}")]
    Invalid { path: String, why: Invalid },
    #[error("order {order} is in the file twice (orders[{first}] and orders[{second}])")]
    Duplicate {
        order: String,
        first: usize,
        second: usize,
    },
    #[error("orders {first} and {second} carry the same ticket code")]
    DuplicateCode { first: String, second: String },
    #[error("the file is in {file}, the venue in {venue}")]
    Currency { file: String, venue: String },
    #[error("this needs a coordinator ({0:?})")]
    NotAllowed(Act),
    #[error("the terminal is in training mode: real orders are imported outside it")]
    Training,
    #[error("the venue is not set up")]
    NoVenue,
    #[error("no outside order {0}")]
    NoSuchOrder(i64),
    #[error("outside order {0} is not waiting for a decision")]
    NotAConflict(i64),
    #[error("{seller} has no {kind} \"{external}\" in any file imported")]
    NoSuchMapping {
        seller: String,
        kind: &'static str,
        external: String,
    },
    #[error("no performance {0}")]
    NoPerformance(i64),
    #[error("no tariff {0}")]
    NoTariff(String),
    #[error("a note says why (it stays with the order)")]
    NoteNeeded,
    #[error("{0}")]
    Unresolved(Trouble),
}

impl From<CounterError> for ImportError {
    fn from(e: CounterError) -> ImportError {
        ImportError::Counter(Box::new(e))
    }
}

impl From<crate::audience::AudienceError> for ImportError {
    fn from(e: crate::audience::AudienceError) -> ImportError {
        ImportError::Audience(e.to_string())
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub source: String,
    pub channel: String,
    /// Orders in the file (paid and cancelled ones).
    pub orders: usize,
    pub imported: usize,
    pub tickets: usize,
    /// Already imported and the same: nothing to do.
    pub unchanged: usize,
    /// Cancelled at the seller since they were imported: cancelled here.
    pub cancelled: usize,
    /// Tickets of orders still there cancelled at the seller since: here too.
    pub tickets_cancelled: usize,
    /// Imported before and different now at the seller: listed, not applied.
    pub changed: Vec<String>,
    /// New conflicts, waiting for the coordinator.
    pub conflicts: usize,
    /// Conflicts or refunds met again: left as they are.
    pub waiting: usize,
    pub patrons_created: usize,
    pub patrons_matched: usize,
    pub left_out: LeftOut,
    /// Events and products to map before any order is imported.
    pub unmapped: Vec<Unmapped>,
    /// E-tickets queued for the buyers (when asked).
    pub e_tickets: usize,
}

/// An event or product the coordinator must map first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unmapped {
    pub kind: String,
    pub external: String,
    pub label: String,
    /// Orders of the file that need it.
    pub orders: usize,
}

/// Loads a seller's seating plan (pretix's, as its plan editor exports
/// it), adding to those loaded before (an event series may have one per
/// date): the seats its order exports give by their ids there are then
/// placed by their zone, row and number here. A coordinator's act, for a
/// pretix seller an import has met; the seats read.
pub fn load_seats(
    store: &mut Store,
    by: &Operator,
    source: &str,
    bytes: &[u8],
) -> Result<usize, ImportError> {
    may(by)?;
    let seats = read::seating_plan(bytes)?;
    store.write(|tx| {
        let known = store::imports::mappings(tx)?
            .iter()
            .any(|m| m.source == source);
        if !known || !place::by_ids(source) {
            return Err(ImportError::UnknownSeller(source.to_owned()));
        }
        store::imports::set_seller_seats(tx, source, &seats)?;
        Ok(seats.len())
    })
}

fn may(by: &Operator) -> Result<(), ImportError> {
    if by.role.may(Act::Import) {
        Ok(())
    } else {
        Err(ImportError::NotAllowed(Act::Import))
    }
}

/// Imports an order file in one transaction: everything it can place, or
/// nothing at all when an event or a product is not mapped yet (the
/// summary lists them; map them and import again). With `e_tickets`, each
/// order that lands with a buyer's address has its e-ticket queued in the
/// same transaction (for a reseller or partner whose buyers have no ticket
/// yet; a web shop usually sends its own).
pub fn import(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    bytes: &[u8],
    e_tickets: bool,
    now: DateTime<Utc>,
) -> Result<Summary, ImportError> {
    may(by)?;
    let country = store
        .read(store::venue::load)?
        .ok_or(ImportError::NoVenue)?
        .settings
        .country;
    let batch = read::read(bytes, country)?;
    ledger::write(store, signer, |tx| {
        write::batch(tx, signer, by, &batch, e_tickets, now)
    })
}

/// An order file's bytes, read whole but never more than [`MAX_BYTES`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let failed = |e: std::io::Error| ImportError::File {
        path: path.display().to_string(),
        why: e.to_string(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(failed)?
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { max: MAX_BYTES });
    }
    Ok(bytes)
}

/// A mapping as the window and the command line show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mapping {
    pub source: String,
    pub kind: String,
    pub external: String,
    pub label: String,
    /// The performance (its id) or tariff (its code).
    pub target: Option<String>,
}

/// Every seller's events and products met, unmapped first.
pub fn mappings(store: &Store) -> Result<Vec<Mapping>, ImportError> {
    store.read(|tx| {
        let tariffs = store::tariffs::all(tx)?;
        let rows = store::imports::mappings(tx)?;
        Ok(rows
            .into_iter()
            .map(|m| Mapping {
                target: m.target.map(|t| match m.kind.as_str() {
                    "product" => tariffs
                        .iter()
                        .find(|x| x.id == t)
                        .map_or_else(|| t.to_string(), |x| x.code.clone()),
                    _ => t.to_string(),
                }),
                source: m.source,
                kind: m.kind,
                external: m.external,
                label: m.label,
            })
            .collect())
    })
}

/// What a seller's event or product is here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Performance(i64),
    /// A tariff by its code.
    Tariff(String),
}

/// Maps a seller's event to a performance or a product to a tariff, for
/// this and every later import.
pub fn map(
    store: &mut Store,
    by: &Operator,
    source: &str,
    external: &str,
    target: &Target,
) -> Result<(), ImportError> {
    may(by)?;
    store.write(|tx| {
        let (kind, id) = match target {
            Target::Performance(id) => {
                store::performances::by_id(tx, *id)?.ok_or(ImportError::NoPerformance(*id))?;
                ("event", *id)
            }
            Target::Tariff(code) => {
                let t = store::tariffs::by_code(tx, &code.trim().to_uppercase())?
                    .ok_or_else(|| ImportError::NoTariff(code.clone()))?;
                ("product", t.id)
            }
        };
        if !store::imports::set_target(tx, source, kind, external, Some(id))? {
            return Err(ImportError::NoSuchMapping {
                seller: source.to_owned(),
                kind,
                external: external.to_owned(),
            });
        }
        Ok(())
    })
}

/// An outside order as the coordinator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outside {
    pub id: i64,
    pub source: String,
    pub external: String,
    pub channel: String,
    /// imported, conflict, refunded, cancelled.
    pub state: String,
    pub order_id: Option<i64>,
    pub buyer: String,
    pub email: String,
    pub tickets: usize,
    pub amount: i64,
    pub placed_at: DateTime<Utc>,
    /// What keeps it from landing (a conflict).
    pub trouble: Vec<Trouble>,
    pub note: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// Outside orders in `state` (all when None), newest first.
pub fn outside_orders(
    store: &Store,
    state: Option<&str>,
    limit: i64,
) -> Result<Vec<Outside>, ImportError> {
    store.read(|tx| {
        let rows = store::imports::list(tx, state, limit.clamp(1, 10_000))?;
        rows.into_iter().map(|r| decide::outside(tx, r)).collect()
    })
}

/// How many outside orders are in each state.
pub fn counts(store: &Store) -> Result<Vec<(String, i64)>, ImportError> {
    Ok(store.read(store::imports::counts)?)
}

/// What the coordinator decides for an order in conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Its troubled tickets take other seats: the ones named (seat labels,
    /// by ticket in the order), else the first free seats of their category.
    Move(Vec<String>),
    /// It is sent back to the seller to refund: nothing lands here.
    Refund { note: String },
    /// It lands as it is, over the hall's count: its troubled tickets have
    /// no seat (placed at the door), the note says why.
    Overbook { note: String },
}

/// Decides an order in conflict, in one transaction, recorded with who.
pub fn decide(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> Result<Outside, ImportError> {
    may(by)?;
    ledger::write(store, signer, |tx| {
        decide::decide(tx, signer, by, id, decision, now)?;
        let row = store::imports::by_id(tx, id)?.ok_or(ImportError::NoSuchOrder(id))?;
        decide::outside(tx, row)
    })
}

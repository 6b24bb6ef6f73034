//! What each kind of journal record says: one typed struct per kind,
//! serialised one way (the ledger turns it into canonical JSON, hashes and
//! signs it). Amounts are in cents, rates in thousandths of a percent, ids
//! are public ids. Fields are never renamed: a record signed today must
//! still read the same in ten years.

use serde::{Deserialize, Serialize};

use super::journal::Kind;
pub use super::programmed::{FieldChange, Programmed};

/// A record's content, by kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Record {
    Genesis(Genesis),
    Setup(Setup),
    DemoLoaded(DemoLoaded),
    OperatorCreated(OperatorCreated),
    OperatorChanged(OperatorChanged),
    LogIn(LogIn),
    LogOut(LogOut),
    Sale(Sale),
    Cancellation(Cancellation),
    Reprint(Reprint),
    IntegrityFailure(IntegrityFailure),
    SeasonImported(SeasonImported),
    KeyRotated(KeyRotated),
    TerminalEnrolled(TerminalEnrolled),
    Programmed(Programmed),
    PatronFile(PatronFile),
    Closing(Closing),
    Drawer(Drawer),
    Archived(Archived),
    TrainingMode(TrainingMode),
    OrderImported(Sale),
    CentralJoined(CentralJoined),
    Contingent(Contingent),
    DoorList(DoorList),
    Restored(Restored),
    Invitation(Invitation),
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Genesis(_) => Kind::Genesis,
            Record::Setup(_) => Kind::Setup,
            Record::DemoLoaded(_) => Kind::DemoLoaded,
            Record::OperatorCreated(_) => Kind::OperatorCreated,
            Record::OperatorChanged(_) => Kind::OperatorChanged,
            Record::LogIn(_) => Kind::LogIn,
            Record::LogOut(_) => Kind::LogOut,
            Record::Sale(_) => Kind::Sale,
            Record::Cancellation(_) => Kind::Cancellation,
            Record::Reprint(_) => Kind::Reprint,
            Record::IntegrityFailure(_) => Kind::IntegrityFailure,
            Record::SeasonImported(_) => Kind::SeasonImported,
            Record::KeyRotated(_) => Kind::KeyRotated,
            Record::TerminalEnrolled(_) => Kind::TerminalEnrolled,
            Record::Programmed(_) => Kind::Programmed,
            Record::PatronFile(_) => Kind::PatronFile,
            Record::Closing(_) => Kind::Closing,
            Record::Drawer(_) => Kind::Drawer,
            Record::Archived(_) => Kind::Archived,
            Record::TrainingMode(_) => Kind::TrainingMode,
            Record::OrderImported(_) => Kind::OrderImported,
            Record::CentralJoined(_) => Kind::CentralJoined,
            Record::Contingent(_) => Kind::Contingent,
            Record::DoorList(_) => Kind::DoorList,
            Record::Restored(_) => Kind::Restored,
            Record::Invitation(_) => Kind::Invitation,
        }
    }

    /// A record's content read back from its kind and its `data`.
    pub fn read(kind: Kind, data: serde_json::Value) -> Result<Record, serde_json::Error> {
        use serde_json::from_value as of;
        Ok(match kind {
            Kind::Genesis => Record::Genesis(of(data)?),
            Kind::Setup => Record::Setup(of(data)?),
            Kind::DemoLoaded => Record::DemoLoaded(of(data)?),
            Kind::OperatorCreated => Record::OperatorCreated(of(data)?),
            Kind::OperatorChanged => Record::OperatorChanged(of(data)?),
            Kind::LogIn => Record::LogIn(of(data)?),
            Kind::LogOut => Record::LogOut(of(data)?),
            Kind::Sale => Record::Sale(of(data)?),
            Kind::Cancellation => Record::Cancellation(of(data)?),
            Kind::Reprint => Record::Reprint(of(data)?),
            Kind::IntegrityFailure => Record::IntegrityFailure(of(data)?),
            Kind::SeasonImported => Record::SeasonImported(of(data)?),
            Kind::KeyRotated => Record::KeyRotated(of(data)?),
            Kind::TerminalEnrolled => Record::TerminalEnrolled(of(data)?),
            Kind::Programmed => Record::Programmed(of(data)?),
            Kind::PatronFile => Record::PatronFile(of(data)?),
            Kind::Closing => Record::Closing(of(data)?),
            Kind::Drawer => Record::Drawer(of(data)?),
            Kind::Archived => Record::Archived(of(data)?),
            Kind::TrainingMode => Record::TrainingMode(of(data)?),
            Kind::OrderImported => Record::OrderImported(of(data)?),
            Kind::CentralJoined => Record::CentralJoined(of(data)?),
            Kind::Contingent => Record::Contingent(of(data)?),
            Kind::DoorList => Record::DoorList(of(data)?),
            Kind::Restored => Record::Restored(of(data)?),
            Kind::Invitation => Record::Invitation(of(data)?),
        })
    }
}

/// What this terminal holds of a performance's places changed, as the
/// central database lent or took them: the seats that came (by their names
/// as tickets carry them) and went, and the places of general admission it
/// holds from now on (those it sold included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contingent {
    /// The performance's public id.
    pub performance: String,
    /// lent, given_back, reclaimed (taken by the central side) or offered
    /// (what it had sold already, when it published the season).
    pub why: String,
    pub seats_in: Vec<String>,
    pub seats_out: Vec<String>,
    pub places: i64,
}

/// A door pulled what it admits from: the tickets the other terminals sold
/// for these performances (by public id) and the keys that sign their
/// codes, as the central database knew them; the digest of the list as
/// kept (`verify` holds the rows to it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorList {
    pub performances: Vec<String>,
    pub keys: usize,
    pub tickets: usize,
    /// SHA-256 of the list, hex.
    pub digest: String,
}

/// The database was restored from a backup (its file name, when it was
/// made, its SHA-256): the records of each chain lost since (past the
/// backup, as the signed head or the replaced file knew them), and where
/// numbering went on, past every ticket and order the lost records may
/// have issued: a ticket numbered from `tickets_from` up to `next_ticket`
/// that turns up at the door was sold after the backup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restored {
    pub backup: String,
    pub made_at: String,
    pub sha256: String,
    pub lost: Vec<Lost>,
    pub tickets_from: i64,
    pub next_ticket: i64,
    pub next_order: i64,
    /// Where the replaced database was kept.
    pub kept_aside: Option<String>,
}

/// Records of a chain lost with a restore: `from` to `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lost {
    pub chain: String,
    pub from: i64,
    pub to: i64,
}

/// The terminal joined the venue's central database, enrolled by an
/// administrator (the record's actor): its id and login there, its kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentralJoined {
    pub central_id: i64,
    pub login: String,
    /// counter, door, web or admin.
    pub kind: String,
    /// The address it connects to (no password).
    pub address: String,
}

/// The first record of a chain: the terminal's public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Genesis {
    pub algorithm: String,
    pub key_id: String,
    /// Hex.
    pub public_key: String,
    pub terminal_name: String,
}

/// An invitation request, as it was asked, issued or refused. Who asked
/// is kept in the file, not signed (a person's name never goes into the
/// chain: it could not be erased); the patron it is for, by public id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub invitation: String,
    pub performance: String,
    /// `RequesterKind::code`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patron: Option<String>,
    pub places: i64,
    /// `Status::code`: asked, issued or refused.
    pub status: String,
    /// Issued: the order of its tickets (its sale record signs them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
}

/// The venue's identity, set at the first run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    pub establishment: String,
    pub name: String,
    pub legal_name: String,
    pub country: String,
    pub currency: String,
    pub time_zone: String,
    pub licence_number: String,
    pub siret: String,
    pub gst_number: String,
    pub qst_number: String,
    pub demo: bool,
}

/// The demo season was loaded: which file, and what it held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLoaded {
    pub file: String,
    pub sha256: String,
    pub halls: usize,
    pub seats: usize,
    pub shows: usize,
    pub performances: usize,
    pub operators: usize,
}

/// An operator as records name them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorCreated {
    pub operator: OperatorRef,
}

/// An operator deactivated or reactivated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorChanged {
    pub operator: OperatorRef,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogIn {
    pub role: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogOut {}

/// A line of a sale: a performance, a category, a tariff, how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub label: String,
    pub performance: String,
    pub category: String,
    pub tariff: String,
    pub quantity: u32,
    pub unit_price: i64,
    pub vat_rate: u32,
    pub excl: i64,
    pub tax: i64,
    pub incl: i64,
}

/// A row of a record's tax table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxLine {
    /// vat, gst or qst.
    pub kind: String,
    pub rate: u32,
    pub base: i64,
    pub tax: i64,
}

/// A payment (or, negative, a refund).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub method: String,
    pub amount: i64,
    pub tendered: Option<i64>,
    /// A voucher's public id: the voucher spent (a positive amount) or
    /// issued (negative: a gift voucher sold, a refund's credit note).
    /// Absent from the other payments, and from an exchange's credit moved
    /// to its new sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<String>,
}

/// A ticket of a sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldTicket {
    pub number: i64,
    pub id: String,
    pub seat: Option<String>,
    pub price: i64,
    /// An imported ticket's code at its seller (hex SHA-256 of it), also
    /// accepted at the door.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
    /// Timed entry: the ticket's slot, by its minutes after its performance
    /// opens (`performance::slot_stamp`): the central pool counts each
    /// slot's places apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
}

/// The exchange a sale and a cancellation are the two halves of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
}

/// A validated sale: the receipt as the customer gets it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub receipt: i64,
    pub order: String,
    pub establishment: String,
    pub currency: String,
    pub lines: Vec<SaleLine>,
    pub taxes: Vec<TaxLine>,
    pub total: i64,
    pub payments: Vec<PaymentLine>,
    pub change: i64,
    pub tickets: Vec<SoldTicket>,
    pub patron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<Link>,
    /// Through whom it was sold (counter, web, reseller, partner, phone,
    /// invitation); records written before it was recorded have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// An imported order: which seller's file, and its number there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<Imported>,
    /// A subscription sold: its id, its formula's and its whole price (the
    /// lines carry each performance's share).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<SubscriptionLine>,
}

/// The subscription a sale is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionLine {
    pub id: String,
    pub formula: String,
    pub price: i64,
}

/// Where an imported order comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub source: String,
    pub external: String,
}

/// A ticket cancelled, and what it gives back (negative amounts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledTicket {
    pub ticket: i64,
    pub id: String,
    pub performance: String,
    pub vat_rate: u32,
    pub excl: i64,
    pub tax: i64,
    pub incl: i64,
}

/// Tickets cancelled and refunded: negative amounts referring to the sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub receipt: i64,
    pub order: String,
    pub sale_seq: i64,
    pub currency: String,
    pub lines: Vec<CancelledTicket>,
    pub taxes: Vec<TaxLine>,
    pub total: i64,
    pub payments: Vec<PaymentLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange: Option<Link>,
    /// The performance was moved: its tickets are replaced by new ones on
    /// the new date (the sale of the same exchange). Records written
    /// before moves existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<Moved>,
}

/// Where a moved performance went, as its cancelled tickets' record says:
/// the door reads the new date from here, signed, whatever the rows say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    /// The new performance's public id.
    pub performance: String,
    /// Its start, RFC 3339 UTC.
    pub starts_at: String,
    /// The tickets (numbers) that replace the record's lines, one for one.
    /// Numbers only: a public id here would read, to the door, as a
    /// cancellation of the new ticket.
    pub tickets: Vec<i64>,
}

/// A ticket printed again: duplicata n° `duplicate`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reprint {
    pub ticket: i64,
    pub id: String,
    pub duplicate: i64,
    pub performance: String,
}

/// A verification found the journal broken: where and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityFailure {
    pub terminal: String,
    pub chain: String,
    pub position: i64,
    pub kind: String,
    pub problem: String,
}

/// A season file imported: its digest and what it added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonImported {
    pub sha256: String,
    pub tariffs: usize,
    pub halls: usize,
    pub shows: usize,
    pub performances: usize,
}

/// Another terminal joins the venue, enrolled by the founding terminal:
/// from this record on, its chains and its tickets count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalEnrolled {
    /// The terminal's public id.
    pub terminal: String,
    pub name: String,
    pub key_id: String,
    /// Hex.
    pub public_key: String,
}

/// The terminal signs with a new key from the next record on; signed by
/// the old key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRotated {
    pub algorithm: String,
    pub key_id: String,
    pub number: i64,
    pub previous_key_id: String,
    /// Hex.
    pub public_key: String,
    pub reason: String,
}

/// An act on the patron file that the law asks to account for: `act` is
/// exported, erased or forgotten (the retention rule); `patrons` their
/// public ids, never their names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatronFile {
    pub act: String,
    pub patrons: Vec<String>,
    /// The retention rule applied, in years, for `forgotten`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// The tickets an import of the previous system's history added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets: Option<usize>,
    /// The system that history came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A step of the terminal's cash drawer (`domain::drawer`): a session
/// opened with its float, cash in or out, a count at a handover or at the
/// end. Amounts in cents, all positive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drawer {
    /// The session's number: gap-free per terminal and chain.
    pub session: i64,
    /// The session's day in the venue's zone ("2026-11-23").
    pub day: String,
    pub step: super::drawer::Step,
    /// The float, the cash moved, or the cash counted.
    pub amount: i64,
    /// A count: what the drawer should hold (`amount` less it is the
    /// difference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<i64>,
    /// Why cash moved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// A handover: who takes the drawer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
    /// A count by denomination (none when counted as a total).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pieces: Vec<super::drawer::Pieces>,
    pub currency: String,
}

/// Training mode switched on (`on`) or off by a coordinator: the last one
/// says whether the terminal sells on its training chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingMode {
    pub on: bool,
}

/// A closed month or year written out as an archive (`till::archive`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archived {
    pub period: Period,
    pub label: String,
    /// The archive's folder name.
    pub folder: String,
    /// The SHA-256 of its manifest (hex), which lists every file's digest.
    pub manifest_sha256: String,
    /// The records it holds, every chain.
    pub records: i64,
}

/// A closing of the terminal's chain: a day (Z), a month or a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    /// day, month or year.
    pub period: Period,
    /// Gap-free per terminal and period.
    pub number: i64,
    /// "2026-11-23", "2026-11" or "2026".
    pub label: String,
    /// The period in the venue's zone: from (included) to (excluded).
    pub from: String,
    pub to: String,
    /// The records it sums: `first_seq..=last_seq` of the chain (none when
    /// `first_seq > last_seq`), and the hash of the last (hex).
    pub first_seq: i64,
    pub last_seq: i64,
    pub last_hash: String,
    pub currency: String,
    pub totals: Totals,
    /// Every sale less every cancellation since the terminal was installed,
    /// up to `last_seq`.
    pub perpetual: i64,
}

/// What a closing closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Day, Period::Month, Period::Year];

    pub fn code(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// A tax rate's net amounts over the period (cancellations taken off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotal {
    /// vat, gst or qst.
    pub kind: String,
    /// Per hundred thousand (5.5 % is 5500), as the records hold it.
    pub rate: u32,
    pub base: i64,
    pub tax: i64,
}

/// A payment method's net amount (refunds taken off).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotal {
    pub method: String,
    pub amount: i64,
}

/// The totals of a period, in cents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Sale records (an exchange's new tickets included).
    pub sales: u64,
    pub tickets: u64,
    /// Tickets at no price (invitations, exonerated tariffs).
    pub invitations: u64,
    /// Sales that were the second half of an exchange.
    pub exchanges: u64,
    /// Cancellation records, and the tickets they cancelled.
    pub cancellations: u64,
    pub cancelled_tickets: u64,
    /// What the sales came to, and what the cancellations gave back
    /// (negative).
    pub sold: i64,
    pub cancelled: i64,
    /// Money paid back to customers (not an exchange's credit moved to
    /// its new sale), as a negative amount.
    pub refunds: i64,
    /// The period's total: sold + cancelled.
    pub total: i64,
    pub taxes: Vec<TaxTotal>,
    pub payments: Vec<MethodTotal>,
}

//! Gift vouchers and credit notes at the counter: a gift voucher sold (an
//! amount, a validity, a code printed once), a credit note issued by a
//! refund given back as a voucher, and either spent in part or whole as a
//! payment of later sales.
//!
//! Selling a voucher is not a sale of anything yet: the money taken is
//! owed to the holder. Its order has no line and a total of zero; its
//! payments are the money taken and the voucher issued, a negative voucher
//! payment naming it, so the till's cash, the Z's methods and the
//! accountant's entries (419100, customers' credit) follow it, while no
//! revenue, tax or statement counts it. A voucher spent is a payment of
//! the sale it pays, naming it: revenue then, in that sale. Every issue
//! and spend is in a signed record; `verify` holds the rows to them.
//!
//! A spend is checked in the sale's transaction (taken at once, so two
//! counters of the same file spend one after the other): the voucher's
//! balance, its last day, training or not.

use chrono::{DateTime, NaiveDate, Utc};

use super::{CounterError, checks};
use crate::domain::journal::Chain;
use crate::domain::payment::{self, Method, Payment, Tender};
use crate::domain::records::{self, Record};
pub use crate::domain::voucher::{Code, CodeError, IssueError, Kind, MAX_GIFT, Validity};
use crate::domain::voucher::{gift_amount, taken_on};
use crate::domain::{Cents, Currency};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
pub use crate::store::vouchers::VoucherRow;
use crate::store::vouchers::{NewVoucher, Which};
use crate::store::{self, Store, Tx, sales};

/// The most vouchers a list shows.
pub const LIST_LIMIT: i64 = 500;

/// Why a voucher cannot be sold, found or spent.
#[derive(Debug, thiserror::Error)]
pub enum VoucherError {
    /// What was typed is not a code, or a character of it was mistyped.
    Code(CodeError),
    /// A well-formed code that no voucher of this file has.
    Unknown,
    /// Its last day is past: what was left on it.
    Expired {
        last_day: NaiveDate,
        balance: Cents,
        currency: Currency,
    },
    /// Less left on it than asked (nothing, once spent).
    Short {
        balance: Cents,
        asked: Cents,
        currency: Currency,
    },
    /// A voucher of training mode spent for real, or the other way round
    /// (true: the voucher is a training one).
    Training(bool),
    /// A voucher payment that does not say which voucher.
    NeedsCode,
    /// A voucher paid with a voucher.
    ForVoucher,
    Issue(IssueError, Currency),
    /// The system gave no randomness to draw a code from.
    NoRandomness,
    /// The order (its number) sold a gift voucher: it has no ticket to
    /// cancel, and the voucher is the holder's money.
    NotCancelled(i64),
}

/// A voucher just issued, with its code: the only time it is known.
#[derive(Clone, PartialEq, Eq)]
pub struct Issued {
    pub voucher_id: i64,
    pub public_id: String,
    pub kind: Kind,
    /// As printed: `K7QF-9M2X-HT4C-8WRA`.
    pub code: String,
    pub amount: Cents,
    pub last_day: Option<NaiveDate>,
    pub currency: Currency,
}

impl std::fmt::Debug for Issued {
    // The code is a bearer's money: never whole in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hint = self.code.get(self.code.len().saturating_sub(4)..);
        f.debug_struct("Issued")
            .field("public_id", &self.public_id)
            .field("kind", &self.kind)
            .field("code", &format_args!("…{}", hint.unwrap_or_default()))
            .field("amount", &self.amount)
            .field("last_day", &self.last_day)
            .finish()
    }
}

/// A gift voucher to sell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftSale {
    pub amount: Cents,
    /// The venue's usual validity unless said.
    pub validity: Option<Validity>,
    pub patron_id: Option<i64>,
    pub tenders: Vec<Tender>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GiftSold {
    pub voucher: Issued,
    pub order_id: i64,
    pub order_number: i64,
    pub payments: Vec<Payment>,
    pub change: Cents,
    pub training: bool,
}

/// A voucher as the counter looks it up: what is left, until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub voucher: VoucherRow,
    pub last_day: Option<NaiveDate>,
    /// Still taken today.
    pub valid: bool,
    pub balance: Cents,
    /// What it paid: order number, amount, when (unix seconds).
    pub uses: Vec<(i64, Cents, i64)>,
    pub currency: Currency,
}

/// Sells a gift voucher: the money taken, the voucher issued with its code,
/// one signed record; or refused with nothing written.
pub fn sell(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    sale: &GiftSale,
    now: DateTime<Utc>,
) -> Result<GiftSold, CounterError> {
    ledger::write(store, signer, |tx| sell_in(tx, signer, by, sale, now))
}

fn sell_in(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    sale: &GiftSale,
    now: DateTime<Utc>,
) -> Result<GiftSold, CounterError> {
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let (country, currency) = (venue.settings.country, venue.settings.currency);
    let issue = |e| CounterError::Voucher(VoucherError::Issue(e, currency));
    let amount = gift_amount(sale.amount).map_err(issue)?;
    let validity = sale
        .validity
        .unwrap_or(Validity::default_for(country))
        .checked(country)
        .map_err(issue)?;
    if sale.tenders.iter().any(|t| t.method == Method::Voucher) {
        return Err(VoucherError::ForVoucher.into());
    }
    if let Some(patron) = sale.patron_id
        && !sales::patron_exists(tx, patron)?
    {
        return Err(CounterError::NoPatron(patron));
    }
    let settlement = payment::settle(amount, &sale.tenders)
        .map_err(|error| CounterError::Payment { error, currency })?;
    let training = ledger::training_on(tx, signer.terminal_id)?;
    let zone = venue.settings.time_zone;
    checks::till_open(tx, signer.terminal_id, now, zone, training)?;
    let number = sales::next_number(tx, sales::Numbered::Order, signer.terminal_id, training)?;
    let code = new_code()?;
    let voucher_public_id = store::public_id(now);
    let order_public_id = store::public_id(now);
    let last_day = validity.last_day(now.with_timezone(&zone).date_naive());
    let mut lines = payment_lines(tx, &settlement.payments)?;
    lines.push(records::PaymentLine {
        method: Method::Voucher.code().into(),
        amount: -amount.0,
        tendered: None,
        voucher: Some(voucher_public_id.clone()),
    });
    let record = Record::Sale(records::Sale {
        receipt: number,
        order: order_public_id.clone(),
        establishment: venue.public_id.clone(),
        currency: currency.code().into(),
        lines: Vec::new(),
        taxes: Vec::new(),
        total: 0,
        payments: lines,
        change: settlement.change.0,
        tickets: Vec::new(),
        patron: match sale.patron_id {
            Some(id) => Some(sales::patron_public_id(tx, id)?),
            None => None,
        },
        exchange: None,
        channel: Some(crate::domain::order::Channel::Counter.code().to_owned()),
        imported: None,
        subscription: None,
    });
    let chain = if training {
        Chain::Training
    } else {
        Chain::Fiscal
    };
    let appended = ledger::append_at(tx, signer, chain, &by.actor(), &record, now, zone)?;
    let order_id = sales::insert_order(
        tx,
        &sales::NewOrder {
            public_id: &order_public_id,
            terminal_id: signer.terminal_id,
            number,
            operator_id: by.id,
            patron_id: sale.patron_id,
            channel: crate::domain::order::Channel::Counter.code(),
            total: 0,
            ledger_seq: appended.seq,
            created_at: store::unix(now),
            training,
        },
    )?;
    let at = store::unix(now);
    for p in &settlement.payments {
        let tendered = p.tendered.map(|c| c.0);
        sales::insert_payment(tx, order_id, p.method.code(), p.amount.0, tendered, at)?;
    }
    sales::insert_payment(tx, order_id, Method::Voucher.code(), -amount.0, None, at)?;
    let issued = insert(
        tx,
        (&code, &voucher_public_id),
        Kind::Gift,
        (amount, last_day, currency),
        (order_id, training),
        now,
    )?;
    if let Some(patron) = sale.patron_id {
        sales::touch_patron(tx, patron, at)?;
    }
    let mut payments = settlement.payments;
    payments.push(Payment {
        method: Method::Voucher,
        amount: -amount,
        tendered: None,
        voucher: Some(issued.voucher_id),
    });
    Ok(GiftSold {
        voucher: issued,
        order_id,
        order_number: number,
        payments,
        change: settlement.change,
        training,
    })
}

/// A fresh code, from the system's randomness.
fn new_code() -> Result<Code, CounterError> {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|_| VoucherError::NoRandomness)?;
    Ok(Code::from_random(bytes))
}

fn insert(
    tx: &Tx,
    (code, public_id): (&Code, &str),
    kind: Kind,
    (amount, last_day, currency): (Cents, Option<NaiveDate>, Currency),
    (order_id, training): (i64, bool),
    now: DateTime<Utc>,
) -> Result<Issued, CounterError> {
    let voucher_id = store::vouchers::insert(
        tx,
        &NewVoucher {
            public_id,
            code_sha256: &code.digest(),
            hint: &code.hint(),
            kind,
            amount: amount.0,
            expires_on: last_day.map(|d| d.format("%Y-%m-%d").to_string()),
            order_id,
            training,
            issued_at: store::unix(now),
        },
    )?;
    Ok(Issued {
        voucher_id,
        public_id: public_id.to_owned(),
        kind,
        code: code.printed(),
        amount,
        last_day,
        currency,
    })
}

/// Issues the credit note of a refund given back as a voucher (`amount`,
/// positive) from order `order_id` (its patron's): the venue's usual
/// validity. The refund's record names it by its public id (returned).
pub(crate) fn issue_credit(
    tx: &Tx,
    order_id: i64,
    amount: Cents,
    training: bool,
    now: DateTime<Utc>,
) -> Result<Issued, CounterError> {
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let zone = venue.settings.time_zone;
    let validity = Validity::default_for(venue.settings.country);
    let last_day = validity.last_day(now.with_timezone(&zone).date_naive());
    let code = new_code()?;
    let public_id = store::public_id(now);
    insert(
        tx,
        (&code, &public_id),
        Kind::Credit,
        (amount, last_day, venue.settings.currency),
        (order_id, training),
        now,
    )
}

/// Spends the vouchers that pay `order_id` (the payments with a voucher
/// and a positive amount): each checked, then its use written. A voucher
/// payment naming none is refused, but up to `carried`: in an exchange,
/// the credit of the tickets given back.
pub(crate) fn spend_in(
    tx: &Tx,
    payments: &[Payment],
    (order_id, carried, training): (i64, Cents, bool),
    (zone, currency): (chrono_tz::Tz, Currency),
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    let today = now.with_timezone(&zone).date_naive();
    let mut carried = carried;
    for p in payments
        .iter()
        .filter(|p| p.method == Method::Voucher && p.amount > Cents::ZERO)
    {
        let Some(id) = p.voucher else {
            if p.amount <= carried {
                carried -= p.amount;
                continue;
            }
            return Err(VoucherError::NeedsCode.into());
        };
        let v = store::vouchers::by_id(tx, id)?.ok_or(VoucherError::Unknown)?;
        spendable(&v, p.amount, today, training, currency)?;
        store::vouchers::insert_use(tx, id, order_id, p.amount.0, store::unix(now))?;
    }
    Ok(())
}

/// Whether `asked` can be taken from the voucher today.
fn spendable(
    v: &VoucherRow,
    asked: Cents,
    today: NaiveDate,
    training: bool,
    currency: Currency,
) -> Result<(), VoucherError> {
    if v.training != training {
        return Err(VoucherError::Training(v.training));
    }
    let balance = Cents(v.balance());
    if let Some(last_day) = last_day(v)
        && !taken_on(Some(last_day), today)
    {
        return Err(VoucherError::Expired {
            last_day,
            balance,
            currency,
        });
    }
    if balance < asked {
        return Err(VoucherError::Short {
            balance,
            asked,
            currency,
        });
    }
    Ok(())
}

fn last_day(v: &VoucherRow) -> Option<NaiveDate> {
    v.expires_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The payments as a record writes them, each voucher by its public id.
pub(crate) fn payment_lines(
    tx: &Tx,
    payments: &[Payment],
) -> Result<Vec<records::PaymentLine>, CounterError> {
    payments
        .iter()
        .map(|p| {
            let voucher = match p.voucher {
                Some(id) => Some(store::vouchers::public_id(tx, id)?.ok_or(VoucherError::Unknown)?),
                None => None,
            };
            Ok(records::PaymentLine {
                method: p.method.code().into(),
                amount: p.amount.0,
                tendered: p.tendered.map(|c| c.0),
                voucher,
            })
        })
        .collect()
}

/// The voucher whose code was typed, with its balance and uses; refused
/// when the code is not one, mistyped, or not this file's.
pub fn find(store: &Store, typed: &str, now: DateTime<Utc>) -> Result<Found, CounterError> {
    let code = Code::parse(typed).map_err(VoucherError::Code)?;
    store.read(|tx| {
        let v = store::vouchers::by_digest(tx, &code.digest())?.ok_or(VoucherError::Unknown)?;
        found(tx, v, now)
    })
}

fn found(tx: &Tx, v: VoucherRow, now: DateTime<Utc>) -> Result<Found, CounterError> {
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let today = now.with_timezone(&venue.settings.time_zone).date_naive();
    found_on(tx, v, today, venue.settings.currency)
}

fn found_on(
    tx: &Tx,
    v: VoucherRow,
    today: NaiveDate,
    currency: Currency,
) -> Result<Found, CounterError> {
    let last_day = last_day(&v);
    let uses = store::vouchers::uses(tx, v.id)?
        .into_iter()
        .map(|(n, a, at)| (n, Cents(a), at))
        .collect();
    Ok(Found {
        valid: taken_on(last_day, today),
        balance: Cents(v.balance()),
        last_day,
        uses,
        currency,
        voucher: v,
    })
}

/// Which vouchers a list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    /// Money left and still taken.
    Open,
    /// Money left, past their last day: what the accountant writes off.
    Expired,
}

/// A list of vouchers: the first [`LIST_LIMIT`], and how many matched
/// with what is left on them all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub vouchers: Vec<Found>,
    pub count: usize,
    pub balance: Cents,
    pub currency: Currency,
}

/// Vouchers (training ones aside), newest first: all, a patron's, those
/// open or expired with money left; at most [`LIST_LIMIT`] of them, with
/// how many there are and what is left on them all.
pub fn list(
    store: &Store,
    patron_id: Option<i64>,
    filter: Filter,
    now: DateTime<Utc>,
) -> Result<Listed, CounterError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
        let today = now.with_timezone(&venue.settings.time_zone).date_naive();
        let day = today.format("%Y-%m-%d").to_string();
        let which = match filter {
            Filter::All => Which::All,
            Filter::Open => Which::Open(&day),
            Filter::Expired => Which::Expired(&day),
        };
        let currency = venue.settings.currency;
        let (rows, count, left) = store::vouchers::list(tx, patron_id, which, LIST_LIMIT)?;
        let vouchers = rows
            .into_iter()
            .map(|v| found_on(tx, v, today, currency))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Listed {
            vouchers,
            count: usize::try_from(count).unwrap_or_default(),
            balance: Cents(left),
            currency,
        })
    })
}

impl From<VoucherError> for CounterError {
    fn from(e: VoucherError) -> CounterError {
        CounterError::Voucher(e)
    }
}

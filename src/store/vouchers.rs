//! Gift vouchers and credit notes: each voucher as issued, and what it
//! paid. A balance is the amount less what was spent; neither table is
//! ever changed (the schema refuses it).

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::voucher::Kind;

/// A voucher as the file keeps it, with what it has paid so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoucherRow {
    pub id: i64,
    pub public_id: String,
    pub hint: String,
    pub kind: Kind,
    pub amount: i64,
    pub spent: i64,
    /// Its last day, `YYYY-MM-DD`.
    pub expires_on: Option<String>,
    /// The order that sold it, or was refunded into it: its number.
    pub order_number: i64,
    pub terminal_id: i64,
    /// Its order's patron (merges follow it).
    pub patron_id: Option<i64>,
    pub training: bool,
    pub issued_at: i64,
}

impl VoucherRow {
    pub fn balance(&self) -> i64 {
        self.amount - self.spent
    }
}

pub struct NewVoucher<'a> {
    pub public_id: &'a str,
    pub code_sha256: &'a str,
    pub hint: &'a str,
    pub kind: Kind,
    pub amount: i64,
    pub expires_on: Option<String>,
    pub order_id: i64,
    pub training: bool,
    pub issued_at: i64,
}

pub fn insert(tx: &Tx, v: &NewVoucher) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO voucher (public_id, code_sha256, hint, kind, amount, expires_on,
                                  order_id, training, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            v.public_id,
            v.code_sha256,
            v.hint,
            v.kind.code(),
            v.amount,
            v.expires_on,
            v.order_id,
            v.training,
            v.issued_at
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

/// A payment of `order_id` made with the voucher.
pub fn insert_use(tx: &Tx, voucher_id: i64, order_id: i64, amount: i64, at: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO voucher_use (voucher_id, order_id, amount, at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![voucher_id, order_id, amount, at])?;
    Ok(())
}

const SELECT: &str = "SELECT v.id, v.public_id, v.hint, v.kind, v.amount,
        (SELECT coalesce(sum(u.amount), 0) FROM voucher_use u WHERE u.voucher_id = v.id),
        v.expires_on, o.number, o.terminal_id, o.patron_id, v.training, v.issued_at
     FROM voucher v JOIN sale_order o ON o.id = v.order_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<VoucherRow> {
    Ok(VoucherRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        hint: r.get(2)?,
        kind: super::code(r, 3, Kind::from_code)?,
        amount: r.get(4)?,
        spent: r.get(5)?,
        expires_on: r.get(6)?,
        order_number: r.get(7)?,
        terminal_id: r.get(8)?,
        patron_id: r.get(9)?,
        training: r.get(10)?,
        issued_at: r.get(11)?,
    })
}

pub fn by_digest(tx: &Tx, code_sha256: &str) -> Result<Option<VoucherRow>> {
    let sql = format!("{SELECT} WHERE v.code_sha256 = ?1");
    Ok(tx
        .conn()
        .prepare_cached(&sql)?
        .query_row([code_sha256], row)
        .optional()?)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<VoucherRow>> {
    let sql = format!("{SELECT} WHERE v.id = ?1");
    Ok(tx
        .conn()
        .prepare_cached(&sql)?
        .query_row([id], row)
        .optional()?)
}

/// Which vouchers a list holds: all, those with money left still taken on
/// a day, or those with money left past their last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which<'a> {
    All,
    /// The day, `YYYY-MM-DD`.
    Open(&'a str),
    Expired(&'a str),
}

const LISTED: &str =
    "FROM (SELECT v.id, v.amount - coalesce((SELECT sum(u.amount) FROM voucher_use u
                                                  WHERE u.voucher_id = v.id), 0) AS left,
                             v.expires_on, v.issued_at
                      FROM voucher v JOIN sale_order o ON o.id = v.order_id
                      WHERE v.training = 0 AND (?1 IS NULL OR o.patron_id = ?1))
     WHERE ?2 = 'all'
        OR (?2 = 'open' AND left > 0 AND (expires_on IS NULL OR expires_on >= ?3))
        OR (?2 = 'expired' AND left > 0 AND expires_on < ?3)";

fn which(w: Which<'_>) -> (&'static str, &str) {
    match w {
        Which::All => ("all", ""),
        Which::Open(day) => ("open", day),
        Which::Expired(day) => ("expired", day),
    }
}

/// Vouchers of real sales (training ones aside) newest first, at most
/// `limit`: all, or a patron's; with how many there are and what is left
/// on them all.
pub fn list(
    tx: &Tx,
    patron_id: Option<i64>,
    w: Which,
    limit: i64,
) -> Result<(Vec<VoucherRow>, i64, i64)> {
    let (kind, day) = which(w);
    let (count, left): (i64, i64) = tx
        .conn()
        .prepare_cached(&format!("SELECT count(*), coalesce(sum(left), 0) {LISTED}"))?
        .query_row(params![patron_id, kind, day], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let sql = format!(
        "{SELECT} WHERE v.id IN (SELECT id {LISTED} ORDER BY issued_at DESC, id DESC LIMIT ?4)
         ORDER BY v.issued_at DESC, v.id DESC"
    );
    let mut stmt = tx.conn().prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![patron_id, kind, day, limit], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, count, left))
}

/// Every voucher and every use, for `verify`: (public id, kind, amount,
/// training, order's public id) and (public id, order's public id,
/// amount).
pub type Issued = (String, String, i64, bool, String);
pub type Used = (String, String, i64);

pub fn all_for_verify(tx: &Tx) -> Result<(Vec<Issued>, Vec<Used>)> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT v.public_id, v.kind, v.amount, v.training, o.public_id
         FROM voucher v JOIN sale_order o ON o.id = v.order_id ORDER BY v.id",
    )?;
    let issued = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT v.public_id, o.public_id, u.amount
         FROM voucher_use u JOIN voucher v ON v.id = u.voucher_id
         JOIN sale_order o ON o.id = u.order_id ORDER BY u.id",
    )?;
    let used = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((issued, used))
}

/// What a voucher paid: (order number, amount, when), oldest first.
pub fn uses(tx: &Tx, voucher_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT o.number, u.amount, u.at FROM voucher_use u JOIN sale_order o ON o.id = u.order_id
         WHERE u.voucher_id = ?1 ORDER BY u.id",
    )?;
    let rows = stmt
        .query_map([voucher_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The public id of a voucher (for the records naming it).
pub fn public_id(tx: &Tx, id: i64) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT public_id FROM voucher WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Whether the order sold a gift voucher.
pub fn gift_of_order(tx: &Tx, order_id: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT 1 FROM voucher WHERE order_id = ?1 AND kind = 'gift'")?
        .exists([order_id])?)
}

//! The patron file: who came, how to reach them.

use rusqlite::{Row, params};

use super::{Result, Tx};
use crate::domain::patron::Patron;

const COLUMNS: &str = "p.id, p.public_id, p.first_name, p.last_name, p.email, p.phone, p.city,
     (SELECT count(*) FROM sale_order o WHERE o.patron_id = p.id AND o.training = 0)";

fn patron(r: &Row) -> rusqlite::Result<Patron> {
    Ok(Patron {
        id: r.get(0)?,
        public_id: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        email: r.get(4)?,
        phone: r.get(5)?,
        city: r.get(6)?,
        orders: r.get(7)?,
    })
}

/// How a patron is found from what the clerk types: a name starting with
/// it (first, last, or both in either order), an e-mail containing it (from
/// three characters), a phone containing its digits (from four). Its
/// parameters are ?1 to ?4, from [`matching`]. Anonymised patrons are never
/// found.
pub(super) const MATCHES: &str = "p.anonymised_at IS NULL
    AND (lower(p.last_name) LIKE ?1 OR lower(p.first_name) LIKE ?1
         OR lower(p.first_name || ' ' || p.last_name) LIKE ?1
         OR lower(p.last_name || ' ' || p.first_name) LIKE ?1
         OR (length(?3) >= 3 AND lower(p.email) LIKE ?2)
         OR replace(replace(replace(p.phone, ' ', ''), '.', ''), '-', '') LIKE ?4)";

/// The four parameters of [`MATCHES`] for `text`.
pub(super) fn matching(text: &str) -> [String; 4] {
    let lower = text.trim().to_lowercase();
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let phone = if digits.len() >= 4 {
        format!("%{digits}%")
    } else {
        "\u{0}".to_owned()
    };
    [format!("{lower}%"), format!("%{lower}%"), lower, phone]
}

/// Patrons matching the text ([`MATCHES`]), the most loyal first.
pub fn search(tx: &Tx, text: &str, limit: i64) -> Result<Vec<Patron>> {
    let [prefix, anywhere, lower, phone] = matching(text);
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM patron p WHERE {MATCHES}
         ORDER BY 8 DESC, lower(p.last_name), lower(p.first_name) LIMIT ?5"
    ))?;
    let rows = stmt
        .query_map(params![prefix, anywhere, lower, phone, limit], patron)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn insert(
    tx: &Tx,
    public_id: &str,
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
    now: i64,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO patron (public_id, first_name, last_name, email, phone, source,
                                 last_contact_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'counter', ?6, ?6, ?6)",
        )?
        .execute(params![public_id, first_name, last_name, email, phone, now])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<Patron>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM patron p WHERE p.id = ?1"))?
        .query_row([id], patron)
        .optional()?)
}

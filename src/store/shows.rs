//! Shows.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::Show;
use crate::domain::TaxRate;
use crate::domain::season::ShowTax;

const COLUMNS: &str = "id, public_id, title, artists, genre, sibil_domain, young_audience, \
                       show_tax, vat_rate, duration_min, description";

fn show(r: &Row) -> rusqlite::Result<Show> {
    let tax: String = r.get(7)?;
    Ok(Show {
        id: r.get(0)?,
        public_id: r.get(1)?,
        title: r.get(2)?,
        artists: r.get(3)?,
        genre: r.get(4)?,
        sibil_domain: r.get(5)?,
        young_audience: r.get(6)?,
        show_tax: ShowTax::from_code(&tax).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, tax.into())
        })?,
        vat_rate: TaxRate(r.get(8)?),
        duration_min: r.get(9)?,
        description: r.get(10)?,
    })
}

/// Inserts a show (its `id` is ignored) and returns its id.
pub fn insert(tx: &Tx, s: &Show, now: i64) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO show (public_id, title, artists, genre, sibil_domain, young_audience,
                           show_tax, vat_rate, duration_min, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            s.public_id,
            s.title,
            s.artists,
            s.genre,
            s.sibil_domain,
            s.young_audience,
            s.show_tax.code(),
            s.vat_rate.0,
            s.duration_min,
            s.description,
            now
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn update(tx: &Tx, s: &Show) -> Result<()> {
    tx.conn().execute(
        "UPDATE show SET title = ?2, artists = ?3, genre = ?4, sibil_domain = ?5,
                young_audience = ?6, show_tax = ?7, vat_rate = ?8, duration_min = ?9,
                description = ?10
         WHERE id = ?1",
        params![
            s.id,
            s.title,
            s.artists,
            s.genre,
            s.sibil_domain,
            s.young_audience,
            s.show_tax.code(),
            s.vat_rate.0,
            s.duration_min,
            s.description
        ],
    )?;
    Ok(())
}

pub fn all(tx: &Tx) -> Result<Vec<Show>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT {COLUMNS} FROM show ORDER BY title COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([], show)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn by_id(tx: &Tx, id: i64) -> Result<Option<Show>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM show WHERE id = ?1"))?
        .query_row([id], show)
        .optional()?)
}

pub fn by_public_id(tx: &Tx, public_id: &str) -> Result<Option<Show>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM show WHERE public_id = ?1"))?
        .query_row([public_id], show)
        .optional()?)
}

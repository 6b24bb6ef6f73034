//! The season: halls, seats, shows, performances, categories, tariffs, prices.

use rusqlite::params;

use super::{Result, Tx};
use crate::domain::TaxRate;
use crate::domain::season::{HallKind, PerformanceStatus, ShowTax};
use crate::domain::seat_plan::SeatFlags;

pub fn insert_hall(
    tx: &Tx,
    public_id: &str,
    name: &str,
    kind: HallKind,
    capacity: i64,
    venue_type: &str,
    now: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO hall (public_id, name, kind, capacity, venue_type, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![public_id, name, kind.code(), capacity, venue_type, now],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn insert_section(tx: &Tx, hall_id: i64, name: &str, position: i64) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO seat_section (hall_id, name, position) VALUES (?1, ?2, ?3)",
        params![hall_id, name, position],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

#[allow(clippy::too_many_arguments)]
pub fn insert_seat(
    tx: &Tx,
    hall_id: i64,
    section_id: i64,
    row: &str,
    number: &str,
    x: f64,
    y: f64,
    flags: SeatFlags,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO seat (hall_id, section_id, row_label, number, x, y, flags)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![hall_id, section_id, row, number, x, y, flags.0])?;
    Ok(tx.conn().last_insert_rowid())
}

/// A show to insert.
pub struct NewShow<'a> {
    pub public_id: &'a str,
    pub title: &'a str,
    pub artists: &'a str,
    pub genre: &'a str,
    pub sibil_domain: &'a str,
    pub young_audience: bool,
    pub show_tax: ShowTax,
    pub vat_rate: TaxRate,
    pub duration_min: i64,
    pub description: &'a str,
}

pub fn insert_show(tx: &Tx, s: &NewShow, now: i64) -> Result<i64> {
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

/// A performance to insert.
pub struct NewPerformance<'a> {
    pub public_id: &'a str,
    pub show_id: i64,
    pub hall_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub vat_rate: TaxRate,
    pub capacity: i64,
    pub status: PerformanceStatus,
}

pub fn insert_performance(tx: &Tx, p: &NewPerformance, now: i64) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO performance (public_id, show_id, hall_id, starts_at, ends_at, vat_rate,
                                  capacity, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            p.public_id,
            p.show_id,
            p.hall_id,
            p.starts_at,
            p.ends_at,
            p.vat_rate.0,
            p.capacity,
            p.status.code(),
            now
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn insert_slot(tx: &Tx, performance_id: i64, starts_at: i64, capacity: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO entry_slot (performance_id, starts_at, capacity) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![performance_id, starts_at, capacity])?;
    Ok(())
}

pub fn insert_category(
    tx: &Tx,
    performance_id: i64,
    code: &str,
    name: &str,
    colour: &str,
    position: i64,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO price_category (performance_id, code, name, colour, position)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![performance_id, code, name, colour, position])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn assign_seat_category(
    tx: &Tx,
    performance_id: i64,
    seat_id: i64,
    category_id: i64,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO seat_category (performance_id, seat_id, category_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![performance_id, seat_id, category_id])?;
    Ok(())
}

pub fn insert_tariff(
    tx: &Tx,
    code: &str,
    name: &str,
    requires_proof: bool,
    is_complimentary: bool,
    position: i64,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO tariff (code, name, requires_proof, is_complimentary, position)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![code, name, requires_proof, is_complimentary, position],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn offer_tariff(
    tx: &Tx,
    performance_id: i64,
    tariff_id: i64,
    quota: Option<i64>,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO performance_tariff (performance_id, tariff_id, quota) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![performance_id, tariff_id, quota])?;
    Ok(())
}

pub fn insert_price(tx: &Tx, category_id: i64, tariff_id: i64, amount: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("INSERT INTO price (category_id, tariff_id, amount) VALUES (?1, ?2, ?3)")?
        .execute(params![category_id, tariff_id, amount])?;
    Ok(())
}

/// A performance as listed in the season overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceLine {
    pub id: i64,
    pub show: String,
    pub genre: String,
    pub hall: String,
    pub hall_kind: String,
    pub starts_at: i64,
    pub capacity: i64,
    pub status: String,
}

/// Performances that end after `from`, soonest first.
pub fn upcoming(tx: &Tx, from: i64, limit: i64) -> Result<Vec<PerformanceLine>> {
    let mut stmt = tx.conn().prepare(
        "SELECT p.id, s.title, s.genre, h.name, h.kind, p.starts_at, p.capacity, p.status
         FROM performance p JOIN show s ON s.id = p.show_id JOIN hall h ON h.id = p.hall_id
         WHERE p.ends_at > ?1 ORDER BY p.starts_at, p.id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![from, limit], |r| {
            Ok(PerformanceLine {
                id: r.get(0)?,
                show: r.get(1)?,
                genre: r.get(2)?,
                hall: r.get(3)?,
                hall_kind: r.get(4)?,
                starts_at: r.get(5)?,
                capacity: r.get(6)?,
                status: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How much of a season is programmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeasonCounts {
    pub halls: i64,
    pub seats: i64,
    pub shows: i64,
    pub performances: i64,
    pub tariffs: i64,
}

pub fn counts(tx: &Tx) -> Result<SeasonCounts> {
    Ok(tx.conn().query_row(
        "SELECT (SELECT count(*) FROM hall), (SELECT count(*) FROM seat),
                (SELECT count(*) FROM show), (SELECT count(*) FROM performance),
                (SELECT count(*) FROM tariff)",
        [],
        |r| {
            Ok(SeasonCounts {
                halls: r.get(0)?,
                seats: r.get(1)?,
                shows: r.get(2)?,
                performances: r.get(3)?,
                tariffs: r.get(4)?,
            })
        },
    )?)
}

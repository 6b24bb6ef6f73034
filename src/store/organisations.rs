//! The venue's lists of the patron file: organisations (schools, works
//! councils, associations, companies) whose contacts are patrons, and the
//! audience categories a coordinator edits.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::organisation::OrganisationDetails;

/// An organisation as the file lists it, with how many patrons are its
/// contacts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationRow {
    pub id: i64,
    pub public_id: String,
    pub details: OrganisationDetails,
    pub contacts: i64,
}

const COLUMNS: &str = "o.id, o.public_id, o.name, o.kind, o.email, o.phone, o.address,
    o.postcode, o.city, o.notes,
    (SELECT count(*) FROM patron p WHERE p.organisation_id = o.id
        AND p.anonymised_at IS NULL AND p.merged_into IS NULL)";

fn row(r: &rusqlite::Row) -> rusqlite::Result<OrganisationRow> {
    Ok(OrganisationRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        details: OrganisationDetails {
            name: r.get(2)?,
            kind: r.get(3)?,
            email: r.get(4)?,
            phone: r.get(5)?,
            address: r.get(6)?,
            postcode: r.get(7)?,
            city: r.get(8)?,
            notes: r.get(9)?,
        },
        contacts: r.get(10)?,
    })
}

/// Every organisation, by name.
pub fn organisations(tx: &Tx) -> Result<Vec<OrganisationRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM organisation o ORDER BY lower(o.name), o.id"
    ))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn organisation(tx: &Tx, id: i64) -> Result<Option<OrganisationRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM organisation o WHERE o.id = ?1"
        ))?
        .query_row([id], row)
        .optional()?)
}

pub fn insert_organisation(
    tx: &Tx,
    public_id: &str,
    d: &OrganisationDetails,
    now: i64,
) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO organisation (public_id, name, kind, email, phone, address, postcode,
                                       city, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?
        .execute(params![
            public_id, d.name, d.kind, d.email, d.phone, d.address, d.postcode, d.city, d.notes,
            now
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn update_organisation(tx: &Tx, id: i64, d: &OrganisationDetails, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE organisation SET name = ?2, kind = ?3, email = ?4, phone = ?5, address = ?6,
                                     postcode = ?7, city = ?8, notes = ?9, updated_at = ?10
             WHERE id = ?1",
        )?
        .execute(params![
            id, d.name, d.kind, d.email, d.phone, d.address, d.postcode, d.city, d.notes, now
        ])?;
    Ok(())
}

/// The patrons (neither erased nor merged) who are an organisation's
/// contacts, by id.
pub fn contacts(tx: &Tx, id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT id FROM patron WHERE organisation_id = ?1 AND anonymised_at IS NULL
                                 AND merged_into IS NULL ORDER BY lower(last_name), id",
    )?;
    let rows = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The name of an organisation, if it exists.
pub fn organisation_name(tx: &Tx, id: i64) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT name FROM organisation WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The venue's audience categories: (code, name), in their order.
pub fn categories(tx: &Tx) -> Result<Vec<(String, String)>> {
    let mut stmt = tx
        .conn()
        .prepare_cached("SELECT code, name FROM audience_category ORDER BY position, code")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn set_category(tx: &Tx, code: &str, name: &str, position: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO audience_category (code, name, position) VALUES (?1, ?2, ?3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        )?
        .execute(params![code, name, position])?;
    Ok(())
}

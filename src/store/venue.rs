//! The venue row.

use rusqlite::{OptionalExtension, params};

use super::{Result, Tx};
use crate::domain::Currency;
use crate::domain::venue::{Country, Venue, VenueSettings};

pub fn load(tx: &Tx) -> Result<Option<Venue>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT public_id, name, legal_name, country, currency, time_zone, licence_number,
                    siret, vat_exempt, gst_number, qst_number, address, postcode, city, is_demo
             FROM venue WHERE id = 1",
        )?
        .query_row([], |r| {
            let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
            let bad = |i: usize, what: String| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    what.into(),
                )
            };
            let country =
                Country::from_code(&text(3)?).ok_or_else(|| bad(3, "unknown country".into()))?;
            let currency =
                Currency::from_code(&text(4)?).ok_or_else(|| bad(4, "unknown currency".into()))?;
            let zone = text(5)?;
            let time_zone = zone
                .parse::<chrono_tz::Tz>()
                .map_err(|_| bad(5, format!("unknown time zone {zone}")))?;
            Ok(Venue {
                public_id: text(0)?,
                settings: VenueSettings {
                    name: text(1)?,
                    legal_name: text(2)?,
                    country,
                    currency,
                    time_zone,
                    licence_number: text(6)?,
                    siret: text(7)?,
                    vat_exempt: r.get(8)?,
                    gst_number: text(9)?,
                    qst_number: text(10)?,
                    address: text(11)?,
                    postcode: text(12)?,
                    city: text(13)?,
                },
                is_demo: r.get(14)?,
            })
        })
        .optional()?)
}

pub fn insert(tx: &Tx, public_id: &str, v: &VenueSettings, is_demo: bool, now: i64) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO venue (id, public_id, name, legal_name, country, currency, time_zone,
                            licence_number, siret, vat_exempt, gst_number, qst_number, address,
                            postcode, city, is_demo, created_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            public_id,
            v.name,
            v.legal_name,
            v.country.code(),
            v.currency.code(),
            v.time_zone.name(),
            v.licence_number,
            v.siret,
            v.vat_exempt,
            v.gst_number,
            v.qst_number,
            v.address,
            v.postcode,
            v.city,
            is_demo,
            now
        ],
    )?;
    Ok(())
}

/// Changes the venue's identity (name, legal name, numbers, address, VAT
/// exemption); its country, currency and time zone stay as set up.
pub fn update_identity(tx: &Tx, v: &VenueSettings) -> Result<()> {
    tx.conn().execute(
        "UPDATE venue SET name = ?1, legal_name = ?2, licence_number = ?3, siret = ?4,
                          vat_exempt = ?5, gst_number = ?6, qst_number = ?7, address = ?8,
                          postcode = ?9, city = ?10
         WHERE id = 1",
        params![
            v.name,
            v.legal_name,
            v.licence_number,
            v.siret,
            v.vat_exempt,
            v.gst_number,
            v.qst_number,
            v.address,
            v.postcode,
            v.city,
        ],
    )?;
    Ok(())
}

/// The venue's time zone, read on every ledger append so records carry the
/// local offset; None before set-up.
pub fn time_zone(tx: &Tx) -> Result<Option<chrono_tz::Tz>> {
    let name: Option<String> = tx
        .conn()
        .prepare_cached("SELECT time_zone FROM venue WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(name.and_then(|n| n.parse().ok()))
}

//! The season for the venue's website: every performance still to come
//! with its show, hall, dates in the venue's zone, status, places left
//! (sold and held deducted, training aside) and public prices per category
//! and tariff (invitations are not for sale). A documented JSON file a web
//! developer can read without knowing Guichet; the iCalendar file
//! (`programming::ical`) carries the same availability.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::store::{self, Store, StoreError};

pub const FORMAT: &str = "guichet-website";
pub const VERSION: u32 = 1;

/// The season as the website reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Website {
    pub format: &'static str,
    pub version: u32,
    pub venue: String,
    pub time_zone: String,
    pub currency: String,
    pub generated_at: String,
    pub performances: Vec<WebPerformance>,
}

/// One performance still to come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebPerformance {
    /// Stable across exports: the performance's public id.
    pub id: String,
    pub show: String,
    pub artists: String,
    pub genre: String,
    pub description: String,
    pub hall: String,
    /// RFC 3339 in the venue's zone.
    pub starts_at: String,
    pub ends_at: String,
    /// on_sale, closed, cancelled…
    pub status: String,
    pub capacity: i64,
    /// Places still to sell.
    pub available: i64,
    pub sold_out: bool,
    pub prices: Vec<WebPrice>,
}

/// A public price: a category and a tariff, in cents and as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WebPrice {
    pub category: String,
    pub tariff: String,
    /// The tariff asks for a proof at the door (a student card…).
    pub proof: bool,
    pub cents: i64,
    pub amount: String,
}

/// The performances ending after `now`, in their order.
pub fn season(store: &Store, now: DateTime<Utc>) -> Result<Website, StoreError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?;
        let (name, zone, currency) = match &venue {
            Some(v) => (
                v.settings.name.clone(),
                v.settings.time_zone,
                v.settings.currency,
            ),
            None => (String::new(), chrono_tz::UTC, crate::domain::Currency::Eur),
        };
        let shows = store::shows::all(tx)?;
        let halls = store::halls::all(tx)?;
        let tariffs = store::tariffs::all(tx)?;
        let mut all = store::performances::all(tx)?;
        all.retain(|p| p.ends_at > now);
        all.sort_by_key(|p| (p.starts_at, p.id));
        let mut performances = Vec::with_capacity(all.len());
        for p in all {
            let show = shows.iter().find(|s| s.id == p.show_id);
            let counts = store::performances::counts(tx, p.id)?;
            let available = (p.capacity - counts.sold - counts.held).max(0);
            let categories = store::performances::categories(tx, p.id)?;
            let offered = store::performances::offered(tx, p.id)?;
            let prices = store::performances::prices(tx, p.id)?;
            let mut listed = Vec::new();
            for c in &categories {
                for (tariff_id, _) in &offered {
                    let Some(t) = tariffs.iter().find(|t| t.id == *tariff_id) else {
                        continue;
                    };
                    let price = prices
                        .iter()
                        .find(|(cat, tar, _)| *cat == c.id && tar == tariff_id);
                    if let (false, Some((_, _, cents))) = (t.is_complimentary, price) {
                        listed.push(WebPrice {
                            category: c.name.clone(),
                            tariff: t.name.clone(),
                            proof: t.requires_proof,
                            cents: *cents,
                            amount: crate::domain::Cents(*cents).plain('.'),
                        });
                    }
                }
            }
            performances.push(WebPerformance {
                id: p.public_id.clone(),
                show: show.map(|s| s.title.clone()).unwrap_or_default(),
                artists: show.map(|s| s.artists.clone()).unwrap_or_default(),
                genre: show.map(|s| s.genre.clone()).unwrap_or_default(),
                description: show.map(|s| s.description.clone()).unwrap_or_default(),
                hall: halls
                    .iter()
                    .find(|h| h.id == p.hall_id)
                    .map(|h| h.name.clone())
                    .unwrap_or_default(),
                starts_at: p.starts_at.with_timezone(&zone).to_rfc3339(),
                ends_at: p.ends_at.with_timezone(&zone).to_rfc3339(),
                status: p.status.code().to_owned(),
                capacity: p.capacity,
                available,
                sold_out: available == 0,
                prices: listed,
            });
        }
        Ok(Website {
            format: FORMAT,
            version: VERSION,
            venue: name,
            time_zone: zone.name().to_owned(),
            currency: currency.code().to_owned(),
            generated_at: now.with_timezone(&zone).to_rfc3339(),
            performances,
        })
    })
}

/// The season as pretty JSON.
pub fn json(w: &Website) -> String {
    serde_json::to_string_pretty(w).unwrap_or_default()
}

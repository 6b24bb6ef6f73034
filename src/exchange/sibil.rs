//! France: the quarterly SIBIL declaration to the Ministry of Culture
//! (DOMAIN.md §6): for each live performance of the quarter, its date and
//! time, the venue (name, address, postcode, city, SIRET, the hall's venue
//! type), the capacity, the tickets (all, paid, free, full price and its
//! revenue, subscription), the revenue as the spectators paid it (VAT
//! included) and the average price per paid ticket, the show's title,
//! domain and young-audience flag, and a stable external id of 16
//! characters so a new export updates the declaration rather than
//! duplicating it. As JSON with SIBIL's own field names (`lieuChamps`,
//! `nbBilletsExoneres`…; amounts in euros with two decimals), or as CSV
//! to type into the portal.
//!
//! Live performance only: a performance in a timed hall (a museum's or an
//! exhibition's entry slots) is not declared, nor a cancelled one. Full
//! price is the tariff PLEIN; subscription tickets are those of a tariff
//! whose code starts with ABO or FORFAIT; a ticket is free (exonéré) when
//! its tariff is an invitation or its price 0.

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use super::ExportError;
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::venue::Country;
use crate::store::{self, Store, Tx};

/// SIBIL's venue types (`typeLieu`).
pub const VENUE_TYPES: [&str; 10] = [
    "THEATRE",
    "ESPACE_POLYVALENT",
    "CASINO_DISCOTHEQUE_HOTEL_CAFE_RESTAURANT",
    "SALLE_CONCERT_AUDITORIUM_OPERA_ZENITH",
    "CABARET_MUSIC_HALL",
    "PLEIN_AIR_PARC_LOISIRS_ATTRACTION",
    "STRUCTURE_ITINERANTE_DEMONTABLE_CHAPITEAU",
    "LIEU_DE_CULTE",
    "LIEU_DE_SANTE",
    "AUTRE",
];

/// Where a performance is, as SIBIL's `lieuChamps` has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub siret: String,
    pub venue_type: String,
    /// The hall.
    pub usual_name: String,
}

/// One performance's declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Performance {
    /// `idExtBilletterie`: 16 hex characters of the SHA-256 of the
    /// performance's public id, the same at every export.
    pub id: String,
    /// RFC 3339 in the venue's zone.
    pub starts_at: String,
    pub capacity: i64,
    pub tickets: u64,
    pub paid: u64,
    pub free: u64,
    pub full_price: u64,
    pub full_price_revenue: i64,
    pub subscription: u64,
    /// Cents, VAT included, as paid.
    pub revenue: i64,
    pub show: String,
    pub domain: String,
    pub young_audience: bool,
    pub place: Place,
}

impl Performance {
    /// Revenue per paid ticket, in cents, half-up (0 without one).
    pub fn average(&self) -> i64 {
        average(self.revenue, self.paid)
    }

    pub fn full_price_average(&self) -> i64 {
        average(self.full_price_revenue, self.full_price)
    }
}

fn average(cents: i64, n: u64) -> i64 {
    if n == 0 {
        return 0;
    }
    crate::domain::tax::half_up(cents, 1, i128::from(n))
}

/// A quarter's declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    /// `2026-Q4`.
    pub quarter: String,
    pub declarant: String,
    pub siret: String,
    pub performances: Vec<Performance>,
}

/// The first day of a quarter written `2026-Q4` (or `2026-T4`).
pub fn quarter(text: &str) -> Result<NaiveDate, ExportError> {
    let bad = || ExportError::BadQuarter(text.to_owned());
    let (year, q) = text.trim().split_once(['-', ' ']).ok_or_else(bad)?;
    let year: i32 = year.trim().parse().map_err(|_| bad())?;
    let q: u32 = q
        .trim()
        .trim_start_matches(['Q', 'q', 'T', 't'])
        .parse()
        .map_err(|_| bad())?;
    if !(1..=4).contains(&q) || !(1..=9999).contains(&year) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(year, 1 + 3 * (q - 1), 1).ok_or_else(bad)
}

/// The stable external id of a performance.
pub fn external_id(public_id: &str) -> String {
    let digest = Sha256::digest(public_id.as_bytes());
    data_encoding::HEXLOWER.encode(&digest[..8])
}

/// The declaration of the quarter starting on `first`; refused for a
/// venue outside France, or naming everything missing.
pub fn declaration(store: &Store, first: NaiveDate) -> Result<Declaration, ExportError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?.ok_or(ExportError::NoVenue)?;
        let v = &venue.settings;
        if v.country != Country::France {
            return Err(ExportError::WrongCountry {
                export: "SIBIL declaration",
                wanted: Country::France,
                actual: v.country,
                instead: "SIBIL is the French ministry's; nothing is declared from Quebec",
            });
        }
        let end = first
            .checked_add_months(chrono::Months::new(3))
            .ok_or_else(|| ExportError::BadQuarter(first.to_string()))?;
        let zone = v.time_zone;
        let shows = store::shows::all(tx)?;
        let halls = store::halls::all(tx)?;
        let mut all = store::performances::all(tx)?;
        all.sort_by_key(|p| (p.starts_at, p.id));
        let mut missing = missing_of_venue(v);
        let mut performances = Vec::new();
        for p in all {
            let day = p.starts_at.with_timezone(&zone).date_naive();
            let hall = halls.iter().find(|h| h.id == p.hall_id);
            let show = shows.iter().find(|s| s.id == p.show_id);
            let (Some(hall), Some(show)) = (hall, show) else {
                continue;
            };
            if day < first
                || day >= end
                || p.status == PerformanceStatus::Cancelled
                || hall.kind == HallKind::Timed
            {
                continue;
            }
            if !VENUE_TYPES.contains(&hall.venue_type.as_str()) {
                missing.push(format!(
                    "hall \"{}\": its SIBIL venue type ({})",
                    hall.name,
                    VENUE_TYPES.join(", ")
                ));
            }
            if show.sibil_domain.trim().is_empty() {
                missing.push(format!("show \"{}\": its SIBIL domain", show.title));
            }
            let place = Place {
                name: v.name.clone(),
                address: v.address.clone(),
                postcode: v.postcode.clone(),
                city: v.city.clone(),
                siret: v.siret.chars().filter(char::is_ascii_digit).collect(),
                venue_type: hall.venue_type.clone(),
                usual_name: hall.name.clone(),
            };
            let mut d = counted(tx, p.id)?;
            d.id = external_id(&p.public_id);
            d.starts_at = p.starts_at.with_timezone(&zone).to_rfc3339();
            d.capacity = p.capacity;
            d.show = show.title.clone();
            d.domain = show.sibil_domain.trim().to_owned();
            d.young_audience = show.young_audience;
            d.place = place;
            performances.push(d);
        }
        missing.dedup();
        let mut seen = std::collections::BTreeSet::new();
        missing.retain(|m| seen.insert(m.clone()));
        if !missing.is_empty() {
            return Err(ExportError::Missing(missing));
        }
        Ok(Declaration {
            quarter: format!("{}-Q{}", first.year(), first.month().div_ceil(3)),
            declarant: if v.legal_name.is_empty() {
                v.name.clone()
            } else {
                v.legal_name.clone()
            },
            siret: v.siret.chars().filter(char::is_ascii_digit).collect(),
            performances,
        })
    })
}

/// What the venue lacks for SIBIL.
fn missing_of_venue(v: &crate::domain::venue::VenueSettings) -> Vec<String> {
    let mut missing = Vec::new();
    let digits = v.siret.chars().filter(char::is_ascii_digit).count();
    if digits != 14 {
        missing.push("the venue's SIRET (14 digits: guichet venue set --siret)".to_owned());
    }
    for (value, what) in [
        (&v.address, "address (--address)"),
        (&v.postcode, "postcode (--postcode)"),
        (&v.city, "city (--city)"),
    ] {
        if value.trim().is_empty() {
            missing.push(format!("the venue's {what}"));
        }
    }
    missing
}

/// A performance's tickets counted (the rest of it left empty).
fn counted(tx: &Tx, performance: i64) -> Result<Performance, ExportError> {
    let mut d = Performance {
        id: String::new(),
        starts_at: String::new(),
        capacity: 0,
        tickets: 0,
        paid: 0,
        free: 0,
        full_price: 0,
        full_price_revenue: 0,
        subscription: 0,
        revenue: 0,
        show: String::new(),
        domain: String::new(),
        young_audience: false,
        place: Place {
            name: String::new(),
            address: String::new(),
            postcode: String::new(),
            city: String::new(),
            siret: String::new(),
            venue_type: String::new(),
            usual_name: String::new(),
        },
    };
    for t in store::exports::valid_tickets(tx, performance)? {
        d.tickets += 1;
        if t.complimentary || t.price == 0 {
            d.free += 1;
            continue;
        }
        d.paid += 1;
        d.revenue = d
            .revenue
            .checked_add(t.price)
            .ok_or(ExportError::Overflow)?;
        if t.tariff == "PLEIN" {
            d.full_price += 1;
            d.full_price_revenue = d
                .full_price_revenue
                .checked_add(t.price)
                .ok_or(ExportError::Overflow)?;
        }
        if t.tariff.starts_with("ABO") || t.tariff.starts_with("FORFAIT") {
            d.subscription += 1;
        }
    }
    Ok(d)
}

/// A JSON value written by hand, so amounts are decimal numbers of euros
/// without ever being floats.
enum J {
    Str(String),
    Int(i64),
    Euros(i64),
    Bool(bool),
    Obj(Vec<(&'static str, J)>),
    Arr(Vec<J>),
}

fn write(j: &J, indent: usize, out: &mut String) {
    let pad = |n: usize| "  ".repeat(n);
    match j {
        J::Str(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        J::Int(n) => out.push_str(&n.to_string()),
        J::Euros(c) => out.push_str(&crate::domain::Cents(*c).plain('.')),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Obj(fields) => {
            out.push_str("{\n");
            for (i, (k, v)) in fields.iter().enumerate() {
                out.push_str(&format!("{}\"{k}\": ", pad(indent + 1)));
                write(v, indent + 1, out);
                out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}}}", pad(indent)));
        }
        J::Arr(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write(v, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}]", pad(indent)));
        }
    }
}

fn s(text: &str) -> J {
    J::Str(text.to_owned())
}

fn count(n: u64) -> J {
    J::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One performance as SIBIL's create-declaration body.
fn body(p: &Performance) -> J {
    let l = &p.place;
    J::Obj(vec![
        ("idExtBilletterie", s(&p.id)),
        ("gestionnaireMultiple", J::Bool(false)),
        ("dateHeureRepresentationUnique", s(&p.starts_at)),
        ("nbRepresentations", J::Int(1)),
        ("nbBilletsTotalBilletterie", count(p.tickets)),
        ("recetteTotalBilletterie", J::Euros(p.revenue)),
        ("prixMoyenTotalBilletterie", J::Euros(p.average())),
        ("nbBilletsTarifPlein", count(p.full_price)),
        ("recetteTarifPlein", J::Euros(p.full_price_revenue)),
        ("prixMoyenTarifPlein", J::Euros(p.full_price_average())),
        ("nbBilletsTarifAbonnementForfait", count(p.subscription)),
        ("nbBilletsExoneres", count(p.free)),
        ("jauge", J::Int(p.capacity)),
        ("jeunePublic", J::Bool(p.young_audience)),
        ("domaineRepresentation", s(&p.domain)),
        (
            "lieuChamps",
            J::Obj(vec![
                ("nom", s(&l.name)),
                ("adresse", s(&l.address)),
                ("codePostal", s(&l.postcode)),
                ("ville", s(&l.city)),
                ("siret", s(&l.siret)),
                ("typeLieu", s(&l.venue_type)),
                ("denominationUsuelle", s(&l.usual_name)),
            ]),
        ),
        (
            "spectacleChamps",
            J::Obj(vec![
                ("domaineSpectacle", s(&p.domain)),
                ("critere1", s(&p.show)),
            ]),
        ),
        ("statutDeclaration", s("ENREGISTRE")),
    ])
}

/// The declaration as JSON: a heading, then one SIBIL body per
/// performance. SIBIL's domain ids are its own (looked up in its lists):
/// the domain is given by name, `domaineRepresentation`.
pub fn json(d: &Declaration) -> String {
    let doc = J::Obj(vec![
        ("format", s("guichet-sibil")),
        ("version", J::Int(1)),
        ("trimestre", s(&d.quarter)),
        ("declarant", s(&d.declarant)),
        ("siret", s(&d.siret)),
        (
            "declarations",
            J::Arr(d.performances.iter().map(body).collect()),
        ),
    ]);
    let mut out = String::new();
    write(&doc, 0, &mut out);
    out.push('\n');
    out
}

/// The declaration as CSV for the portal (BOM, `;`, decimal commas).
pub fn csv(d: &Declaration) -> String {
    let head = [
        "Identifiant (idExtBilletterie)",
        "Date et heure",
        "Spectacle",
        "Domaine",
        "Jeune public",
        "Lieu",
        "Salle",
        "Adresse",
        "Code postal",
        "Ville",
        "SIRET",
        "Type de lieu",
        "Jauge",
        "Billets (total)",
        "Billets payants",
        "Billets exonérés",
        "Billets plein tarif",
        "Recette plein tarif TTC",
        "Prix moyen plein tarif",
        "Billets abonnement ou forfait",
        "Recette totale TTC",
        "Prix moyen",
    ];
    let euros = |c: i64| crate::domain::Cents(c).plain(',');
    let mut rows = vec![head.map(str::to_owned).to_vec()];
    for p in &d.performances {
        let when = chrono::DateTime::parse_from_rfc3339(&p.starts_at)
            .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_else(|_| p.starts_at.clone());
        let l = &p.place;
        rows.push(vec![
            p.id.clone(),
            when,
            p.show.clone(),
            p.domain.clone(),
            if p.young_audience { "oui" } else { "non" }.to_owned(),
            l.name.clone(),
            l.usual_name.clone(),
            l.address.clone(),
            l.postcode.clone(),
            l.city.clone(),
            l.siret.clone(),
            l.venue_type.clone(),
            p.capacity.to_string(),
            p.tickets.to_string(),
            p.paid.to_string(),
            p.free.to_string(),
            p.full_price.to_string(),
            euros(p.full_price_revenue),
            euros(p.full_price_average()),
            p.subscription.to_string(),
            euros(p.revenue),
            euros(p.average()),
        ]);
    }
    crate::domain::csv::sheet(rows)
}

//! Segments: a filter over the file and its history (genres, shows and
//! seasons attended, visits, spend, last visit, postcode, categories, age,
//! channel, organisation, consent), counted live, saved by name, and
//! exported as CSV: for mailing tools (Brevo, Mailchimp: only those who may
//! be contacted on the channel, the others counted by reason) or for a
//! spreadsheet (French Excel and LibreOffice: BOM and `;`).

use chrono::{DateTime, Utc};

use super::{AudienceError, may};
use crate::domain::patron::{self, ConsentChannel, MaySend};
pub use crate::domain::segment::Segment;
use crate::operators::Operator;
use crate::store::{self, Store, StoreError};

/// A patron a segment keeps, with what an export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub visits: i64,
    pub spent: i64,
    pub last_visit: Option<DateTime<Utc>>,
}

/// Who a segment keeps at `now`, in the venue's zone and under its
/// country's consent rules.
pub fn members(
    store: &Store,
    segment: &Segment,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    quebec: bool,
) -> Result<Vec<Member>, AudienceError> {
    bounded(segment)?;
    Ok(store.read(|tx| members_in(tx, segment, now, zone, quebec))?)
}

/// Refused: a segment with more conditions of a kind than it may hold.
fn bounded(segment: &Segment) -> Result<(), AudienceError> {
    if segment.bounded() {
        Ok(())
    } else {
        Err(AudienceError::TooLong(
            "segment",
            crate::domain::segment::LIST_MAX,
        ))
    }
}

fn members_in(
    tx: &store::Tx,
    segment: &Segment,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    quebec: bool,
) -> Result<Vec<Member>, StoreError> {
    let rows = store::segments::segment_members(tx, segment, store::unix(now), zone)?;
    let mut kept = Vec::with_capacity(rows.len());
    for m in rows {
        if let Some(channel) = segment.consent
            && !consents(tx, m.0, channel, quebec, now)?.allowed()
        {
            continue;
        }
        kept.push(Member {
            id: m.0,
            first_name: m.1,
            last_name: m.2,
            email: m.3,
            phone: m.4,
            address: m.5,
            postcode: m.6,
            city: m.7,
            visits: m.8,
            spent: m.9,
            last_visit: m.10.map(store::instant),
        });
    }
    Ok(kept)
}

/// What a patron may be sent on a channel now.
fn consents(
    tx: &store::Tx,
    id: i64,
    channel: ConsentChannel,
    quebec: bool,
    now: DateTime<Utc>,
) -> Result<MaySend, StoreError> {
    let newest = store::patrons::consents(tx, id)?
        .into_iter()
        .rev()
        .find(|c| c.channel == channel);
    let bought = store::patrons::last_purchase(tx, id)?.map(store::instant);
    Ok(patron::may_send(
        channel,
        newest.as_ref(),
        bought,
        quebec,
        now,
    ))
}

/// The saved segments: (name, filter).
pub fn saved(store: &Store) -> Result<Vec<(String, Segment)>, StoreError> {
    let rows = store.read(store::segments::segments)?;
    Ok(rows
        .into_iter()
        .filter_map(|(name, filter)| Some((name, serde_json::from_str(&filter).ok()?)))
        .collect())
}

/// Saves a segment under a name (replacing one of that name).
pub fn save(
    store: &mut Store,
    by: &Operator,
    name: &str,
    segment: &Segment,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    may(by)?;
    bounded(segment)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AudienceError::NoLabel);
    }
    if name.chars().count() > 60 {
        return Err(AudienceError::TooLong("segment", 60));
    }
    let filter = serde_json::to_string(segment).unwrap_or_default();
    Ok(store.write(|tx| store::segments::save_segment(tx, &name, &filter, store::unix(now)))?)
}

/// A saved segment by name.
pub fn named(store: &Store, name: &str) -> Result<Segment, AudienceError> {
    saved(store)?
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .ok_or_else(|| AudienceError::NoSuchSegment(name.to_owned()))
}

/// How an export is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Brevo's import: EMAIL;FIRSTNAME;LASTNAME;SMS.
    Brevo,
    /// Mailchimp's import: "Email Address","First Name","Last Name","Phone Number".
    Mailchimp,
    /// A spreadsheet in French Excel or LibreOffice: BOM, `;`, French headers.
    Sheet,
}

impl Format {
    pub fn from_code(code: &str) -> Option<Format> {
        match code {
            "brevo" => Some(Format::Brevo),
            "mailchimp" => Some(Format::Mailchimp),
            "sheet" => Some(Format::Sheet),
            _ => None,
        }
    }
}

/// An export: the CSV, how many went in, and how many were left out and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    pub csv: String,
    pub written: usize,
    /// No consent on the channel (or an objection).
    pub without_consent: usize,
    /// No e-mail, phone or postal address to reach them on the channel.
    pub unreachable: usize,
}

/// A segment as CSV. A marketing export (`channel` given) holds only the
/// patrons who may be contacted on that channel and can be reached on it;
/// the others are counted. A coordinator's act.
#[allow(clippy::too_many_arguments)]
pub fn export(
    store: &Store,
    by: &Operator,
    segment: &Segment,
    channel: Option<ConsentChannel>,
    format: Format,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    quebec: bool,
) -> Result<Export, AudienceError> {
    may(by)?;
    bounded(segment)?;
    // One read: the members, then each one's consent on the channel.
    let (kept, without_consent, unreachable) = store.read(|tx| {
        let mut kept = Vec::new();
        let (mut without_consent, mut unreachable) = (0, 0);
        for m in members_in(tx, segment, now, zone, quebec)? {
            if let Some(c) = channel {
                if !consents(tx, m.id, c, quebec, now)?.allowed() {
                    without_consent += 1;
                    continue;
                }
                let reachable = match c {
                    ConsentChannel::Email => !m.email.trim().is_empty(),
                    ConsentChannel::Sms => !m.phone.trim().is_empty(),
                    ConsentChannel::Post => {
                        !m.address.trim().is_empty() && !m.postcode.trim().is_empty()
                    }
                };
                if !reachable {
                    unreachable += 1;
                    continue;
                }
            }
            kept.push(m);
        }
        Ok::<_, StoreError>((kept, without_consent, unreachable))
    })?;
    let csv = match format {
        Format::Brevo | Format::Mailchimp => {
            let (sep, header) = if format == Format::Brevo {
                (';', ["EMAIL", "FIRSTNAME", "LASTNAME", "SMS"])
            } else {
                (
                    ',',
                    ["Email Address", "First Name", "Last Name", "Phone Number"],
                )
            };
            let head = std::iter::once(header.iter().map(|h| (*h).to_owned()).collect());
            crate::domain::csv::write(
                "",
                sep,
                head.chain(kept.iter().map(|m| {
                    vec![
                        m.email.clone(),
                        m.first_name.clone(),
                        m.last_name.clone(),
                        m.phone.clone(),
                    ]
                })),
            )
        }
        Format::Sheet => crate::domain::csv::sheet(
            std::iter::once(
                [
                    "Nom",
                    "Prénom",
                    "E-mail",
                    "Téléphone",
                    "Adresse",
                    "Code postal",
                    "Ville",
                    "Venues",
                    "Dépense (€)",
                    "Dernière venue",
                ]
                .map(str::to_owned)
                .to_vec(),
            )
            .chain(kept.iter().map(|m| {
                vec![
                    m.last_name.clone(),
                    m.first_name.clone(),
                    m.email.clone(),
                    m.phone.clone(),
                    m.address.clone(),
                    m.postcode.clone(),
                    m.city.clone(),
                    m.visits.to_string(),
                    crate::domain::Cents(m.spent).plain(','),
                    m.last_visit
                        .map(|t| t.with_timezone(&zone).format("%d/%m/%Y").to_string())
                        .unwrap_or_default(),
                ]
            })),
        ),
    };
    Ok(Export {
        csv,
        written: kept.len(),
        without_consent,
        unreachable,
    })
}

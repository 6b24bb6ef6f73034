//! A patron's card: who they are, every order and ticket, visits, spend,
//! favourite genres, loyalty, what may be sent to them and why, and the
//! contact log.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::{AudienceError, ContactRow, HistoryRow, Patron};
use crate::domain::patron::{self, ConsentChange, ConsentChannel, ContactFlag, Loyalty, MaySend};
use crate::store::{self, Store};

/// What may be sent to a patron on a channel, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelConsent {
    pub channel: ConsentChannel,
    pub may: MaySend,
    /// The newest change on this channel.
    pub newest: Option<ConsentChange>,
}

/// A performance a patron held tickets for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// None for a performance of the previous system's history.
    pub performance_id: Option<i64>,
    pub show: String,
    pub starts_at: DateTime<Utc>,
    pub tickets: usize,
    /// Admitted at the door (a scan counts as attendance).
    pub attended: bool,
}

/// Everything the file knows about a patron: the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub patron: Patron,
    pub row: store::patrons::PatronRow,
    pub flags: Vec<ContactFlag>,
    /// Every ticket of their orders, newest order first.
    pub history: Vec<HistoryRow>,
    /// Their tickets in the venue's previous ticketing system, newest first.
    pub past: Vec<store::past::PastRow>,
    /// Past performances they held a valid ticket for, newest first.
    pub visits: Vec<Visit>,
    pub first_visit: Option<DateTime<Utc>>,
    pub last_visit: Option<DateTime<Utc>>,
    /// Visits per season (by its first year), newest first.
    pub per_season: Vec<(i32, usize)>,
    /// What they paid, refunds taken off.
    pub total_spent: i64,
    /// Genres by visits, most first.
    pub genres: Vec<(String, usize)>,
    pub loyalty: Loyalty,
    pub consents: Vec<ChannelConsent>,
    /// Their subscriptions, newest first.
    pub subscriptions: Vec<store::subscriptions::SubscriptionRow>,
    /// Every consent change, newest first.
    pub consent_history: Vec<ConsentChange>,
    pub contacts: Vec<ContactRow>,
}

/// A patron's card at `now`, in the venue's zone, under its country's
/// consent rules.
pub fn card(
    store: &Store,
    id: i64,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
    quebec: bool,
) -> Result<Card, AudienceError> {
    store.read(|tx| {
        let patron = store::patrons::by_id(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        let row = store::patrons::row(tx, id)?.ok_or(AudienceError::NoSuchPatron)?;
        let history = store::patrons::history(tx, id)?;
        let consent_history = store::patrons::consents(tx, id)?;
        let contacts = store::patrons::contacts(tx, id)?;
        let flags = patron::contact_flags(&row.details.email, &row.details.phone);

        let past = store::past::past(tx, id)?;
        let current = patron::season_of(now.with_timezone(&zone).date_naive());
        let subscriptions = store::subscriptions::list(tx, Some(id))?;
        // A subscriber: a subscription of this season's (its first
        // performance's; training and fully refunded aside), or a
        // subscriber's ticket for one of its performances.
        let season_of = |t: DateTime<Utc>| patron::season_of(t.with_timezone(&zone).date_naive());
        let subscriber = subscriptions
            .iter()
            .filter(|s| !s.training && s.tickets > 0)
            .filter_map(|s| s.first_starts_at)
            .any(|at| season_of(store::instant(at)) == current)
            || history
                .iter()
                .any(|h| h.valid && h.tariff == "ABONNE" && season_of(h.starts_at) == current);
        let (visits, genres) = visits(&history, &past, now);
        let mut seasons: BTreeMap<i32, usize> = BTreeMap::new();
        let mut visit_seasons = Vec::new();
        for v in &visits {
            let season = patron::season_of(v.starts_at.with_timezone(&zone).date_naive());
            visit_seasons.push(season);
            *seasons.entry(season).or_default() += 1;
        }
        let mut orders = BTreeSet::new();
        let mut total_spent: i64 = past.iter().map(|p| p.price).sum();
        let mut last_purchase = None;
        for h in &history {
            if orders.insert(h.order_id) {
                let paid = store::patrons::paid(tx, h.order_id)?;
                total_spent = total_spent.saturating_add(paid);
                let at = h.ordered_at;
                last_purchase = last_purchase.max(Some(at));
            }
        }
        let consents = ConsentChannel::ALL
            .into_iter()
            .map(|channel| {
                let newest = consent_history
                    .iter()
                    .rev()
                    .find(|c| c.channel == channel)
                    .cloned();
                ChannelConsent {
                    channel,
                    may: patron::may_send(channel, newest.as_ref(), last_purchase, quebec, now),
                    newest,
                }
            })
            .collect();
        Ok(Card {
            patron,
            flags,
            first_visit: visits.last().map(|v| v.starts_at),
            last_visit: visits.first().map(|v| v.starts_at),
            per_season: seasons.into_iter().rev().collect(),
            total_spent,
            genres,
            loyalty: patron::loyalty(&visit_seasons, current, subscriber),
            consents,
            subscriptions,
            consent_history: consent_history.into_iter().rev().collect(),
            contacts,
            history,
            past,
            visits,
            row,
        })
    })
}

/// The past performances a patron held a valid ticket for (here or in the
/// previous system), newest first, and their genres by visits, most first.
fn visits(
    history: &[HistoryRow],
    past: &[store::past::PastRow],
    now: DateTime<Utc>,
) -> (Vec<Visit>, Vec<(String, usize)>) {
    let mut by_performance: BTreeMap<i64, (Visit, &str)> = BTreeMap::new();
    for h in history.iter().filter(|h| h.valid && h.starts_at <= now) {
        let (v, _) = by_performance.entry(h.performance_id).or_insert_with(|| {
            let visit = Visit {
                performance_id: Some(h.performance_id),
                show: h.show.clone(),
                starts_at: h.starts_at,
                tickets: 0,
                attended: false,
            };
            (visit, h.genre.as_str())
        });
        v.tickets += 1;
        v.attended |= h.admitted_at.is_some();
    }
    let mut visits: Vec<(Visit, &str)> = by_performance.into_values().collect();
    // The previous system's tickets: one visit per performance (show and
    // instant), however many tickets.
    let mut earlier: BTreeMap<(DateTime<Utc>, &str), (Visit, &str)> = BTreeMap::new();
    for p in past.iter().filter(|p| p.starts_at <= now) {
        let (v, _) = earlier.entry((p.starts_at, &p.show)).or_insert_with(|| {
            let visit = Visit {
                performance_id: None,
                show: p.show.clone(),
                starts_at: p.starts_at,
                tickets: 0,
                attended: false,
            };
            (visit, p.genre.as_str())
        });
        v.tickets += 1;
        v.attended |= p.attended;
    }
    visits.extend(earlier.into_values());
    visits.sort_by_key(|(v, _)| std::cmp::Reverse(v.starts_at));
    let mut genres: BTreeMap<String, usize> = BTreeMap::new();
    for (_, g) in visits.iter().filter(|(_, g)| !g.is_empty()) {
        *genres.entry((*g).to_owned()).or_default() += 1;
    }
    let mut genres: Vec<(String, usize)> = genres.into_iter().collect();
    genres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    (visits.into_iter().map(|(v, _)| v).collect(), genres)
}

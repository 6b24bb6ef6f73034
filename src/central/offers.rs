//! The season's performances offered to the venue's central pool when a
//! coordinator publishes it: a numbered hall's seats for sale (in a
//! category, not held here), best category first, by the names tickets
//! carry; a general-admission hall's capacity; a timed one's places slot by
//! slot.
//! What the publishing terminal sold already stays its own. Lending them
//! out is `contingents`.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::CentralError;
use crate::domain::{HallKind, Locale, PerformanceName, PerformanceStatus};
use crate::store::central::{self as sql, Offered};
use crate::store::{self, Store, Tx};

/// Offers every performance of this terminal's season not over yet to the
/// central pool (publishing the season does it): its seats for sale, best
/// first, or its places; what this terminal sold already stays its own.
/// The number of performances offered.
pub fn offer_all(
    store: &Store,
    client: &mut impl postgres::GenericClient,
    now: DateTime<Utc>,
) -> Result<usize, CentralError> {
    let offers = store.read(|tx| offers(tx, now))?;
    for o in &offers {
        sql::offer(
            client,
            &Offered {
                public_id: &o.public_id,
                kind: o.kind,
                capacity: o.capacity,
                label: &o.label,
                seats: &o.seats,
                mine: &o.mine,
                mine_places: o.mine_places,
            },
        )?;
    }
    Ok(offers.len())
}

struct Offer {
    public_id: String,
    kind: &'static str,
    capacity: i32,
    label: String,
    seats: Vec<String>,
    mine: Vec<String>,
    mine_places: i32,
}

fn offers(tx: &Tx, now: DateTime<Utc>) -> Result<Vec<Offer>, CentralError> {
    let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
    let mut found = Vec::new();
    for p in store::performances::all(tx)? {
        if p.status == PerformanceStatus::Cancelled || p.ends_at <= now {
            continue;
        }
        let Some((performance, show, kind)) = store::performances::for_sale(tx, p.id)? else {
            continue;
        };
        let name = PerformanceName {
            show,
            starts_at: performance.starts_at,
            zone,
        };
        let label = name.label(Locale::FrFr);
        let counts = store::performances::counts(tx, p.id)?;
        let offer = match kind {
            HallKind::Numbered => {
                let (seats, mine) = seats_for_sale(tx, &performance)?;
                Offer {
                    public_id: performance.public_id,
                    kind: "numbered",
                    capacity: bounded(seats.len() as i64 + mine.len() as i64),
                    label,
                    seats,
                    mine,
                    mine_places: 0,
                }
            }
            HallKind::General => {
                let sold = store::sales::live_tickets(tx, p.id)?;
                let capacity = bounded(performance.capacity - (counts.held));
                Offer {
                    public_id: performance.public_id,
                    kind: "general",
                    capacity,
                    label,
                    seats: Vec::new(),
                    mine: Vec::new(),
                    mine_places: bounded(sold).min(capacity),
                }
            }
            // Timed entry: each slot's places, lent apart under the slot's
            // own name (two terminals never fill one slot past its
            // capacity between them).
            HallKind::Timed => {
                for slot in store::performances::slots_in_full(tx, p.id)? {
                    found.push(Offer {
                        public_id: slot.pool(&performance),
                        kind: "general",
                        capacity: bounded(slot.capacity),
                        label: PerformanceName {
                            starts_at: slot.starts_at,
                            ..name.clone()
                        }
                        .label(Locale::FrFr),
                        seats: Vec::new(),
                        mine: Vec::new(),
                        mine_places: bounded(slot.sold).min(bounded(slot.capacity)),
                    });
                }
                continue;
            }
        };
        found.push(offer);
    }
    Ok(found)
}

pub(super) fn bounded(n: i64) -> i32 {
    i32::try_from(n.max(0)).unwrap_or(i32::MAX)
}

/// A numbered performance's seats for sale (in a category, not held here),
/// best category first, and those this terminal sold: by their names.
fn seats_for_sale(
    tx: &Tx,
    p: &crate::domain::Performance,
) -> Result<(Vec<String>, Vec<String>), CentralError> {
    let rank: HashMap<i64, usize> = store::performances::categories(tx, p.id)?
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let category: HashMap<i64, i64> = store::performances::seat_categories(tx, p.id)?
        .into_iter()
        .collect();
    let held: BTreeSet<i64> = store::holds::of_performance(tx, p.id)?
        .into_iter()
        .flat_map(|h| h.seats)
        .collect();
    let sold: BTreeSet<i64> = store::performances::sold_seats(tx, p.id)?
        .into_iter()
        .collect();
    let mut seats: Vec<(usize, usize, String)> = Vec::new();
    let mut mine = Vec::new();
    for (order, s) in store::halls::seats(tx, p.hall_id)?.into_iter().enumerate() {
        let name = s.name().label(Locale::FrFr);
        if sold.contains(&s.id) {
            mine.push(name);
            continue;
        }
        let Some(c) = category.get(&s.id) else {
            continue;
        };
        if held.contains(&s.id) {
            continue;
        }
        seats.push((rank.get(c).copied().unwrap_or(usize::MAX), order, name));
    }
    seats.sort();
    Ok((seats.into_iter().map(|(_, _, n)| n).collect(), mine))
}

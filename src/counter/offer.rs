//! What a performance has on sale, as the clerk sees it: its categories and
//! tariffs with prices and quotas, each seat's state, the places left.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::CounterError;
use super::demand::Demand;
use crate::domain::best::{self, Candidate};
use crate::domain::season::HallKind;
use crate::domain::seat_plan::SeatFlags;
use crate::domain::{
    Category, Cents, Country, Currency, Hall, Performance, PerformanceName, Seat, Show, Slot,
    Tariff,
};
use crate::store::{self, Store, Tx};

/// A seat's state for the clerk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeatState {
    Free,
    Sold,
    /// In a hold (index into `Offer::holds`).
    Held(usize),
    /// In this clerk's basket.
    InMyCart,
    /// In another clerk's basket, for a few minutes.
    InOtherCart,
    /// Not lent to this terminal by the venue's central database: in its
    /// pool, or held by another terminal.
    Elsewhere,
}

/// How a basket is priced: the venue's country, whether it charges VAT,
/// its currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxRules {
    pub country: Country,
    pub vat_exempt: bool,
    pub currency: Currency,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OfferedTariff {
    pub tariff: Tariff,
    pub quota: Option<i64>,
    /// Live tickets with this tariff.
    pub sold: i64,
    /// Price per category id (as the venue's price rules make it now).
    pub prices: HashMap<i64, Cents>,
    /// Price per category id before any rule, where a rule moved it.
    pub moved_from: HashMap<i64, Cents>,
}

impl OfferedTariff {
    /// Tickets still allowed under the quota (None: no quota).
    pub fn left(&self) -> Option<i64> {
        self.quota.map(|q| (q - self.sold).max(0))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct HoldTag {
    pub name: String,
    pub colour: String,
}

/// A performance as the Vente screen and `guichet sell` see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Offer {
    pub performance: Performance,
    pub show: Show,
    pub hall: Hall,
    pub zone: chrono_tz::Tz,
    pub currency: Currency,
    pub country: Country,
    /// The venue charges no VAT (franchise en base, art. 293 B du CGI).
    pub vat_exempt: bool,
    pub categories: Vec<Category>,
    pub tariffs: Vec<OfferedTariff>,
    /// Numbered halls: every seat, with its category and state.
    pub seats: Vec<Seat>,
    pub seat_category: HashMap<i64, i64>,
    pub states: HashMap<i64, SeatState>,
    pub holds: Vec<HoldTag>,
    /// Timed entry: the slots.
    pub slots: Vec<Slot>,
    /// Live tickets (training aside: they take no place).
    pub sold: i64,
    /// Held seats and quantities.
    pub held: i64,
    /// General admission on a terminal joined to a central database: the
    /// places lent to it (those it sold included); None when it sells
    /// alone. Timed entry is lent slot by slot (`Slot::lent`).
    pub lent: Option<i64>,
    /// Joined to a central database: this terminal sells only what it
    /// holds (the rest is in the pool or another terminal's).
    pub governed: bool,
    /// When its prices were reckoned (the venue's price rules move them
    /// with the places sold and the date): what a basket keeps.
    pub at: DateTime<Utc>,
}

/// An entry slot still sells this long after it started.
pub const SLOT_OPEN: chrono::Duration = chrono::Duration::minutes(30);

impl Offer {
    pub fn name(&self) -> PerformanceName {
        PerformanceName {
            show: self.show.title.clone(),
            starts_at: self.performance.starts_at,
            zone: self.zone,
        }
    }

    /// Places that can still be sold (holds, sales and baskets deducted,
    /// this clerk's basket included).
    pub fn available(&self) -> i64 {
        match self.hall.kind {
            HallKind::Numbered => self
                .seats
                .iter()
                .filter(|s| {
                    self.seat_category.contains_key(&s.id) && self.state(s.id) == SeatState::Free
                })
                .count() as i64,
            HallKind::General => {
                let left = self.performance.capacity - self.sold - self.held;
                match self.lent {
                    Some(lent) => left.min(lent - self.sold).max(0),
                    None => left.max(0),
                }
            }
            HallKind::Timed => self.slots.iter().map(Slot::left).sum(),
        }
    }

    pub fn state(&self, seat_id: i64) -> SeatState {
        self.states
            .get(&seat_id)
            .copied()
            .unwrap_or(SeatState::Free)
    }

    /// Free places per category (numbered halls), best category first.
    pub fn free_by_category(&self) -> Vec<(&Category, i64)> {
        self.categories
            .iter()
            .map(|c| {
                let free = self
                    .seats
                    .iter()
                    .filter(|s| {
                        self.seat_category.get(&s.id) == Some(&c.id)
                            && matches!(self.state(s.id), SeatState::Free)
                    })
                    .count() as i64;
                (c, free)
            })
            .collect()
    }

    pub fn tariff(&self, code: &str) -> Option<&OfferedTariff> {
        self.tariffs
            .iter()
            .find(|t| t.tariff.code.eq_ignore_ascii_case(code.trim()))
    }

    /// How baskets of this performance are priced.
    pub fn rules(&self) -> TaxRules {
        TaxRules {
            country: self.country,
            vat_exempt: self.vat_exempt,
            currency: self.currency,
        }
    }

    pub fn slot(&self, slot_id: i64) -> Option<&Slot> {
        self.slots.iter().find(|s| s.id == slot_id)
    }

    /// The slot a walk-in is sold by default: the first still open
    /// ([`SLOT_OPEN`]) with places left, else the first.
    pub fn entry_slot(&self, now: DateTime<Utc>) -> Option<&Slot> {
        self.slots
            .iter()
            .find(|s| s.starts_at >= now - SLOT_OPEN && s.left() > 0)
            .or(self.slots.first())
    }

    /// Whether a seat can go in a basket: free and in a price category.
    pub fn sellable(&self, seat_id: i64) -> bool {
        self.state(seat_id) == SeatState::Free && self.seat_category.contains_key(&seat_id)
    }

    /// The best `n` free seats side by side (see `domain::best`).
    pub fn best(&self, n: usize) -> Result<Vec<i64>, CounterError> {
        self.best_besides(n, &[])
    }

    /// The best `n` free seats side by side, `taken` (a basket's seats)
    /// counted as taken.
    pub fn best_besides(&self, n: usize, taken: &[i64]) -> Result<Vec<i64>, CounterError> {
        let rank: HashMap<i64, u32> = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i as u32))
            .collect();
        let candidates: Vec<Candidate> = self
            .seats
            .iter()
            .filter_map(|s| {
                let category = self.seat_category.get(&s.id)?;
                Some(Candidate {
                    id: s.id,
                    section: s.section.clone(),
                    row: s.row.clone(),
                    x: s.x,
                    y: s.y,
                    rank: rank.get(category).copied().unwrap_or(u32::MAX),
                    free: self.state(s.id) == SeatState::Free && !taken.contains(&s.id),
                    reserved_for_access: s.flags.contains(SeatFlags::WHEELCHAIR)
                        || s.flags.contains(SeatFlags::COMPANION),
                    restricted_view: s.flags.contains(SeatFlags::RESTRICTED_VIEW),
                })
            })
            .collect();
        best::best_available(&candidates, n).ok_or_else(|| CounterError::NoBlock {
            wanted: n,
            performance: self.name(),
        })
    }

    /// Finds a seat as a clerk types it: "F12", "F-12", "Balcon C 14",
    /// "Orchestre, rang F, 12". Case, spaces and punctuation do not matter.
    pub fn find_seat(&self, text: &str) -> Result<i64, CounterError> {
        if self.hall.kind != HallKind::Numbered {
            return Err(CounterError::NotNumbered(self.name()));
        }
        let wanted = squash(text);
        let full: Vec<&Seat> = self
            .seats
            .iter()
            .filter(|s| squash(&format!("{}{}{}", s.section, s.row, s.number)) == wanted)
            .collect();
        let found = if full.is_empty() {
            self.seats
                .iter()
                .filter(|s| squash(&format!("{}{}", s.row, s.number)) == wanted)
                .collect()
        } else {
            full
        };
        match found.as_slice() {
            [] => Err(CounterError::UnknownSeat(text.trim().to_owned())),
            [one] => Ok(one.id),
            many => Err(CounterError::AmbiguousSeat {
                text: text.trim().to_owned(),
                candidates: many.iter().map(|s| s.name()).collect(),
            }),
        }
    }

    pub fn seat(&self, seat_id: i64) -> Option<&Seat> {
        self.seats.iter().find(|s| s.id == seat_id)
    }
}

/// Lower case, without spaces, punctuation or the word "rang"/"row".
fn squash(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '.' | ':' | '/' | ';'))
        .filter(|w| !w.is_empty() && *w != "rang" && *w != "row")
        .collect();
    words.concat()
}

/// The performances the counter sells: on sale and not over, soonest
/// first (the next 300).
pub fn on_sale(
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Vec<crate::domain::PerformanceLine>, crate::store::StoreError> {
    Ok(crate::programming::upcoming(store, now, 300)?
        .into_iter()
        .filter(|p| p.status == crate::domain::PerformanceStatus::OnSale)
        .collect())
}

/// Loads the offer of a performance for the clerk whose basket is `cart`.
pub fn load(
    store: &Store,
    performance_id: i64,
    cart: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Offer, CounterError> {
    store.read(|tx| load_in(tx, performance_id, cart, now))
}

pub(crate) fn load_in(
    tx: &Tx,
    performance_id: i64,
    cart: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Offer, CounterError> {
    let performance = store::performances::by_id(tx, performance_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    let venue = store::venue::load(tx)?.ok_or(CounterError::NoVenue)?;
    let show = store::shows::by_id(tx, performance.show_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    let hall = store::halls::by_id(tx, performance.hall_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    let categories = store::performances::categories(tx, performance_id)?;
    let tariffs = offered_tariffs(tx, &performance, &categories, now)?;

    // Joined to a central database: only what it lent this terminal sells.
    let governed = store::contingents::governed(tx)?;
    let lent = match hall.kind {
        HallKind::General if governed => {
            Some(store::contingents::places(tx, performance_id)?.unwrap_or(0))
        }
        _ => None,
    };
    let mut seats = Vec::new();
    let mut seat_category = HashMap::new();
    let mut states = HashMap::new();
    let mut holds = Vec::new();
    let mut held = 0;
    for h in store::holds::of_performance(tx, performance_id)? {
        held += h.quantity + h.seats.len() as i64;
        for seat in &h.seats {
            states.insert(*seat, SeatState::Held(holds.len()));
        }
        holds.push(HoldTag {
            name: h.name,
            colour: h.colour,
        });
    }
    if hall.kind == HallKind::Numbered {
        seats = store::halls::seats(tx, hall.id)?;
        seat_category = store::performances::seat_categories(tx, performance_id)?
            .into_iter()
            .collect();
        for (seat, in_cart) in store::sales::cart_seats(tx, performance_id, store::unix(now))? {
            let state = if Some(in_cart.as_str()) == cart {
                SeatState::InMyCart
            } else {
                SeatState::InOtherCart
            };
            states.entry(seat).or_insert(state);
        }
        if governed {
            let lent: std::collections::HashSet<i64> =
                store::contingents::seats(tx, performance_id)?
                    .into_iter()
                    .collect();
            for seat in seats.iter().filter(|s| !lent.contains(&s.id)) {
                states.entry(seat.id).or_insert(SeatState::Elsewhere);
            }
        }
        for seat in store::performances::sold_seats(tx, performance_id)? {
            states.insert(seat, SeatState::Sold);
        }
    }
    let slots = match hall.kind {
        HallKind::Timed => store::performances::slots_in_full(tx, performance_id)?,
        _ => Vec::new(),
    };
    Ok(Offer {
        at: now,
        sold: store::sales::live_tickets(tx, performance_id)?,
        held,
        lent,
        governed,
        zone: venue.settings.time_zone,
        currency: venue.settings.currency,
        country: venue.settings.country,
        vat_exempt: venue.settings.vat_exempt,
        performance,
        show,
        hall,
        categories,
        tariffs,
        seats,
        seat_category,
        states,
        holds,
        slots,
    })
}

/// The tariffs a performance offers, each with its quota, what it sold and
/// its price per category as the venue's price rules make it at `now`.
fn offered_tariffs(
    tx: &Tx,
    performance: &Performance,
    categories: &[Category],
    now: DateTime<Utc>,
) -> Result<Vec<OfferedTariff>, CounterError> {
    let performance_id = performance.id;
    let all_tariffs = store::tariffs::all(tx)?;
    let prices = store::performances::prices(tx, performance_id)?;
    let mut demand = Demand::of(tx, performance)?;
    let mut tariffs = Vec::new();
    for (tariff_id, quota) in store::performances::offered(tx, performance_id)? {
        let Some(tariff) = all_tariffs.iter().find(|t| t.id == tariff_id) else {
            continue;
        };
        let mut offered = OfferedTariff {
            tariff: tariff.clone(),
            quota,
            sold: store::performances::sold_with_tariff(tx, performance_id, tariff_id)?,
            prices: HashMap::new(),
            moved_from: HashMap::new(),
        };
        for (category, _, amount) in prices.iter().filter(|(_, t, _)| *t == tariff_id) {
            let base = Cents(*amount);
            let code = categories.iter().find(|c| c.id == *category);
            let price = match code {
                Some(c) if !tariff.is_complimentary => {
                    demand.price(tx, performance_id, base, &c.code, now)?
                }
                _ => base,
            };
            if price != base {
                offered.moved_from.insert(*category, base);
            }
            offered.prices.insert(*category, price);
        }
        tariffs.push(offered);
    }
    Ok(tariffs)
}

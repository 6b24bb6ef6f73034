//! Places into the basket: the best seats of a numbered hall (chosen again
//! when another counter sold one first), places of general admission or
//! entries of a slot, seats chosen on the map; each held in the database
//! while the basket is open, each refused with its reason.

use chrono::{DateTime, Utc};

use super::{Basket, BasketTicket, MAX_TICKETS, price_at};
use crate::counter::Place;
use crate::counter::offer::{Offer, SeatState};
use crate::counter::{CounterError, cart};
use crate::domain::season::HallKind;
use crate::domain::{Cents, PerformanceName, SeatName};
use crate::store::Store;

impl Basket {
    /// Places of the performance and place still free, the basket's own
    /// deducted (general admission and slots; a numbered hall's seats show
    /// on the map).
    pub fn left(&self, offer: &Offer, place: Place) -> i64 {
        let mine = self.count_of(offer.performance.id, place);
        let free = match place {
            // A slot within its capacity and, joined to a central
            // database, within its places this terminal holds.
            Place::Slot(id) => offer.slot(id).map_or(0, |s| s.left()),
            _ => offer.available(),
        };
        // Seats of the basket are already deducted from a numbered offer.
        let mine = if matches!(place, Place::Seat(_)) {
            0
        } else {
            mine
        };
        (free - mine).max(0)
    }

    fn count_of(&self, performance_id: i64, place: Place) -> i64 {
        self.tickets
            .iter()
            .filter(|t| t.performance_id == performance_id && t.place == place)
            .count() as i64
    }

    /// Adds `n` places of the performance: the best seats side by side in a
    /// numbered hall, places of general admission, or entries of `slot` in
    /// a timed one; at `tariff`, or the performance's first. The indices of
    /// the tickets added.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        n: usize,
        slot: Option<i64>,
        tariff: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        let added = match offer.hall.kind {
            HallKind::Numbered => self.add_best(store, offer, n, now)?,
            HallKind::General | HallKind::Timed => self.add_places(offer, n, slot)?,
        };
        if let Some(tariff) = tariff {
            for &i in &added {
                self.set_tariff(i, tariff, offer)?;
            }
        }
        Ok(added)
    }

    /// The best `n` free seats side by side of a numbered performance.
    pub fn add_best(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        n: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        if offer.hall.kind != HallKind::Numbered {
            return Err(CounterError::NotNumbered(offer.name()));
        }
        self.room_for(n)?;
        let mine = self.seats_of(offer.performance.id);
        let seats = offer.best_besides(n, &mine)?;
        let added = self.add_seats(store, offer, &seats, now)?;
        if self.cart.is_none() {
            self.best.extend(&added);
        }
        Ok(added)
    }

    /// Chooses again the best seats of the tickets that had them, from what
    /// is free now, keeping each ticket's tariff.
    pub(super) fn choose_best_again(
        &mut self,
        store: &Store,
        now: DateTime<Utc>,
    ) -> Result<(), CounterError> {
        let mut performances: Vec<i64> = self
            .best
            .iter()
            .map(|&i| self.tickets[i].performance_id)
            .collect();
        performances.dedup();
        for performance in performances {
            let chosen: Vec<usize> = self
                .best
                .iter()
                .copied()
                .filter(|&i| self.tickets[i].performance_id == performance)
                .collect();
            let others: Vec<i64> = (0..self.tickets.len())
                .filter(|i| !chosen.contains(i))
                .filter_map(|i| match self.tickets[i].place {
                    Place::Seat(s) if self.tickets[i].performance_id == performance => Some(s),
                    _ => None,
                })
                .collect();
            let offer = crate::counter::offer::load(store, performance, None, now)?;
            let seats = offer.best_besides(chosen.len(), &others)?;
            for (&i, seat) in chosen.iter().zip(seats) {
                let (Some(s), Some(&category)) = (offer.seat(seat), offer.seat_category.get(&seat))
                else {
                    return Err(CounterError::NoSuchSeat(seat));
                };
                let tariff = self.tickets[i].tariff_id;
                self.tickets[i] =
                    self.ticket(&offer, Place::Seat(seat), Some(s.name()), category)?;
                self.set_tariff(i, tariff, &offer)?;
            }
        }
        Ok(())
    }

    /// `n` places of general admission, or entries of `slot` of a timed
    /// performance, within what is left.
    pub fn add_places(
        &mut self,
        offer: &Offer,
        n: usize,
        slot: Option<i64>,
    ) -> Result<Vec<usize>, CounterError> {
        let place = match (offer.hall.kind, slot) {
            (HallKind::Numbered, _) => return Err(CounterError::NeedsSeats(offer.name())),
            (HallKind::Timed, None) => return Err(CounterError::NeedsSlot(offer.name())),
            (HallKind::Timed, Some(slot)) => Place::Slot(slot),
            (HallKind::General, _) => Place::Unnumbered,
        };
        self.add_unnumbered(offer, n, place)
    }

    /// Adds seats of a numbered performance (held at once for the
    /// basket); seats already in it are left as they are. The indices of
    /// the tickets added.
    pub fn add_seats(
        &mut self,
        store: &mut Store,
        offer: &Offer,
        seats: &[i64],
        now: DateTime<Utc>,
    ) -> Result<Vec<usize>, CounterError> {
        if offer.hall.kind != HallKind::Numbered {
            return Err(CounterError::NotNumbered(offer.name()));
        }
        let mine = self.seats_of(offer.performance.id);
        let fresh: Vec<i64> = seats
            .iter()
            .copied()
            .filter(|s| !mine.contains(s))
            .collect();
        self.room_for(fresh.len())?;
        for &seat in &fresh {
            why_not(offer, seat)?;
        }
        if let Some(cart) = &self.cart {
            cart::hold(
                store,
                self.terminal_id,
                cart,
                offer.performance.id,
                &fresh,
                now,
            )?;
        }
        let mut added = Vec::with_capacity(fresh.len());
        for seat in fresh {
            let (Some(s), Some(&category)) = (offer.seat(seat), offer.seat_category.get(&seat))
            else {
                return Err(CounterError::NoSuchSeat(seat));
            };
            let ticket = self.ticket(offer, Place::Seat(seat), Some(s.name()), category)?;
            self.push(ticket, offer);
            added.push(self.tickets.len() - 1);
        }
        Ok(added)
    }

    /// General admission or a slot: within what is left.
    fn add_unnumbered(
        &mut self,
        offer: &Offer,
        n: usize,
        place: Place,
    ) -> Result<Vec<usize>, CounterError> {
        let slot = match place {
            Place::Slot(id) => Some(offer.slot(id).ok_or(CounterError::NoSuchSlot(id))?),
            _ => None,
        };
        let left = self.left(offer, place);
        let wanted = i64::try_from(n).unwrap_or(i64::MAX);
        if wanted > left {
            return Err(match slot {
                Some(slot) if slot.lent.is_some() && slot.left() < slot.free() => {
                    CounterError::NotEnoughLent {
                        performance: PerformanceName {
                            starts_at: slot.starts_at,
                            ..offer.name()
                        },
                        wanted,
                        left,
                    }
                }
                Some(slot) => CounterError::SlotFull {
                    slot: slot.starts_at,
                    wanted,
                    left,
                },
                // Joined to a central database: what this terminal holds.
                None if offer.lent.is_some() => CounterError::NotEnoughLent {
                    performance: offer.name(),
                    wanted,
                    left,
                },
                None => CounterError::SoldOut {
                    performance: offer.name(),
                    wanted,
                    left,
                },
            });
        }
        // What is left is said first; then nothing is added past the limit.
        self.room_for(n)?;
        let category = offer
            .categories
            .first()
            .ok_or_else(|| CounterError::NoCategory(offer.name()))?
            .id;
        let ticket = self.ticket(offer, place, None, category)?;
        let from = self.tickets.len();
        for _ in 0..n {
            self.push(ticket.clone(), offer);
        }
        Ok((from..self.tickets.len()).collect())
    }

    /// Refuses an addition that would take the order past [`MAX_TICKETS`],
    /// or adds nothing.
    fn room_for(&self, n: usize) -> Result<(), CounterError> {
        if n == 0 {
            return Err(CounterError::NothingToSell);
        }
        let wanted = self.tickets.len().saturating_add(n);
        if wanted > MAX_TICKETS {
            return Err(CounterError::TooManyTickets {
                wanted,
                max: MAX_TICKETS,
            });
        }
        Ok(())
    }

    /// A ticket at the performance's first tariff.
    fn ticket(
        &self,
        offer: &Offer,
        place: Place,
        seat: Option<SeatName>,
        category_id: i64,
    ) -> Result<BasketTicket, CounterError> {
        let category = offer
            .categories
            .iter()
            .find(|c| c.id == category_id)
            .ok_or_else(|| CounterError::NoCategory(offer.name()))?;
        let tariff = offer
            .tariffs
            .first()
            .ok_or_else(|| CounterError::NoTariff(offer.name()))?;
        let mut ticket = BasketTicket {
            performance_id: offer.performance.id,
            show: offer.show.title.clone(),
            when: offer.performance.starts_at,
            place,
            seat,
            slot: match place {
                Place::Slot(id) => offer.slot(id).map(|s| s.starts_at),
                _ => None,
            },
            category_id,
            category: category.name.clone(),
            category_code: category.code.clone(),
            tariff_id: tariff.tariff.id,
            tariff: tariff.tariff.name.clone(),
            unit: Cents::ZERO,
            rate: offer.performance.vat_rate,
            quoted: offer.at,
        };
        price_at(offer, &mut ticket, tariff.tariff.id)?;
        Ok(ticket)
    }

    fn push(&mut self, ticket: BasketTicket, offer: &Offer) {
        self.rules = Some(offer.rules());
        self.tickets.push(ticket);
    }

    /// The seats of a performance in the basket.
    fn seats_of(&self, performance_id: i64) -> Vec<i64> {
        self.tickets
            .iter()
            .filter(|t| t.performance_id == performance_id)
            .filter_map(|t| match t.place {
                Place::Seat(id) => Some(id),
                _ => None,
            })
            .collect()
    }
}

/// Why a seat of the offer cannot go in a basket, if it cannot.
fn why_not(offer: &Offer, seat: i64) -> Result<(), CounterError> {
    let Some(s) = offer.seat(seat) else {
        return Err(CounterError::NoSuchSeat(seat));
    };
    let name = s.name();
    match offer.state(seat) {
        SeatState::Sold => Err(CounterError::SeatSold {
            seat: name,
            performance: offer.name(),
        }),
        SeatState::Held(i) => Err(CounterError::SeatHeld {
            seat: name,
            hold: offer
                .holds
                .get(i)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
        }),
        SeatState::InOtherCart => Err(CounterError::SeatInAnotherCart(name)),
        SeatState::Elsewhere => Err(CounterError::SeatNotLent(name)),
        SeatState::Free | SeatState::InMyCart if !offer.seat_category.contains_key(&seat) => {
            Err(CounterError::SeatWithoutCategory(name))
        }
        SeatState::Free | SeatState::InMyCart => Ok(()),
    }
}

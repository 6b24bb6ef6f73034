//! The basket: places added by number, seat or map, their tariffs, and
//! taking them out (their seats go back at once).

use super::*;

impl State {
    /// Adds `n` places of the performance shown, at `tariff`.
    pub(super) fn add(
        &mut self,
        n: usize,
        tariff: Option<i64>,
        t: &mut Terminal,
        now: DateTime<Utc>,
    ) {
        let Some(o) = &self.offer else { return };
        if n == 0 || n > 99 {
            self.error = Some(sf(self.locale, S::ErrQuantity, &[&n.to_string()]));
            return;
        }
        self.entry.clear();
        match o.hall.kind {
            HallKind::Numbered => match o.best(n) {
                Ok(seats) => {
                    let mut added = self.add_seats(&seats, t, now);
                    if let Some(tariff) = tariff {
                        for i in added.drain(..) {
                            self.set_tariff(i, tariff);
                        }
                    }
                }
                Err(e) => self.error = Some(describe(&e, self.locale)),
            },
            HallKind::General | HallKind::Timed => {
                let place = match (o.hall.kind, self.slot) {
                    (HallKind::Timed, Some(slot)) => Place::Slot(slot),
                    (HallKind::Timed, None) => {
                        self.error =
                            Some(describe(&CounterError::NeedsSlot(o.name()), self.locale));
                        return;
                    }
                    _ => Place::Unnumbered,
                };
                let already = self
                    .basket
                    .iter()
                    .filter(|x| x.performance_id == o.performance.id && x.place == place)
                    .count() as i64;
                let left = match place {
                    Place::Slot(id) => o.slots.iter().find(|s| s.id == id).map_or(0, |s| s.left()),
                    _ => o.available(),
                } - already;
                if (n as i64) > left {
                    let e = match place {
                        Place::Slot(id) => CounterError::SlotFull {
                            slot: o
                                .slots
                                .iter()
                                .find(|s| s.id == id)
                                .map_or(now, |s| s.starts_at),
                            wanted: n as i64,
                            left: left.max(0),
                        },
                        _ => CounterError::SoldOut {
                            performance: o.name(),
                            wanted: n as i64,
                            left: left.max(0),
                        },
                    };
                    self.error = Some(describe(&e, self.locale));
                    return;
                }
                let Some(category) = o.categories.first() else {
                    self.error = Some(describe(&CounterError::NoCategory(o.name()), self.locale));
                    return;
                };
                for _ in 0..n {
                    let ticket = self.ticket(o, place, category.id, String::new());
                    if let Some(mut ticket) = ticket {
                        if let Some(tariff) = tariff {
                            apply_tariff(o, &mut ticket, tariff);
                        }
                        self.basket.push(ticket);
                    }
                }
            }
        }
    }

    /// Puts seats in the basket (held in the database); the indices added.
    pub(super) fn add_seats(
        &mut self,
        seats: &[i64],
        t: &mut Terminal,
        now: DateTime<Utc>,
    ) -> Vec<usize> {
        let Some(performance) = self.selected else {
            return Vec::new();
        };
        let fresh: Vec<i64> = seats
            .iter()
            .copied()
            .filter(|s| {
                !self
                    .basket
                    .iter()
                    .any(|x| x.performance_id == performance && x.place == Place::Seat(*s))
            })
            .collect();
        if let Err(e) = cart::hold(
            &mut t.store,
            t.signer.terminal_id,
            &self.cart,
            performance,
            &fresh,
            now,
        ) {
            self.error = Some(describe(&e, self.locale));
            self.load_offer(t, now);
            return Vec::new();
        }
        self.load_offer(t, now);
        let Some(o) = &self.offer else {
            return Vec::new();
        };
        let mut added = Vec::new();
        for seat in fresh {
            let (Some(s), Some(category)) = (o.seat(seat), o.seat_category.get(&seat)) else {
                continue;
            };
            let label = s.name().label(self.locale);
            if let Some(ticket) = self.ticket(o, Place::Seat(seat), *category, label) {
                self.basket.push(ticket);
                added.push(self.basket.len() - 1);
            }
        }
        self.paint();
        added
    }

    /// A ticket at the performance's first tariff.
    pub(super) fn ticket(
        &self,
        o: &Offer,
        place: Place,
        category_id: i64,
        label: String,
    ) -> Option<Ticket> {
        let tariff = o.tariffs.first()?;
        let category = o.categories.iter().find(|c| c.id == category_id)?;
        let label = match place {
            Place::Seat(_) => label,
            Place::Slot(id) => o
                .slots
                .iter()
                .find(|s| s.id == id)
                .map(|s| self.locale.time(&s.starts_at.with_timezone(&o.zone)))
                .unwrap_or_default(),
            Place::Unnumbered => String::new(),
        };
        let mut ticket = Ticket {
            performance_id: o.performance.id,
            show: o.show.title.clone(),
            when: o.performance.starts_at,
            place,
            label,
            category_id,
            category: category.name.clone(),
            category_code: category.code.clone(),
            tariff_id: tariff.tariff.id,
            tariff: tariff.tariff.name.clone(),
            unit: Cents::ZERO,
            rate: o.performance.vat_rate,
        };
        apply_tariff(o, &mut ticket, tariff.tariff.id);
        Some(ticket)
    }

    pub(super) fn set_tariff(&mut self, index: usize, tariff: i64) {
        let Some(ticket) = self.basket.get_mut(index) else {
            return;
        };
        match &self.offer {
            Some(o) if o.performance.id == ticket.performance_id => apply_tariff(o, ticket, tariff),
            _ => {}
        }
    }

    pub(super) fn cycle_tariff(&mut self, index: usize) {
        let (Some(o), Some(ticket)) = (&self.offer, self.basket.get(index)) else {
            return;
        };
        if o.performance.id != ticket.performance_id {
            return;
        }
        let at = o
            .tariffs
            .iter()
            .position(|x| x.tariff.id == ticket.tariff_id);
        let next = at.map_or(0, |i| (i + 1) % o.tariffs.len().max(1));
        if let Some(tariff) = o.tariffs.get(next).map(|x| x.tariff.id) {
            self.set_tariff(index, tariff);
        }
    }

    pub(super) fn remove(&mut self, index: usize, t: &mut Terminal, now: DateTime<Utc>) {
        if index >= self.basket.len() || self.step != Step::Basket {
            return;
        }
        let ticket = self.basket.remove(index);
        if let Place::Seat(seat) = ticket.place
            && let Err(e) = cart::release(&mut t.store, &self.cart, Some(&[seat]))
        {
            self.error = Some(describe(&e, self.locale));
        }
        self.load_offer(t, now);
    }

    pub(super) fn map_event(
        &mut self,
        event: &seat_map::Event,
        t: &mut Terminal,
        now: DateTime<Utc>,
    ) {
        if self.step != Step::Basket {
            return;
        }
        let Some(o) = &self.offer else { return };
        let seats: Vec<i64> = match event {
            seat_map::Event::Clicked { seat, .. } => vec![*seat],
            seat_map::Event::Chosen { seats, .. } => seats.clone(),
        };
        // A click on a seat of the basket takes it out.
        if let seat_map::Event::Clicked { seat, .. } = event
            && let Some(i) = self
                .basket
                .iter()
                .position(|x| x.performance_id == o.performance.id && x.place == Place::Seat(*seat))
        {
            self.remove(i, t, now);
            return;
        }
        let free: Vec<i64> = seats
            .iter()
            .copied()
            .filter(|s| o.state(*s) == SeatState::Free && o.seat_category.contains_key(s))
            .collect();
        if free.is_empty() {
            if let seat_map::Event::Clicked { seat, .. } = event
                && let Some(s) = o.seat(*seat)
            {
                let name = s.name();
                let why = match o.state(*seat) {
                    SeatState::Sold => CounterError::SeatSold {
                        seat: name,
                        performance: o.name(),
                    },
                    SeatState::Held(i) => CounterError::SeatHeld {
                        seat: name,
                        hold: o.holds.get(i).map(|h| h.name.clone()).unwrap_or_default(),
                    },
                    SeatState::InOtherCart => CounterError::SeatInAnotherCart(name),
                    _ => CounterError::SeatWithoutCategory(name),
                };
                self.error = Some(describe(&why, self.locale));
            }
            return;
        }
        self.add_seats(&free, t, now);
    }
}

pub(super) fn apply_tariff(o: &Offer, ticket: &mut Ticket, tariff_id: i64) {
    let Some(offered) = o.tariffs.iter().find(|x| x.tariff.id == tariff_id) else {
        return;
    };
    ticket.tariff_id = tariff_id;
    ticket.tariff = offered.tariff.name.clone();
    ticket.unit = if offered.tariff.is_complimentary {
        Cents::ZERO
    } else {
        offered
            .prices
            .get(&ticket.category_id)
            .copied()
            .unwrap_or(Cents::ZERO)
    };
}

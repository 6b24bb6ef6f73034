//! The performance shown and its map; places put in the basket by number,
//! seat or map, their tariffs, and taking them out. The basket itself
//! (`counter::Basket`) checks and prices; this says what it answered.

use crate::ui::i18n::counter::describe;
use std::collections::HashMap;

use super::{Context, State, Step};
use crate::counter::offer::{self, SeatState};
use crate::counter::{CounterError, Place};
use crate::domain::{HallKind, Locale};
use crate::ui::i18n::programming::{P, p};
use crate::ui::i18n::sell::{S, s};
use crate::ui::widget::seat_map::{self, Look, Mark, SeatMap};

impl State {
    /// Shows a performance (or none) and reads its offer.
    pub(super) fn show(&mut self, performance: Option<i64>, ctx: &mut Context) {
        self.selected = performance;
        self.reload_offer(ctx);
    }

    /// Reads the offer of the performance shown again (after a change of
    /// the basket, or a sale elsewhere).
    pub(super) fn reload_offer(&mut self, ctx: &mut Context) {
        let Some(id) = self.selected else {
            self.offer = None;
            self.map = None;
            return;
        };
        let now = ctx.now();
        match offer::load(&ctx.terminal.store, id, self.basket.cart(), now) {
            Ok(o) => {
                let same_hall = self
                    .offer
                    .as_ref()
                    .is_some_and(|old| old.hall.id == o.hall.id && self.map.is_some());
                if o.hall.kind == HallKind::Numbered && !same_hall {
                    self.map = Some(SeatMap::new(o.seats.clone(), p(ctx.locale, P::Stage)));
                } else if o.hall.kind != HallKind::Numbered {
                    self.map = None;
                }
                if o.hall.kind == HallKind::Timed
                    && !o.slots.iter().any(|s| Some(s.id) == self.slot)
                {
                    self.slot = o.entry_slot(now).map(|s| s.id);
                }
                self.offer = Some(o);
                self.paint();
            }
            Err(e) => {
                self.offer = None;
                self.map = None;
                self.error = Some(describe(&e, ctx.locale));
            }
        }
    }

    /// Colours the map: category, then sold, held, in another basket, mine.
    fn paint(&mut self) {
        let (Some(map), Some(o)) = (&mut self.map, &self.offer) else {
            return;
        };
        let colours: HashMap<i64, iced::Color> = o
            .categories
            .iter()
            .map(|c| (c.id, seat_map::colour(&c.colour)))
            .collect();
        let holds: Vec<iced::Color> = o
            .holds
            .iter()
            .map(|h| seat_map::colour(&h.colour))
            .collect();
        let grey = iced::Color::from_rgb8(0x9a, 0x94, 0x8a);
        let elsewhere = iced::Color::from_rgb8(0xd9, 0xd4, 0xcb);
        map.set_looks(|s| Look {
            // Not this terminal's to sell (the central pool, another's):
            // greyed out, whatever its category.
            fill: match o.state(s.id) {
                SeatState::Elsewhere => elsewhere,
                _ => o
                    .seat_category
                    .get(&s.id)
                    .and_then(|c| colours.get(c))
                    .copied()
                    .unwrap_or(grey),
            },
            mark: match o.state(s.id) {
                SeatState::Sold => Mark::Sold,
                SeatState::Held(i) => Mark::Held(holds.get(i).copied().unwrap_or(grey)),
                SeatState::InOtherCart => Mark::Held(grey),
                SeatState::Elsewhere => Mark::Free,
                SeatState::Free | SeatState::InMyCart => Mark::Free,
            },
        });
        let mine = self.basket.tickets().iter().filter_map(|t| match t.place {
            Place::Seat(id) if t.performance_id == o.performance.id => Some(id),
            _ => None,
        });
        map.set_selected(mine);
    }

    /// Adds `n` places of the performance shown, at `tariff`.
    pub(super) fn add(&mut self, n: usize, tariff: Option<i64>, ctx: &mut Context) {
        let Some(o) = &self.offer else { return };
        self.entry.clear();
        let now = ctx.now();
        let added = self
            .basket
            .add(&mut ctx.terminal.store, o, n, self.slot, tariff, now);
        self.answered(added.map(|_| ()), ctx);
    }

    /// Puts seats of the performance shown in the basket (held at once).
    pub(super) fn add_seats(&mut self, seats: &[i64], ctx: &mut Context) {
        let Some(o) = &self.offer else { return };
        let now = ctx.now();
        let added = self
            .basket
            .add_seats(&mut ctx.terminal.store, o, seats, now);
        self.answered(added.map(|_| ()), ctx);
    }

    /// After a change of the basket: what it refused, and the offer as it
    /// is now.
    fn answered(&mut self, outcome: Result<(), CounterError>, ctx: &mut Context) {
        if let Err(e) = outcome {
            self.error = Some(describe(&e, ctx.locale));
        }
        self.reload_offer(ctx);
    }

    /// The last ticket of the performance shown takes `tariff`.
    pub(super) fn last_takes_tariff(&mut self, tariff: i64, ctx: &Context) {
        let Some(o) = &self.offer else { return };
        if let Err(e) = self.basket.set_last_tariff(tariff, o) {
            self.error = Some(describe(&e, ctx.locale));
        }
    }

    pub(super) fn cycle_tariff(&mut self, index: usize) {
        let Some(o) = &self.offer else { return };
        let same = self
            .basket
            .tickets()
            .get(index)
            .is_some_and(|t| t.performance_id == o.performance.id);
        if same {
            // Every tariff of the offer is priced: nothing to refuse here.
            let _ = self.basket.next_tariff(index, o);
        }
    }

    pub(super) fn remove(&mut self, index: usize, ctx: &mut Context) {
        if self.step != Step::Basket {
            return;
        }
        if let Err(e) = self.basket.remove(&mut ctx.terminal.store, index) {
            self.error = Some(describe(&e, ctx.locale));
        }
        self.reload_offer(ctx);
    }

    /// A click or a drag on the map: a seat of the basket comes out; free
    /// seats go in; a click on a seat that cannot says why.
    pub(super) fn map_event(&mut self, event: &seat_map::Event, ctx: &mut Context) {
        if self.step != Step::Basket {
            return;
        }
        let Some(o) = &self.offer else { return };
        match event {
            seat_map::Event::Clicked { seat, .. } => {
                let in_basket = self.basket.tickets().iter().position(|x| {
                    x.performance_id == o.performance.id && x.place == Place::Seat(*seat)
                });
                // A seat of the pool, online: asked for at once, then added.
                let pool = o.governed && o.state(*seat) == SeatState::Elsewhere;
                let name = o.seat(*seat).map(|s| s.name().label(Locale::FrFr));
                match (in_basket, pool, name) {
                    (Some(i), _, _) => self.remove(i, ctx),
                    (None, true, Some(name)) => {
                        let performance = o.performance.public_id.clone();
                        self.topup.picked = Some((performance, *seat, name));
                        self.topup.said = Some(s(ctx.locale, S::PickedAsking).to_owned());
                    }
                    (None, _, _) => self.add_seats(&[*seat], ctx),
                }
            }
            seat_map::Event::Chosen { seats, .. } => {
                let free: Vec<i64> = seats.iter().copied().filter(|s| o.sellable(*s)).collect();
                if !free.is_empty() {
                    self.add_seats(&free, ctx);
                }
            }
        }
    }
}

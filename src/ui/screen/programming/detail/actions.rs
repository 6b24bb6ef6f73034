//! What the coordinator does to a performance: choose seats, paint
//! categories, hold, edit the plan, price, set, and shape entry slots. Each
//! group of messages has its function; those that write return
//! `Outcome::Changed` (or the performance to show).

use super::*;

impl Detail {
    pub(super) fn apply(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        use Message as M;
        match message {
            M::Tab(tab) => self.show_tab(ctx, tab),
            M::Invitations(m) => {
                let issued = self
                    .invitations
                    .as_mut()
                    .is_some_and(|panel| panel.update(m, ctx));
                // Tickets issued: the performance's counts change.
                if issued {
                    return Ok(Outcome::Changed);
                }
            }
            M::Demand(m) => {
                if let Some(panel) = self.demand.as_mut() {
                    panel.update(m, ctx);
                }
            }
            M::Picture(m) => self.picture.update(m, ctx),
            M::Map(_) | M::SelectAll | M::ClearSelection => self.choose(message),
            M::PaintWith(_)
            | M::Paint
            | M::NewCode(_)
            | M::NewName(_)
            | M::AddCategory
            | M::CategoriesToSeries => return self.categorize(message, ctx),
            M::HoldName(_)
            | M::HoldReason(_)
            | M::HoldColour(_)
            | M::HoldSeats
            | M::ReleaseSeats => {
                return self.hold_seats(message, ctx);
            }
            M::HoldQuantity(_)
            | M::HoldPlaces
            | M::Release(_)
            | M::ReleaseQuantity(..)
            | M::ReleasePart(_)
            | M::Lend(..) => return self.hold_places(message, ctx),
            M::DeleteSeats | M::RenumberFrom(_) | M::Renumber(_) | M::Flag(_) | M::ClearFlags => {
                return self.edit_plan(message, ctx);
            }
            M::Price(..) | M::Quota(..) | M::Offered(..) | M::SavePrices(_) => {
                return self.price(message, ctx);
            }
            M::Date(_)
            | M::Time(_)
            | M::Vat(_)
            | M::Status(_)
            | M::Reentry(_)
            | M::SalesOpen(_)
            | M::SalesClose(_)
            | M::Capacity(_)
            | M::SaveSettings => return self.set(message, ctx),
            M::CopyDate(_) | M::CopyTime(_) | M::Duplicate => return self.copy(message, ctx),
            M::SlotTime(..) | M::SlotPlaces(..) | M::AddSlot | M::RemoveSlot(_) | M::SaveSlots => {
                return self.shape_slots(message, ctx);
            }
            // The season view opens these forms.
            M::EditShow | M::NewTariff | M::Change(_) => {}
        }
        Ok(Outcome::Nothing)
    }

    /// Seats chosen on the map, all of them, or none.
    fn choose(&mut self, message: Message) {
        let Some(map) = &mut self.map else { return };
        match message {
            Message::Map(event) => map.choose(&event),
            Message::SelectAll => {
                let all: Vec<i64> = map.seats().iter().map(|s| s.id).collect();
                map.set_selected(all);
            }
            Message::ClearSelection => map.set_selected([]),
            _ => {}
        }
    }

    /// The categories: the one to paint with, painting the chosen seats, a
    /// new category, the categories copied to the whole series.
    fn categorize(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        let (locale, id) = (ctx.locale, self.perf.id);
        match message {
            Message::PaintWith(category) => self.paint = Some(category),
            Message::NewCode(v) => self.new_code = v,
            Message::NewName(v) => self.new_name = v,
            Message::Paint => {
                let category = self
                    .paint
                    .ok_or(ProgrammingError::NotFound(Missing::Category))?;
                let (store, by) = ctx.acting()?;
                pricing::paint(store, &by, id, &self.selection(), category)?;
                return Ok(Outcome::Changed);
            }
            Message::AddCategory => {
                let colour = PALETTE[self.pricing.categories.len() % PALETTE.len()];
                let (store, by) = ctx.acting()?;
                let (code, name) = (&self.new_code, &self.new_name);
                let c = pricing::add_category(store, &by, id, code, name, colour)?;
                self.paint = Some(c.id);
                self.new_code.clear();
                self.new_name.clear();
                return Ok(Outcome::Changed);
            }
            Message::CategoriesToSeries => {
                let (store, by) = ctx.acting()?;
                let (copied, skipped) = pricing::copy_categories(store, &by, id, &self.series)?;
                self.notice = Some(if skipped == 0 {
                    pf(locale, P::AppliedToSeries, &[&copied.to_string()])
                } else {
                    pf(
                        locale,
                        P::AppliedToSeriesSkipped,
                        &[&copied.to_string(), &skipped.to_string()],
                    )
                });
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// A hold of the seats chosen on the map (its name, reason and colour
    /// typed), and chosen seats released from their holds.
    fn hold_seats(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        let (locale, id) = (ctx.locale, self.perf.id);
        match message {
            Message::HoldName(v) => self.hold_name = v,
            Message::HoldReason(v) => self.hold_reason = v,
            Message::HoldColour(i) => self.hold_colour = i % HOLD_PALETTE.len(),
            Message::HoldSeats => {
                let draft = HoldDraft {
                    seats: self.selection(),
                    ..self.hold_draft()
                };
                let (store, by) = ctx.acting()?;
                holds::create(store, &by, id, &draft)?;
                self.hold_name.clear();
                self.hold_reason.clear();
                return Ok(Outcome::Changed);
            }
            Message::ReleaseSeats => {
                let (store, by) = ctx.acting()?;
                let released = holds::release_seats(store, &by, id, &self.selection())?;
                self.notice = Some(pf(locale, P::Released, &[&released.to_string()]));
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// Holds of general-admission places: made, released in whole or in
    /// part, lent to this terminal.
    fn hold_places(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        let (locale, id, terminal) = (ctx.locale, self.perf.id, ctx.terminal.signer.terminal_id);
        match message {
            Message::HoldQuantity(v) => self.hold_quantity = digits(&v),
            Message::ReleaseQuantity(hold, v) => {
                self.release.insert(hold, digits(&v));
            }
            Message::HoldPlaces => {
                let draft = HoldDraft {
                    quantity: self.hold_quantity.parse().unwrap_or(0),
                    ..self.hold_draft()
                };
                let (store, by) = ctx.acting()?;
                holds::create(store, &by, id, &draft)?;
                self.hold_name.clear();
                self.hold_reason.clear();
                self.hold_quantity.clear();
                return Ok(Outcome::Changed);
            }
            Message::Release(hold) => {
                let (store, by) = ctx.acting()?;
                holds::release_all(store, &by, id, hold)?;
                return Ok(Outcome::Changed);
            }
            Message::ReleasePart(hold) => {
                let quantity = self.release_quantity(hold)?;
                let (store, by) = ctx.acting()?;
                holds::release(store, &by, id, hold, &[], quantity)?;
                self.notice = Some(pf(locale, P::Released, &[&quantity.to_string()]));
                return Ok(Outcome::Changed);
            }
            Message::Lend(hold, on) => {
                let (store, by) = ctx.acting()?;
                holds::lend(store, &by, id, hold, on.then_some(terminal))?;
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// The places typed to release from a hold: none is refused.
    fn release_quantity(&self, hold: i64) -> Result<i64, ProgrammingError> {
        let quantity = self
            .release
            .get(&hold)
            .and_then(|q| q.parse().ok())
            .unwrap_or(0);
        if quantity == 0 {
            return Err(ProgrammingError::NotEnoughPlaces {
                asked: 0,
                available: self
                    .holds
                    .iter()
                    .find(|h| h.id == hold)
                    .map_or(0, |h| h.quantity),
            });
        }
        Ok(quantity)
    }

    /// The hall's plan, from the chosen seats: removed, renumbered,
    /// flagged. The map is drawn again from the hall's seats.
    fn edit_plan(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        let (locale, hall) = (ctx.locale, self.hall.id);
        let chosen = self.selection();
        let (store, by) = ctx.acting()?;
        match message {
            Message::RenumberFrom(v) => {
                self.renumber_from = v.chars().filter(char::is_ascii_digit).take(4).collect();
                return Ok(Outcome::Nothing);
            }
            Message::DeleteSeats => {
                let removed = halls::delete_seats(store, &by, hall, &chosen)?;
                self.notice = Some(pf(locale, P::SeatsRemoved, &[&removed.to_string()]));
                self.map = Some(SeatMap::new(
                    halls::seats(store, hall)?,
                    p(locale, P::Stage),
                ));
                return Ok(Outcome::Changed);
            }
            Message::Renumber(numbering) => {
                let first = self.renumber_from.parse().unwrap_or(1);
                halls::renumber(store, &by, hall, &chosen, first, numbering)?;
            }
            Message::Flag(flag) => halls::set_flag(store, &by, hall, &chosen, flag, true)?,
            Message::ClearFlags => halls::clear_flags(store, &by, hall, &chosen)?,
            _ => return Ok(Outcome::Nothing),
        }
        // The same seats stay chosen on the map drawn again.
        let mut map = SeatMap::new(halls::seats(store, hall)?, p(locale, P::Stage));
        map.set_selected(chosen);
        self.map = Some(map);
        Ok(Outcome::Changed)
    }

    /// The price grid: prices and quotas typed, tariffs offered, saved for
    /// this performance or the whole series.
    fn price(&mut self, message: Message, ctx: &mut Context) -> Result<Outcome, ProgrammingError> {
        let locale = ctx.locale;
        match message {
            Message::Price(tariff, category, v) => {
                self.prices.insert((tariff, category), v);
            }
            Message::Quota(tariff, v) => {
                self.quotas.insert(tariff, digits(&v));
            }
            Message::Offered(tariff, on) => {
                self.offered.insert(tariff, on);
            }
            Message::SavePrices(whole_series) => {
                let (store, by) = ctx.acting()?;
                let grid = self.grid(&pricing::tariffs(store)?)?;
                let targets = if whole_series {
                    self.series.clone()
                } else {
                    vec![self.perf.id]
                };
                pricing::set_prices(store, &by, &targets, &grid)?;
                self.notice = Some(pf(locale, P::PricesSaved, &[&targets.len().to_string()]));
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// The performance's settings: date and time, VAT, sales window,
    /// status, re-entry, the capacity of a general-admission hall.
    fn set(&mut self, message: Message, ctx: &mut Context) -> Result<Outcome, ProgrammingError> {
        match message {
            Message::Date(v) => self.date = v,
            Message::Time(v) => self.time = v,
            Message::Vat(v) => self.vat = v,
            Message::Status(s) => self.status = s,
            Message::Reentry(on) => self.reentry = on,
            Message::SalesOpen(v) => self.sales_open = v,
            Message::SalesClose(v) => self.sales_close = v,
            Message::Capacity(v) => self.capacity = digits(&v),
            Message::SaveSettings => {
                let changes = self.changes(ctx.zone)?;
                let (store, by) = ctx.acting()?;
                self.perf = performances::update(store, &by, self.perf.id, &changes)?;
                self.notice = Some(p(ctx.locale, P::Saved).to_owned());
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// The settings as typed, checked.
    fn changes(&self, zone: chrono_tz::Tz) -> Result<Changes, ProgrammingError> {
        let starts_at = super::super::local_instant(&self.date, &self.time, zone)?;
        let vat = TaxRate::parse_percent(&self.vat).map_err(ProgrammingError::Vat)?;
        Ok(Changes {
            starts_at,
            vat,
            sales_open_at: typed_moment(&self.sales_open, zone)?,
            sales_close_at: typed_moment(&self.sales_close, zone)?,
            status: self.status,
            reentry_allowed: self.reentry,
            capacity: match self.hall.kind {
                HallKind::General => {
                    Some(
                        self.capacity
                            .parse()
                            .map_err(|_| ProgrammingError::NotANumber {
                                typed: self.capacity.clone(),
                                field: Field::Capacity,
                            })?,
                    )
                }
                _ => None,
            },
        })
    }

    /// A copy of the performance at another date and time.
    fn copy(&mut self, message: Message, ctx: &mut Context) -> Result<Outcome, ProgrammingError> {
        match message {
            Message::CopyDate(v) => self.copy_date = v,
            Message::CopyTime(v) => self.copy_time = v,
            Message::Duplicate => {
                let starts_at =
                    super::super::local_instant(&self.copy_date, &self.copy_time, ctx.zone)?;
                let (store, by) = ctx.acting()?;
                let copy = performances::duplicate(store, &by, self.perf.id, starts_at)?;
                return Ok(Outcome::Open(copy.id));
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// The entry slots of a timed performance: typed, added (an hour after
    /// the last), removed, saved.
    fn shape_slots(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> Result<Outcome, ProgrammingError> {
        match message {
            Message::SlotTime(i, v) => {
                if let Some(slot) = self.slots.get_mut(i) {
                    slot.0 = v;
                }
            }
            Message::SlotPlaces(i, v) => {
                if let Some(slot) = self.slots.get_mut(i) {
                    slot.1 = digits(&v);
                }
            }
            Message::AddSlot => {
                let (time, places) = self
                    .slots
                    .last()
                    .cloned()
                    .unwrap_or_else(|| (self.time.clone(), self.hall.capacity.to_string()));
                let next = parse_time(&time)
                    .map(|t| (t + chrono::Duration::hours(1)).format("%H:%M").to_string())
                    .unwrap_or(time);
                self.slots.push((next, places));
            }
            Message::RemoveSlot(i) if i < self.slots.len() => {
                self.slots.remove(i);
            }
            Message::SaveSlots => {
                let slots = self.typed_slots(ctx.zone)?;
                let (store, by) = ctx.acting()?;
                self.perf = performances::set_slots(store, &by, self.perf.id, &slots)?;
                self.notice = Some(p(ctx.locale, P::Saved).to_owned());
                return Ok(Outcome::Changed);
            }
            _ => {}
        }
        Ok(Outcome::Nothing)
    }

    /// The slots as typed: their start on the performance's day, their
    /// places.
    fn typed_slots(
        &self,
        zone: chrono_tz::Tz,
    ) -> Result<Vec<(DateTime<Utc>, i64)>, ProgrammingError> {
        let day = self.perf.starts_at.with_timezone(&zone).date_naive();
        let mut slots = Vec::new();
        for (time, places) in &self.slots {
            let at =
                parse_time(time).ok_or_else(|| ProgrammingError::SlotNotATime(time.clone()))?;
            let start = crate::domain::season::local_instant(zone, day, at)?;
            let places = places.parse().map_err(|_| ProgrammingError::NotANumber {
                typed: places.clone(),
                field: Field::Slots,
            })?;
            slots.push((start, places));
        }
        Ok(slots)
    }

    /// The hold being typed (name, reason, colour).
    pub(super) fn hold_draft(&self) -> HoldDraft {
        HoldDraft {
            name: self.hold_name.clone(),
            reason: self.hold_reason.clone(),
            colour: HOLD_PALETTE[self.hold_colour].to_owned(),
            ..HoldDraft::default()
        }
    }

    /// The price grid as typed, checked.
    pub(super) fn grid(&self, tariffs: &[pricing::Tariff]) -> Result<PriceGrid, ProgrammingError> {
        let mut grid = PriceGrid::default();
        for tariff in tariffs
            .iter()
            .filter(|t| self.offered.get(&t.id).copied().unwrap_or(false))
        {
            let quota = self
                .quotas
                .get(&tariff.id)
                .filter(|q| !q.is_empty())
                .and_then(|q| q.parse().ok());
            grid.quotas.insert(tariff.code.clone(), quota);
            for c in &self.pricing.categories {
                let typed = self
                    .prices
                    .get(&(tariff.id, c.id))
                    .map(String::as_str)
                    .unwrap_or("");
                let price = if tariff.is_complimentary && typed.trim().is_empty() {
                    Cents::ZERO
                } else {
                    Cents::parse(typed).map_err(|_| ProgrammingError::PriceTypo {
                        category: c.code.clone(),
                        tariff: tariff.code.clone(),
                        typed: typed.to_owned(),
                    })?
                };
                grid.prices
                    .insert((c.code.clone(), tariff.code.clone()), price);
            }
        }
        Ok(grid)
    }
}

/// The digits of what is typed, at most six (places, quotas, capacity).
fn digits(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).take(6).collect()
}

//! What the coordinator does to a performance: paint, hold, price, set.

use super::*;

impl Detail {
    pub(super) fn apply(
        &mut self,
        message: Message,
        t: &mut Terminal,
        now: DateTime<Utc>,
        locale: Locale,
        zone: chrono_tz::Tz,
    ) -> Result<Outcome, ProgrammingError> {
        let store = &mut t.store;
        let id = self.perf.id;
        match message {
            Message::Tab(tab) => self.tab = tab,
            Message::Map(event) => {
                if let Some(map) = &mut self.map {
                    map.choose(&event);
                }
            }
            Message::SelectAll => {
                if let Some(map) = &mut self.map {
                    let all: Vec<i64> = map.seats().iter().map(|s| s.id).collect();
                    map.set_selected(all);
                }
            }
            Message::ClearSelection => {
                if let Some(map) = &mut self.map {
                    map.set_selected([]);
                }
            }
            Message::PaintWith(category) => self.paint = Some(category),
            Message::Paint => {
                let category = self
                    .paint
                    .ok_or(ProgrammingError::NotFound(Missing::Category))?;
                pricing::paint(store, id, &self.selection(), category)?;
                return Ok(Outcome::Changed);
            }
            Message::NewCode(v) => self.new_code = v,
            Message::NewName(v) => self.new_name = v,
            Message::AddCategory => {
                let colour = PALETTE[self.pricing.categories.len() % PALETTE.len()];
                let c = pricing::add_category(store, id, &self.new_code, &self.new_name, colour)?;
                self.paint = Some(c.id);
                self.new_code.clear();
                self.new_name.clear();
                return Ok(Outcome::Changed);
            }
            Message::CategoriesToSeries => {
                let (copied, skipped) = pricing::copy_categories(store, id, &self.series)?;
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
            Message::HoldName(v) => self.hold_name = v,
            Message::HoldReason(v) => self.hold_reason = v,
            Message::HoldColour(i) => self.hold_colour = i % HOLD_PALETTE.len(),
            Message::HoldSeats => {
                let draft = HoldDraft {
                    seats: self.selection(),
                    ..self.hold_draft()
                };
                holds::create(store, id, &draft, now)?;
                self.hold_name.clear();
                self.hold_reason.clear();
                return Ok(Outcome::Changed);
            }
            Message::ReleaseSeats => {
                let released = holds::release_seats(store, id, &self.selection())?;
                self.notice = Some(pf(locale, P::Released, &[&released.to_string()]));
                return Ok(Outcome::Changed);
            }
            Message::DeleteSeats => {
                let removed = halls::delete_seats(store, self.hall.id, &self.selection())?;
                self.notice = Some(pf(locale, P::SeatsRemoved, &[&removed.to_string()]));
                self.map = Some(SeatMap::new(
                    halls::seats(store, self.hall.id)?,
                    p(locale, P::Stage),
                ));
                return Ok(Outcome::Changed);
            }
            Message::RenumberFrom(v) => {
                self.renumber_from = v.chars().filter(char::is_ascii_digit).take(4).collect()
            }
            Message::Renumber(numbering) => {
                let first = self.renumber_from.parse().unwrap_or(1);
                halls::renumber(store, self.hall.id, &self.selection(), first, numbering)?;
                let selected = self.selection();
                self.map = Some(SeatMap::new(
                    halls::seats(store, self.hall.id)?,
                    p(locale, P::Stage),
                ));
                if let Some(map) = &mut self.map {
                    map.set_selected(selected);
                }
                return Ok(Outcome::Changed);
            }
            Message::Flag(_) | Message::ClearFlags => {
                match message {
                    Message::Flag(flag) => {
                        halls::set_flag(store, self.hall.id, &self.selection(), flag, true)?
                    }
                    _ => halls::clear_flags(store, self.hall.id, &self.selection())?,
                }
                let selected = self.selection();
                self.map = Some(SeatMap::new(
                    halls::seats(store, self.hall.id)?,
                    p(locale, P::Stage),
                ));
                if let Some(map) = &mut self.map {
                    map.set_selected(selected);
                }
                return Ok(Outcome::Changed);
            }
            Message::Price(tariff, category, v) => {
                self.prices.insert((tariff, category), v);
            }
            Message::Quota(tariff, v) => {
                self.quotas.insert(
                    tariff,
                    v.chars().filter(char::is_ascii_digit).take(6).collect(),
                );
            }
            Message::Offered(tariff, on) => {
                self.offered.insert(tariff, on);
            }
            Message::SavePrices(whole_series) => {
                let grid = self.grid(&pricing::tariffs(store)?)?;
                let targets = if whole_series {
                    self.series.clone()
                } else {
                    vec![id]
                };
                pricing::set_prices(store, &targets, &grid)?;
                self.notice = Some(pf(locale, P::PricesSaved, &[&targets.len().to_string()]));
                return Ok(Outcome::Changed);
            }
            Message::HoldQuantity(v) => {
                self.hold_quantity = v.chars().filter(char::is_ascii_digit).take(6).collect()
            }
            Message::HoldPlaces => {
                let draft = HoldDraft {
                    quantity: self.hold_quantity.parse().unwrap_or(0),
                    ..self.hold_draft()
                };
                holds::create(store, id, &draft, now)?;
                self.hold_name.clear();
                self.hold_reason.clear();
                self.hold_quantity.clear();
                return Ok(Outcome::Changed);
            }
            Message::Release(hold) => {
                holds::release_all(store, id, hold)?;
                return Ok(Outcome::Changed);
            }
            Message::ReleaseQuantity(hold, v) => {
                self.release.insert(
                    hold,
                    v.chars().filter(char::is_ascii_digit).take(6).collect(),
                );
            }
            Message::ReleasePart(hold) => {
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
                holds::release(store, id, hold, &[], quantity)?;
                self.notice = Some(pf(locale, P::Released, &[&quantity.to_string()]));
                return Ok(Outcome::Changed);
            }
            Message::Lend(hold, on) => {
                holds::lend(store, hold, on.then_some(t.signer.terminal_id))?;
                return Ok(Outcome::Changed);
            }
            Message::Date(v) => self.date = v,
            Message::Time(v) => self.time = v,
            Message::Vat(v) => self.vat = v,
            Message::Status(s) => self.status = s,
            Message::Reentry(on) => self.reentry = on,
            Message::SalesOpen(v) => self.sales_open = v,
            Message::SalesClose(v) => self.sales_close = v,
            Message::Capacity(v) => {
                self.capacity = v.chars().filter(char::is_ascii_digit).take(6).collect()
            }
            Message::SlotTime(i, v) => {
                if let Some(slot) = self.slots.get_mut(i) {
                    slot.0 = v;
                }
            }
            Message::SlotPlaces(i, v) => {
                if let Some(slot) = self.slots.get_mut(i) {
                    slot.1 = v.chars().filter(char::is_ascii_digit).take(6).collect();
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
            Message::RemoveSlot(i) => {
                if i < self.slots.len() {
                    self.slots.remove(i);
                }
            }
            Message::SaveSlots => {
                let day = self.perf.starts_at.with_timezone(&zone).date_naive();
                let mut slots = Vec::new();
                for (time, places) in &self.slots {
                    let at = parse_time(time)
                        .ok_or_else(|| ProgrammingError::SlotNotATime(time.clone()))?;
                    let start = crate::domain::season::local_instant(zone, day, at)?;
                    let places = places.parse().map_err(|_| ProgrammingError::NotANumber {
                        typed: places.clone(),
                        field: Field::Slots,
                    })?;
                    slots.push((start, places));
                }
                self.perf = performances::set_slots(store, id, &slots)?;
                self.notice = Some(p(locale, P::Saved).to_owned());
                return Ok(Outcome::Changed);
            }
            Message::SaveSettings => {
                let starts_at = super::super::local_instant(&self.date, &self.time, zone)?;
                let vat = TaxRate::parse_percent(&self.vat)
                    .map_err(|e| ProgrammingError::Vat(e.to_string()))?;
                self.perf = performances::update(
                    store,
                    id,
                    &Changes {
                        starts_at,
                        vat,
                        sales_open_at: typed_moment(&self.sales_open, zone)?,
                        sales_close_at: typed_moment(&self.sales_close, zone)?,
                        status: self.status,
                        reentry_allowed: self.reentry,
                        capacity: match self.hall.kind {
                            HallKind::General => Some(self.capacity.parse().map_err(|_| {
                                ProgrammingError::NotANumber {
                                    typed: self.capacity.clone(),
                                    field: Field::Capacity,
                                }
                            })?),
                            _ => None,
                        },
                    },
                )?;
                self.notice = Some(p(locale, P::Saved).to_owned());
                return Ok(Outcome::Changed);
            }
            Message::CopyDate(v) => self.copy_date = v,
            Message::CopyTime(v) => self.copy_time = v,
            Message::EditShow | Message::NewTariff => {}
            Message::Duplicate => {
                let starts_at =
                    super::super::local_instant(&self.copy_date, &self.copy_time, zone)?;
                let copy = performances::duplicate(store, id, starts_at, now)?;
                return Ok(Outcome::Open(copy.id));
            }
        }
        Ok(Outcome::Nothing)
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

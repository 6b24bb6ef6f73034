//! One performance in Programmation: its seat map with categories and
//! holds painted on it, its price grid, its holds, its settings.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use iced::widget::{
    button, canvas, checkbox, column, container, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill};

use super::{describe, gauge};
use crate::domain::locale::parse_time;
use crate::domain::season::{HallKind, PerformanceStatus};
use crate::domain::seat_plan::{Numbering, SeatFlagName};
use crate::domain::{Cents, Locale, TaxRate};
use crate::programming::halls::{self, Hall};
use crate::programming::holds::{self, Hold, HoldDraft};
use crate::programming::performances::{self, Changes, Performance};
use crate::programming::pricing::{self, PriceGrid, Pricing};
use crate::programming::shows::Show;
use crate::programming::{Field, Missing, PerformanceLine, ProgrammingError};
use crate::terminal::Terminal;
use crate::ui::i18n::programming::{P, p, pf};
use crate::ui::theme;
use crate::ui::widget::seat_map::{self, Look, Mark, SeatMap};
use crate::ui::widget::{Choice, chosen, labelled, labelled_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Plan,
    Prices,
    Holds,
    Settings,
}

/// The colours offered to new categories.
const PALETTE: [&str; 8] = [
    "#b5433a", "#d08a2e", "#4a6fa5", "#5b8c5a", "#7d5ba6", "#c9a227", "#2f8f8f", "#a05070",
];

/// The colours offered to holds: dark, so that a held seat's hollow stands
/// out against the lighter category colours.
const HOLD_PALETTE: [&str; 6] = [
    "#3a3a3a", "#1f3a5f", "#7a4b00", "#00594c", "#8c2f39", "#4b2e83",
];

pub struct Detail {
    pub perf: Performance,
    show: Show,
    hall: Hall,
    line: PerformanceLine,
    /// The performances of "the whole series": this one and the others of
    /// the same show in the same hall, neither cancelled nor over.
    series: Vec<i64>,
    pricing: Pricing,
    holds: Vec<Hold>,
    /// Seats with a live ticket.
    sold: HashSet<i64>,
    /// Entry slots as typed: (time, places).
    slots: Vec<(String, String)>,
    map: Option<SeatMap>,
    pub tab: Tab,
    paint: Option<i64>,
    new_code: String,
    new_name: String,
    hold_name: String,
    hold_reason: String,
    hold_colour: usize,
    /// Places typed to release from each general-admission hold.
    release: BTreeMap<i64, String>,
    renumber_from: String,
    prices: BTreeMap<(i64, i64), String>,
    quotas: BTreeMap<i64, String>,
    offered: BTreeMap<i64, bool>,
    hold_quantity: String,
    capacity: String,
    date: String,
    time: String,
    vat: String,
    status: PerformanceStatus,
    reentry: bool,
    sales_open: String,
    sales_close: String,
    copy_date: String,
    copy_time: String,
    pub notice: Option<String>,
    /// Problems beside the fields of the tab shown.
    errors: HashMap<Field, String>,
    /// The price grid's refused cell: (category code, tariff code), or the
    /// quota of a tariff (category None).
    bad_cell: Option<(Option<String>, String)>,
    pub failure: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Tab(Tab),
    Map(seat_map::Event),
    SelectAll,
    ClearSelection,
    PaintWith(i64),
    Paint,
    NewCode(String),
    NewName(String),
    AddCategory,
    CategoriesToSeries,
    HoldName(String),
    HoldReason(String),
    HoldColour(usize),
    HoldSeats,
    ReleaseSeats,
    DeleteSeats,
    RenumberFrom(String),
    Renumber(Numbering),
    Flag(SeatFlagName),
    ClearFlags,
    Price(i64, i64, String),
    Quota(i64, String),
    Offered(i64, bool),
    SavePrices(bool),
    HoldQuantity(String),
    HoldPlaces,
    Release(i64),
    ReleaseQuantity(i64, String),
    ReleasePart(i64),
    Lend(i64, bool),
    Date(String),
    Time(String),
    Vat(String),
    Status(PerformanceStatus),
    Reentry(bool),
    SalesOpen(String),
    SalesClose(String),
    Capacity(String),
    SaveSettings,
    SlotTime(usize, String),
    SlotPlaces(usize, String),
    AddSlot,
    RemoveSlot(usize),
    SaveSlots,
    CopyDate(String),
    CopyTime(String),
    Duplicate,
    /// Handled by the season view: opens the show's form.
    EditShow,
    /// Handled by the season view: opens the new-tariff form.
    NewTariff,
}

/// What the season view must do after a change here.
pub enum Outcome {
    Nothing,
    /// Data changed: read the season again.
    Changed,
    /// A new performance was made: show it.
    Open(i64),
}

impl Detail {
    /// Reads everything about a performance.
    pub fn load(
        t: &Terminal,
        line: &PerformanceLine,
        now: DateTime<Utc>,
        zone: chrono_tz::Tz,
        locale: Locale,
    ) -> Result<Detail, ProgrammingError> {
        let store = &t.store;
        let perf = performances::get(store, line.id)?;
        let show = crate::programming::shows::all(store)?
            .into_iter()
            .find(|s| s.id == perf.show_id)
            .ok_or(ProgrammingError::NotFound(Missing::Show))?;
        let hall = halls::all(store)?
            .into_iter()
            .find(|h| h.id == perf.hall_id)
            .ok_or(ProgrammingError::NotFound(Missing::Hall))?;
        let series = crate::programming::all_performances(store)?
            .into_iter()
            .filter(|l| {
                l.show_id == perf.show_id
                    && l.hall_id == perf.hall_id
                    && l.status != "cancelled"
                    && (l.ends_at > now.timestamp() || l.id == perf.id)
            })
            .map(|l| l.id)
            .collect();
        let map = (hall.kind == HallKind::Numbered)
            .then(|| halls::seats(store, hall.id).map(|s| SeatMap::new(s, p(locale, P::Stage))))
            .transpose()?;
        let local = crate::store::instant(perf.starts_at).with_timezone(&zone);
        let mut detail = Detail {
            show,
            hall,
            line: line.clone(),
            series,
            pricing: pricing::pricing(store, perf.id)?,
            holds: holds::of_performance(store, perf.id)?,
            sold: HashSet::new(),
            slots: Vec::new(),
            map,
            tab: Tab::Plan,
            paint: None,
            new_code: String::new(),
            new_name: String::new(),
            hold_name: String::new(),
            hold_reason: String::new(),
            hold_colour: 0,
            release: BTreeMap::new(),
            renumber_from: "1".into(),
            prices: BTreeMap::new(),
            quotas: BTreeMap::new(),
            offered: BTreeMap::new(),
            hold_quantity: String::new(),
            capacity: perf.capacity.to_string(),
            date: locale.short_date(local.date_naive()),
            time: local.format("%H:%M").to_string(),
            vat: percent(perf.vat_rate, locale),
            status: perf.status,
            reentry: perf.reentry_allowed,
            sales_open: moment(perf.sales_open_at, zone, locale),
            sales_close: moment(perf.sales_close_at, zone, locale),
            copy_date: String::new(),
            copy_time: local.format("%H:%M").to_string(),
            perf,
            notice: None,
            errors: HashMap::new(),
            bad_cell: None,
            failure: None,
        };
        detail.fill_forms(t, locale, zone)?;
        Ok(detail)
    }

    /// Re-reads prices, holds, sales and slots after a change, and
    /// repaints the map.
    fn fill_forms(
        &mut self,
        t: &Terminal,
        locale: Locale,
        zone: chrono_tz::Tz,
    ) -> Result<(), ProgrammingError> {
        self.perf = performances::get(&t.store, self.perf.id)?;
        self.pricing = pricing::pricing(&t.store, self.perf.id)?;
        self.holds = holds::of_performance(&t.store, self.perf.id)?;
        self.sold = performances::sold_seats(&t.store, self.perf.id)?
            .into_iter()
            .collect();
        self.slots = performances::slots(&t.store, self.perf.id)?
            .into_iter()
            .map(|(start, places)| {
                (
                    start.with_timezone(&zone).format("%H:%M").to_string(),
                    places.to_string(),
                )
            })
            .collect();
        self.capacity = self.perf.capacity.to_string();
        self.release.clear();
        let tariffs = pricing::tariffs(&t.store)?;
        self.prices.clear();
        self.quotas.clear();
        self.offered.clear();
        for tariff in &tariffs {
            let offer = self.pricing.offered.iter().find(|(o, _)| o.id == tariff.id);
            self.offered.insert(tariff.id, offer.is_some());
            self.quotas.insert(
                tariff.id,
                offer
                    .and_then(|(_, q)| *q)
                    .map(|q| q.to_string())
                    .unwrap_or_default(),
            );
            for c in &self.pricing.categories {
                if let Some(price) = self.pricing.prices.get(&(c.id, tariff.id)) {
                    self.prices.insert((tariff.id, c.id), money(*price, locale));
                }
            }
        }
        if self.paint.is_none() {
            self.paint = self.pricing.categories.first().map(|c| c.id);
        }
        self.repaint();
        Ok(())
    }

    fn repaint(&mut self) {
        let Some(map) = &mut self.map else { return };
        let colours: HashMap<i64, iced::Color> = self
            .pricing
            .categories
            .iter()
            .map(|c| (c.id, seat_map::colour(&c.colour)))
            .collect();
        let held: HashMap<i64, iced::Color> = self
            .holds
            .iter()
            .flat_map(|h| {
                let colour = seat_map::colour(&h.colour);
                h.seats.iter().map(move |s| (*s, colour))
            })
            .collect();
        let seats = &self.pricing.seats;
        let sold = &self.sold;
        map.set_looks(|s| Look {
            fill: seats
                .get(&s.id)
                .and_then(|c| colours.get(c))
                .copied()
                .unwrap_or(iced::Color::from_rgb8(0x9a, 0x94, 0x8a)),
            mark: match held.get(&s.id) {
                _ if sold.contains(&s.id) => Mark::Sold,
                Some(colour) => Mark::Held(*colour),
                None => Mark::Free,
            },
        });
    }

    /// Chooses these seats on the map (kept across a reload).
    pub fn select(&mut self, seats: Vec<i64>) {
        if let Some(map) = &mut self.map {
            map.set_selected(seats);
        }
    }

    pub fn selection(&self) -> Vec<i64> {
        let mut seats: Vec<i64> = self
            .map
            .as_ref()
            .map(|m| m.selected().iter().copied().collect())
            .unwrap_or_default();
        seats.sort_unstable();
        seats
    }

    pub fn update(
        &mut self,
        message: Message,
        t: &mut Terminal,
        now: DateTime<Utc>,
        locale: Locale,
        zone: chrono_tz::Tz,
    ) -> Outcome {
        let typing = matches!(
            message,
            Message::NewCode(_)
                | Message::NewName(_)
                | Message::HoldName(_)
                | Message::HoldReason(_)
                | Message::RenumberFrom(_)
                | Message::Price(..)
                | Message::Quota(..)
                | Message::HoldQuantity(_)
                | Message::ReleaseQuantity(..)
                | Message::Date(_)
                | Message::Time(_)
                | Message::Vat(_)
                | Message::SalesOpen(_)
                | Message::SalesClose(_)
                | Message::Capacity(_)
                | Message::SlotTime(..)
                | Message::SlotPlaces(..)
                | Message::CopyDate(_)
                | Message::CopyTime(_)
        );
        if typing {
            // Keystrokes leave the last message in place until the next action.
            let _ = self.apply(message, t, now, locale, zone);
            return Outcome::Nothing;
        }
        self.failure = None;
        self.notice = None;
        self.errors.clear();
        self.bad_cell = None;
        // A partial release names its places in its own row, not beside the
        // new-hold fields; a copy's problems go beside the copy's fields.
        let beside = !matches!(message, Message::ReleasePart(_));
        let copying = matches!(message, Message::Duplicate);
        match self.apply(message, t, now, locale, zone) {
            Ok(Outcome::Changed) => match self.fill_forms(t, locale, zone) {
                Ok(()) => Outcome::Changed,
                Err(e) => {
                    self.failure = Some(describe(&e, locale, zone));
                    Outcome::Changed
                }
            },
            Ok(outcome) => outcome,
            Err(e) => {
                let message = describe(&e, locale, zone);
                self.bad_cell = match &e {
                    ProgrammingError::PriceTypo {
                        category, tariff, ..
                    }
                    | ProgrammingError::PriceOutOfRange {
                        category, tariff, ..
                    } => Some((Some(category.clone()), tariff.clone())),
                    ProgrammingError::QuotaAboveCapacity { tariff, .. }
                    | ProgrammingError::QuotaBelowSold { tariff, .. } => {
                        Some((None, tariff.clone()))
                    }
                    _ => None,
                };
                let field = match e.field() {
                    Some(_) if copying => Some(Field::Copy),
                    field => field,
                };
                match self.place(field).filter(|_| beside) {
                    Some(field) => {
                        self.errors.insert(field, message);
                    }
                    None => self.failure = Some(message),
                }
                Outcome::Nothing
            }
        }
    }

    /// The field of the tab shown where a problem goes, if it has one.
    fn place(&self, field: Option<Field>) -> Option<Field> {
        let shown: &[Field] = match (self.tab, self.hall.kind) {
            (Tab::Plan, HallKind::Numbered) => &[Field::Name],
            (Tab::Holds, HallKind::General | HallKind::Timed) => &[Field::Name, Field::Quantity],
            (Tab::Prices, _) => &[Field::Prices, Field::Quota],
            (Tab::Settings, HallKind::General) => &[
                Field::Start,
                Field::Vat,
                Field::SalesWindow,
                Field::Capacity,
                Field::Copy,
            ],
            (Tab::Settings, HallKind::Timed) => &[
                Field::Start,
                Field::Vat,
                Field::SalesWindow,
                Field::Slots,
                Field::Copy,
            ],
            (Tab::Settings, HallKind::Numbered) => {
                &[Field::Start, Field::Vat, Field::SalesWindow, Field::Copy]
            }
            _ => &[],
        };
        field.filter(|f| shown.contains(f))
    }

    fn apply(
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
                let day = crate::store::instant(self.perf.starts_at)
                    .with_timezone(&zone)
                    .date_naive();
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
                let starts_at = super::local_instant(&self.date, &self.time, zone)?;
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
                let starts_at = super::local_instant(&self.copy_date, &self.copy_time, zone)?;
                let copy = performances::duplicate(store, id, starts_at, now)?;
                return Ok(Outcome::Open(copy.id));
            }
        }
        Ok(Outcome::Nothing)
    }

    /// The hold being typed (name, reason, colour).
    fn hold_draft(&self) -> HoldDraft {
        HoldDraft {
            name: self.hold_name.clone(),
            reason: self.hold_reason.clone(),
            colour: HOLD_PALETTE[self.hold_colour].to_owned(),
            ..HoldDraft::default()
        }
    }

    /// The price grid as typed, checked.
    fn grid(&self, tariffs: &[pricing::Tariff]) -> Result<PriceGrid, ProgrammingError> {
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

    pub fn view<'a>(
        &'a self,
        locale: Locale,
        zone: chrono_tz::Tz,
        country: crate::domain::Country,
        tariffs: &'a [pricing::Tariff],
    ) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let when = locale.date_time(crate::store::instant(self.perf.starts_at), zone);
        let tab = |label, tab| {
            button(text(l(label)).font(theme::BOLD))
                .on_press(Message::Tab(tab))
                .padding([8, 14])
                .style(theme::choice(self.tab == tab))
        };
        let header = column![
            row![
                text(&self.show.title)
                    .size(theme::HEADING)
                    .font(theme::BOLD),
                text(format!("{when} · {}", self.hall.name)),
                iced::widget::space::horizontal(),
                button(text(l(P::EditShow)).size(theme::SMALL))
                    .on_press(Message::EditShow)
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(iced::Bottom),
            gauge(&self.line, locale, false),
            row![
                tab(P::TabPlan, Tab::Plan),
                tab(P::TabPrices, Tab::Prices),
                tab(P::TabHolds, Tab::Holds),
                tab(P::TabSettings, Tab::Settings),
            ]
            .spacing(6),
        ]
        .spacing(6);
        let body = match self.tab {
            Tab::Plan => self.plan_view(locale),
            Tab::Prices => self.prices_view(locale, country, tariffs),
            Tab::Holds => self.holds_view(locale),
            Tab::Settings => self.settings_view(locale),
        };
        let mut page = column![header, body].spacing(10).height(Fill);
        if let Some(n) = &self.notice {
            page = page.push(text(n).style(theme::success));
        }
        if let Some(f) = &self.failure {
            page = page.push(text(f).style(theme::error));
        }
        page.into()
    }

    fn legend(&self, locale: Locale) -> Element<'_, Message> {
        let counts = |id: i64| self.pricing.seats.values().filter(|c| **c == id).count();
        let chips = self
            .pricing
            .categories
            .iter()
            .fold(row![].spacing(8), |r, c| {
                r.push(
                    button(
                        text(format!("{} {} ({})", c.code, c.name, counts(c.id)))
                            .size(theme::SMALL),
                    )
                    .on_press(Message::PaintWith(c.id))
                    .style(theme::chip(
                        seat_map::colour(&c.colour),
                        self.paint == Some(c.id),
                    ))
                    .padding([4, 8]),
                )
            });
        let held: usize = self.holds.iter().map(|h| h.seats.len()).sum();
        let holds = self.holds.iter().fold(row![].spacing(8), |r, h| {
            let places = if h.seats.is_empty() {
                h.quantity
            } else {
                h.seats.len() as i64
            };
            r.push(
                container(text(format!("{} ({places})", h.name)).size(theme::SMALL))
                    .padding([3, 8])
                    .style(theme::hold_chip(seat_map::colour(&h.colour))),
            )
        });
        column![
            chips.wrap().vertical_spacing(4),
            holds.wrap().vertical_spacing(4),
            text(pf(locale, P::MapLegend, &[&held.to_string()]))
                .size(theme::SMALL)
                .style(theme::muted),
        ]
        .spacing(4)
        .into()
    }

    fn plan_view<'a>(&'a self, locale: Locale) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let Some(map) = &self.map else {
            let place = match self.hall.kind {
                HallKind::Timed => P::TimedHall,
                _ => P::GeneralHall,
            };
            let slots = self
                .slots
                .iter()
                .fold(column![].spacing(2), |c, (start, places)| {
                    c.push(text(pf(locale, P::Slot, &[start, places])))
                });
            return column![
                text(pf(locale, place, &[&self.perf.capacity.to_string()])),
                self.legend(locale),
                scrollable(slots).height(Fill),
            ]
            .spacing(8)
            .into();
        };
        let count = map.selected().len();
        let categories: Vec<Choice<i64>> = self
            .pricing
            .categories
            .iter()
            .map(|c| Choice::new(c.id, one_line(&format!("{} — {}", c.code, c.name))))
            .collect();
        let paint = chosen(&categories, self.paint.unwrap_or(-1));
        let small = |label: &'a str, message: Message| {
            button(text(label).size(theme::SMALL))
                .on_press_maybe((count > 0).then_some(message))
                .style(button::secondary)
                .padding([6, 10])
        };
        let labels: Vec<String> = map
            .seats()
            .iter()
            .filter(|s| map.selected().contains(&s.id))
            .take(3)
            .map(|s| crate::programming::seat_label(&s.section, &s.row, &s.number, locale))
            .collect();
        let more = if count > 3 { " …" } else { "" };
        let tools = column![
            text(pf(locale, P::Chosen, &[&count.to_string()])).font(theme::BOLD),
            // Two lines kept even when empty, so the buttons below never move.
            text(format!("{}{more}", labels.join(" ; ")))
                .size(theme::SMALL)
                .height(36),
            row![
                button(text(l(P::SelectAll)).size(theme::SMALL))
                    .on_press(Message::SelectAll)
                    .style(button::secondary),
                button(text(l(P::SelectNone)).size(theme::SMALL))
                    .on_press(Message::ClearSelection)
                    .style(button::secondary),
            ]
            .spacing(6),
            text(l(P::TabPlan)).size(theme::SMALL).font(theme::BOLD),
            pick_list(categories, paint, |c| Message::PaintWith(c.value))
                .padding(6)
                .text_size(theme::SMALL)
                .width(Fill),
            row![
                small(l(P::Paint), Message::Paint),
                small(l(P::ToSeries), Message::CategoriesToSeries)
            ]
            .spacing(6),
            row![
                text_input(l(P::CategoryCode), &self.new_code)
                    .on_input(Message::NewCode)
                    .width(64)
                    .padding(6)
                    .size(theme::SMALL),
                text_input(l(P::CategoryName), &self.new_name)
                    .on_input(Message::NewName)
                    .on_submit(Message::AddCategory)
                    .padding(6)
                    .size(theme::SMALL),
            ]
            .spacing(6),
            button(text(l(P::AddCategory)).size(theme::SMALL))
                .on_press(Message::AddCategory)
                .style(button::secondary)
                .padding([6, 10]),
            text(l(P::TabHolds)).size(theme::SMALL).font(theme::BOLD),
            self.hold_fields(locale, Message::HoldSeats),
            row![
                small(l(P::HoldSeats), Message::HoldSeats),
                small(l(P::Release), Message::ReleaseSeats)
            ]
            .spacing(6),
            text(l(P::PlanEdit)).size(theme::SMALL).font(theme::BOLD),
            row![
                small(l(P::Wheelchair), Message::Flag(SeatFlagName::Wheelchair)),
                small(l(P::Companion), Message::Flag(SeatFlagName::Companion)),
            ]
            .spacing(6),
            row![
                small(
                    l(P::Restricted),
                    Message::Flag(SeatFlagName::RestrictedView)
                ),
                small(l(P::NoFlags), Message::ClearFlags),
            ]
            .spacing(6),
            row![
                text(l(P::RenumberFrom)).size(theme::SMALL),
                text_input("1", &self.renumber_from)
                    .on_input(Message::RenumberFrom)
                    .width(50)
                    .padding(6)
                    .size(theme::SMALL),
            ]
            .spacing(6)
            .align_y(Center),
            row![
                small(l(P::Renumber), Message::Renumber(Numbering::Sequential)),
                small(l(P::OddEven), Message::Renumber(Numbering::OddEven))
            ]
            .spacing(6),
            small(l(P::DeleteSeats), Message::DeleteSeats),
        ]
        .spacing(6)
        .width(250);
        let map_view = Element::from(canvas(map).width(Fill).height(Fill)).map(Message::Map);
        let canvas = container(map_view)
            .style(theme::card)
            .width(Fill)
            .height(Fill);
        row![
            column![self.legend(locale), canvas]
                .spacing(6)
                .width(Fill)
                .height(Fill),
            scrollable(tools).height(Fill),
        ]
        .spacing(10)
        .height(Fill)
        .into()
    }

    fn prices_view<'a>(
        &'a self,
        locale: Locale,
        country: crate::domain::Country,
        tariffs: &'a [pricing::Tariff],
    ) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let mut header = row![
            text(l(P::Tariff)).width(220).font(theme::BOLD),
            text(l(P::Quota)).width(70).font(theme::BOLD)
        ]
        .spacing(8);
        for c in &self.pricing.categories {
            header = header.push(text(&c.code).width(90).font(theme::BOLD));
        }
        let mut grid = column![header].spacing(6);
        for tariff in tariffs {
            let on = self.offered.get(&tariff.id).copied().unwrap_or(false);
            let id = tariff.id;
            let mut line = row![
                checkbox(on)
                    .label(&tariff.name)
                    .on_toggle(move |v| Message::Offered(id, v))
                    .width(220),
                text_input("—", self.quotas.get(&id).map(String::as_str).unwrap_or(""))
                    .on_input(move |v| Message::Quota(id, v))
                    .width(70)
                    .padding(6)
                    .style(self.cell_style(None, &tariff.code)),
            ]
            .spacing(8)
            .align_y(Center);
            for c in &self.pricing.categories {
                let cid = c.id;
                let value = self
                    .prices
                    .get(&(id, cid))
                    .map(String::as_str)
                    .unwrap_or("");
                line = line.push(
                    text_input(if tariff.is_complimentary { "0" } else { "0,00" }, value)
                        .on_input_maybe(on.then_some(move |v| Message::Price(id, cid, v)))
                        .width(90)
                        .padding(6)
                        .style(self.cell_style(Some(&c.code), &tariff.code)),
                );
            }
            grid = grid.push(line);
        }
        let others = self.series.len();
        let problem = self
            .errors
            .get(&Field::Prices)
            .or(self.errors.get(&Field::Quota))
            .map(|e| text(e).style(theme::error));
        column![
            text(l(match country {
                crate::domain::Country::France => P::PricesHint,
                crate::domain::Country::Quebec => P::PricesHintQuebec,
            }))
            .size(theme::SMALL)
            .style(theme::muted),
        ]
        .push(problem)
        .push(scrollable(grid).height(Fill))
        .push(
            row![
                button(text(l(P::AddTariff)))
                    .on_press(Message::NewTariff)
                    .style(button::secondary)
                    .padding([10, 16]),
                button(text(l(P::SavePrices)).font(theme::BOLD))
                    .on_press(Message::SavePrices(false))
                    .style(button::primary)
                    .padding([10, 16]),
                button(text(pf(
                    locale,
                    P::SavePricesSeries,
                    &[&others.to_string()]
                )))
                .on_press_maybe((others > 1).then_some(Message::SavePrices(true)))
                .style(button::secondary)
                .padding([10, 16]),
            ]
            .spacing(10),
        )
        .spacing(10)
        .height(Fill)
        .into()
    }

    /// A grid cell's look: red-bordered when it is the one refused.
    fn cell_style(
        &self,
        category: Option<&str>,
        tariff: &str,
    ) -> fn(&iced::Theme, iced::widget::text_input::Status) -> iced::widget::text_input::Style {
        let refused = self
            .bad_cell
            .as_ref()
            .is_some_and(|(c, t)| t == tariff && c.as_deref() == category);
        if refused {
            theme::input_error
        } else {
            iced::widget::text_input::default
        }
    }

    /// The name, reason and colour of a new hold.
    fn hold_fields(&self, locale: Locale, submit: Message) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let swatches = HOLD_PALETTE
            .iter()
            .enumerate()
            .fold(row![].spacing(4), |r, (i, hex)| {
                r.push(
                    button(text(" ").size(theme::SMALL))
                        .on_press(Message::HoldColour(i))
                        .style(theme::chip(seat_map::colour(hex), self.hold_colour == i))
                        .width(26)
                        .padding([2, 4]),
                )
            });
        let mut fields = column![
            text_input(l(P::HoldReason), &self.hold_name)
                .id("hold-name")
                .on_input(Message::HoldName)
                .on_submit(submit)
                .padding(6)
                .size(theme::SMALL),
            text_input(l(P::HoldNote), &self.hold_reason)
                .on_input(Message::HoldReason)
                .padding(6)
                .size(theme::SMALL),
            row![text(l(P::HoldColour)).size(theme::SMALL), swatches]
                .spacing(6)
                .align_y(Center),
        ]
        .spacing(4);
        if let Some(e) = self.errors.get(&Field::Name) {
            fields = fields.push(text(e).size(theme::SMALL).style(theme::error));
        }
        fields.into()
    }

    fn holds_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let mut list = column![].spacing(6);
        if self.holds.is_empty() {
            list = list.push(text(l(P::NoHolds)).style(theme::muted));
        }
        for h in &self.holds {
            let places = if h.seats.is_empty() {
                h.quantity
            } else {
                h.seats.len() as i64
            };
            let lent = h.terminal_id.is_some();
            let id = h.id;
            let mut line = row![
                container(text(" "))
                    .width(18)
                    .height(18)
                    .style(theme::hold_chip(seat_map::colour(&h.colour))),
                column![
                    text(&h.name).font(theme::BOLD),
                    text(&h.reason).size(theme::SMALL).style(theme::muted),
                ]
                .width(Fill),
                text(pf(locale, P::Places, &[&places.to_string()])).width(110),
                checkbox(lent)
                    .label(l(P::Lent))
                    .on_toggle(move |v| Message::Lend(id, v)),
            ]
            .spacing(10)
            .align_y(Center);
            if h.seats.is_empty() {
                line = line.push(
                    text_input("0", self.release.get(&id).map(String::as_str).unwrap_or(""))
                        .on_input(move |v| Message::ReleaseQuantity(id, v))
                        .on_submit(Message::ReleasePart(id))
                        .width(60)
                        .padding(6),
                );
                line = line.push(
                    button(text(l(P::ReleaseSome)).size(theme::SMALL))
                        .on_press(Message::ReleasePart(id))
                        .style(button::secondary),
                );
            }
            line = line.push(
                button(text(l(P::ReleaseAll)).size(theme::SMALL))
                    .on_press(Message::Release(id))
                    .style(button::secondary),
            );
            list = list.push(container(line).padding([8, 12]).style(theme::card));
        }
        let mut page = column![list].spacing(12);
        if self.map.is_none() {
            page = page.push(
                row![
                    container(self.hold_fields(locale, Message::HoldPlaces)).width(Fill),
                    container(labelled_text(
                        l(P::Quantity),
                        text_input("10", &self.hold_quantity)
                            .on_input(Message::HoldQuantity)
                            .on_submit(Message::HoldPlaces)
                            .padding(8)
                            .into(),
                        self.errors.get(&Field::Quantity).map(String::as_str),
                    ))
                    .width(160),
                    button(text(l(P::HoldPlaces)))
                        .on_press(Message::HoldPlaces)
                        .style(button::primary)
                        .padding([10, 16]),
                ]
                .spacing(8)
                .align_y(iced::Top),
            );
        } else {
            page = page.push(text(l(P::HoldOnMap)).style(theme::muted));
        }
        scrollable(page).height(Fill).into()
    }

    fn settings_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let error = |f: Field| self.errors.get(&f).map(String::as_str);
        let input = |hint: &'static str, value: &str, on: fn(String) -> Message| {
            Element::from(text_input(hint, value).on_input(on).padding(8))
        };
        let statuses: Vec<Choice<PerformanceStatus>> = PerformanceStatus::ALL
            .into_iter()
            .map(|s| Choice::new(s, super::status_name(s, locale).to_owned()))
            .collect();
        let status = chosen(&statuses, self.status);
        let mut form = column![
            row![
                labelled_text(
                    l(P::Date),
                    input("24/11/2026", &self.date, Message::Date),
                    error(Field::Start)
                ),
                labelled_text(l(P::Time), input("20:00", &self.time, Message::Time), None),
                labelled_text(
                    l(P::Vat),
                    input("5,5", &self.vat, Message::Vat),
                    error(Field::Vat)
                ),
            ]
            .spacing(10),
            row![
                labelled_text(
                    l(P::SalesOpen),
                    input(l(P::Always), &self.sales_open, Message::SalesOpen),
                    error(Field::SalesWindow)
                ),
                labelled_text(
                    l(P::SalesClose),
                    input(l(P::UntilEnd), &self.sales_close, Message::SalesClose),
                    None
                ),
            ]
            .spacing(10),
        ]
        .spacing(12)
        .max_width(640);
        if self.hall.kind == HallKind::General {
            form = form.push(
                container(labelled_text(
                    l(P::GaCapacity),
                    input("300", &self.capacity, Message::Capacity),
                    error(Field::Capacity),
                ))
                .width(260),
            );
        }
        form = form.push(
            row![
                labelled(
                    l(P::Status),
                    pick_list(statuses, status, |c| Message::Status(c.value)).padding(8),
                    None,
                    locale
                ),
                checkbox(self.reentry)
                    .label(l(P::Reentry))
                    .on_toggle(Message::Reentry),
            ]
            .spacing(10)
            .align_y(iced::Bottom),
        );
        form = form.push(
            button(text(l(P::Save)).font(theme::BOLD))
                .on_press(Message::SaveSettings)
                .style(button::primary)
                .padding([10, 16]),
        );
        form = form
            .push(
                text(l(P::DuplicateTitle))
                    .size(theme::HEADING)
                    .font(theme::BOLD),
            )
            .push(
                row![
                    labelled_text(
                        l(P::Date),
                        input("01/12/2026", &self.copy_date, Message::CopyDate),
                        error(Field::Copy)
                    ),
                    labelled_text(
                        l(P::Time),
                        text_input("20:00", &self.copy_time)
                            .on_input(Message::CopyTime)
                            .on_submit(Message::Duplicate)
                            .padding(8)
                            .into(),
                        None
                    ),
                ]
                .spacing(10),
            )
            .push(
                button(text(l(P::Duplicate)))
                    .on_press(Message::Duplicate)
                    .style(button::secondary)
                    .padding([10, 16]),
            );
        let form = scrollable(form).height(Fill).width(Fill);
        if self.hall.kind == HallKind::Timed {
            // The slots beside the settings: a museum day is mostly its slots.
            row![
                form,
                scrollable(self.slots_view(locale)).height(Fill).width(340)
            ]
            .spacing(16)
            .into()
        } else {
            form.into()
        }
    }

    /// The entry slots of a timed performance: a time and places each.
    fn slots_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let mut list = column![
            text(l(P::SlotsTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            row![
                text(l(P::SlotTime)).width(90).font(theme::BOLD),
                text(l(P::SlotPlaces)).width(90).font(theme::BOLD),
            ]
            .spacing(8),
        ]
        .spacing(6);
        for (i, (time, places)) in self.slots.iter().enumerate() {
            list = list.push(
                row![
                    text_input("10:00", time)
                        .on_input(move |v| Message::SlotTime(i, v))
                        .on_submit(Message::SaveSlots)
                        .width(90)
                        .padding(6),
                    text_input("20", places)
                        .on_input(move |v| Message::SlotPlaces(i, v))
                        .on_submit(Message::SaveSlots)
                        .width(90)
                        .padding(6),
                    button(text(l(P::RemoveSlot)).size(theme::SMALL))
                        .on_press(Message::RemoveSlot(i))
                        .style(button::secondary),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        if let Some(e) = self.errors.get(&Field::Slots) {
            list = list.push(text(e).size(theme::SMALL).style(theme::error));
        }
        list.push(
            row![
                button(text(l(P::AddSlot)))
                    .on_press(Message::AddSlot)
                    .style(button::secondary)
                    .padding([8, 14]),
                button(text(l(P::SaveSlots)).font(theme::BOLD))
                    .on_press(Message::SaveSlots)
                    .style(button::primary)
                    .padding([8, 14]),
            ]
            .spacing(8),
        )
        .into()
    }
}

/// "5,5" / "5.5": a rate as a form shows it.
fn percent(rate: TaxRate, locale: Locale) -> String {
    rate.format(locale).replace(['\u{a0}', '%'], "")
}

/// "32,00" / "32.00": a price as a form shows it.
fn money(cents: Cents, locale: Locale) -> String {
    cents.plain(if locale.is_french() { ',' } else { '.' })
}

/// "24/11/2026 18:00" in the venue's zone, or empty.
fn moment(at: Option<i64>, zone: chrono_tz::Tz, locale: Locale) -> String {
    at.map(|t| {
        let local = crate::store::instant(t).with_timezone(&zone);
        format!(
            "{} {}",
            locale.short_date(local.date_naive()),
            local.format("%H:%M")
        )
    })
    .unwrap_or_default()
}

/// A date and time typed as "24/11/2026 18:00" (a date alone is its
/// midnight); empty means none.
fn typed_moment(
    text: &str,
    zone: chrono_tz::Tz,
) -> Result<Option<DateTime<Utc>>, ProgrammingError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (date, time) = text.split_once(' ').unwrap_or((text, "00:00"));
    super::local_instant(date, time.trim(), zone)
        .map(Some)
        .map_err(|e| match e {
            ProgrammingError::NotADate(_) | ProgrammingError::NotATime(_) => {
                ProgrammingError::NotAMoment(text.to_owned())
            }
            other => other,
        })
}

/// A category's label cut to one line of the tools column (its whole name
/// is on the chips above the map): a wrapped label overflows the pick list.
fn one_line(label: &str) -> String {
    const FITS: usize = 30;
    if label.chars().count() <= FITS {
        return label.to_owned();
    }
    let cut: String = label.chars().take(FITS - 1).collect();
    format!("{}…", cut.trim_end_matches([' ', ',', ';']))
}

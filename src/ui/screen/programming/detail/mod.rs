//! One performance in Programmation: its seat map with categories and
//! holds painted on it, its price grid, its holds, its settings.

mod actions;
pub mod demand;
pub mod invitations;
mod tabs;
mod view;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use iced::widget::{
    button, canvas, checkbox, container, pick_list, row, scrollable, text, text_input,
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
use crate::ui::i18n::programming::{P, p, pf};
use crate::ui::screen::logo::Whose;
use crate::ui::screen::{Context, Look};
use crate::ui::theme;
use crate::ui::widget::seat_map::{self, Mark, SeatMap};
use crate::ui::widget::{Choice, chosen, labelled, labelled_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Plan,
    Prices,
    Holds,
    Settings,
    Invitations,
    Demand,
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
    /// The « Invitations » tab, read when first shown.
    invitations: Option<invitations::Panel>,
    /// The « Demande » tab (price rules), read when shown.
    demand: Option<demand::Panel>,
    /// The show's picture, in the settings tab.
    picture: crate::ui::screen::logo::State,
}

#[derive(Clone, Debug)]
pub enum Message {
    Tab(Tab),
    Invitations(invitations::Message),
    Demand(demand::Message),
    /// The show's picture card (settings).
    Picture(crate::ui::screen::logo::Message),
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
    /// Handled by the season view: cancelling or moving this performance.
    Change(super::change::Kind),
}

impl Message {
    /// A keystroke in a field: it changes what is typed, nothing else.
    fn is_typing(&self) -> bool {
        if let Message::Invitations(m) = self {
            return m.is_typing();
        }
        if let Message::Demand(m) = self {
            return m.is_typing();
        }
        if let Message::Picture(crate::ui::screen::logo::Message::Path(_)) = self {
            return true;
        }
        matches!(
            self,
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
        )
    }
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
    /// Shows a tab (the « Invitations » one read from the file).
    pub fn show_tab(&mut self, ctx: &Context, tab: Tab) {
        self.tab = tab;
        if tab == Tab::Invitations {
            self.invitations = Some(invitations::Panel::load(ctx, self.perf.id));
        }
        if tab == Tab::Demand {
            self.demand = Some(demand::Panel::load(ctx, self.perf.id, self.perf.show_id));
        }
    }

    /// The « Invitations » tab as it is (what it said), kept across the
    /// reading again that follows a change.
    pub fn take_invitations(&mut self) -> Option<invitations::Panel> {
        self.invitations.take()
    }

    pub fn give_invitations(&mut self, panel: Option<invitations::Panel>) {
        if self.tab == Tab::Invitations {
            self.invitations = panel;
        }
    }

    /// Reads everything about a performance.
    pub fn load(ctx: &Context, line: &PerformanceLine) -> Result<Detail, ProgrammingError> {
        let (now, zone, locale) = (ctx.now(), ctx.zone, ctx.locale);
        let store = &ctx.terminal.store;
        let perf = performances::get(store, line.id)?;
        let show_id = perf.show_id;
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
                    && l.status != PerformanceStatus::Cancelled
                    && (l.ends_at > now || l.id == perf.id)
            })
            .map(|l| l.id)
            .collect();
        let map = (hall.kind == HallKind::Numbered)
            .then(|| halls::seats(store, hall.id).map(|s| SeatMap::new(s, p(locale, P::Stage))))
            .transpose()?;
        let local = perf.starts_at.with_timezone(&zone);
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
            invitations: None,
            demand: None,
            picture: crate::ui::screen::logo::State::load(ctx, Whose::Show(show_id)),
        };
        detail.fill_forms(ctx)?;
        Ok(detail)
    }

    /// Re-reads prices, holds, sales and slots after a change, and
    /// repaints the map.
    fn fill_forms(&mut self, ctx: &Context) -> Result<(), ProgrammingError> {
        let (store, locale, zone) = (&ctx.terminal.store, ctx.locale, ctx.zone);
        self.perf = performances::get(store, self.perf.id)?;
        self.pricing = pricing::pricing(store, self.perf.id)?;
        self.holds = holds::of_performance(store, self.perf.id)?;
        self.sold = performances::sold_seats(store, self.perf.id)?
            .into_iter()
            .collect();
        self.slots = performances::slots(store, self.perf.id)?
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
        let tariffs = pricing::tariffs(store)?;
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
        map.set_looks(|s| seat_map::Look {
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

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Outcome {
        if message.is_typing() {
            // Keystrokes leave the last message in place until the next action.
            let _ = self.apply(message, ctx);
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
        match self.apply(message, ctx) {
            Ok(Outcome::Changed) => {
                if let Err(e) = self.fill_forms(ctx) {
                    self.failure = Some(describe(&e, ctx.locale));
                }
                Outcome::Changed
            }
            Ok(outcome) => outcome,
            Err(e) => {
                let message = describe(&e, ctx.locale);
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
fn moment(at: Option<DateTime<Utc>>, zone: chrono_tz::Tz, locale: Locale) -> String {
    at.map(|t| {
        let local = t.with_timezone(&zone);
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

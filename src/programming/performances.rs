//! Performances: one, a duplicate, or a whole series in one go; never two
//! at once in a hall; times as instants, shown in the venue's zone.

use chrono::{DateTime, Duration, Utc};

use super::journal::{self, By, Change, Fields, write};
use super::{Missing, ProgrammingError, quotas};
use crate::domain::Hall;
use crate::domain::TaxRate;
use crate::domain::hall::MAX_CAPACITY;
use crate::domain::operator::Act;
use crate::domain::programmed::{Action, Subject};
use crate::domain::season::{HallKind, PerformanceStatus, Series};
use crate::store::{self, Store, Tx};

pub use crate::domain::{Category, Performance};

/// A performance as the coordinator describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceDraft {
    pub show_id: i64,
    pub hall_id: i64,
    pub starts_at: DateTime<Utc>,
    /// The show's rate when None.
    pub vat: Option<TaxRate>,
    pub sales_open_at: Option<DateTime<Utc>>,
    pub sales_close_at: Option<DateTime<Utc>>,
    /// General admission: fewer places than the hall holds. Ignored for
    /// numbered halls (the plan decides) and timed ones (their slots do).
    pub capacity: Option<i64>,
    /// The start plus the show's duration when None.
    pub ends_at: Option<DateTime<Utc>>,
    /// On sale (closed once over) when None.
    pub status: Option<PerformanceStatus>,
    /// Re-entry as the copied performance (or no) when None.
    pub reentry_allowed: Option<bool>,
}

impl PerformanceDraft {
    pub fn new(show_id: i64, hall_id: i64, starts_at: DateTime<Utc>) -> PerformanceDraft {
        PerformanceDraft {
            show_id,
            hall_id,
            starts_at,
            vat: None,
            sales_open_at: None,
            sales_close_at: None,
            capacity: None,
            ends_at: None,
            status: None,
            reentry_allowed: None,
        }
    }

    /// A performance like `model` (same show and hall) at another time:
    /// same rate, capacity, length and re-entry; its sales window moves
    /// with it.
    pub fn like(model: &Performance, starts_at: DateTime<Utc>) -> PerformanceDraft {
        let shift = starts_at - model.starts_at;
        let moved = |t: Option<DateTime<Utc>>| t.map(|t| t + shift);
        PerformanceDraft {
            show_id: model.show_id,
            hall_id: model.hall_id,
            starts_at,
            vat: Some(model.vat_rate),
            sales_open_at: moved(model.sales_open_at),
            sales_close_at: moved(model.sales_close_at),
            capacity: Some(model.capacity),
            ends_at: Some(model.ends_at + shift),
            status: None,
            reentry_allowed: Some(model.reentry_allowed),
        }
    }
}

/// Creates a performance. Its categories, tariffs, prices and slots are
/// those of the show's last performance in the same hall, if there is one
/// (a new run starts like the last); otherwise one category for the whole
/// hall, to be painted and priced.
pub fn create(
    store: &mut Store,
    by: &By,
    draft: &PerformanceDraft,
) -> Result<Performance, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let layout = match last_of_show_in_hall(tx, draft.show_id, draft.hall_id)? {
            Some(t) => Layout::CopyOf(t, false),
            None => Layout::Default,
        };
        let p = insert(tx, &store::public_id(by.now), draft, &layout, by.now)?;
        journal_created(tx, by, &p, None)?;
        Ok(p)
    })
}

/// A performance's fields as the journal compares them.
pub(super) fn fields(tx: &Tx, p: &Performance) -> Result<Fields, ProgrammingError> {
    let show =
        store::shows::by_id(tx, p.show_id)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
    let hall =
        store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))?;
    Ok(Fields::default()
        .text("show", &show.title)
        .text("hall", &hall.name)
        .instant("starts_at", Some(p.starts_at))
        .instant("ends_at", Some(p.ends_at))
        .rate("vat_rate", p.vat_rate)
        .number("capacity", p.capacity)
        .instant("sales_open_at", p.sales_open_at)
        .instant("sales_close_at", p.sales_close_at)
        .text("status", p.status.code())
        .flag("reentry_allowed", p.reentry_allowed))
}

/// Journals a new performance (a copy names its model).
pub(super) fn journal_created(
    tx: &Tx,
    by: &By,
    p: &Performance,
    model: Option<&Performance>,
) -> Result<(), ProgrammingError> {
    let mut after = fields(tx, p)?;
    if let Some(model) = model {
        after = after.text("copy_of", &journal::performance_label(tx, model)?);
    }
    let label = journal::performance_label(tx, p)?;
    Change::created(Subject::Performance, &p.public_id, &label, after).sign(tx, by)
}

/// A copy of a performance at another time: its rate, capacity, length,
/// sales window (moved along), categories, seat categories, tariffs,
/// prices, slots and holds come along.
pub fn duplicate(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    starts_at: DateTime<Utc>,
) -> Result<Performance, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let original = store::performances::by_id(tx, performance_id)?
            .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
        let draft = PerformanceDraft::like(&original, starts_at);
        let p = insert(
            tx,
            &store::public_id(by.now),
            &draft,
            &Layout::CopyOf(original.clone(), true),
            by.now,
        )?;
        journal_created(tx, by, &p, Some(&original))?;
        Ok(p)
    })
}

/// Creates every performance of a series, or none: the first problem (a
/// date the hall is taken, a time the clocks skip) refuses the whole
/// series. `template` (a performance of the same hall) gives its rate,
/// capacity, length, sales window, categories, prices and holds to copy;
/// without one, the show's last performance in the hall gives its
/// categories and prices.
pub fn create_series(
    store: &mut Store,
    by: &By,
    show_id: i64,
    hall_id: i64,
    series: &Series,
    template: Option<i64>,
) -> Result<Vec<Performance>, ProgrammingError> {
    by.may(Act::Program)?;
    let zone = venue_zone(store)?;
    let starts = series.instants(zone)?;
    write(store, by, Act::Program, |tx| {
        // A template of another hall lends nothing; one of another show
        // lends its layout but not the show's own rate and length.
        let chosen = match template {
            Some(id) => Some(
                store::performances::by_id(tx, id)?
                    .ok_or(ProgrammingError::NotFound(Missing::Performance))?,
            )
            .filter(|t| t.hall_id == hall_id),
            None => None,
        };
        let last = match chosen {
            Some(_) => None,
            None => last_of_show_in_hall(tx, show_id, hall_id)?,
        };
        starts
            .into_iter()
            .map(|starts_at| {
                let (draft, layout) = match (&chosen, &last) {
                    (Some(t), _) if t.show_id == show_id => (
                        PerformanceDraft::like(t, starts_at),
                        Layout::CopyOf(t.clone(), true),
                    ),
                    (Some(t), _) | (None, Some(t)) => (
                        PerformanceDraft::new(show_id, hall_id, starts_at),
                        Layout::CopyOf(t.clone(), chosen.is_some()),
                    ),
                    (None, None) => (
                        PerformanceDraft::new(show_id, hall_id, starts_at),
                        Layout::Default,
                    ),
                };
                let p = insert(tx, &store::public_id(by.now), &draft, &layout, by.now)?;
                let model = match &layout {
                    Layout::CopyOf(t, true) => Some(t),
                    _ => None,
                };
                journal_created(tx, by, &p, model)?;
                Ok(p)
            })
            .collect()
    })
}

/// What may change on an existing performance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changes {
    pub starts_at: DateTime<Utc>,
    pub vat: TaxRate,
    pub sales_open_at: Option<DateTime<Utc>>,
    pub sales_close_at: Option<DateTime<Utc>>,
    pub status: PerformanceStatus,
    pub reentry_allowed: bool,
    /// General admission: the places on sale (None leaves them).
    pub capacity: Option<i64>,
}

impl Changes {
    /// The performance as it is, to change a field or two.
    pub fn of(p: &Performance) -> Changes {
        Changes {
            starts_at: p.starts_at,
            vat: p.vat_rate,
            sales_open_at: p.sales_open_at,
            sales_close_at: p.sales_close_at,
            status: p.status,
            reentry_allowed: p.reentry_allowed,
            capacity: None,
        }
    }
}

/// Moves, re-rates or closes a performance, with the same checks as a new
/// one. A moved performance keeps its length, and its entry slots move
/// with it.
pub fn update(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    changes: &Changes,
) -> Result<Performance, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let (mut p, label) = journal::performance(tx, performance_id)?;
        let before = fields(tx, &p)?;
        let hall =
            store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))?;
        let shift = changes.starts_at - p.starts_at;
        p.starts_at += shift;
        p.ends_at += shift;
        p.vat_rate = changes.vat;
        p.sales_open_at = changes.sales_open_at;
        p.sales_close_at = changes.sales_close_at;
        p.status = changes.status;
        p.reentry_allowed = changes.reentry_allowed;
        if let Some(capacity) = changes.capacity.filter(|_| hall.kind == HallKind::General) {
            within_hall(capacity, &hall)?;
            check_taken(tx, &p, capacity)?;
            p.capacity = capacity;
            quotas::check(tx, &p)?;
        }
        check_times(tx, &p, &hall)?;
        store::performances::update(tx, &p)?;
        if shift != Duration::zero() {
            store::performances::shift_slots(tx, p.id, shift)?;
        }
        Change::changed(
            Subject::Performance,
            &p.public_id,
            &label,
            before,
            fields(tx, &p)?,
        )
        .sign(tx, by)?;
        Ok(p)
    })
}

/// A new capacity must hold what is already sold and held.
fn check_taken(tx: &Tx, p: &Performance, capacity: i64) -> Result<(), ProgrammingError> {
    let counts = store::performances::counts(tx, p.id)?;
    let taken = counts.sold + counts.held;
    if capacity < taken {
        return Err(ProgrammingError::CapacityBelowTaken { capacity, taken });
    }
    Ok(())
}

/// Sets the entry slots of a timed performance, each (start, places): a
/// slot starts within the performance, once; a slot with tickets stays,
/// with at least its tickets' places. The performance's capacity becomes
/// the places of its slots together.
pub fn set_slots(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    slots: &[(DateTime<Utc>, i64)],
) -> Result<Performance, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let (_, label) = journal::performance(tx, performance_id)?;
        let before = store::performances::slots(tx, performance_id)?;
        let p = set_slots_in(tx, performance_id, slots)?;
        let after = store::performances::slots(tx, performance_id)?;
        let mut change = Change::new(Subject::Slots, Action::Changed, &p.public_id, &label);
        let places = |list: &[(DateTime<Utc>, i64)], at: DateTime<Utc>| {
            list.iter()
                .find(|(start, _)| *start == at)
                .map_or(serde_json::Value::Null, |(_, n)| (*n).into())
        };
        let mut starts: Vec<DateTime<Utc>> = before.iter().chain(&after).map(|(t, _)| *t).collect();
        starts.sort_unstable();
        starts.dedup();
        for at in starts {
            change.item(
                "slot",
                &journal::instant(at),
                places(&before, at),
                places(&after, at),
            );
        }
        change.sign(tx, by)?;
        Ok(p)
    })
}

pub(crate) fn set_slots_in(
    tx: &Tx,
    performance_id: i64,
    slots: &[(DateTime<Utc>, i64)],
) -> Result<Performance, ProgrammingError> {
    let mut p = store::performances::by_id(tx, performance_id)?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
    let hall =
        store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))?;
    if hall.kind != HallKind::Timed {
        return Err(ProgrammingError::Other(format!(
            "{} is not a timed-entry hall: it has no slots",
            hall.name
        )));
    }
    let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
    let local = |t: DateTime<Utc>| t.with_timezone(&zone);
    let mut wanted: Vec<(DateTime<Utc>, i64)> = slots.to_vec();
    wanted.sort_unstable();
    if wanted.is_empty() {
        return Err(ProgrammingError::NoSlot);
    }
    for pair in wanted.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(ProgrammingError::SlotTwice(local(pair[0].0)));
        }
    }
    for (start, places) in &wanted {
        if !(p.starts_at..p.ends_at).contains(start) {
            return Err(ProgrammingError::SlotOutside(local(*start)));
        }
        if !(0..=MAX_CAPACITY).contains(places) {
            return Err(ProgrammingError::Capacity(*places));
        }
    }
    let existing = store::performances::slots_in_full(tx, p.id)?;
    for slot in &existing {
        match wanted.iter().find(|(start, _)| *start == slot.starts_at) {
            Some((_, places)) if *places < slot.sold => {
                return Err(ProgrammingError::CapacityBelowTaken {
                    capacity: *places,
                    taken: slot.sold,
                });
            }
            Some((_, places)) => store::performances::set_slot_capacity(tx, slot.id, *places)?,
            None if slot.sold > 0 => {
                return Err(ProgrammingError::SlotHasTickets(local(slot.starts_at)));
            }
            // Places the central database lent this terminal go back first.
            None if slot.lent.is_some_and(|lent| lent > 0) => {
                return Err(ProgrammingError::SlotLent(local(slot.starts_at)));
            }
            None => store::performances::delete_slot(tx, slot.id)?,
        }
    }
    for (start, places) in &wanted {
        if !existing.iter().any(|s| s.starts_at == *start) {
            store::performances::insert_slot(tx, p.id, *start, *places)?;
        }
    }
    p.capacity = slot_capacity(tx, p.id)?;
    let counts = store::performances::counts(tx, p.id)?;
    if p.capacity < counts.sold + counts.held {
        return Err(ProgrammingError::CapacityBelowTaken {
            capacity: p.capacity,
            taken: counts.sold + counts.held,
        });
    }
    store::performances::update(tx, &p)?;
    Ok(p)
}

/// The entry slots of a timed performance: (start, places).
pub fn slots(
    store: &Store,
    performance_id: i64,
) -> Result<Vec<(DateTime<Utc>, i64)>, ProgrammingError> {
    Ok(store.read(|tx| store::performances::slots(tx, performance_id))?)
}

/// Seats sold for a performance (live tickets).
pub fn sold_seats(store: &Store, performance_id: i64) -> Result<Vec<i64>, ProgrammingError> {
    Ok(store.read(|tx| store::performances::sold_seats(tx, performance_id))?)
}

pub fn get(store: &Store, performance_id: i64) -> Result<Performance, ProgrammingError> {
    store
        .read(|tx| store::performances::by_id(tx, performance_id))?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))
}

fn venue_zone(store: &Store) -> Result<chrono_tz::Tz, ProgrammingError> {
    Ok(store
        .read(store::venue::time_zone)?
        .unwrap_or(chrono_tz::UTC))
}

fn last_of_show_in_hall(
    tx: &Tx,
    show_id: i64,
    hall_id: i64,
) -> Result<Option<Performance>, ProgrammingError> {
    Ok(store::performances::of_show(tx, show_id)?
        .into_iter()
        .filter(|p| p.hall_id == hall_id)
        .max_by_key(|p| p.starts_at))
}

/// What a new performance starts with.
pub(crate) enum Layout {
    /// Categories, prices and slots of another performance of the same hall
    /// (and its holds when the flag is set).
    CopyOf(Performance, bool),
    /// One category for the whole hall, one slot for a timed hall.
    Default,
    /// Nothing: the caller (the season file) writes its own.
    Bare,
}

/// Checks and inserts one performance with its starting layout.
pub(crate) fn insert(
    tx: &Tx,
    public_id: &str,
    draft: &PerformanceDraft,
    layout: &Layout,
    now: DateTime<Utc>,
) -> Result<Performance, ProgrammingError> {
    let show =
        store::shows::by_id(tx, draft.show_id)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
    let hall =
        store::halls::by_id(tx, draft.hall_id)?.ok_or(ProgrammingError::NotFound(Missing::Hall))?;
    let capacity = match hall.kind {
        HallKind::Numbered => store::halls::seat_count(tx, hall.id)?,
        // The slots decide, once written below.
        HallKind::Timed => 0,
        HallKind::General => draft.capacity.unwrap_or(hall.capacity),
    };
    if hall.kind == HallKind::General {
        within_hall(capacity, &hall)?;
    }
    let starts_at = draft.starts_at;
    let ends_at = draft
        .ends_at
        .unwrap_or(starts_at + Duration::minutes(show.duration_min));
    if ends_at <= starts_at || ends_at - starts_at > MAX_LENGTH {
        return Err(ProgrammingError::Length);
    }
    let mut p = Performance {
        id: 0,
        public_id: public_id.to_owned(),
        show_id: show.id,
        hall_id: hall.id,
        starts_at,
        ends_at,
        vat_rate: draft.vat.unwrap_or(show.vat_rate),
        capacity,
        sales_open_at: draft.sales_open_at,
        sales_close_at: draft.sales_close_at,
        status: draft.status.unwrap_or(if ends_at <= now {
            PerformanceStatus::Closed
        } else {
            PerformanceStatus::OnSale
        }),
        reentry_allowed: draft
            .reentry_allowed
            .unwrap_or(matches!(layout, Layout::CopyOf(t, _) if t.reentry_allowed)),
    };
    check_times(tx, &p, &hall)?;
    p.id = store::performances::insert(tx, &p, now)?;
    match layout {
        Layout::CopyOf(t, holds) if t.hall_id == hall.id => {
            copy_from(tx, t, &p, &hall, *holds, now)?
        }
        Layout::CopyOf(..) | Layout::Default => default_layout(tx, &p, &hall)?,
        Layout::Bare => {}
    }
    if hall.kind == HallKind::Timed {
        p.capacity = slot_capacity(tx, p.id)?;
        store::performances::update(tx, &p)?;
    }
    quotas::check(tx, &p)?;
    Ok(p)
}

/// A general-admission performance sells between 1 place and what its hall
/// holds.
fn within_hall(capacity: i64, hall: &Hall) -> Result<(), ProgrammingError> {
    if capacity < 1 {
        return Err(ProgrammingError::Capacity(capacity));
    }
    if capacity > hall.capacity {
        return Err(ProgrammingError::CapacityAboveHall {
            capacity,
            hall: hall.capacity,
        });
    }
    Ok(())
}

/// A performance lasts at most a day (an exhibition's opening day).
const MAX_LENGTH: Duration = Duration::hours(24);

/// A timed performance's capacity: the places of its slots together.
pub(crate) fn slot_capacity(tx: &Tx, performance_id: i64) -> Result<i64, ProgrammingError> {
    let total: i64 = store::performances::slots(tx, performance_id)?
        .iter()
        .map(|(_, places)| places)
        .sum();
    if total > MAX_CAPACITY {
        return Err(ProgrammingError::Capacity(total));
    }
    Ok(total)
}

/// The window and the hall's diary: no overlap, sales inside the performance.
fn check_times(tx: &Tx, p: &Performance, hall: &Hall) -> Result<(), ProgrammingError> {
    if let (Some(open), Some(close)) = (p.sales_open_at, p.sales_close_at)
        && open >= close
    {
        return Err(ProgrammingError::SalesWindow);
    }
    if p.sales_close_at.is_some_and(|close| close > p.ends_at)
        || p.sales_open_at.is_some_and(|open| open >= p.ends_at)
    {
        return Err(ProgrammingError::SalesWindow);
    }
    if p.status == PerformanceStatus::Cancelled {
        return Ok(());
    }
    let other = store::performances::overlapping(tx, hall.id, p.starts_at, p.ends_at, Some(p.id))?;
    if let Some(other) = other {
        let show = store::shows::by_id(tx, other.show_id)?
            .map(|s| s.title)
            .unwrap_or_default();
        let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
        return Err(ProgrammingError::Overlap {
            hall: hall.name.clone(),
            show,
            starts_at: other.starts_at.with_timezone(&zone),
            ends_at: other.ends_at.with_timezone(&zone),
        });
    }
    Ok(())
}

/// One category for the whole hall (and one slot for a timed hall).
fn default_layout(tx: &Tx, p: &Performance, hall: &Hall) -> Result<(), ProgrammingError> {
    let name = match hall.kind {
        HallKind::Numbered => "Catégorie 1",
        HallKind::General => "Placement libre",
        HallKind::Timed => "Entrée",
    };
    let category = store::performances::insert_category(tx, p.id, "C1", name, "#4a6fa5", 0)?;
    match hall.kind {
        HallKind::Numbered => {
            for seat in store::halls::seats(tx, hall.id)? {
                store::performances::assign_seat(tx, p.id, seat.id, category)?;
            }
        }
        HallKind::Timed => store::performances::insert_slot(tx, p.id, p.starts_at, hall.capacity)?,
        HallKind::General => {}
    }
    Ok(())
}

/// Copies categories, seat categories, tariffs, prices and slots (and, if
/// asked, holds) from a performance of the same hall.
fn copy_from(
    tx: &Tx,
    from: &Performance,
    to: &Performance,
    hall: &Hall,
    holds: bool,
    now: DateTime<Utc>,
) -> Result<(), ProgrammingError> {
    let mut map = std::collections::HashMap::new();
    for c in store::performances::categories(tx, from.id)? {
        let id = store::performances::insert_category(
            tx, to.id, &c.code, &c.name, &c.colour, c.position,
        )?;
        map.insert(c.id, id);
    }
    for (seat, category) in store::performances::seat_categories(tx, from.id)? {
        store::performances::assign_seat(tx, to.id, seat, map[&category])?;
    }
    for (tariff, quota) in store::performances::offered(tx, from.id)? {
        store::performances::offer(tx, to.id, tariff, quota)?;
    }
    for (category, tariff, amount) in store::performances::prices(tx, from.id)? {
        store::performances::set_price(tx, map[&category], tariff, amount)?;
    }
    // Slots move with the start; those the new performance is too short
    // for stay behind (one slot at the start if none is left).
    let shift = to.starts_at - from.starts_at;
    let mut copied = 0;
    for (start, capacity) in store::performances::slots(tx, from.id)? {
        if (to.starts_at..to.ends_at).contains(&(start + shift)) {
            store::performances::insert_slot(tx, to.id, start + shift, capacity)?;
            copied += 1;
        }
    }
    if copied == 0 && hall.kind == HallKind::Timed {
        store::performances::insert_slot(tx, to.id, to.starts_at, hall.capacity)?;
    }
    if hall.kind == HallKind::Timed {
        // The holds below are checked against the places of these slots.
        let capacity = slot_capacity(tx, to.id)?;
        store::performances::update(
            tx,
            &Performance {
                capacity,
                ..to.clone()
            },
        )?;
    }
    if holds {
        for hold in store::holds::of_performance(tx, from.id)? {
            let hold = crate::domain::Hold {
                public_id: store::public_id(now),
                performance_id: to.id,
                terminal_id: None,
                ..hold
            };
            // The same checks as a hold made in the window (the places it
            // holds must still be free in the new performance).
            super::holds::insert(tx, hold, now)?;
        }
    }
    Ok(())
}

/// The length of a performance, for forms.
pub fn duration(p: &Performance) -> Duration {
    p.duration()
}

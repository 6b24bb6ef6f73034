//! Performances: one, a duplicate, or a whole series in one go; never two
//! at once in a hall; times as instants, shown in the venue's zone.

use chrono::{DateTime, Duration, Utc};

use super::ProgrammingError;
use crate::domain::TaxRate;
use crate::domain::season::{HallKind, PerformanceStatus, Series};
use crate::store::{self, Store, Tx, halls::Hall};

pub use crate::store::performances::{Category, Performance};

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
    /// numbered halls (the plan decides).
    pub capacity: Option<i64>,
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
        }
    }
}

/// Creates a performance. Its categories, tariffs, prices and slots are
/// those of the show's last performance in the same hall, if there is one
/// (a new run starts like the last); otherwise one category for the whole
/// hall, to be painted and priced.
pub fn create(
    store: &mut Store,
    draft: &PerformanceDraft,
    now: DateTime<Utc>,
) -> Result<Performance, ProgrammingError> {
    store.write(|tx| {
        let layout = match last_of_show_in_hall(tx, draft.show_id, draft.hall_id)? {
            Some(t) => Layout::CopyOf(t, false),
            None => Layout::Default,
        };
        insert(tx, &store::public_id(), draft, &layout, now)
    })
}

/// A copy of a performance at another time: categories, seat categories,
/// tariffs, prices, slots and holds come along.
pub fn duplicate(
    store: &mut Store,
    performance_id: i64,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Performance, ProgrammingError> {
    store.write(|tx| {
        let original = store::performances::by_id(tx, performance_id)?
            .ok_or(ProgrammingError::NotFound("performance"))?;
        let draft = PerformanceDraft {
            show_id: original.show_id,
            hall_id: original.hall_id,
            starts_at,
            vat: Some(original.vat_rate),
            sales_open_at: None,
            sales_close_at: None,
            capacity: Some(original.capacity),
        };
        insert(
            tx,
            &store::public_id(),
            &draft,
            &Layout::CopyOf(original, true),
            now,
        )
    })
}

/// Creates every performance of a series, or none: the first problem (a
/// date the hall is taken, a time the clocks skip) refuses the whole
/// series. `template` gives categories and prices (and holds) to copy.
pub fn create_series(
    store: &mut Store,
    show_id: i64,
    hall_id: i64,
    series: &Series,
    template: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<Performance>, ProgrammingError> {
    let zone = venue_zone(store)?;
    let starts = series.instants(zone)?;
    store.write(|tx| {
        let template = match template {
            Some(id) => Some(
                store::performances::by_id(tx, id)?
                    .ok_or(ProgrammingError::NotFound("performance"))?,
            ),
            None => last_of_show_in_hall(tx, show_id, hall_id)?,
        };
        let layout = match template {
            Some(t) => Layout::CopyOf(t, true),
            None => Layout::Default,
        };
        starts
            .into_iter()
            .map(|starts_at| {
                let draft = PerformanceDraft::new(show_id, hall_id, starts_at);
                insert(tx, &store::public_id(), &draft, &layout, now)
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
}

/// Moves, re-rates or closes a performance, with the same checks as a new one.
pub fn update(
    store: &mut Store,
    performance_id: i64,
    changes: &Changes,
) -> Result<Performance, ProgrammingError> {
    store.write(|tx| {
        let mut p = store::performances::by_id(tx, performance_id)?
            .ok_or(ProgrammingError::NotFound("performance"))?;
        let hall = store::halls::by_id(tx, p.hall_id)?.ok_or(ProgrammingError::NotFound("hall"))?;
        let duration = p.ends_at - p.starts_at;
        p.starts_at = store::unix(changes.starts_at);
        p.ends_at = p.starts_at + duration;
        p.vat_rate = changes.vat;
        p.sales_open_at = changes.sales_open_at.map(store::unix);
        p.sales_close_at = changes.sales_close_at.map(store::unix);
        p.status = changes.status;
        p.reentry_allowed = changes.reentry_allowed;
        check_times(tx, &p, &hall)?;
        store::performances::update(tx, &p)?;
        Ok(p)
    })
}

/// The entry slots of a timed performance: (start, places).
pub fn slots(
    store: &Store,
    performance_id: i64,
) -> Result<Vec<(DateTime<Utc>, i64)>, ProgrammingError> {
    Ok(store
        .read(|tx| store::performances::slots(tx, performance_id))?
        .into_iter()
        .map(|(start, places)| (store::instant(start), places))
        .collect())
}

pub fn get(store: &Store, performance_id: i64) -> Result<Performance, ProgrammingError> {
    store
        .read(|tx| store::performances::by_id(tx, performance_id))?
        .ok_or(ProgrammingError::NotFound("performance"))
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
    let show = store::shows::by_id(tx, draft.show_id)?.ok_or(ProgrammingError::NotFound("show"))?;
    let hall = store::halls::by_id(tx, draft.hall_id)?.ok_or(ProgrammingError::NotFound("hall"))?;
    let capacity = match hall.kind {
        HallKind::Numbered => store::halls::seat_count(tx, hall.id)?,
        _ => draft.capacity.unwrap_or(hall.capacity),
    };
    if !(0..=super::halls::MAX_CAPACITY).contains(&capacity) {
        return Err(ProgrammingError::Capacity(capacity));
    }
    let starts_at = store::unix(draft.starts_at);
    let mut p = Performance {
        id: 0,
        public_id: public_id.to_owned(),
        show_id: show.id,
        hall_id: hall.id,
        starts_at,
        ends_at: starts_at + show.duration_min * 60,
        vat_rate: draft.vat.unwrap_or(show.vat_rate),
        capacity,
        sales_open_at: draft.sales_open_at.map(store::unix),
        sales_close_at: draft.sales_close_at.map(store::unix),
        status: if starts_at + show.duration_min * 60 <= store::unix(now) {
            PerformanceStatus::Closed
        } else {
            PerformanceStatus::OnSale
        },
        reentry_allowed: matches!(layout, Layout::CopyOf(t, _) if t.reentry_allowed),
    };
    check_times(tx, &p, &hall)?;
    p.id = store::performances::insert(tx, &p, store::unix(now))?;
    match layout {
        Layout::CopyOf(t, holds) if t.hall_id == hall.id => copy_from(tx, t, &p, *holds, now)?,
        Layout::CopyOf(..) | Layout::Default => default_layout(tx, &p, &hall)?,
        Layout::Bare => {}
    }
    Ok(p)
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
        return Err(ProgrammingError::Overlap {
            hall: hall.name.clone(),
            show,
            starts_at: store::instant(other.starts_at),
            ends_at: store::instant(other.ends_at),
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
    let shift = to.starts_at - from.starts_at;
    for (start, capacity) in store::performances::slots(tx, from.id)? {
        store::performances::insert_slot(tx, to.id, start + shift, capacity)?;
    }
    if holds {
        for mut hold in store::holds::of_performance(tx, from.id)? {
            hold.public_id = store::public_id();
            hold.performance_id = to.id;
            hold.terminal_id = None;
            store::holds::insert(tx, &hold, store::unix(now))?;
        }
    }
    Ok(())
}

/// The length of a performance, for forms.
pub fn duration(p: &Performance) -> Duration {
    Duration::seconds(p.ends_at - p.starts_at)
}

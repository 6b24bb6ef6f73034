//! A performance: a show in a hall at a time, with its price categories
//! and, for timed entry, its slots; and how the season lists it.

use chrono::{DateTime, Duration, Utc};

use super::season::{HallKind, PerformanceStatus};
use super::tax::TaxRate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Performance {
    pub id: i64,
    pub public_id: String,
    pub show_id: i64,
    pub hall_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub vat_rate: TaxRate,
    pub capacity: i64,
    pub sales_open_at: Option<DateTime<Utc>>,
    pub sales_close_at: Option<DateTime<Utc>>,
    pub status: PerformanceStatus,
    pub reentry_allowed: bool,
}

impl Performance {
    pub fn duration(&self) -> Duration {
        self.ends_at - self.starts_at
    }
}

/// An entry slot of a timed performance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub id: i64,
    pub starts_at: DateTime<Utc>,
    pub capacity: i64,
    /// Live tickets for this slot.
    pub sold: i64,
    /// On a terminal joined to a central database: the slot's places lent
    /// to it (those it sold included); None when it sells alone.
    pub lent: Option<i64>,
}

impl Slot {
    /// Places still free in the slot, whoever sells them.
    pub fn free(&self) -> i64 {
        (self.capacity - self.sold).max(0)
    }

    /// Places this terminal can still sell in the slot: free, and, joined
    /// to a central database, lent to it.
    pub fn left(&self) -> i64 {
        match self.lent {
            Some(lent) => self.free().min((lent - self.sold).max(0)),
            None => self.free(),
        }
    }

    /// The slot's places in the venue's central pool: lent apart from the
    /// other slots of its performance's day, under this name.
    pub fn pool(&self, performance: &Performance) -> String {
        slot_pool(
            &performance.public_id,
            performance.starts_at,
            self.starts_at,
        )
    }
}

/// The name the central pool knows a timed entry slot's places by: its
/// performance's public id and the slot's minutes after the performance
/// opens ("…@+90"), which moving the performance (its slots with it) keeps.
/// A ticket's sale record names its slot by the part after the "@".
pub fn slot_pool(performance: &str, opens: DateTime<Utc>, starts_at: DateTime<Utc>) -> String {
    format!("{performance}@{}", slot_stamp(opens, starts_at))
}

/// A slot as its tickets' sale record names it: its minutes after its
/// performance opens, signed ("+90").
pub fn slot_stamp(opens: DateTime<Utc>, starts_at: DateTime<Utc>) -> String {
    format!("{:+}", (starts_at - opens).num_minutes())
}

/// A price category of a performance (Catégorie 1, Balcon, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// "#rrggbb", as the seat map paints it.
    pub colour: String,
    pub position: i64,
}

/// A performance as the season lists it, with what is sold and held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceLine {
    pub id: i64,
    pub public_id: String,
    pub show_id: i64,
    pub show: String,
    pub genre: String,
    pub hall_id: i64,
    pub hall: String,
    pub hall_kind: HallKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i64,
    pub status: PerformanceStatus,
    /// Valid tickets (training excluded).
    pub sold: i64,
    /// Held seats and held quantities.
    pub held: i64,
    /// On a terminal joined to a central database: the seats lent to it
    /// not sold yet (numbered), the places lent to it, those it sold
    /// included (general admission), or the places of its slots lent to it
    /// and still free (timed entry). None when it sells alone.
    pub lent: Option<i64>,
}

impl PerformanceLine {
    /// Places this terminal can still sell.
    pub fn available(&self) -> i64 {
        let free = self.capacity - self.sold - self.held;
        let mine = match (self.hall_kind, self.lent) {
            (HallKind::Numbered, Some(unsold)) => unsold,
            (HallKind::Timed, Some(left)) => return left.max(0),
            (HallKind::General, Some(lent)) => lent - self.sold,
            _ => free,
        };
        free.min(mine).max(0)
    }
}

/// How much of a season is programmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeasonCounts {
    pub halls: i64,
    pub seats: i64,
    pub shows: i64,
    pub performances: i64,
    pub tariffs: i64,
}

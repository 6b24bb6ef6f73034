//! A segment of the patron file: the conditions a patron must meet (what
//! they came to, when, how much, where they live, who they are, what they
//! consent to). Saved as JSON; the store turns it into a query.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::patron::ConsentChannel;

/// What a segment keeps: every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Segment {
    /// Came to a show of one of these genres.
    pub genres: Vec<String>,
    /// Came to one of these shows (their titles).
    pub shows: Vec<String>,
    /// Came during one of these seasons (by the year they start).
    pub seasons: Vec<i32>,
    pub min_visits: Option<u32>,
    /// In cents.
    pub min_spent: Option<i64>,
    /// Came since this day.
    pub visited_since: Option<NaiveDate>,
    /// Has not come since this day (lapsed).
    pub not_since: Option<NaiveDate>,
    /// Postcodes starting so ("69", "75011", "H3B").
    pub postcodes: Vec<String>,
    /// In one of these categories.
    pub categories: Vec<String>,
    pub born_from: Option<i32>,
    pub born_to: Option<i32>,
    /// Bought through this channel (counter, web, reseller…).
    pub channel: Option<String>,
    pub organisation: Option<i64>,
    /// May be sent marketing on this channel.
    pub consent: Option<ConsentChannel>,
}

/// The most conditions of one kind a segment holds.
pub const LIST_MAX: usize = 50;

impl Segment {
    /// Whether each list of conditions is within [`LIST_MAX`].
    pub fn bounded(&self) -> bool {
        [
            self.genres.len(),
            self.shows.len(),
            self.seasons.len(),
            self.postcodes.len(),
            self.categories.len(),
        ]
        .iter()
        .all(|n| *n <= LIST_MAX)
    }
}

/// The instant a local day starts in `zone` (the first one, on the night
/// clocks change).
pub fn day_start(d: NaiveDate, zone: chrono_tz::Tz) -> Option<chrono::DateTime<chrono::Utc>> {
    super::season::local_instant(zone, d, chrono::NaiveTime::MIN).ok()
}

/// The instant a season (by the year it starts) opens: 1 September.
pub fn season_start(year: i32, zone: chrono_tz::Tz) -> Option<chrono::DateTime<chrono::Utc>> {
    NaiveDate::from_ymd_opt(year, 9, 1).and_then(|d| day_start(d, zone))
}

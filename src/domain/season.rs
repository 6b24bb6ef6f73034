//! The season's vocabulary: kinds of hall, show-tax regimes, performance
//! statuses. Stored as the lowercase codes below.

use serde::{Deserialize, Serialize};

/// How a hall is sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HallKind {
    /// Reserved seating: every ticket has a seat of the plan.
    Numbered,
    /// General admission: a capacity, no seats.
    General,
    /// Timed entry (museum): slots, each with a capacity.
    Timed,
}

impl HallKind {
    pub const ALL: [HallKind; 3] = [HallKind::Numbered, HallKind::General, HallKind::Timed];

    pub fn code(self) -> &'static str {
        match self {
            HallKind::Numbered => "numbered",
            HallKind::General => "general",
            HallKind::Timed => "timed",
        }
    }

    pub fn from_code(code: &str) -> Option<HallKind> {
        HallKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// France's tax on show tickets: 3.5 % of revenue excluding VAT, to the CNM
/// (music, variety, humour) or the ASTP (drama, opera, dance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShowTax {
    #[serde(rename = "CNM")]
    Cnm,
    #[serde(rename = "ASTP")]
    Astp,
    #[serde(rename = "none")]
    None,
}

impl ShowTax {
    pub const ALL: [ShowTax; 3] = [ShowTax::Cnm, ShowTax::Astp, ShowTax::None];

    pub fn from_code(code: &str) -> Option<ShowTax> {
        ShowTax::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            ShowTax::Cnm => "CNM",
            ShowTax::Astp => "ASTP",
            ShowTax::None => "none",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceStatus {
    OnSale,
    Closed,
    Cancelled,
}

impl PerformanceStatus {
    pub const ALL: [PerformanceStatus; 3] = [
        PerformanceStatus::OnSale,
        PerformanceStatus::Closed,
        PerformanceStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PerformanceStatus::OnSale => "on_sale",
            PerformanceStatus::Closed => "closed",
            PerformanceStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<PerformanceStatus> {
        PerformanceStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }
}

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

/// The instant of a local date and time in the venue's zone. On the night
/// clocks go back the time happens twice: the first is taken. On the night
/// they go forward it does not exist: refused, so no performance silently
/// moves by an hour.
pub fn local_instant(
    zone: chrono_tz::Tz,
    date: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, SeriesError> {
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(SeriesError::NoSuchTime { date, time })
}

/// A run of performances: every week from `from` to `to` (inclusive), at
/// the given weekdays and times, except some dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub times: Vec<(Weekday, NaiveTime)>,
    #[serde(default)]
    pub except: Vec<NaiveDate>,
}

/// The longest series accepted: a season and a bit.
pub const SERIES_MAX_DAYS: i64 = 400;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    Backwards { from: NaiveDate, to: NaiveDate },
    TooLong,
    NoTimes,
    NoDates,
    NoSuchTime { date: NaiveDate, time: NaiveTime },
}

impl Series {
    /// The local dates and times of the series, in order.
    pub fn dates(&self) -> Result<Vec<(NaiveDate, NaiveTime)>, SeriesError> {
        if self.to < self.from {
            return Err(SeriesError::Backwards {
                from: self.from,
                to: self.to,
            });
        }
        if (self.to - self.from).num_days() > SERIES_MAX_DAYS {
            return Err(SeriesError::TooLong);
        }
        if self.times.is_empty() {
            return Err(SeriesError::NoTimes);
        }
        let mut out = Vec::new();
        for date in self.from.iter_days().take_while(|d| *d <= self.to) {
            if self.except.contains(&date) {
                continue;
            }
            let mut times: Vec<NaiveTime> = self
                .times
                .iter()
                .filter(|(day, _)| *day == date.weekday())
                .map(|(_, t)| *t)
                .collect();
            times.sort();
            times.dedup();
            out.extend(times.into_iter().map(|t| (date, t)));
        }
        if out.is_empty() {
            return Err(SeriesError::NoDates);
        }
        Ok(out)
    }

    /// The start instants of the series in the venue's zone.
    pub fn instants(&self, zone: chrono_tz::Tz) -> Result<Vec<DateTime<Utc>>, SeriesError> {
        self.dates()?
            .into_iter()
            .map(|(date, time)| local_instant(zone, date, time))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Tuesday to Saturday at 20:00, Sunday at 16:00.
    fn run(from: NaiveDate, to: NaiveDate) -> Series {
        let mut times: Vec<(Weekday, NaiveTime)> = [
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
        ]
        .into_iter()
        .map(|w| (w, t(20, 0)))
        .collect();
        times.push((Weekday::Sun, t(16, 0)));
        Series {
            from,
            to,
            times,
            except: vec![],
        }
    }

    #[test]
    fn a_run_follows_its_weekdays_and_exceptions() {
        let mut s = run(d(2026, 11, 24), d(2026, 12, 6));
        s.except = vec![d(2026, 12, 1)];
        let dates = s.dates().unwrap();
        assert_eq!(dates.len(), 12 - 1, "two weeks of six, one excepted");
        assert_eq!(dates[0], (d(2026, 11, 24), t(20, 0)));
        assert_eq!(dates[5], (d(2026, 11, 29), t(16, 0)), "Sunday matinee");
        assert!(!dates.iter().any(|(date, _)| *date == d(2026, 12, 1)));
        assert!(!dates.iter().any(|(date, _)| date.weekday() == Weekday::Mon));
    }

    #[test]
    fn bad_series_say_what_is_wrong() {
        assert!(matches!(
            run(d(2026, 12, 6), d(2026, 11, 24)).dates(),
            Err(SeriesError::Backwards { .. })
        ));
        assert_eq!(
            run(d(2026, 1, 1), d(2027, 6, 1)).dates(),
            Err(SeriesError::TooLong)
        );
        let mut none = run(d(2026, 11, 23), d(2026, 11, 23));
        assert_eq!(none.dates(), Err(SeriesError::NoDates), "a Monday only");
        none.times.clear();
        assert_eq!(none.dates(), Err(SeriesError::NoTimes));
    }

    /// Daylight-saving days never move a performance: the local time stays.
    #[test]
    fn clock_changes_never_shift_a_performance() {
        let cases = [
            // Paris: last Sunday of March and of October 2027.
            (chrono_tz::Europe::Paris, d(2027, 3, 26), d(2027, 3, 30)),
            (chrono_tz::Europe::Paris, d(2027, 10, 29), d(2027, 11, 2)),
            // Montreal: second Sunday of March 2027, first Sunday of November 2026.
            (chrono_tz::America::Toronto, d(2027, 3, 12), d(2027, 3, 16)),
            (chrono_tz::America::Toronto, d(2026, 10, 30), d(2026, 11, 3)),
        ];
        for (zone, from, to) in cases {
            let s = run(from, to);
            let instants = s.instants(zone).unwrap();
            for ((_, time), instant) in s.dates().unwrap().iter().zip(&instants) {
                let local = instant.with_timezone(&zone);
                assert_eq!(
                    (local.hour(), local.minute()),
                    (time.hour(), time.minute()),
                    "{zone} {local}"
                );
            }
            let offsets: std::collections::BTreeSet<i64> = instants
                .iter()
                .map(|i| i.with_timezone(&zone).naive_local().and_utc().timestamp() - i.timestamp())
                .collect();
            assert_eq!(offsets.len(), 2, "the run spans the clock change in {zone}");
        }
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused_and_a_repeated_one_is_the_first() {
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            local_instant(paris, d(2027, 3, 28), t(2, 30)),
            Err(SeriesError::NoSuchTime {
                date: d(2027, 3, 28),
                time: t(2, 30)
            })
        );
        let repeated =
            local_instant(chrono_tz::America::Toronto, d(2026, 11, 1), t(1, 30)).unwrap();
        assert_eq!(
            repeated.to_rfc3339(),
            "2026-11-01T05:30:00+00:00",
            "01:30 EDT, the first one"
        );
    }
}

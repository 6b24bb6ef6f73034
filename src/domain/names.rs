//! How a seat and a performance are named in messages, on screens and on
//! tickets: each labels itself in the reader's language.

use chrono::{DateTime, Utc};

use super::Locale;

/// A seat as messages name it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SeatName {
    pub section: String,
    pub row: String,
    pub number: String,
}

impl SeatName {
    /// "Balcon, rang C, 14" / "Balcon, row C, seat 14".
    pub fn label(&self, locale: Locale) -> String {
        let SeatName {
            section,
            row,
            number,
        } = self;
        if locale.is_french() {
            format!("{section}, rang {row}, {number}")
        } else {
            format!("{section}, row {row}, seat {number}")
        }
    }

    /// A seat as sale records carry it (the French label, "Balcon, rang C,
    /// 14"): the other terminals' tickets reach a door that way.
    pub fn from_record(label: &str) -> Option<SeatName> {
        let (rest, number) = label.rsplit_once(", ")?;
        let (section, row) = rest.rsplit_once(", rang ")?;
        Some(SeatName {
            section: section.to_owned(),
            row: row.to_owned(),
            number: number.to_owned(),
        })
    }

    /// Several seats, as a message lists them.
    pub fn list(seats: &[SeatName], locale: Locale) -> String {
        seats
            .iter()
            .map(|s| s.label(locale))
            .collect::<Vec<_>>()
            .join(" ; ")
    }
}

/// A performance as messages name it: "Cyrano, mar. 24 nov. 20:00".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceName {
    pub show: String,
    pub starts_at: DateTime<Utc>,
    pub zone: chrono_tz::Tz,
}

impl PerformanceName {
    pub fn label(&self, locale: Locale) -> String {
        format!(
            "{}, {}",
            self.show,
            locale.date_time(self.starts_at, self.zone)
        )
    }
}

impl std::fmt::Display for PerformanceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label(Locale::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seat_is_named_in_the_readers_language() {
        let seat = SeatName {
            section: "Balcon".into(),
            row: "C".into(),
            number: "14".into(),
        };
        assert_eq!(seat.label(Locale::FrFr), "Balcon, rang C, 14");
        assert_eq!(seat.label(Locale::En), "Balcon, row C, seat 14");
        assert_eq!(
            SeatName::list(&[seat.clone(), seat], Locale::FrCa),
            "Balcon, rang C, 14 ; Balcon, rang C, 14"
        );
    }
}

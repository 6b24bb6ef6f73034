//! The languages Guichet speaks and how each writes dates, times and numbers.
//! French first (France and Quebec wording), English complete.

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    /// French of France: the default.
    #[default]
    #[serde(rename = "fr-FR")]
    FrFr,
    /// French of Quebec: same as fr-FR except where usage differs.
    #[serde(rename = "fr-CA")]
    FrCa,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::FrFr, Locale::FrCa, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::FrFr => "fr-FR",
            Locale::FrCa => "fr-CA",
            Locale::En => "en",
        }
    }

    /// Accepts `fr`, `fr-FR`, `fr_CA`, `en`, `en-GB`... (case-insensitive).
    pub fn parse(text: &str) -> Option<Locale> {
        let lower = text.trim().to_ascii_lowercase().replace('_', "-");
        match lower.as_str() {
            "fr" | "fr-fr" => Some(Locale::FrFr),
            "fr-ca" | "fr-qc" => Some(Locale::FrCa),
            _ if lower == "en" || lower.starts_with("en-") => Some(Locale::En),
            _ => None,
        }
    }

    pub fn is_french(self) -> bool {
        matches!(self, Locale::FrFr | Locale::FrCa)
    }

    pub fn thousands_separator(self) -> char {
        if self.is_french() { '\u{202f}' } else { ',' }
    }

    /// "mar. 24 nov. 2026" / "Tue 24 Nov 2026".
    pub fn date<Tz: TimeZone>(self, at: &DateTime<Tz>) -> String {
        let day = at.day();
        let year = at.year();
        let month = at.month0() as usize;
        let weekday = at.weekday();
        if self.is_french() {
            format!(
                "{} {day} {} {year}",
                FR_WEEKDAYS[weekday.num_days_from_monday() as usize],
                FR_MONTHS[month]
            )
        } else {
            format!("{} {day} {} {year}", en_weekday(weekday), EN_MONTHS[month])
        }
    }

    /// "20:00" (France, English) / "20 h 00" (Quebec, as the OQLF writes it).
    pub fn time<Tz: TimeZone>(self, at: &DateTime<Tz>) -> String {
        match self {
            Locale::FrCa => format!("{} h {:02}", at.hour(), at.minute()),
            _ => format!("{:02}:{:02}", at.hour(), at.minute()),
        }
    }

    /// "novembre 2026" / "November 2026".
    pub fn month_year(self, date: chrono::NaiveDate) -> String {
        let month = date.month0() as usize;
        if self.is_french() {
            format!("{} {}", FR_MONTHS_LONG[month], date.year())
        } else {
            format!("{} {}", EN_MONTHS_LONG[month], date.year())
        }
    }

    /// Short weekday names, Monday first.
    pub fn weekdays(self) -> [&'static str; 7] {
        if self.is_french() {
            FR_WEEKDAYS
        } else {
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        }
    }

    /// "24/11/2026" (French) / "2026-11-24" (English): how forms show a date.
    pub fn short_date(self, date: chrono::NaiveDate) -> String {
        if self.is_french() {
            date.format("%d/%m/%Y").to_string()
        } else {
            date.format("%Y-%m-%d").to_string()
        }
    }

    /// "mardi 24 novembre 2026 · 20 h 00": how a ticket states when (in
    /// French, as tickets are printed in France and Quebec alike).
    pub fn ticket_when<Tz: TimeZone>(at: &DateTime<Tz>) -> String {
        const DAYS: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        format!(
            "{} {} {} {} · {} h {:02}",
            DAYS[at.weekday().num_days_from_monday() as usize],
            at.day(),
            FR_MONTHS_LONG[at.month0() as usize],
            at.year(),
            at.hour(),
            at.minute()
        )
    }

    /// "jeudi 3 décembre 2026 à 20:00" / "Thursday 3 December 2026 at
    /// 20:00": a date and time in words, in the venue's time zone.
    pub fn in_words(self, at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        const FR_DAYS: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        const EN_DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let local = at.with_timezone(&zone);
        let (day, month) = (
            local.weekday().num_days_from_monday() as usize,
            local.month0() as usize,
        );
        let time = self.time(&local);
        if self.is_french() {
            let (d, m) = (FR_DAYS[day], FR_MONTHS_LONG[month]);
            format!("{d} {} {m} {} à {time}", local.day(), local.year())
        } else {
            let (d, m) = (EN_DAYS[day], EN_MONTHS_LONG[month]);
            format!("{d} {} {m} {} at {time}", local.day(), local.year())
        }
    }

    /// Date and time of an instant in the venue's time zone.
    pub fn date_time(self, at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        let local = at.with_timezone(&zone);
        format!("{} {}", self.date(&local), self.time(&local))
    }
}

const FR_WEEKDAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
const FR_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const FR_MONTHS_LONG: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn en_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

/// A date as typed: "24/11/2026", "24/11/26", "24.11.2026", "2026-11-24".
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    for format in ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y"] {
        if let Ok(date) = chrono::NaiveDate::parse_from_str(text, format)
            && date.year() >= 1900
        {
            return Some(date);
        }
    }
    None
}

/// A time as typed: "20:00", "20h", "20 h 30", "20h30", "9:05".
pub fn parse_time(text: &str) -> Option<chrono::NaiveTime> {
    let cleaned: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (hours, minutes) = match cleaned.split_once([':', 'h']) {
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => (cleaned.as_str(), "0"),
    };
    let (h, m) = (hours.parse::<u32>().ok()?, minutes.parse::<u32>().ok()?);
    if minutes.len() > 2 {
        return None;
    }
    chrono::NaiveTime::from_hms_opt(h, m, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        assert_eq!(Locale::parse("fr"), Some(Locale::FrFr));
        assert_eq!(Locale::parse("FR_ca"), Some(Locale::FrCa));
        assert_eq!(Locale::parse("en-GB"), Some(Locale::En));
        assert_eq!(Locale::parse("de"), None);
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.code()), Some(l));
        }
    }

    #[test]
    fn reads_dates_and_times_as_typed() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        for text in ["24/11/2026", " 24.11.2026 ", "2026-11-24", "24/11/26"] {
            assert_eq!(parse_date(text), Some(d), "{text}");
        }
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("demain"), None);
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0);
        for (text, h, m) in [
            ("20:00", 20, 0),
            ("20h", 20, 0),
            ("20 h 30", 20, 30),
            ("9:05", 9, 5),
            ("20H15", 20, 15),
            ("16", 16, 0),
        ] {
            assert_eq!(parse_time(text), t(h, m), "{text}");
        }
        for bad in ["25:00", "20:60", "huit heures", "20:005", ""] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(Locale::FrFr.month_year(d), "novembre 2026");
        assert_eq!(Locale::FrFr.short_date(d), "24/11/2026");
    }

    #[test]
    fn writes_dates_in_the_venue_time_zone() {
        // 19:00 UTC on 24 Nov 2026 is 20:00 in Paris (winter time) and 14:00 in Montreal.
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 19, 0, 0).unwrap();
        assert_eq!(
            Locale::FrFr.date_time(at, chrono_tz::Europe::Paris),
            "mar. 24 nov. 2026 20:00"
        );
        assert_eq!(
            Locale::FrCa.date_time(at, chrono_tz::America::Toronto),
            "mar. 24 nov. 2026 14 h 00"
        );
        assert_eq!(
            Locale::En.date_time(at, chrono_tz::Europe::Paris),
            "Tue 24 Nov 2026 20:00"
        );
    }
}

//! The season as an iCalendar file (RFC 5545) for the venue's website or a
//! shared calendar: one event per performance, in the venue's time zone
//! (with its VTIMEZONE), the hall as location, the performance's public id
//! as a stable UID so a calendar updates rather than duplicates, the places
//! left (or « Complet ») in its description.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};

use super::ProgrammingError;
use crate::domain::season::PerformanceStatus;
use crate::store::{self, Store};

pub fn season(store: &Store, now: DateTime<Utc>) -> Result<String, ProgrammingError> {
    calendar(store, None, now)
}

/// The calendar of some performances only (an e-ticket's invitation: the
/// performances of an order), with the same UIDs as the season's file.
pub fn of_performances(
    store: &Store,
    ids: &[i64],
    now: DateTime<Utc>,
) -> Result<String, ProgrammingError> {
    calendar(store, Some(ids), now)
}

fn calendar(
    store: &Store,
    only: Option<&[i64]>,
    now: DateTime<Utc>,
) -> Result<String, ProgrammingError> {
    store.read(|tx| {
        let venue = store::venue::load(tx)?;
        let zone = venue
            .as_ref()
            .map_or(chrono_tz::UTC, |v| v.settings.time_zone);
        let venue_name = venue
            .as_ref()
            .map(|v| v.settings.name.clone())
            .unwrap_or_default();
        let performances: Vec<_> = store::performances::all(tx)?
            .into_iter()
            .filter(|p| only.is_none_or(|ids| ids.contains(&p.id)))
            .collect();
        let shows = store::shows::all(tx)?;
        let halls = store::halls::all(tx)?;
        let mut out = Vec::new();
        out.push("BEGIN:VCALENDAR".to_owned());
        out.push("VERSION:2.0".to_owned());
        out.push(format!(
            "PRODID:-//Guichet//{}//FR",
            crate::ledger::SOFTWARE
        ));
        out.push("CALSCALE:GREGORIAN".to_owned());
        out.push("METHOD:PUBLISH".to_owned());
        if !venue_name.is_empty() {
            out.push(format!("X-WR-CALNAME:{}", escape(&venue_name)));
        }
        out.push(format!("X-WR-TIMEZONE:{}", zone.name()));
        if let (Some(first), Some(last)) = (performances.first(), performances.last()) {
            out.extend(vtimezone(zone, first.starts_at, last.ends_at));
        }
        for p in &performances {
            let show = shows.iter().find(|s| s.id == p.show_id);
            let hall = halls.iter().find(|h| h.id == p.hall_id);
            let location = match (hall, venue_name.is_empty()) {
                (Some(h), false) => format!("{}, {venue_name}", h.name),
                (Some(h), true) => h.name.clone(),
                (None, _) => venue_name.clone(),
            };
            // The season says the places left; a ticket holder's invitation
            // does not.
            let left = match only {
                Some(_) => None,
                None => {
                    let counts = store::performances::counts(tx, p.id)?;
                    Some((p.capacity - counts.sold - counts.held).max(0))
                }
            };
            out.extend(event(p, show, &location, left, zone, now));
        }
        out.push("END:VCALENDAR".to_owned());
        Ok(out.iter().map(|l| fold(l)).collect::<String>())
    })
}

/// One performance as an event, with the places `left` in its description
/// when given.
fn event(
    p: &crate::domain::Performance,
    show: Option<&crate::domain::Show>,
    location: &str,
    left: Option<i64>,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Vec<String> {
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&zone)
            .naive_local()
            .format("%Y%m%dT%H%M%S")
            .to_string()
    };
    let title = show.map(|s| s.title.as_str()).unwrap_or("");
    let mut out = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@guichet", p.public_id),
        format!("DTSTAMP:{}", now.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART;TZID={}:{}", zone.name(), local(p.starts_at)),
        format!("DTEND;TZID={}:{}", zone.name(), local(p.ends_at)),
        format!("SUMMARY:{}", escape(title)),
        format!("LOCATION:{}", escape(location)),
    ];
    // The places left, as the website's season file says them.
    let availability = match left {
        Some(0) => "Complet".to_owned(),
        Some(left) => format!("Places disponibles : {left}"),
        None => String::new(),
    };
    let mut description: Vec<&str> = show
        .map(|s| vec![s.artists.as_str(), s.description.as_str()])
        .unwrap_or_default();
    description.push(&availability);
    let description = description
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    out.push(format!("DESCRIPTION:{}", escape(&description)));
    if let Some(s) = show {
        out.push(format!("CATEGORIES:{}", escape(&s.genre)));
    }
    out.push(
        match p.status {
            PerformanceStatus::Cancelled => "STATUS:CANCELLED",
            _ => "STATUS:CONFIRMED",
        }
        .to_owned(),
    );
    out.push("END:VEVENT".to_owned());
    out
}

/// Text values: backslash, semicolon, comma and newlines escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Lines of at most 75 octets, continued with CRLF and a space, never
/// splitting a UTF-8 character; each line ends with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// The zone's definition over the season: its offset at the start and every
/// change (daylight saving) until the end, each as an explicit observance.
fn vtimezone(zone: chrono_tz::Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let offset = |t: DateTime<Utc>| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let day_start = |t: DateTime<Utc>| {
        let seconds = t.timestamp();
        DateTime::from_timestamp(seconds - seconds.rem_euclid(86_400), 0).unwrap_or(t)
    };
    let start = day_start(from) - Duration::days(1);
    let end = day_start(to) + Duration::days(2);
    let mut changes = Vec::new();
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        if offset(day) != offset(next) {
            // Narrow the change down to the minute it happens.
            let (mut lo, mut hi) = (0i64, 24 * 60);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset(day + Duration::minutes(mid)) == offset(day) {
                    lo = mid
                } else {
                    hi = mid
                }
            }
            let at = day + Duration::minutes(hi);
            changes.push((at, offset(day), offset(at)));
        }
        day = next;
    }
    let hhmm = |seconds: i32| {
        let sign = if seconds < 0 { '-' } else { '+' };
        let m = seconds.abs() / 60;
        format!("{sign}{:02}{:02}", m / 60, m % 60)
    };
    let name = |t: DateTime<Utc>| {
        zone.from_utc_datetime(&t.naive_utc())
            .format("%Z")
            .to_string()
    };
    let local = |t: DateTime<Utc>, seconds: i32| -> NaiveDateTime {
        t.naive_utc() + Duration::seconds(seconds.into())
    };
    let observance = |at: DateTime<Utc>, from: i32, to: i32| {
        let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
        vec![
            format!("BEGIN:{kind}"),
            format!("DTSTART:{}", local(at, from).format("%Y%m%dT%H%M%S")),
            format!("TZOFFSETFROM:{}", hhmm(from)),
            format!("TZOFFSETTO:{}", hhmm(to)),
            format!("TZNAME:{}", name(at)),
            format!("END:{kind}"),
        ]
    };
    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", zone.name()),
    ];
    let first = offset(start);
    lines.extend(observance(start, first, first).into_iter().map(|l| {
        l.replace("BEGIN:DAYLIGHT", "BEGIN:STANDARD")
            .replace("END:DAYLIGHT", "END:STANDARD")
    }));
    for (at, from, to) in changes {
        lines.extend(observance(at, from, to));
    }
    lines.push("END:VTIMEZONE".to_owned());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Salle 1, Lyon; «\\» \n"),
            "Salle 1\\, Lyon\\; «\\\\» \\n"
        );
    }

    #[test]
    fn paris_changes_clocks_twice_a_year() {
        let from = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 11, 30, 0, 0, 0).unwrap();
        let lines = vtimezone(chrono_tz::Europe::Paris, from, to);
        let starts: Vec<&String> = lines.iter().filter(|l| l.starts_with("DTSTART")).collect();
        assert_eq!(starts.len(), 3, "{lines:?}");
        assert!(
            lines.contains(&"DTSTART:20270328T020000".to_owned()),
            "{lines:?}"
        );
        assert!(
            lines.contains(&"DTSTART:20271031T030000".to_owned()),
            "{lines:?}"
        );
        assert!(lines.contains(&"TZOFFSETTO:+0200".to_owned()));
    }
}

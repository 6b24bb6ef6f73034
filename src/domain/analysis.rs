//! Audience analyses: from every ticket held (here and in the previous
//! system's history), who came each season (new, returning, lapsed), how
//! many of one season's audience came back the next, how often they come,
//! where they live, which tariffs and channels they bought through, how
//! many sales name their patron, and which shows brought new audiences.
//! Pure: the tickets are given, the figures come out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::order::Channel;

/// The performance a ticket is for: one of this season's, or one of the
/// previous system's (its instant and show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Performance {
    Here(i64),
    Before(i64, u32),
}

/// A ticket as the analyses see it; names (shows, tariffs) by their index
/// in the list given beside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub patron: Option<i64>,
    pub performance: Performance,
    /// The season (by the year it starts) of the performance.
    pub season: i32,
    pub show: u32,
    pub tariff: u32,
    pub channel: Channel,
    /// What it was sold for, in cents.
    pub price: i64,
}

/// One season's audience.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeasonRow {
    pub season: i32,
    /// Patrons who held a ticket.
    pub patrons: u64,
    /// Their first season.
    pub new: u64,
    /// Came in an earlier season too.
    pub returning: u64,
    /// Came the season before, not this one.
    pub lapsed: u64,
    /// Of the season before's patrons, how many came again, per mille.
    pub retention: Option<u64>,
    pub tickets: u64,
    /// Of the tickets sold here (not the earlier history), how many name
    /// their patron, per mille (None: no ticket sold here that season).
    pub known: Option<u64>,
}

/// A row of a breakdown: what, how many, and (tariffs, channels) revenue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub label: String,
    pub count: u64,
    pub revenue: i64,
}

/// A show and the patrons in their first season who came to it (a new
/// patron who saw three shows counts for each), among all its patrons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAudience {
    pub show: String,
    pub new: u64,
    pub patrons: u64,
}

/// Where a patron lives, as the analyses group it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// A French department ("69", "2A", "974").
    Department(String),
    /// The first three characters of a Canadian postcode ("H3B").
    Fsa(String),
    /// Another postcode (abroad).
    Other,
    Unknown,
}

/// Every analysis of one season, with the seasons' series.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analyses {
    pub season: i32,
    /// Every season with tickets, oldest first.
    pub seasons: Vec<SeasonRow>,
    /// Patrons of the season by visits: 1, 2, 3, 4–5, 6 and more.
    pub frequency: [u64; 5],
    /// Patrons of the season by area, most first (the 12 largest, the rest
    /// together as `Area::Other`), `Unknown` last.
    pub geography: Vec<(Area, u64)>,
    /// Tickets and revenue of the season by tariff, most first.
    pub tariffs: Vec<Share>,
    pub channels: Vec<(Channel, u64, i64)>,
    /// Shows of the season by the patrons in their first season who came
    /// to them, most first (10).
    pub new_audiences: Vec<NewAudience>,
}

/// The frequency buckets' lower bounds.
pub const FREQUENCY: [u64; 5] = [1, 2, 3, 4, 6];
/// How many areas are listed before the rest is summed.
const AREAS: usize = 12;
/// How many shows the new audiences list.
const SHOWS: usize = 10;

/// Where a postcode is: a French department (five digits; overseas by
/// three; Corsica 2A/2B), a Canadian forward sortation area, else other.
pub fn area(postcode: &str) -> Area {
    let code: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bytes = code.as_bytes();
    if code.is_empty() {
        return Area::Unknown;
    }
    if code.len() == 5 && bytes.iter().all(u8::is_ascii_digit) {
        if code.starts_with("980") {
            // Monaco: abroad.
            return Area::Other;
        }
        return Area::Department(match &code[..2] {
            "97" | "98" => code[..3].to_owned(),
            "20" if code.as_str() < "20200" => "2A".to_owned(),
            "20" => "2B".to_owned(),
            d => d.to_owned(),
        });
    }
    if code.len() == 6
        && bytes[0].is_ascii_alphabetic()
        && bytes[1].is_ascii_digit()
        && bytes[2].is_ascii_alphabetic()
    {
        return Area::Fsa(code[..3].to_owned());
    }
    Area::Other
}

/// The analyses of `season` from every ticket `held`, with the names of
/// shows and tariffs, and where each patron lives.
pub fn analyse(
    held: &[Held],
    names: &[String],
    areas: &HashMap<i64, Area>,
    season: i32,
) -> Analyses {
    let name = |i: u32| names.get(i as usize).cloned().unwrap_or_default();
    // Each patron's seasons.
    let mut seasons_of: HashMap<i64, BTreeSet<i32>> = HashMap::new();
    for h in held {
        if let Some(p) = h.patron {
            seasons_of.entry(p).or_default().insert(h.season);
        }
    }
    let first: HashMap<i64, i32> = seasons_of
        .iter()
        .filter_map(|(p, s)| s.first().map(|f| (*p, *f)))
        .collect();
    let seasons = season_rows(held, &seasons_of);
    // The season's patrons, their visits, and what was sold.
    let mut visits: HashMap<i64, BTreeSet<Performance>> = HashMap::new();
    let mut tariffs: BTreeMap<u32, (u64, i64)> = BTreeMap::new();
    let mut channels: BTreeMap<Channel, (u64, i64)> = BTreeMap::new();
    let mut shows: BTreeMap<u32, (BTreeSet<i64>, BTreeSet<i64>)> = BTreeMap::new();
    for h in held.iter().filter(|h| h.season == season) {
        let t = tariffs.entry(h.tariff).or_default();
        t.0 += 1;
        t.1 = t.1.saturating_add(h.price);
        let c = channels.entry(h.channel).or_default();
        c.0 += 1;
        c.1 = c.1.saturating_add(h.price);
        if let Some(p) = h.patron {
            visits.entry(p).or_default().insert(h.performance);
            let s = shows.entry(h.show).or_default();
            s.1.insert(p);
            if first.get(&p) == Some(&season) {
                s.0.insert(p);
            }
        }
    }
    let mut frequency = [0; 5];
    for v in visits.values() {
        let n = v.len() as u64;
        let bucket = FREQUENCY.iter().rposition(|lower| n >= *lower).unwrap_or(0);
        frequency[bucket] += 1;
    }
    let mut geography: HashMap<Area, u64> = HashMap::new();
    for p in visits.keys() {
        let a = areas.get(p).cloned().unwrap_or(Area::Unknown);
        *geography.entry(a).or_default() += 1;
    }
    let mut tariffs: Vec<Share> = tariffs
        .into_iter()
        .map(|(t, (count, revenue))| Share {
            label: name(t),
            count,
            revenue,
        })
        .collect();
    tariffs.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    let mut channels: Vec<(Channel, u64, i64)> =
        channels.into_iter().map(|(c, (n, r))| (c, n, r)).collect();
    channels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut new_audiences: Vec<NewAudience> = shows
        .into_iter()
        .map(|(s, (new, all))| NewAudience {
            show: name(s),
            new: new.len() as u64,
            patrons: all.len() as u64,
        })
        .collect();
    new_audiences.sort_by(|a, b| b.new.cmp(&a.new).then(a.show.cmp(&b.show)));
    new_audiences.truncate(SHOWS);
    Analyses {
        season,
        seasons,
        frequency,
        geography: ranked(geography),
        tariffs,
        channels,
        new_audiences,
    }
}

/// Each season's audience, oldest first.
fn season_rows(held: &[Held], seasons_of: &HashMap<i64, BTreeSet<i32>>) -> Vec<SeasonRow> {
    let mut rows: BTreeMap<i32, SeasonRow> = BTreeMap::new();
    // Tickets of this till (known patron or not) by season.
    let mut here: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for h in held {
        rows.entry(h.season).or_default().tickets += 1;
        if let Performance::Here(_) = h.performance {
            let e = here.entry(h.season).or_default();
            e.0 += 1;
            e.1 += u64::from(h.patron.is_some());
        }
    }
    for (season, row) in rows.iter_mut() {
        row.season = *season;
        let mut before = 0;
        let mut again = 0;
        for s in seasons_of.values() {
            let now = s.contains(season);
            let prior = s.contains(&(season - 1));
            if now {
                row.patrons += 1;
                if s.first() == Some(season) {
                    row.new += 1;
                } else {
                    row.returning += 1;
                }
            }
            if prior {
                before += 1;
                if now {
                    again += 1;
                } else {
                    row.lapsed += 1;
                }
            }
        }
        row.retention = (before > 0).then(|| again * 1000 / before);
        row.known = here
            .get(season)
            .filter(|(all, _)| *all > 0)
            .map(|(all, known)| known * 1000 / all);
    }
    rows.into_values().collect()
}

/// Areas most first, the smallest summed as `Other`, `Unknown` last.
fn ranked(areas: HashMap<Area, u64>) -> Vec<(Area, u64)> {
    let unknown = areas.get(&Area::Unknown).copied().unwrap_or(0);
    let abroad = areas.get(&Area::Other).copied().unwrap_or(0);
    let mut known: Vec<(Area, u64)> = areas
        .into_iter()
        .filter(|(a, _)| *a != Area::Unknown && *a != Area::Other)
        .collect();
    known.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let other = abroad + known.iter().skip(AREAS).map(|(_, n)| n).sum::<u64>();
    known.truncate(AREAS);
    for (area, n) in [(Area::Other, other), (Area::Unknown, unknown)] {
        if n > 0 {
            known.push((area, n));
        }
    }
    known
}

/// The analyses worded for a reader: tables with their chart, as the
/// window draws them, the PDF prints them and the CSV files hold them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    pub tables: Vec<Table>,
}

/// One analysis: its title, a line saying how to read it, its columns and
/// rows, and its chart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Its CSV file's name, without extension ("saisons").
    pub file: String,
    pub title: String,
    pub note: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub chart: Chart,
}

/// Horizontal bars, each of up to three stacked parts (the legend names
/// them), with its label and its figure written at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    pub legend: Vec<String>,
    pub bars: Vec<Bar>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub parts: Vec<u64>,
    pub figure: String,
}

impl Chart {
    /// The longest bar's total (at least 1).
    pub fn largest(&self) -> u64 {
        self.bars
            .iter()
            .map(|b| b.parts.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(patron: Option<i64>, performance: i64, season: i32, show: u32) -> Held {
        Held {
            patron,
            performance: Performance::Here(performance),
            season,
            show,
            tariff: 0,
            channel: Channel::Counter,
            price: 1000,
        }
    }

    #[test]
    fn postcodes_give_departments_and_sortation_areas() {
        assert_eq!(area("69003"), Area::Department("69".into()));
        assert_eq!(area("97400"), Area::Department("974".into()));
        assert_eq!(area("20000"), Area::Department("2A".into()));
        assert_eq!(area("20290"), Area::Department("2B".into()));
        assert_eq!(area("h3b 2y5"), Area::Fsa("H3B".into()));
        assert_eq!(area("SW1A 1AA"), Area::Other);
        assert_eq!(area("98000"), Area::Other);
        assert_eq!(area(" "), Area::Unknown);
    }

    #[test]
    fn seasons_count_new_returning_lapsed_and_retention() {
        let names = vec!["Cyrano".to_owned(), "Carmen".to_owned()];
        let h = vec![
            held(Some(1), 1, 2024, 0),
            held(Some(2), 1, 2024, 0),
            held(Some(1), 2, 2025, 1),
            held(Some(3), 2, 2025, 1),
            held(Some(3), 3, 2025, 1),
            held(Some(3), 4, 2025, 0),
            held(None, 4, 2025, 0),
        ];
        let a = analyse(&h, &names, &HashMap::new(), 2025);
        assert_eq!(a.seasons.len(), 2);
        let s = &a.seasons[1];
        assert_eq!((s.patrons, s.new, s.returning, s.lapsed), (2, 1, 1, 1));
        // One of the two patrons of 2024 came back: 500 ‰.
        assert_eq!(s.retention, Some(500));
        // Four of the five tickets of 2025 name their patron.
        assert_eq!(s.known, Some(800));
        // Patron 1 came once, patron 3 three times.
        assert_eq!(a.frequency, [1, 0, 1, 0, 0]);
        assert_eq!(a.new_audiences[0].show, "Carmen");
        assert_eq!(a.new_audiences[0].new, 1);
        assert_eq!(a.geography, vec![(Area::Unknown, 2)]);
        assert_eq!(a.tariffs[0].count, 5);
        assert_eq!(a.channels, vec![(Channel::Counter, 5, 5000)]);
    }
}

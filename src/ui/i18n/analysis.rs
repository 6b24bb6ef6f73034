//! The audience analyses in the reader's words: each table's title, how to
//! read it, its columns and rows, and its chart, for the window, the PDF
//! report and the CSV files alike.

use crate::domain::analysis::{Analyses, Area, Bar, Chart, FREQUENCY, Report, Table};
use crate::domain::order::Channel;
use crate::domain::{Currency, Locale, Money};

/// A season by its years: "2025–2026".
pub fn season(year: i32) -> String {
    format!("{year}–{}", year + 1)
}

/// A share in per mille as a percentage: "62,5 %" / "62.5%".
fn percent(permille: Option<u64>, l: Locale) -> String {
    match permille {
        None => "—".into(),
        Some(p) => {
            let (whole, tenth) = (p / 10, p % 10);
            match l {
                Locale::En => format!("{whole}.{tenth}%"),
                _ => format!("{whole},{tenth}\u{a0}%"),
            }
        }
    }
}

pub fn area(a: &Area, l: Locale) -> String {
    match a {
        Area::Department(d) => say!(l, fr: "Dép. {d}", en: "Dept {d}"),
        Area::Fsa(f) => f.clone(),
        Area::Other => say!(l, fr: "Autres", en: "Others"),
        Area::Unknown => say!(l, fr: "Non renseigné", en: "Not given"),
    }
}

fn channel(c: Channel, l: Locale) -> String {
    super::audience::sale_channel(c.code(), l).to_owned()
}

/// The frequency buckets: "1 visit", "2", "3", "4–5", "6+".
fn bucket(i: usize, l: Locale) -> String {
    let lower = FREQUENCY[i];
    match FREQUENCY.get(i + 1) {
        Some(next) if *next == lower + 1 && lower == 1 => say!(l, fr: "1 venue", en: "1 visit"),
        Some(next) if *next == lower + 1 => say!(l, fr: "{lower} venues", en: "{lower} visits"),
        Some(next) => {
            let upper = next - 1;
            say!(l, fr: "{lower} à {upper} venues", en: "{lower} to {upper} visits")
        }
        None => say!(l, fr: "{lower} venues et plus", en: "{lower} visits or more"),
    }
}

fn bars(rows: impl Iterator<Item = (String, Vec<u64>, String)>) -> Vec<Bar> {
    rows.map(|(label, parts, figure)| Bar {
        label,
        parts,
        figure,
    })
    .collect()
}

/// The analyses as tables and charts, for `venue`, amounts in `currency`.
/// Each table is made from the analyses, the season's name, how amounts
/// are written and the reader's language.
pub fn report(a: &Analyses, venue: &str, currency: Currency, l: Locale) -> Report {
    let money = |c: i64| Money::new(c, currency).format(l);
    let s = season(a.season);
    let tables = [
        seasons_table,
        frequency_table,
        geography_table,
        tariffs_table,
        channels_table,
        new_audiences_table,
    ]
    .iter()
    .map(|table| table(a, &s, &money, l))
    .collect();
    Report {
        title: say!(l, fr: "Analyse des publics — {venue}", en: "Audience analysis — {venue}"),
        subtitle: say!(l, fr: "Saison {s}", en: "Season {s}"),
        tables,
    }
}

fn seasons_table(a: &Analyses, _: &str, _: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let n = |v: u64| v.to_string();
    Table {
        file: say!(l, fr: "saisons", en: "seasons"),
        title: say!(l, fr: "Public par saison", en: "Audience per season"),
        note: say!(l,
            fr: "Spectateurs connus ayant un billet dans la saison : nouveaux (leur première saison), fidèles (venus une saison précédente) ; perdus : venus la saison d’avant, pas celle-ci. Fidélisation : part du public de la saison précédente revenu.",
            en: "Known patrons holding a ticket in the season: new (their first season), returning (came in an earlier season); lapsed: came the season before, not this one. Retention: share of the previous season's audience who came back."),
        header: vec![
            say!(l, fr: "Saison", en: "Season"),
            say!(l, fr: "Spectateurs", en: "Patrons"),
            say!(l, fr: "Nouveaux", en: "New"),
            say!(l, fr: "Fidèles", en: "Returning"),
            say!(l, fr: "Perdus", en: "Lapsed"),
            say!(l, fr: "Fidélisation", en: "Retention"),
            say!(l, fr: "Billets", en: "Tickets"),
            say!(l, fr: "Billets nominatifs", en: "Tickets naming a patron"),
        ],
        rows: a
            .seasons
            .iter()
            .map(|r| {
                vec![
                    season(r.season),
                    n(r.patrons),
                    n(r.new),
                    n(r.returning),
                    n(r.lapsed),
                    percent(r.retention, l),
                    n(r.tickets),
                    percent(r.known, l),
                ]
            })
            .collect(),
        chart: Chart {
            legend: vec![
                say!(l, fr: "Nouveaux", en: "New"),
                say!(l, fr: "Fidèles", en: "Returning"),
            ],
            bars: bars(a.seasons.iter().map(|r| {
                let (patrons, kept) = (r.patrons, percent(r.retention, l));
                let figure = say!(l,
                    fr: "{patrons} spectateurs · fidélisation {kept}",
                    en: "{patrons} patrons · retention {kept}");
                (season(r.season), vec![r.new, r.returning], figure)
            })),
        },
    }
}

fn frequency_table(a: &Analyses, s: &str, _: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let n = |v: u64| v.to_string();
    let frequency: u64 = a.frequency.iter().sum();
    Table {
        file: say!(l, fr: "frequentation", en: "frequency"),
        title: say!(l, fr: "Fréquence des venues ({s})", en: "Visit frequency ({s})"),
        note: say!(l,
            fr: "Spectateurs connus de la saison selon le nombre de représentations auxquelles ils avaient un billet.",
            en: "Known patrons of the season by how many performances they held a ticket for."),
        header: vec![
            say!(l, fr: "Venues", en: "Visits"),
            say!(l, fr: "Spectateurs", en: "Patrons"),
            say!(l, fr: "Part", en: "Share"),
        ],
        rows: (0..FREQUENCY.len())
            .map(|i| {
                let share = (frequency > 0).then(|| a.frequency[i] * 1000 / frequency);
                vec![bucket(i, l), n(a.frequency[i]), percent(share, l)]
            })
            .collect(),
        chart: Chart {
            legend: Vec::new(),
            bars: bars(
                (0..FREQUENCY.len())
                    .map(|i| (bucket(i, l), vec![a.frequency[i]], n(a.frequency[i]))),
            ),
        },
    }
}

fn geography_table(a: &Analyses, s: &str, _: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let n = |v: u64| v.to_string();
    let located: u64 = a.geography.iter().map(|(_, n)| n).sum();
    Table {
        file: say!(l, fr: "geographie", en: "geography"),
        title: say!(l, fr: "Géographie du public ({s})", en: "Where the audience lives ({s})"),
        note: say!(l,
            fr: "Spectateurs connus de la saison par département (France) ou par les trois premiers caractères du code postal (Québec).",
            en: "Known patrons of the season by department (France) or by the first three characters of the postcode (Quebec)."),
        header: vec![
            say!(l, fr: "Zone", en: "Area"),
            say!(l, fr: "Spectateurs", en: "Patrons"),
            say!(l, fr: "Part", en: "Share"),
        ],
        rows: a
            .geography
            .iter()
            .map(|(area_, count)| {
                let share = (located > 0).then(|| count * 1000 / located);
                vec![area(area_, l), n(*count), percent(share, l)]
            })
            .collect(),
        chart: Chart {
            legend: Vec::new(),
            bars: bars(
                a.geography
                    .iter()
                    .map(|(a_, c)| (area(a_, l), vec![*c], n(*c))),
            ),
        },
    }
}

/// A mix of the season's tickets (by tariff, by channel): each with its
/// tickets and revenue, as a table and a chart.
struct Mix {
    file: String,
    title: String,
    note: String,
    first: String,
    rows: Vec<(String, u64, i64)>,
}

fn mix_table(m: Mix, money: &dyn Fn(i64) -> String, l: Locale) -> Table {
    Table {
        file: m.file,
        title: m.title,
        note: m.note,
        header: vec![
            m.first,
            say!(l, fr: "Billets", en: "Tickets"),
            say!(l, fr: "Recette", en: "Revenue"),
        ],
        rows: m
            .rows
            .iter()
            .map(|(label, count, revenue)| vec![label.clone(), count.to_string(), money(*revenue)])
            .collect(),
        chart: Chart {
            legend: Vec::new(),
            bars: bars(m.rows.iter().map(|(label, count, revenue)| {
                (
                    label.clone(),
                    vec![*count],
                    format!("{count} · {}", money(*revenue)),
                )
            })),
        },
    }
}

fn tariffs_table(a: &Analyses, s: &str, money: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let mix = Mix {
        file: say!(l, fr: "tarifs", en: "tariffs"),
        title: say!(l, fr: "Répartition par tarif ({s})", en: "Tariff mix ({s})"),
        note: say!(l,
            fr: "Tous les billets de la saison, spectateur connu ou non.",
            en: "Every ticket of the season, known patron or not."),
        first: say!(l, fr: "Tarif", en: "Tariff"),
        rows: a
            .tariffs
            .iter()
            .map(|t| (t.label.clone(), t.count, t.revenue))
            .collect(),
    };
    mix_table(mix, money, l)
}

fn channels_table(a: &Analyses, s: &str, money: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let mix = Mix {
        file: say!(l, fr: "canaux", en: "channels"),
        title: say!(l, fr: "Répartition par canal de vente ({s})", en: "Channel mix ({s})"),
        note: say!(l,
            fr: "Guichet, billetterie en ligne, revendeurs, partenaires, téléphone, invitations.",
            en: "Counter, web shop, resellers, partners, telephone, invitations."),
        first: say!(l, fr: "Canal", en: "Channel"),
        rows: a
            .channels
            .iter()
            .map(|(c, n, r)| (channel(*c, l), *n, *r))
            .collect(),
    };
    mix_table(mix, money, l)
}

fn new_audiences_table(a: &Analyses, s: &str, _: &dyn Fn(i64) -> String, l: Locale) -> Table {
    let n = |v: u64| v.to_string();
    Table {
        file: say!(l, fr: "nouveaux-publics", en: "new-audiences"),
        title: say!(l, fr: "Spectacles qui attirent de nouveaux publics ({s})",
            en: "Shows that bring new audiences ({s})"),
        note: say!(l,
            fr: "Pour chaque spectacle, les spectateurs dont c’est la première saison, parmi tous ses spectateurs connus.",
            en: "For each show, the patrons in their first season, among all its known patrons."),
        header: vec![
            say!(l, fr: "Spectacle", en: "Show"),
            say!(l, fr: "Nouveaux", en: "New"),
            say!(l, fr: "Spectateurs", en: "Patrons"),
        ],
        rows: a
            .new_audiences
            .iter()
            .map(|s| vec![s.show.clone(), n(s.new), n(s.patrons)])
            .collect(),
        chart: Chart {
            legend: vec![
                say!(l, fr: "Nouveaux", en: "New"),
                say!(l, fr: "Déjà venus", en: "Came before"),
            ],
            bars: bars(a.new_audiences.iter().map(|s| {
                let (new, all) = (s.new, s.patrons);
                let figure = say!(l, fr: "{new} nouveaux / {all}", en: "{new} new / {all}");
                (
                    s.show.clone(),
                    vec![s.new, s.patrons.saturating_sub(s.new)],
                    figure,
                )
            })),
        },
    }
}

//! The demo's patron file: a few thousand fictional patrons around the
//! venue with three past seasons (and this season until today) of
//! believable attendance, brought in as the previous ticketing system's
//! history through the same import a venue uses; some consents, a few
//! organisations with their contacts, and a few duplicates typed again at
//! the counter, so the card, the segments and the analyses mean something
//! on the first run. Always the same for the same day: a fixed seed.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::AudienceError;
use super::history::{self, Options};
use crate::domain::organisation::OrganisationDetails;
use crate::domain::patron::{self, ConsentChange, ConsentChannel, PatronDetails};
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::store::{self, Store};

/// How many patrons the previous system knew.
pub const PATRONS: usize = 2400;

/// A small, fixed pseudo-random sequence (the demo is the same each time).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
    }
    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: [&str; 48] = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Claire",
    "Hélène",
    "Anne",
    "Sophie",
    "Isabelle",
    "Nathalie",
    "Catherine",
    "Françoise",
    "Monique",
    "Élise",
    "Margaux",
    "Zoé",
    "Louise",
    "Agathe",
    "Mathilde",
    "Céline",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Thomas",
    "Julien",
    "Nicolas",
    "Pierre",
    "François",
    "Jean",
    "Michel",
    "Philippe",
    "Olivier",
    "Éric",
    "Bernard",
    "Antoine",
    "Mathieu",
    "Rémi",
    "Théo",
    "Gabriel",
    "Karim",
    "Mehdi",
    "Yanis",
    "Jérôme",
];

const LAST: [&str; 64] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Benali",
    "Haddad",
    "Chauvin",
    "Berthier",
];

/// Postcodes around a Lyon venue, the city's most often.
const POSTCODES: [&str; 20] = [
    "69001", "69002", "69003", "69004", "69005", "69006", "69007", "69008", "69009", "69100",
    "69300", "69500", "69600", "69120", "01000", "38200", "38000", "42000", "71000", "75011",
];

/// The shows of the past seasons: title and genre.
const SHOWS: [(&str, &str); 27] = [
    ("Le Malade imaginaire", "theatre"),
    ("Phèdre", "theatre"),
    ("En attendant Godot", "theatre"),
    ("Les Fourberies de Scapin", "theatre"),
    ("Le Jeu de l’amour et du hasard", "theatre"),
    ("Antigone", "theatre"),
    ("La Mouette", "theatre"),
    ("Art", "theatre"),
    ("Tartuffe", "theatre"),
    ("Quatuor Ébène — Beethoven", "music"),
    ("Trio Lumière — Debussy, Fauré", "music"),
    ("Fanfare Ciocărlia", "music"),
    ("Soirée jazz — Quartet Rhône", "music"),
    ("Chœur des Quais — Requiem de Fauré", "music"),
    ("Récital de piano — Chopin", "music"),
    ("Boléro", "dance"),
    ("Compagnie Hip-Hop Traboules", "dance"),
    ("Le Lac des cygnes (version de chambre)", "dance"),
    ("Les Sœurs Pétard", "humour"),
    ("Stand-up — Samir Belkacem", "humour"),
    ("Le Grand Cabaret d’hiver", "cabaret"),
    ("Cirque Plume de Paille", "circus"),
    ("Pierre et le Loup", "music"),
    ("Le Petit Chaperon rouge", "theatre"),
    ("Contes du Rhône", "theatre"),
    ("Ciné-concert Chaplin", "music"),
    ("Magie nouvelle — Illusions", "circus"),
];

/// Tariffs as the previous system named them, their price in cents and
/// how often they were sold (per hundred).
const TARIFFS: [(&str, i64, u64); 5] = [
    ("Plein tarif", 2400, 46),
    ("Tarif réduit", 1800, 20),
    ("Jeune (−26 ans)", 1000, 16),
    ("Abonné", 1900, 14),
    ("Invitation", 0, 4),
];

/// The organisations of the demo: name, kind.
const ORGANISATIONS: [(&str, &str); 6] = [
    ("Lycée Ampère", "school"),
    ("Collège Jean Moulin", "school"),
    ("CSE Hôpitaux du Rhône", "works_council"),
    ("Les Amis du Théâtre des Quais", "association"),
    ("Université Lumière — service culturel", "association"),
    ("Banque Rhône-Alpes", "company"),
];

/// A fictional patron of the previous system.
struct Person {
    details: PatronDetails,
    /// The first past season they came (0 = three seasons ago), and the
    /// chance in a hundred they come back each next season.
    joins: usize,
    loyalty: u64,
    /// Visits in a season they come (at least one).
    appetite: usize,
    genre: &'static str,
    young: bool,
}

fn person(dice: &mut Dice, i: usize, season_now: i32) -> Person {
    let first = *dice.pick(&FIRST);
    let last = *dice.pick(&LAST);
    let young = dice.chance(22);
    let birth_year = if dice.chance(55) {
        Some(if young {
            season_now - 18 - dice.below(8) as i32
        } else {
            season_now - 28 - dice.below(50) as i32
        })
    } else {
        None
    };
    let folded = |s: &str| patron::fold_words(s).join("-");
    let email = if dice.chance(78) {
        format!("{}.{}{}@example.fr", folded(first), folded(last), i)
    } else {
        String::new()
    };
    let phone = if dice.chance(60) {
        format!(
            "06 {:02} {:02} {:02} {:02}",
            dice.below(100),
            dice.below(100),
            dice.below(100),
            i % 100
        )
    } else {
        String::new()
    };
    let postcode = if dice.chance(70) {
        POSTCODES[dice.below(9)]
    } else {
        *dice.pick(&POSTCODES)
    };
    const GENRES: [&str; 8] = [
        "theatre", "theatre", "music", "music", "dance", "humour", "cabaret", "circus",
    ];
    Person {
        details: PatronDetails {
            first_name: first.into(),
            last_name: last.into(),
            email,
            phone,
            postcode: postcode.into(),
            city: if postcode.starts_with("690") {
                "Lyon".into()
            } else {
                String::new()
            },
            country: "FR".into(),
            birth_year,
            ..PatronDetails::default()
        },
        joins: [0, 0, 0, 1, 1, 2, 2, 3][dice.below(8)],
        loyalty: [35, 50, 65, 75, 85][dice.below(5)],
        appetite: [1, 1, 1, 2, 2, 3, 4, 6][dice.below(8)],
        genre: GENRES[dice.below(GENRES.len())],
        young,
    }
}

/// A season's performances (instants at 20:00 local from October to May,
/// or from mid-September until two days before `now` for this season).
fn performances(
    dice: &mut Dice,
    season: i32,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Vec<(String, &'static str, &'static str)> {
    let start = NaiveDate::from_ymd_opt(season, 9, 20).unwrap_or_default();
    let mut out = Vec::new();
    for week in 0..34 {
        let day = start + Duration::days(7 * week + 3 + dice.below(3) as i64);
        let Ok(at) = crate::domain::season::local_instant(
            zone,
            day,
            chrono::NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default(),
        ) else {
            continue;
        };
        if at > now - Duration::days(2) {
            break;
        }
        let (show, genre) = SHOWS[(season as usize * 7 + week as usize) % SHOWS.len()];
        out.push((
            at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string(),
            show,
            genre,
        ));
    }
    out
}

/// CSV cell: `;` separated, quoted when needed.
fn cell(v: &str) -> String {
    if v.contains([';', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// The previous system's export: one row per ticket.
fn history_file(people: &[Person], now: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let current = patron::season_of(now.with_timezone(&zone).date_naive());
    let mut out = String::from(
        "Prénom;Nom;E-mail;Téléphone;Code postal;Ville;Année de naissance;Séance;Spectacle;Genre;Tarif;Prix;Canal;Présent\n",
    );
    let seasons: Vec<i32> = (current - 3..=current).collect();
    let shows: Vec<_> = seasons
        .iter()
        .map(|s| performances(&mut dice, *s, now, zone))
        .collect();
    for p in people {
        let mut coming = false;
        for (n, dates) in shows.iter().enumerate() {
            coming = if n == p.joins {
                true
            } else {
                n > p.joins && coming && dice.chance(p.loyalty)
            };
            if !coming || dates.is_empty() {
                continue;
            }
            // This season is under way: fewer visits so far.
            let visits = if n == 3 {
                p.appetite.div_ceil(2)
            } else {
                p.appetite
            };
            for _ in 0..visits {
                let liked: Vec<_> = dates.iter().filter(|d| d.2 == p.genre).collect();
                let (at, show, genre) = if !liked.is_empty() && dice.chance(65) {
                    *dice.pick(&liked)
                } else {
                    dice.pick(dates)
                };
                let (tariff, price) = tariff(&mut dice, p.young);
                let channel = match (price, dice.below(100)) {
                    (0, _) => "invitation",
                    (_, 0..=54) => "guichet",
                    (_, 55..=84) => "web",
                    (_, 85..=92) => "téléphone",
                    (_, 93..=97) => "revendeur",
                    _ => "partenaire",
                };
                let present = if dice.chance(94) { "oui" } else { "non" };
                let d = &p.details;
                let row = [
                    d.first_name.as_str(),
                    &d.last_name,
                    &d.email,
                    &d.phone,
                    &d.postcode,
                    &d.city,
                    &d.birth_year.map(|y| y.to_string()).unwrap_or_default(),
                    at,
                    show,
                    genre,
                    tariff,
                    &format!("{},{:02}", price / 100, price % 100),
                    channel,
                    present,
                ];
                let row: Vec<String> = row.iter().map(|v| cell(v)).collect();
                out.push_str(&row.join(";"));
                out.push('\n');
            }
        }
    }
    out
}

fn tariff(dice: &mut Dice, young: bool) -> (&'static str, i64) {
    if young && dice.chance(70) {
        return (TARIFFS[2].0, TARIFFS[2].1);
    }
    let roll = dice.below(100) as u64;
    let mut sum = 0;
    for (name, price, share) in TARIFFS {
        sum += share;
        if roll < sum {
            return (name, price);
        }
    }
    (TARIFFS[0].0, TARIFFS[0].1)
}

/// Fills an empty patron file with the demo's, dated from `now` (a
/// coordinator's or the system's act: the history import is journaled).
pub fn load(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Result<usize, AudienceError> {
    let current = patron::season_of(now.with_timezone(&zone).date_naive());
    let mut dice = Dice(0x2545_f491_4f6c_dd1d ^ u64::from(now.year().unsigned_abs()));
    let people: Vec<Person> = (0..PATRONS)
        .map(|i| person(&mut dice, i, current))
        .collect();
    let file = history_file(&people, now, zone);
    let options = Options {
        source: format!("Ancienne billetterie ({}–{})", current - 3, current + 1),
        ..Options::default()
    };
    let read = history::read(by, file.as_bytes(), &options, zone, now)?;
    crate::ledger::write(store, signer, |tx| -> Result<usize, AudienceError> {
        let report = history::write(tx, signer, by, read, now)?;
        // Organisations and their contacts (prospects: no ticket yet).
        for (i, (name, kind)) in ORGANISATIONS.iter().enumerate() {
            let details = OrganisationDetails {
                name: (*name).into(),
                kind: (*kind).into(),
                city: "Lyon".into(),
                ..OrganisationDetails::default()
            };
            let org = store::organisations::insert_organisation(
                tx,
                &store::public_id(now),
                &details,
                store::unix(now),
            )?;
            for k in 0..4 {
                let d = PatronDetails {
                    first_name: (*dice.pick(&FIRST)).into(),
                    last_name: (*dice.pick(&LAST)).into(),
                    email: format!("contact{}.{k}@organisation{i}.example.fr", i + 1),
                    organisation_id: Some(org),
                    postcode: POSTCODES[dice.below(9)].into(),
                    ..PatronDetails::default()
                };
                let (d, _) = super::check(tx, &d)?;
                let id = store::patrons::insert(
                    tx,
                    &store::public_id(now),
                    &d,
                    "import",
                    store::unix(now),
                )?;
                super::index(tx, id, &d)?;
            }
        }
        // Consents collected by the previous system's forms.
        let ids = store::patrons::all_live(tx)?;
        for id in &ids {
            let roll = dice.below(100);
            let channel = match roll {
                0..=41 => ConsentChannel::Email,
                42..=49 => ConsentChannel::Post,
                50..=54 => ConsentChannel::Sms,
                _ => continue,
            };
            let change = ConsentChange {
                channel,
                granted: true,
                source: "import".into(),
                wording_version: super::CONSENT_WORDING.into(),
                operator: by.name.clone(),
                at: now - Duration::days(30 + dice.below(700) as i64),
            };
            store::patrons::insert_consent(tx, *id, &change, Some(by.id))?;
        }
        // Duplicates: some patrons typed again at the counter, differently.
        for (n, p) in people.iter().step_by(97).enumerate() {
            let d = &p.details;
            let again = PatronDetails {
                first_name: d.first_name.to_uppercase(),
                last_name: d.last_name.clone(),
                postcode: d.postcode.clone(),
                phone: if n % 2 == 0 {
                    d.phone.replace(' ', "")
                } else {
                    String::new()
                },
                email: if n % 3 == 0 {
                    d.email.to_uppercase()
                } else {
                    String::new()
                },
                ..PatronDetails::default()
            };
            let (again, _) = super::check(tx, &again)?;
            let id = store::patrons::insert(
                tx,
                &store::public_id(now),
                &again,
                "counter",
                store::unix(now),
            )?;
            super::index(tx, id, &again)?;
        }
        Ok(report.patrons.created)
    })
}

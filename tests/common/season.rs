//! A venue and its season, as the tests and the benchmarks set them up
//! (benches/common includes this file): the venue with its administrator,
//! and season files written as JSON with the usual defaults.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use guichet::domain::Role;
use guichet::domain::venue::VenueSettings;
use guichet::operators::{self, NewOperator, Operator};
use guichet::programming::{season_file, venue};
use guichet::terminal::Terminal;

/// The administrator's PIN in every fixture.
pub const ADMIN_PIN: &str = "4826";

/// Sets the venue up with its administrator ("Admin"), then imports
/// `season` (a season file); the administrator, who sells and scans.
pub fn venue_with_season(
    t: &mut Terminal,
    settings: VenueSettings,
    season: &str,
    now: DateTime<Utc>,
) -> Operator {
    let system = operators::system(&t.store).expect("the system operator");
    let admin = NewOperator {
        name: "Admin".into(),
        role: Role::Admin,
        pin: ADMIN_PIN.into(),
        pin_again: ADMIN_PIN.into(),
    };
    let admin = venue::set_up(
        &mut t.store,
        &t.signer,
        &system.actor(),
        settings,
        &admin,
        now,
    )
    .expect("the venue is set up");
    let by = guichet::programming::By {
        operator: &system,
        signer: &t.signer,
        now,
    };
    season_file::import(&mut t.store, &by, season).expect("the season imports");
    open_drawer(t, now);
    admin
}

/// A season file: its time zone, tariffs (code, name, needs a proof),
/// halls, shows and performances.
pub fn season(
    time_zone: &str,
    tariffs: &[(&str, &str, bool)],
    halls: Vec<Value>,
    shows: Vec<Value>,
    performances: Vec<Value>,
) -> String {
    let tariffs: Vec<Value> = tariffs
        .iter()
        .map(|(code, name, proof)| {
            json!({"code": code, "name": name, "requires_proof": proof, "complimentary": false})
        })
        .collect();
    json!({
        "format": "guichet-season", "version": 1, "time_zone": time_zone,
        "tariffs": tariffs, "halls": halls, "shows": shows, "performances": performances
    })
    .to_string()
}

/// A show `id` of two hours or less (`minutes`), with its genre, show tax
/// ("CNM", "ASTP", "none") and VAT ("5.5").
pub fn show(id: &str, title: &str, genre: &str, tax: &str, vat: &str, minutes: i64) -> Value {
    json!({"id": id, "title": title, "artists": "", "genre": genre, "sibil_domain": "",
           "young_audience": false, "show_tax": tax, "vat": vat,
           "duration_minutes": minutes, "description": ""})
}

/// `per_row` seats in each of `rows` of one section, a metre apart.
pub fn seats(section: &str, rows: &[String], per_row: u32) -> Vec<Value> {
    rows.iter()
        .enumerate()
        .flat_map(|(r, row)| {
            (1..=per_row).map(move |n| {
                json!({"section": section, "row": row, "seat": n.to_string(),
                       "x": n as f64, "y": r as f64 + 1.0})
            })
        })
        .collect()
}

/// A numbered hall of these seats.
pub fn numbered_hall(id: &str, name: &str, seats: Vec<Value>) -> Value {
    json!({"id": id, "name": name, "kind": "numbered", "capacity": seats.len(),
           "venue_type": "THEATRE", "seats": seats})
}

/// A general-admission hall.
pub fn general_hall(id: &str, name: &str, capacity: usize) -> Value {
    json!({"id": id, "name": name, "kind": "general", "capacity": capacity,
           "venue_type": "SALLE_CONCERT"})
}

/// A performance on sale, one category `C1` (whole rows of `section` in a
/// numbered hall, none listed otherwise), and its tariffs' prices in C1.
pub fn performance(
    (id, show, hall): (&str, &str, &str),
    (starts, ends): (String, String),
    vat: &str,
    (section, rows): (&str, &[String]),
    prices: &[(&str, i64)],
) -> Value {
    let rows: Vec<Value> = rows
        .iter()
        .map(|row| json!({"section": section, "row": row}))
        .collect();
    let tariffs: Vec<Value> = prices
        .iter()
        .map(|(tariff, cents)| json!({"tariff": tariff, "prices_cents": {"C1": cents}}))
        .collect();
    json!({"id": id, "show": show, "hall": hall, "starts_at": starts, "ends_at": ends,
           "vat": vat, "status": "on_sale", "reentry_allowed": false,
           "categories": [{"code": "C1", "name": section, "colour": "#4a6fa5", "seats": rows}],
           "tariffs": tariffs})
}

/// Row names "A", "B", … for `n` rows (at most 26).
pub fn rows(n: usize) -> Vec<String> {
    (b'A'..=b'Z')
        .take(n)
        .map(|c| (c as char).to_string())
        .collect()
}

/// Opens the terminal's drawer on the day of `at` with a float of 100 €
/// (as the first clerk of the day does), counting an earlier day's session
/// left open at what it should hold.
pub fn open_drawer(t: &mut Terminal, at: DateTime<Utc>) {
    use guichet::domain::drawer::Counted;
    use guichet::till::{closings::TillError, drawer};
    let by = operators::system(&t.store).expect("the system operator");
    let zone = guichet::programming::venue::time_zone(&t.store);
    if let Some(s) = drawer::current(&t.store, t.signer.terminal_id).unwrap() {
        if s.day == at.with_timezone(&zone).date_naive() {
            return;
        }
        count_drawer(t, at);
    }
    let float = Counted::total(10_000).unwrap();
    match drawer::open(&mut t.store, &t.signer, &by, &float, at) {
        // A closed day opens no drawer: a sale then says the day is closed.
        Ok(_) | Err(TillError::Closed { .. }) => {}
        Err(e) => panic!("the drawer opens: {e:?}"),
    }
}

/// Counts the drawer open (if one is) at what it should hold, ending its
/// session, as a clerk does before the Z.
pub fn count_drawer(t: &mut Terminal, at: DateTime<Utc>) {
    use guichet::domain::drawer::Counted;
    use guichet::till::drawer;
    let by = operators::system(&t.store).expect("the system operator");
    if let Some(s) = drawer::current(&t.store, t.signer.terminal_id).unwrap() {
        let c = Counted::total(s.expected.total()).unwrap();
        drawer::count(&mut t.store, &t.signer, &by, &c, None, at).expect("the drawer is counted");
    }
}

//! Shared by the integration tests: a real database file in a fresh
//! temporary folder, and a way to see that nothing was written.
#![allow(dead_code)]

pub mod holders;
pub mod pg;
pub mod records;
pub mod season;
pub mod smtp;

#[allow(unused_imports)]
pub use season::{count_drawer, open_drawer};
pub mod window;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use guichet::counter::{self, Item, Place, SaleRequest, offer};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::ledger::Actor;
use guichet::operators::{self, Operator};
use guichet::programming::{self, demo};
use guichet::terminal::{Clock, Terminal};

/// A fixed "now": Monday 23 November 2026, 17:00 in Paris.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap()
}

/// The program's clock, set at [`now`].
pub fn clock() -> Clock {
    Clock::set_at(now())
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("guichet.db");
        Fixture { dir, db }
    }

    /// Opens (creating on first call) the database and this terminal's key.
    pub fn terminal(&self) -> Terminal {
        Terminal::open(&self.db, clock()).expect("terminal opens")
    }

    /// A terminal on a database holding the demo season.
    pub fn demo() -> (Fixture, Terminal) {
        let f = Fixture::new();
        let t = f.demo_season();
        (f, t)
    }

    /// A venue set up in a new file (its administrator Zoé Lambert, PIN
    /// 3579), with no season yet: another venue, or another terminal.
    pub fn bare_venue() -> (Fixture, Terminal) {
        let f = Fixture::new();
        let mut t = f.terminal();
        let by = actor(&t);
        programming::venue::set_up(
            &mut t.store,
            &t.signer,
            &by,
            guichet::domain::venue::VenueSettings::for_country(
                "Théâtre d'en face",
                guichet::domain::venue::Country::France,
            ),
            &operators::NewOperator {
                name: "Zoé Lambert".into(),
                role: guichet::domain::Role::Admin,
                pin: "3579".into(),
                pin_again: "3579".into(),
            },
            now(),
        )
        .unwrap();
        (f, t)
    }

    /// The demo season (not its patron file) loaded into this fixture's
    /// database, on a terminal.
    pub fn demo_season(&self) -> Terminal {
        self.demo_season_at(now())
    }

    /// [`Fixture::demo_season`] loaded at `at` (records after it may be
    /// dated earlier than [`now`]).
    pub fn demo_season_at(&self, at: DateTime<Utc>) -> Terminal {
        let mut t = Terminal::open(&self.db, Clock::set_at(at)).expect("terminal opens");
        let system = system(&t);
        demo::load(
            &mut t.store,
            &t.signer,
            &system.actor(),
            &demo::Source::Embedded,
            at,
        )
        .expect("demo loads");
        open_drawer(&mut t, at);
        t
    }

    /// A connection of our own to the file: the attacker's, or the
    /// inspector's.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("raw connection")
    }

    /// Every file of the folder with its size and a digest of its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, (usize, u64)> {
        snapshot(self.dir.path())
    }

    /// The number of rows of every table: equal before and after means
    /// nothing was written.
    pub fn rows(&self) -> BTreeMap<String, i64> {
        let c = self.raw();
        let tables: Vec<String> = c
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .expect("tables")
            .query_map([], |r| r.get(0))
            .expect("tables")
            .collect::<Result<_, _>>()
            .expect("tables");
        tables
            .into_iter()
            .map(|t| (t.clone(), count(&c, &t)))
            .collect()
    }
}

pub fn snapshot(dir: &Path) -> BTreeMap<String, (usize, u64)> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    std::fs::read_dir(dir)
        .expect("folder readable")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("file readable");
            let mut h = DefaultHasher::new();
            bytes.hash(&mut h);
            (
                e.file_name().to_string_lossy().into_owned(),
                (bytes.len(), h.finish()),
            )
        })
        .collect()
}

pub fn system(t: &Terminal) -> Operator {
    operators::system(&t.store).expect("system operator")
}

/// `operator` changing the season on the terminal of `signer`, at [`now`].
pub fn by<'a>(
    signer: &'a guichet::ledger::Signer,
    operator: &'a Operator,
) -> guichet::programming::By<'a> {
    guichet::programming::By {
        operator,
        signer,
        now: now(),
    }
}

pub fn actor(t: &Terminal) -> Actor {
    system(t).actor()
}

/// The window's message for a key pressed with these modifiers, as the
/// application's keyboard subscription would send it.
pub fn key(
    key: iced::keyboard::Key,
    modifiers: iced::keyboard::Modifiers,
) -> Option<guichet::ui::Message> {
    use iced::keyboard;
    let event = iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers,
        text: None,
        repeat: false,
    });
    guichet::ui::app::shortcut(
        event,
        iced::event::Status::Ignored,
        iced::window::Id::unique(),
    )
}

/// Counts rows of a table through a raw connection.
pub fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// Writes a live ticket for a seat (or a place) of a performance straight
/// into the database, as a sale will: enough for the rules that protect
/// what is sold, before the till sells anything.
pub fn ticket_for(conn: &rusqlite::Connection, performance: i64, seat: Option<i64>) {
    let next = |table: &str| -> i64 {
        conn.query_row(
            &format!("SELECT coalesce(max(id), 0) + 1 FROM {table}"),
            [],
            |r| r.get(0),
        )
        .expect("next id")
    };
    let (order, line, ticket) = (next("sale_order"), next("order_line"), next("ticket"));
    let (category, tariff): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT id FROM price_category WHERE performance_id = ?1 ORDER BY id LIMIT 1),
                    (SELECT id FROM tariff ORDER BY id LIMIT 1)",
            [performance],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a category and a tariff");
    conn.execute_batch(&format!(
        "INSERT INTO sale_order (id, public_id, terminal_id, number, operator_id, total, ledger_seq, created_at)
           VALUES ({order}, 'o{order}', 1, {order}, 1, 0, 1, 0);
         INSERT INTO order_line (id, order_id, performance_id, category_id, tariff_id, quantity,
           unit_price, tax_rate, amount_excl, amount_tax, amount_incl)
           VALUES ({line}, {order}, {performance}, {category}, {tariff}, 1, 0, 0, 0, 0, 0);
         INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id, seat_id, price, code, created_at)
           VALUES ('t{ticket}', 1, {ticket}, {line}, {performance}, {}, 0, 'X{ticket}', 0);",
        seat.map_or("NULL".to_owned(), |s| s.to_string())
    ))
    .expect("a ticket");
}

/// A Montreal venue with one small numbered hall ("Salle Molson", rows A–B
/// of 10 seats) and one performance tomorrow at 20:00, PLEIN at 33.33 $
/// before taxes.
pub fn quebec_season(t: &mut Terminal) {
    use guichet::domain::venue::{Country, VenueSettings};
    let venue = VenueSettings {
        gst_number: "123456789 RT0001".into(),
        qst_number: "1234567890 TQ0001".into(),
        ..VenueSettings::for_country("Théâtre du Plateau", Country::Quebec)
    };
    let tomorrow = (now() + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::America::Toronto)
        .date_naive();
    let rows = season::rows(2);
    let season = season::season(
        "America/Toronto",
        &[("PLEIN", "Régulier", false)],
        vec![season::numbered_hall(
            "h1",
            "Salle Molson",
            season::seats("Parterre", &rows, 10),
        )],
        vec![season::show(
            "s1",
            "Les Belles-sœurs",
            "theatre",
            "none",
            "0",
            120,
        )],
        vec![season::performance(
            ("p1", "s1", "h1"),
            (
                format!("{tomorrow}T20:00:00-05:00"),
                format!("{tomorrow}T22:00:00-05:00"),
            ),
            "0",
            ("Parterre", &rows),
            &[("PLEIN", 3333)],
        )],
    );
    season::venue_with_season(t, venue, &season, now());
}

/// A patron added to the file as the counter adds one.
pub fn patron(t: &mut Terminal, first: &str, last: &str, email: &str, phone: &str) -> i64 {
    let details = guichet::domain::patron::PatronDetails {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        phone: phone.into(),
        ..Default::default()
    };
    guichet::audience::create(&mut t.store, &details, "counter", now())
        .expect("patron")
        .0
        .id
}

/// A venue in Paris set up with the administrator "Admin" (PIN 4826) and a
/// single performance tomorrow at 20:00: in a general-admission club
/// (100 places, PLEIN 20 €) or a numbered hall (rows A–E of 10, PLEIN 25 €).
pub fn one_performance(t: &mut Terminal, numbered: bool) {
    let tomorrow = (now() + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let starts = tomorrow
        .and_hms_opt(20, 0, 0)
        .and_then(|m| m.and_local_timezone(chrono_tz::Europe::Paris).earliest())
        .expect("20:00 exists")
        .with_timezone(&chrono::Utc);
    performance_at(t, numbered, starts);
}

/// The club of [`one_performance`] with its performance starting in an
/// hour after [`now`]: inside the door's hours.
pub fn starting_soon(t: &mut Terminal) {
    use chrono::Timelike as _;
    let starts = now() + chrono::Duration::hours(1);
    performance_at(t, false, starts.with_nanosecond(0).unwrap_or(starts));
}

/// The club (or the numbered hall) of [`one_performance`], its one
/// performance starting at `starts` and lasting 90 minutes.
pub fn performance_at(t: &mut Terminal, numbered: bool, starts: chrono::DateTime<chrono::Utc>) {
    use guichet::domain::venue::{Country, VenueSettings};
    let rows = season::rows(5);
    let (hall, category, price) = if numbered {
        let seats = season::seats("Parterre", &rows, 10);
        (
            season::numbered_hall("h", "Salle", seats),
            ("Parterre", &rows[..]),
            2500,
        )
    } else {
        (
            season::general_hall("h", "Club", 100),
            ("Placement libre", &[][..]),
            2000,
        )
    };
    let ends = starts + chrono::Duration::minutes(90);
    let season = season::season(
        "Europe/Paris",
        &[("PLEIN", "Plein tarif", false), ("REDUIT", "Réduit", true)],
        vec![hall],
        vec![season::show(
            "s",
            "Le Concert d’essai",
            "music",
            "CNM",
            "5.5",
            90,
        )],
        vec![season::performance(
            ("p", "s", "h"),
            (starts.to_rfc3339(), ends.to_rfc3339()),
            "5.5",
            category,
            &[("PLEIN", price), ("REDUIT", price - 500)],
        )],
    );
    let venue = VenueSettings::for_country("Salle des Essais", Country::France);
    season::venue_with_season(t, venue, &season, now());
}

/// Runs the real `guichet` binary on a database, with no input and the
/// environment's usual database out of the way.
pub fn guichet(db: &str, args: &[&str]) -> std::process::Output {
    command(db, args).output().expect("guichet runs")
}

/// The demo season's administrator and her PIN.
pub const DEMO_ADMIN: (&str, &str) = ("Camille Roche", "2468");

/// The administrator of the fixtures' venues ([`one_performance`]...).
pub const ADMIN: (&str, &str) = ("Admin", "4826");

/// [`guichet`] acting as an operator, their PIN in `GUICHET_PIN`.
pub fn guichet_as(db: &str, (name, pin): (&str, &str), args: &[&str]) -> std::process::Output {
    command(db, args)
        .env("GUICHET_OPERATOR", name)
        .env("GUICHET_PIN", pin)
        .output()
        .expect("guichet runs")
}

/// The real `guichet` binary, its clock stopped at [`now`].
pub fn binary() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_guichet"));
    c.env(guichet::terminal::CLOCK_ENV, now().to_rfc3339());
    c
}

/// The real `guichet` binary on a database, with no input and the
/// environment's database and operator out of the way.
pub fn command(db: &str, args: &[&str]) -> std::process::Command {
    let mut c = binary();
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("GUICHET_DB")
        .env_remove("GUICHET_OPERATOR")
        .env_remove("GUICHET_PIN")
        .stdin(std::process::Stdio::null());
    c
}

/// The first performance on sale in a hall of the demo, and its start.
pub fn next_in(t: &Terminal, hall: &str) -> (i64, DateTime<Utc>) {
    programming::upcoming(&t.store, now(), 100)
        .unwrap()
        .into_iter()
        .find(|p| p.hall == hall)
        .map(|p| (p.id, p.starts_at))
        .unwrap_or_else(|| panic!("a performance in {hall}"))
}

/// Sells `n` tickets of a tariff, paid in cash: general admission, or the
/// best seats of a numbered hall.
pub fn sell_some(t: &mut Terminal, performance: i64, tariff: &str, n: usize) -> counter::Sold {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    let tariff = offer.tariff(tariff).unwrap().tariff.id;
    let place = match offer.seats.first() {
        Some(_) => None,
        None => Some(Place::Unnumbered),
    };
    let seats: Vec<Place> = match place {
        Some(p) => vec![p; n],
        None => offer
            .best(n)
            .unwrap()
            .into_iter()
            .map(Place::Seat)
            .collect(),
    };
    let by = system(t);
    let request = SaleRequest {
        quoted: Vec::new(),
        items: seats
            .into_iter()
            .map(|place| Item {
                performance_id: performance,
                place,
                tariff_id: tariff,
            })
            .collect(),
        tenders: vec![Tender {
            voucher: None,
            method: Method::Cash,
            amount: Cents(100_000),
        }],
        ..SaleRequest::default()
    };
    open_drawer(t, now());
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap()
}

/// The request of `n` tickets of a tariff for a performance (general
/// admission, or the first slot of a timed one), paid by `tenders`.
pub fn request(
    t: &Terminal,
    performance: i64,
    tariff: &str,
    n: usize,
    tenders: Vec<Tender>,
) -> SaleRequest {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    let tariff = offer.tariff(tariff).unwrap().tariff.id;
    let place = match offer.slots.first() {
        Some(slot) => Place::Slot(slot.id),
        None => Place::Unnumbered,
    };
    SaleRequest {
        quoted: Vec::new(),
        items: vec![
            Item {
                performance_id: performance,
                place,
                tariff_id: tariff,
            };
            n
        ],
        tenders,
        ..SaleRequest::default()
    }
}

/// A tariff's price for a performance's first category.
pub fn price(t: &Terminal, performance: i64, tariff: &str) -> Cents {
    let offer = offer::load(&t.store, performance, None, now()).unwrap();
    offer.tariff(tariff).unwrap().prices[&offer.categories[0].id]
}

/// Sells a request as the system operator, at `at`.
pub fn sell_at(
    t: &mut Terminal,
    request: &SaleRequest,
    at: DateTime<Utc>,
) -> Result<counter::Sold, counter::CounterError> {
    open_drawer(t, at);
    let by = system(t);
    counter::sell::sell(&mut t.store, &t.signer, &by, request, at)
}

/// The demo with two club tickets sold on 23 November (the drawer counted),
/// the day closed then, and November closed on 2 December.
pub fn november_closed() -> (Fixture, Terminal) {
    use guichet::domain::closing::Period;
    use guichet::till::closings;
    let (f, mut t) = Fixture::demo();
    let by = system(&t);
    let club = next_in(&t, "Le Club").0;
    sell_some(&mut t, club, "PLEIN", 2);
    count_drawer(&mut t, now());
    let monday = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    closings::close_day(&mut t.store, &t.signer, &by, monday, now()).unwrap();
    let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    closings::close_period(
        &mut t.store,
        &t.signer,
        &by,
        Period::Month,
        november,
        december(),
    )
    .unwrap();
    (f, t)
}

/// 2 December 2026, after November's closing.
pub fn december() -> DateTime<Utc> {
    now() + chrono::Duration::days(9)
}

/// Joins the terminal to the central database at `url` as `kind`, enrolled
/// by its own system administrator.
pub fn join(
    t: &mut Terminal,
    url: &str,
    kind: guichet::central::TerminalKind,
) -> guichet::central::join::Joined {
    let admin = system(t);
    guichet::central::join::join(&mut t.store, &t.signer, &admin, (url, None), kind, now())
        .expect("joined")
}

/// A fresh central database on a throw-away cluster, and the demo venue's
/// counter joined to it, its season published (offered): None, said, when
/// PostgreSQL is not installed.
pub fn central_demo(test: &str) -> Option<(pg::Cluster, String, Fixture, Terminal)> {
    if !pg::available(test) {
        return None;
    }
    let cluster = pg::Cluster::start();
    let url = cluster.database("venue");
    guichet::central::init::init(&url, None).unwrap();
    let (f, mut t) = Fixture::demo();
    join(&mut t, &url, guichet::central::TerminalKind::Counter);
    let by = system(&t);
    guichet::central::season::publish(&mut t.store, &by, now()).unwrap();
    Some((cluster, url, f, t))
}

/// Sets the largest file this process may write, and makes a write past it
/// fail rather than end the process: a full disk, for the test binaries
/// that run alone (it holds for the whole process).
#[cfg(unix)]
pub fn limit_files(bytes: u64) {
    // SAFETY: plain system calls on this process's own limits.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit);
        limit.rlim_cur = bytes.min(limit.rlim_max);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

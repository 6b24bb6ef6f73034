//! Looking after the database: set-up, the demo, verify, info, the
//! terminal's keys, the operators.

use std::path::PathBuf;

use guichet::domain::venue::{Country, VenueSettings, parse_time_zone};
use guichet::domain::{Currency, Role};
use guichet::ledger::{keys, rotation, verify};
use guichet::operators::{self, NewOperator};
use guichet::programming::{self, demo};
use guichet::store::{self, Store, StoreError};

use super::{Failure, Run, read_pin};

pub fn verify(run: &Run) -> Result<(), Failure> {
    let db = run.db();
    let store = Store::open_read_only(db)?;
    store.check_integrity()?;
    let report = verify::verify(&store)?;
    if !report.is_intact() {
        return Err(Failure(report.summary(), 1));
    }
    // The key beside the database must be the one its ledger names.
    let key_path = keys::key_path(db);
    match keys::load(&key_path) {
        Ok(None) => eprintln!(
            "guichet: no terminal key at {}: this copy can be verified but not used to sell",
            key_path.display()
        ),
        Ok(Some(key)) => {
            let public = key.public().to_bytes();
            let problem = match whose_key(&store, &public)? {
                None => Some("belongs to another database".to_owned()),
                Some(k) if k.number < k.of => Some(format!(
                    "is key {} of terminal \"{}\", retired since: it now signs with key {}",
                    k.number, k.terminal, k.current
                )),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                return Err(Failure(
                    format!(
                        "{} (but the key file {} {problem})",
                        report.summary(),
                        key_path.display()
                    ),
                    1,
                ));
            }
        }
        Err(e) => return Err(Failure(format!("{} (but {e})", report.summary()), 1)),
    }
    println!("{}", report.summary());
    Ok(())
}

pub fn info(run: &Run) -> Result<(), Failure> {
    let db = run.db();
    let store = Store::open_read_only(db)?;
    println!("database   {}", db.display());
    println!("key        {}", keys::key_path(db).display());
    let terminals = store.read(|tx| {
        let mut found = Vec::new();
        for t in store::terminals::all(tx)? {
            let current = store::terminals::current_key(tx, t.id)?;
            found.push((t.name, current));
        }
        Ok::<_, StoreError>(found)
    })?;
    for (name, current) in terminals {
        if let Some(k) = current {
            println!(
                "terminal   {name}: signs with key {} (number {}; `guichet key list` for all)",
                k.key_id, k.number
            );
        }
    }
    match programming::venue::load(&store)? {
        Some(v) => println!(
            "venue      {} ({}, {}, {}){}",
            v.settings.name,
            v.settings.country.code(),
            v.settings.currency,
            v.settings.time_zone.name(),
            if v.is_demo { " — demo" } else { "" }
        ),
        None => println!("venue      not set up yet"),
    }
    let p = store.pragmas()?;
    println!(
        "sqlite     schema v{}, journal {}, synchronous {} (2 = FULL), foreign keys {}, busy timeout {} ms, page {} bytes",
        p.schema_version,
        p.journal_mode,
        p.synchronous,
        p.foreign_keys,
        p.busy_timeout_ms,
        p.page_size
    );
    let c = programming::counts(&store)?;
    println!(
        "season     {} halls, {} seats, {} shows, {} performances, {} tariffs",
        c.halls, c.seats, c.shows, c.performances, c.tariffs
    );
    Ok(())
}

/// Which terminal a public key is a key of, its number, and the terminal's
/// current key.
struct KeyOwner {
    terminal: String,
    number: i64,
    of: i64,
    current: String,
}

fn whose_key(store: &Store, public: &[u8]) -> Result<Option<KeyOwner>, StoreError> {
    store.read(|tx| {
        for t in store::terminals::all(tx)? {
            let keys = store::terminals::keys(tx, t.id)?;
            if let (Some(k), Some(last)) =
                (keys.iter().find(|k| k.public_key == public), keys.last())
            {
                return Ok(Some(KeyOwner {
                    terminal: t.name,
                    number: k.number,
                    of: last.number,
                    current: last.key_id.clone(),
                }));
            }
        }
        Ok(None)
    })
}

/// `guichet key list`: every key each terminal has signed with.
pub fn key_list(run: &Run) -> Result<(), Failure> {
    let store = Store::open_read_only(run.db())?;
    let zone = programming::venue::load(&store)?.map_or(chrono_tz::UTC, |v| v.settings.time_zone);
    let listed = store.read(|tx| {
        let mut listed = Vec::new();
        for t in store::terminals::all(tx)? {
            let keys = store::terminals::keys(tx, t.id)?;
            listed.push((t, keys));
        }
        Ok::<_, StoreError>(listed)
    })?;
    for (terminal, keys) in listed {
        let last = keys.last().map(|k| k.number);
        for k in &keys {
            let since = store::instant(k.created_at).with_timezone(&zone);
            println!(
                "{}\tkey {}\t{}\tsince {}\t{}",
                terminal.name,
                k.number,
                k.key_id,
                since.format("%Y-%m-%d %H:%M"),
                if Some(k.number) == last {
                    "signs now"
                } else {
                    "retired (still verifies what it signed)"
                }
            );
        }
    }
    Ok(())
}

/// `guichet key rotate`: this terminal signs with a new key from now on.
pub fn key_rotate(run: &Run, reason: &str) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let old = t.signer.key_id.clone();
    let key_path = keys::key_path(run.db());
    let new = rotation::rotate_key(
        &mut t.store,
        &mut t.signer,
        &key_path,
        &by,
        reason,
        run.now(),
    )?;
    println!(
        "terminal \"{}\" now signs with key {} (number {}); key {old} is retired and still verifies what it signed. Back up {} now: the old copy can no longer sign.",
        t.signer.terminal_name,
        new.key_id,
        new.number,
        key_path.display()
    );
    Ok(())
}

/// `guichet demo [--from DIR]`: the demo season into an empty database.
pub fn demo(run: &Run, from: Option<PathBuf>) -> Result<(), Failure> {
    let source = from.map_or(demo::Source::Embedded, demo::Source::Folder);
    let prepared = demo::prepare(&source, run.now())?;
    let (mut t, by) = run.open(true)?;
    let loaded = prepared.load(&mut t.store, &t.signer, &by.actor())?;
    println!(
        "demo season loaded into {}: {} — {} halls ({} seats), {} shows, {} performances",
        run.db().display(),
        loaded.venue,
        loaded.halls,
        loaded.seats,
        loaded.shows,
        loaded.performances
    );
    for op in loaded.operators {
        println!("  operator {} ({}), PIN {}", op.name, op.role, op.pin);
    }
    Ok(())
}

/// What `guichet setup` was given.
pub struct Setup {
    pub name: String,
    pub country: Country,
    pub currency: Option<Currency>,
    pub time_zone: Option<String>,
    pub licence: String,
    pub admin: String,
}

/// `guichet setup …`: the venue and its first administrator (the PIN from
/// standard input).
pub fn setup(run: &Run, given: Setup) -> Result<(), Failure> {
    let mut settings = VenueSettings::for_country(&given.name, given.country);
    if let Some(c) = given.currency {
        settings.currency = c;
    }
    if let Some(zone) = given.time_zone {
        settings.time_zone = parse_time_zone(&zone)?;
    }
    settings.licence_number = given.licence;
    let pin = read_pin()?;
    let new = NewOperator {
        name: given.admin,
        role: Role::Admin,
        pin: pin.clone(),
        pin_again: pin,
    };
    // Everything typed is checked before the file is opened (or made).
    settings = settings
        .validated()
        .map_err(programming::venue::SetupError::Venue)?;
    operators::check_new(&new)?;
    let (mut t, by) = run.open(true)?;
    let admin = programming::venue::set_up(
        &mut t.store,
        &t.signer,
        &by.actor(),
        settings,
        &new,
        run.now(),
    )?;
    println!(
        "{} set up in {}; administrator {}",
        given.name,
        run.db().display(),
        admin.name
    );
    Ok(())
}

/// `guichet operator list`.
pub fn operator_list(run: &Run) -> Result<(), Failure> {
    let store = Store::open_read_only(run.db())?;
    for op in operators::people(&store)? {
        println!(
            "{}\t{}\t{}",
            op.name,
            op.role,
            if op.active { "active" } else { "inactive" }
        );
    }
    Ok(())
}

/// `guichet operator add NAME --role ROLE` (the PIN from standard input).
pub fn operator_add(run: &Run, name: String, role: Role) -> Result<(), Failure> {
    let pin = read_pin()?;
    let new = NewOperator {
        name,
        role,
        pin: pin.clone(),
        pin_again: pin,
    };
    operators::check_new(&new)?;
    let (mut t, by) = run.open(false)?;
    let op = operators::create(&mut t.store, &t.signer, &by, &new, run.now())?;
    println!("operator {} ({}) created", op.name, op.role);
    Ok(())
}

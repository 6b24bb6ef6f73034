//! Looking after the database: set-up, the demo, verify, info, the
//! terminal's keys, the operators.

use std::path::{Path, PathBuf};

use guichet::domain::journal::Witness;
use guichet::domain::venue::{Country, VenueSettings, parse_time_zone};
use guichet::domain::{Currency, Locale, Role};
use guichet::operators::{self, NewOperator};
use guichet::programming::{self, demo};
use guichet::terminal::{self, KeyFile};
use guichet::till;
use guichet::ui::i18n::journal;

use super::{Failure, Run, read_pin};

pub fn verify(run: &Run) -> Result<(), Failure> {
    let db = run.db();
    let store = terminal::read_only(db)?;
    store.check_integrity()?;
    let report = till::verify(&store)?;
    if !report.is_intact() {
        return Err(Failure(report.summary(), 1));
    }
    match report.witness {
        Witness::Held => {}
        Witness::Missing => eprintln!(
            "guichet: no signed head beside the database ({}): records cut off the end of the ledger could not be seen",
            till::head_path(db).display()
        ),
        Witness::Unreadable => eprintln!(
            "guichet: the signed head beside the database ({}) does not read or was not signed by this terminal: records cut off the end of the ledger could not be seen",
            till::head_path(db).display()
        ),
    }
    // The key beside the database must be the one its ledger names.
    let problem = match terminal::key_file(&store, db) {
        Ok(KeyFile::Missing(path)) => {
            eprintln!(
                "guichet: no terminal key at {}: this copy can be verified but not used to sell",
                path.display()
            );
            None
        }
        Ok(KeyFile::Foreign(path)) => Some((path, "belongs to another database".to_owned())),
        Ok(KeyFile::Of(k, path)) if k.retired() => Some((
            path,
            format!(
                "is key {} of terminal \"{}\", retired since: it now signs with key {}",
                k.number, k.terminal, k.current.key_id
            ),
        )),
        Ok(KeyFile::Of(..)) => None,
        Err(e) => return Err(Failure(format!("{} (but {e})", report.summary()), 1)),
    };
    if let Some((path, problem)) = problem {
        return Err(Failure(
            format!(
                "{} (but the key file {} {problem})",
                report.summary(),
                path.display()
            ),
            1,
        ));
    }
    println!("{}", report.summary());
    Ok(())
}

pub fn info(run: &Run) -> Result<(), Failure> {
    let db = run.db();
    let store = terminal::read_only(db)?;
    println!("database   {}", db.display());
    println!(
        "key        {}",
        guichet::terminal::key_path_of(db).display()
    );
    for t in terminal::key_list(&store)? {
        if let Some(k) = t.keys.iter().find(|k| k.current) {
            println!(
                "terminal   {}: signs with key {} (number {}; `guichet key list` for all)",
                t.terminal, k.key_id, k.number
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

/// `guichet key list`: every key each terminal has signed with.
pub fn key_list(run: &Run) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let zone = programming::venue::time_zone(&store);
    for t in terminal::key_list(&store)? {
        for k in &t.keys {
            println!(
                "{}\tkey {}\t{}\tsince {}\t{}",
                t.terminal,
                k.number,
                k.key_id,
                k.since.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
                if k.current {
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
    let new = t.rotate_key(&by, reason)?;
    println!(
        "terminal \"{}\" now signs with key {} (number {}); key {old} is retired and still verifies what it signed. Back up {} now: the old copy can no longer sign.",
        t.signer.terminal_name,
        new.key_id,
        new.number,
        t.key_path().display()
    );
    Ok(())
}

/// `guichet demo [--from DIR]`: the demo season into an empty database.
pub fn demo(run: &Run, from: Option<PathBuf>) -> Result<(), Failure> {
    let source = from.map_or(demo::Source::Embedded, demo::Source::Folder);
    let prepared = demo::prepare(&source, run.now())?;
    let (mut t, by) = run.open(true)?;
    let loaded = prepared.load(&mut t.store, &t.signer, &by.actor())?;
    let patrons = demo::patrons(&mut t.store, &t.signer, run.now())?;
    println!(
        "demo season loaded into {}: {} — {} halls ({} seats), {} shows, {} performances",
        run.db().display(),
        loaded.venue,
        loaded.halls,
        loaded.seats,
        loaded.shows,
        loaded.performances
    );
    println!("  {patrons} patrons with three past seasons of attendance");
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

/// `guichet journal [--since DATE] [--json]`: who did what, chain by chain.
pub fn journal(run: &Run, since: Option<&str>, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let zone = programming::venue::time_zone(&store);
    let currency = programming::venue::load(&store)?.map_or(Currency::Eur, |v| v.settings.currency);
    let shown = journal::Shown {
        locale: Locale::En,
        currency,
        zone,
    };
    let from = match since {
        None => chrono::DateTime::<chrono::Utc>::MIN_UTC,
        Some(text) => {
            let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| Failure(format!("\"{text}\" is not a date: use YYYY-MM-DD"), 2))?;
            guichet::domain::season::local_instant(zone, day, chrono::NaiveTime::MIN)
                .map_err(|_| Failure(format!("{text} has no midnight in {zone}"), 2))?
        }
    };
    let entries = till::journal_since(&store, from)?;
    if as_json {
        let list: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                let mut entry = serde_json::json!({
                    "chain": e.chain.map(|c| c.as_str()),
                    "seq": e.seq,
                    "kind": e.code,
                    "at": e.at.map(|t| t.to_rfc3339()),
                    "operator": e.operator,
                });
                if let Some(change) = &e.change {
                    entry["change"] = serde_json::to_value(change).unwrap_or_default();
                }
                entry
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    for e in &entries {
        let at = e.at.map_or_else(
            || "?".to_owned(),
            |t| {
                t.with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            },
        );
        let chain = e.chain.map_or("?", |c| c.as_str());
        println!("{at}  {chain} #{}\t{}\t{}", e.seq, e.code, e.operator);
        if let Some(change) = &e.change {
            println!(
                "    {}: {}",
                journal::title(change, Locale::En),
                change.label
            );
            for line in journal::lines(change, shown) {
                println!("      {line}");
            }
        }
    }
    Ok(())
}

/// `guichet venue set [--name N] [--licence L] …`: the venue's identity,
/// changed by an administrator and journaled.
pub fn venue_set(run: &Run, identity: super::args::VenueIdentity) -> Result<(), Failure> {
    let (mut t, operator) = run.open(false)?;
    let Some(venue) = programming::venue::load(&t.store)? else {
        return Err(Failure(
            "the venue is not set up yet: run `guichet setup` first".into(),
            2,
        ));
    };
    let mut settings = venue.settings;
    let super::args::VenueIdentity {
        name,
        legal_name,
        licence,
        siret,
        gst,
        qst,
        address,
        postcode,
        city,
        vat_exempt,
    } = identity;
    for (given, field) in [
        (name, &mut settings.name),
        (legal_name, &mut settings.legal_name),
        (licence, &mut settings.licence_number),
        (siret, &mut settings.siret),
        (gst, &mut settings.gst_number),
        (qst, &mut settings.qst_number),
        (address, &mut settings.address),
        (postcode, &mut settings.postcode),
        (city, &mut settings.city),
    ] {
        if let Some(given) = given {
            *field = given;
        }
    }
    if let Some(exempt) = vat_exempt {
        settings.vat_exempt = exempt;
    }
    let by = programming::By {
        operator: &operator,
        signer: &t.signer,
        now: run.now(),
    };
    let venue = programming::venue::change(&mut t.store, &by, settings)
        .map_err(|e| Failure(e.to_string(), 2))?;
    println!("{}", venue.settings.name);
    Ok(())
}

/// `guichet venue logo [FILE | --remove | --out FILE]`.
pub fn venue_logo(
    run: &Run,
    file: Option<&Path>,
    remove: bool,
    out: Option<&Path>,
) -> Result<(), Failure> {
    if file.is_none() && !remove {
        let store = terminal::read_only(run.db())?;
        let logo = programming::venue::logo(&store)?;
        let how = "`guichet venue logo FILE.png` sets one";
        return super::say_picture(("logo", how), logo.as_ref(), out);
    }
    let (mut t, operator) = run.open(false)?;
    let by = programming::By {
        operator: &operator,
        signer: &t.signer,
        now: run.now(),
    };
    let refused = |e: programming::ProgrammingError| Failure(e.to_string(), 2);
    match file {
        Some(file) => {
            let png = programming::venue::read_picture(file).map_err(refused)?;
            let logo = programming::venue::set_logo(&mut t.store, &by, png).map_err(refused)?;
            println!(
                "logo set: {} × {} pixels, on tickets and e-mails from now on",
                logo.width, logo.height
            );
        }
        None => {
            if programming::venue::remove_logo(&mut t.store, &by).map_err(refused)? {
                println!("logo removed");
            } else {
                println!("no logo was set");
            }
        }
    }
    Ok(())
}

/// `guichet operator list`.
pub fn operator_list(run: &Run) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
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

/// `guichet operator add NAME --role ROLE`: the new operator's PIN from
/// standard input (after the acting administrator's, unless in GUICHET_PIN).
pub fn operator_add(run: &Run, name: String, role: Role) -> Result<(), Failure> {
    // Who acts first (their PIN on the first line, unless in GUICHET_PIN),
    // then the new operator's PIN.
    let (mut t, by) = run.open(false)?;
    let pin = read_pin()?;
    let new = NewOperator {
        name,
        role,
        pin: pin.clone(),
        pin_again: pin,
    };
    operators::check_new(&new)?;
    let op = operators::create(&mut t.store, &t.signer, &by, &new, run.now())?;
    println!("operator {} ({}) created", op.name, op.role);
    Ok(())
}

//! The `guichet` program: with no subcommand it opens the window; the
//! subcommands script the same job functions the window uses. It never
//! prompts: it acts as the operator named by `--operator` (by default the
//! built-in system operator), recorded in the ledger like any other.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand};

use guichet::domain::venue::{Country, VenueSettings, parse_time_zone};
use guichet::domain::{Currency, Locale, Role};
use guichet::ledger::verify;
use guichet::operators::{self, NewOperator};
use guichet::programming::{self, demo};
use guichet::store::{Opened, Store};
use guichet::terminal::{self, Terminal};

#[derive(Parser)]
#[command(
    name = "guichet",
    version,
    about = "Box office for small cultural venues"
)]
struct Cli {
    /// Database file [default: $GUICHET_DB, else guichet.db in the
    /// platform's data folder]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Operator the command acts as (default: the built-in system operator)
    #[arg(long, global = true, value_name = "NAME")]
    operator: Option<String>,
    /// Interface language of the window: fr (default), fr-CA or en
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_locale)]
    lang: Option<Locale>,
    /// Open the demo database (demo.db beside the usual one, never the usual
    /// one itself), filling it with the demo season the first time
    #[arg(long)]
    demo: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Fill an empty database with the demo season
    Demo {
        /// Folder holding a season.json to load instead of the built-in demo
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
    /// Set up the venue and its first administrator (the admin's PIN is read
    /// from the first line of standard input)
    Setup {
        #[arg(long)]
        name: String,
        /// FR (France) or QC (Quebec)
        #[arg(long, value_parser = parse_country)]
        country: Country,
        /// EUR or CAD [default: from the country]
        #[arg(long, value_parser = parse_currency)]
        currency: Option<Currency>,
        /// IANA time zone [default: Europe/Paris or America/Toronto]
        #[arg(long)]
        time_zone: Option<String>,
        /// Live-show licence number (France), e.g. PLATESV-D-2024-001234
        #[arg(long, default_value = "")]
        licence: String,
        /// Name of the first administrator
        #[arg(long)]
        admin: String,
    },
    /// Check the database file and the ledger: exit 0 when intact, 1 when
    /// broken (naming the first broken record)
    Verify,
    /// Where the data lives, the venue, this terminal and the season
    Info,
    /// Operators: list them, or add one (PIN read from standard input)
    #[command(subcommand)]
    Operator(OperatorCommand),
}

#[derive(Subcommand)]
enum OperatorCommand {
    List,
    Add {
        name: String,
        /// clerk, coordinator or admin
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_locale(s: &str) -> Result<Locale, String> {
    Locale::parse(s).ok_or_else(|| format!("\"{s}\" is not a language: use fr, fr-CA or en"))
}
fn parse_country(s: &str) -> Result<Country, String> {
    Country::from_code(&s.to_uppercase()).ok_or_else(|| format!("\"{s}\": use FR or QC"))
}
fn parse_currency(s: &str) -> Result<Currency, String> {
    Currency::from_code(&s.to_uppercase()).ok_or_else(|| format!("\"{s}\": use EUR or CAD"))
}
fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or_else(|| format!("\"{s}\": use clerk, coordinator or admin"))
}

/// A failure to report: the message, and the exit code.
struct Failure(String, u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string(), 2)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("guichet: {message}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let usual = std::env::var_os(terminal::DB_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(terminal::default_db_path);
    let db = match (&cli.db, cli.demo) {
        (Some(db), _) => db.clone(),
        (None, true) => usual.with_file_name("demo.db"),
        (None, false) => usual,
    };
    let Some(command) = cli.command else {
        return guichet::ui::run(guichet::ui::Launch {
            db,
            lang: cli.lang,
            demo: cli.demo,
        })
        .map_err(|e| Failure(e.to_string(), 2));
    };
    let now = Utc::now();
    match command {
        Command::Verify => verify_command(&db),
        Command::Info => info(&db),
        Command::Demo { from } => {
            let source = from.map_or(demo::Source::Embedded, demo::Source::Folder);
            let prepared = demo::prepare(&source, now)?;
            let (mut t, by) = open(&db, cli.operator.as_deref(), true)?;
            let loaded = prepared.load(&mut t.store, &t.signer, &by.actor())?;
            println!(
                "demo season loaded into {}: {} — {} halls ({} seats), {} shows, {} performances",
                db.display(),
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
        Command::Setup {
            name,
            country,
            currency,
            time_zone,
            licence,
            admin,
        } => {
            let mut settings = VenueSettings::for_country(&name, country);
            if let Some(c) = currency {
                settings.currency = c;
            }
            if let Some(zone) = time_zone {
                settings.time_zone = parse_time_zone(&zone)?;
            }
            settings.licence_number = licence;
            let pin = read_pin()?;
            let new = NewOperator {
                name: admin,
                role: Role::Admin,
                pin: pin.clone(),
                pin_again: pin,
            };
            // Everything typed is checked before the file is opened (or made).
            settings = settings
                .validated()
                .map_err(programming::venue::SetupError::Venue)?;
            operators::check_new(&new)?;
            let (mut t, by) = open(&db, cli.operator.as_deref(), true)?;
            let admin = programming::venue::set_up(
                &mut t.store,
                &t.signer,
                &by.actor(),
                settings,
                &new,
                now,
            )?;
            println!(
                "{} set up in {}; administrator {}",
                name,
                db.display(),
                admin.name
            );
            Ok(())
        }
        Command::Operator(OperatorCommand::List) => {
            let store = Store::open_read_only(&db)?;
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
        Command::Operator(OperatorCommand::Add { name, role }) => {
            let pin = read_pin()?;
            let new = NewOperator {
                name,
                role,
                pin: pin.clone(),
                pin_again: pin,
            };
            operators::check_new(&new)?;
            let (mut t, by) = open(&db, cli.operator.as_deref(), false)?;
            let op = operators::create(&mut t.store, &t.signer, &by, &new, now)?;
            println!("operator {} ({}) created", op.name, op.role);
            Ok(())
        }
    }
}

/// Opens the terminal for a command that writes, and the operator it acts
/// as. Only `demo` and `setup` may make a new database; a named operator
/// needs a database that has them.
fn open(
    db: &std::path::Path,
    operator: Option<&str>,
    may_create: bool,
) -> Result<(Terminal, guichet::operators::Operator), Failure> {
    if !db.exists() && (!may_create || operator.is_some()) {
        return Err(Failure(
            format!(
                "there is no database at {}: make one with `guichet setup` or `guichet demo`",
                db.display()
            ),
            2,
        ));
    }
    let t = Terminal::open(db, Utc::now())?;
    if let Opened::Migrated { from } = t.opened {
        eprintln!(
            "guichet: {} upgraded from schema version {from}",
            db.display()
        );
    }
    let by = operators::for_command_line(&t.store, operator)?;
    Ok((t, by))
}

/// The PIN, from the first line of standard input (the command line never
/// prompts, so scripts can pipe it in).
fn read_pin() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pin = line.trim().to_owned();
    if pin.is_empty() {
        return Err(Failure(
            "no PIN on standard input: pipe it in, e.g. echo 2468 | guichet ...".into(),
            2,
        ));
    }
    Ok(pin)
}

fn verify_command(db: &std::path::Path) -> Result<(), Failure> {
    let store = Store::open_read_only(db)?;
    store.check_integrity()?;
    let report = verify::verify(&store)?;
    if !report.is_intact() {
        return Err(Failure(report.summary(), 1));
    }
    // The key beside the database must be the one its ledger names.
    let key_path = guichet::ledger::keys::key_path(db);
    match guichet::ledger::keys::load(&key_path) {
        Ok(None) => eprintln!(
            "guichet: no terminal key at {}: this copy can be verified but not used to sell",
            key_path.display()
        ),
        Ok(Some(key)) => {
            let public = key.public().to_bytes();
            let terminals = store.read(guichet::store::terminals::all)?;
            if !terminals.iter().any(|t| t.public_key == public) {
                return Err(Failure(
                    format!(
                        "{} (but the key file {} belongs to another database)",
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

fn info(db: &std::path::Path) -> Result<(), Failure> {
    let store = Store::open_read_only(db)?;
    println!("database   {}", db.display());
    println!(
        "key        {}",
        guichet::ledger::keys::key_path(db).display()
    );
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
        "sqlite     schema v{}, journal {}, synchronous {} (2 = FULL), foreign keys {}, busy timeout {} ms",
        p.schema_version, p.journal_mode, p.synchronous, p.foreign_keys, p.busy_timeout_ms
    );
    let c = programming::counts(&store)?;
    println!(
        "season     {} halls, {} seats, {} shows, {} performances, {} tariffs",
        c.halls, c.seats, c.shows, c.performances, c.tariffs
    );
    Ok(())
}

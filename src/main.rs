//! The `guichet` program: with no subcommand it opens the window; the
//! subcommands script the same job functions the window uses. It never
//! prompts: it acts as the operator named by `--operator` (by default the
//! built-in system operator), recorded in the ledger like any other.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand};

mod cli;

use cli::{Failure, open, read_pin};

use guichet::domain::venue::{Country, VenueSettings, parse_time_zone};
use guichet::domain::{Currency, Locale, Role};
use guichet::operators::{self, NewOperator};
use guichet::programming::{self, demo};
use guichet::store::Store;
use guichet::terminal;

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
    /// The terminal's signing keys: list them, or change to a new one
    #[command(subcommand)]
    Key(KeyCommand),
    /// Every performance: id, show, date, hall, capacity, sold, held, available
    Performances {
        #[arg(long)]
        json: bool,
    },
    /// The whole season as a file: export, import (twice changes nothing),
    /// or write it as iCalendar
    #[command(subcommand)]
    Season(SeasonCommand),
    /// Seat plans as CSV (section,row,seat,x,y[,flags])
    #[command(subcommand)]
    Hall(HallCommand),
    /// Sell tickets: one transaction (tickets, order, payments, ledger)
    Sell(cli::counter::SellArgs),
    /// Orders: find them by number, ticket, code, name, e-mail or phone
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Cancel tickets of an order (all by default) and refund them
    Cancel {
        order: i64,
        #[arg(long, value_delimiter = ',', value_name = "N,…")]
        tickets: Vec<i64>,
        /// cash, card, cheque or voucher
        #[arg(long, value_name = "METHOD")]
        refund: String,
        #[arg(long)]
        json: bool,
    },
    /// Exchange tickets of an order for new ones (same options as sell):
    /// the tickets given back pay for the new ones, the difference is paid
    /// with --pay or refunded by --refund
    Exchange {
        order: i64,
        /// The tickets given back (all of the order's when none)
        #[arg(long, value_delimiter = ',', value_name = "N,…")]
        tickets: Vec<i64>,
        /// How a difference in the customer's favour goes back
        #[arg(long, value_name = "METHOD", default_value = "cash")]
        refund: String,
        #[command(flatten)]
        sale: cli::counter::SellArgs,
    },
    /// Print a ticket again: a numbered duplicata with the same code
    Reprint {
        ticket: i64,
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// The receipt of an order (taxes, payments), as a PDF
    Receipt {
        order: i64,
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Check a ticket code at the door and record the scan: exit 0 when admitted, 1 when refused
    Scan {
        /// The performance this door admits to (default: every performance of today)
        #[arg(long, value_name = "ID")]
        performance: Option<i64>,
        /// The door or device (default: this terminal's name)
        #[arg(long, value_name = "NAME")]
        door: Option<String>,
        /// The code as the scanner typed it
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// The door list of a performance (by patron, then ticket number, with tick boxes), as a PDF
    DoorList {
        #[arg(long, value_name = "ID")]
        performance: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum OrdersCommand {
    Find {
        text: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SeasonCommand {
    Export { file: PathBuf },
    Import { file: PathBuf },
    Ical { file: PathBuf },
}

#[derive(Subcommand)]
enum HallCommand {
    /// Create a numbered hall from a CSV plan
    Import { name: String, file: PathBuf },
    /// Write a hall's plan as CSV
    Export { name: String, file: PathBuf },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Every key each terminal has signed with, and which one signs now
    List,
    /// Sign with a new key from now on (an administrator's --operator).
    /// Tickets and records signed before keep verifying.
    Rotate {
        /// Why, kept in the ledger (e.g. "laptop stolen", "yearly change")
        #[arg(long, default_value = "")]
        reason: String,
    },
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

fn main() -> ExitCode {
    // A reader that stops early (`guichet performances | head`) ends the
    // program quietly instead of making it panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal at start-up,
    // before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            if !message.is_empty() {
                eprintln!("guichet: {message}");
            }
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
        Command::Verify => cli::admin::verify(&db),
        Command::Info => cli::admin::info(&db),
        Command::Key(KeyCommand::List) => cli::admin::key_list(&db),
        Command::Key(KeyCommand::Rotate { reason }) => {
            cli::admin::key_rotate(&db, cli.operator.as_deref(), &reason)
        }
        Command::Performances { json } => cli::season::performances(&db, json),
        Command::Season(SeasonCommand::Export { file }) => cli::season::export(&db, &file),
        Command::Season(SeasonCommand::Import { file }) => {
            cli::season::import(&db, &file, cli.operator.as_deref())
        }
        Command::Season(SeasonCommand::Ical { file }) => cli::season::ical(&db, &file),
        Command::Hall(HallCommand::Import { name, file }) => {
            cli::season::hall_import(&db, &name, &file, cli.operator.as_deref())
        }
        Command::Hall(HallCommand::Export { name, file }) => {
            cli::season::hall_export(&db, &name, &file)
        }
        Command::Sell(args) => cli::counter::sell(&db, cli.operator.as_deref(), args),
        Command::Exchange {
            order,
            tickets,
            refund,
            sale,
        } => {
            let refund = guichet::domain::payment::Method::from_code(&refund).ok_or_else(|| {
                Failure(
                    format!(
                        "\"{refund}\" is not a refund method: use cash, card, cheque or voucher"
                    ),
                    2,
                )
            })?;
            cli::counter::exchange(
                &db,
                cli.operator.as_deref(),
                sale,
                cli::counter::GivenBack {
                    order,
                    tickets,
                    refund,
                },
            )
        }
        Command::Orders(OrdersCommand::Find { text, json }) => cli::counter::find(&db, &text, json),
        Command::Cancel {
            order,
            tickets,
            refund,
            json,
        } => cli::counter::cancel(&db, cli.operator.as_deref(), order, &tickets, &refund, json),
        Command::Reprint { ticket, out } => {
            cli::counter::reprint(&db, cli.operator.as_deref(), ticket, out.as_deref())
        }
        Command::Receipt { order, out } => cli::counter::receipt(&db, order, out.as_deref()),
        Command::Scan {
            performance,
            door,
            code,
            json,
        } => cli::door::scan(
            &db,
            cli.operator.as_deref(),
            performance,
            door.as_deref(),
            &code,
            json,
        ),
        Command::DoorList { performance, out } => cli::door::door_list(&db, performance, &out),
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

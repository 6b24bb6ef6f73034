//! The command line: parses what was typed (`args`), asks the job layer,
//! words the answer in English. It may use the job modules, `domain` and
//! `terminal`; never `store` or `ledger` directly.
//!
//! Every command is given a [`Run`]: the database, the operator it acts
//! as, and the program's clock.

pub mod admin;
pub mod args;
pub mod audience;
pub mod backup;
pub mod central;
pub mod counter;
pub mod door;
pub mod exports;
pub mod imports;
pub mod invitations;
pub mod mail;
pub mod outside;
pub mod performance;
pub mod pricing;
pub mod report;
pub mod season;
pub mod subscriptions;
pub mod till;
pub mod vouchers;
pub mod web;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use args::{Command, HallCommand, KeyCommand, OperatorCommand, SeasonCommand, VenueCommand};
use exports::ExportCommand;
use guichet::operators::{self, Operator};
use guichet::terminal::{Clock, Opened, Terminal};

/// A failure to report: the message, and the exit code.
pub struct Failure(pub String, pub u8);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure(e.to_string(), 2)
    }
}

/// What every command is given.
pub struct Run {
    pub db: PathBuf,
    /// `--operator` (or `GUICHET_OPERATOR`): who acts. Commands that write
    /// need one, with their PIN; only the first run of a new database acts
    /// as the built-in system operator.
    pub operator: Option<String>,
    /// `--lang`: the language of what a command writes for people (reports).
    pub lang: Option<guichet::domain::Locale>,
    pub clock: Clock,
}

impl Run {
    pub fn db(&self) -> &Path {
        &self.db
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Opens the terminal for a command that writes, and the operator it
    /// acts as, their PIN checked (from `GUICHET_PIN`, else the first line
    /// of standard input). Only `demo` and `setup` (`first_run`) may make a
    /// new database, and act without an operator on one.
    pub fn open(&self, first_run: bool) -> Result<(Terminal, Operator), Failure> {
        let may_create = first_run;
        let db = self.db();
        if !db.exists() && (!may_create || self.operator.is_some()) {
            return Err(Failure(
                format!(
                    "there is no database at {}: make one with `guichet setup` or `guichet demo`",
                    db.display()
                ),
                2,
            ));
        }
        let mut t = Terminal::open(db, self.clock.clone())?;
        if let Opened::Migrated { from } = t.opened {
            eprintln!(
                "guichet: {} upgraded from schema version {from}",
                db.display()
            );
        }
        let pin = match (&self.operator, std::env::var("GUICHET_PIN")) {
            (None, _) => None,
            (Some(_), Ok(pin)) => Some(pin.trim().to_owned()),
            (Some(_), Err(_)) => read_line()?,
        };
        let now = self.now();
        let by = operators::for_command_line(
            &mut t.store,
            self.operator.as_deref(),
            pin.as_deref(),
            first_run,
            now,
        )
        .map_err(|e| Failure(e.to_string(), 2))?;
        Ok((t, by))
    }
}

/// Runs one subcommand.
pub fn run(run: &Run, command: Command) -> Result<(), Failure> {
    match command {
        Command::Verify => admin::verify(run),
        Command::Session(command) => till::session(run, command),
        Command::Close(command) => till::close(run, command),
        Command::Training { switch } => till::training(run, switch.as_deref()),
        Command::Export(ExportCommand::Website { out }) => season::website(run, &out),
        Command::Mail(command) => mail::mail(run, command),
        Command::Orders(command) => outside::orders(run, command),
        Command::Central(command) => central::central(run, command),
        Command::Backup(command) => backup::backup(run, command),
        Command::Restore { file, older } => backup::restore(run, &file, older),
        Command::Invitations(command) => invitations::invitations(run, command),
        Command::Vouchers(command) => vouchers::vouchers(run, command),
        Command::Pricing(command) => pricing::pricing(run, command),
        Command::Subscriptions(command) => subscriptions::subscriptions(run, command),
        Command::Web(command) => web::web(run, command),
        Command::Outbox {
            command,
            state,
            limit,
            json,
        } => mail::outbox(run, command, state.as_deref(), limit, json),
        Command::Export(ExportCommand::Fec { period, out }) => exports::fec(run, &period, &out),
        Command::Export(ExportCommand::Sibil {
            quarter,
            format,
            out,
        }) => exports::sibil(run, &quarter, &format, &out),
        Command::Export(ExportCommand::Quickbooks { period, out }) => {
            exports::quickbooks(run, &period, &out)
        }
        Command::Accounts { command } => exports::accounts(run, command),
        Command::Archive { period, out } => till::archive(run, &period, &out),
        Command::VerifyArchive { dir } => till::verify_archive(&dir),
        Command::Statement {
            performance,
            day,
            out,
        } => till::statement(run, performance, day, out),
        Command::ShowTax { quarter, out } => till::show_tax(run, &quarter, out),
        Command::Closings { json, report, out } => match (report, out) {
            (Some(report), Some(out)) => till::report(run, &report, &out),
            _ => till::closings(run, json),
        },
        Command::Journal { since, json } => admin::journal(run, since.as_deref(), json),
        Command::Info => admin::info(run),
        Command::Key(KeyCommand::List) => admin::key_list(run),
        Command::Key(KeyCommand::Rotate { reason }) => admin::key_rotate(run, &reason),
        Command::Demo { from } => admin::demo(run, from),
        Command::Setup {
            name,
            country,
            currency,
            time_zone,
            licence,
            admin,
        } => admin::setup(
            run,
            admin::Setup {
                name,
                country,
                currency,
                time_zone,
                licence,
                admin,
            },
        ),
        Command::Operator(OperatorCommand::List) => admin::operator_list(run),
        Command::Operator(OperatorCommand::Add { name, role }) => {
            admin::operator_add(run, name, role)
        }
        Command::Venue(VenueCommand::Set(identity)) => admin::venue_set(run, identity),
        Command::Venue(VenueCommand::Logo { file, remove, out }) => {
            admin::venue_logo(run, file.as_deref(), remove, out.as_deref())
        }
        Command::Patrons(command) => audience::patrons(run, command),
        Command::Audience(command) => report::report(run, command),
        Command::Performances { json } => season::performances(run, json),
        Command::Performance(command) => performance::performance(run, command),
        Command::Season(SeasonCommand::Export { file }) => season::export(run, &file),
        Command::Season(SeasonCommand::Import { file }) => season::import(run, &file),
        Command::Season(SeasonCommand::Ical { file }) => season::ical(run, &file),
        Command::Hall(HallCommand::Import { name, file }) => season::hall_import(run, &name, &file),
        Command::Hall(HallCommand::Export { name, file }) => season::hall_export(run, &name, &file),
        Command::Sell(args) => counter::sell(run, args),
        Command::Exchange {
            order,
            tickets,
            refund,
            sale,
        } => {
            let refund = counter::refund_method(&refund)?;
            counter::exchange(
                run,
                sale,
                counter::GivenBack {
                    order,
                    tickets,
                    refund,
                },
            )
        }
        Command::Cancel {
            order,
            tickets,
            refund,
            json,
        } => counter::cancel(run, order, &tickets, &refund, json),
        Command::Reprint { ticket, out } => counter::reprint(run, ticket, out.as_deref()),
        Command::Receipt { order, out } => counter::receipt(run, order, out.as_deref()),
        Command::Scan {
            performance,
            door,
            code,
            json,
        } => door::scan(run, performance, door.as_deref(), &code, json),
        Command::DoorList { performance, out } => door::door_list(run, performance, &out),
    }
}

/// The PIN, from the first line of standard input (the command line never
/// prompts, so scripts can pipe it in).
pub fn read_pin() -> Result<String, Failure> {
    read_line()?.ok_or_else(|| {
        Failure(
            "no PIN on standard input: pipe it in, e.g. echo 2468 | guichet ...".into(),
            2,
        )
    })
}

/// The next line of standard input, trimmed; None when there is none. At
/// most 256 bytes are read: a PIN is a few digits.
fn read_line() -> Result<Option<String>, Failure> {
    use std::io::Read as _;
    let mut line = String::new();
    std::io::stdin().lock().take(256).read_line(&mut line)?;
    let line = line.trim().to_owned();
    Ok((!line.is_empty()).then_some(line))
}

/// A picture set (the venue's logo, a show's picture), as the command
/// line says it, written back to `out` when asked; `(what, how)`: its name
/// and how one is set.
pub(crate) fn say_picture(
    (what, how): (&str, &str),
    picture: Option<&guichet::domain::picture::Picture>,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let Some(p) = picture else {
        println!("no {what} is set: {how}");
        return Ok(());
    };
    println!(
        "{what}: PNG, {} × {} pixels, {} bytes, sha256 {}",
        p.width,
        p.height,
        p.png.len(),
        p.sha256
    );
    if let Some(out) = out {
        std::fs::write(out, &p.png).map_err(|e| Failure(format!("{}: {e}", out.display()), 1))?;
        println!("written to {}", out.display());
    }
    Ok(())
}

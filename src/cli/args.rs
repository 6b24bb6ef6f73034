//! What the command line accepts (clap): the global options, every
//! subcommand, and the options of the small ones. A family of commands
//! with many options keeps them beside the code that runs them
//! (`counter::SellArgs`, `till::SessionCommand`, `mail::MailCommand`,
//! `exports::ExportCommand`, …).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::exports::{AccountsCommand, ExportCommand};
use super::mail::{MailCommand, OutboxCommand};
use super::outside::OrdersCommand;
use super::report::AudienceCommand;
use super::till::{CloseCommand, SessionCommand};
use guichet::domain::venue::Country;
use guichet::domain::{Currency, Locale, Role};

#[derive(Parser)]
#[command(
    name = "guichet",
    version,
    about = "Box office for small cultural venues"
)]
pub struct Cli {
    /// Database file [default: $GUICHET_DB, else guichet.db in the
    /// platform's data folder]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Operator the command acts as: needed by every command that writes,
    /// with their PIN in $GUICHET_PIN or on the first line of standard input
    #[arg(long, global = true, value_name = "NAME", env = "GUICHET_OPERATOR")]
    pub operator: Option<String>,
    /// Language of the window and of reports: fr (default), fr-CA or en
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_locale)]
    pub lang: Option<Locale>,
    /// Open the demo database (demo.db beside the usual one, never the usual
    /// one itself), filling it with the demo season the first time
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// The cash drawer of this terminal: open it with its float, put cash in
    /// or take it out, count it; with no subcommand, the session open now
    #[command(subcommand)]
    Session(SessionCommand),
    /// Close a day of this terminal (its Z), a month or a year: a signed
    /// record of the period's totals and the perpetual grand total
    #[command(subcommand)]
    Close(CloseCommand),
    /// A performance's box-office statement (bordereau de recettes), by
    /// category and tariff, with its tax per rate and show tax: printed,
    /// or as PDF or CSV (by --out's extension)
    Statement {
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "day",
            conflicts_with = "day"
        )]
        performance: Option<i64>,
        /// Every performance of a day (YYYY-MM-DD), a page each
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<chrono::NaiveDate>,
        #[arg(long, value_name = "FILE.pdf|FILE.csv")]
        out: Option<std::path::PathBuf>,
    },
    /// The show tax of a quarter: each performance under the CNM or the
    /// ASTP, 3.5 % of its revenue before VAT, and the totals
    ShowTax {
        /// 2026-Q4
        #[arg(long)]
        quarter: String,
        #[arg(long, value_name = "FILE.csv")]
        out: Option<std::path::PathBuf>,
    },
    /// Files for the outside world
    #[command(subcommand)]
    Export(ExportCommand),
    /// E-mail: the venue's server (setup, show, test) and an order's
    /// tickets or receipt queued for e-mail
    #[command(subcommand)]
    Mail(MailCommand),
    /// What waits to leave (e-mails): the newest first, with each one's
    /// state; `retry ID` puts one given up or uncertain back, `send` sends
    /// now what waits
    Outbox {
        #[command(subcommand)]
        command: Option<OutboxCommand>,
        /// Only those in this state: waiting, sending, handing, sent,
        /// given_up, uncertain
        #[arg(long, value_name = "STATE")]
        state: Option<String>,
        /// How many, newest first
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// The accounts the FEC and QuickBooks exports post to: each key, its
    /// account, and whether the venue set it
    Accounts {
        #[command(subcommand)]
        command: Option<AccountsCommand>,
    },
    /// Training mode of this terminal: `on` (sales go to the training
    /// chain, worth nothing, out of every total), `off`, or with no word
    /// whether it is on; switching is a coordinator's act
    Training {
        #[arg(value_parser = ["on", "off"])]
        switch: Option<String>,
    },
    /// Write a closed month (--period 2026-11) or year (--period 2026) of
    /// this terminal into a new folder inside --out: every record, closing
    /// and event as JSON lines, a README, a schema, a signed manifest; the
    /// archive is recorded in the ledger (a coordinator's --operator)
    Archive {
        #[arg(long, value_name = "YYYY-MM|YYYY")]
        period: String,
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
    },
    /// Check an archive folder without the database: exit 0 when it holds,
    /// 1 when it does not (saying what)
    VerifyArchive {
        #[arg(value_name = "DIR")]
        dir: std::path::PathBuf,
    },
    /// The closings of every terminal, newest first; with --report, one
    /// closing's printed report (day, month or year and its number) as PDF
    Closings {
        #[arg(long)]
        json: bool,
        /// PERIOD:NUMBER, as day:12
        #[arg(long, value_name = "PERIOD:NUMBER", requires = "out")]
        report: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<std::path::PathBuf>,
    },
    /// Check the database file and the ledger: exit 0 when intact, 1 when
    /// broken (naming the first broken record)
    Verify,
    /// Who did what: the ledger's records, chain by chain in their order
    Journal {
        /// From this day (YYYY-MM-DD, the venue's time zone)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where the data lives, the venue, this terminal and the season
    Info,
    /// Operators: list them, or add one (PIN read from standard input)
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// The venue's identity (an administrator's --operator): names,
    /// numbers, address; each change journaled with its value before
    #[command(subcommand)]
    Venue(VenueCommand),
    /// The patron file: find, show, add, consent
    #[command(subcommand)]
    Patrons(PatronCommand),
    /// Audience analyses: the report for the board (PDF with charts, CSV)
    #[command(subcommand)]
    Audience(AudienceCommand),
    /// The terminal's signing keys: list them, or change to a new one
    #[command(subcommand)]
    Key(KeyCommand),
    /// One performance: who holds tickets for it, and cancelling or moving
    /// it with its holders
    #[command(subcommand)]
    Performance(super::performance::PerformanceCommand),
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
    Sell(super::counter::SellArgs),
    /// Orders: find them by number, ticket, code, name, e-mail or phone;
    /// orders from the web shop, resellers and partners: import a file
    /// (Guichet's or pretix's), map its events and products, list the
    /// orders met (`outside`) and decide those in conflict
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Backups: now, the list, where they go and what is kept, check one
    #[command(subcommand)]
    Backup(super::backup::BackupCommand),
    /// Invitations: places set aside per kind of requester (press,
    /// partner, artist, staff), requests asked, issued as free tickets or
    /// refused, the list per performance or requester
    #[command(subcommand)]
    Invitations(super::invitations::InvitationsCommand),
    /// Gift vouchers and credit notes: sell one, look one up by its code,
    /// list them (a patron's, open, expired with money left)
    #[command(subcommand)]
    Vouchers(super::vouchers::VouchersCommand),
    /// Price rules that follow demand: list, add (by fill rate, before a
    /// date, in the last hours), remove, turn on or off, replay a past
    /// performance's sales under them
    #[command(subcommand)]
    Pricing(super::pricing::PricingCommand),
    /// Subscriptions: formulas (a choice among shows, a fixed set, a full
    /// season) and subscriptions sold with their performances in one order,
    /// the price shared among them
    #[command(subcommand)]
    Subscriptions(super::subscriptions::SubscriptionsCommand),
    /// Restore a backup as the database (--db), in one step: checked, the
    /// current file kept aside, the restore recorded in the ledger with
    /// what was lost since. Close Guichet on this database first
    Restore {
        file: PathBuf,
        /// Go back to a backup older than the database it replaces
        #[arg(long)]
        older: bool,
    },
    /// The venue's central database (PostgreSQL): init, join this
    /// terminal, push its chains, verify every chain centrally
    #[command(subcommand)]
    Central(super::central::CentralCommand),
    /// The web shop's terminal (joined as `web`): reserve a basket under the
    /// shop's payment reference, confirm it paid, release it
    #[command(subcommand)]
    Web(super::web::WebCommand),
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
        sale: super::counter::SellArgs,
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
pub enum SeasonCommand {
    Export { file: PathBuf },
    Import { file: PathBuf },
    Ical { file: PathBuf },
}

#[derive(Subcommand)]
pub enum HallCommand {
    /// Create a numbered hall from a CSV plan
    Import { name: String, file: PathBuf },
    /// Write a hall's plan as CSV
    Export { name: String, file: PathBuf },
}

#[derive(Subcommand)]
pub enum KeyCommand {
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
pub enum VenueCommand {
    /// Change what is given; the rest stays (the country, currency and
    /// time zone stay as set up)
    Set(VenueIdentity),
    /// The venue's logo on tickets and e-mails: a PNG file to set it,
    /// --remove to take it off, nothing to say which is set
    Logo {
        /// The PNG file (2 MB at most, sides from 32 to 4000 pixels)
        #[arg(conflicts_with = "remove")]
        file: Option<PathBuf>,
        #[arg(long)]
        remove: bool,
        /// Write the logo now set to this file
        #[arg(long, conflicts_with_all = ["file", "remove"])]
        out: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
pub struct VenueIdentity {
    #[arg(long)]
    pub name: Option<String>,
    /// The legal operator printed on tickets
    #[arg(long)]
    pub legal_name: Option<String>,
    /// France: the live-show licence (PLATESV-D-2024-001234)
    #[arg(long)]
    pub licence: Option<String>,
    #[arg(long)]
    pub siret: Option<String>,
    /// Quebec: GST registration
    #[arg(long)]
    pub gst: Option<String>,
    /// Quebec: QST registration
    #[arg(long)]
    pub qst: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub postcode: Option<String>,
    #[arg(long)]
    pub city: Option<String>,
    /// France: not liable to VAT (art. 293 B du CGI): yes or no
    #[arg(long, value_parser = parse_yes_no)]
    pub vat_exempt: Option<bool>,
}

fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(format!("\"{s}\": use yes or no")),
    }
}

#[derive(Subcommand)]
pub enum OperatorCommand {
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

#[derive(Subcommand)]
pub enum PatronCommand {
    /// Patrons by name, e-mail, phone, postcode or organisation
    Find {
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// A patron's card: details, visits, spend, consent, every ticket
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Add a patron (any operator's --operator)
    Add {
        #[arg(long)]
        first: Option<String>,
        #[arg(long)]
        last: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        postcode: Option<String>,
        #[arg(long)]
        city: Option<String>,
    },
    /// Everything held about a patron, as JSON (a coordinator's
    /// --operator; journaled)
    PersonalData {
        id: i64,
        /// Where to write it (standard output when not given)
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// A saved segment as CSV (a coordinator's --operator): for a mailing
    /// tool only those who may be contacted on --channel
    Export {
        #[arg(long)]
        segment: String,
        /// email, sms or post: a marketing export
        #[arg(long)]
        channel: Option<String>,
        /// brevo, mailchimp or sheet (French Excel and LibreOffice)
        #[arg(long, default_value = "sheet")]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Save a segment under a name: every condition given must hold
    Segment {
        name: String,
        #[command(flatten)]
        filter: SegmentFilter,
    },
    /// The saved segments and how many each holds now
    Segments,
    /// Erase (anonymise) a patron: their sales stay for the accounts
    Erase { id: i64 },
    /// Patrons from a CSV file (a coordinator's --operator): matched against
    /// the file, empty fields completed, nobody added twice
    Import {
        file: std::path::PathBuf,
        /// Columns by hand: first_name=Prénom,email=Courriel,…
        #[arg(long, value_delimiter = ',')]
        map: Vec<String>,
        /// Import the good rows and list the bad ones
        #[arg(long)]
        skip_errors: bool,
    },
    /// The previous ticketing system's attendance (one row per ticket: the
    /// patron's columns, then date, show, genre, tariff, price, channel,
    /// attended): added to patrons' histories, never to this till's sales
    ImportHistory {
        file: std::path::PathBuf,
        /// Columns by hand: email=Courriel,date=Séance,show=Titre,…
        #[arg(long, value_delimiter = ',')]
        map: Vec<String>,
        /// Import the good rows and list the bad ones
        #[arg(long)]
        skip_errors: bool,
        /// The system the file comes from, kept with each ticket
        #[arg(long, default_value = "previous system")]
        source: String,
    },
    /// Add an organisation (school, works_council, association, company,
    /// other) whose contacts are patrons; without a name, list them
    Organisation {
        name: Option<String>,
        #[arg(long, default_value = "other")]
        kind: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        city: String,
    },
    /// Add or rename an audience category (CODE NAME); without them, list them
    Category {
        code: Option<String>,
        name: Option<String>,
    },
    /// Likely duplicates, the likeliest first, with their score and why
    Duplicates {
        #[arg(long)]
        json: bool,
    },
    /// Merge OTHER into KEEP (a coordinator's --operator): every order,
    /// consent and contact moves; KEEP's details stay, its empty fields
    /// filled from OTHER. Prints the merge's number, to undo it
    Merge { keep: i64, other: i64 },
    /// Undo a merge by its number (the newest into a patron first)
    Unmerge { merge: i64 },
    /// Erase the patrons with no contact for N years (list them with --dry-run)
    ForgetInactive {
        #[arg(long)]
        years: u32,
        #[arg(long)]
        dry_run: bool,
    },
    /// Record a consent given or withdrawn on a channel (email, sms, post)
    Consent {
        id: i64,
        #[arg(long)]
        channel: String,
        #[arg(long)]
        given: bool,
        #[arg(long)]
        withdrawn: bool,
        /// How it was given: counter, form, import…
        #[arg(long, default_value = "counter")]
        source: String,
    },
}

/// The conditions of a segment at the command line.
#[derive(clap::Args)]
pub struct SegmentFilter {
    /// Came to a show of this genre (repeat for several)
    #[arg(long)]
    pub genre: Vec<String>,
    /// Came to this show (its title; repeat for several)
    #[arg(long)]
    pub show: Vec<String>,
    /// Came during this season (the year it starts; repeat)
    #[arg(long)]
    pub season: Vec<i32>,
    #[arg(long)]
    pub min_visits: Option<u32>,
    /// In cents
    #[arg(long)]
    pub min_spent: Option<i64>,
    /// Came since this day (YYYY-MM-DD)
    #[arg(long)]
    pub visited_since: Option<chrono::NaiveDate>,
    /// Has not come since this day (YYYY-MM-DD)
    #[arg(long)]
    pub not_since: Option<chrono::NaiveDate>,
    /// Postcode starting so (repeat for several)
    #[arg(long)]
    pub postcode: Vec<String>,
    /// In this category (repeat for several)
    #[arg(long)]
    pub category: Vec<String>,
    #[arg(long)]
    pub born_from: Option<i32>,
    #[arg(long)]
    pub born_to: Option<i32>,
    /// Bought through this channel (counter, web, reseller, partner, phone, invitation)
    #[arg(long)]
    pub channel: Option<String>,
    /// May be sent marketing on this channel (email, sms, post)
    #[arg(long)]
    pub consent: Option<String>,
}

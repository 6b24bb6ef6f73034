//! The attendance a venue brings from its previous ticketing system: one
//! CSV row per ticket (who, which performance, which show and genre, the
//! tariff, what was paid, through whom, whether they came). Each row's
//! patron is matched against the file like a patron import (created when
//! nobody matches); the tickets land in the patron's history, never in
//! this till's sales. Importing the same file twice changes nothing; a
//! file with bad rows imports nothing unless told to skip them; the import
//! is journaled.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use sha2::{Digest, Sha256};

use super::AudienceError;
use super::import::{self, Column, Found, ImportReport, RowError, RowProblem};
use crate::domain::Cents;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::order::Channel;
use crate::domain::patron::{self, PatronDetails};
use crate::domain::records::{self, Record};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// A column of a ticket's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The performance's date, and its time if given.
    Date,
    Show,
    Genre,
    Tariff,
    /// What was paid for the ticket.
    Price,
    Channel,
    /// Whether they came (scanned, ticked at the door).
    Attended,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Date,
        Field::Show,
        Field::Genre,
        Field::Tariff,
        Field::Price,
        Field::Channel,
        Field::Attended,
    ];

    /// Its name in `--map` (date=Séance).
    pub fn code(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Show => "show",
            Field::Genre => "genre",
            Field::Tariff => "tariff",
            Field::Price => "price",
            Field::Channel => "channel",
            Field::Attended => "attended",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The headers (folded) a file names it by.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "date",
                "seance",
                "representation",
                "daterepresentation",
                "datedelarepresentation",
                "performance",
                "performancedate",
                "datetime",
            ],
            Field::Show => &[
                "spectacle",
                "show",
                "titre",
                "title",
                "evenement",
                "event",
                "production",
                "manifestation",
            ],
            Field::Genre => &["genre", "discipline", "type"],
            Field::Tariff => &["tarif", "tariff", "typedetarif", "pricetype", "rate"],
            Field::Price => &["prix", "price", "montant", "amount", "paye", "paid"],
            Field::Channel => &[
                "canal",
                "channel",
                "canaldevente",
                "saleschannel",
                "circuit",
            ],
            Field::Attended => &["present", "attended", "venu", "scanne", "scanned", "entree"],
        }
    }
}

/// One ticket of the previous system, read and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Ticket {
    patron: PatronDetails,
    starts_at: DateTime<Utc>,
    show: String,
    genre: String,
    tariff: String,
    price: Cents,
    channel: Channel,
    attended: bool,
    /// The row's fields and how many identical rows came before it: the
    /// same file imported again finds the same keys.
    key: String,
}

/// What a history import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryReport {
    /// The patrons of the rows: created, completed, found unchanged.
    pub patrons: ImportReport,
    /// Tickets added to patrons' histories.
    pub added: usize,
    /// Tickets that an earlier import brought already.
    pub known: usize,
}

/// The most a ticket of the previous system is taken to have cost.
const PRICE_MAX: i64 = 100_000_000;
/// The longest show, genre or tariff name kept.
const NAME_MAX: usize = 200;
/// The hour of a performance whose file gives only the day.
const EVENING: (u32, u32) = (20, 0);

/// The history's columns: by `map` first, then by their usual names. The
/// date and the show are required.
fn fields(
    header: &[String],
    map: &[(Field, String)],
) -> Result<Vec<(Field, usize)>, AudienceError> {
    let folded: Vec<String> = header
        .iter()
        .map(|h| patron::fold_words(h).concat())
        .collect();
    let mut found = Vec::new();
    for (field, name) in map {
        let want = patron::fold_words(name).concat();
        let i = folded
            .iter()
            .position(|h| *h == want)
            .ok_or_else(|| AudienceError::NoColumn(name.clone()))?;
        found.push((*field, i));
    }
    for field in Field::ALL {
        if found.iter().any(|(f, _)| *f == field) {
            continue;
        }
        if let Some(i) = folded
            .iter()
            .position(|h| field.headers().contains(&h.as_str()))
        {
            found.push((field, i));
        }
    }
    for required in [Field::Date, Field::Show] {
        if !found.iter().any(|(f, _)| *f == required) {
            return Err(AudienceError::NoColumn(required.code().into()));
        }
    }
    Ok(found)
}

/// A performance's date as previous systems write it, in the venue's zone:
/// 2025-10-12 20:30, 2025-10-12T20:30:00, 12/10/2025 20:30, or a day alone
/// (taken at 20:00).
fn date(text: &str, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let local = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .into_iter()
    .chain(["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M"])
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%d/%m/%Y"]
            .into_iter()
            .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
            .and_then(|d| NaiveTime::from_hms_opt(EVENING.0, EVENING.1, 0).map(|t| d.and_time(t)))
    })?;
    crate::domain::season::local_instant(zone, local.date(), local.time()).ok()
}

/// Yes or no as a file writes it (empty: yes, a ticket of a past
/// performance is taken as attended unless said otherwise).
fn yes(text: &str) -> Option<bool> {
    match patron::fold_words(text).concat().as_str() {
        "" | "1" | "oui" | "o" | "yes" | "y" | "x" | "true" | "vrai" | "present" => Some(true),
        "0" | "non" | "n" | "no" | "false" | "faux" | "absent" => Some(false),
        _ => None,
    }
}

/// A channel as a file writes it (empty: the counter).
fn channel(text: &str) -> Option<Channel> {
    let folded = patron::fold_words(text).concat();
    Some(match folded.as_str() {
        "" | "counter" | "guichet" | "billetterie" | "caisse" => Channel::Counter,
        "web" | "internet" | "enligne" | "online" | "site" | "webshop" => Channel::Web,
        "reseller" | "revendeur" | "reseau" | "fnac" | "ticketmaster" => Channel::Reseller,
        "partner" | "partenaire" => Channel::Partner,
        "phone" | "telephone" | "tel" => Channel::Phone,
        "invitation" | "exonere" | "gratuit" => Channel::Invitation,
        _ => return None,
    })
}

/// A genre as a file writes it, as the venue's genre codes name it when
/// it is one of them ("Théâtre", "danse", "Concert"); otherwise as written.
fn genre(text: &str) -> String {
    let folded = patron::fold_words(text).concat();
    let code = match folded.as_str() {
        "theatre" | "theater" | "drama" | "jeunepublic" => "theatre",
        "danse" | "dance" | "ballet" => "dance",
        "musique" | "music" | "concert" | "jazz" | "classique" | "chanson" => "music",
        "humour" | "humor" | "comedy" | "standup" => "humour",
        "cirque" | "circus" | "artsdelarue" | "magie" => "circus",
        "cabaret" => "cabaret",
        "opera" | "operette" | "lyrique" => "opera",
        "exposition" | "exhibition" | "expo" => "exhibition",
        _ => return text.trim().to_owned(),
    };
    code.to_owned()
}

/// A row as a ticket, or why not.
fn ticket(
    record: &csv::StringRecord,
    columns: &[(Column, usize)],
    fields: &[(Field, usize)],
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Ticket, RowProblem> {
    let patron = import::row_details(record, columns)?;
    let get = |field: Field| {
        fields
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, i)| record.get(*i))
            .unwrap_or("")
            .trim()
    };
    let name = |field: Field| -> Result<String, RowProblem> {
        let v = get(field);
        if v.chars().count() > NAME_MAX {
            return Err(RowProblem::TooLong(field.code()));
        }
        Ok(v.to_owned())
    };
    let starts_at = date(get(Field::Date), zone)
        .ok_or_else(|| RowProblem::Date(get(Field::Date).to_owned()))?;
    if starts_at > now {
        return Err(RowProblem::Future(get(Field::Date).to_owned()));
    }
    let show = name(Field::Show)?;
    if show.is_empty() {
        return Err(RowProblem::NoShow);
    }
    let price_text = get(Field::Price).trim_end_matches(['€', '$']).trim();
    let price = if price_text.is_empty() {
        Cents(0)
    } else {
        Cents::parse(price_text)
            .ok()
            .filter(|c| (0..=PRICE_MAX).contains(&c.0))
            .ok_or_else(|| RowProblem::Price(get(Field::Price).to_owned()))?
    };
    Ok(Ticket {
        patron,
        starts_at,
        show,
        genre: genre(&name(Field::Genre)?),
        tariff: name(Field::Tariff)?,
        price,
        channel: channel(get(Field::Channel))
            .ok_or_else(|| RowProblem::Channel(get(Field::Channel).to_owned()))?,
        attended: yes(get(Field::Attended))
            .ok_or_else(|| RowProblem::Attended(get(Field::Attended).to_owned()))?,
        key: String::new(),
    })
}

/// How a history file is read.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Patron columns named by hand (first_name=Prénom).
    pub columns: Vec<(Column, String)>,
    /// History columns named by hand (date=Séance).
    pub fields: Vec<(Field, String)>,
    /// Import the good rows and report the bad ones.
    pub skip_errors: bool,
    /// The system the file comes from ("Billetterie 2019–2025").
    pub source: String,
}

/// A history file read and checked, nothing written yet: its tickets and
/// its bad rows.
pub struct Read {
    tickets: Vec<Ticket>,
    errors: Vec<RowError>,
    source: String,
}

/// The key that finds a ticket again when the same file (or the same
/// export, its columns in another order, a patron's phone or e-mail
/// changed since) is imported again: who (name and initial), when, what,
/// at which tariff and price, and how many identical tickets came before.
fn key(t: &Ticket, seen: &mut std::collections::HashMap<String, usize>) -> String {
    let folded = |s: &str| patron::fold_words(s).concat();
    let initial: String = folded(&t.patron.first_name).chars().take(1).collect();
    let text = [
        folded(&t.patron.last_name),
        initial,
        folded(&t.patron.postcode),
        t.starts_at.timestamp().to_string(),
        folded(&t.show),
        folded(&t.tariff),
        t.price.0.to_string(),
        t.channel.code().to_owned(),
    ]
    .join("\u{1f}");
    let n = seen.entry(text.clone()).or_default();
    *n += 1;
    let digest = Sha256::digest(format!("{text}\u{1e}{n}").as_bytes());
    data_encoding::HEXLOWER.encode(&digest)
}

/// Reads a history file (a coordinator's act): bad rows refuse the whole
/// file (`AudienceError::Rows`, each named) unless `skip_errors`; dates are
/// read in the venue's `zone`.
pub fn read(
    by: &Operator,
    bytes: &[u8],
    options: &Options,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Read, AudienceError> {
    if !by.role.may(Act::Import) {
        return Err(AudienceError::NotAllowed(Act::Import));
    }
    let table = import::table(bytes)?;
    let columns = import::columns(&table.header, &options.columns)?;
    let fields = fields(&table.header, &options.fields)?;
    let mut tickets = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (line, record) in table.rows {
        let read = record
            .map_err(RowProblem::Unreadable)
            .and_then(|r| ticket(&r, &columns, &fields, zone, now));
        match read {
            Ok(mut t) => {
                t.key = key(&t, &mut seen);
                tickets.push(t);
            }
            Err(problem) => errors.push(RowError { line, problem }),
        }
    }
    if !errors.is_empty() && !options.skip_errors {
        return Err(AudienceError::Rows(errors));
    }
    let source: String = options.source.trim().chars().take(NAME_MAX).collect();
    let source = if source.is_empty() {
        "import".to_owned()
    } else {
        source
    };
    Ok(Read {
        tickets,
        errors,
        source,
    })
}

/// Writes what a history file holds, in the caller's transaction, with its
/// journal record when it changed anything. A ticket imported before is
/// left alone, its row's patron not looked for (so a patron erased since
/// does not come back).
pub fn write(
    tx: &Tx,
    signer: &Signer,
    by: &Operator,
    read: Read,
    now: DateTime<Utc>,
) -> Result<HistoryReport, AudienceError> {
    let mut report = HistoryReport {
        patrons: ImportReport {
            skipped: read.errors,
            ..ImportReport::default()
        },
        ..HistoryReport::default()
    };
    let mut counted = std::collections::HashSet::new();
    for t in &read.tickets {
        if store::past::known(tx, &t.key)? {
            report.known += 1;
            continue;
        }
        let (id, found) = import::find_or_add(tx, &t.patron, now)?;
        if counted.insert(id) {
            report.patrons.count(found);
        }
        if found == Found::Created {
            // Known only from their tickets: their last contact is the last
            // of those, not this import.
            store::patrons::set_contact(tx, id, None)?;
        }
        let past = store::past::PastTicket {
            patron_id: id,
            key: &t.key,
            starts_at: store::unix(t.starts_at),
            show: &t.show,
            genre: &t.genre,
            tariff: &t.tariff,
            price: t.price.0,
            channel: t.channel.code(),
            attended: t.attended,
            source: &read.source,
        };
        store::past::insert_past(tx, &past, store::unix(now))?;
        report.added += 1;
        store::patrons::touch_contact(tx, id, store::unix(t.starts_at))?;
    }
    let p = &report.patrons;
    if report.added + p.created + p.completed > 0 {
        let record = Record::PatronFile(records::PatronFile {
            act: "history_imported".into(),
            patrons: Vec::new(),
            years: None,
            tickets: Some(report.added),
            source: Some(read.source.clone()),
        });
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
    }
    Ok(report)
}

/// Imports the previous system's tickets from a CSV file: read, then
/// written in one transaction with its journal record.
pub fn import(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    bytes: &[u8],
    options: &Options,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<HistoryReport, AudienceError> {
    let read = read(by, bytes, options, zone, now)?;
    ledger::write(store, signer, |tx| write(tx, signer, by, read, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_yes_no_channels_and_genres_read_as_previous_systems_write_them() {
        let paris = chrono_tz::Europe::Paris;
        let at = |t: &str| date(t, paris).map(|d| d.to_rfc3339());
        assert_eq!(
            at("2025-10-12 20:30").as_deref(),
            Some("2025-10-12T18:30:00+00:00")
        );
        assert_eq!(
            at("12/01/2025 20h30").as_deref(),
            Some("2025-01-12T19:30:00+00:00")
        );
        assert_eq!(
            at("12/01/2025").as_deref(),
            Some("2025-01-12T19:00:00+00:00")
        );
        assert_eq!(at("2025-13-01"), None);
        assert_eq!(at("hier soir"), None);
        assert_eq!(
            [yes(""), yes("Oui"), yes("x"), yes("NON"), yes("peut-être")],
            [Some(true), Some(true), Some(true), Some(false), None]
        );
        assert_eq!(channel("En ligne"), Some(Channel::Web));
        assert_eq!(channel("Téléphone"), Some(Channel::Phone));
        assert_eq!(channel(""), Some(Channel::Counter));
        assert_eq!(channel("pigeon voyageur"), None);
        assert_eq!(genre("Théâtre"), "theatre");
        assert_eq!(genre("Concert"), "music");
        assert_eq!(genre("Arts de la rue"), "circus");
        assert_eq!(genre("Conférence"), "Conférence");
    }
}

//! Checking tickets at the door, offline: a code's signature, then the
//! ticket's state and its earlier scans; every scan recorded once.
//! It may use domain, store, operators, programming, tickets and counter.
//!
//! The code is checked against the public key of the terminal that sold
//! it (found by the key id the code carries). Every scan, admitted or
//! refused, is recorded with its own public id, the door and the operator,
//! so the scans of several doors merge later without counting anyone twice.

pub mod list;

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::domain::admission::{Count, Outcome, ScanLine};
use crate::domain::journal::Kind;
use crate::domain::records::Record;
use crate::domain::season::local_instant;
use crate::domain::{Performance, PerformanceName, SeatName};
use crate::ledger;
use crate::operators::Operator;
use crate::store::door::{self as sql, DoorTicket, NewScan};
use crate::store::{self, Store, StoreError, Tx};
use crate::tickets::code::{self, CodeError};

/// The door opens this long before a performance starts.
pub const DOORS_OPEN_BEFORE: Duration = Duration::hours(3);
/// A second scan of the same ticket within this time is the scanner (or the
/// steward) repeating itself, not someone else with a copy.
pub const JUST_NOW: Duration = Duration::seconds(10);
/// What is kept of a scanned text that is not a code (a scanner gone mad).
const KEPT: usize = 200;

/// Which performances this door admits to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Performance(i64),
    /// The evening's performances: every performance starting today in the
    /// venue's time zone, and any whose doors are open now (a show at half
    /// past midnight, one running past midnight).
    Today,
}

/// A ticket as the steward is told about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub ticket_id: i64,
    pub number: i64,
    pub order_id: i64,
    pub performance: PerformanceName,
    pub performance_id: i64,
    pub seat: Option<SeatName>,
    pub tariff_code: String,
    pub tariff_name: String,
    /// The tariff needs a proof (a student card, …) checked at the door.
    pub requires_proof: bool,
    pub category: String,
    pub patron: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// Not a Guichet code at all (another venue's, a product barcode, …).
    NotATicket,
    /// Guichet's form, but it does not decode: damaged or mistyped.
    Damaged,
    NewerFormat,
    /// Decodes, but the signature is wrong: forged or altered.
    Forged,
    /// Signed by a key this database does not know: another venue's, or a
    /// terminal whose sales have not reached this one.
    UnknownKey,
    /// Properly signed, but no such ticket here (sold on a terminal whose
    /// sales have not reached this one).
    UnknownTicket,
    /// The ticket's row disagrees with what its code signs (its seat or
    /// slot was edited in the file): the database was tampered with.
    Altered,
    /// A training ticket at a real door.
    Training,
    /// A real ticket at a training door: training admits only its own.
    RealInTraining,
    Cancelled {
        at: Option<DateTime<Utc>>,
    },
    /// Its performance was moved: the ticket was replaced by `ticket` (its
    /// number) for `to`, as the signed cancellation says.
    Moved {
        to: PerformanceName,
        ticket: Option<i64>,
    },
    OtherPerformance {
        performance: PerformanceName,
    },
    TooEarly {
        opens: DateTime<Utc>,
    },
    Over {
        ended: DateTime<Utc>,
    },
    AlreadyEntered {
        at: DateTime<Utc>,
        door: String,
        just_now: bool,
    },
}

impl Refusal {
    /// The outcome as recorded in the scan table.
    pub fn outcome(&self) -> Outcome {
        match self {
            Refusal::Empty => Outcome::Empty,
            Refusal::NotATicket => Outcome::NotATicket,
            Refusal::Damaged => Outcome::Damaged,
            Refusal::NewerFormat => Outcome::NewerFormat,
            Refusal::Forged => Outcome::Forged,
            Refusal::Altered => Outcome::Altered,
            Refusal::UnknownKey => Outcome::UnknownKey,
            Refusal::UnknownTicket => Outcome::UnknownTicket,
            Refusal::Training | Refusal::RealInTraining => Outcome::Training,
            Refusal::Cancelled { .. } | Refusal::Moved { .. } => Outcome::Cancelled,
            Refusal::OtherPerformance { .. } => Outcome::OtherPerformance,
            Refusal::TooEarly { .. } => Outcome::TooEarly,
            Refusal::Over { .. } => Outcome::Over,
            Refusal::AlreadyEntered { just_now: true, .. } => Outcome::AlreadyEnteredJustNow,
            Refusal::AlreadyEntered { .. } => Outcome::AlreadyEntered,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `reentry`: the holder had gone out (re-entry allowed).
    Admitted {
        reentry: bool,
    },
    Refused(Refusal),
}

/// The answer to one scan, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub scan_id: String,
    pub at: DateTime<Utc>,
    pub verdict: Verdict,
    /// The ticket, when the code was good enough to find one.
    pub holder: Option<Holder>,
    pub zone: chrono_tz::Tz,
}

impl Answer {
    pub fn admitted(&self) -> bool {
        matches!(self.verdict, Verdict::Admitted { .. })
    }
}

/// Why the door could not do what was asked (worded in `ui::i18n::door`).
#[derive(Debug, thiserror::Error)]
pub enum DoorError {
    NoPerformance(i64),
    NoTicket(i64),
    /// No admission to undo at this door.
    NothingToUndo(String),
    NotSupervisor,
    NoDoorName,
    DoorNameTooLong,
    NotAllowedToName,
    Pdf(#[from] crate::tickets::pdf::PdfError),
    Print(#[from] crate::tickets::print::PrintError),
    Open(Box<store::OpenError>),
    NoPerformanceChosen,
    Counter(#[from] crate::counter::CounterError),
    Store(#[from] StoreError),
}

impl From<store::OpenError> for DoorError {
    fn from(e: store::OpenError) -> DoorError {
        DoorError::Open(Box::new(e))
    }
}

/// Checks a scanned or typed code and records the scan.
pub fn scan(
    store: &mut Store,
    scope: Scope,
    door: &str,
    by: &Operator,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Answer, DoorError> {
    let door = door_name(door)?;
    store.write(|tx| {
        check_scope(tx, scope)?;
        let zone = venue_zone(tx)?;
        let (verdict, named) = judge(tx, (scope, false), text, zone, now)?;
        let kept: String = code::normal(text).chars().take(KEPT).collect();
        let scan = Scan {
            code: &kept,
            manual: false,
            door,
            by,
            zone,
            now,
        };
        record(tx, verdict, named, &scan)
    })
}

/// A scan in training mode: a training ticket is judged as a real door
/// would judge a real one (its performance, its time, cancelled or not),
/// a real one is refused, and nothing is recorded: training admits no one.
pub fn scan_training(
    store: &Store,
    scope: Scope,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Answer, DoorError> {
    store.read(|tx| {
        check_scope(tx, scope)?;
        let zone = venue_zone(tx)?;
        let (verdict, named) = judge(tx, (scope, true), text, zone, now)?;
        let holder = match &named {
            Some(n) => Some(holder(tx, n, zone)?),
            None => None,
        };
        Ok(Answer {
            scan_id: String::new(),
            at: store::instant(store::unix(now)),
            verdict,
            holder,
            zone,
        })
    })
}

/// Admits by hand a holder found without their ticket (by name, e-mail or
/// order): the same checks as a scan of the ticket's code, recorded as manual.
pub fn admit_by_hand(
    store: &mut Store,
    scope: Scope,
    door: &str,
    by: &Operator,
    ticket_id: i64,
    now: DateTime<Utc>,
) -> Result<Answer, DoorError> {
    let door = door_name(door)?;
    store.write(|tx| {
        check_scope(tx, scope)?;
        let zone = venue_zone(tx)?;
        let ticket = sql::ticket_by_id(tx, ticket_id)?.ok_or(DoorError::NoTicket(ticket_id))?;
        // Judged from its code, as a scan would be: the signature, the key,
        // the signed place and cancellations hold by hand too.
        let (verdict, named) = judge(tx, (scope, false), &ticket.code, zone, now)?;
        let scan = Scan {
            code: &ticket.code,
            manual: true,
            door,
            by,
            zone,
            now,
        };
        record(tx, verdict, named, &scan)
    })
}

/// Undoes the last admission at this door (the steward let in the wrong
/// person, or scanned a ticket twice by mistake): a new scan record, never
/// an edit. Only a coordinator or an administrator may.
pub fn undo_last(
    store: &mut Store,
    door: &str,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Holder, DoorError> {
    if !by.role.can_coordinate() {
        return Err(DoorError::NotSupervisor);
    }
    let door = door_name(door)?;
    store.write(|tx| {
        let nothing = || DoorError::NothingToUndo(door.into());
        let last = sql::last_admission(tx, door)?.ok_or_else(nothing)?;
        let ticket_id = last.ticket_id.ok_or_else(nothing)?;
        let ticket = sql::ticket_by_id(tx, ticket_id)?.ok_or(DoorError::NoTicket(ticket_id))?;
        sql::insert_scan(
            tx,
            &NewScan {
                public_id: &store::public_id(now),
                ticket_id: Some(ticket.id),
                performance_id: Some(ticket.performance_id),
                code: &ticket.code,
                outcome: Outcome::Undone,
                manual: true,
                door,
                operator_id: by.id,
                at: store::unix(now),
            },
        )?;
        let named = Named::read(tx, ticket)?;
        holder(tx, &named, venue_zone(tx)?)
    })
}

/// The longest door name.
pub const DOOR_NAME_MAX: usize = 40;

/// The door this terminal's scans are recorded at: the name set in
/// Réglages, else the terminal's own.
pub fn this_door(store: &Store, terminal_name: &str) -> String {
    store
        .read(|tx| store::settings::get(tx, store::settings::DOOR))
        .ok()
        .flatten()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| terminal_name.to_owned())
}

/// Names the door this terminal checks tickets at ("Porte jardin"); only
/// a coordinator or an administrator may. Returns the name as kept.
pub fn name_door(store: &mut Store, by: &Operator, name: &str) -> Result<String, DoorError> {
    if !by.role.can_coordinate() {
        return Err(DoorError::NotAllowedToName);
    }
    let name = door_name(name)?;
    if name.chars().count() > DOOR_NAME_MAX {
        return Err(DoorError::DoorNameTooLong);
    }
    store.write(|tx| store::settings::set(tx, store::settings::DOOR, name))?;
    Ok(name.to_owned())
}

fn door_name(door: &str) -> Result<&str, DoorError> {
    let door = door.trim();
    if door.is_empty() {
        return Err(DoorError::NoDoorName);
    }
    Ok(door)
}

fn check_scope(tx: &Tx, scope: Scope) -> Result<(), DoorError> {
    if let Scope::Performance(id) = scope
        && store::performances::by_id(tx, id)?.is_none()
    {
        return Err(DoorError::NoPerformance(id));
    }
    Ok(())
}

fn venue_zone(tx: &Tx) -> Result<chrono_tz::Tz, DoorError> {
    Ok(store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC))
}

/// The ticket a scan named, with its performance (read once per scan).
struct Named {
    ticket: DoorTicket,
    performance: Performance,
    /// Cancelled in a move: where it went.
    moved: Option<MovedTo>,
}

impl Named {
    fn read(tx: &Tx, ticket: DoorTicket) -> Result<Named, DoorError> {
        let performance = store::performances::by_id(tx, ticket.performance_id)?
            .ok_or(DoorError::NoPerformance(ticket.performance_id))?;
        Ok(Named {
            ticket,
            performance,
            moved: None,
        })
    }

    fn name(&self, tx: &Tx, zone: chrono_tz::Tz) -> Result<PerformanceName, DoorError> {
        let p = &self.performance;
        let show = store::shows::by_id(tx, p.show_id)?.ok_or(DoorError::NoPerformance(p.id))?;
        Ok(PerformanceName {
            show: show.title,
            starts_at: p.starts_at,
            zone,
        })
    }
}

/// How a scan is recorded: what was read, by hand or not, where, by whom.
struct Scan<'a> {
    code: &'a str,
    manual: bool,
    door: &'a str,
    by: &'a Operator,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
}

/// What the code says, and the ticket it names when it names one.
fn judge(
    tx: &Tx,
    (scope, training): (Scope, bool),
    text: &str,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(Verdict, Option<Named>), DoorError> {
    let refused = |r| Ok((Verdict::Refused(r), None));
    let scanned = match code::read(text) {
        Ok(s) => s,
        Err(CodeError::Empty) => return refused(Refusal::Empty),
        Err(CodeError::NotATicket(_)) => {
            // A seller's own code (an imported order's ticket, printed by
            // the web shop): the ticket issued here for it, held to the
            // signed record that names the code, then judged as its own.
            let hash = code::seller_code_hash(text);
            let Some((own, order_id)) = store::imports::ticket_of_external(tx, &hash)? else {
                return refused(Refusal::NotATicket);
            };
            if !store::sales::sale_record(tx, order_id)?.contains(&hash) {
                return refused(Refusal::Forged);
            }
            return judge(tx, (scope, training), &own, zone, now);
        }
        Err(CodeError::NewerFormat(_)) => return refused(Refusal::NewerFormat),
        Err(CodeError::Damaged | CodeError::OutOfRange) => return refused(Refusal::Damaged),
        Err(CodeError::BadSignature) => return refused(Refusal::Forged),
    };
    // Any key the terminal ever signed with (tickets sold before a key
    // rotation keep their old key's id), if the ledger vouches for it: a
    // terminal or a key inserted in the file by hand signs nothing.
    let signed_by = match ledger::trust::key(tx, &scanned.claims.key_id_hex())? {
        None => return refused(Refusal::UnknownKey),
        Some(Err(_)) => return refused(Refusal::Forged),
        Some(Ok(key)) => key,
    };
    let terminal_id = signed_by.terminal_id;
    let key: [u8; 32] = match signed_by.public_key.try_into() {
        Ok(k) => k,
        Err(_) => return refused(Refusal::UnknownKey),
    };
    let claims = match scanned.verify(&key) {
        Ok(c) => c,
        Err(_) => return refused(Refusal::Forged),
    };
    // A real door takes no training ticket; a training door only those.
    match (claims.training, training) {
        (true, false) => return refused(Refusal::Training),
        (false, true) => return refused(Refusal::RealInTraining),
        _ => {}
    }
    let number = i64::from(claims.number);
    let Some(ticket) = sql::ticket(tx, terminal_id, number, training)? else {
        return refused(Refusal::UnknownTicket);
    };
    // The signature vouches for the claims; the stored ticket must be the
    // one they describe.
    if ticket.code != code::normal(text) || ticket.performance_id != i64::from(claims.performance) {
        return refused(Refusal::Forged);
    }
    let mut ticket = ticket;
    if !signed_state(tx, terminal_id, &claims, &mut ticket)? {
        return refused(Refusal::Altered);
    }
    let moved = match ticket.valid {
        true => None,
        false => moved(tx, terminal_id, &ticket.public_id)?,
    };
    let mut named = Named::read(tx, ticket)?;
    named.moved = moved;
    let verdict = verdict(tx, scope, &named, zone, now)?;
    Ok((verdict, Some(named)))
}

/// A moved performance's new date, and the number of the ticket that
/// replaces this one.
type MovedTo = (DateTime<Utc>, Option<i64>);

/// Where the ticket went if its signed cancellation is part of a move.
fn moved(tx: &Tx, terminal_id: i64, public_id: &str) -> Result<Option<MovedTo>, DoorError> {
    let kind = Kind::Cancellation;
    let Some(row) = store::ledger::event_naming(tx, terminal_id, kind.as_str(), public_id)? else {
        return Ok(None);
    };
    let data = serde_json::from_str::<serde_json::Value>(&row.body)
        .map(|mut b| b["data"].take())
        .unwrap_or_default();
    let Ok(Record::Cancellation(c)) = Record::read(kind, data) else {
        return Ok(None);
    };
    let Some(m) = c.moved else { return Ok(None) };
    let Ok(at) = DateTime::parse_from_rfc3339(&m.starts_at) else {
        return Ok(None);
    };
    let at = at.with_timezone(&Utc);
    let replacement = c
        .lines
        .iter()
        .position(|l| l.id == public_id)
        .and_then(|i| m.tickets.get(i).copied());
    Ok(Some((at, replacement)))
}

/// Holds the stored ticket to what is signed: its place must be the one
/// its code signs (false: the row was edited), and it is cancelled if a
/// signed cancellation names it, whatever its row says.
fn signed_state(
    tx: &Tx,
    terminal_id: i64,
    claims: &code::Claims,
    ticket: &mut DoorTicket,
) -> Result<bool, DoorError> {
    let place = |id: Option<i64>| id.and_then(|i| u32::try_from(i).ok());
    let agrees = match claims.place {
        code::Place::Seat(s) => place(ticket.seat_id) == Some(s) && ticket.slot_id.is_none(),
        code::Place::Slot(s) => place(ticket.slot_id) == Some(s) && ticket.seat_id.is_none(),
        code::Place::Unnumbered => ticket.seat_id.is_none() && ticket.slot_id.is_none(),
    };
    if !agrees {
        return Ok(false);
    }
    if ticket.valid
        && let Some(cancelled) = store::ledger::event_naming(
            tx,
            terminal_id,
            Kind::Cancellation.as_str(),
            &ticket.public_id,
        )?
    {
        ticket.valid = false;
        ticket.cancelled_at = Some(cancelled.recorded.div_euclid(1000));
    }
    Ok(true)
}

fn verdict(
    tx: &Tx,
    scope: Scope,
    named: &Named,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<Verdict, DoorError> {
    let refused = |r| Ok(Verdict::Refused(r));
    let (ticket, performance) = (&named.ticket, &named.performance);
    if let (false, Some((starts_at, replacement))) = (ticket.valid, named.moved) {
        let show = named.name(tx, zone)?.show;
        return refused(Refusal::Moved {
            to: PerformanceName {
                show,
                starts_at,
                zone,
            },
            ticket: replacement,
        });
    }
    if !ticket.valid {
        return refused(Refusal::Cancelled {
            at: ticket.cancelled_at.map(store::instant),
        });
    }
    let wrong = match scope {
        Scope::Performance(id) => id != performance.id,
        Scope::Today => {
            let doors_open =
                performance.starts_at - DOORS_OPEN_BEFORE <= now && now < performance.ends_at;
            !doors_open
                && performance.starts_at.with_timezone(&zone).date_naive()
                    != now.with_timezone(&zone).date_naive()
        }
    };
    if wrong {
        return refused(Refusal::OtherPerformance {
            performance: named.name(tx, zone)?,
        });
    }
    let opens = performance.starts_at - DOORS_OPEN_BEFORE;
    if now < opens {
        return refused(Refusal::TooEarly { opens });
    }
    let ended = performance.ends_at;
    if now >= ended {
        return refused(Refusal::Over { ended });
    }
    match sql::last_entry(tx, ticket.id)? {
        Some((Outcome::Admitted, at, door)) => {
            let just_now = now - at < JUST_NOW;
            if performance.reentry_allowed && !just_now {
                Ok(Verdict::Admitted { reentry: true })
            } else {
                refused(Refusal::AlreadyEntered { at, door, just_now })
            }
        }
        _ => Ok(Verdict::Admitted { reentry: false }),
    }
}

fn record(
    tx: &Tx,
    verdict: Verdict,
    named: Option<Named>,
    scan: &Scan,
) -> Result<Answer, DoorError> {
    let scan_id = store::public_id(scan.now);
    let outcome = match &verdict {
        Verdict::Admitted { .. } => Outcome::Admitted,
        Verdict::Refused(r) => r.outcome(),
    };
    let ticket = named.as_ref().map(|n| &n.ticket);
    sql::insert_scan(
        tx,
        &NewScan {
            public_id: &scan_id,
            ticket_id: ticket.map(|t| t.id),
            performance_id: ticket.map(|t| t.performance_id),
            code: scan.code,
            outcome,
            manual: scan.manual,
            door: scan.door,
            operator_id: scan.by.id,
            at: store::unix(scan.now),
        },
    )?;
    let holder = match &named {
        Some(n) => Some(holder(tx, n, scan.zone)?),
        None => None,
    };
    Ok(Answer {
        scan_id,
        // As recorded: to the second.
        at: store::instant(store::unix(scan.now)),
        verdict,
        holder,
        zone: scan.zone,
    })
}

fn holder(tx: &Tx, named: &Named, zone: chrono_tz::Tz) -> Result<Holder, DoorError> {
    let t = &named.ticket;
    let seat = match t.seat_id {
        Some(seat) => store::sales::seat_name(tx, t.performance_id, seat)?,
        None => None,
    };
    Ok(Holder {
        ticket_id: t.id,
        number: t.number,
        order_id: t.order_id,
        performance: named.name(tx, zone)?,
        performance_id: t.performance_id,
        seat,
        tariff_code: t.tariff_code.clone(),
        tariff_name: t.tariff_name.clone(),
        requires_proof: t.requires_proof,
        category: t.category.clone(),
        patron: t.patron.clone(),
    })
}

/// Entered and expected, by price category.
pub fn counts(store: &Store, performance_id: i64) -> Result<Vec<Count>, DoorError> {
    Ok(store.read(|tx| sql::counts(tx, performance_id))?)
}

/// Entered / expected by category over several performances (the door's
/// whole evening), on a read-only connection of its own: counting reads
/// every ticket (100,000 on a festival night), so the window runs it in the
/// background, and it sees what the other doors let in.
pub fn count_entries(db: &std::path::Path, performances: &[i64]) -> Result<Vec<Count>, DoorError> {
    let store = Store::open_read_only(db)?;
    let mut counts: Vec<Count> = Vec::new();
    for &id in performances {
        for c in counts_of(&store, id)? {
            match counts.iter_mut().find(|x| x.category == c.category) {
                Some(x) => {
                    x.expected += c.expected;
                    x.entered += c.entered;
                }
                None => counts.push(c),
            }
        }
    }
    Ok(counts)
}

fn counts_of(store: &Store, performance_id: i64) -> Result<Vec<Count>, DoorError> {
    counts(store, performance_id)
}

/// The latest scans at a door, newest first.
pub fn recent(store: &Store, door: &str, limit: i64) -> Result<Vec<ScanLine>, DoorError> {
    Ok(store.read(|tx| sql::recent(tx, door, limit))?)
}

/// What a door may admit to: today's performances; when none plays today,
/// the next six (to prepare the door). Each with its id and name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToAdmit {
    pub today: Vec<(i64, PerformanceName)>,
    pub upcoming: Vec<(i64, PerformanceName)>,
}

pub fn performances_to_admit(store: &Store, now: DateTime<Utc>) -> Result<ToAdmit, DoorError> {
    let named = |ids: Vec<i64>| -> Result<Vec<(i64, PerformanceName)>, DoorError> {
        store.read(|tx| {
            ids.into_iter()
                .map(|id| Ok((id, crate::counter::cart::performance_name(tx, id)?)))
                .collect()
        })
    };
    let today = named(today(store, now)?)?;
    let upcoming = if today.is_empty() {
        let next = crate::programming::upcoming(store, now, 6)?;
        named(next.into_iter().map(|p| p.id).collect())?
    } else {
        Vec::new()
    };
    Ok(ToAdmit { today, upcoming })
}

/// The evening's performances, by start: those starting today (in the
/// venue's time zone) and those whose doors are open now.
pub fn today(store: &Store, now: DateTime<Utc>) -> Result<Vec<i64>, DoorError> {
    store.read(|tx| {
        let zone = venue_zone(tx)?;
        let day = now.with_timezone(&zone).date_naive();
        // Where clocks change at midnight, the day starts at 01:00.
        let start = |d: chrono::NaiveDate| {
            let one = NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN);
            local_instant(zone, d, NaiveTime::MIN)
                .or_else(|_| local_instant(zone, d, one))
                .map_or_else(|_| store::unix(d.and_time(one).and_utc()), store::unix)
        };
        let next = day.succ_opt().unwrap_or(day);
        Ok(sql::performances_at_door(
            tx,
            start(day),
            start(next),
            store::unix(now),
            DOORS_OPEN_BEFORE.num_seconds(),
        )?)
    })
}

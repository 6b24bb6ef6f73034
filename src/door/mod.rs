//! Checking tickets at the door, offline: a code's signature, then the
//! ticket's state and its earlier scans; every scan recorded once.
//! It may use domain, store, operators, programming, tickets and counter.
//!
//! The code is checked against the public key of the terminal that sold
//! it (found by the key id the code carries). Every scan, admitted or
//! refused, is recorded with its own public id, the door and the operator,
//! so the scans of several doors merge later without counting anyone twice.

mod judge;
pub mod list;

use judge::{Named, judge};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::domain::admission::{Count, Outcome, ScanLine};
use crate::domain::season::local_instant;
use crate::domain::{PerformanceName, SeatName};
use crate::operators::Operator;
use crate::store::door::{self as sql, NewScan};
use crate::store::{self, Store, StoreError, Tx};
use crate::tickets::code;

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
    /// Entered with a pass's card: the pass's name.
    pub pass: Option<String>,
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
    /// Properly signed by this terminal, numbered among the tickets sold
    /// after the backup the database was restored from (`restored`): a
    /// real ticket whose sale was lost, recognised; a person checks it and
    /// lets its holder in by hand.
    LostAtRestore {
        restored: DateTime<Utc>,
    },
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
    /// A pass's card where its pass holds no ticket: a performance outside
    /// its days (`from` to `until`, the venue's) or not of its shows.
    PassNotHere {
        from: NaiveDate,
        until: NaiveDate,
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
            Refusal::UnknownTicket | Refusal::LostAtRestore { .. } => Outcome::UnknownTicket,
            Refusal::Training | Refusal::RealInTraining => Outcome::Training,
            Refusal::Cancelled { .. } | Refusal::Moved { .. } => Outcome::Cancelled,
            Refusal::OtherPerformance { .. } | Refusal::PassNotHere { .. } => {
                Outcome::OtherPerformance
            }
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
    scan_asking(store, (scope, door), by, text, now, &mut |_| {
        Central::Unanswered
    })
}

/// An admission a door online puts to the central database before letting
/// the holder in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked<'a> {
    pub scan_id: &'a str,
    /// The ticket's public id.
    pub ticket: &'a str,
    pub door: &'a str,
    pub manual: bool,
    /// Let in knowing the holder had entered before (re-entry allowed).
    pub reentry: bool,
    pub at: DateTime<Utc>,
}

/// What the central database answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Central {
    /// No answer (offline, or not joined): the door judges alone.
    Unanswered,
    /// The admission is stored there: the first.
    Stored,
    /// The ticket was cancelled there (refunded since the list was pulled).
    Cancelled,
    /// The ticket entered first through another door.
    EnteredAt { door: String, at: DateTime<Utc> },
}

/// [`scan`], asking the central database (`ask`) before admitting: a ticket
/// that entered through another door is refused there and then (or let in
/// again where the performance allows re-entry), so online doors never let
/// the same ticket in twice.
pub fn scan_asking(
    store: &mut Store,
    (scope, door): (Scope, &str),
    by: &Operator,
    text: &str,
    now: DateTime<Utc>,
    ask: &mut dyn FnMut(&Asked) -> Central,
) -> Result<Answer, DoorError> {
    checked(store, (scope, door), by, (text, false), now, ask)
}

/// A code judged here, then (an admission) asked centrally, off any
/// transaction, then judged again and recorded with what was said:
/// scanned, or by hand (`manual`).
fn checked(
    store: &mut Store,
    (scope, door): (Scope, &str),
    by: &Operator,
    (text, manual): (&str, bool),
    now: DateTime<Utc>,
    ask: &mut dyn FnMut(&Asked) -> Central,
) -> Result<Answer, DoorError> {
    let door = door_name(door)?;
    let scan_id = store::public_id(now);
    // Judged here first, then asked, off any transaction: the network
    // never holds this database's lock.
    let asked = store.read(|tx| {
        check_scope(tx, scope)?;
        let zone = venue_zone(tx)?;
        let (verdict, named) = judge(tx, (scope, false), text, zone, now)?;
        let asked = match (verdict, named) {
            (Verdict::Admitted { reentry }, Some(n)) => ask(&Asked {
                scan_id: &scan_id,
                ticket: &n.ticket.public_id,
                door,
                manual,
                reentry,
                at: now,
            }),
            _ => Central::Unanswered,
        };
        Ok::<_, DoorError>(asked)
    })?;
    store.write(|tx| {
        let zone = venue_zone(tx)?;
        let (verdict, named) = judge(tx, (scope, false), text, zone, now)?;
        let verdict = match (&verdict, &named) {
            (Verdict::Admitted { .. }, Some(n)) => heard(verdict, &n.performance, &asked, now),
            _ => verdict,
        };
        // What was read is kept as read (a seller's code judged as is),
        // bounded.
        let kept: String = code::normal(text).chars().take(KEPT).collect();
        let scan = Scan {
            id: scan_id.clone(),
            code: &kept,
            manual,
            door,
            by,
            zone,
            now,
        };
        record(tx, verdict, named, &scan)
    })
}

/// The door's own verdict of an admission, with what the central database
/// said: cancelled there, or entered through another door (again within
/// seconds: a copy; otherwise a re-entry where the performance allows it).
fn heard(
    verdict: Verdict,
    performance: &crate::domain::Performance,
    central: &Central,
    now: DateTime<Utc>,
) -> Verdict {
    match central {
        Central::Cancelled => Verdict::Refused(Refusal::Cancelled { at: None }),
        Central::EnteredAt { door, at } => {
            let just_now = now - *at < JUST_NOW;
            match performance.reentry_allowed && !just_now {
                true => Verdict::Admitted { reentry: true },
                false => Verdict::Refused(Refusal::AlreadyEntered {
                    at: *at,
                    door: door.clone(),
                    just_now,
                }),
            }
        }
        Central::Stored | Central::Unanswered => verdict,
    }
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
/// order): the same checks as a scan of the ticket's code, asked centrally
/// the same way (`ask`), recorded as manual.
pub fn admit_by_hand(
    store: &mut Store,
    (scope, door): (Scope, &str),
    by: &Operator,
    ticket_id: i64,
    now: DateTime<Utc>,
    ask: &mut dyn FnMut(&Asked) -> Central,
) -> Result<Answer, DoorError> {
    // Judged from its code, as a scan would be: the signature, the key,
    // the signed place and cancellations hold by hand too.
    let code = store
        .read(|tx| sql::ticket_by_id(tx, ticket_id))?
        .ok_or(DoorError::NoTicket(ticket_id))?
        .code;
    checked(store, (scope, door), by, (&code, true), now, ask)
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
        let (undone, code, performance) = sql::scan_read(tx, last.id)?.ok_or_else(nothing)?;
        let zone = venue_zone(tx)?;
        // The ticket as its code names it, sold here or elsewhere.
        let scope = Scope::Performance(performance.ok_or_else(nothing)?);
        let (_, named) = judge(tx, (scope, false), &code, zone, now)?;
        let named = named.ok_or_else(nothing)?;
        let elsewhere = named.elsewhere.as_ref().map(|l| l.public_id.as_str());
        sql::insert_scan(
            tx,
            &NewScan {
                public_id: &store::public_id(now),
                ticket_id: elsewhere.is_none().then_some(named.ticket.id),
                door_ticket: elsewhere,
                performance_id: Some(named.ticket.performance_id),
                code: &code,
                outcome: Outcome::Undone,
                reentry: false,
                undoes: Some(&undone),
                manual: true,
                door,
                operator_id: by.id,
                at: store::unix(now),
            },
        )?;
        holder(tx, &named, zone)
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

/// How a scan is recorded: what was read, by hand or not, where, by whom.
struct Scan<'a> {
    id: String,
    code: &'a str,
    manual: bool,
    door: &'a str,
    by: &'a Operator,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
}

fn record(
    tx: &Tx,
    verdict: Verdict,
    named: Option<Named>,
    scan: &Scan,
) -> Result<Answer, DoorError> {
    let scan_id = scan.id.clone();
    let (outcome, reentry) = match &verdict {
        Verdict::Admitted { reentry } => (Outcome::Admitted, *reentry),
        Verdict::Refused(r) => (r.outcome(), false),
    };
    let ticket = named.as_ref().map(|n| &n.ticket);
    let elsewhere = named.as_ref().and_then(|n| n.elsewhere.as_ref());
    sql::insert_scan(
        tx,
        &NewScan {
            public_id: &scan_id,
            ticket_id: ticket.filter(|_| elsewhere.is_none()).map(|t| t.id),
            door_ticket: elsewhere.map(|l| l.public_id.as_str()),
            performance_id: ticket.map(|t| t.performance_id),
            code: scan.code,
            outcome,
            reentry,
            undoes: None,
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
    let seat = match (t.seat_id, &named.elsewhere) {
        (_, Some(listed)) => listed.seat.as_deref().and_then(SeatName::from_record),
        (Some(seat), None) => store::sales::seat_name(tx, t.performance_id, seat)?,
        (None, None) => None,
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
        pass: named.pass.clone(),
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

//! Judging a scanned code: its signature against the key that signed it,
//! the ticket it names held to its signed records (its place, its
//! cancellation, a move), then the ticket's state for this door now.

use chrono::{DateTime, Utc};

use super::{DOORS_OPEN_BEFORE, DoorError, JUST_NOW, Refusal, Scope, Verdict};
use crate::domain::admission::Outcome;
use crate::domain::journal::Kind;
use crate::domain::records::Record;
use crate::domain::subscription::Rule;
use crate::domain::{Performance, PerformanceName};
use crate::ledger;
use crate::store::door::{self as sql, DoorTicket, Scanned};
use crate::store::door_list::{self, ListedTicket};
use crate::store::subscriptions::{self as passes, PassTicket};
use crate::store::{self, Tx};
use crate::tickets::code::{self, CodeError};

/// The ticket a scan named, with its performance (read once per scan).
pub(super) struct Named {
    pub(super) ticket: DoorTicket,
    pub(super) performance: Performance,
    /// Cancelled in a move: where it went.
    pub(super) moved: Option<MovedTo>,
    /// Sold on another terminal: as the door list has it (`ticket` then
    /// holds what the list says, with no row here).
    pub(super) elsewhere: Option<ListedTicket>,
    /// Found by a pass's card: the pass's name.
    pub(super) pass: Option<String>,
}

impl Named {
    pub(super) fn read(tx: &Tx, ticket: DoorTicket) -> Result<Named, DoorError> {
        let performance = store::performances::by_id(tx, ticket.performance_id)?
            .ok_or(DoorError::NoPerformance(ticket.performance_id))?;
        Ok(Named {
            ticket,
            performance,
            moved: None,
            elsewhere: None,
            pass: None,
        })
    }

    /// How its scans name it.
    pub(super) fn scanned(&self) -> Scanned<'_> {
        match &self.elsewhere {
            Some(listed) => Scanned::Elsewhere(&listed.public_id),
            None => Scanned::Here(self.ticket.id),
        }
    }

    pub(super) fn name(&self, tx: &Tx, zone: chrono_tz::Tz) -> Result<PerformanceName, DoorError> {
        let p = &self.performance;
        let show = store::shows::by_id(tx, p.show_id)?.ok_or(DoorError::NoPerformance(p.id))?;
        Ok(PerformanceName {
            show: show.title,
            starts_at: p.starts_at,
            zone,
        })
    }
}

/// What the code says, and the ticket it names when it names one.
pub(super) fn judge(
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
        None => return elsewhere(tx, (scope, training), (text, &scanned), zone, now),
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
    if let code::Place::Pass(card) = claims.place {
        let card = (terminal_id, claims.number, card);
        return pass(tx, (scope, training), card, zone, now);
    }
    let number = i64::from(claims.number);
    let Some(ticket) = sql::ticket(tx, terminal_id, number, training)? else {
        // Sold after the backup this database was restored from: lost
        // with the restore, not forged.
        if let Some(at) = sql::lost_at_restore(tx, terminal_id, number)?.filter(|_| !training) {
            return refused(Refusal::LostAtRestore {
                restored: crate::store::instant_ms(at),
            });
        }
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

/// A pass's card: the pass its order sold, then the pass's ticket for the
/// performance this door admits to (the first whose doors are open, for
/// an evening's door), the card's rank among its places there, judged as
/// that ticket (cancelled, already in, too early …). Its signature was
/// checked by the caller. No ticket here: refused, with the pass's days.
fn pass(
    tx: &Tx,
    (scope, training): (Scope, bool),
    (terminal_id, number, card): (i64, u32, u32),
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(Verdict, Option<Named>), DoorError> {
    let refused = |r| Ok((Verdict::Refused(r), None));
    let Some(sold) = passes::pass_of_order(tx, terminal_id, training, i64::from(number))? else {
        return refused(Refusal::UnknownTicket);
    };
    let formula = passes::formula(tx, &sold.formula_id.to_string())?;
    let Some((Rule::Pass { from, until, .. }, name)) = formula.map(|f| (f.rule, f.name)) else {
        return refused(Refusal::UnknownTicket);
    };
    let tickets = passes::pass_tickets(tx, sold.id)?;
    let Some(rank) = usize::try_from(card).ok().and_then(|c| c.checked_sub(1)) else {
        return refused(Refusal::UnknownTicket);
    };
    let here = |t: &PassTicket| match scope {
        Scope::Performance(id) => t.performance_id == id,
        Scope::Today => tonight(
            (store::instant(t.starts_at), store::instant(t.ends_at)),
            zone,
            now,
        ),
    };
    // This card's ticket at each performance of the pass the door admits
    // to: its rank among the pass's places there (a performance's tickets
    // come together, in order).
    let mut mine: Vec<&PassTicket> = Vec::new();
    let mut ranked = (0, 0);
    for t in &tickets {
        ranked = match ranked.0 == t.performance_id {
            true => (t.performance_id, ranked.1 + 1),
            false => (t.performance_id, 0),
        };
        if ranked.1 == rank && here(t) {
            mine.push(t);
        }
    }
    if mine.is_empty() {
        // No performance here, or not this many places at it.
        return refused(match tickets.iter().any(here) {
            true => Refusal::UnknownTicket,
            false => Refusal::PassNotHere { from, until },
        });
    }
    // Of an evening's performances, the one the holder is coming in to:
    // a live ticket, doors open, not in yet, the earliest.
    let mut keyed = Vec::with_capacity(mine.len());
    for t in mine {
        let at = (store::instant(t.starts_at), store::instant(t.ends_at));
        let entered = matches!(
            sql::last_entry(tx, Scanned::Here(t.id))?,
            Some((Outcome::Admitted, ..))
        );
        keyed.push(((!t.valid, !doors_open(at, now), entered, t.starts_at), t));
    }
    let Some((_, t)) = keyed.into_iter().min_by_key(|(key, _)| *key) else {
        return refused(Refusal::UnknownTicket);
    };
    let (verdict, named) = judge(tx, (scope, training), &t.code, zone, now)?;
    let named = named.map(|n| Named {
        pass: Some(name),
        ..n
    });
    Ok((verdict, named))
}

/// Whether the doors of a performance starting and ending `at` are open.
fn doors_open((starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>), now: DateTime<Utc>) -> bool {
    starts_at - DOORS_OPEN_BEFORE <= now && now < ends_at
}

/// Whether an evening's door admits to a performance starting and ending
/// `at`: its doors are open, or it starts today.
fn tonight(at: (DateTime<Utc>, DateTime<Utc>), zone: chrono_tz::Tz, now: DateTime<Utc>) -> bool {
    doors_open(at, now)
        || at.0.with_timezone(&zone).date_naive() == now.with_timezone(&zone).date_naive()
}

/// A code signed by a key this terminal's ledger does not hold: a ticket
/// another terminal sold, judged from the door list pulled from the
/// central database (its key, its state there), else unknown.
fn elsewhere(
    tx: &Tx,
    (scope, training): (Scope, bool),
    (text, scanned): (&str, &code::Scanned),
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<(Verdict, Option<Named>), DoorError> {
    let refused = |r| Ok((Verdict::Refused(r), None));
    let Some(key) = door_list::key(tx, &scanned.claims.key_id_hex())? else {
        return refused(Refusal::UnknownKey);
    };
    let Ok(public_key) = <[u8; 32]>::try_from(key.public_key.as_slice()) else {
        return refused(Refusal::UnknownKey);
    };
    let Ok(claims) = scanned.verify(&public_key) else {
        return refused(Refusal::Forged);
    };
    // A pass sold on another terminal: the door list does not carry
    // passes yet (its number is an order's, not a ticket's).
    if let code::Place::Pass(_) = claims.place {
        return refused(Refusal::UnknownTicket);
    }
    // Training tickets never reach the central database.
    match (claims.training, training) {
        (true, false) => return refused(Refusal::Training),
        (false, true) => return refused(Refusal::RealInTraining),
        _ => {}
    }
    let listed = door_list::ticket(tx, &key.terminal, i64::from(claims.number))?;
    let Some(listed) = listed else {
        return refused(Refusal::UnknownTicket);
    };
    let Some(performance) = store::performances::by_public_id(tx, &listed.performance)? else {
        return refused(Refusal::UnknownTicket);
    };
    // The signature vouches for the kind of place; the list must agree.
    if matches!(claims.place, code::Place::Seat(_)) != listed.seat.is_some() {
        return refused(Refusal::Altered);
    }
    // The tariff by its code, as this terminal's season has it: its name,
    // and whether the door checks a proof.
    let tariff = store::tariffs::by_code(tx, &listed.tariff)?;
    let ticket = DoorTicket {
        id: 0,
        public_id: listed.public_id.clone(),
        number: listed.number,
        order_id: 0,
        performance_id: performance.id,
        seat_id: None,
        slot_id: None,
        code: code::normal(text),
        valid: !listed.cancelled,
        cancelled_at: None,
        tariff_code: listed.tariff.clone(),
        tariff_name: tariff
            .as_ref()
            .map_or(listed.tariff.clone(), |t| t.name.clone()),
        requires_proof: tariff.is_some_and(|t| t.requires_proof),
        category: listed.category.clone(),
        patron: None,
    };
    let named = Named {
        ticket,
        performance,
        moved: None,
        elsewhere: Some(listed),
        pass: None,
    };
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
        code::Place::Pass(_) => false,
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
        Scope::Today => !tonight((performance.starts_at, performance.ends_at), zone, now),
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
    let here = sql::last_entry(tx, named.scanned())?;
    // A door list says where a ticket sold elsewhere entered first, when
    // another door had pushed it before the list was pulled.
    let there = named
        .elsewhere
        .as_ref()
        .and_then(|l| l.entered.clone())
        .map(|(at, door)| (Outcome::Admitted, store::instant(at), door));
    let last = match (here, there) {
        (Some(h), Some(t)) => Some(if t.1 > h.1 { t } else { h }),
        (h, t) => h.or(t),
    };
    match last {
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

//! Lent contingents: the seats (and places of general admission) of each
//! performance sit in the central pool; a terminal borrows a lot of them in
//! one central transaction, sells offline only what it holds, tops up when
//! online and gives back what it did not sell. The central side is the
//! authority on who holds what: this terminal's `lent_seat` and
//! `lent_places` follow it, each change a signed `contingent` record.
//!
//! Order of the two writes, so that a cut between them can never let two
//! terminals sell one seat: a lot is taken centrally first, then recorded
//! here (cut between: the central side lends seats this terminal does not
//! sell yet; the next `sync` adopts them); a give-back is recorded here
//! first, then centrally (cut between: seats neither sells until `sync`
//! gives them back here again).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::CentralError;
use super::offers::bounded;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::performance::slot_stamp;
use crate::domain::records::{self, Record};
use crate::domain::{HallKind, Locale, Performance, PerformanceName};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::central as sql;
use crate::store::{self, Store, Tx};

/// What changed here after the central side was asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Changed {
    /// Seats that came and went, places held now, by performance (its
    /// public id).
    pub performances: Vec<PerformanceChange>,
    /// Performances the central side lends that this terminal does not
    /// know (its season is older: `guichet central pull`).
    pub unknown: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PerformanceChange {
    pub performance: String,
    pub seats_in: usize,
    pub seats_out: usize,
    pub places: i64,
}

/// Borrows up to `seats` seats and `places` places of a performance from
/// the central pool (a clerk tops up), then records here what came.
pub fn lend(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performance_id: i64,
    (seats, places): (u32, u32),
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    if !by.role.may(Act::Sell) {
        return Err(CentralError::NotAllowed(Act::Sell));
    }
    let (seats, places) = checked_lot((seats, places))?;
    let pool = pool_name(store, performance_id, None)?;
    let mut client = super::connect_terminal(store)?;
    sql::lend(&mut client, &pool, seats, places)?;
    sync_with(store, signer, by, &mut client, "lent", now)
}

/// Borrows up to `places` places of one entry slot of a timed performance
/// (each slot is lent apart), then records here what came.
pub fn lend_slot(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (performance_id, slot_id): (i64, i64),
    places: u32,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    if !by.role.may(Act::Sell) {
        return Err(CentralError::NotAllowed(Act::Sell));
    }
    let (_, places) = checked_lot((0, places))?;
    let pool = pool_name(store, performance_id, Some(slot_id))?;
    let mut client = super::connect_terminal(store)?;
    sql::lend(&mut client, &pool, 0, places)?;
    sync_with(store, signer, by, &mut client, "lent", now)
}

/// The name the central pool knows a performance by, or one of its entry
/// slots: a timed entry performance is lent slot by slot.
fn pool_name(
    store: &Store,
    performance_id: i64,
    slot_id: Option<i64>,
) -> Result<String, CentralError> {
    store.read(|tx| -> Result<String, CentralError> {
        let Some((p, _, kind)) = store::performances::for_sale(tx, performance_id)? else {
            return Err(CentralError::NoPerformance(performance_id));
        };
        match (kind, slot_id) {
            (HallKind::Timed, None) => Err(CentralError::BySlot(performance_id)),
            (_, None) => Ok(p.public_id),
            (_, Some(id)) => store::performances::slots_in_full(tx, p.id)?
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.pool(&p))
                .ok_or(CentralError::NoSlot(id)),
        }
    })
}

/// A pool name the central side lends, as this terminal knows it: its
/// performance and, for an entry slot, the slot's id (None: unknown here).
fn resolve(tx: &Tx, pool: &str) -> Result<Option<(Performance, Option<i64>)>, CentralError> {
    let (public_id, stamp) = match pool.split_once('@') {
        Some((public_id, stamp)) => (public_id, Some(stamp)),
        None => (pool, None),
    };
    let Some(p) = store::performances::by_public_id(tx, public_id)? else {
        return Ok(None);
    };
    let Some(stamp) = stamp else {
        return Ok(Some((p, None)));
    };
    let slot = store::performances::slots_in_full(tx, p.id)?
        .into_iter()
        .find(|s| slot_stamp(p.starts_at, s.starts_at) == stamp);
    Ok(slot.map(|s| (p, Some(s.id))))
}

/// Borrows these seats of a performance (by their names as tickets carry
/// them, at most 50), those still in the central pool: online, a clerk
/// sells from the pool directly. Then records here what came.
pub fn lend_named(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performance_id: i64,
    seats: &[String],
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    if !by.role.may(Act::Sell) {
        return Err(CentralError::NotAllowed(Act::Sell));
    }
    if seats.is_empty() || seats.len() > 50 {
        return Err(CentralError::Lot);
    }
    let public_id = public_id(store, performance_id)?;
    let mut client = super::connect_terminal(store)?;
    sql::lend_seats(&mut client, &public_id, seats)?;
    sync_with(store, signer, by, &mut client, "lent", now)
}

/// Gives back what this terminal holds and has not sold (nor has in a
/// basket) of one performance, or of every one: recorded here first, then
/// centrally.
pub fn give_back(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performance_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    let which =
        |h: &store::contingents::Held| performance_id.is_none_or(|id| id == h.performance_id);
    give_back_where(store, signer, by, &which, now)
}

/// Gives back what this terminal holds and has not sold of one pool (a
/// performance, or one entry slot of a timed one, by its name there).
pub fn give_back_pool(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    pool: &str,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    give_back_where(store, signer, by, &|h| h.performance == pool, now)
}

fn give_back_where(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    which: &dyn Fn(&store::contingents::Held) -> bool,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    if !by.role.may(Act::Sell) {
        return Err(CentralError::NotAllowed(Act::Sell));
    }
    let mut client = super::connect_terminal(store)?;
    let mut changed = Changed::default();
    // What goes back is read in the transaction that records it: a seat
    // sold meanwhile stays.
    let going = ledger::write(
        store,
        signer,
        |tx| -> Result<Vec<(String, Vec<String>, i64)>, CentralError> {
            let mut going = Vec::new();
            for u in unsold(tx, which, now)? {
                let id = u.held.performance_id;
                let seats_out = names_of(tx, id, &u.seats)?;
                let places = u.held.places - u.places;
                store::contingents::remove_seats(tx, id, &u.seats)?;
                let slot = u.held.slot.map(|(slot, _)| slot);
                store::contingents::set_pool_places(tx, id, slot, places)?;
                let record = Record::Contingent(records::Contingent {
                    performance: u.held.performance.clone(),
                    why: "given_back".into(),
                    seats_in: Vec::new(),
                    seats_out: seats_out.clone(),
                    places,
                });
                ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
                changed.performances.push(PerformanceChange {
                    performance: u.held.performance.clone(),
                    seats_in: 0,
                    seats_out: u.seats.len(),
                    places,
                });
                going.push((u.held.performance, seats_out, u.places));
            }
            Ok(going)
        },
    )?;
    for (performance, seats, places) in &going {
        sql::give_back(&mut client, performance, seats, bounded(*places))?;
    }
    let after = sync_with(store, signer, by, &mut client, "given_back", now)?;
    changed.unknown = after.unknown;
    Ok(changed)
}

/// What of a performance held here can go back: seats neither sold nor in
/// a live basket, places not sold.
struct Unsold {
    held: store::contingents::Held,
    seats: Vec<i64>,
    places: i64,
}

fn unsold(
    tx: &Tx,
    which: &dyn Fn(&store::contingents::Held) -> bool,
    now: DateTime<Utc>,
) -> Result<Vec<Unsold>, CentralError> {
    let mut found = Vec::new();
    for held in store::contingents::all(tx)? {
        if !which(&held) {
            continue;
        }
        let id = held.performance_id;
        let sold: BTreeSet<i64> = store::performances::sold_seats(tx, id)?
            .into_iter()
            .chain(
                store::sales::cart_seats(tx, id, store::unix(now))?
                    .into_iter()
                    .map(|(s, _)| s),
            )
            .collect();
        let seats: Vec<i64> = held
            .seats
            .iter()
            .copied()
            .filter(|s| !sold.contains(s))
            .collect();
        let sold = match held.slot {
            _ if held.places == 0 => 0,
            Some((slot, _)) => store::sales::sold_in_slot(tx, slot)?,
            None => store::sales::live_tickets(tx, id)?,
        };
        let places = (held.places - sold).max(0);
        if !seats.is_empty() || places > 0 {
            found.push(Unsold {
                held,
                seats,
                places,
            });
        }
    }
    Ok(found)
}

/// Makes this terminal hold exactly what the central side says it holds
/// (after a lot lent, a give-back cut short, a reclaim by an
/// administrator): one signed record per performance that changed.
pub fn sync(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    let mut client = super::connect_terminal(store)?;
    sync_with(store, signer, by, &mut client, "synced", now)
}

pub(super) fn sync_with(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    client: &mut postgres::Client,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    let there = claimed_and_held(store, client, now)?;
    follow(store, signer, by, &there, why, now)
}

/// What the central side says this terminal holds, once it claimed the
/// entry slots it sold more of than it holds there (`guichet.claim`: sold
/// against the day's places before slots were lent apart, or offline after
/// a reclaim); more than a slot's capacity is a conflict there.
fn claimed_and_held(
    store: &Store,
    client: &mut postgres::Client,
    now: DateTime<Utc>,
) -> Result<There, CentralError> {
    let there = held_there(client)?;
    let sold = store.read(|tx| store::contingents::sold_slots(tx, store::unix(now)))?;
    let mut claimed = false;
    for (pool, sold) in sold {
        let held = there.0.get(&pool).map_or(0, |(_, places)| *places);
        if sold > held {
            claimed |= sql::claim(client, &pool, bounded(sold))?.is_some();
        }
    }
    match claimed {
        true => held_there(client),
        false => Ok(there),
    }
}

/// What the central side says this terminal holds, by performance (its
/// public id): seat names and places.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct There(BTreeMap<String, (BTreeSet<String>, i64)>);

fn held_there(client: &mut postgres::Client) -> Result<There, CentralError> {
    let mut there: BTreeMap<String, (BTreeSet<String>, i64)> = BTreeMap::new();
    for held in sql::holding(client)? {
        let entry = there.entry(held.performance).or_default();
        if let Some(seat) = held.seat {
            entry.0.insert(seat);
        }
        if let Some(places) = held.places {
            entry.1 = i64::from(places);
        }
    }
    Ok(There(there))
}

/// Borrows a lot of a performance (its public id) for the terminal whose
/// database is `db`: what the central side says it holds afterwards, for
/// [`follow`] to record here. It blocks on the network: the window runs it
/// on a thread of its own (`ui::widget::off_thread`).
pub fn borrow_apart(
    db: &std::path::Path,
    performance: &str,
    lot: (u32, u32),
    now: DateTime<Utc>,
) -> Result<There, CentralError> {
    let (seats, places) = checked_lot(lot)?;
    let store = super::open_apart(db)?;
    let mut client = super::connect_terminal(&store)?;
    sql::lend(&mut client, performance, seats, places)?;
    claimed_and_held(&store, &mut client, now)
}

/// Borrows these seats of a performance (its public id; by their names as
/// tickets carry them, at most 50) for the terminal whose database is
/// `db`, those still in the central pool: online, a clerk sells from the
/// pool directly. What the central side says it holds afterwards, for
/// [`follow`]; it blocks, as [`borrow_apart`] does.
pub fn borrow_seats_apart(
    db: &std::path::Path,
    performance: &str,
    seats: &[String],
    now: DateTime<Utc>,
) -> Result<There, CentralError> {
    if seats.is_empty() || seats.len() > 50 {
        return Err(CentralError::Lot);
    }
    let store = super::open_apart(db)?;
    let mut client = super::connect_terminal(&store)?;
    sql::lend_seats(&mut client, performance, seats)?;
    claimed_and_held(&store, &mut client, now)
}

/// What the central side says the terminal whose database is `db` holds,
/// for [`follow`] to record here (the window follows a reclaim so). It
/// blocks, as [`borrow_apart`] does.
pub fn held_apart(db: &std::path::Path, now: DateTime<Utc>) -> Result<There, CentralError> {
    let store = super::open_apart(db)?;
    let mut client = super::connect_terminal(&store)?;
    claimed_and_held(&store, &mut client, now)
}

/// A lot within bounds: at most 5,000 seats and 100,000 places.
fn checked_lot((seats, places): (u32, u32)) -> Result<(i32, i32), CentralError> {
    if seats > 5000 || places > 100_000 {
        return Err(CentralError::Lot);
    }
    Ok((seats as i32, places as i32))
}

/// Makes this terminal hold exactly what the central side said it holds
/// (`there`): one signed record per performance that changed, in one
/// transaction.
pub fn follow(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    there: &There,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Changed, CentralError> {
    let mut there = there.0.clone();
    ledger::write(store, signer, |tx| -> Result<Changed, CentralError> {
        let mut changed = Changed::default();
        let mut here: BTreeMap<String, store::contingents::Held> = store::contingents::all(tx)?
            .into_iter()
            .map(|h| (h.performance.clone(), h))
            .collect();
        let names: BTreeSet<String> = there.keys().chain(here.keys()).cloned().collect();
        for public_id in names {
            let Some((p, slot)) = resolve(tx, &public_id)? else {
                changed.unknown.push(public_id);
                continue;
            };
            let held = here.remove(&public_id).unwrap_or_default();
            let (seats_there, places_there) = there.remove(&public_id).unwrap_or_default();
            let by_name = seat_ids_by_name(tx, p.hall_id)?;
            let mine: BTreeSet<String> = names_of(tx, p.id, &held.seats)?.into_iter().collect();
            // A seat this terminal's plan does not have cannot be sold
            // here: it is not taken in (nor recorded).
            let seats_in: Vec<String> = seats_there
                .difference(&mine)
                .filter(|n| by_name.contains_key(*n))
                .cloned()
                .collect();
            let seats_out: Vec<String> = mine.difference(&seats_there).cloned().collect();
            if seats_in.is_empty() && seats_out.is_empty() && places_there == held.places {
                continue;
            }
            let ids = |names: &[String]| -> Vec<i64> {
                names
                    .iter()
                    .filter_map(|n| by_name.get(n).copied())
                    .collect()
            };
            store::contingents::add_seats(tx, p.id, &ids(&seats_in))?;
            store::contingents::remove_seats(tx, p.id, &ids(&seats_out))?;
            store::contingents::set_pool_places(tx, p.id, slot, places_there)?;
            let taken = !seats_out.is_empty() || places_there < held.places;
            let why = if taken && why != "given_back" {
                "reclaimed"
            } else {
                why
            };
            changed.performances.push(PerformanceChange {
                performance: public_id.clone(),
                seats_in: seats_in.len(),
                seats_out: seats_out.len(),
                places: places_there,
            });
            let record = Record::Contingent(records::Contingent {
                performance: public_id,
                why: why.to_owned(),
                seats_in,
                seats_out,
                places: places_there,
            });
            ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        }
        Ok(changed)
    })
}

pub(super) fn public_id(store: &Store, performance_id: i64) -> Result<String, CentralError> {
    store
        .read(|tx| store::performances::by_id(tx, performance_id))?
        .map(|p| p.public_id)
        .ok_or(CentralError::NoPerformance(performance_id))
}

/// The hall's seats by their names as tickets carry them.
fn seat_ids_by_name(tx: &Tx, hall_id: i64) -> Result<HashMap<String, i64>, CentralError> {
    Ok(store::halls::seats(tx, hall_id)?
        .into_iter()
        .map(|s| (s.name().label(Locale::FrFr), s.id))
        .collect())
}

/// Seats of a performance by their names as tickets carry them.
fn names_of(tx: &Tx, performance_id: i64, seat_ids: &[i64]) -> Result<Vec<String>, CentralError> {
    let mut names = Vec::with_capacity(seat_ids.len());
    for &seat in seat_ids {
        if let Some(name) = store::sales::seat_name(tx, performance_id, seat)? {
            names.push(name.label(Locale::FrFr));
        }
    }
    Ok(names)
}

/// What this terminal holds of a performance, as the window and `guichet
/// central holding` show it (read here: no network).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Holding {
    pub performance_id: i64,
    /// The pool's name there: the performance's public id, or its entry
    /// slot's.
    pub performance: String,
    /// Timed entry: the slot's start.
    pub slot: Option<DateTime<Utc>>,
    pub label: String,
    pub seats: usize,
    pub places: i64,
    /// Seats and places held and not sold yet.
    pub left: i64,
}

pub fn holding(store: &Store, now: DateTime<Utc>) -> Result<Vec<Holding>, CentralError> {
    store.read(|tx| -> Result<Vec<Holding>, CentralError> {
        let zone = store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC);
        // What is left to sell, read once for every performance held.
        let left: HashMap<String, i64> = unsold(tx, &|_| true, now)?
            .into_iter()
            .map(|u| (u.held.performance, u.seats.len() as i64 + u.places))
            .collect();
        let mut found = Vec::new();
        for h in store::contingents::all(tx)? {
            let Some((p, show, _)) = store::performances::for_sale(tx, h.performance_id)? else {
                continue;
            };
            let left = left.get(&h.performance).copied().unwrap_or(0);
            let slot = h.slot.map(|(_, starts_at)| starts_at);
            found.push(Holding {
                performance_id: h.performance_id,
                label: PerformanceName {
                    show,
                    starts_at: slot.unwrap_or(p.starts_at),
                    zone,
                }
                .label(Locale::FrFr),
                performance: h.performance,
                slot,
                seats: h.seats.len(),
                places: h.places,
                left,
            });
        }
        Ok(found)
    })
}

/// Takes back what terminal `terminal` (its number there) holds and has
/// not sold, of one performance (its public id) or of all, only the seats
/// named (as tickets name them: "Parterre, rang C, 12") when some are,
/// through an administrator's login: the seats and places reclaimed. The
/// terminal follows at its next `sync`; what it sold offline meanwhile
/// surfaces as a conflict when it pushes.
pub fn reclaim(
    (url, password): (&str, Option<&str>),
    by: &Operator,
    terminal: i64,
    performance: Option<&str>,
    seats: &[String],
) -> Result<(i64, i64), CentralError> {
    if !by.role.may(Act::Administer) {
        return Err(CentralError::NotAllowed(Act::Administer));
    }
    let mut client = super::connect(url, password)?;
    let named = (!seats.is_empty()).then_some(seats);
    let said = sql::reclaim(&mut client, terminal, (performance, named), &by.name)?;
    let said: serde_json::Value = serde_json::from_str(&said).unwrap_or_default();
    Ok((
        said["seats"].as_i64().unwrap_or(0),
        said["places"].as_i64().unwrap_or(0),
    ))
}

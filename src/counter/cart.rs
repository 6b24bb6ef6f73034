//! Seats in a clerk's basket are held in the database for a few minutes
//! ([`CART_MINUTES`](super::CART_MINUTES), renewed by every change), so two
//! counters on the same database, or a clerk and the coordinator, never
//! both sell a seat. Cancelling the basket, selling it, or the time running
//! out releases them.

use chrono::{DateTime, Duration, Utc};

use super::checks::check_seat;
use super::{CART_MINUTES, CounterError};
use crate::domain::PerformanceName;
use crate::store::{self, Store, Tx};

/// A new basket's id (unique across terminals).
pub fn new_cart(now: DateTime<Utc>) -> String {
    store::public_id(now)
}

/// Puts seats of a performance in the basket `cart`, all or none, and
/// renews the basket's other seats.
pub fn hold(
    store: &mut Store,
    terminal_id: i64,
    cart: &str,
    performance_id: i64,
    seat_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    store.write(|tx| hold_in(tx, terminal_id, cart, performance_id, seat_ids, now))
}

pub(crate) fn hold_in(
    tx: &Tx,
    terminal_id: i64,
    cart: &str,
    performance_id: i64,
    seat_ids: &[i64],
    now: DateTime<Utc>,
) -> Result<(), CounterError> {
    let t = store::unix(now);
    let expires = store::unix(now + Duration::minutes(CART_MINUTES));
    store::sales::purge_expired_carts(tx, t)?;
    let name = performance_name(tx, performance_id)?;
    for seat in seat_ids {
        let (seat_name, _) = check_seat(tx, performance_id, &name, *seat, Some(cart), now)?;
        if !store::sales::put_in_cart(tx, performance_id, *seat, cart, terminal_id, t, expires)? {
            return Err(CounterError::SeatInAnotherCart(seat_name));
        }
    }
    store::sales::renew_cart(tx, cart, expires)?;
    Ok(())
}

/// Takes seats out of the basket (every seat when `seat_ids` is None).
pub fn release(
    store: &mut Store,
    cart: &str,
    seat_ids: Option<&[i64]>,
) -> Result<(), CounterError> {
    store.write(|tx| Ok(store::sales::release_cart(tx, cart, seat_ids)?))
}

pub(crate) fn performance_name(
    tx: &Tx,
    performance_id: i64,
) -> Result<PerformanceName, CounterError> {
    let p = store::performances::by_id(tx, performance_id)?
        .ok_or(CounterError::NoPerformance(performance_id))?;
    performance_name_of(tx, &p)
}

/// The name of a performance already read.
pub(crate) fn performance_name_of(
    tx: &Tx,
    p: &crate::domain::Performance,
) -> Result<PerformanceName, CounterError> {
    let show = store::shows::by_id(tx, p.show_id)?.ok_or(CounterError::NoPerformance(p.id))?;
    Ok(PerformanceName {
        show: show.title,
        starts_at: p.starts_at,
        zone: store::venue::time_zone(tx)?.unwrap_or(chrono_tz::UTC),
    })
}

//! Vente on a terminal joined to a central database: when the performance
//! shown has few places left here (timed entry: in one of its slots still
//! open), a lot is borrowed from the central pool
//! off the window's thread (the clerk never waits on the network), then
//! recorded here, signed. Offline, the asking fails quietly and the counter
//! sells what it holds; it asks again a little later.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use iced::Task;

use super::{Message, State};
use crate::central::CentralError;
use crate::central::contingents::{self, There};
use crate::central::giving_back;
use crate::counter::offer::{Offer, SLOT_OPEN};
use crate::domain::season::HallKind;
use crate::ui::i18n::sell::{S, s, sf};
use crate::ui::screen::Context;
use crate::ui::widget::off_thread;

/// Fewer places than this held here and unsold: a lot is asked for.
pub const LOW: i64 = 10;
/// Seats or places asked for at once.
pub const LOT: u32 = 20;
/// A performance whose asking failed (offline, the pool empty) is not
/// asked for again before this.
const RETRY: Duration = Duration::minutes(2);

#[derive(Debug, Default)]
pub struct TopUp {
    /// The pool being asked for: a performance (its public id) or an entry
    /// slot of a timed one (its pool's name).
    asking: Option<String>,
    /// The pool the last answer was for.
    asked_for: Option<String>,
    /// When each pool was last asked for.
    asked: HashMap<String, DateTime<Utc>>,
    /// What the last asking did, in words (shown under the performance).
    pub said: Option<String>,
    /// A seat of the pool the clerk picked: asked for alone, then put in
    /// the basket when it came (its performance's public id, its id, its
    /// name as tickets carry it).
    pub picked: Option<(String, i64, String)>,
    /// The picked seat being asked for (its performance, its id).
    asking_seat: Option<(String, i64)>,
}

impl TopUp {
    /// The asking the performance shown needs now, if any: a seat the clerk
    /// picked in the pool first, else a lot when few are left.
    pub fn wanted(&mut self, offer: Option<&Offer>, ctx: &Context) -> Option<Task<Message>> {
        let o = offer?;
        let picked = match self.asking {
            None => self.picked.take(),
            Some(_) => None,
        };
        // A pick for a performance no longer shown is dropped.
        if let Some((id, seat, name)) = picked.filter(|p| p.0 == o.performance.public_id) {
            self.asking = Some(id.clone());
            self.asking_seat = Some((id.clone(), seat));
            let db = ctx.terminal.store.path().to_owned();
            let locale = ctx.locale;
            let now = ctx.now();
            return Some(Task::perform(
                off_thread(move || contingents::borrow_seats_apart(&db, &id, &[name], now)),
                move |done| Message::Borrowed(said_back(done, locale)),
            ));
        }
        if !o.governed || self.asking.is_some() {
            return None;
        }
        let now = ctx.now();
        let t = &ctx.terminal;
        // Its time to give back came: no more borrowing.
        let due = |starts_at| giving_back::is_due(&t.store, t.signer.terminal_id, starts_at, now);
        let recent = |pool: &str| self.asked.get(pool).is_some_and(|at| now - *at < RETRY);
        let (id, lot) = match o.hall.kind {
            // Timed entry is lent slot by slot: the first slot still open
            // with few places held here, and free ones in the pool.
            HallKind::Timed => o
                .slots
                .iter()
                .filter(|s| s.starts_at >= now - SLOT_OPEN && s.free() > 0 && s.left() < LOW)
                .map(|s| (s.pool(&o.performance), s.starts_at))
                .find(|(pool, starts_at)| !recent(pool) && !due(*starts_at))
                .map(|(pool, _)| (pool, (0, LOT)))?,
            kind => {
                let id = o.performance.public_id.clone();
                if o.available() >= LOW || due(o.performance.starts_at) || recent(&id) {
                    return None;
                }
                match kind {
                    HallKind::Numbered => (id, (LOT, 0)),
                    _ => (id, (0, LOT)),
                }
            }
        };
        self.asked.insert(id.clone(), now);
        self.asking = Some(id.clone());
        let db = ctx.terminal.store.path().to_owned();
        let locale = ctx.locale;
        Some(Task::perform(
            off_thread(move || contingents::borrow_apart(&db, &id, lot, now)),
            move |done| Message::Borrowed(said_back(done, locale)),
        ))
    }
}

/// What the central database said back: unreachable (offline) is None,
/// a refusal says why.
fn said_back(
    done: Option<Result<There, CentralError>>,
    locale: crate::domain::Locale,
) -> Result<There, Option<String>> {
    match done {
        Some(Ok(there)) => Ok(there),
        Some(Err(CentralError::Unreachable(_))) | None => Err(None),
        Some(Err(e)) => Err(Some(crate::ui::i18n::central::refusal(locale, &e))),
    }
}

impl State {
    /// A lot came (recorded here, signed) or could not.
    pub(super) fn borrowed(&mut self, there: Result<There, Option<String>>, ctx: &mut Context) {
        self.topup.asked_for = self.topup.asking.take();
        let picked = self.topup.asking_seat.take();
        let online = there.is_ok();
        let locale = ctx.locale;
        let now = ctx.now();
        let Some(by) = ctx.operator else { return };
        let t = &mut *ctx.terminal;
        self.topup.said = Some(match there {
            Ok(there) => {
                match contingents::follow(&mut t.store, &t.signer, by, &there, "lent", now) {
                    Ok(changed) => match changed
                        .performances
                        .iter()
                        .find(|p| self.topup.asked_for.as_deref() == Some(&p.performance))
                    {
                        Some(p) if p.seats_in > 0 => {
                            sf(locale, S::BorrowedSeats, &[&p.seats_in.to_string()])
                        }
                        Some(p) => sf(locale, S::BorrowedPlaces, &[&p.places.to_string()]),
                        None => s(locale, S::NothingLent).to_owned(),
                    },
                    Err(e) => sf(locale, S::BorrowFailed, &[&e.to_string()]),
                }
            }
            Err(None) => s(locale, S::CentralOffline).to_owned(),
            Err(Some(why)) => sf(locale, S::BorrowRefused, &[&why]),
        });
        self.load(ctx);
        // The seat the clerk picked in the pool: into the basket if it came.
        if let Some((performance, seat)) = picked {
            let shown = self
                .offer
                .as_ref()
                .filter(|o| o.performance.public_id == performance);
            match shown.map(|o| o.sellable(seat)) {
                Some(true) => {
                    self.topup.said = None;
                    self.add_seats(&[seat], ctx);
                }
                // Offline: said as such above; another holds it: said so.
                Some(false) if online => {
                    self.topup.said = Some(s(locale, S::PickedTaken).to_owned())
                }
                _ => {}
            }
        }
    }
}

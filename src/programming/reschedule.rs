//! A performance called off or moved, as the season sees it: its status
//! becomes cancelled (journaled like any change to the season), and a move
//! gets its new date: a performance of the same show in the same hall at
//! that time when there is one, else a copy of the old one (categories,
//! prices, tariffs, slots and holds), journaled as made. What becomes of
//! the holders is the counter's (`counter::change`); these run inside its
//! transaction, the right checked there.

use chrono::{DateTime, Utc};

use super::journal::{self, By, Change};
use super::performances::{Layout, PerformanceDraft, fields, insert, journal_created};
use super::{Missing, ProgrammingError};
use crate::domain::Performance;
use crate::domain::programmed::Subject;
use crate::domain::season::PerformanceStatus;
use crate::store::{self, Tx};

/// Cancels a performance (nothing journaled when it was cancelled
/// already); the performance as it is now.
pub(crate) fn call_off_in(
    tx: &Tx,
    by: &By,
    performance_id: i64,
) -> Result<Performance, ProgrammingError> {
    let (mut p, label) = journal::performance(tx, performance_id)?;
    if p.status == PerformanceStatus::Cancelled {
        return Ok(p);
    }
    let before = fields(tx, &p)?;
    p.status = PerformanceStatus::Cancelled;
    store::performances::update(tx, &p)?;
    Change::changed(
        Subject::Performance,
        &p.public_id,
        &label,
        before,
        fields(tx, &p)?,
    )
    .sign(tx, by)?;
    Ok(p)
}

/// Moves a performance to `starts_at` (its length kept): the old one
/// cancelled, journaled with where it went; the new date taken or made.
/// Returns (the old one, the new one, whether the new one was made).
pub(crate) fn move_in(
    tx: &Tx,
    by: &By,
    performance_id: i64,
    starts_at: DateTime<Utc>,
) -> Result<(Performance, Performance, bool), ProgrammingError> {
    let (mut old, label) = journal::performance(tx, performance_id)?;
    let before = fields(tx, &old)?;
    // Cancelled first: the new date may overlap the old one in the hall.
    old.status = PerformanceStatus::Cancelled;
    store::performances::update(tx, &old)?;
    let existing = store::performances::of_show(tx, old.show_id)?
        .into_iter()
        .find(|p| {
            p.hall_id == old.hall_id
                && p.starts_at == starts_at
                && p.id != old.id
                && p.status != PerformanceStatus::Cancelled
        });
    let (new, made) = match existing {
        Some(p) => (p, false),
        None => {
            let draft = PerformanceDraft::like(&old, starts_at);
            let layout = Layout::CopyOf(old.clone(), true);
            let p = insert(tx, &store::public_id(by.now), &draft, &layout, by.now)?;
            journal_created(tx, by, &p, Some(&old))?;
            (p, true)
        }
    };
    let after = fields(tx, &old)?.text("moved_to", &journal::performance_label(tx, &new)?);
    Change::changed(Subject::Performance, &old.public_id, &label, before, after).sign(tx, by)?;
    Ok((old, new, made))
}

/// A performance read in the caller's transaction.
pub(crate) fn get_in(tx: &Tx, performance_id: i64) -> Result<Performance, ProgrammingError> {
    store::performances::by_id(tx, performance_id)?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))
}

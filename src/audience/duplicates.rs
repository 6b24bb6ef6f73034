//! Duplicates: likely pairs scored with their reasons, the preview of a
//! merge, the merge that keeps every order, consent and contact, and its
//! undoing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{AudienceError, Patron, check, index, journal, live, may};
use crate::domain::patron::{self, PatronDetails, Text};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::{self, Store, StoreError};

/// Why two patrons look like the same person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likeness {
    SameEmail,
    SamePhone,
    /// Same first initial, last name and postcode.
    SameNameAndPostcode,
}

impl Likeness {
    fn score(self) -> u32 {
        match self {
            Likeness::SameEmail => 95,
            Likeness::SamePhone => 85,
            Likeness::SameNameAndPostcode => 75,
        }
    }
}

/// Two patrons that look like one person: a score out of 100 and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub first: Patron,
    pub second: Patron,
    pub score: u32,
    pub why: Vec<Likeness>,
}

/// The most pairs of likely duplicates listed at once.
pub const DUPLICATES_MAX: usize = 500;

/// Likely duplicates, the likeliest first: same e-mail, same phone (in any
/// form), same first initial + last name + postcode. Each reason adds to
/// the score.
pub fn duplicates(store: &Store) -> Result<Vec<Duplicate>, StoreError> {
    store.read(|tx| {
        let limit = DUPLICATES_MAX as i64 * 4;
        let mut found: BTreeMap<(i64, i64), Vec<Likeness>> = BTreeMap::new();
        for pair in store::merges::same_email(tx, limit)? {
            found.entry(pair).or_default().push(Likeness::SameEmail);
        }
        for pair in store::merges::same_phone(tx, limit)? {
            found.entry(pair).or_default().push(Likeness::SamePhone);
        }
        let mut by_name: BTreeMap<(String, String, String), Vec<i64>> = BTreeMap::new();
        for (id, first, last, postcode) in store::merges::with_postcode(tx)? {
            let initial = patron::fold_words(&first)
                .concat()
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            let key = (
                initial,
                patron::fold_words(&last).concat(),
                patron::fold_words(&postcode).concat(),
            );
            by_name.entry(key).or_default().push(id);
        }
        for ids in by_name.values().filter(|ids| ids.len() > 1) {
            for (i, a) in ids.iter().enumerate() {
                for b in ids.iter().skip(i + 1).take(20) {
                    let pair = ((*a).min(*b), (*a).max(*b));
                    found
                        .entry(pair)
                        .or_default()
                        .push(Likeness::SameNameAndPostcode);
                }
            }
        }
        let mut list = Vec::new();
        for ((a, b), mut why) in found {
            why.sort();
            why.dedup();
            let best = why.iter().map(|w| w.score()).max().unwrap_or(0);
            let score = (best + 5 * (why.len() as u32 - 1)).min(100);
            let (Some(first), Some(second)) =
                (store::patrons::by_id(tx, a)?, store::patrons::by_id(tx, b)?)
            else {
                continue;
            };
            list.push(Duplicate {
                first,
                second,
                score,
                why,
            });
        }
        list.sort_by(|x, y| y.score.cmp(&x.score).then(x.first.id.cmp(&y.first.id)));
        list.truncate(DUPLICATES_MAX);
        Ok(list)
    })
}

/// The two patrons of a merge as they are now, to choose field by field.
pub fn merge_preview(
    store: &Store,
    keep: i64,
    other: i64,
) -> Result<(PatronDetails, PatronDetails), AudienceError> {
    if keep == other {
        return Err(AudienceError::SamePatron);
    }
    store.read(|tx| Ok((live(tx, keep)?.details, live(tx, other)?.details)))
}

/// The details a merge keeps by default: the kept patron's, each empty
/// field filled from the other, needs and categories together.
pub fn merged_details(keep: &PatronDetails, other: &PatronDetails) -> PatronDetails {
    let mut merged = keep.clone();
    for text in Text::ALL {
        let (kept, theirs) = (text.of_mut(&mut merged), text.of(other));
        if theirs.trim().is_empty() {
            continue;
        }
        if kept.trim().is_empty() {
            *kept = theirs.clone();
        } else if text == Text::Notes {
            // Both notes are kept, one after the other.
            *kept = format!("{kept}\n{theirs}");
        }
    }
    if merged.language.trim().is_empty() {
        merged.language = other.language.clone();
    }
    merged.birth_year = keep.birth_year.or(other.birth_year);
    merged.organisation_id = keep.organisation_id.or(other.organisation_id);
    merged
        .needs
        .extend(other.needs.iter().filter(|n| !keep.needs.contains(n)));
    merged.categories.extend(
        other
            .categories
            .iter()
            .filter(|c| !keep.categories.contains(c))
            .cloned(),
    );
    merged
}

/// Merges `other` into `keep`: every order, consent and contact of the
/// duplicate moves to the patron kept, whose details become `details` (as
/// chosen in the preview). Undoable with [`unmerge`]; journaled. The merge's
/// id.
pub fn merge(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    keep: i64,
    other: i64,
    details: &PatronDetails,
    now: DateTime<Utc>,
) -> Result<i64, AudienceError> {
    may(by)?;
    if keep == other {
        return Err(AudienceError::SamePatron);
    }
    ledger::write(store, signer, |tx| {
        let kept = live(tx, keep)?;
        let dup = live(tx, other)?;
        let (d, _) = check(tx, details)?;
        let moved = store::merges::move_to(tx, other, keep)?;
        store::patrons::update(tx, keep, &d, store::unix(now))?;
        index(tx, keep, &d)?;
        store::merges::set_merged(tx, other, Some(keep), store::unix(now))?;
        // The patron kept was last in touch when either of the two was.
        if let Some(at) = dup.last_contact_at {
            store::patrons::touch_contact(tx, keep, store::unix(at))?;
        }
        let before = serde_json::to_string(&kept.details).unwrap_or_default();
        let moved = serde_json::to_string(&moved).unwrap_or_default();
        let id =
            store::merges::insert_merge(tx, keep, other, &before, &moved, by.id, store::unix(now))?;
        journal(
            tx,
            signer,
            by,
            "merged",
            vec![kept.public_id, dup.public_id],
            None,
            now,
        )?;
        Ok(id)
    })
}

/// The newest merge into a patron that can still be undone (no closing
/// since), if any.
pub fn last_merge(store: &Store, keep: i64) -> Result<Option<i64>, StoreError> {
    store.read(|tx| {
        let Some(id) = store::merges::last_merge_into(tx, keep)? else {
            return Ok(None);
        };
        let closed = match store::merges::merge(tx, id)? {
            Some(m) => store::closings::any_since(tx, m.at)?,
            None => true,
        };
        Ok((!closed).then_some(id))
    })
}

/// Undoes a merge: the duplicate is back with its own orders, consents and
/// contacts, the patron kept with the details it had. The newest merge into
/// a patron is undone first. Journaled.
pub fn unmerge(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    merge_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AudienceError> {
    may(by)?;
    ledger::write(store, signer, |tx| {
        let m = store::merges::merge(tx, merge_id)?
            .filter(|m| m.undone_at.is_none())
            .ok_or(AudienceError::NoSuchMerge)?;
        if store::merges::last_merge_into(tx, m.kept_id)? != Some(m.id) {
            return Err(AudienceError::NotLastMerge);
        }
        // Undoable until the next closing.
        if store::closings::any_since(tx, m.at)? {
            return Err(AudienceError::MergeClosed);
        }
        let kept = live(tx, m.kept_id)?;
        let before: PatronDetails =
            serde_json::from_str(&m.kept_before).map_err(|_| AudienceError::NoSuchMerge)?;
        let moved: store::merges::Moved =
            serde_json::from_str(&m.moved).map_err(|_| AudienceError::NoSuchMerge)?;
        store::merges::move_back(tx, &moved, m.merged_id)?;
        store::patrons::update(tx, m.kept_id, &before, store::unix(now))?;
        index(tx, m.kept_id, &before)?;
        store::merges::set_merged(tx, m.merged_id, None, store::unix(now))?;
        let dup = live(tx, m.merged_id)?;
        index(tx, m.merged_id, &dup.details)?;
        store::merges::undo_merge(tx, m.id, store::unix(now))?;
        journal(
            tx,
            signer,
            by,
            "unmerged",
            vec![kept.public_id, dup.public_id],
            None,
            now,
        )?;
        Ok(())
    })
}

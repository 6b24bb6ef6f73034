//! Price categories (zones of the seat map), tariffs and their prices and
//! quotas. A price grid can be applied to a whole series in one action.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::journal::{self, By, Change, Fields, seat_name, write};
use super::{Missing, ProgrammingError};
use crate::domain::Cents;
use crate::domain::money::MAX_PRICE;
use crate::domain::operator::Act;
use crate::domain::programmed::{Action, Subject};
use crate::store::{self, Store, Tx};

pub use crate::domain::Category;
pub use crate::domain::Tariff;

/// Everything about a performance's prices, for its screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pricing {
    pub categories: Vec<Category>,
    /// Tariffs offered, with their quota.
    pub offered: Vec<(Tariff, Option<i64>)>,
    /// (category id, tariff id) → price.
    pub prices: HashMap<(i64, i64), Cents>,
    /// seat id → category id.
    pub seats: HashMap<i64, i64>,
}

pub fn pricing(store: &Store, performance_id: i64) -> Result<Pricing, ProgrammingError> {
    store.read(|tx| pricing_in(tx, performance_id))
}

fn pricing_in(tx: &Tx, performance_id: i64) -> Result<Pricing, ProgrammingError> {
    {
        let tariffs = store::tariffs::all(tx)?;
        let offered = store::performances::offered(tx, performance_id)?
            .into_iter()
            .filter_map(|(id, quota)| {
                tariffs
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| (t.clone(), quota))
            })
            .collect();
        Ok(Pricing {
            categories: store::performances::categories(tx, performance_id)?,
            offered,
            prices: store::performances::prices(tx, performance_id)?
                .into_iter()
                .map(|(c, t, a)| ((c, t), Cents(a)))
                .collect(),
            seats: store::performances::seat_categories(tx, performance_id)?
                .into_iter()
                .collect(),
        })
    }
}

pub fn tariffs(store: &Store) -> Result<Vec<Tariff>, ProgrammingError> {
    Ok(store.read(store::tariffs::all)?)
}

/// Adds a tariff to the venue's list (PLEIN, REDUIT, GROUPE…).
pub fn create_tariff(
    store: &mut Store,
    by: &By,
    code: &str,
    name: &str,
    requires_proof: bool,
    complimentary: bool,
) -> Result<Tariff, ProgrammingError> {
    by.may(Act::Program)?;
    let (code, name) = (tariff_code(code)?, tariff_name(name)?);
    write(store, by, Act::Program, |tx| {
        if store::tariffs::by_code(tx, &code)?.is_some() {
            return Err(ProgrammingError::TariffTaken(code.clone()));
        }
        store::tariffs::insert(tx, &code, &name, requires_proof, complimentary)?;
        let t = store::tariffs::by_code(tx, &code)?
            .ok_or(ProgrammingError::NotFound(Missing::Tariff))?;
        let after = Fields::default()
            .text("code", &t.code)
            .text("name", &t.name)
            .flag("requires_proof", t.requires_proof)
            .flag("complimentary", t.is_complimentary);
        Change::created(Subject::Tariff, &t.code, &t.name, after).sign(tx, by)?;
        Ok(t)
    })
}

/// A tariff code as stored: capitals, digits and `_`, at most 16.
pub(crate) fn tariff_code(code: &str) -> Result<String, ProgrammingError> {
    let code = code.trim().to_uppercase();
    let ok = (1..=16).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(code)
    } else {
        Err(ProgrammingError::TariffCode(code))
    }
}

pub(crate) fn tariff_name(name: &str) -> Result<String, ProgrammingError> {
    crate::domain::operator::clean_name(name).map_err(|e| match e {
        crate::domain::operator::NameError::Empty => ProgrammingError::TariffNameEmpty,
        crate::domain::operator::NameError::TooLong => ProgrammingError::NameTooLong,
    })
}

/// A category's code and name as stored: the code in capitals, at most 8
/// characters (it is printed on tickets); both needed.
pub(crate) fn category_code(code: &str, name: &str) -> Result<(String, String), ProgrammingError> {
    let code = code.trim().to_uppercase();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if code.is_empty() || name.is_empty() || code.chars().count() > 8 || name.chars().count() > 60 {
        return Err(ProgrammingError::CategoryIncomplete);
    }
    Ok((code, name))
}

/// Adds a price category to a performance.
pub fn add_category(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    code: &str,
    name: &str,
    colour: &str,
) -> Result<Category, ProgrammingError> {
    by.may(Act::Program)?;
    let (code, name) = category_code(code, name)?;
    let colour = super::colour(colour)?;
    write(store, by, Act::Program, |tx| {
        let (p, label) = journal::performance(tx, performance_id)?;
        let existing = store::performances::categories(tx, performance_id)?;
        if existing.iter().any(|c| c.code == code) {
            return Err(ProgrammingError::CategoryTaken(code.clone()));
        }
        let id = store::performances::insert_category(
            tx,
            performance_id,
            &code,
            &name,
            &colour,
            existing.len() as i64,
        )?;
        let after = Fields::default()
            .text("code", &code)
            .text("name", &name)
            .text("colour", &colour);
        Change::created(Subject::Category, &p.public_id, &label, after).sign(tx, by)?;
        Ok(Category {
            id,
            code: code.clone(),
            name: name.clone(),
            colour: colour.clone(),
            position: existing.len() as i64,
        })
    })
}

/// Paints seats with a category (the seats must be the performance's).
pub fn paint(
    store: &mut Store,
    by: &By,
    performance_id: i64,
    seat_ids: &[i64],
    category_id: i64,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let (p, label) = journal::performance(tx, performance_id)?;
        let categories = store::performances::categories(tx, performance_id)?;
        let category = categories
            .iter()
            .find(|c| c.id == category_id)
            .ok_or(ProgrammingError::NotFound(Missing::Category))?;
        let seats = super::halls::chosen(tx, p.hall_id, seat_ids)?;
        // A sold seat keeps the category its ticket was sold in.
        let ids: Vec<i64> = seats.iter().map(|s| s.id).collect();
        let sold = store::holds::sold_among(tx, performance_id, &ids)?;
        if !sold.is_empty() {
            return Err(ProgrammingError::SeatsSold(crate::domain::hall::names(
                &seats, &sold,
            )));
        }
        let was: HashMap<i64, i64> = store::performances::seat_categories(tx, performance_id)?
            .into_iter()
            .collect();
        let code_of = |id: Option<&i64>| {
            id.and_then(|id| categories.iter().find(|c| c.id == *id))
                .map_or(Value::Null, |c| c.code.clone().into())
        };
        let mut change = Change::new(Subject::Category, Action::Changed, &p.public_id, &label);
        for seat in &seats {
            store::performances::assign_seat(tx, performance_id, seat.id, category_id)?;
            change.item(
                "seat",
                &seat_name(seat),
                code_of(was.get(&seat.id)),
                category.code.clone().into(),
            );
        }
        change.sign(tx, by)
    })
}

/// Prices and quotas by category and tariff codes: the whole offer of a
/// performance (tariffs left out are withdrawn).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceGrid {
    /// (category code, tariff code) → price.
    pub prices: BTreeMap<(String, String), Cents>,
    /// tariff code → quota.
    pub quotas: BTreeMap<String, Option<i64>>,
}

/// Sets the price grid of one performance or of a whole series, in one
/// transaction; checked whole for every performance before anything is
/// written.
pub fn set_prices(
    store: &mut Store,
    by: &By,
    performance_ids: &[i64],
    grid: &PriceGrid,
) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        for id in performance_ids {
            let (p, label) = journal::performance(tx, *id)?;
            let before = grid_of(&pricing_in(tx, *id)?);
            apply(tx, *id, grid)?;
            let after = grid_of(&pricing_in(tx, *id)?);
            let mut change = Change::new(Subject::Prices, Action::Changed, &p.public_id, &label);
            compare_grids(&mut change, &before, &after);
            change.sign(tx, by)?;
        }
        Ok(())
    })
}

/// Each price, tariff offered and quota that differs between two grids.
fn compare_grids(change: &mut Change, before: &PriceGrid, after: &PriceGrid) {
    let mut cells: Vec<&(String, String)> =
        before.prices.keys().chain(after.prices.keys()).collect();
    cells.sort_unstable();
    cells.dedup();
    let price = |g: &PriceGrid, cell| g.prices.get(cell).map_or(Value::Null, |c| c.0.into());
    for cell in cells {
        let item = format!("{}/{}", cell.0, cell.1);
        change.item("price", &item, price(before, cell), price(after, cell));
    }
    let mut tariffs: Vec<&String> = before.quotas.keys().chain(after.quotas.keys()).collect();
    tariffs.sort_unstable();
    tariffs.dedup();
    let quota = |g: &PriceGrid, t| {
        g.quotas
            .get(t)
            .copied()
            .flatten()
            .map_or(Value::Null, Value::from)
    };
    for t in tariffs {
        let offered = |g: &PriceGrid| Value::from(g.quotas.contains_key(t));
        change.item("offered", t, offered(before), offered(after));
        change.item("quota", t, quota(before, t), quota(after, t));
    }
}

/// The grid of a performance as codes (to apply it elsewhere).
pub fn grid(store: &Store, performance_id: i64) -> Result<PriceGrid, ProgrammingError> {
    Ok(grid_of(&pricing(store, performance_id)?))
}

fn grid_of(p: &Pricing) -> PriceGrid {
    let mut grid = PriceGrid::default();
    for (tariff, quota) in &p.offered {
        grid.quotas.insert(tariff.code.clone(), *quota);
        for c in &p.categories {
            if let Some(price) = p.prices.get(&(c.id, tariff.id)) {
                grid.prices
                    .insert((c.code.clone(), tariff.code.clone()), *price);
            }
        }
    }
    grid
}

pub(crate) fn apply(
    tx: &Tx,
    performance_id: i64,
    grid: &PriceGrid,
) -> Result<(), ProgrammingError> {
    let p = store::performances::by_id(tx, performance_id)?
        .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
    store::price_rules::forget_applied(tx, performance_id)?;
    let categories = store::performances::categories(tx, performance_id)?;
    let tariffs = store::tariffs::all(tx)?;
    let tariff = |code: &str| {
        tariffs
            .iter()
            .find(|t| t.code == code)
            .ok_or_else(|| ProgrammingError::UnknownTariff(code.to_owned()))
    };
    // Check everything first.
    for ((category, code), price) in &grid.prices {
        if !categories.iter().any(|c| &c.code == category) {
            return Err(ProgrammingError::UnknownCategory(category.clone()));
        }
        let t = tariff(code)?;
        if *price > MAX_PRICE || price.is_negative() {
            return Err(ProgrammingError::PriceOutOfRange {
                category: category.clone(),
                tariff: code.clone(),
                amount: price.0,
            });
        }
        if t.is_complimentary && *price != Cents::ZERO {
            return Err(ProgrammingError::ComplimentaryNotFree(code.clone()));
        }
        if !grid.quotas.contains_key(code) {
            return Err(ProgrammingError::NotOffered(code.clone()));
        }
    }
    for (code, quota) in &grid.quotas {
        tariff(code)?;
        if let Some(q) = quota
            && (*q < 0 || *q > p.capacity)
        {
            return Err(ProgrammingError::QuotaAboveCapacity {
                tariff: code.clone(),
                quota: *q,
                capacity: p.capacity,
            });
        }
        if let Some(q) = quota {
            let sold = store::performances::sold_with_tariff(tx, performance_id, tariff(code)?.id)?;
            if *q < sold {
                return Err(ProgrammingError::QuotaBelowSold {
                    tariff: code.clone(),
                    quota: *q,
                    sold,
                });
            }
        }
    }
    // Then write: withdraw what is no longer offered, set the rest.
    for (tariff_id, _) in store::performances::offered(tx, performance_id)? {
        let still = tariffs
            .iter()
            .any(|t| t.id == tariff_id && grid.quotas.contains_key(&t.code));
        if !still {
            store::performances::withdraw(tx, performance_id, tariff_id)?;
        }
    }
    for (code, quota) in &grid.quotas {
        store::performances::offer(tx, performance_id, tariff(code)?.id, *quota)?;
    }
    for ((category, code), price) in &grid.prices {
        let c = categories
            .iter()
            .find(|c| &c.code == category)
            .ok_or_else(|| ProgrammingError::UnknownCategory(category.clone()))?;
        store::performances::set_price(tx, c.id, tariff(code)?.id, price.0)?;
    }
    Ok(())
}

/// Copies a performance's categories and their seats to other performances
/// of the same hall (apply a painting to a series). Performances that
/// already have tickets keep theirs: returns (copied, skipped).
pub fn copy_categories(
    store: &mut Store,
    by: &By,
    from: i64,
    to: &[i64],
) -> Result<(usize, usize), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let (source, source_label) = journal::performance(tx, from)?;
        let categories = store::performances::categories(tx, from)?;
        let seats = store::performances::seat_categories(tx, from)?;
        let (mut copied, mut skipped) = (0, 0);
        for id in to.iter().filter(|id| **id != from) {
            let target = store::performances::by_id(tx, *id)?
                .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
            if target.hall_id != source.hall_id {
                return Err(ProgrammingError::OtherHall);
            }
            if store::performances::tickets_issued(tx, *id)? > 0 {
                skipped += 1;
                continue;
            }
            copied += 1;
            let mut existing = store::performances::categories(tx, *id)?;
            let mut map = HashMap::new();
            for c in &categories {
                let target_id = match existing.iter().find(|e| e.code == c.code) {
                    Some(e) => {
                        store::performances::update_category(
                            tx,
                            &Category {
                                id: e.id,
                                ..c.clone()
                            },
                        )?;
                        e.id
                    }
                    None => {
                        let new_id = store::performances::insert_category(
                            tx, *id, &c.code, &c.name, &c.colour, c.position,
                        )?;
                        existing.push(Category {
                            id: new_id,
                            ..c.clone()
                        });
                        new_id
                    }
                };
                map.insert(c.id, target_id);
            }
            for (seat, category) in &seats {
                store::performances::assign_seat(tx, *id, *seat, map[category])?;
            }
            let label = journal::performance_label(tx, &target)?;
            let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
            Change::new(
                Subject::Category,
                Action::Changed,
                &target.public_id,
                &label,
            )
            .compare(
                Fields::default(),
                Fields::default()
                    .text("copy_of", &source_label)
                    .text("categories", &codes.join(", ")),
            )
            .sign(tx, by)?;
        }
        Ok((copied, skipped))
    })
}

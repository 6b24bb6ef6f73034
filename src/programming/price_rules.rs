//! Price rules that follow demand, as the coordinator sets them: on a
//! performance or on a show (every performance of the series), checked
//! before they are kept, each addition and removal journaled, off until the
//! venue turns them on. A replay (`simulate`) shows what a past
//! performance's sales would have brought under its rules, or under a rule
//! being considered, before anyone turns them on.

use super::journal::{self, By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::operator::Act;
use crate::domain::price_rule::{self, Draft, MAX_RULES, PriceRule, Scope, Simulation};
use crate::domain::programmed::Subject;
use crate::store::{self, Store, Tx, price_rules};

/// A rule with what it is set on, for the lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub rule: PriceRule,
    /// "Cyrano · 2026-11-24 20:00" for a performance, the show's title for
    /// a series.
    pub on: String,
}

/// Whether the venue applies its rules, and its rules (those of a show and
/// its performances when `show` is given; the first 1,000).
pub fn rules(store: &Store, show: Option<i64>) -> Result<(bool, Vec<Listed>), ProgrammingError> {
    store.read(|tx| {
        let mut listed = Vec::new();
        for rule in price_rules::list(tx, show)? {
            let on = scope_label(tx, rule.draft.scope)?;
            listed.push(Listed { rule, on });
        }
        Ok((price_rules::enabled(tx)?, listed))
    })
}

/// Whether the venue applies its rules, and the rules a performance
/// answers to (its own and its show's).
pub fn of_performance(
    store: &Store,
    performance_id: i64,
) -> Result<(bool, Vec<PriceRule>), ProgrammingError> {
    store.read(|tx| {
        Ok((
            price_rules::enabled(tx)?,
            price_rules::of_performance(tx, performance_id)?,
        ))
    })
}

fn scope_label(tx: &Tx, scope: Scope) -> Result<String, ProgrammingError> {
    match scope {
        Scope::Performance(id) => Ok(journal::performance(tx, id)?.1),
        Scope::Show(id) => Ok(store::shows::by_id(tx, id)?
            .ok_or(ProgrammingError::NotFound(Missing::Show))?
            .title),
    }
}

/// A rule as the journal records it.
fn fields(d: &Draft) -> Fields {
    let mut f = Fields::default()
        .text(
            "trigger",
            &format!("{}:{}", d.trigger.code(), d.trigger.threshold()),
        )
        .text("category", d.category.as_deref().unwrap_or(""))
        .number("step", d.step.0);
    if let Some(floor) = d.floor {
        f = f.number("floor", floor.0);
    }
    if let Some(ceiling) = d.ceiling {
        f = f.number("ceiling", ceiling.0);
    }
    f
}

/// A rule's category must be one of its performances' (of one of them at
/// least, for a series): a code that matches none would never move a price.
fn check_category(
    tx: &Tx,
    performances: &[i64],
    code: Option<&str>,
) -> Result<(), ProgrammingError> {
    let Some(code) = code else { return Ok(()) };
    for p in performances {
        let categories = store::performances::categories(tx, *p)?;
        if categories.iter().any(|c| c.code.eq_ignore_ascii_case(code)) {
            return Ok(());
        }
    }
    if performances.is_empty() {
        return Ok(());
    }
    Err(ProgrammingError::RuleCategory(code.to_owned()))
}

/// Checks and keeps a rule (a coordinator's act); the rule kept.
pub fn add(store: &mut Store, by: &By, draft: Draft) -> Result<PriceRule, ProgrammingError> {
    let draft = draft.checked()?;
    write(store, by, Act::Program, |tx| {
        let label = scope_label(tx, draft.scope)?;
        let performances = match draft.scope {
            Scope::Performance(id) => vec![id],
            Scope::Show(id) => store::performances::of_show(tx, id)?
                .into_iter()
                .map(|p| p.id)
                .collect(),
        };
        for p in &performances {
            if price_rules::of_performance(tx, *p)?.len() >= MAX_RULES {
                return Err(price_rule::RuleError::TooMany.into());
            }
        }
        check_category(tx, &performances, draft.category.as_deref())?;
        let public_id = store::public_id(by.now);
        let id = price_rules::insert(tx, &public_id, &draft, store::unix(by.now))?;
        Change::created(Subject::PriceRules, &public_id, &label, fields(&draft)).sign(tx, by)?;
        Ok(PriceRule {
            id,
            public_id,
            draft,
            created_at: store::instant(store::unix(by.now)),
        })
    })
}

/// Removes a rule (by its number or public id; a coordinator's act).
pub fn remove(store: &mut Store, by: &By, key: &str) -> Result<PriceRule, ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let rule =
            price_rules::find(tx, key)?.ok_or(ProgrammingError::NotFound(Missing::PriceRule))?;
        let label = scope_label(tx, rule.draft.scope)?;
        price_rules::delete(tx, rule.id)?;
        Change::deleted(
            Subject::PriceRules,
            &rule.public_id,
            &label,
            fields(&rule.draft),
        )
        .sign(tx, by)?;
        Ok(rule)
    })
}

/// Turns the venue's rules on or off (a coordinator's act, journaled).
pub fn set_enabled(store: &mut Store, by: &By, on: bool) -> Result<(), ProgrammingError> {
    write(store, by, Act::Program, |tx| {
        let before = price_rules::enabled(tx)?;
        price_rules::set_enabled(tx, on)?;
        // The whole venue's: named by the venue.
        let venue = store::venue::load(tx)?.ok_or(ProgrammingError::NotFound(Missing::Venue))?;
        Change::changed(
            Subject::PriceRules,
            &venue.public_id,
            &venue.settings.name,
            Fields::default().flag("rules_on", before),
            Fields::default().flag("rules_on", on),
        )
        .sign(tx, by)
    })
}

/// What a performance's sales would have brought under its rules and,
/// when given, one more rule being considered (checked first).
pub fn simulate(
    store: &Store,
    performance_id: i64,
    considered: Option<Draft>,
) -> Result<Simulation, ProgrammingError> {
    let considered = considered.map(Draft::checked).transpose()?;
    store.read(|tx| {
        let p = store::performances::by_id(tx, performance_id)?
            .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
        let mut rules = price_rules::of_performance(tx, performance_id)?;
        if let Some(draft) = considered {
            check_category(tx, &[performance_id], draft.category.as_deref())?;
            rules.push(PriceRule {
                id: 0,
                public_id: String::new(),
                draft,
                created_at: p.starts_at,
            });
        }
        let tickets = price_rules::past_tickets(tx, performance_id)?;
        Ok(price_rule::simulate(
            &tickets,
            &rules,
            p.starts_at,
            p.capacity,
        ))
    })
}

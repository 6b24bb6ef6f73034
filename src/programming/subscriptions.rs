//! Subscription formulas, as the coordinator sets them: a name, the rule
//! its performances follow (a choice among shows with minimums per genre, a
//! fixed set, a full season, a pass over a period), the tariff its tickets carry and its price
//! per tariff. Checked before it is kept, journaled.

use super::journal::{By, Change, Fields, write};
use super::{Missing, ProgrammingError};
use crate::domain::Cents;
use crate::domain::money::MAX_AMOUNT;
use crate::domain::operator::Act;
use crate::domain::programmed::Subject;
use crate::domain::subscription::{
    Formula, FormulaProblem, MAX_NAME, MAX_PASS_DAYS, MAX_PERFORMANCES, MAX_PRICES, Rule,
};
use crate::store::{self, Store, Tx, subscriptions as sql};

/// A formula as the coordinator writes it: tariffs by their codes.
#[derive(Clone, Debug)]
pub struct FormulaDraft {
    pub name: String,
    pub rule: Rule,
    /// The tariff its tickets carry (ABONNE).
    pub tariff: String,
    /// (tariff code, category code or empty, price).
    pub prices: Vec<(String, String, Cents)>,
}

fn tariff_id(tx: &Tx, code: &str) -> Result<i64, ProgrammingError> {
    store::tariffs::all(tx)?
        .into_iter()
        .find(|t| t.code.eq_ignore_ascii_case(code.trim()))
        .map(|t| t.id)
        .ok_or_else(|| ProgrammingError::UnknownTariff(code.trim().to_owned()))
}

/// What is wrong with the formula's rule: its shows and performances
/// exist, its counts hold together.
fn check_rule(tx: &Tx, rule: &Rule) -> Result<(), ProgrammingError> {
    let bad = |what: FormulaProblem| Err(ProgrammingError::Formula(what));
    let (shows, performances): (&[i64], &[i64]) = match rule {
        Rule::Choice {
            min,
            max,
            shows,
            per_genre,
        } => {
            if *min == 0 || min > max || *max > MAX_PERFORMANCES {
                return bad(FormulaProblem::ChoiceCounts);
            }
            if per_genre.len() > 12
                || per_genre
                    .iter()
                    .any(|(g, n)| *n == 0 || *n > MAX_PERFORMANCES || g.chars().count() > 40)
            {
                return bad(FormulaProblem::Genres);
            }
            if per_genre.values().sum::<usize>() > *max {
                return bad(FormulaProblem::GenresOverMax);
            }
            (shows, &[])
        }
        Rule::Fixed(p) => (&[], p),
        Rule::Season(s) => (s, &[]),
        Rule::Pass { from, until, shows } => {
            let days = (*until - *from).num_days();
            if !(0..MAX_PASS_DAYS).contains(&days) {
                return bad(FormulaProblem::PassDays);
            }
            (shows, &[])
        }
    };
    if shows.len() + performances.len() > MAX_PERFORMANCES
        || matches!(rule, Rule::Fixed(p) if p.is_empty())
        || matches!(rule, Rule::Season(s) if s.is_empty())
    {
        return bad(FormulaProblem::Size);
    }
    for s in shows {
        store::shows::by_id(tx, *s)?.ok_or(ProgrammingError::NotFound(Missing::Show))?;
    }
    for p in performances {
        store::performances::by_id(tx, *p)?
            .ok_or(ProgrammingError::NotFound(Missing::Performance))?;
    }
    Ok(())
}

/// Checks and keeps a formula (a coordinator's act).
pub fn add_formula(
    store: &mut Store,
    by: &By,
    draft: &FormulaDraft,
) -> Result<Formula, ProgrammingError> {
    let name = draft.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(ProgrammingError::Formula(FormulaProblem::Name));
    }
    write(store, by, Act::Program, |tx| {
        check_rule(tx, &draft.rule)?;
        let tariff = tariff_id(tx, &draft.tariff)?;
        if draft.prices.len() > MAX_PRICES {
            return Err(ProgrammingError::Formula(FormulaProblem::TooManyPrices));
        }
        let mut prices: Vec<(i64, String, Cents)> = Vec::new();
        for (code, category, amount) in &draft.prices {
            if category.chars().count() > 16 {
                return Err(ProgrammingError::Formula(FormulaProblem::Category(
                    category.clone(),
                )));
            }
            if *amount < Cents::ZERO || *amount > MAX_AMOUNT {
                return Err(ProgrammingError::PriceOutOfRange {
                    category: category.clone(),
                    tariff: code.clone(),
                    amount: amount.0,
                });
            }
            let price = (
                tariff_id(tx, code)?,
                category.trim().to_uppercase(),
                *amount,
            );
            if prices
                .iter()
                .any(|(t, c, _)| (t, c) == (&price.0, &price.1))
            {
                return Err(ProgrammingError::Formula(FormulaProblem::PriceTwice {
                    tariff: code.trim().to_owned(),
                    category: category.trim().to_owned(),
                }));
            }
            prices.push(price);
        }
        if !prices.iter().any(|(t, _, _)| *t == tariff) {
            return Err(ProgrammingError::Formula(FormulaProblem::NoPrice(
                draft.tariff.trim().to_owned(),
            )));
        }
        let mut formula = Formula {
            id: 0,
            public_id: store::public_id(by.now),
            name: name.to_owned(),
            rule: draft.rule.clone(),
            tariff_id: tariff,
            prices,
        };
        formula.id = sql::insert_formula(tx, &formula, store::unix(by.now))?;
        let said = draft
            .prices
            .iter()
            .map(|(t, c, a)| format!("{t}{}{c}={}", if c.is_empty() { "" } else { "/" }, a.0))
            .collect::<Vec<_>>()
            .join(", ");
        let fields = Fields::default()
            .text("name", name)
            .text("rule", &format!("{:?}", draft.rule))
            .text("prices", &said);
        Change::created(Subject::Formula, &formula.public_id, name, fields).sign(tx, by)?;
        Ok(formula)
    })
}

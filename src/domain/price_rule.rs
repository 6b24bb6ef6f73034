//! Price rules that follow demand (yield): a coordinator's rule moves a
//! category's prices by a step once so much of the hall is sold, before a
//! date (early bird), or in the last hours before the start, never past
//! the rule's floor (going down) or ceiling (going up).
//!
//! The rules of a performance (its own and its show's, oldest first) apply
//! one after the other to the base price of each paying tariff; an
//! invitation stays free. A price is reckoned at the instant it was quoted
//! with the places sold then: the price a clerk put in a basket is the one
//! the sale charges, whatever another counter sold since ([`QUOTE_HOLDS`]).
//! The same reckoning replays a past performance's sales
//! ([`simulate`]): what its tickets would have cost under the rules, the
//! same people buying at the same moments.

use chrono::{DateTime, Duration, Utc};

use super::money::{Cents, MAX_PRICE};

/// The most rules a performance answers to (its own and its show's).
pub const MAX_RULES: usize = 20;

/// The last-hours window goes back at most this far (60 days).
pub const MAX_HOURS: i64 = 24 * 60;

/// A price quoted in a basket is kept this long: a basket older than that
/// pays today's price.
pub const QUOTE_HOLDS: Duration = Duration::minutes(30);

/// The most characters of a category's code.
pub const MAX_CODE: usize = 16;

/// When a rule moves prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Once this percentage of the places is sold (1 to 100).
    Fill(i64),
    /// Before this instant (early bird).
    Before(DateTime<Utc>),
    /// From this many hours before the performance starts (and on, while
    /// walk-ins are sold at the door).
    LastHours(i64),
}

impl Trigger {
    pub fn code(self) -> &'static str {
        match self {
            Trigger::Fill(_) => "fill",
            Trigger::Before(_) => "before",
            Trigger::LastHours(_) => "last_hours",
        }
    }

    /// The number the file keeps with the code (a percentage, an instant's
    /// seconds, hours).
    pub fn threshold(self) -> i64 {
        match self {
            Trigger::Fill(p) => p,
            Trigger::Before(at) => at.timestamp(),
            Trigger::LastHours(h) => h,
        }
    }

    pub fn from_parts(code: &str, threshold: i64) -> Option<Trigger> {
        match code {
            "fill" => Some(Trigger::Fill(threshold)),
            "before" => DateTime::from_timestamp(threshold, 0).map(Trigger::Before),
            "last_hours" => Some(Trigger::LastHours(threshold)),
            _ => None,
        }
    }

    /// Whether the rule moves prices at this moment.
    pub fn holds(self, m: &Moment) -> bool {
        match self {
            Trigger::Fill(percent) => {
                m.capacity > 0
                    && i128::from(m.sold) * 100 >= i128::from(percent) * i128::from(m.capacity)
            }
            Trigger::Before(until) => m.at < until,
            Trigger::LastHours(hours) => m.starts_at - m.at <= Duration::hours(hours),
        }
    }
}

/// What a rule is set on: one performance, or every performance of a show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Performance(i64),
    Show(i64),
}

/// A rule as the coordinator writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub scope: Scope,
    pub trigger: Trigger,
    /// A category's code ("C1"); None: every category.
    pub category: Option<String>,
    /// What the prices move by (up when positive).
    pub step: Cents,
    pub floor: Option<Cents>,
    pub ceiling: Option<Cents>,
}

/// A rule kept in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PriceRule {
    pub id: i64,
    pub public_id: String,
    pub draft: Draft,
    pub created_at: DateTime<Utc>,
}

/// Why a rule is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("a rule must move the price: its step is zero")]
    NoStep,
    #[error("a step of {0} cents is beyond any price")]
    StepTooLarge(i64),
    #[error("a floor or ceiling of {0} cents is not a price")]
    BoundOutOfRange(i64),
    #[error("the floor ({floor} cents) is above the ceiling ({ceiling} cents)")]
    FloorAboveCeiling { floor: i64, ceiling: i64 },
    #[error("a fill rate of {0} %: it must be 1 to 100")]
    FillOutOfRange(i64),
    #[error("{0} hours before the start: it must be 1 to {MAX_HOURS}")]
    HoursOutOfRange(i64),
    #[error("the category's code is empty or longer than {MAX_CODE} characters")]
    BadCategory,
    #[error("this performance answers to {MAX_RULES} rules already")]
    TooMany,
}

impl Draft {
    /// The draft checked, its category code trimmed and upper-cased.
    pub fn checked(mut self) -> Result<Draft, RuleError> {
        if self.step == Cents::ZERO {
            return Err(RuleError::NoStep);
        }
        if self.step.0.checked_abs().is_none_or(|s| s > MAX_PRICE.0) {
            return Err(RuleError::StepTooLarge(self.step.0));
        }
        for bound in [self.floor, self.ceiling].into_iter().flatten() {
            if bound < Cents::ZERO || bound > MAX_PRICE {
                return Err(RuleError::BoundOutOfRange(bound.0));
            }
        }
        if let (Some(floor), Some(ceiling)) = (self.floor, self.ceiling)
            && floor > ceiling
        {
            return Err(RuleError::FloorAboveCeiling {
                floor: floor.0,
                ceiling: ceiling.0,
            });
        }
        match self.trigger {
            Trigger::Fill(p) if !(1..=100).contains(&p) => {
                return Err(RuleError::FillOutOfRange(p));
            }
            Trigger::LastHours(h) if !(1..=MAX_HOURS).contains(&h) => {
                return Err(RuleError::HoursOutOfRange(h));
            }
            _ => {}
        }
        if let Some(code) = &self.category {
            let code = code.trim();
            if code.is_empty() || code.chars().count() > MAX_CODE {
                return Err(RuleError::BadCategory);
            }
            self.category = Some(code.to_uppercase());
        }
        Ok(self)
    }

    /// Whether the rule moves the prices of this category.
    pub fn covers(&self, category_code: &str) -> bool {
        self.category
            .as_deref()
            .is_none_or(|c| c.eq_ignore_ascii_case(category_code))
    }

    /// The price once this rule has moved it: up to its ceiling at most,
    /// down to its floor at least (never the other way, never below zero).
    pub fn move_price(&self, price: Cents) -> Cents {
        let moved = price.0.saturating_add(self.step.0);
        let moved = if self.step > Cents::ZERO {
            match self.ceiling {
                Some(c) => moved.min(c.0.max(price.0)),
                None => moved,
            }
        } else {
            match self.floor {
                Some(f) => moved.max(f.0.min(price.0)),
                None => moved,
            }
        };
        Cents(moved.clamp(0, MAX_PRICE.0))
    }
}

/// The moment a price is reckoned at: when, how close to the start, how
/// full the hall is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub sold: i64,
    pub capacity: i64,
}

/// A paying tariff's price in a category at this moment: its base moved by
/// each rule (in order) whose trigger holds and that covers the category.
pub fn price(base: Cents, category_code: &str, rules: &[PriceRule], m: &Moment) -> Cents {
    rules
        .iter()
        .filter(|r| r.draft.covers(category_code) && r.draft.trigger.holds(m))
        .fold(base, |p, r| r.draft.move_price(p))
}

/// A ticket of a past performance, as the simulation replays it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastTicket {
    pub sold_at: DateTime<Utc>,
    /// When it was given back: it filled a place until then, and brought
    /// nothing.
    pub cancelled_at: Option<DateTime<Utc>>,
    pub category_code: String,
    /// What it was sold for.
    pub price: Cents,
    /// The grid's price of its tariff and category, which the rules move
    /// (what it was sold for when the grid has none now).
    pub base: Cents,
    /// An invitation or a free ticket: no rule moves it.
    pub free: bool,
}

/// What a performance's sales would have brought under some rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Simulation {
    pub tickets: usize,
    /// What the tickets were sold for.
    pub actual: Cents,
    /// What they would have been sold for.
    pub simulated: Cents,
    /// Tickets whose price the rules move.
    pub moved: usize,
}

/// Replays `tickets` (in the order they were sold) under `rules`: each
/// kept ticket at the moment it was sold, priced from the grid with the
/// places filled then (sold before it and not given back by then; a ticket
/// given back brings nothing). Demand is taken as it was: the same people
/// buy at the same moments, whatever the price.
pub fn simulate(
    tickets: &[PastTicket],
    rules: &[PriceRule],
    starts_at: DateTime<Utc>,
    capacity: i64,
) -> Simulation {
    let mut out = Simulation::default();
    let mut before = 0usize;
    // When the tickets sold so far were given back, soonest first; those
    // given back by the current ticket's moment are counted out.
    let mut given_back = std::collections::BinaryHeap::new();
    let mut gone = 0usize;
    for t in tickets {
        // Tickets of the same sale count none of each other.
        while tickets[before].sold_at < t.sold_at {
            if let Some(c) = tickets[before].cancelled_at {
                given_back.push(std::cmp::Reverse(c));
            }
            before += 1;
        }
        if t.cancelled_at.is_some() {
            continue;
        }
        while given_back
            .peek()
            .is_some_and(|std::cmp::Reverse(c)| *c <= t.sold_at)
        {
            given_back.pop();
            gone += 1;
        }
        let moment = Moment {
            at: t.sold_at,
            starts_at,
            sold: i64::try_from(before - gone).unwrap_or(i64::MAX),
            capacity,
        };
        let new = if t.free {
            t.price
        } else {
            price(t.base, &t.category_code, rules, &moment)
        };
        out.tickets += 1;
        out.actual += t.price;
        out.simulated += new;
        if new != t.price {
            out.moved += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, 0, 0).unwrap()
    }

    fn rule(id: i64, trigger: Trigger, step: i64) -> PriceRule {
        PriceRule {
            id,
            public_id: format!("r{id}"),
            draft: Draft {
                scope: Scope::Performance(1),
                trigger,
                category: Some("C1".into()),
                step: Cents(step),
                floor: None,
                ceiling: None,
            },
            created_at: at(0),
        }
    }

    fn moment(sold: i64, at_: DateTime<Utc>) -> Moment {
        Moment {
            at: at_,
            starts_at: at(20),
            sold,
            capacity: 10,
        }
    }

    #[test]
    fn a_fill_rule_steps_the_price_at_its_threshold_and_not_before() {
        let rules = [rule(1, Trigger::Fill(80), 500)];
        assert_eq!(
            price(Cents(3_200), "C1", &rules, &moment(7, at(9))),
            Cents(3_200)
        );
        assert_eq!(
            price(Cents(3_200), "C1", &rules, &moment(8, at(9))),
            Cents(3_700)
        );
        // Another category is not moved.
        assert_eq!(
            price(Cents(2_500), "C2", &rules, &moment(9, at(9))),
            Cents(2_500)
        );
    }

    #[test]
    fn dates_steps_and_bounds() {
        let mut early = rule(1, Trigger::Before(at(12)), -800);
        early.draft.floor = Some(Cents(2_600));
        assert_eq!(
            price(Cents(3_200), "c1", &[early.clone()], &moment(0, at(9))),
            Cents(2_600)
        );
        assert_eq!(
            price(Cents(3_200), "C1", &[early.clone()], &moment(0, at(12))),
            Cents(3_200)
        );
        let mut last = rule(2, Trigger::LastHours(4), 1_000);
        last.draft.ceiling = Some(Cents(3_500));
        assert_eq!(
            price(Cents(3_200), "C1", &[last.clone()], &moment(0, at(15))),
            Cents(3_200)
        );
        assert_eq!(
            price(Cents(3_200), "C1", &[last.clone()], &moment(0, at(16))),
            Cents(3_500)
        );
        // And on, while walk-ins are sold after the start.
        assert_eq!(
            price(Cents(3_200), "C1", &[last.clone()], &moment(0, at(21))),
            Cents(3_500)
        );
        // A base already above the ceiling is not brought down by a rise.
        assert_eq!(
            price(Cents(4_000), "C1", &[last.clone()], &moment(0, at(17))),
            Cents(4_000)
        );
        // Never below zero.
        let cut = rule(3, Trigger::Fill(1), -9_000);
        assert_eq!(
            price(Cents(3_200), "C1", &[cut], &moment(5, at(9))),
            Cents::ZERO
        );
        // Rules apply one after the other.
        let fill = rule(4, Trigger::Fill(50), 500);
        assert_eq!(
            price(Cents(3_200), "C1", &[fill, last], &moment(6, at(18))),
            Cents(3_700)
        );
    }

    #[test]
    fn a_rule_is_checked_before_it_is_kept() {
        let good = rule(1, Trigger::Fill(80), 500).draft;
        assert!(good.clone().checked().is_ok());
        let mut bad = good.clone();
        bad.floor = Some(Cents(4_000));
        bad.ceiling = Some(Cents(3_000));
        assert_eq!(
            bad.checked(),
            Err(RuleError::FloorAboveCeiling {
                floor: 4_000,
                ceiling: 3_000
            })
        );
        let mut zero = good.clone();
        zero.step = Cents::ZERO;
        assert_eq!(zero.checked(), Err(RuleError::NoStep));
        let mut huge = good.clone();
        huge.step = Cents(i64::MIN);
        assert_eq!(huge.checked(), Err(RuleError::StepTooLarge(i64::MIN)));
        let mut fill = good.clone();
        fill.trigger = Trigger::Fill(101);
        assert_eq!(fill.checked(), Err(RuleError::FillOutOfRange(101)));
        let mut hours = good.clone();
        hours.trigger = Trigger::LastHours(0);
        assert_eq!(hours.checked(), Err(RuleError::HoursOutOfRange(0)));
        let mut code = good;
        code.category = Some("  ".into());
        assert_eq!(code.checked(), Err(RuleError::BadCategory));
    }

    #[test]
    fn a_replay_counts_what_was_sold_before_each_sale() {
        // Ten places; four sold at 9:00 together, four at 10:00, two at 11:00.
        let t = |h: u32| PastTicket {
            sold_at: at(h),
            cancelled_at: None,
            category_code: "C1".into(),
            price: Cents(3_000),
            base: Cents(3_000),
            free: false,
        };
        let tickets: Vec<PastTicket> = [9, 9, 9, 9, 10, 10, 10, 10, 11, 11]
            .into_iter()
            .map(t)
            .collect();
        let rules = [rule(1, Trigger::Fill(80), 500)];
        let s = simulate(&tickets, &rules, at(20), 10);
        // Only the last sale comes after eight were sold.
        assert_eq!(s.tickets, 10);
        assert_eq!(s.moved, 2);
        assert_eq!(s.actual, Cents(30_000));
        assert_eq!(s.simulated, Cents(31_000));
    }
}

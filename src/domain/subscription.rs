//! Subscriptions (abonnements): a formula sold as one product, its
//! performances chosen in one basket, and its price shared among them so
//! that each performance's statement, show tax, SIBIL line and analyses
//! count the revenue it really brought.
//!
//! The rules of a formula, checked against the performances chosen:
//! - a choice: between `min` and `max` performances among some shows (or
//!   any show of the season), with at least so many of some genres;
//! - a fixed set: exactly these performances (one each of a set of shows);
//! - the full season: one performance of every show;
//! - a pass: every performance of some shows within a period of days,
//!   sold like a season, entered at the door with one card.
//!
//! The price is shared in proportion to the single-ticket prices of the
//! performances chosen (what each would have cost alone), to the cent: the
//! cents left by rounding down go, one each, to the largest remainders
//! (the earliest performance first on a tie), so the shares always add up
//! to the price. In France the price and shares include VAT (each share
//! then carries its performance's rate); in Quebec they are before GST
//! and QST, which are reckoned on the basket.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::money::Cents;

/// The most performances one subscription holds (a season of a small
/// venue, twice over).
pub const MAX_PERFORMANCES: usize = 60;

/// What a formula asks of the performances chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Between `min` and `max` performances, of the shows listed (any show
    /// when empty), at least `n` of each genre listed.
    Choice {
        min: usize,
        max: usize,
        shows: Vec<i64>,
        per_genre: BTreeMap<String, usize>,
    },
    /// Exactly these performances.
    Fixed(Vec<i64>),
    /// One performance of each of these shows (the season's).
    Season(Vec<i64>),
    /// A pass: every performance of these shows (any show when empty)
    /// starting from the venue's day `from` to its day `until` inclusive;
    /// one card admits its holder at each of them, at the door.
    Pass {
        from: NaiveDate,
        until: NaiveDate,
        shows: Vec<i64>,
    },
}

/// The longest period a pass covers (a museum's or a venue's year).
pub const MAX_PASS_DAYS: i64 = 366;

/// A formula: a product whose performances the rule governs, whose tickets
/// carry `tariff_id` (the subscriber tariff), priced per tariff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub rule: Rule,
    pub tariff_id: i64,
    /// (tariff id, category code — empty for any —, price).
    pub prices: Vec<(i64, String, Cents)>,
}

impl Formula {
    /// Its price for a tariff in a category: the category's own, else the
    /// tariff's for any category.
    pub fn price(&self, tariff_id: i64, category_code: &str) -> Option<Cents> {
        let of = |code: &str| {
            self.prices
                .iter()
                .find(|(t, c, _)| *t == tariff_id && c.eq_ignore_ascii_case(code))
                .map(|(_, _, p)| *p)
        };
        of(category_code).or_else(|| of(""))
    }
}

/// The longest name of a formula.
pub const MAX_NAME: usize = 80;

/// The most prices a formula has.
pub const MAX_PRICES: usize = 50;

/// Why a formula is refused as the coordinator wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormulaProblem {
    /// Its name is empty or longer than [`MAX_NAME`].
    Name,
    /// A choice takes 1 to 60 performances, its minimum at most its maximum.
    ChoiceCounts,
    /// A genre's minimum is 1 to 60, for at most 12 genres of 40 characters.
    Genres,
    /// The genres' minimums add up to more than the maximum.
    GenresOverMax,
    /// A fixed set or a season names 1 to 60 performances or shows; a
    /// choice or a pass at most 60 shows.
    Size,
    /// A pass's days: its first on or before its last, a year at most.
    PassDays,
    /// More than [`MAX_PRICES`] prices.
    TooManyPrices,
    /// Not a category's code (16 characters at most).
    Category(String),
    /// A tariff and category priced twice.
    PriceTwice { tariff: String, category: String },
    /// No price for the tariff its tickets carry.
    NoPrice(String),
    /// A price as typed that is not one.
    NotAPrice(String),
    /// A day as typed that is not a date.
    NotADay(String),
}

/// The most places one subscription sale takes at each performance (a
/// couple, a family).
pub const MAX_PLACES: usize = 10;

/// Why a subscription is refused.
#[derive(Debug, thiserror::Error)]
pub enum SubscriptionError {
    #[error("no formula {0}")]
    UnknownFormula(String),
    #[error("{0}")]
    Rule(RuleError),
    #[error("the formula has no price for this tariff and category")]
    NoPrice,
    #[error("{0} places at each performance: 1 to {MAX_PLACES}")]
    Places(usize),
    #[error("no performance {0}")]
    NoPerformance(i64),
    /// The formula is priced by category and the places are in several.
    #[error("the places are in several categories ({0} and {1})")]
    MixedCategories(String, String),
    /// A subscription is refunded whole, or exchanged within its formula.
    #[error("order {0} is a subscription")]
    Partial(i64),
    #[error("no subscription {0}")]
    UnknownSubscription(String),
    /// The performance is over: its tickets are not exchanged.
    #[error("performance {0} is over")]
    Over(i64),
    /// Nothing is left to refund.
    #[error("the subscription is refunded already")]
    Refunded,
    /// The subscription holds no live ticket for this performance.
    #[error("the subscription holds no ticket for performance {0}")]
    NotInSubscription(i64),
    /// A pass's period holds no performance still to come.
    #[error("no performance is left in the pass's period")]
    PassEmpty,
    /// A pass holds every performance of its days: it is not exchanged.
    #[error("a pass is not exchanged")]
    PassExchange,
    /// Pass cards are signed by the terminal that sold the pass.
    #[error("the pass was sold on another terminal")]
    PassElsewhere,
}

/// A performance chosen for a subscription, as the rules see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub performance: i64,
    pub show: i64,
    pub genre: String,
}

/// Why the performances chosen break a formula's rules.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{got} performances chosen, the formula takes at least {min}")]
    TooFew { min: usize, got: usize },
    #[error("{got} performances chosen, the formula takes at most {max}")]
    TooMany { max: usize, got: usize },
    #[error("performance {0} is chosen twice")]
    Twice(i64),
    #[error("a show is chosen twice (show {0}): one performance of each")]
    ShowTwice(i64),
    #[error("show {0} is not in the formula")]
    NotInFormula(i64),
    #[error("performance {0} is not in the formula")]
    PerformanceNotInFormula(i64),
    #[error("{got} of genre {genre}, the formula asks at least {need}")]
    Genre {
        genre: String,
        need: usize,
        got: usize,
    },
    #[error("the formula's performance {0} is missing")]
    Missing(i64),
    #[error("the formula's show {0} has no performance chosen")]
    ShowMissing(i64),
}

impl Rule {
    /// Checks the performances chosen against the rule: the first problem.
    pub fn check(&self, chosen: &[Chosen]) -> Result<(), RuleError> {
        if chosen.len() > MAX_PERFORMANCES {
            return Err(RuleError::TooMany {
                max: MAX_PERFORMANCES,
                got: chosen.len(),
            });
        }
        for (i, c) in chosen.iter().enumerate() {
            if chosen[..i].iter().any(|o| o.performance == c.performance) {
                return Err(RuleError::Twice(c.performance));
            }
        }
        match self {
            Rule::Choice {
                min,
                max,
                shows,
                per_genre,
            } => {
                if chosen.len() < *min {
                    return Err(RuleError::TooFew {
                        min: *min,
                        got: chosen.len(),
                    });
                }
                if chosen.len() > *max {
                    return Err(RuleError::TooMany {
                        max: *max,
                        got: chosen.len(),
                    });
                }
                if let Some(c) = chosen
                    .iter()
                    .find(|c| !shows.is_empty() && !shows.contains(&c.show))
                {
                    return Err(RuleError::NotInFormula(c.show));
                }
                for (genre, need) in per_genre {
                    let got = chosen.iter().filter(|c| &c.genre == genre).count();
                    if got < *need {
                        return Err(RuleError::Genre {
                            genre: genre.clone(),
                            need: *need,
                            got,
                        });
                    }
                }
                Ok(())
            }
            Rule::Fixed(set) => {
                if let Some(c) = chosen.iter().find(|c| !set.contains(&c.performance)) {
                    return Err(RuleError::PerformanceNotInFormula(c.performance));
                }
                match set
                    .iter()
                    .find(|p| !chosen.iter().any(|c| c.performance == **p))
                {
                    Some(p) => Err(RuleError::Missing(*p)),
                    None => Ok(()),
                }
            }
            Rule::Season(shows) => {
                for (i, c) in chosen.iter().enumerate() {
                    if !shows.contains(&c.show) {
                        return Err(RuleError::NotInFormula(c.show));
                    }
                    if chosen[..i].iter().any(|o| o.show == c.show) {
                        return Err(RuleError::ShowTwice(c.show));
                    }
                }
                match shows.iter().find(|s| !chosen.iter().any(|c| c.show == **s)) {
                    Some(s) => Err(RuleError::ShowMissing(*s)),
                    None => Ok(()),
                }
            }
            // Which performances its period holds is the counter's to say
            // (it reads their dates): here, its shows.
            Rule::Pass { shows, .. } => {
                match chosen
                    .iter()
                    .find(|c| !shows.is_empty() && !shows.contains(&c.show))
                {
                    Some(c) => Err(RuleError::NotInFormula(c.show)),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Shares `price` among performances in proportion to `weights` (their
/// single-ticket prices), to the cent: the shares add up to `price`
/// exactly. All weights zero (free performances) share it equally. An
/// empty list, or a negative price or weight, has no share.
pub fn allocate(price: Cents, weights: &[Cents]) -> Option<Vec<Cents>> {
    if weights.is_empty()
        || weights.len() > MAX_PERFORMANCES
        || price < Cents::ZERO
        || weights.iter().any(|w| *w < Cents::ZERO)
    {
        return None;
    }
    let equal = weights.iter().all(|w| *w == Cents::ZERO);
    let weight = |w: &Cents| if equal { 1 } else { i128::from(w.0) };
    let total: i128 = weights.iter().map(weight).sum();
    let price = i128::from(price.0);
    let mut shares: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = price * weight(w);
        shares.push(exact / total);
        remainders.push((exact % total, i));
    }
    let left = price - shares.iter().sum::<i128>();
    // Largest remainder first; the earliest on a tie.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(usize::try_from(left).ok()?) {
        shares[i] += 1;
    }
    shares
        .into_iter()
        .map(|s| i64::try_from(s).ok().map(Cents))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[i64]) -> Vec<Cents> {
        v.iter().map(|&x| Cents(x)).collect()
    }

    #[test]
    fn a_french_subscription_is_shared_to_the_cent_as_computed_by_hand() {
        // 96,00 € for four performances whose single tickets cost 32, 32,
        // 26 and 20 € (110 € alone): 96 × 32 / 110 = 27,927… → 27,93 each
        // twice, 96 × 26 / 110 = 22,690… → 22,69, 96 × 20 / 110 = 17,454…
        // → 17,45; 27,93 + 27,93 + 22,69 + 17,45 = 96,00.
        let shares = allocate(Cents(9_600), &c(&[3_200, 3_200, 2_600, 2_000])).unwrap();
        assert_eq!(shares, c(&[2_793, 2_793, 2_269, 1_745]));
    }

    #[test]
    fn a_quebec_subscription_is_shared_before_taxes_as_computed_by_hand() {
        // 150,00 $ before GST and QST, six concerts at 40, 40, 35, 35, 30
        // and 25 $ (205 $): 29,268 → 29,27 ×2, 25,609 → 25,61 ×2, 21,951
        // → 21,95, 18,292 → 18,29: 150,00.
        let shares = allocate(
            Cents(15_000),
            &c(&[4_000, 4_000, 3_500, 3_500, 3_000, 2_500]),
        )
        .unwrap();
        assert_eq!(shares, c(&[2_927, 2_927, 2_561, 2_561, 2_195, 1_829]));
    }

    #[test]
    fn the_cents_left_by_rounding_go_to_the_largest_remainders() {
        // 100,00 in three equal parts: 33,34 + 33,33 + 33,33.
        assert_eq!(
            allocate(Cents(10_000), &c(&[1_500, 1_500, 1_500])).unwrap(),
            c(&[3_334, 3_333, 3_333])
        );
        // 0,05 over 1, 1, 1 weights of different sizes: 0,02 0,02 0,01.
        assert_eq!(allocate(Cents(5), &c(&[10, 10, 5])).unwrap(), c(&[2, 2, 1]));
        // Free performances share equally; nothing to share, nothing.
        assert_eq!(allocate(Cents(10), &c(&[0, 0, 0])).unwrap(), c(&[4, 3, 3]));
        assert_eq!(allocate(Cents(0), &c(&[1_000, 2_000])).unwrap(), c(&[0, 0]));
        assert_eq!(allocate(Cents(100), &[]), None);
        assert_eq!(allocate(Cents(-1), &c(&[100])), None);
        assert_eq!(allocate(Cents(100), &c(&[100, -1])), None);
    }

    #[test]
    fn shares_always_add_up_and_never_move_more_than_a_cent_from_the_exact_part() {
        let mut seed: u64 = 7;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..2_000 {
            let n = 1 + next(MAX_PERFORMANCES as u64) as usize;
            let weights: Vec<Cents> = (0..n).map(|_| Cents(next(20_000) as i64)).collect();
            let price = Cents(next(100_000_000) as i64);
            let shares = allocate(price, &weights).unwrap();
            assert_eq!(shares.iter().copied().sum::<Cents>(), price);
            let total: i128 = weights.iter().map(|w| i128::from(w.0)).sum();
            if total > 0 {
                for (s, w) in shares.iter().zip(&weights) {
                    let exact = i128::from(price.0) * i128::from(w.0);
                    let floor = exact / total;
                    assert!(i128::from(s.0) == floor || i128::from(s.0) == floor + 1);
                }
            }
        }
    }

    fn chosen(performance: i64, show: i64, genre: &str) -> Chosen {
        Chosen {
            performance,
            show,
            genre: genre.into(),
        }
    }

    #[test]
    fn a_choice_of_three_or_more_with_a_dance_show_is_checked() {
        let rule = Rule::Choice {
            min: 3,
            max: 6,
            shows: vec![1, 2, 3, 4],
            per_genre: BTreeMap::from([("dance".to_owned(), 1)]),
        };
        let ok = [
            chosen(10, 1, "theatre"),
            chosen(20, 2, "dance"),
            chosen(30, 3, "music"),
        ];
        assert_eq!(rule.check(&ok), Ok(()));
        assert_eq!(
            rule.check(&ok[..2]),
            Err(RuleError::TooFew { min: 3, got: 2 })
        );
        let no_dance = [
            chosen(10, 1, "theatre"),
            chosen(11, 1, "theatre"),
            chosen(30, 3, "music"),
        ];
        assert!(matches!(
            rule.check(&no_dance),
            Err(RuleError::Genre {
                need: 1,
                got: 0,
                ..
            })
        ));
        let stranger = [
            chosen(10, 1, "theatre"),
            chosen(20, 2, "dance"),
            chosen(90, 9, "music"),
        ];
        assert_eq!(rule.check(&stranger), Err(RuleError::NotInFormula(9)));
        let twice = [
            chosen(10, 1, "theatre"),
            chosen(10, 1, "theatre"),
            chosen(20, 2, "dance"),
        ];
        assert_eq!(rule.check(&twice), Err(RuleError::Twice(10)));
        let seven: Vec<Chosen> = (0..7)
            .map(|i| chosen(100 + i, 1 + i % 4, "dance"))
            .collect();
        assert_eq!(
            rule.check(&seven),
            Err(RuleError::TooMany { max: 6, got: 7 })
        );
    }

    #[test]
    fn a_fixed_set_and_a_full_season_are_checked() {
        let fixed = Rule::Fixed(vec![10, 20, 30]);
        let set = [chosen(10, 1, "x"), chosen(20, 2, "x"), chosen(30, 3, "x")];
        assert_eq!(fixed.check(&set), Ok(()));
        assert_eq!(fixed.check(&set[..2]), Err(RuleError::Missing(30)));
        let season = Rule::Season(vec![1, 2, 3]);
        assert_eq!(season.check(&set), Ok(()));
        assert_eq!(season.check(&set[..2]), Err(RuleError::ShowMissing(3)));
        let same_show = [chosen(10, 1, "x"), chosen(11, 1, "x"), chosen(30, 3, "x")];
        assert_eq!(season.check(&same_show), Err(RuleError::ShowTwice(1)));
    }
}

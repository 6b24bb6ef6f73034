//! `guichet pricing`: price rules that follow demand — list them, add one
//! to a performance or a show's series, remove one, turn them on or off,
//! and replay a past performance's sales under its rules (or one more).

use clap::{Args, Subcommand};
use serde_json::{Value, json};

use super::{Failure, Run};
use guichet::domain::price_rule::{Draft, PriceRule, Scope, Simulation, Trigger};
use guichet::domain::{Cents, Currency, Locale};
use guichet::programming::{self, ProgrammingError, price_rules};
use guichet::terminal;
use guichet::ui::i18n::pricing as words;

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// The rules, oldest first (those of a show and its performances with
    /// --show), and whether the venue applies them
    Rules {
        #[arg(long, value_name = "ID")]
        show: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Add a rule to a performance or to every performance of a show
    Add {
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "show",
            required_unless_present = "show"
        )]
        performance: Option<i64>,
        #[arg(long, value_name = "ID")]
        show: Option<i64>,
        #[command(flatten)]
        rule: RuleArgs,
        #[arg(long)]
        json: bool,
    },
    /// Remove a rule (its number, as listed)
    Remove { rule: String },
    /// Apply the rules from now on (they are off until turned on)
    On,
    /// Stop applying the rules (they are kept)
    Off,
    /// Replay a performance's sales under its rules and, when one is
    /// described here, one more: what its tickets would have brought
    Simulate {
        performance: i64,
        #[command(flatten)]
        rule: OptionalRule,
        #[arg(long)]
        json: bool,
    },
}

/// When a rule moves prices, by how much, and within what.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("when").required(true)))]
pub struct RuleArgs {
    /// Once this percentage of the places is sold
    #[arg(long, value_name = "PERCENT", group = "when")]
    after_fill: Option<i64>,
    /// Before this moment, "YYYY-MM-DD HH:MM" in the venue's zone (early bird)
    #[arg(long, value_name = "WHEN", group = "when")]
    before: Option<String>,
    /// From so many hours before the start (and on, at the door)
    #[arg(long, value_name = "HOURS", group = "when")]
    last_hours: Option<i64>,
    /// What prices move by, in cents (negative goes down)
    #[arg(long, value_name = "CENTS", allow_hyphen_values = true)]
    step: i64,
    /// Only this category (its code, e.g. C1); every category otherwise
    #[arg(long, value_name = "CODE")]
    category: Option<String>,
    /// Never below this price (cents), going down
    #[arg(long, value_name = "CENTS")]
    floor: Option<i64>,
    /// Never above this price (cents), going up
    #[arg(long, value_name = "CENTS")]
    ceiling: Option<i64>,
}

/// A rule to consider in a replay, or none: each option needs `--step`,
/// and `--step` one of `--after-fill`, `--before`, `--last-hours`.
#[derive(Debug, Args)]
pub struct OptionalRule {
    #[arg(long, value_name = "PERCENT", group = "when", requires = "step")]
    after_fill: Option<i64>,
    #[arg(long, value_name = "WHEN", group = "when", requires = "step")]
    before: Option<String>,
    #[arg(long, value_name = "HOURS", group = "when", requires = "step")]
    last_hours: Option<i64>,
    #[arg(
        long,
        value_name = "CENTS",
        allow_hyphen_values = true,
        requires = "when"
    )]
    step: Option<i64>,
    #[arg(long, value_name = "CODE", requires = "step")]
    category: Option<String>,
    #[arg(long, value_name = "CENTS", requires = "step")]
    floor: Option<i64>,
    #[arg(long, value_name = "CENTS", requires = "step")]
    ceiling: Option<i64>,
}

fn refused(e: ProgrammingError) -> Failure {
    Failure(e.to_string(), 2)
}

pub fn pricing(run: &Run, command: PricingCommand) -> Result<(), Failure> {
    match command {
        PricingCommand::Rules { show, json } => {
            let store = terminal::read_only(run.db())?;
            let (on, listed) = price_rules::rules(&store, show).map_err(refused)?;
            let (currency, zone) = venue(&store);
            if json {
                let rules: Vec<Value> = listed
                    .iter()
                    .map(|l| rule_json(&l.rule, &l.on, currency, zone))
                    .collect();
                println!("{}", json!({"applied": on, "rules": rules}));
                return Ok(());
            }
            if on {
                println!("price rules: applied");
            } else {
                println!("price rules: off (`guichet pricing on` applies them)");
            }
            for l in &listed {
                let said = words::rule(&l.rule.draft, currency, Locale::En, zone);
                println!("{:>4}  {}  — {}", l.rule.id, l.on, said);
            }
            if listed.is_empty() {
                println!("no rule");
            }
            Ok(())
        }
        PricingCommand::Add {
            performance,
            show,
            rule,
            json,
        } => {
            let scope = match (performance, show) {
                (Some(p), _) => Scope::Performance(p),
                (None, Some(s)) => Scope::Show(s),
                (None, None) => return Err(Failure("--performance or --show".into(), 2)),
            };
            let (mut t, operator) = run.open(false)?;
            let zone = programming::venue::time_zone(&t.store);
            let draft = draft(scope, &rule.when(), rule.step, &rule.rest(), zone)?;
            let by = programming::By {
                operator: &operator,
                signer: &t.signer,
                now: run.now(),
            };
            let kept = price_rules::add(&mut t.store, &by, draft).map_err(refused)?;
            let (currency, zone) = venue(&t.store);
            if json {
                println!("{}", rule_json(&kept, "", currency, zone));
            } else {
                let said = words::rule(&kept.draft, currency, Locale::En, zone);
                println!("rule {} added: {said}", kept.id);
            }
            Ok(())
        }
        PricingCommand::Remove { rule } => {
            let (mut t, operator) = run.open(false)?;
            let by = programming::By {
                operator: &operator,
                signer: &t.signer,
                now: run.now(),
            };
            let gone = price_rules::remove(&mut t.store, &by, &rule).map_err(refused)?;
            println!("rule {} removed", gone.id);
            Ok(())
        }
        PricingCommand::On | PricingCommand::Off => {
            let on = matches!(command, PricingCommand::On);
            let (mut t, operator) = run.open(false)?;
            let by = programming::By {
                operator: &operator,
                signer: &t.signer,
                now: run.now(),
            };
            price_rules::set_enabled(&mut t.store, &by, on).map_err(refused)?;
            println!(
                "price rules {}",
                if on { "applied from now on" } else { "off" }
            );
            Ok(())
        }
        PricingCommand::Simulate {
            performance,
            rule,
            json,
        } => simulate(run, performance, &rule, json),
    }
}

fn simulate(run: &Run, performance: i64, rule: &OptionalRule, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let zone = programming::venue::time_zone(&store);
    let considered = match rule.step {
        Some(step) => {
            let when = (rule.after_fill, rule.before.clone(), rule.last_hours);
            let rest = (rule.category.clone(), rule.floor, rule.ceiling);
            Some(draft(
                Scope::Performance(performance),
                &when,
                step,
                &rest,
                zone,
            )?)
        }
        None => None,
    };
    let s = price_rules::simulate(&store, performance, considered).map_err(refused)?;
    let (currency, _) = venue(&store);
    if json {
        println!("{}", simulation_json(&s));
    } else {
        println!("{}", words::simulation(&s, currency, Locale::En));
        println!("(the same buyers at the same moments: demand is taken as it was)");
    }
    Ok(())
}

type When = (Option<i64>, Option<String>, Option<i64>);
type Rest = (Option<String>, Option<i64>, Option<i64>);

impl RuleArgs {
    fn when(&self) -> When {
        (self.after_fill, self.before.clone(), self.last_hours)
    }

    fn rest(&self) -> Rest {
        (self.category.clone(), self.floor, self.ceiling)
    }
}

fn draft(
    scope: Scope,
    (fill, before, hours): &When,
    step: i64,
    (category, floor, ceiling): &Rest,
    zone: chrono_tz::Tz,
) -> Result<Draft, Failure> {
    let trigger = match (fill, before, hours) {
        (Some(p), _, _) => Trigger::Fill(*p),
        (_, Some(at), _) => Trigger::Before(super::performance::moment(at, zone)?),
        (_, _, Some(h)) => Trigger::LastHours(*h),
        _ => {
            return Err(Failure(
                "say when the rule moves prices: --after-fill, --before or --last-hours".into(),
                2,
            ));
        }
    };
    Ok(Draft {
        scope,
        trigger,
        category: category.clone(),
        step: Cents(step),
        floor: floor.map(Cents),
        ceiling: ceiling.map(Cents),
    })
}

/// The venue's currency and zone (euros and UTC before set-up).
fn venue(store: &terminal::Store) -> (Currency, chrono_tz::Tz) {
    match programming::venue::load(store) {
        Ok(Some(v)) => (v.settings.currency, v.settings.time_zone),
        _ => (Currency::Eur, chrono_tz::UTC),
    }
}

fn rule_json(r: &PriceRule, on: &str, currency: Currency, zone: chrono_tz::Tz) -> Value {
    let d = &r.draft;
    let (scope, id) = match d.scope {
        Scope::Performance(p) => ("performance", p),
        Scope::Show(s) => ("show", s),
    };
    json!({
        "rule": r.id,
        "id": r.public_id,
        "scope": scope,
        "scope_id": id,
        "on": on,
        "trigger": d.trigger.code(),
        "threshold": match d.trigger {
            Trigger::Before(at) => Value::from(at.to_rfc3339()),
            other => Value::from(other.threshold()),
        },
        "category": d.category,
        "step": d.step.0,
        "floor": d.floor.map(|c| c.0),
        "ceiling": d.ceiling.map(|c| c.0),
        "said": words::rule(d, currency, Locale::En, zone),
    })
}

fn simulation_json(s: &Simulation) -> Value {
    json!({
        "tickets": s.tickets,
        "actual": s.actual.0,
        "simulated": s.simulated.0,
        "difference": (s.simulated - s.actual).0,
        "moved": s.moved,
    })
}

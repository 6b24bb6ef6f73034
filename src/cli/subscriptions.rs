//! `guichet subscriptions`: formulas (a choice among shows, a fixed set, a
//! full season, a pass over some days) and subscriptions sold with their performances in one
//! order, each performance's share of the price on its tickets.

use std::collections::BTreeMap;

use clap::Subcommand;
use serde_json::{Value, json};

use super::counter::{money, parse_tenders, pdf_of, refused};
use super::{Failure, Run};
use guichet::counter::printed;
use guichet::counter::subscriptions::{self, SubscriptionSale};
use guichet::domain::Cents;
use guichet::domain::subscription::{Formula, Rule};
use guichet::programming::{self, subscriptions::FormulaDraft};
use guichet::terminal;

#[derive(Debug, Subcommand)]
pub enum SubscriptionsCommand {
    /// The formulas on offer
    Formulas {
        #[arg(long)]
        json: bool,
    },
    /// A new formula (a coordinator's): one of --choice, --fixed, --season,
    /// --pass
    Formula {
        #[arg(long)]
        name: String,
        /// MIN..MAX performances among --shows (any show when none)
        #[arg(long, value_name = "MIN..MAX", group = "rule")]
        choice: Option<String>,
        /// Exactly these performances
        #[arg(long, value_delimiter = ',', value_name = "ID,…", group = "rule")]
        fixed: Vec<i64>,
        /// One performance of each of these shows
        #[arg(long, value_delimiter = ',', value_name = "SHOW,…", group = "rule")]
        season: Vec<i64>,
        /// A pass: every performance of --shows (any show when none)
        /// starting on these days, the first to the last included
        #[arg(long, value_name = "YYYY-MM-DD..YYYY-MM-DD", group = "rule")]
        pass: Option<String>,
        #[arg(long, value_delimiter = ',', value_name = "SHOW,…")]
        shows: Vec<i64>,
        /// At least N of a genre in a choice: GENRE:N (repeatable)
        #[arg(long, value_name = "GENRE:N")]
        genre: Vec<String>,
        /// The tariff its tickets carry
        #[arg(long, default_value = "ABONNE")]
        tariff: String,
        /// Its price: TARIFF:CENTS or TARIFF/CATEGORY:CENTS, comma-separated
        #[arg(
            long,
            value_delimiter = ',',
            value_name = "TARIFF[/CAT]:CENTS,…",
            required = true
        )]
        price: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sell a subscription: the formula, its performances (a fixed set's
    /// or a pass's taken when none are given), the places at each (the
    /// same seats throughout with --together, where free)
    Sell {
        #[arg(long, value_name = "ID")]
        formula: String,
        #[arg(long, value_delimiter = ',', value_name = "ID,…")]
        performances: Vec<i64>,
        #[arg(long, default_value_t = 1, value_name = "N")]
        places: usize,
        #[arg(long)]
        together: bool,
        #[arg(long, value_name = "ID")]
        patron: Option<i64>,
        #[arg(long, value_delimiter = ',', value_name = "METHOD:CENTS[,…]")]
        pay: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Exchange a subscription's performance for another within its
    /// formula: the same prices, the same seats where free, no money moves
    Exchange {
        /// The subscription (its id, as listed)
        subscription: String,
        #[arg(long, value_name = "PERFORMANCE")]
        from: i64,
        #[arg(long, value_name = "PERFORMANCE")]
        to: i64,
        #[arg(long)]
        json: bool,
    },
    /// Refund a subscription whole (every order it spans), by cash, card,
    /// cheque or voucher (a credit note)
    Refund {
        subscription: String,
        #[arg(long, default_value = "cash")]
        method: String,
        #[arg(long)]
        json: bool,
    },
    /// A pass's cards again (lost or damaged: the same codes), as a PDF,
    /// on the terminal that sold it
    Cards {
        /// The pass (its subscription id, as listed)
        subscription: String,
        #[arg(long)]
        json: bool,
    },
    /// Subscriptions sold, newest first (a patron's with --patron)
    List {
        #[arg(long, value_name = "ID")]
        patron: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

pub fn subscriptions(run: &Run, command: SubscriptionsCommand) -> Result<(), Failure> {
    match command {
        SubscriptionsCommand::Formulas { json } => {
            let store = terminal::read_only(run.db())?;
            let all = subscriptions::formulas(&store).map_err(refused)?;
            if json {
                let all: Vec<Value> = all.iter().map(formula_json).collect();
                println!("{}", json!({ "formulas": all }));
            } else {
                for f in &all {
                    println!("{:>4}  {}  — {}", f.id, f.name, rule_said(&f.rule));
                }
                if all.is_empty() {
                    println!("no formula (`guichet subscriptions formula` makes one)");
                }
            }
            Ok(())
        }
        SubscriptionsCommand::Formula {
            name,
            choice,
            fixed,
            season,
            pass,
            shows,
            genre,
            tariff,
            price,
            json,
        } => {
            let rule = match pass {
                Some(days) => pass_rule(&days, shows)?,
                None => rule(choice.as_deref(), fixed, season, shows, &genre)?,
            };
            let draft = FormulaDraft {
                name,
                rule,
                tariff,
                prices: price
                    .iter()
                    .map(|p| parse_price(p))
                    .collect::<Result<_, _>>()?,
            };
            let (mut t, operator) = run.open(false)?;
            let by = programming::By {
                operator: &operator,
                signer: &t.signer,
                now: run.now(),
            };
            let f = programming::subscriptions::add_formula(&mut t.store, &by, &draft)
                .map_err(|e| Failure(e.to_string(), 2))?;
            if json {
                println!("{}", formula_json(&f));
            } else {
                println!(
                    "formula {} added: {} — {}",
                    f.id,
                    f.name,
                    rule_said(&f.rule)
                );
            }
            Ok(())
        }
        SubscriptionsCommand::Sell {
            formula,
            performances,
            places,
            together,
            patron,
            pay,
            json,
        } => {
            let (tenders, performances) = {
                let store = terminal::read_only(run.db())?;
                // A fixed set's or a pass's performances, when none given.
                let key = formula.trim();
                let all = subscriptions::formulas(&store).map_err(refused)?;
                let performances = match all
                    .iter()
                    .find(|f| f.public_id == key || f.id.to_string() == key)
                {
                    Some(f) if performances.is_empty() => {
                        subscriptions::taken_at_once(&store, f, run.now()).map_err(refused)?
                    }
                    _ => performances,
                };
                (parse_tenders(&pay, &store, run.now())?, performances)
            };
            let sale = SubscriptionSale {
                formula,
                performances,
                places,
                together,
                patron_id: patron,
                tenders,
            };
            sell(run, &sale, json)
        }
        SubscriptionsCommand::List { patron, json } => list(run, patron, json),
        SubscriptionsCommand::Cards { subscription, json } => cards(run, &subscription, json),
        SubscriptionsCommand::Refund {
            subscription,
            method,
            json,
        } => refund(run, &subscription, &method, json),
        SubscriptionsCommand::Exchange {
            subscription,
            from,
            to,
            json,
        } => exchange(run, &subscription, (from, to), json),
    }
}

fn sell(run: &Run, sale: &SubscriptionSale, json: bool) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let done = subscriptions::sell(&mut t.store, &t.signer, &by, sale, now).map_err(refused)?;
    // A pass's holders enter with its cards; other subscriptions with
    // their tickets.
    let pdf = match &done.pass {
        Some(pass) => printed::make_pass_cards(&t.store, run.db(), (pass, true), now)
            .map_err(|e| e.to_string()),
        None => pdf_of(&t.store, run.db(), done.sold.order_id, None, None, now),
    };
    let currency = done.sold.currency;
    if json {
        println!(
            "{}",
            json!({
                "subscription": done.public_id,
                "formula": done.formula,
                "price": done.price.0,
                "apart": done.apart,
                "shares": done.shares.iter().map(|(p, s)| json!({"performance": p, "share": s.0})).collect::<Vec<_>>(),
                "order": done.sold.number,
                "total": done.sold.total.0,
                "change": done.sold.change.0,
                "tickets": done.sold.tickets.iter().map(|t| json!({
                    "number": t.number, "performance": t.performance_id,
                    "seat": t.seat.as_ref().map(|s| s.label(guichet::domain::Locale::En)),
                    "price": t.price.0,
                })).collect::<Vec<_>>(),
                "pdf": pdf.as_ref().ok(),
                "cards": done.pass.as_ref().map(|p| &p.codes),
                "valid": done.pass.as_ref().map(|p| json!({"from": p.valid.0, "until": p.valid.1})),
            })
        );
    } else {
        println!(
            "subscription {} — order {} — {} ticket(s) — total {}",
            done.formula,
            done.sold.number,
            done.sold.tickets.len(),
            money(done.sold.total, currency)
        );
        if !done.apart.is_empty() {
            println!(
                "not the same seats at performance(s) {:?}: taken meanwhile, the best free given",
                done.apart
            );
        }
        for (p, share) in &done.shares {
            println!("  performance {p}: {} a place", money(*share, currency));
        }
        if done.sold.change > Cents::ZERO {
            println!("change: {}", money(done.sold.change, currency));
        }
        match &pdf {
            Ok(path) => println!("pdf {}", path.display()),
            Err(e) => eprintln!("guichet: the tickets' PDF was not made: {e}"),
        }
    }
    Ok(())
}

fn cards(run: &Run, subscription: &str, json: bool) -> Result<(), Failure> {
    let (t, _) = run.open(false)?;
    let now = run.now();
    let pass = subscriptions::pass_cards(&t.store, &t.signer, subscription).map_err(refused)?;
    let pdf = printed::make_pass_cards(&t.store, run.db(), (&pass, false), now)
        .map_err(|e| Failure(format!("the cards' PDF was not made: {e}"), 1))?;
    if json {
        println!(
            "{}",
            json!({"cards": pass.codes, "pdf": pdf, "valid": {"from": pass.valid.0, "until": pass.valid.1}})
        );
    } else {
        println!(
            "{} card(s) of the pass \"{}\" ({} to {}): pdf {}",
            pass.codes.len(),
            pass.formula,
            pass.valid.0,
            pass.valid.1,
            pdf.display()
        );
    }
    Ok(())
}

fn list(run: &Run, patron: Option<i64>, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let rows = subscriptions::list(&store, patron).map_err(refused)?;
    let currency = programming::venue::load(&store)
        .ok()
        .flatten()
        .map_or(guichet::domain::Currency::Eur, |v| v.settings.currency);
    if json {
        let all: Vec<Value> = rows
            .iter()
            .map(|r| {
                json!({"subscription": r.public_id, "formula": r.formula,
                "order": r.order_number, "patron": r.patron_id, "price": r.price.0,
                "tickets": r.tickets, "training": r.training, "at": r.created_at})
            })
            .collect();
        println!("{}", json!({ "subscriptions": all }));
    } else {
        for r in &rows {
            println!(
                "{}  {}  order {}  {}  {} ticket(s)",
                r.public_id,
                r.formula,
                r.order_number,
                money(r.price, currency),
                r.tickets
            );
        }
        if rows.is_empty() {
            println!("no subscription");
        }
    }
    Ok(())
}

fn exchange(
    run: &Run,
    subscription: &str,
    (from, to): (i64, i64),
    json: bool,
) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let done = subscriptions::exchange(
        &mut t.store,
        &t.signer,
        &by,
        subscription,
        (from, to),
        run.now(),
    )
    .map_err(refused)?;
    let pdf = pdf_of(&t.store, run.db(), done.order_id, None, None, run.now());
    if let Some(credit) = &done.credit {
        println!(
            "credit note {}: {} (what the new tickets cost less)",
            credit.code,
            money(credit.amount, credit.currency)
        );
    }
    match &pdf {
        Ok(path) => println!("pdf {}", path.display()),
        Err(e) => eprintln!("guichet: the new tickets' PDF was not made: {e}"),
    }
    if json {
        println!(
            "{}",
            json!({"order": done.order_number, "given_back": done.given_back,
                "tickets": done.new_tickets, "same_seats": done.same_seats})
        );
    } else {
        println!(
            "exchanged: tickets {:?} given back, tickets {:?} in order {}{}",
            done.given_back,
            done.new_tickets,
            done.order_number,
            if done.same_seats {
                ", the same seats"
            } else {
                ""
            }
        );
    }
    Ok(())
}

fn refund(run: &Run, subscription: &str, method: &str, json: bool) -> Result<(), Failure> {
    let method = guichet::domain::payment::Method::from_code(method.trim())
        .ok_or_else(|| bad(format!("\"{method}\" is not cash, card, cheque or voucher")))?;
    let (mut t, by) = run.open(false)?;
    let done = subscriptions::refund(
        &mut t.store,
        &t.signer,
        &by,
        subscription,
        method,
        run.now(),
    )
    .map_err(refused)?;
    let back: Cents = done.iter().map(|r| -r.amount).sum();
    if json {
        let orders: Vec<i64> = done.iter().map(|r| r.order_number).collect();
        println!("{}", json!({"orders": orders, "refunded": back.0}));
    } else {
        for r in &done {
            println!(
                "order {}: {} ticket(s) cancelled, {} back",
                r.order_number,
                r.tickets.len(),
                money(-r.amount, r.currency)
            );
            if let Some(credit) = &r.credit {
                println!(
                    "credit note {}: {}",
                    credit.code,
                    money(credit.amount, credit.currency)
                );
            }
        }
    }
    Ok(())
}

fn bad(what: String) -> Failure {
    Failure(what, 2)
}

/// "2027-07-09..2027-07-11" and the shows (any when none).
fn pass_rule(days: &str, shows: Vec<i64>) -> Result<Rule, Failure> {
    let (from, until) = days
        .split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
        .ok_or_else(|| {
            bad(format!(
                "\"{days}\" is not FIRST..LAST days, such as 2027-07-09..2027-07-11"
            ))
        })?;
    Ok(Rule::Pass { from, until, shows })
}

fn rule(
    choice: Option<&str>,
    fixed: Vec<i64>,
    season: Vec<i64>,
    shows: Vec<i64>,
    genre: &[String],
) -> Result<Rule, Failure> {
    if let Some(range) = choice {
        let (min, max) = range
            .split_once("..")
            .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
            .ok_or_else(|| bad(format!("\"{range}\" is not MIN..MAX, such as 3..6")))?;
        let mut per_genre = BTreeMap::new();
        for g in genre {
            let (name, n) = g
                .split_once(':')
                .and_then(|(a, b)| Some((a.trim().to_lowercase(), b.trim().parse().ok()?)))
                .ok_or_else(|| bad(format!("\"{g}\" is not GENRE:N, such as dance:1")))?;
            per_genre.insert(name, n);
        }
        return Ok(Rule::Choice {
            min,
            max,
            shows,
            per_genre,
        });
    }
    if !fixed.is_empty() {
        return Ok(Rule::Fixed(fixed));
    }
    if !season.is_empty() {
        return Ok(Rule::Season(season));
    }
    Err(bad(
        "say what the formula is: --choice MIN..MAX, --fixed IDS, --season SHOWS or --pass DAYS"
            .into(),
    ))
}

/// "ABONNE:9600" or "ABONNE/C1:12000".
fn parse_price(text: &str) -> Result<(String, String, Cents), Failure> {
    let wrong = || {
        bad(format!(
            "\"{text}\" is not TARIFF:CENTS or TARIFF/CATEGORY:CENTS"
        ))
    };
    let (who, cents) = text.trim().rsplit_once(':').ok_or_else(wrong)?;
    let cents: i64 = cents.trim().parse().map_err(|_| wrong())?;
    let (tariff, category) = who.split_once('/').unwrap_or((who, ""));
    Ok((
        tariff.trim().to_owned(),
        category.trim().to_owned(),
        Cents(cents),
    ))
}

fn rule_said(rule: &Rule) -> String {
    match rule {
        Rule::Choice {
            min,
            max,
            shows,
            per_genre,
        } => {
            let among = if shows.is_empty() {
                "any show".to_owned()
            } else {
                format!("shows {shows:?}")
            };
            let genres: Vec<String> = per_genre
                .iter()
                .map(|(g, n)| format!("at least {n} {g}"))
                .collect();
            let genres = if genres.is_empty() {
                String::new()
            } else {
                format!(", {}", genres.join(", "))
            };
            format!("{min} to {max} performances among {among}{genres}")
        }
        Rule::Fixed(p) => format!("the performances {p:?}"),
        Rule::Season(s) => format!("one performance of each of the shows {s:?}"),
        Rule::Pass { from, until, shows } if shows.is_empty() => {
            format!("a pass: every performance from {from} to {until}")
        }
        Rule::Pass { from, until, shows } => {
            format!("a pass: every performance of the shows {shows:?} from {from} to {until}")
        }
    }
}

fn formula_json(f: &Formula) -> Value {
    let (kind, detail) = match &f.rule {
        Rule::Choice {
            min,
            max,
            shows,
            per_genre,
        } => (
            "choice",
            json!({"min": min, "max": max, "shows": shows, "per_genre": per_genre}),
        ),
        Rule::Fixed(p) => ("fixed", json!({ "performances": p })),
        Rule::Season(s) => ("season", json!({ "shows": s })),
        Rule::Pass { from, until, shows } => (
            "pass",
            json!({"from": from, "until": until, "shows": shows}),
        ),
    };
    json!({
        "formula": f.id,
        "id": f.public_id,
        "name": f.name,
        "kind": kind,
        "rule": detail,
        "said": rule_said(&f.rule),
        "tariff": f.tariff_id,
        "prices": f.prices.iter().map(|(t, c, a)| json!({"tariff": t, "category": c, "amount": a.0})).collect::<Vec<_>>(),
    })
}

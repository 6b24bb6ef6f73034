//! `guichet vouchers`: gift vouchers sold at the counter, and with the
//! credit notes of refunds: one looked up by its code, the list (a
//! patron's, those open, those expired with money left).

use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde_json::{Value, json};

use super::counter::{money, parse_tenders, refused};
use super::{Failure, Run};
use guichet::counter::printed;
use guichet::counter::vouchers::{self, Filter, Found, GiftSale, Validity};
use guichet::domain::Cents;
use guichet::terminal;

#[derive(Debug, Subcommand)]
pub enum VouchersCommand {
    /// Sell a gift voucher: its amount in cents, paid with --pay (cash,
    /// card, cheque); its code is printed once, here
    Sell {
        #[arg(long, value_name = "CENTS")]
        amount: i64,
        /// Valid this many months (the venue's usual validity otherwise: a
        /// year in France, none in Quebec)
        #[arg(long, value_name = "N", conflicts_with = "no_expiry")]
        months: Option<u32>,
        /// Never expires
        #[arg(long)]
        no_expiry: bool,
        #[arg(long, value_name = "ID")]
        patron: Option<i64>,
        #[arg(long, value_delimiter = ',', value_name = "METHOD:CENTS[,…]")]
        pay: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// A voucher by its code: what is left, until when, what it paid
    Show {
        code: String,
        #[arg(long)]
        json: bool,
    },
    /// Vouchers, newest first: all, a patron's, those open (money left,
    /// still taken) or expired with money left (and what is left on them)
    List {
        #[arg(long, value_name = "ID")]
        patron: Option<i64>,
        #[arg(long, conflicts_with = "expired")]
        open: bool,
        #[arg(long)]
        expired: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn vouchers(run: &Run, command: VouchersCommand) -> Result<(), Failure> {
    match command {
        VouchersCommand::Sell {
            amount,
            months,
            no_expiry,
            patron,
            pay,
            json,
        } => {
            let (mut t, by) = run.open(false)?;
            let now = run.now();
            let sale = GiftSale {
                amount: Cents(amount),
                validity: match (months, no_expiry) {
                    (_, true) => Some(Validity(None)),
                    (Some(m), _) => Some(Validity(Some(m))),
                    (None, false) => None,
                },
                patron_id: patron,
                tenders: parse_tenders(&pay, &t.store, now)?,
            };
            let sold = vouchers::sell(&mut t.store, &t.signer, &by, &sale, now).map_err(refused)?;
            let v = &sold.voucher;
            // The voucher is sold: a card that cannot be made is said, the
            // code is printed here all the same.
            let at = (sold.order_number, sold.training);
            let card =
                printed::make_voucher(&t.store, run.db(), v, at, now).map_err(|e| e.to_string());
            if json {
                println!(
                    "{}",
                    json!({
                        "code": v.code,
                        "voucher": v.public_id,
                        "amount": v.amount.0,
                        "last_day": v.last_day.map(|d| d.to_string()),
                        "order": sold.order_number,
                        "change": sold.change.0,
                        "training": sold.training,
                        "pdf": card.as_ref().ok(),
                    })
                );
            } else {
                let until = v
                    .last_day
                    .map_or("never expires".to_owned(), |d| format!("valid until {d}"));
                println!(
                    "gift voucher {}: {}, {until} (order {})",
                    v.code,
                    money(v.amount, v.currency),
                    sold.order_number
                );
                if sold.change > Cents::ZERO {
                    println!("change: {}", money(sold.change, v.currency));
                }
                match &card {
                    Ok(path) => println!("pdf {}", path.display()),
                    Err(e) => eprintln!("guichet: the voucher's card was not made: {e}"),
                }
            }
            Ok(())
        }
        VouchersCommand::Show { code, json } => {
            let store = terminal::read_only(run.db()).map_err(|e| Failure(e.to_string(), 2))?;
            let found = vouchers::find(&store, &code, run.now()).map_err(refused)?;
            if json {
                println!("{}", as_json(&found));
            } else {
                println!("{}", line(&found));
                for (order, amount, at) in &found.uses {
                    let at = DateTime::<Utc>::from_timestamp(*at, 0).unwrap_or_default();
                    println!(
                        "  paid {} of order {order} on {}",
                        money(*amount, found.currency),
                        at.format("%Y-%m-%d %H:%M UTC")
                    );
                }
            }
            Ok(())
        }
        VouchersCommand::List {
            patron,
            open,
            expired,
            json,
        } => {
            let filter = match (open, expired) {
                (true, _) => Filter::Open,
                (_, true) => Filter::Expired,
                _ => Filter::All,
            };
            let store = terminal::read_only(run.db()).map_err(|e| Failure(e.to_string(), 2))?;
            let listed = vouchers::list(&store, patron, filter, run.now()).map_err(refused)?;
            if json {
                let all: Vec<Value> = listed.vouchers.iter().map(as_json).collect();
                println!(
                    "{}",
                    json!({"vouchers": all, "count": listed.count, "balance": listed.balance.0})
                );
            } else {
                for f in &listed.vouchers {
                    println!("{}", line(f));
                }
                println!(
                    "{} voucher(s), {} left on them",
                    listed.count,
                    money(listed.balance, listed.currency)
                );
                if listed.count > listed.vouchers.len() {
                    println!("(the newest {} shown)", listed.vouchers.len());
                }
            }
            Ok(())
        }
    }
}

fn line(f: &Found) -> String {
    let v = &f.voucher;
    let until = match (f.last_day, f.valid) {
        (None, _) => "never expires".to_owned(),
        (Some(d), true) => format!("valid until {d}"),
        (Some(d), false) => format!("EXPIRED on {d}"),
    };
    format!(
        "…{} {:<6} {} left of {}, {until}, order {}",
        v.hint,
        v.kind.code(),
        money(f.balance, f.currency),
        money(Cents(v.amount), f.currency),
        v.order_number
    )
}

fn as_json(f: &Found) -> Value {
    let v = &f.voucher;
    json!({
        "voucher": v.public_id,
        "hint": v.hint,
        "kind": v.kind.code(),
        "amount": v.amount,
        "balance": f.balance.0,
        "last_day": f.last_day.map(|d| d.to_string()),
        "valid": f.valid,
        "order": v.order_number,
        "patron": v.patron_id,
        "uses": f.uses.iter().map(|(order, amount, at)| json!({
            "order": order, "amount": amount.0, "at": at
        })).collect::<Vec<_>>(),
    })
}

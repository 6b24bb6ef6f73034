//! `guichet performance`: who holds tickets for a performance, and the
//! performance cancelled (its holders refunded) or moved to another date
//! (its holders given new tickets), each holder told.

use clap::Subcommand;
use serde_json::json;

use super::{Failure, Run};
use guichet::counter::change::{self, Changed, Holders};
use guichet::domain::Locale;
use guichet::domain::locale::{parse_date, parse_time};
use guichet::domain::refund::Refund;
use guichet::programming;
use guichet::terminal;
use guichet::ui::i18n::change as words;

#[derive(Subcommand)]
pub enum PerformanceCommand {
    /// Who holds live tickets for it: each order, its patron (or none),
    /// tickets, seats, prices, how it was paid, who has an e-mail
    Holders {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Cancel it and refund its holders (a coordinator's --operator): by
    /// the ways they paid, or as a credit voucher; each told by e-mail, or
    /// on a call list written beside the database
    Cancel {
        id: i64,
        /// as-paid or voucher
        #[arg(long, value_name = "HOW")]
        refund: String,
        #[arg(long)]
        json: bool,
    },
    /// Move it to another date and time (a coordinator's --operator): its
    /// holders get new tickets (same seat when free, same price), the old
    /// ones are refused at the door with the new date; each told
    Move {
        id: i64,
        /// The new start, in the venue's time zone: "YYYY-MM-DD HH:MM"
        #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// The picture of its show (its poster) on the tickets and in the
    /// e-mails of all its performances: a PNG file to set it, --remove to
    /// take it off (a coordinator's --operator), nothing to say which is set
    Picture {
        id: i64,
        /// The PNG file (2 MB at most, sides from 32 to 4000 pixels)
        #[arg(conflicts_with = "remove")]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        remove: bool,
        /// Write the picture now set to this file
        #[arg(long, conflicts_with_all = ["file", "remove"])]
        out: Option<std::path::PathBuf>,
    },
}

pub fn performance(run: &Run, command: PerformanceCommand) -> Result<(), Failure> {
    match command {
        PerformanceCommand::Holders { id, json } => holders(run, id, json),
        PerformanceCommand::Cancel { id, refund, json } => {
            let how = Refund::from_code(&refund).ok_or_else(|| {
                Failure(
                    format!("\"{refund}\" is not a way to refund: use as-paid or voucher"),
                    2,
                )
            })?;
            let (mut t, by) = run.open(false)?;
            let done = change::cancel_performance(&mut t.store, &t.signer, &by, id, how, run.now())
                .map_err(|e| Failure(e.to_string(), 1))?;
            report(&done, json);
            Ok(())
        }
        PerformanceCommand::Move { id, to, json } => {
            let zone = programming::venue::time_zone(&terminal::read_only(run.db())?);
            let starts = moment(&to, zone)?;
            let (mut t, by) = run.open(false)?;
            let done =
                change::move_performance(&mut t.store, &t.signer, &by, id, starts, run.now())
                    .map_err(|e| Failure(e.to_string(), 1))?;
            report(&done, json);
            Ok(())
        }
        PerformanceCommand::Picture {
            id,
            file,
            remove,
            out,
        } => picture(run, id, (file.as_deref(), remove), out.as_deref()),
    }
}

/// `guichet performance picture ID [FILE | --remove | --out FILE]`: its
/// show's picture.
fn picture(
    run: &Run,
    id: i64,
    (file, remove): (Option<&std::path::Path>, bool),
    out: Option<&std::path::Path>,
) -> Result<(), Failure> {
    let refused = |e: programming::ProgrammingError| Failure(e.to_string(), 2);
    let show = {
        let store = terminal::read_only(run.db())?;
        programming::performances::get(&store, id)
            .map_err(refused)?
            .show_id
    };
    if file.is_none() && !remove {
        let store = terminal::read_only(run.db())?;
        let picture = programming::shows::picture(&store, show).map_err(refused)?;
        let how = format!("`guichet performance picture {id} FILE.png` sets one");
        return super::say_picture(("picture", &how), picture.as_ref(), out);
    }
    let (mut t, operator) = run.open(false)?;
    let by = programming::By {
        operator: &operator,
        signer: &t.signer,
        now: run.now(),
    };
    match file {
        Some(file) => {
            let png = programming::venue::read_picture(file).map_err(refused)?;
            let p =
                programming::shows::set_picture(&mut t.store, &by, show, png).map_err(refused)?;
            println!(
                "picture set: {} × {} pixels, on the show's tickets and e-mails from now on",
                p.width, p.height
            );
        }
        None => {
            if programming::shows::remove_picture(&mut t.store, &by, show).map_err(refused)? {
                println!("picture removed");
            } else {
                println!("no picture was set");
            }
        }
    }
    Ok(())
}

/// "2026-12-03 20:00" (or 03/12/2026 20:00) in the venue's zone.
pub(super) fn moment(
    text: &str,
    zone: chrono_tz::Tz,
) -> Result<chrono::DateTime<chrono::Utc>, Failure> {
    let bad = || {
        Failure(
            format!("\"{text}\" is not a date and time: write it as \"YYYY-MM-DD HH:MM\""),
            2,
        )
    };
    let (date, time) = text.trim().split_once(' ').ok_or_else(bad)?;
    let (date, time) = (
        parse_date(date).ok_or_else(bad)?,
        parse_time(time).ok_or_else(bad)?,
    );
    guichet::domain::season::local_instant(zone, date, time).map_err(|e| Failure(e.to_string(), 2))
}

fn holders(run: &Run, id: i64, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let h = change::holders(&store, id).map_err(|e| Failure(e.to_string(), 2))?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&holders_json(&h)).unwrap_or_default()
        );
        return Ok(());
    }
    let l = Locale::En;
    let money = |c| words::money(c, h.currency, l);
    println!(
        "{}: {} order(s), {} ticket(s), {} paid; {} with an e-mail",
        h.performance.label(l),
        h.orders.len(),
        h.tickets(),
        money(h.total()),
        h.with_email()
    );
    for o in &h.orders {
        let who = match &o.contact {
            Some(c) if !c.name.is_empty() => c.name.clone(),
            _ => "anonymous".into(),
        };
        let reach = match (o.email(), o.contact.as_ref().map(|c| c.phone.as_str())) {
            (Some(e), _) => format!("e-mail {e}"),
            (None, Some(p)) if !p.trim().is_empty() => format!("to call: {p}"),
            _ => "no e-mail, no phone".into(),
        };
        println!(
            "order {}  {who}  ({reach})  paid: {}",
            o.order_number,
            words::by_way(&o.paid, h.currency, l)
        );
        for t in &o.tickets {
            let seat = t
                .seat
                .as_ref()
                .map_or("general admission".into(), |s| s.label(l));
            println!(
                "  ticket {:06}  {seat}  {} {}  {}",
                t.number,
                t.category,
                t.tariff,
                money(t.price)
            );
        }
    }
    Ok(())
}

fn holders_json(h: &Holders) -> serde_json::Value {
    let orders: Vec<serde_json::Value> = h
        .orders
        .iter()
        .map(|o| {
            json!({
                "order": o.order_number,
                "patron": o.contact.as_ref().map(|c| json!({
                    "id": c.patron_id,
                    "name": c.name,
                    "email": c.email,
                    "phone": c.phone,
                })),
                "tickets": o.tickets.iter().map(|t| json!({
                    "number": t.number,
                    "seat": t.seat.as_ref().map(|s| s.label(Locale::En)),
                    "category": t.category,
                    "tariff": t.tariff,
                    "price": t.price.0,
                })).collect::<Vec<_>>(),
                "paid": o.paid.iter().map(|(m, a)| json!({ "method": m.code(), "amount": a.0 }))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "performance": h.performance_id,
        "name": h.performance.label(Locale::En),
        "status": h.status.code(),
        "currency": h.currency.code(),
        "tickets": h.tickets(),
        "total": h.total().0,
        "with_email": h.with_email(),
        "orders": orders,
    })
}

fn report(done: &Changed, as_json: bool) {
    if !as_json {
        for line in words::summary(done, Locale::En) {
            println!("{line}");
        }
        return;
    }
    let orders: Vec<serde_json::Value> = done
        .orders
        .iter()
        .map(|o| {
            json!({
                "order": o.order_number,
                "cancelled": o.tickets,
                "new_order": o.new_order,
                "replaced_by": o.replaced_by,
                "seats_kept": o.seats_kept,
                "refunds": o.refunds.iter().map(|(m, a)| json!({ "method": m.code(), "amount": a.0 }))
                    .collect::<Vec<_>>(),
                "notice": o.notice,
                "credit_note": o.credit.as_ref().map(super::counter::credit_json),
            })
        })
        .collect();
    let value = json!({
        "performance": done.performance.label(Locale::En),
        "moved_to": done.moved_to.as_ref().map(|(id, name, made)| json!({
            "id": id,
            "name": name.label(Locale::En),
            "starts_at": name.starts_at.to_rfc3339(),
            "created": made,
        })),
        "currency": done.currency.code(),
        "refunded": done.refunded.iter().map(|(m, a)| json!({ "method": m.code(), "amount": a.0 }))
            .collect::<Vec<_>>(),
        "notices": done.notices,
        "to_call": done.to_call,
        "call_list": done.call_list.as_ref().map(|p| p.display().to_string()),
        "tickets_kept": done.tickets_kept.iter().map(|p| p.display().to_string())
            .collect::<Vec<_>>(),
        "orders": orders,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    );
}

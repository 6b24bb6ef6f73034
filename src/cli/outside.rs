//! `guichet orders …`: orders from the web shop, resellers and partners —
//! a file imported, its events and products mapped, the orders listed and
//! those in conflict decided.

use clap::Subcommand;

use super::{Failure, Run};
use guichet::exchange::imports::{self, Decision, ImportError, Summary, Target};
use guichet::terminal;

#[derive(Subcommand)]
pub enum OrdersCommand {
    /// Find orders by number, ticket number, scanned code, or a patron's
    /// name, e-mail or phone
    Find {
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Import an order file (a Guichet order file, or pretix's "Order data
    /// (JSON)" export): a coordinator's --operator. Exit 1 when events or
    /// products must be mapped first (they are listed) or nothing could be
    /// read
    Import {
        file: std::path::PathBuf,
        /// Queue each buyer's e-ticket (for a reseller or partner that
        /// does not send its own); `guichet outbox send` or the window
        /// sends them
        #[arg(long)]
        send_tickets: bool,
        #[arg(long)]
        json: bool,
    },
    /// What a seller's event is here (--performance ID) or its product
    /// (--tariff CODE), for this and every later import
    Map {
        /// The seller as the import named it (pretix:organizer/event, or
        /// the Guichet file's source)
        source: String,
        /// The event's or product's id in the seller's file
        external: String,
        #[arg(long, conflicts_with = "tariff", required_unless_present = "tariff")]
        performance: Option<i64>,
        #[arg(long)]
        tariff: Option<String>,
    },
    /// A seller's seating plan (pretix's, exported from its plan editor):
    /// the seats its order exports give by their ids there are then placed
    /// by their names here ("zone row number"); loaded again, it replaces
    /// the one before
    Seats {
        /// The seller as the import named it (pretix:organizer/event)
        source: String,
        file: std::path::PathBuf,
    },
    /// Every seller's events and products met, unmapped first
    Mappings {
        #[arg(long)]
        json: bool,
    },
    /// The orders imports have met, newest first
    Outside {
        /// imported, conflict, refunded, cancelled
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
    /// Decide an order in conflict (a coordinator's --operator): --move
    /// (to the --seat named, once per ticket in trouble, else the free
    /// seats of its category nearest to the one claimed), --refund (the seller refunds it; a
    /// --note says so) or --overbook (it lands without a seat; a --note
    /// says why)
    Decide {
        id: i64,
        #[arg(long, group = "decision")]
        r#move: bool,
        #[arg(long, group = "decision")]
        refund: bool,
        #[arg(long, group = "decision")]
        overbook: bool,
        #[arg(long, value_name = "NAME")]
        seat: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
}

fn refused(e: ImportError) -> Failure {
    let code = match e {
        ImportError::Store(_) | ImportError::Ledger(_) => 1,
        _ => 2,
    };
    Failure(e.to_string(), code)
}

pub fn orders(run: &Run, command: OrdersCommand) -> Result<(), Failure> {
    match command {
        OrdersCommand::Find { text, json } => super::counter::find(run, &text, json),
        OrdersCommand::Import {
            file,
            send_tickets,
            json,
        } => import(run, &file, send_tickets, json),
        OrdersCommand::Map {
            source,
            external,
            performance,
            tariff,
        } => {
            let (mut t, by) = run.open(false)?;
            let target = match (performance, tariff) {
                (Some(p), _) => Target::Performance(p),
                (None, Some(code)) => Target::Tariff(code),
                (None, None) => return Err(Failure("--performance or --tariff".into(), 2)),
            };
            imports::map(&mut t.store, &by, &source, &external, &target).map_err(refused)?;
            match target {
                Target::Performance(p) => println!("{source} {external} → performance {p}"),
                Target::Tariff(code) => {
                    println!("{source} {external} → tariff {}", code.to_uppercase())
                }
            }
            Ok(())
        }
        OrdersCommand::Seats { source, file } => {
            let bytes = imports::read_file(&file)
                .map_err(|e| Failure(format!("{}: {e}", file.display()), 2))?;
            let (mut t, by) = run.open(false)?;
            let n = imports::load_seats(&mut t.store, &by, &source, &bytes)
                .map_err(|e| Failure(format!("{}: {e}", file.display()), refused(e).1))?;
            println!("{source}: {n} seats of its plan known; import its orders again");
            Ok(())
        }
        OrdersCommand::Mappings { json } => {
            let store = terminal::read_only(run.db())?;
            let rows = imports::mappings(&store).map_err(refused)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
                return Ok(());
            }
            for m in rows {
                let target = m.target.as_deref().unwrap_or("NOT MAPPED");
                println!(
                    "{:<10} {:<30} {:<24} {:<40} {target}",
                    m.kind, m.source, m.external, m.label
                );
            }
            Ok(())
        }
        OrdersCommand::Outside { state, limit, json } => list(run, state.as_deref(), limit, json),
        OrdersCommand::Decide {
            id,
            r#move,
            refund,
            overbook,
            seat,
            note,
        } => {
            let decision = match (r#move, refund, overbook) {
                (_, true, _) => Decision::Refund { note },
                (_, _, true) => Decision::Overbook { note },
                (true, ..) => Decision::Move(seat),
                _ => return Err(Failure("say --move, --refund or --overbook".into(), 2)),
            };
            let (mut t, by) = run.open(false)?;
            let o = imports::decide(&mut t.store, &t.signer, &by, id, &decision, run.now())
                .map_err(refused)?;
            println!(
                "order {} of {}: {}{}",
                o.external,
                o.source,
                o.state,
                o.order_id
                    .map(|_| " (its tickets are issued)".to_owned())
                    .unwrap_or_default()
            );
            Ok(())
        }
    }
}

fn import(
    run: &Run,
    file: &std::path::Path,
    send_tickets: bool,
    json: bool,
) -> Result<(), Failure> {
    let bytes = imports::read_file(file).map_err(refused)?;
    let (mut t, by) = run.open(false)?;
    let s = imports::import(
        &mut t.store,
        &t.signer,
        &by,
        &bytes,
        send_tickets,
        run.now(),
    )
    .map_err(|e| Failure(format!("{}: {e}", file.display()), refused(e).1))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    } else {
        say(&s);
    }
    if s.unmapped.is_empty() {
        Ok(())
    } else {
        Err(Failure(
            "nothing imported: map these first, then import the file again".into(),
            1,
        ))
    }
}

fn say(s: &Summary) {
    println!(
        "{} ({}): {} orders in the file",
        s.source, s.channel, s.orders
    );
    if !s.unmapped.is_empty() {
        for u in &s.unmapped {
            if u.kind == "seats" {
                println!(
                    "  seats given by the ids of the seller's seating plan ({} orders): export the plan from pretix's plan editor, then guichet orders seats '{}' PLAN.json",
                    u.orders, s.source
                );
                continue;
            }
            let how = if u.kind == "event" {
                "--performance ID"
            } else {
                "--tariff CODE"
            };
            println!(
                "  not mapped: {} {} \"{}\" ({} orders): guichet orders map '{}' '{}' {how}",
                u.kind, u.external, u.label, u.orders, s.source, u.external
            );
        }
        return;
    }
    println!(
        "  imported {} orders ({} tickets); {} already there; {} cancelled at the seller",
        s.imported, s.tickets, s.unchanged, s.cancelled
    );
    println!(
        "  patrons: {} matched, {} added",
        s.patrons_matched, s.patrons_created
    );
    if s.e_tickets > 0 {
        println!("  {} e-tickets queued: guichet outbox send", s.e_tickets);
    }
    if s.conflicts + s.waiting > 0 {
        println!(
            "  {} new conflicts, {} waiting: guichet orders outside --state conflict",
            s.conflicts, s.waiting
        );
    }
    if !s.changed.is_empty() {
        println!(
            "  changed at the seller since imported (not applied): {}",
            s.changed.join(", ")
        );
    }
    let l = &s.left_out;
    if l.pending + l.expired + l.test + l.not_admission > 0 {
        println!(
            "  left out: {} awaiting payment, {} expired or cancelled, {} test orders, {} positions that are no admission",
            l.pending, l.expired, l.test, l.not_admission
        );
    }
}

fn list(run: &Run, state: Option<&str>, limit: i64, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let rows = imports::outside_orders(&store, state, limit).map_err(refused)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    for o in rows {
        let trouble: Vec<String> = o.trouble.iter().map(|t| t.to_string()).collect();
        println!(
            "{:>5}  {:<10} {:<24} {:<12} {:<28} {:>2} tickets  {}{}",
            o.id,
            o.state,
            o.source,
            o.external,
            o.buyer,
            o.tickets,
            trouble.join("; "),
            if o.note.is_empty() {
                String::new()
            } else {
                format!("  note: {}", o.note)
            }
        );
    }
    Ok(())
}

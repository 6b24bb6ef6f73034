//! `guichet invitations`: the places set aside per kind of requester, the
//! requests (who asked, for whom, how many), issued as free tickets or
//! refused, and the list per performance or per requester.

use chrono::DateTime;
use clap::Subcommand;
use serde_json::json;

use super::{Failure, Run};
use guichet::counter::invitations::{self, Asked, InvitationError, InvitationRow};
use guichet::domain::invitation::RequesterKind;
use guichet::programming;
use guichet::terminal;

#[derive(Debug, Subcommand)]
pub enum InvitationsCommand {
    /// The places set aside at a performance for a kind of requester (a
    /// coordinator's --operator); `none` removes the limit. With no
    /// --kind, each kind's places and those issued
    Quota {
        #[arg(long)]
        performance: i64,
        /// press, partner, artist or staff
        #[arg(long)]
        kind: Option<String>,
        /// A number of places, or `none`
        #[arg(long)]
        places: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record a request: who asks (--requester), of which kind, how many
    /// places, for which patron
    Ask {
        #[arg(long)]
        performance: i64,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        requester: String,
        #[arg(long, default_value_t = 2)]
        places: i64,
        #[arg(long)]
        patron: Option<i64>,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Issue a request as free tickets (a coordinator's --operator): the
    /// best seats, the invitation tariff, an order of its own
    Issue {
        invitation: String,
        #[arg(long)]
        json: bool,
    },
    /// Refuse a request (a coordinator's --operator)
    Refuse { invitation: String },
    /// The requests, newest first: of a performance, of a requester (a
    /// part of its name), or all
    List {
        #[arg(long)]
        performance: Option<i64>,
        #[arg(long)]
        requester: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn invitations(run: &Run, command: InvitationsCommand) -> Result<(), Failure> {
    match command {
        InvitationsCommand::Quota {
            performance,
            kind,
            places,
            json,
        } => quota(run, performance, (kind, places), json),
        InvitationsCommand::Ask {
            performance,
            kind,
            requester,
            places,
            patron,
            note,
            json,
        } => {
            let (mut t, by) = run.open(false)?;
            let asked = Asked {
                performance_id: performance,
                kind: kind_of(&kind)?,
                requester,
                patron_id: patron,
                places,
                note,
            };
            let row = invitations::ask(&mut t.store, &t.signer, &by, &asked, run.now())
                .map_err(refused)?;
            show(&[row], json);
            Ok(())
        }
        InvitationsCommand::Issue { invitation, json } => {
            let (mut t, by) = run.open(false)?;
            let (row, sold) =
                invitations::issue(&mut t.store, &t.signer, &by, &invitation, run.now())
                    .map_err(refused)?;
            if json {
                println!(
                    "{}",
                    json!({"invitation": as_json(&row), "order": sold.number,
                           "tickets": sold.tickets.iter().map(|t| t.number).collect::<Vec<_>>()})
                );
            } else {
                show(&[row], false);
                println!("order {} ({} tickets)", sold.number, sold.tickets.len());
            }
            Ok(())
        }
        InvitationsCommand::Refuse { invitation } => {
            let (mut t, by) = run.open(false)?;
            let row = invitations::refuse(&mut t.store, &t.signer, &by, &invitation, run.now())
                .map_err(refused)?;
            show(&[row], false);
            Ok(())
        }
        InvitationsCommand::List {
            performance,
            requester,
            json,
        } => {
            let store = terminal::read_only(run.db()).map_err(|e| Failure(e.to_string(), 2))?;
            let rows =
                invitations::list(&store, performance, requester.as_deref()).map_err(refused)?;
            show(&rows, json);
            Ok(())
        }
    }
}

fn quota(
    run: &Run,
    performance: i64,
    (kind, places): (Option<String>, Option<String>),
    json: bool,
) -> Result<(), Failure> {
    match (kind, places) {
        (Some(kind), places) => set_quota(run, performance, &kind, places)?,
        (None, Some(_)) => {
            return Err(Failure(
                "say which places: --kind press, partner, artist or staff".into(),
                2,
            ));
        }
        (None, None) => {}
    }
    let store = terminal::read_only(run.db()).map_err(|e| Failure(e.to_string(), 2))?;
    let set_aside = invitations::set_aside(&store, performance).map_err(refused)?;
    if json {
        let kinds: Vec<_> = set_aside
            .iter()
            .map(|(k, quota, issued)| json!({"kind": k.code(), "quota": quota, "issued": issued}))
            .collect();
        println!("{}", serde_json::Value::Array(kinds));
    } else {
        for (k, quota, issued) in set_aside {
            let quota = quota.map_or("no limit".to_owned(), |q| q.to_string());
            println!("{:<8} set aside {quota:<9} issued {issued}", k.code());
        }
    }
    Ok(())
}

/// The places set aside for `kind` set by the operator: the terminal,
/// still open, to read them back.
fn set_quota(
    run: &Run,
    performance: i64,
    kind: &str,
    places: Option<String>,
) -> Result<(), Failure> {
    let kind = kind_of(kind)?;
    let places = match places.as_deref().map(str::trim) {
        Some("none") => None,
        Some(n) => Some(n.parse::<i64>().map_err(|_| {
            Failure(
                format!("\"{n}\" is not a number of places: give one, or none"),
                2,
            )
        })?),
        None => return Err(Failure("say --places N, or --places none".into(), 2)),
    };
    let (mut t, by) = run.open(false)?;
    let pb = programming::By {
        operator: &by,
        signer: &t.signer,
        now: run.now(),
    };
    programming::invitations::set_quota(&mut t.store, &pb, performance, kind, places)
        .map_err(|e| Failure(e.to_string(), 2))?;
    Ok(())
}

fn kind_of(kind: &str) -> Result<RequesterKind, Failure> {
    RequesterKind::from_code(kind).ok_or_else(|| {
        Failure(
            format!("\"{kind}\" is not a kind of requester: use press, partner, artist or staff"),
            2,
        )
    })
}

/// Exit 1 when the places or the sale refused it, 2 for what was asked.
fn refused(e: InvitationError) -> Failure {
    let code = match e {
        InvitationError::Full { .. } | InvitationError::NoTariff | InvitationError::Counter(_) => 1,
        _ => 2,
    };
    Failure(e.to_string(), code)
}

fn as_json(r: &InvitationRow) -> serde_json::Value {
    json!({
        "id": r.id,
        "invitation": r.public_id,
        "performance": r.performance_id,
        "show": r.performance,
        "starts_at": DateTime::from_timestamp(r.performance_starts_at, 0).map(|t| t.to_rfc3339()),
        "kind": r.kind.code(),
        "requester": r.requester,
        "patron": r.patron_id,
        "places": r.places,
        "note": r.note,
        "asked_by": r.asked_by,
        "asked_at": DateTime::from_timestamp(r.asked_at, 0).map(|t| t.to_rfc3339()),
        "status": r.status.code(),
        "order": r.order_number,
    })
}

fn show(rows: &[InvitationRow], json: bool) {
    if json {
        let all: Vec<_> = rows.iter().map(as_json).collect();
        println!("{}", serde_json::Value::Array(all));
        return;
    }
    for r in rows {
        let order = r
            .order_number
            .map_or(String::new(), |n| format!(" order {n}"));
        println!(
            "{:>5}  {:<8} {:<8} {:>2} places  {}  — {} ({}){order}",
            r.id,
            r.status.code(),
            r.kind.code(),
            r.places,
            r.requester,
            r.performance,
            DateTime::from_timestamp(r.performance_starts_at, 0).map_or(String::new(), |t| t
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()),
        );
    }
}

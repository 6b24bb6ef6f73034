//! `guichet scan` and `guichet door-list`: the door from the command line.

use std::path::Path;

use serde_json::json;

use super::{Failure, Run};
use guichet::domain::Locale;
use guichet::door::{self, Refusal, Scope, Verdict};

/// `guichet scan [--performance ID] [--door NAME] CODE [--json]`: exit 0
/// when admitted, 1 when refused (with the reason).
pub fn scan(
    run: &Run,
    performance: Option<i64>,
    door_name: Option<&str>,
    code: &str,
    json: bool,
) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let scope = performance.map_or(Scope::Today, Scope::Performance);
    let door_name = door_name.map_or_else(
        || door::this_door(&t.store, &t.signer.terminal_name),
        str::to_owned,
    );
    let training = guichet::till::training::is_on(&t.store, t.signer.terminal_id);
    let answer = if training {
        door::scan_training(&t.store, scope, code, run.now())
    } else {
        // Joined and online: asked centrally first (a ticket that entered
        // through another door is refused); otherwise judged here alone.
        let mut client = guichet::central::doors::asking(&t.store);
        let mut ask = |a: &door::Asked| match client.as_mut() {
            Some(c) => guichet::central::doors::ask(c, a),
            None => door::Central::Unanswered,
        };
        let scope = (scope, door_name.as_str());
        door::scan_asking(&mut t.store, scope, &by, code, run.now(), &mut ask)
    }
    .map_err(|e| Failure(e.to_string(), 1))?;
    let reason = guichet::ui::i18n::door::reason(&answer, Locale::En);
    let holder = answer.holder.as_ref();
    let seat = holder
        .and_then(|h| h.seat.as_ref())
        .map(|s| s.label(Locale::En));
    if json {
        let (outcome, previous) = match &answer.verdict {
            Verdict::Admitted { reentry } => (if *reentry { "reentry" } else { "admitted" }, None),
            Verdict::Refused(r @ Refusal::AlreadyEntered { at, door, .. }) => (
                r.outcome().code(),
                Some(json!({"at": at.to_rfc3339(), "door": door})),
            ),
            Verdict::Refused(r) => (r.outcome().code(), None),
        };
        let other = match &answer.verdict {
            Verdict::Refused(Refusal::OtherPerformance { performance }) => Some(
                json!({"show": performance.show, "starts_at": performance.starts_at.to_rfc3339()}),
            ),
            _ => None,
        };
        let out = json!({
            "admitted": answer.admitted(),
            "outcome": outcome,
            "reason": reason,
            "scan": answer.scan_id,
            "door": door_name,
            "at": answer.at.to_rfc3339(),
            "ticket": holder.map(|h| json!({
                "number": h.number,
                "order": h.order_id,
                "performance": h.performance_id,
                "seat": seat,
                "tariff": h.tariff_code,
                "tariff_name": h.tariff_name,
                "requires_proof": h.requires_proof,
                "category": h.category,
                "patron": h.patron,
                "pass": h.pass,
            })),
            "already_entered": previous,
            "other_performance": other,
        });
        println!("{out}");
    } else {
        match (&answer.verdict, holder) {
            (Verdict::Admitted { reentry }, Some(h)) => {
                let place = seat.unwrap_or_else(|| "general admission".into());
                let again = if *reentry { " (re-entry)" } else { "" };
                println!(
                    "ADMITTED{again}: ticket {} — {place} — {}",
                    h.number, h.tariff_name
                );
                if h.requires_proof {
                    println!("check the proof for the {} tariff", h.tariff_name);
                }
            }
            _ => println!("REFUSED: {}", reason.unwrap_or_default()),
        }
    }
    if answer.admitted() {
        Ok(())
    } else {
        Err(Failure(String::new(), 1))
    }
}

/// `guichet door-list --performance ID --out FILE.pdf`
pub fn door_list(run: &Run, performance: i64, out: &Path) -> Result<(), Failure> {
    let store = guichet::terminal::read_only(run.db())?;
    let (_, lines) =
        door::list::lines(&store, performance).map_err(|e| Failure(e.to_string(), 1))?;
    let pdf =
        door::list::pdf(&store, performance, run.now()).map_err(|e| Failure(e.to_string(), 1))?;
    std::fs::write(out, pdf)
        .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
    println!("door list: {} tickets in {}", lines.len(), out.display());
    Ok(())
}

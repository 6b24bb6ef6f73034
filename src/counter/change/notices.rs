//! Telling each holder what became of their tickets: a notice in the
//! outbox for a holder with an address, queued in the change's own
//! transaction and once (its key names the performance and the order, so
//! doing it again queues nothing); a line of the call list for the others,
//! written beside the database as the transaction's last step (a list
//! that cannot be written refuses the whole change).

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use super::{ChangeError, Holder};
use crate::counter::vouchers::Issued;
use crate::domain::mail::MessageKind;
use crate::domain::payment::Method;
use crate::domain::{Cents, Currency, Locale, Money, Performance, PerformanceName};
use crate::operators::Operator;
use crate::store::{self, Tx};
use crate::tickets::call_list::{self, CallLine};
use crate::tickets::print;

/// What became of one holder's tickets.
pub(super) enum Fate<'a> {
    /// Refunded, by way (positive amounts), with the credit note issued
    /// when it went back as a voucher.
    Refunded(&'a [(Method, Cents)], Option<&'a Issued>),
    /// Replaced by tickets of `order` on the new date, one for one.
    Moved {
        to: &'a PerformanceName,
        order_id: i64,
        tickets: &'a [i64],
        seats_kept: usize,
        /// What the new tickets did not take of the old ones' worth.
        credit: Option<&'a Issued>,
    },
}

/// The notice's key: one per performance and order.
pub(super) fn key(performance: &Performance, holder: &Holder) -> String {
    format!(
        "notice:{}:{}",
        performance.public_id, holder.order_public_id
    )
}

/// Queues the holder's notice when they have an address: true when one
/// was queued now (false: no address, or queued before).
pub(super) fn queue(
    tx: &Tx,
    by: &Operator,
    (performance, name): (&Performance, &PerformanceName),
    holder: &Holder,
    fate: &Fate,
    now: DateTime<Utc>,
) -> Result<bool, ChangeError> {
    let (Some(to), Some(contact)) = (holder.email(), holder.contact.as_ref()) else {
        return Ok(false);
    };
    let iso = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let numbers: Vec<i64> = holder.tickets.iter().map(|t| t.number).collect();
    let mut payload = serde_json::json!({
        "show": name.show,
        "starts_at": iso(performance.starts_at),
        "tickets": numbers,
    });
    let order_id = match fate {
        Fate::Refunded(refunds, credit) => {
            payload["what"] = "cancelled".into();
            payload["refunds"] = refunds
                .iter()
                .map(|(m, a)| {
                    let mut back = serde_json::json!({ "method": m.code(), "amount": a.0 });
                    if let (Method::Voucher, Some(c)) = (m, credit) {
                        back["code"] = c.code.clone().into();
                        back["last_day"] = c.last_day.map(|d| d.to_string()).into();
                    }
                    back
                })
                .collect();
            holder.order_id
        }
        Fate::Moved {
            to: new,
            order_id,
            tickets,
            seats_kept,
            credit,
        } => {
            payload["what"] = "moved".into();
            payload["to"] = iso(new.starts_at).into();
            payload["new_tickets"] = serde_json::json!(tickets);
            payload["seats_kept"] = serde_json::json!(*seats_kept == holder.tickets.len());
            if let Some(c) = credit {
                payload["refunds"] = serde_json::json!([{
                    "method": Method::Voucher.code(),
                    "amount": c.amount.0,
                    "code": c.code,
                    "last_day": c.last_day.map(|d| d.to_string()),
                }]);
            }
            *order_id
        }
    };
    let queued = store::outbox::queue(
        tx,
        &store::outbox::NewMessage {
            key: &key(performance, holder),
            kind: MessageKind::Notice,
            destination: to,
            language: &contact.language,
            order_id: Some(order_id),
            payload: &payload.to_string(),
            created_by: (!by.is_system).then_some(by.id),
            at: now.timestamp(),
        },
    )?;
    Ok(queued.is_some())
}

/// The call list's line for a holder no e-mail reaches.
pub(super) fn call_line(holder: &Holder, fate: &Fate, currency: Currency) -> CallLine {
    let l = Locale::FrFr;
    let name = match &holder.contact {
        Some(c) if !c.name.is_empty() => c.name.clone(),
        _ => format!("Sans nom — commande n° {}", holder.order_number),
    };
    let numbers: Vec<String> = holder
        .tickets
        .iter()
        .map(|t| format!("{:06}", t.number))
        .collect();
    let seats: Vec<String> = holder
        .tickets
        .iter()
        .filter_map(|t| t.seat.as_ref().map(|s| s.label(l)))
        .collect();
    let mut tickets = format!("n° {}", numbers.join(", "));
    if !seats.is_empty() {
        tickets = format!("{tickets} — {}", seats.join(" ; "));
    }
    let money = |c: Cents| Money { cents: c, currency }.format(l);
    let done = match fate {
        Fate::Refunded([], _) => "Annulé : rien à rembourser (invitation)".to_owned(),
        Fate::Refunded(refunds, credit) => {
            let parts: Vec<String> = refunds
                .iter()
                .map(|(m, a)| match (m, credit) {
                    (Method::Voucher, Some(c)) => {
                        format!("{} {} (code {})", money(*a), way(*m), c.code)
                    }
                    _ => format!("{} {}", money(*a), way(*m)),
                })
                .collect();
            format!("Annulé, remboursé : {}", parts.join(", "))
        }
        Fate::Moved {
            to,
            tickets,
            seats_kept,
            credit,
            ..
        } => {
            let new: Vec<String> = tickets.iter().map(|n| format!("{n:06}")).collect();
            let seats = if *seats_kept == holder.tickets.len() {
                "mêmes places"
            } else {
                "places changées"
            };
            let moved = format!(
                "Déplacé au {} — nouveaux billets n° {} ({seats})",
                l.date_time(to.starts_at, to.zone),
                new.join(", ")
            );
            match credit {
                Some(c) => format!("{moved} — avoir {} (code {})", money(c.amount), c.code),
                None => moved,
            }
        }
    };
    CallLine {
        name,
        phone: holder
            .contact
            .as_ref()
            .map(|c| c.phone.clone())
            .unwrap_or_default(),
        tickets,
        done,
    }
}

/// How money went back, as the call list says it.
fn way(m: Method) -> &'static str {
    match m {
        Method::Cash => "en espèces",
        Method::Card => "sur la carte",
        Method::Cheque => "par chèque",
        Method::Voucher => "en avoir",
        Method::Complimentary => "(invitation)",
        Method::Online => "par la billetterie en ligne",
    }
}

/// Writes the call list beside the database (`tickets/YYYY-MM/`) when
/// someone is on it; its path.
pub(super) fn write_call_list(
    db: &Path,
    (performance_id, name): (i64, &PerformanceName),
    moved_to: Option<&PerformanceName>,
    lines: &[CallLine],
    now: DateTime<Utc>,
) -> Result<Option<PathBuf>, ChangeError> {
    if lines.is_empty() {
        return Ok(None);
    }
    let l = Locale::FrFr;
    let what = match moved_to {
        Some(to) => format!(
            "Représentation déplacée au {}",
            l.date_time(to.starts_at, to.zone)
        ),
        None => "Représentation annulée".to_owned(),
    };
    let subtitle = format!(
        "{what} · {} à appeler · imprimée le {}",
        lines.len(),
        l.date_time(now, name.zone)
    );
    let title = format!("Liste d’appels — {}", name.label(l));
    let pdf = call_list::pdf(&title, &subtitle, lines)?;
    let file = format!(
        "appels-{performance_id}-{}.pdf",
        now.format("%Y%m%d-%H%M%S")
    );
    Ok(Some(print::keep(db, &file, &pdf, now)?))
}

//! The messages themselves, made when they leave from what the database
//! holds then: plain text and HTML in the patron's language, the venue's
//! name as sender, and for an e-ticket the tickets' PDF attached, each QR
//! code inline and the performances as an iCalendar invitation. The
//! Message-ID comes from the outbox row, so a message sent again after a
//! doubt is recognised as the same one by the patron's mail program.

use std::fmt::Write as _;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, SinglePart};

use super::MailError;
use super::letter::{Body, Head, Line, Logo, Order, html, letter, pdf_type, png_type};
use super::words::{self, Words};
use crate::counter::orders::seat_of;
use crate::counter::printed;
use crate::counter::refunds::ticket_share;
use crate::domain::mail::{MailSettings, MessageKind};
use crate::domain::venue::VenueSettings;
use crate::domain::{Cents, Country, Locale, Money};
use crate::store::outbox::OutboxRow;
use crate::store::pictures::VENUE_LOGO;
use crate::store::{self, Store, Tx};
use crate::tickets::pdf::{self, Layout};
use crate::tickets::{qr, receipt};

/// The most QR codes shown inline: a group's order keeps them in its PDF.
const MAX_INLINE_CODES: usize = 20;

/// The language a patron reads: English, or French of the venue's country.
pub fn locale_of(language: &str, venue: &VenueSettings) -> Locale {
    match Locale::parse(language) {
        Some(Locale::En) => Locale::En,
        _ if venue.country == Country::Quebec => Locale::FrCa,
        _ => Locale::FrFr,
    }
}

/// The message a queued row stands for, made now.
pub fn compose(
    store: &Store,
    row: &OutboxRow,
    mail: &MailSettings,
    now: DateTime<Utc>,
) -> Result<Message, MailError> {
    let venue = store
        .read(store::venue::load)?
        .ok_or_else(|| MailError::Compose("the venue is not set up".into()))?
        .settings;
    let locale = locale_of(&row.language, &venue);
    let w = words::of(locale);
    let name = if mail.from_name.is_empty() {
        venue.name.clone()
    } else {
        mail.from_name.clone()
    };
    let from = Mailbox::new(Some(name), mail.from.parse().map_err(bad)?);
    let to: Mailbox = row.destination.parse().map_err(bad)?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .message_id(Some(format!("<{}@guichet>", row.public_id)))
        .date(SystemTime::from(now));
    let order = match row.order_id {
        Some(id) => Some(store.read(|tx| order(tx, id, &venue, locale))?),
        None => None,
    };
    let logo = store.read(|tx| store::pictures::get(tx, VENUE_LOGO))?;
    let head = Head {
        venue: &venue,
        w,
        logo: logo.as_ref().map(|p| Logo {
            cid: format!("logo.{}", row.public_id),
            width: p.width,
            height: p.height,
        }),
    };
    let mut body = match (row.kind, &order) {
        (MessageKind::ETicket, Some(o)) => {
            let intro = format!("{}\n\n{}", w.tickets_intro, w.tickets_print);
            e_ticket(store, row, o, &head, &intro, now)?
        }
        (MessageKind::Notice, Some(o)) => notice(store, row, o, (&head, locale), now)?,
        (MessageKind::Receipt, Some(o)) => receipt_body(store, row, o, &head)?,
        (MessageKind::Cancellation, Some(_)) => cancellation(&head, locale, &row.payload)?,
        (MessageKind::Confirmation, Some(o)) => letter(&head, w.confirmation_intro, Some(o), ""),
        (MessageKind::Test, _) => letter(&head, w.test_body, None, ""),
        (kind, _) => {
            return Err(MailError::Compose(format!(
                "a {} message needs its order",
                kind.code()
            )));
        }
    };
    let subject = match row.kind {
        MessageKind::Notice => notice_subject(&row.payload, &venue, (w, locale))?,
        kind => subject(kind, w, &venue, order.as_ref()),
    };
    if let (Some(picture), Some(l)) = (logo, &head.logo) {
        body.inline
            .push(Attachment::new_inline(l.cid.clone()).body(picture.small, png_type()?));
    }
    message
        .subject(subject)
        .multipart(body.assemble())
        .map_err(|e| MailError::Compose(e.to_string()))
}

fn subject(kind: MessageKind, w: &Words, venue: &VenueSettings, order: Option<&Order>) -> String {
    let what = match kind {
        MessageKind::ETicket => w.tickets_subject,
        MessageKind::Receipt => w.receipt_subject,
        MessageKind::Confirmation => w.confirmation_subject,
        MessageKind::Cancellation => w.cancellation_subject,
        MessageKind::Notice | MessageKind::Test => w.test_subject,
    };
    let show = order
        .and_then(|o| o.lines.first())
        .filter(|_| order.is_some_and(|o| o.performances.len() == 1))
        .map(|l| format!(" — {} — {}", l.show, l.when))
        .unwrap_or_default();
    let training = if order.is_some_and(|o| o.training) {
        "[MODE FORMATION] "
    } else {
        ""
    };
    format!("{training}{what}{show} · {}", venue.name)
}

/// The tickets of an order: `intro`, the order's tickets, each code
/// inline, their PDF and the performances' invitation attached.
fn e_ticket(
    store: &Store,
    row: &OutboxRow,
    o: &Order,
    head: &Head,
    intro: &str,
    now: DateTime<Utc>,
) -> Result<Body, MailError> {
    let w = head.w;
    let order_id = row.order_id.unwrap_or_default();
    let faces =
        printed::of_order(store, order_id).map_err(|e| MailError::Compose(e.to_string()))?;
    if faces.is_empty() {
        return Err(MailError::NoTickets(o.number));
    }
    let pdf = pdf::tickets(Layout::A4, &faces).map_err(|e| MailError::Compose(e.to_string()))?;
    let calendar = crate::programming::ical::of_performances(store, &o.performances, now)
        .map_err(|e| MailError::Compose(e.to_string()))?;
    let (mut codes, mut pictures) = posters(store, row, o)?;
    for (i, line) in o.lines.iter().take(MAX_INLINE_CODES).enumerate() {
        let png = qr::png(&line.code).map_err(|e| MailError::Compose(e.to_string()))?;
        let cid = format!("qr{i}.{}", row.public_id);
        let _ = write!(
            codes,
            "<p style=\"margin:12px 0 0\"><b>{} {}</b><br><img src=\"cid:{cid}\" width=\"228\" \
             height=\"228\" alt=\"{} {}\"></p>",
            html(w.ticket),
            html(&line.number),
            html(w.code_alt),
            html(&line.number)
        );
        pictures.push(Attachment::new_inline(cid).body(png, png_type()?));
    }
    let mut body = letter(head, intro, Some(o), &codes);
    body.inline = pictures;
    let file = format!("{}-{}.pdf", w.tickets_file, o.number);
    let calendar_type =
        ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH").map_err(bad)?;
    body.files = vec![
        Attachment::new(file).body(pdf, pdf_type()?),
        Attachment::new(w.calendar_file.to_owned()).body(calendar, calendar_type),
    ];
    Ok(body)
}

/// The pictures of the order's shows (each once, at most three), as the
/// e-ticket shows them above the codes: the HTML and the inline parts.
fn posters(
    store: &Store,
    row: &OutboxRow,
    o: &Order,
) -> Result<(String, Vec<SinglePart>), MailError> {
    let mut html_part = String::new();
    let mut parts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &performance in &o.performances {
        let found = store.read(|tx| {
            let Some(p) = store::performances::by_id(tx, performance)? else {
                return Ok(None);
            };
            let show = store::shows::by_id(tx, p.show_id)?;
            let picture = store::pictures::of_show(tx, p.show_id)?;
            Ok::<_, store::StoreError>(show.zip(picture))
        })?;
        let Some((show, picture)) = found else {
            continue;
        };
        if !seen.insert(show.id) || parts.len() >= 3 {
            continue;
        }
        let cid = format!("show{}.{}", show.id, row.public_id);
        // At most 280 px wide and 200 px tall, its proportions kept.
        let scale = (280.0 / picture.width as f32)
            .min(200.0 / picture.height as f32)
            .min(1.0);
        let (w, h) = (
            (picture.width as f32 * scale).round().max(1.0),
            (picture.height as f32 * scale).round().max(1.0),
        );
        let _ = write!(
            html_part,
            "<p style=\"margin:12px 0 0\"><img src=\"cid:{cid}\" width=\"{w}\" height=\"{h}\" \
             alt=\"{}\"></p>",
            html(&show.title)
        );
        parts.push(Attachment::new_inline(cid).body(picture.small, png_type()?));
    }
    Ok((html_part, parts))
}

/// What a cancellation says: the tickets cancelled and what went back,
/// as recorded when it was made.
fn cancellation(head: &Head, locale: Locale, payload: &str) -> Result<Body, MailError> {
    let (venue, w) = (head.venue, head.w);
    #[derive(serde::Deserialize)]
    struct Cancelled {
        tickets: Vec<i64>,
        amount: i64,
        method: String,
        /// A credit note's code and last day.
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        last_day: Option<chrono::NaiveDate>,
    }
    let c: Cancelled = serde_json::from_str(payload).map_err(bad)?;
    let numbers: Vec<String> = c.tickets.iter().map(|n| format!("{n:06}")).collect();
    let money = Money {
        cents: Cents(c.amount),
        currency: venue.currency,
    }
    .format(locale);
    let mut how = crate::domain::payment::Method::from_code(&c.method)
        .map_or(c.method.as_str(), |m| words::method(m, locale))
        .to_owned();
    if let Some(code) = &c.code {
        how = format!("{how} ({})", words::credit(code, c.last_day, locale));
    }
    let said = w
        .cancellation_intro
        .replace("{0}", &numbers.join(", "))
        .replace("{1}", &money)
        .replace("{2}", &how);
    Ok(letter(head, &said, None, ""))
}

/// A notice as queued by `counter::change`: a performance cancelled
/// (the tickets and what went back how) or moved (the old tickets, the new
/// ones, when), in the words of when it was queued.
#[derive(serde::Deserialize)]
struct Notice {
    what: String,
    show: String,
    starts_at: DateTime<Utc>,
    tickets: Vec<i64>,
    #[serde(default)]
    refunds: Vec<Back>,
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    #[serde(default)]
    new_tickets: Vec<i64>,
    #[serde(default)]
    seats_kept: bool,
}

#[derive(serde::Deserialize)]
struct Back {
    method: String,
    amount: i64,
    /// A credit note's code and last day.
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    last_day: Option<chrono::NaiveDate>,
}

/// What went back, one way: "64,00 € en avoir (code …, valable jusqu’au …)".
fn refund_words(b: &Back, venue: &VenueSettings, locale: Locale) -> String {
    let money = Money {
        cents: Cents(b.amount),
        currency: venue.currency,
    }
    .format(locale);
    let how = crate::domain::payment::Method::from_code(&b.method)
        .map_or(b.method.as_str(), |m| words::method(m, locale));
    match &b.code {
        Some(code) => format!(
            "{money} {how} ({})",
            words::credit(code, b.last_day, locale)
        ),
        None => format!("{money} {how}"),
    }
}

fn numbers(list: &[i64]) -> String {
    list.iter()
        .map(|n| format!("{n:06}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The subject of a notice: what happened to which performance.
fn notice_subject(
    payload: &str,
    venue: &VenueSettings,
    (w, locale): (&Words, Locale),
) -> Result<String, MailError> {
    let n: Notice = serde_json::from_str(payload).map_err(bad)?;
    let what = match n.what.as_str() {
        "moved" => w.moved_subject,
        _ => w.cancelled_subject,
    };
    let when = locale.date_time(n.starts_at, venue.time_zone);
    Ok(format!("{what} — {} — {when} · {}", n.show, venue.name))
}

/// A notice's body: for a move, the new tickets as an e-ticket carries
/// them; for a cancellation, what went back how.
fn notice(
    store: &Store,
    row: &OutboxRow,
    o: &Order,
    (head, locale): (&Head, Locale),
    now: DateTime<Utc>,
) -> Result<Body, MailError> {
    let (venue, w) = (head.venue, head.w);
    let n: Notice = serde_json::from_str(&row.payload).map_err(bad)?;
    let zone = venue.time_zone;
    let was = locale.in_words(n.starts_at, zone);
    if let ("moved", Some(to)) = (n.what.as_str(), n.to) {
        let intro = w
            .moved_intro
            .replace("{0}", &n.show)
            .replace("{1}", &was)
            .replace("{2}", &locale.in_words(to, zone))
            .replace("{3}", &numbers(&n.tickets))
            .replace("{4}", &numbers(&n.new_tickets));
        let seats = if n.seats_kept {
            w.same_seats
        } else {
            w.other_seats
        };
        let mut intro = format!("{intro}\n\n{seats}");
        for b in n.refunds.iter().filter(|b| b.code.is_some()) {
            intro = format!("{intro}\n\n{}", refund_words(b, venue, locale));
        }
        let intro = format!("{intro}\n\n{}", w.tickets_print);
        return e_ticket(store, row, o, head, &intro, now);
    }
    let back: Vec<String> = n
        .refunds
        .iter()
        .map(|b| refund_words(b, venue, locale))
        .collect();
    let back = if back.is_empty() {
        w.nothing_back.to_owned()
    } else {
        back.join(", ")
    };
    let said = w
        .cancelled_intro
        .replace("{0}", &n.show)
        .replace("{1}", &was)
        .replace("{2}", &numbers(&n.tickets))
        .replace("{3}", &back);
    Ok(letter(head, &said, None, ""))
}

fn bad(e: impl std::fmt::Display) -> MailError {
    MailError::Compose(e.to_string())
}

fn receipt_body(store: &Store, row: &OutboxRow, o: &Order, head: &Head) -> Result<Body, MailError> {
    let w = head.w;
    let face = printed::receipt(store, row.order_id.unwrap_or_default())
        .map_err(|e| MailError::Compose(e.to_string()))?;
    let pdf = receipt::receipt(Layout::A4, &face).map_err(bad)?;
    let mut body = letter(head, w.receipt_intro, Some(o), "");
    let file = format!("{}-{}.pdf", w.receipt_file, o.number);
    body.files = vec![Attachment::new(file).body(pdf, pdf_type()?)];
    Ok(body)
}

/// An order's live tickets, in the patron's language.
fn order(tx: &Tx, order_id: i64, v: &VenueSettings, locale: Locale) -> Result<Order, MailError> {
    let row = store::sales::order_by_id(tx, order_id)?
        .ok_or_else(|| MailError::NoOrder(order_id.to_string()))?;
    let money = |cents: Cents| {
        Money {
            cents,
            currency: v.currency,
        }
        .format(locale)
    };
    let w = words::of(locale);
    let tariffs = store::tariffs::all(tx)?;
    let mut lines = Vec::new();
    let mut performances = Vec::new();
    let failed = |e: crate::counter::CounterError| MailError::Compose(e.to_string());
    for t in store::sales::tickets_of_order(tx, order_id)? {
        if !t.valid {
            continue;
        }
        let missing = || MailError::Compose(format!("performance {} is gone", t.performance_id));
        let p = store::performances::by_id(tx, t.performance_id)?.ok_or_else(missing)?;
        let show = store::shows::by_id(tx, p.show_id)?.ok_or_else(missing)?;
        let hall = store::halls::by_id(tx, p.hall_id)?.ok_or_else(missing)?;
        let tariff = tariffs.iter().find(|x| x.id == t.tariff_id);
        let (_, share) = ticket_share(tx, &t).map_err(failed)?;
        if !performances.contains(&p.id) {
            performances.push(p.id);
        }
        lines.push(Line {
            show: show.title,
            when: locale.date_time(p.starts_at, v.time_zone),
            hall: hall.name,
            seat: seat_of(tx, &t).map_err(failed)?.map(|s| s.label(locale)),
            tariff: tariff.map(|x| x.name.clone()).unwrap_or_default(),
            proof: tariff.is_some_and(|x| x.requires_proof),
            price: if share.incl == Cents::ZERO {
                w.free.to_owned()
            } else {
                money(share.incl)
            },
            number: format!("{:06}", t.number),
            code: t.code,
        });
    }
    Ok(Order {
        number: row.number,
        total: money(Cents(row.total)),
        lines,
        performances,
        training: row.training,
    })
}

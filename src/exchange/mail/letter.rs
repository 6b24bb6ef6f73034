//! The letter every message is: headed with the venue's logo (or its
//! name), the greeting and what happened, the order's tickets when there
//! is one, signed with the venue's name and address; in plain text and
//! HTML, then put together with its inline pictures and attached files.

use std::fmt::Write as _;

use lettre::message::header::ContentType;
use lettre::message::{MultiPart, SinglePart};

use super::MailError;
use super::words::Words;
use crate::domain::VenueSettings;

/// One ticket as the message lists it, in the patron's language.
pub(super) struct Line {
    pub(super) show: String,
    pub(super) when: String,
    pub(super) hall: String,
    pub(super) seat: Option<String>,
    pub(super) tariff: String,
    pub(super) proof: bool,
    pub(super) price: String,
    pub(super) number: String,
    pub(super) code: String,
}

/// An order as the message tells it.
pub(super) struct Order {
    pub(super) number: i64,
    pub(super) total: String,
    pub(super) lines: Vec<Line>,
    pub(super) performances: Vec<i64>,
    pub(super) training: bool,
}

/// What every letter is headed and signed with: the venue, the words of
/// the patron's language, the venue's logo when it has one.
pub(super) struct Head<'a> {
    pub(super) venue: &'a VenueSettings,
    pub(super) w: &'a Words,
    pub(super) logo: Option<Logo>,
}

/// The logo as the letter shows it: its inline part's id and its size.
pub(super) struct Logo {
    pub(super) cid: String,
    pub(super) width: u32,
    pub(super) height: u32,
}

/// A message's parts before they are put together: the letter in plain
/// text and HTML, the pictures the HTML shows, the files attached.
pub(super) struct Body {
    pub(super) text: String,
    pub(super) html: String,
    pub(super) inline: Vec<SinglePart>,
    pub(super) files: Vec<SinglePart>,
}

impl Body {
    /// alternative(text, html), the HTML inside related(html, pictures)
    /// when it shows some (the nesting every mail program reads), inside
    /// mixed(…, files) when files are attached.
    pub(super) fn assemble(self) -> MultiPart {
        let shown = if self.inline.is_empty() {
            MultiPart::alternative_plain_html(self.text, self.html)
        } else {
            let mut related = MultiPart::related().singlepart(SinglePart::html(self.html));
            for part in self.inline {
                related = related.singlepart(part);
            }
            MultiPart::alternative()
                .singlepart(SinglePart::plain(self.text))
                .multipart(related)
        };
        if self.files.is_empty() {
            return shown;
        }
        let mut mixed = MultiPart::mixed().multipart(shown);
        for part in self.files {
            mixed = mixed.singlepart(part);
        }
        mixed
    }
}

pub(super) fn png_type() -> Result<ContentType, MailError> {
    ContentType::parse("image/png").map_err(|e| MailError::Compose(e.to_string()))
}

pub(super) fn pdf_type() -> Result<ContentType, MailError> {
    ContentType::parse("application/pdf").map_err(|e| MailError::Compose(e.to_string()))
}

/// The letter in plain text and HTML: a greeting, `intro`, the order's
/// tickets when there is one, `extra` HTML (the codes), the venue.
pub(super) fn letter(head: &Head, intro: &str, order: Option<&Order>, extra: &str) -> Body {
    let (venue, w) = (head.venue, head.w);
    let mut text = format!("{},\n\n{intro}\n", w.hello);
    let mut page = String::from(
        "<!DOCTYPE html><html><body style=\"font-family:sans-serif;color:#222;max-width:640px\">",
    );
    match &head.logo {
        Some(logo) => {
            let (width, height) = shown_size(logo);
            let _ = write!(
                page,
                "<p style=\"margin:0 0 12px\"><img src=\"cid:{}\" width=\"{width}\" \
                 height=\"{height}\" alt=\"{}\" style=\"display:block\"></p>",
                logo.cid,
                html(&venue.name)
            );
        }
        None => {
            let _ = write!(
                page,
                "<h2 style=\"margin:0 0 12px\">{}</h2>",
                html(&venue.name)
            );
        }
    }
    let _ = write!(page, "<p>{},</p>", html(w.hello));
    for paragraph in intro.split("\n\n") {
        let _ = write!(page, "<p>{}</p>", html(paragraph));
    }
    if let Some(o) = order {
        let _ = write!(text, "\n{} {}\n", w.order, o.number);
        let _ = write!(
            page,
            "<h3>{} {}</h3><table style=\"border-collapse:collapse\">",
            html(w.order),
            o.number
        );
        for l in &o.lines {
            let seat = l.seat.as_deref().unwrap_or(w.free_seating);
            let proof = if l.proof {
                format!(" ({})", w.proof)
            } else {
                String::new()
            };
            let _ = write!(
                text,
                "\n{} {} — {}\n  {} · {}\n  {} : {} · {} : {}{proof} · {} : {}\n",
                w.ticket,
                l.number,
                l.show,
                l.when,
                l.hall,
                w.seat,
                seat,
                w.tariff,
                l.tariff,
                w.price,
                l.price
            );
            let _ = write!(
                page,
                "<tr><td style=\"padding:6px 12px 6px 0;vertical-align:top\"><b>{}</b><br>{}<br>{}\
                 </td><td style=\"padding:6px 0;vertical-align:top\">{}<br>{}{}<br>{} · {} {}</td></tr>",
                html(&l.show),
                html(&l.when),
                html(&l.hall),
                html(seat),
                html(&l.tariff),
                html(&proof),
                html(&l.price),
                html(w.ticket),
                html(&l.number)
            );
        }
        let _ = write!(text, "\n{} : {}\n", w.total, o.total);
        let _ = write!(
            page,
            "</table><p><b>{} : {}</b></p>",
            html(w.total),
            html(&o.total)
        );
    }
    page.push_str(extra);
    let address = venue.postal_address();
    let _ = write!(
        text,
        "\n{}\n\n{}\n{address}\n\n-- \n{}\n",
        w.see_you, venue.name, w.footer
    );
    let _ = write!(
        page,
        "<p>{}</p><p style=\"color:#555\">{}<br>{}</p>\
         <p style=\"color:#888;font-size:12px\">{}</p></body></html>",
        html(w.see_you),
        html(&venue.name),
        html(&address),
        html(w.footer)
    );
    Body {
        text,
        html: page,
        inline: Vec::new(),
        files: Vec::new(),
    }
}

/// The logo's size at the head of a letter: within 240 × 80 pixels,
/// its shape kept.
pub(super) fn shown_size(logo: &Logo) -> (u32, u32) {
    let (w, h) = (u64::from(logo.width.max(1)), u64::from(logo.height.max(1)));
    let scale_w = |width: u64| (width, (h * width / w).max(1));
    let (width, height) = if w * 80 >= h * 240 {
        scale_w(w.min(240))
    } else {
        let height = h.min(80);
        ((w * height / h).max(1), height)
    };
    let side = |v: u64| u32::try_from(v).unwrap_or(1);
    (side(width), side(height))
}

/// Text put in HTML: the five characters that matter escaped.
pub(super) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

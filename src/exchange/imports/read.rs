//! Reading an order file, whole and bounded, into the orders it holds: the
//! Guichet order file (`assets/imports/guichet-orders.schema.json`) or
//! pretix's "Order data (JSON)" export. A file that cannot be read is
//! refused whole, with the line (broken JSON) or the path of the field
//! (`orders[12].tickets[0].price`) and what is wrong there.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{
    Batch, Buyer, Format, ImportError, Invalid, LeftOut, Named, OutsideOrder, OutsideTicket,
};
use crate::domain::Country;
use crate::domain::order::Channel;
use crate::store::imports::PlanSeat;

/// The largest order file read (a season of a big web shop is far less).
pub const MAX_BYTES: usize = 100 * 1024 * 1024;
/// The most orders one file may hold.
pub const MAX_ORDERS: usize = 200_000;
/// The most tickets one order may hold.
pub const MAX_TICKETS: usize = 500;
/// The longest text kept from a field (a name, a code, an id): what the
/// patron file keeps of a name or an address.
const MAX_TEXT: usize = 200;

/// The most seats a seller's seating plan may hold.
pub const MAX_PLAN_SEATS: usize = 100_000;

/// A seller's seating plan (pretix's, as its plan editor exports it, or
/// as its API gives it inside `layout`: zones of rows of seats), bounded
/// like an order file: each seat's id there (`seat_guid`), its zone, row
/// (`row_number`) and number.
pub fn seating_plan(bytes: &[u8]) -> Result<Vec<PlanSeat>, ImportError> {
    let json = json_of(bytes)?;
    let json = json.get("layout").unwrap_or(&json);
    if json.get("zones").is_none() || json.get("event").is_some() {
        return Err(ImportError::NotASeatingPlan);
    }
    let root = At::root(json);
    let mut seats = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    for zone in root.field("zones").list(MAX_PLAN_SEATS)? {
        let zone_name = zone.field("name").optional()?;
        for row in zone.field("rows").list(MAX_PLAN_SEATS)? {
            let row_number = row.field("row_number").required()?;
            for seat in row.field("seats").list(MAX_PLAN_SEATS)? {
                if seats.len() == MAX_PLAN_SEATS {
                    return Err(root
                        .field("zones")
                        .invalid(Invalid::TooMany(MAX_PLAN_SEATS)));
                }
                let at = seat.field("seat_guid");
                let guid = at.required()?;
                let number = seat.field("seat_number").required()?;
                if let Some(first) = seen.insert(guid.clone(), at.path.clone()) {
                    return Err(at.invalid(Invalid::Twice(first)));
                }
                seats.push(PlanSeat {
                    guid,
                    zone: zone_name.clone(),
                    row: row_number.clone(),
                    number,
                });
            }
        }
    }
    if seats.is_empty() {
        return Err(root.field("zones").invalid(Invalid::Missing));
    }
    Ok(seats)
}

/// A file's JSON, its size bounded before it is parsed.
fn json_of(bytes: &[u8]) -> Result<Value, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { max: MAX_BYTES });
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| ImportError::Unreadable {
        line: e.line(),
        column: e.column(),
        why: e.to_string(),
    })
}

/// The file's orders, in the venue's `country` (which says what a price
/// is: VAT included in France, before GST and QST in Quebec).
pub fn read(bytes: &[u8], country: Country) -> Result<Batch, ImportError> {
    let json = json_of(bytes)?;
    let batch = match format_of(&json)? {
        Format::Guichet => guichet(&json)?,
        Format::Pretix => pretix(&json, country)?,
    };
    check_unique(&batch)?;
    Ok(batch)
}

/// Which kind of file it is, from its top level.
fn format_of(json: &Value) -> Result<Format, ImportError> {
    match json.get("format").and_then(Value::as_str) {
        Some("guichet-orders") => return Ok(Format::Guichet),
        Some(other) => {
            return Err(ImportError::Invalid {
                path: "format".into(),
                why: Invalid::Unknown(short(other)),
            });
        }
        None => {}
    }
    if json.get("event").and_then(|e| e.get("orders")).is_some() {
        return Ok(Format::Pretix);
    }
    Err(ImportError::NotAnOrderFile)
}

/// A field of an object, by its path for messages.
struct At<'a> {
    value: &'a Value,
    path: String,
}

impl<'a> At<'a> {
    fn root(value: &'a Value) -> At<'a> {
        At {
            value,
            path: String::new(),
        }
    }

    fn invalid(&self, why: Invalid) -> ImportError {
        ImportError::Invalid {
            path: if self.path.is_empty() {
                "(the file)".into()
            } else {
                self.path.clone()
            },
            why,
        }
    }

    fn field(&self, name: &str) -> At<'a> {
        At {
            value: self.value.get(name).unwrap_or(&Value::Null),
            path: if self.path.is_empty() {
                name.to_owned()
            } else {
                format!("{}.{name}", self.path)
            },
        }
    }

    fn is_null(&self) -> bool {
        self.value.is_null()
    }

    /// The elements of an array (an absent field: none), at most `max`.
    fn list(&self, max: usize) -> Result<Vec<At<'a>>, ImportError> {
        let items = match self.value {
            Value::Null => return Ok(Vec::new()),
            Value::Array(items) => items,
            _ => return Err(self.invalid(Invalid::NotList)),
        };
        if items.len() > max {
            return Err(self.invalid(Invalid::TooMany(max)));
        }
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, value)| At {
                value,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    /// A text (a number is taken as its digits: pretix's ids are numbers).
    fn text(&self) -> Result<Option<String>, ImportError> {
        let text = match self.value {
            Value::Null => return Ok(None),
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return Err(self.invalid(Invalid::NotText)),
        };
        if text.chars().count() > MAX_TEXT {
            return Err(self.invalid(Invalid::TooLong(MAX_TEXT)));
        }
        Ok(Some(text))
    }

    fn required(&self) -> Result<String, ImportError> {
        match self.text()? {
            Some(t) if !t.is_empty() => Ok(t),
            _ => Err(self.invalid(Invalid::Missing)),
        }
    }

    fn optional(&self) -> Result<String, ImportError> {
        Ok(self.text()?.unwrap_or_default())
    }

    fn instant(&self) -> Result<DateTime<Utc>, ImportError> {
        let text = self.required()?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| self.invalid(Invalid::NotInstant(short(&text))))
    }

    /// An amount in cents (the Guichet file): a whole number, 0 to 100,000.00.
    fn cents(&self) -> Result<i64, ImportError> {
        match self.value.as_i64() {
            Some(c) if (0..=MAX_PRICE).contains(&c) => Ok(c),
            _ => Err(self.invalid(Invalid::NotAmount(short(&self.value.to_string())))),
        }
    }

    /// A decimal amount as pretix writes it ("23.00"), in cents.
    fn decimal(&self) -> Result<i64, ImportError> {
        let text = self.required()?;
        parse_decimal(&text)
            .filter(|c| (0..=MAX_PRICE).contains(c))
            .ok_or_else(|| self.invalid(Invalid::NotAmount(short(&text))))
    }
}

/// The dearest ticket taken (the counter's own bound on a price).
const MAX_PRICE: i64 = 10_000_000;

/// "23.00", "23.5", "23" in cents; None for anything else (a third
/// decimal, a sign, letters).
fn parse_decimal(text: &str) -> Option<i64> {
    let (units, fraction) = text.split_once('.').unwrap_or((text, ""));
    if units.is_empty() || units.len() > 9 || fraction.len() > 2 {
        return None;
    }
    if !units.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    units.checked_mul(100)?.checked_add(cents)
}

fn short(text: &str) -> String {
    text.chars().take(60).collect()
}

/// The Guichet order file.
fn guichet(json: &Value) -> Result<Batch, ImportError> {
    let root = At::root(json);
    let version = root.field("version");
    if version.value.as_i64() != Some(1) {
        return Err(version.invalid(Invalid::Unknown(short(&version.value.to_string()))));
    }
    let source_at = root.field("source");
    let source = source_at.required()?;
    // A seller's orders are known by its name: a file may not pass for
    // pretix's exports (and cancel their orders).
    if source.starts_with("pretix:") {
        return Err(source_at.invalid(Invalid::Unknown(short(&source))));
    }
    let channel_at = root.field("channel");
    let channel = match channel_at.required()?.as_str() {
        "web" => Channel::Web,
        "reseller" => Channel::Reseller,
        "partner" => Channel::Partner,
        "phone" => Channel::Phone,
        other => return Err(channel_at.invalid(Invalid::Unknown(short(other)))),
    };
    let currency = root.field("currency").required()?;
    let mut batch = Batch {
        source,
        channel,
        currency: Some(currency),
        events: named(&root.field("events"))?,
        products: named(&root.field("products"))?,
        orders: Vec::new(),
        left_out: LeftOut::default(),
    };
    for o in root.field("orders").list(MAX_ORDERS)? {
        let status = o.field("status");
        let paid = match status.required()?.as_str() {
            "paid" => true,
            "cancelled" => false,
            other => return Err(status.invalid(Invalid::Unknown(short(other)))),
        };
        let b = o.field("buyer");
        let buyer = Buyer {
            first_name: b.field("first_name").optional()?,
            last_name: b.field("last_name").optional()?,
            email: b.field("email").optional()?,
            phone: b.field("phone").optional()?,
            postcode: b.field("postcode").optional()?,
            language: b.field("language").optional()?,
        };
        let mut tickets = Vec::new();
        let list = o.field("tickets");
        for t in list.list(MAX_TICKETS)? {
            tickets.push(OutsideTicket {
                external: t.field("id").required()?,
                event: t.field("event").required()?,
                product: t.field("product").required()?,
                seat: t.field("seat").text()?.filter(|s| !s.is_empty()),
                price: t.field("price").cents()?,
                code: t.field("code").text()?.filter(|s| !s.is_empty()),
                holder: t.field("holder").optional()?,
                slot: match t.field("slot") {
                    s if s.is_null() => None,
                    s => Some(s.instant()?),
                },
                number: None,
            });
        }
        if tickets.is_empty() {
            return Err(list.invalid(Invalid::NoTickets));
        }
        batch.orders.push(OutsideOrder {
            external: o.field("id").required()?,
            paid,
            placed_at: o.field("placed_at").instant()?,
            buyer,
            tickets,
        });
    }
    Ok(batch)
}

/// `[{"id": …, "name": …}]`: what a seller calls its events or products.
fn named(list: &At) -> Result<Vec<Named>, ImportError> {
    list.list(MAX_ORDERS)?
        .iter()
        .map(|n| {
            Ok(Named {
                external: n.field("id").required()?,
                label: n.field("name").optional()?,
            })
        })
        .collect()
}

/// A pretix product as its positions name it: the item, and its variation.
fn pretix_product(item: &str, variation: Option<&str>) -> String {
    match variation {
        Some(v) => format!("item:{item}/{v}"),
        None => format!("item:{item}"),
    }
}

/// pretix's "Order data (JSON)" export of one event (or event series).
fn pretix(json: &Value, country: Country) -> Result<Batch, ImportError> {
    let event = At::root(json).field("event");
    let slug = event.field("slug").required()?;
    let organizer = event.field("organizer").field("slug").required()?;
    let name = event.field("name").optional()?;
    let mut batch = Batch {
        source: format!("pretix:{organizer}/{slug}"),
        channel: Channel::Web,
        currency: None,
        events: Vec::new(),
        products: Vec::new(),
        orders: Vec::new(),
        left_out: LeftOut::default(),
    };
    let subevents = event.field("subevents").list(MAX_ORDERS)?;
    let mut starts: HashMap<String, DateTime<Utc>> = HashMap::new();
    for s in &subevents {
        let when = s.field("date_from").optional()?;
        if let Ok(t) = DateTime::parse_from_rfc3339(&when) {
            starts.insert(
                format!("subevent:{}", s.field("id").required()?),
                t.with_timezone(&Utc),
            );
        }
        batch.events.push(Named {
            external: format!("subevent:{}", s.field("id").required()?),
            label: format!("{} — {when}", s.field("name").optional()?),
        });
    }
    if subevents.is_empty() {
        batch.events.push(Named {
            external: format!("event:{slug}"),
            label: name,
        });
    }
    // Items that are not admissions (a programme, parking) make no ticket.
    let mut admission: HashMap<String, bool> = HashMap::new();
    for item in event.field("items").list(MAX_ORDERS)? {
        let id = item.field("id").required()?;
        let label = item.field("name").optional()?;
        admission.insert(
            id.clone(),
            item.field("admission").value != &Value::Bool(false),
        );
        let variations = item.field("variations").list(MAX_ORDERS)?;
        if variations.is_empty() {
            batch.products.push(Named {
                external: pretix_product(&id, None),
                label: label.clone(),
            });
        }
        for v in variations {
            let vid = v.field("id").required()?;
            batch.products.push(Named {
                external: pretix_product(&id, Some(&vid)),
                label: format!("{label} — {}", v.field("name").optional()?),
            });
        }
    }
    for o in event.field("orders").list(MAX_ORDERS)? {
        let known = (&admission, &starts);
        if let Some(order) = pretix_order(&o, &slug, known, country, &mut batch.left_out)? {
            batch.orders.push(order);
        }
    }
    Ok(batch)
}

/// One pretix order: paid ones and cancelled ones are read, others (pending,
/// expired, test mode) are counted and left out.
fn pretix_order(
    o: &At,
    slug: &str,
    (admission, starts): (&HashMap<String, bool>, &HashMap<String, DateTime<Utc>>),
    country: Country,
    left_out: &mut LeftOut,
) -> Result<Option<OutsideOrder>, ImportError> {
    let code = o.field("code").required()?;
    if o.field("testmode").value == &Value::Bool(true) {
        left_out.test += 1;
        return Ok(None);
    }
    let paid = match o.field("status").required()?.as_str() {
        "p" => true,
        "c" => false,
        "n" => {
            left_out.pending += 1;
            return Ok(None);
        }
        _ => {
            left_out.expired += 1;
            return Ok(None);
        }
    };
    let mut tickets = Vec::new();
    for p in o.field("positions").list(MAX_TICKETS)? {
        let item = p.field("item").required()?;
        if admission.get(&item) == Some(&false) {
            left_out.not_admission += 1;
            continue;
        }
        let variation = p.field("variation").text()?;
        let event = match p.field("subevent").text()? {
            Some(s) => format!("subevent:{s}"),
            None => format!("event:{slug}"),
        };
        let gross = p.field("price").decimal()?;
        // Quebec's prices are before GST and QST: pretix's tax value out.
        let price = match country {
            Country::France => gross,
            Country::Quebec => {
                let tax = if p.field("tax_value").is_null() {
                    0
                } else {
                    p.field("tax_value").decimal()?
                };
                gross - tax.min(gross)
            }
        };
        let slot = starts.get(&event).copied();
        tickets.push(OutsideTicket {
            external: p.field("id").required()?,
            event,
            product: pretix_product(&item, variation.as_deref()),
            seat: p.field("seat").text()?.filter(|s| !s.is_empty()),
            price,
            code: p.field("secret").text()?.filter(|s| !s.is_empty()),
            holder: p.field("attendee_name").optional()?,
            // A date of a series is, in a timed hall, the entry slot.
            slot,
            number: None,
        });
    }
    // No admission left (pretix leaves cancelled positions out: an order
    // cancelled with a fee kept stays "paid" with none): nothing to admit,
    // as if cancelled.
    let paid = paid && !tickets.is_empty();
    let phone = o.field("phone").optional()?;
    let (first_name, last_name) =
        split_name(tickets.first().map(|t| t.holder.as_str()).unwrap_or(""));
    Ok(Some(OutsideOrder {
        external: code,
        paid,
        placed_at: o.field("datetime").instant()?,
        buyer: Buyer {
            first_name,
            last_name,
            email: o.field("email").optional()?,
            // pretix writes a missing phone as the word None.
            phone: if phone == "None" {
                String::new()
            } else {
                phone
            },
            postcode: String::new(),
            language: o.field("locale").optional()?,
        },
        tickets,
    }))
}

/// "Ana Lopes Garcia": first name Ana, last name Lopes Garcia.
fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.trim().to_owned(), last.trim().to_owned()),
        None => (String::new(), name.trim().to_owned()),
    }
}

/// One order per id and one ticket per seller's code in a file: a file
/// that says otherwise is refused (which one is right cannot be told).
fn check_unique(batch: &Batch) -> Result<(), ImportError> {
    let mut orders: HashMap<&str, usize> = HashMap::with_capacity(batch.orders.len());
    let mut codes: HashMap<&str, usize> = HashMap::new();
    for (i, o) in batch.orders.iter().enumerate() {
        if let Some(first) = orders.insert(&o.external, i) {
            return Err(ImportError::Duplicate {
                order: o.external.clone(),
                first,
                second: i,
            });
        }
        for t in &o.tickets {
            if let Some(code) = &t.code
                && let Some(first) = codes.insert(code, i)
            {
                return Err(ImportError::DuplicateCode {
                    first: batch.orders[first].external.clone(),
                    second: o.external.clone(),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_to_the_cent_and_nothing_else() {
        assert_eq!(parse_decimal("23.00"), Some(2300));
        assert_eq!(parse_decimal("23.5"), Some(2350));
        assert_eq!(parse_decimal("7"), Some(700));
        for bad in [
            "",
            "-1.00",
            "1.005",
            "1,50",
            "12a",
            ".5",
            "1e3",
            "9999999999",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_split_at_the_first_space() {
        assert_eq!(
            split_name("Ana Lopes Garcia"),
            ("Ana".into(), "Lopes Garcia".into())
        );
        assert_eq!(split_name("Prince"), (String::new(), "Prince".into()));
    }
}

//! Holding the sales tables against the signed records: what the sale and
//! cancellation records of the verified chains say the orders, lines,
//! tickets and payments are, compared both ways with the rows (a row no
//! record accounts for, a record whose row is gone, a field that differs).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize as _;
use serde_json::Value;

use crate::domain::Locale;
use crate::domain::journal::{Break, Kind, Problem};
use crate::domain::records::{Cancellation, PaymentLine, Reprint, Sale};
use crate::domain::voucher::Kind as VoucherKind;
use crate::store::audit::{LineRow, PaymentRow};
use crate::store::terminals::TerminalRow;
use crate::store::{self, StoreError, Tx};

/// Where a record is, to name it in a report (its terminal's name, its
/// kind and time are read back then: a million of them are held).
#[derive(Clone, Copy, Debug)]
struct Place {
    terminal_id: i64,
    training: bool,
    seq: i64,
}

struct Order {
    place: Place,
    terminal_id: i64,
    training: bool,
    number: i64,
    total: i64,
    /// Counter when the record is older than the channel.
    channel: String,
    lines: Vec<LineRow>,
    payments: Vec<PaymentRow>,
    /// An imported order: its seller and number there.
    imported: Option<(String, String)>,
}

struct Ticket {
    place: Place,
    terminal_id: i64,
    training: bool,
    number: i64,
    order: String,
    performance: String,
    tariff: String,
    price: i64,
    seat: Option<String>,
    cancelled: bool,
    /// 1, then one more per duplicata recorded.
    prints: i64,
    /// An imported ticket's code at its seller (hashed).
    external: Option<String>,
}

/// A voucher as the records say: the order that issued it (a gift
/// voucher sold, a refund's credit note) and what it paid, per order.
#[derive(Default)]
struct Voucher {
    issued: Option<(Place, String, &'static str, i64)>,
    /// Named as issued by more than one record line.
    twice: bool,
    uses: Vec<(String, i64)>,
    place: Option<Place>,
}

/// What the records say the sales tables hold.
#[derive(Default)]
pub(super) struct Expected {
    orders: HashMap<String, Order>,
    tickets: HashMap<String, Ticket>,
    vouchers: BTreeMap<String, Voucher>,
    /// Subscription id → (where, its order, its formula, its price).
    subscriptions: BTreeMap<String, (Place, String, String, i64)>,
    /// (subscription, order) named by sales: the one that sold it, an
    /// exchange's, a moved performance's.
    subscription_orders: BTreeMap<(String, String), Place>,
}

impl Expected {
    /// Takes in one verified record (only sales and cancellations matter).
    pub(super) fn record(
        &mut self,
        terminal: &TerminalRow,
        row: &store::ledger::LedgerRow,
        data: &Value,
    ) -> Result<(), Problem> {
        let training = row.chain == "training";
        let place = Place {
            terminal_id: terminal.id,
            training,
            seq: row.seq,
        };
        if row.kind == Kind::Sale.as_str() || row.kind == Kind::OrderImported.as_str() {
            let sale = Sale::deserialize(data)
                .map_err(|_| Problem::Altered("a sale record this version cannot read"))?;
            self.sale(terminal.id, training, place, sale)
        } else if row.kind == Kind::Cancellation.as_str() {
            let c = Cancellation::deserialize(data)
                .map_err(|_| Problem::Altered("a cancellation record this version cannot read"))?;
            self.vouchers(place, &c.order, &c.payments, VoucherKind::Credit.code());
            self.cancellation(c);
            Ok(())
        } else if row.kind == Kind::Reprint.as_str() {
            let r = Reprint::deserialize(data)
                .map_err(|_| Problem::Altered("a reprint record this version cannot read"))?;
            if let Some(t) = self.tickets.get_mut(&r.id) {
                t.prints = t.prints.max(r.duplicate.saturating_add(1));
            }
            Ok(())
        } else {
            Ok(())
        }
    }

    /// The vouchers a record's payments name: issued (negative) or spent.
    fn vouchers(
        &mut self,
        place: Place,
        order: &str,
        payments: &[PaymentLine],
        kind: &'static str,
    ) {
        for p in payments {
            let Some(id) = &p.voucher else { continue };
            let v = self.vouchers.entry(id.clone()).or_default();
            v.place.get_or_insert(place);
            if p.amount < 0 {
                v.twice |= v.issued.is_some();
                v.issued = Some((place, order.to_owned(), kind, -p.amount));
            } else {
                v.uses.push((order.to_owned(), p.amount));
            }
        }
    }

    fn sale(
        &mut self,
        terminal_id: i64,
        training: bool,
        place: Place,
        sale: Sale,
    ) -> Result<(), Problem> {
        self.vouchers(place, &sale.order, &sale.payments, VoucherKind::Gift.code());
        // The sale that sold it (an exchange within its formula names it
        // too, as part of an exchange).
        if let Some(s) = sale
            .subscription
            .as_ref()
            .filter(|_| sale.exchange.is_none())
        {
            let signed = (place, sale.order.clone(), s.formula.clone(), s.price);
            self.subscriptions.insert(s.id.clone(), signed);
        }
        if let Some(s) = &sale.subscription {
            let pair = (s.id.clone(), sale.order.clone());
            self.subscription_orders.insert(pair, place);
        }
        // Tickets are numbered line after line: each line's quantity of
        // them, in order, carries its performance and tariff.
        let mut owners = sale
            .lines
            .iter()
            .flat_map(|l| std::iter::repeat_n(l, l.quantity as usize));
        for t in &sale.tickets {
            let line = owners
                .next()
                .ok_or(Problem::Altered("a sale with more tickets than its lines"))?;
            self.tickets.insert(
                t.id.clone(),
                Ticket {
                    place,
                    terminal_id,
                    training,
                    number: t.number,
                    order: sale.order.clone(),
                    performance: line.performance.clone(),
                    tariff: line.tariff.clone(),
                    price: t.price,
                    seat: t.seat.clone(),
                    cancelled: false,
                    prints: 1,
                    external: t.external.clone(),
                },
            );
        }
        let lines = sale
            .lines
            .iter()
            .map(|l| LineRow {
                order: String::new(),
                performance: l.performance.clone(),
                tariff: l.tariff.clone(),
                quantity: i64::from(l.quantity),
                unit_price: l.unit_price,
                excl: l.excl,
                tax: l.tax,
                incl: l.incl,
            })
            .collect();
        let payments = sale
            .payments
            .iter()
            .map(|p| PaymentRow {
                order: String::new(),
                method: p.method.clone(),
                amount: p.amount,
                tendered: p.tendered,
            })
            .collect();
        self.orders.insert(
            sale.order.clone(),
            Order {
                place,
                terminal_id,
                training,
                number: sale.receipt,
                total: sale.total,
                channel: sale.channel.clone().unwrap_or_else(|| "counter".into()),
                lines,
                payments,
                imported: sale
                    .imported
                    .as_ref()
                    .map(|i| (i.source.clone(), i.external.clone())),
            },
        );
        Ok(())
    }

    fn cancellation(&mut self, c: Cancellation) {
        for line in &c.lines {
            if let Some(t) = self.tickets.get_mut(&line.id) {
                t.cancelled = true;
            }
        }
        if let Some(o) = self.orders.get_mut(&c.order) {
            o.payments.extend(c.payments.iter().map(|p| PaymentRow {
                order: String::new(),
                method: p.method.clone(),
                amount: p.amount,
                tendered: p.tendered,
            }));
        }
    }
}

/// SQL as SQLite keeps it, compared without comments, case or spacing
/// (a migrated database keeps the text its migration wrote).
fn normal(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The database's protections against what this version installs: every
/// trigger the schema ships present and unchanged, no trigger added, and
/// every table and index there. The first difference.
pub(super) fn check_defences(tx: &Tx) -> Result<Option<Break>, StoreError> {
    let found = store::audit::schema_objects(tx)?;
    let shipped = store::audit::shipped_schema_objects()?;
    let problem = |object: &str, missing| Break {
        terminal: "-".into(),
        chain: "-".into(),
        position: 0,
        kind: String::new(),
        at: String::new(),
        problem: Problem::Defence {
            object: object.to_owned(),
            missing,
        },
    };
    for s in &shipped {
        match found.iter().find(|f| f.kind == s.kind && f.name == s.name) {
            None => return Ok(Some(problem(&s.name, true))),
            Some(f) if s.kind == "trigger" && normal(&f.sql) != normal(&s.sql) => {
                return Ok(Some(problem(&s.name, false)));
            }
            Some(_) => {}
        }
    }
    // A trigger the program never installs can rewrite what it writes.
    if let Some(extra) = found
        .iter()
        .find(|f| f.kind == "trigger" && !shipped.iter().any(|s| s.name == f.name))
    {
        return Ok(Some(problem(&extra.name, false)));
    }
    Ok(None)
}

/// A finding at a record: named by its terminal's id for now, see [`named`].
fn at(place: &Place, problem: Problem) -> Break {
    Break {
        terminal: format!("#{}", place.terminal_id),
        chain: if place.training { "training" } else { "fiscal" }.to_owned(),
        position: place.seq,
        kind: String::new(),
        at: String::new(),
        problem,
    }
}

/// A finding with its terminal's name and its record's kind and time.
fn named(tx: &Tx, terminals: &[TerminalRow], mut b: Break) -> Result<Break, StoreError> {
    let Some(id) = b
        .terminal
        .strip_prefix('#')
        .and_then(|i| i.parse::<i64>().ok())
    else {
        return Ok(b);
    };
    if let Some(t) = terminals.iter().find(|t| t.id == id) {
        b.terminal = t.name.clone();
    }
    if let Some((kind, at)) = store::ledger::kind_at(tx, id, &b.chain, b.position)? {
        (b.kind, b.at) = (kind, at);
    }
    Ok(b)
}

/// A row that no record accounts for: named by its terminal and chain.
fn unrecorded(
    terminals: &[TerminalRow],
    terminal_id: i64,
    training: bool,
    table: &'static str,
    row: String,
) -> Break {
    Break {
        terminal: terminals
            .iter()
            .find(|t| t.id == terminal_id)
            .map_or_else(|| format!("#{terminal_id}"), |t| t.name.clone()),
        chain: if training { "training" } else { "fiscal" }.to_owned(),
        position: 0,
        kind: String::new(),
        at: String::new(),
        problem: Problem::NoRecord { table, row },
    }
}

/// The first disagreement between the sales tables and `expected`.
pub(super) fn check(
    tx: &Tx,
    terminals: &[TerminalRow],
    expected: &Expected,
) -> Result<Option<Break>, StoreError> {
    let found = match check_orders(tx, terminals, expected)? {
        Some(b) => Some(b),
        None => match check_tickets(tx, terminals, expected)? {
            Some(b) => Some(b),
            None => match check_external_codes(tx, expected)? {
                Some(b) => Some(b),
                None => match check_imports(tx, expected)? {
                    Some(b) => Some(b),
                    None => match check_vouchers(tx, expected)? {
                        Some(b) => Some(b),
                        None => check_subscriptions(tx, expected)?,
                    },
                },
            },
        },
    };
    found.map(|b| named(tx, terminals, b)).transpose()
}

fn check_orders(
    tx: &Tx,
    terminals: &[TerminalRow],
    expected: &Expected,
) -> Result<Option<Break>, StoreError> {
    let mut rows = store::audit::orders(tx)?;
    rows.sort_by_key(|o| (o.terminal_id, o.training, o.number));
    let mut lines: BTreeMap<String, Vec<LineRow>> = BTreeMap::new();
    for l in store::audit::lines(tx)? {
        lines.entry(l.order.clone()).or_default().push(l);
    }
    let mut payments: BTreeMap<String, Vec<PaymentRow>> = BTreeMap::new();
    for p in store::audit::payments(tx)? {
        payments.entry(p.order.clone()).or_default().push(p);
    }
    let mut seen = HashSet::new();
    for row in &rows {
        let name = format!("order {}", row.number);
        let Some(o) = expected.orders.get(&row.public_id) else {
            let b = unrecorded(terminals, row.terminal_id, row.training, "sale_order", name);
            return Ok(Some(b));
        };
        seen.insert(row.public_id.as_str());
        let differs = |what| {
            Some(at(
                &o.place,
                Problem::Disagrees {
                    table: "sale_order",
                    row: name.clone(),
                    what,
                },
            ))
        };
        if row.terminal_id != o.terminal_id || row.training != o.training {
            return Ok(differs("terminal or chain"));
        }
        if row.number != o.number {
            return Ok(differs("number"));
        }
        if row.total != o.total {
            return Ok(differs("total"));
        }
        if row.channel != o.channel {
            return Ok(differs("channel"));
        }
        if row.ledger_seq != o.place.seq {
            return Ok(differs("record number"));
        }
        let mut found = lines.remove(&row.public_id).unwrap_or_default();
        for l in &mut found {
            l.order.clear();
        }
        let mut signed = o.lines.clone();
        found.sort();
        signed.sort();
        if found != signed {
            return Ok(differs("lines (performance, tariff, quantity or amounts)"));
        }
        let mut found = payments.remove(&row.public_id).unwrap_or_default();
        for p in &mut found {
            p.order.clear();
        }
        let mut signed = o.payments.clone();
        found.sort();
        signed.sort();
        if found != signed {
            return Ok(differs("payments or refunds"));
        }
    }
    // Lines and payments of no order at all.
    if let Some((order, _)) = lines.iter().next() {
        return Ok(Some(stray("order_line", order)));
    }
    if let Some((order, _)) = payments.iter().next() {
        return Ok(Some(stray("payment", order)));
    }
    let mut missing: Vec<&Order> = expected
        .orders
        .iter()
        .filter(|(id, _)| !seen.contains(id.as_str()))
        .map(|(_, o)| o)
        .collect();
    missing.sort_by_key(|o| (o.terminal_id, o.training, o.number));
    Ok(missing.first().map(|o| {
        at(
            &o.place,
            Problem::NoRow {
                table: "sale_order",
                row: format!("order {}", o.number),
            },
        )
    }))
}

/// Each voucher as the records that issued and spent it say: its kind,
/// amount and order, and what it paid for which order; no voucher or use
/// without its record, no record's voucher without its row. (Its code's
/// digest and last day are kept by the schema's triggers, which
/// `check_defences` holds.)
fn check_vouchers(tx: &Tx, expected: &Expected) -> Result<Option<Break>, StoreError> {
    let (issued, used) = store::vouchers::all_for_verify(tx)?;
    let mut uses: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
    for (voucher, order, amount) in used {
        uses.entry(voucher).or_default().push((order, amount));
    }
    let mut seen = HashSet::new();
    for (id, kind, amount, training, order) in &issued {
        let signed = expected.vouchers.get(id);
        let Some((place, signed_order, signed_kind, signed_amount)) =
            signed.and_then(|v| v.issued.as_ref())
        else {
            return Ok(Some(unsigned("voucher", id.clone())));
        };
        seen.insert(id.as_str());
        let differs = |what| {
            Some(at(
                place,
                Problem::Disagrees {
                    table: "voucher",
                    row: id.clone(),
                    what,
                },
            ))
        };
        if (order, kind.as_str(), *amount, *training)
            != (signed_order, *signed_kind, *signed_amount, place.training)
        {
            return Ok(differs("its kind, amount, order or chain"));
        }
        if signed.is_some_and(|v| v.twice) {
            return Ok(differs("issued by two record lines"));
        }
        let mut found = uses.remove(id).unwrap_or_default();
        let mut spent = signed.map(|v| v.uses.clone()).unwrap_or_default();
        found.sort();
        spent.sort();
        if found != spent {
            return Ok(differs("what it paid"));
        }
        if spent.iter().map(|(_, a)| *a).sum::<i64>() > *amount {
            return Ok(differs("more paid than it held"));
        }
    }
    if let Some((voucher, _)) = uses.iter().next() {
        return Ok(Some(unsigned("voucher_use", voucher.clone())));
    }
    Ok(expected
        .vouchers
        .iter()
        .find(|(id, _)| !seen.contains(id.as_str()))
        .map(|(id, v)| {
            let place = v.place.unwrap_or(Place {
                terminal_id: 0,
                training: false,
                seq: 0,
            });
            at(
                &place,
                Problem::NoRow {
                    table: "voucher",
                    row: id.clone(),
                },
            )
        }))
}

/// Each subscription is the one its sale's record names (its order,
/// formula, price and chain), and each one a record names is there.
fn check_subscriptions(tx: &Tx, expected: &Expected) -> Result<Option<Break>, StoreError> {
    // Which orders hold a subscription's tickets: those its records name.
    let pairs = store::subscriptions::orders_for_verify(tx)?;
    for (subscription, order) in &pairs {
        let pair = (subscription.clone(), order.clone());
        if !expected.subscription_orders.contains_key(&pair) {
            let row = format!("{subscription} / {order}");
            return Ok(Some(unsigned("subscription_order", row)));
        }
    }
    if let Some(((subscription, order), place)) = expected
        .subscription_orders
        .iter()
        .find(|(k, _)| !pairs.contains(k))
    {
        let row = format!("{subscription} / {order}");
        return Ok(Some(at(
            place,
            Problem::NoRow {
                table: "subscription_order",
                row,
            },
        )));
    }
    let rows = store::subscriptions::all_for_verify(tx)?;
    let mut seen = HashSet::new();
    for (id, order, formula, price, training) in &rows {
        let Some((place, s_order, s_formula, s_price)) = expected.subscriptions.get(id) else {
            return Ok(Some(unsigned("subscription", id.clone())));
        };
        seen.insert(id.as_str());
        if (order, formula, *price, *training) != (s_order, s_formula, *s_price, place.training) {
            return Ok(Some(at(
                place,
                Problem::Disagrees {
                    table: "subscription",
                    row: id.clone(),
                    what: "its order, formula, price or chain",
                },
            )));
        }
    }
    Ok(expected
        .subscriptions
        .iter()
        .find(|(id, _)| !seen.contains(id.as_str()))
        .map(|(id, (place, ..))| {
            at(
                place,
                Problem::NoRow {
                    table: "subscription",
                    row: id.clone(),
                },
            )
        }))
}

/// Each seller's code the door accepts is the one its ticket's signed
/// record names, and each one a record names is there.
fn check_external_codes(tx: &Tx, expected: &Expected) -> Result<Option<Break>, StoreError> {
    let rows = store::audit::external_codes(tx)?;
    for (ticket, hash) in &rows {
        let t = expected.tickets.get(ticket);
        if t.and_then(|t| t.external.as_deref()) != Some(hash.as_str()) {
            let short: String = hash.chars().take(12).collect();
            let row = format!("seller's code {short} of ticket {ticket}");
            return Ok(Some(match t {
                Some(t) => at(
                    &t.place,
                    Problem::Disagrees {
                        table: "external_code",
                        row,
                        what: "code",
                    },
                ),
                None => stray("external_code", ticket),
            }));
        }
    }
    let found: HashSet<&str> = rows.iter().map(|(_, h)| h.as_str()).collect();
    let mut missing: Vec<&Ticket> = expected
        .tickets
        .values()
        .filter(|t| t.external.as_deref().is_some_and(|h| !found.contains(h)))
        .collect();
    missing.sort_by_key(|t| (t.terminal_id, t.number));
    Ok(missing.first().map(|t| {
        at(
            &t.place,
            Problem::NoRow {
                table: "external_code",
                row: format!("seller's code of ticket {}", t.number),
            },
        )
    }))
}

/// Each imported order is the one its seller's order became here, once:
/// the import's row names it (without it the next import of the same file
/// would land it twice), and no row names an order no import record made.
fn check_imports(tx: &Tx, expected: &Expected) -> Result<Option<Break>, StoreError> {
    let rows = store::audit::imported_orders(tx)?;
    let mut named: HashMap<(&str, &str), &str> = HashMap::new();
    for (source, external, order) in &rows {
        named.insert((source.as_str(), external.as_str()), order.as_str());
        let signed = expected.orders.get(order).and_then(|o| o.imported.as_ref());
        if signed.is_none_or(|(s, e)| s != source || e != external) {
            return Ok(Some(stray("import_order", order)));
        }
    }
    let mut missing: Vec<&Order> = expected
        .orders
        .iter()
        .filter(|(id, o)| {
            o.imported
                .as_ref()
                .is_some_and(|(s, e)| named.get(&(s.as_str(), e.as_str())) != Some(&id.as_str()))
        })
        .map(|(_, o)| o)
        .collect();
    missing.sort_by_key(|o| (o.terminal_id, o.number));
    Ok(missing.first().map(|o| {
        at(
            &o.place,
            Problem::NoRow {
                table: "import_order",
                row: format!("order {}", o.number),
            },
        )
    }))
}

/// A row of `table` no record accounts for (`row` names it).
fn unsigned(table: &'static str, row: String) -> Break {
    Break {
        terminal: "-".into(),
        chain: "-".into(),
        position: 0,
        kind: String::new(),
        at: String::new(),
        problem: Problem::NoRecord { table, row },
    }
}

fn stray(table: &'static str, order: &str) -> Break {
    unsigned(table, format!("of an order no record holds ({order})"))
}

fn check_tickets(
    tx: &Tx,
    terminals: &[TerminalRow],
    expected: &Expected,
) -> Result<Option<Break>, StoreError> {
    let mut rows = store::audit::tickets(tx)?;
    rows.sort_by_key(|t| (t.terminal_id, t.training, t.number));
    let mut seen = HashSet::new();
    for row in &rows {
        let name = format!("ticket {}", row.number);
        let Some(t) = expected.tickets.get(&row.public_id) else {
            let b = unrecorded(terminals, row.terminal_id, row.training, "ticket", name);
            return Ok(Some(b));
        };
        seen.insert(row.public_id.as_str());
        let seat = row.seat.as_ref().map(|s| s.label(Locale::FrFr));
        let what = if row.terminal_id != t.terminal_id || row.training != t.training {
            Some("terminal or chain")
        } else if row.number != t.number {
            Some("number")
        } else if row.order != t.order {
            Some("order")
        } else if row.performance != t.performance {
            Some("performance")
        } else if row.tariff != t.tariff {
            Some("tariff")
        } else if row.price != t.price {
            Some("price")
        } else if seat != t.seat {
            Some("seat")
        } else if row.valid == t.cancelled {
            Some("status (valid or cancelled)")
        } else if row.prints != t.prints {
            Some("prints")
        } else {
            None
        };
        if let Some(what) = what {
            return Ok(Some(at(
                &t.place,
                Problem::Disagrees {
                    table: "ticket",
                    row: name,
                    what,
                },
            )));
        }
    }
    let mut missing: Vec<&Ticket> = expected
        .tickets
        .iter()
        .filter(|(id, _)| !seen.contains(id.as_str()))
        .map(|(_, t)| t)
        .collect();
    missing.sort_by_key(|t| (t.terminal_id, t.training, t.number));
    Ok(missing.first().map(|t| {
        at(
            &t.place,
            Problem::NoRow {
                table: "ticket",
                row: format!("ticket {}", t.number),
            },
        )
    }))
}

//! Selling and customer service on the command line: the same job
//! functions as the Vente screen.

use std::path::Path;

use chrono::{DateTime, NaiveTime, Utc};
use serde_json::{Value, json};

use guichet::counter::offer::{self, Offer};
use guichet::counter::orders::{self, OrderView};
use guichet::counter::printed;
use guichet::counter::vouchers::{self, VoucherError};
use guichet::counter::{Basket, Cash, Checkout, CounterError, Credit, Sold};
use guichet::domain::order::Channel;
use guichet::domain::payment::{Method, Tender};
use guichet::domain::season::HallKind;
use guichet::domain::{Cents, Currency, Locale, Money};
use guichet::terminal::{self, Store};
use guichet::tickets::print::{self, PrintSettings};

use super::{Failure, Run};

/// How the places are chosen.
enum Places {
    Seats(Vec<String>),
    Best(usize),
    Quantity(usize),
}

/// The options of `guichet sell` (and of the new tickets of `guichet
/// exchange`).
#[derive(clap::Args)]
pub struct SellArgs {
    #[arg(long, value_name = "ID")]
    pub performance: i64,
    /// Seats as the hall names them: F12, "Balcon C 14", ...
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["best", "qty"])]
    pub seats: Vec<String>,
    /// The best N seats side by side
    #[arg(long, value_name = "N", conflicts_with = "qty")]
    pub best: Option<usize>,
    /// N general-admission places (or N entries with --slot)
    #[arg(long, value_name = "N")]
    pub qty: Option<usize>,
    /// Entry slot of a timed performance, local time HH:MM
    #[arg(long, value_name = "HH:MM")]
    pub slot: Option<String>,
    /// One tariff code for every ticket, or one per ticket
    #[arg(
        long = "tariff",
        value_delimiter = ',',
        required = true,
        value_name = "CODE[,CODE…]"
    )]
    pub tariffs: Vec<String>,
    /// Payments, METHOD:CENTS: cash (may exceed: change is given), card,
    /// cheque; voucher:CODE:CENTS (a gift voucher or credit note); nothing
    /// for a free order
    #[arg(long, value_delimiter = ',', value_name = "METHOD:CENTS[,…]")]
    pub pay: Vec<String>,
    #[arg(long, value_name = "ID")]
    pub patron: Option<i64>,
    /// Through whom it is sold: counter (the default), web, reseller,
    /// partner, phone, invitation
    #[arg(long, default_value = "counter", value_name = "CHANNEL")]
    pub channel: String,
    /// Also write the tickets' PDF into this folder (it is always kept in
    /// the data folder too)
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
    #[arg(long)]
    pub json: bool,
}

impl SellArgs {
    fn places(&self) -> Places {
        match (self.best, self.qty) {
            (Some(n), _) => Places::Best(n),
            (None, Some(n)) => Places::Quantity(n),
            (None, None) => Places::Seats(self.seats.clone()),
        }
    }
}

pub(super) fn refused(e: CounterError) -> Failure {
    Failure(e.to_string(), 1)
}

pub(super) fn money(cents: Cents, currency: Currency) -> String {
    Money { cents, currency }.format(Locale::En)
}

/// `--pay cash:5000,card:2000,voucher:K7QF-9M2X-HT4C-8WRA:1500`: method and
/// amount in cents; a voucher by its code, found in `store` (what is left
/// on it is checked again by the sale).
pub fn parse_tenders(
    pay: &[String],
    store: &Store,
    now: DateTime<Utc>,
) -> Result<Vec<Tender>, Failure> {
    pay.iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (method, rest) = p.split_once(':').unwrap_or((p.as_str(), "0"));
            let method = Method::from_code(method).ok_or_else(|| {
                Failure(
                    format!(
                        "\"{method}\" is not a payment method: use cash, card, cheque, voucher or complimentary"
                    ),
                    2,
                )
            })?;
            let (voucher, amount) = match (method, rest.rsplit_once(':')) {
                (Method::Voucher, Some((code, amount))) => {
                    let found = vouchers::find(store, code, now).map_err(refused)?;
                    (Some(found.voucher.id), amount)
                }
                (Method::Voucher, None) => {
                    return Err(refused(VoucherError::NeedsCode.into()));
                }
                _ => (None, rest),
            };
            let amount: i64 = amount.trim().parse().map_err(|_| {
                Failure(
                    format!("\"{amount}\" is not an amount in cents (e.g. cash:5000 for 50.00)"),
                    2,
                )
            })?;
            Ok(Tender {
                method,
                amount: Cents(amount),
                voucher,
            })
        })
        .collect()
}

pub fn sell(run: &Run, args: SellArgs) -> Result<(), Failure> {
    sell_or_exchange(run, args, None)
}

/// `--refund cash`: how a difference in the customer's favour goes back.
pub fn refund_method(code: &str) -> Result<Method, Failure> {
    Method::from_code(code).ok_or_else(|| {
        Failure(
            format!("\"{code}\" is not a refund method: use cash, card, cheque or voucher"),
            2,
        )
    })
}

/// What is given back in an exchange: the order, its tickets (all when
/// empty), and how a difference in the customer's favour is refunded.
pub struct GivenBack {
    pub order: i64,
    pub tickets: Vec<i64>,
    pub refund: Method,
}

/// `guichet exchange ORDER [--tickets N,…] --performance ID … [--pay …]
/// [--refund METHOD]`: the tickets given back pay for the new ones.
pub fn exchange(run: &Run, args: SellArgs, given: GivenBack) -> Result<(), Failure> {
    sell_or_exchange(run, args, Some(given))
}

fn sell_or_exchange(run: &Run, args: SellArgs, given: Option<GivenBack>) -> Result<(), Failure> {
    let channel = Channel::from_code(&args.channel).ok_or_else(|| {
        Failure(
            format!(
                "\"{}\" is not a channel: use counter, web, reseller, partner, phone or invitation",
                args.channel
            ),
            2,
        )
    })?;
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let offer = offer::load(&t.store, args.performance, None, now).map_err(refused)?;
    let mut basket = Basket::new(t.signer.terminal_id);
    fill(&mut basket, &mut t.store, &offer, &args, now)?;
    for tender in parse_tenders(&args.pay, &t.store, now)? {
        basket.tender(tender);
    }
    basket.set_patron(args.patron);
    basket.set_channel(channel);
    if let Some(g) = &given {
        let old = orders::by_number(&t.store, t.signer.terminal_id, g.order).map_err(refused)?;
        let credit = Credit::of(&old, &g.tickets).ok_or_else(|| {
            refused(CounterError::AlreadyCancelled(
                g.tickets.first().copied().unwrap_or(g.order),
            ))
        })?;
        basket.exchange(Credit {
            refund: g.refund,
            ..credit
        });
    }
    let done = basket
        .checkout(&mut t.store, &t.signer, &by, Cash::Nothing, now)
        .map_err(refused)?;
    // The sale is recorded: a PDF that cannot be made is reported, and
    // `guichet reprint` makes it again.
    let pdf = pdf_of(
        &t.store,
        run.db(),
        done.sold.order_id,
        None,
        args.out.as_deref(),
        now,
    );
    if args.json {
        print_json(&done.sold, &offer, &pdf);
    } else {
        print_text(&done, given.as_ref(), &offer, &pdf);
    }
    Ok(())
}

/// Puts what the options name in the basket: seats, the best N, or N
/// places (of a slot); then one tariff for all, or one per ticket.
fn fill(
    basket: &mut Basket,
    store: &mut Store,
    offer: &Offer,
    args: &SellArgs,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    match args.places() {
        Places::Seats(labels) => {
            let seats = labels
                .iter()
                .map(|l| offer.find_seat(l))
                .collect::<Result<Vec<_>, _>>()
                .map_err(refused)?;
            if seats.is_empty() {
                return Err(refused(CounterError::NothingToSell));
            }
            basket.add_seats(store, offer, &seats, now)
        }
        Places::Best(n) => basket.add_best(store, offer, n, now),
        Places::Quantity(n) => {
            let slot = match (&args.slot, offer.hall.kind) {
                (Some(text), HallKind::Timed) => Some(slot_at(offer, text)?),
                _ => None,
            };
            basket.add_places(offer, n, slot)
        }
    }
    .map_err(refused)?;
    let count = basket.tickets().len();
    let tariffs = args
        .tariffs
        .iter()
        .map(|code| {
            offer
                .tariff(code)
                .map(|t| t.tariff.id)
                .ok_or_else(|| refused(CounterError::UnknownTariff(code.clone())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let per_ticket: Vec<i64> = match tariffs.len() {
        1 => vec![tariffs[0]; count],
        n if n == count => tariffs,
        n => {
            return Err(refused(CounterError::TariffCount { count, tariffs: n }));
        }
    };
    for (i, tariff) in per_ticket.into_iter().enumerate() {
        basket.set_tariff(i, tariff, offer).map_err(refused)?;
    }
    Ok(())
}

/// `--slot HH:MM` of performance `performance`: its entry slot then.
pub(super) fn slot_of(
    store: &Store,
    performance: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<i64, Failure> {
    let offer = offer::load(store, performance, None, now).map_err(refused)?;
    slot_at(&offer, text)
}

/// `--slot HH:MM`: the entry slot of a timed performance at that local time.
fn slot_at(offer: &Offer, text: &str) -> Result<i64, Failure> {
    let time = NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .map_err(|_| Failure(format!("\"{text}\" is not a time: use HH:MM"), 2))?;
    let local = |s: &guichet::domain::Slot| s.starts_at.with_timezone(&offer.zone);
    match offer.slots.iter().find(|s| local(s).time() == time) {
        Some(slot) => Ok(slot.id),
        None => Err(Failure(
            format!(
                "no entry slot at {text} for {}: the slots start at {}",
                offer.name(),
                offer
                    .slots
                    .iter()
                    .map(|s| local(s).format("%H:%M").to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            1,
        )),
    }
}

fn print_json(sold: &Sold, offer: &Offer, pdf: &Result<std::path::PathBuf, String>) {
    let tickets: Vec<Value> = sold
        .tickets
        .iter()
        .map(|tk| {
            json!({
                "number": tk.number,
                "id": tk.public_id,
                "performance": tk.performance_id,
                "seat": tk.seat.as_ref().map(|s| s.label(Locale::En)),
                "slot": tk.slot.map(|s| s.with_timezone(&offer.zone).to_rfc3339()),
                "tariff": tk.tariff,
                "category": tk.category,
                "price": tk.price.0,
                "code": tk.code,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "order": sold.number,
            "order_id": sold.public_id,
            "currency": sold.currency.code(),
            "total": sold.total.0,
            "change": sold.change.0,
            "payments": sold.payments.iter().map(|p| json!({
                "method": p.method.code(),
                "amount": p.amount.0,
                "tendered": p.tendered.map(|x| x.0),
            })).collect::<Vec<_>>(),
            "tickets": tickets,
            "pdf": pdf.as_ref().ok().map(|p| p.display().to_string()),
            "pdf_error": pdf.as_ref().err(),
        }))
        .unwrap_or_default()
    );
}

fn print_text(
    done: &Checkout,
    given: Option<&GivenBack>,
    offer: &Offer,
    pdf: &Result<std::path::PathBuf, String>,
) {
    let sold = &done.sold;
    let c = sold.currency;
    if let (Some(g), Some(back)) = (given, &done.given_back) {
        println!(
            "order {}: ticket(s) {} given back, worth {}",
            g.order,
            back.tickets
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            money(-back.amount, c)
        );
    }
    if done.refunded > Cents::ZERO {
        println!("refunded {}", money(done.refunded, c));
    }
    if let Some(credit) = done.given_back.as_ref().and_then(|b| b.credit.as_ref()) {
        println!("{}", credit_text(credit));
    }
    println!(
        "order {} — {} ticket(s) — total {}{}",
        sold.number,
        sold.tickets.len(),
        money(sold.total, c),
        if sold.change > Cents::ZERO {
            format!(" — change {}", money(sold.change, c))
        } else {
            String::new()
        }
    );
    for tk in &sold.tickets {
        let place = match (&tk.seat, tk.slot) {
            (Some(seat), _) => seat.label(Locale::En),
            (None, Some(slot)) => {
                format!("entry {}", slot.with_timezone(&offer.zone).format("%H:%M"))
            }
            (None, None) => "general admission".to_owned(),
        };
        println!(
            "ticket {}\t{}\t{}\t{}\t{}",
            tk.number,
            place,
            tk.tariff,
            money(tk.price, c),
            tk.code
        );
    }
    match pdf {
        Ok(path) => println!("pdf {}", path.display()),
        Err(e) => eprintln!("guichet: the sale is recorded, but {e}"),
    }
}

/// Makes and keeps the PDF of an order (or one ticket), copied into `out`
/// when given; the path of the copy the user asked for.
pub(super) fn pdf_of(
    store: &Store,
    db: &Path,
    order_id: i64,
    only: Option<i64>,
    out: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<std::path::PathBuf, String> {
    let layout = PrintSettings::load(store)
        .map_err(|e| e.to_string())?
        .layout;
    let kept = printed::make(store, db, order_id, only, layout, now).map_err(|e| e.to_string())?;
    match out {
        None => Ok(kept),
        Some(dir) => print::copy_to(dir, &kept).map_err(|e| e.to_string()),
    }
}

fn order_json(o: &OrderView) -> Value {
    json!({
        "order": o.number,
        "order_id": o.public_id,
        "at": o.created_at.to_rfc3339(),
        "currency": o.currency.code(),
        "total": o.total.0,
        "paid": o.net_paid().0,
        "patron": o.patron,
        "operator": o.operator,
        "tickets": o.tickets.iter().map(|t| json!({
            "number": t.number,
            "performance": t.performance_id,
            "show": t.performance.show,
            "seat": t.seat.as_ref().map(|s| s.label(Locale::En)),
            "tariff": t.tariff,
            "price": t.price.0,
            "valid": t.valid,
            "duplicates": t.prints - 1,
            "code": t.code,
        })).collect::<Vec<_>>(),
        "payments": o.payments.iter().map(|p| json!({
            "method": p.method.code(),
            "amount": p.amount.0,
        })).collect::<Vec<_>>(),
    })
}

/// `guichet orders find TEXT [--json]`.
pub fn find(run: &Run, text: &str, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let terminal = guichet::terminal::this_terminal_id(&store, run.db())?;
    let found = orders::find(&store, terminal, text).map_err(refused)?;
    if as_json {
        let rows: Vec<Value> = found.iter().map(order_json).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    for o in &found {
        println!(
            "order {}\t{}\t{}\t{}\t{}",
            o.number,
            o.created_at.format("%Y-%m-%d %H:%M UTC"),
            money(o.total, o.currency),
            o.patron.as_deref().unwrap_or("-"),
            o.operator
        );
        for t in &o.tickets {
            println!(
                "  ticket {}\t{}\t{}\t{}\t{}{}",
                t.number,
                t.performance,
                t.seat
                    .as_ref()
                    .map(|s| s.label(Locale::En))
                    .unwrap_or_else(|| "-".into()),
                t.tariff,
                money(t.price, o.currency),
                if t.valid { "" } else { "\tCANCELLED" }
            );
        }
    }
    Ok(())
}

/// `guichet cancel ORDER [--tickets N,…] --refund METHOD [--json]`.
pub fn cancel(
    run: &Run,
    order: i64,
    tickets: &[i64],
    refund: &str,
    as_json: bool,
) -> Result<(), Failure> {
    let method = refund_method(refund)?;
    let (mut t, by) = run.open(false)?;
    let order_row = orders::by_number(&t.store, t.signer.terminal_id, order).map_err(refused)?;
    let done = guichet::counter::refunds::cancel(
        &mut t.store,
        &t.signer,
        &by,
        order_row.id,
        tickets,
        method,
        run.now(),
    )
    .map_err(refused)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "order": done.order_number,
                "cancelled": done.tickets,
                "refund": { "method": done.method.code(), "amount": done.amount.0 },
                "currency": done.currency.code(),
                "had_entered": done.admitted,
                "credit_note": done.credit.as_ref().map(credit_json),
            }))
            .unwrap_or_default()
        );
    } else {
        println!(
            "order {}: ticket(s) {} cancelled, {} refunded by {}",
            done.order_number,
            done.tickets
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            money(-done.amount, done.currency),
            done.method.code()
        );
        for n in &done.admitted {
            println!("ticket {n} had already entered at the door");
        }
        if let Some(c) = &done.credit {
            println!("{}", credit_text(c));
        }
    }
    Ok(())
}

/// A credit note just issued, as the command line says it: its code is
/// shown this once, for the customer.
pub(super) fn credit_text(c: &vouchers::Issued) -> String {
    let until = c
        .last_day
        .map_or("never expires".to_owned(), |d| format!("valid until {d}"));
    format!(
        "credit note {}: {}, {until} (give the customer this code)",
        c.code,
        money(c.amount, c.currency)
    )
}

pub(super) fn credit_json(c: &vouchers::Issued) -> Value {
    json!({
        "code": c.code,
        "voucher": c.public_id,
        "amount": c.amount.0,
        "last_day": c.last_day.map(|d| d.to_string()),
    })
}

/// `guichet reprint TICKET [--out DIR]`: a numbered duplicata, recorded,
/// with the same code.
pub fn reprint(run: &Run, ticket: i64, out: Option<&Path>) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let done = orders::reprint(&mut t.store, &t.signer, &by, ticket, run.now()).map_err(refused)?;
    println!("ticket {}: duplicata n° {}", done.number, done.duplicate);
    match pdf_of(
        &t.store,
        run.db(),
        done.order_id,
        Some(done.number),
        out,
        run.now(),
    ) {
        Ok(path) => println!("pdf {}", path.display()),
        Err(e) => return Err(Failure(format!("the duplicata is recorded, but {e}"), 1)),
    }
    Ok(())
}

/// `guichet receipt ORDER [--out DIR]`: the receipt with its tax table.
pub fn receipt(run: &Run, order: i64, out: Option<&Path>) -> Result<(), Failure> {
    let db = run.db();
    let store = terminal::read_only(db)?;
    let terminal = guichet::terminal::this_terminal_id(&store, db)?;
    let view = orders::by_number(&store, terminal, order).map_err(refused)?;
    let layout = PrintSettings::load(&store)?.layout;
    let kept = printed::make_receipt(&store, db, view.id, layout, run.now())?;
    let path = match out {
        None => kept,
        Some(dir) => print::copy_to(dir, &kept)?,
    };
    println!("pdf {}", path.display());
    Ok(())
}

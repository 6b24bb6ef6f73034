//! Sales: seats in carts, orders, their lines, tickets and payments.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Tx};
use crate::domain::SeatName;

/// Drops the cart seats whose time is up, everywhere.
pub fn purge_expired_carts(tx: &Tx, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("DELETE FROM cart_seat WHERE expires_at <= ?1")?
        .execute([now])?;
    Ok(())
}

/// Puts a seat in `cart` until `expires_at`, or renews it there. False when
/// another live cart has it.
pub fn put_in_cart(
    tx: &Tx,
    performance_id: i64,
    seat_id: i64,
    cart: &str,
    terminal_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<bool> {
    let changed = tx
        .conn()
        .prepare_cached(
            "INSERT INTO cart_seat (performance_id, seat_id, cart, terminal_id, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?6)
             ON CONFLICT (performance_id, seat_id) DO UPDATE
                SET cart = excluded.cart, terminal_id = excluded.terminal_id,
                    expires_at = excluded.expires_at
                WHERE cart_seat.cart = excluded.cart OR cart_seat.expires_at <= ?5",
        )?
        .execute(params![
            performance_id,
            seat_id,
            cart,
            terminal_id,
            now,
            expires_at
        ])?;
    Ok(changed == 1)
}

/// Gives every seat of a cart a new expiry.
pub fn renew_cart(tx: &Tx, cart: &str, expires_at: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE cart_seat SET expires_at = ?2 WHERE cart = ?1")?
        .execute(params![cart, expires_at])?;
    Ok(())
}

/// Takes seats out of a cart (all of its seats when `seat_ids` is None).
pub fn release_cart(tx: &Tx, cart: &str, seat_ids: Option<&[i64]>) -> Result<()> {
    match seat_ids {
        None => {
            tx.conn()
                .prepare_cached("DELETE FROM cart_seat WHERE cart = ?1")?
                .execute([cart])?;
        }
        Some(ids) => {
            let mut stmt = tx
                .conn()
                .prepare_cached("DELETE FROM cart_seat WHERE cart = ?1 AND seat_id = ?2")?;
            for id in ids {
                stmt.execute(params![cart, id])?;
            }
        }
    }
    Ok(())
}

/// (seat, cart) of the live cart seats of a performance.
pub fn cart_seats(tx: &Tx, performance_id: i64, now: i64) -> Result<Vec<(i64, String)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT seat_id, cart FROM cart_seat WHERE performance_id = ?1 AND expires_at > ?2",
    )?;
    let rows = stmt
        .query_map(params![performance_id, now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The live cart holding a seat, if any.
pub fn cart_of_seat(
    tx: &Tx,
    performance_id: i64,
    seat_id: i64,
    now: i64,
) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT cart FROM cart_seat
             WHERE performance_id = ?1 AND seat_id = ?2 AND expires_at > ?3",
        )?
        .query_row(params![performance_id, seat_id, now], |r| r.get(0))
        .optional()?)
}

/// A seat of a performance's hall by its name.
pub fn seat_name(tx: &Tx, performance_id: i64, seat_id: i64) -> Result<Option<SeatName>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT x.name, s.row_label, s.number
             FROM performance p
             JOIN seat s ON s.hall_id = p.hall_id AND s.id = ?2
             JOIN seat_section x ON x.id = s.section_id
             WHERE p.id = ?1",
        )?
        .query_row(params![performance_id, seat_id], |r| {
            Ok(SeatName {
                section: r.get(0)?,
                row: r.get(1)?,
                number: r.get(2)?,
            })
        })
        .optional()?)
}

/// A seat of a performance as a sale checks it, in one read: its name, its
/// price category, and whether it is sold, held (the hold's name) or in a
/// basket (whose, until when).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatCheck {
    pub name: SeatName,
    pub category_id: Option<i64>,
    pub sold: bool,
    pub hold: Option<String>,
    /// The live basket holding it at `now`.
    pub cart: Option<String>,
}

/// The seat's state for a sale at `now`, when it is in the performance's
/// hall.
pub fn seat_check(
    tx: &Tx,
    performance_id: i64,
    seat_id: i64,
    now: i64,
) -> Result<Option<SeatCheck>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT x.name, s.row_label, s.number, sc.category_id,
                    EXISTS (SELECT 1 FROM ticket t WHERE t.performance_id = ?1
                              AND t.seat_id = ?2 AND t.status = 'valid' AND t.training = 0),
                    (SELECT h.name FROM hold_seat hs JOIN hold h ON h.id = hs.hold_id
                      WHERE hs.performance_id = ?1 AND hs.seat_id = ?2),
                    (SELECT c.cart FROM cart_seat c WHERE c.performance_id = ?1
                       AND c.seat_id = ?2 AND c.expires_at > ?3)
             FROM performance p
             JOIN seat s ON s.hall_id = p.hall_id AND s.id = ?2
             JOIN seat_section x ON x.id = s.section_id
             LEFT JOIN seat_category sc ON sc.performance_id = p.id AND sc.seat_id = s.id
             WHERE p.id = ?1",
        )?
        .query_row(params![performance_id, seat_id, now], |r| {
            Ok(SeatCheck {
                name: SeatName {
                    section: r.get(0)?,
                    row: r.get(1)?,
                    number: r.get(2)?,
                },
                category_id: r.get(3)?,
                sold: r.get(4)?,
                hold: r.get(5)?,
                cart: r.get(6)?,
            })
        })
        .optional()?)
}

/// Live tickets of an entry slot.
pub fn sold_in_slot(tx: &Tx, slot_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM ticket WHERE slot_id = ?1 AND status = 'valid' AND training = 0",
        )?
        .query_row([slot_id], |r| r.get(0))?)
}

/// Live tickets of a performance (training aside: they take no place).
pub fn live_tickets(tx: &Tx, performance_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT count(*) FROM ticket WHERE performance_id = ?1 AND status = 'valid'
             AND training = 0",
        )?
        .query_row([performance_id], |r| r.get(0))?)
}

/// The price of a tariff in a category, if set.
pub fn price(tx: &Tx, category_id: i64, tariff_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT amount FROM price WHERE category_id = ?1 AND tariff_id = ?2")?
        .query_row(params![category_id, tariff_id], |r| r.get(0))
        .optional()?)
}

/// The next number of a gap-free series per terminal: orders or tickets.
/// After a restore, the series goes on past every number the records lost
/// since the backup may have given (the one gap, its `restored` record
/// says why).
pub fn next_number(tx: &Tx, table: Numbered, terminal_id: i64, training: bool) -> Result<i64> {
    let sql = match table {
        Numbered::Order => {
            "SELECT max(coalesce(max(number), 0) + 1,
                       CASE WHEN ?2 = 0 THEN coalesce((SELECT CAST(value AS INTEGER) FROM setting
                                                       WHERE key = 'numbers.next_order'), 0)
                            ELSE 0 END)
             FROM sale_order WHERE terminal_id = ?1 AND training = ?2"
        }
        Numbered::Ticket => {
            "SELECT max(coalesce(max(number), 0) + 1,
                       CASE WHEN ?2 = 0 THEN coalesce((SELECT CAST(value AS INTEGER) FROM setting
                                                       WHERE key = 'numbers.next_ticket'), 0)
                            ELSE 0 END)
             FROM ticket WHERE terminal_id = ?1 AND training = ?2"
        }
    };
    Ok(tx
        .conn()
        .prepare_cached(sql)?
        .query_row(params![terminal_id, training], |r| r.get(0))?)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbered {
    Order,
    Ticket,
}

pub struct NewOrder<'a> {
    pub public_id: &'a str,
    pub terminal_id: i64,
    pub number: i64,
    pub operator_id: i64,
    pub patron_id: Option<i64>,
    pub channel: &'a str,
    pub total: i64,
    pub ledger_seq: i64,
    pub created_at: i64,
    /// Sold in training mode (on the training chain).
    pub training: bool,
}

pub fn insert_order(tx: &Tx, o: &NewOrder) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO sale_order (public_id, terminal_id, number, operator_id, patron_id,
                                     channel, total, ledger_seq, created_at, training)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            o.public_id,
            o.terminal_id,
            o.number,
            o.operator_id,
            o.patron_id,
            o.channel,
            o.total,
            o.ledger_seq,
            o.created_at,
            o.training
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub struct NewLine {
    pub performance_id: i64,
    pub category_id: i64,
    pub tariff_id: i64,
    pub quantity: i64,
    pub unit_price: i64,
    pub tax_rate: u32,
    pub excl: i64,
    pub tax: i64,
    pub incl: i64,
}

pub fn insert_line(tx: &Tx, order_id: i64, l: &NewLine) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO order_line (order_id, performance_id, category_id, tariff_id, quantity,
                                     unit_price, tax_rate, amount_excl, amount_tax, amount_incl)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            order_id,
            l.performance_id,
            l.category_id,
            l.tariff_id,
            l.quantity,
            l.unit_price,
            l.tax_rate,
            l.excl,
            l.tax,
            l.incl
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub struct NewTicket<'a> {
    pub public_id: &'a str,
    pub terminal_id: i64,
    pub number: i64,
    pub order_line_id: i64,
    pub performance_id: i64,
    pub seat_id: Option<i64>,
    pub slot_id: Option<i64>,
    pub price: i64,
    pub code: &'a str,
    pub created_at: i64,
    pub training: bool,
}

pub fn insert_ticket(tx: &Tx, t: &NewTicket) -> Result<i64> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO ticket (public_id, terminal_id, number, order_line_id, performance_id,
                                 seat_id, slot_id, price, code, created_at, training)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            t.public_id,
            t.terminal_id,
            t.number,
            t.order_line_id,
            t.performance_id,
            t.seat_id,
            t.slot_id,
            t.price,
            t.code,
            t.created_at,
            t.training
        ])?;
    Ok(tx.conn().last_insert_rowid())
}

pub fn insert_payment(
    tx: &Tx,
    order_id: i64,
    method: &str,
    amount: i64,
    tendered: Option<i64>,
    at: i64,
) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "INSERT INTO payment (order_id, method, amount, tendered, at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![order_id, method, amount, tendered, at])?;
    Ok(())
}

/// A ticket as customer service and the door see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRow {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub order_id: i64,
    pub order_line_id: i64,
    pub performance_id: i64,
    pub seat_id: Option<i64>,
    pub slot_id: Option<i64>,
    pub price: i64,
    pub code: String,
    pub valid: bool,
    pub prints: i64,
    pub tariff_id: i64,
    pub category_id: i64,
    pub created_at: i64,
}

const TICKET: &str = "t.id, t.public_id, t.number, l.order_id, t.order_line_id, t.performance_id,
     t.seat_id, t.slot_id, t.price, t.code, t.status = 'valid', t.prints, l.tariff_id,
     l.category_id, t.created_at";

fn ticket(r: &Row) -> rusqlite::Result<TicketRow> {
    Ok(TicketRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        number: r.get(2)?,
        order_id: r.get(3)?,
        order_line_id: r.get(4)?,
        performance_id: r.get(5)?,
        seat_id: r.get(6)?,
        slot_id: r.get(7)?,
        price: r.get(8)?,
        code: r.get(9)?,
        valid: r.get(10)?,
        prints: r.get(11)?,
        tariff_id: r.get(12)?,
        category_id: r.get(13)?,
        created_at: r.get(14)?,
    })
}

/// The tickets of an order, by number.
pub fn tickets_of_order(tx: &Tx, order_id: i64) -> Result<Vec<TicketRow>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {TICKET} FROM ticket t JOIN order_line l ON l.id = t.order_line_id
         WHERE l.order_id = ?1 ORDER BY t.number"
    ))?;
    let rows = stmt
        .query_map([order_id], ticket)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn ticket_by_number(tx: &Tx, terminal_id: i64, number: i64) -> Result<Option<TicketRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {TICKET} FROM ticket t JOIN order_line l ON l.id = t.order_line_id
             WHERE t.terminal_id = ?1 AND t.number = ?2 AND t.training = 0"
        ))?
        .query_row(params![terminal_id, number], ticket)
        .optional()?)
}

/// The ticket a code was printed for: found by what the code carries (the
/// id of the key that signed it, current or retired, hence its terminal, training or not, its number), and
/// only if the stored code is this very text.
pub fn ticket_by_code(
    tx: &Tx,
    key_id: &str,
    training: bool,
    number: i64,
    code: &str,
) -> Result<Option<TicketRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {TICKET} FROM ticket t JOIN order_line l ON l.id = t.order_line_id
             JOIN terminal_key k ON k.terminal_id = t.terminal_id
             WHERE k.key_id = ?1 AND t.training = ?2 AND t.number = ?3 AND t.code = ?4"
        ))?
        .query_row(params![key_id, training, number, code], ticket)
        .optional()?)
}

/// The ticket's place in its line (0 for the first ticket of the line by
/// number) and the line's ticket count: its share of the line's amounts.
pub fn position_in_line(tx: &Tx, ticket: &TicketRow) -> Result<(usize, i64)> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT (SELECT count(*) FROM ticket WHERE order_line_id = ?1 AND number < ?2),
                    quantity
             FROM order_line WHERE id = ?1",
        )?
        .query_row(params![ticket.order_line_id, ticket.number], |r| {
            Ok((r.get::<_, i64>(0)? as usize, r.get(1)?))
        })?)
}

pub fn cancel_ticket(tx: &Tx, ticket_id: i64, at: i64) -> Result<()> {
    tx.conn()
        .prepare_cached(
            "UPDATE ticket SET status = 'cancelled', cancelled_at = ?2
             WHERE id = ?1 AND status = 'valid'",
        )?
        .execute(params![ticket_id, at])?;
    Ok(())
}

/// Counts one more print of the ticket and returns the new count.
pub fn count_print(tx: &Tx, ticket_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached("UPDATE ticket SET prints = prints + 1 WHERE id = ?1 RETURNING prints")?
        .query_row([ticket_id], |r| r.get(0))?)
}

/// An order as customer service lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub id: i64,
    pub public_id: String,
    pub number: i64,
    pub terminal_id: i64,
    pub operator_id: i64,
    pub patron_id: Option<i64>,
    pub total: i64,
    pub created_at: i64,
    /// Sold in training mode: worth nothing.
    pub training: bool,
}

const ORDER: &str = "o.id, o.public_id, o.number, o.terminal_id, o.operator_id, o.patron_id,
     o.total, o.created_at, o.training";

fn order(r: &Row) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        id: r.get(0)?,
        public_id: r.get(1)?,
        number: r.get(2)?,
        terminal_id: r.get(3)?,
        operator_id: r.get(4)?,
        patron_id: r.get(5)?,
        total: r.get(6)?,
        created_at: r.get(7)?,
        training: r.get(8)?,
    })
}

pub fn order_by_id(tx: &Tx, id: i64) -> Result<Option<OrderRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!("SELECT {ORDER} FROM sale_order o WHERE o.id = ?1"))?
        .query_row([id], order)
        .optional()?)
}

pub fn order_by_number(tx: &Tx, terminal_id: i64, number: i64) -> Result<Option<OrderRow>> {
    Ok(tx
        .conn()
        .prepare_cached(&format!(
            "SELECT {ORDER} FROM sale_order o
             WHERE o.terminal_id = ?1 AND o.number = ?2 AND o.training = 0"
        ))?
        .query_row(params![terminal_id, number], order)
        .optional()?)
}

/// Orders of the patrons a text finds (the rule of `patrons::finds`),
/// newest first.
pub fn orders_of_patrons_matching(tx: &Tx, text: &str, limit: i64) -> Result<Vec<OrderRow>> {
    let (words, joined) = crate::domain::patron::query(text);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let (condition, values) = super::patrons::finds(&words, &joined, 1);
    let limit = limit.clamp(0, 1_000);
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT {ORDER} FROM sale_order o JOIN patron p ON p.id = o.patron_id
         WHERE o.training = 0 AND {condition}
         ORDER BY o.created_at DESC, o.id DESC LIMIT {limit}"
    ))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(values.iter()), order)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// (method, amount, tendered) of an order's payments and refunds, in order.
pub fn payments_of_order(tx: &Tx, order_id: i64) -> Result<Vec<(String, i64, Option<i64>)>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT method, amount, tendered FROM payment WHERE order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The amounts of an order line: (excl, tax, incl, quantity, unit, rate).
pub fn line_amounts(tx: &Tx, line_id: i64) -> Result<(i64, i64, i64, i64, i64, u32)> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT amount_excl, amount_tax, amount_incl, quantity, unit_price, tax_rate
             FROM order_line WHERE id = ?1",
        )?
        .query_row([line_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?)
}

/// Marks the patron as in contact now (a purchase renews the retention period).
pub fn touch_patron(tx: &Tx, patron_id: i64, now: i64) -> Result<()> {
    tx.conn()
        .prepare_cached("UPDATE patron SET last_contact_at = ?2 WHERE id = ?1")?
        .execute(params![patron_id, now])?;
    Ok(())
}

pub fn patron_exists(tx: &Tx, patron_id: i64) -> Result<bool> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM patron WHERE id = ?1)")?
        .query_row([patron_id], |r| r.get(0))?)
}

pub fn patron_public_id(tx: &Tx, patron_id: i64) -> Result<String> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT public_id FROM patron WHERE id = ?1")?
        .query_row([patron_id], |r| r.get(0))?)
}

pub fn slot_start(tx: &Tx, slot_id: i64) -> Result<Option<i64>> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT starts_at FROM entry_slot WHERE id = ?1")?
        .query_row([slot_id], |r| r.get(0))
        .optional()?)
}

/// "First Last" of a patron, unless anonymised.
pub fn patron_name(tx: &Tx, patron_id: i64) -> Result<Option<String>> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT trim(first_name || ' ' || last_name) FROM patron
             WHERE id = ?1 AND anonymised_at IS NULL",
        )?
        .query_row([patron_id], |r| r.get(0))
        .optional()?)
}

pub fn operator_name(tx: &Tx, operator_id: i64) -> Result<String> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT name FROM operator WHERE id = ?1")?
        .query_row([operator_id], |r| r.get(0))?)
}

/// The ledger sequence of an order's sale record.
pub fn order_ledger_seq(tx: &Tx, order_id: i64) -> Result<i64> {
    Ok(tx
        .conn()
        .prepare_cached("SELECT ledger_seq FROM sale_order WHERE id = ?1")?
        .query_row([order_id], |r| r.get(0))?)
}

/// The signed body of an order's sale record (its tax table is read from
/// there: what was recorded is what the receipt shows).
pub fn sale_record(tx: &Tx, order_id: i64) -> Result<String> {
    Ok(tx
        .conn()
        .prepare_cached(
            "SELECT l.body FROM sale_order o
             JOIN ledger l ON l.terminal_id = o.terminal_id AND l.chain = 'fiscal'
                          AND l.seq = o.ledger_seq
             WHERE o.id = ?1",
        )?
        .query_row([order_id], |r| r.get(0))?)
}

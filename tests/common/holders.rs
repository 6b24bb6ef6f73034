//! Holders of a performance for the tests of a performance cancelled or
//! moved (`performance_cancel`, `performance_move`): the demo's operators,
//! its Tuesday Cyrano, sales to a patron with an e-mail, one with only a
//! phone, and an anonymous pair; and how to read what was written.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use guichet::counter::{Item, Place, SaleRequest, Sold, offer, sell};
use guichet::domain::Cents;
use guichet::domain::payment::{Method, Tender};
use guichet::operators::{self, Operator};
use guichet::terminal::Terminal;

use super::{Fixture, now};

pub const COORDINATOR: (&str, &str) = ("Inès Benali", "3579");
pub const CLERK: (&str, &str) = ("Lucas Martin", "1793");

pub fn who(t: &mut Terminal, (name, pin): (&str, &str)) -> Operator {
    operators::for_command_line(&mut t.store, Some(name), Some(pin), false, now()).unwrap()
}

/// The demo's Cyrano of Tuesday 24 November 2026, 20:00.
pub fn cyrano(t: &Terminal) -> i64 {
    guichet::programming::upcoming(&t.store, now(), 100)
        .unwrap()
        .into_iter()
        .find(|p| p.show == "Cyrano de Bergerac" && p.starts_at > now() + Duration::hours(12))
        .unwrap()
        .id
}

/// Thursday 26 November 2026, 20:00 in Paris: a free evening in the
/// Grande salle.
pub fn thursday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 19, 0, 0).unwrap()
}

/// `n` of the best seats at `tariff`, for `patron`, paid by `pay` (given
/// the order's total).
pub fn sell_seats(
    t: &mut Terminal,
    performance: i64,
    (n, tariff): (usize, &str),
    patron: Option<i64>,
    pay: impl Fn(Cents) -> Vec<Tender>,
) -> Sold {
    let o = offer::load(&t.store, performance, None, now()).unwrap();
    let tariff = o.tariff(tariff).unwrap();
    let seats = o.best(n).unwrap();
    let total: Cents = seats
        .iter()
        .map(|s| tariff.prices[&o.seat_category[s]])
        .sum();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: seats
            .iter()
            .map(|s| Item {
                performance_id: performance,
                place: Place::Seat(*s),
                tariff_id: tariff.tariff.id,
            })
            .collect(),
        tenders: pay(total),
        patron_id: patron,
        ..SaleRequest::default()
    };
    let by = super::system(t);
    sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap()
}

pub fn tender(method: Method, cents: i64) -> Tender {
    Tender {
        voucher: None,
        method,
        amount: Cents(cents),
    }
}

/// An order's payments and refunds as stored: (method, amount).
pub fn payments(f: &Fixture, order: i64) -> Vec<(String, i64)> {
    let c = f.raw();
    let mut st = c
        .prepare("SELECT method, amount FROM payment WHERE order_id = ?1 ORDER BY id")
        .unwrap();
    st.query_map([order], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

pub fn status(f: &Fixture, performance: i64) -> String {
    f.raw()
        .query_row(
            "SELECT status FROM performance WHERE id = ?1",
            [performance],
            |r| r.get(0),
        )
        .unwrap()
}

pub fn pdf_text(path: &std::path::Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

/// Three holders of the Tuesday Cyrano: Ana (an e-mail; two seats and a
/// club ticket in one order paid part cash, part card), Bruno (a phone,
/// no e-mail; a seat paid by cheque), and an anonymous pair paid by card.
pub struct Sales {
    pub performance: i64,
    pub ana: Sold,
    pub bruno: Sold,
    pub anonymous: Sold,
}

pub fn three_holders(t: &mut Terminal) -> Sales {
    let performance = cyrano(t);
    let ana_id = super::patron(t, "Ana", "Lopes", "ana@example.fr", "06 11 22 33 44");
    let bruno_id = super::patron(t, "Bruno", "Caron", "", "06 12 34 56 78");
    let club = super::next_in(t, "Le Club").0;
    // Ana: two Cyrano seats and a club place in one order.
    let o = offer::load(&t.store, performance, None, now()).unwrap();
    let plein = o.tariff("PLEIN").unwrap();
    let seats = o.best(2).unwrap();
    let club_offer = offer::load(&t.store, club, None, now()).unwrap();
    let club_plein = club_offer.tariff("PLEIN").unwrap();
    let club_price = club_plein.prices[&club_offer.categories[0].id];
    let total: Cents = seats
        .iter()
        .map(|s| plein.prices[&o.seat_category[s]])
        .sum::<Cents>()
        + club_price;
    let mut items: Vec<Item> = seats
        .iter()
        .map(|s| Item {
            performance_id: performance,
            place: Place::Seat(*s),
            tariff_id: plein.tariff.id,
        })
        .collect();
    items.push(Item {
        performance_id: club,
        place: Place::Unnumbered,
        tariff_id: club_plein.tariff.id,
    });
    let request = SaleRequest {
        quoted: Vec::new(),
        items,
        tenders: vec![
            tender(Method::Cash, 1_000),
            tender(Method::Card, total.0 - 1_000),
        ],
        patron_id: Some(ana_id),
        ..SaleRequest::default()
    };
    let by = super::system(t);
    let ana = sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
    let bruno = sell_seats(t, performance, (1, "REDUIT"), Some(bruno_id), |total| {
        vec![tender(Method::Cheque, total.0)]
    });
    let anonymous = sell_seats(t, performance, (2, "PLEIN"), None, |total| {
        vec![tender(Method::Card, total.0)]
    });
    Sales {
        performance,
        ana,
        bruno,
        anonymous,
    }
}

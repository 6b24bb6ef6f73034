//! The counter's speed promises, proved in the whole program (iced_test's
//! emulator: boot, focus, tasks and subscriptions run for real) with only
//! the keys the README gives, after logging in:
//!
//! * two full-price general-admission tickets in exact cash: `2` Enter
//!   Enter Enter (4 keys; the promise is at most 5);
//! * two best-available seats in exact cash: `2` Enter Enter Enter (4 keys;
//!   the promise is at most 7).

mod common;

use std::borrow::Cow;

use common::{Fixture, count};
use guichet::tickets::pdf::Layout;
use guichet::tickets::print::{Destination, PrintSettings};
use guichet::ui::{Launch, application, theme};

fn run(numbered: bool, scripts: &str) -> Fixture {
    {
        let mut fonts = iced_test::renderer::graphics::text::font_system()
            .write()
            .expect("font system");
        fonts.load_font(Cow::Borrowed(theme::FONT_REGULAR_BYTES));
        fonts.load_font(Cow::Borrowed(theme::FONT_BOLD_BYTES));
    }
    let f = Fixture::new();
    {
        let mut t = f.terminal();
        common::one_performance(&mut t, numbered);
        // Tickets go to a folder of the test, never to a viewer on the
        // machine running the tests.
        PrintSettings {
            layout: Layout::Thermal80,
            destination: Destination::Folder(f.dir.path().join("printed")),
        }
        .save(&mut t.store)
        .unwrap();
    }
    iced_test::run(
        application(Launch {
            db: f.db.clone(),
            lang: None,
            demo: false,
            clock: common::clock(),
        }),
        format!("{}/tests/ice/{scripts}", env!("CARGO_MANIFEST_DIR")),
    )
    .expect("the script passes");
    f
}

/// The sale in the database: tickets, one cash payment of the exact total.
fn sold(f: &Fixture) -> (i64, i64, Option<i64>) {
    let c = f.raw();
    let (amount, tendered) = c
        .query_row(
            "SELECT amount, tendered FROM payment WHERE method = 'cash'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("one cash payment");
    (count(&c, "ticket"), amount, tendered)
}

/// The tickets printed in the background reached the printing folder.
fn printed(f: &Fixture) -> usize {
    std::fs::read_dir(f.dir.path().join("printed"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn two_general_admission_tickets_in_four_keys() {
    let f = run(false, "sell-general");
    assert_eq!(sold(&f), (2, 4_000, Some(4_000)));
    assert_eq!(
        printed(&f),
        1,
        "the tickets' PDF was printed in the background"
    );
}

#[test]
fn two_best_seats_in_four_keys() {
    let f = run(true, "sell-seated");
    assert_eq!(sold(&f), (2, 5_000, Some(5_000)));
    assert_eq!(
        printed(&f),
        1,
        "the tickets' PDF was printed in the background"
    );
    let rows: Vec<(String, String)> = f
        .raw()
        .prepare("SELECT s.row_label, s.number FROM ticket t JOIN seat s ON s.id = t.seat_id ORDER BY s.number")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].0, rows[1].0, "side by side in one row: {rows:?}");
}

//! Who may do what: one test per cell of the rights table (README, "Who may
//! do what"), checked in the job layer, each refusal writing nothing. The
//! demo's three operators: Lucas Martin (clerk), Inès Benali (coordinator),
//! Camille Roche (administrator).

mod common;

use chrono::Duration;
use common::{Fixture, next_in, now};
use guichet::counter::orders;
use guichet::counter::refunds::RefundRight;
use guichet::counter::{Basket, Cash, CounterError, Item, Place, SaleRequest, offer, sell};
use guichet::domain::Role;
use guichet::domain::operator::Act;
use guichet::domain::payment::{Method, Tender};
use guichet::door::{self, Scope};
use guichet::operators::{self, NewOperator, Operator};
use guichet::programming::{ProgrammingError, halls};
use guichet::terminal::Terminal;

const CLERK: (&str, &str) = ("Lucas Martin", "1793");
const COORDINATOR: (&str, &str) = ("Inès Benali", "3579");
const ADMIN: (&str, &str) = common::DEMO_ADMIN;

fn who(t: &mut Terminal, (name, pin): (&str, &str)) -> Operator {
    operators::for_command_line(&mut t.store, Some(name), Some(pin), false, now()).unwrap()
}

/// One ticket of the demo's next club night, sold by `by` at `at`, paid
/// by `method`: its order id and ticket number.
fn sold_by(
    t: &mut Terminal,
    by: &Operator,
    method: Method,
    at: chrono::DateTime<chrono::Utc>,
) -> (i64, i64) {
    common::open_drawer(t, at);
    let (p, _) = next_in(t, "Le Club");
    let o = offer::load(&t.store, p, None, at).unwrap();
    let plein = o.tariff("PLEIN").unwrap();
    let price = plein.prices[&o.categories[0].id];
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![Item {
            performance_id: p,
            place: Place::Unnumbered,
            tariff_id: plein.tariff.id,
        }],
        tenders: vec![Tender {
            voucher: None,
            method,
            amount: price,
        }],
        ..SaleRequest::default()
    };
    let sold = sell::sell(&mut t.store, &t.signer, by, &request, at).unwrap();
    (sold.order_id, sold.tickets[0].number)
}

fn refund(
    t: &mut Terminal,
    by: &Operator,
    order: i64,
    method: Method,
) -> Result<guichet::counter::refunds::Refunded, CounterError> {
    guichet::counter::refunds::cancel(&mut t.store, &t.signer, by, order, &[], method, now())
}

#[test]
fn everyone_sells_reprints_and_scans() {
    let (_f, mut t) = Fixture::demo();
    for role in [CLERK, COORDINATOR, ADMIN] {
        let by = who(&mut t, role);
        let (_, ticket) = sold_by(&mut t, &by, Method::Cash, now());
        orders::reprint(&mut t.store, &t.signer, &by, ticket, now()).unwrap();
        let (p, starts) = next_in(&t, "Le Club");
        let code = orders::find(&t.store, t.signer.terminal_id, &ticket.to_string()).unwrap()[0]
            .tickets[0]
            .code
            .clone();
        let at = starts - Duration::minutes(30);
        let answer = door::scan(
            &mut t.store,
            Scope::Performance(p),
            "Porte A",
            &by,
            &code,
            at,
        )
        .unwrap();
        assert!(answer.admitted(), "{role:?}: {:?}", answer.verdict);
    }
}

#[test]
fn a_clerk_refunds_todays_order_by_the_way_it_was_paid() {
    let (_f, mut t) = Fixture::demo();
    let clerk = who(&mut t, CLERK);
    let (order, _) = sold_by(&mut t, &clerk, Method::Card, now());
    let refunded = refund(&mut t, &clerk, order, Method::Card).unwrap();
    assert!(refunded.admitted.is_empty());
}

#[test]
fn a_clerk_needs_a_coordinator_for_another_method_or_another_day() {
    // The season programmed two days ago; the clerk sold yesterday, and
    // today.
    let f = Fixture::new();
    let mut t = f.demo_season_at(now() - Duration::days(2));
    let day_before = now() - Duration::days(1);
    let clerk = operators::for_command_line(
        &mut t.store,
        Some(CLERK.0),
        Some(CLERK.1),
        false,
        day_before,
    )
    .unwrap();
    let (yesterday, _) = sold_by(&mut t, &clerk, Method::Cash, day_before);
    let (card, _) = sold_by(&mut t, &clerk, Method::Card, now());
    let before = f.rows();
    let e = refund(&mut t, &clerk, card, Method::Cash).unwrap_err();
    assert!(
        matches!(
            &e,
            CounterError::NeedsCoordinator(RefundRight::OtherMethod {
                asked: Method::Cash,
                ..
            })
        ),
        "{e}"
    );
    assert!(e.to_string().contains("A coordinator can do it"), "{e}");
    let e = refund(&mut t, &clerk, yesterday, Method::Cash).unwrap_err();
    assert!(
        matches!(
            e,
            CounterError::NeedsCoordinator(RefundRight::NotToday { .. })
        ),
        "{e}"
    );
    assert_eq!(f.rows(), before, "refusals write nothing");
    // The coordinator, at the clerk's counter with their PIN, may; so may
    // an administrator.
    let coordinator = who(&mut t, COORDINATOR);
    refund(&mut t, &coordinator, card, Method::Cash).unwrap();
    let admin = who(&mut t, ADMIN);
    refund(&mut t, &admin, yesterday, Method::Card).unwrap();
}

#[test]
fn a_ticket_already_admitted_is_refunded_by_a_coordinator_only_and_says_so() {
    let (f, mut t) = Fixture::demo();
    let clerk = who(&mut t, CLERK);
    let (order, ticket) = sold_by(&mut t, &clerk, Method::Cash, now());
    let (p, starts) = next_in(&t, "Le Club");
    let code = orders::view(&t.store, order).unwrap().tickets[0]
        .code
        .clone();
    let at = starts - Duration::minutes(30);
    assert!(
        door::scan(
            &mut t.store,
            Scope::Performance(p),
            "Porte A",
            &clerk,
            &code,
            at
        )
        .unwrap()
        .admitted()
    );
    let before = f.rows();
    let e = refund(&mut t, &clerk, order, Method::Cash).unwrap_err();
    assert_eq!(
        e.to_string(),
        CounterError::NeedsCoordinator(RefundRight::Admitted { ticket }).to_string()
    );
    assert!(e.to_string().contains("already entered at the door"), "{e}");
    assert_eq!(f.rows(), before);
    // An exchange gives the ticket back too: the same right.
    let mut basket = Basket::new(t.signer.terminal_id);
    let old = orders::view(&t.store, order).unwrap();
    basket.exchange(guichet::counter::Credit::of(&old, &[]).unwrap());
    let o = offer::load(&t.store, p, None, now()).unwrap();
    basket.add(&mut t.store, &o, 1, None, None, now()).unwrap();
    let Err(e) = basket.checkout(&mut t.store, &t.signer, &clerk, Cash::Exact, now()) else {
        panic!("a clerk exchanged an admitted ticket");
    };
    assert!(
        matches!(
            e,
            CounterError::NeedsCoordinator(RefundRight::Admitted { .. })
        ),
        "{e}"
    );
    assert_eq!(f.rows(), before);
    let coordinator = who(&mut t, COORDINATOR);
    let refunded = refund(&mut t, &coordinator, order, Method::Cash).unwrap();
    assert_eq!(refunded.admitted, vec![ticket], "it says so");
}

#[test]
fn only_a_coordinator_undoes_an_admission_or_names_the_door() {
    let (f, mut t) = Fixture::demo();
    let clerk = who(&mut t, CLERK);
    let before = f.rows();
    assert!(door::name_door(&mut t.store, &clerk, "Porte jardin").is_err());
    assert!(door::undo_last(&mut t.store, "Porte A", &clerk, now()).is_err());
    assert_eq!(f.rows(), before);
    for role in [COORDINATOR, ADMIN] {
        let by = who(&mut t, role);
        door::name_door(&mut t.store, &by, "Porte jardin").unwrap();
    }
}

#[test]
fn only_a_coordinator_imports_a_season_or_a_hall() {
    let (f, mut t) = Fixture::demo();
    let exported = guichet::programming::season_file::export(&t.store).unwrap();
    let text = guichet::programming::season_file::to_json(&exported);
    let csv = "section,row,seat,x,y\nParterre,A,1,0,0\n";
    let clerk = who(&mut t, CLERK);
    let before = f.rows();
    let e = guichet::programming::season_file::import(
        &mut t.store,
        &common::by(&t.signer, &clerk),
        &text,
    )
    .unwrap_err();
    assert!(
        matches!(e, ProgrammingError::NotAllowed(Act::Import)),
        "{e}"
    );
    let e = halls::import_csv(
        &mut t.store,
        &common::by(&t.signer, &clerk),
        "Studio",
        csv,
        "THEATRE",
    )
    .unwrap_err();
    assert!(
        matches!(e, ProgrammingError::NotAllowed(Act::Import)),
        "{e}"
    );
    assert_eq!(f.rows(), before);
    for (role, hall) in [(COORDINATOR, "Studio"), (ADMIN, "Studio 2")] {
        let op = who(&mut t, role);
        let by = common::by(&t.signer, &op);
        guichet::programming::season_file::import(&mut t.store, &by, &text).unwrap();
        halls::import_csv(&mut t.store, &by, hall, csv, "THEATRE").unwrap();
    }
}

#[test]
fn only_an_administrator_manages_operators_and_keys() {
    let (f, mut t) = Fixture::demo();
    let new = NewOperator {
        name: "Zoé Lambert".into(),
        role: Role::Clerk,
        pin: "3690".into(),
        pin_again: "3690".into(),
    };
    for role in [CLERK, COORDINATOR] {
        let by = who(&mut t, role);
        let before = f.rows();
        assert!(operators::create(&mut t.store, &t.signer, &by, &new, now()).is_err());
        assert!(t.rotate_key(&by, "").is_err());
        assert_eq!(f.rows(), before, "{role:?}");
    }
    let admin = who(&mut t, ADMIN);
    operators::create(&mut t.store, &t.signer, &admin, &new, now()).unwrap();
}

/// README's table is the table the code checks.
#[test]
fn the_readme_shows_the_table_the_jobs_check() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("## Who may do what")
        .expect("the rights section");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let table: Vec<&str> = section[..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .collect();
    assert_eq!(table.len(), Act::ALL.len(), "one row per act");
    for act in Act::ALL {
        let row = table
            .iter()
            .find(|l| l.starts_with(&format!("| `{act:?}`")))
            .unwrap_or_else(|| panic!("no README row for {act:?}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | `Act` | what | clerk | coordinator | admin |
        for (i, role) in Role::ALL.into_iter().enumerate() {
            let yes = cells[3 + i] == "yes";
            assert_eq!(
                yes,
                role.may(act),
                "{act:?} for {role}: README says {}",
                cells[3 + i]
            );
        }
    }
}

//! Caisse → Ventes extérieures in the window, driven headless: a web shop's
//! file imported from its path, the product it names mapped from a list,
//! the file imported again, and an order on a seat sold at the counter
//! decided (accepted over the count, with a note).

mod common;

use common::window::{act, shows, shows_starting, type_enter};
use common::{Fixture, next_in};
use guichet::ui::Message;
use guichet::ui::screen::Section;
use guichet::ui::screen::till::{self, outside};
use serde_json::json;

#[test]
fn a_file_is_mapped_imported_and_its_conflict_decided_in_the_window() {
    let f = Fixture::new();
    let file = f.dir.path().join("commandes.json");
    {
        let mut t = f.demo_season();
        let (grande, club) = (next_in(&t, "Grande salle").0, next_in(&t, "Le Club").0);
        let id = |p: i64| -> String {
            f.raw()
                .query_row(
                    "SELECT public_id FROM performance WHERE id = ?1",
                    [p],
                    |r| r.get(0),
                )
                .unwrap()
        };
        // The counter sells the best seat; the web shop sold it too.
        let sold = common::sell_some(&mut t, grande, "PLEIN", 1);
        let seat = sold.tickets[0]
            .seat
            .as_ref()
            .map(|s| format!("{} {} {}", s.section, s.row, s.number))
            .unwrap();
        let order = |n: &str, event: &str, seat: Option<&str>| {
            json!({"id": n, "status": "paid", "placed_at": "2026-11-20T18:04:00+01:00",
                   "buyer": {"first_name": "Ana", "last_name": "Lopes", "email": "ana@example.org"},
                   "tickets": [{"id": format!("{n}-1"), "event": event, "product": "adulte",
                                "seat": seat, "price": 1800, "code": format!("C-{n}")}]})
        };
        let body = json!({
            "format": "guichet-orders", "version": 1, "source": "Billetterie du site",
            "channel": "web", "currency": "EUR",
            "products": [{"id": "adulte", "name": "Adulte"}],
            "orders": [order("W-1", &id(club), None), order("W-2", &id(grande), Some(&seat))]
        });
        std::fs::write(&file, serde_json::to_vec_pretty(&body).unwrap()).unwrap();
    }
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Till));
    act(&mut app, |sim| {
        sim.click("Ventes extérieures").unwrap();
    });
    assert!(shows(
        &app,
        "Aucun conflit : chaque commande importée a trouvé sa place."
    ));
    type_enter(&mut app, outside::PATH, file.to_str().unwrap());
    assert!(shows_starting(
        &app,
        "Rien n’est importé : 1 événement(s) ou produit(s)"
    ));
    assert!(shows(&app, "Produit « Adulte »"));
    // The tariff chosen from the list, then mapped.
    common::window::send(
        &mut app,
        Message::Till(till::Message::Outside(till::OutsideMessage::Pick(
            0,
            outside::Choice {
                target: outside::ChoiceTarget::Tariff("PLEIN".into()),
                label: "PLEIN — Plein tarif".into(),
            },
        ))),
    );
    act(&mut app, |sim| {
        sim.click("Faire correspondre").unwrap();
    });
    assert!(shows(
        &app,
        "Tous les événements et produits rencontrés ont leur correspondance."
    ));
    type_enter(&mut app, outside::PATH, "");
    assert!(shows_starting(
        &app,
        "1 commande(s) importée(s) (1 billets), 0 déjà là"
    ));
    assert!(shows_starting(&app, "Billet W-2-1 : la place "));
    // Accepting over the count needs a note saying why.
    act(&mut app, |sim| {
        sim.click("Accepter en surnombre").unwrap();
    });
    assert!(shows(
        &app,
        "Écrivez une note qui dit pourquoi : elle reste avec la commande."
    ));
    let id: i64 = f
        .raw()
        .query_row(
            "SELECT id FROM import_order WHERE external = 'W-2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    common::window::send(
        &mut app,
        Message::Till(till::Message::Outside(till::OutsideMessage::Note(
            id,
            "Strapontin".into(),
        ))),
    );
    act(&mut app, |sim| {
        sim.click("Accepter en surnombre").unwrap();
    });
    assert!(shows(&app, "W-2 — Importée"));
    assert!(shows(
        &app,
        "Aucun conflit : chaque commande importée a trouvé sa place."
    ));
    assert!(shows_starting(
        &app,
        "décidé par Camille Roche — Strapontin"
    ));
}

#[test]
fn a_pretix_seating_plan_is_loaded_in_the_window_when_an_import_asks_for_it() {
    let f = Fixture::new();
    let orders = f.dir.path().join("cyrano_pretixdata.json");
    let plan = f.dir.path().join("plan.json");
    {
        let mut t = f.demo_season();
        let grande = next_in(&t, "Grande salle").0;
        let best = guichet::counter::offer::load(&t.store, grande, None, common::now()).unwrap();
        let id = best.best(1).unwrap()[0];
        let s = best.seat(id).unwrap();
        let body = json!({"event": {"name": "Cyrano", "slug": "cyrano",
            "organizer": {"name": "Quais", "slug": "quais"},
            "items": [{"id": 11, "name": "Billet", "price": "32.00", "admission": true, "variations": []}],
            "orders": [{"code": "AB12C", "status": "p", "testmode": false, "email": "ines@example.org",
                "phone": "None", "locale": "fr", "datetime": "2026-11-20T09:12:44+00:00", "total": "32.00",
                "positions": [{"id": 501, "positionid": 1, "item": 11, "variation": null, "subevent": 7,
                    "seat": "7c1d-guid", "price": "32.00", "attendee_name": "Inès Morel",
                    "secret": "k7pm3zgq2x9w4r8tbn5hdf6yc", "addon_to": null}]}],
            "subevents": [{"id": 7, "name": "Cyrano", "date_from": "2026-12-04T20:00:00+01:00"}]}});
        std::fs::write(&orders, serde_json::to_vec(&body).unwrap()).unwrap();
        let zones = json!([{"name": s.section, "position": {"x": 0, "y": 0},
            "rows": [{"row_number": s.row, "seats": [{"seat_guid": "7c1d-guid",
                "seat_number": s.number, "position": {"x": 0, "y": 0}, "category": "1"}]}]}]);
        let body = json!({"name": "Grande salle", "categories": [{"name": "1"}],
            "size": {"width": 100, "height": 100}, "zones": zones});
        std::fs::write(&plan, serde_json::to_vec(&body).unwrap()).unwrap();
        // Its event and product mapped already.
        let by = common::system(&t);
        let bytes = std::fs::read(&orders).unwrap();
        guichet::exchange::imports::import(
            &mut t.store,
            &t.signer,
            &by,
            &bytes,
            false,
            common::now(),
        )
        .unwrap();
        for (external, target) in [
            (
                "subevent:7",
                guichet::exchange::imports::Target::Performance(grande),
            ),
            (
                "item:11",
                guichet::exchange::imports::Target::Tariff("PLEIN".into()),
            ),
        ] {
            guichet::exchange::imports::map(
                &mut t.store,
                &by,
                "pretix:quais/cyrano",
                external,
                &target,
            )
            .unwrap();
        }
    }
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Till));
    act(&mut app, |sim| {
        sim.click("Ventes extérieures").unwrap();
    });
    type_enter(&mut app, outside::PATH, orders.to_str().unwrap());
    assert!(shows_starting(
        &app,
        "Rien n’est importé. La billetterie donne ses places par les identifiants de son plan de salle"
    ));
    assert!(shows_starting(
        &app,
        "Plan de salle pretix de pretix:quais/cyrano"
    ));
    type_enter(&mut app, outside::PLAN_PATH, plan.to_str().unwrap());
    assert!(shows(
        &app,
        "Plan de salle chargé : 1 places connues. Importez à nouveau le fichier de commandes."
    ));
    type_enter(&mut app, outside::PATH, "");
    assert!(shows_starting(
        &app,
        "1 commande(s) importée(s) (1 billets), 0 déjà là"
    ));
}

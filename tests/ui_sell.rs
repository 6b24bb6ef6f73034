//! Vente in the window, driven headless: keys typed into the entry, the
//! payment step, refusals shown in words, a patron, customer service.
//! (The shortest key sequences run end to end in e2e_sell.rs.)

mod common;

use common::window::{act, shows, shows_starting, type_enter};
use common::{Fixture, count, key};
use guichet::domain::Locale;
use guichet::ui::app::Screen;
use guichet::ui::screen::Section;
use guichet::ui::screen::sell::{self, Step};
use guichet::ui::{App, Launch, Message};
use iced::keyboard::{Key, Modifiers, key::Named};

/// A global key, as the window's keyboard subscription sends it.
fn press(app: &mut App, k: Key) {
    if let Some(m) = key(k, Modifiers::empty()) {
        common::window::send(app, m);
    }
}

/// The window on the file `f` holds (made before it opens), Camille
/// logged in, the drawer open.
fn window_on(f: &Fixture) -> App {
    let mut app = common::window::boot(&Launch {
        db: f.db.clone(),
        lang: Some(Locale::FrFr),
        demo: false,
        clock: common::clock(),
    });
    type_enter(&mut app, "login-pin", "2468");
    common::window::open_till(&mut app);
    app
}

fn vente(app: &App) -> &sell::State {
    match app.open().unwrap().screen() {
        Screen::Desk(d) => {
            assert_eq!(d.section, Section::Sell);
            d.sell().expect("Vente is open")
        }
        _ => panic!("not at the desk"),
    }
}

fn logged_in(f: &Fixture, lang: Locale) -> App {
    let mut app = common::window::boot(&Launch {
        db: f.db.clone(),
        lang: Some(lang),
        demo: true,
        clock: common::clock(),
    });
    type_enter(&mut app, "login-pin", "2468");
    common::window::open_till(&mut app);
    let _ = vente(&app);
    // Cyrano, whichever day is next (the demo is built around today):
    // a numbered hall, whatever the time of day the tests run.
    type_enter(&mut app, sell::ENTRY, "cyr");
    assert!(shows(&app, "Cyrano de Bergerac"));
    app
}

#[test]
fn a_sale_typed_at_the_counter_with_cash_and_change() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    assert!(shows(&app, "Panier (0)"));
    type_enter(&mut app, sell::ENTRY, "2");
    assert_eq!(vente(&app).basket().len(), 2);
    // F3: the last ticket takes the third tariff.
    press(&mut app, Key::Named(Named::F3));
    assert_ne!(
        vente(&app).basket()[1].tariff,
        vente(&app).basket()[0].tariff
    );
    type_enter(&mut app, sell::ENTRY, "");
    assert_eq!(vente(&app).step(), Step::Pay);
    // Too little cash: said, nothing sold.
    type_enter(&mut app, sell::ENTRY, "10");
    assert!(
        shows_starting(&app, "Reçu 10,00"),
        "short cash is explained"
    );
    assert_eq!(count(&f.raw(), "ticket"), 0);
    type_enter(&mut app, sell::ENTRY, "100");
    assert!(shows(&app, "Commande n° 1 — 2 billet(s)"));
    assert!(shows_starting(&app, "Rendu"), "the change is shown");
    assert_eq!(count(&f.raw(), "ticket"), 2);
    assert_eq!(vente(&app).step(), Step::Basket);
    assert!(vente(&app).basket().is_empty());
}

#[test]
fn refusals_are_explained_and_the_basket_is_kept_or_emptied_by_keys() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    type_enter(&mut app, sell::ENTRY, "zzz");
    assert!(
        shows_starting(&app, "« zzz » n’est ni un nombre de places"),
        "unknown text is explained"
    );
    type_enter(&mut app, sell::ENTRY, "Z99");
    assert!(
        shows_starting(&app, "Pas de place « Z99 »"),
        "{:?}",
        vente(&app).error()
    );
    type_enter(&mut app, sell::ENTRY, "F12");
    assert_eq!(vente(&app).basket().len(), 1);
    assert_eq!(
        vente(&app).basket()[0]
            .seat
            .as_ref()
            .map(|s| s.label(Locale::FrFr)),
        Some("Orchestre, rang F, 12".to_owned())
    );
    // The seat is held in the database for this basket.
    assert_eq!(count(&f.raw(), "cart_seat"), 1);
    type_enter(&mut app, sell::ENTRY, "3");
    assert_eq!(vente(&app).basket().len(), 4);
    press(&mut app, Key::Named(Named::Delete));
    assert_eq!(vente(&app).basket().len(), 3);
    assert_eq!(count(&f.raw(), "cart_seat"), 3);
    press(&mut app, Key::Named(Named::Escape));
    assert!(vente(&app).basket().is_empty(), "Esc empties the basket");
    assert_eq!(count(&f.raw(), "cart_seat"), 0, "and gives the seats back");
}

#[test]
fn a_patron_is_attached_from_the_basket() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    press(&mut app, Key::Named(Named::F9));
    type_enter(&mut app, sell::PATRON, "Camille Durand");
    assert_eq!(
        vente(&app).patron().map(|p| p.display_name()),
        Some("Camille Durand".into())
    );
    type_enter(&mut app, sell::ENTRY, "1");
    type_enter(&mut app, sell::ENTRY, "");
    type_enter(&mut app, sell::ENTRY, "");
    let on_order: Option<i64> = f
        .raw()
        .query_row("SELECT patron_id FROM sale_order", [], |r| r.get(0))
        .unwrap();
    assert!(on_order.is_some());
    assert!(
        vente(&app).patron().is_none(),
        "the next sale starts anonymous"
    );
}

/// Sells two seats for exact cash, then opens customer service on order 1.
fn sell_two_and_find_order_1(app: &mut App) {
    type_enter(app, sell::ENTRY, "2");
    type_enter(app, sell::ENTRY, "");
    type_enter(app, sell::ENTRY, "");
    press(app, Key::Named(Named::F10));
    type_enter(app, sell::service::QUERY, "1");
}

#[test]
fn customer_service_reprints_and_cancels_with_a_confirmation() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    sell_two_and_find_order_1(&mut app);
    assert!(shows_starting(&app, "Commande n° 1 ·"));
    act(&mut app, |sim| {
        sim.click("Réimprimer").unwrap();
    });
    assert!(shows(&app, "Billet n° 1 : duplicata n° 1 enregistré."));
    act(&mut app, |sim| {
        sim.click("Annuler toute la commande").unwrap();
    });
    assert_eq!(
        count(&f.raw(), "payment"),
        1,
        "the first press only asks for confirmation"
    );
    let total: i64 = f
        .raw()
        .query_row("SELECT total FROM sale_order", [], |r| r.get(0))
        .unwrap();
    let confirm = format!(
        "Confirmer : rembourser {} en Espèces",
        guichet::domain::Money::new(total, guichet::domain::Currency::Eur).format(Locale::FrFr)
    );
    act(&mut app, |sim| {
        sim.click(confirm.as_str()).unwrap();
    });
    assert!(shows_starting(&app, "Billet(s) 1, 2 annulé(s)"));
    let refunds: i64 = f
        .raw()
        .query_row("SELECT count(*) FROM payment WHERE amount < 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(refunds, 1);
    press(&mut app, Key::Named(Named::Escape));
    assert!(shows(&app, "Panier (0)"));
}

#[test]
fn vente_speaks_english_too() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::En);
    assert!(shows(&app, "Basket (0)"));
    type_enter(&mut app, sell::ENTRY, "zzz");
    assert!(shows_starting(&app, "“zzz” is not a number of places"));
}

#[test]
fn tickets_print_after_the_sale_and_a_failed_printer_offers_to_print_again() {
    use guichet::tickets::pdf::Layout;
    use guichet::tickets::print::{Destination, PrintSettings};
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    type_enter(&mut app, sell::ENTRY, "2");
    type_enter(&mut app, sell::ENTRY, "");
    common::window::type_enter_now(&mut app, sell::ENTRY, "");
    assert_eq!(
        vente(&app).printing(),
        &sell::Printing::Busy,
        "printing starts at once"
    );
    let order_id = vente(&app).done().unwrap().order_id;

    // What the background task does, with tickets going to a folder.
    let folder = f.dir.path().join("sortie");
    {
        let mut t = f.terminal();
        PrintSettings {
            layout: Layout::Thermal80,
            destination: Destination::Folder(folder.clone()),
        }
        .save(&mut t.store)
        .unwrap();
    }
    let job = sell::Job {
        order_id,
        only: None,
        receipt: false,
        resend: None,
    };
    let pdf = sell::print_job(&f.db, &job, common::now()).unwrap();
    assert!(folder.join(pdf.file_name().unwrap()).exists());

    // A failure is shown with the way out; F11 prints again, no new sale.
    common::window::send(
        &mut app,
        Message::Sell(sell::Message::Printed(Err((
            "l’imprimante « X » refuse".into(),
            job,
        )))),
    );
    assert!(shows_starting(
        &app,
        "Impression impossible : l’imprimante « X » refuse"
    ));
    if let Some(m) = key(Key::Named(Named::F11), Modifiers::empty()) {
        let _ = app.update(m);
    }
    assert_eq!(vente(&app).printing(), &sell::Printing::Busy);
    assert_eq!(count(&f.raw(), "sale_order"), 1);
}

#[test]
fn an_exchange_from_customer_service_gives_a_credit_spent_on_the_new_basket() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    sell_two_and_find_order_1(&mut app);
    act(&mut app, |sim| {
        sim.click("Échanger").unwrap();
    });
    let credit = vente(&app).exchange().expect("a credit").amount;
    assert_eq!(vente(&app).exchange().unwrap().tickets, vec![1, 2]);
    assert!(shows_starting(&app, "Échange de la commande n° 1"));
    // One seat instead of two: the rest goes back in cash.
    type_enter(&mut app, sell::ENTRY, "1");
    type_enter(&mut app, sell::ENTRY, "");
    type_enter(&mut app, sell::ENTRY, "");
    assert!(
        shows_starting(&app, "Échange fait : billets 1, 2 annulés"),
        "{:?}",
        vente(&app).error()
    );
    let c = f.raw();
    let valid: i64 = c
        .query_row(
            "SELECT count(*) FROM ticket WHERE status = 'valid'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(valid, 1);
    let new_total: i64 = c
        .query_row("SELECT total FROM sale_order WHERE number = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    let cash_back: i64 = c
        .query_row(
            "SELECT -amount FROM payment WHERE method = 'cash' AND amount < 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cash_back, credit.0 - new_total);
    assert!(vente(&app).exchange().is_none());
}

/// A clerk refunds by card an order paid in cash: beyond a clerk's right,
/// so the screen asks for a coordinator, who approves with their PIN at the
/// counter; the refund is made, and recorded, in the coordinator's name.
#[test]
fn a_coordinator_approves_a_clerks_refund_with_their_pin() {
    let f = Fixture::new();
    let mut app = common::window::boot(&Launch {
        db: f.db.clone(),
        lang: Some(Locale::FrFr),
        demo: true,
        clock: common::clock(),
    });
    // Camille Roche, Inès Benali, Lucas Martin: the clerk is third.
    press(&mut app, Key::Named(Named::ArrowDown));
    press(&mut app, Key::Named(Named::ArrowDown));
    type_enter(&mut app, "login-pin", "1793");
    common::window::open_till(&mut app);
    let _ = vente(&app);
    type_enter(&mut app, sell::ENTRY, "cyr");
    sell_two_and_find_order_1(&mut app);
    act(&mut app, |sim| {
        sim.click("Carte").unwrap();
    });
    act(&mut app, |sim| {
        sim.click("Annuler toute la commande").unwrap();
    });
    let total: i64 = f
        .raw()
        .query_row("SELECT total FROM sale_order", [], |r| r.get(0))
        .unwrap();
    let confirm = format!(
        "Confirmer : rembourser {} en Carte",
        guichet::domain::Money::new(total, guichet::domain::Currency::Eur).format(Locale::FrFr)
    );
    act(&mut app, |sim| {
        sim.click(confirm.as_str()).unwrap();
    });
    assert!(
        shows_starting(&app, "Rembourser en carte une commande payée en espèces."),
        "the refusal says why"
    );
    assert_eq!(count(&f.raw(), "payment"), 1, "nothing refunded yet");
    let ines: i64 = f
        .raw()
        .query_row(
            "SELECT id FROM operator WHERE name = 'Inès Benali'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    common::window::send(
        &mut app,
        Message::Sell(sell::Message::Service(sell::service::Message::Approver(
            sell::service::Approver {
                id: ines,
                name: "Inès Benali".into(),
            },
        ))),
    );
    // A wrong PIN is refused and counted; the right one refunds.
    type_enter(&mut app, sell::service::APPROVAL_PIN, "0000");
    assert!(shows_starting(&app, "Code PIN incorrect."));
    assert_eq!(count(&f.raw(), "payment"), 1);
    type_enter(&mut app, sell::service::APPROVAL_PIN, "3579");
    let refunded =
        guichet::domain::Money::new(total, guichet::domain::Currency::Eur).format(Locale::FrFr);
    let notice = format!(
        "Billet(s) 1, 2 annulé(s) : {refunded} remboursés en Carte. Approuvé par Inès Benali."
    );
    assert!(shows(&app, &notice), "{notice}");
    let by: String = f
        .raw()
        .query_row(
            "SELECT json_extract(body, '$.operator.name') FROM ledger WHERE kind = 'cancellation'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "Inès Benali", "recorded in the coordinator's name");
}

#[test]
fn a_telephone_sale_is_recorded_as_such_then_the_counter_comes_back() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    assert!(shows(&app, "Vente"));
    common::window::send(
        &mut app,
        Message::Sell(sell::Message::Channel(
            guichet::domain::order::Channel::Phone,
        )),
    );
    assert_eq!(
        vente(&app).channel(),
        guichet::domain::order::Channel::Phone
    );
    type_enter(&mut app, sell::ENTRY, "1");
    type_enter(&mut app, sell::ENTRY, "");
    type_enter(&mut app, sell::ENTRY, "100");
    assert!(shows(&app, "Commande n° 1 — 1 billet(s)"));
    let channel: String = f
        .raw()
        .query_row("SELECT channel FROM sale_order WHERE number = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(channel, "phone");
    // The next basket is the counter's again.
    assert_eq!(
        vente(&app).channel(),
        guichet::domain::order::Channel::Counter
    );
}

#[test]
fn a_gift_voucher_sold_with_ctrl_b_pays_the_next_basket_by_its_code_and_f4() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    if let Some(m) = key(Key::Character("b".into()), Modifiers::CTRL) {
        common::window::send(&mut app, m);
    }
    assert!(
        vente(&app).gift().is_some(),
        "Ctrl+B opens the gift vouchers"
    );
    assert!(shows(&app, "Vendre un bon cadeau"));
    // Nothing to sell: said, nothing sold (the field keeps what was typed).
    type_enter(&mut app, sell::gift::AMOUNT, "0");
    assert!(shows_starting(&app, "Un bon cadeau va de 0,01 à "));
    assert_eq!(count(&f.raw(), "voucher"), 0);
    // Esc, Ctrl+B again: a fresh panel.
    press(&mut app, Key::Named(Named::Escape));
    assert!(vente(&app).gift().is_none());
    if let Some(m) = key(Key::Character("b".into()), Modifiers::CTRL) {
        common::window::send(&mut app, m);
    }
    // 50,00 handed over as a 60,00 note: the change, the code once.
    act(&mut app, |sim| {
        sim.click(iced_test::selector::id(sell::gift::AMOUNT))
            .unwrap();
        let _ = sim.typewrite("50");
    });
    type_enter(&mut app, sell::gift::GIVEN, "60");
    assert!(shows(&app, "Bon cadeau vendu — commande n° 1. Son code :"));
    assert!(shows_starting(&app, "Monnaie à rendre : 10,00"));
    let code = vente(&app)
        .gift()
        .unwrap()
        .sold()
        .unwrap()
        .voucher
        .code
        .clone();
    assert!(shows(&app, &code), "the code is on the screen");
    assert_eq!(count(&f.raw(), "voucher"), 1);
    // Looked up: all of it left.
    type_enter(&mut app, sell::gift::CODE, &code.to_lowercase());
    assert!(shows_starting(&app, "reste 50,00"));
    press(&mut app, Key::Named(Named::Escape));
    assert!(vente(&app).gift().is_none());

    // Two seats, then the voucher's code and F4: it pays what it holds.
    type_enter(&mut app, sell::ENTRY, "2");
    type_enter(&mut app, sell::ENTRY, "");
    assert_eq!(vente(&app).step(), Step::Pay);
    press(&mut app, Key::Named(Named::F4));
    assert!(shows_starting(&app, "Tapez le code du bon cadeau"));
    let mut typo = code.clone();
    typo.replace_range(0..1, if code.starts_with('A') { "B" } else { "A" });
    act(&mut app, |sim| {
        sim.click(iced_test::selector::id(sell::ENTRY)).unwrap();
        let _ = sim.typewrite(&typo);
    });
    press(&mut app, Key::Named(Named::F4));
    assert!(shows_starting(&app, "Un caractère du code est mal saisi"));
    // The typo stays to be corrected; Esc and Enter start the payment again.
    press(&mut app, Key::Named(Named::Escape));
    type_enter(&mut app, sell::ENTRY, "");
    act(&mut app, |sim| {
        sim.click(iced_test::selector::id(sell::ENTRY)).unwrap();
        let _ = sim.typewrite(&code);
    });
    press(&mut app, Key::Named(Named::F4));
    let hint = &code[code.len() - 4..];
    assert!(shows_starting(&app, &format!("Bon …{hint} : 50,00")));
    type_enter(&mut app, sell::ENTRY, "");
    assert!(shows(&app, "Commande n° 2 — 2 billet(s)"));
    let spent: i64 = f
        .raw()
        .query_row("SELECT sum(amount) FROM voucher_use", [], |r| r.get(0))
        .unwrap();
    assert_eq!(spent, 5_000);
}

#[test]
fn ctrl_and_a_digit_switch_section_without_leaving_the_digit_in_the_entry() {
    let f = Fixture::new();
    let mut app = logged_in(&f, Locale::FrFr);
    let typing = |app: &mut App, text: &'static str| {
        act(app, |sim| {
            sim.click(iced_test::selector::id(sell::ENTRY)).unwrap();
            let _ = sim.typewrite(text);
        });
    };
    // Ctrl held (as X11 sends Ctrl+1: the modifier, then the digit as text).
    common::window::send(&mut app, Message::Modifiers(true));
    typing(&mut app, "1");
    assert_eq!(vente(&app).entry(), "", "the digit of Ctrl+1 is no count");
    common::window::send(&mut app, Message::Modifiers(false));
    typing(&mut app, "2");
    assert_eq!(vente(&app).entry(), "2");
}

#[test]
fn a_six_performance_subscription_with_the_same_seats_sells_in_six_keys() {
    use guichet::domain::subscription::Rule;
    use guichet::programming::subscriptions::{FormulaDraft, add_formula};
    use guichet::ui::screen::sell::subscribe::{self, Message as Sub};
    // A fixed set of six Grande salle performances, 150,00 at the subscriber
    // tariff, made before the window opens.
    let (f, mut t) = Fixture::demo();
    let six: Vec<i64> = guichet::programming::upcoming(&t.store, common::now(), 300)
        .unwrap()
        .into_iter()
        .filter(|p| p.hall == "Grande salle")
        .map(|p| p.id)
        .take(6)
        .collect();
    assert_eq!(six.len(), 6);
    let op = common::system(&t);
    let draft = FormulaDraft {
        name: "Six soirées".into(),
        rule: Rule::Fixed(six.clone()),
        tariff: "ABONNE".into(),
        prices: vec![(
            "ABONNE".into(),
            String::new(),
            guichet::domain::Cents(15_000),
        )],
    };
    add_formula(&mut t.store, &common::by(&t.signer, &op), &draft).unwrap();
    drop(t);
    let mut app = window_on(&f);
    let key_in = |app: &mut App, m: Sub| {
        common::window::send(app, Message::Sell(sell::Message::Subscribe(m)));
    };
    // 1 key: Ctrl+A opens the panel, the focus in the formula's field.
    if let Some(m) = key(Key::Character("a".into()), Modifiers::CTRL) {
        common::window::send(&mut app, m);
    }
    assert!(shows(&app, "Vendre un abonnement"));
    assert_eq!(focused(&app), subscribe::FORMULA);
    // 2 keys: « 1 » Enter — the formula, its six performances taken, the
    // focus in the places.
    key_in(&mut app, Sub::Formula("1".into()));
    key_in(&mut app, Sub::Submit);
    assert_eq!(focused(&app), subscribe::PLACES);
    assert!(shows_starting(&app, "✓ 6. "));
    // 2 keys: « 2 » Enter — what it costs: each performance's share, the
    // seats, the total.
    key_in(&mut app, Sub::Places("2".into()));
    key_in(&mut app, Sub::Submit);
    assert!(shows_starting(&app, "Total : 300,00"), "two subscriptions");
    assert_eq!(count(&f.raw(), "ticket"), 0, "a quote writes nothing");
    // 1 key: Enter — sold in exact cash.
    key_in(&mut app, Sub::Submit);
    assert!(shows_starting(
        &app,
        "Abonnement « Six soirées » vendu — commande n° 1, 12 billet(s)"
    ));
    // Six keys in all. Twelve tickets, the same two seats throughout.
    let seats: Vec<(i64, i64)> = f
        .raw()
        .prepare("SELECT performance_id, seat_id FROM ticket ORDER BY performance_id, seat_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(seats.len(), 12);
    let first: Vec<i64> = seats[..2].iter().map(|(_, s)| *s).collect();
    for pair in seats.chunks(2) {
        assert_eq!(pair.iter().map(|(_, s)| *s).collect::<Vec<_>>(), first);
    }
    let paid: i64 = f
        .raw()
        .query_row("SELECT sum(amount) FROM payment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(paid, 30_000);
    // A performance number not in the list, refused in words.
    if let Some(m) = key(Key::Character("a".into()), Modifiers::CTRL) {
        common::window::send(&mut app, m);
    }
    key_in(&mut app, Sub::Formula("7".into()));
    key_in(&mut app, Sub::Submit);
    assert!(shows_starting(
        &app,
        "« 7 » : tapez le numéro d’une formule de la liste."
    ));
}

/// The field with the focus in the subscription panel.
fn focused(app: &App) -> &'static str {
    vente(app).subscribe().expect("the panel is open").focused()
}

#[test]
fn a_subscriber_s_performance_is_exchanged_from_customer_service() {
    use guichet::counter::subscriptions::{self, SubscriptionSale};
    use guichet::domain::Cents;
    use guichet::domain::payment::{Method, Tender};
    use guichet::domain::subscription::Rule;
    use guichet::programming::subscriptions::{FormulaDraft, add_formula};
    // Two to four performances, any show, 50,00; sold for the first two
    // Cyrano evenings before the window opens.
    let (f, mut t) = Fixture::demo();
    let cyrano: Vec<i64> = guichet::programming::upcoming(&t.store, common::now(), 300)
        .unwrap()
        .into_iter()
        .filter(|p| p.show == "Cyrano de Bergerac")
        .map(|p| p.id)
        .take(3)
        .collect();
    let op = common::system(&t);
    let draft = FormulaDraft {
        name: "Deux à quatre".into(),
        rule: Rule::Choice {
            min: 2,
            max: 4,
            shows: Vec::new(),
            per_genre: Default::default(),
        },
        tariff: "ABONNE".into(),
        prices: vec![("ABONNE".into(), String::new(), Cents(5_000))],
    };
    let formula = add_formula(&mut t.store, &common::by(&t.signer, &op), &draft).unwrap();
    let sale = SubscriptionSale {
        formula: formula.id.to_string(),
        performances: cyrano[..2].to_vec(),
        places: 1,
        together: true,
        patron_id: None,
        tenders: vec![Tender {
            method: Method::Cash,
            amount: Cents(5_000),
            voucher: None,
        }],
    };
    let sold = subscriptions::sell(&mut t.store, &t.signer, &op, &sale, common::now()).unwrap();
    drop(t);
    let mut app = window_on(&f);
    // The new performance chosen on the left, then customer service.
    common::window::send(&mut app, Message::Sell(sell::Message::Select(cyrano[2])));
    press(&mut app, Key::Named(Named::F10));
    let number = sold.sold.number.to_string();
    type_enter(&mut app, sell::service::QUERY, &number);
    assert!(shows(
        &app,
        "Échanger pour la représentation choisie à gauche (abonnement)"
    ));
    // Its two performances untouched: which one, the clerk is asked.
    act(&mut app, |sim| {
        sim.click("Échanger pour la représentation choisie à gauche (abonnement)")
            .unwrap();
    });
    assert!(shows_starting(
        &app,
        "Cochez les billets d’une seule représentation"
    ));
    let first = sold.sold.tickets[0].number;
    common::window::send(
        &mut app,
        Message::Sell(sell::Message::Service(sell::service::Message::Mark(
            first, true,
        ))),
    );
    act(&mut app, |sim| {
        sim.click("Échanger pour la représentation choisie à gauche (abonnement)")
            .unwrap();
    });
    // Asked once, naming where it goes; nothing written yet.
    assert_eq!(count(&f.raw(), "subscription_order"), 1);
    let to = "Confirmer : échanger pour Cyrano de Bergerac, ";
    assert!(shows_starting(&app, to));
    common::window::send(
        &mut app,
        Message::Sell(sell::Message::Service(sell::service::Message::Exchange)),
    );
    assert!(shows_starting(
        &app,
        "Échangé dans l’abonnement : billets 000001 annulés"
    ));
    let at_new: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ticket WHERE performance_id = ?1 AND status = 'valid'",
            [cyrano[2]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(at_new, 1, "the new ticket");
    assert_eq!(count(&f.raw(), "subscription_order"), 2);
    let paid: i64 = f
        .raw()
        .query_row("SELECT sum(amount) FROM payment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(paid, 5_000, "no money moved");
}

#[test]
fn a_price_a_demand_rule_moved_is_marked_on_its_key() {
    use guichet::domain::Cents;
    use guichet::domain::price_rule::{Draft, Scope, Trigger};
    use guichet::programming::price_rules;
    // Early-bird prices for Cyrano's next evening until a week from now:
    // every category 3,00 less.
    let (f, mut t) = Fixture::demo();
    let (cyrano, _) = common::next_in(&t, "Grande salle");
    let op = common::system(&t);
    let draft = Draft {
        scope: Scope::Performance(cyrano),
        trigger: Trigger::Before(common::now() + chrono::Duration::days(7)),
        category: None,
        step: Cents(-300),
        floor: None,
        ceiling: None,
    };
    let by = common::by(&t.signer, &op);
    price_rules::add(&mut t.store, &by, draft).unwrap();
    price_rules::set_enabled(&mut t.store, &by, true).unwrap();
    drop(t);
    let mut app = window_on(&f);
    common::window::send(&mut app, Message::Sell(sell::Message::Select(cyrano)));
    assert!(
        shows(&app, "F1  Plein tarif  29,00\u{a0}€ (↓ demande)"),
        "the early-bird price, marked"
    );
}

#[test]
fn a_subscription_is_paid_by_cheque_with_f3() {
    use guichet::domain::subscription::Rule;
    use guichet::programming::subscriptions::{FormulaDraft, add_formula};
    use guichet::ui::screen::sell::subscribe::Message as Sub;
    let (f, mut t) = Fixture::demo();
    let two: Vec<i64> = guichet::programming::upcoming(&t.store, common::now(), 300)
        .unwrap()
        .into_iter()
        .filter(|p| p.hall == "Grande salle")
        .map(|p| p.id)
        .take(2)
        .collect();
    let op = common::system(&t);
    let draft = FormulaDraft {
        name: "Deux soirées".into(),
        rule: Rule::Fixed(two),
        tariff: "ABONNE".into(),
        prices: vec![(
            "ABONNE".into(),
            String::new(),
            guichet::domain::Cents(5_000),
        )],
    };
    add_formula(&mut t.store, &common::by(&t.signer, &op), &draft).unwrap();
    drop(t);
    let mut app = window_on(&f);
    if let Some(m) = key(Key::Character("a".into()), Modifiers::CTRL) {
        common::window::send(&mut app, m);
    }
    let key_in = |app: &mut App, m: Sub| {
        common::window::send(app, Message::Sell(sell::Message::Subscribe(m)));
    };
    key_in(&mut app, Sub::Formula("1".into()));
    key_in(&mut app, Sub::Submit);
    key_in(&mut app, Sub::Submit);
    assert!(shows_starting(&app, "Total : 50,00"));
    assert!(shows_starting(
        &app,
        "Total : 50,00\u{a0}€ — Entrée : espèces exactes · F2 : carte · F3 : chèque"
    ));
    press(&mut app, Key::Named(Named::F3));
    let method: String = f
        .raw()
        .query_row("SELECT method FROM payment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(method, "cheque");
}

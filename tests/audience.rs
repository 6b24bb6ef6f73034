//! The patron file: search as you type (accents, case, spacing, phone and
//! postcode forms), patrons added and changed (malformed contacts kept and
//! flagged), the card (orders, visits, spend, genres, loyalty), consent per
//! channel with its history, the contact log, and each refusal writing
//! nothing.

mod common;

use chrono::Duration;
use common::{Fixture, next_in, now};
use guichet::audience::{self, AudienceError};
use guichet::counter::{self, SaleRequest};
use guichet::domain::patron::{ConsentChannel, ContactFlag, Loyalty, MaySend, Need, PatronDetails};
use guichet::door::{self, Scope};
use guichet::terminal::Terminal;

fn details(first: &str, last: &str) -> PatronDetails {
    PatronDetails {
        first_name: first.into(),
        last_name: last.into(),
        ..PatronDetails::default()
    }
}

fn organisation(name: &str, kind: &str) -> guichet::domain::organisation::OrganisationDetails {
    guichet::domain::organisation::OrganisationDetails {
        name: name.into(),
        kind: kind.into(),
        ..Default::default()
    }
}

fn add(t: &mut Terminal, d: PatronDetails) -> i64 {
    audience::create(&mut t.store, &d, "counter", now())
        .unwrap()
        .0
        .id
}

fn found(t: &Terminal, text: &str) -> Vec<String> {
    audience::search(&t.store, text, 20)
        .unwrap()
        .into_iter()
        .map(|p| p.display_name())
        .collect()
}

#[test]
fn search_ignores_accents_case_spacing_and_finds_phones_postcodes_and_organisations() {
    let (_f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let lycee = audience::add_organisation(
        &mut t.store,
        &by,
        &organisation("Lycée Voltaire", "school"),
        now(),
    )
    .unwrap();
    add(
        &mut t,
        PatronDetails {
            email: "helene.darcy@example.fr".into(),
            phone: "+33 6 12 34 56 78".into(),
            postcode: "75011".into(),
            organisation_id: Some(lycee),
            ..details("Hélène", "D'Arcy")
        },
    );
    add(
        &mut t,
        PatronDetails {
            phone: "(514) 555-0199".into(),
            postcode: "H3B 2Y5".into(),
            ..details("Marc-André", "Tremblay")
        },
    );
    add(&mut t, details("Helena", "Dupont"));
    assert_eq!(found(&t, "helene"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "HÉLÈNE"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "hel"), ["Hélène D'Arcy", "Helena Dupont"]);
    assert_eq!(found(&t, "darcy hel"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "0612"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "06 12 34"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "+33 6 12"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "voltaire"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "helene.darcy@EXAMPLE"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "750"), ["Hélène D'Arcy"]);
    assert_eq!(found(&t, "h3b"), ["Marc-André Tremblay"]);
    assert_eq!(found(&t, "H3B 2Y"), ["Marc-André Tremblay"]);
    assert_eq!(found(&t, "514555"), ["Marc-André Tremblay"]);
    assert_eq!(found(&t, "marc andre"), ["Marc-André Tremblay"]);
    assert_eq!(found(&t, "marcandre"), ["Marc-André Tremblay"]);
    // Too short, or nobody: nothing.
    assert!(found(&t, "h").is_empty());
    assert!(found(&t, "zzz").is_empty());
    assert!(found(&t, "%").is_empty());
    // A changed name is found by its new words only.
    let id = audience::search(&t.store, "dupont", 1).unwrap()[0].id;
    audience::update(&mut t.store, id, &details("Helena", "Martin"), now()).unwrap();
    assert!(found(&t, "dupont").is_empty());
    assert_eq!(found(&t, "helena mar"), ["Helena Martin"]);
}

#[test]
fn a_malformed_email_or_phone_is_kept_as_typed_and_flagged() {
    let (_f, mut t) = Fixture::demo();
    let (p, flags) = audience::create(
        &mut t.store,
        &PatronDetails {
            email: "camille.example.fr".into(),
            phone: "12".into(),
            ..details("Camille", "Roux")
        },
        "counter",
        now(),
    )
    .unwrap();
    assert_eq!(flags, [ContactFlag::Email, ContactFlag::Phone]);
    assert_eq!(p.email, "camille.example.fr");
    assert_eq!(p.phone, "12");
    let card = audience::card(&t.store, p.id, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.flags, [ContactFlag::Email, ContactFlag::Phone]);
}

#[test]
fn bad_details_are_refused_and_write_nothing() {
    let (f, mut t) = Fixture::demo();
    let before = f.rows();
    let refused = |t: &mut Terminal, d: PatronDetails| {
        audience::create(&mut t.store, &d, "counter", now()).unwrap_err()
    };
    assert!(matches!(
        refused(&mut t, PatronDetails::default()),
        AudienceError::NoName
    ));
    assert!(matches!(
        refused(
            &mut t,
            PatronDetails {
                birth_year: Some(1850),
                ..details("A", "B")
            }
        ),
        AudienceError::BirthYear(1850)
    ));
    assert!(matches!(
        refused(
            &mut t,
            PatronDetails {
                categories: vec!["vip".into()],
                ..details("A", "B")
            }
        ),
        AudienceError::UnknownCategory(_)
    ));
    assert!(matches!(
        refused(&mut t, details(&"x".repeat(201), "B")),
        AudienceError::TooLong("first name", 200)
    ));
    assert!(matches!(
        refused(
            &mut t,
            PatronDetails {
                organisation_id: Some(999),
                ..details("A", "B")
            }
        ),
        AudienceError::NoSuchOrganisation
    ));
    assert_eq!(f.rows(), before);
    // The usual categories are there, and a coordinator's own one is added.
    let codes: Vec<String> = audience::categories(&t.store)
        .unwrap()
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(
        codes,
        [
            "student",
            "senior",
            "member",
            "professional",
            "press",
            "school"
        ]
    );
    let by = common::system(&t);
    audience::set_category(&mut t.store, &by, "Mécène", "Mécène").unwrap();
    let clerk = guichet::operators::for_command_line(
        &mut t.store,
        Some("Lucas Martin"),
        Some("1793"),
        false,
        now(),
    )
    .unwrap();
    assert!(matches!(
        audience::set_category(&mut t.store, &clerk, "vip", "VIP"),
        Err(AudienceError::NotAllowed(_))
    ));
    assert!(matches!(
        audience::add_organisation(
            &mut t.store,
            &clerk,
            &organisation("CE Michelin", "works_council"),
            now()
        ),
        Err(AudienceError::NotAllowed(_))
    ));
    add(
        &mut t,
        PatronDetails {
            categories: vec!["mecene".into(), "press".into()],
            ..details("A", "B")
        },
    );
}

#[test]
fn the_card_holds_orders_visits_spend_genres_and_loyalty() {
    let (_f, mut t) = Fixture::demo();
    let id = add(
        &mut t,
        PatronDetails {
            needs: vec![Need::Wheelchair],
            ..details("Camille", "Durand")
        },
    );
    let (club, starts) = next_in(&t, "Le Club");
    let by = common::system(&t);
    let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap();
    let price = plein.prices[&offer.categories[0].id];
    let item = counter::Item {
        performance_id: club,
        place: counter::Place::Unnumbered,
        tariff_id: plein.tariff.id,
    };
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![item, item],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Card,
            amount: guichet::domain::Cents(price.0 * 2),
        }],
        patron_id: Some(id),
        ..SaleRequest::default()
    };
    let sold = counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
    let total = price.0 * 2;
    // One of the two comes in at the door.
    let at = starts - Duration::minutes(20);
    door::scan(
        &mut t.store,
        Scope::Performance(club),
        "Entrée",
        &by,
        &sold.tickets[0].code,
        at,
    )
    .unwrap();
    // Before the performance: an order, no visit yet.
    let card = audience::card(&t.store, id, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.history.len(), 2);
    assert!(card.visits.is_empty());
    assert_eq!(card.loyalty, Loyalty::Prospect);
    assert_eq!(card.total_spent, total);
    assert_eq!(card.patron.needs, [Need::Wheelchair]);
    // After it: a visit, attended, in this season, of the show's genre.
    let later = starts + Duration::hours(3);
    let card = audience::card(&t.store, id, later, chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.visits.len(), 1);
    assert!(card.visits[0].attended);
    assert_eq!(card.visits[0].tickets, 2);
    assert_eq!(card.first_visit, Some(starts));
    assert_eq!(card.last_visit, Some(starts));
    assert_eq!(card.per_season, [(2026, 1)]);
    assert_eq!(card.genres.len(), 1);
    assert_eq!(card.loyalty, Loyalty::New);
    // A buyer in France may get similar offers by e-mail until they object.
    let email = card
        .consents
        .iter()
        .find(|c| c.channel == ConsentChannel::Email)
        .unwrap();
    assert_eq!(email.may, MaySend::SoftOptIn);
    let sms = card
        .consents
        .iter()
        .find(|c| c.channel == ConsentChannel::Sms)
        .unwrap();
    assert_eq!(sms.may, MaySend::NoConsent);
    // The search shows the most loyal first.
    let other = add(&mut t, details("Camille", "Dubois"));
    let hits = audience::search(&t.store, "camille", 5).unwrap();
    assert_eq!(hits[0].id, id);
    assert_eq!(hits[1].id, other);
    assert_eq!(hits[0].orders, 1);
}

#[test]
fn consent_is_given_and_withdrawn_with_its_history_kept() {
    let (_f, mut t) = Fixture::demo();
    let id = add(&mut t, details("Camille", "Durand"));
    let by = common::system(&t);
    let zone = chrono_tz::Europe::Paris;
    assert!(
        audience::set_consent(
            &mut t.store,
            &by,
            id,
            ConsentChannel::Email,
            true,
            "counter",
            now()
        )
        .unwrap()
    );
    // Saying it again changes nothing.
    assert!(
        !audience::set_consent(
            &mut t.store,
            &by,
            id,
            ConsentChannel::Email,
            true,
            "form",
            now()
        )
        .unwrap()
    );
    let later = now() + Duration::days(3);
    audience::set_consent(
        &mut t.store,
        &by,
        id,
        ConsentChannel::Email,
        false,
        "counter",
        later,
    )
    .unwrap();
    let card = audience::card(&t.store, id, later, zone, false).unwrap();
    let email = card
        .consents
        .iter()
        .find(|c| c.channel == ConsentChannel::Email)
        .unwrap();
    assert_eq!(email.may, MaySend::Withdrawn(later));
    assert_eq!(card.consent_history.len(), 2);
    assert!(!card.consent_history[0].granted);
    assert!(card.consent_history[1].granted);
    assert_eq!(card.consent_history[1].source, "counter");
    assert_eq!(
        card.consent_history[1].wording_version,
        audience::CONSENT_WORDING
    );
    assert_eq!(card.consent_history[1].operator, by.name);
    // Post needs no consent, only no objection.
    let post = card
        .consents
        .iter()
        .find(|c| c.channel == ConsentChannel::Post)
        .unwrap();
    assert_eq!(post.may, MaySend::NotObjected);
}

#[test]
fn the_contact_log_keeps_who_when_and_what() {
    let (f, mut t) = Fixture::demo();
    let id = add(&mut t, details("Camille", "Durand"));
    let by = common::system(&t);
    let before = f.rows();
    assert!(matches!(
        audience::log_contact(&mut t.store, &by, id, "call", "   ", now()),
        Err(AudienceError::EmptyNote)
    ));
    assert!(matches!(
        audience::log_contact(&mut t.store, &by, 9_999, "call", "Hello", now()),
        Err(AudienceError::NoSuchPatron)
    ));
    assert_eq!(f.rows(), before);
    audience::log_contact(
        &mut t.store,
        &by,
        id,
        "call",
        "A perdu son billet, duplicata envoyé",
        now(),
    )
    .unwrap();
    let card = audience::card(&t.store, id, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.contacts.len(), 1);
    assert_eq!(card.contacts[0].kind, "call");
    assert_eq!(card.contacts[0].operator, by.name);
    assert_eq!(card.contacts[0].at, now());
}

#[test]
fn the_command_line_finds_shows_adds_and_records_consent() {
    let (f, t) = Fixture::demo();
    drop(t);
    let db = f.db.to_str().unwrap();
    let clerk = ("Lucas Martin", "1793");
    // Writing needs an operator.
    let out = common::guichet(
        db,
        &["patrons", "add", "--first", "Zoé", "--last", "Lambert"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = common::guichet_as(
        db,
        clerk,
        &[
            "patrons",
            "add",
            "--first",
            "Zoé",
            "--last",
            "Lambert",
            "--phone",
            "06 98 76 54 32",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8_lossy(&out.stdout)
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    // Reading needs none.
    let out = common::guichet(db, &["patrons", "find", "zoe lamb"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Zoé Lambert"));
    let out = common::guichet(db, &["patrons", "find", "0698", "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["last_name"], "Lambert");
    let out = common::guichet_as(
        db,
        clerk,
        &[
            "patrons",
            "consent",
            &id,
            "--channel",
            "sms",
            "--given",
            "--source",
            "form",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "sms given");
    let out = common::guichet_as(
        db,
        clerk,
        &["patrons", "consent", &id, "--channel", "fax", "--given"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = common::guichet(db, &["patrons", "show", &id, "--json"]);
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["loyalty"], "prospect");
    assert_eq!(card["consent"][1]["channel"], "sms");
    assert_eq!(card["consent"][1]["allowed"], true);
    let out = common::guichet(db, &["patrons", "show", "999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_patron_is_exported_and_erased_their_sales_stay_and_the_ledger_verifies() {
    let (f, mut t) = Fixture::demo();
    let id = add(
        &mut t,
        PatronDetails {
            email: "camille.durand@example.fr".into(),
            phone: "06 12 34 56 78".into(),
            notes: "Vient avec sa mère".into(),
            ..details("Camille", "Durand")
        },
    );
    let request = {
        let (club, _) = next_in(&t, "Le Club");
        let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
        let plein = offer.tariff("PLEIN").unwrap();
        let price = plein.prices[&offer.categories[0].id];
        SaleRequest {
            quoted: Vec::new(),
            items: vec![counter::Item {
                performance_id: club,
                place: counter::Place::Unnumbered,
                tariff_id: plein.tariff.id,
            }],
            tenders: vec![guichet::domain::payment::Tender {
                voucher: None,
                method: guichet::domain::payment::Method::Cash,
                amount: price,
            }],
            patron_id: Some(id),
            ..SaleRequest::default()
        }
    };
    let admin = common::system(&t);
    let sold = counter::sell::sell(&mut t.store, &t.signer, &admin, &request, now()).unwrap();
    let by = common::system(&t);
    audience::log_contact(&mut t.store, &by, id, "call", "Rappel", now()).unwrap();
    // A clerk may neither export nor erase.
    let clerk = guichet::operators::for_command_line(
        &mut t.store,
        Some("Lucas Martin"),
        Some("1793"),
        false,
        now(),
    )
    .unwrap();
    let before = f.rows();
    assert!(matches!(
        audience::export(&mut t.store, &t.signer, &clerk, id, now()),
        Err(AudienceError::NotAllowed(_))
    ));
    assert!(matches!(
        audience::erase(&mut t.store, &t.signer, &clerk, id, now()),
        Err(AudienceError::NotAllowed(_))
    ));
    assert_eq!(f.rows(), before);
    let exported = audience::export(&mut t.store, &t.signer, &by, id, now()).unwrap();
    assert_eq!(exported["patron"]["last_name"], "Durand");
    assert_eq!(exported["tickets"][0]["ticket"], sold.tickets[0].number);
    assert_eq!(exported["contacts"][0]["note"], "Rappel");
    audience::erase(&mut t.store, &t.signer, &by, id, now()).unwrap();
    assert!(matches!(
        audience::erase(&mut t.store, &t.signer, &by, id, now()),
        Err(AudienceError::Anonymised)
    ));
    // Gone from search and from every field; the order stays, with no name.
    assert!(found(&t, "durand").is_empty());
    assert!(found(&t, "0612").is_empty());
    let card = audience::card(&t.store, id, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.patron.display_name(), "");
    assert!(card.contacts.is_empty());
    assert_eq!(card.history.len(), 1);
    let conn = f.raw();
    let leftover: i64 = conn
        .query_row(
            "SELECT count(*) FROM patron WHERE email <> '' OR phone <> '' OR notes <> ''
                                            OR last_name <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftover, 0);
    let personal: i64 = conn
        .query_row(
            "SELECT count(*) FROM ledger WHERE body LIKE '%Durand%' OR body LIKE '%06 12%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(personal, 0, "the ledger names no one");
    let acts: Vec<String> = conn
        .prepare("SELECT body FROM ledger WHERE kind = 'patron_file' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(acts.len(), 2);
    assert!(acts[0].contains("\"act\":\"exported\""));
    assert!(acts[1].contains("\"act\":\"erased\""));
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(report.first_break.is_none(), "{:?}", report.first_break);
    assert!(matches!(
        audience::update(&mut t.store, id, &details("A", "B"), now()),
        Err(AudienceError::Anonymised)
    ));
}

#[test]
fn the_inactive_are_listed_then_forgotten_a_purchase_renews_contact() {
    let (_f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let old = now() - Duration::days(4 * 365);
    let (stale, _) =
        audience::create(&mut t.store, &details("Ancien", "Contact"), "import", old).unwrap();
    let (fresh, _) = audience::create(
        &mut t.store,
        &details("Récent", "Contact"),
        "counter",
        now(),
    )
    .unwrap();
    // Added as long ago, but bought today: in touch.
    let (buyer, _) =
        audience::create(&mut t.store, &details("Fidèle", "Acheteur"), "import", old).unwrap();
    let (club, _) = next_in(&t, "Le Club");
    let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![counter::Item {
            performance_id: club,
            place: counter::Place::Unnumbered,
            tariff_id: plein.tariff.id,
        }],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: plein.prices[&offer.categories[0].id],
        }],
        patron_id: Some(buyer.id),
        ..SaleRequest::default()
    };
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
    assert!(matches!(
        audience::forget_inactive(&mut t.store, &t.signer, &by, 0, true, now()),
        Err(AudienceError::Years(0))
    ));
    let listed = audience::forget_inactive(&mut t.store, &t.signer, &by, 3, true, now()).unwrap();
    assert_eq!(listed, [(stale.id, "Ancien Contact".to_owned())]);
    // A dry run erased nobody.
    assert_eq!(found(&t, "ancien"), ["Ancien Contact"]);
    let forgotten =
        audience::forget_inactive(&mut t.store, &t.signer, &by, 3, false, now()).unwrap();
    assert_eq!(forgotten.len(), 1);
    assert!(found(&t, "ancien").is_empty());
    assert_eq!(found(&t, "recent"), ["Récent Contact"]);
    assert_eq!(found(&t, "acheteur"), ["Fidèle Acheteur"]);
    let _ = fresh;
    // Nothing left to forget: nothing journaled.
    assert!(
        audience::forget_inactive(&mut t.store, &t.signer, &by, 3, false, now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn duplicates_are_scored_merged_keeping_all_history_and_undone() {
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let a = add(
        &mut t,
        PatronDetails {
            email: "c.durand@example.fr".into(),
            postcode: "69003".into(),
            ..details("Camille", "Durand")
        },
    );
    let b = add(
        &mut t,
        PatronDetails {
            email: "C.Durand@Example.fr".into(),
            phone: "06 12 34 56 78".into(),
            postcode: "69 003".into(),
            needs: vec![Need::HearingLoop],
            ..details("C.", "Durand")
        },
    );
    let c = add(
        &mut t,
        PatronDetails {
            phone: "+33 6 12 34 56 78".into(),
            ..details("Claude", "Martin")
        },
    );
    let d = add(
        &mut t,
        PatronDetails {
            postcode: "69003".into(),
            ..details("Chloé", "Durand")
        },
    );
    add(&mut t, details("Zoé", "Lambert"));
    let list = audience::duplicates(&t.store).unwrap();
    let pair = |x: i64, y: i64| {
        list.iter()
            .find(|p| (p.first.id, p.second.id) == (x.min(y), x.max(y)))
            .cloned()
    };
    let ab = pair(a, b).expect("same e-mail");
    assert_eq!(
        ab.why,
        [
            audience::Likeness::SameEmail,
            audience::Likeness::SameNameAndPostcode
        ]
    );
    assert_eq!(ab.score, 100);
    assert_eq!(pair(b, c).unwrap().why, [audience::Likeness::SamePhone]);
    assert_eq!(
        pair(a, d).unwrap().why,
        [audience::Likeness::SameNameAndPostcode]
    );
    assert_eq!(list[0].score, 100, "the likeliest first");
    assert!(list.iter().all(|p| p.first.last_name != "Lambert"));

    // b has an order, a consent and a contact: they all move to a.
    let (club, _) = next_in(&t, "Le Club");
    let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap();
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![counter::Item {
            performance_id: club,
            place: counter::Place::Unnumbered,
            tariff_id: plein.tariff.id,
        }],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: plein.prices[&offer.categories[0].id],
        }],
        patron_id: Some(b),
        ..SaleRequest::default()
    };
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
    audience::set_consent(
        &mut t.store,
        &by,
        b,
        ConsentChannel::Sms,
        true,
        "form",
        now(),
    )
    .unwrap();
    audience::log_contact(&mut t.store, &by, b, "call", "Doublon ?", now()).unwrap();

    // Bad merges write nothing.
    let before = f.rows();
    let (keep, other) = audience::merge_preview(&t.store, a, b).unwrap();
    let chosen = audience::merged_details(&keep, &other);
    assert_eq!(chosen.first_name, "Camille");
    assert_eq!(
        chosen.phone, "06 12 34 56 78",
        "an empty field filled from the other"
    );
    assert_eq!(chosen.needs, [Need::HearingLoop]);
    assert!(matches!(
        audience::merge(&mut t.store, &t.signer, &by, a, a, &chosen, now()),
        Err(AudienceError::SamePatron)
    ));
    assert_eq!(f.rows(), before);

    let merge = audience::merge(&mut t.store, &t.signer, &by, a, b, &chosen, now()).unwrap();
    let card = audience::card(&t.store, a, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.history.len(), 1);
    assert_eq!(card.contacts.len(), 1);
    assert!(
        card.consent_history
            .iter()
            .any(|c| c.channel == ConsentChannel::Sms)
    );
    assert_eq!(card.row.details.phone, "06 12 34 56 78");
    assert_eq!(found(&t, "durand"), ["Camille Durand", "Chloé Durand"]);
    // The duplicate is gone from search and cannot be merged or changed again.
    assert!(matches!(
        audience::merge(&mut t.store, &t.signer, &by, c, b, &chosen, now()),
        Err(AudienceError::Merged(_))
    ));
    assert!(matches!(
        audience::update(&mut t.store, b, &details("X", "Y"), now()),
        Err(AudienceError::Merged(_))
    ));
    assert!(
        audience::duplicates(&t.store)
            .unwrap()
            .iter()
            .all(|p| p.first.id != b && p.second.id != b)
    );

    // Undone: each back with their own.
    audience::unmerge(&mut t.store, &t.signer, &by, merge, now()).unwrap();
    assert!(matches!(
        audience::unmerge(&mut t.store, &t.signer, &by, merge, now()),
        Err(AudienceError::NoSuchMerge)
    ));
    let a_card = audience::card(&t.store, a, now(), chrono_tz::Europe::Paris, false).unwrap();
    let b_card = audience::card(&t.store, b, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert!(a_card.history.is_empty());
    assert_eq!(a_card.row.details.phone, "");
    assert_eq!(b_card.history.len(), 1);
    assert_eq!(b_card.contacts.len(), 1);
    assert_eq!(found(&t, "0612"), ["C. Durand", "Claude Martin"]);
    let acts: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'patron_file'
               AND (body LIKE '%\"merged\"%' OR body LIKE '%\"unmerged\"%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(acts, 2);
    assert!(
        guichet::till::verify(&t.store)
            .unwrap()
            .first_break
            .is_none()
    );
}

#[test]
fn duplicates_are_listed_merged_and_undone_at_the_command_line() {
    let (f, mut t) = Fixture::demo();
    let a = add(
        &mut t,
        PatronDetails {
            email: "c.durand@example.fr".into(),
            ..details("Camille", "Durand")
        },
    );
    let b = add(
        &mut t,
        PatronDetails {
            email: "c.durand@example.fr".into(),
            phone: "06 12 34 56 78".into(),
            ..details("C.", "Durand")
        },
    );
    drop(t);
    let db = f.db.to_str().unwrap();
    let out = common::guichet(db, &["patrons", "duplicates", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["first"], a);
    assert_eq!(list[0]["second"], b);
    assert_eq!(list[0]["why"][0], "SameEmail");
    let clerk = ("Lucas Martin", "1793");
    let (a, b) = (a.to_string(), b.to_string());
    let out = common::guichet_as(db, clerk, &["patrons", "merge", &a, &b]);
    assert_eq!(out.status.code(), Some(2), "a coordinator's act");
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["patrons", "merge", &a, &a]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["patrons", "merge", &a, &b]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    let merge = said
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_end_matches(':')
        .to_owned();
    let out = common::guichet(db, &["patrons", "find", "0612", "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        found[0]["first_name"], "Camille",
        "the phone now on the record kept"
    );
    let out = common::guichet_as(db, common::DEMO_ADMIN, &["patrons", "unmerge", &merge]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet(db, &["patrons", "find", "0612", "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["first_name"], "C.");
}

/// Sells `n` places of the next club night to a patron, paid cash.
fn buy(t: &mut Terminal, patron: i64, n: usize) {
    let (club, _) = next_in(t, "Le Club");
    let offer = counter::offer::load(&t.store, club, None, now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap();
    let item = counter::Item {
        performance_id: club,
        place: counter::Place::Unnumbered,
        tariff_id: plein.tariff.id,
    };
    let price = plein.prices[&offer.categories[0].id];
    let request = SaleRequest {
        quoted: Vec::new(),
        items: vec![item; n],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: guichet::domain::Cents(price.0 * n as i64),
        }],
        patron_id: Some(patron),
        ..SaleRequest::default()
    };
    let by = common::system(t);
    counter::sell::sell(&mut t.store, &t.signer, &by, &request, now()).unwrap();
}

#[test]
fn segments_filter_count_save_and_export_only_who_may_be_contacted() {
    use guichet::audience::segments::{self, Format, Segment};
    let (f, mut t) = Fixture::demo();
    let zone = chrono_tz::Europe::Paris;
    let by = common::system(&t);
    let lyon = add(
        &mut t,
        PatronDetails {
            email: "camille@example.fr".into(),
            postcode: "69003".into(),
            ..details("Camille", "Durand")
        },
    );
    let paris = add(
        &mut t,
        PatronDetails {
            email: "=HYPERLINK(\"x\")@example.fr".into(),
            postcode: "75011".into(),
            ..details("Jean; \"Jo\"", "Martin")
        },
    );
    let no_mail = add(
        &mut t,
        PatronDetails {
            postcode: "69007".into(),
            ..details("Léa", "Roux")
        },
    );
    add(
        &mut t,
        PatronDetails {
            postcode: "69001".into(),
            ..details("Zoé", "Lambert")
        },
    );
    buy(&mut t, lyon, 2);
    buy(&mut t, paris, 1);
    buy(&mut t, no_mail, 1);
    audience::set_consent(
        &mut t.store,
        &by,
        paris,
        ConsentChannel::Email,
        false,
        "form",
        now(),
    )
    .unwrap();
    // After the club night: three came, one never did.
    let (_, starts) = next_in(&t, "Le Club");
    let later = starts + Duration::hours(4);
    let ids = |s: &Segment| -> Vec<i64> {
        segments::members(&t.store, s, later, zone, false)
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect()
    };
    let came = Segment {
        min_visits: Some(1),
        ..Segment::default()
    };
    assert_eq!(ids(&came).len(), 3);
    let lyonnais = Segment {
        postcodes: vec!["69".into()],
        ..came.clone()
    };
    assert_eq!(ids(&lyonnais), [lyon, no_mail]);
    let genre = segments::members(&t.store, &came, later, zone, false).unwrap();
    let spent: i64 = genre.iter().find(|m| m.id == lyon).unwrap().spent;
    assert!(spent > 0);
    let big = Segment {
        min_spent: Some(spent),
        ..came.clone()
    };
    assert_eq!(ids(&big), [lyon]);
    let mail = Segment {
        consent: Some(ConsentChannel::Email),
        ..came.clone()
    };
    // A French buyer may get offers by e-mail until they object.
    assert_eq!(ids(&mail), [lyon, no_mail]);
    assert!(
        ids(&Segment {
            genres: vec!["opera".into()],
            ..Segment::default()
        })
        .is_empty()
    );

    // A marketing export: only those who may be contacted and can be.
    let done = segments::export(
        &t.store,
        &by,
        &came,
        Some(ConsentChannel::Email),
        Format::Brevo,
        later,
        zone,
        false,
    )
    .unwrap();
    assert_eq!(done.written, 1);
    assert_eq!(done.without_consent, 1);
    assert_eq!(done.unreachable, 1);
    assert_eq!(
        done.csv,
        "EMAIL;FIRSTNAME;LASTNAME;SMS\r\ncamille@example.fr;Camille;Durand;\r\n"
    );
    // A spreadsheet: BOM, ';', quoted cells, no formula.
    let sheet = segments::export(
        &t.store,
        &by,
        &came,
        None,
        Format::Sheet,
        later,
        zone,
        false,
    )
    .unwrap();
    assert!(sheet.csv.starts_with("\u{feff}Nom;Prénom;E-mail;"));
    assert!(
        sheet
            .csv
            .contains("Martin;\"Jean; \"\"Jo\"\"\";\"'=HYPERLINK(\"\"x\"\")@example.fr\";")
    );
    let mailchimp = segments::export(
        &t.store,
        &by,
        &came,
        None,
        Format::Mailchimp,
        later,
        zone,
        false,
    )
    .unwrap();
    assert!(
        mailchimp
            .csv
            .starts_with("Email Address,First Name,Last Name,Phone Number\r\n")
    );
    // A clerk may not export.
    let clerk = guichet::operators::for_command_line(
        &mut t.store,
        Some("Lucas Martin"),
        Some("1793"),
        false,
        now(),
    )
    .unwrap();
    assert!(matches!(
        segments::export(
            &t.store,
            &clerk,
            &came,
            None,
            Format::Sheet,
            later,
            zone,
            false
        ),
        Err(AudienceError::NotAllowed(_))
    ));
    // Saved by name, found again; an unknown name is refused.
    segments::save(&mut t.store, &by, "Lyonnais venus", &lyonnais, now()).unwrap();
    assert_eq!(
        segments::named(&t.store, "Lyonnais venus").unwrap(),
        lyonnais
    );
    assert!(matches!(
        segments::named(&t.store, "Personne"),
        Err(AudienceError::NoSuchSegment(_))
    ));
    assert!(matches!(
        segments::save(&mut t.store, &by, "  ", &lyonnais, now()),
        Err(AudienceError::NoLabel)
    ));
    // At the command line (its clock is today's: segments that do not
    // depend on the day).
    let postcode = |p: &str| Segment {
        postcodes: vec![p.into()],
        ..Segment::default()
    };
    segments::save(&mut t.store, &by, "Lyon", &postcode("69"), now()).unwrap();
    segments::save(&mut t.store, &by, "Nulle part", &postcode("99"), now()).unwrap();
    drop(t);
    let db = f.db.to_str().unwrap();
    let out_file = f.dir.path().join("lyon.csv");
    let export = |segment: &str, extra: &[&str]| {
        let mut args = vec![
            "patrons",
            "export",
            "--segment",
            segment,
            "--out",
            out_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        common::guichet_as(db, common::DEMO_ADMIN, &args)
    };
    let out = export("Lyon", &["--format", "sheet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(csv.lines().count(), 4, "a header and three patrons: {csv}");
    std::fs::remove_file(&out_file).unwrap();
    let out = export("Nulle part", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("matches nobody"));
    // SMS: nobody consents.
    let out = export("Lyon", &["--channel", "sms", "--format", "brevo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("may be contacted"));
    assert!(!out_file.exists(), "nothing written");
    let out = common::guichet(db, &["patrons", "segments"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Lyon\t3"));
}

#[test]
fn patrons_import_from_csv_matched_idempotent_and_refused_whole_on_a_bad_row() {
    use guichet::audience::import::{self, Column, RowProblem};
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let known = add(
        &mut t,
        PatronDetails {
            email: "camille.durand@example.fr".into(),
            ..details("Camille", "Durand")
        },
    );
    // Windows-1252 with ';', as French spreadsheets save it.
    let latin1 = |s: &str| -> Vec<u8> {
        s.chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect()
    };
    let file = latin1(
        "Prénom;Nom;E-mail;Téléphone;Code postal;Ville\r\n\
         Camille;Durand;CAMILLE.DURAND@example.fr;06 12 34 56 78;69003;Lyon\r\n\
         Hélène;Dupuis;helene@example.fr;;69007;Lyon\r\n\
         Héloïse;Martin;;+33 6 98 76 54 32;75011;Paris\r\n\
         H.;Martin;;;75011;\r\n",
    );
    let report = import::import(&mut t.store, &by, &file, &[], false, now()).unwrap();
    assert_eq!(report.created, 2, "{report:?}");
    // Camille's phone added; "H. Martin, 75011" is Héloïse (same initial,
    // name and postcode) and tells nothing new.
    assert_eq!((report.completed, report.unchanged), (1, 1), "{report:?}");
    let card = audience::card(&t.store, known, now(), chrono_tz::Europe::Paris, false).unwrap();
    assert_eq!(card.row.details.phone, "06 12 34 56 78");
    assert_eq!(card.row.details.postcode, "69003");
    assert_eq!(found(&t, "helene"), ["Hélène Dupuis"]);
    // The same file again changes nothing.
    let rows = f.rows();
    let again = import::import(&mut t.store, &by, &file, &[], false, now()).unwrap();
    assert_eq!((again.created, again.completed, again.unchanged), (0, 0, 4));
    assert_eq!(f.rows(), rows);
    // UTF-8 with a BOM and ',' and mapped columns.
    let utf8 = "\u{feff}Given,Family,Courriel perso\nZoé,Lambert,zoe@example.fr\n";
    let map = [
        (Column::FirstName, "Given".to_owned()),
        (Column::LastName, "Family".to_owned()),
        (Column::Email, "Courriel perso".to_owned()),
    ];
    let r = import::import(&mut t.store, &by, utf8.as_bytes(), &map, false, now()).unwrap();
    assert_eq!(r.created, 1);
    assert_eq!(found(&t, "zoe"), ["Zoé Lambert"]);
    // Bad rows: each named, nothing imported; or skipped when asked.
    let bad = "Nom;Prénom;Année de naissance\nRoux;Léa;1850\n;;\nMorel;Anne;1990\n;;;\n";
    let before = f.rows();
    let e = import::import(&mut t.store, &by, bad.as_bytes(), &[], false, now()).unwrap_err();
    match &e {
        AudienceError::Rows(rows) => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].line, 2);
            assert_eq!(rows[0].problem, RowProblem::BirthYear("1850".into()));
        }
        other => panic!("{other}"),
    }
    assert!(
        e.to_string()
            .contains("line 2: \"1850\" is not a birth year"),
        "{e}"
    );
    assert_eq!(f.rows(), before);
    let r = import::import(&mut t.store, &by, bad.as_bytes(), &[], true, now()).unwrap();
    assert_eq!((r.created, r.skipped.len()), (1, 1));
    // A file without a name, e-mail or phone column, a mapped column it lacks.
    let e = import::import(&mut t.store, &by, b"Ville\nLyon\n", &[], false, now()).unwrap_err();
    assert!(matches!(e, AudienceError::NoColumn(_)), "{e}");
    let e = import::import(
        &mut t.store,
        &by,
        utf8.as_bytes(),
        &[(Column::Email, "Mail".into())],
        false,
        now(),
    )
    .unwrap_err();
    assert!(
        matches!(e, AudienceError::NoColumn(ref c) if c == "Mail"),
        "{e}"
    );
    // A clerk may not import.
    let clerk = guichet::operators::for_command_line(
        &mut t.store,
        Some("Lucas Martin"),
        Some("1793"),
        false,
        now(),
    )
    .unwrap();
    assert!(matches!(
        import::import(&mut t.store, &clerk, &file, &[], false, now()),
        Err(AudienceError::NotAllowed(_))
    ));
    // At the command line.
    drop(t);
    let path = f.dir.path().join("patrons.csv");
    std::fs::write(&path, "nom;email\nNouveau;nouveau@example.fr\n").unwrap();
    let out = common::guichet_as(
        f.db.to_str().unwrap(),
        common::DEMO_ADMIN,
        &["patrons", "import", path.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("1 patron(s) added, 0 completed, 0 already there, 0 row(s) skipped")
    );
}

#[test]
fn organisations_and_categories_at_the_command_line() {
    let (f, t) = Fixture::demo();
    drop(t);
    let db = f.db.to_str().unwrap();
    let admin = common::DEMO_ADMIN;
    let out = common::guichet_as(
        db,
        admin,
        &[
            "patrons",
            "organisation",
            "Lycée Voltaire",
            "--kind",
            "school",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet_as(
        db,
        admin,
        &["patrons", "organisation", "X", "--kind", "club"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = common::guichet(db, &["patrons", "organisation"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Lycée Voltaire\tschool"));
    let out = common::guichet_as(db, admin, &["patrons", "category", "mecene", "Mécène"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet(db, &["patrons", "category"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("mecene\tMécène"));
    let out = common::guichet_as(
        db,
        ("Lucas Martin", "1793"),
        &["patrons", "category", "vip", "VIP"],
    );
    assert_eq!(out.status.code(), Some(2));
}

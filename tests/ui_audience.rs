//! Publics in the window, driven headless: search as you type opens the
//! card, consent is recorded in one click, a new patron is added from the
//! form, and a form with nothing in it is refused, saying why.

mod common;

use common::Fixture;
use common::window::{act, shows, shows_starting, type_enter};
use guichet::domain::patron::ConsentChannel;
use guichet::ui::screen::Section;
use guichet::ui::screen::audience::{Field, Message as A, SEARCH};
use guichet::ui::{App, Message};

/// The demo season (without its patron file: each test brings the
/// patrons it needs), Camille logged in, on Publics.
fn publics(f: &Fixture) -> App {
    if !f.db.exists() {
        drop(f.demo_season());
    }
    let mut app = common::window::logged_in_fr(&f.db, "2468");
    common::window::send(&mut app, Message::Nav(Section::Audience));
    app
}

fn send(app: &mut App, m: A) {
    common::window::send(app, Message::Audience(m));
}

#[test]
fn a_patron_is_found_as_one_types_and_consent_is_one_click() {
    let f = Fixture::new();
    let mut app = publics(&f);
    // A patron in the file, added as the counter adds one.
    send(&mut app, A::New);
    for (field, value) in [
        (Field::FirstName, "Hélène"),
        (Field::LastName, "D'Arcy"),
        (Field::Email, "helene.darcy@example"),
        (Field::Phone, "+33 6 12 34 56 78"),
        (Field::Postcode, "69003"),
    ] {
        send(&mut app, A::Typed(field, value.into()));
    }
    assert!(shows(
        &app,
        "Cette adresse e-mail semble incorrecte (gardée telle quelle)."
    ));
    send(&mut app, A::Save);
    assert!(shows(&app, "Fiche enregistrée."));
    assert!(shows(&app, "Contact (jamais venu)"));
    // Found again by a phone typed another way, Enter opens the card.
    type_enter(&mut app, SEARCH, "0612");
    assert!(shows(&app, "Hélène D'Arcy"));
    assert!(shows(&app, "0 achat(s)"));
    // In France, nothing allows a newsletter to a patron who never bought.
    assert!(shows(&app, "Non : aucun accord"));
    send(&mut app, A::Consent(ConsentChannel::Email, true));
    assert!(shows_starting(&app, "Oui : accord donné le "));
    assert!(shows_starting(
        &app,
        "lun. 23 nov. 2026 · Lettre d’information par e-mail : accepte (au guichet"
    ));
    send(&mut app, A::Consent(ConsentChannel::Email, false));
    assert!(shows_starting(&app, "Non : refusé le "));
    // A note in the contact log.
    send(
        &mut app,
        A::Note("A demandé le programme de janvier".into()),
    );
    send(&mut app, A::AddNote);
    assert!(shows_starting(
        &app,
        "lun. 23 nov. 2026 · Appel · Camille Roche : A demandé le programme"
    ));
}

#[test]
fn an_empty_form_is_refused_and_says_why() {
    let f = Fixture::new();
    let mut app = publics(&f);
    act(&mut app, |sim| {
        sim.click("+ Nouveau spectateur").unwrap();
    });
    send(&mut app, A::Save);
    assert!(shows(&app, "Un spectateur a besoin au moins d’un nom."));
    let count: i64 = f
        .raw()
        .query_row("SELECT count(*) FROM patron", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "nothing written");
}

#[test]
fn a_coordinator_exports_then_erases_a_record_once_confirmed() {
    let f = Fixture::new();
    let mut app = publics(&f);
    send(&mut app, A::New);
    send(&mut app, A::Typed(Field::FirstName, "Zoé".into()));
    send(&mut app, A::Typed(Field::LastName, "Lambert".into()));
    send(&mut app, A::Save);
    send(&mut app, A::Export);
    assert!(shows_starting(&app, "Données exportées : "));
    let exports: Vec<_> = std::fs::read_dir(f.dir.path().join("exports"))
        .unwrap()
        .collect();
    assert_eq!(exports.len(), 1);
    // The buttons are at the foot of the card, below the fold.
    send(&mut app, A::Erase);
    assert!(shows(&app, "Garder la fiche"));
    send(&mut app, A::EraseNow);
    assert!(shows(&app, "Fiche effacée : ses achats restent, sans nom."));
    assert!(shows_starting(&app, "Fiche effacée le "));
    type_enter(&mut app, SEARCH, "lambert");
    assert!(shows(
        &app,
        "Personne ne correspond : vérifiez l’orthographe, ou créez la fiche."
    ));
}

#[test]
fn likely_duplicates_are_compared_field_by_field_merged_and_undone() {
    let f = Fixture::new();
    let mut app = publics(&f);
    for (first, last, email, phone) in [
        ("Camille", "Durand", "c.durand@example.fr", ""),
        ("C.", "Durand", "C.Durand@example.fr", "06 12 34 56 78"),
    ] {
        send(&mut app, A::New);
        send(&mut app, A::Typed(Field::FirstName, first.into()));
        send(&mut app, A::Typed(Field::LastName, last.into()));
        send(&mut app, A::Typed(Field::Email, email.into()));
        send(&mut app, A::Typed(Field::Phone, phone.into()));
        send(&mut app, A::Save);
    }
    act(&mut app, |sim| {
        sim.click("Doublons").unwrap();
    });
    assert!(shows(&app, "Camille Durand ↔ C. Durand"));
    assert!(shows(&app, "même e-mail"));
    act(&mut app, |sim| {
        sim.click("Camille Durand ↔ C. Durand").unwrap();
    });
    assert!(shows(&app, "Fusionner deux fiches"));
    // The phone the kept record lacks comes from the duplicate.
    assert!(shows(&app, "06 12 34 56 78"));
    act(&mut app, |sim| {
        sim.click("Fusionner").unwrap();
    });
    assert!(shows(
        &app,
        "Fiches fusionnées : tout l’historique est sur la fiche gardée."
    ));
    assert!(shows(&app, "Aucun doublon probable dans le fichier."));
    send(
        &mut app,
        A::Merge(guichet::ui::screen::audience::MergeMessage::Undo),
    );
    assert!(shows(
        &app,
        "Fusion annulée : chaque fiche a retrouvé son historique."
    ));
    assert!(shows(&app, "Camille Durand ↔ C. Durand"));
}

#[test]
fn a_segment_is_built_counted_saved_and_exported() {
    use guichet::ui::screen::audience::SegmentField as Typed;
    use guichet::ui::screen::audience::SegmentMessage as S;
    let f = Fixture::new();
    let mut app = publics(&f);
    for (first, postcode) in [("Camille", "69003"), ("Jean", "75011"), ("Léa", "69007")] {
        send(&mut app, A::New);
        send(&mut app, A::Typed(Field::FirstName, first.into()));
        send(&mut app, A::Typed(Field::LastName, "Durand".into()));
        send(&mut app, A::Typed(Field::Postcode, postcode.into()));
        send(&mut app, A::Save);
    }
    act(&mut app, |sim| {
        sim.click("Segments").unwrap();
    });
    assert!(shows(
        &app,
        "Aucun segment enregistré : composez-en un à droite."
    ));
    assert!(shows(&app, "3 spectateur(s)"));
    send(
        &mut app,
        A::Segment(S::Typed(Typed::Postcodes, "69".into())),
    );
    assert!(shows(&app, "2 spectateur(s)"));
    send(
        &mut app,
        A::Segment(S::Typed(Typed::Name, "Lyonnais".into())),
    );
    send(&mut app, A::Segment(S::Save));
    assert!(shows(&app, "Segment « Lyonnais » enregistré."));
    send(&mut app, A::Segment(S::Export));
    assert!(shows_starting(&app, "2 spectateur(s) exporté(s) : "));
    let csv = std::fs::read_to_string(f.dir.path().join("exports").join("lyonnais.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Nom;Prénom;"));
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn an_order_of_the_card_opens_in_customer_service() {
    let (f, mut t) = Fixture::demo();
    let details = guichet::domain::patron::PatronDetails {
        first_name: "Camille".into(),
        last_name: "Durand".into(),
        ..Default::default()
    };
    let patron = guichet::audience::create(&mut t.store, &details, "counter", common::now())
        .unwrap()
        .0
        .id;
    let (club, _) = common::next_in(&t, "Le Club");
    let offer = guichet::counter::offer::load(&t.store, club, None, common::now()).unwrap();
    let plein = offer.tariff("PLEIN").unwrap();
    let request = guichet::counter::SaleRequest {
        quoted: Vec::new(),
        items: vec![guichet::counter::Item {
            performance_id: club,
            place: guichet::counter::Place::Unnumbered,
            tariff_id: plein.tariff.id,
        }],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: plein.prices[&offer.categories[0].id],
        }],
        patron_id: Some(patron),
        ..Default::default()
    };
    let by = common::system(&t);
    let sold = guichet::counter::sell::sell(&mut t.store, &t.signer, &by, &request, common::now())
        .unwrap();
    drop(t);
    let mut app = publics(&f);
    type_enter(&mut app, SEARCH, "durand");
    assert!(shows_starting(
        &app,
        &format!("Commande n° {} · ", sold.number)
    ));
    act(&mut app, |sim| {
        sim.click("Ouvrir au guichet").unwrap();
    });
    match app.open().unwrap().screen() {
        guichet::ui::app::Screen::Desk(d) => assert_eq!(d.section, Section::Sell),
        _ => panic!("not at the desk"),
    }
    // Vente's customer service, on that order: reprint, refund, exchange there.
    assert!(shows(&app, "Réimprimer"));
    assert!(shows_starting(
        &app,
        &format!("Commande n° {} ·", sold.number)
    ));
}

#[test]
fn the_analyses_show_the_demo_audience_as_charts_and_export_it() {
    let f = Fixture::new();
    {
        let mut t = f.terminal();
        let system = common::system(&t);
        guichet::programming::demo::load_with_patrons(
            &mut t.store,
            &t.signer,
            &system.actor(),
            &guichet::programming::demo::Source::Embedded,
            common::now(),
        )
        .unwrap();
    }
    let mut app = publics(&f);
    act(&mut app, |sim| {
        sim.click("Analyses").unwrap();
    });
    for title in [
        "Public par saison",
        "Fréquence des venues (2026–2027)",
        "Géographie du public (2026–2027)",
        "Répartition par tarif (2026–2027)",
        "Répartition par canal de vente (2026–2027)",
        "Spectacles qui attirent de nouveaux publics (2026–2027)",
    ] {
        assert!(shows(&app, title), "{title}");
    }
    // Another season.
    send(
        &mut app,
        A::Analysis(guichet::ui::screen::audience::AnalysisMessage::Season(
            Some(2024),
        )),
    );
    assert!(shows(&app, "Fréquence des venues (2024–2025)"));
    act(&mut app, |sim| {
        sim.click("Exporter en CSV").unwrap();
    });
    let folder = f.dir.path().join("exports").join("analyses-2024");
    let csv = std::fs::read_to_string(folder.join("saisons.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Saison;"), "{csv}");
    act(&mut app, |sim| {
        sim.click("Rapport PDF").unwrap();
    });
    let pdf = f
        .dir
        .path()
        .join("exports")
        .join("analyse-publics-2024.pdf");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    assert!(shows_starting(&app, "Enregistré : "));
}

#[test]
fn organisations_are_added_with_their_contacts_and_categories_edited() {
    use guichet::ui::screen::audience::{ListsMessage as L, OrgField};
    let f = Fixture::new();
    let mut app = publics(&f);
    act(&mut app, |sim| {
        sim.click("Organisations").unwrap();
    });
    assert!(shows_starting(&app, "Aucune organisation encore"));
    send(&mut app, A::Lists(L::New));
    // A name is needed, said plainly; nothing is written.
    send(&mut app, A::Lists(L::Save));
    assert!(shows(&app, "Donnez-lui un nom."));
    send(
        &mut app,
        A::Lists(L::Typed(OrgField::Name, "Lycée  Ampère ".into())),
    );
    send(&mut app, A::Lists(L::Kind("school".into())));
    send(&mut app, A::Lists(L::Typed(OrgField::City, "Lyon".into())));
    send(&mut app, A::Lists(L::Save));
    assert!(shows(&app, "Lycée Ampère"));
    assert!(shows(&app, "Établissement scolaire · 0 contact(s)"));
    // A contact of it, added from its card: the form has it already.
    act(&mut app, |sim| {
        sim.click("+ Contact").unwrap();
    });
    send(&mut app, A::Typed(Field::FirstName, "Nadia".into()));
    send(&mut app, A::Typed(Field::LastName, "Keller".into()));
    send(&mut app, A::Save);
    assert!(shows(&app, "Fiche enregistrée."));
    // The search finds her by her organisation's name.
    type_enter(&mut app, SEARCH, "ampere");
    assert!(shows(&app, "Nadia Keller"));
    act(&mut app, |sim| {
        sim.click("Organisations").unwrap();
    });
    assert!(shows(&app, "Établissement scolaire · 1 contact(s)"));
    // A category added, then renamed.
    send(&mut app, A::Lists(L::CategoryCode("jeune public".into())));
    send(&mut app, A::Lists(L::CategoryName("Jeune public".into())));
    send(&mut app, A::Lists(L::SaveCategory));
    assert!(shows(&app, "Jeune public (jeune_public)"));
    send(
        &mut app,
        A::Lists(L::PickCategory(
            "jeune_public".into(),
            "Jeune public".into(),
        )),
    );
    send(
        &mut app,
        A::Lists(L::CategoryName("Jeune public (−18 ans)".into())),
    );
    send(&mut app, A::Lists(L::SaveCategory));
    assert!(shows(&app, "Jeune public (−18 ans) (jeune_public)"));
}

#[test]
fn files_dropped_in_the_imports_folder_are_imported_and_the_retention_rule_applied() {
    use guichet::ui::screen::audience::UpkeepMessage as U;
    let f = Fixture::new();
    let mut app = publics(&f);
    let imports = f.dir.path().join("imports");
    std::fs::create_dir_all(&imports).unwrap();
    std::fs::write(
        imports.join("ancienne-billetterie.csv"),
        "Prénom;Nom;E-mail;Séance;Spectacle;Genre;Tarif;Prix;Canal;Présent\n\
         Jeanne;Roux;jeanne@example.fr;2024-10-12 20:30;Phèdre;theatre;Plein;24;guichet;oui\n\
         Jeanne;Roux;jeanne@example.fr;2025-02-01 20:30;Art;theatre;Plein;24;web;oui\n\
         Paul;Morel;paul@example.fr;2025-02-01 20:30;Art;theatre;Réduit;dix;web;oui\n",
    )
    .unwrap();
    act(&mut app, |sim| {
        sim.click("Doublons").unwrap();
    });
    assert!(shows(&app, "ancienne-billetterie.csv"));
    // A bad price refuses the whole file, saying which line.
    send(&mut app, A::Upkeep(U::Import(0, true)));
    assert!(shows_starting(
        &app,
        "1 ligne(s) refusée(s), rien n’a été importé"
    ));
    send(&mut app, A::Upkeep(U::SkipErrors(true)));
    send(&mut app, A::Upkeep(U::Import(0, true)));
    assert!(shows_starting(
        &app,
        "2 billet(s) ajouté(s) aux historiques"
    ));
    type_enter(&mut app, SEARCH, "roux");
    assert!(shows(&app, "Jeanne Roux"));
    // Jeanne is known only from the earlier system, her last visit nearly
    // two years back: the rule at one year finds her, shows her, and
    // anonymises her once confirmed.
    act(&mut app, |sim| {
        sim.click("Doublons").unwrap();
    });
    send(&mut app, A::Upkeep(U::Years("1".into())));
    send(&mut app, A::Upkeep(U::Inactive));
    assert!(shows(&app, "1 spectateur(s) concerné(s)."));
    assert!(shows(&app, "Jeanne Roux"));
    send(&mut app, A::Upkeep(U::Forget));
    assert!(shows_starting(&app, "Anonymiser 1 spectateur(s) ?"));
    send(&mut app, A::Upkeep(U::ForgetNow));
    assert!(shows(&app, "1 spectateur(s) anonymisé(s)."));
    type_enter(&mut app, SEARCH, "roux");
    assert!(!shows(&app, "Jeanne Roux"));
}

//! A show's picture on a real database: set by a coordinator from a PNG
//! checked whole (a file that is not one, or of 50 MB, refused before
//! anything is written, the 50 MB one before it is read), journaled,
//! printed beside the title on the show's tickets, shown in the e-mail
//! that carries them, written into the season file and set from it on a
//! show that has none.

mod common;

use common::{Fixture, next_in, now};
use guichet::domain::Role;
use guichet::domain::mail::{MailSettings, MessageKind};
use guichet::domain::picture::PictureError;
use guichet::exchange::mail::compose::compose;
use guichet::programming::{self, ProgrammingError, season_file, shows};

const POSTER: &str = "assets/demo/logo.png";

fn cash() -> guichet::domain::payment::Tender {
    guichet::domain::payment::Tender {
        method: guichet::domain::payment::Method::Cash,
        amount: guichet::domain::Cents(100_000),
        voucher: None,
    }
}

fn show_of(t: &guichet::terminal::Terminal, performance: i64) -> i64 {
    programming::performances::get(&t.store, performance)
        .unwrap()
        .show_id
}

#[test]
fn a_coordinator_sets_a_show_s_picture_checked_whole_and_journaled() {
    let (f, mut t) = Fixture::demo();
    let show = show_of(&t, next_in(&t, "Grande salle").0);
    let png = std::fs::read(POSTER).unwrap();
    let admin = common::system(&t);
    let clerk = guichet::operators::Operator {
        role: Role::Clerk,
        ..admin.clone()
    };
    let by = |op| common::by(&t.signer, op);
    let before = f.rows();
    // A clerk may not; a file that is not a PNG, or cut short, is refused.
    let e = shows::set_picture(&mut t.store, &by(&clerk), show, png.clone()).unwrap_err();
    assert!(matches!(e, ProgrammingError::NotAllowed(_)), "{e:?}");
    for bad in [b"GIF89a not a png".to_vec(), png[..png.len() / 2].to_vec()] {
        let e = shows::set_picture(&mut t.store, &by(&admin), show, bad).unwrap_err();
        assert!(matches!(e, ProgrammingError::Picture(_)), "{e:?}");
    }
    // A file of 50 MB is refused from its size, before it is read.
    let heavy = f.dir.path().join("affiche.png");
    std::fs::File::create(&heavy)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let e = programming::venue::read_picture(&heavy).unwrap_err();
    assert!(
        matches!(e, ProgrammingError::Picture(PictureError::TooHeavy { bytes }) if bytes == 50 * 1024 * 1024),
        "{e:?}"
    );
    assert!(e.to_string().contains("MB"), "{e}");
    assert_eq!(f.rows(), before, "nothing written");

    let set = shows::set_picture(&mut t.store, &by(&admin), show, png.clone()).unwrap();
    assert_eq!(shows::picture(&t.store, show).unwrap().unwrap().png, png);
    let journal = f
        .raw()
        .query_row(
            "SELECT body FROM ledger WHERE kind = 'programmed' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert!(
        journal.contains("\"picture\"") && journal.contains(&set.sha256),
        "{journal}"
    );
    // The same picture again changes nothing; removed, it is gone.
    shows::set_picture(&mut t.store, &by(&admin), show, png).unwrap();
    assert!(shows::remove_picture(&mut t.store, &by(&admin), show).unwrap());
    assert!(!shows::remove_picture(&mut t.store, &by(&admin), show).unwrap());
    assert!(shows::picture(&t.store, show).unwrap().is_none());
    let report = guichet::ledger::verify::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{:?}", report.first_break);
}

#[test]
fn the_picture_is_on_the_show_s_tickets_in_their_e_mail_and_in_the_season_file() {
    let (_f, mut t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0;
    let show = show_of(&t, club);
    let png = std::fs::read(POSTER).unwrap();
    let admin = common::system(&t);
    shows::set_picture(
        &mut t.store,
        &common::by(&t.signer, &admin),
        show,
        png.clone(),
    )
    .unwrap();

    // The tickets: the poster beside the title.
    let patron = common::patron(&mut t, "Ana", "Lopez", "ana@example.fr", "");
    let mut request = common::request(&t, club, "PLEIN", 2, vec![cash()]);
    request.patron_id = Some(patron);
    let sold = common::sell_at(&mut t, &request, now()).unwrap();
    let faces = guichet::counter::printed::of_order(&t.store, sold.order_id).unwrap();
    assert!(faces.iter().all(|f| f.poster.is_some()));
    let another = next_in(&t, "Grande salle").0;
    let other = common::sell_some(&mut t, another, "PLEIN", 1);
    let faces = guichet::counter::printed::of_order(&t.store, other.order_id).unwrap();
    assert!(
        faces.iter().all(|f| f.poster.is_none()),
        "another show has none"
    );

    // The e-ticket shows it above the codes.
    guichet::exchange::outbox::queue_tickets(&mut t.store, &admin, sold.order_id, None, now())
        .unwrap();
    let rows = t
        .store
        .read(|tx| guichet::store::outbox::of_order(tx, sold.order_id))
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.kind == MessageKind::ETicket)
        .unwrap();
    let settings = MailSettings {
        from: "billetterie@theatre-test.fr".into(),
        ..MailSettings::default()
    };
    let raw = String::from_utf8_lossy(
        &compose(&t.store, row, &settings, now())
            .unwrap()
            .formatted(),
    )
    .to_string();
    assert!(raw.contains("cid:show"), "the picture in the letter");
    assert!(raw.contains("Content-ID: <show"), "and its inline part");

    // The season file carries it (version 3); imported where the show
    // has none, it is set there.
    let file = season_file::export(&t.store).unwrap();
    assert_eq!(file.version, season_file::VERSION);
    assert_eq!(file.pictures.len(), 1);
    let text = season_file::to_json(&file);
    let (_g, mut target) = Fixture::bare_venue();
    let op = common::system(&target);
    let by = common::by(&target.signer, &op);
    let report = season_file::import(&mut target.store, &by, &text).unwrap();
    assert_eq!(report.pictures, 1, "{}", report.summary());
    let imported = shows::all(&target.store)
        .unwrap()
        .into_iter()
        .find(|s| file.pictures.contains_key(&s.public_id))
        .unwrap();
    assert_eq!(
        shows::picture(&target.store, imported.id)
            .unwrap()
            .unwrap()
            .png,
        png
    );
    // A picture that is not one refuses the file whole.
    let mut bad = file.clone();
    for p in bad.pictures.values_mut() {
        *p = data_encoding::BASE64.encode(b"not a picture at all");
    }
    let (_h, mut other) = Fixture::bare_venue();
    let op = common::system(&other);
    let by = common::by(&other.signer, &op);
    let e = season_file::import(&mut other.store, &by, &season_file::to_json(&bad)).unwrap_err();
    assert!(e.to_string().starts_with("pictures."), "{e}");
    assert!(
        shows::all(&other.store).unwrap().is_empty(),
        "nothing imported"
    );
}

#[test]
fn the_command_line_sets_shows_and_refuses_a_show_s_picture() {
    let (f, t) = Fixture::demo();
    let club = next_in(&t, "Le Club").0.to_string();
    drop(t);
    let db = f.db.to_str().unwrap();
    let admin = common::DEMO_ADMIN;
    let out = common::guichet(db, &["performance", "picture", &club]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("no picture is set"),
        "{out:?}"
    );
    let out = common::guichet_as(db, admin, &["performance", "picture", &club, POSTER]);
    assert!(out.status.success(), "{out:?}");
    let out = common::guichet(db, &["performance", "picture", &club]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.starts_with("picture: PNG, 640 × 180 pixels"), "{said}");
    let text = f.dir.path().join("affiche.png");
    std::fs::write(&text, "not a picture").unwrap();
    let out = common::guichet_as(
        db,
        admin,
        &["performance", "picture", &club, text.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PNG"),
        "{out:?}"
    );
}

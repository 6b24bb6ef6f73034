//! Invitations on a real database: places set aside per kind of requester
//! (a journaled change of the season), requests recorded with who asked,
//! issued as free tickets with the invitation tariff (an order of its own,
//! counted as exonérés in the statement) within those places, or refused;
//! the list per requester; and each refusal of bad input writing nothing.

mod common;

use common::holders::{CLERK, who};
use common::{Fixture, next_in, now, open_drawer};
use guichet::counter::invitations::{self, Asked, InvitationError};
use guichet::domain::invitation::{RequesterKind, Status};
use guichet::programming::{self, ProgrammingError};
use guichet::terminal::Terminal;

fn asked(performance: i64, kind: RequesterKind, requester: &str, places: i64) -> Asked {
    Asked {
        performance_id: performance,
        kind,
        requester: requester.to_owned(),
        patron_id: None,
        places,
        note: String::new(),
    }
}

/// The ceiling of a kind at a performance, set by the administrator: why
/// it was refused, if it was.
fn set_aside(
    t: &mut Terminal,
    performance: i64,
    kind: RequesterKind,
    places: Option<i64>,
) -> Option<ProgrammingError> {
    let admin = common::system(t);
    let by = programming::By {
        operator: &admin,
        signer: &t.signer,
        now: now(),
    };
    programming::invitations::set_quota(&mut t.store, &by, performance, kind, places).err()
}

#[test]
fn the_press_is_invited_within_its_places_and_the_statement_counts_them_as_exonerated() {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    open_drawer(&mut t, now());
    assert!(set_aside(&mut t, play, RequesterKind::Press, Some(4)).is_none());
    let journal = f
        .raw()
        .query_row(
            "SELECT body FROM ledger WHERE kind = 'programmed' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    assert!(journal.contains("invitation_places"), "{journal}");

    // The clerk takes two calls; the coordinator decides.
    let clerk = who(&mut t, CLERK);
    let patron = common::patron(&mut t, "Marie", "Dupont", "marie@ouest-france.fr", "");
    let mut first = asked(play, RequesterKind::Press, "Ouest-France — Marie Dupont", 2);
    first.patron_id = Some(patron);
    let first = invitations::ask(&mut t.store, &t.signer, &clerk, &first, now()).unwrap();
    let second = asked(play, RequesterKind::Press, "Le Télégramme", 3);
    let second = invitations::ask(&mut t.store, &t.signer, &clerk, &second, now()).unwrap();
    assert_eq!(first.status, Status::Asked);
    assert!(matches!(
        invitations::issue(&mut t.store, &t.signer, &clerk, &first.public_id, now()),
        Err(InvitationError::NotAllowed(_))
    ));

    let admin = common::system(&t);
    let (issued, sold) =
        invitations::issue(&mut t.store, &t.signer, &admin, &first.public_id, now()).unwrap();
    assert_eq!(issued.status, Status::Issued);
    assert_eq!(issued.order_number, Some(sold.number));
    assert_eq!(sold.tickets.len(), 2);
    assert!(sold.tickets.iter().all(|tk| tk.price.0 == 0));
    let (channel, order_patron): (String, Option<i64>) = f
        .raw()
        .query_row(
            "SELECT channel, patron_id FROM sale_order WHERE id = ?1",
            [sold.order_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (channel.as_str(), order_patron),
        ("invitation", Some(patron))
    );

    // Three more would pass the four places set aside: refused, nothing
    // written; refused by the coordinator, it is decided for good.
    let before = f.rows();
    let full = invitations::issue(&mut t.store, &t.signer, &admin, &second.public_id, now());
    assert!(
        matches!(
            full,
            Err(InvitationError::Full {
                quota: 4,
                issued: 2,
                asked: 3,
                ..
            })
        ),
        "{full:?}"
    );
    assert_eq!(f.rows(), before, "nothing written");
    invitations::refuse(&mut t.store, &t.signer, &admin, &second.public_id, now()).unwrap();
    assert!(matches!(
        invitations::issue(&mut t.store, &t.signer, &admin, &second.public_id, now()),
        Err(InvitationError::Decided(..))
    ));
    // Below what was issued, the places set aside are refused.
    let below = set_aside(&mut t, play, RequesterKind::Press, Some(1));
    assert!(matches!(
        below,
        Some(ProgrammingError::InvitationPlaces { issued: 2, .. })
    ));

    // The list per requester; the statement; the ledger.
    let of_ouest = invitations::list(&t.store, None, Some("ouest-france")).unwrap();
    assert_eq!(of_ouest.len(), 1);
    assert_eq!(of_ouest[0].public_id, first.public_id);
    assert_eq!(
        invitations::list(&t.store, Some(play), None).unwrap().len(),
        2
    );
    let b = guichet::till::statements::of_performance(&t.store, play).unwrap();
    assert_eq!(b.statement.invitations, 2);
    assert_eq!(b.statement.revenue, 0);
    let kinds: Vec<String> = f
        .raw()
        .prepare("SELECT body FROM ledger WHERE kind = 'invitation' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(kinds.len(), 4, "asked twice, issued, refused");
    assert!(kinds[2].contains("\"issued\"") && kinds[2].contains(&sold.public_id));
    assert!(guichet::till::verify(&t.store).unwrap().is_intact());
    // Who asked is kept in the file, never signed (it can be erased).
    assert!(kinds.iter().all(|body| !body.contains("Ouest-France")));
    // A request changed by hand no longer answers to its record.
    f.raw()
        .execute(
            "UPDATE invitation SET status = 'asked', order_id = NULL WHERE public_id = ?1",
            [&first.public_id],
        )
        .unwrap();
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(!report.is_intact(), "{}", report.summary());
}

#[test]
fn a_request_that_says_nothing_useful_is_refused_and_writes_nothing() {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    let clerk = who(&mut t, CLERK);
    let before = f.rows();
    let refused = |t: &mut Terminal, a: Asked| {
        invitations::ask(&mut t.store, &t.signer, &clerk, &a, now()).unwrap_err()
    };
    assert!(matches!(
        refused(&mut t, asked(play, RequesterKind::Press, "  ", 2)),
        InvitationError::Requester
    ));
    assert!(matches!(
        refused(
            &mut t,
            asked(play, RequesterKind::Press, &"x".repeat(121), 2)
        ),
        InvitationError::Requester
    ));
    for places in [0, -3, 21, i64::MAX] {
        assert!(matches!(
            refused(
                &mut t,
                asked(play, RequesterKind::Partner, "Crédit Mutuel", places)
            ),
            InvitationError::Places(_)
        ));
    }
    assert!(matches!(
        refused(
            &mut t,
            asked(999_999, RequesterKind::Artist, "Compagnie", 2)
        ),
        InvitationError::NoPerformance(_)
    ));
    let mut no_one = asked(play, RequesterKind::Staff, "Équipe", 2);
    no_one.patron_id = Some(999_999);
    assert!(matches!(
        refused(&mut t, no_one),
        InvitationError::NoPatron(_)
    ));
    let admin = common::system(&t);
    assert!(matches!(
        invitations::issue(&mut t.store, &t.signer, &admin, "4242", now()),
        Err(InvitationError::Unknown(_))
    ));
    // More places set aside than the performance holds.
    let above = set_aside(&mut t, play, RequesterKind::Press, Some(100_000));
    assert!(matches!(
        above,
        Some(ProgrammingError::InvitationPlaces { .. })
    ));
    assert_eq!(f.rows(), before, "nothing written");
}

#[test]
fn the_command_line_records_issues_and_lists_invitations() {
    let (f, t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    drop(t);
    let db = f.db.to_str().unwrap();
    let admin = ("Camille Roche", "2468");
    let play = play.to_string();
    let out = common::guichet_as(
        db,
        admin,
        &[
            "invitations",
            "quota",
            "--performance",
            &play,
            "--kind",
            "artist",
            "--places",
            "6",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet_as(
        db,
        CLERK,
        &[
            "invitations",
            "ask",
            "--performance",
            &play,
            "--kind",
            "artist",
            "--requester",
            "Compagnie du Hasard",
            "--places",
            "4",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::guichet_as(
        db,
        CLERK,
        &[
            "invitations",
            "ask",
            "--performance",
            &play,
            "--kind",
            "mayor",
            "--requester",
            "X",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a kind of requester"));
    let out = common::guichet_as(db, admin, &["invitations", "issue", "1", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let issued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(issued["tickets"].as_array().unwrap().len(), 4);
    let out = common::guichet(
        db,
        &["invitations", "list", "--requester", "hasard", "--json"],
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["status"], "issued");
    assert_eq!(list[0]["kind"], "artist");
    // Reading the places set aside needs no operator.
    let out = common::guichet(
        db,
        &["invitations", "quota", "--performance", &play, "--json"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let quotas: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let artist = quotas
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "artist")
        .unwrap();
    assert_eq!(
        (artist["quota"].as_i64(), artist["issued"].as_i64()),
        (Some(6), Some(4))
    );
}

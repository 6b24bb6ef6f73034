//! Changing a terminal's signing key: tickets and records signed before
//! keep verifying, the door admits them, nothing signs with a retired key,
//! a crash halfway is settled at the next start, and tampering with the list
//! of keys is caught.

mod common;

use chrono::Duration;
use common::{Fixture, clock, count, guichet, next_in, now, sell_some, system};
use guichet::counter::orders;
use guichet::domain::journal::Problem;
use guichet::door::{self, Scope, Verdict};
use guichet::ledger::rotation::RotationError;
use guichet::ledger::verify::verify;
use guichet::ledger::{LedgerError, keys};
use guichet::operators;
use guichet::terminal::{StartError, Terminal};
use guichet::tickets::code;

fn rotate(_f: &Fixture, t: &mut Terminal, reason: &str) -> guichet::terminal::KeyInfo {
    let by = system(t);
    t.rotate_key(&by, reason).expect("key rotated")
}

fn key_id_of(ticket_code: &str) -> String {
    code::read(ticket_code).unwrap().claims.key_id_hex()
}

fn kinds(f: &Fixture, chain: &str) -> Vec<String> {
    let c = f.raw();
    let mut stmt = c
        .prepare("SELECT kind FROM ledger WHERE chain = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([chain], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn tickets_sold_before_a_key_change_still_enter_and_new_ones_carry_the_new_key() {
    let (f, mut t) = Fixture::demo();
    let (p, starts) = next_in(&t, "Le Club");
    let before = sell_some(&mut t, p, "PLEIN", 1).tickets[0].code.clone();
    let old_key = t.signer.key_id.clone();

    let new = rotate(&f, &mut t, "changement annuel");
    assert_eq!(new.number, 2);
    assert_ne!(new.key_id, old_key);
    assert_eq!(
        t.signer.key_id, new.key_id,
        "the open terminal signs with it"
    );
    let after = sell_some(&mut t, p, "PLEIN", 1).tickets[0].code.clone();
    assert_eq!(key_id_of(&before), old_key);
    assert_eq!(key_id_of(&after), new.key_id);

    // Both enter; the customer service finds both orders by their codes.
    let at = starts - Duration::minutes(20);
    let by = system(&t);
    for text in [&before, &after] {
        let answer = door::scan(
            &mut t.store,
            Scope::Performance(p),
            "Porte A",
            &by,
            text,
            at,
        )
        .unwrap();
        assert_eq!(answer.verdict, Verdict::Admitted { reentry: false });
        let found = orders::find(&t.store, t.signer.terminal_id, text).unwrap();
        assert_eq!(found.len(), 1);
    }

    // Each chain announces the new key, signed by the old one, and verifies.
    assert!(kinds(&f, "fiscal").contains(&"key_rotated".to_owned()));
    assert_eq!(kinds(&f, "training"), ["genesis", "key_rotated"]);
    let body: serde_json::Value = serde_json::from_str(
        &f.raw()
            .query_row(
                "SELECT body FROM ledger WHERE chain = 'fiscal' AND kind = 'key_rotated'",
                [],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(body["data"]["key_id"], new.key_id.as_str());
    assert_eq!(body["data"]["previous_key_id"], old_key.as_str());
    assert_eq!(body["data"]["reason"], "changement annuel");
    let report = verify(&t.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());

    // The key file holds the new key: the next start signs with it.
    drop(t);
    assert!(!keys::pending_path(&keys::key_path(&f.db)).exists());
    let t = f.terminal();
    assert_eq!(t.signer.key_id, new.key_id);
    assert_eq!(count(&f.raw(), "terminal_key"), 2);
}

#[test]
fn a_program_started_before_the_change_cannot_sign_with_the_retired_key() {
    let (f, mut first) = Fixture::demo();
    let mut second = f.terminal();
    let (p, _) = next_in(&first, "Le Club");
    rotate(&f, &mut first, "");
    let rows = f.rows();
    let by = system(&second);
    let offer = guichet::counter::offer::load(&second.store, p, None, now()).unwrap();
    let request = guichet::counter::SaleRequest {
        quoted: Vec::new(),
        items: vec![guichet::counter::Item {
            performance_id: p,
            place: guichet::counter::Place::Unnumbered,
            tariff_id: offer.tariff("PLEIN").unwrap().tariff.id,
        }],
        tenders: vec![guichet::domain::payment::Tender {
            voucher: None,
            method: guichet::domain::payment::Method::Cash,
            amount: guichet::domain::Cents(10_000),
        }],
        ..Default::default()
    };
    let error =
        guichet::counter::sell::sell(&mut second.store, &second.signer, &by, &request, now())
            .expect_err("refused");
    assert!(
        error.to_string().contains("no longer signs with key")
            && error.to_string().contains("start it again"),
        "{error}"
    );
    assert_eq!(f.rows(), rows, "nothing written");
    assert!(verify(&first.store).unwrap().is_intact());
    // Started again, it signs with the new key.
    drop(second);
    let mut again = f.terminal();
    assert_eq!(again.signer.key_id, first.signer.key_id);
    sell_some(&mut again, p, "PLEIN", 1);
    assert!(verify(&again.store).unwrap().is_intact());
}

#[test]
fn only_an_administrator_changes_the_key() {
    let (f, mut t) = Fixture::demo();
    let mut as_ = |name: &str, pin: &str| {
        operators::for_command_line(&mut t.store, Some(name), Some(pin), false, now()).unwrap()
    };
    let clerk = as_("Lucas Martin", "1793");
    let coordinator = as_("Inès Benali", "3579");
    let before = f.snapshot();
    for by in [clerk, coordinator] {
        let refused = t.rotate_key(&by, "");
        assert!(
            matches!(refused, Err(RotationError::NotAllowed)),
            "{}",
            by.name
        );
    }
    assert_eq!(f.snapshot(), before, "no file touched, no pending key left");
}

#[test]
fn a_crash_after_the_database_recorded_the_new_key_is_finished_at_the_next_start() {
    let (f, mut t) = Fixture::demo();
    let key_path = keys::key_path(&f.db);
    let old_text = std::fs::read(&key_path).unwrap();
    let new = rotate(&f, &mut t, "");
    drop(t);
    // As if the power went off between the commit and the key file's
    // replacement: the new key still pending, the old one in place.
    let pending = keys::pending_path(&key_path);
    std::fs::rename(&key_path, &pending).unwrap();
    write_private(&key_path, &old_text);

    let t = f.terminal();
    assert_eq!(t.signer.key_id, new.key_id);
    assert!(!pending.exists());
    assert!(verify(&t.store).unwrap().is_intact());
}

#[test]
fn a_key_change_interrupted_before_the_database_recorded_it_is_abandoned() {
    let (f, t) = Fixture::demo();
    let old_key = t.signer.key_id.clone();
    let terminal = t.signer.terminal_public_id.clone();
    drop(t);
    let key_path = keys::key_path(&f.db);
    let pending = keys::pending_path(&key_path);
    keys::create(&pending, &terminal).unwrap();
    let records = count(&f.raw(), "ledger");

    let t = f.terminal();
    assert_eq!(t.signer.key_id, old_key, "the old key still signs");
    assert!(!pending.exists(), "the unrecorded key is thrown away");
    assert_eq!(count(&f.raw(), "ledger"), records);
    assert!(verify(&t.store).unwrap().is_intact());
}

#[test]
fn an_old_key_put_back_from_a_backup_is_refused_with_what_to_do() {
    let (f, mut t) = Fixture::demo();
    let key_path = keys::key_path(&f.db);
    let old_text = std::fs::read(&key_path).unwrap();
    let new = rotate(&f, &mut t, "");
    drop(t);
    std::fs::remove_file(&key_path).unwrap();
    write_private(&key_path, &old_text);
    let records = count(&f.raw(), "ledger");

    let error = Terminal::open(&f.db, clock()).err().expect("refused");
    assert!(
        matches!(
            &error,
            StartError::Ledger(LedgerError::KeyRetired { number: 1, current, .. }) if *current == new.key_id
        ),
        "{error}"
    );
    assert!(error.to_string().contains("old backup"), "{error}");
    assert_eq!(count(&f.raw(), "ledger"), records, "nothing signed with it");
    // `verify` says so too.
    let out = guichet(f.db.to_str().unwrap(), &["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("retired"), "{said}");
}

#[test]
fn a_key_slipped_into_the_database_without_the_ledger_is_caught() {
    let (f, t) = Fixture::demo();
    let terminal_id = t.signer.terminal_id;
    drop(t);
    // Someone with the file adds a key of their own, to sign tickets.
    let public = ed25519_dalek::SigningKey::from_bytes(&[7; 32])
        .verifying_key()
        .to_bytes();
    f.raw()
        .execute(
            "INSERT INTO terminal_key (key_id, terminal_id, number, public_key, created_at)
             VALUES (?1, ?2, 2, ?3, 0)",
            rusqlite::params![keys::key_id(&public), terminal_id, public.to_vec()],
        )
        .unwrap();
    let store = guichet::store::Store::open_read_only(&f.db).unwrap();
    let report = verify(&store).unwrap();
    let b = report.first_break.expect("broken");
    assert!(matches!(b.problem, Problem::KeyChange(_)), "{b}");
    assert!(b.to_string().contains("never announced"), "{b}");
}

#[test]
fn a_key_change_record_naming_another_key_is_caught() {
    let (f, mut t) = Fixture::demo();
    rotate(&f, &mut t, "");
    drop(t);
    let other = ed25519_dalek::SigningKey::from_bytes(&[9; 32])
        .verifying_key()
        .to_bytes();
    let c = f.raw();
    c.execute_batch("DROP TRIGGER terminal_key_no_update;")
        .unwrap();
    c.execute(
        "UPDATE terminal_key SET public_key = ?1 WHERE number = 2",
        [other.to_vec()],
    )
    .unwrap();
    let store = guichet::store::Store::open_read_only(&f.db).unwrap();
    let b = verify(&store).unwrap().first_break.expect("broken");
    assert_eq!(b.kind, "key_rotated");
    assert!(b.to_string().contains("not the terminal's next key"), "{b}");
}

#[test]
fn terminal_keys_cannot_be_changed_or_removed() {
    let (f, mut t) = Fixture::demo();
    rotate(&f, &mut t, "");
    let c = f.raw();
    let update = c.execute("UPDATE terminal_key SET created_at = 1", []);
    assert!(
        update
            .unwrap_err()
            .to_string()
            .contains("cannot be changed")
    );
    let delete = c.execute("DELETE FROM terminal_key WHERE number = 1", []);
    assert!(
        delete
            .unwrap_err()
            .to_string()
            .contains("cannot be removed")
    );
    assert_eq!(count(&c, "terminal_key"), 2);
}

#[test]
fn the_command_line_lists_and_changes_keys_for_an_administrator_only() {
    let (f, t) = Fixture::demo();
    let old_key = t.signer.key_id.clone();
    drop(t);
    let db = f.db.to_str().unwrap();
    let clerk = common::guichet_as(db, ("Lucas Martin", "1793"), &["key", "rotate"]);
    assert_eq!(clerk.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&clerk.stderr).contains("only an administrator"));

    let done = common::guichet_as(
        db,
        common::DEMO_ADMIN,
        &["key", "rotate", "--reason", "ordinateur volé"],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(
        said.contains("now signs with key") && said.contains("Back up"),
        "{said}"
    );

    let list = guichet(db, &["key", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines[0].contains(&old_key) && lines[0].contains("retired"));
    assert!(lines[1].contains("key 2") && lines[1].contains("signs now"));
    assert_eq!(guichet(db, &["verify"]).status.code(), Some(0));
}

fn write_private(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

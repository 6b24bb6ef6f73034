//! Backups a venue can count on, on real files: made with SQLite's online
//! backup API, checked, kept with a manifest; a missing second place is
//! said, never skipped; a backup taken while another connection sells
//! verifies; a corrupted one is refused; a restore replaces the database in
//! one step, keeps the current one aside, records what was lost, and a
//! lost ticket at the door is recognised.

mod common;

use std::path::Path;

use common::{Fixture, next_in, now};
use guichet::backup::{self, BackupError};
use guichet::door::{self, Refusal, Scope, Verdict};
use guichet::terminal::Terminal;

fn backups_beside(f: &Fixture) -> Vec<backup::Made> {
    backup::list(&backup::default_place(&f.db))
}

#[test]
fn a_backup_is_one_checked_file_with_its_manifest_and_what_is_kept_is_pruned() {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    common::sell_some(&mut t, play, "PLEIN", 2);
    let round = backup::run(&mut t.store, now()).unwrap();
    assert!(round.failed.is_empty(), "{:?}", round.failed);
    let made = &round.made[0];
    assert!(made.file.starts_with(backup::default_place(&f.db)));
    let m = &made.manifest;
    assert_eq!(m.ledger, "intact");
    assert_eq!(m.holds.tickets, 2);
    assert!(
        m.chains
            .iter()
            .any(|c| c.chain == "fiscal" && c.records > 0)
    );
    assert_eq!(backup::check(&made.file).unwrap(), *m);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&made.file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the patron file, for its owner only");
    }
    // One file: no write-ahead log beside it, no temporary file left.
    let names: Vec<String> = std::fs::read_dir(backup::default_place(&f.db))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // Thirty days of backups, one a day, then a round: the last fourteen
    // days' are kept, with the first of each month and of each year.
    let place = backup::default_place(&f.db);
    for day in 1..=30 {
        let at = now() - chrono::Duration::days(day);
        backup::make(&t.store, &place, true, at).unwrap();
    }
    let keep = backup::Keep::new(14, 12).unwrap();
    let removed = backup::prune(&place, keep, (made, chrono_tz::Europe::Paris), now()).unwrap();
    let left = backup::list(&place);
    assert_eq!(left.len() + removed.len() / 2, 31);
    // Today's, thirteen days before it, and the oldest of October and of
    // November left over.
    assert!(left.len() >= 14 && left.len() <= 16, "{}", left.len());
    assert!(
        left.iter()
            .all(|b| backup::check(&b.file).is_ok() && b.file.with_extension("json").exists())
    );
}

#[test]
fn a_missing_second_place_is_said_and_the_first_backup_is_made_all_the_same() {
    let (f, mut t) = Fixture::demo();
    let stick = f.dir.path().join("usb");
    std::fs::create_dir(&stick).unwrap();
    let admin = common::system(&t);
    backup::set_places(&mut t.store, &admin, Some(Some(&stick)), None).unwrap();
    let round = backup::run(&mut t.store, now()).unwrap();
    assert_eq!(round.made.len(), 2);
    assert_eq!(backup::list(&stick).len(), 1);

    // The stick pulled out: the folder beside the database still gets its
    // backup; the stick's absence is said, and kept for the status bar.
    std::fs::remove_dir_all(&stick).unwrap();
    let later = now() + chrono::Duration::hours(1);
    let round = backup::run(&mut t.store, later).unwrap();
    assert_eq!(round.made.len(), 1);
    assert!(
        matches!(&round.failed[..], [BackupError::Missing(p)] if *p == stick),
        "{:?}",
        round.failed
    );
    let failing = backup::failing(&t.store).unwrap().expect("said");
    assert_eq!(failing, backup::Failure::Missing(stick.clone()));
    let said = guichet::ui::i18n::backups::failure(guichet::domain::Locale::FrFr, &failing);
    assert!(said.contains("clé USB non branchée"), "{said}");
    // The day's newest beside the database (the older of the day pruned).
    let beside = backups_beside(&f);
    assert_eq!(beside.len(), 1);
    assert_eq!(beside[0].manifest.made_at, later);

    // Plugged in again: the next round clears it.
    std::fs::create_dir(&stick).unwrap();
    let round = backup::run(&mut t.store, later + chrono::Duration::hours(1)).unwrap();
    assert!(round.failed.is_empty());
    assert_eq!(backup::failing(&t.store).unwrap(), None);

    // A second place that is not there, or not a full path, is refused
    // when chosen; only an administrator chooses.
    let gone = f.dir.path().join("nowhere");
    assert!(matches!(
        backup::set_places(&mut t.store, &admin, Some(Some(&gone)), None),
        Err(BackupError::Missing(_))
    ));
    assert!(matches!(
        backup::set_places(&mut t.store, &admin, Some(Some(Path::new("usb"))), None),
        Err(BackupError::NotAbsolute(_))
    ));
    let clerk = guichet::operators::Operator {
        role: guichet::domain::Role::Clerk,
        ..admin.clone()
    };
    assert!(matches!(
        backup::set_places(&mut t.store, &clerk, Some(None), None),
        Err(BackupError::NotAllowed)
    ));
    assert!(matches!(backup::Keep::new(0, 12), Err(BackupError::Keep)));
}

#[test]
fn a_backup_taken_while_another_connection_sells_verifies() {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Le Club");
    let db = f.db.clone();
    let seller = std::thread::spawn(move || {
        let mut other = Terminal::open(&db, common::clock()).unwrap();
        for _ in 0..200 {
            common::sell_some(&mut other, play, "PLEIN", 1);
        }
    });
    // Each backup made while the other connection sells is whole and
    // verifies (checked at once: the next round prunes the day's older).
    let mut made = 0;
    while !seller.is_finished() {
        let m = backup::make(&t.store, &backup::default_place(&f.db), true, now()).unwrap();
        assert_eq!(m.manifest.ledger, "intact", "{}", m.file.display());
        backup::check(&m.file).unwrap();
        made += 1;
    }
    seller.join().unwrap();
    assert!(made >= 2, "{made}");
    let last = backup::run(&mut t.store, now()).unwrap().made.remove(0);
    assert_eq!(last.manifest.ledger, "intact");
    assert_eq!(last.manifest.holds.tickets, 200);
}

#[test]
fn a_backup_with_one_byte_changed_is_refused_and_restores_nothing() {
    let (f, mut t) = Fixture::demo();
    let made = backup::run(&mut t.store, now()).unwrap().made.remove(0);
    let mut bytes = std::fs::read(&made.file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&made.file, bytes).unwrap();
    let refused = backup::check(&made.file);
    assert!(
        matches!(refused, Err(BackupError::Corrupted(..))),
        "{refused:?}"
    );
    drop(t);
    let before = f.snapshot();
    let restore = backup::restore(&made.file, &f.db, (true, None), now());
    assert!(
        matches!(restore, Err(BackupError::Corrupted(..))),
        "{restore:?}"
    );
    assert_eq!(f.snapshot(), before, "nothing written");
    // No manifest beside it: not a backup.
    std::fs::remove_file(made.file.with_extension("json")).unwrap();
    assert!(matches!(
        backup::check(&made.file),
        Err(BackupError::NotABackup(..))
    ));
}

#[test]
fn a_restore_replaces_the_database_keeps_it_aside_records_what_was_lost_and_the_door_knows_a_lost_ticket()
 {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    common::sell_some(&mut t, play, "PLEIN", 2);
    let made = backup::run(&mut t.store, now()).unwrap().made.remove(0);
    // Sold after the backup: lost with the restore.
    let lost = common::sell_some(&mut t, play, "PLEIN", 3);
    let lost_code = lost.tickets[0].code.clone();

    // Not while Guichet is open on the database.
    let busy = backup::restore(&made.file, &f.db, (true, None), now());
    assert!(
        matches!(busy, Err(BackupError::Restore(ref e)) if e.to_string().contains("open")),
        "{busy:?}"
    );
    drop(t);
    // Older than the database it replaces: only when asked.
    let older = backup::restore(&made.file, &f.db, (false, None), now());
    assert!(
        matches!(older, Err(BackupError::Restore(ref e)) if e.to_string().contains("--older")),
        "{older:?}"
    );
    assert!(
        !f.dir.path().join("guichet.db.restoring").exists(),
        "a refused restore leaves no copy of the patron file behind"
    );
    let done = backup::restore(&made.file, &f.db, (true, None), now()).unwrap();
    let aside = done.kept_aside.clone().expect("kept aside");
    assert!(aside.exists());
    assert_eq!(done.lost.len(), 1, "{:?}", done.lost);
    assert_eq!(done.lost[0].chain, "fiscal");

    // The restored database verifies and says what was lost.
    let mut t = Terminal::open(&f.db, common::clock()).unwrap();
    let report = guichet::till::verify(&t.store).unwrap();
    assert!(report.is_intact(), "{}", report.summary());
    assert_eq!(report.restores.len(), 1);
    let summary = report.summary();
    assert!(summary.contains("of the fiscal chain lost"), "{summary}");
    assert_eq!(
        made.manifest.holds.tickets,
        common::count(&f.raw(), "ticket"),
        "the backup's tickets, not the lost ones"
    );

    // The lost ticket at the door: recognised, not forged.
    let by = common::system(&t);
    let answer = door::scan(
        &mut t.store,
        Scope::Performance(play),
        "Entrée",
        &by,
        &lost_code,
        now(),
    )
    .unwrap();
    assert!(
        matches!(
            answer.verdict,
            Verdict::Refused(Refusal::LostAtRestore { .. })
        ),
        "{:?}",
        answer.verdict
    );
    // Numbering goes on past the lost tickets: none is given twice.
    let next = common::sell_some(&mut t, play, "PLEIN", 1);
    let lost_numbers: Vec<i64> = lost.tickets.iter().map(|x| x.number).collect();
    assert!(
        next.tickets[0].number > *lost_numbers.iter().max().unwrap(),
        "{} after {lost_numbers:?}",
        next.tickets[0].number
    );
    assert!(next.number > lost.number);
}

#[test]
fn a_restore_after_the_disk_died_keeps_a_margin_and_refuses_another_terminal_s_file() {
    let (f, mut t) = Fixture::demo();
    let (play, _) = next_in(&t, "Grande salle");
    let made = backup::run(&mut t.store, now()).unwrap().made.remove(0);
    let lost = common::sell_some(&mut t, play, "PLEIN", 1);
    drop(t);
    // The database gone: only its key and its signed head are left.
    for suffix in ["", "-wal", "-shm"] {
        let mut p = f.db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let done = backup::restore(&made.file, &f.db, (false, None), now()).unwrap();
    assert_eq!(done.kept_aside, None);
    assert_eq!(done.lost.len(), 1, "the head witnessed the lost sale");
    let mut t = Terminal::open(&f.db, common::clock()).unwrap();
    let next = common::sell_some(&mut t, play, "PLEIN", 1);
    assert!(next.tickets[0].number >= lost.tickets[0].number + 1000);
    drop(t);

    // Another venue's backup over this database: refused.
    let (other, mut o) = Fixture::demo();
    let theirs = backup::run(&mut o.store, now()).unwrap().made.remove(0);
    drop(o);
    let refused = backup::restore(&theirs.file, &f.db, (true, None), now());
    assert!(
        matches!(refused, Err(BackupError::Restore(ref e)) if e.to_string().contains("another terminal")),
        "{refused:?}"
    );
    // The key missing beside the database: put it back first.
    let key = guichet::terminal::key_path_of(&other.db);
    std::fs::remove_file(&key).unwrap();
    let no_key = backup::restore(&theirs.file, &other.db, (true, None), now());
    assert!(
        matches!(no_key, Err(BackupError::Restore(ref e)) if e.to_string().contains("key")),
        "{no_key:?}"
    );
}

#[test]
fn a_backup_killed_midway_leaves_the_previous_one_whole_and_no_half_file_under_a_final_name() {
    let (f, mut t) = Fixture::demo();
    // The day before: the children's backups (today) never prune it.
    let yesterday = now() - chrono::Duration::days(1);
    let first = backup::run(&mut t.store, yesterday).unwrap().made.remove(0);
    drop(t);
    let place = backup::default_place(&f.db);
    let db = f.db.to_str().unwrap().to_owned();
    for wait in [5u64, 20, 60, 150] {
        let mut child = common::command(&db, &["backup", "now"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever moment it died at: every file under a final name is a
        // whole, checked backup with its manifest, or a whole database
        // whose manifest had not been written yet (never listed); the
        // first backup is untouched.
        for entry in std::fs::read_dir(&place).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".partial") {
                continue;
            }
            if name.ends_with(".db") && path.with_extension("json").exists() {
                backup::check(&path).unwrap();
            } else if name.ends_with(".db") {
                assert!(backup::list(&place).iter().all(|b| b.file != path));
                guichet::store::Store::open_read_only(&path).expect("a whole database");
            }
        }
        assert!(backup::list(&place).iter().any(|b| b.file == first.file));
        backup::check(&first.file).unwrap();
    }
}

#[test]
fn the_key_sealed_with_a_passphrase_travels_with_the_backup_and_only_the_passphrase_opens_it() {
    let (f, mut t) = Fixture::demo();
    let admin = common::system(&t);
    // No passphrase yet: the backups say the key is left out.
    let round = backup::run(&mut t.store, now()).unwrap();
    assert!(round.key_left_out);
    assert_eq!(round.made[0].manifest.key, None);
    assert!(matches!(
        backup::sealed::seal(&t.store, &admin, "court"),
        Err(BackupError::WeakPassphrase(_))
    ));
    let clerk = guichet::operators::Operator {
        role: guichet::domain::Role::Clerk,
        ..admin.clone()
    };
    assert!(matches!(
        backup::sealed::seal(&t.store, &clerk, "la cerise sur le gâteau"),
        Err(BackupError::NotAllowed)
    ));
    backup::sealed::seal(&t.store, &admin, "la cerise sur le gâteau").unwrap();
    let later = now() + chrono::Duration::days(1);
    let round = backup::run(&mut t.store, later).unwrap();
    assert!(!round.key_left_out);
    let made = round.made[0].clone();
    let sealed = backup::key_file(&made.file, &made.manifest).expect("the sealed key beside it");
    let text = std::fs::read_to_string(&sealed).unwrap();
    let key = std::fs::read_to_string(guichet::terminal::key_path_of(&f.db)).unwrap();
    let secret = key
        .lines()
        .find(|l| l.starts_with("ed25519-secret="))
        .unwrap();
    assert!(
        !text.contains(&secret["ed25519-secret=".len()..]),
        "sealed, not copied"
    );
    drop(t);

    // The machine stolen: a new one with nothing but the backups.
    let (n, _) = (Fixture::new(), ());
    let target = n.db.clone();
    let no_key = backup::restore(&made.file, &target, (false, None), later);
    assert!(matches!(no_key, Err(BackupError::Restore(_))), "{no_key:?}");
    let wrong = backup::restore(
        &made.file,
        &target,
        (false, Some("le gâteau sans cerise")),
        later,
    );
    assert!(matches!(wrong, Err(BackupError::Passphrase)), "{wrong:?}");
    assert!(!target.exists(), "nothing written");
    assert!(!guichet::terminal::key_path_of(&target).exists());
    backup::restore(
        &made.file,
        &target,
        (false, Some("la cerise sur le gâteau")),
        now(),
    )
    .unwrap();
    let mut t = Terminal::open(&target, common::clock()).unwrap();
    assert!(guichet::till::verify(&t.store).unwrap().is_intact());
    let (play, _) = next_in(&t, "Grande salle");
    common::sell_some(&mut t, play, "PLEIN", 1);
}

#[test]
fn a_key_changed_since_it_was_sealed_is_left_out_of_the_backups_until_sealed_again() {
    let (_f, mut t) = Fixture::demo();
    let admin = common::system(&t);
    backup::sealed::seal(&t.store, &admin, "la cerise sur le gâteau").unwrap();
    assert!(!backup::run(&mut t.store, now()).unwrap().key_left_out);
    t.rotate_key(&admin, "test").unwrap();
    let later = now() + chrono::Duration::days(1);
    let round = backup::run(&mut t.store, later).unwrap();
    assert!(round.key_left_out, "the sealed key is the old one");
    assert_eq!(round.made[0].manifest.key, None);
    backup::sealed::seal(&t.store, &admin, "la cerise sur le gâteau").unwrap();
    let round = backup::run(&mut t.store, later + chrono::Duration::days(1)).unwrap();
    assert!(!round.key_left_out);
}

#[test]
fn a_terminal_does_not_open_while_a_restore_holds_the_database() {
    let (f, t) = Fixture::demo();
    drop(t);
    let alone = guichet::store::in_use::exclusive(&f.db).unwrap();
    let refused = Terminal::open(&f.db, common::clock());
    assert!(
        matches!(refused, Err(guichet::terminal::StartError::Restoring(_))),
        "{:?}",
        refused.err()
    );
    drop(alone);
    Terminal::open(&f.db, common::clock()).unwrap();
}

#[test]
fn a_first_run_restore_replaces_only_a_database_that_holds_nothing() {
    let (f, mut t) = Fixture::demo();
    backup::sealed::seal(&t.store, &common::system(&t), "la cerise sur le gâteau").unwrap();
    let made = backup::run(&mut t.store, now()).unwrap().made[0].clone();
    drop(t);
    // A venue's database, not a new one: refused, nothing touched.
    let (other, t) = Fixture::bare_venue();
    drop(t);
    let before = other.snapshot();
    let refused = backup::restore_over_new(&made.file, &other.db, "la cerise sur le gâteau", now());
    assert!(
        matches!(
            refused,
            Err(BackupError::Restore(backup::RestoreError::NotNew(_)))
        ),
        "{refused:?}"
    );
    assert_eq!(other.snapshot(), before);
    // A new one (opened, nothing more): a wrong passphrase touches nothing,
    // the right one puts the backup and its key in its place.
    let n = Fixture::new();
    drop(n.terminal());
    let before = n.snapshot();
    let wrong = backup::restore_over_new(&made.file, &n.db, "le gâteau sans cerise", now());
    assert!(matches!(wrong, Err(BackupError::Passphrase)), "{wrong:?}");
    assert_eq!(n.snapshot(), before);
    backup::restore_over_new(&made.file, &n.db, "la cerise sur le gâteau", now()).unwrap();
    assert_eq!(
        std::fs::read(guichet::terminal::key_path_of(&n.db)).unwrap(),
        std::fs::read(guichet::terminal::key_path_of(&f.db)).unwrap()
    );
    let t = n.terminal();
    assert!(guichet::till::verify(&t.store).unwrap().is_intact());
}

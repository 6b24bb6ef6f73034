//! A backup written on a disk that fills up: it fails and says where,
//! leaves no file (neither under its final name nor a temporary one), and
//! the previous backup stays whole. Alone in its test binary, as it limits
//! the size of the files this process writes (RLIMIT_FSIZE).

mod common;

use common::{Fixture, now};
use guichet::backup::{self, BackupError};

#[test]
fn a_disk_that_fills_up_keeps_no_half_backup_and_the_previous_one_stays_whole() {
    let (f, mut t) = Fixture::demo();
    let first = backup::run(&mut t.store, now()).unwrap().made.remove(0);
    let place = backup::default_place(&f.db);
    // No file may grow past 64 KiB: the copy does not fit.
    common::limit_files(64 * 1024);
    let later = now() + chrono::Duration::days(1);
    let full = backup::make(&t.store, &place, true, later);
    common::limit_files(u64::MAX);
    let failed = full.unwrap_err();
    assert!(
        matches!(&failed, BackupError::Write { place: p, .. } if *p == place),
        "{failed:?}"
    );
    let said = guichet::ui::i18n::backups::error(guichet::domain::Locale::FrFr, &failed);
    assert!(said.contains("disque plein"), "{said}");
    let mut names: Vec<String> = std::fs::read_dir(&place)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected = [&first.file, &first.file.with_extension("json")]
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned());
    assert_eq!(names, expected, "only the previous backup");
    backup::check(&first.file).unwrap();
    // With room again: made whole, and the failure forgotten.
    let round = backup::run(&mut t.store, later).unwrap();
    assert!(round.failed.is_empty(), "{:?}", round.failed);
    assert_eq!(backup::failing(&t.store).unwrap(), None);
}

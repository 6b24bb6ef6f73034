//! An archive written on a disk that fills up: the write fails, nothing is
//! kept and nothing is recorded. Alone in its test binary, as it limits the
//! size of the files this process writes (RLIMIT_FSIZE).

mod common;

use guichet::domain::closing::Period;
use guichet::till::archive::{self, ArchiveError};
use guichet::till::closings::TillError;

#[test]
fn a_disk_that_fills_up_keeps_no_archive_and_records_nothing() {
    let (f, mut t) = common::november_closed();
    let by = common::system(&t);
    let december = common::december();
    let rows = f.rows();
    let out = f.dir.path().join("archives");
    std::fs::create_dir_all(&out).unwrap();
    // No file may grow past 4 KiB: the records do not fit.
    common::limit_files(4096);
    let full = archive::archive(
        &mut t.store,
        &t.signer,
        &by,
        (Period::Month, "2026-11"),
        &out,
        december,
    );
    common::limit_files(u64::MAX);
    let Err(TillError::Archive(ArchiveError::Write { path, why })) = full else {
        panic!("refused: {full:?}")
    };
    assert!(path.to_string_lossy().contains(".partial"), "{path:?}");
    assert!(!why.is_empty());
    let message = guichet::ui::i18n::till::archive(
        &ArchiveError::Write { path, why },
        guichet::domain::Locale::FrFr,
    );
    assert!(
        message.contains("Rien n’a été gardé ni enregistré"),
        "{message}"
    );
    assert_eq!(f.rows(), rows, "nothing recorded");
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert!(left.is_empty(), "nothing kept: {left:?}");
    // With room again: written whole.
    let done = archive::archive(
        &mut t.store,
        &t.signer,
        &by,
        (Period::Month, "2026-11"),
        &out,
        december,
    )
    .unwrap();
    archive::verify(&done.folder).unwrap();
}

//! Archives of closed periods: a closed month written out and checked
//! without the database; one byte edited anywhere, a file added or the
//! manifest gone, and the check says so; refused before the period is
//! closed, twice, into a folder that cannot be written or a disk that
//! fills up (tests/archive_full_disk.rs), each with nothing kept and
//! nothing recorded; the command line does the same.

mod common;

use std::path::{Path, PathBuf};

use common::{Fixture, december, november_closed};
use guichet::domain::closing::Period;
use guichet::terminal::Terminal;
use guichet::till::archive::{self, ArchiveError};
use guichet::till::closings::TillError;

fn archive_to(t: &mut Terminal, out: &Path) -> Result<archive::Archived, TillError> {
    let by = common::system(t);
    archive::archive(
        &mut t.store,
        &t.signer,
        &by,
        (Period::Month, "2026-11"),
        out,
        december(),
    )
}

/// A copy of the archive folder, to damage.
fn copy(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
    to.to_owned()
}

fn invalid(dir: &Path) -> String {
    match archive::verify(dir) {
        Err(ArchiveError::Invalid(why)) => why,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_closed_month_is_archived_and_checked_without_the_database() {
    let (f, mut t) = november_closed();
    let out = f.dir.path().join("archives");
    let done = archive_to(&mut t, &out).unwrap();
    assert!(done.folder.starts_with(&out));
    // Every record from the first to the month's closing, and the training
    // chain's opening; the day's and the month's closings.
    assert_eq!(done.closings, 2);
    let checked = archive::verify(&done.folder).unwrap();
    assert_eq!(checked.records, done.records);
    assert_eq!(checked.manifest_sha256, done.manifest_sha256);
    let mut names: Vec<String> = std::fs::read_dir(&done.folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "README.txt",
            "closings.jsonl",
            "manifest.json",
            "manifest.sig",
            "records.jsonl",
            "schema.json"
        ]
    );
    // The ledger records the archive, and still holds.
    let archived: i64 = f
        .raw()
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'archived'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(archived, 1);
    assert!(
        guichet::till::verify(&t.store)
            .unwrap()
            .first_break
            .is_none()
    );
    // Once only.
    assert!(matches!(
        archive_to(&mut t, &out),
        Err(TillError::Archive(ArchiveError::Exists(_)))
    ));
}

#[test]
fn one_byte_edited_a_file_added_or_the_manifest_gone_is_caught() {
    let (f, mut t) = november_closed();
    let done = archive_to(&mut t, &f.dir.path().join("a")).unwrap();
    // One byte of a record's amount, then of each file in turn.
    for (k, file) in [
        "records.jsonl",
        "closings.jsonl",
        "README.txt",
        "manifest.json",
    ]
    .iter()
    .enumerate()
    {
        let dir = copy(&done.folder, &f.dir.path().join(format!("edit{k}")));
        let path = dir.join(file);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 2;
        bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
        std::fs::write(&path, bytes).unwrap();
        let why = invalid(&dir);
        assert!(!why.is_empty(), "{file}");
    }
    // The records edited and the manifest's digests made to match: the
    // manifest's signature no longer holds.
    let dir = copy(&done.folder, &f.dir.path().join("resigned"));
    let records = std::fs::read_to_string(dir.join("records.jsonl")).unwrap();
    let forged = records.replacen("\"seq\":2", "\"seq\":2 ", 1);
    std::fs::write(dir.join("records.jsonl"), &forged).unwrap();
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    for file in m["files"].as_array_mut().unwrap() {
        if file["name"] == "records.jsonl" {
            use sha2::Digest as _;
            file["bytes"] = forged.len().into();
            file["sha256"] = data_encoding::HEXLOWER
                .encode(&sha2::Sha256::digest(forged.as_bytes()))
                .into();
        }
    }
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_vec_pretty(&m).unwrap(),
    )
    .unwrap();
    assert!(invalid(&dir).contains("not signed"));
    // A file added.
    let dir = copy(&done.folder, &f.dir.path().join("added"));
    std::fs::write(dir.join("extra.csv"), "x").unwrap();
    assert!(invalid(&dir).contains("extra.csv"));
    // No manifest: an archive never finished.
    let dir = copy(&done.folder, &f.dir.path().join("unfinished"));
    std::fs::remove_file(dir.join("manifest.json")).unwrap();
    assert!(matches!(
        archive::verify(&dir),
        Err(ArchiveError::Incomplete(_))
    ));
    // The untouched one still holds.
    archive::verify(&done.folder).unwrap();
}

#[test]
fn refusals_keep_nothing_and_record_nothing() {
    let (f, mut t) = Fixture::demo();
    let by = common::system(&t);
    let out = f.dir.path().join("out");
    // November is not closed.
    let rows = f.rows();
    assert!(matches!(
        archive_to(&mut t, &out),
        Err(TillError::Archive(ArchiveError::NotClosed(l))) if l == "2026-11"
    ));
    assert_eq!(f.rows(), rows);
    assert!(!out.exists());
    // A clerk may not.
    let clerk = guichet::operators::Operator {
        role: guichet::domain::operator::Role::Clerk,
        ..by
    };
    assert!(matches!(
        archive::archive(
            &mut t.store,
            &t.signer,
            &clerk,
            (Period::Month, "2026-11"),
            &out,
            december()
        ),
        Err(TillError::NotAllowed(_))
    ));
    drop(t);
    // A folder that cannot be written: its parent is a file.
    let (f, mut t) = november_closed();
    let file = f.dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let rows = f.rows();
    let refused = archive_to(&mut t, &file.join("archives"));
    assert!(
        matches!(refused, Err(TillError::Archive(ArchiveError::Write { .. }))),
        "{refused:?}"
    );
    assert_eq!(f.rows(), rows, "nothing recorded");
    // A folder left by an interrupted run is not an archive, and the next
    // run replaces it.
    let out = f.dir.path().join("archives");
    let leftover = out.join(".guichet-archive-2026-11-x.partial");
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(leftover.join("records.jsonl"), "{").unwrap();
    assert!(matches!(
        archive::verify(&leftover),
        Err(ArchiveError::Incomplete(_))
    ));
    let done = archive_to(&mut t, &out).unwrap();
    archive::verify(&done.folder).unwrap();
}

#[test]
fn the_command_line_archives_and_checks() {
    let (f, t) = november_closed();
    drop(t);
    let db = f.db.to_str().unwrap();
    let out = f.dir.path().join("archives");
    let december = december().to_rfc3339();
    let archive = || {
        common::command(
            db,
            &[
                "archive",
                "--period",
                "2026-11",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .env(guichet::terminal::CLOCK_ENV, &december)
        .env("GUICHET_OPERATOR", common::DEMO_ADMIN.0)
        .env("GUICHET_PIN", common::DEMO_ADMIN.1)
        .output()
        .unwrap()
    };
    // With room: written, then checked.
    let ok = archive();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let folder = std::fs::read_dir(&out)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let check = common::binary()
        .args(["verify-archive", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success());
    let said = String::from_utf8_lossy(&check.stdout).into_owned();
    assert!(said.contains("holds"), "{said}");
    // The key it was signed with, to compare with the till's.
    let keys = common::guichet(db, &["key", "list"]);
    let key_id = f
        .raw()
        .query_row("SELECT key_id FROM terminal_key", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();
    assert!(said.contains(&key_id), "{said}");
    assert!(String::from_utf8_lossy(&keys.stdout).contains(&key_id));
    // One byte changed: exit 1, saying where.
    let path = folder.join("records.jsonl");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let check = common::binary()
        .args(["verify-archive", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("records.jsonl"));
}

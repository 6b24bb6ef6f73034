//! The command line: the same jobs as the window, scriptable, never
//! prompting, with exit codes and messages that say what to do.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::Fixture;

fn guichet(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = common::binary()
        .args(args)
        .env_remove("GUICHET_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("guichet runs");
    if let Some(text) = stdin {
        // A command refused before it reads its input closes the pipe.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn demo_setup_of_a_database_and_its_refusal_the_second_time() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    let out = guichet(&["--db", db, "demo"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Théâtre des Quais — 3 halls (450 seats), 12 shows"),
        "{stdout}"
    );
    assert!(
        stdout.contains("operator Lucas Martin (clerk), PIN 1793"),
        "{stdout}"
    );
    // Once set up, the database needs an operator and their PIN.
    let again = guichet(&["demo", "--db", db], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("say who acts with --operator NAME"),
        "{}",
        text(&again.stderr)
    );
    let again = guichet(
        &["demo", "--db", db, "--operator", "Camille Roche"],
        Some("2468\n"),
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already holds a venue"),
        "{}",
        text(&again.stderr)
    );
    let info = guichet(&["--db", db, "info"], None);
    let info = text(&info.stdout);
    assert!(
        info.contains("— demo") && info.contains("41 performances"),
        "{info}"
    );
    assert!(info.contains("journal wal, synchronous 2"), "{info}");
    assert!(
        info.contains("Caisse 1: signs with key") && info.contains("(number 1;"),
        "{info}"
    );
}

#[test]
fn the_database_can_come_from_the_environment() {
    let f = Fixture::new();
    let out = common::binary()
        .arg("demo")
        .env("GUICHET_DB", &f.db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(f.db.exists());
}

#[test]
fn setup_reads_the_pin_from_standard_input_and_never_prompts() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    let args = [
        "--db",
        db,
        "setup",
        "--name",
        "Salle Lafontaine",
        "--country",
        "QC",
        "--admin",
        "Ana Tremblay",
    ];
    let no_pin = guichet(&args, None);
    assert_eq!(no_pin.status.code(), Some(2));
    assert!(text(&no_pin.stderr).contains("no PIN on standard input"));
    let weak = guichet(&args, Some("1111\n"));
    assert_eq!(weak.status.code(), Some(2));
    assert!(
        text(&weak.stderr).contains("too easy to guess"),
        "{}",
        text(&weak.stderr)
    );
    let ok = guichet(&args, Some("2580\n"));
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let info = text(&guichet(&["--db", db, "info"], None).stdout);
    assert!(
        info.contains("Salle Lafontaine (QC, CAD, America/Toronto)"),
        "{info}"
    );
    let add = guichet(
        &[
            "--db",
            db,
            "--operator",
            "Ana Tremblay",
            "operator",
            "add",
            "Léa Roy",
            "--role",
            "clerk",
        ],
        Some("2580\n3691\n"),
    );
    assert_eq!(add.status.code(), Some(0), "{}", text(&add.stderr));
    let by_clerk = guichet(
        &[
            "--db",
            db,
            "--operator",
            "Léa Roy",
            "operator",
            "add",
            "Max",
            "--role",
            "admin",
        ],
        Some("3691\n4826\n"),
    );
    assert_eq!(by_clerk.status.code(), Some(2));
    assert!(text(&by_clerk.stderr).contains("only an administrator"));
    let list = text(&guichet(&["--db", db, "operator", "list"], None).stdout);
    assert!(
        list.contains("Ana Tremblay\tadmin\tactive") && list.contains("Léa Roy\tclerk"),
        "{list}"
    );
}

#[test]
fn a_foreign_file_is_refused_with_a_clear_message() {
    let f = Fixture::new();
    std::fs::write(&f.db, "name;email\nZoé;zoe@example.org\n").unwrap();
    let before = f.snapshot();
    for command in [["info"], ["verify"], ["demo"]] {
        let out = guichet(&["--db", f.db.to_str().unwrap(), command[0]], None);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("is not a Guichet database") && err.contains("left untouched"),
            "{err}"
        );
    }
    assert_eq!(f.snapshot(), before);
}

#[test]
fn bad_arguments_are_explained() {
    let out = guichet(&["--lang", "de", "info"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("use fr, fr-CA or en"));
    let out = guichet(
        &["setup", "--name", "X", "--country", "BE", "--admin", "Y"],
        None,
    );
    assert!(text(&out.stderr).contains("use FR or QC"));
}

#[test]
fn commands_that_need_a_database_do_not_make_one() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    let add = guichet(
        &["--db", db, "operator", "add", "Léa Roy", "--role", "clerk"],
        Some("3691\n"),
    );
    assert_eq!(add.status.code(), Some(2));
    assert!(text(&add.stderr).contains("make one with `guichet setup` or `guichet demo`"));
    let demo_as = guichet(&["--db", db, "--operator", "Léa Roy", "demo"], None);
    assert_eq!(demo_as.status.code(), Some(2));
    let folder = f.dir.path().join("season");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("season.json"), "{ not json").unwrap();
    let bad = guichet(
        &["--db", db, "demo", "--from", folder.to_str().unwrap()],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("is not valid"),
        "{}",
        text(&bad.stderr)
    );
    // Commands that only read say there is no database.
    for args in [&["training"][..], &["session", "show"][..]] {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        let out = guichet(&all, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("there is no database"),
            "{args:?}"
        );
    }
    for made in ["guichet.db", "guichet.db.key"] {
        assert!(!f.dir.path().join(made).exists(), "{made} was made");
    }
}

#[test]
fn the_demo_flag_never_opens_the_usual_database() {
    let f = Fixture::new();
    // --demo with GUICHET_DB: demo.db beside it, not the usual file.
    let out = common::binary()
        .args(["--demo", "demo"])
        .env("GUICHET_DB", &f.db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(f.dir.path().join("demo.db").exists());
    assert!(!f.db.exists());
}

#[test]
fn the_venue_s_logo_on_the_command_line() {
    let f = Fixture::new();
    let db = f.db.to_str().unwrap();
    assert_eq!(guichet(&["--db", db, "demo"], None).status.code(), Some(0));
    let shown = text(&guichet(&["--db", db, "venue", "logo"], None).stdout);
    assert!(shown.starts_with("logo: PNG, 640 × 180 pixels"), "{shown}");
    let as_admin = |args: &[&str]| {
        let mut all = vec!["--db", db, "--operator", "Camille Roche", "venue", "logo"];
        all.extend_from_slice(args);
        guichet(&all, Some("2468\n"))
    };
    let dir = tempfile::tempdir().unwrap();
    let jpeg = dir.path().join("logo.jpg");
    std::fs::write(&jpeg, b"\xff\xd8\xff\xe0\x00\x10JFIF").unwrap();
    let refused = as_admin(&[jpeg.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr)
            .contains("the file is a JPEG picture, not a PNG picture: save the picture as PNG"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(text(&as_admin(&["--remove"]).stdout), "logo removed\n");
    let none = text(&guichet(&["--db", db, "venue", "logo"], None).stdout);
    assert!(none.starts_with("no logo is set"), "{none}");
    let set = as_admin(&["assets/demo/logo.png"]);
    assert!(
        text(&set.stdout).starts_with("logo set: 640 × 180 pixels"),
        "{}",
        text(&set.stderr)
    );
    let out = dir.path().join("back.png");
    let written = guichet(
        &["--db", db, "venue", "logo", "--out", out.to_str().unwrap()],
        None,
    );
    assert_eq!(written.status.code(), Some(0));
    assert_eq!(
        std::fs::read(out).unwrap(),
        std::fs::read("assets/demo/logo.png").unwrap()
    );
}

//! A throw-away PostgreSQL cluster for the tests: Debian's postgresql-15
//! (installed by .ci/run), initialised in a temporary folder and started on
//! a free local port; stopped (immediately) when dropped. initdb refuses
//! root: as root, the cluster runs as `nobody`. Without PostgreSQL a test
//! says it was skipped, unless GUICHET_REQUIRE_POSTGRES is set (CI), where
//! its absence fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The superuser's password of every test cluster.
pub const PASSWORD: &str = "guichet-test";

pub struct Cluster {
    bin: PathBuf,
    pub dir: tempfile::TempDir,
    pub port: u16,
    root: bool,
}

/// Where PostgreSQL's programs are, if here.
fn bin() -> Option<PathBuf> {
    let dirs = std::env::var_os("GUICHET_PG_BIN")
        .map(PathBuf::from)
        .into_iter()
        .chain(
            (13..=17)
                .rev()
                .map(|v| PathBuf::from(format!("/usr/lib/postgresql/{v}/bin"))),
        );
    dirs.into_iter().find(|d| d.join("initdb").exists())
}

/// Whether a cluster can run here; when it cannot, says the test is
/// skipped (or fails it in CI).
pub fn available(test: &str) -> bool {
    let ok = bin().is_some();
    if !ok {
        assert!(
            std::env::var_os("GUICHET_REQUIRE_POSTGRES").is_none(),
            "PostgreSQL is needed (apt-get install postgresql-15)"
        );
        eprintln!("{test}: skipped, PostgreSQL is not installed");
    }
    ok
}

impl Cluster {
    /// A new cluster, started.
    pub fn start() -> Cluster {
        let bin = bin().expect("PostgreSQL's programs");
        let dir = tempfile::tempdir().expect("folder");
        let root = unsafe { libc::geteuid() } == 0;
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, PASSWORD).unwrap();
        if root {
            // nobody owns the cluster's folder and reads the password file
            for p in [dir.path(), pwfile.as_path()] {
                std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
            }
        }
        let data = dir.path().join("data");
        let cluster = Cluster {
            bin,
            port: free_port(),
            dir,
            root,
        };
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--pwfile",
                pwfile.to_str().unwrap(),
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        // The port was free when chosen: another process may take it
        // before the server binds it; then another port.
        let mut cluster = cluster;
        for _ in 0..5 {
            if cluster.try_pg_ctl(&["start", "-w", "-t", "60"]) {
                return cluster;
            }
            cluster.port = free_port();
        }
        panic!(
            "PostgreSQL did not start: {}",
            std::fs::read_to_string(cluster.dir.path().join("log")).unwrap_or_default()
        );
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self.output(program, args);
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn output(&self, program: &str, args: &[&str]) -> std::process::Output {
        let exe = self.bin.join(program);
        let mut cmd = if self.root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args).output().expect("PostgreSQL runs")
    }

    /// `pg_ctl` on this cluster (its port, socket folder and log set).
    pub fn pg_ctl(&self, args: &[&str]) {
        assert!(self.try_pg_ctl(args), "pg_ctl {args:?} failed");
    }

    /// `pg_ctl`, saying whether it succeeded.
    fn try_pg_ctl(&self, args: &[&str]) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let data = self.data();
        let log = self.dir.path().join("log");
        let mut all = vec!["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        all.extend_from_slice(&["-o", &options]);
        all.extend_from_slice(args);
        self.output("pg_ctl", &all).status.success()
    }

    /// A superuser's connection words for database `db`.
    pub fn url(&self, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres password={PASSWORD} dbname={db}",
            self.port
        )
    }

    /// Creates an empty database; its superuser's connection words.
    pub fn database(&self, name: &str) -> String {
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        self.url(name)
    }

    /// Stops the server dead (`-m immediate`: no checkpoint, as a power
    /// cut would) and starts it again on the same port.
    pub fn restart_immediately(&self) {
        self.pg_ctl(&["stop", "-m", "immediate", "-w"]);
        self.pg_ctl(&["start", "-w", "-t", "60"]);
    }

    /// The folder the cluster lives in.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(|| self.pg_ctl(&["stop", "-m", "immediate"]));
    }
}

/// A terminal's login in the central database it joined.
pub fn login(t: &guichet::terminal::Terminal) -> String {
    guichet::central::joined(&t.store)
        .unwrap()
        .expect("joined")
        .split_whitespace()
        .find_map(|w| w.strip_prefix("user=").map(str::to_owned))
        .unwrap()
}

/// A terminal's number in the central database at `url` (a superuser's).
pub fn terminal_number(url: &str, t: &guichet::terminal::Terminal) -> i64 {
    let mut owner = postgres::Client::connect(url, postgres::NoTls).unwrap();
    owner
        .query_one(
            "SELECT id FROM guichet.terminal WHERE login = $1",
            &[&login(t)],
        )
        .unwrap()
        .get(0)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

//! A real SMTP server for the tests: tests/smtp/server.py on Python's
//! aiosmtpd (Debian's python3-aiosmtpd, installed by .ci/run). Without it a
//! test says it was skipped, unless GUICHET_REQUIRE_SMTP is set (CI), where
//! its absence fails the test.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const PYTHON: &str = "/usr/bin/python3";

pub struct Smtp {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

/// The folder of the test server and its certificates.
pub fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp")
}

/// Whether the server can run here; when it cannot, says the test is
/// skipped (or fails it in CI).
pub fn available(test: &str) -> bool {
    let ok = Command::new(PYTHON)
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("GUICHET_REQUIRE_SMTP").is_none(),
            "python3-aiosmtpd is needed (apt-get install python3-aiosmtpd)"
        );
        eprintln!("{test}: skipped, python3-aiosmtpd is not installed");
    }
    ok
}

impl Smtp {
    /// Starts a server: `args` as server.py takes them (`--tls starttls`,
    /// `--user u --password p`).
    pub fn start(args: &[&str]) -> Smtp {
        let dir = tempfile::tempdir().expect("folder");
        let mut child = Command::new(PYTHON)
            .arg(here().join("server.py"))
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("server starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("server says its port");
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("server said {line:?}"));
        Smtp { child, port, dir }
    }

    /// The messages taken, in order: their recipients and their bytes.
    pub fn messages(&self) -> Vec<(Vec<String>, String)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let rcpt = std::fs::read_to_string(p.with_extension("rcpt")).unwrap();
                (
                    rcpt.lines().map(str::to_owned).collect(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on.
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A part of a message: its headers (names in lower case) and its body,
/// decoded.
#[derive(Debug)]
pub struct Part {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub parts: Vec<Part>,
}

impl Part {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("text/plain")
    }

    /// Every leaf part, depth first.
    pub fn leaves(&self) -> Vec<&Part> {
        if self.parts.is_empty() {
            return vec![self];
        }
        self.parts.iter().flat_map(|p| p.leaves()).collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads a MIME message as lettre writes it (enough for the tests).
pub fn parse(raw: &str) -> Part {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_lowercase(), v.trim().to_owned()));
        }
    }
    let get = |n: &str| {
        headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ctype = get("content-type");
    if ctype.starts_with("multipart/") {
        let boundary = ctype
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))
            .unwrap()
            .trim_matches('"')
            .to_owned();
        let mut parts = Vec::new();
        for chunk in body.split(&format!("--{boundary}")).skip(1) {
            if chunk.starts_with("--") {
                break;
            }
            parts.push(parse(chunk.trim_start_matches('\n')));
        }
        return Part {
            headers,
            body: Vec::new(),
            parts,
        };
    }
    let body = match get("content-transfer-encoding").to_lowercase().as_str() {
        "base64" => {
            let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            data_encoding::BASE64.decode(clean.as_bytes()).unwrap()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.trim_end_matches('\n').as_bytes().to_vec(),
    };
    Part {
        headers,
        body,
        parts: Vec::new(),
    }
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for line in text.trim_end_matches('\n').split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                let hex = std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())]).unwrap_or("");
                if let Ok(v) = u8::from_str_radix(hex, 16) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(b[i]);
            i += 1;
        }
        if !soft {
            out.push(b'\n');
        }
    }
    out
}

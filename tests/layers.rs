//! The layer rules of Guichet, checked by reading `src/` (standard library only).
//!
//! The top-level modules are "rooms": `domain` (pure rules), `store` (all SQL),
//! `ledger` (the signed journal), the job rooms (`operators`, `programming`,
//! ...), `terminal` (this computer: clock, paths), `ui` (the window) and `cli`
//! (the binary: `src/main.rs` and `src/cli/`). Each rule is one test below; a
//! failure lists every violation as `src/file.rs:LINE: what is wrong: the line`.
//!
//! The reader is a small lexer, not a compiler: comments and the text of string
//! and char literals are dropped, `#[cfg(test)] mod NAME { ... }` blocks are
//! skipped (unit tests may reach anything), and the rest is split into tokens.
//! Paths (`crate::store::Tx`, `use crate::{domain::Locale, store::{self, Tx}}`)
//! are expanded out of their groups, and `super`/`self` resolved, before the
//! rules look at them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The job rooms: they may use each other, and everything below them.
const JOBS: &[&str] = &[
    "operators",
    "programming",
    "counter",
    "tickets",
    "door",
    "audience",
    "till",
    "exchange",
    "central",
    "backup",
];
/// The longest function allowed, in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 120;

// ---------------------------------------------------------------- reading

/// A token of code (a word, `::`, or one punctuation character) and its line.
#[derive(Clone, Debug)]
struct Tok {
    text: String,
    line: usize,
}

/// A path as written (`crate::store::Tx`), each segment with its line.
type SrcPath = Vec<(String, usize)>;

/// One source file, read and lexed, test modules left out.
struct File {
    path: String,
    raw: Vec<String>,
    tokens: Vec<Tok>,
    strings: Vec<(usize, String)>,
}

impl File {
    fn parse(path: &str, src: &str) -> File {
        let (code, strings) = lex(src);
        let (tokens, cut) = drop_test_modules(tokenize(&code));
        let in_tests = |line: usize| cut.iter().any(|&(a, b)| a <= line && line <= b);
        File {
            path: path.to_string(),
            raw: src.lines().map(str::to_string).collect(),
            tokens,
            strings: strings.into_iter().filter(|(l, _)| !in_tests(*l)).collect(),
        }
    }

    /// The module this file is, within its crate: `src/a/b.rs` and
    /// `src/a/b/mod.rs` are `[a, b]`; `src/lib.rs` and `src/main.rs` are `[]`.
    fn module(&self) -> Vec<String> {
        let rel = self.path.trim_start_matches("src/").trim_end_matches(".rs");
        let mut m: Vec<String> = rel.split('/').map(str::to_string).collect();
        if matches!(m.last().map(String::as_str), Some("mod" | "lib" | "main")) {
            m.pop();
        }
        m
    }

    /// The room the file belongs to; `src/main.rs` and `src/cli/**` are `cli`.
    fn room(&self) -> String {
        if self.path == "src/main.rs" {
            "cli".into()
        } else {
            self.module().first().cloned().unwrap_or_default()
        }
    }

    /// One reported violation, in the `file:line: what: the line` form.
    fn at(&self, line: usize, what: &str) -> String {
        let text = self.raw.get(line.wrapping_sub(1)).map_or("", |l| l.trim());
        format!("{}:{line}: {what}: {text}", self.path)
    }
}

/// Every `.rs` file under `root/src`, sorted by path.
fn sources(root: &Path) -> Vec<File> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src/").flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out)
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p)
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root.join("src"), &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            File::parse(
                &rel,
                &std::fs::read_to_string(p).expect("read a source file"),
            )
        })
        .collect()
}

fn tree() -> Vec<File> {
    sources(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits code from the rest: returns the code with comments removed and each
/// literal replaced by `""` or `' '` (newlines kept, so lines still match), and
/// the text of every string literal with the line it starts on.
fn lex(src: &str) -> (String, Vec<(usize, String)>) {
    let c: Vec<char> = src.chars().collect();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let (mut code, mut strings, mut i, mut line) = (String::new(), Vec::new(), 0, 1);
    while i < c.len() {
        let start = i;
        if at(i) == '/' && at(i + 1) == '/' {
            while i < c.len() && at(i) != '\n' {
                i += 1
            }
        } else if at(i) == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if at(i) == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2
                } else if at(i) == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2
                } else {
                    i += 1
                }
                if depth == 0 || i >= c.len() {
                    break;
                }
            }
        } else if let Some(hashes) = raw_string_hashes(&c, i) {
            let body = c[i..].iter().position(|&x| x == '"').unwrap() + i + 1;
            let close = |j: usize| at(j) == '"' && (1..=hashes).all(|k| at(j + k) == '#');
            i = body;
            while i < c.len() && !close(i) {
                i += 1
            }
            strings.push((line, c[body..i.min(c.len())].iter().collect()));
            i += 1 + hashes;
            code.push_str("\"\"");
        } else if at(i) == '"' {
            i += 1;
            while i < c.len() && at(i) != '"' {
                i += if at(i) == '\\' { 2 } else { 1 }
            }
            strings.push((line, c[start + 1..i.min(c.len())].iter().collect()));
            i += 1;
            code.push_str("\"\"");
        } else if at(i) == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'') {
            i += if at(i + 1) == '\\' { 3 } else { 2 };
            while i < c.len() && at(i) != '\'' {
                i += 1
            }
            i += 1;
            code.push_str("' '");
        } else {
            code.push(at(i));
            i += 1;
        }
        // Newlines inside a comment or literal are kept, so lines still match.
        let newlines = c[start..i.min(c.len())]
            .iter()
            .filter(|&&x| x == '\n')
            .count();
        line += newlines;
        if i - start > 1 {
            code.extend(std::iter::repeat_n('\n', newlines))
        }
    }
    (code, strings)
}

/// If a raw string (`r"`, `r#"`, `br"`, `cr#"`...) starts at `i`, its number of `#`.
fn raw_string_hashes(c: &[char], i: usize) -> Option<usize> {
    let fresh = |j: usize| j == 0 || !is_ident(c[j - 1]);
    let r = match c.get(i)? {
        'r' if fresh(i) => i,
        'b' | 'c' if fresh(i) && c.get(i + 1) == Some(&'r') => i + 1,
        _ => return None,
    };
    let hashes = c[r + 1..].iter().take_while(|&&x| x == '#').count();
    (c.get(r + 1 + hashes) == Some(&'"')).then_some(hashes)
}

/// Cuts lexed code into tokens: words, `::`, and single punctuation characters.
fn tokenize(code: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    for (n, text) in code.lines().enumerate() {
        let c: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < c.len() {
            let start = i;
            if is_ident(c[i]) {
                while i < c.len() && is_ident(c[i]) {
                    i += 1
                }
            } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
                i += 2;
            } else {
                i += 1;
                if c[start].is_whitespace() {
                    continue;
                }
            }
            toks.push(Tok {
                text: c[start..i].iter().collect(),
                line: n + 1,
            });
        }
    }
    toks
}

/// The text of token `i`, or "" past either end.
fn text(t: &[Tok], i: usize) -> &str {
    t.get(i).map_or("", |t| t.text.as_str())
}

fn is_word(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// The index of the bracket closing the one opened at `open` (or the last token).
fn matching(t: &[Tok], open: usize) -> usize {
    let (o, c) = match text(t, open) {
        "(" => ("(", ")"),
        "[" => ("[", "]"),
        _ => ("{", "}"),
    };
    let mut depth = 0;
    for (j, tok) in t.iter().enumerate().skip(open) {
        if tok.text == o {
            depth += 1
        }
        if tok.text == c {
            depth -= 1;
            if depth == 0 {
                return j;
            }
        }
    }
    t.len().saturating_sub(1)
}

/// Leaves out each `#[cfg(test)] mod NAME { ... }`; returns the tokens kept and
/// the line ranges left out.
fn drop_test_modules(t: Vec<Tok>) -> (Vec<Tok>, Vec<(usize, usize)>) {
    let (mut kept, mut cut, mut i) = (Vec::new(), Vec::new(), 0);
    while i < t.len() {
        let head = ["#", "[", "cfg", "(", "test", ")", "]"];
        let mut j = i + head.len();
        let is_test = head.iter().enumerate().all(|(k, h)| text(&t, i + k) == *h);
        while is_test && text(&t, j) == "#" && text(&t, j + 1) == "[" {
            j = matching(&t, j + 1) + 1; // more attributes, such as #[allow(...)]
        }
        if is_test && text(&t, j) == "pub" {
            j = if text(&t, j + 1) == "(" {
                matching(&t, j + 1) + 1
            } else {
                j + 1
            };
        }
        if is_test && text(&t, j) == "mod" && is_word(text(&t, j + 1)) && text(&t, j + 2) == "{" {
            let close = matching(&t, j + 2);
            cut.push((t[i].line, t[close].line));
            i = close + 1;
        } else {
            kept.push(t[i].clone());
            i += 1;
        }
    }
    (kept, cut)
}

/// Every path in the code, expanded out of `{...}` groups. A path starts at a
/// word followed by `::` (or after `use`), not in the middle of another path.
fn paths(t: &[Tok]) -> Vec<SrcPath> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let prev = text(t, i.wrapping_sub(1));
        let before = text(t, i.wrapping_sub(2)); // `::std::fs` starts a path, `Vec::<u8>::new` does not
        let fresh = prev != "::" || before == "use" || !(is_word(before) || before == ">");
        if is_word(&t[i].text) && fresh && (text(t, i + 1) == "::" || prev == "use") {
            i = use_tree(t, i, Vec::new(), &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads one path or use-tree at `i` (`a::b::{c, d::{self, e}}`), pushing each
/// complete path (after `prefix`) onto `out`; returns the index after it.
fn use_tree(t: &[Tok], mut i: usize, mut prefix: SrcPath, out: &mut Vec<SrcPath>) -> usize {
    loop {
        match text(t, i) {
            "{" => {
                i += 1;
                while i < t.len() && text(t, i) != "}" {
                    if text(t, i) != "," {
                        i = use_tree(t, i, prefix.clone(), out)
                    }
                    while i < t.len() && !matches!(text(t, i), "," | "}") {
                        i += 1
                    } // `as x`
                    if text(t, i) == "," {
                        i += 1
                    }
                }
                return i + 1;
            }
            w if is_word(w) || w == "*" => prefix.push((w.to_string(), t[i].line)),
            _ => break,
        }
        i += 1;
        if text(t, i) != "::" {
            break;
        }
        i += 1;
    }
    if prefix.len() > 1 && prefix.last().is_some_and(|s| s.0 == "self") {
        prefix.pop();
    }
    if !prefix.is_empty() {
        out.push(prefix)
    }
    i
}

/// Resolves a path against the module it is written in: `crate::`, `super::`
/// and `self::` become a module path from the crate root, with the line of the
/// first segment after them. Other paths (external crates, local names): None.
fn resolve(module: &[String], path: &SrcPath) -> Option<(Vec<String>, usize)> {
    let mut base = module.to_vec();
    let rest = match path[0].0.as_str() {
        "crate" => {
            base.clear();
            &path[1..]
        }
        "self" => &path[1..],
        "super" => {
            let ups = path.iter().take_while(|s| s.0 == "super").count();
            base.truncate(base.len().checked_sub(ups)?);
            &path[ups..]
        }
        _ => return None,
    };
    let line = rest.first().unwrap_or(&path[0]).1;
    base.extend(rest.iter().map(|s| s.0.clone()));
    Some((base, line))
}

// ---------------------------------------------------------------- rule 1, 2: rooms

/// A use of another room: the room, the segment after it (`ui::i18n`), the line.
struct Dep {
    room: String,
    sub: String,
    line: usize,
}

/// The rooms a file uses: `crate::ROOM` (resolved from `super` too) in the
/// library, `guichet::ROOM` in the binary. Its own room is left out.
fn deps(f: &File) -> Vec<Dep> {
    let (own, module) = (f.room(), f.module());
    let mut out = Vec::new();
    for p in paths(&f.tokens) {
        let (abs, line) = if own == "cli" {
            if p[0].0 != "guichet" || p.len() < 2 {
                continue;
            }
            (p[1..].iter().map(|s| s.0.clone()).collect(), p[1].1)
        } else {
            match resolve(&module, &p) {
                Some(r) if !r.0.is_empty() => r,
                _ => continue,
            }
        };
        let repeated = out
            .last()
            .is_some_and(|d: &Dep| d.room == abs[0] && d.line == line);
        if abs[0] != own && abs[0] != "*" && !repeated {
            out.push(Dep {
                room: abs[0].clone(),
                sub: abs.get(1).cloned().unwrap_or_default(),
                line,
            });
        }
    }
    out
}

/// Rule 1: the rooms each room may use. `None`: the file is in no known room.
fn allowed(from: &str, to: &str, sub: &str, main_rs: bool) -> Option<bool> {
    let job = JOBS.contains(&to);
    Some(match from {
        "domain" => false,
        "store" => to == "domain",
        "ledger" => matches!(to, "domain" | "store"),
        r if JOBS.contains(&r) => job || matches!(to, "domain" | "store" | "ledger"),
        "terminal" => matches!(to, "domain" | "store" | "ledger" | "operators"),
        "ui" => job || matches!(to, "domain" | "terminal"),
        "cli" => {
            job || matches!(to, "domain" | "terminal") || (to == "ui" && (main_rs || sub == "i18n"))
        }
        _ => return None,
    })
}

fn check_dependencies(files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files.iter().filter(|f| f.path != "src/lib.rs") {
        if allowed(&f.room(), "domain", "", false).is_none() {
            found.push(f.at(1, &format!("file outside the known rooms (`{}`)", f.room())));
            continue;
        }
        for d in deps(f)
            .into_iter()
            .filter(|d| allowed(&f.room(), &d.room, &d.sub, f.path == "src/main.rs") != Some(true))
        {
            found.push(f.at(d.line, &format!("{} may not use {}", f.room(), d.room)));
        }
    }
    found
}

/// An edge of a dependency graph with the place that makes it (file, line).
type Edges<'a> = BTreeMap<(String, String), (&'a File, usize)>;

/// Every simple cycle of a graph, each once, from its smallest node (at most 200).
fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b)
    }
    fn walk<'a>(
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        out: &mut Vec<Vec<String>>,
    ) {
        for &n in next.get(path[path.len() - 1]).into_iter().flatten() {
            if out.len() >= 200 {
                return;
            }
            if n == path[0] {
                out.push(path.iter().map(|s| s.to_string()).collect())
            }
            if n > path[0] && !path.contains(&n) {
                path.push(n);
                walk(next, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in next.keys().copied().collect::<Vec<_>>() {
        walk(&next, &mut vec![start], &mut out)
    }
    out
}

/// Each cycle as one line per edge: `file:line: cycle a -> b -> a: a uses b: ...`.
fn report_cycles(edges: &Edges, kind: &str) -> Vec<String> {
    let mut found = Vec::new();
    for cycle in cycles(edges) {
        let names = format!("{} -> {}", cycle.join(" -> "), cycle[0]);
        for (k, a) in cycle.iter().enumerate() {
            let b = &cycle[(k + 1) % cycle.len()];
            let (f, line) = edges[&(a.clone(), b.clone())];
            found.push(f.at(line, &format!("{kind} cycle {names}: {a} uses {b}")));
        }
    }
    found
}

fn check_room_cycles(files: &[File]) -> Vec<String> {
    let mut edges = Edges::new();
    for f in files.iter().filter(|f| f.path != "src/lib.rs") {
        for d in deps(f) {
            let present = files.iter().any(|g| g.room() == d.room);
            if present {
                edges.entry((f.room(), d.room)).or_insert((f, d.line));
            }
        }
    }
    report_cycles(&edges, "room")
}

/// Rule 3: the edges between the files of one room folder. A file uses another
/// when one of its paths resolves into it, unless that other file is its own
/// module or an ancestor's `mod.rs` (the room's front door or a parent folder).
fn file_edges<'a>(files: &'a [File], room: &str) -> Edges<'a> {
    let inside: Vec<&File> = files
        .iter()
        .filter(|f| f.path.starts_with(&format!("src/{room}/")))
        .collect();
    let by_module: BTreeMap<Vec<String>, &File> = inside.iter().map(|f| (f.module(), *f)).collect();
    let mut edges = Edges::new();
    for f in inside.iter().filter(|f| f.module().len() > 1) {
        let own = f.module();
        for (abs, line) in paths(&f.tokens).iter().filter_map(|p| resolve(&own, p)) {
            let Some(target) = (1..=abs.len()).rev().find_map(|n| by_module.get(&abs[..n])) else {
                continue;
            };
            if !own.starts_with(&target.module()) {
                edges
                    .entry((f.path.clone(), target.path.clone()))
                    .or_insert((f, line));
            }
        }
    }
    edges
}

fn check_file_cycles(files: &[File]) -> Vec<String> {
    let rooms: BTreeSet<String> = files
        .iter()
        .filter(|f| f.module().len() > 1)
        .map(|f| f.module()[0].clone())
        .collect();
    rooms
        .iter()
        .flat_map(|r| report_cycles(&file_edges(files, r), "file"))
        .collect()
}

// ---------------------------------------------------------------- rules 4 to 9

fn check_clock(files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files.iter().filter(|f| f.path != "src/terminal/clock.rs") {
        for (k, tok) in f.tokens.iter().enumerate() {
            let clock = matches!(tok.text.as_str(), "Utc" | "Local" | "SystemTime");
            if clock && text(&f.tokens, k + 1) == "::" && text(&f.tokens, k + 2) == "now" {
                found.push(f.at(tok.line, "wall clock read outside src/terminal/clock.rs"));
            }
        }
    }
    found
}

fn check_domain_io(files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files.iter().filter(|f| f.room() == "domain") {
        for p in paths(&f.tokens) {
            let seg = |k: usize| p.get(k).map_or("", |s| s.0.as_str());
            let io = matches!(seg(0), "rusqlite" | "iced" | "printpdf" | "directories")
                || (seg(0) == "std" && matches!(seg(1), "fs" | "net" | "process"));
            let what = if seg(0) == "std" {
                format!("std::{}", seg(1))
            } else {
                seg(0).to_string()
            };
            if io {
                found.push(f.at(p.last().unwrap().1, &format!("I/O in domain ({what})")))
            }
        }
    }
    found
}

/// A string literal that reads as SQL: after blanks (`\n`, `\t` escapes and a `\`
/// line continuation too), SELECT, INSERT, UPDATE, DELETE, CREATE or PRAGMA,
/// then a blank.
fn is_sql(s: &str) -> bool {
    let blank = ["\\n", "\\t", "\\r", "\\\n", "\\\r\n"];
    let mut s = s.trim_start();
    while let Some(rest) = blank.iter().find_map(|b| s.strip_prefix(b)) {
        s = rest.trim_start()
    }
    ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "PRAGMA"]
        .iter()
        .any(|k| {
            s.strip_prefix(k)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_whitespace() || c == '\\'))
        })
}

fn check_sql(files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files.iter().filter(|f| f.room() != "store") {
        for t in f.tokens.iter().filter(|t| t.text == "rusqlite") {
            found.push(f.at(t.line, "rusqlite outside src/store/"));
        }
        for (line, _) in f.strings.iter().filter(|(_, s)| is_sql(s)) {
            found.push(f.at(*line, "SQL outside src/store/"));
        }
    }
    found
}

/// Two words in a row (letters, then a space or an apostrophe, then
/// letters): a sentence someone reads, not an id or a format.
fn has_words(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    let run = |mut k: usize| {
        let start = k;
        while k < c.len() && c[k].is_alphabetic() {
            k += 1
        }
        (k - start, k)
    };
    let mut k = 0;
    while k < c.len() {
        let (n, end) = run(k);
        if n >= 2 && end < c.len() && matches!(c[end], ' ' | '’' | '\'') && run(end + 1).0 >= 2 {
            return true;
        }
        k = end.max(k + 1);
    }
    false
}

fn check_words(files: &[File]) -> Vec<String> {
    let window = |f: &&File| f.path.starts_with("src/ui/") && !f.path.starts_with("src/ui/i18n/");
    let mut found = Vec::new();
    for f in files.iter().filter(window) {
        for (line, _) in f.strings.iter().filter(|(_, s)| has_words(s)) {
            let raw = f.raw.get(line - 1).map_or("", String::as_str);
            if !raw.contains("eprintln!") && !raw.contains("Font::with_name") {
                found.push(f.at(*line, "words outside src/ui/i18n/"));
            }
        }
    }
    found
}

fn check_iced(files: &[File]) -> Vec<String> {
    let outside = |f: &&File| f.room() != "ui" && f.path != "src/main.rs";
    files
        .iter()
        .filter(outside)
        .flat_map(|f| {
            paths(&f.tokens)
                .into_iter()
                .filter(|p| p[0].0 == "iced")
                .map(move |p| f.at(p[0].1, "iced outside the window"))
        })
        .collect()
}

/// Every function with a body: (line of `fn`, line of its closing brace).
fn functions(t: &[Tok]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in (0..t.len()).filter(|&i| t[i].text == "fn" && is_word(text(t, i + 1))) {
        let mut j = i + 2;
        while j < t.len() && !matches!(text(t, j), ";" | "{") {
            j = if matches!(text(t, j), "(" | "[") {
                matching(t, j) + 1
            } else {
                j + 1
            };
        }
        if text(t, j) == "{" {
            out.push((t[i].line, t[matching(t, j)].line))
        }
    }
    out
}

fn check_fn_length(files: &[File]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        for (start, end) in functions(&f.tokens)
            .into_iter()
            .filter(|(s, e)| e - s + 1 > MAX_FN_LINES)
        {
            found.push(f.at(
                start,
                &format!("function of {} lines (max {MAX_FN_LINES})", end - start + 1),
            ));
        }
    }
    found
}

fn check_folder_docs(files: &[File]) -> Vec<String> {
    files.iter().filter(|f| f.path.ends_with("/mod.rs"))
        .filter(|f| f.raw.iter().take_while(|l| l.trim_start().starts_with("//!")).count() < 2)
        .map(|f| f.at(1, "mod.rs must open with at least two `//!` lines (what the room holds, what it may use)"))
        .collect()
}

// ---------------------------------------------------------------- the rules

fn verdict(rule: &str, found: Vec<String>) {
    assert!(
        found.is_empty(),
        "{rule}: {} violation(s)\n{}\n",
        found.len(),
        found.join("\n")
    );
}

/// Rule 1. Rooms use only rooms below them: `domain` nothing; `store` domain;
/// `ledger` domain, store; job rooms domain, store, ledger and each other;
/// `terminal` domain, store, ledger, operators; `ui` domain, terminal, job
/// rooms; `cli` domain, terminal, job rooms and `ui::i18n` (main.rs: all `ui`).
/// Neither `ui` nor `cli` touches store or ledger.
#[test]
fn rule_1_rooms_use_only_allowed_rooms() {
    verdict("rule 1 (allowed dependencies)", check_dependencies(&tree()));
}

/// Rule 2. The rooms' dependency graph (rule 1's uses, allowed or not) has no
/// cycle; each cycle is listed with one line per use that makes it.
#[test]
fn rule_2_no_cycle_between_rooms() {
    verdict(
        "rule 2 (no cycle between rooms)",
        check_room_cycles(&tree()),
    );
}

/// Rule 3. Inside a room, files do not use each other in a circle. A file
/// uses another through `super::x`, `self::x` or `crate::room::x`; uses of its
/// own parents' `mod.rs` (the room's front door, `super::Error`) do not count.
#[test]
fn rule_3_no_cycle_between_files_of_a_room() {
    verdict(
        "rule 3 (no cycle between files of a room)",
        check_file_cycles(&tree()),
    );
}

/// Rule 4. The wall clock (`Utc::now`, `Local::now`, `SystemTime::now`) is read
/// only in src/terminal/clock.rs, so tests can set the time. `Instant::now` is fine.
#[test]
fn rule_4_wall_clock_only_in_terminal() {
    verdict(
        "rule 4 (wall clock only in src/terminal/clock.rs)",
        check_clock(&tree()),
    );
}

/// Rule 5. `domain` does no I/O: no rusqlite, iced, std::fs, std::net,
/// std::process, printpdf or directories.
#[test]
fn rule_5_domain_does_no_io() {
    verdict("rule 5 (no I/O in domain)", check_domain_io(&tree()));
}

/// Rule 6. SQL lives in store: `rusqlite`, and string literals starting with
/// SELECT, INSERT, UPDATE, DELETE, CREATE or PRAGMA, appear only in src/store/.
#[test]
fn rule_6_sql_only_in_store() {
    verdict("rule 6 (SQL only in src/store/)", check_sql(&tree()));
}

/// Rule 7. iced (`iced::`, `use iced`) appears only in src/ui/ and src/main.rs.
#[test]
fn rule_7_iced_only_in_the_window() {
    verdict(
        "rule 7 (iced only in src/ui/ and src/main.rs)",
        check_iced(&tree()),
    );
}

/// Rule 8. No function is longer than 120 lines, `fn` to closing brace.
#[test]
fn rule_8_no_function_over_120_lines() {
    verdict(
        "rule 8 (functions of at most 120 lines)",
        check_fn_length(&tree()),
    );
}

/// Rule 9. Each folder's mod.rs opens with two or more `//!` lines saying what
/// it holds and what it may use.
#[test]
fn rule_9_each_folder_says_what_it_holds() {
    verdict(
        "rule 9 (mod.rs opens with //! docs)",
        check_folder_docs(&tree()),
    );
}

/// Rule 10. What a person reads in the window is in src/ui/i18n (French,
/// Quebec French and English side by side): no string literal of the window
/// outside it holds two words in a row; lines written to the log
/// (`eprintln!`) are English on purpose, and a font's name is a name.
#[test]
fn rule_10_words_only_in_i18n() {
    verdict("rule 10 (words only in src/ui/i18n/)", check_words(&tree()));
}

/// Rule 11. The top level of the repository is the one the design asks for:
/// Cargo.toml, src/, assets/, schema.sql, tests/, README.md, and benches/,
/// migrations/, .ci/ (hidden files, Cargo.lock and the build's target/ aside).
#[test]
fn rule_11_the_top_level_is_the_designed_one() {
    const ALLOWED: &[&str] = &[
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "assets",
        "schema.sql",
        "tests",
        "README.md",
        "benches",
        "migrations",
        "target",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<String> = std::fs::read_dir(root)
        .expect("the repository's folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| !name.starts_with('.') && !ALLOWED.contains(&name.as_str()))
        .map(|name| format!("{name}: not part of the designed top level"))
        .collect();
    found.sort();
    verdict("rule 11 (top level)", found);
}

// ---------------------------------------------------------------- the reader, tested

mod reader {
    use super::*;

    fn one(path: &str, src: &str) -> [File; 1] {
        [File::parse(path, src)]
    }

    #[test]
    fn words_are_told_from_ids_and_formats() {
        assert!(has_words("Grande salle"));
        assert!(has_words("l’imprimante refuse"));
        assert!(!has_words("form-title"));
        assert!(!has_words("{} · {}"));
        assert!(!has_words("n° {n:06}"));
        let f = File::parse(
            "src/ui/screen/x.rs",
            "fn v() {\n t(\"Cyrano de Bergerac\");\n eprintln!(\"guichet: it failed\");\n}",
        );
        assert_eq!(check_words(&[f]).len(), 1);
    }

    #[test]
    fn grouped_imports_across_lines_are_seen() {
        let src = "use crate::{domain::Locale,\n    store::{self, Tx}};\nfn f() { crate::ledger::append(); }";
        assert_eq!(
            check_dependencies(&one("src/ui/x.rs", src)),
            [
                "src/ui/x.rs:2: ui may not use store: store::{self, Tx}};",
                "src/ui/x.rs:3: ui may not use ledger: fn f() { crate::ledger::append(); }",
            ]
        );
        let main = "use guichet::{ui::{self, i18n::T}, store::Store};";
        assert_eq!(check_dependencies(&one("src/main.rs", main)).len(), 1); // store; ui is fine in main.rs
        assert_eq!(check_dependencies(&one("src/cli/x.rs", main)).len(), 2); // cli: only ui::i18n
    }

    #[test]
    fn comments_literals_and_tests_are_ignored() {
        let src = r##"// crate::store
/* crate::store /* nested */ crate::store */ //! crate::store
fn f<'a>(x: &'a str) -> char { let _ = ("a \" crate::store \" b", r#"{ "crate::store" "#); '{' }
#[cfg(test)]
#[allow(unused)]
mod tests {
    use crate::store::Tx;
    fn g() { "SELECT x"; Utc::now(); }
}
struct After;"##;
        let f = one("src/domain/x.rs", src);
        assert!(
            check_dependencies(&f).is_empty()
                && check_sql(&f).is_empty()
                && check_clock(&f).is_empty()
        );
        assert_eq!(functions(&f[0].tokens), [(3, 3)]);
    }

    #[test]
    fn super_resolves_against_the_file_module() {
        let p = |s: &str| paths(&tokenize(s)).remove(0);
        let m = |s: &str| File::parse(s, "").module();
        assert_eq!(
            m("src/programming/detail/mod.rs"),
            ["programming", "detail"]
        );
        assert_eq!(
            resolve(&m("src/a/b.rs"), &p("super::c::X")).unwrap().0,
            ["a", "c", "X"]
        );
        assert_eq!(
            resolve(&m("src/a/b/mod.rs"), &p("super::super::d"))
                .unwrap()
                .0,
            ["d"]
        );
        assert_eq!(
            check_dependencies(&one("src/store/x.rs", "use super::super::ledger::Kind;")),
            ["src/store/x.rs:1: store may not use ledger: use super::super::ledger::Kind;",]
        );
    }

    #[test]
    fn file_cycles_are_found_but_parent_uses_are_not_edges() {
        let files = [
            File::parse(
                "src/counter/mod.rs",
                "//! a\n//! b\nmod a; mod b;\npub struct E;",
            ),
            File::parse("src/counter/a.rs", "use super::{E, b::f};"),
            File::parse(
                "src/counter/b.rs",
                "use super::E;\nfn f() { crate::counter::a::g() }",
            ),
        ];
        assert_eq!(
            check_file_cycles(&files),
            [
                "src/counter/a.rs:1: file cycle src/counter/a.rs -> src/counter/b.rs -> src/counter/a.rs: \
             src/counter/a.rs uses src/counter/b.rs: use super::{E, b::f};",
                "src/counter/b.rs:2: file cycle src/counter/a.rs -> src/counter/b.rs -> src/counter/a.rs: \
             src/counter/b.rs uses src/counter/a.rs: fn f() { crate::counter::a::g() }",
            ]
        );
        assert!(check_folder_docs(&files).is_empty());
        assert!(check_file_cycles(&files[..2]).is_empty());
        let nested = [
            File::parse(
                "src/counter/d/mod.rs",
                "mod v;\npub struct S;\nfn f() { self::v::g() }",
            ),
            File::parse("src/counter/d/v.rs", "use super::S;\nuse super::super::E;"),
        ];
        assert!(check_file_cycles(&nested).is_empty()); // v uses its parents: no edge back
    }

    #[test]
    fn room_cycles_clock_sql_iced_io_and_long_functions_are_found() {
        let long = format!(
            "trait T {{ fn g(&self); }}\nfn f() {{{}}}\n",
            "\n".repeat(MAX_FN_LINES)
        );
        let files = [
            File::parse(
                "src/counter/x.rs",
                "use crate::tickets::T;\nlet t = chrono::Utc::now();",
            ),
            File::parse(
                "src/tickets/x.rs",
                "use crate::counter::C;\nconst Q: &str = r\"  INSERT INTO t\";",
            ),
            File::parse(
                "src/door/x.rs",
                "use iced::widget;\nuse rusqlite::Connection;\nlet q = \"\\\n  DELETE FROM t\";",
            ),
            File::parse(
                "src/domain/x.rs",
                &format!("use std::{{io, fs}};\n{long}::std::process::exit(1);"),
            ),
        ];
        assert_eq!(check_room_cycles(&files).len(), 2);
        assert_eq!(
            check_clock(&files),
            [
                "src/counter/x.rs:2: wall clock read outside src/terminal/clock.rs: let t = chrono::Utc::now();"
            ]
        );
        assert_eq!(check_sql(&files).len(), 3);
        assert_eq!(check_iced(&files).len(), 1);
        assert_eq!(check_domain_io(&files).len(), 2);
        assert_eq!(
            check_fn_length(&files),
            ["src/domain/x.rs:3: function of 121 lines (max 120): fn f() {"]
        );
        assert!(
            check_folder_docs(&one("src/door/mod.rs", "//! Only one line.\nmod x;")).len() == 1
        );
    }
}

//! `guichet backup`, `backups`, `backup-places` and `restore`: backups a
//! venue can count on, and the one step that brings one back.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{Failure, Run};
use guichet::backup::{self, BackupError, Keep};
use guichet::terminal::Terminal;

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Back up now: into the folder beside the database and the second
    /// place, if one was chosen (or only into --out). Exit 1 when a place
    /// failed (saying why)
    Now {
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// The backups kept, newest first, in each place
    List {
        #[arg(long)]
        json: bool,
    },
    /// Where backups go besides the folder beside the database, and what
    /// is kept (an administrator's --operator)
    Places {
        /// A second place (a USB stick, a share), or `off`
        #[arg(long, value_name = "DIR|off")]
        second: Option<String>,
        /// What is kept: DAILY,MONTHLY (every year's is kept too)
        #[arg(long, value_name = "DAILY,MONTHLY")]
        keep: Option<String>,
    },
    /// Check a backup without restoring it: exit 0 when it holds, 1 when not
    Check { file: PathBuf },
    /// Seal this terminal's key with a passphrase (an administrator's
    /// --operator; the passphrase from GUICHET_BACKUP_PASSPHRASE or the
    /// next line of standard input): from then on each backup holds the
    /// key, sealed, and a restore on a new machine opens it with it
    Passphrase,
}

pub fn backup(run: &Run, command: BackupCommand) -> Result<(), Failure> {
    match command {
        BackupCommand::Now { out } => now(run, out),
        BackupCommand::List { json } => list(run, json),
        BackupCommand::Places { second, keep } => places(run, second, keep),
        BackupCommand::Passphrase => passphrase(run),
        BackupCommand::Check { file } => {
            let manifest = backup::check(&file).map_err(refused)?;
            println!("{} holds: {}", file.display(), holds(&manifest));
            Ok(())
        }
    }
}

fn refused(e: BackupError) -> Failure {
    Failure(e.to_string(), 1)
}

fn holds(m: &backup::Manifest) -> String {
    let h = &m.holds;
    format!(
        "{} — made {} — {} orders, {} tickets, {} patrons, last sale {} — ledger {}",
        h.venue,
        m.made_at.format("%Y-%m-%d %H:%M UTC"),
        h.orders,
        h.tickets,
        h.patrons,
        h.last_sale_at
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map_or("none".into(), |t| t
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()),
        m.ledger
    )
}

fn now(run: &Run, out: Option<PathBuf>) -> Result<(), Failure> {
    let mut t = Terminal::open(run.db(), run.clock.clone())?;
    let now = run.now();
    let round = match out {
        Some(dir) => backup::make(&t.store, &dir, true, now)
            .map(|made| backup::Round {
                made: vec![made],
                ..backup::Round::default()
            })
            .map_err(refused)?,
        None => backup::run(&mut t.store, now).map_err(refused)?,
    };
    for made in &round.made {
        println!("{}: {}", made.file.display(), holds(&made.manifest));
    }
    match round.failed.first() {
        Some(e) => Err(Failure(e.to_string(), 1)),
        None => Ok(()),
    }
}

fn list(run: &Run, as_json: bool) -> Result<(), Failure> {
    let t = Terminal::open(run.db(), run.clock.clone())?;
    let mut places = vec![backup::default_place(t.store.path())];
    places.extend(backup::second_place(&t.store).map_err(refused)?);
    let mut all = Vec::new();
    for place in &places {
        for made in backup::list(place) {
            if !as_json {
                println!("{}\t{}", made.file.display(), holds(&made.manifest));
            }
            all.push(json!({"file": made.file, "manifest": made.manifest}));
        }
    }
    if as_json {
        println!("{}", serde_json::Value::Array(all));
    }
    Ok(())
}

fn places(run: &Run, second: Option<String>, keep: Option<String>) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let keep = match keep.as_deref() {
        None => None,
        Some(text) => Some(
            text.split_once(',')
                .and_then(|(d, m)| Some((d.trim().parse().ok()?, m.trim().parse().ok()?)))
                .ok_or(BackupError::Keep)
                .and_then(|(d, m)| Keep::new(d, m))
                .map_err(refused)?,
        ),
    };
    let second = second.as_deref().map(str::trim).map(|dir| match dir {
        "off" => None,
        dir => Some(std::path::Path::new(dir)),
    });
    backup::set_places(&mut t.store, &by, second, keep).map_err(refused)?;
    let keep = backup::keep(&t.store).map_err(refused)?;
    match backup::second_place(&t.store).map_err(refused)? {
        Some(p) => println!("backups go beside the database and to {}", p.display()),
        None => println!("backups go beside the database only"),
    }
    println!(
        "kept: the last {} days, {} months, and every year",
        keep.daily, keep.monthly
    );
    Ok(())
}

fn passphrase(run: &Run) -> Result<(), Failure> {
    let (t, by) = run.open(false)?;
    let passphrase = match std::env::var("GUICHET_BACKUP_PASSPHRASE") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let key_id = backup::sealed::seal(&t.store, &by, &passphrase).map_err(refused)?;
    println!(
        "key {key_id} sealed beside the database: each backup holds it from now on; keep the passphrase apart from the backups"
    );
    Ok(())
}

/// `guichet restore BACKUP [--older]`: the database (--db) replaced by the
/// backup, the current one kept aside, the restore recorded.
pub fn restore(run: &Run, file: &std::path::Path, older: bool) -> Result<(), Failure> {
    let manifest = backup::check(file).map_err(refused)?;
    println!("{} holds: {}", file.display(), holds(&manifest));
    let db = run.db();
    // The passphrase opens the key sealed in the backup (a new machine).
    let passphrase = std::env::var("GUICHET_BACKUP_PASSPHRASE").ok();
    let done =
        backup::restore(file, db, (older, passphrase.as_deref()), run.now()).map_err(refused)?;
    println!("restored as {}", db.display());
    if let Some(aside) = &done.kept_aside {
        println!("the database it replaced is kept as {}", aside.display());
    }
    for lost in &done.lost {
        println!(
            "lost since the backup: records {} to {} of the {} chain",
            lost.from, lost.to, lost.chain
        );
    }
    Ok(())
}

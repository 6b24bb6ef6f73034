//! The exports for the administration on the command line: the FEC, the
//! SIBIL declaration, the QuickBooks journal, and the accounts they post to.

use std::path::Path;

use guichet::exchange::{self, Span, accounts, fec, quickbooks, sibil};
use guichet::terminal;

use super::{Failure, Run};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// The season for the venue's website as JSON: every performance still
    /// to come, its places left and its public prices (the iCalendar file,
    /// `guichet season ical`, says the places left too)
    Website {
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// France: the FEC of a closed month or year, one balanced entry per
    /// daily closing (Z) and the revenue of tickets sold in advance
    /// recognised on the performance's day (accounts: `guichet accounts`)
    Fec {
        #[arg(long, value_name = "YYYY-MM|YYYY")]
        period: String,
        /// The file, or a folder to write SIRENFECAAAAMMJJ.txt into
        #[arg(long, value_name = "FILE.txt|DIR")]
        out: PathBuf,
    },
    /// France: the SIBIL declaration of a quarter, every live performance
    /// with its tickets and revenue (JSON with SIBIL's fields, or CSV to
    /// type into the portal)
    Sibil {
        /// 2026-Q4
        #[arg(long)]
        quarter: String,
        #[arg(long, value_parser = ["json", "csv"], default_value = "json")]
        format: String,
        #[arg(long, value_name = "FILE.json|FILE.csv")]
        out: PathBuf,
    },
    /// Quebec: a closed month or year as journal entries QuickBooks Online
    /// imports, one per daily closing (Z), GST and QST on their own accounts
    Quickbooks {
        #[arg(long, value_name = "YYYY-MM|YYYY")]
        period: String,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// Posts KEY to another account (a coordinator's --operator): in France
    /// "NUMBER Label", in Quebec the QuickBooks account's name
    Set { key: String, value: String },
    /// Puts KEY's default account back (a coordinator's --operator)
    Reset { key: String },
}

/// `guichet export fec --period 2026-11 --out FILE|DIR`.
pub fn fec(run: &Run, period: &str, out: &Path) -> Result<(), Failure> {
    let span = Span::parse(period)?;
    let store = terminal::read_only(run.db())?;
    let books = fec::of(&store, span)?;
    let file = if out.is_dir() {
        out.join(fec::file_name(&books)?)
    } else {
        out.to_owned()
    };
    exchange::write_file(&file, &fec::bytes(&books))?;
    let journals: Vec<String> = fec::journals(&books)
        .iter()
        .map(|(code, n)| format!("{code}: {n}"))
        .collect();
    println!(
        "{} entr{} ({}) written to {}",
        books.entries.len(),
        if books.entries.len() == 1 { "y" } else { "ies" },
        journals.join(", "),
        file.display()
    );
    Ok(())
}

/// `guichet export sibil --quarter 2026-Q4 [--format csv] --out FILE`.
pub fn sibil(run: &Run, quarter: &str, format: &str, out: &Path) -> Result<(), Failure> {
    let first = sibil::quarter(quarter)?;
    let store = terminal::read_only(run.db())?;
    let d = sibil::declaration(&store, first)?;
    let text = if format == "csv" {
        sibil::csv(&d)
    } else {
        sibil::json(&d)
    };
    exchange::write_file(out, text.as_bytes())?;
    println!(
        "{} performance(s) of {} written to {}",
        d.performances.len(),
        d.quarter,
        out.display()
    );
    Ok(())
}

/// `guichet export quickbooks --period 2026-11 --out FILE.csv`.
pub fn quickbooks(run: &Run, period: &str, out: &Path) -> Result<(), Failure> {
    let span = Span::parse(period)?;
    let store = terminal::read_only(run.db())?;
    let books = quickbooks::of(&store, span)?;
    exchange::write_file(out, quickbooks::csv(&books).as_bytes())?;
    println!(
        "{} journal entr{} written to {}",
        books.entries.len(),
        if books.entries.len() == 1 { "y" } else { "ies" },
        out.display()
    );
    Ok(())
}

/// `guichet accounts [set KEY VALUE | reset KEY]`.
pub fn accounts(run: &Run, command: Option<AccountsCommand>) -> Result<(), Failure> {
    let chart = match command {
        None => accounts::chart(&terminal::read_only(run.db())?)?,
        Some(command) => {
            let (mut t, by) = run.open(false)?;
            match command {
                AccountsCommand::Set { key, value } => {
                    accounts::set(&mut t.store, &by, &key, Some(&value))?
                }
                AccountsCommand::Reset { key } => accounts::set(&mut t.store, &by, &key, None)?,
            }
        }
    };
    for (key, value, set) in chart.listing() {
        println!("{key:<14} {value}{}", if set { "" } else { "  (default)" });
    }
    Ok(())
}

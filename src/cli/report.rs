//! `guichet audience report`: a season's audience analyses, printed, as
//! JSON, as CSV files and as a PDF with its charts.

use serde_json::{Value, json};

use super::{Failure, Run};
use clap::Subcommand;
use guichet::audience;
use guichet::programming;
use guichet::terminal;

#[derive(Subcommand)]
pub enum AudienceCommand {
    /// A season's audience analyses (per season: new, returning, lapsed,
    /// retention, sales naming their patron; visit frequency, geography,
    /// tariff and channel mix, shows bringing new audiences): printed, or
    /// as a PDF with its charts, or one CSV per analysis
    Report {
        /// The season by the year it starts (2025 or 2025-2026); the
        /// current one if not given
        #[arg(long)]
        season: Option<String>,
        /// Write the PDF report here
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<std::path::PathBuf>,
        /// Write one CSV file per analysis into this folder
        #[arg(long, value_name = "DIR")]
        csv: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// `guichet audience report [--season YEAR] [--out FILE.pdf] [--csv DIR]
/// [--json]`, in `--lang`'s words (French by default).
pub fn report(run: &Run, command: AudienceCommand) -> Result<(), Failure> {
    let AudienceCommand::Report {
        season,
        out,
        csv,
        json,
    } = command;
    let locale = run.lang.unwrap_or(guichet::domain::Locale::FrFr);
    let season = match season {
        None => None,
        Some(text) => {
            let year = text.split(['-', '–', '/']).next().unwrap_or("").trim();
            Some(
                year.parse::<i32>()
                    .ok()
                    .filter(|y| (1900..=2200).contains(y))
                    .ok_or_else(|| {
                        Failure(
                            format!(
                                "\"{text}\" is not a season: write the year it starts, as 2025"
                            ),
                            2,
                        )
                    })?,
            )
        }
    };
    let store = terminal::read_only(run.db())?;
    let venue = programming::venue::load(&store)?
        .ok_or_else(|| Failure("no venue in this database yet".into(), 2))?;
    let zone = venue.settings.time_zone;
    let now = run.now();
    let analyses = audience::analysis::analyse(&store, season, now, zone)?;
    let report = guichet::ui::i18n::analysis::report(
        &analyses,
        &venue.settings.name,
        venue.settings.currency,
        locale,
    );
    if json {
        let tables: Vec<Value> = report
            .tables
            .iter()
            .map(|t| json!({"name": t.file, "title": t.title, "header": t.header, "rows": t.rows}))
            .collect();
        println!(
            "{}",
            json!({"season": analyses.season, "title": report.title, "tables": tables})
        );
    } else {
        for t in &report.tables {
            println!("{}", t.title);
            println!("  {}", t.header.join(" | "));
            for row in &t.rows {
                println!("  {}", row.join(" | "));
            }
        }
    }
    if let Some(dir) = csv {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Failure(format!("cannot create {}: {e}", dir.display()), 2))?;
        for t in &report.tables {
            let path = dir.join(format!("{}-{}.csv", t.file, analyses.season));
            std::fs::write(&path, audience::analysis::csv(t))
                .map_err(|e| Failure(format!("cannot write {}: {e}", path.display()), 2))?;
            eprintln!("guichet: wrote {}", path.display());
        }
    }
    if let Some(path) = out {
        let printed = locale.date_time(now, zone);
        let pdf = audience::analysis::pdf(&report, &printed)
            .map_err(|e| Failure(format!("cannot make the PDF: {e}"), 1))?;
        std::fs::write(&path, pdf)
            .map_err(|e| Failure(format!("cannot write {}: {e}", path.display()), 2))?;
        eprintln!("guichet: wrote {}", path.display());
    }
    Ok(())
}

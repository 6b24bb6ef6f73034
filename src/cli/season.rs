//! The season on the command line: the performance listing, season files,
//! iCalendar, seat plans as CSV.

use std::path::Path;

use serde_json::json;

use guichet::domain::Locale;
use guichet::programming::{self, halls, ical, season_file};
use guichet::terminal;

use super::{Failure, Run};

/// `guichet performances [--json]`: every performance with what is sold,
/// held and still available.
pub fn performances(run: &Run, as_json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let zone = programming::venue::time_zone(&store);
    let lines = programming::all_performances(&store)?;
    let when = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&zone);
    if as_json {
        let rows: Vec<serde_json::Value> = lines
            .iter()
            .map(|p| {
                json!({
                    "id": p.id,
                    "public_id": p.public_id,
                    "show": p.show,
                    "date": when(p.starts_at).to_rfc3339(),
                    "hall": p.hall,
                    "status": p.status,
                    "capacity": p.capacity,
                    "sold": p.sold,
                    "held": p.held,
                    "available": p.available(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
        return Ok(());
    }
    println!(
        "{:>5}  {:<24} {:<38} {:<14} {:>8} {:>6} {:>6} {:>9}",
        "id", "date", "show", "hall", "capacity", "sold", "held", "available"
    );
    for p in &lines {
        let title: String = p.show.chars().take(38).collect();
        println!(
            "{:>5}  {:<24} {:<38} {:<14} {:>8} {:>6} {:>6} {:>9}",
            p.id,
            Locale::En.date_time(p.starts_at, zone),
            title,
            p.hall,
            p.capacity,
            p.sold,
            p.held,
            p.available()
        );
    }
    Ok(())
}

pub fn export(run: &Run, file: &Path) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let season = season_file::export(&store)?;
    std::fs::write(file, season_file::to_json(&season))
        .map_err(|e| Failure(format!("cannot write {}: {e}", file.display()), 2))?;
    println!(
        "{}: {} halls, {} shows, {} performances",
        file.display(),
        season.halls.len(),
        season.shows.len(),
        season.performances.len()
    );
    Ok(())
}

pub fn import(run: &Run, file: &Path) -> Result<(), Failure> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", file.display()), 2))?;
    // The file is read before the database is opened; its contents are
    // checked against the database itself, in the import's one transaction.
    season_file::parse(&text).map_err(|e| Failure(format!("{}: {e}", file.display()), 2))?;
    let (mut t, by) = run.open(false)?;
    let by = guichet::programming::By {
        operator: &by,
        signer: &t.signer,
        now: run.now(),
    };
    let report = season_file::import(&mut t.store, &by, &text)
        .map_err(|e| Failure(format!("{}: {e}", file.display()), 2))?;
    println!("{}", report.summary());
    Ok(())
}

pub fn ical(run: &Run, file: &Path) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let text = ical::season(&store, run.now())?;
    std::fs::write(file, &text)
        .map_err(|e| Failure(format!("cannot write {}: {e}", file.display()), 2))?;
    println!(
        "{}: {} events",
        file.display(),
        text.matches("BEGIN:VEVENT").count()
    );
    Ok(())
}

/// `guichet hall import NAME PLAN.csv`: a numbered hall from its plan.
pub fn hall_import(run: &Run, name: &str, file: &Path) -> Result<(), Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", file.display()), 2))?;
    let text = guichet::domain::plan_csv::decode(&bytes);
    let (mut t, by) = run.open(false)?;
    let by = guichet::programming::By {
        operator: &by,
        signer: &t.signer,
        now: run.now(),
    };
    let hall = halls::import_csv(&mut t.store, &by, name, &text, "THEATRE")
        .map_err(|e| Failure(format!("{}: {e}", file.display()), 2))?;
    println!("{}: {} seats", hall.name, hall.capacity);
    Ok(())
}

/// `guichet hall export NAME PLAN.csv`: a hall's plan back to CSV.
pub fn hall_export(run: &Run, name: &str, file: &Path) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let hall = halls::all(&store)?
        .into_iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| Failure(format!("no hall named \"{name}\""), 2))?;
    std::fs::write(file, halls::plan_csv(&store, hall.id)?)
        .map_err(|e| Failure(format!("cannot write {}: {e}", file.display()), 2))?;
    println!("{}: {} seats", file.display(), hall.capacity);
    Ok(())
}

/// `guichet export website --out FILE.json`.
pub fn website(run: &Run, out: &std::path::Path) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let site = guichet::exchange::website::season(&store, run.now())?;
    std::fs::write(out, guichet::exchange::website::json(&site))
        .map_err(|e| Failure(format!("cannot write {}: {e}", out.display()), 2))?;
    println!(
        "{} performance(s) written to {}",
        site.performances.len(),
        out.display()
    );
    Ok(())
}

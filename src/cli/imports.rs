//! `guichet patrons import` and `patrons import-history`: patrons, or the
//! previous ticketing system's attendance, from a CSV file.

use guichet::audience;

use super::{Failure, Run};

/// `patrons import` (patrons) or `patrons import-history` (with `source`:
/// the previous system's tickets).
pub fn import(
    run: &Run,
    file: &std::path::Path,
    map: &[String],
    skip_errors: bool,
    history: Option<String>,
) -> Result<(), Failure> {
    use guichet::audience::history::{self, Field};
    use guichet::audience::import::{self, Column};
    let mut options = history::Options {
        skip_errors,
        source: history.clone().unwrap_or_default(),
        ..history::Options::default()
    };
    for pair in map {
        let (field, header) = pair.split_once('=').ok_or_else(|| {
            Failure(
                format!("\"{pair}\": map a field to a header, as email=Courriel"),
                2,
            )
        })?;
        let (field, header) = (field.trim(), header.trim().to_owned());
        if let Some(column) = Column::from_code(field) {
            options.columns.push((column, header));
        } else if let Some(f) = Field::from_code(field).filter(|_| history.is_some()) {
            options.fields.push((f, header));
        } else {
            let mut fields: Vec<&str> = Column::ALL.iter().map(|c| c.code()).collect();
            if history.is_some() {
                fields.extend(Field::ALL.iter().map(|f| f.code()));
            }
            return Err(Failure(
                format!("\"{field}\" is not a field: use {}", fields.join(", ")),
                2,
            ));
        }
    }
    let size = std::fs::metadata(file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", file.display()), 2))?
        .len();
    if size > import::MAX_BYTES as u64 {
        return Err(Failure(
            format!(
                "{}: {}",
                file.display(),
                audience::AudienceError::FileTooLarge(import::MAX_BYTES)
            ),
            2,
        ));
    }
    let bytes = std::fs::read(file)
        .map_err(|e| Failure(format!("cannot read {}: {e}", file.display()), 2))?;
    let (mut t, by) = run.open(false)?;
    let refused = |e| Failure(format!("{}: {e}", file.display()), 2);
    let (report, tickets) = if history.is_some() {
        let zone = guichet::programming::venue::time_zone(&t.store);
        let r = history::import(
            &mut t.store,
            &t.signer,
            &by,
            &bytes,
            &options,
            zone,
            run.now(),
        )
        .map_err(refused)?;
        (r.patrons, Some((r.added, r.known)))
    } else {
        let r = import::import(
            &mut t.store,
            &by,
            &bytes,
            &options.columns,
            skip_errors,
            run.now(),
        )
        .map_err(refused)?;
        (r, None)
    };
    for r in &report.skipped {
        eprintln!(
            "guichet: skipped {}",
            guichet::ui::i18n::audience::row_problem(r, guichet::domain::Locale::En)
        );
    }
    println!(
        "{}: {} patron(s) added, {} completed, {} already there, {} row(s) skipped",
        file.display(),
        report.created,
        report.completed,
        report.unchanged,
        report.skipped.len()
    );
    if let Some((added, known)) = tickets {
        println!("  {added} earlier ticket(s) added to histories, {known} already imported");
    }
    Ok(())
}

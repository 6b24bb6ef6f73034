//! Looking after the database: verify, info.

use std::path::Path;

use guichet::ledger::verify;
use guichet::programming;
use guichet::store::Store;

use super::Failure;

pub fn verify(db: &Path) -> Result<(), Failure> {
    let store = Store::open_read_only(db)?;
    store.check_integrity()?;
    let report = verify::verify(&store)?;
    if !report.is_intact() {
        return Err(Failure(report.summary(), 1));
    }
    // The key beside the database must be the one its ledger names.
    let key_path = guichet::ledger::keys::key_path(db);
    match guichet::ledger::keys::load(&key_path) {
        Ok(None) => eprintln!(
            "guichet: no terminal key at {}: this copy can be verified but not used to sell",
            key_path.display()
        ),
        Ok(Some(key)) => {
            let public = key.public().to_bytes();
            let terminals = store.read(guichet::store::terminals::all)?;
            if !terminals.iter().any(|t| t.public_key == public) {
                return Err(Failure(
                    format!(
                        "{} (but the key file {} belongs to another database)",
                        report.summary(),
                        key_path.display()
                    ),
                    1,
                ));
            }
        }
        Err(e) => return Err(Failure(format!("{} (but {e})", report.summary()), 1)),
    }
    println!("{}", report.summary());
    Ok(())
}

pub fn info(db: &Path) -> Result<(), Failure> {
    let store = Store::open_read_only(db)?;
    println!("database   {}", db.display());
    println!(
        "key        {}",
        guichet::ledger::keys::key_path(db).display()
    );
    match programming::venue::load(&store)? {
        Some(v) => println!(
            "venue      {} ({}, {}, {}){}",
            v.settings.name,
            v.settings.country.code(),
            v.settings.currency,
            v.settings.time_zone.name(),
            if v.is_demo { " — demo" } else { "" }
        ),
        None => println!("venue      not set up yet"),
    }
    let p = store.pragmas()?;
    println!(
        "sqlite     schema v{}, journal {}, synchronous {} (2 = FULL), foreign keys {}, busy timeout {} ms, page {} bytes",
        p.schema_version,
        p.journal_mode,
        p.synchronous,
        p.foreign_keys,
        p.busy_timeout_ms,
        p.page_size
    );
    let c = programming::counts(&store)?;
    println!(
        "season     {} halls, {} seats, {} shows, {} performances, {} tariffs",
        c.halls, c.seats, c.shows, c.performances, c.tariffs
    );
    Ok(())
}

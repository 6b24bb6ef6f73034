//! The season programmed once, on any coordinator's terminal, and reaching
//! every terminal: published centrally as a season file, pulled (imported:
//! what the terminal lacks is added, twice changes nothing) by each.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::CentralError;
use crate::domain::operator::Act;
use crate::ledger::Signer;
use crate::operators::Operator;
use crate::programming::{By, season_file};
use crate::store::{Store, central};

/// Publishes this terminal's season (a coordinator's act), and offers its
/// performances not over yet to the central pool: the version number it
/// gets centrally.
pub fn publish(store: &Store, by: &Operator, now: DateTime<Utc>) -> Result<i64, CentralError> {
    if !by.role.may(Act::Program) {
        return Err(CentralError::NotAllowed(Act::Program));
    }
    let file = season_file::export(store).map_err(|e| CentralError::Season(e.to_string()))?;
    let text = season_file::to_json(&file);
    let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes()));
    let mut client = super::connect_terminal(store)?;
    // The season and its offers together: one refused, neither is there.
    let mut tx = client.transaction()?;
    let version = central::publish_season(&mut tx, &text, &digest)?;
    super::offers::offer_all(store, &mut tx, now)?;
    tx.commit()?;
    Ok(version)
}

/// Imports the newest season published centrally, as this terminal (what
/// it lacks is added): the import's summary, or None when none was
/// published.
pub fn pull(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Option<String>, CentralError> {
    let mut client = super::connect_terminal(store)?;
    let Some(file) = central::season(&mut client)? else {
        return Ok(None);
    };
    let by = By {
        operator: by,
        signer,
        now,
    };
    let report =
        season_file::import(store, &by, &file).map_err(|e| CentralError::Season(e.to_string()))?;
    Ok(Some(report.summary()))
}

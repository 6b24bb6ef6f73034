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
use crate::store::{Store, central, settings};

/// Publishes this terminal's season (a coordinator's act), and offers its
/// performances not over yet to the central pool: the version number it
/// gets centrally.
pub fn publish(store: &mut Store, by: &Operator, now: DateTime<Utc>) -> Result<i64, CentralError> {
    if !by.role.may(Act::Program) {
        return Err(CentralError::NotAllowed(Act::Program));
    }
    let file = season_file::export(store).map_err(|e| CentralError::Season(e.to_string()))?;
    // The shows' pictures stay out of what every terminal pulls each minute
    // (megabytes each, and a newer file version than older terminals read):
    // `guichet season export` carries them.
    let file = season_file::without_pictures(file);
    let text = season_file::to_json(&file);
    let digest = data_encoding::HEXLOWER.encode(&Sha256::digest(text.as_bytes()));
    let mut client = super::connect_terminal(store)?;
    // The season and its offers together: one refused, neither is there.
    let mut tx = client.transaction()?;
    let version = central::publish_season(&mut tx, &text, &digest)?;
    super::offers::offer_all(store, &mut tx, now)?;
    tx.commit()?;
    store.write(|tx| settings::set(tx, settings::SEASON_PULLED, &version.to_string()))?;
    Ok(version)
}

/// [`publish`] for the window, on the database `db` opened again (it
/// blocks on the network: the window runs it on a thread of its own).
pub fn publish_apart(
    db: &std::path::Path,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<i64, CentralError> {
    let mut store = super::open_apart(db)?;
    publish(&mut store, by, now)
}

/// Imports the newest season published centrally, as this terminal (what
/// it lacks is added), and brings the performances it has to it (moved,
/// cancelled, their sales window: `season_file::follow`): the summary, or
/// None when none was published.
pub fn pull(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    now: DateTime<Utc>,
) -> Result<Option<String>, CentralError> {
    let mut client = super::connect_terminal(store)?;
    let Some(season) = central::season(&mut client)? else {
        return Ok(None);
    };
    apply(store, signer, by, &season, now).map(Some)
}

/// The season published centrally when it is newer than the one this
/// terminal (its database `db`) last pulled, for [`apply`]: the window
/// asks each minute, on a thread of its own (it blocks on the network).
pub fn newer_apart(db: &std::path::Path) -> Result<Option<(i64, String)>, CentralError> {
    let store = super::open_apart(db)?;
    let known = pulled(&store)?;
    let mut client = super::connect_terminal(&store)?;
    Ok(central::season(&mut client)?.filter(|(version, _)| known.is_none_or(|k| *version > k)))
}

/// The version of the central season this terminal last pulled.
fn pulled(store: &Store) -> Result<Option<i64>, CentralError> {
    Ok(store
        .read(|tx| settings::get(tx, settings::SEASON_PULLED))?
        .and_then(|v| v.parse().ok()))
}

/// A season fetched from the central side (its version there, its file)
/// imported here and followed: the summary.
pub fn apply(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    (version, file): &(i64, String),
    now: DateTime<Utc>,
) -> Result<String, CentralError> {
    let by = By {
        operator: by,
        signer,
        now,
    };
    let refused = |e: crate::programming::ProgrammingError| CentralError::Season(e.to_string());
    // What changed there of what is here (moved, cancelled, its sales
    // window) is the coordinator's decision, applied here as the terminal,
    // first: a performance moved with its holders is the old one cancelled
    // and a new one in its hall, which the import then adds.
    let system = crate::operators::system(store)?;
    let as_terminal = By {
        operator: &system,
        ..by
    };
    let changed = season_file::follow(store, &as_terminal, file).map_err(refused)?;
    let report = season_file::import(store, &by, file).map_err(refused)?;
    // Prices last: a tariff new to the season was added by the import.
    let as_terminal = By {
        operator: &system,
        ..by
    };
    let repriced = season_file::follow_prices(store, &as_terminal, file).map_err(refused)?;
    store.write(|tx| settings::set(tx, settings::SEASON_PULLED, &version.to_string()))?;
    Ok(format!(
        "{}; {changed} performances brought up to date, {repriced} repriced",
        report.summary()
    ))
}

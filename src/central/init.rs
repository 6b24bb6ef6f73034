//! `guichet central init`: the central schema created (or brought to this
//! program's version) by a role that may create roles, in one transaction,
//! with the four groups the terminals' logins belong to.

use super::{CentralError, MIGRATIONS, VERSION, connect};
use crate::store::central;

/// The groups of terminal logins: what each may call is granted to it.
pub const GROUPS: [&str; 4] = [
    "guichet_counter",
    "guichet_door",
    "guichet_web",
    "guichet_admin",
];

/// What `init` found and did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initialised {
    /// The version found (0: no Guichet schema there).
    pub found: i32,
    pub version: i32,
}

/// Creates the central schema at `url` (its owner's login, in the URL or
/// PGPASSWORD), or brings it to this program's version; twice changes
/// nothing.
pub fn init(url: &str, password: Option<&str>) -> Result<Initialised, CentralError> {
    let mut client = connect(url, password)?;
    let mut tx = client.transaction()?;
    let found = central::schema_version(&mut tx)?;
    if found > VERSION {
        return Err(CentralError::Newer {
            found,
            known: VERSION,
        });
    }
    for group in GROUPS {
        central::make_group(&mut tx, group)?;
    }
    let from = usize::try_from(found).unwrap_or(0);
    for migration in &MIGRATIONS[from..] {
        tx.batch_execute(migration)?;
    }
    tx.commit()?;
    Ok(Initialised {
        found,
        version: VERSION,
    })
}

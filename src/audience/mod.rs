//! The patron file (fichier des publics): for now what the counter needs,
//! finding a patron by name, e-mail or phone, or adding one with a name.
//! It may use domain and store.

use chrono::{DateTime, Utc};

use crate::store::{self, Store, StoreError};

pub use crate::domain::patron::Patron;

#[derive(Debug, thiserror::Error)]
pub enum AudienceError {
    NoName,
    Email(String),
    Store(#[from] StoreError),
}

/// Patrons matching what the clerk typed (two characters at least).
pub fn search(store: &Store, text: &str, limit: i64) -> Result<Vec<Patron>, StoreError> {
    if text.trim().chars().count() < 2 {
        return Ok(Vec::new());
    }
    store.read(|tx| store::patrons::search(tx, text, limit))
}

/// A new patron from what a clerk types in one field: "Camille Durand",
/// "Durand", optionally followed by an e-mail ("Camille Durand
/// camille@example.fr"). The last word is the last name.
pub fn create_from_text(
    store: &mut Store,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Patron, AudienceError> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let email = match words.iter().position(|w| w.contains('@')) {
        Some(i) => {
            let e = words.remove(i);
            if !e.contains('.') || e.starts_with('@') || e.ends_with('@') {
                return Err(AudienceError::Email(e.to_owned()));
            }
            e.to_lowercase()
        }
        None => String::new(),
    };
    let Some((last, first)) = words.split_last() else {
        return Err(AudienceError::NoName);
    };
    let first = first.join(" ");
    store.write(|tx| {
        let id = store::patrons::insert(
            tx,
            &store::public_id(now),
            &first,
            last,
            &email,
            "",
            store::unix(now),
        )?;
        Ok(store::patrons::by_id(tx, id)?.expect("just inserted"))
    })
}

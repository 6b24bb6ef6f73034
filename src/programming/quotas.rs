//! Quotas: no tariff's quota above what a performance holds.

use super::ProgrammingError;
use crate::domain::Performance;
use crate::store::{self, Tx};

/// No tariff's quota above the performance's capacity (after the capacity
/// changed: seats removed, places or slots resized).
pub(crate) fn check(tx: &Tx, p: &Performance) -> Result<(), ProgrammingError> {
    let tariffs = store::tariffs::all(tx)?;
    for (tariff_id, quota) in store::performances::offered(tx, p.id)? {
        if let Some(quota) = quota.filter(|q| *q > p.capacity) {
            let tariff = tariffs
                .iter()
                .find(|t| t.id == tariff_id)
                .map(|t| t.code.clone())
                .unwrap_or_default();
            return Err(ProgrammingError::QuotaAboveCapacity {
                tariff,
                quota,
                capacity: p.capacity,
            });
        }
    }
    Ok(())
}

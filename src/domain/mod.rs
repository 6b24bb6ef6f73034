//! Pure types and rules of the box office: no I/O, nothing of ours below it.
//! Everything here is tested with tables and properties.

pub mod best;
pub mod locale;
pub mod money;
pub mod operator;
pub mod order;
pub mod payment;
pub mod plan_csv;
pub mod season;
pub mod seat_index;
pub mod seat_plan;
pub mod tax;
pub mod venue;

pub use locale::Locale;
pub use money::{Cents, Currency, Money};
pub use operator::Role;
pub use tax::TaxRate;
pub use venue::{Country, VenueSettings};

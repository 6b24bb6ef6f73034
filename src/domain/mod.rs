//! Pure types and rules of the box office: money and taxes, seats and
//! plans, performances, records, names. It may use nothing of ours and does
//! no I/O; everything here is tested with tables and properties.

pub mod admission;
pub mod analysis;
pub mod best;
pub mod closing;
pub mod csv;
pub mod drawer;
pub mod hall;
pub mod hold;
pub mod invitation;
pub mod journal;
pub mod locale;
pub mod mail;
pub mod money;
pub mod names;
pub mod operator;
pub mod order;
pub mod organisation;
pub mod patron;
pub mod payment;
pub mod performance;
pub mod picture;
pub mod plan_csv;
pub mod price_rule;
pub mod programmed;
pub mod records;
pub mod refund;
pub mod season;
pub mod seat_index;
pub mod seat_plan;
pub mod segment;
pub mod show;
pub mod statement;
pub mod subscription;
pub mod tariff;
pub mod tax;
pub mod venue;
pub mod voucher;

pub use hall::{Hall, Seat};
pub use hold::Hold;
pub use locale::Locale;
pub use money::{Cents, Currency, Money};
pub use names::{PerformanceName, SeatName};
pub use operator::Role;
pub use performance::{Category, Performance, PerformanceLine, SeasonCounts, Slot};
pub use season::{HallKind, PerformanceStatus, ShowTax};
pub use show::Show;
pub use tariff::Tariff;
pub use tax::TaxRate;
pub use venue::{Country, Venue, VenueSettings};

//! The venue's tariffs: full price, reduced, youth, invitation…

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tariff {
    pub id: i64,
    /// PLEIN, REDUIT, …: capital letters and digits.
    pub code: String,
    pub name: String,
    /// A proof (a student card, …) is checked at the door.
    pub requires_proof: bool,
    /// An invitation: always free.
    pub is_complimentary: bool,
    pub position: i64,
}

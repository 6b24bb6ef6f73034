//! A hold: seats, or a number of general-admission places, set aside
//! (house seats, press, technical) and not sold until released.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub id: i64,
    pub public_id: String,
    pub performance_id: i64,
    pub name: String,
    pub reason: String,
    /// "#rrggbb", as the seat map paints it.
    pub colour: String,
    /// Places held in a hall without numbered seats.
    pub quantity: i64,
    /// The terminal the hold is lent to, if any.
    pub terminal_id: Option<i64>,
    pub seats: Vec<i64>,
}

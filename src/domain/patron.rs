//! A patron: someone of the audience, as the counter finds them.

/// A patron as the counter finds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patron {
    pub id: i64,
    pub public_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    /// Orders placed (training excluded).
    pub orders: i64,
}

impl Patron {
    /// "Camille Durand", or the e-mail when there is no name.
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned();
        if name.is_empty() {
            self.email.clone()
        } else {
            name
        }
    }
}

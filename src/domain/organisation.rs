//! An organisation of the patron file: a school, a works council, an
//! association, a company: who books for a group, and the patrons who are
//! its contacts.

/// The kinds of organisation, by code.
pub const KINDS: [&str; 5] = ["school", "works_council", "association", "company", "other"];

/// The longest name, e-mail, phone, address and notes an organisation keeps.
pub const NAME_MAX: usize = 120;
pub const FIELD_MAX: usize = 200;
pub const NOTES_MAX: usize = 2000;

/// What the file holds about an organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganisationDetails {
    pub name: String,
    /// One of [`KINDS`].
    pub kind: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub notes: String,
}

/// Why an organisation's details cannot be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    NoName,
    /// The field and the most it holds.
    TooLong(&'static str, usize),
}

impl OrganisationDetails {
    /// The details trimmed (spaces in the name folded, an unknown kind as
    /// "other"), or the first problem.
    pub fn checked(&self) -> Result<OrganisationDetails, Problem> {
        let mut d = self.clone();
        d.name = d.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if d.name.is_empty() {
            return Err(Problem::NoName);
        }
        if !KINDS.contains(&d.kind.as_str()) {
            d.kind = "other".into();
        }
        for (field, value, max) in [
            ("name", &mut d.name, NAME_MAX),
            ("email", &mut d.email, FIELD_MAX),
            ("phone", &mut d.phone, FIELD_MAX),
            ("address", &mut d.address, FIELD_MAX),
            ("postcode", &mut d.postcode, FIELD_MAX),
            ("city", &mut d.city, FIELD_MAX),
            ("notes", &mut d.notes, NOTES_MAX),
        ] {
            *value = value.trim().to_owned();
            if value.chars().count() > max {
                return Err(Problem::TooLong(field, max));
            }
        }
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_trimmed_and_bounded() {
        let d = OrganisationDetails {
            name: "  Lycée   Ampère ".into(),
            kind: "castle".into(),
            ..OrganisationDetails::default()
        };
        let c = d.checked().unwrap();
        assert_eq!(
            (c.name.as_str(), c.kind.as_str()),
            ("Lycée Ampère", "other")
        );
        assert_eq!(
            OrganisationDetails::default().checked(),
            Err(Problem::NoName)
        );
        let long = OrganisationDetails {
            name: "x".repeat(NAME_MAX + 1),
            ..OrganisationDetails::default()
        };
        assert_eq!(long.checked(), Err(Problem::TooLong("name", NAME_MAX)));
    }
}

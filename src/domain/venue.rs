//! The venue's identity: what goes on every ticket, which taxes apply, which
//! clock performances follow.

use serde::{Deserialize, Serialize};

use super::locale::Locale;
use super::money::Currency;
use super::operator::{NameError, clean_name};

/// Where the venue is: it decides the taxes, the default currency, time zone
/// and wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    /// France: prices include VAT; show tax; SIBIL statements.
    #[serde(rename = "FR")]
    France,
    /// Quebec: prices before GST and QST; receipts in French.
    #[serde(rename = "QC")]
    Quebec,
}

impl Country {
    pub const ALL: [Country; 2] = [Country::France, Country::Quebec];

    pub fn code(self) -> &'static str {
        match self {
            Country::France => "FR",
            Country::Quebec => "QC",
        }
    }

    pub fn from_code(code: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn default_currency(self) -> Currency {
        match self {
            Country::France => Currency::Eur,
            Country::Quebec => Currency::Cad,
        }
    }

    /// Montreal keeps Eastern time, whose IANA zone is America/Toronto.
    pub fn default_time_zone(self) -> chrono_tz::Tz {
        match self {
            Country::France => chrono_tz::Europe::Paris,
            Country::Quebec => chrono_tz::America::Toronto,
        }
    }

    pub fn default_locale(self) -> Locale {
        match self {
            Country::France => Locale::FrFr,
            Country::Quebec => Locale::FrCa,
        }
    }

    /// Time zones offered at set-up (any IANA name is accepted).
    pub fn time_zones(self) -> &'static [chrono_tz::Tz] {
        use chrono_tz::{America, Europe, Indian, Pacific};
        match self {
            Country::France => &[
                Europe::Paris,
                America::Guadeloupe,
                America::Martinique,
                America::Cayenne,
                Indian::Reunion,
                Indian::Mayotte,
                Pacific::Noumea,
                Pacific::Tahiti,
            ],
            Country::Quebec => &[America::Toronto, America::Halifax, America::BlancSablon],
        }
    }
}

/// Everything the set-up asks, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueSettings {
    pub name: String,
    /// The legal operator printed on tickets; the venue's name when empty.
    #[serde(default)]
    pub legal_name: String,
    pub country: Country,
    pub currency: Currency,
    #[serde(with = "tz_name")]
    pub time_zone: chrono_tz::Tz,
    /// France: the live-show licence (e.g. PLATESV-D-2024-001234).
    #[serde(default)]
    pub licence_number: String,
    #[serde(default)]
    pub siret: String,
    #[serde(default)]
    pub vat_exempt: bool,
    #[serde(default)]
    pub gst_number: String,
    #[serde(default)]
    pub qst_number: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
}

/// The venue as recorded: its settings, its public id, and whether it is
/// the demo season's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Venue {
    pub public_id: String,
    pub settings: VenueSettings,
    pub is_demo: bool,
}

/// What is wrong with the settings, and in which field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VenueError {
    NameEmpty,
    NameTooLong,
    UnknownTimeZone(String),
    BadLicence(String),
}

impl VenueError {
    /// The form field the message belongs beside.
    pub fn field(&self) -> VenueField {
        match self {
            VenueError::NameEmpty | VenueError::NameTooLong => VenueField::Name,
            VenueError::UnknownTimeZone(_) => VenueField::TimeZone,
            VenueError::BadLicence(_) => VenueField::Licence,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VenueField {
    Name,
    TimeZone,
    Licence,
}

pub fn parse_time_zone(name: &str) -> Result<chrono_tz::Tz, VenueError> {
    name.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| VenueError::UnknownTimeZone(name.trim().to_owned()))
}

impl VenueSettings {
    /// Settings for a country with its defaults, to be completed.
    pub fn for_country(name: &str, country: Country) -> VenueSettings {
        VenueSettings {
            name: name.to_owned(),
            legal_name: String::new(),
            country,
            currency: country.default_currency(),
            time_zone: country.default_time_zone(),
            licence_number: String::new(),
            siret: String::new(),
            vat_exempt: false,
            gst_number: String::new(),
            qst_number: String::new(),
            address: String::new(),
            postcode: String::new(),
            city: String::new(),
        }
    }

    /// Trims every text and checks the rules; returns every problem found,
    /// so a form can show each beside its field.
    pub fn validated(mut self) -> Result<VenueSettings, Vec<VenueError>> {
        let mut errors = Vec::new();
        match clean_name(&self.name) {
            Ok(name) => self.name = name,
            Err(NameError::Empty) => errors.push(VenueError::NameEmpty),
            Err(NameError::TooLong) => errors.push(VenueError::NameTooLong),
        }
        for text in [
            &mut self.legal_name,
            &mut self.licence_number,
            &mut self.siret,
            &mut self.gst_number,
            &mut self.qst_number,
            &mut self.address,
            &mut self.postcode,
            &mut self.city,
        ] {
            *text = text.trim().to_owned();
        }
        if !self
            .licence_number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | ' ' | '.'))
        {
            errors.push(VenueError::BadLicence(self.licence_number.clone()));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }

    /// "12 quai des Arts, 44000 Nantes": the street, then postcode and
    /// town, whichever are known (tickets, receipts, e-mails).
    pub fn postal_address(&self) -> String {
        let town = format!("{} {}", self.postcode, self.city).trim().to_owned();
        [self.address.trim(), town.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The name printed as the operator of the venue.
    pub fn legal_name_or_name(&self) -> &str {
        if self.legal_name.is_empty() {
            &self.name
        } else {
            &self.legal_name
        }
    }
}

mod tz_name {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(tz: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
        let name = String::deserialize(d)?;
        super::parse_time_zone(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_country() {
        let fr = VenueSettings::for_country("Théâtre de la Digue", Country::France);
        assert_eq!(fr.currency, Currency::Eur);
        assert_eq!(fr.time_zone, chrono_tz::Europe::Paris);
        let qc = VenueSettings::for_country("Salle Lafontaine", Country::Quebec);
        assert_eq!(qc.currency, Currency::Cad);
        assert_eq!(qc.time_zone.name(), "America/Toronto");
        assert_eq!(Country::Quebec.default_locale(), Locale::FrCa);
    }

    #[test]
    fn validation_names_every_bad_field() {
        let mut s = VenueSettings::for_country("   ", Country::France);
        s.licence_number = "PLATESV<script>".into();
        let errors = s.validated().unwrap_err();
        let fields: Vec<VenueField> = errors.iter().map(VenueError::field).collect();
        assert_eq!(fields, vec![VenueField::Name, VenueField::Licence]);
    }

    #[test]
    fn validation_trims() {
        let mut s = VenueSettings::for_country("  Le  Rex ", Country::France);
        s.licence_number = " PLATESV-D-2024-001234 ".into();
        let s = s.validated().unwrap();
        assert_eq!(s.name, "Le Rex");
        assert_eq!(s.licence_number, "PLATESV-D-2024-001234");
        assert_eq!(s.legal_name_or_name(), "Le Rex");
    }

    #[test]
    fn time_zones_parse_or_explain() {
        assert_eq!(
            parse_time_zone(" Europe/Paris "),
            Ok(chrono_tz::Europe::Paris)
        );
        assert_eq!(
            parse_time_zone("Paris"),
            Err(VenueError::UnknownTimeZone("Paris".into()))
        );
    }
}

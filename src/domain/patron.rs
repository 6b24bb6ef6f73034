//! A patron: someone of the audience. What the file holds about them, how
//! their words are folded for search as you type, what they need at the
//! counter, and what they may be sent (consent, by country's rules).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, Utc};

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
    /// Purchases: orders placed here (training excluded), and performances
    /// bought in the previous system's history.
    pub orders: i64,
    /// What they need at the counter (a wheelchair place…).
    pub needs: Vec<Need>,
    /// The organisation they belong to, by name.
    pub organisation: String,
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

/// Everything the file holds about a patron, as typed in the card's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PatronDetails {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    /// ISO 3166 alpha-2 ("FR", "CA"), empty when unknown.
    pub country: String,
    pub birth_year: Option<i32>,
    /// "fr" or "en".
    pub language: String,
    /// Codes of the venue's audience categories.
    pub categories: Vec<String>,
    pub notes: String,
    pub needs: Vec<Need>,
    pub organisation_id: Option<i64>,
}

impl PatronDetails {
    /// Whether the details name someone: a name, an e-mail or a phone.
    pub fn names_someone(&self) -> bool {
        [&self.first_name, &self.last_name, &self.email, &self.phone]
            .iter()
            .any(|t| !t.trim().is_empty())
    }
}

/// The longest text a patron's field holds (a note a little more).
pub const FIELD_MAX: usize = 200;
pub const NOTES_MAX: usize = 4_000;

/// A text field of a patron's details: what a form types, an import
/// fills, a merge chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Text {
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    Postcode,
    City,
    Country,
    Notes,
}

impl Text {
    pub const ALL: [Text; 9] = [
        Text::FirstName,
        Text::LastName,
        Text::Email,
        Text::Phone,
        Text::Address,
        Text::Postcode,
        Text::City,
        Text::Country,
        Text::Notes,
    ];

    /// Its code (an import's `--map first_name=…`).
    pub fn code(self) -> &'static str {
        match self {
            Text::FirstName => "first_name",
            Text::LastName => "last_name",
            Text::Email => "email",
            Text::Phone => "phone",
            Text::Address => "address",
            Text::Postcode => "postcode",
            Text::City => "city",
            Text::Country => "country",
            Text::Notes => "notes",
        }
    }

    /// Its name in an English message.
    pub fn name(self) -> &'static str {
        match self {
            Text::FirstName => "first name",
            Text::LastName => "last name",
            Text::Email => "e-mail",
            Text::Phone => "phone",
            Text::Address => "address",
            Text::Postcode => "postcode",
            Text::City => "city",
            Text::Country => "country",
            Text::Notes => "notes",
        }
    }

    /// The most characters it holds.
    pub fn max(self) -> usize {
        if self == Text::Notes {
            NOTES_MAX
        } else {
            FIELD_MAX
        }
    }

    pub fn of(self, d: &PatronDetails) -> &String {
        match self {
            Text::FirstName => &d.first_name,
            Text::LastName => &d.last_name,
            Text::Email => &d.email,
            Text::Phone => &d.phone,
            Text::Address => &d.address,
            Text::Postcode => &d.postcode,
            Text::City => &d.city,
            Text::Country => &d.country,
            Text::Notes => &d.notes,
        }
    }

    pub fn of_mut(self, d: &mut PatronDetails) -> &mut String {
        match self {
            Text::FirstName => &mut d.first_name,
            Text::LastName => &mut d.last_name,
            Text::Email => &mut d.email,
            Text::Phone => &mut d.phone,
            Text::Address => &mut d.address,
            Text::Postcode => &mut d.postcode,
            Text::City => &mut d.city,
            Text::Country => &mut d.country,
            Text::Notes => &mut d.notes,
        }
    }
}

/// What a patron needs at the counter and at the door.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Wheelchair,
    HearingLoop,
    LowVision,
    Companion,
}

impl Need {
    pub const ALL: [Need; 4] = [
        Need::Wheelchair,
        Need::HearingLoop,
        Need::LowVision,
        Need::Companion,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Need::Wheelchair => "wheelchair",
            Need::HearingLoop => "hearing_loop",
            Need::LowVision => "low_vision",
            Need::Companion => "companion",
        }
    }

    pub fn from_code(code: &str) -> Option<Need> {
        Need::ALL.into_iter().find(|n| n.code() == code)
    }

    /// A comma list as stored, read back (unknown codes dropped).
    pub fn list(stored: &str) -> Vec<Need> {
        stored
            .split(',')
            .filter_map(|c| Need::from_code(c.trim()))
            .collect()
    }

    /// As stored: a comma list of codes.
    pub fn stored(needs: &[Need]) -> String {
        let set: BTreeSet<Need> = needs.iter().copied().collect();
        set.iter().map(|n| n.code()).collect::<Vec<_>>().join(",")
    }
}

/// A way to reach a patron that marketing needs consent for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    Email,
    Sms,
    Post,
}

impl ConsentChannel {
    pub const ALL: [ConsentChannel; 3] = [
        ConsentChannel::Email,
        ConsentChannel::Sms,
        ConsentChannel::Post,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConsentChannel::Email => "email",
            ConsentChannel::Sms => "sms",
            ConsentChannel::Post => "post",
        }
    }

    pub fn from_code(code: &str) -> Option<ConsentChannel> {
        ConsentChannel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// E-mail and SMS are electronic messages (opt-in in France, CASL in
    /// Quebec); post is not.
    pub fn electronic(self) -> bool {
        self != ConsentChannel::Post
    }
}

/// A change of consent as recorded: given or withdrawn, when, how, under
/// which wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    pub channel: ConsentChannel,
    pub granted: bool,
    /// counter, form, import…
    pub source: String,
    pub wording_version: String,
    pub operator: String,
    pub at: DateTime<Utc>,
}

/// Whether a patron may be sent marketing on a channel, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaySend {
    /// They said yes (opt-in), on this date.
    Given(DateTime<Utc>),
    /// France: a buyer may receive offers like what they bought (soft
    /// opt-in) until they object.
    SoftOptIn,
    /// Quebec: implied consent, two years after a purchase, until this date.
    ImpliedUntil(DateTime<Utc>),
    /// Post needs no consent, only the absence of objection.
    NotObjected,
    /// They said no, on this date.
    Withdrawn(DateTime<Utc>),
    /// Nothing allows it.
    NoConsent,
}

impl MaySend {
    pub fn allowed(self) -> bool {
        matches!(
            self,
            MaySend::Given(_)
                | MaySend::SoftOptIn
                | MaySend::ImpliedUntil(_)
                | MaySend::NotObjected
        )
    }
}

/// Quebec's implied consent after a purchase (CASL): two years.
pub const IMPLIED_CONSENT_DAYS: i64 = 730;

/// What a patron may be sent on `channel` at `now`, under the rules of the
/// venue's country (`quebec`), from their newest consent change on that
/// channel and their last purchase.
pub fn may_send(
    channel: ConsentChannel,
    newest: Option<&ConsentChange>,
    last_purchase: Option<DateTime<Utc>>,
    quebec: bool,
    now: DateTime<Utc>,
) -> MaySend {
    match newest {
        Some(c) if c.granted => return MaySend::Given(c.at),
        Some(c) => return MaySend::Withdrawn(c.at),
        None => {}
    }
    if !channel.electronic() {
        return MaySend::NotObjected;
    }
    match (quebec, last_purchase) {
        (false, Some(_)) if channel == ConsentChannel::Email => MaySend::SoftOptIn,
        (true, Some(bought)) => {
            let until = bought + Duration::days(IMPLIED_CONSENT_DAYS);
            if until > now {
                MaySend::ImpliedUntil(until)
            } else {
                MaySend::NoConsent
            }
        }
        _ => MaySend::NoConsent,
    }
}

/// A patron's standing with the venue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loyalty {
    /// Never came (a contact, a prospect).
    Prospect,
    /// First came this season.
    New,
    /// Came this season or the last, and before.
    Returning,
    /// Not seen this season nor the last.
    Lapsed,
    /// Holds a subscription this season.
    Subscriber,
}

/// The season a date falls in, by the year it starts: seasons run from
/// September to August.
pub fn season_of(date: chrono::NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// A patron's standing from the seasons of their visits (any order), the
/// current season, and whether they subscribed this season.
pub fn loyalty(visit_seasons: &[i32], current: i32, subscriber: bool) -> Loyalty {
    if subscriber {
        return Loyalty::Subscriber;
    }
    let (Some(first), Some(last)) = (visit_seasons.iter().min(), visit_seasons.iter().max()) else {
        return Loyalty::Prospect;
    };
    if *first >= current {
        Loyalty::New
    } else if *last >= current - 1 {
        Loyalty::Returning
    } else {
        Loyalty::Lapsed
    }
}

/// Text folded for search: lower case, accents and ligatures undone, only
/// letters and digits kept, split into words ("Hélène D'Arcy-Lœb" → helene,
/// d, arcy, loeb).
pub fn fold_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let folded = fold_char(c);
        if folded.is_empty() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push_str(folded);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// One character folded: its lower-case letter without accent, a digit, or
/// nothing (a separator).
fn fold_char(c: char) -> &'static str {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    let lower = c.to_ascii_lowercase();
    if let Some(i) = PLAIN.find(lower) {
        return &PLAIN[i..i + 1];
    }
    match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' | 'Ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
        'ÿ' | 'ý' | 'Ÿ' | 'Ý' => "y",
        'ñ' | 'Ñ' => "n",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        _ => "",
    }
}

/// A phone number's digits as search finds them: as written, and in its
/// national and international forms (France "06…" / "336…", North America
/// "514…" / "1514…").
pub fn phone_forms(phone: &str) -> Vec<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![digits.clone()];
    if let Some(rest) = digits.strip_prefix("33").filter(|r| r.len() == 9) {
        forms.push(format!("0{rest}"));
    } else if let Some(rest) = digits.strip_prefix('0').filter(|r| r.len() == 9) {
        forms.push(format!("33{rest}"));
    } else if let Some(rest) = digits.strip_prefix('1').filter(|r| r.len() == 10) {
        forms.push(rest.to_owned());
    } else if digits.len() == 10 && !digits.starts_with('0') {
        forms.push(format!("1{digits}"));
    }
    forms
}

/// The tokens a patron is found by: the folded words of their names and
/// organisation, their e-mail (whole, and its parts), their phone's forms,
/// their postcode without spaces.
pub fn tokens(
    first_name: &str,
    last_name: &str,
    organisation: &str,
    email: &str,
    phone: &str,
    postcode: &str,
) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for text in [first_name, last_name, organisation] {
        set.extend(fold_words(text));
    }
    // "Marie-Claire" is found by "marieclaire" too.
    for text in [first_name, last_name] {
        let joined: String = fold_words(text).concat();
        if !joined.is_empty() {
            set.insert(joined);
        }
    }
    let email = email.trim().to_lowercase();
    if !email.is_empty() {
        set.extend(fold_words(&email));
        set.insert(email);
    }
    set.extend(phone_forms(phone));
    let postcode: String = fold_words(postcode).concat();
    if !postcode.is_empty() {
        set.insert(postcode);
    }
    set.retain(|t| t.chars().count() <= 64);
    set
}

/// What a search typed becomes: the words each found patron must have a
/// token starting with, and the whole text run together (a phone number or
/// a postcode typed with spaces: "06 12", "h3b 2y5").
pub fn query(text: &str) -> (Vec<String>, String) {
    let lower = text.trim().to_lowercase();
    // An e-mail is one word.
    let words = if lower.contains('@') {
        vec![lower.clone()]
    } else {
        fold_words(&lower)
    };
    let joined = fold_words(&lower).concat();
    (words, joined)
}

/// A malformed e-mail or phone number: kept as typed, flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactFlag {
    Email,
    Phone,
}

/// What looks wrong in a patron's e-mail and phone (they are kept as typed).
pub fn contact_flags(email: &str, phone: &str) -> Vec<ContactFlag> {
    let mut flags = Vec::new();
    let email = email.trim();
    if !email.is_empty() {
        let ok = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if !ok {
            flags.push(ContactFlag::Email);
        }
    }
    let phone = phone.trim();
    if !phone.is_empty() {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +.-()".contains(c));
        if !allowed || !(8..=15).contains(&digits) {
            flags.push(ContactFlag::Phone);
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn words_fold_accents_case_and_separators() {
        assert_eq!(
            fold_words("Hélène D'Arcy-Lœb"),
            ["helene", "d", "arcy", "loeb"]
        );
        assert_eq!(fold_words("  ÇA  "), ["ca"]);
        assert_eq!(fold_words("H3B 2Y5"), ["h3b", "2y5"]);
    }

    #[test]
    fn a_phone_is_found_in_its_national_and_international_forms() {
        assert_eq!(
            phone_forms("+33 6 12 34 56 78"),
            ["33612345678", "0612345678"]
        );
        assert_eq!(phone_forms("06.12.34.56.78"), ["0612345678", "33612345678"]);
        assert_eq!(phone_forms("(514) 555-0199"), ["5145550199", "15145550199"]);
    }

    #[test]
    fn tokens_cover_names_email_phone_and_postcode() {
        let t = tokens(
            "Hélène",
            "Durand",
            "Lycée Voltaire",
            "H.Durand@Example.fr",
            "+33 6 12 34 56 78",
            "H3B 2Y5",
        );
        for want in [
            "helene",
            "durand",
            "lycee",
            "voltaire",
            "h.durand@example.fr",
            "0612345678",
            "h3b2y5",
        ] {
            assert!(t.contains(want), "{want} in {t:?}");
        }
    }

    #[test]
    fn flags_say_what_looks_wrong_without_changing_it() {
        assert!(contact_flags("camille@example.fr", "06 12 34 56 78").is_empty());
        assert_eq!(
            contact_flags("camille.example.fr", ""),
            [ContactFlag::Email]
        );
        assert_eq!(contact_flags("", "12"), [ContactFlag::Phone]);
        assert_eq!(
            contact_flags("a@b", "06 12 34 56 78 ext"),
            [ContactFlag::Email, ContactFlag::Phone]
        );
    }

    #[test]
    fn consent_follows_each_country_s_rules() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 16, 0, 0).unwrap();
        let when = now - Duration::days(100);
        let bought = Some(when);
        let email = ConsentChannel::Email;
        // France: a buyer gets similar offers by e-mail until they object.
        assert_eq!(
            may_send(email, None, bought, false, now),
            MaySend::SoftOptIn
        );
        assert_eq!(may_send(email, None, None, false, now), MaySend::NoConsent);
        assert_eq!(
            may_send(ConsentChannel::Sms, None, bought, false, now),
            MaySend::NoConsent
        );
        assert_eq!(
            may_send(ConsentChannel::Post, None, None, false, now),
            MaySend::NotObjected
        );
        let no = ConsentChange {
            channel: email,
            granted: false,
            source: "counter".into(),
            wording_version: "1".into(),
            operator: String::new(),
            at: now,
        };
        assert_eq!(
            may_send(email, Some(&no), bought, false, now),
            MaySend::Withdrawn(now)
        );
        // Quebec: implied consent for two years after a purchase.
        let until = when + Duration::days(IMPLIED_CONSENT_DAYS);
        assert_eq!(
            may_send(email, None, bought, true, now),
            MaySend::ImpliedUntil(until)
        );
        let old = Some(now - Duration::days(800));
        assert_eq!(may_send(email, None, old, true, now), MaySend::NoConsent);
    }

    #[test]
    fn loyalty_reads_the_seasons_of_visits() {
        assert_eq!(loyalty(&[], 2026, false), Loyalty::Prospect);
        assert_eq!(loyalty(&[2026], 2026, false), Loyalty::New);
        assert_eq!(loyalty(&[2024, 2025], 2026, false), Loyalty::Returning);
        assert_eq!(loyalty(&[2023], 2026, false), Loyalty::Lapsed);
        assert_eq!(loyalty(&[2023], 2026, true), Loyalty::Subscriber);
        let d = |y, m| chrono::NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        assert_eq!(season_of(d(2026, 9)), 2026);
        assert_eq!(season_of(d(2026, 8)), 2025);
    }
}

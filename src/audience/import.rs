//! Patrons from a CSV file (a mailing list, another ticketing system's
//! patron file): columns found by their headers (French or English) or
//! mapped by hand, each row matched against the file (e-mail, phone, name
//! and postcode) so nobody is added twice, empty fields completed, never
//! overwritten. Importing the same file twice changes nothing. A file with
//! bad rows imports nothing unless told to skip them; UTF-8 (with or
//! without BOM) and Windows-1252, `;` or `,`, are read alike.

use chrono::{DateTime, Utc};

use super::{AudienceError, check, index};
use crate::domain::operator::Act;
use crate::domain::patron::{self, PatronDetails, Text};
use crate::domain::plan_csv;
use crate::operators::Operator;
use crate::store::{self, Store, Tx};

/// The largest file read (50 MB) and the most rows.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
pub const MAX_ROWS: usize = 500_000;

/// A patron's field a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    Postcode,
    City,
    Country,
    BirthYear,
    Notes,
}

impl Column {
    pub const ALL: [Column; 10] = [
        Column::FirstName,
        Column::LastName,
        Column::Email,
        Column::Phone,
        Column::Address,
        Column::Postcode,
        Column::City,
        Column::Country,
        Column::BirthYear,
        Column::Notes,
    ];

    /// The patron's text field it fills (all but the birth year).
    pub fn text(self) -> Option<Text> {
        Some(match self {
            Column::FirstName => Text::FirstName,
            Column::LastName => Text::LastName,
            Column::Email => Text::Email,
            Column::Phone => Text::Phone,
            Column::Address => Text::Address,
            Column::Postcode => Text::Postcode,
            Column::City => Text::City,
            Column::Country => Text::Country,
            Column::Notes => Text::Notes,
            Column::BirthYear => return None,
        })
    }

    /// Its name in `--map` (first_name=Prénom).
    pub fn code(self) -> &'static str {
        self.text().map_or("birth_year", Text::code)
    }

    pub fn from_code(code: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The headers (folded) a file names it by.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::FirstName => &["prenom", "firstname", "first", "givenname"],
            Column::LastName => &[
                "nom",
                "lastname",
                "last",
                "surname",
                "familyname",
                "nomdefamille",
            ],
            Column::Email => &[
                "email",
                "mail",
                "courriel",
                "adresseemail",
                "emailaddress",
                "adressemail",
            ],
            Column::Phone => &[
                "telephone",
                "tel",
                "phone",
                "mobile",
                "portable",
                "phonenumber",
                "sms",
            ],
            Column::Address => &["adresse", "address", "rue", "street"],
            Column::Postcode => &[
                "codepostal",
                "cp",
                "postcode",
                "zip",
                "zipcode",
                "postalcode",
            ],
            Column::City => &["ville", "city", "commune", "town"],
            Column::Country => &["pays", "country"],
            Column::BirthYear => &["anneedenaissance", "naissance", "birthyear", "yearofbirth"],
            Column::Notes => &["notes", "note", "commentaire", "comments", "remarques"],
        }
    }
}

/// Why a row was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// No name, e-mail or phone: nobody to add.
    Nobody,
    BirthYear(String),
    TooLong(&'static str),
    Unreadable(String),
    /// History: a performance's date that cannot be read.
    Date(String),
    /// History: a performance still to come is not history.
    Future(String),
    NoShow,
    Price(String),
    Channel(String),
    Attended(String),
}

/// A bad row: its line in the file and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub problem: RowProblem,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    /// Patrons already in the file whose empty fields the row filled.
    pub completed: usize,
    /// Patrons already in the file the row told nothing new.
    pub unchanged: usize,
    /// Bad rows, skipped when asked (otherwise nothing is imported).
    pub skipped: Vec<RowError>,
}

/// The columns of a header row: by `map` (field → header) first, then by
/// the usual French and English names.
pub(super) fn columns(
    header: &[String],
    map: &[(Column, String)],
) -> Result<Vec<(Column, usize)>, AudienceError> {
    let folded: Vec<String> = header
        .iter()
        .map(|h| patron::fold_words(h).concat())
        .collect();
    let mut found = Vec::new();
    for (column, name) in map {
        let want = patron::fold_words(name).concat();
        let i = folded
            .iter()
            .position(|h| *h == want)
            .ok_or_else(|| AudienceError::NoColumn(name.clone()))?;
        found.push((*column, i));
    }
    for column in Column::ALL {
        if found.iter().any(|(c, _)| *c == column) {
            continue;
        }
        if let Some(i) = folded
            .iter()
            .position(|h| column.headers().contains(&h.as_str()))
        {
            found.push((column, i));
        }
    }
    if !found
        .iter()
        .any(|(c, _)| matches!(c, Column::LastName | Column::Email | Column::Phone))
    {
        return Err(AudienceError::NoColumn("nom / e-mail / téléphone".into()));
    }
    Ok(found)
}

/// A row as a patron's details, or why not.
pub(super) fn row_details(
    record: &csv::StringRecord,
    columns: &[(Column, usize)],
) -> Result<PatronDetails, RowProblem> {
    let mut d = PatronDetails::default();
    for (column, i) in columns {
        let v = record.get(*i).unwrap_or("").trim().to_owned();
        match column.text() {
            Some(text) if v.chars().count() > text.max() => {
                return Err(RowProblem::TooLong(column.code()));
            }
            Some(text) => *text.of_mut(&mut d) = v,
            None if v.is_empty() => {}
            None => match v.parse::<i32>() {
                Ok(y) if (1900..=2100).contains(&y) => d.birth_year = Some(y),
                _ => return Err(RowProblem::BirthYear(v)),
            },
        }
    }
    if !d.names_someone() {
        return Err(RowProblem::Nobody);
    }
    Ok(d)
}

/// The patron of the file a row is: same e-mail, else same phone, else same
/// first initial, last name and postcode.
fn matching(tx: &Tx, d: &PatronDetails) -> Result<Option<i64>, AudienceError> {
    if !d.email.is_empty()
        && let Some(id) = store::patrons::by_email(tx, &d.email)?
    {
        return Ok(Some(id));
    }
    if let Some(national) = patron::phone_forms(&d.phone)
        .last()
        .filter(|p| p.len() >= 9)
        && let Some(id) = store::patrons::with_tokens(tx, std::slice::from_ref(national))?.first()
    {
        return Ok(Some(*id));
    }
    let last = patron::fold_words(&d.last_name).concat();
    let postcode = patron::fold_words(&d.postcode).concat();
    if last.is_empty() || postcode.is_empty() {
        return Ok(None);
    }
    let initial = patron::fold_words(&d.first_name).concat().chars().next();
    for id in store::patrons::with_tokens(tx, &[last.clone(), postcode.clone()])? {
        if let Some(row) = store::patrons::row(tx, id)? {
            let same_last = patron::fold_words(&row.details.last_name).concat() == last;
            let same_initial = patron::fold_words(&row.details.first_name)
                .concat()
                .chars()
                .next()
                == initial;
            if same_last && same_initial {
                return Ok(Some(id));
            }
        }
    }
    Ok(None)
}

/// The kept patron's empty fields filled from the row's; whether any was.
fn complete(kept: &mut PatronDetails, row: &PatronDetails) -> bool {
    let mut changed = false;
    for text in Text::ALL {
        let (k, r) = (text.of_mut(kept), text.of(row));
        if k.trim().is_empty() && !r.trim().is_empty() {
            *k = r.clone();
            changed = true;
        }
    }
    if kept.birth_year.is_none() && row.birth_year.is_some() {
        kept.birth_year = row.birth_year;
        changed = true;
    }
    changed
}

/// A CSV file read whole and bounded: its header, and each data row with
/// its line in the file (or why it cannot be read). Blank rows are left out.
pub(super) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Result<csv::StringRecord, String>)>,
}

/// Reads a CSV file (UTF-8 with or without BOM, or Windows-1252; `;`, `,`
/// or tab), refusing one larger than [`MAX_BYTES`] or [`MAX_ROWS`].
pub(super) fn table(bytes: &[u8]) -> Result<Table, AudienceError> {
    if bytes.len() > MAX_BYTES {
        return Err(AudienceError::FileTooLarge(MAX_BYTES));
    }
    let text = plan_csv::decode(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.matches(char::from(*d)).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| AudienceError::NoColumn(e.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(AudienceError::FileTooLarge(MAX_BYTES));
        }
        match record {
            Err(e) => rows.push((i + 2, Err(e.to_string()))),
            Ok(r) if r.iter().all(|f| f.trim().is_empty()) => {}
            Ok(r) => rows.push((i + 2, Ok(r))),
        }
    }
    Ok(Table { header, rows })
}

/// What became of a row's patron.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    Created,
    Completed,
    Unchanged,
}

impl ImportReport {
    pub(super) fn count(&mut self, found: Found) {
        match found {
            Found::Created => self.created += 1,
            Found::Completed => self.completed += 1,
            Found::Unchanged => self.unchanged += 1,
        }
    }
}

/// The patron of the file a row's details are (empty fields completed), or
/// a new one from the import.
pub(super) fn find_or_add(
    tx: &Tx,
    d: &PatronDetails,
    now: DateTime<Utc>,
) -> Result<(i64, Found), AudienceError> {
    find_or_add_from(tx, d, "import", now)
}

/// The patron an outside order's buyer is (matched as a file's row is:
/// e-mail, phone, initial + last name + postcode; empty fields completed),
/// or a new one whose source is `source` ("online", "reseller").
pub(crate) fn find_or_add_from(
    tx: &Tx,
    d: &PatronDetails,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(i64, Found), AudienceError> {
    if let Some(id) = matching(tx, d)?
        && let Some(row) = store::patrons::row(tx, id)?
    {
        let mut kept = row.details;
        if !complete(&mut kept, d) {
            return Ok((id, Found::Unchanged));
        }
        let (kept, _) = check(tx, &kept)?;
        store::patrons::update(tx, id, &kept, store::unix(now))?;
        index(tx, id, &kept)?;
        return Ok((id, Found::Completed));
    }
    let (d, _) = check(tx, d)?;
    let id = store::patrons::insert(tx, &store::public_id(now), &d, source, store::unix(now))?;
    index(tx, id, &d)?;
    Ok((id, Found::Created))
}

/// Imports patrons from a CSV file, in one transaction (a coordinator's
/// act). Bad rows refuse the whole file (`AudienceError::Rows`, each named)
/// unless `skip_errors`.
pub fn import(
    store: &mut Store,
    by: &Operator,
    bytes: &[u8],
    map: &[(Column, String)],
    skip_errors: bool,
    now: DateTime<Utc>,
) -> Result<ImportReport, AudienceError> {
    if !by.role.may(Act::Import) {
        return Err(AudienceError::NotAllowed(Act::Import));
    }
    let table = table(bytes)?;
    let columns = columns(&table.header, map)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, record) in table.rows {
        let details = record
            .map_err(RowProblem::Unreadable)
            .and_then(|r| row_details(&r, &columns));
        match details {
            Ok(d) => rows.push(d),
            Err(problem) => errors.push(RowError { line, problem }),
        }
    }
    if !errors.is_empty() && !skip_errors {
        return Err(AudienceError::Rows(errors));
    }
    store.write(|tx| {
        let mut report = ImportReport {
            skipped: errors,
            ..ImportReport::default()
        };
        for d in &rows {
            let (_, found) = find_or_add(tx, d, now)?;
            report.count(found);
        }
        Ok(report)
    })
}

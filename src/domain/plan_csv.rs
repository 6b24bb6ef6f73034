//! Seat plans as CSV: `section,row,seat,x,y[,flags]`, one seat per line, as
//! a coordinator draws them in a spreadsheet. A header line is optional;
//! `;` works as the separator too (French spreadsheets), and then a decimal
//! comma is accepted in coordinates. Flags: `wheelchair`, `companion`,
//! `restricted_view`, separated by `|`.

use std::collections::HashMap;

use super::seat_plan::{PlannedSeat, SeatFlagName, SeatFlags};

/// What is wrong with a CSV plan, and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct CsvError {
    pub line: usize,
    pub problem: CsvProblem,
}

/// The columns a plan line holds, as the messages name them.
pub const COLUMNS: &str = "section,row,seat,x,y[,flags]";

/// Which text column of a line is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvColumn {
    Section,
    Row,
    Seat,
}

/// What is wrong with one line; the window says it in the clerk's language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvProblem {
    Unreadable(String),
    TooFewColumns(usize),
    TooManyColumns(usize),
    Empty(CsvColumn),
    /// `axis` is "x" or "y".
    NotANumber {
        axis: &'static str,
        raw: String,
    },
    UnknownFlag(String),
    Twice {
        section: String,
        row: String,
        number: String,
        first: usize,
    },
    NoSeat,
}

/// A plan file's bytes as text: UTF-8, or else Windows-1252 (what French
/// spreadsheets save "CSV (séparateur : point-virgule)" as), so accented
/// section names read right either way.
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    // 0x80–0x9F are the code page's own; the rest is Latin-1.
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Reads a whole plan; refuses it whole at the first problem.
pub fn parse(text: &str) -> Result<Vec<PlannedSeat>, CsvError> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut seats = Vec::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CsvError {
            line: e.position().map_or(index + 1, |p| p.line() as usize),
            problem: CsvProblem::Unreadable(e.to_string()),
        })?;
        let line = record.position().map_or(index + 1, |p| p.line() as usize);
        let fail = |problem: CsvProblem| CsvError { line, problem };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0
            && record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case("section"))
        {
            continue;
        }
        if record.len() < 5 {
            return Err(fail(CsvProblem::TooFewColumns(record.len())));
        }
        if record.len() > 6 {
            return Err(fail(CsvProblem::TooManyColumns(record.len())));
        }
        let text_field = |i: usize, column: CsvColumn| -> Result<String, CsvError> {
            let v = record.get(i).unwrap_or("").to_owned();
            if v.is_empty() {
                Err(fail(CsvProblem::Empty(column)))
            } else {
                Ok(v)
            }
        };
        let (section, row, number) = (
            text_field(0, CsvColumn::Section)?,
            text_field(1, CsvColumn::Row)?,
            text_field(2, CsvColumn::Seat)?,
        );
        let coordinate = |i: usize, axis: &'static str| -> Result<f64, CsvError> {
            let raw = record.get(i).unwrap_or("");
            raw.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && v.abs() <= 10_000.0)
                .ok_or_else(|| {
                    fail(CsvProblem::NotANumber {
                        axis,
                        raw: raw.to_owned(),
                    })
                })
        };
        let (x, y) = (coordinate(3, "x")?, coordinate(4, "y")?);
        let mut flags = SeatFlags::default();
        for flag in record
            .get(5)
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            let name = match flag {
                "wheelchair" => SeatFlagName::Wheelchair,
                "companion" => SeatFlagName::Companion,
                "restricted_view" => SeatFlagName::RestrictedView,
                other => return Err(fail(CsvProblem::UnknownFlag(other.to_owned()))),
            };
            flags = flags.with(name.flags());
        }
        let key = (
            section.to_lowercase(),
            row.to_lowercase(),
            number.to_lowercase(),
        );
        if let Some(first) = seen.insert(key, line) {
            return Err(fail(CsvProblem::Twice {
                section,
                row,
                number,
                first,
            }));
        }
        seats.push(PlannedSeat {
            section,
            row,
            number,
            x,
            y,
            flags,
        });
    }
    if seats.is_empty() {
        return Err(CsvError {
            line: 1,
            problem: CsvProblem::NoSeat,
        });
    }
    Ok(seats)
}

/// Writes a plan back, with a header, in the same format `parse` reads.
pub fn write(seats: &[PlannedSeat]) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = writer.write_record(["section", "row", "seat", "x", "y", "flags"]);
    for s in seats {
        let flags: Vec<&str> = [
            (SeatFlags::WHEELCHAIR, "wheelchair"),
            (SeatFlags::COMPANION, "companion"),
            (SeatFlags::RESTRICTED_VIEW, "restricted_view"),
        ]
        .into_iter()
        .filter(|(f, _)| s.flags.contains(*f))
        .map(|(_, name)| name)
        .collect();
        let _ = writer.write_record([
            s.section.as_str(),
            &s.row,
            &s.number,
            &s.x.to_string(),
            &s.y.to_string(),
            &flags.join("|"),
        ]);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_comma_and_semicolon_plans() {
        let comma = "section,row,seat,x,y,flags\nOrchestre,A,1,-1.5,2\n\"Balcon, côté cour\",C,14,3,20.5,wheelchair|companion\n";
        let seats = parse(comma).unwrap();
        assert_eq!(seats.len(), 2);
        assert_eq!(seats[1].section, "Balcon, côté cour");
        assert!(seats[1].flags.contains(SeatFlags::WHEELCHAIR));
        assert!(seats[1].flags.contains(SeatFlags::COMPANION));
        let semicolon = "Orchestre;A;1;-1,5;2\nOrchestre;A;2;-0,5;2;restricted_view\n";
        let seats = parse(semicolon).unwrap();
        assert_eq!(seats[0].x, -1.5);
        assert!(seats[1].flags.contains(SeatFlags::RESTRICTED_VIEW));
    }

    #[test]
    fn reads_a_windows_1252_file_from_a_french_spreadsheet() {
        let bytes = b"Balcon c\xf4t\xe9 cour;A;1;0;0\n\x80uro;A;1;0;1\n";
        let seats = parse(&decode(bytes)).unwrap();
        assert_eq!(seats[0].section, "Balcon côté cour");
        assert_eq!(seats[1].section, "€uro");
        assert_eq!(decode("Balcon côté cour".as_bytes()), "Balcon côté cour");
    }

    #[test]
    fn round_trips() {
        let text =
            "section,row,seat,x,y,flags\nOrchestre,A,1,-1.5,2,\nOrchestre,A,2,-0.5,2,wheelchair\n";
        let seats = parse(text).unwrap();
        assert_eq!(parse(&write(&seats)).unwrap(), seats);
        assert_eq!(write(&seats), text);
    }

    #[test]
    fn problems_name_the_line() {
        let cases = [
            (
                "Orchestre,A,1,0,0\nOrchestre,A,1,1,0\n",
                "line 2: seat Orchestre A 1 appears twice (first on line 1)",
            ),
            (
                "Orchestre,A,1,0\n",
                "line 1: 4 columns where section,row,seat,x,y[,flags] is expected",
            ),
            (
                "section,row,seat,x,y\nOrchestre,A,1,abc,0\n",
                "line 2: x \"abc\" is not a number between -10000 and 10000",
            ),
            (
                "Orchestre,A,1,0,0,vip\n",
                "line 1: unknown flag \"vip\": use wheelchair, companion or restricted_view",
            ),
            ("Orchestre,,1,0,0\n", "line 1: the row is empty"),
            (
                "section,row,seat,x,y\n",
                "line 1: no seat: one line per seat, section,row,seat,x,y[,flags]",
            ),
            (
                "Orchestre,A,1,0,0,,extra\n",
                "line 1: 7 columns where at most 6 (section,row,seat,x,y[,flags]) are expected; quote a name that holds the separator",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err().to_string(), message, "{text}");
        }
    }
}

//! Seat plans: sections, rows and seats with coordinates, so a map drawn from
//! them looks like the room (curved rows, aisles, balconies).
//!
//! Coordinates are in seat widths: x = 0 is the centre line of the hall, y
//! grows away from the stage. The generator lays out each section's rows
//! either straight or on arcs centred behind the stage.

use serde::{Deserialize, Serialize};

/// Per-seat flags, stored as a bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SeatFlags(pub u8);

impl SeatFlags {
    pub const WHEELCHAIR: SeatFlags = SeatFlags(1);
    pub const COMPANION: SeatFlags = SeatFlags(2);
    pub const RESTRICTED_VIEW: SeatFlags = SeatFlags(4);

    pub fn contains(self, other: SeatFlags) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub fn with(self, other: SeatFlags) -> SeatFlags {
        SeatFlags(self.0 | other.0)
    }

    /// The flags set, by name.
    pub fn names(self) -> Vec<SeatFlagName> {
        SeatFlagName::ALL
            .into_iter()
            .filter(|f| self.contains(f.flags()))
            .collect()
    }
}

/// How the seats of a row are numbered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// 1, 2, 3... from left to right (as seen from the audience).
    #[default]
    Sequential,
    /// French theatres: odd numbers on the left, even on the right, both
    /// growing from the centre outwards (…5 3 1 | 2 4 6…).
    OddEven,
}

/// A flag to put on some seats of a section, named by row and number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlaggedSeats {
    pub row: String,
    pub numbers: Vec<String>,
    pub flag: SeatFlagName,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatFlagName {
    Wheelchair,
    Companion,
    RestrictedView,
}

impl SeatFlagName {
    pub const ALL: [SeatFlagName; 3] = [
        SeatFlagName::Wheelchair,
        SeatFlagName::Companion,
        SeatFlagName::RestrictedView,
    ];

    pub fn flags(self) -> SeatFlags {
        match self {
            SeatFlagName::Wheelchair => SeatFlags::WHEELCHAIR,
            SeatFlagName::Companion => SeatFlags::COMPANION,
            SeatFlagName::RestrictedView => SeatFlags::RESTRICTED_VIEW,
        }
    }
}

/// One section of a hall, as the generator takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionSpec {
    pub name: String,
    /// Number of rows, labelled from `first_row` on (A, B, … Z, AA, AB…).
    pub rows: u32,
    #[serde(default = "default_first_row")]
    pub first_row: String,
    /// Seats in the first row (nearest the stage).
    pub seats: u32,
    /// Seats added to each following row (a fan-shaped room widens).
    #[serde(default)]
    pub seats_growth: i32,
    /// An aisle (one seat wide) after these seat positions, counted from the
    /// left of each row: `[6, 20]` makes three blocks.
    #[serde(default)]
    pub aisles_after: Vec<u32>,
    /// An aisle before the last N seats of each row: with `aisles_after:
    /// [5]` and `aisles_from_right: [5]`, every row has two side blocks of
    /// five seats around a centre block that widens with the room.
    #[serde(default)]
    pub aisles_from_right: Vec<u32>,
    /// Radius of the first row's arc in seat widths; 0 for straight rows.
    #[serde(default)]
    pub curve_radius: f64,
    /// Distance of the first row from the stage, in seat widths.
    #[serde(default = "default_offset")]
    pub offset: f64,
    /// Distance between rows, in seat widths.
    #[serde(default = "default_row_spacing")]
    pub row_spacing: f64,
    #[serde(default)]
    pub numbering: Numbering,
    #[serde(default)]
    pub flagged: Vec<FlaggedSeats>,
}

impl SectionSpec {
    /// Straight rows from A, numbered left to right, no aisle: change what
    /// differs.
    pub fn new(name: &str, rows: u32, seats: u32) -> SectionSpec {
        SectionSpec {
            name: name.to_owned(),
            rows,
            first_row: default_first_row(),
            seats,
            seats_growth: 0,
            aisles_after: Vec::new(),
            aisles_from_right: Vec::new(),
            curve_radius: 0.0,
            offset: default_offset(),
            row_spacing: default_row_spacing(),
            numbering: Numbering::Sequential,
            flagged: Vec::new(),
        }
    }
}

fn default_first_row() -> String {
    "A".into()
}
fn default_offset() -> f64 {
    2.0
}
fn default_row_spacing() -> f64 {
    1.2
}

/// A seat as generated, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedSeat {
    pub section: String,
    pub row: String,
    pub number: String,
    pub x: f64,
    pub y: f64,
    pub flags: SeatFlags,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    DuplicateSection(String),
    Section {
        section: String,
        problem: SectionProblem,
    },
}

/// What is wrong with one section of a generated plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SectionProblem {
    NoName,
    Rows(u32),
    Geometry,
    FirstRow(String),
    RowSize { row: String, count: i64 },
    NoSeatToFlag { row: String, number: String },
    TooCurved(String),
}

/// Lays out every section; seats come out section by section, row by row,
/// left to right.
pub fn generate(sections: &[SectionSpec]) -> Result<Vec<PlannedSeat>, PlanError> {
    let mut seen = std::collections::HashSet::new();
    let mut seats = Vec::new();
    for spec in sections {
        if !seen.insert(spec.name.trim().to_lowercase()) {
            return Err(PlanError::DuplicateSection(spec.name.clone()));
        }
        seats.extend(generate_section(spec)?);
    }
    Ok(seats)
}

fn generate_section(spec: &SectionSpec) -> Result<Vec<PlannedSeat>, PlanError> {
    let problem = |p: SectionProblem| PlanError::Section {
        section: spec.name.clone(),
        problem: p,
    };
    if spec.name.trim().is_empty() {
        return Err(problem(SectionProblem::NoName));
    }
    if spec.rows == 0 || spec.rows > 200 {
        return Err(problem(SectionProblem::Rows(spec.rows)));
    }
    // Comparisons written so that NaN fails them all.
    let geometry_ok = spec.row_spacing > 0.0
        && spec.row_spacing <= 20.0
        && (0.0..=1000.0).contains(&spec.curve_radius)
        && (-1000.0..=1000.0).contains(&spec.offset);
    if !geometry_ok {
        return Err(problem(SectionProblem::Geometry));
    }
    let first_row = row_index(&spec.first_row)
        .ok_or_else(|| problem(SectionProblem::FirstRow(spec.first_row.clone())))?;
    let mut seats = Vec::new();
    for r in 0..spec.rows {
        let count = spec.seats as i64 + spec.seats_growth as i64 * r as i64;
        if !(1..=500).contains(&count) {
            return Err(problem(SectionProblem::RowSize {
                row: row_label(first_row + r),
                count,
            }));
        }
        let count = count as u32;
        let row = row_label(first_row + r);
        let distance = spec.offset + r as f64 * spec.row_spacing;
        let mut aisles: Vec<u32> = spec
            .aisles_after
            .iter()
            .copied()
            .filter(|a| *a < count)
            .collect();
        aisles.extend(
            spec.aisles_from_right
                .iter()
                .filter(|n| **n < count)
                .map(|n| count - n),
        );
        aisles.sort_unstable();
        aisles.dedup();
        let width = (count + aisles.len() as u32) as f64;
        // On an arc, a row wider than a half circle would wrap round onto
        // itself.
        if spec.curve_radius > 0.0
            && (width - 1.0) / 2.0 / (spec.curve_radius + distance) > std::f64::consts::FRAC_PI_2
        {
            return Err(problem(SectionProblem::TooCurved(row)));
        }
        let mut position = 0.0;
        for s in 0..count {
            if s > 0 && aisles.contains(&s) {
                position += 1.0;
            }
            let along = position - (width - 1.0) / 2.0;
            position += 1.0;
            let (x, y) = if spec.curve_radius > 0.0 {
                let radius = spec.curve_radius + distance;
                let angle = along / radius;
                (
                    radius * angle.sin(),
                    radius * angle.cos() - spec.curve_radius,
                )
            } else {
                (along, distance)
            };
            seats.push(PlannedSeat {
                section: spec.name.trim().to_owned(),
                row: row.clone(),
                number: seat_number(spec.numbering, s, count),
                x: round2(x),
                y: round2(y),
                flags: SeatFlags::default(),
            });
        }
    }
    for flagged in &spec.flagged {
        for number in &flagged.numbers {
            let seat = seats
                .iter_mut()
                .find(|s| s.row == flagged.row && &s.number == number)
                .ok_or_else(|| {
                    problem(SectionProblem::NoSeatToFlag {
                        row: flagged.row.clone(),
                        number: number.clone(),
                    })
                })?;
            seat.flags = seat.flags.with(flagged.flag.flags());
        }
    }
    Ok(seats)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The number of the seat at `position` (from the left) in a row of `count`.
pub fn seat_number(numbering: Numbering, position: u32, count: u32) -> String {
    match numbering {
        Numbering::Sequential => (position + 1).to_string(),
        Numbering::OddEven => {
            // Left half, from the centre outwards: 1, 3, 5…; right half: 2, 4, 6…
            let left = count.div_ceil(2);
            if position < left {
                (2 * (left - position) - 1).to_string()
            } else {
                (2 * (position - left + 1)).to_string()
            }
        }
    }
}

/// "A" → 0, "Z" → 25, "AA" → 26.
fn row_index(label: &str) -> Option<u32> {
    let label = label.trim();
    if label.is_empty() || label.len() > 3 || !label.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in label.bytes() {
        n = n * 26 + u32::from(c - b'A') + 1;
    }
    Some(n - 1)
}

/// 0 → "A", 25 → "Z", 26 → "AA".
fn row_label(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(rows: u32, seats: u32) -> SectionSpec {
        SectionSpec::new("Orchestre", rows, seats)
    }

    #[test]
    fn row_labels_go_past_z() {
        for (i, l) in [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
        ] {
            assert_eq!(row_label(i), l);
            assert_eq!(row_index(l), Some(i));
        }
        assert_eq!(row_index("a"), None);
        assert_eq!(row_index(""), None);
    }

    #[test]
    fn odd_even_numbering_grows_from_the_centre() {
        let numbers: Vec<String> = (0..7)
            .map(|p| seat_number(Numbering::OddEven, p, 7))
            .collect();
        assert_eq!(numbers, ["7", "5", "3", "1", "2", "4", "6"]);
        let numbers: Vec<String> = (0..4)
            .map(|p| seat_number(Numbering::OddEven, p, 4))
            .collect();
        assert_eq!(numbers, ["3", "1", "2", "4"]);
    }

    #[test]
    fn straight_rows_with_an_aisle() {
        let mut s = section(2, 4);
        s.aisles_after = vec![2];
        let seats = generate(&[s]).unwrap();
        assert_eq!(seats.len(), 8);
        let xs: Vec<f64> = seats[..4].iter().map(|s| s.x).collect();
        assert_eq!(xs, [-2.0, -1.0, 1.0, 2.0]); // gap at x = 0 is the aisle
        assert_eq!(seats[4].row, "B");
        assert_eq!(seats[4].y, 3.2);
    }

    #[test]
    fn side_blocks_stay_the_same_width_in_a_widening_room() {
        let mut s = section(2, 12);
        s.seats_growth = 2;
        s.aisles_after = vec![3];
        s.aisles_from_right = vec![3];
        let seats = generate(&[s]).unwrap();
        let row_b: Vec<f64> = seats.iter().filter(|s| s.row == "B").map(|s| s.x).collect();
        assert_eq!(row_b.len(), 14);
        // 3 | 8 | 3 with two aisles: 16 positions centred on 0.
        assert_eq!(row_b[0], -7.5);
        assert_eq!(row_b[3] - row_b[2], 2.0, "aisle after the third seat");
        assert_eq!(row_b[11] - row_b[10], 2.0, "aisle before the last three");
    }

    #[test]
    fn curved_rows_bend_towards_the_stage() {
        let mut s = section(1, 21);
        s.curve_radius = 10.0;
        let seats = generate(&[s]).unwrap();
        let centre = &seats[10];
        let end = &seats[0];
        assert_eq!(centre.x, 0.0);
        assert!(
            end.y < centre.y,
            "the ends of a curved row are nearer the stage"
        );
        assert!((end.x + seats[20].x).abs() < 1e-9, "symmetric");
    }

    #[test]
    fn fan_shaped_rows_and_flags() {
        let mut s = section(3, 10);
        s.seats_growth = 2;
        s.flagged = vec![FlaggedSeats {
            row: "C".into(),
            numbers: vec!["1".into(), "14".into()],
            flag: SeatFlagName::Wheelchair,
        }];
        let seats = generate(&[s]).unwrap();
        assert_eq!(seats.len(), 10 + 12 + 14);
        let flagged: Vec<&PlannedSeat> = seats
            .iter()
            .filter(|s| s.flags.contains(SeatFlags::WHEELCHAIR))
            .collect();
        assert_eq!(flagged.len(), 2);
    }

    #[test]
    fn bad_specs_are_named() {
        let mut s = section(1, 4);
        s.flagged = vec![FlaggedSeats {
            row: "A".into(),
            numbers: vec!["9".into()],
            flag: SeatFlagName::Companion,
        }];
        assert_eq!(
            generate(&[s]).unwrap_err().to_string(),
            "section \"Orchestre\": row A has no seat 9 to flag"
        );
        assert!(matches!(
            generate(&[section(1, 4), section(1, 4)]),
            Err(PlanError::DuplicateSection(_))
        ));
        let mut s = section(3, 2);
        s.seats_growth = -1;
        assert!(
            generate(&[s])
                .unwrap_err()
                .to_string()
                .contains("row C would have 0 seats")
        );
        assert!(generate(&[section(0, 4)]).is_err());
        for bad in [f64::NAN, f64::INFINITY, -1.0, 5000.0] {
            let mut s = section(2, 4);
            s.curve_radius = bad;
            assert_eq!(
                generate(&[s]),
                Err(PlanError::Section {
                    section: "Orchestre".into(),
                    problem: SectionProblem::Geometry
                }),
                "curve {bad}"
            );
        }
        let mut s = section(2, 4);
        s.row_spacing = f64::NAN;
        assert!(generate(&[s]).is_err());
        let mut s = section(1, 20);
        s.curve_radius = 1.0;
        assert_eq!(
            generate(&[s]).unwrap_err().to_string(),
            "section \"Orchestre\": row A would bend more than a half circle: choose a larger curve radius"
        );
    }
}

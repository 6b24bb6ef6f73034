//! "Best available": the N seats a clerk would pick for a walk-in party,
//! side by side in one row, in the best price category that has them,
//! then nearest the centre of the hall a third of the way back.
//!
//! Wheelchair places and their companion seats are never picked this way
//! (they are sold on the map, to the people who need them); seats with a
//! restricted view come last. A block never spans an aisle, and blocks that
//! would strand a single free seat beside them are avoided when possible.

/// A seat as best-available sees it. Plan units: one seat wide, `y` grows
/// away from the stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub section: String,
    pub row: String,
    pub x: f64,
    pub y: f64,
    /// The price category's position: 0 is the best.
    pub rank: u32,
    pub free: bool,
    /// Wheelchair place or companion seat.
    pub reserved_for_access: bool,
    pub restricted_view: bool,
}

/// The best block of `n` seats together, left to right, or `None` when no
/// row has `n` free seats side by side.
pub fn best_available(seats: &[Candidate], n: usize) -> Option<Vec<i64>> {
    if n == 0 || seats.is_empty() {
        return None;
    }
    let rows = rows(seats);
    let pitch = pitch(&rows, seats);
    let (min_x, max_x) = bounds(seats.iter().map(|s| s.x));
    let (min_y, max_y) = bounds(seats.iter().map(|s| s.y));
    let centre = (min_x + max_x) / 2.0;
    let ideal_y = min_y + (max_y - min_y) * 0.3;

    let mut best: Option<(Score, Vec<i64>)> = None;
    for row in &rows {
        if row.len() < n {
            continue;
        }
        let usable = |i: usize| seats[row[i]].free && !seats[row[i]].reserved_for_access;
        let gap = |i: usize| seats[row[i + 1]].x - seats[row[i]].x > pitch * 1.6;
        for start in 0..=row.len() - n {
            let end = start + n; // exclusive
            if !(start..end).all(usable) || (start..end - 1).any(gap) {
                continue;
            }
            let block = &row[start..end];
            let rank = block.iter().map(|i| seats[*i].rank).max().unwrap_or(0);
            let restricted = block.iter().filter(|i| seats[**i].restricted_view).count();
            // A lone free seat left between this block and the next taken
            // seat or aisle is hard to sell.
            let strands = |inner: Option<usize>, outer: Option<usize>| match inner {
                Some(i) if usable(i) => match outer {
                    None => true,
                    Some(o) => !usable(o) || gap(i.min(o)),
                },
                _ => false,
            };
            let left_strands =
                start >= 1 && !gap(start - 1) && strands(Some(start - 1), start.checked_sub(2));
            let right_strands = end < row.len()
                && !gap(end - 1)
                && strands(Some(end), (end + 1 < row.len()).then_some(end + 1));
            let mid_x = block.iter().map(|i| seats[*i].x).sum::<f64>() / n as f64;
            let y = seats[block[0]].y;
            let distance = ((mid_x - centre).abs() + 1.5 * (y - ideal_y).abs()) / pitch;
            let score = Score {
                rank,
                restricted,
                strands: usize::from(left_strands) + usize::from(right_strands),
                distance,
            };
            if best.as_ref().is_none_or(|(b, _)| score.better_than(b)) {
                best = Some((score, block.iter().map(|i| seats[*i].id).collect()));
            }
        }
    }
    best.map(|(_, ids)| ids)
}

struct Score {
    rank: u32,
    restricted: usize,
    strands: usize,
    distance: f64,
}

impl Score {
    fn better_than(&self, other: &Score) -> bool {
        (self.rank, self.restricted, self.strands)
            .cmp(&(other.rank, other.restricted, other.strands))
            .then(self.distance.total_cmp(&other.distance))
            .is_lt()
    }
}

/// Seat indices grouped by section and row, each row left to right.
fn rows(seats: &[Candidate]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..seats.len()).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&seats[*a], &seats[*b]);
        (&a.section, &a.row)
            .cmp(&(&b.section, &b.row))
            .then(a.x.total_cmp(&b.x))
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match rows.last_mut() {
            Some(row)
                if seats[row[0]].section == seats[i].section
                    && seats[row[0]].row == seats[i].row =>
            {
                row.push(i)
            }
            _ => rows.push(vec![i]),
        }
    }
    rows
}

/// The usual distance between neighbours in a row (the median), so aisles
/// show as gaps well above it.
fn pitch(rows: &[Vec<usize>], seats: &[Candidate]) -> f64 {
    let mut steps: Vec<f64> = rows
        .iter()
        .flat_map(|r| r.windows(2).map(|w| seats[w[1]].x - seats[w[0]].x))
        .filter(|d| *d > 1e-6)
        .collect();
    if steps.is_empty() {
        return 1.0;
    }
    steps.sort_by(f64::total_cmp);
    steps[steps.len() / 2]
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A straight hall: rows A.. from the stage, seats 1..=width, aisle
    /// after seat `aisle` when given.
    fn hall(rows: usize, width: usize, aisle: Option<usize>) -> Vec<Candidate> {
        let mut seats = Vec::new();
        for r in 0..rows {
            for s in 0..width {
                let gap = aisle.is_some_and(|a| s >= a) as usize as f64 * 2.0;
                seats.push(Candidate {
                    id: (r * 100 + s + 1) as i64,
                    section: "Orchestre".into(),
                    row: ((b'A' + r as u8) as char).to_string(),
                    x: s as f64 + gap,
                    y: r as f64,
                    rank: 0,
                    free: true,
                    reserved_for_access: false,
                    restricted_view: false,
                });
            }
        }
        seats
    }

    fn take(seats: &mut [Candidate], ids: &[i64]) {
        for s in seats.iter_mut().filter(|s| ids.contains(&s.id)) {
            s.free = false;
        }
    }

    #[test]
    fn two_seats_go_to_the_centre_a_third_of_the_way_back() {
        let seats = hall(10, 20, None);
        let got = best_available(&seats, 2).unwrap();
        // Row D (a third of 9 rows back ≈ 2.7, nearest 3), seats 10 and 11.
        assert_eq!(got, vec![310, 311]);
    }

    #[test]
    fn the_best_category_comes_before_the_best_place() {
        let mut seats = hall(10, 20, None);
        for s in seats.iter_mut() {
            s.rank = if s.y >= 7.0 { 0 } else { 1 };
        }
        let got = best_available(&seats, 2).unwrap();
        assert!(got.iter().all(|id| *id >= 700), "{got:?}");
    }

    #[test]
    fn a_block_never_spans_an_aisle_or_a_taken_seat() {
        let mut seats = hall(1, 6, Some(3));
        take(&mut seats, &[2]);
        // Free: 1 | 3 || 4 5 6 : three together only right of the aisle.
        assert_eq!(best_available(&seats, 3).unwrap(), vec![4, 5, 6]);
        assert_eq!(best_available(&seats, 4), None);
    }

    #[test]
    fn access_places_are_never_picked_and_restricted_views_come_last() {
        let mut seats = hall(1, 4, None);
        seats[1].reserved_for_access = true;
        seats[2].reserved_for_access = true;
        assert_eq!(best_available(&seats, 2), None);
        let mut seats = hall(2, 2, None);
        seats[0].restricted_view = true;
        assert_eq!(best_available(&seats, 2).unwrap(), vec![101, 102]);
    }

    #[test]
    fn blocks_that_strand_a_single_seat_are_avoided() {
        let mut seats = hall(1, 8, None);
        take(&mut seats, &[1, 8]);
        // Free 2..=7; the centre pair 4-5 would strand nothing but leaves
        // 2-3 and 6-7; 3-4 would strand seat 2.
        let got = best_available(&seats, 2).unwrap();
        assert_ne!(got, vec![3, 4]);
        assert_ne!(got, vec![5, 6]);
    }

    #[test]
    fn nothing_to_pick_gives_none() {
        assert_eq!(best_available(&[], 2), None);
        assert_eq!(best_available(&hall(1, 4, None), 0), None);
        assert_eq!(best_available(&hall(1, 4, None), 5), None);
    }
}

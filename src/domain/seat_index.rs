//! Finding seats by position: which seat is under the pointer, which seats
//! a dragged rectangle covers. A uniform grid of buckets about one seat
//! wide, so a hit test looks at a handful of seats whatever the size of the
//! hall; the buckets widen when the seats are spread far apart, so that
//! there are never many more buckets than seats.

/// Seat centres in plan units, bucketed.
pub struct SeatIndex {
    centres: Vec<(f64, f64)>,
    radius: f64,
    min: (f64, f64),
    cell: f64,
    columns: usize,
    rows: usize,
    buckets: Vec<Vec<u32>>,
}

impl SeatIndex {
    /// `radius`: how far from its centre a seat can be hit (0.5 for seats
    /// one unit wide).
    pub fn new(centres: Vec<(f64, f64)>, radius: f64) -> SeatIndex {
        let (mut min, mut max) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for (x, y) in &centres {
            min = (min.0.min(*x), min.1.min(*y));
            max = (max.0.max(*x), max.1.max(*y));
        }
        if centres.is_empty() {
            min = (0.0, 0.0);
            max = (0.0, 0.0);
        }
        // At least one seat wide (so a hit looks at the next buckets only);
        // wider when few seats are spread over a large area.
        let area = (max.0 - min.0 + 1.0) * (max.1 - min.1 + 1.0);
        let sparse = (area / (4.0 * centres.len().max(1) as f64)).sqrt();
        let cell = (radius * 2.0).max(sparse).max(1e-3);
        let columns = ((max.0 - min.0) / cell) as usize + 1;
        let rows = ((max.1 - min.1) / cell) as usize + 1;
        let mut buckets = vec![Vec::new(); columns * rows];
        for (i, (x, y)) in centres.iter().enumerate() {
            let c = ((x - min.0) / cell) as usize;
            let r = ((y - min.1) / cell) as usize;
            buckets[r * columns + c].push(i as u32);
        }
        SeatIndex {
            centres,
            radius,
            min,
            cell,
            columns,
            rows,
            buckets,
        }
    }

    pub fn len(&self) -> usize {
        self.centres.len()
    }

    pub fn is_empty(&self) -> bool {
        self.centres.is_empty()
    }

    /// The seat whose centre is nearest to (x, y), if within the radius.
    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        let c = ((x - self.min.0) / self.cell).floor() as i64;
        let r = ((y - self.min.1) / self.cell).floor() as i64;
        let mut best: Option<(f64, usize)> = None;
        for rr in r - 1..=r + 1 {
            for cc in c - 1..=c + 1 {
                if rr < 0 || cc < 0 || rr as usize >= self.rows || cc as usize >= self.columns {
                    continue;
                }
                for &i in &self.buckets[rr as usize * self.columns + cc as usize] {
                    let (sx, sy) = self.centres[i as usize];
                    let d = (sx - x).powi(2) + (sy - y).powi(2);
                    if d <= self.radius * self.radius && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, i as usize));
                    }
                }
            }
        }
        best.map(|(_, i)| i)
    }

    /// Every seat whose centre lies in the rectangle between two corners.
    pub fn within(&self, a: (f64, f64), b: (f64, f64)) -> Vec<usize> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let bucket = |v: f64, origin: f64, n: usize| {
            (((v - origin) / self.cell).floor().max(0.0) as usize).min(n.saturating_sub(1))
        };
        let mut found = Vec::new();
        for r in bucket(y0, self.min.1, self.rows)..=bucket(y1, self.min.1, self.rows) {
            for c in bucket(x0, self.min.0, self.columns)..=bucket(x1, self.min.0, self.columns) {
                for &i in &self.buckets[r * self.columns + c] {
                    let (x, y) = self.centres[i as usize];
                    if (x0..=x1).contains(&x) && (y0..=y1).contains(&y) {
                        found.push(i as usize);
                    }
                }
            }
        }
        found.sort_unstable();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(columns: usize, rows: usize) -> SeatIndex {
        let centres = (0..rows)
            .flat_map(|r| (0..columns).map(move |c| (c as f64, r as f64 * 1.2)))
            .collect();
        SeatIndex::new(centres, 0.5)
    }

    #[test]
    fn hits_the_seat_under_the_pointer_and_nothing_in_the_gaps() {
        let index = grid(60, 50);
        assert_eq!(index.len(), 3000);
        assert_eq!(index.hit(0.0, 0.0), Some(0));
        assert_eq!(index.hit(5.3, 1.1), Some(65));
        assert_eq!(index.hit(59.4, 58.9), Some(2999));
        assert_eq!(index.hit(5.0, 0.6), None, "between two rows");
        assert_eq!(index.hit(-3.0, -3.0), None);
        assert_eq!(index.hit(1000.0, 0.0), None);
    }

    #[test]
    fn a_rectangle_selects_what_it_covers() {
        let index = grid(10, 3);
        assert_eq!(index.within((1.5, -1.0), (3.5, 1.3)), vec![2, 3, 12, 13]);
        assert_eq!(
            index.within((3.5, 1.3), (1.5, -1.0)),
            vec![2, 3, 12, 13],
            "any corner order"
        );
        assert!(index.within((20.0, 20.0), (30.0, 30.0)).is_empty());
        assert!(SeatIndex::new(vec![], 0.5).hit(0.0, 0.0).is_none());
    }

    #[test]
    fn seats_far_apart_do_not_make_a_huge_grid() {
        let index = SeatIndex::new(vec![(-10_000.0, -10_000.0), (10_000.0, 10_000.0)], 0.5);
        assert!(index.buckets.len() <= 16, "{} buckets", index.buckets.len());
        assert_eq!(index.hit(10_000.2, 9_999.9), Some(1));
        assert_eq!(index.hit(0.0, 0.0), None);
        assert_eq!(
            index.within((-10_001.0, -10_001.0), (10_001.0, 10_001.0)),
            vec![0, 1]
        );
    }
}

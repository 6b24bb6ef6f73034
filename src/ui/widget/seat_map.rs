//! The seat map: every seat of a plan drawn where it is in the room, its
//! colour saying its category and a mark saying its state, so colour is
//! never the only signal (held: a hollow in the hold's colour; sold:
//! barred; selected: a ring; wheelchair places are wider, restricted views
//! have a notch on top).
//!
//! Click a seat, Shift+click to add or remove one, drag a rectangle to
//! choose many. The wheel zooms about the pointer (up to 8×), a right-drag
//! pans, a middle click shows the whole plan again. All seats are drawn once into a cache; the selection, the
//! hovered seat and the rectangle are an overlay redrawn each frame, so
//! choosing seats never redraws three thousand of them.

use std::collections::HashSet;

use iced::mouse::{self, Cursor};
use iced::widget::canvas::{self, Action, Cache, Frame, Geometry, Path, Stroke, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme, keyboard};

use crate::domain::Seat;
use crate::domain::seat_index::SeatIndex;
use crate::domain::seat_plan::SeatFlags;

/// How one seat is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub fill: Color,
    pub mark: Mark,
}

/// The state a seat shows besides its colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Free,
    /// In a hold of this colour.
    Held(Color),
    Sold,
}

/// What the map tells its screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A seat was clicked; `extend` when Shift was held.
    Clicked { seat: i64, extend: bool },
    /// A rectangle was dragged over these seats; `extend` with Shift.
    Chosen { seats: Vec<i64>, extend: bool },
}

pub struct SeatMap {
    seats: Vec<Seat>,
    looks: Vec<Look>,
    index: SeatIndex,
    /// The usual distance between neighbours of a row, in plan units: a
    /// seat is drawn that wide, whatever unit the plan was drawn in.
    pitch: f32,
    min: (f32, f32),
    span: (f32, f32),
    selected: HashSet<i64>,
    stage: String,
    cache: Cache,
}

const MARGIN: f32 = 16.0;
const STAGE: f32 = 34.0;

/// Where the plan lands in the widget: plan units to pixels.
#[derive(Clone, Copy, Debug)]
struct Fit {
    origin: Point,
    scale: f32,
    min: (f32, f32),
}

impl Fit {
    fn to_screen(self, x: f64, y: f64) -> Point {
        Point::new(
            self.origin.x + (x as f32 - self.min.0) * self.scale,
            self.origin.y + (y as f32 - self.min.1) * self.scale,
        )
    }

    fn to_plan(self, p: Point) -> (f64, f64) {
        (
            ((p.x - self.origin.x) / self.scale + self.min.0) as f64,
            ((p.y - self.origin.y) / self.scale + self.min.1) as f64,
        )
    }
}

impl SeatMap {
    /// A map of these seats, all free and grey, with `stage` written where
    /// the stage is.
    pub fn new(seats: Vec<Seat>, stage: &str) -> SeatMap {
        let (mut min, mut max) = ((f32::MAX, f32::MAX), (f32::MIN, f32::MIN));
        for s in &seats {
            min = (min.0.min(s.x as f32), min.1.min(s.y as f32));
            max = (max.0.max(s.x as f32), max.1.max(s.y as f32));
        }
        if seats.is_empty() {
            (min, max) = ((0.0, 0.0), (1.0, 1.0));
        }
        let pitch = pitch(&seats);
        let index = SeatIndex::new(seats.iter().map(|s| (s.x, s.y)).collect(), pitch / 2.0);
        let pitch = pitch as f32;
        let looks = vec![
            Look {
                fill: Color::from_rgb8(0x9a, 0x94, 0x8a),
                mark: Mark::Free,
            };
            seats.len()
        ];
        SeatMap {
            seats,
            looks,
            index,
            pitch,
            min: (min.0 - pitch / 2.0, min.1 - pitch / 2.0),
            span: (max.0 - min.0 + pitch, max.1 - min.1 + pitch),
            selected: HashSet::new(),
            stage: stage.to_owned(),
            cache: Cache::new(),
        }
    }

    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// Sets how every seat looks (categories, holds, sales); redraws.
    pub fn set_looks(&mut self, look: impl Fn(&Seat) -> Look) {
        self.looks = self.seats.iter().map(look).collect();
        self.cache.clear();
    }

    /// Forgets the drawn seats: the next frame draws them all again.
    pub fn invalidate(&self) {
        self.cache.clear();
    }

    pub fn selected(&self) -> &HashSet<i64> {
        &self.selected
    }

    pub fn set_selected(&mut self, seats: impl IntoIterator<Item = i64>) {
        self.selected = seats.into_iter().collect();
    }

    /// Applies a map event to the selection.
    pub fn choose(&mut self, event: &Event) {
        match event {
            Event::Clicked { seat, extend: true } => {
                if !self.selected.remove(seat) {
                    self.selected.insert(*seat);
                }
            }
            Event::Clicked {
                seat,
                extend: false,
            } => self.set_selected([*seat]),
            Event::Chosen {
                seats,
                extend: true,
            } => self.selected.extend(seats),
            Event::Chosen {
                seats,
                extend: false,
            } => self.set_selected(seats.iter().copied()),
        }
    }

    fn fit(&self, bounds: Size) -> Fit {
        self.fit_in(bounds, &View::default())
    }

    /// The fit at a zoom and pan: the whole plan scaled about the middle
    /// of the widget, then moved.
    fn fit_in(&self, bounds: Size, view: &View) -> Fit {
        let base = self.base_fit(bounds);
        let middle = Point::new(bounds.width / 2.0, bounds.height / 2.0);
        Fit {
            origin: Point::new(
                middle.x + (base.origin.x - middle.x) * view.zoom + view.pan.x,
                middle.y + (base.origin.y - middle.y) * view.zoom + view.pan.y,
            ),
            scale: base.scale * view.zoom,
            min: base.min,
        }
    }

    fn base_fit(&self, bounds: Size) -> Fit {
        let width = (bounds.width - 2.0 * MARGIN).max(1.0);
        let height = (bounds.height - 2.0 * MARGIN - STAGE).max(1.0);
        let scale = (width / self.span.0).min(height / self.span.1).max(0.1);
        let used = (self.span.0 * scale, self.span.1 * scale);
        Fit {
            origin: Point::new(
                (bounds.width - used.0) / 2.0,
                MARGIN + STAGE + (height - used.1) / 2.0,
            ),
            scale,
            min: self.min,
        }
    }

    /// The seat under a point of the widget, if any (whole plan shown).
    pub fn seat_at(&self, bounds: Size, point: Point) -> Option<i64> {
        self.seat_at_in(bounds, point, &View::default())
    }

    fn seat_at_in(&self, bounds: Size, point: Point, view: &View) -> Option<i64> {
        let (x, y) = self.fit_in(bounds, view).to_plan(point);
        self.index.hit(x, y).map(|i| self.seats[i].id)
    }

    /// Where a seat's centre is drawn in a widget of that size.
    pub fn seat_centre(&self, bounds: Size, seat: i64) -> Option<Point> {
        let s = self.seats.iter().find(|s| s.id == seat)?;
        Some(self.fit(bounds).to_screen(s.x, s.y))
    }

    /// Draws every seat (the cached layer).
    fn draw_seats(&self, frame: &mut Frame, fit: Fit) {
        let stage_width = (self.span.0 * fit.scale).min(frame.width() - 2.0 * MARGIN) * 0.6;
        let stage_at = Point::new((frame.width() - stage_width) / 2.0, MARGIN);
        frame.fill(
            &Path::rounded_rectangle(stage_at, Size::new(stage_width, STAGE - 10.0), 6.0.into()),
            Color::from_rgb8(0x3a, 0x35, 0x30),
        );
        frame.fill_text(Text {
            content: self.stage.clone(),
            position: Point::new(frame.width() / 2.0, MARGIN + (STAGE - 10.0) / 2.0),
            color: Color::WHITE,
            size: 14.0.into(),
            align_x: iced::widget::text::Alignment::Center,
            align_y: iced::alignment::Vertical::Center,
            font: crate::ui::theme::BOLD,
            ..Text::default()
        });
        let half = (fit.scale * self.pitch * 0.42).max(1.0);
        let white = Color::WHITE;
        // Axis-aligned rectangles only: the software renderer fills them
        // without tracing curves, which keeps a full redraw of thousands of
        // seats within a frame.
        for (seat, look) in self.seats.iter().zip(&self.looks) {
            let c = fit.to_screen(seat.x, seat.y);
            // Wheelchair places are wider: a different silhouette.
            let w = if seat.flags.contains(SeatFlags::WHEELCHAIR) {
                half * 1.4
            } else {
                half
            };
            frame.fill_rectangle(
                Point::new(c.x - w, c.y - half),
                Size::new(2.0 * w, 2.0 * half),
                look.fill,
            );
            match look.mark {
                // Held: hollow, the hollow in the hold's colour.
                Mark::Held(hold) => {
                    frame.fill_rectangle(
                        Point::new(c.x - w * 0.6, c.y - half * 0.6),
                        Size::new(w * 1.2, half * 1.2),
                        white,
                    );
                    frame.fill_rectangle(
                        Point::new(c.x - w * 0.35, c.y - half * 0.35),
                        Size::new(w * 0.7, half * 0.7),
                        hold,
                    );
                }
                // Sold: barred.
                Mark::Sold => frame.fill_rectangle(
                    Point::new(c.x - w * 0.8, c.y - half * 0.2),
                    Size::new(w * 1.6, half * 0.4),
                    white,
                ),
                Mark::Free => {}
            }
            if seat.flags.contains(SeatFlags::RESTRICTED_VIEW) {
                frame.fill_rectangle(
                    Point::new(c.x - w * 0.3, c.y - half),
                    Size::new(w * 0.6, half * 0.35),
                    white,
                );
            }
        }
    }
}

/// What the map remembers between events: the drag, the keys, and the
/// zoom and pan (wheel to zoom about the pointer, right-drag to pan,
/// middle click to see the whole plan again).
#[derive(Default)]
pub struct Interaction {
    drag_from: Option<Point>,
    shift: bool,
    view: View,
    pan_from: Option<Point>,
}

/// How far in the map is zoomed, and where it is moved to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub pan: iced::Vector,
}

impl Default for View {
    fn default() -> View {
        View {
            zoom: 1.0,
            pan: iced::Vector::new(0.0, 0.0),
        }
    }
}

/// The widest zoom: a seat of a 3,000-seat hall becomes a finger wide.
pub const MAX_ZOOM: f32 = 8.0;

impl View {
    /// Zooms by `factor` keeping the point `at` of the widget where it is.
    pub fn zoom_about(&mut self, factor: f32, at: Point, bounds: Size) {
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        if zoom == 1.0 {
            *self = View::default();
            return;
        }
        let middle = Point::new(bounds.width / 2.0, bounds.height / 2.0);
        let ratio = zoom / self.zoom;
        // at = middle + (p - middle) * zoom + pan, for the plan point p under it.
        self.pan = iced::Vector::new(
            (at.x - middle.x) - (at.x - middle.x - self.pan.x) * ratio,
            (at.y - middle.y) - (at.y - middle.y - self.pan.y) * ratio,
        );
        self.zoom = zoom;
    }
}

impl canvas::Program<Event> for SeatMap {
    type State = Interaction;

    fn update(
        &self,
        state: &mut Interaction,
        event: &canvas::Event,
        bounds: Rectangle,
        cursor: Cursor,
    ) -> Option<Action<Event>> {
        match event {
            canvas::Event::Keyboard(keyboard::Event::ModifiersChanged(m)) => {
                state.shift = m.shift();
                None
            }
            canvas::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                let at = cursor.position_in(bounds)?;
                state.drag_from = Some(at);
                Some(Action::request_redraw().and_capture())
            }
            canvas::Event::Mouse(mouse::Event::WheelScrolled { delta }) => {
                let at = cursor.position_in(bounds)?;
                let lines = match delta {
                    mouse::ScrollDelta::Lines { y, .. } => *y,
                    mouse::ScrollDelta::Pixels { y, .. } => *y / 40.0,
                };
                state
                    .view
                    .zoom_about(1.25f32.powf(lines), at, bounds.size());
                self.cache.clear();
                Some(Action::request_redraw().and_capture())
            }
            canvas::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Right)) => {
                state.pan_from = Some(cursor.position_in(bounds)?);
                Some(Action::request_redraw().and_capture())
            }
            canvas::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Right)) => {
                state.pan_from = None;
                None
            }
            canvas::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Middle)) => {
                cursor.position_in(bounds)?;
                state.view = View::default();
                self.cache.clear();
                Some(Action::request_redraw().and_capture())
            }
            canvas::Event::Mouse(mouse::Event::CursorMoved { .. }) => {
                if let (Some(from), Some(at)) = (state.pan_from, cursor.position_in(bounds))
                    && state.view.zoom > 1.0
                {
                    state.view.pan += at - from;
                    state.pan_from = Some(at);
                    self.cache.clear();
                }
                Some(Action::request_redraw())
            }
            canvas::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => {
                let from = state.drag_from.take()?;
                // A drag may end outside the map: it covers up to its edge.
                let to = cursor.position().map_or(from, |p| {
                    Point::new(
                        (p.x - bounds.x).clamp(0.0, bounds.width),
                        (p.y - bounds.y).clamp(0.0, bounds.height),
                    )
                });
                let extend = state.shift;
                if (to.x - from.x).abs() < 4.0 && (to.y - from.y).abs() < 4.0 {
                    let seat = self.seat_at_in(bounds.size(), to, &state.view)?;
                    return Some(Action::publish(Event::Clicked { seat, extend }).and_capture());
                }
                let fit = self.fit_in(bounds.size(), &state.view);
                let seats = self
                    .index
                    .within(fit.to_plan(from), fit.to_plan(to))
                    .into_iter()
                    .map(|i| self.seats[i].id)
                    .collect();
                Some(Action::publish(Event::Chosen { seats, extend }).and_capture())
            }
            _ => None,
        }
    }

    fn draw(
        &self,
        state: &Interaction,
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        cursor: Cursor,
    ) -> Vec<Geometry> {
        let fit = self.fit_in(bounds.size(), &state.view);
        let seats = self
            .cache
            .draw(renderer, bounds.size(), |frame| self.draw_seats(frame, fit));
        let mut overlay = Frame::new(renderer, bounds.size());
        let radius = (fit.scale * self.pitch * 0.42).max(1.0);
        let ring = Stroke::default()
            .with_color(Color::from_rgb8(0x8c, 0x2f, 0x39))
            .with_width((radius * 0.45).max(2.0));
        if !self.selected.is_empty() {
            let mut path = canvas::path::Builder::new();
            for s in self.seats.iter().filter(|s| self.selected.contains(&s.id)) {
                path.circle(fit.to_screen(s.x, s.y), radius + 2.0);
            }
            overlay.stroke(&path.build(), ring);
        }
        if let Some(at) = cursor.position_in(bounds) {
            if let Some(centre) = self
                .seat_at_in(bounds.size(), at, &state.view)
                .and_then(|seat| self.seats.iter().find(|s| s.id == seat))
                .map(|s| fit.to_screen(s.x, s.y))
            {
                overlay.stroke(
                    &Path::circle(centre, radius + 3.0),
                    Stroke::default().with_color(Color::BLACK).with_width(1.5),
                );
            }
            if let Some(from) = state.drag_from {
                let top_left = Point::new(from.x.min(at.x), from.y.min(at.y));
                let size = Size::new((at.x - from.x).abs(), (at.y - from.y).abs());
                overlay.fill_rectangle(top_left, size, Color::from_rgba8(0x8c, 0x2f, 0x39, 0.12));
                overlay.stroke(
                    &Path::rectangle(top_left, size),
                    Stroke::default().with_width(1.0),
                );
            }
        }
        vec![seats, overlay.into_geometry()]
    }

    fn mouse_interaction(
        &self,
        state: &Interaction,
        bounds: Rectangle,
        cursor: Cursor,
    ) -> mouse::Interaction {
        match cursor.position_in(bounds) {
            Some(_) if state.pan_from.is_some() => mouse::Interaction::Grabbing,
            Some(at) if self.seat_at_in(bounds.size(), at, &state.view).is_some() => {
                mouse::Interaction::Pointer
            }
            Some(_) => mouse::Interaction::Crosshair,
            None => mouse::Interaction::default(),
        }
    }
}

/// The median distance between neighbouring seats of a row (1 when no
/// row has two seats).
fn pitch(seats: &[Seat]) -> f64 {
    let mut rows: std::collections::HashMap<(&str, &str), Vec<(f64, f64)>> =
        std::collections::HashMap::new();
    for s in seats {
        rows.entry((&s.section, &s.row))
            .or_default()
            .push((s.x, s.y));
    }
    let mut gaps: Vec<f64> = Vec::with_capacity(seats.len());
    for row in rows.values_mut() {
        row.sort_by(|a, b| a.0.total_cmp(&b.0));
        gaps.extend(
            row.windows(2)
                .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
                .filter(|d| *d > 1e-6),
        );
    }
    if gaps.is_empty() {
        return 1.0;
    }
    let middle = gaps.len() / 2;
    let (_, median, _) = gaps.select_nth_unstable_by(middle, f64::total_cmp);
    median.clamp(1e-3, 1e3)
}

/// "#4a6fa5" → a colour (grey when unreadable).
pub fn colour(hex: &str) -> Color {
    let hex = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("88"), 16).unwrap_or(0x88);
    if hex.len() == 6 {
        Color::from_rgb8(byte(0), byte(2), byte(4))
    } else {
        Color::from_rgb8(0x88, 0x88, 0x88)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::Vector;

    fn seat(id: i64, x: f64, y: f64) -> Seat {
        Seat {
            id,
            section: "Orchestre".into(),
            row: "A".into(),
            number: id.to_string(),
            x,
            y,
            flags: SeatFlags::default(),
        }
    }

    #[test]
    fn clicks_find_the_seat_drawn_there() {
        let map = SeatMap::new((0..10).map(|i| seat(i, i as f64, 0.0)).collect(), "SCÈNE");
        let size = Size::new(800.0, 400.0);
        for id in [0, 4, 9] {
            let centre = map.seat_centre(size, id).unwrap();
            assert_eq!(map.seat_at(size, centre), Some(id));
            assert_eq!(map.seat_at(size, centre + Vector::new(3.0, 0.0)), Some(id));
        }
        assert_eq!(map.seat_at(size, Point::new(1.0, 1.0)), None);
    }

    #[test]
    fn zooming_keeps_the_seat_under_the_pointer_and_seats_grow() {
        let map = SeatMap::new((0..100).map(|i| seat(i, i as f64, 0.0)).collect(), "");
        let size = Size::new(800.0, 400.0);
        let at = map.seat_centre(size, 70).unwrap();
        let mut view = View::default();
        view.zoom_about(1.25f32.powi(5), at, size);
        assert!(view.zoom > 3.0);
        assert_eq!(
            map.seat_at_in(size, at, &view),
            Some(70),
            "the seat stays under the pointer"
        );
        let wide = map.fit_in(size, &view).scale / map.fit(size).scale;
        assert!((wide - view.zoom).abs() < 1e-3);
        // Its neighbour is now much farther on screen.
        let step = map.fit_in(size, &view).scale;
        assert_eq!(
            map.seat_at_in(size, at + Vector::new(step, 0.0), &view),
            Some(71)
        );
        view.zoom_about(100.0, at, size);
        assert_eq!(view.zoom, MAX_ZOOM);
        view.zoom_about(0.0001, at, size);
        assert_eq!(
            view,
            View::default(),
            "all the way out shows the whole plan"
        );
    }

    #[test]
    fn a_plan_drawn_in_centimetres_is_hit_like_one_in_seat_widths() {
        let map = SeatMap::new((0..10).map(|i| seat(i, i as f64 * 50.0, 0.0)).collect(), "");
        assert_eq!(map.pitch, 50.0);
        let size = Size::new(800.0, 400.0);
        let centre = map.seat_centre(size, 4).unwrap();
        assert_eq!(map.seat_at(size, centre + Vector::new(3.0, 0.0)), Some(4));
        let between = map.seat_centre(size, 5).unwrap();
        let near_the_edge = Point::new(centre.x + (between.x - centre.x) * 0.45, centre.y);
        assert_eq!(map.seat_at(size, near_the_edge), Some(4), "seats touch");
    }

    #[test]
    fn shift_adds_and_removes() {
        let mut map = SeatMap::new((0..3).map(|i| seat(i, i as f64, 0.0)).collect(), "");
        map.choose(&Event::Clicked {
            seat: 1,
            extend: false,
        });
        map.choose(&Event::Clicked {
            seat: 2,
            extend: true,
        });
        assert_eq!(map.selected().len(), 2);
        map.choose(&Event::Clicked {
            seat: 1,
            extend: true,
        });
        assert_eq!(map.selected().iter().copied().collect::<Vec<_>>(), vec![2]);
        map.choose(&Event::Chosen {
            seats: vec![0, 1],
            extend: false,
        });
        assert_eq!(map.selected().len(), 2);
    }

    #[test]
    fn colours_read_from_hex() {
        assert_eq!(colour("#b5433a"), Color::from_rgb8(0xb5, 0x43, 0x3a));
        assert_eq!(colour("nonsense"), Color::from_rgb8(0x88, 0x88, 0x88));
    }
}

//! A chart of horizontal bars drawn on a canvas: each bar's label on the
//! left, its stacked parts (a legend names them), its figure at its end.
//! The same `domain::analysis::Chart` the PDF report prints.

use iced::widget::canvas::{self, Frame, Geometry, Path, Text};
use iced::{Color, Element, Fill, Font, Pixels, Point, Rectangle, Renderer, Size, Theme, mouse};

use crate::domain::analysis::Chart;
use crate::ui::theme;

/// A bar's height and the space below it, the legend's line, and the
/// width of the labels' column.
const BAR: f32 = 18.0;
const GAP: f32 = 7.0;
const LEGEND: f32 = 24.0;
const LABEL: f32 = 190.0;
/// The least room kept for the figure at the longest bar's end.
const FIGURE: f32 = 80.0;

/// The colours of a bar's parts, first to third.
const PARTS: [Color; 3] = [
    Color::from_rgb(0.13, 0.35, 0.60),
    Color::from_rgb(0.55, 0.72, 0.88),
    Color::from_rgb(0.80, 0.80, 0.80),
];

struct Bars<'a> {
    chart: &'a Chart,
}

/// The chart, as tall as its bars need.
pub fn bars<'a, M: 'a>(chart: &'a Chart) -> Element<'a, M> {
    let legend = if chart.legend.is_empty() { 0.0 } else { LEGEND };
    let height = legend + chart.bars.len() as f32 * (BAR + GAP) + 4.0;
    canvas::Canvas::new(Bars { chart })
        .width(Fill)
        .height(height)
        .into()
}

fn words(content: String, at: Point, size: f32, color: Color, font: Font) -> Text {
    Text {
        content,
        position: at,
        color,
        size: Pixels(size),
        font,
        align_y: iced::alignment::Vertical::Center,
        ..Text::default()
    }
}

impl<M> canvas::Program<M> for Bars<'_> {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let ink = Color::from_rgb(0.15, 0.15, 0.18);
        let mut y = 0.0;
        if !self.chart.legend.is_empty() {
            let mut x = LABEL;
            for (i, name) in self.chart.legend.iter().enumerate() {
                let swatch = Path::rectangle(Point::new(x, y + 4.0), Size::new(12.0, 12.0));
                frame.fill(&swatch, PARTS[i % PARTS.len()]);
                frame.fill_text(words(
                    name.clone(),
                    Point::new(x + 18.0, y + 10.0),
                    theme::SMALL,
                    ink,
                    theme::FONT,
                ));
                x += 30.0 + name.chars().count() as f32 * 8.0;
            }
            y += LEGEND;
        }
        let largest = self.chart.largest() as f32;
        // Room for the longest figure at the end of the longest bar (an
        // average glyph of the small size is about half its height wide).
        let figure = self
            .chart
            .bars
            .iter()
            .map(|b| b.figure.chars().count() as f32 * theme::SMALL * 0.55)
            .fold(FIGURE, f32::max);
        let length = (bounds.width - LABEL - figure - 12.0).max(60.0);
        for bar in &self.chart.bars {
            let mut label = bar.label.clone();
            if label.chars().count() > 26 {
                label = label.chars().take(25).collect::<String>() + "…";
            }
            frame.fill_text(words(
                label,
                Point::new(0.0, y + BAR / 2.0),
                theme::SMALL,
                ink,
                theme::FONT,
            ));
            let mut x = LABEL;
            for (i, part) in bar.parts.iter().enumerate() {
                let w = length * (*part as f32) / largest;
                if w > 0.0 {
                    let r = Path::rectangle(Point::new(x, y), Size::new(w, BAR));
                    frame.fill(&r, PARTS[i % PARTS.len()]);
                }
                x += w;
            }
            frame.fill_text(words(
                bar.figure.clone(),
                Point::new(x + 8.0, y + BAR / 2.0),
                theme::SMALL,
                ink,
                theme::FONT,
            ));
            y += BAR + GAP;
        }
        vec![frame.into_geometry()]
    }
}

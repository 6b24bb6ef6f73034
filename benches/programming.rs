//! The season's figures: generating and storing a 3,000-seat plan; a full
//! redraw of a 3,000-seat map filling 1366×768 pixels with the tiny-skia
//! software renderer (goal: median under 16 ms, one frame at 60 Hz); finding
//! the seat under the pointer (goal: under 10 µs).

use std::time::Duration;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use guichet::domain::seat_index::SeatIndex;
use guichet::domain::seat_plan::{self, Numbering, SectionSpec};
use guichet::programming::halls::{self, Layout, NewHall};
use guichet::terminal::{Clock, Terminal};
use guichet::ui::theme;
use guichet::ui::widget::seat_map::{Look, Mark, SeatMap};
use iced::widget::canvas;
use iced::{Color, Length, Point, Settings, Size};

/// 50 curved rows of 60 seats with two aisles: 3,000 seats.
fn plan_3000() -> Vec<seat_plan::PlannedSeat> {
    seat_plan::generate(&[SectionSpec {
        aisles_after: vec![15, 45],
        curve_radius: 40.0,
        offset: 3.0,
        numbering: Numbering::OddEven,
        ..SectionSpec::new("Parterre", 50, 60)
    }])
    .expect("a valid plan")
}

fn plan(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-programming");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut terminal = Terminal::open(&dir.join("guichet.db"), Clock::system()).unwrap();
    let system = guichet::operators::system(&terminal.store).unwrap();
    let mut n = 0;
    let mut group = c.benchmark_group("plan");
    group.sample_size(30);
    group.bench_function("generate_and_store_3000_seats", |b| {
        b.iter(|| {
            n += 1;
            let new = NewHall {
                name: format!("Arena {n}"),
                layout: Layout::Numbered(plan_3000()),
                venue_type: "THEATRE".into(),
            };
            let by = guichet::programming::By {
                operator: &system,
                signer: &terminal.signer,
                now: Utc::now(),
            };
            halls::create(&mut terminal.store, &by, &new).unwrap()
        })
    });
    group.finish();
}

fn seats_3000() -> Vec<guichet::domain::Seat> {
    plan_3000()
        .into_iter()
        .enumerate()
        .map(|(i, s)| guichet::domain::Seat {
            id: i as i64 + 1,
            section: s.section,
            row: s.row,
            number: s.number,
            x: s.x,
            y: s.y,
            flags: s.flags,
        })
        .collect()
}

fn map(c: &mut Criterion) {
    // The software renderer, as on a counter PC without a GPU.
    // SAFETY: set before any thread of the benchmark starts.
    unsafe { std::env::set_var("ICED_TEST_BACKEND", "tiny-skia") };
    let mut map = SeatMap::new(seats_3000(), "SCÈNE");
    let palette = [
        Color::from_rgb8(0xb5, 0x43, 0x3a),
        Color::from_rgb8(0xd0, 0x8a, 0x2e),
        Color::from_rgb8(0x4a, 0x6f, 0xa5),
    ];
    map.set_looks(|s| Look {
        fill: palette[(s.id % 3) as usize],
        mark: match s.id % 10 {
            0 => Mark::Sold,
            1 => Mark::Held(Color::BLACK),
            _ => Mark::Free,
        },
    });
    let settings = Settings {
        fonts: vec![
            theme::FONT_REGULAR_BYTES.into(),
            theme::FONT_BOLD_BYTES.into(),
        ],
        default_font: theme::FONT,
        ..Settings::default()
    };
    // The simulator renders at scale 2: 683×384 logical is 1366×768 pixels.
    let element = canvas(&map).width(Length::Fill).height(Length::Fill);
    let mut ui = iced_test::Simulator::with_size(settings, Size::new(683.0, 384.0), element);
    let mut group = c.benchmark_group("seat_map");
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("full_redraw_3000_seats_1366x768", |b| {
        b.iter(|| {
            map.invalidate();
            ui.snapshot(&theme::theme()).unwrap()
        })
    });
    let size = Size::new(1318.0, 560.0);
    let targets: Vec<Point> = [7_i64, 512, 1499, 2250, 2999]
        .iter()
        .map(|id| map.seat_centre(size, *id).unwrap())
        .collect();
    let mut i = 0;
    group.bench_function("hit_test_pointer_to_seat", |b| {
        b.iter(|| {
            i = (i + 1) % targets.len();
            map.seat_at(size, targets[i])
        })
    });
    let index = SeatIndex::new(seats_3000().iter().map(|s| (s.x, s.y)).collect(), 0.5);
    group.bench_function("hit_test_index_only", |b| b.iter(|| index.hit(12.3, 20.1)));
    group.finish();
}

criterion_group!(benches, plan, map);
criterion_main!(benches);

//! The whole program end to end in iced_test's emulator: boot, tasks and
//! subscriptions run for real, on a real database file, following the
//! scripts in tests/ice/.

use std::borrow::Cow;

use guichet::ui::{Launch, application, theme};

#[test]
fn scripted_flows_through_the_whole_program() {
    // iced_test 0.14.0's emulator does not load the application's fonts
    // (fixed upstream after the release): load them into the global font
    // system ourselves, as the stack notes describe.
    {
        let mut fonts = iced_test::renderer::graphics::text::font_system()
            .write()
            .expect("font system");
        fonts.load_font(Cow::Borrowed(theme::FONT_REGULAR_BYTES));
        fonts.load_font(Cow::Borrowed(theme::FONT_BOLD_BYTES));
    }
    let dir = tempfile::tempdir().unwrap();
    let launch = Launch {
        db: dir.path().join("guichet.db"),
        lang: None,
        demo: false,
        clock: guichet::terminal::Clock::set_at(
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 16, 0, 0).unwrap(),
        ),
    };
    iced_test::run(
        application(launch),
        format!("{}/tests/ice", env!("CARGO_MANIFEST_DIR")),
    )
    .expect("every .ice script passes");
}

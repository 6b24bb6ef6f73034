//! Driving the window headless (iced_test's Simulator): build the view
//! with the app's fonts, send what the user does, feed the messages back.

use guichet::ui::{App, Launch, Message, WINDOW, theme};
use iced::Settings;
use iced_test::Simulator;

pub fn settings() -> Settings {
    Settings {
        fonts: vec![
            theme::FONT_REGULAR_BYTES.into(),
            theme::FONT_BOLD_BYTES.into(),
        ],
        default_font: theme::FONT,
        ..Settings::default()
    }
}

pub fn ui(app: &App) -> Simulator<'_, Message> {
    Simulator::with_size(settings(), WINDOW, app.view())
}

/// The window started as the runtime starts it: its first tasks run.
pub fn boot(launch: &Launch) -> App {
    let (mut app, task) = App::boot(launch);
    settle(&mut app, task);
    app
}

/// Does something to the window, then gives the app the messages it made
/// (and runs the tasks they return: a screen loading, a count).
pub fn act(app: &mut App, f: impl FnOnce(&mut Simulator<'_, Message>)) {
    let messages: Vec<Message> = {
        let mut sim = ui(app);
        f(&mut sim);
        sim.into_messages().collect()
    };
    for m in messages {
        send(app, m);
    }
}

/// Does something to the window and gives the app the messages it made,
/// without running the tasks they return: what the window shows while the
/// background work (a check, a printing) is still under way.
pub fn act_now(app: &mut App, f: impl FnOnce(&mut Simulator<'_, Message>)) {
    let messages: Vec<Message> = {
        let mut sim = ui(app);
        f(&mut sim);
        sim.into_messages().collect()
    };
    for m in messages {
        let _ = app.update(m);
    }
}

/// Gives the app a message as the runtime would: with the tasks it returns
/// run to their end.
pub fn send(app: &mut App, message: Message) {
    let task = app.update(message);
    settle(app, task);
}

/// Runs a task the app returned (a background read, a focus) to its end,
/// as the runtime would, and gives the app the messages it yields, then
/// those of the tasks they return in turn.
pub fn settle(app: &mut App, task: iced::Task<Message>) {
    use futures::StreamExt as _;
    let mut pending = vec![task];
    while let Some(task) = pending.pop() {
        let Some(stream) = iced_runtime::task::into_stream(task) else {
            continue;
        };
        let actions: Vec<_> = futures::executor::block_on(stream.collect());
        for action in actions {
            if let iced_runtime::Action::Output(message) = action {
                pending.push(app.update(message));
            }
        }
    }
}

/// Types into a field (found by id) and presses Enter.
pub fn type_enter(app: &mut App, id: &'static str, text: &str) {
    act(app, typing(id, text));
}

/// Types into a field and presses Enter, the background work it starts
/// left under way (see [`act_now`]).
pub fn type_enter_now(app: &mut App, id: &'static str, text: &str) {
    act_now(app, typing(id, text));
}

fn typing<'t>(id: &'static str, text: &'t str) -> impl FnOnce(&mut Simulator<'_, Message>) + 't {
    move |sim| {
        sim.click(iced_test::selector::id(id)).unwrap();
        if !text.is_empty() {
            let _ = sim.typewrite(text);
        }
        let _ = sim.tap_key(iced::keyboard::Key::Named(
            iced::keyboard::key::Named::Enter,
        ));
    }
}

pub fn shows(app: &App, text: &str) -> bool {
    ui(app).find(text).is_ok()
}

/// Whether a text of the window starts so (messages that end with a
/// date, a list or an amount).
pub fn shows_starting(app: &App, start: &str) -> bool {
    ui(app)
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. } if content.starts_with(start) => {
                Some(())
            }
            _ => None,
        })
        .is_ok()
}

/// The window on the database at `db` (French, the tests' clock), the
/// operator listed first logged in with `pin`.
pub fn logged_in_fr(db: &std::path::Path, pin: &str) -> App {
    let mut app = boot(&guichet::ui::Launch {
        db: db.to_path_buf(),
        lang: Some(guichet::domain::Locale::FrFr),
        demo: false,
        clock: super::clock(),
    });
    act(&mut app, |sim| {
        sim.click(iced_test::selector::id("login-pin")).unwrap();
        let _ = sim.typewrite(pin);
        let _ = sim.tap_key(iced::keyboard::Key::Named(
            iced::keyboard::key::Named::Enter,
        ));
    });
    open_till(&mut app);
    app
}

/// The till's opening at the first log-in of the day, if it is asked: the
/// float typed (150 €) and Enter, as the first clerk of the day does.
pub fn open_till(app: &mut App) {
    let id = guichet::ui::screen::till::drawer::FLOAT_INPUT;
    if ui(app).find(iced_test::selector::id(id)).is_ok() {
        type_enter(app, id, "150");
    }
}

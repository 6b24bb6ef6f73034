//! The look of Guichet, set explicitly (it never follows the desktop): a
//! light, warm theme readable for a long shift, with large text and touch
//! targets at least 44 px high on the counter screens. Colour is never the
//! only signal: selected items also differ by weight and border.

use iced::border::{self, Border};
use iced::widget::{button, container, text, text_input};
use iced::{Background, Color, Font, Shadow, Theme, color, font, theme::Palette};

/// The embedded family (Noto Sans renamed; see assets/fonts/README.md).
pub const FONT_REGULAR_BYTES: &[u8] = include_bytes!("../../assets/fonts/GuichetSans-Regular.ttf");
pub const FONT_BOLD_BYTES: &[u8] = include_bytes!("../../assets/fonts/GuichetSans-Bold.ttf");
pub const FONT: Font = Font::with_name("Guichet Sans");
pub const BOLD: Font = Font {
    weight: font::Weight::Bold,
    ..FONT
};

pub const TITLE: f32 = 28.0;
pub const HEADING: f32 = 20.0;
pub const BODY: f32 = 16.0;
pub const SMALL: f32 = 14.0;
/// Minimum height of anything a clerk presses.
pub const TOUCH: f32 = 44.0;

const PAPER: Color = color!(0xf7f5f0);
const INK: Color = color!(0x1f1d1a);
const BURGUNDY: Color = color!(0x8c2f39);
const MUTED: Color = color!(0x5f5a52);
const LINE: Color = color!(0xd9d3c7);
const CARD: Color = color!(0xffffff);
const BAR: Color = color!(0x2b2724);

pub fn theme() -> Theme {
    Theme::custom(
        "Guichet",
        Palette {
            background: PAPER,
            text: INK,
            primary: BURGUNDY,
            success: color!(0x2e6b34),
            warning: color!(0x9a5b00),
            danger: color!(0xb3261e),
        },
    )
}

/// White panel with a thin border: a card on the paper background.
pub fn card(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(CARD)),
        border: Border {
            color: LINE,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The dark bar at the top (navigation) and bottom (status).
pub fn bar(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(BAR)),
        text_color: Some(color!(0xf2efe9)),
        ..container::Style::default()
    }
}

/// A link in the status bar (its outbox count): the bar's light text, or
/// amber when something is wrong; brighter under the pointer.
pub fn bar_link(trouble: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| {
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        let text_color = match (trouble, hovered) {
            (true, _) => color!(0xffb347),
            (false, true) => color!(0xffffff),
            (false, false) => color!(0xf2efe9),
        };
        button::Style {
            background: None,
            text_color,
            ..button::Style::default()
        }
    }
}

/// A notice for the demo database or a warning: amber, bordered.
/// Training mode's band across every screen: it must not be missed.
pub fn training(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(color!(0xc0392b))),
        text_color: Some(color!(0xffffff)),
        ..container::Style::default()
    }
}

pub fn notice(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(color!(0xfff4d6))),
        border: Border {
            color: color!(0xd9a400),
            width: 1.0,
            radius: 6.0.into(),
        },
        text_color: Some(INK),
        ..container::Style::default()
    }
}

/// Navigation tab: the current one is light on the dark bar, with a
/// burgundy underline-like border; the others are quiet.
pub fn tab(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| {
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        button::Style {
            background: Some(Background::Color(match (active, hovered) {
                (true, _) => PAPER,
                (false, true) => color!(0x3f3a35),
                (false, false) => BAR,
            })),
            text_color: if active { INK } else { color!(0xf2efe9) },
            border: Border {
                color: if active { BURGUNDY } else { BAR },
                width: if active { 2.0 } else { 0.0 },
                radius: border::top(6.0),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

/// A choice in a list (operator names at log-in): selected is burgundy
/// with white bold text, the others white with a border.
pub fn choice(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, status| {
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        button::Style {
            background: Some(Background::Color(match (selected, hovered) {
                (true, _) => BURGUNDY,
                (false, true) => color!(0xf0e6e1),
                (false, false) => CARD,
            })),
            text_color: if selected { Color::WHITE } else { INK },
            border: Border {
                color: if selected { BURGUNDY } else { LINE },
                width: if selected { 3.0 } else { 1.0 },
                radius: 6.0.into(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }
}

/// A category in the map's legend: its colour, bold border when it is the
/// one being painted.
pub fn chip(colour: Color, selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |_, _| button::Style {
        background: Some(Background::Color(colour)),
        text_color: Color::WHITE,
        border: Border {
            color: if selected { INK } else { colour },
            width: if selected { 3.0 } else { 1.0 },
            radius: 12.0.into(),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A hold in a legend: hollow, ringed with the hold's colour, as its seats
/// are drawn.
pub fn hold_chip(colour: Color) -> impl Fn(&Theme) -> container::Style {
    move |_| container::Style {
        background: Some(Background::Color(Color::WHITE)),
        text_color: Some(INK),
        border: Border {
            color: colour,
            width: 3.0,
            radius: 12.0.into(),
        },
        ..container::Style::default()
    }
}

/// A panel that recedes (days outside the month).
pub fn paper(_: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(PAPER)),
        border: Border {
            color: LINE,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

pub fn muted(_: &Theme) -> text::Style {
    text::Style { color: Some(MUTED) }
}

pub fn error(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.palette().danger),
    }
}

/// A field whose value is refused: a thick border in the error colour (and
/// the message beside it says why).
pub fn input_error(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let style = text_input::default(theme, status);
    text_input::Style {
        border: Border {
            color: theme.palette().danger,
            width: 2.0,
            ..style.border
        },
        ..style
    }
}

pub fn success(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(theme.palette().success),
    }
}

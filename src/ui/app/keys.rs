//! Keys: which the section shown interprets, and which work everywhere.

use super::*;

impl Message {
    /// A key the section shown interprets (arrows, Esc, Del, F-keys, Alt+digit).
    pub fn is_key(&self) -> bool {
        matches!(
            self,
            Message::Up
                | Message::Down
                | Message::Left
                | Message::Right
                | Message::Escape
                | Message::Enter
                | Message::Delete
                | Message::Function(_)
                | Message::Alt(_)
                | Message::MailKey
                | Message::VoucherKey
                | Message::SubscriptionKey
        )
    }
}

/// Keys that work everywhere, even while a field has the focus: Tab and
/// Shift+Tab move the focus, Ctrl+1…7 open a section, F12 switches operator,
/// ↑ ↓ choose a name at log-in or a performance, Esc clears the PIN or
/// closes a form; F5…F10 and Alt+1…4 act in Programmation. Enter counts
/// only when no field took it.
pub fn shortcut(event: Event, status: event::Status, _window: window::Id) -> Option<Message> {
    if let Event::Keyboard(keyboard::Event::ModifiersChanged(m)) = event {
        return Some(Message::Modifiers(m.command()));
    }
    let Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event else {
        return None;
    };
    match key.as_ref() {
        Key::Named(Named::Tab) if modifiers.shift() => Some(Message::FocusPrevious),
        Key::Named(Named::Tab) => Some(Message::FocusNext),
        Key::Named(Named::F12) => Some(Message::SwitchOperator),
        Key::Named(Named::ArrowUp) => Some(Message::Up),
        Key::Named(Named::ArrowDown) => Some(Message::Down),
        Key::Named(Named::ArrowLeft) => Some(Message::Left),
        Key::Named(Named::ArrowRight) => Some(Message::Right),
        Key::Named(Named::Escape) => Some(Message::Escape),
        Key::Named(Named::Enter) if status == event::Status::Ignored => Some(Message::Enter),
        Key::Named(Named::Delete) => Some(Message::Delete),
        Key::Named(Named::F1) => Some(Message::Function(1)),
        Key::Named(Named::F2) => Some(Message::Function(2)),
        Key::Named(Named::F3) => Some(Message::Function(3)),
        Key::Named(Named::F4) => Some(Message::Function(4)),
        Key::Named(Named::F5) => Some(Message::Function(5)),
        Key::Named(Named::F6) => Some(Message::Function(6)),
        Key::Named(Named::F7) => Some(Message::Function(7)),
        Key::Named(Named::F8) => Some(Message::Function(8)),
        Key::Named(Named::F9) => Some(Message::Function(9)),
        Key::Named(Named::F10) => Some(Message::Function(10)),
        Key::Named(Named::F11) => Some(Message::Function(11)),
        Key::Character(c) if modifiers.alt() => c.parse::<usize>().ok().map(Message::Alt),
        Key::Character("e" | "E") if modifiers.command() => Some(Message::MailKey),
        Key::Character("b" | "B") if modifiers.command() => Some(Message::VoucherKey),
        Key::Character("a" | "A") if modifiers.command() => Some(Message::SubscriptionKey),
        Key::Character(c) if modifiers.command() => c
            .parse::<usize>()
            .ok()
            .and_then(Section::from_key)
            .map(Message::Nav),
        _ => None,
    }
}

//! The window as the open application draws it: a first screen, or the
//! frame around one section.

use super::*;

impl Open {
    pub(super) fn view(&self) -> Element<'_, Message> {
        match &self.screen {
            Screen::Setup(s) => s.view(self.locale).map(Message::Setup),
            Screen::Login(l) => l.view(self.locale, self.now).map(Message::Login),
            Screen::Desk(d) => self.desk_view(d),
        }
    }

    pub(super) fn desk_view<'a>(&'a self, desk: &'a Desk) -> Element<'a, Message> {
        let locale = self.locale;
        let zone = self
            .venue
            .as_ref()
            .map_or(chrono_tz::UTC, |v| v.settings.time_zone);
        let content = match desk.section {
            Section::Sell => match &desk.sell {
                Some(state) => state.view(locale, zone).map(Message::Sell),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Programming => match &desk.programming {
                Some(state) => state.view(locale, self.now, zone).map(Message::Programming),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Door => match &desk.door {
                Some(state) => state.view(locale, &desk.operator).map(Message::Door),
                None => iced::widget::space::horizontal().into(),
            },
            Section::Audience => sections::audience(locale),
            Section::Till => desk.till.view(locale, zone).map(Message::Till),
            Section::Reports => sections::reports(locale),
            Section::Settings => desk
                .settings
                .view(
                    locale,
                    settings::Context {
                        venue: self.venue.as_ref(),
                        terminal: &self.terminal.signer.terminal_name,
                        key_id: &self.terminal.signer.key_id,
                        database: self.terminal.store.path().display().to_string(),
                        operator: &desk.operator,
                    },
                )
                .map(Message::Settings),
        };
        frame::view(
            frame::Frame {
                locale,
                section: desk.section,
                venue: self.venue.as_ref().map_or("", |v| v.settings.name.as_str()),
                demo: self.venue.as_ref().is_some_and(|v| v.is_demo),
                terminal: &self.terminal.signer.terminal_name,
                operator: &desk.operator,
                now: self.now,
                zone,
                outbox: self.outbox,
            },
            content,
            Message::Nav,
            Message::SwitchOperator,
        )
    }
}

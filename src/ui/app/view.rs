//! The window as the open application draws it: a first screen, or the
//! frame around one section.

use super::*;

impl Open {
    pub(super) fn view(&self) -> Element<'_, Message> {
        let look = self.look();
        match &self.screen {
            Screen::Setup(s) => s.view(&look).map(Message::Setup),
            Screen::Login(l) => l.view(&look).map(Message::Login),
            Screen::Desk(d) => self.desk_view(d, &look),
        }
    }

    pub(super) fn desk_view<'a>(&'a self, desk: &'a Desk, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let content = match (&desk.opening, desk.section) {
            // Vente asks for the float until the till is open (or put off).
            (Some(opening), Section::Sell) => opening.view(look).map(Message::Opening),
            (_, section) => self.section_view(desk, section, look),
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
                sending: self.sending_state,
                left_open: self.left_open,
                backup_failing: self.backup_failing,
                training: self.training,
                conflicts: if desk.operator.role.can_coordinate() {
                    self.central.waiting
                } else {
                    0
                },
            },
            content,
            Message::Nav,
            Message::SwitchOperator,
            Message::OpenClosings,
            Message::OpenOutbox,
        )
    }

    fn section_view<'a>(
        &'a self,
        desk: &'a Desk,
        section: Section,
        look: &Look,
    ) -> Element<'a, Message> {
        let nothing = || iced::widget::space::horizontal().into();
        match section {
            Section::Sell => match &desk.sell {
                Some(state) => state.view(look).map(Message::Sell),
                None => nothing(),
            },
            Section::Programming => match &desk.programming {
                Some(state) => state.view(look).map(Message::Programming),
                None => nothing(),
            },
            Section::Door => match &desk.door {
                Some(state) => state.view(look).map(Message::Door),
                None => nothing(),
            },
            Section::Audience => match &desk.audience {
                Some(state) => state.view(look).map(Message::Audience),
                None => nothing(),
            },
            Section::Till => match &desk.till {
                Some(state) => state.view(look).map(Message::Till),
                None => nothing(),
            },
            Section::Reports => match &desk.reports {
                Some(state) => state.view(look).map(Message::Reports),
                None => nothing(),
            },
            Section::Settings => match &desk.settings {
                Some(state) => state.view(look).map(Message::Settings),
                None => nothing(),
            },
        }
    }
}

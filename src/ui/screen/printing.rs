//! Réglages → Billets: the ticket layout (A4, 80 mm roll, 2 × 5.5 in card)
//! and where tickets go (the PDF viewer, a CUPS printer, a folder).

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::Locale;
use crate::tickets::pdf::Layout;
use crate::tickets::print::{self, Choice, Destination, PrintSettings};
use crate::ui::i18n::sell::{S, s};
use crate::ui::i18n::system;
use crate::ui::screen::Context;
use crate::ui::theme;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Viewer,
    Printer,
    Folder,
}

pub struct State {
    layout: Layout,
    kind: Kind,
    printer: String,
    folder: String,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Layout(Layout),
    Kind(Kind),
    Printer(String),
    Folder(String),
    Save,
}

impl State {
    pub fn new(saved: &PrintSettings) -> State {
        let (kind, printer, folder) = match &saved.destination {
            Destination::Viewer => (Kind::Viewer, String::new(), String::new()),
            Destination::Printer(p) => (Kind::Printer, p.clone(), String::new()),
            Destination::Folder(f) => (Kind::Folder, String::new(), f.display().to_string()),
        };
        State {
            layout: saved.layout,
            kind,
            printer,
            folder,
            notice: None,
            error: None,
        }
    }

    /// A choice made; Save checks and saves it (`print::choose`).
    pub fn update(&mut self, message: Message, ctx: &mut Context) {
        self.notice = None;
        self.error = None;
        match message {
            Message::Layout(l) => self.layout = l,
            Message::Kind(k) => self.kind = k,
            Message::Printer(p) => self.printer = p,
            Message::Folder(f) => self.folder = f,
            Message::Save => {
                let choice = match self.kind {
                    Kind::Viewer => Choice::Viewer,
                    Kind::Printer => Choice::Printer(self.printer.clone()),
                    Kind::Folder => Choice::Folder(self.folder.clone()),
                };
                match print::choose(&mut ctx.terminal.store, self.layout, choice) {
                    Ok(_) => self.notice = Some(s(ctx.locale, S::PrintSaved).to_owned()),
                    Err(e) => self.error = Some(system::print_choice(&e, ctx.locale)),
                }
            }
        }
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let choice = |label: S, selected: bool, m: Message| {
            button(text(s(locale, label)).size(theme::SMALL))
                .on_press(m)
                .padding([8, 12])
                .style(theme::choice(selected))
        };
        let layouts = row![
            choice(
                S::PrintA4,
                self.layout == Layout::A4,
                Message::Layout(Layout::A4)
            ),
            choice(
                S::PrintThermal,
                self.layout == Layout::Thermal80,
                Message::Layout(Layout::Thermal80)
            ),
            choice(
                S::PrintStock,
                self.layout == Layout::Stock2x55,
                Message::Layout(Layout::Stock2x55)
            ),
        ]
        .spacing(6)
        .wrap();
        let kinds = row![
            choice(
                S::PrintViewer,
                self.kind == Kind::Viewer,
                Message::Kind(Kind::Viewer)
            ),
            choice(
                S::PrintPrinter,
                self.kind == Kind::Printer,
                Message::Kind(Kind::Printer)
            ),
            choice(
                S::PrintFolder,
                self.kind == Kind::Folder,
                Message::Kind(Kind::Folder)
            ),
        ]
        .spacing(6)
        .wrap();
        let mut col = column![
            text(s(locale, S::PrintTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            layouts,
            kinds
        ]
        .spacing(10);
        match self.kind {
            Kind::Printer => {
                col = col.push(
                    text_input(s(locale, S::PrintPrinterHint), &self.printer)
                        .id("settings-printer")
                        .on_input(Message::Printer)
                        .on_submit(Message::Save)
                        .padding(8),
                )
            }
            Kind::Folder => {
                col = col.push(
                    text_input(s(locale, S::PrintFolderHint), &self.folder)
                        .id("settings-folder")
                        .on_input(Message::Folder)
                        .on_submit(Message::Save)
                        .padding(8),
                )
            }
            Kind::Viewer => {}
        }
        col = col.push(
            text(s(locale, S::PrintKept))
                .size(theme::SMALL)
                .style(theme::muted),
        );
        col = col.push(
            row![
                button(text(s(locale, S::PrintSave)).font(theme::BOLD))
                    .on_press(Message::Save)
                    .padding([10, 16])
                    .style(button::primary),
            ]
            .align_y(Center),
        );
        if let Some(n) = &self.notice {
            col = col.push(text(n).style(theme::success));
        }
        if let Some(e) = &self.error {
            col = col.push(text(e).style(theme::error));
        }
        container(col)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

//! Réglages → the venue's logo: what is set, a PNG file to set instead,
//! and taking it off (an administrator's acts, journaled).

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::Locale;
use crate::programming::venue;
use crate::ui::i18n::{T, programming_errors, t, tf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{labelled, outcome_line};

/// The field of the logo file's path.
pub const PATH: &str = "settings-logo-path";

#[derive(Default)]
pub struct State {
    /// The logo set now: its width, height and weight in bytes.
    set: Option<(u32, u32, usize)>,
    path: String,
    outcome: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Path(String),
    Set,
    Remove,
}

impl State {
    /// The card as the database has it now.
    pub fn load(ctx: &Context) -> State {
        let set = venue::logo(&ctx.terminal.store)
            .ok()
            .flatten()
            .map(|p| (p.width, p.height, p.png.len()));
        State {
            set,
            ..State::default()
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) {
        let locale = ctx.locale;
        let refused =
            |e: crate::programming::ProgrammingError| Err(programming_errors::describe(&e, locale));
        match message {
            Message::Path(path) => {
                self.path = path;
                self.outcome = None;
            }
            Message::Set => {
                let path = std::path::PathBuf::from(self.path.trim());
                let done = venue::read_picture(&path).and_then(|png| {
                    let (store, by) = ctx.acting()?;
                    venue::set_logo(store, &by, png)
                });
                self.outcome = Some(match done {
                    Ok(logo) => {
                        self.set = Some((logo.width, logo.height, logo.png.len()));
                        self.path.clear();
                        let (w, h) = (logo.width.to_string(), logo.height.to_string());
                        Ok(tf(locale, T::LogoSaved, &[&w, &h]))
                    }
                    Err(e) => refused(e),
                });
            }
            Message::Remove => {
                let done = ctx
                    .acting()
                    .and_then(|(store, by)| venue::remove_logo(store, &by));
                self.outcome = Some(match done {
                    Ok(_) => {
                        self.set = None;
                        Ok(t(locale, T::LogoRemoved).to_owned())
                    }
                    Err(e) => refused(e),
                });
            }
        }
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| t(locale, key);
        let now = match self.set {
            Some((w, h, bytes)) => {
                let kb = bytes.div_ceil(1024).to_string();
                tf(locale, T::LogoIs, &[&w.to_string(), &h.to_string(), &kb])
            }
            None => l(T::LogoNone).to_owned(),
        };
        let path = text_input(l(T::LogoPath), &self.path)
            .id(PATH)
            .on_input(Message::Path)
            .on_submit(Message::Set)
            .padding(10);
        let set = button(text(l(T::LogoSet)))
            .on_press_maybe((!self.path.trim().is_empty()).then_some(Message::Set))
            .padding([10, 16])
            .style(button::secondary);
        let mut card = column![
            text(l(T::Logo)).size(theme::HEADING).font(theme::BOLD),
            text(now),
            labelled(
                l(T::LogoFile),
                row![path, set].spacing(8).align_y(Center),
                None
            ),
        ]
        .spacing(8);
        if self.set.is_some() {
            card = card.push(
                button(text(l(T::LogoRemove)))
                    .on_press(Message::Remove)
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        if let Some(said) = outcome_line(&self.outcome) {
            card = card.push(said);
        }
        container(card)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

//! A picture card: the venue's logo (Réglages, an administrator's) or a
//! show's picture (Programmation → a performance's settings, a
//! coordinator's): what is set, a PNG file to set instead, and taking it
//! off; each act journaled.

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::Locale;
use crate::programming::{shows, venue};
use crate::ui::i18n::{T, programming_errors, t, tf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{labelled, outcome_line};

/// The field of the logo file's path.
pub const PATH: &str = "settings-logo-path";
/// The field of a show's picture file's path.
pub const SHOW_PATH: &str = "show-picture-path";

/// Whose picture the card is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Whose {
    #[default]
    Venue,
    /// A show (its id).
    Show(i64),
}

#[derive(Default)]
pub struct State {
    whose: Whose,
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
    pub fn load(ctx: &Context, whose: Whose) -> State {
        let store = &ctx.terminal.store;
        let set = match whose {
            Whose::Venue => venue::logo(store).ok().flatten(),
            Whose::Show(id) => shows::picture(store, id).ok().flatten(),
        };
        State {
            whose,
            set: set.map(|p| (p.width, p.height, p.png.len())),
            ..State::default()
        }
    }

    /// The words of this card: the venue's logo, or a show's picture.
    fn word(&self, logo: T, picture: T) -> T {
        match self.whose {
            Whose::Venue => logo,
            Whose::Show(_) => picture,
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
                let whose = self.whose;
                let done = venue::read_picture(&path).and_then(|png| {
                    let (store, by) = ctx.acting()?;
                    match whose {
                        Whose::Venue => venue::set_logo(store, &by, png),
                        Whose::Show(id) => shows::set_picture(store, &by, id, png),
                    }
                });
                self.outcome = Some(match done {
                    Ok(logo) => {
                        self.set = Some((logo.width, logo.height, logo.png.len()));
                        self.path.clear();
                        let (w, h) = (logo.width.to_string(), logo.height.to_string());
                        let saved = self.word(T::LogoSaved, T::PictureSaved);
                        Ok(tf(locale, saved, &[&w, &h]))
                    }
                    Err(e) => refused(e),
                });
            }
            Message::Remove => {
                let whose = self.whose;
                let done = ctx.acting().and_then(|(store, by)| match whose {
                    Whose::Venue => venue::remove_logo(store, &by),
                    Whose::Show(id) => shows::remove_picture(store, &by, id),
                });
                self.outcome = Some(match done {
                    Ok(_) => {
                        self.set = None;
                        let removed = self.word(T::LogoRemoved, T::PictureRemoved);
                        Ok(t(locale, removed).to_owned())
                    }
                    Err(e) => refused(e),
                });
            }
        }
    }

    pub fn view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| t(locale, key);
        let w = |logo, picture| l(self.word(logo, picture));
        let now = match self.set {
            Some((width, height, bytes)) => {
                let kb = bytes.div_ceil(1024).to_string();
                let is = self.word(T::LogoIs, T::PictureIs);
                tf(locale, is, &[&width.to_string(), &height.to_string(), &kb])
            }
            None => w(T::LogoNone, T::PictureNone).to_owned(),
        };
        let id = match self.whose {
            Whose::Venue => PATH,
            Whose::Show(_) => SHOW_PATH,
        };
        let path = text_input(w(T::LogoPath, T::PicturePath), &self.path)
            .id(id)
            .on_input(Message::Path)
            .on_submit(Message::Set)
            .padding(10);
        let set = button(text(w(T::LogoSet, T::PictureSet)))
            .on_press_maybe((!self.path.trim().is_empty()).then_some(Message::Set))
            .padding([10, 16])
            .style(button::secondary);
        let mut card = column![
            text(w(T::Logo, T::Picture))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(now),
            labelled(
                w(T::LogoFile, T::PictureFile),
                row![path, set].spacing(8).align_y(Center),
                None
            ),
        ]
        .spacing(8);
        if self.set.is_some() {
            card = card.push(
                button(text(w(T::LogoRemove, T::PictureRemove)))
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

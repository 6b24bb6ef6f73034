//! The form of a show: created, or changed from a performance's page.

use iced::widget::{checkbox, pick_list, row};
use iced::{Element, Fill};

use super::{Made, Problems, Submit, field, heading, number, page};
use crate::domain::season::ShowTax;
use crate::programming::shows::{self, GENRES, Show, ShowDraft};
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::programming::{genre_name, tax_name};
use crate::ui::screen::{Context, Look};
use crate::ui::widget::{Choice, chosen, labelled_text};

/// The title's field (the focus goes there when the form opens).
pub const TITLE: &str = "form-title";
pub const ARTISTS: &str = "form-artists";
pub const VAT: &str = "form-vat";
pub const DURATION: &str = "form-duration";
pub const SIBIL: &str = "form-sibil";
pub const DESCRIPTION: &str = "form-description";

/// A show as typed.
pub struct ShowForm {
    title: String,
    artists: String,
    genre: String,
    sibil: String,
    young: bool,
    tax: ShowTax,
    vat: String,
    duration: String,
    description: String,
    /// A show being changed rather than created.
    editing: Option<i64>,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Title(String),
    Artists(String),
    Genre(String),
    Tax(ShowTax),
    Vat(String),
    Duration(String),
    Sibil(String),
    Young(bool),
    Description(String),
    Submit,
}

impl Default for ShowForm {
    fn default() -> ShowForm {
        ShowForm {
            title: String::new(),
            artists: String::new(),
            genre: String::new(),
            sibil: String::new(),
            young: false,
            tax: ShowTax::Astp,
            vat: "5,5".into(),
            duration: "90".into(),
            description: String::new(),
            editing: None,
            problems: Problems::default(),
        }
    }
}

impl ShowForm {
    /// The form of an existing show, filled in.
    pub fn edit(show: &Show) -> ShowForm {
        let draft = ShowDraft::of(show);
        ShowForm {
            title: draft.title,
            artists: draft.artists,
            genre: draft.genre,
            sibil: draft.sibil_domain,
            young: draft.young_audience,
            tax: draft.show_tax,
            vat: draft.vat,
            duration: draft.duration_min.to_string(),
            description: draft.description,
            editing: Some(show.id),
            problems: Problems::default(),
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Title(v) => self.title = v,
            Message::Artists(v) => self.artists = v,
            Message::Genre(v) => self.genre = v,
            Message::Tax(v) => self.tax = v,
            Message::Vat(v) => self.vat = v,
            Message::Duration(v) => self.duration = v,
            Message::Sibil(v) => self.sibil = v,
            Message::Young(v) => self.young = v,
            Message::Description(v) => self.description = v,
            Message::Submit => return super::submit(self, ctx),
        }
        None
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let error = |f| self.problems.beside(f);
        let genres: Vec<Choice<&'static str>> = GENRES
            .iter()
            .map(|g| Choice::new(*g, genre_name(g, locale).to_owned()))
            .collect();
        let taxes: Vec<Choice<ShowTax>> = ShowTax::ALL
            .into_iter()
            .map(|t| Choice::new(t, tax_name(t, locale).to_owned()))
            .collect();
        let genre = genres.iter().find(|g| g.value == self.genre).cloned();
        let title = if self.editing.is_some() {
            P::EditShow
        } else {
            P::NewShow
        };
        let fields = heading(locale, title)
            .push(field(
                l(P::Title),
                TITLE,
                l(P::ExampleShowTitle),
                &self.title,
                Message::Title,
                Message::Submit,
                error(Field::Title),
            ))
            .push(field(
                l(P::Artists),
                ARTISTS,
                l(P::ExampleArtists),
                &self.artists,
                Message::Artists,
                Message::Submit,
                None,
            ))
            .push(
                row![
                    labelled_text(
                        l(P::Genre),
                        pick_list(genres, genre, |c| Message::Genre(c.value.to_owned()))
                            .padding(8)
                            .width(Fill)
                            .into(),
                        None
                    ),
                    labelled_text(
                        l(P::ShowTax),
                        pick_list(taxes.clone(), chosen(&taxes, self.tax), |c| {
                            Message::Tax(c.value)
                        })
                        .padding(8)
                        .width(Fill)
                        .into(),
                        None
                    ),
                ]
                .spacing(10),
            )
            .push(self.numbers(look))
            .push(
                checkbox(self.young)
                    .label(l(P::Young))
                    .on_toggle(Message::Young),
            )
            .push(field(
                l(P::Description),
                DESCRIPTION,
                "",
                &self.description,
                Message::Description,
                Message::Submit,
                None,
            ));
        let action = if self.editing.is_some() {
            P::Save
        } else {
            P::Create
        };
        page(locale, fields, action, Message::Submit, &self.problems)
    }

    /// The VAT, the duration and the SIBIL domain, side by side.
    fn numbers(&self, look: &Look) -> Element<'_, Message> {
        let l = |k| p(look.locale, k);
        let error = |f| self.problems.beside(f);
        row![
            field(
                l(P::Vat),
                VAT,
                "5,5",
                &self.vat,
                Message::Vat,
                Message::Submit,
                error(Field::Vat)
            ),
            field(
                l(P::Duration),
                DURATION,
                "90",
                &self.duration,
                Message::Duration,
                Message::Submit,
                error(Field::Duration)
            ),
            field(
                l(P::Sibil),
                SIBIL,
                l(P::ExampleSibil),
                &self.sibil,
                Message::Sibil,
                Message::Submit,
                None
            ),
        ]
        .spacing(10)
        .into()
    }
}

impl Submit for ShowForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        let (store, by) = ctx.acting()?;
        let draft = ShowDraft {
            id: String::new(),
            title: self.title.clone(),
            artists: self.artists.clone(),
            genre: self.genre.clone(),
            sibil_domain: self.sibil.clone(),
            young_audience: self.young,
            show_tax: self.tax,
            vat: self.vat.clone(),
            duration_min: number(&self.duration, Field::Duration)?,
            description: self.description.clone(),
        };
        match self.editing {
            Some(id) => shows::update(store, &by, id, &draft)?,
            None => shows::create(store, &by, &draft)?,
        };
        Ok(Made::Show)
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        field.filter(|f| [Field::Title, Field::Vat, Field::Duration].contains(f))
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

//! Forms of Programmation: a show, a performance, a series, a hall, a
//! tariff, a subscription formula. Each kind has its own fields and messages; each checks through
//! the job functions, which say what is wrong, and the message goes beside
//! its field (above the button when the form has no such field).

pub mod formula;
pub mod hall;
pub mod performance;
pub mod series;
pub mod show;
pub mod tariff;

use iced::widget::{Column, button, column, pick_list, scrollable, text, text_input};
use iced::{Element, Fill};

pub use formula::FormulaForm;
pub use hall::HallForm;
pub use performance::PerformanceForm;
pub use series::SeriesForm;
pub use show::ShowForm;
pub use tariff::TariffForm;

use super::describe;
use crate::domain::Locale;
use crate::programming::halls::Hall;
use crate::programming::shows::Show;
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Show,
    Performance,
    Series,
    Hall,
    Tariff,
    Formula,
}

/// One open form, of its kind.
pub enum Form {
    Show(ShowForm),
    Performance(PerformanceForm),
    Series(SeriesForm),
    Hall(HallForm),
    Tariff(TariffForm),
    Formula(FormulaForm),
}

/// A message for the open form; one of another kind is ignored.
#[derive(Clone, Debug)]
pub enum Message {
    Show(show::Message),
    Performance(performance::Message),
    Series(series::Message),
    Hall(hall::Message),
    Tariff(tariff::Message),
    Formula(formula::Message),
}

impl From<show::Message> for Message {
    fn from(m: show::Message) -> Message {
        Message::Show(m)
    }
}

impl From<performance::Message> for Message {
    fn from(m: performance::Message) -> Message {
        Message::Performance(m)
    }
}

impl From<series::Message> for Message {
    fn from(m: series::Message) -> Message {
        Message::Series(m)
    }
}

impl From<hall::Message> for Message {
    fn from(m: hall::Message) -> Message {
        Message::Hall(m)
    }
}

impl From<tariff::Message> for Message {
    fn from(m: tariff::Message) -> Message {
        Message::Tariff(m)
    }
}

impl From<formula::Message> for Message {
    fn from(m: formula::Message) -> Message {
        Message::Formula(m)
    }
}

/// What a submitted form made.
pub enum Made {
    Show,
    Performances(Vec<i64>),
    Hall,
    Tariff,
    /// A formula, by its name.
    Formula(String),
}

impl Form {
    /// A new form of this kind. `chosen`: the performance chosen in the
    /// season, if any, with its show and hall (a performance or a series
    /// starts from them; a series can copy its settings).
    pub fn new(kind: Kind, chosen: Option<i64>, show: Option<i64>, hall: Option<i64>) -> Form {
        match kind {
            Kind::Show => Form::Show(ShowForm::default()),
            Kind::Performance => Form::Performance(PerformanceForm::new(show, hall)),
            Kind::Series => Form::Series(SeriesForm::new(show, hall, chosen)),
            Kind::Hall => Form::Hall(HallForm::default()),
            Kind::Tariff => Form::Tariff(TariffForm::default()),
            Kind::Formula => Form::Formula(FormulaForm::default()),
        }
    }

    /// The form of an existing show, filled in.
    pub fn edit_show(show: &Show) -> Form {
        Form::Show(ShowForm::edit(show))
    }

    /// The field the focus goes to when the form opens.
    pub fn first_field(&self) -> &'static str {
        match self {
            Form::Show(_) => show::TITLE,
            Form::Performance(_) => performance::DATE,
            Form::Series(_) => series::FROM,
            Form::Hall(_) => hall::NAME,
            Form::Tariff(_) => tariff::CODE,
            Form::Formula(_) => formula::NAME,
        }
    }

    /// Applies a message; what the form made once submitted and accepted.
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match (self, message) {
            (Form::Show(f), Message::Show(m)) => f.update(m, ctx),
            (Form::Performance(f), Message::Performance(m)) => f.update(m, ctx),
            (Form::Series(f), Message::Series(m)) => f.update(m, ctx),
            (Form::Hall(f), Message::Hall(m)) => f.update(m, ctx),
            (Form::Tariff(f), Message::Tariff(m)) => f.update(m, ctx),
            (Form::Formula(f), Message::Formula(m)) => f.update(m, ctx),
            _ => None,
        }
    }

    pub fn view<'a>(
        &'a self,
        look: &Look,
        (shows, halls): (&'a [Show], &'a [Hall]),
        season: formula::Season<'a>,
    ) -> Element<'a, Message> {
        match self {
            Form::Show(f) => f.view(look).map(Message::Show),
            Form::Performance(f) => f.view(look, shows, halls).map(Message::Performance),
            Form::Series(f) => f.view(look, shows, halls).map(Message::Series),
            Form::Hall(f) => f.view(look).map(Message::Hall),
            Form::Tariff(f) => f.view(look).map(Message::Tariff),
            Form::Formula(f) => f.view(look, season).map(Message::Formula),
        }
    }
}

/// What the last submission was told was wrong, and where it shows:
/// beside its field, or above the button (no field).
#[derive(Default)]
pub struct Problems {
    last: Option<(Option<Field>, String)>,
}

impl Problems {
    /// The problem beside this field, if any.
    pub fn beside(&self, field: Field) -> Option<&str> {
        match &self.last {
            Some((Some(f), message)) if *f == field => Some(message),
            _ => None,
        }
    }

    /// The problem that has no field of the form.
    fn above(&self) -> Option<&str> {
        match &self.last {
            Some((None, message)) => Some(message),
            _ => None,
        }
    }
}

/// A form of one kind: what it writes, and where its problems show.
trait Submit {
    /// Checks and writes what is typed, through the job functions.
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError>;

    /// Where a problem shows: beside its field when this form has it, above
    /// the button otherwise (never lost in a field the form does not show).
    fn place(&self, field: Option<Field>) -> Option<Field>;

    fn problems(&mut self) -> &mut Problems;
}

/// Submits a form: what it made, or its problem put in its place.
fn submit(form: &mut impl Submit, ctx: &mut Context) -> Option<Made> {
    *form.problems() = Problems::default();
    match form.submit(ctx) {
        Ok(made) => Some(made),
        Err(e) => {
            let message = describe(&e, ctx.locale);
            let field = form.place(e.field());
            form.problems().last = Some((field, message));
            None
        }
    }
}

/// A whole number as typed; its problem beside `field`.
fn number(typed: &str, field: Field) -> Result<i64, ProgrammingError> {
    let typed = typed.trim();
    typed
        .parse::<i64>()
        .map_err(|_| ProgrammingError::NotANumber {
            typed: typed.to_owned(),
            field,
        })
}

/// A labelled text field of a form: found by its id, Enter submits, its
/// problem below it.
fn field<'a, M: Clone + 'a>(
    label: &'a str,
    id: &'static str,
    hint: &'a str,
    value: &'a str,
    on_input: fn(String) -> M,
    submit: M,
    error: Option<&'a str>,
) -> Element<'a, M> {
    labelled_text(
        label,
        text_input(hint, value)
            .id(id)
            .on_input(on_input)
            .on_submit(submit)
            .padding(8)
            .into(),
        error,
    )
}

/// The show a performance or a series is of.
fn show_pick<'a, M: Clone + 'a>(
    locale: Locale,
    shows: &'a [Show],
    show: Option<i64>,
    on_pick: fn(i64) -> M,
) -> Element<'a, M> {
    let list: Vec<Choice<i64>> = shows
        .iter()
        .map(|s| Choice::new(s.id, s.title.clone()))
        .collect();
    pick(p(locale, P::Show), list, show, on_pick)
}

/// The hall a performance or a series plays in.
fn hall_pick<'a, M: Clone + 'a>(
    locale: Locale,
    halls: &'a [Hall],
    hall: Option<i64>,
    on_pick: fn(i64) -> M,
) -> Element<'a, M> {
    let list: Vec<Choice<i64>> = halls
        .iter()
        .map(|h| Choice::new(h.id, h.name.clone()))
        .collect();
    pick(p(locale, P::Hall), list, hall, on_pick)
}

fn pick<'a, M: Clone + 'a>(
    label: &'a str,
    list: Vec<Choice<i64>>,
    value: Option<i64>,
    on_pick: fn(i64) -> M,
) -> Element<'a, M> {
    let selected = chosen(&list, value.unwrap_or(-1));
    labelled_text(
        label,
        pick_list(list, selected, move |c| on_pick(c.value))
            .padding(8)
            .width(Fill)
            .into(),
        None,
    )
}

/// A form's title, above its fields.
fn heading<'a, M: 'a>(locale: Locale, title: P) -> Column<'a, M> {
    column![
        text(p(locale, title))
            .size(theme::HEADING)
            .font(theme::BOLD)
    ]
    .spacing(10)
}

/// A form's fields with its button and, below, the problem that has no
/// field.
fn page<'a, M: Clone + 'a>(
    locale: Locale,
    fields: Column<'a, M>,
    action: P,
    submit: M,
    problems: &'a Problems,
) -> Element<'a, M> {
    let mut form = fields.push(
        button(text(p(locale, action)).font(theme::BOLD))
            .on_press(submit)
            .style(button::primary)
            .padding([10, 18]),
    );
    if let Some(f) = problems.above() {
        form = form.push(text(f).style(theme::error));
    }
    scrollable(form.max_width(760)).height(Fill).into()
}

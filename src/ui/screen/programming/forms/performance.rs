//! The form of one performance: a show, a hall, a date and a time.

use iced::Element;
use iced::widget::{row, text};

use super::{Made, Problems, Submit, field, hall_pick, heading, page, show_pick};
use crate::programming::halls::Hall;
use crate::programming::performances::{self, PerformanceDraft};
use crate::programming::shows::Show;
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::programming::local_instant;
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The date's field (the focus goes there when the form opens).
pub const DATE: &str = "form-date";
pub const TIME: &str = "form-time";

/// A performance as typed.
pub struct PerformanceForm {
    show: Option<i64>,
    hall: Option<i64>,
    date: String,
    time: String,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Show(i64),
    Hall(i64),
    Date(String),
    Time(String),
    Submit,
}

impl PerformanceForm {
    /// A new performance, of this show in this hall when they are known.
    pub fn new(show: Option<i64>, hall: Option<i64>) -> PerformanceForm {
        PerformanceForm {
            show,
            hall,
            date: String::new(),
            time: "20:00".into(),
            problems: Problems::default(),
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Show(v) => self.show = Some(v),
            Message::Hall(v) => self.hall = Some(v),
            Message::Date(v) => self.date = v,
            Message::Time(v) => self.time = v,
            Message::Submit => return super::submit(self, ctx),
        }
        None
    }

    pub fn view<'a>(
        &'a self,
        look: &Look,
        shows: &'a [Show],
        halls: &'a [Hall],
    ) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let fields = heading(locale, P::NewPerformance)
            .push(
                row![
                    show_pick(locale, shows, self.show, Message::Show),
                    hall_pick(locale, halls, self.hall, Message::Hall),
                ]
                .spacing(10),
            )
            .push(
                row![
                    field(
                        l(P::Date),
                        DATE,
                        "24/11/2026",
                        &self.date,
                        Message::Date,
                        Message::Submit,
                        self.problems.beside(Field::Start),
                    ),
                    field(
                        l(P::Time),
                        TIME,
                        "20:00",
                        &self.time,
                        Message::Time,
                        Message::Submit,
                        None
                    ),
                ]
                .spacing(10),
            )
            .push(
                text(l(P::PerformanceHint))
                    .size(theme::SMALL)
                    .style(theme::muted),
            );
        page(locale, fields, P::Create, Message::Submit, &self.problems)
    }
}

impl Submit for PerformanceForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        let show = self.show.ok_or(ProgrammingError::NoShowChosen)?;
        let hall = self.hall.ok_or(ProgrammingError::NoHallChosen)?;
        let starts = local_instant(&self.date, &self.time, ctx.zone)?;
        let draft = PerformanceDraft::new(show, hall, starts);
        let (store, by) = ctx.acting()?;
        let made = performances::create(store, &by, &draft)?;
        Ok(Made::Performances(vec![made.id]))
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        field.filter(|f| *f == Field::Start)
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

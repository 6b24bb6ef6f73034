//! The form of a series: a show in a hall, from one date to another, on
//! chosen weekdays (each at the common time or its own), dates excepted.

use chrono::{NaiveDate, NaiveTime, Weekday};
use iced::Element;
use iced::widget::{checkbox, column, row, text_input};

use super::{Made, Problems, Submit, field, hall_pick, heading, page, show_pick};
use crate::domain::locale::{parse_date, parse_time};
use crate::domain::season::Series;
use crate::programming::halls::Hall;
use crate::programming::performances;
use crate::programming::shows::Show;
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::{Context, Look};

/// The first date's field (the focus goes there when the form opens).
pub const FROM: &str = "form-from";
pub const TO: &str = "form-to";
pub const TIME: &str = "form-time";
pub const EXCEPT: &str = "form-except";

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A series as typed.
pub struct SeriesForm {
    show: Option<i64>,
    hall: Option<i64>,
    from: String,
    to: String,
    /// The time of every day without its own.
    time: String,
    /// Monday to Sunday: played that day, and its own time (empty: the
    /// common one).
    days: [bool; 7],
    day_times: [String; 7],
    except: String,
    /// The performance chosen when the form opened, whose settings the
    /// series may copy.
    template: Option<i64>,
    copy_selected: bool,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Show(i64),
    Hall(i64),
    From(String),
    To(String),
    Time(String),
    Day(usize, bool),
    DayTime(usize, String),
    Except(String),
    CopySelected(bool),
    Submit,
}

impl SeriesForm {
    /// A new series, of this show in this hall when they are known;
    /// `chosen`: the performance chosen in the season.
    pub fn new(show: Option<i64>, hall: Option<i64>, chosen: Option<i64>) -> SeriesForm {
        SeriesForm {
            show,
            hall,
            from: String::new(),
            to: String::new(),
            time: "20:00".into(),
            days: [false, true, true, true, true, true, false],
            day_times: Default::default(),
            except: String::new(),
            template: chosen,
            copy_selected: true,
            problems: Problems::default(),
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Show(v) => self.show = Some(v),
            Message::Hall(v) => self.hall = Some(v),
            Message::From(v) => self.from = v,
            Message::To(v) => self.to = v,
            Message::Time(v) => self.time = v,
            Message::Day(i, on) => {
                if let Some(day) = self.days.get_mut(i) {
                    *day = on;
                }
            }
            Message::DayTime(i, v) => {
                if let Some(time) = self.day_times.get_mut(i) {
                    *time = v;
                }
            }
            Message::Except(v) => self.except = v,
            Message::CopySelected(v) => self.copy_selected = v,
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
        let fields = heading(locale, P::NewSeries)
            .push(
                row![
                    show_pick(locale, shows, self.show, Message::Show),
                    hall_pick(locale, halls, self.hall, Message::Hall),
                ]
                .spacing(10),
            )
            .push(self.dates(look))
            .push(self.weekdays(look))
            .push(field(
                l(P::Except),
                EXCEPT,
                "25/12/2026, 01/01/2027",
                &self.except,
                Message::Except,
                Message::Submit,
                None,
            ))
            .push(
                checkbox(self.copy_selected)
                    .label(l(P::CopySelected))
                    .on_toggle(Message::CopySelected),
            );
        page(locale, fields, P::Create, Message::Submit, &self.problems)
    }

    /// From, to, and the common time; the series' problems beside the
    /// first date.
    fn dates(&self, look: &Look) -> Element<'_, Message> {
        let l = |k| p(look.locale, k);
        row![
            field(
                l(P::From),
                FROM,
                "01/12/2026",
                &self.from,
                Message::From,
                Message::Submit,
                self.problems.beside(Field::Series),
            ),
            field(
                l(P::To),
                TO,
                "20/12/2026",
                &self.to,
                Message::To,
                Message::Submit,
                None
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
        .spacing(10)
        .into()
    }

    /// A box per weekday, with its own time below (the common one as hint).
    fn weekdays(&self, look: &Look) -> Element<'_, Message> {
        let names = look.locale.weekdays();
        (0..7)
            .fold(row![].spacing(8), |r, i| {
                r.push(
                    column![
                        checkbox(self.days[i])
                            .label(names[i])
                            .on_toggle(move |v| Message::Day(i, v)),
                        text_input(&self.time, &self.day_times[i])
                            .on_input(move |v| Message::DayTime(i, v))
                            .width(72)
                            .padding(6),
                    ]
                    .spacing(4),
                )
            })
            .into()
    }

    /// The chosen weekdays and their times.
    fn times(&self) -> Result<Vec<(Weekday, NaiveTime)>, ProgrammingError> {
        let mut times = Vec::new();
        for (i, day) in WEEKDAYS.iter().enumerate().filter(|(i, _)| self.days[*i]) {
            let own = &self.day_times[i];
            let typed = if own.is_empty() { &self.time } else { own };
            let time =
                parse_time(typed).ok_or_else(|| ProgrammingError::NotATime(typed.to_owned()))?;
            times.push((*day, time));
        }
        Ok(times)
    }

    /// The dates excepted, separated by commas, semicolons or spaces.
    fn exceptions(&self) -> Result<Vec<NaiveDate>, ProgrammingError> {
        self.except
            .split([',', ';', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_date(s).ok_or_else(|| ProgrammingError::NotADate(s.trim().to_owned())))
            .collect()
    }
}

fn date(typed: &str) -> Result<NaiveDate, ProgrammingError> {
    parse_date(typed).ok_or_else(|| ProgrammingError::NotADate(typed.to_owned()))
}

impl Submit for SeriesForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        let show = self.show.ok_or(ProgrammingError::NoShowChosen)?;
        let hall = self.hall.ok_or(ProgrammingError::NoHallChosen)?;
        let times = self.times()?;
        let except = self.exceptions()?;
        let series = Series {
            from: date(&self.from)?,
            to: date(&self.to)?,
            times,
            except,
        };
        let template = self.template.filter(|_| self.copy_selected);
        let (store, by) = ctx.acting()?;
        let made = performances::create_series(store, &by, show, hall, &series, template)?;
        Ok(Made::Performances(made.iter().map(|p| p.id).collect()))
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        match field {
            // A series' dates and times all sit beside its first date.
            Some(Field::Start | Field::Series) => Some(Field::Series),
            _ => None,
        }
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

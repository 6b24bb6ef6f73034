//! Forms of Programmation: a show, a performance, a series, a hall. Each
//! checks through the job functions, which say what is wrong; the message
//! goes beside its field.

use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc, Weekday};
use iced::widget::{button, checkbox, column, pick_list, radio, row, scrollable, text, text_input};
use iced::{Element, Fill};

use super::describe;
use crate::domain::Locale;
use crate::domain::locale::{parse_date, parse_time};
use crate::domain::season::{Series, ShowTax};
use crate::domain::seat_plan::{self, Numbering, SectionSpec};
use crate::programming::halls::{self, Hall, Layout, NewHall};
use crate::programming::performances::{self, PerformanceDraft};
use crate::programming::shows::{self, GENRES, Show, ShowDraft};
use crate::programming::{Field, ProgrammingError, pricing};
use crate::terminal::Terminal;
use crate::ui::i18n::programming::{P, p};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Show,
    Performance,
    Series,
    Hall,
    Tariff,
}

/// One form; its fields are kept as typed.
pub struct Form {
    pub kind: Kind,
    fields: HashMap<&'static str, String>,
    young: bool,
    tax: ShowTax,
    show: Option<i64>,
    hall: Option<i64>,
    hall_kind: crate::domain::season::HallKind,
    numbering: Numbering,
    days: [bool; 7],
    copy_selected: bool,
    /// A show being changed rather than created.
    editing: Option<i64>,
    proof: bool,
    free: bool,
    errors: HashMap<Field, String>,
    failure: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Text(&'static str, String),
    Young(bool),
    Tax(ShowTax),
    Show(i64),
    Hall(i64),
    HallKind(crate::domain::season::HallKind),
    Numbering(Numbering),
    Day(usize, bool),
    CopySelected(bool),
    Proof(bool),
    Free(bool),
    Submit,
}

/// What a submitted form made.
pub enum Made {
    Show,
    Performances(Vec<i64>),
    Hall,
    Tariff,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Form {
    pub fn new(kind: Kind, show: Option<i64>, hall: Option<i64>) -> Form {
        let mut fields = HashMap::new();
        for (key, value) in [
            ("vat", "5,5"),
            ("duration", "90"),
            ("time", "20:00"),
            ("capacity", "300"),
            ("rows", "10"),
            ("seats", "20"),
            ("curve", "0"),
            ("aisles", ""),
            ("section", "Parterre"),
        ] {
            fields.insert(key, value.to_owned());
        }
        Form {
            kind,
            fields,
            young: false,
            tax: ShowTax::Astp,
            show,
            hall,
            hall_kind: crate::domain::season::HallKind::Numbered,
            numbering: Numbering::OddEven,
            days: [false, true, true, true, true, true, false],
            copy_selected: true,
            editing: None,
            proof: false,
            free: false,
            errors: HashMap::new(),
            failure: None,
        }
    }

    /// The form of an existing show, filled in.
    pub fn edit_show(show: &Show) -> Form {
        let draft = ShowDraft::of(show);
        let mut form = Form::new(Kind::Show, None, None);
        for (key, value) in [
            ("title", draft.title),
            ("artists", draft.artists),
            ("genre", draft.genre),
            ("sibil", draft.sibil_domain),
            ("vat", draft.vat),
            ("duration", draft.duration_min.to_string()),
            ("description", draft.description),
        ] {
            form.fields.insert(key, value);
        }
        form.young = draft.young_audience;
        form.tax = draft.show_tax;
        form.editing = Some(show.id);
        form
    }

    /// The field the focus goes to when the form opens.
    pub fn first_field(&self) -> String {
        let key = match self.kind {
            Kind::Show => "title",
            Kind::Performance => "date",
            Kind::Series => "from",
            Kind::Hall => "name",
            Kind::Tariff => "code",
        };
        format!("form-{key}")
    }

    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or("")
    }

    pub fn update(
        &mut self,
        message: Message,
        t: &mut Terminal,
        selected: Option<i64>,
        now: DateTime<Utc>,
        locale: Locale,
        zone: chrono_tz::Tz,
    ) -> Option<Made> {
        match message {
            Message::Text(key, value) => {
                self.fields.insert(key, value);
            }
            Message::Young(v) => self.young = v,
            Message::Tax(v) => self.tax = v,
            Message::Show(v) => self.show = Some(v),
            Message::Hall(v) => self.hall = Some(v),
            Message::HallKind(v) => self.hall_kind = v,
            Message::Numbering(v) => self.numbering = v,
            Message::Day(i, on) => self.days[i] = on,
            Message::CopySelected(v) => self.copy_selected = v,
            Message::Proof(v) => self.proof = v,
            Message::Free(v) => self.free = v,
            Message::Submit => {
                self.errors.clear();
                self.failure = None;
                match self.submit(t, selected, now, zone) {
                    Ok(made) => return Some(made),
                    Err(e) => {
                        let message = describe(&e, locale, zone);
                        match self.place(e.field()) {
                            Some(field) => {
                                self.errors.insert(field, message);
                            }
                            None => self.failure = Some(message),
                        }
                    }
                }
            }
        }
        None
    }

    /// Where a problem shows: beside its field when this form has it, above
    /// the button otherwise (never lost in a field the form does not show).
    fn place(&self, field: Option<Field>) -> Option<Field> {
        use crate::domain::season::HallKind as H;
        let shown: &[Field] = match self.kind {
            Kind::Show => &[Field::Title, Field::Vat, Field::Duration],
            Kind::Performance => &[Field::Start],
            Kind::Series => &[Field::Series],
            Kind::Hall if self.hall_kind == H::Numbered => {
                &[Field::Name, Field::Plan, Field::PlanFile]
            }
            Kind::Hall => &[Field::Name, Field::Capacity],
            Kind::Tariff => &[Field::Code, Field::Name],
        };
        let from_file = !self.get("csv").trim().is_empty();
        let field = match (self.kind, field) {
            // A series' dates and times all sit beside its first date.
            (Kind::Series, Some(Field::Start)) => Some(Field::Series),
            // A plan read from a file: its problems beside the file's path.
            (Kind::Hall, Some(Field::Plan)) if from_file => Some(Field::PlanFile),
            (_, field) => field,
        };
        field.filter(|f| shown.contains(f))
    }

    fn submit(
        &self,
        t: &mut Terminal,
        selected: Option<i64>,
        now: DateTime<Utc>,
        zone: chrono_tz::Tz,
    ) -> Result<Made, ProgrammingError> {
        let store = &mut t.store;
        let number = |key: &str, field: Field| -> Result<i64, ProgrammingError> {
            let typed = self.get(key).trim();
            typed
                .parse::<i64>()
                .map_err(|_| ProgrammingError::NotANumber {
                    typed: typed.to_owned(),
                    field,
                })
        };
        match self.kind {
            Kind::Tariff => {
                pricing::create_tariff(
                    store,
                    self.get("code"),
                    self.get("name"),
                    self.proof,
                    self.free,
                )?;
                Ok(Made::Tariff)
            }
            Kind::Show => {
                let draft = ShowDraft {
                    title: self.get("title").into(),
                    artists: self.get("artists").into(),
                    genre: self.get("genre").into(),
                    sibil_domain: self.get("sibil").into(),
                    young_audience: self.young,
                    show_tax: self.tax,
                    vat: self.get("vat").into(),
                    duration_min: number("duration", Field::Duration)?,
                    description: self.get("description").into(),
                };
                match self.editing {
                    Some(id) => shows::update(store, id, &draft)?,
                    None => shows::create(store, &draft, now)?,
                };
                Ok(Made::Show)
            }
            Kind::Performance => {
                let show = self.show.ok_or(ProgrammingError::NoShowChosen)?;
                let hall = self.hall.ok_or(ProgrammingError::NoHallChosen)?;
                let starts = super::local_instant(self.get("date"), self.get("time"), zone)?;
                let p =
                    performances::create(store, &PerformanceDraft::new(show, hall, starts), now)?;
                Ok(Made::Performances(vec![p.id]))
            }
            Kind::Series => {
                let show = self.show.ok_or(ProgrammingError::NoShowChosen)?;
                let hall = self.hall.ok_or(ProgrammingError::NoHallChosen)?;
                let date = |key: &str| {
                    parse_date(self.get(key))
                        .ok_or_else(|| ProgrammingError::NotADate(self.get(key).to_owned()))
                };
                let mut times = Vec::new();
                for (i, day) in WEEKDAYS.iter().enumerate().filter(|(i, _)| self.days[*i]) {
                    let key = TIME_KEYS[i];
                    let typed = if self.get(key).is_empty() {
                        self.get("time")
                    } else {
                        self.get(key)
                    };
                    let time: NaiveTime = parse_time(typed)
                        .ok_or_else(|| ProgrammingError::NotATime(typed.to_owned()))?;
                    times.push((*day, time));
                }
                let except = self
                    .get("except")
                    .split([',', ';', ' '])
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| {
                        parse_date(s).ok_or_else(|| ProgrammingError::NotADate(s.trim().to_owned()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let series = Series {
                    from: date("from")?,
                    to: date("to")?,
                    times,
                    except,
                };
                let template = selected.filter(|_| self.copy_selected);
                let made = performances::create_series(store, show, hall, &series, template, now)?;
                Ok(Made::Performances(made.iter().map(|p| p.id).collect()))
            }
            Kind::Hall => {
                let layout = match self.hall_kind {
                    crate::domain::season::HallKind::Numbered
                        if !self.get("csv").trim().is_empty() =>
                    {
                        let path = self.get("csv").trim();
                        let bytes =
                            std::fs::read(path).map_err(|e| ProgrammingError::FileUnreadable {
                                path: path.to_owned(),
                                kind: e.kind(),
                            })?;
                        let csv = crate::domain::plan_csv::decode(&bytes);
                        Layout::Numbered(crate::domain::plan_csv::parse(&csv)?)
                    }
                    crate::domain::season::HallKind::Numbered => {
                        let aisles = self
                            .get("aisles")
                            .split([',', ';', ' '])
                            .filter(|a| !a.trim().is_empty())
                            .map(|a| {
                                a.trim()
                                    .parse::<u32>()
                                    .map_err(|_| ProgrammingError::NotANumber {
                                        typed: a.trim().to_owned(),
                                        field: Field::Plan,
                                    })
                            })
                            .collect::<Result<Vec<u32>, _>>()?;
                        let curve = self.get("curve").trim();
                        let curve_radius = if curve.is_empty() {
                            0.0
                        } else {
                            curve.replace(',', ".").parse::<f64>().map_err(|_| {
                                ProgrammingError::NotANumber {
                                    typed: curve.to_owned(),
                                    field: Field::Plan,
                                }
                            })?
                        };
                        let count = |key: &str| -> Result<u32, ProgrammingError> {
                            Ok(number(key, Field::Plan)?.clamp(0, u32::MAX.into()) as u32)
                        };
                        let spec = SectionSpec {
                            aisles_after: aisles,
                            curve_radius,
                            numbering: self.numbering,
                            ..SectionSpec::new(
                                self.get("section").trim(),
                                count("rows")?,
                                count("seats")?,
                            )
                        };
                        Layout::Numbered(seat_plan::generate(&[spec])?)
                    }
                    crate::domain::season::HallKind::General => Layout::General {
                        capacity: number("capacity", Field::Capacity)?,
                    },
                    crate::domain::season::HallKind::Timed => Layout::Timed {
                        per_slot: number("capacity", Field::Capacity)?,
                    },
                };
                halls::create(
                    store,
                    &NewHall {
                        name: self.get("name").into(),
                        layout,
                        venue_type: self.get("venue_type").into(),
                    },
                    now,
                )?;
                Ok(Made::Hall)
            }
        }
    }

    pub fn view<'a>(
        &'a self,
        locale: Locale,
        shows: &'a [Show],
        halls: &'a [Hall],
    ) -> Element<'a, Message> {
        let l = |k| p(locale, k);
        let field = |label: P, key: &'static str, hint: &'a str, error: Option<Field>| {
            labelled_text(
                l(label),
                text_input(hint, self.get(key))
                    .id(format!("form-{key}"))
                    .on_input(move |v| Message::Text(key, v))
                    .on_submit(Message::Submit)
                    .padding(8)
                    .into(),
                error.and_then(|f| self.errors.get(&f)).map(String::as_str),
            )
        };
        let title = match self.kind {
            Kind::Show if self.editing.is_some() => P::EditShow,
            Kind::Tariff => P::AddTariff,
            Kind::Show => P::NewShow,
            Kind::Performance => P::NewPerformance,
            Kind::Series => P::NewSeries,
            Kind::Hall => P::NewHall,
        };
        let mut form = column![text(l(title)).size(theme::HEADING).font(theme::BOLD)].spacing(10);
        let show_list: Vec<Choice<i64>> = shows
            .iter()
            .map(|s| Choice::new(s.id, s.title.clone()))
            .collect();
        let hall_list: Vec<Choice<i64>> = halls
            .iter()
            .map(|h| Choice::new(h.id, h.name.clone()))
            .collect();
        let show_pick = || {
            labelled_text(
                l(P::Show),
                pick_list(
                    show_list.clone(),
                    chosen(&show_list, self.show.unwrap_or(-1)),
                    |c| Message::Show(c.value),
                )
                .padding(8)
                .width(Fill)
                .into(),
                None,
            )
        };
        let hall_pick = || {
            labelled_text(
                l(P::Hall),
                pick_list(
                    hall_list.clone(),
                    chosen(&hall_list, self.hall.unwrap_or(-1)),
                    |c| Message::Hall(c.value),
                )
                .padding(8)
                .width(Fill)
                .into(),
                None,
            )
        };
        match self.kind {
            Kind::Tariff => {
                form = form
                    .push(
                        row![
                            field(P::CategoryCode, "code", "GROUPE", Some(Field::Code)),
                            field(
                                P::Name,
                                "name",
                                "Groupe (10 personnes et plus)",
                                Some(Field::Name)
                            ),
                        ]
                        .spacing(10),
                    )
                    .push(
                        checkbox(self.proof)
                            .label(l(P::Proof))
                            .on_toggle(Message::Proof),
                    )
                    .push(
                        checkbox(self.free)
                            .label(l(P::Free))
                            .on_toggle(Message::Free),
                    );
            }
            Kind::Show => {
                let genres: Vec<Choice<&'static str>> = GENRES
                    .iter()
                    .map(|g| Choice::new(*g, super::genre_name(g, locale).to_owned()))
                    .collect();
                let taxes: Vec<Choice<ShowTax>> = ShowTax::ALL
                    .into_iter()
                    .map(|t| Choice::new(t, super::tax_name(t, locale).to_owned()))
                    .collect();
                let genre = genres
                    .iter()
                    .find(|g| g.value == self.get("genre"))
                    .cloned();
                form = form
                    .push(field(
                        P::Title,
                        "title",
                        "Cyrano de Bergerac",
                        Some(Field::Title),
                    ))
                    .push(field(P::Artists, "artists", "Compagnie…", None))
                    .push(
                        row![
                            labelled_text(
                                l(P::Genre),
                                pick_list(genres, genre, |c| Message::Text(
                                    "genre",
                                    c.value.to_owned()
                                ))
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
                    .push(
                        row![
                            field(P::Vat, "vat", "5,5", Some(Field::Vat)),
                            field(P::Duration, "duration", "90", Some(Field::Duration)),
                            field(P::Sibil, "sibil", "Théâtre", None),
                        ]
                        .spacing(10),
                    )
                    .push(
                        checkbox(self.young)
                            .label(l(P::Young))
                            .on_toggle(Message::Young),
                    )
                    .push(field(P::Description, "description", "", None));
            }
            Kind::Performance => {
                form = form
                    .push(row![show_pick(), hall_pick()].spacing(10))
                    .push(
                        row![
                            field(P::Date, "date", "24/11/2026", Some(Field::Start)),
                            field(P::Time, "time", "20:00", None),
                        ]
                        .spacing(10),
                    )
                    .push(
                        text(l(P::PerformanceHint))
                            .size(theme::SMALL)
                            .style(theme::muted),
                    );
            }
            Kind::Series => {
                let days = (0..7).fold(row![].spacing(8), |r, i| {
                    r.push(
                        column![
                            checkbox(self.days[i])
                                .label(locale.weekdays()[i])
                                .on_toggle(move |v| Message::Day(i, v)),
                            text_input(self.get("time"), self.get(TIME_KEYS[i]))
                                .on_input(move |v| Message::Text(TIME_KEYS[i], v))
                                .width(72)
                                .padding(6),
                        ]
                        .spacing(4),
                    )
                });
                form = form
                    .push(row![show_pick(), hall_pick()].spacing(10))
                    .push(
                        row![
                            field(P::From, "from", "01/12/2026", Some(Field::Series)),
                            field(P::To, "to", "20/12/2026", None),
                            field(P::Time, "time", "20:00", None),
                        ]
                        .spacing(10),
                    )
                    .push(days)
                    .push(field(P::Except, "except", "25/12/2026, 01/01/2027", None))
                    .push(
                        checkbox(self.copy_selected)
                            .label(l(P::CopySelected))
                            .on_toggle(Message::CopySelected),
                    );
            }
            Kind::Hall => {
                use crate::domain::season::HallKind as H;
                let kinds = [H::Numbered, H::General, H::Timed].into_iter().fold(
                    row![].spacing(16),
                    |r, k| {
                        r.push(radio(
                            super::hall_kind_name(k, locale),
                            k,
                            Some(self.hall_kind),
                            Message::HallKind,
                        ))
                    },
                );
                form = form
                    .push(field(P::Name, "name", "Grande salle", Some(Field::Name)))
                    .push(kinds);
                form = match self.hall_kind {
                    H::Numbered => form
                        .push(
                            row![
                                field(P::Section, "section", "Parterre", None),
                                field(P::Rows, "rows", "10", Some(Field::Plan)),
                                field(P::SeatsPerRow, "seats", "20", None),
                            ]
                            .spacing(10),
                        )
                        .push(
                            row![
                                field(P::Curve, "curve", "0", None),
                                field(P::Aisles, "aisles", "5, 15", None),
                            ]
                            .spacing(10),
                        )
                        .push(
                            row![
                                radio(
                                    l(P::OddEven),
                                    Numbering::OddEven,
                                    Some(self.numbering),
                                    Message::Numbering
                                ),
                                radio(
                                    l(P::Sequential),
                                    Numbering::Sequential,
                                    Some(self.numbering),
                                    Message::Numbering
                                ),
                            ]
                            .spacing(16),
                        )
                        .push(field(
                            P::CsvPath,
                            "csv",
                            "/home/…/plan.csv",
                            Some(Field::PlanFile),
                        )),
                    _ => form.push(field(P::Capacity, "capacity", "300", Some(Field::Capacity))),
                };
            }
        }
        form = form.push(
            button(
                text(l(if self.editing.is_some() {
                    P::Save
                } else {
                    P::Create
                }))
                .font(theme::BOLD),
            )
            .on_press(Message::Submit)
            .style(button::primary)
            .padding([10, 18]),
        );
        if let Some(f) = &self.failure {
            form = form.push(text(f).style(theme::error));
        }
        scrollable(form.max_width(760)).height(Fill).into()
    }
}

/// The per-weekday time fields of a series.
const TIME_KEYS: [&str; 7] = [
    "t_mon", "t_tue", "t_wed", "t_thu", "t_fri", "t_sat", "t_sun",
];

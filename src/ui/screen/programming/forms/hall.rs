//! The form of a hall: its name and kind; for a numbered hall a plan
//! generated from rows and seats, or read from a CSV file; otherwise its
//! capacity (per slot for a timed hall).

use iced::Element;
use iced::widget::{radio, row};

use super::{Made, Problems, Submit, field, heading, number, page};
use crate::domain::plan_csv;
use crate::domain::season::HallKind;
use crate::domain::seat_plan::{self, Numbering, SectionSpec};
use crate::programming::halls::{self, Layout, NewHall};
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, p};
use crate::ui::screen::programming::hall_kind_name;
use crate::ui::screen::{Context, Look};

/// The name's field (the focus goes there when the form opens).
pub const NAME: &str = "form-name";
pub const SECTION: &str = "form-section";
pub const ROWS: &str = "form-rows";
pub const SEATS: &str = "form-seats";
pub const CURVE: &str = "form-curve";
pub const AISLES: &str = "form-aisles";
pub const CSV: &str = "form-csv";
pub const CAPACITY: &str = "form-capacity";

/// A hall as typed.
pub struct HallForm {
    name: String,
    kind: HallKind,
    /// A generated plan: one section of rows of seats, aisles after some
    /// seat numbers, the rows curved or not.
    section: String,
    rows: String,
    seats: String,
    curve: String,
    aisles: String,
    numbering: Numbering,
    /// A plan read from this CSV file instead, when one is typed.
    csv: String,
    /// General admission: the places; timed: the places per slot.
    capacity: String,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Name(String),
    Kind(HallKind),
    Section(String),
    Rows(String),
    Seats(String),
    Curve(String),
    Aisles(String),
    Numbering(Numbering),
    Csv(String),
    Capacity(String),
    Submit,
}

impl Default for HallForm {
    fn default() -> HallForm {
        HallForm {
            name: String::new(),
            kind: HallKind::Numbered,
            section: "Parterre".into(),
            rows: "10".into(),
            seats: "20".into(),
            curve: "0".into(),
            aisles: String::new(),
            numbering: Numbering::OddEven,
            csv: String::new(),
            capacity: "300".into(),
            problems: Problems::default(),
        }
    }
}

impl HallForm {
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Name(v) => self.name = v,
            Message::Kind(v) => self.kind = v,
            Message::Section(v) => self.section = v,
            Message::Rows(v) => self.rows = v,
            Message::Seats(v) => self.seats = v,
            Message::Curve(v) => self.curve = v,
            Message::Aisles(v) => self.aisles = v,
            Message::Numbering(v) => self.numbering = v,
            Message::Csv(v) => self.csv = v,
            Message::Capacity(v) => self.capacity = v,
            Message::Submit => return super::submit(self, ctx),
        }
        None
    }

    /// The plan is to be read from a CSV file.
    fn plan_file(&self) -> bool {
        !self.csv.trim().is_empty()
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let kinds = [HallKind::Numbered, HallKind::General, HallKind::Timed]
            .into_iter()
            .fold(row![].spacing(16), |r, k| {
                r.push(radio(
                    hall_kind_name(k, locale),
                    k,
                    Some(self.kind),
                    Message::Kind,
                ))
            });
        let fields = heading(locale, P::NewHall)
            .push(field(
                p(locale, P::Name),
                NAME,
                p(locale, P::ExampleHallName),
                &self.name,
                Message::Name,
                Message::Submit,
                self.problems.beside(Field::Name),
            ))
            .push(kinds);
        let fields = match self.kind {
            HallKind::Numbered => fields
                .push(self.plan(look))
                .push(self.shape(look))
                .push(self.numbering_choice(look))
                .push(field(
                    p(locale, P::CsvPath),
                    CSV,
                    "/home/…/plan.csv",
                    &self.csv,
                    Message::Csv,
                    Message::Submit,
                    self.problems.beside(Field::PlanFile),
                )),
            HallKind::General | HallKind::Timed => fields.push(field(
                p(locale, P::Capacity),
                CAPACITY,
                "300",
                &self.capacity,
                Message::Capacity,
                Message::Submit,
                self.problems.beside(Field::Capacity),
            )),
        };
        page(locale, fields, P::Create, Message::Submit, &self.problems)
    }

    /// The section, its rows and seats per row; the plan's problems beside
    /// the rows.
    fn plan(&self, look: &Look) -> Element<'_, Message> {
        let l = |k| p(look.locale, k);
        row![
            field(
                l(P::Section),
                SECTION,
                l(P::ExampleSection),
                &self.section,
                Message::Section,
                Message::Submit,
                None
            ),
            field(
                l(P::Rows),
                ROWS,
                "10",
                &self.rows,
                Message::Rows,
                Message::Submit,
                self.problems.beside(Field::Plan),
            ),
            field(
                l(P::SeatsPerRow),
                SEATS,
                "20",
                &self.seats,
                Message::Seats,
                Message::Submit,
                None
            ),
        ]
        .spacing(10)
        .into()
    }

    /// The curve and the aisles.
    fn shape(&self, look: &Look) -> Element<'_, Message> {
        let l = |k| p(look.locale, k);
        row![
            field(
                l(P::Curve),
                CURVE,
                "0",
                &self.curve,
                Message::Curve,
                Message::Submit,
                None
            ),
            field(
                l(P::Aisles),
                AISLES,
                "5, 15",
                &self.aisles,
                Message::Aisles,
                Message::Submit,
                None
            ),
        ]
        .spacing(10)
        .into()
    }

    /// How seats are numbered: odd and even, or one after the other.
    fn numbering_choice(&self, look: &Look) -> Element<'_, Message> {
        let l = |k| p(look.locale, k);
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
        .spacing(16)
        .into()
    }

    /// The seats of a numbered hall, or its places.
    fn layout(&self) -> Result<Layout, ProgrammingError> {
        Ok(match self.kind {
            HallKind::Numbered if self.plan_file() => Layout::Numbered(self.read_plan()?),
            HallKind::Numbered => Layout::Numbered(seat_plan::generate(&[self.section_spec()?])?),
            HallKind::General => Layout::General {
                capacity: number(&self.capacity, Field::Capacity)?,
            },
            HallKind::Timed => Layout::Timed {
                per_slot: number(&self.capacity, Field::Capacity)?,
            },
        })
    }

    /// The plan in the CSV file typed.
    fn read_plan(&self) -> Result<Vec<seat_plan::PlannedSeat>, ProgrammingError> {
        let path = self.csv.trim();
        let bytes = std::fs::read(path).map_err(|e| ProgrammingError::FileUnreadable {
            path: path.to_owned(),
            kind: e.kind(),
        })?;
        let csv = plan_csv::decode(&bytes);
        Ok(plan_csv::parse(&csv)?)
    }

    /// The section to generate, as typed.
    fn section_spec(&self) -> Result<SectionSpec, ProgrammingError> {
        let not_a_number = |typed: &str| ProgrammingError::NotANumber {
            typed: typed.to_owned(),
            field: Field::Plan,
        };
        let aisles = self
            .aisles
            .split([',', ';', ' '])
            .filter(|a| !a.trim().is_empty())
            .map(|a| a.trim().parse::<u32>().map_err(|_| not_a_number(a.trim())))
            .collect::<Result<Vec<u32>, _>>()?;
        let curve = self.curve.trim();
        let curve_radius = if curve.is_empty() {
            0.0
        } else {
            curve
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| not_a_number(curve))?
        };
        let count = |typed: &str| -> Result<u32, ProgrammingError> {
            Ok(number(typed, Field::Plan)?.clamp(0, u32::MAX.into()) as u32)
        };
        Ok(SectionSpec {
            aisles_after: aisles,
            curve_radius,
            numbering: self.numbering,
            ..SectionSpec::new(self.section.trim(), count(&self.rows)?, count(&self.seats)?)
        })
    }
}

impl Submit for HallForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        let hall = NewHall {
            name: self.name.clone(),
            layout: self.layout()?,
            // Not asked in the window.
            venue_type: String::new(),
        };
        let (store, by) = ctx.acting()?;
        halls::create(store, &by, &hall)?;
        Ok(Made::Hall)
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        let shown: &[Field] = match self.kind {
            HallKind::Numbered => &[Field::Name, Field::Plan, Field::PlanFile],
            HallKind::General | HallKind::Timed => &[Field::Name, Field::Capacity],
        };
        let field = match field {
            // A plan read from a file: its problems beside the file's path.
            Some(Field::Plan) if self.plan_file() => Some(Field::PlanFile),
            field => field,
        };
        field.filter(|f| shown.contains(f))
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

//! The form of a subscription formula (F4): its name; what it is — a
//! choice of so many performances among some shows (at least so many of a
//! genre), a fixed set of performances, one performance of each show (the
//! season), or a pass over some days; the tariff its tickets carry and its
//! price. It stays open once a formula is made, saying so, for the next.

use std::collections::BTreeSet;

use iced::widget::{Row, checkbox, column, row, scrollable, text};
use iced::{Element, Length};

use super::{Made, Problems, Submit, field, heading, number, page, pick};
use crate::domain::locale::parse_date;
use crate::domain::subscription::{FormulaProblem, Rule};
use crate::domain::{Cents, PerformanceLine, Tariff};
use crate::programming::shows::{GENRES, Show};
use crate::programming::subscriptions::{FormulaDraft, add_formula};
use crate::programming::{Field, ProgrammingError};
use crate::ui::i18n::programming::{P, genre_name, p, pf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The name's field (the focus goes there when the form opens).
pub const NAME: &str = "form-formula-name";
pub const MIN: &str = "form-formula-min";
pub const MAX: &str = "form-formula-max";
pub const FROM: &str = "form-formula-from";
pub const UNTIL: &str = "form-formula-until";
pub const PRICE: &str = "form-formula-price";
pub const BY_CATEGORY: &str = "form-formula-by-category";

/// What a formula is, as the form offers it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    #[default]
    Choice,
    Fixed,
    Season,
    Pass,
}

const KINDS: [Kind; 4] = [Kind::Choice, Kind::Fixed, Kind::Season, Kind::Pass];

/// A formula as typed.
#[derive(Default)]
pub struct FormulaForm {
    name: String,
    kind: Kind,
    min: String,
    max: String,
    /// At least `genre_min` of this genre (an index in `GENRES`).
    genre: Option<usize>,
    genre_min: String,
    shows: BTreeSet<i64>,
    performances: BTreeSet<i64>,
    from: String,
    until: String,
    /// The tariff its tickets carry (ABONNE when none is picked).
    tariff: Option<i64>,
    price: String,
    /// Prices of some categories: "C1 110,00 ; C2 90,00".
    by_category: String,
    /// The formula just made, said above the form.
    made: Option<String>,
    problems: Problems,
}

#[derive(Clone, Debug)]
pub enum Message {
    Name(String),
    Kind(i64),
    Min(String),
    Max(String),
    Genre(i64),
    GenreMin(String),
    Show(i64, bool),
    Performance(i64, bool),
    From(String),
    Until(String),
    Tariff(i64),
    Price(String),
    ByCategory(String),
    Submit,
}

/// What the form reads of the season.
pub struct Season<'a> {
    pub shows: &'a [Show],
    pub lines: &'a [PerformanceLine],
    pub tariffs: &'a [Tariff],
}

impl FormulaForm {
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Option<Made> {
        match message {
            Message::Name(v) => self.name = v,
            Message::Kind(k) => self.kind = KINDS[k.clamp(0, 3) as usize],
            Message::Min(v) => self.min = v,
            Message::Max(v) => self.max = v,
            Message::Genre(g) => self.genre = usize::try_from(g).ok().filter(|g| *g < GENRES.len()),
            Message::GenreMin(v) => self.genre_min = v,
            Message::Show(id, on) => toggle(&mut self.shows, id, on),
            Message::Performance(id, on) => toggle(&mut self.performances, id, on),
            Message::From(v) => self.from = v,
            Message::Until(v) => self.until = v,
            Message::Tariff(t) => self.tariff = Some(t),
            Message::Price(v) => self.price = v,
            Message::ByCategory(v) => self.by_category = v,
            Message::Submit => {
                self.made = None;
                if let Some(Made::Formula(name)) = super::submit(self, ctx) {
                    // Made: said above, the fields cleared for the next
                    // (of the same kind, the same tariff).
                    *self = FormulaForm {
                        made: Some(name),
                        kind: self.kind,
                        tariff: self.tariff,
                        ..FormulaForm::default()
                    };
                }
            }
        }
        None
    }

    pub fn view<'a>(&'a self, look: &Look, season: Season<'a>) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| p(locale, k);
        let error = |f| self.problems.beside(f);
        let mut fields = heading(locale, P::FormulaTitle);
        if let Some(name) = &self.made {
            fields = fields.push(text(pf(locale, P::FormulaMade, &[name])).style(theme::success));
        }
        let kinds = KINDS
            .iter()
            .enumerate()
            .map(|(i, k)| crate::ui::widget::Choice::new(i as i64, l(kind_word(*k)).to_owned()))
            .collect();
        let kind = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0) as i64;
        fields = fields.push(
            row![
                field(
                    l(P::Name),
                    NAME,
                    l(P::ExampleFormulaName),
                    &self.name,
                    Message::Name,
                    Message::Submit,
                    error(Field::Name)
                ),
                pick(l(P::FormulaKind), kinds, Some(kind), Message::Kind),
            ]
            .spacing(10),
        );
        fields = match self.kind {
            Kind::Choice => fields
                .push(self.counts(locale))
                .push(self.shows(look, &season)),
            Kind::Fixed => fields.push(self.performances(look, &season)),
            Kind::Season => fields.push(self.shows(look, &season)),
            Kind::Pass => fields
                .push(
                    row![
                        field(
                            l(P::PassFrom),
                            FROM,
                            "01/07/2027",
                            &self.from,
                            Message::From,
                            Message::Submit,
                            None
                        ),
                        field(
                            l(P::PassUntil),
                            UNTIL,
                            "03/07/2027",
                            &self.until,
                            Message::Until,
                            Message::Submit,
                            None
                        ),
                    ]
                    .spacing(10),
                )
                .push(self.shows(look, &season)),
        };
        // The counts' and the days' problems, below what they are about.
        for f in [Field::Quantity, Field::Start] {
            if let Some(e) = error(f) {
                fields = fields.push(text(e).style(theme::error));
            }
        }
        let tariffs = season
            .tariffs
            .iter()
            .map(|t| crate::ui::widget::Choice::new(t.id, format!("{} — {}", t.code, t.name)))
            .collect();
        let tariff = self.tariff.or_else(|| abonne(season.tariffs));
        fields = fields.push(
            row![
                pick(l(P::FormulaTariff), tariffs, tariff, Message::Tariff),
                field(
                    l(P::FormulaPrice),
                    PRICE,
                    "96,00",
                    &self.price,
                    Message::Price,
                    Message::Submit,
                    None
                ),
                field(
                    l(P::FormulaByCategory),
                    BY_CATEGORY,
                    "C1 110,00 ; C2 90,00",
                    &self.by_category,
                    Message::ByCategory,
                    Message::Submit,
                    None
                ),
            ]
            .spacing(10),
        );
        if let Some(e) = error(Field::Prices) {
            fields = fields.push(text(e).style(theme::error));
        }
        page(locale, fields, P::Create, Message::Submit, &self.problems)
    }

    /// A choice's counts, and at least so many of a genre.
    fn counts(&self, locale: crate::domain::Locale) -> Element<'_, Message> {
        let l = |k| p(locale, k);
        let mut genres = vec![crate::ui::widget::Choice::new(
            -1,
            l(P::AnyGenre).to_owned(),
        )];
        genres.extend(
            GENRES.iter().enumerate().map(|(i, g)| {
                crate::ui::widget::Choice::new(i as i64, genre_name(g, locale).into())
            }),
        );
        let genre = self.genre.map_or(-1, |g| g as i64);
        row![
            field(
                l(P::Minimum),
                MIN,
                "3",
                &self.min,
                Message::Min,
                Message::Submit,
                None
            ),
            field(
                l(P::Maximum),
                MAX,
                "6",
                &self.max,
                Message::Max,
                Message::Submit,
                None
            ),
            pick(l(P::GenreAtLeast), genres, Some(genre), Message::Genre),
            field(
                l(P::GenreCount),
                "form-formula-genre-min",
                "1",
                &self.genre_min,
                Message::GenreMin,
                Message::Submit,
                None
            ),
        ]
        .spacing(10)
        .into()
    }

    /// The shows it is made of, ticked (none: any show, for a choice or a
    /// pass).
    fn shows<'a>(&'a self, look: &Look, season: &Season<'a>) -> Element<'a, Message> {
        let label = match self.kind {
            Kind::Season => P::FormulaShowsAll,
            _ => P::FormulaShows,
        };
        let boxes = season.shows.iter().map(|s| {
            let id = s.id;
            checkbox(self.shows.contains(&id))
                .label(s.title.clone())
                .on_toggle(move |on| Message::Show(id, on))
                .into()
        });
        column![
            text(p(look.locale, label))
                .size(theme::SMALL)
                .font(theme::BOLD),
            Row::with_children(boxes).spacing(14).wrap(),
        ]
        .spacing(6)
        .into()
    }

    /// A fixed set's performances, ticked among those to come.
    fn performances<'a>(&'a self, look: &Look, season: &Season<'a>) -> Element<'a, Message> {
        let locale = look.locale;
        let on_sale = season.lines.iter().filter(|line| {
            line.status == crate::domain::PerformanceStatus::OnSale && line.ends_at > look.now
        });
        let boxes = on_sale.map(|line| {
            let id = line.id;
            let when = locale.date_time(line.starts_at, look.zone);
            checkbox(self.performances.contains(&id))
                .label(format!("{} — {when}", line.show))
                .on_toggle(move |on| Message::Performance(id, on))
                .into()
        });
        column![
            text(p(locale, P::FormulaPerformances))
                .size(theme::SMALL)
                .font(theme::BOLD),
            scrollable(column(boxes).spacing(4)).height(Length::Fixed(220.0)),
        ]
        .spacing(6)
        .into()
    }

    /// The rule as typed, or what is wrong with it.
    fn rule(&self) -> Result<Rule, ProgrammingError> {
        let shows: Vec<i64> = self.shows.iter().copied().collect();
        Ok(match self.kind {
            Kind::Choice => {
                let count = |typed: &str| {
                    if typed.trim().is_empty() {
                        return Err(ProgrammingError::Formula(FormulaProblem::ChoiceCounts));
                    }
                    let n = number(typed, Field::Quantity)?;
                    usize::try_from(n).map_err(|_| ProgrammingError::NotANumber {
                        typed: typed.trim().to_owned(),
                        field: Field::Quantity,
                    })
                };
                let min = count(&self.min)?;
                let max = match self.max.trim().is_empty() {
                    true => min,
                    false => count(&self.max)?,
                };
                let per_genre = match (self.genre, self.genre_min.trim().is_empty()) {
                    (Some(g), false) => [(GENRES[g].to_owned(), count(&self.genre_min)?)].into(),
                    (Some(g), true) => [(GENRES[g].to_owned(), 1)].into(),
                    (None, _) => Default::default(),
                };
                Rule::Choice {
                    min,
                    max,
                    shows,
                    per_genre,
                }
            }
            Kind::Fixed => Rule::Fixed(self.performances.iter().copied().collect()),
            Kind::Season => Rule::Season(shows),
            Kind::Pass => {
                let day = |typed: &str| {
                    parse_date(typed).ok_or_else(|| {
                        ProgrammingError::Formula(FormulaProblem::NotADay(typed.trim().to_owned()))
                    })
                };
                Rule::Pass {
                    from: day(&self.from)?,
                    until: day(&self.until)?,
                    shows,
                }
            }
        })
    }
}

impl FormulaForm {
    /// The prices as typed: any category's (when typed), then each
    /// category's ("C1 110,00 ; C2 90,00").
    fn prices(&self, tariff: &str) -> Result<Vec<(String, String, Cents)>, ProgrammingError> {
        let not_a_price = |typed: &str| {
            ProgrammingError::Formula(FormulaProblem::NotAPrice(typed.trim().to_owned()))
        };
        let mut prices = Vec::new();
        let typed = self.price.trim();
        if !typed.is_empty() || self.by_category.trim().is_empty() {
            let price = Cents::parse(typed).map_err(|_| not_a_price(typed))?;
            prices.push((tariff.to_owned(), String::new(), price));
        }
        let parts = self.by_category.split([';', '\n']);
        let max = crate::domain::subscription::MAX_PRICES + 1;
        for part in parts.filter(|p| !p.trim().is_empty()).take(max) {
            let (code, amount) = part
                .trim()
                .split_once(char::is_whitespace)
                .ok_or_else(|| not_a_price(part))?;
            let amount = Cents::parse(amount.trim()).map_err(|_| not_a_price(part))?;
            let code = code.trim().trim_end_matches([':', '=']).to_uppercase();
            prices.push((tariff.to_owned(), code, amount));
        }
        Ok(prices)
    }
}

fn toggle(set: &mut BTreeSet<i64>, id: i64, on: bool) {
    if on {
        set.insert(id);
    } else {
        set.remove(&id);
    }
}

/// The subscriber tariff, if the season has one.
fn abonne(tariffs: &[Tariff]) -> Option<i64> {
    tariffs
        .iter()
        .find(|t| t.code.eq_ignore_ascii_case("ABONNE"))
        .map(|t| t.id)
}

fn kind_word(kind: Kind) -> P {
    match kind {
        Kind::Choice => P::KindChoice,
        Kind::Fixed => P::KindFixed,
        Kind::Season => P::KindSeason,
        Kind::Pass => P::KindPass,
    }
}

impl Submit for FormulaForm {
    fn submit(&self, ctx: &mut Context) -> Result<Made, ProgrammingError> {
        // The fields in their order: the name first.
        if self.name.trim().is_empty() {
            return Err(ProgrammingError::Formula(FormulaProblem::Name));
        }
        let rule = self.rule()?;
        let (store, by) = ctx.acting()?;
        let tariffs = crate::programming::pricing::tariffs(store)?;
        let tariff = self
            .tariff
            .or_else(|| abonne(&tariffs))
            .and_then(|id| tariffs.iter().find(|t| t.id == id))
            .map(|t| t.code.clone())
            .unwrap_or_else(|| "ABONNE".to_owned());
        let draft = FormulaDraft {
            name: self.name.clone(),
            rule,
            tariff: tariff.clone(),
            prices: self.prices(&tariff)?,
        };
        let made = add_formula(store, &by, &draft)?;
        Ok(Made::Formula(made.name))
    }

    fn place(&self, field: Option<Field>) -> Option<Field> {
        field.filter(|f| [Field::Name, Field::Quantity, Field::Start, Field::Prices].contains(f))
    }

    fn problems(&mut self) -> &mut Problems {
        &mut self.problems
    }
}

//! A price rule as the coordinator types it: when (a fill rate, a date, the
//! last hours), which category, the step, a floor and a ceiling. The same
//! form sets a rule in Programmation and describes one to replay in
//! Rapports; what is typed is read here, the rule itself checked by the
//! job.

use iced::widget::{column, container, pick_list, row, text_input};
use iced::{Center, Element};

use crate::domain::Cents;
use crate::domain::locale::{parse_date, parse_time};
use crate::domain::price_rule::{Draft, Scope, Trigger};
use crate::ui::i18n::pricing::{Y, y, yf};
use crate::ui::widget::{Choice, chosen, labelled};

/// When the rule moves prices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum When {
    #[default]
    Fill,
    Before,
    LastHours,
}

#[derive(Clone, Debug, Default)]
pub struct RuleForm {
    when: When,
    threshold: String,
    category: String,
    step: String,
    floor: String,
    ceiling: String,
}

#[derive(Clone, Debug)]
pub enum Message {
    When(When),
    Threshold(String),
    Category(String),
    Step(String),
    Floor(String),
    Ceiling(String),
    /// Enter in a field: the screen adds or replays the rule.
    Submit,
}

impl Message {
    pub fn is_typing(&self) -> bool {
        !matches!(self, Message::Submit | Message::When(_))
    }
}

/// What a field keeps of a keystroke (a paste included): 40 characters.
fn kept(typed: String) -> String {
    typed.chars().take(40).collect()
}

impl RuleForm {
    pub fn new() -> RuleForm {
        RuleForm {
            threshold: "80".into(),
            ..RuleForm::default()
        }
    }

    /// Takes a keystroke; true when the screen should act (Enter).
    pub fn update(&mut self, message: Message) -> bool {
        match message {
            Message::When(w) => {
                self.when = w;
                self.threshold = match w {
                    When::Fill => "80".into(),
                    When::Before => String::new(),
                    When::LastHours => "48".into(),
                };
            }
            Message::Threshold(t) => self.threshold = kept(t),
            Message::Category(t) => self.category = kept(t),
            Message::Step(t) => self.step = kept(t),
            Message::Floor(t) => self.floor = kept(t),
            Message::Ceiling(t) => self.ceiling = kept(t),
            Message::Submit => return true,
        }
        false
    }

    /// The rule typed, on `scope`, or what is wrong with what was typed.
    pub fn draft(
        &self,
        scope: Scope,
        zone: chrono_tz::Tz,
        l: crate::domain::Locale,
    ) -> Result<Draft, String> {
        let typed = self.threshold.trim();
        let trigger = match self.when {
            When::Fill => Trigger::Fill(
                typed
                    .trim_end_matches('%')
                    .trim()
                    .parse()
                    .map_err(|_| yf(l, Y::NotAPercent, &[typed]))?,
            ),
            When::LastHours => Trigger::LastHours(
                typed
                    .trim_end_matches('h')
                    .trim()
                    .parse()
                    .map_err(|_| yf(l, Y::NotHours, &[typed]))?,
            ),
            When::Before => {
                let bad = || yf(l, Y::NotAMoment, &[typed]);
                let (date, time) = typed.split_once(' ').unwrap_or((typed, "00:00"));
                let (date, time) = (
                    parse_date(date).ok_or_else(bad)?,
                    parse_time(time.trim()).ok_or_else(bad)?,
                );
                Trigger::Before(
                    crate::domain::season::local_instant(zone, date, time).map_err(|_| bad())?,
                )
            }
        };
        let category = self.category.trim();
        Ok(Draft {
            scope,
            trigger,
            category: (!category.is_empty()).then(|| category.to_owned()),
            step: signed(&self.step).ok_or_else(|| yf(l, Y::NotAnAmount, &[&self.step]))?,
            floor: bound(&self.floor, l)?,
            ceiling: bound(&self.ceiling, l)?,
        })
    }

    pub fn view(&self, l: crate::domain::Locale) -> Element<'_, Message> {
        let whens = [
            Choice::new(When::Fill, y(l, Y::KindFill).to_owned()),
            Choice::new(When::Before, y(l, Y::KindBefore).to_owned()),
            Choice::new(When::LastHours, y(l, Y::KindLast).to_owned()),
        ];
        let (threshold_label, hint) = match self.when {
            When::Fill => (Y::Percent, "80"),
            When::Before => (Y::Moment, "31/12/2026 18:00"),
            When::LastHours => (Y::Hours, "48"),
        };
        let input = |hint: &str, value: &str, on: fn(String) -> Message, width: u32| {
            text_input(hint, value)
                .on_input(on)
                .on_submit(Message::Submit)
                .padding(8)
                .width(width)
        };
        let optional = y(l, Y::Optional);
        let when = pick_list(whens.to_vec(), chosen(&whens, self.when), |c| {
            Message::When(c.value)
        })
        .padding(8)
        .width(240);
        let threshold_width = if self.when == When::Before { 170 } else { 90 };
        column![
            row![
                field(y(l, Y::When), when.into(), 240),
                field(
                    y(l, threshold_label),
                    input(hint, &self.threshold, Message::Threshold, threshold_width).into(),
                    threshold_width,
                ),
                field(
                    y(l, Y::Category),
                    input(
                        y(l, Y::AllCategories),
                        &self.category,
                        Message::Category,
                        110
                    )
                    .into(),
                    110,
                ),
            ]
            .spacing(12)
            .align_y(Center),
            row![
                field(
                    y(l, Y::Step),
                    input(y(l, Y::StepHint), &self.step, Message::Step, 110).into(),
                    110,
                ),
                field(
                    y(l, Y::Floor),
                    input(optional, &self.floor, Message::Floor, 110).into(),
                    110,
                ),
                field(
                    y(l, Y::Ceiling),
                    input(optional, &self.ceiling, Message::Ceiling, 110).into(),
                    110,
                ),
            ]
            .spacing(12)
            .align_y(Center),
        ]
        .spacing(8)
        .into()
    }
}

/// A field under its label, as wide as the field.
fn field<'a>(label: &'a str, input: Element<'a, Message>, width: u32) -> Element<'a, Message> {
    container(labelled(label, input, None)).width(width).into()
}

/// "+5", "-3", "−2,50": an amount with its sign.
fn signed(typed: &str) -> Option<Cents> {
    let t = typed.trim();
    let (negative, rest) = match t.chars().next()? {
        '-' | '−' => (true, &t[t.chars().next()?.len_utf8()..]),
        '+' => (false, &t[1..]),
        _ => (false, t),
    };
    let amount = Cents::parse(rest.trim()).ok()?;
    Some(if negative { -amount } else { amount })
}

/// An optional floor or ceiling.
fn bound(typed: &str, l: crate::domain::Locale) -> Result<Option<Cents>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Cents::parse(t)
        .map(Some)
        .map_err(|_| yf(l, Y::NotAnAmount, &[t]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_read_with_their_sign() {
        assert_eq!(signed("+5"), Some(Cents(500)));
        assert_eq!(signed("-3"), Some(Cents(-300)));
        assert_eq!(signed("−2,50"), Some(Cents(-250)));
        assert_eq!(signed("4"), Some(Cents(400)));
        assert_eq!(signed(""), None);
        assert_eq!(signed("-"), None);
        assert_eq!(signed("cinq"), None);
    }
}

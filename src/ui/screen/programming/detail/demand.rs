//! A performance's « Demande » tab: whether the venue applies its price
//! rules (turned on or off here, for the whole venue), the places sold and
//! the prices the rules make now, the rules this performance answers to
//! (its own and its series'), each with « Retirer », and a new rule. The
//! jobs check the rights and journal each change.

use iced::widget::{button, checkbox, column, container, row, scrollable, text};
use iced::{Center, Element, Fill};

use crate::counter::offer;
use crate::domain::price_rule::{PriceRule, Scope};
use crate::domain::{Currency, Locale};
use crate::programming::price_rules;
use crate::ui::i18n::pricing::{self as words, Y, y, yf};
use crate::ui::screen::Context;
use crate::ui::screen::programming::describe;
use crate::ui::screen::rule_form::{self, RuleForm};
use crate::ui::theme;
use crate::ui::widget::outcome_line;

pub struct Panel {
    performance_id: i64,
    show_id: i64,
    applied: bool,
    rules: Vec<PriceRule>,
    /// « 62 places sold of 100 (62 %) ».
    sold: String,
    /// « C1 · Plein : 37,00 € au lieu de 32,00 € », each price a rule moves now.
    moved: Vec<String>,
    form: RuleForm,
    series: bool,
    currency: Currency,
    zone: chrono_tz::Tz,
    said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Form(rule_form::Message),
    Series(bool),
    Add,
    Remove(String),
    Turn(bool),
}

impl Message {
    /// Keystrokes in a field: nothing is written yet.
    pub fn is_typing(&self) -> bool {
        matches!(self, Message::Form(m) if m.is_typing())
    }
}

impl Panel {
    pub fn load(ctx: &Context, performance_id: i64, show_id: i64) -> Panel {
        let mut panel = Panel {
            performance_id,
            show_id,
            applied: false,
            rules: Vec::new(),
            sold: String::new(),
            moved: Vec::new(),
            form: RuleForm::new(),
            series: false,
            currency: Currency::Eur,
            zone: ctx.zone,
            said: None,
        };
        panel.read(ctx);
        panel
    }

    /// Reads the rules and the prices they make now again.
    fn read(&mut self, ctx: &Context) {
        let (store, locale) = (&ctx.terminal.store, ctx.locale);
        if let Ok((applied, rules)) = price_rules::of_performance(store, self.performance_id) {
            self.applied = applied;
            self.rules = rules;
        }
        self.moved.clear();
        let Ok(o) = offer::load(store, self.performance_id, None, ctx.now()) else {
            return;
        };
        self.currency = o.currency;
        let capacity = o.performance.capacity;
        let percent = if capacity > 0 {
            o.sold * 100 / capacity
        } else {
            0
        };
        self.sold = yf(
            locale,
            Y::Now,
            &[
                &o.sold.to_string(),
                &capacity.to_string(),
                &percent.to_string(),
            ],
        );
        for t in &o.tariffs {
            for c in &o.categories {
                if let (Some(now), Some(base)) = (t.prices.get(&c.id), t.moved_from.get(&c.id)) {
                    let money = |m| crate::ui::i18n::money(m, o.currency, locale);
                    self.moved.push(yf(
                        locale,
                        Y::PriceNow,
                        &[&c.code, &t.tariff.name, &money(*now), &money(*base)],
                    ));
                }
            }
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) {
        let locale = ctx.locale;
        let typing = message.is_typing();
        if !typing {
            self.said = None;
        }
        match message {
            Message::Form(m) => {
                if self.form.update(m) {
                    self.said = Some(self.add(ctx));
                }
            }
            Message::Series(on) => self.series = on,
            Message::Add => self.said = Some(self.add(ctx)),
            Message::Remove(id) => {
                self.said = Some(
                    ctx.acting()
                        .and_then(|(store, by)| price_rules::remove(store, &by, &id))
                        .map(|_| y(locale, Y::Removed).to_owned())
                        .map_err(|e| describe(&e, locale)),
                );
            }
            Message::Turn(on) => {
                self.said = Some(
                    ctx.acting()
                        .and_then(|(store, by)| price_rules::set_enabled(store, &by, on))
                        .map(|()| y(locale, if on { Y::TurnedOn } else { Y::TurnedOff }).to_owned())
                        .map_err(|e| describe(&e, locale)),
                );
            }
        }
        if !typing {
            self.read(ctx);
        }
    }

    fn add(&mut self, ctx: &mut Context) -> Result<String, String> {
        let locale = ctx.locale;
        let scope = if self.series {
            Scope::Show(self.show_id)
        } else {
            Scope::Performance(self.performance_id)
        };
        let draft = self.form.draft(scope, self.zone, locale)?;
        let (store, by) = ctx.acting().map_err(|e| describe(&e, locale))?;
        let kept = price_rules::add(store, &by, draft).map_err(|e| describe(&e, locale))?;
        self.form = RuleForm::new();
        let said = words::rule(&kept.draft, self.currency, locale, self.zone);
        Ok(yf(locale, Y::Added, &[&said]))
    }

    /// The tab; the changes for whoever may program.
    pub fn view(&self, locale: Locale, programs: bool) -> Element<'_, Message> {
        let l = |key| y(locale, key);
        let (state, turn) = if self.applied {
            (
                l(Y::Applied),
                button(text(l(Y::TurnOff))).style(button::secondary),
            )
        } else {
            (
                l(Y::NotApplied),
                button(text(l(Y::TurnOn))).style(button::primary),
            )
        };
        let mut head = row![text(state).width(Fill)].spacing(12).align_y(Center);
        if programs {
            head = head.push(turn.on_press(Message::Turn(!self.applied)).padding([6, 12]));
        }
        let mut now = column![text(&self.sold)].spacing(4);
        if self.moved.is_empty() {
            now = now.push(text(l(Y::NoMove)).style(theme::muted));
        }
        for line in &self.moved {
            now = now.push(text(line).font(theme::BOLD));
        }
        let mut page = column![
            text(l(Y::Title)).font(theme::BOLD),
            head,
            container(now).padding(10).width(Fill).style(theme::card),
            text(l(Y::Rules)).font(theme::BOLD),
            self.rules_view(locale, programs),
        ]
        .spacing(10);
        if programs {
            page = page.push(text(l(Y::New)).font(theme::BOLD)).push(
                column![
                    self.form.view(locale).map(Message::Form),
                    row![
                        checkbox(self.series)
                            .label(l(Y::ForSeries))
                            .on_toggle(Message::Series),
                        button(text(l(Y::Add)))
                            .on_press(Message::Add)
                            .padding([8, 14])
                            .style(button::primary),
                    ]
                    .spacing(16)
                    .align_y(Center),
                ]
                .spacing(8),
            );
        }
        if let Some(line) = outcome_line(&self.said) {
            page = page.push(line);
        }
        scrollable(page.padding([0, 4])).height(Fill).into()
    }

    fn rules_view(&self, locale: Locale, programs: bool) -> Element<'_, Message> {
        let l = |key| y(locale, key);
        if self.rules.is_empty() {
            return text(l(Y::NoRule)).style(theme::muted).into();
        }
        self.rules
            .iter()
            .fold(column![].spacing(6), |list, r| {
                let on = match r.draft.scope {
                    Scope::Show(_) => l(Y::OnSeries),
                    Scope::Performance(_) => l(Y::OnThis),
                };
                let mut line = row![
                    text(format!("n° {}", r.id)).width(50).style(theme::muted),
                    text(words::rule(&r.draft, self.currency, locale, self.zone)).width(Fill),
                    text(on).width(160).style(theme::muted),
                ]
                .spacing(10)
                .align_y(Center);
                if programs {
                    line = line.push(
                        button(text(l(Y::Remove)).size(theme::SMALL))
                            .on_press(Message::Remove(r.public_id.clone()))
                            .style(button::secondary),
                    );
                }
                list.push(line)
            })
            .into()
    }
}

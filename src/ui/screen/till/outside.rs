//! Caisse → Ventes extérieures (a coordinator's): an order file of the web
//! shop or a reseller imported, the events and products it names mapped to
//! performances and tariffs once, the orders in conflict decided (moved,
//! refunded by the ticket shop, accepted over the count with a note), and
//! the latest orders met.

use iced::widget::{button, checkbox, column, container, pick_list, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::{Currency, Locale, Money};
use crate::exchange::imports::{self, Decision, Mapping, Outside as Order, Target};
use crate::ui::i18n::imports::{self as words, W, w, wf};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

/// The path field (Enter imports).
pub const PATH: &str = "outside-path";
/// The field of a seller's seating plan (Enter loads it).
pub const PLAN_PATH: &str = "outside-plan-path";
/// The most orders listed under « Dernières commandes ».
const RECENT: i64 = 30;

/// A performance or a tariff offered for a mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub target: ChoiceTarget,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceTarget {
    Performance(i64),
    Tariff(String),
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// What the last import or decision said.
enum Said {
    Done(String),
    /// Nothing landed: something is asked first (a mapping).
    Asks(String),
    Refused(String),
}

impl Said {
    fn of(result: Result<String, String>) -> Said {
        result.map_or_else(Said::Refused, Said::Done)
    }
}

#[derive(Default)]
pub struct OutsideSales {
    path: String,
    /// Queue each buyer's e-ticket with the import.
    e_tickets: bool,
    said: Option<Said>,
    unmapped: Vec<(Mapping, Option<Choice>)>,
    performances: Vec<Choice>,
    tariffs: Vec<Choice>,
    conflicts: Vec<(Order, String)>,
    recent: Vec<Order>,
    /// The seller whose seating plan the last import asked for, and the
    /// plan's path as typed.
    plan_for: Option<String>,
    plan_path: String,
}

#[derive(Clone, Debug)]
pub enum OutsideMessage {
    Path(String),
    ETickets(bool),
    Import,
    PlanPath(String),
    LoadPlan,
    Pick(usize, Choice),
    Map(usize),
    Note(i64, String),
    Move(i64),
    Refund(i64),
    Overbook(i64),
}

impl OutsideSales {
    pub fn load(&mut self, ctx: &Context) {
        let store = &ctx.terminal.store;
        let locale = ctx.locale;
        let zone = ctx.zone;
        let mappings = imports::mappings(store).unwrap_or_default();
        let kept = std::mem::take(&mut self.unmapped);
        self.unmapped = mappings
            .into_iter()
            .filter(|m| m.target.is_none())
            .map(|m| {
                let picked = kept
                    .iter()
                    .find(|(k, _)| k.source == m.source && k.external == m.external)
                    .and_then(|(_, c)| c.clone());
                (m, picked)
            })
            .collect();
        self.performances = crate::programming::all_performances(store)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let local = p.starts_at.with_timezone(&zone);
                Choice {
                    target: ChoiceTarget::Performance(p.id),
                    label: format!(
                        "{} — {} {} — {}",
                        p.show,
                        locale.short_date(local.date_naive()),
                        locale.time(&local),
                        p.hall
                    ),
                }
            })
            .collect();
        self.tariffs = crate::programming::pricing::tariffs(store)
            .unwrap_or_default()
            .into_iter()
            .map(|t| Choice {
                label: format!("{} — {}", t.code, t.name),
                target: ChoiceTarget::Tariff(t.code),
            })
            .collect();
        let notes: Vec<(i64, String)> = self
            .conflicts
            .iter()
            .map(|(o, n)| (o.id, n.clone()))
            .collect();
        self.conflicts = imports::outside_orders(store, Some("conflict"), 500)
            .unwrap_or_default()
            .into_iter()
            .map(|o| {
                let note = notes
                    .iter()
                    .find(|(id, _)| *id == o.id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                (o, note)
            })
            .collect();
        self.recent = imports::outside_orders(store, None, RECENT).unwrap_or_default();
    }

    pub fn update(&mut self, message: OutsideMessage, ctx: &mut Context) {
        let locale = ctx.locale;
        let Some(by) = ctx.operator else {
            return;
        };
        let now = ctx.now();
        let t = &mut *ctx.terminal;
        match message {
            OutsideMessage::Path(p) => {
                self.path = p;
                return;
            }
            OutsideMessage::ETickets(on) => {
                self.e_tickets = on;
                return;
            }
            OutsideMessage::PlanPath(p) => {
                self.plan_path = p;
                return;
            }
            OutsideMessage::LoadPlan => {
                let Some(source) = self.plan_for.clone() else {
                    return;
                };
                let path = std::path::Path::new(self.plan_path.trim());
                let loaded = imports::read_file(path)
                    .and_then(|bytes| imports::load_seats(&mut t.store, by, &source, &bytes));
                self.said = Some(match loaded {
                    Ok(n) => {
                        self.plan_for = None;
                        self.plan_path.clear();
                        Said::Asks(wf(locale, W::PlanLoaded, &[&n.to_string()]))
                    }
                    Err(e) => Said::Refused(words::error(&e, locale)),
                });
            }
            OutsideMessage::Note(id, note) => {
                if let Some((_, n)) = self.conflicts.iter_mut().find(|(o, _)| o.id == id) {
                    *n = note;
                }
                return;
            }
            OutsideMessage::Pick(i, choice) => {
                if let Some((_, c)) = self.unmapped.get_mut(i) {
                    *c = Some(choice);
                }
                return;
            }
            OutsideMessage::Import => {
                let mut asks = false;
                let e_tickets = self.e_tickets;
                let path = std::path::Path::new(self.path.trim());
                let said = imports::read_file(path)
                    .and_then(|bytes| {
                        imports::import(&mut t.store, &t.signer, by, &bytes, e_tickets, now)
                    })
                    .map(|s| {
                        asks = !s.unmapped.is_empty();
                        let plan = s.unmapped.iter().any(|u| u.kind == "seats");
                        self.plan_for = plan.then(|| s.source.clone());
                        words::summary(&s, locale)
                    })
                    .map_err(|e| words::error(&e, locale));
                self.said = Some(match said {
                    Ok(s) if asks => Said::Asks(s),
                    said => Said::of(said),
                });
            }
            OutsideMessage::Map(i) => {
                if let Some((m, Some(choice))) = self.unmapped.get(i) {
                    let target = match &choice.target {
                        ChoiceTarget::Performance(id) => Target::Performance(*id),
                        ChoiceTarget::Tariff(code) => Target::Tariff(code.clone()),
                    };
                    let done = imports::map(&mut t.store, by, &m.source, &m.external, &target);
                    self.said = done.err().map(|e| Said::Refused(words::error(&e, locale)));
                }
            }
            OutsideMessage::Move(id)
            | OutsideMessage::Refund(id)
            | OutsideMessage::Overbook(id) => {
                let note = self
                    .conflicts
                    .iter()
                    .find(|(o, _)| o.id == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                let decision = match message {
                    OutsideMessage::Move(_) => Decision::Move(Vec::new()),
                    OutsideMessage::Refund(_) => Decision::Refund { note },
                    _ => Decision::Overbook { note },
                };
                self.said = Some(Said::of(
                    imports::decide(&mut t.store, &t.signer, by, id, &decision, now)
                        .map(|o| format!("{} — {}", o.external, words::state(&o.state, locale)))
                        .map_err(|e| words::error(&e, locale)),
                ));
            }
        }
        self.load(ctx);
    }

    pub fn view<'a>(&'a self, look: &Look, currency: Currency) -> Element<'a, OutsideMessage> {
        let locale = look.locale;
        let import = row![
            text_input(w(locale, W::FileHint), &self.path)
                .id(PATH)
                .on_input(OutsideMessage::Path)
                .on_submit(OutsideMessage::Import)
                .padding(10)
                .width(Fill),
            button(text(w(locale, W::Import)).font(theme::BOLD))
                .on_press_maybe((!self.path.trim().is_empty()).then_some(OutsideMessage::Import))
                .padding([10, 16])
                .style(button::primary),
        ]
        .spacing(10)
        .align_y(Center);
        let send = checkbox(self.e_tickets)
            .label(w(locale, W::ETickets))
            .on_toggle(OutsideMessage::ETickets)
            .text_size(theme::SMALL);
        let mut col = column![text(w(locale, W::File)).size(theme::SMALL), import, send].spacing(8);
        match &self.said {
            Some(Said::Done(s)) => col = col.push(text(s).style(theme::success)),
            Some(Said::Asks(s)) => col = col.push(text(s).font(theme::BOLD)),
            Some(Said::Refused(e)) => col = col.push(text(e).style(theme::error)),
            None => {}
        }
        if let Some(source) = &self.plan_for {
            let load = row![
                text_input(w(locale, W::PlanHint), &self.plan_path)
                    .id(PLAN_PATH)
                    .on_input(OutsideMessage::PlanPath)
                    .on_submit(OutsideMessage::LoadPlan)
                    .padding(10)
                    .width(Fill),
                button(text(w(locale, W::LoadPlan)))
                    .on_press_maybe(
                        (!self.plan_path.trim().is_empty()).then_some(OutsideMessage::LoadPlan)
                    )
                    .padding([10, 16])
                    .style(button::secondary),
            ]
            .spacing(10)
            .align_y(Center);
            col = col.push(text(wf(locale, W::PlanOf, &[source])).size(theme::SMALL));
            col = col.push(load);
        }
        col = col.push(section(W::ToMap, locale));
        if self.unmapped.is_empty() {
            col = col.push(text(w(locale, W::ToMapNone)).style(theme::muted));
        }
        for (i, (m, picked)) in self.unmapped.iter().enumerate() {
            col = col.push(self.mapping(i, m, picked.as_ref(), locale));
        }
        col = col.push(section(W::Conflicts, locale));
        if self.conflicts.is_empty() {
            col = col.push(text(w(locale, W::ConflictsNone)).style(theme::muted));
        }
        for (o, note) in &self.conflicts {
            col = col.push(conflict(o, note, look, currency));
        }
        col = col.push(section(W::Recent, locale));
        if self.recent.is_empty() {
            col = col.push(text(w(locale, W::RecentNone)).style(theme::muted));
        }
        for o in &self.recent {
            col = col.push(recent(o, look, currency));
        }
        // Clear of the scroll bar.
        col.padding(iced::Padding {
            right: 16.0,
            ..iced::Padding::ZERO
        })
        .into()
    }

    fn mapping<'a>(
        &'a self,
        i: usize,
        m: &'a Mapping,
        picked: Option<&'a Choice>,
        locale: Locale,
    ) -> Element<'a, OutsideMessage> {
        let (kind, choices, hint) = if m.kind == "event" {
            (W::Event, &self.performances, W::ChoosePerformance)
        } else {
            (W::Product, &self.tariffs, W::ChooseTariff)
        };
        let label = if m.label.is_empty() {
            &m.external
        } else {
            &m.label
        };
        container(
            row![
                column![
                    text(format!("{} « {label} »", w(locale, kind))).font(theme::BOLD),
                    text(format!("{} · {}", m.source, m.external))
                        .size(theme::SMALL)
                        .style(theme::muted),
                ]
                .width(Fill),
                pick_list(choices.as_slice(), picked, move |c| OutsideMessage::Pick(
                    i, c
                ))
                .placeholder(w(locale, hint))
                .width(420),
                button(text(w(locale, W::Map)))
                    .on_press_maybe(picked.map(|_| OutsideMessage::Map(i)))
                    .padding([8, 12])
                    .style(button::primary),
            ]
            .spacing(10)
            .align_y(Center),
        )
        .padding([6, 12])
        .width(Fill)
        .style(theme::card)
        .into()
    }
}

fn section(key: W, locale: Locale) -> Element<'static, OutsideMessage> {
    text(w(locale, key)).font(theme::BOLD).size(18).into()
}

/// The order's buyer, tickets, amount and when it was placed.
fn described(o: &Order, look: &Look, currency: Currency) -> String {
    let locale = look.locale;
    let local = o.placed_at.with_timezone(&look.zone);
    let buyer = if o.buyer.is_empty() {
        w(locale, W::Anonymous).to_owned()
    } else {
        o.buyer.clone()
    };
    format!(
        "{} · {} · {} · {} {}",
        buyer,
        wf(locale, W::Tickets, &[&o.tickets.to_string()]),
        Money::new(o.amount, currency).format(locale),
        locale.short_date(local.date_naive()),
        locale.time(&local)
    )
}

fn conflict<'a>(
    o: &'a Order,
    note: &'a str,
    look: &Look,
    currency: Currency,
) -> Element<'a, OutsideMessage> {
    let locale = look.locale;
    let id = o.id;
    let mut card = column![
        row![
            text(format!("{} · {}", o.source, o.external))
                .font(theme::BOLD)
                .width(Fill),
            text(described(o, look, currency)).size(theme::SMALL),
        ]
        .spacing(10),
    ]
    .spacing(6);
    for t in &o.trouble {
        card = card.push(text(words::trouble(t, locale)).style(theme::error));
    }
    let act = |key, m: OutsideMessage| {
        button(text(w(locale, key)).size(theme::SMALL))
            .on_press(m)
            .padding([8, 12])
            .style(button::secondary)
    };
    card = card.push(
        row![
            text_input(w(locale, W::Note), note)
                .on_input(move |n| OutsideMessage::Note(id, n))
                .padding(8)
                .width(Fill),
            act(W::Move, OutsideMessage::Move(id)),
            act(W::Refund, OutsideMessage::Refund(id)),
            act(W::Overbook, OutsideMessage::Overbook(id)),
        ]
        .spacing(8)
        .align_y(Center),
    );
    container(card)
        .padding([8, 12])
        .width(Fill)
        .style(theme::card)
        .into()
}

fn recent<'a>(o: &'a Order, look: &Look, currency: Currency) -> Element<'a, OutsideMessage> {
    let locale = look.locale;
    let style = match o.state.as_str() {
        "imported" => theme::success,
        "conflict" => theme::error,
        _ => theme::muted,
    };
    let line = row![
        text(words::state(&o.state, locale))
            .font(theme::BOLD)
            .style(style)
            .width(190),
        text(format!("{} · {}", o.source, o.external)).width(Fill),
        text(described(o, look, currency)).size(theme::SMALL),
    ]
    .spacing(10)
    .align_y(Center);
    let mut line = column![line];
    if let Some(by) = &o.decided_by {
        let note = if o.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", o.note)
        };
        line = line.push(
            text(format!("{}{note}", wf(locale, W::DecidedBy, &[by])))
                .size(theme::SMALL)
                .style(theme::muted),
        );
    }
    container(line).padding([4, 12]).width(Fill).into()
}

//! Contrôle: the steward picks the performance (or all of today's), then
//! scans. The scan field keeps the focus; each answer fills the screen,
//! green or red, readable from two metres. Counters by category, the latest
//! scans, admission by hand of a holder without their ticket, a
//! supervisor's undo, and the door list for when the scanner dies.

use std::path::PathBuf;

use iced::widget::{Id, button, column, container, operation, row, scrollable, text, text_input};
use iced::{Color, Element, Fill, Task};

use crate::counter::orders;
use crate::domain::admission::{Count, Outcome, ScanLine};
use crate::domain::{Locale, PerformanceName};
use crate::door::{self, Answer, Refusal, Scope, Verdict};
use crate::ui::i18n::counter::capitalised;
use crate::ui::i18n::door::{self as words, D, d, df, outcome};
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

mod live;

pub const SCAN: &str = "door-scan";
pub const MANUAL: &str = "door-manual";
/// Scans listed beside the answer.
const RECENT: i64 = 8;

/// A performance the door can admit to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

/// A ticket found for admission by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub ticket_id: i64,
    pub label: String,
}

pub struct State {
    pub door: String,
    pub scope: Scope,
    pub today: Vec<Choice>,
    /// When nothing plays today: the next performances.
    pub upcoming: Vec<Choice>,
    pub entry: String,
    pub answer: Option<Answer>,
    pub counts: Vec<Count>,
    pub recent: Vec<ScanLine>,
    pub manual: String,
    pub found: Vec<Found>,
    /// A line under the answer: an error, an undo, the door list.
    pub notice: Option<(bool, String)>,
    /// Admissions and undos counted here since the screen opened: a count
    /// read in the background before one of them is stale on arrival.
    tallied: u64,
    /// Joined to a central database: asking it, the door list.
    live: live::Live,
}

#[derive(Clone, Debug)]
pub enum Message {
    /// Read the door's performances, its name and latest scans (entering
    /// Contrôle), then count in the background.
    Load,
    /// Count entered / expected again (every 15 seconds while shown).
    Recount,
    Scope(Scope),
    Entry(String),
    Submit,
    Manual(String),
    ManualSubmit,
    Admit(i64),
    Undo,
    DoorList,
    DoorListDone(Result<PathBuf, String>),
    /// Entered / expected by category, counted off the window's thread.
    Counted {
        scope: Scope,
        tallied: u64,
        counts: Vec<Count>,
    },
    Clear,
    FocusManual,
    /// The connection to ask the central database before admitting, made
    /// off the window's thread (none: offline).
    Connected(Option<crate::central::doors::Asker>),
    /// Pull the door list now (F11).
    PullList,
    /// The door list fetched off the window's thread, or why not.
    Fetched(Result<crate::central::doors::Fetched, String>),
}

/// Contrôle asks nothing of the app.
#[derive(Clone, Debug)]
pub enum Event {}

impl Message {
    /// What a key means in Contrôle.
    pub fn from_key(key: &crate::ui::Message) -> Option<Message> {
        match key {
            crate::ui::Message::Function(9) => Some(Message::FocusManual),
            crate::ui::Message::Function(10) => Some(Message::DoorList),
            crate::ui::Message::Function(11) => Some(Message::PullList),
            crate::ui::Message::Escape => Some(Message::Clear),
            _ => None,
        }
    }
}

impl State {
    /// Contrôle, empty until the task returned loads it.
    pub fn new() -> (State, Task<Message>) {
        let state = State {
            door: String::new(),
            scope: Scope::Today,
            today: Vec::new(),
            upcoming: Vec::new(),
            entry: String::new(),
            answer: None,
            counts: Vec::new(),
            recent: Vec::new(),
            manual: String::new(),
            found: Vec::new(),
            notice: None,
            tallied: 0,
            live: live::Live::default(),
        };
        let task = state.enter();
        (state, task)
    }

    /// Entering Contrôle: its performances and latest scans read again,
    /// the counters counted, the focus in the scan field.
    pub fn enter(&self) -> Task<Message> {
        Task::done(Message::Load).chain(self.focus())
    }

    fn load(&mut self, ctx: &Context) -> Task<Message> {
        let t = &ctx.terminal;
        self.door = door::this_door(&t.store, &t.signer.terminal_name);
        let admit = door::performances_to_admit(&t.store, ctx.now()).unwrap_or_default();
        let choices = |list: Vec<(i64, PerformanceName)>| -> Vec<Choice> {
            list.into_iter()
                .map(|(id, name)| Choice {
                    id,
                    label: name.label(ctx.locale),
                })
                .collect()
        };
        self.today = choices(admit.today);
        self.upcoming = choices(admit.upcoming);
        // Back in Contrôle, the door keeps admitting to what it chose.
        let listed = |id: i64| self.today.iter().chain(&self.upcoming).any(|c| c.id == id);
        let kept = match self.scope {
            Scope::Performance(id) if listed(id) => Some(self.scope),
            _ => None,
        };
        self.scope = kept.unwrap_or(match (self.today.as_slice(), self.upcoming.first()) {
            ([only], _) => Scope::Performance(only.id),
            ([], Some(next)) => Scope::Performance(next.id),
            _ => Scope::Today,
        });
        Task::batch([self.recount(ctx), self.live_due(ctx, true)])
    }

    /// The performances this door admits to.
    fn performances(&self) -> Vec<i64> {
        match self.scope {
            Scope::Performance(id) => vec![id],
            Scope::Today => self.today.iter().map(|c| c.id).collect(),
        }
    }

    /// The latest scans read again, and the counters counted again in the
    /// background: counting reads every ticket of the performance (100,000
    /// on a festival night), and sees what the other doors let in.
    fn recount(&mut self, ctx: &Context) -> Task<Message> {
        self.read_recent(ctx);
        let (scope, tallied) = (self.scope, self.tallied);
        let ids = self.performances();
        let db = ctx.terminal.store.path().to_owned();
        Task::perform(
            // A count that cannot be read leaves the counters as shown.
            async move { door::count_entries(&db, &ids).unwrap_or_default() },
            move |counts| Message::Counted {
                scope,
                tallied,
                counts,
            },
        )
    }

    fn read_recent(&mut self, ctx: &Context) {
        self.recent = door::recent(&ctx.terminal.store, &self.door, RECENT).unwrap_or_default();
    }

    /// One more in (or one fewer after an undo) in a category: a scan
    /// changes one count, so the counters are not read again after each.
    fn tally(&mut self, category: &str, change: i64) {
        if let Some(c) = self.counts.iter_mut().find(|c| c.category == category) {
            c.entered += change;
        }
        self.tallied += 1;
    }

    /// Shows the answer to a scan or an admission by hand.
    fn answered(&mut self, ctx: &Context, outcome: Result<Answer, door::DoorError>) {
        match outcome {
            Ok(answer) => {
                if let (Verdict::Admitted { reentry: false }, Some(h)) =
                    (&answer.verdict, &answer.holder)
                {
                    let category = h.category.clone();
                    self.tally(&category, 1);
                }
                self.answer = Some(answer);
                self.notice = None;
            }
            Err(e) => self.notice = Some((false, capitalised(&words::error(&e, ctx.locale)))),
        }
        self.read_recent(ctx);
    }

    pub fn focus(&self) -> Task<Message> {
        operation::focus(Id::new(SCAN))
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        (self.act(message, ctx), None)
    }

    fn act(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        let (locale, now) = (ctx.locale, ctx.now());
        match message {
            Message::Load => return Task::batch([self.load(ctx), self.focus()]),
            Message::Recount => return Task::batch([self.recount(ctx), self.live_due(ctx, false)]),
            Message::Scope(scope) => {
                self.scope = scope;
                self.answer = None;
                self.notice = None;
                self.counts.clear();
                return Task::batch([self.recount(ctx), self.focus()]);
            }
            Message::Entry(text) => self.entry = text,
            Message::Submit => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let text = std::mem::take(&mut self.entry);
                let t = &mut *ctx.terminal;
                // In training, the door judges training tickets and records nothing.
                let outcome = if crate::till::training::is_on(&t.store, t.signer.terminal_id) {
                    door::scan_training(&t.store, self.scope, &text, now)
                } else if let Some(asker) = self.live.asker() {
                    let here = (self.scope, self.door.as_str());
                    door::scan_asking(&mut t.store, here, by, &text, now, &mut |a| asker.ask(a))
                } else {
                    door::scan(&mut t.store, self.scope, &self.door, by, &text, now)
                };
                self.answered(ctx, outcome);
                return self.focus();
            }
            Message::Manual(text) => self.manual = text,
            Message::ManualSubmit => {
                self.found = find(ctx, &self.manual);
                if self.found.is_empty() {
                    let missing = df(locale, D::NothingFound, &[self.manual.trim()]);
                    self.notice = Some((false, missing));
                }
            }
            Message::Admit(ticket_id) => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let t = &mut *ctx.terminal;
                let here = (self.scope, self.door.as_str());
                let asker = self.live.asker();
                let mut ask = |a: &door::Asked| match asker {
                    Some(asker) => asker.ask(a),
                    None => door::Central::Unanswered,
                };
                let outcome = door::admit_by_hand(&mut t.store, here, by, ticket_id, now, &mut ask);
                if outcome.is_ok() {
                    self.found.clear();
                    self.manual.clear();
                }
                self.answered(ctx, outcome);
                return self.focus();
            }
            Message::Undo => {
                self.undo(ctx);
                return self.focus();
            }
            Message::DoorList => {
                let ids = self.performances();
                let db = ctx.terminal.store.path().to_owned();
                let print = Task::perform(
                    async move {
                        door::list::print(&db, &ids, now)
                            .map_err(|e| capitalised(&words::error(&e, locale)))
                    },
                    Message::DoorListDone,
                );
                return Task::batch([print, self.focus()]);
            }
            Message::Counted {
                scope,
                tallied,
                counts,
            } => {
                // Counted for another performance, or before an admission
                // here: the next count will be right.
                if scope == self.scope && tallied == self.tallied {
                    self.counts = counts;
                }
            }
            Message::DoorListDone(outcome) => {
                self.notice = Some(match outcome {
                    Ok(path) => (
                        true,
                        df(locale, D::DoorListSent, &[&path.display().to_string()]),
                    ),
                    Err(e) => (false, e),
                });
            }
            Message::Clear => {
                self.entry.clear();
                self.answer = None;
                self.notice = None;
                self.found.clear();
                self.manual.clear();
                return self.focus();
            }
            Message::FocusManual => return operation::focus(Id::new(MANUAL)),
            Message::Connected(asker) => self.live.connected(asker),
            Message::PullList => return Task::batch([self.pull_now(ctx), self.focus()]),
            Message::Fetched(done) => self.fetched(done, ctx),
        }
        Task::none()
    }

    /// A supervisor undoes the last admission at this door.
    fn undo(&mut self, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let now = ctx.now();
        match door::undo_last(&mut ctx.terminal.store, &self.door, by, now) {
            Ok(holder) => {
                self.tally(&holder.category, -1);
                let done = df(ctx.locale, D::Undone, &[&holder.number.to_string()]);
                self.notice = Some((true, done));
                self.answer = None;
            }
            Err(e) => self.notice = Some((false, capitalised(&words::error(&e, ctx.locale)))),
        }
        self.read_recent(ctx);
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |key| d(locale, key);
        let entry = text_input(l(D::ScanHint), &self.entry)
            .id(SCAN)
            .on_input(Message::Entry)
            .on_submit(Message::Submit)
            .size(22)
            .padding(12);
        let side = column![
            self.counters_view(locale),
            self.recent_view(locale, zone),
            self.manual_view(locale),
            self.actions_view(look),
        ]
        .spacing(18)
        .width(360);
        let mut main = column![entry, self.answer_view(locale)].spacing(12);
        if let Some((good, notice)) = &self.notice {
            let line = text(notice).font(theme::BOLD);
            main = main.push(if *good {
                line.style(theme::success)
            } else {
                line.style(theme::error)
            });
        }
        main = main.push(
            text(format!(
                "{} · {}",
                df(locale, D::Door, &[&self.door]),
                l(D::Keys)
            ))
            .size(theme::SMALL)
            .style(theme::muted),
        );
        if let Some(line) = self.live_view(look) {
            main = main.push(line);
        }
        column![
            self.scopes_view(locale),
            row![main.width(Fill), side].spacing(20).height(Fill)
        ]
        .spacing(12)
        .into()
    }

    /// Which performance: today's, one by one, and the next ones.
    fn scopes_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| d(locale, key);
        let chip = |label: String, scope: Scope| {
            button(text(label).size(theme::SMALL))
                .on_press(Message::Scope(scope))
                .padding([6, 12])
                .style(theme::choice(self.scope == scope))
        };
        let mut scopes = row![].spacing(8);
        if self.today.len() > 1 {
            scopes = scopes.push(chip(l(D::AllToday).into(), Scope::Today));
        }
        for c in self.today.iter().chain(&self.upcoming) {
            scopes = scopes.push(chip(c.label.clone(), Scope::Performance(c.id)));
        }
        let mut top = column![
            scrollable(scopes).direction(scrollable::Direction::Horizontal(
                scrollable::Scrollbar::new().width(4).scroller_width(4)
            ))
        ]
        .spacing(6);
        if self.today.is_empty() {
            top = top.push(text(l(D::NothingToday)).style(theme::muted));
        }
        top.into()
    }

    /// Who is in, in all and by category.
    fn counters_view(&self, locale: Locale) -> Element<'_, Message> {
        let (entered, expected) = self
            .counts
            .iter()
            .fold((0, 0), |(a, b), c| (a + c.entered, b + c.expected));
        let mut counters = column![
            text(df(
                locale,
                D::Entered,
                &[&entered.to_string(), &expected.to_string()]
            ))
            .size(theme::HEADING)
            .font(theme::BOLD)
        ]
        .spacing(4);
        for c in &self.counts {
            let (entered, expected) = (c.entered.to_string(), c.expected.to_string());
            counters = counters.push(
                text(df(
                    locale,
                    D::InCategory,
                    &[&c.category, &entered, &expected],
                ))
                .size(theme::SMALL)
                .style(theme::muted),
            );
        }
        counters.into()
    }

    /// The latest scans at this door, admitted ones in green.
    fn recent_view(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let mut recent = column![text(d(locale, D::Recent)).font(theme::BOLD)].spacing(4);
        for s in &self.recent {
            let at = s.at.with_timezone(&zone);
            let what = outcome(locale, s.outcome);
            let number = s
                .ticket_number
                .map(|n| df(locale, D::Number, &[&format!("{n:06}")]))
                .unwrap_or_default();
            let manual = if s.manual { d(locale, D::Manually) } else { "" };
            let line = text(format!(
                "{}  {number}  {what} {manual}",
                at.format("%H:%M:%S")
            ))
            .size(theme::SMALL);
            recent = recent.push(if s.outcome == Some(Outcome::Admitted) {
                line.style(theme::success)
            } else {
                line.style(theme::muted)
            });
        }
        recent.into()
    }

    /// Letting someone in without a ticket: a search, then who to let in.
    fn manual_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| d(locale, key);
        let mut manual = column![
            text(l(D::Manual)).font(theme::BOLD),
            text_input(l(D::ManualHint), &self.manual)
                .id(MANUAL)
                .on_input(Message::Manual)
                .on_submit(Message::ManualSubmit)
                .padding(8),
        ]
        .spacing(6);
        for f in self.found.iter().take(8) {
            manual = manual.push(
                row![
                    text(&f.label).size(theme::SMALL).width(Fill),
                    button(text(l(D::Admit)).size(theme::SMALL))
                        .on_press(Message::Admit(f.ticket_id))
                        .padding([4, 10]),
                ]
                .spacing(8)
                .align_y(iced::Center),
            );
        }
        manual.into()
    }

    /// The door list, and undoing an admission for who may.
    fn actions_view(&self, look: &Look) -> Element<'_, Message> {
        let l = |key| d(look.locale, key);
        let mut actions = row![
            button(text(l(D::DoorList)))
                .on_press(Message::DoorList)
                .padding([8, 14])
                .style(button::secondary)
        ]
        .spacing(8);
        if self.live.joined() {
            actions = actions.push(
                button(text(l(D::PullList)))
                    .on_press(Message::PullList)
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        if look.role.is_some_and(|r| r.can_coordinate()) {
            actions = actions.push(
                button(text(l(D::Undo)))
                    .on_press(Message::Undo)
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        actions.wrap().vertical_spacing(8).into()
    }

    /// The answer, as large as the screen allows.
    fn answer_view(&self, locale: Locale) -> Element<'_, Message> {
        let l = |key| d(locale, key);
        let Some(answer) = &self.answer else {
            return container(text(l(D::Waiting)).size(32).style(theme::muted))
                .center(Fill)
                .style(theme::card)
                .into();
        };
        let (colour, title, reason) = match &answer.verdict {
            Verdict::Admitted { reentry } => (
                GREEN,
                l(if *reentry { D::Reentry } else { D::Admitted }),
                None,
            ),
            Verdict::Refused(Refusal::AlreadyEntered { just_now: true, .. }) => {
                (AMBER, l(D::Repeated), words::reason(answer, locale))
            }
            Verdict::Refused(_) => (RED, l(D::Refused), words::reason(answer, locale)),
        };
        let white = |size: f32, s: String| {
            text(s)
                .size(size)
                .font(theme::BOLD)
                .color(Color::WHITE)
                .align_x(iced::Center)
                .width(Fill)
        };
        let mut body = column![white(96.0, title.into())]
            .spacing(10)
            .align_x(iced::Center);
        if let Some(reason) = reason {
            body = body.push(white(36.0, reason));
        }
        if let Some(h) = &answer.holder {
            let place = h
                .seat
                .as_ref()
                .map_or_else(|| l(D::General).to_owned(), |s| s.label(locale));
            if answer.admitted() {
                body = body.push(white(44.0, place));
                let tariff = if h.requires_proof {
                    df(locale, D::Proof, &[&h.tariff_name.to_uppercase()])
                } else {
                    h.tariff_name.clone()
                };
                body = body.push(white(36.0, tariff));
            }
            let mut details = df(locale, D::Ticket, &[&format!("{:06}", h.number)]);
            if let Some(pass) = &h.pass {
                // « Pass 3 jours » says it already.
                let said = match pass.to_lowercase().starts_with("pass") {
                    true => pass.clone(),
                    false => df(locale, D::ViaPass, &[pass]),
                };
                details = format!("{said} · {details}");
            }
            if let Some(patron) = &h.patron {
                details = format!("{details} · {patron}");
            }
            body = body.push(white(22.0, details));
        }
        container(body)
            .center(Fill)
            .padding(20)
            .style(move |_| container::Style {
                background: Some(colour.into()),
                border: iced::Border {
                    radius: 12.0.into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .into()
    }
}

const GREEN: Color = Color::from_rgb(0.09, 0.52, 0.24);
const RED: Color = Color::from_rgb(0.75, 0.12, 0.12);
const AMBER: Color = Color::from_rgb(0.80, 0.47, 0.05);

/// Live tickets of the orders found by a name, e-mail, phone or number.
fn find(ctx: &Context, query: &str) -> Vec<Found> {
    let (t, locale) = (&ctx.terminal, ctx.locale);
    let orders = orders::find(&t.store, t.signer.terminal_id, query).unwrap_or_default();
    orders
        .into_iter()
        .flat_map(|o| {
            let patron = o.patron.clone().unwrap_or_default();
            o.tickets.into_iter().filter(|tk| tk.valid).map(move |tk| {
                let place = tk
                    .seat
                    .as_ref()
                    .map_or_else(|| d(locale, D::General).to_owned(), |s| s.label(locale));
                let ticket = format!("n° {:06} · {place}", tk.number);
                Found {
                    ticket_id: tk.id,
                    label: if patron.is_empty() {
                        ticket
                    } else {
                        format!("{patron} · {ticket}")
                    },
                }
            })
        })
        .collect()
}

//! Réglages → the central database: whether this terminal has joined one
//! and where, its ledger sent now, and the conflicts a coordinator decides
//! (each with what was done; who decided is recorded). Everything that
//! reaches the network runs off the window's thread: nothing waits on it
//! at the counter.

use iced::widget::{button, column, container, row, text, text_input};
use iced::{Center, Element, Fill, Task};

use crate::central::conflicts::{self, Conflict};
use crate::central::{self, giving_back, push};
use crate::domain::Locale;
use crate::ui::i18n::central::{self as words, C, c, cf};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{off_thread, outcome_line};

#[derive(Default)]
pub struct State {
    /// The address this terminal connects to, once joined.
    joined: Option<String>,
    sending: bool,
    publishing: bool,
    said: Option<Result<String, String>>,
    /// The conflicts as last read (None: not read yet), and the notes
    /// typed for those waiting.
    conflicts: Option<Vec<Conflict>>,
    notes: std::collections::HashMap<i64, String>,
    /// The action chosen for each conflict waiting.
    chosen: std::collections::HashMap<i64, String>,
    reading: bool,
    conflicts_said: Option<Result<String, String>>,
    /// Minutes before a performance this terminal gives back what it did
    /// not sell, as typed (empty: never by itself).
    before: String,
    before_said: Option<Result<String, String>>,
    /// The address as typed (an administrator moves the connection).
    address: String,
    address_said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    Push,
    /// Publish this terminal's season (a coordinator's act).
    Publish,
    Published(Result<i64, String>),
    /// What the sending did: records new, there already, conflicts met
    /// and waiting; or why it could not.
    Pushed(Result<(push::Pushed, usize), String>),
    /// Read the conflicts (a button, a notification, after a sending).
    ReadConflicts,
    Conflicts(Result<Vec<Conflict>, String>),
    Note(i64, String),
    /// The action a conflict is decided by.
    Choose(i64, String),
    Decide(i64),
    Before(String),
    SaveBefore,
    Address(String),
    SaveAddress,
}

impl State {
    pub fn load(ctx: &Context) -> State {
        let before = giving_back::before(&ctx.terminal.store).ok().flatten();
        let joined = central::joined(&ctx.terminal.store).ok().flatten();
        State {
            address: joined.clone().unwrap_or_default(),
            joined,
            before: before
                .map(|d| d.num_minutes().to_string())
                .unwrap_or_default(),
            ..State::default()
        }
    }

    pub fn update(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        let locale = ctx.locale;
        match message {
            Message::Push => {
                if self.sending || self.joined.is_none() {
                    return Task::none();
                }
                self.sending = true;
                self.said = None;
                let db = ctx.terminal.store.path().to_owned();
                let terminal = ctx.terminal.signer.terminal_id;
                Task::perform(
                    off_thread(move || push::apart(&db, terminal)),
                    move |done| Message::Pushed(said_back(done, locale)),
                )
            }
            Message::Publish => self.publish(ctx),
            Message::Published(done) => {
                self.publishing = false;
                self.said = Some(done.map(|v| cf(locale, C::Published, &[&v.to_string()])));
                Task::none()
            }
            Message::Pushed(done) => {
                self.sending = false;
                let waiting = matches!(&done, Ok((_, n)) if *n > 0);
                self.said = Some(said(done, locale));
                if waiting {
                    return self.update(Message::ReadConflicts, ctx);
                }
                Task::none()
            }
            Message::ReadConflicts => {
                if self.reading || self.joined.is_none() {
                    return Task::none();
                }
                self.reading = true;
                let db = ctx.terminal.store.path().to_owned();
                Task::perform(
                    off_thread(move || conflicts::list_apart(&db)),
                    move |done| Message::Conflicts(said_back(done, locale)),
                )
            }
            Message::Conflicts(read) => {
                self.reading = false;
                match read {
                    Ok(list) => {
                        // A note is kept until its conflict is decided.
                        let waits =
                            |id: &i64| list.iter().any(|x| x.id == *id && x.decision.is_none());
                        self.notes.retain(|id, _| waits(id));
                        self.chosen.retain(|id, _| waits(id));
                        self.conflicts = Some(list);
                        self.conflicts_said = None;
                    }
                    Err(why) => {
                        self.conflicts_said = Some(Err(cf(locale, C::Failed, &[&why])));
                    }
                }
                Task::none()
            }
            Message::Note(id, note) => {
                self.notes.insert(id, note);
                Task::none()
            }
            Message::Choose(id, action) => {
                self.chosen.insert(id, action);
                Task::none()
            }
            Message::Before(typed) => {
                self.before = typed;
                self.before_said = None;
                Task::none()
            }
            Message::SaveBefore => {
                self.save_before(ctx);
                Task::none()
            }
            Message::Address(typed) => {
                self.address = typed;
                self.address_said = None;
                Task::none()
            }
            Message::SaveAddress => {
                self.save_address(ctx);
                Task::none()
            }
            Message::Decide(id) => {
                let note = self.notes.get(&id).map_or("", |n| n.trim()).to_owned();
                let action = self.chosen.get(&id).cloned().unwrap_or_default();
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                if self.reading || !decidable(&action, &note) {
                    return Task::none();
                }
                self.reading = true;
                let db = ctx.terminal.store.path().to_owned();
                let by = by.clone();
                Task::perform(
                    off_thread(move || {
                        let decision = conflicts::Decision {
                            action: &action,
                            note: &note,
                        };
                        conflicts::decide_apart(&db, &by, id, decision)
                    }),
                    move |done| Message::Conflicts(said_back(done, locale)),
                )
            }
        }
    }

    pub fn view(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let l = |key| c(locale, key);
        let mut card = column![text(l(C::Card)).size(theme::HEADING).font(theme::BOLD)].spacing(8);
        match &self.joined {
            None => card = card.push(text(l(C::Alone))),
            Some(address) => {
                let word = |key: &str| {
                    address
                        .split_whitespace()
                        .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
                        .unwrap_or("?")
                };
                let place = format!("{}:{}", word("host"), word("port"));
                let said = cf(locale, C::Joined, &[word("dbname"), &place, word("user")]);
                card = card.push(text(said));
                let push = button(text(l(C::Push)))
                    .on_press_maybe((!self.sending).then_some(Message::Push))
                    .padding([8, 14])
                    .style(button::secondary);
                let publish = button(text(l(C::Publish)))
                    .on_press_maybe((!self.publishing).then_some(Message::Publish))
                    .padding([8, 14])
                    .style(button::secondary);
                card = card.push(row![push, publish].spacing(8));
                card = card.push(self.before_view(locale));
                card = card.push(self.address_view(locale));
            }
        }
        if self.sending {
            card = card.push(text(l(C::Pushing)).style(theme::muted));
        }
        if self.publishing {
            card = card.push(text(l(C::Publishing)).style(theme::muted));
        }
        if let Some(said) = outcome_line(&self.said) {
            card = card.push(said);
        }
        if self.joined.is_some() {
            card = card.push(self.conflicts_view(locale, zone));
        }
        container(card)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

impl State {
    /// Publishes this terminal's season, off the window's thread.
    fn publish(&mut self, ctx: &Context) -> Task<Message> {
        let locale = ctx.locale;
        let Some(by) = ctx.operator.cloned() else {
            return Task::none();
        };
        if self.publishing || self.joined.is_none() {
            return Task::none();
        }
        self.publishing = true;
        self.said = None;
        let db = ctx.terminal.store.path().to_owned();
        let now = ctx.now();
        Task::perform(
            off_thread(move || central::season::publish_apart(&db, &by, now)),
            move |done| Message::Published(said_back(done, locale)),
        )
    }

    /// Saves how long before each performance this terminal gives back
    /// what it did not sell (a coordinator's setting of the terminal).
    fn save_before(&mut self, ctx: &mut Context) {
        let locale = ctx.locale;
        let Some(by) = ctx.operator else { return };
        let typed = self.before.trim();
        let minutes = match typed {
            "" => Ok(None),
            n => n
                .parse::<u32>()
                .map(Some)
                .map_err(|_| c(locale, C::BeforeNotMinutes).to_owned()),
        };
        let saved = minutes.and_then(|m| {
            giving_back::set_before(&mut ctx.terminal.store, by, m)
                .map(|()| m)
                .map_err(|e| words::refusal(locale, &e))
        });
        self.before_said = Some(match saved {
            Ok(Some(m)) => Ok(cf(locale, C::BeforeSaved, &[&m.to_string()])),
            Ok(None) => Ok(c(locale, C::BeforeNever).to_owned()),
            Err(why) => Err(why),
        });
    }

    /// An administrator moves the connection (the login is kept).
    fn save_address(&mut self, ctx: &mut Context) {
        let (locale, now) = (ctx.locale, ctx.now());
        let Some(by) = ctx.operator else { return };
        let t = &mut *ctx.terminal;
        let typed = self.address.trim().to_owned();
        self.address_said = Some(
            match central::join::set_address(&mut t.store, &t.signer, by, &typed, now) {
                Ok(kept) => {
                    self.joined = Some(kept.clone());
                    self.address = kept;
                    Ok(c(locale, C::AddressSaved).to_owned())
                }
                Err(e) => Err(words::refusal(locale, &e)),
            },
        );
    }

    fn address_view(&self, locale: Locale) -> Element<'_, Message> {
        let words = (
            c(locale, C::Address),
            c(locale, C::AddressHint),
            c(locale, C::Save),
        );
        let messages = (
            Message::Address as fn(String) -> Message,
            Message::SaveAddress,
        );
        setting_view(words, &self.address, messages, &self.address_said)
    }

    fn before_view(&self, locale: Locale) -> Element<'_, Message> {
        let words = (
            c(locale, C::Before),
            c(locale, C::BeforeHint),
            c(locale, C::Save),
        );
        let messages = (
            Message::Before as fn(String) -> Message,
            Message::SaveBefore,
        );
        setting_view(words, &self.before, messages, &self.before_said)
    }

    /// The conflicts: those waiting first, each with a note and « Décider »;
    /// those decided with who decided and what was done.
    fn conflicts_view(&self, locale: Locale, zone: chrono_tz::Tz) -> Element<'_, Message> {
        let mut list = column![
            row![
                text(c(locale, C::Conflicts)).font(theme::BOLD).width(Fill),
                button(text(c(locale, C::Show)).size(theme::SMALL))
                    .on_press_maybe((!self.reading).then_some(Message::ReadConflicts))
                    .padding([6, 10])
                    .style(button::secondary),
            ]
            .align_y(Center)
        ]
        .spacing(6);
        if self.reading {
            list = list.push(text(c(locale, C::Reading)).style(theme::muted));
        }
        if let Some(said) = outcome_line(&self.conflicts_said) {
            list = list.push(said);
        }
        let Some(all) = &self.conflicts else {
            return list.into();
        };
        let waiting = all.iter().filter(|x| x.decision.is_none()).count();
        list = list.push(text(if all.is_empty() {
            c(locale, C::None).to_owned()
        } else {
            cf(locale, C::Waiting, &[&waiting.to_string()])
        }));
        for conflict in all.iter().take(50) {
            list = list.push(conflict_view(
                conflict,
                (self.notes.get(&conflict.id), self.chosen.get(&conflict.id)),
                (locale, zone),
            ));
        }
        list.into()
    }
}

fn conflict_view<'a>(
    conflict: &'a Conflict,
    (note, chosen): (Option<&'a String>, Option<&'a String>),
    (locale, zone): (Locale, chrono_tz::Tz),
) -> Element<'a, Message> {
    let mut one = column![
        text(format!(
            "{} · {}",
            words::kind(locale, &conflict.kind),
            words::seen(locale, zone, &conflict.seen_at)
        ))
        .font(theme::BOLD)
        .size(theme::SMALL),
        text(words::detail(locale, zone, conflict)).size(theme::SMALL),
    ]
    .spacing(4);
    match (&conflict.decision, &conflict.decided_by) {
        (Some(what), Some(who)) => {
            let action = conflict.action.as_deref().map(|a| words::action(locale, a));
            let what = match action {
                Some(a) if a != *what && conflict.action.as_deref() != Some(what) => {
                    format!("{a} — {what}")
                }
                Some(a) => a,
                None => what.clone(),
            };
            one = one.push(
                text(cf(locale, C::DecidedBy, &[who, &what]))
                    .size(theme::SMALL)
                    .style(theme::muted),
            );
        }
        _ if conflict.mine => {
            one = one.push(
                text(c(locale, C::OwnConflict))
                    .size(theme::SMALL)
                    .style(theme::muted),
            );
        }
        _ => one = one.push(decide_view(conflict, note, chosen, locale)),
    }
    container(one)
        .padding(8)
        .width(Fill)
        .style(theme::card)
        .into()
}

/// A setting of the card: its label, a field (`hint` when empty) saved
/// with Enter or « Enregistrer », and what saving it said.
fn setting_view<'a>(
    (label, hint, save): (&'a str, &'a str, &'a str),
    value: &'a str,
    (typed, saved): (fn(String) -> Message, Message),
    said: &'a Option<Result<String, String>>,
) -> Element<'a, Message> {
    let mut part = column![
        text(label).size(theme::SMALL).font(theme::BOLD),
        row![
            text_input(hint, value)
                .on_input(typed)
                .on_submit(saved.clone())
                .padding(8)
                .width(Fill),
            button(text(save))
                .on_press(saved)
                .padding([8, 14])
                .style(button::secondary),
        ]
        .spacing(8)
        .align_y(Center),
    ]
    .spacing(4);
    if let Some(line) = outcome_line(said) {
        part = part.push(line);
    }
    part.into()
}

/// A decision can go: an action chosen, and what was done said for a
/// refund or a move.
fn decidable(action: &str, note: &str) -> bool {
    !action.is_empty() && (!matches!(action, "refund" | "move") || !note.trim().is_empty())
}

/// The actions a waiting conflict allows, the note, and « Décider ».
fn decide_view<'a>(
    conflict: &'a Conflict,
    note: Option<&'a String>,
    chosen: Option<&'a String>,
    locale: Locale,
) -> Element<'a, Message> {
    let id = conflict.id;
    let note = note.map_or("", String::as_str);
    let mut actions = row![].spacing(6);
    for a in &conflict.actions {
        let on = chosen.is_some_and(|c| c == a);
        actions = actions.push(
            button(text(words::action(locale, a)).size(theme::SMALL))
                .on_press(Message::Choose(id, a.clone()))
                .padding([4, 10])
                .style(theme::choice(on)),
        );
    }
    let ready = decidable(chosen.map_or("", String::as_str), note);
    column![
        actions.wrap().vertical_spacing(6),
        row![
            text_input(c(locale, C::Note), note)
                .on_input(move |v| Message::Note(id, v))
                .on_submit(Message::Decide(id))
                .size(theme::SMALL)
                .padding(6),
            button(text(c(locale, C::Decide)).size(theme::SMALL))
                .on_press_maybe(ready.then_some(Message::Decide(id)))
                .padding([6, 10]),
        ]
        .spacing(6)
        .align_y(Center),
    ]
    .spacing(6)
    .into()
}

/// What work off the window's thread said back, its error in words.
fn said_back<R>(
    done: Option<Result<R, central::CentralError>>,
    locale: Locale,
) -> Result<R, String> {
    match done {
        Some(result) => result.map_err(|e| crate::ui::i18n::central::refusal(locale, &e)),
        None => Err(c(locale, C::Stopped).to_owned()),
    }
}

/// What a sending did, in words.
fn said(done: Result<(push::Pushed, usize), String>, locale: Locale) -> Result<String, String> {
    match done {
        Ok((p, _)) if p.conflicts > 0 => Err(c(locale, C::PushFork).to_owned()),
        Ok((p, waiting)) => Ok(cf(
            locale,
            C::Pushed,
            &[
                &p.stored.to_string(),
                &p.already.to_string(),
                &waiting.to_string(),
            ],
        )),
        Err(why) => Err(cf(locale, C::PushFailed, &[&why])),
    }
}

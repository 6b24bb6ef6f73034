//! A performance's « Invitations » tab: the places set aside for each kind
//! of requester (with those issued), a new request (who asks, of which
//! kind, how many places), and the requests with « Émettre » and
//! « Refuser ». The jobs check the rights and sign each step.

use iced::widget::{button, column, pick_list, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use crate::counter::invitations::{self, Asked, InvitationRow};
use crate::domain::invitation::{RequesterKind, Status};
use crate::programming::invitations as quotas;
use crate::ui::i18n::invitations::{self as words, I, i, if_};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled, outcome_line};

pub const REQUESTER_INPUT: &str = "invitation-requester";

pub struct Panel {
    performance_id: i64,
    /// The places set aside as typed, one per kind (empty: no limit).
    set_aside: [String; 4],
    issued: [i64; 4],
    requests: Vec<InvitationRow>,
    kind: RequesterKind,
    requester: String,
    places: String,
    said: Option<Result<String, String>>,
}

#[derive(Clone, Debug)]
pub enum Message {
    SetAside(usize, String),
    SaveSetAside,
    Kind(RequesterKind),
    Requester(String),
    Places(String),
    Ask,
    Issue(String),
    Refuse(String),
}

impl Message {
    /// Keystrokes in a field: nothing is written yet.
    pub fn is_typing(&self) -> bool {
        matches!(
            self,
            Message::SetAside(..) | Message::Requester(_) | Message::Places(_)
        )
    }
}

impl Panel {
    pub fn load(ctx: &Context, performance_id: i64) -> Panel {
        let mut panel = Panel {
            performance_id,
            set_aside: Default::default(),
            issued: [0; 4],
            requests: Vec::new(),
            kind: RequesterKind::Press,
            requester: String::new(),
            places: "2".into(),
            said: None,
        };
        panel.read(ctx);
        panel
    }

    /// Reads the places set aside and the requests again.
    fn read(&mut self, ctx: &Context) {
        let store = &ctx.terminal.store;
        if let Ok(set_aside) = invitations::set_aside(store, self.performance_id) {
            for (n, (_, quota, issued)) in set_aside.into_iter().enumerate().take(4) {
                self.set_aside[n] = quota.map(|q| q.to_string()).unwrap_or_default();
                self.issued[n] = issued;
            }
        }
        self.requests =
            invitations::list(store, Some(self.performance_id), None).unwrap_or_default();
    }

    /// Does what the message says; true when tickets were issued (the
    /// performance's counts change).
    pub fn update(&mut self, message: Message, ctx: &mut Context) -> bool {
        let locale = ctx.locale;
        let typing = message.is_typing();
        if !typing {
            self.said = None;
        }
        let mut issued = false;
        match message {
            Message::SetAside(n, typed) => {
                if let Some(field) = self.set_aside.get_mut(n) {
                    *field = typed.chars().filter(char::is_ascii_digit).take(6).collect();
                }
            }
            Message::Kind(kind) => self.kind = kind,
            Message::Requester(typed) => self.requester = typed,
            Message::Places(typed) => {
                self.places = typed.chars().filter(char::is_ascii_digit).take(3).collect();
            }
            Message::SaveSetAside => self.said = Some(self.save(ctx)),
            Message::Ask => {
                let now = ctx.now();
                let asked = Asked {
                    performance_id: self.performance_id,
                    kind: self.kind,
                    requester: self.requester.clone(),
                    patron_id: None,
                    places: self.places.parse().unwrap_or(0),
                    note: String::new(),
                };
                let Some(by) = ctx.operator else { return false };
                let t = &mut *ctx.terminal;
                self.said = Some(
                    invitations::ask(&mut t.store, &t.signer, by, &asked, now)
                        .map(|_| {
                            self.requester.clear();
                            i(locale, I::Asked).to_owned()
                        })
                        .map_err(|e| words::error(&e, locale)),
                );
            }
            Message::Issue(id) => {
                let now = ctx.now();
                let Some(by) = ctx.operator else { return false };
                let t = &mut *ctx.terminal;
                let done = invitations::issue(&mut t.store, &t.signer, by, &id, now);
                issued = done.is_ok();
                self.said = Some(
                    done.map(|(_, sold)| {
                        let (n, tickets) =
                            (sold.number.to_string(), sold.tickets.len().to_string());
                        if_(locale, I::IssuedOrder, &[&n, &tickets])
                    })
                    .map_err(|e| words::error(&e, locale)),
                );
            }
            Message::Refuse(id) => {
                let now = ctx.now();
                let Some(by) = ctx.operator else { return false };
                let t = &mut *ctx.terminal;
                self.said = Some(
                    invitations::refuse(&mut t.store, &t.signer, by, &id, now)
                        .map(|_| i(locale, I::Refused).to_owned())
                        .map_err(|e| words::error(&e, locale)),
                );
            }
        }
        if !typing {
            self.read(ctx);
        }
        issued
    }

    /// Each kind's places set aside, as typed: saved one by one (each a
    /// journaled change), the first refusal said.
    fn save(&mut self, ctx: &mut Context) -> Result<String, String> {
        let locale = ctx.locale;
        let (store, by) = ctx
            .acting()
            .map_err(|e| crate::ui::screen::programming::describe(&e, locale))?;
        let current = quotas::quotas(store, self.performance_id).unwrap_or_default();
        for (n, kind) in RequesterKind::ALL.into_iter().enumerate() {
            let typed = self.set_aside[n].trim();
            let places = (!typed.is_empty()).then(|| typed.parse::<i64>().unwrap_or(i64::MAX));
            let was = current.iter().find(|(k, _)| *k == kind).map(|(_, q)| *q);
            if places != was {
                quotas::set_quota(store, &by, self.performance_id, kind, places)
                    .map_err(|e| crate::ui::screen::programming::describe(&e, locale))?;
            }
        }
        Ok(i(locale, I::Saved).to_owned())
    }

    /// The tab; « Émettre » and « Refuser » for whoever may decide.
    pub fn view(&self, locale: crate::domain::Locale, decides: bool) -> Element<'_, Message> {
        let l = |key| i(locale, key);
        let set_aside = RequesterKind::ALL.into_iter().enumerate().fold(
            row![].spacing(12).align_y(Center),
            |r, (n, kind)| {
                r.push(labelled(
                    words::kind(locale, kind),
                    column![
                        text_input("—", &self.set_aside[n])
                            .on_input(move |v| Message::SetAside(n, v))
                            .on_submit(Message::SaveSetAside)
                            .padding(8)
                            .width(90),
                        text(if_(
                            locale,
                            if self.issued[n] <= 1 {
                                I::IssuedOne
                            } else {
                                I::Issued
                            },
                            &[&self.issued[n].to_string()]
                        ))
                        .size(theme::SMALL)
                        .style(theme::muted),
                    ]
                    .spacing(2),
                    None,
                ))
            },
        );
        let kinds: Vec<Choice<RequesterKind>> = RequesterKind::ALL
            .into_iter()
            .map(|k| Choice::new(k, words::kind(locale, k).to_owned()))
            .collect();
        let new = row![
            pick_list(kinds.clone(), chosen(&kinds, self.kind), |c| Message::Kind(
                c.value
            ))
            .padding(8)
            .width(160),
            text_input(l(I::RequesterHint), &self.requester)
                .id(REQUESTER_INPUT)
                .on_input(Message::Requester)
                .on_submit(Message::Ask)
                .padding(8)
                .width(Fill),
            text_input(l(I::Places), &self.places)
                .on_input(Message::Places)
                .on_submit(Message::Ask)
                .padding(8)
                .width(70),
            button(text(l(I::Ask)))
                .on_press(Message::Ask)
                .padding([8, 14])
                .style(button::primary),
        ]
        .spacing(8)
        .align_y(Center);
        let mut page = column![
            text(l(I::SetAside)).font(theme::BOLD),
            row![
                set_aside,
                button(text(l(I::Save)))
                    .on_press(Message::SaveSetAside)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(16)
            .align_y(iced::Bottom),
            text(l(I::New)).font(theme::BOLD),
            new,
        ]
        .spacing(10);
        if let Some(line) = outcome_line(&self.said) {
            page = page.push(line);
        }
        page = page.push(text(l(I::Requests)).font(theme::BOLD));
        page = page.push(self.requests_view(locale, decides));
        scrollable(page.padding([0, 4])).height(Fill).into()
    }

    fn requests_view(&self, locale: crate::domain::Locale, decides: bool) -> Element<'_, Message> {
        let l = |key| i(locale, key);
        if self.requests.is_empty() {
            return text(l(I::NoRequest)).style(theme::muted).into();
        }
        self.requests
            .iter()
            .fold(column![].spacing(6), |list, r| {
                let status = match r.status {
                    Status::Asked => l(I::StatusAsked).to_owned(),
                    Status::Issued => if_(
                        locale,
                        I::StatusIssued,
                        &[&r.order_number.unwrap_or_default().to_string()],
                    ),
                    Status::Refused => l(I::StatusRefused).to_owned(),
                };
                let mut line = row![
                    text(words::kind(locale, r.kind)).width(110),
                    text(&r.requester).width(Fill),
                    text(if_(locale, I::PlacesN, &[&r.places.to_string()])).width(80),
                    text(status).width(200),
                ]
                .spacing(10)
                .align_y(Center);
                let mut decide = row![].spacing(6);
                if r.status == Status::Asked && decides {
                    decide = decide
                        .push(
                            button(text(l(I::Issue)).size(theme::SMALL))
                                .on_press(Message::Issue(r.public_id.clone()))
                                .style(button::primary),
                        )
                        .push(
                            button(text(l(I::Refuse)).size(theme::SMALL))
                                .on_press(Message::Refuse(r.public_id.clone()))
                                .style(button::secondary),
                        );
                }
                line = line.push(iced::widget::container(decide).width(170));
                list.push(line)
            })
            .into()
    }
}

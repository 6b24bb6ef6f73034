//! Publics: the patron file. Search as you type on the left (Enter opens
//! the first found); the patron's card on the right: who they are and what
//! they need, their visits, spend and favourite genres, what may be sent
//! to them and why (one click to record an agreement or an objection),
//! every purchase, and the contact log. A new patron, or a card's details,
//! in the same form.

mod merge;
mod segment;

pub use segment::{Message as SegmentMessage, Typed as SegmentField};

pub use merge::Message as MergeMessage;

use std::collections::BTreeMap;

use iced::widget::{
    button, checkbox, column, container, operation, pick_list, row, scrollable, text, text_input,
};
use iced::{Center, Element, Fill, Task};

use crate::audience::{self, Card, OrganisationRow, Patron};
use crate::domain::patron::{ConsentChannel, Need, PatronDetails};
use crate::domain::{Currency, Locale, Money};
use crate::ui::i18n::audience::{
    A, a, af, channel_name, contact_kind, flag_text, loyalty_name, may_send, need_name,
    source_name, text_label,
};
use crate::ui::i18n::counter::audience as audience_error;
use crate::ui::i18n::programming::genre_name;
use crate::ui::screen::{Context, Look};
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

/// The search field: the cursor is there when Publics opens.
pub const SEARCH: &str = "audience-search";
/// The first field of the patron form.
pub const FIRST_NAME: &str = "audience-first-name";

/// How many patrons the list shows.
const SHOWN: i64 = 50;

#[derive(Default)]
pub struct State {
    search: String,
    found: Vec<Patron>,
    card: Option<Box<Card>>,
    form: Option<Form>,
    note: String,
    note_kind: String,
    said: Option<Result<String, String>>,
    /// The erasure asked, waiting for its confirmation.
    erasing: bool,
    organisations: Vec<OrganisationRow>,
    categories: Vec<(String, String)>,
    currency: Option<Currency>,
    quebec: bool,
    patrons: i64,
    /// The list shows likely duplicates instead of what was searched.
    duplicates: Option<Vec<audience::Duplicate>>,
    /// Two duplicates side by side, each field chosen, before the merge.
    preview: Option<merge::Preview>,
    /// The merge into the patron shown that can be undone.
    undo: Option<i64>,
    /// The segment builder is shown, and the saved segments listed.
    segmenting: bool,
    builder: segment::Builder,
    saved: Vec<(String, crate::audience::segments::Segment)>,
}

/// A patron's details as typed: a new one (no id) or a card's.
#[derive(Clone, Debug, Default)]
struct Form {
    id: Option<i64>,
    details: PatronDetails,
    birth_year: String,
}

/// A text field of the form.
pub use crate::domain::patron::Text as Field;

#[derive(Clone, Debug)]
pub enum Message {
    Load,
    Search(String),
    /// Enter in the search: the first found.
    OpenFirst,
    Open(i64),
    New,
    Edit,
    Typed(Field, String),
    BirthYear(String),
    Need(Need, bool),
    Category(String, bool),
    Organisation(Option<i64>),
    Save,
    Cancel,
    Consent(ConsentChannel, bool),
    NoteKind(String),
    Note(String),
    AddNote,
    /// Everything held about the patron, written as JSON beside the
    /// database (journaled).
    Export,
    /// Erasure: asked, confirmed, given up.
    Erase,
    EraseNow,
    EraseKeep,
    /// The likely duplicates listed (or the search again).
    Duplicates(bool),
    Merge(merge::Message),
    /// The segment builder shown.
    Segments,
    Segment(segment::Message),
    /// An order of the card, opened in Vente's customer service (reprint,
    /// refund, exchange there).
    OpenOrder(i64),
}

/// What the app must do.
#[derive(Clone, Debug)]
pub enum Event {
    /// Open this order (by its number) in Vente's customer service.
    OpenOrder(i64),
}

impl State {
    pub fn new() -> (State, Task<Message>) {
        (State::default(), Task::done(Message::Load))
    }

    /// Publics entered again: the search keeps what was typed.
    pub fn enter(&self) -> Task<Message> {
        Task::batch([Task::done(Message::Load), operation::focus(SEARCH)])
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        if let Message::OpenOrder(number) = message {
            return (Task::none(), Some(Event::OpenOrder(number)));
        }
        (self.handle(message, ctx), None)
    }

    fn handle(&mut self, message: Message, ctx: &mut Context) -> Task<Message> {
        match message {
            Message::Load => {
                let store = &ctx.terminal.store;
                self.organisations = audience::organisations(store).unwrap_or_default();
                self.categories = audience::categories(store).unwrap_or_default();
                if let Ok(Some(v)) = crate::programming::venue::load(store) {
                    self.currency = Some(v.settings.currency);
                    self.quebec = v.settings.country == crate::domain::Country::Quebec;
                }
                self.patrons = audience::count(store).unwrap_or(0);
                if self.note_kind.is_empty() {
                    self.note_kind = "call".into();
                }
                self.refresh(ctx);
                return operation::focus(SEARCH);
            }
            Message::Search(text) => {
                self.search = text;
                self.found =
                    audience::search(&ctx.terminal.store, &self.search, SHOWN).unwrap_or_default();
            }
            Message::OpenFirst => {
                if let Some(p) = self.found.first() {
                    let id = p.id;
                    self.open(id, ctx);
                }
            }
            Message::Open(id) => self.open(id, ctx),
            Message::New => {
                let mut details = PatronDetails::default();
                // What was searched starts the name.
                let words: Vec<&str> = self.search.split_whitespace().collect();
                if let Some((last, first)) = words.split_last()
                    && !self.search.chars().any(|c| c.is_ascii_digit() || c == '@')
                {
                    details.first_name = first.join(" ");
                    details.last_name = (*last).to_owned();
                }
                self.form = Some(Form {
                    details,
                    ..Form::default()
                });
                self.said = None;
                return operation::focus(FIRST_NAME);
            }
            Message::Edit => {
                if let Some(card) = &self.card {
                    self.form = Some(Form {
                        id: Some(card.patron.id),
                        birth_year: card
                            .row
                            .details
                            .birth_year
                            .map(|y| y.to_string())
                            .unwrap_or_default(),
                        details: card.row.details.clone(),
                    });
                    self.said = None;
                    return operation::focus(FIRST_NAME);
                }
            }
            Message::Typed(..)
            | Message::BirthYear(_)
            | Message::Need(..)
            | Message::Category(..)
            | Message::Organisation(_) => self.type_in(message),
            Message::Cancel => self.form = None,
            Message::Save => self.save(ctx),
            Message::Consent(..) | Message::AddNote => self.on_card(message, ctx),
            Message::NoteKind(kind) => self.note_kind = kind,
            Message::Note(note) => self.note = note,
            Message::Export | Message::Erase | Message::EraseNow | Message::EraseKeep => {
                self.personal_data(message, ctx);
            }
            Message::Segments => {
                self.segmenting = true;
                self.duplicates = None;
                self.preview = None;
                self.saved =
                    crate::audience::segments::saved(&ctx.terminal.store).unwrap_or_default();
                self.recount(ctx);
            }
            Message::Segment(m) => self.build(m, ctx),
            Message::OpenOrder(_) => {}
            Message::Duplicates(on) => {
                self.segmenting = false;
                self.duplicates =
                    on.then(|| audience::duplicates(&ctx.terminal.store).unwrap_or_default());
                self.preview = None;
            }
            Message::Merge(m) => self.merge(m, ctx),
        }
        Task::none()
    }

    /// What is recorded on the card: a consent, a contact.
    fn on_card(&mut self, message: Message, ctx: &mut Context) {
        let locale = ctx.locale;
        match message {
            Message::Consent(channel, granted) => {
                if let (Some(card), Some(by)) = (&self.card, ctx.operator) {
                    let id = card.patron.id;
                    let now = ctx.now();
                    match audience::set_consent(
                        &mut ctx.terminal.store,
                        by,
                        id,
                        channel,
                        granted,
                        "counter",
                        now,
                    ) {
                        Ok(_) => self.open(id, ctx),
                        Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                    }
                }
            }
            Message::AddNote => {
                if let (Some(card), Some(by)) = (&self.card, ctx.operator) {
                    let id = card.patron.id;
                    let now = ctx.now();
                    match audience::log_contact(
                        &mut ctx.terminal.store,
                        by,
                        id,
                        &self.note_kind,
                        &self.note,
                        now,
                    ) {
                        Ok(()) => {
                            self.note.clear();
                            self.open(id, ctx);
                        }
                        Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                    }
                }
            }
            _ => {}
        }
    }

    /// What is typed and ticked in the form.
    fn type_in(&mut self, message: Message) {
        match message {
            Message::Typed(field, value) => {
                if let Some(f) = &mut self.form {
                    *field.of_mut(&mut f.details) = value;
                }
            }
            Message::BirthYear(value) => {
                if let Some(f) = &mut self.form {
                    f.birth_year = value.chars().filter(char::is_ascii_digit).take(4).collect();
                }
            }
            Message::Need(need, on) => {
                if let Some(f) = &mut self.form {
                    f.details.needs.retain(|n| *n != need);
                    if on {
                        f.details.needs.push(need);
                    }
                }
            }
            Message::Category(code, on) => {
                if let Some(f) = &mut self.form {
                    f.details.categories.retain(|c| *c != code);
                    if on {
                        f.details.categories.push(code);
                    }
                }
            }
            Message::Organisation(org) => {
                if let Some(f) = &mut self.form {
                    f.details.organisation_id = org;
                }
            }
            _ => {}
        }
    }

    /// The patron's rights: their data exported, or erased once confirmed.
    fn personal_data(&mut self, message: Message, ctx: &mut Context) {
        let (Some(id), Some(by)) = (self.card.as_ref().map(|c| c.patron.id), ctx.operator) else {
            return;
        };
        let locale = ctx.locale;
        let now = ctx.now();
        match message {
            Message::Export => {
                let t = &mut *ctx.terminal;
                let folder = t
                    .store
                    .path()
                    .parent()
                    .map(|p| p.join("exports"))
                    .unwrap_or_else(|| "exports".into());
                let done = audience::export(&mut t.store, &t.signer, by, id, now)
                    .map_err(|e| audience_error(&e, locale))
                    .and_then(|value| {
                        let name = value["patron"]["id"]
                            .as_str()
                            .unwrap_or("patron")
                            .to_owned();
                        let path = folder.join(format!("patron-{name}.json"));
                        std::fs::create_dir_all(&folder)
                            .and_then(|()| {
                                std::fs::write(
                                    &path,
                                    serde_json::to_string_pretty(&value).unwrap_or_default(),
                                )
                            })
                            .map(|()| af(locale, A::Exported, &[&path.display().to_string()]))
                            .map_err(|e| af(locale, A::NotExported, &[&e.to_string()]))
                    });
                self.said = Some(done);
            }
            Message::Erase => self.erasing = true,
            Message::EraseKeep => self.erasing = false,
            Message::EraseNow => {
                self.erasing = false;
                let t = &mut *ctx.terminal;
                match audience::erase(&mut t.store, &t.signer, by, id, now) {
                    Ok(()) => {
                        self.said = Some(Ok(a(locale, A::Erased).to_owned()));
                        self.patrons = audience::count(&ctx.terminal.store).unwrap_or(self.patrons);
                        self.open(id, ctx);
                        self.refresh(ctx);
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
            _ => {}
        }
    }

    fn refresh(&mut self, ctx: &Context) {
        self.found = audience::search(&ctx.terminal.store, &self.search, SHOWN).unwrap_or_default();
        if let Some(id) = self.card.as_ref().map(|c| c.patron.id) {
            self.card = audience::card(&ctx.terminal.store, id, ctx.now(), ctx.zone, self.quebec)
                .ok()
                .map(Box::new);
        }
    }

    fn open(&mut self, id: i64, ctx: &Context) {
        self.form = None;
        self.preview = None;
        self.undo = audience::last_merge(&ctx.terminal.store, id).ok().flatten();
        match audience::card(&ctx.terminal.store, id, ctx.now(), ctx.zone, self.quebec) {
            Ok(card) => self.card = Some(Box::new(card)),
            Err(e) => self.said = Some(Err(audience_error(&e, ctx.locale))),
        }
    }

    fn save(&mut self, ctx: &mut Context) {
        let Some(form) = &self.form else { return };
        let locale = ctx.locale;
        let mut details = form.details.clone();
        details.birth_year = form.birth_year.parse().ok();
        let now = ctx.now();
        let store = &mut ctx.terminal.store;
        let done = match form.id {
            Some(id) => audience::update(store, id, &details, now).map(|_| id),
            None => audience::create(store, &details, "counter", now).map(|(p, _)| p.id),
        };
        match done {
            Ok(id) => {
                self.said = Some(Ok(a(locale, A::Saved).to_owned()));
                self.patrons = audience::count(&ctx.terminal.store).unwrap_or(self.patrons);
                self.open(id, ctx);
                self.refresh(ctx);
            }
            Err(e) => self.said = Some(Err(audience_error(&e, locale))),
        }
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        let search = text_input(l(A::Search), &self.search)
            .id(SEARCH)
            .on_input(Message::Search)
            .on_submit(Message::OpenFirst)
            .padding(10);
        let list: Element<'_, Message> = if self.segmenting {
            self.saved_list(locale)
        } else if let Some(pairs) = &self.duplicates {
            self.duplicates_list(pairs, locale)
        } else if self.found.is_empty() {
            let hint = if self.search.trim().chars().count() >= 2 {
                l(A::Nobody)
            } else {
                l(A::SearchHint)
            };
            column![
                text(hint).style(theme::muted),
                text(af(locale, A::FileSize, &[&self.patrons.to_string()])).style(theme::muted),
            ]
            .spacing(8)
            .into()
        } else {
            let chosen = self.card.as_ref().map(|c| c.patron.id);
            self.found
                .iter()
                .fold(column![].spacing(4), |c, p| {
                    c.push(found_line(p, chosen == Some(p.id), locale))
                })
                .into()
        };
        let left = column![
            row![
                search,
                button(text(l(A::NewPatron)))
                    .on_press(Message::New)
                    .padding([10, 12])
                    .style(button::secondary),
            ]
            .spacing(8),
            row![
                button(text(l(A::SearchList)).size(theme::SMALL))
                    .on_press(Message::Duplicates(false))
                    .padding([6, 12])
                    .style(theme::choice(self.duplicates.is_none() && !self.segmenting)),
                button(text(l(A::DuplicatesList)).size(theme::SMALL))
                    .on_press(Message::Duplicates(true))
                    .padding([6, 12])
                    .style(theme::choice(self.duplicates.is_some())),
                button(text(l(A::SegmentsList)).size(theme::SMALL))
                    .on_press(Message::Segments)
                    .padding([6, 12])
                    .style(theme::choice(self.segmenting)),
            ]
            .spacing(6),
            scrollable(list).height(Fill),
        ]
        .spacing(10)
        .width(440);
        let right: Element<'_, Message> = match (&self.form, &self.card) {
            _ if self.segmenting => self.builder_view(locale),
            _ if self.preview.is_some() => self.preview_view(locale),
            (Some(form), _) => self.form_view(form, locale),
            (None, Some(card)) => self.card_view(card, look),
            (None, None) => text(l(A::ChooseOne)).style(theme::muted).into(),
        };
        let mut right_column = column![].spacing(8);
        if let Some(said) = &self.said {
            right_column = right_column.push(match said {
                Ok(words) => text(words).style(theme::success),
                Err(words) => text(words).style(theme::error),
            });
        }
        right_column = right_column.push(right);
        row![
            left,
            scrollable(right_column.padding(iced::Padding::ZERO.right(14))).width(Fill)
        ]
        .spacing(24)
        .into()
    }

    fn form_view<'a>(&'a self, form: &'a Form, locale: Locale) -> Element<'a, Message> {
        let l = |k| a(locale, k);
        let d = &form.details;
        let field = |f: Field| {
            let mut input = text_input("", f.of(d))
                .on_input(move |v| Message::Typed(f, v))
                .on_submit(Message::Save)
                .padding(8);
            if f == Field::FirstName {
                input = input.id(FIRST_NAME);
            }
            labelled(l(text_label(f)), input, None)
        };
        let birth_year = labelled(
            l(A::BirthYear),
            text_input("", &form.birth_year)
                .on_input(Message::BirthYear)
                .on_submit(Message::Save)
                .padding(8),
            None,
        );
        let needs = Need::ALL.into_iter().fold(row![].spacing(12), |r, need| {
            r.push(
                checkbox(d.needs.contains(&need))
                    .label(need_name(need, locale))
                    .on_toggle(move |on| Message::Need(need, on)),
            )
        });
        let categories = self
            .categories
            .iter()
            .fold(row![].spacing(12), |r, (code, name)| {
                let code = code.clone();
                r.push(
                    checkbox(d.categories.contains(&code))
                        .label(name.as_str())
                        .on_toggle(move |on| Message::Category(code.clone(), on)),
                )
            });
        let mut organisations = vec![Choice::new(None, l(A::NoOrganisation).to_owned())];
        organisations.extend(
            self.organisations
                .iter()
                .map(|o| Choice::new(Some(o.id), o.name.clone())),
        );
        let current = chosen(&organisations, d.organisation_id);
        let flags = crate::domain::patron::contact_flags(&d.email, &d.phone);
        let mut body = column![
            row![field(Field::FirstName), field(Field::LastName),].spacing(10),
            row![field(Field::Email), field(Field::Phone),].spacing(10),
        ]
        .spacing(10);
        for f in flags {
            body = body.push(
                text(flag_text(f, locale))
                    .size(theme::SMALL)
                    .style(theme::error),
            );
        }
        body = body
            .push(field(Field::Address))
            .push(row![field(Field::Postcode), field(Field::City), birth_year,].spacing(10))
            .push(labelled(
                l(A::Organisation),
                pick_list(organisations, current, |c| Message::Organisation(c.value)).padding(8),
                None,
            ))
            .push(labelled(l(A::Needs), needs, None))
            .push(labelled(l(A::Categories), categories.wrap(), None))
            .push(field(Field::Notes))
            .push(
                row![
                    button(text(l(A::Save)).font(theme::BOLD))
                        .on_press(Message::Save)
                        .padding([10, 18])
                        .style(button::primary),
                    button(text(l(A::Cancel)))
                        .on_press(Message::Cancel)
                        .padding([10, 18])
                        .style(button::secondary),
                ]
                .spacing(10),
            );
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }

    fn who_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        let p = &card.patron;
        let d = &card.row.details;
        let mut who = column![
            row![
                text(p.display_name()).size(theme::TITLE).font(theme::BOLD),
                container(
                    text(loyalty_name(card.loyalty, locale))
                        .size(theme::SMALL)
                        .font(theme::BOLD)
                )
                .padding([4, 10])
                .style(theme::notice),
                iced::widget::space::horizontal(),
                button(text(l(A::Edit)))
                    .on_press(Message::Edit)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(12)
            .align_y(Center),
        ]
        .spacing(4);
        if !p.needs.is_empty() {
            let needs: Vec<&str> = p.needs.iter().map(|n| need_name(*n, locale)).collect();
            who = who.push(
                text(format!("{} : {}", l(A::Needs), needs.join(", ")))
                    .font(theme::BOLD)
                    .style(theme::error),
            );
        }
        let contact: Vec<&str> = [d.email.as_str(), d.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !contact.is_empty() {
            who = who.push(text(contact.join(" · ")));
        }
        for f in &card.flags {
            who = who.push(
                text(flag_text(*f, locale))
                    .size(theme::SMALL)
                    .style(theme::error),
            );
        }
        let place: Vec<&str> = [d.address.as_str(), d.postcode.as_str(), d.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !place.is_empty() {
            who = who.push(text(place.join(" ")));
        }
        if !p.organisation.is_empty() {
            who = who.push(text(format!("{} : {}", l(A::Organisation), p.organisation)));
        }
        if !d.categories.is_empty() {
            let names: Vec<&str> = d
                .categories
                .iter()
                .map(|c| {
                    self.categories
                        .iter()
                        .find(|(code, _)| code == c)
                        .map_or(c.as_str(), |(_, n)| n.as_str())
                })
                .collect();
            who = who.push(text(format!("{} : {}", l(A::Categories), names.join(", "))));
        }
        if !d.notes.is_empty() {
            who = who.push(text(&d.notes).style(theme::muted));
        }
        who.into()
    }

    fn stats_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let currency = self.currency.unwrap_or(Currency::Eur);
        let money = |c: i64| Money::new(c, currency).format(locale);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let seasons: Vec<String> = card
            .per_season
            .iter()
            .map(|(y, n)| format!("{}-{} : {n}", y, y + 1))
            .collect();
        let genres: Vec<String> = card
            .genres
            .iter()
            .take(3)
            .map(|(g, n)| format!("{} ({n})", genre_name(g, locale)))
            .collect();
        let never = l(A::Never).to_owned();
        let stats = column![
            stat(
                l(A::FirstVisit),
                card.first_visit.map_or(never.clone(), date)
            ),
            stat(l(A::LastVisit), card.last_visit.map_or(never, date)),
            stat(l(A::PerSeason), seasons.join(" · ")),
            stat(l(A::Spent), money(card.total_spent)),
            stat(l(A::Genres), genres.join(", ")),
        ]
        .spacing(4);
        stats.into()
    }

    fn consents_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let consents = card.consents.iter().fold(
            column![text(l(A::Consent)).size(theme::HEADING).font(theme::BOLD)].spacing(6),
            |c, cc| {
                let allowed = cc.may.allowed();
                c.push(
                    row![
                        text(channel_name(cc.channel, locale))
                            .font(theme::BOLD)
                            .width(230),
                        text(may_send(cc.may, locale, date))
                            .width(Fill)
                            .style(if allowed {
                                theme::success
                            } else {
                                theme::muted
                            }),
                        button(text(l(A::Give)).size(theme::SMALL))
                            .on_press(Message::Consent(cc.channel, true))
                            .style(button::secondary),
                        button(text(l(A::Withdraw)).size(theme::SMALL))
                            .on_press(Message::Consent(cc.channel, false))
                            .style(button::secondary),
                    ]
                    .spacing(8)
                    .align_y(Center),
                )
            },
        );
        let mut consents = consents;
        if !card.consent_history.is_empty() {
            let lines = card
                .consent_history
                .iter()
                .take(6)
                .fold(column![].spacing(2), |c, h| {
                    c.push(
                        text(af(
                            locale,
                            A::ConsentLine,
                            &[
                                &date(h.at),
                                channel_name(h.channel, locale),
                                l(if h.granted { A::Given } else { A::Refused }),
                                source_name(&h.source, locale),
                                &h.wording_version,
                            ],
                        ))
                        .size(theme::SMALL)
                        .style(theme::muted),
                    )
                });
            consents = consents.push(lines);
        }
        consents.into()
    }

    fn history_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let currency = self.currency.unwrap_or(Currency::Eur);
        let money = |c: i64| Money::new(c, currency).format(locale);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        // Purchases: each order with its tickets.
        let mut orders: BTreeMap<
            std::cmp::Reverse<(chrono::DateTime<chrono::Utc>, i64)>,
            Vec<&audience::HistoryRow>,
        > = BTreeMap::new();
        for h in &card.history {
            orders
                .entry(std::cmp::Reverse((h.ordered_at, h.order_id)))
                .or_default()
                .push(h);
        }
        let mut history =
            column![text(l(A::History)).size(theme::HEADING).font(theme::BOLD)].spacing(6);
        if orders.is_empty() {
            history = history.push(text(l(A::NoOrder)).style(theme::muted));
        }
        for tickets in orders.values() {
            let first = tickets[0];
            let mut block = column![
                row![
                    text(af(
                        locale,
                        A::OrderLine,
                        &[
                            &first.order_number.to_string(),
                            &date(first.ordered_at),
                            &money(first.order_total),
                        ],
                    ))
                    .font(theme::BOLD)
                    .width(Fill),
                    button(text(l(A::OpenOrder)).size(theme::SMALL))
                        .on_press(Message::OpenOrder(first.order_number))
                        .padding([4, 10])
                        .style(button::secondary),
                ]
                .align_y(Center)
            ]
            .spacing(2);
            for t in tickets {
                let starts = locale.date_time(t.starts_at, zone);
                let state = if !t.valid {
                    l(A::CancelledTicket)
                } else if t.admitted_at.is_some() {
                    l(A::Admitted)
                } else {
                    ""
                };
                block = block.push(
                    text(format!(
                        "n° {} · {} · {} · {} · {} {}",
                        t.ticket_number,
                        t.show,
                        starts,
                        t.tariff,
                        money(t.price),
                        state
                    ))
                    .size(theme::SMALL),
                );
            }
            history = history.push(
                container(block)
                    .padding([6, 10])
                    .width(Fill)
                    .style(theme::card),
            );
        }
        history.into()
    }

    fn contacts_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let (locale, zone) = (look.locale, look.zone);
        let l = |k| a(locale, k);
        let date = |t: chrono::DateTime<chrono::Utc>| locale.date(&t.with_timezone(&zone));
        let kinds: Vec<Choice<String>> = audience::CONTACT_KINDS
            .iter()
            .map(|k| Choice::new((*k).to_owned(), contact_kind(k, locale).to_owned()))
            .collect();
        let kind = chosen(&kinds, self.note_kind.clone());
        let mut contacts = column![
            text(l(A::Contacts)).size(theme::HEADING).font(theme::BOLD),
            row![
                pick_list(kinds, kind, |c| Message::NoteKind(c.value))
                    .padding(8)
                    .width(140),
                text_input(l(A::ContactNote), &self.note)
                    .on_input(Message::Note)
                    .on_submit(Message::AddNote)
                    .padding(8),
                button(text(l(A::AddContact)))
                    .on_press(Message::AddNote)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8),
        ]
        .spacing(6);
        for c in &card.contacts {
            contacts = contacts.push(
                text(format!(
                    "{} · {} · {} : {}",
                    date(c.at),
                    contact_kind(&c.kind, locale),
                    c.operator,
                    c.note
                ))
                .size(theme::SMALL),
            );
        }
        contacts.into()
    }

    /// Their data: exported, erased (a coordinator's acts).
    fn personal_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let locale = look.locale;
        let l = |k| a(locale, k);
        let mut col =
            column![text(l(A::Personal)).size(theme::HEADING).font(theme::BOLD)].spacing(6);
        if let Some(at) = card.row.anonymised_at {
            return col
                .push(
                    text(af(
                        locale,
                        A::ErasedOn,
                        &[&locale.date(&at.with_timezone(&look.zone))],
                    ))
                    .style(theme::muted),
                )
                .into();
        }
        if let Some(into) = card.row.merged_into {
            return col
                .push(text(af(locale, A::MergedInto, &[&into.to_string()])).style(theme::muted))
                .into();
        }
        let may = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::ManagePatrons));
        if !may {
            return col
                .push(text(l(A::OnlyCoordinator)).style(theme::muted))
                .into();
        }
        if self.undo.is_some() {
            col = col.push(
                button(text(l(A::UndoMerge)))
                    .on_press(Message::Merge(merge::Message::Undo))
                    .padding([8, 14])
                    .style(button::secondary),
            );
        }
        col = col.push(if self.erasing {
            Element::from(
                column![
                    text(l(A::EraseExplain)).size(theme::SMALL),
                    row![
                        button(text(l(A::EraseNow)).font(theme::BOLD))
                            .on_press(Message::EraseNow)
                            .padding([8, 14])
                            .style(button::danger),
                        button(text(l(A::EraseKeep)))
                            .on_press(Message::EraseKeep)
                            .padding([8, 14])
                            .style(button::secondary),
                    ]
                    .spacing(8),
                ]
                .spacing(6),
            )
        } else {
            row![
                button(text(l(A::Export)))
                    .on_press(Message::Export)
                    .padding([8, 14])
                    .style(button::secondary),
                button(text(l(A::Erase)))
                    .on_press(Message::Erase)
                    .padding([8, 14])
                    .style(button::secondary),
            ]
            .spacing(8)
            .into()
        });
        col.into()
    }

    fn card_view<'a>(&'a self, card: &'a Card, look: &Look) -> Element<'a, Message> {
        let boxed = |e: Element<'a, Message>| -> Element<'a, Message> {
            container(e)
                .padding(14)
                .width(Fill)
                .style(theme::card)
                .into()
        };
        column![
            boxed(
                row![
                    container(self.who_view(card, look)).width(Fill),
                    container(self.stats_view(card, look)).width(360)
                ]
                .spacing(16)
                .into()
            ),
            boxed(self.consents_view(card, look)),
            boxed(self.history_view(card, look)),
            boxed(self.contacts_view(card, look)),
            boxed(self.personal_view(card, look)),
        ]
        .spacing(10)
        .into()
    }
}

fn stat<'a>(label: &'a str, value: String) -> Element<'a, Message> {
    row![
        text(label)
            .size(theme::SMALL)
            .style(theme::muted)
            .width(150),
        text(value).size(theme::SMALL)
    ]
    .spacing(8)
    .into()
}

fn found_line(p: &Patron, chosen: bool, locale: Locale) -> Element<'_, Message> {
    let mut second: Vec<String> = Vec::new();
    for s in [&p.email, &p.phone, &p.city, &p.organisation] {
        if !s.is_empty() {
            second.push(s.clone());
        }
    }
    let mut body = column![
        row![
            text(p.display_name()).font(theme::BOLD).width(Fill),
            text(af(locale, A::Orders, &[&p.orders.to_string()])).size(theme::SMALL),
        ],
        text(second.join(" · ")).size(theme::SMALL),
    ]
    .spacing(2);
    if !p.needs.is_empty() {
        let needs: Vec<&str> = p.needs.iter().map(|n| need_name(*n, locale)).collect();
        body = body.push(
            text(needs.join(", "))
                .size(theme::SMALL)
                .style(theme::error),
        );
    }
    button(body)
        .on_press(Message::Open(p.id))
        .padding([8, 12])
        .width(Fill)
        .style(theme::choice(chosen))
        .into()
}

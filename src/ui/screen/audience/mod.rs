//! Publics: the patron file. Search as you type on the left (Enter opens
//! the first found); the patron's card on the right: who they are and what
//! they need, their visits, spend and favourite genres, what may be sent
//! to them and why (one click to record an agreement or an objection),
//! every purchase, and the contact log. A new patron, or a card's details,
//! in the same form.

mod analysis;
mod card;
mod form;
mod lists;
mod merge;
mod segment;
mod upkeep;
mod view;

pub use segment::{Message as SegmentMessage, Typed as SegmentField};

pub use analysis::Analysis as AnalysisMessage;
pub use lists::{ListsMessage, ORGANISATION_NAME, OrgField};
pub use merge::Message as MergeMessage;
pub use upkeep::UpkeepMessage;

use iced::Task;
use iced::widget::operation;

use crate::audience::{self, Card, OrganisationRow, Patron};
use crate::domain::Currency;
use crate::domain::patron::{ConsentChannel, Need, PatronDetails};
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::{A, a, af};
use crate::ui::screen::Context;

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
    /// The analyses are shown (the whole width).
    analysing: bool,
    /// The season's analyses, once made (off the window's thread).
    analysis: Option<analysis::Shown>,
    /// Analyses are being made.
    making: bool,
    venue: String,
    /// The organisations and categories are shown.
    listing: bool,
    lists: lists::Lists,
    /// Imports and the retention rule, beside the duplicates.
    upkeep: upkeep::Upkeep,
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
    /// The analyses shown, for the current season.
    Analyses,
    Analysis(analysis::Analysis),
    /// The organisations and categories shown.
    Listing,
    Lists(ListsMessage),
    Upkeep(UpkeepMessage),
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
                    self.venue = v.settings.name.clone();
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
            Message::Listing | Message::Analyses | Message::Segments | Message::Duplicates(_) => {
                return self.switch(message, ctx);
            }
            Message::Lists(m) => return self.lists(m, ctx),
            Message::Analysis(m) => return self.analyse(m, ctx),
            Message::Segment(m) => return self.build(m, ctx),
            Message::OpenOrder(_) => {}
            Message::Upkeep(m) => self.upkeep(m, ctx),
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
                let folder = crate::ui::screen::exports(&t.store);
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

    /// Another of Publics' modes: search (Duplicates(false)), duplicates
    /// and upkeep, segments, organisations, analyses.
    fn switch(&mut self, mode: Message, ctx: &mut Context) -> Task<Message> {
        self.listing = false;
        self.analysing = false;
        self.segmenting = false;
        self.duplicates = None;
        self.preview = None;
        match mode {
            Message::Listing => {
                self.listing = true;
                self.organisations =
                    audience::organisations(&ctx.terminal.store).unwrap_or_default();
            }
            Message::Analyses => {
                self.analysing = true;
                let season = self.analysis.as_ref().map(|a| a.season);
                return self.analyse(analysis::Analysis::Season(season), ctx);
            }
            Message::Segments => {
                self.segmenting = true;
                self.saved =
                    crate::audience::segments::saved(&ctx.terminal.store).unwrap_or_default();
                return self.recount(ctx);
            }
            Message::Duplicates(true) => {
                self.duplicates =
                    Some(audience::duplicates(&ctx.terminal.store).unwrap_or_default());
                self.card = None;
                self.form = None;
                self.upkeep(UpkeepMessage::Files, ctx);
            }
            _ => {}
        }
        Task::none()
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
}

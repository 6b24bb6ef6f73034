//! The segment builder of Publics: conditions ticked and typed, the count
//! of patrons kept live, saved by name, exported as CSV (for a mailing tool
//! on a channel, or a spreadsheet) beside the database.

use iced::widget::{button, checkbox, column, container, pick_list, row, text, text_input};
use iced::{Element, Fill, Task};

use super::{Message as Outer, State};
use crate::audience::segments::{self, Format, Segment};
use crate::domain::Locale;
use crate::domain::locale::parse_date;
use crate::domain::patron::ConsentChannel;
use crate::programming::shows::GENRES;
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::{A, a, af, channel_name};
use crate::ui::i18n::programming::genre_name;
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::{Choice, chosen, labelled};

/// The builder as typed.
#[derive(Clone, Debug, Default)]
pub struct Builder {
    segment: Segment,
    min_visits: String,
    min_spent: String,
    visited_since: String,
    not_since: String,
    postcodes: String,
    name: String,
    count: Option<usize>,
    format: Option<Format>,
    /// The count asked last, and the one shown: the count runs off the
    /// window's thread, one at a time; what was typed while it ran is
    /// counted when it ends.
    asked: u64,
    shown: u64,
    running: bool,
}

/// A text condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typed {
    MinVisits,
    MinSpent,
    VisitedSince,
    NotSince,
    Postcodes,
    Name,
}

#[derive(Clone, Debug)]
pub enum Message {
    Genre(String, bool),
    Category(String, bool),
    Typed(Typed, String),
    Consent(Option<ConsentChannel>),
    Format(Format),
    Load(String),
    Save,
    Export,
    /// The patrons a count (by its number) found.
    Counted(u64, Option<usize>),
}

impl Builder {
    /// The segment as typed: numbers and dates read, postcodes split.
    fn read(&self) -> Segment {
        let mut s = self.segment.clone();
        s.min_visits = self.min_visits.trim().parse().ok();
        s.min_spent = crate::domain::Cents::parse(self.min_spent.trim())
            .ok()
            .map(|c| c.0);
        s.visited_since = parse_date(&self.visited_since);
        s.not_since = parse_date(&self.not_since);
        s.postcodes = self
            .postcodes
            .split([',', ' ', ';'])
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        s
    }
}

impl State {
    pub(super) fn build(&mut self, message: Message, ctx: &mut Context) -> Task<Outer> {
        let locale = ctx.locale;
        let b = &mut self.builder;
        match message {
            Message::Counted(asked, count) => {
                b.running = false;
                if asked == b.asked {
                    b.count = count;
                    b.shown = asked;
                    return Task::none();
                }
                // Typed since: count what is there now.
                b.asked -= 1;
                return self.recount(ctx);
            }
            Message::Genre(g, on) => {
                b.segment.genres.retain(|x| *x != g);
                if on {
                    b.segment.genres.push(g);
                }
            }
            Message::Category(c, on) => {
                b.segment.categories.retain(|x| *x != c);
                if on {
                    b.segment.categories.push(c);
                }
            }
            Message::Typed(field, v) => match field {
                Typed::MinVisits => b.min_visits = v,
                Typed::MinSpent => b.min_spent = v,
                Typed::VisitedSince => b.visited_since = v,
                Typed::NotSince => b.not_since = v,
                Typed::Postcodes => b.postcodes = v,
                Typed::Name => b.name = v,
            },
            Message::Consent(c) => b.segment.consent = c,
            Message::Format(f) => b.format = Some(f),
            Message::Load(name) => {
                if let Ok(s) = segments::named(&ctx.terminal.store, &name) {
                    *b = Builder {
                        min_visits: s.min_visits.map(|n| n.to_string()).unwrap_or_default(),
                        postcodes: s.postcodes.join(", "),
                        name: name.clone(),
                        segment: s,
                        asked: b.asked,
                        ..Builder::default()
                    };
                }
            }
            Message::Save => {
                let Some(by) = ctx.operator else {
                    return Task::none();
                };
                let segment = b.read();
                let name = b.name.clone();
                let now = ctx.now();
                self.said = Some(
                    segments::save(&mut ctx.terminal.store, by, &name, &segment, now)
                        .map(|()| af(locale, A::SegmentSaved, &[&name]))
                        .map_err(|e| audience_error(&e, locale)),
                );
                self.saved = segments::saved(&ctx.terminal.store).unwrap_or_default();
            }
            Message::Export => self.export_segment(ctx),
        }
        self.recount(ctx)
    }

    /// Counts the patrons the segment as typed holds now, on a connection
    /// of its own off the window's thread (a large file takes seconds).
    pub(super) fn recount(&mut self, ctx: &Context) -> Task<Outer> {
        self.builder.asked += 1;
        if self.builder.running {
            return Task::none();
        }
        self.builder.running = true;
        let asked = self.builder.asked;
        let segment = self.builder.read();
        let db = ctx.terminal.store.path().to_path_buf();
        let (now, zone, quebec) = (ctx.now(), ctx.zone, self.quebec);
        Task::perform(
            async move {
                let store = crate::terminal::read_only(&db).ok()?;
                segments::members(&store, &segment, now, zone, quebec)
                    .ok()
                    .map(|m| m.len())
            },
            move |count| Outer::Segment(Message::Counted(asked, count)),
        )
    }

    fn export_segment(&mut self, ctx: &mut Context) {
        let Some(by) = ctx.operator else { return };
        let locale = ctx.locale;
        let segment = self.builder.read();
        let format = self.builder.format.unwrap_or(Format::Sheet);
        let channel = segment.consent.filter(|_| format != Format::Sheet);
        let store = &ctx.terminal.store;
        let done = segments::export(
            store,
            by,
            &segment,
            channel,
            format,
            ctx.now(),
            ctx.zone,
            self.quebec,
        )
        .map_err(|e| audience_error(&e, locale))
        .and_then(|done| {
            if done.written == 0 {
                return Err(af(
                    locale,
                    A::ExportNobody,
                    &[
                        &done.without_consent.to_string(),
                        &done.unreachable.to_string(),
                    ],
                ));
            }
            let folder = crate::ui::screen::exports(store);
            let name: String = crate::domain::patron::fold_words(&self.builder.name).join("-");
            let name = if name.is_empty() {
                "segment".to_owned()
            } else {
                name
            };
            let path = folder.join(format!("{name}.csv"));
            std::fs::create_dir_all(&folder)
                .and_then(|()| std::fs::write(&path, &done.csv))
                .map_err(|e| af(locale, A::NotExported, &[&e.to_string()]))?;
            Ok(af(
                locale,
                A::SegmentExported,
                &[
                    &done.written.to_string(),
                    &path.display().to_string(),
                    &done.without_consent.to_string(),
                    &done.unreachable.to_string(),
                ],
            ))
        });
        self.said = Some(done);
    }

    /// The saved segments, for the list on the left.
    pub(super) fn saved_list(&self, locale: Locale) -> Element<'_, Outer> {
        if self.saved.is_empty() {
            return text(a(locale, A::NoSegment)).style(theme::muted).into();
        }
        self.saved
            .iter()
            .fold(column![].spacing(4), |c, (name, _)| {
                c.push(
                    button(text(name.as_str()).font(theme::BOLD))
                        .on_press(Outer::Segment(Message::Load(name.clone())))
                        .padding([8, 12])
                        .width(Fill)
                        .style(theme::choice(*name == self.builder.name)),
                )
            })
            .into()
    }

    pub(super) fn builder_view(&self, locale: Locale) -> Element<'_, Outer> {
        let l = |k| a(locale, k);
        let b = &self.builder;
        let m = |msg| Outer::Segment(msg);
        let input = |label: A, field: Typed, value: &str, hint: &str| {
            labelled(
                l(label),
                text_input(hint, value)
                    .on_input(move |v| Outer::Segment(Message::Typed(field, v)))
                    .padding(8),
                None,
            )
        };
        let genres = GENRES.iter().fold(row![].spacing(10), |r, g| {
            let g = (*g).to_owned();
            r.push(
                checkbox(b.segment.genres.contains(&g))
                    .label(genre_name(&g, locale))
                    .on_toggle(move |on| Outer::Segment(Message::Genre(g.clone(), on))),
            )
        });
        let categories = self
            .categories
            .iter()
            .fold(row![].spacing(10), |r, (code, name)| {
                let code = code.clone();
                r.push(
                    checkbox(b.segment.categories.contains(&code))
                        .label(name.as_str())
                        .on_toggle(move |on| Outer::Segment(Message::Category(code.clone(), on))),
                )
            });
        let mut consents = vec![Choice::new(None, l(A::AnyConsent).to_owned())];
        consents.extend(
            ConsentChannel::ALL
                .into_iter()
                .map(|c| Choice::new(Some(c), channel_name(c, locale).to_owned())),
        );
        let consent = chosen(&consents, b.segment.consent);
        let formats = vec![
            Choice::new(Format::Sheet, l(A::FormatSheet).to_owned()),
            Choice::new(Format::Brevo, "Brevo".to_owned()),
            Choice::new(Format::Mailchimp, "Mailchimp".to_owned()),
        ];
        let format = chosen(&formats, b.format.unwrap_or(Format::Sheet));
        let count = match b.count {
            _ if b.shown != b.asked => l(A::Counting).to_owned(),
            Some(n) => af(locale, A::SegmentCount, &[&n.to_string()]),
            None => String::new(),
        };
        let body = column![
            row![
                text(l(A::SegmentTitle))
                    .size(theme::HEADING)
                    .font(theme::BOLD)
                    .width(Fill),
                text(count).size(theme::HEADING).font(theme::BOLD),
            ],
            labelled(l(A::SegmentGenres), genres.wrap(), None),
            row![
                input(A::MinVisits, Typed::MinVisits, &b.min_visits, "2"),
                input(A::MinSpent, Typed::MinSpent, &b.min_spent, "50,00"),
                input(
                    A::VisitedSince,
                    Typed::VisitedSince,
                    &b.visited_since,
                    "01/09/2026"
                ),
                input(A::NotSince, Typed::NotSince, &b.not_since, "01/09/2025"),
            ]
            .spacing(10),
            input(A::Postcodes, Typed::Postcodes, &b.postcodes, "69, 38, 01"),
            labelled(l(A::Categories), categories.wrap(), None),
            labelled(
                l(A::MayBeSent),
                pick_list(consents, consent, |c| Outer::Segment(Message::Consent(
                    c.value
                )))
                .padding(8),
                None
            ),
            row![
                input(A::SegmentName, Typed::Name, &b.name, ""),
                button(text(l(A::SaveSegment)))
                    .on_press(m(Message::Save))
                    .padding([10, 14])
                    .style(button::secondary),
            ]
            .spacing(10)
            .align_y(iced::Bottom),
            row![
                pick_list(formats, format, |c| Outer::Segment(Message::Format(
                    c.value
                )))
                .padding(8),
                button(text(l(A::ExportSegment)).font(theme::BOLD))
                    .on_press(m(Message::Export))
                    .padding([10, 14])
                    .style(button::primary),
            ]
            .spacing(10),
            text(l(A::ExportExplain))
                .size(theme::SMALL)
                .style(theme::muted),
        ]
        .spacing(12);
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

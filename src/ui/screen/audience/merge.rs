//! Duplicates in Publics: the likely pairs with their score and why; two
//! of them side by side, each field chosen from one or the other, merged
//! (every order, consent and contact kept) and undone if it was a mistake.

use iced::widget::{button, column, container, row, text};
use iced::{Center, Element, Fill};

use super::{Message as Outer, State};
use crate::audience::{self, Duplicate, Likeness};
use crate::domain::Locale;
use crate::domain::patron::{PatronDetails, Text};
use crate::ui::i18n::audience::error as audience_error;
use crate::ui::i18n::audience::{A, a, af, text_label};
use crate::ui::screen::Context;
use crate::ui::theme;

/// Two duplicates side by side before their merge.
#[derive(Clone, Debug)]
pub struct Preview {
    keep: i64,
    other: i64,
    left: PatronDetails,
    right: PatronDetails,
    chosen: PatronDetails,
}

/// The fields chosen one by one (the others merge by rule: needs and
/// categories together, the birth year and organisation kept or filled).
const PARTS: [Text; 8] = [
    Text::FirstName,
    Text::LastName,
    Text::Email,
    Text::Phone,
    Text::Address,
    Text::Postcode,
    Text::City,
    Text::Notes,
];

#[derive(Clone, Debug)]
pub enum Message {
    /// The pair of the list to compare.
    Compare(i64, i64),
    /// Keep the other one (the one on the right becomes the patron kept).
    Swap,
    /// A field taken from the right (true) or the left.
    Take(Text, bool),
    Merge,
    Undo,
    Close,
}

impl State {
    pub(super) fn merge(&mut self, message: Message, ctx: &mut Context) {
        let locale = ctx.locale;
        match message {
            Message::Compare(keep, other) => self.compare(keep, other, ctx),
            Message::Swap => {
                if let Some(p) = &self.preview {
                    let (keep, other) = (p.other, p.keep);
                    self.compare(keep, other, ctx);
                }
            }
            Message::Take(p, right) => {
                if let Some(preview) = &mut self.preview {
                    let from = if right { &preview.right } else { &preview.left };
                    *p.of_mut(&mut preview.chosen) = p.of(from).clone();
                }
            }
            Message::Close => self.preview = None,
            Message::Merge => {
                let (Some(p), Some(by)) = (self.preview.clone(), ctx.operator) else {
                    return;
                };
                let now = ctx.now();
                let t = &mut *ctx.terminal;
                match audience::merge(&mut t.store, &t.signer, by, p.keep, p.other, &p.chosen, now)
                {
                    Ok(_) => {
                        self.duplicates =
                            Some(audience::duplicates(&ctx.terminal.store).unwrap_or_default());
                        self.patrons = audience::count(&ctx.terminal.store).unwrap_or(self.patrons);
                        self.open(p.keep, ctx);
                        self.said = Some(Ok(a(locale, A::MergedDone).to_owned()));
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
            Message::Undo => {
                let (Some(merge), Some(by), Some(card)) = (
                    self.undo,
                    ctx.operator,
                    self.card.as_ref().map(|c| c.patron.id),
                ) else {
                    return;
                };
                let now = ctx.now();
                let t = &mut *ctx.terminal;
                match audience::unmerge(&mut t.store, &t.signer, by, merge, now) {
                    Ok(()) => {
                        self.patrons = audience::count(&ctx.terminal.store).unwrap_or(self.patrons);
                        if self.duplicates.is_some() {
                            self.duplicates =
                                Some(audience::duplicates(&ctx.terminal.store).unwrap_or_default());
                        }
                        self.open(card, ctx);
                        self.said = Some(Ok(a(locale, A::Unmerged).to_owned()));
                    }
                    Err(e) => self.said = Some(Err(audience_error(&e, locale))),
                }
            }
        }
    }

    fn compare(&mut self, keep: i64, other: i64, ctx: &Context) {
        match audience::merge_preview(&ctx.terminal.store, keep, other) {
            Ok((left, right)) => {
                self.form = None;
                self.said = None;
                self.preview = Some(Preview {
                    keep,
                    other,
                    chosen: audience::merged_details(&left, &right),
                    left,
                    right,
                });
            }
            Err(e) => self.said = Some(Err(audience_error(&e, ctx.locale))),
        }
    }

    pub(super) fn duplicates_list<'a>(
        &'a self,
        pairs: &'a [Duplicate],
        locale: Locale,
    ) -> Element<'a, Outer> {
        if pairs.is_empty() {
            return text(a(locale, A::NoDuplicate)).style(theme::muted).into();
        }
        let chosen = self
            .preview
            .as_ref()
            .map(|p| (p.keep.min(p.other), p.keep.max(p.other)));
        pairs
            .iter()
            .fold(column![].spacing(4), |c, d| {
                let why: Vec<&str> = d.why.iter().map(|w| likeness(*w, locale)).collect();
                let ids = (d.first.id, d.second.id);
                c.push(
                    button(
                        column![
                            row![
                                text(format!(
                                    "{} ↔ {}",
                                    d.first.display_name(),
                                    d.second.display_name()
                                ))
                                .font(theme::BOLD)
                                .width(Fill),
                                text(format!("{} %", d.score)).size(theme::SMALL),
                            ],
                            text(why.join(" · ")).size(theme::SMALL),
                        ]
                        .spacing(2),
                    )
                    .on_press(Outer::Merge(Message::Compare(ids.0, ids.1)))
                    .padding([8, 12])
                    .width(Fill)
                    .style(theme::choice(chosen == Some(ids))),
                )
            })
            .into()
    }

    pub(super) fn preview_view(&self, locale: Locale) -> Element<'_, Outer> {
        let Some(p) = &self.preview else {
            return text("").into();
        };
        let l = |k| a(locale, k);
        let side = |value: &str, chosen: bool, msg: Message| {
            button(
                text(if value.is_empty() {
                    "—".to_owned()
                } else {
                    value.to_owned()
                })
                .size(theme::SMALL),
            )
            .on_press(Outer::Merge(msg))
            .padding([6, 10])
            .width(Fill)
            .style(theme::choice(chosen))
        };
        let mut grid = column![
            row![
                text("").width(170),
                text(af(locale, A::KeptPatron, &[&p.keep.to_string()]))
                    .font(theme::BOLD)
                    .width(Fill),
                text(af(locale, A::OtherPatron, &[&p.other.to_string()]))
                    .font(theme::BOLD)
                    .width(Fill),
            ]
            .spacing(8)
        ]
        .spacing(6);
        for which in PARTS {
            let (left, right, chosen) =
                (which.of(&p.left), which.of(&p.right), which.of(&p.chosen));
            let from_left = chosen == left;
            grid = grid.push(
                row![
                    text(l(text_label(which)))
                        .size(theme::SMALL)
                        .font(theme::BOLD)
                        .width(170),
                    side(left, from_left, Message::Take(which, false)),
                    side(
                        right,
                        !from_left && chosen == right,
                        Message::Take(which, true)
                    ),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        let body = column![
            text(l(A::MergeTitle))
                .size(theme::HEADING)
                .font(theme::BOLD),
            text(l(A::MergeExplain))
                .size(theme::SMALL)
                .style(theme::muted),
            grid,
            row![
                button(text(l(A::MergeNow)).font(theme::BOLD))
                    .on_press(Outer::Merge(Message::Merge))
                    .padding([10, 18])
                    .style(button::primary),
                button(text(l(A::KeepOther)))
                    .on_press(Outer::Merge(Message::Swap))
                    .padding([10, 18])
                    .style(button::secondary),
                button(text(l(A::Cancel)))
                    .on_press(Outer::Merge(Message::Close))
                    .padding([10, 18])
                    .style(button::secondary),
            ]
            .spacing(10),
        ]
        .spacing(12);
        container(body)
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}

fn likeness(w: Likeness, locale: Locale) -> &'static str {
    a(
        locale,
        match w {
            Likeness::SameEmail => A::SameEmail,
            Likeness::SamePhone => A::SamePhone,
            Likeness::SameNameAndPostcode => A::SameName,
        },
    )
}

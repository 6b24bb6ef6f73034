//! The main frame: navigation along the top (Ctrl+1…7), the section in the
//! middle, and the status bar: venue, terminal, operator, clock, outbox.

use chrono::{DateTime, Utc};
use iced::widget::{button, column, container, row, space, text};
use iced::{Center, Element, Fill};

use crate::domain::Locale;
use crate::operators::Operator;
use crate::ui::i18n::{T, t, tf};
use crate::ui::screen::Section;
use crate::ui::screen::login::role_name;
use crate::ui::theme;

/// What the frame shows around a section.
pub struct Frame<'a> {
    pub locale: Locale,
    pub section: Section,
    pub venue: &'a str,
    pub demo: bool,
    pub terminal: &'a str,
    pub operator: &'a Operator,
    pub now: DateTime<Utc>,
    pub zone: chrono_tz::Tz,
    pub outbox: i64,
    /// How the last sending of the outbox went.
    pub sending: Sending,
    /// A day before today with sales, not closed.
    pub left_open: Option<chrono::NaiveDate>,
    /// The terminal is in training mode: every screen says so.
    pub training: bool,
    /// Conflicts waiting in the venue's central database (a terminal
    /// joined to one): the status bar leads to Réglages, where they are
    /// decided.
    pub conflicts: usize,
    /// The last automatic backup failed: the status bar leads to Réglages.
    pub backup_failing: bool,
}

/// How the last sending of the outbox went (the status bar says it while
/// something waits).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sending {
    #[default]
    Fine,
    /// No outgoing server is set.
    NoServer,
    /// The server could not be used (no network, refused).
    Down,
    /// Sending failed on this side (Caisse → Envois says why).
    Failed,
}

pub fn view<'a, M: Clone + 'a>(
    frame: Frame<'a>,
    content: Element<'a, M>,
    navigate: impl Fn(Section) -> M,
    switch_operator: M,
    open_closings: M,
    open_outbox: M,
) -> Element<'a, M> {
    let l = |key| t(frame.locale, key);
    let tabs = Section::ALL.into_iter().fold(row![].spacing(2), |r, s| {
        let label = column![
            text(l(s.label())).size(theme::BODY).font(theme::BOLD),
            text(format!("Ctrl+{}", s.key())).size(11),
        ]
        .align_x(Center);
        r.push(
            button(label)
                .on_press(navigate(s))
                .padding([6, 14])
                .height(theme::TOUCH + 6.0)
                .style(theme::tab(s == frame.section)),
        )
    });
    let mut brand = row![text("Guichet").size(theme::HEADING).font(theme::BOLD)]
        .spacing(10)
        .align_y(Center);
    if frame.demo {
        brand = brand.push(
            container(text(l(T::DemoBadge)).size(11).font(theme::BOLD))
                .padding([2, 6])
                .style(theme::notice),
        );
    }
    let top = container(
        row![
            brand,
            tabs,
            space::horizontal(),
            button(text(l(T::SwitchOperator)).size(theme::SMALL))
                .on_press(switch_operator)
                .padding([10, 12])
                .height(theme::TOUCH)
                .style(button::secondary),
        ]
        .spacing(18)
        .align_y(iced::Bottom),
    )
    .padding(iced::Padding {
        top: 6.0,
        right: 12.0,
        bottom: 0.0,
        left: 16.0,
    })
    .width(Fill)
    .style(theme::bar);
    let local = frame.now.with_timezone(&frame.zone);
    let status = container(
        row![
            text(frame.venue).font(theme::BOLD),
            text("·"),
            text(frame.terminal),
            text("·"),
            text(tf(
                frame.locale,
                T::Operator,
                &[
                    &frame.operator.name,
                    role_name(frame.operator.role, frame.locale)
                ]
            )),
            space::horizontal(),
            backup_failing(&frame, navigate(Section::Settings)),
            conflicts(&frame, navigate(Section::Settings)),
            outbox_count(&frame, open_outbox),
            text("·"),
            text(format!(
                "{} {}",
                frame.locale.date(&local),
                frame.locale.time(&local)
            ))
            .font(theme::BOLD),
        ]
        .spacing(10),
    )
    .padding([6, 16])
    .width(Fill)
    .style(theme::bar);
    let mut page = column![top];
    if frame.training {
        page = page.push(training_band(frame.locale));
    }
    if let Some(day) = frame.left_open {
        page = page.push(
            container(
                row![
                    text(tf(
                        frame.locale,
                        T::DayLeftOpen,
                        &[&frame.locale.short_date(day)]
                    ))
                    .font(theme::BOLD)
                    .width(Fill),
                    button(text(l(T::CloseItNow)))
                        .on_press(open_closings)
                        .padding([6, 14])
                        .style(button::primary),
                ]
                .spacing(12)
                .align_y(Center),
            )
            .padding([6, 16])
            .width(Fill)
            .style(theme::notice),
        );
    }
    page.push(container(content).padding(24).width(Fill).height(Fill))
        .push(status)
        .into()
}

/// Training mode's band, across every screen.
fn training_band<'a, M: 'a>(locale: crate::domain::Locale) -> Element<'a, M> {
    container(
        text(t(locale, T::TrainingBanner))
            .font(theme::BOLD)
            .size(theme::HEADING)
            .width(Fill)
            .align_x(Center),
    )
    .padding([6, 16])
    .width(Fill)
    .style(theme::training)
    .into()
}

/// A failed backup, until one succeeds: a way to Réglages, which says why.
fn backup_failing<'a, M: Clone + 'a>(frame: &Frame<'a>, open: M) -> Element<'a, M> {
    if !frame.backup_failing {
        return space::horizontal().width(0).into();
    }
    button(
        text(t(frame.locale, T::BackupFailing))
            .size(theme::SMALL)
            .font(theme::BOLD),
    )
    .on_press(open)
    .padding([2, 8])
    .style(theme::bar_link(true))
    .into()
}

/// The conflicts waiting centrally, when there are: a way to Réglages.
fn conflicts<'a, M: Clone + 'a>(frame: &Frame<'a>, open: M) -> Element<'a, M> {
    if frame.conflicts == 0 {
        return space::horizontal().width(0).into();
    }
    button(
        text(crate::ui::i18n::central::cf(
            frame.locale,
            crate::ui::i18n::central::C::StatusWaiting,
            &[&frame.conflicts.to_string()],
        ))
        .size(theme::SMALL),
    )
    .on_press(open)
    .padding([2, 8])
    .style(theme::bar_link(true))
    .into()
}

/// "À envoyer : n", saying when the server could not be used; a click opens
/// Caisse → Envois.
fn outbox_count<'a, M: Clone + 'a>(frame: &Frame<'a>, open: M) -> Element<'a, M> {
    use crate::ui::i18n::mail::{M as W, mf};
    let n = frame.outbox.to_string();
    // Nothing waiting: no trouble to tell.
    let sending = if frame.outbox == 0 {
        Sending::Fine
    } else {
        frame.sending
    };
    let said = match sending {
        Sending::Fine => tf(frame.locale, T::Outbox, &[&n]),
        Sending::NoServer => mf(frame.locale, W::StatusNoServer, &[&n]),
        Sending::Down => mf(frame.locale, W::StatusProblem, &[&n]),
        Sending::Failed => mf(frame.locale, W::StatusFailed, &[&n]),
    };
    let trouble = sending != Sending::Fine;
    let label = text(said).font(if trouble { theme::BOLD } else { theme::FONT });
    button(label)
        .on_press(open)
        .padding(0)
        .style(theme::bar_link(trouble))
        .into()
}

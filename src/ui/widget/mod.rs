//! Small pieces shared by the screens (a labelled choice, …), and the seat
//! map a clerk sells from. They draw domain values with iced and the theme;
//! they read nothing and call no job.

pub mod chart;
pub mod seat_map;

use std::fmt;

use iced::widget::{column, text};
use iced::{Element, Fill};

use crate::ui::theme;

/// A label above a field and, when there is one, the error below it.
pub fn labelled<'a, M: 'a>(
    label: &'a str,
    field: impl Into<Element<'a, M>>,
    error: Option<String>,
) -> Element<'a, M> {
    let mut c = column![
        text(label).size(theme::SMALL).font(theme::BOLD),
        field.into()
    ]
    .spacing(4);
    if let Some(e) = error {
        c = c.push(text(e).size(theme::SMALL).style(theme::error));
    }
    c.width(Fill).into()
}

/// A label above a field and, when there is one, an error text below it.
pub fn labelled_text<'a, M: 'a>(
    label: &'a str,
    field: Element<'a, M>,
    error: Option<&'a str>,
) -> Element<'a, M> {
    let mut c = column![text(label).size(theme::SMALL).font(theme::BOLD), field].spacing(4);
    if let Some(e) = error {
        c = c.push(text(e).size(theme::SMALL).style(theme::error));
    }
    c.width(Fill).into()
}

/// A value shown in a pick list under a localized label.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice<V> {
    pub value: V,
    pub label: String,
}

impl<V> Choice<V> {
    pub fn new(value: V, label: String) -> Choice<V> {
        Choice { value, label }
    }
}

impl<V> fmt::Display for Choice<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

/// The entry of `all` holding `value`, for a pick list's selection.
pub fn chosen<V: PartialEq + Clone>(all: &[Choice<V>], value: V) -> Option<Choice<V>> {
    all.iter().find(|c| c.value == value).cloned()
}

/// What an action said: in green when done, in red when refused.
pub fn outcome_line<'a, M: 'a>(
    outcome: &'a Option<Result<String, String>>,
) -> Option<Element<'a, M>> {
    match outcome.as_ref()? {
        Ok(words) => Some(text(words).style(theme::success).into()),
        Err(words) => Some(text(words).style(theme::error).into()),
    }
}

/// Runs `work` on a thread of its own and resolves with its result, holding
/// no worker of the window's runtime meanwhile (network work: a PostgreSQL
/// client, which must not run inside that runtime either). None if the
/// work panicked.
pub async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (done, result) = iced::futures::channel::oneshot::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result.await.ok()
}

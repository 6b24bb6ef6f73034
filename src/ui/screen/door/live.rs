//! Contrôle on a terminal joined to a central database. Online, each
//! admission is asked there first (a ticket that entered through another
//! door is refused at once); the connection is made off the window's
//! thread and made again within a minute of being lost. The door list (the
//! tickets the other terminals sold) is pulled as Contrôle opens and every
//! quarter of an hour, off the window's thread, then kept here signed: the
//! door admits from it when the network is gone. A line says which.

use chrono::{DateTime, Duration, Utc};
use iced::Task;
use iced::widget::text;

use super::{Message, State};
use crate::central::{self, doors};
use crate::ui::i18n::door::{D, d, df};
use crate::ui::screen::Context;
use crate::ui::theme;
use crate::ui::widget::off_thread;

/// The door list is pulled again when older than this.
const LIST_EVERY: Duration = Duration::minutes(15);
/// A lost connection is made again after this.
const CONNECT_EVERY: Duration = Duration::minutes(1);

#[derive(Debug, Default)]
pub struct Live {
    joined: bool,
    asker: Option<doors::Asker>,
    connecting: bool,
    tried: Option<DateTime<Utc>>,
    fetching: bool,
    fetch_tried: Option<DateTime<Utc>>,
    /// The list as last kept: when, and how many tickets of other terminals.
    list: Option<(DateTime<Utc>, usize)>,
    /// The steward asked for the list: the outcome is said.
    asked: bool,
}

impl Live {
    /// Whether admissions are asked centrally now.
    pub fn online(&self) -> bool {
        self.asker.as_ref().is_some_and(doors::Asker::online)
    }

    pub fn asker(&self) -> Option<&doors::Asker> {
        self.asker.as_ref().filter(|a| a.online())
    }

    pub fn joined(&self) -> bool {
        self.joined
    }

    /// The connection came, or could not be made.
    pub fn connected(&mut self, asker: Option<doors::Asker>) {
        self.connecting = false;
        self.asker = asker;
    }
}

impl State {
    /// Read as Contrôle opens, and checked every 15 seconds: connects and
    /// pulls the list when due.
    pub(super) fn live_due(&mut self, ctx: &Context, reread: bool) -> Task<Message> {
        let store = &ctx.terminal.store;
        if reread {
            self.live.joined = matches!(central::joined(store), Ok(Some(_)));
            self.live.list = doors::last_pull(store).ok().flatten();
        }
        if !self.live.joined {
            return Task::none();
        }
        let now = ctx.now();
        let due = |at: Option<DateTime<Utc>>, every| at.is_none_or(|at| now - at >= every);
        let mut tasks = Vec::new();
        if !self.live.online() && !self.live.connecting && due(self.live.tried, CONNECT_EVERY) {
            self.live.connecting = true;
            self.live.tried = Some(now);
            let db = store.path().to_owned();
            tasks.push(Task::perform(
                off_thread(move || doors::Asker::connect_apart(&db)),
                |asker| Message::Connected(asker.flatten()),
            ));
        }
        let list_due = due(self.live.list.map(|(at, _)| at), LIST_EVERY);
        if list_due && due(self.live.fetch_tried, CONNECT_EVERY) {
            tasks.push(self.fetch(ctx));
        }
        Task::batch(tasks)
    }

    /// Pulls the door list for the performances this door admits to.
    pub(super) fn fetch(&mut self, ctx: &Context) -> Task<Message> {
        if self.live.fetching {
            return Task::none();
        }
        self.live.fetching = true;
        self.live.fetch_tried = Some(ctx.now());
        let ids: Vec<i64> = self
            .today
            .iter()
            .chain(&self.upcoming)
            .map(|c| c.id)
            .collect();
        let db = ctx.terminal.store.path().to_owned();
        let locale = ctx.locale;
        Task::perform(
            off_thread(move || doors::fetch_apart(&db, &ids)),
            move |done| {
                Message::Fetched(match done {
                    Some(Ok(list)) => Ok(list),
                    Some(Err(e)) => Err(crate::ui::i18n::central::refusal(locale, &e)),
                    None => Err(String::new()),
                })
            },
        )
    }

    /// The steward asks for the list now (F11).
    pub(super) fn pull_now(&mut self, ctx: &Context) -> Task<Message> {
        self.live.asked = true;
        self.fetch(ctx)
    }

    /// The list came (kept here, signed) or could not.
    pub(super) fn fetched(&mut self, done: Result<doors::Fetched, String>, ctx: &mut Context) {
        self.live.fetching = false;
        let asked = std::mem::take(&mut self.live.asked);
        let (locale, now) = (ctx.locale, ctx.now());
        let kept = match (done, ctx.operator) {
            (Ok(list), Some(by)) => {
                let t = &mut *ctx.terminal;
                doors::keep(&mut t.store, &t.signer, by, list, now)
                    .map_err(|e| crate::ui::i18n::central::refusal(locale, &e))
            }
            (Ok(_), None) => return,
            (Err(e), _) => Err(e),
        };
        match kept {
            Ok(listed) => {
                self.live.list = doors::last_pull(&ctx.terminal.store).ok().flatten();
                if asked {
                    let (n, p) = (listed.tickets.to_string(), listed.performances.to_string());
                    self.notice = Some((true, df(locale, D::ListKept, &[&n, &p])));
                }
            }
            Err(e) if asked => {
                self.notice = Some((false, df(locale, D::ListFailed, &[&e])));
            }
            Err(_) => {}
        }
    }

    /// The line that says how this door checks: live, or from its list.
    pub(super) fn live_view(
        &self,
        look: &crate::ui::screen::Look,
    ) -> Option<iced::Element<'_, Message>> {
        if !self.live.joined {
            return None;
        }
        let locale = look.locale;
        let list = match self.live.list {
            Some((at, n)) => {
                let at = at.with_timezone(&look.zone).format("%H:%M").to_string();
                df(locale, D::ListFrom, &[&at, &n.to_string()])
            }
            None => d(locale, D::NoList).to_owned(),
        };
        let line = match self.live.online() {
            true => text(format!("{} · {list}", d(locale, D::Live))).style(theme::success),
            false => text(format!("{} · {list}", d(locale, D::Offline))).style(theme::error),
        };
        Some(line.size(theme::SMALL).into())
    }
}

//! Programmation: the season as a list or a month, each performance with
//! its fill gauge; the chosen performance's map, prices, holds and
//! settings; forms for shows, performances, series and halls.
//!
//! Keyboard: ↑ ↓ move through the performances, Tab moves between fields,
//! Enter submits a form.

pub mod change;
pub mod detail;
pub mod forms;
mod view;

pub use crate::ui::i18n::programming::status_name;
use crate::ui::i18n::programming::{genre_name, hall_kind_name, tax_name};
pub use crate::ui::i18n::programming_errors::describe;
use view::gauge;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use iced::Task;
use iced::widget::operation;

use crate::domain::locale::{parse_date, parse_time};
use crate::domain::season::local_instant as instant_of;
use crate::programming::halls::Hall;
use crate::programming::pricing::Tariff;
use crate::programming::shows::Show;
use crate::programming::{
    PerformanceLine, ProgrammingError, all_performances, halls, pricing, shows,
};
use crate::ui::screen::Context;

pub use detail::Tab;

/// The season's list of performances (it follows the arrows).
pub const LIST: &str = "programming-list";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    List,
    Month,
}

pub struct State {
    view: View,
    month: NaiveDate,
    search: String,
    lines: Vec<PerformanceLine>,
    shows: Vec<Show>,
    halls: Vec<Hall>,
    tariffs: Vec<Tariff>,
    country: crate::domain::Country,
    selected: Option<i64>,
    /// The tab of the performance last shown, kept while a form is open.
    tab: Tab,
    panel: Panel,
    failure: Option<String>,
    /// A cancellation or a move just queued notices: the app sends them.
    notices: bool,
}

enum Panel {
    Nothing,
    Performance(Box<detail::Detail>),
    Form(Box<forms::Form>),
    /// The chosen performance being cancelled or moved.
    Change(Box<change::Flow>),
}

#[derive(Clone, Debug)]
pub enum Message {
    /// Read the season (entering Programmation, or back in it: the
    /// performance shown is read again too).
    Load,
    View(View),
    Month(i32),
    Search(String),
    Select(i64),
    Up,
    Down,
    New(forms::Kind),
    /// Esc: closes a form, back to the chosen performance.
    Close,
    Detail(detail::Message),
    Form(forms::Message),
    /// F9 / F10: the chosen performance cancelled or moved.
    OpenChange(change::Kind),
    Change(change::Message),
    /// Enter no field took.
    Enter,
}

/// What Programmation asks of the app.
#[derive(Clone, Debug)]
pub enum Event {
    /// Notices to holders were queued: send the outbox now.
    Send,
}

impl Message {
    /// What a key means in Programmation: ↑ ↓ the performance, Esc closes
    /// a form, F4 (a formula) and F5–F8 open one, Alt+1–4 the chosen performance's tabs.
    pub fn from_key(key: &crate::ui::Message) -> Option<Message> {
        use crate::ui::Message as Key;
        use forms::Kind;
        Some(match key {
            Key::Up => Message::Up,
            Key::Down => Message::Down,
            Key::Escape => Message::Close,
            Key::Function(4) => Message::New(Kind::Formula),
            Key::Function(5) => Message::New(Kind::Show),
            Key::Function(6) => Message::New(Kind::Performance),
            Key::Function(7) => Message::New(Kind::Series),
            Key::Function(8) => Message::New(Kind::Hall),
            Key::Function(9) => Message::OpenChange(change::Kind::Cancel),
            Key::Function(10) => Message::OpenChange(change::Kind::Move),
            Key::Enter => Message::Enter,
            Key::Alt(n @ 1..=6) => Message::Detail(detail::Message::Tab(
                [
                    Tab::Plan,
                    Tab::Prices,
                    Tab::Holds,
                    Tab::Settings,
                    Tab::Invitations,
                    Tab::Demand,
                ][n - 1],
            )),
            _ => return None,
        })
    }
}

impl State {
    /// Programmation, empty until the task returned reads the season; the
    /// month view opens on `today`'s month.
    pub fn new(today: NaiveDate) -> (State, Task<Message>) {
        let state = State {
            view: View::List,
            month: today.with_day(1).unwrap_or(today),
            search: String::new(),
            lines: Vec::new(),
            shows: Vec::new(),
            halls: Vec::new(),
            tariffs: Vec::new(),
            country: crate::domain::Country::France,
            selected: None,
            tab: Tab::Plan,
            panel: Panel::Nothing,
            failure: None,
            notices: false,
        };
        (state, Task::done(Message::Load))
    }

    /// Reads the season again (after any change).
    fn reload(&mut self, ctx: &Context) {
        let store = &ctx.terminal.store;
        let read = || -> Result<_, ProgrammingError> {
            Ok((
                all_performances(store)?,
                shows::all(store)?,
                halls::all(store)?,
                pricing::tariffs(store)?,
            ))
        };
        match read() {
            Ok((lines, shows, halls, tariffs)) => {
                if let Ok(Some(venue)) = crate::programming::venue::load(store) {
                    self.country = venue.settings.country;
                }
                self.lines = lines;
                self.shows = shows;
                self.halls = halls;
                self.tariffs = tariffs;
            }
            Err(e) => {
                self.failure = Some(describe(&e, ctx.locale));
            }
        }
    }

    /// Entering Programmation: the season read again, and the performance
    /// shown with it (a form keeps what is typed).
    fn load(&mut self, ctx: &Context) {
        self.reload(ctx);
        if let Panel::Performance(d) = &self.panel {
            let id = d.perf.id;
            if self.lines.iter().any(|l| l.id == id) {
                self.open(ctx, id);
            } else {
                self.selected = None;
                self.panel = Panel::Nothing;
            }
        }
    }

    /// The performances shown: matching the search, from today in the list.
    fn visible(&self, now: DateTime<Utc>) -> Vec<&PerformanceLine> {
        let search = self.search.trim().to_lowercase();
        self.lines
            .iter()
            .filter(|l| {
                search.is_empty()
                    || l.show.to_lowercase().contains(&search)
                    || l.hall.to_lowercase().contains(&search)
            })
            .filter(|l| self.view == View::Month || l.ends_at > now - chrono::Duration::days(1))
            .collect()
    }

    /// Shows a performance, on the tab last shown.
    fn open(&mut self, ctx: &Context, id: i64) {
        self.selected = Some(id);
        let tab = match &self.panel {
            Panel::Performance(d) => d.tab,
            _ => self.tab,
        };
        self.tab = tab;
        if let Some(line) = self.lines.iter().find(|l| l.id == id).cloned() {
            match detail::Detail::load(ctx, &line) {
                Ok(mut d) => {
                    d.show_tab(ctx, tab);
                    self.panel = Panel::Performance(Box::new(d));
                }
                Err(e) => self.failure = Some(describe(&e, ctx.locale)),
            }
        }
    }

    /// Applies a message; the task puts the focus in a form just opened,
    /// or scrolls the list to the performance the arrows chose.
    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        self.failure = None;
        let was_form = matches!(self.panel, Panel::Form(_));
        let was_change = matches!(self.panel, Panel::Change(_));
        let arrow = matches!(message, Message::Up | Message::Down);
        self.apply(message, ctx);
        let task = match &self.panel {
            Panel::Form(f) if !was_form => operation::focus(f.first_field()),
            Panel::Change(f) if !was_change && f.kind == change::Kind::Move => {
                operation::focus(change::DATE)
            }
            Panel::Performance(_) if arrow => self.follow_selection(ctx.now()),
            _ => Task::none(),
        };
        let event = std::mem::take(&mut self.notices).then_some(Event::Send);
        (task, event)
    }

    /// Scrolls the list so the performance chosen with the arrows is in
    /// view. The lines are of one height: at the same fraction of the list
    /// as the line is of the lines, it is always whole on screen.
    fn follow_selection(&self, now: DateTime<Utc>) -> Task<Message> {
        let visible = self.visible(now);
        let Some(at) = visible.iter().position(|l| Some(l.id) == self.selected) else {
            return Task::none();
        };
        let fraction = if visible.len() > 1 {
            at as f32 / (visible.len() - 1) as f32
        } else {
            0.0
        };
        operation::snap_to(
            LIST,
            operation::RelativeOffset {
                x: 0.0,
                y: fraction,
            },
        )
    }

    fn apply(&mut self, message: Message, ctx: &mut Context) {
        match message {
            Message::Load => self.load(ctx),
            Message::View(v) => self.view = v,
            Message::Month(delta) => self.shift_month(delta),
            Message::Search(v) => self.search = v,
            Message::Select(id) => self.open(ctx, id),
            // A form keeps the arrows for itself: moving through the list
            // would throw away what is typed.
            Message::Up | Message::Down if matches!(self.panel, Panel::Form(_)) => {}
            Message::Up | Message::Down if matches!(self.panel, Panel::Change(_)) => {
                self.change(change::Message::Toggle, ctx)
            }
            Message::Enter if matches!(self.panel, Panel::Change(_)) => {
                self.change(change::Message::Confirm, ctx)
            }
            Message::Enter => {}
            Message::OpenChange(kind) => self.open_change(kind, ctx),
            Message::Change(m) => self.change(m, ctx),
            Message::Up => self.step(false, ctx),
            Message::Down => self.step(true, ctx),
            Message::Close => self.close(ctx),
            Message::New(kind) => self.new_form(kind),
            Message::Detail(m) => self.detail(m, ctx),
            Message::Form(m) => self.form(m, ctx),
        }
    }

    /// The month view, `delta` months on (back when negative).
    fn shift_month(&mut self, delta: i32) {
        let shifted = if delta >= 0 {
            self.month
                .checked_add_months(chrono::Months::new(delta as u32))
        } else {
            self.month
                .checked_sub_months(chrono::Months::new(delta.unsigned_abs()))
        };
        self.month = shifted.unwrap_or(self.month);
    }

    /// ↑ ↓: the performance before or after the chosen one among those
    /// shown (the first when none is chosen).
    fn step(&mut self, down: bool, ctx: &Context) {
        let visible: Vec<i64> = self.visible(ctx.now()).iter().map(|l| l.id).collect();
        let at = self
            .selected
            .and_then(|s| visible.iter().position(|v| *v == s));
        let next = match (down, at) {
            (false, Some(i)) => i.saturating_sub(1),
            (true, Some(i)) => (i + 1).min(visible.len().saturating_sub(1)),
            (_, None) => 0,
        };
        if let Some(id) = visible.get(next) {
            self.open(ctx, *id);
        }
    }

    /// Esc: a form (or cancelling or moving) closes, back to the chosen
    /// performance.
    fn close(&mut self, ctx: &Context) {
        if matches!(self.panel, Panel::Form(_) | Panel::Change(_)) {
            match self.selected {
                Some(id) => self.open(ctx, id),
                None => self.panel = Panel::Nothing,
            }
        }
    }

    /// Opens a form in place of the performance, whose tab is kept for
    /// coming back.
    fn show_form(&mut self, form: forms::Form) {
        if let Panel::Performance(d) = &self.panel {
            self.tab = d.tab;
        }
        self.panel = Panel::Form(Box::new(form));
    }

    /// A new form; a performance or a series starts from the chosen
    /// performance's show and hall.
    fn new_form(&mut self, kind: forms::Kind) {
        let line = self
            .selected
            .and_then(|s| self.lines.iter().find(|l| l.id == s));
        let (show, hall) = (line.map(|l| l.show_id), line.map(|l| l.hall_id));
        self.show_form(forms::Form::new(kind, self.selected, show, hall));
    }

    /// A message for the performance shown; the show's and the tariff's
    /// forms open from there.
    fn detail(&mut self, message: detail::Message, ctx: &mut Context) {
        let Panel::Performance(d) = &mut self.panel else {
            return;
        };
        match message {
            detail::Message::EditShow => {
                let show_id = d.perf.show_id;
                if let Some(show) = self.shows.iter().find(|s| s.id == show_id) {
                    let form = forms::Form::edit_show(show);
                    self.show_form(form);
                }
            }
            detail::Message::NewTariff => {
                self.show_form(forms::Form::new(forms::Kind::Tariff, None, None, None))
            }
            detail::Message::Change(kind) => self.open_change(kind, ctx),
            m => match d.update(m, ctx) {
                detail::Outcome::Nothing => {}
                detail::Outcome::Changed => {
                    let (notice, id, seats) = (d.notice.clone(), d.perf.id, d.selection());
                    let invitations = d.take_invitations();
                    self.reload(ctx);
                    self.open(ctx, id);
                    if let Panel::Performance(d) = &mut self.panel {
                        d.notice = notice;
                        d.select(seats);
                        d.give_invitations(invitations);
                    }
                }
                detail::Outcome::Open(id) => {
                    self.reload(ctx);
                    self.open(ctx, id);
                }
            },
        }
    }

    /// Cancelling or moving the chosen performance (a coordinator's: for
    /// anyone else, nothing opens; the job would refuse anyway).
    fn open_change(&mut self, kind: change::Kind, ctx: &Context) {
        let may = ctx
            .operator
            .is_some_and(|o| o.role.may(crate::domain::operator::Act::CancelOrMove));
        let (Panel::Performance(d), true) = (&self.panel, may) else {
            return;
        };
        self.tab = d.tab;
        match change::Flow::open(ctx, kind, d.perf.id) {
            Ok(flow) => self.panel = Panel::Change(Box::new(flow)),
            Err(e) => self.failure = Some(e),
        }
    }

    fn change(&mut self, message: change::Message, ctx: &mut Context) {
        let Panel::Change(f) = &mut self.panel else {
            return;
        };
        match f.update(message, ctx) {
            change::Outcome::Nothing => {}
            change::Outcome::Changed => {
                self.notices = true;
                self.reload(ctx);
            }
            change::Outcome::Close => match self.selected {
                Some(id) => self.open(ctx, id),
                None => self.panel = Panel::Nothing,
            },
            change::Outcome::Open(id) => {
                self.reload(ctx);
                self.open(ctx, id);
            }
        }
    }

    /// A message for the open form; once it made something, the season is
    /// read again and what was made (or the chosen performance) shown.
    fn form(&mut self, message: forms::Message, ctx: &mut Context) {
        let Panel::Form(f) = &mut self.panel else {
            return;
        };
        let Some(made) = f.update(message, ctx) else {
            return;
        };
        self.reload(ctx);
        match made {
            forms::Made::Performances(ids) => {
                if let Some(first) = ids.first() {
                    self.open(ctx, *first);
                }
            }
            forms::Made::Show
            | forms::Made::Hall
            | forms::Made::Tariff
            | forms::Made::Formula(_) => match self.selected {
                Some(id) => self.open(ctx, id),
                None => self.panel = Panel::Nothing,
            },
        }
    }
}

/// A local date and time as typed, to an instant in the venue's zone.
fn local_instant(
    date: &str,
    time: &str,
    zone: chrono_tz::Tz,
) -> Result<DateTime<Utc>, ProgrammingError> {
    let d = parse_date(date).ok_or_else(|| ProgrammingError::NotADate(date.to_owned()))?;
    let t = parse_time(time).ok_or_else(|| ProgrammingError::NotATime(time.to_owned()))?;
    Ok(instant_of(zone, d, t)?)
}

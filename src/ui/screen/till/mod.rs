//! Caisse: the ledger of this terminal, its newest records, its closings
//! (today's Z, a day left open, every closing with its totals), and a
//! check of every hash and signature (run in the background on its own
//! connection).

mod closings;
pub mod drawer;
mod outbox;
pub mod outside;

pub use closings::ClosingMessage;
pub use drawer::DrawerMessage;
pub use outbox::OutboxMessage;
pub use outside::OutsideMessage;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Fill, Task};

use crate::domain::journal::{Problem, Report};
use crate::domain::{Currency, Locale};
use chrono::{DateTime, FixedOffset};

use crate::domain::journal::{Chain, Entry, Kind};
use crate::till::{self, Journal};
use crate::ui::i18n::{T, journal, system, t, tf};
use crate::ui::screen::sections::heading;
use crate::ui::screen::{Context, Look};
use crate::ui::theme;

#[derive(Default)]
pub struct State {
    pub journal: Journal,
    /// The season's newest changes, read when that list is shown.
    changes: Vec<Entry>,
    list: List,
    /// The venue's currency, to show prices.
    currency: Option<Currency>,
    verifying: bool,
    outcome: Option<Result<Report, String>>,
    closings: closings::Closings,
    drawer: drawer::Drawer,
    outbox: outbox::Outbox,
    outside: outside::OutsideSales,
    /// What the last sending of the outbox did.
    sent: Option<String>,
    /// The terminal is in training mode.
    training: bool,
}

/// Which records Caisse lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum List {
    /// Every kind, newest first.
    #[default]
    All,
    /// Changes to the season, with their fields before and after.
    Season,
    /// Today's closing, a day left open, every closing.
    Closings,
    /// The cash drawer: its session, movements and counts.
    Drawer,
    /// What waits to leave (e-mails) and what became of it.
    Outbox,
    /// Orders from the web shop and resellers: imports, mappings, conflicts.
    Outside,
}

/// The most season changes Caisse lists.
const CHANGES_SHOWN: i64 = 200;

#[derive(Clone, Debug)]
pub enum Message {
    /// Read the journal (entering Caisse).
    Load,
    Show(List),
    Verify,
    Verified(Result<Report, String>),
    Closing(ClosingMessage),
    Drawer(DrawerMessage),
    /// Training mode switched on or off (a coordinator's act).
    Training(bool),
    Outbox(OutboxMessage),
    Outside(OutsideMessage),
    /// What the outbox's sending did (the app sends it, off the window's
    /// thread).
    Sent(String),
}

/// What Caisse asks of the app.
#[derive(Clone, Debug)]
pub enum Event {
    /// Send what waits in the outbox now.
    Send,
}

impl State {
    /// Caisse, empty until the task returned reads the journal.
    pub fn new() -> (State, Task<Message>) {
        (State::default(), Task::done(Message::Load))
    }

    pub fn update(
        &mut self,
        message: Message,
        ctx: &mut Context,
    ) -> (Task<Message>, Option<Event>) {
        let task = match message {
            Message::Load => {
                let t = &ctx.terminal;
                self.journal = till::journal(&t.store, &t.signer, 50).unwrap_or_default();
                self.training = till::training::is_on(&t.store, t.signer.terminal_id);
                if let Ok(Some(venue)) = crate::programming::venue::load(&t.store) {
                    self.currency = Some(venue.settings.currency);
                }
                if self.list == List::Season {
                    self.changes =
                        till::season_changes(&t.store, CHANGES_SHOWN).unwrap_or_default();
                }
                if self.list == List::Closings {
                    self.load_closings(ctx);
                }
                if self.list == List::Outbox {
                    self.outbox.load(ctx);
                }
                if self.list == List::Outside {
                    self.outside.load(ctx);
                }
                if self.list == List::Drawer {
                    self.drawer
                        .load(ctx, self.currency.unwrap_or(Currency::Eur));
                }
                Task::none()
            }
            Message::Drawer(m) => {
                self.drawer
                    .update(m, ctx, self.currency.unwrap_or(Currency::Eur));
                // A step signs a record: the count above says so.
                let t = &ctx.terminal;
                self.journal = till::journal(&t.store, &t.signer, 50).unwrap_or_default();
                Task::none()
            }
            Message::Training(on) => {
                if let Some(by) = ctx.operator {
                    let now = ctx.now();
                    let t = &mut *ctx.terminal;
                    if let Err(e) = till::training::switch(&mut t.store, &t.signer, by, on, now) {
                        self.outcome = Some(Err(crate::ui::i18n::till::error(&e, ctx.locale)));
                    }
                }
                Task::done(Message::Load)
            }
            Message::Outbox(m) => {
                if self.outbox.update(m, ctx) {
                    self.sent = Some(
                        crate::ui::i18n::mail::m(ctx.locale, crate::ui::i18n::mail::M::Sending)
                            .to_owned(),
                    );
                    return (Task::none(), Some(Event::Send));
                }
                Task::none()
            }
            Message::Outside(m) => {
                self.outside.update(m, ctx);
                // An import or a decision signs records: the count says so.
                let t = &ctx.terminal;
                self.journal = till::journal(&t.store, &t.signer, 50).unwrap_or_default();
                Task::none()
            }
            Message::Sent(said) => {
                self.sent = Some(said);
                self.outbox.load(ctx);
                Task::none()
            }
            Message::Closing(m) => self.closing(m, ctx),
            Message::Show(list) => {
                self.list = list;
                Task::done(Message::Load)
            }
            Message::Verify if !self.verifying => {
                self.verifying = true;
                self.outcome = None;
                verify_in_background(ctx.terminal.store.path(), ctx.locale)
            }
            Message::Verify => Task::none(),
            Message::Verified(outcome) => {
                self.verifying = false;
                if let (Ok(report), Some(by)) = (&outcome, ctx.operator)
                    && let Some(found) = &report.first_break
                {
                    // The break itself becomes part of the signed history.
                    let now = ctx.now();
                    let t = &mut *ctx.terminal;
                    if let Err(e) = till::record_break(&mut t.store, &t.signer, by, found, now) {
                        eprintln!("guichet: the integrity failure could not be recorded: {e}");
                    }
                }
                self.outcome = Some(outcome);
                Task::none()
            }
        };
        (task, None)
    }

    /// The lists Caisse shows, one button each (Ventes extérieures for
    /// those who may import).
    fn lists(&self, look: &Look) -> Element<'_, Message> {
        use crate::ui::i18n::{imports, mail, till as words};
        let locale = look.locale;
        let choice = |label: &'static str, list| {
            button(text(label).font(theme::BOLD))
                .on_press(Message::Show(list))
                .padding([8, 14])
                .style(theme::choice(self.list == list))
        };
        let may_import = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::Import));
        row![
            choice(t(locale, T::TillLatest), List::All),
            choice(t(locale, T::TillSeasonChanges), List::Season),
            choice(words::c(locale, words::C::List), List::Closings),
            choice(words::d(locale, words::D::List), List::Drawer),
            choice(mail::m(locale, mail::M::List), List::Outbox),
        ]
        .push(may_import.then(|| choice(imports::w(locale, imports::W::List), List::Outside)))
        .spacing(6)
        .into()
    }

    pub fn view(&self, look: &Look) -> Element<'_, Message> {
        let locale = look.locale;
        let l = |key| t(locale, key);
        let verify = button(text(l(T::TillVerify)).font(theme::BOLD))
            .on_press_maybe((!self.verifying).then_some(Message::Verify))
            .padding([12, 20])
            .style(button::primary);
        let outcome: Element<'_, Message> = match &self.outcome {
            _ if self.verifying => text(l(T::TillVerifying)).into(),
            None => text("").into(),
            Some(Ok(report)) => match &report.first_break {
                None => text(tf(locale, T::TillIntact, &[&report.records().to_string()]))
                    .style(theme::success)
                    .font(theme::BOLD)
                    .into(),
                Some(b) => text(tf(
                    locale,
                    T::TillBroken,
                    &[
                        &b.position.to_string(),
                        chain_name(Chain::from_code(&b.chain), locale),
                        &problem(&b.problem, locale),
                    ],
                ))
                .style(theme::error)
                .font(theme::BOLD)
                .into(),
            },
            Some(Err(e)) => text(tf(locale, T::Error, &[e])).style(theme::error).into(),
        };
        let lists = self.lists(look);
        let body = match self.list {
            List::All => self.latest(look),
            List::Season => self.season_changes(look),
            List::Closings => self.closings_view(locale),
            List::Drawer => self
                .drawer
                .view(look, self.currency.unwrap_or(Currency::Eur))
                .map(Message::Drawer),
            List::Outbox => self
                .outbox
                .view(look, self.sent.as_deref())
                .map(Message::Outbox),
            List::Outside => self
                .outside
                .view(look, self.currency.unwrap_or(Currency::Eur))
                .map(Message::Outside),
        };
        // A coordinator switches training mode on and off.
        let may_train = look
            .role
            .is_some_and(|r| r.may(crate::domain::operator::Act::Train));
        let training = may_train.then(|| {
            let (key, on) = if self.training {
                (T::TrainingOff, false)
            } else {
                (T::TrainingOn, true)
            };
            button(text(l(key)))
                .on_press(Message::Training(on))
                .padding([12, 20])
                .style(button::secondary)
        });
        column![
            heading(locale, T::TillTitle, T::TillEmpty),
            text(tf(
                locale,
                T::TillRecords,
                &[&self.journal.records.to_string(), &self.journal.key_id]
            )),
            row![verify, outcome]
                .push(training)
                .spacing(16)
                .align_y(iced::Center),
            lists,
            scrollable(body).height(Fill),
        ]
        .spacing(14)
        .into()
    }

    /// The newest records of every kind, one line each.
    fn latest(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        self.journal
            .latest
            .iter()
            .fold(column![].spacing(2), |c, e| {
                c.push(
                    container(
                        row![
                            text(format!("{} #{}", chain_name(e.chain, locale), e.seq))
                                .width(120)
                                .style(theme::muted),
                            text(local_time(e.at, zone, locale)).width(230),
                            text(match &e.change {
                                Some(change) => format!(
                                    "{} · {}",
                                    journal::title(change, locale),
                                    change.label
                                ),
                                None => kind_name(e, locale),
                            })
                            .width(Fill)
                            .font(theme::BOLD),
                            text(&e.operator).width(220),
                        ]
                        .spacing(12),
                    )
                    .padding([6, 12])
                    .style(theme::card),
                )
            })
            .into()
    }

    /// The season's newest changes: when, who, what, and each field before
    /// and after.
    fn season_changes(&self, look: &Look) -> Element<'_, Message> {
        let (locale, zone) = (look.locale, look.zone);
        if self.changes.is_empty() {
            return text(t(locale, T::TillNoSeasonChange))
                .style(theme::muted)
                .into();
        }
        let shown = journal::Shown {
            locale,
            currency: self.currency.unwrap_or(Currency::Eur),
            zone,
        };
        self.changes
            .iter()
            .filter_map(|e| Some((e, e.change.as_ref()?)))
            .fold(column![].spacing(4), |c, (e, change)| {
                let lines = journal::lines(change, shown)
                    .into_iter()
                    .fold(column![].spacing(2), |c, line| {
                        c.push(text(line).size(theme::SMALL))
                    });
                c.push(
                    container(
                        column![
                            row![
                                text(local_time(e.at, zone, locale)).width(230),
                                text(journal::title(change, locale))
                                    .font(theme::BOLD)
                                    .width(280),
                                text(&change.label).width(Fill),
                                text(&e.operator).width(220),
                            ]
                            .spacing(12),
                            lines.padding(iced::Padding::ZERO.left(242)),
                        ]
                        .spacing(4),
                    )
                    .padding([6, 12])
                    .style(theme::card),
                )
            })
            .into()
    }
}

fn problem(p: &Problem, locale: Locale) -> String {
    match p {
        Problem::Altered(_) => t(locale, T::ProblemAltered).to_owned(),
        Problem::Missing { from, to } if from == to => {
            tf(locale, T::ProblemMissing, &[&from.to_string()])
        }
        Problem::Missing { from, to } => tf(locale, T::ProblemMissing, &[&format!("{from}–{to}")]),
        Problem::Reordered { found } => tf(locale, T::ProblemReordered, &[&found.to_string()]),
        Problem::Unlinked => t(locale, T::ProblemUnlinked).to_owned(),
        Problem::BadSignature => t(locale, T::ProblemSignature).to_owned(),
        Problem::BadGenesis(_) => t(locale, T::ProblemGenesis).to_owned(),
        Problem::KeyChange(_) => t(locale, T::ProblemKeyChange).to_owned(),
        Problem::Disagrees { row, what, .. } => {
            let (row, what) = (
                crate::ui::i18n::row_name(row, locale),
                crate::ui::i18n::field_name(what, locale),
            );
            tf(locale, T::ProblemDisagrees, &[&row, what])
        }
        Problem::NoRecord { row, .. } => tf(
            locale,
            T::ProblemNoRecord,
            &[&crate::ui::i18n::row_name(row, locale)],
        ),
        Problem::NoRow { row, .. } => tf(
            locale,
            T::ProblemNoRow,
            &[&crate::ui::i18n::row_name(row, locale)],
        ),
        Problem::NotEnrolled => t(locale, T::ProblemNotEnrolled).to_owned(),
        Problem::Defence {
            object,
            missing: true,
        } => tf(locale, T::ProblemDefenceMissing, &[object]),
        Problem::Defence { object, .. } => tf(locale, T::ProblemDefenceChanged, &[object]),
        Problem::Truncated { head, found } => tf(
            locale,
            T::ProblemTruncated,
            &[&found.to_string(), &head.to_string()],
        ),
    }
}

/// A record's time in the venue's zone and the operator's words.
fn local_time(at: Option<DateTime<FixedOffset>>, zone: chrono_tz::Tz, locale: Locale) -> String {
    match at {
        Some(t) => {
            let local = t.with_timezone(&zone);
            format!("{} {}", locale.date(&local), local.format("%H:%M:%S"))
        }
        None => "?".to_owned(),
    }
}

/// A chain in the operator's words: the till's real one, or training.
fn chain_name(chain: Option<Chain>, locale: Locale) -> &'static str {
    match chain {
        Some(Chain::Fiscal) => t(locale, T::ChainFiscal),
        Some(Chain::Training) => t(locale, T::ChainTraining),
        None => "?",
    }
}

/// A record's kind in the operator's words (a kind a newer version wrote,
/// as it is).
pub fn kind_name(entry: &Entry, locale: Locale) -> String {
    let Some(kind) = entry.kind else {
        return entry.code.clone();
    };
    let key = match kind {
        Kind::Genesis => T::KindGenesis,
        Kind::Setup => T::KindSetup,
        Kind::DemoLoaded => T::KindDemo,
        Kind::OperatorCreated => T::KindOperatorCreated,
        Kind::OperatorChanged => T::KindOperatorChanged,
        Kind::LogIn => T::KindLogIn,
        Kind::LogOut => T::KindLogOut,
        Kind::Sale => T::KindSale,
        Kind::Cancellation => T::KindCancellation,
        Kind::Reprint => T::KindReprint,
        Kind::IntegrityFailure => T::KindIntegrityFailure,
        Kind::SeasonImported => T::KindSeasonImported,
        Kind::KeyRotated => T::KindKeyRotated,
        Kind::TerminalEnrolled => T::KindTerminalEnrolled,
        Kind::CentralJoined => T::KindCentralJoined,
        Kind::Contingent => T::KindContingent,
        Kind::Invitation => T::KindInvitation,
        Kind::DoorList => T::KindDoorList,
        Kind::Restored => T::KindRestored,
        Kind::Programmed => T::KindProgrammed,
        Kind::PatronFile => T::KindPatronFile,
        Kind::Closing => T::KindClosing,
        Kind::Drawer => T::KindDrawer,
        Kind::Archived => T::KindArchived,
        Kind::TrainingMode => T::KindTrainingMode,
        Kind::OrderImported => T::KindOrderImported,
    };
    t(locale, key).to_owned()
}

/// Checks the journal on a connection of its own, off the window's thread.
fn verify_in_background(db: &std::path::Path, locale: Locale) -> Task<Message> {
    let db = db.to_owned();
    Task::perform(
        async move {
            let store = crate::terminal::read_only(&db).map_err(|e| system::open(&e, locale))?;
            till::verify(&store).map_err(|e| system::store(&e, locale))
        },
        Message::Verified,
    )
}

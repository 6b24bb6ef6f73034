//! « Restaurer une sauvegarde », where the window has no database of its
//! own to work on: on the first run (a new machine, beside the set-up and
//! the demo) and on the screen saying the database is damaged or gone. A
//! folder is looked into (its backups, newest first), a backup checked
//! off the window's thread and what it holds shown (venue, when, last
//! sale, counts) before it is restored. The restore itself is the app's:
//! the database is closed while it runs.

use std::path::{Path, PathBuf};

use iced::widget::{button, column, text, text_input};
use iced::{Element, Fill, Task};

use crate::backup::{self, Made};
use crate::domain::Locale;
use crate::ui::i18n::backups::{self as words, R, r, rf};
use crate::ui::i18n::counter::capitalised;
use crate::ui::theme;
use crate::ui::widget::{labelled, off_thread};

pub const PATH_INPUT: &str = "restore-path";
pub const PASSPHRASE_INPUT: &str = "restore-passphrase";
/// The backups of a folder listed at most (the newest).
const LISTED: usize = 12;

pub struct State {
    path: String,
    /// A new machine: the key comes from the backup, sealed, and its
    /// passphrase is asked.
    key_from_backup: bool,
    looking: bool,
    /// The backups of the folder looked into.
    found: Option<Vec<Made>>,
    /// The backup checked, to be restored.
    chosen: Option<Box<Made>>,
    passphrase: String,
    /// Why the last look or restore failed.
    said: Option<String>,
    /// The restore was refused because the backup is older than the
    /// database: going back to it anyway is offered.
    older_refused: bool,
}

#[derive(Clone, Debug)]
pub enum Looked {
    Folder(Vec<Made>),
    Backup(Box<Made>),
}

#[derive(Clone, Debug)]
pub enum Message {
    Path(String),
    Look,
    Looked(Option<Result<Looked, String>>),
    Choose(usize),
    Passphrase(String),
    Restore,
    RestoreOlder,
    /// Back to the folder of the backup chosen.
    Other,
}

/// A backup to restore, as asked.
#[derive(Clone, Debug)]
pub struct Request {
    pub made: Box<Made>,
    pub passphrase: Option<String>,
    /// Going back to a backup older than the database was asked for.
    pub older: bool,
}

impl State {
    /// The panel for the database at `db`: its backups folder looked into
    /// at once when there is one.
    pub fn new(db: &Path, key_from_backup: bool, locale: Locale) -> (State, Task<Message>) {
        let beside = backup::default_place(db);
        let mut state = State {
            path: String::new(),
            key_from_backup,
            looking: false,
            found: None,
            chosen: None,
            passphrase: String::new(),
            said: None,
            older_refused: false,
        };
        let task = if beside.is_dir() {
            state.path = beside.display().to_string();
            state.look(locale)
        } else {
            Task::none()
        };
        (state, task)
    }

    pub fn update(&mut self, message: Message, locale: Locale) -> (Task<Message>, Option<Request>) {
        match message {
            Message::Path(p) => {
                // Another path: the backup chosen and what was said go.
                self.path = p;
                self.chosen = None;
                self.said = None;
                self.older_refused = false;
            }
            Message::Other => {
                if let Some(folder) = self.chosen.as_ref().and_then(|m| m.file.parent()) {
                    self.path = folder.display().to_string();
                }
                return (self.look(locale), None);
            }
            Message::Look => return (self.look(locale), None),
            Message::Looked(outcome) => {
                self.looking = false;
                match outcome {
                    Some(Ok(Looked::Folder(found))) => self.found = Some(found),
                    Some(Ok(Looked::Backup(made))) => {
                        self.chosen = Some(made);
                        // The passphrase next, from the keyboard.
                        if self.key_from_backup {
                            return (iced::widget::operation::focus(PASSPHRASE_INPUT), None);
                        }
                    }
                    Some(Err(why)) => self.said = Some(why),
                    None => self.said = Some(words::b(locale, words::B::Stopped).to_owned()),
                }
            }
            Message::Choose(i) => {
                if let Some(made) = self.found.as_ref().and_then(|f| f.get(i)) {
                    self.path = made.file.display().to_string();
                    return (self.look(locale), None);
                }
            }
            Message::Passphrase(p) => self.passphrase = p,
            Message::Restore => return (Task::none(), self.request(false)),
            Message::RestoreOlder => return (Task::none(), self.request(true)),
        }
        (Task::none(), None)
    }

    /// Looks into the path typed, off the window's thread: a folder's
    /// backups, or one backup checked whole (its checksum, SQLite's
    /// integrity check).
    fn look(&mut self, locale: Locale) -> Task<Message> {
        let path = PathBuf::from(self.path.trim());
        if path.as_os_str().is_empty() || self.looking {
            return Task::none();
        }
        self.looking = true;
        self.said = None;
        self.older_refused = false;
        self.chosen = None;
        if !path.is_dir() {
            self.found = None;
        }
        Task::perform(
            off_thread(move || {
                if path.is_dir() {
                    let mut found = backup::list(&path);
                    found.truncate(LISTED);
                    return Ok(Looked::Folder(found));
                }
                backup::check(&path)
                    .map(|manifest| {
                        Looked::Backup(Box::new(Made {
                            file: path,
                            manifest,
                        }))
                    })
                    .map_err(|e| words::error(locale, &e))
            }),
            Message::Looked,
        )
    }

    fn request(&mut self, older: bool) -> Option<Request> {
        if !self.ready() || older != self.older_refused {
            return None;
        }
        let made = self.chosen.clone()?;
        let passphrase = std::mem::take(&mut self.passphrase);
        Some(Request {
            made,
            passphrase: (!passphrase.is_empty()).then_some(passphrase),
            older,
        })
    }

    /// A backup is chosen and, when its key comes from it, a passphrase
    /// typed: the restore may be asked.
    fn ready(&self) -> bool {
        self.chosen.is_some() && !(self.key_from_backup && self.passphrase.is_empty())
    }

    /// The restore asked was refused (`why`): the backup stays chosen, and
    /// going back to it anyway is offered when it was older.
    pub fn refused(&mut self, request: Request, why: String, older: bool) -> Task<Message> {
        self.path = request.made.file.display().to_string();
        self.chosen = Some(request.made);
        self.said = Some(why);
        self.older_refused = older;
        if self.key_from_backup {
            iced::widget::operation::focus(PASSPHRASE_INPUT)
        } else {
            Task::none()
        }
    }

    pub fn view(&self, locale: Locale, damaged: bool) -> Element<'_, Message> {
        let l = |key| r(locale, key);
        let hint = self
            .chosen
            .is_none()
            .then(|| text(l(if damaged { R::HintDamaged } else { R::Hint })).style(theme::muted));
        let mut panel = column![text(l(R::Title)).size(theme::HEADING).font(theme::BOLD)]
            .push(hint)
            .push(labelled(
                l(R::Path),
                text_input(l(R::PathHint), &self.path)
                    .id(PATH_INPUT)
                    .on_input(Message::Path)
                    .on_submit(Message::Look)
                    .padding(10),
                None,
            ))
            .push(
                button(text(l(if self.looking { R::Looking } else { R::Look })))
                    .on_press_maybe((!self.looking).then_some(Message::Look))
                    .padding([8, 16])
                    .style(button::secondary),
            )
            .spacing(10);
        if let (Some(found), None) = (&self.found, &self.chosen) {
            panel = panel.push(self.found_view(found, locale));
        }
        if let Some(made) = &self.chosen {
            panel = panel.push(self.chosen_view(made, locale));
        }
        match (&self.said, &self.chosen) {
            (Some(said), None) => panel
                .push(text(capitalised(said)).style(theme::error))
                .into(),
            _ => panel.into(),
        }
    }

    fn found_view<'a>(&self, found: &'a [Made], locale: Locale) -> Element<'a, Message> {
        if found.is_empty() {
            return text(r(locale, R::NoneHere)).style(theme::muted).into();
        }
        let mut terminals: Vec<&str> = found.iter().map(|m| m.manifest.terminal.as_str()).collect();
        terminals.sort_unstable();
        terminals.dedup();
        let heading = column![text(r(locale, R::Found)).size(theme::SMALL)].push(
            (terminals.len() > 1).then(|| {
                text(r(locale, R::Terminals))
                    .size(theme::SMALL)
                    .style(theme::error)
            }),
        );
        found
            .iter()
            .enumerate()
            .fold(heading.spacing(6), |list, (i, made)| {
                let h = &made.manifest.holds;
                let label = format!(
                    "{} — {} — {} — {}",
                    h.venue,
                    rf(
                        locale,
                        R::Terminal,
                        &[&backup::terminal_tag(&made.manifest.terminal)]
                    ),
                    locale.in_words(made.manifest.made_at, zone_of(made)),
                    words::counts(locale, h)
                );
                list.push(
                    button(text(label).size(theme::SMALL))
                        .on_press(Message::Choose(i))
                        .width(Fill)
                        .padding([6, 10])
                        .style(button::secondary),
                )
            })
            .into()
    }

    /// What the backup chosen holds, and how to restore it: compact, so
    /// that the passphrase, a refusal and the button stay on the screen.
    fn chosen_view<'a>(&'a self, made: &'a Made, locale: Locale) -> Element<'a, Message> {
        let l = |key| r(locale, key);
        let (m, zone) = (&made.manifest, zone_of(made));
        let h = &m.holds;
        let last_sale = h
            .last_sale_at
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map_or(l(R::NoSale).to_owned(), |at| {
                rf(locale, R::LastSale, &[&locale.date_time(at, zone)])
            });
        let counts = words::counts(locale, h);
        let mut shown = column![
            text(format!(
                "{} — {}",
                h.venue,
                rf(locale, R::Terminal, &[&backup::terminal_tag(&m.terminal)])
            ))
            .font(theme::BOLD),
            text(format!(
                "{} · {last_sale}",
                rf(locale, R::Made, &[&locale.date_time(m.made_at, zone)])
            ))
            .size(theme::SMALL),
            text(counts).size(theme::SMALL),
        ]
        .spacing(4);
        shown = if m.ledger == "intact" {
            shown.push(text(l(R::Checked)).size(theme::SMALL).style(theme::muted))
        } else {
            shown.push(text(rf(locale, R::Broken, &[&m.ledger])).style(theme::error))
        };
        if self.key_from_backup && m.key.is_none() {
            return shown.push(text(l(R::NoKeyIn)).style(theme::error)).into();
        }
        if self.key_from_backup {
            shown = shown.push(
                text_input(l(R::Passphrase), &self.passphrase)
                    .id(PASSPHRASE_INPUT)
                    .secure(true)
                    .on_input(Message::Passphrase)
                    .on_submit(Message::Restore)
                    .padding(10),
            );
        }
        if let Some(said) = &self.said {
            shown = shown.push(text(capitalised(said)).style(theme::error));
        }
        let ready = self.ready();
        let go = if self.older_refused {
            button(text(l(R::Older)).font(theme::BOLD))
                .on_press_maybe(ready.then_some(Message::RestoreOlder))
                .style(button::danger)
        } else {
            button(text(l(R::Restore)).font(theme::BOLD))
                .on_press_maybe(ready.then_some(Message::Restore))
                .style(button::primary)
        };
        shown
            .push(go.padding([10, 16]).width(Fill))
            .push(
                button(text(l(R::Other)).size(theme::SMALL))
                    .on_press(Message::Other)
                    .padding([4, 10])
                    .style(button::text),
            )
            .spacing(8)
            .into()
    }
}

/// The time zone a backup's dates are shown in: its venue's (UTC for a
/// backup made before it was kept).
pub fn zone_of(made: &Made) -> chrono_tz::Tz {
    made.manifest
        .holds
        .time_zone
        .parse()
        .unwrap_or(chrono_tz::UTC)
}

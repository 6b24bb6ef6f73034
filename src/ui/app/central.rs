//! The venue's central database seen from the window, once this terminal
//! joined one: its ledger pushed every minute (the chain is its outbox),
//! and the conflicts waiting counted for the status bar; a conflict the
//! central database announces (LISTEN guichet_conflict) is counted at once,
//! and Réglages, when shown, reads the list again. All of it off the
//! window's thread, on connections of its own.

use std::path::PathBuf;

use iced::futures::{SinkExt, Stream, StreamExt};

use super::*;
use crate::central::contingents::{self, There};
use crate::central::{conflicts, giving_back, push};
use crate::ui::i18n::central as words;
use crate::ui::screen::central as central_card;

/// How often the ledger is pushed while joined.
pub(super) const PUSH_MINUTES: u32 = 1;

/// What a minute's push heard back: the conflicts waiting, what this
/// terminal holds there, and the season when a newer one was published.
pub(super) type Heard = (usize, There, Option<(i64, String)>);

/// Where the window's central work stands.
#[derive(Debug, Default)]
pub(super) struct Central {
    /// This terminal has joined a central database.
    pub joined: bool,
    pub pushing: bool,
    /// A push ended since the window opened (the first goes at once).
    pub heard: bool,
    /// Conflicts waiting, as last heard (kept while offline).
    pub waiting: usize,
}

impl Open {
    /// Pushes the ledger, unless a push is under way or the terminal works
    /// alone; the conflicts waiting are counted after it.
    pub(super) fn push_central(&mut self) -> Task<Message> {
        if self.central.pushing || !self.central.joined {
            return Task::none();
        }
        self.central.pushing = true;
        let db = self.terminal.store.path().to_owned();
        let terminal = self.terminal.signer.terminal_id;
        let locale = self.locale;
        let now = self.terminal.now();
        Task::perform(
            crate::ui::widget::off_thread(move || {
                let (_, waiting) = push::apart(&db, terminal)?;
                let there = contingents::held_apart(&db, now)?;
                let season = crate::central::season::newer_apart(&db)?;
                Ok::<_, crate::central::CentralError>((waiting, there, season))
            }),
            move |done| {
                Message::CentralPushed(match done {
                    Some(Ok(heard)) => Ok(heard),
                    Some(Err(e)) => Err(words::refusal(locale, &e)),
                    None => Err(words::c(locale, words::C::Stopped).to_owned()),
                })
            },
        )
    }

    /// A push ended: the count of the status bar (offline, the last known
    /// stays; nothing is lost, the next push sends it).
    pub(super) fn central_pushed(&mut self, outcome: Result<Heard, String>) -> Task<Message> {
        self.central.pushing = false;
        self.central.heard = true;
        let Ok((waiting, there, season)) = outcome else {
            return Task::none();
        };
        self.central.waiting = waiting;
        // A season published since reaches this terminal: what is new is
        // added, what moved or was cancelled there follows here.
        let pulled = season.map(|season| self.season_pulled(&season));
        // What this terminal holds follows the central side (a reclaim is
        // heard within the minute), signed as whoever is logged in.
        let Screen::Desk(desk) = &self.screen else {
            return Task::none();
        };
        let (by, now) = (desk.operator.clone(), self.terminal.now());
        let selling = desk.section == Section::Sell;
        let t = &mut self.terminal;
        let followed = contingents::follow(&mut t.store, &t.signer, &by, &there, "synced", now);
        if let Err(e) = &followed {
            eprintln!("guichet: what the central database lends could not be recorded: {e}");
        }
        // The central database just answered: what is due goes back now
        // (its day closed, or a performance near). Nothing due: no network.
        let given = giving_back::give_back_due(&mut t.store, &t.signer, &by, now);
        if let Err(e) = &given {
            eprintln!("guichet: what is due could not be given back yet: {e}");
        }
        let changed = |c: &Result<contingents::Changed, _>| {
            c.as_ref().is_ok_and(|c| !c.performances.is_empty())
        };
        match selling && (changed(&followed) || changed(&given) || pulled == Some(true)) {
            true => self.route(Message::Sell(sell::Message::Load)),
            false => Task::none(),
        }
    }

    /// A newer season pulled, as the terminal: whether it landed.
    fn season_pulled(&mut self, season: &(i64, String)) -> bool {
        let t = &mut self.terminal;
        let now = t.now();
        let landed = crate::operators::system(&t.store)
            .map_err(crate::central::CentralError::from)
            .and_then(|system| {
                crate::central::season::apply(&mut t.store, &t.signer, &system, season, now)
            });
        if let Err(e) = &landed {
            eprintln!("guichet: the season published centrally could not be pulled: {e}");
        }
        landed.is_ok()
    }

    /// A conflict was announced: counted, and read again where it is shown.
    pub(super) fn conflict_announced(&mut self) -> Task<Message> {
        let count = self.push_central();
        let shown = matches!(&self.screen, Screen::Desk(d) if d.section == Section::Settings);
        if !shown {
            return count;
        }
        let read = self.route(Message::Settings(settings::Message::Central(
            central_card::Message::ReadConflicts,
        )));
        Task::batch([count, read])
    }
}

/// The announcements of new conflicts for the terminal whose database is
/// `db`: a PostgreSQL client listening on a thread of its own (connecting
/// again a minute after the network went), each announcement a message.
// `Subscription::run_with` hands the builder a reference to its data.
#[allow(clippy::ptr_arg)]
pub(super) fn announcements(db: &PathBuf) -> impl Stream<Item = Message> + use<> {
    let db = db.clone();
    iced::stream::channel(8, async move |mut output| {
        let (heard, mut hear) = iced::futures::channel::mpsc::unbounded::<()>();
        std::thread::spawn(move || {
            loop {
                let _ = conflicts::listen(&db, &mut || heard.unbounded_send(()).is_ok());
                if heard.is_closed() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
        });
        while hear.next().await.is_some() {
            if output.send(Message::ConflictAnnounced).await.is_err() {
                return;
            }
        }
    })
}

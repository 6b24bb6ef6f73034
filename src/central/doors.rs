//! The doors and the central database. Before the evening a door pulls its
//! list (the tickets the other terminals pushed for the performances it
//! admits to, and the keys that sign their codes) and admits from it
//! offline, a signed `door_list` record holding the list's digest. Every
//! scan goes up (`push_scans`, after the last one sent: pushing twice
//! stores nothing new); the central side keeps the first admission of each
//! ticket and makes a second one through another door a `duplicate_entry`
//! conflict. Online, a door asks before it admits (`ask`): the first
//! admission there is the one that counts.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::CentralError;
use crate::domain::journal::Chain;
use crate::domain::operator::Act;
use crate::domain::records::{self, Record};
use crate::door::{Asked, Central};
use crate::ledger::{self, Signer};
use crate::operators::Operator;
use crate::store::central::Admitted;
use crate::store::door_list::{ListedKey, ListedTicket};
use crate::store::{self, Store};

/// Scans sent in one transaction.
pub const BATCH: i64 = 2_000;
/// A door list is for at most this many performances (an evening's).
pub const MAX_PERFORMANCES: usize = 50;

/// What a pull brought.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Listed {
    pub performances: usize,
    pub tickets: usize,
    pub keys: usize,
    /// Of those tickets, already admitted through another door.
    pub entered: usize,
}

/// A door list as the central database gave it, not kept yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The performances' public ids.
    pub performances: Vec<String>,
    pub keys: Vec<ListedKey>,
    pub tickets: Vec<ListedTicket>,
}

/// Pulls the door list for these performances (this terminal's ids) and
/// keeps it, signed, in place of the one before.
pub fn pull(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    performances: &[i64],
    now: DateTime<Utc>,
) -> Result<Listed, CentralError> {
    may_scan(by)?;
    let fetched = fetch(store, performances)?;
    keep(store, signer, by, fetched, now)
}

/// The door list for the terminal whose database is `db`, fetched on a
/// connection of its own, for [`keep`] to keep. It blocks on the network:
/// the window runs it on a thread of its own (`ui::widget::off_thread`).
pub fn fetch_apart(db: &std::path::Path, performances: &[i64]) -> Result<Fetched, CentralError> {
    fetch(&super::open_apart(db)?, performances)
}

fn fetch(store: &Store, performances: &[i64]) -> Result<Fetched, CentralError> {
    if performances.len() > MAX_PERFORMANCES {
        return Err(CentralError::TooManyPerformances(MAX_PERFORMANCES));
    }
    let public_ids = store.read(|tx| {
        performances
            .iter()
            .map(|&id| {
                store::performances::by_id(tx, id).map(|p| {
                    p.map(|p| p.public_id)
                        .ok_or(CentralError::NoPerformance(id))
                })
            })
            .collect::<Result<Result<Vec<String>, _>, _>>()
    })??;
    // This database's own terminals' tickets are here already.
    let own: Vec<String> = store
        .read(store::terminals::all)?
        .into_iter()
        .map(|t| t.public_id)
        .collect();
    let mut client = super::connect_terminal(store)?;
    let keys = trusted_keys(&mut client, &own)?;
    let mut tickets = store::central::door_list(&mut client, &public_ids)?;
    tickets.retain(|t| !own.contains(&t.terminal));
    tickets.sort_by(|a, b| a.public_id.cmp(&b.public_id));
    Ok(Fetched {
        performances: public_ids,
        keys,
        tickets,
    })
}

/// The keys that sign the other terminals' tickets: each one's enrolled
/// key, and those its chain hands over to, each checked signed by the key
/// before (`central::verify::handed_over`). A key id names one key only:
/// one claimed by two terminals is believed for neither.
fn trusted_keys(
    client: &mut postgres::Client,
    own: &[String],
) -> Result<Vec<ListedKey>, CentralError> {
    let rotations = store::central::key_rotations(client)?;
    let mut keys: Vec<ListedKey> = Vec::new();
    for (terminal, name, enrolled) in store::central::enrolled_keys(client)? {
        if own.contains(&terminal) {
            continue;
        }
        let chain: Vec<_> = rotations
            .iter()
            .filter(|(t, _)| *t == terminal)
            .map(|(_, row)| row.clone())
            .collect();
        let handed = super::verify::handed_over(&enrolled, &terminal, &chain);
        let enrolled: Option<[u8; 32]> = enrolled.as_slice().try_into().ok();
        for key in enrolled.into_iter().chain(handed) {
            keys.push(ListedKey {
                key_id: ledger::keys::key_id(&key),
                terminal: terminal.clone(),
                name: name.clone(),
                public_key: key.to_vec(),
            });
        }
    }
    keys.sort_by(|a, b| a.key_id.cmp(&b.key_id));
    let claimed_twice: Vec<String> = keys
        .windows(2)
        .filter(|w| w[0].key_id == w[1].key_id && w[0].terminal != w[1].terminal)
        .map(|w| w[0].key_id.clone())
        .collect();
    keys.retain(|k| !claimed_twice.contains(&k.key_id));
    keys.dedup_by(|a, b| a.key_id == b.key_id);
    Ok(keys)
}

/// Keeps a fetched door list in place of the one before, with the signed
/// record of its digest.
pub fn keep(
    store: &mut Store,
    signer: &Signer,
    by: &Operator,
    fetched: Fetched,
    now: DateTime<Utc>,
) -> Result<Listed, CentralError> {
    may_scan(by)?;
    let listed = Listed {
        performances: fetched.performances.len(),
        tickets: fetched.tickets.len(),
        keys: fetched.keys.len(),
        entered: fetched
            .tickets
            .iter()
            .filter(|t| t.entered.is_some())
            .count(),
    };
    ledger::write(store, signer, |tx| -> Result<(), CentralError> {
        store::door_list::replace(tx, &fetched.keys, &fetched.tickets)?;
        // Read back as kept: the digest is over the rows `verify` reads.
        let (keys, tickets) = store::door_list::all(tx)?;
        let record = Record::DoorList(records::DoorList {
            performances: fetched.performances.clone(),
            keys: keys.len(),
            tickets: tickets.len(),
            digest: ledger::door_list::digest(&keys, &tickets),
        });
        ledger::append(tx, signer, Chain::Fiscal, &by.actor(), &record, now)?;
        Ok(())
    })?;
    Ok(listed)
}

fn may_scan(by: &Operator) -> Result<(), CentralError> {
    match by.role.may(Act::Scan) {
        true => Ok(()),
        false => Err(CentralError::NotAllowed(Act::Scan)),
    }
}

/// When this terminal last pulled its door list, and how many tickets it
/// holds of other terminals.
pub fn last_pull(store: &Store) -> Result<Option<(DateTime<Utc>, usize)>, CentralError> {
    Ok(store.read(|tx| {
        let terminals = store::terminals::all(tx)?;
        let Some((_, row)) = ledger::door_list::newest(tx, &terminals)? else {
            return Ok::<_, store::StoreError>(None);
        };
        let tickets = serde_json::from_str::<serde_json::Value>(&row.body)
            .ok()
            .and_then(|b| b["data"]["tickets"].as_u64())
            .unwrap_or(0);
        Ok(Some((store::instant_ms(row.recorded), tickets as usize)))
    })?)
}

/// What a push of scans did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScansPushed {
    pub stored: i64,
    pub already: i64,
    pub transactions: usize,
}

/// Sends every scan recorded here after the last one sent. The mark moves
/// only once a batch is committed there: a push cut anywhere sends that
/// batch again, and the central side keeps each scan once.
pub fn push_scans(store: &mut Store) -> Result<ScansPushed, CentralError> {
    let mut client = super::connect_terminal(store)?;
    let mut done = ScansPushed::default();
    loop {
        let after = store.read(|tx| store::settings::get(tx, store::settings::SCANS_PUSHED))?;
        let after = after.and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        let scans = store.read(|tx| store::door_list::scans_after(tx, after, BATCH))?;
        let Some(last) = scans.last().map(|s| s.row) else {
            break;
        };
        let body = serde_json::Value::Array(
            scans
                .iter()
                .map(|s| {
                    json!({
                        "id": s.public_id, "door": s.door, "ticket": s.ticket,
                        "outcome": s.outcome, "reentry": s.reentry, "manual": s.manual,
                        "undoes": s.undoes, "at": s.at,
                    })
                })
                .collect(),
        );
        let mut tx = client.transaction()?;
        let (stored, already) = store::central::push_scans(&mut tx, &body.to_string())?;
        tx.commit()?;
        store.write(|tx| {
            store::settings::set(tx, store::settings::SCANS_PUSHED, &last.to_string())
        })?;
        done.stored += stored;
        done.already += already;
        done.transactions += 1;
        if (scans.len() as i64) < BATCH {
            break;
        }
    }
    Ok(done)
}

/// A door waits this long for the central database before it judges alone:
/// the queue at the door does not wait on a dead network.
pub const ASK_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// The connection a door online keeps to ask before admitting: none when
/// this terminal has not joined or the central database does not answer
/// within [`ASK_WITHIN`] (the door judges alone). No statement runs longer
/// than that there, and data unacknowledged that long closes it.
pub fn asking(store: &Store) -> Option<postgres::Client> {
    super::joined(store).ok().flatten()?;
    super::connect_terminal_within(store, ASK_WITHIN).ok()
}

/// Asks the central database about an admission: stored there (the
/// first), cancelled there, or where the ticket entered first. No answer
/// (offline) leaves the door to judge alone.
pub fn ask(client: &mut postgres::Client, asked: &Asked) -> Central {
    ask_on(client, asked).unwrap_or(Central::Unanswered)
}

fn ask_on(client: &mut postgres::Client, asked: &Asked) -> Result<Central, postgres::Error> {
    let scan = json!({
        "id": asked.scan_id, "door": asked.door, "ticket": asked.ticket,
        "outcome": "admitted", "manual": asked.manual, "reentry": asked.reentry,
        "at": asked.at.timestamp(),
    });
    Ok(match store::central::admit(client, &scan.to_string())? {
        Admitted::Stored => Central::Stored,
        Admitted::Cancelled => Central::Cancelled,
        Admitted::Before { door, terminal, at } => Central::EnteredAt {
            // A door named after its terminal is said once.
            door: match door == terminal {
                true => door,
                false => format!("{door} ({terminal})"),
            },
            at: store::instant(at),
        },
    })
}

/// The window's door's connection for asking, shared with its background
/// work: made off the window's thread ([`Asker::connect_apart`]). Each
/// question runs on a thread of its own (the sync client must not run
/// inside the window's runtime) and is waited for [`ASK_WITHIN`] at most;
/// a connection that failed or was late is dropped (the door judges alone
/// until the window connects again).
#[derive(Clone, Default)]
pub struct Asker(std::sync::Arc<std::sync::Mutex<Option<postgres::Client>>>);

impl std::fmt::Debug for Asker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Asker(online: {})", self.online())
    }
}

impl Asker {
    /// Connects for the terminal whose database is `db`; it blocks (up to
    /// [`ASK_WITHIN`]).
    pub fn connect_apart(db: &std::path::Path) -> Option<Asker> {
        let client = asking(&super::open_apart(db).ok()?)?;
        Some(Asker(std::sync::Arc::new(std::sync::Mutex::new(Some(
            client,
        )))))
    }

    /// Whether it still has a connection that answered.
    pub fn online(&self) -> bool {
        self.0.try_lock().map(|c| c.is_some()).unwrap_or(false)
    }

    pub fn ask(&self, asked: &Asked) -> Central {
        let (said, answer) = std::sync::mpsc::channel();
        let kept = self.0.clone();
        let asked = OwnedAsk::from(asked);
        // The question goes on a thread of its own; a question still
        // running (a link gone quiet) holds the connection: no answer.
        std::thread::spawn(move || {
            let Ok(mut kept) = kept.try_lock() else {
                return;
            };
            let Some(client) = kept.as_mut() else { return };
            let central = ask_on(client, &asked.borrowed());
            if central.is_err() {
                *kept = None;
            }
            let _ = said.send(central);
        });
        match answer.recv_timeout(ASK_WITHIN + std::time::Duration::from_millis(500)) {
            Ok(Ok(central)) => central,
            _ => Central::Unanswered,
        }
    }
}

/// A question owned by the thread that asks it.
struct OwnedAsk {
    scan_id: String,
    ticket: String,
    door: String,
    manual: bool,
    reentry: bool,
    at: DateTime<Utc>,
}

impl OwnedAsk {
    fn from(a: &Asked) -> OwnedAsk {
        OwnedAsk {
            scan_id: a.scan_id.to_owned(),
            ticket: a.ticket.to_owned(),
            door: a.door.to_owned(),
            manual: a.manual,
            reentry: a.reentry,
            at: a.at,
        }
    }

    fn borrowed(&self) -> Asked<'_> {
        Asked {
            scan_id: &self.scan_id,
            ticket: &self.ticket,
            door: &self.door,
            manual: self.manual,
            reentry: self.reentry,
            at: self.at,
        }
    }
}

//! `guichet central …`: the venue's central database (PostgreSQL) — made
//! (`init`, with its owner's login), this terminal enrolled (`join`, with
//! an administrator's login there and PIN here), its chains pushed
//! (`push`), every chain verified centrally (`verify`, an administrator's
//! login). A login's password is in its URL or in
//! GUICHET_CENTRAL_PASSWORD, never on the command line's other words.

use clap::Subcommand;

use super::{Failure, Run};
use guichet::central::{self, CentralError, TerminalKind};
use guichet::terminal;

#[derive(Subcommand)]
pub enum CentralCommand {
    /// Create the central schema and the terminals' groups (or bring them
    /// to this program's version; twice changes nothing), with a login
    /// that may create roles: the database's owner
    Init {
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
    },
    /// Enrol this terminal (an administrator's --operator here, and their
    /// login there in --url): its own login is made, its password kept
    /// beside the database, its enrolment signed in its ledger, and the
    /// season published centrally imported
    Join {
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
        /// counter, door, web or admin
        #[arg(long, default_value = "counter", value_parser = parse_kind)]
        kind: TerminalKind,
    },
    /// Push this terminal's chains (what the central side lacks; twice
    /// changes nothing). Exit 1 when a fork or a gap was found
    Push {
        #[arg(long)]
        json: bool,
    },
    /// Check every terminal's chains and signatures centrally (an
    /// administrator's login in --url). Exit 1 when one does not hold
    Verify {
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
        #[arg(long)]
        json: bool,
    },
    /// Publish this terminal's season for every terminal (a
    /// coordinator's --operator)
    Publish,
    /// Import the season published centrally (what this terminal lacks)
    Pull,
    /// The conflicts found centrally (forks, gaps…), those waiting first
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Decide a conflict (a coordinator's --operator) by an --action among
    /// those it allows (refund, move, accept_reentry, retire: an
    /// administrator's terminal, acknowledge); --note says what was done
    /// (needed for a refund or a move); who decided is recorded with it
    Decide {
        id: i64,
        #[arg(long)]
        action: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Retire a lost or stolen terminal (an administrator's --operator
    /// here and login in --url): its login is closed at once
    Retire {
        /// The terminal's number in the central database
        terminal: i64,
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
    },
    /// Push a retired terminal's chains, found again, from its database
    /// file (an administrator's --operator here and login in --url): what
    /// it sold offline on seats reclaimed from it becomes conflicts
    Recover {
        /// The found terminal's database file
        from: std::path::PathBuf,
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
    },
    /// Borrow a lot of a performance's places from the central pool (the
    /// best seats first), or the seats named with --seat (those still in
    /// the pool): this terminal sells offline only what it holds. A
    /// timed entry performance is lent slot by slot (--slot)
    Lend {
        /// The performance's number here
        performance: i64,
        #[arg(long, default_value_t = 0)]
        seats: u32,
        #[arg(long, default_value_t = 0)]
        places: u32,
        /// A seat as tickets name it: "Orchestre, rang F, 8" (repeat)
        #[arg(long, conflicts_with_all = ["seats", "places"])]
        seat: Vec<String>,
        /// Timed entry: the slot whose places to borrow, local time HH:MM
        #[arg(long, conflicts_with_all = ["seats", "seat"])]
        slot: Option<String>,
    },
    /// Give back what this terminal holds and did not sell, of a
    /// performance or of every one; with --due, only what its time came
    /// for (its day closed, or within `give-back-before` of the
    /// performance): for a timer
    GiveBack {
        #[arg(conflicts_with = "due")]
        performance: Option<i64>,
        #[arg(long)]
        due: bool,
    },
    /// How long before each performance this terminal gives back what it
    /// did not sell, by itself (a coordinator's --operator): MINUTES, or
    /// `off`
    GiveBackBefore {
        #[arg(value_parser = parse_before)]
        minutes: Before,
    },
    /// Hold exactly what the central side says this terminal holds (after
    /// a reclaim, or a lend or give-back cut short)
    Sync,
    /// What this terminal holds, by performance
    Holding {
        #[arg(long)]
        json: bool,
    },
    /// Take back what a terminal holds and did not sell (an
    /// administrator's --operator here and login in --url): of one
    /// performance (its public id), or of every one
    Reclaim {
        terminal: i64,
        #[arg(long)]
        performance: Option<String>,
        /// Only these seats of --performance, as tickets name them:
        /// "Orchestre, rang F, 8" (repeat for several)
        #[arg(long, requires = "performance")]
        seat: Vec<String>,
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
    },
    /// Pull the door list: the tickets the other terminals pushed for the
    /// performances this door admits to (--performance, repeated; by
    /// default the evening's, else the next six) and the keys that sign
    /// them, so it admits them offline
    DoorList {
        #[arg(long, value_name = "ID")]
        performance: Vec<i64>,
    },
    /// Move this terminal's connection to another address (an
    /// administrator's --operator): host, port, dbname, sslmode,
    /// sslrootcert; its login is kept, no password may be written in it
    Address {
        #[arg(long, env = "GUICHET_CENTRAL_URL")]
        url: String,
    },
    /// Whether this terminal has joined, and where
    Status,
}

/// `give-back-before`'s word: minutes, or off.
#[derive(Clone, Copy, Debug)]
pub struct Before(Option<u32>);

fn parse_before(text: &str) -> Result<Before, String> {
    match text {
        "off" => Ok(Before(None)),
        n => n.parse::<u32>().map(|m| Before(Some(m))).map_err(|_| {
            format!(
                "{n}: minutes (0 to {}), or off",
                central::giving_back::MAX_MINUTES
            )
        }),
    }
}

fn parse_kind(text: &str) -> Result<TerminalKind, String> {
    TerminalKind::parse(text).ok_or_else(|| format!("{text}: counter, door, web or admin"))
}

fn refused(e: CentralError) -> Failure {
    let code = match e {
        CentralError::Unreachable(_) => 1,
        _ => 2,
    };
    Failure(e.to_string(), code)
}

/// A login's password from GUICHET_CENTRAL_PASSWORD, when its URL has none.
fn password() -> Option<String> {
    std::env::var("GUICHET_CENTRAL_PASSWORD").ok()
}

pub fn central(run: &Run, command: CentralCommand) -> Result<(), Failure> {
    match command {
        CentralCommand::Init { url } => init(&url),
        CentralCommand::Join { url, kind } => join(run, &url, kind),
        CentralCommand::Push { json } => push(run, json),
        CentralCommand::Verify { url, json } => verify(&url, json),
        CentralCommand::Publish => {
            let (mut t, by) = run.open(false)?;
            let version =
                central::season::publish(&mut t.store, &by, run.now()).map_err(refused)?;
            println!("season published (version {version} there)");
            Ok(())
        }
        CentralCommand::Pull => {
            let (mut t, by) = run.open(false)?;
            match central::season::pull(&mut t.store, &t.signer, &by, run.now()).map_err(refused)? {
                Some(said) => println!("season: {said}"),
                None => println!("no season published centrally yet"),
            }
            Ok(())
        }
        CentralCommand::Conflicts { json } => conflicts(run, json),
        CentralCommand::Decide { id, action, note } => {
            let (t, by) = run.open(false)?;
            let decision = central::conflicts::Decision {
                action: &action,
                note: &note,
            };
            central::conflicts::decide(&t.store, &by, id, decision).map_err(refused)?;
            println!("conflict {id} decided");
            Ok(())
        }
        CentralCommand::Retire { terminal, url } => {
            let (_t, by) = run.open(false)?;
            let name = central::conflicts::retire((&url, password().as_deref()), &by, terminal)
                .map_err(refused)?;
            println!("{name} retired: its login is closed");
            Ok(())
        }
        CentralCommand::Recover { from, url } => {
            let (_t, by) = run.open(false)?;
            let pushed = central::push::recover((&url, password().as_deref()), &by, &from)
                .map_err(refused)?;
            println!(
                "{} records stored, {} there already, {} conflicts found",
                pushed.stored, pushed.already, pushed.conflicts
            );
            Ok(())
        }
        CentralCommand::Lend {
            performance,
            seats,
            places,
            seat,
            slot,
        } => lend(run, performance, (seats, places), &seat, slot.as_deref()),
        CentralCommand::GiveBack { performance, due } => give_back(run, performance, due),
        CentralCommand::GiveBackBefore { minutes } => {
            let (mut t, by) = run.open(false)?;
            central::giving_back::set_before(&mut t.store, &by, minutes.0).map_err(refused)?;
            match minutes.0 {
                Some(m) => println!(
                    "this terminal gives back what it did not sell {m} minutes before each performance"
                ),
                None => {
                    println!("this terminal gives back only when asked, or once its day is closed")
                }
            }
            Ok(())
        }
        CentralCommand::Sync => {
            let (mut t, by) = run.open(false)?;
            let now = run.now();
            let changed =
                central::contingents::sync(&mut t.store, &t.signer, &by, now).map_err(refused)?;
            print_changed(&changed);
            Ok(())
        }
        CentralCommand::Holding { json } => holding(run, json),
        CentralCommand::Reclaim {
            terminal,
            performance,
            seat,
            url,
        } => {
            let (_t, by) = run.open(false)?;
            let login = (url.as_str(), password());
            let login = (login.0, login.1.as_deref());
            let (seats, places) =
                central::contingents::reclaim(login, &by, terminal, performance.as_deref(), &seat)
                    .map_err(refused)?;
            println!("reclaimed {seats} seats and {places} places: they are back in the pool");
            Ok(())
        }
        CentralCommand::DoorList { performance } => door_list(run, performance),
        CentralCommand::Address { url } => address(run, &url),
        CentralCommand::Status => {
            let store = terminal::read_only(run.db())?;
            match central::joined(&store).map_err(refused)? {
                Some(url) => println!("joined: {url}"),
                None => println!("not joined: this terminal works alone"),
            }
            Ok(())
        }
    }
}

fn address(run: &Run, url: &str) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let kept =
        central::join::set_address(&mut t.store, &t.signer, &by, url, now).map_err(refused)?;
    println!("this terminal now connects to: {kept}");
    Ok(())
}

fn give_back(run: &Run, performance: Option<i64>, due: bool) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let changed = match due {
        true => central::giving_back::give_back_due(&mut t.store, &t.signer, &by, now),
        false => central::contingents::give_back(&mut t.store, &t.signer, &by, performance, now),
    }
    .map_err(refused)?;
    print_changed(&changed);
    Ok(())
}

fn door_list(run: &Run, performance: Vec<i64>) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let performances = match performance.is_empty() {
        false => performance,
        true => {
            let to_admit = guichet::door::performances_to_admit(&t.store, now)
                .map_err(|e| Failure(e.to_string(), 2))?;
            let ids = to_admit.today.iter().chain(&to_admit.upcoming);
            ids.map(|(id, _)| *id).collect()
        }
    };
    let listed =
        central::doors::pull(&mut t.store, &t.signer, &by, &performances, now).map_err(refused)?;
    println!(
        "door list: {} tickets of {} performances, {} keys; {} entered already elsewhere",
        listed.tickets, listed.performances, listed.keys, listed.entered
    );
    Ok(())
}

/// `central lend`: a lot, the seats named, or a slot's places.
fn lend(
    run: &Run,
    performance: i64,
    lot: (u32, u32),
    seat: &[String],
    slot: Option<&str>,
) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    let slot = match slot {
        Some(_) if lot.1 == 0 => {
            return Err(Failure(
                "--slot borrows places: say how many with --places N".into(),
                2,
            ));
        }
        Some(text) => Some(super::counter::slot_of(&t.store, performance, text, now)?),
        None => None,
    };
    let (store, signer) = (&mut t.store, &t.signer);
    let changed = match (slot, seat.is_empty()) {
        (Some(slot), _) => {
            central::contingents::lend_slot(store, signer, &by, (performance, slot), lot.1, now)
        }
        (None, true) => central::contingents::lend(store, signer, &by, performance, lot, now),
        (None, false) => {
            central::contingents::lend_named(store, signer, &by, performance, seat, now)
        }
    }
    .map_err(refused)?;
    print_changed(&changed);
    Ok(())
}

fn print_changed(changed: &central::contingents::Changed) {
    if changed.performances.is_empty() {
        println!("nothing changed");
    }
    for p in &changed.performances {
        println!(
            "{}: {} seats came, {} went; {} places held",
            p.performance, p.seats_in, p.seats_out, p.places
        );
    }
    for p in &changed.unknown {
        println!("{p}: not in this terminal's season: `guichet central pull`");
    }
}

fn holding(run: &Run, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let held = central::contingents::holding(&store, run.now()).map_err(refused)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&held).unwrap_or_default()
        );
        return Ok(());
    }
    if held.is_empty() {
        println!("this terminal holds nothing of the central pool");
    }
    for h in &held {
        println!(
            "#{}\t{}\t{} seats, {} places held; {} left to sell",
            h.performance_id, h.label, h.seats, h.places, h.left
        );
    }
    Ok(())
}

fn init(url: &str) -> Result<(), Failure> {
    let done = central::init::init(url, password().as_deref()).map_err(refused)?;
    if done.found == done.version {
        println!(
            "the central database is at version {} already",
            done.version
        );
    } else {
        println!(
            "central database at version {} (it was at {})",
            done.version, done.found
        );
    }
    Ok(())
}

fn join(run: &Run, url: &str, kind: TerminalKind) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let pw = password();
    let joined = central::join::join(
        &mut t.store,
        &t.signer,
        &by,
        (url, pw.as_deref()),
        kind,
        run.now(),
    )
    .map_err(refused)?;
    println!(
        "joined as {} (terminal {} there)",
        joined.login, joined.central_id
    );
    match (joined.season, joined.season_problem) {
        (Some(said), _) => println!("season: {said}"),
        (None, Some(problem)) => {
            println!("the season was not pulled ({problem}): `guichet central pull` later")
        }
        (None, None) => println!("no season published centrally yet"),
    }
    Ok(())
}

fn push(run: &Run, json: bool) -> Result<(), Failure> {
    let mut t = terminal::Terminal::open(run.db(), run.clock.clone())?;
    let done = central::push::push(&t.store, &t.signer).map_err(refused)?;
    let scans = central::doors::push_scans(&mut t.store).map_err(refused)?;
    if json {
        let both = serde_json::json!({"chains": done, "scans": scans});
        println!(
            "{}",
            serde_json::to_string_pretty(&both).unwrap_or_default()
        );
    } else {
        println!(
            "pushed: {} stored, {} there already, {} conflicts ({} transactions)",
            done.stored, done.already, done.conflicts, done.transactions
        );
        println!(
            "scans: {} stored, {} there already",
            scans.stored, scans.already
        );
    }
    if done.conflicts > 0 {
        return Err(Failure(
            "a fork, a gap or a shorter chain was found: `guichet central conflicts` (it waits for a person)"
                .into(),
            1,
        ));
    }
    Ok(())
}

fn verify(url: &str, json: bool) -> Result<(), Failure> {
    let chains = central::verify::verify(url, password().as_deref()).map_err(refused)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&chains).unwrap_or_default()
        );
    } else {
        for c in &chains {
            match &c.broken {
                None => println!(
                    "{} {}: {} records, last hash {}",
                    c.terminal,
                    c.chain,
                    c.records,
                    &c.last_hash[..16.min(c.last_hash.len())]
                ),
                Some((at, why)) => {
                    println!("{} {}: BROKEN at record {at}: {why}", c.terminal, c.chain)
                }
            }
        }
    }
    if chains.iter().any(|c| c.broken.is_some()) {
        return Err(Failure("a chain does not hold centrally".into(), 1));
    }
    Ok(())
}

fn conflicts(run: &Run, json: bool) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let list = central::conflicts::list(&store).map_err(refused)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    if list.is_empty() {
        println!("no conflict");
    }
    for c in &list {
        let state = match (&c.decision, &c.decided_by) {
            (Some(d), Some(by)) => format!("decided by {by}: {d}"),
            _ => "WAITING".into(),
        };
        println!(
            "{}\t{}\t{}\t{}\t{state}\n\t{}",
            c.id,
            c.kind,
            c.terminal.as_deref().unwrap_or("-"),
            c.seen_at,
            c.detail
        );
    }
    Ok(())
}

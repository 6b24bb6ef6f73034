//! The SQL of the venue's central database (PostgreSQL): the calls of the
//! functions `migrations/central` grants the terminals and administrators,
//! and the making of its schema. The job that uses them is `central`.

use postgres::GenericClient;

use super::ledger::LedgerRow;

/// The central schema's version (0: none there).
pub fn schema_version(c: &mut impl GenericClient) -> Result<i32, postgres::Error> {
    let there: bool = c
        .query_one(
            "SELECT to_regclass('guichet.schema_version') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !there {
        return Ok(0);
    }
    let v: Option<i32> = c.query_one("SELECT guichet.version()", &[])?.get(0);
    Ok(v.unwrap_or(0))
}

/// Makes a group role (no login) unless the server has it already: roles
/// belong to the whole server, another venue's database may have made it.
pub fn make_group(c: &mut impl GenericClient, group: &str) -> Result<(), postgres::Error> {
    let exists = c
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&group])?
        .is_some();
    if !exists {
        // A role's name cannot be a parameter: it is one of ours, quoted.
        c.batch_execute(&format!("CREATE ROLE \"{group}\" NOLOGIN"))?;
    }
    Ok(())
}

/// A terminal to enrol, as `guichet.enrol` takes it.
pub struct Enrolment<'a> {
    pub public_id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub login: &'a str,
    /// The SCRAM verifier of its password.
    pub verifier: &'a str,
    pub public_key: &'a [u8],
    /// The administrator, as the terminal knows them.
    pub by: &'a str,
}

/// Enrols a terminal (an administrator's login): its id there.
pub fn enrol(c: &mut impl GenericClient, e: &Enrolment) -> Result<i64, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.enrol($1, $2, $3, $4, $5, $6, $7)",
        &[
            &e.public_id,
            &e.name,
            &e.kind,
            &e.login,
            &e.verifier,
            &e.public_key,
            &e.by,
        ],
    )?
    .get(0))
}

/// The last record the calling terminal has there, per chain.
pub fn pushed(c: &mut impl GenericClient) -> Result<Vec<(String, i64)>, postgres::Error> {
    Ok(c.query("SELECT chain, seq FROM guichet.pushed()", &[])?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect())
}

/// Says the calling terminal's chain ends at `local_last`, before what it
/// pushed (a conflict there, kept once).
pub fn behind(
    c: &mut impl GenericClient,
    chain: &str,
    local_last: i64,
) -> Result<(), postgres::Error> {
    c.execute("SELECT guichet.behind($1, $2)", &[&chain, &local_last])?;
    Ok(())
}

/// Pushes records (a JSON array, as text): what `guichet.push` said, as
/// JSON text.
pub fn push(c: &mut impl GenericClient, records: &str) -> Result<String, postgres::Error> {
    Ok(
        c.query_one("SELECT guichet.push($1::text::jsonb)::text", &[&records])?
            .get(0),
    )
}

/// Pushes a retired terminal's records (its public id) through an
/// administrator's login: what `guichet.push_retired` said, as JSON text.
pub fn push_retired(
    c: &mut impl GenericClient,
    terminal: &str,
    records: &str,
) -> Result<String, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.push_retired($1, $2::text::jsonb)::text",
        &[&terminal, &records],
    )?
    .get(0))
}

/// Claims `sold` places of a pool the calling terminal sold without
/// holding them there: the places it holds there now (None: the pool is
/// not offered there).
pub fn claim(
    c: &mut impl GenericClient,
    pool: &str,
    sold: i32,
) -> Result<Option<i32>, postgres::Error> {
    Ok(
        c.query_one("SELECT guichet.claim($1, $2)", &[&pool, &sold])?
            .get(0),
    )
}

/// Publishes a season file: its version there.
pub fn publish_season(
    c: &mut impl GenericClient,
    file: &str,
    sha256: &str,
) -> Result<i64, postgres::Error> {
    Ok(
        c.query_one("SELECT guichet.publish_season($1, $2)", &[&file, &sha256])?
            .get(0),
    )
}

/// The newest season file published, if any.
pub fn season(c: &mut impl GenericClient) -> Result<Option<(i64, String)>, postgres::Error> {
    Ok(
        c.query_opt("SELECT version, file FROM guichet.season()", &[])?
            .map(|r| (r.get(0), r.get(1))),
    )
}

/// A terminal as enrolled there.
pub struct CentralTerminal {
    pub id: i64,
    pub public_id: String,
    pub name: String,
    pub public_key: Vec<u8>,
}

/// Every terminal enrolled (an administrator's login).
pub fn terminals(c: &mut impl GenericClient) -> Result<Vec<CentralTerminal>, postgres::Error> {
    Ok(c.query(
        "SELECT id, public_id, name, public_key FROM guichet.terminals()",
        &[],
    )?
    .iter()
    .map(|r| CentralTerminal {
        id: r.get(0),
        public_id: r.get(1),
        name: r.get(2),
        public_key: r.get(3),
    })
    .collect())
}

/// Records of a terminal's chain after `after`, at most `limit` (an
/// administrator's login), as the local ledger's rows.
pub fn records(
    c: &mut impl GenericClient,
    terminal: i64,
    chain: &str,
    after: i64,
    limit: i32,
) -> Result<Vec<LedgerRow>, postgres::Error> {
    Ok(c.query(
        "SELECT seq, kind, at, recorded, body, prev_hash, hash, signature
         FROM guichet.records($1, $2, $3, $4)",
        &[&terminal, &chain, &after, &limit],
    )?
    .iter()
    .map(|r| LedgerRow {
        terminal_id: terminal,
        chain: chain.to_owned(),
        seq: r.get(0),
        kind: r.get(1),
        at: r.get(2),
        recorded: r.get(3),
        body: r.get(4),
        prev_hash: r.get(5),
        hash: r.get(6),
        signature: r.get(7),
    })
    .collect())
}

/// A conflict as `guichet.conflicts()` lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Conflict {
    pub id: i64,
    /// fork, gap…
    pub kind: String,
    pub terminal: Option<String>,
    pub detail: String,
    pub seen_at: String,
    pub decision: Option<String>,
    pub decided_by: Option<String>,
    /// About the terminal reading it (which does not decide it).
    pub mine: bool,
    /// The action it was decided by (refund, move, accept_reentry,
    /// retire, acknowledge).
    pub action: Option<String>,
    /// Those that may decide it.
    pub actions: Vec<String>,
}

/// The conflicts, those waiting first.
pub fn conflicts(c: &mut impl GenericClient) -> Result<Vec<Conflict>, postgres::Error> {
    Ok(c.query(
        "SELECT id, kind, terminal, detail::text, seen_at::text, decision, decided_by, mine,
                action, actions
         FROM guichet.conflicts()",
        &[],
    )?
    .iter()
    .map(|r| Conflict {
        id: r.get(0),
        kind: r.get(1),
        terminal: r.get(2),
        detail: r.get(3),
        seen_at: r.get(4),
        decision: r.get(5),
        decided_by: r.get(6),
        mine: r.get(7),
        action: r.get(8),
        actions: r.get(9),
    })
    .collect())
}

/// Decides a conflict by an action, with what was done, by whom.
pub fn decide(
    c: &mut impl GenericClient,
    id: i64,
    (action, note): (&str, &str),
    by: &str,
) -> Result<(), postgres::Error> {
    c.execute(
        "SELECT guichet.decide($1, $2, $3, $4)",
        &[&id, &action, &note, &by],
    )?;
    Ok(())
}

/// Retires a terminal (an administrator's login): its name.
pub fn retire(
    c: &mut impl GenericClient,
    terminal: i64,
    by: &str,
) -> Result<String, postgres::Error> {
    Ok(
        c.query_one("SELECT guichet.retire($1, $2)", &[&terminal, &by])?
            .get(0),
    )
}

/// A performance offered centrally, as `guichet.offer` takes it.
pub struct Offered<'a> {
    pub public_id: &'a str,
    /// numbered or general.
    pub kind: &'a str,
    pub capacity: i32,
    pub label: &'a str,
    /// Its seats for sale, best first.
    pub seats: &'a [String],
    /// Seats and places the offering terminal sold already.
    pub mine: &'a [String],
    pub mine_places: i32,
}

/// Offers a performance (seats added when missing): how many seats were
/// added to the pool.
pub fn offer(c: &mut impl GenericClient, o: &Offered) -> Result<i32, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.offer($1, $2, $3, $4, $5, $6, $7)",
        &[
            &o.public_id,
            &o.kind,
            &o.capacity,
            &o.label,
            &o.seats,
            &o.mine,
            &o.mine_places,
        ],
    )?
    .get(0))
}

/// Borrows up to `seats` seats and `places` places of a performance: the
/// seats and the number of places lent, as JSON text.
pub fn lend(
    c: &mut impl GenericClient,
    performance: &str,
    seats: i32,
    places: i32,
) -> Result<String, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.lend($1, $2, $3)::text",
        &[&performance, &seats, &places],
    )?
    .get(0))
}

/// Gives back seats and places of a performance: what went back, as JSON
/// text.
pub fn give_back(
    c: &mut impl GenericClient,
    performance: &str,
    seats: &[String],
    places: i32,
) -> Result<String, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.give_back($1, $2, $3)::text",
        &[&performance, &seats, &places],
    )?
    .get(0))
}

/// A seat (or the places of general admission) the calling terminal
/// holds there.
pub struct HeldThere {
    /// The performance's public id.
    pub performance: String,
    pub seat: Option<String>,
    pub places: Option<i32>,
}

/// What the calling terminal holds there.
pub fn holding(c: &mut impl GenericClient) -> Result<Vec<HeldThere>, postgres::Error> {
    Ok(c.query(
        "SELECT performance, seat, places FROM guichet.holding()",
        &[],
    )?
    .iter()
    .map(|r| HeldThere {
        performance: r.get(0),
        seat: r.get(1),
        places: r.get(2),
    })
    .collect())
}

/// Takes back what terminal `terminal` holds unsold (an administrator's
/// login), of one performance or all, only the seats named when some are:
/// seats and places reclaimed, as JSON text.
pub fn reclaim(
    c: &mut impl GenericClient,
    terminal: i64,
    (performance, seats): (Option<&str>, Option<&[String]>),
    by: &str,
) -> Result<String, postgres::Error> {
    Ok(c.query_one(
        "SELECT guichet.reclaim($1, $2, $3, $4)::text",
        &[&terminal, &performance, &seats, &by],
    )?
    .get(0))
}

/// A performance's places as the central side counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CentralPlaces {
    pub capacity: i64,
    pub sold: i64,
    pub lent: i64,
    pub pool: i64,
}

/// The places of a performance offered there (None: not offered).
pub fn places_of(
    c: &mut impl GenericClient,
    performance: &str,
) -> Result<Option<CentralPlaces>, postgres::Error> {
    Ok(c.query_opt(
        "SELECT capacity, sold, lent, pool FROM guichet.places_of($1)",
        &[&performance],
    )?
    .map(|r| CentralPlaces {
        capacity: i64::from(r.get::<_, i32>(0)),
        sold: r.get(1),
        lent: r.get(2),
        pool: r.get(3),
    }))
}

/// Asks to be told of each new conflict (`guichet_conflict`).
pub fn listen_conflicts(c: &mut postgres::Client) -> Result<(), postgres::Error> {
    c.batch_execute("LISTEN guichet_conflict")
}

/// Each terminal as enrolled: its public id, its name, the key it was
/// enrolled with.
pub fn enrolled_keys(
    c: &mut impl GenericClient,
) -> Result<Vec<(String, String, Vec<u8>)>, postgres::Error> {
    Ok(
        c.query("SELECT terminal, name, public_key FROM guichet.keys()", &[])?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect(),
    )
}

/// Every terminal's key changes as pushed, in the order of its chain: the
/// terminal's public id and the record.
pub fn key_rotations(
    c: &mut impl GenericClient,
) -> Result<Vec<(String, LedgerRow)>, postgres::Error> {
    Ok(c.query(
        "SELECT terminal, seq, kind, at, recorded, body, prev_hash, hash, signature
             FROM guichet.key_rotations()",
        &[],
    )?
    .iter()
    .map(|r| {
        let row = LedgerRow {
            terminal_id: 0,
            chain: "fiscal".to_owned(),
            seq: r.get(1),
            kind: r.get(2),
            at: r.get(3),
            recorded: r.get(4),
            body: r.get(5),
            prev_hash: r.get(6),
            hash: r.get(7),
            signature: r.get(8),
        };
        (r.get(0), row)
    })
    .collect())
}

/// The tickets of these performances (public ids), each with its first
/// admission there.
pub fn door_list(
    c: &mut impl GenericClient,
    performances: &[String],
) -> Result<Vec<super::door_list::ListedTicket>, postgres::Error> {
    Ok(c.query(
        "SELECT id, terminal, number, performance, seat, tariff, category, cancelled,
                    extract(epoch FROM entered_at)::bigint, entered_door
             FROM guichet.door_list($1)",
        &[&performances],
    )?
    .iter()
    .map(|r| {
        let at: Option<i64> = r.get(8);
        let door: Option<String> = r.get(9);
        super::door_list::ListedTicket {
            public_id: r.get(0),
            terminal: r.get(1),
            number: r.get(2),
            performance: r.get(3),
            seat: r.get(4),
            tariff: r.get(5),
            category: r.get(6),
            cancelled: r.get(7),
            entered: at.zip(door),
        }
    })
    .collect())
}

/// Pushes scans (a JSON array, as text): how many were stored, how many
/// were there already.
pub fn push_scans(c: &mut impl GenericClient, scans: &str) -> Result<(i64, i64), postgres::Error> {
    let said: String = c
        .query_one(
            "SELECT guichet.push_scans($1::text::jsonb)::text",
            &[&scans],
        )?
        .get(0);
    let said: serde_json::Value = serde_json::from_str(&said).unwrap_or_default();
    let count = |k: &str| said[k].as_i64().unwrap_or(0);
    Ok((count("stored"), count("already")))
}

/// What the central database answered an admission asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admitted {
    /// Stored there: the first.
    Stored,
    /// The ticket was cancelled there.
    Cancelled,
    /// It entered first through this door of this terminal, at (seconds).
    Before {
        door: String,
        terminal: String,
        at: i64,
    },
}

/// An admission asked (a JSON object, as text).
pub fn admit(c: &mut impl GenericClient, scan: &str) -> Result<Admitted, postgres::Error> {
    let row = c.query_opt(
        "SELECT door, terminal, extract(epoch FROM at)::bigint, cancelled
         FROM guichet.admit($1::text::jsonb)",
        &[&scan],
    )?;
    Ok(match row {
        None => Admitted::Stored,
        Some(r) if r.get::<_, bool>(3) => Admitted::Cancelled,
        Some(r) => Admitted::Before {
            door: r.get::<_, Option<String>>(0).unwrap_or_default(),
            terminal: r.get::<_, Option<String>>(1).unwrap_or_default(),
            at: r.get::<_, Option<i64>>(2).unwrap_or_default(),
        },
    })
}

/// A web shop's basket as the central database keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebBasket {
    pub seats: Vec<String>,
    pub places: i32,
    /// When it goes back to the pool unless paid (seconds).
    pub expires_at: i64,
    /// reserved, confirmed or released.
    pub state: String,
}

/// Reserves a basket under a payment reference (the same answer when asked
/// again).
pub fn web_reserve(
    c: &mut impl GenericClient,
    reference: &str,
    performance: &str,
    (seats, places): (i32, i32),
    minutes: i32,
) -> Result<WebBasket, postgres::Error> {
    let r = c.query_one(
        "SELECT seats, places, extract(epoch FROM expires_at)::bigint, state
         FROM guichet.web_reserve($1, $2, $3, $4, $5)",
        &[&reference, &performance, &seats, &places, &minutes],
    )?;
    Ok(WebBasket {
        seats: r.get(0),
        places: r.get(1),
        expires_at: r.get(2),
        state: r.get(3),
    })
}

/// A basket paid for: what the shop sells (the performance, seats and
/// places), and what it could not take again (seats and places).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebPaid {
    pub performance: String,
    pub seats: Vec<String>,
    pub places: i32,
    pub taken_seats: Vec<String>,
    pub taken_places: i32,
    /// When it was first confirmed (seconds): the order's time, the same
    /// at every retry.
    pub confirmed_at: i64,
}

pub fn web_confirm(
    c: &mut impl GenericClient,
    reference: &str,
) -> Result<WebPaid, postgres::Error> {
    let r = c.query_one(
        "SELECT performance, seats, places, taken_seats, taken_places,
                extract(epoch FROM confirmed_at)::bigint
         FROM guichet.web_confirm($1)",
        &[&reference],
    )?;
    Ok(WebPaid {
        performance: r.get(0),
        seats: r.get(1),
        places: r.get(2),
        taken_seats: r.get(3),
        taken_places: r.get(4),
        confirmed_at: r.get(5),
    })
}

pub fn web_release(c: &mut impl GenericClient, reference: &str) -> Result<(), postgres::Error> {
    c.execute("SELECT guichet.web_release($1)", &[&reference])?;
    Ok(())
}

/// Lends the calling terminal these seats of a performance, those still in
/// the pool: the names it got.
pub fn lend_seats(
    c: &mut impl GenericClient,
    performance: &str,
    seats: &[String],
) -> Result<Vec<String>, postgres::Error> {
    let said: String = c
        .query_one(
            "SELECT guichet.lend_seats($1, $2)::text",
            &[&performance, &seats],
        )?
        .get(0);
    let said: serde_json::Value = serde_json::from_str(&said).unwrap_or_default();
    Ok(said["seats"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

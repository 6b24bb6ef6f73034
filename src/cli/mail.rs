//! `guichet mail …` and `guichet outbox …`: the venue's mail server, an
//! order's e-mails queued, the outbox listed, retried and sent.

use serde_json::json;

use super::{Failure, Run};
use clap::Subcommand;
use guichet::counter::orders;
use guichet::domain::mail::{MailSettings, OutboxState, Security};
use guichet::exchange::mail::{self, MailError};
use guichet::exchange::outbox::{self, Drained, Item, Queued};
use guichet::terminal::{self, Terminal};

#[derive(Subcommand)]
pub enum MailCommand {
    /// Set the venue's outgoing mail server (an administrator's
    /// --operator); the password is read from standard input with
    /// --password-stdin and kept beside the database, readable by its owner
    /// only
    Setup {
        #[arg(long)]
        host: String,
        /// Default: 587 for starttls, 465 for tls, 25 for none
        #[arg(long)]
        port: Option<u16>,
        #[arg(long, default_value = "starttls", value_parser = ["starttls", "tls", "none"])]
        security: String,
        /// The account to log in with (none: no log-in)
        #[arg(long, default_value = "")]
        user: String,
        /// The sender's address
        #[arg(long)]
        from: String,
        /// The sender's name (default: the venue's name)
        #[arg(long, default_value = "")]
        from_name: String,
        /// A certificate authority to trust besides the usual ones (PEM)
        #[arg(long, value_name = "FILE", default_value = "")]
        ca_file: String,
        /// Read the password from the line after the PIN on standard input
        /// (or from $GUICHET_SMTP_PASSWORD)
        #[arg(long)]
        password_stdin: bool,
    },
    /// The server settings, and whether a password is kept
    Show,
    /// Send a test message to ADDRESS now (an administrator's --operator)
    Test { address: String },
    /// Queue an order's tickets for e-mail (to --to, else its patron's
    /// address); `guichet outbox send` or the window sends them
    Tickets {
        order: i64,
        #[arg(long, value_name = "ADDRESS")]
        to: Option<String>,
    },
    /// Queue an order's receipt for e-mail
    Receipt {
        order: i64,
        #[arg(long, value_name = "ADDRESS")]
        to: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Put a message given up or uncertain back in the queue (a
    /// coordinator's --operator; an uncertain one may then arrive twice)
    Retry { id: i64 },
    /// Send now everything waiting, even what waits to be tried again:
    /// exit 1 when the server could not be used
    Send {
        #[arg(long)]
        json: bool,
    },
}

/// The variable that may hold the server's password for `mail setup`.
const PASSWORD_ENV: &str = "GUICHET_SMTP_PASSWORD";

fn refused(e: MailError) -> Failure {
    Failure(e.to_string(), 1)
}

pub fn mail(run: &Run, command: MailCommand) -> Result<(), Failure> {
    match command {
        MailCommand::Setup {
            host,
            port,
            security,
            user,
            from,
            from_name,
            ca_file,
            password_stdin,
        } => {
            let security = Security::parse(&security).unwrap_or_default();
            let settings = MailSettings {
                host,
                port: port.unwrap_or(security.default_port()),
                security,
                user,
                from,
                from_name,
                ca_file,
            };
            setup(run, &settings, password_stdin)
        }
        MailCommand::Show => show(run),
        MailCommand::Test { address } => {
            let (mut t, by) = run.open(false)?;
            let queued =
                outbox::queue_test(&mut t.store, &by, &address, run.now()).map_err(refused)?;
            say_queued(&queued);
            send_now(run, &mut t, false)
        }
        MailCommand::Tickets { order, to } => queue(run, order, to.as_deref(), false),
        MailCommand::Receipt { order, to } => queue(run, order, to.as_deref(), true),
    }
}

fn setup(run: &Run, settings: &MailSettings, password_stdin: bool) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let password = match (password_stdin, std::env::var(PASSWORD_ENV)) {
        (true, _) => Some(super::read_line()?.unwrap_or_default()),
        (false, Ok(p)) => Some(p),
        (false, Err(_)) => None,
    };
    let saved =
        mail::save_settings(&mut t.store, &by, settings, password.as_deref()).map_err(refused)?;
    println!(
        "mail server {}:{} ({}), from {}{}",
        saved.host,
        saved.port,
        saved.security.code(),
        saved.from,
        match &password {
            Some(p) if !p.is_empty() => format!(
                ", password kept in {}",
                mail::password_path(run.db()).display()
            ),
            Some(_) => ", password removed".to_owned(),
            None => String::new(),
        }
    );
    Ok(())
}

fn show(run: &Run) -> Result<(), Failure> {
    let store = terminal::read_only(run.db())?;
    let s = mail::settings(&store).map_err(refused)?;
    if !s.is_set() {
        println!("no mail server is set: `guichet mail setup --host … --from …`");
        return Ok(());
    }
    let password = match mail::read_password(run.db()) {
        Ok(Some(_)) => "kept".to_owned(),
        Ok(None) => "none".to_owned(),
        Err(e) => e.to_string(),
    };
    println!("host      {}:{}", s.host, s.port);
    println!("security  {}", s.security.code());
    println!(
        "user      {}",
        if s.user.is_empty() { "-" } else { &s.user }
    );
    println!("from      {} <{}>", s.from_name, s.from);
    if !s.ca_file.is_empty() {
        println!("ca file   {}", s.ca_file);
    }
    println!("password  {password}");
    Ok(())
}

fn queue(run: &Run, order: i64, to: Option<&str>, receipt: bool) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let order_id = orders::by_number(&t.store, t.signer.terminal_id, order)
        .map_err(|e| Failure(e.to_string(), 1))?
        .id;
    let queued = if receipt {
        outbox::queue_receipt(&mut t.store, &by, order_id, to, run.now())
    } else {
        outbox::queue_tickets(&mut t.store, &by, order_id, to, run.now())
    }
    .map_err(refused)?;
    say_queued(&queued);
    Ok(())
}

fn say_queued(q: &Queued) {
    match q {
        Queued::New { id, to } => println!("queued message {id} to {to}"),
        Queued::Already { id, to, state } => println!(
            "already queued: message {id} to {to} is {} (nothing changed)",
            state.code()
        ),
    }
}

pub fn outbox(
    run: &Run,
    command: Option<OutboxCommand>,
    state: Option<&str>,
    limit: i64,
    json: bool,
) -> Result<(), Failure> {
    match command {
        Some(OutboxCommand::Retry { id }) => {
            let (mut t, by) = run.open(false)?;
            outbox::retry(&mut t.store, &by, id, run.now()).map_err(refused)?;
            println!("message {id} is waiting again: it leaves at the next send");
            Ok(())
        }
        Some(OutboxCommand::Send { json }) => {
            let (mut t, by) = run.open(false)?;
            if !by.role.may(guichet::domain::operator::Act::Mail) {
                return Err(refused(MailError::NotAllowed(
                    guichet::domain::operator::Act::Mail,
                )));
            }
            send_now(run, &mut t, json)
        }
        None => list(run, state, limit, json),
    }
}

fn send_now(run: &Run, t: &mut Terminal, json: bool) -> Result<(), Failure> {
    let clock = run.clock.clone();
    let done = outbox::drain(&mut t.store, &move || clock.now(), true).map_err(refused)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&done)?);
    } else {
        say_drained(&done);
    }
    match done.server_error {
        Some(e) => Err(Failure(
            format!("the mail server could not be used: {e}"),
            1,
        )),
        None => Ok(()),
    }
}

fn say_drained(d: &Drained) {
    println!(
        "sent {}, failed {} (tried again later), given up {}, uncertain {}",
        d.sent, d.failed, d.given_up, d.uncertain
    );
    if d.recovered > 0 {
        println!(
            "{} left by a sender that stopped were taken back",
            d.recovered
        );
    }
}

fn list(run: &Run, state: Option<&str>, limit: i64, json: bool) -> Result<(), Failure> {
    let states = match state {
        None => Vec::new(),
        Some(code) => vec![OutboxState::parse(code).ok_or_else(|| {
            Failure(
                format!(
                    "unknown state {code}: waiting, sending, handing, sent, given_up or uncertain"
                ),
                2,
            )
        })?],
    };
    let store = terminal::read_only(run.db())?;
    let items = outbox::list(&store, &states, limit).map_err(refused)?;
    if json {
        let out: Vec<_> = items.iter().map(item_json).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if items.is_empty() {
        println!("the outbox is empty");
    }
    for i in &items {
        let order = i.order.map(|n| format!("order {n}")).unwrap_or_default();
        let when = match (i.sent_at, i.next_attempt_at) {
            (Some(at), _) => format!("sent {}", at.format("%Y-%m-%d %H:%M")),
            (None, Some(at)) => format!("next try {}", at.format("%Y-%m-%d %H:%M")),
            (None, None) => format!("queued {}", i.created_at.format("%Y-%m-%d %H:%M")),
        };
        println!(
            "{:>5}  {:<9}  {:<12}  {:<30}  {:<11}  {when}  {}",
            i.id,
            i.state.code(),
            i.kind.code(),
            i.to,
            order,
            i.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

fn item_json(i: &Item) -> serde_json::Value {
    json!({
        "id": i.id,
        "kind": i.kind,
        "to": i.to,
        "state": i.state,
        "order": i.order,
        "created_at": i.created_at.to_rfc3339(),
        "attempts": i.attempts,
        "next_attempt_at": i.next_attempt_at.map(|t| t.to_rfc3339()),
        "last_error": i.last_error,
        "sent_at": i.sent_at.map(|t| t.to_rfc3339()),
    })
}

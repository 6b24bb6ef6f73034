//! The `guichet` program: with no subcommand it opens the window; the
//! subcommands script the same job functions the window uses (see `cli`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::{Failure, Run, args::Cli};
use guichet::terminal::{self, Clock};

fn main() -> ExitCode {
    // A reader that stops early (`guichet performances | head`) ends the
    // program quietly instead of making it panic on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal at start-up,
    // before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = Cli::parse();
    // The program's one clock: the computer's (or the instant the tests
    // stop it at).
    let clock = match Clock::from_env() {
        Ok(clock) => clock,
        Err(message) => {
            eprintln!("guichet: {message}");
            return ExitCode::from(2);
        }
    };
    let usual = std::env::var_os(terminal::DB_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(terminal::default_db_path);
    let db = match (&args.db, args.demo) {
        (Some(db), _) => db.clone(),
        (None, true) => usual.with_file_name("demo.db"),
        (None, false) => usual,
    };
    let outcome = match args.command {
        None => guichet::ui::run(guichet::ui::Launch {
            db,
            lang: args.lang,
            demo: args.demo,
            clock,
        })
        .map_err(|e| Failure(e.to_string(), 2)),
        Some(command) => cli::run(
            &Run {
                db,
                operator: args.operator,
                lang: args.lang,
                clock,
            },
            command,
        ),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            if !message.is_empty() {
                eprintln!("guichet: {message}");
            }
            ExitCode::from(code)
        }
    }
}

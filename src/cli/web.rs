//! `guichet web …`: the web shop's terminal, run by the shop's server. A
//! basket reserved under the shop's payment reference, confirmed when the
//! payment comes (the order lands here, signed, paid online), released
//! when the buyer gives up. Each is idempotent on the reference: asked
//! twice, the same seats, the same order. Exit 1 when the central database
//! cannot be reached (the shop says so to its buyer), 2 when it refused.

use clap::Subcommand;

use super::{Failure, Run};
use guichet::central::{self, CentralError};
use guichet::exchange::imports::Buyer;

#[derive(Subcommand)]
pub enum WebCommand {
    /// Reserve a basket of a performance (its number here): the best
    /// --seats seats and --places places of general admission, kept
    /// --minutes unpaid under the payment reference
    Reserve {
        #[arg(long, value_name = "ID")]
        performance: i64,
        #[arg(long, default_value_t = 0)]
        seats: u32,
        #[arg(long, default_value_t = 0)]
        places: u32,
        /// The shop's payment reference
        #[arg(long)]
        payment: String,
        #[arg(long, default_value_t = 15)]
        minutes: u32,
        #[arg(long)]
        json: bool,
    },
    /// The payment came: the basket's order lands here at --tariff, for the
    /// buyer (a late payment takes its seats again where still free)
    Confirm {
        #[arg(long)]
        payment: String,
        #[arg(long)]
        tariff: String,
        #[arg(long, default_value = "")]
        first_name: String,
        #[arg(long, default_value = "")]
        last_name: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long)]
        json: bool,
    },
    /// The buyer gave up: the basket goes back at once
    Release {
        #[arg(long)]
        payment: String,
    },
}

fn refused(e: CentralError) -> Failure {
    let code = match e {
        CentralError::Unreachable(_) => 1,
        _ => 2,
    };
    Failure(e.to_string(), code)
}

fn print<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

pub fn web(run: &Run, command: WebCommand) -> Result<(), Failure> {
    let (mut t, by) = run.open(false)?;
    let now = run.now();
    match command {
        WebCommand::Reserve {
            performance,
            seats,
            places,
            payment,
            minutes,
            json,
        } => {
            let got = central::web::reserve(
                &mut t.store,
                &t.signer,
                &by,
                (&payment, performance),
                (seats, places),
                minutes,
                now,
            )
            .map_err(refused)?;
            match json {
                true => print(&got),
                false => println!(
                    "{}: {} ({} places) kept until {}, {}",
                    got.reference,
                    got.seats.join(" ; "),
                    got.places,
                    got.expires_at.to_rfc3339(),
                    got.state
                ),
            }
        }
        WebCommand::Confirm {
            payment,
            tariff,
            first_name,
            last_name,
            email,
            json,
        } => {
            let buyer = Buyer {
                first_name,
                last_name,
                email,
                ..Buyer::default()
            };
            let paid = central::web::confirm(
                &mut t.store,
                &t.signer,
                &by,
                (&payment, &tariff),
                &buyer,
                now,
            )
            .map_err(refused)?;
            match json {
                true => print(&paid),
                false => println!(
                    "{}: {} ticket(s){}{}",
                    paid.reference,
                    paid.tickets,
                    if paid.already { ", landed already" } else { "" },
                    if paid.taken_seats.is_empty() && paid.taken_places == 0 {
                        String::new()
                    } else {
                        format!(
                            "; sold meanwhile: {} and {} places (a conflict waits: refund or move the buyer)",
                            paid.taken_seats.join(" ; "),
                            paid.taken_places
                        )
                    }
                ),
            }
        }
        WebCommand::Release { payment } => {
            central::web::release(&mut t.store, &t.signer, &by, &payment, now).map_err(refused)?;
            println!("{payment}: released, back in the pool");
        }
    }
    Ok(())
}

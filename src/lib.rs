//! Guichet: an offline-first box office for small cultural venues.
//!
//! The folders are the jobs people do at a venue (see DESIGN.md): `domain`
//! holds pure rules, `store` all SQL, `ledger` the signed journal, and the
//! job modules (`operators`, `programming`, ...) combine them. The GUI (`ui`)
//! and the command line (`main.rs`) call the job modules and nothing below.

// Errors here carry paths and SQLite's own error so messages can say what to
// do; they are built on rare paths, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod audience;
pub mod backup;
pub mod central;
pub mod counter;
pub mod domain;
pub mod door;
pub mod exchange;
pub mod ledger;
pub mod operators;
pub mod programming;
pub mod store;
pub mod terminal;
pub mod tickets;
pub mod till;
pub mod ui;

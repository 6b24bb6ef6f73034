//! Tickets: their signed codes, their PDF layouts, and printing.

pub mod code;

//! Tickets as things: their signed codes, the PDF layouts of tickets,
//! receipts and lists, keeping and printing PDFs. What goes on them is read
//! by the job that prints them (an order's: `counter::printed`). It may use
//! domain, store and ledger.

pub mod call_list;
pub mod code;
pub mod pdf;
pub mod print;
pub mod qr;
pub mod receipt;
pub mod voucher;

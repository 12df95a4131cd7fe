//! The stages wired together for one unit of work: one feed's poll (fetch → feed → extract →
//! watch → store) and one digest's run (store → digest → mail → store). Every failure of a
//! feed or an article comes back as data in a report; only the database can fail a run.

mod deliver;
mod poll;
mod recent;

pub use deliver::{DigestReport, deliver, flush_outbox, preview};
pub use poll::{Outcome, PollReport, Poller};

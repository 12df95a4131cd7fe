//! The stages wired together for one unit of work: one feed's poll (fetch → feed → extract →
//! watch → store) and one digest's run (store → digest → mail → store). Every failure of a
//! feed or an article comes back as data in a report; only the database can fail a run. A
//! backtest re-runs the watchlists over stored articles and changes nothing.

mod backtest;
mod deliver;
mod poll;

pub use backtest::{BacktestReport, Change, ChangeKind, Recorded, Summary, backtest};
pub use deliver::{DigestReport, deliver, flush_outbox, preview};
pub use poll::{Outcome, PollReport, Poller};

//! The stages wired together for one unit of work: one feed's poll (fetch → feed → extract →
//! watch → store), one digest's run (store → digest → mail → store), and the upkeep that sends
//! immediate alerts and retries waiting mail. Every failure of a feed, an article or a mail
//! comes back as data in a report; only the database can fail a run. A backtest re-runs the
//! watchlists over stored articles and changes nothing.

mod alerts;
mod article;
mod backtest;
mod deliver;
pub mod failpoint;
pub mod pages;
mod poll;
mod recent;
mod record;
mod report;
mod send;
mod story;

pub use alerts::{UpkeepReport, upkeep};
pub use backtest::{BacktestReport, Change, ChangeKind, Recorded, Summary, backtest};
pub use deliver::{DigestReport, deliver, preview};
pub use poll::{Poller, panic_message};
pub use report::{Outcome, PollReport};
pub use send::{Delivery, Flush, Flushed, Outlets, Sent, flush_outbox, retry_at};
pub use story::{Neighbour, StoryExplanation, explain_story};

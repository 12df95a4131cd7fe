//! newshound: watches news feeds for the operator's topics and mails what matched.
//!
//! Data moves one way: fetch -> feed -> extract -> watch -> store -> digest -> mail.
//! `feed`, `extract`, `watch`, `cluster` and `digest` are pure; the rest is the shell.

pub mod clock;
pub mod cluster;
pub mod digest;
pub mod extract;
pub mod feed;
pub mod model;
pub mod watch;

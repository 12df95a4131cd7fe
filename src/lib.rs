//! newshound: watches news feeds for the operator's topics and mails what matched.
//!
//! Data moves one way: fetch -> feed -> extract -> watch -> store -> digest -> mail.
//! `feed`, `extract`, `watch`, `cluster` and `digest` are pure; `fetch`, `store`, `mail`,
//! `daemon` and `cli` are the shell around them; `pipeline` wires one unit of work;
//! `metrics` counts what the pipeline's reports say, for the daemon's `/metrics`.

pub mod channel;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod daemon;
pub mod digest;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod fold;
mod html_escape;
pub mod lang;
pub mod mail;
pub mod metrics;
pub mod model;
pub mod opml;
pub mod owner;
pub mod pipeline;
pub mod schedule;
pub mod store;
pub mod watch;

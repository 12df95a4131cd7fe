//! The command line: parses arguments, calls the library, and is the only place that prints
//! for humans. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or config.

mod backtest_cmd;
mod channel_cmd;
mod check_cmd;
mod check_models;
mod commands;
mod config_feeds;
mod digest_cmd;
mod digest_json;
mod docs_cmd;
mod explain_fmt;
mod extract_cmd;
mod feeds_add;
mod feeds_cmd;
mod input;
mod label_cmd;
mod man;
mod opml_cmd;
mod out;
mod outbox_cmd;
mod poll_cmd;
mod story_cmd;
mod watch_cmd;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Watches news feeds for your topics and mails you a digest of what matched.
#[derive(Debug, Parser)]
#[command(name = "newshound", version, about, long_about = None)]
pub struct Cli {
    /// Config file [default: $NEWSHOUND_CONFIG, else ./config/newshound.toml, else
    /// /etc/newshound/newshound.toml]
    #[arg(short, long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the daemon: poll feeds and send digests on their schedules until SIGTERM/SIGINT.
    Run,
    /// Poll every feed once, record and match what is new, then exit (1 if no feed could be
    /// read).
    Poll(PollArgs),
    /// Build, preview or send digests.
    #[command(subcommand)]
    Digest(DigestCommand),
    /// Validate the config and watchlists; print every problem with file:line:column.
    Check,
    /// Show each feed's health: last success, failures, last error, next poll.
    #[command(args_conflicts_with_subcommands = true)]
    Feeds {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<FeedsCommand>,
    },
    /// Test the watchlists on a text, a file, a page or a batch of items.
    #[command(subcommand)]
    Watch(WatchCommand),
    /// Extract the article from an HTML page (a file, stdin, or a directory of pages).
    Extract(ExtractArgs),
    /// Work with the [[channel]]s: webhook, ntfy, Telegram, Matrix, Slack.
    #[command(subcommand)]
    Channel(ChannelCommand),
    /// List the messages not delivered yet: waiting for the mail server, or refused for good.
    #[command(args_conflicts_with_subcommands = true)]
    Outbox {
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<OutboxCommand>,
    },
    /// Show the story a stored report is in, and why: its other reports and the closest
    /// reports kept apart, with the facts they share or contradict and their scores.
    Story {
        /// The report: the id shown beside it in a digest or `watch backtest`, or its link.
        id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Import feeds from, or export them to, an OPML subscription list.
    #[command(subcommand)]
    Opml(OpmlCommand),
    /// Print a shell completion script, e.g.
    /// `newshound completions bash > /usr/share/bash-completion/completions/newshound`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `newshound man > /usr/local/share/man/man1/newshound.1`.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum OpmlCommand {
    /// Add the feeds of an OPML file (from another reader) to the config file, skipping those
    /// already there and refusing, by line, outlines that cannot be feeds; a folder becomes
    /// its feeds' label. The config is validated before it is rewritten, and keeps its mode
    /// and owner.
    Import {
        /// The OPML file; `-` reads standard input.
        file: PathBuf,
        /// Report what would be added without changing the config.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the configured feeds as OPML, for another reader or a backup.
    Export {
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Add a feed by its site's address (or the feed's own) to the config.
    ///
    /// Finds the feed the page links to (else at /feed, /rss, /atom.xml...), fetches it once
    /// to prove it parses and appends it to the config as `opml import` does. Several feeds
    /// found are listed (exit 2) to choose from.
    Add(FeedsAddArgs),
}

#[derive(Debug, Args)]
pub struct FeedsAddArgs {
    /// The site's page (e.g. its home page) or the feed's own address.
    pub url: String,
    /// The feed's name [default: the feed's title, else the site's host].
    #[arg(long, value_name = "N")]
    pub name: Option<String>,
    /// A label for the feed (as an OPML folder).
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
    /// Print the [[feed]] that would be appended without changing the config.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum ChannelCommand {
    /// Send a short test message through channel NAME now (nothing is stored).
    Test {
        /// The channel's name, as its [[channel]] table gives it.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Send again a message refused for good (or every undelivered one without ID), at the
    /// next chance: the daemon's next retry round or `digest send`.
    Retry {
        /// The message's number, as `newshound outbox` lists it.
        id: Option<i64>,
    },
    /// Give up on a message for good: it is never sent, and stays listed as dropped (its
    /// stories are not told again). For a message no server will ever take.
    Drop {
        /// The message's number, as `newshound outbox` lists it.
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct PollArgs {
    /// Poll every feed once and exit (the daemon's schedules are in `run`).
    #[arg(long, required = true)]
    pub once: bool,
    /// Print the per-feed reports as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also poll feeds that are backing off after failures or were asked by their server to
    /// wait (Retry-After).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Send a digest (all digests when NAME is omitted). Without --now only digests whose
    /// scheduled time has passed since their last run are sent.
    Send {
        name: Option<String>,
        /// Send now, whatever the schedule says.
        #[arg(long)]
        now: bool,
    },
    /// Render a digest from what is pending, without sending or marking anything.
    Preview {
        name: Option<String>,
        /// Write here instead of printing: HTML for .html/.htm, the plain text otherwise.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print the digest as JSON: sections by watchlist, each story with its reports (url,
        /// outlet, title, published, lang) in the order shown.
        #[arg(long, conflicts_with = "out")]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Match the watchlists against one text (a file, a URL or stdin) and explain each match;
    /// or, with --jsonl, against a batch of {"id","title","body"} lines. One text exits 0 on
    /// a match, 1 on none, 2 on an error (as grep); a batch exits 0, or 1 if lines were bad.
    Test(WatchTestArgs),
    /// Re-run the current watchlists over the articles already in the store and list what
    /// they would now catch and no longer catch. Changes nothing, mails nothing.
    Backtest(BacktestArgs),
    /// Add a stored article to a watchlist's examples file as relevant or irrelevant, for
    /// its model to learn from at the next reload.
    Label(LabelArgs),
}

#[derive(Debug, Args)]
pub struct LabelArgs {
    /// The article: the id shown beside it in a digest or `watch backtest`, or its link.
    pub id: String,
    /// It is an example of what the watchlist is about.
    #[arg(
        long,
        conflicts_with = "irrelevant",
        required_unless_present = "irrelevant"
    )]
    pub relevant: bool,
    /// It is not, although it may look like it.
    #[arg(long)]
    pub irrelevant: bool,
    /// The watchlist [default: the one it matched, when it matched exactly one].
    #[arg(long, value_name = "W")]
    pub watchlist: Option<String>,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// How far back: e.g. 7d, 36h, 2w [default: [storage] keep_text_days]
    #[arg(long, value_name = "AGE")]
    pub since: Option<String>,
    /// Only this watchlist.
    #[arg(long, value_name = "ID")]
    pub watchlist: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchTestArgs {
    /// Title to match along with the text (default: the page's title for HTML).
    #[arg(long)]
    pub title: Option<String>,
    /// A text or HTML file.
    #[arg(long, value_name = "F", conflicts_with_all = ["url", "jsonl", "stdin"])]
    pub file: Option<PathBuf>,
    /// An article page to fetch and extract.
    #[arg(long, value_name = "U", conflicts_with_all = ["jsonl", "stdin"])]
    pub url: Option<String>,
    /// Batch mode: one JSON object per line with id, title and body; prints one line each.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "stdin"])]
    pub jsonl: Option<PathBuf>,
    /// Read the text from standard input (write `-`).
    #[arg(value_name = "-", value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
    pub stdin: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// For every watchlist, matched or not: the clauses that held, each term's hits, the
    /// score against min_score, and passages with the matched words marked.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page's address, used to resolve links and as a hint.
    #[arg(long, value_name = "U")]
    pub url: Option<String>,
    /// Print the article as JSON.
    #[arg(long)]
    pub json: bool,
    /// Extract every .html and .html.gz file of DIR.
    #[arg(long, value_name = "DIR", requires = "out", conflicts_with = "input")]
    pub batch: Option<PathBuf>,
    /// With --batch: write {"<file stem>": {"articleBody": "..."}} here.
    #[arg(long, value_name = "FILE.json")]
    pub out: Option<PathBuf>,
    /// An HTML file, or - for standard input.
    #[arg(value_name = "FILE", required_unless_present = "batch")]
    pub input: Option<PathBuf>,
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    init_logging(matches!(cli.command, Command::Run));
    commands::dispatch(cli)
}

fn init_logging(daemon: bool) {
    use std::io::IsTerminal;
    let default = if daemon {
        "newshound=info,warn"
    } else {
        "newshound=warn,warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSHOUND_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let terminal = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(terminal);
    // journald stamps each line itself; a second timestamp is noise.
    if terminal {
        builder.init();
    } else {
        builder.without_time().init();
    }
}

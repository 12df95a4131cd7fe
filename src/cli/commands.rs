//! What each subcommand does, at the edge: config resolution, printing, exit codes.

use super::{Cli, Command, DigestCommand, WatchCommand};
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigError};
use crate::daemon::{self, Services};
use crate::extract::Extractor;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// A failure at the edge, sorted by the exit code it earns.
pub(super) enum Failure {
    /// Bad usage or bad config: exit 2.
    Usage(anyhow::Error),
    /// Something failed at run time: exit 1.
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

pub(super) type Outcome = Result<ExitCode, Failure>;

pub(super) fn dispatch(cli: Cli) -> ExitCode {
    let result = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(execute(cli)),
        Err(e) => Err(Failure::Runtime(
            anyhow::Error::new(e).context("cannot start the async runtime"),
        )),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(e)) => {
            eprintln!("newshound: {e:#}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("newshound: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn execute(cli: Cli) -> Outcome {
    let config_arg = cli.config.clone();
    match cli.command {
        Command::Run => run(&config_path(config_arg)).await,
        Command::Opml(cmd) => super::opml_cmd::opml(&config_path(config_arg), cmd),
        Command::Poll(args) => super::poll_cmd::poll(&config_path(config_arg), &args).await,
        Command::Digest(DigestCommand::Send { name, now }) => {
            super::digest_cmd::send(&config_path(config_arg), name.as_deref(), now).await
        }
        Command::Digest(DigestCommand::Preview { name, out, json }) => {
            let to = match (out, json) {
                (Some(file), _) => super::digest_cmd::PreviewTo::File(file),
                (None, true) => super::digest_cmd::PreviewTo::Json,
                (None, false) => super::digest_cmd::PreviewTo::Text,
            };
            super::digest_cmd::preview(&config_path(config_arg), name.as_deref(), to).await
        }
        Command::Completions { shell } => super::docs_cmd::completions(shell),
        Command::Man => super::docs_cmd::man(),
        Command::Check => {
            super::check_cmd::check(&config_path(config_arg), SystemClock.now()).await
        }
        Command::Feeds {
            action: Some(super::FeedsCommand::Add(args)),
            ..
        } => super::feeds_add::add(&config_path(config_arg), args).await,
        Command::Feeds { json, .. } => {
            super::feeds_cmd::feeds(&load(&config_path(config_arg))?, json).await
        }
        Command::Channel(super::ChannelCommand::Test { name }) => {
            super::channel_cmd::test(&config_path(config_arg), &name).await
        }
        Command::Story { id, json } => {
            super::story_cmd::story(&load(&config_path(config_arg))?, &id, json).await
        }
        Command::Outbox { json, action } => {
            super::outbox_cmd::outbox(&load(&config_path(config_arg))?, json, action).await
        }
        Command::Watch(WatchCommand::Test(args)) => {
            // Exit 1 says "no match" here, as grep's does, so any failure exits 2.
            super::watch_cmd::test(&load(&config_path(config_arg))?, args)
                .await
                .map_err(|e| match e {
                    Failure::Runtime(e) => Failure::Usage(e),
                    usage => usage,
                })
        }
        Command::Watch(WatchCommand::Backtest(args)) => {
            super::backtest_cmd::backtest(&load(&config_path(config_arg))?, args).await
        }
        Command::Watch(WatchCommand::Label(args)) => {
            super::label_cmd::label(&load(&config_path(config_arg))?, args).await
        }
        Command::Extract(args) => {
            // Site rules apply only with an explicit -c: extraction needs no config.
            let extractor = match config_arg {
                Some(p) => Extractor::new(load(&p)?.sites),
                None => Extractor::default(),
            };
            super::extract_cmd::extract(args, &extractor).await
        }
    }
}

/// How this process's config path was chosen, for the error when it cannot be read.
static CHOSEN: std::sync::OnceLock<Chosen> = std::sync::OnceLock::new();

#[derive(Debug, Clone, Copy)]
enum Chosen {
    Flag,
    Env,
    Default,
}

const LOCAL_CONFIG: &str = "config/newshound.toml";
const SYSTEM_CONFIG: &str = "/etc/newshound/newshound.toml";

/// `-c`, else `$NEWSHOUND_CONFIG`, else ./config/newshound.toml, else /etc/newshound/.
fn config_path(arg: Option<PathBuf>) -> PathBuf {
    let (path, how) = if let Some(p) = arg {
        (p, Chosen::Flag)
    } else if let Some(p) = std::env::var_os("NEWSHOUND_CONFIG").filter(|p| !p.is_empty()) {
        (PathBuf::from(p), Chosen::Env)
    } else if Path::new(LOCAL_CONFIG).exists() {
        (PathBuf::from(LOCAL_CONFIG), Chosen::Default)
    } else {
        (PathBuf::from(SYSTEM_CONFIG), Chosen::Default)
    };
    let _ = CHOSEN.set(how);
    path
}

pub(super) fn load(path: &Path) -> Result<Config, Failure> {
    Config::load(path).map_err(|e| match e {
        ConfigError::Invalid(_) => Failure::Usage(anyhow::anyhow!("invalid configuration:\n{e}")),
        ConfigError::Read { path, source } => Failure::Usage(unreadable(&path, &source)),
    })
}

/// One line for a config that cannot be read: which file, chosen how, and what to do.
fn unreadable(path: &Path, source: &std::io::Error) -> anyhow::Error {
    let shown = path.display();
    let missing = source.kind() == std::io::ErrorKind::NotFound;
    match (CHOSEN.get().copied().unwrap_or(Chosen::Flag), missing) {
        (Chosen::Default, true) => anyhow::anyhow!(
            "no config file: tried ./{LOCAL_CONFIG} and {SYSTEM_CONFIG}; pass one with -c PATH or \
             set NEWSHOUND_CONFIG (the repository's config/newshound.toml is a starting point)"
        ),
        (Chosen::Flag, true) => {
            anyhow::anyhow!("config file {shown} (given with -c) does not exist")
        }
        (Chosen::Env, true) => {
            anyhow::anyhow!("config file {shown} (from $NEWSHOUND_CONFIG) does not exist")
        }
        (_, false) => anyhow::anyhow!("cannot read config file {shown}: {source}"),
    }
}

pub(super) async fn services(path: &Path) -> Result<Services, Failure> {
    let cfg = load(path)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Services::new(cfg, clock)
        .await
        .context("cannot start")
        .map_err(Failure::Runtime)
}

async fn run(path: &Path) -> Outcome {
    let s = services(path).await?;
    for w in &s.config.warnings {
        tracing::warn!("{w}");
    }
    let stop = async {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! { _ = term.recv() => {}, _ = int.recv() => {} }
            }
            _ => {
                tracing::error!("cannot listen for signals; stopping on Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    let (reload_tx, reloads) = tokio::sync::mpsc::unbounded_channel();
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) {
        Ok(mut hup) => {
            tokio::spawn(async move {
                while hup.recv().await.is_some() {
                    tracing::info!("SIGHUP: re-reading the config");
                    if reload_tx.send(()).is_err() {
                        break;
                    }
                }
            });
        }
        Err(e) => tracing::warn!(error = %e, "cannot listen for SIGHUP; reload needs a restart"),
    }
    let path = path.to_path_buf();
    let rebuild: daemon::Rebuild = Box::new(move || {
        let path = path.clone();
        Box::pin(async move {
            let cfg = Config::load(&path).map_err(|e| e.to_string())?;
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            Services::new(cfg, clock).await.map_err(|e| e.to_string())
        })
    });
    daemon::run(s, stop, reloads, rebuild)
        .await
        .context("daemon failed")?;
    Ok(ExitCode::SUCCESS)
}

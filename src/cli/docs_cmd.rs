//! `completions` and `man`: shell completion scripts and the man page, generated from the
//! same clap definitions that parse the command line, so they cannot fall out of date.

use super::Cli;
use super::commands::Outcome;
use anyhow::Context;
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

pub(super) fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "newshound", &mut out);
    print(&out)
}

pub(super) fn man() -> Outcome {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the man page")?;
    print(&out)
}

fn print(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    super::out::done(stdout.write_all(bytes).and_then(|()| stdout.flush()));
    Ok(ExitCode::SUCCESS)
}

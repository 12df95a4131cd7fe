//! `completions` and `man`: shell completion scripts and the man page, generated from the
//! same clap definitions that parse the command line, so they cannot fall out of date. The
//! page is one `newshound(1)`: the top-level command, then a subsection per command and
//! subcommand with its synopsis and every option, then the hand-written sections of
//! `man` (configuration, query language, exit status, environment, files).

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
    let page = page().context("cannot render the man page")?;
    print(page.as_bytes())
}

/// The whole page, in roff.
fn page() -> std::io::Result<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut top = Vec::new();
    man.render_title(&mut top)?;
    man.render_name_section(&mut top)?;
    man.render_synopsis_section(&mut top)?;
    man.render_description_section(&mut top)?;
    man.render_options_section(&mut top)?;
    let mut out = String::from_utf8_lossy(&top).into_owned();
    out.push_str(".SH COMMANDS\n");
    out.push_str(&super::man::esc(
        "Every command takes -c PATH (see OPTIONS) and -h, --help. Each command below is \
         written with the options it takes.",
    ));
    out.push('\n');
    for sub in cmd.get_subcommands() {
        command(&mut out, sub)?;
    }
    super::man::configuration(&mut out);
    super::man::query_language(&mut out);
    super::man::exit_status(&mut out);
    super::man::environment(&mut out);
    super::man::files(&mut out);
    let mut tail = Vec::new();
    man.render_version_section(&mut tail)?;
    out.push_str(&String::from_utf8_lossy(&tail));
    Ok(out)
}

/// One command's subsection (`newshound digest send`): its synopsis, its description and
/// its options as clap_mangen renders them, their section headings replaced by this one;
/// then its own subcommands, each in a subsection of its own.
fn command(out: &mut String, cmd: &clap::Command) -> std::io::Result<()> {
    // clap's own `help` subcommand says nothing --help does not.
    if cmd.is_hide_set() || cmd.get_name() == "help" {
        return Ok(());
    }
    let mut own = cmd.clone();
    // Said once, above: the global -c and every command's --help.
    for id in ["config", "help"] {
        if own.get_arguments().any(|a| a.get_id() == id) {
            own = own.mut_arg(id, |a| a.hide(true));
        }
    }
    let name = cmd.get_bin_name().unwrap_or(cmd.get_name()).to_string();
    let man = clap_mangen::Man::new(own.clone());
    let mut body = Vec::new();
    man.render_synopsis_section(&mut body)?;
    man.render_description_section(&mut body)?;
    if own.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut body)?;
    }
    out.push_str(&format!(".SS \"{}\"\n", super::man::esc(&name)));
    for line in String::from_utf8_lossy(&body).lines() {
        if line.starts_with(".SH") {
            // The synopsis leads; the description and the options follow as paragraphs.
            if !line.contains("SYNOPSIS") {
                out.push_str(".PP\n");
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    for sub in cmd.get_subcommands() {
        command(out, sub)?;
    }
    Ok(())
}

fn print(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    super::out::done(stdout.write_all(bytes).and_then(|()| stdout.flush()));
    Ok(ExitCode::SUCCESS)
}

//! The hand-written parts of the man page: configuration keys, the query language, files,
//! environment and exit status. Numeric ranges and defaults come from `config::ranges` and
//! `config::defaults`, the values `check` enforces, so the page cannot state other ones;
//! `tests/man_page.rs` holds the keys listed here equal to those the config reader takes.
//! Nothing here reads a file or the environment: it only writes roff. The configuration keys,
//! the longest part, are in `config.rs`.

mod channels;
mod config;
mod storage;

pub(in crate::cli) use config::configuration;

use crate::config::defaults;
use std::fmt::Write;

/// roff text: `\` and `-` escaped, and a line that would start with a control character
/// kept as text.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            _ => out.push(c),
        }
    }
    if out.starts_with('.') || out.starts_with('\'') {
        out.insert_str(0, "\\&");
    }
    out
}

fn section(out: &mut String, name: &str) {
    let _ = writeln!(out, ".SH \"{name}\"");
}

fn sub(out: &mut String, name: &str) {
    let _ = writeln!(out, ".SS \"{}\"", esc(name));
}

fn para(out: &mut String, text: &str) {
    let _ = writeln!(out, ".PP\n{}", esc(text));
}

/// A tagged paragraph: `term` in bold, then its text.
fn item(out: &mut String, term: &str, text: &str) {
    let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", esc(term), esc(text));
}

/// Lines kept as written (a code sample).
fn example(out: &mut String, lines: &str) {
    let _ = writeln!(out, ".PP\n.nf\n.RS 4");
    for line in lines.lines() {
        let _ = writeln!(out, "{}", esc(line));
    }
    let _ = writeln!(out, ".RE\n.fi");
}

/// The QUERY LANGUAGE section, as the top of the shipped watchlists file sums it up.
pub(super) fn query_language(out: &mut String) {
    section(out, "QUERY LANGUAGE");
    para(
        out,
        "A query is a boolean expression over terms, matched against each article's headline \
         and body after both are folded the same way (Unicode compatibility forms, case, \
         accents, quotes, hyphens, dotted acronyms).",
    );
    for (term, text) in [
        (
            "word  \"a phrase\"",
            "A word, or words next to each other in that order. Whole words only; inflected \
             forms match too, in English, Ukrainian and Russian (swap finds swaps, swapped, \
             swapping).",
        ),
        (
            "word*",
            "Any word starting with it; at least 3 letters before the *, which may only end a \
             word.",
        ),
        ("a AND b,  a b", "Both."),
        ("a OR b", "Either."),
        (
            "NOT a,  -a",
            "a is absent. A query must look for something: NOT a alone is refused.",
        ),
        (
            "a NEAR/n b",
            "a and b with at most n words between them (n from 1 to 100), in either order, in \
             the same field. Each side is a term, a phrase, an OR-group of them or another NEAR.",
        ),
        (
            "title:a",
            "a in the headline; also title:\"a phrase\" and title:(a OR b).",
        ),
        (
            "( ... )",
            "Grouping. NEAR binds tightest, then NOT, then AND, then OR: a OR b c NOT d is \
             a OR (b AND c AND (NOT d)).",
        ),
    ] {
        item(out, term, text);
    }
    para(
        out,
        "The operators are written in capitals; lower-case and, or, not and near are ordinary \
         words. A term written like a member of an alias group matches every member. A \
         watchlist matches when its query holds and its score reaches min_score (and, with \
         examples, as decide says).",
    );
    example(
        out,
        "query = '''\n  (\"prisoner exchange\" OR (POW NEAR/12 (exchange OR swap)) OR title:POW)\n  NOT \"Second World War\"\n'''",
    );
}

/// The EXIT STATUS section, as `commands::dispatch` maps failures.
pub(super) fn exit_status(out: &mut String) {
    section(out, "EXIT STATUS");
    item(out, "0", "Success.");
    item(
        out,
        "1",
        "A run-time failure: e.g. the mail server refused a digest (it stays in the outbox), \
         the database could not be opened. poll --once exits 1 when not one feed could be \
         read in the cycle.",
    );
    item(
        out,
        "2",
        "Bad usage or an invalid config (check prints every problem).",
    );
    para(
        out,
        "watch test on one text exits as grep does: 0 when a watchlist matched, 1 when none \
         did, 2 on an error. watch test --jsonl exits 0 once every line was read, 1 when \
         some lines were not items. Output piped into a reader that stops early ends the \
         command quietly, with status 0.",
    );
}

/// The ENVIRONMENT section: every variable the program reads.
pub(super) fn environment(out: &mut String) {
    section(out, "ENVIRONMENT");
    for (name, text) in [
        ("NEWSHOUND_CONFIG", "The config file, when -c is not given."),
        (
            "NEWSHOUND_LOG",
            "What is logged to standard error, as a tracing filter, e.g. newshound=debug. \
             Default newshound=info,warn for run, newshound=warn,warn otherwise.",
        ),
        (
            "STATE_DIRECTORY",
            "Set by systemd (StateDirectory=): relative database and outbox paths resolve in it \
             instead of the config's directory. Set it by hand to run a command against the \
             service's data: STATE_DIRECTORY=/var/lib/newshound newshound -c \
             /etc/newshound/newshound.toml feeds.",
        ),
        (
            "CREDENTIALS_DIRECTORY",
            "Set by systemd (LoadCredential=): a relative password_file is looked up here first.",
        ),
        (
            "NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID",
            "Set by systemd for Type=notify: run reports readiness, status and watchdog pings.",
        ),
        (
            "the variable password_env names",
            "Holds the SMTP password, when [mail.smtp] password_env is set.",
        ),
    ] {
        item(out, name, text);
    }
}

/// The FILES section.
pub(super) fn files(out: &mut String) {
    section(out, "FILES");
    item(
        out,
        "./config/newshound.toml, /etc/newshound/newshound.toml",
        "The config: the file -c names, else $NEWSHOUND_CONFIG, else ./config/newshound.toml \
         if it exists, else /etc/newshound/newshound.toml.",
    );
    item(
        out,
        defaults::WATCHLISTS_FILE,
        "The watchlists, beside the config unless [watch] file names another.",
    );
    item(
        out,
        defaults::ALIASES_FILE,
        "Spellings every watchlist shares, beside the watchlists file unless [watch] aliases \
         names another; optional.",
    );
    item(
        out,
        "examples/*.jsonl",
        "Labelled examples a watchlist's model learns from, named by its examples key, \
         relative to the watchlists file; watch label appends to them.",
    );
    item(
        out,
        defaults::STORAGE_PATH,
        "The SQLite database ([storage] path), relative to $STATE_DIRECTORY or the config's \
         directory, with newshound.db-wal, newshound.db-shm and the lock files \
         newshound.db.send-lock and newshound.db.record-lock beside it.",
    );
    item(
        out,
        defaults::OUTBOX_DIR,
        "Where the file transport writes each message as a .eml file ([mail] dir).",
    );
    item(
        out,
        "/var/lib/newshound",
        "The service's state directory (a link to /var/lib/private/newshound under \
         DynamicUser=), holding the database and the outbox.",
    );
    item(
        out,
        "/etc/newshound/smtp-password",
        "The SMTP password the unit hands to the service as the credential smtp-password.",
    );
}

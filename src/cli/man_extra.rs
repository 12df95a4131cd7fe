//! The hand-written parts of the man page: configuration keys, the query language, files,
//! environment and exit status. Numeric ranges and defaults come from `config::ranges` and
//! `config::defaults`, the values `check` enforces, so the page cannot state other ones;
//! `tests/man_page.rs` holds the keys listed here equal to those the config reader takes.
//! Nothing here reads a file or the environment: it only writes roff.

use crate::config::{defaults, ranges};
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

/// One key of a table: its name, and what it means (with its range, if it is numeric).
fn key(out: &mut String, table: &str, name: &str, text: &str) {
    let full = format!("{table} {name}");
    let range = ranges::ALL.iter().find(|r| r.key == full);
    let text = match range {
        Some(r) if r.unit.is_empty() => format!("{} to {}. {text}", r.min, r.max),
        Some(r) => format!("{} to {} {}. {text}", r.min, r.max, r.unit),
        None => text.to_string(),
    };
    item(out, name, &text);
}

/// The CONFIGURATION section: every table of `newshound.toml`, the watchlists file and the
/// alias file, with every key.
pub(super) fn configuration(out: &mut String) {
    section(out, "CONFIGURATION");
    para(
        out,
        "The config file is TOML. Relative paths in it are relative to its directory, except \
         the database and the outbox directory, which are relative to $STATE_DIRECTORY when it \
         is set. Unknown keys, values of the wrong type and numbers outside the ranges below \
         are errors, reported by newshound check at their file, line and column.",
    );
    sub(out, "[storage]");
    key(
        out,
        "[storage]",
        "path",
        &format!("The SQLite database. Default {}.", defaults::STORAGE_PATH),
    );
    key(
        out,
        "[storage]",
        "keep_text_days",
        &format!(
            "How long each article's extracted text is kept, for watch backtest and watch \
             label; 0 keeps none. Default {}.",
            defaults::KEEP_TEXT_DAYS
        ),
    );
    sub(out, "[schedule]");
    key(
        out,
        "[schedule]",
        "default_poll",
        &format!(
            "When feeds are polled: cron with six fields, seconds first \
             (sec min hour day-of-month month day-of-week). Default \"{}\".",
            defaults::DEFAULT_POLL
        ),
    );
    key(
        out,
        "[schedule]",
        "timezone",
        &format!(
            "The IANA time zone schedules are read in. Default {}.",
            defaults::TIMEZONE
        ),
    );
    key(
        out,
        "[schedule]",
        "jitter_secs",
        &format!(
            "Feeds due at the same second are spread over this many seconds. Default {}.",
            defaults::JITTER_SECS
        ),
    );
    sub(out, "[fetch]");
    let fetch: [(&str, String); 13] = [
        (
            "timeout_secs",
            format!(
                "One request's whole time. Default {}.",
                defaults::TIMEOUT_SECS
            ),
        ),
        (
            "connect_timeout_secs",
            format!("Connecting. Default {}.", defaults::CONNECT_TIMEOUT_SECS),
        ),
        (
            "max_body_bytes",
            format!(
                "A feed is read up to this size. Default {}.",
                defaults::MAX_BODY_BYTES
            ),
        ),
        (
            "max_page_bytes",
            format!(
                "An article page beyond this size is cut and read from what came before. \
                 Default {}.",
                defaults::MAX_PAGE_BYTES
            ),
        ),
        (
            "max_redirects",
            format!("Default {}.", defaults::MAX_REDIRECTS),
        ),
        (
            "concurrency",
            format!(
                "Requests in flight at once, over all hosts. Default {}.",
                defaults::CONCURRENCY
            ),
        ),
        (
            "per_host_concurrency",
            format!(
                "Requests in flight at once to one host. Default {}.",
                defaults::PER_HOST_CONCURRENCY
            ),
        ),
        (
            "backoff_base_secs",
            format!(
                "A failing feed is tried again after this long, doubling with each further \
                 failure. Default {}.",
                defaults::BACKOFF_BASE_SECS
            ),
        ),
        (
            "backoff_max_secs",
            format!(
                "The longest wait between tries of a failing feed. Default {}.",
                defaults::BACKOFF_MAX_SECS
            ),
        ),
        (
            "max_articles_per_poll",
            format!(
                "Article pages fetched per feed and poll; the rest wait for the next polls. \
                 Default {}.",
                defaults::MAX_ARTICLES_PER_POLL
            ),
        ),
        (
            "article_budget_secs",
            format!(
                "How long one feed's article pages may take in one poll, together. Default {}.",
                defaults::ARTICLE_BUDGET_SECS
            ),
        ),
        (
            "allow_private_addresses",
            "Fetch article pages on loopback, private or link-local addresses. Default false."
                .to_string(),
        ),
        (
            "user_agent",
            "The User-Agent header of every request.".to_string(),
        ),
    ];
    for (name, text) in &fetch {
        key(out, "[fetch]", name, text);
    }
    sub(out, "[watch]");
    key(
        out,
        "[watch]",
        "file",
        &format!(
            "The watchlists file. Default {} beside the config.",
            defaults::WATCHLISTS_FILE
        ),
    );
    key(
        out,
        "[watch]",
        "aliases",
        &format!(
            "The shared alias file. Default {} beside the watchlists file, when there is one.",
            defaults::ALIASES_FILE
        ),
    );
    sub(out, "[[feed]]");
    for (name, text) in [
        ("name", "The feed's name, unique."),
        ("url", "The feed's address (http or https)."),
        (
            "poll",
            "Its own cron schedule instead of [schedule] default_poll.",
        ),
        (
            "fetch_article",
            "Fetch each entry's article page (default true); false matches the feed's own text.",
        ),
        (
            "label",
            "How to weigh the outlet, shown beside its name in digests.",
        ),
    ] {
        key(out, "[[feed]]", name, text);
    }
    sub(out, "[[digest]]");
    for (name, text) in [
        (
            "name",
            "The digest's name, as digest send and digest preview take it.",
        ),
        ("send", "When it is sent: cron with seconds."),
        ("to", "The recipients' addresses."),
        ("watchlists", "The ids of its watchlists. Default all."),
        ("timezone", "Its time zone. Default [schedule] timezone."),
        ("send_empty", "Send it when nothing matched. Default false."),
    ] {
        key(out, "[[digest]]", name, text);
    }
    sub(out, "[mail]");
    key(
        out,
        "[mail]",
        "from",
        &format!("The From address. Default \"{}\".", defaults::MAIL_FROM),
    );
    key(
        out,
        "[mail]",
        "transport",
        "\"file\" (default): write .eml files into dir; \"smtp\": send through [mail.smtp].",
    );
    key(
        out,
        "[mail]",
        "dir",
        &format!(
            "Where the file transport writes. Default {}.",
            defaults::OUTBOX_DIR
        ),
    );
    sub(out, "[mail.smtp]");
    key(out, "[mail.smtp]", "host", "The mail server.");
    key(
        out,
        "[mail.smtp]",
        "port",
        &format!(
            "Default {} (465 for tls, 25 for none).",
            defaults::SMTP_PORT_STARTTLS
        ),
    );
    key(
        out,
        "[mail.smtp]",
        "security",
        "\"starttls\" (default; refuses to send without STARTTLS), \"tls\" (implicit TLS) or \
         \"none\" (only to localhost, 127.0.0.1 or ::1).",
    );
    key(
        out,
        "[mail.smtp]",
        "username",
        "The login, if the server wants one.",
    );
    key(
        out,
        "[mail.smtp]",
        "password_file",
        "A file holding the password; a relative name is looked up in $CREDENTIALS_DIRECTORY \
         first, then beside the config.",
    );
    key(
        out,
        "[mail.smtp]",
        "password_env",
        "The name of an environment variable holding the password (instead of password_file).",
    );
    key(
        out,
        "[mail.smtp]",
        "password",
        "Ignored: check warns that a password does not belong in the config.",
    );
    key(
        out,
        "[mail.smtp]",
        "timeout_secs",
        &format!("Default {}.", defaults::SMTP_TIMEOUT_SECS),
    );
    sub(out, "[[site]]");
    key(
        out,
        "[[site]]",
        "host",
        "The site the rule is for, and its subdomains.",
    );
    key(
        out,
        "[[site]]",
        "selector",
        "CSS: the article's container, whose text is taken as the body.",
    );
    key(
        out,
        "[[site]]",
        "exclude",
        "A list of CSS selectors: elements removed before anything else looks at the page.",
    );
    sub(out, "[http]");
    key(
        out,
        "[http]",
        "listen",
        "Address and port of the /healthz and /metrics listener, e.g. \"127.0.0.1:9464\". \
         Off when absent.",
    );
    key(
        out,
        "[http]",
        "allow_remote",
        "Allow an address other than loopback (the endpoints have no authentication). \
         Default false.",
    );
    sub(out, "[[watchlist]]");
    para(out, "In the watchlists file, one table per topic.");
    for (name, text) in [
        (
            "id",
            "The watchlist's id, used in digests, the store and on the command line.",
        ),
        ("title", "Its title, shown in digests."),
        ("query", "The query (see QUERY LANGUAGE)."),
        (
            "aliases",
            "Groups of spellings of its own, e.g. [[\"Kyiv\", \"Kiev\"]]; they win over a \
             shared group for the spellings they list.",
        ),
        (
            "alert",
            "\"digest\" (default), or \"immediate\": a match is also mailed at once to the \
             recipients of every digest that lists the watchlist.",
        ),
        (
            "min_score",
            "Each distinct term of the query found scores 1, or 2 in the headline; a match \
             needs this score. Default 1.",
        ),
        (
            "examples",
            "A JSON Lines file of labelled examples (relative to the watchlists file) that a \
             model learns the topic from.",
        ),
        (
            "decide",
            "\"query\", \"model\", \"query-and-model\" or \"query-or-model\" (the default when \
             examples are given; query without them).",
        ),
        (
            "threshold",
            "The model's probability from which it matches alone. Default 0.5.",
        ),
        (
            "veto",
            "A query match stands unless the model's probability is under this. Default 0.25.",
        ),
    ] {
        key(out, "[[watchlist]]", name, text);
    }
    sub(out, "aliases.toml");
    key(
        out,
        "aliases.toml",
        "aliases",
        "Groups of spellings that mean one name, shared by every watchlist: \
         aliases = [[\"Kyiv\", \"Kiev\"], ...].",
    );
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

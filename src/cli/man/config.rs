//! The CONFIGURATION section of the man page: every table of `newshound.toml`, with each
//! numeric key's range from `config::ranges`, the very bounds `check` enforces.

use super::{item, para, section, sub};
use crate::config::{defaults, ranges};

/// One key of a table: its name, and what it means (with its range, if it is numeric).
pub(super) fn key(out: &mut String, table: &str, name: &str, text: &str) {
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
pub(in crate::cli) fn configuration(out: &mut String) {
    section(out, "CONFIGURATION");
    para(
        out,
        "The config file is TOML. Relative paths in it are relative to its directory, except \
         the database and the outbox directory, which are relative to $STATE_DIRECTORY when it \
         is set. Unknown keys, values of the wrong type and numbers outside the ranges below \
         are errors, reported by newshound check at their file, line and column.",
    );
    super::storage::storage_keys(out);
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
        (
            "to",
            "The recipients' addresses (may be empty when channels are set).",
        ),
        (
            "channels",
            "Names of [[channel]] tables that get the digest and its alerts too.",
        ),
        ("watchlists", "The ids of its watchlists. Default all."),
        ("timezone", "Its time zone. Default [schedule] timezone."),
        ("send_empty", "Send it when nothing matched. Default false."),
    ] {
        key(out, "[[digest]]", name, text);
    }
    super::channels::channel_keys(out);
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

//! `newshound check`: validates the config, then shows on one screen what the daemon would do
//! with it — feeds, watchlists, when each digest goes out next, where mail and data go — so an
//! operator sees a wrong time zone or transport before it costs a morning's digest.

use super::check_models::{ModelReport, models};
use super::commands::{Failure, Outcome, load};
use super::out::outln;
use crate::config::{Config, Security, Transport};
use crate::model::Alert;
use crate::schedule::{next_fire, parse_cron};
use anyhow::Context;
use chrono::{DateTime, Utc};
use std::path::Path;
use std::process::ExitCode;

pub(super) async fn check(path: &Path, now: DateTime<Utc>) -> Outcome {
    let cfg = load(path)?;
    // Building the mailer checks what validation alone cannot (the sender's address as lettre
    // reads it, the TLS setup).
    crate::mail::Mailer::new(&cfg.mail)
        .context("mail settings")
        .map_err(Failure::Usage)?;
    let reports = models(&cfg);
    for line in summary(&cfg, now, &reports) {
        outln!("{line}");
    }
    if let crate::store::Location::Postgres(options) = &cfg.storage {
        outln!("  server:     {}", server_line(options).await?);
    }
    let model_warnings = reports.iter().flat_map(|r| r.warnings.iter().cloned());
    for w in cfg
        .warnings
        .iter()
        .map(ToString::to_string)
        .chain(model_warnings)
    {
        eprintln!("newshound: warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Connects to the PostgreSQL server, changing nothing, and says what it found: its version
/// and where the schema stands.
async fn server_line(options: &crate::store::PgOptions) -> Result<String, Failure> {
    use crate::store::Schema;
    let (version, schema) = crate::store::Postgres::inspect(options)
        .await
        .context("[storage] url")
        .map_err(Failure::Runtime)?;
    let schema = match schema {
        Schema::Current(v) => format!("schema version {v}, current"),
        Schema::Behind { at: 0, latest } => format!(
            "no newshound schema yet: the first `newshound run` creates it (version {latest})"
        ),
        Schema::Behind { at, latest } => format!(
            "schema version {at}, behind this newshound's {latest}: the next `newshound run` brings it forward"
        ),
        Schema::Ahead { at, latest } => {
            return Err(Failure::Usage(anyhow::anyhow!(
                "the database's schema is version {at}, written by a newer newshound; this one knows up to {latest}: run the newer version"
            )));
        }
    };
    Ok(format!("PostgreSQL {version}, {schema}"))
}

/// One channel: its kind, server and target, and what a crash can cost on it.
fn channel_line(c: &crate::config::ChannelConfig) -> String {
    let host = c.url.as_ref().and_then(|u| u.host_str());
    let target = if c.target.is_empty() {
        c.to.join(", ")
    } else {
        c.target.clone()
    };
    let mut line = format!("{} ({}", c.name, c.kind.as_str());
    if let Some(h) = host {
        line.push_str(&format!(" via {h}"));
    }
    if !target.is_empty() {
        line.push_str(&format!(" to {target}"));
    }
    if !c.kind.deduplicates() {
        line.push_str("; a crash between acceptance and record may repeat one message");
    }
    line.push(')');
    line
}

/// The summary lines of a valid config, digests' next runs counted from `now`.
pub(super) fn summary(cfg: &Config, now: DateTime<Utc>, models: &[ModelReport]) -> Vec<String> {
    let mut out = vec![format!("{}: OK", cfg.path.display())];
    let own = cfg
        .feeds
        .iter()
        .filter(|f| f.poll != cfg.schedule.default_poll)
        .count();
    out.push(format!(
        "  feeds:      {} ({} on the default schedule \"{}\" {}, {own} on their own)",
        cfg.feeds.len(),
        cfg.feeds.len() - own,
        cfg.schedule.default_poll,
        cfg.schedule.timezone.name(),
    ));
    let ids: Vec<&str> = cfg.watchlists.iter().map(|w| w.id.as_str()).collect();
    out.push(format!(
        "  watchlists: {} ({}) from {}",
        ids.len(),
        ids.join(", "),
        cfg.watchlists_path.display()
    ));
    let width = ids.iter().map(|i| i.chars().count()).max().unwrap_or(0);
    for w in &cfg.watchlists {
        out.push(format!(
            "    {:width$}  alert {}, min_score {}",
            w.id,
            match w.alert {
                Alert::Digest => "digest",
                Alert::Immediate => "immediate",
            },
            w.min_score
        ));
        if let Some(r) = models.iter().find(|r| r.watchlist == w.id) {
            out.extend(r.lines.iter().cloned());
        }
    }
    if let Some(p) = &cfg.aliases_path {
        out.push(format!(
            "  aliases:    {} groups from {}",
            cfg.aliases.len(),
            p.display()
        ));
    }
    for d in &cfg.digests {
        let next = parse_cron(&d.send)
            .ok()
            .and_then(|c| next_fire(&c, d.timezone, now))
            .map_or("never".to_string(), |t| {
                t.with_timezone(&d.timezone)
                    .format("%a %Y-%m-%d %H:%M %Z")
                    .to_string()
            });
        out.push(format!(
            "  digest {}: next {next} ({}, \"{}\")",
            d.name,
            d.timezone.name(),
            d.send
        ));
        out.push(format!(
            "    to {}; watchlists {}",
            d.to.join(", "),
            d.watchlists.join(", ")
        ));
    }
    out.push(format!("  mail:       {}", transport(cfg)));
    for c in &cfg.channels {
        out.push(format!("  channel:    {}", channel_line(c)));
    }
    out.push(match &cfg.storage {
        crate::store::Location::Sqlite(path) => {
            format!("  database:   {} (SQLite)", path.display())
        }
        crate::store::Location::Postgres(o) => format!("  database:   {} (PostgreSQL)", o.url),
    });
    let hosts: Vec<&str> = cfg.sites.iter().map(|s| s.host()).collect();
    out.push(match hosts.len() {
        0 => "  site rules: none".to_string(),
        n => format!("  site rules: {n} ({})", hosts.join(", ")),
    });
    out.push(match &cfg.http {
        None => "  http:       off (set [http] listen for /healthz and /metrics)".to_string(),
        Some(h) => format!("  http:       /healthz and /metrics on {}", h.listen),
    });
    if !cfg.warnings.is_empty() {
        out.push(format!(
            "  warnings:   {} (below, on standard error)",
            cfg.warnings.len()
        ));
    }
    out
}

fn transport(cfg: &Config) -> String {
    let from = &cfg.mail.from;
    match &cfg.mail.transport {
        Transport::File { dir } => format!(".eml files in {}, from {from}", dir.display()),
        Transport::Smtp(s) => {
            let security = match s.security {
                Security::StartTls => "STARTTLS",
                Security::Tls => "TLS",
                Security::None => "plain, this machine only",
            };
            let login = match (&s.username, &s.password) {
                (Some(u), Some(_)) => format!(", login {u}"),
                _ => ", no login".to_string(),
            };
            format!(
                "SMTP {}:{} ({security}{login}), from {from}",
                s.host, s.port
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{models, summary};
    use chrono::TimeZone;
    use std::path::Path;

    #[test]
    fn the_shipped_config_fits_one_screen_with_the_next_digest_in_local_time() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/newshound.toml");
        let cfg = crate::config::Config::load_with(&path, None).expect("the shipped config");
        // 06:30 in Kyiv (UTC+2 in winter): the 07:00 digest is half an hour away.
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 20, 4, 30, 0)
            .single()
            .expect("time");
        let lines = summary(&cfg, now, &models(&cfg));
        assert!(lines.len() <= 25, "{lines:#?}");
        let text = lines.join("\n");
        assert!(
            text.contains(
                "digest daily: next Fri 2026-11-20 07:00 EET (Europe/Kyiv, \"0 0 7 * * *\")"
            ),
            "{text}"
        );
        assert!(
            text.contains("feeds:      14 (12 on the default schedule \"0 */15 * * * *\" Europe/Kyiv, 2 on their own)"),
            "{text}"
        );
        assert!(
            text.contains("pow-exchange            alert digest"),
            "{text}"
        );
        assert!(text.contains("mail:       .eml files in "), "{text}");
        assert!(text.contains("site rules: none"), "{text}");
        assert!(text.contains("http:       off"), "{text}");
    }
}

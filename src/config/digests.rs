//! Validating `[[digest]]` tables: unique names, a schedule, recipients that are mail
//! addresses, watchlists that exist, and the digest's time zone (the schedule's by default).

use super::DigestConfig;
use super::error::Located;
use super::raw::{RawDigest, S};
use super::validate::{cron_or_report, tz_or_report};
use chrono_tz::Tz;
use std::collections::HashSet;

pub(super) fn digests(
    at: &mut Located,
    raw: &[S<RawDigest>],
    tz: Tz,
    known: &HashSet<&str>,
    channels: &HashSet<&str>,
) -> Vec<DigestConfig> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for d in raw {
        let d = d.get_ref();
        let name = d.name.get_ref().trim().to_string();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            at.at(
                d.name.span().start,
                format!("digest name {name:?} must be non-empty letters, digits, '-' or '_'"),
            );
        } else if !names.insert(name.clone()) {
            at.at(
                d.name.span().start,
                format!("duplicate digest name {name:?}"),
            );
        }
        let send = cron_or_report(at, &d.send);
        for c in &d.channels {
            if !channels.contains(c.get_ref().as_str()) {
                let mut names: Vec<&&str> = channels.iter().collect();
                names.sort();
                at.at(
                    c.span().start,
                    format!(
                        "digest {name:?}: unknown channel {:?} (known: {names:?})",
                        c.get_ref()
                    ),
                );
            }
        }
        // A digest told only through channels needs no mail recipient.
        if d.to.is_empty() && d.channels.is_empty() {
            at.at(
                d.name.span().start,
                format!("digest {name:?} has no recipients: set to = [\"you@example.org\"]"),
            );
        }
        for to in &d.to {
            if let Err(e) = to.get_ref().parse::<lettre::message::Mailbox>() {
                at.at(
                    to.span().start,
                    format!(
                        "digest {name:?}: invalid recipient {:?}: {e}; write a mail address \
                         such as \"analyst@example.org\" or \"Desk <desk@example.org>\"",
                        to.get_ref()
                    ),
                );
            }
        }
        for w in &d.watchlists {
            if !known.contains(w.get_ref().as_str()) {
                let mut ids: Vec<&&str> = known.iter().collect();
                ids.sort();
                at.at(
                    w.span().start,
                    format!(
                        "digest {name:?}: unknown watchlist {:?} (known: {ids:?})",
                        w.get_ref()
                    ),
                );
            }
        }
        let timezone = d
            .timezone
            .as_ref()
            .and_then(|t| tz_or_report(at, t))
            .unwrap_or(tz);
        let watchlists = if d.watchlists.is_empty() {
            let mut all: Vec<String> = known.iter().map(|s| s.to_string()).collect();
            all.sort();
            all
        } else {
            d.watchlists.iter().map(|w| w.get_ref().clone()).collect()
        };
        out.push(DigestConfig {
            name,
            send,
            to: d.to.iter().map(|t| t.get_ref().clone()).collect(),
            watchlists,
            timezone,
            send_empty: d.send_empty,
            channels: d.channels.iter().map(|c| c.get_ref().clone()).collect(),
        });
    }
    out
}

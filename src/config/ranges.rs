//! The range every numeric key accepts, named in one place and checked by `check` at the
//! key's line and column. A value outside its range is an error, never clamped in silence:
//! values past these bounds either panic deep in the program (a duration beyond what the
//! clock holds, a semaphore beyond its limit) or make no sense (a redirect chain of a billion
//! hops). The README's configuration table states the same ranges; a test holds them equal.

use super::error::Located;
use super::raw::S;

/// One numeric key: where it is, what it counts, and the values it takes.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    pub key: &'static str,
    pub min: i64,
    pub max: i64,
    /// What the number counts, for the message ("seconds", "bytes").
    pub unit: &'static str,
}

const MIB: i64 = 1024 * 1024;

pub const KEEP_TEXT_DAYS: Range = range("[storage] keep_text_days", 0, 3650, "days");
pub const POOL_SIZE: Range = range("[storage] pool_size", 1, 256, "connections");
pub const LEASE_SECS: Range = range("[storage] lease_secs", 1, 86_400, "seconds");
pub const JITTER_SECS: Range = range("[schedule] jitter_secs", 0, 3600, "seconds");
pub const TIMEOUT_SECS: Range = range("[fetch] timeout_secs", 1, 3600, "seconds");
pub const CONNECT_TIMEOUT_SECS: Range = range("[fetch] connect_timeout_secs", 1, 600, "seconds");
pub const MAX_BODY_BYTES: Range = range("[fetch] max_body_bytes", 1024, 256 * MIB, "bytes");
pub const MAX_PAGE_BYTES: Range = range("[fetch] max_page_bytes", 16 * 1024, 8 * MIB, "bytes");
pub const MAX_REDIRECTS: Range = range("[fetch] max_redirects", 0, 20, "redirects");
pub const CONCURRENCY: Range = range("[fetch] concurrency", 1, 1024, "requests");
pub const PER_HOST_CONCURRENCY: Range = range("[fetch] per_host_concurrency", 1, 64, "requests");
pub const BACKOFF_BASE_SECS: Range = range("[fetch] backoff_base_secs", 0, 86_400, "seconds");
pub const BACKOFF_MAX_SECS: Range = range("[fetch] backoff_max_secs", 1, 604_800, "seconds");
pub const MAX_ARTICLES_PER_POLL: Range = range("[fetch] max_articles_per_poll", 0, 10_000, "pages");
pub const ARTICLE_BUDGET_SECS: Range = range("[fetch] article_budget_secs", 1, 3600, "seconds");
pub const SMTP_PORT: Range = range("[mail.smtp] port", 1, 65_535, "");
pub const SMTP_TIMEOUT_SECS: Range = range("[mail.smtp] timeout_secs", 1, 3600, "seconds");
pub const CHANNEL_TIMEOUT_SECS: Range = range("[[channel]] timeout_secs", 1, 600, "seconds");

/// Every range, for the README test and `check`'s documentation.
pub const ALL: &[Range] = &[
    KEEP_TEXT_DAYS,
    POOL_SIZE,
    LEASE_SECS,
    JITTER_SECS,
    TIMEOUT_SECS,
    CONNECT_TIMEOUT_SECS,
    MAX_BODY_BYTES,
    MAX_PAGE_BYTES,
    MAX_REDIRECTS,
    CONCURRENCY,
    PER_HOST_CONCURRENCY,
    BACKOFF_BASE_SECS,
    BACKOFF_MAX_SECS,
    MAX_ARTICLES_PER_POLL,
    ARTICLE_BUDGET_SECS,
    SMTP_PORT,
    SMTP_TIMEOUT_SECS,
    CHANNEL_TIMEOUT_SECS,
];

const fn range(key: &'static str, min: i64, max: i64, unit: &'static str) -> Range {
    Range {
        key,
        min,
        max,
        unit,
    }
}

impl Range {
    /// The value written for this key (reported at its place when out of range, the default
    /// standing in), or the default when the key is absent.
    pub(super) fn read<T: TryFrom<i64>>(
        &self,
        at: &mut Located,
        v: &Option<S<i64>>,
        default: T,
    ) -> T {
        let Some(v) = v else { return default };
        let n = *v.get_ref();
        if n < self.min || n > self.max {
            at.at(v.span().start, self.message(n));
            return default;
        }
        T::try_from(n).unwrap_or(default)
    }

    fn message(&self, n: i64) -> String {
        let unit = if self.unit.is_empty() {
            String::new()
        } else {
            format!(" {}", self.unit)
        };
        format!(
            "{} = {n} is out of range: it takes {} to {}{unit}",
            self.key, self.min, self.max
        )
    }

    /// How the README's table writes the range: `1–3600`.
    pub fn written(&self) -> String {
        format!("{}–{}", self.min, self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_states_every_range() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
            .expect("README");
        let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `[")).collect();
        for r in ALL {
            let (table_name, key) = r.key.split_once(' ').expect("[table] key");
            let row = table
                .iter()
                .find(|l| l.starts_with(&format!("| `{table_name}`")))
                .unwrap_or_else(|| panic!("no README row for {table_name}"));
            let stated = format!("`{key}` ({}", r.written());
            assert!(
                row.contains(&stated),
                "README's {table_name} row does not state {stated}…: {row}"
            );
        }
    }
}

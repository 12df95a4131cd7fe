//! "Feeds needing attention": which failing feeds the foot of a digest lists. A feed that
//! fails for a poll or two is normal weather on the internet; one silent for a day is a source
//! the operator has lost without noticing, which is what this list is for.

use crate::model::FeedTrouble;
use chrono::{DateTime, Duration, Utc};

/// How long a feed must have been failing before a digest mentions it.
pub const ATTENTION_AFTER_HOURS: i64 = 24;

/// Whether a feed whose last poll failed (`failures` in a row) needs the operator: its last
/// success is over a day old, or it never worked at all (a feed that never worked is usually
/// a wrong address, worth fixing at once).
pub fn needs_attention(
    last_success: Option<DateTime<Utc>>,
    failures: u32,
    now: DateTime<Utc>,
) -> bool {
    failures > 0 && last_success.is_none_or(|t| now - t > Duration::hours(ATTENTION_AFTER_HOURS))
}

/// The feeds of `feeds` that need attention, those silent longest first.
pub fn feeds_needing_attention(
    mut feeds: Vec<FeedTrouble>,
    now: DateTime<Utc>,
) -> Vec<FeedTrouble> {
    feeds.retain(|f| needs_attention(f.last_success, f.failures, now));
    // `None` (never worked) sorts first.
    feeds.sort_by(|a, b| {
        a.last_success
            .cmp(&b.last_success)
            .then_with(|| a.feed.cmp(&b.feed))
    });
    feeds
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn trouble(feed: &str, last_success: Option<DateTime<Utc>>, failures: u32) -> FeedTrouble {
        FeedTrouble {
            feed: feed.into(),
            label: None,
            last_success,
            failures,
            error: "HTTP 503".into(),
        }
    }

    #[test]
    fn only_feeds_failing_for_over_a_day_oldest_first() {
        let now = Utc.with_ymd_and_hms(2023, 6, 5, 4, 0, 0).unwrap();
        let ago = |h: i64| Some(now - Duration::hours(h));
        let feeds = vec![
            trouble("hour", ago(1), 4),
            trouble("day", ago(24), 96),
            trouble("week", ago(24 * 7), 600),
            trouble("recovered", ago(48), 0),
            trouble("never", None, 2),
            trouble("dayandabit", ago(25), 100),
        ];
        let names: Vec<String> = feeds_needing_attention(feeds, now)
            .into_iter()
            .map(|f| f.feed)
            .collect();
        assert_eq!(names, ["never", "week", "dayandabit"]);
    }
}

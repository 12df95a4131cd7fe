//! The fingerprints of recently recorded stories, for grouping a new entry with an earlier
//! report of the same event. Decisions read the store: before a poll groups its entries it
//! brings this cache up to what the database holds — entries recorded since by any process
//! (the daemon, `poll --once` beside it) — under the store's recording lock, which it keeps
//! while it records. The cache only saves re-reading and decoding thousands of rows per poll.

use crate::cluster::{Background, Fingerprint};
use crate::store::{Store, StoreError, StoryRow};
use chrono::{DateTime, Duration, Utc};
use std::collections::VecDeque;
use std::sync::Mutex;

/// How far back a new entry looks for an earlier report of the same story, by when each was
/// seen: the cache holds what was recorded this long ago.
const WINDOW_DAYS: i64 = 7;
/// How far apart, by the dates the reports give (else when they were seen), two reports of
/// one story can be. One event's reports come within a day or two of it (142 of the 144
/// same-event pairs of the cluster benchmark are at most 3 days apart); talks that agree an
/// exchange and the exchange, or the next raid on the same village, come days to weeks
/// later in the same words. Dates matter for
/// a feed's back catalogue too: its first poll records months of reports at once, and by
/// seen time alone every exchange of the year would be one week's news.
pub const SAME_STORY_DAYS: i64 = 3;
/// At most this many recent entries are compared with a new one.
const CAPACITY: usize = 2000;

/// A recorded entry: its story (cluster id), when it was seen, when it was told (see
/// [`told`]), its fingerprint.
type Seen = (i64, DateTime<Utc>, DateTime<Utc>, Fingerprint);

/// When a report tells its story: the date it gives, unless that is missing or later than
/// when it was seen (a feed's clock or a typo), then when it was seen.
pub fn told(published: Option<DateTime<Utc>>, seen: DateTime<Utc>) -> DateTime<Utc> {
    published.filter(|p| *p <= seen).unwrap_or(seen)
}

/// Whether two reports told at these times are close enough to be one story.
pub fn close_in_time(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_days().abs() <= SAME_STORY_DAYS
}

#[derive(Default)]
pub struct RecentStories {
    cache: Mutex<Option<Cache>>,
}

struct Cache {
    /// Newest first.
    items: VecDeque<Seen>,
    /// The last entry id read from the store.
    last_id: i64,
    /// How common each name and figure is among `items`.
    background: Background,
}

impl RecentStories {
    /// Reads what was recorded since the last call (all of the window on the first), so that
    /// `find` sees every process's entries. Call it holding `Store::lock_recording`.
    ///
    /// The cache is not locked while the store answers (its guard cannot be held across a
    /// wait); rows are applied only past the cache's last id, so a refresh racing another
    /// cannot add a row twice.
    pub async fn refresh(&self, store: &dyn Store, now: DateTime<Utc>) -> Result<(), StoreError> {
        let horizon = now - Duration::days(WINDOW_DAYS);
        let known = self.lock().as_ref().map(|c| c.last_id);
        let mut after = match known {
            Some(id) => id,
            None => {
                let rows = store.recent_stories(horizon, CAPACITY).await?;
                let last_id = store.last_entry_id().await?;
                let mut guard = self.lock();
                if guard.is_none() {
                    let last_id = rows.iter().map(|r| r.0).max().unwrap_or(0).max(last_id);
                    let items = rows.into_iter().filter_map(decode).collect();
                    *guard = Some(Cache {
                        items,
                        last_id,
                        background: Background::default(),
                    });
                }
                guard.as_ref().map_or(last_id, |c| c.last_id)
            }
        };
        loop {
            let rows = store.recorded_since(after, CAPACITY).await?;
            let Some(last) = rows.last().map(|r| r.0) else {
                break;
            };
            after = last;
            let full = rows.len() == CAPACITY;
            let mut guard = self.lock();
            if let Some(cache) = guard.as_mut() {
                for row in rows.into_iter().filter(|r| r.0 > cache.last_id) {
                    if let Some(seen) = decode(row) {
                        cache.items.push_front(seen);
                    }
                }
                cache.last_id = cache.last_id.max(last);
                cache.items.truncate(CAPACITY);
            }
            if !full {
                break;
            }
        }
        let mut guard = self.lock();
        let Some(cache) = guard.as_mut() else {
            return Ok(());
        };
        while cache
            .items
            .back()
            .is_some_and(|(_, at, _, _)| *at < horizon)
        {
            cache.items.pop_back();
        }
        // Rebuilt rather than kept up to date: a few thousand fingerprints, once per record.
        let mut background = Background::default();
        for (_, _, _, fp) in &cache.items {
            fp.add_to(&mut background);
        }
        cache.background = background;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Cache>> {
        // The cache is rebuilt from the store on any doubt; a panic elsewhere leaves it usable.
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The story (cluster id) an entry with fingerprint `fp`, told at `at`, belongs to, if
    /// one was recorded by the last `refresh`.
    pub fn find(&self, fp: &Fingerprint, at: DateTime<Utc>) -> Option<i64> {
        let guard = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().and_then(|c| {
            c.items
                .iter()
                .find(|(_, _, when, other)| {
                    close_in_time(at, *when) && fp.same_story_in(other, &c.background)
                })
                .map(|(id, _, _, _)| *id)
        })
    }

    /// Whether two reports, told at these times, are one story, weighed against the reports
    /// of the last `refresh`.
    pub fn same_story(
        &self,
        (a, a_at): (&Fingerprint, DateTime<Utc>),
        (b, b_at): (&Fingerprint, DateTime<Utc>),
    ) -> bool {
        let guard = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let empty = Background::default();
        let background = guard.as_ref().map_or(&empty, |c| &c.background);
        close_in_time(a_at, b_at) && a.same_story_in(b, background)
    }
}

/// A stored row as a cache item; a fingerprint that does not decode (written by a newer
/// version, say) only means that entry is not grouped with.
fn decode((_, cluster, at, published, json): StoryRow) -> Option<Seen> {
    serde_json::from_str::<Fingerprint>(&json)
        .ok()
        .map(|f| (cluster, at, told(published, at), f))
}

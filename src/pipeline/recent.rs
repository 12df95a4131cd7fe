//! The fingerprints of recently seen stories, kept in memory so a new entry is compared with
//! them without reading and decoding thousands of rows per entry. Loaded from the store on
//! first use, then kept current by the polls that record entries.

use crate::cluster::Fingerprint;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use std::collections::VecDeque;
use std::sync::Mutex;

/// How far back a new entry looks for an earlier report of the same story.
const WINDOW_DAYS: i64 = 7;
/// At most this many recent entries are compared with a new one.
const CAPACITY: usize = 2000;

/// A recorded entry: its story (cluster id), when it was seen, its fingerprint.
type Seen = (i64, DateTime<Utc>, Fingerprint);

#[derive(Default)]
pub struct RecentStories {
    /// Newest first. `None` until loaded.
    items: Mutex<Option<VecDeque<Seen>>>,
}

impl RecentStories {
    /// The story (cluster id) an entry with fingerprint `fp` belongs to, if one was seen.
    pub fn find(
        &self,
        store: &Store,
        fp: &Fingerprint,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let mut guard = self.items.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            let rows = store.recent_stories(now - Duration::days(WINDOW_DAYS), CAPACITY)?;
            let loaded = rows
                .into_iter()
                .filter_map(|(id, at, json)| {
                    serde_json::from_str::<Fingerprint>(&json)
                        .ok()
                        .map(|f| (id, at, f))
                })
                .collect();
            *guard = Some(loaded);
        }
        let items = guard.get_or_insert_with(VecDeque::new);
        let horizon = now - Duration::days(WINDOW_DAYS);
        while items.back().is_some_and(|(_, at, _)| *at < horizon) {
            items.pop_back();
        }
        Ok(items
            .iter()
            .find(|(_, _, other)| fp.same_story(other))
            .map(|(id, _, _)| *id))
    }

    /// Remembers a just-recorded entry.
    pub fn add(&self, cluster: i64, fp: Fingerprint, now: DateTime<Utc>) {
        let mut guard = self.items.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(items) = guard.as_mut() {
            items.push_front((cluster, now, fp));
            items.truncate(CAPACITY);
        }
    }
}

//! The end of a poll: match the processed entries, group them into stories against what
//! the store holds — under the store's recording lock, so another process recording the same
//! story at the same moment is seen — and record them with the poll's outcome and the
//! entries left waiting, in one transaction.

use super::article::Processed;
use super::poll::Poller;
use super::recent::told;
use super::report::PollReport;
use crate::cluster::Fingerprint;
use crate::model::{Entry, FeedId};
use crate::store::{NewEntry, PollOutcome, StoreError};
use chrono::{DateTime, Utc};

impl Poller {
    /// Matches the processed entries, groups them into stories against what the store holds
    /// (under the store's recording lock, so another process recording the same story at the
    /// same moment is seen) and records them with the poll's outcome and the backlog.
    pub(super) async fn record(
        &self,
        feed_id: FeedId,
        processed: Vec<Processed>,
        outcome: PollOutcome,
        later: &[Entry],
        report: &mut PollReport,
    ) -> Result<(), StoreError> {
        let matched: Vec<_> = processed
            .into_iter()
            .map(|p| {
                let matches = self.watch.matches(&p.title, &p.text);
                let fp = Fingerprint::of(&p.title, &p.text);
                (p, matches, fp)
            })
            .collect();
        if matched.is_empty() && later.is_empty() {
            // Nothing to group: most polls (a 304, an unchanged feed) end here, lock-free.
            self.store
                .record_fetch(feed_id, &[], outcome, &[], self.clock.now())
                .await?;
            return Ok(());
        }
        let _lock = self.store.lock_recording().await?;
        let now = self.clock.now();
        self.recent.refresh(&*self.store, now).await?;
        let mut batch = Vec::with_capacity(matched.len());
        let mut fingerprints: Vec<(&Fingerprint, DateTime<Utc>)> =
            Vec::with_capacity(matched.len());
        for (p, matches, fp) in &matched {
            if let Some(e) = &p.error {
                report.article_errors.push(e.clone());
            }
            if let Some(n) = &p.note {
                report.article_notes.push(n.clone());
            }
            let at = told(p.entry.published, now);
            let cluster_id = self.recent.find(fp, at);
            let mut entry = new_entry(feed_id, p, fp, cluster_id)?;
            if cluster_id.is_none() {
                entry.same_story_as = fingerprints
                    .iter()
                    .position(|(f, when)| self.recent.same_story((fp, at), (f, *when)));
            }
            batch.push((entry, matches.clone()));
            fingerprints.push((fp, at));
        }
        let recorded = self
            .store
            .record_fetch(feed_id, &batch, outcome, later, now)
            .await?;
        for (rec, (entry, matches)) in recorded.into_iter().zip(&batch) {
            if rec.is_none() {
                continue;
            }
            report.new_entries += 1;
            report.matches += matches.len();
            for m in matches {
                *report
                    .watchlist_matches
                    .entry(m.watchlist.clone())
                    .or_default() += 1;
            }
            if entry.text_source == "page" {
                report.from_page += 1;
            } else {
                report.from_feed += 1;
            }
        }
        Ok(())
    }
}

fn new_entry(
    feed_id: i64,
    p: &Processed,
    fp: &Fingerprint,
    cluster_id: Option<i64>,
) -> Result<NewEntry, StoreError> {
    Ok(NewEntry {
        feed_id,
        key: p.entry.key.clone(),
        link: p.entry.link.clone(),
        title: p.title.clone(),
        published: p.entry.published,
        text_source: p.source,
        text_error: p.error.clone(),
        text_len: p.text.len(),
        fingerprint: serde_json::to_string(fp).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        cluster_id,
        same_story_as: None,
        text: p.text.clone(),
    })
}

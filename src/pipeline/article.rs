//! One entry's text: its article page, fetched and extracted within the page budgets (see
//! `pages`) and the feed's time budget, or else the feed's own text with the reason why.

use super::pages::Pages;
use crate::extract::{self, Extractor};
use crate::fetch::{Fetched, Fetcher};
use crate::model::Entry;
use std::sync::Arc;
use tokio::time::Instant;

/// An entry with the text it will be matched on.
pub(super) struct Processed {
    pub entry: Entry,
    pub title: String,
    pub text: String,
    pub source: &'static str,
    /// Why the page was not used, when the feed's text stands in.
    pub error: Option<String>,
    /// What was cut on the way, when the page was used all the same.
    pub note: Option<String>,
}

/// What reading pages needs, shared by every feed of a poller.
pub(super) struct Reader<'a> {
    pub fetcher: &'a Fetcher,
    pub extractor: &'a Arc<Extractor>,
    pub pages: &'a Pages,
    /// When this feed's pages must be done; pages unread by then use the feed's text.
    pub deadline: Instant,
    pub budget_secs: u64,
}

fn from_feed(entry: Entry, error: Option<String>) -> Processed {
    Processed {
        title: entry.title.clone(),
        text: entry.summary.clone(),
        source: "feed",
        error,
        note: None,
        entry,
    }
}

impl Reader<'_> {
    /// The text to match an entry on: the extracted article page when it can be had in time
    /// and says more than the feed, else the feed's own text.
    pub async fn read(&self, entry: Entry, fetch_page: bool) -> Processed {
        let Some(link) = entry.link.clone().filter(|_| fetch_page) else {
            return from_feed(entry, None);
        };
        let url = match url::Url::parse(&link) {
            Ok(u) => u,
            Err(e) => return from_feed(entry, Some(format!("{link}: invalid link: {e}"))),
        };
        match tokio::time::timeout_at(self.deadline, self.page(&url)).await {
            Err(_) => from_feed(
                entry,
                Some(format!(
                    "{link}: not read: this feed's pages took longer than article_budget_secs ({} s) in all",
                    self.budget_secs
                )),
            ),
            Ok(Err(e)) => from_feed(entry, Some(e)),
            Ok(Ok((article, cut))) => {
                if article.text.len() < entry.summary.len() || article.text.trim().is_empty() {
                    return from_feed(
                        entry,
                        Some(format!("{link}: the page has less text than the feed")),
                    );
                }
                Processed {
                    title: if entry.title.is_empty() {
                        article.title
                    } else {
                        entry.title.clone()
                    },
                    text: article.text,
                    source: "page",
                    error: None,
                    note: cut,
                    entry,
                }
            }
        }
    }

    /// Fetches and extracts one page, holding its place in the page budgets throughout.
    /// Returns the article and, for a page cut at the cap, a note saying so.
    async fn page(
        &self,
        url: &url::Url,
    ) -> Result<(crate::model::Article, Option<String>), String> {
        let held = self.pages.hold().await;
        let body = match self.fetcher.get_page(url).await {
            Ok(Fetched::Modified(body)) => body,
            Ok(Fetched::NotModified) => {
                return Err(format!("{url}: answered 304 to a plain request"));
            }
            Err(e) => return Err(e.to_string()),
        };
        let cut = body.cut.then(|| {
            format!(
                "{url}: page larger than max_page_bytes ({} bytes): the article was read from its first part",
                body.bytes.len()
            )
        });
        let share = self.pages.extract(body.bytes.len()).await;
        let page_url = body.final_url.clone();
        let extractor = self.extractor.clone();
        let article = tokio::task::spawn_blocking(move || {
            let _share = share;
            let _held = held;
            let html = match crate::feed::as_utf8(&body.bytes) {
                Some(text) => text.to_string(),
                None => extract::decode_html(&body.bytes, body.content_type.as_deref()),
            };
            let len = body.bytes.len();
            drop(body);
            let article = extractor.extract(&html, Some(&page_url));
            drop(html);
            super::pages::give_back(len);
            article
        })
        .await
        .map_err(|e| format!("{url}: extraction failed: {e}"))?;
        Ok((article, cut))
    }
}

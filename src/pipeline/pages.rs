//! What article pages may cost at once, over every feed being polled: a page is fetched
//! only with one of `held` slots (so at most that many pages, each at most `max_page_bytes`,
//! are in memory at once), and extracted only with as many KiB of `extracting` as it has
//! bytes (so the HTML being extracted at once is at most `EXTRACT_BUDGET`, whatever its
//! structure: a hostile page costs the extractor far more memory per byte than a real one).
//! A page larger than the whole budget takes all of it and is extracted alone.
//!
//! With the default config (2 MiB pages, 16 requests) that is 32 MiB of page bytes, and
//! extraction of at most 2 MiB of HTML at a time — one hostile page, or dozens of real ones.

use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The HTML extracted at once, in bytes, over all feeds.
pub const EXTRACT_BUDGET: usize = 2 << 20;

/// Pages from this size on give their extraction's memory back to the system when done.
const GIVE_BACK_FROM: usize = 256 << 10;

pub struct Pages {
    held: Arc<Semaphore>,
    extracting: Arc<Semaphore>,
}

/// A page's right to be in memory; dropped once its article is extracted.
pub struct Held(#[allow(dead_code)] OwnedSemaphorePermit);

/// A page's share of the extraction budget, moved into the extraction and dropped after it.
pub struct Extracting(#[allow(dead_code)] OwnedSemaphorePermit);

impl Pages {
    /// Room for `held` pages in memory at once (the fetcher's concurrency is a good value:
    /// more cannot be downloading anyway).
    pub fn new(held: usize) -> Self {
        Self {
            held: Arc::new(Semaphore::new(held.clamp(1, Semaphore::MAX_PERMITS))),
            extracting: Arc::new(Semaphore::new(kib(EXTRACT_BUDGET) as usize)),
        }
    }

    pub async fn hold(&self) -> Held {
        Held(
            self.held
                .clone()
                .acquire_owned()
                .await
                .expect("the page semaphore is never closed"),
        )
    }

    /// Waits until a page of `len` bytes fits in the extraction budget.
    pub async fn extract(&self, len: usize) -> Extracting {
        let want = kib(len.min(EXTRACT_BUDGET)).max(1);
        Extracting(
            self.extracting
                .clone()
                .acquire_many_owned(want)
                .await
                .expect("the extraction semaphore is never closed"),
        )
    }
}

/// Called on the extracting thread once a page of `len` bytes is extracted and its model
/// dropped: for a large page, hands the freed memory back to the system. glibc keeps what a
/// thread frees in that thread's arena, and extractions run on whichever blocking thread is
/// free, so each arena kept the peak of the largest page it had extracted: a poll of 8 MiB
/// hostile pages, extracted one at a time at 250 MiB each, held 484–526 MiB (two or three
/// arenas' peaks) instead of one extraction's.
pub fn give_back(len: usize) {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if len >= GIVE_BACK_FROM {
        // SAFETY: malloc_trim takes no pointer and only returns free pages of the allocator's
        // arenas to the kernel; it is safe to call at any time from any thread.
        unsafe {
            libc::malloc_trim(0);
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let _ = len;
}

fn kib(bytes: usize) -> u32 {
    u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_page_as_large_as_the_budget_is_extracted_alone() {
        let pages = Pages::new(4);
        let small = pages.extract(100 * 1024).await;
        let big = pages.extract(64 << 20);
        tokio::pin!(big);
        assert!(
            futures_util::poll!(big.as_mut()).is_pending(),
            "waits for the small one"
        );
        drop(small);
        let big = big.await;
        let other = pages.extract(1);
        tokio::pin!(other);
        assert!(
            futures_util::poll!(other.as_mut()).is_pending(),
            "nothing beside it"
        );
        drop(big);
        assert!(futures_util::poll!(other.as_mut()).is_ready());
    }

    #[tokio::test]
    async fn at_most_the_held_number_of_pages_are_in_memory() {
        let pages = Pages::new(2);
        let _a = pages.hold().await;
        let b = pages.hold().await;
        let c = pages.hold();
        tokio::pin!(c);
        assert!(futures_util::poll!(c.as_mut()).is_pending());
        drop(b);
        assert!(futures_util::poll!(c.as_mut()).is_ready());
    }
}

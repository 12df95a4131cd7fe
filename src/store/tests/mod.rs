//! The store's behavioural suite: every test here runs against every engine, through the
//! interface only, on a fresh database each. An engine-specific test (SQLite's sync mode)
//! lives beside its engine.

mod outbox;
pub(crate) mod polls;
pub(crate) mod records;

use super::Store;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

type Opener = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Arc<dyn Store>> + Send>> + Send + Sync>;

/// A fresh, empty database of one engine, and a way to open it again as another process
/// (or a restarted one) would.
pub(crate) struct Fresh {
    pub store: Arc<dyn Store>,
    again: Opener,
    /// What the database lives in (a directory, a schema), removed when the test ends.
    _home: Box<dyn Send + Sync>,
}

impl Fresh {
    /// A second handle on the same database, as another process would hold.
    pub async fn another(&self) -> Arc<dyn Store> {
        (self.again)().await
    }
}

async fn sqlite() -> Option<Fresh> {
    let dir = tempfile::tempdir().expect("tmp");
    // A directory that does not exist yet: opening creates it.
    let path = dir.path().join("db/newshound.db");
    let store = crate::store::open_sqlite(&path).expect("open");
    let again: Opener = Box::new(move || {
        let path = path.clone();
        Box::pin(async move { crate::store::open_sqlite(&path).expect("open again") })
    });
    Some(Fresh {
        store,
        again,
        _home: Box::new(dir),
    })
}

/// `None` when no server answers (the test is then skipped, and says so once).
async fn postgres() -> Option<Fresh> {
    use crate::store::{Postgres, testdb};
    let schema = testdb::schema().await?;
    let options = schema.options.clone();
    let store: Arc<dyn Store> = Arc::new(Postgres::open(&options).await.expect("open"));
    let again: Opener = Box::new(move || {
        let options = options.clone();
        Box::pin(async move {
            let again: Arc<dyn Store> =
                Arc::new(Postgres::open(&options).await.expect("open again"));
            again
        })
    });
    Some(Fresh {
        store,
        again,
        _home: Box::new(schema),
    })
}

/// One `#[tokio::test]` per behaviour and engine: `sqlite::an_entry_is_recorded_once…`.
macro_rules! suite {
    ([$($engine:ident),*] => $tests:tt) => {
        $( suite!(@engine $engine $tests); )*
    };
    (@engine $engine:ident [$($module:ident::$name:ident),* $(,)?]) => {
        mod $engine {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(fresh) = super::$engine().await else {
                        return;
                    };
                    super::$module::$name(&fresh).await;
                }
            )*
        }
    };
}

suite!([sqlite, postgres] => [
    records::an_entry_is_recorded_once_with_its_matches,
    records::feed_state_tracks_validators_and_failures,
    outbox::a_claimed_match_is_not_pending_and_the_message_waits_until_sent,
    outbox::a_story_told_once_is_known_to_later_reports_of_its_cluster,
    outbox::the_send_lock_is_exclusive_across_processes_and_released_on_drop,
    records::texts_are_kept_with_their_entry_read_back_and_pruned,
    records::a_report_is_found_by_id_or_link_with_its_neighbours_by_time,
    polls::a_fetch_records_its_entries_and_state_together,
    polls::a_new_address_forgets_the_body_hash_with_the_validators,
    polls::entries_left_for_later_wait_in_the_backlog_until_recorded_by_any_feed,
    polls::a_feed_is_leased_to_one_node_at_a_time_until_its_lease_runs_out,
]);

//! Story grouping reads what is stored: `poll --once` run beside the daemon records a report
//! of an event, and the daemon, polling another outlet's report of the same event a moment
//! later, files it under the same story — not a second one its own memory would make.

mod common;

use common::web::Web;
use common::{Rig, feed_table, ok, seed_feed_of, sql_column, try_sql_column, wait_until};
use std::time::Duration;

#[test]
fn the_daemon_groups_with_a_story_another_process_recorded() {
    let web = Web::start();
    // Seeds 2 and 3 are two outlets' reports of the Belgorod captives; seed 0 is unrelated.
    web.set_feed("/a.xml", seed_feed_of(&web.uri(), &[0]));
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[]));
    let rig = Rig::new();
    rig.write_config(
        &[],
        9,
        &format!(
            "{}{}",
            feed_table("A", &web.url("/a.xml"), "poll = \"* * * * * *\""),
            feed_table("B", &web.url("/b.xml"), "")
        ),
    );
    let daemon = common::start_daemon(&rig);
    // Until the daemon has created the database and its tables there is nothing to count.
    let entries = |rig: &Rig| {
        try_sql_column(rig, "SELECT COUNT(*) FROM entries")
            .map(|c| c[0].clone())
            .unwrap_or_default()
    };
    wait_until(
        "the daemon to record seed 0",
        Duration::from_secs(30),
        || entries(&rig) == "1",
    );

    // Another process records outlet B's report.
    web.set_feed("/b.xml", seed_feed_of(&web.uri(), &[2]));
    ok(&rig.run(&["poll", "--once"]));
    assert_eq!(entries(&rig), "2");

    // The daemon then reads outlet A's report of the same event.
    web.set_feed("/a.xml", seed_feed_of(&web.uri(), &[0, 3]));
    wait_until(
        "the daemon to record seed 3",
        Duration::from_secs(30),
        || entries(&rig) == "3",
    );
    common::stop_daemon(daemon);
    let clusters = sql_column(
        &rig,
        "SELECT cluster_id FROM entries WHERE link LIKE '%seed-002%' OR link LIKE '%seed-003%' ORDER BY id",
    );
    assert_eq!(clusters.len(), 2);
    assert_eq!(
        clusters[0], clusters[1],
        "one event, one story, whichever process recorded each report"
    );
}

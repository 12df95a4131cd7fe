//! Several `newshound run` nodes on one PostgreSQL database share the polling: a feed due on
//! a tick is polled by one node, whose lease the others respect, and the feeds of a node
//! killed with SIGKILL are taken by another once its leases run out. Skipped, saying so,
//! without a PostgreSQL server (and failing instead when `CI` is set).

mod common;

use common::web::Web;
use common::{Rig, feed_table, ok, text_feed, wait_until};
use std::time::{Duration, Instant};

/// Query-only watchlists, so a node starts without training the shipped models.
fn quick_watchlists(rig: &Rig) {
    let dir = rig.config_path().parent().expect("dir").to_path_buf();
    std::fs::write(
        dir.join("watchlists.toml"),
        "[[watchlist]]\nid = \"pow-exchange\"\nquery = \"swap\"\n\n\
         [[watchlist]]\nid = \"cross-border-incursion\"\nquery = \"incursion\"\n",
    )
    .expect("watchlists");
}

/// `feeds --json`: the feed's lease holder and how many items it recorded.
fn feed_facts(rig: &Rig) -> (String, i64) {
    let out = ok(&rig.run(&["feeds", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).expect("feeds --json is JSON");
    let f = &v[0];
    (
        f["lease_owner"].as_str().unwrap_or_default().to_string(),
        f["items_seen"].as_i64().unwrap_or(-1),
    )
}

#[test]
fn two_nodes_poll_each_tick_once_and_a_killed_nodes_feed_is_taken_over() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let Some(schema) = rt.block_on(newshound::store::testdb::schema()) else {
        return;
    };
    let web = Web::start();
    let items = [
        ("k1", "a prisoner swap"),
        ("k2", "an incursion"),
        ("k3", "weather"),
    ];
    web.set_feed("/a.xml", text_feed(&web.uri(), &items));
    let rig = Rig::new();
    quick_watchlists(&rig);
    let storage = format!(
        "[storage]\nurl = {:?}\nlease_secs = 3\n\n",
        schema.options.url
    );
    let feed = feed_table("A", &web.url("/a.xml"), "poll = \"* * * * * *\"");
    rig.write_config(&[], 9, &format!("{storage}{feed}"));
    let first = common::start_daemon(&rig);
    let second = common::start_daemon(&rig);
    wait_until("a node to poll the feed", Duration::from_secs(60), || {
        web.hits("/a.xml") >= 2
    });

    // Both nodes' timers fire every second; over a while, the feed is fetched about once a
    // second, not twice.
    let (hits, since) = (web.hits("/a.xml"), Instant::now());
    std::thread::sleep(Duration::from_secs(8));
    let (fetched, secs) = (web.hits("/a.xml") - hits, since.elapsed().as_secs());
    assert!(
        fetched <= secs as usize + 2,
        "{fetched} fetches in {secs} s: each tick's poll by one node"
    );
    let (holder, seen) = feed_facts(&rig);
    assert_eq!(seen, 3, "each entry recorded once");
    let pids = [first.id(), second.id()];
    assert!(
        pids.iter().any(|p| holder.ends_with(&format!(":{p}"))),
        "the lease names a node ({holder}), one of {pids:?}"
    );

    // The holder dies without a word; the other takes the feed once the lease runs out.
    let (mut dead, alive) = if holder.ends_with(&format!(":{}", first.id())) {
        (first, second)
    } else {
        (second, first)
    };
    dead.kill().expect("SIGKILL");
    dead.wait().expect("reaped");
    let survivor = format!(":{}", alive.id());
    wait_until(
        "the surviving node to take the feed",
        Duration::from_secs(30),
        || feed_facts(&rig).0.ends_with(&survivor),
    );
    let before = web.hits("/a.xml");
    wait_until("the survivor to poll it", Duration::from_secs(30), || {
        web.hits("/a.xml") > before
    });
    common::stop_daemon(alive);
    assert_eq!(feed_facts(&rig).1, 3, "nothing recorded twice");
}

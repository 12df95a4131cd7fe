//! `newshound run` as a systemd service: it tells systemd it is ready, what it is doing, that
//! it is alive and that it is stopping, and a SIGHUP applies a good config and keeps the
//! running one over a broken one.

mod common;

use common::web::Web;
use common::{Feed, Rig, seed_feed, signal, wait_until};
use std::time::Duration;
use wiremock::ResponseTemplate;

#[test]
fn systemd_hears_ready_status_watchdog_and_stopping() {
    use std::os::unix::net::UnixDatagram;
    let site = Web::empty();
    site.get(
        "/feed.xml",
        ResponseTemplate::new(200).set_body_string(seed_feed(&site.url(""))),
    );
    let rig = Rig::polling(&[("Wire", site.url("/feed.xml"))], 9, "");
    let sock_path = rig.dir.path().join("notify.sock");
    let sock = UnixDatagram::bind(&sock_path).expect("bind notify socket");
    sock.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut child = common::daemon_command(&rig)
        .env("NOTIFY_SOCKET", &sock_path)
        .env("WATCHDOG_USEC", "400000")
        .spawn()
        .expect("start the daemon");
    let next = || {
        let mut buf = [0u8; 1024];
        let n = sock.recv(&mut buf).expect("a notification within 20 s");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    let ready = next();
    assert!(ready.contains("READY=1"), "{ready}");
    assert!(
        ready.contains("STATUS=1 feeds (0 failing), next digest daily at "),
        "{ready}"
    );
    assert!(
        ready.contains("Europe/Kyiv") || ready.contains("EET") || ready.contains("EEST"),
        "{ready}"
    );
    let mut seen = Vec::new();
    while !seen.iter().any(|m: &String| m.contains("WATCHDOG=1")) {
        seen.push(next());
    }
    signal(child.id(), "TERM");
    while !seen.iter().any(|m: &String| m.contains("STOPPING=1")) {
        seen.push(next());
    }
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}

#[test]
fn sighup_applies_a_good_config_and_keeps_the_old_one_over_a_broken_one() {
    let site = Web::empty();
    for p in ["/a.xml", "/b.xml"] {
        site.get(
            p,
            ResponseTemplate::new(200).set_body_string(seed_feed(&site.url(""))),
        );
    }
    let rig = Rig::new();
    let every_second = |c: String| {
        common::every_second(c).replace("[fetch]\n", "[fetch]\nmax_articles_per_poll = 0\n")
    };
    let feed_a = Feed {
        name: "A",
        url: site.url("/a.xml"),
    };
    rig.write_config(&[feed_a], 9, "");
    rig.edit_config(every_second);
    let log = rig.dir.path().join("daemon.log");
    let mut child = common::daemon_command(&rig)
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("start the daemon");
    wait_until("feed A to be polled", Duration::from_secs(20), || {
        site.hits("/a.xml") >= 1
    });
    assert_eq!(site.hits("/b.xml"), 0);

    // A good new config: feed B appears without a restart.
    let feeds = [
        Feed {
            name: "A",
            url: site.url("/a.xml"),
        },
        Feed {
            name: "B",
            url: site.url("/b.xml"),
        },
    ];
    rig.write_config(&feeds, 9, "");
    rig.edit_config(every_second);
    signal(child.id(), "HUP");
    wait_until(
        "feed B to be polled after SIGHUP",
        Duration::from_secs(20),
        || site.hits("/b.xml") >= 1,
    );

    // A broken config is refused and the running one keeps polling both feeds.
    rig.edit_config(|c| c.replace("[fetch]\n", "[fetch]\ntimeout_secs = \"soon\"\n"));
    signal(child.id(), "HUP");
    wait_until("the refusal to be logged", Duration::from_secs(20), || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("reload refused"))
    });
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(
        logged.contains("newshound.toml:"),
        "the error names the file: {logged}"
    );
    let b_before = site.hits("/b.xml");
    wait_until(
        "feed B to keep being polled",
        Duration::from_secs(20),
        || site.hits("/b.xml") >= b_before + 2,
    );
    assert!(child.try_wait().expect("status").is_none(), "still running");
    common::stop_daemon(child);
}

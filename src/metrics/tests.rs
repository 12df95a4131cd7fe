use super::*;
use std::collections::BTreeMap;

fn report(outcome: Outcome) -> PollReport {
    PollReport {
        outcome,
        ..PollReport::new("Wire", "http://127.0.0.1/feed.xml")
    }
}

/// The samples of an exposition, keyed by the line's text before the value.
fn samples(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (key, value) = l.rsplit_once(' ').expect("a sample line");
            let v = match value {
                "+Inf" => f64::INFINITY,
                v => v.parse().expect("a number"),
            };
            (key.to_string(), v)
        })
        .collect()
}

#[test]
fn poll_reports_feed_the_counters() {
    let m = Metrics::default();
    let mut fetched = report(Outcome::Fetched);
    fetched.fetch_secs = Some(0.02);
    fetched.from_page = 3;
    fetched.from_feed = 1;
    fetched.article_errors = vec!["http://x/a: timed out".into()];
    fetched.watchlist_matches = BTreeMap::from([("pow-exchange".to_string(), 2)]);
    m.poll(&fetched);
    let mut failed = report(Outcome::Failed);
    failed.fetch_secs = Some(3.0);
    m.poll(&failed);
    m.poll(&report(Outcome::Backoff));
    let mut again = report(Outcome::NotModified);
    again.fetch_secs = Some(0.001);
    m.poll(&again);
    let mut same = report(Outcome::Unchanged);
    same.fetch_secs = Some(0.002);
    m.poll(&same);

    let s = samples(&m.render(&Scrape::default()));
    assert_eq!(s["newshound_polls_total{outcome=\"fetched\"}"], 1.0);
    assert_eq!(s["newshound_polls_total{outcome=\"not_modified\"}"], 1.0);
    assert_eq!(s["newshound_polls_total{outcome=\"failed\"}"], 1.0);
    assert_eq!(s["newshound_polls_total{outcome=\"backoff\"}"], 1.0);
    assert_eq!(s["newshound_polls_total{outcome=\"unchanged\"}"], 1.0);
    // The skipped poll made no request, so four observations.
    assert_eq!(s["newshound_feed_fetch_duration_seconds_count"], 4.0);
    assert_eq!(
        s["newshound_feed_fetch_duration_seconds_bucket{le=\"0.005\"}"],
        2.0
    );
    assert_eq!(
        s["newshound_feed_fetch_duration_seconds_bucket{le=\"0.025\"}"],
        3.0
    );
    assert_eq!(
        s["newshound_feed_fetch_duration_seconds_bucket{le=\"5\"}"],
        4.0
    );
    assert!((s["newshound_feed_fetch_duration_seconds_sum"] - 3.023).abs() < 1e-9);
    assert_eq!(
        s["newshound_articles_processed_total{source=\"page\"}"],
        3.0
    );
    assert_eq!(
        s["newshound_articles_processed_total{source=\"feed\"}"],
        1.0
    );
    assert_eq!(s["newshound_article_pages_unused_total"], 1.0);
    assert_eq!(
        s["newshound_matches_total{watchlist=\"pow-exchange\"}"],
        2.0
    );
}

fn delivery(channel: &str, outcome: &'static str) -> crate::pipeline::Delivery {
    crate::pipeline::Delivery {
        channel: channel.into(),
        outcome,
    }
}

#[test]
fn digest_and_upkeep_reports_count_sent_and_failed() {
    let m = Metrics::default();
    m.digest(&DigestReport {
        digest: "daily".into(),
        stories: 2,
        sent: 1,
        earlier: 0,
        waiting: 0,
        errors: vec![],
        deliveries: vec![delivery("email", "accepted"), delivery("desk", "accepted")],
    });
    m.digest(&DigestReport {
        digest: "daily".into(),
        stories: 1,
        sent: 0,
        earlier: 0,
        waiting: 1,
        errors: vec!["digest daily: connection refused".into()],
        deliveries: vec![delivery("desk", "failed")],
    });
    m.upkeep(&UpkeepReport {
        retried: 1,
        alerts_sent: 2,
        alerted_stories: 3,
        errors: vec!["alert of digest daily: refused".into()],
        deliveries: vec![delivery("desk", "accepted")],
    });
    m.store_error(Work::Poll);

    let s = samples(&m.render(&Scrape::default()));
    assert_eq!(s["newshound_digest_runs_total{digest=\"daily\"}"], 2.0);
    assert_eq!(s["newshound_digests_sent_total{digest=\"daily\"}"], 1.0);
    assert_eq!(s["newshound_digest_failures_total{digest=\"daily\"}"], 1.0);
    assert_eq!(s["newshound_alerts_sent_total"], 2.0);
    assert_eq!(s["newshound_alerted_stories_total"], 3.0);
    let per = |c: &str, o: &str| {
        s[&format!("newshound_deliveries_total{{channel=\"{c}\",outcome=\"{o}\"}}")]
    };
    assert_eq!(per("desk", "accepted"), 2.0);
    assert_eq!(per("desk", "failed"), 1.0);
    assert_eq!(per("email", "accepted"), 1.0);
    assert_eq!(s["newshound_mail_retries_sent_total"], 1.0);
    assert_eq!(s["newshound_mail_failures_total"], 1.0);
    assert_eq!(s["newshound_store_errors_total{work=\"poll\"}"], 1.0);
    assert_eq!(s["newshound_store_errors_total{work=\"digest\"}"], 0.0);
}

#[test]
fn scrape_time_values_and_configured_names_appear_before_any_count() {
    let m = Metrics::default();
    let text = m.render(&Scrape {
        outbox_depth: Some(4),
        feeds_backing_off: Some(2),
        feeds_leased_here: Some(3),
        feeds: 7,
        watchlists: vec!["pow-exchange".into(), "cross-border-incursion".into()],
        digests: vec!["daily".into()],
    });
    let s = samples(&text);
    assert_eq!(s["newshound_up"], 1.0);
    assert_eq!(
        s[&format!(
            "newshound_build_info{{version=\"{}\"}}",
            env!("CARGO_PKG_VERSION")
        )],
        1.0
    );
    assert_eq!(s["newshound_outbox_depth"], 4.0);
    assert_eq!(s["newshound_feeds_backing_off"], 2.0);
    assert_eq!(s["newshound_feeds"], 7.0);
    assert_eq!(
        s["newshound_matches_total{watchlist=\"cross-border-incursion\"}"],
        0.0
    );
    assert_eq!(s["newshound_digests_sent_total{digest=\"daily\"}"], 0.0);
    assert_eq!(s["newshound_feed_fetch_duration_seconds_count"], 0.0);
}

#[test]
fn a_gauge_the_store_could_not_give_has_no_sample() {
    let text = Metrics::default().render(&Scrape::default());
    assert!(text.contains("# TYPE newshound_outbox_depth gauge\n# HELP"));
    assert!(!samples(&text).contains_key("newshound_outbox_depth"));
}

#[test]
fn every_sample_belongs_to_a_family_declared_once_before_it() {
    let m = Metrics::default();
    m.poll(&report(Outcome::Fetched));
    let text = m.render(&Scrape {
        watchlists: vec!["w".into()],
        digests: vec!["d".into()],
        ..Default::default()
    });
    let mut declared: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let name = rest.split(' ').next().expect("a name").to_string();
            assert!(!declared.contains(&name), "{name} declared twice");
            declared.push(name);
        } else if !line.starts_with('#') {
            let name = line.split(['{', ' ']).next().expect("a name");
            let family = declared.last().expect("a family before its samples");
            let base = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| name.strip_suffix(s))
                .filter(|b| b == family)
                .unwrap_or(name);
            assert_eq!(base, family, "{line}");
        }
    }
}

//! Values from servers we do not control, at the edges of their ranges: each bad feed fails
//! alone, with a message, and the good feed beside it is polled and recorded all the same.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::beside::{error_of, poll, rig_with};
use common::web::Web;
use wiremock::ResponseTemplate;

#[test]
fn a_retry_after_near_the_range_of_i64_waits_a_week_and_the_cycle_goes_on() {
    for value in [
        "10000000000000",
        "9223372036854775807",
        "99999999999999999999",
    ] {
        let site = Web::empty();
        site.get(
            "/busy.xml",
            ResponseTemplate::new(503).insert_header("retry-after", value),
        );
        let rig = rig_with(&site, site.url("/busy.xml"));
        // Twice: the first poll stores the wait, the second reads it back.
        for round in 0..2 {
            let r = poll(&rig, &["--force"]);
            assert_eq!(r["outcome"], "failed", "{value} round {round}: {r}");
            assert!(error_of(&r).contains("cut to 7 days"), "{r}");
            let at: DateTime<Utc> = serde_json::from_value(r["retry_at"].clone()).expect("at");
            let wait = at - Utc::now();
            assert!(
                wait > Duration::days(6) && wait <= Duration::days(7),
                "{value}: {r}"
            );
        }
        assert_eq!(poll(&rig, &[])["outcome"], "backoff");
    }
}

#[test]
fn a_304_to_a_first_unconditional_request_is_a_failure_not_news_free() {
    let site = Web::empty();
    site.get("/lazy.xml", ResponseTemplate::new(304));
    let rig = rig_with(&site, site.url("/lazy.xml"));
    let r = poll(&rig, &[]);
    assert_eq!(r["outcome"], "failed", "{r}");
    assert!(
        error_of(&r).contains("304 Not Modified to an unconditional request"),
        "{r}"
    );
}

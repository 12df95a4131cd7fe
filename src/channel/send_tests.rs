//! Telegram's parts against a local fake: each accepted part is reported before the next is
//! tried, so a caller that records them loses at most the part in flight to a crash.

use super::Channels;
use crate::channel::Kind;
use crate::config::{ChannelConfig, Secret};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn telegram(server: &MockServer) -> ChannelConfig {
    ChannelConfig {
        name: "tg".into(),
        kind: Kind::Telegram,
        url: Some(server.uri().parse().expect("url")),
        target: "-100".into(),
        to: vec![],
        secret: Some(Secret::new("1:t")),
        timeout_secs: 5,
    }
}

#[tokio::test]
async fn each_accepted_part_is_recorded_before_the_next_is_tried() {
    let server = MockServer::start().await;
    // Two parts taken, then the service fails.
    Mock::given(method("POST"))
        .and(path("/bot1:t/sendMessage"))
        .respond_with(ResponseTemplate::new(200))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let c = telegram(&server);
    let channels = Channels::new(std::slice::from_ref(&c)).expect("client");
    let payload = serde_json::to_vec(&["a", "b", "c", "d", "e"]).expect("json");
    let mut recorded = Vec::new();
    let (done, r) = channels
        .send_recording(&c, &payload, "k", 1, &mut recorded)
        .await;
    assert!(r.is_err());
    assert_eq!(done, 3, "part 0 before, 1 and 2 now");
    assert_eq!(
        recorded,
        [2, 3],
        "each as it was accepted, not only at the end"
    );
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).expect("json"))
        .map(|v| v["text"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(sent, ["b", "c", "d"], "resumed after the part sent before");
}

//! The fetch stage against a local server: caps, decompression, redirects, the guard.

use newshound::config::FetchConfig;
use newshound::fetch::{FetchError, Fetched, Fetcher, Trust, Validators};
use std::io::Write;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn cfg(allow_private: bool) -> FetchConfig {
    FetchConfig {
        timeout_secs: 5,
        max_body_bytes: 64 * 1024,
        allow_private_addresses: allow_private,
        ..FetchConfig::default()
    }
}

async fn serve(p: &str, t: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p.to_string()))
        .respond_with(t)
        .mount(&server)
        .await;
    server
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).expect("url")
}

#[tokio::test]
async fn a_body_over_the_cap_is_cut_off() {
    let server = serve(
        "/big",
        ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 200 * 1024]),
    )
    .await;
    let err = Fetcher::new(&cfg(true))
        .expect("client")
        .get(&url(&server, "/big"), None, Trust::Operator)
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooLarge { limit: 65536, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn a_gzip_bomb_is_cut_off_after_decompression() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![0u8; 8 * 1024 * 1024]).expect("gzip");
    let bomb = gz.finish().expect("gzip");
    assert!(
        bomb.len() < 64 * 1024,
        "the compressed bomb itself is under the cap"
    );
    let server = serve(
        "/bomb",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .set_body_bytes(bomb),
    )
    .await;
    let err = Fetcher::new(&cfg(true))
        .expect("client")
        .get(&url(&server, "/bomb"), None, Trust::Operator)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn gzip_bodies_arrive_decompressed_with_their_validators() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"<rss/>").expect("gzip");
    let server = serve(
        "/feed",
        ResponseTemplate::new(200)
            .insert_header("content-encoding", "gzip")
            .insert_header("etag", "\"abc\"")
            .insert_header("last-modified", "Mon, 23 Nov 2026 07:00:00 GMT")
            .set_body_bytes(gz.finish().expect("gzip")),
    )
    .await;
    let got = Fetcher::new(&cfg(true))
        .expect("client")
        .get(&url(&server, "/feed"), None, Trust::Operator)
        .await
        .expect("fetched");
    let Fetched::Modified(body) = got else {
        panic!("expected a body")
    };
    assert_eq!(body.bytes, b"<rss/>");
    assert_eq!(
        body.validators,
        Validators {
            etag: Some("\"abc\"".into()),
            last_modified: Some("Mon, 23 Nov 2026 07:00:00 GMT".into())
        }
    );
}

#[tokio::test]
async fn a_redirect_loop_stops_and_a_permanent_move_is_reported() {
    let server = MockServer::start().await;
    let to = |p: &str| ResponseTemplate::new(301).insert_header("location", p);
    Mock::given(path("/a"))
        .respond_with(to("/b"))
        .mount(&server)
        .await;
    Mock::given(path("/b"))
        .respond_with(to("/a"))
        .mount(&server)
        .await;
    Mock::given(path("/old"))
        .respond_with(to("/new"))
        .mount(&server)
        .await;
    Mock::given(path("/new"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let f = Fetcher::new(&cfg(true)).expect("client");
    let err = f
        .get(&url(&server, "/a"), None, Trust::Operator)
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 5, .. }),
        "{err}"
    );
    let Fetched::Modified(body) = f
        .get(&url(&server, "/old"), None, Trust::Operator)
        .await
        .expect("ok")
    else {
        panic!("body")
    };
    assert_eq!(body.moved_permanently, Some(url(&server, "/new")));
}

#[tokio::test]
async fn third_party_links_to_loopback_are_refused_unless_allowed() {
    let server = serve("/page", ResponseTemplate::new(200).set_body_string("hello")).await;
    let strict = Fetcher::new(&cfg(false)).expect("client");
    let err = strict
        .get(&url(&server, "/page"), None, Trust::ThirdParty)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Refused { .. }), "{err}");
    // The operator's own feeds may live anywhere.
    assert!(
        strict
            .get(&url(&server, "/page"), None, Trust::Operator)
            .await
            .is_ok()
    );
    assert!(
        Fetcher::new(&cfg(true))
            .expect("client")
            .get(&url(&server, "/page"), None, Trust::ThirdParty)
            .await
            .is_ok()
    );
}

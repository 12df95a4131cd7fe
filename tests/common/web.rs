//! A web server on 127.0.0.1 (wiremock) serving the five seed article pages under
//! /articles/ and whatever feeds a test sets, changeable between polls.

use std::collections::BTreeMap;
use std::sync::Mutex;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub struct Web {
    rt: tokio::runtime::Runtime,
    server: MockServer,
    feeds: Mutex<BTreeMap<String, String>>,
}

impl Web {
    pub fn start() -> Web {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = rt.block_on(MockServer::start());
        let web = Web {
            rt,
            server,
            feeds: Mutex::new(BTreeMap::new()),
        };
        web.mount();
        web
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn url(&self, p: &str) -> String {
        format!("{}{p}", self.server.uri())
    }

    /// Serves `body` as an RSS feed at `p` from now on (replacing what was there).
    pub fn set_feed(&self, p: &str, body: String) {
        self.feeds
            .lock()
            .expect("feeds")
            .insert(p.to_string(), body);
        self.mount();
    }

    fn mount(&self) {
        let feeds = self.feeds.lock().expect("feeds").clone();
        self.rt.block_on(async {
            self.server.reset().await;
            mount_seed_pages(&self.server).await;
            for (p, body) in feeds {
                Mock::given(method("GET"))
                    .and(path(p))
                    .respond_with(
                        ResponseTemplate::new(200)
                            .insert_header("content-type", "application/rss+xml")
                            .set_body_string(body),
                    )
                    .mount(&self.server)
                    .await;
            }
        });
    }
}

/// Serves the five seed article pages at /articles/seed-NNN.html.
pub async fn mount_seed_pages(server: &MockServer) {
    for i in 0..5 {
        let page = super::read_fixture(&format!("pages/seed-{i:03}.html"));
        Mock::given(method("GET"))
            .and(path(format!("/articles/seed-{i:03}.html")))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("content-type", "text/html; charset=utf-8")
                    .set_body_string(page),
            )
            .mount(server)
            .await;
    }
}

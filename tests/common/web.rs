//! A web server on 127.0.0.1 (wiremock, on its own runtime) for tests driving the binary: the
//! five seed article pages under /articles/, whatever feeds and replies a test sets
//! (changeable between polls), and what reached it. Also a raw TCP server for what wiremock
//! cannot serve (a body that never ends).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Mutex;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Builds one reply afresh: wiremock's `Mock` is not `Clone`, and `set_feed` remounts all.
type Route = Box<dyn Fn() -> Mock + Send>;

pub struct Web {
    rt: tokio::runtime::Runtime,
    server: MockServer,
    seed_pages: bool,
    feeds: Mutex<BTreeMap<String, String>>,
    routes: Mutex<Vec<Route>>,
}

impl Web {
    /// Serves the five seed pages, and the feeds and replies set later.
    pub fn start() -> Web {
        Web::with_seed_pages(true)
    }

    /// Serves only the feeds and replies set later: links to seed pages get 404.
    pub fn empty() -> Web {
        Web::with_seed_pages(false)
    }

    fn with_seed_pages(seed_pages: bool) -> Web {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = rt.block_on(MockServer::start());
        let web = Web {
            rt,
            server,
            seed_pages,
            feeds: Mutex::new(BTreeMap::new()),
            routes: Mutex::new(Vec::new()),
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

    /// Serves `body` as an RSS feed at `p` from now on (replacing what was there). The
    /// server is remounted, so the requests received so far are forgotten.
    pub fn set_feed(&self, p: &str, body: String) {
        self.feeds
            .lock()
            .expect("feeds")
            .insert(p.to_string(), body);
        self.mount();
    }

    /// Serves `t` for GET `p`, beside everything already served.
    pub fn get(&self, p: &str, t: ResponseTemplate) {
        let p = p.to_string();
        self.route(move || {
            Mock::given(method("GET"))
                .and(path(p.as_str()))
                .respond_with(t.clone())
        });
    }

    /// Serves the mock `build` makes, for replies `get` cannot describe (matching a
    /// request header, a priority).
    pub fn route(&self, build: impl Fn() -> Mock + Send + 'static) {
        self.rt.block_on(build().mount(&self.server));
        self.routes.lock().expect("routes").push(Box::new(build));
    }

    /// The requests that reached path `p` so far, oldest first.
    pub fn requests(&self, p: &str) -> Vec<wiremock::Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.url.path() == p)
            .collect()
    }

    /// Every request that reached the server so far, oldest first.
    pub fn rt_requests(&self) -> Vec<wiremock::Request> {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
    }

    /// How many requests reached path `p` so far.
    pub fn hits(&self, p: &str) -> usize {
        self.requests(p).len()
    }

    fn mount(&self) {
        let feeds = self.feeds.lock().expect("feeds").clone();
        let routes = self.routes.lock().expect("routes");
        self.rt.block_on(async {
            self.server.reset().await;
            if self.seed_pages {
                mount_seed_pages(&self.server).await;
            }
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
            for build in routes.iter() {
                build().mount(&self.server).await;
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

/// Serves a chunked HTTP response that never ends, to every connection, on 127.0.0.1.
/// Returns its base URL. The thread lives as long as the test process.
pub fn endless_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let _ = conn.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml\r\ntransfer-encoding: chunked\r\n\r\n",
                );
                let chunk = format!("{:x}\r\n{}\r\n", 8192, "x".repeat(8192));
                while conn.write_all(chunk.as_bytes()).is_ok() {}
            });
        }
    });
    format!("http://{addr}")
}

//! A wiremock server on 127.0.0.1 with its own runtime, for tests driving the binary, plus a
//! raw TCP server for what wiremock cannot serve (a body that never ends).

use std::io::{Read, Write};
use std::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub struct Site {
    rt: tokio::runtime::Runtime,
    pub server: MockServer,
}

impl Site {
    pub fn start() -> Site {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let server = rt.block_on(MockServer::start());
        Site { rt, server }
    }

    /// Serves `t` for GET `p`.
    pub fn get(&self, p: &str, t: ResponseTemplate) {
        self.rt.block_on(
            Mock::given(method("GET"))
                .and(path(p))
                .respond_with(t)
                .mount(&self.server),
        );
    }

    pub fn url(&self, p: &str) -> String {
        format!("{}{p}", self.server.uri())
    }

    /// How many requests reached path `p` so far.
    pub fn hits(&self, p: &str) -> usize {
        self.rt
            .block_on(self.server.received_requests())
            .unwrap_or_default()
            .iter()
            .filter(|r| r.url.path() == p)
            .count()
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

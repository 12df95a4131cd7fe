//! A deliberately bad HTTP/1.1 server on 127.0.0.1, for what wiremock cannot serve: bodies
//! that trickle a byte at a time or never end, and any status and headers. One thread per
//! connection; each request gets the reply set for its path (404 otherwise), then the
//! connection closes.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// The bytes, one every `every`: a server that answers but never finishes in time.
    Trickle {
        bytes: Vec<u8>,
        every: Duration,
    },
    /// Chunks of `x` until the client gives up.
    Endless,
}

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Reply {
    pub fn ok(content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), content_type.into())],
            body: Body::Bytes(body),
        }
    }

    pub fn status(status: u16, headers: &[(&str, &str)]) -> Reply {
        Reply {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: Body::Bytes(Vec::new()),
        }
    }
}

type Routes = Arc<Mutex<HashMap<String, Reply>>>;

pub struct HostileServer {
    pub base: String,
    routes: Routes,
}

impl HostileServer {
    pub fn start() -> HostileServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let routes: Routes = Arc::default();
        let served = routes.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let routes = served.clone();
                std::thread::spawn(move || serve(conn, &routes));
            }
        });
        HostileServer { base, routes }
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), reply);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve(conn: TcpStream, routes: &Routes) {
    let _ = conn.set_write_timeout(Some(Duration::from_secs(60)));
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The rest of the head; bodies of GETs are empty.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes.lock().expect("routes").get(&path).cloned();
    let reply = reply.unwrap_or_else(|| Reply::status(404, &[]));
    let mut conn = conn;
    let mut head = format!("HTTP/1.1 {} X\r\nconnection: close\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match &reply.body {
        Body::Bytes(b) => {
            head.push_str(&format!("content-length: {}\r\n\r\n", b.len()));
            let _ = conn.write_all(head.as_bytes());
            let _ = conn.write_all(b);
        }
        Body::Trickle { bytes, every } => {
            head.push_str(&format!("content-length: {}\r\n\r\n", bytes.len()));
            if conn.write_all(head.as_bytes()).is_err() {
                return;
            }
            for b in bytes {
                std::thread::sleep(*every);
                if conn.write_all(&[*b]).is_err() {
                    return;
                }
            }
        }
        Body::Endless => {
            head.push_str("transfer-encoding: chunked\r\n\r\n");
            if conn.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = format!("{:x}\r\n{}\r\n", 8192, "x".repeat(8192));
            while conn.write_all(chunk.as_bytes()).is_ok() {}
        }
    }
}

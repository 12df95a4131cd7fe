//! A local feed farm for the polling benchmark (bench/poll.sh): serves `--feeds` distinct RSS
//! feeds of `--items` items each, and their article pages, on `--ports` listeners on
//! 127.0.0.1, so the fetcher's per-origin limit sees many hosts. Any feed can be fetched on
//! any port. Even-numbered feeds answer 304 to their ETag; odd ones always send the full
//! body. Every `--slow-every`th feed waits `--slow-ms` first; every `--fail-every`th (offset by
//! 3) answers 500. Prints the ports as one JSON line, then serves until killed.

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

struct Farm {
    items: usize,
    slow_every: usize,
    slow_ms: u64,
    fail_every: usize,
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let farm = Arc::new(Farm {
        items: arg("--items", 20),
        slow_every: arg("--slow-every", 100),
        slow_ms: arg("--slow-ms", 300) as u64,
        fail_every: arg("--fail-every", 100),
    });
    let mut ports = Vec::new();
    let mut listeners = Vec::new();
    for _ in 0..arg("--ports", 100) {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        ports.push(l.local_addr()?.port());
        listeners.push(l);
    }
    println!("{{\"ports\": {ports:?}}}");
    for l in listeners {
        let farm = farm.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = l.accept().await {
                let farm = farm.clone();
                tokio::spawn(async move {
                    let svc = service_fn(move |req| answer(farm.clone(), req));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
    }
    std::future::pending::<()>().await;
    Ok(())
}

async fn answer(
    farm: Arc<Farm>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_string();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let host = req
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let resp = match parts.as_slice() {
        ["feed", file] => {
            let Some(n) = file
                .strip_suffix(".xml")
                .and_then(|n| n.parse::<usize>().ok())
            else {
                return Ok(status(StatusCode::NOT_FOUND));
            };
            if farm.slow_every > 0 && n % farm.slow_every == 0 {
                tokio::time::sleep(Duration::from_millis(farm.slow_ms)).await;
            }
            if farm.fail_every > 0 && n % farm.fail_every == 3 {
                return Ok(status(StatusCode::INTERNAL_SERVER_ERROR));
            }
            let etag = format!("\"v1-{n}\"");
            let revalidates = n % 2 == 0;
            let matches = req
                .headers()
                .get("if-none-match")
                .is_some_and(|v| v.as_bytes() == etag.as_bytes());
            if revalidates && matches {
                return Ok(status(StatusCode::NOT_MODIFIED));
            }
            let mut r = Response::new(Full::new(Bytes::from(feed(&host, n, farm.items))));
            r.headers_mut().insert(
                "content-type",
                "application/rss+xml".parse().expect("static"),
            );
            if revalidates {
                r.headers_mut().insert("etag", etag.parse().expect("ascii"));
            }
            r
        }
        ["article", n, j] => Response::new(Full::new(Bytes::from(page(n, j)))),
        _ => status(StatusCode::NOT_FOUND),
    };
    Ok(resp)
}

fn status(s: StatusCode) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = s;
    r
}

fn feed(host: &str, n: usize, items: usize) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Feed {n}</title><link>http://{host}/</link><description>bench</description>"
    );
    for j in 0..items {
        s.push_str(&format!(
            "<item><title>Feed {n} story {j}: talks on the front line continue</title>\
             <link>http://{host}/article/{n}/{j}.html</link><guid>f{n}-{j}</guid>\
             <pubDate>Mon, 23 Nov 2026 0{}:00:00 GMT</pubDate>\
             <description>Officials met again on day {j} of the talks.</description></item>",
            j % 10
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn page(n: &str, j: &str) -> String {
    let para = "Negotiators from both sides met for a further round of talks on Monday, \
                officials said, discussing humanitarian corridors, the return of civilians \
                and the situation along the front line, where fighting continued overnight.";
    let body: String = (0..8).map(|k| format!("<p>{para} ({k})</p>")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Story {n}-{j} | Bench Times</title></head>\
         <body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav></header>\
         <main><article><h1>Story {n}-{j}</h1>{body}</article>\
         <aside><h2>Subscribe</h2><p>Get our newsletter every morning.</p></aside></main>\
         <footer>© Bench Times</footer></body></html>"
    )
}

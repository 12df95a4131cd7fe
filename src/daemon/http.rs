//! The optional HTTP listener (`[http] listen`): `GET /healthz` says whether the store
//! answers and the scheduler loop is alive, `GET /metrics` gives the counters and the gauges
//! read at scrape time in the Prometheus text format. Nothing else: any other path is 404, any
//! other method 405. It reads the services in use (swapped on reload) and never changes them;
//! it stops with the daemon.

use super::Services;
use crate::metrics::{self, Scrape};
use chrono::{DateTime, Utc};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// A scheduler loop silent for longer than this is reported stuck: it wakes at least every
/// `run::HEARTBEAT` (5 s) when healthy.
const STALE_AFTER_SECS: i64 = 60;
/// How long the store may take to answer a health check or a scrape.
const STORE_TIMEOUT: Duration = Duration::from_secs(5);
/// A client must send its request headers within this long (slow clients hold a task).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more are closed at once. Scrapers need one or two.
const MAX_CONNECTIONS: usize = 32;

/// When the scheduler loop last woke, as the injected clock tells it.
#[derive(Debug, Default)]
pub struct Heartbeat(AtomicI64);

impl Heartbeat {
    pub fn beat(&self, now: DateTime<Utc>) {
        // 0 stands for "never"; a clock at the epoch is not a case worth telling apart.
        self.0.store(now.timestamp_millis(), Ordering::Relaxed);
    }

    pub fn last(&self) -> Option<DateTime<Utc>> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            ms => DateTime::from_timestamp_millis(ms),
        }
    }
}

/// What the endpoints read.
pub struct Shared {
    pub services: watch::Receiver<Arc<Services>>,
    pub heartbeat: Arc<Heartbeat>,
    /// The tasks in flight and the last crash of each.
    pub board: Arc<super::board::Board>,
}

/// The running listener; `stop` (or dropping it, when the daemon fails) ends it and every
/// open connection.
pub struct Server {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn stop(mut self) {
        self.stop.cancel();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Binds `addr` (a start-up error names it) and serves until stopped.
pub async fn start(addr: SocketAddr, shared: Shared) -> Result<Server, super::DaemonError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| super::DaemonError::Listen { addr, source })?;
    let bound = listener.local_addr().unwrap_or(addr);
    tracing::info!(addr = %bound, "serving /healthz and /metrics");
    let stop = CancellationToken::new();
    let task = tokio::spawn(accept_loop(listener, Arc::new(shared), stop.clone()));
    Ok(Server { stop, task })
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    let mut conns = JoinSet::new();
    loop {
        let (stream, peer) = tokio::select! {
            _ = stop.cancelled() => break,
            Some(_) = conns.join_next() => continue,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, say: wait a little instead of spinning.
                    tracing::warn!(error = %e, "HTTP listener cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        if conns.len() >= MAX_CONNECTIONS {
            tracing::debug!(%peer, "too many HTTP connections; closing this one");
            continue;
        }
        let shared = shared.clone();
        conns.spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let shared = shared.clone();
                async move { Ok::<_, std::convert::Infallible>(respond(&shared, &req).await) }
            });
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            if let Err(e) = served {
                tracing::debug!(%peer, error = %e, "HTTP connection ended with an error");
            }
        });
    }
    conns.shutdown().await;
}

async fn respond(shared: &Shared, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let services = shared.services.borrow().clone();
    match req.uri().path() {
        "/healthz" => health(&services, shared).await,
        "/metrics" => scrape(&services).await,
        _ => text(
            StatusCode::NOT_FOUND,
            "not found: try /healthz or /metrics\n",
        ),
    }
}

fn text(status: StatusCode, body: impl Into<Bytes>) -> Response<Full<Bytes>> {
    with_type(status, "text/plain; charset=utf-8", body)
}

fn with_type(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

/// Runs a store query off the async threads, with a deadline: a long transaction elsewhere
/// must not hang a health check.
/// On its own thread, as an engine may answer in place (SQLite waiting on a busy database).
async fn with_store<T, F>(
    services: &Arc<Services>,
    query: impl FnOnce(Arc<Services>) -> F + Send + 'static,
) -> Result<T, String>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, crate::store::StoreError>> + Send + 'static,
{
    let s = services.clone();
    let rt = tokio::runtime::Handle::current();
    let job = tokio::task::spawn_blocking(move || rt.block_on(query(s)));
    match tokio::time::timeout(STORE_TIMEOUT, job).await {
        Ok(Ok(Ok(v))) => Ok(v),
        Ok(Ok(Err(e))) => Err(e.to_string()),
        Ok(Err(e)) => Err(format!("the store query crashed: {e}")),
        Err(_) => Err(format!(
            "the store did not answer within {} s",
            STORE_TIMEOUT.as_secs()
        )),
    }
}

async fn health(services: &Arc<Services>, shared: &Shared) -> Response<Full<Bytes>> {
    let store = with_store(services, |s| async move { s.store.ping().await }).await;
    let now = services.clock.now();
    let mut problems = judge(store, shared.heartbeat.last(), now);
    problems.extend(shared.board.problems(now, stuck_after(&services.config)));
    let (status, body) = if problems.is_empty() {
        (StatusCode::OK, serde_json::json!({ "status": "ok" }))
    } else {
        tracing::warn!(problems = ?problems, "health check failed");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::json!({ "status": "unavailable", "problems": problems }),
        )
    };
    with_type(status, "application/json", format!("{body}\n"))
}

/// Seconds past which a poll or digest run still in flight is reported stuck: twice the
/// longest a run can legitimately take (its feed request, its article pages' budget and a
/// mail server's answer), and a minute more.
fn stuck_after(cfg: &crate::config::Config) -> i64 {
    let smtp = match &cfg.mail.transport {
        crate::config::Transport::Smtp(s) => s.timeout_secs,
        crate::config::Transport::File { .. } => 0,
    };
    let longest = cfg.fetch.timeout_secs + cfg.fetch.article_budget_secs + smtp;
    i64::try_from(longest.saturating_mul(2).saturating_add(60)).unwrap_or(i64::MAX)
}

/// What is wrong, if anything, given the store's answer and the loop's last heartbeat.
fn judge(
    store: Result<(), String>,
    last_beat: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = store {
        problems.push(format!("store: {e}"));
    }
    match last_beat {
        None => problems.push("scheduler: not started yet".to_string()),
        Some(t) if (now - t).num_seconds() > STALE_AFTER_SECS => problems.push(format!(
            "scheduler: its loop last woke {} s ago (expected every few seconds)",
            (now - t).num_seconds()
        )),
        Some(_) => {}
    }
    problems
}

async fn scrape(services: &Arc<Services>) -> Response<Full<Bytes>> {
    let read = with_store(services, |s| async move {
        let outbox = s.store.stats().await?.undelivered_messages;
        let now = s.clock.now();
        let configured: HashSet<&str> = s.config.feeds.iter().map(|f| f.name.as_str()).collect();
        let states = s.store.feed_states().await?;
        let ours = states
            .iter()
            .filter(|f| configured.contains(f.name.as_str()));
        let backing_off = ours
            .clone()
            .filter(|f| f.retry_at.is_some_and(|at| at > now))
            .count();
        let leased_here = ours
            .filter(|f| f.lease_owner.as_deref() == Some(s.config.node.as_str()))
            .filter(|f| f.lease_until.is_some_and(|at| at > now))
            .count();
        Ok((outbox, backing_off, leased_here))
    })
    .await;
    let cfg = &services.config;
    let mut s = Scrape {
        feeds: cfg.feeds.len() as u64,
        watchlists: cfg.watchlists.iter().map(|w| w.id.clone()).collect(),
        digests: cfg.digests.iter().map(|d| d.name.clone()).collect(),
        ..Default::default()
    };
    match read {
        Ok((outbox, backing_off, leased_here)) => {
            s.outbox_depth = Some(u64::try_from(outbox).unwrap_or(0));
            s.feeds_backing_off = Some(backing_off as u64);
            s.feeds_leased_here = Some(leased_here as u64);
        }
        // The counters are still worth having; the store's gauges are left out.
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the outbox and feed states"),
    }
    with_type(
        StatusCode::OK,
        metrics::CONTENT_TYPE,
        services.metrics.render(&s),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn healthy_when_the_store_answers_and_the_loop_woke_recently() {
        assert!(judge(Ok(()), Some(at(0)), at(30)).is_empty());
    }

    #[test]
    fn each_problem_is_named() {
        assert_eq!(
            judge(Err("disk I/O error".into()), Some(at(0)), at(61)),
            vec![
                "store: disk I/O error".to_string(),
                "scheduler: its loop last woke 61 s ago (expected every few seconds)".to_string()
            ]
        );
        assert_eq!(
            judge(Ok(()), None, at(0)),
            vec!["scheduler: not started yet".to_string()]
        );
    }

    #[test]
    fn the_heartbeat_keeps_the_injected_time() {
        let h = Heartbeat::default();
        assert_eq!(h.last(), None);
        h.beat(at(5));
        assert_eq!(h.last(), Some(at(5)));
    }
}

//! Politeness: at most `global` requests in flight overall and `per_host` to any one origin.
//! A request holds its permits until its body is read, so a slow server occupies its own
//! host's slots and one global slot, never another host's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

pub struct Limits {
    global: Arc<Semaphore>,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

/// Held while a request runs; dropping it frees both slots.
pub struct Permit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl Limits {
    pub fn new(global: usize, per_host: usize) -> Self {
        Self {
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a slot on the URL's origin, then for a global one. Taking the host slot
    /// first keeps requests queued behind a busy host from holding global slots idle.
    pub async fn acquire(&self, url: &Url) -> Permit {
        let host = self.host(url);
        let host = host
            .acquire_owned()
            .await
            .expect("semaphores are never closed");
        let global = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("semaphores are never closed");
        Permit {
            _host: host,
            _global: global,
        }
    }

    fn host(&self, url: &Url) -> Arc<Semaphore> {
        // Keyed by origin: browsers and crawlers count connections per scheme, host and port.
        let key = format!(
            "{}://{}:{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(key)
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[tokio::test]
    async fn a_host_gets_at_most_its_share_and_other_hosts_are_not_blocked() {
        let l = Limits::new(3, 2);
        let _a1 = l.acquire(&url("http://a.example/1")).await;
        let _a2 = l.acquire(&url("http://a.example/2")).await;
        let a3 = url("http://a.example/3");
        let third = l.acquire(&a3);
        tokio::pin!(third);
        assert!(
            futures_util::poll!(third.as_mut()).is_pending(),
            "a third request to one host waits"
        );
        // Another origin (different port) still gets through.
        let _b = l.acquire(&url("http://a.example:8080/")).await;
        // ... but now the global limit of 3 is reached.
        let c = url("http://c.example/");
        let other = l.acquire(&c);
        tokio::pin!(other);
        assert!(futures_util::poll!(other.as_mut()).is_pending());
        drop(_b);
        assert!(futures_util::poll!(other.as_mut()).is_ready());
    }
}

//! `[http]`: the optional listener for `/healthz` and `/metrics`. Off unless `listen` is set;
//! an address other than loopback needs `allow_remote = true`, because the endpoints carry no
//! authentication and name the operator's feeds, digests and watchlists.

use super::error::Located;
use super::raw::S;
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    pub listen: Option<S<String>>,
    pub allow_remote: Option<bool>,
}

/// Where the HTTP listener binds, when it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpConfig {
    /// Port 0 lets the system choose; the daemon logs the address it got.
    pub listen: SocketAddr,
}

pub(super) fn http(at: &mut Located, raw: Option<&S<RawHttp>>) -> Option<HttpConfig> {
    let raw = raw?.get_ref();
    let Some(listen) = &raw.listen else {
        if raw.allow_remote.is_some() {
            at.warn(
                0,
                "[http] allow_remote has no effect without listen: the HTTP listener is off",
            );
        }
        return None;
    };
    let pos = listen.span().start;
    let addr = match listen.get_ref().trim().parse::<SocketAddr>() {
        Ok(a) => a,
        Err(_) => {
            at.at(
                pos,
                format!(
                    "[http] listen {:?} is not an address and port: use e.g. \"127.0.0.1:9464\" or \"[::1]:9464\"",
                    listen.get_ref()
                ),
            );
            return None;
        }
    };
    if !addr.ip().is_loopback() && raw.allow_remote != Some(true) {
        at.at(
            pos,
            format!(
                "[http] listen {addr} is reachable from other machines, and /metrics has no authentication: \
                 use 127.0.0.1 or [::1] (and a reverse proxy if needed), or set allow_remote = true"
            ),
        );
        return None;
    }
    Some(HttpConfig { listen: addr })
}

#[cfg(test)]
mod tests {
    use super::super::Config;
    use std::path::Path;

    fn load(extra: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("watchlists.toml"),
            "[[watchlist]]\nid = \"w\"\nquery = \"swap\"\n",
        )
        .expect("watchlists");
        let path = dir.path().join("newshound.toml");
        std::fs::write(&path, format!("[storage]\npath = \"db\"\n\n{extra}")).expect("config");
        Config::load_with(&path, Some(Path::new("/state"))).map_err(|e| {
            let text = e.to_string();
            text.replace(&path.display().to_string(), "newshound.toml")
        })
    }

    #[test]
    fn the_listener_is_off_by_default() {
        assert_eq!(load("").map(|c| c.http), Ok(None));
        assert_eq!(load("[http]\n").map(|c| c.http), Ok(None));
    }

    #[test]
    fn a_loopback_address_turns_it_on() {
        for addr in ["127.0.0.1:9464", "[::1]:9464", "127.0.0.1:0"] {
            let cfg = load(&format!("[http]\nlisten = \"{addr}\"\n")).expect("valid");
            assert_eq!(cfg.http.map(|h| h.listen.to_string()), Some(addr.into()));
        }
    }

    #[test]
    fn a_remote_address_needs_allow_remote() {
        let err = load("[http]\nlisten = \"0.0.0.0:9464\"\n").expect_err("refused");
        assert!(
            err.starts_with(
                "newshound.toml:5:10: [http] listen 0.0.0.0:9464 is reachable from other machines"
            ),
            "{err}"
        );
        assert!(err.contains("set allow_remote = true"), "{err}");
        let cfg = load("[http]\nlisten = \"0.0.0.0:9464\"\nallow_remote = true\n").expect("valid");
        assert_eq!(cfg.http.map(|h| h.listen.port()), Some(9464));
    }

    #[test]
    fn a_bad_address_is_located() {
        let err = load("[http]\nlisten = \"localhost\"\n").expect_err("refused");
        assert_eq!(
            err,
            "newshound.toml:5:10: [http] listen \"localhost\" is not an address and port: \
             use e.g. \"127.0.0.1:9464\" or \"[::1]:9464\""
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = load("[http]\nport = 9464\n").expect_err("refused");
        assert!(err.contains("newshound.toml:5:1"), "{err}");
    }
}

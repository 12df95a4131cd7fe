//! Connecting: the URL from `[storage] url` (its `sslmode`: none or `disable` for plaintext,
//! `require` for TLS), the password from a
//! file or the environment (never the config), TLS by rustls against the system's roots or
//! `[storage] ca_file`, and a pool of connections.

use crate::store::StoreError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use rustls_pki_types::pem::PemObject;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::config::SslMode;

/// How to reach the database, as `[storage]` gives it.
#[derive(Clone, PartialEq)]
pub struct PgOptions {
    /// `postgresql://user@host:port/db?sslmode=…`, without a password.
    pub url: String,
    pub password: Option<String>,
    /// PEM certificates to trust instead of the system's roots.
    pub ca_file: Option<PathBuf>,
    /// Connections kept open by one process.
    pub pool_size: usize,
}

impl std::fmt::Debug for PgOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgOptions")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("ca_file", &self.ca_file)
            .field("pool_size", &self.pool_size)
            .finish()
    }
}

/// How long a connection attempt may take before the store reports the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl PgOptions {
    /// The URL as messages show it (`[storage] url` holds no password, so it is the URL).
    pub fn location(&self) -> String {
        self.url.clone()
    }

    /// The driver's settings: the URL's, the password, and a connect timeout.
    pub fn config(&self) -> Result<tokio_postgres::Config, StoreError> {
        let mut cfg =
            tokio_postgres::Config::from_str(&self.url).map_err(|e| StoreError::Open {
                at: self.location(),
                cause: Box::new(e),
            })?;
        // libpq's `prefer` (the driver's default too) falls back to plaintext when TLS fails,
        // and rustls never skips verifying a certificate: say which one you mean.
        let said = self.url.contains("sslmode=");
        match cfg.get_ssl_mode() {
            SslMode::Prefer if said => {
                return Err(StoreError::Open {
                    at: self.location(),
                    cause: "sslmode=prefer would fall back to plaintext without saying so: \
                             use sslmode=require (TLS, the server's certificate verified) or \
                             sslmode=disable (plaintext: loopback or a private network only)"
                        .into(),
                });
            }
            SslMode::Prefer => {
                cfg.ssl_mode(SslMode::Disable);
            }
            _ => {}
        }
        if let Some(p) = &self.password {
            cfg.password(p.as_bytes());
        }
        if cfg.get_connect_timeout().is_none() {
            cfg.connect_timeout(CONNECT_TIMEOUT);
        }
        if cfg.get_application_name().is_none() {
            cfg.application_name("newshound");
        }
        Ok(cfg)
    }

    /// The TLS connector, used only with `sslmode=require`.
    pub fn tls(&self) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
        let bad = |what: String| StoreError::Open {
            at: self.location(),
            cause: what.into(),
        };
        let mut roots = rustls::RootCertStore::empty();
        match &self.ca_file {
            Some(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| bad(format!("[storage] ca_file {}: {e}", path.display())))?;
                let certs = rustls_pki_types::CertificateDer::pem_slice_iter(&pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| {
                        bad(format!(
                            "[storage] ca_file {}: not PEM certificates: {e}",
                            path.display()
                        ))
                    })?;
                let (added, _) = roots.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(bad(format!(
                        "[storage] ca_file {} holds no usable certificate",
                        path.display()
                    )));
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        // The provider named, not the process default: lettre's TLS and this one must not
        // depend on which crate installed a default first.
        let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| bad(format!("TLS: {e}")))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(tokio_postgres_rustls::MakeRustlsConnect::new(tls))
    }
}

/// A pool that opens connections as they are needed, up to `pool_size`.
pub fn pool(
    options: &PgOptions,
    tls: tokio_postgres_rustls::MakeRustlsConnect,
) -> Result<Pool, StoreError> {
    let manager = Manager::from_config(
        options.config()?,
        tls,
        ManagerConfig {
            // A connection the server closed (a restart) is found out before it is handed
            // out, and replaced by a new one.
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(options.pool_size.max(1))
        .build()
        .map_err(|e| StoreError::Open {
            at: options.location(),
            cause: Box::new(e),
        })
}

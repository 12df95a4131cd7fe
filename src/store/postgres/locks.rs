//! How nodes sharing the database take turns: session advisory locks, each on a connection
//! of its own outside the pool. Dropping the lock closes that connection, and the server
//! releases the lock with it; a node that dies (killed, or cut off) loses its connection and
//! so its locks, so a crash never wedges the others.

use super::Postgres;
use crate::store::{Coordination, Held, StoreError};
use async_trait::async_trait;

/// Advisory lock keys: "nh" and the lock's number (1 is schema changes, in `migrate`).
const SENDING: (i32, i32) = (0x6e68, 2);
const RECORDING: (i32, i32) = (0x6e68, 3);

/// A connection holding a lock; closed, and the lock released, when dropped.
struct LockConnection {
    client: tokio_postgres::Client,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for LockConnection {
    fn drop(&mut self) {
        // The client is dropped after this, which ends the connection task on its own; the
        // abort covers a task stuck on a server that stopped answering.
        self.task.abort();
    }
}

#[async_trait]
impl Coordination for Postgres {
    async fn lock_sending(&self) -> Result<Held, StoreError> {
        self.advisory(SENDING).await
    }

    async fn lock_recording(&self) -> Result<Held, StoreError> {
        self.advisory(RECORDING).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client().await?.query_one("SELECT 1", &[]).await?;
        Ok(())
    }

    fn location(&self) -> String {
        self.at.clone()
    }
}

impl Postgres {
    async fn advisory(&self, (class, object): (i32, i32)) -> Result<Held, StoreError> {
        let cfg = self.options.config()?;
        let (client, connection) =
            cfg.connect(self.tls.clone())
                .await
                .map_err(|e| StoreError::Open {
                    at: self.at.clone(),
                    cause: Box::new(e),
                })?;
        let task = tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "database: a lock's connection ended");
            }
        });
        let held = LockConnection { client, task };
        held.client
            .execute("SELECT pg_advisory_lock($1, $2)", &[&class, &object])
            .await?;
        Ok(Held::new(held))
    }
}

#![warn(missing_docs)]
#![forbid(unsafe_code)]
//! Idempotency-Key records for [`etag_runtime`] in PostgreSQL, written in the caller's tokio-postgres
//! transaction, so that a keyed write's record and its change commit together or not at all.
//!
//! [`PostgresKeys`] is a [`KeyStore`]: give it to `Idempotency::begin` and
//! `KeyedWrite::keep` (the actix layer) or to [`etag_runtime::keys::begin`], with the write's
//! `tokio_postgres::Transaction` (a deadpool-postgres transaction derefs to one: `&mut *transaction`). Create
//! its table once with [`PostgresKeys::create_table`].
//!
//! - Keys live as long as its [`KeyLimits`] say; each keyed write drops up to 100 expired ones, skipping rows
//!   another writer is dropping.
//! - Counting a named requester's keys first takes a transaction-scoped advisory lock on the requester (class
//!   [`REQUESTER_LOCK_CLASS`]), so that one requester's concurrent writes count one after another and its quota
//!   holds exactly, at READ COMMITTED (PostgreSQL's default; at REPEATABLE READ the snapshot predates the lock).
//!   Writers that name no one are not locked, so as not to queue them all. The cap on all keys is counted
//!   without a lock: concurrent writes of different requesters may pass it by as many as run at once (at most
//!   the sum of the instances' pool sizes).
//! - Name requesters by a stable identity (the authenticated user's id), not by a credential that changes
//!   between a write and its retry: the key belongs to the requester's exact bytes.
//! - Every statement is sent with its parameter types (`query_typed`), so each costs one round trip and no
//!   statement is prepared.
//!
//! A keyed PATCH on actix-web, with a deadpool-postgres pool: the row is locked, then the key looked up, the
//! change made, and the answer kept, all in one transaction.
//!
//! ```no_run
//! use actix_web::web::{Data, Json, Path};
//! use actix_web::{Either, patch};
//! use deadpool_postgres::Pool;
//! use etag_keys_postgres::PostgresKeys;
//! use etag_runtime::actix::Stored;
//! use etag_runtime::actix::idempotency::{Begun, Idempotency, KeyedAnswer};
//! use etag_runtime::{ETag, Precondition, Problem};
//! # use actix_web::http::StatusCode;
//! # fn failed(error: impl std::fmt::Display) -> Problem {
//! #     eprintln!("database error: {error}"); // for the operator; the client gets no detail of the database
//! #     Problem::new(StatusCode::SERVICE_UNAVAILABLE, "the database failed; nothing was written")
//! # }
//!
//! #[derive(Clone, serde::Serialize, ETag)]
//! #[etag(prefix = "v")]
//! struct Note { id: i64, #[etag] version: i64, text: String }
//!
//! #[patch("/notes/{id}")]
//! async fn edit(
//!     pool: Data<Pool>, keys: Data<PostgresKeys>, id: Path<i64>,
//!     precondition: Precondition, idempotency: Idempotency, Json(text): Json<String>,
//! ) -> Result<KeyedAnswer<Note>, Problem> {
//!     let mut client = pool.get().await.map_err(failed)?;
//!     let mut tx = client.transaction().await.map_err(failed)?;
//!     let row = tx.query_one("SELECT version FROM notes WHERE id = $1 FOR UPDATE", &[&*id]).await.map_err(failed)?;
//!     let write = match idempotency.begin(&**keys, &mut tx, &text).await? {
//!         Begun::Replay(replay) => return Ok(Either::Right(replay)),
//!         Begun::Run(write) => write,
//!     };
//!     let note = Note { id: *id, version: row.get(0), text };
//!     precondition.check(Some(&note))?;
//!     let note = Note { version: note.version + 1, ..note };
//!     let update = "UPDATE notes SET version = $2, text = $3 WHERE id = $1";
//!     tx.execute(update, &[&note.id, &note.version, &note.text]).await.map_err(failed)?;
//!     let answer = write.keep(&**keys, &mut tx, Stored::new(note)).await?;
//!     tx.commit().await.map_err(failed)?;
//!     Ok(Either::Left(answer))
//! }
//! ```

mod error;
mod statements;

use etag_runtime::keys::{Held, KeyLimits, KeyStore, Keyed, Record};
use tokio_postgres::types::Type;
use tokio_postgres::{GenericClient, Transaction};

pub use error::Error;
pub use statements::SCHEMA;

/// The first key of the advisory locks (`pg_advisory_xact_lock(int, int)`) taken on requesters: `'etag'` in
/// ASCII. An application that takes two-key advisory locks of its own keeps this class free.
pub const REQUESTER_LOCK_CLASS: i32 = 0x6574_6167;

/// Records in the table `etag_idempotency_keys`, within these [`KeyLimits`].
#[derive(Debug, Clone, Default)]
pub struct PostgresKeys {
    limits: KeyLimits,
}

impl PostgresKeys {
    /// A store within `limits`: set the keys' lifetime and bounds here, once.
    pub fn new(limits: KeyLimits) -> Self {
        PostgresKeys { limits }
    }

    /// Creates the table and its indexes where they are missing ([`SCHEMA`]).
    pub async fn create_table(client: &impl GenericClient) -> Result<(), tokio_postgres::Error> {
        client.batch_execute(SCHEMA).await
    }
}

impl KeyStore<Transaction<'_>> for PostgresKeys {
    type Error = Error;

    fn limits(&self) -> &KeyLimits {
        &self.limits
    }

    async fn purge(&self, tx: &mut Transaction<'_>, live_since: i64) -> Result<u64, Error> {
        Ok(tx
            .execute_typed(statements::PURGE, &[(&live_since, Type::INT8)])
            .await?)
    }

    async fn find(&self, tx: &mut Transaction<'_>, id: &str) -> Result<Option<Record>, Error> {
        let row = tx.query_typed_opt(statements::FIND, &[(&id, Type::TEXT)]).await?;
        row.map(|row| statements::record(row.get(0)))
            .transpose()
            .map_err(Error::UnreadableRecord)
    }

    async fn held(&self, tx: &mut Transaction<'_>, keyed: &Keyed, live_since: i64) -> Result<Held, Error> {
        let requester = keyed.requester();
        if keyed.names_a_requester() {
            let lock: &[(&(dyn tokio_postgres::types::ToSql + Sync), Type)] =
                &[(&REQUESTER_LOCK_CLASS, Type::INT4), (&requester, Type::TEXT)];
            tx.execute_typed(statements::LOCK_REQUESTER, lock).await?;
        }
        let per_requester = clamp(self.limits.per_requester());
        let total = clamp(self.limits.total());
        let row = tx
            .query_typed_one(
                statements::HELD,
                &[
                    (&requester, Type::TEXT),
                    (&live_since, Type::INT8),
                    (&per_requester, Type::INT8),
                    (&total, Type::INT8),
                ],
            )
            .await?;
        Ok(Held {
            by_requester: count(row.get(0)),
            requester_oldest: row.get(1),
            in_all: count(row.get(2)),
            oldest: row.get(3),
        })
    }

    async fn insert(
        &self,
        tx: &mut Transaction<'_>,
        keyed: &Keyed,
        record: &Record,
        live_since: i64,
    ) -> Result<bool, Error> {
        let text = statements::text(record);
        let inserted = tx
            .execute_typed(
                statements::INSERT,
                &[
                    (&keyed.id(), Type::TEXT),
                    (&keyed.requester(), Type::TEXT),
                    (&text, Type::TEXT),
                    (&record.stored_at, Type::INT8),
                    (&live_since, Type::INT8),
                ],
            )
            .await?;
        Ok(inserted == 1)
    }
}

/// A limit as PostgreSQL's LIMIT takes it.
fn clamp(limit: u64) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

/// A count as PostgreSQL gives it (never negative).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

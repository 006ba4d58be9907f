#![warn(missing_docs)]
#![forbid(unsafe_code)]
//! Idempotency-Key records for [`etag_runtime`] in SQLite, written in the caller's rusqlite transaction, so
//! that a keyed write's record and its change commit together or not at all.
//!
//! [`SqliteKeys`] is a [`KeyStore`] on a `rusqlite::Transaction`. rusqlite is
//! synchronous, so an application runs its writes in a blocking closure (actix's `web::block`, tokio's
//! `spawn_blocking`), where nothing can be awaited: [`SqliteKeys::begin_blocking`] and
//! [`SqliteKeys::keep_blocking`] are the two steps of a keyed write for that code, with the same rules as the
//! async ones. Create the table once with [`SqliteKeys::create_table`].
//!
//! - Keys live as long as its [`KeyLimits`] say; each keyed write drops up to 100 expired ones.
//! - SQLite runs one writer at a time (a write takes the database's lock, best with `BEGIN IMMEDIATE`), so both
//!   bounds hold exactly.
//! - Name requesters by a stable identity (the authenticated user's id), not by a credential that changes
//!   between a write and its retry: the key belongs to the requester's exact bytes.
//! - The crate leaves rusqlite's features to the application (`bundled` or the system's SQLite): rusqlite allows
//!   one `libsqlite3-sys` per build.
//!
//! A keyed PATCH on actix-web, its SQLite work in `web::block`: the database's write lock is taken, then the key
//! looked up, the change made, and the answer kept, all in one transaction.
//!
//! ```no_run
//! use std::sync::{Arc, Mutex};
//!
//! use actix_web::web::{self, Data, Json, Path};
//! use actix_web::{Either, patch};
//! use etag_keys_sqlite::SqliteKeys;
//! use etag_runtime::actix::Stored;
//! use etag_runtime::actix::idempotency::{Idempotency, KeyedAnswer, Replay};
//! use etag_runtime::keys::Step;
//! use etag_runtime::{ETag, Precondition, Problem};
//! use rusqlite::{Connection, TransactionBehavior::Immediate};
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
//!     db: Data<Arc<Mutex<Connection>>>, keys: Data<SqliteKeys>, id: Path<i64>,
//!     precondition: Precondition, idempotency: Idempotency, Json(text): Json<String>,
//! ) -> Result<KeyedAnswer<Note>, Problem> {
//!     let keyed = idempotency.keyed(&text);
//!     let (db, keys, id) = (db.get_ref().clone(), keys.get_ref().clone(), id.into_inner());
//!     web::block(move || {
//!         let mut db = db.lock().map_err(failed)?;
//!         let mut tx = db.transaction_with_behavior(Immediate).map_err(failed)?;
//!         let pending = match keys.begin_blocking(&mut tx, keyed)? {
//!             Step::Replay(record) => return Ok(Either::Right(Replay::from(record))),
//!             Step::Run(pending) => pending,
//!         };
//!         let version = tx.query_row("SELECT version FROM notes WHERE id = ?1", [id], |row| row.get(0));
//!         let note = Note { id, version: version.map_err(failed)?, text };
//!         precondition.check(Some(&note))?;
//!         let note = Note { version: note.version + 1, ..note };
//!         let update = "UPDATE notes SET version = ?2, text = ?3 WHERE id = ?1";
//!         tx.execute(update, (note.id, note.version, &note.text)).map_err(failed)?;
//!         let answer = Stored::new(note);
//!         keys.keep_blocking(&mut tx, pending, |keyed| answer.record(keyed))?;
//!         tx.commit().map_err(failed)?;
//!         Ok(Either::Left(answer))
//!     })
//!     .await
//!     .map_err(failed)?
//! }
//! ```

mod error;
mod statements;

use std::future::{Future, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use etag_runtime::keys::{Held, KeyFailure, KeyLimits, KeyStore, Keyed, Pending, Record, Step, begin};
use rusqlite::{Connection, Transaction};

pub use error::Error;
pub use statements::SCHEMA;

/// Records in the table `etag_idempotency_keys`, within these [`KeyLimits`].
#[derive(Debug, Clone, Default)]
pub struct SqliteKeys {
    limits: KeyLimits,
}

impl SqliteKeys {
    /// A store within `limits`: set the keys' lifetime and bounds here, once.
    pub fn new(limits: KeyLimits) -> Self {
        SqliteKeys { limits }
    }

    /// Creates the table and its indexes where they are missing ([`SCHEMA`]).
    pub fn create_table(connection: &Connection) -> rusqlite::Result<()> {
        connection.execute_batch(SCHEMA)
    }

    /// The first step of a keyed write, for code that cannot await: [`etag_runtime::keys::begin`].
    pub fn begin_blocking(&self, tx: &mut Transaction<'_>, keyed: Option<Keyed>) -> Result<Step, KeyFailure<Error>> {
        run_ready(begin(self, tx, keyed))
    }

    /// The second step, for code that cannot await: [`Pending::keep`].
    pub fn keep_blocking(
        &self,
        tx: &mut Transaction<'_>,
        pending: Pending,
        record: impl FnOnce(&Keyed) -> Record,
    ) -> Result<(), KeyFailure<Error>> {
        run_ready(pending.keep(self, tx, record))
    }

    fn limits_as_sql(&self) -> (i64, i64) {
        let clamp = |limit: u64| i64::try_from(limit).unwrap_or(i64::MAX);
        (clamp(self.limits.per_requester()), clamp(self.limits.total()))
    }
}

impl KeyStore<Transaction<'_>> for SqliteKeys {
    type Error = Error;

    fn limits(&self) -> &KeyLimits {
        &self.limits
    }

    // Each operation runs when it is called and gives its result as a future that is ready at once: the work is
    // synchronous, and a future that held the transaction (which is not `Send`) could not be `Send`.

    fn purge(&self, tx: &mut Transaction<'_>, live_since: i64) -> impl Future<Output = Result<u64, Error>> + Send {
        ready(statements::purge(tx, live_since))
    }

    fn find(&self, tx: &mut Transaction<'_>, id: &str) -> impl Future<Output = Result<Option<Record>, Error>> + Send {
        ready(statements::find(tx, id))
    }

    fn held(
        &self,
        tx: &mut Transaction<'_>,
        keyed: &Keyed,
        live_since: i64,
    ) -> impl Future<Output = Result<Held, Error>> + Send {
        ready(statements::held(
            tx,
            keyed.requester(),
            live_since,
            self.limits_as_sql(),
        ))
    }

    fn insert(
        &self,
        tx: &mut Transaction<'_>,
        keyed: &Keyed,
        record: &Record,
        live_since: i64,
    ) -> impl Future<Output = Result<bool, Error>> + Send {
        ready(statements::insert(tx, keyed, record, live_since))
    }
}

/// Runs to its end a future that never waits: this store's operations are synchronous, so the two steps built
/// on them are ready at their first poll. The loop only guards that reasoning; it does not spin in practice.
fn run_ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::yield_now();
    }
}

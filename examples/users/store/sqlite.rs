//! The SQLite store: every write in an IMMEDIATE transaction on the one writer connection, so that a
//! precondition check and the write it guards cannot be split by another writer, in this process or in another
//! one sharing the file; on a file, reads on connections of their own, which never wait for a writer
//! (`sqlite_connections.rs`).

use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, Transaction};

use etag_keys_sqlite::SqliteKeys;
use etag_runtime::keys::{KeyLimits, Pending, Step};

use super::sqlite_connections::{BUSY_TIMEOUT, Connections, Held, busy, in_transaction, off_the_worker};
use super::{KeyUse, OpenError, Written, sqlite_queries as queries};
use crate::errors::ApiError;
use crate::model::{ListStamp, User, UserFields};

#[derive(Clone)]
pub struct SqliteStore {
    connections: Arc<Connections>,
    keys: SqliteKeys,
}

/// The list's rows, read in the snapshot its stamp was read in: the read transaction stays open on its
/// connection until the rows are read, or this is dropped (a 304 needs no rows).
pub struct SqliteListRead {
    held: Held,
}

impl SqliteStore {
    /// Opens the file at `path`, or a database in memory, creates the tables and seeds users 1 to 3 the first
    /// time.
    pub fn open(path: Option<&Path>, limits: KeyLimits) -> Result<SqliteStore, OpenError> {
        let described = path.map_or_else(|| "in memory".to_owned(), |path| path.display().to_string());
        Self::open_at(path, limits)
            .map_err(|error| OpenError(format!("cannot open the SQLite database {described}: {error}")))
    }

    fn open_at(path: Option<&Path>, limits: KeyLimits) -> rusqlite::Result<SqliteStore> {
        let mut writer = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        writer.busy_timeout(BUSY_TIMEOUT)?;
        if path.is_some() {
            // Readers, in this process or another, do not wait for a writer.
            writer.pragma_update(None, "journal_mode", "WAL")?;
        }
        in_transaction(&mut writer, |transaction| {
            queries::create_and_seed(transaction)?;
            SqliteKeys::create_table(transaction)
        })?;
        Ok(SqliteStore {
            connections: Arc::new(Connections::new(writer, path)),
            keys: SqliteKeys::new(limits),
        })
    }

    pub async fn list(&self) -> Result<Vec<User>, ApiError> {
        self.connections.read(|held| Ok(queries::list(&held)?)).await
    }

    pub async fn find(&self, id: i64) -> Result<Option<User>, ApiError> {
        self.connections.read(move |held| Ok(queries::find(&held, id)?)).await
    }

    pub async fn ping(&self) -> Result<(), ApiError> {
        self.connections
            .read(|held| Ok(queries::list_stamp(&held).map(drop)?))
            .await
    }

    /// The list's stamp, and its rows to read later in the same snapshot.
    pub async fn list_snapshot(&self) -> Result<(ListStamp, SqliteListRead), ApiError> {
        self.connections
            .read(move |held| {
                // A deferred transaction: its snapshot is taken by its first read, the stamp's.
                held.execute_batch("BEGIN")?;
                let stamp = queries::list_stamp(&held)?;
                Ok((stamp, SqliteListRead { held }))
            })
            .await
    }

    pub async fn create<F>(&self, key: Option<KeyUse>, decide: F) -> Result<Written<User>, ApiError>
    where
        F: FnOnce(&ListStamp) -> Result<UserFields, ApiError> + Send + 'static,
    {
        let keys = self.keys.clone();
        self.write(move |transaction| {
            let pending = match keys.begin_blocking(transaction, KeyUse::keyed(key.as_ref()))? {
                Step::Replay(record) => return Ok(Written::Replayed(record)),
                Step::Run(pending) => pending,
            };
            let fields = decide(&queries::list_stamp(transaction)?)?;
            let user = queries::insert(transaction, None, &fields)?;
            keep(&keys, transaction, pending, key.as_ref(), &user, true)?;
            Ok(Written::Done(user))
        })
        .await
    }

    pub async fn put<F>(&self, id: i64, key: Option<KeyUse>, decide: F) -> Result<Written<(User, bool)>, ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<UserFields, ApiError> + Send + 'static,
    {
        let keys = self.keys.clone();
        self.write(move |transaction| {
            let pending = match keys.begin_blocking(transaction, KeyUse::keyed(key.as_ref()))? {
                Step::Replay(record) => return Ok(Written::Replayed(record)),
                Step::Run(pending) => pending,
            };
            let current = queries::find(transaction, id)?;
            let fields = decide(current.as_ref())?;
            let (user, created) = match current {
                Some(current) => (queries::replace(transaction, &current, &fields)?, false),
                None => (queries::insert(transaction, Some(id), &fields)?, true),
            };
            keep(&keys, transaction, pending, key.as_ref(), &user, created)?;
            Ok(Written::Done((user, created)))
        })
        .await
    }

    pub async fn delete<F>(&self, id: i64, decide: F) -> Result<(), ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<(), ApiError> + Send + 'static,
    {
        self.write(move |transaction| {
            decide(queries::find(transaction, id)?.as_ref())?;
            Ok(queries::delete(transaction, id)?)
        })
        .await
    }

    async fn write<T, F>(&self, write: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        self.connections.write(write).await
    }
}

impl SqliteListRead {
    /// The rows, from the snapshot the stamp came from; the snapshot then ends.
    pub async fn users(self) -> Result<Vec<User>, ApiError> {
        off_the_worker(self.held, |held| {
            let users = queries::list(held)?;
            held.execute_batch("COMMIT")?;
            Ok(users)
        })
        .await
    }
}

/// Keeps the keyed write's answer under its key, in its transaction (nothing for a write without a key).
fn keep(
    keys: &SqliteKeys,
    transaction: &mut Transaction,
    pending: Pending,
    key: Option<&KeyUse>,
    user: &User,
    created: bool,
) -> Result<(), ApiError> {
    match key {
        Some(key) => Ok(keys.keep_blocking(transaction, pending, key.record(user, created))?),
        None => Ok(()),
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        eprintln!("database error: {error}");
        // Another process held the write lock past the busy timeout: the request may be retried as it is.
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            return busy();
        }
        ApiError::internal("the database failed; the request had no effect")
    }
}

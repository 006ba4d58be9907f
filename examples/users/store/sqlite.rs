//! The SQLite store: one connection per process, used off the async workers, with every write in an
//! IMMEDIATE transaction so that a precondition check and the write it guards cannot be split by another
//! writer, in this process or in another one sharing the file.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::web;
use rusqlite::{Connection, Transaction, TransactionBehavior};

use etag_runtime::actix::idempotency::Record;

use super::keys::key_taken;
use super::{KeyUse, OpenError, Written, sqlite_queries as queries};
use crate::errors::ApiError;
use crate::model::{User, UserFields, UserStamp};

/// How long a write waits for another process's write lock before it answers 503.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    /// Opens the file at `path`, or a database in memory, creates the tables and seeds users 1 to 3 the first
    /// time.
    pub fn open(path: Option<&Path>) -> Result<SqliteStore, OpenError> {
        let described = path.map_or_else(|| "in memory".to_owned(), |path| path.display().to_string());
        Self::open_at(path).map_err(|error| OpenError(format!("cannot open the SQLite database {described}: {error}")))
    }

    fn open_at(path: Option<&Path>) -> rusqlite::Result<SqliteStore> {
        let connection = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        connection.busy_timeout(BUSY_TIMEOUT)?;
        if path.is_some() {
            // Readers in one process do not wait for a writer in another.
            connection.pragma_update(None, "journal_mode", "WAL")?;
        }
        let store = SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
        };
        store.transaction(|transaction| queries::create_and_seed(transaction))?;
        Ok(store)
    }

    pub async fn list(&self) -> Result<Vec<User>, ApiError> {
        self.read(|connection| Ok(queries::list(connection)?)).await
    }

    pub async fn find(&self, id: i64) -> Result<Option<User>, ApiError> {
        self.read(move |connection| Ok(queries::find(connection, id)?)).await
    }

    pub async fn stamp(&self, id: i64) -> Result<Option<UserStamp>, ApiError> {
        self.read(move |connection| Ok(queries::stamp(connection, id)?)).await
    }

    pub async fn create<F>(&self, key: Option<KeyUse>, decide: F) -> Result<Written<User>, ApiError>
    where
        F: FnOnce(&[User]) -> Result<UserFields, ApiError> + Send + 'static,
    {
        self.write(move |transaction| {
            if let Some(record) = replayed(transaction, key.as_ref())? {
                return Ok(Written::Replayed(record));
            }
            let fields = decide(&queries::list(transaction)?)?;
            let user = queries::insert(transaction, None, &fields)?;
            keep(transaction, key.as_ref(), &user, true)?;
            Ok(Written::Done(user))
        })
        .await
    }

    pub async fn put<F>(&self, id: i64, key: Option<KeyUse>, decide: F) -> Result<Written<(User, bool)>, ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<UserFields, ApiError> + Send + 'static,
    {
        self.write(move |transaction| {
            if let Some(record) = replayed(transaction, key.as_ref())? {
                return Ok(Written::Replayed(record));
            }
            let current = queries::find(transaction, id)?;
            let fields = decide(current.as_ref())?;
            let (user, created) = match current {
                Some(current) => (queries::replace(transaction, &current, &fields)?, false),
                None => (queries::insert(transaction, Some(id), &fields)?, true),
            };
            keep(transaction, key.as_ref(), &user, created)?;
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

    /// Runs `read` on the connection, off the async worker.
    async fn read<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let store = self.clone();
        web::block(move || read(&store.lock())).await?
    }

    /// Runs `write` in one IMMEDIATE transaction, off the async worker: committed if it returns `Ok`, rolled
    /// back if it returns `Err`.
    async fn write<T, F>(&self, write: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        let store = self.clone();
        web::block(move || store.transaction(write)).await?
    }

    fn transaction<T, E, F>(&self, write: F) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
        F: FnOnce(&Transaction) -> Result<T, E>,
    {
        let mut connection = self.lock();
        // IMMEDIATE takes the database's write lock now, before the precondition is read, not at the first
        // write: two writers can never both read the same version and both write.
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = write(&transaction)?;
        transaction.commit()?;
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while the lock was held dropped its transaction, which rolled back: the connection is sound.
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The record to replay for a keyed write, if its key was used by the same request; expired keys are dropped
/// first. Inside the write's IMMEDIATE transaction, so no other writer is between this and the write.
fn replayed(transaction: &Transaction, key: Option<&KeyUse>) -> Result<Option<Record>, ApiError> {
    let Some(key) = key else {
        return Ok(None);
    };
    queries::remove_expired_keys(transaction, key.cutoff())?;
    let found = queries::find_key(transaction, key.keyed.id())?;
    key.decide(found.as_deref().map(KeyUse::parsed).transpose()?)
}

/// Stores the keyed write's answer under its key, in its transaction.
fn keep(transaction: &Transaction, key: Option<&KeyUse>, user: &User, created: bool) -> Result<(), ApiError> {
    let Some(key) = key else {
        return Ok(());
    };
    let record = key.record(user, created);
    let text = KeyUse::serialized(&record)?;
    if queries::save_key(transaction, key.keyed.id(), &text, record.stored_at)? {
        Ok(())
    } else {
        Err(key_taken())
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        eprintln!("database error: {error}");
        // Another process held the write lock past the busy timeout: the request may be retried as it is.
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            return ApiError::unavailable("the database is busy; retry the request");
        }
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the database failed; the request had no effect",
        )
    }
}

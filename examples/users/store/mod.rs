//! Where users live: one interface, [`Store`], over two databases. Routes call only the methods here and know
//! nothing of SQL or of which database runs.
//!
//! Every write is one transaction that locks what it checks before `decide` reads it and keeps it locked until
//! the write is committed, so a precondition checked in `decide` still holds when the write lands, whichever
//! instance of the example another writer went through (no lost update, RFC 9110 §13.1.1).

mod keys;
mod postgres;
mod postgres_schema;
mod sqlite;
mod sqlite_connections;
mod sqlite_queries;

use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use etag_runtime::keys::KeyLimits;

use crate::errors::ApiError;
use crate::model::{ListStamp, User, UserFields, to_unix_seconds};
pub use keys::{KeyUse, Written};
use postgres::{PostgresListRead, PostgresStore};
use sqlite::{SqliteListRead, SqliteStore};

/// The users seeded into a new database, as ids 1, 2 and 3 with versions 1, 2 and 3.
const SEED: [(&str, &str); 3] = [
    ("Ada Lovelace", "ada@example.com"),
    ("Grace Hopper", "grace@example.org"),
    ("Alan Turing", "alan@example.com"),
];

/// `--db`: a SQLite file, or a PostgreSQL URL (`postgres://` or `postgresql://`).
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// Reads `--db`'s value: a URL with a PostgreSQL scheme, or else a file path.
    pub fn parse(value: &str) -> Result<Database, String> {
        let is_postgres = ["postgres://", "postgresql://"].iter().any(|scheme| {
            value
                .get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        });
        match value {
            "" => Err("give a SQLite file path or a postgres:// URL".to_owned()),
            url if is_postgres => Ok(Database::Postgres(url.to_owned())),
            path => Ok(Database::Sqlite(PathBuf::from(path))),
        }
    }
}

/// Why the store could not be opened: said in one line when the example starts.
#[derive(Debug)]
pub struct OpenError(pub String);

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The users database: SQLite (a file, or memory when `--db` is not given) or PostgreSQL.
#[derive(Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens the database, creates its tables when they are missing and seeds users 1 to 3 the first time;
    /// `pool` is how many PostgreSQL connections it may hold, and `keys` bounds the Idempotency-Keys it keeps.
    pub async fn open(database: Option<&Database>, pool: usize, keys: KeyLimits) -> Result<Store, OpenError> {
        match database {
            None => SqliteStore::open(None, keys).map(Store::Sqlite),
            Some(Database::Sqlite(path)) => SqliteStore::open(Some(path), keys).map(Store::Sqlite),
            Some(Database::Postgres(url)) => PostgresStore::open(url, pool, keys).await.map(Store::Postgres),
        }
    }

    /// Every user, by id.
    pub async fn list(&self) -> Result<Vec<User>, ApiError> {
        match self {
            Store::Sqlite(store) => store.list().await,
            Store::Postgres(store) => store.list().await,
        }
    }

    /// The user with this id, if there is one.
    pub async fn find(&self, id: i64) -> Result<Option<User>, ApiError> {
        match self {
            Store::Sqlite(store) => store.find(id).await,
            Store::Postgres(store) => store.find(id).await,
        }
    }

    /// Whether the database answers a query now (`/readyz`).
    pub async fn ping(&self) -> Result<(), ApiError> {
        match self {
            Store::Sqlite(store) => store.ping().await,
            Store::Postgres(store) => store.ping().await,
        }
    }

    /// The list's stamp, and its rows to read in the same snapshot: the tag sent names the rows sent, whatever
    /// writes commit in between; a 304 reads only the stamp.
    pub async fn list_snapshot(&self) -> Result<(ListStamp, ListRead), ApiError> {
        Ok(match self {
            Store::Sqlite(store) => {
                let (stamp, read) = store.list_snapshot().await?;
                (stamp, ListRead::Sqlite(read))
            }
            Store::Postgres(store) => {
                let (stamp, read) = store.list_snapshot().await?;
                (stamp, ListRead::Postgres(read))
            }
        })
    }

    /// Adds a user with the next free id. `decide` sees the list's stamp (the collection the write targets) and
    /// gives the new user's fields, or an error that cancels the write; no other write can land in between.
    /// With a `key`, the write first looks for it: a live record of the same request is replayed and nothing is
    /// written; otherwise the answer is recorded under the key in the same transaction.
    pub async fn create<F>(&self, key: Option<KeyUse>, decide: F) -> Result<Written<User>, ApiError>
    where
        F: FnOnce(&ListStamp) -> Result<UserFields, ApiError> + Send + 'static,
    {
        match self {
            Store::Sqlite(store) => store.create(key, decide).await,
            Store::Postgres(store) => store.create(key, decide).await,
        }
    }

    /// Stores the user `id` with the fields `decide` gives from the current user (`None`: there is none), or
    /// writes nothing if it gives an error. Returns the user as stored and whether it was created. A `key` works
    /// as for [`Store::create`].
    pub async fn put<F>(&self, id: i64, key: Option<KeyUse>, decide: F) -> Result<Written<(User, bool)>, ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<UserFields, ApiError> + Send + 'static,
    {
        match self {
            Store::Sqlite(store) => store.put(id, key, decide).await,
            Store::Postgres(store) => store.put(id, key, decide).await,
        }
    }

    /// Deletes the user `id` if `decide`, given the current user, allows it.
    pub async fn delete<F>(&self, id: i64, decide: F) -> Result<(), ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<(), ApiError> + Send + 'static,
    {
        match self {
            Store::Sqlite(store) => store.delete(id, decide).await,
            Store::Postgres(store) => store.delete(id, decide).await,
        }
    }
}

/// The rows of a list whose stamp was read, still to be read in the stamp's snapshot. In memory it holds the
/// one SQLite connection until its rows are read or it is dropped: a handler must not call the store meanwhile.
pub enum ListRead {
    Sqlite(SqliteListRead),
    Postgres(PostgresListRead),
}

impl ListRead {
    /// Every user, by id, as of the stamp.
    pub async fn users(self) -> Result<Vec<User>, ApiError> {
        match self {
            ListRead::Sqlite(read) => read.users().await,
            ListRead::Postgres(read) => read.users().await,
        }
    }
}

/// Whether writing `fields` over `current` would change nothing: then the user keeps its version (and its
/// entity tag), so that caches holding it stay valid.
fn unchanged(current: &User, fields: &UserFields) -> bool {
    current.fields() == *fields
}

/// The time a write stamps on the user, in the seconds the databases store.
fn now() -> i64 {
    to_unix_seconds(SystemTime::now())
}

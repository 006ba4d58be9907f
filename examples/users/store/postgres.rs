//! The PostgreSQL store: a pool of tokio-postgres connections (deadpool-postgres), every call async on the
//! server's tokio workers. Several instances of the example may share one database; each write locks what it checks:
//!
//! - a write to `/users/{id}` takes a transaction-scoped advisory lock on the id, which serializes every writer
//!   of that id across instances, including two that both find no user and would both create it, and then
//!   reads the row `FOR UPDATE`;
//! - a POST, whose precondition is about the whole list, locks the table against every other write.
//!
//! The transactions run at READ COMMITTED, where each statement reads what was committed before it started, so
//! the read that follows a lock sees the write of whoever held it.

use std::time::Duration;

use deadpool_postgres::{
    BuildError, GenericClient, Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod, Runtime,
};
use tokio_postgres::error::SqlState;
use tokio_postgres::{NoTls, Row};

use etag_keys_postgres::PostgresKeys;
use etag_runtime::keys::{KeyLimits, Step, begin};

use super::{KeyUse, OpenError, Written, now, postgres_schema, unchanged};
use crate::errors::ApiError;
use crate::model::{ListStamp, User, UserFields, from_unix_seconds};

/// How long a request waits to connect, or for a free connection, before it answers 503.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const WAIT_TIMEOUT: Duration = Duration::from_secs(5);

/// The columns `user_from_row` reads, in its order; a macro so that each statement is one literal.
macro_rules! columns {
    () => {
        "id, name, email, version, updated_at"
    };
}

#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    keys: PostgresKeys,
}

impl PostgresStore {
    /// Connects with at most `pool` connections, and creates and seeds the schema when it is missing.
    pub async fn open(url: &str, pool: usize, limits: KeyLimits) -> Result<PostgresStore, OpenError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|error| OpenError(format!("--db {:?} is not a PostgreSQL URL: {error}", redacted(url))))?;
        config.connect_timeout(CONNECT_TIMEOUT);
        let described = describe(&config);
        let unreachable = |error: String| OpenError(format!("cannot use the PostgreSQL database {described}: {error}"));
        let pool = connection_pool(config, pool).map_err(|error| unreachable(error.to_string()))?;
        let mut client = pool.get().await.map_err(|error| unreachable(pool_error_text(&error)))?;
        postgres_schema::create_and_seed(&mut client)
            .await
            .map_err(|error| unreachable(error_text(&error)))?;
        Ok(PostgresStore {
            pool,
            keys: PostgresKeys::new(limits),
        })
    }

    pub async fn list(&self) -> Result<Vec<User>, ApiError> {
        let client = self.client().await?;
        list(&client).await.map_err(ApiError::from)
    }

    pub async fn find(&self, id: i64) -> Result<Option<User>, ApiError> {
        let client = self.client().await?;
        find(&client, FIND, id).await.map_err(ApiError::from)
    }

    pub async fn ping(&self) -> Result<(), ApiError> {
        let client = self.client().await?;
        client.batch_execute("SELECT 1").await?;
        Ok(())
    }

    /// The list's stamp, and its rows to read later in the same snapshot: a REPEATABLE READ transaction, whose
    /// snapshot is taken by its first statement, the stamp's.
    pub async fn list_snapshot(&self) -> Result<(ListStamp, PostgresListRead), ApiError> {
        // The guard first: a request dropped while BEGIN is on its way still ends the transaction.
        let read = PostgresListRead {
            client: Some(self.client().await?),
        };
        let client = read.client()?;
        client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
        let stamp = list_stamp(client).await?;
        Ok((stamp, read))
    }

    pub async fn create<F>(&self, key: Option<KeyUse>, decide: F) -> Result<Written<User>, ApiError>
    where
        F: FnOnce(&ListStamp) -> Result<UserFields, ApiError> + Send + 'static,
    {
        let mut client = self.client().await?;
        let mut transaction = client.transaction().await?;
        // Conflicts with itself and with the ROW EXCLUSIVE lock every other write takes first: the list `decide`
        // sees stays the list until this commits.
        transaction
            .batch_execute("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE")
            .await?;
        let pending = match begin(&self.keys, &mut transaction, KeyUse::keyed(key.as_ref())).await? {
            Step::Replay(record) => {
                transaction.commit().await?;
                return Ok(Written::Replayed(record));
            }
            Step::Run(pending) => pending,
        };
        let fields = decide(&list_stamp(&transaction).await?)?;
        let id: i64 = transaction
            .query_one("UPDATE user_ids SET high = high + 1 RETURNING high", &[])
            .await?
            .get(0);
        let user = insert(&transaction, id, &fields).await?;
        if let Some(key) = &key {
            pending
                .keep(&self.keys, &mut transaction, key.record(&user, true))
                .await?;
        }
        transaction.commit().await?;
        Ok(Written::Done(user))
    }

    pub async fn put<F>(&self, id: i64, key: Option<KeyUse>, decide: F) -> Result<Written<(User, bool)>, ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<UserFields, ApiError> + Send + 'static,
    {
        let mut client = self.client().await?;
        let mut transaction = client.transaction().await?;
        let current = lock_user(&transaction, id).await?;
        // Under the user's lock: a retry with the key of a write in progress waits here, then replays it.
        let pending = match begin(&self.keys, &mut transaction, KeyUse::keyed(key.as_ref())).await? {
            Step::Replay(record) => {
                transaction.commit().await?;
                return Ok(Written::Replayed(record));
            }
            Step::Run(pending) => pending,
        };
        let fields = decide(current.as_ref())?;
        let stored = match current {
            Some(current) => (replace(&transaction, &current, &fields).await?, false),
            None => {
                // Ids given by PUT count for POST's next id too, as SQLite's AUTOINCREMENT counts them.
                transaction
                    .execute("UPDATE user_ids SET high = GREATEST(high, $1)", &[&id])
                    .await?;
                (insert(&transaction, id, &fields).await?, true)
            }
        };
        if let Some(key) = &key {
            let record = key.record(&stored.0, stored.1);
            pending.keep(&self.keys, &mut transaction, record).await?;
        }
        transaction.commit().await?;
        Ok(Written::Done(stored))
    }

    pub async fn delete<F>(&self, id: i64, decide: F) -> Result<(), ApiError>
    where
        F: FnOnce(Option<&User>) -> Result<(), ApiError> + Send + 'static,
    {
        let mut client = self.client().await?;
        let transaction = client.transaction().await?;
        decide(lock_user(&transaction, id).await?.as_ref())?;
        transaction.execute("DELETE FROM users WHERE id = $1", &[&id]).await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn client(&self) -> Result<Object, ApiError> {
        self.pool.get().await.map_err(|error| {
            eprintln!("database error: {}", pool_error_text(&error));
            ApiError::unavailable("the database cannot be reached; retry the request")
        })
    }
}

/// A pool of at most `size` connections, each opened when first needed. Waiting for one, opening one, and checking
/// one before reuse are bounded by the timeouts above, so a database out of reach gives a 503, not a hang.
fn connection_pool(config: tokio_postgres::Config, size: usize) -> Result<Pool, BuildError> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            // A connection the server closed (a restart, a failover) is dropped when next taken, not reused.
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT_TIMEOUT))
        .create_timeout(Some(CONNECT_TIMEOUT))
        .recycle_timeout(Some(CONNECT_TIMEOUT))
        .build()
}

/// Takes the locks a write to user `id` holds until it commits, then reads the user.
async fn lock_user(transaction: &impl GenericClient, id: i64) -> Result<Option<User>, tokio_postgres::Error> {
    // First the table lock every write takes (so that a POST's list stays whole), then the id's own lock, held
    // whether or not the row exists, then the row.
    transaction
        .execute("LOCK TABLE users IN ROW EXCLUSIVE MODE", &[])
        .await?;
    transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&id]).await?;
    find(transaction, FIND_FOR_UPDATE, id).await
}

/// The list's stamp: its revision, which the schema's trigger moves on.
async fn list_stamp(client: &impl GenericClient) -> Result<ListStamp, tokio_postgres::Error> {
    let statement = client.prepare_cached("SELECT value FROM list_revision").await?;
    let revision = client.query_one(&statement, &[]).await?.get(0);
    Ok(ListStamp { revision })
}

async fn list(client: &impl GenericClient) -> Result<Vec<User>, tokio_postgres::Error> {
    let sql = concat!("SELECT ", columns!(), " FROM users ORDER BY id");
    let statement = client.prepare_cached(sql).await?;
    let rows = client.query(&statement, &[]).await?;
    Ok(rows.iter().map(user_from_row).collect())
}

/// The list's rows, read in the snapshot its stamp was read in. The transaction stays open on its pooled
/// connection until the rows are read; dropped before (a 304 needs no rows, or an error), it is rolled back on a
/// task of its own before the connection goes back to the pool, or, with no runtime left, closed.
pub struct PostgresListRead {
    client: Option<Object>,
}

impl PostgresListRead {
    /// The rows, from the snapshot the stamp came from; the snapshot then ends.
    pub async fn users(mut self) -> Result<Vec<User>, ApiError> {
        let users = list(self.client()?).await?;
        self.client()?.batch_execute("COMMIT").await?;
        self.client = None;
        Ok(users)
    }

    fn client(&self) -> Result<&Object, ApiError> {
        self.client
            .as_ref()
            .ok_or_else(|| ApiError::internal("the list's snapshot has ended"))
    }
}

impl Drop for PostgresListRead {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn(async move { drop(client.batch_execute("ROLLBACK").await) })),
            // No runtime left to end it on (the server is stopping): the connection leaves the pool, and closing
            // it ends the transaction.
            Err(_) => drop(Object::take(client)),
        }
    }
}

/// One user, read; and read and locked, in a write's transaction. Literals, so that no read formats its SQL.
const FIND: &str = concat!("SELECT ", columns!(), " FROM users WHERE id = $1");
const FIND_FOR_UPDATE: &str = concat!("SELECT ", columns!(), " FROM users WHERE id = $1 FOR UPDATE");

/// The user `id`, by `sql`: [`FIND`] or [`FIND_FOR_UPDATE`].
async fn find(client: &impl GenericClient, sql: &str, id: i64) -> Result<Option<User>, tokio_postgres::Error> {
    let statement = client.prepare_cached(sql).await?;
    let row = client.query_opt(&statement, &[&id]).await?;
    Ok(row.as_ref().map(user_from_row))
}

pub(super) async fn insert(
    client: &impl GenericClient,
    id: i64,
    fields: &UserFields,
) -> Result<User, tokio_postgres::Error> {
    let sql = concat!(
        "INSERT INTO users (id, name, email, version, updated_at) ",
        "VALUES ($1, $2, $3, nextval('revision'), $4) RETURNING ",
        columns!()
    );
    let row = client
        .query_one(sql, &[&id, &fields.name, &fields.email, &now()])
        .await?;
    Ok(user_from_row(&row))
}

async fn replace(
    client: &impl GenericClient,
    current: &User,
    fields: &UserFields,
) -> Result<User, tokio_postgres::Error> {
    if unchanged(current, fields) {
        return Ok(current.clone());
    }
    let sql = concat!(
        "UPDATE users SET name = $2, email = $3, version = nextval('revision'), updated_at = $4 ",
        "WHERE id = $1 RETURNING ",
        columns!()
    );
    let row = client
        .query_one(sql, &[&current.id, &fields.name, &fields.email, &now()])
        .await?;
    Ok(user_from_row(&row))
}

fn user_from_row(row: &Row) -> User {
    User {
        id: row.get(0),
        name: row.get(1),
        email: row.get(2),
        version: row.get(3),
        updated_at: from_unix_seconds(row.get(4)),
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(error: tokio_postgres::Error) -> Self {
        eprintln!("database error: {}", error_text(&error));
        if is_unavailable(&error) {
            return ApiError::unavailable("the database cannot be reached; retry the request");
        }
        ApiError::internal("the database failed; the request had no effect")
    }
}

/// Whether the request may succeed if retried as it is: the connection is gone, the server is shutting down or
/// out of connections, or it broke a deadlock or a serialization conflict by cancelling this transaction.
fn is_unavailable(error: &tokio_postgres::Error) -> bool {
    let Some(code) = error.code() else {
        // No SQLSTATE: the error came from the connection, not from the server.
        return true;
    };
    let class = &code.code()[..2];
    // 08: connection exception, 53: insufficient resources, 57: operator intervention (shutdown, restart).
    matches!(class, "08" | "53" | "57")
        || *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
}

/// An error with its cause, on one line (tokio-postgres's own text is often only "db error").
fn error_text(error: &tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => match std::error::Error::source(error) {
            Some(cause) => format!("{error}: {cause}"),
            None => error.to_string(),
        },
    }
}

fn pool_error_text(error: &PoolError) -> String {
    match error {
        PoolError::Backend(error) => error_text(error),
        PoolError::Timeout(_) => "no connection within the timeout".to_owned(),
        other => other.to_string(),
    }
}

/// Where the store connects, for messages: host, port and database, never the password.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(tokio_postgres::config::Host::Tcp(host)) => host.clone(),
        Some(tokio_postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let database = config.get_dbname().or(config.get_user()).unwrap_or("postgres");
    format!("{database} at {host}:{port}")
}

/// The URL with any password replaced by `***`.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

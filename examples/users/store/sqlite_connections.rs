//! The SQLite store's connections: one writer, which writes take in turn within a bounded wait, and readers of
//! their own.
//!
//! On a file in WAL mode a reader never waits for a writer, whether the writer is in this process or in another
//! sharing the file, so reads take connections of their own: at most [`READERS`] at once, kept for reuse. A
//! database in memory lives in its one connection (another connection would open another, empty database) and
//! no other process can lock it: there, reads and writes take turns on that one connection. A read holds it for
//! its statements; the list's read holds it from its stamp until its rows are read, or until it is dropped.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use crate::errors::ApiError;

/// How long a request waits for the database before it answers 503: for the writer's turn in this process and
/// for another process's write lock, together; or for a reader.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many readers may be open at once: each holds file descriptors (the file, its log, its shared memory), so
/// a burst of reads waits for one rather than opening one per request.
const READERS: usize = 16;

pub struct Connections {
    writer: Arc<TurnLock<Connection>>,
    /// `None` in memory, where reads use the writer's connection.
    readers: Option<Arc<Readers>>,
}

/// The readers of a file: its path, those idle, and the permits to hold one.
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

/// A connection held for one read or write. When dropped, a transaction left open is rolled back, and a reader
/// goes back to the idle ones (or is closed, if it could not be rolled back).
pub struct Held {
    connection: Option<Connection>,
    owner: Owner,
}

enum Owner {
    /// A reader, with its permit (held, not read: dropping it lets the next reader open); the connection goes
    /// back to `Readers::idle`.
    Readers {
        readers: Arc<Readers>,
        _permit: OwnedSemaphorePermit,
    },
    /// The writer's turn; the connection goes back into the guard.
    Writer(OwnedMutexGuard<Connection>),
}

impl Connections {
    /// `writer`, already set up, and readers of `path` when it is a file.
    pub fn new(writer: Connection, path: Option<&Path>) -> Connections {
        let readers = path.map(|path| {
            Arc::new(Readers {
                path: path.to_owned(),
                idle: Mutex::new(Vec::new()),
                permits: Arc::new(Semaphore::new(READERS)),
            })
        });
        Connections {
            writer: Arc::new(TurnLock::new(writer)),
            readers,
        }
    }

    /// Runs `read` off the async worker on a connection of its own (on a file), or on the one connection.
    pub async fn read<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(Held) -> Result<T, ApiError> + Send + 'static,
    {
        let owner = match &self.readers {
            Some(readers) => {
                let permit = Arc::clone(&readers.permits).acquire_owned();
                let permit = tokio::time::timeout(BUSY_TIMEOUT, permit).await.map_err(|_| busy())?;
                Owner::Readers {
                    readers: Arc::clone(readers),
                    _permit: permit.map_err(|_| busy())?,
                }
            }
            None => Owner::Writer(self.writers_turn(BUSY_TIMEOUT).await?),
        };
        off_the_async_worker(move || read(Held::open(owner)?)).await
    }

    /// Runs `write` in one IMMEDIATE transaction off the async worker: committed if it returns `Ok`, rolled back
    /// if it returns `Err`. The wait for this process's writer and for another process's lock share one bound.
    pub async fn write<T, F>(&self, write: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        let started = Instant::now();
        let mut writer = self.writers_turn(BUSY_TIMEOUT).await?;
        let left = BUSY_TIMEOUT.saturating_sub(started.elapsed());
        off_the_async_worker(move || {
            writer.busy_timeout(left)?;
            in_transaction(&mut writer, write)
        })
        .await
    }

    async fn writers_turn(&self, within: Duration) -> Result<OwnedMutexGuard<Connection>, ApiError> {
        let turn = Arc::clone(&self.writer).lock_owned();
        tokio::time::timeout(within, turn).await.map_err(|_| busy())
    }
}

/// Runs `work` off the async worker on a connection already held (a snapshot's).
pub async fn off_the_worker<T, F>(mut held: Held, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Held) -> Result<T, ApiError> + Send + 'static,
{
    off_the_async_worker(move || work(&mut held)).await
}

/// Runs blocking `work` on the runtime's blocking threads. Tokio's, not actix's `web::block` (which wraps it):
/// the store serves any HTTP layer on tokio.
async fn off_the_async_worker<T, F>(work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(work).await?
}

/// Runs `write` in an IMMEDIATE transaction on `connection`. IMMEDIATE takes the database's write lock now,
/// before the precondition is read, not at the first write: two writers can never both read the same version
/// and both write.
pub fn in_transaction<T, E, F>(connection: &mut Connection, write: F) -> Result<T, E>
where
    E: From<rusqlite::Error>,
    F: FnOnce(&mut Transaction) -> Result<T, E>,
{
    let mut transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = write(&mut transaction)?;
    transaction.commit()?;
    Ok(value)
}

/// 503: the database stayed locked by another writer past [`BUSY_TIMEOUT`], or no connection came free; the
/// request may be sent again as it is, since nothing was written.
pub fn busy() -> ApiError {
    ApiError::unavailable("the database is busy; retry the request")
}

impl Held {
    /// Takes the writer's connection out of its guard for the turn, or an idle reader (opening one if none is
    /// idle: opening reads the file, so this runs off the async worker).
    fn open(owner: Owner) -> rusqlite::Result<Held> {
        let connection = match &owner {
            Owner::Writer(_) => None,
            Owner::Readers { readers, .. } => {
                let idle = readers.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
                Some(idle.map_or_else(|| open_reader(&readers.path), Ok)?)
            }
        };
        Ok(Held { connection, owner })
    }
}

fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags)?;
    // A reader in WAL mode waits only in rare moments (another connection recovering the log, say).
    connection.busy_timeout(BUSY_TIMEOUT)?;
    Ok(connection)
}

impl Deref for Held {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match (&self.connection, &self.owner) {
            (Some(reader), _) => reader,
            (None, Owner::Writer(guard)) => guard,
            (None, Owner::Readers { .. }) => unreachable!("a reader's connection is taken out only when dropped"),
        }
    }
}

impl DerefMut for Held {
    fn deref_mut(&mut self) -> &mut Connection {
        match (&mut self.connection, &mut self.owner) {
            (Some(reader), _) => reader,
            (None, Owner::Writer(guard)) => guard,
            (None, Owner::Readers { .. }) => unreachable!("a reader's connection is taken out only when dropped"),
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // A read that stopped between its statements (a 304 answered from the stamp alone, or an error) leaves
        // its snapshot open; ending a read transaction writes nothing, so this is quick enough for any thread.
        if !self.is_autocommit() {
            drop(self.execute_batch("ROLLBACK"));
        }
        let in_transaction = !self.is_autocommit();
        match (&mut self.owner, self.connection.take()) {
            (Owner::Readers { readers, .. }, Some(reader)) if !in_transaction => {
                let mut idle = readers.idle.lock().unwrap_or_else(PoisonError::into_inner);
                idle.push(reader);
            }
            // A reader that could not end its snapshot would read that snapshot forever: it is closed instead.
            (Owner::Readers { .. }, _) => {}
            (Owner::Writer(_), _) if in_transaction => {
                eprintln!("database error: the connection stayed in a transaction after ROLLBACK");
            }
            (Owner::Writer(_), _) => {}
        }
    }
}

//! The SQLite store's connections: one writer, which writes take in turn within a bounded wait, and readers of
//! their own.
//!
//! On a file in WAL mode a reader never waits for a writer, whether the writer is in this process or in another
//! sharing the file, so reads take connections of their own, kept for reuse. A database in memory lives in its
//! one connection (another connection would open another, empty database) and no other process can lock it:
//! there, reads and writes take turns on that one connection, each for as long as its own statements run.

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use actix_web::web;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard};

use crate::errors::ApiError;

/// How long a request waits for the database before it answers 503: for the writer's turn in this process and
/// for another process's write lock, together.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many idle readers are kept for reuse; more are opened when more reads run at once, and closed after.
const IDLE_READERS: usize = 8;

pub struct Connections {
    writer: Arc<TurnLock<Connection>>,
    /// `None` in memory, where reads use the writer's connection.
    readers: Option<Arc<Readers>>,
}

/// The readers of a file: its path, and those idle.
pub struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// A connection held for one read or write; a read transaction left open is rolled back, and a reader goes back
/// to the idle ones, when this is dropped.
pub enum Held {
    Reader(Option<Connection>, Arc<Readers>),
    Writer(OwnedMutexGuard<Connection>),
}

/// What a read will hold once it runs off the async worker: the writer's connection, already its turn, or a
/// reader to take or open there (opening reads the file).
enum ForReading {
    Writer(OwnedMutexGuard<Connection>),
    Reader(Arc<Readers>),
}

impl Connections {
    /// `writer`, already set up, and readers of `path` when it is a file.
    pub fn new(writer: Connection, path: Option<&Path>) -> Connections {
        let readers = path.map(|path| {
            Arc::new(Readers {
                path: path.to_owned(),
                idle: Mutex::new(Vec::new()),
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
        let pending = match &self.readers {
            Some(readers) => ForReading::Reader(Arc::clone(readers)),
            None => ForReading::Writer(self.writers_turn(BUSY_TIMEOUT).await?),
        };
        web::block(move || read(pending.held()?)).await?
    }

    /// Runs `write` in one IMMEDIATE transaction off the async worker: committed if it returns `Ok`, rolled back
    /// if it returns `Err`. The wait for this process's writer and for another process's lock share one bound.
    pub async fn write<T, F>(&self, write: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, ApiError> + Send + 'static,
    {
        let started = Instant::now();
        let mut writer = self.writers_turn(BUSY_TIMEOUT).await?;
        let left = BUSY_TIMEOUT.saturating_sub(started.elapsed());
        web::block(move || {
            writer.busy_timeout(left)?;
            in_transaction(&mut writer, write)
        })
        .await?
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
    web::block(move || work(&mut held)).await?
}

/// Runs `write` in an IMMEDIATE transaction on `connection`. IMMEDIATE takes the database's write lock now,
/// before the precondition is read, not at the first write: two writers can never both read the same version
/// and both write.
pub fn in_transaction<T, E, F>(connection: &mut Connection, write: F) -> Result<T, E>
where
    E: From<rusqlite::Error>,
    F: FnOnce(&Transaction) -> Result<T, E>,
{
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = write(&transaction)?;
    transaction.commit()?;
    Ok(value)
}

/// 503: the database stayed locked by another writer past [`BUSY_TIMEOUT`]; the request may be sent again as it
/// is, since nothing was written.
pub fn busy() -> ApiError {
    ApiError::unavailable("the database is busy; retry the request")
}

impl ForReading {
    fn held(self) -> rusqlite::Result<Held> {
        match self {
            ForReading::Writer(guard) => Ok(Held::Writer(guard)),
            ForReading::Reader(readers) => {
                let idle = readers.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
                let connection = match idle {
                    Some(connection) => connection,
                    None => open_reader(&readers.path)?,
                };
                Ok(Held::Reader(Some(connection), readers))
            }
        }
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
        match self {
            Held::Reader(Some(connection), _) => connection,
            Held::Reader(None, _) => unreachable!("a reader is only taken out when dropped"),
            Held::Writer(guard) => guard,
        }
    }
}

impl DerefMut for Held {
    fn deref_mut(&mut self) -> &mut Connection {
        match self {
            Held::Reader(Some(connection), _) => connection,
            Held::Reader(None, _) => unreachable!("a reader is only taken out when dropped"),
            Held::Writer(guard) => guard,
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
        if let Held::Reader(connection, readers) = self {
            let mut idle = readers.idle.lock().unwrap_or_else(PoisonError::into_inner);
            if idle.len() < IDLE_READERS {
                idle.extend(connection.take());
            }
        }
    }
}

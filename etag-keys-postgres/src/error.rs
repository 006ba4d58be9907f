//! Why the store could not do what it was asked.

use std::fmt;

/// The store's error: the database's, or a record in the table that this build cannot read.
#[derive(Debug)]
pub enum Error {
    /// The database failed, or could not be reached: the write's transaction is to be rolled back.
    Database(tokio_postgres::Error),
    /// A record under the key is not one this build reads (written by an incompatible build, or by hand).
    UnreadableRecord(serde_json::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Database(error) => write!(f, "the idempotency key table could not be used: {error}"),
            Error::UnreadableRecord(error) => write!(f, "a record in the idempotency key table is unreadable: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Database(error) => Some(error),
            Error::UnreadableRecord(error) => Some(error),
        }
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(error: tokio_postgres::Error) -> Self {
        Error::Database(error)
    }
}

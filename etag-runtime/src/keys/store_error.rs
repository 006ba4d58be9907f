//! The error of a key store on a database: the database's own, or a record this build cannot read.

use std::fmt;

/// Why a database key store failed, with `E` its client's error (`tokio_postgres::Error`, `rusqlite::Error`).
#[derive(Debug)]
pub enum StoreError<E> {
    /// The database failed, or could not be reached: the write's transaction is to be rolled back.
    Database(E),
    /// A record under the key is not one this build reads (written by an incompatible build, or by hand).
    UnreadableRecord(serde_json::Error),
}

/// Says what failed; the cause is the error's source, as the API guidelines ask (a logger prints the chain).
impl<E> fmt::Display for StoreError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StoreError::Database(_) => "the idempotency key table could not be used",
            StoreError::UnreadableRecord(_) => "a record in the idempotency key table is unreadable",
        })
    }
}

impl<E: std::error::Error + 'static> std::error::Error for StoreError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Database(error) => Some(error),
            StoreError::UnreadableRecord(error) => Some(error),
        }
    }
}

/// A client's error is the store's, so that `?` carries it.
impl<E> From<E> for StoreError<E> {
    fn from(error: E) -> Self {
        StoreError::Database(error)
    }
}

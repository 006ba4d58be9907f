//! Why the store could not do what it was asked.

/// The store's error: the database's, or a record in the table that this build cannot read.
pub type Error = etag_runtime::keys::StoreError<rusqlite::Error>;

//! Where records live: the small interface a store gives, and one in memory.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use super::record::Record;

/// A store of records by key id, used inside the transaction (or under the lock) of the write it records, so that
/// the record and the change commit together. A store on an async database offers the same three operations as
/// async functions of its own; the types (`Keyed`, `Record`) are what this crate needs from it.
pub trait KeyStore {
    /// Why the store could not be read or written.
    type Error;

    /// The record under `id`, if any.
    fn find(&self, id: &str) -> Result<Option<Record>, Self::Error>;

    /// Keeps `record` under `id`, replacing an expired one; `false` if a live one is there (another request
    /// with this key committed first: answer 409, or replay it).
    fn save(&self, id: &str, record: &Record) -> Result<bool, Self::Error>;

    /// Drops the records older than `lifetime` at `now`; how many.
    fn remove_expired(&self, now: SystemTime, lifetime: Duration) -> Result<usize, Self::Error>;
}

/// Records in memory: for one instance that holds its data in memory too, and for tests. Several instances, or
/// data in a database, need the records in that database, written in the write's own transaction.
#[derive(Debug, Default)]
pub struct MemoryKeys {
    records: Mutex<HashMap<String, Record>>,
    lifetime: Option<Duration>,
}

impl MemoryKeys {
    /// Keys kept for `lifetime` when deciding whether `save` may replace one.
    pub fn with_lifetime(lifetime: Duration) -> Self {
        MemoryKeys {
            records: Mutex::default(),
            lifetime: Some(lifetime),
        }
    }

    fn records(&self) -> std::sync::MutexGuard<'_, HashMap<String, Record>> {
        // A panic elsewhere while holding the lock leaves whole records, so the map is still usable.
        self.records.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeys {
    type Error = Infallible;

    fn find(&self, id: &str) -> Result<Option<Record>, Infallible> {
        Ok(self.records().get(id).cloned())
    }

    fn save(&self, id: &str, record: &Record) -> Result<bool, Infallible> {
        let lifetime = self.lifetime.unwrap_or(super::DEFAULT_KEY_LIFETIME);
        let mut records = self.records();
        if records
            .get(id)
            .is_some_and(|live| !live.expired(SystemTime::now(), lifetime))
        {
            return Ok(false);
        }
        records.insert(id.to_owned(), record.clone());
        Ok(true)
    }

    fn remove_expired(&self, now: SystemTime, lifetime: Duration) -> Result<usize, Infallible> {
        let mut records = self.records();
        let before = records.len();
        records.retain(|_, record| !record.expired(now, lifetime));
        Ok(before - records.len())
    }
}

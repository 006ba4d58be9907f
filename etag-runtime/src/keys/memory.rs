//! Records in memory, for tests and for one instance whose data lives in memory too.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::{Future, ready};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{Held, KeyLimits, KeyStore, Keyed, Record};

/// Whatever a write holds while it changes its data in memory (a lock guard, say): memory has no transaction
/// for [`MemoryKeys`] to join, so it takes any value, to keep the calls shaped as with a database. Hold the same
/// lock from `begin` through `keep`: it is what makes a concurrent duplicate wait and replay, and nothing checks
/// it here.
pub trait WriteScope {}

impl<T: ?Sized> WriteScope for T {}

/// Records in memory: for tests, and for one instance that holds its data in memory too. They are not written
/// with the change, and die with the process: several instances, or data in a database, need a store in that
/// database (`etag-keys-postgres`, `etag-keys-sqlite`).
#[derive(Debug, Default)]
pub struct MemoryKeys {
    records: Mutex<HashMap<String, Stored>>,
    limits: KeyLimits,
}

#[derive(Debug)]
struct Stored {
    requester: String,
    record: Record,
}

impl MemoryKeys {
    /// An empty store, with these bounds.
    pub fn new(limits: KeyLimits) -> Self {
        MemoryKeys {
            records: Mutex::default(),
            limits,
        }
    }

    /// How many records it holds, expired ones included.
    pub fn len(&self) -> usize {
        self.records().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn records(&self) -> MutexGuard<'_, HashMap<String, Stored>> {
        // A panic elsewhere while holding the lock leaves whole records, so the map is still usable.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<Tx: WriteScope + ?Sized> KeyStore<Tx> for MemoryKeys {
    type Error = Infallible;

    fn limits(&self) -> &KeyLimits {
        &self.limits
    }

    // Each operation runs when it is called and returns a ready future: the work is synchronous, and a future
    // that held the transaction would be `Send` only where the lock guard is.

    fn purge(&self, _: &mut Tx, live_since: i64) -> impl Future<Output = Result<u64, Infallible>> + Send {
        let mut records = self.records();
        let before = records.len();
        records.retain(|_, stored| stored.record.stored_at >= live_since);
        ready(Ok((before - records.len()) as u64))
    }

    fn find(&self, _: &mut Tx, id: &str) -> impl Future<Output = Result<Option<Record>, Infallible>> + Send {
        ready(Ok(self.records().get(id).map(|stored| stored.record.clone())))
    }

    fn held(
        &self,
        _: &mut Tx,
        keyed: &Keyed,
        live_since: i64,
    ) -> impl Future<Output = Result<Held, Infallible>> + Send {
        let requester = keyed.requester();
        let records = self.records();
        let live = || records.values().filter(|stored| stored.record.stored_at >= live_since);
        let mine = || live().filter(|stored| stored.requester == requester);
        ready(Ok(Held {
            by_requester: mine().count() as u64,
            requester_oldest: mine().map(|stored| stored.record.stored_at).min(),
            in_all: live().count() as u64,
            oldest: live().map(|stored| stored.record.stored_at).min(),
        }))
    }

    fn insert(
        &self,
        _: &mut Tx,
        keyed: &Keyed,
        record: &Record,
        live_since: i64,
    ) -> impl Future<Output = Result<bool, Infallible>> + Send {
        let mut records = self.records();
        let live = records
            .get(keyed.id())
            .is_some_and(|stored| stored.record.stored_at >= live_since);
        if !live {
            let stored = Stored {
                requester: keyed.requester().to_owned(),
                record: record.clone(),
            };
            records.insert(keyed.id().to_owned(), stored);
        }
        ready(Ok(!live))
    }
}

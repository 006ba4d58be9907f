//! The interface a key store gives: four operations inside the caller's transaction, async, and the bounds it
//! holds its keys to.

use std::future::Future;

use super::{KeyLimits, Keyed, Record};

/// Where the records of keyed writes live: the application's database, written in the write's own transaction,
/// so that the record and the change commit together or not at all.
///
/// The operations take the caller's transaction ([`KeyStore::Transaction`]), never a connection of their own:
/// a record written outside the change's transaction could outlive a change rolled back, or be lost with a
/// change committed. The stores of this workspace are `etag-keys-postgres` (tokio-postgres) and
/// `etag-keys-sqlite` (rusqlite); [`MemoryKeys`](super::MemoryKeys) keeps records in memory, for tests.
///
/// An application calls none of these itself: [`begin`](super::begin) and [`Pending::keep`](super::Pending::keep)
/// (or the actix layer's `Idempotency::begin`) apply the rules around them.
pub trait KeyStore {
    /// What the operations run in: the write's transaction.
    type Transaction<'t>: ?Sized;
    /// Why the store could not be read or written.
    type Error;

    /// The store's bounds: the keys' lifetime and how many it holds.
    fn limits(&self) -> &KeyLimits;

    /// Drops some records stored before `live_since` (expired ones), how many the store likes in one go; how
    /// many it dropped. A store may skip rows other writers hold.
    fn purge(&self, tx: &mut Self::Transaction<'_>, live_since: i64) -> impl Future<Output = Result<u64, Self::Error>>;

    /// The record under `id`, if any, expired or not.
    fn find(
        &self,
        tx: &mut Self::Transaction<'_>,
        id: &str,
    ) -> impl Future<Output = Result<Option<Record>, Self::Error>>;

    /// How many records stored at or after `live_since` the store holds for `keyed`'s requester, and in all,
    /// each counted up to the store's limit, with the oldest of each. A store that needs to (PostgreSQL) first
    /// locks a named requester until the transaction ends, so that its writes count one after another.
    fn held(
        &self,
        tx: &mut Self::Transaction<'_>,
        keyed: &Keyed,
        live_since: i64,
    ) -> impl Future<Output = Result<Held, Self::Error>>;

    /// Keeps `record` under `keyed`'s id and requester, replacing a record stored before `live_since`; `false`
    /// if a live one is there (another request with this key committed first).
    fn insert(
        &self,
        tx: &mut Self::Transaction<'_>,
        keyed: &Keyed,
        record: &Record,
        live_since: i64,
    ) -> impl Future<Output = Result<bool, Self::Error>>;
}

/// The live keys a store holds, for one requester and in all ([`KeyStore::held`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Held {
    /// The requester's live keys, counted up to the per-requester limit.
    pub by_requester: u64,
    /// When the requester's oldest live key was stored.
    pub requester_oldest: Option<i64>,
    /// All live keys, counted up to the total limit; or, where the store knows cheaply that they are fewer than
    /// the limit, any bound below it (the decision is the same).
    pub in_all: u64,
    /// When the oldest live key was stored.
    pub oldest: Option<i64>,
}

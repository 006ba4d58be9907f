//! The interface a key store gives: four operations inside the caller's transaction, async, and the bounds it
//! holds its keys to.

use std::future::Future;

use super::{KeyLimits, Keyed, Record};

/// Where the records of keyed writes live: the application's database, written in the write's own transaction,
/// so that the record and the change commit together or not at all.
///
/// The operations take the caller's transaction, `Tx` (a `tokio_postgres::Transaction`, a
/// `rusqlite::Transaction`, the lock that guards data in memory), never a connection of their own:
/// a record written outside the change's transaction could outlive a change rolled back, or be lost with a
/// change committed. The stores of this workspace are `etag-keys-postgres` (tokio-postgres) and
/// `etag-keys-sqlite` (rusqlite); [`MemoryKeys`](super::MemoryKeys) keeps records in memory, for tests.
///
/// An application calls none of these itself: [`begin`](super::begin) and [`Pending::keep`](super::Pending::keep)
/// (or the actix layer's `Idempotency::begin`) apply the rules around them.
///
/// The transaction is a parameter of the trait rather than an associated type with a lifetime, so that the
/// steps built on a store ([`begin`](super::begin) and [`Pending::keep`](super::Pending::keep)) are `Send`
/// futures where the transaction is `Send`: what axum's handlers and a multi-threaded runtime need. Each
/// operation's future is `Send`; a store whose work is synchronous does it when called and returns a ready
/// future (`etag-keys-sqlite` does, whose transaction is not `Send`).
pub trait KeyStore<Tx: ?Sized> {
    /// Why the store could not be read or written.
    type Error;

    /// The store's bounds: the keys' lifetime and how many it holds.
    fn limits(&self) -> &KeyLimits;

    /// Drops some records stored before `live_since` (expired ones), how many the store likes in one go; how
    /// many it dropped. A store may skip rows other writers hold.
    fn purge(&self, tx: &mut Tx, live_since: i64) -> impl Future<Output = Result<u64, Self::Error>> + Send;

    /// The record under `id`, if any, expired or not.
    fn find(&self, tx: &mut Tx, id: &str) -> impl Future<Output = Result<Option<Record>, Self::Error>> + Send;

    /// How many records stored at or after `live_since` the store holds for `keyed`'s requester, and in all,
    /// each counted up to the store's limit, with the oldest of each. A store that needs to (PostgreSQL) first
    /// locks a named requester until the transaction ends, so that its writes count one after another.
    fn held(
        &self,
        tx: &mut Tx,
        keyed: &Keyed,
        live_since: i64,
    ) -> impl Future<Output = Result<Held, Self::Error>> + Send;

    /// Keeps `record` under `keyed`'s id and requester, replacing a record stored before `live_since`; `false`
    /// if a live one is there (another request with this key committed first).
    fn insert(
        &self,
        tx: &mut Tx,
        keyed: &Keyed,
        record: &Record,
        live_since: i64,
    ) -> impl Future<Output = Result<bool, Self::Error>> + Send;
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

//! The store's SQL, and the record's form in its column.

use etag_runtime::keys::Record;

/// The table and its indexes. Records are keyed by a digest of the requester and the key, counted by a digest
/// of the requester, and expire by `stored_at` (seconds since the Unix epoch); the record is its JSON form.
pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS etag_idempotency_keys (
        id        TEXT      PRIMARY KEY,
        requester TEXT      NOT NULL,
        record    TEXT      NOT NULL,
        stored_at BIGINT    NOT NULL,
        -- In insertion order: its range bounds the row count cheaply, so most writes need not count.
        seq       BIGSERIAL NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS etag_idempotency_keys_seq ON etag_idempotency_keys (seq);
    CREATE INDEX IF NOT EXISTS etag_idempotency_keys_stored_at ON etag_idempotency_keys (stored_at);
    CREATE INDEX IF NOT EXISTS etag_idempotency_keys_requester ON etag_idempotency_keys (requester, stored_at);
";

/// Up to 100 expired records, skipping rows another writer holds: two purges never wait for each other, nor
/// deadlock by taking the same rows in another order, and one write never drops a whole backlog.
pub const PURGE: &str = "DELETE FROM etag_idempotency_keys WHERE id IN \
     (SELECT id FROM etag_idempotency_keys WHERE stored_at < $1 LIMIT 100 FOR UPDATE SKIP LOCKED)";

pub const FIND: &str = "SELECT record FROM etag_idempotency_keys WHERE id = $1";

/// A statement of its own: a READ COMMITTED statement reads what was committed when it started, so the count
/// that follows must start after the lock is held.
pub const LOCK_REQUESTER: &str = "SELECT pg_advisory_xact_lock($1, hashtext($2))";

/// The requester's live keys, counted no further than its quota, and all live keys, with the oldest of each.
///
/// Counting all live keys would read up to the cap's rows of an index on every keyed write. The sequence bounds
/// the count first: the table holds at most `max(seq) - min(seq) + 1` rows (each has its own value, which a
/// unique index holds to), so while
/// that is below the cap, it stands for the count (the decision is the same), and only a table near its cap,
/// or one whose sequence has gaps from rolled-back writes, is counted.
pub const HELD: &str = "WITH bound AS (SELECT coalesce( \
         (SELECT max(seq) FROM etag_idempotency_keys) - (SELECT min(seq) FROM etag_idempotency_keys) + 1, 0) AS n) \
     SELECT \
     (SELECT count(*) FROM (SELECT 1 FROM etag_idempotency_keys \
         WHERE requester = $1 AND stored_at >= $2 LIMIT $3) AS mine), \
     (SELECT min(stored_at) FROM etag_idempotency_keys WHERE requester = $1 AND stored_at >= $2), \
     CASE WHEN (SELECT n FROM bound) < $4 THEN (SELECT n FROM bound) \
         ELSE (SELECT count(*) FROM (SELECT 1 FROM etag_idempotency_keys WHERE stored_at >= $2 LIMIT $4) AS every) \
     END, \
     (SELECT min(stored_at) FROM etag_idempotency_keys WHERE stored_at >= $2)";

/// Inserts, or replaces an expired record under the same id; affects no row when a live one is there. A
/// concurrent insert of the same id waits for the first to commit, then finds it live.
pub const INSERT: &str = "INSERT INTO etag_idempotency_keys (id, requester, record, stored_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE \
     SET requester = EXCLUDED.requester, record = EXCLUDED.record, stored_at = EXCLUDED.stored_at \
     WHERE etag_idempotency_keys.stored_at < $5";

/// The record's column: its JSON (serializing strings, numbers and bytes cannot fail).
pub fn text(record: &Record) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// A record read back.
pub fn record(text: &str) -> Result<Record, serde_json::Error> {
    serde_json::from_str(text)
}

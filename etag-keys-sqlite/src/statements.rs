//! The store's SQL, run in the caller's transaction (cached statements: each is compiled once per connection).

use etag_runtime::keys::{Held, Keyed, Record};
use rusqlite::{Connection, OptionalExtension, params};

use crate::Error;

/// The table and its indexes. Records are keyed by a digest of the requester and the key, counted by a digest
/// of the requester, and expire by `stored_at` (seconds since the Unix epoch); the record is its JSON form.
pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS etag_idempotency_keys (
        id        TEXT    PRIMARY KEY,
        requester TEXT    NOT NULL,
        record    TEXT    NOT NULL,
        stored_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS etag_idempotency_keys_stored_at ON etag_idempotency_keys (stored_at);
    CREATE INDEX IF NOT EXISTS etag_idempotency_keys_requester ON etag_idempotency_keys (requester, stored_at);
";

/// Drops up to 100 expired records: one write never drops a whole backlog.
pub fn purge(connection: &Connection, live_since: i64) -> Result<u64, Error> {
    let dropped = connection
        .prepare_cached(
            "DELETE FROM etag_idempotency_keys WHERE id IN \
             (SELECT id FROM etag_idempotency_keys WHERE stored_at < ?1 LIMIT 100)",
        )?
        .execute(params![live_since])?;
    Ok(dropped as u64)
}

pub fn find(connection: &Connection, id: &str) -> Result<Option<Record>, Error> {
    let text: Option<String> = connection
        .prepare_cached("SELECT record FROM etag_idempotency_keys WHERE id = ?1")?
        .query_row(params![id], |row| row.get(0))
        .optional()?;
    text.map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(Error::UnreadableRecord)
}

/// The requester's live keys, counted no further than its quota, and all live keys, with the oldest of each.
/// SQLite runs one writer at a time, so no lock is needed for the counts to hold until the commit.
///
/// Counting all live keys would read up to the cap's rows of an index on every keyed write. The rowids bound the
/// count first: the table holds at most `max(rowid) - min(rowid) + 1` rows, so while that is below the cap, it
/// stands for the count (the decision is the same), and only a table near its cap is counted.
pub fn held(connection: &Connection, requester: &str, live_since: i64, limits: (i64, i64)) -> Result<Held, Error> {
    let held = connection
        .prepare_cached(
            "SELECT \
             (SELECT count(*) FROM (SELECT 1 FROM etag_idempotency_keys \
                 WHERE requester = ?1 AND stored_at >= ?2 LIMIT ?3)), \
             (SELECT min(stored_at) FROM etag_idempotency_keys WHERE requester = ?1 AND stored_at >= ?2), \
             CASE WHEN coalesce((SELECT max(rowid) FROM etag_idempotency_keys) \
                         - (SELECT min(rowid) FROM etag_idempotency_keys) + 1, 0) < ?4 \
                 THEN coalesce((SELECT max(rowid) FROM etag_idempotency_keys) \
                         - (SELECT min(rowid) FROM etag_idempotency_keys) + 1, 0) \
                 ELSE (SELECT count(*) FROM (SELECT 1 FROM etag_idempotency_keys WHERE stored_at >= ?2 LIMIT ?4)) \
             END, \
             (SELECT min(stored_at) FROM etag_idempotency_keys WHERE stored_at >= ?2)",
        )?
        .query_row(params![requester, live_since, limits.0, limits.1], |row| {
            Ok(Held {
                by_requester: count(row.get(0)?),
                requester_oldest: row.get(1)?,
                in_all: count(row.get(2)?),
                oldest: row.get(3)?,
            })
        })?;
    Ok(held)
}

/// Inserts, or replaces an expired record under the same id; `false` when a live one is there.
pub fn insert(connection: &Connection, keyed: &Keyed, record: &Record, live_since: i64) -> Result<bool, Error> {
    // Serializing strings, numbers and bytes cannot fail.
    let text = serde_json::to_string(record).unwrap_or_default();
    let inserted = connection
        .prepare_cached(
            "INSERT INTO etag_idempotency_keys (id, requester, record, stored_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE \
             SET requester = excluded.requester, record = excluded.record, stored_at = excluded.stored_at \
             WHERE etag_idempotency_keys.stored_at < ?5",
        )?
        .execute(params![
            keyed.id(),
            keyed.requester(),
            text,
            record.stored_at,
            live_since
        ])?;
    Ok(inserted == 1)
}

/// A count as SQLite gives it (never negative).
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

//! Idempotency keys in the users database: a write sent with `Idempotency-Key` looks for its key inside its own
//! transaction, after it locked what it writes, and stores its answer there too, so that the change and its
//! record commit together or not at all (an instance killed after its commit still replays, from any instance).
//!
//! Two requests with one key for the same user queue on that user's lock, so the second waits for the first and
//! replays its answer. Two with one key for different targets do not share a lock; the later of the two to
//! store its record finds the key taken and answers 409, and writes nothing.

use std::time::{Duration, SystemTime};

use actix_web::http::StatusCode;
use etag_runtime::actix::Stored;
use etag_runtime::actix::idempotency::{Keyed, KeyedStep, Record};

use crate::errors::ApiError;
use crate::model::User;

/// A keyed write: its key, how long keys live, and the answer it records for a user it stored (and whether it
/// created it).
pub struct KeyUse {
    pub keyed: Keyed,
    pub lifetime: Duration,
    pub answer: fn(&User, bool) -> Stored<User>,
}

/// What a write did: stored this, or found its key already used by the same request and replays that answer.
pub enum Written<T> {
    Done(T),
    Replayed(Record),
}

impl KeyUse {
    /// The oldest `stored_at` a live key may have now; older records are dropped.
    pub fn cutoff(&self) -> i64 {
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        Record::seconds(SystemTime::now()).saturating_sub(lifetime)
    }

    /// Run the write, or the record to replay: from what the store found under the key.
    pub fn decide(&self, found: Option<Record>) -> Result<Option<Record>, ApiError> {
        match self.keyed.decide(found, SystemTime::now(), self.lifetime)? {
            KeyedStep::Run => Ok(None),
            KeyedStep::Replay(record) => Ok(Some(record)),
        }
    }

    /// The record of the answer for `user`.
    pub fn record(&self, user: &User, created: bool) -> Record {
        (self.answer)(user, created).record(&self.keyed)
    }

    /// The record, as the database keeps it.
    pub fn serialized(record: &Record) -> Result<String, ApiError> {
        serde_json::to_string(record)
            .map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()))
    }

    /// A record read back from the database.
    pub fn parsed(text: &str) -> Result<Record, ApiError> {
        serde_json::from_str(text).map_err(|error| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()))
    }
}

/// 409: another request with this key, for another target, stored its answer first.
pub fn key_taken() -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "another request with this Idempotency-Key was processed at the same time; send it again to see its answer",
    )
}

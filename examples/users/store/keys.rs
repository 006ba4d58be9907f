//! Idempotency keys in the users database, through the crate's stores (`etag-keys-sqlite`,
//! `etag-keys-postgres`): a write sent with `Idempotency-Key` looks for its key inside its own transaction,
//! after it locked what it writes, and keeps its answer there too, so that the change and its record commit
//! together or not at all (an instance killed after its commit still replays, from any instance). The key's
//! lifetime and the bounds (`--key-lifetime`, `--key-quota`, `--key-cap`) are set once, on the store.
//!
//! Two requests with one key for the same user queue on that user's lock, so the second waits for the first and
//! replays its answer. Two with one key for different targets do not share a lock; the later of the two to
//! store its record finds the key taken and answers 409, and writes nothing.

use etag_runtime::Problem;
use etag_runtime::keys::{KeyFailure, Keyed, Record, StoreError};
use etag_runtime::writes::Stored;

use crate::errors::ApiError;
use crate::model::User;

/// A keyed write: its key, and the answer it records for a user it stored (and whether it created it).
pub struct KeyUse {
    pub keyed: Keyed,
    pub answer: fn(&User, bool) -> Stored<User>,
}

/// What a write did: stored this, or found its key already used by the same request and replays that answer.
pub enum Written<T> {
    Done(T),
    Replayed(Record),
}

impl KeyUse {
    /// The key, for the store's first step.
    pub fn keyed(key: Option<&KeyUse>) -> Option<Keyed> {
        key.map(|key| key.keyed.clone())
    }

    /// How the store makes the record of the answer for `user`.
    pub fn record(&self, user: &User, created: bool) -> impl FnOnce(&Keyed) -> Record {
        let answer = (self.answer)(user, created);
        move |keyed| answer.record(keyed)
    }
}

/// A refusal (422, 429 with Retry-After, 409) as its problem; a store's failure as the database's own error
/// answer, which says 503 where retrying helps.
impl<E: Into<ApiError>> From<KeyFailure<E>> for ApiError {
    fn from(failure: KeyFailure<E>) -> Self {
        match failure {
            KeyFailure::Refused(refusal) => Problem::from(refusal).into(),
            KeyFailure::Store(error) => error.into(),
        }
    }
}

/// A store's error: the database's own answer (503 where retrying helps), or a 500 for a record this build
/// cannot read.
impl<E: Into<ApiError>> From<StoreError<E>> for ApiError {
    fn from(error: StoreError<E>) -> Self {
        match error {
            StoreError::Database(error) => error.into(),
            StoreError::UnreadableRecord(cause) => {
                eprintln!("database error: an idempotency key's record is unreadable: {cause}");
                ApiError::internal("the database failed; the request had no effect")
            }
        }
    }
}

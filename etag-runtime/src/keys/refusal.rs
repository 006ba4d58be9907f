//! Why a keyed write is not run: each refusal writes nothing, and says what the client should do.

use std::fmt;

/// A keyed write refused before (or, for [`Refusal::Taken`], instead of) its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 422: the key was used for another request (another method, target or content).
    Reused,
    /// 429: the requester holds as many live keys as it may; the oldest frees its key in `retry_after` seconds.
    RequesterFull {
        /// Seconds until the requester's oldest live key expires.
        retry_after: u64,
    },
    /// 429: the store holds as many live keys as it may, from all requesters.
    StoreFull {
        /// Seconds until the oldest live key expires.
        retry_after: u64,
    },
    /// 409: another request with this key, for another target, stored its answer first. The caller rolls its
    /// change back, so that nothing is committed.
    Taken,
}

impl Refusal {
    /// The HTTP status it is answered with.
    pub fn status(self) -> u16 {
        match self {
            Refusal::Reused => 422,
            Refusal::RequesterFull { .. } | Refusal::StoreFull { .. } => 429,
            Refusal::Taken => 409,
        }
    }

    /// When to send the request again, in seconds (`Retry-After`, RFC 9110 §10.2.3), where waiting helps.
    pub fn retry_after(self) -> Option<u64> {
        match self {
            Refusal::RequesterFull { retry_after } | Refusal::StoreFull { retry_after } => Some(retry_after),
            Refusal::Reused | Refusal::Taken => None,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::Reused => {
                "this Idempotency-Key was used for another request (another method, target or body); use a new key \
                 for a new change"
            }
            Refusal::RequesterFull { .. } => {
                "you hold as many live Idempotency-Keys as this service keeps for one requester; nothing was written: \
                 retry after the time in Retry-After, or send the write without a key"
            }
            Refusal::StoreFull { .. } => {
                "this service holds as many live Idempotency-Keys as it keeps; nothing was written: retry after the \
                 time in Retry-After, or send the write without a key"
            }
            Refusal::Taken => {
                "another request with this Idempotency-Key was processed at the same time; send it again to see its \
                 answer"
            }
        })
    }
}

impl std::error::Error for Refusal {}

/// Why a keyed write failed: refused by the rules, or its store failed (the write's transaction must then roll
/// back).
#[derive(Debug)]
pub enum KeyFailure<E> {
    /// Refused: answer with its status; nothing is written.
    Refused(Refusal),
    /// The store's own error.
    Store(E),
}

impl<E: fmt::Display> fmt::Display for KeyFailure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyFailure::Refused(refusal) => refusal.fmt(f),
            KeyFailure::Store(error) => write!(f, "the idempotency key store failed: {error}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for KeyFailure<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyFailure::Refused(refusal) => Some(refusal),
            KeyFailure::Store(error) => Some(error),
        }
    }
}

impl<E> From<Refusal> for KeyFailure<E> {
    fn from(refusal: Refusal) -> Self {
        KeyFailure::Refused(refusal)
    }
}

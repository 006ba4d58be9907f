//! How long a key lives and how many a store holds: set once, on the store.

use std::time::{Duration, SystemTime};

use super::Record;

/// A key store's bounds. Every keyed write a store serves reads them from [`KeyStore::limits`](super::KeyStore),
/// so the lifetime is given in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLimits {
    lifetime: Duration,
    per_requester: u64,
    total: u64,
    largest_answer: usize,
}

/// 24 hours (the draft's example, and Stripe's), 1,000 live keys a requester, 100,000 in all, answers kept
/// whole up to 64 KiB.
impl Default for KeyLimits {
    fn default() -> Self {
        KeyLimits {
            lifetime: Duration::from_secs(24 * 60 * 60),
            per_requester: 1_000,
            total: 100_000,
            largest_answer: 64 * 1024,
        }
    }
}

impl KeyLimits {
    /// How long a record is kept for its retries; after that its key is free again.
    pub fn with_lifetime(self, lifetime: Duration) -> Self {
        KeyLimits { lifetime, ..self }
    }

    /// How many live keys one requester may hold (writers that name no one count as one requester), at least
    /// one; the key past it is refused with 429, and nothing is written.
    pub fn with_per_requester(self, keys: u64) -> Self {
        KeyLimits {
            per_requester: keys.max(1),
            ..self
        }
    }

    /// How many live keys the store holds in all, whoever sent them, at least one: the bound of the table, since
    /// a requester is whatever the request says. The key past it is refused with 429, and nothing is written.
    /// The table's size in bytes is then at most this many records of up to
    /// [`largest_answer`](KeyLimits::with_largest_answer) bytes each (a third more in base64), plus their
    /// digests.
    pub fn with_total(self, keys: u64) -> Self {
        KeyLimits {
            total: keys.max(1),
            ..self
        }
    }

    /// The largest answer body kept whole, in bytes; a larger one is kept without its body ([`Record::within`]).
    pub fn with_largest_answer(self, bytes: usize) -> Self {
        KeyLimits {
            largest_answer: bytes,
            ..self
        }
    }

    /// How long a record is kept.
    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// The live keys one requester may hold.
    pub fn per_requester(&self) -> u64 {
        self.per_requester
    }

    /// The live keys the store may hold in all.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The largest answer body kept whole, in bytes.
    pub fn largest_answer(&self) -> usize {
        self.largest_answer
    }

    /// The oldest `stored_at` a live record has at `now`: older ones are expired.
    pub fn live_since(&self, now: SystemTime) -> i64 {
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        Record::seconds(now).saturating_sub(lifetime)
    }

    /// Seconds from `now` until a record stored at `oldest` expires, at least one: when a key is free again.
    pub fn seconds_until_free(&self, oldest: i64, now: SystemTime) -> u64 {
        // Expired once older than the lifetime: the second after it ends.
        let lifetime = i64::try_from(self.lifetime.as_secs()).unwrap_or(i64::MAX);
        let expires = oldest.saturating_add(lifetime).saturating_add(1);
        u64::try_from(expires.saturating_sub(Record::seconds(now)))
            .unwrap_or(0)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::KeyLimits;
    use crate::keys::Record;

    // RFC 9110 §10.2.3: Retry-After names the second the oldest key is free: it is live while its age is at most
    // the lifetime, so free one second after that; never sooner than a second from now.
    #[test]
    fn rfc9110_10_2_3_retry_after_is_when_the_oldest_key_is_free() {
        let limits = KeyLimits::default().with_lifetime(Duration::from_secs(60));
        let now = SystemTime::now();
        let seconds = Record::seconds(now);
        assert_eq!(limits.seconds_until_free(seconds - 59, now), 2);
        assert_eq!(limits.seconds_until_free(seconds - 60, now), 1);
        assert_eq!(limits.seconds_until_free(seconds - 600, now), 1);
        assert_eq!(limits.live_since(now), seconds - 60);
    }

    // A limit of zero would refuse every key, each 429 telling the client to come back in a second: one is the
    // least a store holds.
    #[test]
    fn a_limit_is_at_least_one() {
        let limits = KeyLimits::default().with_per_requester(0).with_total(0);
        assert_eq!((limits.per_requester(), limits.total()), (1, 1));
    }
}

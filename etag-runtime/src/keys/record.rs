//! What a keyed write keeps with its key: its outcome (status, the fields that describe it, the body) and the
//! fingerprint of the request that made it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use super::keyed::Keyed;
use crate::facets::with_release;
use crate::hashing::canonical_json;
use crate::validators::ETag;
use crate::validators::dated::Dated;
use crate::validators::http_date::HttpDate;

/// The outcome of a keyed write, as its store keeps it: made from the write's answer inside the write's
/// transaction, saved there, and sent again to a retry. It serializes to JSON, for a store that keeps it in one
/// column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The fingerprint of the request that made it ([`Keyed::fingerprint`](super::Keyed::fingerprint)).
    pub fingerprint: String,
    /// The status sent.
    pub status: u16,
    /// The ETag, in its identity form; a replay sends it in the form for the coding the replay goes out with.
    pub etag: Option<String>,
    /// The Last-Modified sent, as sent.
    pub last_modified: Option<String>,
    /// The Location sent (a write that created).
    pub location: Option<String>,
    /// The Content-Type of the body.
    pub content_type: Option<String>,
    /// The body, base64 in JSON; empty where [`Record::body_omitted`].
    #[serde(with = "base64_body")]
    pub body: Vec<u8>,
    /// The body was larger than the store keeps ([`KeyLimits::largest_answer`](super::KeyLimits::largest_answer)):
    /// a replay sends the status and the validators, with no body.
    #[serde(default)]
    pub body_omitted: bool,
    /// When the write was made, in seconds since the Unix epoch.
    pub stored_at: i64,
}

impl Record {
    /// Seconds since the Unix epoch of `at`, as `stored_at` holds them.
    pub fn seconds(at: SystemTime) -> i64 {
        at.duration_since(UNIX_EPOCH)
            .map_or(0, |since| i64::try_from(since.as_secs()).unwrap_or(i64::MAX))
    }

    /// Whether the record is older than `lifetime` at `now`: its key is free again, and the store may drop it.
    pub fn expired(&self, now: SystemTime, lifetime: Duration) -> bool {
        let age = Record::seconds(now).saturating_sub(self.stored_at);
        u64::try_from(age).unwrap_or(0) > lifetime.as_secs()
    }

    /// The record of a write that answered with `model` as stored, with `status` and `location` (a write that
    /// created): the canonical JSON a GET of it sends, in the identity form, and its validators with the
    /// release, as every adapter's `Stored` keeps it for `keyed`'s request.
    #[cfg_attr(not(feature = "actix"), allow(dead_code))]
    pub(crate) fn of_model<T: ETag + Serialize>(
        keyed: &Keyed,
        status: u16,
        model: &T,
        location: Option<&str>,
    ) -> Record {
        let now = SystemTime::now();
        let last_modified = model.last_modified().map(|at| {
            Dated::at(HttpDate::from(at), HttpDate::from(now))
                .last_modified
                .to_string()
        });
        Record {
            fingerprint: keyed.fingerprint().to_owned(),
            status,
            etag: Some(with_release(model.etag()).to_string()),
            last_modified,
            location: location.map(str::to_owned),
            content_type: Some("application/json".to_owned()),
            body: canonical_json(model).unwrap_or_default(),
            body_omitted: false,
            stored_at: Record::seconds(now),
        }
    }

    /// The record with its body dropped when it is larger than `largest` bytes. The record must commit with
    /// the change, or a retry would apply the change again; so a large answer is kept without its body rather
    /// than refused after the change was made.
    pub fn within(mut self, largest: usize) -> Record {
        if self.body.len() > largest {
            self.body = Vec::new();
            self.content_type = None;
            self.body_omitted = true;
        }
        self
    }
}

mod base64_body {
    use super::{Engine, STANDARD};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(body: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(body))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}

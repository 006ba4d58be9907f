//! What a keyed write stored with its key: its outcome (status, the fields that describe it, the body) and the
//! fingerprint of the request that made it; and the replay of that outcome to a retry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::actix::before_render::Negotiated;
use crate::actix::options::Options;
use crate::validators::EntityTag;

/// The response field that marks a replayed outcome.
pub const REPLAYED: &str = "idempotent-replayed";

/// The outcome of a keyed write, as its store keeps it: made by [`Stored::record`](crate::actix::Stored::record),
/// kept in the same transaction as the write, and replayed by [`Record::replay`]. It serializes to JSON, for a
/// store that keeps it in one column.
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
    /// The body, base64 in JSON.
    #[serde(with = "base64_body")]
    pub body: Vec<u8>,
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

    /// The outcome again, for a retry: the same status, fields and body, marked `Idempotent-Replayed: true`.
    pub fn replay(self) -> Replay {
        Replay(self)
    }
}

/// A stored outcome sent again ([`Record::replay`]).
pub struct Replay(Record);

impl Responder for Replay {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let Record {
            status,
            etag,
            last_modified,
            location,
            content_type,
            body,
            ..
        } = self.0;
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let mut response = HttpResponse::build(status).body(body);
        let headers = response.headers_mut();
        headers.insert(HeaderName::from_static(REPLAYED), HeaderValue::from_static("true"));
        let fields = [
            (header::LAST_MODIFIED, last_modified),
            (header::LOCATION, location),
            (header::CONTENT_TYPE, content_type),
        ];
        for (name, value) in fields {
            if let Some(value) = value.and_then(|value| HeaderValue::try_from(value).ok()) {
                headers.insert(name, value);
            }
        }
        // RFC 9110 §8.8.3.3: the tag goes out in the form for the coding this replay is sent with.
        if let Some(etag) = etag.and_then(|etag| EntityTag::parse(&etag).ok()) {
            Negotiated::new(request, Some(etag), &[], None).put_into(&mut response, &Options::default());
        }
        response
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

//! Writes that survive a lost response: the `Idempotency-Key` request field (IETF httpapi draft
//! `draft-ietf-httpapi-idempotency-key-header`), as Stripe, Adyen and PayPal run it.
//!
//! The first request with a key runs. If it commits a change, the application stores its outcome ([`Record`])
//! under the key, **in the same transaction as the change**, so that no crash keeps one without the other. A
//! retry with the same key and the same content gets that outcome replayed, whatever the resource's state and its
//! If-Match now say; the same key with other content gets 422. An outcome that commits nothing (412, 428, 400,
//! 422, a 5xx that rolled back) stores nothing, so the key can be sent again. Keys live
//! [`DEFAULT_KEY_LIFETIME`] unless the application says otherwise, and belong to the requester where the
//! application names one (`App::app_data(&REQUESTER)`, the [`Requester`] of per-user tags): the same key from
//! someone else is another key.
//!
//! This crate keeps no state: it gives the extractor ([`Idempotency`]), the fingerprint, the decision
//! ([`Keyed::decide`]), the record and its replay, and the errors; the application's database keeps the records
//! (`examples/users/store/` has a table on SQLite and PostgreSQL). [`MemoryKeys`] keeps them in memory, for one
//! instance and for tests.

mod key;
mod memory;
mod record;

use std::future::{Ready, ready};
use std::time::{Duration, SystemTime};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderName;
use actix_web::{FromRequest, HttpRequest};
use serde::Serialize;

pub use key::{KeyError, MAX_KEY_LENGTH, parse_key};
pub use memory::{KeyStore, MemoryKeys};
pub use record::{REPLAYED, Record, Replay};

use super::digest::digest_hex;
use super::problem::Problem;
use super::variant::Requester;
use crate::hashing::canonical_json;

/// How long a key is kept by default: 24 hours, the draft's example and Stripe's.
pub const DEFAULT_KEY_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The request field.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The request's Idempotency-Key, read and checked: an extractor that refuses a malformed key with 400
/// problem+json, and gives no key when none was sent ([`Idempotency::required`] refuses that).
#[derive(Debug, Clone)]
pub struct Idempotency {
    key: Option<String>,
    /// The method and target, in the fingerprint: the same key for another request is refused.
    request: String,
    /// The requester's exact bytes, where the application names requesters: part of the key's identity.
    requester: Option<Vec<u8>>,
}

impl Idempotency {
    /// The key, if the request sent one.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The key, or a 400 problem+json saying this route requires one.
    pub fn required(&self) -> Result<&str, Problem> {
        self.key().ok_or_else(|| {
            let detail = "this route requires an Idempotency-Key: send one key per logical change, and the same key when you retry it";
            Problem::new(StatusCode::BAD_REQUEST, detail)
        })
    }

    /// The keyed write this request is, for `content` (its parsed body), or `None` without a key.
    pub fn keyed(&self, content: &impl Serialize) -> Option<Keyed> {
        let key = self.key.as_deref()?;
        let requester = self.requester.as_deref().unwrap_or_default();
        let content = canonical_json(content).unwrap_or_default();
        Some(Keyed {
            id: digest_hex(&[requester, key.as_bytes()], 20),
            fingerprint: digest_hex(&[self.request.as_bytes(), &content], 20),
        })
    }
}

/// A write sent with a key: what the store keys its record by, and the fingerprint of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    id: String,
    fingerprint: String,
}

/// What a keyed write does, once its store was asked for the key ([`Keyed::decide`]).
#[derive(Debug)]
pub enum KeyedStep {
    /// No live record: run the write, and store its outcome with the change.
    Run,
    /// The same request ran already: send its outcome again, and write nothing.
    Replay(Record),
}

impl Keyed {
    /// What the store keys the record by: a digest of the requester and the key, so that no key or requester
    /// appears in the database.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// A digest of the method, the target and the content, kept in the record.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// What to do with the record the store holds under [`Keyed::id`] (`None`: none), at `now`, for keys kept
    /// `lifetime`: run the write, replay the record, or refuse with 422 a key that was used for another request.
    pub fn decide(&self, stored: Option<Record>, now: SystemTime, lifetime: Duration) -> Result<KeyedStep, Problem> {
        match stored {
            Some(record) if record.expired(now, lifetime) => Ok(KeyedStep::Run),
            Some(record) if record.fingerprint == self.fingerprint => Ok(KeyedStep::Replay(record)),
            Some(_) => {
                let detail = "this Idempotency-Key was used for another request (another method, target or body); \
                              use a new key for a new change";
                Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, detail))
            }
            None => Ok(KeyedStep::Run),
        }
    }
}

impl FromRequest for Idempotency {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(read(request))
    }
}

fn read(request: &HttpRequest) -> Result<Idempotency, Problem> {
    let mut lines = request.headers().get_all(HeaderName::from_static(IDEMPOTENCY_KEY));
    let key = match (lines.next(), lines.next()) {
        (None, _) => None,
        (Some(_), Some(_)) => return Err(key_problem(KeyError::Repeated)),
        (Some(value), None) => Some(parse_key(value.as_bytes()).map_err(key_problem)?),
    };
    // A requester is its exact bytes; one that names no one for certain is refused, never shared.
    let requester = match request.app_data::<&'static Requester>() {
        Some(requester) => requester.identity(request).map_err(Problem::from)?,
        None => None,
    };
    Ok(Idempotency {
        key,
        request: format!("{} {}", request.method(), request.uri()),
        requester,
    })
}

fn key_problem(error: KeyError) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, error.to_string())
}

//! Writes that survive a lost response, on actix: the [`Idempotency`] extractor, the two steps of a keyed write
//! ([`Idempotency::begin`], [`KeyedWrite::keep`]) and the [`Replay`] of a kept answer. The rules and the stores
//! are in [`keys`](crate::keys), which knows no framework; the guide's
//! [`retries`](crate::guide::retries) page shows a whole keyed PATCH and POST.

mod problems;
mod replay;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderName;
use actix_web::{Either, FromRequest, HttpRequest};
use serde::Serialize;

pub use replay::Replay;

use super::Stored;
use super::requester::Requester;
use crate::hashing::canonical_json;
use crate::keys::{IDEMPOTENCY_KEY, KeyError, KeyFailure, KeyStore, Keyed, Pending, Step, begin, parse_key};
use crate::responses::Problem;
use crate::validators::ETag;

/// What a keyed write answers: the answer it stored now, or the one an earlier request with its key stored.
pub type KeyedAnswer<T> = Either<Stored<T>, Replay>;

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

/// What a keyed write does, once its store was asked for the key ([`Idempotency::begin`]).
#[derive(Debug)]
pub enum Begun {
    /// Run the write, then keep its answer with [`KeyedWrite::keep`] before the commit.
    Run(KeyedWrite),
    /// The same request ran already: send this, and write nothing.
    Replay(Replay),
}

/// A write that runs: its answer is kept under its key, if it was sent with one.
#[derive(Debug)]
#[must_use = "keep the answer in the write's transaction, or a retry applies the change again"]
pub struct KeyedWrite(Pending);

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
        let content = canonical_json(content).unwrap_or_default();
        Some(Keyed::new(key, self.requester.as_deref(), &self.request, &content))
    }

    /// The first step of a write, inside its transaction `tx` and after it locked what it writes: replay the
    /// answer kept under this request's key, or run ([`Begun`]). Refuses a key used for another request (422)
    /// and a new key past the store's bounds (429 with Retry-After); a request without a key just runs.
    pub async fn begin<S: KeyStore + ?Sized>(
        &self,
        store: &S,
        tx: &mut S::Transaction<'_>,
        content: &impl Serialize,
    ) -> Result<Begun, KeyFailure<S::Error>> {
        Ok(match begin(store, tx, self.keyed(content)).await? {
            Step::Run(pending) => Begun::Run(KeyedWrite(pending)),
            Step::Replay(record) => Begun::Replay(Replay::from(record)),
        })
    }
}

impl KeyedWrite {
    /// The second step, after the change and before the commit: keeps `answer` under the key, in `tx`, and
    /// gives it back to send. Refuses with 409 if another request with this key committed first: roll back.
    pub async fn keep<S, T>(
        self,
        store: &S,
        tx: &mut S::Transaction<'_>,
        answer: Stored<T>,
    ) -> Result<Stored<T>, KeyFailure<S::Error>>
    where
        S: KeyStore + ?Sized,
        T: ETag + Serialize,
    {
        self.0.keep(store, tx, |keyed| answer.record(keyed)).await?;
        Ok(answer)
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
        (Some(_), Some(_)) => return Err(problems::malformed(KeyError::Repeated)),
        (Some(value), None) => Some(parse_key(value.as_bytes()).map_err(problems::malformed)?),
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

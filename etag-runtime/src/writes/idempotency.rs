//! Writes that survive a lost response: the [`Idempotency`] a handler extracts, the two steps of a keyed write
//! ([`Idempotency::begin`], [`KeyedWrite::keep`]) and the [`Replay`] of a kept answer, for every adapter. The rules
//! and the stores are in [`keys`](crate::keys); the guide's `retries` page shows a whole keyed PATCH and POST.

use serde::Serialize;

use super::replay::Replay;
use super::stored::Stored;
use crate::hashing::canonical_json;
use crate::keys::{KeyError, KeyFailure, KeyStore, Keyed, Pending, Step, begin, parse_key};
use crate::responses::Problem;
use crate::validators::ETag;

/// The request's Idempotency-Key, read and checked: an extractor (on actix-web and on axum) that refuses a
/// malformed key with 400 problem+json, and gives no key when none was sent ([`Idempotency::required`] refuses
/// that).
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
            Problem::of_status(400, detail)
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
    pub async fn begin<S: KeyStore<Tx> + ?Sized, Tx: ?Sized>(
        &self,
        store: &S,
        tx: &mut Tx,
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
    pub async fn keep<S, Tx, T>(
        self,
        store: &S,
        tx: &mut Tx,
        answer: Stored<T>,
    ) -> Result<Stored<T>, KeyFailure<S::Error>>
    where
        S: KeyStore<Tx> + ?Sized,
        Tx: ?Sized,
        T: ETag + Serialize,
    {
        self.0.keep(store, tx, |keyed| answer.record(keyed)).await?;
        Ok(answer)
    }
}

impl Idempotency {
    /// Reads the key from the lines of the Idempotency-Key field, refusing a malformed one or one sent twice
    /// with 400; `request` is the method and target (`PATCH /users/1`), `requester` who asks, where the
    /// application names requesters.
    pub(crate) fn read<'l>(
        mut key_lines: impl Iterator<Item = &'l [u8]>,
        request: String,
        requester: Option<Vec<u8>>,
    ) -> Result<Self, Problem> {
        let key = match (key_lines.next(), key_lines.next()) {
            (None, _) => None,
            (Some(_), Some(_)) => return Err(malformed(KeyError::Repeated)),
            (Some(value), None) => Some(parse_key(value).map_err(malformed)?),
        };
        Ok(Idempotency {
            key,
            request,
            requester,
        })
    }
}

/// 400: the Idempotency-Key field cannot be read.
fn malformed(error: KeyError) -> Problem {
    Problem::of_status(400, error.to_string())
}

//! The [`Idempotency`] of a keyed write, read from an axum request's parts.

use ::axum::extract::FromRequestParts;
use http::HeaderValue;
use http::request::Parts;

use super::requester::Requester;
use crate::keys::IDEMPOTENCY_KEY;
use crate::responses::Problem;
use crate::writes::Idempotency;

/// Reads the Idempotency-Key, refusing a malformed one with 400 problem+json. Where the application names its
/// requesters (the [`Conditional`](super::Conditional) layer's `per_user`, or an `Extension` of a `&'static
/// Requester`), a key is the requester's own: the same key from another requester is another write.
impl<S: Send + Sync> FromRequestParts<S> for Idempotency {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Problem> {
        // A requester is its exact bytes; one that names no one for certain is refused, never shared.
        let requester = match parts.extensions.get::<&'static Requester>() {
            Some(requester) => requester.identity_in(&parts.headers, &parts.extensions)?,
            None => None,
        };
        let lines = parts.headers.get_all(IDEMPOTENCY_KEY).iter().map(HeaderValue::as_bytes);
        let target = format!("{} {}", parts.method, parts.uri);
        Idempotency::read(lines, target, requester)
    }
}

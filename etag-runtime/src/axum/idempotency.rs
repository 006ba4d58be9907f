//! The [`Idempotency`] of a keyed write, read from an axum request's parts.

use ::axum::extract::{FromRequestParts, OriginalUri};
use http::HeaderValue;
use http::request::Parts;

use super::marks::SeenRequester;
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
        if let Some(SeenRequester(seen)) = parts.extensions.get::<SeenRequester>()
            && *seen != requester
        {
            report_requester_named_inside(parts);
        }
        let lines = parts.headers.get_all(IDEMPOTENCY_KEY).iter().map(HeaderValue::as_bytes);
        // The whole target, prefix included: under `Router::nest`, `parts.uri` has the prefix taken off, and two
        // nested routes would share one fingerprint.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        let target = format!("{} {}", parts.method, uri);
        Idempotency::read(lines, target, requester)
    }
}

/// The requester was named only inside the `Conditional` layer (an authentication layer or extractor inside it),
/// so the layer's tags named no one, or someone else, while this key names the requester: a shared cache may
/// then give one user's page to another. The key stays the requester's own.
fn report_requester_named_inside(parts: &Parts) {
    tracing::error!(
        target: "etag_runtime",
        method = %parts.method,
        path = %parts.uri.path(),
        fix = "put the layer that names the requester outside Conditional: add it after Conditional with Router::layer",
        "the requester named inside the Conditional layer is not the one the layer saw",
    );
}

//! The responses conditional requests add to an operation, as utoipa `IntoResponses` sets.

use std::collections::BTreeMap;

use utoipa::openapi::header::{Header, HeaderBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder};
use utoipa::{IntoResponses, PartialSchema};

use crate::responses::PROBLEM_JSON;
use crate::responses::Problem;

/// The header a 304 and its 200 share, with what this crate puts in it (RFC 9110 §15.4.5).
pub(super) const ETAG: &str = "The entity tag of the representation. Weak (`W/\"...\"`) when it is a hash of the \
body, which a compressor may re-encode; strong when the model or the handler gives it, and then one per \
representation: the state, then the model's shape, the release, the variant, the requester and the content \
coding sent where they apply (`\"v3+s.1d5778e2\"`, `\"v3+s.1d5778e2+v.fr+gzip\"`, RFC 9110 §8.8.3). A write's \
If-Match compares the state alone.";
pub(super) const LAST_MODIFIED: &str =
    "When the representation last changed, as an HTTP date; sent when the model or the handler knows it.";
const CACHE_CONTROL: &str = "The 200's Cache-Control, so that a cache refreshes its stored copy with it.";
const VARY: &str = "The 200's Vary; it names Accept-Encoding, since the tag depends on the coding, and the other \
request fields the route's representations vary on (its `vary`, and the requester's field on a per-user route), \
each of which has its own tag.";

/// `responses(ConditionalRead)`: 304 Not Modified, and the 412 and 400 that If-Match and If-Unmodified-Since can
/// give a GET. `#[conditional]` above `#[utoipa::path]` adds it for you.
pub struct ConditionalRead;

/// `responses(ConditionalWrite)`: 412 Precondition Failed and 400 for a malformed tag list, for a write guarded
/// by [`Precondition`](crate::Precondition).
pub struct ConditionalWrite;

/// `responses(PreconditionRequired)`: 428, for a write without a precondition, which the
/// [`Precondition`](crate::Precondition) extractor refuses by default where the resource exists (and everywhere
/// with [`Precondition::required`](crate::Precondition::required)).
pub struct PreconditionRequired;

impl IntoResponses for ConditionalRead {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let read_failed = "If-Match named no current tag (a strong comparison), or the representation changed \
            after If-Unmodified-Since.";
        let malformed = "If-Match could not be parsed as a list of entity tags.";
        responses([
            ("304", not_modified()),
            ("412", problem(read_failed)),
            ("400", problem(malformed)),
        ])
    }
}

impl IntoResponses for ConditionalWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let write_failed = "A precondition was false, so nothing was written: If-Match named no current tag, \
            If-None-Match matched one (or was `*` and the resource exists), or the resource changed after \
            If-Unmodified-Since. Where the resource exists, the response's ETag (and `current_etag` in the body) \
            is its current tag: redo the change on that state and retry with it in If-Match.";
        let malformed = "If-Match or If-None-Match could not be parsed as a list of entity tags; nothing was written.";
        responses([("412", problem(write_failed)), ("400", problem(malformed))])
    }
}

impl IntoResponses for PreconditionRequired {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let required = "This write needs a precondition (RFC 6585 §3), so that it cannot overwrite a state the \
            client has not seen: GET the resource, then send its ETag in If-Match (or If-None-Match: * to create \
            only). Nothing was written.";
        responses([("428", problem(required))])
    }
}

/// `responses(KeyedWrite)`: what a write that takes an Idempotency-Key adds: 400 for a malformed key, 422 for a
/// key used with other content, 409 for a key another request took at the same moment, 429 (with Retry-After)
/// for a new key past the key store's bounds.
pub struct KeyedWrite;

impl IntoResponses for KeyedWrite {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let malformed = "Idempotency-Key is empty, longer than 255 characters, an unterminated quoted string, or holds \
            a character outside visible ASCII. Nothing was written.";
        let reused = "This Idempotency-Key was used for another request (another method, target or body). Nothing \
            was written; use a new key for a new change.";
        let taken = "Another request with this Idempotency-Key was processed at the same moment. Nothing was \
            written; send the request again to get that request's answer.";
        let full = "The requester holds as many live Idempotency-Keys as the service keeps for one requester, or \
            the service holds as many as it keeps in all. Nothing was written; keys already used still replay. Send \
            the request again after Retry-After, or without a key.";
        let retry_after = string_header("Seconds until a key is free again: the oldest live key expires then.");
        let mut full = problem(full);
        full.headers.insert("Retry-After".to_owned(), RefOr::T(retry_after));
        responses([
            ("400", problem(malformed)),
            ("422", problem(reused)),
            ("409", problem(taken)),
            ("429", full),
        ])
    }
}

fn responses<const N: usize>(entries: [(&str, Response); N]) -> BTreeMap<String, RefOr<Response>> {
    entries
        .into_iter()
        .map(|(status, response)| (status.to_string(), RefOr::T(response)))
        .collect()
}

fn not_modified() -> Response {
    ResponseBuilder::new()
        .description(
            "Not Modified: the client's copy, named by If-None-Match (or dated by If-Modified-Since), is \
             current; use it. No body. The headers are the 200's, for caches to refresh their copy with.",
        )
        .header("ETag", string_header(ETAG))
        .header("Last-Modified", string_header(LAST_MODIFIED))
        .header("Cache-Control", string_header(CACHE_CONTROL))
        .header("Vary", string_header(VARY))
        .build()
}

fn problem(description: &str) -> Response {
    let content = ContentBuilder::new().schema(Some(Problem::schema())).build();
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM_JSON, content)
        .build()
}

pub(super) fn string_header(description: &str) -> Header {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
        .build()
}

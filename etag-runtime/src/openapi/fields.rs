//! The four conditional request header fields (RFC 9110 §13.1) as OpenAPI header parameters, each described by
//! what this crate does with it.

use utoipa::IntoParams;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

const IF_NONE_MATCH: &str = "Entity tags of the representations the client holds (`\"v1\", W/\"v2\"`), or `*`. \
Compared weakly (RFC 9110 §13.1.2). On GET and HEAD, a match answers 304 Not Modified with no body. On PUT, POST, \
PATCH and DELETE, a match answers 412 Precondition Failed and nothing is written; `*` matches any current \
representation, so `If-None-Match: *` makes a PUT create-only. When this field is present, If-Modified-Since is \
ignored. A list that cannot be parsed is ignored on GET and HEAD and answered with 400 on a write.";

const IF_MATCH: &str = "Entity tags the client expects the resource to have, or `*` (it exists). Compared strongly \
(RFC 9110 §13.1.1): a weak tag never matches. If none matches, the answer is 412 Precondition Failed and nothing is \
written; the check runs inside the write's own transaction, so two clients holding the same tag cannot both \
write (no lost update). When this field is present, If-Unmodified-Since is ignored. A list that cannot be parsed \
is answered with 400.";

const IF_MODIFIED_SINCE: &str = "An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`). On GET and HEAD, a representation \
not modified since then answers 304 Not Modified (RFC 9110 §13.1.3). Ignored on other methods, when \
If-None-Match is present, when the resource has no Last-Modified, and when the date cannot be parsed.";

const IF_UNMODIFIED_SINCE: &str = "An HTTP date. A resource modified after it answers 412 Precondition Failed and \
nothing is written (RFC 9110 §13.1.4). Ignored when If-Match is present, when the resource has no \
Last-Modified, and when the date cannot be parsed.";

/// `params(ReadPreconditions)`: the fields a conditional GET or HEAD evaluates, in the order of RFC 9110
/// §13.2.2. `#[conditional]` above `#[utoipa::path]` adds it for you.
pub struct ReadPreconditions;

/// `params(WritePreconditions)`: the fields a write guarded by [`Precondition`](crate::Precondition) evaluates.
/// If-Modified-Since is left out: it applies to GET and HEAD only (RFC 9110 §13.1.3).
pub struct WritePreconditions;

impl IntoParams for ReadPreconditions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            header("If-None-Match", IF_NONE_MATCH),
            header("If-Modified-Since", IF_MODIFIED_SINCE),
            header("If-Match", IF_MATCH),
            header("If-Unmodified-Since", IF_UNMODIFIED_SINCE),
        ]
    }
}

impl IntoParams for WritePreconditions {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            header("If-Match", IF_MATCH),
            header("If-None-Match", IF_NONE_MATCH),
            header("If-Unmodified-Since", IF_UNMODIFIED_SINCE),
        ]
    }
}

/// `params(IdempotencyKeyParam)`: the Idempotency-Key of a route whose writes take one
/// ([`Idempotency`](crate::actix::idempotency::Idempotency)).
pub struct IdempotencyKeyParam;

const IDEMPOTENCY_KEY: &str = "One key per logical change (a UUID, say), quoted (RFC 8941) or bare, up to 255 visible \
ASCII characters. A retry with the same key and the same content gets the first answer again, marked \
`Idempotent-Replayed: true`, and changes nothing; the same key with other content gets 422. A write that changed \
nothing (412, 428, 400, 422) keeps no answer, so its key can be sent again. Keys are kept 24 hours by default, and \
belong to the requester.";

impl IntoParams for IdempotencyKeyParam {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header("Idempotency-Key", IDEMPOTENCY_KEY)]
    }
}

/// An optional request header holding a string. The location is always the header: these fields have no other.
fn header(name: &str, description: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

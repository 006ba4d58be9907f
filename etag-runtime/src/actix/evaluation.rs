//! The core's evaluator, asked from the actix layer: the request's fields from its headers, and the resource's
//! coding forms over the codings `Compress` produces in this build.

use std::time::SystemTime;

use actix_web::HttpRequest;

use super::compress_probe::coding_names;
use crate::preconditions::{ConditionalHeaders, Decision, Resource};
use crate::validators::entity_tag::EntityTag;

/// The resource as the evaluator sees it: existing with these validators, or missing; a strong tag's `+coding`
/// forms over this build's codings (RFC 9110 §8.8.3.3).
pub(crate) fn resource(exists: bool, etag: Option<&EntityTag>, last_modified: Option<SystemTime>) -> Resource<'_> {
    let resource = match exists {
        true => Resource::current(etag, last_modified),
        false => Resource::missing(),
    };
    resource.with_codings(coding_names())
}

/// The decision for the representation a GET or HEAD would get, with these validators (RFC 9110 §13.2.2).
pub(crate) fn decide_read(
    request: &HttpRequest,
    etag: Option<&EntityTag>,
    last_modified: Option<SystemTime>,
) -> Decision {
    let resource = resource(true, etag, last_modified);
    ConditionalHeaders::from_headers(request.headers()).evaluate(request.method(), &resource)
}

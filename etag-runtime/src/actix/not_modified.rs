//! The one way this crate makes a 304 (RFC 9110 §15.4.5): from the 200 it stands for, or from the fields that
//! 200 would have carried.

use actix_web::HttpResponse;
use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};

use super::options::Options;
use super::representation::RepresentationHeaders;

/// The fields a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), with Last-Modified, which it may.
/// Content-Type and Content-Length are left out: the 304 has no content (§8.6).
const NOT_MODIFIED_FIELDS: [HeaderName; 7] = [
    header::CACHE_CONTROL,
    header::CONTENT_LOCATION,
    header::DATE,
    header::ETAG,
    header::EXPIRES,
    header::VARY,
    header::LAST_MODIFIED,
];

/// What a 304 is made from.
pub(crate) enum Representation<'a> {
    /// The 200 a handler rendered, with its body and every field it set.
    Rendered(HttpResponse),
    /// For a representation whose 200 is never built (a model, a `Deferred`, hashed JSON): an empty response
    /// (which may carry what was recorded on it), and the fields this crate writes for that 200 with these
    /// options, each of them one that §15.4.5 names.
    Fields(HttpResponse, RepresentationHeaders, &'a Options),
}

/// The 304 for `representation`: of the 200's fields only those §15.4.5 names (the fields a cache updates its
/// stored response with, and none that describe a body the 304 does not have), and no body. Every mode and the
/// `Conditional` middleware answer 304 through this.
pub(crate) fn not_modified(representation: Representation<'_>) -> HttpResponse {
    match representation {
        Representation::Rendered(ok) => {
            let mut response = ok.set_body(BoxBody::new(()));
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            response
                .headers_mut()
                .retain(|name, _| NOT_MODIFIED_FIELDS.contains(name));
            response
        }
        Representation::Fields(mut response, fields, options) => {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            fields.put_into_new(response.headers_mut(), options);
            debug_assert!(response.headers().keys().all(|name| NOT_MODIFIED_FIELDS.contains(name)));
            response
        }
    }
}

//! The one way this crate makes a 304 (RFC 9110 §15.4.5): from the 200 it stands for, or from the fields that
//! 200 would have carried.

use actix_web::HttpResponse;
use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderName;

use super::options::Options;
use super::representation::RepresentationHeaders;
use crate::responses;

/// The core's 304 field set (`responses/not_modified.rs`) as actix's header names, made at compile time: each is
/// a standard name, which compares as a small integer.
const NOT_MODIFIED_FIELDS: [HeaderName; 7] = {
    let [a, b, c, d, e, f, g] = responses::NOT_MODIFIED_FIELDS;
    [
        HeaderName::from_static(a),
        HeaderName::from_static(b),
        HeaderName::from_static(c),
        HeaderName::from_static(d),
        HeaderName::from_static(e),
        HeaderName::from_static(f),
        HeaderName::from_static(g),
    ]
};

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

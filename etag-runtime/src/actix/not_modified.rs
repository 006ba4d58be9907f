//! The one way this crate makes a 304 (RFC 9110 §15.4.5): from the 200 it stands for, or from the fields that
//! 200 would have carried.

use actix_web::HttpResponse;
use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName};

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

/// `representation` (a rendered 200, or a response holding only the fields a 200 would carry: its validators
/// and the handler's headers) turned into its 304: the status changed, the body dropped, and of its fields only
/// those §15.4.5 names kept: the fields a cache updates its stored response with, and none that describe a body
/// the 304 does not have. Every mode and the `Conditional` middleware answer 304 through this.
pub(crate) fn not_modified(representation: HttpResponse) -> HttpResponse {
    let mut response = representation.set_body(BoxBody::new(()));
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    response
        .headers_mut()
        .retain(|name, _| NOT_MODIFIED_FIELDS.contains(name));
    response
}

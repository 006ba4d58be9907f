//! The fields of a response whose validators the application gives (a model's, a `Deferred`'s): written as the
//! handler's own, which the `Conditional` layer then compares, before the lazy body is ever read.

use ::axum::response::Response;
use http::HeaderValue;
use http::header::{CONTENT_TYPE, ETAG, LAST_MODIFIED};

use crate::facets::with_release;
use crate::validators::{HttpDate, Validators};

/// Writes `validators` (the tag with this process's release, as on actix-web) and `content_type` into a 200.
pub(crate) fn put_validators(response: &mut Response, validators: Validators, content_type: HeaderValue) {
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type);
    let etag = validators.etag.map(|etag| with_release(etag).into_field());
    if let Some(value) = etag.and_then(|etag| HeaderValue::try_from(etag).ok()) {
        headers.insert(ETAG, value);
    }
    let last_modified = validators.last_modified.map(|at| HttpDate::from(at).to_string());
    if let Some(value) = last_modified.and_then(|date| HeaderValue::try_from(date).ok()) {
        headers.insert(LAST_MODIFIED, value);
    }
}

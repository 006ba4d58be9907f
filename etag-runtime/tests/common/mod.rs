//! Helpers shared by the runtime's test files: build a request's headers, evaluate them.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::Method;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use etag_runtime::{ConditionalHeaders, Decision, EntityTag, Policy, Resource};

/// Headers from `(name, raw value)` pairs; a name given twice gives two lines of one field.
pub fn headers(fields: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in fields {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("valid test header name");
        map.append(name, HeaderValue::from_bytes(value).expect("valid test header value"));
    }
    map
}

pub fn strong(opaque: &str) -> EntityTag {
    EntityTag::strong(opaque).expect("valid test tag")
}

pub fn weak(opaque: &str) -> EntityTag {
    EntityTag::weak(opaque).expect("valid test tag")
}

/// 2001-09-09T01:46:40Z plus `offset` seconds: a round, well-known instant to build dates around.
pub fn at(offset: i64) -> SystemTime {
    let base = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    if offset >= 0 {
        base + Duration::from_secs(offset as u64)
    } else {
        base - Duration::from_secs(offset.unsigned_abs())
    }
}

/// The IMF-fixdate of [`at`]`(offset)`, leaked so that tests can put it in a `&[(&str, &[u8])]` literal.
pub fn date(offset: i64) -> &'static str {
    etag_runtime::HttpDate::from(at(offset)).to_string().leak()
}

/// Evaluates the request fields against a resource that exists with `etag` and `last_modified`.
pub fn decide(
    method: Method,
    fields: &[(&str, &[u8])],
    etag: Option<&EntityTag>,
    last_modified: Option<SystemTime>,
) -> Decision {
    let headers = headers(fields);
    ConditionalHeaders::from_headers(&headers).evaluate(&method, &Resource::current(etag, last_modified))
}

/// Evaluates the request fields against a resource with no current representation.
pub fn decide_missing(method: Method, fields: &[(&str, &[u8])]) -> Decision {
    let headers = headers(fields);
    ConditionalHeaders::from_headers(&headers).evaluate(&method, &Resource::missing())
}

/// Evaluates with a policy, against an existing resource tagged `"v1"`.
pub fn decide_with(method: Method, fields: &[(&str, &[u8])], policy: Policy) -> Decision {
    let headers = headers(fields);
    let current = strong("v1");
    ConditionalHeaders::from_headers(&headers).evaluate_with(&method, &Resource::current(Some(&current), None), policy)
}

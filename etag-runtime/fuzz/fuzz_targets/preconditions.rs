//! Feeds arbitrary bytes to the tag, date and list parsers and to the evaluator: none may panic, and a few
//! facts that hold for every input are checked.
#![no_main]

use actix_web::http::Method;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use etag_runtime::preconditions::{ConditionalHeaders, Decision, Resource};
use etag_runtime::{EntityTag, HttpDate};
use libfuzzer_sys::fuzz_target;

const FIELDS: [&str; 4] = ["if-match", "if-none-match", "if-modified-since", "if-unmodified-since"];
const METHODS: [Method; 6] = [Method::GET, Method::HEAD, Method::PUT, Method::POST, Method::DELETE, Method::OPTIONS];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let _ = EntityTag::parse(&text);
    let _ = EntityTag::strong(text.as_ref());
    let _ = HttpDate::parse(rest);

    // Split the rest into header lines on '\n'; the selector's bits pick each line's field.
    let mut headers = HeaderMap::new();
    for (i, line) in rest.split(|&b| b == b'\n').enumerate() {
        let name = HeaderName::from_static(FIELDS[(usize::from(selector) + i) % FIELDS.len()]);
        if let Ok(value) = HeaderValue::from_bytes(line) {
            headers.append(name, value);
        }
    }
    let method = &METHODS[usize::from(selector >> 4) % METHODS.len()];
    let current = EntityTag::from_bytes_strong(&rest[..rest.len().min(8)]);
    let last_modified = HttpDate::from_unix_seconds(i64::from(selector) * 10_000_000).into();
    let preconditions = ConditionalHeaders::from_headers(&headers);
    for resource in [Resource::missing(), Resource::current(Some(&current), Some(last_modified)), Resource::current(None, None)] {
        let decision = preconditions.evaluate(method, &resource);
        // RFC 9110 §13.2.2 step 3/4: only GET and HEAD are ever answered 304.
        assert!(decision != Decision::NotModified || *method == Method::GET || *method == Method::HEAD);
        let _ = decision.response(&headers);
    }
});

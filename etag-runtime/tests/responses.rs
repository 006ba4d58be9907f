//! The responses decisions turn into: 304 (RFC 9110 §15.4.5), 412, 400 and 428 with problem+json (RFC 9457).

#![cfg(feature = "actix")]

mod common;

use actix_web::body::MessageBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use common::{Method, decide_missing};
use etag_runtime::Problem;
use etag_runtime::preconditions::{Condition, Decision, ListError};

/// Headers from `(name, raw value)` pairs; a name given twice gives two lines of one field.
fn headers(fields: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in fields {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("valid test header name");
        map.append(name, HeaderValue::from_bytes(value).expect("valid test header value"));
    }
    map
}

/// The 304 for a 200 with these fields, as every mode makes it.
fn not_modified(representation: &HeaderMap) -> actix_web::HttpResponse {
    Decision::NotModified.response(representation).expect("a 304")
}

fn body_json(response: actix_web::HttpResponse) -> serde_json::Value {
    let bytes = response.into_body().try_into_bytes().expect("a full body");
    serde_json::from_slice(&bytes).expect("a JSON body")
}

fn two_hundred_headers() -> HeaderMap {
    headers(&[
        ("cache-control", b"max-age=60"),
        ("content-location", b"/users/1"),
        ("date", b"Sun, 06 Nov 1994 08:49:37 GMT"),
        ("etag", br#""v1""#),
        ("expires", b"Sun, 06 Nov 1994 09:49:37 GMT"),
        ("vary", b"Accept"),
        ("vary", b"Accept-Encoding"),
        ("last-modified", b"Sat, 05 Nov 1994 08:49:37 GMT"),
        ("content-type", b"application/json"),
        ("content-length", b"42"),
        ("x-request-id", b"abc"),
    ])
}

// RFC 9110 §15.4.5: a 304 repeats Cache-Control, Content-Location, Date, ETag, Expires and Vary, every line.
#[test]
fn rfc9110_15_4_5_304_repeats_the_200s_validators_and_cache_fields() {
    let source = two_hundred_headers();
    let response = not_modified(&source);
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    for name in [
        "cache-control",
        "content-location",
        "date",
        "etag",
        "expires",
        "vary",
        "last-modified",
    ] {
        let sent: Vec<_> = response.headers().get_all(name).collect();
        let expected: Vec<_> = source.get_all(name).collect();
        assert_eq!(sent, expected, "{name}");
    }
}

// RFC 9110 §15.4.5 and §8.6: a 304 has no content, so no Content-Type and no body; other headers stay out.
#[test]
fn rfc9110_15_4_5_304_has_no_content_or_content_type() {
    let response = not_modified(&two_hundred_headers());
    assert!(!response.headers().contains_key(header::CONTENT_TYPE));
    assert!(!response.headers().contains_key(header::CONTENT_LENGTH));
    assert!(!response.headers().contains_key("x-request-id"));
    assert_eq!(response.into_body().size(), actix_web::body::BodySize::Sized(0));
}

// RFC 9110 §15.5.13 with RFC 9457 §3: a 412 carries a problem+json body naming the failed field.
#[test]
fn rfc9110_15_5_13_412_is_problem_json() {
    let decision = decide_missing(Method::PUT, &[("if-match", br#""v1""#)]);
    assert_eq!(decision, Decision::PreconditionFailed(Condition::IfMatch));
    let response = decision.response(&HeaderMap::new()).unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        response.headers().get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json"
    );
    let body = body_json(response);
    assert_eq!(body["status"], 412);
    assert_eq!(body["title"], "Precondition Failed");
    assert_eq!(body["type"], "about:blank");
    assert!(body["detail"].as_str().unwrap().contains("If-Match"));
}

// RFC 9457 §3: a malformed list gets a 400 whose detail says which field and what is wrong.
#[test]
fn rfc9457_3_malformed_list_is_400_with_reason() {
    let decision = Decision::Malformed(Condition::IfNoneMatch, ListError::StarNotAlone);
    let response = decision.response(&HeaderMap::new()).unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let detail = body_json(response)["detail"].as_str().unwrap().to_owned();
    assert!(detail.contains("If-None-Match") && detail.contains("\"*\""), "{detail}");
}

// RFC 6585 §3: the 428 explains how to make the request conditional.
#[test]
fn rfc6585_3_428_says_what_to_send() {
    let response = Decision::PreconditionRequired.response(&HeaderMap::new()).unwrap();
    assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
    assert!(body_json(response)["detail"].as_str().unwrap().contains("If-Match"));
}

// RFC 9110 §13.2.2 step 6: proceed has no response of its own; 304 uses the representation's headers.
#[test]
fn rfc9110_13_2_2_proceed_has_no_response() {
    assert!(Decision::Proceed.response(&HeaderMap::new()).is_none());
    assert!(Decision::Proceed.problem().is_none());
    let response = Decision::NotModified.response(&two_hundred_headers()).unwrap();
    assert_eq!(response.headers().get(header::ETAG).unwrap(), r#""v1""#);
}

// RFC 9457 §3.1: a problem's detail is escaped JSON, whatever it holds.
#[test]
fn rfc9457_3_1_detail_is_escaped() {
    let problem = Problem::new(StatusCode::NOT_FOUND, "no user \"7\"\n");
    let body = body_json(actix_web::ResponseError::error_response(&problem));
    assert_eq!(body["detail"], "no user \"7\"\n");
    assert_eq!(body["title"], "Not Found");
}

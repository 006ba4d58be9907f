//! Conditional answers for a response already rendered by any actix `Responder`: the `#[conditional]` mode for
//! handlers that return `HttpResponse`, `String`, `Html`, `impl Responder` and the like, and the `Conditional`
//! middleware, which both go through [`answer`].
//!
//! The validators are the ones the handler set (its ETag and Last-Modified, never re-hashed), or else a weak
//! tag hashed from the body's bytes, when the body is already in memory and no larger than the limit. Nothing is
//! buffered: a streaming body, or one over the limit, goes out untouched, as does anything but a 2xx answer to
//! GET or HEAD (RFC 9110 §13.2.1).

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentEncoding, HeaderMap, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::coding::coding_for_response;
use super::evaluation::decide_read;
use super::fields::{FieldLines, single_line};
use super::not_modified::{Representation, not_modified};
use super::options::Options;
use super::report::{record, recorded};
use super::representation::{RepresentationHeaders, put_not_modified_fields, vary_names_accept_encoding};
use super::variant::facets;
use crate::facets::TagSource;
use crate::preconditions::{Decision, MethodKind};
use crate::responses::{Found, Outcome, Problem, Rendered, Untouched};
use crate::validators::http_date::HttpDate;

/// Makes `response`, rendered for `request`, conditional: adds validators, or answers 304, 412 or 400. What it
/// decides is final and recorded on the response, so that an enclosing `Conditional` leaves it be.
pub(crate) fn answer(request: &HttpRequest, mut response: HttpResponse, options: &Options) -> HttpResponse {
    // A 304 a handler's own check decided knows no route: the scope's fields.
    put_not_modified_fields(&mut response, options);
    if recorded(&response) {
        return response;
    }
    if !MethodKind::from(request.method()).is_get_or_head() {
        return untouched(request, response, Untouched::NotGetOrHead);
    }
    if !response.status().is_success() {
        return untouched(request, response, Untouched::NotSuccess);
    }
    validated(request, response, options)
}

fn validated(request: &HttpRequest, response: HttpResponse, options: &Options) -> HttpResponse {
    let (response, found) = match handler_validators(&response) {
        Ok(Some(found)) => (response, found),
        Ok(None) => match hashed(response, options) {
            (response, Ok(found)) => (response, found),
            (response, Err(reason)) => return untouched(request, response, reason),
        },
        // RFC 9110 §13.1: a validator that cannot be read is not compared; the response goes out as sent.
        Err(()) => return untouched(request, response, Untouched::UnreadableValidator),
    };
    evaluate(request, response, found, options)
}

/// The response as the handler made it, with the reason recorded.
pub(crate) fn untouched(request: &HttpRequest, mut response: HttpResponse, reason: Untouched) -> HttpResponse {
    record(request, &mut response, Outcome::Untouched(reason), None, None);
    response
}

/// The ETag and Last-Modified the handler set: `Ok(None)` if neither, `Err` if one is there but cannot be read.
fn handler_validators(response: &HttpResponse) -> Result<Option<Found>, ()> {
    let headers = response.headers();
    let line = |name| single_value(headers, name).map(|value| value.map(HeaderValue::as_bytes));
    let body_size = sized(response.body().size());
    Found::read(line(&header::ETAG), line(&header::LAST_MODIFIED), false, body_size)
}

/// The one value of a field that may appear once; two lines make it unreadable.
fn single_value<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Result<Option<&'h HeaderValue>, ()> {
    match single_line(headers, name) {
        FieldLines::Absent => Ok(None),
        FieldLines::One(value) => Ok(Some(value)),
        FieldLines::Several => Err(()),
    }
}

/// The Date the handler set, if it set one that can be read: its Last-Modified is held to that one.
fn handler_date(headers: &HeaderMap) -> Option<HttpDate> {
    let value = single_value(headers, &header::DATE).ok().flatten()?;
    HttpDate::parse(value.as_bytes()).ok()
}

/// The length of a body that knows it.
fn sized(size: BodySize) -> Option<u64> {
    match size {
        BodySize::Sized(size) => Some(size),
        BodySize::None | BodySize::Stream => None,
    }
}

/// A weak tag from the hash of the body, when its bytes are already in memory and within the limit; else why
/// not. The bytes are borrowed, not copied: `Bytes` is shared, and the same buffer goes back into the response.
fn hashed(response: HttpResponse, options: &Options) -> (HttpResponse, Result<Found, Untouched>) {
    let (head, body) = response.into_parts();
    let size = match body.size() {
        BodySize::Sized(size) => size,
        BodySize::None => return (head.set_body(body), Err(Untouched::NoBody)),
        BodySize::Stream => return (head.set_body(body), Err(Untouched::Stream)),
    };
    if size > options.hash_limit as u64 {
        return (head.set_body(body), Err(Untouched::OverHashLimit));
    }
    match body.try_into_bytes() {
        Ok(bytes) => {
            let found = Found {
                etag: Some(options.hash.tag(&bytes)),
                last_modified: None,
                hashed: true,
                etag_on_response: false,
                body_size: Some(size),
            };
            (head.set_body(BoxBody::new(bytes)), Ok(found))
        }
        // A stream that knows its size is still a stream: it is never read ahead.
        Err(body) => (head.set_body(body), Err(Untouched::Stream)),
    }
}

fn evaluate(request: &HttpRequest, response: HttpResponse, found: Found, options: &Options) -> HttpResponse {
    let coding = coding_for_response(request, &response);
    let facets = match found.hashed {
        true => Vec::new(),
        false => facets(request, options, TagSource::HandlerHeader),
    };
    // Read only for a Last-Modified, the one validator a Date bounds (see `Dated`).
    let handler_date = found.last_modified.and_then(|_| handler_date(response.headers()));
    let rendered = Rendered {
        found,
        facets,
        coding: coding.suffix().map(ContentEncoding::as_str),
        handler_date,
    };
    let plan = rendered.plan(|etag, last_modified| decide_read(request, etag, last_modified));
    let outcome = Outcome::of(plan.decision, true);
    if !matches!(plan.decision, Decision::Proceed | Decision::NotModified) {
        let mut refused = Problem::of_decision(plan.decision).map_or(response, |problem| problem.error_response());
        record(request, &mut refused, outcome, plan.etag.as_ref(), None);
        return refused;
    }
    let not_modified_answer = plan.decision == Decision::NotModified;
    let mut response = response;
    if not_modified_answer {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    // Reported before the tag moves into its header (the status is reported as the 304 where it will be one).
    record(request, &mut response, outcome, plan.etag.as_ref(), plan.bytes_not_sent);
    let headers = RepresentationHeaders {
        etag: plan.etag.filter(|_| plan.rewrite_etag),
        last_modified: plan.last_modified,
        date: plan.date,
        vary_accept_encoding: vary_names_accept_encoding(coding, not_modified_answer),
    };
    headers.put(response.headers_mut(), options);
    if not_modified_answer {
        return not_modified(Representation::Rendered(response));
    }
    response
}

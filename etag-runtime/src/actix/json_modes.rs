//! The modes of `#[conditional]` whose validators are known before anything is rendered: a model (`ETag`),
//! serialized as JSON or rendered by its own `Responder` only when a body goes out; a [`Deferred`] response,
//! whose body future runs only then; and a serde value hashed from its canonical JSON.

use std::future::ready;
use std::time::SystemTime;

use actix_web::body::BoxBody;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};
use serde::Serialize;

use super::coding::{any_coding, into_variant, negotiated_coding};
use super::deferred::{Deferred, Validators};
use super::options::Options;
use super::outcome::{Outcome, Untouched};
use super::private::{Answer, Deferring, Hashed, Tagged, TaggedResponder};
use super::rendered::untouched;
use super::report::record;
use super::representation::{Dated, RepresentationHeaders};
use crate::preconditions::evaluate::is_read;
use crate::{ConditionalHeaders, Decision, ETag, EntityTag, HashedJson, HttpDate, Problem, Resource};

impl Tagged {
    /// Compares validators first and serializes only when a body goes out.
    pub fn respond<T: ETag + Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let validators = Negotiated::new(request, Some(value.etag()), value.last_modified());
        ready(respond_with(request, options, validators, || {
            json_response(crate::hashing::canonical_json(&value))
        }))
    }
}

impl TaggedResponder {
    /// As [`Tagged`], for a model that renders itself (an HTML page, say): a 304 renders nothing. The coding is
    /// negotiated as for JSON, which assumes the model renders a body `Compress` encodes (not an image).
    pub fn respond<T: ETag + Responder>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let validators = Negotiated::new(request, Some(value.etag()), value.last_modified());
        ready(respond_with(request, options, validators, || {
            value.respond_to(request).map_into_boxed_body()
        }))
    }
}

impl Deferring {
    /// Compares the validators the handler gave first, and runs the body future only when a body goes out.
    pub async fn respond(self, request: &HttpRequest, value: Deferred, options: &Options) -> HttpResponse {
        let (Validators { etag, last_modified }, body) = value.into_parts();
        let validators = Negotiated::new(request, etag, last_modified);
        match decide(request, options, &validators) {
            Step::Render => with_validators(request, body.render(request).await, options, &validators),
            Step::RenderBare => untouched(request, body.render(request).await, Untouched::NotGetOrHead),
            Step::Answer(response) => response,
        }
    }
}

impl Hashed {
    /// Serializes the value once, tags those bytes and compares before sending them.
    pub fn respond<T: Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        ready(match HashedJson::with_hash(&value, options.hash) {
            Ok(HashedJson { body, etag }) => {
                // The hashed tag is weak, so it is sent as it is whatever the coding.
                let mut validators = Negotiated::new(request, Some(etag), None);
                validators.body_size = Some(body.len() as u64);
                respond_with(request, options, validators, || json_response(Ok(body)))
            }
            Err(error) => untouched(request, serialization_failed(&error), Untouched::NotSuccess),
        })
    }
}

/// What the 200 and its 304 are validated by, the tag in the form for the coding `Compress` will give the 200.
struct Negotiated {
    etag: Option<EntityTag>,
    last_modified: Option<Dated>,
    coding: Option<ContentEncoding>,
    /// The body's length where it is known before rendering (hashed JSON): what a 304 spares.
    body_size: Option<u64>,
}

impl Negotiated {
    /// The validators for this request: a strong tag in the form for the coding it gets, a weak one as it is.
    fn new(request: &HttpRequest, etag: Option<EntityTag>, last_modified: Option<SystemTime>) -> Self {
        let coding = negotiated_coding(request);
        Negotiated {
            etag: etag.map(|etag| into_variant(etag, coding)),
            last_modified: last_modified.map(|at| Dated::now(HttpDate::from(at))),
            coding,
            body_size: None,
        }
    }
}

/// What to do once the validators are compared, before any body exists.
enum Step {
    /// Render the body and send it with the validators.
    Render,
    /// Render the body and send it as it is: not a GET or HEAD.
    RenderBare,
    /// Send this instead: a 304 (with the validators), 412 or 400. The body is never rendered.
    Answer(HttpResponse),
}

/// Compares the request's preconditions with `validators` (RFC 9110 §13.2.2).
fn decide(request: &HttpRequest, options: &Options, validators: &Negotiated) -> Step {
    if !is_read(request.method()) {
        // RFC 9110 §9.3.4: after a write the body is not the stored representation, so no validators; writes
        // are guarded before their side effects by `Precondition::check`, not here.
        return Step::RenderBare;
    }
    let last_modified = validators.last_modified.map(|dated| dated.last_modified.into());
    let resource = Resource::current(validators.etag.as_ref(), last_modified);
    match ConditionalHeaders::from_headers(request.headers()).evaluate(request.method(), &resource) {
        Decision::Proceed => Step::Render,
        // `HttpResponse::new`, not the builder: nothing here can fail, so its error plumbing is not needed.
        Decision::NotModified => Step::Answer(with_validators(
            request,
            HttpResponse::new(StatusCode::NOT_MODIFIED),
            options,
            validators,
        )),
        decision => {
            let mut refused = decision.problem().map_or_else(
                || HttpResponse::InternalServerError().finish(),
                |problem| problem.error_response(),
            );
            record(
                request,
                &mut refused,
                Outcome::of(decision, true),
                validators.etag.as_ref(),
                None,
            );
            Step::Answer(refused)
        }
    }
}

/// Builds the 200, 304, 412 or 400 for a representation with these validators.
fn respond_with(
    request: &HttpRequest,
    options: &Options,
    validators: Negotiated,
    render: impl FnOnce() -> HttpResponse,
) -> HttpResponse {
    match decide(request, options, &validators) {
        Step::Render => with_validators(request, render(), options, &validators),
        Step::RenderBare => untouched(request, render(), Untouched::NotGetOrHead),
        Step::Answer(response) => response,
    }
}

/// A 2xx or 304 gets the validators and the attribute's headers; every response's outcome is recorded, so that
/// an enclosing `Conditional` middleware leaves it be.
fn with_validators(
    request: &HttpRequest,
    mut response: HttpResponse,
    options: &Options,
    validators: &Negotiated,
) -> HttpResponse {
    let Negotiated {
        etag,
        last_modified,
        coding,
        body_size,
    } = validators;
    // A 500 for a value that could not be serialized, or a Deferred body's 404, is not the representation, so it
    // gets no validators.
    let status = response.status();
    if !status.is_success() && status != StatusCode::NOT_MODIFIED {
        return untouched(request, response, Untouched::NotSuccess);
    }
    // RFC 9110 §12.5.5, once per response: `Compress` appends Accept-Encoding to the Vary of each 200 it
    // encodes, so the wrapper names it on the others (identity 200s, every 304), and only when `Compress` can
    // encode at all in this build.
    let vary_accept_encoding = any_coding() && (status == StatusCode::NOT_MODIFIED || coding.is_none());
    let headers = RepresentationHeaders {
        etag: etag.as_ref(),
        last_modified: last_modified.map(|dated| dated.last_modified),
        date: last_modified.map(|dated| dated.date),
        vary_accept_encoding,
    };
    headers.put(response.headers_mut(), options);
    let (outcome, bytes_not_sent) = match status {
        StatusCode::NOT_MODIFIED => (Outcome::NotModified, *body_size),
        _ => (Outcome::Validated, None),
    };
    record(request, &mut response, outcome, etag.as_ref(), bytes_not_sent);
    response
}

/// A 200 with the JSON, or a 500 problem if the value could not be serialized. The content type is a static
/// value, so it is not parsed or copied per response; the response is made directly, not through the builder,
/// whose error plumbing nothing here needs.
pub(crate) fn json_response(body: serde_json::Result<Vec<u8>>) -> HttpResponse {
    match body {
        Ok(body) => {
            let mut response = HttpResponse::with_body(StatusCode::OK, BoxBody::new(Bytes::from(body)));
            let json = HeaderValue::from_static("application/json");
            response.headers_mut().insert(header::CONTENT_TYPE, json);
            response
        }
        Err(error) => serialization_failed(&error),
    }
}

fn serialization_failed(error: &serde_json::Error) -> HttpResponse {
    let detail = format!("the response could not be serialized to JSON: {error}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail).error_response()
}

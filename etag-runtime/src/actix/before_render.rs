//! What the modes whose validators are known before anything is rendered share (a model, a `Deferred`, hashed
//! JSON): the tag in the form for the negotiated coding, the comparison, and the 200 or 304 they answer with.
//! The body is rendered only when one goes out.

use std::time::SystemTime;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::coding::{ResponseCoding, negotiated_response_coding, representation_form};
use super::evaluation::decide_read;
use super::not_modified::{Representation, not_modified};
use super::options::Options;
use super::rendered::untouched;
use super::report::record;
use super::representation::{RepresentationHeaders, vary_names_accept_encoding};
use crate::preconditions::{Decision, MethodKind};
use crate::responses::{Outcome, Problem, Untouched};
use crate::validators::Facet;
use crate::validators::dated::Dated;
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;

/// What the 200 and its 304 are validated by, the tag in the form for the coding `Compress` will give the 200.
pub(crate) struct Negotiated {
    etag: Option<EntityTag>,
    last_modified: Option<Dated>,
    coding: ResponseCoding,
    /// The body's length where it is known before rendering (hashed JSON): what a 304 spares.
    body_size: Option<u64>,
}

impl Negotiated {
    /// The validators for this request: the tag with the representation's `facets` (its release, variant and
    /// requester), and a strong one in the form for the coding it gets.
    pub(crate) fn new(
        request: &HttpRequest,
        etag: Option<EntityTag>,
        facets: &[Facet],
        last_modified: Option<SystemTime>,
    ) -> Self {
        let coding = negotiated_response_coding(request);
        Negotiated {
            etag: etag.map(|etag| representation_form(etag, facets, coding)),
            last_modified: last_modified.map(|at| Dated::now(HttpDate::from(at))),
            coding,
            body_size: None,
        }
    }

    /// The same, for a body of `size` bytes known before it is sent.
    pub(crate) fn with_body_size(mut self, size: u64) -> Self {
        self.body_size = Some(size);
        self
    }

    /// Writes the validators, the options' headers and Vary into a 2xx that is the representation itself, with
    /// no comparison: the answer of a write that sends what it stored (`stored.rs`).
    pub(crate) fn put_into(self, response: &mut HttpResponse, options: &Options) {
        self.into_headers(false).put(response.headers_mut(), options);
    }

    /// The fields of the 200 (or, with `not_modified`, the 304) that this crate writes: validators, the options'
    /// headers and Vary.
    fn into_headers(self, not_modified: bool) -> RepresentationHeaders {
        RepresentationHeaders {
            vary_accept_encoding: vary_names_accept_encoding(self.coding, not_modified),
            etag: self.etag,
            last_modified: self.last_modified.map(|dated| dated.last_modified),
            date: self.last_modified.map(|dated| dated.date),
        }
    }
}

/// What to do once the validators are compared, before any body exists.
pub(crate) enum Step {
    /// Render the body and send it with these validators.
    Render(Negotiated),
    /// Render the body and send it as it is: not a GET or HEAD.
    RenderBare,
    /// Send this instead: a 304 (with the validators), 412 or 400. The body is never rendered.
    Answer(HttpResponse),
}

/// Compares the request's preconditions with `validators` (RFC 9110 §13.2.2).
pub(crate) fn decide(request: &HttpRequest, options: &Options, validators: Negotiated) -> Step {
    if !MethodKind::from(request.method()).is_get_or_head() {
        // RFC 9110 §9.3.4: after a write the body is not the stored representation, so no validators; writes
        // are guarded before their side effects by `Precondition::check`, not here.
        return Step::RenderBare;
    }
    let last_modified = validators.last_modified.map(|dated| dated.last_modified.into());
    match decide_read(request, validators.etag.as_ref(), last_modified) {
        Decision::Proceed => Step::Render(validators),
        Decision::NotModified => Step::Answer(not_modified_answer(request, options, validators)),
        decision => {
            let mut refused = Problem::of_decision(decision).map_or_else(
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

/// Builds the 200, 304, 412 or 400 for a representation with these validators, rendering only for a 200.
pub(crate) fn respond_with(
    request: &HttpRequest,
    options: &Options,
    validators: Negotiated,
    render: impl FnOnce() -> HttpResponse,
) -> HttpResponse {
    match decide(request, options, validators) {
        Step::Render(validators) => with_validators(request, render(), options, validators),
        Step::RenderBare => untouched(request, render(), Untouched::NotGetOrHead),
        Step::Answer(response) => response,
    }
}

/// The 304: the fields its 200 would carry, through the one 304 builder.
fn not_modified_answer(request: &HttpRequest, options: &Options, validators: Negotiated) -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::NOT_MODIFIED);
    // Reported before the tag moves into its header; the status is already the one sent.
    record(
        request,
        &mut response,
        Outcome::NotModified,
        validators.etag.as_ref(),
        validators.body_size,
    );
    not_modified(Representation::Fields(response, validators.into_headers(true), options))
}

/// A 2xx gets the validators and the options' headers; every response's outcome is recorded, so that an
/// enclosing `Conditional` middleware leaves it be.
pub(crate) fn with_validators(
    request: &HttpRequest,
    mut response: HttpResponse,
    options: &Options,
    validators: Negotiated,
) -> HttpResponse {
    // A 500 for a value that could not be serialized, or a Deferred body's 404, is not the representation, so it
    // gets no validators.
    if !response.status().is_success() {
        return untouched(request, response, Untouched::NotSuccess);
    }
    record(
        request,
        &mut response,
        Outcome::Validated,
        validators.etag.as_ref(),
        None,
    );
    validators.into_headers(false).put(response.headers_mut(), options);
    response
}

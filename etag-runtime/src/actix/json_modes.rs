//! The modes of `#[conditional]` whose validators are known before anything is rendered: a model (`ETag`),
//! serialized as JSON or rendered by its own `Responder` only when a body goes out, and a serde value hashed from
//! its canonical JSON.

use std::time::SystemTime;

use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};
use serde::Serialize;

use super::private::{Hashed, Options, Tagged, TaggedResponder};
use super::rendered::Answered;
use super::representation::RepresentationHeaders;
use crate::validators::coding::{any_coding, into_variant, negotiated_coding};
use crate::{ConditionalHeaders, Decision, ETag, EntityTag, HashedJson, HttpDate, Problem, Resource};

impl Tagged {
    /// Compares validators first and serializes only when a body goes out.
    pub fn respond<T: ETag + Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> HttpResponse {
        respond_with(request, options, Validators::of_model(request, &value), || {
            json_response(crate::hashing::canonical_json(&value))
        })
    }
}

impl TaggedResponder {
    /// As [`Tagged`], for a model that renders itself (an HTML page, say): a 304 renders nothing. The coding is
    /// negotiated as for JSON, which assumes the model renders a body `Compress` encodes (not an image).
    pub fn respond<T: ETag + Responder>(self, request: &HttpRequest, value: T, options: &Options) -> HttpResponse {
        let validators = Validators::of_model(request, &value);
        respond_with(request, options, validators, || {
            value.respond_to(request).map_into_boxed_body()
        })
    }
}

impl Hashed {
    pub fn respond<T: Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> HttpResponse {
        match HashedJson::of(&value) {
            Ok(HashedJson { body, etag }) => {
                let coding = negotiated_coding(request);
                let validators = Validators {
                    etag,
                    last_modified: None,
                    coding,
                };
                respond_with(request, options, validators, || json_response(Ok(body)))
            }
            Err(error) => serialization_failed(&error),
        }
    }
}

/// What the 200 and its 304 are validated by, and the coding `Compress` will give the 200.
struct Validators {
    etag: EntityTag,
    last_modified: Option<SystemTime>,
    coding: Option<ContentEncoding>,
}

impl Validators {
    /// A model's own validators, its strong tag in the form for the coding this request gets.
    fn of_model(request: &HttpRequest, model: &impl ETag) -> Self {
        let coding = negotiated_coding(request);
        Validators {
            etag: into_variant(model.etag(), coding),
            last_modified: model.last_modified(),
            coding,
        }
    }
}

/// Builds the 200, 304, 412 or 400 for a representation with these validators.
fn respond_with(
    request: &HttpRequest,
    options: &Options,
    validators: Validators,
    render: impl FnOnce() -> HttpResponse,
) -> HttpResponse {
    let safe = *request.method() == Method::GET || *request.method() == Method::HEAD;
    if !safe {
        // RFC 9110 §9.3.4: after a write the body is not the stored representation, so no validators; writes
        // are guarded before their side effects by `Precondition::check`, not here.
        return render();
    }
    let Validators {
        etag,
        last_modified,
        coding,
    } = validators;
    let resource = Resource::current(Some(&etag), last_modified);
    let mut response = match ConditionalHeaders::from_headers(request.headers()).evaluate(request.method(), &resource) {
        Decision::Proceed => render(),
        Decision::NotModified => HttpResponse::NotModified().finish(),
        decision => {
            return decision.problem().map_or_else(
                || HttpResponse::InternalServerError().finish(),
                |problem| problem.error_response(),
            );
        }
    };
    // A 500 for a value that could not be serialized is not the representation, so it gets no validators.
    let status = response.status();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        // RFC 9110 §12.5.5, once per response: `Compress` appends Accept-Encoding to the Vary of each 200 it
        // encodes, so the wrapper names it on the others (identity 200s, every 304), and only when `Compress`
        // can encode at all in this build.
        let vary_accept_encoding = any_coding() && (status == StatusCode::NOT_MODIFIED || coding.is_none());
        let headers = RepresentationHeaders {
            etag: Some(&etag),
            last_modified: last_modified.map(HttpDate::from),
            vary_accept_encoding,
        };
        headers.put(response.headers_mut(), options);
    }
    response.extensions_mut().insert(Answered);
    response
}

/// A 200 with the JSON, or a 500 problem if the value could not be serialized. The content type is a static
/// value, so it is not parsed or copied per response.
fn json_response(body: serde_json::Result<Vec<u8>>) -> HttpResponse {
    match body {
        Ok(body) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/json")))
            .body(body),
        Err(error) => serialization_failed(&error),
    }
}

fn serialization_failed(error: &serde_json::Error) -> HttpResponse {
    let detail = format!("the response could not be serialized to JSON: {error}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail).error_response()
}

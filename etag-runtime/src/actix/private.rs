//! What `#[conditional]` expands to. Not a public API: names and signatures change with the macro, which is
//! pinned to this crate's exact version.
//!
//! The generated code picks a mode with autoref specialization: `(&&Probe::of(&value)).__etag_kind()` finds
//! `TaggedKind` first (the value implements `ETag` and `Serialize`), then `HashedKind` (`Serialize` only),
//! then `UnsupportedKind`, whose `respond` demands [`Representable`] and so fails to compile with a message
//! that names both ways out.

use std::marker::PhantomData;
use std::time::SystemTime;

use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use super::representation::RepresentationHeaders;
use crate::validators::coding::{any_coding, into_variant, negotiated_coding};
use crate::{ConditionalHeaders, Decision, ETag, EntityTag, HashedJson, HttpDate, Problem, Resource};

pub use ::actix_web;

pub use crate::validators::derived_tag::{LastModifiedField, derived_tag};

/// The attribute's arguments, as the handler's static response headers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub cache_control: Option<&'static str>,
    pub vary: Option<&'static str>,
}

/// Fixes the output type of the handler's body, so that `?` inside it knows what to convert to.
pub fn typed<T, F: Future<Output = T>>(future: F) -> F {
    future
}

pub struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    pub fn of(_value: &T) -> Self {
        Probe(PhantomData)
    }
}

pub struct Tagged;
pub struct Hashed;
pub struct Unsupported;

pub trait TaggedKind {
    fn __etag_kind(self) -> Tagged;
}
impl<T: ETag + Serialize> TaggedKind for &&Probe<T> {
    fn __etag_kind(self) -> Tagged {
        Tagged
    }
}

pub trait HashedKind {
    fn __etag_kind(self) -> Hashed;
}
impl<T: Serialize> HashedKind for &Probe<T> {
    fn __etag_kind(self) -> Hashed {
        Hashed
    }
}

pub trait UnsupportedKind {
    fn __etag_kind(self) -> Unsupported;
}
impl<T> UnsupportedKind for Probe<T> {
    fn __etag_kind(self) -> Unsupported {
        Unsupported
    }
}

/// Implemented by no type: only reached when the output is neither `Serialize` nor `ETag`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the output of a #[conditional] handler: it is neither `serde::Serialize` nor `etag_runtime::ETag`",
    label = "this handler's output",
    note = "derive `serde::Serialize` to send it as JSON with an ETag hashed from those bytes",
    note = "or implement `etag_runtime::ETag` (and `Serialize`) to take the ETag from the model, so that a 304 skips serialization"
)]
pub trait Representable {
    fn unreachable(self) -> HttpResponse;
}

impl Unsupported {
    pub fn respond<T: Representable>(self, _request: &HttpRequest, value: T, _options: &Options) -> HttpResponse {
        value.unreachable()
    }
}

impl Tagged {
    /// Compares validators first and serializes only when a body goes out.
    pub fn respond<T: ETag + Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> HttpResponse {
        let coding = negotiated_coding(request);
        let validators = Validators {
            etag: into_variant(value.etag(), coding),
            last_modified: value.last_modified(),
            coding,
        };
        respond_with(request, options, validators, || crate::hashing::canonical_json(&value))
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
                respond_with(request, options, validators, || Ok(body))
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

/// Builds the 200, 304, 412 or 400 for a representation with these validators.
fn respond_with(
    request: &HttpRequest,
    options: &Options,
    validators: Validators,
    body: impl FnOnce() -> serde_json::Result<Vec<u8>>,
) -> HttpResponse {
    let safe = *request.method() == Method::GET || *request.method() == Method::HEAD;
    if !safe {
        // RFC 9110 §9.3.4: after a write the body is not the stored representation, so no validators; writes
        // are guarded before their side effects by `Precondition::check`, not here.
        return json_response(body());
    }
    let Validators {
        etag,
        last_modified,
        coding,
    } = validators;
    let resource = Resource::current(Some(&etag), last_modified);
    let mut response = match ConditionalHeaders::from_headers(request.headers()).evaluate(request.method(), &resource) {
        Decision::Proceed => json_response(body()),
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
    if matches!(status, StatusCode::OK | StatusCode::NOT_MODIFIED) {
        // RFC 9110 §12.5.5, once per response: `Compress` appends Accept-Encoding to the Vary of each 200 it
        // encodes, so the wrapper names it on the others (identity 200s, every 304), and only when `Compress`
        // can encode at all in this build.
        let vary_accept_encoding = any_coding() && (status == StatusCode::NOT_MODIFIED || coding.is_none());
        let headers = RepresentationHeaders {
            etag: &etag,
            last_modified: last_modified.map(HttpDate::from),
            vary_accept_encoding,
        };
        headers.put(response.headers_mut(), options);
    }
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

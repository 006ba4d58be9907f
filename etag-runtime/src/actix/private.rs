//! What `#[conditional]` expands to. Not a public API: names and signatures change with the macro, which is
//! pinned to this crate's exact version.
//!
//! The generated code picks a mode with autoref specialization: `(&&Probe::of(&value)).__etag_kind()` finds
//! `TaggedKind` first (the value implements `ETag` and `Serialize`), then `HashedKind` (`Serialize` only),
//! then `UnsupportedKind`, whose `respond` demands [`Representable`] and so fails to compile with a message
//! that names both ways out.

use std::marker::PhantomData;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use super::representation::put_representation_headers;
use crate::{ConditionalHeaders, Decision, ETag, EntityTag, HashedJson, HttpDate, Problem, Resource};

pub use ::actix_web;

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
        let etag = crate::validators::coding::into_variant(value.etag(), request);
        let last_modified = value.last_modified();
        respond_with(request, options, &etag, last_modified, || {
            crate::hashing::canonical_json(&value)
        })
    }
}

impl Hashed {
    pub fn respond<T: Serialize>(self, request: &HttpRequest, value: T, options: &Options) -> HttpResponse {
        match HashedJson::of(&value) {
            Ok(HashedJson { body, etag }) => respond_with(request, options, &etag, None, || Ok(body)),
            Err(error) => serialization_failed(&error),
        }
    }
}

/// Builds the 200, 304, 412 or 400 for a representation with these validators.
fn respond_with(
    request: &HttpRequest,
    options: &Options,
    etag: &EntityTag,
    last_modified: Option<std::time::SystemTime>,
    body: impl FnOnce() -> serde_json::Result<Vec<u8>>,
) -> HttpResponse {
    let safe = *request.method() == Method::GET || *request.method() == Method::HEAD;
    if !safe {
        // RFC 9110 §9.3.4: after a write the body is not the stored representation, so no validators; writes
        // are guarded before their side effects by `Precondition::check`, not here.
        return json_response(body());
    }
    let resource = Resource::current(Some(etag), last_modified);
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
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) {
        let last_modified = last_modified.map(HttpDate::from);
        put_representation_headers(response.headers_mut(), etag, last_modified, options);
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

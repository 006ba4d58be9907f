//! What `#[conditional]` expands to. Not a public API: names and signatures change with the macro, which is
//! pinned to this crate's exact version.
//!
//! The generated code picks a mode from the handler's output type with autoref specialization: the method
//! `__etag_kind` is implemented for `&&&&Probe<T>`, `&&&Probe<T>`, ... `Probe<T>`, each under its own bound, and
//! a call on `&&&&Probe<T>` finds the first that applies:
//!
//! | receiver | bound on the value | mode |
//! |---|---|---|
//! | `&&&&Probe<Deferred>` | the value is a [`Deferred`](crate::Deferred) | [`Deferring`]: the handler's validators first, the body future run only for a body |
//! | `&&&&Probe<T>` | `ETag + Responder` | [`TaggedResponder`]: validators first, rendered by its own `Responder` |
//! | `&&&Probe<T>` | `ETag + Serialize` | [`Tagged`]: validators first, serialized as JSON |
//! | `&&Probe<T>` | `Responder` | [`Rendered`]: rendered, then the handler's validators or a hash of the body |
//! | `&Probe<T>` | `Serialize` | [`Hashed`]: canonical JSON and its hash |
//! | `Probe<T>` | none | [`Unsupported`]: demands [`Representable`], which fails to compile naming the ways out |
//!
//! `Deferred` is neither `ETag` nor `Responder`, so of the two impls for `&&&&Probe<_>` at most one applies.
//! Inside `Json<T>` the value is JSON whatever else it implements, so the macro asks `&&JsonProbe<T>` instead:
//! `Tagged`, then `Hashed`, then `Unsupported`.
//!
//! The macro awaits what `respond` returns, because a `Deferred` body must be awaited; every other mode answers at
//! once, with a ready [`Answer`].

#![allow(
    missing_docs,
    reason = "not a public API: the names #[conditional] expands to, hidden from the docs"
)]

use std::marker::PhantomData;

use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

pub use super::options::{DEFAULT_HASH_LIMIT, Options};
use super::outcome::Untouched;
use super::rendered::{answer, untouched};
use super::report::recorded;
use crate::ETag;

pub use ::actix_web;

pub use crate::validators::derived_tag::{LastModifiedField, derived_tag};

/// The response of a mode that needs no waiting, ready for the `.await` the macro writes after every mode.
pub type Answer = std::future::Ready<HttpResponse>;

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

/// The probe for the value inside `Json<T>`.
pub struct JsonProbe<T>(PhantomData<T>);

impl<T> JsonProbe<T> {
    pub fn of(_value: &T) -> Self {
        JsonProbe(PhantomData)
    }
}

pub struct Deferring;
pub struct TaggedResponder;
pub struct Tagged;
pub struct Rendered;
pub struct Hashed;
pub struct Unsupported;

pub trait DeferredKind {
    fn __etag_kind(self) -> Deferring;
}
impl DeferredKind for &&&&Probe<crate::Deferred> {
    fn __etag_kind(self) -> Deferring {
        Deferring
    }
}

pub trait TaggedResponderKind {
    fn __etag_kind(self) -> TaggedResponder;
}
impl<T: ETag + Responder> TaggedResponderKind for &&&&Probe<T> {
    fn __etag_kind(self) -> TaggedResponder {
        TaggedResponder
    }
}

pub trait TaggedKind {
    fn __etag_kind(self) -> Tagged;
}
impl<T: ETag + Serialize> TaggedKind for &&&Probe<T> {
    fn __etag_kind(self) -> Tagged {
        Tagged
    }
}
impl<T: ETag + Serialize> TaggedKind for &&JsonProbe<T> {
    fn __etag_kind(self) -> Tagged {
        Tagged
    }
}

pub trait RenderedKind {
    fn __etag_kind(self) -> Rendered;
}
impl<T: Responder> RenderedKind for &&Probe<T> {
    fn __etag_kind(self) -> Rendered {
        Rendered
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
impl<T: Serialize> HashedKind for &JsonProbe<T> {
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
impl<T> UnsupportedKind for JsonProbe<T> {
    fn __etag_kind(self) -> Unsupported {
        Unsupported
    }
}

/// Implemented by no type: only reached when the output is none of `Responder`, `Serialize` and `ETag`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the output of a #[conditional] handler: it is neither an actix `Responder`, `serde::Serialize` nor `etag_runtime::ETag`",
    label = "this handler's output",
    note = "return an actix `Responder` (`HttpResponse`, `String`, `impl Responder`, ...): its body is hashed, or its own ETag used",
    note = "or derive `serde::Serialize` to send it as JSON with an ETag hashed from those bytes",
    note = "or derive `etag_runtime::ETag` (with `Serialize` or `Responder`) to take the ETag from the model, so that a 304 renders nothing",
    note = "a `Result` or `Json` named through a type alias (`type ApiResult<T> = Result<T, ApiError>`) is not seen through: the attribute reads the output type as written, so write `Result<T, E>` or `Json<T>` in the signature (a one-argument alias named `Result`, as `actix_web::Result<T>`, is read too)"
)]
pub trait Representable {
    fn unreachable(self) -> HttpResponse;
}

impl Unsupported {
    pub fn respond<T: Representable>(self, _request: &HttpRequest, value: T, _options: &Options) -> Answer {
        std::future::ready(value.unreachable())
    }
}

/// The response to a handler's `Err`, sent as it is (RFC 9110 §13.2.1) and reported as such; a
/// [`Rejected`](crate::Rejected) the handler passed on was reported by its check already.
pub fn handler_failed(request: &HttpRequest, error: impl Into<actix_web::Error>) -> HttpResponse {
    let response = HttpResponse::from_error(error);
    if recorded(&response) {
        return response;
    }
    untouched(request, response, Untouched::HandlerError)
}

impl Rendered {
    /// Renders the value as actix would, then makes the response conditional (`rendered.rs`).
    pub fn respond<T: Responder>(self, request: &HttpRequest, value: T, options: &Options) -> Answer {
        let response = value.respond_to(request).map_into_boxed_body();
        std::future::ready(answer(request, response, options))
    }
}

//! What `#[conditional]` expands to. Not a public API: names and signatures change with the macro, which is
//! pinned to this crate's exact version.
//!
//! The generated code reads the handler's output by its type, not by how its type is spelt, so that an alias
//! (`type ApiResult<T> = Result<T, ApiError>`) reaches the same mode as what it stands for. It does so with
//! autoref specialization: a method is implemented for `&&..&X<T>` under one bound per number of `&`, and a call
//! on the most-referenced form finds the first impl whose bound holds.
//!
//! First two peels, each of which either gives the value inside or answers at once:
//!
//! | call | type | result |
//! |---|---|---|
//! | `__etag_peel_result` | `Result<T, E>`, `E` an actix error | `Ok(t)`: `t`; `Err(e)`: `e`'s response, untouched (RFC 9110 §13.2.1) |
//! | `__etag_peel_option` | `Option<T>` | `Some(t)`: `t`; `None`: actix's 404 for `None`, untouched |
//! | `__etag_peel_status` | `(T, StatusCode)` | `t` for 200; another status: the tuple's response, untouched |
//! | `__etag_peel_either` | `Either<L, R>` | a [`Branch`]: each side gets the mode of its own type |
//!
//! Any other type passes a peel as it is (the last as the left [`Branch`], the right one `Infallible`, whose
//! mode is [`Never`]). Then the mode, from [`Probe`]:
//!
//! | receiver | bound on the value | mode |
//! |---|---|---|
//! | `&&&&&&Probe<Json<T>>` | `T: ETag + Serialize` | [`TaggedJson`]: the model mode, as JSON |
//! | `&&&&&Probe<Json<T>>` | `T: Serialize` | [`HashedJsonValue`]: canonical JSON and its hash |
//! | `&&&&Probe<Deferred>` | the value is a [`Deferred`](crate::Deferred) | [`Deferring`]: validators first, the body run only for a body |
//! | `&&&&Probe<T>` | `ETag + Responder` | [`TaggedResponder`]: validators first, rendered by its own `Responder` |
//! | `&&&Probe<T>` | `ETag + Serialize` | [`Tagged`]: validators first, serialized as JSON |
//! | `&&Probe<T>` | `Responder` | [`Rendered`]: rendered, then the handler's validators or a hash of the body |
//! | `&Probe<T>` | `Serialize` | [`Hashed`]: canonical JSON and its hash |
//! | `Probe<T>` | none | [`Unsupported`]: demands [`Representable`], which fails to compile naming the ways out |
//!
//! `Deferred` is neither `ETag` nor `Responder`, so of the two impls for `&&&&Probe<_>` at most one applies.

#![allow(
    missing_docs,
    reason = "not a public API: the names #[conditional] expands to, hidden from the docs"
)]

use std::convert::Infallible;
use std::marker::PhantomData;

use actix_web::Either;
use actix_web::http::StatusCode;
use actix_web::web::Json;
use actix_web::{HttpRequest, HttpResponse, Responder, ResponseError};
use serde::Serialize;

use super::deferred::Deferred;
use super::deferred_model::none_found as actix_none;
use super::json_body::json_response;
pub use super::modes::{
    Answer, Deferring, Hashed, HashedJsonValue, Never, Rendered, Representable, Tagged, TaggedJson, TaggedResponder,
    Unsupported,
};
pub use super::options::{DEFAULT_HASH_LIMIT, Options};
use super::rendered::untouched;
use super::report::recorded;
use super::representation::{put_error_fields, put_not_modified_fields};
use super::unguarded::refuse_unevaluated_write;
use crate::hashing::canonical_json;
use crate::preconditions::MethodKind;
use crate::responses::{Problem, Untouched};
use crate::validators::ETag;

pub use ::actix_web;
/// The answer of either branch, one future.
pub use ::futures_util::future::Either as OneOf;

/// Fixes the output type of the handler's body, so that `?` inside it knows what to convert to.
pub fn typed<T, F: Future<Output = T>>(future: F) -> F {
    future
}

/// What a peel gives: the value inside, or the response already decided.
pub enum Peeled<T> {
    Value(T),
    Answered(HttpResponse),
}

/// The receiver of the peels, for the handler's output of type `T`.
pub struct Peel<T>(PhantomData<T>);

impl<T> Peel<T> {
    pub fn of(_value: &T) -> Self {
        Peel(PhantomData)
    }
}

pub trait PeelResult {
    type Inner;
    fn __etag_peel_result(self, request: &HttpRequest, options: &Options, value: Self::Inner) -> Peeled<Self::Inner>;
}
pub trait PeelErrResult {
    type Ok;
    type Inner;
    fn __etag_peel_result(self, request: &HttpRequest, options: &Options, value: Self::Inner) -> Peeled<Self::Ok>;
}
impl<T, E: Into<actix_web::Error>> PeelErrResult for &&Peel<Result<T, E>> {
    type Ok = T;
    type Inner = Result<T, E>;
    fn __etag_peel_result(self, request: &HttpRequest, options: &Options, value: Result<T, E>) -> Peeled<T> {
        match value {
            Ok(value) => Peeled::Value(value),
            Err(error) => Peeled::Answered(handler_failed(request, options, error)),
        }
    }
}
impl<T> PeelResult for &Peel<T> {
    type Inner = T;
    fn __etag_peel_result(self, _request: &HttpRequest, _options: &Options, value: T) -> Peeled<T> {
        Peeled::Value(value)
    }
}

pub trait PeelOptionSome {
    type Some;
    type Inner;
    fn __etag_peel_option(self, request: &HttpRequest, value: Self::Inner) -> Peeled<Self::Some>;
}
impl<T> PeelOptionSome for &&Peel<Option<T>> {
    type Some = T;
    type Inner = Option<T>;
    fn __etag_peel_option(self, request: &HttpRequest, value: Option<T>) -> Peeled<T> {
        value.map_or_else(|| Peeled::Answered(none_found(request)), Peeled::Value)
    }
}
pub trait PeelOption {
    type Inner;
    fn __etag_peel_option(self, request: &HttpRequest, value: Self::Inner) -> Peeled<Self::Inner>;
}
impl<T> PeelOption for &Peel<T> {
    type Inner = T;
    fn __etag_peel_option(self, _request: &HttpRequest, value: T) -> Peeled<T> {
        Peeled::Value(value)
    }
}

/// `(value, StatusCode)`: the value, where the status is 200; any other status is answered as actix answers the
/// tuple, untouched, since only a 200 is the representation a 304 or a 412 stands for (RFC 9110 §13.2.1,
/// §15.4.5).
pub trait PeelStatusResponder {
    type Value;
    type Inner;
    fn __etag_peel_status(self, request: &HttpRequest, value: Self::Inner) -> Peeled<Self::Value>;
}
impl<T: Responder> PeelStatusResponder for &&&Peel<(T, StatusCode)> {
    type Value = T;
    type Inner = (T, StatusCode);
    fn __etag_peel_status(self, request: &HttpRequest, (value, status): (T, StatusCode)) -> Peeled<T> {
        if status == StatusCode::OK {
            return Peeled::Value(value);
        }
        let response = (value, status).respond_to(request).map_into_boxed_body();
        Peeled::Answered(untouched(request, response, untouched_reason(status)))
    }
}
/// The same for a value that is not a `Responder` but is sent as JSON (a model, a serde value).
pub trait PeelStatusJson {
    type Value;
    type Inner;
    fn __etag_peel_status(self, request: &HttpRequest, value: Self::Inner) -> Peeled<Self::Value>;
}
impl<T: Serialize> PeelStatusJson for &&Peel<(T, StatusCode)> {
    type Value = T;
    type Inner = (T, StatusCode);
    fn __etag_peel_status(self, request: &HttpRequest, (value, status): (T, StatusCode)) -> Peeled<T> {
        if status == StatusCode::OK {
            return Peeled::Value(value);
        }
        let mut response = json_response(canonical_json(&value));
        if response.status().is_success() {
            *response.status_mut() = status;
        }
        Peeled::Answered(untouched(request, response, untouched_reason(status)))
    }
}
pub trait PeelStatus {
    type Inner;
    fn __etag_peel_status(self, request: &HttpRequest, value: Self::Inner) -> Peeled<Self::Inner>;
}
impl<T> PeelStatus for &Peel<T> {
    type Inner = T;
    fn __etag_peel_status(self, _request: &HttpRequest, value: T) -> Peeled<T> {
        Peeled::Value(value)
    }
}

/// Why a `(value, status)` answer was left as it was.
fn untouched_reason(status: StatusCode) -> Untouched {
    match status.is_success() {
        true => Untouched::NotOk,
        false => Untouched::NotSuccess,
    }
}

/// The two ways an output can go: both sides of an `Either`, or the value itself on the left and nothing on the
/// right. The generated code gives each branch the mode of its own type.
pub enum Branch<L, R> {
    Left(L),
    Right(R),
}

pub trait PeelEither {
    type Left;
    type Right;
    type Inner;
    fn __etag_peel_either(self, value: Self::Inner) -> Branch<Self::Left, Self::Right>;
}
impl<L, R> PeelEither for &&Peel<Either<L, R>> {
    type Left = L;
    type Right = R;
    type Inner = Either<L, R>;
    fn __etag_peel_either(self, value: Either<L, R>) -> Branch<L, R> {
        match value {
            Either::Left(left) => Branch::Left(left),
            Either::Right(right) => Branch::Right(right),
        }
    }
}
pub trait PeelOneBranch {
    type Inner;
    fn __etag_peel_either(self, value: Self::Inner) -> Branch<Self::Inner, Infallible>;
}
impl<T> PeelOneBranch for &Peel<T> {
    type Inner = T;
    fn __etag_peel_either(self, value: T) -> Branch<T, Infallible> {
        Branch::Left(value)
    }
}

/// actix's answer to `None` (a 404 with no body), as it is: not the representation, so untouched.
fn none_found(request: &HttpRequest) -> HttpResponse {
    untouched(request, actix_none(request), Untouched::NotSuccess)
}

/// The receiver of the mode probes, for the value of type `T`.
pub struct Probe<T>(PhantomData<T>);

impl<T> Probe<T> {
    pub fn of(_value: &T) -> Self {
        Probe(PhantomData)
    }
}

/// One trait per mode, each with the method `__etag_kind`, implemented at the mode's depth of `&`.
macro_rules! mode_kind {
    ($kind:ident -> $mode:ident: $($impl:tt)*) => {
        pub trait $kind {
            fn __etag_kind(self) -> $mode;
        }
        $($impl)* {
            fn __etag_kind(self) -> $mode {
                $mode
            }
        }
    };
}

mode_kind!(TaggedJsonKind -> TaggedJson: impl<T: ETag + Serialize> TaggedJsonKind for &&&&&&Probe<Json<T>>);
mode_kind!(NeverKind -> Never: impl NeverKind for &&&&&&Probe<Infallible>);
mode_kind!(HashedJsonKind -> HashedJsonValue: impl<T: Serialize> HashedJsonKind for &&&&&Probe<Json<T>>);
mode_kind!(DeferredKind -> Deferring: impl DeferredKind for &&&&Probe<Deferred>);
mode_kind!(TaggedResponderKind -> TaggedResponder: impl<T: ETag + Responder> TaggedResponderKind for &&&&Probe<T>);
mode_kind!(TaggedKind -> Tagged: impl<T: ETag + Serialize> TaggedKind for &&&Probe<T>);
mode_kind!(RenderedKind -> Rendered: impl<T: Responder> RenderedKind for &&Probe<T>);
mode_kind!(HashedKind -> Hashed: impl<T: Serialize> HashedKind for &Probe<T>);
mode_kind!(UnsupportedKind -> Unsupported: impl<T> UnsupportedKind for Probe<T>);

/// What is refused before the handler's body runs: a requester field that names no one for certain (400), and
/// a write whose precondition the handler takes no `Precondition` to evaluate (500, RFC 9110 §13.1.1).
#[inline]
pub fn refuse_before_running(request: &HttpRequest, options: &Options) -> Option<HttpResponse> {
    // Nearly every request: a read on a route that names no requester.
    if options.requester.is_none() && MethodKind::from(request.method()) != MethodKind::Other {
        return None;
    }
    if let Some(unreadable) = options.unreadable_requester(request) {
        return Some(Problem::from(unreadable).error_response());
    }
    refuse_unevaluated_write(request)
}

/// Every answer of a `#[conditional]` handler, on its way out: an error gets the route's Vary and, unless the
/// handler set one, `Cache-Control: no-store` (see `put_error_fields`).
#[inline]
pub fn finished(response: &mut HttpResponse, options: &Options) {
    put_error_fields(response, options);
}

/// The response to a handler's `Err`, sent as it is (RFC 9110 §13.2.1) and reported as such; a
/// [`Rejected`](crate::Rejected) the handler passed on was reported by its check already.
pub fn handler_failed(request: &HttpRequest, options: &Options, error: impl Into<actix_web::Error>) -> HttpResponse {
    let mut response = HttpResponse::from_error(error);
    // A 304 from the handler's own check (a `Rejected`, or the `Problem` of one) knows no route: the route's
    // fields.
    put_not_modified_fields(&mut response, options);
    if recorded(&response) {
        return response;
    }
    untouched(request, response, Untouched::HandlerError)
}
